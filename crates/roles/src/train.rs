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

use crate::features::{doc_features, token_features, wh, Prior, TokenFeatures, WordMap};
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
    /// "LIMA, 10 JAN 90 (EFE)": where, when (the publication date) and who.
    #[serde(default)]
    pub dateline: String,
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
    /// The publication date of the dateline, when it has one.
    pub fn published(&self) -> Option<crate::dates::Day> {
        crate::dates::parse_dateline(&self.dateline)
    }

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

/// The span-bounds table of [`Model::bounds`] from the gold tags of the relevant
/// training messages: a word loses its place at the start of a span of role r when,
/// in the same sentence, it stands right before a gold mention of r at least `min`
/// times and more than `ratio` times as often as it starts one (the same for ends,
/// right after a mention against ending one); with `extend`, a word right before a
/// span joins it when it starts mentions of r more than `ratio` times as often as it
/// stands before one.
pub fn bounds_table(train: &[Doc], min: u32, ratio: f32, extend: bool) -> WordMap<u16> {
    // Per word and role: starts, stands before, ends, stands after.
    let mut c: WordMap<[[u32; 4]; 5]> = WordMap::default();
    for d in train.iter().filter(|d| d.relevant) {
        let tokens = tokenize(&d.text);
        let tags = gold_tags(d, &tokens);
        let mut i = 0;
        while i < tokens.len() {
            let Some((role, true)) = crate::tag_role(tags[i]) else {
                i += 1;
                continue;
            };
            let mut j = i + 1;
            while j < tokens.len() && tags[j] == tags[i] + 1 {
                j += 1;
            }
            let r = role as usize;
            c.entry(wh(&tokens[i].lower)).or_default()[r][0] += 1;
            c.entry(wh(&tokens[j - 1].lower)).or_default()[r][2] += 1;
            if i > 0 && !tokens[i].sentence_start {
                c.entry(wh(&tokens[i - 1].lower)).or_default()[r][1] += 1;
            }
            if j < tokens.len() && !tokens[j].sentence_start {
                c.entry(wh(&tokens[j].lower)).or_default()[r][3] += 1;
            }
            i = j;
        }
    }
    let mut out = WordMap::default();
    for (w, counts) in c {
        let mut bits = 0u16;
        for (r, [start, before, end, after]) in counts.into_iter().enumerate() {
            if before >= min && before as f32 > ratio * start as f32 {
                bits |= 1 << r;
            }
            if after >= min && after as f32 > ratio * end as f32 {
                bits |= 1 << (5 + r);
            }
            if extend && start >= min && start as f32 > ratio * before as f32 {
                bits |= 1 << (10 + r);
            }
        }
        if bits != 0 {
            out.insert(w, bits);
        }
    }
    out
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
    /// AdaGrad's sums of squared gradients (the likelihood training's).
    g2: Vec<[f32; K]>,
}

impl<const K: usize> Avg<K> {
    fn new() -> Self {
        Avg {
            index: KeyMap::default(),
            w: Vec::new(),
            acc: Vec::new(),
            g2: Vec::new(),
        }
    }
    /// An AdaGrad step on `key`'s row against `grad` (the gradient of the loss), with
    /// an L2 pull of `l2` on the row's weights, averaged as [`Avg::update`].
    fn adagrad(&mut self, key: u32, grad: &[f32; K], rate: f32, l2: f32, c: f32) {
        let n = self.w.len();
        let i = *self.index.entry(key).or_insert(n);
        if i == n {
            self.w.push([0.0; K]);
            self.acc.push([0.0; K]);
        }
        if self.g2.len() < self.w.len() {
            self.g2.resize(self.w.len(), [0.0; K]);
        }
        let (w, acc, g2) = (&mut self.w[i], &mut self.acc[i], &mut self.g2[i]);
        for (k, &gk) in grad.iter().enumerate() {
            let g = gk + l2 * w[k];
            if g == 0.0 {
                continue;
            }
            g2[k] += g * g;
            let delta = -rate * g / (g2[k].sqrt() + 1e-6);
            w[k] += delta;
            acc[k] += c * delta;
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
    /// Folds of the jackknife that trains the entity-level classifier (0 or 1: no
    /// entity stage, fillers scored by their best span).
    pub entity_folds: usize,
    /// Tagger features from the training-lexicon prior (jackknifed over the folds).
    pub prior: bool,
    /// Rounds of the per-role outside-bias search (0: none).
    pub role_bias_rounds: usize,
    /// With the entity stage: the outside bias the candidates are decoded under, in
    /// units of the tagger's typical margin.
    pub entity_bias: f32,
    /// Epochs of each jackknife tagger (its best by dev is kept).
    pub entity_tagger_epochs: usize,
    /// Passes of the entity classifier's logistic regression.
    pub entity_epochs: usize,
    /// With the entity stage: the jackknife taggers read with tag marginals at this
    /// temperature (in units of their typical margin; 0: Viterbi margins), their spans
    /// scored by probability (`Params::temperature`).
    pub entity_temperature: f32,
    /// With `entity_temperature`: the marginal candidate minimum
    /// (`Params::candidate_min`; `INFINITY`: the Viterbi spans only).
    pub entity_candidate_min: f32,
    /// The entity classifier's learning rate and L2 weight.
    pub entity_rate: f32,
    pub entity_l2: f32,
    /// Fit the document classifiers by NB-LR with these settings (else by the averaged
    /// perceptron, `doc_epochs` passes).
    pub doc_lr: Option<crate::doc::LrOptions>,
    /// NB-LR document weights smaller than this (in absolute value) are dropped.
    pub doc_prune: f32,
    /// Loss-augmented decoding while training the tagger: every wrong tag of a token
    /// gets this much added to its score before decoding (a margin the perceptron must
    /// reach), `miss_cost` times as much for the outside tag of a gold role token.
    pub margin: f32,
    /// The cost of tagging a gold role token O relative to other errors, in the
    /// loss-augmented decoding and as the scale of that token's update.
    pub miss_cost: f32,
    /// Train the tagger's second, stacked pass ([`crate::stack`]) on jackknifed first
    /// passes.
    pub stack: bool,
    /// Epochs of each jackknife tagger of the second pass (its best by dev is kept).
    pub stack_tagger_epochs: usize,
    /// Epochs of the second pass (its best by dev is kept).
    pub stack_epochs: usize,
    /// The second pass's weight unit, as a share of the first pass's typical margin.
    pub stack_rate: f32,
    /// The span-bounds table ([`bounds_table`]): minimum count and ratio (`None`: no
    /// table).
    pub bounds: Option<(u32, f32)>,
    /// Train the tagger by conditional log-likelihood (a linear-chain CRF, AdaGrad
    /// steps per sentence, weights averaged) instead of the perceptron.
    pub crf: Option<CrfOptions>,
    /// The nearest-training-messages relevance score ([`crate::knn`]): neighbours
    /// counted and the share's weight (`None`: none). The default (10, 4.5) was chosen
    /// by 5-fold train cross-validation AUC (`--example knn_lab`), not on dev.
    pub knn: Option<(u32, f32)>,
    /// With `knn`: the share of each incident type among the nearest relevant training
    /// messages ([`crate::knn::Knn::type_shares`]) added to the first-type scores and
    /// to the per-type scores, with these weights (`None`: not stored).
    pub knn_types: Option<(f32, f32)>,
}

/// The likelihood training's settings.
#[derive(Debug, Clone, Copy)]
pub struct CrfOptions {
    /// AdaGrad's learning rate.
    pub rate: f32,
    /// L2 pull on the weights of the features a token updates.
    pub l2: f32,
    /// The emission gradient of a token inside a gold mention is scaled by this (the
    /// outside tokens' by 1): more weight on recall.
    pub role_weight: f32,
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
            entity_folds: 0,
            role_bias_rounds: 1,
            prior: true,
            entity_bias: 0.5,
            entity_tagger_epochs: 14,
            entity_epochs: 20,
            entity_temperature: 0.0,
            entity_candidate_min: f32::INFINITY,
            entity_rate: 0.1,
            entity_l2: 1e-4,
            doc_lr: Some(crate::doc::LrOptions::default()),
            doc_prune: 0.003,
            margin: 0.0,
            miss_cost: 1.0,
            stack: false,
            stack_tagger_epochs: 10,
            stack_epochs: 10,
            stack_rate: 0.05,
            bounds: Some((2, 2.0)),
            crf: None,
            knn: Some((10, 4.5)),
            knn_types: None,
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
    /// The jackknife fold of the message (its index modulo the number of folds).
    fold: usize,
    /// The jackknifed first pass's tag scores (relevant messages, with the second
    /// pass) and the second pass's features over them.
    first: Vec<[f32; NT]>,
    stack: TokenFeatures,
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
        fold: 0,
        first: Vec::new(),
        stack: empty_features(),
    }
}

fn empty_features() -> TokenFeatures {
    TokenFeatures {
        keys: Vec::new(),
        offsets: vec![0],
    }
}

/// Folds of the jackknifes (the lexicon prior's, the entity stage's), by message index.
const FOLDS: usize = 5;

/// Tokens, gold tags and document features; the token features are left to
/// [`with_token_features`] (they read the prior of the message's fold).
fn prepare(d: &Doc, fold: usize) -> Prepared {
    let tokens = tokenize(&d.text);
    let feats = TokenFeatures {
        keys: Vec::new(),
        offsets: vec![0],
    };
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
        fold,
        first: Vec::new(),
        stack: empty_features(),
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

/// The nearest-training-messages store of `train` under `opts.knn` (empty when off).
pub fn knn_of(train: &[Doc], opts: &TrainOptions) -> crate::knn::Knn {
    let Some((k, weight)) = opts.knn else {
        return crate::knn::Knn::default();
    };
    let docs: Vec<(Vec<u32>, bool)> = train
        .iter()
        .map(|d| (crate::knn::token_term_keys(&tokenize(&d.text)), d.relevant))
        .collect();
    let mut out = crate::knn::Knn::fit(&docs, k, weight);
    if let Some((kind_weight, type_weight)) = opts.knn_types {
        out.set_types(
            train.iter().map(type_bits).collect(),
            kind_weight,
            type_weight,
        );
    }
    out
}

/// The incident types of a training message as bits (bit `t`: a template of type `t`;
/// none for a message that is not relevant).
pub fn type_bits(d: &Doc) -> u8 {
    if !d.relevant {
        return 0;
    }
    d.type_set()
        .iter()
        .enumerate()
        .fold(0u8, |m, (t, &on)| m | (u8::from(on) << t))
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
        knn: knn_of(train, opts),
        ..model.clone()
    };
    out.params.template_relevance = f32::NEG_INFINITY;
    out.params.type_threshold = [f32::INFINITY; NK];
    out.params.split = [false; 5];
    out.params.split_gap = u32::MAX;
    out.params.extra_needs_filler = false;
    out.params.first_type_min = f32::NEG_INFINITY;
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
    let mut data: Vec<Prepared> = train
        .iter()
        .enumerate()
        .map(|(i, d)| prepare(d, i % FOLDS))
        .collect();
    let (fold_priors, prior) = if opts.prior {
        priors(&data)
    } else {
        (vec![Prior::default(); FOLDS], Prior::default())
    };
    with_token_features(&mut data, &fold_priors);
    // Document classifiers first, from the file's order (as `retrain_documents`).
    let (relevance, kind, types) = doc_classifiers(&data, opts);
    // Taggers from several document orders, averaged.
    let n = opts.taggers.max(1);
    let mut sum: KeyMap<[f32; NT]> = KeyMap::default();
    let mut sum_trans = [[0f32; NT]; NT + 1];
    let mut best_epoch = 0;
    for t in 0..n {
        let seed = opts.seed.wrapping_add(t as u64);
        let run = TaggerRun {
            epochs: opts.epochs,
            seed,
            hold_out: None,
        };
        let (epoch, (rows, trans)) = train_tagger(&mut data, dev, opts, run, &prior, &mut report);
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
        entity: Table::default(),
        entity_unit: 1.0,
        entity_real: [0.0; 5 * crate::entity::NR],
        prior,
        knn: knn_of(train, opts),
        ..Model::default()
    };
    drop(sum);
    if let Some((min, ratio)) = opts.bounds {
        model.bounds = bounds_table(train, min, ratio, true);
    }
    if opts.stack {
        train_stack(&mut model, &mut data, dev, &fold_priors, opts, &mut report);
    }
    if opts.entity_folds > 1 {
        // The entity stage: candidates from a recall-heavy decoding, scored by a
        // classifier trained on jackknifed taggers' readings of the training messages.
        let readings = jackknife_readings(&mut data, train, dev, &fold_priors, opts, &mut report);
        let (table, real) = train_entity(&entity_examples(train, &readings), opts);
        model.entity = table;
        model.entity_real = real;
        let relevant_dev: Vec<Doc> = dev.iter().filter(|d| d.relevant).cloned().collect();
        model.entity_unit = typical_margin(&model, &relevant_dev);
        model.params = Params {
            outside_bias: opts.entity_bias * model.entity_unit,
            ..Params::default()
        };
        let raws: Vec<Raw> = dev.iter().map(|d| model.raw(&d.text)).collect();
        model.params = tune(&model, dev, &raws);
        tuning(
            model.params.outside_bias,
            dev_score(&model, dev, &raws, &model.params).0.f1(),
        );
    } else {
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
        let (mut best_f1, params) = best_params.unwrap_or((0.0, Params::default()));
        model.params = params;
        // Then a bias per role, each tried on a grid with the others fixed.
        for _ in 0..opts.role_bias_rounds {
            for r in 0..5 {
                for step in [-2.0f32, -1.0, 1.0, 2.0, 3.0] {
                    let base = model.params;
                    let mut role_bias = base.role_bias;
                    role_bias[r] += scale * step / opts.bias_steps.max(1) as f32;
                    model.params = Params {
                        outside_bias: base.outside_bias,
                        role_bias,
                        ..Params::default()
                    };
                    let raws: Vec<Raw> = dev.iter().map(|d| model.raw(&d.text)).collect();
                    let params = tune(&model, dev, &raws);
                    let f1 = dev_score(&model, dev, &raws, &params).0.f1();
                    tuning(role_bias[r], f1);
                    if f1 > best_f1 {
                        best_f1 = f1;
                        model.params = params;
                    } else {
                        model.params = base;
                    }
                }
            }
        }
    }
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
/// One tagger's run: its epochs, document-order seed and held-out fold.
struct TaggerRun {
    epochs: usize,
    seed: u64,
    hold_out: Option<usize>,
}

fn train_tagger(
    data: &mut [Prepared],
    dev: &[Doc],
    opts: &TrainOptions,
    run: TaggerRun,
    prior: &Prior,
    report: &mut impl FnMut(&EpochReport),
) -> (usize, TaggerWeights) {
    let TaggerRun {
        epochs,
        seed,
        hold_out,
    } = run;
    let mut emissions = Avg::<NT>::new();
    let mut trans = [[0f32; NT]; NT + 1];
    let mut trans_acc = [[0f32; NT]; NT + 1];
    let mut trans_g2 = [[0f32; NT]; NT + 1];
    let mut c = 1f32;
    let mut seed = seed.max(1);
    let mut best: Option<(f64, usize, TaggerWeights)> = None;
    for epoch in 1..=epochs {
        let started = Instant::now();
        shuffle(data, &mut seed);
        let mut mistakes = 0;
        for p in data.iter() {
            if opts.tagger_relevant_only && !p.relevant || hold_out == Some(p.fold) {
                continue;
            }
            // Tagger, one sentence at a time.
            let mut wrong = false;
            for (s, e) in sentences(&p.tokens) {
                let gold = &p.tags[s..e];
                let mut em: Vec<[f32; NT]> =
                    (s..e).map(|i| emissions.score(p.feats.of(i))).collect();
                if opts.margin > 0.0 {
                    for (row, &g) in em.iter_mut().zip(gold) {
                        for (t, x) in row.iter_mut().enumerate() {
                            if t != g {
                                *x += opts.margin * if t == 0 { opts.miss_cost } else { 1.0 };
                            }
                        }
                    }
                }
                if let Some(crf) = opts.crf {
                    // Conditional log-likelihood: the gradient is the tag marginals
                    // less the gold tags (per token, for each of its features) and the
                    // pair marginals less the gold pairs (transitions).
                    let lat = crate::Lattice::new(&em, &trans, 1.0);
                    if viterbi(&em, &trans) != gold {
                        wrong = true;
                    }
                    for (k, &g) in gold.iter().enumerate() {
                        let mut grad = [0f32; NT];
                        for (t, x) in grad.iter_mut().enumerate() {
                            *x = lat.marginal(k, t);
                        }
                        grad[g] -= 1.0;
                        if g != 0 && crf.role_weight != 1.0 {
                            for x in grad.iter_mut() {
                                *x *= crf.role_weight;
                            }
                        }
                        for &f in p.feats.of(s + k) {
                            emissions.adagrad(f, &grad, crf.rate, crf.l2, c);
                        }
                    }
                    let mut tg = [[0f32; NT]; NT + 1];
                    for (t, x) in tg[NT].iter_mut().enumerate() {
                        *x = lat.marginal(0, t);
                    }
                    tg[NT][gold[0]] -= 1.0;
                    for k in 1..gold.len() {
                        for (q, row) in tg.iter_mut().enumerate().take(NT) {
                            for (t, x) in row.iter_mut().enumerate() {
                                *x += lat.pair(k, q, t);
                            }
                        }
                        tg[gold[k - 1]][gold[k]] -= 1.0;
                    }
                    for (q, row) in tg.iter().enumerate() {
                        for (t, &g) in row.iter().enumerate() {
                            if g != 0.0 {
                                trans_g2[q][t] += g * g;
                                let delta = -crf.rate * g / (trans_g2[q][t].sqrt() + 1e-6);
                                trans[q][t] += delta;
                                trans_acc[q][t] += c * delta;
                            }
                        }
                    }
                    c += 1.0;
                    continue;
                }
                let path = viterbi(&em, &trans);
                if path != gold {
                    wrong = true;
                    for (k, (&g, &q)) in gold.iter().zip(&path).enumerate() {
                        if g != q {
                            let d = if q == 0 { opts.miss_cost } else { 1.0 };
                            for &f in p.feats.of(s + k) {
                                emissions.update(f, g, d, c);
                                emissions.update(f, q, -d, c);
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
            prior: prior.clone(),
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

/// Coordinate ascent on dev template F1 over the template relevance threshold, the
/// per-type thresholds, the split roles, `extra_needs_filler`, the classified type's
/// own minimum and the same-type split gap (the filler thresholds stay as CEAF-REE
/// chose them).
pub fn tune_templates(model: &Model, dev: &[Doc], raws: &[Raw], start: Params) -> Params {
    let rel = quantiles(raws.iter().map(|r| r.relevance).collect(), 40);
    let per_type: Vec<Vec<f32>> = (0..INCIDENT_TYPES.len())
        .map(|k| {
            let mut q = quantiles(raws.iter().map(|r| r.types[k]).collect(), 40);
            q.push(f32::INFINITY);
            q
        })
        .collect();
    // The classified type's own per-type score, for `first_type_min`.
    let firsts = quantiles(
        raws.iter().map(|r| r.types[r.kind.min(NK - 1)]).collect(),
        20,
    );
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
        for &t in &firsts {
            let p = Params {
                first_type_min: t,
                ..params
            };
            let s = f(&p);
            if s > best {
                best = s;
                params = p;
            }
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
pub fn typical_margin(model: &Model, dev: &[Doc]) -> f32 {
    let mut sum = 0f64;
    let mut n = 0usize;
    for d in dev {
        let tokens = tokenize(&d.text);
        let em = model.tag_scores(&tokens, &sentences(&tokens));
        for row in &em {
            sum += f64::from(outside_margin(row));
            n += 1;
        }
    }
    (sum / n.max(1) as f64) as f32
}

/// The absolute margin of the outside tag over the best other tag.
fn outside_margin(row: &[f32; NT]) -> f32 {
    (row[0] - row[1..].iter().fold(f32::MIN, |m, x| m.max(*x))).abs()
}

/// Trains the tagger's second pass ([`crate::stack`]) into `model`: jackknifed first
/// passes read each relevant training message (a tagger trained without its fold),
/// then an averaged perceptron learns the second table over their stacked features,
/// its scores added to the first pass's, each epoch scored on dev through `model`'s
/// own first pass; the best epoch is kept.
fn train_stack(
    model: &mut Model,
    data: &mut [Prepared],
    dev: &[Doc],
    fold_priors: &[Prior],
    opts: &TrainOptions,
    report: &mut impl FnMut(&EpochReport),
) {
    let none = Prior::default();
    let mut trans_of = [[[0f32; NT]; NT + 1]; FOLDS];
    let mut unit = [1f32; FOLDS];
    for (f, trans_f) in trans_of.iter_mut().enumerate() {
        let run = TaggerRun {
            epochs: opts.stack_tagger_epochs,
            seed: opts.seed.wrapping_add(200 + f as u64),
            hold_out: Some(f),
        };
        let (_, (rows, trans)) = train_tagger(
            data,
            dev,
            opts,
            run,
            fold_priors.get(f).unwrap_or(&none),
            report,
        );
        let table = Table::<NT>::quantise(
            rows.into_iter()
                .filter(|(_, row)| row.iter().any(|x| x.abs() >= opts.prune)),
        );
        *trans_f = trans;
        let (mut sum, mut n) = (0f64, 0usize);
        for p in data.iter_mut().filter(|p| p.fold == f && p.relevant) {
            p.first = table.score_many(&p.feats.keys, &p.feats.offsets);
            sum += p
                .first
                .iter()
                .map(|r| f64::from(outside_margin(r)))
                .sum::<f64>();
            n += p.first.len();
        }
        unit[f] = (sum / n.max(1) as f64) as f32;
    }
    for p in data.iter_mut().filter(|p| !p.first.is_empty()) {
        let sents = sentences(&p.tokens);
        let path = crate::stack::first_path(&p.first, &trans_of[p.fold], &sents);
        let words: Vec<u64> = p.tokens.iter().map(|t| wh(&t.lower)).collect();
        let content: Vec<bool> = p
            .tokens
            .iter()
            .map(|t| crate::stack::content(&t.lower))
            .collect();
        p.stack =
            crate::stack::stack_features(&p.first, &path, &words, &content, &sents, unit[p.fold]);
    }
    model.stack = Table::default();
    let read_unit = typical_margin(model, dev);
    model.stack_unit = read_unit;
    model.stack_step = read_unit * opts.stack_rate;
    let mut table = Avg::<NT>::new();
    let mut c = 1f32;
    let mut seed = opts.seed.wrapping_add(300).max(1);
    // Epoch 0: the first pass alone.
    let raws: Vec<Raw> = dev.iter().map(|d| model.raw(&d.text)).collect();
    let (micro, _) = dev_score(model, dev, &raws, &model.params);
    report(&EpochReport {
        epoch: 0,
        mistakes: 0,
        dev_f1: micro.f1(),
        seconds: 0.0,
    });
    let mut best: Option<(f64, Table<NT>)> = Some((micro.f1(), Table::default()));
    for epoch in 1..=opts.stack_epochs {
        let started = Instant::now();
        shuffle(data, &mut seed);
        let mut mistakes = 0;
        for p in data.iter().filter(|p| !p.first.is_empty()) {
            let step = unit[p.fold] * opts.stack_rate;
            let trans = &trans_of[p.fold];
            let mut wrong = false;
            for (s, e) in sentences(&p.tokens) {
                let em: Vec<[f32; NT]> = (s..e)
                    .map(|i| {
                        let a = table.score(p.stack.of(i));
                        std::array::from_fn(|t| p.first[i][t] + step * a[t])
                    })
                    .collect();
                let path = viterbi(&em, trans);
                let gold = &p.tags[s..e];
                if path != gold {
                    wrong = true;
                    for (k, (&g, &q)) in gold.iter().zip(&path).enumerate() {
                        if g != q {
                            for &f in p.stack.of(s + k) {
                                table.update(f, g, 1.0, c);
                                table.update(f, q, -1.0, c);
                            }
                        }
                    }
                }
                c += 1.0;
            }
            mistakes += usize::from(wrong);
        }
        model.stack = table.averaged(c, opts.prune);
        let raws: Vec<Raw> = dev.iter().map(|d| model.raw(&d.text)).collect();
        let (micro, _) = dev_score(model, dev, &raws, &model.params);
        report(&EpochReport {
            epoch,
            mistakes,
            dev_f1: micro.f1(),
            seconds: started.elapsed().as_secs_f64(),
        });
        if best.as_ref().is_none_or(|(f, _)| micro.f1() > *f) {
            best = Some((micro.f1(), model.stack.clone()));
        }
    }
    model.stack = best.map(|(_, t)| t).unwrap_or_default();
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
/// thresholds and the containment merge (the decoding settings, `model.params`'s
/// biases, temperature and candidate minimum, stay).
pub fn tune(model: &Model, dev: &[Doc], raws: &[Raw]) -> Params {
    let rel = quantiles(raws.iter().map(|r| r.relevance).collect(), 40);
    let open = Params {
        threshold: [f32::NEG_INFINITY; 5],
        relevance: f32::NEG_INFINITY,
        outside_bias: model.params.outside_bias,
        role_bias: model.params.role_bias,
        temperature: model.params.temperature,
        candidate_min: model.params.candidate_min,
        noisy_or: model.params.noisy_or,
        ..Params::default()
    };
    let mut scores: [Vec<f32>; 5] = Default::default();
    for (d, raw) in dev.iter().zip(raws) {
        for f in model.assemble(&d.text, raw, &open).fillers {
            scores[f.role as usize].push(f.score);
        }
    }
    let per_role: Vec<Vec<f32>> = scores.into_iter().map(|v| quantiles(v, 40)).collect();
    let mut params = Params {
        threshold: [f32::NEG_INFINITY; 5],
        relevance: f32::NEG_INFINITY,
        merge_contained: false,
        outside_bias: model.params.outside_bias,
        role_bias: model.params.role_bias,
        temperature: model.params.temperature,
        candidate_min: model.params.candidate_min,
        noisy_or: model.params.noisy_or,
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

/// One training example of the entity classifier: the candidate's role and features
/// and whether its string is a gold filler of its role.
pub type EntityExample = (Role, crate::entity::Feats, bool);

/// A training message read by a jackknife tagger: the message's index, the reading,
/// and the outside bias and typical margin it was read under.
pub struct Reading {
    pub doc: usize,
    pub raw: Raw,
    pub bias: f32,
    pub unit: f32,
    /// With `TrainOptions::entity_temperature`: the same tagger's reading without
    /// marginals (the Viterbi spans scored by their mean margin).
    pub margins: Option<Raw>,
}

/// Reads each relevant training message with a tagger trained without its fold
/// (`opts.entity_folds` folds by message index).
pub fn jackknife(train: &[Doc], dev: &[Doc], opts: &TrainOptions) -> Vec<Reading> {
    let mut data: Vec<Prepared> = train
        .iter()
        .enumerate()
        .map(|(i, d)| prepare(d, i % FOLDS))
        .collect();
    let (fold_priors, _) = if opts.prior {
        priors(&data)
    } else {
        (vec![Prior::default(); FOLDS], Prior::default())
    };
    with_token_features(&mut data, &fold_priors);
    jackknife_readings(&mut data, train, dev, &fold_priors, opts, &mut |_| {})
}

/// The lexicon prior of each fold (counted without the fold's messages) and of all.
fn priors(data: &[Prepared]) -> (Vec<Prior>, Prior) {
    let mut docs: Vec<WordMap<u32>> = vec![WordMap::default(); FOLDS];
    let mut roles: Vec<WordMap<[u32; 5]>> = vec![WordMap::default(); FOLDS];
    for p in data.iter().filter(|p| p.relevant) {
        let mut words: WordMap<[bool; 5]> = WordMap::default();
        for (t, &tag) in p.tokens.iter().zip(&p.tags) {
            let e = words.entry(wh(&t.lower)).or_default();
            if let Some((role, _)) = crate::tag_role(tag) {
                e[role as usize] = true;
            }
        }
        for (w, on) in words {
            *docs[p.fold].entry(w).or_default() += 1;
            if on.iter().any(|&x| x) {
                let c = roles[p.fold].entry(w).or_default();
                for (c, x) in c.iter_mut().zip(on) {
                    *c += u32::from(x);
                }
            }
        }
    }
    let sum = |skip: Option<usize>| {
        let mut d: WordMap<u32> = WordMap::default();
        let mut r: WordMap<[u32; 5]> = WordMap::default();
        for f in (0..FOLDS).filter(|&f| Some(f) != skip) {
            for (&w, &n) in &docs[f] {
                *d.entry(w).or_default() += n;
            }
            for (&w, c) in &roles[f] {
                for (a, b) in r.entry(w).or_default().iter_mut().zip(c) {
                    *a += b;
                }
            }
        }
        Prior::from_counts(&d, &r)
    };
    ((0..FOLDS).map(|f| sum(Some(f))).collect(), sum(None))
}

/// Each message's token features under its fold's prior.
fn with_token_features(data: &mut [Prepared], fold_priors: &[Prior]) {
    let none = Prior::default();
    for p in data.iter_mut() {
        p.feats = token_features(&p.tokens, fold_priors.get(p.fold).unwrap_or(&none));
    }
}

fn jackknife_readings(
    data: &mut [Prepared],
    train: &[Doc],
    dev: &[Doc],
    fold_priors: &[Prior],
    opts: &TrainOptions,
    report: &mut impl FnMut(&EpochReport),
) -> Vec<Reading> {
    let folds = FOLDS;
    let mut out = Vec::new();
    for f in 0..folds {
        let seed = opts.seed.wrapping_add(100 + f as u64);
        let (_, (rows, trans)) = train_tagger(
            data,
            dev,
            opts,
            TaggerRun {
                epochs: opts.entity_tagger_epochs,
                seed,
                hold_out: Some(f),
            },
            fold_priors.get(f).unwrap_or(&Prior::default()),
            report,
        );
        let mut tagger = Model {
            emissions: Table::quantise(
                rows.into_iter()
                    .filter(|(_, row)| row.iter().any(|x| x.abs() >= opts.prune)),
            ),
            transitions: trans,
            prior: fold_priors.get(f).cloned().unwrap_or_default(),
            ..Model::default()
        };
        let held: Vec<usize> = (0..train.len())
            .filter(|&i| i % folds == f && train[i].relevant)
            .collect();
        let held_docs: Vec<Doc> = held.iter().map(|&i| train[i].clone()).collect();
        let unit = typical_margin(&tagger, &held_docs);
        let bias = opts.entity_bias * unit;
        tagger.params.outside_bias = bias;
        if opts.entity_temperature > 0.0 {
            tagger.params.temperature = opts.entity_temperature * unit;
            tagger.params.candidate_min = opts.entity_candidate_min;
        }
        let viterbi = (opts.entity_temperature > 0.0).then(|| Model {
            params: Params {
                temperature: 0.0,
                ..tagger.params
            },
            ..tagger.clone()
        });
        for &i in &held {
            out.push(Reading {
                doc: i,
                raw: tagger.raw(&train[i].text),
                bias,
                unit,
                margins: viterbi.as_ref().map(|v| v.raw(&train[i].text)),
            });
        }
    }
    out
}

/// The entity classifier's examples of the jackknifed readings.
pub fn entity_examples(train: &[Doc], readings: &[Reading]) -> Vec<EntityExample> {
    let mut out = Vec::new();
    for rd in readings {
        let Some(d) = train.get(rd.doc) else {
            continue;
        };
        let cands = crate::entity::candidates(&d.text, &rd.raw);
        let lower = d.text.to_lowercase();
        let gold: [Vec<String>; 5] = Role::ALL.map(|r| {
            d.gold(r)
                .iter()
                .flat_map(|e| e.iter().map(|m| normalize(m)))
                .collect()
        });
        for (i, c) in cands.iter().enumerate() {
            let mut f = crate::entity::Feats::default();
            crate::entity::features(
                &d.text, &lower, &rd.raw, &cands, i, rd.bias, rd.unit, &mut f,
            );
            out.push((c.role, f, gold[c.role as usize].contains(&c.key)));
        }
    }
    out
}

/// Logistic regression (AdaGrad, lazily applied L2) over the examples' keys and real
/// features, averaged over the last half of the passes.
pub fn train_entity(
    examples: &[EntityExample],
    opts: &TrainOptions,
) -> (Table<1>, [f32; 5 * crate::entity::NR]) {
    use crate::entity::NR;
    let mut w: KeyMap<(f32, f32)> = KeyMap::default();
    let mut real = [(0f32, 1e-3f32); 5 * NR];
    let mut avg: KeyMap<f32> = KeyMap::default();
    let mut avg_real = [0f32; 5 * NR];
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut seed = opts.seed.max(1) ^ 0xe171;
    let (rate, l2) = (opts.entity_rate, opts.entity_l2);
    let passes = opts.entity_epochs.max(1);
    let mut averaged = 0f32;
    for pass in 0..passes {
        shuffle(&mut order, &mut seed);
        for &i in &order {
            let (role, f, label) = &examples[i];
            let r = *role as usize;
            let z: f32 = f
                .keys
                .iter()
                .map(|k| w.get(k).map_or(0.0, |x| x.0))
                .sum::<f32>()
                + (0..NR).map(|j| real[r * NR + j].0 * f.real[j]).sum::<f32>();
            let p = 1.0 / (1.0 + (-z.clamp(-30.0, 30.0)).exp());
            let g = p - f32::from(u8::from(*label));
            for &k in &f.keys {
                let e = w.entry(k).or_insert((0.0, 1e-3));
                let grad = g + l2 * e.0;
                e.1 += grad * grad;
                e.0 -= rate * grad / e.1.sqrt();
            }
            for j in 0..NR {
                let e = &mut real[r * NR + j];
                let grad = g * f.real[j] + l2 * e.0;
                e.1 += grad * grad;
                e.0 -= rate * grad / e.1.sqrt();
            }
        }
        if pass >= passes / 2 {
            averaged += 1.0;
            for (&k, &(x, _)) in &w {
                *avg.entry(k).or_default() += x;
            }
            for (a, x) in avg_real.iter_mut().zip(&real) {
                *a += x.0;
            }
        }
    }
    let n = averaged.max(1.0);
    let rows: Vec<(u32, [f32; 1])> = avg
        .into_iter()
        .map(|(k, x)| (k, [x / n]))
        .filter(|(_, r)| r[0].abs() >= 1e-3)
        .collect();
    (Table::quantise(rows.into_iter()), avg_real.map(|x| x / n))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str, role: &str, mention: &str) -> Doc {
        let mut extracts = BTreeMap::new();
        extracts.insert(role.to_string(), vec![vec![mention.to_string()]]);
        Doc {
            id: String::new(),
            text: text.to_string(),
            relevant: true,
            extracts,
            templates: Vec::new(),
            dateline: String::new(),
        }
    }

    #[test]
    fn bounds_table_from_gold_mentions() {
        let docs = [
            doc("the soviet embassy was bombed.", "Target", "embassy"),
            doc("a soviet embassy was hit.", "Target", "embassy"),
            doc("two men fired. then two men fled", "PerpInd", "two men"),
            // Not relevant: not counted.
            Doc {
                relevant: false,
                ..doc("the soviet embassy was hit.", "Target", "soviet embassy")
            },
        ];
        let t = Role::Target as usize;
        let p = Role::PerpInd as usize;
        let table = bounds_table(&docs, 2, 1.0, true);
        let mut got: Vec<(u64, u16)> = table.into_iter().collect();
        got.sort_unstable();
        // "fired" and "fled" stand after "two men" once each: under the minimum. Any
        // word starting mentions (and never before one) joins a span it precedes.
        let mut want = vec![
            (wh("soviet"), 1u16 << t),
            (wh("was"), 1 << (5 + t)),
            (wh("two"), 1 << (10 + p)),
            (wh("embassy"), 1 << (10 + t)),
        ];
        want.sort_unstable();
        assert_eq!(got, want);
        // Without extension, no bit for "two"; a minimum of 3 leaves nothing.
        assert!(!bounds_table(&docs, 2, 1.0, false).contains_key(&wh("two")));
        assert!(bounds_table(&docs, 3, 1.0, true).is_empty());
    }
}
