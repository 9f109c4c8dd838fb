//! Times an article gives relative to its own incident ("two days after the attack")
//! without giving the incident's date: kept unresolved with the facts they date
//! ([`IncidentTime`]), and resolved at fusion against the incident's fused date
//! ([`SourceTime`]).

use serde::{Deserialize, Serialize};

use crate::{Attribute, DocId, EventOffset, EventRelativeTime, ResolvedTime, Span, TimeValue};

/// A time one sentence of an article gives relative to the article's own incident
/// ("Two days after the attack, the toll rose to 9"): it dates the facts of that
/// sentence (the toll), not the incident. Which incident: the one of the article that
/// reads the sentence ([`crate::Extraction::in_incident`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IncidentTime {
    /// Index (into [`crate::Extraction::sentences`]) of the sentence whose facts it dates.
    pub sentence: u32,
    /// The attributes of that sentence's facts it dates (a toll, an arrest, a
    /// statement), in [`Attribute`] order.
    pub attributes: Vec<Attribute>,
    /// The expression: its span, offset and the anchor phrase naming the incident.
    pub time: EventRelativeTime,
}

impl IncidentTime {
    /// Whether it dates facts about `attribute` read from sentence `sentence`.
    pub fn dates(&self, sentence: u32, attribute: Attribute) -> bool {
        self.sentence == sentence && self.attributes.contains(&attribute)
    }
}

/// When a source's statement holds, as its article gives it relative to the incident
/// ("two days after the attack"), and that time counted from the incident's fused date
/// when the group knows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceTime {
    /// The words in the source's article, "two days after the attack".
    pub span: Span,
    /// How far from the incident.
    pub offset: EventOffset,
    /// The incident date it is counted from: the fused date, when the group's reports
    /// give one and do not contradict each other; `None` keeps the time relative.
    pub anchor: Option<TimeValue>,
    /// The articles that give that date (the fused date's supporting sources).
    pub anchor_articles: Vec<DocId>,
    /// The days it falls on, when it is counted from `anchor`.
    pub resolved: Option<ResolvedTime>,
}

impl SourceTime {
    /// The time as one value at its grain (`2026-03-09`), when it is resolved and fits
    /// one period of its grain.
    pub fn value(&self) -> Option<TimeValue> {
        self.resolved.and_then(|r| r.value())
    }

    /// In words: "2026-03-09 (2 days after the incident of 2026-03-07)", or "2 days after
    /// the incident" while its date is unknown.
    pub fn describe(&self) -> String {
        let relative = format!("{} the incident", self.offset.describe());
        match (self.resolved, self.anchor) {
            (Some(r), Some(anchor)) => {
                let when = match r.value() {
                    Some(v) => v.iso(),
                    None if r.range.first == r.range.last => r.range.first.to_string(),
                    None => format!("{} to {}", r.range.first, r.range.last),
                };
                format!("{when} ({relative} of {})", anchor.iso())
            }
            _ => relative,
        }
    }
}

impl EventOffset {
    /// The offset in words: "2 days after", "1 week before", "hours after".
    pub fn describe(&self) -> String {
        let unit = self.unit.as_str();
        let direction = match self.direction {
            crate::Direction::Before => "before",
            crate::Direction::After => "after",
        };
        match self.amount {
            Some(1) => format!("1 {unit} {direction}"),
            Some(n) => format!("{n} {unit}s {direction}"),
            None => format!("{unit}s {direction}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Date, Direction, DurationUnit};

    fn offset(amount: Option<u32>, unit: DurationUnit, direction: Direction) -> EventOffset {
        EventOffset {
            amount,
            unit,
            direction,
        }
    }

    fn relative(anchor: Option<TimeValue>) -> SourceTime {
        let offset = offset(Some(2), DurationUnit::Day, Direction::After);
        SourceTime {
            span: Span::new(10, 35).expect("span"),
            offset,
            anchor,
            anchor_articles: vec![DocId("a".to_string())],
            resolved: anchor.and_then(|a| offset.resolve(&a)),
        }
    }

    #[test]
    fn offsets_in_words() {
        assert_eq!(
            offset(Some(2), DurationUnit::Day, Direction::After).describe(),
            "2 days after"
        );
        assert_eq!(
            offset(Some(1), DurationUnit::Week, Direction::Before).describe(),
            "1 week before"
        );
        assert_eq!(
            offset(None, DurationUnit::Hour, Direction::After).describe(),
            "hours after"
        );
    }

    #[test]
    fn a_source_time_is_a_day_once_its_incident_is_dated_and_relative_before() {
        let day = TimeValue::day(Date::new(2026, 3, 7).expect("date"));
        let dated = relative(Some(day));
        assert_eq!(
            dated.value().map(|v| v.iso()),
            Some("2026-03-09".to_string())
        );
        assert_eq!(
            dated.describe(),
            "2026-03-09 (2 days after the incident of 2026-03-07)"
        );
        let undated = relative(None);
        assert_eq!(undated.value(), None);
        assert_eq!(undated.describe(), "2 days after the incident");
        // An incident known only to the month: two days after it spans two months.
        let march = relative(Some(TimeValue::month(Some(2026), 3)));
        assert_eq!(march.value(), None);
        assert_eq!(
            march.describe(),
            "2026-03-03 to 2026-04-02 (2 days after the incident of 2026-03)"
        );
    }

    #[test]
    fn an_incident_time_dates_only_its_sentence_and_attributes() {
        let t = IncidentTime {
            sentence: 1,
            attributes: vec![Attribute::Killed, Attribute::Arrest],
            time: EventRelativeTime {
                span: Span::new(0, 25).expect("span"),
                offset: offset(Some(2), DurationUnit::Day, Direction::After),
                anchor: Span::new(15, 25).expect("span"),
                anchor_time: None,
            },
        };
        assert!(t.dates(1, Attribute::Killed));
        assert!(t.dates(1, Attribute::Arrest));
        assert!(!t.dates(1, Attribute::Place));
        assert!(!t.dates(0, Attribute::Killed));
    }

    #[test]
    fn a_source_stored_before_relative_times_existed_still_reads() {
        let old = r#"{"value":{"type":"text","text":"rifle"},"provenance":{"doc":"d","sentence":0,"span":{"start":0,"end":1},"sentence_span":{"start":0,"end":1},"attribution":{"who_says":null,"hedge":null,"modality":"asserted"}},"published":null,"outlet":null}"#;
        let s: crate::SourceRef = serde_json::from_str(old).expect("old row decodes");
        assert_eq!(s.when, None);
        assert_eq!(serde_json::to_string(&s).expect("encodes"), old);
        let dated = crate::SourceRef {
            when: Some(relative(Some(TimeValue::day(
                Date::new(2026, 3, 7).expect("date"),
            )))),
            ..s
        };
        let json = serde_json::to_string(&dated).expect("encodes");
        assert_eq!(
            serde_json::from_str::<crate::SourceRef>(&json).expect("decodes"),
            dated
        );
    }
}
