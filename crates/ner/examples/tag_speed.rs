//! Tagging speed of the word-cached tagger against the plain one on a text file whose
//! documents are separated by blank lines, tokens by spaces:
//! Times are this thread's processor time where Linux reports it.
//! `cargo run --release -p newsfuse-ner --example tag_speed -- FILE [ROUNDS [cached|plain|dump]]`.
//! `dump` prints instead a hash of every entity found, with case features on and off
//! (for checking that a speed change leaves the tags alone), and the time of each.

use std::time::Instant;

/// This thread's time on a processor (`/proc/thread-self/schedstat`, nanoseconds), so
/// that other processes on a busy machine do not count; wall-clock time where that file
/// is missing.
enum Clock {
    Cpu(u64),
    Wall(Instant),
}

fn cpu_ns() -> Option<u64> {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

impl Clock {
    fn now() -> Self {
        cpu_ns().map_or_else(|| Clock::Wall(Instant::now()), Clock::Cpu)
    }

    /// Seconds since `now`.
    fn elapsed(&self) -> f64 {
        match self {
            Clock::Cpu(ns) => cpu_ns().map_or(0.0, |now| now.saturating_sub(*ns) as f64 / 1e9),
            Clock::Wall(at) => at.elapsed().as_secs_f64(),
        }
    }
}

use newsfuse_ner::Model;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: tag_speed FILE [ROUNDS]");
        std::process::exit(2);
    };
    let rounds: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(5);
    // `cached` or `plain` alone (for profiles); both by default.
    let only = args.next();
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("reading {path}: {e}");
            std::process::exit(1);
        }
    };
    let docs: Vec<(&str, Vec<(usize, usize)>)> = text
        .split("\n\n")
        .map(|d| {
            let mut toks = Vec::new();
            let mut start = None;
            for (i, c) in d.char_indices() {
                if c.is_whitespace() {
                    if let Some(s) = start.take() {
                        toks.push((s, i));
                    }
                } else if start.is_none() {
                    start = Some(i);
                }
            }
            if let Some(s) = start {
                toks.push((s, d.len()));
            }
            (d, toks)
        })
        .collect();
    let tokens: usize = docs.iter().map(|d| d.1.len()).sum();
    let model = Model::builtin();
    if only.as_deref() == Some("dump") {
        for cased in [true, false] {
            let (mut first, mut best) = (0.0, f64::INFINITY);
            let (mut h, mut found) = (0u64, 0usize);
            for round in 0..rounds.max(1) {
                let started = Clock::now();
                (h, found) = (0xCBF2_9CE4_8422_2325, 0);
                for (d, toks) in &docs {
                    for e in model.tag(d, toks, cased) {
                        for v in [e.start, e.end, e.ty as usize] {
                            h = (h ^ v as u64).wrapping_mul(0x0000_0100_0000_01B3);
                        }
                        found += 1;
                    }
                    h = (h ^ 0xFF).wrapping_mul(0x0000_0100_0000_01B3);
                }
                let t = started.elapsed();
                if round == 0 {
                    first = t;
                }
                best = best.min(t);
            }
            println!(
                "cased {cased}: {found} entities, hash {h:016x}, first round {first:.3} s, best {best:.3} s ({:.0} tokens/s)",
                tokens as f64 / best.max(1e-9)
            );
        }
        return;
    }
    let mut best = [f64::INFINITY; 2];
    for _ in 0..rounds {
        for (k, best) in best.iter_mut().enumerate() {
            if only.as_deref() == Some(["plain", "cached"][k]) {
                continue;
            }
            let started = Clock::now();
            let mut found = 0usize;
            for (d, toks) in &docs {
                found += if k == 0 {
                    model.tag(d, toks, true).len()
                } else {
                    model.tag_reference(d, toks, true).len()
                };
            }
            *best = best.min(started.elapsed());
            std::hint::black_box(found);
        }
    }
    let speed = |s: f64| tokens as f64 / s.max(1e-9);
    println!(
        "{} documents, {tokens} tokens: cached {:.0} tokens/s, plain {:.0} tokens/s, {:.2}x",
        docs.len(),
        speed(best[0]),
        speed(best[1]),
        best[1] / best[0].max(1e-9)
    );
}
