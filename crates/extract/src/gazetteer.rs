//! Built-in tables and the name matcher: places, nationality words, religious and
//! ethnic groups, armed groups.
//!
//! The tables live in `crates/extract/data/` and are compiled into the binary:
//!
//! * `places.tsv` — countries, capitals, towns of 100,000 or more and US states, with
//!   alternate names; derived from GeoNames (CC BY 4.0) by `scripts/build_places.py`;
//! * `place_aliases.tsv` — common names GeoNames lacks ("U.S.", "Britain", "DRC");
//! * `place_stoplist.tsv` — place names that are also ordinary words or people's names
//!   ("Nice", "Reading", "Charlotte"), and phrases that hide a place name ("South
//!   America", "Washington Post");
//! * `demonyms.tsv` — nationality words, keyed by the country adjective ("Tajik");
//! * `groups.tsv` — religious and ethnic groups, keyed by a plural ("Christians");
//! * `armed_groups.tsv` — armed groups and their aliases, short acronyms that are also
//!   words flagged case-sensitive ("IS", "ETA").
//!
//! [`Gazetteer::find`] walks one trie of every surface (ASCII case-insensitive) from
//! each word start and keeps whole-word matches that satisfy each name's case rule,
//! non-overlapping, leftmost-longest. [`Gazetteer::place`] resolves one name, using the
//! countries already mentioned as context.
//!
//! Ambiguity, as resolved here:
//! * one surface, several kinds: armed group, then religious/ethnic group, then
//!   nationality word, then place;
//! * one place name, several places: a candidate in a context country first, then a
//!   country before a town before a region, then the larger population. So "Georgia"
//!   is the country unless the US is in context (then the US state), "Hyderabad" is
//!   the Indian city unless Pakistan is in context, "Washington" is the US capital.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::sync::LazyLock;

use newsfuse_core::{PlaceRef, Span};

use fxhash::FxBuild;

pub(crate) mod fxhash;
pub mod geonames;

const PLACES: &str = include_str!("../data/places.tsv");
const PLACE_ALIASES: &str = include_str!("../data/place_aliases.tsv");
const PLACE_STOPLIST: &str = include_str!("../data/place_stoplist.tsv");
const DEMONYMS: &str = include_str!("../data/demonyms.tsv");
const GROUPS: &str = include_str!("../data/groups.tsv");
const ARMED_GROUPS: &str = include_str!("../data/armed_groups.tsv");

/// What a table match is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GazKind {
    /// A country or territory with an ISO 3166-1 code.
    Country,
    /// A town, or a sub-national region (US states); `place.kind` tells which.
    City,
    /// A nationality word ("Tajik", "Russians"); `place` is the country.
    Demonym,
    /// A religious or ethnic group ("Christians", "Hazaras").
    ReligiousGroup,
    /// An armed or militant group.
    ArmedGroup,
}

/// One table match in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct GazMatch {
    /// Where the name is (without a trailing possessive `'s`).
    pub span: Span,
    /// What it is.
    pub kind: GazKind,
    /// Canonical key: the place's name, the country adjective of a nationality word,
    /// the group's plural, the armed group's canonical name.
    pub key: String,
    /// For places the place, for nationality words the country.
    pub place: Option<PlaceRef>,
}

/// An armed group of the built-in table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArmedGroup {
    /// Canonical name ("Islamic State Khorasan Province").
    pub name: String,
    /// Other names, as listed in the table ("ISKP", "IS-K", …); the canonical name is
    /// not repeated here.
    pub aliases: Vec<String>,
}

/// The text of the six tables, for [`Gazetteer::from_tables`].
#[derive(Debug, Clone, Copy)]
pub struct Tables<'a> {
    /// `places.tsv`.
    pub places: &'a str,
    /// `place_aliases.tsv`.
    pub place_aliases: &'a str,
    /// `place_stoplist.tsv`.
    pub place_stoplist: &'a str,
    /// `demonyms.tsv`.
    pub demonyms: &'a str,
    /// `groups.tsv`.
    pub groups: &'a str,
    /// `armed_groups.tsv`.
    pub armed_groups: &'a str,
}

impl Tables<'static> {
    /// The tables compiled into the crate.
    pub fn builtin() -> Tables<'static> {
        Tables {
            places: PLACES,
            place_aliases: PLACE_ALIASES,
            place_stoplist: PLACE_STOPLIST,
            demonyms: DEMONYMS,
            groups: GROUPS,
            armed_groups: ARMED_GROUPS,
        }
    }
}

/// A malformed table row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableError {
    /// The table's file name.
    pub table: &'static str,
    /// 1-based line number.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for TableError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.table, self.line, self.message)
    }
}

impl std::error::Error for TableError {}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PlaceKind {
    Country,
    City,
    Region,
}

#[derive(Debug, Clone)]
struct Place {
    kind: PlaceKind,
    name: String,
    country_code: String,
    lat: f64,
    lon: f64,
    population: u64,
}

#[derive(Debug, Clone)]
struct Demonym {
    key: String,
    country: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum StopClass {
    Word,
    Name,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Place(usize),
    Demonym(usize),
    Group(usize),
    Armed(usize),
    Block,
}

impl Target {
    /// Higher wins when one surface names several kinds of thing.
    fn priority(self) -> u8 {
        match self {
            Target::Block => 5,
            Target::Armed(_) => 4,
            Target::Group(_) => 3,
            Target::Demonym(_) => 2,
            Target::Place(_) => 1,
        }
    }
}

#[derive(Debug, Clone)]
struct Entry {
    /// The name as written in the table.
    surface: String,
    target: Target,
    /// Matched only exactly as written, and never in single-case text.
    case_sensitive: bool,
}

#[derive(Debug, Default)]
struct Name {
    entries: Vec<Entry>,
    stop: Option<StopClass>,
}

/// The built-in tables, indexed for matching and lookup. Build once
/// ([`Gazetteer::builtin`]) and share.
pub struct Gazetteer {
    places: Vec<Place>,
    country_by_code: HashMap<String, usize, FxBuild>,
    demonyms: Vec<Demonym>,
    groups: Vec<String>,
    armed: Vec<ArmedGroup>,
    /// Every surface, keyed by its ASCII-lower-cased form.
    names: Vec<Name>,
    name_index: HashMap<String, usize, FxBuild>,
    /// First letters of the surfaces that begin with a lower-case letter.
    lower_initials: Vec<char>,
    /// Every surface that find() may report or that blocks, to its name.
    trie: Trie,
}

/// A byte trie of ASCII-lower-cased surfaces, walked from one position at a time (the
/// names all start words, so no failure links are needed and building it is cheap).
/// Nodes are numbered depth first, so a node's first child is the next node: most
/// nodes have one child, and a walk reads the next node's entry and nothing else.
#[derive(Debug, Default)]
struct Trie {
    /// Per node, in depth-first order; the root is node 0 and never a child.
    nodes: Vec<Node>,
    /// (byte, child node) of the nodes with two children or more, sorted by byte.
    edges: Vec<(u8, u32)>,
    /// The names ending at each node, `ends[end_start..end_start + n_ends]`.
    ends: Vec<u32>,
    /// The root's child for each byte (0: none).
    root: Vec<u32>,
    /// A bit per hash ([`first_word_hash`]) of each surface's first word: a walk from a
    /// word whose bit is clear can find nothing, so it is not made. None when a surface
    /// is empty (it matches everywhere).
    first_words: Option<Vec<u64>>,
    /// Each surface's first word (as [`first_word_hash`] reads it, ASCII lower-cased) to
    /// the node its bytes lead to: a walk from a word start jumps there, past the nodes
    /// in between (whose names end inside the text's word, never a whole word), and a
    /// word that is no surface's first word is not walked at all.
    word_nodes: HashMap<Box<[u8]>, u32, FxBuild>,
}

/// One trie node.
#[derive(Debug, Default, Clone, Copy)]
struct Node {
    /// The byte on the edge into it.
    byte: u8,
    /// How many children: with one it is the next node; with more they are
    /// `edges[edge_start..edge_start + n_edges]`.
    n_edges: u16,
    edge_start: u32,
    end_start: u32,
    n_ends: u32,
}

/// Bits of [`Trie::first_words`] (32 KB).
const FIRST_WORD_BITS: usize = 1 << 18;

/// The hash of the word at the start of `s`: its letters and digits up to the first
/// other char, ASCII lower-cased, as the trie compares them. A surface can match a whole
/// word at a position only if the word there has its first word's hash: up to its first
/// char that is no letter or digit the surface equals the text, and that char (or the
/// end of the match, a word end) ends the text's word too.
fn first_word_hash(s: &str) -> usize {
    word_hash(&s.as_bytes()[..first_word_len(s)])
}

/// The length in bytes of the word at the start of `s` (its letters and digits up to
/// the first other char).
fn first_word_len(s: &str) -> usize {
    s.char_indices()
        .find(|&(_, c)| !c.is_alphanumeric())
        .map_or(s.len(), |(i, _)| i)
}

/// The longest first word [`Trie::word_nodes`] keeps; a longer word is walked byte by
/// byte.
const MAX_FIRST_WORD: usize = 32;

/// [`first_word_hash`] of a whole word (its letters and digits).
#[inline]
fn word_hash(word: &[u8]) -> usize {
    let mut h: u64 = 0xCBF2_9CE4_8422_2325;
    for &b in word {
        h ^= u64::from(b.to_ascii_lowercase());
        h = h.wrapping_mul(0x0000_0100_0000_01B3);
    }
    ((h ^ (h >> 29)) as usize) & (FIRST_WORD_BITS - 1)
}

impl Trie {
    /// A trie of `(surface, name)` pairs; names ending at one node keep the given order.
    fn build(surfaces: &[(&str, usize)]) -> Trie {
        let mut children: Vec<Vec<(u8, u32)>> = vec![Vec::new()];
        let mut names: Vec<Vec<u32>> = vec![Vec::new()];
        for &(surface, name) in surfaces {
            let mut node = 0usize;
            for b in surface.bytes() {
                let b = b.to_ascii_lowercase();
                node = match children[node].iter().find(|e| e.0 == b) {
                    Some(&(_, child)) => child as usize,
                    None => {
                        let child = children.len();
                        children.push(Vec::new());
                        names.push(Vec::new());
                        children[node].push((b, child as u32));
                        child
                    }
                };
            }
            names[node].push(name as u32);
        }
        for kids in &mut children {
            kids.sort_unstable();
        }
        // Depth-first order, children by byte: `order` lists the old numbers, `id`
        // gives the new.
        let mut order: Vec<usize> = Vec::with_capacity(children.len());
        let mut id = vec![0u32; children.len()];
        let mut stack = vec![0usize];
        while let Some(n) = stack.pop() {
            id[n] = order.len() as u32;
            order.push(n);
            stack.extend(children[n].iter().rev().map(|&(_, c)| c as usize));
        }
        let mut byte_of = vec![0u8; children.len()];
        for kids in &children {
            for &(b, c) in kids {
                byte_of[c as usize] = b;
            }
        }
        let mut trie = Trie {
            root: vec![0; 256],
            ..Trie::default()
        };
        for &(b, child) in &children[0] {
            trie.root[usize::from(b)] = id[child as usize];
        }
        for &n in &order {
            let kids = &children[n];
            let mut node = Node {
                byte: byte_of[n],
                n_edges: kids.len() as u16,
                edge_start: trie.edges.len() as u32,
                end_start: trie.ends.len() as u32,
                n_ends: names[n].len() as u32,
            };
            if kids.len() >= 2 {
                trie.edges
                    .extend(kids.iter().map(|&(b, c)| (b, id[c as usize])));
            } else {
                node.edge_start = 0;
            }
            trie.ends.extend(&names[n]);
            trie.nodes.push(node);
        }
        if !surfaces.iter().any(|(s, _)| s.is_empty()) {
            let mut bits = vec![0u64; FIRST_WORD_BITS / 64];
            for &(surface, _) in surfaces {
                let h = first_word_hash(surface);
                bits[h / 64] |= 1 << (h % 64);
            }
            trie.first_words = Some(bits);
        }
        for &(surface, _) in surfaces {
            let word = &surface.as_bytes()[..first_word_len(surface)];
            if word.is_empty() || word.len() > MAX_FIRST_WORD {
                continue;
            }
            let key: Box<[u8]> = word.iter().map(u8::to_ascii_lowercase).collect();
            if trie.word_nodes.contains_key(&key) {
                continue;
            }
            if let Some(node) = trie.node_of(&key) {
                trie.word_nodes.insert(key, node);
            }
        }
        trie
    }

    /// The node that `lower` (ASCII lower-cased bytes) leads to from the root.
    fn node_of(&self, lower: &[u8]) -> Option<u32> {
        let (&first, rest) = lower.split_first()?;
        let mut node = self.root[usize::from(first)];
        for &b in rest {
            if node == 0 {
                return None;
            }
            node = self.child(node as usize, b);
        }
        (node != 0).then_some(node)
    }

    /// The child of `node` by byte `b` (0: none).
    #[inline]
    fn child(&self, node: usize, b: u8) -> u32 {
        let here = &self.nodes[node];
        match here.n_edges {
            0 => 0,
            1 => {
                if self.nodes.get(node + 1).is_some_and(|n| n.byte == b) {
                    (node + 1) as u32
                } else {
                    0
                }
            }
            n => {
                let s = here.edge_start as usize;
                let edges = &self.edges[s..s + usize::from(n)];
                match edges.binary_search_by_key(&b, |e| e.0) {
                    Ok(k) => edges[k].1,
                    Err(_) => 0,
                }
            }
        }
    }

    /// Calls `f(end, name)` for every surface that `text[start..]` begins with and that
    /// ends at a whole word, and maybe for others (shorter first), where `text[start..at]`
    /// is a whole word (letters and digits; the char before `start` and the char at
    /// `at` are none). The same calls as [`Trie::walk`] for the ends that are whole
    /// words: a surface can end at one only if its first word is the text's.
    fn walk_word(&self, text: &[u8], start: usize, at: usize, mut f: impl FnMut(usize, usize)) {
        let word = &text[start..at];
        if word.len() > MAX_FIRST_WORD {
            return self.walk(text, start, f);
        }
        let mut buf = [0u8; MAX_FIRST_WORD];
        let lower = &mut buf[..word.len()];
        for (l, &b) in lower.iter_mut().zip(word) {
            *l = b.to_ascii_lowercase();
        }
        let Some(&node) = self.word_nodes.get(&*lower) else {
            return;
        };
        self.walk_on(text, node as usize, at, &mut f);
    }

    /// Whether a walk from the start of `word` (a whole word: letters and digits, the
    /// text's next char none) may find a whole-word surface.
    #[inline]
    fn may_start(&self, word: &[u8]) -> bool {
        let Some(bits) = &self.first_words else {
            return true;
        };
        let h = word_hash(word);
        bits.get(h / 64).is_some_and(|w| w & (1 << (h % 64)) != 0)
    }

    #[inline]
    fn names_at(&self, node: &Node) -> &[u32] {
        let a = node.end_start as usize;
        self.ends.get(a..a + node.n_ends as usize).unwrap_or(&[])
    }

    /// Calls `f(end, name)` for every surface that `text[start..]` begins with, shorter
    /// first.
    fn walk(&self, text: &[u8], start: usize, mut f: impl FnMut(usize, usize)) {
        let Some(root) = self.nodes.first() else {
            return;
        };
        for &name in self.names_at(root) {
            f(start, name as usize);
        }
        let Some(&first) = text.get(start) else {
            return;
        };
        let node = self.root[usize::from(first.to_ascii_lowercase())] as usize;
        self.walk_on(text, node, start + 1, &mut f);
    }

    /// The rest of a walk: from `node` (0: none), reached by the bytes before `at`.
    #[inline]
    fn walk_on(
        &self,
        text: &[u8],
        mut node: usize,
        mut at: usize,
        f: &mut impl FnMut(usize, usize),
    ) {
        while node != 0 {
            let here = &self.nodes[node];
            for &name in self.names_at(here) {
                f(at, name as usize);
            }
            let Some(&b) = text.get(at) else {
                return;
            };
            node = self.child(node, b.to_ascii_lowercase()) as usize;
            at += 1;
        }
    }
}

impl fmt::Debug for Gazetteer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Gazetteer")
            .field("places", &self.places.len())
            .field("demonyms", &self.demonyms.len())
            .field("groups", &self.groups.len())
            .field("armed_groups", &self.armed.len())
            .field("names", &self.names.len())
            .finish()
    }
}

static BUILTIN: LazyLock<Gazetteer> =
    LazyLock::new(|| match Gazetteer::from_tables(&Tables::builtin()) {
        Ok(g) => g,
        Err(e) => panic!("built-in gazetteer table is malformed: {e}"),
    });

/// Rows of a TSV table: (1-based line number, fields). Comments (`#`) and blank lines
/// are skipped; each row must have exactly `columns` fields.
fn rows<'a>(
    table: &'static str,
    text: &'a str,
    columns: usize,
) -> Result<Vec<(usize, Vec<&'a str>)>, TableError> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        if fields.len() != columns {
            return Err(TableError {
                table,
                line: i + 1,
                message: format!(
                    "expected {columns} tab-separated columns, found {}",
                    fields.len()
                ),
            });
        }
        out.push((i + 1, fields));
    }
    Ok(out)
}

/// The forms of a `|`-separated list (empty field: none).
fn list(field: &str) -> impl Iterator<Item = &str> {
    field.split('|').filter(|s| !s.is_empty())
}

fn check_name(table: &'static str, line: usize, name: &str) -> Result<(), TableError> {
    let bad = name.is_empty()
        || name != name.trim()
        || name.contains("  ")
        || name.chars().any(|c| c.is_control() || c == '|');
    if bad {
        return Err(TableError {
            table,
            line,
            message: format!("bad name {name:?}"),
        });
    }
    Ok(())
}

/// The lookup key of a surface: ASCII lower case, as the automaton compares.
fn key_of(surface: &str) -> String {
    surface.to_ascii_lowercase()
}

/// A name as a caller may pass it: trimmed, spaces collapsed, a leading "the" and a
/// trailing possessive dropped.
fn normalise_query(name: &str) -> Cow<'_, str> {
    // Already trimmed with single spaces (the usual case): only slices are taken.
    let mut prev_space = true;
    let mut simple = true;
    for c in name.chars() {
        if c.is_whitespace() {
            if c != ' ' || prev_space {
                simple = false;
                break;
            }
            prev_space = true;
        } else {
            prev_space = false;
        }
    }
    if simple && !prev_space {
        let mut s = name;
        for suffix in ["'s", "’s", "'", "’"] {
            if s.len() > suffix.len() + 1 && s.ends_with(suffix) {
                s = &s[..s.len() - suffix.len()];
                break;
            }
        }
        if s.len() > 4 && s.get(..4).is_some_and(|h| h.eq_ignore_ascii_case("the ")) {
            s = &s[4..];
        }
        return Cow::Borrowed(s);
    }
    let mut s = name.split_whitespace().collect::<Vec<_>>().join(" ");
    for suffix in ["'s", "’s", "'", "’"] {
        if s.len() > suffix.len() + 1 && s.ends_with(suffix) {
            s.truncate(s.len() - suffix.len());
            break;
        }
    }
    if s.len() > 4 && s.get(..4).is_some_and(|h| h.eq_ignore_ascii_case("the ")) {
        s.drain(..4);
    }
    Cow::Owned(s)
}

/// The surface and its apostrophe variants (`'` ↔ `’`).
fn apostrophe_variants(surface: &str) -> Vec<String> {
    let mut out = vec![surface.to_string()];
    if surface.contains('\'') {
        out.push(surface.replace('\'', "’"));
    }
    if surface.contains('’') {
        out.push(surface.replace('’', "'"));
    }
    out
}

struct Builder {
    names: Vec<Name>,
    name_index: HashMap<String, usize, FxBuild>,
}

impl Builder {
    fn slot(&mut self, surface: &str) -> &mut Name {
        let key = key_of(surface);
        let next = self.names.len();
        let idx = *self.name_index.entry(key).or_insert(next);
        if idx == next {
            self.names.push(Name::default());
        }
        &mut self.names[idx]
    }

    fn add(&mut self, surface: &str, target: Target, case_sensitive: bool) {
        for variant in apostrophe_variants(surface) {
            let name = self.slot(&variant);
            let dup = name.entries.iter().any(|e| {
                e.target == target && e.surface == variant && e.case_sensitive == case_sensitive
            });
            if !dup {
                name.entries.push(Entry {
                    surface: variant,
                    target,
                    case_sensitive,
                });
            }
        }
    }
}

impl Gazetteer {
    /// The built-in tables, parsed and indexed on first use.
    pub fn builtin() -> &'static Gazetteer {
        &BUILTIN
    }

    /// Parses and indexes tables, checking every row.
    pub fn from_tables(t: &Tables<'_>) -> Result<Gazetteer, TableError> {
        let mut b = Builder {
            names: Vec::new(),
            name_index: HashMap::default(),
        };

        // Places.
        const P: &str = "places.tsv";
        let mut places: Vec<Place> = Vec::new();
        let mut country_by_code: HashMap<String, usize, FxBuild> = HashMap::default();
        let mut place_rows = Vec::new();
        for (line, f) in rows(P, t.places, 7)? {
            let err = |message: String| TableError {
                table: P,
                line,
                message,
            };
            let kind = match f[0] {
                "country" => PlaceKind::Country,
                "capital" | "city" => PlaceKind::City,
                "region" => PlaceKind::Region,
                other => return Err(err(format!("unknown kind {other:?}"))),
            };
            check_name(P, line, f[1])?;
            let cc = f[2];
            if cc.len() != 2 || !cc.bytes().all(|c| c.is_ascii_uppercase()) {
                return Err(err(format!("bad country code {cc:?}")));
            }
            let lat: f64 = f[3]
                .parse()
                .map_err(|_| err(format!("bad latitude {:?}", f[3])))?;
            let lon: f64 = f[4]
                .parse()
                .map_err(|_| err(format!("bad longitude {:?}", f[4])))?;
            if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
                return Err(err(format!("coordinates out of range: {lat}, {lon}")));
            }
            let population: u64 = f[5]
                .parse()
                .map_err(|_| err(format!("bad population {:?}", f[5])))?;
            for alt in list(f[6]) {
                check_name(P, line, alt)?;
            }
            if f[6].contains("||") || f[6].starts_with('|') || f[6].ends_with('|') {
                return Err(err("empty alternate name".to_string()));
            }
            let idx = places.len();
            if kind == PlaceKind::Country && country_by_code.insert(cc.to_string(), idx).is_some() {
                return Err(err(format!("country {cc} listed twice")));
            }
            places.push(Place {
                kind,
                name: f[1].to_string(),
                country_code: cc.to_string(),
                lat,
                lon,
                population,
            });
            place_rows.push((line, idx, f[6]));
        }
        for (line, idx, alts) in place_rows {
            let cc = &places[idx].country_code;
            if !country_by_code.contains_key(cc) {
                return Err(TableError {
                    table: P,
                    line,
                    message: format!("no country row for {cc}"),
                });
            }
            let name = places[idx].name.clone();
            b.add(&name, Target::Place(idx), false);
            for alt in list(alts) {
                b.add(alt, Target::Place(idx), false);
            }
        }

        // Place aliases.
        const PA: &str = "place_aliases.tsv";
        for (line, f) in rows(PA, t.place_aliases, 4)? {
            let err = |message: String| TableError {
                table: PA,
                line,
                message,
            };
            check_name(PA, line, f[0])?;
            let Some(&country) = country_by_code.get(f[1]) else {
                return Err(err(format!("unknown country code {:?}", f[1])));
            };
            let target = if f[2].is_empty() {
                country
            } else {
                let (kind, name) = match f[2].split_once(':') {
                    Some(("city", n)) => (PlaceKind::City, n),
                    Some(("region", n)) => (PlaceKind::Region, n),
                    _ => return Err(err(format!("bad target {:?}", f[2]))),
                };
                places
                    .iter()
                    .position(|p| p.kind == kind && p.country_code == f[1] && p.name == name)
                    .ok_or_else(|| err(format!("no place {:?} in {}", f[2], f[1])))?
            };
            let cs = flag(PA, line, f[3])?;
            b.add(f[0], Target::Place(target), cs);
        }

        // Nationality words.
        const D: &str = "demonyms.tsv";
        let mut demonyms: Vec<Demonym> = Vec::new();
        let mut demonym_forms: HashMap<String, usize> = HashMap::new();
        for (line, f) in rows(D, t.demonyms, 4)? {
            let err = |message: String| TableError {
                table: D,
                line,
                message,
            };
            check_name(D, line, f[0])?;
            let Some(&country) = country_by_code.get(f[1]) else {
                return Err(err(format!("unknown country code {:?}", f[1])));
            };
            if demonyms.iter().any(|d| d.key == f[0]) {
                return Err(err(format!("key {:?} listed twice", f[0])));
            }
            let forms: Vec<&str> = std::iter::once(f[0]).chain(list(f[2])).collect();
            for form in &forms {
                check_name(D, line, form)?;
            }
            let cs: Vec<&str> = list(f[3]).collect();
            if let Some(bad) = cs.iter().find(|c| !forms.contains(c)) {
                return Err(err(format!(
                    "case-sensitive form {bad:?} is not one of the row's forms"
                )));
            }
            let idx = demonyms.len();
            demonyms.push(Demonym {
                key: f[0].to_string(),
                country,
            });
            for form in forms {
                if let Some(&other) = demonym_forms.get(&key_of(form)) {
                    if other != idx {
                        return Err(err(format!(
                            "{form:?} is also a form of {:?}",
                            demonyms[other].key
                        )));
                    }
                }
                demonym_forms.insert(key_of(form), idx);
                b.add(form, Target::Demonym(idx), cs.contains(&form));
            }
        }

        // Religious and ethnic groups.
        const G: &str = "groups.tsv";
        let mut groups: Vec<String> = Vec::new();
        let mut group_forms: HashMap<String, usize> = HashMap::new();
        for (line, f) in rows(G, t.groups, 3)? {
            let err = |message: String| TableError {
                table: G,
                line,
                message,
            };
            check_name(G, line, f[0])?;
            if groups.iter().any(|g| g == f[0]) {
                return Err(err(format!("key {:?} listed twice", f[0])));
            }
            let forms: Vec<&str> = std::iter::once(f[0]).chain(list(f[1])).collect();
            for form in &forms {
                check_name(G, line, form)?;
            }
            let cs: Vec<&str> = list(f[2]).collect();
            if let Some(bad) = cs.iter().find(|c| !forms.contains(c)) {
                return Err(err(format!(
                    "case-sensitive form {bad:?} is not one of the row's forms"
                )));
            }
            let idx = groups.len();
            groups.push(f[0].to_string());
            for form in forms {
                if let Some(&other) = group_forms.get(&key_of(form)) {
                    if other != idx {
                        return Err(err(format!(
                            "{form:?} is also a form of {:?}",
                            groups[other]
                        )));
                    }
                }
                group_forms.insert(key_of(form), idx);
                b.add(form, Target::Group(idx), cs.contains(&form));
            }
        }

        // Armed groups.
        const A: &str = "armed_groups.tsv";
        let mut armed: Vec<ArmedGroup> = Vec::new();
        let mut armed_aliases: HashMap<String, usize> = HashMap::new();
        let mut armed_folded: HashMap<String, usize> = HashMap::new();
        for (line, f) in rows(A, t.armed_groups, 3)? {
            let err = |message: String| TableError {
                table: A,
                line,
                message,
            };
            check_name(A, line, f[0])?;
            check_name(A, line, f[1])?;
            let cs = flag(A, line, f[2])?;
            let idx = match armed.iter().position(|g| g.name == f[0]) {
                Some(i) => i,
                None => {
                    armed.push(ArmedGroup {
                        name: f[0].to_string(),
                        aliases: Vec::new(),
                    });
                    armed.len() - 1
                }
            };
            // Exact duplicates are errors; so are names of two groups that differ
            // only in case.
            if let Some(&other) = armed_aliases.get(f[1]) {
                return Err(err(format!(
                    "alias {:?} listed twice (also for {:?})",
                    f[1], armed[other].name
                )));
            }
            if let Some(&other) = armed_folded.get(&key_of(f[1])) {
                if other != idx {
                    return Err(err(format!(
                        "alias {:?} also names {:?}",
                        f[1], armed[other].name
                    )));
                }
            }
            armed_aliases.insert(f[1].to_string(), idx);
            armed_folded.insert(key_of(f[1]), idx);
            if f[1] != f[0] {
                armed[idx].aliases.push(f[1].to_string());
            }
            for variant in hyphen_variants(f[1]) {
                b.add(&variant, Target::Armed(idx), cs);
            }
        }
        // A canonical name is always a name of its group, listed as an alias or not.
        for (idx, g) in armed.iter().enumerate() {
            if !armed_aliases.contains_key(&g.name) {
                b.add(&g.name, Target::Armed(idx), false);
            }
        }

        // Stop list.
        const S: &str = "place_stoplist.tsv";
        for (line, f) in rows(S, t.place_stoplist, 2)? {
            let err = |message: String| TableError {
                table: S,
                line,
                message,
            };
            check_name(S, line, f[0])?;
            let class = match f[1] {
                "word" => StopClass::Word,
                "name" => StopClass::Name,
                "never" => StopClass::Never,
                "block" => {
                    b.add(f[0], Target::Block, false);
                    continue;
                }
                other => return Err(err(format!("unknown class {other:?}"))),
            };
            let Some(&idx) = b.name_index.get(&key_of(f[0])) else {
                return Err(err(format!("{:?} is not a place name of the tables", f[0])));
            };
            if !b.names[idx]
                .entries
                .iter()
                .any(|e| matches!(e.target, Target::Place(_)))
            {
                return Err(err(format!("{:?} is not a place name of the tables", f[0])));
            }
            b.names[idx].stop = Some(class);
            for variant in apostrophe_variants(f[0]).into_iter().skip(1) {
                if let Some(&j) = b.name_index.get(&key_of(&variant)) {
                    b.names[j].stop = Some(class);
                }
            }
        }

        // The automaton holds every surface that find() may report or that blocks.
        let mut patterns: Vec<(&str, usize)> = Vec::new();
        for (i, name) in b.names.iter().enumerate() {
            let only_places = name
                .entries
                .iter()
                .all(|e| matches!(e.target, Target::Place(_)));
            if name.stop == Some(StopClass::Never) && only_places {
                continue;
            }
            let Some(first) = name.entries.first() else {
                continue;
            };
            patterns.push((first.surface.as_str(), i));
        }
        let trie = Trie::build(&patterns);

        let mut lower_initials: Vec<char> = b
            .names
            .iter()
            .flat_map(|n| n.entries.iter())
            .filter_map(|e| e.surface.chars().next())
            .filter(|c| c.is_lowercase())
            .collect();
        lower_initials.sort_unstable();
        lower_initials.dedup();

        Ok(Gazetteer {
            lower_initials,
            places,
            country_by_code,
            demonyms,
            groups,
            armed,
            names: b.names,
            name_index: b.name_index,
            trie,
        })
    }

    /// Every table name in `text`, non-overlapping, leftmost-longest, whole words only.
    ///
    /// `case_insensitive` is for text without usable capitalisation (all lower case or
    /// all capitals): case is then ignored, but case-sensitive aliases ("IS", "US") and
    /// place names that are ordinary words ("Nice", "Reading") are skipped. Otherwise a
    /// match must begin with a capital or a digit as written, or be written exactly as
    /// in the table ("al-Qaeda"), and case-sensitive aliases must match exactly.
    pub fn find(&self, text: &str, case_insensitive: bool) -> Vec<GazMatch> {
        // Every name starts a word, so the trie is walked from word starts only,
        // reporting every name that starts there.
        let mut candidates: Vec<(usize, usize, usize, usize)> = Vec::new(); // start, end, name, entry
        let bytes = text.as_bytes();
        // The char at byte `at` (a char boundary), its length and whether it is a
        // letter or digit; ASCII without decoding.
        let char_at = |at: usize| -> Option<(char, usize, bool)> {
            match *bytes.get(at)? {
                b if b < 0x80 => Some((char::from(b), 1, b.is_ascii_alphanumeric())),
                _ => {
                    let c = text.get(at..)?.chars().next()?;
                    Some((c, c.len_utf8(), c.is_alphanumeric()))
                }
            }
        };
        let mut at = 0;
        while let Some((c, len, alnum)) = char_at(at) {
            let start = at;
            at += len;
            if !alnum {
                continue;
            }
            // A word starts here: the char before is no letter or digit. The scan goes
            // on after its end (no word starts inside it).
            while let Some((_, len, true)) = char_at(at) {
                at += len;
            }
            // In mixed-case text a lower-case word only starts a name written so in the
            // table ("al-Qaeda").
            if !case_insensitive && c.is_lowercase() && !self.lower_initials.contains(&c) {
                continue;
            }
            if !self.trie.may_start(&bytes[start..at]) {
                continue;
            }
            self.trie.walk_word(bytes, start, at, |end, name_idx| {
                if !text.is_char_boundary(end) || !is_whole_word(text, start, end) {
                    return;
                }
                if let Some(entry) = self.choose(name_idx, text, start, end, case_insensitive) {
                    candidates.push((start, end, name_idx, entry));
                }
            });
        }
        candidates.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));

        // Leftmost-longest, non-overlapping.
        let mut chosen: Vec<(usize, usize, usize, usize)> = Vec::new();
        let mut covered = 0;
        for c in candidates {
            if c.0 >= covered {
                covered = c.1;
                chosen.push(c);
            }
        }

        // Countries the text names unambiguously (countries, nationality words, places
        // with one candidate) decide between same-named places elsewhere in it. Only a
        // town, not a country name, lets a region beat a country ("Atlanta, Georgia" is
        // the US state; "US envoys visited Georgia" stays the country).
        let mut context: Vec<&str> = Vec::new();
        let mut town_context: Vec<&str> = Vec::new();
        for &(start, end, name_idx, entry) in &chosen {
            let (p, town) = match self.names[name_idx].entries[entry].target {
                Target::Place(p) => {
                    let unique = self
                        .place_candidates(name_idx, text, start, end, case_insensitive)
                        .all(|q| q == p);
                    if !unique {
                        continue;
                    }
                    (p, self.places[p].kind != PlaceKind::Country)
                }
                Target::Demonym(d) => (self.demonyms[d].country, false),
                _ => continue,
            };
            let code = self.places[p].country_code.as_str();
            if !context.contains(&code) {
                context.push(code);
            }
            if town && !town_context.contains(&code) {
                town_context.push(code);
            }
        }

        let mut out = Vec::with_capacity(chosen.len());
        for (start, end, name_idx, entry) in chosen {
            let Ok(span) = Span::checked(text, start, end) else {
                continue;
            };
            let (kind, key, place) = match self.names[name_idx].entries[entry].target {
                Target::Block => continue,
                Target::Place(first) => {
                    let candidates: Vec<usize> = self
                        .place_candidates(name_idx, text, start, end, case_insensitive)
                        .collect();
                    let has_country = candidates
                        .iter()
                        .any(|&q| self.places[q].kind == PlaceKind::Country);
                    let p = candidates
                        .into_iter()
                        .max_by_key(|&q| {
                            let ctx: &[&str] =
                                if has_country && self.places[q].kind != PlaceKind::Country {
                                    &town_context
                                } else {
                                    &context
                                };
                            self.place_rank_in(q, ctx)
                        })
                        .unwrap_or(first);
                    let kind = if self.places[p].kind == PlaceKind::Country {
                        GazKind::Country
                    } else {
                        GazKind::City
                    };
                    (kind, self.places[p].name.clone(), Some(self.place_ref(p)))
                }
                Target::Demonym(d) => {
                    let dem = &self.demonyms[d];
                    (
                        GazKind::Demonym,
                        dem.key.clone(),
                        Some(self.place_ref(dem.country)),
                    )
                }
                Target::Group(g) => (GazKind::ReligiousGroup, self.groups[g].clone(), None),
                Target::Armed(a) => (GazKind::ArmedGroup, self.armed[a].name.clone(), None),
            };
            out.push(GazMatch {
                span,
                kind,
                key,
                place,
            });
        }
        out
    }

    /// The entries of a name that a match at `start..end` may stand for under the case
    /// and stop-list rules.
    fn acceptable<'s>(
        &'s self,
        name_idx: usize,
        text: &'s str,
        start: usize,
        end: usize,
        ci: bool,
    ) -> impl Iterator<Item = usize> + 's {
        let name = &self.names[name_idx];
        let written = &text[start..end];
        let capitalised = written
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
        let exact = name.entries.iter().any(|x| x.surface == written);
        let stop_ok = match name.stop {
            None => true,
            Some(StopClass::Never) => false,
            Some(StopClass::Word) => !ci && follows_lowercase_word(text, start),
            Some(StopClass::Name) => ci || !precedes_capitalised_word(text, end),
        };
        name.entries.iter().enumerate().filter_map(move |(i, e)| {
            let case_ok = if e.case_sensitive {
                !ci && written == e.surface
            } else {
                ci || capitalised || exact
            };
            let stop = stop_ok || !matches!(e.target, Target::Place(_));
            (case_ok && stop).then_some(i)
        })
    }

    /// The places a match at `start..end` may stand for.
    fn place_candidates<'s>(
        &'s self,
        name_idx: usize,
        text: &'s str,
        start: usize,
        end: usize,
        ci: bool,
    ) -> impl Iterator<Item = usize> + 's {
        let entries = &self.names[name_idx].entries;
        self.acceptable(name_idx, text, start, end, ci)
            .filter_map(move |e| match entries[e].target {
                Target::Place(q) => Some(q),
                _ => None,
            })
    }

    /// The entry a match at `start..end` stands for, if any: the highest kind, and
    /// among places the best without context.
    fn choose(
        &self,
        name_idx: usize,
        text: &str,
        start: usize,
        end: usize,
        ci: bool,
    ) -> Option<usize> {
        let entries = &self.names[name_idx].entries;
        self.acceptable(name_idx, text, start, end, ci)
            .max_by_key(|&i| match entries[i].target {
                Target::Place(p) => (1, self.place_rank(p), std::cmp::Reverse(i)),
                other => (other.priority(), (0, 0), std::cmp::Reverse(i)),
            })
    }

    /// Ranking of a place candidate: in a context country, then kind, then population.
    fn place_rank_in(
        &self,
        p: usize,
        context: &[&str],
    ) -> (bool, (u8, u64), std::cmp::Reverse<usize>) {
        let cc = &self.places[p].country_code;
        let in_context = context.iter().any(|c| c.eq_ignore_ascii_case(cc));
        (in_context, self.place_rank(p), std::cmp::Reverse(p))
    }

    fn place_rank(&self, p: usize) -> (u8, u64) {
        let place = &self.places[p];
        let kind = match place.kind {
            PlaceKind::Country => 3,
            PlaceKind::City => 2,
            PlaceKind::Region => 1,
        };
        (kind, place.population)
    }

    fn place_ref(&self, p: usize) -> PlaceRef {
        let place = &self.places[p];
        let country = self
            .country_by_code
            .get(&place.country_code)
            .map(|&c| self.places[c].name.clone())
            .unwrap_or_default();
        PlaceRef {
            name: place.name.clone(),
            country,
            country_code: place.country_code.clone(),
            kind: match place.kind {
                PlaceKind::Country => "country",
                PlaceKind::City => "city",
                PlaceKind::Region => "region",
            }
            .to_string(),
            lat: place.lat,
            lon: place.lon,
            region: None,
        }
    }

    /// The entries of a name as a caller passes it, with the case rule applied: a
    /// case-sensitive entry needs the exact spelling.
    fn lookup<'s>(&'s self, name: &'s str) -> impl Iterator<Item = &'s Entry> + 's {
        let q = normalise_query(name);
        // The key (ASCII lower-cased) in a buffer when short.
        let mut buf = [0u8; 64];
        let found = match buf.get_mut(..q.len()) {
            Some(b) => {
                b.copy_from_slice(q.as_bytes());
                b.make_ascii_lowercase();
                std::str::from_utf8(b)
                    .ok()
                    .and_then(|k| self.name_index.get(k))
            }
            None => self.name_index.get(&key_of(&q)),
        }
        .map(|&i| &self.names[i]);
        found
            .into_iter()
            .flat_map(|n| n.entries.iter())
            .filter(move |e| !e.case_sensitive || e.surface == q)
    }

    /// Resolves one place name. `context` lists the ISO codes of countries already
    /// mentioned: a place in one of them wins; then a country beats a town of the same
    /// name, a town beats a region, and a bigger population beats a smaller one.
    /// Case is ignored except for case-sensitive aliases ("US").
    pub fn place(&self, name: &str, context: &[&str]) -> Option<PlaceRef> {
        let best = self
            .lookup(name)
            .filter_map(|e| match e.target {
                Target::Place(p) => Some(p),
                _ => None,
            })
            .max_by_key(|&p| self.place_rank_in(p, context))?;
        Some(self.place_ref(best))
    }

    /// The country with this ISO 3166-1 alpha-2 code (any case).
    pub fn country(&self, iso2: &str) -> Option<PlaceRef> {
        let idx = *self
            .country_by_code
            .get(&iso2.trim().to_ascii_uppercase())?;
        Some(self.place_ref(idx))
    }

    /// The country adjective ("Tajik") and the country of a nationality word ("Tajiks",
    /// "Tajikistani").
    pub fn country_of_demonym(&self, word: &str) -> Option<(String, PlaceRef)> {
        let d = self.lookup(word).find_map(|e| match e.target {
            Target::Demonym(d) => Some(d),
            _ => None,
        })?;
        let dem = &self.demonyms[d];
        Some((dem.key.clone(), self.place_ref(dem.country)))
    }

    /// The canonical key of a religious or ethnic group word ("Shiite" → "Shias").
    pub fn religious_group(&self, word: &str) -> Option<&str> {
        self.lookup(word).find_map(|e| match e.target {
            Target::Group(g) => Some(self.groups[g].as_str()),
            _ => None,
        })
    }

    /// The armed group known by `alias` (any listed name, or the canonical one). Case is
    /// ignored except for case-sensitive aliases ("IS" is Islamic State, "is" is not).
    pub fn armed_group(&self, alias: &str) -> Option<&ArmedGroup> {
        self.lookup(alias).find_map(|e| match e.target {
            Target::Armed(a) => Some(&self.armed[a]),
            _ => None,
        })
    }

    /// All armed groups of the table, in table order.
    pub fn armed_groups(&self) -> &[ArmedGroup] {
        &self.armed
    }
}

fn flag(table: &'static str, line: usize, field: &str) -> Result<bool, TableError> {
    match field {
        "" => Ok(false),
        "cs" => Ok(true),
        other => Err(TableError {
            table,
            line,
            message: format!("unknown flag {other:?}"),
        }),
    }
}

/// An alias and, when it joins words with hyphens ("al-Qaeda",
/// "Tehrik-i-Taliban Pakistan"), the same with spaces. Acronyms ("IS-K") are left alone.
fn hyphen_variants(alias: &str) -> Vec<String> {
    let mut out = vec![alias.to_string()];
    let lower = alias.chars().filter(|c| c.is_lowercase()).count();
    if alias.contains('-') && lower >= 4 {
        out.push(alias.replace('-', " "));
    }
    out
}

fn is_whole_word(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    before.is_none_or(|c| !c.is_alphanumeric()) && after.is_none_or(|c| !c.is_alphanumeric())
}

/// Whether the word before `start`, in the same sentence, begins with a lower-case
/// letter ("in Nice", not "Nice" opening a sentence nor "State Duma").
fn follows_lowercase_word(text: &str, start: usize) -> bool {
    let before = text[..start].trim_end_matches([' ', '\t']);
    let Some(last) = before.chars().next_back() else {
        return false;
    };
    if !last.is_alphanumeric() {
        return false;
    }
    let word_start = before
        .char_indices()
        .rev()
        .find(|&(_, c)| !(c.is_alphanumeric() || matches!(c, '\'' | '’' | '-')))
        .map_or(0, |(i, c)| i + c.len_utf8());
    before[word_start..]
        .chars()
        .next()
        .is_some_and(char::is_lowercase)
}

/// Whether a capitalised word follows `end` after one space ("Charlotte Smith").
fn precedes_capitalised_word(text: &str, end: usize) -> bool {
    let rest = &text[end..];
    rest.strip_prefix(' ')
        .and_then(|r| r.chars().next())
        .is_some_and(char::is_uppercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gaz() -> &'static Gazetteer {
        Gazetteer::builtin()
    }

    fn found(text: &str, ci: bool) -> Vec<(String, GazKind, String)> {
        gaz()
            .find(text, ci)
            .into_iter()
            .map(|m| (m.span.slice(text).unwrap_or("").to_string(), m.kind, m.key))
            .collect()
    }

    #[test]
    fn the_first_word_filter_keeps_every_possible_start() {
        let trie = Trie::build(&[
            ("al-Hamra", 0),
            ("Port Vila", 1),
            ("Café Oslo", 2),
            ("Vila", 3),
        ]);
        // The text's first word (letters and digits, any case) must be a surface's.
        let word = |s: &'static str| {
            let n = s.find(|c: char| !c.is_alphanumeric()).unwrap_or(s.len());
            &s.as_bytes()[..n]
        };
        for s in [
            "al-Hamra's men",
            "AL-HAMRA",
            "port vila",
            "Port-Vila",
            "Café’s",
            "Vila.",
        ] {
            assert!(trie.may_start(word(s)), "{s}");
        }
        for s in ["alhamra", "Portland", "Cafés", "Vilas", "Oslo"] {
            assert!(!trie.may_start(word(s)), "{s}");
        }
        // A surface that is empty matches anywhere: no filter then.
        let with_empty = Trie::build(&[("", 0), ("Vila", 1)]);
        assert!(with_empty.may_start(word("Oslo")));
    }

    #[test]
    fn names_start_after_any_non_word_char() {
        // Matches after ASCII and other punctuation, at the text's start and end.
        let got: Vec<String> = found("Kabul–Kandahar; (Kabul), «Kandahar»", false)
            .into_iter()
            .map(|(surface, _, _)| surface)
            .collect();
        assert_eq!(got, ["Kabul", "Kandahar", "Kabul", "Kandahar"]);
    }

    #[test]
    fn query_normalisation() {
        assert_eq!(
            normalise_query("  the  Islamic   State's "),
            "Islamic State"
        );
        assert_eq!(normalise_query("ISKP’s"), "ISKP");
        assert_eq!(normalise_query("US"), "US");
    }

    #[test]
    fn word_neighbours() {
        let t = "He went to Nice. Nice weather";
        assert!(follows_lowercase_word(t, 11));
        assert!(!follows_lowercase_word(t, 17));
        assert!(!follows_lowercase_word("Nice", 0));
        assert!(precedes_capitalised_word("Charlotte Smith", 9));
        assert!(!precedes_capitalised_word("Charlotte, NC", 9));
    }

    #[test]
    fn hyphenated_aliases_get_a_spaced_variant() {
        assert_eq!(hyphen_variants("al-Qaeda"), vec!["al-Qaeda", "al Qaeda"]);
        assert_eq!(hyphen_variants("IS-K"), vec!["IS-K"]);
    }

    #[test]
    fn kinds_at_one_place() {
        let m = found("Afghan Taliban fighters and Afghan civilians", false);
        assert_eq!(
            m[0],
            (
                "Afghan Taliban".into(),
                GazKind::ArmedGroup,
                "Taliban".into()
            )
        );
        assert_eq!(m[1], ("Afghan".into(), GazKind::Demonym, "Afghan".into()));
    }

    #[test]
    fn trie_reports_every_surface_starting_at_a_position_shorter_first() {
        let trie = Trie::build(&[("New", 0), ("new york", 1), ("NEW", 2), ("York", 3)]);
        let text = b"in NEW YORK now";
        let mut seen = Vec::new();
        trie.walk(text, 3, |end, name| seen.push((end, name)));
        assert_eq!(seen, vec![(6, 0), (6, 2), (11, 1)]);
        seen.clear();
        trie.walk(text, 7, |end, name| seen.push((end, name)));
        assert_eq!(seen, vec![(11, 3)]);
        seen.clear();
        trie.walk(text, 0, |end, name| seen.push((end, name)));
        trie.walk(text, text.len(), |end, name| seen.push((end, name)));
        assert!(seen.is_empty());
    }

    /// The reports of a walk from each word start of `text` that end a whole word.
    fn whole_word_reports(
        text: &str,
        walk: impl Fn(&[u8], usize, usize, &mut Vec<(usize, usize)>),
    ) -> Vec<(usize, usize, usize)> {
        let mut out = Vec::new();
        let mut at = 0;
        while let Some(c) = text[at..].chars().next() {
            let start = at;
            at += c.len_utf8();
            if !c.is_alphanumeric() {
                continue;
            }
            while let Some(c) = text[at..].chars().next().filter(|c| c.is_alphanumeric()) {
                at += c.len_utf8();
            }
            let mut seen = Vec::new();
            walk(text.as_bytes(), start, at, &mut seen);
            out.extend(
                seen.into_iter()
                    .filter(|&(end, _)| {
                        text.is_char_boundary(end) && is_whole_word(text, start, end)
                    })
                    .map(|(end, name)| (start, end, name)),
            );
        }
        out
    }

    #[test]
    fn word_walk_reports_what_the_byte_walk_reports_at_whole_words() {
        let trie = Trie::build(&[
            ("San", 0),
            ("san jose", 1),
            ("San José", 2),
            ("sana'a", 3),
            ("Sa", 4),
            ("St. Louis", 5),
            ("Élan", 6),
            ("new-york", 7),
            ("A", 8),
            ("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa b", 9),
        ]);
        let text = "In SAN JOSE and San José, sana'a, Sanaa, st. louis, élan and ÉLAN: \
                    New-York a A, aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa b.";
        let by_bytes = whole_word_reports(text, |t, s, _, seen| {
            trie.walk(t, s, |e, n| seen.push((e, n)))
        });
        let by_words = whole_word_reports(text, |t, s, a, seen| {
            trie.walk_word(t, s, a, |e, n| seen.push((e, n)))
        });
        assert_eq!(by_words, by_bytes);
        // Each surface is found where the text has it ("a" after the apostrophe too),
        // "Élan" not in "élan" (the trie lower-cases ASCII only).
        let names: Vec<usize> = by_words.iter().map(|r| r.2).collect();
        assert_eq!(names, vec![0, 1, 0, 2, 3, 8, 5, 6, 7, 8, 8, 9]);
    }
}
