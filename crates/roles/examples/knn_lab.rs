//! Memory-based relevance (docs/roles.md, "nearest training messages"): TF-IDF cosine
//! similarity of each message to the training messages (IDF fit on train; a training
//! message is compared only with the messages outside its cross-validation fold,
//! `i % 5`), and features of its nearest neighbours' relevance. Reports each signal's
//! dev AUC and jackknifed train AUC alone, NB-LR's (5-fold train CV, as `doc_lab`),
//! NB-LR with the neighbour features as extra document features, and NB-LR's logit
//! blended with a neighbour score (weight chosen on train CV AUC).
//! `knn_lab TRAIN DEV`; `BIGRAMS=1` adds word bigrams to the vectors;
//! `EVENT_SENTENCES=1` keeps only the sentences holding an event word (what the
//! library's store, also reported, reads); `FILLERS=k` instead reports how the `k`
//! nearest messages' gold mention strings match the relevant messages' gold fillers.
//! `TYPES=1` instead measures the nearest relevant messages' incident types
//! (`Knn::type_shares`, `K=k` neighbours, default 10) as a signal for the first-type
//! and per-type classifiers: first-type accuracy and per-type AUC on the relevant
//! messages, NB-LR alone and blended with the shares at each weight (5-fold train CV,
//! the shares jackknifed over the same folds; dev).
//! `VARIANTS=1` instead compares forms of the vote (round 7): sublinear, binary and
//! BM25 term weights, event-sentence bigrams, the share of the top 5/10/20, max
//! similarity difference and a softmax vote (temperature on train CV), a second
//! whole-text vote (two weights on train CV) and the neighbour features inside NB-LR
//! together with the blend.

#[path = "common/nb.rs"]
mod common_nb;
use common_nb::nb_ratios;
#[path = "common/auc.rs"]
mod common_auc;
use common_auc::auc;
use std::collections::HashMap;
use std::path::Path;

use newsfuse_roles::features::doc_features;
use newsfuse_roles::token::tokenize;
use newsfuse_roles::train::{read_docs, Doc};

type Vector = Vec<(u32, f32)>;

/// Terms of a text: alphabetic words of three letters or more (and with `bigrams`,
/// pairs of consecutive such words), of the sentences holding an event word only with
/// `EVENT_SENTENCES=1` ([`terms_of`]).
fn terms(d: &Doc, bigrams: bool) -> Vec<String> {
    let events_only = std::env::var("EVENT_SENTENCES").is_ok_and(|s| s == "1");
    terms_of(d, events_only, bigrams)
}

/// A text's term keys as the library's store reads them ([`newsfuse_roles::knn::term_keys`]).
fn lib_terms(d: &Doc) -> Vec<u32> {
    newsfuse_roles::knn::token_term_keys(&tokenize(&d.text))
}

/// Each text's document features (as the relevance classifier reads them).
fn features_of(docs: &[Doc]) -> Vec<Vec<u32>> {
    docs.iter()
        .map(|d| doc_features(&tokenize(&d.text)))
        .collect()
}

struct Tfidf {
    ids: HashMap<String, u32>,
    idf: Vec<f32>,
}

impl Tfidf {
    fn fit(docs: &[Vec<String>]) -> Self {
        let mut ids = HashMap::new();
        let mut df: Vec<f32> = Vec::new();
        for d in docs {
            let mut seen: Vec<u32> = d
                .iter()
                .map(|w| {
                    let n = ids.len() as u32;
                    *ids.entry(w.clone()).or_insert(n)
                })
                .collect();
            seen.sort_unstable();
            seen.dedup();
            for id in seen {
                if id as usize >= df.len() {
                    df.resize(id as usize + 1, 0.0);
                }
                df[id as usize] += 1.0;
            }
        }
        let n = docs.len() as f32;
        let idf = df.iter().map(|&x| (n / x).ln()).collect();
        Tfidf { ids, idf }
    }

    /// Sublinear TF times IDF, L2-normalised; terms unseen in training dropped.
    fn vector(&self, d: &[String]) -> Vector {
        let mut tf: HashMap<u32, f32> = HashMap::new();
        for w in d {
            if let Some(&id) = self.ids.get(w) {
                *tf.entry(id).or_default() += 1.0;
            }
        }
        let mut v: Vector = tf
            .into_iter()
            .map(|(id, c)| (id, (1.0 + c.ln()) * self.idf[id as usize]))
            .filter(|&(_, x)| x > 0.0)
            .collect();
        let norm = v.iter().map(|&(_, x)| x * x).sum::<f32>().sqrt().max(1e-9);
        v.iter_mut().for_each(|p| p.1 /= norm);
        v.sort_unstable_by_key(|p| p.0);
        v
    }
}

/// Cosine similarities of `q` to every training vector (through postings).
fn sims(q: &Vector, postings: &[Vec<(u32, f32)>], n: usize) -> Vec<f32> {
    let mut s = vec![0f32; n];
    for &(t, x) in q {
        for &(d, y) in &postings[t as usize] {
            s[d as usize] += x * y;
        }
    }
    s
}

/// Neighbour signals of one message from its similarities `s` to the allowed training
/// messages (`allowed(j)`), their labels `y`.
#[derive(Clone, Copy, Default)]
struct Signals {
    max_rel: f32,
    max_non: f32,
    share: [f32; 5],
}

const KS: [usize; 5] = [3, 5, 10, 20, 40];

fn signals(s: &[f32], y: &[bool], allowed: impl Fn(usize) -> bool) -> Signals {
    let mut idx: Vec<usize> = (0..s.len()).filter(|&j| allowed(j)).collect();
    idx.sort_unstable_by(|&a, &b| s[b].total_cmp(&s[a]).then(a.cmp(&b)));
    let mut out = Signals::default();
    for &j in &idx {
        if y[j] {
            out.max_rel = out.max_rel.max(s[j]);
        } else {
            out.max_non = out.max_non.max(s[j]);
        }
    }
    for (ki, &k) in KS.iter().enumerate() {
        let top = &idx[..k.min(idx.len())];
        let tot: f32 = top.iter().map(|&j| s[j]).sum::<f32>().max(1e-9);
        out.share[ki] = top.iter().filter(|&&j| y[j]).map(|&j| s[j]).sum::<f32>() / tot;
    }
    out
}

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

/// The signals as bucketed document features.
fn signal_keys(g: &Signals) -> Vec<u32> {
    let b = |x: f32| ((x * 10.0).floor().clamp(0.0, 9.0) as u8 + b'0').to_string();
    let mut keys = vec![
        h(&[b"knn max rel", b(g.max_rel).as_bytes()]),
        h(&[b"knn max non", b(g.max_non).as_bytes()]),
        h(&[
            b"knn diff",
            b((g.max_rel - g.max_non) * 2.5 + 0.5).as_bytes(),
        ]),
    ];
    for (ki, k) in KS.iter().enumerate() {
        keys.push(h(&[
            b"knn share",
            k.to_string().as_bytes(),
            b(g.share[ki]).as_bytes(),
        ]));
    }
    keys
}

// The NB-LR learner of doc_lab (nbsvm-lr l2=0.003).
type W = HashMap<u32, f32>;

fn score(w: &W, x: &[u32]) -> f32 {
    x.iter().filter_map(|k| w.get(k)).sum::<f32>() + w.get(&u32::MAX).copied().unwrap_or(0.0)
}

fn nblr(x: &[Vec<u32>], y: &[bool]) -> W {
    let (l2, iters) = (3e-3f32, 150);
    let scale = nb_ratios(x, y, 1.0);
    let mut index: HashMap<u32, usize> = HashMap::new();
    for x in x {
        for &k in x {
            let n = index.len();
            index.entry(k).or_insert(n);
        }
    }
    let nf = index.len() + 1;
    let xs: Vec<Vec<(usize, f32)>> = x
        .iter()
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
        for (x, &y) in xs.iter().zip(y) {
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
        let (b1, b2) = (0.9f32, 0.999f32);
        for i in 0..nf {
            m[i] = b1 * m[i] + (1.0 - b1) * g[i];
            v[i] = b2 * v[i] + (1.0 - b2) * g[i] * g[i];
            let mh = m[i] / (1.0 - b1.powi(t));
            let vh = v[i] / (1.0 - b2.powi(t));
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

/// Dev scores (trained on all train) and 5-fold CV scores on train.
fn nblr_scores(tr: &[Vec<u32>], ty: &[bool], dv: &[Vec<u32>]) -> (Vec<f32>, Vec<f32>) {
    let w = nblr(tr, ty);
    let dev: Vec<f32> = dv.iter().map(|x| score(&w, x)).collect();
    let mut cv = vec![0f32; tr.len()];
    for f in 0..5 {
        let keep: Vec<usize> = (0..tr.len()).filter(|&i| i % 5 != f).collect();
        let x: Vec<Vec<u32>> = keep.iter().map(|&i| tr[i].clone()).collect();
        let y: Vec<bool> = keep.iter().map(|&i| ty[i]).collect();
        let w = nblr(&x, &y);
        for i in (0..tr.len()).filter(|&i| i % 5 == f) {
            cv[i] = score(&w, &tr[i]);
        }
    }
    (dev, cv)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        return Err("usage: knn_lab TRAIN DEV".into());
    }
    let train = read_docs(Path::new(&args[1]))?;
    let dev = read_docs(Path::new(&args[2]))?;
    if std::env::var("TYPES").is_ok_and(|s| s == "1") {
        types_lab(&train, &dev);
        return Ok(());
    }
    if std::env::var("VARIANTS").is_ok_and(|s| s == "1") {
        variants_lab(&train, &dev);
        return Ok(());
    }
    let bigrams = std::env::var("BIGRAMS").is_ok_and(|s| s == "1");
    let tt: Vec<Vec<String>> = train.iter().map(|d| terms(d, bigrams)).collect();
    let dt: Vec<Vec<String>> = dev.iter().map(|d| terms(d, bigrams)).collect();
    let tf = Tfidf::fit(&tt);
    let tv: Vec<Vector> = tt.iter().map(|d| tf.vector(d)).collect();
    let dvv: Vec<Vector> = dt.iter().map(|d| tf.vector(d)).collect();
    let mut postings: Vec<Vec<(u32, f32)>> = vec![Vec::new(); tf.idf.len()];
    for (j, v) in tv.iter().enumerate() {
        for &(t, x) in v {
            postings[t as usize].push((j as u32, x));
        }
    }
    let ty: Vec<bool> = train.iter().map(|d| d.relevant).collect();
    let dy: Vec<bool> = dev.iter().map(|d| d.relevant).collect();
    let n = train.len();
    let tsig: Vec<Signals> = tv
        .iter()
        .enumerate()
        .map(|(i, v)| signals(&sims(v, &postings, n), &ty, |j| j % 5 != i % 5))
        .collect();
    let dsig: Vec<Signals> = dvv
        .iter()
        .map(|v| signals(&sims(v, &postings, n), &ty, |_| true))
        .collect();
    // Nearest-neighbour statistics.
    let near = |s: &[Signals]| -> f32 {
        s.iter().map(|g| g.max_rel.max(g.max_non)).sum::<f32>() / s.len().max(1) as f32
    };
    println!(
        "mean best similarity: dev {:.3}, train (jackknifed) {:.3}",
        near(&dsig),
        near(&tsig)
    );
    type Get = fn(&Signals) -> f32;
    let singles: [(&str, Get); 8] = [
        ("max sim to relevant", |g| g.max_rel),
        ("max rel - max non", |g| g.max_rel - g.max_non),
        ("share top 3", |g| g.share[0]),
        ("share top 5", |g| g.share[1]),
        ("share top 10", |g| g.share[2]),
        ("share top 20", |g| g.share[3]),
        ("share top 40", |g| g.share[4]),
        ("-max sim to non-rel", |g| -g.max_non),
    ];
    for (name, get) in singles {
        let d: Vec<f32> = dsig.iter().map(get).collect();
        let t: Vec<f32> = tsig.iter().map(get).collect();
        println!(
            "{name:22} dev auc {:.4} | train jackknife auc {:.4}",
            auc(&d, &dy),
            auc(&t, &ty)
        );
    }
    let tx = features_of(&train);
    let dx = features_of(&dev);
    let (dnb, cvnb) = nblr_scores(&tx, &ty, &dx);
    println!(
        "{:22} dev auc {:.4} | train cv auc {:.4}",
        "NB-LR",
        auc(&dnb, &dy),
        auc(&cvnb, &ty)
    );
    // NB-LR with the neighbour features.
    let add = |x: &[Vec<u32>], s: &[Signals]| -> Vec<Vec<u32>> {
        x.iter()
            .zip(s)
            .map(|(x, g)| {
                let mut k = x.clone();
                k.extend(signal_keys(g));
                k.sort_unstable();
                k.dedup();
                k
            })
            .collect()
    };
    let (d2, cv2) = nblr_scores(&add(&tx, &tsig), &ty, &add(&dx, &dsig));
    println!(
        "{:22} dev auc {:.4} | train cv auc {:.4}",
        "NB-LR + knn features",
        auc(&d2, &dy),
        auc(&cv2, &ty)
    );
    // The library's store (`newsfuse_roles::knn`, what `ROLES_KNN=k,w` trains in):
    // the share of the top 10, alone and blended at weight 4.5.
    let tterms: Vec<Vec<u32>> = train.iter().map(lib_terms).collect();
    let store = newsfuse_roles::knn::Knn::fit(
        &tterms
            .iter()
            .cloned()
            .zip(ty.iter().copied())
            .collect::<Vec<_>>(),
        10,
        4.5,
    );
    let lt: Vec<f32> = tterms
        .iter()
        .enumerate()
        .map(|(i, t)| store.share(t, |j| j % 5 == i % 5))
        .collect();
    let ld: Vec<f32> = dev
        .iter()
        .map(|d| store.share(&lib_terms(d), |_| false))
        .collect();
    let blend =
        |a: &[f32], b: &[f32]| -> Vec<f32> { a.iter().zip(b).map(|(x, y)| x + 4.5 * y).collect() };
    println!(
        "library share top 10 (event sentences): dev auc {:.4} | train jackknife auc {:.4}; \
         blended at 4.5: dev auc {:.4} | train cv auc {:.4}",
        auc(&ld, &dy),
        auc(&lt, &ty),
        auc(&blend(&dnb, &ld), &dy),
        auc(&blend(&cvnb, &lt), &ty)
    );
    if let Some(k) = std::env::var("FILLERS").ok().and_then(|s| s.parse().ok()) {
        let dterms: Vec<Vec<u32>> = dev.iter().map(lib_terms).collect();
        fillers(&train, &dev, &store, &tterms, &dterms, k);
        return Ok(());
    }
    // Blends: NB-LR logit + w · signal, w chosen on train CV AUC.
    for (name, get) in singles {
        let mut best = (0.0f64, 0.0f32);
        let mut line = String::new();
        for step in 0..=40 {
            let w = step as f32 * 0.5;
            let t: Vec<f32> = cvnb
                .iter()
                .zip(&tsig)
                .map(|(a, g)| a + w * get(g))
                .collect();
            let a = auc(&t, &ty);
            if step % 4 == 0 {
                let d: Vec<f32> = dnb.iter().zip(&dsig).map(|(a, g)| a + w * get(g)).collect();
                line.push_str(&format!(" {w}:{a:.4}/{:.4}", auc(&d, &dy)));
            }
            if a > best.0 + 1e-9 {
                best = (a, w);
            }
        }
        let d: Vec<f32> = dnb
            .iter()
            .zip(&dsig)
            .map(|(a, g)| a + best.1 * get(g))
            .collect();
        println!(
            "blend {name:22} w {:.1}: train cv auc {:.4}, dev auc {:.4}\n   w:cv/dev{line}",
            best.1,
            best.0,
            auc(&d, &dy)
        );
    }
    Ok(())
}

/// The normalised words of a string (lower case, alphanumeric tokens).
fn words(s: &str) -> Vec<String> {
    tokenize(s)
        .into_iter()
        .map(|t| t.lower)
        .filter(|w| w.chars().all(char::is_alphanumeric))
        .collect()
}

/// Potential of the neighbours' gold filler strings as a tagger feature (`FILLERS=k`):
/// for the relevant messages (dev: neighbours among all train; train: outside the
/// message's fold), per role, the neighbours' gold mention strings that occur in the
/// text, how many of them are a gold mention of that role there, and how many of the
/// text's gold entities of the role have a mention among them.
fn fillers(
    train: &[Doc],
    dev: &[Doc],
    store: &newsfuse_roles::knn::Knn,
    tterms: &[Vec<u32>],
    dterms: &[Vec<u32>],
    k: usize,
) {
    use newsfuse_roles::Role;
    let gold = |d: &Doc, r: Role| -> Vec<Vec<Vec<String>>> {
        d.gold(r)
            .iter()
            .map(|e| {
                e.iter()
                    .map(|m| words(m))
                    .filter(|w| !w.is_empty())
                    .collect()
            })
            .collect()
    };
    let occurs = |text: &[String], m: &[String]| text.windows(m.len()).any(|w| w == m);
    for (name, docs, terms, jack) in [("dev", dev, dterms, false), ("train", train, tterms, true)] {
        let mut found = [0usize; 5];
        let mut right = [0usize; 5];
        let mut covered = [0usize; 5];
        let mut total = [0usize; 5];
        for (i, d) in docs.iter().enumerate() {
            if !d.relevant {
                continue;
            }
            let text = words(&d.text);
            let near = store.nearest(&terms[i], k, |j| jack && j % 5 == i % 5);
            for r in Role::ALL {
                let mut cands: Vec<Vec<String>> = near
                    .iter()
                    .flat_map(|&(_, j)| gold(&train[j], r).into_iter().flatten())
                    .filter(|m| occurs(&text, m))
                    .collect();
                cands.sort();
                cands.dedup();
                let g = gold(d, r);
                let ri = r as usize;
                found[ri] += cands.len();
                right[ri] += cands
                    .iter()
                    .filter(|c| g.iter().any(|e| e.contains(c)))
                    .count();
                total[ri] += g.len();
                covered[ri] += g
                    .iter()
                    .filter(|e| e.iter().any(|m| cands.contains(m)))
                    .count();
            }
        }
        let line: Vec<String> = Role::ALL
            .iter()
            .map(|&r| {
                let ri = r as usize;
                format!(
                    "{r:?} strings {} gold {} ({:.0}%), entities covered {}/{}",
                    found[ri],
                    right[ri],
                    100.0 * right[ri] as f64 / found[ri].max(1) as f64,
                    covered[ri],
                    total[ri]
                )
            })
            .collect();
        println!(
            "fillers of the {k} nearest, {name}:\n  {}",
            line.join("\n  ")
        );
    }
}

/// `TYPES=1`: the nearest relevant training messages' incident types as a signal for
/// the first-type (one against the rest, argmax) and per-type classifiers, on the
/// relevant messages: NB-LR (train CV over folds `i % 5`, dev trained on all) plus
/// `w` times the type shares of the library's store (jackknifed over the same folds).
fn types_lab(train: &[Doc], dev: &[Doc]) {
    use newsfuse_roles::train::type_bits;
    const NK: usize = newsfuse_roles::INCIDENT_TYPES.len();
    let k: u32 = std::env::var("K")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10);
    let tterms: Vec<Vec<u32>> = train.iter().map(lib_terms).collect();
    let mut store = newsfuse_roles::knn::Knn::fit(
        &tterms
            .iter()
            .cloned()
            .zip(train.iter().map(|d| d.relevant))
            .collect::<Vec<_>>(),
        k,
        0.0,
    );
    store.set_types(train.iter().map(type_bits).collect(), 1.0, 1.0);
    // Relevant messages only (train: original indices, for the folds).
    let tr: Vec<usize> = (0..train.len()).filter(|&i| train[i].relevant).collect();
    let dr: Vec<usize> = (0..dev.len()).filter(|&i| dev[i].relevant).collect();
    let tx: Vec<Vec<u32>> = tr
        .iter()
        .map(|&i| doc_features(&tokenize(&train[i].text)))
        .collect();
    let dx: Vec<Vec<u32>> = dr
        .iter()
        .map(|&i| doc_features(&tokenize(&dev[i].text)))
        .collect();
    let tshare: Vec<[f32; NK]> = tr
        .iter()
        .map(|&i| store.type_shares(&tterms[i], |j| j % 5 == i % 5))
        .collect();
    let dshare: Vec<[f32; NK]> = dr
        .iter()
        .map(|&i| store.type_shares(&lib_terms(&dev[i]), |_| false))
        .collect();
    // NB-LR scores per class: first type (one against the rest) and per type.
    let fit = |y: &dyn Fn(&Doc) -> bool| -> (Vec<f32>, Vec<f32>) {
        let ty: Vec<bool> = tr.iter().map(|&i| y(&train[i])).collect();
        if !ty.iter().any(|&b| b) {
            return (vec![0.0; dr.len()], vec![0.0; tr.len()]);
        }
        let w = nblr(&tx, &ty);
        let d = dx.iter().map(|x| score(&w, x)).collect();
        let mut cv = vec![0f32; tr.len()];
        for f in 0..5 {
            let keep: Vec<usize> = (0..tr.len()).filter(|&p| tr[p] % 5 != f).collect();
            let x: Vec<Vec<u32>> = keep.iter().map(|&p| tx[p].clone()).collect();
            let y: Vec<bool> = keep.iter().map(|&p| ty[p]).collect();
            let w = nblr(&x, &y);
            for p in (0..tr.len()).filter(|&p| tr[p] % 5 == f) {
                cv[p] = score(&w, &tx[p]);
            }
        }
        (d, cv)
    };
    let mut kind_d = vec![[0f32; NK]; dr.len()];
    let mut kind_t = vec![[0f32; NK]; tr.len()];
    let mut type_d = vec![[0f32; NK]; dr.len()];
    let mut type_t = vec![[0f32; NK]; tr.len()];
    for c in 0..NK {
        let (d, t) = fit(&|doc: &Doc| doc.kind() == Some(c));
        d.iter().zip(kind_d.iter_mut()).for_each(|(x, r)| r[c] = *x);
        t.iter().zip(kind_t.iter_mut()).for_each(|(x, r)| r[c] = *x);
        let (d, t) = fit(&|doc: &Doc| doc.type_set()[c]);
        d.iter().zip(type_d.iter_mut()).for_each(|(x, r)| r[c] = *x);
        t.iter().zip(type_t.iter_mut()).for_each(|(x, r)| r[c] = *x);
    }
    let argmax = |v: &[f32; NK]| {
        (0..NK)
            .max_by(|&a, &b| v[a].total_cmp(&v[b]).then(b.cmp(&a)))
            .unwrap_or(0)
    };
    let tk: Vec<Option<usize>> = tr.iter().map(|&i| train[i].kind()).collect();
    let dk: Vec<Option<usize>> = dr.iter().map(|&i| dev[i].kind()).collect();
    let acc = |s: &[[f32; NK]], sh: &[[f32; NK]], gold: &[Option<usize>], w: f32| -> f64 {
        let ok = s
            .iter()
            .zip(sh)
            .zip(gold)
            .filter(|((s, sh), g)| {
                let v: [f32; NK] = std::array::from_fn(|c| s[c] + w * sh[c]);
                **g == Some(argmax(&v))
            })
            .count();
        100.0 * ok as f64 / gold.len().max(1) as f64
    };
    let tset: Vec<[bool; NK]> = tr.iter().map(|&i| train[i].type_set()).collect();
    let dset: Vec<[bool; NK]> = dr.iter().map(|&i| dev[i].type_set()).collect();
    // Per-type AUCs (types with positives and negatives) and their mean.
    let aucs = |s: &[[f32; NK]], sh: &[[f32; NK]], set: &[[bool; NK]], w: f32| -> Vec<f64> {
        (0..NK)
            .map(|c| {
                let y: Vec<bool> = set.iter().map(|x| x[c]).collect();
                if !y.iter().any(|&b| b) || y.iter().all(|&b| b) {
                    return f64::NAN;
                }
                let v: Vec<f32> = s.iter().zip(sh).map(|(s, sh)| s[c] + w * sh[c]).collect();
                auc(&v, &y)
            })
            .collect()
    };
    let mean = |v: &[f64]| {
        let x: Vec<f64> = v.iter().copied().filter(|x| !x.is_nan()).collect();
        x.iter().sum::<f64>() / x.len().max(1) as f64
    };
    println!(
        "k {k}; relevant messages: train {}, dev {}",
        tr.len(),
        dr.len()
    );
    let fmt = |v: &[f64]| {
        v.iter()
            .map(|x| format!("{x:.4}"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let shares_only = |sh: &[[f32; NK]], gold: &[Option<usize>]| acc(sh, sh, gold, 0.0);
    println!(
        "type shares alone: first-type accuracy train jackknife {:.2}, dev {:.2}; per-type AUC train {:.4} [{}], dev {:.4} [{}]",
        shares_only(&tshare, &tk),
        shares_only(&dshare, &dk),
        mean(&aucs(&tshare, &tshare, &tset, 0.0)),
        fmt(&aucs(&tshare, &tshare, &tset, 0.0)),
        mean(&aucs(&dshare, &dshare, &dset, 0.0)),
        fmt(&aucs(&dshare, &dshare, &dset, 0.0))
    );
    let positives = |set: &[[bool; NK]]| -> Vec<usize> {
        (0..NK)
            .map(|c| set.iter().filter(|x| x[c]).count())
            .collect()
    };
    println!(
        "messages per type: train {:?}, dev {:?}",
        positives(&tset),
        positives(&dset)
    );
    for w in [
        0.0f32, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0, 8.0, 12.0, 16.0, 24.0,
    ] {
        let ta = aucs(&type_t, &tshare, &tset, w);
        let da = aucs(&type_d, &dshare, &dset, w);
        println!(
            "w {w:3.1}: first type acc train cv {:.2} dev {:.2} | per-type AUC train cv {:.4} [{}] dev {:.4} [{}]",
            acc(&kind_t, &tshare, &tk, w),
            acc(&kind_d, &dshare, &dk, w),
            mean(&ta),
            fmt(&ta),
            mean(&da),
            fmt(&da)
        );
    }
}

/// Term weighting of a neighbour vote's vectors (`VARIANTS=1`).
#[derive(Clone, Copy, Debug, PartialEq)]
enum Scheme {
    /// (1 + ln tf) × ln(N / df), L2-normalised (the library's).
    Sublinear,
    /// 1 × ln(N / df) per term present, L2-normalised.
    Binary,
    /// BM25 (k1 1.2, b 0.75; IDF ln(1 + (N − df + 0.5) / (df + 0.5))), L2-normalised.
    Bm25,
}

/// Terms of a text for `VARIANTS=1`: alphabetic words of three letters or more of the
/// whole text or (`events_only`) of the sentences holding an event word, with
/// `bigrams` also pairs of consecutive such words.
fn terms_of(d: &Doc, events_only: bool, bigrams: bool) -> Vec<String> {
    let toks = tokenize(&d.text);
    let mut keep = vec![!events_only; toks.len()];
    let mut start = 0;
    while events_only && start < toks.len() {
        let mut end = start + 1;
        while end < toks.len() && !toks[end].sentence_start {
            end += 1;
        }
        if (start..end).any(|i| newsfuse_roles::doc::event_word(&toks[i].lower).is_some()) {
            keep[start..end].iter_mut().for_each(|k| *k = true);
        }
        start = end;
    }
    let mut out = Vec::new();
    let mut prev: Option<&str> = None;
    for (i, t) in toks.iter().enumerate() {
        let w = t.lower.as_str();
        if keep[i] && w.len() > 2 && w.bytes().all(|b| b.is_ascii_alphabetic()) {
            out.push(w.to_string());
            if bigrams {
                if let Some(p) = prev {
                    out.push(format!("{p} {w}"));
                }
            }
            prev = Some(w);
        } else {
            prev = None;
        }
    }
    out
}

/// A message's neighbours: (similarity, relevant), highest first.
type Neighbours = Vec<(f32, bool)>;

/// Similarities of every train message (jackknifed: other folds only, others 0 and
/// marked by `allowed`) and dev message to the training messages, sorted highest
/// first as (similarity, relevant).
fn neighbour_lists(
    tt: &[Vec<String>],
    dt: &[Vec<String>],
    y: &[bool],
    scheme: Scheme,
) -> (Vec<Neighbours>, Vec<Neighbours>) {
    let tf = Tfidf::fit(tt);
    let n = tt.len() as f32;
    let avg = tt.iter().map(|d| d.len() as f32).sum::<f32>() / n.max(1.0);
    let vec_of = |d: &[String]| -> Vector {
        let mut v = tf.vector(d);
        match scheme {
            Scheme::Sublinear => {}
            Scheme::Binary | Scheme::Bm25 => {
                let mut c: HashMap<u32, f32> = HashMap::new();
                for w in d {
                    if let Some(&id) = tf.ids.get(w) {
                        *c.entry(id).or_default() += 1.0;
                    }
                }
                let len = d.len() as f32;
                for p in &mut v {
                    let idf = tf.idf[p.0 as usize];
                    let count = c.get(&p.0).copied().unwrap_or(0.0);
                    p.1 = if scheme == Scheme::Binary {
                        idf
                    } else {
                        let df = n / idf.exp();
                        let bidf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
                        bidf * count * 2.2 / (count + 1.2 * (0.25 + 0.75 * len / avg))
                    };
                }
                let norm = v.iter().map(|p| p.1 * p.1).sum::<f32>().sqrt().max(1e-9);
                v.iter_mut().for_each(|p| p.1 /= norm);
            }
        }
        v
    };
    let tv: Vec<Vector> = tt.iter().map(|d| vec_of(d)).collect();
    let mut postings: Vec<Vec<(u32, f32)>> = vec![Vec::new(); tf.idf.len()];
    for (j, v) in tv.iter().enumerate() {
        for &(t, x) in v {
            postings[t as usize].push((j as u32, x));
        }
    }
    let list = |s: Vec<f32>, allowed: &dyn Fn(usize) -> bool| -> Vec<(f32, bool)> {
        let mut l: Vec<(f32, bool)> = s
            .iter()
            .enumerate()
            .filter(|&(j, _)| allowed(j))
            .map(|(j, &x)| (x, y[j]))
            .collect();
        l.sort_by(|a, b| b.0.total_cmp(&a.0));
        l
    };
    let nt = tt.len();
    let t = tv
        .iter()
        .enumerate()
        .map(|(i, v)| list(sims(v, &postings, nt), &|j| j % 5 != i % 5))
        .collect();
    let d = dt
        .iter()
        .map(|d| list(sims(&vec_of(d), &postings, nt), &|_| true))
        .collect();
    (t, d)
}

/// Vote forms over a sorted neighbour list.
fn vote_share(l: &[(f32, bool)], k: usize) -> f32 {
    let top = &l[..k.min(l.len())];
    let tot: f32 = top.iter().map(|p| p.0).sum();
    if tot <= 0.0 {
        return 0.0;
    }
    top.iter().filter(|p| p.1).map(|p| p.0).sum::<f32>() / tot
}

fn vote_diff(l: &[(f32, bool)]) -> f32 {
    let r = l.iter().find(|p| p.1).map_or(0.0, |p| p.0);
    let n = l.iter().find(|p| !p.1).map_or(0.0, |p| p.0);
    r - n
}

/// Softmax-weighted relevant share: weights exp((s − s_max) / temp) over the 100 nearest.
fn vote_softmax(l: &[(f32, bool)], temp: f32) -> f32 {
    let top = &l[..100.min(l.len())];
    let Some(m) = top.first().map(|p| p.0) else {
        return 0.0;
    };
    if m <= 0.0 {
        return 0.0;
    }
    let (mut rel, mut tot) = (0.0f32, 0.0f32);
    for &(s, r) in top {
        let w = ((s - m) / temp).exp();
        tot += w;
        if r {
            rel += w;
        }
    }
    rel / tot
}

/// AUC by ranks (ties averaged).
fn fast_auc(s: &[f32], y: &[bool]) -> f64 {
    let mut idx: Vec<usize> = (0..s.len()).collect();
    idx.sort_by(|&a, &b| s[a].total_cmp(&s[b]));
    let mut rank = vec![0f64; s.len()];
    let mut i = 0;
    while i < idx.len() {
        let mut j = i;
        while j + 1 < idx.len() && s[idx[j + 1]] == s[idx[i]] {
            j += 1;
        }
        let r = (i + j) as f64 / 2.0 + 1.0;
        for &k in &idx[i..=j] {
            rank[k] = r;
        }
        i = j + 1;
    }
    let np = y.iter().filter(|&&b| b).count() as f64;
    let nn = y.len() as f64 - np;
    let sum: f64 = rank.iter().zip(y).filter(|p| *p.1).map(|p| *p.0).sum();
    (sum - np * (np + 1.0) / 2.0) / (np * nn)
}

/// Best weight on train CV AUC for `base + w · sig` (w in 0..=20 by 0.5): (w, cv, dev).
fn blend1(
    (cb, db): (&[f32], &[f32]),
    (ct, dt): (&[f32], &[f32]),
    ty: &[bool],
    dy: &[bool],
) -> (f32, f64, f64) {
    let mut best = (0.0f32, -1.0f64);
    for step in 0..=40 {
        let w = step as f32 * 0.5;
        let t: Vec<f32> = cb.iter().zip(ct).map(|(a, b)| a + w * b).collect();
        let a = fast_auc(&t, ty);
        if a > best.1 + 1e-9 {
            best = (w, a);
        }
    }
    let d: Vec<f32> = db.iter().zip(dt).map(|(a, b)| a + best.0 * b).collect();
    (best.0, best.1, fast_auc(&d, dy))
}

/// `VARIANTS=1`: round 7 of the nearest-messages relevance signal (docs/roles.md):
/// term weightings, bigrams, vote forms, a second whole-text vote and the kNN
/// features inside NB-LR together with the blend; every weight (and temperature)
/// chosen on train CV AUC; prints train CV and dev AUC.
fn variants_lab(train: &[Doc], dev: &[Doc]) {
    let ty: Vec<bool> = train.iter().map(|d| d.relevant).collect();
    let dy: Vec<bool> = dev.iter().map(|d| d.relevant).collect();
    let tx = features_of(train);
    let dx = features_of(dev);
    let (dnb, cvnb) = nblr_scores(&tx, &ty, &dx);
    println!(
        "NB-LR: cv {:.4} dev {:.4}",
        fast_auc(&cvnb, &ty),
        fast_auc(&dnb, &dy)
    );
    type Vote<'a> = &'a dyn Fn(&[(f32, bool)]) -> f32;
    let form = |lists: &[Neighbours], f: Vote| -> Vec<f32> { lists.iter().map(|l| f(l)).collect() };
    let mut event_lists = None;
    let mut whole_lists = None;
    for (name, events, bigrams, scheme) in [
        ("event sublinear", true, false, Scheme::Sublinear),
        ("event binary", true, false, Scheme::Binary),
        ("event bm25", true, false, Scheme::Bm25),
        ("event+bigrams sublinear", true, true, Scheme::Sublinear),
        ("event+bigrams bm25", true, true, Scheme::Bm25),
        ("whole sublinear", false, false, Scheme::Sublinear),
        ("whole bm25", false, false, Scheme::Bm25),
    ] {
        let tt: Vec<Vec<String>> = train.iter().map(|d| terms_of(d, events, bigrams)).collect();
        let dt: Vec<Vec<String>> = dev.iter().map(|d| terms_of(d, events, bigrams)).collect();
        let (tl, dl) = neighbour_lists(&tt, &dt, &ty, scheme);
        let postings: usize = tt
            .iter()
            .map(|d| {
                let mut u: Vec<&String> = d.iter().collect();
                u.sort_unstable();
                u.dedup();
                u.len()
            })
            .sum();
        let mut line = vec![format!("{postings} postings (message, term)")];
        for k in [5usize, 10, 20] {
            let (ct, dd) = (
                form(&tl, &|l| vote_share(l, k)),
                form(&dl, &|l| vote_share(l, k)),
            );
            let (w, c, d) = blend1((&cvnb, &dnb), (&ct, &dd), &ty, &dy);
            line.push(format!(
                "share{k} alone {:.4}/{:.4} blend w {w} {c:.4}/{d:.4}",
                fast_auc(&ct, &ty),
                fast_auc(&dd, &dy)
            ));
        }
        let (ct, dd) = (form(&tl, &vote_diff), form(&dl, &vote_diff));
        let (w, c, d) = blend1((&cvnb, &dnb), (&ct, &dd), &ty, &dy);
        line.push(format!(
            "diff alone {:.4}/{:.4} blend w {w} {c:.4}/{d:.4}",
            fast_auc(&ct, &ty),
            fast_auc(&dd, &dy)
        ));
        let mut best = (0.0f32, 0.0f32, -1.0f64, 0.0f64);
        for temp in [0.01f32, 0.02, 0.03, 0.05, 0.1, 0.2] {
            let (ct, dd) = (
                form(&tl, &|l| vote_softmax(l, temp)),
                form(&dl, &|l| vote_softmax(l, temp)),
            );
            let (w, c, d) = blend1((&cvnb, &dnb), (&ct, &dd), &ty, &dy);
            line.push(format!("  softmax T {temp}: w {w} {c:.4}/{d:.4}"));
            if c > best.2 {
                best = (temp, w, c, d);
            }
        }
        line.push(format!(
            "softmax (T on cv) T {} w {} {:.4}/{:.4}",
            best.0, best.1, best.2, best.3
        ));
        println!("{name} (cv/dev):\n  {}", line.join("\n  "));
        if name == "event sublinear" {
            event_lists = Some((tl, dl));
        } else if name == "whole sublinear" {
            whole_lists = Some((tl, dl));
        }
    }
    let (Some((etl, edl)), Some((wtl, wdl))) = (event_lists, whole_lists) else {
        return;
    };
    let et = form(&etl, &|l| vote_share(l, 10));
    let ed = form(&edl, &|l| vote_share(l, 10));
    // Two votes: event share 10 + whole-text vote (share 10, 40, max rel), two weights.
    type Wf = fn(&[(f32, bool)]) -> f32;
    let whole_forms: [(&str, Wf); 4] = [
        ("share10", |l| vote_share(l, 10)),
        ("share40", |l| vote_share(l, 40)),
        ("max rel", |l| l.iter().find(|p| p.1).map_or(0.0, |p| p.0)),
        ("diff", vote_diff),
    ];
    for (wname, f) in whole_forms {
        let wt = form(&wtl, &f);
        let wd = form(&wdl, &f);
        let mut best = (0.0f32, 0.0f32, -1.0f64);
        for a in 0..=24 {
            let w1 = a as f32 * 0.5;
            for b in 0..=24 {
                let w2 = b as f32 * 0.5;
                let t: Vec<f32> = (0..cvnb.len())
                    .map(|i| cvnb[i] + w1 * et[i] + w2 * wt[i])
                    .collect();
                let c = fast_auc(&t, &ty);
                if c > best.2 + 1e-9 {
                    best = (w1, w2, c);
                }
            }
        }
        let d: Vec<f32> = (0..dnb.len())
            .map(|i| dnb[i] + best.0 * ed[i] + best.1 * wd[i])
            .collect();
        println!(
            "two votes: event share10 w {} + whole {wname} w {}: cv {:.4} dev {:.4}",
            best.0,
            best.1,
            best.2,
            fast_auc(&d, &dy)
        );
    }
    // Both at once: the event-sentence signals as NB-LR features, plus the blend.
    let to_sig = |l: &[(f32, bool)]| Signals {
        max_rel: l.iter().find(|p| p.1).map_or(0.0, |p| p.0),
        max_non: l.iter().find(|p| !p.1).map_or(0.0, |p| p.0),
        share: std::array::from_fn(|i| vote_share(l, KS[i])),
    };
    let add = |x: &[Vec<u32>], l: &[Vec<(f32, bool)>]| -> Vec<Vec<u32>> {
        x.iter()
            .zip(l)
            .map(|(x, l)| {
                let mut k = x.clone();
                k.extend(signal_keys(&to_sig(l)));
                k.sort_unstable();
                k.dedup();
                k
            })
            .collect()
    };
    let (d2, cv2) = nblr_scores(&add(&tx, &etl), &ty, &add(&dx, &edl));
    println!(
        "NB-LR + knn features: cv {:.4} dev {:.4}",
        fast_auc(&cv2, &ty),
        fast_auc(&d2, &dy)
    );
    let (w, c, d) = blend1((&cv2, &d2), (&et, &ed), &ty, &dy);
    println!("NB-LR + knn features + share10 blend: w {w} cv {c:.4} dev {d:.4}");
    let (w, c, d) = blend1((&cvnb, &dnb), (&et, &ed), &ty, &dy);
    println!("reference, NB-LR + share10 blend: w {w} cv {c:.4} dev {d:.4}");
}
