//! CoNLL-2003 English NER (`conll2003/dev.jsonl`): the entity stage on each document's
//! sentences (one line each, tokens joined by spaces), its mentions mapped back to
//! token tags, scored entity by entity with conlleval semantics.
//!
//! Types: person → PER; organisation and armed group → ORG; place and facility → LOC;
//! nationality, religious/ethnic group and the stage's other names (`misc`) → MISC.

use std::path::Path;

use newsfuse_core::EntityKind;
use serde::Deserialize;

use super::{read_jsonl, SuiteError};
use crate::conll;
use crate::score::{Report, Score};

#[derive(Deserialize)]
struct Sentence {
    id: String,
    tokens: Vec<String>,
    tags: Vec<String>,
}

fn conll_type(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Person => "PER",
        EntityKind::Organisation | EntityKind::ArmedGroup => "ORG",
        EntityKind::Place | EntityKind::Facility => "LOC",
        EntityKind::Nationality | EntityKind::Group => "MISC",
    }
}

/// The document part of a sentence id: `dev-d0003-s012` → `dev-d0003`.
fn doc_of(id: &str) -> &str {
    id.rsplit_once('-').map(|(d, _)| d).unwrap_or(id)
}

/// Predicted IOB2 tags for the sentences of one document.
fn tag_document(sentences: &[&Sentence]) -> Vec<Vec<String>> {
    let mut text = String::new();
    // (sentence, token) → byte range
    let mut offsets: Vec<Vec<(usize, usize)>> = Vec::with_capacity(sentences.len());
    for s in sentences {
        let mut row = Vec::with_capacity(s.tokens.len());
        for (i, tok) in s.tokens.iter().enumerate() {
            if i > 0 {
                text.push(' ');
            }
            let start = text.len();
            text.push_str(tok);
            row.push((start, text.len()));
        }
        text.push('\n');
        offsets.push(row);
    }
    let single_case = newsfuse_extract::text::is_single_case(&text);
    let found = newsfuse_extract::entities::find(&text, single_case);
    let mut tags: Vec<Vec<String>> = sentences
        .iter()
        .map(|s| vec!["O".to_string(); s.tokens.len()])
        .collect();
    let spans = found
        .mentions
        .iter()
        .map(|m| (m.span, conll_type(m.kind)))
        .chain(found.misc.iter().map(|&sp| (sp, "MISC")));
    for (span, ty) in spans {
        for (si, row) in offsets.iter().enumerate() {
            let inside: Vec<usize> = row
                .iter()
                .enumerate()
                .filter(|(_, &(s, e))| s < span.end() && span.start() < e)
                .map(|(i, _)| i)
                .collect();
            for (n, &ti) in inside.iter().enumerate() {
                tags[si][ti] = format!("{}-{ty}", if n == 0 { "B" } else { "I" });
            }
        }
    }
    tags
}

/// The documents of a CoNLL file as tagger examples: each document's sentences joined
/// as the suite joins them (tokens by spaces, a line each), split by the product's own
/// tokenizer, and the gold entities mapped onto those tokens. This is what
/// `newsfuse train ner` learns from, so training sees the tokens the product will see.
pub fn examples(path: &Path) -> Result<Vec<newsfuse_ner::train::Example>, SuiteError> {
    use newsfuse_ner::train::{entities_from_iob2, Example};
    use newsfuse_ner::Entity;
    let sentences: Vec<Sentence> = read_jsonl(path)?;
    let mut out = Vec::new();
    let mut i = 0;
    while i < sentences.len() {
        let doc = doc_of(&sentences[i].id);
        let mut j = i;
        while j < sentences.len() && doc_of(&sentences[j].id) == doc {
            j += 1;
        }
        let mut text = String::new();
        // Gold entities as byte ranges.
        let mut gold: Vec<(usize, usize, newsfuse_ner::EntityType)> = Vec::new();
        for s in &sentences[i..j] {
            let mut offsets = Vec::with_capacity(s.tokens.len());
            for (k, tok) in s.tokens.iter().enumerate() {
                if k > 0 {
                    text.push(' ');
                }
                let start = text.len();
                text.push_str(tok);
                offsets.push((start, text.len()));
            }
            text.push('\n');
            let tags: Vec<&str> = s.tags.iter().map(String::as_str).collect();
            for e in entities_from_iob2(&tags) {
                gold.push((offsets[e.start].0, offsets[e.end - 1].1, e.ty));
            }
        }
        let tokens: Vec<(usize, usize)> = newsfuse_extract::text::tokenize(&text)
            .iter()
            .map(|t| (t.start, t.end))
            .collect();
        let entities = gold
            .iter()
            .filter_map(|&(s, e, ty)| {
                let start = tokens.iter().position(|&(ts, _)| ts >= s)?;
                let end = tokens.iter().rposition(|&(_, te)| te <= e)? + 1;
                (start < end).then_some(Entity { start, end, ty })
            })
            .collect();
        out.push(Example {
            text,
            tokens,
            entities,
        });
        i = j;
    }
    Ok(out)
}

/// Scores the entity stage on every sentence of `path`.
pub fn run(path: &Path) -> Result<Report, SuiteError> {
    let sentences: Vec<Sentence> = read_jsonl(path)?;
    let mut pairs: Vec<(Vec<String>, Vec<String>)> = Vec::with_capacity(sentences.len());
    let mut i = 0;
    while i < sentences.len() {
        let doc = doc_of(&sentences[i].id);
        let mut j = i;
        while j < sentences.len() && doc_of(&sentences[j].id) == doc {
            j += 1;
        }
        let group: Vec<&Sentence> = sentences[i..j].iter().collect();
        for (s, predicted) in group.iter().zip(tag_document(&group)) {
            pairs.push((s.tags.clone(), predicted));
        }
        i = j;
    }
    let (overall, per_type) = conll::score(&pairs);
    Ok(Report {
        bench: "conll2003".into(),
        data: path.display().to_string(),
        overall: Score::Prf(overall),
        per_class: per_type
            .into_iter()
            .map(|(k, v)| (k, Score::Prf(v)))
            .collect(),
        extra: vec![],
        notes: vec![format!(
            "{} sentences; entity-level exact match (conlleval)",
            sentences.len()
        )],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dev() -> Option<std::path::PathBuf> {
        let p =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/conll2003/dev.jsonl");
        if p.exists() {
            Some(p)
        } else {
            eprintln!("skipped: {} not found", p.display());
            None
        }
    }

    #[test]
    fn examples_keep_every_gold_entity_on_product_tokens() {
        let Some(path) = dev() else { return };
        let docs = examples(&path).expect("dev reads");
        assert_eq!(docs.len(), 216);
        let entities: usize = docs.iter().map(|d| d.entities.len()).sum();
        assert_eq!(entities, 5942);
    }

    /// The shipped tagger alone on dev, as written and lower- and upper-cased.
    #[test]
    fn the_shipped_tagger_scores_on_dev() {
        let Some(path) = dev() else { return };
        let docs = examples(&path).expect("dev reads");
        let s = newsfuse_ner::train::evaluate(newsfuse_ner::Model::builtin(), &docs);
        assert!(s.cased.f1() > 89.5, "dev F1 {:.2}", s.cased.f1());
        assert!(
            s.lower.f1() > 83.5,
            "lower-cased dev F1 {:.2}",
            s.lower.f1()
        );
        assert!(
            s.upper.f1() > 83.5,
            "upper-cased dev F1 {:.2}",
            s.upper.f1()
        );
    }

    /// The entity stage (tagger, tables and rules) through the suite.
    #[test]
    fn the_entity_stage_scores_on_dev() {
        let Some(path) = dev() else { return };
        let report = run(&path).expect("suite runs");
        let Score::Prf(p) = report.overall else {
            panic!("not P/R/F")
        };
        assert!(p.f1() > 0.90, "dev F1 {:.4}", p.f1());
    }
}
