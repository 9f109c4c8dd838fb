//! `newsfuse train ner`: trains the named-entity tagger on CoNLL-2003 and writes the
//! model the binary compiles in (`crates/ner/model/ner.bin`, see docs/ner.md).

use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::Subcommand;
use newsfuse_ner::train::{train, TrainOptions};
use newsfuse_ner::EntityType;

#[derive(Subcommand)]
pub enum TrainWhat {
    /// The named-entity tagger (averaged structured perceptron).
    Ner {
        /// Training documents (CoNLL-2003 JSON Lines).
        #[arg(long, default_value = "../shared/data/conll2003/train.jsonl")]
        data: PathBuf,
        /// Development documents: dev F1 is printed after each epoch and the best epoch
        /// is kept.
        #[arg(long, default_value = "../shared/data/conll2003/dev.jsonl")]
        dev: PathBuf,
        /// Where to write the model.
        #[arg(long, default_value = "crates/ner/model/ner.bin")]
        out: PathBuf,
        /// Passes over the training set.
        #[arg(long, default_value_t = TrainOptions::default().epochs)]
        epochs: usize,
        /// Weight table of 2^bits rows.
        #[arg(long, default_value_t = TrainOptions::default().bits)]
        bits: u32,
        /// Seed of the document order.
        #[arg(long, default_value_t = TrainOptions::default().seed)]
        seed: u64,
    },
    /// The role-filler reader (docs/roles.md): tagger and document classifiers.
    Roles(crate::train_roles::RolesArgs),
}

pub fn run(what: TrainWhat) -> Result<()> {
    let (data, dev, out, epochs, bits, seed) = match what {
        TrainWhat::Roles(args) => return crate::train_roles::run(args),
        TrainWhat::Ner {
            data,
            dev,
            out,
            epochs,
            bits,
            seed,
        } => (data, dev, out, epochs, bits, seed),
    };
    let read = |p: &PathBuf| {
        newsfuse_eval::suites::conll2003::examples(p)
            .with_context(|| format!("reading {}", p.display()))
    };
    let train_docs = read(&data)?;
    let dev_docs = read(&dev)?;
    let tokens: usize = train_docs.iter().map(|d| d.tokens.len()).sum();
    eprintln!(
        "train: {} documents, {tokens} tokens; dev: {} documents",
        train_docs.len(),
        dev_docs.len()
    );
    let opts = TrainOptions {
        bits,
        epochs,
        seed,
        both_cases: true,
    };
    let model = train(&train_docs, &dev_docs, &opts, |r| {
        let per: Vec<String> = EntityType::ALL
            .iter()
            .map(|t| format!("{} {:.2}", t.as_str(), r.dev.per_type[*t as usize].f1()))
            .collect();
        eprintln!(
            "epoch {:2}: {:4} documents wrong; dev F1 {:.2} (P {:.2} R {:.2}; {}), lower {:.2}, upper {:.2}; {:.1} s",
            r.epoch,
            r.mistakes,
            r.dev.cased.f1(),
            r.dev.cased.precision(),
            r.dev.cased.recall(),
            per.join(", "),
            r.dev.lower.f1(),
            r.dev.upper.f1(),
            r.seconds
        );
    });
    // Tagging speed on dev, the cached tagger against the plain one (every feature's
    // row read from the table), alternated, best of 5 each.
    let dev_tokens: usize = dev_docs.iter().map(|d| d.tokens.len()).sum();
    let mut best = [f64::INFINITY; 2];
    let mut found = [0usize; 2];
    for _ in 0..5 {
        for (k, best) in best.iter_mut().enumerate() {
            let started = std::time::Instant::now();
            found[k] = 0;
            for d in &dev_docs {
                found[k] += if k == 0 {
                    model.tag(&d.text, &d.tokens, true).len()
                } else {
                    model.tag_reference(&d.text, &d.tokens, true).len()
                };
            }
            *best = best.min(started.elapsed().as_secs_f64());
        }
    }
    let speed = |s: f64| dev_tokens as f64 / s.max(1e-9);
    eprintln!(
        "tagging the dev set: {:.0} tokens/s on one thread, best of 5 ({} entities); \
         without the word cache {:.0} tokens/s ({} entities): {:.2}x",
        speed(best[0]),
        found[0],
        speed(best[1]),
        found[1],
        best[1] / best[0].max(1e-9)
    );
    let bytes = model.to_bytes();
    std::fs::write(&out, &bytes).with_context(|| format!("writing {}", out.display()))?;
    eprintln!(
        "wrote {} ({:.2} MB, 2^{} rows)",
        out.display(),
        bytes.len() as f64 / 1e6,
        model.bits()
    );
    Ok(())
}
