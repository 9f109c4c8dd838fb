//! Actor records built one report and one batch of incidents at a time: what
//! [`build_actors`](crate::build_actors) does over all the reports and incidents at
//! once, and what the pipeline's `regroup_large` does as it streams the store, with
//! memory that grows with the actors and their facts, not with the articles.
//!
//! An actor is a mention's key in some report; a report's actor facts are kept by actor
//! as they come, in report order, and those of actors no report mentions are dropped at
//! the end. Incidents must be added after every report.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use newsfuse_core::{
    ActorFact, ActorRecord, Attribute, Document, EntityKind, Extraction, Incident, Value,
};

/// What one report adds to the actor records.
pub struct ReportActors {
    /// Actor mentions: key, kind, surface (trimmed; `None` when the span is not in the text).
    mentions: Vec<(String, EntityKind, Option<String>)>,
    /// The report's actor facts, in order.
    facts: Vec<ActorFact>,
}

/// The actor part of one report.
pub fn report_actors(doc: &Document, extraction: &Extraction) -> ReportActors {
    let mentions = extraction
        .mentions
        .iter()
        .filter(|m| {
            matches!(
                m.kind,
                EntityKind::ArmedGroup | EntityKind::Organisation | EntityKind::Person
            )
        })
        .map(|m| {
            let surface = m.span.slice(&doc.text).map(|s| s.trim().to_string());
            (m.key.clone(), m.kind, surface)
        })
        .collect();
    ReportActors {
        mentions,
        facts: extraction.actor_facts.clone(),
    }
}

/// One actor under construction.
struct Building {
    kind: EntityKind,
    aliases: BTreeSet<String>,
    incidents: Vec<String>,
    claims: Vec<String>,
}

/// Actor records under construction.
#[derive(Default)]
pub struct ActorBuilder {
    records: BTreeMap<String, Building>,
    /// Each actor's facts other than aliases, first of each (attribute, value) kept.
    facts: HashMap<String, Vec<ActorFact>>,
    /// Each actor's `alias` facts.
    alias_facts: HashMap<String, BTreeSet<String>>,
    /// Whether incidents have been added (reports may not follow).
    incidents_added: bool,
}

impl ActorBuilder {
    /// Adds one report; the order of the reports is the order of each actor's facts.
    pub fn add_report(&mut self, report: ReportActors) {
        debug_assert!(!self.incidents_added, "reports after incidents");
        for (key, kind, surface) in report.mentions {
            let record = self.records.entry(key).or_insert_with(|| Building {
                kind,
                aliases: BTreeSet::new(),
                incidents: Vec::new(),
                claims: Vec::new(),
            });
            if let Some(surface) = surface.filter(|s| !s.is_empty()) {
                record.aliases.insert(surface);
            }
        }
        for fact in report.facts {
            if fact.attribute == "alias" {
                self.alias_facts
                    .entry(fact.actor.clone())
                    .or_default()
                    .insert(fact.value);
                continue;
            }
            let facts = self.facts.entry(fact.actor.clone()).or_default();
            if !facts
                .iter()
                .any(|f| f.attribute == fact.attribute && f.value == fact.value)
            {
                facts.push(fact);
            }
        }
    }

    /// Adds incidents (in fusion order, after every report): each links the actors it
    /// names as perpetrator or claimant.
    pub fn add_incidents(&mut self, incidents: &[Incident]) {
        self.incidents_added = true;
        for incident in incidents {
            // Incident ids are unique, so an actor is linked to one at most once.
            let mut linked: HashSet<&str> = HashSet::new();
            let mut claimed: HashSet<&str> = HashSet::new();
            for fact in &incident.facts {
                let (name, is_claim) = match (&fact.attribute, &fact.value) {
                    (
                        Attribute::PerpetratorOrg | Attribute::PerpetratorInd,
                        Value::Actor { name, .. },
                    ) => (name.as_str(), false),
                    (Attribute::Claim, Value::Stance { stance }) => match &stance.by {
                        Some(by) => (by.as_str(), true),
                        None => continue,
                    },
                    _ => continue,
                };
                let Some(record) = self.records.get_mut(name) else {
                    continue;
                };
                if linked.insert(name) {
                    record.incidents.push(incident.id.clone());
                }
                if is_claim && claimed.insert(name) {
                    record.claims.push(incident.id.clone());
                }
            }
        }
    }

    /// The records, actors linked to incidents first, then by name; `known_aliases`
    /// gives a canonical name's aliases from the built-in tables.
    pub fn finish(mut self, known_aliases: &dyn Fn(&str) -> Vec<String>) -> Vec<ActorRecord> {
        let mut out: Vec<ActorRecord> = Vec::with_capacity(self.records.len());
        for (name, mut b) in std::mem::take(&mut self.records) {
            if let Some(aliases) = self.alias_facts.remove(&name) {
                b.aliases.extend(aliases);
            }
            b.aliases.extend(known_aliases(&name));
            b.aliases.insert(name.clone());
            out.push(ActorRecord {
                facts: self.facts.remove(&name).unwrap_or_default(),
                name,
                kind: b.kind,
                aliases: b.aliases.into_iter().collect(),
                incidents: b.incidents,
                claims: b.claims,
            });
        }
        out.sort_by(|a, b| {
            b.incidents
                .len()
                .cmp(&a.incidents.len())
                .then(a.name.cmp(&b.name))
        });
        out
    }
}
