//! Training: averaged structured perceptron, Viterbi decoding, every document seen with
//! the case features on and again with them off, in a seeded order.

use std::time::Instant;

use crate::clusters::Clusters;
use crate::features::{position_features, DocFlags, MAX_FEATURES};
use crate::{tags_of, token_hashes, viterbi, Entity, EntityType, Model, NTAGS};

/// A training or development document: its text, its tokens (byte ranges) and its
/// entities (token ranges).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Example {
    /// The text.
    pub text: String,
    /// Tokens, in order.
    pub tokens: Vec<(usize, usize)>,
    /// Gold entities.
    pub entities: Vec<Entity>,
}

/// Settings.
#[derive(Debug, Clone, Copy)]
pub struct TrainOptions {
    /// Weight table of `2^bits` rows.
    pub bits: u32,
    /// Passes over the training set.
    pub epochs: usize,
    /// Seed of the document order.
    pub seed: u64,
    /// Train on each document a second time with the case features off.
    pub both_cases: bool,
}

impl Default for TrainOptions {
    fn default() -> Self {
        Self {
            bits: 18,
            epochs: 12,
            seed: 7,
            both_cases: true,
        }
    }
}

/// Precision, recall and F1 (percent), and counts.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Prf {
    /// Correct predicted entities.
    pub correct: usize,
    /// Predicted entities.
    pub predicted: usize,
    /// Gold entities.
    pub gold: usize,
}

impl Prf {
    /// Precision, percent.
    pub fn precision(&self) -> f64 {
        pct(self.correct, self.predicted)
    }
    /// Recall, percent.
    pub fn recall(&self) -> f64 {
        pct(self.correct, self.gold)
    }
    /// F1, percent.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    fn add(&mut self, gold: &[Entity], predicted: &[Entity]) {
        self.gold += gold.len();
        self.predicted += predicted.len();
        self.correct += predicted.iter().filter(|p| gold.contains(p)).count();
    }
}

fn pct(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        100.0 * a as f64 / b as f64
    }
}

/// Scores of a model on a set of documents.
#[derive(Debug, Clone, Default)]
pub struct DevScores {
    /// As written.
    pub cased: Prf,
    /// Per type, as written.
    pub per_type: [Prf; 4],
    /// Lower-cased (ASCII), case features off.
    pub lower: Prf,
    /// Upper-cased (ASCII), case features off.
    pub upper: Prf,
}

/// Scores `model` on `docs`, as written and lower- and upper-cased.
pub fn evaluate(model: &Model, docs: &[Example]) -> DevScores {
    let mut s = DevScores::default();
    for d in docs {
        let pred = model.tag(&d.text, &d.tokens, true);
        s.cased.add(&d.entities, &pred);
        for ty in EntityType::ALL {
            let g: Vec<Entity> = d.entities.iter().copied().filter(|e| e.ty == ty).collect();
            let p: Vec<Entity> = pred.iter().copied().filter(|e| e.ty == ty).collect();
            s.per_type[ty as usize].add(&g, &p);
        }
        let lower = d.text.to_ascii_lowercase();
        s.lower
            .add(&d.entities, &model.tag(&lower, &d.tokens, false));
        let upper = d.text.to_ascii_uppercase();
        s.upper
            .add(&d.entities, &model.tag(&upper, &d.tokens, false));
    }
    s
}

/// One epoch's report.
#[derive(Debug, Clone)]
pub struct EpochReport {
    /// 1-based.
    pub epoch: usize,
    /// Training documents (per case pass) whose best tags were wrong.
    pub mistakes: usize,
    /// Dev scores of the averaged weights after this epoch (empty dev: zeros).
    pub dev: DevScores,
    /// Seconds since training began.
    pub seconds: f64,
}

/// Feature rows of every position of a document, `stride` per position.
struct Prepared {
    rows: Vec<u32>,
    stride: usize,
    gold: Vec<usize>,
}

fn prepare(ex: &Example, cased: bool, bits: u32, clusters: &Clusters) -> Prepared {
    let toks = token_hashes(&ex.text, &ex.tokens, clusters);
    let doc = cased.then(|| DocFlags::new(&toks));
    let mut feats = [0u64; MAX_FEATURES];
    let mut rows = Vec::new();
    let mut stride = 0;
    for i in 0..toks.len() {
        let nf = position_features(&toks, doc.as_ref(), i, cased, &mut feats);
        stride = nf;
        rows.extend(feats[..nf].iter().map(|&f| (f >> (64 - bits)) as u32));
    }
    Prepared {
        rows,
        stride,
        gold: tags_of(ex.tokens.len(), &ex.entities),
    }
}

struct Weights {
    w: Vec<f32>,
    acc: Vec<f32>,
    t: Vec<f32>,
    tacc: Vec<f32>,
    c: f32,
}

impl Weights {
    fn bump(&mut self, row: usize, tag: usize, d: f32) {
        self.w[row * NTAGS + tag] += d;
        self.acc[row * NTAGS + tag] += self.c * d;
    }
    fn bump_t(&mut self, prev: usize, tag: usize, d: f32) {
        self.t[prev * NTAGS + tag] += d;
        self.tacc[prev * NTAGS + tag] += self.c * d;
    }
    fn averaged(&self, bits: u32, clusters: &Clusters) -> Model {
        let avg = |w: &[f32], acc: &[f32]| -> Vec<f32> {
            w.iter()
                .zip(acc)
                .map(|(w, a)| w - a / self.c.max(1.0))
                .collect()
        };
        Model::quantise(
            bits,
            &avg(&self.w, &self.acc),
            &avg(&self.t, &self.tacc),
            clusters.clone(),
        )
    }
}

/// Trains a model with these word clusters (empty: none); `report` hears each epoch. Returns the averaged weights of the epoch
/// with the best dev F1 (as written), or of the last epoch when `dev` is empty.
pub fn train(
    train: &[Example],
    dev: &[Example],
    opts: &TrainOptions,
    clusters: &Clusters,
    mut report: impl FnMut(&EpochReport),
) -> Model {
    let started = Instant::now();
    let bits = opts.bits.clamp(8, 24);
    let mut data: Vec<Prepared> = Vec::new();
    for ex in train {
        data.push(prepare(ex, true, bits, clusters));
        if opts.both_cases {
            data.push(prepare(ex, false, bits, clusters));
        }
    }
    let rows = 1usize << bits;
    let mut wt = Weights {
        w: vec![0.0; rows * NTAGS],
        acc: vec![0.0; rows * NTAGS],
        t: vec![0.0; (NTAGS + 1) * NTAGS],
        tacc: vec![0.0; (NTAGS + 1) * NTAGS],
        c: 1.0,
    };
    let mut order: Vec<usize> = (0..data.len()).collect();
    let mut rng = opts.seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut next = move || {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng
    };
    let mut best: Option<(f64, Model)> = None;
    let (mut em, mut back, mut pred) = (Vec::new(), Vec::new(), Vec::new());
    for epoch in 1..=opts.epochs {
        for i in (1..order.len()).rev() {
            let j = (next() % (i as u64 + 1)) as usize;
            order.swap(i, j);
        }
        let mut mistakes = 0;
        for &k in &order {
            let p = &data[k];
            let n = p.gold.len();
            em.clear();
            em.resize(n * NTAGS, 0f32);
            for i in 0..n {
                for &r in &p.rows[i * p.stride..(i + 1) * p.stride] {
                    let base = r as usize * NTAGS;
                    for t in 0..NTAGS {
                        em[i * NTAGS + t] += wt.w[base + t];
                    }
                }
            }
            viterbi(&em, &wt.t, n, &mut back, &mut pred);
            if pred != p.gold {
                mistakes += 1;
                for i in 0..n {
                    let (g, q) = (p.gold[i], pred[i]);
                    if g != q {
                        for idx in i * p.stride..(i + 1) * p.stride {
                            let r = p.rows[idx] as usize;
                            wt.bump(r, g, 1.0);
                            wt.bump(r, q, -1.0);
                        }
                    }
                    let (gp, qp) = if i == 0 {
                        (NTAGS, NTAGS)
                    } else {
                        (p.gold[i - 1], pred[i - 1])
                    };
                    if (gp, g) != (qp, q) {
                        wt.bump_t(gp, g, 1.0);
                        wt.bump_t(qp, q, -1.0);
                    }
                }
            }
            wt.c += 1.0;
        }
        let model = wt.averaged(bits, clusters);
        let scores = evaluate(&model, dev);
        let f1 = scores.cased.f1();
        report(&EpochReport {
            epoch,
            mistakes,
            dev: scores,
            seconds: started.elapsed().as_secs_f64(),
        });
        if dev.is_empty() || best.as_ref().is_none_or(|(b, _)| f1 > *b) {
            best = Some((f1, model));
        }
    }
    best.map(|(_, m)| m)
        .unwrap_or_else(|| wt.averaged(bits, clusters))
}

/// Entities of a tag list in IOB2 (`B-PER`, `I-PER`, `O`) over tokens: the gold
/// entities of a CoNLL sentence.
pub fn entities_from_iob2(tags: &[&str]) -> Vec<Entity> {
    let mut out: Vec<Entity> = Vec::new();
    let mut open: Option<(usize, EntityType)> = None;
    for (i, t) in tags.iter().enumerate() {
        let (prefix, ty) = match t.split_once('-') {
            Some((p, ty)) => (p, EntityType::parse(ty)),
            None => ("O", None),
        };
        let continues = prefix == "I" && open.is_some_and(|(_, oty)| Some(oty) == ty);
        if !continues {
            if let Some((s, oty)) = open.take() {
                out.push(Entity {
                    start: s,
                    end: i,
                    ty: oty,
                });
            }
            if let Some(ty) = ty {
                open = Some((i, ty));
            }
        }
    }
    if let Some((s, ty)) = open {
        out.push(Entity {
            start: s,
            end: tags.len(),
            ty,
        });
    }
    out
}
