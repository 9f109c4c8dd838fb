//! Measured amounts with a unit and what is measured: "2 pounds of meat", "500g of
//! strawberries", "3/4 cup", "between 2 and 7 g", "over four ounces of chocolate".
//! Metric masses are given in grams, as Duckling does.

use std::sync::LazyLock;

use regex::Regex;

use super::numeral;

/// A measured amount, or a range of them (one side open for "over", "less than").
#[derive(Debug, Clone, PartialEq)]
pub struct Measure {
    /// Byte start.
    pub start: usize,
    /// Byte end.
    pub end: usize,
    /// Lower bound (or the value, when `exact`).
    pub from: Option<f64>,
    /// Upper bound.
    pub to: Option<f64>,
    /// A single value, not a range.
    pub exact: bool,
    /// Unit name: gram, pound, ounce, cup, or unnamed.
    pub unit: String,
    /// What is measured ("meat"), when said with "of".
    pub product: Option<String>,
}

fn re(p: &str) -> Regex {
    Regex::new(p).unwrap_or_else(|e| panic!("bad built-in measure pattern {p}: {e}"))
}

/// (unit name, factor to that unit) of a unit word.
fn unit_of(w: &str) -> Option<(&'static str, f64)> {
    let w = w.trim_end_matches('.').replace('.', "");
    let u = match w.as_str() {
        "g" | "gs" | "gram" | "grams" | "gramme" | "grammes" | "gr" => ("gram", 1.0),
        "kg" | "kgs" | "kilo" | "kilos" | "kilogram" | "kilograms" | "kilogramme" => {
            ("gram", 1000.0)
        }
        "mg" | "mgs" | "milligram" | "milligrams" => ("gram", 0.001),
        "lb" | "lbs" | "pound" | "pounds" => ("pound", 1.0),
        "oz" | "ounce" | "ounces" => ("ounce", 1.0),
        "cup" | "cups" => ("cup", 1.0),
        _ => return None,
    };
    Some(u)
}

static UNIT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^\s*(?P<u>k\.g\.|kgs?|kilo(?:gram(?:me)?)?s?|mgs?|milligrams?|grams?|grammes?|gs|g|lbs?|pounds?|oz|ounces?|cups?)(?P<next>[a-z0-9])?(?:\s+of\s+(?P<p>[a-z]+))?",
    )
});

/// A numeral followed by a unit: (start, end, value in the unit, unit, product).
fn amounts(text: &str) -> Vec<(usize, usize, f64, &'static str, Option<String>)> {
    let mut out = Vec::new();
    let mut nums: Vec<(usize, usize, f64)> = numeral::numerals(text)
        .into_iter()
        .map(|n| (n.start, n.end, n.value))
        .collect();
    // "a kilogram"
    static A: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)\ban?\b"));
    for m in A.find_iter(text) {
        nums.push((m.start(), m.end(), 1.0));
    }
    for (start, end, value) in nums {
        let n = numeral::Numeral {
            start,
            end,
            value,
            figures: true,
            vague: false,
        };
        let Some(c) = UNIT.captures(&text[n.end..]) else {
            continue;
        };
        let (Some(all), Some(u)) = (c.get(0), c.name("u")) else {
            continue;
        };
        if c.name("next").is_some() {
            continue;
        }
        let Some((unit, factor)) = unit_of(&u.as_str().to_ascii_lowercase()) else {
            continue;
        };
        out.push((
            n.start,
            n.end + all.end(),
            n.value * factor,
            unit,
            c.name("p").map(|p| p.as_str().to_ascii_lowercase()),
        ));
    }
    out
}

/// [`measures`], and when `latent` is set also an amount said without a unit
/// ("around 4", "~ four"): a number read as an unnamed quantity, for text known to
/// hold one (a form's amount field).
pub fn measures_with(text: &str, latent: bool) -> Vec<Measure> {
    static APPROX: LazyLock<Regex> =
        LazyLock::new(|| re(r"(?i)(?:about|around|approximately|roughly|~)\s*$"));
    let mut found = measures(text);
    if !latent {
        return found;
    }
    let mut nums = numeral::numerals(text);
    nums.sort_by_key(|n| std::cmp::Reverse(n.end - n.start));
    for n in nums {
        if n.vague || found.iter().any(|m| n.start < m.end && m.start < n.end) {
            continue;
        }
        let start = APPROX.find(&text[..n.start]).map_or(n.start, |m| m.start());
        found.push(Measure {
            start,
            end: n.end,
            from: Some(n.value),
            to: None,
            exact: true,
            unit: "unnamed".into(),
            product: None,
        });
    }
    found.sort_by_key(|m| m.start);
    found
}

/// Every measured amount in `text`, longest first where they overlap, in text order.
pub fn measures(text: &str) -> Vec<Measure> {
    static BEFORE: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)(?P<q>at\s+least|more\s+than|over|exceeding|above|less\s+than|at\s+most|no\s+more\s+than|below|under|fewer\s+than|about|around|approximately|~)\s*$",
        )
    });
    let lower = text.to_ascii_lowercase();
    let mut found: Vec<Measure> = Vec::new();
    let nums = numeral::numerals(text);
    let am = amounts(text);
    for &(s, e, v, unit, ref product) in &am {
        // a qualifier before it
        let before = &lower[..s];
        let (start, from, to, exact) = match BEFORE.captures(before) {
            Some(c) => {
                let q = c.name("q").map(|m| m.as_str()).unwrap_or("");
                let st = c.get(0).map(|m| m.start()).unwrap_or(s);
                if ["at least", "more than", "over", "exceeding", "above"]
                    .iter()
                    .any(|x| q.starts_with(&x[..4]))
                {
                    (st, Some(v), None, false)
                } else if q.starts_with("about")
                    || q.starts_with("around")
                    || q.starts_with("approx")
                    || q == "~"
                {
                    (st, Some(v), None, true)
                } else {
                    (st, None, Some(v), false)
                }
            }
            None => (s, Some(v), None, true),
        };
        let (from, to) = if exact { (from, None) } else { (from, to) };
        found.push(Measure {
            start,
            end: e,
            from,
            to,
            exact,
            unit: unit.into(),
            product: product.clone(),
        });
    }
    // ranges: "100-1000 gram", "from 2 to 7 g", "between 0.002 kg and about 0.007 kg"
    static RANGE: LazyLock<Regex> = LazyLock::new(|| {
        re(r"(?i)^\s*(?:[a-z.]{1,5}\s*)?(?:-|–|to|and)\s*(?:about\s+|around\s+)?$")
    });
    for n in &nums {
        for &(s, e, v, unit, ref product) in &am {
            if s <= n.end {
                continue;
            }
            if !RANGE.is_match(&text[n.end..s]) {
                continue;
            }
            let lead = &lower[..n.start];
            let start = ["from ", "between ", "around ", "about "]
                .iter()
                .find(|p| lead.trim_end().ends_with(p.trim_end()))
                .map(|p| lead.trim_end().len() - p.trim_end().len())
                .unwrap_or(n.start);
            // the first number takes the unit of the second unless it has its own
            let first = am
                .iter()
                .find(|a| a.0 == n.start && a.1 <= s)
                .map(|a| a.2)
                .unwrap_or_else(|| n.value * unit_factor_like(unit, v, text, s, e));
            if first >= v {
                continue;
            }
            found.push(Measure {
                start,
                end: e,
                from: Some(first),
                to: Some(v),
                exact: false,
                unit: unit.into(),
                product: product.clone(),
            });
        }
    }
    found.sort_by(|a, b| {
        (b.end - b.start)
            .cmp(&(a.end - a.start))
            .then(a.start.cmp(&b.start))
    });
    let mut chosen: Vec<Measure> = Vec::new();
    for f in found {
        if !chosen.iter().any(|c| f.start < c.end && c.start < f.end) {
            chosen.push(f);
        }
    }
    chosen.sort_by_key(|c| c.start);
    chosen
}

/// The factor of the unit written after the second number (so "100-1000 kg" reads the
/// first as kilograms too).
fn unit_factor_like(_unit: &str, _v: f64, text: &str, s: usize, e: usize) -> f64 {
    let lower = text[s..e].to_ascii_lowercase();
    for n in numeral::numerals(&lower) {
        if n.start == 0 {
            if let Some(c) = UNIT.captures(&lower[n.end..]) {
                if let Some((_, f)) = c.name("u").and_then(|u| unit_of(u.as_str())) {
                    return f;
                }
            }
        }
    }
    1.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_products_and_ranges() {
        let m = measures("we bought 3 kg of flour");
        assert_eq!(m.len(), 1);
        assert_eq!(
            (m[0].from, m[0].unit.as_str(), m[0].product.as_deref()),
            (Some(3000.0), "gram", Some("flour"))
        );
        let m = measures("between 4 and 6 cups");
        assert_eq!(
            (m[0].from, m[0].to, m[0].unit.as_str()),
            (Some(4.0), Some(6.0), "cup")
        );
        let m = measures("less than 2 lbs");
        assert_eq!((m[0].from, m[0].to), (None, Some(2.0)));
        assert!(measures("3 people").is_empty());
    }

    #[test]
    fn latent_amounts_without_a_unit() {
        assert!(measures_with("roughly 12", false).is_empty());
        let m = measures_with("roughly 12", true);
        assert_eq!(
            (m.len(), m[0].start, m[0].from, m[0].unit.as_str()),
            (1, 0, Some(12.0), "unnamed")
        );
        // an amount with its unit stays as it was
        let m = measures_with("~ 7 cups", true);
        assert_eq!((m.len(), m[0].unit.as_str()), (1, "cup"));
    }
}
