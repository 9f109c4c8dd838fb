//! The Gun Violence Database (`gvdb/train.jsonl`): per-article accuracy of the facts
//! extraction gives for a shooting report, against the crowd annotation: people killed,
//! people injured (not killed), the city, and the incident date when the text anchors
//! it. No published end-to-end number exists; the README suggests these measures.
//!
//! A count is read from the article's `killed`/`wounded` facts: the largest exact figure
//! or lower bound; an article with no such fact counts 0. The city passes when the
//! place fact names it (any case); the date only when it is a full day.

use std::path::Path;

use newsfuse_core::{Attribute, Document, Value};
use serde::Deserialize;

use super::{read_jsonl, SuiteError};
use crate::score::{Accuracy, Report, Score};

#[derive(Deserialize)]
struct Article {
    id: String,
    text: String,
    incident: Incident,
    counts: Counts,
}

#[derive(Deserialize)]
struct Incident {
    date: Option<String>,
    city: Option<SpanText>,
}

#[derive(Deserialize)]
struct SpanText {
    text: String,
}

#[derive(Deserialize)]
struct Counts {
    killed: u64,
    injured: u64,
}

fn count(facts: &[newsfuse_core::Fact], attribute: Attribute) -> u64 {
    facts
        .iter()
        .filter(|f| f.attribute == attribute)
        .filter_map(|f| match &f.value {
            Value::Count { quantity } => {
                Some(quantity.interval.point().unwrap_or(quantity.interval.min()))
            }
            _ => None,
        })
        .max()
        .unwrap_or(0)
}

/// Scores extraction on every article of `path`.
pub fn run(path: &Path) -> Result<Report, SuiteError> {
    let articles: Vec<Article> = read_jsonl(path)?;
    let (mut killed, mut injured, mut city, mut date, mut all) = (
        Accuracy::default(),
        Accuracy::default(),
        Accuracy::default(),
        Accuracy::default(),
        Accuracy::default(),
    );
    for a in &articles {
        let doc = Document::bare(a.id.clone(), a.text.clone());
        let x = newsfuse_extract::extract(&doc);
        let k = count(&x.facts, Attribute::Killed) == a.counts.killed;
        let i = count(&x.facts, Attribute::Wounded) == a.counts.injured;
        killed.total += 1;
        killed.passed += u64::from(k);
        injured.total += 1;
        injured.passed += u64::from(i);
        all.total += 1;
        all.passed += u64::from(k && i);
        if let Some(gold_city) = &a.incident.city {
            let want = gold_city.text.trim().to_lowercase();
            let got = x.facts.iter().any(|f| match &f.value {
                Value::Place { place } if f.attribute == Attribute::Place => {
                    place.name.to_lowercase() == want
                }
                _ => false,
            });
            city.total += 1;
            city.passed += u64::from(got);
        }
        if let Some(gold_date) = &a.incident.date {
            let got = x.facts.iter().any(|f| match &f.value {
                Value::Time { time } if f.attribute == Attribute::Date => time.iso() == *gold_date,
                _ => false,
            });
            date.total += 1;
            date.passed += u64::from(got);
        }
    }
    Ok(Report {
        bench: "gvdb".into(),
        data: path.display().to_string(),
        overall: Score::Accuracy(all),
        per_class: vec![
            ("killed".into(), Score::Accuracy(killed)),
            ("injured".into(), Score::Accuracy(injured)),
            ("city".into(), Score::Accuracy(city)),
            ("date".into(), Score::Accuracy(date)),
        ],
        extra: vec![],
        notes: vec![
            format!(
                "{} articles; overall = killed and injured both exact",
                articles.len()
            ),
            "the articles carry no publication date, so relative dates stay unresolved".into(),
        ],
    })
}
