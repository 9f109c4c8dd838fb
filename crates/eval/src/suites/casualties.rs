//! What the `gvdb` and `muc4` suites share: the casualty figures an article's
//! extraction gives, and names scored as sets of strings.
//!
//! An incident's figure for `killed` or `wounded` is its first fact of that attribute,
//! the one fusion takes from an article (`newsfuse_fuse`, one article is one source);
//! an incident without one counts 0. An article's figure is the sum over its main
//! incident and its further incidents (`Extraction::other_incidents`).

use newsfuse_core::{Attribute, Extraction, Fact, Interval, Value};

use crate::assign::max_weight_assignment;
use crate::score::Prf;

/// The figure one incident's facts give for `attribute`: the interval of its first
/// count fact of that attribute.
pub fn figure(facts: &[Fact], attribute: Attribute) -> Option<Interval> {
    facts
        .iter()
        .filter(|f| f.attribute == attribute)
        .find_map(|f| match &f.value {
            Value::Count { quantity } => Some(quantity.interval),
            _ => None,
        })
}

/// `a + b`: the bounds added (an open bound stays open), [`Interval::sum`].
pub fn add(a: Interval, b: Interval) -> Interval {
    a.sum(b)
}

/// The article's figure: the sum of its incidents' figures, `[0, 0]` when none has one.
pub fn article_figure(x: &Extraction, attribute: Attribute) -> Interval {
    std::iter::once(x.facts.as_slice())
        .chain(x.other_incidents.iter().map(|i| i.facts.as_slice()))
        .filter_map(|facts| figure(facts, attribute))
        .fold(Interval::exact(0), add)
}

/// One number for a figure, for exact comparison with a whole-number key: the figure
/// when it is exact, else its lower bound ("at least 3" is 3).
pub fn point(interval: Interval) -> u64 {
    interval.point().unwrap_or(interval.min())
}

/// A name as compared: lower-cased, ASCII punctuation and apostrophes removed, words
/// joined by single spaces.
pub fn normalise_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_punctuation() || c == '’' || c == '‘' {
                ' '
            } else {
                c
            }
        })
        .collect::<String>()
        .to_lowercase();
    cleaned.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// How two sets of names match, as (exact, token overlap) counts: each name is
/// normalised ([`normalise_name`]) and each set keeps one copy of a name; names are
/// paired one to one (the pairing with the most matches), an exact match needing equal
/// strings, a token-overlap match one shared word. Empty names are dropped.
pub fn name_match(gold: &[String], predicted: &[String]) -> (Prf, Prf) {
    let dedup = |names: &[String]| -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for n in names.iter().map(|n| normalise_name(n)) {
            if !n.is_empty() && !out.contains(&n) {
                out.push(n);
            }
        }
        out
    };
    let gold = dedup(gold);
    let predicted = dedup(predicted);
    let matched = |same: &dyn Fn(&str, &str) -> bool| -> f64 {
        let weights: Vec<Vec<f64>> = predicted
            .iter()
            .map(|p| {
                gold.iter()
                    .map(|g| if same(p, g) { 1.0 } else { 0.0 })
                    .collect()
            })
            .collect();
        max_weight_assignment(&weights).0.round()
    };
    let exact = matched(&|p, g| p == g);
    let overlap = matched(&|p, g| p.split(' ').any(|w| g.split(' ').any(|v| v == w)));
    let (np, ng) = (predicted.len() as f64, gold.len() as f64);
    (Prf::new(exact, np, ng), Prf::new(overlap, np, ng))
}

#[cfg(test)]
mod tests {
    use super::*;
    use newsfuse_core::{DocId, Provenance, Quantity, Span};

    fn count(attribute: Attribute, interval: Interval) -> Fact {
        let span = Span::new(0, 1).expect("span");
        Fact {
            attribute,
            value: Value::Count {
                quantity: Quantity {
                    interval,
                    qualifier: newsfuse_core::Qualifier::Exact,
                    noun: None,
                },
            },
            provenance: Provenance {
                doc: DocId("d".into()),
                sentence: 0,
                span,
                sentence_span: span,
                attribution: newsfuse_core::Attribution::asserted(),
                corrects: false,
            },
        }
    }

    #[test]
    fn first_fact_is_the_figure_and_incidents_add_up() {
        let facts = vec![
            count(Attribute::Wounded, Interval::exact(9)),
            count(Attribute::Killed, Interval::exact(3)),
            count(Attribute::Killed, Interval::exact(5)),
        ];
        assert_eq!(figure(&facts, Attribute::Killed), Some(Interval::exact(3)));
        assert_eq!(figure(&facts[..1], Attribute::Killed), None);
        let mut x = Extraction {
            facts,
            ..Default::default()
        };
        x.other_incidents.push(newsfuse_core::LocalIncident {
            sentences: vec![2],
            facts: vec![count(Attribute::Killed, Interval::at_least(2))],
        });
        assert_eq!(article_figure(&x, Attribute::Killed), Interval::at_least(5));
        assert_eq!(article_figure(&x, Attribute::Wounded), Interval::exact(9));
        assert_eq!(point(Interval::at_least(4)), 4);
        assert_eq!(point(Interval::exact(7)), 7);
    }

    #[test]
    fn names_match_exactly_and_by_shared_words() {
        let gold = vec!["Dana Q. Whitfield".to_string(), "Omar Lentz".to_string()];
        let predicted = vec![
            "dana q whitfield".to_string(),
            "Lentz".to_string(),
            "Pia Sorrel".to_string(),
        ];
        let (exact, overlap) = name_match(&gold, &predicted);
        assert_eq!(exact, Prf::new(1.0, 3.0, 2.0));
        assert_eq!(overlap, Prf::new(2.0, 3.0, 2.0));
        // One gold name is matched once even when two predictions share its words.
        let (exact, overlap) = name_match(
            &["Omar Lentz".to_string()],
            &["Omar".to_string(), "Lentz".to_string(), "omar".to_string()],
        );
        assert_eq!(exact, Prf::new(0.0, 2.0, 1.0));
        assert_eq!(overlap, Prf::new(1.0, 2.0, 1.0));
    }
}
