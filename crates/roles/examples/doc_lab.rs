//! Development lab for the document classifiers: trains several learners (averaged
//! perceptron, logistic regression, NB-LR) over the document features on MUC-4 train
//! and reports dev accuracy, AUC and 5-fold train cross-validation accuracy.
//! `doc_lab TRAIN DEV`; `TARGET=k`: incident type k on relevant texts instead of
//! relevance (`TARGET=multi`: two or more templates of the first type); `ONLY=name`: one learner; `DUMP=file`: train cross-validation scores;
//! `EXTRA=dates,stems`: extra document features tried (docs/roles.md).

#[path = "common/nb.rs"]
mod common_nb;
use common_nb::nb_ratios;
#[path = "common/auc.rs"]
mod common_auc;
use common_auc::auc;
use std::collections::HashMap;
use std::path::Path;

use newsfuse_roles::dates::{age_bucket, ages, Day};
use newsfuse_roles::doc::event_word;
use newsfuse_roles::features::doc_features;
use newsfuse_roles::token::{tokenize, Token};
use newsfuse_roles::train::{read_docs, Doc};

struct Data {
    x: Vec<Vec<u32>>,
    y: Vec<bool>,
}

/// The product's document features, plus the lab's extra ones named in `EXTRA`
/// (comma-separated: `dates`, `stems`).
fn feats(d: &Doc) -> Vec<u32> {
    let tokens = tokenize(&d.text);
    let mut keys = doc_features(&tokens);
    let extra = std::env::var("EXTRA").unwrap_or_default();
    if extra.split(',').any(|e| e == "dates") {
        date_keys(&tokens, d.published(), &mut keys);
    }
    if extra.split(',').any(|e| e == "struct") {
        struct_keys(&tokens, d.published(), &mut keys);
    }
    if extra.split(',').any(|e| e == "stems") {
        // The five-letter prefix of each word longer than five letters.
        for t in &tokens {
            let w = t.lower.as_str();
            if w.len() > 5 && w.bytes().all(|b| b.is_ascii_alphabetic()) {
                keys.push(h(&[b"stem", &w.as_bytes()[..5]]));
            }
        }
    }
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// A feature key of the lab's extra features (FNV-1a over the parts).
fn h(parts: &[&[u8]]) -> u32 {
    let mut x: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for &b in p.iter().chain(&[0xff]) {
            x ^= u64::from(b);
            x = x.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    (x ^ (x >> 32)) as u32
}

fn bucket(n: usize) -> &'static [u8] {
    match n {
        0 => b"0",
        1 => b"1",
        2 => b"2",
        3..=4 => b"3-4",
        5..=8 => b"5-8",
        _ => b"9+",
    }
}

/// Structure features (how many incidents a text may report): how many sentences hold
/// an event word, how many distinct dates and distinct event words those sentences
/// have, each bucketed, and each event word's sentence count.
fn struct_keys(tokens: &[Token], published: Option<Day>, keys: &mut Vec<u32>) {
    let mut dated = Vec::new();
    ages(
        tokens.len(),
        |i| tokens[i].lower.as_str(),
        published,
        &mut dated,
    );
    let mut sentences = 0;
    let mut days: Vec<i64> = Vec::new();
    let mut per_event: HashMap<&str, usize> = HashMap::new();
    let mut start = 0;
    while start < tokens.len() {
        let mut end = start + 1;
        while end < tokens.len() && !tokens[end].sentence_start {
            end += 1;
        }
        let mut events: Vec<&str> = (start..end)
            .filter_map(|i| event_word(&tokens[i].lower))
            .collect();
        if !events.is_empty() {
            sentences += 1;
            events.sort_unstable();
            events.dedup();
            for ev in events {
                *per_event.entry(ev).or_default() += 1;
            }
            days.extend(
                dated
                    .iter()
                    .filter(|&&(i, _)| start <= i && i < end)
                    .map(|&(_, a)| a),
            );
        }
        start = end;
    }
    days.sort_unstable();
    days.dedup();
    keys.push(h(&[b"sentences", bucket(sentences)]));
    keys.push(h(&[b"days", bucket(days.len())]));
    keys.push(h(&[b"events", bucket(per_event.len())]));
    for (ev, n) in per_event {
        keys.push(h(&[b"per event", ev.as_bytes(), bucket(n)]));
    }
}

/// Recency features: the dates of the text aged from the publication date
/// (`newsfuse_roles::dates`): each sentence holding an event word, its most recent
/// date's age bucket (or none), alone and with each of its event words; the most
/// recent over those sentences; the first one's; every date's bucket; no publication
/// date.
fn date_keys(tokens: &[Token], published: Option<Day>, keys: &mut Vec<u32>) {
    let mut dated = Vec::new();
    ages(
        tokens.len(),
        |i| tokens[i].lower.as_str(),
        published,
        &mut dated,
    );
    let mut next = 0;
    let mut recent: Option<i64> = None;
    let mut first: Option<&str> = None;
    let mut start = 0;
    while start < tokens.len() {
        let mut end = start + 1;
        while end < tokens.len() && !tokens[end].sentence_start {
            end += 1;
        }
        // The most recent date (from a day ahead on; further ahead only alone).
        let mut age: Option<i64> = None;
        while next < dated.len() && dated[next].0 < end {
            let a = dated[next].1;
            age = Some(match age {
                None => a,
                Some(b) if (a >= -1) != (b >= -1) => a.max(b),
                Some(b) => a.min(b),
            });
            next += 1;
        }
        let events: Vec<&str> = (start..end)
            .filter_map(|i| event_word(&tokens[i].lower))
            .collect();
        if !events.is_empty() {
            let b = age.map_or("none", age_bucket);
            keys.push(h(&[b"sentence", b.as_bytes()]));
            for ev in events {
                keys.push(h(&[b"event", ev.as_bytes(), b.as_bytes()]));
            }
            first.get_or_insert(b);
            if let Some(a) = age.filter(|&a| a >= -1) {
                recent = Some(recent.map_or(a, |r| r.min(a)));
            }
        }
        start = end;
    }
    keys.push(h(&[
        b"recent",
        recent.map_or("none", age_bucket).as_bytes(),
    ]));
    keys.push(h(&[b"first", first.unwrap_or("none").as_bytes()]));
    for &(_, a) in &dated {
        keys.push(h(&[b"any", age_bucket(a).as_bytes()]));
    }
    if published.is_none() {
        keys.push(h(&[b"undated"]));
    }
}

/// How many templates of a text share its first template's incident type.
fn first_type_count(d: &Doc) -> usize {
    let kind = |t: &newsfuse_roles::train::TemplateKind| {
        t.incident_type
            .split('/')
            .next()
            .unwrap_or("")
            .trim()
            .to_string()
    };
    let Some(first) = d.templates.first().map(kind) else {
        return 0;
    };
    d.templates.iter().filter(|t| kind(t) == first).count()
}

fn xorshift(s: &mut u64) -> u64 {
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    *s
}

type W = HashMap<u32, f32>;

fn score(w: &W, x: &[u32]) -> f32 {
    x.iter().filter_map(|k| w.get(k)).sum::<f32>() + w.get(&u32::MAX).copied().unwrap_or(0.0)
}

fn perceptron(d: &Data, epochs: usize, seed: u64) -> W {
    let mut w: W = HashMap::new();
    let mut acc: W = HashMap::new();
    let mut c = 1f32;
    let mut s = seed;
    let mut order: Vec<usize> = (0..d.x.len()).collect();
    for _ in 0..epochs {
        for i in (1..order.len()).rev() {
            let j = (xorshift(&mut s) % (i as u64 + 1)) as usize;
            order.swap(i, j);
        }
        for &i in &order {
            let y = if d.y[i] { 1.0 } else { -1.0 };
            if y * score(&w, &d.x[i]) <= 0.0 {
                for &k in d.x[i].iter().chain([u32::MAX].iter()) {
                    *w.entry(k).or_default() += y;
                    *acc.entry(k).or_default() += c * y;
                }
            }
            c += 1.0;
        }
    }
    w.iter().map(|(&k, &v)| (k, v - acc[&k] / c)).collect()
}

/// L2-regularised logistic regression, full-batch gradient descent with Adam.
fn logreg(d: &Data, l2: f32, iters: usize, scale: &HashMap<u32, f32>) -> W {
    let mut index: HashMap<u32, usize> = HashMap::new();
    for x in &d.x {
        for &k in x {
            let n = index.len();
            index.entry(k).or_insert(n);
        }
    }
    let nf = index.len() + 1;
    let xs: Vec<Vec<(usize, f32)>> =
        d.x.iter()
            .map(|x| {
                x.iter()
                    .map(|k| (index[k], scale.get(k).copied().unwrap_or(1.0)))
                    .chain([(nf - 1, 1.0)])
                    .collect()
            })
            .collect();
    let mut w = vec![0f32; nf];
    let mut m = vec![0f32; nf];
    let mut v = vec![0f32; nf];
    let n = xs.len() as f32;
    let lr = 0.05;
    for t in 1..=iters {
        let mut g = vec![0f32; nf];
        for (x, &y) in xs.iter().zip(&d.y) {
            let z: f32 = x.iter().map(|&(i, s)| w[i] * s).sum();
            let p = 1.0 / (1.0 + (-z).exp());
            let e = p - if y { 1.0 } else { 0.0 };
            for &(i, s) in x {
                g[i] += e * s / n;
            }
        }
        for i in 0..nf - 1 {
            g[i] += l2 * w[i];
        }
        let b1 = 0.9f32;
        let b2 = 0.999f32;
        for i in 0..nf {
            m[i] = b1 * m[i] + (1.0 - b1) * g[i];
            v[i] = b2 * v[i] + (1.0 - b2) * g[i] * g[i];
            let mh = m[i] / (1.0 - b1.powi(t as i32));
            let vh = v[i] / (1.0 - b2.powi(t as i32));
            w[i] -= lr * mh / (vh.sqrt() + 1e-8);
        }
    }
    let mut out: W = index
        .iter()
        .map(|(&k, &i)| (k, w[i] * scale.get(&k).copied().unwrap_or(1.0)))
        .collect();
    out.insert(u32::MAX, w[nf - 1]);
    out
}

fn acc_at(s: &[f32], y: &[bool], t: f32) -> usize {
    s.iter().zip(y).filter(|(a, b)| (**a >= t) == **b).count()
}

fn best_acc(s: &[f32], y: &[bool]) -> (usize, f32) {
    let mut best = (0, 0.0);
    for &t in s {
        let a = acc_at(s, y, t);
        if a > best.0 {
            best = (a, t);
        }
    }
    best
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let train = read_docs(Path::new(&args[1]))?;
    let dev = read_docs(Path::new(&args[2]))?;
    // TARGET=k: does a relevant text report incident type k (relevant texts only).
    // TARGET=multi: does a relevant text report two or more incidents of its first type.
    let multi = std::env::var("TARGET").is_ok_and(|s| s == "multi");
    let target: Option<usize> = if multi {
        Some(usize::MAX)
    } else {
        std::env::var("TARGET").ok().and_then(|s| s.parse().ok())
    };
    let label = |d: &Doc| match target {
        Some(_) if multi => first_type_count(d) >= 2,
        Some(k) => d.type_set()[k],
        None => d.relevant,
    };
    let train: Vec<Doc> = train
        .into_iter()
        .filter(|d| target.is_none() || d.relevant)
        .collect();
    let dev: Vec<Doc> = dev
        .into_iter()
        .filter(|d| target.is_none() || d.relevant)
        .collect();
    let tr = Data {
        x: train.iter().map(feats).collect(),
        y: train.iter().map(label).collect(),
    };
    let dv = Data {
        x: dev.iter().map(feats).collect(),
        y: dev.iter().map(label).collect(),
    };
    let none = HashMap::new();
    type Learner = Box<dyn Fn(&Data) -> W>;
    let mut learners: Vec<(String, Learner)> = vec![
        (
            "perceptron5".into(),
            Box::new(|d: &Data| perceptron(d, 5, 7)),
        ),
        (
            "perceptron10".into(),
            Box::new(|d: &Data| perceptron(d, 10, 7)),
        ),
    ];
    for l2 in [1e-4f32, 1e-3, 3e-3] {
        let none = none.clone();
        learners.push((
            format!("logreg l2={l2}"),
            Box::new(move |d: &Data| logreg(d, l2, 150, &none)),
        ));
    }
    for l2 in [1e-3f32, 3e-3] {
        learners.push((
            format!("nbsvm-lr l2={l2}"),
            Box::new(move |d: &Data| {
                let r = nb_ratios(&d.x, &d.y, 1.0);
                logreg(d, l2, 150, &r)
            }),
        ));
    }
    // Sums of two learners' scores, each scaled to unit standard deviation on the
    // training documents.
    fn unit(d: &Data, w: W) -> W {
        let s: Vec<f32> = d.x.iter().map(|x| score(&w, x)).collect();
        let m = s.iter().sum::<f32>() / s.len().max(1) as f32;
        let sd = (s.iter().map(|v| (v - m) * (v - m)).sum::<f32>() / s.len().max(1) as f32)
            .sqrt()
            .max(1e-6);
        w.into_iter().map(|(k, v)| (k, v / sd)).collect()
    }
    fn add(mut a: W, b: W) -> W {
        for (k, v) in b {
            *a.entry(k).or_default() += v;
        }
        a
    }
    learners.push((
        "ens nbsvm+perceptron10".into(),
        Box::new(|d: &Data| {
            let r = nb_ratios(&d.x, &d.y, 1.0);
            add(
                unit(d, logreg(d, 3e-3, 150, &r)),
                unit(d, perceptron(d, 10, 7)),
            )
        }),
    ));
    learners.push((
        "ens nbsvm+logreg".into(),
        Box::new(|d: &Data| {
            let r = nb_ratios(&d.x, &d.y, 1.0);
            let none = HashMap::new();
            add(
                unit(d, logreg(d, 3e-3, 150, &r)),
                unit(d, logreg(d, 1e-3, 150, &none)),
            )
        }),
    ));
    let only: Option<String> = std::env::var("ONLY").ok();
    for (name, learn) in &learners {
        if only.as_ref().is_some_and(|o| !name.contains(o.as_str())) {
            continue;
        }
        let w = learn(&tr);
        let s: Vec<f32> = dv.x.iter().map(|x| score(&w, x)).collect();
        let (ba, bt) = best_acc(&s, &dv.y);
        // 5-fold CV on train.
        let mut cv = 0;
        let mut cvs = vec![0f32; tr.x.len()];
        for f in 0..5 {
            let fold = |i: usize| i % 5 == f;
            let sub = Data {
                x: (0..tr.x.len())
                    .filter(|&i| !fold(i))
                    .map(|i| tr.x[i].clone())
                    .collect(),
                y: (0..tr.x.len())
                    .filter(|&i| !fold(i))
                    .map(|i| tr.y[i])
                    .collect(),
            };
            let w = learn(&sub);
            for i in (0..tr.x.len()).filter(|&i| fold(i)) {
                cvs[i] = score(&w, &tr.x[i]);
                if (cvs[i] >= 0.0) == tr.y[i] {
                    cv += 1;
                }
            }
        }
        if let Ok(path) = std::env::var("DUMP") {
            let mut out = String::new();
            for (i, d) in train.iter().enumerate() {
                let t: String = d.text.chars().take(400).collect();
                out.push_str(&format!("{}\t{}\t{:.2}\t{}\n", d.id, d.relevant, cvs[i], t));
            }
            std::fs::write(path, out)?;
        }
        println!(
            "{name:22} dev acc@0 {}/{} best {ba} (t {bt:.2}) auc {:.4} | train cv acc {cv}/{} auc {:.4}",
            acc_at(&s, &dv.y, 0.0),
            dv.y.len(),
            auc(&s, &dv.y),
            tr.x.len(),
            auc(&cvs, &tr.y)
        );
    }
    Ok(())
}
