//! The newsfuse job as a library, shared by the command line and the server: store an
//! article with its extraction, then regroup every stored article into incidents and
//! rebuild the actor records.
//!
//! Nothing here parses input or prints: ingest hands in [`Document`]s, and the callers
//! decide how to show what comes out.
#![deny(missing_docs)]

use newsfuse_core::{ActorRecord, Document, Extraction, Incident};
use newsfuse_store::{Store, StoreError};

/// Stores `doc` and, when it is new (or its extraction is missing), its extraction.
/// Returns `true` when the article was not stored before.
pub fn add_article(store: &mut Store, doc: &Document) -> Result<bool, StoreError> {
    let is_new = store.put_article(doc)?;
    if is_new || store.extraction(&doc.id)?.is_none() {
        let extraction = newsfuse_extract::extract(doc);
        store.put_extraction(&doc.id, &extraction)?;
    }
    Ok(is_new)
}

/// Groups every stored article into events, fuses each, rebuilds the actor records and
/// stores them, replacing the previous ones. Articles stored without an extraction
/// are extracted on the way.
pub fn regroup(store: &mut Store) -> Result<(Vec<Incident>, Vec<ActorRecord>), StoreError> {
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
    let (incidents, actors) = incidents_and_actors(&docs, &extractions);
    store.replace_derived(&incidents, &actors)?;
    Ok((incidents, actors))
}

/// Groups extracted articles into events, fuses each group into an incident, and
/// builds the actor records: everything that is derived from the articles.
/// `extractions[i]` belongs to `docs[i]`.
pub fn incidents_and_actors(
    docs: &[Document],
    extractions: &[Extraction],
) -> (Vec<Incident>, Vec<ActorRecord>) {
    let reports: Vec<newsfuse_fuse::Report<'_>> = docs
        .iter()
        .zip(extractions)
        .map(|(doc, extraction)| newsfuse_fuse::Report { doc, extraction })
        .collect();
    let mut with_features = Vec::new();
    let mut features = Vec::new();
    for (idx, r) in reports.iter().enumerate() {
        if let Some(f) = newsfuse_group::features(r.doc, r.extraction) {
            with_features.push(idx);
            features.push(f);
        }
    }
    let groups = newsfuse_group::group(&features);
    let incidents: Vec<Incident> = groups
        .iter()
        .map(|members| {
            let group_reports: Vec<newsfuse_fuse::Report<'_>> =
                members.iter().map(|&m| reports[with_features[m]]).collect();
            newsfuse_fuse::fuse_incident(&group_reports)
        })
        .collect();
    let actors =
        newsfuse_fuse::build_actors(&reports, &incidents, &newsfuse_extract::known_aliases);
    (incidents, actors)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Document {
        let mut d = Document::bare(format!("{:x}", text.len()), text);
        d.published = Some(newsfuse_core::Date::new(2025, 3, 4).expect("valid date"));
        d
    }

    #[test]
    fn adding_twice_stores_once_and_regroup_finds_the_attack() {
        let mut store = Store::open_in_memory().expect("store");
        let d = doc("Gunmen killed 12 people in an attack on a market in Maiduguri, Nigeria, on Monday, police said.");
        assert!(add_article(&mut store, &d).expect("add"));
        assert!(!add_article(&mut store, &d).expect("add again"));
        let (incidents, _) = regroup(&mut store).expect("regroup");
        assert_eq!(incidents.len(), 1);
        assert_eq!(incidents[0].articles, vec![d.id.clone()]);
        assert_eq!(store.incidents().expect("read back"), incidents);
    }
}
