//! Development analysis of the MUC-4 template errors (dev only).
use std::collections::BTreeMap;

use newsfuse_eval::muc4::{ceaf_ree, template_f1, Roles, Template, ROLES};

fn ents(v: &serde_json::Value) -> Vec<Vec<String>> {
    v.as_array()
        .map(|a| {
            a.iter()
                .map(|e| {
                    e.as_array()
                        .map(|m| {
                            m.iter()
                                .filter_map(|s| s.as_str().map(String::from))
                                .collect()
                        })
                        .unwrap_or_default()
                })
                .collect()
        })
        .unwrap_or_default()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: FILE")?;
    let text = std::fs::read_to_string(path)?;
    let docs: Vec<serde_json::Value> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(serde_json::from_str)
        .collect::<Result<_, _>>()?;
    let model = newsfuse_roles::embedded();
    let mut rows: Vec<(
        Roles,
        Vec<Template>,
        bool,
        String,
        newsfuse_roles::Extraction,
        f32,
    )> = Vec::new();
    for d in &docs {
        let t = d["text"].as_str().unwrap_or("");
        let gold_roles: Roles = ROLES
            .iter()
            .map(|r| (r.to_string(), ents(&d["extracts"][r])))
            .collect();
        let gold_t: Vec<Template> = d["templates"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|t| Template {
                        incident_type: t["incident_type"].as_str().unwrap_or("").to_string(),
                        roles: ROLES.iter().map(|r| (r.to_string(), ents(&t[r]))).collect(),
                    })
                    .collect()
            })
            .unwrap_or_default();
        let first_type = gold_t
            .first()
            .map(|t| {
                t.incident_type
                    .split('/')
                    .next()
                    .unwrap_or("")
                    .trim()
                    .to_string()
            })
            .unwrap_or_default();
        let rel = d["relevant"].as_bool().unwrap_or(false);
        let ex = model.extract(t);
        let raw = model.raw(t);
        rows.push((gold_roles, gold_t, rel, first_type, ex, raw.relevance));
    }
    let pred_roles = |ex: &newsfuse_roles::Extraction| -> Roles {
        let mut r: Roles = ROLES.iter().map(|r| (r.to_string(), Vec::new())).collect();
        for f in &ex.fillers {
            r.entry(f.role.as_str().to_string())
                .or_default()
                .push(vec![f.text.clone()]);
        }
        r
    };
    let run = |name: &str, rel: &dyn Fn(usize) -> bool, kind: &dyn Fn(usize) -> String| {
        let mut ree = Vec::new();
        let mut tf = Vec::new();
        for (i, (g, gt, _, _, ex, _)) in rows.iter().enumerate() {
            let pr = if rel(i) { pred_roles(ex) } else { Roles::new() };
            let pt = if rel(i) {
                vec![Template {
                    incident_type: kind(i),
                    roles: pr.clone(),
                }]
            } else {
                vec![]
            };
            ree.push((g.clone(), pr));
            tf.push((gt.clone(), pt));
        }
        let (m, _) = ceaf_ree(&ree);
        let (t, per) = template_f1(&tf);
        println!(
            "{name:40} CEAF {:.2} (P {:.2} R {:.2})  template {:.2} (P {:.2} R {:.2}) type {:.2}",
            100.0 * m.f1(),
            100.0 * m.precision(),
            100.0 * m.recall(),
            100.0 * t.f1(),
            100.0 * t.precision(),
            100.0 * t.recall(),
            100.0 * per[0].1.f1()
        );
    };
    let pk = |i: usize| rows[i].4.incident_type.to_string();
    run("baseline (all)", &|_| true, &pk);
    run("oracle relevance", &|i| rows[i].2, &pk);
    run("oracle relevance + first type", &|i| rows[i].2, &|i| {
        rows[i].3.clone()
    });
    run("all + oracle first type", &|_| true, &|i| rows[i].3.clone());
    run("has fillers", &|i| !rows[i].4.fillers.is_empty(), &pk);
    let mut rels: Vec<f32> = rows.iter().map(|r| r.5).collect();
    rels.sort_by(f32::total_cmp);
    for q in [0.2, 0.3, 0.35, 0.4, 0.45, 0.5] {
        let th = rels[(q * rels.len() as f64) as usize];
        run(
            &format!("relevance >= q{q} ({th:.2})"),
            &|i| rows[i].5 >= th,
            &pk,
        );
    }
    // Ceilings with gold fillers.
    let types_of = |gt: &[Template]| -> Vec<String> {
        let mut v: Vec<String> = Vec::new();
        for t in gt {
            let k = t
                .incident_type
                .split('/')
                .next()
                .unwrap_or("")
                .trim()
                .to_string();
            if !v.contains(&k) {
                v.push(k);
            }
        }
        v
    };
    for (name, gold_fill, dup) in [
        ("gold fillers, one template", true, false),
        ("gold fillers, template per type", true, true),
        ("pred fillers, oracle rel, template per type", false, true),
    ] {
        let mut tf = Vec::new();
        for (g, gt, rel, _, ex, _) in &rows {
            if !rel {
                tf.push((gt.clone(), vec![]));
                continue;
            }
            let roles = if gold_fill {
                g.iter()
                    .map(|(k, v)| (k.clone(), v.iter().map(|e| vec![e[0].clone()]).collect()))
                    .collect()
            } else {
                pred_roles(ex)
            };
            let ts = types_of(gt);
            let ts = if dup { ts } else { ts[..1].to_vec() };
            let pt = ts
                .into_iter()
                .map(|k| Template {
                    incident_type: k,
                    roles: roles.clone(),
                })
                .collect();
            tf.push((gt.clone(), pt));
        }
        let (t, per) = template_f1(&tf);
        println!(
            "{name:40} template {:.2} (P {:.2} R {:.2}) type {:.2}",
            100.0 * t.f1(),
            100.0 * t.precision(),
            100.0 * t.recall(),
            100.0 * per[0].1.f1()
        );
    }
    let mut correct = 0;
    for r in &rows {
        if r.2 == (r.5 >= 0.0) {
            correct += 1;
        }
    }
    println!("relevance acc at 0: {correct}/{}", rows.len());
    let _ = BTreeMap::<u8, u8>::new();
    Ok(())
}
