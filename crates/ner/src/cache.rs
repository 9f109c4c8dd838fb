//! The tagger's per-thread word cache. Most features read one token only (its word,
//! affixes and shapes, seen from the positions up to two before and after it), so their
//! weight rows are summed once per word type and model into one score vector per
//! offset; a position's emission scores are then five vector sums plus the rows of its
//! few context features (bigrams, shape and case windows, document flags). Integer sums
//! in another order: the scores, and so the tags, are exactly those of
//! [`Model::tag_reference`]. (A word type is known by a 47-bit tag of a 64-bit hash of its
//! bytes and length, not by its bytes, which keeps the index at 8 bytes a slot: two words
//! would share an entry only if their tags met, odds of about 10^-14 per lookup.)

use std::cell::RefCell;

use crate::features::{
    edge_features, local_case_features, mix, split_context_features, token_features,
    window_case_feature, ContextToken, DocFlags, TokenHashes, CASE_LOCAL, CASE_WINDOW,
    MAX_FEATURES, OFFSETS, SPLIT_HASHED,
};
use crate::{entities_of, for_each_token, prefetch, viterbi, Entity, Model, AHEAD, NTAGS};

/// Word types kept per thread and case mode; the cache is emptied when a document would
/// take it past this (about 25 MB; a news corpus of 1.6 M tokens fills it twice).
pub(crate) const LIMIT: usize = 1 << 16;

/// A fast hash of a word's bytes, eight at a time.
#[inline]
fn word_hash(bytes: &[u8]) -> u64 {
    let mut h = 0x2545_F491_4F6C_DD1D ^ bytes.len() as u64;
    for chunk in bytes.chunks(8) {
        let mut b = [0u8; 8];
        b[..chunk.len()].copy_from_slice(chunk);
        h = mix(h, u64::from_le_bytes(b));
    }
    h
}

/// The weight rows that are not all zero (under half of them), packed, and per block
/// of 64 rows which of them are there and how many packed rows come before the block:
/// a feature whose row is zero (most unseen ones) costs one read of a 64 KB table that
/// stays near the processor, and the rows read fit in half the memory.
#[derive(Debug, Clone)]
pub(crate) struct Packed {
    blocks: Vec<Block>,
    /// The non-zero rows, `NTAGS` weights each, in row order.
    rows: Vec<i16>,
}

/// 64 rows of the table: a bit per non-zero row, and the packed rows before them.
#[derive(Debug, Clone, Copy, Default)]
#[repr(C, align(16))]
struct Block {
    present: u64,
    before: u32,
}

impl Packed {
    pub(crate) fn new(weights: &[i16]) -> Self {
        let nrows = weights.len() / NTAGS;
        let mut blocks = vec![Block::default(); nrows.div_ceil(64)];
        let mut rows = Vec::new();
        for (r, row) in weights.chunks_exact(NTAGS).enumerate() {
            let b = &mut blocks[r / 64];
            if r % 64 == 0 {
                b.before = (rows.len() / NTAGS) as u32;
            }
            if row.iter().any(|&w| w != 0) {
                b.present |= 1 << (r % 64);
                rows.extend_from_slice(row);
            }
        }
        Self { blocks, rows }
    }

    /// Where row `r` starts in `rows`, or None when it is all zero.
    #[inline(always)]
    fn at(&self, r: usize) -> Option<usize> {
        let b = self.blocks.get(r / 64)?;
        let bit = 1u64 << (r % 64);
        if b.present & bit == 0 {
            return None;
        }
        Some((b.before as usize + (b.present & (bit - 1)).count_ones() as usize) * NTAGS)
    }

    /// Where row `r` would start in `rows`, and whether it is there (not all zero),
    /// with no branch on the latter.
    #[inline(always)]
    fn locate(&self, r: usize) -> (usize, bool) {
        let b = self.blocks.get(r / 64).copied().unwrap_or_default();
        let below = b.present & ((1u64 << (r % 64)) - 1);
        let at = (b.before as usize + below.count_ones() as usize) * NTAGS;
        (at, (b.present >> (r % 64)) & 1 == 1)
    }

    #[inline(always)]
    fn row(&self, at: usize) -> Option<&[i16; NTAGS]> {
        self.rows
            .get(at..at + NTAGS)
            .and_then(|w| <&[i16; NTAGS]>::try_from(w).ok())
    }
}

/// The weight rows of the features that read only the case classes around a position
/// (and its sentence position and document flags), per combination of those: a few
/// thousand, so they are looked up by number instead of hashed
/// ([`split_context_features`]).
#[derive(Debug, Clone)]
pub(crate) struct CaseTables {
    /// Per combination of [`local_case_features`], the sum of its three rows.
    local: Vec<[i32; NTAGS]>,
    /// Per combination of [`window_case_feature`], its row.
    window: Vec<[i16; NTAGS]>,
}

impl CaseTables {
    fn new(model: &Model) -> Self {
        let local = (0..CASE_LOCAL)
            .map(|c| {
                let mut acc = [0i32; NTAGS];
                local_case_features(c, |h| {
                    if let Some(w) = model.row(h) {
                        add(&mut acc, w);
                    }
                });
                acc
            })
            .collect();
        let window = (0..CASE_WINDOW)
            .map(|c| {
                model
                    .row(window_case_feature(c))
                    .copied()
                    .unwrap_or([0; NTAGS])
            })
            .collect();
        Self { local, window }
    }
}

/// Bits of an index slot that hold the entry number + 1 (room for [`LIMIT`] + 1).
const ID_BITS: u32 = LIMIT.trailing_zeros() + 1;
const ID_MASK: u64 = (1 << ID_BITS) - 1;

/// Slots of the word index (a power of two, twice [`LIMIT`]).
const SLOTS: usize = 2 * LIMIT;

/// Per word type and offset, the summed rows of its token features.
type Sums = [[i32; NTAGS]; OFFSETS.len()];

/// One thread's cache for one case mode, and the scratch buffers of a call.
struct WordCache {
    /// The model the sums are of (0: none yet).
    model: u64,
    /// Open addressing, one `u64` a slot: the word's hash above [`ID_BITS`], its entry + 1
    /// below (0 = empty).
    index: Vec<u64>,
    /// Per entry: what the context features read of it (not `initial`, which is per
    /// position).
    hashes: Vec<ContextToken>,
    sums: Vec<Sums>,
    /// Per offset, the summed rows of the edge features (no token there).
    edges: Sums,
    ids: Vec<u32>,
    /// Per position: its word's [`word_hash`] and whether it starts a sentence.
    words: Vec<(u64, bool)>,
    toks: Vec<ContextToken>,
    doc: DocFlags,
    /// Per position, the offsets in `Packed::rows` of its context features' non-zero
    /// rows, from `starts[i]` to `starts[i + 1]`.
    rows: Vec<u32>,
    starts: Vec<u32>,
    /// Per position (cased text only), its case-class combinations ([`CaseTables`]).
    combos: Vec<(usize, usize)>,
    em: Vec<i32>,
    back: Vec<u8>,
    tags: Vec<usize>,
}

impl Default for WordCache {
    fn default() -> Self {
        Self {
            model: 0,
            index: Vec::new(),
            hashes: Vec::new(),
            sums: Vec::new(),
            edges: [[0; NTAGS]; OFFSETS.len()],
            ids: Vec::new(),
            words: Vec::new(),
            toks: Vec::new(),
            doc: DocFlags::new::<ContextToken>(&[]),
            rows: Vec::new(),
            starts: Vec::new(),
            combos: Vec::new(),
            em: Vec::new(),
            back: Vec::new(),
            tags: Vec::new(),
        }
    }
}

fn add(acc: &mut [i32; NTAGS], w: &[i16; NTAGS]) {
    for (a, &x) in acc.iter_mut().zip(w) {
        *a += i32::from(x);
    }
}

impl WordCache {
    fn reset(&mut self, model: &Model, cased: bool) {
        self.model = model.id;
        self.index.clear();
        self.index.resize(SLOTS, 0);
        self.hashes.clear();
        self.sums.clear();
        // Room for every entry at once, so that the 20 MB of sums are never copied to
        // grow (the memory is only taken as entries are written).
        self.hashes.reserve(LIMIT);
        self.sums.reserve(LIMIT);
        self.edges = [[0; NTAGS]; OFFSETS.len()];
        for (k, acc) in self.edges.iter_mut().enumerate() {
            edge_features(k, cased, |h| {
                if let Some(w) = model.row(h) {
                    add(acc, w);
                }
            });
        }
    }

    /// The entry of `word`, whose [`word_hash`] is `h`, made on first sight.
    #[inline]
    fn entry(&mut self, model: &Model, word: &str, h: u64, cased: bool) -> u32 {
        let tag = h & !ID_MASK;
        let mut slot = (h as usize) & (SLOTS - 1);
        while let Some(&key) = self.index.get(slot) {
            if key == 0 {
                break;
            }
            if key & !ID_MASK == tag {
                return (key & ID_MASK) as u32 - 1;
            }
            slot = (slot + 1) & (SLOTS - 1);
        }
        self.make_entry(model, word, slot, tag, cased)
    }

    /// A new entry for `word` in the free index `slot`: its token features' rows read
    /// from the packed table, all asked for before any is summed.
    #[cold]
    #[inline(never)]
    fn make_entry(&mut self, model: &Model, word: &str, slot: usize, tag: u64, cased: bool) -> u32 {
        let mut hashes = TokenHashes::new(word, false);
        hashes.cluster = model.clusters.path(hashes.word);
        let shift = 64 - model.bits;
        let packed = model.packed.get_or_init(|| Packed::new(&model.weights));
        let mut rows = [(0u8, 0u32); MAX_FEATURES];
        let mut nrows = 0usize;
        token_features(&hashes, cased, |k, h| {
            if let Some(at) = packed.at((h >> shift) as usize) {
                prefetch(&packed.rows, at);
                if let Some(r) = rows.get_mut(nrows) {
                    *r = (k as u8, at as u32);
                    nrows += 1;
                }
            }
        });
        let mut sums = [[0i32; NTAGS]; OFFSETS.len()];
        for &(k, at) in &rows[..nrows] {
            if let (Some(acc), Some(w)) = (sums.get_mut(usize::from(k)), packed.row(at as usize)) {
                add(acc, w);
            }
        }
        let id = self.hashes.len() as u32;
        self.hashes.push(ContextToken::from(&hashes));
        self.sums.push(sums);
        if let Some(s) = self.index.get_mut(slot) {
            *s = tag | (u64::from(id) + 1);
        }
        id
    }

    fn tag(
        &mut self,
        model: &Model,
        text: &str,
        tokens: &[(usize, usize)],
        cased: bool,
    ) -> Vec<Entity> {
        self.emissions(model, text, tokens, cased);
        viterbi(
            &self.em,
            &model.trans,
            tokens.len(),
            &mut self.back,
            &mut self.tags,
        );
        entities_of(&self.tags)
    }

    /// Fills `self.em` with the emission scores of `tokens`: compiled for AVX2 too, and
    /// run so where the processor has it (wider vector sums; the same integers).
    fn emissions(&mut self, model: &Model, text: &str, tokens: &[(usize, usize)], cased: bool) {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the processor has AVX2.
            unsafe { self.emissions_avx2(model, text, tokens, cased) };
            return;
        }
        self.emissions_with(model, text, tokens, cased);
    }

    /// [`WordCache::emissions_with`] compiled for AVX2.
    ///
    /// # Safety
    /// The processor must have AVX2.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    unsafe fn emissions_avx2(
        &mut self,
        model: &Model,
        text: &str,
        tokens: &[(usize, usize)],
        cased: bool,
    ) {
        self.emissions_with(model, text, tokens, cased);
    }

    /// [`WordCache::emissions`], for either target.
    #[inline(always)]
    fn emissions_with(
        &mut self,
        model: &Model,
        text: &str,
        tokens: &[(usize, usize)],
        cased: bool,
    ) {
        // The index stays at most half full.
        if self.model != model.id || self.hashes.len() + tokens.len() > LIMIT {
            self.reset(model, cased);
        }
        let n = tokens.len();
        let mut ids = std::mem::take(&mut self.ids);
        let mut toks = std::mem::take(&mut self.toks);
        let mut words = std::mem::take(&mut self.words);
        ids.clear();
        toks.clear();
        words.clear();
        // The words' hashes and sentence positions first, then their entries, each
        // index slot asked for a few tokens ahead (the index is larger than the
        // processor's nearer caches), then what the context features read of them.
        for_each_token(text, tokens, |word, initial| {
            words.push((word_hash(word.as_bytes()), initial));
        });
        for (i, &(h, _)) in words.iter().enumerate() {
            if let Some(&(ahead, _)) = words.get(i + LOOKUP_AHEAD) {
                prefetch_slot(&self.index, ahead);
            }
            let word = tokens
                .get(i)
                .and_then(|&(s, e)| text.get(s..e))
                .unwrap_or("");
            let id = self.entry(model, word, h, cased);
            prefetch_hashes(&self.hashes, id as usize);
            ids.push(id);
        }
        for (&id, &(_, initial)) in ids.iter().zip(&words) {
            let mut t = self.hashes[id as usize];
            t.initial = initial;
            toks.push(t);
        }
        if cased {
            self.doc.fill(&toks);
        }
        let doc = cased.then_some(&self.doc);
        // The context features' rows of every position first, then the sums.
        let shift = 64 - model.bits;
        let packed = model.packed.get_or_init(|| Packed::new(&model.weights));
        let tables = if cased {
            Some(model.case_tables.get_or_init(|| CaseTables::new(model)))
        } else {
            None
        };
        let mut feats = [0u64; MAX_FEATURES];
        self.rows.clear();
        // Room for every feature, so that rows are written in place.
        self.rows.resize(n * SPLIT_HASHED, 0);
        self.starts.clear();
        self.combos.clear();
        let mut len = 0usize;
        for i in 0..n {
            self.starts.push(len as u32);
            let (nf, combo) = split_context_features(&toks, doc, i, &mut feats);
            if let Some(c) = combo {
                self.combos.push(c);
            }
            // Zero rows add nothing: only the others are kept, with no branch on
            // whether a row is there (it would be mispredicted half the time, each
            // time waiting for the table read).
            for &f in &feats[..nf.min(SPLIT_HASHED)] {
                let (at, there) = packed.locate((f >> shift) as usize);
                if let Some(slot) = self.rows.get_mut(len) {
                    *slot = at as u32;
                }
                len += usize::from(there);
            }
        }
        self.rows.truncate(len);
        self.starts.push(len as u32);
        self.em.clear();
        self.em.reserve(n * NTAGS);
        let span_of = |i: usize| self.starts[i] as usize..self.starts[i + 1] as usize;
        for i in 0..n {
            if i + AHEAD < n {
                for &at in &self.rows[span_of(i + AHEAD)] {
                    prefetch(&packed.rows, at as usize);
                }
                // The token that comes into the window then.
                if let Some(&id) = ids.get(i + AHEAD + 2) {
                    prefetch_sums(&self.sums, id as usize);
                }
            }
            let mut acc = [0i32; NTAGS];
            for (k, &d) in OFFSETS.iter().enumerate() {
                let sums = usize::try_from(i as isize + d)
                    .ok()
                    .and_then(|j| ids.get(j))
                    .and_then(|&id| self.sums.get(id as usize))
                    .map_or(&self.edges[k], |s| &s[k]);
                for (a, &s) in acc.iter_mut().zip(sums) {
                    *a += s;
                }
            }
            for &at in &self.rows[span_of(i)] {
                if let Some(w) = packed.row(at as usize) {
                    add(&mut acc, w);
                }
            }
            if let (Some(t), Some(&(local, window))) = (tables, self.combos.get(i)) {
                if let Some(l) = t.local.get(local) {
                    for (a, &x) in acc.iter_mut().zip(l) {
                        *a += x;
                    }
                }
                if let Some(w) = t.window.get(window) {
                    add(&mut acc, w);
                }
            }
            self.em.extend_from_slice(&acc);
        }
        self.ids = ids;
        self.toks = toks;
        self.words = words;
    }
}

/// Tokens ahead whose index slot is fetched while one is looked up.
const LOOKUP_AHEAD: usize = 8;

/// Asks the processor to bring the index slot of word hash `h` into the cache (a hint).
#[inline(always)]
fn prefetch_slot(index: &[u64], h: u64) {
    #[cfg(target_arch = "x86_64")]
    if let Some(s) = index.get((h as usize) & (SLOTS - 1)) {
        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        // SAFETY: a prefetch is only a hint and never faults; the address is a slot.
        unsafe { _mm_prefetch::<_MM_HINT_T0>(std::ptr::from_ref(s).cast::<i8>()) };
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = (index, h);
}

/// Asks the processor to bring entry `id` of `hashes` into the cache (a hint).
#[inline(always)]
fn prefetch_hashes(hashes: &[ContextToken], id: usize) {
    #[cfg(target_arch = "x86_64")]
    if let Some(t) = hashes.get(id) {
        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        // SAFETY: a prefetch is only a hint and never faults; the address is an entry.
        unsafe { _mm_prefetch::<_MM_HINT_T0>(std::ptr::from_ref(t).cast::<i8>()) };
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = (hashes, id);
}

/// Asks the processor to bring the sums of entry `id` into the cache (a hint).
#[inline(always)]
fn prefetch_sums(sums: &[Sums], id: usize) {
    #[cfg(target_arch = "x86_64")]
    if let Some(s) = sums.get(id) {
        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        let p = s.as_ptr().cast::<i8>();
        for line in 0..std::mem::size_of::<Sums>().div_ceil(64) {
            // SAFETY: a prefetch is only a hint and never faults; the addresses are
            // inside (or at most one line past) the entry.
            unsafe { _mm_prefetch::<_MM_HINT_T0>(p.wrapping_add(64 * line)) };
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = (sums, id);
}

thread_local! {
    /// Per thread: the cache for case-free text, then for cased text.
    static CACHES: RefCell<[WordCache; 2]> = RefCell::default();
}

/// [`Model::tag`].
pub(crate) fn tag(
    model: &Model,
    text: &str,
    tokens: &[(usize, usize)],
    cased: bool,
) -> Vec<Entity> {
    // A document of more tokens than the cache holds would overfill its index (and the
    // entry numbers' bits): the plain path reads it.
    if tokens.len() > LIMIT {
        return model.tag_reference_unharmonised(text, tokens, cased);
    }
    CACHES
        .try_with(|c| match c.try_borrow_mut() {
            Ok(mut c) => c[usize::from(cased)].tag(model, text, tokens, cased),
            Err(_) => model.tag_reference_unharmonised(text, tokens, cased),
        })
        .unwrap_or_else(|_| model.tag_reference_unharmonised(text, tokens, cased))
}

/// The emission scores [`tag`] decodes (for the tests).
#[cfg(test)]
pub(crate) fn emissions(
    model: &Model,
    text: &str,
    tokens: &[(usize, usize)],
    cased: bool,
) -> Vec<i32> {
    CACHES.with(|c| {
        let mut c = c.borrow_mut();
        let cache = &mut c[usize::from(cased)];
        cache.emissions(model, text, tokens, cased);
        cache.em.clone()
    })
}
