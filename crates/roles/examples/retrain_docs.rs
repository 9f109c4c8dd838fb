//! Development driver: retrains only the document classifiers of the compiled-in
//! model and re-tunes the template thresholds (`newsfuse train roles` rebuilds all).

#[path = "common/knn_env.rs"]
mod knn_env;
use std::path::Path;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let train = newsfuse_roles::train::read_docs(Path::new(&args[1]))?;
    let dev = newsfuse_roles::train::read_docs(Path::new(&args[2]))?;
    let mut opts = newsfuse_roles::train::TrainOptions::default();
    if let Some(e) = args.get(4).and_then(|s| s.parse().ok()) {
        opts.doc_epochs = e;
    }
    // DOC_LR="l2,iters,alpha,rate" sets the NB-LR settings; DOC_PERCEPTRON=1 fits the
    // document classifiers by the averaged perceptron instead.
    if let Ok(v) = std::env::var("DOC_LR") {
        let x: Vec<f32> = v.split(',').filter_map(|s| s.parse().ok()).collect();
        let mut lr = newsfuse_roles::doc::LrOptions::default();
        if let [l2, iters, alpha, rate] = x[..] {
            lr = newsfuse_roles::doc::LrOptions {
                l2,
                iters: iters as usize,
                alpha,
                rate,
            };
        }
        opts.doc_lr = Some(lr);
    }
    if std::env::var("DOC_PERCEPTRON").is_ok() {
        opts.doc_lr = None;
    }
    if let Some(p) = std::env::var("DOC_PRUNE").ok().and_then(|s| s.parse().ok()) {
        opts.doc_prune = p;
    }
    knn_env::apply(&mut opts);
    let base = newsfuse_roles::embedded();
    let model = newsfuse_roles::train::retrain_documents(base, &train, &dev, &opts);
    let raws: Vec<_> = dev.iter().map(|d| model.raw(&d.text)).collect();
    let t = newsfuse_roles::train::dev_template_score(&model, &dev, &raws, &model.params);
    let (m, _) = newsfuse_roles::train::dev_score(&model, &dev, &raws, &model.params);
    eprintln!(
        "dev template F1 {:.2}, CEAF-REE {:.2}; params {:?}",
        t.f1(),
        m.f1(),
        model.params
    );
    // Relevance accuracy at the tuned gate; first-type accuracy on relevant texts.
    let mut rel_ok = 0;
    let mut kind_ok = 0;
    let mut kind_n = 0;
    let mut set_ok = 0;
    for (d, r) in dev.iter().zip(&raws) {
        if (r.relevance >= model.params.template_relevance) == d.relevant {
            rel_ok += 1;
        }
        if d.relevant {
            kind_n += 1;
            if d.kind() == Some(r.kind) {
                kind_ok += 1;
            }
            let ex = model.assemble(&d.text, r, &model.params);
            let set = d.type_set();
            let pred: Vec<usize> = ex
                .incidents
                .iter()
                .filter_map(|k| {
                    newsfuse_roles::INCIDENT_TYPES
                        .iter()
                        .position(|x| *x == k.incident_type)
                })
                .collect();
            let gold: Vec<usize> = (0..6).filter(|&k| set[k]).collect();
            let mut p = pred.clone();
            p.sort();
            if p == gold {
                set_ok += 1;
            }
        }
    }
    eprintln!(
        "relevance {rel_ok}/{}; first type {kind_ok}/{kind_n}; exact type set {set_ok}/{kind_n}",
        dev.len()
    );
    std::fs::write(&args[3], model.to_bytes())?;
    Ok(())
}
