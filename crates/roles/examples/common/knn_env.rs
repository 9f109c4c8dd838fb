//! The nearest-messages settings the training examples (`train_roles`, `retrain_docs`)
//! read from the environment, in one place.

use newsfuse_roles::train::TrainOptions;

/// `NAME="a,b"`, read as two numbers.
fn pair<A: std::str::FromStr, B: std::str::FromStr>(name: &str) -> Option<(A, B)> {
    let v = std::env::var(name).ok()?;
    let (a, b) = v.split_once(',')?;
    Some((a.trim().parse().ok()?, b.trim().parse().ok()?))
}

/// `ROLES_KNN="k,weight"`: the nearest-training-messages relevance score; `ROLES_NO_KNN`:
/// without it. `ROLES_KNN_TYPES="kind_weight,type_weight"`: the nearest relevant
/// messages' type shares added to the first-type and per-type scores;
/// `ROLES_NO_KNN_TYPES`: without them.
pub fn apply(opts: &mut TrainOptions) {
    if let Some(x) = pair("ROLES_KNN") {
        opts.knn = Some(x);
    }
    if std::env::var("ROLES_NO_KNN").is_ok() {
        opts.knn = None;
    }
    if let Some(x) = pair("ROLES_KNN_TYPES") {
        opts.knn_types = Some(x);
    }
    if std::env::var("ROLES_NO_KNN_TYPES").is_ok() {
        opts.knn_types = None;
    }
}
