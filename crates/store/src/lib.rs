//! The embedded store: one SQLite file holding articles, their extractions, and the
//! incidents and actor records derived from them.
//!
//! This is the only crate that knows SQL. Articles are keyed by content hash, so
//! storing the same article twice changes nothing. Derived data (incidents, actors) is
//! replaced wholesale in one transaction each time the pipeline regroups, so a reader
//! never sees half of a regrouping.
#![deny(missing_docs)]

use std::path::Path;

use newsfuse_core::{ActorRecord, Date, DocId, Document, Extraction, Incident};
use rusqlite::{params, Connection, OptionalExtension};

/// The schema version this code writes and reads.
pub const SCHEMA_VERSION: i64 = 3;

/// Why a store operation failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLite refused (file unreadable, locked, corrupt, not a database).
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// A stored JSON column does not decode (a store from another version, or damaged).
    #[error("stored {what} for '{key}' does not decode: {source}")]
    Decode {
        /// Which kind of record.
        what: &'static str,
        /// Its key.
        key: String,
        /// The decoder's complaint.
        source: serde_json::Error,
    },
    /// A stored setting no longer reads (written by another version, or edited).
    #[error("stored setting '{key}' is not valid: {message}")]
    BadSetting {
        /// The setting.
        key: String,
        /// What is wrong with it.
        message: String,
    },
    /// The file was written by a newer newsfuse.
    #[error("database schema version {found} is newer than this newsfuse understands ({SCHEMA_VERSION}); upgrade newsfuse")]
    TooNew {
        /// The version in the file.
        found: i64,
    },
}

/// How a copy relates to the stored article it copies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CopyKind {
    /// The same text, from another outlet or address.
    Exact,
    /// Nearly the same text (a wire story with its own headline or sign-off).
    Near,
}

impl CopyKind {
    /// `exact` or `near`.
    pub fn as_str(self) -> &'static str {
        match self {
            CopyKind::Exact => "exact",
            CopyKind::Near => "near",
        }
    }
}

/// Another outlet's copy of a stored article: kept, but not a source of its own.
#[derive(Debug, Clone, PartialEq)]
pub struct Copy {
    /// The stored article it copies.
    pub canonical: DocId,
    /// The copy as read.
    pub doc: Document,
    /// Exact or near.
    pub kind: CopyKind,
    /// Estimated similarity of the texts (1 for exact copies).
    pub similarity: f64,
}

/// An extraction encoded as the store keeps it, so that encoding and decoding can run
/// on other threads than the one that holds the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncodedExtraction(String);

impl EncodedExtraction {
    /// Encodes an extraction.
    pub fn new(extraction: &Extraction) -> EncodedExtraction {
        EncodedExtraction(encode(extraction))
    }

    /// Decodes it; `key` names the article in the error.
    pub fn decode(&self, key: &str) -> Result<Extraction, StoreError> {
        decode("extraction", key, &self.0)
    }
}

/// An open store.
pub struct Store {
    conn: Connection,
}

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    title TEXT,
    published TEXT,
    source TEXT,
    url TEXT,
    external_id TEXT,
    origin TEXT NOT NULL,
    text TEXT NOT NULL,
    added_seq INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS extractions (
    article_id TEXT PRIMARY KEY REFERENCES articles(id),
    json TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS incidents (
    id TEXT PRIMARY KEY,
    seq INTEGER NOT NULL,
    json TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS incident_articles (
    incident_id TEXT NOT NULL REFERENCES incidents(id),
    article_id TEXT NOT NULL REFERENCES articles(id),
    PRIMARY KEY (incident_id, article_id)
);
CREATE TABLE IF NOT EXISTS actors (
    name TEXT PRIMARY KEY,
    seq INTEGER NOT NULL,
    json TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS signatures (
    seq INTEGER PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles(id),
    minhash BLOB NOT NULL,
    keys BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS minhash_bands (
    key INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    PRIMARY KEY (key, seq)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS copies (
    canonical_id TEXT NOT NULL REFERENCES articles(id),
    origin TEXT NOT NULL,
    kind TEXT NOT NULL,
    similarity REAL NOT NULL,
    doc TEXT NOT NULL,
    PRIMARY KEY (canonical_id, origin)
);
CREATE INDEX IF NOT EXISTS articles_by_seq ON articles(added_seq);
CREATE TABLE IF NOT EXISTS settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS group_history (
    seq INTEGER PRIMARY KEY,
    regroup INTEGER NOT NULL,
    at TEXT NOT NULL,
    json TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS actor_aliases (
    alias TEXT NOT NULL COLLATE NOCASE,
    name TEXT NOT NULL REFERENCES actors(name),
    PRIMARY KEY (alias, name)
);
";

fn encode<T: serde::Serialize>(value: &T) -> String {
    // Serialising plain data structs to a string cannot fail.
    serde_json::to_string(value).unwrap_or_else(|_| "null".to_string())
}

fn decode<T: serde::de::DeserializeOwned>(
    what: &'static str,
    key: &str,
    json: &str,
) -> Result<T, StoreError> {
    serde_json::from_str(json).map_err(|source| StoreError::Decode {
        what,
        key: key.to_string(),
        source,
    })
}

/// Band keys as kept in `signatures.keys`: little-endian `i64`s.
fn keys_to_bytes(keys: &[i64]) -> Vec<u8> {
    keys.iter().flat_map(|k| k.to_le_bytes()).collect()
}

fn keys_from_bytes(bytes: &[u8]) -> Vec<i64> {
    bytes
        .chunks_exact(8)
        .map(|c| i64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]))
        .collect()
}

/// Version 2 kept each signature in its article's row (after the text) and the band
/// keys by article id; version 3 keeps both apart from the text, by the article's
/// storage number, so that the copy check reads only them. The old `articles.minhash`
/// column stays (dropping it would rewrite every article) and is no longer read.
fn upgrade_signatures(conn: &Connection) -> Result<(), StoreError> {
    let tx = conn.unchecked_transaction()?;
    {
        let mut read = tx.prepare(
            "SELECT a.added_seq, a.id, a.minhash, b.key
             FROM articles a JOIN article_bands b ON b.article_id = a.id
             WHERE a.minhash IS NOT NULL ORDER BY a.added_seq, b.band",
        )?;
        let mut put_signature = tx.prepare(
            "INSERT OR IGNORE INTO signatures (seq, article_id, minhash, keys) VALUES (?1, ?2, ?3, ?4)",
        )?;
        let mut put_key =
            tx.prepare("INSERT OR IGNORE INTO minhash_bands (key, seq) VALUES (?1, ?2)")?;
        let mut current: Option<(i64, String, Vec<u8>, Vec<i64>)> = None;
        let mut flush = |c: Option<(i64, String, Vec<u8>, Vec<i64>)>| -> rusqlite::Result<()> {
            if let Some((seq, id, minhash, keys)) = c {
                put_signature.execute(params![seq, id, minhash, keys_to_bytes(&keys)])?;
                for key in keys {
                    put_key.execute(params![key, seq])?;
                }
            }
            Ok(())
        };
        let mut rows = read.query([])?;
        while let Some(row) = rows.next()? {
            let seq: i64 = row.get(0)?;
            let key: i64 = row.get(3)?;
            match current.as_mut() {
                Some(c) if c.0 == seq => c.3.push(key),
                _ => {
                    let next = (seq, row.get(1)?, row.get(2)?, vec![key]);
                    flush(current.replace(next))?;
                }
            }
        }
        flush(current)?;
    }
    tx.execute_batch("DROP TABLE article_bands")?;
    tx.commit()?;
    Ok(())
}

/// Entries of one band key's list that [`Store::band_candidates`] reads, newest first:
/// a key that thousands of articles share is boilerplate, not a sign of a copy.
pub const BAND_SCAN: usize = 256;

impl Store {
    /// Opens (creating when absent) the store at `path`.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        Store::init(Connection::open(path)?)
    }

    /// A store in memory, for tests and one-off runs.
    pub fn open_in_memory() -> Result<Store, StoreError> {
        Store::init(Connection::open_in_memory()?)
    }

    fn init(conn: Connection) -> Result<Store, StoreError> {
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // 64 MiB of page cache (the default is 2 MiB): a million articles' indexes
        // are looked up at random while storing, and are read from the cache, not
        // the file.
        conn.pragma_update(None, "cache_size", -65_536)?;
        let version: i64 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
        if version > SCHEMA_VERSION {
            return Err(StoreError::TooNew { found: version });
        }
        conn.execute_batch(SCHEMA)?;
        if version == 2 {
            upgrade_signatures(&conn)?;
        }
        conn.pragma_update(None, "user_version", SCHEMA_VERSION)?;
        Ok(Store { conn })
    }

    /// Stores an article; returns `false` when an article with the same text (id) was
    /// already there, in which case nothing changes.
    pub fn put_article(&mut self, doc: &Document) -> Result<bool, StoreError> {
        // Indexed (articles_by_seq): a lookup, not a scan.
        let next: i64 = self
            .conn
            .prepare_cached("SELECT COALESCE(MAX(added_seq), 0) + 1 FROM articles")?
            .query_row([], |row| row.get(0))?;
        let n = self
            .conn
            .prepare_cached(
                "INSERT OR IGNORE INTO articles
             (id, title, published, source, url, external_id, origin, text, added_seq)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?
            .execute(params![
                doc.id.0,
                doc.title,
                doc.published.map(|d| d.to_string()),
                doc.source,
                doc.url,
                doc.external_id,
                doc.origin,
                doc.text,
                next
            ])?;
        Ok(n == 1)
    }

    /// Runs `f` in one transaction: all of its writes land, or none.
    pub fn in_transaction<T>(
        &mut self,
        f: impl FnOnce(&mut Store) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        self.conn.execute_batch("BEGIN IMMEDIATE")?;
        match f(self) {
            Ok(t) => {
                self.conn.execute_batch("COMMIT")?;
                Ok(t)
            }
            Err(e) => {
                // The transaction may already be gone; the first error is the one to report.
                let _ = self.conn.execute_batch("ROLLBACK");
                Err(e)
            }
        }
    }

    /// Records a stored article's near-duplicate signature and its band keys (each
    /// key names its band too: equal keys of different bands would be read as
    /// shared). Nothing is recorded for an article that is not stored.
    pub fn put_signature(
        &mut self,
        id: &DocId,
        signature: &[u8],
        keys: &[i64],
    ) -> Result<(), StoreError> {
        let Some(seq) = self
            .conn
            .prepare_cached("SELECT added_seq FROM articles WHERE id = ?1")?
            .query_row([&id.0], |row| row.get::<_, i64>(0))
            .optional()?
        else {
            return Ok(());
        };
        self.conn
            .prepare_cached(
                "INSERT OR REPLACE INTO signatures (seq, article_id, minhash, keys)
                 VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![seq, id.0, signature, keys_to_bytes(keys)])?;
        let mut stmt = self
            .conn
            .prepare_cached("INSERT OR IGNORE INTO minhash_bands (key, seq) VALUES (?1, ?2)")?;
        for key in keys {
            stmt.execute(params![key, seq])?;
        }
        Ok(())
    }

    /// At most `limit` stored articles sharing at least one of the band `keys`, with
    /// their signatures: those sharing the most keys first; among those sharing as
    /// many, those whose shared keys are rarest (the greatest sum of 1 / articles per
    /// shared key: a key thousands of texts share is boilerplate, a key one text shares
    /// is a trace of that text); then the most recently stored. Of each key, only its
    /// [`BAND_SCAN`] most recently stored articles are read.
    pub fn band_candidates(
        &self,
        keys: &[i64],
        limit: usize,
    ) -> Result<Vec<(DocId, Vec<u8>)>, StoreError> {
        let mut scan = self.conn.prepare_cached(
            "SELECT seq FROM minhash_bands WHERE key = ?1 ORDER BY seq DESC LIMIT ?2",
        )?;
        // Storage number → (keys shared, sum of 1 / articles of each shared key).
        let mut counts: std::collections::HashMap<i64, (usize, f64)> =
            std::collections::HashMap::new();
        let mut list: Vec<i64> = Vec::with_capacity(BAND_SCAN);
        for key in keys {
            list.clear();
            for seq in scan.query_map(params![key, BAND_SCAN as i64], |row| row.get(0))? {
                list.push(seq?);
            }
            let weight = 1.0 / list.len() as f64;
            for &seq in &list {
                let entry = counts.entry(seq).or_insert((0, 0.0));
                entry.0 += 1;
                entry.1 += weight;
            }
        }
        let mut shared: Vec<(i64, (usize, f64))> = counts.into_iter().collect();
        shared.sort_by(|a, b| {
            (b.1 .0.cmp(&a.1 .0))
                .then(b.1 .1.total_cmp(&a.1 .1))
                .then(b.0.cmp(&a.0))
        });
        shared.truncate(limit);
        let mut read = self
            .conn
            .prepare_cached("SELECT article_id, minhash FROM signatures WHERE seq = ?1")?;
        let mut out = Vec::with_capacity(shared.len());
        for (seq, _) in shared {
            if let Some(row) = read
                .query_row([seq], |row| {
                    Ok((DocId(row.get(0)?), row.get::<_, Vec<u8>>(1)?))
                })
                .optional()?
            {
                out.push(row);
            }
        }
        Ok(out)
    }

    /// Keeps `copy` as a copy of the stored article `canonical`; `false` when a copy
    /// from the same origin was already kept.
    pub fn put_copy(
        &mut self,
        canonical: &DocId,
        copy: &Document,
        kind: CopyKind,
        similarity: f64,
    ) -> Result<bool, StoreError> {
        let n = self
            .conn
            .prepare_cached(
                "INSERT OR IGNORE INTO copies (canonical_id, origin, kind, similarity, doc)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![
                canonical.0,
                copy.origin,
                kind.as_str(),
                similarity,
                encode(copy)
            ])?;
        Ok(n == 1)
    }

    /// Every kept copy, by the article it copies, in the order kept.
    pub fn copies(&self) -> Result<Vec<Copy>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT canonical_id, kind, similarity, doc, origin FROM copies ORDER BY rowid",
        )?;
        let rows = stmt.query_map([], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, f64>(2)?,
                row.get::<_, String>(3)?,
                row.get::<_, String>(4)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (canonical, kind, similarity, doc, origin) = row?;
            out.push(Copy {
                canonical: DocId(canonical),
                doc: decode("copy", &origin, &doc)?,
                kind: if kind == "exact" {
                    CopyKind::Exact
                } else {
                    CopyKind::Near
                },
                similarity,
            });
        }
        Ok(out)
    }

    /// Whether an article with this id is stored.
    pub fn has_article(&self, id: &DocId) -> Result<bool, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT 1 FROM articles WHERE id = ?1", [&id.0], |_| Ok(()))
            .optional()?
            .is_some())
    }

    /// Stores (or replaces) the extraction of an article.
    pub fn put_extraction(
        &mut self,
        id: &DocId,
        extraction: &Extraction,
    ) -> Result<(), StoreError> {
        self.put_extraction_encoded(id, &EncodedExtraction::new(extraction))
    }

    /// [`Store::put_extraction`] of an extraction encoded beforehand.
    pub fn put_extraction_encoded(
        &mut self,
        id: &DocId,
        extraction: &EncodedExtraction,
    ) -> Result<(), StoreError> {
        self.conn
            .prepare_cached(
                "INSERT OR REPLACE INTO extractions (article_id, json) VALUES (?1, ?2)",
            )?
            .execute(params![id.0, extraction.0])?;
        Ok(())
    }

    fn row_to_doc(row: &rusqlite::Row<'_>) -> rusqlite::Result<Document> {
        let published: Option<String> = row.get(2)?;
        Ok(Document {
            id: DocId(row.get(0)?),
            title: row.get(1)?,
            published: published.and_then(|p| Date::parse_iso(&p).ok()),
            source: row.get(3)?,
            url: row.get(4)?,
            external_id: row.get(5)?,
            origin: row.get(6)?,
            text: row.get(7)?,
        })
    }

    /// Every article, in the order they were first stored.
    pub fn articles(&self) -> Result<Vec<Document>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT id, title, published, source, url, external_id, origin, text
             FROM articles ORDER BY added_seq",
        )?;
        let rows = stmt.query_map([], Store::row_to_doc)?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    /// Calls `f` with every article and its stored extraction (`None` when there is
    /// none), in the order they were first stored, one at a time: for corpora too big
    /// to hold. An error from `f` stops the walk and is returned.
    pub fn for_each_article(
        &self,
        mut f: impl FnMut(Document, Option<Extraction>) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        self.for_each_article_encoded(|doc, encoded| {
            let extraction = encoded.map(|e| e.decode(&doc.id.0)).transpose()?;
            f(doc, extraction)
        })
    }

    /// [`Store::for_each_article`] with the extractions left encoded, for the caller
    /// to decode elsewhere.
    pub fn for_each_article_encoded(
        &self,
        mut f: impl FnMut(Document, Option<EncodedExtraction>) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT a.id, a.title, a.published, a.source, a.url, a.external_id, a.origin,
                    a.text, e.json
             FROM articles a LEFT JOIN extractions e ON e.article_id = a.id
             ORDER BY a.added_seq",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let doc = Store::row_to_doc(row)?;
            let json: Option<String> = row.get(8)?;
            f(doc, json.map(EncodedExtraction))?;
        }
        Ok(())
    }

    /// Ids of the stored articles that have no extraction yet.
    pub fn ids_without_extraction(&self) -> Result<Vec<DocId>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT a.id FROM articles a LEFT JOIN extractions e ON e.article_id = a.id
             WHERE e.article_id IS NULL ORDER BY a.added_seq",
        )?;
        let rows = stmt.query_map([], |row| Ok(DocId(row.get(0)?)))?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    /// Removes every incident (and its article links); actors are kept. With
    /// [`Store::append_incidents`], replaces the incidents in batches, for corpora too
    /// big to fuse in one go (not atomic: a reader may see part of them).
    pub fn clear_incidents(&mut self) -> Result<(), StoreError> {
        self.conn
            .execute_batch("DELETE FROM incident_articles; DELETE FROM incidents;")?;
        Ok(())
    }

    /// Adds incidents after those stored, numbered from `first_seq`, in one
    /// transaction.
    pub fn append_incidents(
        &mut self,
        incidents: &[Incident],
        first_seq: usize,
    ) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        {
            let mut put =
                tx.prepare_cached("INSERT INTO incidents (id, seq, json) VALUES (?1, ?2, ?3)")?;
            let mut link = tx.prepare_cached(
                "INSERT OR IGNORE INTO incident_articles (incident_id, article_id) VALUES (?1, ?2)",
            )?;
            for (k, incident) in incidents.iter().enumerate() {
                put.execute(params![
                    incident.id,
                    (first_seq + k) as i64,
                    encode(incident)
                ])?;
                for article in &incident.articles {
                    link.execute(params![incident.id, article.0])?;
                }
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// One article.
    pub fn article(&self, id: &DocId) -> Result<Option<Document>, StoreError> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT id, title, published, source, url, external_id, origin, text
                 FROM articles WHERE id = ?1",
            )?
            .query_row([&id.0], Store::row_to_doc)
            .optional()?)
    }

    /// Number of stored articles.
    pub fn article_count(&self) -> Result<u64, StoreError> {
        let n: i64 = self
            .conn
            .query_row("SELECT COUNT(*) FROM articles", [], |row| row.get(0))?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// The stored extraction of an article.
    pub fn extraction(&self, id: &DocId) -> Result<Option<Extraction>, StoreError> {
        self.extraction_encoded(id)?
            .map(|e| e.decode(&id.0))
            .transpose()
    }

    /// The stored extraction of an article, still encoded.
    pub fn extraction_encoded(&self, id: &DocId) -> Result<Option<EncodedExtraction>, StoreError> {
        Ok(self
            .conn
            .prepare_cached("SELECT json FROM extractions WHERE article_id = ?1")?
            .query_row([&id.0], |row| row.get(0))
            .optional()?
            .map(EncodedExtraction))
    }

    /// Removes an article, its extraction and its links to incidents; returns `false`
    /// when there was no such article. Incidents are left as they were: regroup after.
    pub fn delete_article(&mut self, id: &DocId) -> Result<bool, StoreError> {
        let tx = self.conn.transaction()?;
        tx.execute(
            "DELETE FROM incident_articles WHERE article_id = ?1",
            [&id.0],
        )?;
        tx.execute("DELETE FROM extractions WHERE article_id = ?1", [&id.0])?;
        let signature: Option<(i64, Vec<u8>)> = tx
            .query_row(
                "SELECT s.seq, s.keys FROM articles a JOIN signatures s ON s.seq = a.added_seq
                 WHERE a.id = ?1 AND s.article_id = a.id",
                [&id.0],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()?;
        if let Some((seq, keys)) = signature {
            for key in keys_from_bytes(&keys) {
                tx.execute(
                    "DELETE FROM minhash_bands WHERE key = ?1 AND seq = ?2",
                    params![key, seq],
                )?;
            }
            tx.execute("DELETE FROM signatures WHERE seq = ?1", [seq])?;
        }
        tx.execute("DELETE FROM copies WHERE canonical_id = ?1", [&id.0])?;
        let removed = tx.execute("DELETE FROM articles WHERE id = ?1", [&id.0])?;
        tx.commit()?;
        Ok(removed > 0)
    }

    /// Replaces every incident and actor record with the given ones, atomically.
    pub fn replace_derived(
        &mut self,
        incidents: &[Incident],
        actors: &[ActorRecord],
    ) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        tx.execute_batch(
            "DELETE FROM incident_articles; DELETE FROM incidents;
             DELETE FROM actor_aliases; DELETE FROM actors;",
        )?;
        for (seq, incident) in incidents.iter().enumerate() {
            tx.execute(
                "INSERT INTO incidents (id, seq, json) VALUES (?1, ?2, ?3)",
                params![incident.id, seq as i64, encode(incident)],
            )?;
            for article in &incident.articles {
                tx.execute(
                    "INSERT OR IGNORE INTO incident_articles (incident_id, article_id) VALUES (?1, ?2)",
                    params![incident.id, article.0],
                )?;
            }
        }
        for (seq, actor) in actors.iter().enumerate() {
            tx.execute(
                "INSERT INTO actors (name, seq, json) VALUES (?1, ?2, ?3)",
                params![actor.name, seq as i64, encode(actor)],
            )?;
            for alias in actor.aliases.iter().chain(std::iter::once(&actor.name)) {
                tx.execute(
                    "INSERT OR IGNORE INTO actor_aliases (alias, name) VALUES (?1, ?2)",
                    params![alias, actor.name],
                )?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Replaces every actor record with the given ones, atomically; incidents are kept
    /// (with [`Store::clear_incidents`] and [`Store::append_incidents`], for corpora too
    /// big to fuse in one go).
    pub fn replace_actors(&mut self, actors: &[ActorRecord]) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        tx.execute_batch("DELETE FROM actor_aliases; DELETE FROM actors;")?;
        {
            let mut put =
                tx.prepare_cached("INSERT INTO actors (name, seq, json) VALUES (?1, ?2, ?3)")?;
            let mut alias = tx.prepare_cached(
                "INSERT OR IGNORE INTO actor_aliases (alias, name) VALUES (?1, ?2)",
            )?;
            for (seq, actor) in actors.iter().enumerate() {
                put.execute(params![actor.name, seq as i64, encode(actor)])?;
                for a in actor.aliases.iter().chain(std::iter::once(&actor.name)) {
                    alias.execute(params![a, actor.name])?;
                }
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Every incident, in the order fusion produced them.
    pub fn incidents(&self) -> Result<Vec<Incident>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, json FROM incidents ORDER BY seq")?;
        let rows = stmt.query_map([], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, json) = row?;
            out.push(decode("incident", &id, &json)?);
        }
        Ok(out)
    }

    /// Sets (or, with `None`, removes) a setting kept with the data, such as the outlet
    /// reliability table the incidents are fused with.
    pub fn set_setting(&mut self, key: &str, value: Option<&str>) -> Result<(), StoreError> {
        match value {
            Some(v) => self.conn.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2)
                 ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                params![key, v],
            )?,
            None => self
                .conn
                .execute("DELETE FROM settings WHERE key = ?1", [key])?,
        };
        Ok(())
    }

    /// A setting, when set.
    pub fn setting(&self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |row| {
                row.get(0)
            })
            .optional()?)
    }

    /// Every incident's id with its articles, in the order fusion produced them (the
    /// articles in storage order; none for an incident whose articles were all
    /// deleted since), without decoding the incidents.
    pub fn incident_members(&self) -> Result<Vec<(String, Vec<DocId>)>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT i.id, ia.article_id FROM incidents i
             LEFT JOIN incident_articles ia ON ia.incident_id = i.id
             LEFT JOIN articles a ON a.id = ia.article_id
             ORDER BY i.seq, a.added_seq",
        )?;
        let rows = stmt.query_map([], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, Option<String>>(1)?))
        })?;
        // An incident whose articles were all deleted is listed with none.
        let mut out: Vec<(String, Vec<DocId>)> = Vec::new();
        for row in rows {
            let (incident, article) = row?;
            if out.last().is_none_or(|(id, _)| *id != incident) {
                out.push((incident, Vec::new()));
            }
            if let (Some(article), Some((_, articles))) = (article, out.last_mut()) {
                articles.push(DocId(article));
            }
        }
        Ok(out)
    }

    /// Records what one regroup changed in the grouping (any serialisable change
    /// records, kept in order) at the time `at`; returns the regroup's number (1, 2,
    /// …). Nothing is written, and the number is not used up, when `changes` is
    /// empty.
    pub fn append_group_history<T: serde::Serialize>(
        &mut self,
        at: &str,
        changes: &[T],
    ) -> Result<i64, StoreError> {
        let tx = self.conn.transaction()?;
        let last: i64 = tx.query_row(
            "SELECT COALESCE(MAX(regroup), 0) FROM group_history",
            [],
            |row| row.get(0),
        )?;
        if changes.is_empty() {
            return Ok(last);
        }
        {
            let mut insert =
                tx.prepare("INSERT INTO group_history (regroup, at, json) VALUES (?1, ?2, ?3)")?;
            for change in changes {
                insert.execute(params![last + 1, at, encode(change)])?;
            }
        }
        tx.commit()?;
        Ok(last + 1)
    }

    /// Every recorded grouping change, oldest first: the regroup's number, its time and
    /// the change.
    pub fn group_history<T: serde::de::DeserializeOwned>(
        &self,
    ) -> Result<Vec<(i64, String, T)>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT seq, regroup, at, json FROM group_history ORDER BY seq")?;
        let rows = stmt.query_map([], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, i64>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, String>(3)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (seq, regroup, at, json) = row?;
            out.push((
                regroup,
                at,
                decode("group change", &seq.to_string(), &json)?,
            ));
        }
        Ok(out)
    }

    /// One incident by id.
    pub fn incident(&self, id: &str) -> Result<Option<Incident>, StoreError> {
        let json: Option<String> = self
            .conn
            .query_row("SELECT json FROM incidents WHERE id = ?1", [id], |row| {
                row.get(0)
            })
            .optional()?;
        json.map(|j| decode("incident", id, &j)).transpose()
    }

    /// Every actor record, in the order fusion produced them.
    pub fn actors(&self) -> Result<Vec<ActorRecord>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT name, json FROM actors ORDER BY seq")?;
        let rows = stmt.query_map([], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (name, json) = row?;
            out.push(decode("actor", &name, &json)?);
        }
        Ok(out)
    }

    /// The actor records any of whose names equals `name`, ignoring case.
    pub fn actors_named(&self, name: &str) -> Result<Vec<ActorRecord>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT DISTINCT a.name, a.json, a.seq FROM actor_aliases x JOIN actors a ON a.name = x.name
             WHERE x.alias = ?1 ORDER BY a.seq",
        )?;
        let rows = stmt.query_map([name], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (name, json) = row?;
            out.push(decode("actor", &name, &json)?);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use newsfuse_core::{EntityKind, Span};

    fn doc(text: &str, id: &str) -> Document {
        Document {
            id: DocId(id.to_string()),
            text: text.to_string(),
            title: Some("A title".to_string()),
            published: Date::new(2025, 6, 1).ok(),
            source: Some("Example Wire".to_string()),
            url: None,
            external_id: Some("x1".to_string()),
            origin: "a.txt".to_string(),
        }
    }

    #[test]
    fn same_article_twice_is_stored_once() {
        let mut store = Store::open_in_memory().unwrap();
        let d = doc("Some text.", "aaaa");
        assert!(store.put_article(&d).unwrap());
        assert!(!store.put_article(&d).unwrap());
        assert_eq!(store.article_count().unwrap(), 1);
        assert_eq!(store.articles().unwrap(), vec![d.clone()]);
        assert_eq!(store.article(&d.id).unwrap(), Some(d));
    }

    #[test]
    fn extraction_and_derived_round_trip() {
        let mut store = Store::open_in_memory().unwrap();
        let d = doc("Some text.", "bbbb");
        store.put_article(&d).unwrap();
        let extraction = Extraction {
            sentences: vec![Span::new(0, 10).unwrap()],
            ..Extraction::default()
        };
        store.put_extraction(&d.id, &extraction).unwrap();
        assert_eq!(store.extraction(&d.id).unwrap(), Some(extraction));

        let incident = Incident {
            id: "inc-bbbb".to_string(),
            summary: "attack".to_string(),
            articles: vec![d.id.clone()],
            facts: vec![],
        };
        let actor = ActorRecord {
            name: "Example Front".to_string(),
            kind: EntityKind::ArmedGroup,
            aliases: vec!["EF".to_string(), "Example Front".to_string()],
            incidents: vec!["inc-bbbb".to_string()],
            claims: vec![],
            facts: vec![],
        };
        store
            .replace_derived(
                std::slice::from_ref(&incident),
                std::slice::from_ref(&actor),
            )
            .unwrap();
        store
            .replace_derived(
                std::slice::from_ref(&incident),
                std::slice::from_ref(&actor),
            )
            .unwrap();
        assert_eq!(store.incidents().unwrap(), vec![incident.clone()]);
        assert_eq!(store.incident("inc-bbbb").unwrap(), Some(incident));
        assert_eq!(store.incident("nope").unwrap(), None);
        assert_eq!(store.actors_named("ef").unwrap(), vec![actor.clone()]);
        assert_eq!(store.actors_named("example front").unwrap(), vec![actor]);
        assert!(store.actors_named("other").unwrap().is_empty());
    }

    #[test]
    fn deleting_an_article_removes_it_with_its_extraction_and_links() {
        let mut store = Store::open_in_memory().unwrap();
        let d = doc("Some text.", "cccc");
        store.put_article(&d).unwrap();
        store.put_extraction(&d.id, &Extraction::default()).unwrap();
        let incident = Incident {
            id: "inc-cccc".to_string(),
            summary: "attack".to_string(),
            articles: vec![d.id.clone()],
            facts: vec![],
        };
        store.replace_derived(&[incident], &[]).unwrap();
        assert!(store.delete_article(&d.id).unwrap());
        assert!(!store.delete_article(&d.id).unwrap());
        assert_eq!(store.article_count().unwrap(), 0);
        assert_eq!(store.extraction(&d.id).unwrap(), None);
        // The incident stays until the next regrouping replaces it.
        assert_eq!(store.incidents().unwrap().len(), 1);
    }

    #[test]
    fn copies_and_band_candidates_round_trip() {
        let mut store = Store::open_in_memory().unwrap();
        let d = doc("A long wire story.", "dddd");
        store.put_article(&d).unwrap();
        store
            .put_signature(&d.id, &[1, 2, 3, 4], &[11, -22])
            .unwrap();
        assert_eq!(
            store.band_candidates(&[-22, 11], 8).unwrap(),
            vec![(d.id.clone(), vec![1, 2, 3, 4])]
        );
        assert!(store.band_candidates(&[-23], 8).unwrap().is_empty());
        assert!(store.band_candidates(&[11], 0).unwrap().is_empty());
        // No signature for an article that is not stored.
        store
            .put_signature(&DocId("nope".into()), &[5], &[77])
            .unwrap();
        assert!(store.band_candidates(&[77], 8).unwrap().is_empty());
        let mut copy = doc("A long wire story, with a sign-off.", "eeee");
        copy.origin = "other.txt".to_string();
        copy.source = Some("Other Outlet".to_string());
        assert!(store.put_copy(&d.id, &copy, CopyKind::Near, 0.8).unwrap());
        assert!(!store.put_copy(&d.id, &copy, CopyKind::Near, 0.8).unwrap());
        assert_eq!(
            store.copies().unwrap(),
            vec![Copy {
                canonical: d.id.clone(),
                doc: copy,
                kind: CopyKind::Near,
                similarity: 0.8
            }]
        );
        assert!(store.delete_article(&d.id).unwrap());
        assert!(store.copies().unwrap().is_empty());
        assert!(store.band_candidates(&[11], 8).unwrap().is_empty());
    }

    fn ids(candidates: &[(DocId, Vec<u8>)]) -> Vec<&str> {
        candidates.iter().map(|(id, _)| id.0.as_str()).collect()
    }

    #[test]
    fn band_candidates_sharing_more_keys_come_first_then_rarer_keys_then_the_newest() {
        let mut store = Store::open_in_memory().unwrap();
        // The oldest article shares three keys with the query; then a boilerplate key
        // (7) that more articles share than a key's list is read.
        let old = doc("The old original.", "old");
        store.put_article(&old).unwrap();
        store.put_signature(&old.id, &[0], &[1, 2, 3]).unwrap();
        let n = BAND_SCAN + 20;
        for i in 0..n {
            let d = doc(&format!("Boilerplate {i}."), &format!("b{i:04}"));
            store.put_article(&d).unwrap();
            let keys: &[i64] = if i == 0 { &[7, 2] } else { &[7] };
            store.put_signature(&d.id, &[1], keys).unwrap();
        }
        let newest = |k: usize| format!("b{:04}", n - 1 - k);
        let got = store.band_candidates(&[7, 1, 2, 3], 3).unwrap();
        // b0000 shares two keys, but key 7's list is read newest first and only in
        // part: it is found through key 2 alone, which two articles share, and so
        // comes before the newest of key 7's.
        assert_eq!(ids(&got), vec!["old", "b0000", newest(0).as_str()]);
        assert_eq!(got[0].1, vec![0]);
        let all = store.band_candidates(&[7, 1, 2, 3], 1000).unwrap();
        assert_eq!(all.len(), BAND_SCAN + 2);
        assert_eq!(
            &ids(&all)[..4],
            ["old", "b0000", newest(0).as_str(), newest(1).as_str()]
        );
        assert!(!ids(&all).contains(&"b0001"));
        // Only the boilerplate key: the newest of its list, in order.
        let boiler = store.band_candidates(&[7], 2).unwrap();
        assert_eq!(ids(&boiler), vec![newest(0).as_str(), newest(1).as_str()]);
    }

    #[test]
    fn a_version_2_store_is_upgraded_in_place() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v2.db");
        {
            // Version 2's tables as that version made them.
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch(
                "CREATE TABLE articles (id TEXT PRIMARY KEY, title TEXT, published TEXT,
                 source TEXT, url TEXT, external_id TEXT, origin TEXT NOT NULL,
                 text TEXT NOT NULL, added_seq INTEGER NOT NULL, minhash BLOB);
                 CREATE TABLE article_bands (band INTEGER NOT NULL, key INTEGER NOT NULL,
                 article_id TEXT NOT NULL REFERENCES articles(id),
                 PRIMARY KEY (band, key, article_id)) WITHOUT ROWID;
                 INSERT INTO articles VALUES ('a1', NULL, '2025-06-01', NULL, NULL, NULL,
                 'one.txt', 'First text.', 1, x'0102');
                 INSERT INTO articles VALUES ('a2', NULL, '2025-06-02', NULL, NULL, NULL,
                 'two.txt', 'Second text.', 2, x'0304');
                 INSERT INTO articles VALUES ('a3', NULL, '2025-06-02', NULL, NULL, NULL,
                 'three.txt', 'Too short for a signature.', 3, NULL);
                 INSERT INTO article_bands VALUES (0, 10, 'a1'), (1, 11, 'a1'),
                 (0, 20, 'a2'), (1, 11, 'a2');
                 PRAGMA user_version = 2;",
            )
            .unwrap();
        }
        let mut store = Store::open(&path).unwrap();
        assert_eq!(store.article_count().unwrap(), 3);
        assert_eq!(
            store.band_candidates(&[10, 11], 8).unwrap(),
            vec![
                (DocId("a1".into()), vec![1, 2]),
                (DocId("a2".into()), vec![3, 4])
            ]
        );
        // The old band table is gone; deleting an article removes its keys.
        assert!(store.delete_article(&DocId("a1".into())).unwrap());
        assert_eq!(
            ids(&store.band_candidates(&[10, 11], 8).unwrap()),
            vec!["a2"]
        );
        let d = doc("A new text.", "a4");
        store.put_article(&d).unwrap();
        store.put_signature(&d.id, &[5], &[20]).unwrap();
        assert_eq!(
            ids(&store.band_candidates(&[20], 8).unwrap()),
            vec!["a4", "a2"]
        );
        drop(store);
        let conn = Connection::open(&path).unwrap();
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(version, SCHEMA_VERSION);
        let old_table: i64 = conn
            .query_row(
                "SELECT COUNT(*) FROM sqlite_master WHERE name = 'article_bands'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(old_table, 0);
        // Opening again changes nothing.
        drop(conn);
        let store = Store::open(&path).unwrap();
        assert_eq!(ids(&store.band_candidates(&[11], 8).unwrap()), vec!["a2"]);
    }

    #[test]
    fn a_version_1_store_is_upgraded_in_place() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v1.db");
        {
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch(
                "CREATE TABLE articles (id TEXT PRIMARY KEY, title TEXT, published TEXT,
                 source TEXT, url TEXT, external_id TEXT, origin TEXT NOT NULL,
                 text TEXT NOT NULL, added_seq INTEGER NOT NULL);
                 INSERT INTO articles VALUES ('ffff', NULL, '2025-06-01', NULL, NULL, NULL,
                 'old.txt', 'Old text.', 1);
                 PRAGMA user_version = 1;",
            )
            .unwrap();
        }
        let mut store = Store::open(&path).unwrap();
        let old = store.article(&DocId("ffff".to_string())).unwrap().unwrap();
        assert_eq!(old.text, "Old text.");
        store.put_signature(&old.id, &[9], &[1]).unwrap();
        assert_eq!(
            store.band_candidates(&[1], 8).unwrap(),
            vec![(old.id.clone(), vec![9])]
        );
        drop(store);
        let conn = Connection::open(&path).unwrap();
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(version, SCHEMA_VERSION);
    }

    #[test]
    fn a_file_that_is_not_a_database_is_an_error() {
        let dir = std::env::temp_dir().join(format!("newsfuse-store-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("not.db");
        std::fs::write(&path, b"this is plain text, not a database file at all....").unwrap();
        let err = Store::open(&path).err().expect("must fail");
        assert!(
            err.to_string()
                .starts_with("database error: file is not a database"),
            "{err}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
