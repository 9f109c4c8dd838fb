//! Outlet homes: where each outlet writes about, learned from the place names of its
//! earlier articles and kept in the store, so that a local paper's "Franklin" is the
//! Franklin of its own state (see [`newsfuse_extract::gazetteer::geonames::Home`]).
//!
//! Each outlet's [`HomeTally`] is a store setting under [`SETTING_PREFIX`] and the
//! outlet's key ([`outlet_key`]). [`crate::add_articles`] reads the tallies of a batch's
//! outlets before extracting it, extracts each new article with its outlet's home, and
//! adds the batch's place names to the tallies afterwards: an article is placed with
//! what its outlet's earlier batches said, never with itself or later articles.

use std::collections::HashMap;

use newsfuse_core::{Document, EntityKind, Extraction};
use newsfuse_extract::gazetteer::geonames::{Home, HomeTally};
use newsfuse_store::{Store, StoreError};

/// The prefix of the store settings that hold outlet tallies.
pub const SETTING_PREFIX: &str = "outlet-home:";

/// The key an article's outlet is known by: its source name, else its address's host,
/// in lower case and without `www.`; `None` when the article says neither.
pub fn outlet_key(doc: &Document) -> Option<String> {
    let name = match doc.source.as_deref().map(str::trim) {
        Some(s) if !s.is_empty() => s.to_string(),
        _ => {
            let url = doc.url.as_deref()?;
            let rest = url.split_once("://").map_or(url, |(_, r)| r);
            let host = rest.split(['/', '?', '#']).next()?;
            let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
            let host = host.split(':').next()?;
            host.to_string()
        }
    };
    let lower = name.to_lowercase();
    let key = lower.strip_prefix("www.").unwrap_or(&lower);
    (!key.is_empty()).then(|| key.to_string())
}

/// The distinct place names of an extraction, in order of first mention: what an
/// article tells about where its outlet writes.
pub fn place_names<'t>(text: &'t str, extraction: &Extraction) -> Vec<&'t str> {
    let mut out: Vec<&str> = Vec::new();
    for m in &extraction.mentions {
        if m.kind != EntityKind::Place {
            continue;
        }
        if let Some(name) = m.span.slice(text) {
            if !out.contains(&name) {
                out.push(name);
            }
        }
    }
    out
}

/// The kept tally of `outlet`, if any.
pub fn tally(store: &Store, outlet: &str) -> Result<Option<HomeTally>, StoreError> {
    let key = format!("{SETTING_PREFIX}{outlet}");
    let Some(text) = store.setting(&key)? else {
        return Ok(None);
    };
    HomeTally::decode(&text)
        .map(Some)
        .map_err(|e| StoreError::BadSetting {
            key,
            message: e.to_string(),
        })
}

/// The homes of a batch's outlets, as their kept tallies make them.
#[derive(Debug, Default)]
pub struct Homes {
    homes: HashMap<String, Home>,
}

impl Homes {
    /// The home of `doc`'s outlet as it was when the tallies were read.
    pub fn home_of(&self, doc: &Document) -> Option<&Home> {
        self.homes.get(&outlet_key(doc)?)
    }
}

/// The kept tallies of a batch's outlets, to count the batch's articles into.
#[derive(Debug, Default)]
pub struct Tallies {
    tallies: HashMap<String, HomeTally>,
    changed: Vec<String>,
}

/// Reads the kept tallies of the outlets of `docs`, and the homes they make.
pub fn load(store: &Store, docs: &[Document]) -> Result<(Homes, Tallies), StoreError> {
    let (mut homes, mut tallies) = (Homes::default(), Tallies::default());
    for doc in docs {
        let Some(key) = outlet_key(doc) else { continue };
        if tallies.tallies.contains_key(&key) {
            continue;
        }
        let tally = tally(store, &key)?.unwrap_or_default();
        if tally.names > 0.0 {
            homes.homes.insert(key.clone(), tally.home());
        }
        tallies.tallies.insert(key, tally);
    }
    Ok((homes, tallies))
}

impl Tallies {
    /// Counts an article's place names for its outlet.
    pub fn count(&mut self, doc: &Document, names: &[&str]) {
        let Some(key) = outlet_key(doc) else { return };
        if !self.changed.contains(&key) {
            self.changed.push(key.clone());
        }
        self.tallies.entry(key).or_default().add_article(names);
    }

    /// Writes the tallies that [`Tallies::count`] changed.
    pub fn store(&self, store: &mut Store) -> Result<(), StoreError> {
        for key in &self.changed {
            if let Some(tally) = self.tallies.get(key) {
                store.set_setting(&format!("{SETTING_PREFIX}{key}"), Some(&tally.encode()))?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(source: Option<&str>, url: Option<&str>) -> Document {
        let mut d = Document::bare("d", "text");
        d.source = source.map(str::to_string);
        d.url = url.map(str::to_string);
        d
    }

    #[test]
    fn an_outlet_is_its_source_else_its_host_without_case_or_www() {
        assert_eq!(
            outlet_key(&doc(
                Some(" The Valley Courier "),
                Some("https://x.example/a")
            )),
            Some("the valley courier".into())
        );
        assert_eq!(
            outlet_key(&doc(
                None,
                Some("https://WWW.Valley-Courier.example:8080/a/b?c")
            )),
            Some("valley-courier.example".into())
        );
        assert_eq!(
            outlet_key(&doc(Some(""), Some("valley-courier.example/news"))),
            Some("valley-courier.example".into())
        );
        assert_eq!(outlet_key(&doc(None, None)), None);
        assert_eq!(outlet_key(&doc(None, Some("https:///nothing"))), None);
    }

    fn article(id: &str, outlet: &str, text: &str) -> Document {
        let mut d = Document::bare(id, text);
        d.source = Some(outlet.to_string());
        d
    }

    fn latitude_of(store: &Store, doc: &Document, name: &str) -> Option<f64> {
        let extraction = store.extraction(&doc.id).expect("read")?;
        extraction
            .mentions
            .iter()
            .find(|m| m.span.slice(&doc.text) == Some(name))
            .and_then(|m| m.place.as_ref())
            .map(|p| p.lat)
    }

    #[test]
    fn an_outlets_earlier_batches_place_its_ambiguous_towns() {
        let mut store = Store::open_in_memory().expect("store");
        let earlier = [
            article(
                "e1",
                "Rutherford Ledger",
                "Road crews in Murfreesboro and Smyrna worked through the night after the storm.",
            ),
            article(
                "e2",
                "Rutherford Ledger",
                "The county fair opens in Cookeville next week, with buses from Knoxville.",
            ),
        ];
        crate::add_articles(&mut store, &earlier, 2).expect("first batch");
        let kept = tally(&store, "rutherford ledger")
            .expect("read")
            .expect("kept");
        assert_eq!(kept.articles, 2);
        assert_eq!(kept.names, 4.0);
        // The same news from the outlet with that history and from one without.
        let later = [
            article(
                "l1",
                "Rutherford Ledger",
                "A gunman wounded two people outside a church in Columbia on Sunday.",
            ),
            article(
                "l2",
                "Wire Desk",
                "Two people were hurt on Sunday when a man opened fire near a Columbia church.",
            ),
        ];
        crate::add_articles(&mut store, &later, 2).expect("second batch");
        // Columbia, Tennessee (35.6 N) for the Tennessee paper; Columbia, South
        // Carolina (34.0 N), the largest, for the outlet with no history.
        let local = latitude_of(&store, &later[0], "Columbia").expect("placed");
        assert!((local - 35.6).abs() < 0.2, "{local}");
        let other = latitude_of(&store, &later[1], "Columbia").expect("placed");
        assert!((other - 34.0).abs() < 0.2, "{other}");
        let kept = tally(&store, "rutherford ledger")
            .expect("read")
            .expect("kept");
        assert_eq!(kept.articles, 3);
        assert_eq!(
            tally(&store, "wire desk")
                .expect("read")
                .map(|t| t.articles),
            Some(1)
        );
    }

    #[test]
    fn a_bad_kept_tally_is_a_named_error() {
        let mut store = Store::open_in_memory().expect("store");
        store
            .set_setting("outlet-home:valley-courier.example", Some("garbage"))
            .expect("set");
        let err = tally(&store, "valley-courier.example").expect_err("bad tally");
        assert_eq!(
            err.to_string(),
                "stored setting 'outlet-home:valley-courier.example' is not valid: outlet home tally, line 1: not a home tally (unknown header)"
        );
    }
}
