//! The read model: one immutable snapshot of the store, and the JSON views the API,
//! the web page and the static report show. A snapshot is rebuilt after every write and
//! swapped in whole, so a reader never sees half of a regrouping.

use std::collections::{BTreeMap, HashMap};

use newsfuse_core::{
    ActorRecord, Attribute, Date, DocId, Document, Extraction, Incident, Status, Value,
};
use newsfuse_export::{self as export, Articles};
use newsfuse_pipeline::history::GroupChange;
use serde_json::{json, Value as Json};

/// Everything the views read, loaded from the store at one moment.
pub struct View {
    incidents: Vec<Incident>,
    rows: Vec<Row>,
    by_id: HashMap<String, usize>,
    actors: Vec<ActorRecord>,
    docs: Vec<Document>,
    doc_index: HashMap<DocId, usize>,
    extractions: HashMap<DocId, Extraction>,
    /// Incidents each article belongs to.
    doc_incidents: HashMap<DocId, Vec<String>>,
    /// Other outlets' copies of each article.
    copies: HashMap<DocId, Vec<newsfuse_store::Copy>>,
    /// The outlet weights the incidents were fused with.
    reliability: newsfuse_fuse::Reliability,
    /// Every recorded grouping change, oldest first.
    grouping: Vec<GroupChange>,
    /// Each change's regroup number and time.
    grouping_when: Vec<(i64, String)>,
}

/// What the incident list filters and sorts on, computed once per snapshot.
struct Row {
    /// First day the incident's date covers (or, lacking a date fact, the earliest
    /// publication day of its articles).
    start: Option<Date>,
    /// Last day it covers.
    end: Option<Date>,
    country: Option<(String, String)>,
    event_type: Option<String>,
    killed_min: u64,
    /// Lower-cased perpetrator names and their aliases.
    actors: Vec<String>,
    /// Lower-cased summary, titles and fact values, for the text query.
    haystack: String,
}

/// Filters of `GET /api/incidents`, all optional.
#[derive(Debug, Default, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IncidentQuery {
    /// Earliest day (ISO `YYYY-MM-DD`), inclusive: incidents whose date reaches it.
    pub from: Option<String>,
    /// Latest day, inclusive.
    pub to: Option<String>,
    /// Country name or ISO alpha-2 code, any case.
    pub country: Option<String>,
    /// An actor's name or alias, any case.
    pub actor: Option<String>,
    /// Event type (`armed_assault`, `bombing`, …).
    #[serde(rename = "type")]
    pub event_type: Option<String>,
    /// At least this many killed (the lower bound of the fused count).
    pub min_killed: Option<u64>,
    /// Words that must all appear in the summary, titles or facts.
    pub q: Option<String>,
    /// Page size (default 100, at most 1000).
    pub limit: Option<usize>,
    /// Rows to skip.
    pub offset: Option<usize>,
}

/// Why a query was refused.
#[derive(Debug, thiserror::Error)]
pub enum QueryError {
    /// A date parameter that is not `YYYY-MM-DD`.
    #[error("'{param}' must be a date as YYYY-MM-DD, not '{value}'")]
    BadDate {
        /// `from` or `to`.
        param: &'static str,
        /// What was sent.
        value: String,
    },
    /// A limit of 0 or over the maximum.
    #[error("'limit' must be between 1 and {max}, not {value}")]
    BadLimit {
        /// What was sent.
        value: usize,
        /// The maximum.
        max: usize,
    },
}

/// The largest page of the list endpoints.
pub const MAX_LIMIT: usize = 1000;
const DEFAULT_LIMIT: usize = 100;

fn first_value(incident: &Incident, attribute: Attribute) -> Option<&Value> {
    incident.facts_about(attribute).next().map(|f| &f.value)
}

fn count_json(incident: &Incident, attribute: Attribute) -> Json {
    match first_value(incident, attribute) {
        Some(v @ Value::Count { .. }) => export::value_json(v),
        _ => Json::Null,
    }
}

/// The days a time value covers, when it has a year.
fn day_range(value: &Value) -> Option<(Date, Date)> {
    let Value::Time { time } = value else {
        return None;
    };
    let year = time.year?;
    let (m0, m1) = match time.month {
        Some(m) => (u32::from(m), u32::from(m)),
        None => (1, 12),
    };
    let (d0, d1) = match time.day {
        Some(d) => (u32::from(d), u32::from(d)),
        None => (1, u32::from(Date::days_in_month(year, m1 as u8))),
    };
    Some((Date::new(year, m0, d0).ok()?, Date::new(year, m1, d1).ok()?))
}

fn parse_day(param: &'static str, value: &Option<String>) -> Result<Option<Date>, QueryError> {
    match value.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(text) => Date::parse_iso(text)
            .map(Some)
            .map_err(|_| QueryError::BadDate {
                param,
                value: text.to_string(),
            }),
    }
}

/// The page bounds of a list request.
pub fn page(limit: Option<usize>, offset: Option<usize>) -> Result<(usize, usize), QueryError> {
    let limit = limit.unwrap_or(DEFAULT_LIMIT);
    if limit == 0 || limit > MAX_LIMIT {
        return Err(QueryError::BadLimit {
            value: limit,
            max: MAX_LIMIT,
        });
    }
    Ok((limit, offset.unwrap_or(0)))
}

impl View {
    /// A snapshot of the given store contents.
    pub fn new(
        incidents: Vec<Incident>,
        actors: Vec<ActorRecord>,
        docs: Vec<Document>,
        extractions: HashMap<DocId, Extraction>,
        copies: Vec<newsfuse_store::Copy>,
    ) -> View {
        let mut copies_by: HashMap<DocId, Vec<newsfuse_store::Copy>> = HashMap::new();
        for c in copies {
            copies_by.entry(c.canonical.clone()).or_default().push(c);
        }
        let doc_index: HashMap<DocId, usize> = docs
            .iter()
            .enumerate()
            .map(|(i, d)| (d.id.clone(), i))
            .collect();
        let mut doc_incidents: HashMap<DocId, Vec<String>> = HashMap::new();
        for incident in &incidents {
            for a in &incident.articles {
                doc_incidents
                    .entry(a.clone())
                    .or_default()
                    .push(incident.id.clone());
            }
        }
        let rows = incidents
            .iter()
            .map(|incident| {
                let (start, end) = match first_value(incident, Attribute::Date).and_then(day_range)
                {
                    Some((a, b)) => (Some(a), Some(b)),
                    None => {
                        let first = incident
                            .articles
                            .iter()
                            .filter_map(|a| doc_index.get(a).and_then(|&i| docs[i].published))
                            .min();
                        (first, first)
                    }
                };
                let country = match first_value(incident, Attribute::Place) {
                    Some(Value::Place { place }) => Some((
                        place.country.to_lowercase(),
                        place.country_code.to_lowercase(),
                    )),
                    _ => None,
                };
                let event_type = match first_value(incident, Attribute::EventType) {
                    Some(Value::EventType { event_type }) => Some(event_type.as_str().to_string()),
                    _ => None,
                };
                let killed_min = match first_value(incident, Attribute::Killed) {
                    Some(Value::Count { quantity }) => quantity.interval.min(),
                    _ => 0,
                };
                let mut names: Vec<String> = incident
                    .facts_about(Attribute::PerpetratorOrg)
                    .chain(incident.facts_about(Attribute::Claim))
                    .filter_map(|f| match &f.value {
                        Value::Actor { name, .. } => Some(name.to_lowercase()),
                        Value::Stance { stance } => stance.by.as_ref().map(|b| b.to_lowercase()),
                        _ => None,
                    })
                    .collect();
                for actor in &actors {
                    if actor.incidents.contains(&incident.id) {
                        names.push(actor.name.to_lowercase());
                        names.extend(actor.aliases.iter().map(|a| a.to_lowercase()));
                    }
                }
                let mut haystack = incident.summary.to_lowercase();
                for a in &incident.articles {
                    if let Some(title) = doc_index.get(a).and_then(|&i| docs[i].title.as_ref()) {
                        haystack.push('\n');
                        haystack.push_str(&title.to_lowercase());
                    }
                }
                for f in &incident.facts {
                    haystack.push('\n');
                    haystack.push_str(&f.value.display().to_lowercase());
                }
                Row {
                    start,
                    end,
                    country,
                    event_type,
                    killed_min,
                    actors: names,
                    haystack,
                }
            })
            .collect();
        let by_id = incidents
            .iter()
            .enumerate()
            .map(|(i, inc)| (inc.id.clone(), i))
            .collect();
        View {
            incidents,
            rows,
            by_id,
            actors,
            docs,
            doc_index,
            extractions,
            doc_incidents,
            copies: copies_by,
            reliability: newsfuse_fuse::Reliability::default(),
            grouping: Vec::new(),
            grouping_when: Vec::new(),
        }
    }

    /// Loads a snapshot from the store.
    pub fn load(store: &newsfuse_store::Store) -> Result<View, newsfuse_store::StoreError> {
        let docs = store.articles()?;
        let mut extractions = HashMap::new();
        for d in &docs {
            if let Some(e) = store.extraction(&d.id)? {
                extractions.insert(d.id.clone(), e);
            }
        }
        let mut view = View::new(
            store.incidents()?,
            store.actors()?,
            docs,
            extractions,
            store.copies()?,
        );
        view.reliability = newsfuse_pipeline::reliability(store)?;
        (view.grouping_when, view.grouping) = store
            .group_history::<GroupChange>()?
            .into_iter()
            .map(|(regroup, at, change)| ((regroup, at), change))
            .unzip();
        Ok(view)
    }

    /// Every incident.
    pub fn incidents(&self) -> &[Incident] {
        &self.incidents
    }

    /// Every actor record.
    pub fn actors(&self) -> &[ActorRecord] {
        &self.actors
    }

    /// Every article.
    pub fn docs(&self) -> &[Document] {
        &self.docs
    }

    /// The articles of the given ids, for the export functions.
    fn articles_of<'a>(&'a self, ids: impl IntoIterator<Item = &'a DocId>) -> Articles<'a> {
        ids.into_iter()
            .filter_map(|id| self.doc_index.get(id).map(|&i| (id.clone(), &self.docs[i])))
            .collect()
    }

    /// Every article, by id.
    pub fn all_articles(&self) -> Articles<'_> {
        self.docs.iter().map(|d| (d.id.clone(), d)).collect()
    }

    /// The incidents the query selects, newest first (undated last), one page of them,
    /// and how many matched in all.
    pub fn find_incidents(&self, query: &IncidentQuery) -> Result<(usize, Vec<Json>), QueryError> {
        let from = parse_day("from", &query.from)?;
        let to = parse_day("to", &query.to)?;
        let (limit, offset) = page(query.limit, query.offset)?;
        let lower = |s: &Option<String>| {
            s.as_deref()
                .map(|s| s.trim().to_lowercase())
                .filter(|s| !s.is_empty())
        };
        let country = lower(&query.country);
        let actor = lower(&query.actor);
        let event_type = lower(&query.event_type);
        let words: Vec<String> = lower(&query.q)
            .map(|q| q.split_whitespace().map(str::to_string).collect())
            .unwrap_or_default();
        let mut hits: Vec<usize> = (0..self.incidents.len())
            .filter(|&i| {
                let row = &self.rows[i];
                if let Some(from) = from {
                    if row.end.is_none_or(|end| end < from) {
                        return false;
                    }
                }
                if let Some(to) = to {
                    if row.start.is_none_or(|start| start > to) {
                        return false;
                    }
                }
                if let Some(c) = &country {
                    if row
                        .country
                        .as_ref()
                        .is_none_or(|(name, code)| name != c && code != c)
                    {
                        return false;
                    }
                }
                if let Some(a) = &actor {
                    if !row.actors.iter().any(|n| n == a) {
                        return false;
                    }
                }
                if let Some(t) = &event_type {
                    if row.event_type.as_deref() != Some(t.as_str()) {
                        return false;
                    }
                }
                if query.min_killed.is_some_and(|n| row.killed_min < n) {
                    return false;
                }
                words.iter().all(|w| row.haystack.contains(w.as_str()))
            })
            .collect();
        hits.sort_by(|&a, &b| self.newest_first(a, b));
        let total = hits.len();
        let page = hits
            .into_iter()
            .skip(offset)
            .take(limit)
            .map(|i| self.incident_summary(i))
            .collect();
        Ok((total, page))
    }

    /// The list order: newest first, undated last, then in stored order.
    fn newest_first(&self, a: usize, b: usize) -> std::cmp::Ordering {
        use std::cmp::Ordering;
        match (self.rows[a].start, self.rows[b].start) {
            (Some(x), Some(y)) => y.cmp(&x).then(a.cmp(&b)),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => a.cmp(&b),
        }
    }

    /// One line of the incident list: what the list, the map and the timeline show.
    fn incident_summary(&self, index: usize) -> Json {
        let incident = &self.incidents[index];
        let row = &self.rows[index];
        let place = match first_value(incident, Attribute::Place) {
            Some(v @ Value::Place { .. }) => export::value_json(v),
            _ => Json::Null,
        };
        let date = match first_value(incident, Attribute::Date) {
            Some(Value::Time { time }) => json!(time.iso()),
            _ => Json::Null,
        };
        let perpetrators: Vec<String> = incident
            .facts_about(Attribute::PerpetratorOrg)
            .map(|f| f.value.display())
            .collect();
        let mut statuses: BTreeMap<&str, usize> = BTreeMap::new();
        for f in &incident.facts {
            *statuses.entry(f.status.as_str()).or_default() += 1;
        }
        json!({
            "id": incident.id,
            "summary": incident.summary,
            "date": date,
            "day": row.start.map(|d| d.to_string()),
            "event_type": row.event_type,
            "place": place,
            "killed": count_json(incident, Attribute::Killed),
            "wounded": count_json(incident, Attribute::Wounded),
            "perpetrators": perpetrators,
            "n_articles": incident.articles.len(),
            "statuses": statuses,
        })
    }

    /// One incident as the incident page shows it: the JSON contract's incident, each
    /// article with its text, and the history of its casualty counts.
    pub fn incident_detail(&self, id: &str) -> Option<Json> {
        let &index = self.by_id.get(id)?;
        let incident = &self.incidents[index];
        let articles = self.articles_of(&incident.articles);
        let mut json = export::incident_json(incident, &articles);
        if let Some(list) = json["articles"].as_array_mut() {
            for art in list {
                let text = art["id"]
                    .as_str()
                    .and_then(|id| articles.get(&DocId(id.to_string())))
                    .map(|d| d.text.clone());
                art["text"] = json!(text);
                art["copies"] = art["id"]
                    .as_str()
                    .map(|id| self.copies_json(&DocId(id.to_string())))
                    .unwrap_or_else(|| json!([]));
            }
        }
        json["history"] = self.history(incident);
        json["revisions"] = self.revisions(incident);
        json["grouping"] = self.grouping_of(&incident.id);
        json["summary_row"] = self.incident_summary(index);
        Some(json)
    }

    /// Every figure given for the killed and wounded, by publication day: how the
    /// counts moved as reports came in.
    fn history(&self, incident: &Incident) -> Json {
        let mut points = Vec::new();
        for attribute in [Attribute::Killed, Attribute::Wounded] {
            for fact in incident.facts_about(attribute) {
                for (source, agrees) in fact
                    .sources
                    .iter()
                    .map(|s| (s, true))
                    .chain(fact.disagreeing.iter().map(|s| (s, false)))
                {
                    let Value::Count { quantity } = &source.value else {
                        continue;
                    };
                    points.push(json!({
                        "attribute": attribute.as_str(),
                        "published": source.published.map(|d| d.to_string()),
                        "outlet": source.outlet,
                        "article": source.provenance.doc.0,
                        "min": quantity.interval.min(),
                        "max": quantity.interval.max(),
                        "display": source.value.display(),
                        "agrees": agrees,
                    }));
                }
            }
        }
        points.sort_by(|a, b| {
            a["attribute"]
                .as_str()
                .cmp(&b["attribute"].as_str())
                .then(a["published"].as_str().cmp(&b["published"].as_str()))
                .then(a["min"].as_u64().cmp(&b["min"].as_u64()))
        });
        Json::Array(points)
    }

    /// How the incident read as its reports came in: its articles in order of
    /// publication (then of arrival), and after each one, the fused values that changed
    /// (appeared, took another value, or changed status).
    fn revisions(&self, incident: &Incident) -> Json {
        // An article that reports several attacks brings only the facts of the ones in
        // this incident.
        let views: Vec<(usize, Extraction)> = incident
            .articles
            .iter()
            .filter_map(|id| {
                let &i = self.doc_index.get(id)?;
                let e = self.extractions.get(id)?;
                Some((i, e.incident_view(&e.incidents_in(id, incident))))
            })
            .collect();
        let mut members: Vec<(usize, &Document, &Extraction)> =
            views.iter().map(|(i, e)| (*i, &self.docs[*i], e)).collect();
        members.sort_by_key(|&(i, d, _)| (d.published.is_none(), d.published, i));
        let mut before: BTreeMap<String, (String, Status)> = BTreeMap::new();
        let mut out = Vec::new();
        for k in 1..=members.len() {
            let reports: Vec<newsfuse_fuse::Report<'_>> = members[..k]
                .iter()
                .map(|&(_, doc, extraction)| newsfuse_fuse::Report { doc, extraction })
                .collect();
            let fused = newsfuse_fuse::fuse_incident_with(&reports, &self.reliability);
            let mut now: BTreeMap<String, (String, Status)> = BTreeMap::new();
            for f in &fused.facts {
                let key = f.attribute.as_str().to_string();
                let entry = now.entry(key).or_insert_with(|| (String::new(), f.status));
                if !entry.0.is_empty() {
                    entry.0.push_str("; ");
                }
                entry.0.push_str(&f.value.display());
            }
            let changes: Vec<Json> = now
                .iter()
                .filter(|(attr, value)| before.get(*attr) != Some(*value))
                .map(|(attr, (value, status))| {
                    json!({
                        "attribute": attr,
                        "from": before.get(attr).map(|(v, _)| v),
                        "to": value,
                        "status": status.as_str(),
                    })
                })
                .collect();
            let doc = members[k - 1].1;
            out.push(json!({
                "article": doc.id.0,
                "published": doc.published.map(|d| d.to_string()),
                "outlet": doc.source,
                "reports": k,
                "changes": changes,
            }));
            before = now;
        }
        Json::Array(out)
    }

    /// The grouping changes that made the incident what it is (opened, joined, merged,
    /// split), oldest first, each with its regroup's number and time.
    fn grouping_of(&self, id: &str) -> Json {
        let mut out = Vec::new();
        for k in newsfuse_pipeline::history::about(id, &self.grouping) {
            let (regroup, at) = &self.grouping_when[k];
            let mut entry = serde_json::to_value(&self.grouping[k]).unwrap_or_else(|_| json!({}));
            entry["regroup"] = json!(regroup);
            entry["at"] = json!(at);
            out.push(entry);
        }
        Json::Array(out)
    }

    /// The actor list, optionally only the names containing `q`.
    pub fn find_actors(&self, q: Option<&str>) -> Vec<Json> {
        let q = q.map(|q| q.trim().to_lowercase()).filter(|q| !q.is_empty());
        self.actors
            .iter()
            .filter(|a| {
                q.as_ref().is_none_or(|q| {
                    a.name.to_lowercase().contains(q.as_str())
                        || a.aliases
                            .iter()
                            .any(|x| x.to_lowercase().contains(q.as_str()))
                })
            })
            .map(|a| {
                json!({
                    "name": a.name,
                    "kind": a.kind.as_str(),
                    "aliases": a.aliases,
                    "n_incidents": a.incidents.len(),
                    "n_claims": a.claims.len(),
                    "n_facts": a.facts.len(),
                })
            })
            .collect()
    }

    /// One actor, looked up by any of its names (any case), with its incidents.
    pub fn actor_detail(&self, name: &str) -> Option<Json> {
        let wanted = name.trim().to_lowercase();
        let actor = self.actors.iter().find(|a| {
            a.name.to_lowercase() == wanted || a.aliases.iter().any(|x| x.to_lowercase() == wanted)
        })?;
        let articles = self.articles_of(actor.facts.iter().map(|f| &f.provenance.doc));
        let mut json = export::actor_json(actor, &articles);
        json["incident_rows"] = Json::Array(
            actor
                .incidents
                .iter()
                .filter_map(|id| self.by_id.get(id))
                .map(|&i| self.incident_summary(i))
                .collect(),
        );
        Some(json)
    }

    /// One page of the article list, in the order they were added, and the total.
    pub fn list_articles(&self, limit: usize, offset: usize) -> (usize, Vec<Json>) {
        let page = self
            .docs
            .iter()
            .skip(offset)
            .take(limit)
            .map(|d| self.article_head(d))
            .collect();
        (self.docs.len(), page)
    }

    /// Other outlets' copies of an article.
    fn copies_json(&self, id: &DocId) -> Json {
        Json::Array(
            self.copies
                .get(id)
                .map(|list| {
                    list.iter()
                        .map(|c| {
                            json!({
                                "outlet": c.doc.source,
                                "title": c.doc.title,
                                "url": c.doc.url,
                                "published": c.doc.published.map(|d| d.to_string()),
                                "origin": c.doc.origin,
                                "kind": c.kind.as_str(),
                                "similarity": c.similarity,
                            })
                        })
                        .collect()
                })
                .unwrap_or_default(),
        )
    }

    fn article_head(&self, d: &Document) -> Json {
        json!({
            "id": d.id.0,
            "title": d.title,
            "source": d.source,
            "published": d.published.map(|p| p.to_string()),
            "url": d.url,
            "origin": d.origin,
            "incidents": self.doc_incidents.get(&d.id).cloned().unwrap_or_default(),
            "copies": self.copies_json(&d.id),
        })
    }

    /// One article with its text and everything extraction found in it.
    pub fn article_detail(&self, id: &str) -> Option<Json> {
        let &i = self.doc_index.get(&DocId(id.to_string()))?;
        let doc = &self.docs[i];
        let mut json = self.article_head(doc);
        json["text"] = json!(doc.text);
        json["extraction"] = self
            .extractions
            .get(&doc.id)
            .map(|e| export::extraction_json(doc, e))
            .unwrap_or(Json::Null);
        Some(json)
    }

    /// The incidents an article belongs to.
    pub fn incidents_of(&self, id: &DocId) -> Vec<String> {
        self.doc_incidents.get(id).cloned().unwrap_or_default()
    }

    /// Everything the web page can show, for the static report: the incident list,
    /// every incident's page, the actor list and every actor's page.
    pub fn report_data(&self) -> Json {
        let incidents: Vec<Json> = {
            let mut order: Vec<usize> = (0..self.incidents.len()).collect();
            order.sort_by(|&a, &b| self.newest_first(a, b));
            order
                .into_iter()
                .map(|i| self.incident_summary(i))
                .collect()
        };
        let details: serde_json::Map<String, Json> = self
            .incidents
            .iter()
            .filter_map(|i| Some((i.id.clone(), self.incident_detail(&i.id)?)))
            .collect();
        let actors = self.find_actors(None);
        let actor_details: serde_json::Map<String, Json> = self
            .actors
            .iter()
            .filter_map(|a| Some((a.name.clone(), self.actor_detail(&a.name)?)))
            .collect();
        json!({
            "incidents": incidents,
            "incident": details,
            "actors": actors,
            "actor": actor_details,
        })
    }
}
