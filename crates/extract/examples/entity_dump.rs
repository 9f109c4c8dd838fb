//! Prints every entity mention of a set of texts (NUL-separated in one file), for
//! checking that a speed change leaves the output alone, and the time taken.
//!
//! `cargo run --release -p newsfuse-extract --example entity_dump -- FILE [REPEAT]`

use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: entity_dump FILE [REPEAT]");
        std::process::exit(2);
    };
    let repeat: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(1);
    let all = match std::fs::read_to_string(&path) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("reading {path}: {e}");
            std::process::exit(1);
        }
    };
    let texts: Vec<&str> = all.split('\0').collect();
    let start = Instant::now();
    let mut lines = Vec::new();
    for r in 0..repeat {
        for t in &texts {
            let single = newsfuse_extract::text::is_single_case(t);
            let found = newsfuse_extract::entities::find(t, single);
            if r == 0 {
                lines.push(format!("{found:?}"));
            }
        }
    }
    let secs = start.elapsed().as_secs_f64();
    for l in &lines {
        println!("{l}");
    }
    let tokens: usize = texts
        .iter()
        .map(|t| newsfuse_extract::text::tokenize(t).len())
        .sum();
    eprintln!(
        "{} texts x{repeat}, {tokens} tokens, {secs:.3} s, {:.0} tokens/s",
        texts.len(),
        (tokens * repeat) as f64 / secs
    );
}
