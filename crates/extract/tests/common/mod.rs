//! Helpers shared by the extraction tests that read facts off an `Extraction`.
// Each test file uses the helpers it needs.
#![allow(dead_code)]

use newsfuse_core::{Attribute, Date, Document, Extraction, Fact, Value};

/// The extraction of `text` published on `(year, month, day)`.
pub fn extract_on(text: &str, (year, month, day): (i32, u32, u32)) -> Extraction {
    let mut doc = Document::bare("t", text);
    doc.published = Some(Date::new(year, month, day).expect("valid date"));
    newsfuse_extract::extract(&doc)
}

/// The main incident's counts of `attribute`, as (low, high).
pub fn counts(e: &Extraction, attribute: Attribute) -> Vec<(u64, Option<u64>)> {
    e.facts
        .iter()
        .filter_map(|f| match &f.value {
            Value::Count { quantity } if f.attribute == attribute => {
                Some((quantity.interval.min(), quantity.interval.max()))
            }
            _ => None,
        })
        .collect()
}

/// The first fact of `attribute`; panics when there is none.
pub fn first(e: &Extraction, attribute: Attribute) -> &Fact {
    e.facts
        .iter()
        .find(|f| f.attribute == attribute)
        .unwrap_or_else(|| panic!("no {attribute:?} fact in {e:#?}"))
}

/// The text values of the facts of `attribute`.
pub fn texts(e: &Extraction, attribute: Attribute) -> Vec<String> {
    e.facts
        .iter()
        .filter_map(|f| match &f.value {
            Value::Text { text } if f.attribute == attribute => Some(text.clone()),
            _ => None,
        })
        .collect()
}

/// Who claims the attack, claim by claim.
pub fn claimants(e: &Extraction) -> Vec<String> {
    e.facts
        .iter()
        .filter(|f| f.attribute == Attribute::Claim)
        .filter_map(|f| match &f.value {
            Value::Stance { stance } => stance.by.clone(),
            _ => None,
        })
        .collect()
}

/// Who denies the attack, denial by denial.
pub fn deniers(e: &Extraction) -> Vec<Option<String>> {
    e.facts
        .iter()
        .filter(|f| f.attribute == Attribute::Denial)
        .filter_map(|f| match &f.value {
            Value::Stance { stance } => Some(stance.by.clone()),
            _ => None,
        })
        .collect()
}

/// The main incident's dates, as ISO strings.
pub fn dates(e: &Extraction) -> Vec<String> {
    e.facts
        .iter()
        .filter(|f| f.attribute == Attribute::Date)
        .filter_map(|f| match &f.value {
            Value::Time { time } => Some(time.iso()),
            _ => None,
        })
        .collect()
}
