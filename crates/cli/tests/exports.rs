//! `newsfuse export`: the GTD and ACLED tables, GeoJSON and the long CSV of the example
//! incidents and of the seeds' incident, checked cell by cell.

mod util;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use util::{newsfuse, repo, shared};

fn build_db(dir: &Path, inputs: &[&str], extra: &[&str]) -> PathBuf {
    let db = dir.join("export.db");
    let mut args = vec!["run", "--quiet", "--db", db.to_str().expect("utf-8 path")];
    args.extend_from_slice(inputs);
    args.extend_from_slice(extra);
    let out = newsfuse(dir, &args);
    assert_eq!(out.code, 0, "{}", out.stderr);
    db
}

fn export(dir: &Path, db: &Path, format: &str) -> String {
    let out = newsfuse(
        dir,
        &[
            "export",
            "--format",
            format,
            "--db",
            db.to_str().expect("utf-8 path"),
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    out.stdout
}

/// The rows of a CSV, each as column → cell.
fn rows(csv_text: &str) -> Vec<HashMap<String, String>> {
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let headers = reader.headers().expect("header row").clone();
    reader
        .records()
        .map(|r| {
            let r = r.expect("a CSV record");
            headers
                .iter()
                .zip(r.iter())
                .map(|(h, c)| (h.to_string(), c.to_string()))
                .collect()
        })
        .collect()
}

fn assert_cells(row: &HashMap<String, String>, want: &[(&str, &str)]) {
    for (column, value) in want {
        assert_eq!(
            row.get(*column).map(String::as_str),
            Some(*value),
            "column {column} in {row:?}"
        );
    }
}

fn find<'a>(
    rows: &'a [HashMap<String, String>],
    column: &str,
    value: &str,
) -> &'a HashMap<String, String> {
    rows.iter()
        .find(|r| r.get(column).map(String::as_str) == Some(value))
        .unwrap_or_else(|| panic!("no row with {column} = {value}"))
}

#[test]
fn examples_as_gtd_acled_geojson_and_csv() {
    let dir = tempfile::tempdir().expect("temp dir");
    let examples = repo().join("examples/articles");
    let db = build_db(dir.path(), &[examples.to_str().expect("utf-8 path")], &[]);

    let gtd = rows(&export(dir.path(), &db, "gtd"));
    assert_eq!(gtd.len(), 2);
    assert_cells(
        find(&gtd, "city", "Maiduguri"),
        &[
            ("iyear", "2025"),
            ("imonth", "6"),
            ("iday", "14"),
            ("country_txt", "Nigeria"),
            ("latitude", "11.84692"),
            ("longitude", "13.15712"),
            ("specificity", "1"),
            ("attacktype1_txt", "Armed Assault"),
            ("gname", "Sahel Martyrs Brigade"),
            ("claimed", "1"),
            ("nperps", "5"),
            ("weaptype1_txt", "Firearms"),
            ("nkill", "19"),
            ("nwound", "27"),
            ("nkill_status", "updated"),
            ("nwound_status", "conflict"),
            ("nsources", "3"),
            ("sources", "Example Wire; Daily Ledger; Borno Observer"),
        ],
    );
    // Unknowns in GTD's codes: no group, no claim known, attackers not counted.
    assert_cells(
        find(&gtd, "city", "Kano"),
        &[
            ("gname", "Unknown"),
            ("claimed", "-9"),
            ("nperps", "-99"),
            ("weaptype1_txt", "Unknown"),
            ("nkill", "7"),
            ("nkill_status", "conflict"),
            ("nwound", ""),
        ],
    );

    let acled = rows(&export(dir.path(), &db, "acled"));
    assert_eq!(acled.len(), 2);
    assert_cells(
        find(&acled, "location", "Maiduguri"),
        &[
            ("event_date", "2025-06-14"),
            ("year", "2025"),
            ("time_precision", "1"),
            ("event_type", "Violence against civilians"),
            ("sub_event_type", "Attack"),
            ("actor1", "Sahel Martyrs Brigade"),
            ("country", "Nigeria"),
            ("fatalities", "19"),
            ("fatalities_status", "updated"),
        ],
    );
    assert_cells(
        find(&acled, "location", "Kano"),
        &[
            ("actor1", "Unidentified Armed Group (Nigeria)"),
            ("fatalities", "7"),
        ],
    );

    let geo: serde_json::Value =
        serde_json::from_str(&export(dir.path(), &db, "geojson")).expect("GeoJSON");
    assert_eq!(geo["type"], "FeatureCollection");
    let features = geo["features"].as_array().expect("features");
    assert_eq!(features.len(), 2);
    let maiduguri = features
        .iter()
        .find(|f| f["properties"]["killed"]["best"] == 19)
        .expect("the Maiduguri feature");
    assert_eq!(
        maiduguri["geometry"],
        serde_json::json!({ "type": "Point", "coordinates": [13.15712, 11.84692] })
    );
    assert_eq!(geo["unlocated"], serde_json::json!([]));

    // The long table: one row per source of each fused fact, with its evidence.
    let facts = rows(&export(dir.path(), &db, "csv"));
    let killed: Vec<(&str, &str, &str)> = facts
        .iter()
        .filter(|r| r["attribute"] == "killed" && r["incident_id"] == maiduguri["id"])
        .map(|r| {
            (
                r["role"].as_str(),
                r["source_value"].as_str(),
                r["outlet"].as_str(),
            )
        })
        .collect();
    assert_eq!(
        killed,
        vec![
            ("supports", "[12, ∞)", "Example Wire"),
            ("supports", "19", "Daily Ledger"),
            ("supports", "19", "Borno Observer"),
        ]
    );
}

#[test]
fn seeds_as_gtd_and_acled() {
    let Some(seeds) = shared("seeds") else { return };
    let dir = tempfile::tempdir().expect("temp dir");
    let db = build_db(
        dir.path(),
        &[seeds.to_str().expect("utf-8 path")],
        &["--published", "2024-03-23"],
    );
    let gtd = rows(&export(dir.path(), &db, "gtd"));
    assert_eq!(gtd.len(), 1);
    assert_cells(
        &gtd[0],
        &[
            ("iyear", "2024"),
            ("imonth", "3"),
            ("iday", "22"),
            ("country_txt", "Russia"),
            ("city", "Moscow"),
            ("specificity", "1"),
            ("attacktype1_txt", "Armed Assault"),
            ("gname", "Islamic State Khorasan Province"),
            ("claimed", "1"),
            ("nkill", "139"),
            ("nkill_low", "139"),
            ("nkill_high", "139"),
            ("nkill_status", "updated"),
            ("nperps", "-99"),
            ("nperps_low", "4"),
            ("nperps_high", "5"),
            ("country_code", "RU"),
        ],
    );
    let acled = rows(&export(dir.path(), &db, "acled"));
    assert_eq!(acled.len(), 1);
    assert_cells(
        &acled[0],
        &[
            ("event_date", "2024-03-22"),
            ("year", "2024"),
            ("time_precision", "1"),
            ("event_type", "Violence against civilians"),
            ("sub_event_type", "Attack"),
            ("actor1", "Islamic State Khorasan Province"),
            ("actor2", "Civilians (Russia)"),
            ("civilian_targeting", "Civilian targeting"),
            ("country", "Russia"),
            ("location", "Moscow"),
            ("geo_precision", "1"),
            ("fatalities", "139"),
        ],
    );
}

#[test]
fn an_unknown_format_is_refused_with_the_choices() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = newsfuse(dir.path(), &["export", "--format", "xml"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("unknown export format 'xml' (expected gtd, acled, geojson, json or csv)"),
        "{}",
        out.stderr
    );
}
