//! The optimal one-to-one alignment of two sets (Kuhn–Munkres, the Hungarian method),
//! shared by CEAF-REE and CEAF-e.

/// The maximum total weight of a one-to-one assignment of rows to columns of a
/// non-negative `weights` matrix (rows × cols, either may be larger), and each row's
/// column (`None` when it is left unassigned or assigned only to padding).
pub fn max_weight_assignment(weights: &[Vec<f64>]) -> (f64, Vec<Option<usize>>) {
    let rows = weights.len();
    let cols = weights.iter().map(Vec::len).max().unwrap_or(0);
    if rows == 0 || cols == 0 {
        return (0.0, vec![None; rows]);
    }
    let n = rows.max(cols);
    let max_w = weights.iter().flatten().copied().fold(0.0f64, f64::max);
    // Minimise cost = max_w - weight on a square matrix padded with zero weights.
    let cost = |i: usize, j: usize| -> f64 {
        let w = weights
            .get(i)
            .and_then(|r| r.get(j))
            .copied()
            .unwrap_or(0.0);
        max_w - w
    };
    // Potentials-based O(n^3) Hungarian algorithm, 1-based with a virtual column 0.
    let inf = f64::INFINITY;
    let mut u = vec![0.0; n + 1];
    let mut v = vec![0.0; n + 1];
    let mut p = vec![0usize; n + 1]; // p[j] = row assigned to column j
    let mut way = vec![0usize; n + 1];
    for i in 1..=n {
        p[0] = i;
        let mut j0 = 0usize;
        let mut minv = vec![inf; n + 1];
        let mut used = vec![false; n + 1];
        loop {
            used[j0] = true;
            let i0 = p[j0];
            let mut delta = inf;
            let mut j1 = 0usize;
            for j in 1..=n {
                if !used[j] {
                    let cur = cost(i0 - 1, j - 1) - u[i0] - v[j];
                    if cur < minv[j] {
                        minv[j] = cur;
                        way[j] = j0;
                    }
                    if minv[j] < delta {
                        delta = minv[j];
                        j1 = j;
                    }
                }
            }
            for j in 0..=n {
                if used[j] {
                    u[p[j]] += delta;
                    v[j] -= delta;
                } else {
                    minv[j] -= delta;
                }
            }
            j0 = j1;
            if p[j0] == 0 {
                break;
            }
        }
        loop {
            let j1 = way[j0];
            p[j0] = p[j1];
            j0 = j1;
            if j0 == 0 {
                break;
            }
        }
    }
    let mut assignment = vec![None; rows];
    let mut total = 0.0;
    for (j, &i) in p.iter().enumerate().skip(1) {
        if i >= 1 && i <= rows && j <= cols {
            let w = weights[i - 1].get(j - 1).copied().unwrap_or(0.0);
            if j - 1 < weights[i - 1].len() {
                assignment[i - 1] = Some(j - 1);
                total += w;
            }
        }
    }
    (total, assignment)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn brute(weights: &[Vec<f64>], cols: usize) -> f64 {
        fn go(i: usize, weights: &[Vec<f64>], used: &mut Vec<bool>) -> f64 {
            if i == weights.len() {
                return 0.0;
            }
            let mut best = go(i + 1, weights, used);
            for j in 0..used.len() {
                if !used[j] {
                    used[j] = true;
                    let w = weights[i].get(j).copied().unwrap_or(0.0);
                    best = best.max(w + go(i + 1, weights, used));
                    used[j] = false;
                }
            }
            best
        }
        go(0, weights, &mut vec![false; cols])
    }

    #[test]
    fn a_known_case() {
        let w = vec![vec![1.0, 0.0], vec![1.0, 0.0], vec![0.0, 1.0]];
        let (total, a) = max_weight_assignment(&w);
        assert_eq!(total, 2.0);
        assert_eq!(a.iter().filter(|x| x.is_some()).count(), 2);
        assert_eq!(a[2], Some(1));
        assert_eq!(max_weight_assignment(&[]), (0.0, vec![]));
    }

    proptest! {
        #[test]
        fn matches_brute_force(rows in 0usize..6, cols in 1usize..6, seed in proptest::collection::vec(0u8..5, 36)) {
            let w: Vec<Vec<f64>> = (0..rows)
                .map(|i| (0..cols).map(|j| f64::from(seed[i * 6 + j]) / 2.0).collect())
                .collect();
            let (total, assignment) = max_weight_assignment(&w);
            prop_assert!((total - brute(&w, cols)).abs() < 1e-9);
            let mut seen = std::collections::HashSet::new();
            for c in assignment.into_iter().flatten() {
                prop_assert!(c < cols && seen.insert(c));
            }
        }
    }
}
