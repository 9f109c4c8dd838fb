//! Where and when a local news report's incident happened, beyond the attack
//! sentences: the dateline ("SPRINGFIELD, Ill. (AP) —"), the police force that
//! investigates ("Dayton police said"), and the sentences that tell of a shooting,
//! killing or wounding even when no attack trigger marks them. `events::incident_facts`
//! and `events::event_date` read these; docs/geocoding.md ("The incident's place").

use std::sync::LazyLock;

use newsfuse_core::{EntityKind, Mention, PlaceRef, Span, TimeRef};
use regex::Regex;

use crate::gazetteer::geonames::{self, FeatureClass, GeoPlace, Index, ResolveContext};

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).unwrap_or_else(|e| panic!("bad built-in pattern {pattern}: {e}"))
}

/// How far into the text a dateline is looked for (bytes): a page's title or an
/// outlet's name may come first.
const DATELINE_WITHIN: usize = 400;

/// A dateline: a town in capitals, an optional region after a comma, an optional
/// parenthesis (the agency, the day), then a dash or colon, at the start of a line. The
/// town may follow a word with no space between when a title was glued to the text
/// ("NewsDENVER —"), or a title's " | ". A station's call sign glued before the town
/// is cut off when the parenthesis repeats it ("WCIVST. GEORGE, S.C. (WCIV) --").
static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:^|[\n\r]|[a-z0-9]|\| )(?P<city>[A-Z][A-Z'’.\-]+(?: [A-Z][A-Z'’.\-]+){0,3})(?:, *(?P<state>[A-Z][A-Za-z.]{1,13}(?: [A-Z][a-z.]+)?))? *(?:\((?P<agency>[^()\n]{1,40})\) *)?(?:--|—|–|-|:)",
    )
});

/// "Dayton police", "Dayton's police", "Dayton Police Department": the force names the
/// town it serves. The town may follow a heading glued to the text ("6abc.comDayton
/// police"): `glue` is then the letter before it (see [`glued_after_heading`]).
static POLICE_OF: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:\b|(?P<glue>[a-z]))(?P<city>[A-Z][a-z]+(?: [A-Z][a-z]+){0,2})(?:'s|’s)? (?:police|Police)\b",
    )
});

/// Whether the capital at `at` follows a heading glued to it: three lower-case letters
/// or more right before it ("…NewsDallas", "….comDayton"), not a name's own inner
/// capital ("McAllen", "MacArthur", "DeKalb", "LaGrange").
fn glued_after_heading(text: &str, at: usize) -> bool {
    text[..at]
        .chars()
        .rev()
        .take_while(char::is_ascii_lowercase)
        .take(3)
        .count()
        == 3
}

/// Capitalised words before "police" that name no town.
const NOT_TOWNS: &[&str] = &[
    "The",
    "State",
    "Metro",
    "Metropolitan",
    "City",
    "County",
    "Transit",
    "Capitol",
    "Campus",
    "University",
    "Park",
    "Tribal",
    "Military",
    "Border",
    "Federal",
    "Local",
    "Area",
    "Village",
    "Township",
    "Borough",
    "Town",
    "National",
    "Royal",
    "Secret",
    "Railway",
    "Port",
    "Airport",
    "School",
    "Housing",
    "Said",
    "Tuesday",
    "Monday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// Words of a sentence that tell of a shooting, a killing or a wounding: such a
/// sentence is about the incident even with no attack trigger ("A man was shot late
/// Saturday").
static INCIDENT_CUE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:shot|shooting|shootings|shoots|killed|killing|wounded|injured|fired|gunfire|gunshots?|gunpoint|died|slain|murder(?:ed)?|homicide|stabbed)\b",
    )
});

/// A time given by the clock alone ("3:50 a.m.", "about 10 p.m."): its day is the
/// publication day only by default, so it dates no incident.
static BARE_CLOCK: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:(?:at|about|around|approximately|shortly|just|after|before|near|until)\s+)*\d{1,2}(?:[:.]\d{2})?\s*(?:a\.?\s?m\.?|p\.?\s?m\.?|o'clock)?$",
    )
});

/// US postal codes of the states ("MO", "NC"), which datelines sometimes use.
const POSTAL: &[(&str, &str)] = &[
    ("AL", "Alabama"),
    ("AK", "Alaska"),
    ("AZ", "Arizona"),
    ("AR", "Arkansas"),
    ("CA", "California"),
    ("CO", "Colorado"),
    ("CT", "Connecticut"),
    ("DE", "Delaware"),
    ("DC", "Washington, D.C."),
    ("FL", "Florida"),
    ("GA", "Georgia"),
    ("HI", "Hawaii"),
    ("ID", "Idaho"),
    ("IL", "Illinois"),
    ("IN", "Indiana"),
    ("IA", "Iowa"),
    ("KS", "Kansas"),
    ("KY", "Kentucky"),
    ("LA", "Louisiana"),
    ("ME", "Maine"),
    ("MD", "Maryland"),
    ("MA", "Massachusetts"),
    ("MI", "Michigan"),
    ("MN", "Minnesota"),
    ("MS", "Mississippi"),
    ("MO", "Missouri"),
    ("MT", "Montana"),
    ("NE", "Nebraska"),
    ("NV", "Nevada"),
    ("NH", "New Hampshire"),
    ("NJ", "New Jersey"),
    ("NM", "New Mexico"),
    ("NY", "New York"),
    ("NC", "North Carolina"),
    ("ND", "North Dakota"),
    ("OH", "Ohio"),
    ("OK", "Oklahoma"),
    ("OR", "Oregon"),
    ("PA", "Pennsylvania"),
    ("RI", "Rhode Island"),
    ("SC", "South Carolina"),
    ("SD", "South Dakota"),
    ("TN", "Tennessee"),
    ("TX", "Texas"),
    ("UT", "Utah"),
    ("VT", "Vermont"),
    ("VA", "Virginia"),
    ("WA", "Washington"),
    ("WV", "West Virginia"),
    ("WI", "Wisconsin"),
    ("WY", "Wyoming"),
];

/// A dateline found near the start of a text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Dateline {
    /// From the town to the dash: what it says is about the report (its day, its
    /// agency), not the incident.
    pub span: Span,
    /// The town's words.
    pub town: Span,
    /// The town as the gazetteer places it.
    pub place: Option<PlaceRef>,
    /// The region the dateline names after the town ("Pa."), placed, with its words.
    pub region: Option<(PlaceRef, Span)>,
}

/// The byte index at or before `at` that is a char boundary of `text`.
fn floor_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The first-level region (a US state) a qualifier names: a postal code in any case,
/// with or without its dot ("MO", "Pa."), or an abbreviation or name ("Ind.", "Calif.",
/// "Texas").
fn region_named(qualifier: &str) -> Option<GeoPlace> {
    let q = qualifier.trim();
    let full = POSTAL
        .iter()
        .find(|(code, _)| code.eq_ignore_ascii_case(q.trim_end_matches('.')))
        .map_or_else(|| geonames::expand(q), |(_, name)| name);
    let found = Index::builtin().lookup(full);
    // A state ("Ohio", "Ind."), else a country ("GUSAU, Nigeria —", a wire dateline).
    found
        .iter()
        .find(|p| p.class == FeatureClass::Admin1)
        .or_else(|| found.iter().find(|p| p.class == FeatureClass::Country))
        .cloned()
}

fn is_town(p: &GeoPlace) -> bool {
    matches!(p.class, FeatureClass::City | FeatureClass::Capital)
}

/// A town named `name` in the article: within `region` when one is given (the most
/// populous of that name there); else the article's own reading of that name when a
/// place mention resolved it to a town; else the resolver's choice with the article's
/// other place names as evidence, if it is a town.
fn town_named(
    text: &str,
    name: &str,
    region: Option<&(String, String)>,
    mentions: &[Mention],
) -> Option<PlaceRef> {
    let key = geonames::name_key(name);
    if key.chars().filter(|c| c.is_alphabetic()).count() < 3 {
        return None;
    }
    let mut towns: Vec<GeoPlace> = Index::builtin()
        .lookup(name)
        .into_iter()
        .filter(is_town)
        .collect();
    // "ST. GEORGE, S.C.": GeoNames writes the saint out.
    let saint = ["ST. ", "St. ", "ST ", "St "]
        .iter()
        .find_map(|p| name.strip_prefix(p));
    if let Some(rest) = saint {
        for p in Index::builtin().lookup(&format!("Saint {rest}")) {
            if is_town(&p) && !towns.iter().any(|t| t.id == p.id) {
                towns.push(p);
            }
        }
    }
    if let Some((cc, admin1)) = region {
        return towns
            .iter()
            .find(|p| p.country_code == *cc && (admin1.is_empty() || p.admin1 == *admin1))
            .map(GeoPlace::to_place_ref);
    }
    let same = mentions.iter().find_map(|m| {
        let p = m.place.as_ref()?;
        let words = m.span.slice(text)?;
        (m.kind == EntityKind::Place && p.kind == "city" && geonames::name_key(words) == key)
            .then(|| p.clone())
    });
    if same.is_some() {
        return same;
    }
    if towns.is_empty() {
        return None;
    }
    let names: Vec<&str> = mentions
        .iter()
        .filter(|m| m.kind == EntityKind::Place)
        .filter_map(|m| m.span.slice(text))
        .collect();
    let ctx = ResolveContext {
        names: &names,
        outlet_country: None,
        incident_country: None,
        countries: &[],
        home: None,
    };
    let chosen = geonames::resolve_all(&[name], &ctx)
        .into_iter()
        .next()
        .flatten()?;
    if is_town(&chosen) {
        return Some(chosen.to_place_ref());
    }
    // "NEW YORK": the state won, but a dateline names a town; the biggest town of that
    // name in the resolved country.
    towns
        .iter()
        .find(|p| p.country_code == chosen.country_code)
        .map(GeoPlace::to_place_ref)
}

/// A dateline's words: all of it, its town, and its region's byte range when it names
/// one.
type DatelineWords = (Span, Span, Option<(usize, usize)>);

/// Where the dateline is near the start of `text`, without placing its town.
pub(crate) fn dateline_span(text: &str) -> Option<DatelineWords> {
    let head = &text[..floor_boundary(text, DATELINE_WITHIN)];
    for c in DATELINE.captures_iter(head) {
        let (Some(whole), Some(city)) = (c.get(0), c.name("city")) else {
            continue;
        };
        // "WBFFBALTIMORE (WBFF)": the town after the call sign.
        let cut = c
            .name("agency")
            .map(|a| a.as_str().trim())
            .filter(|a| a.len() >= 3 && a.bytes().all(|b| b.is_ascii_uppercase()))
            .filter(|a| city.as_str().starts_with(a))
            .map_or(0, str::len);
        let city_start = city.start() + cut;
        let city_words = &head[city_start..city.end()];
        let letters = city_words.chars().filter(|c| c.is_alphabetic()).count();
        if letters < 3 {
            continue;
        }
        let (Ok(span), Ok(town)) = (
            Span::new(city_start, whole.end()),
            Span::new(city_start, city.end()),
        ) else {
            continue;
        };
        let state = c.name("state").map(|s| (s.start(), s.end()));
        return Some((span, town, state));
    }
    None
}

/// The dateline near the start of `text`, with its town placed (within the region it
/// names, if any).
pub(crate) fn dateline(text: &str, mentions: &[Mention]) -> Option<Dateline> {
    let (span, town, state) = dateline_span(text)?;
    let named = state.and_then(|(s, e)| Some((region_named(text.get(s..e)?)?, s, e)));
    // A country qualifier matches the country's towns in any of its regions.
    let region = named.as_ref().map(|(p, _, _)| {
        let admin1 = if p.class == FeatureClass::Country {
            String::new()
        } else {
            p.admin1.clone()
        };
        (p.country_code.clone(), admin1)
    });
    // A qualifier that names no region ("SAN SALVADOR, Ore" misread) places nothing.
    if state.is_some() && region.is_none() {
        return Some(Dateline {
            span,
            town,
            place: None,
            region: None,
        });
    }
    let place = town_named(text, town.slice(text)?, region.as_ref(), mentions);
    let region = named.and_then(|(p, s, e)| Some((p.to_place_ref(), Span::new(s, e).ok()?)));
    Some(Dateline {
        span,
        town,
        place,
        region,
    })
}

/// Whether a place mention only qualifies the name before it ("Dayton, Ohio": "Ohio";
/// "Salem, Ore.": "Ore") or is a state's abbreviation ("Pa." read as a town).
fn is_qualifier(text: &str, m: &Mention) -> bool {
    let before = text.get(..m.span.start()).unwrap_or("");
    let after_comma = before.trim_end().ends_with(',');
    let words = m.span.slice(text).unwrap_or("");
    let abbreviation = text
        .get(m.span.end()..)
        .is_some_and(|rest| rest.starts_with('.'))
        && {
            let dotted = format!("{words}.");
            geonames::expand(&dotted) != dotted
        };
    // "Dayton, OH"; after a comma also "York City, Pa." ("Pa" is a town of Burkina Faso).
    let postal = words.len() == 2
        && POSTAL
            .iter()
            .any(|(code, _)| *code == words || (after_comma && code.eq_ignore_ascii_case(words)));
    abbreviation || postal || (after_comma && m.place.as_ref().is_some_and(|p| p.kind != "city"))
}

/// A town mention that can be the incident's place: not a region's qualifier, not the
/// town of an outlet's or a building's name ("Los Angeles Times", "Independence High
/// School"), not a feast or "White House" (towns of Florida and Tennessee).
fn town_mention(text: &str, m: &Mention) -> bool {
    m.kind == EntityKind::Place
        && m.place.as_ref().is_some_and(|p| p.kind == "city")
        && !is_qualifier(text, m)
        && !names_something_else(text, m)
}

/// Words after a town's name that make it the name of an outlet or a building.
const NAME_GOES_ON: &[&str] = &[
    "Times",
    "Gazette",
    "News",
    "Tribune",
    "Herald",
    "Journal",
    "Chronicle",
    "Post",
    "Daily",
    "Press",
    "Register",
    "Courier",
    "Observer",
    "Examiner",
    "Star",
    "Sun",
    "Telegraph",
    "Dispatch",
    "Bulletin",
    "Record",
    "Review",
    "High",
    "Middle",
    "Elementary",
    "School",
    "Hospital",
    "Medical",
    "University",
    "College",
    "Airport",
    "Mall",
    "Church",
    "Cathedral",
    "Stadium",
    "Arena",
];

/// Whether a place mention's words are part of a longer name or name no town here.
fn names_something_else(text: &str, m: &Mention) -> bool {
    let words = m.span.slice(text).unwrap_or("");
    if words.eq_ignore_ascii_case("White House")
        || crate::time::find_times(words, None)
            .first()
            .is_some_and(|(sp, _)| sp.start() == 0 && sp.end() == words.len())
    {
        return true;
    }
    // "a 29-year-old Latina": a woman, not the Italian town.
    let before = text.get(..m.span.start()).unwrap_or("").trim_end();
    if matches!(words, "Latina" | "Latino") && (before.ends_with("-old") || before.ends_with(" a"))
    {
        return true;
    }
    let after = text.get(m.span.end()..).unwrap_or("");
    let Some(rest) = after.strip_prefix(' ') else {
        return false;
    };
    let next: &str = rest
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    // "Los Angeles TimesDana Ruiz": the outlet's name glued to the story.
    NAME_GOES_ON.iter().any(|w| {
        next.strip_prefix(w)
            .is_some_and(|glued| glued.is_empty() || glued.starts_with(char::is_uppercase))
    })
}

/// The town whose police force the sentence `within` names ("Dayton police said").
fn police_town(text: &str, within: Span, mentions: &[Mention]) -> Option<(PlaceRef, Span)> {
    let s = within.slice(text)?;
    for c in POLICE_OF.captures_iter(s) {
        let Some(city) = c.name("city") else {
            continue;
        };
        if c.name("glue").is_some() && !glued_after_heading(s, city.start()) {
            continue;
        }
        let words: Vec<&str> = city.as_str().split(' ').collect();
        // "Officers said Dayton police": the town is the last words that name one.
        for k in 0..words.len() {
            if NOT_TOWNS.contains(&words[k]) {
                continue;
            }
            let name = words[k..].join(" ");
            let start = city.end() - name.len();
            let Ok(span) = Span::new(within.start() + start, within.start() + city.end()) else {
                continue;
            };
            if let Some(p) = town_named(text, &name, None, mentions) {
                return Some((p, span));
            }
        }
    }
    None
}

/// Whether a sentence tells of a shooting, a killing or a wounding.
pub(crate) fn tells_of_incident(sentence: &str) -> bool {
    INCIDENT_CUE.is_match(sentence)
}

/// Right before a town's name: "the northern city of", "the town of".
static CITY_OF_BEFORE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b(?:the|a)\s+(?:[a-z-]+\s+){0,2}(?:city|town|village)\s+of\s+$"));

/// The incident's place and the words it was read from, in this order: a town an
/// attack sentence names as such ("the northern city of Tripoli"); the dateline's
/// town, for the article's `main` incident only (a local report's city: the towns of its attack sentences are often its
/// neighbourhoods, which GeoNames places as towns, or streets read as towns); the first
/// town named in an attack sentence (not a region's qualifier: "Ohio" of "Dayton,
/// Ohio"); the town whose police speak in an incident sentence; the first
/// town of a sentence that tells of a shooting, killing or wounding; the first region
/// (county, state) of an attack sentence, then of an incident sentence; the first
/// country of an attack sentence (the dateline's region before it, for the main
/// incident).
///
/// `attack` are the attack sentences, `incident` the other sentences that tell of a
/// shooting, killing or wounding (each in text order, background left out). The
/// article's other sentences place nothing: a town named anywhere, taken as the
/// incident's, split ECB+ reports of one event apart (document B3 90.0 → 88.4).
pub(crate) fn incident_place(
    text: &str,
    mentions: &[Mention],
    attack: &[Span],
    incident: &[Span],
    main: bool,
) -> Option<(PlaceRef, Span)> {
    // A further incident of the article is not where the report was filed: its place
    // comes from its own sentences (the dateline's words still name no town).
    let dateline = dateline(text, mentions);
    let filed = dateline.as_ref().filter(|_| main);
    // A dateline whose town is not placed still says nothing of the incident's place:
    // its words ("WCIVST. GEORGE": "GEORGE") are left out below.
    let in_dateline = |m: &Mention| dateline.as_ref().is_some_and(|d| d.span.overlaps(m.span));
    let in_spans = |spans: &[Span], ok: &dyn Fn(&Mention) -> bool| {
        spans.iter().find_map(|s| {
            mentions
                .iter()
                .find(|m| s.contains(m.span) && !in_dateline(m) && ok(m))
                .and_then(|m| Some((m.place.clone()?, m.span)))
        })
    };
    let town = |m: &Mention| town_mention(text, m);
    // "BEIRUT — ... the bombing of a fuel depot in the northern city of Tripoli": the
    // attack's sentence names the town outright, and the dateline is only where the
    // report was filed.
    let named_town = |m: &Mention| {
        m.place.as_ref().is_some_and(|p| p.kind == "city")
            && CITY_OF_BEFORE.is_match(&text[..m.span.start()])
    };
    if let Some(found) = in_spans(attack, &named_town) {
        return Some(found);
    }
    // A dateline qualified by a country ("MAIDUGURI, Nigeria —") is a wire report's
    // filing town: the attack sentence's own town comes first ("killed 11 farmers near
    // Konduga"). A local report's state-qualified dateline comes first (above).
    let wire = filed.is_some_and(|d| d.region.as_ref().is_some_and(|(p, _)| p.kind == "country"));
    if wire {
        if let Some(found) = in_spans(attack, &town) {
            return Some(found);
        }
    }
    if let Some(d) = filed {
        if let Some(p) = &d.place {
            return Some((p.clone(), d.town));
        }
    }
    if let Some(found) = in_spans(attack, &town) {
        return Some(found);
    }
    let told: Vec<Span> = attack
        .iter()
        .chain(incident)
        .copied()
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    if let Some(found) = told.iter().find_map(|s| police_town(text, *s, mentions)) {
        return Some(found);
    }
    if let Some(found) = in_spans(incident, &town) {
        return Some(found);
    }
    let region = |m: &Mention| {
        m.kind == EntityKind::Place
            && m.place
                .as_ref()
                .is_some_and(|p| p.kind == "region" && !is_qualifier(text, m))
    };
    if let Some(found) = in_spans(attack, &region).or_else(|| in_spans(incident, &region)) {
        return Some(found);
    }
    // The state the dateline names when its town is not placed ("YORK CITY, Pa.").
    if let Some(found) = filed.and_then(|d| d.region.clone()) {
        return Some(found);
    }
    // Any place, a qualifying country or state included ("Marseille, France"), but not
    // a state's abbreviation read as a town ("Pa", a town of Burkina Faso).
    let any = |m: &Mention| {
        m.place
            .as_ref()
            .is_some_and(|p| p.kind != "city" || !is_qualifier(text, m))
            && m.kind == EntityKind::Place
            && !names_something_else(text, m)
    };
    in_spans(attack, &any)
}

/// Whether a time can date the incident: not part of the dateline (the report's own
/// day), not a clock time alone, and not after the publication day.
pub(crate) fn dates_incident(
    text: &str,
    dateline: Option<Span>,
    published: Option<newsfuse_core::Date>,
    span: Span,
    time: &TimeRef,
) -> bool {
    if dateline.is_some_and(|d| d.overlaps(span)) {
        return false;
    }
    if span
        .slice(text)
        .is_some_and(|w| BARE_CLOCK.is_match(w.trim()))
    {
        return false;
    }
    let after_publication = match (time, published) {
        (TimeRef::Point { value }, Some(p)) => value
            .as_date()
            .is_some_and(|d| d.days_since_epoch() > p.days_since_epoch()),
        _ => false,
    };
    !after_publication
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_call_sign_glued_before_the_dateline_town_is_cut_off() {
        let text = "Man killed in St. George | News | WCIVST. GEORGE, S.C. (WCIV) -- Deputies \
                    are looking for a man.";
        let (span, town, state) = dateline_span(text).expect("a dateline");
        assert_eq!(town.slice(text), Some("ST. GEORGE"));
        assert_eq!(span.slice(text), Some("ST. GEORGE, S.C. (WCIV) --"));
        assert_eq!(state.map(|(s, e)| &text[s..e]), Some("S.C."));
        let d = dateline(text, &[]).expect("a dateline");
        let p = d.place.expect("placed");
        assert_eq!((p.name.as_str(), p.kind.as_str()), ("Saint George", "city"));
        // South Carolina's, not Utah's (37.1 N).
        assert!((p.lat - 33.2).abs() < 0.3, "{p:?}");
        // An agency in parentheses that is not glued to the town leaves it whole.
        let text = "BALTIMORE (WBFF) - A man was shot.";
        let (_, town, _) = dateline_span(text).expect("a dateline");
        assert_eq!(town.slice(text), Some("BALTIMORE"));
        let text = "Shooting | WBFFBALTIMORE (WBFF) - A man was shot.";
        let (_, town, _) = dateline_span(text).expect("a dateline");
        assert_eq!(town.slice(text), Some("BALTIMORE"));
    }

    #[test]
    fn words_that_name_something_other_than_the_town() {
        let at = |text: &str, words: &str| Mention {
            span: {
                let s = text.find(words).expect("in the text");
                Span::new(s, s + words.len()).expect("a span")
            },
            kind: EntityKind::Place,
            key: words.to_string(),
            place: None,
        };
        let other = |text: &str, words: &str| names_something_else(text, &at(text, words));
        assert!(other(
            "The Report - Los Angeles TimesDana Ruiz, 24, was shot.",
            "Los Angeles"
        ));
        assert!(other(
            "He read the Colorado Springs Gazette.",
            "Colorado Springs"
        ));
        assert!(other("Shots at Independence High School.", "Independence"));
        assert!(other(
            "Gifts bought for Christmas were stolen.",
            "Christmas"
        ));
        assert!(other(
            "A guard near the White House was hurt.",
            "White House"
        ));
        assert!(other("Iris Reyes, a 29-year-old Latina, died.", "Latina"));
        assert!(!other("A man was shot in Latina, south of Rome.", "Latina"));
        assert!(!other(
            "A man was shot in Los Angeles on Friday.",
            "Los Angeles"
        ));
        assert!(!other(
            "Police in Timeston said a man was shot.",
            "Timeston"
        ));
        assert!(!other("A man was shot in Salem Tuesday.", "Salem"));
    }

    #[test]
    fn a_dateline_town_not_placed_leaves_its_state() {
        let text = "WPMT FOX43YORK CITY, Pa.–A man was hospitalized.";
        let d = dateline(text, &[]).expect("a dateline");
        assert_eq!(d.town.slice(text), Some("YORK CITY"));
        assert_eq!(d.place, None);
        let (region, words) = d.region.expect("the state");
        assert_eq!(
            (region.name.as_str(), region.kind.as_str()),
            ("Pennsylvania", "region")
        );
        assert_eq!(words.slice(text), Some("Pa."));
    }

    #[test]
    fn dateline_with_state_and_agency() {
        let text = "DAYTON, Ohio (AP) — A man was shot on Elm Street.";
        let (span, town, state) = dateline_span(text).expect("a dateline");
        assert_eq!(town.slice(text), Some("DAYTON"));
        assert_eq!(span.slice(text), Some("DAYTON, Ohio (AP) —"));
        assert_eq!(state.map(|(s, e)| &text[s..e]), Some("Ohio"));
        let d = dateline(text, &[]).expect("a dateline");
        let p = d.place.expect("placed");
        assert_eq!((p.name.as_str(), p.kind.as_str()), ("Dayton", "city"));
        assert!((p.lat - 39.76).abs() < 0.1, "{p:?}");
    }

    #[test]
    fn dateline_glued_to_a_title_and_postal_code() {
        let text =
            "Two hurt in crash | Channel 9 NewsSPRINGFIELD, MO (KXX) - Two people were hurt.";
        let d = dateline(text, &[]).expect("a dateline");
        assert_eq!(d.town.slice(text), Some("SPRINGFIELD"));
        let p = d.place.expect("placed");
        assert_eq!(p.name, "Springfield");
        // Springfield, Missouri, not Illinois or Massachusetts.
        assert!((p.lon - -93.3).abs() < 0.3, "{p:?}");
    }

    #[test]
    fn no_dateline_in_plain_prose() {
        assert!(dateline_span("A man was shot on Elm Street in Dayton on Saturday.").is_none());
    }

    #[test]
    fn bare_clock_times_date_nothing() {
        for w in ["3:50 a.m.", "about 10 p.m.", "shortly after 9:45 pm", "11"] {
            assert!(BARE_CLOCK.is_match(w), "{w}");
        }
        for w in ["Saturday", "10 p.m. Saturday", "Dec. 3", "this morning"] {
            assert!(!BARE_CLOCK.is_match(w), "{w}");
        }
    }

    #[test]
    fn incident_cues() {
        assert!(tells_of_incident("A woman was shot late Saturday."));
        assert!(tells_of_incident("He died at the hospital."));
        assert!(!tells_of_incident("The council met on Tuesday."));
    }
}
