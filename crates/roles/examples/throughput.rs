//! Throughput of the role reader on MUC-4 texts, one thread:
//! `cargo run --release -p newsfuse-roles --example throughput -- ../shared/data/muc4/train.jsonl`.
use std::path::Path;
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: throughput FILE.jsonl")?;
    let docs = newsfuse_roles::train::read_docs(Path::new(&path))?;
    let model = newsfuse_roles::embedded();
    let mut fillers = 0usize;
    let started = Instant::now();
    for d in &docs {
        fillers += model.extract(&d.text).fillers.len();
    }
    let s = started.elapsed().as_secs_f64();
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    println!(
        "{} articles ({:.1} MB) in {:.3} s: {:.0} articles/s, {:.2} MB/s on one thread ({fillers} fillers)",
        docs.len(),
        bytes as f64 / 1e6,
        s,
        docs.len() as f64 / s,
        bytes as f64 / 1e6 / s
    );
    Ok(())
}
