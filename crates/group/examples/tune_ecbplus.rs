//! Threshold sweep for document grouping on the ECB+ shared split, text only (no
//! extraction): `cargo run --release -p newsfuse-group --example tune_ecbplus -- FILE`.
//! The shared split holds no test topic; this is the tuning loop behind
//! `JOIN_SIMILARITY`.

use std::collections::HashMap;

use newsfuse_core::{Document, Extraction};

fn b3(gold: &HashMap<usize, usize>, pred: &[Vec<usize>]) -> (f64, f64, f64) {
    let mut gold_size: HashMap<usize, usize> = HashMap::new();
    for g in gold.values() {
        *gold_size.entry(*g).or_insert(0) += 1;
    }
    let (mut p, mut r, mut n) = (0.0, 0.0, 0.0);
    for c in pred {
        for &i in c {
            let same = c.iter().filter(|&&j| gold[&j] == gold[&i]).count() as f64;
            p += same / c.len() as f64;
            r += same / gold_size[&gold[&i]] as f64;
            n += 1.0;
        }
    }
    let (p, r) = (p / n, r / n);
    (p, r, 2.0 * p * r / (p + r))
}

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: tune_ecbplus FILE");
        return;
    };
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("cannot read {path}");
        return;
    };
    let mut docs: Vec<(String, usize, String)> = Vec::new();
    for (ci, line) in text.lines().enumerate() {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        for d in v["docs"].as_array().into_iter().flatten() {
            docs.push((
                d["doc_id"].as_str().unwrap_or_default().to_string(),
                ci,
                d["text"].as_str().unwrap_or_default().to_string(),
            ));
        }
    }
    docs.sort();
    let empty = Extraction::default();
    let features: Vec<_> = docs
        .iter()
        .map(|(id, _, t)| {
            newsfuse_group::features_any(&Document::bare(id.clone(), t.clone()), &empty)
        })
        .collect();
    let gold: HashMap<usize, usize> = docs.iter().enumerate().map(|(i, d)| (i, d.1)).collect();
    for t in (5..=10).map(|k| f64::from(k) * 0.02) {
        let pred = newsfuse_group::group_with(&features, t);
        let (p, r, f) = b3(&gold, &pred);
        println!(
            "t={t:.2} groups={} B3 P={p:.4} R={r:.4} F={f:.4}",
            pred.len()
        );
        if std::env::var("SHOW")
            .ok()
            .and_then(|v| v.parse::<f64>().ok())
            .is_some_and(|x| (x - t).abs() < 1e-9)
        {
            for c in &pred {
                let mut comp: HashMap<usize, usize> = HashMap::new();
                for &i in c {
                    *comp.entry(gold[&i]).or_insert(0) += 1;
                }
                let mut comp: Vec<_> = comp.into_iter().collect();
                comp.sort();
                println!("  {:?}", comp);
            }
        }
    }
}
