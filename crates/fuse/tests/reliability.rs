//! Outlet reliability decides contradictions, and only contradictions.

use newsfuse_core::{
    Attribute, Attribution, Date, DocId, Document, Extraction, Fact, FusedFact, Interval, PlaceRef,
    Provenance, Qualifier, Quantity, Span, Status, Value,
};
use newsfuse_fuse::{fuse_incident, fuse_incident_with, Reliability, Report};

fn doc(id: &str, outlet: &str, day: u32) -> Document {
    Document {
        id: DocId(id.to_string()),
        text: "y".repeat(120),
        title: None,
        published: Date::new(2025, 9, day).ok(),
        source: Some(outlet.to_string()),
        url: None,
        external_id: None,
        origin: format!("{id}.html"),
    }
}

fn fact(id: &str, attribute: Attribute, value: Value) -> Fact {
    Fact {
        attribute,
        value,
        provenance: Provenance {
            doc: DocId(id.to_string()),
            sentence: 0,
            span: Span::new(0, 4).unwrap(),
            sentence_span: Span::new(0, 20).unwrap(),
            attribution: Attribution::asserted(),
            corrects: false,
        },
    }
}

fn killed(n: u64) -> Value {
    Value::Count {
        quantity: Quantity {
            interval: Interval::exact(n),
            qualifier: Qualifier::Exact,
            noun: Some("people".to_string()),
        },
    }
}

fn town(name: &str, lat: f64, lon: f64) -> Value {
    Value::Place {
        place: PlaceRef {
            name: name.into(),
            country: "Kenya".into(),
            country_code: "KE".into(),
            kind: "city".into(),
            lat,
            lon,
            region: None,
        },
    }
}

fn fuse(
    docs: &[Document],
    facts: &[(Attribute, Value)],
    reliability: Option<&Reliability>,
    attribute: Attribute,
) -> FusedFact {
    let extractions: Vec<Extraction> = docs
        .iter()
        .zip(facts)
        .map(|(d, (a, v))| Extraction {
            facts: vec![fact(&d.id.0, *a, v.clone())],
            ..Extraction::default()
        })
        .collect();
    let reports: Vec<Report<'_>> = docs
        .iter()
        .zip(&extractions)
        .map(|(doc, extraction)| Report { doc, extraction })
        .collect();
    let incident = match reliability {
        Some(r) => fuse_incident_with(&reports, r),
        None => fuse_incident(&reports),
    };
    incident
        .facts
        .into_iter()
        .find(|f| f.attribute == attribute)
        .expect("the attribute is fused")
}

fn table() -> Reliability {
    Reliability::from_toml(
        "default = 0.5\n[outlets]\n\"Coast Herald\" = 1.0\n\"www.rumours.example\" = 0.1\n",
    )
    .unwrap()
}

#[test]
fn a_reliable_outlet_outweighs_two_unreliable_ones_on_the_same_day() {
    let docs = [
        doc("a", "rumours.example", 3),
        doc("b", "Rumours.example", 3),
        doc("c", "Coast Herald", 3),
    ];
    let facts = [
        (Attribute::Killed, killed(40)),
        (Attribute::Killed, killed(40)),
        (Attribute::Killed, killed(12)),
    ];
    // Counting heads, the two rumour reports win.
    let plain = fuse(&docs, &facts, None, Attribute::Killed);
    assert_eq!(plain.status, Status::Conflict);
    assert_eq!(plain.value, killed(40));
    assert_eq!(
        plain.note,
        "sources contradict each other: 40 (rumours.example (a)) vs 40 (Rumours.example (b)) vs 12 (Coast Herald (c))"
    );
    // Weighed, the herald's 1.0 beats 0.1 + 0.1; the conflict stays a conflict and
    // every source is kept.
    let weighed = fuse(&docs, &facts, Some(&table()), Attribute::Killed);
    assert_eq!(weighed.status, Status::Conflict);
    assert_eq!(weighed.value, killed(12));
    assert_eq!(weighed.sources.len(), 1);
    assert_eq!(weighed.disagreeing.len(), 2);
    assert_eq!(
        weighed.note,
        "sources contradict each other: 40 (rumours.example (a)) vs 40 (Rumours.example (b)) vs 12 (Coast Herald (c)); \
weighed by outlet reliability: rumours.example 0.1, Rumours.example 0.1, Coast Herald 1"
    );
}

#[test]
fn weights_pick_the_place_between_two_far_apart_towns() {
    let docs = [
        doc("a", "rumours.example", 3),
        doc("b", "Lake Daily", 4),
        doc("c", "Coast Herald", 4),
    ];
    let mombasa = town("Mombasa", -4.05, 39.67);
    let kisumu = town("Kisumu", -0.09, 34.77);
    let facts = [
        (Attribute::Place, kisumu.clone()),
        (Attribute::Place, kisumu.clone()),
        (Attribute::Place, mombasa.clone()),
    ];
    assert_eq!(fuse(&docs, &facts, None, Attribute::Place).value, kisumu);
    // Lake Daily has the default 0.5: 0.1 + 0.5 = 0.6 against the herald's 1.0.
    let weighed = fuse(&docs, &facts, Some(&table()), Attribute::Place);
    assert_eq!(weighed.value, mombasa);
    assert_eq!(weighed.status, Status::Conflict);
    assert!(
        weighed.note.ends_with(
            "; weighed by outlet reliability: Coast Herald 1, rumours.example 0.1, Lake Daily 0.5"
        ),
        "{}",
        weighed.note
    );
}

#[test]
fn weights_do_not_touch_agreement_or_a_rising_toll() {
    let docs = [doc("a", "Coast Herald", 3), doc("b", "rumours.example", 4)];
    let facts = [
        (Attribute::Killed, killed(5)),
        (Attribute::Killed, killed(9)),
    ];
    let plain = fuse(&docs, &facts, None, Attribute::Killed);
    let weighed = fuse(&docs, &facts, Some(&table()), Attribute::Killed);
    assert_eq!(plain, weighed);
    assert_eq!(weighed.status, Status::Updated);
    assert_eq!(weighed.value, killed(9));
}

#[test]
fn a_weight_of_zero_never_outvotes_but_is_still_a_source() {
    let zero = Reliability::from_toml("[outlets]\n\"rumours.example\" = 0.0\n").unwrap();
    let docs = [doc("a", "rumours.example", 3), doc("b", "Lake Daily", 3)];
    let facts = [
        (Attribute::Killed, killed(30)),
        (Attribute::Killed, killed(3)),
    ];
    let weighed = fuse(&docs, &facts, Some(&zero), Attribute::Killed);
    assert_eq!(weighed.value, killed(3));
    assert_eq!(weighed.disagreeing.len(), 1);
    assert_eq!(
        weighed.disagreeing[0].outlet.as_deref(),
        Some("rumours.example")
    );
}
