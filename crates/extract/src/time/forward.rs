//! A compositional time grammar read forward from a reference instant, the way an
//! assistant or a schedule reads "monday", "3pm", "next week", "in 2 hours", "from 9
//! to 11am" or "the first tuesday of october": the first matching instance that is not
//! over yet. It complements [`super::find_times`] (which reads news text backwards
//! from a publication date) and is what the Duckling benchmark measures.
//!
//! It is a small chart parser: rules are sequences of patterns (regular expressions,
//! or earlier results of some kind: a number, an ordinal, a duration, a time) that
//! build new results until nothing new is found. A time is a set of constraints (year,
//! month, day of month, weekday, hour, minute, second, part of day, weekend, holiday,
//! an enclosing interval) resolved against the reference instant; a time can also be
//! an interval between two times, or open on one side. Clock times without am/pm are
//! read on a 12-hour clock ("at 3" is the next 3:00 or 15:00).
//!
//! Instants are seconds since 1970-01-01 in the reference's wall-clock zone.

use std::collections::HashMap;
use std::sync::LazyLock;

use newsfuse_core::Date;
use regex::Regex;

use super::calendars::{feast_dates, feast_days, feast_named, feast_pattern, Feast};
use crate::quantity::numeral;

/// A grain, finest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FGrain {
    /// Second.
    Second,
    /// Minute.
    Minute,
    /// Hour.
    Hour,
    /// Day.
    Day,
    /// Week (Monday to Sunday).
    Week,
    /// Month.
    Month,
    /// Quarter.
    Quarter,
    /// Year.
    Year,
}

impl FGrain {
    /// Duckling's name.
    pub fn as_str(self) -> &'static str {
        match self {
            FGrain::Second => "second",
            FGrain::Minute => "minute",
            FGrain::Hour => "hour",
            FGrain::Day => "day",
            FGrain::Week => "week",
            FGrain::Month => "month",
            FGrain::Quarter => "quarter",
            FGrain::Year => "year",
        }
    }

    fn from_word(w: &str) -> Option<FGrain> {
        let w = w.trim_end_matches('.');
        let g = match w {
            "s" | "sec" | "secs" | "second" | "seconds" => FGrain::Second,
            "m" | "min" | "mins" | "minute" | "minutes" | "'" => FGrain::Minute,
            "h" | "hr" | "hrs" | "hour" | "hours" => FGrain::Hour,
            "d" | "day" | "days" => FGrain::Day,
            "w" | "wk" | "wks" | "week" | "weeks" => FGrain::Week,
            "mo" | "month" | "months" => FGrain::Month,
            "q" | "qtr" | "qtrs" | "quarter" | "quarters" => FGrain::Quarter,
            "y" | "yr" | "yrs" | "year" | "years" => FGrain::Year,
            _ => return None,
        };
        Some(g)
    }

    /// The next finer grain (a second stays a second).
    fn finer(self) -> FGrain {
        match self {
            FGrain::Second | FGrain::Minute => FGrain::Second,
            FGrain::Hour => FGrain::Minute,
            FGrain::Day => FGrain::Hour,
            FGrain::Week | FGrain::Month => FGrain::Day,
            FGrain::Quarter => FGrain::Month,
            FGrain::Year => FGrain::Month,
        }
    }

    /// Seconds in one unit (a month is 30 days, a year 365).
    fn seconds(self) -> f64 {
        match self {
            FGrain::Second => 1.0,
            FGrain::Minute => 60.0,
            FGrain::Hour => 3600.0,
            FGrain::Day => 86_400.0,
            FGrain::Week => 604_800.0,
            FGrain::Month => 2_592_000.0,
            FGrain::Quarter => 7_776_000.0,
            FGrain::Year => 31_536_000.0,
        }
    }

    fn months(self) -> Option<f64> {
        match self {
            FGrain::Month => Some(1.0),
            FGrain::Quarter => Some(3.0),
            FGrain::Year => Some(12.0),
            _ => None,
        }
    }
}

/// A length of time: an amount of a unit (Duckling normalises "1.5 hours" to 90
/// minutes: a fractional amount moves to the next finer unit).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FDuration {
    /// The amount.
    pub value: f64,
    /// The unit.
    pub unit: FGrain,
}

impl FDuration {
    fn in_unit(self, unit: FGrain) -> f64 {
        match (self.unit.months(), unit.months()) {
            (Some(a), Some(b)) => self.value * a / b,
            _ => self.value * self.unit.seconds() / unit.seconds(),
        }
    }

    /// Whole amounts: a fraction moves to finer units until it is whole.
    fn whole(self) -> FDuration {
        let mut d = self;
        for _ in 0..4 {
            if (d.value - d.value.round()).abs() < 1e-9 || d.unit == FGrain::Second {
                break;
            }
            let finer = match d.unit {
                FGrain::Year => FGrain::Month,
                FGrain::Quarter => FGrain::Month,
                FGrain::Month => FGrain::Day,
                FGrain::Week => FGrain::Day,
                FGrain::Day => FGrain::Hour,
                FGrain::Hour => FGrain::Minute,
                _ => FGrain::Second,
            };
            d = FDuration {
                value: d.in_unit(finer),
                unit: finer,
            };
        }
        d
    }

    fn plus(self, other: FDuration) -> FDuration {
        let unit = self.unit.min(other.unit);
        FDuration {
            value: self.in_unit(unit) + other.in_unit(unit),
            unit,
        }
        .whole()
    }
}

/// What a time expression resolves to.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FValue {
    /// An instant at a grain.
    Value {
        /// Start, seconds since the epoch in the reference zone.
        at: i64,
        /// Grain.
        grain: FGrain,
    },
    /// An interval, `to` exclusive; one side missing for open intervals.
    Interval {
        /// Start.
        from: Option<i64>,
        /// End (exclusive).
        to: Option<i64>,
        /// Grain.
        grain: FGrain,
    },
}

/// Wall-clock `YYYY-MM-DDThh:mm:ss` of an instant.
pub fn wall_clock(t: i64) -> String {
    let d = Date::from_days_since_epoch(t.div_euclid(86_400));
    let s = t.rem_euclid(86_400);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
        d.year(),
        d.month(),
        d.day(),
        s / 3600,
        s / 60 % 60,
        s % 60
    )
}

/// An instant from wall-clock parts.
pub fn instant(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> Option<i64> {
    let date = Date::new(y, mo, d).ok()?;
    Some(date.days_since_epoch() * 86_400 + i64::from(h * 3600 + mi * 60 + s))
}

fn date_of(t: i64) -> Date {
    Date::from_days_since_epoch(t.div_euclid(86_400))
}

fn day_start(d: Date) -> i64 {
    d.days_since_epoch() * 86_400
}

fn month_start(y: i32, m: i64) -> i64 {
    let idx = i64::from(y) * 12 + m - 1;
    let (yy, mm) = (idx.div_euclid(12) as i32, idx.rem_euclid(12) + 1);
    Date::new(yy, mm as u32, 1).map(day_start).unwrap_or(0)
}

fn floor(t: i64, g: FGrain) -> i64 {
    let d = date_of(t);
    match g {
        FGrain::Second => t,
        FGrain::Minute => t - t.rem_euclid(60),
        FGrain::Hour => t - t.rem_euclid(3600),
        FGrain::Day => day_start(d),
        FGrain::Week => day_start(d) - i64::from(d.weekday()) * 86_400,
        FGrain::Month => month_start(d.year(), i64::from(d.month())),
        FGrain::Quarter => month_start(d.year(), i64::from((d.month() - 1) / 3 * 3 + 1)),
        FGrain::Year => month_start(d.year(), 1),
    }
}

fn add(t: i64, g: FGrain, n: i64) -> i64 {
    let months = match g {
        FGrain::Second => return t + n,
        FGrain::Minute => return t + 60 * n,
        FGrain::Hour => return t + 3600 * n,
        FGrain::Day => return t + 86_400 * n,
        FGrain::Week => return t + 604_800 * n,
        FGrain::Month => n,
        FGrain::Quarter => 3 * n,
        FGrain::Year => 12 * n,
    };
    let d = date_of(t);
    let sod = t.rem_euclid(86_400);
    let idx = i64::from(d.year()) * 12 + i64::from(d.month()) - 1 + months;
    let (y, m) = (idx.div_euclid(12) as i32, (idx.rem_euclid(12) + 1) as u8);
    let day = (d.day() as u8).min(Date::days_in_month(y, m));
    Date::new(y, u32::from(m), u32::from(day))
        .map(|nd| day_start(nd) + sod)
        .unwrap_or(t)
}

/// Holidays computed per year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Holiday {
    /// A feast of another calendar (Hebrew, Islamic, Chinese, Hindu) or with a rule of
    /// its own.
    Calendar(Feast),
    /// A fixed month and day.
    Fixed(u8, u8),
    /// The n-th (or, when negative, n-th last) weekday of a month.
    NthWeekday(u8, i8, u8),
    /// Days after (Western) Easter Sunday.
    Easter(i16),
    /// Days after Orthodox Easter Sunday.
    Orthodox(i16),
    /// Thanksgiving plus days.
    Thanksgiving(i16),
    /// October 16th, moved to the nearest weekday.
    Boss,
}

pub(crate) fn easter(y: i32) -> Option<Date> {
    let a = y % 19;
    let b = y / 100;
    let c = y % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    Date::new(y, month as u32, day as u32).ok()
}

pub(crate) fn orthodox_easter(y: i32) -> Option<Date> {
    let a = y % 4;
    let b = y % 7;
    let c = y % 19;
    let d = (19 * c + 15) % 30;
    let e = (2 * a + 4 * b - d + 34) % 7;
    let month = (d + e + 114) / 31;
    let day = (d + e + 114) % 31 + 1;
    // Julian to Gregorian: 13 days from 1900 to 2099.
    let julian = Date::new(y, month as u32, day as u32).ok()?;
    Some(julian.add_days(13))
}

fn nth_weekday(y: i32, month: u8, n: i8, weekday: u8) -> Option<Date> {
    if n > 0 {
        let first = Date::new(y, u32::from(month), 1).ok()?;
        let off = (i64::from(weekday) - i64::from(first.weekday())).rem_euclid(7);
        let d = first.add_days(off + 7 * i64::from(n - 1));
        (d.month() == u32::from(month)).then_some(d)
    } else {
        let last = Date::new(
            y,
            u32::from(month),
            u32::from(Date::days_in_month(y, month)),
        )
        .ok()?;
        let off = (i64::from(last.weekday()) - i64::from(weekday)).rem_euclid(7);
        Some(last.add_days(-off - 7 * i64::from(-n - 1)))
    }
}

/// The dates of holiday `h` in year `y`, with their length in days (a lunar feast can
/// come twice in one year).
pub(crate) fn holiday_dates(h: Holiday, y: i32) -> Vec<(Date, u8)> {
    match h {
        Holiday::Calendar(f) => feast_dates(f, y),
        _ => holiday_date(h, y).map(|d| (d, 1)).into_iter().collect(),
    }
}

/// The (first) date of holiday `h` in year `y`.
pub(crate) fn holiday_date(h: Holiday, y: i32) -> Option<Date> {
    match h {
        Holiday::Calendar(f) => feast_dates(f, y).first().map(|x| x.0),
        Holiday::Fixed(m, d) => Date::new(y, u32::from(m), u32::from(d)).ok(),
        Holiday::NthWeekday(m, n, w) => nth_weekday(y, m, n, w),
        Holiday::Easter(off) => easter(y).map(|d| d.add_days(i64::from(off))),
        Holiday::Orthodox(off) => orthodox_easter(y).map(|d| d.add_days(i64::from(off))),
        Holiday::Thanksgiving(off) => nth_weekday(y, 11, 4, 3).map(|d| d.add_days(i64::from(off))),
        Holiday::Boss => {
            let d = Date::new(y, 10, 16).ok()?;
            Some(match d.weekday() {
                5 => d.add_days(-1),
                6 => d.add_days(1),
                _ => d,
            })
        }
    }
}

/// Constraints on an instant.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
struct Pred {
    year: Option<i32>,
    month: Option<u8>,
    dom: Option<u8>,
    dow: Option<u8>,
    hour: Option<u8>,
    /// The hour is on a 12-hour clock (3 may be 15).
    h12: bool,
    minute: Option<u8>,
    second: Option<u8>,
    /// Part of the day: hours [from, to).
    pod: Option<(u8, u8)>,
    weekend: bool,
    holiday: Option<Holiday>,
    /// An enclosing interval.
    within: Option<(i64, i64)>,
    /// The clock was moved from a named time zone by this many minutes.
    zone: Option<i64>,
}

impl Pred {
    fn and(self, o: Pred) -> Option<Pred> {
        fn one<T: PartialEq + Copy>(a: Option<T>, b: Option<T>) -> Result<Option<T>, ()> {
            match (a, b) {
                (Some(x), Some(y)) if x != y => Err(()),
                (Some(x), _) | (_, Some(x)) => Ok(Some(x)),
                _ => Ok(None),
            }
        }
        let within = match (self.within, o.within) {
            (Some(a), Some(b)) => {
                let w = (a.0.max(b.0), a.1.min(b.1));
                if w.0 >= w.1 {
                    return None;
                }
                Some(w)
            }
            (a, b) => a.or(b),
        };
        let (mut hour, mut h12) = match (self.hour, o.hour) {
            (Some(a), Some(b)) if a != b => return None,
            (Some(a), Some(_)) => (Some(a), self.h12 && o.h12),
            (Some(a), None) => (Some(a), self.h12),
            (None, b) => (b, o.h12),
        };
        let mut pod = one(self.pod, o.pod).ok()?;
        // "this evening at 2": a 12-hour clock in a part of the day takes its half.
        // "tonight at 12" is the midnight that ends the evening (the next 0:00).
        if let (Some(h), true, Some((from, _))) = (hour, h12, pod) {
            hour = Some(if h == 12 && from >= 18 && within.is_none() {
                0
            } else if from >= 12 {
                h % 12 + 12
            } else {
                h % 12
            });
            h12 = false;
            pod = None;
        }
        Some(Pred {
            year: one(self.year, o.year).ok()?,
            month: one(self.month, o.month).ok()?,
            dom: one(self.dom, o.dom).ok()?,
            dow: one(self.dow, o.dow).ok()?,
            hour,
            h12,
            minute: one(self.minute, o.minute).ok()?,
            second: one(self.second, o.second).ok()?,
            pod,
            weekend: self.weekend || o.weekend,
            holiday: one(self.holiday, o.holiday).ok()?,
            within,
            zone: one(self.zone, o.zone).ok()?,
        })
    }

    fn has_clock(&self) -> bool {
        self.hour.is_some()
    }

    fn day_ok(&self, d: Date) -> bool {
        self.year.is_none_or(|y| y == d.year())
            && self.month.is_none_or(|m| u32::from(m) == d.month())
            && self.dom.is_none_or(|x| u32::from(x) == d.day())
            && self.dow.is_none_or(|w| u32::from(w) == d.weekday())
            && self
                .holiday
                .is_none_or(|h| holiday_dates(h, d.year()).iter().any(|x| x.0 == d))
            && (!self.weekend || d.weekday() == 4)
    }

    /// Candidate instances inside one day, in time order.
    fn in_day(&self, d: Date, grain: FGrain) -> Vec<(i64, i64)> {
        let s = day_start(d);
        if self.weekend {
            return vec![(s + 18 * 3600, s + 3 * 86_400)];
        }
        match self.hour {
            Some(h) => {
                let mut hours = vec![h];
                if self.h12 && h < 12 {
                    hours.push(h + 12);
                }
                if self.h12 && h == 12 {
                    hours = vec![0, 12];
                }
                hours.sort_unstable();
                hours
                    .into_iter()
                    .filter(|hh| self.pod.is_none_or(|(a, b)| (a..b).contains(hh)))
                    .map(|hh| {
                        let t = s
                            + i64::from(hh) * 3600
                            + i64::from(self.minute.unwrap_or(0)) * 60
                            + i64::from(self.second.unwrap_or(0));
                        (t, add(t, grain, 1))
                    })
                    .collect()
            }
            None => match self.pod {
                Some((a, b)) => vec![(s + i64::from(a) * 3600, s + i64::from(b) * 3600)],
                None => {
                    // a feast of several days spans them all
                    let n = self.holiday.map_or(1, |h| {
                        holiday_dates(h, d.year())
                            .iter()
                            .find(|x| x.0 == d)
                            .map_or(1, |x| i64::from(x.1))
                    });
                    vec![(s, s + 86_400 * n)]
                }
            },
        }
    }

    fn inside(&self, c: (i64, i64)) -> bool {
        self.within.is_none_or(|w| c.0 >= w.0 && c.1 <= w.1)
    }

    /// Instances from `from` on (forward) or before it (backward), at most `n`.
    fn instances(&self, grain: FGrain, from: i64, forward: bool, n: usize) -> Vec<(i64, i64)> {
        let mut out = Vec::new();
        let day_level = grain <= FGrain::Day || self.pod.is_some() || self.weekend;
        let limit_days: i64 = if self.holiday.is_some()
            || self.dom.is_some() && self.dow.is_some()
            || self.year.is_some()
        {
            366 * 40
        } else {
            366 * 5
        };
        if day_level {
            let mut d = date_of(from);
            if self.weekend && forward {
                d = d.add_days(-3);
            }
            for _ in 0..limit_days {
                if self.day_ok(d) {
                    let cands = self.in_day(d, grain);
                    let iter: Box<dyn Iterator<Item = (i64, i64)>> = if forward {
                        Box::new(cands.into_iter())
                    } else {
                        Box::new(cands.into_iter().rev())
                    };
                    for c in iter {
                        // a clock minute counts from the start of the current hour
                        let ok = if forward
                            && grain == FGrain::Minute
                            && self.within.is_none()
                            && self.year.is_none()
                        {
                            c.0 >= floor(from, FGrain::Hour)
                        } else if forward {
                            c.1 > from
                        } else {
                            c.1 <= from
                        };
                        if ok && self.inside(c) {
                            out.push(c);
                            if out.len() >= n {
                                return out;
                            }
                        }
                    }
                }
                if let Some(w) = self.within {
                    let ds = day_start(d);
                    if forward && ds >= w.1 || !forward && ds + 86_400 * 3 < w.0 {
                        break;
                    }
                }
                d = d.add_days(if forward { 1 } else { -1 });
            }
            return out;
        }
        let mut t = floor(from, grain);
        for _ in 0..(12 * 60) {
            let c = (t, add(t, grain, 1));
            let d = date_of(t);
            let ok_fields = self.year.is_none_or(|y| y == d.year())
                && self.month.is_none_or(|m| u32::from(m) == d.month());
            let ok = if forward { c.1 > from } else { c.1 <= from };
            if ok_fields && ok && self.inside(c) {
                out.push(c);
                if out.len() >= n {
                    return out;
                }
            }
            if let Some(w) = self.within {
                if forward && t >= w.1 || !forward && c.1 < w.0 {
                    break;
                }
            }
            t = add(t, grain, if forward { 1 } else { -1 });
        }
        out
    }

    /// Where to start looking: the enclosing interval or year when known, else `now`.
    fn start(&self, now: i64) -> i64 {
        match (self.within, self.year) {
            (Some(w), _) => w.0,
            (None, Some(y)) => month_start(y, i64::from(self.month.unwrap_or(1))),
            _ => now,
        }
    }

    fn first(&self, grain: FGrain, now: i64) -> Option<(i64, i64)> {
        if let Some(w) = self.within {
            if (Pred {
                within: Some(w),
                ..Pred::default()
            }) == *self
            {
                return Some((w.0, add(w.0, grain, 1).min(w.1).max(w.0 + 1)));
            }
        }
        self.instances(grain, self.start(now), true, 1)
            .into_iter()
            .next()
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    P(Pred),
    /// From the first to the second, inclusive of the second's instance.
    Between(Pred, FGrain, Pred, FGrain),
    After(Pred),
    Before(Pred),
    Fixed(i64, i64),
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct T {
    kind: Kind,
    grain: FGrain,
    /// Shown as an interval (a part of the day, a weekend, "end of the month").
    iv: bool,
    latent: bool,
    /// Built from a clock time without a day (so "9-11am" may take the meridiem).
    clock: bool,
}

impl T {
    fn pred(p: Pred, grain: FGrain) -> T {
        T {
            kind: Kind::P(p),
            grain,
            iv: false,
            latent: false,
            clock: false,
        }
    }

    fn fixed(a: i64, b: i64, grain: FGrain, iv: bool) -> T {
        T {
            kind: Kind::Fixed(a, b),
            grain,
            iv,
            latent: false,
            clock: false,
        }
    }

    fn p(&self) -> Option<Pred> {
        match self.kind {
            Kind::P(p) => Some(p),
            Kind::Fixed(a, b) => Some(Pred {
                within: Some((a, b)),
                ..Pred::default()
            }),
            _ => None,
        }
    }

    /// The first instance of this time, as an interval.
    fn span(&self, now: i64) -> Option<(i64, i64)> {
        match self.kind {
            Kind::P(p) => p.first(self.grain, now),
            Kind::Fixed(a, b) => Some((a, b)),
            _ => None,
        }
    }

    fn resolve(&self, now: i64) -> Option<FValue> {
        let value = |(a, b): (i64, i64)| {
            if self.iv {
                FValue::Interval {
                    from: Some(a),
                    to: Some(b),
                    grain: self.grain,
                }
            } else {
                FValue::Value {
                    at: a,
                    grain: self.grain,
                }
            }
        };
        match self.kind {
            Kind::P(_) | Kind::Fixed(..) => self.span(now).map(value),
            Kind::Between(a, ga, b, gb) => {
                let x = a.first(ga, now)?;
                let y = b.instances(gb, x.0 + 1, true, 1).into_iter().next()?;
                let g = ga.min(gb);
                Some(FValue::Interval {
                    from: Some(x.0),
                    to: Some(add(y.0, g, 1).max(y.1.min(add(y.0, g, 1)))),
                    grain: g,
                })
            }
            Kind::After(p) => Some(FValue::Interval {
                from: Some(p.first(self.grain, now)?.0),
                to: None,
                grain: self.grain,
            }),
            Kind::Before(p) => Some(FValue::Interval {
                from: None,
                to: Some(p.first(self.grain, now)?.0),
                grain: self.grain,
            }),
        }
    }

    fn and(&self, o: &T) -> Option<T> {
        let kind = match (self.kind, o.kind) {
            (Kind::Between(a, ga, b, gb), _) => {
                let p = o.p()?;
                Kind::Between(a.and(p)?, ga, b.and(p)?, gb)
            }
            (_, Kind::Between(a, ga, b, gb)) => {
                let p = self.p()?;
                Kind::Between(a.and(p)?, ga, b.and(p)?, gb)
            }
            _ => Kind::P(self.p()?.and(o.p()?)?),
        };
        let clockish = |t: &T| matches!(t.kind, Kind::P(p) if p.has_clock());
        let iv = if clockish(self) || clockish(o) {
            false
        } else {
            self.iv || o.iv
        };
        Some(T {
            kind,
            grain: self.grain.min(o.grain),
            iv,
            latent: false,
            clock: false,
        })
    }
}

/// What a chart node holds.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Tok {
    Num { v: f64, figures: bool, idiom: bool },
    Ord(i64),
    Dur(FDuration),
    Time(T),
}

#[derive(Debug, Clone, Copy)]
struct Node {
    s: usize,
    e: usize,
    tok: Tok,
    /// Rule applications that built it: among readings of one span the simplest wins.
    cost: u32,
}

enum Item {
    Re(Regex),
    Num,
    Ord,
    Dur,
    Time,
}

enum Arg<'a> {
    Re(regex::Captures<'a>),
    Tok(Tok),
}

impl Arg<'_> {
    fn num(&self) -> Option<f64> {
        match self {
            Arg::Tok(Tok::Num { v, .. }) => Some(*v),
            _ => None,
        }
    }
    fn int(&self) -> Option<i64> {
        let v = self.num()?;
        (v.fract() == 0.0 && v >= 0.0).then_some(v as i64)
    }
    fn ord(&self) -> Option<i64> {
        match self {
            Arg::Tok(Tok::Ord(v)) => Some(*v),
            _ => None,
        }
    }
    fn dur(&self) -> Option<FDuration> {
        match self {
            Arg::Tok(Tok::Dur(d)) => Some(*d),
            _ => None,
        }
    }
    fn time(&self) -> Option<T> {
        match self {
            Arg::Tok(Tok::Time(t)) => Some(*t),
            _ => None,
        }
    }
    fn text(&self, group: usize) -> Option<&str> {
        match self {
            Arg::Re(c) => c.get(group).map(|m| m.as_str()),
            _ => None,
        }
    }
    fn named(&self, name: &str) -> Option<&str> {
        match self {
            Arg::Re(c) => c.name(name).map(|m| m.as_str()),
            _ => None,
        }
    }
}

struct Ctx {
    now: i64,
}

type Build = fn(&Ctx, &[Arg<'_>]) -> Option<Tok>;

struct Rule {
    items: Vec<Item>,
    build: Build,
}

fn rx(p: &str) -> Item {
    Item::Re(
        Regex::new(&format!("^(?:{p})"))
            .unwrap_or_else(|e| panic!("bad built-in time pattern {p}: {e}")),
    )
}

fn time(t: T) -> Option<Tok> {
    Some(Tok::Time(t))
}

const MONTHS: &str = r"(?P<month>january|jan\.?|february|feb\.?|march|mar\.?|april|apr\.?|may|june|jun\.?|july|jul\.?|august|aug\.?|september|sept?\.?|october|oct\.?|november|nov\.?|december|dec\.?)";
const WEEKDAYS: &str = r"(?P<dow>mondays?|mon\.?|tuesdays?|tues?\.?|wednesdays?|wed\.?|thursdays?|thu(?:rs?)?\.?|fridays?|fri\.?|saturdays?|sat\.?|sundays?|sun\.?)";
const CYCLES: &str = r"(?P<cycle>sec(?:ond)?s?|min(?:ute)?s?|hours?|hrs?|days?|weeks?|wks?|months?|quarters?|qtrs?|years?|yrs?)";

fn month_of(w: &str) -> Option<u8> {
    super::month_number(w)
}

fn dow_of(w: &str) -> Option<u8> {
    let w = w.trim_end_matches('.');
    let w = w
        .strip_suffix('s')
        .filter(|x| x.ends_with("day"))
        .unwrap_or(w);
    let n = match &w[..w.len().min(3)] {
        "mon" => 0,
        "tue" => 1,
        "wed" => 2,
        "thu" => 3,
        "fri" => 4,
        "sat" => 5,
        "sun" => 6,
        _ => return None,
    };
    Some(n)
}

fn cycle_of(w: &str) -> Option<FGrain> {
    FGrain::from_word(w)
}

fn day_pred(p: Pred) -> Option<Tok> {
    time(T::pred(p, FGrain::Day))
}

fn clock(h: i64, m: Option<i64>, s: Option<i64>, h12: bool) -> Option<T> {
    if !(0..=24).contains(&h)
        || m.is_some_and(|m| !(0..60).contains(&m))
        || s.is_some_and(|s| !(0..60).contains(&s))
    {
        return None;
    }
    let h = if h == 24 { 0 } else { h };
    let grain = if s.is_some() {
        FGrain::Second
    } else if m.is_some() {
        FGrain::Minute
    } else {
        FGrain::Hour
    };
    let mut t = T::pred(
        Pred {
            hour: Some(h as u8),
            h12: h12 && (1..=12).contains(&h),
            minute: m.map(|m| m as u8),
            second: s.map(|s| s as u8),
            ..Pred::default()
        },
        grain,
    );
    t.clock = true;
    Some(t)
}

/// Applies am/pm to a clock time.
fn meridiem(t: T, ap: &str) -> Option<T> {
    let Kind::P(mut p) = t.kind else { return None };
    let h = p.hour?;
    if !((1..=12).contains(&h) || h == 0 && ap.starts_with('a')) {
        // "15h pm" is not a time; 0 am stays midnight
        if !(13..=23).contains(&h) || ap.starts_with('a') {
            return None;
        }
    }
    if h <= 12 {
        p.hour = Some(if ap.starts_with('p') {
            h % 12 + 12
        } else {
            h % 12
        });
    }
    p.h12 = false;
    Some(T {
        kind: Kind::P(p),
        latent: false,
        ..t
    })
}

fn pod(a: u8, b: u8) -> T {
    T {
        kind: Kind::P(Pred {
            pod: Some((a, b)),
            ..Pred::default()
        }),
        grain: FGrain::Hour,
        iv: true,
        latent: false,
        clock: false,
    }
}

fn pod_of(w: &str) -> Option<T> {
    let w = w.trim_end_matches("ish");
    let (a, b) = match w {
        "morning" => (0, 12),
        "early morning" => (0, 9),
        "afternoon" => (12, 19),
        "evening" | "night" | "tonight" => (18, 24),
        "late night" | "late tonight" | "late evening" => (21, 24),
        "lunch" | "lunchtime" => (12, 14),
        _ => return None,
    };
    Some(pod(a, b))
}

fn in_duration(now: i64, d: FDuration, sign: i64) -> Option<T> {
    let d = d.whole();
    let grain = d.unit.finer();
    let n = (d.value.round() as i64) * sign;
    let t = add(now, d.unit, n);
    let at = floor(t, grain);
    Some(T::fixed(at, add(at, grain, 1), grain, false))
}

/// n-th (1-based; negative from the end) instance of `t` inside `w`.
fn nth_in(t: &T, w: &T, n: i64, now: i64) -> Option<T> {
    let p = t.p()?;
    let (ws, we) = w.span(now)?;
    let inside = Pred {
        within: Some((ws, we)),
        ..Pred::default()
    };
    let q = p.and(inside)?;
    let all = q.instances(t.grain, ws, true, 400);
    let pick = if n > 0 {
        all.get((n - 1) as usize)
    } else {
        all.len()
            .checked_sub((-n) as usize)
            .and_then(|i| all.get(i))
    }?;
    Some(T::fixed(pick.0, pick.1, t.grain, t.iv))
}

fn tz_offset(w: &str) -> Option<i64> {
    let m = match w {
        "gmt" | "utc" | "wet" | "z" => 0,
        "bst" | "cet" | "wat" => 60,
        "cest" | "eet" => 120,
        "ist" => 330,
        "est" => -300,
        "edt" => -240,
        "cst" => -360,
        "cdt" => -300,
        "mst" => -420,
        "mdt" => -360,
        "pst" => -480,
        "pdt" => -420,
        _ => return None,
    };
    Some(m)
}

/// The reference zone's offset from UTC, in minutes (Duckling's corpus uses -02:00).
const REF_OFFSET_MIN: i64 = -120;

static RULES: LazyLock<Vec<Rule>> = LazyLock::new(rules);

#[allow(clippy::too_many_lines)]
fn rules() -> Vec<Rule> {
    use Item::{Dur, Num, Ord, Time};
    let r = |items: Vec<Item>, build: Build| Rule { items, build };
    vec![
        // ---- durations
        r(
            vec![
                Num,
                rx(&format!(
                    r"(?:(?:additional|more|less|extra)\s+)?{CYCLES}|fortnights?|(?P<q>')|(?P<mm>m)\b|(?P<hh>h)\b"
                )),
            ],
            |_, a| {
                let n = a[0].num()?;
                let w = a[1].text(0)?;
                let (n, unit) = if w.starts_with("fortnight") {
                    (n * 14.0, FGrain::Day)
                } else if a[1].named("q").is_some() || a[1].named("mm").is_some() {
                    (n, FGrain::Minute)
                } else if a[1].named("hh").is_some() {
                    (n, FGrain::Hour)
                } else {
                    (n, cycle_of(a[1].named("cycle")?)?)
                };
                Some(Tok::Dur(FDuration { value: n, unit }.whole()))
            },
        ),
        r(
            vec![rx(&format!(r"(?:an?|one)\s+(?:{CYCLES}|(?P<f>fortnight))"))],
            |_, a| {
                let unit = match a[0].named("f") {
                    Some(_) => {
                        return Some(Tok::Dur(FDuration {
                            value: 14.0,
                            unit: FGrain::Day,
                        }))
                    }
                    None => cycle_of(a[0].named("cycle")?)?,
                };
                Some(Tok::Dur(FDuration { value: 1.0, unit }))
            },
        ),
        r(vec![rx(&format!(r"half\s+(?:an?\s+)?{CYCLES}"))], |_, a| {
            let unit = cycle_of(a[0].named("cycle")?)?;
            Some(Tok::Dur(FDuration { value: 0.5, unit }.whole()))
        }),
        // "an hour and a half", "a month and a half"
        r(vec![Dur, rx(r"and\s+(?:a\s+)?half")], |_, a| {
            let d = a[0].dur()?;
            Some(Tok::Dur(
                FDuration {
                    value: d.value + 0.5,
                    unit: d.unit,
                }
                .whole(),
            ))
        }),
        // "2 and a half hours", "five and half min"
        r(
            vec![Num, rx(&format!(r"and\s+(?:an?\s+)?half\s+{CYCLES}"))],
            |_, a| {
                let unit = cycle_of(a[1].named("cycle")?)?;
                Some(Tok::Dur(
                    FDuration {
                        value: a[0].num()? + 0.5,
                        unit,
                    }
                    .whole(),
                ))
            },
        ),
        // "one and a quarter hour", "one and three quarter of hours"
        r(
            vec![
                Num,
                rx(&format!(
                    r"and\s+(?:(?P<k>a|one|two|three)\s+)?quarters?\s+(?:of\s+(?:an?\s+)?)?{CYCLES}"
                )),
            ],
            |_, a| {
                let k = match a[1].named("k") {
                    None | Some("a" | "one") => 1.0,
                    Some("two") => 2.0,
                    _ => 3.0,
                };
                let unit = cycle_of(a[1].named("cycle")?)?;
                Some(Tok::Dur(
                    FDuration {
                        value: a[0].num()? + k / 4.0,
                        unit,
                    }
                    .whole(),
                ))
            },
        ),
        // "1 hour thirty" (minutes after hours, seconds after minutes)
        r(vec![Dur, Num], |_, a| {
            let d = a[0].dur()?;
            let n = a[1].int()?;
            let unit = match d.unit {
                FGrain::Hour => FGrain::Minute,
                FGrain::Minute => FGrain::Second,
                _ => return None,
            };
            if d.value.fract() != 0.0 || !(1..60).contains(&n) {
                return None;
            }
            Some(Tok::Dur(d.plus(FDuration {
                value: n as f64,
                unit,
            })))
        }),
        // "2 years 3 months", "an hour and 45 minutes"
        r(vec![Dur, rx(r",?\s*(?:and)?"), Dur], |_, a| {
            let (x, y) = (a[0].dur()?, a[2].dur()?);
            if x.unit <= y.unit {
                return None;
            }
            Some(Tok::Dur(x.plus(y)))
        }),
        // ---- clock times
        r(
            vec![rx(
                r"(?P<h>[01]?\d|2[0-4])(?:(?P<sep>[:.h])(?P<m>[0-5]\d)(?::(?P<s>[0-5]\d))?|(?P<hh>h))",
            )],
            |_, a| {
                let h: i64 = a[0].named("h")?.parse().ok()?;
                let m: Option<i64> = a[0].named("m").and_then(|m| m.parse().ok());
                let s: Option<i64> = a[0].named("s").and_then(|m| m.parse().ok());
                if a[0].named("sep") == Some(".") && a[0].named("s").is_none() {
                    return None;
                }
                let h12 = a[0].named("hh").is_none() && a[0].named("sep") != Some("h");
                let m = if a[0].named("hh").is_some() {
                    Some(0)
                } else {
                    m
                };
                time(clock(h, m, s, h12 && h <= 12)?)
            },
        ),
        // 4-digit "1030" after "at"
        r(
            vec![rx(
                r"(?:at|@)\s+(?P<h>[01]?\d|2[0-3])(?P<m>[0-5]\d)(?P<tail>[.,]\d+)?\b",
            )],
            |_, a| {
                if a[0].named("tail").is_some() {
                    return None;
                }
                let h: i64 = a[0].named("h")?.parse().ok()?;
                let m: i64 = a[0].named("m")?.parse().ok()?;
                time(clock(h, Some(m), None, h <= 12)?)
            },
        ),
        // "3 o'clock", "three oclock"
        r(vec![Num, rx(r"o['’]?\s?clock")], |_, a| {
            time(clock(a[0].int()?, None, None, true)?)
        }),
        // bare hour numbers (latent) "at 3" makes them real
        r(vec![Num], |_, a| {
            if matches!(a[0], Arg::Tok(Tok::Num { idiom: true, .. })) {
                return None;
            }
            let h = a[0].int()?;
            if !(0..=23).contains(&h) {
                return None;
            }
            let mut t = clock(h, None, None, h <= 12)?;
            t.latent = true;
            time(t)
        }),
        // "ten thirty", "four twenty-three", "at 3 15"
        r(vec![Num, Num], |_, a| {
            let h = a[0].int()?;
            let m = a[1].int()?;
            if !(1..=12).contains(&h) || !(10..60).contains(&m) {
                return None;
            }
            let mut t = clock(h, Some(m), None, true)?;
            t.latent = true;
            time(t)
        }),
        // "twelve zero three", "twelve ou three"
        r(vec![Num, rx(r"-?(?:zero|oh?|ou)[\s-]+"), Num], |_, a| {
            let h = a[0].int()?;
            let m = a[2].int()?;
            if !(1..=12).contains(&h) || !(1..10).contains(&m) {
                return None;
            }
            let mut t = clock(h, Some(m), None, true)?;
            t.latent = true;
            time(t)
        }),
        // am/pm
        r(
            vec![
                Time,
                rx(
                    r"(?:ish\s*)?(?:(?P<ap>[ap])\s?\.?\s?m\b\.?|(?P<p>p)\b\.?)|in\s+the\s+(?P<pd>am|pm|morning|afternoon|evening)",
                ),
            ],
            |_, a| {
                let t = a[0].time()?;
                if !t.clock {
                    return None;
                }
                let ap = match a[1].named("pd") {
                    Some("am" | "morning") => "a",
                    Some(_) => "p",
                    None => a[1].named("ap").or(a[1].named("p"))?,
                };
                let mut t = meridiem(t, ap)?;
                t.clock = true;
                time(t)
            },
        ),
        r(
            vec![rx(r"(?P<w>noon|midday|mid\s+day|midnight)")],
            |_, a| {
                let h = if a[0].named("w")? == "midnight" {
                    0
                } else {
                    12
                };
                let mut t = clock(h, None, None, false)?;
                t.clock = true;
                time(t)
            },
        ),
        // "a quarter past 3pm", "20 minutes past 3pm", "half past 3", "twenty after 3pm"
        r(
            vec![
                rx(r"(?P<q>(?:a\s+)?quarter|half)\s+(?P<dir>past|after|to|till|before)"),
                Time,
            ],
            |_, a| {
                let m = if a[0].named("q")?.contains("quarter") {
                    15
                } else {
                    30
                };
                minutes_from(a[1].time()?, m, a[0].named("dir")?)
            },
        ),
        r(
            vec![
                Num,
                rx(r"(?:minutes?\s+)?(?P<dir>past|after|to|till|before|from)"),
                Time,
            ],
            |_, a| {
                let m = a[0].int()?;
                if !(1..60).contains(&m) {
                    return None;
                }
                minutes_from(a[2].time()?, m, a[1].named("dir")?)
            },
        ),
        // "half three"
        r(vec![rx("half"), Num], |_, a| {
            let h = a[1].int()?;
            let t = clock(h, Some(30), None, true)?;
            time(t)
        }),
        // time zones
        r(
            vec![
                Time,
                rx(r"(?P<tz>gmt|utc|bst|cet|cest|eet|ist|est|edt|cst|cdt|mst|mdt|pst|pdt)\b"),
            ],
            |_, a| {
                let off = tz_offset(a[1].named("tz")?)?;
                shift_clock(a[0].time()?, REF_OFFSET_MIN - off)
            },
        ),
        // ---- days
        r(vec![rx(WEEKDAYS)], |_, a| {
            day_pred(Pred {
                dow: Some(dow_of(a[0].named("dow")?)?),
                ..Pred::default()
            })
        }),
        r(
            vec![rx(
                r"(?P<w>today|tomorrow|tmrw?|yesterday|(?:the\s+)?day\s+after\s+tomorrow|(?:the\s+)?day\s+before\s+yesterday)",
            )],
            |c, a| {
                let w = a[0].named("w")?;
                let n = if w.contains("after") {
                    2
                } else if w.contains("before") {
                    -2
                } else if w.starts_with("tom") || w.starts_with("tmr") {
                    1
                } else if w.starts_with("yes") {
                    -1
                } else {
                    0
                };
                let d = add(floor(c.now, FGrain::Day), FGrain::Day, n);
                time(T::fixed(d, d + 86_400, FGrain::Day, false))
            },
        ),
        r(
            vec![rx(
                r"(?P<w>now|right\s+now|just\s+now|atm|at\s+the\s+moment)",
            )],
            |c, _| time(T::fixed(c.now, c.now + 1, FGrain::Second, false)),
        ),
        r(vec![rx(r"at\s+this\s+time")], |c, _| {
            let d = floor(c.now, FGrain::Day);
            time(T::fixed(d, d + 86_400, FGrain::Day, false))
        }),
        r(vec![rx(r"asap|as\s+soon\s+as\s+possible")], |c, _| {
            time(T {
                kind: Kind::After(Pred {
                    within: Some((c.now, c.now + 1)),
                    ..Pred::default()
                }),
                grain: FGrain::Second,
                iv: false,
                latent: false,
                clock: false,
            })
        }),
        // months
        r(vec![rx(MONTHS)], |_, a| {
            let m = month_of(a[0].named("month")?)?;
            let mut t = T::pred(
                Pred {
                    month: Some(m),
                    ..Pred::default()
                },
                FGrain::Month,
            );
            t.latent = true;
            time(t)
        }),
        // "march 3", "feb13", "march 3rd"
        r(
            vec![rx(&format!(
                r"{MONTHS}\s*(?:the\s+)?(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\b"
            ))],
            |_, a| {
                let m = month_of(a[0].named("month")?)?;
                let d: u8 = a[0].named("d")?.parse().ok()?;
                dom_month(d, m)
            },
        ),
        r(vec![rx(MONTHS), Ord], |_, a| {
            dom_month(
                u8::try_from(a[1].ord()?).ok()?,
                month_of(a[0].named("month")?)?,
            )
        }),
        // "15 of february", "the 15th of february", "first of march", "18th Dec"
        r(
            vec![
                rx(r"(?:the\s+)?(?P<d>[0-3]?\d)(?:st|nd|rd|th)?(?:\s+of)?\s*"),
                rx(MONTHS),
            ],
            |_, a| {
                dom_month(
                    a[0].named("d")?.parse().ok()?,
                    month_of(a[1].named("month")?)?,
                )
            },
        ),
        r(
            vec![rx(r"(?:the\s+)?"), Ord, rx(r"(?:of\s+)?"), rx(MONTHS)],
            |_, a| {
                dom_month(
                    u8::try_from(a[1].ord()?).ok()?,
                    month_of(a[3].named("month")?)?,
                )
            },
        ),
        // "the 15th", "on the first" (a day of the month)
        r(vec![rx(r"the"), Ord], |_, a| {
            let d = a[1].ord()?;
            if !(1..=31).contains(&d) {
                return None;
            }
            day_pred(Pred {
                dom: Some(d as u8),
                ..Pred::default()
            })
        }),
        r(vec![rx(r"the\s+(?P<d>[0-3]?\d)\b")], |_, a| {
            let d: u8 = a[0].named("d")?.parse().ok()?;
            if !(1..=31).contains(&d) {
                return None;
            }
            let mut t = T::pred(
                Pred {
                    dom: Some(d),
                    ..Pred::default()
                },
                FGrain::Day,
            );
            t.latent = true;
            time(t)
        }),
        // "Thu 15th", "Tuesday the 19th"
        r(
            vec![Time, rx(r",?\s*(?:the\s+)?(?P<d>[0-3]?\d)(?:st|nd|rd|th)")],
            |_, a| {
                let t = a[0].time()?;
                let Kind::P(p) = t.kind else { return None };
                p.dow?;
                let d: u8 = a[1].named("d")?.parse().ok()?;
                time(T::pred(
                    p.and(Pred {
                        dom: Some(d),
                        ..Pred::default()
                    })?,
                    FGrain::Day,
                ))
            },
        ),
        // numeric dates
        r(
            vec![rx(r"(?P<y>\d{4})-(?P<m>0?[1-9]|1[0-2])-(?P<d>[0-3]?\d)")],
            |_, a| {
                date_ymd(
                    a[0].named("y")?.parse().ok()?,
                    a[0].named("m")?.parse().ok()?,
                    a[0].named("d")?.parse().ok()?,
                )
            },
        ),
        r(vec![rx(r"(?P<y>\d{4})/(?P<m>0?[1-9]|1[0-2])\b")], |_, a| {
            let y: i32 = a[0].named("y")?.parse().ok()?;
            let m: u8 = a[0].named("m")?.parse().ok()?;
            time(T::pred(
                Pred {
                    year: Some(y),
                    month: Some(m),
                    ..Pred::default()
                },
                FGrain::Month,
            ))
        }),
        r(
            vec![rx(
                r"(?P<m>0?[1-9]|1[0-2])\s?(?P<sep>[/.-])\s?(?P<d>[0-3]?\d)(?:(?P<sep2>[/.-])(?P<y>\d{4}|\d{2}))?\b",
            )],
            |_, a| {
                let m: u8 = a[0].named("m")?.parse().ok()?;
                let d: u8 = a[0].named("d")?.parse().ok()?;
                if a[0].named("sep") == Some(".") && a[0].named("y").is_none() {
                    return None;
                }
                match a[0].named("y") {
                    Some(y) => {
                        let y = super::two_digit_year(y)?;
                        date_ymd(y, m, d)
                    }
                    None => dom_month(d, m),
                }
            },
        ),
        r(
            vec![rx(&format!(
                r"(?P<d>[0-3]?\d)-{MONTHS}-(?P<y>\d{{4}}|\d{{2}})"
            ))],
            |_, a| {
                let y = super::two_digit_year(a[0].named("y")?)?;
                date_ymd(
                    y,
                    month_of(a[0].named("month")?)?,
                    a[0].named("d")?.parse().ok()?,
                )
            },
        ),
        // years
        r(vec![rx(r"(?:in|of|for|during|year)\s+"), Num], |_, a| {
            year_tok(a[1].int()?)
        }),
        // a bare number in figures from 1000 to 2200 may be a year ("end of 2012")
        r(vec![Num], |_, a| {
            if !matches!(a[0], Arg::Tok(Tok::Num { figures: true, .. })) {
                return None;
            }
            let y = a[0].int()?;
            if !(1000..=2200).contains(&y) {
                return None;
            }
            let Some(Tok::Time(mut t)) = year_tok(y) else {
                return None;
            };
            t.latent = true;
            time(t)
        }),
        // "1960 - 1961": a span of years
        r(
            vec![rx(r"(?P<a>\d{4})\s*(?:-|–|to|through|thru)\s*(?P<b>\d{4})")],
            |_, a| {
                let x: i64 = a[0].named("a")?.parse().ok()?;
                let y: i64 = a[0].named("b")?.parse().ok()?;
                if x >= y {
                    return None;
                }
                let (Some(Tok::Time(x)), Some(Tok::Time(y))) = (year_tok(x), year_tok(y)) else {
                    return None;
                };
                between(x, y)
            },
        ),
        // "the ides of March": the 15th of March, May, July and October, else the 13th
        r(
            vec![rx(&format!(r"(?:the\s+)?ides\s+of\s+{MONTHS}"))],
            |_, a| {
                let m = month_of(a[0].named("month")?)?;
                dom_month(if matches!(m, 3 | 5 | 7 | 10) { 15 } else { 13 }, m)
            },
        ),
        r(
            vec![Num, rx(r"(?P<era>a\.?d\.?|b\.?c\.?|bce|ce)(?:\s|$)")],
            |_, a| {
                let y = a[0].int()?;
                let y = if a[1].named("era")?.starts_with('b') {
                    -y
                } else {
                    y
                };
                time(T::pred(
                    Pred {
                        year: Some(i32::try_from(y).ok()?),
                        ..Pred::default()
                    },
                    FGrain::Year,
                ))
            },
        ),
        r(vec![Time, rx(r",?|in|of"), Num], |_, a| {
            // "march 3rd 2015", "October 2014", "thanksgiving 2014"
            let t = a[0].time()?;
            let y = a[2].int()?;
            if !(1000..=2200).contains(&y) || t.clock {
                return None;
            }
            let Kind::P(p) = t.kind else { return None };
            if p.year.is_some() || p.has_clock() {
                return None;
            }
            let q = p.and(Pred {
                year: Some(y as i32),
                ..Pred::default()
            })?;
            time(T {
                kind: Kind::P(q),
                latent: false,
                ..t
            })
        }),
        // quarters
        r(vec![Ord, rx(r"(?:quarter|qtr)")], |_, a| {
            quarter_of(a[0].ord()?, None)
        }),
        r(vec![rx(r"(?P<y>\d{4})\s?q(?P<q>[1-4])")], |_, a| {
            quarter_of(
                a[0].named("q")?.parse().ok()?,
                a[0].named("y")?.parse().ok(),
            )
        }),
        // ---- relative
        r(
            vec![rx(&format!(
                r"(?P<rel>this|current|coming|next|following|last|past|previous|the\s+following|the\s+previous)\s+{CYCLES}"
            ))],
            |c, a| {
                let g = cycle_of(a[0].named("cycle")?)?;
                let n = match a[0].named("rel")? {
                    "this" | "current" => 0,
                    "coming" | "next" | "following" | "the following" => 1,
                    _ => -1,
                };
                let s = add(floor(c.now, g), g, n);
                time(T::fixed(s, add(s, g, 1), g, false))
            },
        ),
        r(
            vec![rx(r"(?P<rel>this|current|coming|upcoming)"), Time],
            |_, a| {
                let t = a[1].time()?;
                if t.clock && a[0].named("rel")? != "this" {
                    return None;
                }
                time(T { latent: false, ..t })
            },
        ),
        r(vec![rx(r"next"), Time], |c, a| {
            let t = a[1].time()?;
            if t.clock {
                return None;
            }
            let p = t.p()?;
            if p.dow.is_some() && p.dom.is_none() && p.within.is_none() {
                // "next tuesday": the one in next week
                let s = add(floor(c.now, FGrain::Week), FGrain::Week, 1);
                return time(T::pred(
                    p.and(Pred {
                        within: Some((s, add(s, FGrain::Week, 1))),
                        ..Pred::default()
                    })?,
                    t.grain,
                ));
            }
            let all = p.instances(t.grain, c.now, true, 2);
            let pick = all.iter().find(|x| x.0 > c.now)?;
            time(T::fixed(pick.0, pick.1, t.grain, t.iv))
        }),
        r(
            vec![rx(r"(?:last|past|previous|this\s+past)"), Time],
            |c, a| {
                let t = a[1].time()?;
                if t.clock {
                    return None;
                }
                let p = t.p()?;
                let pick = *p.instances(t.grain, c.now, false, 1).first()?;
                time(T::fixed(pick.0, pick.1, t.grain, t.iv))
            },
        ),
        r(vec![Time, rx(r"after\s+next")], |c, a| {
            let t = a[0].time()?;
            let p = t.p()?;
            let all: Vec<_> = p
                .instances(t.grain, c.now, true, 3)
                .into_iter()
                .filter(|x| x.0 > c.now)
                .collect();
            let pick = all.get(1)?;
            time(T::fixed(pick.0, pick.1, t.grain, t.iv))
        }),
        // "in 3 days", "in a minute", "3 days ago", "a week hence"
        r(vec![rx(r"(?:in|within)"), Dur], |c, a| {
            time(in_duration(c.now, a[1].dur()?, 1)?)
        }),
        r(
            vec![
                Dur,
                rx(r"(?P<w>ago|back|hence|later|from\s+(?:right\s+)?now)"),
            ],
            |c, a| {
                let d = a[0].dur()?;
                match a[1].named("w")? {
                    "ago" | "back" => time(in_duration(c.now, d, -1)?),
                    "hence" | "later" => time(in_duration(c.now, d, 1)?),
                    _ => {
                        let d = d.whole();
                        let t = add(c.now, d.unit, d.value.round() as i64);
                        time(T::fixed(t, t + 1, FGrain::Second, false))
                    }
                }
            },
        ),
        r(vec![rx(r"in"), Num, rx(r"more"), rx(CYCLES)], |c, a| {
            let unit = cycle_of(a[3].named("cycle")?)?;
            time(in_duration(
                c.now,
                FDuration {
                    value: a[1].num()?,
                    unit,
                },
                1,
            )?)
        }),
        // "3 fridays from now", "2 thursdays back"
        r(
            vec![
                Num,
                rx(&format!(r"{WEEKDAYS}\s+(?P<w>from\s+now|back|ago)")),
            ],
            |c, a| {
                let n = a[0].int()?;
                let dow = dow_of(a[1].named("dow")?)?;
                let p = Pred {
                    dow: Some(dow),
                    ..Pred::default()
                };
                let back = a[1].named("w")? != "from now";
                let all: Vec<_> = if back {
                    p.instances(FGrain::Day, c.now, false, n as usize + 1)
                        .into_iter()
                        .filter(|x| x.1 <= floor(c.now, FGrain::Day))
                        .collect()
                } else {
                    p.instances(FGrain::Day, c.now, true, n as usize + 1)
                        .into_iter()
                        .filter(|x| x.0 > c.now)
                        .collect()
                };
                let pick = all.get(usize::try_from(n - 1).ok()?)?;
                time(T::fixed(pick.0, pick.1, FGrain::Day, false))
            },
        ),
        // "last 2 days", "next three hours", "next few days"
        r(
            vec![
                rx(r"(?P<rel>last|past|previous|next|coming|following)"),
                Num,
                rx(CYCLES),
            ],
            |c, a| {
                let n = a[1].int()?;
                let g = cycle_of(a[2].named("cycle")?)?;
                let cur = floor(c.now, g);
                let (s, e) = if matches!(a[0].named("rel")?, "last" | "past" | "previous") {
                    (add(cur, g, -n), cur)
                } else {
                    (add(cur, g, 1), add(cur, g, 1 + n))
                };
                time(T::fixed(s, e, g, true))
            },
        ),
        // "upcoming two weeks", "2 upcoming weeks"
        r(vec![rx(r"upcoming"), Num, rx(CYCLES)], |c, a| {
            upcoming(c.now, a[1].int()?, a[2].named("cycle")?)
        }),
        r(vec![Num, rx(&format!(r"upcoming\s+{CYCLES}"))], |c, a| {
            upcoming(c.now, a[0].int()?, a[1].named("cycle")?)
        }),
        // ---- parts of day
        r(
            vec![rx(
                r"(?P<w>(?:early\s+)?morning|afternoon|evening|night|lunch(?:time)?)(?:ish)?",
            )],
            |_, a| {
                let mut t = pod_of(a[0].named("w")?)?;
                t.latent = true;
                time(t)
            },
        ),
        r(vec![rx(r"(?P<w>(?:late\s+)?tonight)")], |c, a| {
            let w = a[0].named("w")?;
            let p = pod_of(w)?;
            let d = floor(c.now, FGrain::Day);
            time(p.and(&T::fixed(d, d + 86_400, FGrain::Day, false))?)
        }),
        r(vec![rx(r"(?P<late>late\s+)?last\s+night")], |c, a| {
            let d = floor(c.now, FGrain::Day) - 86_400;
            let h = if a[0].named("late").is_some() { 21 } else { 18 };
            time(T::fixed(d + h * 3600, d + 86_400, FGrain::Hour, true))
        }),
        r(vec![rx(r"after\s+lunch")], |_, _| time(pod(13, 17))),
        r(vec![rx(r"(?:this\s+)?weekend|week\s*end")], |_, _| {
            time(T {
                kind: Kind::P(Pred {
                    weekend: true,
                    ..Pred::default()
                }),
                grain: FGrain::Hour,
                iv: true,
                latent: false,
                clock: false,
            })
        }),
        // ---- holidays
        r(vec![rx(&HOLIDAYS)], |_, a| {
            let h = holiday_of(a)?;
            let mut t = T::pred(
                Pred {
                    holiday: Some(h),
                    ..Pred::default()
                },
                FGrain::Day,
            );
            t.iv = matches!(h, Holiday::Calendar(f) if feast_days(f) > 1);
            time(t)
        }),
        // Earth Hour: 8:30 to 9:30 pm on its Saturday
        r(vec![rx(r"earth\s+hour")], |_, _| {
            let day = Pred {
                holiday: Some(Holiday::Calendar(Feast::EarthHour)),
                ..Pred::default()
            };
            let at = |h: u8| {
                day.and(Pred {
                    hour: Some(h),
                    minute: Some(30),
                    ..Pred::default()
                })
            };
            time(T {
                kind: Kind::Between(at(20)?, FGrain::Minute, at(21)?, FGrain::Minute),
                grain: FGrain::Minute,
                iv: true,
                latent: false,
                clock: false,
            })
        }),
        // seasons, from the solstice or equinox that opens them to the one that closes
        // them: "summer" is 21 June to 23 September. "Spring" and "fall" are verbs too.
        r(
            vec![rx(
                r"(?P<rel>(?:this|current|the|next|coming|last|past|previous)\s+)?(?P<s>spring|summer|fall|autumn|winter)",
            )],
            |c, a| {
                let w = a[0].named("s")?;
                let (sm, sd, em, ed) = match w {
                    "spring" => (3, 20, 6, 21),
                    "summer" => (6, 21, 9, 23),
                    "fall" | "autumn" => (9, 23, 12, 21),
                    _ => (12, 21, 3, 20),
                };
                let rel = a[0].named("rel").map(str::trim);
                let season = |y: i32| -> Option<(i64, i64)> {
                    let s = instant(y, sm, sd, 0, 0, 0)?;
                    let ey = if em < sm { y + 1 } else { y };
                    Some((s, instant(ey, em, ed, 0, 0, 0)? + 86_400))
                };
                let y = date_of(c.now).year();
                let all: Vec<(i64, i64)> = (y - 2..=y + 2).filter_map(season).collect();
                let pick = match rel {
                    Some("last" | "past" | "previous") => {
                        all.iter().rev().find(|x| x.1 <= c.now).copied()
                    }
                    Some("next" | "coming") => all.iter().find(|x| x.0 > c.now).copied(),
                    _ => all.iter().find(|x| x.1 > c.now).copied(),
                }?;
                let mut t = T::fixed(pick.0, pick.1, FGrain::Day, true);
                t.latent = rel.is_none() && matches!(w, "spring" | "fall");
                time(t)
            },
        ),
        // ---- composition
        // "<day> <time>", "<time> <day>", "tomorrow at 5pm", "Mon, February 18"
        r(
            vec![Time, rx(r"(?:,|at|@|on|of|in\s+the|in|the|during)?"), Time],
            |_, a| {
                let (x, y) = (a[0].time()?, a[2].time()?);
                if x.latent && y.latent {
                    return None;
                }
                let t = x.and(&y)?;
                time(t)
            },
        ),
        // prefixes that do not change the time
        r(
            vec![
                rx(
                    r"(?P<w>at|@|on|in|for|during|around|about|approximately|approx\.?|the|at\s+about|at\s+around)",
                ),
                Time,
            ],
            |_, a| {
                let t = a[1].time()?;
                if t.clock && matches!(a[0].named("w")?, "in" | "the" | "during") {
                    return None;
                }
                time(T { latent: false, ..t })
            },
        ),
        // "<time> in <duration>" / "March in 1 year": the time's instance in the period
        r(vec![Time, rx(r"in|of|from"), Time], |_, a| {
            let (x, y) = (a[0].time()?, a[2].time()?);
            if !matches!(y.kind, Kind::Fixed(..)) {
                return None;
            }
            let mut t = x.and(&y)?;
            t.grain = x.grain;
            t.iv = x.iv;
            time(t)
        }),
        // "thanksgiving in 3 years", "March in 1 year", "easter 2 years ago": the time's
        // instance in the period (of the duration's unit) that far from now
        r(vec![Time, rx(r"in|within"), Dur], |c, a| {
            in_period(c.now, &a[0].time()?, a[2].dur()?, 1)
        }),
        r(
            vec![Time, Dur, rx(r"(?P<w>ago|back|hence|later)")],
            |c, a| {
                let sign = if matches!(a[2].named("w")?, "ago" | "back") {
                    -1
                } else {
                    1
                };
                in_period(c.now, &a[0].time()?, a[1].dur()?, sign)
            },
        ),
        // "the closest monday to october 5th", "the second closest christmas to today"
        r(
            vec![
                rx(r"(?:the\s+)?"),
                Ord,
                rx(r"(?:closest|nearest)"),
                Time,
                rx(r"to"),
                Time,
            ],
            |c, a| closest(&a[3].time()?, &a[5].time()?, a[1].ord()?, c.now),
        ),
        r(
            vec![rx(r"(?:the\s+)?(?:closest|nearest)"), Time, rx(r"to"), Time],
            |c, a| closest(&a[1].time()?, &a[3].time()?, 1, c.now),
        ),
        // "first tuesday of october", "last day of october 2015", "the third last week of 2018"
        r(
            vec![
                rx(r"(?:the\s+)?"),
                Ord,
                rx(r"(?P<last>last\s+)?"),
                Time,
                rx(r"(?:of|in|from)"),
                Time,
            ],
            |c, a| {
                let n = a[1].ord()?;
                let n = if a[2].named("last").is_some() { -n } else { n };
                time(nth_in(&a[3].time()?, &a[5].time()?, n, c.now)?)
            },
        ),
        r(
            vec![
                rx(r"(?:the\s+)?(?P<w>first|last)"),
                Time,
                rx(r"(?:of|in|from)"),
                Time,
            ],
            |c, a| {
                let n = if a[0].named("w")? == "first" { 1 } else { -1 };
                time(nth_in(&a[1].time()?, &a[3].time()?, n, c.now)?)
            },
        ),
        r(
            vec![rx(r"(?P<cycle>day|week|month|weekend|week\s+end)")],
            |_, a| {
                let w = a[0].named("cycle")?;
                if w.starts_with("weekend") || w.starts_with("week end") {
                    return None;
                }
                let g = cycle_of(w)?;
                let mut t = T::pred(Pred::default(), g);
                t.latent = true;
                time(t)
            },
        ),
        // "the week of october 6th"
        // (a Sunday opens the week that follows it, as weeks start on Sunday in the US)
        r(vec![rx(r"(?:the\s+)?week\s+of"), Time], |c, a| {
            let (s, _) = a[1].time()?.span(c.now)?;
            let s = if date_of(s).weekday() == 6 {
                s + 86_400
            } else {
                s
            };
            let w = floor(s, FGrain::Week);
            time(T::fixed(w, add(w, FGrain::Week, 1), FGrain::Week, false))
        }),
        // "third tuesday after christmas 2014"
        r(vec![Ord, Time, rx(r"after"), Time], |c, a| {
            let n = a[0].ord()?;
            let t = a[1].time()?;
            let (_, e) = a[3].time()?.span(c.now)?;
            let all = t.p()?.instances(t.grain, e, true, n as usize);
            let pick = all.get(usize::try_from(n - 1).ok()?)?;
            time(T::fixed(pick.0, pick.1, t.grain, t.iv))
        }),
        // "three days after Easter"
        r(vec![Dur, rx(r"(?P<w>after|before|from)"), Time], |c, a| {
            let d = a[0].dur()?.whole();
            let t = a[2].time()?;
            if !matches!(t.kind, Kind::P(_)) || t.clock {
                return None;
            }
            let (s, _) = t.span(c.now)?;
            let sign = if a[1].named("w")? == "before" { -1 } else { 1 };
            let at = add(s, d.unit, sign * d.value.round() as i64);
            let g = t.grain.min(d.unit);
            time(T::fixed(floor(at, g), add(floor(at, g), g, 1), g, false))
        }),
        // ---- intervals
        r(
            vec![
                rx(r"(?:from\s+|between\s+|later\s+than\s+)?"),
                Time,
                rx(r"(?:-|–|/|to|thru|through|till|untill|until|and|but\s+before)"),
                Time,
            ],
            |_, a| between(a[1].time()?, a[3].time()?),
        ),
        // "3-4pm", "9-11am": the meridiem belongs to both
        r(
            vec![
                rx(r"(?:from\s+|around\s+)?"),
                Time,
                rx(r"(?:-|–|to|till|until)"),
                Time,
                rx(r"(?P<ap>[ap])\.?\s?m\b\.?"),
            ],
            |_, a| {
                let (x, y) = (a[1].time()?, a[3].time()?);
                if !x.clock || !y.clock {
                    return None;
                }
                let ap = a[4].named("ap")?;
                let ambiguous = matches!(x.kind, Kind::P(p) if p.h12);
                let x2 = if ambiguous { meridiem(x, ap)? } else { x };
                between(x2, meridiem(y, ap)?)
            },
        ),
        // "July 13-15", "Aug 8 - 12", "from August 27th - 29th"
        r(
            vec![rx(&format!(
                r"(?:from\s+)?{MONTHS}\s*(?P<a>[0-3]?\d)(?:st|nd|rd|th)?\s*(?:-|–|to|thru|through|till|until)\s*(?P<b>[0-3]?\d)(?:st|nd|rd|th)?\b"
            ))],
            |_, a| {
                let m = month_of(a[0].named("month")?)?;
                day_range(
                    m,
                    a[0].named("a")?.parse().ok()?,
                    a[0].named("b")?.parse().ok()?,
                )
            },
        ),
        // "from 13 to 15 July", "1-8 september", "19th To 21st aug", "from the 13th to the 15th of July"
        r(
            vec![rx(&format!(
                r"(?:from\s+)?(?:the\s+)?(?P<a>[0-3]?\d)(?:st|nd|rd|th)?\s*(?:-|–|to|thru|through|till|until)\s*(?:the\s+)?(?P<b>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTHS}"
            ))],
            |_, a| {
                let m = month_of(a[0].named("month")?)?;
                day_range(
                    m,
                    a[0].named("a")?.parse().ok()?,
                    a[0].named("b")?.parse().ok()?,
                )
            },
        ),
        // "for 10 days from 18th Dec", "18th Dec for 10 days", "from 4pm for thirty minutes"
        r(vec![rx(r"for"), Dur, rx(r"from"), Time], |c, a| {
            span_for(c, a[3].time()?, a[1].dur()?)
        }),
        r(vec![rx(r"(?:from\s+)?"), Time, rx(r"for"), Dur], |c, a| {
            span_for(c, a[1].time()?, a[3].dur()?)
        }),
        // open intervals
        r(
            vec![
                rx(
                    r"(?P<w>untill|until|till|before|through|thru|up\s+to|no\s+later\s+than|prior\s+to)",
                ),
                Time,
            ],
            |_, a| {
                let t = a[1].time()?;
                let p = t.p()?;
                time(T {
                    kind: Kind::Before(p),
                    latent: false,
                    iv: false,
                    ..t
                })
            },
        ),
        r(
            vec![rx(r"(?P<w>after|since|from|later\s+than|starting)"), Time],
            |_, a| {
                let t = a[1].time()?;
                if t.iv {
                    return None;
                }
                let p = t.p()?;
                time(T {
                    kind: Kind::After(p),
                    latent: false,
                    iv: false,
                    ..t
                })
            },
        ),
        r(
            vec![
                rx(r"(?P<w>since|after|from|through|thru|until|till|before)"),
                Num,
            ],
            |_, a| {
                let y = a[1].int()?;
                if !(1000..=2200).contains(&y) {
                    return None;
                }
                let p = Pred {
                    year: Some(y as i32),
                    ..Pred::default()
                };
                let kind = if matches!(a[0].named("w")?, "since" | "after" | "from") {
                    Kind::After(p)
                } else {
                    Kind::Before(p)
                };
                time(T {
                    kind,
                    grain: FGrain::Year,
                    iv: false,
                    latent: false,
                    clock: false,
                })
            },
        ),
        // "20th of the next month"
        r(vec![Ord, rx(r"of"), Time], |_, a| {
            let d = a[0].ord()?;
            let t = a[2].time()?;
            if !(1..=31).contains(&d) || t.grain <= FGrain::Day {
                return None;
            }
            let p = t.p()?.and(Pred {
                dom: Some(d as u8),
                ..Pred::default()
            })?;
            time(T::pred(p, FGrain::Day))
        }),
        // "seven thirty", "four twenty-three", "ten-thirty"
        r(
            vec![rx(
                r"(?P<h>one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)[\s-]+(?P<m>(?:twenty|thirty|forty|fifty)(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)",
            )],
            |_, a| {
                let n = |w: &str| {
                    numeral::numerals(w)
                        .into_iter()
                        .find(|x| x.start == 0 && x.end == w.len())
                        .map(|x| x.value as i64)
                };
                let h = n(a[0].named("h")?)?;
                let m = n(a[0].named("m")?)?;
                let mut t = clock(h, Some(m), None, true)?;
                t.latent = true;
                time(t)
            },
        ),
        r(vec![rx(r"by"), Time], |c, a| {
            let t = a[1].time()?;
            let (s, e) = t.span(c.now)?;
            let end = if t.iv || matches!(t.kind, Kind::Fixed(..)) && e - s > 86_400 && !t.clock {
                e
            } else {
                s
            };
            time(T::fixed(c.now, end, FGrain::Second, true))
        }),
        // ---- beginning / end / middle of a period
        r(
            vec![rx(r"(?:at\s+)?(?:the\s+)?(?P<w>eom|bom|eoy|boy)")],
            |c, a| {
                let w = a[0].named("w")?;
                let g = if w.ends_with('m') {
                    FGrain::Month
                } else {
                    FGrain::Year
                };
                let s = floor(c.now, g);
                edge(s, add(s, g, 1), g, w.starts_with('e'))
            },
        ),
        r(
            vec![
                rx(r"(?:at\s+)?(?:the\s+)?(?P<w>end|beginning|start)(?:\s+of(?:\s+the)?)?"),
                Time,
            ],
            |c, a| {
                let t = a[1].time()?;
                let (s, e) = t.span(c.now)?;
                let g = if t.grain == FGrain::Week {
                    FGrain::Week
                } else {
                    t.grain
                };
                edge(s, e, g, a[0].named("w")? == "end")
            },
        ),
        r(
            vec![rx(
                r"(?:at\s+)?(?:the\s+)?(?P<w>end|beginning|start)\s+of(?:\s+the)?\s+(?P<g>month|year|week)",
            )],
            |c, a| {
                let g = cycle_of(a[0].named("g")?)?;
                let s = floor(c.now, g);
                edge(s, add(s, g, 1), g, a[0].named("w")? == "end")
            },
        ),
        r(vec![rx(r"mid[\s-]?"), rx(MONTHS)], |c, a| {
            let m = month_of(a[1].named("month")?)?;
            let (s, _) = Pred {
                month: Some(m),
                ..Pred::default()
            }
            .first(FGrain::Month, c.now)?;
            time(T::fixed(
                add(s, FGrain::Day, 10),
                add(s, FGrain::Day, 20),
                FGrain::Day,
                true,
            ))
        }),
    ]
}

/// Holiday names, as one named group `h`.
pub(crate) static HOLIDAYS: LazyLock<String> =
    LazyLock::new(|| format!("(?P<h>{}|{GREGORIAN_HOLIDAYS})", feast_pattern()));

const GREGORIAN_HOLIDAYS: &str = r"(?:christmas\s+eve|christmas(?:\s+day)?|xmas|new\s+year'?s?\s+eve|new\s+year'?s?(?:\s+day)?|valentine'?s?(?:\s+day)?|hall?owe'?en|(?:st\.?|saint)\s+(?:patrick|paddy)'?s?(?:\s+day)?|thanks\s?giving(?:\s+day)?|black\s+friday|boss'?s?(?:\s+day)?|(?:mlk|martin\s+luther\s+king(?:'s|s)?)(?:\s+jr\.?)?(?:\s+day)|civil\s+rights\s+day|memorial\s+day|labou?r\s+day|mother'?s?\s+day|father'?s?\s+day|presidents'?\s+day|columbus\s+day|veterans'?\s+day|earth\s+day|april\s+fools'?(?:\s+day)?|independence\s+day|(?:orthodox\s+)?easter(?:\s+sunday)?|easter\s+monday|palm\s+sunday|(?:orthodox\s+)?(?:good|great|holy)\s+friday|maundy\s+thursday|covenant\s+thu(?:rsday)?|holy\s+saturday|ascension(?:\s+day)?|pentecost|whit\s+sunday|whit\s+monday|trinity\s+sunday|mardi\s+gras|shrove\s+tuesday|pancake\s+day|ash\s+wednesday|corpus\s+christi|(?:orthodox\s+)?(?:shrove|clean)\s+monday)";

fn holiday_of(a: &[Arg<'_>]) -> Option<Holiday> {
    holiday_named(&a[0].named("h")?.to_ascii_lowercase())
}

/// The holiday a name matched by [`HOLIDAYS`] (lower-cased) stands for.
pub(crate) fn holiday_named(w: &str) -> Option<Holiday> {
    if let Some(f) = feast_named(w) {
        return Some(Holiday::Calendar(f));
    }
    let orthodox = w.starts_with("orthodox");
    let e = |off: i16| {
        if orthodox {
            Holiday::Orthodox(off)
        } else {
            Holiday::Easter(off)
        }
    };
    let h = if w.contains("eve") && w.contains("christmas") {
        Holiday::Fixed(12, 24)
    } else if w.starts_with("christmas") || w == "xmas" {
        Holiday::Fixed(12, 25)
    } else if w.starts_with("new") {
        if w.ends_with("eve") {
            Holiday::Fixed(12, 31)
        } else {
            Holiday::Fixed(1, 1)
        }
    } else if w.starts_with("valentine") {
        Holiday::Fixed(2, 14)
    } else if w.starts_with("hal") {
        Holiday::Fixed(10, 31)
    } else if w.starts_with("st") || w.starts_with("saint") {
        Holiday::Fixed(3, 17)
    } else if w.starts_with("thanks") {
        Holiday::Thanksgiving(0)
    } else if w.starts_with("black") {
        Holiday::Thanksgiving(1)
    } else if w.starts_with("boss") {
        Holiday::Boss
    } else if w.starts_with("mlk") || w.starts_with("martin") || w.starts_with("civil") {
        Holiday::NthWeekday(1, 3, 0)
    } else if w.starts_with("memorial") {
        Holiday::NthWeekday(5, -1, 0)
    } else if w.starts_with("labo") {
        Holiday::NthWeekday(9, 1, 0)
    } else if w.starts_with("mother") {
        Holiday::NthWeekday(5, 2, 6)
    } else if w.starts_with("father") {
        Holiday::NthWeekday(6, 3, 6)
    } else if w.starts_with("president") {
        Holiday::NthWeekday(2, 3, 0)
    } else if w.starts_with("columbus") {
        Holiday::NthWeekday(10, 2, 0)
    } else if w.starts_with("veteran") {
        Holiday::Fixed(11, 11)
    } else if w.starts_with("earth") {
        Holiday::Fixed(4, 22)
    } else if w.starts_with("april") {
        Holiday::Fixed(4, 1)
    } else if w.starts_with("independence") {
        Holiday::Fixed(7, 4)
    } else if w.contains("easter monday") {
        e(1)
    } else if w.contains("easter") {
        e(0)
    } else if w.starts_with("palm") {
        e(-7)
    } else if w.contains("friday") {
        e(-2)
    } else if w.starts_with("maundy") || w.starts_with("covenant") {
        e(-3)
    } else if w.starts_with("holy saturday") {
        e(-1)
    } else if w.starts_with("ascension") {
        e(39)
    } else if w.starts_with("pentecost") || w.starts_with("whit sunday") {
        e(49)
    } else if w.starts_with("whit monday") {
        e(50)
    } else if w.starts_with("trinity") {
        e(56)
    } else if w.starts_with("mardi") || w.starts_with("shrove tuesday") || w.starts_with("pancake")
    {
        e(-47)
    } else if w.starts_with("ash") {
        e(-46)
    } else if w.starts_with("corpus") {
        e(60)
    } else if w.contains("monday") {
        e(-48)
    } else {
        return None;
    };
    Some(h)
}

/// The instance of `t` inside the period of `d`'s unit that lies `d` away from `now`.
fn in_period(now: i64, t: &T, d: FDuration, sign: i64) -> Option<Tok> {
    let d = d.whole();
    if t.clock || d.unit < FGrain::Day || d.unit <= t.grain {
        return None;
    }
    let p = t.p()?;
    let at = floor(add(now, d.unit, sign * d.value.round() as i64), d.unit);
    let q = p.and(Pred {
        within: Some((at, add(at, d.unit, 1))),
        ..Pred::default()
    })?;
    let pick = q.instances(t.grain, at, true, 1).into_iter().next()?;
    let (a, b) = if t.iv {
        pick
    } else {
        (pick.0, add(pick.0, t.grain, 1))
    };
    time(T::fixed(a, b, t.grain, t.iv))
}

/// The `n`-th closest instance of `t` to the start of `anchor`.
fn closest(t: &T, anchor: &T, n: i64, now: i64) -> Option<Tok> {
    if n < 1 || t.clock {
        return None;
    }
    let p = t.p()?;
    let (s, _) = anchor.span(now)?;
    let k = n as usize + 1;
    let mut all = p.instances(t.grain, s, true, k);
    all.extend(p.instances(t.grain, s, false, k));
    all.sort_by_key(|c| ((c.0 - s).abs(), c.0));
    all.dedup();
    let pick = all.get(usize::try_from(n - 1).ok()?)?;
    time(T::fixed(pick.0, pick.1, t.grain, t.iv))
}

fn minutes_from(t: T, m: i64, dir: &str) -> Option<Tok> {
    let Kind::P(mut p) = t.kind else { return None };
    let h = i64::from(p.hour?);
    if p.minute.is_some_and(|x| x != 0) {
        return None;
    }
    let total = if matches!(dir, "to" | "till" | "before") {
        h * 60 - m
    } else {
        h * 60 + m
    };
    let total = total.rem_euclid(24 * 60);
    p.hour = Some((total / 60) as u8);
    p.minute = Some((total % 60) as u8);
    p.h12 = p.h12 && (1..=12).contains(&(total / 60));
    time(T {
        kind: Kind::P(p),
        grain: FGrain::Minute,
        latent: false,
        ..t
    })
}

fn shift_clock(t: T, minutes: i64) -> Option<Tok> {
    // "9:30 - 11:00 CST": the zone belongs to both ends
    if let Kind::Between(a, ga, b, gb) = t.kind {
        if a.zone.is_some() || b.zone.is_some() {
            return None;
        }
        let shift = |p: Pred, g: FGrain| match shift_clock(T::pred(p, g), minutes)? {
            Tok::Time(T {
                kind: Kind::P(q), ..
            }) => Some(q),
            _ => None,
        };
        return time(T {
            kind: Kind::Between(shift(a, ga)?, ga, shift(b, gb)?, gb),
            ..t
        });
    }
    let Kind::P(mut p) = t.kind else { return None };
    if p.zone.is_some() {
        return None;
    }
    p.zone = Some(minutes);
    let h = i64::from(p.hour?);
    let total = (h * 60 + i64::from(p.minute.unwrap_or(0)) + minutes).rem_euclid(24 * 60);
    p.hour = Some((total / 60) as u8);
    p.minute = Some((total % 60) as u8);
    p.h12 = false;
    time(T {
        kind: Kind::P(p),
        grain: t.grain.min(FGrain::Minute),
        latent: false,
        ..t
    })
}

fn dom_month(d: u8, m: u8) -> Option<Tok> {
    if !(1..=31).contains(&d) || d > Date::days_in_month(2024, m) {
        return None;
    }
    day_pred(Pred {
        month: Some(m),
        dom: Some(d),
        ..Pred::default()
    })
}

fn date_ymd(y: i32, m: u8, d: u8) -> Option<Tok> {
    Date::new(y, u32::from(m), u32::from(d)).ok()?;
    day_pred(Pred {
        year: Some(y),
        month: Some(m),
        dom: Some(d),
        ..Pred::default()
    })
}

fn year_tok(y: i64) -> Option<Tok> {
    if !(1000..=2200).contains(&y) {
        return None;
    }
    time(T::pred(
        Pred {
            year: Some(y as i32),
            ..Pred::default()
        },
        FGrain::Year,
    ))
}

fn quarter_of(q: i64, year: Option<i32>) -> Option<Tok> {
    if !(1..=4).contains(&q) {
        return None;
    }
    let m = (q as u8 - 1) * 3 + 1;
    let mut t = T::pred(
        Pred {
            year,
            month: Some(m),
            ..Pred::default()
        },
        FGrain::Quarter,
    );
    t.latent = false;
    time(t)
}

fn upcoming(now: i64, n: i64, cycle: &str) -> Option<Tok> {
    let g = cycle_of(cycle)?;
    let s = add(floor(now, g), g, n);
    time(T::fixed(s, add(s, g, 1), g, false))
}

fn between(x: T, y: T) -> Option<Tok> {
    let (Kind::P(a), Kind::P(b)) = (x.kind, y.kind) else {
        return None;
    };
    if x.iv || y.iv || x.latent && y.latent {
        return None;
    }
    // "9:30 - 11:00 on thursday": the first side takes the second's day.
    let day_only = |p: &Pred| Pred {
        hour: None,
        h12: false,
        minute: None,
        second: None,
        pod: None,
        ..*p
    };
    // "9:30 - 11:00 CST": a zone named after the second side is the first's too
    let a = match (a.zone, b.zone) {
        (None, Some(z)) if a.has_clock() => match shift_clock(T::pred(a, x.grain), z)? {
            Tok::Time(T {
                kind: Kind::P(q), ..
            }) => q,
            _ => return None,
        },
        _ => a,
    };
    let a = if a.has_clock()
        && a.year.is_none()
        && a.month.is_none()
        && a.dom.is_none()
        && a.dow.is_none()
        && a.within.is_none()
        && a.holiday.is_none()
    {
        a.and(day_only(&b))?
    } else {
        a
    };
    // "9:30 - 11:00 on thursday": both sides share the day, added later.
    time(T {
        kind: Kind::Between(a, x.grain, b, y.grain),
        grain: x.grain.min(y.grain),
        iv: true,
        latent: false,
        clock: false,
    })
}

fn day_range(m: u8, a: u8, b: u8) -> Option<Tok> {
    if a >= b || b > 31 {
        return None;
    }
    let p = |d| Pred {
        month: Some(m),
        dom: Some(d),
        ..Pred::default()
    };
    time(T {
        kind: Kind::Between(p(a), FGrain::Day, p(b), FGrain::Day),
        grain: FGrain::Day,
        iv: true,
        latent: false,
        clock: false,
    })
}

fn span_for(c: &Ctx, t: T, d: FDuration) -> Option<Tok> {
    if !matches!(t.kind, Kind::P(_)) {
        return None;
    }
    let d = d.whole();
    let (s, _) = t.span(c.now)?;
    let g = t.grain.min(d.unit);
    let end = add(s, d.unit, d.value.round() as i64);
    time(T::fixed(s, add(end, g, 1), g, true))
}

/// The first or last part of a period: a third of a month (10 days), a week's first
/// three days or its Friday to Sunday, a year's first or last four months.
fn edge(s: i64, e: i64, g: FGrain, end: bool) -> Option<Tok> {
    let (a, b, grain) = match g {
        FGrain::Month => {
            if end {
                (add(s, FGrain::Day, 20), e, FGrain::Day)
            } else {
                (s, add(s, FGrain::Day, 10), FGrain::Day)
            }
        }
        FGrain::Week => {
            if end {
                (add(s, FGrain::Day, 4), e, FGrain::Day)
            } else {
                (s, add(s, FGrain::Day, 3), FGrain::Day)
            }
        }
        FGrain::Year => {
            if end {
                (add(s, FGrain::Month, 8), e, FGrain::Month)
            } else {
                (s, add(s, FGrain::Month, 3), FGrain::Month)
            }
        }
        _ => return None,
    };
    time(T::fixed(a, b, grain, true))
}

/// Every token boundary of `lower`: where a run of letters, digits or spaces starts.
fn boundaries(lower: &str) -> Vec<bool> {
    let mut b = vec![false; lower.len() + 1];
    let class = |c: char| {
        if c.is_ascii_alphabetic() {
            1
        } else if c.is_ascii_digit() {
            2
        } else if c.is_whitespace() {
            3
        } else {
            4
        }
    };
    let mut prev = 0;
    for (i, c) in lower.char_indices() {
        let k = class(c);
        if k != prev || k == 4 {
            b[i] = true;
        }
        prev = k;
    }
    b[lower.len()] = true;
    b
}

/// Skips spaces from `at`.
fn skip_ws(lower: &str, at: usize) -> usize {
    at + (lower[at..].len() - lower[at..].trim_start().len())
}

/// A chart of results over one text.
struct Chart<'t> {
    lower: &'t str,
    bounds: Vec<bool>,
    nodes: Vec<Node>,
    by_start: HashMap<usize, Vec<usize>>,
}

impl<'t> Chart<'t> {
    fn push(&mut self, n: Node) -> bool {
        let list = self.by_start.entry(n.s).or_default();
        if let Some(&i) = list
            .iter()
            .find(|&&i| self.nodes[i].e == n.e && self.nodes[i].tok == n.tok)
        {
            if n.cost < self.nodes[i].cost {
                self.nodes[i].cost = n.cost;
            }
            return false;
        }
        list.push(self.nodes.len());
        self.nodes.push(n);
        true
    }

    fn match_re(&self, re: &Regex, at: usize) -> Option<(usize, regex::Captures<'t>)> {
        if at > self.lower.len() || !self.bounds[at] {
            return None;
        }
        let c = re.captures(&self.lower[at..])?;
        let end = at + c.get(0)?.end();
        if !self.bounds[end] && c.get(0)?.end() > 0 {
            return None;
        }
        // captures are relative to the slice; that is all the builders need
        Some((end, c))
    }

    /// Extends a partial match of `rule` at item `i`, from byte `at`.
    #[allow(clippy::too_many_arguments)]
    fn extend(
        &self,
        ctx: &Ctx,
        rule: &Rule,
        i: usize,
        at: usize,
        start: usize,
        args: &mut Vec<Arg<'t>>,
        cost: u32,
        out: &mut Vec<Node>,
    ) {
        if i == rule.items.len() {
            if let Some(tok) = (rule.build)(ctx, args) {
                out.push(Node {
                    s: start,
                    e: at,
                    tok,
                    cost: cost + 1,
                });
            }
            return;
        }
        let pos = if i == 0 { at } else { skip_ws(self.lower, at) };
        match &rule.items[i] {
            Item::Re(re) => {
                if let Some((end, c)) = self.match_re(re, pos) {
                    // an empty optional match keeps the position before the spaces
                    let end = if end == pos { at } else { end };
                    args.push(Arg::Re(c));
                    self.extend(ctx, rule, i + 1, end, start, args, cost, out);
                    args.pop();
                }
            }
            item => {
                let Some(list) = self.by_start.get(&pos) else {
                    return;
                };
                for &k in list {
                    let n = self.nodes[k];
                    let ok = matches!(
                        (item, n.tok),
                        (Item::Num, Tok::Num { .. })
                            | (Item::Ord, Tok::Ord(_))
                            | (Item::Dur, Tok::Dur(_))
                            | (Item::Time, Tok::Time(_))
                    );
                    if ok {
                        args.push(Arg::Tok(n.tok));
                        self.extend(ctx, rule, i + 1, n.e, start, args, cost + n.cost, out);
                        args.pop();
                    }
                }
            }
        }
    }
}

/// One time expression found by [`parse`].
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    /// Byte start.
    pub start: usize,
    /// Byte end.
    pub end: usize,
    /// The value.
    pub value: FValue,
}

/// Results of every dimension for a text.
#[derive(Debug, Clone, Default)]
pub struct Parsed {
    /// Times, longest first wins, not overlapping.
    pub times: Vec<Found>,
    /// Durations: (start, end, duration).
    pub durations: Vec<(usize, usize, FDuration)>,
}

/// Parses `text` against the reference instant `now` (seconds since the epoch, in the
/// reference's wall-clock zone).
pub fn parse(text: &str, now: i64) -> Parsed {
    parse_with(text, now, false)
}

/// [`parse`], also keeping *latent* readings when `latent` is set: those that need
/// context to be times at all, such as a bare "7" (7 o'clock), "May" (the month) or
/// "afternoon". The text is then known to hold a time, as in a form's date field.
pub fn parse_with(text: &str, now: i64, latent: bool) -> Parsed {
    let lower = text.to_ascii_lowercase();
    let mut chart = Chart {
        lower: &lower,
        bounds: boundaries(&lower),
        nodes: Vec::new(),
        by_start: HashMap::new(),
    };
    for n in numeral::numerals(text) {
        if n.start < n.end && chart.bounds[n.start] {
            chart.push(Node {
                s: n.start,
                e: n.end,
                tok: Tok::Num {
                    v: n.value,
                    figures: n.figures,
                    idiom: lower[n.start..].starts_with("a ") || n.vague,
                },
                cost: 1,
            });
        }
    }
    for (s, e, v) in numeral::ordinals(text) {
        chart.push(Node {
            s,
            e,
            tok: Tok::Ord(v),
            cost: 1,
        });
    }
    let ctx = Ctx { now };
    let starts: Vec<usize> = (0..lower.len())
        .filter(|&i| chart.bounds[i] && !lower[i..].starts_with(char::is_whitespace))
        .collect();
    for _pass in 0..6 {
        let mut out = Vec::new();
        for rule in RULES.iter() {
            let mut args = Vec::new();
            match rule.items.first() {
                Some(Item::Re(_)) => {
                    for &s in &starts {
                        chart.extend(&ctx, rule, 0, s, s, &mut args, 0, &mut out);
                    }
                }
                Some(_) => {
                    let firsts: Vec<usize> = chart.by_start.keys().copied().collect();
                    for s in firsts {
                        chart.extend(&ctx, rule, 0, s, s, &mut args, 0, &mut out);
                    }
                }
                None => {}
            }
        }
        let mut added = false;
        for n in out {
            if n.s < n.e && chart.nodes.len() < 20_000 {
                added |= chart.push(n);
            }
        }
        if !added {
            break;
        }
    }
    // Keep the longest non-latent results of each kind.
    // Among readings of one span, the simplest (fewest rules) wins, then the last built.
    let mut order: Vec<usize> = (0..chart.nodes.len()).collect();
    order.sort_by_key(|&k| std::cmp::Reverse(chart.nodes[k].cost));
    let rank: HashMap<usize, usize> = order.iter().enumerate().map(|(r, &k)| (k, r)).collect();
    let mut times: Vec<(usize, usize, usize, T)> = Vec::new();
    let mut durs: Vec<(usize, usize, usize, FDuration)> = Vec::new();
    for (k, n) in chart.nodes.iter().enumerate() {
        match n.tok {
            Tok::Time(t) if latent || !t.latent => times.push((n.s, n.e, k, t)),
            Tok::Dur(d) => durs.push((n.s, n.e, k, d)),
            _ => {}
        }
    }
    let pick = |mut v: Vec<(usize, usize, usize)>| -> Vec<usize> {
        // longest first, then the last built
        v.sort_by(|a, b| {
            (b.1 - b.0)
                .cmp(&(a.1 - a.0))
                .then(rank.get(&b.2).cmp(&rank.get(&a.2)))
        });
        let mut chosen: Vec<(usize, usize, usize)> = Vec::new();
        for x in v {
            if !chosen.iter().any(|c| x.0 < c.1 && c.0 < x.1) {
                chosen.push(x);
            }
        }
        chosen.sort_by_key(|c| c.0);
        chosen.into_iter().map(|c| c.2).collect()
    };
    let mut parsed = Parsed::default();
    // a time must resolve: try candidates in order until one does
    let mut resolvable: Vec<(usize, usize, usize)> = Vec::new();
    let mut values: HashMap<usize, FValue> = HashMap::new();
    for (s, e, k, t) in &times {
        if let Some(v) = t.resolve(now) {
            values.insert(*k, v);
            resolvable.push((*s, *e, *k));
        }
    }
    for k in pick(resolvable) {
        let n = chart.nodes[k];
        if let Some(v) = values.get(&k) {
            parsed.times.push(Found {
                start: n.s,
                end: n.e,
                value: *v,
            });
        }
    }
    let dmap: HashMap<usize, FDuration> = durs.iter().map(|d| (d.2, d.3)).collect();
    for k in pick(durs.iter().map(|d| (d.0, d.1, d.2)).collect()) {
        let n = chart.nodes[k];
        if let Some(d) = dmap.get(&k) {
            parsed.durations.push((n.s, n.e, d.whole()));
        }
    }
    parsed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> i64 {
        // a Wednesday morning
        instant(2021, 6, 9, 8, 15, 0).unwrap_or(0)
    }

    fn one(text: &str) -> String {
        let p = parse(text, now());
        match p.times.as_slice() {
            [f] if f.start == 0 && f.end == text.len() => match f.value {
                FValue::Value { at, grain } => format!("{} {}", wall_clock(at), grain.as_str()),
                FValue::Interval { from, to, grain } => format!(
                    "{}..{} {}",
                    from.map(wall_clock).unwrap_or_default(),
                    to.map(wall_clock).unwrap_or_default(),
                    grain.as_str()
                ),
            },
            other => format!("{other:?}"),
        }
    }

    #[test]
    fn days_resolve_forward() {
        assert_eq!(one("friday"), "2021-06-11T00:00:00 day");
        assert_eq!(one("next wednesday"), "2021-06-16T00:00:00 day");
        assert_eq!(one("last monday"), "2021-06-07T00:00:00 day");
        assert_eq!(one("tomorrow"), "2021-06-10T00:00:00 day");
        assert_eq!(one("june 3rd"), "2022-06-03T00:00:00 day");
        assert_eq!(one("the 20th of august"), "2021-08-20T00:00:00 day");
    }

    #[test]
    fn clock_times() {
        assert_eq!(one("at 7"), "2021-06-09T19:00:00 hour");
        assert_eq!(one("9:45am"), "2021-06-09T09:45:00 minute");
        assert_eq!(one("tomorrow at 6pm"), "2021-06-10T18:00:00 hour");
        assert_eq!(one("a quarter past 10am"), "2021-06-09T10:15:00 minute");
    }

    #[test]
    fn relative_periods_and_durations() {
        assert_eq!(one("in 2 hours"), "2021-06-09T10:15:00 minute");
        assert_eq!(one("next month"), "2021-07-01T00:00:00 month");
        assert_eq!(
            one("last 3 days"),
            "2021-06-06T00:00:00..2021-06-09T00:00:00 day"
        );
        assert_eq!(one("since 2019"), "2019-01-01T00:00:00.. year");
        assert_eq!(
            one("from 2 to 4pm"),
            "2021-06-09T14:00:00..2021-06-09T17:00:00 hour"
        );
        let d = parse("for 2 hours and 20 minutes", now()).durations;
        assert_eq!(d.len(), 1);
        assert_eq!(
            d[0].2,
            FDuration {
                value: 140.0,
                unit: FGrain::Minute
            }
        );
    }

    #[test]
    fn holidays_by_rule() {
        assert_eq!(one("easter 2022"), "2022-04-17T00:00:00 day");
        assert_eq!(one("thanksgiving"), "2021-11-25T00:00:00 day");
        assert_eq!(one("christmas eve"), "2021-12-24T00:00:00 day");
    }

    #[test]
    fn feasts_of_other_calendars() {
        // Eid al-Adha 2021 was 20 July (forward from 9 June 2021)
        assert_eq!(one("eid al-adha"), "2021-07-20T00:00:00 day");
        // Hanukkah 5782 began on the evening of 28 November 2021
        assert_eq!(
            one("hanukkah"),
            "2021-11-28T00:00:00..2021-12-06T00:00:00 day"
        );
        assert_eq!(one("diwali 2022"), "2022-10-24T00:00:00 day");
        assert_eq!(one("lunar new year 2022"), "2022-02-01T00:00:00 day");
        assert_eq!(
            one("ramadan 2022"),
            "2022-04-02T00:00:00..2022-05-02T00:00:00 day"
        );
    }

    #[test]
    fn periods_years_and_zones() {
        assert_eq!(one("valentine's day in 2 years"), "2023-02-14T00:00:00 day");
        assert_eq!(one("christmas 3 years ago"), "2018-12-25T00:00:00 day");
        assert_eq!(one("diwali in 2022"), "2022-10-24T00:00:00 day");
        assert_eq!(
            one("the closest friday to july 4th"),
            "2021-07-02T00:00:00 day"
        );
        assert_eq!(
            one("2030 - 2032"),
            "2030-01-01T00:00:00..2033-01-01T00:00:00 year"
        );
        assert_eq!(one("the ides of july"), "2021-07-15T00:00:00 day");
        assert_eq!(
            one("end of 2022"),
            "2022-09-01T00:00:00..2023-01-01T00:00:00 month"
        );
        // the reference zone is UTC-2, so 10:00 EST is 13:00 there
        assert_eq!(
            one("10:00 - 12:00 EST"),
            "2021-06-09T13:00:00..2021-06-09T15:01:00 minute"
        );
        assert_eq!(one("at 555.123.4567"), "[]");
    }

    #[test]
    fn seasons_evenings_and_weeks() {
        assert_eq!(
            one("summer"),
            "2021-06-21T00:00:00..2021-09-24T00:00:00 day"
        );
        assert_eq!(
            one("last winter"),
            "2020-12-21T00:00:00..2021-03-21T00:00:00 day"
        );
        assert_eq!(one("this evening at 12"), "2021-06-10T00:00:00 hour");
        // 8 August 2021 was a Sunday: its week is the one that follows
        assert_eq!(one("the week of august 8th"), "2021-08-09T00:00:00 week");
        assert_eq!(one("the week of august 11th"), "2021-08-09T00:00:00 week");
        assert_eq!(
            one("earth hour"),
            "2022-03-26T20:30:00..2022-03-26T21:31:00 minute"
        );
    }

    #[test]
    fn latent_readings_only_when_asked() {
        assert!(parse("afternoon", now()).times.is_empty());
        let p = parse_with("afternoon", now(), true);
        assert_eq!(
            p.times.first().map(|f| f.value),
            Some(FValue::Interval {
                from: instant(2021, 6, 9, 12, 0, 0),
                to: instant(2021, 6, 9, 19, 0, 0),
                grain: FGrain::Hour
            })
        );
    }

    #[test]
    fn not_times() {
        assert!(parse("we met the team", now()).times.is_empty());
    }
}
