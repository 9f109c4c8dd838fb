//! Helpers shared by the end-to-end tests: run the built binary in a fresh directory.
#![allow(dead_code)] // each test binary uses a different part of these helpers

use std::path::{Path, PathBuf};
use std::process::Command;

/// The repository root.
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `../shared` beside the repository, or `$NEWSFUSE_SHARED`; `None` (with a printed
/// reason) when absent.
pub fn shared(sub: &str) -> Option<PathBuf> {
    let base = std::env::var_os("NEWSFUSE_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo().join("../shared"));
    let path = base.join(sub);
    if path.exists() {
        Some(path)
    } else {
        eprintln!(
            "skipped: {} not found (set NEWSFUSE_SHARED to run this test)",
            path.display()
        );
        None
    }
}

/// What one run of the binary gave.
pub struct Output {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `newsfuse ARGS` in `dir`.
pub fn newsfuse(dir: &Path, args: &[&str]) -> Output {
    newsfuse_with_stdin(dir, args, None)
}

/// Runs `newsfuse ARGS` in `dir`, feeding `stdin`.
pub fn newsfuse_with_stdin(dir: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    use std::io::Write;
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_newsfuse"));
    cmd.args(args).current_dir(dir);
    cmd.stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = cmd.spawn().expect("the newsfuse binary runs");
    if let Some(mut pipe) = child.stdin.take() {
        if let Some(input) = stdin {
            pipe.write_all(input.as_bytes()).expect("stdin written");
        }
    }
    let out = child
        .wait_with_output()
        .expect("the newsfuse binary finishes");
    Output {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Runs `newsfuse run ... --format json` and parses the output.
pub fn run_json(dir: &Path, inputs: &[&str], extra: &[&str]) -> serde_json::Value {
    let mut args = vec!["run"];
    args.extend_from_slice(inputs);
    args.extend_from_slice(&["--format", "json", "--quiet", "--db"]);
    let db = dir.join("test.db");
    let db = db.to_str().expect("utf-8 temp path");
    args.push(db);
    args.extend_from_slice(extra);
    let out = newsfuse(dir, &args);
    assert!(
        out.code == 0 || out.code == 2,
        "exit {}: {}",
        out.code,
        out.stderr
    );
    serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("JSON output: {e}\n{}", out.stdout))
}

/// The facts of `incident` about `attribute`.
pub fn facts<'a>(incident: &'a serde_json::Value, attribute: &str) -> Vec<&'a serde_json::Value> {
    incident["facts"]
        .as_array()
        .map(|a| a.iter().filter(|f| f["attribute"] == attribute).collect())
        .unwrap_or_default()
}

/// The one fact about `attribute`; panics with the incident when there is not exactly one.
pub fn fact<'a>(incident: &'a serde_json::Value, attribute: &str) -> &'a serde_json::Value {
    let found = facts(incident, attribute);
    assert_eq!(
        found.len(),
        1,
        "expected one '{attribute}' fact in {incident:#}"
    );
    found[0]
}

/// The article ids of a fact's sources.
pub fn source_articles(fact: &serde_json::Value, key: &str) -> Vec<String> {
    fact[key]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|s| s["article"].as_str().unwrap_or("").to_string())
                .collect()
        })
        .unwrap_or_default()
}
