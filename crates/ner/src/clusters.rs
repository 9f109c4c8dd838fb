//! Word clusters learned from unlabelled text: a binary tree over the frequent words,
//! built by splitting the words in two again and again (spherical 2-means) by the
//! company they keep (the words seen just before and after them, weighted by positive
//! pointwise mutual information). A word's cluster is its path from the root, so its
//! prefixes are coarser clusters, as Brown clusters are used (Ratinov & Roth 2009).
//!
//! Words are keyed by the tagger's word hash (lower-cased, digits folded to `0`), so
//! one table serves mixed-, lower- and upper-case text.

use std::collections::HashMap;

/// Settings of [`Clusters::learn`].
#[derive(Debug, Clone, Copy)]
pub struct ClusterOptions {
    /// Words seen fewer times are not clustered.
    pub min_count: usize,
    /// At most this many words (the most frequent) are clustered.
    pub max_words: usize,
    /// Context words (the most frequent), left and right.
    pub contexts: usize,
    /// Depth of the tree (bits of a path).
    pub depth: u32,
    /// Passes of 2-means per split.
    pub iterations: usize,
}

impl Default for ClusterOptions {
    fn default() -> Self {
        Self {
            min_count: 3,
            max_words: 40_000,
            contexts: 300,
            depth: 12,
            iterations: 6,
        }
    }
}

/// Word hash → path in the tree: `1` followed by the branch bits (so that paths of
/// different lengths differ), 0 for words not clustered.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Clusters {
    paths: HashMap<u32, u32>,
}

/// The table's key of a word hash.
#[inline]
fn key(word: u64) -> u32 {
    (word >> 32) as u32
}

impl Clusters {
    /// The path of a word hash (0: none).
    #[inline]
    pub fn path(&self, word: u64) -> u32 {
        if self.paths.is_empty() {
            return 0;
        }
        self.paths.get(&key(word)).copied().unwrap_or(0)
    }

    /// Number of words.
    pub fn len(&self) -> usize {
        self.paths.len()
    }

    /// No words.
    pub fn is_empty(&self) -> bool {
        self.paths.is_empty()
    }

    /// `(key, path)` pairs, sorted by key (for the model file).
    pub(crate) fn entries(&self) -> Vec<(u32, u32)> {
        let mut v: Vec<(u32, u32)> = self.paths.iter().map(|(&k, &p)| (k, p)).collect();
        v.sort_unstable();
        v
    }

    pub(crate) fn from_entries(entries: impl IntoIterator<Item = (u32, u32)>) -> Self {
        Self {
            paths: entries.into_iter().collect(),
        }
    }

    /// Learns clusters from sentences given as word hashes (`TokenHashes::word`).
    /// Deterministic.
    pub fn learn(sentences: &[Vec<u64>], opts: &ClusterOptions) -> Self {
        // Counts, with ties broken by hash so that the order is deterministic.
        let mut counts: HashMap<u64, usize> = HashMap::new();
        for s in sentences {
            for &w in s {
                *counts.entry(w).or_default() += 1;
            }
        }
        let mut by_freq: Vec<(u64, usize)> = counts.into_iter().collect();
        by_freq.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let words: Vec<u64> = by_freq
            .iter()
            .take_while(|(_, c)| *c >= opts.min_count)
            .take(opts.max_words)
            .map(|(w, _)| *w)
            .collect();
        if words.len() < 2 {
            return Self::default();
        }
        let index: HashMap<u64, usize> = words.iter().enumerate().map(|(i, &w)| (w, i)).collect();
        // Context columns: the most frequent words, plus one for the sentence edge.
        let nctx = opts.contexts.min(words.len());
        let edge = nctx;
        let side = nctx + 1;
        let dim = 2 * side;
        let ctx_of = |w: Option<u64>| -> Option<usize> {
            match w {
                None => Some(edge),
                Some(w) => index.get(&w).copied().filter(|&i| i < nctx),
            }
        };
        let mut co = vec![0f32; words.len() * dim];
        for s in sentences {
            for (j, w) in s.iter().enumerate() {
                let Some(&i) = index.get(w) else { continue };
                let left = if j == 0 { None } else { Some(s[j - 1]) };
                if let Some(c) = ctx_of(left) {
                    co[i * dim + c] += 1.0;
                }
                if let Some(c) = ctx_of(s.get(j + 1).copied()) {
                    co[i * dim + side + c] += 1.0;
                }
            }
        }
        // Positive PMI per side, then unit length.
        let mut col = vec![0f64; dim];
        let mut total = [0f64; 2];
        for row in co.chunks_exact(dim) {
            for (c, &x) in row.iter().enumerate() {
                col[c] += f64::from(x);
                total[c / side] += f64::from(x);
            }
        }
        for row in co.chunks_exact_mut(dim) {
            for half in 0..2 {
                let r = &mut row[half * side..(half + 1) * side];
                let n: f64 = r.iter().map(|&x| f64::from(x)).sum();
                for (c, x) in r.iter_mut().enumerate() {
                    let cc = col[half * side + c];
                    *x = if *x > 0.0 && n > 0.0 && cc > 0.0 {
                        (f64::from(*x) * total[half] / (n * cc)).ln().max(0.0) as f32
                    } else {
                        0.0
                    };
                }
            }
            let norm = row.iter().map(|x| x * x).sum::<f32>().sqrt();
            if norm > 0.0 {
                for x in row.iter_mut() {
                    *x /= norm;
                }
            }
        }
        // Split top-down; `paths[i]` grows a bit per level.
        let mut paths = vec![1u32; words.len()];
        let mut groups: Vec<Vec<usize>> = vec![(0..words.len()).collect()];
        for _ in 0..opts.depth {
            let mut next = Vec::with_capacity(groups.len() * 2);
            for g in groups {
                if g.len() < 2 {
                    if !g.is_empty() {
                        next.push(g);
                    }
                    continue;
                }
                let (a, b) = split(&co, dim, &g, opts.iterations);
                for &i in &a {
                    paths[i] <<= 1;
                }
                for &i in &b {
                    paths[i] = (paths[i] << 1) | 1;
                }
                next.push(a);
                next.push(b);
            }
            groups = next;
        }
        Self {
            paths: words
                .iter()
                .zip(&paths)
                .map(|(&w, &p)| (key(w), p))
                .collect(),
        }
    }
}

/// Splits the rows `g` of `x` (`dim` wide, unit length) in two by spherical 2-means,
/// seeded by the first row (the most frequent word) and the row least like it.
fn split(x: &[f32], dim: usize, g: &[usize], iterations: usize) -> (Vec<usize>, Vec<usize>) {
    let row = |i: usize| &x[i * dim..(i + 1) * dim];
    let dot = |a: &[f32], b: &[f32]| a.iter().zip(b).map(|(p, q)| p * q).sum::<f32>();
    let first = row(g[0]);
    let far = g
        .iter()
        .copied()
        .min_by(|&a, &b| dot(row(a), first).total_cmp(&dot(row(b), first)))
        .unwrap_or(g[0]);
    let mut c = [first.to_vec(), row(far).to_vec()];
    let mut side = vec![false; g.len()];
    for _ in 0..iterations.max(1) {
        for (k, &i) in g.iter().enumerate() {
            side[k] = dot(row(i), &c[1]) > dot(row(i), &c[0]);
        }
        let mut sums = [vec![0f32; dim], vec![0f32; dim]];
        for (k, &i) in g.iter().enumerate() {
            for (s, &v) in sums[usize::from(side[k])].iter_mut().zip(row(i)) {
                *s += v;
            }
        }
        for (ck, s) in c.iter_mut().zip(sums) {
            let norm = s.iter().map(|x| x * x).sum::<f32>().sqrt();
            if norm > 0.0 {
                *ck = s.iter().map(|x| x / norm).collect();
            }
        }
    }
    let (mut a, mut b) = (Vec::new(), Vec::new());
    for (k, &i) in g.iter().enumerate() {
        if side[k] {
            b.push(i);
        } else {
            a.push(i);
        }
    }
    // A degenerate split (all on one side): halve by frequency instead.
    if a.is_empty() || b.is_empty() {
        let mut all = g.to_vec();
        let rest = all.split_off(all.len() / 2);
        return (all, rest);
    }
    (a, b)
}
