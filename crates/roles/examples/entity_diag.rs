//! Diagnostics of the entity stage on dev: per role, how many candidates (gold or not)
//! the decoding gives and the best candidate-level F1 over a threshold on the entity
//! classifier's score against the best span margin alone (relevant messages only).
//! `cargo run --release -p newsfuse-roles --example entity_diag -- TRAIN DEV MODEL`
//! retrains the classifier from jackknifed readings of TRAIN for each set of left-out
//! templates in `ENTITY_DROPS` (comma-separated bit masks, default `0`) and reads dev
//! with MODEL's tagger. `MARG_T=t` (typical margins) reads both with tag marginals at
//! that temperature and marginal candidates at `MARG_CAND` (default 0.1): features
//! from the probabilities turned into margins plus [`entity::probability_keys`],
//! compared with the noisy-or and the best span probability alone.
use std::path::Path;

use newsfuse_roles::score::normalize;
use newsfuse_roles::train::{
    jackknife, read_docs, train_entity, typical_margin, Doc, EntityExample, TrainOptions,
};
use newsfuse_roles::{entity, Model, Raw, Role};

/// One relevant message's reading: the one features are read from (probabilities
/// turned into margins with marginals), the probabilities, and the bias and unit.
struct Read<'a> {
    doc: &'a Doc,
    feat: Raw,
    probs: Option<Raw>,
    /// With marginals and `VITERBI=1`: the Viterbi reading, for [`entity::viterbi_keys`].
    margins: Option<Raw>,
    /// The outside bias the reading was decoded under.
    decoded_bias: f32,
    bias: f32,
    unit: f32,
}

/// Candidate `i`'s features in reading `r`.
fn feats(r: &Read, cands: &[entity::Candidate], lower: &str, i: usize) -> entity::Feats {
    let mut f = entity::Feats::default();
    entity::features(
        &r.doc.text,
        lower,
        &r.feat,
        cands,
        i,
        r.bias,
        r.unit,
        &mut f,
    );
    if let Some(p) = &r.probs {
        entity::probability_keys(p, &cands[i], &mut f);
        if let Some(m) = &r.margins {
            entity::viterbi_keys(m, p, &cands[i], r.decoded_bias, r.unit, &mut f);
        }
    }
    f
}

/// A message's reading as [`Read`]: with marginals (`marg`: the temperature in
/// typical margins) the features read the probabilities as margins, bias 0.
fn read(
    marg: Option<f32>,
    d: &Doc,
    raw: Raw,
    margins: Option<Raw>,
    bias: f32,
    unit: f32,
) -> Read<'_> {
    let margins = margins.filter(|_| std::env::var("VITERBI").is_ok());
    match marg {
        Some(t) => Read {
            doc: d,
            feat: entity::probabilities_as_margins(&raw, t * unit),
            probs: Some(raw),
            margins,
            decoded_bias: bias,
            bias: 0.0,
            unit,
        },
        None => Read {
            doc: d,
            feat: raw,
            probs: None,
            margins: None,
            decoded_bias: bias,
            bias,
            unit,
        },
    }
}

fn is_gold(d: &Doc, c: &entity::Candidate) -> bool {
    d.gold(c.role)
        .iter()
        .any(|e| e.iter().any(|m| normalize(m) == c.key))
}

fn examples(reads: &[Read]) -> Vec<EntityExample> {
    let mut out = Vec::new();
    for r in reads {
        let cands = entity::candidates(&r.doc.text, &r.feat);
        let lower = r.doc.text.to_lowercase();
        for (i, c) in cands.iter().enumerate() {
            out.push((c.role, feats(r, &cands, &lower, i), is_gold(r.doc, c)));
        }
    }
    out
}

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
    if let Some(s) = std::env::var("ROLES_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
    {
        opts.seed = s;
    }
    if let Some(x) = env("ENTITY_TAGGER_EPOCHS") {
        opts.entity_tagger_epochs = x as usize;
    }
    let marg = env("MARG_T").filter(|&t| t > 0.0);
    if let Some(t) = marg {
        opts.entity_temperature = t;
        opts.entity_candidate_min = env("MARG_CAND").unwrap_or(0.1);
        model.params.temperature = t * model.entity_unit;
        model.params.candidate_min = opts.entity_candidate_min;
    }
    let t0 = std::time::Instant::now();
    let readings = jackknife(&train, &dev, &opts);
    eprintln!(
        "jackknife: {} readings in {:.0} s",
        readings.len(),
        t0.elapsed().as_secs_f32()
    );
    let drops = std::env::var("ENTITY_DROPS").unwrap_or_else(|_| "0".into());
    // Each reading as (doc, features' reading, probability reading, bias, unit).
    let mut viterbi = model.clone();
    viterbi.params.temperature = 0.0;
    let raws: Vec<Read> = dev
        .iter()
        .filter(|d| d.relevant)
        .map(|d| {
            read(
                marg,
                d,
                model.raw(&d.text),
                marg.map(|_| viterbi.raw(&d.text)),
                model.params.outside_bias,
                model.entity_unit,
            )
        })
        .collect();
    let train_reads: Vec<Read> = readings
        .into_iter()
        .filter_map(|rd| {
            Some(read(
                marg,
                train.get(rd.doc)?,
                rd.raw,
                rd.margins,
                rd.bias,
                rd.unit,
            ))
        })
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
            let (table, real) = train_entity(&examples(&train_reads), &opts);
            model.entity = table;
            model.entity_real = real;
            println!("drop {mask:#x} rate {rate} l2 {l2}:");
            report(&model, &raws);
        }
    }
    Ok(())
}

fn report(model: &Model, raws: &[Read]) {
    let mut ent: [Vec<(f32, bool)>; 5] = Default::default();
    let mut mar: [Vec<(f32, bool)>; 5] = Default::default();
    let mut best: [Vec<(f32, bool)>; 5] = Default::default();
    let mut gold = [0usize; 5];
    for r in raws {
        let d = r.doc;
        let cands = entity::candidates(&d.text, &r.feat);
        let lower = d.text.to_lowercase();
        for role in Role::ALL {
            gold[role as usize] += d.gold(role).len();
        }
        for (i, c) in cands.iter().enumerate() {
            let g = is_gold(d, c);
            let f = feats(r, &cands, &lower, i);
            ent[c.role as usize].push((
                entity::score(&model.entity, &model.entity_real, c.role, &f),
                g,
            ));
            match &r.probs {
                Some(p) => {
                    let (or, b) = entity::probabilities(p, c);
                    mar[c.role as usize].push((or, g));
                    best[c.role as usize].push((b, g));
                }
                None => {
                    let m = c
                        .spans
                        .iter()
                        .map(|&s| r.feat.spans[s].score)
                        .fold(f32::NEG_INFINITY, f32::max);
                    mar[c.role as usize].push((m, g));
                    best[c.role as usize].push((m, g));
                }
            }
        }
    }
    let (mut se, mut sm, mut sb) = (0.0, 0.0, 0.0);
    for r in Role::ALL {
        let i = r as usize;
        let pos = ent[i].iter().filter(|x| x.1).count();
        let (fe, te) = best_f1(ent[i].clone(), gold[i]);
        let (fm, tm) = best_f1(mar[i].clone(), gold[i]);
        let (fb, tb) = best_f1(best[i].clone(), gold[i]);
        se += fe;
        sm += fm;
        sb += fb;
        println!(
            "  {:8} cands {:4} gold-matching {:3} of {:3} gold | best F1 entity {:.1} (at {:.2}) noisy-or/margin {:.1} (at {:.2}) best {:.1} (at {:.2})",
            r.as_str(),
            ent[i].len(),
            pos,
            gold[i],
            fe,
            te,
            fm,
            tm,
            fb,
            tb
        );
    }
    println!(
        "  mean best F1: entity {:.2} noisy-or/margin {:.2} best {:.2}",
        se / 5.0,
        sm / 5.0,
        sb / 5.0
    );
}
