//! Hashed token features. Each token is read once into a few 64-bit hashes (lower-cased
//! word, prefixes and suffixes, case-free and cased shapes); the features of a position
//! combine its own and its neighbours' hashes with a template number, and the result
//! picks a row of the weight table. Nothing is allocated per token or per feature.

/// Most features a position can have.
pub const MAX_FEATURES: usize = 64;

const K0: u64 = 0x9E37_79B9_7F4A_7C15;
const K1: u64 = 0xBF58_476D_1CE4_E5B9;
const K2: u64 = 0x94D0_49BB_1331_11EB;

/// Combines two hashes (order matters).
#[inline]
pub fn mix(a: u64, b: u64) -> u64 {
    let x = (a ^ b.wrapping_mul(K0)).wrapping_mul(K1);
    (x ^ (x >> 31)).wrapping_mul(K2)
}

/// FNV-1a step over one char.
#[inline]
fn fnv_char(h: u64, c: char) -> u64 {
    let mut h = h;
    let mut buf = [0u8; 4];
    for &b in c.encode_utf8(&mut buf).as_bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01B3);
    }
    h
}

const FNV0: u64 = 0xCBF2_9CE4_8422_2325;

/// What the text around a token says about its case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum CapClass {
    /// Starts with a lower-case letter.
    Lower = 0,
    /// Starts with a capital and has lower-case letters.
    Init = 1,
    /// Two or more letters, all capitals.
    AllCaps = 2,
    /// One capital letter alone.
    OneCap = 3,
    /// No letters.
    NoLetters = 4,
}

/// The per-token hashes every feature is built from.
#[derive(Debug, Clone, Copy)]
pub struct TokenHashes {
    /// Lower-cased word, digits folded to `0`.
    pub word: u64,
    /// Prefixes of 1 to 4 chars of that.
    pub prefix: [u64; 4],
    /// Suffixes of 1 to 4 chars (read backwards).
    pub suffix: [u64; 4],
    /// Case-free shape: letters `a`, digits `d`, runs collapsed, plus a length class.
    pub shape: u64,
    /// Cased shape: `X`, `x`, `d`, runs collapsed.
    pub cshape: u64,
    /// Case class.
    pub cap: CapClass,
    /// First token of a line or after `.`, `!`, `?` or an opening quote at the start.
    pub initial: bool,
    /// The word's cluster path (`clusters::Clusters::path`), 0 for none; set by the
    /// caller, which has the model.
    pub cluster: u32,
}

impl TokenHashes {
    /// Reads `word`; `initial` as in the field.
    pub fn new(word: &str, initial: bool) -> Self {
        let mut h = FNV0;
        let mut prefix = [0u64; 4];
        let mut last = ['\0'; 4];
        let mut n = 0usize;
        let mut shape = FNV0;
        let mut cshape = FNV0;
        let (mut prev_s, mut prev_c) = ('\0', '\0');
        let (mut upper, mut lower, mut letters) = (0usize, 0usize, 0usize);
        let mut first_upper = false;
        for c in word.chars() {
            let (s, cs) = if c.is_ascii_digit() || c.is_numeric() {
                ('d', 'd')
            } else if c.is_alphabetic() {
                letters += 1;
                if c.is_uppercase() {
                    upper += 1;
                    if n == 0 {
                        first_upper = true;
                    }
                    ('a', 'X')
                } else {
                    if c.is_lowercase() {
                        lower += 1;
                    }
                    ('a', 'x')
                }
            } else {
                (c, c)
            };
            if s != prev_s {
                shape = fnv_char(shape, s);
                prev_s = s;
            }
            if cs != prev_c {
                cshape = fnv_char(cshape, cs);
                prev_c = cs;
            }
            let folded = if c.is_ascii_digit() {
                '0'
            } else if c.is_ascii() {
                c.to_ascii_lowercase()
            } else {
                // First char of the lower-case form (enough for a hash).
                c.to_lowercase().next().unwrap_or(c)
            };
            h = fnv_char(h, folded);
            if n < 4 {
                prefix[n] = h;
            }
            last = [last[1], last[2], last[3], folded];
            n += 1;
        }
        for p in prefix.iter_mut().skip(n) {
            *p = h;
        }
        let mut suffix = [0u64; 4];
        let mut sh = FNV0 ^ 0x5bd1_e995;
        for k in 0..4 {
            if k < n {
                sh = fnv_char(sh, last[3 - k]);
            }
            suffix[k] = sh;
        }
        let len_class = match n {
            0..=1 => 1u64,
            2 => 2,
            3 => 3,
            4..=5 => 4,
            6..=8 => 5,
            _ => 6,
        };
        let cap = if letters == 0 {
            CapClass::NoLetters
        } else if first_upper && lower > 0 {
            CapClass::Init
        } else if upper == letters && letters >= 2 {
            CapClass::AllCaps
        } else if upper == 1 && letters == 1 {
            CapClass::OneCap
        } else {
            CapClass::Lower
        };
        Self {
            word: h,
            prefix,
            suffix,
            shape: mix(shape, len_class),
            cshape,
            cap,
            initial,
            cluster: 0,
        }
    }
}

/// What the context features and the document flags read of a token: its word, shapes,
/// case class and sentence position. [`TokenHashes`] has it; the tagger's word cache
/// keeps only this much per word type ([`ContextToken`]).
pub trait Context {
    /// [`TokenHashes::word`].
    fn word(&self) -> u64;
    /// [`TokenHashes::shape`].
    fn shape(&self) -> u64;
    /// [`TokenHashes::cshape`].
    fn cshape(&self) -> u64;
    /// [`TokenHashes::cap`].
    fn cap(&self) -> CapClass;
    /// [`TokenHashes::initial`].
    fn initial(&self) -> bool;
}

impl Context for TokenHashes {
    #[inline(always)]
    fn word(&self) -> u64 {
        self.word
    }
    #[inline(always)]
    fn shape(&self) -> u64 {
        self.shape
    }
    #[inline(always)]
    fn cshape(&self) -> u64 {
        self.cshape
    }
    #[inline(always)]
    fn cap(&self) -> CapClass {
        self.cap
    }
    #[inline(always)]
    fn initial(&self) -> bool {
        self.initial
    }
}

/// The [`Context`] part of [`TokenHashes`] alone (32 bytes instead of 112).
#[derive(Debug, Clone, Copy)]
pub struct ContextToken {
    /// [`TokenHashes::word`].
    pub word: u64,
    /// [`TokenHashes::shape`].
    pub shape: u64,
    /// [`TokenHashes::cshape`].
    pub cshape: u64,
    /// [`TokenHashes::cap`].
    pub cap: CapClass,
    /// [`TokenHashes::initial`].
    pub initial: bool,
}

impl From<&TokenHashes> for ContextToken {
    fn from(t: &TokenHashes) -> Self {
        Self {
            word: t.word,
            shape: t.shape,
            cshape: t.cshape,
            cap: t.cap,
            initial: t.initial,
        }
    }
}

impl Context for ContextToken {
    #[inline(always)]
    fn word(&self) -> u64 {
        self.word
    }
    #[inline(always)]
    fn shape(&self) -> u64 {
        self.shape
    }
    #[inline(always)]
    fn cshape(&self) -> u64 {
        self.cshape
    }
    #[inline(always)]
    fn cap(&self) -> CapClass {
        self.cap
    }
    #[inline(always)]
    fn initial(&self) -> bool {
        self.initial
    }
}

/// Per-document facts about a word: seen capitalised away from a sentence start, seen
/// starting lower-case.
pub const DOC_CAP: u8 = 1;
/// See [`DOC_CAP`].
pub const DOC_LOWER: u8 = 2;

/// A small open-addressing set of word hashes → flags, for one document.
pub struct DocFlags {
    keys: Vec<u64>,
    vals: Vec<u8>,
    mask: usize,
}

impl DocFlags {
    /// Flags for the words of `toks`.
    pub fn new<T: Context>(toks: &[T]) -> Self {
        let mut me = Self {
            keys: Vec::new(),
            vals: Vec::new(),
            mask: 0,
        };
        me.fill(toks);
        me
    }

    /// Makes these the flags of `toks`, reusing the memory.
    pub fn fill<T: Context>(&mut self, toks: &[T]) {
        let cap = (toks.len() * 2).next_power_of_two().max(16);
        self.keys.clear();
        self.keys.resize(cap, 0);
        self.vals.clear();
        self.vals.resize(cap, 0);
        self.mask = cap - 1;
        for t in toks {
            let flag = match t.cap() {
                CapClass::Init | CapClass::AllCaps | CapClass::OneCap if !t.initial() => DOC_CAP,
                CapClass::Lower => DOC_LOWER,
                _ => 0,
            };
            let slot = self.slot(t.word());
            self.keys[slot] = t.word() | 1;
            self.vals[slot] |= flag;
        }
    }

    fn slot(&self, key: u64) -> usize {
        let key = key | 1;
        let mut i = (key.wrapping_mul(K0) >> 40) as usize & self.mask;
        loop {
            if self.keys[i] == 0 || self.keys[i] == key {
                return i;
            }
            i = (i + 1) & self.mask;
        }
    }

    /// The flags of `word`.
    pub fn get(&self, word: u64) -> u8 {
        self.vals[self.slot(word)]
    }
}

const NONE: u64 = 0x1234_5678_9abc_def1;
const START: u64 = 0x0fed_cba9_8765_4321;

/// What `read` gives for the token `d` places from position `i`: `before` ahead of the
/// first token, `after` past the last.
#[inline]
fn neighbour<T, R>(
    toks: &[T],
    i: usize,
    d: isize,
    before: R,
    after: R,
    read: impl Fn(&T) -> R,
) -> R {
    match i.checked_add_signed(d) {
        None => before,
        Some(j) => toks.get(j).map_or(after, read),
    }
}

/// The hash of feature `template` with `value`.
#[inline]
fn feature(template: u64, value: u64) -> u64 {
    mix(template.wrapping_mul(K2) ^ 0xA5A5, value)
}

/// The first `bits` branches of a cluster path (the whole path when it is shorter).
#[inline]
pub fn cluster_prefix(path: u32, bits: u32) -> u32 {
    let len = 31u32.saturating_sub(path.leading_zeros());
    if len > bits {
        path >> (len - bits)
    } else {
        path
    }
}

/// Offsets, relative to a position, of the tokens whose own features it reads.
pub const OFFSETS: [isize; 5] = [-2, -1, 0, 1, 2];

/// The features a token gives the position `OFFSETS[k]` before it (the position at
/// `i` reads the token at `i + OFFSETS[k]`): everything that depends on that one token
/// alone. `emit(k, hash)`. These are summed once per word type and cached by the tagger.
#[inline]
pub fn token_features(t: &TokenHashes, cased: bool, mut emit: impl FnMut(usize, u64)) {
    // The token as the position's second-left neighbour, then left, itself, right,
    // second-right.
    emit(0, feature(5, t.word));
    emit(1, feature(3, t.word));
    emit(1, feature(31, t.shape));
    emit(2, feature(1, 0));
    emit(2, feature(2, t.word));
    for k in 0..4 {
        emit(2, feature(10 + k as u64, t.prefix[k]));
        emit(2, feature(20 + k as u64, t.suffix[k]));
    }
    emit(2, feature(30, t.shape));
    emit(3, feature(4, t.word));
    emit(3, feature(32, t.shape));
    emit(4, feature(6, t.word));
    // The word's cluster, coarse and fine, here and at the neighbours.
    // The word's cluster, coarse to fine (its neighbours' clusters added nothing on
    // dev).
    let c = u64::from(t.cluster);
    let (c4, c8) = (
        u64::from(cluster_prefix(t.cluster, 4)),
        u64::from(cluster_prefix(t.cluster, 8)),
    );
    emit(2, feature(63, c4));
    emit(2, feature(64, c8));
    emit(2, feature(65, c));
    if cased {
        emit(2, feature(69, mix(c, t.cshape)));
        emit(1, feature(41, t.cshape));
        emit(2, feature(40, t.cshape));
        emit(2, feature(44, mix(t.cshape, t.word)));
        emit(3, feature(42, t.cshape));
    }
}

/// The features of `OFFSETS[k]` when there is no token there (before the start or past
/// the end): the same templates as [`token_features`] with the START or NONE value.
pub fn edge_features(k: usize, cased: bool, mut emit: impl FnMut(u64)) {
    let v = if OFFSETS[k] < 0 { START } else { NONE };
    // As many as a token gives that offset, so that every position has as many
    // features.
    match OFFSETS[k] {
        -2 => emit(feature(5, v)),
        -1 => {
            emit(feature(3, v));
            emit(feature(31, v));
            if cased {
                emit(feature(41, v));
            }
        }
        1 => {
            emit(feature(4, v));
            emit(feature(32, v));
            if cased {
                emit(feature(42, v));
            }
        }
        2 => emit(feature(6, v)),
        _ => {}
    }
}

/// The features of position `i` that combine tokens (or read the document or the
/// token's sentence position), into `out`; returns how many.
#[inline]
pub fn context_features<T: Context>(
    toks: &[T],
    doc: Option<&DocFlags>,
    i: usize,
    cased: bool,
    out: &mut [u64; MAX_FEATURES],
) -> usize {
    let t = &toks[i];
    let w = |d: isize| -> u64 { neighbour(toks, i, d, START, NONE, |t| t.word()) };
    let sh = |d: isize| -> u64 { neighbour(toks, i, d, START, NONE, |t| t.shape()) };
    let (word, shape, cshape) = (t.word(), t.shape(), t.cshape());
    let (own_cap, initial) = (t.cap() as u64, u64::from(t.initial()));
    let mut n = 0usize;
    let mut push = |template: u64, value: u64| {
        out[n] = feature(template, value);
        n += 1;
    };
    push(7, mix(w(-1), word));
    push(8, mix(word, w(1)));
    push(33, mix(mix(sh(-1), shape), sh(1)));
    push(34, mix(w(-1), shape));
    push(35, mix(shape, w(1)));
    if cased {
        let cs = |d: isize| -> u64 { neighbour(toks, i, d, START, NONE, |t| t.cshape()) };
        let cap = |d: isize| -> u64 { neighbour(toks, i, d, 7, 8, |t| t.cap() as u64) };
        push(43, mix(mix(cs(-1), cshape), cs(1)));
        push(45, mix(own_cap, initial));
        push(46, mix(w(-1), own_cap));
        push(47, mix(own_cap, w(1)));
        push(
            48,
            mix(mix(cap(-2), cap(-1)), mix(own_cap, mix(cap(1), cap(2)))),
        );
        push(49, mix(mix(cap(-1), own_cap), initial));
        if let Some(doc) = doc {
            let f = u64::from(doc.get(word));
            push(50, mix(f, mix(own_cap, initial)));
            push(51, mix(f, word));
        }
    }
    n
}

/// Case-class values of a neighbour before a position: its [`CapClass`], or 7 before
/// the start (as [`context_features`] reads them).
const CAP_BEFORE: [u64; 6] = [0, 1, 2, 3, 4, 7];
/// The same after a position: 8 past the end.
const CAP_AFTER: [u64; 6] = [0, 1, 2, 3, 4, 8];

/// Combinations of (left neighbour's case class, own case class, sentence-initial,
/// document flags) that the features 45, 49 and 50 read ([`local_case_features`]).
pub const CASE_LOCAL: usize = 6 * 5 * 2 * 4;

/// Combinations of the five case classes around a position that feature 48 reads
/// ([`window_case_feature`]).
pub const CASE_WINDOW: usize = 6 * 6 * 5 * 6 * 6;

/// The hashes of the features 45, 49 and 50 of combination `index` (below
/// [`CASE_LOCAL`], as [`split_context_features`] numbers them): exactly those
/// [`context_features`] gives a position with these values.
pub fn local_case_features(index: usize, mut emit: impl FnMut(u64)) {
    let flag = (index % 4) as u64;
    let initial = ((index / 4) % 2) as u64;
    let own = ((index / 8) % 5) as u64;
    let left = CAP_BEFORE[(index / 40) % 6];
    emit(feature(45, mix(own, initial)));
    emit(feature(49, mix(mix(left, own), initial)));
    emit(feature(50, mix(flag, mix(own, initial))));
}

/// The hash of feature 48 of combination `index` (below [`CASE_WINDOW`], as
/// [`split_context_features`] numbers them).
pub fn window_case_feature(index: usize) -> u64 {
    let r2 = CAP_AFTER[index % 6];
    let r1 = CAP_AFTER[(index / 6) % 6];
    let own = ((index / 36) % 5) as u64;
    let l1 = CAP_BEFORE[(index / 180) % 6];
    let l2 = CAP_BEFORE[(index / 1080) % 6];
    feature(48, mix(mix(l2, l1), mix(own, mix(r1, r2))))
}

/// Most features [`split_context_features`] hashes.
pub const SPLIT_HASHED: usize = 9;

/// [`context_features`] for the tagger's cache, the case features on when `doc` is
/// given: the features whose values range widely are hashed into `out` (their count
/// returned), and those of the few case-class combinations are numbered instead, for
/// tables of their rows: the combination of [`local_case_features`] and that of
/// [`window_case_feature`]. Together, the same features as [`context_features`].
#[inline]
pub fn split_context_features<T: Context>(
    toks: &[T],
    doc: Option<&DocFlags>,
    i: usize,
    out: &mut [u64; MAX_FEATURES],
) -> (usize, Option<(usize, usize)>) {
    let t = &toks[i];
    let w = |d: isize| -> u64 { neighbour(toks, i, d, START, NONE, |t| t.word()) };
    let sh = |d: isize| -> u64 { neighbour(toks, i, d, START, NONE, |t| t.shape()) };
    let (word, shape, cshape) = (t.word(), t.shape(), t.cshape());
    let (wl, wr) = (w(-1), w(1));
    out[0] = feature(7, mix(wl, word));
    out[1] = feature(8, mix(word, wr));
    out[2] = feature(33, mix(mix(sh(-1), shape), sh(1)));
    out[3] = feature(34, mix(wl, shape));
    out[4] = feature(35, mix(shape, wr));
    let Some(doc) = doc else {
        return (5, None);
    };
    let cs = |d: isize| -> u64 { neighbour(toks, i, d, START, NONE, |t| t.cshape()) };
    // A neighbour's case class as a slot of CAP_BEFORE or CAP_AFTER (5: no token).
    let cap = |d: isize| -> usize { neighbour(toks, i, d, 5, 5, |t| t.cap() as usize) };
    let own = t.cap() as u64;
    let f = doc.get(word);
    out[5] = feature(43, mix(mix(cs(-1), cshape), cs(1)));
    out[6] = feature(46, mix(wl, own));
    out[7] = feature(47, mix(own, wr));
    out[8] = feature(51, mix(u64::from(f), word));
    let (own, left) = (own as usize, cap(-1));
    let local = ((left * 5 + own) * 2 + usize::from(t.initial())) * 4 + usize::from(f & 3);
    let window = (((cap(-2) * 6 + left) * 5 + own) * 6 + cap(1)) * 6 + cap(2);
    (9, Some((local, window)))
}

/// All the feature hashes of position `i` into `out`; returns how many: the token
/// features of its neighbours at each offset (or the edge features), then the context
/// features. `cased`: the case features are on (the text has mixed case).
pub fn position_features(
    toks: &[TokenHashes],
    doc: Option<&DocFlags>,
    i: usize,
    cased: bool,
    out: &mut [u64; MAX_FEATURES],
) -> usize {
    let mut n = 0usize;
    for (k, &d) in OFFSETS.iter().enumerate() {
        let j = i as isize + d;
        match usize::try_from(j).ok().and_then(|j| toks.get(j)) {
            Some(t) => token_features(t, cased, |kk, h| {
                if kk == k {
                    out[n] = h;
                    n += 1;
                }
            }),
            None => edge_features(k, cased, |h| {
                out[n] = h;
                n += 1;
            }),
        }
    }
    let mut rest = [0u64; MAX_FEATURES];
    let m = context_features(toks, doc, i, cased, &mut rest);
    out[n..n + m].copy_from_slice(&rest[..m]);
    n + m
}
