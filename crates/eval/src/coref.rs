//! Clustering metrics for grouping and cross-document coreference: MUC, B3, CEAF-e and
//! the CoNLL F1 (their mean F1). Clusters hold item ids; an item present on one side
//! only is a singleton on the other (scores are computed over the union of items).

use std::collections::{HashMap, HashSet};

use crate::assign::max_weight_assignment;
use crate::score::Prf;

/// Both clusterings over the union of their items, with singletons added where an item
/// is missing, each item mapped to its cluster index.
fn complete(gold: &[Vec<String>], pred: &[Vec<String>]) -> (Vec<Vec<String>>, Vec<Vec<String>>) {
    let mut g: Vec<Vec<String>> = gold.iter().filter(|c| !c.is_empty()).cloned().collect();
    let mut p: Vec<Vec<String>> = pred.iter().filter(|c| !c.is_empty()).cloned().collect();
    let in_g: HashSet<&String> = gold.iter().flatten().collect();
    let in_p: HashSet<&String> = pred.iter().flatten().collect();
    let missing_in_p: Vec<String> = gold
        .iter()
        .flatten()
        .filter(|m| !in_p.contains(m))
        .cloned()
        .collect();
    let missing_in_g: Vec<String> = pred
        .iter()
        .flatten()
        .filter(|m| !in_g.contains(m))
        .cloned()
        .collect();
    p.extend(missing_in_p.into_iter().map(|m| vec![m]));
    g.extend(missing_in_g.into_iter().map(|m| vec![m]));
    (g, p)
}

fn index(clusters: &[Vec<String>]) -> HashMap<&str, usize> {
    let mut out = HashMap::new();
    for (i, c) in clusters.iter().enumerate() {
        for m in c {
            out.insert(m.as_str(), i);
        }
    }
    out
}

/// MUC (Vilain et al. 1995): links kept, as counts.
pub fn muc(gold: &[Vec<String>], pred: &[Vec<String>]) -> Prf {
    let (g, p) = complete(gold, pred);
    let side = |keys: &[Vec<String>], resp: &[Vec<String>]| -> (f64, f64) {
        let at = index(resp);
        let (mut num, mut den) = (0.0, 0.0);
        for k in keys {
            let parts: HashSet<usize> = k
                .iter()
                .filter_map(|m| at.get(m.as_str()).copied())
                .collect();
            num += (k.len() - parts.len().max(1).min(k.len())) as f64;
            den += (k.len() - 1) as f64;
        }
        (num, den)
    };
    let (rn, rd) = side(&g, &p);
    let (pn, pd) = side(&p, &g);
    Prf {
        matched_pred: pn,
        predicted: pd,
        matched_gold: rn,
        gold: rd,
    }
}

/// B3 (Bagga & Baldwin 1998): per-item precision and recall, averaged over items.
pub fn b_cubed(gold: &[Vec<String>], pred: &[Vec<String>]) -> Prf {
    let (g, p) = complete(gold, pred);
    let gi = index(&g);
    let pi = index(&p);
    let (mut ps, mut rs, mut n) = (0.0, 0.0, 0.0);
    // Items in cluster order, so that the sums (and their last digits) are the same on
    // every run.
    for m in g.iter().flatten() {
        let Some(&k) = gi.get(m.as_str()) else {
            continue;
        };
        let Some(&r) = pi.get(m.as_str()) else {
            continue;
        };
        let key: HashSet<&String> = g[k].iter().collect();
        let common = p[r].iter().filter(|x| key.contains(x)).count() as f64;
        ps += common / p[r].len() as f64;
        rs += common / g[k].len() as f64;
        n += 1.0;
    }
    Prf {
        matched_pred: ps,
        predicted: n,
        matched_gold: rs,
        gold: n,
    }
}

/// CEAF-e (Luo 2005) with φ4(K, R) = 2|K∩R| / (|K| + |R|) and the optimal alignment.
pub fn ceaf_e(gold: &[Vec<String>], pred: &[Vec<String>]) -> Prf {
    let (g, p) = complete(gold, pred);
    let weights: Vec<Vec<f64>> = g
        .iter()
        .map(|k| {
            let key: HashSet<&String> = k.iter().collect();
            p.iter()
                .map(|r| {
                    let common = r.iter().filter(|x| key.contains(x)).count() as f64;
                    2.0 * common / (k.len() + r.len()) as f64
                })
                .collect()
        })
        .collect();
    let (total, _) = max_weight_assignment(&weights);
    Prf {
        matched_pred: total,
        predicted: p.len() as f64,
        matched_gold: total,
        gold: g.len() as f64,
    }
}

/// The CoNLL F1: the mean of the MUC, B3 and CEAF-e F1s. Returned as counts whose
/// precision, recall and F1 all equal it.
pub fn conll_f1(gold: &[Vec<String>], pred: &[Vec<String>]) -> Prf {
    let f = (muc(gold, pred).f1() + b_cubed(gold, pred).f1() + ceaf_e(gold, pred).f1()) / 3.0;
    Prf::from_rates(f, f, 1.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(groups: &[&[&str]]) -> Vec<Vec<String>> {
        groups
            .iter()
            .map(|g| g.iter().map(|s| s.to_string()).collect())
            .collect()
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn identical_clusterings_score_one() {
        let g = c(&[&["a", "b", "c"], &["d", "e"], &["f"]]);
        for prf in [
            muc(&g, &g),
            b_cubed(&g, &g),
            ceaf_e(&g, &g),
            conll_f1(&g, &g),
        ] {
            assert!(close(prf.f1(), 1.0), "{prf:?}");
        }
    }

    #[test]
    fn hand_computed_example() {
        // Gold {a b c} {d e}; predicted {a b} {c d e}.
        let g = c(&[&["a", "b", "c"], &["d", "e"]]);
        let p = c(&[&["a", "b"], &["c", "d", "e"]]);
        // MUC recall: (3-2)+(2-1) / (2+1) = 2/3; precision: (2-1)+(3-2) / (1+2) = 2/3.
        let m = muc(&g, &p);
        assert!(close(m.recall(), 2.0 / 3.0) && close(m.precision(), 2.0 / 3.0));
        // B3 precision: a,b 2/2; c 1/3; d,e 2/3 → (1+1+1/3+2/3+2/3)/5 = 11/15.
        // B3 recall: a,b 2/3; c 1/3; d,e 2/2 → (2/3+2/3+1/3+1+1)/5 = 11/15.
        let b = b_cubed(&g, &p);
        assert!(close(b.precision(), 11.0 / 15.0) && close(b.recall(), 11.0 / 15.0));
        // CEAF-e: φ4({abc},{ab}) = 4/5, φ4({de},{cde}) = 4/5 → 1.6 over 2 and 2.
        let e = ceaf_e(&g, &p);
        assert!(close(e.precision(), 0.8) && close(e.recall(), 0.8));
        let conll = conll_f1(&g, &p);
        assert!(close(conll.f1(), (2.0 / 3.0 + 11.0 / 15.0 + 0.8) / 3.0));
    }

    #[test]
    fn all_singletons_against_one_cluster() {
        let g = c(&[&["a", "b", "c", "d"]]);
        let p = c(&[&["a"], &["b"], &["c"], &["d"]]);
        let m = muc(&g, &p);
        assert_eq!((m.matched_gold, m.gold, m.predicted), (0.0, 3.0, 0.0));
        let b = b_cubed(&g, &p);
        assert!(close(b.precision(), 1.0) && close(b.recall(), 0.25));
        // Items missing from the prediction count as its singletons.
        let b2 = b_cubed(&g, &c(&[&["a"]]));
        assert!(close(b2.recall(), 0.25));
    }
}
