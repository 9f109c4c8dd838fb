//! Grouping in the product: an article that mentions an earlier attack in passing is
//! grouped with its own event, not with the one it mentions, and takes none of that
//! attack's figures.

mod util;

use std::fs;

use util::{fact, facts, run_json};

const QUETTA_1: &str = r#"Title: Car bomb kills 14 at bus station in Quetta
Published: 2025-03-02
Source: Frontier Post Example

A car bomb exploded at the main bus station in Quetta, Pakistan, on Sunday morning, killing 14 people and wounding 31, police said. The blast tore through a line of waiting passengers. No group has claimed the bombing. Hospital officials said several of the wounded were in critical condition.
"#;
const QUETTA_2: &str = r#"Title: Quetta bus station bombing toll reaches 14
Published: 2025-03-02
Source: Balochistan Daily Example

Fourteen people died when a car bomb went off outside Quetta's main bus station on Sunday, officials said, and 31 others were hurt. Police sealed off the area and said the explosives had been packed into a parked car.
"#;
const PESHAWAR_MENTIONS_QUETTA: &str = r#"Title: Gunmen kill six at checkpoint in Peshawar
Published: 2025-03-20
Source: Frontier Post Example

Gunmen opened fire on a police checkpoint in Peshawar, Pakistan, on Thursday night, killing six officers, police said. The attackers fled on motorcycles. The attack came less than three weeks after a car bomb at the bus station in Quetta killed 14 people and wounded 31.
"#;
const PESHAWAR_2: &str = r#"Title: Six police officers shot dead in Peshawar
Published: 2025-03-21
Source: Khyber Times Example

Six police officers were killed when gunmen attacked their checkpoint on the outskirts of Peshawar late on Thursday, officials said on Friday. A search for the attackers was under way.
"#;

#[test]
fn a_passing_mention_of_an_earlier_attack_does_not_merge_the_two() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("in");
    fs::create_dir(&input).expect("input folder");
    for (name, text) in [
        ("q1.txt", QUETTA_1),
        ("q2.txt", QUETTA_2),
        ("p1.txt", PESHAWAR_MENTIONS_QUETTA),
        ("p2.txt", PESHAWAR_2),
    ] {
        fs::write(input.join(name), text).expect("write article");
    }
    let out = run_json(dir.path(), &[input.to_str().expect("utf-8")], &[]);
    let incidents = out["incidents"].as_array().expect("incidents");
    assert_eq!(incidents.len(), 2, "{out:#}");
    let by_town = |town: &str| {
        incidents
            .iter()
            .find(|i| facts(i, "place").iter().any(|p| p["value"]["name"] == town))
            .unwrap_or_else(|| panic!("an incident in {town}: {out:#}"))
    };
    let origins = |incident: &serde_json::Value| -> Vec<String> {
        let mut v: Vec<String> = incident["articles"]
            .as_array()
            .expect("articles")
            .iter()
            .map(|a| {
                a["origin"]
                    .as_str()
                    .expect("origin")
                    .rsplit('/')
                    .next()
                    .unwrap_or("")
                    .to_string()
            })
            .collect();
        v.sort();
        v
    };
    let quetta = by_town("Quetta");
    let peshawar = by_town("Peshawar");
    assert_eq!(origins(quetta), ["q1.txt", "q2.txt"]);
    assert_eq!(origins(peshawar), ["p1.txt", "p2.txt"]);
    // The Peshawar report's own toll, not the 14 it recalls from Quetta.
    let killed = fact(peshawar, "killed");
    assert_eq!(killed["value"]["best"], 6, "{killed:#}");
    assert_eq!(killed["status"], "agreed", "{killed:#}");
    assert_eq!(fact(quetta, "killed")["value"]["best"], 14);
    assert_eq!(fact(quetta, "wounded")["value"]["best"], 31);
}
