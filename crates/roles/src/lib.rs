//! Learned role-filler extraction: who attacked (PerpInd, PerpOrg), what and whom
//! (Target, Victim) and with what (Weapon), plus whether a text reports an attack at
//! all and of which kind.
//!
//! Three averaged perceptrons over hashed, case-insensitive features (see
//! docs/roles.md):
//! - a BIO sequence tagger (11 tags: O and B/I for five roles, Viterbi over sentences)
//!   whose spans are role-filler mentions, each scored by its mean tag margin;
//! - a relevance classifier (bag of words and bigrams): does the text report a
//!   terrorist incident;
//! - an incident-type classifier (attack, bombing, kidnapping, arson, robbery, forced
//!   work stoppage).
//!
//! Mentions of one role with the same normalised string are one filler; per-role
//! thresholds and the relevance threshold were tuned on MUC-4 dev. The weights
//! (`model/roles.bin`, rebuilt by `newsfuse train roles`) are compiled in.

pub mod dates;
pub mod doc;
pub mod entity;
pub mod features;
pub mod knn;
pub mod model;
mod read;
pub mod score;
mod stack;
pub mod token;
pub mod train;

use std::sync::OnceLock;

use model::{read_table, write_table, Reader, Table};
use token::Token;

/// Errors reading a model.
#[derive(Debug, thiserror::Error)]
pub enum RolesError {
    #[error("model truncated at byte {at}")]
    Truncated { at: usize },
    #[error("not a roles model (bad magic)")]
    BadMagic,
    #[error("trailing bytes after the model")]
    Trailing,
    #[error("the model's neighbour store names message {index}, but holds {count}")]
    BadPosting { index: usize, count: usize },
    #[error("reading {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path} line {line}: {source}")]
    Json {
        path: String,
        line: usize,
        source: serde_json::Error,
    },
}

/// A role of an attack.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    PerpInd,
    PerpOrg,
    Target,
    Victim,
    Weapon,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::PerpInd,
        Role::PerpOrg,
        Role::Target,
        Role::Victim,
        Role::Weapon,
    ];
    /// The MUC-4 / GRIT name of the role.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::PerpInd => "PerpInd",
            Role::PerpOrg => "PerpOrg",
            Role::Target => "Target",
            Role::Victim => "Victim",
            Role::Weapon => "Weapon",
        }
    }
    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// Tags: 0 = outside, 1 + 2r = begin of role r, 2 + 2r = inside role r.
pub const NT: usize = 11;
/// Incident types, in the classifier's class order.
pub const INCIDENT_TYPES: [&str; 6] = [
    "attack",
    "bombing",
    "kidnapping",
    "arson",
    "robbery",
    "forced work stoppage",
];
const NK: usize = INCIDENT_TYPES.len();

pub(crate) fn tag_role(tag: usize) -> Option<(Role, bool)> {
    if tag == 0 || tag >= NT {
        return None;
    }
    Some((Role::ALL[(tag - 1) / 2], (tag - 1).is_multiple_of(2)))
}

/// Decision thresholds tuned on dev.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Params {
    /// A filler of role r is kept when its score is at least `threshold[r]`.
    pub threshold: [f32; 5],
    /// A text is relevant when its relevance score is at least this.
    pub relevance: f32,
    /// Fold a filler into another of the same role whose words contain its words.
    pub merge_contained: bool,
    /// Subtracted from the outside tag's score before decoding: more (and longer)
    /// spans as it grows.
    pub outside_bias: f32,
    /// Added to each role's begin and inside tags' scores before decoding (after the
    /// outside bias): more spans of that role as it grows.
    pub role_bias: [f32; 5],
    /// A text reports incidents (templates) when its relevance score is at least this.
    pub template_relevance: f32,
    /// Besides the best-scored incident type, a type is reported as a further incident
    /// when its multi-label score is at least this.
    pub type_threshold: [f32; NK],
    /// Per role: a filler goes only to the incident whose type's cue word lies nearest
    /// its first mention (else to every incident).
    pub split: [bool; 5],
    /// An incident whose split-role fillers' first mentions lie more than this many
    /// sentences apart (after sorting), with a cue word of its type after the earlier
    /// one, is read as several incidents of its type, one per run of fillers
    /// (`u32::MAX`: never).
    pub split_gap: u32,
    /// An incident of a further type (beyond the classified one) is kept only when a
    /// filler of a split role went to it.
    pub extra_needs_filler: bool,
    /// When further types are reported (after `extra_needs_filler`), the classified
    /// type is reported too only when its own per-type score is at least this
    /// (`NEG_INFINITY`: always); else its split-role fillers go to the further types.
    /// The first-type classifier says "attack" for some bombings and kidnappings that
    /// the per-type classifiers read as such.
    pub first_type_min: f32,
    /// Filler scores from tag marginals (`> 0`): forward–backward over the biased
    /// emission and transition scores divided by this temperature; a span scores the
    /// probability of exactly that span, a filler the noisy-or of its spans (see
    /// [`Lattice`]). `0`: a span scores its mean Viterbi tag margin, a filler its best
    /// span's.
    pub temperature: f32,
    /// With marginals: besides the Viterbi path's spans, every span start whose begin
    /// marginal reaches this, with its most probable end, is a candidate span when its
    /// own probability reaches this too (`INFINITY`: the Viterbi spans only).
    pub candidate_min: f32,
    /// With marginals: a filler scores the noisy-or of its spans' probabilities
    /// (`1 - prod(1 - p)`, more for a string tagged several times), else the best.
    pub noisy_or: bool,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            threshold: [0.0; 5],
            relevance: 0.0,
            merge_contained: false,
            outside_bias: 0.0,
            role_bias: [0.0; 5],
            template_relevance: f32::NEG_INFINITY,
            type_threshold: [f32::INFINITY; NK],
            split: [false; 5],
            split_gap: u32::MAX,
            extra_needs_filler: false,
            first_type_min: f32::NEG_INFINITY,
            temperature: 0.0,
            candidate_min: f32::INFINITY,
            noisy_or: true,
        }
    }
}

/// The trained model.
#[derive(Clone, Default)]
pub struct Model {
    pub emissions: Table<NT>,
    /// `transitions[prev][tag]`, `prev == NT` at a sentence start.
    pub transitions: [[f32; NT]; NT + 1],
    pub relevance: Table<1>,
    pub kind: Table<NK>,
    /// One binary classifier per incident type: does the text report an incident of
    /// that type (trained on relevant texts).
    pub types: Table<NK>,
    pub params: Params,
    /// The entity-level classifier (one logit per candidate filler; empty: a filler
    /// scores its best span's margin), see [`entity`].
    pub entity: Table<1>,
    /// The tagger's typical margin, the unit of the entity features' margins.
    pub entity_unit: f32,
    /// The entity classifier's weights of its real-valued features, per role.
    pub entity_real: [f32; 5 * entity::NR],
    /// The training-lexicon prior the tagger's features read.
    pub prior: features::Prior,
    /// The tagger's second, stacked pass (empty: none), see [`stack`]: its scores,
    /// times `stack_step`, are added to the first pass's.
    pub stack: Table<NT>,
    /// The first pass's typical margin (the unit of the stacked margin features).
    pub stack_unit: f32,
    pub stack_step: f32,
    /// Span bounds learned from the training gold (empty: none): per word (hash), bit
    /// `r` when a span of role `r` starting with the word loses it, bit `5 + r` when
    /// one ending with it loses it (see [`train::bounds_table`]).
    pub bounds: features::WordMap<u16>,
    /// The training messages nearest a text and their relevance (empty: none), added
    /// to the relevance score (see [`knn`]).
    pub knn: knn::Knn,
}

/// One tagged mention before assembly.
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    pub role: Role,
    pub start: usize,
    pub end: usize,
    pub score: f32,
}

/// The model's raw reading of one text, before thresholds.
#[derive(Debug, Clone)]
pub struct Raw {
    pub spans: Vec<Span>,
    pub relevance: f32,
    pub kind: usize,
    /// Scores of the per-type classifiers.
    pub types: [f32; NK],
    /// Words that name an incident type: (byte offset, type).
    pub cues: Vec<(usize, usize)>,
    /// Byte offset of each sentence's first token.
    pub sentence_starts: Vec<usize>,
}

/// One role filler: the entity's mentions in the text (byte ranges), the first one
/// being its representative.
#[derive(Debug, Clone, PartialEq)]
pub struct Filler {
    pub role: Role,
    pub text: String,
    pub mentions: Vec<(usize, usize)>,
    pub score: f32,
}

/// What the model reads in one text.
#[derive(Debug, Clone, PartialEq)]
pub struct Extraction {
    /// Whether the text reports an incident (fillers are empty when not).
    pub relevant: bool,
    pub relevance: f32,
    pub incident_type: &'static str,
    pub fillers: Vec<Filler>,
    /// The incidents the text reports, one per incident type, the best first; empty
    /// when the text is judged to report none.
    pub incidents: Vec<Incident>,
}

/// One incident a text reports: its type and its fillers.
#[derive(Debug, Clone, PartialEq)]
pub struct Incident {
    pub incident_type: &'static str,
    /// Indices into [`Extraction::fillers`].
    pub fillers: Vec<usize>,
}

/// The incident type a word is a cue for (index into [`INCIDENT_TYPES`]).
pub fn type_cue(w: &str) -> Option<usize> {
    const STEMS: &[(&str, usize)] = &[
        ("kidnap", 2),
        ("abduct", 2),
        ("hostage", 2),
        ("bomb", 1),
        ("explo", 1),
        ("dynamit", 1),
        ("detonat", 1),
        ("grenade", 1),
        ("burn", 3),
        ("arson", 3),
        ("robber", 4),
        ("attack", 0),
        ("kill", 0),
        ("murder", 0),
        ("assassin", 0),
        ("shoot", 0),
        ("massacr", 0),
        ("ambush", 0),
        ("machinegun", 0),
    ];
    const WORDS: &[(&str, usize)] = &[
        ("blew", 1),
        ("blown", 1),
        ("rob", 4),
        ("robbed", 4),
        ("robbing", 4),
        ("stole", 4),
        ("stolen", 4),
        ("steal", 4),
        ("looted", 4),
        ("strike", 5),
        ("stoppage", 5),
        ("shot", 0),
        ("gunfire", 0),
    ];
    WORDS
        .iter()
        .find(|(x, _)| *x == w)
        .or_else(|| STEMS.iter().find(|(x, _)| w.starts_with(x)))
        .map(|&(_, k)| k)
}

const MAGIC: &[u8; 8] = b"NFROLE06";
/// Tags of the model file's optional sections.
const SECTION_STACK: u32 = 1;
const SECTION_BOUNDS: u32 = 2;
const SECTION_MARGINALS: u32 = 3;
const SECTION_KNN: u32 = 4;
const SECTION_KNN_TYPES: u32 = 5;

static EMBEDDED: OnceLock<Model> = OnceLock::new();
static EMBEDDED_BYTES: &[u8] = include_bytes!("../model/roles.bin");

/// The model compiled into the binary.
pub fn embedded() -> &'static Model {
    EMBEDDED.get_or_init(|| Model::from_bytes(EMBEDDED_BYTES).unwrap_or_default())
}

/// Extracts role fillers from `text` with the compiled-in model.
pub fn extract(text: &str) -> Extraction {
    embedded().extract(text)
}

/// The lower-cased, punctuation-free form two mentions are compared by (MUC-4 scoring
/// normalisation).
pub fn normalize(s: &str) -> String {
    score::normalize(s)
}

impl Model {
    /// Runs the tagger and classifiers over `text`.
    pub fn raw(&self, text: &str) -> Raw {
        read::read(self, text, f32::NEG_INFINITY)
    }

    /// The raw reading of tokens, by the reference path: the features as listed by
    /// [`features::token_features`] and [`features::doc_features`] (what training
    /// reads), summed key by key. [`Model::raw`] reads the same faster.
    pub fn raw_tokens(&self, tokens: &[Token]) -> Raw {
        self.read_tokens(tokens, f32::NEG_INFINITY)
    }

    /// The raw reading; the tagger runs only when the relevance score reaches `gate`
    /// (below it no spans are read).
    fn read_tokens(&self, tokens: &[Token], gate: f32) -> Raw {
        let doc = features::doc_features(tokens);
        let whole = [0, doc.len()];
        let (near, shares) = self.knn_scores(tokens);
        let relevance = self.relevance.score_many(&doc, &whole)[0][0] + near;
        let mut kinds = self.kind.score_many(&doc, &whole)[0];
        let mut types = self.types.score_many(&doc, &whole)[0];
        if let Some(sh) = shares {
            self.knn.add_type_shares(&sh, &mut kinds, &mut types);
        }
        let kind = argmax(&kinds);
        let cues = tokens
            .iter()
            .filter_map(|t| type_cue(&t.lower).map(|k| (t.start, k)))
            .collect();
        let mut spans = Vec::new();
        let sents = sentences(tokens);
        let sentence_starts = sents.iter().map(|&(s, _)| tokens[s].start).collect();
        if relevance < gate {
            return Raw {
                spans,
                relevance,
                kind,
                types,
                cues,
                sentence_starts,
            };
        }
        let mut em = self.tag_scores(tokens, &sents);
        bias_rows(&mut em, &self.params);
        for &(s, e) in &sents {
            decode_sentence(
                &em[s..e],
                &self.transitions,
                &self.params,
                s,
                |k| (tokens[k].start, tokens[k].end),
                &mut spans,
            );
        }
        Raw {
            spans,
            relevance,
            kind,
            types,
            cues,
            sentence_starts,
        }
    }

    /// Every token's tag scores before the biases, by the reference path: the first
    /// pass's, plus the second pass's when the model has one.
    pub(crate) fn tag_scores(&self, tokens: &[Token], sents: &[(usize, usize)]) -> Vec<[f32; NT]> {
        let feats = features::token_features(tokens, &self.prior);
        let mut em = self.emissions.score_many(&feats.keys, &feats.offsets);
        if !self.stack.is_empty() {
            let words: Vec<u64> = tokens.iter().map(|t| features::wh(&t.lower)).collect();
            let content: Vec<bool> = tokens.iter().map(|t| stack::content(&t.lower)).collect();
            self.second_pass(&mut em, &words, &content, sents);
        }
        em
    }

    /// Adds the second pass's scores to the first pass's `em` (before the biases).
    pub(crate) fn second_pass(
        &self,
        em: &mut [[f32; NT]],
        words: &[u64],
        content: &[bool],
        sents: &[(usize, usize)],
    ) {
        if self.stack.is_empty() {
            return;
        }
        let path = stack::first_path(em, &self.transitions, sents);
        let f = stack::stack_features(em, &path, words, content, sents, self.stack_unit);
        let add = self.stack.score_many(&f.keys, &f.offsets);
        for (row, a) in em.iter_mut().zip(add) {
            for (x, y) in row.iter_mut().zip(a) {
                *x += self.stack_step * y;
            }
        }
    }

    /// The span without its first (last) words that the bounds table says lie outside
    /// spans of its role; at least one word stays.
    fn trim(&self, text: &str, span: &Span) -> Span {
        let Some(inner) = text.get(span.start..span.end) else {
            return span.clone();
        };
        let toks = token::tokenize(inner);
        let r = span.role as usize;
        let bits = |i: usize| {
            self.bounds
                .get(&features::wh(&toks[i].lower))
                .copied()
                .unwrap_or(0)
        };
        let (mut s, mut e) = (0, toks.len());
        while e > s + 1 && bits(s) & (1 << r) != 0 {
            s += 1;
        }
        while e > s + 1 && bits(e - 1) & (1 << (5 + r)) != 0 {
            e -= 1;
        }
        let mut start = span.start + toks[s].start;
        if s == 0 {
            // The word right before the span (letters and digits only, no punctuation
            // between) joins it when the table says it starts spans of the role.
            let before = text[..span.start].trim_end_matches([' ', '\t']);
            let w = before
                .char_indices()
                .rev()
                .take_while(|(_, c)| c.is_alphanumeric())
                .last()
                .map(|(i, _)| i);
            if let Some(i) = w {
                let lower = before[i..].to_lowercase();
                let b = self.bounds.get(&features::wh(&lower)).copied().unwrap_or(0);
                let glued = before[..i]
                    .chars()
                    .next_back()
                    .is_some_and(|c| !c.is_whitespace());
                if b & (1 << (10 + r)) != 0 && !glued && before.len() < span.start {
                    start = i;
                }
            }
        }
        if start == span.start && e == toks.len() {
            return span.clone();
        }
        Span {
            start,
            end: span.start + toks[e - 1].end,
            ..span.clone()
        }
    }

    /// Applies the thresholds and groups mentions into fillers.
    pub fn assemble(&self, text: &str, raw: &Raw, params: &Params) -> Extraction {
        let relevant = raw.relevance >= params.relevance;
        let mut fillers: Vec<Filler> = Vec::new();
        let mut keys: Vec<String> = Vec::new();
        let trimmed;
        let raw = if relevant && !self.bounds.is_empty() {
            trimmed = Raw {
                spans: raw.spans.iter().map(|s| self.trim(text, s)).collect(),
                ..raw.clone()
            };
            &trimmed
        } else {
            raw
        };
        if relevant {
            let cands = entity::candidates(text, raw);
            let lower = if self.entity.is_empty() {
                String::new()
            } else {
                text.to_lowercase()
            };
            let mut feats = entity::Feats::default();
            for (i, c) in cands.iter().enumerate() {
                let first = &raw.spans[c.spans[0]];
                let score = if self.entity.is_empty() && params.temperature > 0.0 && params.noisy_or
                {
                    // Noisy-or over the mentions' probabilities.
                    1.0 - c
                        .spans
                        .iter()
                        .map(|&s| 1.0 - raw.spans[s].score.clamp(0.0, 1.0))
                        .product::<f32>()
                } else if self.entity.is_empty() {
                    c.spans
                        .iter()
                        .map(|&s| raw.spans[s].score)
                        .fold(f32::NEG_INFINITY, f32::max)
                } else {
                    entity::features(
                        text,
                        &lower,
                        raw,
                        &cands,
                        i,
                        self.params.outside_bias,
                        self.entity_unit,
                        &mut feats,
                    );
                    entity::score(&self.entity, &self.entity_real, c.role, &feats)
                };
                fillers.push(Filler {
                    role: c.role,
                    text: text.get(first.start..first.end).unwrap_or("").to_string(),
                    mentions: c
                        .spans
                        .iter()
                        .map(|&s| (raw.spans[s].start, raw.spans[s].end))
                        .collect(),
                    score,
                });
            }
            keys = cands.into_iter().map(|c| c.key).collect();
        }
        // One role per string: the best-scored.
        let mut keep: Vec<bool> = fillers
            .iter()
            .map(|f| f.score >= params.threshold[f.role as usize])
            .collect();
        for i in 0..fillers.len() {
            for j in 0..fillers.len() {
                if i != j
                    && keep[i]
                    && keep[j]
                    && keys[i] == keys[j]
                    && (fillers[j].score > fillers[i].score
                        || fillers[j].score == fillers[i].score && j < i)
                {
                    keep[i] = false;
                }
            }
        }
        // "farabundo marti national liberation front (fmln)": one entity.
        let parens: Vec<usize> = text
            .bytes()
            .enumerate()
            .filter(|&(_, b)| b == b'(')
            .map(|(p, _)| p)
            .collect();
        for i in 0..fillers.len() {
            for j in 0..fillers.len() {
                if i != j
                    && keep[i]
                    && keep[j]
                    && fillers[i].role == fillers[j].role
                    && (fillers[j].score > fillers[i].score
                        || fillers[j].score == fillers[i].score && j < i)
                    && (with_parenthesis(text, &parens, &fillers[i].text, &fillers[j].text)
                        || with_parenthesis(text, &parens, &fillers[j].text, &fillers[i].text))
                {
                    keep[i] = false;
                }
            }
        }
        if params.merge_contained {
            for i in 0..fillers.len() {
                for j in 0..fillers.len() {
                    if i != j
                        && keep[i]
                        && keep[j]
                        && fillers[i].role == fillers[j].role
                        && contains_words(&keys[j], &keys[i])
                        && fillers[j].score >= fillers[i].score
                    {
                        keep[i] = false;
                    }
                }
            }
        }
        let fillers: Vec<Filler> = fillers
            .into_iter()
            .zip(keep)
            .filter_map(|(f, k)| k.then_some(f))
            .collect();
        let kind = raw.kind.min(NK - 1);
        let mut kinds = Vec::new();
        if raw.relevance >= params.template_relevance {
            kinds.push(kind);
            let mut others: Vec<usize> = (0..NK)
                .filter(|&k| k != kind && raw.types[k] >= params.type_threshold[k])
                .collect();
            others.sort_by(|&a, &b| raw.types[b].total_cmp(&raw.types[a]));
            kinds.extend(others);
        }
        let mut incidents = assign_fillers(&kinds, &fillers, raw, params);
        if params.extra_needs_filler && incidents.len() > 1 {
            let own = |inc: &Incident| {
                inc.fillers
                    .iter()
                    .any(|&i| params.split[fillers[i].role as usize])
            };
            let mut k = 0;
            kinds.retain(|_| {
                k += 1;
                k == 1 || own(&incidents[k - 1])
            });
            let mut k = 0;
            incidents.retain(|inc| {
                k += 1;
                k == 1 || own(inc)
            });
        }
        // The classified type gives way to the further types that hold fillers of their
        // own when its per-type score is low; its fillers go to them.
        if incidents.len() > 1 && raw.types[kind] < params.first_type_min {
            kinds.remove(0);
            incidents = assign_fillers(&kinds, &fillers, raw, params);
        }
        if params.split_gap != u32::MAX {
            incidents = split_incidents(incidents, &fillers, raw, params);
        }
        Extraction {
            relevant,
            relevance: raw.relevance,
            incident_type: INCIDENT_TYPES[kinds.first().copied().unwrap_or(kind)],
            fillers,
            incidents,
        }
    }

    /// What the nearest training messages add to the relevance score of `tokens`, and
    /// their type shares when the store has types (see [`knn::Knn::scores`]).
    fn knn_scores(&self, tokens: &[Token]) -> (f32, Option<[f32; NK]>) {
        if self.knn.is_empty() {
            return (0.0, None);
        }
        self.knn.scores(&knn::token_term_keys(tokens))
    }

    /// Role fillers of `text` under the model's tuned thresholds.
    pub fn extract(&self, text: &str) -> Extraction {
        // A text under the relevance gate keeps no fillers: the tagger is not run.
        let raw = read::read(self, text, self.params.relevance);
        self.assemble(text, &raw, &self.params)
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        for t in self.params.threshold {
            out.extend_from_slice(&t.to_le_bytes());
        }
        out.extend_from_slice(&self.params.relevance.to_le_bytes());
        out.extend_from_slice(&u32::from(self.params.merge_contained).to_le_bytes());
        out.extend_from_slice(&self.params.outside_bias.to_le_bytes());
        out.extend_from_slice(&self.params.template_relevance.to_le_bytes());
        for t in self.params.type_threshold {
            out.extend_from_slice(&t.to_le_bytes());
        }
        let split = (0..5).fold(0u32, |m, r| m | (u32::from(self.params.split[r]) << r));
        out.extend_from_slice(&split.to_le_bytes());
        out.extend_from_slice(&self.params.split_gap.to_le_bytes());
        for b in self.params.role_bias {
            out.extend_from_slice(&b.to_le_bytes());
        }
        out.extend_from_slice(&u32::from(self.params.extra_needs_filler).to_le_bytes());
        out.extend_from_slice(&self.params.first_type_min.to_le_bytes());
        for row in &self.transitions {
            for w in row {
                out.extend_from_slice(&w.to_le_bytes());
            }
        }
        write_table(&self.emissions, &mut out);
        write_table(&self.relevance, &mut out);
        write_table(&self.kind, &mut out);
        write_table(&self.types, &mut out);
        out.extend_from_slice(&self.entity_unit.to_le_bytes());
        for w in self.entity_real {
            out.extend_from_slice(&w.to_le_bytes());
        }
        write_table(&self.entity, &mut out);
        let mut prior: Vec<(u64, [u8; 5])> = self.prior.map.iter().map(|(&w, &b)| (w, b)).collect();
        prior.sort_unstable();
        out.extend_from_slice(&(prior.len() as u32).to_le_bytes());
        for (w, b) in prior {
            out.extend_from_slice(&w.to_le_bytes());
            out.extend_from_slice(&b);
        }
        // Optional sections, each after its tag.
        if !self.stack.is_empty() {
            out.extend_from_slice(&SECTION_STACK.to_le_bytes());
            out.extend_from_slice(&self.stack_unit.to_le_bytes());
            out.extend_from_slice(&self.stack_step.to_le_bytes());
            write_table(&self.stack, &mut out);
        }
        if self.params.temperature > 0.0 {
            out.extend_from_slice(&SECTION_MARGINALS.to_le_bytes());
            out.extend_from_slice(&self.params.temperature.to_le_bytes());
            out.extend_from_slice(&self.params.candidate_min.to_le_bytes());
            out.extend_from_slice(&u32::from(self.params.noisy_or).to_le_bytes());
        }
        if !self.bounds.is_empty() {
            out.extend_from_slice(&SECTION_BOUNDS.to_le_bytes());
            let mut b: Vec<(u64, u16)> = self.bounds.iter().map(|(&w, &x)| (w, x)).collect();
            b.sort_unstable();
            out.extend_from_slice(&(b.len() as u32).to_le_bytes());
            for (w, x) in b {
                out.extend_from_slice(&w.to_le_bytes());
                out.extend_from_slice(&x.to_le_bytes());
            }
        }
        if !self.knn.is_empty() {
            out.extend_from_slice(&SECTION_KNN.to_le_bytes());
            self.knn.write(&mut out);
            if self.knn.has_types() {
                out.extend_from_slice(&SECTION_KNN_TYPES.to_le_bytes());
                self.knn.write_types(&mut out);
            }
        }
        out
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<Model, RolesError> {
        let mut r = Reader::new(bytes);
        let magic = r.bytes(MAGIC.len())?;
        let v1 = magic == b"NFROLE01";
        let v2 = magic == b"NFROLE02";
        let v3 = magic == b"NFROLE03";
        let v5 = magic == b"NFROLE05";
        if magic != MAGIC && !v1 && !v2 && !v3 && !v5 {
            return Err(RolesError::BadMagic);
        }
        let mut params = Params::default();
        for t in params.threshold.iter_mut() {
            *t = r.f32()?;
        }
        params.relevance = r.f32()?;
        params.merge_contained = r.u32()? != 0;
        params.outside_bias = r.f32()?;
        if !v1 {
            params.template_relevance = r.f32()?;
            for t in params.type_threshold.iter_mut() {
                *t = r.f32()?;
            }
            let split = r.u32()?;
            for (i, s) in params.split.iter_mut().enumerate() {
                *s = split & (1 << i) != 0;
            }
        }
        if !v1 && !v2 {
            params.split_gap = r.u32()?;
        }
        if !v1 && !v2 && !v3 {
            for b in params.role_bias.iter_mut() {
                *b = r.f32()?;
            }
            params.extra_needs_filler = r.u32()? != 0;
        }
        if magic == MAGIC {
            params.first_type_min = r.f32()?;
        }
        let mut transitions = [[0f32; NT]; NT + 1];
        for row in transitions.iter_mut() {
            for w in row.iter_mut() {
                *w = r.f32()?;
            }
        }
        let emissions = read_table(&mut r)?;
        let relevance = read_table(&mut r)?;
        let kind = read_table(&mut r)?;
        let types = if v1 {
            Table::default()
        } else {
            read_table(&mut r)?
        };
        let mut entity_real = [0f32; 5 * entity::NR];
        let (entity_unit, entity) = if v1 || v2 || v3 {
            (1.0, Table::default())
        } else {
            let unit = r.f32()?;
            for w in entity_real.iter_mut() {
                *w = r.f32()?;
            }
            (unit, read_table(&mut r)?)
        };
        let mut prior = features::Prior::default();
        if !v1 && !v2 && !v3 {
            let n = r.u32()? as usize;
            for _ in 0..n {
                let b = r.bytes(13)?;
                let mut w = [0u8; 8];
                w.copy_from_slice(&b[..8]);
                let mut x = [0u8; 5];
                x.copy_from_slice(&b[8..]);
                prior.map.insert(u64::from_le_bytes(w), x);
            }
        }
        // Optional sections: the second pass, the marginal scoring, the span bounds.
        let (mut stack_unit, mut stack_step, mut stack) = (0.0, 0.0, Table::default());
        let mut bounds = features::WordMap::default();
        let mut knn = knn::Knn::default();
        while !v1 && !v2 && !v3 && !r.done() {
            match r.u32()? {
                SECTION_STACK => {
                    stack_unit = r.f32()?;
                    stack_step = r.f32()?;
                    stack = read_table(&mut r)?;
                }
                SECTION_MARGINALS => {
                    params.temperature = r.f32()?;
                    params.candidate_min = r.f32()?;
                    params.noisy_or = r.u32()? != 0;
                }
                SECTION_BOUNDS => {
                    let n = r.u32()? as usize;
                    for _ in 0..n {
                        let b = r.bytes(10)?;
                        let mut w = [0u8; 8];
                        w.copy_from_slice(&b[..8]);
                        bounds.insert(u64::from_le_bytes(w), u16::from_le_bytes([b[8], b[9]]));
                    }
                }
                SECTION_KNN => knn = knn::Knn::read(&mut r)?,
                // After the store's own section (an empty store reads no types).
                SECTION_KNN_TYPES if !knn.is_empty() => knn.read_types(&mut r)?,
                _ => return Err(RolesError::Trailing),
            }
        }
        if !r.done() {
            return Err(RolesError::Trailing);
        }
        Ok(Model {
            knn,
            bounds,
            stack,
            stack_unit,
            stack_step,
            emissions,
            transitions,
            relevance,
            kind,
            types,
            params,
            entity,
            entity_unit,
            entity_real,
            prior,
        })
    }
}

/// One incident per type of `kinds` (the first the classified one), with the fillers:
/// a filler of a split role goes to the incident whose type has the cue word nearest
/// its first mention (the first incident when no cue is of these types), the others to
/// every incident.
fn assign_fillers(
    kinds: &[usize],
    fillers: &[Filler],
    raw: &Raw,
    params: &Params,
) -> Vec<Incident> {
    let mut incidents: Vec<Incident> = kinds
        .iter()
        .map(|&k| Incident {
            incident_type: INCIDENT_TYPES[k],
            fillers: Vec::new(),
        })
        .collect();
    for (i, f) in fillers.iter().enumerate() {
        if kinds.len() > 1 && params.split[f.role as usize] {
            let at = f.mentions.first().map_or(0, |m| m.0);
            let nearest = raw
                .cues
                .iter()
                .filter_map(|&(pos, k)| {
                    kinds
                        .iter()
                        .position(|&x| x == k)
                        .map(|inc| (pos.abs_diff(at), inc))
                })
                .min();
            let inc = nearest.map_or(0, |(_, inc)| inc);
            incidents[inc].fillers.push(i);
        } else {
            for inc in incidents.iter_mut() {
                inc.fillers.push(i);
            }
        }
    }
    incidents
}

/// Splits each incident whose split-role fillers fall into runs of sentences more
/// than `params.split_gap` apart, a cue word of the incident's type opening each new
/// run, into one incident per run (same type; the fillers of the other roles go to
/// each).
fn split_incidents(
    incidents: Vec<Incident>,
    fillers: &[Filler],
    raw: &Raw,
    params: &Params,
) -> Vec<Incident> {
    let sentence_of = |at: usize| raw.sentence_starts.partition_point(|&s| s <= at);
    let mut out = Vec::with_capacity(incidents.len());
    for inc in incidents {
        let (mut split, shared): (Vec<usize>, Vec<usize>) = inc
            .fillers
            .iter()
            .partition(|&&i| params.split[fillers[i].role as usize]);
        split.sort_by_key(|&i| fillers[i].mentions.first().map_or(0, |m| m.0));
        let mut runs: Vec<Vec<usize>> = Vec::new();
        let mut last = None;
        for i in split {
            let s = sentence_of(fillers[i].mentions.first().map_or(0, |m| m.0));
            // A new run needs the gap and a cue of the incident's type after the last
            // run's filler, up to this filler's sentence.
            let cue_between = |l: usize| {
                raw.cues.iter().any(|&(at, k)| {
                    INCIDENT_TYPES[k] == inc.incident_type && {
                        let cs = sentence_of(at);
                        cs > l && cs <= s
                    }
                })
            };
            match (runs.last_mut(), last) {
                (Some(run), Some(l))
                    if s.saturating_sub(l) as u64 <= u64::from(params.split_gap)
                        || !cue_between(l) =>
                {
                    run.push(i)
                }
                _ => runs.push(vec![i]),
            }
            last = Some(s);
        }
        if runs.len() <= 1 {
            out.push(inc);
            continue;
        }
        for run in runs {
            let mut fs = shared.clone();
            fs.extend(run);
            fs.sort_unstable();
            out.push(Incident {
                incident_type: inc.incident_type,
                fillers: fs,
            });
        }
    }
    out
}

/// Applies the outside bias and the per-role biases to emission rows.
pub(crate) fn bias_rows(em: &mut [[f32; NT]], params: &Params) {
    for row in em.iter_mut() {
        row[0] -= params.outside_bias;
        for (r, b) in params.role_bias.iter().enumerate() {
            row[1 + 2 * r] += b;
            row[2 + 2 * r] += b;
        }
    }
}

/// Whether `text` contains `"{a} ({b})"`, given the byte offsets of every `(` in it
/// (`parens`): the same answer as `text.contains(..)` on the formatted string, with no
/// string built and no scan of a text that has no parenthesis.
fn with_parenthesis(text: &str, parens: &[usize], a: &str, b: &str) -> bool {
    let (text, a, b) = (text.as_bytes(), a.as_bytes(), b.as_bytes());
    parens.iter().any(|&p| {
        p > a.len()
            && text[p - 1] == b' '
            && text[p - 1 - a.len()..p - 1] == *a
            && text[p + 1..].starts_with(b)
            && text.get(p + 1 + b.len()) == Some(&b')')
    })
}

/// Whether the words of `inner` occur contiguously in `outer`.
fn contains_words(outer: &str, inner: &str) -> bool {
    outer != inner && format!(" {outer} ").contains(&format!(" {inner} "))
}

pub(crate) fn argmax(v: &[f32]) -> usize {
    let mut best = 0;
    for (i, x) in v.iter().enumerate() {
        if *x > v[best] {
            best = i;
        }
    }
    best
}

/// Token ranges of the sentences.
pub fn sentences(tokens: &[Token]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, t) in tokens.iter().enumerate() {
        if t.sentence_start && i > start {
            out.push((start, i));
            start = i;
        }
    }
    if start < tokens.len() {
        out.push((start, tokens.len()));
    }
    out
}

/// Best tag path under emissions and transitions (an inside tag only after its
/// role's begin or inside tag).
pub fn viterbi(em: &[[f32; NT]], trans: &[[f32; NT]; NT + 1]) -> Vec<usize> {
    let n = em.len();
    if n == 0 {
        return Vec::new();
    }
    // The transitions with the forbidden ones (an inside tag after anything but its
    // role's begin or inside tag) at minus infinity, so that every tag takes the best
    // of all eleven predecessors lane by lane (the compiler vectorises the loop over
    // tags); a forbidden predecessor scores minus infinity, which never beats the best
    // so far, and predecessors are tried in the same order with the same strict
    // comparison, so the path is the one the allowed predecessors alone give.
    let mut allowed = [[f32::NEG_INFINITY; NT]; NT];
    for (p, row) in allowed.iter_mut().enumerate() {
        for (t, a) in row.iter_mut().enumerate() {
            let ok = match tag_role(t) {
                Some((_, false)) => INSIDE_FROM[(t - 2) / 2].contains(&p),
                _ => true,
            };
            if ok {
                *a = trans[p][t];
            }
        }
    }
    let mut score = vec![[f32::NEG_INFINITY; NT]; n];
    let mut back = vec![[0u8; NT]; n];
    for t in 0..NT {
        if tag_role(t).is_none_or(|(_, b)| b) {
            score[0][t] = em[0][t] + trans[NT][t];
        }
    }
    for i in 1..n {
        let prev = score[i - 1];
        let mut best = [f32::NEG_INFINITY; NT];
        let mut arg = [0u8; NT];
        for (p, row) in allowed.iter().enumerate() {
            for t in 0..NT {
                let s = prev[p] + row[t];
                if s > best[t] {
                    best[t] = s;
                    arg[t] = p as u8;
                }
            }
        }
        for t in 0..NT {
            score[i][t] = best[t] + em[i][t];
        }
        back[i] = arg;
    }
    let mut path = vec![0usize; n];
    path[n - 1] = argmax(&score[n - 1]);
    for i in (1..n).rev() {
        path[i - 1] = back[i][path[i]] as usize;
    }
    path
}

/// Forward–backward over one sentence: the emission and transition scores divided by a
/// temperature, exponentiated and normalised into a distribution over tag paths (an
/// inside tag only after its role's begin or inside tag), with scaled forward and
/// backward tables, from which tag marginals and the probability of exactly one span
/// are read.
pub struct Lattice {
    pub(crate) n: usize,
    /// `exp((em - row max) / T)` per token.
    pub(crate) psi: Vec<[f32; NT]>,
    /// `exp((trans - max) / T)`, 0 where the tag may not follow.
    pub(crate) tr: [[f32; NT]; NT + 1],
    /// Scaled forward table: each row sums to 1.
    pub(crate) alpha: Vec<[f32; NT]>,
    /// Scaled backward table: `alpha[i][t] * beta[i][t]` is the marginal of tag t at i.
    pub(crate) beta: Vec<[f32; NT]>,
    /// The forward pass's normaliser at each token.
    pub(crate) scale: Vec<f32>,
}

impl Lattice {
    /// The lattice of `em` (one sentence's rows, biases applied) under `trans` at
    /// temperature `temp` (> 0).
    pub fn new(em: &[[f32; NT]], trans: &[[f32; NT]; NT + 1], temp: f32) -> Lattice {
        let n = em.len();
        let inv = 1.0 / temp;
        let mut top = f32::NEG_INFINITY;
        for (p, row) in trans.iter().enumerate() {
            for (t, &x) in row.iter().enumerate() {
                if allowed(p, t) {
                    top = top.max(x);
                }
            }
        }
        let mut tr = [[0f32; NT]; NT + 1];
        for (p, row) in tr.iter_mut().enumerate() {
            for (t, x) in row.iter_mut().enumerate() {
                if allowed(p, t) {
                    *x = ((trans[p][t] - top) * inv).exp();
                }
            }
        }
        let psi: Vec<[f32; NT]> = em
            .iter()
            .map(|row| {
                let m = row.iter().fold(f32::NEG_INFINITY, |m, &x| m.max(x));
                let mut out = [0f32; NT];
                for (o, &x) in out.iter_mut().zip(row) {
                    *o = ((x - m) * inv).exp();
                }
                out
            })
            .collect();
        let mut alpha = vec![[0f32; NT]; n];
        let mut scale = vec![1f32; n];
        for i in 0..n {
            let mut row = [0f32; NT];
            if i == 0 {
                for (t, x) in row.iter_mut().enumerate() {
                    *x = tr[NT][t] * psi[0][t];
                }
            } else {
                let prev = alpha[i - 1];
                for (p, &a) in prev.iter().enumerate() {
                    for (x, &w) in row.iter_mut().zip(&tr[p]) {
                        *x += a * w;
                    }
                }
                for (x, &e) in row.iter_mut().zip(&psi[i]) {
                    *x *= e;
                }
            }
            let z: f32 = row.iter().sum();
            let z = if z > 0.0 && z.is_finite() { z } else { 1.0 };
            for x in row.iter_mut() {
                *x /= z;
            }
            alpha[i] = row;
            scale[i] = z;
        }
        let mut beta = vec![[1f32; NT]; n];
        for i in (0..n.saturating_sub(1)).rev() {
            let mut next = [0f32; NT];
            for (u, x) in next.iter_mut().enumerate() {
                *x = psi[i + 1][u] * beta[i + 1][u] / scale[i + 1];
            }
            let mut row = [0f32; NT];
            for (x, tr_row) in row.iter_mut().zip(&tr) {
                *x = tr_row.iter().zip(&next).map(|(w, y)| w * y).sum();
            }
            beta[i] = row;
        }
        Lattice {
            n,
            psi,
            tr,
            alpha,
            beta,
            scale,
        }
    }

    /// The marginal probability of tag `t` at token `i`.
    pub fn marginal(&self, i: usize, t: usize) -> f32 {
        self.alpha[i][t] * self.beta[i][t]
    }

    /// The marginal probability of tag `p` at token `i - 1` and `t` at `i` (`i > 0`).
    pub fn pair(&self, i: usize, p: usize, t: usize) -> f32 {
        self.alpha[i - 1][p] * self.tr[p][t] * self.psi[i][t] * self.beta[i][t] / self.scale[i]
    }

    /// The probability of exactly the span `start..end` of `role` (begin tag at
    /// `start`, inside tags up to `end`, no inside tag of the role right after), and of
    /// the best such span from `start` on: `(end, probability)` of the most probable
    /// end. Ends are tried while the span's prefix is still as probable as the best.
    pub fn best_end(&self, start: usize, role: usize) -> (usize, f32) {
        let b = 1 + 2 * role;
        let inside = b + 1;
        // Unnormalised forward weight of the prefix ending at `k` with tag `last`.
        let mut pre = self.alpha[start][b];
        let mut last = b;
        let mut best = (start + 1, 0f32);
        let mut k = start;
        loop {
            let end = k + 1;
            // The prefix through k, then anything but this role's inside tag.
            let cont = if end < self.n {
                self.tr[last][inside] * self.psi[end][inside] * self.beta[end][inside]
                    / self.scale[end]
            } else {
                0.0
            };
            let p = (pre * (self.beta[k][last] - cont)).max(0.0);
            if p > best.1 {
                best = (end, p);
            }
            if end >= self.n {
                break;
            }
            // Extend by one inside tag: the prefix's own probability bounds every longer
            // span's.
            pre *= self.tr[last][inside] * self.psi[end][inside] / self.scale[end];
            last = inside;
            k = end;
            if pre * self.beta[k][last] <= best.1 {
                break;
            }
        }
        best
    }

    /// The probability of exactly the span `start..end` of `role`.
    pub fn span(&self, start: usize, end: usize, role: usize) -> f32 {
        let b = 1 + 2 * role;
        let inside = b + 1;
        let mut pre = self.alpha[start][b];
        let mut last = b;
        for k in start + 1..end {
            pre *= self.tr[last][inside] * self.psi[k][inside] / self.scale[k];
            last = inside;
        }
        let cont = if end < self.n {
            self.tr[last][inside] * self.psi[end][inside] * self.beta[end][inside] / self.scale[end]
        } else {
            0.0
        };
        (pre * (self.beta[end - 1][last] - cont)).max(0.0)
    }
}

/// Whether tag `t` may follow `prev` (`NT`: the sentence start).
fn allowed(prev: usize, t: usize) -> bool {
    match tag_role(t) {
        Some((_, false)) => prev != NT && prev != 0 && (prev - 1) / 2 == (t - 1) / 2,
        _ => true,
    }
}

/// The spans of one sentence's emission rows `em` (biases applied), tokens from
/// `offset` on (`bounds(k)`: token `k`'s byte range): the Viterbi path's, each scored
/// by its mean tag margin, or with `params.temperature > 0` by its probability, plus the
/// candidate spans of `params.candidate_min`.
pub(crate) fn decode_sentence(
    em: &[[f32; NT]],
    trans: &[[f32; NT]; NT + 1],
    params: &Params,
    offset: usize,
    bounds: impl Fn(usize) -> (usize, usize),
    out: &mut Vec<Span>,
) {
    let path = viterbi(em, trans);
    let first = out.len();
    collect_spans(&path, em, offset, &bounds, out);
    if params.temperature <= 0.0 || em.is_empty() {
        return;
    }
    let lat = Lattice::new(em, trans, params.temperature);
    // Token ranges of the Viterbi spans, from the path.
    let mut viterbi_spans = Vec::new();
    let mut i = 0;
    while i < path.len() {
        if let Some((role, true)) = tag_role(path[i]) {
            let mut j = i + 1;
            while j < path.len() && path[j] == path[i] + 1 {
                j += 1;
            }
            viterbi_spans.push((i, j, role as usize));
            i = j;
        } else {
            i += 1;
        }
    }
    for (sp, &(s, e, r)) in out[first..].iter_mut().zip(&viterbi_spans) {
        sp.score = lat.span(s, e, r);
    }
    if params.candidate_min.is_finite() {
        for s in 0..em.len() {
            for r in 0..5 {
                if lat.marginal(s, 1 + 2 * r) < params.candidate_min {
                    continue;
                }
                let (e, p) = lat.best_end(s, r);
                if p < params.candidate_min || viterbi_spans.contains(&(s, e, r)) {
                    continue;
                }
                out.push(Span {
                    role: Role::ALL[r],
                    start: bounds(offset + s).0,
                    end: bounds(offset + e - 1).1,
                    score: p,
                });
            }
        }
    }
}

/// The predecessors of role r's inside tag: its begin and inside tags.
const INSIDE_FROM: [[usize; 2]; 5] = [[1, 2], [3, 4], [5, 6], [7, 8], [9, 10]];

/// The spans of a tag path over the tokens from `offset` on (`bounds(k)`: token `k`'s
/// byte range).
fn collect_spans(
    path: &[usize],
    em: &[[f32; NT]],
    offset: usize,
    bounds: &impl Fn(usize) -> (usize, usize),
    out: &mut Vec<Span>,
) {
    let mut i = 0;
    while i < path.len() {
        let Some((role, true)) = tag_role(path[i]) else {
            i += 1;
            continue;
        };
        let mut j = i + 1;
        while j < path.len() && path[j] == path[i] + 1 {
            j += 1;
        }
        let margin: f32 = (i..j).map(|k| em[k][path[k]] - em[k][0]).sum::<f32>() / (j - i) as f32;
        out.push(Span {
            role,
            start: bounds(offset + i).0,
            end: bounds(offset + j - 1).1,
            score: margin,
        });
        i = j;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `with_parenthesis` answers as `contains` on the formatted string.
    #[test]
    fn with_parenthesis_is_contains() {
        let texts = [
            "the river front (rf) said",
            "(rf) front (rf)",
            "front(rf) and front ( rf) and front (rf",
            "a (b) c ((d)) é (ü)",
            "",
            "(",
            " ()",
        ];
        let names = [
            "",
            "front",
            "rf",
            "river front",
            "b",
            "a",
            "(d)",
            "d",
            "é",
            "ü",
            "c (",
        ];
        for text in texts {
            let parens: Vec<usize> = text.match_indices('(').map(|(p, _)| p).collect();
            for a in names {
                for b in names {
                    assert_eq!(
                        with_parenthesis(text, &parens, a, b),
                        text.contains(&format!("{a} ({b})")),
                        "{text:?} {a:?} {b:?}"
                    );
                }
            }
        }
        assert!(with_parenthesis("x front (rf)", &[8], "front", "rf"));
        assert!(!with_parenthesis("x front (rf)", &[8], "rf", "front"));
    }

    /// Every allowed tag path of `n` tokens with its unnormalised weight.
    fn paths(em: &[[f32; NT]], trans: &[[f32; NT]; NT + 1], temp: f32) -> Vec<(Vec<usize>, f64)> {
        let mut out = vec![(Vec::new(), 0f64)];
        for row in em {
            let mut next = Vec::new();
            for (p, s) in &out {
                for t in 0..NT {
                    let prev = p.last().copied().unwrap_or(NT);
                    if allowed(prev, t) {
                        let mut q = p.clone();
                        q.push(t);
                        next.push((q, s + f64::from(row[t] + trans[prev][t])));
                    }
                }
            }
            out = next;
        }
        out.into_iter()
            .map(|(p, s)| (p, (s / f64::from(temp)).exp()))
            .collect()
    }

    #[test]
    fn lattice_marginals_and_span_probabilities_match_enumeration() {
        // Made-up scores over three tokens, every path enumerated.
        let mut seed = 11u64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % 1000) as f32 / 100.0 - 5.0
        };
        let em: Vec<[f32; NT]> = (0..3).map(|_| std::array::from_fn(|_| next())).collect();
        let trans: [[f32; NT]; NT + 1] = std::array::from_fn(|_| std::array::from_fn(|_| next()));
        for temp in [0.7f32, 2.0] {
            let all = paths(&em, &trans, temp);
            let z: f64 = all.iter().map(|(_, w)| w).sum();
            let lat = Lattice::new(&em, &trans, temp);
            for i in 0..3 {
                for t in 0..NT {
                    let want: f64 = all
                        .iter()
                        .filter(|(p, _)| p[i] == t)
                        .map(|(_, w)| w)
                        .sum::<f64>()
                        / z;
                    assert!(
                        (f64::from(lat.marginal(i, t)) - want).abs() < 1e-4,
                        "{i} {t}"
                    );
                }
            }
            for (q, t) in [(0usize, 0usize), (1, 2), (3, 7), (9, 10)] {
                let want: f64 = all
                    .iter()
                    .filter(|(p, _)| p[1] == q && p[2] == t)
                    .map(|(_, w)| w)
                    .sum::<f64>()
                    / z;
                assert!((f64::from(lat.pair(2, q, t)) - want).abs() < 1e-4);
            }
            // Exactly the span 1..3 of role 2 (begin at 1, inside at 2), and 0..1 of
            // role 0 (begin at 0, no inside at 1).
            let exact = |s: usize, e: usize, r: usize| {
                all.iter()
                    .filter(|(p, _)| {
                        p[s] == 1 + 2 * r
                            && (s + 1..e).all(|k| p[k] == 2 + 2 * r)
                            && (e == 3 || p[e] != 2 + 2 * r)
                    })
                    .map(|(_, w)| w)
                    .sum::<f64>()
                    / z
            };
            for (s, e, r) in [(1, 3, 2), (0, 1, 0), (0, 2, 4), (0, 3, 1)] {
                assert!((f64::from(lat.span(s, e, r)) - exact(s, e, r)).abs() < 1e-4);
            }
            for (s, r) in [(0, 0), (0, 3), (1, 1), (2, 4)] {
                let (e, p) = lat.best_end(s, r);
                let best = (s + 1..=3)
                    .map(|e| (e, exact(s, e, r)))
                    .fold((0, -1.0), |b, x| if x.1 > b.1 { x } else { b });
                assert_eq!(e, best.0);
                assert!((f64::from(p) - best.1).abs() < 1e-4);
            }
        }
    }

    #[test]
    fn marginal_scoring_reads_span_probabilities_and_round_trips() {
        // Two tokens; the first is clearly a PerpInd begin, the second leans outside.
        let mut em = vec![[0f32; NT]; 2];
        em[0][1] = 4.0;
        em[1][0] = 1.0;
        em[1][2] = 0.5;
        let trans = [[0f32; NT]; NT + 1];
        let bounds = |k: usize| (3 * k, 3 * k + 2);
        let mut margins = Vec::new();
        decode_sentence(&em, &trans, &Params::default(), 0, bounds, &mut margins);
        assert_eq!(margins.len(), 1);
        assert_eq!(
            (margins[0].start, margins[0].end, margins[0].score),
            (0, 2, 4.0)
        );
        let params = Params {
            temperature: 1.0,
            ..Params::default()
        };
        let mut probs = Vec::new();
        decode_sentence(&em, &trans, &params, 0, bounds, &mut probs);
        let lat = Lattice::new(&em, &trans, 1.0);
        assert_eq!(probs.len(), 1);
        assert_eq!((probs[0].start, probs[0].end), (0, 2));
        assert_eq!(probs[0].score, lat.span(0, 1, 0));
        // Candidates: a Victim begin at the second token that the Viterbi path leaves
        // outside joins at a low minimum, not at a high one.
        em[1][7] = 0.8;
        let lat = Lattice::new(&em, &trans, 1.0);
        let pv = lat.marginal(1, 7);
        assert!(pv > 0.15 && pv < 0.5, "{pv}");
        assert_eq!(lat.best_end(1, 3), (2, lat.span(1, 2, 3)));
        fn read_at(em: &[[f32; NT]], min: f32) -> Vec<(Role, usize, usize, f32)> {
            let mut out = Vec::new();
            let p = Params {
                temperature: 1.0,
                candidate_min: min,
                ..Params::default()
            };
            let trans = [[0f32; NT]; NT + 1];
            decode_sentence(em, &trans, &p, 0, |k| (3 * k, 3 * k + 2), &mut out);
            out.iter()
                .map(|s| (s.role, s.start, s.end, s.score))
                .collect()
        }
        let read = |min: f32| read_at(&em, min);
        assert_eq!(read(0.5), vec![(Role::PerpInd, 0, 2, lat.span(0, 1, 0))]);
        assert_eq!(
            read(0.15),
            vec![
                (Role::PerpInd, 0, 2, lat.span(0, 1, 0)),
                (Role::Victim, 3, 5, lat.span(1, 2, 3))
            ]
        );
        // A filler's score is the noisy-or of its mentions' probabilities.
        let text = "gunmen fled. gunmen came back.";
        let raw = Raw {
            spans: vec![
                Span {
                    role: Role::PerpInd,
                    start: 0,
                    end: 6,
                    score: 0.5,
                },
                Span {
                    role: Role::PerpInd,
                    start: 13,
                    end: 19,
                    score: 0.4,
                },
            ],
            relevance: 1.0,
            kind: 0,
            types: [0.0; NK],
            cues: Vec::new(),
            sentence_starts: vec![0, 13],
        };
        let open = Params {
            threshold: [0.0; 5],
            temperature: 1.0,
            ..Params::default()
        };
        let ex = Model::default().assemble(text, &raw, &open);
        assert_eq!(ex.fillers.len(), 1);
        assert!((ex.fillers[0].score - 0.7).abs() < 1e-6);
        let ex = Model::default().assemble(text, &raw, &Params::default());
        assert_eq!(ex.fillers[0].score, 0.5);
        // Round trip of the optional section; without it, margins.
        let model = Model {
            params: Params {
                temperature: 2.5,
                candidate_min: 0.125,
                noisy_or: false,
                ..Params::default()
            },
            ..Model::default()
        };
        let back = Model::from_bytes(&model.to_bytes()).expect("round trip");
        assert_eq!(back.params, model.params);
        let back = Model::from_bytes(&Model::default().to_bytes()).expect("round trip");
        assert_eq!(
            (back.params.temperature, back.params.candidate_min),
            (0.0, f32::INFINITY)
        );
    }

    #[test]
    fn embedded_model_reads_and_round_trips() {
        let model = Model::from_bytes(EMBEDDED_BYTES).expect("embedded model");
        assert!(!model.emissions.is_empty());
        assert_eq!(model.to_bytes(), EMBEDDED_BYTES);
    }

    #[test]
    fn rejects_other_bytes() {
        assert!(matches!(
            Model::from_bytes(b"NOTAMODEL"),
            Err(RolesError::BadMagic)
        ));
        let bytes = embedded().to_bytes();
        assert!(matches!(
            Model::from_bytes(&bytes[..bytes.len() - 3]),
            Err(RolesError::Truncated { .. })
        ));
    }

    #[test]
    fn same_reading_in_any_case() {
        let lower = "guerrillas of the people's front dynamited the power station near the \
                     town yesterday and killed the mayor, juan perez.";
        let upper = lower.to_uppercase();
        let a = extract(lower);
        let b = extract(&upper);
        assert_eq!(a.relevant, b.relevant);
        assert_eq!(a.fillers.len(), b.fillers.len());
        for (x, y) in a.fillers.iter().zip(&b.fillers) {
            assert_eq!(
                (x.role, x.text.to_lowercase()),
                (y.role, y.text.to_lowercase())
            );
        }
    }

    #[test]
    fn type_cues() {
        assert_eq!(type_cue("kidnapped"), Some(2));
        assert_eq!(type_cue("dynamited"), Some(1));
        assert_eq!(type_cue("robbed"), Some(4));
        assert_eq!(type_cue("robert"), None);
        assert_eq!(type_cue("murdered"), Some(0));
        assert_eq!(type_cue("mayor"), None);
    }

    #[test]
    fn fillers_of_split_roles_go_to_the_nearest_incident() {
        let text = "rebels kidnapped the mayor. later a bomb hit the bank.";
        let at = |w: &str| text.find(w).expect("in text");
        let span = |role, w: &str, score| Span {
            role,
            start: at(w),
            end: at(w) + w.len(),
            score,
        };
        let raw = Raw {
            spans: vec![
                span(Role::PerpOrg, "rebels", 5.0),
                span(Role::Victim, "mayor", 5.0),
                span(Role::Target, "bank", 5.0),
            ],
            relevance: 1.0,
            kind: 2,
            types: [0.0, 3.0, 5.0, 0.0, 0.0, 0.0],
            cues: vec![(at("kidnapped"), 2), (at("bomb"), 1)],
            sentence_starts: vec![0, at("later")],
        };
        let mut params = Params {
            threshold: [0.0; 5],
            type_threshold: [1.0; NK],
            ..Params::default()
        };
        params.split[Role::Victim as usize] = true;
        params.split[Role::Target as usize] = true;
        let ex = Model::default().assemble(text, &raw, &params);
        let kinds: Vec<&str> = ex.incidents.iter().map(|i| i.incident_type).collect();
        assert_eq!(kinds, ["kidnapping", "bombing"]);
        let names = |i: usize| -> Vec<&str> {
            ex.incidents[i]
                .fillers
                .iter()
                .map(|&f| ex.fillers[f].text.as_str())
                .collect()
        };
        assert_eq!(names(0), ["rebels", "mayor"]);
        assert_eq!(names(1), ["rebels", "bank"]);
        // Under the template gate: fillers, no incidents.
        params.template_relevance = 2.0;
        let ex = Model::default().assemble(text, &raw, &params);
        assert!(ex.incidents.is_empty());
        assert_eq!(ex.fillers.len(), 3);
    }

    #[test]
    fn further_types_need_a_filler_of_their_own() {
        let text = "rebels kidnapped the mayor. they said a bomb could follow.";
        let at = |w: &str| text.find(w).expect("in text");
        let raw = Raw {
            spans: vec![
                Span {
                    role: Role::PerpOrg,
                    start: at("rebels"),
                    end: at("rebels") + 6,
                    score: 5.0,
                },
                Span {
                    role: Role::Victim,
                    start: at("mayor"),
                    end: at("mayor") + 5,
                    score: 5.0,
                },
            ],
            relevance: 1.0,
            kind: 2,
            types: [0.0, 3.0, 5.0, 0.0, 0.0, 0.0],
            cues: vec![(at("kidnapped"), 2), (at("bomb"), 1)],
            sentence_starts: vec![0, at("they")],
        };
        let mut params = Params {
            threshold: [0.0; 5],
            type_threshold: [1.0; NK],
            ..Params::default()
        };
        params.split[Role::Victim as usize] = true;
        let kinds = |p: &Params| -> Vec<&str> {
            Model::default()
                .assemble(text, &raw, p)
                .incidents
                .iter()
                .map(|i| i.incident_type)
                .collect()
        };
        // The bombing gets only the (shared) PerpOrg filler.
        assert_eq!(kinds(&params), ["kidnapping", "bombing"]);
        params.extra_needs_filler = true;
        assert_eq!(kinds(&params), ["kidnapping"]);
        // The classified type stays even without a split-role filler.
        params.split[Role::Victim as usize] = false;
        assert_eq!(kinds(&params), ["kidnapping"]);
        // Round trip of the flag.
        let model = Model {
            params,
            ..Model::default()
        };
        let back = Model::from_bytes(&model.to_bytes()).expect("round trip");
        assert!(back.params.extra_needs_filler);
    }

    #[test]
    fn classified_type_needs_its_own_score_beside_further_types() {
        let text = "rebels bombed the bank and shot a guard.";
        let at = |w: &str| text.find(w).expect("in text");
        let raw = Raw {
            spans: vec![Span {
                role: Role::Target,
                start: at("bank"),
                end: at("bank") + 4,
                score: 5.0,
            }],
            relevance: 1.0,
            // Classified as an attack, but the per-type scores favour the bombing.
            kind: 0,
            types: [1.5, 4.0, 0.0, 0.0, 0.0, 0.0],
            cues: vec![(at("bombed"), 1), (at("shot"), 0)],
            sentence_starts: vec![0],
        };
        let mut params = Params {
            threshold: [0.0; 5],
            type_threshold: [3.0; NK],
            ..Params::default()
        };
        let read = |p: &Params| {
            let ex = Model::default().assemble(text, &raw, p);
            let kinds: Vec<&str> = ex.incidents.iter().map(|i| i.incident_type).collect();
            (kinds, ex.incident_type)
        };
        assert_eq!(read(&params), (vec!["attack", "bombing"], "attack"));
        params.first_type_min = 2.0;
        assert_eq!(read(&params), (vec!["bombing"], "bombing"));
        params.first_type_min = 1.5;
        assert_eq!(read(&params), (vec!["attack", "bombing"], "attack"));
        // Alone, the classified type stays whatever its per-type score.
        params.first_type_min = 2.0;
        params.type_threshold = [f32::INFINITY; NK];
        assert_eq!(read(&params), (vec!["attack"], "attack"));
        // Round trip; a model of the previous format reads as "always".
        let model = Model {
            params,
            ..Model::default()
        };
        let bytes = model.to_bytes();
        let back = Model::from_bytes(&bytes).expect("round trip");
        assert_eq!(back.params, params);
        // The same model in the previous format (no such field: its four bytes follow
        // the magic and 23 other parameters) reads as "always".
        let mut old = bytes.clone();
        old[..8].copy_from_slice(b"NFROLE05");
        old.drain(100..104);
        let back = Model::from_bytes(&old).expect("previous format");
        assert_eq!(
            back.params,
            Params {
                first_type_min: f32::NEG_INFINITY,
                ..params
            }
        );
    }

    #[test]
    fn span_bounds_trim_and_extend_spans() {
        let text = "the cuban consulate was hit. four gunmen fled. the rebel radio spoke";
        let span = |role: Role, a: &str| {
            let start = text.find(a).expect("in the text");
            Span {
                role,
                start,
                end: start + a.len(),
                score: 1.0,
            }
        };
        let mut model = Model::default();
        let t = Role::Target as usize;
        let p = Role::PerpInd as usize;
        let o = Role::PerpOrg as usize;
        model.bounds.insert(features::wh("cuban"), 1 << t);
        model.bounds.insert(features::wh("four"), 1 << (10 + p));
        model.bounds.insert(features::wh("radio"), 1 << (5 + o));
        let got = |model: &Model, s: Span| {
            let s = model.trim(text, &s);
            text[s.start..s.end].to_string()
        };
        assert_eq!(
            got(&model, span(Role::Target, "cuban consulate")),
            "consulate"
        );
        // Only for the role the table names.
        assert_eq!(
            got(&model, span(Role::Victim, "cuban consulate")),
            "cuban consulate"
        );
        assert_eq!(got(&model, span(Role::PerpInd, "gunmen")), "four gunmen");
        assert_eq!(got(&model, span(Role::PerpOrg, "rebel radio")), "rebel");
        // A span keeps at least one word.
        assert_eq!(got(&model, span(Role::Target, "cuban")), "cuban");
        // No word joins across punctuation.
        model.bounds.insert(features::wh("hit"), 1 << (10 + p));
        assert_eq!(
            got(&model, span(Role::PerpInd, "four gunmen")),
            "four gunmen"
        );
        // The table survives the model file.
        let back = Model::from_bytes(&model.to_bytes()).expect("round trip");
        assert_eq!(back.bounds, model.bounds);
    }

    #[test]
    fn same_type_incidents_split_at_a_sentence_gap_with_a_cue() {
        let text = "a bomb hit the bank. police came. roads closed. \
                    troops left. later a second bomb hit the embassy. \
                    the office was hit too.";
        let at = |w: &str| text.find(w).expect("in text");
        let span = |role, w: &str| Span {
            role,
            start: at(w),
            end: at(w) + w.len(),
            score: 5.0,
        };
        let starts: Vec<usize> = ["a bomb", "police", "roads", "troops", "later", "the office"]
            .iter()
            .map(|w| at(w))
            .collect();
        let raw = Raw {
            spans: vec![
                span(Role::PerpOrg, "police"),
                span(Role::Target, "bank"),
                span(Role::Target, "embassy"),
                span(Role::Target, "office"),
            ],
            relevance: 1.0,
            kind: 1,
            types: [0.0; NK],
            cues: vec![(at("bomb"), 1), (at("second bomb") + 7, 1)],
            sentence_starts: starts,
        };
        let mut params = Params {
            threshold: [0.0; 5],
            split_gap: 2,
            ..Params::default()
        };
        params.split[Role::Target as usize] = true;
        let names = |ex: &Extraction| -> Vec<Vec<String>> {
            ex.incidents
                .iter()
                .map(|i| {
                    i.fillers
                        .iter()
                        .map(|&f| ex.fillers[f].text.clone())
                        .collect()
                })
                .collect()
        };
        // The bank (sentence 0) and the embassy (sentence 4) are 4 sentences apart
        // with a bomb cue between: two bombings; the office (sentence 5) is near the
        // embassy. The PerpOrg filler (not split) goes to both.
        let ex = Model::default().assemble(text, &raw, &params);
        assert_eq!(
            names(&ex),
            [vec!["police", "bank"], vec!["police", "embassy", "office"]]
        );
        assert!(ex.incidents.iter().all(|i| i.incident_type == "bombing"));
        // A wider gap keeps one incident.
        params.split_gap = 4;
        let ex = Model::default().assemble(text, &raw, &params);
        assert_eq!(names(&ex), [vec!["police", "bank", "embassy", "office"]]);
        // No cue of the type after the bank: one incident.
        params.split_gap = 2;
        let raw = Raw {
            cues: vec![(at("bomb"), 1)],
            ..raw
        };
        let ex = Model::default().assemble(text, &raw, &params);
        assert_eq!(ex.incidents.len(), 1);
    }

    /// The first-order Viterbi as first written: each tag tries only its allowed
    /// predecessors. [`viterbi`] must give the same path.
    fn viterbi_reference(em: &[[f32; NT]], trans: &[[f32; NT]; NT + 1]) -> Vec<usize> {
        let n = em.len();
        if n == 0 {
            return Vec::new();
        }
        let mut score = vec![[f32::NEG_INFINITY; NT]; n];
        let mut back = vec![[0u8; NT]; n];
        for t in 0..NT {
            if tag_role(t).is_none_or(|(_, b)| b) {
                score[0][t] = em[0][t] + trans[NT][t];
            }
        }
        for i in 1..n {
            let prev = score[i - 1];
            for t in 0..NT {
                let from: Vec<usize> = match tag_role(t) {
                    Some((_, false)) => INSIDE_FROM[(t - 2) / 2].to_vec(),
                    _ => (0..NT).collect(),
                };
                let mut best = f32::NEG_INFINITY;
                let mut arg = 0;
                for p in from {
                    let s = prev[p] + trans[p][t];
                    if s > best {
                        best = s;
                        arg = p;
                    }
                }
                score[i][t] = best + em[i][t];
                back[i][t] = arg as u8;
            }
        }
        let mut path = vec![0usize; n];
        path[n - 1] = argmax(&score[n - 1]);
        for i in (1..n).rev() {
            path[i - 1] = back[i][path[i]] as usize;
        }
        path
    }

    #[test]
    fn viterbi_matches_the_reference_on_random_scores() {
        // Small integer-valued scores make ties common, which is where the order of
        // the predecessors tried matters.
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % 7) as f32 - 3.0
        };
        for len in [1usize, 2, 3, 5, 9, 30] {
            for _ in 0..200 {
                let em: Vec<[f32; NT]> =
                    (0..len).map(|_| std::array::from_fn(|_| next())).collect();
                let trans: [[f32; NT]; NT + 1] =
                    std::array::from_fn(|_| std::array::from_fn(|_| next()));
                assert_eq!(viterbi(&em, &trans), viterbi_reference(&em, &trans));
            }
        }
    }

    #[test]
    fn viterbi_respects_inside_constraint() {
        // The inside tag of role 0 scores best everywhere, but cannot start a span.
        let mut em = [[0f32; NT]; 3];
        for row in em.iter_mut() {
            row[2] = 5.0;
            row[1] = 1.0;
        }
        let path = viterbi(&em, &[[0f32; NT]; NT + 1]);
        assert_eq!(path, vec![1, 2, 2]);
    }
}
