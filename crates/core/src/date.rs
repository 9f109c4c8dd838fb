use std::fmt;

use serde::{Deserialize, Serialize};

/// A calendar day (proleptic Gregorian).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

/// Why a date could not be built or read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    /// Month or day out of range for the calendar.
    #[error("{year:04}-{month:02}-{day:02} is not a calendar day")]
    NotADay {
        /// Year given.
        year: i32,
        /// Month given.
        month: u32,
        /// Day given.
        day: u32,
    },
    /// Text that is not `YYYY-MM-DD` (optionally followed by a time).
    #[error("'{0}' is not a date in the form YYYY-MM-DD")]
    Syntax(String),
}

/// Days in `month` of `year`.
pub(crate) fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

impl Date {
    /// A checked calendar day.
    pub fn new(year: i32, month: u32, day: u32) -> Result<Date, DateError> {
        let bad = DateError::NotADay { year, month, day };
        let m = u8::try_from(month).map_err(|_| bad.clone())?;
        let d = u8::try_from(day).map_err(|_| bad.clone())?;
        if !(1..=12).contains(&m) || d == 0 || d > days_in_month(year, m) {
            return Err(bad);
        }
        Ok(Date {
            year,
            month: m,
            day: d,
        })
    }

    /// Reads `YYYY-MM-DD`, also when a time follows (`2024-03-22T18:00:00Z`,
    /// `2024-03-22 18:00`).
    pub fn parse_iso(text: &str) -> Result<Date, DateError> {
        let t = text.trim();
        let syntax = || DateError::Syntax(t.to_string());
        let head = t.get(..10).ok_or_else(syntax)?;
        let rest = &t[10..];
        if !(rest.is_empty() || rest.starts_with('T') || rest.starts_with(' ')) {
            return Err(syntax());
        }
        let b = head.as_bytes();
        if b[4] != b'-' || b[7] != b'-' {
            return Err(syntax());
        }
        let year: i32 = head[..4].parse().map_err(|_| syntax())?;
        let month: u32 = head[5..7].parse().map_err(|_| syntax())?;
        let day: u32 = head[8..10].parse().map_err(|_| syntax())?;
        Date::new(year, month, day)
    }

    /// Days in `month` (1–12) of `year`; 0 for a month out of range.
    pub fn days_in_month(year: i32, month: u8) -> u8 {
        days_in_month(year, month)
    }

    /// Year.
    pub fn year(self) -> i32 {
        self.year
    }

    /// Month, 1–12.
    pub fn month(self) -> u32 {
        self.month as u32
    }

    /// Day of the month, 1–31.
    pub fn day(self) -> u32 {
        self.day as u32
    }

    /// Days since 1970-01-01 (negative before).
    pub fn days_since_epoch(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = if y >= 0 { y } else { y - 399 } / 400;
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let mp = if m > 2 { m - 3 } else { m + 9 };
        let doy = (153 * mp + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The day `days_since_epoch` days after 1970-01-01.
    pub fn from_days_since_epoch(days: i64) -> Date {
        let z = days + 719_468;
        let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Date {
            year: year as i32,
            month: month as u8,
            day: day as u8,
        }
    }

    /// The day `n` days later (earlier when negative).
    pub fn add_days(self, n: i64) -> Date {
        Date::from_days_since_epoch(self.days_since_epoch() + n)
    }

    /// The ISO 8601 week-numbering year and week (1–53) of the day.
    pub fn iso_week(self) -> (i32, u32) {
        // The week belongs to the year of its Thursday.
        let thursday = self.add_days(3 - i64::from(self.weekday()));
        let jan1 = Date {
            year: thursday.year,
            month: 1,
            day: 1,
        };
        let week = (thursday.days_since_epoch() - jan1.days_since_epoch()) / 7 + 1;
        (thursday.year, week as u32)
    }

    /// Day of the week, 0 = Monday … 6 = Sunday.
    pub fn weekday(self) -> u32 {
        // 1970-01-01 was a Thursday (3).
        (self.days_since_epoch() + 3).rem_euclid(7) as u32
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// The precision of a time value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Grain {
    /// A minute of a day ("10:35 a.m.").
    Minute,
    /// An hour of a day ("10 p.m.").
    Hour,
    /// A part of a day ("on Friday evening"), kept at day precision with the part noted.
    PartOfDay,
    /// One calendar day.
    Day,
    /// A week.
    Week,
    /// A calendar month.
    Month,
    /// A quarter of a year (the value's month is the quarter's first month).
    Quarter,
    /// A season.
    Season,
    /// A calendar year.
    Year,
    /// A decade.
    Decade,
}

impl Grain {
    /// The snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Grain::Minute => "minute",
            Grain::Hour => "hour",
            Grain::PartOfDay => "part_of_day",
            Grain::Day => "day",
            Grain::Week => "week",
            Grain::Month => "month",
            Grain::Quarter => "quarter",
            Grain::Season => "season",
            Grain::Year => "year",
            Grain::Decade => "decade",
        }
    }
}

/// A point in time at some grain, possibly with an unknown year ("March 22nd" in an
/// undated article).
///
/// Invariant: fields finer than the grain are `None`; a day value has month and day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TimeValue {
    /// The year, `None` when it cannot be known.
    pub year: Option<i32>,
    /// Month 1–12, for day and month grains.
    pub month: Option<u8>,
    /// Day of month, for the day grain.
    pub day: Option<u8>,
    /// Hour 0–23, for the hour and minute grains.
    #[serde(default)]
    pub hour: Option<u8>,
    /// Minute 0–59, for the minute grain.
    #[serde(default)]
    pub minute: Option<u8>,
    /// The part of the day ("evening"), for the part-of-day grain, when said.
    #[serde(default)]
    pub part: Option<DayPart>,
    /// The precision.
    pub grain: Grain,
}

/// A part of a day, with TimeML's codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DayPart {
    /// Morning (`MO`).
    Morning,
    /// Afternoon (`AF`).
    Afternoon,
    /// Evening (`EV`).
    Evening,
    /// Night (`NI`).
    Night,
}

impl DayPart {
    /// TimeML's code: `MO`, `AF`, `EV`, `NI`.
    pub fn code(self) -> &'static str {
        match self {
            DayPart::Morning => "MO",
            DayPart::Afternoon => "AF",
            DayPart::Evening => "EV",
            DayPart::Night => "NI",
        }
    }
}

impl TimeValue {
    /// Nothing known, at year grain: the base for building values field by field.
    pub const UNKNOWN: TimeValue = TimeValue {
        year: None,
        month: None,
        day: None,
        hour: None,
        minute: None,
        part: None,
        grain: Grain::Year,
    };

    /// The same day without its time of day or part of day, at day grain.
    pub fn whole_day(self) -> TimeValue {
        TimeValue {
            hour: None,
            minute: None,
            part: None,
            grain: Grain::Day,
            ..self
        }
    }

    /// A whole day.
    pub fn day(date: Date) -> TimeValue {
        TimeValue {
            year: Some(date.year()),
            month: Some(date.month),
            day: Some(date.day),
            grain: Grain::Day,
            ..TimeValue::UNKNOWN
        }
    }

    /// A day whose year is unknown.
    pub fn day_without_year(month: u8, day: u8) -> TimeValue {
        TimeValue {
            year: None,
            month: Some(month),
            day: Some(day),
            grain: Grain::Day,
            ..TimeValue::UNKNOWN
        }
    }

    /// A month, with or without year.
    pub fn month(year: Option<i32>, month: u8) -> TimeValue {
        TimeValue {
            year,
            month: Some(month),
            day: None,
            grain: Grain::Month,
            ..TimeValue::UNKNOWN
        }
    }

    /// A year.
    pub fn year(year: i32) -> TimeValue {
        TimeValue {
            year: Some(year),
            month: None,
            day: None,
            grain: Grain::Year,
            ..TimeValue::UNKNOWN
        }
    }

    /// ISO 8601 to the grain: `2024-03-22`, `2024-03`, `2024`, `--03-22` (year unknown),
    /// `--03` (month of an unknown year), `2020s` for a decade, `2024-W12` for the week
    /// whose Monday is the value's day, `2023-SU` (TimeML's season codes `SP`, `SU`,
    /// `FA`, `WI`) for a season, whose month is its last month (3, 6, 9, 12); a time of
    /// day as `2024-03-22T22:00` (minute), `2024-03-22T22` (hour) or `2024-03-22TEV`
    /// (part of day).
    pub fn iso(&self) -> String {
        let day = self.iso_date();
        match (self.day, self.grain, self.hour, self.minute, self.part) {
            (Some(_), Grain::Minute, Some(h), Some(mi), _) => format!("{day}T{h:02}:{mi:02}"),
            (Some(_), Grain::Hour, Some(h), _, _) => format!("{day}T{h:02}"),
            (Some(_), Grain::PartOfDay, _, _, Some(part)) => format!("{day}T{}", part.code()),
            _ => day,
        }
    }

    /// `iso` without the time of day.
    fn iso_date(&self) -> String {
        match (self.year, self.month, self.day, self.grain) {
            (Some(y), _, _, Grain::Decade) => format!("{}s", y - y.rem_euclid(10)),
            (Some(y), Some(m), Some(d), Grain::Week) => {
                match Date::new(y, u32::from(m), u32::from(d)) {
                    Ok(date) => {
                        let (wy, w) = date.iso_week();
                        format!("{wy:04}-W{w:02}")
                    }
                    Err(_) => format!("{y:04}-{m:02}-{d:02}"),
                }
            }
            (Some(y), Some(m), _, Grain::Quarter) => format!("{y:04}-Q{}", (m - 1) / 3 + 1),
            (Some(y), Some(m), _, Grain::Season) => {
                let code = match m {
                    1..=3 => "SP",
                    4..=6 => "SU",
                    7..=9 => "FA",
                    _ => "WI",
                };
                format!("{y:04}-{code}")
            }
            (Some(y), Some(m), Some(d), _) => format!("{y:04}-{m:02}-{d:02}"),
            (None, Some(m), Some(d), _) => format!("--{m:02}-{d:02}"),
            (Some(y), Some(m), None, _) => format!("{y:04}-{m:02}"),
            (None, Some(m), None, _) => format!("--{m:02}"),
            (Some(y), None, _, _) => format!("{y:04}"),
            (None, None, _, _) => "unknown".to_string(),
        }
    }

    /// Whether two values can name the same time: every field both know agrees.
    pub fn is_compatible(&self, other: &TimeValue) -> bool {
        fn agree<T: PartialEq>(a: Option<T>, b: Option<T>) -> bool {
            match (a, b) {
                (Some(a), Some(b)) => a == b,
                _ => true,
            }
        }
        agree(self.year, other.year) && agree(self.month, other.month) && agree(self.day, other.day)
    }

    /// How many fields are known; higher is more specific.
    pub fn specificity(&self) -> u8 {
        u8::from(self.year.is_some())
            + u8::from(self.month.is_some())
            + u8::from(self.day.is_some())
    }

    /// The calendar day when year, month and day are all known.
    pub fn as_date(&self) -> Option<Date> {
        Date::new(self.year?, u32::from(self.month?), u32::from(self.day?)).ok()
    }
}

/// The unit of a duration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DurationUnit {
    /// Seconds.
    Second,
    /// Minutes.
    Minute,
    /// Hours.
    Hour,
    /// Days.
    Day,
    /// Weeks.
    Week,
    /// Months.
    Month,
    /// Quarters of a year.
    Quarter,
    /// Years.
    Year,
    /// Decades.
    Decade,
    /// Centuries.
    Century,
}

impl DurationUnit {
    /// The snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            DurationUnit::Second => "second",
            DurationUnit::Minute => "minute",
            DurationUnit::Hour => "hour",
            DurationUnit::Day => "day",
            DurationUnit::Week => "week",
            DurationUnit::Month => "month",
            DurationUnit::Quarter => "quarter",
            DurationUnit::Year => "year",
            DurationUnit::Decade => "decade",
            DurationUnit::Century => "century",
        }
    }

    /// The duration in ISO 8601 / TimeML form: `P3D`, `PT2H`, `P10Y` for a decade, `PXY`
    /// when the amount is unknown ("several years").
    pub fn iso(self, amount: Option<u32>) -> String {
        let n = |k: u32| amount.map_or("X".to_string(), |a| (a * k).to_string());
        match self {
            DurationUnit::Second => format!("PT{}S", n(1)),
            DurationUnit::Minute => format!("PT{}M", n(1)),
            DurationUnit::Hour => format!("PT{}H", n(1)),
            DurationUnit::Day => format!("P{}D", n(1)),
            DurationUnit::Week => format!("P{}W", n(1)),
            DurationUnit::Month => format!("P{}M", n(1)),
            DurationUnit::Quarter => format!("P{}Q", n(1)),
            DurationUnit::Year => format!("P{}Y", n(1)),
            DurationUnit::Decade => match amount {
                Some(a) => format!("P{}Y", a * 10),
                None => "PXE".to_string(),
            },
            DurationUnit::Century => match amount {
                Some(a) => format!("P{}Y", a * 100),
                None => "PXC".to_string(),
            },
        }
    }
}

/// A time the text places only relative to the moment of speaking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TimeRefPoint {
    /// "recently", "in the past".
    Past,
    /// "now", "currently".
    Present,
    /// "soon", "in the future".
    Future,
}

impl TimeRefPoint {
    /// TimeML's value: `PAST_REF`, `PRESENT_REF`, `FUTURE_REF`.
    pub fn timeml(self) -> &'static str {
        match self {
            TimeRefPoint::Past => "PAST_REF",
            TimeRefPoint::Present => "PRESENT_REF",
            TimeRefPoint::Future => "FUTURE_REF",
        }
    }
}

/// What a temporal expression denotes, once normalised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TimeRef {
    /// A point at some grain ("March 22nd", "in 2021", "yesterday").
    Point {
        /// The value.
        value: TimeValue,
    },
    /// From a time on, open-ended ("since 2021").
    Since {
        /// The start.
        value: TimeValue,
    },
    /// Up to a time ("before 2020", "until March").
    Until {
        /// The end.
        value: TimeValue,
    },
    /// A length of time ("three years", "several months"); `amount` is `None` when the
    /// text does not say how many.
    Duration {
        /// How many units, when said.
        amount: Option<u32>,
        /// The unit.
        unit: DurationUnit,
    },
    /// Past, present or future, relative to the moment of speaking ("now", "recently").
    Relative {
        /// Which.
        point: TimeRefPoint,
    },
    /// Recognised but not anchorable without a reference time ("earlier in the year" in
    /// an undated article). Unknown stays unknown.
    Unresolved,
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn iso_to_grain() {
        let d = Date::new(2024, 3, 22).unwrap();
        assert_eq!(TimeValue::day(d).iso(), "2024-03-22");
        assert_eq!(TimeValue::day_without_year(3, 22).iso(), "--03-22");
        assert_eq!(TimeValue::month(Some(2024), 3).iso(), "2024-03");
        assert_eq!(TimeValue::year(2021).iso(), "2021");
        assert!(TimeValue::day_without_year(3, 22).is_compatible(&TimeValue::day(d)));
        assert!(!TimeValue::day_without_year(3, 23).is_compatible(&TimeValue::day(d)));
    }

    #[test]
    fn parse_iso_dates() {
        assert_eq!(
            Date::parse_iso("2024-03-22T18:00:00Z"),
            Date::new(2024, 3, 22)
        );
        assert_eq!(
            Date::parse_iso("2024-02-30").unwrap_err().to_string(),
            "2024-02-30 is not a calendar day"
        );
        assert_eq!(
            Date::parse_iso("22/03/2024").unwrap_err().to_string(),
            "'22/03/2024' is not a date in the form YYYY-MM-DD"
        );
        assert!(Date::parse_iso("2024-03-2").is_err());
    }

    #[test]
    fn iso_weeks_and_seasons() {
        // 2021-01-03 (a Sunday) is in week 53 of 2020; 2024-12-30 in week 1 of 2025.
        assert_eq!(Date::new(2021, 1, 3).unwrap().iso_week(), (2020, 53));
        assert_eq!(Date::new(2024, 12, 30).unwrap().iso_week(), (2025, 1));
        assert_eq!(Date::new(2024, 3, 18).unwrap().iso_week(), (2024, 12));
        let week = TimeValue {
            grain: Grain::Week,
            ..TimeValue::day(Date::new(2024, 3, 18).unwrap())
        };
        assert_eq!(week.iso(), "2024-W12");
        let summer = TimeValue {
            year: Some(2023),
            month: Some(6),
            day: None,
            grain: Grain::Season,
            ..TimeValue::UNKNOWN
        };
        assert_eq!(summer.iso(), "2023-SU");
        let q3 = TimeValue {
            year: Some(1989),
            month: Some(7),
            day: None,
            grain: Grain::Quarter,
            ..TimeValue::UNKNOWN
        };
        assert_eq!(q3.iso(), "1989-Q3");
        assert_eq!(DurationUnit::Hour.iso(Some(2)), "PT2H");
        assert_eq!(DurationUnit::Year.iso(None), "PXY");
        assert_eq!(DurationUnit::Decade.iso(Some(4)), "P40Y");
    }

    #[test]
    fn weekdays() {
        // 2024-03-22 was a Friday.
        assert_eq!(Date::new(2024, 3, 22).unwrap().weekday(), 4);
        assert_eq!(
            Date::new(2024, 3, 1).unwrap().add_days(-1),
            Date::new(2024, 2, 29).unwrap()
        );
    }

    proptest! {
        #[test]
        fn epoch_days_round_trip(days in -800_000i64..800_000) {
            let d = Date::from_days_since_epoch(days);
            prop_assert_eq!(d.days_since_epoch(), days);
            prop_assert_eq!(Date::new(d.year(), d.month(), d.day()), Ok(d));
        }

        #[test]
        fn iso_round_trip(days in -700_000i64..800_000) {
            let d = Date::from_days_since_epoch(days);
            if d.year() >= 0 && d.year() <= 9999 {
                prop_assert_eq!(Date::parse_iso(&d.to_string()), Ok(d));
            }
        }
    }
}
