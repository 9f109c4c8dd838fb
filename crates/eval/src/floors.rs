//! Score floors: the lowest dev-split scores CI accepts, kept in `eval/floors.toml`.
//!
//! ```toml
//! [muc4]
//! f1 = 0.20            # overall
//! "template.f1" = 0.15 # a per-class or extra row, by name
//! ```
//!
//! Keys name a measure of the overall score (`f1`, `precision`, `recall`, `accuracy`)
//! or `ROW.MEASURE` for a row of `per_class` or `extra`. A floor for a row or measure
//! the report does not have is itself a failure, so a renamed row cannot silently
//! escape its floor.

use std::collections::BTreeMap;
use std::path::Path;

use crate::score::{Report, Score};

/// Why the floors file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum FloorsError {
    /// The file could not be read.
    #[error("{0}: {1}")]
    Io(String, #[source] std::io::Error),
    /// It is not the TOML this module expects.
    #[error("{0}: {1}")]
    Syntax(String, String),
}

/// Floors by benchmark, then by measure key.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Floors {
    by_bench: BTreeMap<String, BTreeMap<String, f64>>,
}

fn measure(score: &Score, key: &str) -> Option<f64> {
    match (score, key) {
        (Score::Prf(p), "f1") => Some(p.f1()),
        (Score::Prf(p), "precision") => Some(p.precision()),
        (Score::Prf(p), "recall") => Some(p.recall()),
        (Score::Accuracy(a), "accuracy") => Some(a.value()),
        _ => None,
    }
}

impl Floors {
    /// Reads a floors file.
    pub fn read(path: &Path) -> Result<Floors, FloorsError> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| FloorsError::Io(name.clone(), e))?;
        Floors::parse(&text).map_err(|e| FloorsError::Syntax(name, e))
    }

    /// Parses the TOML text of a floors file.
    pub fn parse(text: &str) -> Result<Floors, String> {
        let by_bench: BTreeMap<String, BTreeMap<String, f64>> =
            toml::from_str(text).map_err(|e| e.to_string())?;
        for (bench, keys) in &by_bench {
            for (key, value) in keys {
                if !(0.0..=1.0).contains(value) {
                    return Err(format!(
                        "{bench}.{key} = {value} is not a fraction in [0, 1]"
                    ));
                }
            }
        }
        Ok(Floors { by_bench })
    }

    /// The floors `report` falls below, in words (empty when it passes).
    pub fn check(&self, report: &Report) -> Vec<String> {
        let Some(keys) = self.by_bench.get(&report.bench) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (key, floor) in keys {
            let got = match key.rsplit_once('.') {
                None => measure(&report.overall, key),
                Some((row, m)) => report
                    .per_class
                    .iter()
                    .chain(report.extra.iter())
                    .find(|(name, _)| name == row)
                    .and_then(|(_, score)| measure(score, m)),
            };
            match got {
                Some(v) if v + 1e-12 >= *floor => {}
                Some(v) => out.push(format!(
                    "{} {key} = {:.4} < floor {:.4}",
                    report.bench, v, floor
                )),
                None => out.push(format!(
                    "{} {key}: no such measure in the report (floor {:.4})",
                    report.bench, floor
                )),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::score::{Accuracy, Prf};

    fn report() -> Report {
        Report {
            bench: "toy".into(),
            data: String::new(),
            overall: Score::Prf(Prf::new(1.0, 2.0, 4.0)),
            per_class: vec![(
                "A".into(),
                Score::Accuracy(Accuracy {
                    passed: 9,
                    total: 10,
                }),
            )],
            extra: vec![],
            notes: vec![],
        }
    }

    #[test]
    fn floors_pass_fail_and_name_what_is_missing() {
        let f = Floors::parse("[toy]\nprecision = 0.5\n\"A.accuracy\" = 0.9\n").expect("parses");
        assert!(f.check(&report()).is_empty());
        let f = Floors::parse("[toy]\nf1 = 0.4\n").expect("parses");
        assert_eq!(
            f.check(&report()),
            vec!["toy f1 = 0.3333 < floor 0.4000".to_string()]
        );
        let f = Floors::parse("[toy]\n\"B.f1\" = 0.1\n").expect("parses");
        assert_eq!(
            f.check(&report()),
            vec!["toy B.f1: no such measure in the report (floor 0.1000)".to_string()]
        );
        assert!(Floors::parse("[other]\nf1 = 0.9\n")
            .expect("parses")
            .check(&report())
            .is_empty());
    }

    #[test]
    fn bad_floors_files_are_refused() {
        assert_eq!(
            Floors::parse("[toy]\nf1 = 45.0\n").unwrap_err(),
            "toy.f1 = 45 is not a fraction in [0, 1]"
        );
        assert!(Floors::parse("[toy]\nf1 = \"high\"\n").is_err());
    }
}
