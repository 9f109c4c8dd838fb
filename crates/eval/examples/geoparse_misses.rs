//! Development analysis of the geoparse suite (dev data only): groups the geocoding
//! misses (error of 161 km or more on a tagged, evaluated gold toponym) and the
//! recognition misses by cause.
//!
//!     cargo run --release -p newsfuse-eval --example geoparse_misses -- FILE.jsonl [-v]
use std::collections::BTreeMap;

use newsfuse_eval::suites::geoparse::{haversine_km, tag_and_resolve};
use newsfuse_extract::gazetteer::geonames::{FeatureClass, Index};

fn s<'a>(v: &'a serde_json::Value, k: &str) -> &'a str {
    v.get(k).and_then(|x| x.as_str()).unwrap_or("")
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: FILE [-v] | -t TEXT")?;
    if path == "-r" {
        for f in std::env::args().skip(2) {
            let r = newsfuse_eval::suites::geoparse::run(std::path::Path::new(&f))?;
            for (k, v) in r.per_class.iter().chain(&r.extra) {
                println!("{k:28} {v:?}");
            }
            for n in &r.notes {
                println!("note: {n}");
            }
        }
        return Ok(());
    }
    if path == "-t" {
        let t = std::env::args().nth(2).unwrap_or_default();
        let single = newsfuse_extract::text::is_single_case(&t);
        for m in newsfuse_extract::entities::find(&t, single).mentions {
            println!(
                "entity {:?} {:?} {:?}",
                &t[m.span.start()..m.span.end()],
                m.kind,
                m.place.map(|p| (p.lat, p.lon))
            );
        }
        for (s, e) in newsfuse_extract::gazetteer::geonames::find_toponyms(&t, single) {
            println!("gazetteer {:?}", &t[s..e]);
        }
        for p in tag_and_resolve(&t) {
            println!("tagged {:?} {:.3},{:.3}", &t[p.0..p.1], p.2, p.3);
        }
        return Ok(());
    }
    let verbose = std::env::args().any(|a| a == "-v");
    let text = std::fs::read_to_string(path)?;
    let index = Index::builtin();
    let mut causes: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut unrec: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let (mut n_ok, mut n_bad) = (0, 0);
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let doc: serde_json::Value = serde_json::from_str(line)?;
        let body = s(&doc, "text");
        let mut byte_of: Vec<usize> = body.char_indices().map(|(b, _)| b).collect();
        byte_of.push(body.len());
        let places = tag_and_resolve(body);
        let Some(tops) = doc.get("toponyms").and_then(|t| t.as_array()) else {
            continue;
        };
        for t in tops {
            if t.get("eval").and_then(|e| e.as_bool()) != Some(true) {
                continue;
            }
            let (Some(lat), Some(lon)) = (
                t.get("lat").and_then(|x| x.as_f64()),
                t.get("lon").and_then(|x| x.as_f64()),
            ) else {
                continue;
            };
            let cp = |k: &str| {
                t.get(k)
                    .and_then(|x| x.as_i64())
                    .and_then(|c| usize::try_from(c).ok())
                    .and_then(|c| byte_of.get(c).copied())
            };
            let (Some(bs), Some(be)) = (cp("start"), cp("end")) else {
                continue;
            };
            let surface = &body[bs..be];
            let fcode = s(t, "fcode");
            let gold = format!(
                "{surface} -> {} [{fcode}] {}/{}",
                s(t, "name"),
                s(t, "admin1"),
                s(t, "country")
            );
            let cands = index.lookup(surface);
            let Some(p) = places.iter().find(|p| p.0 == bs && p.1 == be) else {
                let why = if cands.is_empty() {
                    "not in gazetteer"
                } else {
                    "in gazetteer"
                };
                unrec
                    .entry(format!("{why} [{fcode}]"))
                    .or_default()
                    .push(gold);
                continue;
            };
            let err = haversine_km(lat, lon, p.2, p.3);
            if err < 161.0 {
                n_ok += 1;
                continue;
            }
            n_bad += 1;
            let picked = cands
                .iter()
                .find(|c| haversine_km(c.lat, c.lon, p.2, p.3) < 1.0);
            let near = cands
                .iter()
                .find(|c| haversine_km(c.lat, c.lon, lat, lon) < 161.0);
            let kind = |c: FeatureClass| format!("{c:?}");
            let cause = match (picked, near) {
                (None, _) => "point not from the surface's candidates".to_string(),
                (Some(p), Some(n)) => format!(
                    "wrong candidate: picked {} instead of {}",
                    kind(p.class),
                    kind(n.class)
                ),
                (Some(p), None) => {
                    format!("gold not in gazetteer [{fcode}], picked {}", kind(p.class))
                }
            };
            let desc = format!(
                "{gold}; got {} ({}/{}) {:.0} km",
                picked.map_or("?".into(), |c| c.name.clone()),
                picked.map_or("", |c| c.admin1.as_str()),
                picked.map_or("", |c| c.country_code.as_str()),
                err
            );
            causes.entry(cause).or_default().push(desc);
        }
    }
    println!("tagged eval toponyms: {} ok, {} misses", n_ok, n_bad);
    let mut v: Vec<_> = causes.into_iter().collect();
    v.sort_by_key(|x| std::cmp::Reverse(x.1.len()));
    for (cause, list) in &v {
        println!("{:5}  {cause}", list.len());
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for d in list {
            *counts.entry(d.as_str()).or_default() += 1;
        }
        let mut c: Vec<_> = counts.into_iter().collect();
        c.sort_by_key(|x| std::cmp::Reverse(x.1));
        for (d, k) in c.iter().take(if verbose { 400 } else { 12 }) {
            println!("         {k:3} {d}");
        }
    }
    println!("--- not recognised");
    let mut u: Vec<_> = unrec.into_iter().collect();
    u.sort_by_key(|x| std::cmp::Reverse(x.1.len()));
    for (cause, list) in &u {
        println!("{:5}  {cause}", list.len());
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for d in list {
            *counts.entry(d.as_str()).or_default() += 1;
        }
        let mut c: Vec<_> = counts.into_iter().collect();
        c.sort_by_key(|x| std::cmp::Reverse(x.1));
        for (d, k) in c.iter().take(if verbose { 100 } else { 8 }) {
            println!("         {k:3} {d}");
        }
    }
    Ok(())
}
