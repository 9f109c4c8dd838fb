//! Every row of the qualifier table in `docs/quantities.md` is read by the quantity
//! stage and must give exactly the interval, qualifier and noun the row states.

use std::path::Path;

use newsfuse_extract::quantity::find_quantities;

#[test]
fn every_row_of_the_documented_table_holds() {
    let doc = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/quantities.md");
    let text = std::fs::read_to_string(&doc).expect("docs/quantities.md is readable");
    let rows: Vec<Vec<&str>> = text
        .lines()
        .filter(|l| l.starts_with('|') && !l.starts_with("|---") && !l.starts_with("| phrase"))
        .map(|l| l.trim_matches('|').split('|').map(str::trim).collect())
        .collect();
    assert!(rows.len() >= 30, "the table lost rows: {}", rows.len());
    let mut failures = Vec::new();
    for row in &rows {
        let [phrase, interval, qualifier, noun] = row[..] else {
            panic!("a row without four cells: {row:?}");
        };
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
