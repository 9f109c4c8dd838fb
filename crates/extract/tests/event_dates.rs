//! An incident's date when the report gives it relative to another event: "two days
//! after Sunday's election" is two days after that Sunday, not the Sunday; and "two weeks
//! before the attack" counts back from this report's attack, so its sentence is not an
//! earlier attack told in passing. The articles are written for these tests.

mod common;

use newsfuse_core::{Attribute, Date, Document, Value};

/// The incident date the extraction reads, as ISO 8601, for an article published on
/// Wednesday 12 March 2025.
fn incident_date(text: &str) -> Option<String> {
    let mut doc = Document::bare("t", text);
    doc.published = Some(Date::new(2025, 3, 12).expect("valid date"));
    let e = newsfuse_extract::extract(&doc);
    e.facts.iter().find_map(|f| match (&f.attribute, &f.value) {
        (Attribute::Date, Value::Time { time }) => Some(time.iso()),
        _ => None,
    })
}

#[test]
fn an_attack_two_days_after_a_dated_event_is_dated_from_it() {
    assert_eq!(
        incident_date(
            "Gunmen stormed a polling station in Kano two days after Sunday's election, \
             killing four people, police said."
        ),
        Some("2025-03-11".into())
    );
    assert_eq!(
        incident_date(
            "A bomb exploded at a market in Kano the day before Sunday's election, killing \
             six people."
        ),
        Some("2025-03-08".into())
    );
}

#[test]
fn an_attack_that_is_the_anchor_keeps_the_anchors_date() {
    assert_eq!(
        incident_date(
            "Two days after Saturday's bombing of a market in Kano, which killed 12 people, \
             police arrested three suspects."
        ),
        Some("2025-03-08".into())
    );
}

#[test]
fn a_plain_date_is_read_as_before() {
    assert_eq!(
        incident_date("Gunmen killed four people at a polling station in Kano on Sunday."),
        Some("2025-03-09".into())
    );
}

#[test]
fn weeks_before_this_attack_is_not_an_earlier_attack() {
    let mut doc = Document::bare(
        "t",
        "Gunmen attacked a hotel in Kano on Sunday, killing nine guests, police said. \
         The army had warned hotels two weeks before the attack that militants planned to \
         strike crowded venues.",
    );
    doc.published = Some(Date::new(2025, 3, 12).expect("valid date"));
    let e = newsfuse_extract::extract(&doc);
    let warnings = e
        .facts
        .iter()
        .filter(|f| f.attribute == Attribute::Warning)
        .count();
    assert_eq!(warnings, 1, "{:#?}", e.facts);
}

#[test]
fn an_attack_over_a_stretch_of_days_is_dated_by_its_first() {
    assert_eq!(
        incident_date(
            "Rebels attacked three villages near Kano between March 3 and 5, killing 12 \
             people, officials said."
        ),
        Some("2025-03-03".into())
    );
    assert_eq!(
        incident_date(
            "Rebels attacked three villages near Kano from 1 to 3 March, killing 12 people."
        ),
        Some("2025-03-01".into())
    );
}

#[test]
fn a_clock_time_after_before_or_after_keeps_the_attack_sentence() {
    // Published Wednesday 12 March 2025. "shortly after 9 p.m." once read as a stretch
    // of time ("since 9 p.m.") marked the lead sentence as background, and the report
    // gave no incident at all.
    let e = common::extract_on(
        "DAYTON, Ohio — A gunman opened fire at a bar shortly after 9 p.m., killing two \
         people, police said.",
        (2025, 3, 12),
    );
    assert!(
        e.facts.iter().any(|f| f.attribute == Attribute::Killed),
        "{e:#?}"
    );
    // Nor does "until 3 a.m. Thursday" (a bound of hours, not a stretch the sentence
    // sums up); "had shot two people dead" is a shooting.
    for text in [
        "A gunman held four people hostage in a bank until 3 a.m. Thursday, killing one of \
         them, police said.",
        "Police were called to a bar after 2 a.m., where a man had shot two people dead.",
    ] {
        let e = common::extract_on(text, (2025, 3, 12));
        assert!(
            e.facts.iter().any(|f| f.attribute == Attribute::Killed),
            "{text}: {e:#?}"
        );
    }
    // Shortly before midnight on a day is late that day, not the next.
    assert_eq!(
        incident_date(
            "A gunman opened fire at a house party on Monday, shortly before midnight, \
             killing two people, police said."
        ),
        Some("2025-03-10".into())
    );
    assert_eq!(
        incident_date(
            "A gunman opened fire at a house party shortly before midnight on March 9, \
             killing two people, police said."
        ),
        Some("2025-03-09".into())
    );
    // The night of Dec. 31 into the new year is no other year's.
    let e = common::extract_on(
        "A gunman opened fire at a house party on Wednesday, shortly before midnight, \
         killing two people, police said.",
        (2026, 1, 2),
    );
    assert_eq!(common::dates(&e), ["2025-12-31"]);
}
