//! The entity-level second stage: the tagger's spans of one role with the same
//! normalised string are one candidate filler, and a logistic-regression classifier
//! over features aggregated across the candidate's mentions (how often and how
//! confidently it is tagged, where it first occurs, its head word and words around,
//! whether other roles claim the string) scores it. Trained on the training messages
//! read by jackknifed taggers (each trained without the message's fold), so its inputs
//! look like the ones it sees at test time (docs/roles.md).

use std::sync::atomic::{AtomicU64, Ordering};

use crate::features::{bucket, key, wh};
use crate::model::Table;
use crate::score::normalize;
use crate::{Raw, Role};

/// Real-valued features per candidate (each with a weight per role): the best and the
/// mean margin of its spans in units of the tagger's typical margin.
pub const NR: usize = 2;

/// Feature templates left out (bit `t - 200` for template `t`): for experiments.
pub static DROP: AtomicU64 = AtomicU64::new(0);

/// A candidate's features: hashed keys (each worth 1) and the real-valued ones.
#[derive(Debug, Clone, Default)]
pub struct Feats {
    pub keys: Vec<u32>,
    pub real: [f32; NR],
}

/// The entity classifier's logit for a candidate of `role`.
pub fn score(table: &Table<1>, real_w: &[f32; 5 * NR], role: Role, f: &Feats) -> f32 {
    let r = role as usize;
    table.score(&f.keys)[0]
        + f.real
            .iter()
            .zip(&real_w[r * NR..(r + 1) * NR])
            .map(|(x, w)| x * w)
            .sum::<f32>()
}

/// One candidate filler: the spans of one role with one normalised string.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub role: Role,
    /// The normalised string.
    pub key: String,
    /// Index into `Raw::spans` of each mention, in text order.
    pub spans: Vec<usize>,
}

/// Groups the spans of `raw` into candidates, in order of first mention.
pub fn candidates(text: &str, raw: &Raw) -> Vec<Candidate> {
    let mut out: Vec<Candidate> = Vec::new();
    for (i, sp) in raw.spans.iter().enumerate() {
        let Some(mention) = text.get(sp.start..sp.end) else {
            continue;
        };
        let key = normalize(mention);
        if key.is_empty() {
            continue;
        }
        match out.iter_mut().find(|c| c.role == sp.role && c.key == key) {
            Some(c) => c.spans.push(i),
            None => out.push(Candidate {
                role: sp.role,
                key,
                spans: vec![i],
            }),
        }
    }
    out
}

/// The head word of a normalised string: the last word before a preposition or
/// relative pronoun ("guerrillas of the fmln" → "guerrillas"), else the last word.
fn head(key: &str) -> &str {
    let mut last = "";
    for w in key.split(' ') {
        if matches!(w, "of" | "from" | "in" | "at" | "who" | "on" | "near") && !last.is_empty() {
            return last;
        }
        last = w;
    }
    last
}

/// The word before byte `at` and the word from byte `at` on in `text` (lower-cased,
/// letters and digits only), empty at the ends.
fn word_before(text: &str, at: usize) -> String {
    let b = text.as_bytes();
    let mut e = at.min(b.len());
    while e > 0 && !b[e - 1].is_ascii_alphanumeric() {
        e -= 1;
    }
    let mut s = e;
    while s > 0 && b[s - 1].is_ascii_alphanumeric() {
        s -= 1;
    }
    text.get(s..e).unwrap_or("").to_ascii_lowercase()
}

fn word_after(text: &str, at: usize) -> String {
    let b = text.as_bytes();
    let mut s = at.min(b.len());
    while s < b.len() && !b[s].is_ascii_alphanumeric() {
        s += 1;
    }
    let mut e = s;
    while e < b.len() && b[e].is_ascii_alphanumeric() {
        e += 1;
    }
    text.get(s..e).unwrap_or("").to_ascii_lowercase()
}

/// A margin in units of the tagger's typical margin, bucketed by quarters.
fn margin_bucket(m: f32, unit: f32) -> u64 {
    let q = (m / unit.max(1e-6) * 4.0).floor();
    (q.clamp(-8.0, 12.0) as i64 + 8) as u64
}

/// The features of candidate `i` of `cands` (read from `raw` of `text`, `lower` its
/// lower-cased copy) as hashed
/// keys. `bias` is the outside bias the spans were decoded under (subtracted back from
/// their margins), `unit` the tagger's typical margin.
#[allow(clippy::too_many_arguments)]
pub fn features(
    text: &str,
    lower: &str,
    raw: &Raw,
    cands: &[Candidate],
    i: usize,
    bias: f32,
    unit: f32,
    out: &mut Feats,
) {
    out.keys.clear();
    let c = &cands[i];
    let r = c.role as u64 + 1;
    let margins: Vec<f32> = c.spans.iter().map(|&s| raw.spans[s].score - bias).collect();
    let max = margins.iter().fold(f32::NEG_INFINITY, |m, &x| m.max(x));
    let mean = margins.iter().sum::<f32>() / margins.len().max(1) as f32;
    let first = &raw.spans[c.spans[0]];
    let sentence = raw.sentence_starts.partition_point(|&s| s <= first.start);
    let words: Vec<&str> = c.key.split(' ').collect();
    let hd = head(&c.key);
    // Other roles claiming the same string, and this role's rank among them.
    let mut other = 0usize;
    let mut best_other = f32::NEG_INFINITY;
    for (j, o) in cands.iter().enumerate() {
        if j != i && o.key == c.key {
            other += o.spans.len();
            for &s in &o.spans {
                best_other = best_other.max(raw.spans[s].score - bias);
            }
        }
    }
    // Rank by best margin among this role's candidates.
    let rank = cands
        .iter()
        .enumerate()
        .filter(|(j, o)| {
            *j != i && o.role == c.role && o.spans.iter().any(|&s| raw.spans[s].score - bias > max)
        })
        .count();
    let role_spans: usize = cands
        .iter()
        .filter(|o| o.role == c.role)
        .map(|o| o.spans.len())
        .sum();
    let padded = format!(" {} ", c.key);
    let contained = cands
        .iter()
        .any(|o| o.role == c.role && o.key != c.key && format!(" {} ", o.key).contains(&padded));
    let contains = cands
        .iter()
        .any(|o| o.role == c.role && o.key != c.key && padded.contains(&format!(" {} ", o.key)));
    let mb = margin_bucket(max, unit);
    let prev = word_before(text, first.start);
    let next = word_after(text, first.end);
    let surface = text
        .get(first.start..first.end)
        .unwrap_or("")
        .to_lowercase();
    let occurrences = if surface.is_empty() {
        0
    } else {
        lower.matches(surface.as_str()).count()
    };
    let has_digit = c.key.bytes().any(|b| b.is_ascii_digit());
    let drop = DROP.load(Ordering::Relaxed);
    let mut push = |t: u64, k: u32| {
        if drop & (1 << (t - 200)) == 0 {
            out.keys.push(k);
        }
    };
    let u = unit.max(1e-6);
    out.real = [(max / u).clamp(-4.0, 6.0), (mean / u).clamp(-4.0, 6.0)];
    push(200, key(200, &[r]));
    push(201, key(201, &[r, u64::from(bucket(margins.len()))]));
    push(202, key(202, &[r, mb]));
    push(203, key(203, &[r, margin_bucket(mean, unit) / 2]));
    push(204, key(204, &[r, u64::from(bucket(other))]));
    push(
        205,
        key(205, &[r, u64::from(other == 0 || max >= best_other)]),
    );
    push(206, key(206, &[r, u64::from(bucket(occurrences))]));
    push(207, key(207, &[r, sentence.min(8) as u64]));
    push(208, key(208, &[r, words.len().min(6) as u64]));
    push(209, key(209, &[r, wh(hd)]));
    push(210, key(210, &[r, wh(words[0])]));
    push(211, key(211, &[r, wh(&c.key)]));
    push(212, key(212, &[r, u64::from(has_digit)]));
    push(213, key(213, &[r, wh(&prev)]));
    push(214, key(214, &[r, wh(&next)]));
    push(
        215,
        key(215, &[r, u64::from(contained), u64::from(contains)]),
    );
    push(217, key(217, &[r, u64::from(bucket(role_spans))]));
    push(218, key(218, &[r, rank.min(5) as u64]));
    push(219, key(219, &[r, wh(hd), mb / 4]));
    push(
        220,
        key(220, &[r, u64::from(bucket(margins.len())), mb / 2]),
    );
}

/// A reading whose spans are scored by probability (tag marginals at absolute
/// temperature `temp`) with each probability turned back into a margin,
/// `temp · ln(p / (1 - p))`, so that [`features`] (with bias 0) reads it on the scale
/// of the tagger's margins.
pub fn probabilities_as_margins(raw: &Raw, temp: f32) -> Raw {
    let mut out = raw.clone();
    for s in &mut out.spans {
        let p = s.score.clamp(1e-6, 1.0 - 1e-6);
        s.score = temp * (p / (1.0 - p)).ln();
    }
    out
}

/// The noisy-or (`1 - prod(1 - p)`) and the best of candidate `c`'s span
/// probabilities (`probs`: the reading its spans index, scored by probability).
pub fn probabilities(probs: &Raw, c: &Candidate) -> (f32, f32) {
    let mut none = 1.0f32;
    let mut best = 0.0f32;
    for &s in &c.spans {
        let p = probs.spans.get(s).map_or(0.0, |x| x.score.clamp(0.0, 1.0));
        none *= 1.0 - p;
        best = best.max(p);
    }
    (1.0 - none, best)
}

/// Adds the keys of candidate `c`'s span probabilities to `out`: the noisy-or and the
/// best probability by tenths, and the number of spans of probability 0.5 or more.
pub fn probability_keys(probs: &Raw, c: &Candidate, out: &mut Feats) {
    let r = c.role as u64 + 1;
    let (or, best) = probabilities(probs, c);
    let tenth = |p: f32| ((p * 10.0).floor() as u64).min(9);
    let sure = c
        .spans
        .iter()
        .filter(|&&s| probs.spans.get(s).is_some_and(|x| x.score >= 0.5))
        .count();
    out.keys.push(key(221, &[r, tenth(or)]));
    out.keys.push(key(222, &[r, tenth(best)]));
    out.keys.push(key(223, &[r, u64::from(bucket(sure))]));
}

/// Adds the keys of candidate `c`'s Viterbi margin to `out`: whether any of its spans
/// (in `probs`, the reading its spans index) is a span of `margins` (the same tagger's
/// Viterbi reading, spans scored by mean margin), and the best such margin less `bias`
/// in quarters of `unit`.
pub fn viterbi_keys(
    margins: &Raw,
    probs: &Raw,
    c: &Candidate,
    bias: f32,
    unit: f32,
    out: &mut Feats,
) {
    let r = c.role as u64 + 1;
    let best = c
        .spans
        .iter()
        .filter_map(|&s| probs.spans.get(s))
        .filter_map(|p| {
            margins
                .spans
                .iter()
                .find(|m| m.role == p.role && m.start == p.start && m.end == p.end)
        })
        .map(|m| m.score - bias)
        .fold(None, |b: Option<f32>, x| Some(b.map_or(x, |b| b.max(x))));
    match best {
        Some(m) => {
            out.keys.push(key(224, &[r, 1]));
            out.keys.push(key(225, &[r, margin_bucket(m, unit)]));
        }
        None => out.keys.push(key(224, &[r, 0])),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Span;

    fn reading(scores: &[(Role, usize, usize, f32)]) -> Raw {
        Raw {
            spans: scores
                .iter()
                .map(|&(role, start, end, score)| Span {
                    role,
                    start,
                    end,
                    score,
                })
                .collect(),
            relevance: 0.0,
            kind: 0,
            types: Default::default(),
            cues: Vec::new(),
            sentence_starts: vec![0],
        }
    }

    #[test]
    fn probabilities_of_candidates_and_their_margins() {
        // "the mayor" tagged twice as Victim (0.5, 0.75), once as Target (0.2).
        let text = "the mayor met the Mayor and the mayor left";
        let raw = reading(&[
            (Role::Victim, 0, 9, 0.5),
            (Role::Victim, 14, 23, 0.75),
            (Role::Target, 28, 37, 0.2),
        ]);
        let cands = candidates(text, &raw);
        assert_eq!(cands.len(), 2);
        assert_eq!(cands[0].spans, vec![0, 1]);
        let (or, best) = probabilities(&raw, &cands[0]);
        assert!((or - 0.875).abs() < 1e-6, "{or}");
        assert_eq!(best, 0.75);
        let (or, best) = probabilities(&raw, &cands[1]);
        assert!((or - 0.2).abs() < 1e-6 && (best - 0.2).abs() < 1e-6);
        // p 0.5 is margin 0; 0.75 is temp · ln 3; 0.2 is -temp · ln 4.
        let m = probabilities_as_margins(&raw, 2.0);
        assert!(m.spans[0].score.abs() < 1e-6);
        assert!((m.spans[1].score - 2.0 * 3f32.ln()).abs() < 1e-5);
        assert!((m.spans[2].score + 2.0 * 4f32.ln()).abs() < 1e-5);
        // Noisy-or 0.875 → tenth 8, best 0.75 → 7, two spans at 0.5 or more.
        let mut f = Feats::default();
        probability_keys(&raw, &cands[0], &mut f);
        let r = Role::Victim as u64 + 1;
        assert_eq!(
            f.keys,
            vec![key(221, &[r, 8]), key(222, &[r, 7]), key(223, &[r, 2])]
        );
        // The Viterbi reading holds the second Victim span (margin 3 over bias 1: two
        // units of 1, bucket 8 + 8) and not the Target one.
        let viterbi = reading(&[(Role::Victim, 14, 23, 3.0), (Role::Target, 0, 9, 9.0)]);
        let mut f = Feats::default();
        viterbi_keys(&viterbi, &raw, &cands[0], 1.0, 1.0, &mut f);
        assert_eq!(f.keys, vec![key(224, &[r, 1]), key(225, &[r, 16])]);
        let mut f = Feats::default();
        viterbi_keys(&viterbi, &raw, &cands[1], 1.0, 1.0, &mut f);
        let t = Role::Target as u64 + 1;
        assert_eq!(f.keys, vec![key(224, &[t, 0])]);
    }
}
