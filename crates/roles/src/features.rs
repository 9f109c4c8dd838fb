//! Hashed features: token features for the role tagger and bag-of-words features for
//! the document classifiers. Everything is computed from lower-cased tokens, so the
//! model reads lower-, upper- and mixed-case text alike.

use crate::token::Token;

/// FNV-1a over a template tag and the parts of one feature.
#[derive(Clone, Copy)]
pub(crate) struct Fnv(u64);

impl Fnv {
    pub(crate) fn new(template: u8) -> Self {
        let mut h = Fnv(0xcbf2_9ce4_8422_2325);
        h.byte(template);
        h
    }
    pub(crate) fn byte(&mut self, b: u8) {
        self.0 ^= u64::from(b);
        self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
    }
    pub(crate) fn str(mut self, s: &str) -> Self {
        for &b in s.as_bytes() {
            self.byte(b);
        }
        self.byte(0xff);
        self
    }
    pub(crate) fn key(self) -> u32 {
        (self.0 ^ (self.0 >> 32)) as u32
    }
}

/// Maps keyed by word hashes (already hashes: no second hashing).
pub(crate) type WordMap<V> =
    std::collections::HashMap<u64, V, std::hash::BuildHasherDefault<crate::model::KeyHasher>>;

/// Hash of one string.
pub(crate) fn wh(s: &str) -> u64 {
    Fnv::new(0).str(s).0
}

/// Feature key of a template and word hashes.
#[inline]
pub(crate) fn key(template: u64, parts: &[u64]) -> u32 {
    let mut h = template.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ 0x51_7cc1_b727_220a;
    for &p in parts {
        h = (h ^ p).wrapping_mul(0x0000_0100_0000_01b3).rotate_left(29);
    }
    h ^= h >> 31;
    h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    (h ^ (h >> 32)) as u32
}

/// Words that say an attack happened: a token starting with one of these stems is a
/// trigger.
const TRIGGER_STEMS: &[&str] = &[
    "kill",
    "murder",
    "assassin",
    "attack",
    "bomb",
    "explo",
    "dynamit",
    "kidnap",
    "abduct",
    "shot",
    "shoot",
    "burn",
    "fire",
    "massacr",
    "ambush",
    "wound",
    "injur",
    "destroy",
    "damag",
    "hostage",
    "sabotag",
    "raid",
    "blew",
    "blow",
    "detonat",
    "seiz",
    "grenade",
    "gunfire",
    "machinegun",
];

/// Words skipped when looking for the nearest content word outside a phrase.
const SKIP: &[&str] = &[
    "the", "a", "an", "this", "that", "these", "those", "his", "her", "their", "its", "some",
    "several", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "one",
    "other", "\"", "'", "(", ")", "-", "all", "many",
];

/// The stem of a trigger word, if `w` is one.
pub fn trigger(w: &str) -> Option<&'static str> {
    // The stems by first byte, in their order: a word is tried only against the stems
    // that start as it does.
    static BY_FIRST: std::sync::LazyLock<Vec<Vec<&'static str>>> = std::sync::LazyLock::new(|| {
        let mut by = vec![Vec::new(); 256];
        for s in TRIGGER_STEMS {
            if let Some(&b) = s.as_bytes().first() {
                by[usize::from(b)].push(*s);
            }
        }
        by
    });
    BY_FIRST
        .get(usize::from(*w.as_bytes().first()?))?
        .iter()
        .find(|s| w.starts_with(**s) && (**s != "fire" || w.len() > s.len()))
        .copied()
}

pub(crate) fn is_skip(w: &str) -> bool {
    SKIP.contains(&w) || w.bytes().all(|b| b.is_ascii_digit())
}

pub(crate) fn shape(w: &str) -> &'static str {
    let digits = w.bytes().filter(|b| b.is_ascii_digit()).count();
    if digits == w.len() {
        "num"
    } else if digits > 0 {
        "mixnum"
    } else if !w.chars().next().is_some_and(char::is_alphanumeric) {
        "punct"
    } else if w.len() <= 3 {
        "short"
    } else {
        "word"
    }
}

pub(crate) fn suffix(w: &str, n: usize) -> &str {
    let mut idx = w.len();
    for (count, (i, _)) in w.char_indices().rev().enumerate() {
        idx = i;
        if count + 1 == n {
            break;
        }
    }
    &w[idx..]
}

pub(crate) fn prefix(w: &str, n: usize) -> &str {
    match w.char_indices().nth(n) {
        Some((i, _)) => &w[..i],
        None => w,
    }
}

pub(crate) fn bucket(n: usize) -> u32 {
    match n {
        0 => 0,
        1 => 1,
        2..=3 => 2,
        4..=7 => 3,
        _ => 4,
    }
}

/// The training-lexicon prior: per word (by hash), for each role, how often the word
/// lies inside a gold mention of that role among the relevant training messages that
/// contain it, as a bucket (0: never; 1–4: up to 5%, 20%, 50%, more; plus 4 when the
/// word occurs in at least three such messages). For a training message it is counted
/// without the message's fold (jackknifed), so the tagger learns how far to trust it
/// on words it has not seen labelled.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Prior {
    pub map: WordMap<[u8; 5]>,
}

impl Prior {
    /// The prior of counts: `docs[w]` relevant messages contain `w`, `roles[w][r]` of
    /// them have it inside a gold mention of role `r`.
    pub fn from_counts(docs: &WordMap<u32>, roles: &WordMap<[u32; 5]>) -> Prior {
        let mut map = WordMap::default();
        for (&w, counts) in roles {
            let n = docs.get(&w).copied().unwrap_or(0).max(1);
            let b = counts.map(|c| {
                if c == 0 {
                    return 0u8;
                }
                let q = c as f32 / n as f32;
                let ratio = if q <= 0.05 {
                    1
                } else if q <= 0.2 {
                    2
                } else if q <= 0.5 {
                    3
                } else {
                    4
                };
                ratio + if n >= 3 { 4 } else { 0 }
            });
            map.insert(w, b);
        }
        Prior { map }
    }

    /// The buckets of the word with hash `w`.
    #[inline]
    pub fn get(&self, w: u64) -> Option<&[u8; 5]> {
        if self.map.is_empty() {
            return None;
        }
        self.map.get(&w)
    }
}

/// Pushes the prior keys of a word (template 36 for the token's own word, 37 / 38 for
/// its left / right neighbour).
#[inline]
pub(crate) fn prior_keys(template: u64, b: Option<&[u8; 5]>, keys: &mut Vec<u32>) {
    if let Some(b) = b {
        for (r, &x) in b.iter().enumerate() {
            if x != 0 {
                keys.push(key(template, &[r as u64, u64::from(x)]));
            }
        }
    }
}

/// Token features of a whole document: `keys[offsets[i]..offsets[i + 1]]` are token
/// `i`'s.
pub struct TokenFeatures {
    pub keys: Vec<u32>,
    pub offsets: Vec<usize>,
}

impl TokenFeatures {
    pub fn of(&self, i: usize) -> &[u32] {
        &self.keys[self.offsets[i]..self.offsets[i + 1]]
    }
}

/// Computes every token's features (`prior`: the training-lexicon prior).
pub fn token_features(tokens: &[Token], prior: &Prior) -> TokenFeatures {
    let n = tokens.len();
    // Sentence index of each token, and trigger positions.
    let mut sent = Vec::with_capacity(n);
    let mut s = 0u32;
    for (i, t) in tokens.iter().enumerate() {
        if t.sentence_start && i > 0 {
            s += 1;
        }
        sent.push(s);
    }
    let triggers: Vec<Option<&'static str>> = tokens.iter().map(|t| trigger(&t.lower)).collect();
    // Nearest trigger to the left / right in the same sentence.
    let mut left_trig: Vec<Option<(usize, &'static str)>> = vec![None; n];
    let mut last: Option<(usize, &'static str)> = None;
    for i in 0..n {
        if tokens[i].sentence_start {
            last = None;
        }
        left_trig[i] = last;
        if let Some(t) = triggers[i] {
            last = Some((i, t));
        }
    }
    let mut right_trig: Vec<Option<(usize, &'static str)>> = vec![None; n];
    let mut next: Option<(usize, &'static str)> = None;
    for i in (0..n).rev() {
        right_trig[i] = next;
        if let Some(t) = triggers[i] {
            next = Some((i, t));
        }
        if tokens[i].sentence_start {
            next = None;
        }
    }
    // Hashes of each token's word, suffixes, prefix and shape, computed once.
    struct H {
        w: u64,
        s3: u64,
        s2: u64,
        p4: u64,
        shape: u64,
    }
    let hashes: Vec<H> = tokens
        .iter()
        .map(|t| {
            let w = t.lower.as_str();
            H {
                w: wh(w),
                s3: wh(suffix(w, 3)),
                s2: wh(suffix(w, 2)),
                p4: wh(prefix(w, 4)),
                shape: wh(shape(w)),
            }
        })
        .collect();
    // Document frequency of each word.
    let mut freq: WordMap<usize> = WordMap::default();
    for h in &hashes {
        *freq.entry(h.w).or_default() += 1;
    }
    let skip: Vec<bool> = tokens.iter().map(|t| is_skip(&t.lower)).collect();
    // Inside parentheses (1) or quotes (2); first occurrence of the word.
    let mut inside = vec![0u8; n];
    let (mut paren, mut quote) = (false, false);
    let mut seen: WordMap<()> = WordMap::default();
    let mut first = vec![false; n];
    for (i, t) in tokens.iter().enumerate() {
        match t.lower.as_str() {
            "(" => paren = true,
            ")" => paren = false,
            "\"" => quote = !quote,
            _ => {}
        }
        if t.sentence_start {
            quote = false;
        }
        inside[i] = u8::from(paren) + 2 * u8::from(quote);
        first[i] = seen.insert(hashes[i].w, ()).is_none();
    }
    let (bos, eos) = (wh("<s>"), wh("</s>"));
    let hw = |i: isize| -> u64 {
        if i < 0 {
            bos
        } else if i as usize >= n {
            eos
        } else {
            hashes[i as usize].w
        }
    };
    let stem = |s: &str| wh(s);
    let is_skip_at = |i: isize| i >= 0 && skip.get(i as usize).copied().unwrap_or(false);
    let (bias, no_left, no_right) = (key(0, &[]), key(23, &[]), key(27, &[]));
    let mut keys = Vec::with_capacity(n * 44);
    let mut offsets = Vec::with_capacity(n + 1);
    offsets.push(0);
    for i in 0..n {
        let ii = i as isize;
        let h = &hashes[i];
        let w = h.w;
        keys.push(bias);
        keys.push(key(1, &[w]));
        keys.push(key(2, &[h.s3]));
        keys.push(key(3, &[h.s2]));
        keys.push(key(4, &[h.shape]));
        for (t, d) in [(5u64, -1isize), (6, -2), (7, -3), (8, 1), (9, 2), (10, 3)] {
            keys.push(key(t, &[hw(ii + d)]));
        }
        keys.push(key(11, &[hw(ii - 1), w]));
        keys.push(key(12, &[w, hw(ii + 1)]));
        keys.push(key(13, &[hw(ii - 2), hw(ii - 1)]));
        keys.push(key(14, &[hw(ii + 1), hw(ii + 2)]));
        // Nearest content words outside the phrase, skipping determiners and numbers.
        let mut l = ii - 1;
        while is_skip_at(l) && ii - l < 6 {
            l -= 1;
        }
        let mut r = ii + 1;
        while is_skip_at(r) && r - ii < 6 {
            r += 1;
        }
        keys.push(key(15, &[hw(l)]));
        keys.push(key(16, &[hw(r)]));
        keys.push(key(17, &[hw(l - 1), hw(l)]));
        keys.push(key(18, &[hw(r), hw(r + 1)]));
        keys.push(key(19, &[hw(l), w]));
        // Attack triggers around.
        match left_trig[i] {
            Some((p, st)) => {
                let d = u64::from(bucket(i - p));
                keys.push(key(20, &[stem(st), d]));
                keys.push(key(21, &[d]));
                keys.push(key(22, &[stem(st), w]));
            }
            None => keys.push(no_left),
        }
        match right_trig[i] {
            Some((p, st)) => {
                let d = u64::from(bucket(p - i));
                keys.push(key(24, &[stem(st), d]));
                keys.push(key(25, &[d]));
                keys.push(key(26, &[stem(st), w]));
            }
            None => keys.push(no_right),
        }
        if let Some(st) = triggers[i] {
            keys.push(key(28, &[stem(st)]));
        }
        keys.push(key(32, &[hw(ii - 1), hw(ii + 1)]));
        keys.push(key(33, &[h.p4]));
        keys.push(key(34, &[u64::from(inside[i])]));
        keys.push(key(35, &[u64::from(first[i]), h.shape]));
        let f = u64::from(bucket(freq.get(&w).copied().unwrap_or(0)));
        keys.push(key(29, &[f]));
        keys.push(key(30, &[w, f]));
        keys.push(key(31, &[u64::from(sent[i].min(6))]));
        prior_keys(36, prior.get(w), &mut keys);
        if i > 0 {
            prior_keys(37, prior.get(hashes[i - 1].w), &mut keys);
        }
        if i + 1 < n {
            prior_keys(38, prior.get(hashes[i + 1].w), &mut keys);
        }
        // The priors of the nearest content words outside the phrase.
        if l >= 0 {
            prior_keys(43, prior.get(hashes[l as usize].w), &mut keys);
        }
        if (r as usize) < n {
            prior_keys(44, prior.get(hashes[r as usize].w), &mut keys);
        }
        offsets.push(keys.len());
    }
    TokenFeatures { keys, offsets }
}

/// Bag-of-words features of a document (unigrams and bigrams, each once), and those of
/// [`crate::doc::extra_keys`].
pub fn doc_features(tokens: &[Token]) -> Vec<u32> {
    let mut keys: Vec<u32> = Vec::with_capacity(tokens.len() * 2 + 1);
    keys.push(Fnv::new(100).key());
    let mut prev = "<s>";
    for t in tokens {
        let w = t.lower.as_str();
        if shape(w) == "punct" {
            prev = "<p>";
            continue;
        }
        keys.push(Fnv::new(101).str(w).key());
        keys.push(Fnv::new(102).str(prev).str(w).key());
        prev = w;
    }
    // The lead (first two sentences) says what the text is about.
    let mut sentence = 0;
    let mut prev = "<s>";
    let mut stems: Vec<&str> = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        if t.sentence_start && i > 0 {
            sentence += 1;
        }
        let w = t.lower.as_str();
        if let Some(st) = trigger(w) {
            stems.push(st);
        }
        if sentence >= 2 || shape(w) == "punct" {
            continue;
        }
        keys.push(Fnv::new(103).str(w).key());
        keys.push(Fnv::new(104).str(prev).str(w).key());
        prev = w;
    }
    // How often each attack trigger occurs.
    stems.sort_unstable();
    for g in stems.chunk_by(|a, b| a == b) {
        keys.push(Fnv::new(105).str(g[0]).key());
        let mut h = Fnv::new(106).str(g[0]);
        h.byte(bucket(g.len()) as u8);
        keys.push(h.key());
    }
    crate::doc::extra_keys(
        tokens.len(),
        |i| tokens[i].lower.as_str(),
        |i| crate::doc::event_word(&tokens[i].lower),
        |i| tokens[i].sentence_start,
        &mut keys,
    );
    keys.sort_unstable();
    keys.dedup();
    keys
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::token::tokenize;

    #[test]
    fn same_features_in_any_case() {
        let p = Prior::default();
        let a = token_features(&tokenize("Gunmen KILLED the mayor of Lima."), &p);
        let b = token_features(&tokenize("gunmen killed the mayor of lima."), &p);
        assert_eq!(a.keys, b.keys);
        assert_eq!(a.offsets.len(), 8);
    }

    #[test]
    fn triggers_by_stem() {
        assert_eq!(trigger("kidnapped"), Some("kidnap"));
        assert_eq!(trigger("bombing"), Some("bomb"));
        assert_eq!(trigger("fire"), None);
        // As the plain scan of the stems in order.
        for w in [
            "", "b", "blown", "blew", "bombs", "shots", "shooting", "seized", "kill",
        ] {
            let plain = TRIGGER_STEMS
                .iter()
                .find(|s| w.starts_with(**s) && (**s != "fire" || w.len() > s.len()))
                .copied();
            assert_eq!(trigger(w), plain, "{w}");
        }
        assert_eq!(trigger("blows"), Some("blow"));
        assert_eq!(trigger("damaged"), Some("damag"));
        assert_eq!(trigger("fired"), Some("fire"));
        assert_eq!(trigger("mayor"), None);
    }
}
