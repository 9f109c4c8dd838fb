//! Dev scores of a model file (or the compiled-in model) under its own thresholds:
//! `cargo run --release -p newsfuse-roles --example dev_score -- DEV.jsonl [MODEL]`
//! prints micro CEAF-REE, each role's and template F1 (GTT), as the training command
//! reports them.
use std::path::Path;

use newsfuse_roles::train::{dev_score, dev_template_score, read_docs};
use newsfuse_roles::{Model, Raw, Role};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let dev = read_docs(Path::new(
        args.get(1).ok_or("usage: dev_score DEV [MODEL]")?,
    ))?;
    let owned;
    let model: &Model = match args.get(2) {
        Some(p) => {
            owned = Model::from_bytes(&std::fs::read(p)?)?;
            &owned
        }
        None => newsfuse_roles::embedded(),
    };
    let raws: Vec<Raw> = dev.iter().map(|d| model.raw(&d.text)).collect();
    let (micro, roles) = dev_score(model, &dev, &raws, &model.params);
    let t = dev_template_score(model, &dev, &raws, &model.params);
    println!(
        "CEAF-REE {:.2} (P {:.2} R {:.2}) template F1 {:.2}",
        micro.f1(),
        100.0 * micro.correct / micro.predicted.max(1.0),
        100.0 * micro.correct / micro.gold.max(1.0),
        t.f1()
    );
    for (r, c) in Role::ALL.iter().zip(roles) {
        println!(
            "  {} {:.2} ({}/{}/{})",
            r.as_str(),
            c.f1(),
            c.correct,
            c.predicted,
            c.gold
        );
    }
    Ok(())
}
