//! The document classifiers' learner: L2-regularised logistic regression over binary
//! document features scaled by their naive-Bayes log-count ratios (NB-LR, after Wang &
//! Manning's NB-SVM), one binary classifier per output column.
//!
//! A feature `f` present in a document contributes `w_f · r_f`, where `r_f` is the log
//! ratio of its smoothed frequency among the positive and the negative documents; the
//! weights `w` are fitted by full-batch gradient descent (Adam) on the mean log loss
//! plus `l2 · |w|²`. The saved row of `f` is `w_f · r_f`, so reading stays a sum of
//! rows. The bias feature (present in every document) is not scaled.

use crate::model::KeyMap;

/// Settings of the NB-LR learner.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LrOptions {
    /// L2 penalty on the (scaled) weights.
    pub l2: f32,
    /// Full-batch gradient steps.
    pub iters: usize,
    /// Additive smoothing of the naive-Bayes counts.
    pub alpha: f32,
    /// Adam's step size.
    pub rate: f32,
}

impl Default for LrOptions {
    fn default() -> Self {
        LrOptions {
            l2: 3e-3,
            iters: 150,
            alpha: 1.0,
            rate: 0.05,
        }
    }
}

/// The key of the bias feature of [`crate::features::doc_features`] (every document has
/// it).
pub fn bias_key() -> u32 {
    crate::features::Fnv::new(100).key()
}

/// Documents as indices into one feature list.
pub(crate) struct Indexed {
    pub keys: Vec<u32>,
    pub docs: Vec<Vec<u32>>,
    /// Index of the bias feature, when some document has it.
    pub bias: Option<u32>,
}

impl Indexed {
    /// Indexes `docs` (each a list of distinct feature keys); `bias_key` is the feature
    /// every document carries.
    pub fn new<'a>(docs: impl Iterator<Item = &'a [u32]>, bias_key: u32) -> Self {
        let mut index: KeyMap<u32> = KeyMap::default();
        let mut keys = Vec::new();
        let docs: Vec<Vec<u32>> = docs
            .map(|d| {
                d.iter()
                    .map(|&k| {
                        *index.entry(k).or_insert_with(|| {
                            keys.push(k);
                            keys.len() as u32 - 1
                        })
                    })
                    .collect()
            })
            .collect();
        let bias = index.get(&bias_key).copied();
        Indexed { keys, docs, bias }
    }
}

/// Fits one binary NB-LR classifier on the documents `which` (indices into
/// `data.docs`) with labels `y`; returns the weight of every feature (`w_f · r_f`),
/// indexed like `data.keys`.
pub(crate) fn nb_logreg(data: &Indexed, which: &[usize], y: &[bool], opts: &LrOptions) -> Vec<f32> {
    let nf = data.keys.len();
    // Naive-Bayes log-count ratios.
    let mut pos = vec![0f32; nf];
    let mut neg = vec![0f32; nf];
    for (&d, &label) in which.iter().zip(y) {
        let counts = if label { &mut pos } else { &mut neg };
        for &f in &data.docs[d] {
            counts[f as usize] += 1.0;
        }
    }
    let present: Vec<bool> = pos.iter().zip(&neg).map(|(a, b)| a + b > 0.0).collect();
    let seen = present.iter().filter(|&&p| p).count() as f32;
    let sp: f32 = pos.iter().sum::<f32>() + opts.alpha * seen;
    let sn: f32 = neg.iter().sum::<f32>() + opts.alpha * seen;
    let mut r: Vec<f32> = (0..nf)
        .map(|f| {
            if present[f] {
                (((pos[f] + opts.alpha) / sp) / ((neg[f] + opts.alpha) / sn)).ln()
            } else {
                0.0
            }
        })
        .collect();
    if let Some(b) = data.bias {
        r[b as usize] = 1.0;
    }
    // Gradient descent on the scaled weights.
    let mut w = vec![0f32; nf];
    let mut m = vec![0f32; nf];
    let mut v = vec![0f32; nf];
    let mut g = vec![0f32; nf];
    let n = which.len().max(1) as f32;
    let (b1, b2) = (0.9f32, 0.999f32);
    let (mut p1, mut p2) = (1f32, 1f32);
    for _ in 0..opts.iters {
        g.iter_mut().for_each(|x| *x = 0.0);
        for (&d, &label) in which.iter().zip(y) {
            let z: f32 = data.docs[d]
                .iter()
                .map(|&f| w[f as usize] * r[f as usize])
                .sum();
            let e = (1.0 / (1.0 + (-z).exp()) - if label { 1.0 } else { 0.0 }) / n;
            for &f in &data.docs[d] {
                g[f as usize] += e * r[f as usize];
            }
        }
        p1 *= b1;
        p2 *= b2;
        for f in 0..nf {
            if !present[f] {
                continue;
            }
            let gf = g[f]
                + if Some(f as u32) == data.bias {
                    0.0
                } else {
                    opts.l2 * w[f]
                };
            m[f] = b1 * m[f] + (1.0 - b1) * gf;
            v[f] = b2 * v[f] + (1.0 - b2) * gf * gf;
            w[f] -= opts.rate * (m[f] / (1.0 - p1)) / ((v[f] / (1.0 - p2)).sqrt() + 1e-8);
        }
    }
    w.iter().zip(&r).map(|(a, b)| a * b).collect()
}

/// Words that date an event as recent.
const RECENT: &[&str] = &[
    "today",
    "yesterday",
    "tonight",
    "last",
    "this",
    "morning",
    "afternoon",
    "evening",
    "night",
    "dawn",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// The event word a token is (an attack-trigger stem or an incident-type cue), as a
/// short name.
pub fn event_word(w: &str) -> Option<&'static str> {
    crate::features::trigger(w).or_else(|| crate::type_cue(w).map(|k| crate::INCIDENT_TYPES[k]))
}

/// Document features beyond the bag of words, read from the lower-cased words of the
/// text (`word(i)`, `i < n`), their event words (`event(i)`, as [`event_word`]) and
/// where sentences start:
/// - each event word with every alphabetic word of three letters or more within six
///   tokens of it in its sentence ("killed ... soldiers" against "killed ... peasants");
/// - how many sentences hold an event word and a word dating it as recent (today,
///   yesterday, a weekday, ...), bucketed;
/// - the event words of the first sentence.
pub fn extra_keys<'a>(
    n: usize,
    word: impl Fn(usize) -> &'a str,
    event: impl Fn(usize) -> Option<&'static str>,
    sentence_start: impl Fn(usize) -> bool,
    out: &mut Vec<u32>,
) {
    use crate::features::Fnv;
    let mut start = 0;
    let mut recent_events = 0usize;
    let mut first = true;
    while start < n {
        let mut end = start + 1;
        while end < n && !sentence_start(end) {
            end += 1;
        }
        let mut has_event = false;
        for i in start..end {
            let Some(ev) = event(i) else {
                continue;
            };
            has_event = true;
            if first {
                out.push(Fnv::new(112).str(ev).key());
            }
            for j in i.saturating_sub(6).max(start)..(i + 7).min(end) {
                let c = word(j);
                if j != i && c.len() > 2 && c.bytes().all(|b| b.is_ascii_alphabetic()) {
                    out.push(Fnv::new(110).str(ev).str(c).key());
                }
            }
        }
        if has_event && (start..end).any(|i| RECENT.contains(&word(i))) {
            recent_events += 1;
        }
        first = false;
        start = end;
    }
    let mut h = Fnv::new(111);
    h.byte(crate::features::bucket(recent_events) as u8);
    out.push(h.key());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::Fnv;
    use crate::token::tokenize;

    #[test]
    fn event_words_and_their_context() {
        let text = "Rebels killed two soldiers today. The talks went on; a bomb exploded.";
        let toks = tokenize(text);
        let mut keys = Vec::new();
        extra_keys(
            toks.len(),
            |i| toks[i].lower.as_str(),
            |i| event_word(&toks[i].lower),
            |i| toks[i].sentence_start,
            &mut keys,
        );
        let pair = |ev: &str, w: &str| Fnv::new(110).str(ev).str(w).key();
        let mut recent = Fnv::new(111);
        // One sentence has an event word and "today".
        recent.byte(1);
        let mut want = vec![
            // The first sentence's event word, then its context words (three letters
            // or more, alphabetic; not the full stop).
            Fnv::new(112).str("kill").key(),
            pair("kill", "rebels"),
            pair("kill", "two"),
            pair("kill", "soldiers"),
            pair("kill", "today"),
            // "a bomb exploded": two trigger stems, each with the other.
            pair("bomb", "exploded"),
            pair("explo", "bomb"),
            recent.key(),
        ];
        want.sort_unstable();
        keys.sort_unstable();
        assert_eq!(keys, want);
        // A type cue that is no trigger stem names its type.
        assert_eq!(event_word("robbed"), Some("robbery"));
        assert_eq!(event_word("kidnappers"), Some("kidnap"));
        assert_eq!(event_word("killed"), Some("kill"));
        assert_eq!(event_word("talks"), None);
    }

    #[test]
    fn learns_a_separable_word() {
        // Feature 1 marks the positives, 2 the negatives, 3 is everywhere, 9 the bias.
        let docs: Vec<Vec<u32>> = vec![
            vec![9, 1, 3],
            vec![9, 1],
            vec![9, 2, 3],
            vec![9, 2],
            vec![9, 1, 3],
            vec![9, 2, 3],
        ];
        let y = [true, true, false, false, true, false];
        let data = Indexed::new(docs.iter().map(Vec::as_slice), 9);
        assert_eq!(data.keys, [9, 1, 3, 2]);
        assert_eq!(data.bias, Some(0));
        let which: Vec<usize> = (0..docs.len()).collect();
        let w = nb_logreg(&data, &which, &y, &LrOptions::default());
        let score = |d: &[u32]| -> f32 {
            d.iter()
                .map(|k| w[data.keys.iter().position(|x| x == k).unwrap_or(0)])
                .sum()
        };
        for (d, &label) in docs.iter().zip(&y) {
            assert_eq!(score(d) > 0.0, label, "{d:?}");
        }
        // The word in both classes equally carries no weight (its ratio is zero).
        assert_eq!(w[2], 0.0);
        assert!(w[1] > 0.5 && w[3] < -0.5);
    }
}
