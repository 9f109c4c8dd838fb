//! ACLED's CSV layout: one row per incident with the codebook's columns in its order,
//! then newsfuse's own columns (the fatality range and its status, sources).

use std::io::Write;

use newsfuse_core::{Date, EventType, Grain, Incident, TimeValue};

use crate::analyst::{is_full_day, words, write_table, Digest, ExportError, ExportFormat, Row};
use crate::Articles;

/// The ACLED export's columns, in order: the codebook's first, newsfuse's after
/// `timestamp`.
pub const ACLED_COLUMNS: &[&str] = &[
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
    "fatalities_low",
    "fatalities_high",
    "fatalities_status",
    "country_code",
    "date_iso",
    "nsources",
    "newsfuse_id",
];

/// ACLED's classification of one event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct AcledType {
    pub(crate) disorder_type: &'static str,
    pub(crate) event_type: &'static str,
    pub(crate) sub_event_type: &'static str,
}

const POLITICAL_VIOLENCE: &str = "Political violence";
const EXPLOSIONS: &str = "Explosions/Remote violence";
const VIOLENCE_AGAINST_CIVILIANS: &str = "Violence against civilians";

fn political(event_type: &'static str, sub_event_type: &'static str) -> AcledType {
    AcledType {
        disorder_type: POLITICAL_VIOLENCE,
        event_type,
        sub_event_type,
    }
}

/// Whether any weapon description contains one of `keys` as a word.
fn weapons_say(d: &Digest<'_>, keys: &[&str]) -> bool {
    d.weapons
        .iter()
        .any(|w| words(w).iter().any(|x| keys.contains(&x.as_str())))
}

/// The kind of explosion, from the weapons.
fn explosion(d: &Digest<'_>) -> AcledType {
    let sub = if d.suicide() {
        "Suicide bomb"
    } else if d.weapon_types().iter().any(|c| c.code == 2) {
        "Chemical weapon"
    } else if weapons_say(d, &["drone", "drones", "airstrike", "airstrikes"]) {
        "Air/drone strike"
    } else if weapons_say(
        d,
        &[
            "rocket",
            "rockets",
            "mortar",
            "mortars",
            "missile",
            "missiles",
            "shell",
            "shells",
            "artillery",
        ],
    ) {
        "Shelling/artillery/missile attack"
    } else if weapons_say(d, &["grenade", "grenades"]) {
        "Grenade"
    } else {
        "Remote explosive/landmine/IED"
    };
    political(EXPLOSIONS, sub)
}

/// ACLED's event and sub-event type of an incident (the table in `docs/exports.md`).
pub(crate) fn acled_type(d: &Digest<'_>) -> AcledType {
    let explosive = d
        .main_weapon_type()
        .is_some_and(|c| matches!(c.code, 2 | 6));
    let armed = || {
        if d.security_targeted() && !d.civilians_targeted() {
            political("Battles", "Armed clash")
        } else {
            political(VIOLENCE_AGAINST_CIVILIANS, "Attack")
        }
    };
    match d.event_type {
        Some(EventType::Bombing) => explosion(d),
        Some(EventType::FacilityAttack) if explosive => explosion(d),
        Some(EventType::FacilityAttack) => AcledType {
            disorder_type: "Strategic developments",
            event_type: "Strategic developments",
            sub_event_type: "Looting/property destruction",
        },
        Some(EventType::Kidnapping | EventType::HostageTaking) => {
            political(VIOLENCE_AGAINST_CIVILIANS, "Abduction/forced disappearance")
        }
        Some(EventType::UnarmedAssault) => political(VIOLENCE_AGAINST_CIVILIANS, "Attack"),
        Some(EventType::Attack) | None if explosive => explosion(d),
        Some(EventType::ArmedAssault | EventType::Assassination | EventType::Attack) | None => {
            armed()
        }
    }
}

/// `event_date`, `year` and `time_precision` of a time. A day (or finer) is precision 1;
/// a week is dated to its middle day (Thursday), precision 2; a month to its 15th,
/// precision 3. Coarser times, and times without a year, have no `event_date` (and no
/// precision); `year` is kept when known.
pub(crate) fn acled_date(time: Option<&TimeValue>) -> (Option<Date>, Option<i32>, Option<u8>) {
    let Some(t) = time else {
        return (None, None, None);
    };
    if is_full_day(t) {
        return (t.as_date(), t.year, Some(1));
    }
    let dated = match t.grain {
        Grain::Week => t.as_date().map(|monday| (monday.add_days(3), 2)),
        // A weekend is dated to its Saturday, within the week.
        Grain::Weekend => t.as_date().map(|saturday| (saturday, 2)),
        Grain::Month => t
            .year
            .zip(t.month)
            .and_then(|(y, m)| Date::new(y, u32::from(m), 15).ok())
            .map(|mid| (mid, 3)),
        _ => None,
    };
    match dated {
        Some((date, precision)) => (Some(date), Some(date.year()), Some(precision)),
        None if matches!(t.grain, Grain::Decade | Grain::Century) => (None, None, None),
        None => (None, t.year, None),
    }
}

fn acled_row(incident: &Incident, articles: &Articles<'_>) -> Row {
    let d = Digest::new(incident, articles);
    let mut row = Row::new(ACLED_COLUMNS);
    row.set("event_id_cnty", &incident.id);
    let (date, year, precision) = acled_date(d.date.as_ref());
    row.set_opt("event_date", date);
    row.set_opt("year", year);
    row.set_opt("time_precision", precision);
    let kind = acled_type(&d);
    row.set("disorder_type", kind.disorder_type);
    row.set("event_type", kind.event_type);
    row.set("sub_event_type", kind.sub_event_type);
    let country = d
        .place
        .map(|p| p.country.as_str())
        .filter(|c| !c.is_empty());
    let with_country = |name: &str| match country {
        Some(c) => format!("{name} ({c})"),
        None => name.to_string(),
    };
    row.set(
        "actor1",
        match d.perpetrator_org {
            Some(org) => org.to_string(),
            None => with_country("Unidentified Armed Group"),
        },
    );
    if d.civilians_targeted() {
        row.set("actor2", with_country("Civilians"));
        row.set("inter2", 7);
        row.set("civilian_targeting", "Civilian targeting");
    }
    if let Some(p) = d.place {
        row.set("country", &p.country);
        row.set("country_code", &p.country_code);
        row.set("location", &p.name);
        row.set("latitude", p.lat);
        row.set("longitude", p.lon);
        // ACLED's geo_precision: 1 = the town itself, 3 = a larger region (here a
        // first-order region or the whole country) whose centre stands for it.
        let precision = match p.kind.as_str() {
            "city" => {
                // The town's first-level region, when the gazetteer knows it.
                if let Some(region) = &p.region {
                    row.set("admin1", region);
                }
                Some(1)
            }
            "region" => {
                row.set("admin1", &p.name);
                Some(3)
            }
            "country" => Some(3),
            _ => None,
        };
        row.set_opt("geo_precision", precision);
    }
    row.set("source", d.sources());
    row.set("notes", &incident.summary);
    // ACLED's conventions: 0 when no fatalities are reported, the lowest figure when
    // reports give a range.
    match d.killed {
        Some(k) => {
            row.set("fatalities", k.best().unwrap_or(k.low()));
            row.set("fatalities_low", k.low());
            row.set_opt("fatalities_high", k.high());
            row.set("fatalities_status", k.status.as_str());
        }
        None => row.set("fatalities", 0),
    }
    row.set_opt("date_iso", d.date.map(|t| t.iso()));
    row.set("nsources", incident.articles.len());
    row.set("newsfuse_id", &incident.id);
    row
}

/// Writes `incidents` as ACLED-style CSV, one row per incident, columns
/// [`ACLED_COLUMNS`].
pub fn write_acled(
    incidents: &[Incident],
    articles: &Articles<'_>,
    out: &mut dyn Write,
) -> Result<(), ExportError> {
    write_table(
        ExportFormat::Acled,
        ACLED_COLUMNS,
        incidents.iter().map(|i| acled_row(i, articles)),
        out,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyst::testkit::*;
    use newsfuse_core::{Attribute, Interval, Status, Value};
    use std::collections::HashMap;

    fn export(incidents: &[Incident], articles: &Articles<'_>) -> Vec<Vec<(String, String)>> {
        let mut out = Vec::new();
        write_acled(incidents, articles, &mut out).unwrap();
        let (header, rows) = read_csv(&out);
        assert_eq!(header, ACLED_COLUMNS);
        rows
    }

    #[test]
    fn a_suicide_bombing_of_a_market() {
        let docs = market_docs();
        let incident = market_bombing(&docs);
        let articles: Articles<'_> = docs.iter().map(|d| (d.id.clone(), d)).collect();
        let rows = export(&[incident], &articles);
        let row = &rows[0];
        let expected = [
            ("event_id_cnty", "inc-aaaa1111"),
            ("event_date", "2031-05-03"),
            ("year", "2031"),
            ("time_precision", "1"),
            ("disorder_type", "Political violence"),
            ("event_type", "Explosions/Remote violence"),
            ("sub_event_type", "Suicide bomb"),
            ("actor1", "Harbour Front"),
            ("assoc_actor_1", ""),
            ("inter1", ""),
            ("actor2", "Civilians (Freedonia)"),
            ("assoc_actor_2", ""),
            ("inter2", "7"),
            ("interaction", ""),
            ("civilian_targeting", "Civilian targeting"),
            ("iso", ""),
            ("region", ""),
            ("country", "Freedonia"),
            ("admin1", ""),
            ("admin2", ""),
            ("admin3", ""),
            ("location", "Port Lumen"),
            ("latitude", "12.5"),
            ("longitude", "-61.25"),
            ("geo_precision", "1"),
            ("source", "Lumen Daily; Coastal Wire"),
            ("source_scale", ""),
            (
                "notes",
                "bombing/explosion on market in Port Lumen, Freedonia, 2031-05-03, killed: 12",
            ),
            ("fatalities", "12"),
            ("tags", ""),
            ("timestamp", ""),
            ("fatalities_low", "12"),
            ("fatalities_high", "12"),
            ("fatalities_status", "agreed"),
            ("country_code", "FD"),
            ("date_iso", "2031-05-03"),
            ("nsources", "2"),
            ("newsfuse_id", "inc-aaaa1111"),
        ];
        assert_eq!(expected.len(), ACLED_COLUMNS.len());
        for (column, value) in expected {
            assert_eq!(cell(row, column), value, "{column}");
        }
    }

    /// One article stating the given facts (each `(attribute, words, value)`).
    fn single(
        id: &str,
        text_: &str,
        facts: Vec<(Attribute, &str, Value)>,
    ) -> (Incident, newsfuse_core::Document) {
        let doc = doc(id, text_, "Hill Gazette", (2031, 7, 1));
        let facts = facts
            .into_iter()
            .map(|(a, w, v)| fact(a, Status::SingleSource, vec![source(&doc, w, v)]))
            .collect();
        let incident = Incident {
            id: format!("inc-{id}"),
            summary: "test".to_string(),
            articles: vec![doc.id.clone()],
            facts,
        };
        (incident, doc)
    }

    #[test]
    fn a_town_s_first_level_region_fills_admin1() {
        let docs = market_docs();
        let incident = with_region(market_bombing(&docs), "Lumen Coast");
        let articles: Articles<'_> = docs.iter().map(|d| (d.id.clone(), d)).collect();
        let rows = export(&[incident], &articles);
        assert_eq!(cell(&rows[0], "location"), "Port Lumen");
        assert_eq!(cell(&rows[0], "admin1"), "Lumen Coast");
        assert_eq!(cell(&rows[0], "geo_precision"), "1");
    }

    #[test]
    fn an_assault_on_soldiers_by_unnamed_gunmen_is_a_battle() {
        let (incident, doc) = single(
            "dddd4444",
            "Gunmen opened fire on soldiers in the Upper Vale region, killing at least 5.",
            vec![
                (
                    Attribute::EventType,
                    "opened fire",
                    event(EventType::ArmedAssault),
                ),
                (
                    Attribute::Place,
                    "Upper Vale",
                    place("Upper Vale", "region", -3.0, 40.5),
                ),
                (Attribute::Victims, "soldiers", text("soldiers")),
                (
                    Attribute::Killed,
                    "at least 5",
                    count(Interval::at_least(5)),
                ),
            ],
        );
        let articles: Articles<'_> = [(doc.id.clone(), &doc)].into_iter().collect();
        let rows = export(&[incident], &articles);
        let row = &rows[0];
        for (column, value) in [
            ("event_date", ""),
            ("year", ""),
            ("time_precision", ""),
            ("event_type", "Battles"),
            ("sub_event_type", "Armed clash"),
            ("actor1", "Unidentified Armed Group (Freedonia)"),
            ("actor2", ""),
            ("inter2", ""),
            ("civilian_targeting", ""),
            ("admin1", "Upper Vale"),
            ("location", "Upper Vale"),
            ("geo_precision", "3"),
            ("fatalities", "5"),
            ("fatalities_low", "5"),
            ("fatalities_high", ""),
            ("fatalities_status", "single_source"),
            ("source", "Hill Gazette"),
        ] {
            assert_eq!(cell(row, column), value, "{column}");
        }
    }

    #[test]
    fn a_kidnapping_without_place_or_toll() {
        let (incident, doc) = single(
            "eeee5555",
            "Armed men abducted two teachers last week.",
            vec![(
                Attribute::EventType,
                "abducted",
                event(EventType::Kidnapping),
            )],
        );
        let articles: Articles<'_> = [(doc.id.clone(), &doc)].into_iter().collect();
        let rows = export(&[incident], &articles);
        let row = &rows[0];
        for (column, value) in [
            ("disorder_type", "Political violence"),
            ("event_type", "Violence against civilians"),
            ("sub_event_type", "Abduction/forced disappearance"),
            ("actor1", "Unidentified Armed Group"),
            ("country", ""),
            ("geo_precision", ""),
            ("fatalities", "0"),
            ("fatalities_low", ""),
            ("fatalities_status", ""),
        ] {
            assert_eq!(cell(row, column), value, "{column}");
        }
    }

    #[test]
    fn event_types_by_attack_type_and_weapon() {
        let kind = |facts: Vec<(Attribute, &str, Value)>| {
            let text_ = "grenade rockets drone petrol bombs rifles market police arson";
            let (incident, _doc) = single("ffff6666", text_, facts);
            let d = Digest::new(&incident, &HashMap::new());
            let k = acled_type(&d);
            (k.disorder_type, k.event_type, k.sub_event_type)
        };
        use Attribute as A;
        let bomb = || (A::EventType, "grenade", event(EventType::Bombing));
        assert_eq!(
            kind(vec![bomb()]),
            (
                POLITICAL_VIOLENCE,
                EXPLOSIONS,
                "Remote explosive/landmine/IED"
            )
        );
        assert_eq!(
            kind(vec![bomb(), (A::Weapons, "grenade", text("grenade"))]),
            (POLITICAL_VIOLENCE, EXPLOSIONS, "Grenade")
        );
        assert_eq!(
            kind(vec![bomb(), (A::Weapons, "rockets", text("rockets"))]),
            (
                POLITICAL_VIOLENCE,
                EXPLOSIONS,
                "Shelling/artillery/missile attack"
            )
        );
        assert_eq!(
            kind(vec![bomb(), (A::Weapons, "drone", text("drone"))]),
            (POLITICAL_VIOLENCE, EXPLOSIONS, "Air/drone strike")
        );
        // A facility attack: arson is property destruction, a bomb an explosion.
        let facility = || (A::EventType, "arson", event(EventType::FacilityAttack));
        assert_eq!(
            kind(vec![
                facility(),
                (A::Weapons, "petrol bombs", text("petrol bombs"))
            ]),
            (
                "Strategic developments",
                "Strategic developments",
                "Looting/property destruction"
            )
        );
        assert_eq!(
            kind(vec![facility(), (A::Weapons, "grenade", text("grenade"))]),
            (POLITICAL_VIOLENCE, EXPLOSIONS, "Grenade")
        );
        // An attack of unknown kind: by its weapons, else as an armed assault.
        let attack = || (A::EventType, "rifles", event(EventType::Attack));
        assert_eq!(
            kind(vec![attack(), (A::Weapons, "grenade", text("grenade"))]),
            (POLITICAL_VIOLENCE, EXPLOSIONS, "Grenade")
        );
        assert_eq!(
            kind(vec![
                attack(),
                (A::Targets, "police", text("police station"))
            ]),
            (POLITICAL_VIOLENCE, "Battles", "Armed clash")
        );
        assert_eq!(
            kind(vec![attack(), (A::Targets, "market", text("market"))]),
            (POLITICAL_VIOLENCE, VIOLENCE_AGAINST_CIVILIANS, "Attack")
        );
        // Without any target, an armed assault is one-sided violence.
        assert_eq!(
            kind(vec![(
                A::EventType,
                "rifles",
                event(EventType::ArmedAssault)
            )]),
            (POLITICAL_VIOLENCE, VIOLENCE_AGAINST_CIVILIANS, "Attack")
        );
        assert_eq!(
            kind(vec![(
                A::EventType,
                "police",
                event(EventType::HostageTaking)
            )]),
            (
                POLITICAL_VIOLENCE,
                VIOLENCE_AGAINST_CIVILIANS,
                "Abduction/forced disappearance"
            )
        );
        assert_eq!(
            kind(vec![(
                A::EventType,
                "police",
                event(EventType::UnarmedAssault)
            )]),
            (POLITICAL_VIOLENCE, VIOLENCE_AGAINST_CIVILIANS, "Attack")
        );
    }

    #[test]
    fn dates_by_grain() {
        let date = |t: TimeValue| {
            let (d, y, p) = acled_date(Some(&t));
            (d.map(|d| d.to_string()), y, p)
        };
        let s = |x: &str| Some(x.to_string());
        assert_eq!(
            date(TimeValue::day(Date::new(2031, 5, 3).unwrap())),
            (s("2031-05-03"), Some(2031), Some(1))
        );
        let week = TimeValue {
            grain: Grain::Week,
            ..TimeValue::day(Date::new(2031, 5, 5).unwrap())
        };
        assert_eq!(date(week), (s("2031-05-08"), Some(2031), Some(2)));
        assert_eq!(
            date(TimeValue::month(Some(2031), 2)),
            (s("2031-02-15"), Some(2031), Some(3))
        );
        assert_eq!(date(TimeValue::month(None, 2)), (None, None, None));
        assert_eq!(date(TimeValue::day_without_year(2, 3)), (None, None, None));
        assert_eq!(date(TimeValue::year(2031)), (None, Some(2031), None));
        assert_eq!(acled_date(None), (None, None, None));
    }
}
