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
