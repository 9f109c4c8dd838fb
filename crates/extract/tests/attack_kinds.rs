//! What kind of attack an article reports and what it hit: the vehicle that carried a
//! bomb is its weapon, not a target; an attack of several kinds is coded by the GTD
//! hierarchy; a toll said without the word "toll" still moves. The articles are
//! written for these tests.

mod common;

use common::{counts, extract_on, texts};
use newsfuse_core::{Attribute, EventType, Extraction, Value};

fn event_type(e: &Extraction) -> Option<EventType> {
    e.facts.iter().find_map(|f| match &f.value {
        Value::EventType { event_type } if f.attribute == Attribute::EventType => Some(*event_type),
        _ => None,
    })
}

#[test]
fn the_vehicle_that_carried_the_bomb_is_no_target() {
    let e = extract_on(
        "KANDAHAR, Afghanistan — A suicide bomber drove an explosives-laden car into a police \
         checkpoint on Monday, killing nine officers, officials said. Witnesses said the car, \
         a grey sedan, exploded beside the gate. The blast also wrecked two buses parked \
         nearby.",
        (2025, 6, 10),
    );
    let targets = texts(&e, Attribute::Targets);
    assert!(targets.contains(&"checkpoint".to_string()), "{targets:?}");
    assert!(targets.contains(&"buses".to_string()), "{targets:?}");
    assert!(!targets.iter().any(|t| t == "car"), "{targets:?}");
    assert_eq!(event_type(&e), Some(EventType::Bombing));
    // "a truck bomb", "a van packed with explosives": the same.
    for text in [
        "A truck bomb exploded outside a market in Hilla on Monday, killing six people, police \
         said.",
        "A van packed with explosives blew up outside a market in Hilla on Monday, killing six \
         people, police said.",
    ] {
        let e = extract_on(text, (2025, 6, 10));
        let targets = texts(&e, Attribute::Targets);
        assert_eq!(targets, ["market"], "{text}");
    }
    // "the vehicle rammed the gate": the vehicle is the bomb; "members of parliament"
    // are people, not a building hit.
    let e = extract_on(
        "A suicide car bomb exploded at a hotel in Mogadishu on Monday, killing 15 people \
         including two members of parliament, police said. The attack began when the \
         vehicle rammed the gate of the hotel.",
        (2025, 6, 10),
    );
    assert_eq!(texts(&e, Attribute::Targets), ["hotel"]);
    // A car the blast hit is one.
    let e = extract_on(
        "A roadside bomb struck a car carrying three teachers near Hilla on Monday, killing \
         all of them, police said.",
        (2025, 6, 10),
    );
    assert!(texts(&e, Attribute::Targets).contains(&"car".to_string()));
}

#[test]
fn an_attack_of_several_kinds_takes_the_highest_in_the_gtd_hierarchy() {
    // Armed men (an armed assault) abducted aid workers (a kidnapping), shot a guard and
    // set fire to a pharmacy: GTD codes it a kidnapping.
    let e = extract_on(
        "NIAMEY, Niger — Armed men abducted three aid workers from a clinic near Tillaberi on \
         Monday, the regional governor said. The attackers shot dead a guard and set fire to \
         a pharmacy before driving off with the hostages.",
        (2025, 6, 10),
    );
    assert_eq!(event_type(&e), Some(EventType::Kidnapping));
    assert_eq!(counts(&e, Attribute::Hostages), [(3, Some(3))]);
    // One kind in the first event sentence: the most frequent kind decides, as before.
    let e = extract_on(
        "Gunmen opened fire on worshippers at a mosque in Kano on Friday, killing 11 people, \
         police said. The gunmen then fled on motorcycles as more shots were fired.",
        (2025, 6, 10),
    );
    assert_eq!(event_type(&e), Some(EventType::ArmedAssault));
}

#[test]
fn the_number_of_people_killed_rising_is_the_toll_moving() {
    let e = extract_on(
        "The number of people killed in Tuesday's bombing at a bus station in Quetta has risen \
         to 15, a health official said on Wednesday. At least 12 people had been reported dead \
         on Tuesday.",
        (2025, 6, 11),
    );
    let killed = counts(&e, Attribute::Killed);
    assert_eq!(killed.first(), Some(&(15, Some(15))), "{killed:?}");
}

#[test]
fn rockets_and_strikes_on_a_site_are_attacks() {
    // GTD codes projectiles (rockets, mortars, missiles) as bombings/explosions.
    for text in [
        "Several rockets slammed into a fuel depot on the outskirts of Aden overnight, \
         killing two workers, port officials said.",
        "A drone strike hit a convoy near Marib on Monday, killing four fighters, officials \
         said.",
        "Mortar rounds landed in a crowded market in Mogadishu on Monday, killing six people, \
         police said.",
    ] {
        let e = extract_on(text, (2025, 6, 10));
        assert_eq!(event_type(&e), Some(EventType::Bombing), "{text}");
    }
    // "the strike on a fuel depot": an attack, whose kind the words do not say.
    let e = extract_on(
        "Officials condemned the strike on a fuel depot near Aden that killed three workers \
         on Monday.",
        (2025, 6, 10),
    );
    assert_eq!(event_type(&e), Some(EventType::Attack));
    // A strike of workers is none.
    let e = extract_on(
        "Dock workers went on strike on Monday over unpaid wages, the union said.",
        (2025, 6, 10),
    );
    assert_eq!(event_type(&e), None);
}

#[test]
fn a_figure_revised_gives_way_to_the_new_one() {
    let e = extract_on(
        "Insurgents ambushed a military convoy near Djibo on Monday, killing at least 17 \
         soldiers, security sources said. The army said on Tuesday that 23 soldiers had died, \
         revising an earlier figure of 17.",
        (2025, 6, 11),
    );
    let killed = counts(&e, Attribute::Killed);
    assert_eq!(killed.first(), Some(&(23, Some(23))), "{killed:?}");
    // The revised figure is no count of its own.
    assert_eq!(killed.len(), 2, "{killed:?}");
    // An ambush is an armed assault.
    assert_eq!(event_type(&e), Some(EventType::ArmedAssault));
}

#[test]
fn hostages_who_died_are_killed_and_a_branch_is_not_the_claimant() {
    let e = extract_on(
        "OUAGADOUGOU, Burkina Faso — Five gunmen stormed a guesthouse on Friday evening and \
         held about 30 people hostage until special forces ended the siege on Saturday, the \
         ministry said. Six hostages and two soldiers died, and 14 people were wounded. JNIM, \
         the Sahel branch of al-Qaeda, said in a message on Telegram that its fighters had \
         carried out the raid.",
        (2025, 6, 8),
    );
    assert_eq!(counts(&e, Attribute::Killed), [(8, Some(8))]);
    assert_eq!(counts(&e, Attribute::Hostages), [(27, Some(33))]);
    assert_eq!(
        common::claimants(&e),
        ["Jama'at Nusrat al-Islam wal-Muslimin"]
    );
    // "said in a message ..." names no speaker of the claim sentence.
    let claim = common::first(&e, Attribute::Claim);
    assert_eq!(claim.provenance.attribution.who_says, None);
    assert_eq!(event_type(&e), Some(EventType::HostageTaking));
    assert_eq!(texts(&e, Attribute::Targets), ["guesthouse"]);
}

#[test]
fn an_attack_with_the_hallmarks_of_a_group_is_hedged() {
    let e = extract_on(
        "A female suicide bomber killed 12 people at a fish market in Konduga on Sunday \
         morning, officials said. The attack bore the hallmarks of Boko Haram.",
        (2025, 6, 9),
    );
    let perp = common::first(&e, Attribute::PerpetratorOrg);
    assert_eq!(
        perp.provenance.attribution.hedge.as_deref(),
        Some("hallmarks")
    );
}

#[test]
fn an_earlier_event_recalled_after_the_attack_is_not_this_one() {
    // Published Tuesday 4 August 2026: the arson was on Sunday; the shooting it recalls,
    // a day before, is another incident with its own figures.
    let e = extract_on(
        "KISUMU, Kenya — A mob set fire to a police post in the Nyalenda suburb of Kisumu on \
         Sunday, a day after three protesters were shot dead by police in the city centre. \
         No one was hurt in the arson attack, police said.",
        (2026, 8, 4),
    );
    assert_eq!(event_type(&e), Some(EventType::FacilityAttack));
    assert!(counts(&e, Attribute::Killed).is_empty(), "{e:#?}");
    let dates = common::dates(&e);
    assert_eq!(dates, ["2026-08-02"]);
    assert_eq!(texts(&e, Attribute::Targets), ["police post"]);
    assert_eq!(texts(&e, Attribute::PerpetratorInd), ["mob"]);
    // Police firing live rounds at a crowd is a shooting.
    let e = extract_on(
        "Police fired tear gas and live rounds at protesters in Kisumu on Saturday, killing \
         three people and wounding at least 17, a rights group said.",
        (2026, 8, 3),
    );
    assert_eq!(event_type(&e), Some(EventType::ArmedAssault));
    assert_eq!(counts(&e, Attribute::Killed), [(3, Some(3))]);
    assert_eq!(counts(&e, Attribute::Wounded), [(17, None)]);
}

#[test]
fn two_claims_in_one_sentence_and_a_group_denial() {
    let e = extract_on(
        "PESHAWAR, Pakistan — A bomb hidden in a prayer mat exploded inside a mosque in \
         Peshawar during Friday prayers, killing at least 31 worshippers, police said. The \
         Pakistani Taliban claimed responsibility in a message to reporters, but hours later \
         the Islamic State's Khorasan branch said its own fighter had planted the device. \
         The Pakistani Taliban later denied involvement.",
        (2026, 9, 19),
    );
    assert_eq!(
        common::claimants(&e),
        [
            "Tehrik-i-Taliban Pakistan",
            "Islamic State Khorasan Province"
        ]
    );
    // Neither claim is "per" the other claimant.
    for f in e.facts.iter().filter(|f| f.attribute == Attribute::Claim) {
        assert_eq!(f.provenance.attribution.who_says, None, "{f:?}");
    }
    assert_eq!(
        common::deniers(&e),
        [Some("Tehrik-i-Taliban Pakistan".to_string())]
    );
}

#[test]
fn a_camp_is_a_target() {
    let e = extract_on(
        "Suspected jihadists killed 14 herders and slaughtered about 1,200 head of cattle in an \
         attack on a Fulani camp near Niono on Thursday, local officials said.",
        (2026, 10, 5),
    );
    assert_eq!(texts(&e, Attribute::Targets), ["camp"]);
    assert_eq!(counts(&e, Attribute::Killed), [(14, Some(14))]);
    let e = extract_on(
        "Insurgents shelled an army camp near Gao on Monday, killing two soldiers, the army \
         said.",
        (2026, 10, 5),
    );
    assert_eq!(texts(&e, Attribute::Targets), ["army camp"]);
}

#[test]
fn a_generic_attack_word_with_nothing_of_an_attack_is_no_incident() {
    let e = extract_on(
        "The finance minister launched a blistering attack on the opposition on Monday, \
         accusing its leaders of sabotaging the budget talks.",
        (2026, 10, 12),
    );
    assert!(e.events.is_empty(), "{:?}", e.events);
    assert!(e.facts.is_empty(), "{:?}", e.facts);
    // The same word with harm told is one.
    let e = extract_on(
        "An attack on a village near Kaduna on Monday left six people dead, police said.",
        (2026, 10, 12),
    );
    assert_eq!(event_type(&e), Some(EventType::Attack));
    assert_eq!(counts(&e, Attribute::Killed), [(6, Some(6))]);
}

#[test]
fn an_old_attack_tried_in_court_keeps_its_year_and_toll() {
    let e = extract_on(
        "A court in Kaduna on Tuesday sentenced a man to 25 years in prison for his role in \
         the 2019 bombing of a bus station that killed 12 people.",
        (2026, 10, 13),
    );
    let dates = common::dates(&e);
    assert_eq!(dates, ["2019"]);
    assert_eq!(counts(&e, Attribute::Killed), [(12, Some(12))]);
    assert_eq!(texts(&e, Attribute::Targets), ["bus station"]);
}

#[test]
fn what_an_earlier_attack_used_and_hit_stays_with_it() {
    // Published Saturday 2 May 2026: the depot bombing was on Thursday; the grenade
    // attack on a bar a week before is another incident.
    let e = extract_on(
        "ENTEBBE, Uganda — A bomb went off at a bus depot late on Thursday night, killing \
         some 12 people and injuring scores, police said. The blast came a week after a \
         grenade attack on a bar in the same street that wounded fewer than ten people.",
        (2026, 5, 2),
    );
    assert_eq!(texts(&e, Attribute::Targets), ["bus depot"]);
    assert_eq!(texts(&e, Attribute::Weapons), ["bomb"]);
    assert_eq!(counts(&e, Attribute::Killed), [(11, Some(13))]);
    // "injuring scores": a vague plural beside a word of harm.
    assert_eq!(counts(&e, Attribute::Wounded), [(40, Some(99))]);
    assert_eq!(common::dates(&e), ["2026-04-30"]);
    // "Earlier in the year" opens an earlier incident: its hostages and the school
    // are not this attack's.
    let e = extract_on(
        "Gunmen on motorcycles opened fire on a cattle market near Gusau on Sunday, killing \
         at least 30 people, officials said. Earlier in the year, dozens of pupils were \
         kidnapped from a school in the same district.",
        (2026, 3, 24),
    );
    assert_eq!(texts(&e, Attribute::Targets), ["market"]);
    assert!(counts(&e, Attribute::Hostages).is_empty(), "{e:#?}");
    assert_eq!(counts(&e, Attribute::Killed), [(30, None)]);
}

#[test]
fn a_claim_nobody_made_names_no_claimant() {
    for text in [
        "Suspected jihadists killed 14 farmers near Baga on Monday, officials said. No group \
         has claimed responsibility, but Boko Haram and its rival ISWAP are active in the \
         area.",
        "Suspected jihadists killed 14 farmers near Baga on Monday, officials said. There was \
         no immediate claim of responsibility from Boko Haram or ISWAP.",
    ] {
        let e = extract_on(text, (2026, 6, 10));
        assert!(common::claimants(&e).is_empty(), "{text}: {e:#?}");
    }
    // A claim made still names its claimant.
    let e = extract_on(
        "Suspected jihadists killed 14 farmers near Baga on Monday, officials said. Boko \
         Haram claimed responsibility in a video on Tuesday.",
        (2026, 6, 10),
    );
    assert_eq!(common::claimants(&e), ["Boko Haram"]);
}

#[test]
fn a_toll_put_at_a_figure_and_the_reason_for_a_revision() {
    // Published Tuesday 15 September 2026, a day after the attack.
    let e = extract_on(
        "NAIROBI, Kenya — Somali officials on Tuesday put the toll from the assault on a \
         Mogadishu hotel at 14 dead, revising an earlier figure of 15 after one body was \
         found to have been counted twice.",
        (2026, 9, 15),
    );
    // "one body" says why the figure moved: no count; 15 is the old word.
    assert_eq!(counts(&e, Attribute::Killed), [(14, Some(14))]);
    // Tuesday dates the new toll, not the assault.
    assert!(common::dates(&e).is_empty(), "{:?}", common::dates(&e));
    // "The spokesman, Mohamed Ali, said 27 people were being treated": what he said is
    // no speaker.
    let e = extract_on(
        "A bomb killed 15 people at a hotel in Mogadishu on Monday, a government \
         spokesman said. The spokesman, Mohamed Ali, said 27 people were being treated \
         for wounds.",
        (2026, 9, 15),
    );
    let wounded = common::first(&e, Attribute::Wounded);
    assert_ne!(
        wounded.provenance.attribution.who_says.as_deref(),
        Some("27 people were being treated for wounds")
    );
    assert_eq!(counts(&e, Attribute::Wounded), [(27, Some(27))]);
    // A speaker's own relative clause keeps the speaker.
    let e = extract_on(
        "A bomb killed 15 people at a hotel in Mogadishu on Monday, said officials who were \
         at the scene.",
        (2026, 9, 15),
    );
    let killed = common::first(&e, Attribute::Killed);
    assert_eq!(
        killed.provenance.attribution.who_says.as_deref(),
        Some("officials who were at the scene")
    );
}

#[test]
fn a_knife_attack_is_an_armed_assault_and_an_age_is_no_count() {
    // GTD's codebook: a sharp instrument makes an armed assault.
    let e = extract_on(
        "HAMBURG, Germany — A man armed with a knife wounded 18 people at the city's main \
         railway station on Friday evening before passers-by overpowered him, police said.",
        (2026, 5, 23),
    );
    assert_eq!(event_type(&e), Some(EventType::ArmedAssault));
    assert_eq!(texts(&e, Attribute::Weapons), ["knife"]);
    assert_eq!(counts(&e, Attribute::Wounded), [(18, Some(18))]);
    // A vehicle driven into a crowd stays an unarmed assault.
    let e = extract_on(
        "A driver rammed his car into a crowd at a Christmas market in Bremen on Friday, \
         injuring nine people, police said.",
        (2026, 12, 12),
    );
    assert_eq!(event_type(&e), Some(EventType::UnarmedAssault));
    // "the youngest wounded victim was 12": an age.
    let e = extract_on(
        "Four people were killed and 11 others wounded when gunmen opened fire on a block \
         party in Akron early Sunday, police said. The youngest wounded victim was 12, the \
         police chief said.",
        (2026, 7, 6),
    );
    assert_eq!(counts(&e, Attribute::Wounded), [(11, Some(11))]);
}
