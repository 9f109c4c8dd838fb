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

/// [`extract`] with [`Hints`].
pub fn extract_with(doc: &Document, hints: &Hints<'_>) -> Extraction {
    let text = doc.text.as_str();
    let single_case = text::is_single_case(text);
    let sentences = text::sentences_with(text, single_case);
    let found = entities::find_with(text, single_case, hints.home);
    let times = time::find_times(text, doc.published);
    // A number inside a time expression ("March 22", "2021") is not a count.
    let quantities: Vec<_> = quantity::find_quantities(text)
        .into_iter()
        .filter(|(sp, _)| !times.iter().any(|(t, _)| t.overlaps(*sp)))
        .collect();
    let relative = time::find_event_relative(text, &times);
    let out = events::extract(&events::Input {
        text,
        doc: &doc.id,
        published: doc.published,
        sentences: &sentences,
        mentions: &found.mentions,
        aliases: &found.aliases,
        times: &times,
        quantities: &quantities,
        relative: &relative,
    });
    Extraction {
        sentences,
        mentions: found.mentions,
        times,
        quantities,
        events: out.events,
        facts: out.facts,
        other_incidents: out.other_incidents,
        relative_times: out.relative_times,
        actor_facts: out.actor_facts,
    }
}

/// The aliases the built-in tables know for an actor's canonical name.
pub fn known_aliases(name: &str) -> Vec<String> {
    gazetteer::Gazetteer::builtin()
        .armed_group(name)
        .map(|g| g.aliases.clone())
        .unwrap_or_default()
}
