//! People kidnapped or taken hostage (`Attribute::Hostages`, GTD's `nhostkid`): a
//! figure after a kidnapping verb, "took … hostage", a passive ("were kidnapped",
//! "remain in captivity"), or "hostages" itself. The articles are written for these
//! tests.

mod common;

use common::counts;
use newsfuse_core::{Attribute, Extraction};

fn extract(text: &str) -> Extraction {
    common::extract_on(text, (2026, 5, 6))
}

#[test]
fn a_figure_after_a_kidnapping_verb() {
    let e = extract(
        "Armed bandits abducted 23 students and two teachers from a boarding school in Maru \
         early on Monday, officials said.",
    );
    assert_eq!(
        counts(&e, Attribute::Hostages),
        vec![(25, Some(25))],
        "{e:#?}"
    );
    assert_eq!(counts(&e, Attribute::Killed), vec![], "{e:#?}");
    let e = extract("Rebels kidnapping at least four engineers stormed the camp on Sunday.");
    assert_eq!(counts(&e, Attribute::Hostages), vec![(4, None)], "{e:#?}");
}

#[test]
fn took_them_hostage_and_held_captive() {
    let e = extract("Gunmen stormed a bank in Lyon on Tuesday and took 12 people hostage.");
    assert_eq!(
        counts(&e, Attribute::Hostages),
        vec![(12, Some(12))],
        "{e:#?}"
    );
    let e = extract(
        "Three aid workers were kidnapped at a checkpoint near Gao on Monday, the agency said.",
    );
    assert_eq!(
        counts(&e, Attribute::Hostages),
        vec![(3, Some(3))],
        "{e:#?}"
    );
    let e = extract(
        "Twenty students remained in captivity on Tuesday, a day after gunmen stormed their \
         school, police said.",
    );
    assert_eq!(
        counts(&e, Attribute::Hostages),
        vec![(20, Some(20))],
        "{e:#?}"
    );
    let e = extract("Troops stormed the farm where militants held 9 hostages on Sunday.");
    assert_eq!(
        counts(&e, Attribute::Hostages),
        vec![(9, Some(9))],
        "{e:#?}"
    );
}

#[test]
fn the_kidnapped_who_were_killed_are_killed() {
    let e = extract(
        "Five peasants were kidnapped and later killed by guerrillas in Ayacucho on Friday.",
    );
    assert_eq!(counts(&e, Attribute::Hostages), vec![], "{e:#?}");
    assert_eq!(counts(&e, Attribute::Killed), vec![(5, Some(5))], "{e:#?}");
}

#[test]
fn took_without_hostage_is_no_hostage_count() {
    let e = extract(
        "Gunmen stormed a bank in Lyon on Tuesday and took 12 bags of cash, killing a guard.",
    );
    assert_eq!(counts(&e, Attribute::Hostages), vec![], "{e:#?}");
}
