//! TempEval-3 Task A: temporal expressions against gold TIMEX3s. Strict (same span)
//! and relaxed (overlapping span) P/R/F1, and value F1 over relaxed-matched pairs.

use crate::assign::max_weight_assignment;
use crate::score::Prf;

/// One temporal expression: a character range and its normalised value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timex {
    /// First character.
    pub start: usize,
    /// One past the last character.
    pub end: usize,
    /// TIMEX3 value (`1998-01-08`, `P1W`, `PRESENT_REF`).
    pub value: String,
}

/// The three scores.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TimexScores {
    /// Exact span matches.
    pub strict: Prf,
    /// Overlapping span matches.
    pub relaxed: Prf,
    /// Relaxed matches with the same value (the headline measure).
    pub value: Prf,
}

/// Scores documents of (gold, predicted) expressions. Matching is one-to-one: strict
/// pairs equal spans; relaxed pairs overlapping spans by the optimal alignment, which
/// keeps as many overlapping pairs as possible and, among those, as many equal values.
pub fn score(docs: &[(Vec<Timex>, Vec<Timex>)]) -> TimexScores {
    let mut out = TimexScores::default();
    for (gold, pred) in docs {
        let (g, p) = (gold.len() as f64, pred.len() as f64);
        let mut used = vec![false; pred.len()];
        let mut strict = 0.0;
        for t in gold {
            if let Some(i) = (0..pred.len())
                .find(|&i| !used[i] && pred[i].start == t.start && pred[i].end == t.end)
            {
                used[i] = true;
                strict += 1.0;
            }
        }
        // Overlap weighs far more than an equal value, so the alignment first maximises
        // overlapping pairs, then equal values among them.
        let weights: Vec<Vec<f64>> = gold
            .iter()
            .map(|t| {
                pred.iter()
                    .map(|x| {
                        if x.start < t.end && t.start < x.end {
                            1000.0 + f64::from(u8::from(x.value == t.value))
                        } else {
                            0.0
                        }
                    })
                    .collect()
            })
            .collect();
        let (_, assignment) = max_weight_assignment(&weights);
        let (mut relaxed, mut value) = (0.0, 0.0);
        for (gi, pi) in assignment.iter().enumerate() {
            if let Some(pi) = *pi {
                if weights[gi][pi] > 0.0 {
                    relaxed += 1.0;
                    if pred[pi].value == gold[gi].value {
                        value += 1.0;
                    }
                }
            }
        }
        out.strict.add(&Prf::new(strict, p, g));
        out.relaxed.add(&Prf::new(relaxed, p, g));
        out.value.add(&Prf::new(value, p, g));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(start: usize, end: usize, value: &str) -> Timex {
        Timex {
            start,
            end,
            value: value.into(),
        }
    }

    #[test]
    fn strict_relaxed_and_value() {
        let gold = vec![t(0, 9, "1998-01-08"), t(20, 30, "P1W"), t(40, 44, "1998")];
        let pred = vec![t(0, 9, "1998-01-08"), t(22, 30, "P2W"), t(60, 64, "1999")];
        let s = score(&[(gold.clone(), pred)]);
        assert_eq!(
            (
                s.strict.matched_pred,
                s.relaxed.matched_pred,
                s.value.matched_pred
            ),
            (1.0, 2.0, 1.0)
        );
        assert_eq!(
            (s.value.precision(), s.value.recall()),
            (1.0 / 3.0, 1.0 / 3.0)
        );
        let perfect = score(&[(gold.clone(), gold.clone())]);
        assert_eq!(perfect.value.f1(), 1.0);
        // One prediction cannot match two gold expressions, strictly or not.
        let twice = score(&[(vec![t(0, 5, "x"), t(0, 5, "x")], vec![t(0, 5, "x")])]);
        assert_eq!(
            (twice.strict.precision(), twice.strict.recall()),
            (1.0, 0.5)
        );
        // The best pairing, not the first: (0,10)–(0,3) and (8,12)–(5,9) overlap both.
        let best = score(&[(
            vec![t(0, 10, "a"), t(8, 12, "b")],
            vec![t(5, 9, "b"), t(0, 3, "a")],
        )]);
        assert_eq!(
            (best.relaxed.matched_gold, best.value.matched_gold),
            (2.0, 2.0)
        );
        let none = score(&[(gold, vec![])]);
        assert_eq!((none.value.f1(), none.relaxed.gold), (0.0, 3.0));
    }
}
