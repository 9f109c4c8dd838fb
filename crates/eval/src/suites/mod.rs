//! Benchmark suites: each reads one benchmark's files, runs the product's own stages on
//! them and scores the result with the scorers of this crate.
//!
//! | suite | stage measured | default data (under `../shared/data/`) |
//! |---|---|---|
//! | `muc4` | incident extraction (roles), casualty counts | `muc4/dev.jsonl` |
//! | `conll2003` | entities | `conll2003/dev.jsonl` |
//! | `duckling` | times and numbers | `duckling/cases.jsonl` |
//! | `timebank` | times in running text | `timebank/tbaq.jsonl` |
//! | `ecbplus` | grouping reports into events | `multisource/ecbplus_clusters.jsonl` |
//! | `article_extraction` | HTML main text | `article_extraction/gold.jsonl` |
//! | `geoparse` | places: tagging and coordinates | `geoparse/` (every corpus) |
//! | `gvdb` | shooting facts: killed, injured, city, date, victim and shooter names | `gvdb/train.jsonl` |
//!
//! Only development and training splits live under `shared/data`; nothing here reads a
//! test split.

pub mod article_extraction;
pub mod casualties;
pub mod conll2003;
pub mod duckling;
pub mod ecbplus;
pub mod geoparse;
pub mod gvdb;
pub mod muc4;
pub mod timebank;

use std::io::BufRead;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

use crate::score::Report;

/// Why a suite could not run.
#[derive(Debug, thiserror::Error)]
pub enum SuiteError {
    /// A file could not be read.
    #[error("{0}: {1}")]
    Io(String, #[source] std::io::Error),
    /// A line is not the JSON the suite expects.
    #[error("{file}:{line}: {message}")]
    Json {
        /// The file.
        file: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// No such benchmark.
    #[error("unknown benchmark '{0}' (known: {known})", known = NAMES.join(", "))]
    Unknown(String),
}

/// Every suite, by name.
pub const NAMES: [&str; 8] = [
    "muc4",
    "conll2003",
    "duckling",
    "timebank",
    "ecbplus",
    "article_extraction",
    "gvdb",
    "geoparse",
];

/// The default data file of a suite, relative to the shared data folder.
pub fn default_data(name: &str) -> Option<&'static str> {
    Some(match name {
        "muc4" => "muc4/dev.jsonl",
        "conll2003" => "conll2003/dev.jsonl",
        "duckling" => "duckling/cases.jsonl",
        "timebank" => "timebank/tbaq.jsonl",
        "ecbplus" => "multisource/ecbplus_clusters.jsonl",
        "article_extraction" => "article_extraction/gold.jsonl",
        "gvdb" => "gvdb/train.jsonl",
        "geoparse" => "geoparse",
        _ => return None,
    })
}

/// The data file for `name` given `--data` (a file, or a folder holding the default
/// file name).
pub fn resolve_data(name: &str, data: &Path) -> PathBuf {
    if data.is_dir() {
        if let Some(default) = default_data(name) {
            let file = Path::new(default).file_name().map(PathBuf::from);
            if let Some(file) = file {
                let direct = data.join(&file);
                if direct.exists() {
                    return direct;
                }
            }
            return data.join(default);
        }
    }
    data.to_path_buf()
}

/// Runs suite `name` on `data`.
pub fn run(name: &str, data: &Path) -> Result<Report, SuiteError> {
    match name {
        "muc4" => muc4::run(data),
        "conll2003" => conll2003::run(data),
        "duckling" => duckling::run(data),
        "timebank" => timebank::run(data),
        "ecbplus" => ecbplus::run(data),
        "article_extraction" => article_extraction::run(data),
        "gvdb" => gvdb::run(data),
        "geoparse" => geoparse::run(data),
        other => Err(SuiteError::Unknown(other.to_string())),
    }
}

/// Reads a JSON Lines file into records, naming the file and line of a bad one.
pub fn read_jsonl<T: DeserializeOwned>(path: &Path) -> Result<Vec<T>, SuiteError> {
    let name = path.display().to_string();
    let file = std::fs::File::open(path).map_err(|e| SuiteError::Io(name.clone(), e))?;
    let mut out = Vec::new();
    for (i, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line.map_err(|e| SuiteError::Io(name.clone(), e))?;
        if line.trim().is_empty() {
            continue;
        }
        let record = serde_json::from_str(&line).map_err(|e| SuiteError::Json {
            file: name.clone(),
            line: i + 1,
            message: e.to_string(),
        })?;
        out.push(record);
    }
    Ok(out)
}
