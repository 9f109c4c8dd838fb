//! People's names as crime news gives them, mended after the tagger: a crawler's glued
//! heading cut off a name, a dateline glued to an outlet no person, a first name the
//! tagger left off a three-word name taken in (but no title or role word), a shorter
//! form of a name keyed by the full one. The texts are written for these tests.

mod common;

use newsfuse_core::{Attribute, Date, Document, EntityKind, Extraction, Value};
use newsfuse_extract::entities;

/// The keys of the person mentions of `text`, in order.
fn people(text: &str) -> Vec<String> {
    entities::find(text, false)
        .mentions
        .into_iter()
        .filter(|m| m.kind == EntityKind::Person)
        .map(|m| m.key)
        .collect()
}

fn extract(text: &str) -> Extraction {
    let mut doc = Document::bare("t", text);
    doc.published = Some(Date::new(2025, 6, 11).expect("valid date"));
    newsfuse_extract::extract(&doc)
}

/// The names the extraction's victim facts give (their values), sorted.
fn victims(e: &Extraction) -> Vec<String> {
    named(e, Attribute::Victims)
}

/// The names the extraction's perpetrator facts give (their values), sorted.
fn shooters(e: &Extraction) -> Vec<String> {
    named(e, Attribute::PerpetratorInd)
}

fn named(e: &Extraction, attribute: Attribute) -> Vec<String> {
    let mut out: Vec<String> = e
        .facts
        .iter()
        .filter(|f| f.attribute == attribute)
        .filter_map(|f| match &f.value {
            Value::Text { text } => Some(text.clone()),
            _ => None,
        })
        .collect();
    out.sort();
    out
}

#[test]
fn a_glued_heading_is_cut_off_the_name() {
    let text = "Dana Reyes, 31 - The Murder Log - Fresno TimesDana Reyes, a 31-year-old man, \
                died Saturday after being shot near a park in Fresno.";
    assert_eq!(people(text), vec!["Dana Reyes", "Dana Reyes"]);
    assert_eq!(victims(&extract(text)), vec!["Dana Reyes"]);
}

#[test]
fn a_dateline_glued_to_the_outlet_is_no_person() {
    for text in [
        "Man shot on the West Side « CBS ChicagoCHICAGO (CBS) -- A man was shot and killed \
         Monday night on the West Side, police said.",
        "Teen shot near school « CBS DetroitDETROIT (CBS) -- A teenager was shot Tuesday \
         afternoon near a school, police said.",
        "Man hurt in shooting | WKRT FOX52UPPER MILTON, Pa. -- A man was shot in the leg \
         on Main Street on Friday.",
    ] {
        assert_eq!(people(text), Vec::<String>::new(), "{text}");
    }
}

#[test]
fn a_first_name_the_tagger_left_off_is_taken_in() {
    for (text, want) in [
        (
            "Deputies found Marco Ruiz Ochoa near a barn. He was shot.",
            "Marco Ruiz Ochoa",
        ),
        (
            "Wesley Alan Dobbs, a 41-year-old welder, died Sunday after a shooting.",
            "Wesley Alan Dobbs",
        ),
        (
            "Officers found Aurelio Tomas Ibarra with a gunshot wound.",
            "Aurelio Tomas Ibarra",
        ),
        (
            "Police found Irving Mateo Salas lying in the street. He was shot.",
            "Irving Mateo Salas",
        ),
    ] {
        assert_eq!(people(text), vec![want], "{text}");
    }
}

#[test]
fn a_title_or_role_before_a_name_is_not_a_first_name() {
    let text = "Economist Lee Park said prices rose. The talks were led by Agriculture \
                Secretary Dana Glick and Bartender Mike Dorsey.";
    assert_eq!(people(text), vec!["Lee Park", "Dana Glick", "Mike Dorsey"]);
}

#[test]
fn a_shorter_form_of_a_name_is_keyed_by_the_full_name() {
    let text = "Francisco Quintero Vega, 24, was shot Sunday. Police found Quintero Vega \
                in a driveway, officers said.";
    let keys = people(text);
    assert!(!keys.is_empty(), "{keys:?}");
    assert!(
        keys.iter().all(|k| k == "Francisco Quintero Vega"),
        "{keys:?}"
    );
}

#[test]
fn a_quoted_nickname_leaves_no_quote_mark_in_a_name() {
    for text in [
        "Lena “Birdie” Cole, 34, was found dead in a home on East Street on Friday.",
        "A neighbour said Keisha “Sugar” Dobbs had moved there in May before she was shot.",
        "Dana Lee, 30, and Keisha “Bird” Hollins, 31, were found shot in a car.",
    ] {
        let keys = people(text);
        assert!(
            keys.iter()
                .all(|k| k.chars().next().is_some_and(char::is_alphanumeric)),
            "{text}: {keys:?}"
        );
    }
}

#[test]
fn an_age_before_a_name_leaves_its_role_readable() {
    let e = extract(
        "A man was shot outside a bar in Dayton on Friday night. The shooting killed \
         19-year-old Dana Cole, police said. Officers arrested 22-year-old Marcus Webb on \
         Saturday.",
    );
    assert_eq!(victims(&e), vec!["Dana Cole"], "{e:#?}");
    assert_eq!(shooters(&e), vec!["Marcus Webb"], "{e:#?}");
}

#[test]
fn a_long_apposition_before_the_verb() {
    let e = extract(
        "A woman was shot and killed at a gas station in Toledo on Sunday. Lee Park, 22, of \
         Maple Grove, Ohio, was arrested Monday, police said.",
    );
    assert_eq!(shooters(&e), vec!["Lee Park"], "{e:#?}");
}

#[test]
fn shot_by_and_apprehended_name_the_shooter() {
    let e = extract(
        "Dana Cole was shot late Tuesday by Marcus Webb, who fired from a porch in \
         Boise. Deputies later apprehended Ray Dobbs at a motel.",
    );
    assert_eq!(victims(&e), vec!["Dana Cole"], "{e:#?}");
    assert_eq!(shooters(&e), vec!["Marcus Webb", "Ray Dobbs"], "{e:#?}");
}

#[test]
fn the_suspect_in_the_shooting_is_the_shooter() {
    let e = extract(
        "A man was shot in the leg on Main Street in Tulsa on Monday. The suspect in the \
         shooting, Lee Park, remains at large.",
    );
    assert_eq!(shooters(&e), vec!["Lee Park"], "{e:#?}");
}

#[test]
fn victims_named_by_their_wounds_by_whom_they_were_identified_and_by_the_bullet() {
    let e = extract(
        "A store owner was fatally shot during a robbery in Jersey City on Monday. \
         64-year-old Daniel Kwon, owner of the corner market, had gunshot wounds to his upper \
         body.",
    );
    assert_eq!(victims(&e), ["Daniel Kwon"], "{:#?}", e.facts);
    let e = extract(
        "A boy accidentally shot and killed his sister on Saturday afternoon. Family members \
         identified the girl as Lena Ortiz.",
    );
    assert_eq!(victims(&e), ["Lena Ortiz"], "{:#?}", e.facts);
    let e = extract(
        "A girl was shot during a drive-by shooting in Raleigh on Sunday. Neighbours said a \
         bullet hit Mia Carter in the head.",
    );
    assert_eq!(victims(&e), ["Mia Carter"], "{:#?}", e.facts);
    // The suspect identified by the police is no victim.
    let e = extract(
        "A man was shot and wounded in Dayton on Friday. Police identified the suspect as \
         Rob Hale.",
    );
    assert!(
        !victims(&e).contains(&"Rob Hale".to_string()),
        "{:#?}",
        e.facts
    );
}

#[test]
fn shooters_sought_charged_or_convicted() {
    let e = extract(
        "A woman was shot and killed in her driveway in Stockton on Friday afternoon. Police \
         are searching for 40-year-old Ruben Salas in connection with the death.",
    );
    assert_eq!(shooters(&e), ["Ruben Salas"], "{:#?}", e.facts);
    let e = extract(
        "A man was shot and killed in South Dallas on Sunday. Marvin Lee Tate, 61, faces a \
         murder charge in the death, police said.",
    );
    assert_eq!(shooters(&e), ["Marvin Lee Tate"], "{:#?}", e.facts);
    let e = extract(
        "Two men tried to break into a home in Tulsa early Thursday and were shot at. One \
         suspect, identified as Colin Hart, 20, was shot by the homeowner.",
    );
    assert!(
        shooters(&e).contains(&"Colin Hart".to_string()),
        "{:#?}",
        e.facts
    );
}

#[test]
fn found_with_gunshot_wounds_names_a_victim() {
    for text in [
        "A man was shot and killed early Sunday in Akron, police said. Officers found \
         Darnell Hughes with several gunshot wounds.",
        "A man was shot and killed early Sunday in Akron, police said. Officers found \
         Darnell Hughes, 24, suffering from gunshot wounds.",
    ] {
        let e = extract(text);
        assert_eq!(victims(&e), vec!["Darnell Hughes"], "{e:#?}");
    }
    // With a tool, not a wound: no victim.
    let e = extract(
        "A man was shot and killed early Sunday in Akron, police said. Officers found \
         Darnell Hughes with a handgun in his car.",
    );
    assert!(victims(&e).is_empty(), "{e:#?}");
}

#[test]
fn a_suspect_identified_by_name_is_no_victim() {
    let e = extract(
        "CEDAR FALLS, Iowa — Two people were shot dead at a diner on Elm Street on Tuesday \
         night, police said. The suspect, identified as Ray Holloway, 41, of nearby Dunkerton, \
         was arrested at his home an hour later.",
    );
    assert_eq!(shooters(&e), ["Ray Holloway"]);
    assert!(victims(&e).is_empty(), "{:?}", victims(&e));
    // The one arrested is the named suspect, not a figure read off his age.
    assert_eq!(common::texts(&e, Attribute::Arrest), ["suspects"]);
}

#[test]
fn the_victims_listed_after_were_are_each_a_victim() {
    let e = extract(
        "Three people were killed when a gunman opened fire at a bowling alley in Harlan on \
         Friday, police said. Police said the victims were Lena Ortiz, 33, Paul Dwyer, 58, and \
         Kofi Mensah, 24.",
    );
    assert_eq!(victims(&e), ["Kofi Mensah", "Lena Ortiz", "Paul Dwyer"]);
    // A name read as a word of the phrase after "the victims are" is none of them.
    let e = extract(
        "Two teenagers were wounded in a shooting in Harlan on Friday, police said. Both \
         victims are Harlan Academy students.",
    );
    assert!(victims(&e).is_empty(), "{:?}", victims(&e));
}

#[test]
fn a_name_whose_apposition_closes_before_died_is_a_victim() {
    let e = extract(
        "Two deputies were wounded in a shootout in Harlan on Saturday, police said. The \
         suspect in the shooting, 30-year-old Dean Whitaker, died at a hospital later that \
         night.",
    );
    assert!(
        victims(&e).contains(&"Dean Whitaker".to_string()),
        "{:?}",
        victims(&e)
    );
}
