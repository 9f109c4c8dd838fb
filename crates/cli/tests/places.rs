//! Places in the product: `newsfuse extract` shows where each place name was put, and an
//! outlet's earlier articles, kept in the store, decide which of several towns of one
//! name a later article of the same outlet means.

mod util;

use std::fs;

use util::{fact, newsfuse, run_json};

const STORM: &str = r#"Title: Storm cleanup goes on
Published: 2025-04-01
Source: Rutherford Ledger

Road crews in Murfreesboro and Smyrna worked through the night after the storm, and power came back to most homes in Cookeville by Tuesday.
"#;

const SHOOTING: &str = r#"Title: Gunman wounds two outside church
Published: 2025-04-07
Source: Rutherford Ledger

A gunman wounded two people outside a church in Columbia on Sunday, police said. The attacker fled in a pickup truck.
"#;

#[test]
fn extract_prints_where_each_place_is() {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(dir.path().join("storm.txt"), STORM).expect("write");
    let out = newsfuse(dir.path(), &["extract", "storm.txt"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let line: serde_json::Value =
        serde_json::from_str(out.stdout.lines().next().expect("one line")).expect("JSON");
    let mentions = line["extraction"]["mentions"].as_array().expect("mentions");
    let place = |name: &str| {
        mentions
            .iter()
            .find(|m| m["text"] == name)
            .map(|m| m["place"].clone())
            .unwrap_or_else(|| panic!("no mention of {name} in {mentions:?}"))
    };
    let p = place("Murfreesboro");
    assert_eq!(p["name"], "Murfreesboro");
    assert_eq!(p["country_code"], "US");
    assert_eq!(p["kind"], "city");
    let lat = p["lat"].as_f64().expect("lat");
    let lon = p["lon"].as_f64().expect("lon");
    assert!(
        (lat - 35.85).abs() < 0.1 && (lon + 86.39).abs() < 0.1,
        "{p}"
    );
}

/// Latitude of the place fact of the run's one incident.
fn incident_latitude(run: &serde_json::Value) -> f64 {
    let incidents = run["incidents"].as_array().expect("incidents");
    assert_eq!(incidents.len(), 1, "{run:#}");
    let place = fact(&incidents[0], "place");
    assert_eq!(place["value"]["name"], "Columbia");
    place["value"]["lat"].as_f64().expect("lat")
}

#[test]
fn an_outlets_earlier_articles_place_its_ambiguous_towns() {
    // Alone, "Columbia" is the largest Columbia: South Carolina's capital (34.0 N).
    let alone = tempfile::tempdir().expect("temp dir");
    fs::write(alone.path().join("shooting.txt"), SHOOTING).expect("write");
    let run = run_json(alone.path(), &["shooting.txt"], &[]);
    let lat = incident_latitude(&run);
    assert!((lat - 34.0).abs() < 0.1, "{lat}");

    // After the same paper's report from Murfreesboro, Smyrna and Cookeville, stored by
    // an earlier run, it is Columbia, Tennessee (35.6 N).
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(dir.path().join("storm.txt"), STORM).expect("write");
    fs::write(dir.path().join("shooting.txt"), SHOOTING).expect("write");
    let first = run_json(dir.path(), &["storm.txt"], &[]);
    assert_eq!(first["incidents"].as_array().map(Vec::len), Some(0));
    let run = run_json(dir.path(), &["shooting.txt"], &[]);
    let lat = incident_latitude(&run);
    assert!((lat - 35.6).abs() < 0.1, "{lat}");
}
