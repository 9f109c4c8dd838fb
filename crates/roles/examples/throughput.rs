//! Throughput of the role reader on MUC-4 texts, one thread:
//! `cargo run --release -p newsfuse-roles --example throughput -- ../shared/data/muc4/train.jsonl`.
//! Besides wall-clock time it reports the thread's own processor time (Linux
//! `/proc/thread-self/schedstat`), which other jobs on a shared machine do not inflate,
//! and a fingerprint of what it read (a hash of every extraction's debug form, taken
//! after the timing) so that a faster build can be checked to read the same.
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::Path;
use std::time::Instant;

/// Nanoseconds this thread has run on a processor, where Linux says.
fn thread_cpu_ns() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    s.split_whitespace().next()?.parse().ok()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: throughput FILE.jsonl [ROUNDS] [MODEL]")?;
    let rounds: usize = std::env::args()
        .nth(2)
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    let docs = newsfuse_roles::train::read_docs(Path::new(&path))?;
    // The model is parsed on first use: not part of the timing. A third argument
    // reads a model file instead of the compiled-in one.
    let loaded = match std::env::args().nth(3) {
        Some(p) => Some(newsfuse_roles::Model::from_bytes(&std::fs::read(p)?)?),
        None => None,
    };
    let model = loaded
        .as_ref()
        .unwrap_or_else(|| newsfuse_roles::embedded());
    // Tables built on first use (the merged document table) are not timed either.
    if let Some(d) = docs.first() {
        model.extract(&d.text);
    }
    let mut fillers = 0usize;
    let cpu0 = thread_cpu_ns();
    let started = Instant::now();
    for _ in 0..rounds {
        for d in &docs {
            fillers += model.extract(&d.text).fillers.len();
        }
    }
    let s = started.elapsed().as_secs_f64();
    let cpu = cpu0.zip(thread_cpu_ns()).map(|(a, b)| (b - a) as f64 / 1e9);
    let n = (docs.len() * rounds) as f64;
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum::<usize>() * rounds;
    println!(
        "{} articles ({:.1} MB) in {:.3} s: {:.0} articles/s, {:.2} MB/s on one thread ({fillers} fillers)",
        n,
        bytes as f64 / 1e6,
        s,
        n / s,
        bytes as f64 / 1e6 / s
    );
    let mut h = DefaultHasher::new();
    for d in &docs {
        format!("{:?}", model.extract(&d.text)).hash(&mut h);
    }
    println!("output fingerprint {:016x}", h.finish());
    if let Some(cpu) = cpu {
        println!(
            "processor time {cpu:.3} s: {:.0} articles per processor-second, {:.2} MB/s",
            n / cpu,
            bytes as f64 / 1e6 / cpu
        );
    }
    Ok(())
}
