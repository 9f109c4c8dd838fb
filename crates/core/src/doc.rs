use std::fmt;

use serde::{Deserialize, Serialize};

use crate::{ActorFact, Date, EventMention, Fact, Mention, Quantity, Span, TimeRef};

/// An article's identity: the first 16 hex digits of the SHA-256 of its text.
///
/// Two inputs with the same text are the same article, whatever file they came from.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DocId(pub String);

impl fmt::Display for DocId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One article: its decoded text and what the input said about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    /// Content hash of `text`.
    pub id: DocId,
    /// The article body, UTF-8. All spans index into it.
    pub text: String,
    /// Headline, when the input has one.
    pub title: Option<String>,
    /// Publication day, when known.
    pub published: Option<Date>,
    /// The outlet ("Reuters", "example-news.org").
    pub source: Option<String>,
    /// Where it was published.
    pub url: Option<String>,
    /// The identifier the input gave it (JSON Lines `id`, file name).
    pub external_id: Option<String>,
    /// Where it was read from: `path` or `path:line`.
    pub origin: String,
}

impl Document {
    /// A document with only an id and a text, and nothing the input said about it: for
    /// benchmark data and tests. The text is taken as given (not normalised).
    pub fn bare(id: impl Into<String>, text: impl Into<String>) -> Document {
        let id = id.into();
        Document {
            id: DocId(id.clone()),
            text: text.into(),
            title: None,
            published: None,
            source: None,
            url: None,
            external_id: Some(id.clone()),
            origin: id,
        }
    }
}

/// Everything extraction found in one document.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Extraction {
    /// Sentence spans, in order, not overlapping.
    pub sentences: Vec<Span>,
    /// Entity mentions, in order of start, not overlapping.
    pub mentions: Vec<Mention>,
    /// Temporal expressions with their normalised value.
    pub times: Vec<(Span, TimeRef)>,
    /// Numbers with qualifier and counted noun.
    pub quantities: Vec<(Span, Quantity)>,
    /// Attack event mentions (triggers).
    pub events: Vec<EventMention>,
    /// Facts about the article's main incident.
    pub facts: Vec<Fact>,
    /// Facts about actors (founded, based in, media arm), independent of the incident.
    pub actor_facts: Vec<ActorFact>,
}
