//! Prints every entity mention of a set of texts (NUL-separated in one file), for
//! checking that a speed change leaves the output alone, and the time taken.
//!
//! `cargo run --release -p newsfuse-extract --example entity_dump -- FILE [REPEAT]`
//!
//! With `--loop` before the file it prints nothing but the time (a loop for a
//! profiler); with `--parts` it times the pieces of the stage one at a time (the
//! tokenizer, the table matcher, the tagger, the GeoNames resolution of the table's
//! places) against the whole stage, to see what lies outside the tagger.

use std::time::Instant;

use newsfuse_extract::{entities, gazetteer, text};

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mode = match args.first().map(String::as_str) {
        Some("--loop") => "loop",
        Some("--parts") => "parts",
        _ => "dump",
    };
    if mode != "dump" {
        args.remove(0);
    }
    let mut args = args.into_iter();
    let Some(path) = args.next() else {
        eprintln!("usage: entity_dump [--loop|--parts] FILE [REPEAT]");
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
    // Load the tables and the model before the clock starts.
    if let Some(t) = texts.first() {
        let _ = entities::find(t, text::is_single_case(t));
    }
    if mode == "parts" {
        parts(&texts, repeat);
        return;
    }
    let start = Instant::now();
    let mut lines = Vec::new();
    let mut count = 0usize;
    for r in 0..repeat {
        for t in &texts {
            let single = text::is_single_case(t);
            let found = entities::find(t, single);
            count += found.mentions.len();
            if r == 0 && mode == "dump" {
                lines.push(format!("{found:?}"));
            }
        }
    }
    let secs = start.elapsed().as_secs_f64();
    for l in &lines {
        println!("{l}");
    }
    let tokens: usize = texts.iter().map(|t| text::tokenize(t).len()).sum();
    eprintln!(
        "{} texts x{repeat}, {tokens} tokens, {count} mentions, {secs:.3} s, {:.0} tokens/s",
        texts.len(),
        (tokens * repeat) as f64 / secs
    );
}

/// Times each piece over all texts, `repeat` times.
fn parts(texts: &[&str], repeat: usize) {
    let gaz = gazetteer::Gazetteer::builtin();
    let model = newsfuse_ner::Model::builtin();
    let time = |name: &str, f: &dyn Fn(&str) -> usize| {
        let start = Instant::now();
        let mut n = 0usize;
        for _ in 0..repeat {
            for t in texts {
                n += f(t);
            }
        }
        eprintln!("{name:>14}: {:7.3} s ({n})", start.elapsed().as_secs_f64());
    };
    time("single_case", &|t| usize::from(text::is_single_case(t)));
    time("tokenize", &|t| text::tokenize(t).len());
    time("table find", &|t| {
        gaz.find(t, text::is_single_case(t)).len()
    });
    time("tagger", &|t| {
        let toks: Vec<(usize, usize)> =
            text::tokenize(t).iter().map(|k| (k.start, k.end)).collect();
        model.tag(t, &toks, !text::is_single_case(t)).len()
    });
    time("geonames", &|t| {
        let spans: Vec<(usize, usize)> = gaz
            .find(t, text::is_single_case(t))
            .iter()
            .filter(|m| m.place.is_some())
            .map(|m| (m.span.start(), m.span.end()))
            .collect();
        let ctx = gazetteer::geonames::ResolveContext::default();
        gazetteer::geonames::resolve_in_text(t, &spans, &ctx)
            .iter()
            .flatten()
            .count()
    });
    time("whole stage", &|t| {
        entities::find(t, text::is_single_case(t)).mentions.len()
    });
}
