//! Diagnostics of the entity stage on dev: per role, how many candidates (gold or not)
//! the decoding gives and the best candidate-level F1 over a threshold on the entity
//! classifier's score against the best span margin alone (relevant messages only).
//! `cargo run --release -p newsfuse-roles --example entity_diag -- TRAIN DEV MODEL`
//! retrains the classifier from jackknifed readings of TRAIN for each set of left-out
//! templates in `ENTITY_DROPS` (comma-separated bit masks, default `0`) and reads dev
//! with MODEL's tagger.
use std::path::Path;

use newsfuse_roles::score::normalize;
use newsfuse_roles::train::{
    entity_examples, jackknife, read_docs, train_entity, typical_margin, TrainOptions,
};
use newsfuse_roles::{entity, Model, Role};

fn best_f1(mut v: Vec<(f32, bool)>, gold: usize) -> (f64, f32) {
    v.sort_by(|a, b| b.0.total_cmp(&a.0));
    let (mut tp, mut best, mut at) = (0usize, 0f64, f32::INFINITY);
    for (i, &(s, y)) in v.iter().enumerate() {
        tp += usize::from(y);
        let f = 200.0 * tp as f64 / ((i + 1) + gold) as f64;
        if f > best {
            best = f;
            at = s;
        }
    }
    (best, at)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let train = read_docs(Path::new(&args[1]))?;
    let dev = read_docs(Path::new(&args[2]))?;
    let mut model = Model::from_bytes(&std::fs::read(&args[3])?)?;
    let env = |k: &str| std::env::var(k).ok().and_then(|s| s.parse::<f32>().ok());
    let mut opts = TrainOptions::default();
    if let Some(b) = env("ENTITY_BIAS") {
        opts.entity_bias = b;
    }
    let relevant: Vec<_> = dev.iter().filter(|d| d.relevant).cloned().collect();
    model.entity_unit = typical_margin(&model, &relevant);
    model.params.outside_bias = opts.entity_bias * model.entity_unit;
    if let Some(x) = env("ENTITY_TAGGER_EPOCHS") {
        opts.entity_tagger_epochs = x as usize;
    }
    let readings = jackknife(&train, &dev, &opts);
    let drops = std::env::var("ENTITY_DROPS").unwrap_or_else(|_| "0".into());
    let raws: Vec<_> = dev
        .iter()
        .filter(|d| d.relevant)
        .map(|d| (d, model.raw(&d.text)))
        .collect();
    for mask in drops.split(',') {
        let mask = u64::from_str_radix(mask.trim_start_matches("0x"), 16)?;
        entity::DROP.store(mask, std::sync::atomic::Ordering::Relaxed);
        let grid = std::env::var("ENTITY_GRID").unwrap_or_else(|_| "0.05:0.001".into());
        for (rate, l2) in grid.split(',').filter_map(|g| {
            let (a, b) = g.split_once(':')?;
            Some((a.parse::<f32>().ok()?, b.parse::<f32>().ok()?))
        }) {
            opts.entity_rate = rate;
            opts.entity_l2 = l2;
            let (table, real) = train_entity(&entity_examples(&train, &readings), &opts);
            model.entity = table;
            model.entity_real = real;
            println!("drop {mask:#x} rate {rate} l2 {l2}:");
            report(&model, &raws);
        }
    }
    Ok(())
}

fn report(model: &Model, raws: &[(&newsfuse_roles::train::Doc, newsfuse_roles::Raw)]) {
    let mut ent: [Vec<(f32, bool)>; 5] = Default::default();
    let mut mar: [Vec<(f32, bool)>; 5] = Default::default();
    let mut gold = [0usize; 5];
    for (d, raw) in raws {
        let cands = entity::candidates(&d.text, raw);
        let lower = d.text.to_lowercase();
        for r in Role::ALL {
            gold[r as usize] += d.gold(r).len();
        }
        for (i, c) in cands.iter().enumerate() {
            let g = d
                .gold(c.role)
                .iter()
                .any(|e| e.iter().any(|m| normalize(m) == c.key));
            let mut f = entity::Feats::default();
            entity::features(
                &d.text,
                &lower,
                raw,
                &cands,
                i,
                model.params.outside_bias,
                model.entity_unit,
                &mut f,
            );
            let m = c
                .spans
                .iter()
                .map(|&s| raw.spans[s].score)
                .fold(f32::NEG_INFINITY, f32::max);
            ent[c.role as usize].push((
                entity::score(&model.entity, &model.entity_real, c.role, &f),
                g,
            ));
            mar[c.role as usize].push((m, g));
        }
    }
    let (mut se, mut sm) = (0.0, 0.0);
    for r in Role::ALL {
        let i = r as usize;
        let pos = ent[i].iter().filter(|x| x.1).count();
        let (fe, te) = best_f1(ent[i].clone(), gold[i]);
        let (fm, tm) = best_f1(mar[i].clone(), gold[i]);
        se += fe;
        sm += fm;
        println!(
            "  {:8} cands {:4} gold-matching {:3} of {:3} gold | best F1 entity {:.1} (at {:.2}) margin {:.1} (at {:.2})",
            r.as_str(),
            ent[i].len(),
            pos,
            gold[i],
            fe,
            te,
            fm,
            tm
        );
    }
    println!(
        "  mean best F1: entity {:.2} margin {:.2}",
        se / 5.0,
        sm / 5.0
    );
}
