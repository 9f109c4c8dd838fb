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

/// F1 in percent from precision `right_pred / predicted` and recall `right_gold / gold`
/// (an empty side counts 0).
fn f1(right_pred: f64, predicted: f64, right_gold: f64, gold: f64) -> f64 {
    let p = if predicted > 0.0 {
        right_pred / predicted
    } else {
        0.0
    };
    let r = if gold > 0.0 { right_gold / gold } else { 0.0 };
    if p + r > 0.0 {
        200.0 * p * r / (p + r)
    } else {
        0.0
    }
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
        f1(self.correct, self.predicted, self.correct, self.gold)
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

/// Template-F1 counts (GTT): predicted items matched, predicted, gold items matched,
/// gold.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct TemplateCounts {
    pub matched_pred: f64,
    pub predicted: f64,
    pub matched_gold: f64,
    pub gold: f64,
}

impl TemplateCounts {
    pub fn add(&mut self, o: TemplateCounts) {
        self.matched_pred += o.matched_pred;
        self.predicted += o.predicted;
        self.matched_gold += o.matched_gold;
        self.gold += o.gold;
    }
    pub fn f1(&self) -> f64 {
        f1(
            self.matched_pred,
            self.predicted,
            self.matched_gold,
            self.gold,
        )
    }
}

/// A template as the tuning scorer reads it: its type and, per role, its entities as
/// normalised alternative strings.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoredTemplate {
    pub kind: String,
    pub roles: [Vec<Vec<String>>; 5],
}

fn pair_counts(gold: Option<&ScoredTemplate>, pred: Option<&ScoredTemplate>) -> TemplateCounts {
    let mut c = TemplateCounts {
        matched_pred: f64::from(u8::from(gold.is_some() && pred.is_some())),
        predicted: f64::from(u8::from(pred.is_some())),
        matched_gold: f64::from(u8::from(gold.is_some() && pred.is_some())),
        gold: f64::from(u8::from(gold.is_some())),
    };
    let empty: [Vec<Vec<String>>; 5] = Default::default();
    let g = gold.map(|t| &t.roles).unwrap_or(&empty);
    let p = pred.map(|t| &t.roles).unwrap_or(&empty);
    for (ge, pe) in g.iter().zip(p) {
        let phi = |gold: &Vec<String>, pred: &Vec<String>| {
            !pred.is_empty() && pred.iter().all(|m| gold.contains(m))
        };
        c.predicted += pe.len() as f64;
        c.gold += ge.len() as f64;
        c.matched_pred += pe.iter().filter(|x| ge.iter().any(|y| phi(y, x))).count() as f64;
        c.matched_gold += ge.iter().filter(|y| pe.iter().any(|x| phi(y, x))).count() as f64;
    }
    c
}

/// Template F1 counts of one document (GTT): the injective assignment of predicted
/// templates to gold ones (a pair only when the predicted type is a substring of the
/// gold type) or to none with the best micro F1; identical gold templates count once.
/// Entities are compared as given (normalise them first).
pub fn template_counts(gold: &[ScoredTemplate], pred: &[ScoredTemplate]) -> TemplateCounts {
    let mut g: Vec<&ScoredTemplate> = Vec::new();
    for t in gold {
        if !g.contains(&t) {
            g.push(t);
        }
    }
    let pairs: Vec<Vec<Option<TemplateCounts>>> = pred
        .iter()
        .map(|p| {
            g.iter()
                .map(|gt| {
                    gt.kind
                        .contains(p.kind.as_str())
                        .then(|| pair_counts(Some(gt), Some(p)))
                })
                .collect()
        })
        .collect();
    let alone_p: Vec<TemplateCounts> = pred.iter().map(|p| pair_counts(None, Some(p))).collect();
    let alone_g: Vec<TemplateCounts> = g.iter().map(|t| pair_counts(Some(t), None)).collect();
    let mut best: Option<(f64, TemplateCounts)> = None;
    let mut used = vec![false; g.len()];
    search_templates(
        &pairs,
        &alone_p,
        &alone_g,
        0,
        &mut used,
        TemplateCounts::default(),
        &mut best,
    );
    best.map(|(_, c)| c).unwrap_or_default()
}

fn search_templates(
    pairs: &[Vec<Option<TemplateCounts>>],
    alone_p: &[TemplateCounts],
    alone_g: &[TemplateCounts],
    i: usize,
    used: &mut [bool],
    acc: TemplateCounts,
    best: &mut Option<(f64, TemplateCounts)>,
) {
    if i == alone_p.len() {
        let mut c = acc;
        for (gi, cs) in alone_g.iter().enumerate() {
            if !used[gi] {
                c.add(*cs);
            }
        }
        let f = c.f1();
        if best.as_ref().is_none_or(|(b, _)| f > *b) {
            *best = Some((f, c));
        }
        return;
    }
    for gi in 0..alone_g.len() {
        if let (false, Some(cs)) = (used[gi], pairs[i][gi]) {
            used[gi] = true;
            let mut c = acc;
            c.add(cs);
            search_templates(pairs, alone_p, alone_g, i + 1, used, c, best);
            used[gi] = false;
        }
    }
    let mut c = acc;
    c.add(alone_p[i]);
    search_templates(pairs, alone_p, alone_g, i + 1, used, c, best);
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

    fn t(kind: &str, target: &[&[&str]]) -> ScoredTemplate {
        let mut roles: [Vec<Vec<String>>; 5] = Default::default();
        roles[2] = target.iter().map(|e| s(e)).collect();
        ScoredTemplate {
            kind: kind.into(),
            roles,
        }
    }

    #[test]
    fn template_assignment() {
        let gold = [
            t("attack / bombing", &[&["bus", "the bus"]]),
            t("kidnapping", &[]),
        ];
        // The bombing matches the first gold template (type and target), the arson
        // nothing: predicted 1 + 1 + 1 + 0, gold 1 + 1 + 1.
        let pred = [t("arson", &[&["house"]]), t("bombing", &[&["bus"]])];
        let c = template_counts(&gold, &pred);
        assert_eq!(
            c,
            TemplateCounts {
                matched_pred: 2.0,
                predicted: 4.0,
                matched_gold: 2.0,
                gold: 3.0
            }
        );
        // Identical gold templates count once.
        let c = template_counts(&[gold[1].clone(), gold[1].clone()], &[]);
        assert_eq!(c.gold, 1.0);
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
