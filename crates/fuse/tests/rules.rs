//! Fusion rules on hand-made reports: intersection, updates, contradictions,
//! single sources, precision, disputes.

use newsfuse_core::{
    Attribute, Attribution, Date, DocId, Document, Extraction, Fact, Interval, PlaceRef,
    Provenance, Qualifier, Quantity, Span, Stance, Status, TimeValue, Value,
};
use newsfuse_fuse::{fuse_incident, Report};

fn doc(id: &str, published: Option<(i32, u32, u32)>) -> Document {
    Document {
        id: DocId(id.to_string()),
        text: "x".repeat(200),
        title: None,
        published: published.and_then(|(y, m, d)| Date::new(y, m, d).ok()),
        source: Some(format!("Outlet {id}")),
        url: None,
        external_id: None,
        origin: format!("{id}.txt"),
    }
}

fn fact(id: &str, attribute: Attribute, value: Value) -> Fact {
    Fact {
        attribute,
        value,
        provenance: Provenance {
            doc: DocId(id.to_string()),
            sentence: 0,
            span: Span::new(0, 5).unwrap(),
            sentence_span: Span::new(0, 10).unwrap(),
            attribution: Attribution::asserted(),
            corrects: false,
        },
    }
}

fn count(q: Qualifier, n: u64) -> Value {
    Value::Count {
        quantity: Quantity {
            interval: q.interval(n),
            qualifier: q,
            noun: Some("people".to_string()),
        },
    }
}

fn extraction(facts: Vec<Fact>) -> Extraction {
    Extraction {
        facts,
        ..Extraction::default()
    }
}

fn fused(
    docs: &[Document],
    extractions: &[Extraction],
    attribute: Attribute,
) -> newsfuse_core::FusedFact {
    let reports: Vec<Report<'_>> = docs
        .iter()
        .zip(extractions)
        .map(|(doc, extraction)| Report { doc, extraction })
        .collect();
    let incident = fuse_incident(&reports);
    let found: Vec<_> = incident.facts_about(attribute).cloned().collect();
    assert_eq!(found.len(), 1, "{:#?}", incident.facts);
    found.into_iter().next().unwrap()
}

fn interval_of(value: &Value) -> Interval {
    match value {
        Value::Count { quantity } => quantity.interval,
        other => panic!("not a count: {other:?}"),
    }
}

#[test]
fn ranges_are_intersected() {
    let docs = [doc("a", None), doc("b", None)];
    let ex = [
        extraction(vec![fact(
            "a",
            Attribute::Attackers,
            count(Qualifier::UpTo, 5),
        )]),
        extraction(vec![fact(
            "b",
            Attribute::Attackers,
            count(Qualifier::AtLeast, 4),
        )]),
    ];
    let f = fused(&docs, &ex, Attribute::Attackers);
    assert_eq!(interval_of(&f.value), Interval::between(4, 5));
    assert_eq!(f.status, Status::Agreed);
    assert_eq!(f.sources.len(), 2);
    assert_eq!(
        f.note,
        "consistent ranges intersected: [0, 5] (Outlet a (a)) ∩ [4, ∞) (Outlet b (b)) give [4, 5]"
    );
}

#[test]
fn a_larger_toll_consistent_with_at_least_is_an_update() {
    let docs = [doc("a", None), doc("b", None)];
    let ex = [
        extraction(vec![fact(
            "a",
            Attribute::Killed,
            count(Qualifier::AtLeast, 93),
        )]),
        extraction(vec![fact(
            "b",
            Attribute::Killed,
            count(Qualifier::Exact, 139),
        )]),
    ];
    let f = fused(&docs, &ex, Attribute::Killed);
    assert_eq!(interval_of(&f.value), Interval::exact(139));
    assert_eq!(f.status, Status::Updated);
    assert!(f.disagreeing.is_empty());
}

#[test]
fn a_rising_toll_over_days_is_an_update_with_history() {
    let docs = [doc("a", Some((2025, 6, 14))), doc("b", Some((2025, 6, 15)))];
    let ex = [
        extraction(vec![fact(
            "a",
            Attribute::Killed,
            count(Qualifier::Exact, 12),
        )]),
        extraction(vec![fact(
            "b",
            Attribute::Killed,
            count(Qualifier::Exact, 19),
        )]),
    ];
    let f = fused(&docs, &ex, Attribute::Killed);
    assert_eq!(interval_of(&f.value), Interval::exact(19));
    assert_eq!(f.status, Status::Updated);
    assert_eq!(f.sources.len(), 1);
    assert_eq!(f.disagreeing.len(), 1);
    assert_eq!(
        f.note,
        "rising toll, latest figure is best: 12 on 2025-06-14 (Outlet a (a)) → 19 on 2025-06-15 (Outlet b (b))"
    );
}

#[test]
fn two_exact_tolls_from_the_same_day_conflict() {
    let docs = [doc("a", Some((2025, 6, 14))), doc("b", Some((2025, 6, 14)))];
    let ex = [
        extraction(vec![fact(
            "a",
            Attribute::Killed,
            count(Qualifier::Exact, 7),
        )]),
        extraction(vec![fact(
            "b",
            Attribute::Killed,
            count(Qualifier::Exact, 9),
        )]),
    ];
    let f = fused(&docs, &ex, Attribute::Killed);
    assert_eq!(f.status, Status::Conflict);
    assert_eq!(interval_of(&f.value), Interval::exact(7));
    assert_eq!(f.sources.len(), 1);
    assert_eq!(f.disagreeing.len(), 1);
    assert_eq!(
        f.note,
        "sources contradict each other: 7 (Outlet a (a)) vs 9 (Outlet b (b))"
    );
}

#[test]
fn a_falling_toll_is_a_conflict_not_an_update() {
    let docs = [doc("a", Some((2025, 6, 14))), doc("b", Some((2025, 6, 15)))];
    let ex = [
        extraction(vec![fact(
            "a",
            Attribute::Killed,
            count(Qualifier::Exact, 19),
        )]),
        extraction(vec![fact(
            "b",
            Attribute::Killed,
            count(Qualifier::Exact, 12),
        )]),
    ];
    assert_eq!(
        fused(&docs, &ex, Attribute::Killed).status,
        Status::Conflict
    );
}

#[test]
fn one_source_is_single_source_and_dates_agree_at_different_precision() {
    let docs = [doc("a", None), doc("b", None)];
    let full = Value::Time {
        time: TimeValue::day(Date::new(2024, 3, 22).unwrap()),
    };
    let partial = Value::Time {
        time: TimeValue::day_without_year(3, 22),
    };
    let ex = [
        extraction(vec![
            fact("a", Attribute::Date, partial),
            fact(
                "a",
                Attribute::Weapons,
                Value::Text {
                    text: "grenades".into(),
                },
            ),
        ]),
        extraction(vec![fact("b", Attribute::Date, full.clone())]),
    ];
    let date = fused(&docs, &ex, Attribute::Date);
    assert_eq!(date.value, full);
    assert_eq!(date.status, Status::Agreed);
    let weapons = fused(&docs, &ex, Attribute::Weapons);
    assert_eq!(weapons.status, Status::SingleSource);
    assert_eq!(weapons.note, "only Outlet a (a) states it");
}

#[test]
fn places_far_apart_conflict_but_city_and_country_agree() {
    let place = |name: &str, kind: &str, lat: f64, lon: f64| Value::Place {
        place: PlaceRef {
            name: name.into(),
            country: "Nigeria".into(),
            country_code: "NG".into(),
            kind: kind.into(),
            lat,
            lon,
            region: None,
        },
    };
    let docs = [doc("a", None), doc("b", None), doc("c", None)];
    let ex = [
        extraction(vec![fact(
            "a",
            Attribute::Place,
            place("Maiduguri", "city", 11.85, 13.16),
        )]),
        extraction(vec![fact(
            "b",
            Attribute::Place,
            place("Nigeria", "country", 9.0, 8.0),
        )]),
        extraction(vec![fact(
            "c",
            Attribute::Place,
            place("Kano", "city", 12.0, 8.52),
        )]),
    ];
    let f = fused(&docs, &ex, Attribute::Place);
    assert_eq!(f.status, Status::Conflict);
    assert_eq!(f.value, place("Maiduguri", "city", 11.85, 13.16));
    assert_eq!(f.sources.len(), 2);
    assert_eq!(f.disagreeing.len(), 1);
}

#[test]
fn one_town_name_read_as_two_countries_towns_agrees_on_the_majority_reading() {
    let town = |country: &str, code: &str, lat: f64, lon: f64| Value::Place {
        place: PlaceRef {
            name: "Tripoli".into(),
            country: country.into(),
            country_code: code.into(),
            kind: "city".into(),
            lat,
            lon,
            region: None,
        },
    };
    let lebanon = town("Lebanon", "LB", 34.43, 35.84);
    let libya = town("Libya", "LY", 32.89, 13.19);
    // Whichever report comes first, the reading two reports give wins.
    for order in [["a", "b", "c"], ["b", "a", "c"], ["c", "b", "a"]] {
        let value = |id: &str| {
            if id == "b" {
                libya.clone()
            } else {
                lebanon.clone()
            }
        };
        let docs: Vec<Document> = order.iter().map(|id| doc(id, None)).collect();
        let ex: Vec<Extraction> = order
            .iter()
            .map(|id| extraction(vec![fact(id, Attribute::Place, value(id))]))
            .collect();
        let f = fused(&docs, &ex, Attribute::Place);
        assert_eq!(f.status, Status::Agreed, "{order:?}");
        assert_eq!(f.value, lebanon, "{order:?}");
        assert_eq!(f.sources.len(), 3);
        assert!(f.disagreeing.is_empty());
        assert_eq!(
            f.note,
            "3 sources agree: Outlet b (b) read Tripoli as Tripoli, Libya; taken as the \
             others' Tripoli, Lebanon"
        );
    }
    // Different names in two countries still conflict.
    let other = Value::Place {
        place: PlaceRef {
            name: "Benghazi".into(),
            country: "Libya".into(),
            country_code: "LY".into(),
            kind: "city".into(),
            lat: 32.12,
            lon: 20.07,
            region: None,
        },
    };
    let docs = [doc("a", None), doc("b", None)];
    let ex = [
        extraction(vec![fact("a", Attribute::Place, lebanon.clone())]),
        extraction(vec![fact("b", Attribute::Place, other)]),
    ];
    assert_eq!(fused(&docs, &ex, Attribute::Place).status, Status::Conflict);
}

#[test]
fn claims_with_denials_become_a_dispute() {
    let stance = |by: &str, about: Option<&str>| Value::Stance {
        stance: Stance {
            by: Some(by.into()),
            about: about.map(str::to_string),
        },
    };
    let docs = [doc("a", None)];
    let ex = [extraction(vec![
        fact("a", Attribute::Claim, stance("Front A", None)),
        fact(
            "a",
            Attribute::Accusation,
            stance("The governor", Some("Movement B")),
        ),
        fact(
            "a",
            Attribute::Denial,
            stance("Movement B", Some("Movement B")),
        ),
    ])];
    let f = fused(&docs, &ex, Attribute::Responsibility);
    assert_eq!(f.status, Status::Conflict);
    assert_eq!(
        f.value,
        Value::Text {
            text: "disputed: Front A claimed responsibility; The governor accused Movement B; Movement B denied involvement".into()
        }
    );
    assert_eq!(f.sources.len(), 2);
    assert_eq!(f.disagreeing.len(), 1);
}

#[test]
fn one_article_counts_once() {
    let docs = [doc("a", None)];
    let ex = [extraction(vec![
        fact(
            "a",
            Attribute::Victims,
            Value::Text {
                text: "children".into(),
            },
        ),
        fact(
            "a",
            Attribute::Victims,
            Value::Text {
                text: "children".into(),
            },
        ),
    ])];
    let f = fused(&docs, &ex, Attribute::Victims);
    assert_eq!(f.sources.len(), 1);
    assert_eq!(f.status, Status::SingleSource);
}
