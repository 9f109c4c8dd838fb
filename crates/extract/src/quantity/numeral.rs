//! Numbers as written, in figures and in words, with their exact values (not counts):
//! "42", "-1.2M", "100K", "3,000,000", ".77", "point 77", "2/10", "forty-two",
//! "one hundred thousand", "seven hundred twenty-one thousand twelve", "two dozen",
//! "a couple of", "30 lakh", "three hundred crores"; and ordinals ("first", "25th",
//! "twenty-fifth", "seventy—third").
//!
//! [`numerals`] returns every numeral that starts at a word, longest reading per start
//! (so a longer numeral and the numbers inside it are both listed; callers keep the
//! longest). Spans are byte ranges into the text.

use std::sync::LazyLock;

use regex::Regex;

/// A numeral found in a text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Numeral {
    /// Byte start.
    pub start: usize,
    /// Byte end (exclusive).
    pub end: usize,
    /// The value.
    pub value: f64,
    /// Written in figures (not words).
    pub figures: bool,
    /// A vague word ("few", "a couple of") rather than an exact number.
    pub vague: bool,
}

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).unwrap_or_else(|e| panic!("bad built-in numeral pattern {pattern}: {e}"))
}

/// Figures: sign, digits with thousands commas or a decimal part, an optional
/// magnitude suffix (K, M, G) or a fraction ("2/10").
static FIGURES: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?P<neg>-\s*|minus\s+)?(?:(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)(?:/(?P<den>\d+))?)(?P<suf>k|m|g)?",
    )
});

/// Zero to nine, with the other words for nought. The word tables are
/// [`super::small_number`] and [`super::tens_number`], shared with the news reader.
fn unit_word(w: &str) -> Option<f64> {
    match w {
        "nought" | "naught" | "nil" | "none" => Some(0.0),
        _ => super::small_number(w).filter(|&v| v < 10).map(|v| v as f64),
    }
}

/// Ten to nineteen.
fn teen_word(w: &str) -> Option<f64> {
    super::small_number(w)
        .filter(|&v| v >= 10)
        .map(|v| v as f64)
}

/// Twenty to ninety, also the common misspelling "fourty".
fn tens_word(w: &str) -> Option<f64> {
    let w = if w == "fourty" { "forty" } else { w };
    super::tens_number(w).map(|v| v as f64)
}

/// Multipliers above a hundred: "thousand", "million", "lakh", "crore".
fn big_word(w: &str) -> Option<f64> {
    let v = match w.trim_end_matches('s') {
        "thousand" => 1e3,
        "million" => 1e6,
        "billion" => 1e9,
        "trillion" => 1e12,
        "lakh" | "lac" | "l" => 1e5,
        "crore" | "cr" | "koti" | "kr" => 1e7,
        _ => return None,
    };
    Some(v)
}

/// The value of an ordinal word below the tens ("third" → 3, "twelfth" → 12).
pub(crate) fn ordinal_value(w: &str) -> Option<u32> {
    ordinal_word(w)
        .filter(|&(_, tens)| !tens)
        .map(|(v, _)| v as u32)
}

fn ordinal_word(w: &str) -> Option<(f64, bool)> {
    // (value, is a tens ordinal like "twentieth")
    let v = match w {
        "first" => 1,
        "second" => 2,
        "third" => 3,
        "fourth" => 4,
        "fifth" => 5,
        "sixth" => 6,
        "seventh" => 7,
        "eighth" => 8,
        "ninth" => 9,
        "tenth" => 10,
        "eleventh" => 11,
        "twelfth" => 12,
        "thirteenth" => 13,
        "fourteenth" => 14,
        "fifteenth" => 15,
        "sixteenth" => 16,
        "seventeenth" => 17,
        "eighteenth" => 18,
        "nineteenth" => 19,
        "twentieth" => 20,
        "thirtieth" => 30,
        "fortieth" => 40,
        "fiftieth" => 50,
        "sixtieth" => 60,
        "seventieth" => 70,
        "eightieth" => 80,
        "ninetieth" => 90,
        "hundredth" => 100,
        _ => return None,
    };
    Some((f64::from(v), v >= 20 && v % 10 == 0))
}

/// The words of `text` from `at`: (start, end, lower-case word), split at spaces,
/// hyphens and dashes; punctuation ends the list.
fn words_from(text: &str, at: usize) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let mut i = at;
    let bytes = text.as_bytes();
    while i < text.len() {
        let rest = &text[i..];
        let Some(c) = rest.chars().next() else { break };
        if c.is_ascii_alphabetic() {
            let len = rest
                .find(|ch: char| !ch.is_ascii_alphabetic())
                .unwrap_or(rest.len());
            out.push((i, i + len, rest[..len].to_ascii_lowercase()));
            i += len;
            // separators between words
            let sep = text[i..]
                .find(|ch: char| !(ch == ' ' || ch == '-' || ch == '—' || ch == '–'))
                .unwrap_or(text.len() - i);
            if sep == 0 || i + sep >= text.len() {
                break;
            }
            i += sep;
            if !bytes[i].is_ascii_alphabetic() {
                break;
            }
        } else {
            break;
        }
    }
    out
}

/// Reads a number in words from the word list; returns (value, words used).
fn read_words(words: &[(usize, usize, String)]) -> Option<(f64, usize)> {
    let mut total = 0.0;
    let mut current: Option<f64> = None;
    let mut used = 0;
    let mut best: Option<(f64, usize)> = None;
    let mut last_kind = ""; // "unit", "teen", "tens", "hundred", "big"
    let mut i = 0;
    while i < words.len() {
        let w = words[i].2.as_str();
        if w == "and" && matches!(last_kind, "hundred" | "big") {
            i += 1;
            continue;
        }
        if let Some(v) = unit_word(w) {
            match last_kind {
                "" | "hundred" | "big" => current = Some(current.unwrap_or(0.0) + v),
                "tens" => current = Some(current.unwrap_or(0.0) + v),
                _ => break,
            }
            last_kind = "unit";
        } else if let Some(v) = teen_word(w) {
            match last_kind {
                "" | "hundred" | "big" => current = Some(current.unwrap_or(0.0) + v),
                // "nineteen ninety"-style pairs are not numbers here
                _ => break,
            }
            last_kind = "teen";
        } else if let Some(v) = tens_word(w) {
            match last_kind {
                "" | "hundred" | "big" => current = Some(current.unwrap_or(0.0) + v),
                // "one twenty two" = 122
                "unit" if words_used_single(current) => {
                    current = Some(current.unwrap_or(0.0) * 100.0 + v)
                }
                _ => break,
            }
            last_kind = "tens";
        } else if w == "hundred" || w == "hundreds" {
            if last_kind == "hundred" || last_kind == "big" && current.is_none() {
                break;
            }
            current = Some(current.unwrap_or(1.0) * 100.0);
            last_kind = "hundred";
        } else if let Some(m) = big_word(w) {
            if i == 0 && w.len() <= 2 {
                break;
            }
            total += current.unwrap_or(1.0) * m;
            current = None;
            last_kind = "big";
        } else if (w == "dozen" || w == "dozens") && last_kind != "big" {
            current = Some(current.unwrap_or(1.0) * 12.0);
            last_kind = "big";
        } else {
            break;
        }
        i += 1;
        used = i;
        best = Some((total + current.unwrap_or(0.0), used));
    }
    let _ = used;
    best
}

fn words_used_single(current: Option<f64>) -> bool {
    matches!(current, Some(v) if v < 10.0)
}

/// Every numeral in `text`, longest reading at each word start, in text order.
pub fn numerals(text: &str) -> Vec<Numeral> {
    ORIGINAL.with(|o| text.clone_into(&mut o.borrow_mut()));
    let lower = text.to_ascii_lowercase();
    let mut out = Vec::new();
    for (i, c) in lower.char_indices() {
        let prev = lower[..i].chars().next_back();
        let at_start = match prev {
            None => true,
            Some(p) => {
                !p.is_ascii_alphanumeric() && p != '.' && p != ','
                    || (p == '.'
                        && c.is_ascii_digit()
                        && !lower[..i - 1].ends_with(|ch: char| ch.is_ascii_digit()))
            }
        };
        if !(at_start || c == '-' || c == '.') {
            continue;
        }
        if let Some(mut n) = figures_at(&lower, i) {
            // "45 (forty five)": the same number in words, in brackets
            let rest = &lower[n.end..];
            if let Some(inner) = rest.strip_prefix(" (").or_else(|| rest.strip_prefix('(')) {
                let at = n.end + (rest.len() - inner.len());
                if let Some(w) = words_at(&lower, at) {
                    if w.value == n.value && lower[w.end..].starts_with(')') {
                        n.end = w.end + 1;
                    }
                }
            }
            out.push(n);
            continue;
        }
        if !c.is_ascii_alphabetic() || !at_start {
            continue;
        }
        if let Some(n) = words_at(&lower, i) {
            out.push(n);
        }
    }
    out
}

thread_local! {
    static ORIGINAL: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

fn original_upper(_lower: &str, at: usize) -> bool {
    ORIGINAL.with(|o| {
        o.borrow()
            .as_bytes()
            .get(at)
            .is_some_and(u8::is_ascii_uppercase)
    })
}

fn figures_at(lower: &str, i: usize) -> Option<Numeral> {
    let rest = &lower[i..];
    let c = FIGURES.captures(rest)?;
    let all = c.get(0)?;
    let num = c.name("num")?.as_str();
    // "-" must be a sign, not a range dash after a number.
    if c.name("neg").is_some()
        && lower[..i]
            .trim_end()
            .ends_with(|ch: char| ch.is_ascii_alphanumeric())
    {
        return None;
    }
    let mut value: f64 = num.replace(',', "").parse().ok()?;
    if let Some(den) = c.name("den") {
        let d: f64 = den.as_str().parse().ok()?;
        if d == 0.0 || num.contains(['.', ',']) {
            return None;
        }
        value /= d;
    }
    let mut end = i + all.end();
    // m and g are mega and giga only in capitals ("1.2M", but "2m", "500g" are units)
    let suffix = c
        .name("suf")
        .filter(|s| s.as_str() == "k" || original_upper(lower, s.start() + i));
    if c.name("suf").is_some() && suffix.is_none() {
        end -= 1;
    }
    if let Some(s) = suffix {
        // a suffix only when it ends the word ("100k", not "5kg" or "3m wide" ...)
        let after = &lower[end..];
        if after.starts_with(|ch: char| ch.is_ascii_alphanumeric()) {
            end -= s.as_str().len();
        } else {
            value *= match s.as_str() {
                "k" => 1e3,
                "m" => 1e6,
                _ => 1e9,
            };
        }
    }
    if lower[end..].starts_with(|ch: char| ch.is_ascii_digit()) {
        return None;
    }
    // "5 thousand", "30 lakh", "200 dozens", "1.2 million"
    let after = &lower[end..];
    let gap = after.len() - after.trim_start().len();
    if gap > 0 {
        let ws = words_from(lower, end + gap);
        if let Some((s, e, w)) = ws.first() {
            let _ = s;
            let m = if w == "dozen" || w == "dozens" {
                Some(12.0)
            } else if w == "hundred" {
                Some(100.0)
            } else {
                big_word(w)
            };
            if let Some(m) = m {
                value *= m;
                end = *e;
            }
        }
    }
    if c.name("neg").is_some() {
        value = -value;
    }
    Some(Numeral {
        start: i,
        end,
        value,
        figures: true,
        vague: false,
    })
}

fn words_at(lower: &str, i: usize) -> Option<Numeral> {
    let rest = &lower[i..];
    // vague and idiomatic counts
    static IDIOM: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"^(?:(?P<couple>a\s+couple(?:\s+of)?|a\s+pair(?:\s+of)?)|(?P<few>a\s+few|few)|(?P<dozen>a\s+dozen(?:\s+of)?)|point\s+(?P<point>\d+))\b",
        )
    });
    if let Some(c) = IDIOM.captures(rest) {
        let end = i + c.get(0)?.end();
        let (value, vague) = if c.name("couple").is_some() {
            (2.0, false)
        } else if c.name("few").is_some() {
            (3.0, true)
        } else if c.name("dozen").is_some() {
            (12.0, false)
        } else {
            let p = c.name("point")?.as_str();
            (format!("0.{p}").parse().ok()?, false)
        };
        return Some(Numeral {
            start: i,
            end,
            value,
            figures: false,
            vague,
        });
    }
    let (neg, from) = match rest.strip_prefix("minus ") {
        Some(_) => (true, i + "minus ".len()),
        None => (false, i),
    };
    let words = words_from(lower, from);
    let (mut value, used) = read_words(&words)?;
    let end = words[used - 1].1;
    if neg {
        value = -value;
    }
    Some(Numeral {
        start: i,
        end,
        value,
        figures: false,
        vague: false,
    })
}

/// An ordinal found in a text: (start, end, value).
pub fn ordinals(text: &str) -> Vec<(usize, usize, i64)> {
    static FIG: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)\b(\d+)\s*(?:st|nd|rd|th)\b"));
    let lower = text.to_ascii_lowercase();
    let mut out: Vec<(usize, usize, i64)> = Vec::new();
    for c in FIG.captures_iter(&lower) {
        if let (Some(all), Some(Ok(n))) = (c.get(0), c.get(1).map(|m| m.as_str().parse())) {
            out.push((all.start(), all.end(), n));
        }
    }
    for (i, ch) in lower.char_indices() {
        if !ch.is_ascii_alphabetic()
            || lower[..i]
                .chars()
                .next_back()
                .is_some_and(|p| p.is_ascii_alphabetic())
        {
            continue;
        }
        let words = words_from(&lower, i);
        let Some((s, e, w)) = words.first() else {
            continue;
        };
        if let Some((v, _)) = ordinal_word(w) {
            out.push((*s, *e, v as i64));
            continue;
        }
        // "twenty-fifth", "twenty fifth", "thirtyfirst"
        let (tens, rest_word, end_first) = match tens_word(w) {
            Some(t) => (t, words.get(1).map(|x| (x.2.clone(), x.2.clone(), x.1)), *e),
            None => {
                let Some(t) = [
                    "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
                ]
                .iter()
                .find(|t| w.starts_with(*t)) else {
                    continue;
                };
                let tail = w[t.len()..].to_string();
                match (tens_word(t), ordinal_word(&tail)) {
                    (Some(tv), Some((ov, false))) if ov < 10.0 => {
                        out.push((*s, *e, (tv + ov) as i64));
                    }
                    _ => {}
                }
                continue;
            }
        };
        let _ = end_first;
        if let Some((_, w2, e2)) = rest_word {
            if let Some((ov, false)) = ordinal_word(&w2) {
                if ov < 10.0 {
                    out.push((*s, e2, (tens + ov) as i64));
                }
            }
        }
    }
    out.sort_by_key(|o| (o.0, std::cmp::Reverse(o.1)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn longest(text: &str) -> Option<f64> {
        numerals(text)
            .into_iter()
            .filter(|n| n.start == 0 && n.end == text.len())
            .map(|n| n.value)
            .next()
    }

    #[test]
    fn figures_and_words() {
        assert_eq!(longest("17"), Some(17.0));
        assert_eq!(longest("2,500,000"), Some(2_500_000.0));
        assert_eq!(longest("3.5M"), Some(3_500_000.0));
        assert_eq!(longest("250k"), Some(250_000.0));
        assert_eq!(longest("-12"), Some(-12.0));
        assert_eq!(longest("fifty-seven"), Some(57.0));
        assert_eq!(longest("four hundred and six"), Some(406.0));
        assert_eq!(longest("nine thousand two hundred"), Some(9200.0));
        assert_eq!(longest("2.4 million"), Some(2_400_000.0));
        assert_eq!(longest("three dozen"), Some(36.0));
        assert_eq!(longest("3/4"), Some(0.75));
        assert_eq!(longest("hello"), None);
    }

    #[test]
    fn ordinal_forms() {
        let one = |t: &str| {
            ordinals(t)
                .into_iter()
                .find(|o| o.0 == 0 && o.1 == t.len())
                .map(|o| o.2)
        };
        assert_eq!(one("third"), Some(3));
        assert_eq!(one("61st"), Some(61));
        assert_eq!(one("sixty-first"), Some(61));
        assert_eq!(one("eightieth"), Some(80));
        assert_eq!(one("table"), None);
    }
}
