//! The entity stage places every place it finds: the built-in tables first, then the
//! GeoNames gazetteer for the towns they do not know, read together with the article's
//! other places.

use newsfuse_core::{EntityKind, PlaceRef};
use newsfuse_extract::entities::find;

/// (surface, place) of every place mention.
fn places(text: &str) -> Vec<(String, Option<PlaceRef>)> {
    find(text, false)
        .mentions
        .into_iter()
        .filter(|m| m.kind == EntityKind::Place)
        .map(|m| (m.span.slice(text).unwrap_or("").to_string(), m.place))
        .collect()
}

#[test]
fn towns_outside_the_tables_are_placed_by_the_gazetteer() {
    let text = "Storms tore roofs off homes in Gdansk on Saturday, officials in Bydgoszcz said.";
    let found = places(text);
    let names: Vec<&str> = found.iter().map(|(s, _)| s.as_str()).collect();
    assert_eq!(names, ["Gdansk", "Bydgoszcz"]);
    for (surface, place) in &found {
        let place = place
            .as_ref()
            .unwrap_or_else(|| panic!("{surface} not placed"));
        assert_eq!(place.country_code, "PL", "{surface}: {place:?}");
        assert_eq!(place.country, "Poland");
        assert_eq!(place.kind, "city");
    }
    let gdansk = found[0].1.as_ref().map(|p| (p.lat, p.lon));
    let (lat, lon) = gdansk.unwrap_or_default();
    assert!(
        (lat - 54.35).abs() < 0.2 && (lon - 18.65).abs() < 0.2,
        "{lat},{lon}"
    );
}

#[test]
fn the_tables_keep_their_reading_of_the_places_they_know() {
    let found = places("Gunmen opened fire in a concert hall near Moscow, Russia, on Friday.");
    let moscow = found
        .iter()
        .find(|(s, _)| s == "Moscow")
        .and_then(|(_, p)| p.clone())
        .expect("Moscow placed");
    assert_eq!(
        (moscow.name.as_str(), moscow.country_code.as_str()),
        ("Moscow", "RU")
    );
    assert!((moscow.lat - 55.75).abs() < 0.1 && (moscow.lon - 37.62).abs() < 0.1);
}

#[test]
fn regions_of_every_country_are_placed() {
    let text = "Gunmen killed 14 farmers in Borno state on Monday, while a roadside \
                bomb struck a convoy in Helmand, and troops were sent to Anbar.";
    let found = places(text);
    let got: Vec<(&str, &str, &str)> = found
        .iter()
        .map(|(s, p)| {
            let p = p
                .as_ref()
                .unwrap_or_else(|| panic!("{s} not placed: {found:?}"));
            (s.as_str(), p.country_code.as_str(), p.kind.as_str())
        })
        .collect();
    assert_eq!(
        got,
        [
            ("Borno", "NG", "region"),
            ("Helmand", "AF", "region"),
            ("Anbar", "IQ", "region"),
        ]
    );
    // Borno state lies around Maiduguri (11.8 N, 13.2 E), not at a German village.
    let (lat, lon) = found[0]
        .1
        .as_ref()
        .map(|p| (p.lat, p.lon))
        .unwrap_or_default();
    assert!(
        (lat - 11.8).abs() < 2.0 && (lon - 13.2).abs() < 2.0,
        "{lat},{lon}"
    );
    // A region named like a big town elsewhere leaves the town its name: Gaza is the
    // Palestinian city, not a province of Mozambique.
    let found = places("Israeli strikes hit Gaza on Monday.");
    assert_eq!(
        found[0].1.as_ref().map(|p| p.country_code.as_str()),
        Some("PS"),
        "{found:?}"
    );
}

#[test]
fn a_town_carries_its_first_level_region() {
    let found = places("Gunmen attacked a market in Maiduguri and a church in Akron, Ohio.");
    let regions: Vec<(&str, Option<&str>)> = found
        .iter()
        .map(|(s, p)| (s.as_str(), p.as_ref().and_then(|p| p.region.as_deref())))
        .collect();
    assert_eq!(
        regions,
        [
            ("Maiduguri", Some("Borno")),
            ("Akron", Some("Ohio")),
            ("Ohio", None)
        ]
    );
}
