//! Property tests for the order of updates: fused counts do not depend on the order in
//! which reports arrive, a toll that rises day by day ends at its latest figure, and
//! consistent ranges fuse to their intersection.

use newsfuse_core::{
    Attribute, Attribution, Date, DocId, Document, Extraction, Fact, FusedFact, Interval,
    Provenance, Qualifier, Quantity, Span, Status, Value,
};
use newsfuse_fuse::{fuse_incident, Report};
use proptest::prelude::*;

fn report(k: usize, day: u32, interval: Interval) -> (Document, Extraction) {
    let id = format!("r{k}");
    let doc = Document {
        id: DocId(id.clone()),
        text: "z".repeat(80),
        title: None,
        published: Date::new(2025, 5, day).ok(),
        source: Some(format!("Outlet {k}")),
        url: None,
        external_id: None,
        origin: format!("{id}.txt"),
    };
    let qualifier = match (interval.point(), interval.max()) {
        (Some(_), _) => Qualifier::Exact,
        (None, None) => Qualifier::AtLeast,
        _ => Qualifier::Between,
    };
    let fact = Fact {
        attribute: Attribute::Killed,
        value: Value::Count {
            quantity: Quantity {
                interval,
                qualifier,
                noun: Some("people".into()),
            },
        },
        provenance: Provenance {
            doc: DocId(id),
            sentence: 0,
            span: Span::new(0, 3).unwrap(),
            sentence_span: Span::new(0, 10).unwrap(),
            attribution: Attribution::asserted(),
            corrects: false,
        },
    };
    (
        doc,
        Extraction {
            facts: vec![fact],
            ..Extraction::default()
        },
    )
}

fn killed(reports: &[(Document, Extraction)], order: &[usize]) -> FusedFact {
    let refs: Vec<Report<'_>> = order
        .iter()
        .map(|&i| Report {
            doc: &reports[i].0,
            extraction: &reports[i].1,
        })
        .collect();
    fuse_incident(&refs)
        .facts
        .into_iter()
        .find(|f| f.attribute == Attribute::Killed)
        .expect("a killed fact")
}

fn best(f: &FusedFact) -> Interval {
    match &f.value {
        Value::Count { quantity } => quantity.interval,
        other => panic!("not a count: {other:?}"),
    }
}

/// A permutation of 0..n from a shuffle seed.
fn permutation(n: usize, seed: u64) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    let mut s = seed | 1;
    for i in (1..n).rev() {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        order.swap(i, (s % (i as u64 + 1)) as usize);
    }
    order
}

proptest! {
    /// Exact tolls that rise from day to day: an update to the latest figure, in any
    /// order of arrival.
    #[test]
    fn a_rising_toll_ends_at_its_latest_figure_whatever_the_order(
        steps in prop::collection::vec(1u64..40, 2..7),
        seed in any::<u64>(),
    ) {
        let mut toll = 0;
        let reports: Vec<(Document, Extraction)> = steps
            .iter()
            .enumerate()
            .map(|(k, step)| {
                toll += step;
                report(k, 1 + k as u32, Interval::exact(toll))
            })
            .collect();
        let order = permutation(reports.len(), seed);
        let fused = killed(&reports, &order);
        prop_assert_eq!(fused.status, Status::Updated);
        prop_assert_eq!(best(&fused), Interval::exact(toll));
        prop_assert_eq!(fused.sources.len(), 1);
        prop_assert_eq!(fused.disagreeing.len(), reports.len() - 1);
    }

    /// Ranges that share a value fuse to their intersection, in any order; the status
    /// does not depend on the order either.
    #[test]
    fn consistent_ranges_fuse_to_their_intersection_in_any_order(
        common in 5u64..500,
        spans in prop::collection::vec((0u64..50, prop::option::of(0u64..50)), 1..6),
        seed in any::<u64>(),
    ) {
        let intervals: Vec<Interval> = spans
            .iter()
            .map(|&(below, above)| {
                let low = common.saturating_sub(below);
                match above {
                    Some(a) => Interval::between(low, common + a),
                    None => Interval::at_least(low),
                }
            })
            .collect();
        let reports: Vec<(Document, Extraction)> = intervals
            .iter()
            .enumerate()
            .map(|(k, &i)| report(k, 3, i))
            .collect();
        let expected = intervals
            .iter()
            .skip(1)
            .try_fold(intervals[0], |acc, i| acc.intersect(*i))
            .expect("they share `common`");
        let given = killed(&reports, &(0..reports.len()).collect::<Vec<_>>());
        let shuffled = killed(&reports, &permutation(reports.len(), seed));
        prop_assert_eq!(best(&given), expected);
        prop_assert_eq!(best(&shuffled), expected);
        prop_assert_eq!(given.status, shuffled.status);
        prop_assert!(given.disagreeing.is_empty());
    }
}

#[test]
fn a_report_that_corrects_the_toll_down_is_its_latest_word() {
    // Day 14: at least 11; day 15: 15, then a report of the same day that corrects the
    // figure to 14 ("revising an earlier figure of 15").
    let mut reports = vec![
        report(0, 14, Interval::at_least(11)),
        report(1, 15, Interval::exact(15)),
        report(2, 15, Interval::exact(14)),
    ];
    // Without the correction mark, 15 and 14 of one day contradict each other.
    let f = killed(&reports, &[0, 1, 2]);
    assert_eq!(f.status, Status::Conflict);
    reports[2].1.facts[0].provenance.corrects = true;
    for order in [[0, 1, 2], [2, 1, 0], [1, 2, 0]] {
        let f = killed(&reports, &order);
        assert_eq!(f.status, Status::Updated, "{order:?}: {}", f.note);
        assert_eq!(best(&f), Interval::exact(14));
        assert!(f.note.starts_with("corrected toll"), "{}", f.note);
        let disagreeing: Vec<&str> = f
            .disagreeing
            .iter()
            .map(|s| s.provenance.doc.0.as_str())
            .collect();
        assert_eq!(disagreeing, ["r1"]);
    }
    // A correction that is not the latest word does not overrule a later report.
    reports[1].0.published = Date::new(2025, 5, 16).ok();
    let f = killed(&reports, &[0, 1, 2]);
    assert_ne!(best(&f), Interval::exact(14), "{}", f.note);
}
