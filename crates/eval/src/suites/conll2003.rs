//! CoNLL-2003 English NER (`conll2003/dev.jsonl`): the entity stage on each document's
//! sentences (one line each, tokens joined by spaces), its mentions mapped back to
//! token tags, scored entity by entity with conlleval semantics.
//!
//! Types: person → PER; organisation and armed group → ORG; place and facility → LOC;
//! nationality and religious/ethnic group → MISC.

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
    for m in &found.mentions {
        let ty = conll_type(m.kind);
        for (si, row) in offsets.iter().enumerate() {
            let inside: Vec<usize> = row
                .iter()
                .enumerate()
                .filter(|(_, &(s, e))| s < m.span.end() && m.span.start() < e)
                .map(|(i, _)| i)
                .collect();
            for (n, &ti) in inside.iter().enumerate() {
                tags[si][ti] = format!("{}-{ty}", if n == 0 { "B" } else { "I" });
            }
        }
    }
    tags
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
