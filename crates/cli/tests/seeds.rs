//! The acceptance example of MISSION.md: the two seed reports of one attack, read from
//! `../shared/seeds/` (the project never copies their text), fused into one incident.

mod util;

use serde_json::Value;
use util::{fact, facts, run_json, shared, source_articles};

/// Article id of the seed whose file name starts with `prefix`, from the incident's
/// article list (which records where each article was read from).
fn article_id(incident: &Value, prefix: &str) -> String {
    incident["articles"]
        .as_array()
        .and_then(|a| {
            a.iter().find(|art| {
                art["origin"]
                    .as_str()
                    .and_then(|o| o.rsplit('/').next())
                    .is_some_and(|name| name.starts_with(prefix))
            })
        })
        .and_then(|art| art["id"].as_str())
        .unwrap_or_else(|| panic!("no article from seed {prefix} in {incident:#}"))
        .to_string()
}

fn source_text<'a>(fact: &'a Value, article: &str) -> &'a str {
    fact["sources"]
        .as_array()
        .and_then(|a| a.iter().find(|s| s["article"] == article))
        .and_then(|s| s["text"].as_str())
        .unwrap_or_else(|| panic!("no source from {article} in {fact:#}"))
}

fn source_of<'a>(fact: &'a Value, article: &str) -> &'a Value {
    fact["sources"]
        .as_array()
        .and_then(|a| a.iter().find(|s| s["article"] == article))
        .unwrap_or_else(|| panic!("no source from {article} in {fact:#}"))
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

#[test]
fn seeds_fuse_into_the_acceptance_incident() {
    let Some(seeds) = shared("seeds") else { return };
    let dir = tempfile::tempdir().expect("temp dir");
    let out = run_json(dir.path(), &[seeds.to_str().expect("utf-8 path")], &[]);
    let incidents = out["incidents"].as_array().expect("incidents");
    assert_eq!(incidents.len(), 1, "the two seeds are one event: {out:#}");
    let inc = &incidents[0];
    let a0 = article_id(inc, "000");
    let a1 = article_id(inc, "001");
    let both = sorted(vec![a0.clone(), a1.clone()]);

    // event: armed assault on a concert at Crocus City Hall, Moscow, Russia (both)
    let event = fact(inc, "event_type");
    assert_eq!(event["value"], "armed_assault");
    assert_eq!(sorted(source_articles(event, "sources")), both);
    let place = fact(inc, "place");
    assert_eq!(place["value"]["name"], "Moscow");
    assert_eq!(place["value"]["country"], "Russia");
    assert_eq!(sorted(source_articles(place, "sources")), both);
    assert!(source_text(place, &a0).contains("Moscow"));
    let facility = fact(inc, "facility");
    assert_eq!(facility["value"], "Crocus City Hall");
    assert_eq!(source_text(facility, &a0), "Crocus City Hall");
    let concert = facts(inc, "targets")
        .into_iter()
        .find(|f| f["value"] == "concert")
        .unwrap_or_else(|| panic!("no concert target in {inc:#}"));
    assert_eq!(sorted(source_articles(concert, "sources")), both);

    // date: March 22, year unknown (the seeds carry no publication date), from 001
    let date = fact(inc, "date");
    assert_eq!(date["value"], "--03-22");
    assert_eq!(source_articles(date, "sources"), vec![a1.clone()]);
    assert!(source_text(date, &a1).contains("March 22"));

    // perpetrator organisation: ISKP, claimed responsibility (both)
    let perp = fact(inc, "perpetrator_org");
    assert_eq!(perp["value"], "Islamic State Khorasan Province");
    assert_eq!(sorted(source_articles(perp, "sources")), both);
    let claim = fact(inc, "claim");
    assert_eq!(claim["value"]["by"], "Islamic State Khorasan Province");
    assert!(source_text(claim, &a0).contains("claimed responsibility"));
    assert_eq!(source_of(claim, &a0)["modality"], "claimed");

    // attackers: [4, 5] = "up to five" (000, per eyewitnesses) ∩ "at least four" (001)
    let attackers = fact(inc, "attackers");
    assert_eq!(attackers["value"]["min"], 4);
    assert_eq!(attackers["value"]["max"], 5);
    assert_eq!(attackers["status"], "agreed");
    assert_eq!(sorted(source_articles(attackers, "sources")), both);
    assert!(source_text(attackers, &a0).contains("up to five gunmen"));
    assert!(source_of(attackers, &a0)["who_says"]
        .as_str()
        .is_some_and(|w| w.contains("eyewitness accounts")));
    assert!(source_text(attackers, &a1).contains("at least four gunmen"));

    // killed: "at least 93" (000) is consistent with 139 (001): updated, best 139
    let killed = fact(inc, "killed");
    assert_eq!(killed["value"]["best"], 139);
    assert_eq!(killed["status"], "updated");
    assert_eq!(sorted(source_articles(killed, "sources")), both);
    assert!(source_text(killed, &a0).contains("at least 93"));
    assert_eq!(source_of(killed, &a0)["value"]["min"], 93);
    assert_eq!(source_of(killed, &a0)["value"]["max"], Value::Null);
    assert!(source_text(killed, &a1).contains("139"));

    // attackers' nationality: Tajik, 001 only
    let nationality = fact(inc, "attackers_nationality");
    assert_eq!(nationality["value"], "Tajik");
    assert_eq!(nationality["status"], "single_source");
    assert_eq!(source_articles(nationality, "sources"), vec![a1.clone()]);
    assert!(source_text(nationality, &a1).contains("Tajik nationals"));

    // victims: concert attendees; "predominantly Christians" (000 only)
    let victims = facts(inc, "victims");
    for expected in ["concert attendees", "predominantly Christians"] {
        let v = victims
            .iter()
            .find(|f| f["value"] == expected)
            .unwrap_or_else(|| panic!("no victims '{expected}' in {inc:#}"));
        assert_eq!(v["status"], "single_source");
        assert_eq!(source_articles(v, "sources"), vec![a0.clone()]);
    }

    // responsibility dispute: Medvedev hints at Kyiv's involvement; Ukrainian officials deny (000)
    let accusation = fact(inc, "accusation");
    assert_eq!(accusation["value"]["by"], "Dmitry Medvedev");
    assert_eq!(accusation["value"]["about"], "Ukraine");
    assert_eq!(source_of(accusation, &a0)["hedged"], true);
    assert!(source_text(accusation, &a0).contains("Kyiv's involvement"));
    let denial = fact(inc, "denial");
    assert_eq!(denial["value"]["by"], "Ukrainian officials");
    assert_eq!(denial["value"]["about"], "Ukraine");
    assert!(source_text(denial, &a0).contains("denied"));
    let dispute = fact(inc, "responsibility");
    assert_eq!(dispute["status"], "conflict");
    assert_eq!(source_articles(dispute, "disagreeing"), vec![a0.clone()]);

    // prior warning: the U.S. embassy warned of plans to target large gatherings in Moscow (000)
    let warning = fact(inc, "warning");
    assert_eq!(warning["value"]["by"], "U.S. embassy");
    assert_eq!(source_articles(warning, "sources"), vec![a0.clone()]);
    assert!(source_text(warning, &a0).contains("large gatherings in Moscow"));

    // the ISKP actor record: aliases, formed 2015, stronghold Afghanistan, media arm al-Azaim
    let actor = out["actors"]
        .as_array()
        .and_then(|a| {
            a.iter()
                .find(|x| x["name"] == "Islamic State Khorasan Province")
        })
        .unwrap_or_else(|| panic!("no ISKP actor in {out:#}"));
    let aliases: Vec<&str> = actor["aliases"]
        .as_array()
        .map(|a| a.iter().filter_map(|x| x.as_str()).collect())
        .unwrap_or_default();
    for alias in ["ISKP", "IS-K", "ISIS-K", "Islamic State Khorasan Province"] {
        assert!(
            aliases.contains(&alias),
            "alias {alias} missing from {aliases:?}"
        );
    }
    assert_eq!(actor["incidents"][0], inc["id"]);
    let actor_fact = |attribute: &str| -> (String, String) {
        let f = actor["facts"]
            .as_array()
            .and_then(|a| a.iter().find(|f| f["attribute"] == attribute))
            .unwrap_or_else(|| panic!("no actor fact {attribute} in {actor:#}"));
        (
            f["value"].as_str().unwrap_or("").to_string(),
            f["article"].as_str().unwrap_or("").to_string(),
        )
    };
    assert_eq!(actor_fact("founded"), ("2015".to_string(), a0.clone()));
    assert_eq!(
        actor_fact("stronghold"),
        ("Afghanistan".to_string(), a0.clone())
    );
    assert_eq!(
        actor_fact("media_arm"),
        ("al-Azaim".to_string(), a1.clone())
    );
}

#[test]
fn seeds_take_the_year_from_a_publication_date() {
    let Some(seeds) = shared("seeds") else { return };
    let dir = tempfile::tempdir().expect("temp dir");
    let out = run_json(
        dir.path(),
        &[seeds.to_str().expect("utf-8 path")],
        &["--published", "2024-03-23"],
    );
    let inc = &out["incidents"][0];
    assert_eq!(fact(inc, "date")["value"], "2024-03-22");
}
