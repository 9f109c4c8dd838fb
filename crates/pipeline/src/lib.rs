//! The newsfuse job as a library, shared by the command line and the server: store an
//! article with its extraction, then regroup every stored article into incidents and
//! rebuild the actor records.
//!
//! Nothing here parses input or prints: ingest hands in [`Document`]s, and the callers
//! decide how to show what comes out.
#![deny(missing_docs)]

pub mod history;
pub mod homes;
mod units;

use newsfuse_core::{ActorRecord, DocId, Document, Extraction, Incident};
pub use newsfuse_fuse::Reliability;
use newsfuse_group::dedup;
use newsfuse_store::{CopyKind, EncodedExtraction, Store, StoreError};

/// What became of an article handed to [`add_articles`].
#[derive(Debug, Clone, PartialEq)]
pub enum Added {
    /// Stored with its extraction: a source of its own.
    New,
    /// Already stored: the same text from the same outlet and address.
    Known,
    /// Kept as another outlet's copy of a stored article, not as a source of its own.
    Copy {
        /// The stored article it copies.
        of: DocId,
        /// The same text, or nearly.
        kind: CopyKind,
        /// Estimated similarity of the texts (1 for exact copies).
        similarity: f64,
    },
}

/// Stores one article: see [`add_articles`].
pub fn add_article(store: &mut Store, doc: &Document) -> Result<Added, StoreError> {
    let mut added = add_articles(store, std::slice::from_ref(doc), 1)?;
    Ok(added.pop().unwrap_or(Added::Known))
}

/// Stores a batch of articles and extracts the new ones on `threads` threads.
///
/// An article whose text is already stored is [`Added::Known`] when it comes from the
/// same outlet and address, and an exact [`Added::Copy`] when not; an article whose
/// text is nearly that of a stored one (a wire story under another headline, estimated
/// shingle similarity at least [`dedup::NEAR_DUPLICATE_SIMILARITY`]) is a near copy.
/// Copies are kept with their outlet but are not sources of their own: grouping and
/// fusion never see them. Each new article is handed to the extracting threads as
/// soon as it is decided, so that deciding and storing overlap extraction; the
/// decisions, the new articles and their extractions are written in one transaction.
pub fn add_articles(
    store: &mut Store,
    docs: &[Document],
    threads: usize,
) -> Result<Vec<Added>, StoreError> {
    let threads = threads.max(1);
    let (outlet_homes, mut tallies) = homes::load(store, docs)?;
    let (work_tx, work_rx) = std::sync::mpsc::channel::<usize>();
    let work_rx = std::sync::Mutex::new(work_rx);
    std::thread::scope(|scope| {
        let (done_tx, done_rx) = std::sync::mpsc::channel::<Extracted>();
        for _ in 0..threads {
            let (work_rx, done_tx) = (&work_rx, done_tx.clone());
            let outlet_homes = &outlet_homes;
            scope.spawn(move || loop {
                // The next article, and those already waiting after it, up to a batch:
                // extracted together, each stage over the whole batch, they run faster
                // (`newsfuse_extract::extract_many_with`).
                let mut batch = Vec::with_capacity(newsfuse_extract::BATCH);
                {
                    // A poisoned lock means another extracting thread panicked; the scope
                    // hands that panic to the caller.
                    let Ok(rx) = work_rx.lock() else { return };
                    let Ok(i) = rx.recv() else { return };
                    batch.push(i);
                    while batch.len() < newsfuse_extract::BATCH {
                        match rx.try_recv() {
                            Ok(i) => batch.push(i),
                            Err(_) => break,
                        }
                    }
                }
                let items: Vec<(&Document, newsfuse_extract::Hints<'_>)> = batch
                    .iter()
                    .map(|&i| {
                        let hints = newsfuse_extract::Hints {
                            home: outlet_homes.home_of(&docs[i]),
                        };
                        (&docs[i], hints)
                    })
                    .collect();
                let extractions = newsfuse_extract::extract_many_with(&items);
                for (&i, extraction) in batch.iter().zip(&extractions) {
                    let places = homes::place_names(&docs[i].text, extraction)
                        .into_iter()
                        .map(str::to_string)
                        .collect();
                    let encoded = EncodedExtraction::new(extraction);
                    if done_tx.send((i, encoded, places)).is_err() {
                        return;
                    }
                }
            });
        }
        drop(done_tx);
        store.in_transaction(move |store| {
            let mut added = Vec::with_capacity(docs.len());
            for (i, doc) in docs.iter().enumerate() {
                let outcome = decide(store, doc)?;
                if outcome == Added::New
                    || (outcome == Added::Known && store.extraction_encoded(&doc.id)?.is_none())
                {
                    // The extracting threads outlive this loop (they are scoped).
                    let _ = work_tx.send(i);
                }
                added.push(outcome);
            }
            drop(work_tx);
            let mut counted = Vec::new();
            for (i, encoded, places) in done_rx {
                store.put_extraction_encoded(&docs[i].id, &encoded)?;
                counted.push((i, places));
            }
            // In input order, so that the kept tallies do not depend on the threads.
            counted.sort_unstable_by_key(|c| c.0);
            for (i, places) in &counted {
                let names: Vec<&str> = places.iter().map(String::as_str).collect();
                tallies.count(&docs[*i], &names);
            }
            tallies.store(store)?;
            Ok(added)
        })
    })
}

/// An extracted article on its way from an extracting thread to the store: its index in
/// the batch, its extraction, and its place names for its outlet's home.
type Extracted = (usize, EncodedExtraction, Vec<String>);

/// Whether `doc` is new, known or a copy; stores it (with its signature) when new, or
/// the copy when a copy.
fn decide(store: &mut Store, doc: &Document) -> Result<Added, StoreError> {
    if let Some(stored) = store.article(&doc.id)? {
        let same_place = stored.source == doc.source && stored.url == doc.url;
        if same_place || !store.put_copy(&doc.id, doc, CopyKind::Exact, 1.0)? {
            return Ok(Added::Known);
        }
        return Ok(Added::Copy {
            of: doc.id.clone(),
            kind: CopyKind::Exact,
            similarity: 1.0,
        });
    }
    let signature = dedup::signature(&doc.text);
    if let Some(sig) = &signature {
        let keys = dedup::band_keys(sig);
        let best = store
            .band_candidates(&keys, dedup::CANDIDATES)?
            .into_iter()
            .filter_map(|(id, bytes)| {
                let other = dedup::from_bytes(&bytes)?;
                Some((id, dedup::similarity(sig, &other)))
            })
            .filter(|(_, sim)| *sim >= dedup::NEAR_DUPLICATE_SIMILARITY)
            .max_by(|a, b| a.1.total_cmp(&b.1));
        if let Some((of, similarity)) = best {
            store.put_copy(&of, doc, CopyKind::Near, similarity)?;
            return Ok(Added::Copy {
                of,
                kind: CopyKind::Near,
                similarity,
            });
        }
    }
    store.put_article(doc)?;
    if let Some(sig) = &signature {
        store.put_signature(&doc.id, &dedup::to_bytes(sig), &dedup::band_keys(sig))?;
    }
    Ok(Added::New)
}

/// Groups every stored article into events, fuses each, rebuilds the actor records and
/// stores them, replacing the previous ones. Articles stored without an extraction
/// are extracted on the way.
pub fn regroup(store: &mut Store) -> Result<(Vec<Incident>, Vec<ActorRecord>), StoreError> {
    let reliability = reliability(store)?;
    let docs = store.articles()?;
    let mut extractions: Vec<Extraction> = Vec::with_capacity(docs.len());
    for doc in &docs {
        let extraction = match store.extraction(&doc.id)? {
            Some(e) => e,
            None => {
                let e = newsfuse_extract::extract(doc);
                store.put_extraction(&doc.id, &e)?;
                e
            }
        };
        extractions.push(extraction);
    }
    let before = store.incident_members()?;
    let (incidents, actors) = incidents_and_actors_with(&docs, &extractions, &reliability);
    store.replace_derived(&incidents, &actors)?;
    let after: Vec<(String, Vec<DocId>)> = incidents
        .iter()
        .map(|i| (i.id.clone(), i.articles.clone()))
        .collect();
    store.append_group_history(&now_utc(), &history::changes(&before, &after))?;
    Ok((incidents, actors))
}

/// The store's setting that holds the outlet reliability table (TOML).
pub const RELIABILITY_SETTING: &str = "reliability";

/// Keeps `reliability` with the data, for every later regroup (the command line's and
/// the server's); `None` goes back to every outlet weighing the same.
pub fn set_reliability(
    store: &mut Store,
    reliability: Option<&Reliability>,
) -> Result<(), StoreError> {
    let text = reliability.map(Reliability::to_toml);
    store.set_setting(RELIABILITY_SETTING, text.as_deref())
}

/// The outlet reliability table kept with the data (every outlet 1 when none is).
pub fn reliability(store: &Store) -> Result<Reliability, StoreError> {
    match store.setting(RELIABILITY_SETTING)? {
        None => Ok(Reliability::default()),
        Some(text) => Reliability::from_toml(&text).map_err(|e| StoreError::BadSetting {
            key: RELIABILITY_SETTING.to_string(),
            message: e.to_string(),
        }),
    }
}

/// The time now, UTC, as `YYYY-MM-DDTHH:MM:SSZ`.
fn now_utc() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    let date = newsfuse_core::Date::from_days_since_epoch(secs.div_euclid(86_400));
    let t = secs.rem_euclid(86_400);
    format!("{date}T{:02}:{:02}:{:02}Z", t / 3600, t % 3600 / 60, t % 60)
}

/// What [`regroup_large`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RegroupStats {
    /// Stored articles (copies not counted).
    pub articles: usize,
    /// Grouping units: the articles with an attack, one per incident of an article
    /// that reports several.
    pub grouped: usize,
    /// Incidents stored.
    pub incidents: usize,
}

/// Incidents fused and written per transaction by [`regroup_large`].
pub const FUSE_BATCH: usize = 4096;

/// Articles read from the store per batch of feature computation in [`regroup_large`].
const READ_BATCH: usize = 2048;

/// `f` of each item, in order, computed on up to `threads` scoped threads.
fn par_map<T: Sync, R: Send>(items: &[T], threads: usize, f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = threads.clamp(1, items.len().max(1));
    if threads == 1 {
        return items.iter().map(&f).collect();
    }
    let f = &f;
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(items.len().div_ceil(threads))
            .map(|part| scope.spawn(move || part.iter().map(f).collect::<Vec<R>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| match h.join() {
                Ok(v) => v,
                // Extraction, grouping and fusion do not panic on any input (proptests
                // hold it); should they, the panic belongs to the caller.
                Err(panic) => std::panic::resume_unwind(panic),
            })
            .collect()
    })
}

/// The grouping features of stored articles, decoded and computed on `threads` threads;
/// their actors go to `actors`, in order.
fn features_of(
    rows: &[(Document, EncodedExtraction)],
    threads: usize,
    actors: &mut newsfuse_fuse::ActorBuilder,
) -> Result<Vec<newsfuse_group::Features>, StoreError> {
    let out = par_map(rows, threads, |(doc, encoded)| {
        encoded.decode(&doc.id.0).map(|e| {
            (
                newsfuse_group::unit_features(doc, &e),
                newsfuse_fuse::report_actors(doc, &e),
            )
        })
    });
    let mut features = Vec::with_capacity(out.len());
    for f in out {
        let (f, a) = f?;
        features.extend(f);
        actors.add_report(a);
    }
    Ok(features)
}

/// [`regroup`] for corpora too big to hold: the articles are read in batches and only
/// their grouping [`Features`](newsfuse_group::Features) are kept; each group's
/// articles are read back to be fused, and the incidents are written in batches of
/// [`FUSE_BATCH`]. Decoding, features and fusion run on `threads` threads. Grouping,
/// fusion and the actor records are the same as [`regroup`]'s (the actors are built as
/// the articles and incidents go by, holding only the actors and their facts); the
/// incidents are not replaced atomically.
pub fn regroup_large(store: &mut Store, threads: usize) -> Result<RegroupStats, StoreError> {
    let reliability = reliability(store)?;
    let before = store.incident_members()?;
    for id in store.ids_without_extraction()? {
        if let Some(doc) = store.article(&id)? {
            store.put_extraction(&id, &newsfuse_extract::extract(&doc))?;
        }
    }
    let mut features = Vec::new();
    let mut articles = 0usize;
    let mut rows: Vec<(Document, EncodedExtraction)> = Vec::with_capacity(READ_BATCH);
    let mut actors = newsfuse_fuse::ActorBuilder::default();
    store.for_each_article_encoded(|doc, encoded| {
        articles += 1;
        if let Some(e) = encoded {
            rows.push((doc, e));
        }
        if rows.len() >= READ_BATCH {
            features.extend(features_of(&rows, threads, &mut actors)?);
            rows.clear();
        }
        Ok(())
    })?;
    features.extend(features_of(&rows, threads, &mut actors)?);
    drop(rows);
    let groups = newsfuse_group::group(&features);
    let ids: Vec<Vec<(DocId, u32)>> = groups
        .iter()
        .map(|g| {
            g.iter()
                .map(|&m| (features[m].doc.clone(), features[m].incident))
                .collect()
        })
        .collect();
    let grouped = features.len();
    drop(features);
    drop(groups);
    store.clear_incidents()?;
    let mut written = 0usize;
    for batch in ids.chunks(FUSE_BATCH) {
        let mut incidents = Vec::with_capacity(batch.len());
        // Only a few groups' articles are held at a time.
        for part in batch.chunks(READ_BATCH / 8) {
            incidents.extend(fuse_groups(store, part, &reliability, threads)?);
        }
        store.append_incidents(&incidents, written)?;
        actors.add_incidents(&incidents);
        written += incidents.len();
    }
    store.replace_actors(&actors.finish(&newsfuse_extract::known_aliases))?;
    let after = store.incident_members()?;
    store.append_group_history(&now_utc(), &history::changes(&before, &after))?;
    drop(before);
    Ok(RegroupStats {
        articles,
        grouped,
        incidents: written,
    })
}

/// The incidents of `groups` (units: article id and incident), read from the store and
/// fused (outlets weighed by `reliability`) on `threads` threads.
fn fuse_groups(
    store: &Store,
    groups: &[Vec<(DocId, u32)>],
    reliability: &Reliability,
    threads: usize,
) -> Result<Vec<Incident>, StoreError> {
    type Rows = Vec<(Document, EncodedExtraction, Vec<usize>)>;
    let mut members: Vec<Rows> = Vec::with_capacity(groups.len());
    for group in groups {
        let mut rows = Vec::with_capacity(group.len());
        for (id, ks) in units::by_article(group.iter().cloned()) {
            if let (Some(d), Some(e)) = (store.article(&id)?, store.extraction_encoded(&id)?) {
                rows.push((d, e, ks));
            }
        }
        members.push(rows);
    }
    par_map(&members, threads, |rows| {
        let extractions = rows
            .iter()
            .map(|(doc, e, _)| e.decode(&doc.id.0))
            .collect::<Result<Vec<Extraction>, StoreError>>()?;
        let views: Vec<_> = rows
            .iter()
            .zip(&extractions)
            .map(|((_, _, ks), e)| units::narrowed(e, ks))
            .collect();
        let reports: Vec<newsfuse_fuse::Report<'_>> = rows
            .iter()
            .zip(&views)
            .map(|((doc, _, _), e)| newsfuse_fuse::Report { doc, extraction: e })
            .collect();
        let mut incident = newsfuse_fuse::fuse_incident_with(&reports, reliability);
        units::name(&mut incident, rows.first().map_or(0, |(_, _, ks)| ks[0]));
        Ok(incident)
    })
    .into_iter()
    .collect()
}

/// Groups extracted articles into events, fuses each group into an incident, and
/// builds the actor records: everything that is derived from the articles.
/// `extractions[i]` belongs to `docs[i]`.
pub fn incidents_and_actors(
    docs: &[Document],
    extractions: &[Extraction],
) -> (Vec<Incident>, Vec<ActorRecord>) {
    incidents_and_actors_with(docs, extractions, &Reliability::default())
}

/// [`incidents_and_actors`] with outlets weighed by `reliability` where reports
/// contradict each other.
pub fn incidents_and_actors_with(
    docs: &[Document],
    extractions: &[Extraction],
    reliability: &Reliability,
) -> (Vec<Incident>, Vec<ActorRecord>) {
    let reports: Vec<newsfuse_fuse::Report<'_>> = docs
        .iter()
        .zip(extractions)
        .map(|(doc, extraction)| newsfuse_fuse::Report { doc, extraction })
        .collect();
    // One unit per incident an article reports: (report, incident).
    let mut unit_of = Vec::new();
    let mut features = Vec::new();
    for (idx, r) in reports.iter().enumerate() {
        for f in newsfuse_group::unit_features(r.doc, r.extraction) {
            unit_of.push((idx, f.incident));
            features.push(f);
        }
    }
    let groups = newsfuse_group::group(&features);
    let incidents: Vec<Incident> = groups
        .iter()
        .map(|members| {
            let articles = units::by_article(members.iter().map(|&m| unit_of[m]));
            let views: Vec<_> = articles
                .iter()
                .map(|(i, ks)| units::narrowed(reports[*i].extraction, ks))
                .collect();
            let group_reports: Vec<newsfuse_fuse::Report<'_>> = articles
                .iter()
                .zip(&views)
                .map(|((i, _), e)| newsfuse_fuse::Report {
                    doc: reports[*i].doc,
                    extraction: e,
                })
                .collect();
            let mut incident = newsfuse_fuse::fuse_incident_with(&group_reports, reliability);
            units::name(&mut incident, articles.first().map_or(0, |(_, ks)| ks[0]));
            incident
        })
        .collect();
    let actors =
        newsfuse_fuse::build_actors(&reports, &incidents, &newsfuse_extract::known_aliases);
    (incidents, actors)
}

#[cfg(test)]
mod tests {
    use super::*;
    use newsfuse_core::DocId;

    fn doc(text: &str) -> Document {
        let mut d = Document::bare(format!("{:x}", text.len()), text);
        d.published = Some(newsfuse_core::Date::new(2025, 3, 4).expect("valid date"));
        d
    }

    #[test]
    fn adding_twice_stores_once_and_regroup_finds_the_attack() {
        let mut store = Store::open_in_memory().expect("store");
        let d = doc("Gunmen killed 12 people in an attack on a market in Maiduguri, Nigeria, on Monday, police said.");
        assert_eq!(add_article(&mut store, &d).expect("add"), Added::New);
        assert_eq!(
            add_article(&mut store, &d).expect("add again"),
            Added::Known
        );
        let (incidents, _) = regroup(&mut store).expect("regroup");
        assert_eq!(incidents.len(), 1);
        assert_eq!(incidents[0].articles, vec![d.id.clone()]);
        assert_eq!(store.incidents().expect("read back"), incidents);
    }

    #[test]
    fn regroups_record_what_changed_in_the_grouping() {
        use history::GroupChange;
        let mut store = Store::open_in_memory().expect("store");
        let first = doc("Gunmen killed 12 people in an attack on a market in Maiduguri, Nigeria, on Monday, police said.");
        add_article(&mut store, &first).expect("add");
        regroup(&mut store).expect("regroup 1");
        let second = doc("Police in Maiduguri, Nigeria, said gunmen who attacked a market on Monday killed 12 people and burned stalls.");
        add_article(&mut store, &second).expect("add");
        let (incidents, _) = regroup(&mut store).expect("regroup 2");
        assert_eq!(incidents.len(), 1, "{incidents:?}");
        // A regroup that changes nothing records nothing.
        regroup(&mut store).expect("regroup 3");
        store.delete_article(&first.id).expect("delete");
        store.delete_article(&second.id).expect("delete");
        regroup(&mut store).expect("regroup 4");
        let history: Vec<(i64, String, GroupChange)> = store.group_history().expect("history");
        let id = incidents[0].id.clone();
        let changes: Vec<(i64, GroupChange)> =
            history.iter().map(|(n, _, c)| (*n, c.clone())).collect();
        assert_eq!(
            changes,
            vec![
                (
                    1,
                    GroupChange::Opened {
                        incident: format!("inc-{}", first.id),
                        articles: vec![first.id.clone()]
                    }
                ),
                (
                    2,
                    GroupChange::Joined {
                        incident: id.clone(),
                        was: (id != format!("inc-{}", first.id))
                            .then(|| format!("inc-{}", first.id)),
                        articles: vec![second.id.clone()]
                    }
                ),
                (
                    3,
                    GroupChange::Closed {
                        incident: id.clone()
                    }
                ),
            ]
        );
        let at = &history[0].1;
        assert_eq!(
            (at.len(), &at[4..5], &at[10..11], &at[19..]),
            (20, "-", "T", "Z"),
            "{at}"
        );
    }

    #[test]
    fn the_reliability_table_kept_with_the_data_decides_a_contradiction() {
        let mut store = Store::open_in_memory().expect("store");
        let mut a = doc("Gunmen killed 12 people in an attack on a market in Maiduguri, Nigeria, on Monday, police said.");
        a.source = Some("Lake Courier".into());
        let mut b = doc("Gunmen killed 30 people when they attacked a busy market in Maiduguri, Nigeria, on Monday, residents said.");
        b.source = Some("www.rumours.example".into());
        let mut c = doc("Thirty people were killed on Monday when gunmen attacked a market in Maiduguri, Nigeria, witnesses said.");
        c.source = Some("Rumours.example".into());
        for d in [&a, &b, &c] {
            add_article(&mut store, d).expect("add");
        }
        let killed = |incidents: &[Incident]| -> String {
            assert_eq!(incidents.len(), 1, "{incidents:?}");
            let f = incidents[0]
                .facts
                .iter()
                .find(|f| f.attribute == newsfuse_core::Attribute::Killed)
                .expect("killed fused");
            assert_eq!(f.status, newsfuse_core::Status::Conflict, "{}", f.note);
            f.value.display()
        };
        let (plain, _) = regroup(&mut store).expect("regroup");
        assert_eq!(killed(&plain), "30");
        let table =
            Reliability::from_toml("[outlets]\n\"rumours.example\" = 0.2\n").expect("table");
        set_reliability(&mut store, Some(&table)).expect("set");
        assert_eq!(reliability(&store).expect("read back"), table);
        let (weighed, _) = regroup(&mut store).expect("regroup");
        assert_eq!(killed(&weighed), "12");
        assert_eq!(store.incidents().expect("stored"), weighed);
        set_reliability(&mut store, None).expect("unset");
        assert_eq!(
            reliability(&store).expect("default"),
            Reliability::default()
        );
        store
            .set_setting(RELIABILITY_SETTING, Some("default = 3"))
            .expect("set raw");
        assert_eq!(
            regroup(&mut store)
                .expect_err("a bad stored table is an error")
                .to_string(),
            "stored setting 'reliability' is not valid: default: weight 3 is outside 0..=1"
        );
    }

    const WIRE: &str = "A car bomb exploded outside the central bank in Port Lumen, Veloria, on \
        Monday morning, killing eleven people and wounding at least thirty, police said. The \
        blast shattered windows along the avenue and set several parked vehicles on fire, \
        witnesses said, as ambulances ferried the wounded to the city hospital. Officials \
        said the bomb had been hidden in a delivery van parked near the entrance. No group \
        has claimed responsibility for the attack, the deadliest in the capital this year.";

    fn outlet(id: &str, text: &str, source: &str) -> Document {
        let mut d = doc(text);
        d.id = DocId(id.to_string());
        d.source = Some(source.to_string());
        d.origin = format!("{source}.txt");
        d
    }

    #[test]
    fn wire_copies_are_kept_as_copies_not_sources() {
        let mut store = Store::open_in_memory().expect("store");
        let original = outlet("a1", WIRE, "Example Wire");
        let exact = outlet("a1", WIRE, "Daily Example");
        let near = outlet(
            "b2",
            &format!("Bank bombing kills 11\n\n{WIRE}\n\nCopyright Example Wire."),
            "Evening Example",
        );
        let added = add_articles(
            &mut store,
            &[
                original.clone(),
                exact.clone(),
                near.clone(),
                original.clone(),
            ],
            2,
        )
        .expect("stored");
        assert_eq!(added[0], Added::New);
        assert_eq!(
            added[1],
            Added::Copy {
                of: original.id.clone(),
                kind: CopyKind::Exact,
                similarity: 1.0
            }
        );
        match &added[2] {
            Added::Copy {
                of,
                kind,
                similarity,
            } => {
                assert_eq!((of, *kind), (&original.id, CopyKind::Near));
                assert!(
                    *similarity >= dedup::NEAR_DUPLICATE_SIMILARITY,
                    "{similarity}"
                );
            }
            other => panic!("not a copy: {other:?}"),
        }
        assert_eq!(added[3], Added::Known);
        assert_eq!(store.article_count().expect("count"), 1);
        let copies: Vec<(String, CopyKind)> = store
            .copies()
            .expect("copies")
            .into_iter()
            .map(|c| (c.doc.source.unwrap_or_default(), c.kind))
            .collect();
        assert_eq!(
            copies,
            vec![
                ("Daily Example".to_string(), CopyKind::Exact),
                ("Evening Example".to_string(), CopyKind::Near)
            ]
        );
        // One source: the incident has one article, and no fact is "agreed".
        let (incidents, _) = regroup(&mut store).expect("regroup");
        assert_eq!(incidents.len(), 1);
        assert_eq!(incidents[0].articles, vec![original.id.clone()]);
        assert!(incidents[0]
            .facts
            .iter()
            .all(|f| f.status == newsfuse_core::Status::SingleSource));
    }

    #[test]
    fn a_store_of_schema_2_still_finds_copies_of_its_articles() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("v2.db");
        let original = outlet("a1", WIRE, "Example Wire");
        let sig = dedup::signature(WIRE).expect("long enough");
        {
            // The tables and rows version 2 wrote for one stored article.
            let conn = rusqlite::Connection::open(&path).expect("open");
            conn.execute_batch(
                "CREATE TABLE articles (id TEXT PRIMARY KEY, title TEXT, published TEXT,
                 source TEXT, url TEXT, external_id TEXT, origin TEXT NOT NULL,
                 text TEXT NOT NULL, added_seq INTEGER NOT NULL, minhash BLOB);
                 CREATE TABLE article_bands (band INTEGER NOT NULL, key INTEGER NOT NULL,
                 article_id TEXT NOT NULL REFERENCES articles(id),
                 PRIMARY KEY (band, key, article_id)) WITHOUT ROWID;
                 PRAGMA user_version = 2;",
            )
            .expect("old schema");
            conn.execute(
                "INSERT INTO articles (id, source, origin, text, added_seq, minhash)
                 VALUES (?1, ?2, ?3, ?4, 1, ?5)",
                rusqlite::params![
                    original.id.0,
                    original.source,
                    original.origin,
                    original.text,
                    dedup::to_bytes(&sig)
                ],
            )
            .expect("old article");
            for (band, key) in dedup::band_keys(&sig).iter().enumerate() {
                conn.execute(
                    "INSERT INTO article_bands (band, key, article_id) VALUES (?1, ?2, ?3)",
                    rusqlite::params![band as i64, key, original.id.0],
                )
                .expect("old band");
            }
        }
        let mut store = Store::open(&path).expect("upgraded");
        let near = outlet(
            "b2",
            &format!("Bank bombing kills 11\n\n{WIRE}\n\nCopyright Example Wire."),
            "Evening Example",
        );
        let added = add_article(&mut store, &near).expect("stored");
        assert!(
            matches!(&added, Added::Copy { of, kind: CopyKind::Near, .. } if *of == original.id),
            "{added:?}"
        );
        assert_eq!(store.article_count().expect("count"), 1);
    }

    #[test]
    fn extraction_on_several_threads_stores_what_one_thread_stores() {
        let docs: Vec<Document> = (0..9)
            .map(|i| {
                outlet(
                    &format!("d{i}"),
                    &format!(
                        "Gunmen killed {} people in Kano on Monday, police said.",
                        i + 2
                    ),
                    "Example",
                )
            })
            .collect();
        let stored = |threads: usize| {
            let mut store = Store::open_in_memory().expect("store");
            let added = add_articles(&mut store, &docs, threads).expect("stored");
            assert!(added.iter().all(|a| *a == Added::New), "{added:?}");
            docs.iter()
                .map(|d| store.extraction(&d.id).expect("read").expect("extracted"))
                .collect::<Vec<_>>()
        };
        let one = stored(1);
        assert_eq!(one[3], newsfuse_extract::extract(&docs[3]));
        assert_eq!(stored(4), one);
    }

    #[test]
    fn regroup_large_stores_the_incidents_regroup_makes() {
        let texts = [
            "Gunmen killed 12 people in an attack on a market in Maiduguri, Nigeria, on Monday, police said.",
            "Twelve people died when gunmen attacked a market in Maiduguri on Monday, officials said.",
            "A car bomb killed 4 soldiers at a checkpoint in Quetta, Pakistan, on Monday.",
            "The parliament approved the budget on Monday.",
        ];
        let mut store = Store::open_in_memory().expect("store");
        for (i, t) in texts.iter().enumerate() {
            add_article(&mut store, &outlet(&format!("x{i}"), t, "Example")).expect("add");
        }
        let (incidents, _) = regroup(&mut store).expect("regroup");
        let stats = regroup_large(&mut store, 2).expect("regroup large");
        assert_eq!(stats.articles, 4);
        assert_eq!(stats.incidents, incidents.len());
        assert_eq!(store.incidents().expect("read back"), incidents);
    }

    #[test]
    fn regroup_large_rebuilds_the_actors_regroup_builds() {
        let texts = [
            "Boko Haram fighters killed 9 villagers in an attack on Gwoza, Nigeria, on Monday, the army said. Boko Haram claimed responsibility in a video.",
            "Nine villagers died when Boko Haram gunmen raided Gwoza in Borno state on Monday, said Governor Babagana Zulum.",
            "Islamic State claimed a suicide bombing that killed 14 people at a mosque in Peshawar, Pakistan, on Friday, police said.",
            "The Islamic State group, also known as ISIS, said its fighter carried out the Peshawar mosque bombing on Friday.",
            "The Red Cross said on Tuesday that it had sent doctors to Gwoza after the raid. Boko Haram, which was founded in 2002, has its stronghold in the Sambisa forest.",
            "Boko Haram, formed in 2002 and based in northeastern Nigeria, also runs a media arm called Al-Urwah, officials said.",
            "Al-Shabaab militants attacked a hotel in Mogadishu, Somalia, on Saturday, killing 5 guards, officials said.",
        ];
        let mut store = Store::open_in_memory().expect("store");
        for (i, t) in texts.iter().enumerate() {
            add_article(&mut store, &outlet(&format!("y{i}"), t, "Example")).expect("add");
        }
        let (incidents, actors) = regroup(&mut store).expect("regroup");
        // The stream names actors linked to incidents, and some not linked to any.
        assert!(actors.iter().any(|a| !a.incidents.is_empty()), "{actors:?}");
        assert!(actors.iter().any(|a| !a.claims.is_empty()), "{actors:?}");
        assert!(actors.iter().any(|a| a.incidents.is_empty()), "{actors:?}");
        assert!(actors.iter().any(|a| a.facts.len() >= 2), "{actors:?}");
        // Stale records must go: regroup_large replaces them all.
        store.replace_actors(&[]).expect("clear actors");
        regroup_large(&mut store, 2).expect("regroup large");
        assert_eq!(store.incidents().expect("incidents"), incidents);
        assert_eq!(store.actors().expect("actors"), actors);
    }
}
