//! A local shooting report's place and date: the dateline's town within the state it
//! names, a town rather than the state that qualifies it, the day of a sentence that
//! tells of the shooting when no attack word marks it, and never the report's own day
//! from the dateline or a clock time alone. The articles are written for these tests;
//! each is published on Monday 11 March 2024.

use newsfuse_core::{Attribute, Date, Document, Value};

struct Facts {
    place: Option<(String, f64, f64)>,
    date: Option<String>,
}

fn facts(text: &str) -> Facts {
    let mut doc = Document::bare("t", text);
    doc.published = Some(Date::new(2024, 3, 11).expect("valid date"));
    let x = newsfuse_extract::extract(&doc);
    let place = x.facts.iter().find_map(|f| match (&f.attribute, &f.value) {
        (Attribute::Place, Value::Place { place }) => {
            Some((place.name.clone(), place.lat, place.lon))
        }
        _ => None,
    });
    let date = x.facts.iter().find_map(|f| match (&f.attribute, &f.value) {
        (Attribute::Date, Value::Time { time }) => Some(time.iso()),
        _ => None,
    });
    Facts { place, date }
}

#[test]
fn the_datelines_town_in_its_state_and_the_shootings_day() {
    // Springfield, Missouri (about 37.2 N, 93.3 W), not the bigger Springfield of
    // Illinois or Massachusetts; "late Saturday" is 9 March, not the dateline's day.
    let f = facts(
        "SPRINGFIELD, Mo. (March 11, 2024) — A man was wounded in a shooting late Saturday \
         on Elm Street, police said. Officers found him near a gas station.",
    );
    let (name, lat, lon) = f.place.expect("a place");
    assert_eq!(name, "Springfield");
    assert!(
        (lat - 37.2).abs() < 0.2 && (lon + 93.3).abs() < 0.2,
        "{lat} {lon}"
    );
    assert_eq!(f.date.as_deref(), Some("2024-03-09"));
}

#[test]
fn the_dateline_names_the_city_of_a_neighbourhood() {
    // "Rogers Park" is a place of its own in GeoNames; the report is about Chicago.
    let f = facts(
        "CHICAGO (AP) — A teenager was killed in a shooting in Rogers Park on Sunday night, \
         police said.",
    );
    assert_eq!(f.place.map(|p| p.0).as_deref(), Some("Chicago"));
    assert_eq!(f.date.as_deref(), Some("2024-03-10"));
}

#[test]
fn a_town_before_the_state_that_qualifies_it() {
    let f = facts(
        "A shooting in Ohio left one man dead. The gunman opened fire in Dayton, Ohio, on \
         Friday.",
    );
    assert_eq!(f.place.map(|p| p.0).as_deref(), Some("Dayton"));
}

#[test]
fn a_sentence_without_an_attack_word_still_dates_and_places() {
    // The attack word ("shooting") comes in a sentence with no day or town; the day and
    // the town are in the sentence that says the man was shot.
    let f = facts(
        "Police are investigating a shooting. A man was shot Friday evening outside a bar \
         in Toledo and taken to a hospital.",
    );
    assert_eq!(f.place.map(|p| p.0).as_deref(), Some("Toledo"));
    assert_eq!(f.date.as_deref(), Some("2024-03-08"));
}

#[test]
fn the_police_force_names_the_town() {
    let f =
        facts("Akron police are investigating a shooting that left a woman injured on Saturday.");
    assert_eq!(f.place.map(|p| p.0).as_deref(), Some("Akron"));
    assert_eq!(f.date.as_deref(), Some("2024-03-09"));
}

#[test]
fn a_clock_time_alone_is_not_the_incidents_day() {
    // "3:50 a.m." would default to the publication day; nothing else dates it.
    let f = facts("A man was hurt in a shooting at 3:50 a.m. in Toledo, police said.");
    assert_eq!(f.place.map(|p| p.0).as_deref(), Some("Toledo"));
    assert_eq!(f.date, None);
}

#[test]
fn the_sentence_that_says_when_it_happened_dates_it() {
    // The attack sentence has no day; the next one says when "it happened".
    let f = facts(
        "Police are looking for a gunman after a clerk was shot at a corner store in Toledo. \
         It happened on Thursday night, March 7th, around 9 p.m.",
    );
    assert_eq!(f.date.as_deref(), Some("2024-03-07"));
}

#[test]
fn the_sentence_before_the_attack_sentence_dates_it() {
    // The day is in the sentence right before the one with the attack word; a day two
    // sentences away dates nothing.
    let f = facts(
        "A driver stopped at a light on Maple Avenue early Sunday morning. \
         Another driver pulled up beside him and shot him in the arm.",
    );
    assert_eq!(f.date.as_deref(), Some("2024-03-10"));
    let f = facts(
        "A driver stopped at a light on Maple Avenue early Sunday morning. \
         He waited for the light to change. \
         Another driver pulled up beside him and shot him in the arm.",
    );
    assert_eq!(f.date, None);
}

#[test]
fn the_police_force_after_a_glued_heading_names_the_town() {
    // A crawled page: the outlet's name glued to the first words of the story.
    let f = facts(
        "Man hurt in shooting | 6abc.comPhiladelphia police are investigating a shooting \
         that left a man wounded on Saturday.",
    );
    assert_eq!(f.place.map(|p| p.0).as_deref(), Some("Philadelphia"));
    // A name's own inner capital is no glue: "McAllen" is not "Allen" (a Texas town).
    let f = facts("McAllen police are investigating a shooting that left a man wounded.");
    assert_ne!(f.place.map(|p| p.0).as_deref(), Some("Allen"));
}

#[test]
fn a_compass_quarter_of_a_city_places_the_city() {
    let f = facts("A man was shot and wounded in Southwest Philadelphia on Saturday.");
    assert_eq!(f.place.map(|p| p.0).as_deref(), Some("Philadelphia"));
}

#[test]
fn a_town_in_an_outlets_or_a_buildings_name_places_nothing() {
    // The outlet's name in the page title is no place of the incident.
    let f = facts(
        "Dana Ruiz, 24 - The Crime Desk - Los Angeles TimesDana Ruiz, a 24-year-old man, \
         was shot and killed Saturday in Westmont.",
    );
    assert_eq!(f.place.map(|p| p.0).as_deref(), Some("Westmont"));
    // "Independence High School" is a school in Glendale, not Independence, Missouri.
    let f = facts("Two students were shot and killed at Independence High School in Glendale.");
    assert_eq!(f.place.map(|p| p.0).as_deref(), Some("Glendale"));
}

#[test]
fn a_wire_datelines_town_in_the_country_it_names() {
    // "GUSAU, Nigeria —": a country after the comma, as wire reports write it; the
    // attack sentence names no town the gazetteer knows ("Maru district").
    let f = facts(
        "GUSAU, Nigeria — Armed bandits abducted 23 students from a boarding school in \
         the state's Maru district early on Monday, officials said.",
    );
    let (name, lat, lon) = f.place.expect("a place");
    assert_eq!(name, "Gusau");
    assert!(
        (lat - 12.2).abs() < 0.3 && (lon - 6.7).abs() < 0.3,
        "{lat} {lon}"
    );
    assert_eq!(f.date.as_deref(), Some("2024-03-11"));
    // A country that is no country leaves the town to the attack sentence.
    let f = facts(
        "GUSAU, Narnia — Armed bandits abducted 23 students from a school in Kano on \
         Monday, officials said.",
    );
    assert_eq!(f.place.map(|p| p.0).as_deref(), Some("Kano"));
}
