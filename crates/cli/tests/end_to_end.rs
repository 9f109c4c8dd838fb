//! The binary end to end on the project's own example articles: fused values, the
//! JSON Schema, re-runs, store queries and bad input.

mod util;

use std::fs;

use util::{fact, facts, newsfuse, newsfuse_with_stdin, repo, run_json, source_articles};

fn examples() -> String {
    repo()
        .join("examples/articles")
        .to_string_lossy()
        .into_owned()
}

fn incident_with<'a>(out: &'a serde_json::Value, city: &str) -> &'a serde_json::Value {
    let found: Vec<&serde_json::Value> = out["incidents"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter(|i| facts(i, "place").iter().any(|p| p["value"]["name"] == city))
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(found.len(), 1, "expected one incident in {city}: {out:#}");
    found[0]
}

fn outlets(fact: &serde_json::Value, key: &str) -> Vec<String> {
    let mut v: Vec<String> = fact[key]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|s| s["outlet"].as_str().unwrap_or("?").to_string())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

#[test]
fn examples_fuse_into_two_incidents() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = run_json(dir.path(), &[&examples()], &[]);
    assert_eq!(
        out["incidents"].as_array().map(Vec::len),
        Some(2),
        "{out:#}"
    );

    let maiduguri = incident_with(&out, "Maiduguri");
    assert_eq!(maiduguri["articles"].as_array().map(Vec::len), Some(3));
    assert_eq!(fact(maiduguri, "event_type")["value"], "armed_assault");
    assert_eq!(fact(maiduguri, "date")["value"], "2025-06-14");
    assert_eq!(fact(maiduguri, "date")["status"], "agreed");
    assert_eq!(fact(maiduguri, "facility")["value"], "Lakeside Hotel");
    assert_eq!(fact(maiduguri, "place")["value"]["country"], "Nigeria");

    // The toll rose from "at least 12" on the 14th to 19 on the 15th: an update.
    let killed = fact(maiduguri, "killed");
    assert_eq!(killed["status"], "updated");
    assert_eq!(killed["value"]["best"], 19);
    assert_eq!(
        outlets(killed, "sources"),
        vec!["Borno Observer", "Daily Ledger", "Example Wire"]
    );

    // "up to six" ∩ "at least four" ∩ "five" = 5.
    let attackers = fact(maiduguri, "attackers");
    assert_eq!(attackers["status"], "agreed");
    assert_eq!(attackers["value"]["best"], 5);
    assert_eq!(
        outlets(attackers, "sources"),
        vec!["Borno Observer", "Daily Ledger", "Example Wire"]
    );

    // 27 and 31 wounded on the same day: a contradiction with both sides kept.
    let wounded = fact(maiduguri, "wounded");
    assert_eq!(wounded["status"], "conflict");
    assert_eq!(wounded["sources"].as_array().map(Vec::len), Some(1));
    assert_eq!(wounded["disagreeing"].as_array().map(Vec::len), Some(1));

    let perp = fact(maiduguri, "perpetrator_org");
    assert_eq!(perp["value"], "Sahel Martyrs Brigade");
    let dispute = fact(maiduguri, "responsibility");
    assert_eq!(dispute["status"], "conflict");
    assert_eq!(outlets(dispute, "disagreeing"), vec!["Borno Observer"]);
    let warning = fact(maiduguri, "warning");
    assert_eq!(warning["status"], "single_source");
    assert_eq!(warning["value"]["by"], "Nigerian army");

    // The Kano attack the same day is another event, with two exact tolls that conflict.
    let kano = incident_with(&out, "Kano");
    assert_eq!(kano["articles"].as_array().map(Vec::len), Some(2));
    let kano_killed = fact(kano, "killed");
    assert_eq!(kano_killed["status"], "conflict");
    assert_eq!(kano_killed["value"]["best"], 7);
    assert_eq!(outlets(kano_killed, "sources"), vec!["Kano Radio"]);
    assert_eq!(outlets(kano_killed, "disagreeing"), vec!["Kano Times"]);

    // Every source's span holds its evidence text.
    for incident in out["incidents"].as_array().into_iter().flatten() {
        for f in incident["facts"].as_array().into_iter().flatten() {
            for s in f["sources"].as_array().into_iter().flatten() {
                let span = s["span"].as_array().expect("span");
                let text = s["text"].as_str().expect("text");
                let sentence = s["sentence"].as_str().expect("sentence");
                assert!(span[0].as_u64() <= span[1].as_u64());
                assert!(!text.is_empty(), "empty evidence in {f:#}");
                assert!(
                    sentence.contains(text) || text.contains(sentence),
                    "evidence outside its sentence: {f:#}"
                );
            }
        }
    }

    // The SMB actor, with the alias its article defines and the facts about it.
    let smb = out["actors"]
        .as_array()
        .and_then(|a| a.iter().find(|x| x["name"] == "Sahel Martyrs Brigade"))
        .unwrap_or_else(|| panic!("no SMB actor: {out:#}"));
    assert!(smb["aliases"]
        .as_array()
        .is_some_and(|a| a.contains(&"SMB".into())));
    assert_eq!(smb["incidents"][0], maiduguri["id"]);
    let smb_facts: Vec<(String, String)> = smb["facts"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|f| {
            (
                f["attribute"].as_str().unwrap_or("").into(),
                f["value"].as_str().unwrap_or("").into(),
            )
        })
        .collect();
    assert_eq!(
        smb_facts,
        vec![
            ("founded".to_string(), "2019".to_string()),
            ("stronghold".to_string(), "Niger".to_string()),
            ("media_arm".to_string(), "Al-Fajr Sahel".to_string()),
        ]
    );
    let _ = source_articles;
}

#[test]
fn json_output_matches_the_schema() {
    let schema_text =
        fs::read_to_string(repo().join("docs/output.schema.json")).expect("schema file");
    let schema: serde_json::Value = serde_json::from_str(&schema_text).expect("schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let dir = tempfile::tempdir().expect("temp dir");
    // An article of two incidents (ids "inc-…" and "inc-…-2"), with a town whose
    // region the gazetteer knows.
    let two = dir.path().join("two.jsonl");
    fs::write(
        &two,
        "{\"id\":\"two\",\"title\":\"Two attacks\",\"published\":\"2026-09-15\",\
         \"source\":\"Test Wire\",\"text\":\"MOGADISHU, Somalia \u{2014} Gunmen stormed a hotel \
         in Mogadishu on Monday, killing 14 people, police said. Separately, a roadside bomb \
         killed two soldiers near Afgooye on Tuesday, the army said.\"}\n",
    )
    .expect("write the article");
    let mut inputs = vec![examples(), two.to_string_lossy().into_owned()];
    if let Some(seeds) = util::shared("seeds") {
        inputs.push(seeds.to_string_lossy().into_owned());
    }
    let refs: Vec<&str> = inputs.iter().map(String::as_str).collect();
    let out = run_json(dir.path(), &refs, &[]);
    let incidents = out["incidents"].as_array().expect("incidents");
    assert!(
        incidents
            .iter()
            .any(|i| i["id"].as_str().is_some_and(|id| id.ends_with("-2"))),
        "{out:#}"
    );
    assert!(
        incidents
            .iter()
            .flat_map(|i| i["facts"].as_array().into_iter().flatten())
            .any(|f| f["value"]["region"] == "Lower Shabeelle"),
        "{out:#}"
    );
    let errors: Vec<String> = validator
        .iter_errors(&out)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "schema violations: {errors:#?}");
    // The schema is not vacuous: a fact without a status is refused.
    let mut broken = out.clone();
    if let Some(f) = broken["incidents"][0]["facts"][0].as_object_mut() {
        f.remove("status");
    }
    assert!(!validator.is_valid(&broken));
}

#[test]
fn rerunning_changes_nothing_and_queries_read_the_store() {
    let dir = tempfile::tempdir().expect("temp dir");
    let first = run_json(dir.path(), &[&examples()], &[]);
    let second = run_json(dir.path(), &[&examples()], &[]);
    assert_eq!(first, second);
    let db = dir.path().join("test.db");
    let db = db.to_str().expect("utf-8");
    let again = newsfuse(dir.path(), &["run", &examples(), "--db", db]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(
        again
            .stderr
            .contains("5 article(s) read, 0 new, 5 already stored, 0 copies of stored articles, 0 failed; 2 incident(s)"),
        "{}",
        again.stderr
    );

    let list = newsfuse(dir.path(), &["incidents", "--db", db]);
    assert_eq!(list.code, 0);
    assert_eq!(list.stdout.lines().count(), 2, "{}", list.stdout);
    let id = list.stdout.split_whitespace().next().expect("an id");
    let one = newsfuse(
        dir.path(),
        &["incident", id, "--db", db, "--format", "json"],
    );
    assert_eq!(one.code, 0, "{}", one.stderr);
    let parsed: serde_json::Value = serde_json::from_str(&one.stdout).expect("JSON");
    assert_eq!(parsed["id"], id);

    let actor = newsfuse(dir.path(), &["actor", "smb", "--db", db]);
    assert_eq!(actor.code, 0, "{}", actor.stderr);
    assert!(
        actor
            .stdout
            .starts_with("Actor Sahel Martyrs Brigade (armed_group)\n"),
        "{}",
        actor.stdout
    );

    let missing = newsfuse(
        dir.path(),
        &["incident", "inc-0000000000000000", "--db", db],
    );
    assert_eq!(missing.code, 1);
    assert!(
        missing
            .stderr
            .contains("no incident 'inc-0000000000000000'"),
        "{}",
        missing.stderr
    );
    let no_store = newsfuse(dir.path(), &["incidents", "--db", "absent.db"]);
    assert_eq!(no_store.code, 1);
    assert!(
        no_store.stderr.contains("no store at absent.db"),
        "{}",
        no_store.stderr
    );
}

#[test]
fn bad_inputs_are_named_and_the_rest_goes_through() {
    let dir = tempfile::tempdir().expect("temp dir");
    let batch = dir.path().join("batch");
    fs::create_dir(&batch).expect("mkdir");
    fs::write(
        batch.join("mixed.jsonl"),
        "{\"text\": \"Gunmen killed four people at a market in Kano on Monday, police said.\", \"published\": \"2025-02-03\"}\n\
         {not json}\n\
         {\"title\": \"no text here\"}\n",
    )
    .expect("write");
    fs::write(
        batch.join("binary.txt"),
        [0u8, 159, 146, 150, 0, 1, 2, 3, 0, 0],
    )
    .expect("write");
    let db = dir.path().join("bad.db");
    let out = newsfuse(
        dir.path(),
        &[
            "run",
            batch.to_str().expect("utf-8"),
            "--db",
            db.to_str().expect("utf-8"),
        ],
    );
    assert_eq!(
        out.code, 2,
        "stdout: {}\nstderr: {}",
        out.stdout, out.stderr
    );
    let stderr = out.stderr.replace(batch.to_str().expect("utf-8"), "DIR");
    assert!(
        stderr.contains("DIR/mixed.jsonl:2: invalid JSON"),
        "{stderr}"
    );
    assert!(
        stderr.contains("DIR/mixed.jsonl:3:") && stderr.contains("\"text\""),
        "{stderr}"
    );
    assert!(
        stderr.contains("DIR/binary.txt: not UTF-8 and not decodable"),
        "{stderr}"
    );
    assert!(
        stderr.contains("1 article(s) read, 1 new, 0 already stored, 0 copies of stored articles, 3 failed; 1 incident(s)"),
        "{stderr}"
    );
    assert!(out.stdout.contains("Kano"), "{}", out.stdout);

    let missing = newsfuse(
        dir.path(),
        &[
            "run",
            "no-such-file.txt",
            "--db",
            db.to_str().expect("utf-8"),
        ],
    );
    assert_eq!(missing.code, 2);
    assert!(
        missing.stderr.contains("no-such-file.txt"),
        "{}",
        missing.stderr
    );

    let bad_date = newsfuse(dir.path(), &["run", "x.txt", "--published", "yesterday"]);
    assert_eq!(bad_date.code, 1);
    assert!(
        bad_date
            .stderr
            .contains("--published 'yesterday' is not a date"),
        "{}",
        bad_date.stderr
    );
}

#[test]
fn standard_input_is_read_with_a_default_date() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("stdin.db");
    let text = "A bomb exploded at a bus station in Kaduna on Friday, killing at least three people, police said.\n";
    let out = newsfuse_with_stdin(
        dir.path(),
        &[
            "run",
            "-",
            "--db",
            db.to_str().expect("utf-8"),
            "--format",
            "json",
            "--published",
            "2025-03-08",
        ],
        Some(text),
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
    let inc = &json["incidents"][0];
    assert_eq!(fact(inc, "event_type")["value"], "bombing");
    assert_eq!(fact(inc, "date")["value"], "2025-03-07");
    assert_eq!(fact(inc, "killed")["value"]["min"], 3);
    assert_eq!(fact(inc, "killed")["value"]["max"], serde_json::Value::Null);
    assert_eq!(fact(inc, "place")["value"]["name"], "Kaduna");
}

#[test]
fn a_run_cut_short_and_run_again_ends_as_one_full_run() {
    // The first run sees only two of the example files, as if it had been stopped
    // there; the second gets everything and must add only what is missing.
    let partial = tempfile::tempdir().expect("temp dir");
    let src = std::path::Path::new(&examples()).to_path_buf();
    let mut names: Vec<_> = std::fs::read_dir(&src)
        .expect("examples")
        .map(|e| e.expect("entry").file_name())
        .collect();
    names.sort();
    for name in &names[..2] {
        std::fs::copy(src.join(name), partial.path().join(name)).expect("copy");
    }
    let resumed = tempfile::tempdir().expect("temp dir");
    let db = resumed.path().join("test.db");
    let db = db.to_str().expect("utf-8");
    let first = newsfuse(
        resumed.path(),
        &["run", partial.path().to_str().expect("utf-8"), "--db", db],
    );
    assert_eq!(first.code, 0, "{}", first.stderr);
    let second = newsfuse(
        resumed.path(),
        &["run", &examples(), "--db", db, "--format", "json"],
    );
    assert_eq!(second.code, 0, "{}", second.stderr);
    assert!(
        second.stderr.contains(
            "5 article(s) read, 3 new, 2 already stored, 0 copies of stored articles, 0 failed"
        ),
        "{}",
        second.stderr
    );
    let fresh = tempfile::tempdir().expect("temp dir");
    let full = run_json(fresh.path(), &[&examples()], &[]);
    let resumed_json: serde_json::Value =
        serde_json::from_str(&second.stdout).expect("JSON output");
    // Equal but for where the first two files were read from.
    fn without_origins(v: &serde_json::Value) -> serde_json::Value {
        match v {
            serde_json::Value::Object(m) => m
                .iter()
                .filter(|(k, _)| k.as_str() != "origin")
                .map(|(k, v)| (k.clone(), without_origins(v)))
                .collect(),
            serde_json::Value::Array(a) => a.iter().map(without_origins).collect(),
            other => other.clone(),
        }
    }
    assert_eq!(without_origins(&resumed_json), without_origins(&full));
}
