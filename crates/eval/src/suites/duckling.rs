//! Duckling's English corpus (`duckling/cases.jsonl`): each case's text alone, read
//! with the case's reference time as the publication date; a case passes when exactly
//! one expression of its dim spans the whole text with the expected value and grain
//! (negative cases pass when none is found). Accuracy per dim; latent cases apart.

use std::collections::BTreeMap;
use std::path::Path;

use newsfuse_core::{Date, Grain, Qualifier, TimeRef, TimeValue};
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
}

fn grain_name(g: Grain) -> &'static str {
    match g {
        Grain::Minute => "minute",
        Grain::Hour => "hour",
        Grain::PartOfDay | Grain::Day => "day",
        Grain::Week => "week",
        Grain::Month => "month",
        Grain::Quarter | Grain::Season => "quarter",
        Grain::Year => "year",
        Grain::Decade => "year",
    }
}

/// The first instant of a time value, as Duckling writes its wall-clock part.
fn instant(v: &TimeValue) -> Option<String> {
    let y = v.year?;
    let m = v.month.unwrap_or(1);
    let d = v.day.unwrap_or(1);
    let h = v.hour.unwrap_or(0);
    let mi = v.minute.unwrap_or(0);
    Some(format!("{y:04}-{m:02}-{d:02}T{h:02}:{mi:02}:00"))
}

fn time_found(r: &TimeRef) -> Option<Found> {
    match r {
        TimeRef::Point { value } => Some(Found::Time(instant(value)?, grain_name(value.grain))),
        TimeRef::Since { value } => Some(Found::Interval(
            Some(instant(value)?),
            None,
            grain_name(value.grain),
        )),
        TimeRef::Until { value } => Some(Found::Interval(
            None,
            Some(instant(value)?),
            grain_name(value.grain),
        )),
        TimeRef::Duration { .. } | TimeRef::Relative { .. } | TimeRef::Unresolved => None,
    }
}

/// Drops the milliseconds and zone of Duckling's RFC 3339 value: the corpus is in one
/// fixed zone, so wall-clock times compare.
fn wall_clock(v: &Json) -> Option<String> {
    v.as_str().map(|s| s.chars().take(19).collect())
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

/// Everything of `dim` our stages find in `text`, with whether it spans all of it.
fn found(dim: &str, text: &str, published: Option<Date>) -> Vec<(bool, Option<Found>)> {
    let whole =
        |start: usize, end: usize| text[..start].trim().is_empty() && text[end..].trim().is_empty();
    match dim {
        "time" => newsfuse_extract::time::find_times(text, published)
            .into_iter()
            .map(|(sp, r)| (whole(sp.start(), sp.end()), time_found(&r)))
            .collect(),
        "numeral" | "quantity" => newsfuse_extract::quantity::find_quantities(text)
            .into_iter()
            .map(|(sp, q)| {
                let i = q.interval;
                let f = match (dim, q.qualifier) {
                    ("numeral", _) => i.point().map(|n| Found::Number(n as f64)),
                    (_, Qualifier::Exact | Qualifier::About | Qualifier::Nearly) => {
                        let mid = (i.min() + i.max().unwrap_or(i.min())) / 2;
                        Some(Found::Number(mid as f64))
                    }
                    (_, Qualifier::AtLeast | Qualifier::MoreThan) => {
                        Some(Found::Range(Some(i.min() as f64), None))
                    }
                    (_, Qualifier::AtMost | Qualifier::UpTo | Qualifier::FewerThan) => {
                        Some(Found::Range(None, i.max().map(|m| m as f64)))
                    }
                    (_, Qualifier::Between | Qualifier::Vague) => Some(Found::Range(
                        Some(i.min() as f64),
                        i.max().map(|m| m as f64),
                    )),
                };
                (whole(sp.start(), sp.end()), f)
            })
            .collect(),
        "duration" => newsfuse_extract::time::find_times(text, published)
            .into_iter()
            .filter_map(|(sp, r)| match r {
                TimeRef::Duration { amount, unit } => Some((
                    whole(sp.start(), sp.end()),
                    amount.map(|a| Found::Duration(f64::from(a), unit.as_str().to_string())),
                )),
                _ => None,
            })
            .collect(),
        // Ordinals have no stage yet: nothing is found.
        _ => Vec::new(),
    }
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
        let published = Date::parse_iso(&case.reference_time).ok();
        let got = found(&case.dim, &case.text, published);
        let pass = match &case.expected {
            None => got.is_empty(),
            Some(e) => match (expected_found(&case.dim, e), got.as_slice()) {
                (Some(want), [(true, Some(have))]) => close(&want, have),
                _ => false,
            },
        };
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
            "clock times and ordinals have no stage yet".into(),
        ],
    })
}
