//! Development driver: trains on MUC-4 train, tunes on dev, writes the model
//! (the documented command is `newsfuse train roles`).

#[path = "common/knn_env.rs"]
mod knn_env;
use std::path::Path;

/// The environment variable `name` read as a `T`; unset or unreadable is `None`.
fn env<T: std::str::FromStr>(name: &str) -> Option<T> {
    std::env::var(name).ok().and_then(|s| s.parse().ok())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let train = newsfuse_roles::train::read_docs(Path::new(&args[1]))?;
    let dev = newsfuse_roles::train::read_docs(Path::new(&args[2]))?;
    let epochs = args.get(4).and_then(|s| s.parse().ok()).unwrap_or(10);
    let mut opts = newsfuse_roles::train::TrainOptions {
        epochs,
        ..Default::default()
    };
    if let Some(p) = args.get(5).and_then(|s| s.parse().ok()) {
        opts.prune = p;
    }
    if let Some(seed) = env("ROLES_SEED") {
        opts.seed = seed;
    }
    if let Some(n) = env("ROLES_TAGGERS") {
        opts.taggers = n;
    }
    if let Some(n) = env("ROLES_ENTITY_FOLDS") {
        opts.entity_folds = n;
    }
    if let Some(n) = env("ROLES_ROLE_BIAS_ROUNDS") {
        opts.role_bias_rounds = n;
    }
    if let Some(x) = env("ROLES_MARGIN") {
        opts.margin = x;
    }
    if let Some(x) = env("ROLES_MISS_COST") {
        opts.miss_cost = x;
    }
    if std::env::var("ROLES_NO_BOUNDS").is_ok() {
        opts.bounds = None;
    }
    if std::env::var("ROLES_STACK").is_ok() {
        opts.stack = true;
    }
    if let Some(x) = env("ROLES_STACK_RATE") {
        opts.stack_rate = x;
    }
    if let Ok(x) = std::env::var("ROLES_CRF") {
        // "rate,l2,role_weight": the tagger trained by likelihood.
        let v: Vec<f32> = x.split(',').filter_map(|y| y.parse().ok()).collect();
        opts.crf = Some(newsfuse_roles::train::CrfOptions {
            rate: v.first().copied().unwrap_or(0.1),
            l2: v.get(1).copied().unwrap_or(0.0),
            role_weight: v.get(2).copied().unwrap_or(1.0),
        });
    }
    knn_env::apply(&mut opts);
    if std::env::var("ROLES_NO_PRIOR").is_ok() {
        opts.prior = false;
    }
    if std::env::var("ROLES_TAG_ALL").is_ok() {
        opts.tagger_relevant_only = false;
    }
    let t = std::time::Instant::now();
    let out = newsfuse_roles::train::train(
        &train,
        &dev,
        &opts,
        |r| {
            eprintln!(
                "epoch {} mistakes {} dev {:.2} {:.1}s",
                r.epoch, r.mistakes, r.dev_f1, r.seconds
            )
        },
        |b, f| eprintln!("bias {b:.2}: tuned dev {f:.2}"),
    );
    eprintln!(
        "best epoch {} tuned micro {:.2} template {:.2} params {:?} ({:.1}s)",
        out.best_epoch,
        out.dev_micro.f1(),
        out.dev_templates.f1(),
        out.model.params,
        t.elapsed().as_secs_f64()
    );
    for (r, c) in newsfuse_roles::Role::ALL.iter().zip(out.dev_roles) {
        eprintln!(
            "  {} {:.2} ({}/{}/{})",
            r.as_str(),
            c.f1(),
            c.correct,
            c.predicted,
            c.gold
        );
    }
    let bytes = out.model.to_bytes();
    std::fs::write(&args[3], &bytes)?;
    eprintln!("wrote {} bytes", bytes.len());
    Ok(())
}
