//! Dev scores of the compiled-in model with span bounds learned from train:
//! `cargo run --release -p newsfuse-roles --example bounds_lab -- TRAIN DEV [MODEL]`
//! prints CEAF-REE and template F1 without the bounds table and with it for a few
//! (min count, ratio) settings, under the model's thresholds and re-tuned ones.
use std::path::Path;

use newsfuse_roles::train::{bounds_table, dev_score, dev_template_score, read_docs};
use newsfuse_roles::Raw;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let train = read_docs(Path::new(args.get(1).ok_or("usage: bounds_lab TRAIN DEV")?))?;
    let dev = read_docs(Path::new(args.get(2).ok_or("usage: bounds_lab TRAIN DEV")?))?;
    let mut model = match args.get(3) {
        Some(p) => newsfuse_roles::Model::from_bytes(&std::fs::read(p)?)?,
        None => newsfuse_roles::embedded().clone(),
    };
    let raws: Vec<Raw> = dev.iter().map(|d| model.raw(&d.text)).collect();
    let show = |name: &str, model: &newsfuse_roles::Model| {
        let (micro, roles) = dev_score(model, &dev, &raws, &model.params);
        let t = dev_template_score(model, &dev, &raws, &model.params);
        let per: Vec<String> = roles.iter().map(|c| format!("{:.2}", c.f1())).collect();
        println!(
            "{name}: CEAF-REE {:.2} template {:.2} roles {}",
            micro.f1(),
            t.f1(),
            per.join(" ")
        );
    };
    show("none", &model);
    for (min, ratio, extend) in [
        (2, 1.0, false),
        (2, 1.0, true),
        (3, 1.0, true),
        (2, 2.0, true),
        (5, 1.0, true),
    ] {
        model.bounds = bounds_table(&train, min, ratio, extend);
        show(
            &format!(
                "min {min} ratio {ratio} extend {extend} ({} words)",
                model.bounds.len()
            ),
            &model,
        );
    }
    Ok(())
}
