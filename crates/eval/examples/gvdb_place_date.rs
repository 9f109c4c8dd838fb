//! Lists the GVDB articles whose incident city or date the extraction stage misses, with
//! the key's city and date, the place and date facts, every place mention (sentence,
//! words, resolved place; `*` marks a sentence with an attack trigger) and every time
//! expression, for reading failures by hand:
//!
//! ```text
//! cargo run --release -p newsfuse-eval --example gvdb_place_date -- ../shared/data/gvdb/train.jsonl [city|date] [even|odd]
//! ```
//!
//! Read the even half (0-based article numbers) and keep the odd half for checking.

use std::path::Path;

use newsfuse_eval::suites::gvdb;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let Some(path) = args.get(1) else {
        eprintln!("usage: gvdb_place_date FILE [city|date] [even|odd]");
        std::process::exit(1);
    };
    let only = args.get(2).map(String::as_str);
    let half = match args.get(3).map(String::as_str) {
        Some("even") => Some(0),
        Some("odd") => Some(1),
        _ => None,
    };
    for (i, (c, text)) in gvdb::cases(Path::new(path))?.into_iter().enumerate() {
        if half.is_some_and(|h| i % 2 != h) {
            continue;
        }
        let city_miss = c.city == Some(false);
        let date_miss = c.date == Some(false);
        let show = match only {
            Some("city") => city_miss,
            Some("date") => date_miss,
            _ => city_miss || date_miss,
        };
        if !show {
            continue;
        }
        let d = &c.detail;
        println!("== #{i} {}", c.id);
        if only != Some("date") {
            println!(
                "   city gold {:?} | place fact {}",
                d.gold_city.as_deref().unwrap_or("-"),
                d.place.as_deref().unwrap_or("-")
            );
            for p in &d.places {
                println!("     place {p}");
            }
        }
        if only != Some("city") {
            println!(
                "   date gold {} | published {} | date fact {}",
                d.gold_date.as_deref().unwrap_or("-"),
                d.published.as_deref().unwrap_or("-"),
                d.date.as_deref().unwrap_or("-")
            );
            for t in &d.times {
                println!("     time {t}");
            }
        }
        let head: String = text.chars().take(300).collect();
        println!("   > {}", head.replace('\n', " / "));
    }
    Ok(())
}
