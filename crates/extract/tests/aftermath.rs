//! What follows an attack is not the attack: arrests and their days, the soldiers who
//! make them, the hospital the wounded go to, the share of the wounded who later die,
//! and the town a wire report is filed from; and how wire reports name the attack's
//! day, its claimants and its attackers. The articles are written for these tests.

mod common;

use common::{claimants, counts, dates, texts};
use newsfuse_core::{Attribute, Extraction, Value};

fn extract(text: &str) -> Extraction {
    common::extract_on(text, (2026, 2, 12))
}

/// A wire report filed from Beirut of an arrest over an attack in Tripoli.
const BEIRUT_ARREST: &str = "BEIRUT - Lebanese soldiers detained two men on Wednesday in \
     connection with the bombing of a fuel depot in the northern city of Tripoli that killed \
     nine people, the army said.";

/// The main incident's place: its name and country.
fn place_of(e: &Extraction) -> Option<(String, String)> {
    e.facts.iter().find_map(|f| match (&f.attribute, &f.value) {
        (Attribute::Place, Value::Place { place }) => {
            Some((place.name.clone(), place.country.clone()))
        }
        _ => None,
    })
}

#[test]
fn the_wounded_who_died_are_no_wounded_count() {
    let e = extract(
        "The death toll from Sunday's bombing at a fuel depot in Tripoli has risen to 11, the \
         health ministry said, after three of the wounded died in hospital.",
    );
    assert_eq!(
        counts(&e, Attribute::Killed),
        vec![(11, Some(11))],
        "{e:#?}"
    );
    assert_eq!(counts(&e, Attribute::Wounded), vec![], "{e:#?}");
    // The hospital the wounded died in was not attacked.
    assert!(
        !texts(&e, Attribute::Targets).contains(&"hospital".to_string()),
        "{e:#?}"
    );
}

#[test]
fn those_still_in_hospital_are_wounded() {
    let e = extract(
        "A bomb exploded at a market in Kano on Monday, killing five people. Twelve others \
         remain in hospital, two of them in critical condition.",
    );
    assert_eq!(counts(&e, Attribute::Killed), vec![(5, Some(5))], "{e:#?}");
    assert_eq!(
        counts(&e, Attribute::Wounded),
        vec![(12, Some(12))],
        "{e:#?}"
    );
    let e = extract(
        "A bomb exploded at a market in Kano on Monday, killing five people. Doctors said \
         about a dozen people were still being treated for burns.",
    );
    assert_eq!(
        counts(&e, Attribute::Wounded),
        vec![(11, Some(13))],
        "{e:#?}"
    );
}

#[test]
fn soldiers_making_arrests_are_not_victims() {
    let e = extract(BEIRUT_ARREST);
    assert!(
        !texts(&e, Attribute::Victims).contains(&"soldiers".to_string()),
        "{e:#?}"
    );
    // Soldiers who were hit still are.
    let e = extract(
        "A roadside bomb struck a convoy near Kidal on Tuesday, killing four soldiers, the \
         army said.",
    );
    assert_eq!(texts(&e, Attribute::Victims), vec!["soldiers"], "{e:#?}");
}

#[test]
fn the_day_of_an_arrest_does_not_date_the_attack() {
    let e = extract(BEIRUT_ARREST);
    assert_eq!(dates(&e), Vec::<String>::new(), "{e:#?}");
    // A day far from the verb, after "for the", is the incident's.
    let e = extract(
        "A judge sentenced the gunman to life in prison without parole for the March 11, \
         2025, shooting at the courthouse that left four people dead.",
    );
    assert_eq!(dates(&e), vec!["2025-03-11"], "{e:#?}");
    // A dateline under a headline that ends with an arrest is the report's day.
    let e = extract(
        "Office shooting leaves one dead; suspect arrested\nFeb 10, 2026\nA man shot three \
         people at an accounting firm in Troy, killing one.",
    );
    assert_eq!(dates(&e), vec!["2026-02-10"], "{e:#?}");
}

#[test]
fn the_town_named_in_the_attack_beats_the_dateline() {
    let e = extract(BEIRUT_ARREST);
    assert_eq!(
        place_of(&e),
        Some(("Tripoli".to_string(), "Lebanon".to_string())),
        "{e:#?}"
    );
    // Without "the city of", the dateline's town stands.
    let e = extract(
        "BEIRUT - A car bomb exploded near a bakery on Monday, killing three people, police \
         said.",
    );
    assert_eq!(
        place_of(&e).map(|p| p.0).as_deref(),
        Some("Beirut"),
        "{e:#?}"
    );
}

#[test]
fn a_claim_in_a_posted_statement() {
    let e = extract(
        "A bomb tore through a fuel depot in Tripoli on Sunday, killing eight workers. A \
         little-known group calling itself the Northern Vanguard said in a statement posted \
         online that its fighters had planted the bomb.",
    );
    assert_eq!(claimants(&e), vec!["Northern Vanguard"], "{e:#?}");
}

#[test]
fn a_day_said_before_a_day_after_the_attack_dates_the_attack() {
    let e = extract(
        "Twenty students remained in captivity on Tuesday, a day after gunmen stormed a \
         boarding school in Maru, police said.",
    );
    assert_eq!(dates(&e), vec!["2026-02-09"], "{e:#?}");
    let e = extract(
        "The market reopened on Friday, three days after militants attacked it with \
         grenades, killing four traders.",
    );
    assert_eq!(dates(&e), vec!["2026-02-03"], "{e:#?}");
    // Not set off by a comma: the day is not the offset's end.
    let e =
        extract("Police arrested a man on Tuesday two days after gunmen stormed a school in Maru.");
    assert_ne!(dates(&e), vec!["2026-02-08"], "{e:#?}");
}

#[test]
fn armed_bandits_are_the_attackers() {
    let e = extract(
        "Armed bandits abducted 23 students from a boarding school in Maru on Monday, \
         officials said.",
    );
    assert_eq!(
        texts(&e, Attribute::PerpetratorInd),
        vec!["armed bandits"],
        "{e:#?}"
    );
}

#[test]
fn a_group_named_for_similar_attacks_is_no_perpetrator() {
    let perpetrators = |e: &Extraction| -> Vec<String> {
        e.facts
            .iter()
            .filter(|f| f.attribute == Attribute::PerpetratorOrg)
            .filter_map(|f| match &f.value {
                Value::Actor { name, .. } => Some(name.clone()),
                _ => None,
            })
            .collect()
    };
    let e = extract(
        "A female suicide bomber struck a mosque in Gwoza on Wednesday, killing seven people. \
         No group claimed the bombing, but Boko Haram has carried out similar attacks in the \
         area.",
    );
    assert_eq!(perpetrators(&e), Vec::<String>::new(), "{e:#?}");
    // Named as the attacker, it is.
    let e = extract(
        "Boko Haram fighters stormed a mosque in Gwoza on Wednesday, killing seven people, \
         police said.",
    );
    assert_eq!(perpetrators(&e), vec!["Boko Haram"], "{e:#?}");
}

#[test]
fn a_revised_toll_is_the_reports_word() {
    // The first killed fact is the one fusion and the exports read.
    let first_killed = |e: &Extraction| {
        e.facts
            .iter()
            .find(|f| f.attribute == Attribute::Killed)
            .and_then(|f| match &f.value {
                Value::Count { quantity } => Some(quantity.interval.min()),
                _ => None,
            })
    };
    let e = extract(
        "A car bomb exploded outside a police station in Mogadishu on Monday. Police \
         initially said 12 people had died, but later revised the toll to 10.",
    );
    assert_eq!(first_killed(&e), Some(10), "{e:#?}");
    assert_eq!(counts(&e, Attribute::Killed).len(), 2, "{e:#?}");
    let e = extract(
        "A car bomb killed six people outside a police station in Mogadishu on Monday. By \
         Tuesday the death toll had risen to 9, hospital officials said.",
    );
    assert_eq!(first_killed(&e), Some(9), "{e:#?}");
    // A figure that moves no toll keeps the first one first.
    let e = extract(
        "A car bomb killed six people outside a police station in Mogadishu on Monday. In \
         March a similar bomb killed 9 people in Baidoa.",
    );
    assert_eq!(first_killed(&e), Some(6), "{e:#?}");
}

#[test]
fn an_attack_ruled_out_reports_none() {
    let e = extract(
        "A fire ripped through a crowded market in Kabul on Tuesday, killing three \
         shopkeepers, officials said. Police said an electrical fault was to blame and ruled \
         out an attack.",
    );
    assert!(e.facts.is_empty(), "{e:#?}");
    let e = extract(
        "A fire ripped through a crowded market in Kabul on Tuesday, killing three \
         shopkeepers. Police said the blaze was not a terrorist attack.",
    );
    assert!(e.facts.is_empty(), "{e:#?}");
    // An attack said as such still is one.
    let e = extract(
        "Gunmen set fire to a crowded market in Kabul on Tuesday, killing three \
         shopkeepers. Police called it an attack.",
    );
    assert_eq!(counts(&e, Attribute::Killed), vec![(3, Some(3))], "{e:#?}");
}

#[test]
fn the_claimant_is_the_group_not_its_parent() {
    let e = extract(
        "Militants linked to al-Qaeda attacked an army base in central Mali on Tuesday, \
         killing 20 soldiers. JNIM, al-Qaeda's affiliate in the Sahel, claimed \
         responsibility in a message on social media.",
    );
    assert_eq!(
        claimants(&e),
        vec!["Jama'at Nusrat al-Islam wal-Muslimin"],
        "{e:#?}"
    );
    // The group the attackers are linked to did not attack.
    let orgs: Vec<&Value> = e
        .facts
        .iter()
        .filter(|f| f.attribute == Attribute::PerpetratorOrg)
        .map(|f| &f.value)
        .collect();
    assert!(orgs.is_empty(), "{e:#?}");
}

#[test]
fn the_targets_owner_is_no_target() {
    let e = extract(
        "An explosion ripped through a fuel depot in Tripoli late on Sunday, killing eight \
         workers. Investigators said an explosive device had been planted near a storage \
         tank. The depot, run by a private company, supplies diesel to much of the north.",
    );
    let targets = texts(&e, Attribute::Targets);
    assert!(
        !targets.contains(&"private company".to_string()),
        "{targets:?}"
    );
    let e =
        extract("Gunmen burned three buses owned by the bank in Kano on Monday, killing a driver.");
    assert!(
        !texts(&e, Attribute::Targets).contains(&"bank".to_string()),
        "{e:#?}"
    );
    assert!(
        texts(&e, Attribute::Targets).contains(&"buses".to_string()),
        "{e:#?}"
    );
}

#[test]
fn the_day_of_a_denial_does_not_date_the_attack() {
    // Published Thursday 12 February 2026: the strike was Monday night, the denial
    // Wednesday.
    let e = extract(
        "A spokesman for the Houthi movement on Wednesday denied any involvement in the \
         strike on a fuel depot near Aden that killed three people. Officials said Monday \
         night's attack had set off a fire that burned for hours.",
    );
    assert_eq!(dates(&e), vec!["2026-02-09"], "{e:#?}");
    assert_eq!(common::deniers(&e), [Some("Houthis".to_string())]);
}

#[test]
fn those_taken_to_hospital_are_wounded() {
    let e = extract(
        "A suicide bomber blew herself up at a fish market in Konduga on Sunday, killing 11 \
         people. Eighteen people were taken to hospital in Maiduguri, and four more were \
         rushed to a nearby clinic.",
    );
    assert_eq!(counts(&e, Attribute::Wounded), [(18, Some(18))]);
    assert_eq!(counts(&e, Attribute::Killed), [(11, Some(11))]);
}
