//! TempEval-3 Task A on TimeBank + AQUAINT (`timebank/tbaq.jsonl`): our temporal
//! expressions against the gold TIMEX3s, with each document's creation time as the
//! publication date. Strict and relaxed span P/R/F1, and value F1 (the headline).

use std::path::Path;

use newsfuse_core::{Date, Grain, TimeRef, TimeValue};
use serde::Deserialize;

use super::{read_jsonl, SuiteError};
use crate::score::{Report, Score};
use crate::timex::{self, Timex};

#[derive(Deserialize)]
struct Doc {
    /// "TimeBank" or "AQUAINT": the half of TBAQ the document comes from.
    #[serde(default)]
    corpus: String,
    #[serde(default)]
    doc_id: String,
    dct: String,
    text: String,
    timexes: Vec<GoldTimex>,
}

#[derive(Deserialize)]
struct GoldTimex {
    start: usize,
    end: usize,
    value: String,
}

/// A time value written the TimeML way: `1998-01-08`, `1998-01`, `1998`, `199` for
/// the 1990s, `1998-W02`, `1998-SU`, `1998-H2`; a year-less day as `XXXX-01-08`, a
/// weekday of any week ("each Thursday") as `XXXX-WXX-4`.
pub fn timeml_value(v: &TimeValue) -> String {
    match (v.year, v.grain) {
        (Some(y), Grain::Decade) => format!("{:03}", y.div_euclid(10)),
        (None, _) if v.weekday.is_some() => v.iso().replacen("-W-", "XXXX-WXX-", 1),
        (None, _) => v.iso().replacen("--", "XXXX-", 1),
        // TimeML writes an hour as hh:mm.
        (_, Grain::Hour) => format!("{}:00", v.iso()),
        _ => v.iso(),
    }
}

/// Byte offset → code-point offset, for a text.
fn char_offsets(text: &str) -> Vec<usize> {
    let mut map = vec![0; text.len() + 1];
    let mut chars = 0;
    for (i, c) in text.char_indices() {
        for k in 0..c.len_utf8() {
            map[i + k] = chars;
        }
        chars += 1;
    }
    map[text.len()] = chars;
    map
}

/// The text of code points `start..end` of `text`, with `ctx` code points around it,
/// on one line.
fn context(text: &str, start: usize, end: usize, ctx: usize) -> String {
    let chars: Vec<char> = text.chars().collect();
    let from = start.saturating_sub(ctx);
    let to = (end + ctx).min(chars.len());
    let piece = |a: usize, b: usize| -> String {
        chars[a.min(chars.len())..b.min(chars.len())]
            .iter()
            .map(|&c| if c == '\n' { ' ' } else { c })
            .collect()
    };
    format!(
        "{}[{}]{}",
        piece(from, start),
        piece(start, end),
        piece(end, to)
    )
}

/// Prints, for error analysis (`NEWSFUSE_TIMEBANK_FAILURES=1`), one line per missed gold
/// expression (`MISS`), spurious prediction (`SPUR`), value mismatch (`VAL`) and span
/// mismatch with the right value (`SPAN`), with the document's creation time, context
/// and, last, the document's id. With `NEWSFUSE_TIMEBANK_FAILURES=all` it prints the
/// exact right predictions too (`OK`), so that a reading's accuracy can be counted.
fn print_failures(doc: &Doc, gold: &[Timex], predicted: &[Timex], all: bool) {
    let overlaps = |a: &Timex, b: &Timex| a.start < b.end && b.start < a.end;
    let text = &doc.text;
    let slice = |t: &Timex| context(text, t.start, t.end, 0);
    for g in gold {
        let hits: Vec<&Timex> = predicted.iter().filter(|p| overlaps(g, p)).collect();
        let show = context(text, g.start, g.end, 40);
        match hits.first() {
            None => println!(
                "MISS\t{}\t{}\t{}\t{}\t{}",
                doc.dct,
                g.value,
                slice(g),
                show,
                doc.doc_id
            ),
            Some(_) if hits.iter().any(|p| p.value == g.value) => {
                let exact = hits.iter().any(|p| p.start == g.start && p.end == g.end);
                if all && exact {
                    println!(
                        "OK\t{}\t{}\t{}\t{}\t{}",
                        doc.dct,
                        g.value,
                        slice(g),
                        show,
                        doc.doc_id
                    );
                }
                if !exact {
                    let p = hits[0];
                    println!(
                        "SPAN\t{}\t{}\t{} | {}\t{}\t{}",
                        doc.dct,
                        g.value,
                        slice(g),
                        slice(p),
                        show,
                        doc.doc_id
                    );
                }
            }
            Some(p) => println!(
                "VAL\t{}\t{} | {}\t{} | {}\t{}\t{}",
                doc.dct,
                g.value,
                p.value,
                slice(g),
                slice(p),
                show,
                doc.doc_id
            ),
        }
    }
    for p in predicted {
        if !gold.iter().any(|g| overlaps(g, p)) {
            let show = context(text, p.start, p.end, 40);
            println!(
                "SPUR\t{}\t{}\t{}\t{}\t{}",
                doc.dct,
                p.value,
                slice(p),
                show,
                doc.doc_id
            );
        }
    }
}

/// Scores `find_times` on every document of `path`.
pub fn run(path: &Path) -> Result<Report, SuiteError> {
    let docs: Vec<Doc> = read_jsonl(path)?;
    let dump = std::env::var_os("NEWSFUSE_TIMEBANK_FAILURES").filter(|v| v != "0");
    let all = dump.as_ref().is_some_and(|v| v == "all");
    let mut pairs = Vec::with_capacity(docs.len());
    for doc in &docs {
        let dct = Date::parse_iso(&doc.dct).ok();
        let to_char = char_offsets(&doc.text);
        let predicted: Vec<Timex> = newsfuse_extract::time::find_times(&doc.text, dct)
            .into_iter()
            .map(|(span, r)| {
                let value = match r {
                    TimeRef::Point { value } => timeml_value(&value),
                    // TimeML tags the time inside "since 2021", not the signal word.
                    TimeRef::Since { value } | TimeRef::Until { value } => timeml_value(&value),
                    TimeRef::Duration { amount, unit, half } => unit.iso_with_half(amount, half),
                    // TimeML values a set by its day ("XXXX-WXX-4") or else its period.
                    TimeRef::Set { on: Some(v), .. } => timeml_value(&v),
                    TimeRef::Set { every, .. } => every.iso(Some(1)),
                    TimeRef::Relative { point } => point.timeml().to_string(),
                    TimeRef::Unresolved => "XXXX-XX-XX".to_string(),
                };
                let mut start = span.start();
                if matches!(r, TimeRef::Since { .. } | TimeRef::Until { .. }) {
                    let covered = &doc.text[span.start()..span.end()];
                    if let Some(sp) = covered.find(char::is_whitespace) {
                        start += sp + 1;
                    }
                }
                Timex {
                    start: to_char[start],
                    end: to_char[span.end()],
                    value,
                }
            })
            .collect();
        let gold: Vec<Timex> = doc
            .timexes
            .iter()
            .map(|t| Timex {
                start: t.start,
                end: t.end,
                value: t.value.clone(),
            })
            .collect();
        if dump.is_some() {
            print_failures(doc, &gold, &predicted, all);
        }
        pairs.push((gold, predicted));
    }
    let scores = timex::score(&pairs);
    // Value F1 on each half, so that a rule is seen to hold on both.
    let half = |name: &str| {
        let part: Vec<(Vec<Timex>, Vec<Timex>)> = docs
            .iter()
            .zip(&pairs)
            .filter(|(d, _)| d.corpus == name)
            .map(|(_, p)| p.clone())
            .collect();
        timex::score(&part).value
    };
    let halves: Vec<(String, Score)> = ["TimeBank", "AQUAINT"]
        .iter()
        .filter(|name| docs.iter().any(|d| d.corpus == **name))
        .map(|name| {
            (
                format!("value_{}", name.to_ascii_lowercase()),
                Score::Prf(half(name)),
            )
        })
        .collect();
    Ok(Report {
        bench: "timebank".into(),
        data: path.display().to_string(),
        overall: Score::Prf(scores.value),
        per_class: vec![
            ("strict_span".into(), Score::Prf(scores.strict)),
            ("relaxed_span".into(), Score::Prf(scores.relaxed)),
            ("value".into(), Score::Prf(scores.value)),
        ]
        .into_iter()
        .chain(halves)
        .collect(),
        extra: vec![],
        notes: vec![format!(
            "{} documents; TempEval-3 Task A: overall = value F1 over relaxed-matched pairs",
            docs.len()
        )],
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use newsfuse_core::DayPart;

    #[test]
    fn timeml_values_of_halves_and_weekdays_of_every_week() {
        assert_eq!(timeml_value(&TimeValue::half(1989, 2)), "1989-H2");
        assert_eq!(timeml_value(&TimeValue::half(1990, 1)), "1990-H1");
        assert_eq!(
            timeml_value(&TimeValue::every_weekday(4, None)),
            "XXXX-WXX-4"
        );
        assert_eq!(
            timeml_value(&TimeValue::every_weekday(1, Some(DayPart::Night))),
            "XXXX-WXX-1TNI"
        );
        assert_eq!(
            timeml_value(&TimeValue::day_without_year(3, 22)),
            "XXXX-03-22"
        );
        assert_eq!(timeml_value(&TimeValue::month(None, 7)), "XXXX-07");
    }
}
