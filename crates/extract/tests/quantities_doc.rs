//! Every row of the qualifier table in `docs/quantities.md` is read by the quantity
//! stage and must give exactly the interval, qualifier and noun the row states; every
//! row of the table of shares, the share, qualifier, whole and count.

use std::path::Path;

use newsfuse_extract::quantity::{find_proportions, find_quantities};

/// The rows of the table of `docs/quantities.md` whose header's first cell is `first`.
fn table(first: &str) -> Vec<Vec<String>> {
    let doc = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/quantities.md");
    let text = std::fs::read_to_string(&doc).expect("docs/quantities.md is readable");
    let mut rows = Vec::new();
    let mut inside = false;
    for line in text.lines() {
        if !line.starts_with('|') {
            inside = false;
            continue;
        }
        let cells: Vec<String> = line
            .trim_matches('|')
            .split('|')
            .map(|c| c.trim().to_string())
            .collect();
        if line.starts_with("|---") {
            continue;
        }
        if !inside && cells.first().is_some_and(|c| c == first) {
            inside = true;
            continue;
        }
        if inside {
            rows.push(cells);
        }
    }
    rows
}

#[test]
fn every_row_of_the_documented_table_holds() {
    let rows = table("phrase");
    assert!(rows.len() >= 30, "the table lost rows: {}", rows.len());
    let mut failures = Vec::new();
    for row in &rows {
        let [phrase, interval, qualifier, noun] = &row[..] else {
            panic!("a row without four cells: {row:?}");
        };
        let phrase = phrase.as_str();
        let found = find_quantities(phrase);
        let got = match found.as_slice() {
            [(span, q)] => format!(
                "{} | {} | {} | {}",
                span.slice(phrase).unwrap_or("?"),
                q.interval,
                q.qualifier.as_str(),
                q.noun.as_deref().unwrap_or("-")
            ),
            other => format!("{} quantities: {other:?}", other.len()),
        };
        let want = format!("{phrase} | {interval} | {qualifier} | {noun}");
        if got != want {
            failures.push(format!("want {want}\n      got  {got}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_row_of_the_documented_table_of_shares_holds() {
    let rows = table("share phrase");
    assert!(rows.len() >= 12, "the table lost rows: {}", rows.len());
    let mut failures = Vec::new();
    for row in &rows {
        let [phrase, share, qualifier, whole, count] = &row[..] else {
            panic!("a row without five cells: {row:?}");
        };
        let found = find_proportions(phrase);
        let got = match found.as_slice() {
            [(span, p)] => format!(
                "{} | {}/{} | {} | {} | {}",
                span.slice(phrase).unwrap_or("?"),
                p.numerator,
                p.denominator,
                p.qualifier.as_str(),
                p.of,
                p.count.map_or("-".to_string(), |c| c.to_string())
            ),
            other => format!("{} shares: {other:?}", other.len()),
        };
        let want = format!("{phrase} | {share} | {qualifier} | {whole} | {count}");
        if got != want {
            failures.push(format!("want {want}\n      got  {got}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
