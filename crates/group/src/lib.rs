//! Grouping: which articles report the same real-world event.
//!
//! Each article is reduced to [`Features`]: its words (for a TF-IDF vector, see
//! [`text`]), and what extraction found about its main event: type, date, place,
//! actors, facilities, death toll. [`group`] then:
//!
//! 1. weights every article's words by inverse document frequency over the articles
//!    being grouped;
//! 2. **blocks**: proposes as candidates only pairs that share one of their
//!    [`BLOCK_TERMS`] heaviest terms and whose days (event date, else publication day)
//!    are at most [`BLOCK_DAYS`] apart, so the cost grows with the number of articles
//!    and not its square (a term shared by more than [`MAX_POSTING`] articles of the
//!    same window names no event and is skipped);
//! 3. scores each candidate pair with [`similarity`]: the cosine of the two vectors
//!    plus small bonuses for the same place, date, actors, facility, event type and a
//!    consistent toll, and a penalty for towns more than [`MAX_DISTANCE_KM`] apart,
//!    different countries, or dates more than [`MAX_DAYS_APART`] days apart;
//! 4. clusters by average link ([`cluster::average_link`]) until no two groups
//!    average [`JOIN_SIMILARITY`];
//! 5. splits each group of [`MIN_REFINE`] or more again, its terms now weighted by
//!    how few of *its* articles hold them: the words all its articles share (the kind
//!    of event: earthquake, Iran, magnitude) weigh nothing, and the names, dates and
//!    figures that differ decide, by average link at [`REFINE_SIMILARITY`]. That is
//!    what keeps apart two earthquakes off the same coast a year apart.
//!
//! Pure: no I/O, deterministic for a given input order.
#![deny(missing_docs)]

use std::collections::HashMap;

pub mod cluster;
pub mod dedup;
pub mod text;

use newsfuse_core::{
    Attribute, DocId, Document, EventType, Extraction, Fact, Interval, PlaceRef, TimeValue, Value,
};

/// What a conflicting place or date takes off a pair's similarity (extraction can
/// misread either, so they weigh against a pair rather than forbid it: on the ECB+
/// shared split a veto cost 0.02 to 0.05 B3 F1, and a penalty of 0.3 cost 0.02).
pub const CONFLICT_PENALTY: f64 = 0.10;
/// What two event days a day or more apart take off a pair's similarity when both
/// articles have a publication day: their dates were then read against a known day
/// ("on Thursday" in an article of Saturday), and reports of one event agree on its
/// day. Without publication days (ECB+) a relative date cannot be anchored and the
/// milder [`CONFLICT_PENALTY`] applies beyond [`MAX_DAYS_APART`] only.
pub const ANCHORED_DATE_PENALTY: f64 = 0.35;
/// What a pair loses when the later-published article gives an exact toll below the
/// lowest toll of the earlier one (tolls rise as bodies are found; only articles
/// with publication days can be ordered). On the synthetic stream 0.35 and 0.50 gave
/// killed exact 95.50% and 96.52%; ECB+ has no publication days.
pub const TOLL_DROP_PENALTY: f64 = 0.35;
/// What two towns more than [`MAX_DISTANCE_KM`] apart take off a pair's similarity.
pub const TOWN_CONFLICT_PENALTY: f64 = 0.30;
/// Towns further apart than this are different events.
pub const MAX_DISTANCE_KM: f64 = 100.0;
/// Full dates further apart than this are different events.
pub const MAX_DAYS_APART: i64 = 3;
/// The average similarity two groups need to merge (tuned on the ECB+ shared split;
/// 0.14 until the extraction of 2026-11-25 read more places and names: B3 F1 90.36 at
/// 0.13, 89.86 at 0.14, 89.79 at 0.12).
pub const JOIN_SIMILARITY: f64 = 0.13;
/// The average similarity, with terms weighted within the group, that two parts of a
/// group need to stay together (tuned on the ECB+ shared split).
pub const REFINE_SIMILARITY: f64 = 0.07;
/// Groups smaller than this are not split again.
pub const MIN_REFINE: usize = 4;
/// Heaviest terms per article used to propose candidate pairs.
pub const BLOCK_TERMS: usize = 10;
/// Days apart within which two dated articles can be candidates.
pub const BLOCK_DAYS: i64 = 7;
/// A term held by more articles than this within one window proposes no pairs.
pub const MAX_POSTING: usize = 64;
/// Raw term counts kept per article (the heaviest).
pub const MAX_RAW_TERMS: usize = 96;

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

/// Hashes of the word 3-shingles of `text` (words of three letters or more), for
/// near-copy detection.
pub(crate) fn shingles(text: &str) -> std::collections::HashSet<u64> {
    let words: Vec<&str> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() > 2)
        .collect();
    words.windows(3).map(fnv).collect()
}

/// What grouping looks at in one article.
#[derive(Debug, Clone)]
pub struct Features {
    /// The article.
    pub doc: DocId,
    /// Which of the article's incidents this is: 0 for its main incident, `k` for the
    /// `k`-th of [`Extraction::other_incidents`] (see [`unit_features`]).
    pub incident: u32,
    /// Attack type of the main event.
    pub event_type: Option<EventType>,
    /// Date of the main event.
    pub date: Option<TimeValue>,
    /// Publication day, days since the epoch.
    pub published: Option<i64>,
    /// Where (most specific place).
    pub place: Option<PlaceRef>,
    /// Canonical names of perpetrators and claimants.
    pub actors: Vec<String>,
    /// Facility names.
    pub facilities: Vec<String>,
    /// Killed interval.
    pub killed: Option<Interval>,
    /// Weighted term counts of the text (see [`text::term_counts`]), the heaviest
    /// [`MAX_RAW_TERMS`], sorted by term.
    pub terms: Box<[(text::Term, f32)]>,
}

impl Features {
    /// The day used for blocking: the event's full date, else the publication day.
    pub fn day(&self) -> Option<i64> {
        self.date
            .and_then(|d| d.as_date())
            .map(|d| d.days_since_epoch())
            .or(self.published)
    }
}

/// Reduces an article to what grouping needs; `None` when it reports no attack (the
/// incidents newsfuse builds are attacks). [`features_any`] takes every article.
pub fn features(doc: &Document, extraction: &Extraction) -> Option<Features> {
    if extraction.events.is_empty() {
        return None;
    }
    Some(features_any(doc, extraction))
}

fn heaviest(mut terms: Vec<(text::Term, f32)>, n: usize) -> Vec<(text::Term, f32)> {
    if terms.len() > n {
        terms.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        terms.truncate(n);
        terms.sort_unstable_by_key(|&(t, _)| t);
    }
    terms
}

/// Reduces any article, with or without an attack, to what grouping needs: its whole
/// text and its main incident's facts.
pub fn features_any(doc: &Document, extraction: &Extraction) -> Features {
    features_of(doc, 0, &extraction.facts, &doc.text)
}

/// The grouping units of an article: one [`Features`] per incident it reports (none
/// when it reports no attack). An article of one attack is one unit, as
/// [`features`] gives it; an article that reports several attacks gives one unit per
/// incident, each from that incident's own facts and the words of its own sentences,
/// so that each can join the group of its own event.
pub fn unit_features(doc: &Document, extraction: &Extraction) -> Vec<Features> {
    if extraction.events.is_empty() {
        return Vec::new();
    }
    if extraction.other_incidents.is_empty() {
        return vec![features_any(doc, extraction)];
    }
    (0..=extraction.other_incidents.len())
        .map(|k| {
            let mut words = String::new();
            for (idx, sp) in extraction.sentences.iter().enumerate() {
                if extraction.in_incident(k, idx) {
                    words.push_str(sp.slice(&doc.text).unwrap_or(""));
                    words.push('\n');
                }
            }
            features_of(doc, k as u32, extraction.incident_facts(k), &words)
        })
        .collect()
}

fn features_of(doc: &Document, incident: u32, facts: &[Fact], words: &str) -> Features {
    let mut f = Features {
        doc: doc.id.clone(),
        incident,
        event_type: None,
        date: None,
        published: doc.published.map(|d| d.days_since_epoch()),
        place: None,
        actors: Vec::new(),
        facilities: Vec::new(),
        killed: None,
        terms: heaviest(text::term_counts(words), MAX_RAW_TERMS).into_boxed_slice(),
    };
    for fact in facts {
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
    f
}

fn distance_km(a: &PlaceRef, b: &PlaceRef) -> f64 {
    let (p1, p2) = (a.lat.to_radians(), b.lat.to_radians());
    let dp = (b.lat - a.lat).to_radians();
    let dl = (b.lon - a.lon).to_radians();
    let h = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().asin()
}

/// What the structured signals say about two articles, to add to their text
/// similarity: a bonus for the same town, day, actor, facility, event type or a
/// consistent toll, [`TOWN_CONFLICT_PENALTY`] off for towns more than
/// [`MAX_DISTANCE_KM`] apart, [`CONFLICT_PENALTY`] for different countries or dates
/// more than [`MAX_DAYS_APART`] days apart, [`ANCHORED_DATE_PENALTY`] for different
/// days when both articles have a publication day, [`TOLL_DROP_PENALTY`] when a later
/// report's exact toll is below an earlier report's.
/// `None` (a veto, which the clustering honours: no group holds both) for two incidents
/// of one article, which its extraction told apart.
pub fn structured(a: &Features, b: &Features) -> Option<f64> {
    if a.doc == b.doc && a.incident != b.incident {
        return None;
    }
    let mut s = 0.0;
    if let (Some(pa), Some(pb)) = (&a.place, &b.place) {
        // One town's name read as towns of two countries ("Tripoli": Lebanon's where a
        // report names the country, Libya's where it does not) is the same name, as
        // fusion reads it: no conflict.
        if pa.same_name_read_apart(pb) {
            s += 0.10;
        } else if pa.kind != "country" && pb.kind != "country" {
            s += if pa.country_code != pb.country_code || distance_km(pa, pb) > MAX_DISTANCE_KM {
                -TOWN_CONFLICT_PENALTY
            } else {
                0.10
            };
        } else if pa.country_code == pb.country_code {
            s += 0.03;
        } else {
            s -= CONFLICT_PENALTY;
        }
    }
    if let (Some(da), Some(db)) = (&a.date, &b.date) {
        match (da.as_date(), db.as_date()) {
            (Some(x), Some(y)) => {
                let apart = (x.days_since_epoch() - y.days_since_epoch()).abs();
                let anchored = a.published.is_some() && b.published.is_some();
                s += match apart {
                    0 => 0.10,
                    _ if anchored => -ANCHORED_DATE_PENALTY,
                    d if d <= MAX_DAYS_APART => 0.05,
                    _ => -CONFLICT_PENALTY,
                };
            }
            _ if da.day.is_some() && db.day.is_some() => {
                s += if da.is_compatible(db) {
                    0.10
                } else {
                    -CONFLICT_PENALTY
                };
            }
            _ => {}
        }
    }
    if let (Some(ta), Some(tb)) = (a.event_type, b.event_type) {
        if ta == tb {
            s += 0.03;
        }
    }
    if a.actors.iter().any(|x| b.actors.contains(x)) {
        s += 0.10;
    }
    if a.facilities.iter().any(|x| b.facilities.contains(x)) {
        s += 0.10;
    }
    if let (Some(ka), Some(kb)) = (a.killed, b.killed) {
        if ka.is_consistent_with(kb) {
            s += 0.03;
        }
        if let (Some(pa), Some(pb)) = (a.published, b.published) {
            // Tolls rise as bodies are found: an exact toll in a later report below
            // what an earlier report counted is another event.
            let (early, late) = if pa <= pb { (ka, kb) } else { (kb, ka) };
            if pa != pb && late.max().is_some_and(|m| m < early.min()) {
                s -= TOLL_DROP_PENALTY;
            }
        }
    }
    Some(s)
}

/// How alike two articles are (`va`, `vb`: their TF-IDF vectors): `None` when they
/// cannot be one event, else the cosine of the vectors plus the structured bonus.
pub fn similarity(
    a: &Features,
    b: &Features,
    va: &[(text::Term, f32)],
    vb: &[(text::Term, f32)],
) -> Option<f64> {
    let bonus = structured(a, b)?;
    Some(f64::from(text::cosine(va, vb)) + bonus)
}

/// The TF-IDF vectors of `all`, weighted over `all`.
pub fn vectors(all: &[Features]) -> Vec<Vec<(text::Term, f32)>> {
    let mut df = text::DocFreq::default();
    for f in all {
        df.add(&f.terms);
    }
    all.iter().map(|f| df.vector(&f.terms)).collect()
}

/// Keys besides words that make two articles candidates: the same town or city, the
/// same actor, the same facility.
fn block_keys(f: &Features) -> Vec<text::Term> {
    let mut keys = Vec::new();
    if let Some(p) = f.place.as_ref().filter(|p| p.kind != "country") {
        keys.push(text::term_hash(&format!(
            "\u{1}place:{}:{}",
            p.country_code, p.name
        )));
    }
    for a in &f.actors {
        keys.push(text::term_hash(&format!("\u{1}actor:{a}")));
    }
    for x in &f.facilities {
        keys.push(text::term_hash(&format!("\u{1}facility:{x}")));
    }
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// The keys of each article that propose candidates (its [`BLOCK_TERMS`] heaviest
/// vector terms, then its [`block_keys`]), flattened: article `i`'s are
/// `keys[offsets[i]..offsets[i + 1]]`.
struct Keys {
    keys: Vec<text::Term>,
    offsets: Vec<u32>,
}

impl Keys {
    fn new(all: &[Features], vectors: &[Vec<(text::Term, f32)>]) -> Keys {
        let mut keys = Vec::new();
        let mut offsets = Vec::with_capacity(all.len() + 1);
        offsets.push(0);
        for (f, v) in all.iter().zip(vectors) {
            keys.extend(heaviest(v.clone(), BLOCK_TERMS).into_iter().map(|(t, _)| t));
            keys.extend(block_keys(f));
            offsets.push(keys.len() as u32);
        }
        Keys { keys, offsets }
    }

    fn of(&self, i: usize) -> &[text::Term] {
        &self.keys[self.offsets[i] as usize..self.offsets[i + 1] as usize]
    }
}

/// Calls `emit(i, j)`, `i < j`, once for every candidate pair: articles that share one
/// of their [`BLOCK_TERMS`] heaviest terms, a town, an actor or a facility, within
/// [`BLOCK_DAYS`] (an undated article is a candidate of any article sharing such a key
/// that at most [`MAX_POSTING`] articles hold).
///
/// Dated articles are walked in day order with, per key, only the articles of the
/// last [`BLOCK_DAYS`] days at hand, so memory stays that of a window, not of all
/// pairs; a key held by more than [`MAX_POSTING`] articles of the window before an
/// article proposes no pairs for it.
fn for_each_candidate(all: &[Features], keys: &Keys, mut emit: impl FnMut(u32, u32)) {
    let mut dated: Vec<(i64, u32)> = Vec::new();
    let mut undated: Vec<u32> = Vec::new();
    for (i, f) in all.iter().enumerate() {
        match f.day() {
            Some(d) => dated.push((d, i as u32)),
            None => undated.push(i as u32),
        }
    }
    dated.sort_unstable();
    let mut window: HashMap<text::Term, std::collections::VecDeque<(i64, u32)>> = HashMap::new();
    let mut partners: Vec<u32> = Vec::new();
    let mut since_sweep = 0usize;
    for &(d, y) in &dated {
        partners.clear();
        for &t in keys.of(y as usize) {
            let q = window.entry(t).or_default();
            while q.front().is_some_and(|&(day, _)| d - day > BLOCK_DAYS) {
                q.pop_front();
            }
            if q.len() <= MAX_POSTING {
                partners.extend(q.iter().map(|&(_, x)| x));
            }
            q.push_back((d, y));
        }
        partners.sort_unstable();
        partners.dedup();
        for &x in &partners {
            if x != y {
                emit(x.min(y), x.max(y));
            }
        }
        since_sweep += 1;
        if since_sweep >= 4096 {
            // Keys nobody held within the window hold no memory.
            since_sweep = 0;
            window.retain(|_, q| q.back().is_some_and(|&(day, _)| d - day <= BLOCK_DAYS));
            window.shrink_to_fit();
        }
    }
    drop(window);
    if undated.is_empty() {
        return;
    }
    // Undated articles pair with every holder of a key that few articles hold.
    let mut holders: HashMap<text::Term, Vec<u32>> = HashMap::new();
    for &u in &undated {
        for &t in keys.of(u as usize) {
            holders.entry(t).or_default();
        }
    }
    for i in 0..all.len() {
        for &t in keys.of(i) {
            if let Some(list) = holders.get_mut(&t) {
                // One past the cap is enough to know the key is too common.
                if list.len() <= MAX_POSTING {
                    list.push(i as u32);
                }
            }
        }
    }
    let mut pairs: Vec<(u32, u32)> = Vec::new();
    for list in holders.values() {
        if list.len() > MAX_POSTING {
            continue;
        }
        let (mut und, mut dat): (Vec<u32>, Vec<u32>) = (Vec::new(), Vec::new());
        for &i in list {
            if all[i as usize].day().is_some() {
                dat.push(i);
            } else {
                und.push(i);
            }
        }
        for (k, &u) in und.iter().enumerate() {
            for &o in und[k + 1..].iter().chain(&dat) {
                if u != o {
                    pairs.push((u.min(o), u.max(o)));
                }
            }
        }
    }
    pairs.sort_unstable();
    pairs.dedup();
    for (i, j) in pairs {
        emit(i, j);
    }
}

/// Candidate pairs `(i, j)`, `i < j`, sorted: see [`for_each_candidate`]. (Grouping
/// itself never holds them all; this is for inspection and tests.)
pub fn candidates(all: &[Features], vectors: &[Vec<(text::Term, f32)>]) -> Vec<(u32, u32)> {
    let keys = Keys::new(all, vectors);
    let mut pairs = Vec::new();
    for_each_candidate(all, &keys, |i, j| pairs.push((i, j)));
    pairs.sort_unstable();
    pairs
}

/// Union-find over article indices (path halving, union by index).
struct Components(Vec<u32>);

impl Components {
    fn find(&mut self, mut i: u32) -> u32 {
        while self.0[i as usize] != i {
            let parent = self.0[i as usize];
            self.0[i as usize] = self.0[parent as usize];
            i = parent;
        }
        i
    }

    fn union(&mut self, a: u32, b: u32) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            self.0[ra.max(rb) as usize] = ra.min(rb);
        }
    }
}

/// Groups articles: returns, for each event, the indices of its articles in `all`,
/// sorted, the groups in order of their first article.
pub fn group(all: &[Features]) -> Vec<Vec<usize>> {
    group_with(all, JOIN_SIMILARITY)
}

/// [`group`] with another merge threshold.
///
/// Two clusters merge only when their average similarity reaches `threshold`, which
/// needs at least one pair between them that reaches it: so every group lies within
/// one connected part of the graph of such pairs, and each part can be clustered
/// alone, with only the pairs inside it. The candidates are walked twice (once to
/// find the parts, once to keep the pairs inside them), and only those pairs are
/// held: the result is that of average link over all pairs at once.
pub fn group_with(all: &[Features], threshold: f64) -> Vec<Vec<usize>> {
    let vectors = vectors(all);
    let keys = Keys::new(all, &vectors);
    let score = |i: u32, j: u32| {
        let (a, b) = (i as usize, j as usize);
        similarity(&all[a], &all[b], &vectors[a], &vectors[b]).map(|s| s as f32)
    };
    let mut parts = Components((0..all.len() as u32).collect());
    for_each_candidate(all, &keys, |i, j| {
        if score(i, j).is_some_and(|s| f64::from(s) >= threshold) {
            parts.union(i, j);
        }
    });
    // (part, i, j, similarity) for the pairs inside a part.
    let mut inside: Vec<(u32, u32, u32, Option<f32>)> = Vec::new();
    for_each_candidate(all, &keys, |i, j| {
        let part = parts.find(i);
        if part == parts.find(j) {
            inside.push((part, i, j, score(i, j)));
        }
    });
    drop(keys);
    drop(vectors);
    inside.sort_unstable_by_key(|&(p, i, j, _)| (p, i, j));
    let mut members: HashMap<u32, Vec<u32>> = HashMap::new();
    let mut out: Vec<Vec<usize>> = Vec::new();
    for i in 0..all.len() as u32 {
        let part = parts.find(i);
        members.entry(part).or_default().push(i);
    }
    let mut start = 0;
    while start < inside.len() {
        let part = inside[start].0;
        let end = start + inside[start..].partition_point(|&(p, ..)| p == part);
        let ids = members.remove(&part).unwrap_or_default();
        let local = |x: u32| ids.binary_search(&x).unwrap_or(0) as u32;
        let pairs: Vec<(u32, u32, Option<f32>)> = inside[start..end]
            .iter()
            .map(|&(_, i, j, s)| (local(i), local(j), s))
            .collect();
        for g in cluster::average_link(ids.len(), &pairs, threshold) {
            let g: Vec<usize> = g.into_iter().map(|k| ids[k] as usize).collect();
            if g.len() < MIN_REFINE {
                out.push(g);
            } else {
                out.extend(refine(all, &g, REFINE_SIMILARITY));
            }
        }
        start = end;
    }
    // Parts without a pair inside: one article each.
    for ids in members.into_values() {
        out.extend(ids.into_iter().map(|i| vec![i as usize]));
    }
    out.sort_unstable_by_key(|m| m[0]);
    out
}

/// Splits one group again with its terms weighted within the group: words every
/// member shares (the kind of event) weigh nothing, and what differs (names, dates,
/// figures) decides.
fn refine(all: &[Features], members: &[usize], threshold: f64) -> Vec<Vec<usize>> {
    let mut df = text::DocFreq::default();
    for &m in members {
        df.add(&all[m].terms);
    }
    let vs: Vec<Vec<(text::Term, f32)>> = members
        .iter()
        .map(|&m| df.local_vector(&all[m].terms))
        .collect();
    let mut pairs = Vec::new();
    for i in 0..members.len() {
        for j in i + 1..members.len() {
            let (a, b) = (members[i], members[j]);
            let s = structured(&all[a], &all[b])
                .map(|bonus| f64::from(text::cosine(&vs[i], &vs[j])) + bonus);
            pairs.push((i as u32, j as u32, s.map(|s| s as f32)));
        }
    }
    cluster::average_link(members.len(), &pairs, threshold)
        .into_iter()
        .map(|g| g.into_iter().map(|i| members[i]).collect())
        .collect()
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
            region: None,
        }
    }

    #[test]
    fn each_incident_of_an_article_is_a_unit_with_its_own_facts_and_words() {
        use newsfuse_core::{Attribution, EventMention, LocalIncident, Provenance, Span};
        let text = "Gunmen raided Alderford market. Rockets hit Brimley port.";
        let doc = Document::bare("two", text);
        let span = |a: usize, b: usize| Span::new(a, b).expect("span");
        let at = |p: PlaceRef, sentence: u32| Fact {
            attribute: Attribute::Place,
            value: Value::Place { place: p },
            provenance: Provenance {
                doc: doc.id.clone(),
                sentence,
                span: span(0, 6),
                sentence_span: span(0, 6),
                attribution: Attribution::asserted(),
                corrects: false,
            },
        };
        let alderford = place("Alderford", "GB", 52.0, -1.0);
        let brimley = place("Brimley", "GB", 55.0, -3.0);
        let mut extraction = Extraction {
            sentences: vec![span(0, 31), span(32, 57)],
            events: vec![EventMention {
                span: span(7, 13),
                sentence: 0,
                event_type: EventType::ArmedAssault,
            }],
            facts: vec![at(alderford.clone(), 0)],
            ..Extraction::default()
        };
        // One attack: the article is one unit, its whole text and main facts.
        let one = unit_features(&doc, &extraction);
        assert_eq!(one.len(), 1);
        assert_eq!(one[0].terms, features_any(&doc, &extraction).terms);
        extraction.other_incidents.push(LocalIncident {
            sentences: vec![1],
            facts: vec![at(brimley.clone(), 1)],
        });
        let units = unit_features(&doc, &extraction);
        let got: Vec<(u32, Option<String>)> = units
            .iter()
            .map(|f| (f.incident, f.place.as_ref().map(|p| p.name.clone())))
            .collect();
        assert_eq!(
            got,
            vec![
                (0, Some("Alderford".to_string())),
                (1, Some("Brimley".to_string()))
            ]
        );
        let words = |t: &str| text::term_counts(t).into_boxed_slice();
        assert_eq!(units[0].terms, words("Gunmen raided Alderford market."));
        assert_eq!(units[1].terms, words("Rockets hit Brimley port."));
        // No attack: no unit.
        extraction.events.clear();
        assert!(unit_features(&doc, &extraction).is_empty());
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
            incident: 0,
            event_type: Some(EventType::Bombing),
            date,
            place: p,
            actors: actors.iter().map(|a| a.to_string()).collect(),
            facilities: Vec::new(),
            killed: None,
            terms: text::term_counts(text).into_boxed_slice(),
            published: None,
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
                &[],
                "gunfire struck the harbour quay",
            ),
            feat("c", Some(lyon), day, &[], "explosion near the station"),
        ];
        assert_eq!(group(&all), vec![vec![0, 2], vec![1]]);
    }

    #[test]
    fn two_incidents_of_one_article_never_share_a_group() {
        let gwoza = place("Gwoza", "NG", 11.08, 13.70);
        let a0 = feat(
            "a",
            Some(gwoza.clone()),
            None,
            &[],
            "bomber mosque worshippers",
        );
        let a1 = Features {
            incident: 1,
            ..feat(
                "a",
                Some(gwoza.clone()),
                None,
                &[],
                "bomber mosque worshippers",
            )
        };
        assert_eq!(structured(&a0, &a1), None);
        // A report of the same attack from another outlet may join either.
        let b = feat("b", Some(gwoza), None, &[], "bomber mosque worshippers");
        assert!(structured(&a0, &b).is_some());
        let groups = group(&[a0, a1, b]);
        assert_eq!(groups.len(), 2, "{groups:?}");
        assert!(!groups.iter().any(|g| g.contains(&0) && g.contains(&1)));
    }

    #[test]
    fn one_town_name_read_in_two_countries_is_no_conflict() {
        let lebanon = place("Tripoli", "LB", 34.43, 35.84);
        let libya = place("Tripoli", "LY", 32.89, 13.19);
        let a = feat("a", Some(lebanon), None, &[], "x");
        let b = feat("b", Some(libya.clone()), None, &[], "y");
        let s = structured(&a, &b).expect("scored");
        assert!((s - (0.10 + 0.03)).abs() < 1e-9, "{s}");
        // Two towns of different names in two countries still conflict.
        let beirut = place("Beirut", "LB", 33.89, 35.50);
        let c = feat("c", Some(beirut), None, &[], "x");
        let s = structured(&c, &b).expect("scored");
        assert!((s - (0.03 - TOWN_CONFLICT_PENALTY)).abs() < 1e-9, "{s}");
    }

    #[test]
    fn dates_beyond_the_blocking_window_are_two_events() {
        let lyon = place("Lyon", "FR", 45.75, 4.85);
        let d1 = newsfuse_core::Date::new(2025, 5, 4)
            .ok()
            .map(TimeValue::day);
        let d2 = newsfuse_core::Date::new(2025, 5, 15)
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
        // Same place and type, eleven days apart: the date conflict weighs against,
        // and blocking never even compares them.
        let s = structured(&all[0], &all[1]).expect("scored");
        assert!((s - (0.10 + 0.03 - CONFLICT_PENALTY)).abs() < 1e-9, "{s}");
        assert_eq!(group(&all), vec![vec![0], vec![1]]);
    }

    #[test]
    fn dates_read_against_publication_days_must_agree_to_the_day() {
        let lyon = place("Lyon", "FR", 45.75, 4.85);
        let d = |day: u32| {
            newsfuse_core::Date::new(2025, 5, day)
                .ok()
                .map(TimeValue::day)
        };
        let a = feat("a", Some(lyon.clone()), d(4), &[], "x");
        let b = feat("b", Some(lyon), d(5), &[], "y");
        // Without publication days a day apart is close enough.
        let loose = structured(&a, &b).expect("scored");
        assert!((loose - (0.10 + 0.05 + 0.03)).abs() < 1e-9, "{loose}");
        // With them, the dates were anchored, and a day apart is another event.
        let (a, b) = (
            Features {
                published: Some(20_212),
                ..a
            },
            Features {
                published: Some(20_213),
                ..b
            },
        );
        let strict = structured(&a, &b).expect("scored");
        assert!(
            (strict - (0.10 - ANCHORED_DATE_PENALTY + 0.03)).abs() < 1e-9,
            "{strict}"
        );
    }

    #[test]
    fn a_later_exact_toll_below_an_earlier_one_is_another_event() {
        let with = |id: &str, published: i64, killed: Interval| Features {
            published: Some(published),
            killed: Some(killed),
            ..feat(id, None, None, &[], "x")
        };
        let early = with("a", 20_212, Interval::at_least(20));
        // Rising: consistent, the small bonus and the type.
        let rising = structured(&early, &with("b", 20_213, Interval::exact(24))).expect("s");
        assert!((rising - (0.03 + 0.03)).abs() < 1e-9, "{rising}");
        // Falling in a later report: another event.
        let falling = structured(&early, &with("c", 20_213, Interval::exact(13))).expect("s");
        assert!(
            (falling - (0.03 - TOLL_DROP_PENALTY)).abs() < 1e-9,
            "{falling}"
        );
        // The same the other way round, and not at all on one publication day.
        let reversed = structured(&with("c", 20_213, Interval::exact(13)), &early).expect("s");
        assert!((reversed - falling).abs() < 1e-9, "{reversed}");
        let same_day = structured(&early, &with("d", 20_212, Interval::exact(13))).expect("s");
        assert!((same_day - 0.03).abs() < 1e-9, "{same_day}");
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
        // Same city, compatible day, same event type.
        let bonus = structured(&a, &b).expect("compatible");
        assert!((bonus - (0.10 + 0.10 + 0.03)).abs() < 1e-9, "{bonus}");
        let conflict = structured(&a, &c).expect("scored");
        assert!(
            (conflict - (0.10 - CONFLICT_PENALTY + 0.03)).abs() < 1e-9,
            "{conflict}"
        );
    }
    #[test]
    fn two_similar_events_are_split_by_what_differs() {
        let a = [
            "A strong earthquake struck Varnholm on Tuesday, collapsing buildings as residents fled into the streets. Rescue teams searched the rubble, Mayor Edda Lunn said. The 2019 quake measured 6.1.",
            "Rescue teams dug through collapsed buildings in Varnholm after the earthquake. Mayor Edda Lunn said residents fled as aftershocks followed the 6.1 quake.",
            "The earthquake in Varnholm brought down buildings; Edda Lunn, the mayor, asked residents to stay out of damaged homes after the 6.1 tremor in 2019.",
            "Aftershocks rattled Varnholm a day after the 6.1 earthquake collapsed buildings, and rescue teams kept searching, Lunn said.",
        ];
        let b = [
            "A strong earthquake struck Tessary on Friday, collapsing buildings as residents fled into the streets. Rescue teams searched the rubble, Governor Pell Ardo said. The 2021 quake measured 5.4.",
            "Rescue teams dug through collapsed buildings in Tessary after the earthquake. Governor Pell Ardo said residents fled as aftershocks followed the 5.4 quake.",
            "The earthquake in Tessary brought down buildings; Pell Ardo, the governor, asked residents to stay out of damaged homes after the 5.4 tremor in 2021.",
            "Aftershocks rattled Tessary a day after the 5.4 earthquake collapsed buildings, and rescue teams kept searching, Ardo said.",
        ];
        let all: Vec<Features> = a
            .iter()
            .chain(&b)
            .enumerate()
            .map(|(i, t)| Features {
                event_type: None,
                ..feat(&format!("d{i}"), None, None, &[], t)
            })
            .collect();
        // Interleave the order the articles come in: the result must not depend on it.
        assert_eq!(group(&all), vec![vec![0, 1, 2, 3], vec![4, 5, 6, 7]]);
        let mut shuffled: Vec<Features> = Vec::new();
        for k in 0..4 {
            shuffled.push(all[4 + k].clone());
            shuffled.push(all[k].clone());
        }
        assert_eq!(group(&shuffled), vec![vec![0, 2, 4, 6], vec![1, 3, 5, 7]]);
    }

    /// Average link over every candidate pair at once, then refinement: what
    /// [`group_with`] computes part by part.
    fn group_all_at_once(all: &[Features], threshold: f64) -> Vec<Vec<usize>> {
        let v = vectors(all);
        let pairs: Vec<(u32, u32, Option<f32>)> = candidates(all, &v)
            .into_iter()
            .map(|(i, j)| {
                let (a, b) = (i as usize, j as usize);
                (
                    i,
                    j,
                    similarity(&all[a], &all[b], &v[a], &v[b]).map(|s| s as f32),
                )
            })
            .collect();
        let mut out = Vec::new();
        for g in cluster::average_link(all.len(), &pairs, threshold) {
            if g.len() < MIN_REFINE {
                out.push(g);
            } else {
                out.extend(refine(all, &g, REFINE_SIMILARITY));
            }
        }
        out.sort_unstable_by_key(|m| m[0]);
        out
    }

    #[test]
    fn grouping_part_by_part_equals_grouping_all_pairs_at_once() {
        let towns = [
            place("Lyon", "FR", 45.75, 4.85),
            place("Marseille", "FR", 43.30, 5.37),
            place("Porto", "PT", 41.15, -8.61),
        ];
        let words = [
            "bomb", "market", "gunmen", "station", "harbour", "bus", "Orvel", "Tamsin", "rescue",
            "fire", "bridge", "Kestra", "police", "27", "14", "school",
        ];
        let mut rng = 0x2545_f491_4f6c_dd1du64;
        let mut next = move |n: usize| {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            (rng % n as u64) as usize
        };
        let all: Vec<Features> = (0..240)
            .map(|i| {
                let text: Vec<&str> = (0..8).map(|_| words[next(words.len())]).collect();
                let day = newsfuse_core::Date::new(2025, 1 + next(3) as u32, 1 + next(28) as u32)
                    .ok()
                    .map(TimeValue::day);
                let mut f = feat(
                    &format!("d{i}"),
                    (next(4) > 0).then(|| towns[next(3)].clone()),
                    if next(10) == 0 { None } else { day },
                    &[],
                    &text.join(" "),
                );
                f.published = (next(2) == 0).then(|| 20_000 + next(60) as i64);
                f
            })
            .collect();
        for threshold in [0.05, JOIN_SIMILARITY, 0.3] {
            let parts = group_with(&all, threshold);
            assert_eq!(parts, group_all_at_once(&all, threshold), "{threshold}");
            assert!(parts.iter().any(|g| g.len() > 1), "{threshold}");
        }
    }

    #[test]
    fn blocking_keeps_dated_articles_weeks_apart_out_of_each_other_s_candidates() {
        let d = |day: u32| {
            newsfuse_core::Date::new(2025, 5, day)
                .ok()
                .map(TimeValue::day)
        };
        let text = "flooding closed the harbour road near Orwick";
        let all = vec![
            feat("a", None, d(1), &[], text),
            feat("b", None, d(3), &[], text),
            feat("c", None, d(28), &[], text),
            feat("e", None, None, &[], text),
        ];
        let v = vectors(&all);
        // a-b within the window, c alone in time, the undated one pairs with all.
        assert_eq!(candidates(&all, &v), vec![(0, 1), (0, 3), (1, 3), (2, 3)]);
    }
}
