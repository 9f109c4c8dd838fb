//! The result shape every benchmark prints: an overall score, scores per class, extra
//! rows, and notes; as a table for people and as JSON for scripts.

use serde_json::{json, Map, Value as Json};

/// Precision and recall counts. Precision is `matched_pred / predicted`, recall
/// `matched_gold / gold`; the two numerators differ where a metric allows many-to-one
/// matches (template F1) and are equal for one-to-one metrics.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Prf {
    /// Predicted items that are correct (precision numerator).
    pub matched_pred: f64,
    /// Predicted items (precision denominator).
    pub predicted: f64,
    /// Gold items that were found (recall numerator).
    pub matched_gold: f64,
    /// Gold items (recall denominator).
    pub gold: f64,
}

impl Prf {
    /// Counts with one numerator for both sides.
    pub fn new(correct: f64, predicted: f64, gold: f64) -> Prf {
        Prf {
            matched_pred: correct,
            predicted,
            matched_gold: correct,
            gold,
        }
    }

    /// Counts standing for given macro-averaged rates (numerators scaled to the number
    /// of items each rate averages over).
    pub fn from_rates(precision: f64, recall: f64, p_items: f64, r_items: f64) -> Prf {
        Prf {
            matched_pred: precision * p_items,
            predicted: p_items,
            matched_gold: recall * r_items,
            gold: r_items,
        }
    }

    /// Precision; 0 when nothing was predicted.
    pub fn precision(&self) -> f64 {
        if self.predicted > 0.0 {
            self.matched_pred / self.predicted
        } else {
            0.0
        }
    }

    /// Recall; 0 when there is no gold.
    pub fn recall(&self) -> f64 {
        if self.gold > 0.0 {
            self.matched_gold / self.gold
        } else {
            0.0
        }
    }

    /// F1 = 2PR/(P+R); 0 when P+R = 0.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        }
    }

    /// Adds another count.
    pub fn add(&mut self, other: &Prf) {
        self.matched_pred += other.matched_pred;
        self.predicted += other.predicted;
        self.matched_gold += other.matched_gold;
        self.gold += other.gold;
    }
}

/// Passed cases out of all.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Accuracy {
    /// Cases that passed.
    pub passed: u64,
    /// All cases.
    pub total: u64,
}

impl Accuracy {
    /// The fraction passed; 0 when there are no cases.
    pub fn value(&self) -> f64 {
        if self.total > 0 {
            self.passed as f64 / self.total as f64
        } else {
            0.0
        }
    }
}

/// One score.
#[derive(Debug, Clone, PartialEq)]
pub enum Score {
    /// Precision, recall, F1.
    Prf(Prf),
    /// Accuracy.
    Accuracy(Accuracy),
}

impl Score {
    /// The score as JSON: `{precision, recall, f1, matched_pred, predicted,
    /// matched_gold, gold}` or `{accuracy, passed, total}`, fractions in [0, 1].
    pub fn to_json(&self) -> Json {
        match self {
            Score::Prf(p) => json!({
                "precision": p.precision(), "recall": p.recall(), "f1": p.f1(),
                "matched_pred": p.matched_pred, "predicted": p.predicted,
                "matched_gold": p.matched_gold, "gold": p.gold,
            }),
            Score::Accuracy(a) => json!({
                "accuracy": a.value(), "passed": a.passed, "total": a.total,
            }),
        }
    }

    fn row(&self, name: &str) -> String {
        match self {
            Score::Prf(p) => {
                let whole = [p.matched_pred, p.predicted, p.matched_gold, p.gold]
                    .iter()
                    .all(|x| x.fract() == 0.0);
                let counts = if whole {
                    format!(
                        "   ({:.0}/{:.0} predicted, {:.0}/{:.0} gold)",
                        p.matched_pred, p.predicted, p.matched_gold, p.gold
                    )
                } else {
                    String::new()
                };
                format!(
                    "{name:<24} {:>7.2} {:>7.2} {:>7.2}{counts}",
                    100.0 * p.precision(),
                    100.0 * p.recall(),
                    100.0 * p.f1(),
                )
            }
            Score::Accuracy(a) => format!(
                "{name:<24} {:>7.2}   ({}/{})",
                100.0 * a.value(),
                a.passed,
                a.total
            ),
        }
    }
}

/// What one benchmark run gives.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// The benchmark's name (`muc4`).
    pub bench: String,
    /// The data file scored.
    pub data: String,
    /// The headline score.
    pub overall: Score,
    /// Scores per class (role, entity type, dim), in report order.
    pub per_class: Vec<(String, Score)>,
    /// Other measures (a second metric, breakdowns), in report order.
    pub extra: Vec<(String, Score)>,
    /// What the numbers mean, in words.
    pub notes: Vec<String>,
}

impl Report {
    /// `{"bench", "data", "overall", "per_class": {name: score}, "extra": {name: score},
    /// "notes": [...]}`. Object keys are sorted (serde_json's map), not in report order.
    pub fn to_json(&self) -> Json {
        let map = |rows: &[(String, Score)]| -> Json {
            let mut m = Map::new();
            for (k, v) in rows {
                m.insert(k.clone(), v.to_json());
            }
            Json::Object(m)
        };
        json!({
            "bench": self.bench,
            "data": self.data,
            "overall": self.overall.to_json(),
            "per_class": map(&self.per_class),
            "extra": map(&self.extra),
            "notes": self.notes,
        })
    }

    /// An aligned table: classes, then `overall`, then extra rows and notes.
    pub fn to_table(&self) -> String {
        let mut out = String::new();
        let prf = matches!(self.overall, Score::Prf(_));
        if prf {
            out.push_str(&format!(
                "{:<24} {:>7} {:>7} {:>7}\n",
                "class", "P", "R", "F1"
            ));
        } else {
            out.push_str(&format!("{:<24} {:>7}\n", "class", "acc"));
        }
        for (name, score) in &self.per_class {
            out.push_str(&score.row(name));
            out.push('\n');
        }
        out.push_str(&self.overall.row("overall"));
        out.push('\n');
        if !self.extra.is_empty() {
            out.push('\n');
            for (name, score) in &self.extra {
                out.push_str(&score.row(name));
                out.push('\n');
            }
        }
        for note in &self.notes {
            out.push_str(&format!("note: {note}\n"));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_and_zero_denominators() {
        let p = Prf::new(2.0, 4.0, 8.0);
        assert_eq!((p.precision(), p.recall()), (0.5, 0.25));
        assert!((p.f1() - 1.0 / 3.0).abs() < 1e-12);
        assert_eq!(Prf::default().f1(), 0.0);
        assert_eq!(
            Accuracy {
                passed: 3,
                total: 4
            }
            .value(),
            0.75
        );
        assert_eq!(Accuracy::default().value(), 0.0);
    }

    #[test]
    fn json_and_table_shapes() {
        let r = Report {
            bench: "toy".into(),
            data: "x.jsonl".into(),
            overall: Score::Prf(Prf::new(1.0, 2.0, 2.0)),
            per_class: vec![("A".into(), Score::Prf(Prf::new(1.0, 2.0, 2.0)))],
            extra: vec![(
                "acc".into(),
                Score::Accuracy(Accuracy {
                    passed: 1,
                    total: 2,
                }),
            )],
            notes: vec!["toy".into()],
        };
        let j = r.to_json();
        assert_eq!(j["overall"]["f1"], 0.5);
        assert_eq!(j["per_class"]["A"]["precision"], 0.5);
        assert_eq!(j["extra"]["acc"]["accuracy"], 0.5);
        let t = r.to_table();
        assert!(
            t.contains("overall                    50.00   50.00   50.00"),
            "{t}"
        );
        assert!(
            t.contains("acc                        50.00   (1/2)"),
            "{t}"
        );
    }
}
