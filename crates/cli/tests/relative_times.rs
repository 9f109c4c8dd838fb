//! A report that dates its toll only relative to the attack ("two days after the
//! attack, the toll rose to 9") gets that toll's date from another report of the same
//! incident that dates the attack; with no report dating it, the time stays relative.
//! The articles are written for this test (fictional events).

mod util;

use std::fs;

use util::{fact, newsfuse, run_json};

const DATED: &str = "Title: Car bomb hits Zaria market
Published: 2026-03-08
Source: Zaria Courier Example

A car bomb exploded at the cattle market in Zaria, Nigeria, on Saturday, 7 March 2026, killing 6 traders, police said. Witnesses said the blast damaged dozens of stalls.
";
const RELATIVE: &str = "Title: Zaria market toll rises
Published: 2026-03-12
Source: Savannah Ledger Example

The toll from the car bomb at the cattle market in Zaria, Nigeria, has risen. Two days after the attack, the toll rose to 9, hospital officials said.
";
const UNDATED: &str = "Title: Zaria market bomb
Source: Plateau Wire Example

A car bomb exploded at the cattle market in Zaria, Nigeria, killing 6 traders, police said.
";

fn run(articles: &[(&str, &str)]) -> (tempfile::TempDir, serde_json::Value) {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("in");
    fs::create_dir(&input).expect("input folder");
    for (name, text) in articles {
        fs::write(input.join(name), text).expect("write article");
    }
    let out = run_json(dir.path(), &[input.to_str().expect("utf-8")], &[]);
    (dir, out)
}

fn article_id(incident: &serde_json::Value, file: &str) -> String {
    incident["articles"]
        .as_array()
        .expect("articles")
        .iter()
        .find(|a| a["origin"].as_str().is_some_and(|o| o.ends_with(file)))
        .and_then(|a| a["id"].as_str())
        .unwrap_or_else(|| panic!("{file} in {incident:#}"))
        .to_string()
}

fn source_from<'a>(fact: &'a serde_json::Value, article: &str) -> &'a serde_json::Value {
    fact["sources"]
        .as_array()
        .expect("sources")
        .iter()
        .chain(fact["disagreeing"].as_array().expect("disagreeing"))
        .find(|s| s["article"] == article)
        .unwrap_or_else(|| panic!("a source from {article}: {fact:#}"))
}

#[test]
fn a_toll_two_days_after_the_attack_is_dated_from_the_report_that_dates_the_attack() {
    let (dir, out) = run(&[("a.txt", DATED), ("b.txt", RELATIVE)]);
    let incidents = out["incidents"].as_array().expect("incidents");
    assert_eq!(incidents.len(), 1, "{out:#}");
    let incident = &incidents[0];
    let (a, b) = (article_id(incident, "a.txt"), article_id(incident, "b.txt"));
    assert_eq!(fact(incident, "date")["value"], "2026-03-07");

    let killed = fact(incident, "killed");
    assert_eq!(killed["value"]["best"], 9, "{killed:#}");
    assert_eq!(killed["status"], "updated", "{killed:#}");
    let when = &source_from(killed, &b)["when"];
    assert_eq!(when["text"], "Two days after the attack", "{killed:#}");
    assert_eq!(when["relative"], "2 days after the incident");
    assert_eq!(when["value"], "2026-03-09");
    assert_eq!(
        (&when["first"], &when["last"]),
        (&when["value"], &when["value"])
    );
    assert_eq!(when["anchor"], "2026-03-07");
    assert_eq!(when["anchor_articles"], serde_json::json!([a]));
    assert_eq!(
        when["offset"],
        serde_json::json!({"amount": 2, "unit": "day", "direction": "after"})
    );
    // The report that dates the attack gives its toll as of its publication.
    assert!(source_from(killed, &a).get("when").is_none(), "{killed:#}");
    let note = killed["note"].as_str().expect("note");
    assert!(
        note.contains("9 on 2026-03-09, 2 days after the incident"),
        "{note}"
    );

    // The terminal report says it too.
    let db = dir.path().join("test.db");
    let id = incident["id"].as_str().expect("id");
    let shown = newsfuse(
        dir.path(),
        &["incident", id, "--db", db.to_str().expect("utf-8")],
    );
    assert_eq!(shown.code, 0, "{}", shown.stderr);
    let expected = format!(
        "[when: 2026-03-09 (2 days after the incident of 2026-03-07), the incident dated by {}]",
        &a[..8]
    );
    assert!(shown.stdout.contains(&expected), "{}", shown.stdout);
}

#[test]
fn with_no_report_dating_the_attack_the_toll_update_stays_relative() {
    let (dir, out) = run(&[("c.txt", UNDATED), ("b.txt", RELATIVE)]);
    let incidents = out["incidents"].as_array().expect("incidents");
    assert_eq!(incidents.len(), 1, "{out:#}");
    let incident = &incidents[0];
    assert!(util::facts(incident, "date").is_empty(), "{incident:#}");
    let b = article_id(incident, "b.txt");
    let killed = fact(incident, "killed");
    let when = &source_from(killed, &b)["when"];
    assert_eq!(when["relative"], "2 days after the incident", "{killed:#}");
    for key in ["value", "first", "last", "anchor"] {
        assert!(when[key].is_null(), "{key}: {killed:#}");
    }
    assert_eq!(when["anchor_articles"], serde_json::json!([]));
    let note = killed["note"].as_str().expect("note");
    assert!(
        note.contains("dates it 2 days after the incident; the incident's date is unknown"),
        "{note}"
    );
    let db = dir.path().join("test.db");
    let id = incident["id"].as_str().expect("id");
    let shown = newsfuse(
        dir.path(),
        &["incident", id, "--db", db.to_str().expect("utf-8")],
    );
    assert!(
        shown.stdout.contains("[when: 2 days after the incident]"),
        "{}",
        shown.stdout
    );
}

#[test]
fn a_report_dating_the_attack_that_arrives_later_resolves_the_kept_time() {
    let dir = tempfile::tempdir().expect("temp dir");
    let killed_when = |file: &str, text: &str| -> serde_json::Value {
        let input = dir.path().join(file);
        fs::write(&input, text).expect("write article");
        let out = run_json(dir.path(), &[input.to_str().expect("utf-8")], &[]);
        let incidents = out["incidents"].as_array().expect("incidents");
        assert_eq!(incidents.len(), 1, "{out:#}");
        let b = article_id(&incidents[0], "b.txt");
        source_from(fact(&incidents[0], "killed"), &b)["when"].clone()
    };
    // The toll update alone: relative. Then the report that dates the attack joins the
    // same store, and the regroup counts the kept time from its date.
    let before = killed_when("b.txt", RELATIVE);
    assert!(before["value"].is_null(), "{before:#}");
    let after = killed_when("a.txt", DATED);
    assert_eq!(after["value"], "2026-03-09", "{after:#}");
    assert_eq!(after["anchor"], "2026-03-07");
}

#[test]
fn the_json_with_relative_times_matches_the_schema() {
    let schema_text =
        fs::read_to_string(util::repo().join("docs/output.schema.json")).expect("schema file");
    let schema: serde_json::Value = serde_json::from_str(&schema_text).expect("schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    for articles in [
        [("a.txt", DATED), ("b.txt", RELATIVE)],
        [("c.txt", UNDATED), ("b.txt", RELATIVE)],
    ] {
        let (_dir, out) = run(&articles);
        let errors: Vec<String> = validator
            .iter_errors(&out)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "schema violations: {errors:#?}");
        assert!(
            out.to_string().contains("\"when\""),
            "the output has a relative time: {out:#}"
        );
    }
}
