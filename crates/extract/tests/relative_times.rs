//! Times given relative to the article's own attack ("three days after the blast") are
//! kept with the facts they date, unresolved, for fusion to count from the incident's
//! date. The sentences are written for these tests (fictional events).

use newsfuse_core::{Attribute, Date, Direction, Document, DurationUnit, Extraction};

fn extract(text: &str) -> Extraction {
    let mut doc = Document::bare("t", text);
    doc.published = Some(Date::new(2026, 4, 20).expect("valid date"));
    newsfuse_extract::extract(&doc)
}

/// Per kept time: its sentence, the words of its phrase, amount, unit, direction and
/// the attributes it dates.
type Kept = (
    u32,
    String,
    Option<u32>,
    DurationUnit,
    Direction,
    Vec<Attribute>,
);

fn kept(text: &str, e: &Extraction) -> Vec<Kept> {
    e.relative_times
        .iter()
        .map(|t| {
            (
                t.sentence,
                t.time.span.slice(text).unwrap_or("").to_string(),
                t.time.offset.amount,
                t.time.offset.unit,
                t.time.offset.direction,
                t.attributes.clone(),
            )
        })
        .collect()
}

#[test]
fn a_toll_and_an_arrest_dated_from_an_undated_attack_are_kept_relative() {
    let text = "A suicide bomber struck a crowded bus depot in Jos, Nigeria, police said. \
                Three days after the blast, the death toll rose to 14, a hospital director said. \
                Police arrested four suspects a week after the bombing.";
    let e = extract(text);
    assert_eq!(
        kept(text, &e),
        vec![
            (
                1,
                "Three days after the blast".to_string(),
                Some(3),
                DurationUnit::Day,
                Direction::After,
                vec![Attribute::Killed],
            ),
            (
                2,
                "a week after the bombing".to_string(),
                Some(1),
                DurationUnit::Week,
                Direction::After,
                vec![Attribute::Arrest],
            ),
        ],
        "{:#?}",
        e.facts
    );
    // The incident's date is not guessed from the publication date.
    assert!(
        !e.facts.iter().any(|f| f.attribute == Attribute::Date),
        "{:#?}",
        e.facts
    );
    // The facts it dates are the sentence's own.
    let toll = e
        .facts
        .iter()
        .find(|f| f.attribute == Attribute::Killed)
        .expect("a toll");
    assert_eq!(e.relative_time_of(toll).map(|t| t.sentence), Some(1));
}

#[test]
fn times_counted_from_another_event_are_not_kept() {
    // The anchor is an election, and "a bombing" is not this article's attack.
    let text =
        "Gunmen attacked a polling station in Makurdi, Nigeria, killing 5 people, police said. \
                Two days after the election, officials said 7 people had died. \
                A day after a bombing in Lafia, the governor said security would be tightened.";
    let e = extract(text);
    let found = newsfuse_extract::time::find_event_relative(text, &e.times);
    let anchors: Vec<&str> = found
        .iter()
        .map(|r| r.anchor.slice(text).unwrap_or(""))
        .collect();
    assert_eq!(anchors, ["the election", "a bombing"]);
    assert_eq!(
        kept(text, &e),
        Vec::<Kept>::new(),
        "{:#?}",
        e.relative_times
    );
}

#[test]
fn an_attack_reported_as_after_another_one_keeps_nothing_for_its_toll() {
    // The lead reports the attack, two days after an earlier bombing: its toll is the
    // attack's own. A later sentence that dates a toll update from the attack is kept.
    let text = "Gunmen stormed a village near Gboko, Nigeria, two days after the bombing of \
                a church in the town, killing 5 people, police said. \
                A week after the raid, the death toll from the gunmen's attack rose to 8.";
    let e = extract(text);
    let found = newsfuse_extract::time::find_event_relative(text, &e.times);
    assert_eq!(found.len(), 2, "{found:#?}");
    assert_eq!(
        kept(text, &e),
        vec![(
            1,
            "A week after the raid".to_string(),
            Some(1),
            DurationUnit::Week,
            Direction::After,
            vec![Attribute::Killed],
        )],
        "{:#?}",
        e.facts
    );
}

#[test]
fn an_article_without_relative_times_keeps_none() {
    let text = "Gunmen killed 3 villagers near Gboko, Nigeria, on Tuesday, residents said.";
    assert!(extract(text).relative_times.is_empty());
}
