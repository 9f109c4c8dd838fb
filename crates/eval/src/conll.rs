//! Entity-level exact match with conlleval semantics, for IOB1 or IOB2 tags.

use std::collections::BTreeMap;

use crate::score::Prf;

/// The entity chunks of a tag sequence: `[start, end)` token ranges with their type.
/// `B-X` starts a chunk; `I-X` continues one only after `B-X`/`I-X` of the same type,
/// else starts one; `O` (or anything else) ends it.
pub fn chunks<S: AsRef<str>>(tags: &[S]) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, String)> = None;
    for (i, tag) in tags.iter().enumerate() {
        let tag = tag.as_ref();
        let (prefix, ty) = match tag.split_once('-') {
            Some((p, t)) if p == "B" || p == "I" => (p, t),
            _ => ("O", ""),
        };
        let continues = prefix == "I" && open.as_ref().is_some_and(|(_, t)| t == ty);
        if !continues {
            if let Some((s, t)) = open.take() {
                out.push((s, i, t));
            }
            if prefix != "O" {
                open = Some((i, ty.to_string()));
            }
        }
    }
    if let Some((s, t)) = open {
        out.push((s, tags.len(), t));
    }
    out
}

/// Micro P/R/F1 over all sentences of (gold tags, predicted tags), and per type sorted
/// by name.
pub fn score(sentences: &[(Vec<String>, Vec<String>)]) -> (Prf, Vec<(String, Prf)>) {
    let mut per: BTreeMap<String, Prf> = BTreeMap::new();
    for (gold, pred) in sentences {
        let g = chunks(gold);
        let p = chunks(pred);
        for c in &g {
            let e = per.entry(c.2.clone()).or_default();
            e.gold += 1.0;
            if p.contains(c) {
                e.matched_gold += 1.0;
                e.matched_pred += 1.0;
            }
        }
        for c in &p {
            per.entry(c.2.clone()).or_default().predicted += 1.0;
        }
    }
    let mut micro = Prf::default();
    for v in per.values() {
        micro.add(v);
    }
    (micro, per.into_iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn iob1_and_iob2_give_the_same_chunks() {
        let iob1 = tags("I-PER I-PER O I-LOC B-LOC I-ORG");
        let iob2 = tags("B-PER I-PER O B-LOC B-LOC B-ORG");
        assert_eq!(chunks(&iob1), chunks(&iob2));
        assert_eq!(
            chunks(&iob2),
            vec![
                (0, 2, "PER".into()),
                (3, 4, "LOC".into()),
                (4, 5, "LOC".into()),
                (5, 6, "ORG".into())
            ]
        );
    }

    #[test]
    fn boundary_and_type_errors_count_both_ways() {
        let gold = tags("B-PER I-PER O B-LOC");
        let pred = tags("B-PER O O B-ORG");
        let (p, per) = score(&[(gold.clone(), pred)]);
        assert_eq!((p.matched_pred, p.predicted, p.gold), (0.0, 2.0, 2.0));
        assert_eq!(
            per.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>(),
            vec!["LOC", "ORG", "PER"]
        );
        let (p, _) = score(&[(gold.clone(), gold.clone())]);
        assert_eq!(p.f1(), 1.0);
        let (p, _) = score(&[(gold, tags("O O O O"))]);
        assert_eq!((p.precision(), p.recall()), (0.0, 0.0));
    }
}
