//! `newsfuse bench`: throughput and peak memory of each stage and of the whole
//! pipeline, on one core and on all cores, at several corpus sizes.
//!
//! The corpus is every article text under the shared benchmark data (or the built-in
//! examples when that is absent), repeated until it reaches the requested size. Each
//! measurement runs in a fresh child process (`newsfuse bench --child STAGE`), so that
//! the peak resident memory it reports (`VmHWM`) is that stage's alone.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use newsfuse_core::Document;
use serde_json::json;

/// The stages measured, in pipeline order.
pub const STAGES: [&str; 9] = [
    "html",
    "ingest",
    "sentences",
    "ner",
    "entities",
    "times",
    "quantities",
    "extract",
    "pipeline",
];

/// What a stage costs on one corpus.
#[derive(Debug, Clone)]
pub struct Measure {
    pub stage: String,
    pub threads: usize,
    pub articles: usize,
    pub bytes: usize,
    pub tokens: usize,
    pub seconds: f64,
    pub peak_rss_kib: u64,
}

impl Measure {
    fn per_second(&self, n: usize) -> f64 {
        if self.seconds > 0.0 {
            n as f64 / self.seconds
        } else {
            0.0
        }
    }
}

/// Article texts under `shared_data` (every `text`, `gold_text` or `tokens` field of its
/// JSON Lines files), or the built-in examples when the folder is absent.
pub fn corpus_texts(shared_data: &Path, examples: &Path) -> Result<(Vec<String>, String)> {
    let mut texts = Vec::new();
    if shared_data.is_dir() {
        let mut files = Vec::new();
        collect_jsonl(shared_data, &mut files)?;
        files.sort();
        for file in &files {
            let f =
                std::fs::File::open(file).with_context(|| format!("reading {}", file.display()))?;
            for line in std::io::BufReader::new(f).lines() {
                let line = line.with_context(|| format!("reading {}", file.display()))?;
                let Ok(v) = serde_json::from_str::<serde_json::Value>(&line) else {
                    continue;
                };
                if let Some(t) = v.get("text").and_then(|t| t.as_str()) {
                    texts.push(t.to_string());
                } else if let Some(t) = v.get("gold_text").and_then(|t| t.as_str()) {
                    texts.push(t.to_string());
                } else if let Some(toks) = v.get("tokens").and_then(|t| t.as_array()) {
                    let words: Vec<&str> = toks.iter().filter_map(|t| t.as_str()).collect();
                    texts.push(words.join(" "));
                } else if let Some(docs) = v.get("docs").and_then(|d| d.as_array()) {
                    texts.extend(
                        docs.iter()
                            .filter_map(|d| d.get("text").and_then(|t| t.as_str()))
                            .map(str::to_string),
                    );
                }
            }
        }
        texts.retain(|t| !t.trim().is_empty());
        if !texts.is_empty() {
            return Ok((texts, format!("texts under {}", shared_data.display())));
        }
    }
    let mut sink = |item: newsfuse_ingest::Item| {
        if let newsfuse_ingest::Item::Doc(d) = item {
            texts.push(d.text);
        }
    };
    newsfuse_ingest::read_path(examples, &newsfuse_ingest::Defaults::default(), &mut sink);
    if texts.is_empty() {
        bail!(
            "no corpus: neither {} nor {} holds articles",
            shared_data.display(),
            examples.display()
        );
    }
    Ok((
        texts,
        format!("the example articles in {}", examples.display()),
    ))
}

fn collect_jsonl(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    for entry in std::fs::read_dir(dir).with_context(|| format!("listing {}", dir.display()))? {
        let path = entry?.path();
        if path.is_dir() {
            collect_jsonl(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "jsonl") {
            out.push(path);
        }
    }
    Ok(())
}

/// Writes `texts`, repeated until at least `min_bytes`, one JSON object a line.
pub fn write_corpus(texts: &[String], min_bytes: usize, path: &Path) -> Result<(usize, usize)> {
    let file =
        std::fs::File::create(path).with_context(|| format!("creating {}", path.display()))?;
    let mut w = std::io::BufWriter::new(file);
    let (mut bytes, mut articles) = (0usize, 0usize);
    'outer: loop {
        for (i, t) in texts.iter().enumerate() {
            // A round number keeps repeated texts distinct articles (different hashes).
            let round = articles / texts.len();
            let text = if round == 0 {
                t.clone()
            } else {
                format!("{t}\n\n[{round}-{i}]")
            };
            writeln!(w, "{}", json!({ "text": text }))?;
            bytes += text.len();
            articles += 1;
            if bytes >= min_bytes && articles >= texts.len() {
                break 'outer;
            }
        }
    }
    w.flush()?;
    Ok((articles, bytes))
}

fn read_corpus(path: &Path) -> Result<Vec<String>> {
    let f = std::fs::File::open(path).with_context(|| format!("reading {}", path.display()))?;
    let mut out = Vec::new();
    for line in std::io::BufReader::new(f).lines() {
        let v: serde_json::Value = serde_json::from_str(&line?)?;
        out.push(v["text"].as_str().unwrap_or("").to_string());
    }
    Ok(out)
}

fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|n| n.parse().ok())
        })
        .unwrap_or(0)
}

fn document(text: &str) -> Document {
    let text = newsfuse_ingest::normalize_text(text);
    let id = newsfuse_ingest::doc_id(&text);
    Document::bare(id.0, text)
}

/// Named-entity recognition alone, the work spaCy's NER-only pipeline does: the text
/// cut into tokens and the learned tagger's typed entity spans (no built-in tables,
/// no capitalised-name rules, no GeoNames). The entity stage does this and more.
fn ner_only(text: &str) -> usize {
    let cased = !newsfuse_extract::text::is_single_case(text);
    let tokens: Vec<(usize, usize)> = newsfuse_extract::text::tokenize(text)
        .iter()
        .map(|t| (t.start, t.end))
        .collect();
    newsfuse_ner::Model::builtin()
        .tag(text, &tokens, cased)
        .len()
}

/// Runs one stage over every text on `threads` threads; returns a checksum of the
/// output so that the work cannot be optimised away.
fn run_stage(stage: &str, texts: &[String], docs: &[Document], threads: usize) -> usize {
    let work = |range: std::ops::Range<usize>| -> usize {
        let mut sum = 0usize;
        for i in range {
            sum += match stage {
                "ingest" => document(&texts[i]).id.0.len(),
                "sentences" => newsfuse_extract::text::sentences(&docs[i].text).len(),
                "ner" => ner_only(&docs[i].text),
                "entities" => {
                    let t = &docs[i].text;
                    newsfuse_extract::entities::find(t, newsfuse_extract::text::is_single_case(t))
                        .mentions
                        .len()
                }
                "times" => newsfuse_extract::time::find_times(&docs[i].text, None).len(),
                "quantities" => newsfuse_extract::quantity::find_quantities(&docs[i].text).len(),
                _ => newsfuse_extract::extract(&docs[i]).facts.len(),
            };
        }
        sum
    };
    let n = texts.len();
    if threads <= 1 {
        return work(0..n);
    }
    let chunk = n.div_ceil(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let range = (t * chunk).min(n)..((t + 1) * chunk).min(n);
                scope.spawn(move || work(range))
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap_or(0)).sum()
    })
}

/// Nanoseconds this thread has run on a processor, where Linux says
/// (`/proc/thread-self/schedstat`): other jobs on a shared machine do not inflate it.
fn thread_cpu_ns() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    s.split_whitespace().next()?.parse().ok()
}

/// `--stages muc4`: only the MUC-4 line, with the time of each extraction sub-stage.
pub const MUC4: &str = "muc4";

/// Timed passes over the MUC-4 texts, after one untimed warm-up pass; the line reports
/// the median pass.
pub const MUC4_PASSES: usize = 5;

/// Processor seconds (where Linux says) and wall seconds of one pass.
#[derive(Debug, Clone, Copy)]
struct Pass {
    wall: f64,
    cpu: Option<f64>,
}

/// Runs `f` once untimed (models load and per-thread caches fill on first use), then
/// `passes` times timed.
fn timed_passes(passes: usize, f: &dyn Fn() -> usize) -> (Vec<Pass>, usize) {
    let mut check = f();
    let mut out = Vec::with_capacity(passes);
    for _ in 0..passes {
        let cpu0 = thread_cpu_ns();
        let started = Instant::now();
        check = check.wrapping_add(f());
        let wall = started.elapsed().as_secs_f64();
        let cpu = cpu0
            .zip(thread_cpu_ns())
            .map(|(a, b)| b.saturating_sub(a) as f64 / 1e9);
        out.push(Pass { wall, cpu });
    }
    (out, check)
}

fn median(mut v: Vec<f64>) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    Some(v[v.len() / 2])
}

/// "N articles/s, M per processor-second" from the median wall and processor times of
/// `passes` over `n` articles.
fn rate_text(n: f64, passes: &[Pass]) -> String {
    let wall = median(passes.iter().map(|p| p.wall).collect()).unwrap_or(0.0);
    let cpus: Vec<f64> = passes
        .iter()
        .filter_map(|p| p.cpu)
        .filter(|c| *c > 0.0)
        .collect();
    let cpu = if cpus.len() == passes.len() {
        let lo = cpus.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = cpus.iter().copied().fold(0.0, f64::max);
        median(cpus)
            .map(|c| {
                format!(
                    ", {:.0} per processor-second ({:.0}-{:.0})",
                    n / c,
                    n / hi,
                    n / lo
                )
            })
            .unwrap_or_default()
    } else {
        String::new()
    };
    format!("{:.0} articles/s{cpu}", n / wall.max(1e-9))
}

/// The MUC-4 train texts (`muc4/train.jsonl` under `shared_data`) as documents, the way
/// the other stages make them; `None` when the file is absent or holds no text.
fn muc4_documents(shared_data: &Path) -> Result<Option<(Vec<String>, Vec<Document>)>> {
    let path = shared_data.join("muc4").join("train.jsonl");
    if !path.is_file() {
        return Ok(None);
    }
    let file = std::fs::File::open(&path).with_context(|| format!("reading {}", path.display()))?;
    let mut texts = Vec::new();
    for line in std::io::BufReader::new(file).lines() {
        let line = line.with_context(|| format!("reading {}", path.display()))?;
        let v: serde_json::Value = match serde_json::from_str(&line) {
            Ok(v) => v,
            Err(_) => continue,
        };
        if let Some(t) = v.get("text").and_then(|t| t.as_str()) {
            texts.push(t.to_string());
        }
    }
    if texts.is_empty() {
        return Ok(None);
    }
    let docs: Vec<Document> = texts.iter().map(|t| document(t)).collect();
    Ok(Some((texts, docs)))
}

/// The MUC-4 rate line: the learned role reader and the whole extraction stage on the
/// MUC-4 train texts (`muc4/train.jsonl` under `shared_data`), one thread, in this
/// process, each the median of [`MUC4_PASSES`] passes after a warm-up pass; `None`
/// when the file is absent.
pub fn muc4_line(shared_data: &Path) -> Result<Option<String>> {
    let Some((texts, docs)) = muc4_documents(shared_data)? else {
        return Ok(None);
    };
    let bytes: usize = texts.iter().map(String::len).sum();
    let n = texts.len() as f64;
    let (roles, _) = timed_passes(MUC4_PASSES, &|| {
        texts
            .iter()
            .map(|t| newsfuse_roles::extract(t).fillers.len())
            .sum()
    });
    let (extract, _) = timed_passes(MUC4_PASSES, &|| {
        docs.iter()
            .map(|d| newsfuse_extract::extract(d).facts.len())
            .sum()
    });
    // As `newsfuse add` and `run` extract: `BATCH` articles at a time, stage by stage.
    let (batched, _) = timed_passes(MUC4_PASSES, &|| {
        docs.chunks(newsfuse_extract::BATCH)
            .flat_map(newsfuse_extract::extract_many)
            .map(|e| e.facts.len())
            .sum()
    });
    Ok(Some(format!(
        "MUC-4 train texts ({} articles, {:.1} MB), one thread, median of {MUC4_PASSES} passes after a warm-up: role reader {}; whole extraction stage {}; the same in batches of {} (as `newsfuse add` extracts) {}",
        texts.len(),
        bytes as f64 / 1e6,
        rate_text(n, &roles),
        rate_text(n, &extract),
        newsfuse_extract::BATCH,
        rate_text(n, &batched)
    )))
}

/// `newsfuse bench --stages muc4`: the MUC-4 line, then the median processor time of
/// each sub-stage of `newsfuse_extract::extract_with` over the same texts, each run
/// alone on the outputs of the stages before it (what `extract_with` does, cut
/// apart); `None` when the file is absent.
pub fn muc4_report(shared_data: &Path) -> Result<Option<String>> {
    use newsfuse_extract::{entities, events, quantity, text, time};
    let Some(line) = muc4_line(shared_data)? else {
        return Ok(None);
    };
    let Some((_, docs)) = muc4_documents(shared_data)? else {
        return Ok(None);
    };
    let n = docs.len() as f64;
    // The layers each stage reads, computed once.
    let sentences: Vec<_> = docs.iter().map(|d| text::sentences(&d.text)).collect();
    let found: Vec<_> = docs
        .iter()
        .map(|d| entities::find_with(&d.text, text::is_single_case(&d.text), None))
        .collect();
    let times: Vec<_> = docs
        .iter()
        .map(|d| time::find_times(&d.text, d.published))
        .collect();
    let quantities: Vec<Vec<_>> = docs
        .iter()
        .zip(&times)
        .map(|(d, ts)| {
            quantity::find_quantities(&d.text)
                .into_iter()
                .filter(|(sp, _)| !ts.iter().any(|(t, _)| t.overlaps(*sp)))
                .collect()
        })
        .collect();
    let relative: Vec<_> = docs
        .iter()
        .zip(&times)
        .map(|(d, ts)| time::find_event_relative(&d.text, ts))
        .collect();
    let ranges: Vec<_> = docs
        .iter()
        .zip(&times)
        .map(|(d, ts)| time::find_ranges(&d.text, ts))
        .collect();
    type Stage<'a> = (&'static str, Box<dyn Fn() -> usize + 'a>);
    let stages: Vec<Stage<'_>> = vec![
        (
            "sentences",
            Box::new(|| docs.iter().map(|d| text::sentences(&d.text).len()).sum()),
        ),
        (
            "entities",
            Box::new(|| {
                docs.iter()
                    .map(|d| {
                        entities::find_with(&d.text, text::is_single_case(&d.text), None)
                            .mentions
                            .len()
                    })
                    .sum()
            }),
        ),
        (
            "times",
            Box::new(|| {
                docs.iter()
                    .map(|d| time::find_times(&d.text, d.published).len())
                    .sum()
            }),
        ),
        (
            "quantities",
            Box::new(|| {
                docs.iter()
                    .map(|d| quantity::find_quantities(&d.text).len())
                    .sum()
            }),
        ),
        (
            "shares of a whole",
            Box::new(|| {
                docs.iter()
                    .map(|d| quantity::find_proportions(&d.text).len())
                    .sum()
            }),
        ),
        (
            "stretches between times",
            Box::new(|| {
                docs.iter()
                    .zip(&times)
                    .map(|(d, ts)| time::find_ranges(&d.text, ts).len())
                    .sum()
            }),
        ),
        (
            "event-relative times",
            Box::new(|| {
                docs.iter()
                    .zip(&times)
                    .map(|(d, ts)| time::find_event_relative(&d.text, ts).len())
                    .sum()
            }),
        ),
        (
            "events (role reader included)",
            Box::new(|| {
                (0..docs.len())
                    .map(|i| {
                        events::extract(&events::Input {
                            text: &docs[i].text,
                            doc: &docs[i].id,
                            published: docs[i].published,
                            sentences: &sentences[i],
                            mentions: &found[i].mentions,
                            aliases: &found[i].aliases,
                            times: &times[i],
                            quantities: &quantities[i],
                            relative: &relative[i],
                            ranges: &ranges[i],
                        })
                        .facts
                        .len()
                    })
                    .sum()
            }),
        ),
    ];
    let mut out = line;
    out.push_str("\nsub-stages alone, median processor microseconds per article:");
    for (name, f) in &stages {
        let (passes, _) = timed_passes(MUC4_PASSES, f.as_ref());
        let cpu = median(passes.iter().filter_map(|p| p.cpu).collect());
        let wall = median(passes.iter().map(|p| p.wall).collect()).unwrap_or(0.0);
        let us = cpu.unwrap_or(wall) * 1e6 / n;
        out.push_str(&format!("\n  {name:<30} {us:>8.1}"));
    }
    Ok(Some(out))
}

/// A news page around `text`: a head with metadata, navigation, a header, the article
/// as paragraphs, related links, comments and a footer, as real pages have them.
pub fn html_page(text: &str, n: usize) -> String {
    let esc = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let paragraphs: String = text
        .split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .map(|p| format!("<p>{}</p>\n", esc(p.trim())))
        .collect();
    let title = esc(text
        .split_whitespace()
        .take(8)
        .collect::<Vec<_>>()
        .join(" ")
        .as_str());
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title} | Example Daily</title>\
<meta property=\"og:site_name\" content=\"Example Daily\">\
<meta property=\"article:published_time\" content=\"2025-06-14T08:00:00Z\">\
<link rel=\"canonical\" href=\"https://example.org/news/{n}\">\
<script>window.dataLayer = window.dataLayer || []; function track(e) {{ dataLayer.push(e); }}</script>\
<style>body {{ font-family: serif; }} .nav a {{ margin: 0 1em; }}</style></head><body>\
<header><div class=\"logo\">Example Daily</div><nav class=\"nav\"><a href=\"/\">Home</a><a href=\"/world\">World</a>\
<a href=\"/politics\">Politics</a><a href=\"/business\">Business</a><a href=\"/sport\">Sport</a></nav></header>\
<main><article><h1>{title}</h1><div class=\"byline\">By Staff Reporter</div>\
<div class=\"body\">{paragraphs}</div></article>\
<aside class=\"related\"><h2>Related</h2><ul><li><a href=\"/a\">Markets close higher</a></li>\
<li><a href=\"/b\">Weather: rain expected</a></li><li><a href=\"/c\">Local team wins cup</a></li></ul></aside>\
<section class=\"comments\"><h2>Comments</h2><div class=\"comment\">First!</div></section></main>\
<footer><p>Copyright Example Daily. All rights reserved.</p><a href=\"/privacy\">Privacy</a></footer></body></html>"
    )
}

/// The `html` stage: the corpus's texts as news pages, read back by ingest's HTML path,
/// streamed a batch at a time so that memory does not grow with the corpus.
fn html_child(corpus: &Path, threads: usize) -> Result<()> {
    const BATCH: usize = 512;
    let f = std::fs::File::open(corpus).with_context(|| format!("reading {}", corpus.display()))?;
    let mut lines = std::io::BufReader::new(f).lines();
    let (mut articles, mut bytes, mut tokens, mut check) = (0usize, 0usize, 0usize, 0usize);
    let mut seconds = 0.0f64;
    loop {
        let mut pages = Vec::with_capacity(BATCH);
        for line in lines.by_ref().take(BATCH) {
            let v: serde_json::Value = serde_json::from_str(&line?)?;
            pages.push(html_page(
                v["text"].as_str().unwrap_or(""),
                articles + pages.len(),
            ));
        }
        if pages.is_empty() {
            break;
        }
        articles += pages.len();
        bytes += pages.iter().map(String::len).sum::<usize>();
        let start = Instant::now();
        let read = |part: &[String]| -> (usize, usize) {
            let (mut chars, mut toks) = (0usize, 0usize);
            for page in part {
                newsfuse_ingest::read_reader(
                    page.as_bytes(),
                    "page.html",
                    Some(newsfuse_ingest::Format::Html),
                    &newsfuse_ingest::Defaults::default(),
                    &mut |item| {
                        if let newsfuse_ingest::Item::Doc(d) = item {
                            chars += d.text.len();
                            toks += d.text.split_whitespace().count();
                        }
                    },
                );
            }
            (chars, toks)
        };
        let chunk = pages.len().div_ceil(threads.max(1)).max(1);
        let (c, t) = std::thread::scope(|scope| {
            let handles: Vec<_> = pages
                .chunks(chunk)
                .map(|p| scope.spawn(move || read(p)))
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or((0, 0)))
                .fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1))
        });
        seconds += start.elapsed().as_secs_f64();
        check += c;
        tokens += t;
    }
    println!(
        "{}",
        json!({
            "stage": "html", "threads": threads, "articles": articles, "bytes": bytes,
            "tokens": tokens, "seconds": seconds, "peak_rss_kib": peak_rss_kib(), "check": check,
        })
    );
    Ok(())
}

/// The child side: measure `stage` on the corpus file and print one JSON line.
pub fn child(stage: &str, corpus: &Path, threads: usize) -> Result<()> {
    if stage == "html" {
        return html_child(corpus, threads);
    }
    let texts = read_corpus(corpus)?;
    let bytes: usize = texts.iter().map(String::len).sum();
    let tokens: usize = texts
        .iter()
        .map(|t| newsfuse_extract::text::tokenize(t).len())
        .sum();
    // Every stage after ingest starts from documents, built outside the timing.
    let docs: Vec<Document> = if stage == "ingest" {
        Vec::new()
    } else {
        texts.iter().map(|t| document(t)).collect()
    };
    // The built-in tables and models load on first use: that happens here, outside the
    // timing, as the peer in bench/compare.sh loads its model before its clock starts.
    if let (Some(text), Some(doc)) = (texts.first(), docs.first()) {
        let warm = if stage == "pipeline" {
            "extract"
        } else {
            stage
        };
        let one = std::slice::from_ref(text);
        run_stage(warm, one, std::slice::from_ref(doc), 1);
    }
    let start = Instant::now();
    let check = if stage == "pipeline" {
        pipeline(&docs, threads)?
    } else {
        run_stage(stage, &texts, &docs, threads)
    };
    let seconds = start.elapsed().as_secs_f64();
    println!(
        "{}",
        json!({
            "stage": stage, "threads": threads, "articles": texts.len(), "bytes": bytes,
            "tokens": tokens, "seconds": seconds, "peak_rss_kib": peak_rss_kib(), "check": check,
        })
    );
    Ok(())
}

/// The whole job as `newsfuse run` does it, in memory: extract every article (on
/// `threads` threads), group, fuse, build actors.
fn pipeline(docs: &[Document], threads: usize) -> Result<usize> {
    let n = docs.len();
    let chunk = n.div_ceil(threads.max(1)).max(1);
    let extractions: Vec<newsfuse_core::Extraction> = std::thread::scope(|scope| {
        let handles: Vec<_> = docs
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.chunks(newsfuse_extract::BATCH)
                        .flat_map(newsfuse_extract::extract_many)
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    });
    let (incidents, actors) = newsfuse_pipeline::incidents_and_actors(docs, &extractions);
    Ok(incidents.len() + actors.len())
}

/// Runs one measurement in a child process.
pub fn measure(stage: &str, corpus: &Path, threads: usize) -> Result<Measure> {
    let exe = std::env::current_exe().context("finding the newsfuse binary")?;
    let out = Command::new(exe)
        .args([
            "bench",
            "--child",
            stage,
            "--threads",
            &threads.to_string(),
            "--corpus",
        ])
        .arg(corpus)
        .output()
        .context("starting a benchmark child process")?;
    if !out.status.success() {
        bail!(
            "benchmark of {stage} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let v: serde_json::Value = serde_json::from_slice(&out.stdout)
        .with_context(|| format!("reading the {stage} measurement"))?;
    let num = |k: &str| v[k].as_f64().unwrap_or(0.0);
    Ok(Measure {
        stage: stage.to_string(),
        threads,
        articles: num("articles") as usize,
        bytes: num("bytes") as usize,
        tokens: num("tokens") as usize,
        seconds: num("seconds"),
        peak_rss_kib: num("peak_rss_kib") as u64,
    })
}

/// One table row.
pub fn row(m: &Measure) -> String {
    format!(
        "{:<11} {:>3}  {:>10.0}  {:>8.2}  {:>11.0}  {:>9.1}",
        m.stage,
        m.threads,
        m.per_second(m.articles),
        m.per_second(m.bytes) / 1_048_576.0,
        m.per_second(m.tokens),
        m.peak_rss_kib as f64 / 1024.0
    )
}

/// The table header.
pub fn header() -> String {
    format!(
        "{:<11} {:>3}  {:>10}  {:>8}  {:>11}  {:>9}",
        "stage", "thr", "articles/s", "MB/s", "tokens/s", "peak MiB"
    )
}

/// A measurement as JSON.
pub fn to_json(m: &Measure) -> serde_json::Value {
    json!({
        "stage": m.stage, "threads": m.threads, "articles": m.articles, "bytes": m.bytes,
        "tokens": m.tokens, "seconds": m.seconds,
        "articles_per_s": m.per_second(m.articles),
        "mb_per_s": m.per_second(m.bytes) / 1_048_576.0,
        "tokens_per_s": m.per_second(m.tokens),
        "peak_rss_mib": m.peak_rss_kib as f64 / 1024.0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ner_stage_counts_the_taggers_entities() {
        let text = "Police in Nairobi said Amina Odhiambo, a nurse from Kisumu, was released.";
        let tokens: Vec<(usize, usize)> = newsfuse_extract::text::tokenize(text)
            .iter()
            .map(|t| (t.start, t.end))
            .collect();
        let found = newsfuse_ner::Model::builtin().tag(text, &tokens, true);
        let names: Vec<&str> = found
            .iter()
            .map(|e| &text[tokens[e.start].0..tokens[e.end - 1].1])
            .collect();
        assert_eq!(names, ["Nairobi", "Amina Odhiambo", "Kisumu"]);
        assert_eq!(ner_only(text), 3);
    }

    #[test]
    fn every_stage_name_is_distinct() {
        let mut names = STAGES.to_vec();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), STAGES.len());
        assert!(STAGES.contains(&"ner"));
    }
}
