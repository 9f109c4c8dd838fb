//! The reading path of [`Model::extract`] and [`Model::raw`]: the same scores as
//! [`crate::features::doc_features`] and [`crate::features::token_features`] summed by
//! [`crate::model::Table::score_many`], computed faster.
//!
//! - Tokens keep their lower-cased forms in one buffer ([`Lowered`]).
//! - What the features read of a word (hashes, shape, trigger stem, ...) is computed
//!   once per distinct word of the document, not once per token.
//! - The tagger's features of one word alone (the word, its suffixes, prefix and shape;
//!   the word as a neighbour at ±1..3 and as the nearest content word left or right) are
//!   looked up once per distinct word; each token adds up its words' rows and looks up
//!   only its remaining features (bigrams, triggers, positions). With the compiled-in
//!   model a thread keeps those word rows from one document to the next ([`Known`]),
//!   so a word met before costs a copy, not some 20 lookups; only its frequency in the
//!   document is looked up again.
//!
//! The rows are quantised integers summed in `i32`, so adding them in another order or
//! grouping gives the very same sums: the reading is identical to the reference path
//! (`Model::raw_tokens`), which the tests check.

use crate::features::{
    bucket, is_skip, key, prefix, prior_keys, shape, suffix, trigger, wh, Fnv, WordMap,
};
use std::collections::HashMap;
use std::sync::OnceLock;

use crate::model::Table;
use crate::token::Lowered;
use crate::{argmax, type_cue, Model, Raw, NK, NT};

/// What the features read of one distinct word of a document.
#[derive(Clone, Copy)]
struct Word<'a> {
    text: &'a str,
    /// Hashes of the word, its 3- and 2-letter suffixes, 4-letter prefix and shape.
    w: u64,
    s3: u64,
    s2: u64,
    p4: u64,
    shape: u64,
    punct: bool,
    /// The attack-trigger stem it starts with, and the stem's hash.
    trigger: Option<(&'static str, u64)>,
    skip: bool,
    cue: Option<usize>,
    /// Its event word ([`crate::doc::event_word`]).
    event: Option<&'static str>,
    /// Document features: the unigram keys and the bigram hashes with this word first.
    k101: u32,
    k103: u32,
    f102: Fnv,
    f104: Fnv,
    /// The first distinct word with the same hash (itself but for a hash collision):
    /// frequencies and first occurrences count words by hash, as the features do.
    canon: u32,
    /// Its entry in the thread's [`Known`] store, if it has one.
    kept: Option<u32>,
}

impl<'a> Word<'a> {
    fn new(text: &'a str, w: u64, canon: u32) -> Self {
        let sh = shape(text);
        let stem = trigger(text);
        let cue = type_cue(text);
        Word {
            text,
            w,
            s3: wh(suffix(text, 3)),
            s2: wh(suffix(text, 2)),
            p4: wh(prefix(text, 4)),
            shape: wh(sh),
            punct: sh == "punct",
            trigger: stem.map(|st| (st, wh(st))),
            skip: is_skip(text),
            cue,
            // As crate::doc::event_word, from the stem and cue found above.
            event: stem.or_else(|| cue.map(|k| crate::INCIDENT_TYPES[k])),
            k101: Fnv::new(101).str(text).key(),
            k103: Fnv::new(103).str(text).key(),
            f102: Fnv::new(102).str(text),
            f104: Fnv::new(104).str(text),
            canon,
            kept: None,
        }
    }
}

/// A document's tokens and distinct words.
struct Doc<'a> {
    toks: &'a Lowered,
    words: Vec<Word<'a>>,
    /// The distinct word of each token.
    ty: Vec<u32>,
    /// The [`Known`] store's generation its words' entries belong to.
    generation: u64,
}

impl<'a> Doc<'a> {
    fn new(toks: &'a Lowered) -> Self {
        let n = toks.len();
        let mut index: WordMap<u32> = WordMap::default();
        index.reserve(n / 2);
        let mut words: Vec<Word<'a>> = Vec::with_capacity(n / 2);
        let mut ty = Vec::with_capacity(n);
        let generation = KNOWN.with(|k| {
            let mut known = k.borrow_mut();
            // Room for every word of the document, so that none of its entries is
            // dropped before the document is read.
            known.make_room(n);
            for i in 0..n {
                let text = toks.lower(i);
                let h = wh(text);
                let found = index.get(&h).copied();
                let id = match found {
                    Some(id) if words[id as usize].text == text => id,
                    _ => {
                        let id = words.len() as u32;
                        let canon = found.unwrap_or_else(|| {
                            index.insert(h, id);
                            id
                        });
                        words.push(known.word(text, h, canon));
                        id
                    }
                };
                ty.push(id);
            }
            known.generation
        });
        Doc {
            toks,
            words,
            ty,
            generation,
        }
    }

    #[inline]
    fn word(&self, i: usize) -> &Word<'a> {
        &self.words[self.ty[i] as usize]
    }

    /// The same keys as [`crate::features::doc_features`].
    fn doc_keys(&self) -> Vec<u32> {
        let n = self.ty.len();
        let mut keys: Vec<u32> = Vec::with_capacity(n * 2 + 1);
        keys.push(Fnv::new(100).key());
        let p102 = Fnv::new(102).str("<p>");
        let mut prev = Fnv::new(102).str("<s>");
        // A word's unigram key once (the keys are deduplicated below anyway): fewer
        // keys to sort.
        let mut seen = vec![false; self.words.len()];
        for i in 0..n {
            let w = self.word(i);
            if w.punct {
                prev = p102;
                continue;
            }
            if let Some(s) = seen.get_mut(self.ty[i] as usize) {
                if !std::mem::replace(s, true) {
                    keys.push(w.k101);
                }
            }
            keys.push(prev.str(w.text).key());
            prev = w.f102;
        }
        // The lead (first two sentences) and the trigger stems of the whole text.
        let mut sentence = 0;
        let mut prev = Fnv::new(104).str("<s>");
        let mut stems: Vec<&str> = Vec::new();
        for i in 0..n {
            if self.toks.sentence_start(i) && i > 0 {
                sentence += 1;
            }
            let w = self.word(i);
            if let Some((st, _)) = w.trigger {
                stems.push(st);
            }
            if sentence >= 2 || w.punct {
                continue;
            }
            keys.push(w.k103);
            keys.push(prev.str(w.text).key());
            prev = w.f104;
        }
        stems.sort_unstable();
        for g in stems.chunk_by(|a, b| a == b) {
            keys.push(Fnv::new(105).str(g[0]).key());
            let mut h = Fnv::new(106).str(g[0]);
            h.byte(bucket(g.len()) as u8);
            keys.push(h.key());
        }
        crate::doc::extra_keys(
            n,
            |i| self.word(i).text,
            |i| self.word(i).event,
            |i| self.toks.sentence_start(i),
            &mut keys,
        );
        keys.sort_unstable();
        keys.dedup();
        keys
    }

    /// What the nearest training messages add to the relevance score, and their type
    /// shares (as `Model::knn_scores`).
    fn knn_scores(&self, model: &Model) -> (f32, Option<[f32; NK]>) {
        if model.knn.is_empty() {
            return (0.0, None);
        }
        let mut terms = Vec::new();
        crate::knn::term_keys(
            self.ty.len(),
            |i| self.word(i).text,
            |i| self.word(i).event.is_some(),
            |i| self.toks.sentence_start(i),
            &mut terms,
        );
        model.knn.scores(&terms)
    }

    /// Token ranges of the sentences (as [`crate::sentences`]).
    fn sentences(&self) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut start = 0;
        for i in 0..self.toks.len() {
            if self.toks.sentence_start(i) && i > start {
                out.push((start, i));
                start = i;
            }
        }
        if start < self.toks.len() {
            out.push((start, self.toks.len()));
        }
        out
    }

    /// Every token's tag scores: the sums of the emission rows of the keys of
    /// [`crate::features::token_features`].
    fn emissions(&self, model: &Model) -> Vec<[f32; NT]> {
        let table = &model.emissions;
        let n = self.ty.len();
        let nw = self.words.len();
        let (bos, eos) = (wh("<s>"), wh("</s>"));
        let (bos_id, eos_id) = (nw, nw + 1);
        // Frequencies count words by hash (`canon`), as token_features does.
        let mut freq = vec![0usize; nw];
        for &t in &self.ty {
            freq[self.words[t as usize].canon as usize] += 1;
        }
        // Rows per distinct word, then for <s> and </s> (SLOTS each): the features of
        // the token's own word that do not depend on its position (word, suffixes,
        // shape, prefix, trigger stem), the word as each neighbour template, the
        // first-occurrence feature (first / not first), and the word's frequency in
        // the document. All but the last are the same in every document: with the
        // compiled-in model, a thread keeps them per word ([`Known`]) and looks up
        // only the words it has not kept.
        let kept = std::ptr::eq(crate::embedded(), model);
        let hits: Vec<Option<u32>> = if kept {
            KNOWN.with(|k| k.borrow().with_rows(self))
        } else {
            vec![None; nw]
        };
        let mut keys = Vec::with_capacity(nw * (SLOTS + 8) + 32);
        let mut offsets = Vec::with_capacity((nw + 2) * SLOTS + 1);
        offsets.push(0);
        for id in 0..nw + 2 {
            let miss = hits.get(id).is_none_or(|h| h.is_none());
            let (w, shape, prior) = match self.words.get(id) {
                Some(wd) => {
                    let prior = model.prior.get(wd.w);
                    if miss {
                        keys.extend([
                            key(1, &[wd.w]),
                            key(2, &[wd.s3]),
                            key(3, &[wd.s2]),
                            key(4, &[wd.shape]),
                            key(33, &[wd.p4]),
                        ]);
                        if let Some((_, st)) = wd.trigger {
                            keys.push(key(28, &[st]));
                        }
                        prior_keys(36, prior, &mut keys);
                    }
                    (wd.w, Some(wd.shape), prior)
                }
                None if id == bos_id => (bos, None, None),
                None => (eos, None, None),
            };
            offsets.push(keys.len());
            for t in NEIGHBOUR {
                if miss {
                    keys.push(key(t, &[w]));
                    // The word's prior as the left (template 5's slot) or right (8)
                    // neighbour, or as the nearest content word to the left (15) or
                    // right (16).
                    match t {
                        5 => prior_keys(37, prior, &mut keys),
                        8 => prior_keys(38, prior, &mut keys),
                        15 => prior_keys(43, prior, &mut keys),
                        16 => prior_keys(44, prior, &mut keys),
                        _ => {}
                    }
                }
                offsets.push(keys.len());
            }
            for first in [0u64, 1] {
                if let (true, Some(shape)) = (miss, shape) {
                    keys.push(key(35, &[first, shape]));
                }
                offsets.push(keys.len());
            }
            if let Some(wd) = self.words.get(id) {
                let f = u64::from(bucket(freq[wd.canon as usize]));
                keys.push(key(29, &[f]));
                keys.push(key(30, &[wd.w, f]));
            }
            offsets.push(keys.len());
        }
        // Rows of the features with few values, once per document: the bias, no trigger
        // left / right, the trigger distance buckets, inside parentheses or quotes, the
        // sentence index.
        const BIAS: usize = 0;
        const NO_LEFT: usize = 1;
        const NO_RIGHT: usize = 2;
        const LEFT_D: usize = 3;
        const RIGHT_D: usize = LEFT_D + 5;
        const INSIDE: usize = RIGHT_D + 5;
        const SENT: usize = INSIDE + 4;
        const SMALL: usize = SENT + 7;
        let base = (nw + 2) * SLOTS;
        keys.extend([key(0, &[]), key(23, &[]), key(27, &[])]);
        keys.extend((0..5).map(|d| key(21, &[d])));
        keys.extend((0..5).map(|d| key(25, &[d])));
        keys.extend((0..4).map(|x| key(34, &[x])));
        keys.extend((0..7).map(|x| key(31, &[x])));
        let at0 = *offsets.last().unwrap_or(&0);
        offsets.extend((1..=SMALL).map(|k| at0 + k));
        // Room after the rows for the pairs summed below (4 × 7 and 6 × 6).
        let (ctx, trig) = (base + SMALL, base + SMALL + 28);
        let mut rows = vec![[0i32; NT]; trig + 36];
        if kept {
            KNOWN.with(|k| {
                let known = k.borrow();
                for (id, hit) in hits.iter().enumerate() {
                    if let Some(e) = *hit {
                        let at = id * SLOTS;
                        rows[at..at + KEPT].copy_from_slice(known.rows(e));
                    }
                }
            });
        }
        table.add_many(&keys, &offsets, &mut rows);
        if kept {
            KNOWN.with(|k| {
                let mut known = k.borrow_mut();
                for (id, wd) in self.words.iter().enumerate() {
                    if let (None, Some(e)) = (hits[id], wd.kept) {
                        let at = id * SLOTS;
                        known.keep_rows(self.generation, e, &rows[at..at + KEPT]);
                    }
                }
            });
        }
        // Per token, as token_features reads them.
        let at = |i: isize| -> usize {
            if i < 0 {
                bos_id
            } else if i as usize >= n {
                eos_id
            } else {
                self.ty[i as usize] as usize
            }
        };
        let hw = |i: isize| -> u64 {
            match at(i) {
                id if id == bos_id => bos,
                id if id == eos_id => eos,
                id => self.words[id].w,
            }
        };
        let is_skip_at = |i: isize| i >= 0 && (i as usize) < n && self.word(i as usize).skip;
        let mut left_trig: Vec<Option<(usize, u64)>> = vec![None; n];
        let mut last: Option<(usize, u64)> = None;
        for (i, lt) in left_trig.iter_mut().enumerate() {
            if self.toks.sentence_start(i) {
                last = None;
            }
            *lt = last;
            if let Some((_, h)) = self.word(i).trigger {
                last = Some((i, h));
            }
        }
        let mut right_trig: Vec<Option<(usize, u64)>> = vec![None; n];
        let mut next: Option<(usize, u64)> = None;
        for i in (0..n).rev() {
            right_trig[i] = next;
            if let Some((_, h)) = self.word(i).trigger {
                next = Some((i, h));
            }
            if self.toks.sentence_start(i) {
                next = None;
            }
        }
        // Summed ahead where a token always reads them together: its word's own row, the
        // bias and either first-occurrence row (in the first-occurrence slots); the
        // inside row with the sentence-index row; the left-trigger row with the
        // right-trigger row (both appended). Integer sums: the same totals.
        let plus = |a: &[i32; NT], b: &[i32; NT]| -> [i32; NT] {
            let mut p = *a;
            for (o, &x) in p.iter_mut().zip(b) {
                *o += x;
            }
            p
        };
        let bias = rows[base + BIAS];
        for id in 0..nw + 2 {
            let o = id * SLOTS;
            let own = plus(&plus(&rows[o + OWN], &rows[o + FREQ]), &bias);
            rows[o + FIRST] = plus(&rows[o + FIRST], &own);
            rows[o + FIRST + 1] = plus(&rows[o + FIRST + 1], &own);
        }
        // Inside (4) × sentence index (7), then left (no trigger, 5 distances) × right.
        for inside in 0..4 {
            for s in 0..7 {
                rows[ctx + inside * 7 + s] =
                    plus(&rows[base + INSIDE + inside], &rows[base + SENT + s]);
            }
        }
        let side = |first: usize, none: usize, d: usize| {
            if d == 0 {
                none
            } else {
                first + d - 1
            }
        };
        for l in 0..6 {
            for r in 0..6 {
                rows[trig + l * 6 + r] = plus(
                    &rows[base + side(LEFT_D, NO_LEFT, l)],
                    &rows[base + side(RIGHT_D, NO_RIGHT, r)],
                );
            }
        }
        let mut seen = vec![false; nw];
        let mut acc = vec![[0i32; NT]; n];
        let mut keys = Vec::with_capacity(n * 12);
        let mut offsets = Vec::with_capacity(n + 1);
        offsets.push(0);
        let (mut paren, mut quote) = (false, false);
        let mut sent = 0usize;
        for i in 0..n {
            let ii = i as isize;
            let wd = self.word(i);
            let w = wd.w;
            if self.toks.sentence_start(i) && i > 0 {
                sent += 1;
            }
            match wd.text {
                "(" => paren = true,
                ")" => paren = false,
                "\"" => quote = !quote,
                _ => {}
            }
            if self.toks.sentence_start(i) {
                quote = false;
            }
            let inside = usize::from(paren) + 2 * usize::from(quote);
            let first = !std::mem::replace(&mut seen[wd.canon as usize], true);
            // Nearest content words outside the phrase, skipping determiners and numbers.
            let mut l = ii - 1;
            while is_skip_at(l) && ii - l < 6 {
                l -= 1;
            }
            let mut r = ii + 1;
            while is_skip_at(r) && r - ii < 6 {
                r += 1;
            }
            // The rows read per word and per document, summed in a local row.
            let own = self.ty[i] as usize * SLOTS;
            let mut sum = rows[own + FIRST + usize::from(first)];
            let mut add = |row: usize| {
                for (o, &x) in sum.iter_mut().zip(&rows[row]) {
                    *o += x;
                }
            };
            for (slot, d) in [-1isize, -2, -3, 1, 2, 3].into_iter().enumerate() {
                add(at(ii + d) * SLOTS + 1 + slot);
            }
            add(at(l) * SLOTS + 7);
            add(at(r) * SLOTS + 8);
            add(ctx + inside * 7 + sent.min(6));
            // The left × right trigger pair (0: none, 1 + distance bucket), and the rest,
            // looked up per token.
            let mut lr = 0;
            if let Some((p, st)) = left_trig[i] {
                let d = bucket(i - p);
                lr += 6 * (1 + d as usize);
                keys.push(key(20, &[st, u64::from(d)]));
                keys.push(key(22, &[st, w]));
            }
            if let Some((p, st)) = right_trig[i] {
                let d = bucket(p - i);
                lr += 1 + d as usize;
                keys.push(key(24, &[st, u64::from(d)]));
                keys.push(key(26, &[st, w]));
            }
            add(trig + lr);
            acc[i] = sum;
            keys.push(key(11, &[hw(ii - 1), w]));
            keys.push(key(12, &[w, hw(ii + 1)]));
            keys.push(key(13, &[hw(ii - 2), hw(ii - 1)]));
            keys.push(key(14, &[hw(ii + 1), hw(ii + 2)]));
            keys.push(key(17, &[hw(l - 1), hw(l)]));
            keys.push(key(18, &[hw(r), hw(r + 1)]));
            keys.push(key(19, &[hw(l), w]));
            keys.push(key(32, &[hw(ii - 1), hw(ii + 1)]));
            offsets.push(keys.len());
        }
        table.add_many(&keys, &offsets, &mut acc);
        acc.into_iter().map(|a| table.scaled(a)).collect()
    }
}

/// Columns of [`DocTable`]: relevance, then the incident-type classes, then the
/// per-type classifiers.
const DK: usize = 1 + 2 * NK;

/// The three document classifiers' rows side by side, so that a document feature is
/// looked up once instead of three times. Built for the compiled-in model (whose
/// tables never change); each column keeps its own table's scale, and a feature a
/// table lacks adds zero to its columns, so the scores are the same sums.
struct DocTable {
    table: Table<DK>,
    scales: [f32; 3],
}

static EMBEDDED_DOC: OnceLock<DocTable> = OnceLock::new();

impl DocTable {
    /// The merged table of `model` when it is the compiled-in model.
    fn of(model: &Model) -> Option<&'static DocTable> {
        let embedded = crate::EMBEDDED.get()?;
        std::ptr::eq(embedded, model).then(|| EMBEDDED_DOC.get_or_init(|| DocTable::new(model)))
    }

    fn new(model: &Model) -> Self {
        let mut rows: HashMap<u32, [i16; DK]> = HashMap::new();
        for (k, r) in model.relevance.rows() {
            rows.entry(k).or_insert([0; DK])[0] = r[0];
        }
        for (k, r) in model.kind.rows() {
            rows.entry(k).or_insert([0; DK])[1..1 + NK].copy_from_slice(r);
        }
        for (k, r) in model.types.rows() {
            rows.entry(k).or_insert([0; DK])[1 + NK..].copy_from_slice(r);
        }
        DocTable {
            table: Table::from_rows(rows.into_iter(), 1.0),
            scales: [model.relevance.scale, model.kind.scale, model.types.scale],
        }
    }

    /// Relevance, incident-type and per-type scores of a document's keys.
    fn scores(&self, keys: &[u32]) -> (f32, [f32; NK], [f32; NK]) {
        let mut acc = [[0i32; DK]];
        self.table.add_many(keys, &[0, keys.len()], &mut acc);
        let [acc] = acc;
        let relevance = acc[0] as f32 * self.scales[0];
        let kind = std::array::from_fn(|c| acc[1 + c] as f32 * self.scales[1]);
        let types = std::array::from_fn(|c| acc[1 + NK + c] as f32 * self.scales[2]);
        (relevance, kind, types)
    }
}

/// Templates of one word alone as a neighbour of the token: at -1, -2, -3, +1, +2, +3,
/// and the nearest content word to the left and to the right.
const NEIGHBOUR: [u64; 8] = [5, 6, 7, 8, 9, 10, 15, 16];

/// The row slots of a distinct word in [`Doc::emissions`]: its own features, its
/// neighbour templates, first occurrence (two slots), then its frequency. The first
/// [`KEPT`] do not depend on the document.
const OWN: usize = 0;
const FIRST: usize = 1 + NEIGHBOUR.len();
const KEPT: usize = FIRST + 2;
const FREQ: usize = KEPT;
const SLOTS: usize = FREQ + 1;

/// Distinct words a thread keeps ([`Known`]); the store is emptied when a document
/// could take it past this (about 150 bytes a word, and `KEPT` rows of 44 bytes for
/// the compiled-in model: about 20 MB).
const KEEP_LIMIT: usize = 1 << 15;

thread_local! {
    static KNOWN: std::cell::RefCell<Known> = std::cell::RefCell::new(Known::default());
}

/// A thread's store of the words it has read, from one document to the next: what the
/// features read of each ([`Word`], which depends on the text alone), and, once a
/// document has been read with the compiled-in model, the word's document-independent
/// emission rows (the first [`KEPT`] slots of [`Doc::emissions`]). A word met before
/// costs a copy instead of its hashes and some 20 table lookups. Words are known by
/// hash and checked by text, so a hash shared by two words never lends one the other's
/// entry.
#[derive(Default)]
struct Known {
    index: WordMap<u32>,
    /// The words' texts, end to end, and where each ends.
    text: String,
    ends: Vec<usize>,
    /// Each word's [`Word`] (its `text` empty, `canon` 0).
    words: Vec<Word<'static>>,
    /// `KEPT` rows per word; `has_rows` tells which are filled.
    rows: Vec<[i32; NT]>,
    has_rows: Vec<bool>,
    /// Raised each time the store is emptied: a document's entries are those of the
    /// generation it was read in.
    generation: u64,
}

impl Known {
    /// Empties the store when `n` more words could take it past its limit.
    fn make_room(&mut self, n: usize) {
        if self.ends.len() + n > KEEP_LIMIT {
            let generation = self.generation + 1;
            *self = Known {
                generation,
                ..Known::default()
            };
        }
    }

    /// The word of `text` (hash `w`) as [`Word::new`] makes it, from the store when
    /// the word is there, else made and stored.
    fn word<'a>(&mut self, text: &'a str, w: u64, canon: u32) -> Word<'a> {
        if let Some(&e) = self.index.get(&w) {
            if self.text_of(e) == text {
                return Word {
                    text,
                    canon,
                    kept: Some(e),
                    ..self.words[e as usize]
                };
            }
            // Another word under the same hash: made, not stored.
            return Word::new(text, w, canon);
        }
        let mut word = Word::new(text, w, canon);
        if self.ends.len() < KEEP_LIMIT {
            let e = self.ends.len() as u32;
            self.index.insert(w, e);
            self.text.push_str(text);
            self.ends.push(self.text.len());
            self.words.push(Word {
                text: "",
                canon: 0,
                kept: None,
                ..word
            });
            self.rows.extend_from_slice(&[[0; NT]; KEPT]);
            self.has_rows.push(false);
            word.kept = Some(e);
        }
        word
    }

    fn text_of(&self, e: u32) -> &str {
        let e = e as usize;
        let start = if e == 0 { 0 } else { self.ends[e - 1] };
        self.text.get(start..self.ends[e]).unwrap_or("")
    }

    /// The entry of each of the document's distinct words whose rows are kept.
    fn with_rows(&self, doc: &Doc<'_>) -> Vec<Option<u32>> {
        doc.words
            .iter()
            .map(|wd| {
                wd.kept
                    .filter(|&e| doc.generation == self.generation && self.has_rows[e as usize])
            })
            .collect()
    }

    fn rows(&self, e: u32) -> &[[i32; NT]] {
        let at = e as usize * KEPT;
        &self.rows[at..at + KEPT]
    }

    /// Keeps the rows of entry `e` (of `generation`).
    fn keep_rows(&mut self, generation: u64, e: u32, rows: &[[i32; NT]]) {
        let e = e as usize;
        if generation != self.generation || e >= self.has_rows.len() || rows.len() != KEPT {
            return;
        }
        self.rows[e * KEPT..(e + 1) * KEPT].copy_from_slice(rows);
        self.has_rows[e] = true;
    }
}

/// The raw reading of `text`; the tagger runs only when the relevance score reaches
/// `gate`.
pub(crate) fn read(model: &Model, text: &str, gate: f32) -> Raw {
    let toks = Lowered::new(text);
    let doc = Doc::new(&toks);
    let keys = doc.doc_keys();
    let (relevance, mut kind, mut types) = match DocTable::of(model) {
        Some(t) => t.scores(&keys),
        None => {
            let whole = [0, keys.len()];
            (
                model.relevance.score_many(&keys, &whole)[0][0],
                model.kind.score_many(&keys, &whole)[0],
                model.types.score_many(&keys, &whole)[0],
            )
        }
    };
    let (near, shares) = doc.knn_scores(model);
    let relevance = relevance + near;
    if let Some(sh) = shares {
        model.knn.add_type_shares(&sh, &mut kind, &mut types);
    }
    let kind = argmax(&kind);
    let cues = (0..toks.len())
        .filter_map(|i| doc.word(i).cue.map(|k| (toks.bounds(i).0, k)))
        .collect();
    let sents = doc.sentences();
    let sentence_starts = sents.iter().map(|&(s, _)| toks.bounds(s).0).collect();
    let mut spans = Vec::new();
    if relevance < gate {
        return Raw {
            spans,
            relevance,
            kind,
            types,
            cues,
            sentence_starts,
        };
    }
    let mut em = doc.emissions(model);
    if !model.stack.is_empty() {
        let words: Vec<u64> = (0..toks.len()).map(|i| doc.word(i).w).collect();
        let content: Vec<bool> = (0..toks.len())
            .map(|i| {
                let w = doc.word(i);
                !w.skip && !w.punct
            })
            .collect();
        model.second_pass(&mut em, &words, &content, &sents);
    }
    crate::bias_rows(&mut em, &model.params);
    for &(s, e) in &sents {
        crate::decode_sentence(
            &em[s..e],
            &model.transitions,
            &model.params,
            s,
            |k| toks.bounds(k),
            &mut spans,
        );
    }
    Raw {
        spans,
        relevance,
        kind,
        types,
        cues,
        sentence_starts,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::{doc_features, token_features};
    use crate::token::tokenize;

    const TEXTS: &[&str] = &[
        "Gunmen KILLED the mayor of Lima.  Police said the attack (the third this year) \
         was carried out by \"urban commandos\" of the Shining Path; two guards were \
         wounded and a car bomb exploded near the embassy.",
        "the rebels dynamited two power pylons in usulutan. no one was hurt.\n\nthe army \
         blamed the fmln. the fmln denied it: \"we did not attack\", its radio said.",
        "",
        "Σ ΟΔΟΣ burned; ÅSA's café was set on fire by 3 men, kidnappers seized 12 hostages.",
        "a a a a the the the , , , 1 2 3 killed killed kidnapped",
    ];

    #[test]
    fn a_word_has_the_event_word_of_doc() {
        for w in [
            "killed",
            "robbed",
            "fire",
            "fires",
            "gunfire",
            "blew",
            "blown",
            "shot",
            "strike",
            "kidnappers",
            "explosion",
            "talks",
            "",
            "(",
        ] {
            assert_eq!(
                Word::new(w, wh(w), 0).event,
                crate::doc::event_word(w),
                "{w}"
            );
        }
        assert_eq!(Word::new("robbed", 0, 0).event, Some("robbery"));
        assert_eq!(Word::new("fires", 0, 0).event, Some("fire"));
        assert_eq!(Word::new("talks", 0, 0).event, None);
    }

    #[test]
    fn same_keys_and_scores_as_the_reference_features() {
        let model = crate::embedded();
        // Twice: the second time every word, and its document-independent rows, come
        // from the thread's store (`Known`), filled the first time.
        for text in TEXTS.iter().chain(TEXTS) {
            let tokens = tokenize(text);
            let toks = Lowered::new(text);
            assert_eq!(toks.len(), tokens.len());
            for (i, t) in tokens.iter().enumerate() {
                assert_eq!(toks.lower(i), t.lower);
                assert_eq!(toks.bounds(i), (t.start, t.end));
                assert_eq!(toks.sentence_start(i), t.sentence_start);
            }
            let doc = Doc::new(&toks);
            assert_eq!(doc.doc_keys(), doc_features(&tokens));
            let feats = token_features(&tokens, &model.prior);
            let reference = model.emissions.score_many(&feats.keys, &feats.offsets);
            assert_eq!(doc.emissions(model), reference);
        }
    }

    #[test]
    fn known_words_are_checked_by_text_and_emptied_at_the_limit() {
        let mut known = Known::default();
        let fields = |w: &Word<'_>| {
            format!(
                "{} {} {} {} {} {} {} {:?} {} {:?} {:?} {} {} {} {} {}",
                w.text,
                w.w,
                w.s3,
                w.s2,
                w.p4,
                w.shape,
                w.punct,
                w.trigger,
                w.skip,
                w.cue,
                w.event,
                w.k101,
                w.k103,
                w.f102.key(),
                w.f104.key(),
                w.canon
            )
        };
        let bomb = known.word("bombed", wh("bombed"), 3);
        assert_eq!(bomb.kept, Some(0));
        assert_eq!(fields(&bomb), fields(&Word::new("bombed", wh("bombed"), 3)));
        // Met again, from the store: the same word.
        let again = known.word("bombed", wh("bombed"), 7);
        assert_eq!(again.kept, Some(0));
        assert_eq!(
            fields(&again),
            fields(&Word::new("bombed", wh("bombed"), 7))
        );
        // Another word under the same hash is made, not given the stored entry.
        let other = known.word("mayor", wh("bombed"), 1);
        assert_eq!(other.kept, None);
        assert_eq!(fields(&other), fields(&Word::new("mayor", wh("bombed"), 1)));
        assert_eq!(known.ends.len(), 1);
        // Rows are kept for the generation they were read in only.
        let rows = [[5i32; NT]; KEPT];
        known.keep_rows(known.generation + 1, 0, &rows);
        assert!(!known.has_rows[0]);
        known.keep_rows(known.generation, 0, &rows);
        assert_eq!(known.rows(0), &rows[..]);
        // A document that could take the store past its limit empties it first, and
        // its older entries no longer count.
        let old = known.generation;
        known.make_room(KEEP_LIMIT);
        assert_eq!(known.generation, old + 1);
        assert!(known.ends.is_empty() && known.rows.is_empty() && known.text.is_empty());
        let toks = Lowered::new("bombed");
        let doc = Doc {
            toks: &toks,
            words: vec![bomb],
            ty: vec![0],
            generation: old,
        };
        assert_eq!(known.with_rows(&doc), [None]);
    }

    #[test]
    fn merged_document_table_scores_as_the_three_tables() {
        let model = crate::embedded();
        let merged = DocTable::of(model).expect("the compiled-in model");
        assert!(DocTable::of(&model.clone()).is_none());
        for text in TEXTS {
            let keys = doc_features(&tokenize(text));
            let whole = [0, keys.len()];
            assert_eq!(
                merged.scores(&keys),
                (
                    model.relevance.score_many(&keys, &whole)[0][0],
                    model.kind.score_many(&keys, &whole)[0],
                    model.types.score_many(&keys, &whole)[0],
                )
            );
        }
    }

    #[test]
    fn same_raw_reading_as_the_reference_path() {
        let model = crate::embedded();
        for text in TEXTS {
            let fast = read(model, text, f32::NEG_INFINITY);
            let reference = model.raw_tokens(&tokenize(text));
            assert_eq!(format!("{fast:?}"), format!("{reference:?}"));
        }
        // With a second pass (a small made-up table over the stacked keys): the same
        // reading by both paths, and not the first pass's.
        let mut stacked = model.clone();
        let mut b = [0f32; NT];
        b[1] = 3.0;
        b[0] = -1.0;
        let mut c = [0f32; NT];
        c[5] = 2.0;
        stacked.stack = Table::quantise(
            [
                (key(78, &[]), b),
                (key(76, &[0, 5]), c),
                (key(72, &[0]), [0.5; NT]),
            ]
            .into_iter(),
        );
        stacked.stack_unit = 30.0;
        stacked.stack_step = 20.0;
        let mut changed = false;
        for text in TEXTS {
            let fast = read(&stacked, text, f32::NEG_INFINITY);
            let reference = stacked.raw_tokens(&tokenize(text));
            assert_eq!(format!("{fast:?}"), format!("{reference:?}"));
            changed |= fast.spans != read(model, text, f32::NEG_INFINITY).spans;
        }
        assert!(changed);
        // With a nearest-messages store (the texts themselves, the first relevant):
        // the same relevance by both paths, the first text's raised by the weight.
        let mut near = model.clone();
        let docs: Vec<(Vec<u32>, bool)> = TEXTS
            .iter()
            .enumerate()
            .map(|(i, text)| (crate::knn::token_term_keys(&tokenize(text)), i == 0))
            .collect();
        near.knn = crate::knn::Knn::fit(&docs, 1, 2.0);
        // The reference scores without any store (the compiled-in model has its own).
        let mut bare = model.clone();
        bare.knn = crate::knn::Knn::default();
        for (i, text) in TEXTS.iter().enumerate() {
            let fast = read(&near, text, f32::NEG_INFINITY);
            let reference = near.raw_tokens(&tokenize(text));
            assert_eq!(format!("{fast:?}"), format!("{reference:?}"));
            let plain = read(&bare, text, f32::NEG_INFINITY).relevance;
            let want = if i == 0 { plain + 2.0 } else { plain };
            assert_eq!(fast.relevance, want, "{text}");
        }
        let back = Model::from_bytes(&near.to_bytes()).expect("round trip");
        assert_eq!(back.knn, near.knn);
        // With the neighbours' incident types (the first text, the only relevant one, a
        // bombing): both paths add the same shares; the first text's neighbour is
        // itself.
        near.knn.set_types(
            (0..TEXTS.len()).map(|i| u8::from(i == 0) << 1).collect(),
            3.0,
            5.0,
        );
        for (i, text) in TEXTS.iter().enumerate() {
            let fast = read(&near, text, f32::NEG_INFINITY);
            let reference = near.raw_tokens(&tokenize(text));
            assert_eq!(format!("{fast:?}"), format!("{reference:?}"));
            let sh = near.knn.type_shares(&docs[i].0, |_| false);
            if i == 0 {
                assert_eq!(sh, [0.0, 1.0, 0.0, 0.0, 0.0, 0.0]);
            }
            let plain = read(&bare, text, f32::NEG_INFINITY);
            let want: [f32; NK] = std::array::from_fn(|t| plain.types[t] + 5.0 * sh[t]);
            assert_eq!(fast.types, want, "{text}");
        }
        let bytes = near.to_bytes();
        let back = Model::from_bytes(&bytes).expect("round trip");
        assert_eq!(back.knn, near.knn);
        assert!(back.knn.has_types());
        // Without the store, a type section is refused.
        let mut extra = bare.to_bytes();
        extra.extend_from_slice(&5u32.to_le_bytes());
        extra.extend_from_slice(&[0; 8]);
        assert!(Model::from_bytes(&extra).is_err());
        // Under the gate: no spans, the rest read.
        let gated = read(model, TEXTS[0], f32::INFINITY);
        assert!(gated.spans.is_empty());
        assert_eq!(
            gated.relevance,
            read(model, TEXTS[0], f32::NEG_INFINITY).relevance
        );
    }
}
