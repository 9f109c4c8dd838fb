//! An article that reports two attacks yields two incidents, each with its own place and
//! toll; one attack told several times, or an earlier attack mentioned in passing,
//! yields one. The articles are written for these tests.

use newsfuse_core::{Attribute, Date, Document, Extraction, Fact, Value};

fn extract(text: &str) -> Extraction {
    let mut doc = Document::bare("t", text);
    doc.published = Some(Date::new(2025, 6, 11).expect("valid date"));
    newsfuse_extract::extract(&doc)
}

fn place(facts: &[Fact]) -> Option<String> {
    facts.iter().find_map(|f| match (&f.attribute, &f.value) {
        (Attribute::Place, Value::Place { place }) => Some(place.name.clone()),
        _ => None,
    })
}

fn killed(facts: &[Fact]) -> Vec<(u64, Option<u64>)> {
    facts
        .iter()
        .filter_map(|f| match (&f.attribute, &f.value) {
            (Attribute::Killed, Value::Count { quantity }) => {
                Some((quantity.interval.min(), quantity.interval.max()))
            }
            _ => None,
        })
        .collect()
}

/// Per incident: its place and its killed counts (low, high).
type Summary = Vec<(Option<String>, Vec<(u64, Option<u64>)>)>;

fn summary(e: &Extraction) -> Summary {
    (0..=e.other_incidents.len())
        .map(|k| (place(e.incident_facts(k)), killed(e.incident_facts(k))))
        .collect()
}

fn town(name: &str) -> Option<String> {
    Some(name.to_string())
}

#[test]
fn a_separate_attack_in_another_city_is_a_second_incident() {
    let e = extract(
        "A suicide bomber blew himself up at a crowded market in Kandahar, Afghanistan, on \
         Tuesday, killing 9 people and wounding 20, officials said. The blast destroyed a row \
         of shops. In a separate attack in Herat, gunmen opened fire on a police post, killing \
         4 officers. Police in Herat said the attackers escaped on motorbikes.",
    );
    assert_eq!(
        summary(&e),
        vec![
            (town("Kandahar"), vec![(9, Some(9))]),
            (town("Herat"), vec![(4, Some(4))]),
        ],
        "{e:#?}"
    );
    assert_eq!(e.other_incidents[0].sentences, vec![2, 3]);
    // Every fact of the second incident was read from its own sentences.
    assert!(e.other_incidents[0]
        .facts
        .iter()
        .all(|f| [2, 3].contains(&f.provenance.sentence)));
    assert!(e.facts.iter().all(|f| f.provenance.sentence < 2));
}

#[test]
fn a_new_paragraph_with_another_bomb_in_another_town_is_a_second_incident() {
    let e = extract(
        "Gunmen stormed a village near Maiduguri, Nigeria, on Monday night, killing 11 \
         farmers, residents said. The attackers burned houses before fleeing.\n\n\
         Another bomb exploded at a bus stop in Kano on Tuesday morning, killing 3 people \
         and wounding 8, police said. The bomb had been left in a bag.",
    );
    assert_eq!(
        summary(&e),
        vec![
            (town("Maiduguri"), vec![(11, Some(11))]),
            (town("Kano"), vec![(3, Some(3))]),
        ],
        "{e:#?}"
    );
}

#[test]
fn meanwhile_in_a_far_town_is_a_second_incident_and_its_sentence_of_return_is_not() {
    let e = extract(
        "A car bomb killed 6 soldiers at a checkpoint in Mosul, Iraq, on Sunday, the army \
         said. Meanwhile, in Basra, a grenade attack on a shop wounded 5 people. Army \
         officers in Mosul said the car had been stolen.",
    );
    assert_eq!(e.other_incidents.len(), 1, "{e:#?}");
    assert_eq!(e.other_incidents[0].sentences, vec![1]);
    assert_eq!(place(e.incident_facts(1)), town("Basrah"));
    assert_eq!(killed(e.incident_facts(1)), vec![]);
    assert_eq!(place(&e.facts), town("Mosul"));
    assert_eq!(killed(&e.facts), vec![(6, Some(6))]);
}

#[test]
fn one_attack_told_three_times_is_one_incident() {
    let e = extract(
        "A car bomb exploded outside a hotel in Mogadishu, Somalia, on Friday, killing 12 \
         people, police said. The blast was heard across the city and shattered windows.\n\n\
         The attack killed 12 people and wounded 30, a police spokesman in Mogadishu said. \
         Meanwhile, the government condemned the bombing, which it said had killed 12.",
    );
    assert!(e.other_incidents.is_empty(), "{e:#?}");
    assert_eq!(place(&e.facts), town("Mogadishu"));
    assert_eq!(killed(&e.facts)[0], (12, Some(12)));
}

#[test]
fn an_earlier_attack_mentioned_in_passing_stays_background() {
    let e = extract(
        "Gunmen attacked an army checkpoint in Mosul, Iraq, on Sunday, killing 5 soldiers, \
         officials said. Last month's bombing in Baghdad that killed 14 people was claimed by \
         the same group.",
    );
    assert!(e.other_incidents.is_empty(), "{e:#?}");
    assert_eq!(summary(&e), vec![(town("Mosul"), vec![(5, Some(5))])]);
}

#[test]
fn a_dated_earlier_attack_mentioned_in_passing_stays_background() {
    let e = extract(
        "A roadside bomb killed 3 police officers in Kandahar, Afghanistan, on Tuesday, \
         officials said. In a separate attack on May 2 in Herat, gunmen killed 7 people at a \
         wedding.",
    );
    assert!(e.other_incidents.is_empty(), "{e:#?}");
    assert_eq!(summary(&e), vec![(town("Kandahar"), vec![(3, Some(3))])]);
}

#[test]
fn a_warning_given_last_week_is_about_this_attack() {
    let e = extract(
        "Gunmen attacked a hotel in Mosul, Iraq, on Sunday, killing 5 guests, officials \
         said. The army had warned hotels last week that militants planned to strike \
         crowded venues.",
    );
    let warnings: Vec<u32> = e
        .facts
        .iter()
        .filter(|f| f.attribute == Attribute::Warning)
        .map(|f| f.provenance.sentence)
        .collect();
    assert_eq!(warnings, vec![1], "{e:#?}");
}

#[test]
fn a_wire_roundup_of_a_killing_and_a_bombing_hours_later() {
    // The killers named by what they are ("suspected jihadists killed") make the first
    // sentence an attack; "hours later" in a far town begins the second incident. The
    // dateline is the filing town of a wire report ("MAIDUGURI, Nigeria —"): the
    // first attack's own town places it, and never the second.
    let e = extract(
        "MAIDUGURI, Nigeria — Suspected jihadists killed 11 farmers in a village near \
         Konduga on Wednesday, residents said. Hours later, a suicide bomber blew herself \
         up at a mosque in Gwoza, killing six worshippers and wounding nine, police said.",
    );
    assert_eq!(
        summary(&e),
        vec![
            (town("Konduga"), vec![(11, Some(11))]),
            (town("Gwoza"), vec![(6, Some(6))]),
        ],
        "{e:#?}"
    );
    let attackers: Vec<String> = e
        .facts
        .iter()
        .filter(|f| f.attribute == Attribute::PerpetratorInd)
        .filter_map(|f| match &f.value {
            Value::Text { text } => Some(text.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(attackers, vec!["suspected jihadists"], "{e:#?}");
    // "Hours later" with no day of its own: the first attack's day.
    let day = |facts: &[Fact]| {
        facts.iter().find_map(|f| match (&f.attribute, &f.value) {
            (Attribute::Date, Value::Time { time }) => Some(time.iso()),
            _ => None,
        })
    };
    assert_eq!(day(e.incident_facts(0)).as_deref(), Some("2025-06-11"));
    assert_eq!(day(e.incident_facts(1)).as_deref(), Some("2025-06-11"));
}

#[test]
fn attackers_killed_as_a_share_of_the_attackers() {
    // "killed four of the attackers": the attackers' own dead, not their number.
    let e = extract(
        "Gunmen stormed a village near Konduga on Wednesday, killing 11 farmers. Troops \
         later killed four of the attackers in a shootout, the army said.",
    );
    let count = |a: Attribute| -> Vec<u64> {
        e.facts
            .iter()
            .filter(|f| f.attribute == a)
            .filter_map(|f| match &f.value {
                Value::Count { quantity } => Some(quantity.interval.min()),
                _ => None,
            })
            .collect()
    };
    assert_eq!(count(Attribute::AttackersKilled), vec![4], "{e:#?}");
    assert_eq!(count(Attribute::Attackers), Vec::<u64>::new(), "{e:#?}");
    assert_eq!(count(Attribute::Killed), vec![11], "{e:#?}");
}
