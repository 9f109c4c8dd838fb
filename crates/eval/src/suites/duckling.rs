//! Duckling's English corpus (`duckling/cases.jsonl`): each case's text alone, read
//! with the case's reference time as the publication date; a case passes when exactly
//! one expression of its dim spans the whole text with the expected value and grain
//! (negative cases pass when none is found). Accuracy per dim; latent cases apart.

use std::collections::BTreeMap;
use std::path::Path;

use newsfuse_extract::time::forward::FValue;
use serde::Deserialize;
use serde_json::Value as Json;

use super::{read_jsonl, SuiteError};
use crate::score::{Accuracy, Report, Score};

#[derive(Deserialize)]
struct Case {
    dim: String,
    text: String,
    expected: Option<Json>,
    reference_time: String,
    #[serde(default)]
    latent: bool,
    #[serde(default)]
    section: String,
}

/// What we found for a case, in Duckling's terms.
#[derive(Debug, PartialEq)]
enum Found {
    /// A single instant at a grain: (`YYYY-MM-DDThh:mm:ss`, grain).
    Time(String, &'static str),
    /// An open or closed interval of instants at a grain.
    Interval(Option<String>, Option<String>, &'static str),
    /// A number.
    Number(f64),
    /// A number range (quantity with a qualifier).
    Range(Option<f64>, Option<f64>),
    /// A duration: amount and unit.
    Duration(f64, String),
    /// A measured amount: value, unit, product.
    Quantity(f64, String, Option<String>),
    /// A range of measured amounts: from, to, unit, product.
    QuantityRange(Option<f64>, Option<f64>, String, Option<String>),
}

/// Drops the milliseconds and zone of Duckling's RFC 3339 value: the corpus is in one
/// fixed zone, so wall-clock times compare.
fn wall_clock(v: &Json) -> Option<String> {
    // "2013-02-12T04:30:00.000-02:00" and "-2014-01-01T00:00:00.000-02:00" alike: the
    // part before the milliseconds (a fixed 19 characters would cut a negative year)
    let s = v.as_str()?;
    Some(s.split('.').next().unwrap_or(s).to_string())
}

fn expected_found(dim: &str, e: &Json) -> Option<Found> {
    let ty = e.get("type")?.as_str()?;
    if dim == "time" {
        if ty == "value" {
            let grain = e.get("grain")?.as_str()?;
            return Some(Found::Time(
                wall_clock(e.get("value")?)?,
                static_grain(grain),
            ));
        }
        let from = e.get("from");
        let to = e.get("to");
        let grain = from.or(to)?.get("grain")?.as_str()?;
        return Some(Found::Interval(
            from.and_then(|f| wall_clock(f.get("value")?)),
            to.and_then(|t| wall_clock(t.get("value")?)),
            static_grain(grain),
        ));
    }
    if dim == "duration" {
        let unit = e.get("unit")?.as_str()?.to_string();
        return Some(Found::Duration(e.get("value")?.as_f64()?, unit));
    }
    if dim == "quantity" {
        let unit = |x: &Json| x.get("unit").and_then(Json::as_str).map(str::to_string);
        let product = |x: &Json| x.get("product").and_then(Json::as_str).map(str::to_string);
        if ty == "interval" {
            let side = e.get("from").or(e.get("to"))?;
            return Some(Found::QuantityRange(
                e.get("from")
                    .and_then(|f| f.get("value"))
                    .and_then(Json::as_f64),
                e.get("to")
                    .and_then(|t| t.get("value"))
                    .and_then(Json::as_f64),
                unit(side)?,
                product(side),
            ));
        }
        return Some(Found::Quantity(
            e.get("value")?.as_f64()?,
            unit(e)?,
            product(e),
        ));
    }
    if ty == "interval" {
        let from = e
            .get("from")
            .and_then(|f| f.get("value"))
            .and_then(Json::as_f64);
        let to = e
            .get("to")
            .and_then(|t| t.get("value"))
            .and_then(Json::as_f64);
        return Some(Found::Range(from, to));
    }
    e.get("value")?.as_f64().map(Found::Number)
}

fn static_grain(g: &str) -> &'static str {
    match g {
        "second" => "second",
        "minute" => "minute",
        "hour" => "hour",
        "day" => "day",
        "week" => "week",
        "month" => "month",
        "quarter" => "quarter",
        "year" => "year",
        _ => "other",
    }
}

/// The reference instant of a case, in its own wall-clock zone
/// (`2013-02-12T04:30:00-02:00` → that wall-clock time; the zone is Duckling's, fixed).
fn reference_instant(s: &str) -> Option<i64> {
    let num = |a: usize, b: usize| s.get(a..b).and_then(|x| x.parse::<u32>().ok());
    let y: i32 = s.get(0..4)?.parse().ok()?;
    newsfuse_extract::time::forward::instant(
        y,
        num(5, 7)?,
        num(8, 10)?,
        num(11, 13).unwrap_or(0),
        num(14, 16).unwrap_or(0),
        num(17, 19).unwrap_or(0),
    )
}

fn forward_found(v: &FValue) -> Found {
    use newsfuse_extract::time::forward::wall_clock;
    match *v {
        FValue::Value { at, grain } => Found::Time(wall_clock(at), grain.as_str()),
        FValue::Interval { from, to, grain } => {
            Found::Interval(from.map(wall_clock), to.map(wall_clock), grain.as_str())
        }
    }
}

/// Everything of `dim` our stages find in `text`, with whether it spans all of it.
/// `latent`: the case is from Duckling's latent corpus, read with latent readings on
/// (as Duckling's own tests read it).
fn found(dim: &str, text: &str, reference: &str, latent: bool) -> Vec<(bool, Option<Found>)> {
    use newsfuse_extract::quantity::{measure, numeral};
    use newsfuse_extract::time::forward;
    let whole =
        |start: usize, end: usize| text[..start].trim().is_empty() && text[end..].trim().is_empty();
    let now = reference_instant(reference);
    match dim {
        "time" => now
            .map(|now| forward::parse_with(text, now, latent).times)
            .unwrap_or_default()
            .into_iter()
            .map(|f| (whole(f.start, f.end), Some(forward_found(&f.value))))
            .collect(),
        "numeral" => longest(
            numeral::numerals(text)
                .into_iter()
                .map(|n| (n.start, n.end, Found::Number(n.value)))
                .collect(),
        )
        .into_iter()
        .map(|(s, e, f)| (whole(s, e), Some(f)))
        .collect(),
        "ordinal" => longest(
            numeral::ordinals(text)
                .into_iter()
                .map(|(s, e, v)| (s, e, Found::Number(v as f64)))
                .collect(),
        )
        .into_iter()
        .map(|(s, e, f)| (whole(s, e), Some(f)))
        .collect(),
        "quantity" => measure::measures_with(text, latent)
            .into_iter()
            .map(|m| {
                let f = if m.exact {
                    m.from
                        .map(|v| Found::Quantity(v, m.unit.clone(), m.product.clone()))
                } else {
                    Some(Found::QuantityRange(
                        m.from,
                        m.to,
                        m.unit.clone(),
                        m.product.clone(),
                    ))
                };
                (whole(m.start, m.end), f)
            })
            .collect(),
        "duration" => now
            .map(|now| forward::parse(text, now).durations)
            .unwrap_or_default()
            .into_iter()
            .map(|(s, e, d)| {
                (
                    whole(s, e),
                    Some(Found::Duration(d.value, d.unit.as_str().to_string())),
                )
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// The longest of overlapping results.
fn longest(mut v: Vec<(usize, usize, Found)>) -> Vec<(usize, usize, Found)> {
    v.sort_by(|a, b| (b.1 - b.0).cmp(&(a.1 - a.0)).then(a.0.cmp(&b.0)));
    let mut out: Vec<(usize, usize, Found)> = Vec::new();
    for x in v {
        if !out.iter().any(|c| x.0 < c.1 && c.0 < x.1) {
            out.push(x);
        }
    }
    out.sort_by_key(|c| c.0);
    out
}

fn close(a: &Found, b: &Found) -> bool {
    let eq = |x: f64, y: f64| (x - y).abs() < 1e-9;
    let eq_opt = |x: Option<f64>, y: Option<f64>| match (x, y) {
        (Some(x), Some(y)) => eq(x, y),
        (None, None) => true,
        _ => false,
    };
    match (a, b) {
        (Found::Number(x), Found::Number(y)) => eq(*x, *y),
        (Found::Range(a1, a2), Found::Range(b1, b2)) => eq_opt(*a1, *b1) && eq_opt(*a2, *b2),
        (Found::Duration(x, u), Found::Duration(y, v)) => eq(*x, *y) && u == v,
        (Found::Quantity(x, u, p), Found::Quantity(y, v, q)) => eq(*x, *y) && u == v && p == q,
        (Found::QuantityRange(a1, a2, u, p), Found::QuantityRange(b1, b2, v, q)) => {
            eq_opt(*a1, *b1) && eq_opt(*a2, *b2) && u == v && p == q
        }
        _ => a == b,
    }
}

/// Scores every case of `path`.
pub fn run(path: &Path) -> Result<Report, SuiteError> {
    let cases: Vec<Case> = read_jsonl(path)?;
    let mut per_dim: BTreeMap<String, Accuracy> = BTreeMap::new();
    let mut per_section: BTreeMap<String, Accuracy> = BTreeMap::new();
    let mut latent = Accuracy::default();
    let mut overall = Accuracy::default();
    for case in &cases {
        let got = found(&case.dim, &case.text, &case.reference_time, case.latent);
        let pass = match &case.expected {
            None => got.is_empty(),
            Some(e) => match (expected_found(&case.dim, e), got.as_slice()) {
                (Some(want), [(true, Some(have))]) => close(&want, have),
                _ => false,
            },
        };
        if !pass && std::env::var_os("NEWSFUSE_DUCKLING_FAILURES").is_some() {
            eprintln!(
                "FAIL {}\t{:?}\twant {:?}\tgot {:?}",
                case.dim,
                case.text,
                case.expected
                    .as_ref()
                    .and_then(|e| expected_found(&case.dim, e)),
                got
            );
        }
        let acc = per_dim.entry(case.dim.clone()).or_default();
        acc.total += 1;
        acc.passed += u64::from(pass);
        let sec = per_section
            .entry(format!("{}/{}", case.dim, case.section))
            .or_default();
        sec.total += 1;
        sec.passed += u64::from(pass);
        if case.latent {
            latent.total += 1;
            latent.passed += u64::from(pass);
        } else {
            overall.total += 1;
            overall.passed += u64::from(pass);
        }
    }
    let mut extra: Vec<(String, Score)> = per_section
        .into_iter()
        .map(|(k, v)| (k, Score::Accuracy(v)))
        .collect();
    extra.push(("latent".into(), Score::Accuracy(latent)));
    Ok(Report {
        bench: "duckling".into(),
        data: path.display().to_string(),
        overall: Score::Accuracy(overall),
        per_class: per_dim
            .into_iter()
            .map(|(k, v)| (k, Score::Accuracy(v)))
            .collect(),
        extra,
        notes: vec![
            "overall excludes latent cases (reported apart); exact value + grain".into(),
            "time and duration: time::forward (read forward from the reference instant); numeral and ordinal: quantity::numeral; quantity: quantity::measure (unit and product compared)".into(),
        ],
    })
}
