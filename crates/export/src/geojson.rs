//! GeoJSON (RFC 7946): a FeatureCollection with one Point per incident that has a place,
//! and the ids of the others in a top-level `unlocated` member.

use newsfuse_core::{Attribute, Incident, Status, Value};
use serde_json::{json, Map, Value as Json};

use crate::analyst::Digest;
use crate::{value_json, Articles};

/// The more cautionary of two statuses: conflict, then updated, then single source,
/// then agreed.
fn caution(status: Status) -> u8 {
    match status {
        Status::Conflict => 3,
        Status::Updated => 2,
        Status::SingleSource => 1,
        Status::Agreed => 0,
    }
}

/// Each attribute's status; for attributes with several values (victims, weapons), the
/// most cautionary of theirs.
fn statuses(incident: &Incident) -> Map<String, Json> {
    let mut by_attribute: Vec<(Attribute, Status)> = Vec::new();
    for fact in &incident.facts {
        match by_attribute.iter_mut().find(|(a, _)| *a == fact.attribute) {
            Some((_, s)) if caution(fact.status) > caution(*s) => *s = fact.status,
            Some(_) => {}
            None => by_attribute.push((fact.attribute, fact.status)),
        }
    }
    by_attribute
        .into_iter()
        .map(|(a, s)| (a.as_str().to_string(), json!(s.as_str())))
        .collect()
}

/// A count's JSON as in the contract (`{min, max, best?, qualifier, noun?}`), or null.
fn count_json(incident: &Incident, attribute: Attribute) -> Json {
    incident
        .facts_about(attribute)
        .find(|f| matches!(f.value, Value::Count { .. }))
        .map_or(Json::Null, |f| value_json(&f.value))
}

/// The incidents as a GeoJSON FeatureCollection. Each incident with a place becomes a
/// Point at the place's coordinates (`[lon, lat]`); the ids of incidents without one
/// are listed in `unlocated`.
pub fn geojson(incidents: &[Incident], articles: &Articles<'_>) -> Json {
    let mut features = Vec::new();
    let mut unlocated = Vec::new();
    for incident in incidents {
        let d = Digest::new(incident, articles);
        let Some(place) = d.place.filter(|p| p.lat.is_finite() && p.lon.is_finite()) else {
            unlocated.push(json!(incident.id));
            continue;
        };
        let perpetrators: Vec<&str> = d
            .perpetrator_org
            .iter()
            .copied()
            .chain(d.perpetrators_ind.iter().copied())
            .collect();
        features.push(json!({
            "type": "Feature",
            "id": incident.id,
            "geometry": {"type": "Point", "coordinates": [place.lon, place.lat]},
            "properties": {
                "id": incident.id,
                "summary": incident.summary,
                "date": d.date.map(|t| t.iso()),
                "event_type": d.event_type.map(|e| e.as_str()),
                "place": value_json(&Value::Place { place: place.clone() }),
                "killed": count_json(incident, Attribute::Killed),
                "wounded": count_json(incident, Attribute::Wounded),
                "perpetrators": perpetrators,
                "n_articles": incident.articles.len(),
                "sources": d.outlets,
                "statuses": statuses(incident),
            },
        }));
    }
    json!({
        "type": "FeatureCollection",
        "features": features,
        "unlocated": unlocated,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyst::testkit::*;
    use std::collections::HashMap;

    #[test]
    fn located_incidents_are_points_and_the_rest_are_listed() {
        let docs = market_docs();
        let incident = market_bombing(&docs);
        let articles: Articles<'_> = docs.iter().map(|d| (d.id.clone(), d)).collect();
        let collection = geojson(&[incident, bare_incident("inc-nowhere")], &articles);
        let expected = json!({
            "type": "FeatureCollection",
            "features": [{
                "type": "Feature",
                "id": "inc-aaaa1111",
                "geometry": {"type": "Point", "coordinates": [-61.25, 12.5]},
                "properties": {
                    "id": "inc-aaaa1111",
                    "summary": "bombing/explosion on market in Port Lumen, Freedonia, 2031-05-03, killed: 12",
                    "date": "2031-05-03",
                    "event_type": "bombing",
                    "place": {
                        "name": "Port Lumen",
                        "country": "Freedonia",
                        "country_code": "FD",
                        "kind": "city",
                        "lat": 12.5,
                        "lon": -61.25,
                    },
                    "killed": {"min": 12, "max": 12, "best": 12, "qualifier": "exact", "noun": "people"},
                    "wounded": {"min": 30, "max": null, "qualifier": "exact", "noun": "people"},
                    "perpetrators": ["Harbour Front", "suicide bomber"],
                    "n_articles": 2,
                    "sources": ["Lumen Daily", "Coastal Wire"],
                    "statuses": {
                        "event_type": "agreed",
                        "date": "single_source",
                        "place": "agreed",
                        "perpetrator_org": "agreed",
                        "perpetrator_ind": "single_source",
                        "killed": "agreed",
                        "wounded": "conflict",
                        "targets": "agreed",
                        "weapons": "single_source",
                        "claim": "single_source",
                    },
                },
            }],
            "unlocated": ["inc-nowhere"],
        });
        assert_eq!(collection, expected);
    }

    #[test]
    fn an_empty_database_is_an_empty_collection() {
        assert_eq!(
            geojson(&[], &HashMap::new()),
            json!({"type": "FeatureCollection", "features": [], "unlocated": []})
        );
    }

    #[test]
    fn several_values_report_the_most_cautionary_status() {
        let docs = market_docs();
        let mut incident = market_bombing(&docs);
        for f in incident.facts.iter_mut() {
            if f.attribute == Attribute::Weapons && f.sources[0].value == text("rifles") {
                f.status = Status::Agreed;
            }
        }
        let s = statuses(&incident);
        assert_eq!(s["weapons"], json!("single_source"));
        incident.facts[8].status = Status::Agreed;
        assert_eq!(statuses(&incident)["weapons"], json!("agreed"));
    }
}
