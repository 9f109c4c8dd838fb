//! Document grouping on ECB+ (`multisource/ecbplus_clusters.jsonl`): every document of
//! the split through extraction and grouping, the groups compared with the gold event
//! clusters (each topic holds two similar but different events). Documents grouping
//! cannot place (no attack found) stay alone. B3, MUC, CEAF-e and their mean, CoNLL F1.

use std::path::Path;

use newsfuse_core::Document;
use serde::Deserialize;

use super::{read_jsonl, SuiteError};
use crate::coref;
use crate::score::{Report, Score};

#[derive(Deserialize)]
struct Cluster {
    cluster_id: String,
    docs: Vec<ClusterDoc>,
}

#[derive(Deserialize)]
struct ClusterDoc {
    doc_id: String,
    text: String,
}

/// Scores grouping on every cluster of `path`.
pub fn run(path: &Path) -> Result<Report, SuiteError> {
    let clusters: Vec<Cluster> = read_jsonl(path)?;
    let mut gold: Vec<Vec<String>> = Vec::new();
    let mut docs: Vec<Document> = Vec::new();
    for c in &clusters {
        gold.push(c.docs.iter().map(|d| d.doc_id.clone()).collect());
        for d in &c.docs {
            docs.push(Document {
                origin: c.cluster_id.clone(),
                ..Document::bare(d.doc_id.clone(), d.text.clone())
            });
        }
    }
    // Documents in a fixed order (by id), as a stream would bring them.
    docs.sort_by(|a, b| a.id.cmp(&b.id));
    let mut features = Vec::new();
    let mut alone: Vec<Vec<String>> = Vec::new();
    for doc in &docs {
        let extraction = newsfuse_extract::extract(doc);
        match newsfuse_group::features(doc, &extraction) {
            Some(f) => features.push(f),
            None => alone.push(vec![doc.id.0.clone()]),
        }
    }
    let mut predicted: Vec<Vec<String>> = newsfuse_group::group(&features)
        .into_iter()
        .map(|members| {
            members
                .into_iter()
                .map(|m| features[m].doc.0.clone())
                .collect()
        })
        .collect();
    let grouped = docs.len() - alone.len();
    predicted.extend(alone);
    let muc = coref::muc(&gold, &predicted);
    let b3 = coref::b_cubed(&gold, &predicted);
    let ceaf = coref::ceaf_e(&gold, &predicted);
    let conll = coref::conll_f1(&gold, &predicted);
    Ok(Report {
        bench: "ecbplus".into(),
        data: path.display().to_string(),
        overall: Score::Prf(conll),
        per_class: vec![
            ("b3".into(), Score::Prf(b3)),
            ("muc".into(), Score::Prf(muc)),
            ("ceaf_e".into(), Score::Prf(ceaf)),
        ],
        extra: vec![],
        notes: vec![format!(
            "{} documents in {} gold clusters; {grouped} with an attack to group, the rest alone; overall = CoNLL F1 (mean of MUC, B3, CEAF-e F1)",
            docs.len(),
            gold.len()
        )],
    })
}
