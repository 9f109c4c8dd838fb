//! `newsfuse train ner`: trains the named-entity tagger on CoNLL-2003 and writes the
//! model the binary compiles in (`crates/ner/model/ner.bin`, see docs/ner.md).

use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::Subcommand;
use newsfuse_ner::clusters::{ClusterOptions, Clusters};
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
        /// Unlabelled text for the word clusters, besides the training documents: JSON
        /// Lines files, each line's `text` or `gold_text` (missing files are skipped
        /// with a note). No test split may be here.
        #[arg(long, value_delimiter = ',', default_values = UNLABELED)]
        unlabeled: Vec<PathBuf>,
        /// Train without word clusters.
        #[arg(long)]
        no_clusters: bool,
    },
    /// The role-filler reader (docs/roles.md): tagger and document classifiers.
    Roles(crate::train_roles::RolesArgs),
}

/// The shared data's unlabelled news text that is no test split (the shared folders hold
/// only train, dev and shared splits; ECB+ is left out, its file mixes test topics in).
const UNLABELED: [&str; 8] = [
    "../shared/data/muc4/train.jsonl",
    "../shared/data/gvdb/train.jsonl",
    "../shared/data/geoparse/lgl.jsonl",
    "../shared/data/geoparse/geowebnews.jsonl",
    "../shared/data/geoparse/geovirus.jsonl",
    "../shared/data/geoparse/trnews.jsonl",
    "../shared/data/timebank/tbaq.jsonl",
    "../shared/data/article_extraction/gold.jsonl",
];

/// Sentences as word hashes: the training documents' tokens, then the unlabelled files'
/// texts, tokenized as the product does, cut at line breaks and `.`, `!`, `?`.
fn cluster_sentences(
    train_docs: &[newsfuse_ner::train::Example],
    unlabeled: &[PathBuf],
) -> Result<Vec<Vec<u64>>> {
    use newsfuse_ner::features::TokenHashes;
    let mut out: Vec<Vec<u64>> = Vec::new();
    let mut add = |text: &str, tokens: &mut dyn Iterator<Item = (usize, usize)>| {
        let mut sentence = Vec::new();
        let mut prev_end = 0;
        for (s, e) in tokens {
            let word = text.get(s..e).unwrap_or("");
            if text.get(prev_end..s).is_some_and(|g| g.contains('\n')) && !sentence.is_empty() {
                out.push(std::mem::take(&mut sentence));
            }
            sentence.push(TokenHashes::new(word, false).word);
            if matches!(word, "." | "!" | "?") {
                out.push(std::mem::take(&mut sentence));
            }
            prev_end = e;
        }
        if !sentence.is_empty() {
            out.push(sentence);
        }
    };
    for d in train_docs {
        add(&d.text, &mut d.tokens.iter().copied());
    }
    for path in unlabeled {
        let Ok(f) = std::fs::File::open(path) else {
            eprintln!("clusters: {} not found, skipped", path.display());
            continue;
        };
        for line in std::io::BufRead::lines(std::io::BufReader::new(f)) {
            let line = line.with_context(|| format!("reading {}", path.display()))?;
            let Ok(v) = serde_json::from_str::<serde_json::Value>(&line) else {
                continue;
            };
            let Some(text) = v
                .get("text")
                .or_else(|| v.get("gold_text"))
                .and_then(|t| t.as_str())
            else {
                continue;
            };
            let toks = newsfuse_extract::text::tokenize(text);
            add(text, &mut toks.iter().map(|t| (t.start, t.end)));
        }
    }
    Ok(out)
}

pub fn run(what: TrainWhat) -> Result<()> {
    let (data, dev, out, epochs, bits, seed, unlabeled, no_clusters) = match what {
        TrainWhat::Roles(args) => return crate::train_roles::run(args),
        TrainWhat::Ner {
            data,
            dev,
            out,
            epochs,
            bits,
            seed,
            unlabeled,
            no_clusters,
        } => (data, dev, out, epochs, bits, seed, unlabeled, no_clusters),
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
    let clusters = if no_clusters {
        Clusters::default()
    } else {
        let started = std::time::Instant::now();
        let sentences = cluster_sentences(&train_docs, &unlabeled)?;
        let words: usize = sentences.iter().map(Vec::len).sum();
        let clusters = Clusters::learn(&sentences, &ClusterOptions::default());
        eprintln!(
            "clusters: {} words clustered from {words} tokens of unlabelled text; {:.1} s",
            clusters.len(),
            started.elapsed().as_secs_f64()
        );
        clusters
    };
    let opts = TrainOptions {
        bits,
        epochs,
        seed,
        both_cases: true,
    };
    let model = train(&train_docs, &dev_docs, &opts, &clusters, |r| {
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
