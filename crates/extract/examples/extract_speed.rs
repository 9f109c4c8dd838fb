//! Runs the whole extraction stage (`newsfuse_extract::extract`) over a set of texts
//! (NUL-separated in one file), for speed work that must leave the output alone: prints
//! a hash of every extraction's debug form (one line per text with `--dump`), then the
//! processor time of `REPEAT` timed passes after one untimed warm-up pass, and their
//! median. With `--batch N` every pass (and the hash) extracts the texts `N` at a time
//! through `newsfuse_extract::extract_many`, as `newsfuse add` does.
//!
//! `cargo run --release -p newsfuse-extract --example extract_speed -- FILE [REPEAT] [--dump] [--batch N]`

use std::hash::{Hash, Hasher};
use std::time::Instant;

use newsfuse_core::Document;

/// The allocator of the `newsfuse` binary, so that the times are the product's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dump = args.iter().any(|a| a == "--dump");
    let batch: usize = args
        .iter()
        .position(|a| a == "--batch")
        .and_then(|i| args.get(i + 1)?.parse().ok())
        .unwrap_or(1)
        .max(1);
    let mut rest: Vec<&String> = Vec::new();
    let mut skip = false;
    for a in &args {
        if std::mem::take(&mut skip) || a == "--dump" {
            continue;
        }
        if a == "--batch" {
            skip = true;
            continue;
        }
        rest.push(a);
    }
    let Some(path) = rest.first() else {
        eprintln!("usage: extract_speed FILE [REPEAT] [--dump] [--batch N]");
        std::process::exit(2);
    };
    let repeat: usize = rest.get(1).and_then(|r| r.parse().ok()).unwrap_or(3);
    let all = match std::fs::read_to_string(path) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("reading {path}: {e}");
            std::process::exit(1);
        }
    };
    let docs: Vec<Document> = all
        .split('\0')
        .enumerate()
        .map(|(i, t)| Document::bare(format!("d{i}"), t))
        .collect();
    // The identity check: one hash over every extraction (and one per text).
    let mut total = std::collections::hash_map::DefaultHasher::new();
    for (i, e) in extractions(&docs, batch).iter().enumerate() {
        let form = format!("{e:?}");
        form.hash(&mut total);
        if dump {
            let mut one = std::collections::hash_map::DefaultHasher::new();
            form.hash(&mut one);
            println!("{i} {:016x}", one.finish());
        }
    }
    println!("all {:016x}", total.finish());
    let mut check = pass(&docs, batch);
    let mut times = Vec::new();
    for _ in 0..repeat {
        let start = cpu_seconds();
        check = check.wrapping_add(timed_pass(&docs, batch));
        times.push(cpu_seconds() - start);
    }
    let shown: Vec<String> = times.iter().map(|t| format!("{t:.3}")).collect();
    times.sort_by(f64::total_cmp);
    let median = times.get(times.len() / 2).copied().unwrap_or(0.0);
    eprintln!(
        "{} texts x{repeat}, batches of {batch} (check {check}), processor seconds per pass: {}; median {median:.3} = {:.0} articles per processor-second",
        docs.len(),
        shown.join(" "),
        docs.len() as f64 / median.max(1e-9)
    );
}

/// Every text's extraction, one at a time (`batch` 1) or `batch` at a time.
fn extractions(docs: &[Document], batch: usize) -> Vec<newsfuse_core::Extraction> {
    if batch <= 1 {
        docs.iter().map(newsfuse_extract::extract).collect()
    } else {
        docs.chunks(batch)
            .flat_map(newsfuse_extract::extract_many)
            .collect()
    }
}

fn pass(docs: &[Document], batch: usize) -> usize {
    if batch <= 1 {
        return docs
            .iter()
            .map(|d| newsfuse_extract::extract(d).facts.len())
            .sum();
    }
    docs.chunks(batch)
        .map(|c| {
            newsfuse_extract::extract_many(c)
                .iter()
                .map(|e| e.facts.len())
                .sum::<usize>()
        })
        .sum()
}

/// One timed pass, a function of its own so that a profiler can count it alone
/// (`valgrind --tool=callgrind --collect-atstart=no --toggle-collect='*timed_pass*'`).
#[inline(never)]
fn timed_pass(docs: &[Document], batch: usize) -> usize {
    pass(docs, batch)
}

/// Processor time this thread has run, where Linux says (`/proc/thread-self/schedstat`),
/// else wall time since the first call.
fn cpu_seconds() -> f64 {
    static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    let wall = START.get_or_init(Instant::now).elapsed().as_secs_f64();
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<u64>().ok())
        .map_or(wall, |ns| ns as f64 / 1e9)
}
