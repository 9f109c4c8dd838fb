//! Per-article extraction: sentences, entities, times, quantities, attack events with
//! their roles, attribution and hedging.
//!
//! [`extract`] runs the stages in order over one [`Document`]; each stage is a plain
//! function of the text and the layers before it:
//!
//! 1. [`text::sentences`] — sentence spans;
//! 2. [`entities::find`] — places, nationalities, groups, armed groups (built-in tables
//!    in [`gazetteer`]), acronyms defined in the text, people, facilities;
//! 3. [`time::find_times`] — temporal expressions normalised against the publication date;
//! 4. [`quantity::find_quantities`] — numbers with qualifiers as intervals;
//! 5. [`events::extract`] — attack triggers, roles and facts with attribution, and facts
//!    about actors.
//!
//! Pure: no I/O beyond the built-in tables compiled into the binary.

pub mod entities;
pub mod events;
pub mod gazetteer;
mod incident_place;
mod literal_gate;
pub mod quantity;
pub mod text;
pub mod time;

use newsfuse_core::{Document, Extraction};

/// Runs every extraction stage over one document.
pub fn extract(doc: &Document) -> Extraction {
    extract_with(doc, &Hints::default())
}

/// What the caller knows about a document beyond its text and metadata.
#[derive(Debug, Clone, Copy, Default)]
pub struct Hints<'a> {
    /// Where the document's outlet writes about, learned from its other articles: it
    /// places the names only the GeoNames gazetteer knows ("Franklin" in a Tennessee
    /// paper).
    pub home: Option<&'a gazetteer::geonames::Home>,
}

/// The time gate's and the event gate's literals in one automaton.
static JOINT: std::sync::LazyLock<literal_gate::Joint> =
    std::sync::LazyLock::new(|| literal_gate::Joint::new(&time::GATE, &events::GATE));

/// [`extract`] with [`Hints`].
pub fn extract_with(doc: &Document, hints: &Hints<'_>) -> Extraction {
    extract_many_with(&[(doc, *hints)])
        .pop()
        .unwrap_or_default()
}

/// How many documents callers of [`extract_many_with`] hand over at once where they
/// can: enough for each stage's tables to stay cached from one document to the next,
/// few enough that the batch's texts and layers do not crowd them out (1.0–1.45× the
/// article-by-article rate on the MUC-4 texts, more on a busy machine;
/// docs/benchmarks.md, session 21).
pub const BATCH: usize = 64;

/// [`extract`] over several documents: the same extractions, in order.
pub fn extract_many(docs: &[Document]) -> Vec<Extraction> {
    let items: Vec<(&Document, Hints<'_>)> = docs.iter().map(|d| (d, Hints::default())).collect();
    extract_many_with(&items)
}

/// [`extract_with`] over several documents, each with its hints: the same extractions,
/// in order. The stages run one after the other over the whole batch (every document's
/// sentences and entities, then every document's times, and so on) rather than document
/// by document, so that a stage's tables, models and automata are still in the
/// processor's caches for the next document instead of evicted by the other stages'.
pub fn extract_many_with(items: &[(&Document, Hints<'_>)]) -> Vec<Extraction> {
    struct Layers<'d> {
        text: &'d str,
        sentences: Vec<newsfuse_core::Span>,
        found: entities::Entities,
        scan: Option<literal_gate::Scan>,
        times: Vec<(newsfuse_core::Span, newsfuse_core::TimeRef)>,
        time_ranges: Vec<(newsfuse_core::Span, newsfuse_core::TimeRange)>,
        quantities: Vec<(newsfuse_core::Span, newsfuse_core::Quantity)>,
        proportions: Vec<(newsfuse_core::Span, newsfuse_core::Proportion)>,
        relative: Vec<newsfuse_core::EventRelativeTime>,
        /// The counts the event stage may read as figures: see [`counted`].
        counted: Vec<(newsfuse_core::Span, newsfuse_core::Quantity)>,
    }
    let mut layers: Vec<Layers<'_>> = items
        .iter()
        .map(|(doc, hints)| {
            let text = doc.text.as_str();
            let single_case = text::is_single_case(text);
            Layers {
                text,
                sentences: text::sentences_with(text, single_case),
                found: entities::find_with(text, single_case, hints.home),
                scan: None,
                times: Vec::new(),
                time_ranges: Vec::new(),
                quantities: Vec::new(),
                proportions: Vec::new(),
                relative: Vec::new(),
                counted: Vec::new(),
            }
        })
        .collect();
    // One scan for the literals of the time patterns and of the event patterns.
    for l in &mut layers {
        l.scan = l.text.is_ascii().then(|| JOINT.scan(l.text)).flatten();
    }
    for (l, (doc, _)) in layers.iter_mut().zip(items) {
        l.times =
            time::find_times_with(l.text, doc.published, l.scan.as_ref().map(|s| &s.gate[..]));
    }
    for l in &mut layers {
        // A number inside a time expression ("March 22", "2021") is not a count.
        let times = &l.times;
        l.quantities = quantity::find_quantities(l.text)
            .into_iter()
            .filter(|(sp, _)| !times.iter().any(|(t, _)| t.overlaps(*sp)))
            .collect();
        let stops: Vec<newsfuse_core::Span> = times.iter().map(|(t, _)| *t).collect();
        l.proportions = quantity::find_proportions_with(l.text, &stops);
        l.relative = time::find_event_relative(l.text, &l.times);
        l.time_ranges = time::find_ranges(l.text, &l.times);
        l.counted = counted(l.text, &l.quantities, &l.proportions);
    }
    let outs: Vec<events::Output> = layers
        .iter()
        .zip(items)
        .map(|(l, (doc, _))| {
            events::extract_with(
                &events::Input {
                    text: l.text,
                    doc: &doc.id,
                    published: doc.published,
                    sentences: &l.sentences,
                    mentions: &l.found.mentions,
                    aliases: &l.found.aliases,
                    times: &l.times,
                    quantities: &l.counted,
                    relative: &l.relative,
                    ranges: &l.time_ranges,
                },
                l.scan.as_ref().map(|s| &s.presence[..]),
            )
        })
        .collect();
    layers
        .into_iter()
        .zip(outs)
        .map(|(l, out)| Extraction {
            sentences: l.sentences,
            mentions: l.found.mentions,
            times: l.times,
            time_ranges: l.time_ranges,
            quantities: l.quantities,
            proportions: l.proportions,
            events: out.events,
            facts: out.facts,
            other_incidents: out.other_incidents,
            relative_times: out.relative_times,
            actor_facts: out.actor_facts,
        })
        .collect()
}

/// The counts the event stage may read as killed or wounded figures: every quantity
/// but a whole that a share or a part is taken of ("the 40 passengers" in "half of the
/// 40 passengers were killed", "the 15 worshippers" in "two of the 15 worshippers"),
/// and, in place of a share of a counted whole, the count it stands for ("half of the
/// 40 passengers": 20; "about a third of the 90 victims": [27, 33], about).
fn counted(
    text: &str,
    quantities: &[(newsfuse_core::Span, newsfuse_core::Quantity)],
    proportions: &[(newsfuse_core::Span, newsfuse_core::Proportion)],
) -> Vec<(newsfuse_core::Span, newsfuse_core::Quantity)> {
    use newsfuse_core::{Qualifier, Quantity};
    // "two of the 15": the words between a count and the next one.
    let part_of = |a: newsfuse_core::Span, b: newsfuse_core::Span| {
        let gap = text
            .get(a.end()..b.start())
            .unwrap_or("")
            .to_ascii_lowercase();
        let words: Vec<&str> = gap.split_whitespace().collect();
        matches!(
            words.as_slice(),
            [
                "of",
                "the" | "those" | "these" | "its" | "their" | "his" | "her" | "our"
            ]
        )
    };
    let mut out: Vec<(newsfuse_core::Span, newsfuse_core::Quantity)> = Vec::new();
    for (i, (sp, q)) in quantities.iter().enumerate() {
        let in_share = proportions.iter().any(|(ps, _)| ps.contains(*sp));
        let a_whole = i > 0 && part_of(quantities[i - 1].0, *sp);
        if !in_share && !a_whole {
            out.push((*sp, q.clone()));
        }
    }
    for (ps, p) in proportions {
        let Some(count) = p.count else {
            continue;
        };
        let qualifier = match (p.qualifier, count.point()) {
            (Qualifier::Exact, Some(_)) => Qualifier::Exact,
            (Qualifier::Exact, None) => Qualifier::Between,
            (q, _) => q,
        };
        let noun = quantities
            .iter()
            .find(|(sp, _)| ps.contains(*sp))
            .and_then(|(_, q)| q.noun.clone());
        out.push((
            *ps,
            Quantity {
                interval: count,
                qualifier,
                noun,
            },
        ));
    }
    out.sort_by_key(|(sp, _)| sp.start());
    out
}

/// The aliases the built-in tables know for an actor's canonical name.
pub fn known_aliases(name: &str) -> Vec<String> {
    gazetteer::Gazetteer::builtin()
        .armed_group(name)
        .map(|g| g.aliases.clone())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The joint scan's occurrences give each gate what its own scan gives it.
    fn joint_agrees(text: &str) {
        let scan = JOINT.scan(text).expect("both gates have literals");
        assert_eq!(
            time::GATE.windows(text),
            time::GATE.windows_with(text, Some(&scan.gate)),
            "{text:?}"
        );
        let mut ranges = Vec::new();
        let mut start = 0;
        for (i, b) in text.bytes().enumerate() {
            if b == b'.' {
                ranges.push((start, i + 1));
                start = i + 1;
            }
        }
        ranges.push((start, text.len()));
        assert_eq!(
            events::GATE.masks(text, &ranges),
            events::GATE.masks_with(text, &ranges, Some(&scan.presence)),
            "{text:?}"
        );
    }

    #[test]
    fn joint_scan_finds_what_each_gate_finds() {
        joint_agrees(
            "Two gunmen shot and killed a bus driver on 3 May 1990 at 10:30 pm. Police said \
             the bomb exploded the next morning; 12 people were wounded. Now the army denies it.",
        );
        joint_agrees("rebels dynamited two pylons yesterday. no one was hurt.");
        joint_agrees("");
        // The gate's literals name both gates' words: the scan finds some of each.
        let scan = JOINT
            .scan("the bomb exploded on tuesday")
            .expect("literals");
        assert!(!scan.gate.is_empty() && !scan.presence.is_empty());
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        #[test]
        fn joint_scan_agrees_on_any_ascii_text(
            words in proptest::collection::vec(
                prop::sample::select(vec![
                    "the", "bomb", "killed", "May", "1990", "10:30", "pm", "yesterday", "two",
                    "men", "shot", "army", ".", ",", "12", "tuesday", "week", "ago", "said",
                    "kidnapped", "a", "now", "of", "car", "3-4", "1/2",
                ]),
                0..40,
            )
        ) {
            joint_agrees(&words.join(" "));
        }
    }
}
