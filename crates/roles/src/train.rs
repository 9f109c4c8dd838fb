//! Training on MUC-4 `train.jsonl`, tuning thresholds on `dev.jsonl`.
//!
//! Gold tags come from the document-level gold: every occurrence in the text of a
//! gold mention string (token-aligned) is tagged with its role, longer mentions first,
//! overlapping ones skipped. The tagger is an averaged structured perceptron updated
//! per sentence; the two document classifiers are averaged perceptrons over the bag
//! of words. After the epochs, the epoch with the best dev CEAF-REE is kept and the
//! thresholds are tuned on dev by coordinate ascent over micro-averaged CEAF-REE.

use std::collections::BTreeMap;
use std::io::BufRead;
use std::path::Path;
use std::time::Instant;

use serde::Deserialize;

use crate::features::{doc_features, token_features, TokenFeatures};
use crate::model::{KeyMap, Table};

use crate::score::{ceaf, normalize, template_counts, Counts, ScoredTemplate, TemplateCounts};
use crate::token::{tokenize, Token};
use crate::{sentences, viterbi, Model, Params, Raw, Role, RolesError, INCIDENT_TYPES, NT};

const NK: usize = INCIDENT_TYPES.len();

/// One MUC-4 message as `train.jsonl` / `dev.jsonl` carry it (fields we use).
#[derive(Debug, Clone, Deserialize)]
pub struct Doc {
    pub id: String,
    pub text: String,
    #[serde(default)]
    pub relevant: bool,
    #[serde(default)]
    pub extracts: BTreeMap<String, Vec<Vec<String>>>,
    #[serde(default)]
    pub templates: Vec<TemplateKind>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct TemplateKind {
    pub incident_type: String,
    #[serde(rename = "PerpInd", default)]
    pub perp_ind: Vec<Vec<String>>,
    #[serde(rename = "PerpOrg", default)]
    pub perp_org: Vec<Vec<String>>,
    #[serde(rename = "Target", default)]
    pub target: Vec<Vec<String>>,
    #[serde(rename = "Victim", default)]
    pub victim: Vec<Vec<String>>,
    #[serde(rename = "Weapon", default)]
    pub weapon: Vec<Vec<String>>,
}

impl TemplateKind {
    /// The template as the tuning scorer reads it (mentions normalised).
    pub fn scored(&self) -> ScoredTemplate {
        let norm = |es: &Vec<Vec<String>>| -> Vec<Vec<String>> {
            es.iter()
                .map(|e| e.iter().map(|m| normalize(m)).collect())
                .collect()
        };
        ScoredTemplate {
            kind: self.incident_type.clone(),
            roles: [
                norm(&self.perp_ind),
                norm(&self.perp_org),
                norm(&self.target),
                norm(&self.victim),
                norm(&self.weapon),
            ],
        }
    }
}

impl Doc {
    /// Gold entities of a role.
    pub fn gold(&self, role: Role) -> &[Vec<String>] {
        self.extracts
            .get(role.as_str())
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// Class of the first template's incident type ("attack / bombing" → attack).
    pub fn kind(&self) -> Option<usize> {
        let t = self.templates.first()?;
        let first = t.incident_type.split('/').next().unwrap_or("").trim();
        INCIDENT_TYPES.iter().position(|k| *k == first)
    }

    /// Which incident types the text reports ("attack / bombing" counts as both).
    pub fn type_set(&self) -> [bool; INCIDENT_TYPES.len()] {
        let mut out = [false; INCIDENT_TYPES.len()];
        for t in &self.templates {
            for part in t.incident_type.split('/') {
                if let Some(k) = INCIDENT_TYPES.iter().position(|k| *k == part.trim()) {
                    out[k] = true;
                }
            }
        }
        out
    }
}

/// Reads a JSON Lines file of messages.
pub fn read_docs(path: &Path) -> Result<Vec<Doc>, RolesError> {
    let io = |source| RolesError::Io {
        path: path.display().to_string(),
        source,
    };
    let file = std::fs::File::open(path).map_err(io)?;
    let mut out = Vec::new();
    for (n, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line.map_err(io)?;
        if line.trim().is_empty() {
            continue;
        }
        let doc = serde_json::from_str(&line).map_err(|source| RolesError::Json {
            path: path.display().to_string(),
            line: n + 1,
            source,
        })?;
        out.push(doc);
    }
    Ok(out)
}

/// Tags every token-aligned occurrence of a gold mention with its role.
pub fn gold_tags(doc: &Doc, tokens: &[Token]) -> Vec<usize> {
    let starts: KeyMap<usize> = tokens
        .iter()
        .enumerate()
        .map(|(i, t)| (t.start as u32, i))
        .collect();
    let ends: KeyMap<usize> = tokens
        .iter()
        .enumerate()
        .map(|(i, t)| (t.end as u32, i))
        .collect();
    let mut spans: Vec<(usize, usize, Role)> = Vec::new();
    for role in Role::ALL {
        for entity in doc.gold(role) {
            for m in entity {
                if m.is_empty() {
                    continue;
                }
                for (at, _) in doc.text.match_indices(m.as_str()) {
                    if let (Some(&s), Some(&e)) =
                        (starts.get(&(at as u32)), ends.get(&((at + m.len()) as u32)))
                    {
                        spans.push((s, e + 1, role));
                    }
                }
            }
        }
    }
    spans.sort_by_key(|&(s, e, r)| (std::cmp::Reverse(e - s), s, r));
    let mut tags = vec![0usize; tokens.len()];
    for (s, e, r) in spans {
        if tags[s..e].iter().any(|&t| t != 0) {
            continue;
        }
        tags[s] = 1 + 2 * r as usize;
        for t in &mut tags[s + 1..e] {
            *t = 2 + 2 * r as usize;
        }
    }
    tags
}

/// Averaged perceptron weights under training.
struct Avg<const K: usize> {
    index: KeyMap<usize>,
    w: Vec<[f32; K]>,
    acc: Vec<[f32; K]>,
}

impl<const K: usize> Avg<K> {
    fn new() -> Self {
        Avg {
            index: KeyMap::default(),
            w: Vec::new(),
            acc: Vec::new(),
        }
    }
    fn update(&mut self, key: u32, class: usize, delta: f32, c: f32) {
        let n = self.w.len();
        let i = *self.index.entry(key).or_insert(n);
        if i == n {
            self.w.push([0.0; K]);
            self.acc.push([0.0; K]);
        }
        self.w[i][class] += delta;
        self.acc[i][class] += c * delta;
    }
    fn score(&self, keys: &[u32]) -> [f32; K] {
        let mut out = [0.0; K];
        for k in keys {
            if let Some(&i) = self.index.get(k) {
                for (o, w) in out.iter_mut().zip(&self.w[i]) {
                    *o += w;
                }
            }
        }
        out
    }
    /// The averaged weights, unquantised and unpruned.
    fn float_rows(&self, c: f32) -> impl Iterator<Item = (u32, [f32; K])> + Clone + '_ {
        self.index.iter().map(move |(&k, &i)| {
            let mut row = [0f32; K];
            for (x, (w, a)) in row.iter_mut().zip(self.w[i].iter().zip(&self.acc[i])) {
                *x = w - a / c;
            }
            (k, row)
        })
    }
    /// The averaged weights; rows whose every weight is below `min` are dropped.
    fn averaged(&self, c: f32, min: f32) -> Table<K> {
        Table::quantise(
            self.float_rows(c)
                .filter(|(_, row)| row.iter().any(|x| x.abs() >= min)),
        )
    }
}

/// Training settings.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    pub epochs: usize,
    pub seed: u64,
    /// Averaged weights smaller than this (in absolute value) are dropped from the
    /// saved model.
    pub prune: f32,
    /// Outside biases tried, evenly from 0 to the mean outside margin on dev.
    pub bias_steps: usize,
    /// Passes of the document classifiers over the training set.
    pub doc_epochs: usize,
    /// Train the tagger on relevant messages only (the relevance gate answers for the
    /// others).
    pub tagger_relevant_only: bool,
    /// Taggers trained from different document orders (seeds `seed`, `seed + 1`, ...),
    /// each at its best epoch, whose averaged weights are averaged into the model's.
    pub taggers: usize,
    /// Fit the document classifiers by NB-LR with these settings (else by the averaged
    /// perceptron, `doc_epochs` passes).
    pub doc_lr: Option<crate::doc::LrOptions>,
    /// NB-LR document weights smaller than this (in absolute value) are dropped.
    pub doc_prune: f32,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            epochs: 20,
            seed: 7,
            prune: 0.05,
            bias_steps: 8,
            doc_epochs: 5,
            tagger_relevant_only: true,
            taggers: 3,
            doc_lr: Some(crate::doc::LrOptions::default()),
            doc_prune: 0.003,
        }
    }
}

/// Progress after one epoch.
#[derive(Debug, Clone)]
pub struct EpochReport {
    pub epoch: usize,
    pub mistakes: usize,
    /// Dev CEAF-REE micro F1 with neutral thresholds.
    pub dev_f1: f64,
    pub seconds: f64,
}

/// The outcome: the model (thresholds tuned) and its dev scores.
pub struct Trained {
    pub model: Model,
    pub best_epoch: usize,
    pub dev_micro: Counts,
    pub dev_roles: [Counts; 5],
    /// Dev template F1 counts (GTT) under the tuned thresholds.
    pub dev_templates: TemplateCounts,
}

struct Prepared {
    tokens: Vec<Token>,
    feats: TokenFeatures,
    tags: Vec<usize>,
    doc: Vec<u32>,
    kind: Option<usize>,
    relevant: bool,
    types: [bool; INCIDENT_TYPES.len()],
}

/// Only what the document classifiers need.
fn prepare_doc(d: &Doc) -> Prepared {
    let tokens = tokenize(&d.text);
    let doc = doc_features(&tokens);
    Prepared {
        tokens: Vec::new(),
        feats: TokenFeatures {
            keys: Vec::new(),
            offsets: vec![0],
        },
        tags: Vec::new(),
        doc,
        kind: if d.relevant { d.kind() } else { None },
        relevant: d.relevant,
        types: d.type_set(),
    }
}

fn prepare(d: &Doc) -> Prepared {
    let tokens = tokenize(&d.text);
    let feats = token_features(&tokens);
    let tags = gold_tags(d, &tokens);
    let doc = doc_features(&tokens);
    Prepared {
        tokens,
        feats,
        tags,
        doc,
        kind: if d.relevant { d.kind() } else { None },
        relevant: d.relevant,
        types: d.type_set(),
    }
}

/// A deterministic shuffle (xorshift).
fn shuffle<T>(v: &mut [T], seed: &mut u64) {
    for i in (1..v.len()).rev() {
        *seed ^= *seed << 13;
        *seed ^= *seed >> 7;
        *seed ^= *seed << 17;
        let j = (*seed % (i as u64 + 1)) as usize;
        v.swap(i, j);
    }
}

/// The document classifiers (relevance, first incident type, per-type): NB-LR
/// ([`crate::doc`]) when `opts.doc_lr` is set, else averaged perceptrons over the bag
/// of words, `opts.doc_epochs` passes.
fn doc_classifiers(data: &[Prepared], opts: &TrainOptions) -> (Table<1>, Table<NK>, Table<NK>) {
    if let Some(lr) = opts.doc_lr {
        return doc_classifiers_lr(data, &lr, opts.doc_prune);
    }
    let mut relevance = Avg::<1>::new();
    let mut kind = Avg::<NK>::new();
    let mut types = Avg::<NK>::new();
    let mut c = 1f32;
    let mut seed = opts.seed.max(1) ^ 0x5eed;
    let mut order: Vec<usize> = (0..data.len()).collect();
    for _ in 0..opts.doc_epochs {
        shuffle(&mut order, &mut seed);
        for p in order.iter().filter_map(|&i| data.get(i)) {
            let y = if p.relevant { 1.0 } else { -1.0 };
            let s = relevance.score(&p.doc)[0];
            if y * s <= 0.0 {
                for &k in &p.doc {
                    relevance.update(k, 0, y, c);
                }
            }
            if p.relevant {
                let s = types.score(&p.doc);
                for (k, &on) in p.types.iter().enumerate() {
                    let y = if on { 1.0 } else { -1.0 };
                    if y * s[k] <= 0.0 {
                        for &f in &p.doc {
                            types.update(f, k, y, c);
                        }
                    }
                }
            }
            if let Some(gold) = p.kind {
                let guess = crate::argmax(&kind.score(&p.doc));
                if guess != gold {
                    for &k in &p.doc {
                        kind.update(k, gold, 1.0, c);
                        kind.update(k, guess, -1.0, c);
                    }
                }
            }
            c += 1.0;
        }
    }
    (
        relevance.averaged(c, opts.prune),
        kind.averaged(c, opts.prune),
        types.averaged(c, opts.prune),
    )
}

/// The document classifiers fitted by NB-LR, one binary classifier per column: relevance
/// on every document; the first incident type (one against the rest) and each type of
/// the text on the relevant ones. Weights under `prune` are dropped.
fn doc_classifiers_lr(
    data: &[Prepared],
    lr: &crate::doc::LrOptions,
    prune: f32,
) -> (Table<1>, Table<NK>, Table<NK>) {
    use crate::doc::{nb_logreg, Indexed};
    let ix = Indexed::new(
        data.iter().map(|p| p.doc.as_slice()),
        crate::doc::bias_key(),
    );
    let all: Vec<usize> = (0..data.len()).collect();
    let rel: Vec<usize> = all.iter().copied().filter(|&i| data[i].relevant).collect();
    let y: Vec<bool> = data.iter().map(|p| p.relevant).collect();
    let relevance = nb_logreg(&ix, &all, &y, lr);
    let mut kind = vec![[0f32; NK]; ix.keys.len()];
    let mut types = vec![[0f32; NK]; ix.keys.len()];
    for k in 0..NK {
        let y: Vec<bool> = rel.iter().map(|&i| data[i].kind == Some(k)).collect();
        if y.iter().any(|&b| b) {
            for (row, w) in kind.iter_mut().zip(nb_logreg(&ix, &rel, &y, lr)) {
                row[k] = w;
            }
        }
        let y: Vec<bool> = rel.iter().map(|&i| data[i].types[k]).collect();
        if y.iter().any(|&b| b) {
            for (row, w) in types.iter_mut().zip(nb_logreg(&ix, &rel, &y, lr)) {
                row[k] = w;
            }
        }
    }
    let keep = |row: &[f32]| row.iter().any(|x| x.abs() >= prune);
    (
        Table::quantise(
            ix.keys
                .iter()
                .zip(&relevance)
                .map(|(&k, &w)| (k, [w]))
                .filter(|(_, r)| keep(r)),
        ),
        Table::quantise(
            ix.keys
                .iter()
                .zip(kind)
                .map(|(&k, r)| (k, r))
                .filter(|(_, r)| keep(r)),
        ),
        Table::quantise(
            ix.keys
                .iter()
                .zip(types)
                .map(|(&k, r)| (k, r))
                .filter(|(_, r)| keep(r)),
        ),
    )
}

/// Retrains only the document classifiers of `model` on `train` and re-tunes the
/// template thresholds on `dev` (the tagger and its thresholds are kept).
pub fn retrain_documents(model: &Model, train: &[Doc], dev: &[Doc], opts: &TrainOptions) -> Model {
    let data: Vec<Prepared> = train.iter().map(prepare_doc).collect();
    let (relevance, kind, types) = doc_classifiers(&data, opts);
    let mut out = Model {
        relevance,
        kind,
        types,
        ..model.clone()
    };
    out.params.template_relevance = f32::NEG_INFINITY;
    out.params.type_threshold = [f32::INFINITY; NK];
    out.params.split = [false; 5];
    out.params.split_gap = u32::MAX;
    out.params.extra_needs_filler = false;
    let raws: Vec<Raw> = dev.iter().map(|d| out.raw(&d.text)).collect();
    // The filler gate and role thresholds under the new relevance scores, as training
    // tunes them at the model's outside bias.
    out.params = tune(&out, dev, &raws);
    out.params = tune_templates(&out, dev, &raws, out.params);
    out
}

/// Dev CEAF-REE of `model` under `params`, from precomputed raw readings.
pub fn dev_score(
    model: &Model,
    dev: &[Doc],
    raws: &[Raw],
    params: &Params,
) -> (Counts, [Counts; 5]) {
    let mut roles = [Counts::default(); 5];
    for (d, raw) in dev.iter().zip(raws) {
        let ex = model.assemble(&d.text, raw, params);
        for role in Role::ALL {
            let pred: Vec<String> = ex
                .fillers
                .iter()
                .filter(|f| f.role == role)
                .map(|f| f.text.clone())
                .collect();
            roles[role as usize].add(ceaf(d.gold(role), &pred));
        }
    }
    let mut micro = Counts::default();
    for c in roles {
        micro.add(c);
    }
    (micro, roles)
}

/// Trains the model on `train` and tunes it on `dev`.
pub fn train(
    train: &[Doc],
    dev: &[Doc],
    opts: &TrainOptions,
    mut report: impl FnMut(&EpochReport),
    mut tuning: impl FnMut(f32, f64),
) -> Trained {
    let mut data: Vec<Prepared> = train.iter().map(prepare).collect();
    // Document classifiers first, from the file's order (as `retrain_documents`).
    let (relevance, kind, types) = doc_classifiers(&data, opts);
    // Taggers from several document orders, averaged.
    let n = opts.taggers.max(1);
    let mut sum: KeyMap<[f32; NT]> = KeyMap::default();
    let mut sum_trans = [[0f32; NT]; NT + 1];
    let mut best_epoch = 0;
    for t in 0..n {
        let seed = opts.seed.wrapping_add(t as u64);
        let (epoch, (rows, trans)) = train_tagger(&mut data, dev, opts, seed, &mut report);
        if t == 0 {
            best_epoch = epoch;
        }
        for (k, row) in rows {
            let acc = sum.entry(k).or_insert([0.0; NT]);
            for (a, w) in acc.iter_mut().zip(row) {
                *a += w / n as f32;
            }
        }
        for (a, w) in sum_trans.iter_mut().flatten().zip(trans.iter().flatten()) {
            *a += w / n as f32;
        }
    }
    let mut model = Model {
        emissions: Table::quantise(
            sum.iter()
                .map(|(&k, &row)| (k, row))
                .filter(|(_, row)| row.iter().any(|x| x.abs() >= opts.prune)),
        ),
        transitions: sum_trans,
        relevance,
        kind,
        types,
        params: Params::default(),
    };
    drop(sum);
    // The outside bias changes the decoding: tune the thresholds under each.
    let scale = typical_margin(&model, dev);
    let mut best_params: Option<(f64, Params)> = None;
    for step in 0..=opts.bias_steps {
        model.params = Params {
            outside_bias: scale * step as f32 / opts.bias_steps.max(1) as f32,
            ..Params::default()
        };
        let raws: Vec<Raw> = dev.iter().map(|d| model.raw(&d.text)).collect();
        let params = tune(&model, dev, &raws);
        let f1 = dev_score(&model, dev, &raws, &params).0.f1();
        tuning(model.params.outside_bias, f1);
        if best_params.as_ref().is_none_or(|(f, _)| f1 > *f) {
            best_params = Some((f1, params));
        }
    }
    model.params = best_params.map(|(_, p)| p).unwrap_or_default();
    let raws: Vec<Raw> = dev.iter().map(|d| model.raw(&d.text)).collect();
    model.params = tune_templates(&model, dev, &raws, model.params);
    let (dev_micro, dev_roles) = dev_score(&model, dev, &raws, &model.params);
    let dev_templates = dev_template_score(&model, dev, &raws, &model.params);
    Trained {
        model,
        best_epoch,
        dev_micro,
        dev_roles,
        dev_templates,
    }
}

/// Unquantised averaged emission rows and transitions of a tagger.
type TaggerWeights = (Vec<(u32, [f32; NT])>, [[f32; NT]; NT + 1]);

/// Trains one tagger (documents shuffled from `seed`) and returns its best epoch by
/// dev CEAF-REE under neutral thresholds with that epoch's averaged weights.
fn train_tagger(
    data: &mut [Prepared],
    dev: &[Doc],
    opts: &TrainOptions,
    seed: u64,
    report: &mut impl FnMut(&EpochReport),
) -> (usize, TaggerWeights) {
    let mut emissions = Avg::<NT>::new();
    let mut trans = [[0f32; NT]; NT + 1];
    let mut trans_acc = [[0f32; NT]; NT + 1];
    let mut c = 1f32;
    let mut seed = seed.max(1);
    let mut best: Option<(f64, usize, TaggerWeights)> = None;
    for epoch in 1..=opts.epochs {
        let started = Instant::now();
        shuffle(data, &mut seed);
        let mut mistakes = 0;
        for p in data.iter() {
            if opts.tagger_relevant_only && !p.relevant {
                continue;
            }
            // Tagger, one sentence at a time.
            let mut wrong = false;
            for (s, e) in sentences(&p.tokens) {
                let em: Vec<[f32; NT]> = (s..e).map(|i| emissions.score(p.feats.of(i))).collect();
                let path = viterbi(&em, &trans);
                let gold = &p.tags[s..e];
                if path != gold {
                    wrong = true;
                    for (k, (&g, &q)) in gold.iter().zip(&path).enumerate() {
                        if g != q {
                            for &f in p.feats.of(s + k) {
                                emissions.update(f, g, 1.0, c);
                                emissions.update(f, q, -1.0, c);
                            }
                        }
                        let pg = if k == 0 { NT } else { gold[k - 1] };
                        let pq = if k == 0 { NT } else { path[k - 1] };
                        if (pg, g) != (pq, q) {
                            trans[pg][g] += 1.0;
                            trans_acc[pg][g] += c;
                            trans[pq][q] -= 1.0;
                            trans_acc[pq][q] -= c;
                        }
                    }
                }
                c += 1.0;
            }
            mistakes += usize::from(wrong);
        }
        let mut avg_trans = [[0f32; NT]; NT + 1];
        for (row, (w, a)) in avg_trans.iter_mut().zip(trans.iter().zip(&trans_acc)) {
            for (x, (w, a)) in row.iter_mut().zip(w.iter().zip(a)) {
                *x = w - a / c;
            }
        }
        let model = Model {
            emissions: emissions.averaged(c, opts.prune),
            transitions: avg_trans,
            params: Params::default(),
            ..Model::default()
        };
        let raws: Vec<Raw> = dev.iter().map(|d| model.raw(&d.text)).collect();
        let (micro, _) = dev_score(&model, dev, &raws, &model.params);
        report(&EpochReport {
            epoch,
            mistakes,
            dev_f1: micro.f1(),
            seconds: started.elapsed().as_secs_f64(),
        });
        if best.as_ref().is_none_or(|(f, _, _)| micro.f1() > *f) {
            best = Some((
                micro.f1(),
                epoch,
                (emissions.float_rows(c).collect(), avg_trans),
            ));
        }
    }
    let (_, epoch, weights) = best.unwrap_or((0.0, 0, (Vec::new(), [[0f32; NT]; NT + 1])));
    (epoch, weights)
}

/// Dev template F1 (GTT) of `model` under `params`: one template per reported
/// incident type, every filler in each.
pub fn dev_template_score(
    model: &Model,
    dev: &[Doc],
    raws: &[Raw],
    params: &Params,
) -> TemplateCounts {
    let mut total = TemplateCounts::default();
    for (d, raw) in dev.iter().zip(raws) {
        let ex = model.assemble(&d.text, raw, params);
        let gold: Vec<ScoredTemplate> = d.templates.iter().map(TemplateKind::scored).collect();
        total.add(template_counts(&gold, &predicted_templates(&ex)));
    }
    total
}

/// The templates an extraction stands for, as the tuning scorer reads them.
pub fn predicted_templates(ex: &crate::Extraction) -> Vec<ScoredTemplate> {
    ex.incidents
        .iter()
        .map(|inc| {
            let mut roles: [Vec<Vec<String>>; 5] = Default::default();
            for f in inc.fillers.iter().filter_map(|&i| ex.fillers.get(i)) {
                roles[f.role as usize].push(vec![normalize(&f.text)]);
            }
            ScoredTemplate {
                kind: inc.incident_type.to_string(),
                roles,
            }
        })
        .collect()
}

/// Coordinate ascent on dev template F1 over the template relevance threshold and the
/// per-type thresholds (the filler thresholds stay as CEAF-REE chose them).
fn tune_templates(model: &Model, dev: &[Doc], raws: &[Raw], start: Params) -> Params {
    let rel = quantiles(raws.iter().map(|r| r.relevance).collect(), 40);
    let per_type: Vec<Vec<f32>> = (0..INCIDENT_TYPES.len())
        .map(|k| {
            let mut q = quantiles(raws.iter().map(|r| r.types[k]).collect(), 40);
            q.push(f32::INFINITY);
            q
        })
        .collect();
    let mut params = start;
    let f = |p: &Params| dev_template_score(model, dev, raws, p).f1();
    let mut best = f(&params);
    for _ in 0..3 {
        for &t in &rel {
            let p = Params {
                template_relevance: t,
                ..params
            };
            let s = f(&p);
            if s > best {
                best = s;
                params = p;
            }
        }
        for (k, cands) in per_type.iter().enumerate() {
            for &t in cands {
                let mut p = params;
                p.type_threshold[k] = t;
                let s = f(&p);
                if s > best {
                    best = s;
                    params = p;
                }
            }
        }
        for r in 0..5 {
            let mut p = params;
            p.split[r] = !p.split[r];
            let s = f(&p);
            if s > best {
                best = s;
                params = p;
            }
        }
        let p = Params {
            extra_needs_filler: !params.extra_needs_filler,
            ..params
        };
        let s = f(&p);
        if s > best {
            best = s;
            params = p;
        }
        for gap in [u32::MAX, 1, 2, 3, 4, 6] {
            let p = Params {
                split_gap: gap,
                ..params
            };
            let s = f(&p);
            if s > best {
                best = s;
                params = p;
            }
        }
    }
    params
}

/// The mean absolute score of the outside tag over dev tokens: the scale the outside
/// bias is searched on.
fn typical_margin(model: &Model, dev: &[Doc]) -> f32 {
    let mut sum = 0f64;
    let mut n = 0usize;
    for d in dev {
        let tokens = tokenize(&d.text);
        let feats = token_features(&tokens);
        for i in 0..tokens.len() {
            let row = model.emissions.score(feats.of(i));
            sum += f64::from((row[0] - row[1..].iter().fold(f32::MIN, |m, x| m.max(*x))).abs());
            n += 1;
        }
    }
    (sum / n.max(1) as f64) as f32
}

/// Up to `n` evenly spaced quantiles of `v` (plus minus infinity).
fn quantiles(mut v: Vec<f32>, n: usize) -> Vec<f32> {
    v.retain(|x| x.is_finite());
    v.sort_by(f32::total_cmp);
    let mut out = vec![f32::NEG_INFINITY];
    if v.is_empty() {
        return out;
    }
    for i in 0..n {
        out.push(v[i * (v.len() - 1) / n.max(1)]);
    }
    out.dedup();
    out
}

/// Coordinate ascent on dev micro CEAF-REE over the relevance threshold, the per-role
/// thresholds and the containment merge.
fn tune(model: &Model, dev: &[Doc], raws: &[Raw]) -> Params {
    let rel = quantiles(raws.iter().map(|r| r.relevance).collect(), 40);
    let per_role: Vec<Vec<f32>> = Role::ALL
        .iter()
        .map(|&role| {
            quantiles(
                raws.iter()
                    .flat_map(|r| {
                        r.spans
                            .iter()
                            .filter(move |s| s.role == role)
                            .map(|s| s.score)
                    })
                    .collect(),
                40,
            )
        })
        .collect();
    let mut params = Params {
        threshold: [f32::NEG_INFINITY; 5],
        relevance: f32::NEG_INFINITY,
        merge_contained: false,
        outside_bias: model.params.outside_bias,
        ..Params::default()
    };
    let f = |p: &Params| dev_score(model, dev, raws, p).0.f1();
    let mut best = f(&params);
    for _ in 0..3 {
        for &t in &rel {
            let p = Params {
                relevance: t,
                ..params
            };
            let s = f(&p);
            if s > best {
                best = s;
                params = p;
            }
        }
        for (r, cands) in per_role.iter().enumerate() {
            for &t in cands {
                let mut p = params;
                p.threshold[r] = t;
                let s = f(&p);
                if s > best {
                    best = s;
                    params = p;
                }
            }
        }
        let p = Params {
            merge_contained: !params.merge_contained,
            ..params
        };
        let s = f(&p);
        if s > best {
            best = s;
            params = p;
        }
    }
    params
}
