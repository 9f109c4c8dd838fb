use std::fmt;

use serde::{Deserialize, Serialize};

use crate::Span;

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
    /// A weekend, Saturday and Sunday (the value's day is the Saturday).
    Weekend,
    /// A week.
    Week,
    /// A calendar month.
    Month,
    /// A quarter of a year (the value's month is the quarter's first month).
    Quarter,
    /// A season.
    Season,
    /// A half of a year (the value's month is the half's first month, 1 or 7).
    Half,
    /// A calendar year.
    Year,
    /// A decade.
    Decade,
    /// A century, numbered the TimeML way: the value's year is its first, 1900 for "the
    /// 20th century" (1900-1999), written `19`.
    Century,
}

impl Grain {
    /// The snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Grain::Minute => "minute",
            Grain::Hour => "hour",
            Grain::PartOfDay => "part_of_day",
            Grain::Day => "day",
            Grain::Weekend => "weekend",
            Grain::Week => "week",
            Grain::Month => "month",
            Grain::Quarter => "quarter",
            Grain::Season => "season",
            Grain::Half => "half",
            Grain::Year => "year",
            Grain::Decade => "decade",
            Grain::Century => "century",
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
    /// The day of the week, 1 (Monday) to 7 (Sunday), for a day known only by it: a
    /// weekday of any week ("each Thursday"), with year, month and day unknown. `None`
    /// for every other value. Left out of stored JSON when `None`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weekday: Option<u8>,
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
        weekday: None,
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

    /// The weekend that begins on `saturday` (any day of it will do: the value is kept
    /// on the Saturday of the weekend the day belongs to, Sunday counting with the
    /// Saturday before it, and weekdays with the Saturday after them).
    pub fn weekend(day: Date) -> TimeValue {
        // Monday 0 … Sunday 6: Saturday is 5.
        let w = i64::from(day.weekday());
        let saturday = if w == 6 {
            day.add_days(-1)
        } else {
            day.add_days(5 - w)
        };
        TimeValue {
            grain: Grain::Weekend,
            ..TimeValue::day(saturday)
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

    /// A half of a year: `half` 1 (January to June) or 2 (July to December).
    pub fn half(year: i32, half: u8) -> TimeValue {
        TimeValue {
            year: Some(year),
            month: Some(if half == 2 { 7 } else { 1 }),
            grain: Grain::Half,
            ..TimeValue::UNKNOWN
        }
    }

    /// A weekday of any week ("each Thursday"): `weekday` 1 (Monday) to 7 (Sunday), at
    /// day grain, or at part-of-day grain when a part is said ("Monday nights").
    pub fn every_weekday(weekday: u8, part: Option<DayPart>) -> TimeValue {
        TimeValue {
            weekday: Some(weekday),
            part,
            grain: if part.is_some() {
                Grain::PartOfDay
            } else {
                Grain::Day
            },
            ..TimeValue::UNKNOWN
        }
    }

    /// ISO 8601 to the grain: `2024-03-22`, `2024-03`, `2024`, `--03-22` (year unknown),
    /// `--03` (month of an unknown year), `-W-4` (a Thursday of any week: the truncated
    /// week date of ISO 8601:2000, like `--03`), `2020s` for a decade, `2024-W12` for the
    /// week whose Monday is the value's day, `2024-W12-WE` for the weekend whose Saturday
    /// is the value's day, `2023-SU` (TimeML's season codes `SP`, `SU`,
    /// `FA`, `WI`) for a season, whose month is its last month (3, 6, 9, 12), `2024-H2`
    /// (TimeML's code) for a half of a year; a time of day as `2024-03-22T22:00`
    /// (minute), `2024-03-22T22` (hour) or `2024-03-22TEV` (part of day, also
    /// `-W-1TNI`).
    pub fn iso(&self) -> String {
        let day = self.iso_date();
        let has_day = self.day.or(self.weekday).is_some();
        match (has_day, self.grain, self.hour, self.minute, self.part) {
            (true, Grain::Minute, Some(h), Some(mi), _) => format!("{day}T{h:02}:{mi:02}"),
            (true, Grain::Hour, Some(h), _, _) => format!("{day}T{h:02}"),
            (true, Grain::PartOfDay, _, _, Some(part)) => format!("{day}T{}", part.code()),
            _ => day,
        }
    }

    /// `iso` without the time of day.
    fn iso_date(&self) -> String {
        match (self.year, self.month, self.day, self.grain) {
            (Some(y), _, _, Grain::Decade) => format!("{}s", y - y.rem_euclid(10)),
            (Some(y), _, _, Grain::Century) => format!("{:02}", y.div_euclid(100)),
            (Some(y), Some(m), Some(d), Grain::Week) => {
                match Date::new(y, u32::from(m), u32::from(d)) {
                    Ok(date) => {
                        let (wy, w) = date.iso_week();
                        format!("{wy:04}-W{w:02}")
                    }
                    Err(_) => format!("{y:04}-{m:02}-{d:02}"),
                }
            }
            (Some(y), Some(m), Some(d), Grain::Weekend) => {
                match Date::new(y, u32::from(m), u32::from(d)) {
                    Ok(saturday) => {
                        let (wy, w) = saturday.iso_week();
                        format!("{wy:04}-W{w:02}-WE")
                    }
                    Err(_) => format!("{y:04}-{m:02}-{d:02}"),
                }
            }
            (Some(y), Some(m), _, Grain::Quarter) => format!("{y:04}-Q{}", (m - 1) / 3 + 1),
            (Some(y), Some(m), _, Grain::Half) => format!("{y:04}-H{}", (m - 1) / 6 + 1),
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
            (None, None, _, _) => match self.weekday {
                Some(w) => format!("-W-{w}"),
                None => "unknown".to_string(),
            },
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
        // A weekday of any week ("each Thursday") agrees with a date on that weekday.
        let weekday = |v: &TimeValue| {
            v.weekday
                .or_else(|| v.as_date().map(|d| d.weekday() as u8 + 1))
        };
        agree(self.year, other.year)
            && agree(self.month, other.month)
            && agree(self.day, other.day)
            && (self.weekday.is_none() && other.weekday.is_none()
                || agree(weekday(self), weekday(other)))
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

    /// The days the value covers, first to last: a day (also at a clock time or part of
    /// day) is itself, a weekend its Saturday and Sunday, a week Monday to Sunday, a
    /// month, quarter or year all its days, a season its three meteorological months
    /// (spring March to May, summer June to August, autumn September to November,
    /// winter December to February), a decade its ten years. `None` when the year is
    /// unknown or the fields do not make a calendar time.
    pub fn date_range(&self) -> Option<DateRange> {
        let y = self.year?;
        let month_range = |y: i32, first: u8, months: i64| -> Option<DateRange> {
            let start = Date::new(y, u32::from(first), 1).ok()?;
            let (ly, lm) = shift_month(y, first, months - 1);
            let last = Date::new(ly, u32::from(lm), u32::from(days_in_month(ly, lm))).ok()?;
            Some(DateRange { first: start, last })
        };
        match self.grain {
            Grain::Minute | Grain::Hour | Grain::PartOfDay | Grain::Day => {
                let d = self.as_date()?;
                Some(DateRange { first: d, last: d })
            }
            Grain::Weekend => {
                let d = self.as_date()?;
                Some(DateRange {
                    first: d,
                    last: d.add_days(1),
                })
            }
            Grain::Week => {
                let d = self.as_date()?;
                Some(DateRange {
                    first: d,
                    last: d.add_days(6),
                })
            }
            Grain::Month => month_range(y, self.month?, 1),
            Grain::Quarter => month_range(y, self.month?, 3),
            Grain::Half => month_range(y, self.month?, 6),
            Grain::Season => {
                // The value's month is the season's last month in TimeML's coding.
                let first = match self.month? {
                    1..=3 => (y, 3),
                    4..=6 => (y, 6),
                    7..=9 => (y, 9),
                    _ => (y, 12),
                };
                month_range(first.0, first.1, 3)
            }
            Grain::Year => month_range(y, 1, 12),
            Grain::Decade => {
                let start = y - y.rem_euclid(10);
                month_range(start, 1, 120)
            }
            Grain::Century => {
                let start = y - y.rem_euclid(100);
                month_range(start, 1, 1200)
            }
        }
    }
}

/// `month` of `year` moved by `n` months: (year, month).
fn shift_month(year: i32, month: u8, n: i64) -> (i32, u8) {
    let idx = i64::from(year) * 12 + i64::from(month) - 1 + n;
    (idx.div_euclid(12) as i32, (idx.rem_euclid(12) + 1) as u8)
}

/// The same day `n` months later (earlier when negative), kept within the month it
/// lands in (31 January plus one month is 28 or 29 February).
pub fn add_months(date: Date, n: i64) -> Date {
    let (y, m) = shift_month(date.year, date.month, n);
    let d = date.day.min(days_in_month(y, m));
    Date {
        year: y,
        month: m,
        day: d,
    }
}

/// A closed stretch of time between two times a text names ("from 2019 to 2021",
/// "March 3-5", "between 10 a.m. and noon"): from the start of `from` to the end of
/// `to`. TimeML writes such a stretch as its two ends, each a time of its own; the
/// extraction keeps the ends in its times and the stretch beside them.
///
/// Invariant: both ends have a known year and `to` does not begin before `from`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TimeRange {
    /// The first end.
    pub from: TimeValue,
    /// The last end.
    pub to: TimeValue,
}

impl TimeRange {
    /// The stretch from `from` to `to`, or `None` when a year is unknown or `to` begins
    /// before `from` does. Ends compare by their first day, then hour and minute.
    pub fn new(from: TimeValue, to: TimeValue) -> Option<TimeRange> {
        let key = |v: &TimeValue| -> Option<(Date, u8, u8)> {
            Some((
                v.date_range()?.first,
                v.hour.unwrap_or(0),
                v.minute.unwrap_or(0),
            ))
        };
        (key(&from)? <= key(&to)?).then_some(TimeRange { from, to })
    }

    /// The days it covers: the first day of `from` to the last day of `to`.
    pub fn date_range(&self) -> Option<DateRange> {
        let first = self.from.date_range()?.first;
        let last = self.to.date_range()?.last;
        (first <= last).then_some(DateRange { first, last })
    }

    /// ISO 8601's interval: the two ends joined by a slash ("2019/2021",
    /// "2024-03-03/2024-03-05").
    pub fn iso(&self) -> String {
        format!("{}/{}", self.from.iso(), self.to.iso())
    }
}

/// A closed range of calendar days, `first` ≤ `last`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DateRange {
    /// The first day.
    pub first: Date,
    /// The last day (the same as `first` for one day).
    pub last: Date,
}

impl DateRange {
    /// Number of days in the range.
    pub fn days(&self) -> i64 {
        self.last.days_since_epoch() - self.first.days_since_epoch() + 1
    }

    /// Whether `d` lies in the range.
    pub fn contains(&self, d: Date) -> bool {
        self.first <= d && d <= self.last
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

impl DurationUnit {
    /// [`DurationUnit::iso`] of `amount` and a half units when `half` is set: the half
    /// is written in the next smaller unit TimeML uses, `P2Y6M` for 2 1/2 years,
    /// `PT1M30S` for a minute and a half, `PT30M` for half an hour, `P25Y` for two and a
    /// half decades. Without an amount the half is dropped (`PXY`).
    pub fn iso_with_half(self, amount: Option<u32>, half: bool) -> String {
        let Some(n) = amount.filter(|_| half) else {
            return self.iso(amount);
        };
        // The whole units, then the half in the smaller unit; no zero of whole units.
        match (self, n) {
            (DurationUnit::Second, _) => format!("PT{n}.5S"),
            (DurationUnit::Minute, 0) => "PT30S".into(),
            (DurationUnit::Minute, _) => format!("PT{n}M30S"),
            (DurationUnit::Hour, 0) => "PT30M".into(),
            (DurationUnit::Hour, _) => format!("PT{n}H30M"),
            (DurationUnit::Day, 0) => "PT12H".into(),
            (DurationUnit::Day, _) => format!("P{n}DT12H"),
            (DurationUnit::Week, _) => format!("P{}DT12H", 7 * n + 3),
            (DurationUnit::Month, 0) => "P15D".into(),
            (DurationUnit::Month, _) => format!("P{n}M15D"),
            (DurationUnit::Quarter, _) => format!("P{}M15D", 3 * n + 1),
            (DurationUnit::Year, 0) => "P6M".into(),
            (DurationUnit::Year, _) => format!("P{n}Y6M"),
            (DurationUnit::Decade, _) => format!("P{}Y", 10 * n + 5),
            (DurationUnit::Century, _) => format!("P{}Y", 100 * n + 50),
        }
    }

    /// `amount` and a half units as a whole number of a smaller unit, when one holds it
    /// exactly: 2 1/2 years are 30 months, an hour and a half 90 minutes. `None` for
    /// seconds and for months and quarters, whose days vary.
    pub fn halved(self, amount: u32) -> Option<(u32, DurationUnit)> {
        let odd = amount.checked_mul(2)?.checked_add(1)?;
        let (k, unit) = match self {
            DurationUnit::Second | DurationUnit::Month | DurationUnit::Quarter => return None,
            DurationUnit::Minute => (30, DurationUnit::Second),
            DurationUnit::Hour => (30, DurationUnit::Minute),
            DurationUnit::Day => (12, DurationUnit::Hour),
            DurationUnit::Week => (84, DurationUnit::Hour),
            DurationUnit::Year => (6, DurationUnit::Month),
            DurationUnit::Decade => (5, DurationUnit::Year),
            DurationUnit::Century => (50, DurationUnit::Year),
        };
        Some((odd.checked_mul(k)?, unit))
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
        /// Half a unit more ("2 1/2 years", "a minute and a half"; "half an hour" is an
        /// amount of 0 and a half). Left out of stored JSON when false.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        half: bool,
    },
    /// A recurring time ("daily", "every Thursday", "each July", "twice a week", "four
    /// flights a week"): TimeML's SET.
    Set {
        /// The period it recurs with: a day for "daily", a week for "every Thursday", a
        /// year for "each July".
        every: DurationUnit,
        /// Where in each period, when said: the Thursday of "every Thursday", the July
        /// of "each July" (a value with no year). Left out of stored JSON when `None`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        on: Option<TimeValue>,
        /// How many times in each period, when said ("twice a week": 2). Left out of
        /// stored JSON when `None`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        times: Option<u32>,
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

/// Which side of its anchor event a time lies on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// "two days before the vote".
    Before,
    /// "a week after the attack".
    After,
}

/// How far a time lies from an event: "two days after", "the week before".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct EventOffset {
    /// How many units, when said ("hours after" says none).
    pub amount: Option<u32>,
    /// The unit.
    pub unit: DurationUnit,
    /// Before or after the event.
    pub direction: Direction,
}

/// A time the text places relative to an event rather than to the moment of writing
/// ("two days after the attack"): the whole phrase, the offset, and the phrase naming
/// the event it is counted from ("the attack"). It is resolved with
/// [`EventOffset::resolve`] once that event's date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventRelativeTime {
    /// The whole expression, "two days after the attack".
    pub span: Span,
    /// "two days after".
    pub offset: EventOffset,
    /// The phrase naming the anchor event, "the attack".
    pub anchor: Span,
    /// A time said inside the anchor phrase ("Saturday's bombing"), when there is one:
    /// the anchor's own date, so the expression resolves without the event stage.
    pub anchor_time: Option<TimeValue>,
}

/// An event-relative time resolved against its anchor's date: the days it may fall on
/// and the grain it is known to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ResolvedTime {
    /// The days it can be.
    pub range: DateRange,
    /// How precisely it is known: the coarser of the anchor's grain and the offset's
    /// unit (days and finer count as a day).
    pub grain: Grain,
}

impl DurationUnit {
    /// The time grain of one such unit; a day for a day and anything shorter, a decade
    /// for a century.
    pub fn grain(self) -> Grain {
        match self {
            DurationUnit::Second
            | DurationUnit::Minute
            | DurationUnit::Hour
            | DurationUnit::Day => Grain::Day,
            DurationUnit::Week => Grain::Week,
            DurationUnit::Month => Grain::Month,
            DurationUnit::Quarter => Grain::Quarter,
            DurationUnit::Year => Grain::Year,
            DurationUnit::Decade | DurationUnit::Century => Grain::Decade,
        }
    }
}

impl EventOffset {
    /// The time this offset names from an anchor event whose time is `anchor`: the
    /// anchor's days shifted by the offset, with calendar arithmetic for months and
    /// longer (the day kept within the month it lands in). An anchor known only to the
    /// month gives a month-wide range. An offset in hours or minutes moves the anchor's
    /// clock time when it has one; without one it widens the range by the days those
    /// hours can reach ("hours after the blast" on 5 March is 5 or 6 March). An amount
    /// not said is resolved only for hours and shorter (as up to a day); `None` too when
    /// the anchor has no calendar position (its year unknown). Unknown stays unknown.
    pub fn resolve(&self, anchor: &TimeValue) -> Option<ResolvedTime> {
        let range = anchor.date_range()?;
        let sign: i64 = match self.direction {
            Direction::Before => -1,
            Direction::After => 1,
        };
        let anchor_grain = if anchor.grain < Grain::Day {
            Grain::Day
        } else {
            anchor.grain
        };
        let grain = anchor_grain.max(self.unit.grain());
        let shifted = match self.unit {
            DurationUnit::Second | DurationUnit::Minute | DurationUnit::Hour => {
                let per = match self.unit {
                    DurationUnit::Second => 1,
                    DurationUnit::Minute => 60,
                    _ => 3600,
                };
                let seconds = match self.amount {
                    Some(n) => i64::from(n) * per,
                    None => 86_400,
                };
                let clock = match (anchor.grain, anchor.hour) {
                    (Grain::Hour | Grain::Minute, Some(h)) => {
                        Some(i64::from(h) * 3600 + i64::from(anchor.minute.unwrap_or(0)) * 60)
                    }
                    _ => None,
                };
                match clock {
                    Some(at) => {
                        let days = (at + sign * seconds).div_euclid(86_400);
                        let d = range.first.add_days(days);
                        DateRange { first: d, last: d }
                    }
                    None => {
                        let days = (seconds + 86_399) / 86_400;
                        if sign > 0 {
                            DateRange {
                                first: range.first,
                                last: range.last.add_days(days),
                            }
                        } else {
                            DateRange {
                                first: range.first.add_days(-days),
                                last: range.last,
                            }
                        }
                    }
                }
            }
            unit => {
                let n = i64::from(self.amount?) * sign;
                let by_days = |k: i64| DateRange {
                    first: range.first.add_days(k),
                    last: range.last.add_days(k),
                };
                let by_months = |k: i64| DateRange {
                    first: add_months(range.first, k),
                    // The last day of a month stays the last day of the month.
                    last: {
                        let moved = add_months(range.last, k);
                        if range.last.day == days_in_month(range.last.year, range.last.month) {
                            Date {
                                day: days_in_month(moved.year, moved.month),
                                ..moved
                            }
                        } else {
                            moved
                        }
                    },
                };
                match unit {
                    DurationUnit::Day => by_days(n),
                    DurationUnit::Week => by_days(7 * n),
                    DurationUnit::Month => by_months(n),
                    DurationUnit::Quarter => by_months(3 * n),
                    DurationUnit::Year => by_months(12 * n),
                    DurationUnit::Decade => by_months(120 * n),
                    _ => by_months(1200 * n),
                }
            }
        };
        Some(ResolvedTime {
            range: shifted,
            grain,
        })
    }

    /// [`EventOffset::resolve`] against a normalised time: only a point has a date.
    pub fn resolve_ref(&self, anchor: &TimeRef) -> Option<ResolvedTime> {
        match anchor {
            TimeRef::Point { value } => self.resolve(value),
            _ => None,
        }
    }
}

impl ResolvedTime {
    /// The time as one value at its grain, when the range lies within one period of
    /// that grain: "two days after 5 March 2024" is `2024-03-07`, "two months after
    /// 5 March 2024" is `2024-05`; a range across two periods (two days after an attack
    /// known only to March) has no single value.
    pub fn value(&self) -> Option<TimeValue> {
        let d = self.range.first;
        let candidate = match self.grain {
            Grain::Minute | Grain::Hour | Grain::PartOfDay | Grain::Day => TimeValue::day(d),
            Grain::Weekend => TimeValue::weekend(d),
            Grain::Week => TimeValue {
                grain: Grain::Week,
                ..TimeValue::day(d.add_days(-i64::from(d.weekday())))
            },
            Grain::Month => TimeValue::month(Some(d.year), d.month),
            Grain::Quarter => TimeValue {
                year: Some(d.year),
                month: Some((d.month - 1) / 3 * 3 + 1),
                grain: Grain::Quarter,
                ..TimeValue::UNKNOWN
            },
            Grain::Season => {
                let (y, m) = match d.month {
                    1 | 2 => (d.year - 1, 12),
                    3..=5 => (d.year, 3),
                    6..=8 => (d.year, 6),
                    9..=11 => (d.year, 9),
                    _ => (d.year, 12),
                };
                TimeValue {
                    year: Some(y),
                    month: Some(m),
                    grain: Grain::Season,
                    ..TimeValue::UNKNOWN
                }
            }
            Grain::Half => TimeValue::half(d.year, if d.month > 6 { 2 } else { 1 }),
            Grain::Year => TimeValue::year(d.year),
            Grain::Decade => TimeValue {
                year: Some(d.year - d.year.rem_euclid(10)),
                grain: Grain::Decade,
                ..TimeValue::UNKNOWN
            },
            Grain::Century => TimeValue {
                year: Some(d.year - d.year.rem_euclid(100)),
                grain: Grain::Century,
                ..TimeValue::UNKNOWN
            },
        };
        let period = candidate.date_range()?;
        (period.contains(self.range.first) && period.contains(self.range.last)).then_some(candidate)
    }
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
    fn halves_of_a_year() {
        let second = TimeValue::half(1989, 2);
        assert_eq!(second.iso(), "1989-H2");
        assert_eq!(TimeValue::half(1990, 1).iso(), "1990-H1");
        assert_eq!(Grain::Half.as_str(), "half");
        let range = second.date_range().unwrap();
        assert_eq!(range.first, Date::new(1989, 7, 1).unwrap());
        assert_eq!(range.last, Date::new(1989, 12, 31).unwrap());
        // Two months after 10 May 2024 is in July; at half grain, the second half.
        let resolved = ResolvedTime {
            range: DateRange {
                first: Date::new(2024, 7, 10).unwrap(),
                last: Date::new(2024, 7, 10).unwrap(),
            },
            grain: Grain::Half,
        };
        assert_eq!(resolved.value(), Some(TimeValue::half(2024, 2)));
        assert!(Grain::Season < Grain::Half && Grain::Half < Grain::Year);
    }

    #[test]
    fn a_weekday_of_any_week() {
        let thursdays = TimeValue::every_weekday(4, None);
        assert_eq!(thursdays.iso(), "-W-4");
        assert_eq!(thursdays.grain, Grain::Day);
        assert_eq!(
            TimeValue::every_weekday(1, Some(DayPart::Night)).iso(),
            "-W-1TNI"
        );
        assert_eq!(thursdays.date_range(), None);
        // 21 March 2024 was a Thursday, the 22nd a Friday.
        let thursday = TimeValue::day(Date::new(2024, 3, 21).unwrap());
        let friday = TimeValue::day(Date::new(2024, 3, 22).unwrap());
        assert!(thursdays.is_compatible(&thursday));
        assert!(thursday.is_compatible(&thursdays));
        assert!(!thursdays.is_compatible(&friday));
        assert!(!thursdays.is_compatible(&TimeValue::every_weekday(5, None)));
        // Stored JSON: the weekday is written only when said, and rows without it read.
        let json = serde_json::to_string(&thursdays).unwrap();
        assert!(json.contains("\"weekday\":4"), "{json}");
        let plain = serde_json::to_string(&thursday).unwrap();
        assert!(!plain.contains("weekday"), "{plain}");
        let back: TimeValue = serde_json::from_str(&plain).unwrap();
        assert_eq!(back, thursday);
        assert_eq!(serde_json::from_str::<TimeValue>(&json).unwrap(), thursdays);
    }

    #[test]
    fn half_units_in_timeml() {
        let half = |unit: DurationUnit, n: u32| unit.iso_with_half(Some(n), true);
        assert_eq!(half(DurationUnit::Year, 2), "P2Y6M");
        assert_eq!(half(DurationUnit::Year, 0), "P6M");
        assert_eq!(half(DurationUnit::Hour, 5), "PT5H30M");
        assert_eq!(half(DurationUnit::Hour, 0), "PT30M");
        assert_eq!(half(DurationUnit::Minute, 1), "PT1M30S");
        assert_eq!(half(DurationUnit::Day, 2), "P2DT12H");
        assert_eq!(half(DurationUnit::Day, 0), "PT12H");
        assert_eq!(half(DurationUnit::Week, 1), "P10DT12H");
        assert_eq!(half(DurationUnit::Month, 3), "P3M15D");
        assert_eq!(half(DurationUnit::Quarter, 0), "P1M15D");
        assert_eq!(half(DurationUnit::Decade, 2), "P25Y");
        assert_eq!(half(DurationUnit::Century, 1), "P150Y");
        assert_eq!(half(DurationUnit::Second, 4), "PT4.5S");
        // Without the half, or without an amount, it is the plain value.
        assert_eq!(DurationUnit::Year.iso_with_half(Some(2), false), "P2Y");
        assert_eq!(DurationUnit::Year.iso_with_half(None, true), "PXY");
        assert_eq!(
            DurationUnit::Year.halved(2),
            Some((30, DurationUnit::Month))
        );
        assert_eq!(
            DurationUnit::Hour.halved(1),
            Some((90, DurationUnit::Minute))
        );
        assert_eq!(DurationUnit::Week.halved(0), Some((84, DurationUnit::Hour)));
        assert_eq!(DurationUnit::Month.halved(1), None);
        // Stored JSON without a half is written as before and read back.
        let whole = TimeRef::Duration {
            amount: Some(3),
            unit: DurationUnit::Day,
            half: false,
        };
        let json = serde_json::to_string(&whole).unwrap();
        assert_eq!(json, r#"{"kind":"duration","amount":3,"unit":"day"}"#);
        assert_eq!(serde_json::from_str::<TimeRef>(&json).unwrap(), whole);
        let with_half = TimeRef::Duration {
            amount: Some(3),
            unit: DurationUnit::Day,
            half: true,
        };
        let json = serde_json::to_string(&with_half).unwrap();
        assert_eq!(serde_json::from_str::<TimeRef>(&json).unwrap(), with_half);
    }

    #[test]
    fn sets_in_stored_json() {
        // "twice a week": no day of its own.
        let twice = TimeRef::Set {
            every: DurationUnit::Week,
            on: None,
            times: Some(2),
        };
        let json = serde_json::to_string(&twice).unwrap();
        assert_eq!(json, r#"{"kind":"set","every":"week","times":2}"#);
        assert_eq!(serde_json::from_str::<TimeRef>(&json).unwrap(), twice);
        // "every Thursday night".
        let thursdays = TimeRef::Set {
            every: DurationUnit::Week,
            on: Some(TimeValue::every_weekday(4, Some(DayPart::Night))),
            times: None,
        };
        let json = serde_json::to_string(&thursdays).unwrap();
        assert!(
            json.starts_with(r#"{"kind":"set","every":"week","on":{"year":null"#),
            "{json}"
        );
        assert!(json.contains(r#""weekday":4"#), "{json}");
        assert_eq!(serde_json::from_str::<TimeRef>(&json).unwrap(), thursdays);
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

    fn day(y: i32, m: u32, d: u32) -> Date {
        Date::new(y, m, d).unwrap()
    }

    #[test]
    fn weekends() {
        // 14 and 15 June 2025 were a Saturday and a Sunday, in ISO week 24.
        let we = TimeValue::weekend(day(2025, 6, 11));
        assert_eq!(we.as_date(), Some(day(2025, 6, 14)));
        assert_eq!(we.iso(), "2025-W24-WE");
        assert_eq!(TimeValue::weekend(day(2025, 6, 15)), we);
        assert_eq!(TimeValue::weekend(day(2025, 6, 16)).iso(), "2025-W25-WE");
        assert_eq!(we.grain.as_str(), "weekend");
        assert_eq!(
            we.date_range(),
            Some(DateRange {
                first: day(2025, 6, 14),
                last: day(2025, 6, 15)
            })
        );
        // The store keeps times as JSON: a weekend comes back as itself.
        let r = TimeRef::Point { value: we };
        let json = serde_json::to_string(&r).unwrap();
        assert!(json.contains("\"grain\":\"weekend\""), "{json}");
        assert_eq!(serde_json::from_str::<TimeRef>(&json).unwrap(), r);
    }

    #[test]
    fn date_ranges() {
        let range = |v: TimeValue| {
            v.date_range()
                .map(|r| (r.first.to_string(), r.last.to_string()))
        };
        let pair = |a: &str, b: &str| Some((a.to_string(), b.to_string()));
        assert_eq!(
            range(TimeValue::month(Some(2024), 2)),
            pair("2024-02-01", "2024-02-29")
        );
        assert_eq!(
            range(TimeValue::year(2023)),
            pair("2023-01-01", "2023-12-31")
        );
        let q4 = TimeValue {
            year: Some(2023),
            month: Some(10),
            grain: Grain::Quarter,
            ..TimeValue::UNKNOWN
        };
        assert_eq!(range(q4), pair("2023-10-01", "2023-12-31"));
        let winter = TimeValue {
            year: Some(2023),
            month: Some(12),
            grain: Grain::Season,
            ..TimeValue::UNKNOWN
        };
        assert_eq!(range(winter), pair("2023-12-01", "2024-02-29"));
        let nineties = TimeValue {
            year: Some(1994),
            grain: Grain::Decade,
            ..TimeValue::UNKNOWN
        };
        assert_eq!(range(nineties), pair("1990-01-01", "1999-12-31"));
        let twentieth = TimeValue {
            year: Some(1900),
            grain: Grain::Century,
            ..TimeValue::UNKNOWN
        };
        assert_eq!(range(twentieth), pair("1900-01-01", "1999-12-31"));
        assert_eq!(twentieth.iso(), "19");
        assert_eq!(Grain::Century.as_str(), "century");
        assert_eq!(range(TimeValue::day_without_year(3, 5)), None);
        assert_eq!(
            DateRange {
                first: day(2024, 2, 27),
                last: day(2024, 3, 1)
            }
            .days(),
            4
        );
    }

    fn offset(amount: Option<u32>, unit: DurationUnit, direction: Direction) -> EventOffset {
        EventOffset {
            amount,
            unit,
            direction,
        }
    }

    fn resolved(o: EventOffset, anchor: TimeValue) -> Option<(String, String, &'static str)> {
        o.resolve(&anchor).map(|r| {
            (
                r.range.first.to_string(),
                r.range.last.to_string(),
                r.grain.as_str(),
            )
        })
    }

    fn triple(a: &str, b: &str, g: &'static str) -> Option<(String, String, &'static str)> {
        Some((a.to_string(), b.to_string(), g))
    }

    #[test]
    fn event_offsets_resolve_against_their_anchor() {
        use Direction::*;
        use DurationUnit as U;
        let attack = TimeValue::day(day(2024, 3, 5));
        // "two days after the attack", "the day before the attack"
        assert_eq!(
            resolved(offset(Some(2), U::Day, After), attack),
            triple("2024-03-07", "2024-03-07", "day")
        );
        assert_eq!(
            resolved(offset(Some(1), U::Day, Before), attack),
            triple("2024-03-04", "2024-03-04", "day")
        );
        // "a month after": the grain is the offset's.
        let month_after = offset(Some(1), U::Month, After).resolve(&attack).unwrap();
        assert_eq!(
            month_after.value().map(|v| v.iso()),
            Some("2024-04".to_string())
        );
        // An attack known only to March: a month-wide range, and no single day.
        let march = TimeValue::month(Some(2024), 3);
        let r = offset(Some(2), U::Day, After).resolve(&march).unwrap();
        assert_eq!(
            (r.range.first, r.range.last, r.grain),
            (day(2024, 3, 3), day(2024, 4, 2), Grain::Month)
        );
        assert_eq!(r.value(), None);
        // A month-end stays a month-end: a year after February 2023 is February 2024.
        assert_eq!(
            resolved(
                offset(Some(1), U::Year, After),
                TimeValue::month(Some(2023), 2)
            ),
            triple("2024-02-01", "2024-02-29", "year")
        );
        assert_eq!(
            resolved(
                offset(Some(1), U::Month, After),
                TimeValue::day(day(2024, 1, 31))
            ),
            triple("2024-02-29", "2024-02-29", "month")
        );
        // Hours from a clock time cross midnight; without a clock they widen the range.
        let late = TimeValue {
            hour: Some(22),
            grain: Grain::Hour,
            ..attack
        };
        assert_eq!(
            resolved(offset(Some(3), U::Hour, After), late),
            triple("2024-03-06", "2024-03-06", "day")
        );
        assert_eq!(
            resolved(offset(None, U::Hour, After), attack),
            triple("2024-03-05", "2024-03-06", "day")
        );
        assert_eq!(
            resolved(offset(Some(30), U::Hour, Before), attack),
            triple("2024-03-03", "2024-03-05", "day")
        );
        // Unknown stays unknown: no amount of days, or an anchor without a year.
        assert_eq!(resolved(offset(None, U::Day, After), attack), None);
        assert_eq!(
            resolved(
                offset(Some(2), U::Day, After),
                TimeValue::day_without_year(3, 5)
            ),
            None
        );
        assert_eq!(
            offset(Some(2), U::Day, After).resolve_ref(&TimeRef::Unresolved),
            None
        );
        assert_eq!(
            offset(Some(2), U::Week, After)
                .resolve_ref(&TimeRef::Point { value: attack })
                .and_then(|r| r.value())
                .map(|v| v.iso()),
            Some("2024-W12".to_string())
        );
    }

    fn any_unit() -> impl Strategy<Value = DurationUnit> {
        prop_oneof![
            Just(DurationUnit::Second),
            Just(DurationUnit::Minute),
            Just(DurationUnit::Hour),
            Just(DurationUnit::Day),
            Just(DurationUnit::Week),
            Just(DurationUnit::Month),
            Just(DurationUnit::Quarter),
            Just(DurationUnit::Year),
            Just(DurationUnit::Decade),
            Just(DurationUnit::Century),
        ]
    }

    fn any_anchor() -> impl Strategy<Value = TimeValue> {
        (0i64..40_000, 0usize..7, 0u8..24).prop_map(|(days, g, hour)| {
            let d = Date::from_days_since_epoch(days - 10_000);
            match g {
                0 => TimeValue::day(d),
                1 => TimeValue {
                    hour: Some(hour),
                    grain: Grain::Hour,
                    ..TimeValue::day(d)
                },
                2 => TimeValue::weekend(d),
                3 => TimeValue::month(Some(d.year()), d.month),
                4 => TimeValue::year(d.year()),
                5 => TimeValue {
                    year: Some(d.year()),
                    month: Some((d.month - 1) / 3 * 3 + 1),
                    grain: Grain::Quarter,
                    ..TimeValue::UNKNOWN
                },
                _ => TimeValue {
                    grain: Grain::Week,
                    ..TimeValue::day(d.add_days(-i64::from(d.weekday())))
                },
            }
        })
    }

    proptest! {
        /// A stretch exists exactly when its second end does not begin before the
        /// first; it then covers the days from the first end's first to the second
        /// end's last, and swapping two ends that begin apart gives none.
        #[test]
        fn a_time_range_is_ordered_and_covers_its_ends(a in any_anchor(), b in any_anchor()) {
            let start = |v: &TimeValue| {
                v.date_range().map(|d| (d.first, v.hour.unwrap_or(0), v.minute.unwrap_or(0)))
            };
            let (sa, sb) = (start(&a), start(&b));
            let r = TimeRange::new(a, b);
            prop_assert_eq!(r.is_some(), sa <= sb);
            if let Some(r) = r {
                let ra = a.date_range().expect("a known year");
                let rb = b.date_range().expect("a known year");
                let days = r.date_range();
                prop_assert_eq!(days, Some(DateRange { first: ra.first, last: rb.last }));
                prop_assert_eq!(r.iso(), format!("{}/{}", a.iso(), b.iso()));
                if sa != sb {
                    prop_assert!(TimeRange::new(b, a).is_none());
                }
            }
        }

        #[test]
        fn resolution_is_monotone_in_the_offset(
            anchor in any_anchor(),
            unit in any_unit(),
            a in 0u32..400,
            b in 0u32..400,
        ) {
            let (lo, hi) = (a.min(b), a.max(b));
            for dir in [Direction::After, Direction::Before] {
                let near = offset(Some(lo), unit, dir).resolve(&anchor).unwrap();
                let far = offset(Some(hi), unit, dir).resolve(&anchor).unwrap();
                prop_assert!(near.range.first <= near.range.last);
                match dir {
                    Direction::After => {
                        prop_assert!(near.range.first <= far.range.first);
                        prop_assert!(near.range.last <= far.range.last);
                    }
                    Direction::Before => {
                        prop_assert!(far.range.first <= near.range.first);
                        prop_assert!(far.range.last <= near.range.last);
                    }
                }
                prop_assert!(near.grain >= unit.grain());
            }
            // A zero offset in days or longer is the anchor itself.
            if unit.grain() >= Grain::Day && unit != DurationUnit::Hour {
                let zero = offset(Some(0), unit, Direction::After).resolve(&anchor).unwrap();
                prop_assert_eq!(Some(zero.range), anchor.date_range());
            }
        }

        #[test]
        fn unknown_anchors_stay_unresolved(
            month in 1u8..=12,
            d in 1u8..=28,
            unit in any_unit(),
            n in 0u32..100,
        ) {
            let yearless = TimeValue::day_without_year(month, d);
            let o = offset(Some(n), unit, Direction::After);
            prop_assert_eq!(o.resolve(&yearless), None);
            prop_assert_eq!(o.resolve(&TimeValue::month(None, month)), None);
            prop_assert_eq!(o.resolve_ref(&TimeRef::Unresolved), None);
            prop_assert_eq!(
                o.resolve_ref(&TimeRef::Relative { point: TimeRefPoint::Past }),
                None
            );
        }

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
