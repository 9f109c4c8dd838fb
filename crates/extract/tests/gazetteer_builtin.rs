//! The built-in gazetteer tables and the name matcher, on sentences written for these
//! tests.

use newsfuse_extract::gazetteer::{GazKind, GazMatch, Gazetteer, Tables};

fn gaz() -> &'static Gazetteer {
    Gazetteer::builtin()
}

/// (surface, kind, key) of every match.
fn found(text: &str, case_insensitive: bool) -> Vec<(String, GazKind, String)> {
    gaz()
        .find(text, case_insensitive)
        .into_iter()
        .map(|m| (m.span.slice(text).unwrap().to_string(), m.kind, m.key))
        .collect()
}

fn one(text: &str, case_insensitive: bool) -> GazMatch {
    let mut m = gaz().find(text, case_insensitive);
    assert_eq!(m.len(), 1, "{text:?}: {m:?}");
    m.remove(0)
}

#[test]
fn tables_are_well_formed() {
    // Every row of every table parses and passes the checks (column count, country
    // codes, coordinates, targets of aliases, duplicate keys, stop-list names).
    if let Err(e) = Gazetteer::from_tables(&Tables::builtin()) {
        panic!("malformed table row: {e}");
    }
}

#[test]
fn malformed_rows_are_reported_with_their_line() {
    let good = Tables::builtin();
    let places = format!("{}city\tNowhere\tXX\t1.0\t2.0\t5\t\n", good.places);
    let bad = Tables {
        places: &places,
        ..good
    };
    let e = Gazetteer::from_tables(&bad).unwrap_err();
    assert_eq!(e.table, "places.tsv");
    assert_eq!(e.line, places.lines().count());
    assert!(e.message.contains("no country row for XX"), "{e}");

    let demonyms = format!("{}Atlantean\tRU\n", good.demonyms);
    let e = Gazetteer::from_tables(&Tables {
        demonyms: &demonyms,
        ..good
    })
    .unwrap_err();
    assert_eq!(e.table, "demonyms.tsv");
    assert!(
        e.message
            .contains("expected 4 tab-separated columns, found 2"),
        "{e}"
    );

    let demonyms = format!("{}Muscovite\tRU\tRussians\t\n", good.demonyms);
    let e = Gazetteer::from_tables(&Tables {
        demonyms: &demonyms,
        ..good
    })
    .unwrap_err();
    assert!(e.message.contains("also a form of \"Russian\""), "{e}");

    let armed = format!("{}Some Front\tiskp\t\n", good.armed_groups);
    let e = Gazetteer::from_tables(&Tables {
        armed_groups: &armed,
        ..good
    })
    .unwrap_err();
    assert!(
        e.message
            .contains("also names \"Islamic State Khorasan Province\""),
        "{e}"
    );

    let armed = format!("{}Some Front\tSF\tloud\n", good.armed_groups);
    let e = Gazetteer::from_tables(&Tables {
        armed_groups: &armed,
        ..good
    })
    .unwrap_err();
    assert!(e.message.contains("unknown flag"), "{e}");

    let aliases = format!("{}Gotham\tUS\tcity:Gotham City\t\n", good.place_aliases);
    let e = Gazetteer::from_tables(&Tables {
        place_aliases: &aliases,
        ..good
    })
    .unwrap_err();
    assert!(e.message.contains("no place"), "{e}");
}

#[test]
fn table_sizes() {
    let g = gaz();
    assert!(g.armed_groups().len() >= 60, "{}", g.armed_groups().len());
    for iso in [
        "US", "GB", "RU", "UA", "AF", "TJ", "PK", "IN", "NG", "SO", "ML", "SY", "IQ", "XK",
    ] {
        assert!(g.country(iso).is_some(), "{iso}");
    }
}

#[test]
fn moscow_is_the_russian_capital() {
    let m = one(
        "Officials in Moscow said on Friday that the hall had been evacuated.",
        false,
    );
    assert_eq!(m.kind, GazKind::City);
    assert_eq!(m.key, "Moscow");
    let p = m.place.unwrap();
    assert_eq!(p.name, "Moscow");
    assert_eq!(p.country, "Russia");
    assert_eq!(p.country_code, "RU");
    assert_eq!(p.kind, "city");
    assert!(
        (p.lat - 55.75).abs() < 0.5 && (p.lon - 37.62).abs() < 0.5,
        "{p:?}"
    );
    // Idaho has a smaller Moscow; with the US in context it is still below the cut, so
    // the capital stays.
    assert_eq!(gaz().place("Moscow", &["US"]).unwrap().country_code, "RU");
}

#[test]
fn kyiv_and_kiev_are_one_place() {
    let a = gaz().place("Kyiv", &[]).unwrap();
    let b = gaz().place("Kiev", &[]).unwrap();
    assert_eq!(a, b);
    assert_eq!(a.country_code, "UA");
    let m = found("Drones flew over Kiev and then over Kyiv's suburbs.", false);
    assert_eq!(m.len(), 2);
    assert_eq!(m[0].2, "Kyiv");
    assert_eq!(m[1], ("Kyiv".into(), GazKind::City, "Kyiv".into()));
}

#[test]
fn iskp_long_form_and_acronym_share_a_key() {
    let text = "A branch calling itself Islamic State Khorasan Province (ISKP) claimed the raid.";
    let m = found(text, false);
    assert_eq!(m.len(), 2, "{m:?}");
    for (_, kind, key) in &m {
        assert_eq!(*kind, GazKind::ArmedGroup);
        assert_eq!(key, "Islamic State Khorasan Province");
    }
    assert_eq!(m[0].0, "Islamic State Khorasan Province");
    assert_eq!(m[1].0, "ISKP");
}

#[test]
fn iskp_variants() {
    for text in [
        "Analysts blamed IS-K for the blast.",
        "Analysts blamed ISIS-K for the blast.",
        "Analysts blamed ISIL-K for the blast.",
        "Analysts blamed Islamic State-Khorasan for the blast.",
        "Analysts blamed the Daesh Khorasan cell for the blast.",
    ] {
        let m = one(text, false);
        assert_eq!(m.kind, GazKind::ArmedGroup, "{text}");
        assert_eq!(m.key, "Islamic State Khorasan Province", "{text}");
    }
    for alias in [
        "ISKP",
        "iskp",
        "IS-K",
        "ISIS-K",
        "Islamic State Khorasan",
        "ISIS Khorasan",
    ] {
        assert_eq!(
            gaz().armed_group(alias).map(|g| g.name.as_str()),
            Some("Islamic State Khorasan Province"),
            "{alias}"
        );
    }
    let g = gaz().armed_group("ISKP").unwrap();
    assert!(g.aliases.iter().any(|a| a == "ISIS-K"));
}

#[test]
fn islamic_state_group_is_not_iskp() {
    let m = one(
        "Later the Islamic State group said its fighters had done it.",
        false,
    );
    assert_eq!(m.key, "Islamic State");
    assert_eq!(
        m.span
            .slice("Later the Islamic State group said its fighters had done it."),
        Some("Islamic State group")
    );
    let m = one("Supporters of Islamic State posted the video.", false);
    assert_eq!(m.key, "Islamic State");
}

#[test]
fn the_two_letter_is_is_case_sensitive() {
    let m = found("Officials said IS had claimed it, which is unusual.", false);
    assert_eq!(
        m,
        vec![("IS".into(), GazKind::ArmedGroup, "Islamic State".into())]
    );
    assert!(found("it is what it is", true).is_empty());
    assert!(found("IT IS WHAT IT IS", true).is_empty());
    assert_eq!(gaz().armed_group("IS").unwrap().name, "Islamic State");
    assert!(gaz().armed_group("is").is_none());
    assert!(gaz().armed_group("Is").is_none());
    // Other flagged acronyms.
    assert_eq!(gaz().armed_group("ETA").unwrap().name, "ETA");
    assert!(gaz().armed_group("eta").is_none());
    assert!(found("Our eta is noon and Ira is driving.", false).is_empty());
}

#[test]
fn possessive_is_left_out_of_the_span() {
    let text = "ISKP's statement appeared hours later, and Hezbollah’s too.";
    let m = gaz().find(text, false);
    assert_eq!(m.len(), 2);
    assert_eq!(m[0].span.slice(text), Some("ISKP"));
    assert_eq!(m[1].span.slice(text), Some("Hezbollah"));
    assert_eq!(m[1].key, "Hezbollah");
}

#[test]
fn no_match_inside_longer_words() {
    assert!(found("Mr Moscowitz and the Kabulis met the Parisians.", false).is_empty());
    assert!(found("The ISKPX file", false).is_empty());
    // A hyphen is a word boundary.
    let m = found("a Moscow-based analyst", false);
    assert_eq!(m, vec![("Moscow".into(), GazKind::City, "Moscow".into())]);
}

#[test]
fn nationality_words() {
    let m = one("Four Tajik nationals were detained.", false);
    assert_eq!(m.kind, GazKind::Demonym);
    assert_eq!(m.key, "Tajik");
    let p = m.place.unwrap();
    assert_eq!(
        (p.name.as_str(), p.country_code.as_str(), p.kind.as_str()),
        ("Tajikistan", "TJ", "country")
    );

    for (word, key, iso) in [
        ("Tajiks", "Tajik", "TJ"),
        ("Tajikistani", "Tajik", "TJ"),
        ("Russians", "Russian", "RU"),
        ("Ukrainian", "Ukrainian", "UA"),
        ("Afghans", "Afghan", "AF"),
        ("Americans", "American", "US"),
        ("Britons", "British", "GB"),
        ("British", "British", "GB"),
        ("nigerien", "Nigerien", "NE"),
        ("Nigerians", "Nigerian", "NG"),
    ] {
        let (k, p) = gaz()
            .country_of_demonym(word)
            .unwrap_or_else(|| panic!("{word}"));
        assert_eq!((k.as_str(), p.country_code.as_str()), (key, iso), "{word}");
    }
    assert!(gaz().country_of_demonym("Martian").is_none());
    // "Polish" is case-sensitive: not the verb.
    assert!(found("polish the floor", true).is_empty());
    assert_eq!(found("two Polish citizens", false)[0].2, "Polish");
}

#[test]
fn religious_and_ethnic_groups() {
    let m = one("Christians gathered outside the church.", false);
    assert_eq!(
        (m.kind, m.key.as_str()),
        (GazKind::ReligiousGroup, "Christians")
    );
    let m = found(
        "a Christian village where Shiite and Sunni Muslims live",
        false,
    );
    let keys: Vec<&str> = m.iter().map(|x| x.2.as_str()).collect();
    assert_eq!(keys, ["Christians", "Shias", "Sunnis"]);
    assert_eq!(found("Coptic Christians", false)[0].2, "Copts");
    assert_eq!(gaz().religious_group("Hazara"), Some("Hazaras"));
    assert_eq!(gaz().religious_group("Yezidis"), Some("Yazidis"));
    assert_eq!(gaz().religious_group("Baha’is"), Some("Baha'is"));
}

#[test]
fn single_case_text() {
    let m = found("gunmen attacked a bus in kabul on tuesday", true);
    assert_eq!(m.len(), 1);
    assert_eq!(m[0].0, "kabul");
    assert_eq!(m[0].2, "Kabul");
    assert!(found("nice weather in reading", true).is_empty());
    let m = found("GUNMEN ATTACKED A BUS IN KABUL", true);
    assert_eq!(m[0].2, "Kabul");
    // In mixed-case text a lower-case word is not a name.
    assert!(found("they had nice weather in reading", false).is_empty());
    assert!(found("gunmen attacked a bus in kabul", false).is_empty());
}

#[test]
fn word_like_place_names() {
    // Sentence-initial and after a capitalised word: not places.
    assert!(found("Nice weather, they said.", false).is_empty());
    assert!(found("Reading the statement aloud, he paused.", false).is_empty());
    assert!(found("The State Duma voted.", false).is_empty());
    // After a lower-case word: places.
    let m = found("The truck attack in Nice killed dozens.", false);
    assert_eq!(m.len(), 1);
    assert_eq!(m[0].1, GazKind::City);
    assert_eq!(
        gaz().find("The truck attack in Nice killed dozens.", false)[0]
            .place
            .as_ref()
            .unwrap()
            .country_code,
        "FR"
    );
    // Person-like names followed by a capitalised word are skipped.
    assert!(found("Charlotte Smith said", false).is_empty());
    assert_eq!(
        found("a rally in Charlotte, police said", false)[0].2,
        "Charlotte"
    );
    assert!(found("The Geneva Conventions apply.", false).is_empty());
}

#[test]
fn longest_match_wins() {
    let m = found("Police in New York City said", false);
    assert_eq!(
        m,
        vec![(
            "New York City".into(),
            GazKind::City,
            "New York City".into()
        )]
    );
    let m = found("He lives in York.", false);
    assert_eq!(m[0].2, "York");
    assert_eq!(found("in New York", false)[0].2, "New York City");
    assert_eq!(found("in New Mexico", false)[0].2, "New Mexico");
    assert!(found("across South America", false).is_empty());
    assert!(found("the Washington Post reported", false).is_empty());
    assert_eq!(
        found("officials in Washington said", false)[0].2,
        "Washington"
    );
}

#[test]
fn country_aliases() {
    for (alias, iso) in [
        ("US", "US"),
        ("U.S.", "US"),
        ("USA", "US"),
        ("United States", "US"),
        ("America", "US"),
        ("UK", "GB"),
        ("U.K.", "GB"),
        ("Britain", "GB"),
        ("Great Britain", "GB"),
        ("Russia", "RU"),
        ("Syria", "SY"),
        ("Iran", "IR"),
        ("South Korea", "KR"),
        ("North Korea", "KP"),
        ("Ivory Coast", "CI"),
        ("Côte d’Ivoire", "CI"),
        ("Congo", "CD"),
        ("DRC", "CD"),
        ("Czechia", "CZ"),
        ("Burma", "MM"),
        ("Türkiye", "TR"),
    ] {
        let p = gaz().place(alias, &[]).unwrap_or_else(|| panic!("{alias}"));
        assert_eq!(p.country_code, iso, "{alias}");
        assert_eq!(p.kind, "country", "{alias}");
    }
    assert!(gaz().place("us", &[]).is_none());
    let text = "U.S. and UK officials met in the United States.";
    let m = found(text, false);
    assert_eq!(
        m.iter().map(|x| x.2.as_str()).collect::<Vec<_>>(),
        ["United States", "United Kingdom", "United States"]
    );
    assert!(m.iter().all(|x| x.1 == GazKind::Country));
    // "us" as a pronoun is never the country.
    assert!(found("They told us to leave.", false).is_empty());
    assert!(found("they told us to leave", true).is_empty());
}

#[test]
fn country_points() {
    let ru = gaz().country("ru").unwrap();
    assert_eq!(
        (ru.name.as_str(), ru.country.as_str(), ru.kind.as_str()),
        ("Russia", "Russia", "country")
    );
    assert!((ru.lat - 55.75).abs() < 0.5, "{ru:?}");
    assert!(gaz().country("ZZ").is_none());
}

#[test]
fn context_disambiguates() {
    let india = gaz().place("Hyderabad", &[]).unwrap();
    assert_eq!(india.country_code, "IN");
    let pk = gaz().place("Hyderabad", &["PK"]).unwrap();
    assert_eq!(pk.country_code, "PK");
    assert!((pk.lat - 25.4).abs() < 0.5, "{pk:?}");
    // A country beats a region of the same name, unless the region's country is in
    // context.
    assert_eq!(gaz().place("Georgia", &[]).unwrap().country_code, "GE");
    let ga = gaz().place("Georgia", &["US"]).unwrap();
    assert_eq!(
        (ga.country_code.as_str(), ga.kind.as_str()),
        ("US", "region")
    );
    // Case and possessives do not matter to place().
    assert_eq!(gaz().place("KABUL's", &[]).unwrap().name, "Kabul");
    assert!(gaz().place("Atlantis", &[]).is_none());
}

#[test]
fn armed_group_table_covers_the_usual_names() {
    for (alias, name) in [
        ("ISIS", "Islamic State"),
        ("ISIL", "Islamic State"),
        ("Daesh", "Islamic State"),
        ("Islamic State of Iraq and the Levant", "Islamic State"),
        ("ISWAP", "Islamic State West Africa Province"),
        ("JAS", "Boko Haram"),
        ("al-Shabab", "al-Shabaab"),
        ("Harakat al-Shabaab al-Mujahideen", "al-Shabaab"),
        ("Al Qaeda", "al-Qaeda"),
        ("al-Qaida", "al-Qaeda"),
        ("al Qaeda", "al-Qaeda"),
        ("AQAP", "al-Qaeda in the Arabian Peninsula"),
        ("AQIM", "al-Qaeda in the Islamic Maghreb"),
        ("JNIM", "Jama'at Nusrat al-Islam wal-Muslimin"),
        ("HTS", "Hayat Tahrir al-Sham"),
        ("Afghan Taliban", "Taliban"),
        ("Pakistani Taliban", "Tehrik-i-Taliban Pakistan"),
        ("TTP", "Tehrik-i-Taliban Pakistan"),
        ("Lashkar-e-Taiba", "Lashkar-e-Taiba"),
        ("JeM", "Jaish-e-Mohammed"),
        ("Ansar Allah", "Houthis"),
        ("PKK", "Kurdistan Workers' Party"),
        ("ELN", "National Liberation Army"),
        ("FARC dissidents", "FARC dissidents"),
        ("Sendero Luminoso", "Shining Path"),
        ("ADF", "Allied Democratic Forces"),
        ("M23", "M23"),
        ("Wagner", "Wagner Group"),
        ("BLA", "Baloch Liberation Army"),
        ("Jamaat-ul-Ahrar", "Jamaat-ul-Ahrar"),
        ("ETIM", "Turkistan Islamic Party"),
        ("Abu Sayyaf", "Abu Sayyaf"),
        ("NPA", "New People's Army"),
        ("Ansar al-Sunna", "Ansar al-Sunna"),
        ("Al-Mourabitoun", "Al-Mourabitoun"),
        ("FLNC", "National Liberation Front of Corsica"),
        ("New IRA", "New IRA"),
        ("Real IRA", "Real IRA"),
        ("IRA", "Irish Republican Army"),
        ("FMLN", "Farabundo Martí National Liberation Front"),
        ("Hamas", "Hamas"),
        ("Hizbollah", "Hezbollah"),
    ] {
        assert_eq!(
            gaz().armed_group(alias).map(|g| g.name.as_str()),
            Some(name),
            "{alias}"
        );
    }
    // Lashkar-e-Taiba's acronym is case-sensitive.
    assert!(gaz().armed_group("let").is_none());
    assert!(found("let them go", true).is_empty());
    assert_eq!(found("a New IRA cell", false)[0].2, "New IRA");
}

#[test]
fn matches_are_ordered_and_disjoint() {
    let text = "Russian officials said Tajik citizens linked to ISIS-K attacked a hall near \
                Moscow; Christians and Muslims in Kyiv, Kabul and Islamabad condemned it, \
                as did the U.S. and Pakistan's Hyderabad.";
    let m = gaz().find(text, false);
    assert!(m.len() >= 12, "{m:?}");
    for w in m.windows(2) {
        assert!(w[0].span.end() <= w[1].span.start());
    }
}

#[test]
fn the_text_itself_is_context() {
    let place_of = |text: &str, surface: &str| {
        gaz()
            .find(text, false)
            .into_iter()
            .find(|m| m.span.slice(text) == Some(surface))
            .and_then(|m| m.place)
            .unwrap_or_else(|| panic!("{surface} in {text}"))
    };
    assert_eq!(
        place_of("A blast hit a market in Hyderabad on Monday.", "Hyderabad").country_code,
        "IN"
    );
    assert_eq!(
        place_of(
            "Pakistani police in Hyderabad said three died.",
            "Hyderabad"
        )
        .country_code,
        "PK"
    );
    assert_eq!(
        place_of(
            "In Hyderabad, Pakistan, police said three died.",
            "Hyderabad"
        )
        .country_code,
        "PK"
    );
    let ga = place_of("A shooting in Atlanta, Georgia, left two dead.", "Georgia");
    assert_eq!(
        (ga.country_code.as_str(), ga.kind.as_str()),
        ("US", "region")
    );
    assert_eq!(
        place_of("US envoys visited Georgia and Armenia.", "Georgia").country_code,
        "GE"
    );
    assert_eq!(
        place_of("Protesters in Tbilisi, Georgia, marched.", "Georgia").country_code,
        "GE"
    );
}

#[test]
fn names_inside_a_longer_name_do_not_leak() {
    // GeoNames lists short spellings that end other words ("Ican" for Yichang).
    assert!(found("The African Union met.", false).is_empty());
    assert!(found("the african union met", true).is_empty());
    // Nicknames of towns that are ordinary phrases are not in the table.
    assert!(found("The White House said so.", false).is_empty());
    assert!(found("Old Town residents and Garden City shoppers", false).is_empty());
}

#[test]
fn a_long_article_is_scanned_in_linear_time() {
    let para = "Police in Peshawar said gunmen linked to ISKP attacked a checkpoint on the \
                road to Kabul, and officials in Islamabad blamed Afghan militants. Christians \
                and Shiite Muslims marched in Karachi on Sunday, while the U.S. embassy \
                urged calm. ";
    let mut text = String::new();
    while text.len() < 20_000 {
        text.push_str(para);
    }
    let g = gaz();
    let small = &text[..5_000];
    let start = std::time::Instant::now();
    let n = g.find(small, false).len();
    let t_small = start.elapsed();
    let start = std::time::Instant::now();
    let m = g.find(&text, false).len();
    let t_big = start.elapsed();
    assert!(m >= 3 * n, "{m} vs {n}");
    // Four times the text should cost about four times as much, not sixteen; the
    // bound is loose for a busy machine and an unoptimised build.
    assert!(
        t_big < t_small * 12 + std::time::Duration::from_millis(20),
        "{t_small:?} vs {t_big:?}"
    );
}
