//! TempEval-3 Task A: temporal expressions against gold TIMEX3s. Strict (same span)
//! and relaxed (overlapping span) P/R/F1, and value F1 over relaxed-matched pairs.

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

/// Scores documents of (gold, predicted) expressions. Matching is one-to-one: each
/// gold expression pairs with the first unpaired predicted one it overlaps, in order.
pub fn score(docs: &[(Vec<Timex>, Vec<Timex>)]) -> TimexScores {
    let mut out = TimexScores::default();
    for (gold, pred) in docs {
        let (g, p) = (gold.len() as f64, pred.len() as f64);
        let strict = gold
            .iter()
            .filter(|t| pred.iter().any(|x| x.start == t.start && x.end == t.end))
            .count() as f64;
        let mut used = vec![false; pred.len()];
        let (mut relaxed, mut value) = (0.0, 0.0);
        for t in gold {
            // Prefer an exact span, then the first overlap.
            let pick = pred
                .iter()
                .enumerate()
                .position(|(i, x)| !used[i] && x.start == t.start && x.end == t.end)
                .or_else(|| {
                    pred.iter()
                        .enumerate()
                        .position(|(i, x)| !used[i] && x.start < t.end && t.start < x.end)
                });
            if let Some(i) = pick {
                used[i] = true;
                relaxed += 1.0;
                if pred[i].value == t.value {
                    value += 1.0;
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
        let none = score(&[(gold, vec![])]);
        assert_eq!((none.value.f1(), none.relaxed.gold), (0.0, 3.0));
    }
}
