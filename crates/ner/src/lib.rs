//! A named-entity tagger: PER, ORG, LOC and MISC spans over the tokens of a text.
//!
//! The model is a linear-chain averaged structured perceptron (Collins 2002) over hashed
//! features (`features`), with BILOU tags decoded by Viterbi under the BILOU
//! constraints. Weights are quantised to `i16` and the shipped model (`model/ner.bin`,
//! rebuilt by `newsfuse train ner`, see docs/ner.md) is compiled in.
//!
//! One model serves mixed-, lower- and upper-case text: the case features are a separate
//! block that is switched off when the caller says the text has no usable case, and
//! training sees every document both with and without them.
//!
//! The tagger is tokenizer-agnostic: the caller gives byte ranges of tokens.

pub mod clusters;
pub mod features;
pub mod train;

mod cache;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::LazyLock;

use clusters::Clusters;
use features::{position_features, DocFlags, TokenHashes, MAX_FEATURES};

/// Entity types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityType {
    /// A person.
    Per,
    /// An organisation.
    Org,
    /// A place.
    Loc,
    /// Anything else named (nationalities, events, works, ...).
    Misc,
}

impl EntityType {
    /// All types, in tag order.
    pub const ALL: [EntityType; 4] = [Self::Per, Self::Org, Self::Loc, Self::Misc];

    /// The CoNLL name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Per => "PER",
            Self::Org => "ORG",
            Self::Loc => "LOC",
            Self::Misc => "MISC",
        }
    }

    /// From the CoNLL name.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == s)
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// Number of tags: O, then B, I, L, U for each type.
pub const NTAGS: usize = 1 + 4 * 4;

/// Tag number of `O`.
pub const TAG_O: usize = 0;

/// Parts of a BILOU tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// Begin.
    B = 0,
    /// Inside.
    I = 1,
    /// Last.
    L = 2,
    /// Unit.
    U = 3,
}

/// Tag number of a part of a type.
pub fn tag(ty: EntityType, part: Part) -> usize {
    1 + ty.index() * 4 + part as usize
}

/// The type and part of a tag (None for O).
pub fn untag(t: usize) -> Option<(EntityType, usize)> {
    if t == TAG_O || t >= NTAGS {
        return None;
    }
    Some((EntityType::ALL[(t - 1) / 4], (t - 1) % 4))
}

/// Whether tag `b` may follow tag `a` (`a == NTAGS` is the start).
pub fn allowed(a: usize, b: usize) -> bool {
    let open = |t: usize| untag(t).is_some_and(|(_, p)| p == 0 || p == 1);
    match (open(a), untag(b)) {
        (true, Some((tb, pb))) => (pb == 1 || pb == 2) && untag(a).is_some_and(|(ta, _)| ta == tb),
        (true, None) => false,
        (false, Some((_, pb))) => pb == 0 || pb == 3,
        (false, None) => true,
    }
}

/// Whether a sequence may end on `t`.
pub fn may_end(t: usize) -> bool {
    untag(t).is_none_or(|(_, p)| p == 2 || p == 3)
}

/// An entity: tokens `start..end` (token indices) of one type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entity {
    /// First token.
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    /// Type.
    pub ty: EntityType,
}

/// Entities of a valid tag sequence.
pub fn entities_of(tags: &[usize]) -> Vec<Entity> {
    let mut out = Vec::new();
    let mut open: Option<(usize, EntityType)> = None;
    for (i, &t) in tags.iter().enumerate() {
        match untag(t) {
            Some((ty, 3)) => {
                out.push(Entity {
                    start: i,
                    end: i + 1,
                    ty,
                });
                open = None;
            }
            Some((ty, 0)) => open = Some((i, ty)),
            Some((ty, 2)) => {
                if let Some((s, oty)) = open.take() {
                    if oty == ty {
                        out.push(Entity {
                            start: s,
                            end: i + 1,
                            ty,
                        });
                    }
                }
            }
            Some(_) => {}
            None => open = None,
        }
    }
    out
}

/// BILOU tags of `n` tokens with these entities (which must not overlap).
pub fn tags_of(n: usize, entities: &[Entity]) -> Vec<usize> {
    let mut tags = vec![TAG_O; n];
    for e in entities {
        if e.end > n || e.start >= e.end {
            continue;
        }
        if e.end - e.start == 1 {
            tags[e.start] = tag(e.ty, Part::U);
        } else {
            tags[e.start] = tag(e.ty, Part::B);
            for t in &mut tags[e.start + 1..e.end - 1] {
                *t = tag(e.ty, Part::I);
            }
            tags[e.end - 1] = tag(e.ty, Part::L);
        }
    }
    tags
}

/// Gives every mention of the same name (same text) in a document the type most of
/// its mentions have (ties keep each its own).
pub fn harmonise(text: &str, tokens: &[(usize, usize)], entities: &mut [Entity]) {
    use std::collections::HashMap;
    let surface = |e: &Entity| -> &str {
        match (tokens.get(e.start), tokens.get(e.end.wrapping_sub(1))) {
            (Some(&(s, _)), Some(&(_, end))) => text.get(s..end).unwrap_or(""),
            _ => "",
        }
    };
    // Few mentions (most documents): compared pairwise, with no map to build.
    if entities.len() <= SMALL_HARMONISE {
        let mut names = [("", 0usize); SMALL_HARMONISE];
        for (n, e) in names.iter_mut().zip(entities.iter()) {
            *n = (surface(e), e.ty.index());
        }
        let names = &names[..entities.len()];
        for (e, &(name, _)) in entities.iter_mut().zip(names) {
            let mut v = [0u32; 4];
            for &(other, ty) in names {
                if other == name {
                    v[ty] += 1;
                }
            }
            retype(e, &v);
        }
        return;
    }
    let mut votes: HashMap<&str, [u32; 4]> = HashMap::new();
    for e in entities.iter() {
        votes.entry(surface(e)).or_default()[e.ty.index()] += 1;
    }
    for e in entities.iter_mut() {
        if let Some(v) = votes.get(surface(e)) {
            retype(e, v);
        }
    }
}

/// Mentions up to which [`harmonise`] compares names pairwise.
const SMALL_HARMONISE: usize = 32;

/// Gives `e` the type most votes `v` (by type) have, when that beats its own.
fn retype(e: &mut Entity, v: &[u32; 4]) {
    let own = v[e.ty.index()];
    let (best, n) = v
        .iter()
        .enumerate()
        .max_by_key(|(i, &n)| (n, std::cmp::Reverse(*i)))
        .map(|(i, &n)| (i, n))
        .unwrap_or((0, 0));
    if n > own {
        e.ty = EntityType::ALL[best];
    }
}

/// Errors reading a model.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    /// Not a model file.
    #[error("not a newsfuse NER model (bad magic)")]
    Magic,
    /// Made for another tag set or table size.
    #[error("model header: {0}")]
    Header(String),
    /// Shorter than its header says.
    #[error("model file truncated: {have} bytes, need {need}")]
    Truncated {
        /// Bytes present.
        have: usize,
        /// Bytes needed.
        need: usize,
    },
}

const MAGIC: &[u8; 8] = b"NFNER\x00\x02\x00";

/// A trained, quantised model.
#[derive(Debug, Clone)]
pub struct Model {
    /// Unique per model built or read (clones share it: same weights), so that the
    /// per-thread word cache of one model is never read for another.
    id: u64,
    bits: u32,
    /// Weight of one integer unit (for reading scores back as perceptron units).
    scale: f32,
    /// Transitions: `(NTAGS + 1) × NTAGS`, row `NTAGS` is the start.
    trans: Vec<i32>,
    /// `2^bits` rows of `NTAGS` weights.
    weights: Vec<i16>,
    /// Word clusters (a feature of each token).
    clusters: Clusters,
    /// The rows that are not all zero, packed, for the cached tagger (built on first
    /// use).
    packed: std::sync::OnceLock<cache::Packed>,
    /// The rows of the case-class features, by combination (built on first use).
    case_tables: std::sync::OnceLock<cache::CaseTables>,
}

impl PartialEq for Model {
    fn eq(&self, other: &Self) -> bool {
        self.bits == other.bits
            && self.scale == other.scale
            && self.trans == other.trans
            && self.weights == other.weights
            && self.clusters == other.clusters
    }
}

fn next_model_id() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// A score type Viterbi can run on.
pub(crate) trait Score:
    Copy + PartialOrd + std::ops::Add<Output = Self> + std::ops::Sub<Output = Self>
{
    /// Far below any reachable score, but safe to add a few scores to.
    const LOW: Self;

    /// [`viterbi`] for this score type.
    fn viterbi(em: &[Self], trans: &[Self], n: usize, back: &mut Vec<u8>, out: &mut Vec<usize>) {
        viterbi_with(em, trans, n, back, out, Self::to_opening)
    }

    /// The closed → opening step of Viterbi for every lane at once: for each closed
    /// tag `CLOSED[pi]` in order, where `prev[CLOSED[pi]] + to_opening[pi][l]` beats
    /// `best[l]`, it becomes `best[l]` and `arg[l]` the tag (the first best wins).
    #[inline(always)]
    fn to_opening(
        prev: &[Self; NTAGS],
        to_opening: &[[Self; LANES]; CLOSED.len()],
        best: &mut [Self; LANES],
        arg: &mut [i32; LANES],
    ) {
        for (pi, &p) in CLOSED.iter().enumerate() {
            let v = prev[p];
            let row = &to_opening[pi];
            for l in 0..LANES {
                let s = v + row[l];
                let better = s > best[l];
                best[l] = if better { s } else { best[l] };
                arg[l] = if better { p as i32 } else { arg[l] };
            }
        }
    }
}

impl Score for i32 {
    const LOW: Self = i32::MIN / 4;

    fn viterbi(em: &[Self], trans: &[Self], n: usize, back: &mut Vec<u8>, out: &mut Vec<usize>) {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the processor has AVX2.
            unsafe { viterbi_avx2(em, trans, n, back, out) };
            return;
        }
        viterbi_with(em, trans, n, back, out, Self::to_opening)
    }

    /// Four lanes at a time (SSE2, which every x86-64 processor has).
    #[cfg(target_arch = "x86_64")]
    #[inline(always)]
    fn to_opening(
        prev: &[Self; NTAGS],
        to_opening: &[[Self; LANES]; CLOSED.len()],
        best: &mut [Self; LANES],
        arg: &mut [i32; LANES],
    ) {
        use std::arch::x86_64::{
            __m128i, _mm_add_epi32, _mm_and_si128, _mm_andnot_si128, _mm_cmpgt_epi32,
            _mm_loadu_si128, _mm_or_si128, _mm_set1_epi32, _mm_storeu_si128,
        };
        const V: usize = LANES / 4;
        // SAFETY: SSE2 is part of x86-64; every load and store is of four i32 inside
        // an array of LANES (a multiple of 4) i32, unaligned access allowed.
        unsafe {
            let mut b: [__m128i; V] =
                std::array::from_fn(|k| _mm_loadu_si128(best.as_ptr().add(4 * k).cast()));
            let mut a: [__m128i; V] =
                std::array::from_fn(|k| _mm_loadu_si128(arg.as_ptr().add(4 * k).cast()));
            for (pi, &p) in CLOSED.iter().enumerate() {
                let v = _mm_set1_epi32(prev[p]);
                let tag = _mm_set1_epi32(p as i32);
                for k in 0..V {
                    let row = _mm_loadu_si128(to_opening[pi].as_ptr().add(4 * k).cast());
                    let s = _mm_add_epi32(v, row);
                    let better = _mm_cmpgt_epi32(s, b[k]);
                    b[k] = _mm_or_si128(_mm_and_si128(better, s), _mm_andnot_si128(better, b[k]));
                    a[k] = _mm_or_si128(_mm_and_si128(better, tag), _mm_andnot_si128(better, a[k]));
                }
            }
            for k in 0..V {
                _mm_storeu_si128(best.as_mut_ptr().add(4 * k).cast(), b[k]);
                _mm_storeu_si128(arg.as_mut_ptr().add(4 * k).cast(), a[k]);
            }
        }
    }
}

impl Score for f32 {
    const LOW: Self = -1e30;
}

/// Tags after which a new entity (or O) may start: O, and L and U of every type.
const CLOSED: [usize; 9] = [0, 3, 4, 7, 8, 11, 12, 15, 16];
/// Tags that may follow a closed tag: O, and B and U of every type.
const OPENING: [usize; 9] = [0, 1, 4, 5, 8, 9, 12, 13, 16];

/// Lanes of the closed → opening step (the nine opening tags, padded to a multiple of
/// four for vector code).
const LANES: usize = 12;

/// Viterbi over emission scores `em` (`n × NTAGS`) with transitions `trans`
/// (`(NTAGS + 1) × NTAGS`, the last row from the start), under the BILOU constraints.
/// Writes the best tags into `out`; `back` is scratch. Integer scores run the closed →
/// opening step on AVX2 where the processor has it (the same tags: integer sums and
/// comparisons in the same order).
fn viterbi<T: Score>(em: &[T], trans: &[T], n: usize, back: &mut Vec<u8>, out: &mut Vec<usize>) {
    T::viterbi(em, trans, n, back, out)
}

/// The closed → opening step on AVX2: lanes 0..8 in one vector, lane 8 alone (lanes
/// past it are unused).
///
/// # Safety
/// The processor must have AVX2.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
#[inline]
unsafe fn to_opening_avx2(
    prev: &[i32; NTAGS],
    to_opening: &[[i32; LANES]; CLOSED.len()],
    best: &mut [i32; LANES],
    arg: &mut [i32; LANES],
) {
    use std::arch::x86_64::{
        _mm256_add_epi32, _mm256_blendv_epi8, _mm256_cmpgt_epi32, _mm256_loadu_si256,
        _mm256_set1_epi32, _mm256_storeu_si256,
    };
    // SAFETY: the caller has checked AVX2; every load and store is of eight i32 at the
    // start of an array of LANES (12) i32, unaligned access allowed.
    unsafe {
        let mut b = _mm256_loadu_si256(best.as_ptr().cast());
        let mut a = _mm256_loadu_si256(arg.as_ptr().cast());
        let (mut b8, mut a8) = (best[8], arg[8]);
        for (pi, &p) in CLOSED.iter().enumerate() {
            let v = prev[p];
            let row = &to_opening[pi];
            let s = _mm256_add_epi32(
                _mm256_set1_epi32(v),
                _mm256_loadu_si256(row.as_ptr().cast()),
            );
            let better = _mm256_cmpgt_epi32(s, b);
            b = _mm256_blendv_epi8(b, s, better);
            a = _mm256_blendv_epi8(a, _mm256_set1_epi32(p as i32), better);
            let s8 = v + row[8];
            if s8 > b8 {
                b8 = s8;
                a8 = p as i32;
            }
        }
        _mm256_storeu_si256(best.as_mut_ptr().cast(), b);
        _mm256_storeu_si256(arg.as_mut_ptr().cast(), a);
        best[8] = b8;
        arg[8] = a8;
    }
}

/// [`viterbi_with`] compiled for AVX2, with its closed → opening step.
///
/// # Safety
/// The processor must have AVX2.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn viterbi_avx2(
    em: &[i32],
    trans: &[i32],
    n: usize,
    back: &mut Vec<u8>,
    out: &mut Vec<usize>,
) {
    viterbi_with(em, trans, n, back, out, |prev, to, best, arg| {
        // SAFETY: this function runs only where the processor has AVX2.
        unsafe { to_opening_avx2(prev, to, best, arg) }
    })
}

/// [`viterbi`] with `step` as the closed → opening step ([`Score::to_opening`]).
#[inline(always)]
fn viterbi_with<T: Score>(
    em: &[T],
    trans: &[T],
    n: usize,
    back: &mut Vec<u8>,
    out: &mut Vec<usize>,
    step: impl Fn(&[T; NTAGS], &[[T; LANES]; CLOSED.len()], &mut [T; LANES], &mut [i32; LANES]),
) {
    out.clear();
    if n == 0 || em.len() < n * NTAGS || trans.len() < (NTAGS + 1) * NTAGS {
        return;
    }
    back.clear();
    back.resize(n * NTAGS, 0);
    // The closed → opening transitions, by predecessor, one lane per opening tag.
    let mut to_opening = [[T::LOW; LANES]; CLOSED.len()];
    for (pi, &p) in CLOSED.iter().enumerate() {
        for (l, &t) in OPENING.iter().enumerate() {
            to_opening[pi][l] = trans[p * NTAGS + t];
        }
    }
    let mut prev = [T::LOW; NTAGS];
    for &t in &OPENING {
        prev[t] = em[t] + trans[NTAGS * NTAGS + t];
    }
    for i in 1..n {
        let Ok(row) = <&[T; NTAGS]>::try_from(&em[i * NTAGS..(i + 1) * NTAGS]) else {
            return;
        };
        let bk = &mut back[i * NTAGS..(i + 1) * NTAGS];
        // Keep scores near zero so that long documents cannot overflow.
        let mut top = prev[0];
        for &p in &prev[1..] {
            if p > top {
                top = p;
            }
        }
        for p in prev.iter_mut() {
            if *p > T::LOW {
                *p = *p - top;
            }
        }
        // Closed → opening, all nine opening tags at once (lanes past them are unused):
        // the first best predecessor in CLOSED order wins, as in a plain loop.
        let mut best = [T::LOW + T::LOW; LANES];
        let mut arg = [0i32; LANES];
        step(&prev, &to_opening, &mut best, &mut arg);
        let mut cur = [T::LOW; NTAGS];
        for (l, &t) in OPENING.iter().enumerate() {
            cur[t] = best[l] + row[t];
            bk[t] = arg[l] as u8;
        }
        // I-x and L-x follow B-x or I-x.
        for x in 0..4 {
            let (b, ii, l) = (1 + 4 * x, 2 + 4 * x, 3 + 4 * x);
            for t in [ii, l] {
                let sb = prev[b] + trans[b * NTAGS + t];
                let si = prev[ii] + trans[ii * NTAGS + t];
                let (best, arg) = if si > sb { (si, ii) } else { (sb, b) };
                cur[t] = best + row[t];
                bk[t] = arg as u8;
            }
        }
        prev = cur;
    }
    let mut t = 0usize;
    for &c in &CLOSED {
        if prev[c] > prev[t] {
            t = c;
        }
    }
    out.resize(n, TAG_O);
    for i in (0..n).rev() {
        out[i] = t;
        if i > 0 {
            t = back[i * NTAGS + t] as usize;
        }
    }
}

/// Positions ahead whose weight rows are fetched into the cache while one is summed.
const AHEAD: usize = 4;

/// Asks the processor to bring `weights[at..at + NTAGS]` into the cache (a hint: no
/// effect on the result, nothing on other targets).
#[inline(always)]
fn prefetch(weights: &[i16], at: usize) {
    #[cfg(target_arch = "x86_64")]
    if let Some(w) = weights.get(at..at + NTAGS) {
        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        // The row may straddle two cache lines: fetch both ends.
        for p in [w.as_ptr(), w[NTAGS - 1..].as_ptr()] {
            // SAFETY: a prefetch is only a hint; it never faults and reads nothing the
            // program sees. The pointers are into `weights` anyway.
            unsafe { _mm_prefetch::<_MM_HINT_T0>(p.cast::<i8>()) };
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = (weights, at);
}

/// Calls `f(word, initial)` for each token (byte ranges into `text`): `initial` when it
/// starts the text or a line, follows `.`, `!` or `?`, or follows an opening quote or
/// bracket that starts the text.
pub(crate) fn for_each_token(text: &str, tokens: &[(usize, usize)], mut f: impl FnMut(&str, bool)) {
    let mut prev_end = 0usize;
    let mut prev_word: &str = "";
    for (k, &(s, e)) in tokens.iter().enumerate() {
        let word = text.get(s..e).unwrap_or("");
        // Byte by byte: the gap between two tokens is short (a newline byte is only
        // ever a newline in UTF-8).
        let gap = text.as_bytes().get(prev_end..s).unwrap_or(&[]);
        let initial = k == 0
            || gap.contains(&b'\n')
            || matches!(prev_word, "." | "!" | "?")
            || (k == 1 && matches!(prev_word, "\"" | "'" | "“" | "("));
        f(word, initial);
        prev_end = e;
        prev_word = word;
    }
}

/// Reads the token hashes of `tokens` (byte ranges into `text`), with their clusters.
pub fn token_hashes(
    text: &str,
    tokens: &[(usize, usize)],
    clusters: &Clusters,
) -> Vec<TokenHashes> {
    let mut out = Vec::with_capacity(tokens.len());
    for_each_token(text, tokens, |word, initial| {
        let mut t = TokenHashes::new(word, initial);
        t.cluster = clusters.path(t.word);
        out.push(t)
    });
    out
}

impl Model {
    /// The model compiled into the binary (`model/ner.bin`).
    pub fn builtin() -> &'static Model {
        static MODEL: LazyLock<Model> = LazyLock::new(|| {
            Model::from_bytes(include_bytes!("../model/ner.bin"))
                .unwrap_or_else(|e| panic!("the built-in NER model is broken: {e}"))
        });
        &MODEL
    }

    /// The word clusters.
    pub fn clusters(&self) -> &Clusters {
        &self.clusters
    }

    /// Table size in bits.
    pub fn bits(&self) -> u32 {
        self.bits
    }

    /// Quantised from float weights.
    pub(crate) fn quantise(bits: u32, weights: &[f32], trans: &[f32], clusters: Clusters) -> Self {
        let max = weights
            .iter()
            .chain(trans.iter())
            .fold(0f32, |m, w| m.max(w.abs()));
        let scale = if max > 0.0 { max / 32767.0 } else { 1.0 };
        let q = |w: f32| (w / scale).round().clamp(-32767.0, 32767.0) as i16;
        Self {
            id: next_model_id(),
            bits,
            scale,
            trans: trans.iter().map(|&w| i32::from(q(w))).collect(),
            weights: weights.iter().map(|&w| q(w)).collect(),
            clusters,
            packed: std::sync::OnceLock::new(),
            case_tables: std::sync::OnceLock::new(),
        }
    }

    /// Serialises the model, little-endian: magic, bits, tags, scale, the transitions as
    /// i16, the word clusters (count, then key and path as u32 each), then the weight table as runs: for each non-zero weight, the number of zeros
    /// before it (LEB128) and the weight (i16). Most of the table is zero, so this is a
    /// fifth of the dense size.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(24 + 2 * self.trans.len() + self.weights.len() / 2);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&self.bits.to_le_bytes());
        out.extend_from_slice(&(NTAGS as u32).to_le_bytes());
        out.extend_from_slice(&self.scale.to_le_bytes());
        for &t in &self.trans {
            out.extend_from_slice(&(t as i16).to_le_bytes());
        }
        let clusters = self.clusters.entries();
        out.extend_from_slice(&(clusters.len() as u32).to_le_bytes());
        for (k, p) in clusters {
            out.extend_from_slice(&k.to_le_bytes());
            out.extend_from_slice(&p.to_le_bytes());
        }
        let mut zeros = 0u64;
        for &w in &self.weights {
            if w == 0 {
                zeros += 1;
                continue;
            }
            loop {
                let byte = (zeros & 0x7f) as u8;
                zeros >>= 7;
                if zeros == 0 {
                    out.push(byte);
                    break;
                }
                out.push(byte | 0x80);
            }
            out.extend_from_slice(&w.to_le_bytes());
        }
        out
    }

    /// Reads a model written by [`Model::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, ModelError> {
        if bytes.len() < 20 || &bytes[..8] != MAGIC {
            return Err(ModelError::Magic);
        }
        let u32_at = |at: usize| {
            u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
        };
        let bits = u32_at(8);
        let ntags = u32_at(12) as usize;
        let scale = f32::from_bits(u32_at(16));
        if ntags != NTAGS {
            return Err(ModelError::Header(format!(
                "{ntags} tags, expected {NTAGS}"
            )));
        }
        if !(8..=24).contains(&bits) {
            return Err(ModelError::Header(format!("table of 2^{bits} rows")));
        }
        let ntrans = (NTAGS + 1) * NTAGS;
        let need = 20 + 2 * ntrans;
        if bytes.len() < need {
            return Err(ModelError::Truncated {
                have: bytes.len(),
                need,
            });
        }
        let trans = bytes[20..need]
            .chunks_exact(2)
            .map(|c| i32::from(i16::from_le_bytes([c[0], c[1]])))
            .collect();
        let nclusters = u32::from_le_bytes(
            bytes
                .get(need..need + 4)
                .and_then(|b| b.try_into().ok())
                .ok_or(ModelError::Truncated {
                    have: bytes.len(),
                    need: need + 4,
                })?,
        ) as usize;
        let cl_start = need + 4;
        let cl_end = cl_start + 8 * nclusters;
        let Some(cl) = bytes.get(cl_start..cl_end) else {
            return Err(ModelError::Truncated {
                have: bytes.len(),
                need: cl_end,
            });
        };
        let clusters = cl.chunks_exact(8).map(|c| {
            (
                u32::from_le_bytes([c[0], c[1], c[2], c[3]]),
                u32::from_le_bytes([c[4], c[5], c[6], c[7]]),
            )
        });
        let nweights = (1usize << bits) * NTAGS;
        let mut weights = vec![0i16; nweights];
        let mut at = cl_end;
        let mut pos = 0usize;
        while at < bytes.len() {
            let mut zeros = 0usize;
            let mut shift = 0u32;
            loop {
                let Some(&b) = bytes.get(at) else {
                    return Err(ModelError::Truncated {
                        have: bytes.len(),
                        need: at + 1,
                    });
                };
                at += 1;
                if shift > 56 {
                    return Err(ModelError::Header("bad run length".into()));
                }
                zeros |= usize::from(b & 0x7f) << shift;
                shift += 7;
                if b & 0x80 == 0 {
                    break;
                }
            }
            pos = pos.saturating_add(zeros);
            let (Some(&lo), Some(&hi)) = (bytes.get(at), bytes.get(at + 1)) else {
                return Err(ModelError::Truncated {
                    have: bytes.len(),
                    need: at + 2,
                });
            };
            at += 2;
            let Some(slot) = weights.get_mut(pos) else {
                return Err(ModelError::Header(format!(
                    "weight {pos} past the table of {nweights}"
                )));
            };
            *slot = i16::from_le_bytes([lo, hi]);
            pos += 1;
        }
        Ok(Self {
            id: next_model_id(),
            bits,
            scale,
            trans,
            weights,
            clusters: Clusters::from_entries(clusters),
            packed: std::sync::OnceLock::new(),
            case_tables: std::sync::OnceLock::new(),
        })
    }

    /// The weight row of a feature hash.
    #[inline]
    fn row(&self, feature: u64) -> Option<&[i16; NTAGS]> {
        let at = (feature >> (64 - self.bits)) as usize * NTAGS;
        self.weights
            .get(at..at + NTAGS)
            .and_then(|w| <&[i16; NTAGS]>::try_from(w).ok())
    }

    /// Tags the tokens of `text` (byte ranges, in order, not overlapping). `cased`: the
    /// text has usable capitalisation (false for all lower-case or all-capitals text).
    ///
    /// The features that read one token only are summed once per word type and kept in
    /// a per-thread cache (`cache`), so a token costs a few vector sums and the rows of
    /// its context features. The result is exactly that of [`Model::tag_reference`].
    pub fn tag(&self, text: &str, tokens: &[(usize, usize)], cased: bool) -> Vec<Entity> {
        let mut found = cache::tag(self, text, tokens, cased);
        harmonise(text, tokens, &mut found);
        found
    }

    /// Tags as [`Model::tag`] does, reading every feature's row from the table: the
    /// plain implementation, kept to check the cached one against and to time it.
    #[doc(hidden)]
    pub fn tag_reference(&self, text: &str, tokens: &[(usize, usize)], cased: bool) -> Vec<Entity> {
        let mut found = self.tag_reference_unharmonised(text, tokens, cased);
        harmonise(text, tokens, &mut found);
        found
    }

    /// [`Model::tag_reference`] before one type per name.
    pub(crate) fn tag_reference_unharmonised(
        &self,
        text: &str,
        tokens: &[(usize, usize)],
        cased: bool,
    ) -> Vec<Entity> {
        let em = self.emissions_reference(text, tokens, cased);
        let mut back = Vec::new();
        let mut tags = Vec::new();
        viterbi(&em, &self.trans, tokens.len(), &mut back, &mut tags);
        entities_of(&tags)
    }

    /// The emission scores (`tokens × NTAGS`) of [`Model::tag_reference`].
    pub(crate) fn emissions_reference(
        &self,
        text: &str,
        tokens: &[(usize, usize)],
        cased: bool,
    ) -> Vec<i32> {
        let toks = token_hashes(text, tokens, &self.clusters);
        let doc = cased.then(|| DocFlags::new(&toks));
        let n = toks.len();
        // The weight rows of every position first, then the sums.
        let mut feats = [0u64; MAX_FEATURES];
        let shift = 64 - self.bits;
        let mut rows: Vec<u32> = Vec::with_capacity(n * 36);
        let mut starts: Vec<u32> = Vec::with_capacity(n + 1);
        for i in 0..n {
            starts.push(rows.len() as u32);
            let nf = position_features(&toks, doc.as_ref(), i, cased, &mut feats);
            rows.extend(feats[..nf].iter().map(|&f| (f >> shift) as u32));
        }
        starts.push(rows.len() as u32);
        let mut em = vec![0i32; n * NTAGS];
        let span_of = |i: usize| starts[i] as usize..starts[i + 1] as usize;
        for i in 0..n {
            if i + AHEAD < n {
                for &r in &rows[span_of(i + AHEAD)] {
                    prefetch(&self.weights, r as usize * NTAGS);
                }
            }
            let mut acc = [0i32; NTAGS];
            for &r in &rows[span_of(i)] {
                let row = r as usize * NTAGS;
                if let Some(Ok(w)) = self
                    .weights
                    .get(row..row + NTAGS)
                    .map(<&[i16; NTAGS]>::try_from)
                {
                    for t in 0..NTAGS {
                        acc[t] += i32::from(w[t]);
                    }
                }
            }
            em[i * NTAGS..(i + 1) * NTAGS].copy_from_slice(&acc);
        }
        em
    }
}

#[cfg(test)]
mod tests;
