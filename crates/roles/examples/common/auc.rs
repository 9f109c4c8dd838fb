//! The area under the ROC curve, shared by the document labs (`doc_lab`, `knn_lab`).

/// The share of (positive, negative) pairs that `s` orders right, ties counting half.
pub fn auc(s: &[f32], y: &[bool]) -> f64 {
    let mut pos = 0.0;
    let mut tot = 0.0;
    for (i, a) in s.iter().enumerate() {
        for (j, b) in s.iter().enumerate() {
            if y[i] && !y[j] {
                tot += 1.0;
                if a > b {
                    pos += 1.0;
                } else if a == b {
                    pos += 0.5;
                }
            }
        }
    }
    pos / tot
}
