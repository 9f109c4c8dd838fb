//! MUC-4 scoring as the training command needs it for tuning: the mention
//! normalisation and CEAF-REE (the benchmark's own scorer lives in newsfuse-eval).

/// Lower-case, drop ASCII punctuation, blank the words `a`, `an`, `the`, collapse
/// white space.
pub fn normalize(s: &str) -> String {
    let lower = s.to_lowercase();
    let stripped: String = lower
        .chars()
        .filter(|c| !c.is_ascii_punctuation())
        .collect();
    let words: Vec<&str> = stripped
        .split_whitespace()
        .filter(|w| !matches!(*w, "a" | "an" | "the"))
        .collect();
    words.join(" ")
}

/// Counts for precision and recall.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Counts {
    pub correct: f64,
    pub predicted: f64,
    pub gold: f64,
}

impl Counts {
    pub fn add(&mut self, o: Counts) {
        self.correct += o.correct;
        self.predicted += o.predicted;
        self.gold += o.gold;
    }
    pub fn f1(&self) -> f64 {
        let p = if self.predicted > 0.0 {
            self.correct / self.predicted
        } else {
            0.0
        };
        let r = if self.gold > 0.0 {
            self.correct / self.gold
        } else {
            0.0
        };
        if p + r > 0.0 {
            200.0 * p * r / (p + r)
        } else {
            0.0
        }
    }
}

/// CEAF-REE counts of one role in one document: the largest one-to-one matching of
/// predicted mentions (one string each) to gold entities (alternative strings) they
/// equal after normalisation.
pub fn ceaf(gold: &[Vec<String>], predicted: &[String]) -> Counts {
    let gold_norm: Vec<Vec<String>> = gold
        .iter()
        .map(|e| e.iter().map(|m| normalize(m)).collect())
        .collect();
    let pred_norm: Vec<String> = predicted.iter().map(|m| normalize(m)).collect();
    let edges: Vec<Vec<usize>> = pred_norm
        .iter()
        .map(|p| {
            gold_norm
                .iter()
                .enumerate()
                .filter(|(_, g)| g.contains(p))
                .map(|(j, _)| j)
                .collect()
        })
        .collect();
    let mut owner: Vec<Option<usize>> = vec![None; gold.len()];
    let mut matched = 0usize;
    for p in 0..predicted.len() {
        let mut seen = vec![false; gold.len()];
        if augment(p, &edges, &mut owner, &mut seen) {
            matched += 1;
        }
    }
    Counts {
        correct: matched as f64,
        predicted: predicted.len() as f64,
        gold: gold.len() as f64,
    }
}

fn augment(p: usize, edges: &[Vec<usize>], owner: &mut [Option<usize>], seen: &mut [bool]) -> bool {
    for &g in &edges[p] {
        if seen[g] {
            continue;
        }
        seen[g] = true;
        if owner[g].is_none_or(|q| augment(q, edges, owner, seen)) {
            owner[g] = Some(p);
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn normalisation() {
        assert_eq!(normalize("The \"Santo Tomas\"  farm"), "santo tomas farm");
        assert_eq!(normalize("an a-b bomb"), "ab bomb");
    }

    #[test]
    fn one_to_one_matching() {
        let gold = vec![s(&["urng", "unity"]), s(&["fmln"])];
        // Two predictions for the first entity: only one counts.
        let c = ceaf(&gold, &s(&["URNG", "the unity", "fmln", "army"]));
        assert_eq!(
            c,
            Counts {
                correct: 2.0,
                predicted: 4.0,
                gold: 2.0
            }
        );
        assert!((c.f1() - 200.0 * 0.5 / 1.5).abs() < 1e-9);
    }
}
