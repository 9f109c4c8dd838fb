//! Runs the whole extraction stage (`newsfuse_extract::extract`) over a set of texts
//! (NUL-separated in one file), for speed work that must leave the output alone: prints
//! a hash of every extraction's debug form (one line per text with `--dump`), then the
//! processor time of `REPEAT` timed passes after one untimed warm-up pass, and their
//! median.
//!
//! `cargo run --release -p newsfuse-extract --example extract_speed -- FILE [REPEAT] [--dump]`

use std::hash::{Hash, Hasher};
use std::time::Instant;

use newsfuse_core::Document;

/// The allocator of the `newsfuse` binary, so that the times are the product's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dump = args.iter().any(|a| a == "--dump");
    let rest: Vec<&String> = args.iter().filter(|a| *a != "--dump").collect();
    let Some(path) = rest.first() else {
        eprintln!("usage: extract_speed FILE [REPEAT] [--dump]");
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
    for (i, d) in docs.iter().enumerate() {
        let form = format!("{:?}", newsfuse_extract::extract(d));
        form.hash(&mut total);
        if dump {
            let mut one = std::collections::hash_map::DefaultHasher::new();
            form.hash(&mut one);
            println!("{i} {:016x}", one.finish());
        }
    }
    println!("all {:016x}", total.finish());
    let mut check = pass(&docs);
    let mut times = Vec::new();
    for _ in 0..repeat {
        let start = cpu_seconds();
        check = check.wrapping_add(timed_pass(&docs));
        times.push(cpu_seconds() - start);
    }
    let shown: Vec<String> = times.iter().map(|t| format!("{t:.3}")).collect();
    times.sort_by(f64::total_cmp);
    let median = times.get(times.len() / 2).copied().unwrap_or(0.0);
    eprintln!(
        "{} texts x{repeat} (check {check}), processor seconds per pass: {}; median {median:.3} = {:.0} articles per processor-second",
        docs.len(),
        shown.join(" "),
        docs.len() as f64 / median.max(1e-9)
    );
}

fn pass(docs: &[Document]) -> usize {
    docs.iter()
        .map(|d| newsfuse_extract::extract(d).facts.len())
        .sum()
}

/// One timed pass, a function of its own so that a profiler can count it alone
/// (`valgrind --tool=callgrind --collect-atstart=no --toggle-collect='*timed_pass*'`).
#[inline(never)]
fn timed_pass(docs: &[Document]) -> usize {
    pass(docs)
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
