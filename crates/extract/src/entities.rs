//! Entity mentions. The learned tagger (`newsfuse_ner`, one model for mixed-, lower- and
//! upper-case text) finds people, organisations, places and other names; the built-in
//! tables and rules refine and add to it:
//!
//! * armed groups from the tables and acronyms the text defines ("Long Name (LN)") win
//!   over whatever the tagger says there;
//! * a tagged place, nationality word or religious/ethnic group that the tables know
//!   takes the table's key and place (coordinates, country); a tagged organisation
//!   that is an armed group by the tables or by its words becomes one; a tagged place
//!   ending in a facility word ("… Hall", "… Mosque") is a facility;
//! * table matches, acronym mentions and rule-found names (after titles, before
//!   appositions and speech verbs, facilities) fill in where the tagger found nothing;
//! * later mentions of a person's surname alone ("Okoye" after "Ada Okoye") are that
//!   person.
//!
//! Tagged names of no kind of ours (events, works, products: CoNLL's other MISC) are
//! kept apart in [`Entities::misc`].

use std::collections::HashMap;
use std::sync::LazyLock;

use newsfuse_core::{EntityKind, Mention, PlaceRef, Span};
use regex::Regex;

use crate::gazetteer::fxhash::FxBuild;
use crate::gazetteer::{GazKind, Gazetteer};
use newsfuse_ner::EntityType;

/// An alias the text itself defines: `long (SHORT)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DefinedAlias {
    /// The canonical name the alias belongs to.
    pub canonical: String,
    /// The alias ("ISKP").
    pub alias: String,
    /// Where the definition is.
    pub span: Span,
}

/// Mentions found in a document, and the aliases it defines.
#[derive(Debug, Clone, Default)]
pub struct Entities {
    /// Mentions, sorted by start, not overlapping.
    pub mentions: Vec<Mention>,
    /// Acronym definitions.
    pub aliases: Vec<DefinedAlias>,
    /// Other names the tagger found (events, works, products, nationality words the
    /// tables lack): not mentions of any of our kinds, sorted, not overlapping mentions.
    pub misc: Vec<Span>,
}

const TITLES: &[&str] = &[
    "President",
    "Prime Minister",
    "Minister",
    "Foreign Minister",
    "Defence Minister",
    "Defense Minister",
    "Interior Minister",
    "Gen",
    "Gen.",
    "General",
    "Lt",
    "Lt.",
    "Col",
    "Col.",
    "Colonel",
    "Major",
    "Maj.",
    "Captain",
    "Capt.",
    "Sgt",
    "Sgt.",
    "Sergeant",
    "Mr",
    "Mr.",
    "Mrs",
    "Mrs.",
    "Ms",
    "Ms.",
    "Dr",
    "Dr.",
    "Senator",
    "Sen.",
    "Rep.",
    "Governor",
    "Gov.",
    "Mayor",
    "Chancellor",
    "King",
    "Queen",
    "Prince",
    "Pope",
    "Sheikh",
    "Imam",
    "Commander",
    "Judge",
    "Ambassador",
    "Spokesman",
    "Spokeswoman",
    "Chief",
    "Inspector",
    "Officer",
    "Archbishop",
    "Bishop",
    "Father",
    "Emir",
    "Admiral",
    "Adm.",
    "Deputy",
];

const ROLE_WORDS: &[&str] = &[
    "president",
    "minister",
    "head",
    "commander",
    "leader",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "chief",
    "official",
    "director",
    "deputy",
    "secretary",
    "governor",
    "mayor",
    "chairman",
    "founder",
    "analyst",
    "expert",
    "ambassador",
    "envoy",
    "general",
    "colonel",
    "officer",
    "witness",
    "survivor",
    "resident",
    "journalist",
    "researcher",
    "professor",
    "senator",
    "member",
    "prosecutor",
    "judge",
    "emir",
    "cleric",
];

const SPEECH_VERBS: &[&str] = &[
    "said",
    "says",
    "told",
    "hinted",
    "warned",
    "denied",
    "stated",
    "added",
    "claimed",
    "insisted",
    "wrote",
    "announced",
    "accused",
    "blamed",
    "suggested",
    "confirmed",
    "declared",
    "tweeted",
    "posted",
    "urged",
    "vowed",
    "called",
];

const FACILITY_HEADS: &[&str] = &[
    "Hall",
    "Mall",
    "Hotel",
    "Mosque",
    "Church",
    "Cathedral",
    "Synagogue",
    "Temple",
    "Airport",
    "Station",
    "Market",
    "Bazaar",
    "School",
    "University",
    "College",
    "Hospital",
    "Theatre",
    "Theater",
    "Stadium",
    "Arena",
    "Square",
    "Bridge",
    "Centre",
    "Center",
    "Club",
    "Cafe",
    "Café",
    "Restaurant",
    "Shrine",
    "Base",
    "Prison",
    "Plaza",
    "Tower",
    "Towers",
    "Parliament",
    "Palace",
    "Museum",
    "Academy",
    "Barracks",
    "Embassy",
    "Consulate",
    "Basilica",
    "Monastery",
    "Madrasa",
    "Madrassa",
    "Gurdwara",
    "Terminal",
    "Port",
];

/// Capitalised words that start sentences or headings and are never names.
/// The days of the week and the months, capitalised: never a name, never a person's
/// first name.
const CALENDAR_NAMES: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

const NOT_NAMES: &[&str] = &[
    "The",
    "A",
    "An",
    "This",
    "That",
    "These",
    "Those",
    "In",
    "On",
    "At",
    "As",
    "After",
    "Before",
    "When",
    "While",
    "But",
    "And",
    "Or",
    "If",
    "It",
    "He",
    "She",
    "They",
    "We",
    "His",
    "Her",
    "Their",
    "Its",
    "Our",
    "However",
    "Meanwhile",
    "Since",
    "Although",
    "Amidst",
    "Amid",
    "Testimony",
    "Formed",
    "Founded",
    "Prior",
    "Rising",
    "Looking",
    "Unfolding",
    "International",
    "Political",
    "Furthermore",
    "Moreover",
    "According",
    "Police",
    "Officials",
    "Authorities",
    "Witnesses",
    "Eyewitnesses",
    "Security",
    "State",
    "Islamic",
    "Army",
    "Forces",
    "Ministry",
    "Council",
    "Committee",
    "Command",
    "Government",
    "House",
    "Senate",
    "Congress",
    "United",
    "Nations",
    "Central",
    "Middle",
    "East",
    "West",
    "North",
    "South",
    "Western",
    "Eastern",
    "Northern",
    "Southern",
    "Attack",
    "Attacks",
    "Gunmen",
    "Update",
    "Breaking",
];

/// [`NOT_NAMES`], [`TITLES`] and [`FACILITY_HEADS`] as one hashed set: these are
/// asked about every capitalised word.
struct WordSets {
    /// Word → the lists it is on ([`NOT_NAME`], [`TITLE`], [`FACILITY`]).
    flags: HashMap<&'static str, u8, FxBuild>,
    /// Bytes some listed word begins with.
    first: [bool; 256],
    /// The longest listed word, in bytes.
    max_len: usize,
}

const NOT_NAME: u8 = 1;
const TITLE: u8 = 2;
const FACILITY: u8 = 4;

static WORD_SETS: LazyLock<WordSets> = LazyLock::new(|| {
    let mut sets = WordSets {
        flags: HashMap::default(),
        first: [false; 256],
        max_len: 0,
    };
    for (list, flag) in [
        (NOT_NAMES, NOT_NAME),
        (CALENDAR_NAMES, NOT_NAME),
        (TITLES, TITLE),
        (FACILITY_HEADS, FACILITY),
    ] {
        for &w in list {
            *sets.flags.entry(w).or_insert(0) |= flag;
            if let Some(&b) = w.as_bytes().first() {
                sets.first[usize::from(b)] = true;
            }
            sets.max_len = sets.max_len.max(w.len());
        }
    }
    sets
});

/// Whether `word` is on the lists of `flag` (`word` exactly as listed).
#[inline]
fn listed(word: &str, flag: u8) -> bool {
    let sets = &*WORD_SETS;
    match word.as_bytes().first() {
        Some(&b) if sets.first[usize::from(b)] && word.len() <= sets.max_len => {
            sets.flags.get(word).is_some_and(|&f| f & flag != 0)
        }
        _ => false,
    }
}

/// Spans, asked whether any of them overlaps a byte range.
struct Covered {
    /// Starts, ascending.
    starts: Vec<usize>,
    /// `max_end[i]`: the largest end among the first `i + 1` spans by start.
    max_end: Vec<usize>,
}

impl Covered {
    fn new(spans: &[Span]) -> Covered {
        let mut by_start: Vec<(usize, usize)> =
            spans.iter().map(|k| (k.start(), k.end())).collect();
        by_start.sort_unstable();
        let mut max_end = Vec::with_capacity(by_start.len());
        let mut m = 0;
        for &(_, e) in &by_start {
            m = m.max(e);
            max_end.push(m);
        }
        Covered {
            starts: by_start.iter().map(|k| k.0).collect(),
            max_end,
        }
    }

    /// Whether some span has `start < e && s < end`.
    fn overlaps(&self, s: usize, e: usize) -> bool {
        let before = self.starts.partition_point(|&k| k < e);
        before > 0 && self.max_end[before - 1] > s
    }
}

fn is_cap_word(word: &str) -> bool {
    let mut chars = word.chars();
    match chars.next() {
        Some(c) if c.is_uppercase() => word.chars().any(|c| c.is_lowercase()),
        _ => false,
    }
}

fn span(start: usize, end: usize) -> Option<Span> {
    Span::new(start, end).ok()
}

static ACRONYM_DEF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"([A-Z][\w'’\-]*(?:[ \t]+(?:of|the|for|and|al|el|de|du|la|[A-Z][\w'’\-]*))*[ \t]+[A-Z][\w'’\-]*)[ \t]*\((?:the[ \t]+)?([A-Z][A-Za-z\-]{1,9})\)")
        .unwrap_or_else(|e| panic!("acronym pattern: {e}"))
});

/// Whether `acronym`'s letters are the initials of `long`'s words, in order (a
/// subsequence, so "IS-K" fits "Islamic State Khorasan" and "ISKP" fits "Islamic State
/// Khorasan Province").
fn acronym_fits(long: &str, acronym: &str) -> bool {
    let initials: Vec<char> = long
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty())
        .filter_map(|w| w.chars().next())
        .filter(|c| c.is_uppercase())
        .collect();
    let letters: Vec<char> = acronym
        .chars()
        .filter(|c| c.is_alphabetic())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if letters.len() < 2 || initials.is_empty() {
        return false;
    }
    // Every acronym letter must be an initial, in order, and the first must match.
    if letters[0] != initials[0] {
        return false;
    }
    let mut it = initials.iter();
    letters.iter().all(|l| it.any(|i| i == l))
}

fn militant_name(long: &str) -> bool {
    const WORDS: &[&str] = &[
        "Front",
        "Army",
        "Brigade",
        "Brigades",
        "Movement",
        "Liberation",
        "Jihad",
        "Islamic",
        "Mujahideen",
        "Martyrs",
        "Province",
        "Battalion",
        "Battalions",
        "Militia",
        "Resistance",
        "Insurgents",
        "Fighters",
        "Emirate",
        "Caliphate",
        "Taliban",
        "Legion",
    ];
    long.split_whitespace().any(|w| WORDS.contains(&w))
}

/// Whether a capitalised name is a public body or company rather than a person.
fn organisation_name(long: &str) -> bool {
    const WORDS: &[&str] = &[
        "Ministry",
        "Police",
        "Army",
        "Committee",
        "Council",
        "Agency",
        "Service",
        "Services",
        "Office",
        "Department",
        "Government",
        "Party",
        "Union",
        "Commission",
        "Forces",
        "Force",
        "Corps",
        "Guard",
        "Embassy",
        "Court",
        "Parliament",
        "Assembly",
        "Bureau",
        "Authority",
        "Directorate",
        "Command",
        "Institute",
        "Foundation",
        "Association",
        "Organisation",
        "Organization",
        "Red",
        "Crescent",
        "Company",
        "Bank",
        "News",
    ];
    long.split_whitespace().any(|w| WORDS.contains(&w))
}

/// Finds the entity mentions of `text`. `single_case` says the text has no usable
/// capitalisation (all lower-case or all capitals): the tagger then reads it without its
/// case features, and the capitalisation rules are off.
pub fn find(text: &str, single_case: bool) -> Entities {
    find_with(text, single_case, None)
}

/// [`find`], with where the outlet's other articles are ([`geonames::Home`]) to place
/// the names only the GeoNames gazetteer knows.
///
/// [`geonames::Home`]: crate::gazetteer::geonames::Home
pub fn find_with(
    text: &str,
    single_case: bool,
    home: Option<&crate::gazetteer::geonames::Home>,
) -> Entities {
    let gaz = Gazetteer::builtin();
    let mut aliases: Vec<DefinedAlias> = Vec::new();
    // Mentions by priority: strong ones (armed groups by the tables or a definition),
    // then the tagger's, then the rest; within a tier the longer wins.
    let mut strong: Vec<Mention> = Vec::new();
    let mut weak: Vec<Mention> = Vec::new();

    // 1. Table matches. Countries mentioned so far disambiguate later city names.
    let matches = gaz.find(text, single_case);
    let mut context: Vec<String> = Vec::new();
    for m in &matches {
        if let (GazKind::Country, Some(p)) = (&m.kind, &m.place) {
            if !context.contains(&p.country_code) {
                context.push(p.country_code.clone());
            }
        }
    }
    let ctx: Vec<&str> = context.iter().map(String::as_str).collect();
    let mut table: Vec<Mention> = Vec::with_capacity(matches.len());
    for m in matches {
        let kind = match m.kind {
            GazKind::Country | GazKind::City => EntityKind::Place,
            GazKind::Demonym => EntityKind::Nationality,
            GazKind::ReligiousGroup => EntityKind::Group,
            GazKind::ArmedGroup => EntityKind::ArmedGroup,
        };
        let mut place = m.place.clone();
        if m.kind == GazKind::City {
            if let Some(surface) = m.span.slice(text) {
                if let Some(better) = gaz.place(surface, &ctx) {
                    place = Some(better);
                }
            }
        }
        table.push(Mention {
            span: m.span,
            kind,
            key: m.key.clone(),
            place,
        });
    }

    // 2. The tagger.
    // One tokenization serves the tagger and the capitalised-run rules.
    let all_tokens = crate::text::tokenize(text);
    let tokens: Vec<(usize, usize)> = all_tokens.iter().map(|t| (t.start, t.end)).collect();
    let tagged = newsfuse_ner::Model::builtin().tag(text, &tokens, !single_case);
    let mut learned: Vec<Mention> = Vec::with_capacity(tagged.len());
    let mut misc: Vec<Span> = Vec::new();
    for e in &tagged {
        let (Some(&(s, _)), Some(&(_, e_end))) = (tokens.get(e.start), tokens.get(e.end - 1))
        else {
            continue;
        };
        let surface = strip_possessive(&text[s..e_end]);
        let Some(sp) = span(s, s + surface.len()) else {
            continue;
        };
        // A title alone ("Gen") is no name.
        if listed(surface, TITLE) {
            continue;
        }
        // The table's reading of exactly this name, if it has one.
        let same = table.iter().find(|t| t.span == sp);
        // "Central Asian": a nationality word ends no person's name.
        let ty = if e.ty == EntityType::Per && gaz.country_of_demonym(last_word(surface)).is_some()
        {
            EntityType::Misc
        } else {
            e.ty
        };
        let m = match (ty, same) {
            // Nationality words, religious and ethnic groups and armed groups are what
            // the tables say, whatever the tagger thought ("Tajik" as an organisation).
            (_, Some(t))
                if matches!(
                    t.kind,
                    EntityKind::Nationality | EntityKind::Group | EntityKind::ArmedGroup
                ) =>
            {
                t.clone()
            }
            // A known place the tagger could not type ("Kyiv's involvement") is a place.
            (EntityType::Loc | EntityType::Misc, Some(t)) if t.kind == EntityKind::Place => {
                t.clone()
            }
            (EntityType::Per, _) => named(sp, EntityKind::Person, surface),
            (EntityType::Org, _) => {
                if let Some(g) = gaz.armed_group(surface) {
                    Mention {
                        span: sp,
                        kind: EntityKind::ArmedGroup,
                        key: g.name.clone(),
                        place: None,
                    }
                } else if militant_name(surface) {
                    named(sp, EntityKind::ArmedGroup, surface)
                } else {
                    named(sp, EntityKind::Organisation, surface)
                }
            }
            (EntityType::Loc, _) => {
                if surface.contains(' ') && listed(last_word(surface), FACILITY) {
                    named(sp, EntityKind::Facility, surface)
                } else {
                    Mention {
                        span: sp,
                        kind: EntityKind::Place,
                        key: surface.to_string(),
                        place: gaz.place(surface, &ctx),
                    }
                }
            }
            (EntityType::Misc, _) => {
                if let Some((adjective, country)) = gaz.country_of_demonym(surface) {
                    Mention {
                        span: sp,
                        kind: EntityKind::Nationality,
                        key: adjective,
                        place: Some(country),
                    }
                } else if let Some(group) = gaz.religious_group(surface) {
                    named(sp, EntityKind::Group, group)
                } else {
                    misc.push(sp);
                    continue;
                }
            }
        };
        learned.push(m);
    }
    for m in table {
        if m.kind == EntityKind::ArmedGroup {
            strong.push(m);
        } else {
            weak.push(m);
        }
    }

    if !single_case {
        // 3. Acronyms defined in the text.
        for caps in ACRONYM_DEF.captures_iter(text) {
            let (Some(long_m), Some(short_m)) = (caps.get(1), caps.get(2)) else {
                continue;
            };
            let mut long_start = long_m.start();
            let mut long = long_m.as_str();
            // Drop leading sentence words ("The", "On") from the long form.
            while let Some((first, rest)) = long.split_once(char::is_whitespace) {
                if listed(first, NOT_NAME) && !militant_name(first) || first == "the" {
                    long_start += first.len() + 1;
                    long = rest.trim_start();
                } else {
                    break;
                }
            }
            let short = short_m.as_str();
            // Try suffixes of the long form too: "… attack by Islamic State Khorasan
            // Province (ISKP)" must give the name, not the whole run.
            let words: Vec<(usize, &str)> = long
                .split(' ')
                .scan(0usize, |pos, w| {
                    let at = *pos;
                    *pos += w.len() + 1;
                    Some((at, w))
                })
                .collect();
            let mut found = None;
            for (offset, _) in &words {
                let candidate = &long[*offset..];
                if acronym_fits(candidate, short) {
                    found = Some((long_start + offset, candidate));
                    break;
                }
            }
            let Some((cand_start, candidate)) = found else {
                continue;
            };
            let canonical = gaz
                .armed_group(candidate)
                .map(|g| g.name.clone())
                .unwrap_or_else(|| candidate.to_string());
            if let Some(sp) = span(cand_start, short_m.end() + 1) {
                aliases.push(DefinedAlias {
                    canonical: canonical.clone(),
                    alias: short.to_string(),
                    span: sp,
                });
            }
        }
        // Every occurrence of a defined long form or acronym is a mention.
        for alias in &aliases {
            let kind =
                if gaz.armed_group(&alias.canonical).is_some() || militant_name(&alias.canonical) {
                    EntityKind::ArmedGroup
                } else {
                    EntityKind::Organisation
                };
            for needle in [alias.canonical.as_str(), alias.alias.as_str()] {
                for (at, _) in text.match_indices(needle) {
                    let end = at + needle.len();
                    let before_ok = text[..at]
                        .chars()
                        .next_back()
                        .is_none_or(|c| !c.is_alphanumeric());
                    let after_ok = text[end..]
                        .chars()
                        .next()
                        .is_none_or(|c| !c.is_alphanumeric());
                    if before_ok && after_ok {
                        if let Some(sp) = span(at, end) {
                            let m = Mention {
                                span: sp,
                                kind,
                                key: alias.canonical.clone(),
                                place: None,
                            };
                            if kind == EntityKind::ArmedGroup {
                                strong.push(m);
                            } else {
                                weak.push(m);
                            }
                        }
                    }
                }
            }
        }
        // 4. People and facilities from capitalised runs, where nothing else is.
        // A named building the rules see ("Bristol Palace Hotel") outranks the tagger,
        // which tends to read it as an organisation or a town.
        let known: Vec<Span> = strong
            .iter()
            .chain(&learned)
            .chain(&weak)
            .map(|m| m.span)
            .collect();
        for m in names(text, &all_tokens, &known) {
            if m.kind == EntityKind::Facility && !ORG_FACILITY_HEADS.contains(&last_word(&m.key)) {
                strong.push(m);
            } else {
                weak.push(m);
            }
        }
    }

    // The tagger's other names hold their place against the weaker tier.
    let mut kept: Vec<Mention> = Vec::new();
    let mut taken: Vec<Span> = Vec::new();
    let tiers = [strong, learned, weak];
    for (n, tier) in tiers.into_iter().enumerate() {
        let mut tier = tier;
        tier.sort_by(|a, b| {
            b.span
                .len()
                .cmp(&a.span.len())
                .then(a.span.start().cmp(&b.span.start()))
        });
        for m in tier {
            if !taken.iter().any(|k| k.overlaps(m.span)) {
                taken.push(m.span);
                kept.push(m);
            }
        }
        if n == 1 {
            misc.retain(|sp| !taken.iter().any(|k| k.overlaps(*sp)));
            taken.extend(misc.iter().copied());
        }
    }
    kept.sort_by_key(|m| m.span.start());
    mend_people(text, &mut kept, &mut misc);
    geocode(text, &mut kept, home);
    link_surnames(text, &mut kept);
    misc.retain(|sp| !kept.iter().any(|k| k.span.overlaps(*sp)));
    Entities {
        mentions: kept,
        aliases,
        misc,
    }
}

/// Every place of the article is resolved against the GeoNames gazetteer, all of them
/// together, with the article's nationality words as country evidence and the outlet's
/// home when known; the built-in tables' reading is kept only where GeoNames has no
/// candidate. This is the resolution `newsfuse eval geoparse` scores: the tables match
/// towns by historical alternate names ("Shelbyville" is an old name of Tuscaloosa) and
/// know no outlet, so they are the fallback, not the answer.
fn geocode(text: &str, mentions: &mut [Mention], home: Option<&crate::gazetteer::geonames::Home>) {
    use crate::gazetteer::geonames;
    let places: Vec<usize> = (0..mentions.len())
        .filter(|&i| mentions[i].kind == EntityKind::Place)
        .collect();
    if places.is_empty() {
        return;
    }
    let names: Vec<&str> = places
        .iter()
        .filter_map(|&i| mentions[i].span.slice(text))
        .collect();
    let countries: Vec<&str> = mentions
        .iter()
        .filter(|m| m.kind == EntityKind::Nationality)
        .filter_map(|m| m.place.as_ref().map(|p| p.country_code.as_str()))
        .collect();
    let ctx = geonames::ResolveContext {
        names: &names,
        outlet_country: None,
        incident_country: None,
        countries: &countries,
        home,
    };
    let spans: Vec<(usize, usize)> = places
        .iter()
        .map(|&i| (mentions[i].span.start(), mentions[i].span.end()))
        .collect();
    let resolved: Vec<Option<PlaceRef>> = geonames::resolve_in_text(text, &spans, &ctx)
        .into_iter()
        .map(|p| p.map(|p| p.to_place_ref()))
        .collect();
    for (&i, found) in places.iter().zip(resolved) {
        if found.is_some() {
            mentions[i].place = found;
        }
    }
}

/// Facility words that name institutions as often as buildings ("Harvard University",
/// "Chelsea Football Club"): the tagger's reading wins there.
const ORG_FACILITY_HEADS: &[&str] = &[
    "School",
    "University",
    "College",
    "Club",
    "Academy",
    "Centre",
    "Center",
    "Parliament",
];

/// Capitalised words that stand before a name without being part of it: titles and
/// roles, days and months.
/// Whether a capitalised word may not start a person's name.
fn not_first_name(word: &str) -> bool {
    NOT_FIRST_NAMES.contains(&word) || CALENDAR_NAMES.contains(&word)
}

const NOT_FIRST_NAMES: &[&str] = &[
    // Titles, ranks and offices.
    "Officer",
    "Officers",
    "Ofc",
    "Deputy",
    "Deputies",
    "Dep",
    "Sgt",
    "Sergeant",
    "Det",
    "Detective",
    "Detectives",
    "Lt",
    "Lieutenant",
    "Capt",
    "Captain",
    "Chief",
    "Sheriff",
    "Police",
    "Mayor",
    "Judge",
    "Justice",
    "Magistrate",
    "Dr",
    "Mr",
    "Mrs",
    "Ms",
    "Miss",
    "Rev",
    "Reverend",
    "Father",
    "Pastor",
    "Bishop",
    "Trooper",
    "Agent",
    "Attorney",
    "Prosecutor",
    "Sen",
    "Senator",
    "Rep",
    "Representative",
    "Congressman",
    "Congresswoman",
    "Gov",
    "Governor",
    "President",
    "Coroner",
    "Cpl",
    "Corporal",
    "Patrolman",
    "Constable",
    "Marshal",
    "Inspector",
    "Investigator",
    "Commissioner",
    "Councilman",
    "Councilwoman",
    "Alderman",
    "Superintendent",
    "Supervisor",
    "Director",
    "Chairman",
    "Chairwoman",
    "Principal",
    "Professor",
    "Prof",
    "Col",
    "Colonel",
    "Maj",
    "Major",
    "Pvt",
    "Private",
    "General",
    "Commander",
    "Cmdr",
    "Spokesman",
    "Spokeswoman",
    "Secretary",
    "Minister",
    "Sir",
    "Lord",
    "Lady",
    "Dame",
    "King",
    "Queen",
    "Prince",
    "Princess",
    "Emperor",
    "Pope",
    "Cardinal",
    "Imam",
    "Rabbi",
    "Democrat",
    "Republican",
    "Economist",
    "Analyst",
    "Broker",
    "Trader",
    "Editor",
    "Reporter",
    "Correspondent",
    "Author",
    "Writer",
    "Artist",
    "Director",
    "Producer",
    "Founder",
    // Players by position.
    "Fullback",
    "Centre",
    "Center",
    "Winger",
    "Striker",
    "Midfielder",
    "Defender",
    "Goalkeeper",
    "Forward",
    "Guard",
    "Quarterback",
    "Pitcher",
    "Catcher",
    "Skipper",
    // Who someone is.
    "Suspect",
    "Victim",
    "Witness",
    "Coach",
    "Student",
    "Teacher",
    "Bartender",
    "Owner",
    "Manager",
    "Resident",
    "Neighbor",
    "Neighbour",
    "Friend",
    "Sister",
    "Brother",
    "Mother",
    "Mom",
    "Dad",
    "Uncle",
    "Aunt",
    "Grandmother",
    "Grandfather",
    "Son",
    "Daughter",
    "Wife",
    "Husband",
    "Singer",
    "Rapper",
    "Actor",
    "Actress",
    "Star",
    "Legend",
    "Veteran",
    "Defendant",
    "Lawyer",
    "Former",
    "Late",
    // Days and months: CALENDAR_NAMES.
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "Jun",
    "Jul",
    "Aug",
    "Sept",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
    // Page furniture.
    "Said",
    "Says",
    "Update",
    "Updated",
    "Photo",
    "Video",
    "Watch",
    "Read",
    "More",
];

/// Where a word's glued prefix ends: a crawler runs the page's heading into the
/// article's first word ("TimesJoel", "ChicagoCHICAGO"), which shows as a run of four
/// lower-case letters or more before a capital. Name-internal capitals follow one to
/// three ("McKay", "DeShawn", "MacLean", "MaliVai"), as do brands' ("IndyCar").
fn glue_end(word: &str) -> Option<usize> {
    let mut lower = 0;
    for (i, c) in word.char_indices() {
        if c.is_lowercase() {
            lower += 1;
        } else if c.is_uppercase() {
            if lower >= 4 {
                return Some(i);
            }
            lower = 0;
        } else {
            lower = 0;
        }
    }
    None
}

/// Person mentions as the page gives them, mended: a crawler's glued heading cut off
/// ("TimesJoel Reyes" is Joel Reyes; "CBS ChicagoCHICAGO" is no one), leading quote
/// marks dropped, nothing with a digit a person, and a capitalised word the tagger left
/// just before a name of two words or more taken in as its first name ("Aurelio" of
/// "Aurelio Tomas Ibarra").
fn mend_people(text: &str, mentions: &mut Vec<Mention>, misc: &mut Vec<Span>) {
    let mut drop = vec![false; mentions.len()];
    for i in 0..mentions.len() {
        if mentions[i].kind != EntityKind::Person {
            continue;
        }
        let (s, e) = (mentions[i].span.start(), mentions[i].span.end());
        let Some(surface) = text.get(s..e) else {
            continue;
        };
        let mut start = s;
        // The last glued word: the name starts after its glue.
        let mut at = 0;
        for word in surface.split(' ') {
            if let Some(g) = glue_end(word) {
                start = s + at + g;
            }
            at += word.len() + 1;
        }
        let Some(mut rest) = text.get(start..e) else {
            continue;
        };
        let lead = rest.len()
            - rest
                .trim_start_matches(|c: char| !c.is_alphanumeric())
                .len();
        start += lead;
        rest = &rest[lead..];
        if rest.is_empty()
            || rest.chars().any(|c| c.is_ascii_digit())
            || !rest.chars().any(char::is_lowercase) && surface.chars().any(char::is_lowercase)
        {
            drop[i] = true;
            continue;
        }
        // The word just before, after one space, when the name has two words or more
        // and starts with no title ("Police Sgt Lee Park").
        let first = rest.split(' ').next().unwrap_or("");
        if rest.contains(' ') && !not_first_name(first.trim_end_matches('.')) {
            let before = &text[..start];
            if let Some(head) = before.strip_suffix(' ') {
                let w_start = head
                    .rfind(|c: char| !(c.is_alphabetic() || c == '\'' || c == '’' || c == '-'))
                    .map_or(0, |k| {
                        k + head[k..].chars().next().map_or(1, char::len_utf8)
                    });
                let mut word_start = w_start;
                let mut word = &head[w_start..];
                if let Some(g) = glue_end(word) {
                    word_start += g;
                    word = &word[g..];
                }
                let free = !mentions
                    .iter()
                    .enumerate()
                    .any(|(j, m)| j != i && m.span.start() < start && m.span.end() > word_start);
                // A capitalised word before it makes it part of a title or a heading
                // ("Agriculture Secretary Dana Glick").
                let after_cap = text[..word_start]
                    .trim_end_matches(' ')
                    .rsplit(|c: char| !c.is_alphanumeric())
                    .next()
                    .is_some_and(|w| w.chars().next().is_some_and(char::is_uppercase));
                if free
                    && !after_cap
                    && is_cap_word(word)
                    && word.chars().count() >= 2
                    && word.chars().skip(1).all(char::is_lowercase)
                    && !listed(word, NOT_NAME | TITLE)
                    && !not_first_name(word)
                {
                    start = word_start;
                }
            }
        }
        if start != s {
            if let (Some(sp), Some(name)) = (span(start, e), text.get(start..e)) {
                misc.retain(|m| !m.overlaps(sp));
                mentions[i] = named(sp, EntityKind::Person, name);
            }
        }
    }
    let mut keep = drop.iter().map(|d| !d);
    mentions.retain(|_| keep.next().unwrap_or(true));
    // A name the text also gives longer ("Tomas Ibarra" of "Aurelio Tomas Ibarra") is
    // that longer name, when only one such name is there.
    let mut keys: Vec<String> = mentions
        .iter()
        .filter(|m| m.kind == EntityKind::Person)
        .map(|m| m.key.clone())
        .collect();
    keys.sort_unstable();
    keys.dedup();
    for m in mentions.iter_mut() {
        if m.kind != EntityKind::Person || !m.key.contains(' ') {
            continue;
        }
        let tail = format!(" {}", m.key);
        let mut longer = keys.iter().filter(|k| k.ends_with(&tail));
        if let (Some(k), None) = (longer.next(), longer.next()) {
            m.key = k.clone();
        }
    }
}

fn last_word(s: &str) -> &str {
    s.rsplit(' ').next().unwrap_or(s)
}

fn named(span: Span, kind: EntityKind, key: &str) -> Mention {
    Mention {
        span,
        kind,
        key: key.to_string(),
        place: None,
    }
}

/// Capitalised runs of words, with their byte ranges, broken at punctuation: the words
/// of all runs, and each run as a range of them.
fn cap_runs(
    text: &str,
    tokens: &[crate::text::Token],
) -> (Vec<(usize, usize)>, Vec<std::ops::Range<usize>>) {
    let mut words = Vec::new();
    let mut runs = Vec::new();
    let mut run_start = 0;
    for tok in tokens {
        let word = tok.text(text);
        let cap = tok.is_word
            && (is_cap_word(word)
                || (word.len() >= 2 && word.chars().all(|c| c.is_uppercase() || c == '.')));
        if cap {
            words.push((tok.start, tok.end));
        } else if words.len() > run_start {
            runs.push(run_start..words.len());
            run_start = words.len();
        }
    }
    if words.len() > run_start {
        runs.push(run_start..words.len());
    }
    (words, runs)
}

fn strip_possessive(word: &str) -> &str {
    word.strip_suffix("'s")
        .or_else(|| word.strip_suffix("’s"))
        .unwrap_or(word)
}

fn names(text: &str, tokens: &[crate::text::Token], known: &[Span]) -> Vec<Mention> {
    let mut out = Vec::new();
    let covered = Covered::new(known);
    let taken = |s: usize, e: usize| covered.overlaps(s, e);
    let (cap_words, runs) = cap_runs(text, tokens);
    for range in runs {
        let run = &cap_words[range];
        // Facilities: a run ending in a facility head word, at least two words.
        if let Some(&(_, last_end)) = run.last() {
            let first_word_idx = run
                .iter()
                .position(|&(s, e)| !listed(&text[s..e], NOT_NAME))
                .unwrap_or(run.len());
            let last = strip_possessive(&text[run[run.len() - 1].0..last_end]);
            if listed(last, FACILITY) && run.len() - first_word_idx >= 2 {
                let s = run[first_word_idx].0;
                let e = run[run.len() - 1].0 + last.len();
                if let Some(sp) = span(s, e) {
                    out.push(Mention {
                        span: sp,
                        kind: EntityKind::Facility,
                        key: text[s..e].to_string(),
                        place: None,
                    });
                }
                continue;
            }
        }
        // People.
        let mut i = 0;
        while i < run.len() {
            let (s, e) = run[i];
            let word = &text[s..e];
            // Title + name.
            let two = run.get(i + 1).map(|&(_, e2)| &text[s..e2]);
            let title_len = if two.is_some_and(|t| listed(t, TITLE)) {
                2
            } else if listed(word, TITLE) {
                1
            } else {
                0
            };
            if title_len > 0 {
                let name: Vec<(usize, usize)> = run[i + title_len..]
                    .iter()
                    .copied()
                    .take(3)
                    .take_while(|&(s, e)| !listed(&text[s..e], NOT_NAME))
                    .collect();
                if let (Some(&(ns, _)), Some(&(_, ne))) = (name.first(), name.last()) {
                    let name_text = strip_possessive(&text[ns..ne]).to_string();
                    let ne = ns + name_text.len();
                    if !taken(ns, ne) && !name_text.is_empty() {
                        if let Some(sp) = span(ns, ne) {
                            out.push(Mention {
                                span: sp,
                                kind: EntityKind::Person,
                                key: name_text,
                                place: None,
                            });
                        }
                    }
                    i += title_len + name.len();
                    continue;
                }
            }
            i += 1;
        }
        // Two or three capitalised words followed by ", the <role>" or a speech verb.
        let words: Vec<(usize, usize)> = run
            .iter()
            .copied()
            .skip_while(|&(s, e)| listed(&text[s..e], NOT_NAME | TITLE))
            .collect();
        if (2..=5).contains(&words.len()) {
            let (ns, _) = words[0];
            let (_, ne) = words[words.len() - 1];
            let name_text = strip_possessive(&text[ns..ne]).to_string();
            let ne = ns + name_text.len();
            let after = text[ne..].trim_start_matches(['\'', '’', 's']).trim_start();
            // Only the next few words are read, each lower-cased alone.
            let apposition = after.strip_prefix(',').is_some_and(|rest| {
                rest.split_whitespace()
                    .take(5)
                    .any(|w| word_in(w, ROLE_WORDS))
            });
            let speech = after
                .split_whitespace()
                .next()
                .is_some_and(|w| word_in(w, SPEECH_VERBS));
            let all_names = words.iter().all(|&(s, e)| {
                let w = &text[s..e];
                is_cap_word(w) && !listed(w, NOT_NAME | FACILITY)
            });
            // A name that speaks may be a group ("Sahel Martyrs Brigade said") or a body
            // ("Interior Ministry said"); people have two or three names.
            let kind = if militant_name(&name_text) {
                Some(EntityKind::ArmedGroup)
            } else if organisation_name(&name_text) {
                Some(EntityKind::Organisation)
            } else if words.len() <= 3 {
                Some(EntityKind::Person)
            } else {
                None
            };
            if let (true, true, false, Some(kind)) =
                (apposition || speech, all_names, taken(ns, ne), kind)
            {
                if let Some(sp) = span(ns, ne) {
                    out.push(Mention {
                        span: sp,
                        kind,
                        key: name_text,
                        place: None,
                    });
                }
            }
        }
    }
    out
}

/// Whether `word`, lower-cased, without the non-letters around it, is one of `list`
/// (lower-case words).
fn word_in(word: &str, list: &[&str]) -> bool {
    if word.is_ascii() {
        let w = word.trim_matches(|c: char| !c.is_ascii_alphabetic());
        list.iter().any(|x| x.eq_ignore_ascii_case(w))
    } else {
        let lower = word.to_lowercase();
        list.contains(&lower.trim_matches(|c: char| !c.is_alphabetic()))
    }
}

/// Whether the occurrences of `word` that stand alone as words (no letter or digit
/// next to them) are the places where it begins a run of letters and digits of the
/// text: true when it begins and ends with a letter or digit, and when no two
/// occurrences of it can overlap (no proper prefix of it is also a suffix), so that
/// searching the text for it from left to right would find every occurrence.
fn runs_find(word: &str) -> bool {
    let starts = word.chars().next().is_some_and(char::is_alphanumeric);
    let ends = word.chars().next_back().is_some_and(char::is_alphanumeric);
    let b = word.as_bytes();
    starts && ends && (1..b.len()).all(|k| b[..k] != b[b.len() - k..])
}

/// The first run of letters and digits of `s`.
fn first_run(s: &str) -> &str {
    let end = s
        .char_indices()
        .find(|&(_, c)| !c.is_alphanumeric())
        .map_or(s.len(), |(i, _)| i);
    &s[..end]
}

/// The runs of letters and digits of a text that begin as one of some words' first
/// runs do, by their text: where those words may occur as whole words.
struct WordRuns<'t> {
    at: HashMap<&'t str, Vec<usize>, FxBuild>,
}

impl<'t> WordRuns<'t> {
    fn of<'w>(text: &'t str, words: impl Iterator<Item = &'w String>) -> WordRuns<'t> {
        let mut firsts: HashMap<&str, (), FxBuild> = HashMap::default();
        let mut initial = [false; 256];
        for w in words {
            let run = first_run(w);
            if let Some(&b) = run.as_bytes().first() {
                initial[usize::from(b)] = true;
                firsts.insert(run, ());
            }
        }
        let mut at: HashMap<&'t str, Vec<usize>, FxBuild> = HashMap::default();
        let bytes = text.as_bytes();
        // Only bytes that begin some word's first run are looked at; such a byte begins
        // a char (it is ASCII or a leading byte).
        for (start, &b) in bytes.iter().enumerate() {
            if !initial[usize::from(b)] {
                continue;
            }
            // A run starts here when the char before is no letter or digit.
            let (Some(before), Some(rest)) = (text.get(..start), text.get(start..)) else {
                continue;
            };
            if before
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
            {
                continue;
            }
            let run = first_run(rest);
            if firsts.contains_key(run) {
                at.entry(run).or_default().push(start);
            }
        }
        WordRuns { at }
    }

    /// Where `word` (one that [`runs_find`]) begins at a run start, in text order.
    fn find(&self, text: &str, word: &str) -> Vec<usize> {
        self.at
            .get(first_run(word))
            .map(|starts| {
                starts
                    .iter()
                    .copied()
                    .filter(|&s| text[s..].starts_with(word))
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// Later mentions of a person's surname alone ("Okoye" after "Ada Okoye") become
/// mentions of that person.
fn link_surnames(text: &str, mentions: &mut Vec<Mention>) {
    let mut surnames: HashMap<String, (String, usize)> = HashMap::new();
    for m in mentions.iter() {
        if m.kind == EntityKind::Person {
            if let Some(last) = m.key.split_whitespace().last() {
                if m.key.contains(' ') {
                    surnames
                        .entry(last.to_string())
                        .or_insert((m.key.clone(), m.span.end()));
                }
            }
        }
    }
    // Longer surnames first, then by text: a surname that ends another ("Bashir" in
    // "Al-Bashir") must not take the longer one's place, whatever the map's order.
    let mut order: Vec<(&String, &(String, usize))> = surnames.iter().collect();
    order.sort_unstable_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(b.0)));
    let mut extra = Vec::new();
    let mut runs: Option<WordRuns<'_>> = None;
    for (surname, (full, after)) in order {
        let found: Vec<usize> = if runs_find(surname) {
            runs.get_or_insert_with(|| WordRuns::of(text, surnames.keys()))
                .find(text, surname)
        } else {
            text.match_indices(surname.as_str())
                .map(|(at, _)| at)
                .collect()
        };
        for at in found {
            if at < *after {
                continue;
            }
            let end = at + surname.len();
            let before_ok = text[..at]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric());
            let after_ok = text[end..]
                .chars()
                .next()
                .is_none_or(|c| !c.is_alphanumeric());
            if !(before_ok && after_ok) {
                continue;
            }
            let Some(sp) = span(at, end) else { continue };
            if mentions
                .iter()
                .chain(extra.iter())
                .any(|m: &Mention| m.span.overlaps(sp))
            {
                continue;
            }
            extra.push(Mention {
                span: sp,
                kind: EntityKind::Person,
                key: full.clone(),
                place: None,
            });
        }
    }
    mentions.extend(extra);
    mentions.sort_by_key(|m| m.span.start());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sp(s: usize, e: usize) -> Span {
        Span::new(s, e).expect("span")
    }

    #[test]
    fn covered_spans_answer_as_a_scan_would() {
        let spans = [sp(10, 20), sp(2, 4), sp(30, 31), sp(12, 40)];
        let covered = Covered::new(&spans);
        for s in 0..45 {
            for e in s + 1..46 {
                let scan = spans.iter().any(|k| k.start() < e && s < k.end());
                assert_eq!(covered.overlaps(s, e), scan, "{s}..{e}");
            }
        }
        assert!(!Covered::new(&[]).overlaps(0, 5));
    }

    #[test]
    fn listed_words_are_exact() {
        assert!(listed("The", NOT_NAME));
        assert!(!listed("the", NOT_NAME));
        assert!(listed("Prime Minister", TITLE));
        assert!(!listed("Prime  Minister", TITLE));
        assert!(listed("Mosque", FACILITY));
        assert!(!listed("Mosque", TITLE | NOT_NAME));
        assert!(listed("Café", FACILITY));
        assert!(!listed("", NOT_NAME));
    }

    #[test]
    fn surnames_found_by_runs_where_a_search_would_find_them() {
        assert!(runs_find("Okoye"));
        assert!(runs_find("al-Masri"));
        assert!(runs_find("Núñez"));
        // Ends in a full stop, or may overlap itself: searched for instead.
        assert!(!runs_find("Jr."));
        assert!(!runs_find("Ab-Ab"));
        assert!(!runs_find("'Ali"));
        let text = "Okoye met al-Masri. Later al-Masri's aide and Okoyes and xOkoye left; Okoye.";
        let names = ["Okoye".to_string(), "al-Masri".to_string()];
        let runs = WordRuns::of(text, names.iter());
        for word in &names {
            let whole = |at: &usize| {
                let end = at + word.len();
                text[..*at]
                    .chars()
                    .next_back()
                    .is_none_or(|c| !c.is_alphanumeric())
                    && text[end..]
                        .chars()
                        .next()
                        .is_none_or(|c| !c.is_alphanumeric())
            };
            let searched: Vec<usize> = text
                .match_indices(word.as_str())
                .map(|(at, _)| at)
                .filter(whole)
                .collect();
            // Every whole-word occurrence is found; the caller checks the end.
            let found: Vec<usize> = runs.find(text, word).into_iter().filter(whole).collect();
            assert_eq!(found, searched, "{word}");
        }
        assert_eq!(runs.find(text, "Okoye"), vec![0, 70]);
        assert_eq!(runs.find(text, "al-Masri"), vec![10, 26]);
    }

    /// The persons named at `names` (start, end, full name) in `text`, after surname
    /// linking, as (start, end, key).
    fn linked(text: &str, names: &[(usize, usize, &str)]) -> Vec<(usize, usize, String)> {
        let mut mentions: Vec<Mention> = names
            .iter()
            .map(|&(s, e, key)| Mention {
                span: sp(s, e),
                kind: EntityKind::Person,
                key: key.to_string(),
                place: None,
            })
            .collect();
        link_surnames(text, &mut mentions);
        mentions
            .into_iter()
            .map(|m| (m.span.start(), m.span.end(), m.key))
            .collect()
    }

    #[test]
    fn later_surnames_link_to_the_full_name() {
        let text = "Ada Okoye spoke. Okoye left, and Okoyes stayed.";
        let got = linked(text, &[(0, 9, "Ada Okoye")]);
        let want = [(0, 9, "Ada Okoye"), (17, 22, "Ada Okoye")];
        assert_eq!(got, want.map(|(s, e, k)| (s, e, k.to_string())));
    }

    #[test]
    fn a_surname_ending_a_longer_one_does_not_take_its_mentions() {
        // "Bashir" also stands at the end of "Al-Bashir": the later "Al-Bashir" is the
        // first person's, on every run (the map's order is random).
        let text = "Omar Al-Bashir met Lina Bashir. Al-Bashir left.";
        for _ in 0..20 {
            let got = linked(text, &[(0, 14, "Omar Al-Bashir"), (19, 30, "Lina Bashir")]);
            let want = [
                (0, 14, "Omar Al-Bashir"),
                (19, 30, "Lina Bashir"),
                (32, 41, "Omar Al-Bashir"),
            ];
            assert_eq!(got, want.map(|(s, e, k)| (s, e, k.to_string())));
        }
    }
}
