//! Memory-based relevance: the training messages most like a text, and their
//! relevance. MUC-4 reports the same real events many times, so a text's nearest
//! training messages say something a bag-of-words classifier does not.
//!
//! A text's terms are the alphabetic words of three letters or more of its sentences
//! that hold an event word ([`crate::doc::event_word`]); its vector is sublinear term
//! frequency times the training IDF, L2-normalised (terms unseen in training dropped).
//! The score is the similarity-weighted share of relevant messages among the `k`
//! training messages of highest cosine similarity, times `weight`; it is added to the
//! relevance classifier's logit.
//!
//! The model keeps the training vectors as postings per term (message index and weight
//! quantised to 16 bits).
//!
//! Optionally (`types`, see [`Knn::set_types`]) the store also keeps each training
//! message's gold incident types; the similarity-weighted share of each type among the
//! `k` nearest *relevant* training messages is then added to the first-type scores
//! (times `kind_weight`) and to the per-type scores (times `type_weight`).

use crate::features::Fnv;
use crate::model::{KeyMap, Reader};
use crate::{RolesError, NK};

/// The training messages' vectors and labels.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Knn {
    /// Term key → index into `idf` and `starts`.
    index: KeyMap<u32>,
    /// Term keys, sorted (the order of `idf` and the postings).
    keys: Vec<u32>,
    idf: Vec<f32>,
    /// Postings of term `t`: `docs[starts[t]..starts[t + 1]]`, `weights` alike.
    starts: Vec<u32>,
    docs: Vec<u16>,
    weights: Vec<u16>,
    relevant: Vec<bool>,
    /// Per message, bit `t` when it reports an incident of type `t` (empty: no type
    /// shares; model files before them).
    types: Vec<u8>,
    /// The type shares' weight in the first-type scores.
    pub kind_weight: f32,
    /// The type shares' weight in the per-type scores.
    pub type_weight: f32,
    /// Neighbours counted.
    pub k: u32,
    /// The share's weight in the relevance score.
    pub weight: f32,
}

/// [`term_keys`] of tokenised text: the words' lower-cased forms, event words by
/// [`crate::doc::event_word`] (training and the reference path read this; `read.rs`
/// calls [`term_keys`] on its own buffer).
pub fn token_term_keys(tokens: &[crate::token::Token]) -> Vec<u32> {
    let mut out = Vec::new();
    term_keys(
        tokens.len(),
        |i| tokens[i].lower.as_str(),
        |i| crate::doc::event_word(&tokens[i].lower).is_some(),
        |i| tokens[i].sentence_start,
        &mut out,
    );
    out
}

/// The term keys of a text (with repeats): the alphabetic words of three letters or
/// more (`word(i)`, `i < n`) of each sentence (`sentence_start`) holding an event word
/// (`event(i)`).
pub fn term_keys<'a>(
    n: usize,
    word: impl Fn(usize) -> &'a str,
    event: impl Fn(usize) -> bool,
    sentence_start: impl Fn(usize) -> bool,
    out: &mut Vec<u32>,
) {
    let mut start = 0;
    while start < n {
        let mut end = start + 1;
        while end < n && !sentence_start(end) {
            end += 1;
        }
        if (start..end).any(&event) {
            for i in start..end {
                let w = word(i);
                if w.len() > 2 && w.bytes().all(|b| b.is_ascii_alphabetic()) {
                    out.push(Fnv::new(120).str(w).key());
                }
            }
        }
        start = end;
    }
}

/// Quantisation step of a posting's weight (weights lie in `[0, 1]`).
const UNIT: f32 = 1.0 / 65535.0;

impl Knn {
    pub fn is_empty(&self) -> bool {
        self.relevant.is_empty()
    }

    /// Fits the IDF and stores the vectors of `docs` (each a text's term keys, as
    /// [`term_keys`], and its relevance). Message indices are 16-bit in the store, so
    /// at most the first 65,535 messages are kept.
    pub fn fit(docs: &[(Vec<u32>, bool)], k: u32, weight: f32) -> Knn {
        let docs = &docs[..docs.len().min(usize::from(u16::MAX))];
        let mut df: KeyMap<f32> = KeyMap::default();
        for (terms, _) in docs {
            let mut t = terms.clone();
            t.sort_unstable();
            t.dedup();
            for key in t {
                *df.entry(key).or_default() += 1.0;
            }
        }
        let n = docs.len() as f32;
        // Terms in every message weigh nothing and are left out.
        let mut keys: Vec<u32> = df
            .iter()
            .filter(|&(_, &d)| d < n)
            .map(|(&key, _)| key)
            .collect();
        keys.sort_unstable();
        let idf: Vec<f32> = keys.iter().map(|key| (n / df[key]).ln()).collect();
        let index: KeyMap<u32> = keys
            .iter()
            .enumerate()
            .map(|(i, &key)| (key, i as u32))
            .collect();
        let mut out = Knn {
            index,
            keys,
            idf,
            starts: Vec::new(),
            docs: Vec::new(),
            weights: Vec::new(),
            relevant: docs.iter().map(|d| d.1).collect(),
            types: Vec::new(),
            kind_weight: 0.0,
            type_weight: 0.0,
            k,
            weight,
        };
        let mut postings: Vec<Vec<(u16, u16)>> = vec![Vec::new(); out.keys.len()];
        for (j, (terms, _)) in docs.iter().enumerate() {
            for (t, w) in out.vector(terms) {
                let q = (w / UNIT).round().clamp(0.0, 65535.0) as u16;
                postings[t as usize].push((j as u16, q));
            }
        }
        out.starts.push(0);
        for p in postings {
            for (d, w) in p {
                out.docs.push(d);
                out.weights.push(w);
            }
            out.starts.push(out.docs.len() as u32);
        }
        out
    }

    /// The normalised TF-IDF vector of a text's term keys: (term index, weight).
    fn vector(&self, terms: &[u32]) -> Vec<(u32, f32)> {
        let mut ids: Vec<u32> = terms
            .iter()
            .filter_map(|key| self.index.get(key).copied())
            .collect();
        ids.sort_unstable();
        let mut v: Vec<(u32, f32)> = ids
            .chunk_by(|a, b| a == b)
            .map(|g| {
                (
                    g[0],
                    (1.0 + (g.len() as f32).ln()) * self.idf[g[0] as usize],
                )
            })
            .collect();
        let norm = v.iter().map(|p| p.1 * p.1).sum::<f32>().sqrt();
        if norm > 0.0 {
            v.iter_mut().for_each(|p| p.1 /= norm);
        }
        v
    }

    /// Stores the training messages' incident types (bit `t`: a template of type `t`;
    /// one byte per message, in the order of [`Knn::fit`]) and the weights of their
    /// shares in the first-type and per-type scores.
    pub fn set_types(&mut self, types: Vec<u8>, kind_weight: f32, type_weight: f32) {
        self.types = types;
        self.kind_weight = kind_weight;
        self.type_weight = type_weight;
    }

    /// Whether the type shares are stored and weigh something.
    pub fn has_types(&self) -> bool {
        self.types.len() == self.relevant.len()
            && !self.types.is_empty()
            && (self.kind_weight != 0.0 || self.type_weight != 0.0)
    }

    /// Similarity-weighted share of relevant messages among the `k` training messages
    /// most similar to a text (its term keys); 0 when none is similar at all.
    /// Messages for which `skip` holds are not counted (a training message's own
    /// cross-validation fold).
    pub fn share(&self, terms: &[u32], skip: impl Fn(usize) -> bool) -> f32 {
        let sims = self.similarities(terms);
        self.relevant_share(&sims, &skip)
    }

    fn relevant_share(&self, sims: &[f32], skip: impl Fn(usize) -> bool) -> f32 {
        let top = top_k(sims, self.k as usize, skip);
        if top.is_empty() {
            return 0.0;
        }
        let total: f32 = top.iter().map(|p| p.0).sum();
        let rel: f32 = top.iter().filter(|p| self.relevant[p.1]).map(|p| p.0).sum();
        rel / total
    }

    /// Per incident type, the similarity-weighted share of the messages reporting it
    /// among the `k` *relevant* training messages most similar to a text (its term
    /// keys); all 0 when none is similar or no types are stored. Messages for which
    /// `skip` holds are not counted.
    pub fn type_shares(&self, terms: &[u32], skip: impl Fn(usize) -> bool) -> [f32; NK] {
        let sims = self.similarities(terms);
        self.shares_of_types(&sims, &skip)
    }

    fn shares_of_types(&self, sims: &[f32], skip: impl Fn(usize) -> bool) -> [f32; NK] {
        let mut out = [0f32; NK];
        if self.types.len() != self.relevant.len() {
            return out;
        }
        let top = top_k(sims, self.k as usize, |j| !self.relevant[j] || skip(j));
        let total: f32 = top.iter().map(|p| p.0).sum();
        if total <= 0.0 {
            return out;
        }
        for &(s, j) in &top {
            for (t, o) in out.iter_mut().enumerate() {
                if self.types[j] & (1 << t) != 0 {
                    *o += s;
                }
            }
        }
        out.iter_mut().for_each(|o| *o /= total);
        out
    }

    /// The (at most) `k` training messages most similar to a text (its term keys), as
    /// (cosine similarity, message index), in no particular order; messages of
    /// similarity 0 and those for which `skip` holds are left out.
    pub fn nearest(
        &self,
        terms: &[u32],
        k: usize,
        skip: impl Fn(usize) -> bool,
    ) -> Vec<(f32, usize)> {
        top_k(&self.similarities(terms), k, skip)
    }

    /// Cosine similarity of a text (its term keys) to every training message.
    fn similarities(&self, terms: &[u32]) -> Vec<f32> {
        let mut sims = vec![0f32; self.relevant.len()];
        for (t, x) in self.vector(terms) {
            let (a, b) = (
                self.starts[t as usize] as usize,
                self.starts[t as usize + 1] as usize,
            );
            for (&d, &w) in self.docs[a..b].iter().zip(&self.weights[a..b]) {
                sims[d as usize] += x * f32::from(w) * UNIT;
            }
        }
        sims
    }

    /// What the text's neighbours add to its relevance score, and, with types stored,
    /// the type shares (see [`Knn::type_shares`]; `None` without).
    pub fn scores(&self, terms: &[u32]) -> (f32, Option<[f32; NK]>) {
        if self.is_empty() {
            return (0.0, None);
        }
        let sims = self.similarities(terms);
        let rel = if self.weight == 0.0 {
            0.0
        } else {
            self.weight * self.relevant_share(&sims, |_| false)
        };
        let types = self
            .has_types()
            .then(|| self.shares_of_types(&sims, |_| false));
        (rel, types)
    }

    /// What the text's neighbours add to its relevance score.
    pub fn score(&self, terms: &[u32]) -> f32 {
        if self.is_empty() || self.weight == 0.0 {
            return 0.0;
        }
        self.weight * self.share(terms, |_| false)
    }

    /// Adds the weighted type shares to the first-type and per-type scores.
    pub fn add_type_shares(&self, shares: &[f32; NK], kind: &mut [f32; NK], types: &mut [f32; NK]) {
        for t in 0..NK {
            kind[t] += self.kind_weight * shares[t];
            types[t] += self.type_weight * shares[t];
        }
    }
}

/// The (at most) `k` messages of highest similarity `sims` (above 0, `skip` false), as
/// (similarity, index), in no particular order.
fn top_k(sims: &[f32], k: usize, skip: impl Fn(usize) -> bool) -> Vec<(f32, usize)> {
    // Each candidate as one integer whose order is the order wanted, highest similarity
    // first, ties by message index: a similarity above 0 is a positive float, whose bits
    // order as its values do (inverted: highest first), then the index. The selection
    // compares only, so it leaves them in the order it leaves the pairs in when it
    // compares those in the same order (the sums over them, in that order, stay the
    // same to the bit).
    let mut near: Vec<u64> = Vec::with_capacity(sims.len());
    near.extend(
        sims.iter()
            .enumerate()
            .filter(|&(j, &s)| s > 0.0 && !skip(j))
            .map(|(j, &s)| (u64::from(!s.to_bits()) << 32) | j as u64),
    );
    let k = k.min(near.len());
    if k == 0 {
        return Vec::new();
    }
    if k < near.len() {
        near.select_nth_unstable(k - 1);
    }
    near[..k]
        .iter()
        .map(|&x| {
            (
                f32::from_bits(!((x >> 32) as u32)),
                (x & 0xffff_ffff) as usize,
            )
        })
        .collect()
}

impl Knn {
    /// The type section of the model file (after the store's own, see
    /// [`Knn::write`]): the two weights, then one type byte per message. Written only
    /// when types are stored, so files without them read as before.
    pub(crate) fn write_types(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.kind_weight.to_le_bytes());
        out.extend_from_slice(&self.type_weight.to_le_bytes());
        out.extend_from_slice(&self.types);
    }

    /// Reads the type section into a store read before it.
    pub(crate) fn read_types(&mut self, r: &mut Reader) -> Result<(), RolesError> {
        self.kind_weight = r.f32()?;
        self.type_weight = r.f32()?;
        self.types = r.bytes(self.relevant.len())?.to_vec();
        Ok(())
    }

    pub(crate) fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.k.to_le_bytes());
        out.extend_from_slice(&self.weight.to_le_bytes());
        out.extend_from_slice(&(self.relevant.len() as u32).to_le_bytes());
        for chunk in self.relevant.chunks(8) {
            out.push(
                chunk
                    .iter()
                    .enumerate()
                    .fold(0u8, |m, (i, &r)| m | (u8::from(r) << i)),
            );
        }
        out.extend_from_slice(&(self.keys.len() as u32).to_le_bytes());
        for (t, key) in self.keys.iter().enumerate() {
            let (a, b) = (self.starts[t] as usize, self.starts[t + 1] as usize);
            out.extend_from_slice(&key.to_le_bytes());
            out.extend_from_slice(&self.idf[t].to_le_bytes());
            out.extend_from_slice(&((b - a) as u32).to_le_bytes());
            for (d, w) in self.docs[a..b].iter().zip(&self.weights[a..b]) {
                out.extend_from_slice(&d.to_le_bytes());
                out.extend_from_slice(&w.to_le_bytes());
            }
        }
    }

    pub(crate) fn read(r: &mut Reader) -> Result<Knn, RolesError> {
        let k = r.u32()?;
        let weight = r.f32()?;
        let n = r.u32()? as usize;
        let bits = r.bytes(n.div_ceil(8))?;
        let relevant = (0..n).map(|i| bits[i / 8] & (1 << (i % 8)) != 0).collect();
        let terms = r.u32()? as usize;
        let mut out = Knn {
            relevant,
            k,
            weight,
            ..Knn::default()
        };
        out.starts.push(0);
        for t in 0..terms {
            let key = r.u32()?;
            out.keys.push(key);
            out.index.insert(key, t as u32);
            out.idf.push(r.f32()?);
            let m = r.u32()? as usize;
            let b = r.bytes(4 * m)?;
            for p in b.chunks_exact(4) {
                let d = u16::from_le_bytes([p[0], p[1]]);
                if usize::from(d) >= n {
                    return Err(RolesError::BadPosting {
                        index: usize::from(d),
                        count: n,
                    });
                }
                out.docs.push(d);
                out.weights.push(u16::from_le_bytes([p[2], p[3]]));
            }
            out.starts.push(out.docs.len() as u32);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::token::tokenize;

    /// `top_k` as it was first written: the pairs selected by a comparator.
    fn top_k_by_pairs(sims: &[f32], k: usize, skip: impl Fn(usize) -> bool) -> Vec<(f32, usize)> {
        let mut near: Vec<(f32, usize)> = sims
            .iter()
            .enumerate()
            .filter(|&(j, &s)| s > 0.0 && !skip(j))
            .map(|(j, &s)| (s, j))
            .collect();
        let k = k.min(near.len());
        if k == 0 {
            return Vec::new();
        }
        let order = |a: &(f32, usize), b: &(f32, usize)| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1));
        if k < near.len() {
            near.select_nth_unstable_by(k - 1, order);
        }
        near.truncate(k);
        near
    }

    #[test]
    fn top_k_leaves_the_pairs_in_the_same_order() {
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        for len in [0usize, 1, 2, 9, 16, 17, 40, 63, 64, 65, 200, 1300] {
            for round in 0..6 {
                // Few distinct values (many ties), or many; some zero or negative.
                let sims: Vec<f32> = (0..len)
                    .map(|_| {
                        let r = next();
                        match round % 3 {
                            0 => (r % 7) as f32 / 8.0 - 0.125,
                            1 => (r % 1_000_003) as f32 / 1_000_003.0,
                            _ => f32::from_bits((r as u32) & 0x3fff_ffff) - 0.5,
                        }
                    })
                    .collect();
                for k in [
                    0,
                    1,
                    2,
                    5,
                    10,
                    15,
                    16,
                    17,
                    33,
                    len.saturating_sub(1),
                    len,
                    len + 1,
                ] {
                    for skip_odd in [false, true] {
                        let skip = |j: usize| skip_odd && j % 2 == 1;
                        let new: Vec<(u32, usize)> = top_k(&sims, k, skip)
                            .iter()
                            .map(|p| (p.0.to_bits(), p.1))
                            .collect();
                        let old: Vec<(u32, usize)> = top_k_by_pairs(&sims, k, skip)
                            .iter()
                            .map(|p| (p.0.to_bits(), p.1))
                            .collect();
                        assert_eq!(new, old, "len {len} round {round} k {k}");
                    }
                }
            }
        }
    }

    fn terms(text: &str) -> Vec<u32> {
        token_term_keys(&tokenize(text))
    }

    #[test]
    fn terms_of_event_sentences_only() {
        let t = terms("The talks went on. Rebels bombed a bridge in Tola.");
        let key = |w: &str| Fnv::new(120).str(w).key();
        assert_eq!(
            t,
            [key("rebels"), key("bombed"), key("bridge"), key("tola")]
        );
    }

    #[test]
    fn nearest_messages_vote_by_similarity() {
        let docs: Vec<(Vec<u32>, bool)> = [
            ("Rebels bombed a bridge in Tola.", true),
            ("Rebels bombed the bridge near Tola.", true),
            ("Troops killed in a clash with soldiers.", false),
            ("Soldiers killed in a clash near the border.", false),
        ]
        .iter()
        .map(|&(t, r)| (terms(t), r))
        .collect();
        let knn = Knn::fit(&docs, 2, 3.0);
        // A text like the first two: both neighbours relevant.
        let q = terms("A bridge in Tola was bombed.");
        assert_eq!(knn.share(&q, |_| false), 1.0);
        assert_eq!(knn.score(&q), 3.0);
        // Without those two, only messages sharing no term remain: no neighbour.
        assert_eq!(knn.share(&q, |j| j < 2), 0.0);
        // A text like the last two.
        assert_eq!(
            knn.share(&terms("Soldiers killed in a clash."), |_| false),
            0.0
        );
        // No event sentence: no terms, no neighbour.
        assert_eq!(knn.share(&terms("The talks went on."), |_| false), 0.0);
        // The model file keeps it.
        let mut bytes = Vec::new();
        knn.write(&mut bytes);
        let mut r = Reader::new(&bytes);
        let back = Knn::read(&mut r).expect("reads back");
        assert!(r.done());
        assert_eq!(back, knn);
        // A posting naming a message the store does not hold is refused: the four
        // messages' count is the third u32 (after k and the weight), one byte of
        // relevance bits follows, then the term count, then each term's key, IDF,
        // posting count and postings (message u16, weight u16).
        let first_posting = 4 + 4 + 4 + 1 + 4 + 4 + 4 + 4;
        let mut bad = bytes.clone();
        bad[first_posting..first_posting + 2].copy_from_slice(&9u16.to_le_bytes());
        let err = Knn::read(&mut Reader::new(&bad)).expect_err("message 9 of 4");
        assert_eq!(
            err.to_string(),
            "the model's neighbour store names message 9, but holds 4"
        );
    }

    #[test]
    fn type_shares_of_the_nearest_relevant_messages() {
        let docs: Vec<(Vec<u32>, bool)> = [
            ("Rebels bombed a bridge in Tola.", true),
            (
                "Rebels bombed the bridge and kidnapped a guard near Tola.",
                true,
            ),
            ("A bridge in Tola was bombed, the army said.", false),
            ("Troops killed in a clash with soldiers.", true),
        ]
        .iter()
        .map(|&(t, r)| (terms(t), r))
        .collect();
        let mut knn = Knn::fit(&docs, 2, 3.0);
        // Without types: no shares, and the model file has no type section.
        assert!(!knn.has_types());
        assert_eq!(knn.scores(&terms("A bridge was bombed.")).1, None);
        // Bombing (1) for the first two, kidnapping (2) for the second, attack (0) for
        // the last; the non-relevant message has none.
        knn.set_types(vec![0b10, 0b110, 0, 0b1], 2.0, 4.0);
        assert!(knn.has_types());
        let q = terms("A bridge in Tola was bombed.");
        let near = knn.nearest(&q, 4, |_| false);
        let sim = |j: usize| near.iter().find(|p| p.1 == j).map_or(0.0, |p| p.0);
        // The two nearest relevant messages (the non-relevant one is passed over):
        // bombing in both, kidnapping in the second only.
        let sh = knn.type_shares(&q, |_| false);
        let want2 = sim(1) / (sim(0) + sim(1));
        assert_eq!(sh, [0.0, 1.0, want2, 0.0, 0.0, 0.0]);
        assert!(want2 > 0.0 && want2 < 1.0);
        // Skipping the first message: the second alone.
        assert_eq!(
            knn.type_shares(&q, |j| j == 0),
            [0.0, 1.0, 1.0, 0.0, 0.0, 0.0]
        );
        // No similar relevant message: all zero.
        assert_eq!(knn.type_shares(&q, |j| j < 2), [0.0; NK]);
        // `scores`: the relevance share (the nearest two of all messages) and the
        // type shares from one pass.
        assert_eq!(knn.scores(&q), (knn.score(&q), Some(sh)));
        let mut kind = [1.0; NK];
        let mut types = [0.0; NK];
        knn.add_type_shares(&sh, &mut kind, &mut types);
        assert_eq!(kind, [1.0, 3.0, 1.0 + 2.0 * want2, 1.0, 1.0, 1.0]);
        assert_eq!(types, [0.0, 4.0, 4.0 * want2, 0.0, 0.0, 0.0]);
        // The model file keeps the types in their own section after the store's.
        let mut bytes = Vec::new();
        knn.write(&mut bytes);
        let plain = bytes.len();
        knn.write_types(&mut bytes);
        assert_eq!(bytes.len(), plain + 8 + 4);
        let mut r = Reader::new(&bytes);
        let mut back = Knn::read(&mut r).expect("reads back");
        assert!(!back.has_types());
        back.read_types(&mut r).expect("reads the types");
        assert!(r.done());
        assert_eq!(back, knn);
    }
}
