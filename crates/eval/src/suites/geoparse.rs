//! Geoparsing (`geoparse/*.jsonl`: GeoWebNews, LGL, TR-News, GeoVirus): the entity
//! stage's places against the gold toponyms. Geotagging: strict exact-span P/R/F1 (the
//! headline; for GeoWebNews the paper's 2,720-span gold, without expressions and
//! non-toponyms). Geocoding, end to end: for each evaluated gold toponym that we tagged
//! with the same span, the great-circle error of our point; accuracy within 161 km per
//! corpus, with n, mean and median error and AUC in the notes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use newsfuse_core::EntityKind;
use serde::Deserialize;

use super::{read_jsonl, SuiteError};
use crate::score::{Accuracy, Prf, Report, Score};

#[derive(Deserialize)]
struct Article {
    corpus: String,
    text: String,
    toponyms: Vec<Toponym>,
}

#[derive(Deserialize)]
struct Toponym {
    start: i64,
    end: i64,
    lat: Option<f64>,
    lon: Option<f64>,
    #[serde(rename = "type")]
    kind: Option<String>,
    #[serde(default)]
    eval: bool,
}

/// Great-circle distance in km (haversine, R = 6371.0088).
pub fn haversine_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0088 * a.sqrt().asin()
}

/// AUC of sorted ln(1 + error), trapezoid rule, over ln(20039)·(n − 1); lower is better.
pub fn auc(errors: &[f64]) -> f64 {
    if errors.len() < 2 {
        return 0.0;
    }
    let mut logs: Vec<f64> = errors.iter().map(|e| (1.0 + e).ln()).collect();
    logs.sort_by(f64::total_cmp);
    let area: f64 = logs.windows(2).map(|w| (w[0] + w[1]) / 2.0).sum();
    area / (20039f64.ln() * (logs.len() - 1) as f64)
}

fn gold_tag(corpus: &str, t: &Toponym) -> bool {
    if corpus == "GWN" || corpus == "GeoWebNews" {
        !matches!(
            t.kind.as_deref(),
            Some("Literal_Expression" | "Non_Lit_Expression" | "Non_Toponym")
        )
    } else {
        true
    }
}

/// Scores the place stage on one file or on every `.jsonl` of a folder (peer outputs
/// and split info excluded).
pub fn run(path: &Path) -> Result<Report, SuiteError> {
    let files: Vec<PathBuf> = if path.is_dir() {
        let mut v: Vec<PathBuf> = std::fs::read_dir(path)
            .map_err(|e| SuiteError::Io(path.display().to_string(), e))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.extension().is_some_and(|e| e == "jsonl")
                    && !p
                        .file_name()
                        .is_some_and(|n| n.to_string_lossy().contains("peer"))
            })
            .collect();
        v.sort();
        v
    } else {
        vec![path.to_path_buf()]
    };
    let mut tagging: BTreeMap<String, Prf> = BTreeMap::new();
    let mut errors: BTreeMap<String, (Vec<f64>, u64)> = BTreeMap::new();
    for file in &files {
        let articles: Vec<Article> = read_jsonl(file)?;
        for a in &articles {
            // Code-point offsets of the gold → byte offsets of our spans.
            let mut byte_of = Vec::with_capacity(a.text.len() + 1);
            for (b, _) in a.text.char_indices() {
                byte_of.push(b);
            }
            byte_of.push(a.text.len());
            let to_byte = |cp: i64| {
                usize::try_from(cp)
                    .ok()
                    .and_then(|c| byte_of.get(c).copied())
            };
            let single = newsfuse_extract::text::is_single_case(&a.text);
            let found = newsfuse_extract::entities::find(&a.text, single);
            let places: Vec<(usize, usize, f64, f64)> = found
                .mentions
                .iter()
                .filter(|m| m.kind == EntityKind::Place)
                .filter_map(|m| {
                    m.place
                        .as_ref()
                        .map(|p| (m.span.start(), m.span.end(), p.lat, p.lon))
                })
                .collect();
            let gold: Vec<(usize, usize, &Toponym)> = a
                .toponyms
                .iter()
                .filter_map(|t| Some((to_byte(t.start)?, to_byte(t.end)?, t)))
                .collect();
            let tags: Vec<&(usize, usize, &Toponym)> = gold
                .iter()
                .filter(|(_, _, t)| gold_tag(&a.corpus, t))
                .collect();
            let matched = tags
                .iter()
                .filter(|(s, e, _)| places.iter().any(|p| p.0 == *s && p.1 == *e))
                .count();
            let counts = tagging.entry(a.corpus.clone()).or_default();
            counts.add(&Prf::new(
                matched as f64,
                places.len() as f64,
                tags.len() as f64,
            ));
            let (errs, total) = errors.entry(a.corpus.clone()).or_default();
            for (s, e, t) in gold.iter().filter(|(_, _, t)| t.eval) {
                let (Some(lat), Some(lon)) = (t.lat, t.lon) else {
                    continue;
                };
                *total += 1;
                if let Some(p) = places.iter().find(|p| p.0 == *s && p.1 == *e) {
                    errs.push(haversine_km(lat, lon, p.2, p.3));
                }
            }
        }
    }
    let mut overall = Prf::default();
    for p in tagging.values() {
        overall.add(p);
    }
    let mut extra = Vec::new();
    let mut notes = Vec::new();
    for (corpus, (errs, total)) in &errors {
        let within = errs.iter().filter(|e| **e < 161.0).count() as u64;
        extra.push((
            format!("{corpus}/acc@161"),
            Score::Accuracy(Accuracy {
                passed: within,
                total: errs.len() as u64,
            }),
        ));
        let mut sorted = errs.clone();
        sorted.sort_by(f64::total_cmp);
        let mean = if errs.is_empty() {
            0.0
        } else {
            errs.iter().sum::<f64>() / errs.len() as f64
        };
        let median = sorted.get(sorted.len() / 2).copied().unwrap_or(0.0);
        notes.push(format!(
            "{corpus}: geocoded {} of {total} evaluated toponyms (tagged with the exact span); mean error {mean:.0} km, median {median:.0} km, AUC {:.3}",
            errs.len(),
            auc(errs)
        ));
    }
    notes.push("overall = geotagging strict-span F1 over all corpora".into());
    Ok(Report {
        bench: "geoparse".into(),
        data: path.display().to_string(),
        overall: Score::Prf(overall),
        per_class: tagging
            .into_iter()
            .map(|(k, v)| (k, Score::Prf(v)))
            .collect(),
        extra,
        notes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances_and_auc() {
        // London to Paris is about 344 km.
        let d = haversine_km(51.5074, -0.1278, 48.8566, 2.3522);
        assert!((d - 343.6).abs() < 1.0, "{d}");
        assert_eq!(haversine_km(10.0, 10.0, 10.0, 10.0), 0.0);
        assert_eq!(auc(&[0.0, 0.0, 0.0]), 0.0);
        // Two errors at the maximum give AUC 1.
        assert!((auc(&[20038.0, 20038.0]) - 1.0).abs() < 1e-9);
    }
}
