//! Average-link agglomerative clustering over a sparse graph of candidate pairs.
//!
//! Only the pairs that blocking proposes are scored; a pair that was not proposed
//! counts as similarity 0 in the averages (so a cluster must be densely linked to
//! grow), and a proposed pair that cannot be one event (`None`) forbids every merge
//! that would put its two articles together. Clusters merge, best average first, while
//! the best average reaches the threshold. The cost is that of the candidate pairs
//! (times a log), not of all pairs.

use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashMap};

#[derive(Clone, Copy, Default)]
struct Link {
    sum: f64,
    blocked: bool,
}

#[derive(PartialEq)]
struct Entry {
    avg: f64,
    a: u32,
    b: u32,
    stamp_a: u32,
    stamp_b: u32,
}

impl Eq for Entry {}

impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Entry {
    fn cmp(&self, other: &Self) -> Ordering {
        self.avg
            .total_cmp(&other.avg)
            // Ties: the earliest pair first (max-heap), so the result is deterministic.
            .then_with(|| other.a.cmp(&self.a))
            .then_with(|| other.b.cmp(&self.b))
    }
}

fn key(a: u32, b: u32) -> (u32, u32) {
    if a < b {
        (a, b)
    } else {
        (b, a)
    }
}

/// Clusters `n` items given scored candidate pairs `(i, j, similarity)` (`None`: the
/// two can never be together). Returns the clusters, each sorted, in order of their
/// first item; items in no pair are alone.
pub fn average_link(
    n: usize,
    pairs: &[(u32, u32, Option<f32>)],
    threshold: f64,
) -> Vec<Vec<usize>> {
    let mut links: HashMap<(u32, u32), Link> = HashMap::with_capacity(pairs.len());
    let mut neighbours: Vec<Vec<u32>> = vec![Vec::new(); n];
    for &(i, j, s) in pairs {
        if i == j || i as usize >= n || j as usize >= n {
            continue;
        }
        let k = key(i, j);
        let link = links.entry(k).or_insert_with(|| {
            neighbours[i as usize].push(j);
            neighbours[j as usize].push(i);
            Link::default()
        });
        match s {
            Some(s) => link.sum = f64::from(s),
            None => link.blocked = true,
        }
    }
    let mut size: Vec<u32> = vec![1; n];
    let mut stamp: Vec<u32> = vec![0; n];
    let mut alive: Vec<bool> = vec![true; n];
    let mut members: Vec<Vec<u32>> = (0..n as u32).map(|i| vec![i]).collect();
    let mut heap = BinaryHeap::new();
    for (&(a, b), link) in &links {
        if !link.blocked && link.sum >= threshold {
            heap.push(Entry {
                avg: link.sum,
                a,
                b,
                stamp_a: 0,
                stamp_b: 0,
            });
        }
    }
    while let Some(e) = heap.pop() {
        let (a, b) = (e.a as usize, e.b as usize);
        if !alive[a] || !alive[b] || stamp[a] != e.stamp_a || stamp[b] != e.stamp_b {
            continue;
        }
        // Merge b into a.
        alive[b] = false;
        let moved = std::mem::take(&mut members[b]);
        members[a].extend(moved);
        size[a] += size[b];
        stamp[a] += 1;
        links.remove(&key(e.a, e.b));
        let nb = std::mem::take(&mut neighbours[b]);
        let na = std::mem::take(&mut neighbours[a]);
        let mut merged: Vec<u32> = Vec::with_capacity(na.len() + nb.len());
        for &x in na.iter().chain(&nb) {
            if x as usize == a || x as usize == b || !alive[x as usize] {
                continue;
            }
            merged.push(x);
        }
        merged.sort_unstable();
        merged.dedup();
        for &x in &merged {
            let from_a = links.remove(&key(e.a, x)).unwrap_or_default();
            let from_b = links.remove(&key(e.b, x)).unwrap_or_default();
            let link = Link {
                sum: from_a.sum + from_b.sum,
                blocked: from_a.blocked || from_b.blocked,
            };
            links.insert(key(e.a, x), link);
            let xs = &mut neighbours[x as usize];
            xs.retain(|&y| y != e.b);
            if !xs.contains(&e.a) {
                xs.push(e.a);
            }
            let avg = link.sum / (f64::from(size[a]) * f64::from(size[x as usize]));
            if !link.blocked && avg >= threshold {
                let (p, q) = key(e.a, x);
                heap.push(Entry {
                    avg,
                    a: p,
                    b: q,
                    stamp_a: stamp[p as usize],
                    stamp_b: stamp[q as usize],
                });
            }
        }
        neighbours[a] = merged;
    }
    let mut out: Vec<Vec<usize>> = members
        .into_iter()
        .enumerate()
        .filter(|(i, _)| alive[*i])
        .map(|(_, m)| {
            let mut m: Vec<usize> = m.into_iter().map(|x| x as usize).collect();
            m.sort_unstable();
            m
        })
        .collect();
    out.sort_unstable_by_key(|m| m[0]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dense_triangle_merges_and_weak_tail_stays_out() {
        // 0-1-2 strongly linked; 3 linked to 2 only: average 0.6/3 = 0.2 < 0.5.
        let pairs = vec![
            (0, 1, Some(0.9)),
            (1, 2, Some(0.8)),
            (0, 2, Some(0.7)),
            (2, 3, Some(0.6)),
        ];
        assert_eq!(
            average_link(5, &pairs, 0.5),
            vec![vec![0, 1, 2], vec![3], vec![4]]
        );
        // With a low threshold the tail joins.
        assert_eq!(average_link(4, &pairs, 0.2), vec![vec![0, 1, 2, 3]]);
    }

    #[test]
    fn a_blocked_pair_is_never_put_together() {
        let pairs = vec![(0, 1, Some(0.9)), (1, 2, Some(0.9)), (0, 2, None)];
        let out = average_link(3, &pairs, 0.1);
        assert_eq!(out, vec![vec![0, 1], vec![2]]);
    }
}
