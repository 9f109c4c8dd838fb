//! The Global Terrorism Database's CSV layout: one row per incident, the codebook's
//! columns filled from the fused facts, then newsfuse's own columns (count ranges and
//! statuses, sources) so nothing the fusion knows is lost.

use std::io::Write;

use newsfuse_core::{EventType, Grain, Incident, TimeValue};

use crate::analyst::{
    is_full_day, write_table, Digest, ExportError, ExportFormat, Row, TARGET_UNKNOWN,
    WEAPON_UNKNOWN,
};
use crate::Articles;

/// The GTD export's columns, in order: the codebook's names first, newsfuse's after
/// `nwound`.
pub const GTD_COLUMNS: &[&str] = &[
    "eventid",
    "iyear",
    "imonth",
    "iday",
    "approxdate",
    "extended",
    "country_txt",
    "provstate",
    "city",
    "latitude",
    "longitude",
    "specificity",
    "summary",
    "suicide",
    "attacktype1",
    "attacktype1_txt",
    "targtype1",
    "targtype1_txt",
    "target1",
    "gname",
    "claimed",
    "nperps",
    "weaptype1",
    "weaptype1_txt",
    "weapdetail",
    "nkill",
    "nwound",
    "nkillter",
    "nhostkid",
    "nkill_low",
    "nkill_high",
    "nwound_low",
    "nwound_high",
    "nkill_status",
    "nwound_status",
    "nperps_low",
    "nperps_high",
    "date_iso",
    "country_code",
    "nsources",
    "sources",
    "newsfuse_id",
];

/// The GTD attack type (`attacktype1`, `attacktype1_txt`) of an event type; no event
/// type, or the generic `attack`, is Unknown (9). GTD's Hijacking (4) has no
/// counterpart among ours.
pub(crate) fn attack_type(event_type: Option<EventType>) -> (u8, &'static str) {
    match event_type {
        Some(EventType::Assassination) => (1, "Assassination"),
        Some(EventType::ArmedAssault) => (2, "Armed Assault"),
        Some(EventType::Bombing) => (3, "Bombing/Explosion"),
        Some(EventType::HostageTaking) => (5, "Hostage Taking (Barricade Incident)"),
        Some(EventType::Kidnapping) => (6, "Hostage Taking (Kidnapping)"),
        Some(EventType::FacilityAttack) => (7, "Facility/Infrastructure Attack"),
        Some(EventType::UnarmedAssault) => (8, "Unarmed Assault"),
        Some(EventType::Attack) | None => (9, "Unknown"),
    }
}

/// `iyear`, `imonth`, `iday` and `approxdate` of a time: a part GTD cannot know is 0
/// (month, day) or blank (year); `approxdate` is the ISO string when the time is not a
/// whole day.
struct GtdDate {
    year: Option<i32>,
    month: u32,
    day: u32,
    approx: Option<String>,
}

fn gtd_date(time: Option<&TimeValue>) -> GtdDate {
    let Some(t) = time else {
        return GtdDate {
            year: None,
            month: 0,
            day: 0,
            approx: None,
        };
    };
    let approx = (!is_full_day(t)).then(|| t.iso());
    let month = t.month.map_or(0, u32::from);
    let day = t.day.map_or(0, u32::from);
    let (year, month, day) = match t.grain {
        Grain::Minute | Grain::Hour | Grain::PartOfDay | Grain::Day => (t.year, month, day),
        Grain::Month => (t.year, month, 0),
        // A week or weekend keeps the year and month it lies in when it does not
        // straddle them.
        Grain::Week | Grain::Weekend => match t.date_range() {
            Some(range) => {
                let (monday, sunday) = (range.first, range.last);
                let same_year = monday.year() == sunday.year();
                (
                    same_year.then_some(monday.year()),
                    if same_year && monday.month() == sunday.month() {
                        monday.month()
                    } else {
                        0
                    },
                    0,
                )
            }
            None => (t.year, 0, 0),
        },
        Grain::Quarter | Grain::Season | Grain::Half | Grain::Year => (t.year, 0, 0),
        Grain::Decade | Grain::Century => (None, 0, 0),
    };
    GtdDate {
        year,
        month,
        day,
        approx,
    }
}

fn gtd_row(incident: &Incident, articles: &Articles<'_>) -> Row {
    let d = Digest::new(incident, articles);
    let mut row = Row::new(GTD_COLUMNS);
    row.set("eventid", &incident.id);
    let date = gtd_date(d.date.as_ref());
    row.set_opt("iyear", date.year);
    row.set("imonth", date.month);
    row.set("iday", date.day);
    row.set_opt("approxdate", date.approx);
    row.set("extended", 0);
    if let Some(p) = d.place {
        row.set("country_txt", &p.country);
        row.set("country_code", &p.country_code);
        // GTD's specificity: 1 = the city's own coordinates, 4 = the centre of a
        // first-order region, 5 = no region below the country, coordinates unknown.
        let (specificity, located) = match p.kind.as_str() {
            "city" => {
                row.set("city", &p.name);
                if let Some(region) = &p.region {
                    row.set("provstate", region);
                }
                (Some(1), true)
            }
            "region" => {
                row.set("provstate", &p.name);
                (Some(4), true)
            }
            "country" => (Some(5), false),
            _ => (None, true),
        };
        row.set_opt("specificity", specificity);
        if located {
            row.set("latitude", p.lat);
            row.set("longitude", p.lon);
        }
    }
    row.set("summary", &incident.summary);
    row.set("suicide", u8::from(d.suicide()));
    let (code, text) = attack_type(d.event_type);
    row.set("attacktype1", code);
    row.set("attacktype1_txt", text);
    let target = d.target_type().unwrap_or(&TARGET_UNKNOWN);
    row.set("targtype1", target.code);
    row.set("targtype1_txt", target.text);
    let target1 = match (d.facility, d.targets.is_empty()) {
        (Some(facility), _) => facility.to_string(),
        (None, false) => d.targets.join("; "),
        (None, true) => d.victims.join("; "),
    };
    row.set("target1", target1);
    row.set("gname", d.perpetrator_org.unwrap_or("Unknown"));
    // 1 when a source reports a claim; -9 (unknown) otherwise: articles that say
    // nothing of a claim do not show that none was made.
    row.set("claimed", if d.claimed { "1" } else { "-9" });
    match d.attackers {
        Some(a) => {
            row.set("nperps", a.best().map_or(-99, |n| n as i64));
            row.set("nperps_low", a.low());
            row.set_opt("nperps_high", a.high());
        }
        None => row.set("nperps", -99),
    }
    let weapon = d.main_weapon_type().unwrap_or(&WEAPON_UNKNOWN);
    row.set("weaptype1", weapon.code);
    row.set("weaptype1_txt", weapon.text);
    row.set("weapdetail", d.weapons.join("; "));
    for (count, best, low, high, status) in [
        (d.killed, "nkill", "nkill_low", "nkill_high", "nkill_status"),
        (
            d.wounded,
            "nwound",
            "nwound_low",
            "nwound_high",
            "nwound_status",
        ),
    ] {
        if let Some(c) = count {
            row.set_opt(best, c.best());
            row.set(low, c.low());
            row.set_opt(high, c.high());
            row.set(status, c.status.as_str());
        }
    }
    // The attackers' dead, where a report counts them (GTD leaves it blank when
    // unknown).
    if let Some(c) = d.attackers_killed {
        row.set_opt("nkillter", c.best());
    }
    // The people kidnapped or taken hostage, where a report counts them.
    if let Some(c) = d.hostages {
        row.set_opt("nhostkid", c.best());
    }
    row.set_opt("date_iso", d.date.map(|t| t.iso()));
    row.set("nsources", incident.articles.len());
    row.set("sources", d.sources());
    row.set("newsfuse_id", &incident.id);
    row
}

/// Writes `incidents` as GTD-style CSV, one row per incident, columns [`GTD_COLUMNS`].
pub fn write_gtd(
    incidents: &[Incident],
    articles: &Articles<'_>,
    out: &mut dyn Write,
) -> Result<(), ExportError> {
    write_table(
        ExportFormat::Gtd,
        GTD_COLUMNS,
        incidents.iter().map(|i| gtd_row(i, articles)),
        out,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyst::testkit::*;
    use newsfuse_core::{Attribute, Date, Interval, Status, Value};
    use std::collections::HashMap;

    fn export(incidents: &[Incident], articles: &Articles<'_>) -> Vec<Vec<(String, String)>> {
        let mut out = Vec::new();
        write_gtd(incidents, articles, &mut out).unwrap();
        let (header, rows) = read_csv(&out);
        assert_eq!(header, GTD_COLUMNS);
        rows
    }

    #[test]
    fn a_full_incident_fills_every_column_it_can() {
        let docs = market_docs();
        let incident = market_bombing(&docs);
        let articles: Articles<'_> = docs.iter().map(|d| (d.id.clone(), d)).collect();
        let rows = export(&[incident], &articles);
        assert_eq!(rows.len(), 1);
        let row = &rows[0];
        let expected = [
            ("eventid", "inc-aaaa1111"),
            ("iyear", "2031"),
            ("imonth", "5"),
            ("iday", "3"),
            ("approxdate", ""),
            ("extended", "0"),
            ("country_txt", "Freedonia"),
            ("provstate", ""),
            ("city", "Port Lumen"),
            ("latitude", "12.5"),
            ("longitude", "-61.25"),
            ("specificity", "1"),
            (
                "summary",
                "bombing/explosion on market in Port Lumen, Freedonia, 2031-05-03, killed: 12",
            ),
            ("suicide", "1"),
            ("attacktype1", "3"),
            ("attacktype1_txt", "Bombing/Explosion"),
            ("targtype1", "14"),
            ("targtype1_txt", "Private Citizens & Property"),
            ("target1", "market"),
            ("gname", "Harbour Front"),
            ("claimed", "1"),
            ("nperps", "-99"),
            ("weaptype1", "6"),
            ("weaptype1_txt", "Explosives"),
            ("weapdetail", "suicide vest; rifles"),
            ("nkill", "12"),
            ("nwound", ""),
            ("nkillter", ""),
            ("nhostkid", ""),
            ("nkill_low", "12"),
            ("nkill_high", "12"),
            ("nwound_low", "30"),
            ("nwound_high", ""),
            ("nkill_status", "agreed"),
            ("nwound_status", "conflict"),
            ("nperps_low", ""),
            ("nperps_high", ""),
            ("date_iso", "2031-05-03"),
            ("country_code", "FD"),
            ("nsources", "2"),
            ("sources", "Lumen Daily; Coastal Wire"),
            ("newsfuse_id", "inc-aaaa1111"),
        ];
        assert_eq!(expected.len(), GTD_COLUMNS.len());
        for (column, value) in expected {
            assert_eq!(cell(row, column), value, "{column}");
        }
    }

    #[test]
    fn a_town_s_first_level_region_fills_provstate() {
        let docs = market_docs();
        let incident = with_region(market_bombing(&docs), "Lumen Coast");
        let articles: Articles<'_> = docs.iter().map(|d| (d.id.clone(), d)).collect();
        let rows = export(&[incident], &articles);
        assert_eq!(cell(&rows[0], "city"), "Port Lumen");
        assert_eq!(cell(&rows[0], "provstate"), "Lumen Coast");
        assert_eq!(cell(&rows[0], "specificity"), "1");
    }

    #[test]
    fn an_incident_without_facts_uses_the_unknown_codes() {
        let rows = export(&[bare_incident("inc-bare")], &HashMap::new());
        let row = &rows[0];
        for (column, value) in [
            ("eventid", "inc-bare"),
            ("iyear", ""),
            ("imonth", "0"),
            ("iday", "0"),
            ("approxdate", ""),
            ("country_txt", ""),
            ("latitude", ""),
            ("specificity", ""),
            ("suicide", "0"),
            ("attacktype1", "9"),
            ("attacktype1_txt", "Unknown"),
            ("targtype1", "20"),
            ("targtype1_txt", "Unknown"),
            ("target1", ""),
            ("gname", "Unknown"),
            ("claimed", "-9"),
            ("nperps", "-99"),
            ("weaptype1", "13"),
            ("weaptype1_txt", "Unknown"),
            ("nkill", ""),
            ("nkill_low", ""),
            ("nkill_status", ""),
            ("nsources", "1"),
            ("sources", ""),
            ("date_iso", ""),
        ] {
            assert_eq!(cell(row, column), value, "{column}");
        }
    }

    #[test]
    fn the_attackers_dead_fill_nkillter_apart_from_nkill() {
        let doc = doc(
            "dddd4444",
            "Gunmen killed 4 guards at a depot in Freedonia; 2 of the gunmen were killed.",
            "Inland Post",
            (2031, 6, 1),
        );
        let incident = Incident {
            id: "inc-dddd4444".to_string(),
            summary: "armed assault".to_string(),
            articles: vec![doc.id.clone()],
            facts: vec![
                fact(
                    Attribute::Killed,
                    Status::SingleSource,
                    vec![source(&doc, "4 guards", count(Interval::exact(4)))],
                ),
                fact(
                    Attribute::AttackersKilled,
                    Status::SingleSource,
                    vec![source(&doc, "2", count(Interval::exact(2)))],
                ),
            ],
        };
        let articles: Articles<'_> = [(doc.id.clone(), &doc)].into_iter().collect();
        let rows = export(&[incident], &articles);
        assert_eq!(cell(&rows[0], "nkill"), "4");
        assert_eq!(cell(&rows[0], "nkillter"), "2");
        assert_eq!(cell(&rows[0], "nhostkid"), "");
    }

    #[test]
    fn the_hostages_fill_nhostkid() {
        let doc = doc(
            "eeee5555",
            "Gunmen abducted 23 students and two teachers from a school in Freedonia.",
            "Inland Post",
            (2031, 6, 1),
        );
        let incident = Incident {
            id: "inc-eeee5555".to_string(),
            summary: "hostage taking".to_string(),
            articles: vec![doc.id.clone()],
            facts: vec![fact(
                Attribute::Hostages,
                Status::SingleSource,
                vec![source(
                    &doc,
                    "23 students and two teachers",
                    count(Interval::exact(25)),
                )],
            )],
        };
        let articles: Articles<'_> = [(doc.id.clone(), &doc)].into_iter().collect();
        let rows = export(&[incident], &articles);
        assert_eq!(cell(&rows[0], "nhostkid"), "25");
        assert_eq!(cell(&rows[0], "nkill"), "");
    }

    #[test]
    fn coarse_dates_and_places_follow_the_codebook() {
        let doc = doc(
            "cccc3333",
            "In May 2031 gunmen held about 7 people at a school somewhere in Freedonia.",
            "Inland Post",
            (2031, 6, 1),
        );
        let month = Value::Time {
            time: TimeValue::month(Some(2031), 5),
        };
        let incident = Incident {
            id: "inc-cccc3333".to_string(),
            summary: "hostage taking".to_string(),
            articles: vec![doc.id.clone()],
            facts: vec![
                fact(
                    Attribute::EventType,
                    Status::SingleSource,
                    vec![source(&doc, "held", event(EventType::HostageTaking))],
                ),
                fact(
                    Attribute::Date,
                    Status::SingleSource,
                    vec![source(&doc, "May 2031", month)],
                ),
                fact(
                    Attribute::Place,
                    Status::SingleSource,
                    vec![source(
                        &doc,
                        "Freedonia",
                        place("Freedonia", "country", 1.0, 2.0),
                    )],
                ),
                fact(
                    Attribute::Attackers,
                    Status::SingleSource,
                    vec![source(&doc, "gunmen", count(Interval::between(6, 8)))],
                ),
                fact(
                    Attribute::Targets,
                    Status::SingleSource,
                    vec![source(&doc, "school", text("school"))],
                ),
            ],
        };
        let articles: Articles<'_> = [(doc.id.clone(), &doc)].into_iter().collect();
        let rows = export(&[incident], &articles);
        let row = &rows[0];
        for (column, value) in [
            ("iyear", "2031"),
            ("imonth", "5"),
            ("iday", "0"),
            ("approxdate", "2031-05"),
            ("country_txt", "Freedonia"),
            ("city", ""),
            ("latitude", ""),
            ("longitude", ""),
            ("specificity", "5"),
            ("attacktype1_txt", "Hostage Taking (Barricade Incident)"),
            ("targtype1_txt", "Educational Institution"),
            ("target1", "school"),
            ("nperps", "-99"),
            ("nperps_low", "6"),
            ("nperps_high", "8"),
            ("date_iso", "2031-05"),
            ("sources", "Inland Post"),
        ] {
            assert_eq!(cell(row, column), value, "{column}");
        }
    }

    #[test]
    fn date_parts_by_grain() {
        let parts = |t: TimeValue| {
            let d = gtd_date(Some(&t));
            (d.year, d.month, d.day, d.approx.unwrap_or_default())
        };
        let day = Date::new(2031, 5, 3).unwrap();
        assert_eq!(
            parts(TimeValue::day(day)),
            (Some(2031), 5, 3, String::new())
        );
        let evening = TimeValue {
            grain: Grain::PartOfDay,
            part: Some(newsfuse_core::DayPart::Evening),
            ..TimeValue::day(day)
        };
        assert_eq!(parts(evening), (Some(2031), 5, 3, String::new()));
        assert_eq!(
            parts(TimeValue::day_without_year(5, 3)),
            (None, 5, 3, "--05-03".to_string())
        );
        assert_eq!(
            parts(TimeValue::year(2031)),
            (Some(2031), 0, 0, "2031".to_string())
        );
        // The week of Monday 2031-05-05 lies in May; that of Monday 2031-03-31 does not.
        let week = |d: Date| TimeValue {
            grain: Grain::Week,
            ..TimeValue::day(d)
        };
        assert_eq!(
            parts(week(Date::new(2031, 5, 5).unwrap())),
            (Some(2031), 5, 0, "2031-W19".to_string())
        );
        assert_eq!(
            parts(week(Date::new(2031, 3, 31).unwrap())),
            (Some(2031), 0, 0, "2031-W14".to_string())
        );
        // The weekend of 2031-05-31 and 2031-06-01 straddles two months.
        assert_eq!(
            parts(TimeValue::weekend(Date::new(2031, 5, 31).unwrap())),
            (Some(2031), 0, 0, "2031-W22-WE".to_string())
        );
        // The week of Monday 2029-12-31 straddles two years.
        assert_eq!(
            parts(week(Date::new(2029, 12, 31).unwrap())),
            (None, 0, 0, "2030-W01".to_string())
        );
        let decade = TimeValue {
            grain: Grain::Decade,
            ..TimeValue::year(2031)
        };
        assert_eq!(parts(decade), (None, 0, 0, "2030s".to_string()));
    }

    #[test]
    fn attack_types_follow_the_codebook() {
        let table: Vec<(u8, &str)> = [
            Some(EventType::Assassination),
            Some(EventType::ArmedAssault),
            Some(EventType::Bombing),
            Some(EventType::HostageTaking),
            Some(EventType::Kidnapping),
            Some(EventType::FacilityAttack),
            Some(EventType::UnarmedAssault),
            Some(EventType::Attack),
            None,
        ]
        .into_iter()
        .map(attack_type)
        .collect();
        assert_eq!(
            table,
            [
                (1, "Assassination"),
                (2, "Armed Assault"),
                (3, "Bombing/Explosion"),
                (5, "Hostage Taking (Barricade Incident)"),
                (6, "Hostage Taking (Kidnapping)"),
                (7, "Facility/Infrastructure Attack"),
                (8, "Unarmed Assault"),
                (9, "Unknown"),
                (9, "Unknown"),
            ]
        );
    }
}
