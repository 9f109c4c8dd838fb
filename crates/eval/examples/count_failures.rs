//! Lists the articles whose casualty counts the extraction stage gets wrong, with the
//! sentences that speak of casualties, for reading failures by hand:
//!
//! ```text
//! cargo run --release -p newsfuse-eval --example count_failures -- gvdb ../shared/data/gvdb/train.jsonl
//! cargo run --release -p newsfuse-eval --example count_failures -- muc4 ../shared/data/muc4/train.jsonl
//! ```
//!
//! Only training data should be read this way (never a test split; MUC-4 dev is for
//! measuring, not for reading failures).

use std::path::Path;

use newsfuse_eval::suites::{gvdb, muc4};

/// The sentences (roughly: split at ". ") that hold a casualty word.
fn casualty_sentences(text: &str) -> Vec<&str> {
    const WORDS: &[&str] = &[
        "kill", "dead", "died", "death", "murder", "slain", "wound", "injur", "hurt", "shot",
        "victim", "hospital", "fatal",
    ];
    text.split(". ")
        .filter(|s| {
            let l = s.to_lowercase();
            WORDS.iter().any(|w| l.contains(w))
        })
        .collect()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(which), Some(path)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: count_failures gvdb|muc4 FILE [killed|wounded|names]");
        std::process::exit(1);
    };
    let only = args.get(3).map(String::as_str);
    match which.as_str() {
        "gvdb" => {
            for (i, (c, text)) in gvdb::cases(Path::new(path))?.into_iter().enumerate() {
                let show = match only {
                    Some("killed") => !c.killed_ok(),
                    Some("wounded") => !c.injured_ok(),
                    Some("names") => c.victims.0 != c.victims.1 || c.shooters.0 != c.shooters.1,
                    _ => !c.killed_ok() || !c.injured_ok(),
                };
                if !show {
                    continue;
                }
                println!(
                    "== #{} {} killed gold {} got {} | injured gold {} got {}",
                    i, c.id, c.gold.0, c.got.0, c.gold.1, c.got.1
                );
                if only == Some("names") {
                    println!("   victims {:?} got {:?}", c.victims.0, c.victims.1);
                    println!("   shooters {:?} got {:?}", c.shooters.0, c.shooters.1);
                }
                for s in casualty_sentences(&text) {
                    println!("   > {}", s.trim());
                }
            }
        }
        "muc4" => {
            for (c, text) in muc4::count_cases(Path::new(path))? {
                let show = match only {
                    Some("killed") => !c.killed_ok(),
                    Some("wounded") => !c.wounded_ok(),
                    _ => !c.killed_ok() || !c.wounded_ok(),
                };
                if !show {
                    continue;
                }
                println!(
                    "== {} relevant {} killed gold {} got {} | wounded gold {} got {}",
                    c.id, c.relevant, c.gold_killed, c.killed, c.gold_wounded, c.wounded
                );
                for s in casualty_sentences(&text) {
                    println!("   > {}", s.trim());
                }
            }
        }
        other => {
            eprintln!("unknown suite {other}: gvdb or muc4");
            std::process::exit(1);
        }
    }
    Ok(())
}
