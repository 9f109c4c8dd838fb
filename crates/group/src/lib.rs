//! Grouping: which articles report the same real-world event.
//!
//! Each article with an attack in it is reduced to [`Features`]: attack type, date,
//! place, actors, death toll and the word shingles of its text. Articles are taken in
//! order; each joins the best-matching existing group or opens a new one. Hard
//! constraints keep apart what cannot be one event: places more than
//! [`MAX_DISTANCE_KM`] apart or in different countries, full dates more than
//! [`MAX_DAYS_APART`] days apart. Within those, a score from shared place, date, actors,
//! attack type and text overlap must reach [`JOIN_SCORE`].
//!
//! Pure: no I/O, deterministic for a given order.
#![deny(missing_docs)]

use std::collections::HashSet;

pub mod dedup;

use newsfuse_core::{
    Attribute, DocId, Document, EventType, Extraction, Interval, PlaceRef, TimeValue, Value,
};

/// Places further apart than this are different events.
pub const MAX_DISTANCE_KM: f64 = 100.0;
/// Full dates further apart than this are different events.
pub const MAX_DAYS_APART: i64 = 3;
/// The score an article needs to join a group.
pub const JOIN_SCORE: f64 = 3.0;

/// What grouping looks at in one article.
#[derive(Debug, Clone)]
pub struct Features {
    /// The article.
    pub doc: DocId,
    /// Attack type of the main event.
    pub event_type: Option<EventType>,
    /// Date of the main event.
    pub date: Option<TimeValue>,
    /// Where (most specific place).
    pub place: Option<PlaceRef>,
    /// Canonical names of perpetrators and claimants.
    pub actors: Vec<String>,
    /// Facility names.
    pub facilities: Vec<String>,
    /// Killed interval.
    pub killed: Option<Interval>,
    /// Hashes of word 3-shingles of the text.
    pub shingles: HashSet<u64>,
}

fn fnv(words: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for w in words {
        for b in w.bytes() {
            h ^= u64::from(b.to_ascii_lowercase());
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        h ^= 0xff;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

pub(crate) fn shingles(text: &str) -> HashSet<u64> {
    let words: Vec<&str> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() > 2)
        .collect();
    words.windows(3).map(fnv).collect()
}

/// Reduces an article to what grouping needs; `None` when it reports no attack.
pub fn features(doc: &Document, extraction: &Extraction) -> Option<Features> {
    if extraction.events.is_empty() {
        return None;
    }
    let mut f = Features {
        doc: doc.id.clone(),
        event_type: None,
        date: None,
        place: None,
        actors: Vec::new(),
        facilities: Vec::new(),
        killed: None,
        shingles: shingles(&doc.text),
    };
    for fact in &extraction.facts {
        match (&fact.attribute, &fact.value) {
            (Attribute::EventType, Value::EventType { event_type }) if f.event_type.is_none() => {
                f.event_type = Some(*event_type);
            }
            (Attribute::Date, Value::Time { time }) if f.date.is_none() => f.date = Some(*time),
            (Attribute::Place, Value::Place { place }) => {
                let better = match &f.place {
                    None => true,
                    Some(p) => p.kind == "country" && place.kind != "country",
                };
                if better {
                    f.place = Some(place.clone());
                }
            }
            (Attribute::PerpetratorOrg | Attribute::PerpetratorInd, Value::Actor { name, .. }) => {
                f.actors.push(name.clone());
            }
            (Attribute::Claim, Value::Stance { stance }) => f.actors.extend(stance.by.clone()),
            (Attribute::Facility, Value::Text { text }) => f.facilities.push(text.to_lowercase()),
            (Attribute::Killed, Value::Count { quantity }) if f.killed.is_none() => {
                f.killed = Some(quantity.interval);
            }
            _ => {}
        }
    }
    f.actors.sort();
    f.actors.dedup();
    Some(f)
}

fn distance_km(a: &PlaceRef, b: &PlaceRef) -> f64 {
    let (p1, p2) = (a.lat.to_radians(), b.lat.to_radians());
    let dp = (b.lat - a.lat).to_radians();
    let dl = (b.lon - a.lon).to_radians();
    let h = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().asin()
}

/// How well article `a` matches article `b`: `None` when they cannot be one event.
pub fn score(a: &Features, b: &Features) -> Option<f64> {
    let mut s = 0.0;
    if let (Some(pa), Some(pb)) = (&a.place, &b.place) {
        if pa.country_code != pb.country_code {
            return None;
        }
        if pa.kind != "country" && pb.kind != "country" {
            if distance_km(pa, pb) > MAX_DISTANCE_KM {
                return None;
            }
            s += 3.0;
        } else {
            s += 1.0;
        }
    }
    if let (Some(da), Some(db)) = (&a.date, &b.date) {
        match (da.as_date(), db.as_date()) {
            (Some(x), Some(y)) => {
                let apart = (x.days_since_epoch() - y.days_since_epoch()).abs();
                if apart > MAX_DAYS_APART {
                    return None;
                }
                s += if apart == 0 { 2.0 } else { 1.0 };
            }
            _ if da.is_compatible(db) && da.day.is_some() && db.day.is_some() => s += 2.0,
            _ if !da.is_compatible(db) && da.day.is_some() && db.day.is_some() => return None,
            _ => {}
        }
    }
    if let (Some(ta), Some(tb)) = (a.event_type, b.event_type) {
        if ta == tb {
            s += 1.0;
        }
    }
    if a.actors.iter().any(|x| b.actors.contains(x)) {
        s += 2.0;
    }
    if a.facilities.iter().any(|x| b.facilities.contains(x)) {
        s += 2.0;
    }
    if let (Some(ka), Some(kb)) = (a.killed, b.killed) {
        if ka.is_consistent_with(kb) {
            s += 0.5;
        }
    }
    let inter = a.shingles.intersection(&b.shingles).count();
    let union = a.shingles.len() + b.shingles.len() - inter;
    if union > 0 {
        s += 6.0 * inter as f64 / union as f64;
    }
    Some(s)
}

/// Groups articles: returns, for each event, the indices of its articles in `all`,
/// in input order. Articles are taken in input order; each joins the group whose
/// members it matches best (every member must be compatible) or opens a new one.
pub fn group(all: &[Features]) -> Vec<Vec<usize>> {
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (idx, f) in all.iter().enumerate() {
        let mut best: Option<(usize, f64)> = None;
        for (g_idx, members) in groups.iter().enumerate() {
            let scores: Option<Vec<f64>> = members.iter().map(|&m| score(f, &all[m])).collect();
            let Some(scores) = scores else { continue };
            let top = scores.iter().copied().fold(0.0, f64::max);
            if top >= JOIN_SCORE && best.is_none_or(|(_, b)| top > b) {
                best = Some((g_idx, top));
            }
        }
        match best {
            Some((g_idx, _)) => groups[g_idx].push(idx),
            None => groups.push(vec![idx]),
        }
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(name: &str, cc: &str, lat: f64, lon: f64) -> PlaceRef {
        PlaceRef {
            name: name.to_string(),
            country: cc.to_string(),
            country_code: cc.to_string(),
            kind: "city".to_string(),
            lat,
            lon,
        }
    }

    fn feat(
        id: &str,
        p: Option<PlaceRef>,
        date: Option<TimeValue>,
        actors: &[&str],
        text: &str,
    ) -> Features {
        Features {
            doc: DocId(id.to_string()),
            event_type: Some(EventType::Bombing),
            date,
            place: p,
            actors: actors.iter().map(|a| a.to_string()).collect(),
            facilities: Vec::new(),
            killed: None,
            shingles: shingles(text),
        }
    }

    #[test]
    fn same_city_same_day_join_and_other_city_stays_apart() {
        let day = newsfuse_core::Date::new(2025, 5, 4)
            .ok()
            .map(TimeValue::day);
        let lyon = place("Lyon", "FR", 45.75, 4.85);
        let marseille = place("Marseille", "FR", 43.30, 5.37);
        let all = vec![
            feat(
                "a",
                Some(lyon.clone()),
                day,
                &["Front X"],
                "a bomb went off at the market",
            ),
            feat(
                "b",
                Some(marseille),
                day,
                &["Front X"],
                "a bomb went off at the market",
            ),
            feat("c", Some(lyon), day, &[], "explosion near the station"),
        ];
        assert_eq!(group(&all), vec![vec![0, 2], vec![1]]);
    }

    #[test]
    fn dates_a_week_apart_are_two_events() {
        let lyon = place("Lyon", "FR", 45.75, 4.85);
        let d1 = newsfuse_core::Date::new(2025, 5, 4)
            .ok()
            .map(TimeValue::day);
        let d2 = newsfuse_core::Date::new(2025, 5, 11)
            .ok()
            .map(TimeValue::day);
        let all = vec![
            feat(
                "a",
                Some(lyon.clone()),
                d1,
                &[],
                "same words here and there",
            ),
            feat("b", Some(lyon), d2, &[], "same words here and there"),
        ];
        assert_eq!(score(&all[0], &all[1]), None);
        assert_eq!(group(&all), vec![vec![0], vec![1]]);
    }

    #[test]
    fn year_unknown_day_is_compatible_with_the_full_date() {
        let lyon = place("Lyon", "FR", 45.75, 4.85);
        let full = newsfuse_core::Date::new(2025, 5, 4)
            .ok()
            .map(TimeValue::day);
        let partial = Some(TimeValue::day_without_year(5, 4));
        let other = Some(TimeValue::day_without_year(5, 9));
        let a = feat("a", Some(lyon.clone()), full, &[], "x");
        let b = feat("b", Some(lyon.clone()), partial, &[], "y");
        let c = feat("c", Some(lyon), other, &[], "z");
        assert_eq!(score(&a, &b), Some(5.0 + 1.0));
        assert_eq!(score(&a, &c), None);
    }
}
