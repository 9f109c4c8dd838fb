//! The long CSV table: one row per source of every fused fact, supporting or
//! disagreeing, with the words it rests on.

use std::io::Write;

use newsfuse_core::{FusedFact, Incident, SourceRef};

use crate::analyst::{write_table, ExportError, ExportFormat, Row};
use crate::{evidence, Articles};

/// The long table's columns, in order.
pub const FACTS_CSV_COLUMNS: &[&str] = &[
    "incident_id",
    "attribute",
    "value",
    "status",
    "note",
    "role",
    "source_value",
    "article",
    "span_start",
    "span_end",
    "evidence",
    "who_says",
    "hedge",
    "outlet",
    "published",
    "when",
];

fn fact_row(incident: &Incident, fact: &FusedFact) -> Row {
    let mut row = Row::new(FACTS_CSV_COLUMNS);
    row.set("incident_id", &incident.id);
    row.set("attribute", fact.attribute.as_str());
    row.set("value", fact.value.display());
    row.set("status", fact.status.as_str());
    row.set("note", &fact.note);
    row
}

fn source_row(
    incident: &Incident,
    fact: &FusedFact,
    source: &SourceRef,
    role: &str,
    articles: &Articles<'_>,
) -> Row {
    let mut row = fact_row(incident, fact);
    let p = &source.provenance;
    let doc = articles.get(&p.doc);
    row.set("role", role);
    row.set("source_value", source.value.display());
    row.set("article", &p.doc);
    row.set("span_start", p.span.start());
    row.set("span_end", p.span.end());
    row.set("evidence", evidence(source, articles));
    row.set_opt("who_says", p.attribution.who_says.as_ref());
    row.set_opt("hedge", p.attribution.hedge.as_ref());
    row.set_opt(
        "outlet",
        source
            .outlet
            .clone()
            .or_else(|| doc.and_then(|d| d.source.clone())),
    );
    row.set_opt(
        "published",
        source.published.or(doc.and_then(|d| d.published)),
    );
    row.set_opt("when", source.when.as_ref().map(|w| w.describe()));
    row
}

/// Writes every fused fact's sources as rows (columns [`FACTS_CSV_COLUMNS`]): first
/// those that support the value (`role` = `supports`), then those that state something
/// else (`disagrees`). A fact without sources still gets one row, its source cells blank.
pub fn write_facts_csv(
    incidents: &[Incident],
    articles: &Articles<'_>,
    out: &mut dyn Write,
) -> Result<(), ExportError> {
    let mut rows = Vec::new();
    for incident in incidents {
        for fact in &incident.facts {
            if fact.sources.is_empty() && fact.disagreeing.is_empty() {
                rows.push(fact_row(incident, fact));
            }
            for s in &fact.sources {
                rows.push(source_row(incident, fact, s, "supports", articles));
            }
            for s in &fact.disagreeing {
                rows.push(source_row(incident, fact, s, "disagrees", articles));
            }
        }
    }
    write_table(ExportFormat::Csv, FACTS_CSV_COLUMNS, rows, out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyst::testkit::*;
    use newsfuse_core::{Attribute, Status};
    use std::collections::HashMap;

    fn export(incidents: &[Incident], articles: &Articles<'_>) -> Vec<Vec<(String, String)>> {
        let mut out = Vec::new();
        write_facts_csv(incidents, articles, &mut out).unwrap();
        let (header, rows) = read_csv(&out);
        assert_eq!(header, FACTS_CSV_COLUMNS);
        rows
    }

    #[test]
    fn one_row_per_source_with_its_evidence() {
        let docs = market_docs();
        let incident = market_bombing(&docs);
        let articles: Articles<'_> = docs.iter().map(|d| (d.id.clone(), d)).collect();
        let rows = export(std::slice::from_ref(&incident), &articles);
        let sources: usize = incident
            .facts
            .iter()
            .map(|f| f.sources.len() + f.disagreeing.len())
            .sum();
        assert_eq!(rows.len(), sources);
        assert_eq!(rows.len(), 17);
        let wounded: Vec<_> = rows
            .iter()
            .filter(|r| cell(r, "attribute") == "wounded")
            .collect();
        assert_eq!(wounded.len(), 2);
        let expected_first = [
            ("incident_id", "inc-aaaa1111"),
            ("attribute", "wounded"),
            ("value", "[30, ∞)"),
            ("status", "conflict"),
            ("note", "test"),
            ("role", "supports"),
            ("source_value", "[30, ∞)"),
            ("article", "aaaa1111"),
            ("span_start", "126"),
            ("span_end", "137"),
            ("evidence", "at least 30"),
            ("who_says", ""),
            ("hedge", ""),
            ("outlet", "Lumen Daily"),
            ("published", "2031-05-03"),
            ("when", ""),
        ];
        assert_eq!(expected_first.len(), FACTS_CSV_COLUMNS.len());
        for (column, value) in expected_first {
            assert_eq!(cell(wounded[0], column), value, "{column}");
        }
        for (column, value) in [
            ("value", "[30, ∞)"),
            ("role", "disagrees"),
            ("source_value", "20"),
            ("article", "bbbb2222"),
            ("evidence", "20"),
            ("outlet", "Coastal Wire"),
            ("published", "2031-05-04"),
        ] {
            assert_eq!(cell(wounded[1], column), value, "{column}");
        }
        let place = rows
            .iter()
            .find(|r| cell(r, "attribute") == "place")
            .unwrap();
        assert_eq!(cell(place, "value"), "Port Lumen, Freedonia");
        assert_eq!(cell(place, "evidence"), "Port Lumen");
    }

    #[test]
    fn missing_articles_leave_the_evidence_blank() {
        let docs = market_docs();
        let mut incident = market_bombing(&docs);
        incident.facts.truncate(1);
        incident.facts[0].sources[0].outlet = None;
        incident.facts[0].sources[0].published = None;
        incident.facts.push(FusedFact {
            sources: Vec::new(),
            ..fact(
                Attribute::Statement,
                Status::SingleSource,
                vec![source(&docs[0], "Witnesses", text("witness statement"))],
            )
        });
        let rows = export(&[incident], &HashMap::new());
        assert_eq!(rows.len(), 3);
        for (column, value) in [
            ("attribute", "event_type"),
            ("value", "bombing/explosion"),
            ("article", "aaaa1111"),
            ("span_start", "2"),
            ("span_end", "16"),
            ("evidence", ""),
            ("outlet", ""),
            ("published", ""),
        ] {
            assert_eq!(cell(&rows[0], column), value, "{column}");
        }
        for (column, value) in [
            ("attribute", "statement"),
            ("value", "witness statement"),
            ("role", ""),
            ("article", ""),
            ("span_start", ""),
        ] {
            assert_eq!(cell(&rows[2], column), value, "{column}");
        }
    }

    #[test]
    fn a_source_dated_relative_to_the_incident_says_when() {
        use newsfuse_core::{Date, Direction, DurationUnit, EventOffset, SourceTime, TimeValue};
        let docs = market_docs();
        let mut incident = market_bombing(&docs);
        incident.facts.truncate(1);
        let offset = EventOffset {
            amount: Some(3),
            unit: DurationUnit::Day,
            direction: Direction::After,
        };
        let anchor = TimeValue::day(Date::new(2031, 5, 2).unwrap());
        let dated = SourceTime {
            span: incident.facts[0].sources[0].provenance.span,
            offset,
            anchor: Some(anchor),
            anchor_articles: vec![docs[1].id.clone()],
            resolved: offset.resolve(&anchor),
        };
        incident.facts[0].sources[0].when = Some(dated.clone());
        let articles: Articles<'_> = docs.iter().map(|d| (d.id.clone(), d)).collect();
        let rows = export(std::slice::from_ref(&incident), &articles);
        assert_eq!(
            cell(&rows[0], "when"),
            "2031-05-05 (3 days after the incident of 2031-05-02)"
        );
        incident.facts[0].sources[0].when = Some(SourceTime {
            anchor: None,
            anchor_articles: Vec::new(),
            resolved: None,
            ..dated
        });
        let rows = export(std::slice::from_ref(&incident), &articles);
        assert_eq!(cell(&rows[0], "when"), "3 days after the incident");
        assert!(rows[1..].iter().all(|r| cell(r, "when").is_empty()));
    }
}
