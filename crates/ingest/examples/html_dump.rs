//! Development aid: reads every page listed in an article-extraction `gold.jsonl` with
//! ingest's HTML path and prints one JSON line per page (`id`, `text`, `title`,
//! `published`), for error analysis outside the eval suite.
//!
//! `cargo run --release -p newsfuse-ingest --example html_dump -- GOLD.jsonl > out.jsonl`

use std::io::{BufRead, Read, Write};

use newsfuse_ingest::{read_reader, Defaults, Format, Item};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let gold = std::env::args()
        .nth(1)
        .ok_or("usage: html_dump GOLD.jsonl")?;
    let gold = std::path::PathBuf::from(gold);
    let folder = gold
        .parent()
        .unwrap_or(std::path::Path::new("."))
        .to_path_buf();
    let mut out = std::io::stdout().lock();
    for line in std::io::BufReader::new(std::fs::File::open(&gold)?).lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let page: serde_json::Value = serde_json::from_str(&line)?;
        let id = page["id"].as_str().unwrap_or_default().to_string();
        let file = folder.join(page["html_file"].as_str().unwrap_or_default());
        let mut html = Vec::new();
        flate2::read::GzDecoder::new(std::fs::File::open(&file)?).read_to_end(&mut html)?;
        let mut record = serde_json::json!({"id": id});
        read_reader(
            html.as_slice(),
            &id,
            Some(Format::Html),
            &Defaults::default(),
            &mut |item| {
                if let Item::Doc(doc) = &item {
                    record["text"] = doc.text.clone().into();
                    record["title"] = doc.title.clone().into();
                    record["published"] = doc.published.map(|d| d.to_string()).into();
                } else {
                    record["other"] = format!("{item:?}").into();
                }
            },
        );
        writeln!(out, "{record}")?;
    }
    Ok(())
}
