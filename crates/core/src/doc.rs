use std::fmt;

use serde::{Deserialize, Serialize};

use crate::{
    ActorFact, Date, EventMention, Fact, Incident, IncidentTime, Mention, Proportion, Quantity,
    Span, TimeRange, TimeRef,
};

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
    /// Stretches between two of `times` ("from 2019 to 2021", "March 3-5"): the span
    /// covers both ends and the words joining them. Extractions stored before they
    /// were read have none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub time_ranges: Vec<(Span, TimeRange)>,
    /// Numbers with qualifier and counted noun.
    pub quantities: Vec<(Span, Quantity)>,
    /// Shares of a whole ("a third of the victims", "30% of them"). Extractions stored
    /// before they were read have none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub proportions: Vec<(Span, Proportion)>,
    /// Attack event mentions (triggers).
    pub events: Vec<EventMention>,
    /// Facts about the article's main incident (the first attack it reports).
    pub facts: Vec<Fact>,
    /// Further attacks the article reports besides the main one ("in a separate attack
    /// in Y..."), each with its own facts and sentences, in order of first mention.
    /// Empty for an article that reports one attack (nearly all): then nothing is
    /// stored for it, and extractions stored before it existed read as empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_incidents: Vec<LocalIncident>,
    /// Times the article gives relative to its own incident without dating the
    /// incident ("two days after the attack, the toll rose to 9"), with the facts of
    /// the sentence they date; fusion counts them from the incident's fused date.
    /// Empty for most articles: then nothing is stored, and older extractions read as
    /// empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub relative_times: Vec<IncidentTime>,
    /// Facts about actors (founded, based in, media arm), independent of the incident.
    pub actor_facts: Vec<ActorFact>,
}

/// A further attack one article reports, besides its main incident.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LocalIncident {
    /// Indices (into [`Extraction::sentences`]) of the sentences it was read from, in
    /// order; no other incident of the article reads them.
    pub sentences: Vec<u32>,
    /// Its facts, with the same provenance as the main incident's.
    pub facts: Vec<Fact>,
}

impl Extraction {
    /// How many incidents the article reports facts about: the main one (when it has
    /// facts) and every further one.
    pub fn incident_count(&self) -> usize {
        usize::from(!self.facts.is_empty()) + self.other_incidents.len()
    }

    /// The facts of incident `k` of the article: 0 is the main incident
    /// ([`Extraction::facts`]), `k > 0` the `k`-th of [`Extraction::other_incidents`];
    /// empty past the last.
    pub fn incident_facts(&self, k: usize) -> &[Fact] {
        match k {
            0 => &self.facts,
            _ => self
                .other_incidents
                .get(k - 1)
                .map(|i| i.facts.as_slice())
                .unwrap_or(&[]),
        }
    }

    /// Whether sentence `idx` belongs to incident `k`: a further incident's own
    /// sentences, and for the main incident every sentence no further incident reads.
    pub fn in_incident(&self, k: usize, idx: usize) -> bool {
        let reads = |i: &LocalIncident| i.sentences.binary_search(&(idx as u32)).is_ok();
        match k {
            0 => !self.other_incidents.iter().any(reads),
            _ => self.other_incidents.get(k - 1).is_some_and(reads),
        }
    }

    /// Which of this article's incidents (numbered as for [`Extraction::incident_facts`])
    /// a fused `incident` holds, read from where its sources from article `doc` point:
    /// the incidents that read those sentences, in order; the main incident when no
    /// source points into a further one. For re-fusing an incident's reports
    /// (`incident_view` of these).
    pub fn incidents_in(&self, doc: &DocId, incident: &Incident) -> Vec<usize> {
        let mut ks: Vec<usize> = Vec::new();
        if self.other_incidents.is_empty() {
            return vec![0];
        }
        for fact in &incident.facts {
            for source in fact.sources.iter().chain(&fact.disagreeing) {
                if source.provenance.doc != *doc {
                    continue;
                }
                let idx = source.provenance.sentence as usize;
                if let Some(k) =
                    (0..=self.other_incidents.len()).find(|&k| self.in_incident(k, idx))
                {
                    if !ks.contains(&k) {
                        ks.push(k);
                    }
                }
            }
        }
        ks.sort_unstable();
        if ks.is_empty() {
            ks.push(0);
        }
        ks
    }

    /// The extraction as its incidents `ks` alone: the same layers, with `facts` the
    /// facts of those incidents in the order given and no further incidents. Fusion
    /// reads a report through it, so a group fuses only the facts of the incidents of
    /// the article it holds (usually one).
    pub fn incident_view(&self, ks: &[usize]) -> Extraction {
        Extraction {
            sentences: self.sentences.clone(),
            mentions: self.mentions.clone(),
            times: self.times.clone(),
            time_ranges: self.time_ranges.clone(),
            quantities: self.quantities.clone(),
            proportions: self.proportions.clone(),
            events: self.events.clone(),
            facts: ks
                .iter()
                .flat_map(|&k| self.incident_facts(k))
                .cloned()
                .collect(),
            other_incidents: Vec::new(),
            relative_times: self
                .relative_times
                .iter()
                .filter(|t| ks.iter().any(|&k| self.in_incident(k, t.sentence as usize)))
                .cloned()
                .collect(),
            actor_facts: self.actor_facts.clone(),
        }
    }

    /// The kept relative time that dates `fact` (one of this extraction's facts), if any.
    pub fn relative_time_of(&self, fact: &Fact) -> Option<&IncidentTime> {
        self.relative_times
            .iter()
            .find(|t| t.dates(fact.provenance.sentence, fact.attribute))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Attribute, Attribution, Provenance, Value};

    fn fact(sentence: u32, text: &str) -> Fact {
        Fact {
            attribute: Attribute::Weapons,
            value: Value::Text {
                text: text.to_string(),
            },
            provenance: Provenance {
                doc: DocId("d".to_string()),
                sentence,
                span: Span::new(0, 1).expect("span"),
                sentence_span: Span::new(0, 1).expect("span"),
                attribution: Attribution::asserted(),
                corrects: false,
            },
        }
    }

    #[test]
    fn an_extraction_stored_before_further_incidents_existed_still_reads() {
        let old = r#"{"sentences":[{"start":0,"end":5}],"mentions":[],"times":[],"quantities":[],"events":[],"facts":[],"actor_facts":[]}"#;
        let e: Extraction = serde_json::from_str(old).expect("old row decodes");
        assert_eq!(e.sentences.len(), 1);
        assert!(e.other_incidents.is_empty());
        // One attack: stored exactly as before the field existed.
        let again = serde_json::to_string(&e).expect("encodes");
        assert!(!again.contains("other_incidents"), "{again}");
        assert_eq!(
            serde_json::from_str::<Extraction>(&again).expect("decodes"),
            e
        );
    }

    fn two_days_after(sentence: u32) -> IncidentTime {
        IncidentTime {
            sentence,
            attributes: vec![Attribute::Weapons],
            time: crate::EventRelativeTime {
                span: Span::new(0, 3).expect("span"),
                offset: crate::EventOffset {
                    amount: Some(2),
                    unit: crate::DurationUnit::Day,
                    direction: crate::Direction::After,
                },
                anchor: Span::new(2, 3).expect("span"),
                anchor_time: None,
            },
        }
    }

    #[test]
    fn relative_times_are_stored_only_when_there_are_some_and_follow_their_incident() {
        // A row stored before the field existed decodes, and re-encodes unchanged.
        let old = r#"{"sentences":[],"mentions":[],"times":[],"quantities":[],"events":[],"facts":[],"actor_facts":[]}"#;
        let e: Extraction = serde_json::from_str(old).expect("old row decodes");
        assert!(e.relative_times.is_empty());
        assert_eq!(serde_json::to_string(&e).expect("encodes"), old);
        let e = Extraction {
            facts: vec![fact(0, "rifle"), fact(1, "knife")],
            other_incidents: vec![LocalIncident {
                sentences: vec![2],
                facts: vec![fact(2, "grenade")],
            }],
            relative_times: vec![two_days_after(1), two_days_after(2)],
            ..Extraction::default()
        };
        let json = serde_json::to_string(&e).expect("encodes");
        assert!(json.contains("\"relative_times\""), "{json}");
        assert_eq!(
            serde_json::from_str::<Extraction>(&json).expect("decodes"),
            e
        );
        // Each incident's view keeps the times of its own sentences.
        assert_eq!(
            e.incident_view(&[0]).relative_times,
            vec![two_days_after(1)]
        );
        assert_eq!(
            e.incident_view(&[1]).relative_times,
            vec![two_days_after(2)]
        );
        // It dates the fact of its sentence and attribute only.
        assert_eq!(
            e.relative_time_of(&fact(1, "knife")),
            Some(&two_days_after(1))
        );
        assert_eq!(e.relative_time_of(&fact(0, "rifle")), None);
        let mut other = fact(1, "knife");
        other.attribute = Attribute::Victims;
        assert_eq!(e.relative_time_of(&other), None);
    }

    #[test]
    fn incidents_of_an_article_keep_their_own_facts_and_sentences() {
        let e = Extraction {
            facts: vec![fact(0, "rifle")],
            other_incidents: vec![LocalIncident {
                sentences: vec![2, 3],
                facts: vec![fact(2, "grenade")],
            }],
            ..Extraction::default()
        };
        let round: Extraction =
            serde_json::from_str(&serde_json::to_string(&e).expect("encodes")).expect("decodes");
        assert_eq!(round, e);
        assert_eq!(e.incident_count(), 2);
        assert_eq!(e.incident_facts(1), &[fact(2, "grenade")]);
        assert!(e.incident_facts(2).is_empty());
        let main: Vec<bool> = (0..5).map(|i| e.in_incident(0, i)).collect();
        assert_eq!(main, [true, true, false, false, true]);
        let second: Vec<bool> = (0..5).map(|i| e.in_incident(1, i)).collect();
        assert_eq!(second, [false, false, true, true, false]);
        let view = e.incident_view(&[1]);
        assert_eq!(view.facts, vec![fact(2, "grenade")]);
        assert!(view.other_incidents.is_empty());
        assert_eq!(e.incident_view(&[0]).facts, e.facts);
        // A fused incident whose source from this article points at sentence 2 holds
        // its further incident; one whose source points at sentence 0 its main one.
        let fused = |sentence: u32| Incident {
            id: "inc-d".to_string(),
            summary: String::new(),
            articles: vec![DocId("d".to_string())],
            facts: vec![crate::FusedFact {
                attribute: Attribute::Weapons,
                value: fact(sentence, "x").value,
                status: crate::Status::SingleSource,
                sources: vec![crate::SourceRef {
                    value: fact(sentence, "x").value,
                    provenance: fact(sentence, "x").provenance,
                    published: None,
                    outlet: None,
                    when: None,
                }],
                disagreeing: Vec::new(),
                note: String::new(),
            }],
        };
        let d = DocId("d".to_string());
        assert_eq!(e.incidents_in(&d, &fused(3)), vec![1]);
        assert_eq!(e.incidents_in(&d, &fused(0)), vec![0]);
        assert_eq!(
            e.incidents_in(&DocId("other".to_string()), &fused(3)),
            vec![0]
        );
        assert_eq!(
            e.incident_view(&[1, 0]).facts,
            vec![fact(2, "grenade"), fact(0, "rifle")]
        );
    }
}
