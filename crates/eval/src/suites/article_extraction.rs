//! Article body extraction (`article_extraction/gold.jsonl` + `html/*.html.gz`): the
//! ingest stage's HTML reader on each raw page, scored like the Scrapinghub benchmark:
//! multisets of 4-token shingles over `\w+` tokens, per-page (tp, fp, fn) normalised by
//! their sum, precision and recall macro-averaged over pages, F1 of the two averages.
//!
//! The gold has no publication dates, so two extra rows report the reader's dates:
//! `published_found` (pages given a date at all) and `published_vs_url` (on pages whose
//! gold URL spells a day in its path, the share where the date read from the HTML is
//! that day; the page's own canonical URL is one of the reader's last resorts, so this
//! is agreement, not an independent accuracy).

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;
use std::sync::LazyLock;

use newsfuse_core::Date;
use newsfuse_ingest::{date_from_url, read_reader, Defaults, Format, Item};
use regex::Regex;
use serde::Deserialize;

use super::{read_jsonl, SuiteError};
use crate::score::{Accuracy, Prf, Report, Score};

#[derive(Deserialize)]
struct Page {
    id: String,
    #[serde(default)]
    url: String,
    gold_text: String,
    html_file: String,
}

static WORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\w+").unwrap_or_else(|e| panic!("word pattern: {e}")));

/// The multiset of 4-token shingles of `text` (one shorter shingle for 1–3 tokens).
pub fn shingles(text: &str) -> HashMap<Vec<&str>, u32> {
    let tokens: Vec<&str> = WORD.find_iter(text).map(|m| m.as_str()).collect();
    let mut out = HashMap::new();
    if tokens.is_empty() {
        return out;
    }
    if tokens.len() < 4 {
        out.insert(tokens, 1);
        return out;
    }
    for w in tokens.windows(4) {
        *out.entry(w.to_vec()).or_insert(0) += 1;
    }
    out
}

/// Per-page precision and recall (`None` where undefined: empty prediction or gold).
pub fn page_scores(gold: &str, predicted: &str) -> (Option<f64>, Option<f64>) {
    let g = shingles(gold);
    let p = shingles(predicted);
    let mut tp = 0f64;
    let mut fp = 0f64;
    let mut fn_ = 0f64;
    for (k, &pc) in &p {
        let gc = g.get(k).copied().unwrap_or(0);
        tp += f64::from(pc.min(gc));
        fp += f64::from(pc.saturating_sub(gc));
    }
    for (k, &gc) in &g {
        let pc = p.get(k).copied().unwrap_or(0);
        fn_ += f64::from(gc.saturating_sub(pc));
    }
    let sum = tp + fp + fn_;
    if sum == 0.0 {
        return (Some(1.0), Some(1.0));
    }
    let (tp, fp, fn_) = (tp / sum, fp / sum, fn_ / sum);
    let precision = (tp + fp > 0.0).then(|| tp / (tp + fp));
    let recall = (tp + fn_ > 0.0).then(|| tp / (tp + fn_));
    (precision, recall)
}

/// The main text and publication date ingest reads from a page.
fn extract(bytes: &[u8], name: &str) -> (String, Option<Date>) {
    let mut out = (String::new(), None);
    read_reader(
        bytes,
        name,
        Some(Format::Html),
        &Defaults::default(),
        &mut |item| {
            if let Item::Doc(doc) = item {
                out = (doc.text, doc.published);
            }
        },
    );
    out
}

/// Scores the HTML reader on every page listed in `path` (`gold.jsonl`).
pub fn run(path: &Path) -> Result<Report, SuiteError> {
    let pages: Vec<Page> = read_jsonl(path)?;
    let folder = path.parent().unwrap_or(Path::new("."));
    let (mut p_sum, mut p_n, mut r_sum, mut r_n) = (0f64, 0u64, 0f64, 0u64);
    let mut empty = 0;
    let (mut dated, mut vs_url) = (Accuracy::default(), Accuracy::default());
    for page in &pages {
        let file = folder.join(&page.html_file);
        let raw =
            std::fs::read(&file).map_err(|e| SuiteError::Io(file.display().to_string(), e))?;
        let mut html = Vec::new();
        flate2::read::GzDecoder::new(raw.as_slice())
            .read_to_end(&mut html)
            .map_err(|e| SuiteError::Io(file.display().to_string(), e))?;
        let (predicted, published) = extract(&html, &page.id);
        dated.total += 1;
        dated.passed += u64::from(published.is_some());
        if let Some(day) = date_from_url(&page.url) {
            vs_url.total += 1;
            vs_url.passed += u64::from(published == Some(day));
        }
        if predicted.is_empty() {
            empty += 1;
        }
        let (p, r) = page_scores(&page.gold_text, &predicted);
        if let Some(p) = p {
            p_sum += p;
            p_n += 1;
        }
        if let Some(r) = r {
            r_sum += r;
            r_n += 1;
        }
    }
    let precision = if p_n > 0 { p_sum / p_n as f64 } else { 0.0 };
    let recall = if r_n > 0 { r_sum / r_n as f64 } else { 0.0 };
    let overall = Prf::from_rates(precision, recall, p_n as f64, r_n as f64);
    Ok(Report {
        bench: "article_extraction".into(),
        data: path.display().to_string(),
        overall: Score::Prf(overall),
        per_class: vec![],
        extra: vec![
            ("published_found".into(), Score::Accuracy(dated)),
            ("published_vs_url".into(), Score::Accuracy(vs_url)),
        ],
        notes: vec![format!(
            "{} pages ({empty} with no text extracted); macro-averaged shingle precision and recall",
            pages.len()
        )],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn perfect_empty_and_partial_pages() {
        assert_eq!(
            page_scores("one two three four five", "one two three four five"),
            (Some(1.0), Some(1.0))
        );
        // Nothing predicted: precision undefined, recall 0.
        assert_eq!(
            page_scores("one two three four five", ""),
            (None, Some(0.0))
        );
        // Gold has shingles {1234, 2345}; prediction {1234}: tp 1, fn 1.
        assert_eq!(page_scores("a b c d e", "a b c d"), (Some(1.0), Some(0.5)));
        // Punctuation and layout do not matter.
        assert_eq!(
            page_scores("a, b. c\n\nd", "a b c d"),
            (Some(1.0), Some(1.0))
        );
    }
}
