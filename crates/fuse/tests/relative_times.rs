//! Facts a report dates relative to the incident ("two days after the attack, the toll
//! rose to 9") are counted from the incident's fused date, with the articles that give
//! it; they stay relative while no report dates the incident, or while reports
//! contradict each other about it. Reports are built by hand.

use newsfuse_core::{
    Attribute, Attribution, Date, Direction, DocId, Document, DurationUnit, EventOffset,
    EventRelativeTime, Extraction, Fact, FusedFact, IncidentTime, Interval, Provenance, Qualifier,
    Quantity, SourceRef, Span, Status, TimeValue, Value,
};
use newsfuse_fuse::{fuse_incident, Report};

fn doc(id: &str, published: (i32, u32, u32)) -> Document {
    Document {
        published: Date::new(published.0, published.1, published.2).ok(),
        source: Some(format!("Outlet {id}")),
        ..Document::bare(id, "x".repeat(200))
    }
}

fn fact(doc: &str, sentence: u32, attribute: Attribute, value: Value) -> Fact {
    Fact {
        attribute,
        value,
        provenance: Provenance {
            doc: DocId(doc.to_string()),
            sentence,
            span: Span::new(10 * sentence as usize, 10 * sentence as usize + 3).expect("span"),
            sentence_span: Span::new(10 * sentence as usize, 10 * sentence as usize + 9)
                .expect("span"),
            attribution: Attribution::asserted(),
            corrects: false,
        },
    }
}

fn killed(doc: &str, sentence: u32, n: u64) -> Fact {
    fact(
        doc,
        sentence,
        Attribute::Killed,
        Value::Count {
            quantity: Quantity {
                interval: Interval::exact(n),
                qualifier: Qualifier::Exact,
                noun: None,
            },
        },
    )
}

fn date(doc: &str, day: u32) -> Fact {
    let d = Date::new(2026, 3, day).expect("date");
    fact(
        doc,
        0,
        Attribute::Date,
        Value::Time {
            time: TimeValue::day(d),
        },
    )
}

/// "<amount> <unit>s after the attack", dating `attributes` of sentence `sentence`.
fn after(sentence: u32, amount: u32, unit: DurationUnit, attributes: &[Attribute]) -> IncidentTime {
    let at = 10 * sentence as usize;
    IncidentTime {
        sentence,
        attributes: attributes.to_vec(),
        time: EventRelativeTime {
            span: Span::new(at, at + 8).expect("span"),
            offset: EventOffset {
                amount: Some(amount),
                unit,
                direction: Direction::After,
            },
            anchor: Span::new(at + 5, at + 8).expect("span"),
            anchor_time: None,
        },
    }
}

fn extraction(facts: Vec<Fact>, relative_times: Vec<IncidentTime>) -> Extraction {
    Extraction {
        facts,
        relative_times,
        ..Extraction::default()
    }
}

fn fused(reports: &[(Document, Extraction)], attribute: Attribute) -> FusedFact {
    let refs: Vec<Report<'_>> = reports
        .iter()
        .map(|(doc, extraction)| Report { doc, extraction })
        .collect();
    let incident = fuse_incident(&refs);
    let found: Vec<FusedFact> = incident.facts_about(attribute).cloned().collect();
    assert_eq!(found.len(), 1, "{:#?}", incident.facts);
    found.into_iter().next().expect("one fact")
}

fn best(f: &FusedFact) -> Option<u64> {
    match &f.value {
        Value::Count { quantity } => quantity.interval.point(),
        _ => None,
    }
}

fn from<'a>(f: &'a FusedFact, doc: &str) -> &'a SourceRef {
    f.sources
        .iter()
        .chain(&f.disagreeing)
        .find(|s| s.provenance.doc.0 == doc)
        .unwrap_or_else(|| panic!("a source from {doc}: {f:#?}"))
}

fn when_iso(s: &SourceRef) -> Option<String> {
    s.when.as_ref().and_then(|w| w.value()).map(|v| v.iso())
}

#[test]
fn a_toll_two_days_after_an_attack_another_report_dates_is_dated_from_it() {
    let reports = [
        (
            doc("a", (2026, 3, 8)),
            extraction(vec![date("a", 7), killed("a", 0, 6)], Vec::new()),
        ),
        (
            doc("b", (2026, 3, 12)),
            extraction(
                vec![killed("b", 1, 9)],
                vec![after(1, 2, DurationUnit::Day, &[Attribute::Killed])],
            ),
        ),
    ];
    let toll = fused(&reports, Attribute::Killed);
    assert_eq!(best(&toll), Some(9), "{toll:#?}");
    assert_eq!(toll.status, Status::Updated);
    let b = from(&toll, "b");
    assert_eq!(when_iso(b), Some("2026-03-09".to_string()));
    let w = b.when.as_ref().expect("kept");
    assert_eq!(w.anchor.map(|v| v.iso()), Some("2026-03-07".to_string()));
    assert_eq!(w.anchor_articles, vec![DocId("a".to_string())]);
    assert_eq!(w.span, Span::new(10, 18).expect("span"));
    assert_eq!(from(&toll, "a").when, None);
    assert_eq!(
        toll.note,
        "rising toll, latest figure is best: 6 on 2026-03-08 (Outlet a (a)) → 9 on \
         2026-03-09, 2 days after the incident (Outlet b (b)) (Outlet b (b) dates it \
         2026-03-09 (2 days after the incident of 2026-03-07); the incident's date from \
         Outlet a (a))"
    );
}

#[test]
fn a_toll_dated_by_a_relative_time_is_ordered_by_that_day_not_by_publication() {
    // c, published on the 10th, says 11; b, published later, says the toll was 9 two
    // days after the attack of the 7th: 9 on the 9th, then 11 on the 10th, a rise.
    let reports = [
        (
            doc("a", (2026, 3, 8)),
            extraction(vec![date("a", 7), killed("a", 0, 6)], Vec::new()),
        ),
        (
            doc("c", (2026, 3, 10)),
            extraction(vec![killed("c", 0, 11)], Vec::new()),
        ),
        (
            doc("b", (2026, 3, 12)),
            extraction(
                vec![killed("b", 1, 9)],
                vec![after(1, 2, DurationUnit::Day, &[Attribute::Killed])],
            ),
        ),
    ];
    let toll = fused(&reports, Attribute::Killed);
    assert_eq!(best(&toll), Some(11), "{toll:#?}");
    assert_eq!(toll.status, Status::Updated, "{toll:#?}");
    // Without the relative time, the later report's lower figure contradicts.
    let mut plain = reports.clone();
    plain[2].1.relative_times.clear();
    let toll = fused(&plain, Attribute::Killed);
    assert_eq!(toll.status, Status::Conflict, "{toll:#?}");
}

#[test]
fn with_no_report_dating_the_incident_the_time_stays_relative() {
    let reports = [
        (
            doc("a", (2026, 3, 8)),
            extraction(vec![killed("a", 0, 6)], Vec::new()),
        ),
        (
            doc("b", (2026, 3, 12)),
            extraction(
                vec![killed("b", 1, 9)],
                vec![after(1, 2, DurationUnit::Day, &[Attribute::Killed])],
            ),
        ),
    ];
    let toll = fused(&reports, Attribute::Killed);
    let w = from(&toll, "b").when.clone().expect("kept");
    assert_eq!((w.anchor, w.resolved, w.value()), (None, None, None));
    assert!(w.anchor_articles.is_empty());
    assert_eq!(w.describe(), "2 days after the incident");
    assert!(
        toll.note.ends_with(
            "(Outlet b (b) dates it 2 days after the incident; the incident's date is unknown)"
        ),
        "{}",
        toll.note
    );
}

#[test]
fn with_reports_disagreeing_on_the_date_the_time_stays_relative() {
    let reports = [
        (
            doc("a", (2026, 3, 8)),
            extraction(vec![date("a", 7)], Vec::new()),
        ),
        (
            doc("c", (2026, 3, 8)),
            extraction(vec![date("c", 1)], Vec::new()),
        ),
        (
            doc("b", (2026, 3, 12)),
            extraction(
                vec![killed("b", 1, 9)],
                vec![after(1, 2, DurationUnit::Day, &[Attribute::Killed])],
            ),
        ),
    ];
    assert_eq!(fused(&reports, Attribute::Date).status, Status::Conflict);
    let toll = fused(&reports, Attribute::Killed);
    assert_eq!(when_iso(from(&toll, "b")), None);
    assert!(
        toll.note.ends_with("the incident's date is disputed)"),
        "{}",
        toll.note
    );
}

#[test]
fn an_arrest_a_week_after_is_dated_and_other_facts_of_its_sentence_are_not() {
    let arrest = fact(
        "b",
        2,
        Attribute::Arrest,
        Value::Text {
            text: "two suspects".to_string(),
        },
    );
    let weapon = fact(
        "b",
        2,
        Attribute::Weapons,
        Value::Text {
            text: "rifle".to_string(),
        },
    );
    let reports = [
        (
            doc("a", (2026, 3, 8)),
            extraction(vec![date("a", 7)], Vec::new()),
        ),
        (
            doc("b", (2026, 3, 20)),
            extraction(
                vec![arrest, weapon],
                vec![after(2, 1, DurationUnit::Week, &[Attribute::Arrest])],
            ),
        ),
    ];
    let arrest = fused(&reports, Attribute::Arrest);
    assert_eq!(
        from(&arrest, "b")
            .when
            .as_ref()
            .and_then(|w| w.resolved)
            .map(|r| (r.range.first.to_string(), r.range.last.to_string())),
        Some(("2026-03-14".to_string(), "2026-03-14".to_string()))
    );
    assert_eq!(from(&fused(&reports, Attribute::Weapons), "b").when, None);
}

#[test]
fn a_report_s_toll_update_dated_after_the_attack_is_its_toll() {
    // b first gives the toll of the day (6), then the toll two days after (9): its
    // latest word is 9. A toll dated before the attack is never taken over the first.
    let reports = [
        (
            doc("a", (2026, 3, 8)),
            extraction(vec![date("a", 7), killed("a", 0, 6)], Vec::new()),
        ),
        (
            doc("b", (2026, 3, 12)),
            extraction(
                vec![killed("b", 0, 6), killed("b", 1, 9)],
                vec![after(1, 2, DurationUnit::Day, &[Attribute::Killed])],
            ),
        ),
    ];
    let toll = fused(&reports, Attribute::Killed);
    assert_eq!(best(&toll), Some(9), "{toll:#?}");
    assert_eq!(from(&toll, "b").provenance.sentence, 1);
    assert_eq!(when_iso(from(&toll, "b")), Some("2026-03-09".to_string()));
    let mut before = reports.clone();
    before[1].1.relative_times[0].time.offset.direction = Direction::Before;
    let toll = fused(&before, Attribute::Killed);
    assert_eq!(best(&toll), Some(6), "{toll:#?}");
    assert_eq!(from(&toll, "b").provenance.sentence, 0);
    assert_eq!(from(&toll, "b").when, None);
}
