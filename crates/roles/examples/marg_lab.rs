//! Filler scores from tag marginals on a model's own tagger, no retraining:
//! `cargo run --release -p newsfuse-roles --example marg_lab -- DEV [MODEL]` prints dev
//! CEAF-REE (per role) and template F1 for the model as it is, then for each
//! temperature (`TEMPS`, in units of the tagger's typical margin) and candidate minimum
//! (`CANDS`, `inf`: the Viterbi spans only), the filler thresholds re-tuned on dev
//! (`BEST=1`: a filler scores its best span's probability, not the noisy-or; `ABSOLUTE=1`: temperatures in the scores' own units; `BIAS=x`: the outside bias in typical margins instead of the model's; `TEMPLATES=1`:
//! the template parameters re-tuned too).
use std::path::Path;

use newsfuse_roles::train::{
    dev_score, dev_template_score, read_docs, tune, tune_templates, typical_margin,
};
use newsfuse_roles::{Model, Raw};

fn list(var: &str, default: &str) -> Vec<f32> {
    std::env::var(var)
        .unwrap_or_else(|_| default.to_string())
        .split(',')
        .filter_map(|x| x.trim().parse().ok())
        .collect()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let dev = read_docs(Path::new(args.get(1).ok_or("usage: marg_lab DEV [MODEL]")?))?;
    let mut model = match args.get(2) {
        Some(p) => Model::from_bytes(&std::fs::read(p)?)?,
        None => newsfuse_roles::embedded().clone(),
    };
    let templates = std::env::var("TEMPLATES").is_ok();
    let absolute = std::env::var("ABSOLUTE").is_ok();
    let unit = typical_margin(&model, &dev);
    let base = model.params;
    let show = |name: &str, model: &Model, raws: &[Raw]| {
        let (micro, roles) = dev_score(model, &dev, raws, &model.params);
        let t = dev_template_score(model, &dev, raws, &model.params);
        let per: Vec<String> = roles.iter().map(|c| format!("{:.2}", c.f1())).collect();
        println!(
            "{name}: CEAF-REE {:.2} (P {:.2} R {:.2}) template {:.2} roles {}",
            micro.f1(),
            100.0 * micro.correct / micro.predicted.max(1.0),
            100.0 * micro.correct / micro.gold.max(1.0),
            t.f1(),
            per.join(" ")
        );
    };
    let raws: Vec<Raw> = dev.iter().map(|d| model.raw(&d.text)).collect();
    println!(
        "typical margin {unit:.2}, outside bias {:.2}",
        base.outside_bias
    );
    show("model", &model, &raws);
    model.params = tune(&model, &dev, &raws);
    show("viterbi margins, re-tuned", &model, &raws);
    let bias = std::env::var("BIAS")
        .ok()
        .and_then(|b| b.parse::<f32>().ok())
        .map(|b| b * unit);
    for temp in list("TEMPS", "0.05,0.1,0.2,0.4") {
        for cand in list("CANDS", "inf,0.3,0.1,0.03") {
            model.params = base;
            if let Some(b) = bias {
                model.params.outside_bias = b;
            }
            model.params.temperature = if absolute { temp } else { temp * unit };
            model.params.candidate_min = cand;
            model.params.noisy_or = std::env::var("BEST").is_err();
            let raws: Vec<Raw> = dev.iter().map(|d| model.raw(&d.text)).collect();
            let n: usize = raws.iter().map(|r| r.spans.len()).sum();
            // Every span kept (no thresholds, every text relevant): the recall ceiling.
            let open = newsfuse_roles::Params {
                threshold: [f32::NEG_INFINITY; 5],
                relevance: f32::NEG_INFINITY,
                ..model.params
            };
            let (all, per) = dev_score(&model, &dev, &raws, &open);
            let per: Vec<String> = per
                .iter()
                .map(|c| format!("{:.1}", 100.0 * c.correct / c.gold.max(1.0)))
                .collect();
            println!(
                "  open recall {:.2} roles {}",
                100.0 * all.correct / all.gold.max(1.0),
                per.join(" ")
            );
            model.params = tune(&model, &dev, &raws);
            if templates {
                model.params = tune_templates(&model, &dev, &raws, model.params);
            }
            show(&format!("T {temp} cand {cand} ({n} spans)"), &model, &raws);
        }
    }
    Ok(())
}
