//! Naive-Bayes log-count ratios, shared by the document labs (`doc_lab`, `knn_lab`).

use std::collections::HashMap;

/// Per feature key, `ln(p / q)` of its smoothed share among the positive documents'
/// features (`p`) and the negative ones' (`q`), `alpha` added to every count.
pub fn nb_ratios(x: &[Vec<u32>], y: &[bool], alpha: f32) -> HashMap<u32, f32> {
    let mut p: HashMap<u32, f32> = HashMap::new();
    let mut q: HashMap<u32, f32> = HashMap::new();
    for (x, &y) in x.iter().zip(y) {
        for &k in x {
            *(if y { &mut p } else { &mut q }).entry(k).or_default() += 1.0;
        }
    }
    let keys: Vec<u32> = p.keys().chain(q.keys()).copied().collect();
    let sp: f32 = p.values().sum::<f32>() + alpha * keys.len() as f32;
    let sq: f32 = q.values().sum::<f32>() + alpha * keys.len() as f32;
    keys.into_iter()
        .map(|k| {
            let a = (p.get(&k).copied().unwrap_or(0.0) + alpha) / sp;
            let b = (q.get(&k).copied().unwrap_or(0.0) + alpha) / sq;
            (k, (a / b).ln())
        })
        .collect()
}
