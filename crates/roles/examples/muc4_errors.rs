//! Error analysis of the compiled-in reader (or a model file) on MUC-4 dev:
//! `cargo run --release -p newsfuse-roles --example muc4_errors -- ../shared/data/muc4/dev.jsonl [MODEL]`.
//! Per role: gold entities missed and why (message judged not relevant; tagged as
//! another role; tagged but under the threshold; never tagged; not in the text),
//! spurious fillers (string of another role's gold, or of no gold), and per message
//! the template errors (missing, extra, wrongly typed; gold templates of one type).
//! Listings on request: `SHOW_NEVER=1` the gold entities never tagged, `SHOW_BOUNDS=1`
//! the fillers with other bounds than a gold mention, `SHOW_NOGOLD=1` the fillers
//! matching no gold of any role, `SHOW_ALL=1` every predicted filler (message, role,
//! string, correct, message relevant; tab-separated).
use std::collections::BTreeMap;
use std::path::Path;

use newsfuse_roles::score::normalize;
use newsfuse_roles::{Model, Role};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let path = args.get(1).ok_or("usage: muc4_errors DEV.jsonl [MODEL]")?;
    let docs = newsfuse_roles::train::read_docs(Path::new(path))?;
    let owned;
    let model: &Model = match args.get(2) {
        Some(p) => {
            owned = Model::from_bytes(&std::fs::read(p)?)?;
            &owned
        }
        None => newsfuse_roles::embedded(),
    };
    let mut miss: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    let mut spur: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    let mut tmpl: BTreeMap<&str, usize> = BTreeMap::new();
    for d in &docs {
        let raw = model.raw(&d.text);
        let ex = model.assemble(&d.text, &raw, &model.params);
        let raw_keys: Vec<(Role, String, f32)> = raw
            .spans
            .iter()
            .filter_map(|s| {
                d.text
                    .get(s.start..s.end)
                    .map(|m| (s.role, normalize(m), s.score))
            })
            .collect();
        for role in Role::ALL {
            let pred: Vec<String> = ex
                .fillers
                .iter()
                .filter(|f| f.role == role)
                .map(|f| normalize(&f.text))
                .collect();
            for e in d.gold(role) {
                let alts: Vec<String> = e.iter().map(|m| normalize(m)).collect();
                if pred.iter().any(|p| alts.contains(p)) {
                    *miss.entry((role.as_str(), "found")).or_default() += 1;
                    continue;
                }
                let why = if !ex.relevant {
                    "message not relevant"
                } else if ex
                    .fillers
                    .iter()
                    .any(|f| f.role != role && alts.contains(&normalize(&f.text)))
                {
                    "kept as another role"
                } else if raw_keys
                    .iter()
                    .any(|(r, k, _)| *r == role && alts.contains(k))
                {
                    "tagged, under threshold"
                } else if raw_keys.iter().any(|(_, k, _)| alts.contains(k)) {
                    "tagged as another role, dropped"
                } else if raw_keys.iter().any(|(r, k, _)| {
                    *r == role
                        && alts
                            .iter()
                            .any(|a| a.contains(k.as_str()) || k.contains(a.as_str()))
                }) {
                    "tagged with other bounds"
                } else {
                    if std::env::var("SHOW_NEVER").is_ok() {
                        println!("never {}: {:?}", role.as_str(), e);
                    }
                    "never tagged"
                };
                *miss.entry((role.as_str(), why)).or_default() += 1;
            }
            for p in &pred {
                let own = d
                    .gold(role)
                    .iter()
                    .any(|e| e.iter().any(|m| normalize(m) == *p));
                let other = Role::ALL.iter().any(|&r| {
                    r != role
                        && d.gold(r)
                            .iter()
                            .any(|e| e.iter().any(|m| normalize(m) == *p))
                });
                let partial = d.gold(role).iter().any(|e| {
                    e.iter().any(|m| {
                        let m = normalize(m);
                        m.contains(p.as_str()) || p.contains(m.as_str())
                    })
                });
                if std::env::var("SHOW_ALL").is_ok() {
                    println!(
                        "pred\t{}\t{}\t{}\t{}\t{}",
                        d.id,
                        role.as_str(),
                        p,
                        own,
                        d.relevant
                    );
                }
                let why = if own {
                    "correct (or duplicate)"
                } else if other {
                    "gold of another role"
                } else if !d.relevant {
                    "in a non-relevant message"
                } else if partial {
                    if std::env::var("SHOW_BOUNDS").is_ok() {
                        let golds: Vec<&String> = d
                            .gold(role)
                            .iter()
                            .flatten()
                            .filter(|m| {
                                let m = normalize(m);
                                m.contains(p.as_str()) || p.contains(m.as_str())
                            })
                            .collect();
                        println!("bounds {}: {p:?} vs {golds:?}", role.as_str());
                    }
                    "other bounds of a gold"
                } else {
                    if std::env::var("SHOW_NOGOLD").is_ok() {
                        println!(
                            "nogold {} {}: {p:?} | gold {:?}",
                            d.id,
                            role.as_str(),
                            d.gold(role)
                        );
                    }
                    "no gold"
                };
                *spur.entry((role.as_str(), why)).or_default() += 1;
            }
        }
        // Templates.
        let gold_types: Vec<&str> = d
            .templates
            .iter()
            .map(|t| t.incident_type.as_str())
            .collect();
        let pred_types: Vec<&str> = ex.incidents.iter().map(|i| i.incident_type).collect();
        let mut by_type: BTreeMap<&str, usize> = BTreeMap::new();
        for t in &gold_types {
            *by_type.entry(t).or_default() += 1;
        }
        if by_type.values().any(|&n| n > 1) {
            *tmpl
                .entry("messages with 2+ gold templates of one type")
                .or_default() += 1;
            let n: usize = by_type.values().filter(|&&n| n > 1).map(|n| n - 1).sum();
            *tmpl
                .entry("  extra same-type gold templates in them")
                .or_default() += n;
        }
        if gold_types.len() > 1 {
            *tmpl.entry("messages with 2+ gold templates").or_default() += 1;
        }
        *tmpl.entry("gold templates").or_default() += gold_types.len();
        *tmpl.entry("predicted templates").or_default() += pred_types.len();
        if gold_types.is_empty() && !pred_types.is_empty() {
            *tmpl
                .entry("templates predicted for a non-relevant message")
                .or_default() += pred_types.len();
        }
        if !gold_types.is_empty() && pred_types.is_empty() {
            *tmpl
                .entry("relevant message, no template predicted")
                .or_default() += 1;
            *tmpl.entry("  gold templates lost that way").or_default() += gold_types.len();
        }
        if !gold_types.is_empty() && !pred_types.is_empty() {
            let first_ok = gold_types.iter().any(|g| g.contains(pred_types[0]));
            if !first_ok {
                *tmpl
                    .entry("first predicted type matches no gold type")
                    .or_default() += 1;
            }
            let extra = pred_types.len().saturating_sub(gold_types.len());
            let fewer = gold_types.len().saturating_sub(pred_types.len());
            *tmpl
                .entry("  more predicted than gold (templates)")
                .or_default() += extra;
            *tmpl
                .entry("  fewer predicted than gold (templates)")
                .or_default() += fewer;
        }
    }
    println!("missed / found gold entities by role and cause:");
    for ((r, why), n) in &miss {
        println!("  {r:8} {why:32} {n}");
    }
    println!("predicted fillers by role and verdict:");
    for ((r, why), n) in &spur {
        println!("  {r:8} {why:32} {n}");
    }
    println!("templates:");
    for (k, n) in &tmpl {
        println!("  {k:50} {n}");
    }
    Ok(())
}
