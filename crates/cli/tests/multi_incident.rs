//! An article that reports two attacks yields two incidents in the product: each attack
//! joins the incident of its own single reports, with its own sources and tolls, and
//! the evidence from the report of two points at that attack's own sentences. The
//! articles are written for this test (fictional reports).

mod util;

use std::fs;

use util::{fact, facts, run_json, source_articles};

const TWO_ATTACKS: &str = "Title: Attacks in Maiduguri and Kano
Published: 2025-06-11
Source: Lagos Ledger Example

Gunmen stormed a village near Maiduguri, Nigeria, on Monday night, killing 11 farmers, residents said. The attackers burned houses before fleeing into the bush.

In a separate attack on Tuesday, a bomb exploded at a bus stop in Kano, killing 3 people and wounding 8, police said. Police in Kano said the bomb had been left in a bag.
";
const MAIDUGURI: &str = "Title: Eleven farmers killed near Maiduguri
Published: 2025-06-10
Source: Borno Herald Example

Eleven farmers were killed when gunmen attacked a village outside Maiduguri, Nigeria, on Monday night, a local official said. Survivors said the gunmen arrived on motorcycles and set homes on fire.
";
const KANO: &str = "Title: Bus stop bomb kills three in Kano
Published: 2025-06-10
Source: Kano Daily Example

A bomb hidden in a bag exploded at a crowded bus stop in Kano, Nigeria, on Tuesday, killing 3 people and wounding 8 others, police said. The police bomb squad cordoned off the area.
";

#[test]
fn a_report_of_two_attacks_gives_each_its_own_incident() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("in");
    fs::create_dir(&input).expect("input folder");
    for (name, text) in [
        ("two.txt", TWO_ATTACKS),
        ("maiduguri.txt", MAIDUGURI),
        ("kano.txt", KANO),
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
                let origin = a["origin"].as_str().expect("origin");
                origin.rsplit('/').next().unwrap_or("").to_string()
            })
            .collect();
        v.sort();
        v
    };
    let maiduguri = by_town("Maiduguri");
    let kano = by_town("Kano");
    assert_eq!(origins(maiduguri), ["maiduguri.txt", "two.txt"]);
    assert_eq!(origins(kano), ["kano.txt", "two.txt"]);
    assert_ne!(maiduguri["id"], kano["id"]);

    // Each incident's toll, agreed by both of its reports.
    let killed = fact(maiduguri, "killed");
    assert_eq!(killed["value"]["best"], 11, "{killed:#}");
    assert_eq!(killed["status"], "agreed", "{killed:#}");
    let killed = fact(kano, "killed");
    assert_eq!(killed["value"]["best"], 3, "{killed:#}");
    assert_eq!(killed["status"], "agreed", "{killed:#}");
    assert_eq!(fact(kano, "wounded")["value"]["best"], 8);
    assert!(facts(maiduguri, "wounded").is_empty(), "{maiduguri:#}");

    // The report of two is a source of each, with evidence from that attack's sentence.
    let two_id = |incident: &serde_json::Value| -> String {
        incident["articles"]
            .as_array()
            .expect("articles")
            .iter()
            .find(|a| a["origin"].as_str().is_some_and(|o| o.ends_with("two.txt")))
            .and_then(|a| a["id"].as_str())
            .expect("the report of two")
            .to_string()
    };
    let two = two_id(kano);
    assert_eq!(two, two_id(maiduguri));
    for (incident, words) in [(kano, "bus stop in Kano"), (maiduguri, "near Maiduguri")] {
        let killed = fact(incident, "killed");
        assert!(
            source_articles(killed, "sources").contains(&two),
            "{killed:#}"
        );
        let from_two = killed["sources"]
            .as_array()
            .expect("sources")
            .iter()
            .find(|s| s["article"] == two.as_str())
            .expect("a source from the report of two");
        let sentence = from_two["sentence"].as_str().expect("sentence");
        assert!(sentence.contains(words), "{sentence}");
    }
}

#[test]
fn extract_lists_the_further_attack_with_its_own_facts() {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(dir.path().join("two.txt"), TWO_ATTACKS).expect("write article");
    let out = util::newsfuse(dir.path(), &["extract", "two.txt"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let line: serde_json::Value =
        serde_json::from_str(out.stdout.lines().next().expect("one line")).expect("JSON");
    let e = &line["extraction"];
    let killed = |facts: &serde_json::Value| -> Vec<serde_json::Value> {
        facts
            .as_array()
            .expect("facts")
            .iter()
            .filter(|f| f["attribute"] == "killed")
            .map(|f| f["value"]["best"].clone())
            .collect()
    };
    assert_eq!(killed(&e["facts"]), [serde_json::json!(11)]);
    let others = e["other_incidents"].as_array().expect("other_incidents");
    assert_eq!(others.len(), 1, "{e:#}");
    assert_eq!(killed(&others[0]["facts"]), [serde_json::json!(3)]);
    // Its sentences are the Kano paragraph's: the third and fourth of the text.
    assert_eq!(others[0]["sentences"], serde_json::json!([2, 3]));
}
