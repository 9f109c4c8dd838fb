//! Development check of the template parameters on train folds: for each of 5 folds
//! of TRAIN (by message index), the document classifiers of the compiled-in model are
//! retrained on the other folds and the thresholds tuned on the fold (as
//! `retrain_docs` does with dev); prints the fold's template F1 as tuned and with
//! `Params::first_type_min` off. The tagger saw every training message, so the
//! fillers are better than on dev: read the difference, not the level.
//! `type_cv TRAIN`
use std::path::Path;

use newsfuse_roles::train::{dev_template_score, read_docs, retrain_documents, TrainOptions};
use newsfuse_roles::Params;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let path = args.get(1).ok_or("usage: type_cv TRAIN")?;
    let train = read_docs(Path::new(path))?;
    let base = newsfuse_roles::embedded();
    let opts = TrainOptions::default();
    for f in 0..5 {
        let (fold, rest): (Vec<_>, Vec<_>) = train
            .iter()
            .cloned()
            .enumerate()
            .partition(|(i, _)| i % 5 == f);
        let fold: Vec<_> = fold.into_iter().map(|(_, d)| d).collect();
        let rest: Vec<_> = rest.into_iter().map(|(_, d)| d).collect();
        let model = retrain_documents(base, &rest, &fold, &opts);
        let raws: Vec<_> = fold.iter().map(|d| model.raw(&d.text)).collect();
        let tuned = dev_template_score(&model, &fold, &raws, &model.params).f1();
        let off = Params {
            first_type_min: f32::NEG_INFINITY,
            ..model.params
        };
        let without = dev_template_score(&model, &fold, &raws, &off).f1();
        println!(
            "fold {f}: template F1 {tuned:.2} (first_type_min {:.2}), without {without:.2}",
            model.params.first_type_min
        );
    }
    Ok(())
}
