//! Glob patterns as inputs: `*`, `?`, `[…]` and `**`, matches read in sorted order as if
//! named one by one, and one error for a pattern that matches nothing or cannot be
//! parsed.

use std::fs;
use std::path::Path;

use newsfuse_ingest::{read_path, Defaults, Item};

/// `doc <origin>` or `error <message>` for each item, in order.
fn read(path: &Path) -> Vec<String> {
    let mut out = Vec::new();
    read_path(path, &Defaults::default(), &mut |item| match item {
        Item::Doc(doc) => out.push(format!("doc {}", doc.origin)),
        Item::Warning(w) => out.push(format!("warning {w}")),
        Item::Error(e) => out.push(format!("error {e}")),
    });
    out
}

fn write(path: &Path, text: &str) {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).expect("make the folder");
    }
    fs::write(path, text).expect("write the file");
}

#[test]
fn patterns_expand_in_sorted_order() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let root = dir.path();
    write(
        &root.join("b.txt"),
        "The bridge over the canal reopened on Monday.",
    );
    write(
        &root.join("a.txt"),
        "Rain closed the mountain road for two days.",
    );
    write(
        &root.join("c.md"),
        "A notes file that the pattern does not match.",
    );
    write(
        &root.join("deep/x/d.txt"),
        "A school in the valley got a new roof.",
    );
    write(
        &root.join(".hidden.txt"),
        "Hidden files are left out by patterns.",
    );
    let name = |p: &str| root.join(p).display().to_string();

    assert_eq!(
        read(&root.join("*.txt")),
        vec![
            format!("doc {}", name("a.txt")),
            format!("doc {}", name("b.txt"))
        ]
    );
    assert_eq!(
        read(&root.join("?.md")),
        vec![format!("doc {}", name("c.md"))]
    );
    assert_eq!(
        read(&root.join("[b-c].*")),
        vec![
            format!("doc {}", name("b.txt")),
            format!("doc {}", name("c.md"))
        ]
    );
    assert_eq!(
        read(&root.join("**/*.txt")),
        vec![
            format!("doc {}", name("a.txt")),
            format!("doc {}", name("b.txt")),
            format!("doc {}", name("deep/x/d.txt")),
        ]
    );
    // A folder matched by a pattern is read recursively, like a folder named outright.
    assert_eq!(
        read(&root.join("de*")),
        vec![format!("doc {}", name("deep/x/d.txt"))]
    );
}

#[test]
fn a_pattern_that_matches_nothing_or_is_malformed_is_one_error() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let none = dir.path().join("*.warc");
    assert_eq!(
        read(&none),
        vec![format!("error {}: no file matches", none.display())]
    );
    let bad = dir.path().join("[z-a");
    let out = read(&bad);
    assert_eq!(out.len(), 1, "{out:?}");
    assert!(
        out[0].starts_with(&format!("error {}: ", bad.display()))
            && out[0].contains("invalid range"),
        "{out:?}"
    );
    // A path with no pattern characters that does not exist stays an I/O error.
    let missing = dir.path().join("missing.txt");
    let out = read(&missing);
    assert_eq!(out.len(), 1);
    assert!(
        out[0].starts_with(&format!("error {}: ", missing.display())),
        "{out:?}"
    );
    assert!(out[0].contains("No such file"), "{out:?}");
}
