//! `newsfuse eval` on small benchmark files written here (no shared data needed): the
//! table, the JSON contract, floors and errors.

mod util;

use std::fs;

use util::newsfuse;

const TIMEBANK: &str = r#"{"doc_id": "d1", "dct": "2025-06-15", "text": "Gunmen attacked on Saturday and again in 2019.", "timexes": [{"start": 19, "end": 27, "value": "2025-06-14"}, {"start": 41, "end": 45, "value": "2019"}, {"start": 0, "end": 6, "value": "PRESENT_REF"}]}
"#;

#[test]
fn eval_scores_a_small_file_as_json_and_table() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("tb.jsonl");
    fs::write(&data, TIMEBANK).expect("write");
    let data = data.to_str().expect("utf-8");
    let out = newsfuse(dir.path(), &["eval", "timebank", "--data", data, "--json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let json: serde_json::Value = serde_json::from_str(out.stdout.trim()).expect("one JSON object");
    // Two of three gold times found, both with the right value, nothing else predicted.
    assert_eq!(json["bench"], "timebank");
    assert_eq!(json["overall"]["precision"], 1.0);
    assert_eq!(json["overall"]["recall"], 2.0 / 3.0);
    assert_eq!(json["per_class"]["strict_span"]["matched_gold"], 2.0);

    let table = newsfuse(dir.path(), &["eval", "timebank", "--data", data]);
    assert_eq!(table.code, 0, "{}", table.stderr);
    assert!(
        table.stdout.contains(
            "overall                   100.00   66.67   80.00   (2/2 predicted, 2/3 gold)"
        ),
        "{}",
        table.stdout
    );

    let floors = dir.path().join("floors.toml");
    fs::write(&floors, "[timebank]\nf1 = 0.9\n").expect("write");
    let below = newsfuse(
        dir.path(),
        &[
            "eval",
            "timebank",
            "--data",
            data,
            "--floors",
            floors.to_str().expect("utf-8"),
        ],
    );
    assert_eq!(below.code, 3, "{}", below.stderr);
    assert!(
        below
            .stderr
            .contains("below floor: timebank f1 = 0.8000 < floor 0.9000"),
        "{}",
        below.stderr
    );
}

#[test]
fn eval_errors_name_the_problem() {
    let dir = tempfile::tempdir().expect("temp dir");
    let unknown = newsfuse(dir.path(), &["eval", "squad"]);
    assert_eq!(unknown.code, 1);
    assert!(
        unknown
            .stderr
            .contains("unknown benchmark 'squad' (known: muc4, conll2003"),
        "{}",
        unknown.stderr
    );

    let bad = dir.path().join("bad.jsonl");
    fs::write(&bad, "{\"doc_id\": \"x\"}\n").expect("write");
    let out = newsfuse(
        dir.path(),
        &["eval", "timebank", "--data", bad.to_str().expect("utf-8")],
    );
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains("bad.jsonl:1: missing field"),
        "{}",
        out.stderr
    );

    let missing = newsfuse(dir.path(), &["eval", "muc4", "--data", "nowhere.jsonl"]);
    assert_eq!(missing.code, 1);
    assert!(
        missing.stderr.contains("no data for muc4 at nowhere.jsonl"),
        "{}",
        missing.stderr
    );
}
