//! `newsfuse extract` reads articles in batches (each stage over a batch before the
//! next): across more articles than one batch holds, with a bad line among them, every
//! article's line is the one it gets when extracted alone, in input order.

mod util;

use std::fs;

use util::newsfuse;

const TEXTS: [&str; 3] = [
    "Gunmen killed four villagers in Kadera on Tuesday, police said. Two more were \
     wounded and taken to hospital.",
    "Road crews in Murfreesboro worked through the night after the storm on Monday.",
    "A car bomb wounded at least 12 people outside a market in Mosul on Friday; no group \
     has said it carried out the attack.",
];

fn line(i: usize) -> String {
    serde_json::json!({
        "id": format!("a{i}"),
        "published": "2025-06-14",
        "text": format!("{} (Report {i}.)", TEXTS[i % TEXTS.len()]),
    })
    .to_string()
}

#[test]
fn every_article_reads_as_it_does_alone_in_input_order() {
    let n = newsfuse_extract::BATCH + 7;
    let dir = tempfile::tempdir().expect("temp dir");
    let mut all: Vec<String> = (0..n).map(line).collect();
    // A bad line in the middle of the second batch: reported, the rest still read.
    all.insert(n - 3, "{not json".to_string());
    fs::write(dir.path().join("all.jsonl"), all.join("\n") + "\n").expect("write");
    let out = newsfuse(dir.path(), &["extract", "all.jsonl"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("line"), "{}", out.stderr);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), n);
    for (i, got) in lines.iter().enumerate() {
        let v: serde_json::Value = serde_json::from_str(got).expect("JSON");
        // Input order: the line number in the file, past the bad line.
        let line_no = if i < n - 3 { i + 1 } else { i + 2 };
        let origin = v["origin"].as_str().expect("origin");
        assert!(
            origin.ends_with(&format!("all.jsonl:{line_no}")),
            "{origin} for {i}"
        );
        // Alone, for a sample of each batch (every article would take long in debug).
        if i % 9 == 0 || i == n - 1 {
            fs::write(dir.path().join("one.jsonl"), line(i) + "\n").expect("write");
            let alone = newsfuse(dir.path(), &["extract", "one.jsonl"]);
            assert_eq!(alone.code, 0, "{}", alone.stderr);
            let a: serde_json::Value = serde_json::from_str(alone.stdout.trim_end()).expect("JSON");
            assert_eq!(a["id"], v["id"], "article {i}");
            assert_eq!(a["extraction"], v["extraction"], "article {i}");
            assert!(
                !v["extraction"]["times"]
                    .as_array()
                    .expect("times")
                    .is_empty(),
                "article {i} has its day"
            );
        }
    }
}
