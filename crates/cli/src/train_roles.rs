//! `newsfuse train roles`: trains the learned role-filler reader on MUC-4 train, tunes
//! its thresholds on dev and writes the model the binary compiles in
//! (`crates/roles/model/roles.bin`, see docs/roles.md).

use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, Result};
use clap::Args;
use newsfuse_roles::train::{read_docs, train, TrainOptions};
use newsfuse_roles::Role;

#[derive(Args)]
pub struct RolesArgs {
    /// Training messages (MUC-4 JSON Lines).
    #[arg(long, default_value = "../shared/data/muc4/train.jsonl")]
    data: PathBuf,
    /// Development messages: the best epoch and the thresholds are chosen on them.
    #[arg(long, default_value = "../shared/data/muc4/dev.jsonl")]
    dev: PathBuf,
    /// Where to write the model.
    #[arg(long, default_value = "crates/roles/model/roles.bin")]
    out: PathBuf,
    /// Passes over the training set.
    #[arg(long, default_value_t = TrainOptions::default().epochs)]
    epochs: usize,
    /// Seed of the document order.
    #[arg(long, default_value_t = TrainOptions::default().seed)]
    seed: u64,
}

pub fn run(args: RolesArgs) -> Result<()> {
    let started = Instant::now();
    let read = |p: &PathBuf| read_docs(p).with_context(|| format!("reading {}", p.display()));
    let train_docs = read(&args.data)?;
    let dev_docs = read(&args.dev)?;
    eprintln!(
        "train: {} messages; dev: {} messages",
        train_docs.len(),
        dev_docs.len()
    );
    let opts = TrainOptions {
        epochs: args.epochs,
        seed: args.seed,
        ..TrainOptions::default()
    };
    let trained = train(
        &train_docs,
        &dev_docs,
        &opts,
        |r| {
            eprintln!(
                "epoch {:2}: {:4} messages wrong; dev CEAF-REE {:.2} (neutral thresholds); {:.1} s",
                r.epoch, r.mistakes, r.dev_f1, r.seconds
            )
        },
        |bias, f1| eprintln!("outside bias {bias:6.2}: tuned dev CEAF-REE {f1:.2}"),
    );
    eprintln!(
        "kept epoch {}; dev CEAF-REE micro F1 {:.2}; dev template F1 {:.2}",
        trained.best_epoch,
        trained.dev_micro.f1(),
        trained.dev_templates.f1()
    );
    for (role, c) in Role::ALL.iter().zip(&trained.dev_roles) {
        eprintln!(
            "  {:8} F1 {:.2} ({}/{} predicted, {} gold)",
            role.as_str(),
            c.f1(),
            c.correct,
            c.predicted,
            c.gold
        );
    }
    let bytes = trained.model.to_bytes();
    std::fs::write(&args.out, &bytes).with_context(|| format!("writing {}", args.out.display()))?;
    eprintln!(
        "wrote {} ({:.2} MB) in {:.1} s",
        args.out.display(),
        bytes.len() as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
