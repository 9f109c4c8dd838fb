//! Development lab: dev template F1 and CEAF-REE of a model under oracle relevance and
//! oracle incident types (ceilings of the document side), where the template counts
//! come from (by kind of message), and a few incident rules tried as post-processing.
//! `tmpl_lab DEV [MODEL]` (`VERBOSE=1`: relevant messages whose type set differs).
use std::path::Path;

use newsfuse_roles::train::{dev_score, dev_template_score, read_docs};
use newsfuse_roles::{Model, INCIDENT_TYPES};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let dev = read_docs(Path::new(&args[1]))?;
    let model = match args.get(2) {
        Some(p) => Model::from_bytes(&std::fs::read(p)?)?,
        None => newsfuse_roles::embedded().clone(),
    };
    let raws: Vec<_> = dev.iter().map(|d| model.raw(&d.text)).collect();
    let show = |name: &str, raws: &[newsfuse_roles::Raw]| {
        let t = dev_template_score(&model, &dev, raws, &model.params);
        let (m, _) = dev_score(&model, &dev, raws, &model.params);
        println!(
            "{name:40} template {:.2} (P {:.2} R {:.2}, {} pred {} gold) CEAF {:.2} (P {:.2} R {:.2})",
            t.f1(),
            100.0 * t.matched_pred / t.predicted,
            100.0 * t.matched_gold / t.gold,
            t.predicted,
            t.gold,
            m.f1(),
            100.0 * m.correct / m.predicted,
            100.0 * m.correct / m.gold
        );
    };
    show("model", &raws);
    // Where the counts come from.
    let mut cat: std::collections::BTreeMap<String, newsfuse_roles::score::TemplateCounts> =
        Default::default();
    for (d, r) in dev.iter().zip(&raws) {
        let ex = model.assemble(&d.text, r, &model.params);
        let gold: Vec<_> = d.templates.iter().map(|t| t.scored()).collect();
        let pred = newsfuse_roles::train::predicted_templates(&ex);
        let c = newsfuse_roles::score::template_counts(&gold, &pred);
        let mut ps: Vec<&str> = ex.incidents.iter().map(|i| i.incident_type).collect();
        ps.sort();
        ps.dedup();
        let set = d.type_set();
        let gs: Vec<&str> = (0..INCIDENT_TYPES.len())
            .filter(|&k| set[k])
            .map(|k| INCIDENT_TYPES[k])
            .collect();
        let key = match (d.relevant, pred.is_empty()) {
            (false, true) => "irrelevant, none".to_string(),
            (false, false) => "irrelevant, predicted".to_string(),
            (true, true) => "relevant, none".to_string(),
            (true, false) => format!(
                "relevant, types {}, count {}",
                if ps == gs { "exact" } else { "differ" },
                match pred.len().cmp(&gold.len()) {
                    std::cmp::Ordering::Less => "fewer",
                    std::cmp::Ordering::Equal => "same",
                    std::cmp::Ordering::Greater => "more",
                }
            ),
        };
        if std::env::var("VERBOSE").is_ok() && d.relevant && ps != gs {
            println!(
                "  {} gold {:?} ({} templates) pred {:?} ({})",
                d.id,
                gs,
                gold.len(),
                ps,
                pred.len()
            );
        }
        let e = cat.entry(key).or_default();
        e.add(c);
        e.add(newsfuse_roles::score::TemplateCounts::default());
    }
    for (k, c) in &cat {
        println!(
            "  {k:40} matched_pred {:>5} predicted {:>5} matched_gold {:>5} gold {:>5}",
            c.matched_pred, c.predicted, c.matched_gold, c.gold
        );
    }
    let orel: Vec<_> = dev
        .iter()
        .zip(&raws)
        .map(|(d, r)| {
            let mut r = r.clone();
            r.relevance = if d.relevant { 1e6 } else { -1e6 };
            r
        })
        .collect();
    show("oracle relevance", &orel);
    // The first type as the best per-type score instead of the first-type classifier.
    let by_types: Vec<_> = raws
        .iter()
        .map(|r| {
            let mut r = r.clone();
            r.kind = (0..r.types.len())
                .max_by(|&a, &b| r.types[a].total_cmp(&r.types[b]).then(b.cmp(&a)))
                .unwrap_or(0);
            r
        })
        .collect();
    show("first type = best per-type score", &by_types);
    // One incident per member of a list of Target (Victim) fillers ("A, B and C").
    for role in [newsfuse_roles::Role::Target, newsfuse_roles::Role::Victim] {
        let mut tot = newsfuse_roles::score::TemplateCounts::default();
        let mut lists = 0;
        for (d, r) in dev.iter().zip(&raws) {
            let mut ex = model.assemble(&d.text, r, &model.params);
            let fl = ex.fillers.clone();
            let mut out = Vec::new();
            for inc in ex.incidents.drain(..) {
                let mut ts: Vec<usize> = inc
                    .fillers
                    .iter()
                    .copied()
                    .filter(|&i| fl[i].role == role)
                    .collect();
                ts.sort_by_key(|&i| fl[i].mentions[0].0);
                // Longest run of consecutive mentions joined by list punctuation.
                let joined = |a: usize, b: usize| {
                    let gap =
                        &d.text[fl[a].mentions[0].1.min(fl[b].mentions[0].0)..fl[b].mentions[0].0];
                    let g = gap.trim();
                    matches!(g, "," | "and" | ", and" | "or" | ", or")
                };
                let mut best: Vec<usize> = Vec::new();
                let mut cur: Vec<usize> = Vec::new();
                for &t in &ts {
                    if cur.last().is_some_and(|&l| joined(l, t)) {
                        cur.push(t);
                    } else {
                        cur = vec![t];
                    }
                    if cur.len() > best.len() {
                        best = cur.clone();
                    }
                }
                if best.len() < 2 {
                    out.push(inc);
                    continue;
                }
                lists += 1;
                let rest: Vec<usize> = inc
                    .fillers
                    .iter()
                    .copied()
                    .filter(|i| !best.contains(i))
                    .collect();
                one_per(inc.incident_type, &best, &rest, &mut out);
            }
            ex.incidents = out;
            let gold: Vec<_> = d.templates.iter().map(|t| t.scored()).collect();
            let pred = newsfuse_roles::train::predicted_templates(&ex);
            tot.add(newsfuse_roles::score::template_counts(&gold, &pred));
        }
        println!(
            "one incident per listed {role:?}: {lists} lists, {}",
            prf(&tot)
        );
    }
    // One incident per Target filler (per role r) in incidents of type k.
    for role in [newsfuse_roles::Role::Target, newsfuse_roles::Role::Victim] {
        for k in INCIDENT_TYPES.iter().take(4) {
            let mut tot = newsfuse_roles::score::TemplateCounts::default();
            for (d, r) in dev.iter().zip(&raws) {
                let mut ex = model.assemble(&d.text, r, &model.params);
                let fl = ex.fillers.clone();
                let mut out = Vec::new();
                for inc in ex.incidents.drain(..) {
                    let (ts, rest): (Vec<usize>, Vec<usize>) =
                        inc.fillers.iter().partition(|&&i| fl[i].role == role);
                    if inc.incident_type != *k || ts.len() < 2 {
                        out.push(inc);
                        continue;
                    }
                    one_per(inc.incident_type, &ts, &rest, &mut out);
                }
                ex.incidents = out;
                let gold: Vec<_> = d.templates.iter().map(|t| t.scored()).collect();
                let pred = newsfuse_roles::train::predicted_templates(&ex);
                tot.add(newsfuse_roles::score::template_counts(&gold, &pred));
            }
            println!("one incident per {role:?} in {k:12} {}", prf(&tot));
        }
    }
    // First type: classifier against the cue nearest the fillers.
    {
        let (mut a, mut b, mut n, mut has) = (0, 0, 0, 0);
        for (d, r) in dev.iter().zip(&orel) {
            if !d.relevant {
                continue;
            }
            n += 1;
            let ex = model.assemble(&d.text, r, &model.params);
            let mut votes = [0f32; INCIDENT_TYPES.len()];
            for f in &ex.fillers {
                let at = f.mentions[0].0;
                if let Some((_, k)) = r.cues.iter().map(|&(p, k)| (p.abs_diff(at), k)).min() {
                    votes[k] += 1.0;
                }
            }
            let gold = d.kind();
            if gold == Some(r.kind) {
                a += 1;
            }
            let best =
                (0..votes.len()).max_by(|&x, &y| votes[x].total_cmp(&votes[y]).then(y.cmp(&x)));
            if votes.iter().any(|&v| v > 0.0) {
                has += 1;
                if gold == best {
                    b += 1;
                }
            } else if gold == Some(r.kind) {
                b += 1;
            }
        }
        println!("first type: classifier {a}/{n}, nearest-cue vote {b}/{n} ({has} with votes)");
    }
    // Extra incidents (beyond the first) kept only when they hold a split-role filler.
    {
        let mut tot = newsfuse_roles::score::TemplateCounts::default();
        for (d, r) in dev.iter().zip(&raws) {
            let mut ex = model.assemble(&d.text, r, &model.params);
            let first = ex.incidents.first().map(|i| i.incident_type);
            let fl = ex.fillers.clone();
            let own = |inc: &newsfuse_roles::Incident| {
                inc.fillers
                    .iter()
                    .any(|&f| model.params.split[fl[f].role as usize])
            };
            let mut seen_first = false;
            ex.incidents.retain(|inc| {
                if Some(inc.incident_type) == first && !seen_first {
                    seen_first = true;
                    return true;
                }
                own(inc)
            });
            let gold: Vec<_> = d.templates.iter().map(|t| t.scored()).collect();
            let pred = newsfuse_roles::train::predicted_templates(&ex);
            tot.add(newsfuse_roles::score::template_counts(&gold, &pred));
        }
        println!("{:40} {}", "extras only with own fillers", prf(&tot));
    }
    // The first incident too dropped when it holds no split-role filler of its own and
    // a further incident does (`first only`: only when the first is an attack).
    for attack_only in [false, true] {
        let mut tot = newsfuse_roles::score::TemplateCounts::default();
        let mut dropped = 0;
        for (d, r) in dev.iter().zip(&raws) {
            let mut ex = model.assemble(&d.text, r, &model.params);
            let fl = ex.fillers.clone();
            let own = |inc: &newsfuse_roles::Incident| {
                inc.fillers
                    .iter()
                    .any(|&f| model.params.split[fl[f].role as usize])
            };
            if ex.incidents.len() >= 2
                && !own(&ex.incidents[0])
                && ex.incidents[1..].iter().any(own)
                && (!attack_only || ex.incidents[0].incident_type == "attack")
            {
                ex.incidents.remove(0);
                dropped += 1;
            }
            let gold: Vec<_> = d.templates.iter().map(|t| t.scored()).collect();
            let pred = newsfuse_roles::train::predicted_templates(&ex);
            tot.add(newsfuse_roles::score::template_counts(&gold, &pred));
        }
        let name = format!(
            "first dropped without own fillers{} ({dropped})",
            if attack_only { ", attack" } else { "" }
        );
        println!("{name:40} {}", prf(&tot));
    }
    // The classified type's own minimum (`Params::first_type_min`) over a grid, the
    // other parameters as tuned.
    for th in [f32::NEG_INFINITY, 0.0, 1.0, 1.5, 2.0, 2.5, 3.0, 4.0] {
        let p = newsfuse_roles::Params {
            first_type_min: th,
            ..model.params
        };
        let t = dev_template_score(&model, &dev, &raws, &p);
        let name = format!("classified type's own minimum {th}");
        println!("{name:40} {}", prf(&t));
    }
    // Duplicating each predicted type's templates up to the gold count of that type.
    let dup = |raws: &[newsfuse_roles::Raw], name: &str| {
        let mut tot = newsfuse_roles::score::TemplateCounts::default();
        for (d, r) in dev.iter().zip(raws) {
            let ex = model.assemble(&d.text, r, &model.params);
            let gold: Vec<_> = d.templates.iter().map(|t| t.scored()).collect();
            let mut pred = newsfuse_roles::train::predicted_templates(&ex);
            for k in INCIDENT_TYPES {
                let g = gold.iter().filter(|t| t.kind.contains(k)).count();
                let have: Vec<_> = pred.iter().filter(|t| t.kind == k).cloned().collect();
                if let Some(first) = have.first() {
                    for _ in have.len()..g {
                        pred.push(first.clone());
                    }
                }
            }
            tot.add(newsfuse_roles::score::template_counts(&gold, &pred));
        }
        println!("{name:40} {}", prf(&tot));
    };
    dup(&raws, "model + oracle same-type count (dup)");
    dup(&orel, "oracle rel + oracle count (dup)");
    let otype: Vec<_> = dev
        .iter()
        .zip(&orel)
        .map(|(d, r)| {
            let mut r = r.clone();
            if let Some(k) = d.kind() {
                r.kind = k;
            }
            r.types = d.type_set().map(|on| if on { 1e6 } else { -1e6 });
            r
        })
        .collect();
    show("oracle relevance + types", &otype);
    dup(&otype, "oracle rel + types + count (dup)");
    let otype_only: Vec<_> = dev
        .iter()
        .zip(&raws)
        .zip(&otype)
        .map(|((d, r), o)| {
            let mut r = r.clone();
            if d.relevant {
                r.kind = o.kind;
                r.types = o.types;
            }
            r
        })
        .collect();
    show("oracle types (relevant docs)", &otype_only);
    Ok(())
}

/// One incident per filler in `each`, every one holding the `rest` of the fillers too.
fn one_per(
    incident_type: &'static str,
    each: &[usize],
    rest: &[usize],
    out: &mut Vec<newsfuse_roles::Incident>,
) {
    for &t in each {
        let mut fillers = rest.to_vec();
        fillers.push(t);
        out.push(newsfuse_roles::Incident {
            incident_type,
            fillers,
        });
    }
}

/// Template F1 with its precision and recall, as the lab prints them.
fn prf(tot: &newsfuse_roles::score::TemplateCounts) -> String {
    format!(
        "template {:.2} (P {:.2} R {:.2})",
        tot.f1(),
        100.0 * tot.matched_pred / tot.predicted,
        100.0 * tot.matched_gold / tot.gold
    )
}
