use serde::{Deserialize, Serialize};

use crate::{ActorFact, Attribute, Date, DocId, EntityKind, Provenance, SourceTime, Value};

/// How the sources stand on a fused attribute.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Two or more sources, consistent.
    Agreed,
    /// Sources differ in a way that reads as a later, better figure (a rising toll).
    Updated,
    /// Sources contradict each other (or dispute responsibility).
    Conflict,
    /// Only one source states it.
    SingleSource,
}

impl Status {
    /// The snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Agreed => "agreed",
            Status::Updated => "updated",
            Status::Conflict => "conflict",
            Status::SingleSource => "single_source",
        }
    }
}

/// One source's statement behind a fused value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceRef {
    /// The value as this source states it.
    pub value: Value,
    /// Where.
    pub provenance: Provenance,
    /// The article's publication day, when known.
    pub published: Option<Date>,
    /// The article's outlet, when known.
    pub outlet: Option<String>,
    /// When the statement holds, when the article gives it relative to the incident
    /// ("two days after the attack": a toll update), counted from the incident's fused
    /// date when known. Absent for nearly every source, and then not stored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<SourceTime>,
}

/// One attribute of an incident, fused over its sources.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FusedFact {
    /// What it is about.
    pub attribute: Attribute,
    /// The fused value (for counts: the intersection, or the latest figure).
    pub value: Value,
    /// The agreement status.
    pub status: Status,
    /// Sources that support the value.
    pub sources: Vec<SourceRef>,
    /// Sources that state something else.
    pub disagreeing: Vec<SourceRef>,
    /// Why the status is what it is, in words.
    pub note: String,
}

/// One real-world event, reconciled from its reports.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Incident {
    /// Stable id: derived from the earliest member article.
    pub id: String,
    /// A one-line summary ("armed assault at Crocus City Hall, Moscow, Russia").
    pub summary: String,
    /// The member articles.
    pub articles: Vec<DocId>,
    /// Fused facts, in attribute order.
    pub facts: Vec<FusedFact>,
}

impl Incident {
    /// The fused facts about `attribute`.
    pub fn facts_about(&self, attribute: Attribute) -> impl Iterator<Item = &FusedFact> {
        self.facts.iter().filter(move |f| f.attribute == attribute)
    }
}

/// An actor across incidents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActorRecord {
    /// Canonical name.
    pub name: String,
    /// Kind.
    pub kind: EntityKind,
    /// Every name it goes by (canonical name included), sorted.
    pub aliases: Vec<String>,
    /// Incidents it is linked to as perpetrator or claimant.
    pub incidents: Vec<String>,
    /// Incidents it claimed.
    pub claims: Vec<String>,
    /// Facts reported about it.
    pub facts: Vec<ActorFact>,
}
