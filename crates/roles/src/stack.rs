//! The tagger's second, stacked pass (after Krishnan & Manning's two-stage CRF): the
//! first pass's tag scores and Viterbi path become features of a small second table
//! whose scores are added to the first pass's before the final decoding.
//!
//! For each token and role R, with `m[j][R]` token j's best score of R's begin or
//! inside tag over the outside tag, in units of the first pass's typical margin:
//! - the best `m[j][R]` over the other occurrences of the same word in the text, and
//!   how many of them the first pass tagged R (non-local evidence: a word tagged R
//!   elsewhere is more likely R here), for content words only;
//! - whether the sentence holds a first-pass span of R that does not cover the token.
//!
//! (The token's own bucketed margins and its and its neighbours' first-pass tags as
//! well did worse on dev; and the whole pass is off by default: see docs/roles.md.)
//!
//! Training reads jackknifed first passes (taggers trained without the message's
//! fold), so the second table learns how far the first pass can be trusted on text it
//! has not seen.

use crate::features::{bucket, key, TokenFeatures, WordMap};
use crate::{tag_role, viterbi, NT};

/// Whether a word counts for the non-local features (no determiner, number or
/// punctuation).
pub(crate) fn content(w: &str) -> bool {
    !crate::features::is_skip(w) && crate::features::shape(w) != "punct"
}

/// Margin buckets: thresholds in units of the typical margin.
const CUTS: [f32; 9] = [-2.0, -1.0, -0.5, -0.25, 0.0, 0.25, 0.5, 1.0, 2.0];

fn q(x: f32) -> u64 {
    CUTS.iter().take_while(|&&c| x >= c).count() as u64
}

/// Token j's best score of each role over the outside tag.
fn margins(row: &[f32; NT]) -> [f32; 5] {
    std::array::from_fn(|r| row[1 + 2 * r].max(row[2 + 2 * r]) - row[0])
}

/// The first-pass Viterbi path of every sentence.
pub(crate) fn first_path(
    em: &[[f32; NT]],
    trans: &[[f32; NT]; NT + 1],
    sents: &[(usize, usize)],
) -> Vec<usize> {
    let mut path = vec![0usize; em.len()];
    for &(s, e) in sents {
        path[s..e].copy_from_slice(&viterbi(&em[s..e], trans));
    }
    path
}

/// The stacked features of every token: `em` the first pass's (unbiased) tag scores,
/// `path` its Viterbi path, `words` each token's word hash, `content` whether the
/// token is a content word, `unit` the first pass's typical margin.
pub(crate) fn stack_features(
    em: &[[f32; NT]],
    path: &[usize],
    words: &[u64],
    content: &[bool],
    sents: &[(usize, usize)],
    unit: f32,
) -> TokenFeatures {
    let n = em.len();
    let unit = if unit > 0.0 { unit } else { 1.0 };
    let m: Vec<[f32; 5]> = em
        .iter()
        .map(|row| margins(row).map(|x| x / unit))
        .collect();
    // Per content word: the two best margins of each role (and the best's token), and
    // how many of its tokens the first pass tagged with each role.
    #[derive(Clone, Copy)]
    struct W {
        best: [(f32, usize); 5],
        second: [f32; 5],
        tagged: [u32; 5],
    }
    let mut per: WordMap<W> = WordMap::default();
    for i in 0..n {
        if !content[i] {
            continue;
        }
        let e = per.entry(words[i]).or_insert(W {
            best: [(f32::NEG_INFINITY, usize::MAX); 5],
            second: [f32::NEG_INFINITY; 5],
            tagged: [0; 5],
        });
        for (r, &x) in m[i].iter().enumerate() {
            if x > e.best[r].0 {
                e.second[r] = e.best[r].0;
                e.best[r] = (x, i);
            } else if x > e.second[r] {
                e.second[r] = x;
            }
        }
        if let Some((role, _)) = tag_role(path[i]) {
            e.tagged[role as usize] += 1;
        }
    }
    // Per sentence: the tokens of its first-pass spans of each role.
    let mut sent_of = vec![0usize; n];
    let mut in_sent: Vec<[u32; 5]> = Vec::with_capacity(sents.len());
    for (k, &(s, e)) in sents.iter().enumerate() {
        let mut c = [0u32; 5];
        for i in s..e {
            sent_of[i] = k;
            if let Some((role, _)) = tag_role(path[i]) {
                c[role as usize] += 1;
            }
        }
        in_sent.push(c);
    }
    let mut keys = Vec::with_capacity(n * 20);
    let mut offsets = Vec::with_capacity(n + 1);
    offsets.push(0);
    for i in 0..n {
        let own = tag_role(path[i]).map(|(r, _)| r as usize);
        let c = in_sent.get(sent_of[i]).copied().unwrap_or([0; 5]);
        for (r, &k) in c.iter().enumerate() {
            if k > u32::from(own == Some(r)) {
                keys.push(key(75, &[r as u64]));
            }
        }
        if content[i] {
            if let Some(w) = per.get(&words[i]) {
                let mut alone = true;
                for r in 0..5 {
                    let other = if w.best[r].1 == i {
                        w.second[r]
                    } else {
                        w.best[r].0
                    };
                    if other > f32::NEG_INFINITY {
                        alone = false;
                        keys.push(key(76, &[r as u64, q(other)]));
                    }
                    let t = w.tagged[r] - u32::from(own == Some(r));
                    if t > 0 {
                        keys.push(key(77, &[r as u64, u64::from(bucket(t as usize))]));
                    }
                }
                if alone {
                    keys.push(key(78, &[]));
                }
            }
        }
        offsets.push(keys.len());
    }
    TokenFeatures { keys, offsets }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(o: f32, tag: usize, x: f32) -> [f32; NT] {
        let mut r = [0f32; NT];
        r[0] = o;
        r[tag] = x;
        r
    }

    #[test]
    fn a_word_tagged_elsewhere_gets_the_non_local_keys() {
        // Tokens: "guerrillas attacked . guerrillas fled", words 1 and 4 the same.
        let em = [
            row(0.0, 1, 2.0),
            row(1.0, 0, 0.0),
            row(1.0, 0, 0.0),
            row(0.5, 1, 0.0),
            row(1.0, 0, 0.0),
        ];
        let path = [1, 0, 0, 0, 0];
        let words = [7u64, 8, 9, 7, 10];
        let content = [true, true, false, true, true];
        let sents = [(0, 3), (3, 5)];
        let f = stack_features(&em, &path, &words, &content, &sents, 1.0);
        // Token 3 sees token 0's PerpInd margin (2.0: bucket 9) and its tag.
        let k3 = f.of(3);
        assert!(k3.contains(&key(76, &[0, q(2.0)])));
        assert!(k3.contains(&key(77, &[0, 1])));
        // Token 0 sees token 3's margin (-0.5) and no tagged occurrence elsewhere.
        let k0 = f.of(0);
        assert!(k0.contains(&key(76, &[0, q(-0.5)])));
        assert!(!k0.iter().any(|&k| k == key(77, &[0, 1])));
        // Token 1 is alone in the text; token 2 is no content word.
        assert!(f.of(1).contains(&key(78, &[])));
        assert!(!f.of(2).iter().any(|&k| k == key(78, &[])));
        // Sentence 0 holds a PerpInd span outside token 1, not outside token 0.
        assert!(f.of(1).contains(&key(75, &[0])));
        assert!(!f.of(0).contains(&key(75, &[0])));
        assert!(!f.of(3).contains(&key(75, &[0])));
    }

    #[test]
    fn margin_buckets() {
        assert_eq!(q(-3.0), 0);
        assert_eq!(q(-2.0), 1);
        assert_eq!(q(0.1), 5);
        assert_eq!(q(5.0), 9);
    }
}
