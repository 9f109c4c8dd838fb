//! MUC-4 role-filler scoring, as `shared/data/muc4/README.md` describes it for the
//! published systems: CEAF-REE (GRIT) and template F1 (GTT).
//!
//! An entity is a list of alternative mention strings; strings are compared after
//! [`normalize`]; a predicted entity matches a gold one when every predicted mention
//! equals some gold mention ([`phi`]).

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;

use crate::assign::max_weight_assignment;
use crate::score::Prf;

/// The five roles, in report order.
pub const ROLES: [&str; 5] = ["PerpInd", "PerpOrg", "Target", "Victim", "Weapon"];

/// An entity: alternative mention strings.
pub type Entity = Vec<String>;

/// Entities by role, for one document.
pub type Roles = BTreeMap<String, Vec<Entity>>;

/// Lower-case, delete ASCII punctuation, replace the whole words "a", "an", "the" by a
/// space, collapse white space.
pub fn normalize(s: &str) -> String {
    static ARTICLE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\b(?:a|an|the)\b").unwrap_or_else(|e| panic!("article pattern: {e}"))
    });
    let lower: String = s
        .to_lowercase()
        .chars()
        .filter(|c| !c.is_ascii_punctuation())
        .collect();
    ARTICLE
        .replace_all(&lower, " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// 1 when every mention of `pred` equals (normalised) some mention of `gold`, else 0.
pub fn phi(gold: &[String], pred: &[String]) -> f64 {
    if pred.is_empty() {
        return 0.0;
    }
    let gold: Vec<String> = gold.iter().map(|g| normalize(g)).collect();
    let all = pred.iter().all(|p| {
        let p = normalize(p);
        gold.contains(&p)
    });
    if all {
        1.0
    } else {
        0.0
    }
}

/// CEAF-REE over documents of (gold, predicted) roles: per document and role, the
/// optimal one-to-one alignment maximising Σφ; micro average over the roles, and each
/// role's counts.
pub fn ceaf_ree(docs: &[(Roles, Roles)]) -> (Prf, Vec<(String, Prf)>) {
    let mut per_role: Vec<(String, Prf)> = ROLES
        .iter()
        .map(|r| (r.to_string(), Prf::default()))
        .collect();
    let empty: Vec<Entity> = Vec::new();
    for (gold, pred) in docs {
        for (role, counts) in per_role.iter_mut() {
            let g = gold.get(role.as_str()).unwrap_or(&empty);
            let p = pred.get(role.as_str()).unwrap_or(&empty);
            let weights: Vec<Vec<f64>> = p
                .iter()
                .map(|pe| g.iter().map(|ge| phi(ge, pe)).collect())
                .collect();
            let (matched, _) = max_weight_assignment(&weights);
            counts.add(&Prf::new(matched, p.len() as f64, g.len() as f64));
        }
    }
    let mut micro = Prf::default();
    for (_, c) in &per_role {
        micro.add(c);
    }
    (micro, per_role)
}

/// One incident template: its type and role fillers.
#[derive(Debug, Clone, PartialEq)]
pub struct Template {
    /// "attack", "bombing", "attack / bombing", …
    pub incident_type: String,
    /// Entities by role.
    pub roles: Roles,
}

/// Keys of template F1, in report order.
pub const TEMPLATE_KEYS: [&str; 6] = [
    "incident_type",
    "PerpInd",
    "PerpOrg",
    "Target",
    "Victim",
    "Weapon",
];

/// At most this many predicted templates per document are scored (the assignment is
/// searched exhaustively); the rest are dropped.
pub const MAX_PREDICTED_TEMPLATES: usize = 8;

fn entities<'a>(t: &'a Template, role: &str) -> &'a [Entity] {
    t.roles.get(role).map(Vec::as_slice).unwrap_or(&[])
}

/// The counts of one predicted/gold template pair (matched) or of one side alone.
fn pair_counts(gold: Option<&Template>, pred: Option<&Template>) -> Vec<Prf> {
    TEMPLATE_KEYS
        .iter()
        .map(|key| {
            if *key == "incident_type" {
                return match (gold, pred) {
                    (Some(_), Some(_)) => Prf::new(1.0, 1.0, 1.0),
                    (Some(_), None) => Prf::new(0.0, 0.0, 1.0),
                    (None, Some(_)) => Prf::new(0.0, 1.0, 0.0),
                    (None, None) => Prf::default(),
                };
            }
            let g = gold.map(|t| entities(t, key)).unwrap_or(&[]);
            let p = pred.map(|t| entities(t, key)).unwrap_or(&[]);
            let matched_pred = p
                .iter()
                .filter(|pe| g.iter().any(|ge| phi(ge, pe) > 0.0))
                .count();
            let matched_gold = g
                .iter()
                .filter(|ge| p.iter().any(|pe| phi(ge, pe) > 0.0))
                .count();
            Prf {
                matched_pred: matched_pred as f64,
                predicted: p.len() as f64,
                matched_gold: matched_gold as f64,
                gold: g.len() as f64,
            }
        })
        .collect()
}

fn micro_f1(counts: &[Prf]) -> f64 {
    let mut all = Prf::default();
    for c in counts {
        all.add(c);
    }
    all.f1()
}

/// Template F1 (GTT) over documents of (gold, predicted) templates: per document, the
/// injective assignment of predicted templates to gold ones (or to none) with the best
/// micro F1; a pair may match only when the predicted type is a substring of the gold
/// type. Micro average over type and roles, and each key's counts.
pub fn template_f1(docs: &[(Vec<Template>, Vec<Template>)]) -> (Prf, Vec<(String, Prf)>) {
    let mut totals: Vec<Prf> = vec![Prf::default(); TEMPLATE_KEYS.len()];
    for (gold_all, pred_all) in docs {
        let mut gold: Vec<&Template> = Vec::new();
        for g in gold_all {
            if !gold.contains(&g) {
                gold.push(g);
            }
        }
        let pred: Vec<&Template> = pred_all.iter().take(MAX_PREDICTED_TEMPLATES).collect();
        // Every count the search adds up, computed once.
        let table = Table {
            pair: pred
                .iter()
                .map(|p| {
                    gold.iter()
                        .map(|g| {
                            g.incident_type
                                .contains(p.incident_type.as_str())
                                .then(|| pair_counts(Some(g), Some(p)))
                        })
                        .collect()
                })
                .collect(),
            pred_alone: pred.iter().map(|p| pair_counts(None, Some(p))).collect(),
            gold_alone: gold.iter().map(|g| pair_counts(Some(g), None)).collect(),
        };
        let mut best: Option<(f64, Vec<Prf>)> = None;
        let mut choice: Vec<Option<usize>> = Vec::with_capacity(pred.len());
        search(&table, &mut choice, &mut best);
        if let Some((_, counts)) = best {
            for (t, c) in totals.iter_mut().zip(&counts) {
                t.add(c);
            }
        }
    }
    let mut micro = Prf::default();
    for t in &totals {
        micro.add(t);
    }
    let per_key = TEMPLATE_KEYS
        .iter()
        .map(|k| k.to_string())
        .zip(totals)
        .collect();
    (micro, per_key)
}

/// Counts of one document: per (predicted, gold) pair when the types allow a match, and
/// of each template left unmatched.
struct Table {
    pair: Vec<Vec<Option<Vec<Prf>>>>,
    pred_alone: Vec<Vec<Prf>>,
    gold_alone: Vec<Vec<Prf>>,
}

/// Depth-first over assignments: predicted template i to gold 0..n, then to none.
fn search(table: &Table, choice: &mut Vec<Option<usize>>, best: &mut Option<(f64, Vec<Prf>)>) {
    let i = choice.len();
    if i == table.pred_alone.len() {
        let mut counts = vec![Prf::default(); TEMPLATE_KEYS.len()];
        let mut add = |cs: &[Prf]| {
            for (c, x) in counts.iter_mut().zip(cs) {
                c.add(x);
            }
        };
        for (pi, g) in choice.iter().enumerate() {
            match g.and_then(|gi| table.pair[pi][gi].as_ref()) {
                Some(cs) => add(cs),
                None => add(&table.pred_alone[pi]),
            }
        }
        for (gi, cs) in table.gold_alone.iter().enumerate() {
            if !choice.contains(&Some(gi)) {
                add(cs);
            }
        }
        let f = micro_f1(&counts);
        if best.as_ref().is_none_or(|(b, _)| f > *b) {
            *best = Some((f, counts));
        }
        return;
    }
    for gi in 0..table.gold_alone.len() {
        if !choice.contains(&Some(gi)) && table.pair[i][gi].is_some() {
            choice.push(Some(gi));
            search(table, choice, best);
            choice.pop();
        }
    }
    choice.push(None);
    search(table, choice, best);
    choice.pop();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(ms: &[&str]) -> Entity {
        ms.iter().map(|s| s.to_string()).collect()
    }

    fn roles(items: &[(&str, Vec<Entity>)]) -> Roles {
        items
            .iter()
            .map(|(r, es)| (r.to_string(), es.clone()))
            .collect()
    }

    #[test]
    fn normalisation_and_phi() {
        assert_eq!(
            normalize("The \"Santo Tomas\" farm, a site"),
            "santo tomas farm site"
        );
        assert_eq!(
            phi(&e(&["santo tomas farm", "farm"]), &e(&["the farm"])),
            1.0
        );
        assert_eq!(phi(&e(&["farm"]), &e(&["farm", "house"])), 0.0);
        assert_eq!(phi(&e(&["farm"]), &[]), 0.0);
    }

    #[test]
    fn ceaf_ree_perfect_empty_partial_duplicate() {
        let gold = roles(&[
            ("PerpOrg", vec![e(&["fmln"])]),
            ("Victim", vec![e(&["jesuits"]), e(&["maid"])]),
        ]);
        let (p, _) = ceaf_ree(&[(gold.clone(), gold.clone())]);
        assert_eq!((p.precision(), p.recall(), p.f1()), (1.0, 1.0, 1.0));
        let (p, _) = ceaf_ree(&[(gold.clone(), Roles::new())]);
        assert_eq!((p.precision(), p.recall()), (0.0, 0.0));
        // One victim right, one wrong, FMLN missed: P 1/2, R 1/3.
        let pred = roles(&[("Victim", vec![e(&["the jesuits"]), e(&["driver"])])]);
        let (p, per) = ceaf_ree(&[(gold.clone(), pred)]);
        assert_eq!((p.matched_pred, p.predicted, p.gold), (1.0, 2.0, 3.0));
        assert_eq!(per[3].0, "Victim");
        assert_eq!((per[3].1.precision(), per[3].1.recall()), (0.5, 0.5));
        // The same entity predicted twice aligns once: P 1/2.
        let dup = roles(&[("PerpOrg", vec![e(&["fmln"]), e(&["fmln"])])]);
        let (_, per) = ceaf_ree(&[(gold, dup)]);
        assert_eq!((per[1].1.precision(), per[1].1.recall()), (0.5, 1.0));
    }

    fn t(kind: &str, items: &[(&str, Vec<Entity>)]) -> Template {
        Template {
            incident_type: kind.into(),
            roles: roles(items),
        }
    }

    #[test]
    fn template_f1_cases() {
        let g = t("attack / bombing", &[("PerpOrg", vec![e(&["fmln"])])]);
        // "attack" is a substring of "attack / bombing": matched, all right.
        let (p, _) = template_f1(&[(
            vec![g.clone()],
            vec![t("attack", &[("PerpOrg", vec![e(&["fmln"])])])],
        )]);
        assert_eq!(p.f1(), 1.0);
        // "kidnapping" cannot match: 2 predicted items wrong, 2 gold items missed.
        let (p, _) = template_f1(&[(
            vec![g.clone()],
            vec![t("kidnapping", &[("PerpOrg", vec![e(&["fmln"])])])],
        )]);
        assert_eq!(
            (p.matched_pred, p.predicted, p.matched_gold, p.gold),
            (0.0, 2.0, 0.0, 2.0)
        );
        // Any alternative mention of a gold entity counts, after normalisation.
        let alt = t(
            "arson",
            &[("Target", vec![e(&["santo tomas farm", "farm"])])],
        );
        let (p, _) = template_f1(&[(
            vec![alt.clone()],
            vec![t("arson", &[("Target", vec![e(&["The farm"])])])],
        )]);
        assert_eq!(p.f1(), 1.0);
        // Identical gold templates count once; nothing predicted.
        let (p, _) = template_f1(&[(vec![g.clone(), g.clone()], vec![])]);
        assert_eq!((p.predicted, p.gold), (0.0, 2.0));
        // Two predictions, one gold: the best assignment leaves the wrong one unmatched.
        let right = t(
            "bombing",
            &[
                ("PerpOrg", vec![e(&["fmln"])]),
                ("Weapon", vec![e(&["bomb"])]),
            ],
        );
        let wrong = t("attack", &[("Target", vec![e(&["bus"])])]);
        let (p, per) = template_f1(&[(vec![g], vec![wrong, right])]);
        // type: 1/2 predicted right, 1/1 gold; PerpOrg 1/1, 1/1; Target 0/1; Weapon 0/1.
        assert_eq!(
            (p.matched_pred, p.predicted, p.matched_gold, p.gold),
            (2.0, 5.0, 2.0, 2.0)
        );
        assert_eq!(per[0].1.predicted, 2.0);
    }
}
