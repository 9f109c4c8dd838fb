//! Outlet reliability: how much one outlet's word counts when reports disagree.
//!
//! A weight is a number from 0 to 1 per outlet (default 1 for every outlet not
//! listed). Weights only decide contradictions: the value whose supporting sources
//! weigh most is shown as best. Agreement, rising tolls and single-source flags do not
//! depend on them, and no source is ever dropped: a weight of 0 keeps the report in the
//! incident's sources but never lets it outvote another.
//!
//! The file is TOML:
//!
//! ```toml
//! # Every outlet not listed below.
//! default = 1.0
//!
//! [outlets]
//! "Example Wire" = 0.9
//! "rumour-mill.example" = 0.2
//! ```
//!
//! Outlet names match without regard to case or surrounding spaces, and a leading
//! `www.` is ignored, so `www.Rumour-Mill.example` is `rumour-mill.example`.

use std::collections::BTreeMap;

use serde::Deserialize;

/// What is wrong with a reliability file.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ReliabilityError {
    /// Not TOML of the expected shape.
    #[error("not a reliability table: {0}")]
    Syntax(String),
    /// A weight outside 0..=1 (or not a number).
    #[error("{what}: weight {weight} is outside 0..=1")]
    OutOfRange {
        /// `default`, or `outlet "NAME"`.
        what: String,
        /// The weight given.
        weight: f64,
    },
    /// The same outlet twice under spellings that match each other.
    #[error("outlet \"{0}\" is listed twice (names match without case and www.)")]
    Duplicate(String),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    default: Option<f64>,
    #[serde(default)]
    outlets: BTreeMap<String, f64>,
}

/// Outlets' weights, read from a TOML table (see the module docs).
#[derive(Debug, Clone, PartialEq)]
pub struct Reliability {
    default: f64,
    outlets: BTreeMap<String, f64>,
}

impl Default for Reliability {
    /// Every outlet weighs 1: contradictions are decided by the number of sources.
    fn default() -> Self {
        Reliability {
            default: 1.0,
            outlets: BTreeMap::new(),
        }
    }
}

fn normalize(outlet: &str) -> String {
    let lower = outlet.trim().to_lowercase();
    match lower.strip_prefix("www.") {
        Some(rest) => rest.to_string(),
        None => lower,
    }
}

fn check(what: impl FnOnce() -> String, weight: f64) -> Result<f64, ReliabilityError> {
    if (0.0..=1.0).contains(&weight) {
        Ok(weight)
    } else {
        Err(ReliabilityError::OutOfRange {
            what: what(),
            weight,
        })
    }
}

impl Reliability {
    /// Reads a reliability table from TOML text.
    pub fn from_toml(text: &str) -> Result<Reliability, ReliabilityError> {
        let file: File =
            toml::from_str(text).map_err(|e| ReliabilityError::Syntax(e.message().to_string()))?;
        let default = check(|| "default".to_string(), file.default.unwrap_or(1.0))?;
        let mut outlets = BTreeMap::new();
        for (name, weight) in file.outlets {
            let weight = check(|| format!("outlet \"{name}\""), weight)?;
            if outlets.insert(normalize(&name), weight).is_some() {
                return Err(ReliabilityError::Duplicate(name));
            }
        }
        Ok(Reliability { default, outlets })
    }

    /// The table as TOML text that [`Reliability::from_toml`] reads back to the same
    /// table (names in their matching form).
    pub fn to_toml(&self) -> String {
        let mut out = format!("default = {:?}\n", self.default);
        if !self.outlets.is_empty() {
            out.push_str("\n[outlets]\n");
            for (name, weight) in &self.outlets {
                let quoted = serde_json::to_string(name).unwrap_or_else(|_| format!("{name:?}"));
                out.push_str(&format!("{quoted} = {weight:?}\n"));
            }
        }
        out
    }

    /// The weight of `outlet`; an article without an outlet has the default weight.
    pub fn weight(&self, outlet: Option<&str>) -> f64 {
        outlet
            .and_then(|o| self.outlets.get(&normalize(o)).copied())
            .unwrap_or(self.default)
    }

    /// Whether every outlet weighs the same (the default table, or one with no
    /// outlet listed apart from the default).
    pub fn is_uniform(&self) -> bool {
        self.outlets.values().all(|w| *w == self.default)
    }

    /// Outlets listed, in their matching form, with their weights.
    pub fn outlets(&self) -> impl Iterator<Item = (&str, f64)> {
        self.outlets.iter().map(|(k, v)| (k.as_str(), *v))
    }

    /// The weight of an outlet that is not listed.
    pub fn default_weight(&self) -> f64 {
        self.default
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_default_and_outlets_matching_without_case_or_www() {
        let r = Reliability::from_toml(
            "default = 0.5\n[outlets]\n\"Example Wire\" = 0.9\n\"rumour-mill.example\" = 0\n",
        )
        .unwrap();
        assert_eq!(r.weight(Some("example wire")), 0.9);
        assert_eq!(r.weight(Some("  EXAMPLE Wire ")), 0.9);
        assert_eq!(r.weight(Some("www.Rumour-Mill.example")), 0.0);
        assert_eq!(r.weight(Some("Other Daily")), 0.5);
        assert_eq!(r.weight(None), 0.5);
        assert!(!r.is_uniform());
    }

    #[test]
    fn an_empty_file_weighs_every_outlet_one() {
        let r = Reliability::from_toml("").unwrap();
        assert_eq!(r, Reliability::default());
        assert!(r.is_uniform());
        assert_eq!(r.weight(Some("Anyone")), 1.0);
    }

    #[test]
    fn bad_files_are_named_errors() {
        assert_eq!(
            Reliability::from_toml("[outlets]\n\"Example Wire\" = 1.5\n").unwrap_err(),
            ReliabilityError::OutOfRange {
                what: "outlet \"Example Wire\"".to_string(),
                weight: 1.5
            }
        );
        assert_eq!(
            Reliability::from_toml("default = -0.1\n")
                .unwrap_err()
                .to_string(),
            "default: weight -0.1 is outside 0..=1"
        );
        assert_eq!(
            Reliability::from_toml("[outlets]\n\"A.example\" = 0.5\n\"www.a.example\" = 0.6\n")
                .unwrap_err()
                .to_string(),
            "outlet \"www.a.example\" is listed twice (names match without case and www.)"
        );
        let unknown = Reliability::from_toml("defualt = 0.5\n").unwrap_err();
        assert!(
            matches!(&unknown, ReliabilityError::Syntax(m) if m.contains("unknown field `defualt`")),
            "{unknown}"
        );
        let not_number = Reliability::from_toml("[outlets]\nA = \"high\"\n").unwrap_err();
        assert!(
            matches!(not_number, ReliabilityError::Syntax(_)),
            "{not_number}"
        );
    }

    #[test]
    fn to_toml_reads_back_to_the_same_table() {
        let r = Reliability::from_toml(
            "default = 0.75\n[outlets]\n\"Example \\\"Wire\\\"\" = 0.9\nb = 0.25\n",
        )
        .unwrap();
        assert_eq!(Reliability::from_toml(&r.to_toml()).unwrap(), r);
        assert_eq!(
            Reliability::from_toml(&Reliability::default().to_toml()).unwrap(),
            Reliability::default()
        );
    }
}
