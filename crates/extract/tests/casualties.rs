//! Casualty counts said without a figure: one person shot dead, one hurt, "a fatal
//! shooting", and sentences that deny casualties. The articles are written for these
//! tests. (An article needs an attack word for facts at all: "was shot", "shot in the
//! leg", "shot and wounded" are; a shot in a game is not.)

mod common;

use common::{counts, texts};
use newsfuse_core::{Attribute, Extraction, Value};

fn extract(text: &str) -> Extraction {
    common::extract_on(text, (2025, 6, 11))
}

#[test]
fn one_person_shot_dead_is_one_killed() {
    let e = extract(
        "A man was shot and killed outside a grocery store in Dayton on Friday night, police \
         said. Officers are looking for a gray sedan seen leaving after the shooting.",
    );
    assert_eq!(counts(&e, Attribute::Killed), vec![(1, Some(1))], "{e:#?}");
    assert_eq!(counts(&e, Attribute::Wounded), vec![], "{e:#?}");
}

#[test]
fn the_person_shot_who_died_is_killed_not_wounded() {
    let e = extract(
        "A woman was shot on Elm Street in Fresno on Sunday evening, the second shooting there \
         this month. She died later at a hospital, police said.",
    );
    assert_eq!(counts(&e, Attribute::Killed), vec![(1, Some(1))], "{e:#?}");
    assert_eq!(counts(&e, Attribute::Wounded), vec![], "{e:#?}");
}

#[test]
fn one_hurt_and_nobody_killed() {
    let e = extract(
        "Gunmen attacked a bus near Tulsa on Monday. A passenger was wounded in the leg. No \
         one was killed, police said.",
    );
    assert_eq!(counts(&e, Attribute::Killed), vec![], "{e:#?}");
    assert_eq!(counts(&e, Attribute::Wounded), vec![(1, Some(1))], "{e:#?}");
}

#[test]
fn nobody_hurt_gives_no_count() {
    let e = extract(
        "Shots were fired during a shooting at a warehouse in Toledo on Tuesday. Nobody was \
         hurt.",
    );
    assert_eq!(counts(&e, Attribute::Killed), vec![], "{e:#?}");
    assert_eq!(counts(&e, Attribute::Wounded), vec![], "{e:#?}");
}

#[test]
fn an_active_verb_with_one_object_is_one_killed() {
    let e = extract("Unknown attackers killed a night watchman at a bank in Quito on Monday.");
    assert_eq!(counts(&e, Attribute::Killed), vec![(1, Some(1))], "{e:#?}");
}

#[test]
fn a_fatal_shooting_is_at_least_one_killed() {
    let e = extract("Detectives are investigating a fatal shooting at a gas station in Reno.");
    assert_eq!(counts(&e, Attribute::Killed), vec![(1, None)], "{e:#?}");
}

#[test]
fn a_figure_wins_over_the_implied_one() {
    let e = extract(
        "Gunmen opened fire on a market in Kano on Tuesday, killing 3 people. A trader was \
         shot dead as he fled.",
    );
    assert_eq!(counts(&e, Attribute::Killed), vec![(3, Some(3))], "{e:#?}");
}

#[test]
fn named_victims_and_shooters_by_their_full_names() {
    let e = extract(
        "Marcus Delaney, 34, was shot outside a bar in Akron on Saturday night in a shooting \
         police called targeted. Delaney died at the hospital. Officers arrested Travis \
         Holloway on Sunday, and Holloway was charged with murder.",
    );
    let victims = texts(&e, Attribute::Victims);
    assert!(
        victims.contains(&"Marcus Delaney".to_string()),
        "{victims:?}"
    );
    assert!(
        !victims.contains(&"Travis Holloway".to_string()),
        "{victims:?}"
    );
    assert_eq!(
        texts(&e, Attribute::PerpetratorInd)
            .into_iter()
            .filter(|t| t.contains("Holloway") || t.contains("Delaney"))
            .collect::<Vec<_>>(),
        vec!["Travis Holloway".to_string()]
    );
}

#[test]
fn a_person_in_hospital_is_one_wounded_unless_someone_died() {
    let e = extract(
        "Police in Lorain are investigating a shooting on Oak Street. Officers found a man \
         shot in the arm, and he was taken to a hospital in stable condition.",
    );
    assert_eq!(counts(&e, Attribute::Wounded), vec![(1, Some(1))], "{e:#?}");
    let e = extract(
        "Police in Lorain are investigating a shooting on Oak Street. A woman was taken to a \
         hospital, where she died.",
    );
    assert_eq!(counts(&e, Attribute::Killed), vec![(1, Some(1))], "{e:#?}");
    assert_eq!(counts(&e, Attribute::Wounded), vec![], "{e:#?}");
}

#[test]
fn a_person_shot_is_an_incident_without_other_attack_words() {
    let e = extract(
        "A teenager was shot in the leg near a park in Dayton late Saturday, police said. He \
         is expected to recover.",
    );
    assert_eq!(counts(&e, Attribute::Wounded), vec![(1, Some(1))], "{e:#?}");
    assert!(
        e.facts.iter().any(|f| matches!(
            &f.value,
            Value::EventType { event_type } if *event_type == newsfuse_core::EventType::ArmedAssault
        )),
        "{e:#?}"
    );
}

#[test]
fn a_shot_in_a_game_is_no_incident() {
    let e = extract(
        "The striker's shot in the second half hit the post, and the home side lost 1-0 in \
         Dayton on Saturday.",
    );
    assert!(e.facts.is_empty(), "{e:#?}");
}

#[test]
fn ages_house_numbers_wounds_and_phone_numbers_count_nobody() {
    // Every number here stands near "killed" or "dead"; none of them counts the dead.
    let e = extract(
        "Police in Marion said Dana Reyes, 34, and Lee Park, 29, were shot dead near 5390 \
         Alder Lane on Friday. The coroner found 20 gunshot wounds, and 27 shell casings lay \
         where the two died. A neighbour called 911 after the killing.",
    );
    // Only "the two died" is a count of the dead.
    assert_eq!(counts(&e, Attribute::Killed), vec![(2, Some(2))], "{e:#?}");
    assert_eq!(counts(&e, Attribute::Wounded), vec![], "{e:#?}");
    // The same figures as real counts are still read.
    let e = extract(
        "Gunmen opened fire on a bus near Marion on Friday, killing 34 people, police said.",
    );
    assert_eq!(
        counts(&e, Attribute::Killed),
        vec![(34, Some(34))],
        "{e:#?}"
    );
}

#[test]
fn an_age_after_a_person_noun_is_no_count() {
    let e = extract("A boy, 7, was shot and killed inside a parked car in Denton on Sunday.");
    assert_eq!(counts(&e, Attribute::Killed), vec![(1, Some(1))], "{e:#?}");
}

#[test]
fn one_death_said_with_an_adverb_or_an_apposition() {
    // "was accidentally shot and killed": an adverb before the passive.
    let e = extract(
        "A 15-year-old boy was accidentally shot and killed by his cousin in Lakeview on \
         Saturday.",
    );
    assert_eq!(counts(&e, Attribute::Killed), vec![(1, Some(1))], "{e:#?}");
    // "<name>, a 26-year-old man, died": the subject before an apposition.
    let e = extract(
        "Dana Reyes, a 26-year-old man, died Monday after being shot in Oakdale, according to \
         county records.",
    );
    assert_eq!(counts(&e, Attribute::Killed), vec![(1, Some(1))], "{e:#?}");
    // "shot and killed another man", "pronounced deceased".
    let e = extract("Police said the driver shot and killed another man in Wayne on Friday.");
    assert_eq!(counts(&e, Attribute::Killed), vec![(1, Some(1))], "{e:#?}");
    let e = extract(
        "A woman was shot outside her car in Dudley on Saturday. She was pronounced deceased \
         at a hospital.",
    );
    assert_eq!(counts(&e, Attribute::Killed), vec![(1, Some(1))], "{e:#?}");
    assert_eq!(counts(&e, Attribute::Wounded), vec![], "{e:#?}");
}

#[test]
fn roads_corners_codes_calibres_and_guns_count_nobody() {
    let e = extract(
        "A man wielding two handguns was shot and killed by deputies on County Road 106 near \
         Alton on Friday, next to a .38 caliber pistol. Tips go to Crime Line at (800) \
         555-TIPS (8477).",
    );
    assert_eq!(counts(&e, Attribute::Killed), vec![(1, Some(1))], "{e:#?}");
    let e = extract(
        "A suspect was shot by officers at 26 & Zuni on Monday and was pronounced dead at a \
         hospital.",
    );
    assert_eq!(counts(&e, Attribute::Killed), vec![(1, Some(1))], "{e:#?}");
}

#[test]
fn headline_deaths_possessive_deaths_and_fatally_shot_figures() {
    // A headline without its verb.
    let e = extract(
        "Woman shot, killed in Lakeport; suspect in custody\n\nThe shooting was reported \
         around 5:30 p.m. on Tuesday, police said.",
    );
    assert_eq!(counts(&e, Attribute::Killed), vec![(1, Some(1))], "{e:#?}");
    // "her murder": one death.
    let e = extract(
        "A young woman was shot by a stray bullet in Pilsen on Friday. Her murder is the \
         third in the area this month.",
    );
    assert_eq!(counts(&e, Attribute::Killed), vec![(1, Some(1))], "{e:#?}");
    // "fatally shot" right after the figure says who died.
    let e = extract("On Sunday two women were fatally shot by gunmen in Jackson, officials said.");
    assert_eq!(counts(&e, Attribute::Killed), vec![(2, Some(2))], "{e:#?}");
    // "a shooting death": at least one.
    let e = extract("Police are investigating a shooting death on Elm Street in Fort Smith.");
    assert_eq!(counts(&e, Attribute::Killed), vec![(1, None)], "{e:#?}");
}

#[test]
fn headline_shootings_and_people_shot_by_someone_they_know_are_one_wounded() {
    // A headline and a body without "was shot": the headline's "Woman Shot" is the
    // attack, "shot her husband in the chest" the one hurt.
    let e = extract(
        "Woman Shot In Brookfield Kitchen\n\nA Brookfield woman accidentally shot her husband \
         in the chest on Friday, deputies said. He is expected to recover.",
    );
    assert_eq!(counts(&e, Attribute::Wounded), vec![(1, Some(1))], "{e:#?}");
    assert_eq!(counts(&e, Attribute::Killed), vec![], "{e:#?}");
    // "hit by a stray bullet".
    let e = extract("A Dover man was hit by a stray bullet while walking home on Thursday.");
    assert_eq!(counts(&e, Attribute::Wounded), vec![(1, Some(1))], "{e:#?}");
    // A boy who shoots himself and dies is killed, not wounded.
    let e = extract(
        "A boy, 9, shot himself with a rifle he found at home in Alton. He died at a \
         hospital.",
    );
    assert_eq!(counts(&e, Attribute::Killed), vec![(1, Some(1))], "{e:#?}");
    assert_eq!(counts(&e, Attribute::Wounded), vec![], "{e:#?}");
}

#[test]
fn four_digit_clock_times_count_nobody() {
    let e = extract(
        "A former minister was shot and killed at 0815 (1415 gmt) near his home in Lima. \
         Gunmen opened fire again at 2200 hours and two guards were killed.",
    );
    assert_eq!(counts(&e, Attribute::Killed), vec![(2, Some(2))], "{e:#?}");
}

#[test]
fn the_attackers_dead_are_counted_apart_from_the_victims() {
    let e = extract(
        "Gunmen attacked a bus near Kano on Monday, killing 5 passengers. Three of the gunmen \
         were killed by soldiers.",
    );
    assert_eq!(counts(&e, Attribute::Killed), vec![(5, Some(5))], "{e:#?}");
    assert_eq!(
        counts(&e, Attribute::AttackersKilled),
        vec![(3, Some(3))],
        "{e:#?}"
    );
    // Fighters of an armed group who died are never the attack's victims.
    let e = extract(
        "Rebels attacked the village of Tama on Sunday, killing 2 peasants. Troops later \
         killed 6 guerrillas in a clash nearby.",
    );
    assert_eq!(counts(&e, Attribute::Killed), vec![(2, Some(2))], "{e:#?}");
    assert_eq!(
        counts(&e, Attribute::AttackersKilled),
        vec![(6, Some(6))],
        "{e:#?}"
    );
    // Attackers at work are the attackers' number, not their dead.
    let e = extract("On Monday 3 gunmen killed 10 people at a market in Kano.");
    assert_eq!(
        counts(&e, Attribute::Killed),
        vec![(10, Some(10))],
        "{e:#?}"
    );
    assert_eq!(counts(&e, Attribute::AttackersKilled), vec![], "{e:#?}");
    assert_eq!(
        counts(&e, Attribute::Attackers),
        vec![(3, Some(3))],
        "{e:#?}"
    );
}

#[test]
fn an_hour_said_alone_counts_nobody() {
    // "at about 8" is when she called, not eight dead.
    let e = extract(
        "A woman called police on Saturday at about 8 after finding a man shot to death in a \
         car parked in a driveway on Flora Avenue.",
    );
    assert!(
        counts(&e, Attribute::Killed).iter().all(|c| c.0 <= 1),
        "{:?}",
        counts(&e, Attribute::Killed)
    );
    // A count after "at least" still counts.
    let e = extract("Gunmen killed at least 8 people at a market in Kano on Friday.");
    assert_eq!(counts(&e, Attribute::Killed), vec![(8, None)]);
    let e = extract("The blast killed at around 5 people at a market in Kano on Friday.");
    assert_eq!(counts(&e, Attribute::Killed).len(), 1, "{e:#?}");
    assert!(counts(&e, Attribute::Killed)[0].0 >= 4);
}

#[test]
fn an_age_after_a_name_the_tagger_missed_counts_nobody() {
    let e = extract(
        "The Ledger ReportMarcus Avery, 19, of the 3700 block of Walton Way, was found shot to \
         death on Tuesday.",
    );
    assert!(
        counts(&e, Attribute::Killed).iter().all(|c| c.0 <= 1),
        "{:?}",
        counts(&e, Attribute::Killed)
    );
}

#[test]
fn a_count_fighting_for_their_lives_or_in_critical_condition_is_wounded() {
    let e = extract(
        "One man is dead and two women are fighting for their lives after a shooting in a \
         home on the west side late Thursday.",
    );
    assert_eq!(counts(&e, Attribute::Wounded), vec![(2, Some(2))], "{e:#?}");
    let e = extract("Three people were shot outside a bar in Akron on Friday; two men are in critical condition.");
    assert!(
        counts(&e, Attribute::Wounded).contains(&(2, Some(2))),
        "{:?}",
        counts(&e, Attribute::Wounded)
    );
}

#[test]
fn a_double_shooting_hit_two() {
    // One said to have died: the other was hurt.
    let e = extract(
        "Police said a man was shot and killed in a double shooting near the race track on \
         Tuesday afternoon.",
    );
    assert_eq!(counts(&e, Attribute::Killed), vec![(1, Some(1))], "{e:#?}");
    assert_eq!(counts(&e, Attribute::Wounded), vec![(1, Some(1))], "{e:#?}");
    // Nobody said to have died: both hurt.
    let e =
        extract("Police are investigating a double shooting on Elm Street in Toledo on Friday.");
    assert_eq!(counts(&e, Attribute::Wounded), vec![(2, Some(2))], "{e:#?}");
    // A figure given wins.
    let e = extract(
        "Three people were wounded in what police first called a double shooting in Toledo.",
    );
    assert_eq!(counts(&e, Attribute::Wounded), vec![(3, Some(3))], "{e:#?}");
}

#[test]
fn a_share_of_a_counted_whole_is_the_figure_not_the_whole() {
    let e = extract(
        "Gunmen attacked a bus near Kano on Monday. Half of the 40 passengers were killed, \
         police said.",
    );
    assert_eq!(
        counts(&e, Attribute::Killed),
        vec![(20, Some(20))],
        "{e:#?}"
    );
    let e = extract(
        "A bomb went off at a market in Mosul on Friday. About a third of the 90 victims were \
         killed, officials said.",
    );
    assert_eq!(
        counts(&e, Attribute::Killed),
        vec![(27, Some(33))],
        "{e:#?}"
    );
}

#[test]
fn a_part_of_a_counted_whole_is_the_figure_not_the_whole() {
    let e = extract(
        "Gunmen attacked a church in Jos on Sunday. Two of the 15 worshippers were killed.",
    );
    assert_eq!(counts(&e, Attribute::Killed), vec![(2, Some(2))], "{e:#?}");
}

#[test]
fn things_counted_near_a_casualty_cue_are_no_casualties() {
    let e = extract(
        "Militants attacked the market town of Arvel on Sunday. More than a dozen houses \
         were hit by shells; nine people were hurt, officials said.",
    );
    assert_eq!(counts(&e, Attribute::Wounded), vec![(9, Some(9))], "{e:#?}");
    assert_eq!(counts(&e, Attribute::Killed), vec![], "{e:#?}");
}

#[test]
fn a_figure_with_its_own_predicate_takes_no_cue_from_its_neighbour() {
    let e = extract(
        "Gunmen attacked a bus station in Ferrol on Monday. Dozens fled into the fields while \
         four people were killed, police said. Eleven were arrested later that night near the \
         scene of the deaths.",
    );
    assert_eq!(counts(&e, Attribute::Killed), vec![(4, Some(4))], "{e:#?}");
    assert_eq!(counts(&e, Attribute::Wounded), vec![], "{e:#?}");
}

#[test]
fn a_predicate_whose_clause_names_the_harm_keeps_it() {
    let e = extract(
        "A bomb exploded at a cafe in Tarsa on Friday. Twelve people were treated for \
         injuries at the city hospital, doctors said.",
    );
    assert_eq!(
        counts(&e, Attribute::Wounded),
        vec![(12, Some(12))],
        "{e:#?}"
    );
}

#[test]
fn a_vague_figure_takes_only_a_cue_next_to_it() {
    let e = extract(
        "Hundreds of police were in the valley on Sunday after the ambush that killed two \
         rangers near Lodi.",
    );
    assert_eq!(counts(&e, Attribute::Killed), vec![(2, Some(2))], "{e:#?}");
    let e = extract("Gunmen attacked a bus near Lodi on Sunday, killing several people.");
    assert_eq!(counts(&e, Attribute::Killed), vec![(3, Some(9))], "{e:#?}");
    let e = extract("Gunmen attacked a bus near Lodi on Sunday. A few passengers were hurt.");
    assert_eq!(counts(&e, Attribute::Wounded), vec![(2, Some(5))], "{e:#?}");
}

#[test]
fn a_figure_after_a_weekday_and_and_is_a_count_not_a_day() {
    let e = extract(
        "Gunmen attacked the market in Lodi on Monday and 10 to 15 people were killed, police \
         said.",
    );
    assert_eq!(
        counts(&e, Attribute::Killed),
        vec![(10, Some(15))],
        "{e:#?}"
    );
}

#[test]
fn figures_joined_by_and_are_one_sum() {
    let e = extract(
        "Rebels attacked a convoy near Lodi on Monday, killing three soldiers and two civilians.",
    );
    assert_eq!(counts(&e, Attribute::Killed), vec![(5, Some(5))], "{e:#?}");
    // A part named with "including" is no further figure.
    let e = extract(
        "A bomb exploded in a market in Lodi on Monday. Twelve people were wounded, \
         including three children.",
    );
    assert_eq!(counts(&e, Attribute::Wounded)[0], (12, Some(12)), "{e:#?}");
}

#[test]
fn the_killing_of_a_figure_is_that_many_killed() {
    let e = extract(
        "Gunmen attacked the courthouse in Lodi on Monday. The killing of 12 clerks shocked the \
         town.",
    );
    assert_eq!(
        counts(&e, Attribute::Killed),
        vec![(12, Some(12))],
        "{e:#?}"
    );
    let e = extract(
        "Soldiers raided the parish house in Lodi on Monday in the murder of six priests and \
         two cooks.",
    );
    assert_eq!(counts(&e, Attribute::Killed), vec![(8, Some(8))], "{e:#?}");
}

#[test]
fn a_killing_by_an_armed_group_is_an_attack() {
    // No "attack", "shooting" or "bomb": the killers name the deed.
    let e = extract(
        "Troops are pursuing the armed group that killed four farmers near Lodi on Monday. \
         Relatives said the farmers were killed by suspected rebels.",
    );
    assert!(!e.events.is_empty(), "{e:#?}");
    assert_eq!(counts(&e, Attribute::Killed), vec![(4, Some(4))], "{e:#?}");
    // A death with no killer named stays no attack.
    let e = extract("Four farmers were killed when their truck overturned near Lodi on Monday.");
    assert!(e.events.is_empty(), "{e:#?}");
}

#[test]
fn one_person_named_beside_a_figure_is_one_more() {
    let killed = |text: &str| counts(&extract(text), Attribute::Killed);
    assert_eq!(
        killed(
            "Gunmen attacked a bus near Lodi on Monday. The driver and two passengers were killed."
        ),
        vec![(3, Some(3))]
    );
    assert_eq!(
        killed("Gunmen attacked a bus near Lodi on Monday. Three passengers and the driver were killed."),
        vec![(4, Some(4))]
    );
    assert_eq!(
        killed("Gunmen attacked the mayor's convoy near Lodi on Monday, killing the mayor and three others."),
        vec![(4, Some(4))]
    );
    assert_eq!(
        killed("The minister was killed in an attack near Lodi on Monday along with two of his bodyguards."),
        vec![(3, Some(3))]
    );
    // A possessive between "and" and the figure: still one more.
    assert_eq!(
        killed("Gunmen killed the mayor and his two bodyguards in an ambush near Lodi on Monday."),
        vec![(3, Some(3))]
    );
    // A thing or a group beside the figure is no person.
    assert_eq!(
        killed(
            "Gunmen attacked a bus near Lodi on Monday. The police and two passengers were killed."
        ),
        vec![(2, Some(2))]
    );
}

#[test]
fn a_single_killing_is_sourced_by_its_whole_object() {
    let e = extract(
        "A bomb exploded near Lodi on Monday, killing a policeman and wounding four others.",
    );
    let span = e
        .facts
        .iter()
        .find(|f| f.attribute == Attribute::Killed)
        .map(|f| f.provenance.span);
    let text = "A bomb exploded near Lodi on Monday, killing a policeman and wounding four others.";
    assert_eq!(
        span.and_then(|s| s.slice(text)),
        Some("killing a policeman"),
        "{e:#?}"
    );
}

#[test]
fn headline_deaths_and_stray_bullets_are_one_killed() {
    let killed = |text: &str| counts(&extract(text), Attribute::Killed);
    assert_eq!(
        killed("Teen found shot on bike path in Lodi dies. The boy was found on Sunday morning."),
        vec![(1, Some(1))]
    );
    assert_eq!(
        killed("Man found shot to death in parked car in Lodi. Police are looking for witnesses."),
        vec![(1, Some(1))]
    );
    // No "shooting" or "shot": a stray bullet and shots fired are the attack.
    let e = extract(
        "Young woman killed by stray bullet in Lodi. Shots were fired after a fight on Elm \
         Street on Friday night.",
    );
    assert!(!e.events.is_empty(), "{e:#?}");
    assert_eq!(counts(&e, Attribute::Killed), vec![(1, Some(1))], "{e:#?}");
}

#[test]
fn a_figure_before_and_wounded_is_the_earlier_verbs() {
    let e = extract(
        "A bomb hit a market near Lodi on Monday. The blast killed a 12-year-old boy and two \
         women and wounded their driver.",
    );
    // "two women" is killed, not wounded: "and wounded" takes the object after it.
    assert_eq!(counts(&e, Attribute::Killed), vec![(3, Some(3))], "{e:#?}");
    // "their driver": one person.
    assert_eq!(counts(&e, Attribute::Wounded), vec![(1, Some(1))], "{e:#?}");
    // A plural after "wounded the" is no one person.
    let e =
        extract("A bomb hit a market near Lodi on Monday, killing a guard and wounding the crowd.");
    assert_eq!(counts(&e, Attribute::Wounded), vec![], "{e:#?}");
}

#[test]
fn one_after_a_verb_of_harm_is_a_person() {
    let e = extract("A grenade attack on a bar near Lodi on Monday killed one and injured seven.");
    assert_eq!(counts(&e, Attribute::Killed), vec![(1, Some(1))], "{e:#?}");
    assert_eq!(counts(&e, Attribute::Wounded), vec![(7, Some(7))], "{e:#?}");
    // Among the dead: a part of the killed, not wounded; ", and wounded" takes 40.
    let e = extract(
        "A bombing near Lodi on Monday killed 14 people, among them three children, and \
         wounded 40.",
    );
    assert_eq!(
        counts(&e, Attribute::Wounded),
        vec![(40, Some(40))],
        "{e:#?}"
    );
    assert_eq!(counts(&e, Attribute::Killed)[0], (14, Some(14)), "{e:#?}");
}
