//! Views of the incident database: the JSON contract (documented by
//! `docs/output.schema.json`), a plain-text report for the terminal and Markdown.
//!
//! The JSON shapes are built here, from the core types, so the core model can change
//! without breaking the wire format: this crate owns the compatibility promise.
//!
//! For analysts, [`write_export`] writes the database in one of the [`ExportFormat`]s:
//! CSV laid out as the Global Terrorism Database or ACLED codebooks, GeoJSON, the JSON
//! contract, or a long CSV table of every fact's sources (see `docs/exports.md`).
#![deny(missing_docs)]

mod acled;
mod analyst;
mod facts_csv;
mod geojson;
mod gtd;

pub use acled::{write_acled, ACLED_COLUMNS};
pub use analyst::{write_export, ExportError, ExportFormat, UnknownFormat};
pub use facts_csv::{write_facts_csv, FACTS_CSV_COLUMNS};
pub use geojson::geojson;
pub use gtd::{write_gtd, GTD_COLUMNS};

use std::collections::HashMap;

use newsfuse_core::{
    ActorRecord, Direction, DocId, Document, Extraction, Fact, FusedFact, Incident, SourceRef,
    SourceTime, Status, TimeRef, Value,
};
use serde_json::{json, Map, Value as Json};

/// The articles an export may quote from, by id.
pub type Articles<'a> = HashMap<DocId, &'a Document>;

/// The JSON of one fact value, per the contract: counts as `{min, max, best?}`, times as
/// ISO 8601 to their grain, places as objects, the rest as strings or small objects.
pub fn value_json(value: &Value) -> Json {
    match value {
        Value::Count { quantity } => {
            let i = quantity.interval;
            let mut m = Map::new();
            m.insert("min".into(), json!(i.min()));
            m.insert("max".into(), json!(i.max()));
            if let Some(best) = i.point() {
                m.insert("best".into(), json!(best));
            }
            m.insert("qualifier".into(), json!(quantity.qualifier.as_str()));
            if let Some(noun) = &quantity.noun {
                m.insert("noun".into(), json!(noun));
            }
            Json::Object(m)
        }
        Value::Time { time } => json!(time.iso()),
        Value::Place { place } => {
            let mut p = json!({
                "name": place.name,
                "country": place.country,
                "country_code": place.country_code,
                "kind": place.kind,
                "lat": place.lat,
                "lon": place.lon,
            });
            // The region a town lies in, when known.
            if let (Some(region), Some(m)) = (&place.region, p.as_object_mut()) {
                m.insert("region".into(), json!(region));
            }
            p
        }
        Value::Actor { name, .. } => json!(name),
        Value::EventType { event_type } => json!(event_type.as_str()),
        Value::Stance { stance } => json!({ "by": stance.by, "about": stance.about }),
        Value::Text { text } => json!(text),
    }
}

/// The words of its article a source rests on: the text under its span, or `""` when
/// the article is not in `articles`.
fn evidence<'a>(source: &SourceRef, articles: &Articles<'a>) -> &'a str {
    let p = &source.provenance;
    articles
        .get(&p.doc)
        .and_then(|d| p.span.slice(&d.text))
        .unwrap_or("")
}

/// The JSON of a time a source gives relative to the incident (`when`), and the day it
/// comes to when the incident's date is known.
fn when_json(w: &SourceTime, doc: Option<&&Document>) -> Json {
    json!({
        "text": doc.and_then(|d| w.span.slice(&d.text)).unwrap_or(""),
        "span": [w.span.start(), w.span.end()],
        "relative": format!("{} the incident", w.offset.describe()),
        "offset": {
            "amount": w.offset.amount,
            "unit": w.offset.unit.as_str(),
            "direction": match w.offset.direction {
                Direction::Before => "before",
                Direction::After => "after",
            },
        },
        "value": w.value().map(|v| v.iso()),
        "first": w.resolved.map(|r| r.range.first.to_string()),
        "last": w.resolved.map(|r| r.range.last.to_string()),
        "anchor": w.anchor.map(|v| v.iso()),
        "anchor_articles": w.anchor_articles.iter().map(|d| d.0.as_str()).collect::<Vec<_>>(),
    })
}

fn source_json(source: &SourceRef, articles: &Articles<'_>) -> Json {
    let p = &source.provenance;
    let doc = articles.get(&p.doc);
    let text = evidence(source, articles);
    let sentence = doc
        .and_then(|d| p.sentence_span.slice(&d.text))
        .unwrap_or("");
    let mut json = json!({
        "article": p.doc.0,
        "span": [p.span.start(), p.span.end()],
        "text": text,
        "sentence": sentence,
        "value": value_json(&source.value),
        "who_says": p.attribution.who_says,
        "hedged": p.attribution.hedge.is_some(),
        "hedge": p.attribution.hedge,
        "modality": p.attribution.modality.as_str(),
        "published": source.published.map(|d| d.to_string()),
        "outlet": source.outlet,
    });
    if let Some(w) = &source.when {
        json["when"] = when_json(w, doc);
    }
    json
}

fn fact_json(fact: &FusedFact, articles: &Articles<'_>) -> Json {
    json!({
        "attribute": fact.attribute.as_str(),
        "value": value_json(&fact.value),
        "display": fact.value.display(),
        "status": fact.status.as_str(),
        "note": fact.note,
        "sources": fact.sources.iter().map(|s| source_json(s, articles)).collect::<Vec<_>>(),
        "disagreeing": fact.disagreeing.iter().map(|s| source_json(s, articles)).collect::<Vec<_>>(),
    })
}

/// The JSON of one incident.
pub fn incident_json(incident: &Incident, articles: &Articles<'_>) -> Json {
    json!({
        "id": incident.id,
        "summary": incident.summary,
        "articles": incident.articles.iter().map(|id| {
            let doc = articles.get(id);
            json!({
                "id": id.0,
                "title": doc.and_then(|d| d.title.clone()),
                "source": doc.and_then(|d| d.source.clone()),
                "published": doc.and_then(|d| d.published).map(|d| d.to_string()),
                "url": doc.and_then(|d| d.url.clone()),
                "origin": doc.map(|d| d.origin.clone()),
            })
        }).collect::<Vec<_>>(),
        "facts": incident.facts.iter().map(|f| fact_json(f, articles)).collect::<Vec<_>>(),
    })
}

/// What extraction found in one article, for `newsfuse extract`: every layer with its
/// byte spans and the text under them.
pub fn extraction_json(doc: &Document, extraction: &Extraction) -> Json {
    let text = |span: newsfuse_core::Span| span.slice(&doc.text).unwrap_or("");
    let time_json = |r: &TimeRef| match r {
        TimeRef::Point { value } => {
            json!({"kind": "point", "value": value.iso(), "grain": value.grain.as_str()})
        }
        TimeRef::Since { value } => {
            json!({"kind": "since", "value": value.iso(), "grain": value.grain.as_str()})
        }
        TimeRef::Until { value } => {
            json!({"kind": "until", "value": value.iso(), "grain": value.grain.as_str()})
        }
        TimeRef::Duration { amount, unit, half } => {
            json!({"kind": "duration", "value": unit.iso_with_half(*amount, *half), "unit": unit.as_str(), "amount": amount})
        }
        TimeRef::Set { every, on, times } => json!({
            "kind": "set",
            "value": every.iso(Some(1)),
            "every": every.as_str(),
            "on": on.map(|v| v.iso()),
            "times": times,
        }),
        TimeRef::Relative { point } => json!({"kind": "relative", "value": point.timeml()}),
        TimeRef::Unresolved => json!({"kind": "unresolved"}),
    };
    let fact = |f: &Fact| {
        json!({
            "attribute": f.attribute.as_str(),
            "value": value_json(&f.value),
            "span": [f.provenance.span.start(), f.provenance.span.end()],
            "text": text(f.provenance.span),
            "sentence": f.provenance.sentence,
            "who_says": f.provenance.attribution.who_says,
            "hedge": f.provenance.attribution.hedge,
            "modality": f.provenance.attribution.modality.as_str(),
        })
    };
    json!({
        "sentences": extraction.sentences.len(),
        "mentions": extraction.mentions.iter().map(|m| json!({
            "span": [m.span.start(), m.span.end()],
            "text": text(m.span),
            "kind": m.kind.as_str(),
            "key": m.key,
            "place": m.place.as_ref().map(|p| json!({
                "name": p.name,
                "country": p.country,
                "country_code": p.country_code,
                "kind": p.kind,
                "lat": p.lat,
                "lon": p.lon,
                "region": p.region,
            })),
        })).collect::<Vec<_>>(),
        "times": extraction.times.iter().map(|(sp, r)| json!({
            "span": [sp.start(), sp.end()],
            "text": text(*sp),
            "time": time_json(r),
        })).collect::<Vec<_>>(),
        "time_ranges": extraction.time_ranges.iter().map(|(sp, r)| json!({
            "span": [sp.start(), sp.end()],
            "text": text(*sp),
            "value": r.iso(),
            "from": r.from.iso(),
            "to": r.to.iso(),
            "first_day": r.date_range().map(|d| d.first.to_string()),
            "last_day": r.date_range().map(|d| d.last.to_string()),
        })).collect::<Vec<_>>(),
        "quantities": extraction.quantities.iter().map(|(sp, q)| json!({
            "span": [sp.start(), sp.end()],
            "text": text(*sp),
            "value": value_json(&Value::Count { quantity: q.clone() }),
        })).collect::<Vec<_>>(),
        "proportions": extraction.proportions.iter().map(|(sp, p)| json!({
            "span": [sp.start(), sp.end()],
            "text": text(*sp),
            "numerator": p.numerator,
            "denominator": p.denominator,
            "qualifier": p.qualifier.as_str(),
            "of": p.of,
            "count": p.count.map(|c| json!({"min": c.min(), "max": c.max()})),
        })).collect::<Vec<_>>(),
        "events": extraction.events.iter().map(|e| json!({
            "span": [e.span.start(), e.span.end()],
            "text": text(e.span),
            "sentence": e.sentence,
            "event_type": e.event_type.as_str(),
        })).collect::<Vec<_>>(),
        "facts": extraction.facts.iter().map(fact).collect::<Vec<_>>(),
        "other_incidents": extraction.other_incidents.iter().map(|i| json!({
            "sentences": i.sentences,
            "facts": i.facts.iter().map(fact).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "relative_times": extraction.relative_times.iter().map(|t| json!({
            "sentence": t.sentence,
            "span": [t.time.span.start(), t.time.span.end()],
            "text": text(t.time.span),
            "relative": format!("{} the incident", t.time.offset.describe()),
            "dates": t.attributes.iter().map(|a| a.as_str()).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "actor_facts": extraction.actor_facts.iter().map(|f| json!({
            "actor": f.actor,
            "attribute": f.attribute,
            "value": f.value,
            "text": text(f.provenance.span),
        })).collect::<Vec<_>>(),
    })
}

/// The JSON of one actor record.
pub fn actor_json(actor: &ActorRecord, articles: &Articles<'_>) -> Json {
    json!({
        "name": actor.name,
        "kind": actor.kind.as_str(),
        "aliases": actor.aliases,
        "incidents": actor.incidents,
        "claims": actor.claims,
        "facts": actor.facts.iter().map(|f| {
            let doc = articles.get(&f.provenance.doc);
            json!({
                "attribute": f.attribute,
                "value": f.value,
                "article": f.provenance.doc.0,
                "span": [f.provenance.span.start(), f.provenance.span.end()],
                "text": doc.and_then(|d| f.provenance.span.slice(&d.text)).unwrap_or(""),
            })
        }).collect::<Vec<_>>(),
    })
}

/// The whole database as `{"incidents": [...], "actors": [...]}`.
pub fn database_json(
    incidents: &[Incident],
    actors: &[ActorRecord],
    articles: &Articles<'_>,
) -> Json {
    json!({
        "incidents": incidents.iter().map(|i| incident_json(i, articles)).collect::<Vec<_>>(),
        "actors": actors.iter().map(|a| actor_json(a, articles)).collect::<Vec<_>>(),
    })
}

fn badge(status: Status) -> &'static str {
    match status {
        Status::Agreed => "agreed",
        Status::Updated => "UPDATED",
        Status::Conflict => "CONFLICT",
        Status::SingleSource => "single source",
    }
}

fn short(id: &DocId) -> &str {
    id.0.get(..8).unwrap_or(&id.0)
}

fn quote(source: &SourceRef, articles: &Articles<'_>) -> String {
    let p = &source.provenance;
    let text = evidence(source, articles).replace('\n', " ");
    let mut s = format!("{} \"{}\"", short(&p.doc), text);
    if let Some(who) = &p.attribution.who_says {
        s.push_str(&format!(" (per {who})"));
    }
    if let Some(hedge) = &p.attribution.hedge {
        s.push_str(&format!(" [hedged: {hedge}]"));
    }
    if let Some(w) = &source.when {
        s.push_str(&format!(" [when: {}", w.describe()));
        if !w.anchor_articles.is_empty() {
            let by: Vec<&str> = w.anchor_articles.iter().map(short).collect();
            s.push_str(&format!(", the incident dated by {}", by.join(", ")));
        }
        s.push(']');
    }
    s
}

/// A plain-text report for the terminal.
pub fn incident_text(incident: &Incident, articles: &Articles<'_>) -> String {
    let mut out = String::new();
    out.push_str(&format!("Incident {}: {}\n", incident.id, incident.summary));
    out.push_str(&format!("  {} article(s):\n", incident.articles.len()));
    for id in &incident.articles {
        let doc = articles.get(id);
        let title = doc
            .and_then(|d| d.title.clone())
            .unwrap_or_else(|| "(untitled)".into());
        let outlet = doc
            .and_then(|d| d.source.clone())
            .unwrap_or_else(|| "unknown outlet".into());
        let date = doc
            .and_then(|d| d.published)
            .map(|d| d.to_string())
            .unwrap_or_else(|| "undated".into());
        out.push_str(&format!(
            "    {} {} — {}, {}\n",
            short(id),
            title,
            outlet,
            date
        ));
    }
    for fact in &incident.facts {
        out.push_str(&format!(
            "  {:<22} {:<40} [{}]\n",
            fact.attribute.as_str(),
            fact.value.display(),
            badge(fact.status)
        ));
        if fact.status != Status::SingleSource || !fact.disagreeing.is_empty() {
            out.push_str(&format!("      why: {}\n", fact.note));
        }
        for s in &fact.sources {
            out.push_str(&format!("      + {}\n", quote(s, articles)));
        }
        for s in &fact.disagreeing {
            out.push_str(&format!("      - {}\n", quote(s, articles)));
        }
    }
    out
}

/// A plain-text actor page.
pub fn actor_text(actor: &ActorRecord, articles: &Articles<'_>) -> String {
    let mut out = format!("Actor {} ({})\n", actor.name, actor.kind.as_str());
    out.push_str(&format!("  aliases:   {}\n", actor.aliases.join(", ")));
    let list = |v: &[String]| {
        if v.is_empty() {
            "none".to_string()
        } else {
            v.join(", ")
        }
    };
    out.push_str(&format!("  incidents: {}\n", list(&actor.incidents)));
    out.push_str(&format!("  claims:    {}\n", list(&actor.claims)));
    for f in &actor.facts {
        let text = articles
            .get(&f.provenance.doc)
            .and_then(|d| f.provenance.span.slice(&d.text))
            .unwrap_or("");
        out.push_str(&format!(
            "  {:<11}{}  ({} \"{}\")\n",
            format!("{}:", f.attribute),
            f.value,
            short(&f.provenance.doc),
            text
        ));
    }
    out
}

/// Markdown for a set of incidents, with evidence quotes.
pub fn incidents_markdown(incidents: &[Incident], articles: &Articles<'_>) -> String {
    let mut out = String::from("# Incidents\n\n");
    for incident in incidents {
        out.push_str(&format!("## {} — {}\n\n", incident.id, incident.summary));
        out.push_str("| attribute | value | status | sources |\n|---|---|---|---|\n");
        for fact in &incident.facts {
            let sources: Vec<String> = fact
                .sources
                .iter()
                .map(|s| format!("+ {}", quote(s, articles)))
                .chain(
                    fact.disagreeing
                        .iter()
                        .map(|s| format!("− {}", quote(s, articles))),
                )
                .map(|s| s.replace('|', "\\|"))
                .collect();
            out.push_str(&format!(
                "| {} | {} | {} | {} |\n",
                fact.attribute.as_str(),
                fact.value.display().replace('|', "\\|"),
                fact.status.as_str(),
                sources.join("<br>")
            ));
        }
        out.push('\n');
    }
    out
}
