//! `newsfuse synth` (write or score a synthetic stream with known truth) and
//! `newsfuse bench --synthetic SIZES` (the whole pipeline, end to end, on synthetic
//! streams of those sizes, each in a child process so that its peak memory is its own).

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use newsfuse_synth::{Config, EventTruth};
use serde_json::json;

/// Writes a stream of `articles` to `out` and its truth to `out` with `.truth.jsonl`.
pub fn write(articles: usize, seed: u64, out: &Path) -> Result<(usize, usize)> {
    let truth_path = truth_path(out);
    let file = std::fs::File::create(out).with_context(|| format!("creating {}", out.display()))?;
    let tfile = std::fs::File::create(&truth_path)
        .with_context(|| format!("creating {}", truth_path.display()))?;
    let (mut w, mut tw) = (
        std::io::BufWriter::new(file),
        std::io::BufWriter::new(tfile),
    );
    let (mut n_articles, mut n_events) = (0usize, 0usize);
    let mut error: Option<std::io::Error> = None;
    let mut truth_error: Option<std::io::Error> = None;
    let config = Config {
        articles,
        seed,
        ..Config::default()
    };
    newsfuse_synth::generate(
        &config,
        |a| {
            n_articles += 1;
            if error.is_none() {
                if let Err(e) = serde_json::to_writer(&mut w, a)
                    .map_err(std::io::Error::from)
                    .and_then(|()| w.write_all(b"\n"))
                {
                    error = Some(e);
                }
            }
        },
        |t| {
            n_events += 1;
            if truth_error.is_none() {
                if let Err(e) = serde_json::to_writer(&mut tw, t)
                    .map_err(std::io::Error::from)
                    .and_then(|()| tw.write_all(b"\n"))
                {
                    truth_error = Some(e);
                }
            }
        },
    );
    if let Some(e) = error {
        return Err(e).with_context(|| format!("writing {}", out.display()));
    }
    if let Some(e) = truth_error {
        return Err(e).with_context(|| format!("writing {}", truth_path.display()));
    }
    w.flush()?;
    tw.flush()?;
    Ok((n_articles, n_events))
}

fn truth_path(out: &Path) -> PathBuf {
    let stem = out
        .file_name()
        .map(|f| f.to_string_lossy().trim_end_matches(".jsonl").to_string())
        .unwrap_or_else(|| "synth".to_string());
    out.with_file_name(format!("{stem}.truth.jsonl"))
}

/// Articles of the stream `newsfuse eval synth` (and `eval all`) scores.
pub const EVAL_ARTICLES: usize = 2000;

/// The pipeline scored on a generated stream of `articles` (seed `seed`) as an eval
/// report: overall = B3 of articles into events, extra row `killed_exact`.
pub fn report(articles: usize, seed: u64) -> Result<newsfuse_eval::score::Report> {
    use newsfuse_eval::score::{Accuracy, Prf, Report, Score};
    let (stream, truth): (Vec<_>, Vec<EventTruth>) = newsfuse_synth::stream(&Config {
        articles,
        seed,
        ..Config::default()
    });
    let s = newsfuse_synth::score(&stream, &truth).context("scoring the synthetic stream")?;
    let n = s.articles as f64;
    Ok(Report {
        bench: "synth".to_string(),
        data: format!("generated: {articles} articles, seed {seed}"),
        overall: Score::Prf(Prf::from_rates(s.b3_precision, s.b3_recall, n, n)),
        per_class: Vec::new(),
        extra: vec![(
            "killed_exact".to_string(),
            Score::Accuracy(Accuracy {
                passed: s.killed_exact as u64,
                total: s.events as u64,
            }),
        )],
        notes: vec![
            format!(
                "{} articles ({} wire copies kept as copies), {} events, {} incidents",
                s.articles, s.copies, s.events, s.incidents
            ),
            "overall = B3 of articles into events; killed_exact = events whose fused killed count is the final toll".to_string(),
        ],
    })
}

/// Scores the pipeline on a generated stream and prints the scores.
pub fn eval(articles: usize, seed: u64, json_out: bool) -> Result<()> {
    let started = Instant::now();
    let (stream, truth): (Vec<_>, Vec<EventTruth>) = newsfuse_synth::stream(&Config {
        articles,
        seed,
        ..Config::default()
    });
    let s = newsfuse_synth::score(&stream, &truth).context("scoring the synthetic stream")?;
    if json_out {
        println!(
            "{}",
            json!({
                "bench": "synth",
                "overall": { "f1": s.b3_f1, "precision": s.b3_precision, "recall": s.b3_recall },
                "extra": { "killed_exact": { "accuracy": s.killed_exact_share, "passed": s.killed_exact, "total": s.events } },
                "notes": [format!("{} articles ({} wire copies), {} events, {} incidents, seed {seed}", s.articles, s.copies, s.events, s.incidents)],
            })
        );
    } else {
        println!(
            "== synth ({} articles, seed {seed}; {:.1} s)",
            s.articles,
            started.elapsed().as_secs_f64()
        );
        println!(
            "grouping B3              P {:>6.2}  R {:>6.2}  F1 {:>6.2}",
            100.0 * s.b3_precision,
            100.0 * s.b3_recall,
            100.0 * s.b3_f1
        );
        println!(
            "fused killed = truth     {:>6.2}%  ({}/{} events)",
            100.0 * s.killed_exact_share,
            s.killed_exact,
            s.events
        );
        println!(
            "note: {} wire copies kept as copies; {} incidents for {} events",
            s.copies, s.incidents, s.events
        );
    }
    Ok(())
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

/// When set to a number N, the synthetic bench child prints to stderr, every N
/// articles read, one line of how ingest went over the last N: wall seconds, processor
/// seconds of the storing thread and of the whole process, and articles stored.
pub const PROGRESS_ENV: &str = "NEWSFUSE_BENCH_PROGRESS";

/// Processor seconds (user + system) from a `/proc/.../stat` file; 0 when unreadable.
fn cpu_seconds(stat: &str) -> f64 {
    let Ok(text) = std::fs::read_to_string(stat) else {
        return 0.0;
    };
    // The fields after the command name (which may hold spaces) close with ')'.
    let fields: Vec<&str> = text
        .rsplit_once(')')
        .map(|(_, rest)| rest.split_whitespace().collect())
        .unwrap_or_default();
    // utime and stime are fields 14 and 15 of the whole line, 12 and 13 after ')'.
    let ticks: f64 = [11, 12]
        .iter()
        .filter_map(|&i| fields.get(i).and_then(|f| f.parse::<f64>().ok()))
        .sum();
    ticks / 100.0
}

/// The state of [`PROGRESS_ENV`]'s prints.
struct Progress {
    every: usize,
    next: usize,
    at: Instant,
    main_cpu: f64,
    all_cpu: f64,
    stored: u64,
}

impl Progress {
    fn new(every: usize) -> Progress {
        Progress {
            every,
            next: every,
            at: Instant::now(),
            main_cpu: cpu_seconds("/proc/thread-self/stat"),
            all_cpu: cpu_seconds("/proc/self/stat"),
            stored: 0,
        }
    }

    fn tick(&mut self, read: usize, store: &newsfuse_store::Store) {
        if read < self.next {
            return;
        }
        self.next = read + self.every;
        let (main_cpu, all_cpu) = (
            cpu_seconds("/proc/thread-self/stat"),
            cpu_seconds("/proc/self/stat"),
        );
        let stored = store.article_count().unwrap_or(0);
        eprintln!(
            "progress read {read} stored {stored} (+{}) wall {:.2} s, storing thread {:.2} cpu s, process {:.2} cpu s",
            stored.saturating_sub(self.stored),
            self.at.elapsed().as_secs_f64(),
            main_cpu - self.main_cpu,
            all_cpu - self.all_cpu
        );
        (self.at, self.main_cpu, self.all_cpu, self.stored) =
            (Instant::now(), main_cpu, all_cpu, stored);
    }
}

/// The child of the synthetic bench: ingest `corpus` (JSON Lines) into a fresh store
/// next to it in batches, extracting on `threads` threads, then group and fuse with
/// [`newsfuse_pipeline::regroup_large`]; prints one JSON line of timings.
pub fn bench_child(corpus: &Path, threads: usize) -> Result<()> {
    const BATCH: usize = 2048;
    let db = corpus.with_extension("db");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
    let mut store = newsfuse_store::Store::open(&db)?;
    let started = Instant::now();
    let mut batch: Vec<newsfuse_core::Document> = Vec::with_capacity(BATCH);
    let mut read = 0usize;
    let mut failure: Option<anyhow::Error> = None;
    let mut progress = std::env::var(PROGRESS_ENV)
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
        .filter(|&every| every > 0)
        .map(Progress::new);
    {
        let mut sink = |item: newsfuse_ingest::Item| {
            if let newsfuse_ingest::Item::Doc(d) = item {
                read += 1;
                batch.push(d);
                if batch.len() >= BATCH && failure.is_none() {
                    if let Err(e) = newsfuse_pipeline::add_articles(&mut store, &batch, threads) {
                        failure = Some(e.into());
                    }
                    batch.clear();
                    if let Some(p) = progress.as_mut() {
                        p.tick(read, &store);
                    }
                }
            }
        };
        newsfuse_ingest::read_path(corpus, &newsfuse_ingest::Defaults::default(), &mut sink);
    }
    if let Some(e) = failure {
        return Err(e);
    }
    newsfuse_pipeline::add_articles(&mut store, &batch, threads)?;
    let ingest_s = started.elapsed().as_secs_f64();
    let ingest_peak = peak_rss_kib();
    let stored = store.article_count()?;
    let t = Instant::now();
    let stats = newsfuse_pipeline::regroup_large(&mut store, threads)?;
    let group_s = t.elapsed().as_secs_f64();
    println!(
        "{}",
        json!({
            "articles": read, "stored": stored, "grouped": stats.grouped, "incidents": stats.incidents,
            "ingest_extract_store_s": ingest_s, "group_fuse_store_s": group_s,
            "seconds": started.elapsed().as_secs_f64(), "peak_rss_kib": peak_rss_kib(),
            "ingest_peak_rss_kib": ingest_peak,
        })
    );
    drop(store);
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
    Ok(())
}

/// `newsfuse bench --synthetic SIZES`: for each size, a stream of that many articles
/// (seed 1) run end to end in a child process; prints a table (or JSON lines).
pub fn bench(sizes: &[usize], threads: usize, json_out: bool) -> Result<()> {
    let exe = std::env::current_exe().context("finding the newsfuse binary")?;
    let dir = std::env::temp_dir().join(format!("newsfuse-synth-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    if !json_out {
        println!(
            "{:>10} {:>8} {:>10} {:>12} {:>12} {:>10} {:>10} {:>11}",
            "articles",
            "threads",
            "total s",
            "ingest+ext s",
            "group+fuse s",
            "art/s",
            "peak MiB",
            "ingest MiB"
        );
    }
    for &n in sizes {
        let corpus = dir.join(format!("synth-{n}.jsonl"));
        write(n, 1, &corpus)?;
        let out = Command::new(&exe)
            .args(["bench", "--child", "synthetic", "--threads"])
            .arg(threads.to_string())
            .arg("--corpus")
            .arg(&corpus)
            .output()
            .context("running the bench child")?;
        let _ = std::fs::remove_file(&corpus);
        let _ = std::fs::remove_file(truth_path(&corpus));
        if !out.status.success() {
            bail!(
                "bench child for {n} articles failed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let line = out
            .stdout
            .lines()
            .map_while(Result::ok)
            .last()
            .unwrap_or_default();
        let v: serde_json::Value =
            serde_json::from_str(&line).with_context(|| format!("bench child said: {line}"))?;
        if json_out {
            println!("{}", json!({ "size": n, "threads": threads, "result": v }));
        } else {
            let secs = v["seconds"].as_f64().unwrap_or(0.0);
            let articles = v["articles"].as_u64().unwrap_or(0);
            println!(
                "{:>10} {:>8} {:>10.1} {:>12.1} {:>12.1} {:>10.0} {:>10.0} {:>11.0}",
                articles,
                threads,
                secs,
                v["ingest_extract_store_s"].as_f64().unwrap_or(0.0),
                v["group_fuse_store_s"].as_f64().unwrap_or(0.0),
                if secs > 0.0 {
                    articles as f64 / secs
                } else {
                    0.0
                },
                v["peak_rss_kib"].as_f64().unwrap_or(0.0) / 1024.0,
                v["ingest_peak_rss_kib"].as_f64().unwrap_or(0.0) / 1024.0
            );
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}
