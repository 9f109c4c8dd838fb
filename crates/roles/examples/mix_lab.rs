//! Two taggers' emission and transition scores mixed (each in units of its typical
//! margin on dev), the first model's document classifiers, prior and bounds kept:
//! `cargo run --release -p newsfuse-roles --example mix_lab -- DEV A.bin B.bin` prints
//! dev CEAF-REE for each weight of B (`WEIGHTS`, default 0,0.5,1) at each outside bias
//! (`BIASES`, in typical margins of the mix), the filler thresholds re-tuned
//! (`TEMP=t`: fillers scored by marginals at `t` typical margins, `CAND=c`).
use std::path::Path;

use newsfuse_roles::model::Table;
use newsfuse_roles::train::{dev_score, read_docs, tune, typical_margin};
use newsfuse_roles::{Model, Params, Raw, NT};

fn list(var: &str, default: &str) -> Vec<f32> {
    std::env::var(var)
        .unwrap_or_else(|_| default.to_string())
        .split(',')
        .filter_map(|x| x.trim().parse().ok())
        .collect()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let usage = "usage: mix_lab DEV A.bin B.bin";
    let dev = read_docs(Path::new(args.get(1).ok_or(usage)?))?;
    let mut a = Model::from_bytes(&std::fs::read(args.get(2).ok_or(usage)?)?)?;
    let mut b = Model::from_bytes(&std::fs::read(args.get(3).ok_or(usage)?)?)?;
    a.params = Params::default();
    b.params = Params::default();
    let (ua, ub) = (typical_margin(&a, &dev), typical_margin(&b, &dev));
    println!("typical margins {ua:.3} {ub:.3}");
    let temp: Option<f32> = std::env::var("TEMP").ok().and_then(|t| t.parse().ok());
    let cand: f32 = std::env::var("CAND")
        .ok()
        .and_then(|t| t.parse().ok())
        .unwrap_or(f32::INFINITY);
    for w in list("WEIGHTS", "0,0.5,1") {
        let mut rows: std::collections::HashMap<u32, [f32; NT]> = Default::default();
        for (t, f) in [(&a.emissions, 1.0 / ua), (&b.emissions, w / ub)] {
            if f == 0.0 {
                continue;
            }
            for (k, r) in t.rows() {
                let acc = rows.entry(k).or_insert([0.0; NT]);
                for (x, &y) in acc.iter_mut().zip(r) {
                    *x += f * f32::from(y) * t.scale;
                }
            }
        }
        let mut m = a.clone();
        let rows: Vec<(u32, [f32; NT])> = rows.into_iter().collect();
        m.emissions = Table::quantise(rows.iter().copied());
        for (p, row) in m.transitions.iter_mut().enumerate() {
            for (t, x) in row.iter_mut().enumerate() {
                *x = a.transitions[p][t] / ua + w * b.transitions[p][t] / ub;
            }
        }
        let unit = typical_margin(&m, &dev);
        for bias in list("BIASES", "0,0.125,0.25,0.375,0.5") {
            m.params = Params {
                outside_bias: bias * unit,
                temperature: temp.map_or(0.0, |t| t * unit),
                candidate_min: cand,
                ..Params::default()
            };
            let raws: Vec<Raw> = dev.iter().map(|d| m.raw(&d.text)).collect();
            m.params = tune(&m, &dev, &raws);
            let (micro, roles) = dev_score(&m, &dev, &raws, &m.params);
            let per: Vec<String> = roles.iter().map(|c| format!("{:.2}", c.f1())).collect();
            println!(
                "w {w} bias {bias}: CEAF-REE {:.2} roles {}",
                micro.f1(),
                per.join(" ")
            );
        }
    }
    Ok(())
}
