//! `newsfuse run --reliability FILE`: outlet weights decide a contradiction, are kept
//! in the store for later runs, and a bad file is a clear error.

mod util;

use std::fs;

use util::{fact, facts, newsfuse, repo, run_json};

fn examples() -> String {
    repo()
        .join("examples/articles")
        .to_string_lossy()
        .into_owned()
}

/// The Kano incident's killed fact: (best, supporting outlets, disagreeing outlets).
fn kano_killed(out: &serde_json::Value) -> (u64, Vec<String>, Vec<String>) {
    let kano = out["incidents"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|i| {
            facts(i, "place")
                .iter()
                .any(|p| p["value"]["name"] == "Kano")
        })
        .unwrap_or_else(|| panic!("a Kano incident: {out:#}"));
    let killed = fact(kano, "killed");
    assert_eq!(killed["status"], "conflict", "{killed:#}");
    let names = |key: &str| -> Vec<String> {
        killed[key]
            .as_array()
            .into_iter()
            .flatten()
            .map(|s| s["outlet"].as_str().unwrap_or("?").to_string())
            .collect()
    };
    (
        killed["value"]["best"].as_u64().expect("a best figure"),
        names("sources"),
        names("disagreeing"),
    )
}

#[test]
fn weights_flip_a_contradiction_and_stay_with_the_store() {
    let dir = tempfile::tempdir().expect("temp dir");
    let plain = run_json(dir.path(), &[&examples()], &[]);
    let (best, support, against) = kano_killed(&plain);
    assert_eq!(best, 7);
    assert_eq!(
        (support.as_slice(), against.as_slice()),
        (
            &["Kano Radio".to_string()][..],
            &["Kano Times".to_string()][..]
        )
    );

    let table = dir.path().join("outlets.toml");
    fs::write(&table, "[outlets]\n\"kano radio\" = 0.4\n").expect("write table");
    let weighed = run_json(
        dir.path(),
        &[&examples()],
        &["--reliability", table.to_str().expect("utf-8")],
    );
    let (best, support, against) = kano_killed(&weighed);
    assert_ne!(best, 7);
    assert_eq!(
        (support.as_slice(), against.as_slice()),
        (
            &["Kano Times".to_string()][..],
            &["Kano Radio".to_string()][..]
        )
    );

    // The table is kept with the data: a later run without the flag fuses the same way.
    let again = run_json(dir.path(), &[&examples()], &[]);
    assert_eq!(again, weighed);

    // An empty table weighs every outlet the same again.
    fs::write(&table, "").expect("empty table");
    let reset = run_json(
        dir.path(),
        &[&examples()],
        &["--reliability", table.to_str().expect("utf-8")],
    );
    assert_eq!(reset, plain);
}

#[test]
fn a_bad_table_is_an_error_naming_the_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let table = dir.path().join("weights.toml");
    fs::write(&table, "[outlets]\n\"Kano Radio\" = 2\n").expect("write");
    let db = dir.path().join("t.db");
    let out = newsfuse(
        dir.path(),
        &[
            "run",
            &examples(),
            "--db",
            db.to_str().expect("utf-8"),
            "--reliability",
            table.to_str().expect("utf-8"),
        ],
    );
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr.contains(&format!(
            "{}: outlet \"Kano Radio\": weight 2 is outside 0..=1",
            table.display()
        )),
        "{}",
        out.stderr
    );
    let missing = newsfuse(
        dir.path(),
        &[
            "run",
            &examples(),
            "--db",
            db.to_str().expect("utf-8"),
            "--reliability",
            "nope.toml",
        ],
    );
    assert_eq!(missing.code, 1);
    assert!(
        missing.stderr.contains("reading nope.toml"),
        "{}",
        missing.stderr
    );
}
