//! Temporal expressions as reporters write them, normalised against the publication
//! date: "March 22nd", "22 March 2024", "on Saturday evening", "Saturday's attack",
//! "yesterday", "two days ago", "last week", "earlier in the year", "in 2015",
//! "the 1990s", "summer 2023", "since 2021", "before March".
//!
//! [`find_times`] returns each expression's span with a [`TimeRef`]: a point at some
//! [`Grain`], an open interval (`Since`, `Until`), or `Unresolved` when the expression
//! needs a publication date the article does not have. Unknown stays unknown: a day
//! without a year in an undated article keeps its year empty (`--03-22`), and a weekday
//! or "yesterday" in an undated article is `Unresolved`, never guessed.
//!
//! Anchoring rules, with the publication date `P`:
//! - a day or month without a year takes the year that puts it nearest to `P`, and not
//!   one behind `P`'s month when its clause speaks of the future;
//! - a bare weekday ("on Saturday") is the latest such day on or before `P`, unless the
//!   clause speaks of the future ("will", "next", "is due"), then the first one after;
//!   "last Saturday" is strictly before `P`;
//! - "N days/weeks/months/years ago" counts back from `P` at the unit's grain.
//!
//! Spans follow TimeML: the expression without its preposition ("on Saturday" →
//! "Saturday"), but `Since`/`Until` spans include their signal word ("since 2021").
//! Works on lower-cased and all-capitals text: nothing depends on capital letters.

mod calendars;
pub mod forward;
mod gate;
mod range;
mod relative;

pub use range::find_ranges;
pub use relative::find_event_relative;

use std::sync::LazyLock;

use newsfuse_core::{Date, DayPart, DurationUnit, Grain, Span, TimeRef, TimeRefPoint, TimeValue};
use regex::Regex;

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).unwrap_or_else(|e| panic!("bad built-in time pattern {pattern}: {e}"))
}

/// A year said in words: "nineteen ninety-six", "the year two thousand".
const SPELLED_YEAR: &str = r"\b(?:nineteen|eighteen)\s+(?:(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?|oh[\s-](?:one|two|three|four|five|six|seven|eight|nine))\b|\b(?:the\s+year\s+)two\s+thousand(?:\s+and\s+(?:one|two|three|four|five|six|seven|eight|nine|ten))?\b";

const MONTHS_FULL: &str =
    "january|february|march|april|may|june|july|august|september|october|november|december";
const MONTHS_ABBR: &str = "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec";

/// The month number of a month name or abbreviation, any case.
pub fn month_number(word: &str) -> Option<u8> {
    let w = word.trim_end_matches('.').to_ascii_lowercase();
    let n = match w.as_str() {
        "january" | "jan" => 1,
        "february" | "feb" => 2,
        "march" | "mar" => 3,
        "april" | "apr" => 4,
        "may" => 5,
        "june" | "jun" => 6,
        "july" | "jul" => 7,
        "august" | "aug" => 8,
        "september" | "sep" | "sept" => 9,
        "october" | "oct" => 10,
        "november" | "nov" => 11,
        "december" | "dec" => 12,
        _ => return None,
    };
    Some(n)
}

fn weekday_number(word: &str) -> Option<u32> {
    let n = match word.to_ascii_lowercase().as_str() {
        "monday" | "mon" => 0,
        "tuesday" | "tue" | "tues" => 1,
        "wednesday" | "wed" => 2,
        "thursday" | "thu" | "thurs" => 3,
        "friday" | "fri" => 4,
        "saturday" | "sat" => 5,
        "sunday" | "sun" => 6,
        _ => return None,
    };
    Some(n)
}

/// A count of units as written: "a", "two", "twenty", "14" (1 to 400).
fn small_number(word: &str) -> Option<i64> {
    let w = word.to_ascii_lowercase();
    if matches!(w.as_str(), "a" | "an") {
        return Some(1);
    }
    crate::quantity::small_number(&w)
        .or_else(|| crate::quantity::tens_number(&w))
        .and_then(|n| i64::try_from(n).ok())
        .or_else(|| w.parse::<i64>().ok())
        .filter(|n| (1..=400).contains(n))
}

/// Day of month from "22", "22nd", "3rd".
fn day_number(text: &str) -> Option<u8> {
    let digits: String = text.chars().take_while(char::is_ascii_digit).collect();
    digits.parse::<u8>().ok().filter(|d| (1..=31).contains(d))
}

/// The kinds of expression the patterns find, before anchoring.
#[derive(Debug, Clone, Copy)]
enum Raw {
    /// Year, month, day, any of them unknown.
    Calendar {
        year: Option<i32>,
        month: Option<u8>,
        day: Option<u8>,
    },
    /// A decade: its first year.
    Decade(i32),
    /// A century: its first year in TimeML's numbering (1900 for "the 20th century").
    Century(i32),
    /// A season (1 spring … 4 winter) with an optional year, or relative to P.
    Season {
        season: u8,
        year: Option<i32>,
        shift: Option<i32>,
    },
    /// The latest season of its kind begun before P's month ("this past spring").
    LatestSeason(u8),
    /// A weekday; `shift`: -1 "last", 0 bare/"on", 1 "next".
    Weekday {
        weekday: u32,
        shift: i32,
        part: Option<DayPart>,
    },
    /// A weekday of every week ("each Thursday", "Mondays", "Monday nights"), 1 Monday
    /// to 7 Sunday.
    EveryWeekday { weekday: u8, part: Option<DayPart> },
    /// Every such period, so many times when said ("daily", "every week", "twice a
    /// year", "three times a day").
    Every {
        unit: DurationUnit,
        times: Option<u32>,
    },
    /// Days relative to P ("yesterday" = -1); part of day when "tonight"/"yesterday evening".
    RelativeDay { days: i64, part: Option<DayPart> },
    /// A clock time: hour 0–23 and the minute when said.
    Clock { hour: u8, minute: Option<u8> },
    /// N units before P ("two weeks ago"); after P when negative ("two weeks from now").
    Ago { n: i64, unit: Grain },
    /// A part of the day last named, or of a day after it ("that night", "the next
    /// morning"): resolved against the latest dated time before it, like `Anaphoric`.
    AnaphoricPart { days: i64, part: DayPart },
    /// The period containing P shifted by `shift` units ("last week" = Week, -1).
    RelativePeriod { unit: Grain, shift: i32 },
    /// A month relative to P: "last May" (-1) is the latest May before P's month.
    MonthShift { month: u8, shift: i32 },
    /// A month of P's year shifted by `shift` years ("June last year" = -1).
    MonthOfYear { month: u8, shift: i32 },
    /// A period named by reference to the last time the text gave: "that year", "later
    /// that year", "the following month", "the next day", "that same day"; `shift` in
    /// units from that time.
    Anaphoric { unit: Grain, shift: i32 },
    /// "the first week of April" (`n` 1 to 4), "the last week of May" (`n` -1): the
    /// week holding the month's 4th, 11th, 18th or 25th day, or the week holding its
    /// last day but three (the last week most of whose days are in the month).
    WeekOfMonth { n: i8, month: u8, year: Option<i32> },
    /// "on the 14th", "until the 3rd": a day of a month the text does not name, the
    /// latest such day on or before P, or the first after P when the clause speaks of
    /// the future.
    DayOfMonth { day: u8 },
    /// "overnight": the night before the day the story last named when that day is
    /// the publication day or one of the six before it ("closed lower Friday … depressed
    /// by overnight losses in New York": Thursday night), else P's night.
    Overnight,
    /// A weekday named from the last day the text gave (else from P): "the previous
    /// Friday" (`dir` -1) is the Friday before it, "the following Monday" (1) the Monday
    /// after it.
    WeekdayFrom {
        weekday: u32,
        dir: i32,
        part: Option<DayPart>,
    },
    /// A weekend: `None` "the weekend" (the last one, or the coming one when the clause
    /// speaks of the future), 0 "this weekend", -1 "last weekend", 1 "next weekend".
    Weekend { shift: Option<i32> },
    /// A quarter of P's year (or the year before, when it has not begun yet).
    Quarter(u8),
    /// A quarter of a said year, or of P's year shifted ("the third quarter of 1984",
    /// "next year's first quarter", "the year-ago third quarter").
    QuarterOf {
        q: u8,
        year: Option<i32>,
        shift: i32,
    },
    /// The quarter the article is reporting on ("the quarter", "the latest period",
    /// "the year-ago quarter"): the last quarter the text named, else the last quarter
    /// completed before P; in `year` when said, else shifted by `shift` years.
    RefQuarter {
        year: Option<i32>,
        shift: i32,
        latest: bool,
    },
    /// The quarter containing P ("the current quarter").
    CurrentQuarter,
    /// A half of a said year, or of P's year shifted ("the second half of 1989", "the
    /// first two quarters of next year"); `half` 1 or 2.
    HalfOf {
        half: u8,
        year: Option<i32>,
        shift: i32,
    },
    /// "the year ended June 30": one year's length, its end said after it.
    YearLength,
    /// A holiday by its rule ("Thanksgiving", "Easter"); `shift` -1 "last", 1 "next".
    Holiday {
        holiday: forward::Holiday,
        shift: i32,
        /// The year said after it ("Christmas 2024").
        year: Option<i32>,
    },
    /// A length of time; `half`: half a unit more ("2 1/2 years").
    Duration {
        amount: Option<u32>,
        unit: DurationUnit,
        half: bool,
    },
    /// Past, present or future relative to the moment of speaking.
    Relative(TimeRefPoint),
}

struct Pattern {
    regex: Regex,
    build: fn(&regex::Captures<'_>) -> Option<Raw>,
}

fn cap<'t>(c: &regex::Captures<'t>, name: &str) -> Option<&'t str> {
    c.name(name).map(|m| m.as_str())
}

/// A clock time from the groups `h` and `mi` ("18:30", "0800 GMT").
fn hour_minute(c: &regex::Captures<'_>) -> Option<Raw> {
    Some(Raw::Clock {
        hour: cap(c, "h")?.parse().ok()?,
        minute: Some(cap(c, "mi")?.parse().ok()?),
    })
}

fn year_of(s: &str) -> Option<i32> {
    s.parse::<i32>().ok()
}

/// A year as written in a date: four digits, or two (above 30 in the 1900s, else the
/// 2000s).
fn two_digit_year(s: &str) -> Option<i32> {
    let n: i32 = s.parse().ok()?;
    match s.len() {
        4 => Some(n),
        2 if n > 30 => Some(1900 + n),
        2 => Some(2000 + n),
        _ => None,
    }
}

/// Two-digit years ("'90s") are taken in the 1900s above 30, else the 2000s.
fn decade_of(s: &str) -> Option<i32> {
    let digits: String = s.chars().filter(char::is_ascii_digit).collect();
    two_digit_year(&digits)
}

/// The year of "nineteen ninety-six", "eighteen twelve", "the year two thousand".
fn spelled_year(text: &str) -> Option<i32> {
    let lower = text.to_ascii_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty() && *w != "the" && *w != "year" && *w != "and")
        .collect();
    let number = |w: &str| {
        crate::quantity::small_number(w)
            .or_else(|| crate::quantity::tens_number(w))
            .and_then(|n| i32::try_from(n).ok())
    };
    match words.as_slice() {
        ["two", "thousand", rest @ ..] => {
            Some(2000 + rest.first().and_then(|w| number(w)).unwrap_or(0))
        }
        [century, rest @ ..] => {
            let c = number(century)?;
            let tail: i32 = rest
                .iter()
                .map(|w| if *w == "oh" { Some(0) } else { number(w) })
                .sum::<Option<i32>>()?;
            Some(c * 100 + tail)
        }
        [] => None,
    }
}

fn season_number(word: &str) -> Option<u8> {
    match word.to_ascii_lowercase().as_str() {
        "spring" => Some(1),
        "summer" => Some(2),
        "autumn" | "fall" => Some(3),
        "winter" => Some(4),
        _ => None,
    }
}

fn shift_word(word: Option<&str>) -> i32 {
    match word.map(str::to_ascii_lowercase).as_deref() {
        Some("last" | "past" | "previous") => -1,
        Some("next" | "coming") => 1,
        _ => 0,
    }
}

fn unit_grain(word: &str) -> Option<Grain> {
    let w = word.to_ascii_lowercase();
    let w = w.trim_end_matches('s');
    match w {
        "day" => Some(Grain::Day),
        "week" => Some(Grain::Week),
        "month" => Some(Grain::Month),
        "year" => Some(Grain::Year),
        "decade" => Some(Grain::Decade),
        _ => None,
    }
}

fn day_part(word: &str) -> Option<DayPart> {
    match word.to_ascii_lowercase().as_str() {
        "morning" => Some(DayPart::Morning),
        "afternoon" => Some(DayPart::Afternoon),
        "evening" => Some(DayPart::Evening),
        "night" => Some(DayPart::Night),
        _ => None,
    }
}

/// A day value narrowed to a part of the day, when one is said.
fn with_part(day: TimeValue, part: Option<DayPart>) -> TimeValue {
    match part {
        Some(part) => TimeValue {
            part: Some(part),
            grain: Grain::PartOfDay,
            ..day
        },
        None => day,
    }
}

/// A day value at a clock time: minute grain when the minute is said, else hour grain.
fn at_clock(day: TimeValue, hour: u8, minute: Option<u8>) -> TimeValue {
    TimeValue {
        hour: Some(hour),
        minute,
        part: None,
        grain: if minute.is_some() {
            Grain::Minute
        } else {
            Grain::Hour
        },
        ..day
    }
}

/// The hour of "3 pm", "12 am": 0–23.
fn clock_hour(h: u8, meridiem: Option<&str>) -> Option<u8> {
    match meridiem.map(str::to_ascii_lowercase).as_deref() {
        Some("a") if (1..=12).contains(&h) => Some(h % 12),
        Some("p") if (1..=12).contains(&h) => Some(h % 12 + 12),
        None if h < 24 => Some(h),
        _ => None,
    }
}

fn duration_unit(word: &str) -> Option<DurationUnit> {
    let w = word.to_ascii_lowercase();
    let unit = match w.as_str() {
        "century" | "centuries" => DurationUnit::Century,
        _ => match w.trim_end_matches('s') {
            "second" => DurationUnit::Second,
            "minute" => DurationUnit::Minute,
            "hour" => DurationUnit::Hour,
            "day" => DurationUnit::Day,
            "week" => DurationUnit::Week,
            "month" => DurationUnit::Month,
            "quarter" => DurationUnit::Quarter,
            "year" => DurationUnit::Year,
            "decade" => DurationUnit::Decade,
            _ => return None,
        },
    };
    Some(unit)
}

static PATTERNS: LazyLock<Vec<Pattern>> = LazyLock::new(|| {
    let month = format!(r"(?P<m>(?:{MONTHS_FULL})|(?:{MONTHS_ABBR})\.?)");
    let year = r"(?P<y>(?:1[89]|20)\d\d)";
    let weekday = r"(?P<w>monday|tuesday|wednesday|thursday|friday|saturday|sunday)";
    let part = r"(?P<part>morning|afternoon|evening|night)";
    vec![
        // 2024-03-22
        Pattern {
            regex: re(
                r"\b(?P<y>(?:1[89]|20)\d\d)-(?P<m>0?[1-9]|1[0-2])-(?P<d>0?[1-9]|[12]\d|3[01])(?:T\d\d:\d\d(?::\d\d)?(?:Z|[+-]\d\d:?\d\d)?)?\b",
            ),
            build: |c| {
                Some(Raw::Calendar {
                    year: year_of(cap(c, "y")?),
                    month: cap(c, "m")?.parse().ok(),
                    day: cap(c, "d")?.parse().ok(),
                })
            },
        },
        // 3/22/2024, 10/31/74, 10.31.1974 (month first, as US news writes it), and 2/15
        // when the day cannot be a month; "1/2" stays a fraction
        Pattern {
            regex: re(
                r"\b(?P<m>0?[1-9]|1[0-2])(?P<sep>[/.])(?P<d>0?[1-9]|[12]\d|3[01])(?:(?P<sep2>[/.])(?P<y>\d{4}|\d{2}))?\b",
            ),
            build: |c| {
                let day: u8 = cap(c, "d")?.parse().ok()?;
                let year = match cap(c, "y") {
                    Some(y) if cap(c, "sep2") == cap(c, "sep") => Some(two_digit_year(y)?),
                    Some(_) => return None,
                    None if day > 12 && cap(c, "sep") == Some("/") => None,
                    None => return None,
                };
                Some(Raw::Calendar {
                    year,
                    month: cap(c, "m")?.parse().ok(),
                    day: Some(day),
                })
            },
        },
        // 31-Oct-74 / 22-Mar-2024
        Pattern {
            regex: re(&format!(
                r"(?i)\b(?P<d>\d{{1,2}})-(?P<m>{MONTHS_ABBR}|{MONTHS_FULL})-(?P<y>\d{{4}}|\d{{2}})\b"
            )),
            build: |c| {
                Some(Raw::Calendar {
                    year: Some(two_digit_year(cap(c, "y")?)?),
                    month: month_number(cap(c, "m")?),
                    day: day_number(cap(c, "d")?),
                })
            },
        },
        // March 22nd, 2024 / March 22 / Mar. 22
        Pattern {
            regex: re(&format!(
                r"(?i)\b{month}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+{year}\b)?"
            )),
            build: |c| {
                Some(Raw::Calendar {
                    year: cap(c, "y").and_then(year_of),
                    month: month_number(cap(c, "m")?),
                    day: day_number(cap(c, "d")?),
                })
            },
        },
        // 22 March 2024 / the 22nd of March
        Pattern {
            regex: re(&format!(
                r"(?i)\b(?:the\s+)?(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{month}(?:\b|\.)(?:,?\s+{year}\b)?"
            )),
            build: |c| {
                Some(Raw::Calendar {
                    year: cap(c, "y").and_then(year_of),
                    month: month_number(cap(c, "m")?),
                    day: day_number(cap(c, "d")?),
                })
            },
        },
        // March 2024 / mid-March 2024
        Pattern {
            regex: re(&format!(
                r"(?i)\b(?:(?:early|mid|late)[\s-]+)?{month}(?:\b|\.),?\s+(?:of\s+)?{year}\b"
            )),
            build: |c| {
                Some(Raw::Calendar {
                    year: cap(c, "y").and_then(year_of),
                    month: month_number(cap(c, "m")?),
                    day: None,
                })
            },
        },
        // in March / early March / since May (a month name alone needs a cue word, so
        // that "may" and "march" as verbs are not read as months)
        Pattern {
            regex: re(&format!(
                r"(?i)(?:\b(?:in|during|since|until|till|by|from|before|after|through|throughout|of)\s+(?:early\s+|late\s+|mid-?)?|\b(?:early|late|mid)[\s-]+)(?P<m>{MONTHS_FULL})\b"
            )),
            build: |c| {
                Some(Raw::Calendar {
                    year: None,
                    month: month_number(cap(c, "m")?),
                    day: None,
                })
            },
        },
        // "a June agreement", "the March accession": a capitalised month name between a
        // determiner and the noun it modifies
        Pattern {
            regex: re(
                r"\b(?:a|an|the|A|An|The)\s+(?P<m>January|February|March|April|May|June|July|August|September|October|November|December)(?P<end>\s+[a-z]{3,})",
            ),
            build: |c| {
                Some(Raw::Calendar {
                    year: None,
                    month: month_number(cap(c, "m")?),
                    day: None,
                })
            },
        },
        // the 1990s / the '90s
        Pattern {
            regex: re(
                r"(?i)\b(?:the\s+)?(?:early\s+|late\s+|mid-?)?(?P<dec>(?:1[89]|20)\d0|['’]\d0)s\b",
            ),
            build: |c| Some(Raw::Decade(decade_of(cap(c, "dec")?)?)),
        },
        // summer 2023 / the summer of 2023
        Pattern {
            regex: re(&format!(
                r"(?i)\b(?:the\s+)?(?P<s>spring|summer|autumn|fall|winter)\s+(?:of\s+)?{year}\b"
            )),
            build: |c| {
                Some(Raw::Season {
                    season: season_number(cap(c, "s")?)?,
                    year: cap(c, "y").and_then(year_of),
                    shift: None,
                })
            },
        },
        // last summer / this winter / this past spring
        Pattern {
            regex: re(
                r"(?i)\b(?P<rel>last|this\s+past|this|next|past|coming)\s+(?P<s>spring|summer|autumn|fall|winter)\b",
            ),
            build: |c| {
                let rel = cap(c, "rel")?.to_ascii_lowercase();
                if rel.starts_with("this") && rel.ends_with("past") {
                    return Some(Raw::LatestSeason(season_number(cap(c, "s")?)?));
                }
                Some(Raw::Season {
                    season: season_number(cap(c, "s")?)?,
                    year: None,
                    shift: Some(shift_word(cap(c, "rel"))),
                })
            },
        },
        // in 2015 / since 2021 / the 2021 withdrawal / 2021's
        Pattern {
            regex: re(&format!(
                r"(?i)(?:\b(?:in|since|until|till|by|from|during|before|after|of|around|circa|throughout|early|late|mid|pre|post|year)[\s-]+(?:the\s+year\s+)?){year}\b"
            )),
            build: |c| {
                Some(Raw::Calendar {
                    year: year_of(cap(c, "y")?),
                    month: None,
                    day: None,
                })
            },
        },
        // the 2021 withdrawal / 2021's (checked against plural nouns below)
        Pattern {
            regex: re(&format!(r"(?i)(?:\bthe\s+)?\b{year}(?:['’]s)?\b")),
            build: |c| {
                let all = c.get(0)?.as_str().to_ascii_lowercase();
                if !(all.starts_with("the") || all.ends_with('s')) {
                    return None;
                }
                Some(Raw::Calendar {
                    year: year_of(cap(c, "y")?),
                    month: None,
                    day: None,
                })
            },
        },
        // Saturday / on Saturday evening / Saturday's / last Saturday / overnight Saturday
        // (that night)
        Pattern {
            regex: re(&format!(
                r"(?i)\b(?:(?P<over>overnight)\s+(?:on\s+)?)?(?:(?P<rel>last|next|this|past|coming)\s+)?{weekday}(?:['’]s)?(?:\s+{part})?\b"
            )),
            build: |c| {
                let part = cap(c, "part").and_then(day_part);
                Some(Raw::Weekday {
                    weekday: weekday_number(cap(c, "w")?)?,
                    shift: shift_word(cap(c, "rel")),
                    part: part.or(cap(c, "over").map(|_| DayPart::Night)),
                })
            },
        },
        // the first week of April / the last week of May 2023
        Pattern {
            regex: re(&format!(
                r"(?i)\bthe\s+(?P<n>first|second|third|fourth|last|final)\s+week\s+of\s+{month}(?:,?\s+{year})?\b"
            )),
            build: |c| {
                let n = match cap(c, "n")?.to_ascii_lowercase().as_str() {
                    "first" => 1,
                    "second" => 2,
                    "third" => 3,
                    "fourth" => 4,
                    _ => -1,
                };
                Some(Raw::WeekOfMonth {
                    n,
                    month: month_number(cap(c, "m")?)?,
                    year: cap(c, "y").and_then(year_of),
                })
            },
        },
        // the previous Friday / the following Monday morning: from the last day named
        Pattern {
            regex: re(&format!(
                r"(?i)\bthe\s+(?:(?P<prev>previous|preceding|prior)|following|ensuing)\s+{weekday}(?:\s+{part})?\b"
            )),
            build: |c| {
                Some(Raw::WeekdayFrom {
                    weekday: weekday_number(cap(c, "w")?)?,
                    dir: if cap(c, "prev").is_some() { -1 } else { 1 },
                    part: cap(c, "part").and_then(day_part),
                })
            },
        },
        // each Thursday / every Sunday morning / Mondays / Monday nights: a weekday of
        // every week
        Pattern {
            regex: re(&format!(
                r"(?i)\b(?:(?:each|every)\s+{weekday}(?:\s+{part})?|(?P<w2>monday|tuesday|wednesday|thursday|friday|saturday|sunday)s|(?P<w3>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\s+(?P<part3>morning|afternoon|evening|night)s)\b"
            )),
            build: |c| {
                let w = cap(c, "w").or(cap(c, "w2")).or(cap(c, "w3"))?;
                Some(Raw::EveryWeekday {
                    weekday: u8::try_from(weekday_number(w)? + 1).ok()?,
                    part: cap(c, "part").or(cap(c, "part3")).and_then(day_part),
                })
            },
        },
        // today / yesterday (evening) / tomorrow / tonight / last night / this morning
        Pattern {
            regex: re(&format!(
                r"(?i)\b(?:(?P<rd>today|yesterday|tomorrow)(?:['’]s)?(?:\s+{part})?|(?P<tonight>tonight|last\s+night|overnight)|this\s+(?P<this>morning|afternoon|evening))\b"
            )),
            build: |c| {
                if let Some(rd) = cap(c, "rd") {
                    let days = match rd.to_ascii_lowercase().as_str() {
                        "yesterday" => -1,
                        "tomorrow" => 1,
                        _ => 0,
                    };
                    return Some(Raw::RelativeDay {
                        days,
                        part: cap(c, "part").and_then(day_part),
                    });
                }
                if let Some(t) = cap(c, "tonight") {
                    let lower = t.to_ascii_lowercase();
                    if lower == "overnight" {
                        return Some(Raw::Overnight);
                    }
                    let days = if lower.starts_with("last") { -1 } else { 0 };
                    return Some(Raw::RelativeDay {
                        days,
                        part: Some(DayPart::Night),
                    });
                }
                cap(c, "this")
                    .and_then(day_part)
                    .map(|part| Raw::RelativeDay {
                        days: 0,
                        part: Some(part),
                    })
            },
        },
        // mid-afternoon yesterday / evening today / by mid-morning (a part of today)
        Pattern {
            regex: re(
                r"(?i)\b(?:(?:mid[\s-]?)?(?P<part>morning|afternoon|evening|night)\s+(?P<rd>yesterday|today|tomorrow)|(?:by|in|until|before|after)\s+(?:the\s+)?mid[\s-]?(?P<mid>morning|afternoon|evening))\b",
            ),
            build: |c| {
                let days = match cap(c, "rd").map(str::to_ascii_lowercase).as_deref() {
                    Some("yesterday") => -1,
                    Some("tomorrow") => 1,
                    _ => 0,
                };
                Some(Raw::RelativeDay {
                    days,
                    part: day_part(cap(c, "part").or(cap(c, "mid"))?),
                })
            },
        },
        // 10 p.m. / 3pm / 6 a.m / 7:15 p.m.
        Pattern {
            regex: re(
                r"(?i)\b(?P<h>1[0-2]|0?[1-9])(?::(?P<mi>[0-5]\d))?\s*(?P<ap>a|p)(?:\.m\.|\.m\b|m\b)",
            ),
            build: |c| {
                let h: u8 = cap(c, "h")?.parse().ok()?;
                Some(Raw::Clock {
                    hour: clock_hour(h, cap(c, "ap"))?,
                    minute: Some(cap(c, "mi").and_then(|m| m.parse().ok()).unwrap_or(0)),
                })
            },
        },
        // 4 in the morning / 7:30 in the evening
        Pattern {
            regex: re(
                r"(?i)\b(?P<h>1[0-2]|[1-9]|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)(?::(?P<mi>[0-5]\d))?\s+(?:o['’]?clock\s+)?in\s+the\s+(?P<part>morning|afternoon|evening)\b",
            ),
            build: |c| {
                let h = u8::try_from(small_number(cap(c, "h")?)?).ok()?;
                let part = cap(c, "part")?.to_ascii_lowercase();
                let morning = part == "morning";
                // "ten in the afternoon" or "two in the evening" names no hour.
                let fits = match part.as_str() {
                    "afternoon" => h <= 6 || h == 12,
                    "evening" => (4..=11).contains(&h),
                    _ => true,
                };
                if !fits {
                    return None;
                }
                Some(Raw::Clock {
                    hour: clock_hour(h, Some(if morning { "a" } else { "p" }))?,
                    minute: Some(cap(c, "mi").and_then(|m| m.parse().ok()).unwrap_or(0)),
                })
            },
        },
        // Wire copy's 24-hour clock: "0800 GMT", "1415 gmt", "at 1500 hours", "at 0815"
        // (a leading zero); not "(0735 GMT)" after a clock time, a restatement the
        // merge with the day skips.
        Pattern {
            regex: re(
                r"(?i)(?:^|[^(\w])(?P<from>(?P<h>[01]\d|2[0-3])(?P<mi>[0-5]\d))\s*(?:gmt|utc|hrs|hours|local\s+time)\b",
            ),
            build: hour_minute,
        },
        Pattern {
            regex: re(
                r"(?i)\b(?:at|by|until|before|after|around|about)\s+(?P<from>(?P<h>0\d)(?P<mi>[0-5]\d))\b",
            ),
            build: hour_minute,
        },
        // 18:30 / 07:15
        Pattern {
            regex: re(r"\b(?P<h>[01]?\d|2[0-3]):(?P<mi>[0-5]\d)\b"),
            build: hour_minute,
        },
        // noon / midday / midnight / 3 o'clock
        Pattern {
            regex: re(
                r"(?i)\b(?:(?P<noon>noon|midday)|(?P<midnight>midnight)|(?P<h>one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|1[0-2]|[1-9])\s+o['’]?clock)\b",
            ),
            build: |c| {
                if c.name("noon").is_some() {
                    return Some(Raw::Clock {
                        hour: 12,
                        minute: Some(0),
                    });
                }
                if c.name("midnight").is_some() {
                    return Some(Raw::Clock {
                        hour: MIDNIGHT,
                        minute: Some(0),
                    });
                }
                let h = u8::try_from(small_number(cap(c, "h")?)?).ok()?;
                Some(Raw::Clock {
                    hour: clock_hour(h, None)?,
                    minute: None,
                })
            },
        },
        // last May / next March / this June
        Pattern {
            regex: re(&format!(
                r"(?i)\b(?P<rel>last|next|this|past|coming)\s+(?P<m>{MONTHS_FULL})\b"
            )),
            build: |c| {
                Some(Raw::MonthShift {
                    month: month_number(cap(c, "m")?)?,
                    shift: shift_word(cap(c, "rel")),
                })
            },
        },
        // June last year / in February this year / March of next year
        Pattern {
            regex: re(&format!(
                r"(?i)\b{month}(?:\s+of)?\s+(?P<rel>last|this|next)\s+year\b"
            )),
            build: |c| {
                let m = cap(c, "m")?.trim_end_matches('.');
                Some(Raw::MonthOfYear {
                    month: month_number(m)?,
                    shift: shift_word(cap(c, "rel")),
                })
            },
        },
        // on the 14th / until the 3rd: a day of an unnamed month, after a preposition and
        // before no noun ("the 14th floor", "the 14th century" are none)
        Pattern {
            regex: re(
                r"(?i)\b(?:on|by|until|till|since|from|before|after|through)\s+(?P<from>the\s+(?P<d>[1-9]|[12]\d|3[01])(?:st|nd|rd|th))(?P<end>)\b(?:\s+(?P<w>\w+))?",
            ),
            build: |c| {
                const FREE: &[&str] = &[
                    "at", "in", "when", "and", "or", "after", "before", "but", "to", "until", "as",
                    "with", "for", "from", "while", "if", "so",
                ];
                // A function word or a past verb may follow ("the attack on the 30th
                // killed four"), not a noun.
                if let Some(w) = cap(c, "w").map(str::to_ascii_lowercase) {
                    if !(FREE.contains(&w.as_str()) || w.len() > 4 && w.ends_with("ed")) {
                        return None;
                    }
                }
                Some(Raw::DayOfMonth {
                    day: cap(c, "d")?.parse().ok()?,
                })
            },
        },
        // the week (weekend, month, year) before last / after next
        Pattern {
            regex: re(
                r"(?i)\bthe\s+(?P<u>weekend|week|month|year)\s+(?:(?P<before>before\s+last)|after\s+next)\b",
            ),
            build: |c| {
                let shift = if cap(c, "before").is_some() { -2 } else { 2 };
                let unit = cap(c, "u")?;
                if unit.eq_ignore_ascii_case("weekend") {
                    return Some(Raw::Weekend { shift: Some(shift) });
                }
                Some(Raw::RelativePeriod {
                    unit: unit_grain(unit)?,
                    shift,
                })
            },
        },
        // the weekend / this weekend / last weekend / this past weekend / next weekend
        Pattern {
            regex: re(
                r"(?i)\b(?:(?P<the>the)\s+)?(?:(?P<rel>this\s+past|this|last|past|previous|next|coming)\s+)?weekend(?:['’]s)?\b",
            ),
            build: |c| {
                let shift = match cap(c, "rel").map(|r| r.to_ascii_lowercase()) {
                    None if cap(c, "the").is_some() => None,
                    None => return None,
                    Some(r) if r == "this" => Some(0),
                    Some(r) if r == "next" || r == "coming" => Some(1),
                    Some(_) => Some(-1),
                };
                Some(Raw::Weekend { shift })
            },
        },
        // the third quarter / third-quarter / the third quarter of 1984 / the 1988 third
        // quarter / next year's first quarter / the year-ago third quarter
        Pattern {
            regex: re(
                r"(?i)\b(?:the\s+)?(?:(?P<y>(?:19|20)\d\d)\s+|(?P<rel>next|last|this)\s+year['’]s\s+|(?P<ago>year-ago|year-earlier|year\s+earlier)\s+)?(?P<q>first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+quarter\b(?:\s+of\s+(?P<y2>(?:19|20)\d\d)\b)?",
            ),
            build: |c| {
                let q = match cap(c, "q")?.to_ascii_lowercase().as_str() {
                    "first" | "1st" => 1,
                    "second" | "2nd" => 2,
                    "third" | "3rd" => 3,
                    _ => 4,
                };
                let year = cap(c, "y").or(cap(c, "y2")).and_then(year_of);
                let shift = if cap(c, "ago").is_some() {
                    -1
                } else {
                    shift_word(cap(c, "rel"))
                };
                if year.is_none() && shift == 0 && cap(c, "rel").is_none() {
                    return Some(Raw::Quarter(q));
                }
                Some(Raw::QuarterOf { q, year, shift })
            },
        },
        // the second half of 1989 / the first two quarters of 1990 / the last half of
        // next year
        Pattern {
            regex: re(
                r"(?i)\b(?:the\s+)?(?P<h>first|second|last|latter|final)\s+(?:half|(?P<two>two)\s+quarters)\s+of\s+(?:fiscal\s+)?(?:(?P<y>(?:1[89]|20)\d\d)|(?P<rel>this|next|last)\s+year)\b",
            ),
            build: |c| {
                let half = match cap(c, "h")?.to_ascii_lowercase().as_str() {
                    "first" => 1,
                    // "the second two quarters" is not said; "the last two" is.
                    "second" if cap(c, "two").is_some() => return None,
                    _ => 2,
                };
                Some(Raw::HalfOf {
                    half,
                    year: cap(c, "y").and_then(year_of),
                    shift: shift_word(cap(c, "rel")),
                })
            },
        },
        // the quarter / the latest period / the year-ago quarter / the 1988 period / the
        // corresponding period last year
        Pattern {
            regex: re(
                r"(?i)\b(?:the\s+(?:same|comparable|corresponding)\s+(?:period|quarter)\s+(?:of\s+)?(?P<ago2>last\s+year|a\s+year\s+(?:ago|earlier))|(?:the|this|that)\s+(?:(?P<latest>latest|most\s+recent)\s+|(?:same|comparable|corresponding)\s+)?(?:(?P<y>(?:19|20)\d\d)\s+)?quarter|the\s+(?P<latest2>latest|most\s+recent)\s+period|the\s+(?P<y2>(?:19|20)\d\d)\s+period|(?:the\s+)?(?:(?:comparable|same|corresponding)\s+)?(?P<ago>year-ago|year-earlier)(?:\s+(?:quarter|period))?)\b",
            ),
            build: |c| {
                let year = cap(c, "y").or(cap(c, "y2")).and_then(year_of);
                let shift = if cap(c, "ago").or(cap(c, "ago2")).is_some() {
                    -1
                } else {
                    0
                };
                let latest = cap(c, "latest").or(cap(c, "latest2")).is_some();
                Some(Raw::RefQuarter {
                    year,
                    shift,
                    latest,
                })
            },
        },
        // the current quarter / this fiscal quarter
        Pattern {
            regex: re(r"(?i)\b(?:the\s+)?current\s+(?:fiscal\s+)?quarter\b"),
            build: |_| Some(Raw::CurrentQuarter),
        },
        // the current year / the current fiscal year / this fiscal year
        Pattern {
            regex: re(
                r"(?i)\b(?:the\s+current|this)\s+(?:fiscal\s+|calendar\s+)?(?P<u>year|month|week)\b",
            ),
            build: |c| {
                Some(Raw::RelativePeriod {
                    unit: unit_grain(cap(c, "u")?)?,
                    shift: 0,
                })
            },
        },
        // October / in December: month names that are no other word, alone
        Pattern {
            regex: re(
                r"(?i)\b(?:(?:early|late|mid)[\s-]+)?(?P<m>january|february|july|september|october|november|december)\b",
            ),
            build: |c| {
                Some(Raw::Calendar {
                    year: None,
                    month: month_number(cap(c, "m")?),
                    day: None,
                })
            },
        },
        // year-end / the year's end: the publication year
        Pattern {
            regex: re(r"(?i)\b(?:the\s+)?year(?:['’]s)?[\s-]end\b"),
            build: |_| {
                Some(Raw::RelativePeriod {
                    unit: Grain::Year,
                    shift: 0,
                })
            },
        },
        // the 20th century / the eleventh-century temple (not "the fifth century B.C.")
        Pattern {
            regex: re(
                r"(?i)\b(?:the\s+)?(?:(?P<n>\d{1,2})(?:st|nd|rd|th)|(?P<w>first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|twenty[\s-]first))[\s-]+century\b(?P<bc>\s+B\.?C)?",
            ),
            build: |c| {
                if c.name("bc").is_some() {
                    return None;
                }
                let n: i32 = match (cap(c, "n"), cap(c, "w")) {
                    (Some(d), _) => d.parse().ok()?,
                    (_, Some(w)) => {
                        let w = w.to_ascii_lowercase();
                        if w.starts_with("twenty") && w.len() > "twentieth".len() {
                            21
                        } else {
                            [
                                "first",
                                "second",
                                "third",
                                "fourth",
                                "fifth",
                                "sixth",
                                "seventh",
                                "eighth",
                                "ninth",
                                "tenth",
                                "eleventh",
                                "twelfth",
                                "thirteenth",
                                "fourteenth",
                                "fifteenth",
                                "sixteenth",
                                "seventeenth",
                                "eighteenth",
                                "nineteenth",
                                "twentieth",
                            ]
                            .iter()
                            .position(|o| *o == w)
                            .and_then(|i| i32::try_from(i + 1).ok())?
                        }
                    }
                    _ => return None,
                };
                (1..=30).contains(&n).then_some(Raw::Century((n - 1) * 100))
            },
        },
        // the nineties / the nineteen-sixties
        Pattern {
            regex: re(
                r"(?i)\bthe\s+(?:nineteen[\s-]+)?(?P<dec>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)\b",
            ),
            build: |c| {
                let tens = crate::quantity::tens_number(
                    &cap(c, "dec")?.to_ascii_lowercase().replace("ies", "y"),
                )?;
                Some(Raw::Decade(1900 + i32::try_from(tens).ok()?))
            },
        },
        // summer / the early summer / in the fall (a season of the publication year)
        Pattern {
            regex: re(
                r"(?i)\b(?:(?P<cue>in|the|this|during|by)\s+(?:(?:early|late|mid)[\s-]+)?)?(?P<s>summer|winter|autumn|spring|fall)\b",
            ),
            build: |c| {
                let season = cap(c, "s")?.to_ascii_lowercase();
                // "spring" and "fall" are verbs too: they need a cue word.
                if cap(c, "cue").is_none() && matches!(season.as_str(), "spring" | "fall") {
                    return None;
                }
                Some(Raw::Season {
                    season: season_number(&season)?,
                    year: None,
                    shift: Some(0),
                })
            },
        },
        // the year / the full year / the fiscal year: the current one, or a year's length
        // when the text says when it ends ("for the year ended June 30")
        Pattern {
            regex: re(
                r"(?i)\bthe\s+(?:full\s+|fiscal\s+)?year\b(?P<end>\s+(?:that\s+)?end(?:ed|ing|s)\b)?(?P<rel>\s+(?:(?:before|earlier|after|ago|two|nineteen|eighteen)\b|\d))?",
            ),
            build: |c| {
                if cap(c, "rel").is_some() {
                    return None;
                }
                if cap(c, "end").is_some() {
                    return Some(Raw::YearLength);
                }
                Some(Raw::RelativePeriod {
                    unit: Grain::Year,
                    shift: 0,
                })
            },
        },
        // fiscal 1989 / fiscal year 1990
        Pattern {
            regex: re(r"(?i)\bfiscal\s+(?:year\s+)?(?P<y>(?:19|20)\d\d)\b"),
            build: |c| {
                Some(Raw::Calendar {
                    year: year_of(cap(c, "y")?),
                    month: None,
                    day: None,
                })
            },
        },
        // 1990 (a year alone: checked against amounts and counted nouns below)
        Pattern {
            regex: re(r"\b(?P<y>19\d\d|20[0-3]\d)\b"),
            build: |c| {
                Some(Raw::Calendar {
                    year: year_of(cap(c, "y")?),
                    month: None,
                    day: None,
                })
            },
        },
        // nineteen ninety-six / the year two thousand
        Pattern {
            regex: re(&format!("(?i){SPELLED_YEAR}")),
            build: |c| {
                Some(Raw::Calendar {
                    year: spelled_year(c.get(0)?.as_str()),
                    month: None,
                    day: None,
                })
            },
        },
        // Thanksgiving / last Christmas / Easter Monday
        Pattern {
            regex: re(&format!(
                r"(?i)\b(?:(?P<rel>last|next|this|past|coming)\s+)?{}\b(?:,?\s+(?P<hy>(?:1[89]|20)\d\d)\b)?",
                forward::HOLIDAYS.as_str()
            )),
            build: |c| {
                let name = cap(c, "h")?.to_ascii_lowercase();
                // "the boss", "St. Patrick's Cathedral": these need their "day".
                let needs_day = ["boss", "st", "saint", "valentine"];
                if needs_day.iter().any(|w| name.starts_with(w)) && !name.ends_with("day") {
                    return None;
                }
                // "the king's day of triumph", "a night of power": only as a name.
                let name_only = ["king", "night", "holi", "rakhi", "maghi", "feast", "great"];
                let written = cap(c, "h")?;
                if name_only.iter().any(|w| name.starts_with(w))
                    && written.starts_with(char::is_lowercase)
                {
                    return None;
                }
                Some(Raw::Holiday {
                    holiday: forward::holiday_named(&name)?,
                    shift: shift_word(cap(c, "rel")),
                    year: cap(c, "hy").and_then(year_of),
                })
            },
        },
        // January nineteen ninety-seven / the winter of nineteen ninety-four
        Pattern {
            regex: re(&format!(
                r"(?i)\b(?:(?:the\s+)?(?P<s>spring|summer|autumn|fall|winter)\s+of|(?P<m>{MONTHS_FULL})(?:\s+of)?)\s+(?P<sy>{SPELLED_YEAR})"
            )),
            build: |c| {
                let year = spelled_year(cap(c, "sy")?);
                match (cap(c, "s"), cap(c, "m")) {
                    (Some(season), _) => Some(Raw::Season {
                        season: season_number(season)?,
                        year,
                        shift: None,
                    }),
                    (None, Some(m)) => Some(Raw::Calendar {
                        year,
                        month: month_number(m),
                        day: None,
                    }),
                    _ => None,
                }
            },
        },
        // daily / weekly / every day / each month (sets, valued by their period)
        Pattern {
            regex: re(
                r"(?i)\b(?:(?:every|each)\s+(?P<u>hour|day|week|month|quarter|year)|(?P<adv>hourly|daily|weekly|nightly))\b",
            ),
            build: |c| {
                let unit = match cap(c, "adv").map(str::to_ascii_lowercase).as_deref() {
                    Some("hourly") => DurationUnit::Hour,
                    Some("daily" | "nightly") => DurationUnit::Day,
                    Some(_) => DurationUnit::Week,
                    None => duration_unit(cap(c, "u")?)?,
                };
                Some(Raw::Every { unit, times: None })
            },
        },
        // twice a week / three times a year / once every month / 10 times per day
        Pattern {
            regex: re(
                r"(?i)\b(?:(?P<once>once|twice|thrice)|(?P<n>[a-z]+|\d{1,3})\s+times)\s+(?:a|an|per|each|every)\s+(?P<u>hour|day|week|month|quarter|year)\b",
            ),
            build: |c| {
                let times = match cap(c, "once").map(str::to_ascii_lowercase).as_deref() {
                    Some("once") => 1,
                    Some("twice") => 2,
                    Some(_) => 3,
                    None => u32::try_from(small_number(cap(c, "n")?)?).ok()?,
                };
                Some(Raw::Every {
                    unit: duration_unit(cap(c, "u")?)?,
                    times: Some(times),
                })
            },
        },
        // recent weeks / in recent years / the coming months (an unsaid number of units)
        Pattern {
            regex: re(
                r"(?i)\b(?:the\s+)?(?:recent|coming)\s+(?P<u>hours|days|weeks|months|quarters|years|decades)\b",
            ),
            build: |c| {
                Some(Raw::Duration {
                    amount: None,
                    unit: duration_unit(cap(c, "u")?)?,
                    half: false,
                })
            },
        },
        // now / currently / recently / in the past / the future / soon
        Pattern {
            regex: re(
                r"(?i)\b(?:(?P<present>right\s+now|now|currently|current|presently|at\s+present|nowadays|these\s+days|at\s+the\s+moment)|(?P<past>recently|formerly|lately|(?:in\s+)?the\s+past)|(?P<future>the\s+(?:near\s+|distant\s+)?future|the\s+(?:near|short)\s+term))\b",
            ),
            build: |c| {
                let point = if c.name("present").is_some() {
                    TimeRefPoint::Present
                } else if c.name("past").is_some() {
                    TimeRefPoint::Past
                } else {
                    TimeRefPoint::Future
                };
                Some(Raw::Relative(point))
            },
        },
        // 2 1/2 years / two and a half hours / a minute and a half / half an hour
        Pattern {
            regex: re(
                r"(?i)\b(?:(?:the\s+)?(?:(?:last|past|next|first|previous|coming)\s+)?(?P<n>one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,3})[\s-]+(?:1/2|and[\s-]+a[\s-]+half)[\s-]+(?P<u>seconds?|minutes?|hours?|days?|weeks?|months?|quarters?|years?|decades?|centuries|century)|(?P<n2>an?|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,3})\s+(?P<u2>seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?|centuries|century)\s+and\s+a\s+half|(?:a\s+)?half[\s-]+(?:(?:an?|of\s+an?)\s+)?(?P<u3>second|minute|hour|day|week|month|year|decade|century))\b",
            ),
            build: |c| {
                let (amount, unit) = match (cap(c, "u"), cap(c, "u2"), cap(c, "u3")) {
                    (Some(u), _, _) => (small_number(cap(c, "n")?)?, u),
                    (_, Some(u), _) => (small_number(cap(c, "n2")?)?, u),
                    (_, _, Some(u)) => (0, u),
                    _ => return None,
                };
                Some(Raw::Duration {
                    amount: Some(u32::try_from(amount).ok()?),
                    unit: duration_unit(unit)?,
                    half: true,
                })
            },
        },
        // three years / the past two months / a week / 16-hour / several days
        Pattern {
            regex: re(
                r"(?i)\b(?:the\s+)?(?:(?:last|past|next|first|previous|coming|final|following)\s+)?(?P<n>(?:a\s+)?couple(?:\s+of)?|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[\s-](?:one|two|three|four|five|six|seven|eight|nine)|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|several|a\s+few|few|many|some|\d{1,4})[\s-]+(?:(?:more|additional|other|trading|business|working|straight|consecutive|full)\s+)?(?P<u>seconds?|minutes?|hours?|days?|weeks?|months?|quarters?|years?|decades?|centuries|century)\b",
            ),
            build: |c| {
                let n = cap(c, "n")?.to_ascii_lowercase();
                let amount = match n.as_str() {
                    "several" | "few" | "many" | "some" => None,
                    w if w.contains("couple") => Some(2),
                    w if w.starts_with("a ") => None,
                    "forty" => Some(40),
                    "fifty" => Some(50),
                    "sixty" => Some(60),
                    "hundred" => Some(100),
                    // "twenty four", "thirty-six"
                    w if w.contains([' ', '-']) => {
                        let parts: Option<Vec<i64>> = w
                            .split([' ', '-'])
                            .filter(|x| !x.is_empty())
                            .map(small_number)
                            .collect();
                        Some(u32::try_from(parts?.iter().sum::<i64>()).ok()?)
                    }
                    w => Some(u32::try_from(small_number(w)?).ok()?),
                };
                Some(Raw::Duration {
                    amount,
                    unit: duration_unit(cap(c, "u")?)?,
                    half: false,
                })
            },
        },
        // years / the past months / recent weeks (an unsaid number of units)
        Pattern {
            regex: re(
                r"(?i)\b(?:the\s+)?(?:(?:last|past|next|previous)\s+)?(?P<u>seconds|minutes|hours|days|weeks|months|quarters|years|decades|centuries)\b",
            ),
            build: |c| {
                Some(Raw::Duration {
                    amount: None,
                    unit: duration_unit(cap(c, "u")?)?,
                    half: false,
                })
            },
        },
        // several years ago / a few weeks ago: some time back, how far not said
        Pattern {
            regex: re(
                r"(?i)\b(?:several|a\s+few|some|many)\s+(?:days|weeks|months|years|decades)\s+ago\b",
            ),
            build: |_| Some(Raw::Relative(TimeRefPoint::Past)),
        },
        // two days ago / a week ago / 3 years ago; two days from now / three weeks hence
        Pattern {
            regex: re(
                r"(?i)\b(?P<n>a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|\d{1,3})\s+(?P<u>days?|weeks?|months?|years?|decades?)\s+(?:ago|earlier|(?P<ahead>from\s+(?:now|today)|hence))\b",
            ),
            build: |c| {
                let n = small_number(cap(c, "n")?)?;
                Some(Raw::Ago {
                    n: if cap(c, "ahead").is_some() { -n } else { n },
                    unit: unit_grain(cap(c, "u")?)?,
                })
            },
        },
        // the day before yesterday / the day after tomorrow
        Pattern {
            regex: re(r"(?i)\b(?:the\s+)?day\s+(?P<dir>before\s+yesterday|after\s+tomorrow)\b"),
            build: |c| {
                let before = cap(c, "dir")?.to_ascii_lowercase().starts_with("before");
                Some(Raw::RelativeDay {
                    days: if before { -2 } else { 2 },
                    part: None,
                })
            },
        },
        // a fortnight / two fortnights / a fortnight ago / the past fortnight
        Pattern {
            regex: re(
                r"(?i)\b(?:(?:the\s+)?(?:past|last|next|coming|previous|following)\s+)?(?:(?P<n>a|an|one|two|three|four|\d{1,2})\s+)?fortnights?(?:\s+(?P<dir>ago|earlier|from\s+now|hence))?\b",
            ),
            build: |c| {
                let n = match cap(c, "n") {
                    Some(w) => small_number(w)?,
                    None => 1,
                };
                match cap(c, "dir").map(str::to_ascii_lowercase).as_deref() {
                    Some("ago" | "earlier") => Some(Raw::Ago {
                        n: 2 * n,
                        unit: Grain::Week,
                    }),
                    Some(_) => Some(Raw::Ago {
                        n: -2 * n,
                        unit: Grain::Week,
                    }),
                    None => Some(Raw::Duration {
                        amount: u32::try_from(2 * n).ok(),
                        unit: DurationUnit::Week,
                        half: false,
                    }),
                }
            },
        },
        // the end of the month / the beginning of the week: the current one
        Pattern {
            regex: re(
                r"(?i)\b(?:the\s+)?(?:end|beginning|start|middle)\s+of\s+the\s+(?P<u>week|month)\b",
            ),
            build: |c| {
                Some(Raw::RelativePeriod {
                    unit: unit_grain(cap(c, "u")?)?,
                    shift: 0,
                })
            },
        },
        // last week / this month / next year / the past year
        Pattern {
            regex: re(
                r"(?i)\b(?:the\s+)?(?P<rel>last|this|next|past|previous|coming)\s+(?P<u>week|month|year|decade)\b",
            ),
            build: |c| {
                Some(Raw::RelativePeriod {
                    unit: unit_grain(cap(c, "u")?)?,
                    shift: shift_word(cap(c, "rel")),
                })
            },
        },
        // that year / later that year / that same day / the following month / the next day
        Pattern {
            regex: re(
                r"(?i)\b(?:(?:earlier|later)\s+that\s+(?:same\s+)?(?P<u1>day|week|month|year)|that\s+(?:same\s+)?(?P<u2>week|month|year)|(?:that|the)\s+same\s+(?P<u3>day)|the\s+(?P<next>following|next)\s+(?P<u4>day)|the\s+(?P<prev>previous|preceding)\s+(?P<u5>day)|the\s+(?P<next2>following)\s+(?P<u6>week|month|year)|the\s+(?P<prev2>preceding)\s+(?P<u7>week|month|year))\b",
            ),
            build: |c| {
                let unit = ["u1", "u2", "u3", "u4", "u5", "u6", "u7"]
                    .iter()
                    .find_map(|g| cap(c, g))
                    .and_then(unit_grain)?;
                let shift = if cap(c, "next").or(cap(c, "next2")).is_some() {
                    1
                } else if cap(c, "prev").or(cap(c, "prev2")).is_some() {
                    -1
                } else {
                    0
                };
                Some(Raw::Anaphoric { unit, shift })
            },
        },
        // that night / that same morning / the next morning / the previous evening: a
        // part of the day last named, or of the day after or before it
        Pattern {
            regex: re(
                r"(?i)\b(?:that\s+(?:same\s+)?|the\s+(?P<next>following|next)\s+|the\s+(?P<prev>previous|preceding)\s+)(?P<part>morning|afternoon|evening|night)\b",
            ),
            build: |c| {
                let days = if cap(c, "next").is_some() {
                    1
                } else if cap(c, "prev").is_some() {
                    -1
                } else {
                    0
                };
                Some(Raw::AnaphoricPart {
                    days,
                    part: day_part(cap(c, "part")?)?,
                })
            },
        },
        // today is the eighth day (of the strike) / it's the second day: the day of
        // writing; the span is the day's ordinal phrase
        Pattern {
            regex: re(
                r"(?i)\b(?:today|it)\s*(?:\s+is|['’]s)\s+(?P<from>(?:the\s+)?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d{1,3}(?:st|nd|rd|th))\s+(?:straight\s+|consecutive\s+)?day)\b",
            ),
            build: |_| {
                Some(Raw::RelativeDay {
                    days: 0,
                    part: None,
                })
            },
        },
        // earlier in the year / earlier this month / later this week
        Pattern {
            regex: re(r"(?i)\b(?:earlier|later)\s+(?:in\s+the|this)\s+(?P<u>week|month|year)\b"),
            build: |c| {
                Some(Raw::RelativePeriod {
                    unit: unit_grain(cap(c, "u")?)?,
                    shift: 0,
                })
            },
        },
    ]
});

/// Words before a year, month or weekday that are not part of the expression.
const LEADING_CUES: &[&str] = &[
    "in",
    "during",
    "since",
    "until",
    "till",
    "by",
    "from",
    "before",
    "after",
    "through",
    "throughout",
    "of",
    "around",
    "circa",
    "year",
    "on",
];

/// Drops a leading preposition from a match ("in 2015" → "2015"); keeps "last", "early".
fn trim_leading_cue(text: &str, start: usize, end: usize) -> usize {
    let m = &text[start..end];
    let first_len = m
        .find(|c: char| c.is_whitespace() || c == '-')
        .unwrap_or(m.len());
    let first = m[..first_len].to_ascii_lowercase();
    // "year 2015" drops its "year", "year-end" keeps it.
    let year_before_digits = first != "year"
        || m[first_len..]
            .trim_start_matches([' ', '-'])
            .starts_with(|c: char| c.is_ascii_digit());
    if first_len < m.len() && LEADING_CUES.contains(&first.as_str()) && year_before_digits {
        let rest = &m[first_len..];
        let skip = rest.len()
            - rest
                .trim_start_matches(|c: char| c.is_whitespace() || c == '-')
                .len();
        let mut s = start + first_len + skip;
        // "in the year 2015" → "2015"
        let tail = text[s..end].to_ascii_lowercase();
        if tail.starts_with("the year ") {
            s += "the year ".len();
        }
        return s;
    }
    start
}

/// The sentence around byte `at`: from the previous sentence end (a full stop, question
/// or exclamation mark followed by a space, or a line break) to the next.
fn sentence_of(text: &str, at: usize) -> &str {
    static END: LazyLock<Regex> = LazyLock::new(|| re(r"[.!?]\s|\n"));
    let from = END
        .find_iter(&text[..at])
        .last()
        .map(|m| m.end())
        .unwrap_or(0);
    let to = END
        .find(&text[at..])
        .map(|m| at + m.start())
        .unwrap_or(text.len());
    &text[from..to]
}

/// Whether the sentence before `at` last named a run of months or a half year rather
/// than a quarter: "profit for the first nine months rose from a year earlier"
/// compares with the same months a year before, which TimeML can only write as a year.
fn months_named_last(text: &str, at: usize) -> bool {
    static MONTHS: LazyLock<Regex> = LazyLock::new(|| {
        re(r"(?i)\b(?:(?:nine|six|three|eight|ten|eleven|twelve|\d{1,2})[\s-]+months?|half)\b")
    });
    let sentence = sentence_of(text, at);
    let from = sentence.as_ptr() as usize - text.as_ptr() as usize;
    let before = &text[from..at.max(from)];
    let Some(months) = MONTHS.find_iter(before).last() else {
        return false;
    };
    before
        .to_ascii_lowercase()
        .rfind("quarter")
        .is_none_or(|q| q < months.start())
}

/// Where the clause holding byte `at` begins: after the last sentence end, comma, or
/// quotation mark before it. A full stop ending an abbreviation ("a.m.", "U.S.") and an
/// apostrophe inside a word ("they'll") do not end a clause.
fn clause_start(text: &str, at: usize) -> usize {
    let before = &text[..at];
    for (i, c) in before.char_indices().rev() {
        let ends = match c {
            '!' | '?' | ';' | ',' | '"' | '`' | '“' | '”' | '\n' => true,
            '.' => {
                let word = before[..i]
                    .rsplit(|ch: char| !ch.is_alphanumeric() && ch != '.')
                    .next()
                    .unwrap_or("");
                let next_capital = text[i + 1..]
                    .strip_prefix(' ')
                    .is_some_and(|r| r.starts_with(|ch: char| ch.is_ascii_uppercase()));
                // "… dating to 1994. In January": a figure ends a sentence too.
                let figure = !word.is_empty() && word.bytes().all(|b| b.is_ascii_digit());
                (word.chars().filter(|ch| ch.is_alphabetic()).count() > 1 && !word.contains('.'))
                    || (figure && next_capital)
            }
            '\'' | '’' => {
                let prev = before[..i].chars().next_back();
                let next = before[i + c.len_utf8()..].chars().next();
                !(prev.is_some_and(char::is_alphabetic) && next.is_some_and(char::is_alphabetic))
            }
            _ => false,
        };
        if ends {
            return i + c.len_utf8();
        }
    }
    0
}

/// Small words a title leaves in lower case between its capitalised ones.
const TITLE_LINKS: &[&str] = &[
    "a", "an", "and", "at", "for", "in", "of", "on", "the", "to", "with",
];

/// Whether the expression at `start..end` lies inside a short quoted title: an opening
/// quotation mark, at most six words, each capitalised (a digit counts) but for linking
/// words, and a closing mark, as in `ABC's "This Week With David Brinkley"` or
/// ``` the film ``High Noon.'' ```. Needs mixed case, so all-capitals and lower-cased
/// text never count as titles.
fn in_quoted_title(text: &str, start: usize, end: usize) -> bool {
    const OPEN: [&str; 4] = ["\"", "``", "''", "\u{201c}"];
    const CLOSE: [&str; 3] = ["\"", "''", "\u{201d}"];
    let capital = |w: &str| w.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit());
    // Back from the expression to the opening mark, over capitalised words.
    let before = &text[..start];
    let mut words: Vec<&str> = Vec::new();
    let mut rest = before;
    let open_at = loop {
        if let Some(q) = OPEN.iter().find(|q| rest.ends_with(**q)) {
            break rest.len() - q.len();
        }
        let trimmed = rest.trim_end_matches(' ');
        if trimmed.len() == rest.len() && !words.is_empty() {
            return false;
        }
        let word_start = trimmed
            .char_indices()
            .rev()
            .find(|&(_, c)| c.is_whitespace() || "\"`'\u{201c}".contains(c))
            .map_or(0, |(i, c)| i + c.len_utf8());
        let word = &trimmed[word_start..];
        if word.is_empty() || !capital(word) || words.len() >= 5 {
            return false;
        }
        words.push(word);
        rest = &trimmed[..word_start];
    };
    // The opening mark starts a quotation: after a space, a bracket or the text's start.
    if !text[..open_at]
        .chars()
        .next_back()
        .is_none_or(|c| c.is_whitespace() || c == '(')
    {
        return false;
    }
    // On from the expression to the closing mark, over title words.
    let mut after = &text[end..];
    loop {
        let stripped = after.trim_start_matches(['.', ',', '!', '?']);
        if CLOSE.iter().any(|q| stripped.starts_with(q)) {
            break;
        }
        let Some(next) = after.strip_prefix(' ') else {
            return false;
        };
        // A word, with an apostrophe only inside it ("Roe's", not "Roe''").
        let mut len = next.len();
        let mut chars = next.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            let inner =
                matches!(c, '\'' | '-') && chars.peek().is_some_and(|&(_, n)| n.is_alphanumeric());
            if !(c.is_alphanumeric() || inner) {
                len = i;
                break;
            }
        }
        let word = &next[..len];
        let linking = TITLE_LINKS.contains(&word);
        if word.is_empty() || !(capital(word) || linking) || words.len() >= 6 {
            return false;
        }
        words.push(word);
        after = &next[len..];
    }
    let title = &text[open_at..end + (text.len() - end - after.len())];
    capital(&text[start..end]) && title.chars().any(char::is_lowercase)
}

/// The word right after an expression, when only spaces come between ("1990 people");
/// empty when punctuation does ("in 1961, believes").
fn next_word(after: &str) -> &str {
    let rest = after.trim_start_matches(' ');
    if rest.len() == after.len() {
        return "";
    }
    rest.split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("")
}

/// Vehicle makes: a year before one is the vehicle's model year ("a red 2015 Toyota").
const VEHICLE_MAKES: &[&str] = &[
    "acura",
    "audi",
    "bmw",
    "buick",
    "cadillac",
    "chevrolet",
    "chevy",
    "chrysler",
    "dodge",
    "ford",
    "gmc",
    "harley",
    "honda",
    "hummer",
    "hyundai",
    "infiniti",
    "jeep",
    "kia",
    "lexus",
    "lincoln",
    "mazda",
    "mercedes",
    "mercury",
    "mitsubishi",
    "nissan",
    "oldsmobile",
    "plymouth",
    "pontiac",
    "saturn",
    "subaru",
    "suzuki",
    "tesla",
    "toyota",
    "volkswagen",
    "volvo",
    "vw",
    "model",
    "models",
];

/// Colours said between a model year and the make ("a 2014 black Chevrolet").
const COLOURS: &[&str] = &[
    "black", "white", "silver", "red", "blue", "gray", "grey", "green", "tan", "gold", "maroon",
    "brown", "beige", "dark", "light", "burgundy", "orange", "yellow", "purple",
];

/// Nouns a feast's name qualifies without dating anything ("Christmas presents").
const FEAST_THINGS: &[&str] = &[
    "tree",
    "trees",
    "present",
    "presents",
    "gift",
    "gifts",
    "light",
    "lights",
    "decoration",
    "decorations",
    "card",
    "cards",
    "carol",
    "carols",
    "ornament",
    "ornaments",
    "stocking",
    "stockings",
    "song",
    "songs",
    "music",
    "spirit",
    "sweater",
    "sweaters",
    "cookies",
    "toys",
    "shopping",
];

/// Whether the expression at `start..end` is no time where it stands: a year that is a
/// block number ("the 1900 block of Elm Street") or a vehicle's model year ("a red 2015
/// Toyota", "a 1995 to 2005 model"); a season or "daily" written with a capital in the
/// middle of a sentence of a mixed-case text, which English does only for names ("said
/// Ed Winter", "Autumn Johnson", "the Columbia Daily Herald"); a feast naming the things
/// of the season ("Christmas presents", "a Christmas tree").
fn not_a_time_here(raw: Raw, text: &str, start: usize, end: usize) -> bool {
    let words_after = |from: usize, n: usize| -> Vec<String> {
        text[from..]
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|w| !w.is_empty())
            .take(n)
            .map(|w| {
                w.trim_matches(|c: char| !c.is_alphanumeric())
                    .to_ascii_lowercase()
            })
            .collect()
    };
    match raw {
        Raw::Calendar {
            year: Some(_),
            month: None,
            day: None,
        } => {
            let next = words_after(end, 4);
            let first = next.first().map(String::as_str).unwrap_or("");
            // "1415 gmt" is a clock time; "the 3700 block" a place.
            if matches!(first, "block" | "gmt" | "utc") {
                return true;
            }
            // "1995 to 2005 model", "1994-2002 models".
            let rest: Vec<&str> =
                if matches!(first, "to" | "through") || text[end..].starts_with('-') {
                    next.iter()
                        .map(String::as_str)
                        .skip_while(|w| {
                            matches!(*w, "to" | "through")
                                || w.bytes().all(|b| b.is_ascii_digit())
                                || w.is_empty()
                        })
                        .collect()
                } else {
                    next.iter().map(String::as_str).collect()
                };
            let rest: Vec<&str> = rest
                .into_iter()
                .skip_while(|w| COLOURS.contains(w))
                .collect();
            rest.first().is_some_and(|w| VEHICLE_MAKES.contains(w))
        }
        Raw::Season { year: None, .. }
        | Raw::Every {
            unit: DurationUnit::Day,
            times: None,
        } => {
            let written = &text[start..end];
            let capital = written.starts_with(|c: char| c.is_ascii_uppercase())
                && written[1..].starts_with(|c: char| c.is_ascii_lowercase());
            let is_season_or_daily =
                matches!(raw, Raw::Season { .. }) || written.eq_ignore_ascii_case("daily");
            let before = text[..start].trim_end_matches([' ', '\t']);
            let mid_sentence = before
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric() || matches!(c, ',' | ';' | '-'));
            // "since last Summer", "in the Spring": a time word before it keeps it a time.
            let timely = matches!(
                last_word(before).to_ascii_lowercase().as_str(),
                "last"
                    | "this"
                    | "next"
                    | "that"
                    | "early"
                    | "late"
                    | "mid"
                    | "the"
                    | "in"
                    | "during"
                    | "since"
                    | "until"
                    | "by"
                    | "each"
                    | "every"
                    | "past"
                    | "of"
            );
            is_season_or_daily && capital && mid_sentence && !timely && mixed_case(text)
        }
        Raw::Holiday { .. } => {
            let next = words_after(end, 1);
            next.first()
                .is_some_and(|w| FEAST_THINGS.contains(&w.as_str()))
        }
        _ => false,
    }
}

/// Whether the holiday name at `start..end` names a place: "Easter Island", "Christmas
/// Island"; and a feast that is also a town's name ("Corpus Christi", "Ascension")
/// after a preposition of place ("in Corpus Christi") or before a capitalised word that
/// is not a time's ("Corpus Christi police", "Corpus Christi, Texas").
fn holiday_is_a_place(text: &str, start: usize, end: usize) -> bool {
    let after = &text[end..];
    let next = next_word(after);
    if next.eq_ignore_ascii_case("island") || next.eq_ignore_ascii_case("islands") {
        return true;
    }
    let name = text[start..end].to_ascii_lowercase();
    let town = ["corpus christi", "ascension"]
        .iter()
        .any(|t| name.ends_with(t));
    if !town {
        return false;
    }
    let before = last_word(&text[..start]).to_ascii_lowercase();
    if ["in", "near", "from", "at", "of", "to", "outside"].contains(&before.as_str()) {
        return true;
    }
    let next = if next.is_empty() {
        after.strip_prefix(',').map(next_word).unwrap_or_default()
    } else {
        next
    };
    const TOWN_NOUNS: &[&str] = &[
        "police",
        "officers",
        "officials",
        "residents",
        "resident",
        "area",
        "man",
        "woman",
        "county",
        "city",
        "native",
        "teen",
    ];
    if TOWN_NOUNS.contains(&next) {
        return true;
    }
    next.starts_with(char::is_uppercase)
        && weekday_number(next).is_none()
        && month_number(next).is_none()
        && !["Day", "Sunday", "Thursday"].contains(&next)
}

/// Nouns of an age or of the people and things in it: after "today's" they make it
/// mean "nowadays" ("today's youth", "in today's world"), which TBAQ leaves untagged.
const ERA_NOUNS: &[&str] = &[
    "world",
    "society",
    "youth",
    "young",
    "generation",
    "generations",
    "children",
    "kids",
    "teenagers",
    "students",
    "families",
    "parents",
    "consumers",
    "workers",
    "people",
    "women",
    "men",
    "computers",
    "technology",
    "technologies",
    "culture",
    "standards",
];

/// Whether "today's" / "tomorrow's" at `start..end` names an age rather than a day: an
/// age noun among the next two words ("today's young voters", "today's personal
/// computers"), or "of today" / "of tomorrow" after one ("the children of tomorrow").
fn generic_day(text: &str, start: usize, end: usize) -> bool {
    let covered = text[start..end].to_ascii_lowercase();
    let day = covered.trim_end_matches("'s").trim_end_matches("\u{2019}s");
    if !matches!(day, "today" | "tomorrow") {
        return false;
    }
    if day.len() < covered.len() {
        return text[end..]
            .split(|c: char| !c.is_alphanumeric() && c != '-')
            .filter(|w| !w.is_empty())
            .take(2)
            .any(|w| ERA_NOUNS.contains(&w.to_ascii_lowercase().as_str()));
    }
    let before = text[..start].trim_end();
    let Some(rest) = before
        .strip_suffix("of")
        .or_else(|| before.strip_suffix("OF"))
    else {
        return false;
    };
    ERA_NOUNS.contains(&last_word(rest.trim_end()).to_ascii_lowercase().as_str())
}

/// Whether `s` begins with `prefix` (ASCII), ignoring ASCII case.
fn starts_with_ci(s: &str, prefix: &str) -> bool {
    s.as_bytes()
        .get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix.as_bytes()))
}

/// Whether the "now" at `start..end` is a discourse marker: it opens its sentence (after
/// any quotation mark) and a comma follows it ("Now, he says, the talks are over").
fn discourse_now(text: &str, start: usize, end: usize) -> bool {
    if !text[start..end].eq_ignore_ascii_case("now") || !text[end..].starts_with(',') {
        return false;
    }
    text[..start]
        .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '"' | '`' | '\'' | '“'))
        .chars()
        .next_back()
        .is_none_or(|c| matches!(c, '.' | '!' | '?'))
}

/// Auxiliaries that "recently" can follow inside a verb group ("have recently moved").
const AUXILIARIES: &[&str] = &[
    "have", "has", "had", "was", "were", "is", "are", "been", "be",
];

/// Whether the expression `raw` at `start..end` tells how or how often something happens
/// rather than when or for how long, which TBAQ leaves untagged:
/// - "recently" inside a verb group, after an auxiliary ("they have recently moved",
///   "was recently extended"; untagged 3 of 3, where "recently" elsewhere is tagged 12
///   of 16);
/// - "daily", "nightly" or "weekly" before a plural noun or after "average" ("daily
///   flights", "the average daily volume"; untagged 4 of 4; "average hourly earnings"
///   is tagged once, so "hourly" stays a time);
/// - minutes or seconds with no amount ("minutes apart", "seconds before the blast"):
///   closeness, not a length (untagged 3 of 3; bare "hours" is tagged in "the first
///   hours of", so it stays);
/// - "hours" after "early", "small" or "wee" ("in the early hours of Sunday"): a time of
///   night, not a length (untagged 1 of 1); the day after it is the time.
fn rate_or_manner(raw: Raw, text: &str, start: usize, end: usize) -> bool {
    let covered = text[start..end].to_ascii_lowercase();
    let before = last_word(&text[..start]).to_ascii_lowercase();
    match raw {
        Raw::Relative(TimeRefPoint::Past) => {
            covered == "recently" && AUXILIARIES.contains(&before.as_str())
        }
        Raw::Duration { .. } if matches!(covered.as_str(), "minutes" | "seconds") => true,
        // "in the early hours of Sunday": a time of night, the day said after it.
        Raw::Duration {
            amount: None,
            unit: DurationUnit::Hour,
            ..
        } => covered == "hours" && matches!(before.as_str(), "early" | "small" | "wee"),
        Raw::Every { times: None, .. }
            if matches!(covered.as_str(), "daily" | "nightly" | "weekly") =>
        {
            before == "average" || crate::quantity::is_plural_noun(next_word(&text[end..]))
        }
        _ => false,
    }
}

/// Whether "a week" at `start..end` is the period of a rate: it follows an amount ("$500
/// million a year", "358,000 a month", "5% a year") or an amount and what it counts
/// ("four flights a week", "24 hours a day"), and no word after it makes it a distance
/// in time ("seven a year ago", "a week earlier", "a week or two").
fn per_unit(text: &str, start: usize, end: usize) -> bool {
    let covered = text[start..end].to_ascii_lowercase();
    if !(covered.starts_with("a ") || covered.starts_with("an ") || covered.starts_with("per ")) {
        return false;
    }
    let after = &text[end..];
    if after.starts_with(['-', '\'', '’']) {
        return false;
    }
    const DISTANCE: [&str; 15] = [
        "ago", "earlier", "later", "before", "after", "or", "and", "of", "in", "to", "long", "old",
        "apart", "back", "ahead",
    ];
    let next = next_word(after).to_ascii_lowercase();
    if DISTANCE.contains(&next.as_str()) {
        return false;
    }
    // "a week from now", but "four flights a week from May".
    if next == "from" {
        let then = after.trim_start().get(4..).map_or("", next_word);
        if ["now", "today", "tomorrow", "then", "yesterday"]
            .iter()
            .any(|w| then.eq_ignore_ascii_case(w))
        {
            return false;
        }
    }
    let amount = |w: &str| {
        let w = w.trim_start_matches(['$', '£', '€']).trim_end_matches('%');
        let lower = w.to_ascii_lowercase();
        (!w.is_empty()
            && w.bytes()
                .all(|b| b.is_ascii_digit() || b == b',' || b == b'.'))
            && w.bytes().next().is_some_and(|b| b.is_ascii_digit())
            || !matches!(lower.as_str(), "a" | "an" | "one") && small_number(&lower).is_some()
            || matches!(
                lower.as_str(),
                "hundred" | "thousand" | "million" | "billion" | "dozen"
            )
    };
    let words: Vec<&str> = text[..start]
        .split_whitespace()
        .rev()
        .take(2)
        .map(|w| w.trim_end_matches([',', ';', ':']))
        .collect();
    match words.as_slice() {
        [w, ..] if amount(w) => true,
        [noun, n, ..] => crate::quantity::is_plural_noun(noun) && amount(n),
        _ => false,
    }
}

/// Whether the time at `start..end` is one end of a compound of two units joined by
/// "-to-" or "-over-" ("quarter-to-quarter", "year-over-year"): a kind of comparison.
fn unit_compound(text: &str, start: usize, end: usize) -> bool {
    const UNITS: [&str; 5] = ["day", "week", "month", "quarter", "year"];
    let unit_at_end = |s: &str| {
        let w = s
            .rsplit(|c: char| !c.is_ascii_alphabetic())
            .next()
            .unwrap_or("");
        UNITS.iter().any(|u| w.eq_ignore_ascii_case(u))
    };
    let joined = |s: &str| starts_with_ci(s, "-to-") || starts_with_ci(s, "-over-");
    let after = &text[end..];
    let ends_unit = unit_at_end(&text[start..end]);
    if ends_unit && joined(after) {
        return true;
    }
    // The second unit: "-to-quarter" before it ends a unit word.
    let before = &text[..start];
    ["-to-", "-over-"].iter().any(|j| {
        before.len() >= j.len()
            && before.is_char_boundary(before.len() - j.len())
            && before[before.len() - j.len()..].eq_ignore_ascii_case(j)
            && unit_at_end(&before[..before.len() - j.len()])
    })
}

/// Cues of the future, for [`future_context`]. Those marked `true` are told in the
/// past ("planned to", "scheduled") and count only before the time: a time that opens
/// its sentence dates the main verb, so in "On Friday, the government planned to pay"
/// it is the day of the planning.
const FUTURE_CUES: &[(&str, bool)] = &[
    (" will ", false),
    ("'ll ", false),
    ("’ll ", false),
    (" is due ", false),
    (" are due ", false),
    (" scheduled ", true),
    (" planned for ", true),
    (" expected to ", true),
    (" to be held ", false),
    (" set to ", false),
    (" plans to ", false),
    (" planned to ", true),
    (" planning to ", true),
    (" as soon as ", false),
    (" as early as ", false),
    (" is to ", false),
    (" are to ", false),
    (" must ", false),
    (" has to ", false),
    (" have to ", false),
    (" needs to ", false),
    (" need to ", false),
];

/// Verbs that put something off or draw it out: "postponed the hearing until Tuesday"
/// and "extended the deadline until Tuesday" wait for a Tuesday to come though the act
/// is past.
const PUT_OFF: &[&str] = &[
    " postponed ",
    " delayed ",
    " deferred ",
    " adjourned ",
    " put off ",
    " rescheduled ",
    " pushed back ",
    " extended ",
];

/// Whether the words before `at` in its clause speak of the future, or, for a time
/// opening its sentence (at `at..end`), the words of the clause after it ("On Tuesday,
/// the league plans to hold a news conference").
fn future_context(text: &str, at: usize, end: usize) -> bool {
    let from = clause_start(text, at);
    let padded = |s: &str| format!(" {} ", s.to_ascii_lowercase());
    let before = padded(&text[from..at]);
    if FUTURE_CUES.iter().any(|(cue, _)| before.contains(cue)) {
        return true;
    }
    // "postponed until Tuesday", "delayed until 9 a.m. Tuesday": the clock said before
    // the day does not part it from its "until".
    static CLOCK_AT_END: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)\s+(?:\d{1,2}(?::\d\d)?\s*(?:a\.?m\.?|p\.?m\.?)?|noon|midnight)(?:\s+[ecmp][sd]t)?[\s,]*(?:on\s+)?$",
        )
    });
    if PUT_OFF.iter().any(|v| before.contains(v)) {
        let unclocked = CLOCK_AT_END.replace(before.trim_end(), "");
        if unclocked.ends_with(" until") || unclocked.ends_with(" till") {
            return true;
        }
    }
    opening_clause(text, from, at, end).is_some_and(|rest| {
        let after = padded(rest);
        // "In September, it announced plans to acquire …": a past verb before the cue
        // tells of the past ("plans" is its object).
        FUTURE_CUES.iter().any(|(cue, past)| {
            !past && after.find(cue).is_some_and(|i| !has_past_verb(&after[..i]))
        })
    })
}

/// Whether some word of `words` is a verb in the simple past.
fn has_past_verb(words: &str) -> bool {
    lower_words(words).any(|w| is_past_verb(&w))
}

/// The words of `text`, lower-cased (an apostrophe stays inside a word).
fn lower_words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
}

/// Whether a lower-cased word is a verb in the simple past: one of [`PAST_VERBS`], or a
/// word in "-ed" that is not one of [`NOT_PAST_ED`].
pub(crate) fn is_past_verb(w: &str) -> bool {
    PAST_VERBS.contains(&w) || (w.len() >= 5 && w.ends_with("ed") && !NOT_PAST_ED.contains(&w))
}

/// Verbs in the simple past that are not also participles of a future plan, for
/// [`past_context`]; regular verbs are read from their "-ed" ending.
const PAST_VERBS: &[&str] = &[
    "was",
    "were",
    "did",
    "arose",
    "became",
    "began",
    "broke",
    "bought",
    "brought",
    "built",
    "came",
    "caught",
    "chose",
    "drove",
    "fell",
    "felt",
    "fled",
    "flew",
    "fought",
    "found",
    "gave",
    "got",
    "heard",
    "held",
    "kept",
    "knew",
    "led",
    "left",
    "lost",
    "made",
    "meant",
    "met",
    "oversaw",
    "paid",
    "ran",
    "rose",
    "sank",
    "saw",
    "sent",
    "shook",
    "sold",
    "sought",
    "spent",
    "spoke",
    "stood",
    "struck",
    "swore",
    "took",
    "thought",
    "threw",
    "underwent",
    "upheld",
    "went",
    "withdrew",
    "won",
    "wrote",
];

/// Modal verbs: a clause with one does not tell of a settled past.
const MODALS: &[&str] = &[
    "will", "would", "shall", "should", "may", "might", "can", "could", "must",
];

/// "-ed" words that are not verbs in the past tense, or that name a plan rather than
/// an event ("scheduled for March").
const NOT_PAST_ED: &[&str] = &[
    "based",
    "bed",
    "expected",
    "exceed",
    "feed",
    "hundred",
    "indeed",
    "limited",
    "need",
    "planned",
    "proceed",
    "red",
    "scheduled",
    "seed",
    "shed",
    "speed",
    "succeed",
    "united",
];

/// Whether the clause holding the time at bytes `at..end` tells of the past with a
/// verb in the simple past ("the strike began in November", "KKR bought the firm in
/// February"). Only the words before `at` count, unless the time opens its sentence
/// ("In January, the board named ..."): then the words after it, to the end of the
/// next clause, do. A form after a determiner or an auxiliary ("the proposed merger",
/// "will be completed", "has closed") is an adjective, a passive or a perfect, not the
/// simple past. A clause with a modal or an infinitive ("would be paid in January",
/// "agreed to buy it in February") does not count, nor a time after "until", "to",
/// "for" or "by", where a past act aimed ("postponed until January"), nor one after a
/// determiner ("the Jan. 14 deadline"), which dates a noun rather than the verb.
fn past_context(text: &str, at: usize, end: usize) -> bool {
    let from = clause_start(text, at);
    let before = &text[from..at];
    let words: Vec<String> = before
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    // "postponed until January", "moved the vote to March": a past act aimed ahead;
    // "gave no reason for the Jan. 14 deadline": the time names a noun's date.
    if words.last().is_some_and(|w| {
        [
            "until", "till", "to", "for", "by", "a", "an", "the", "its", "their", "his", "her",
        ]
        .contains(&w.as_str())
    }) {
        return false;
    }
    // A modal or an infinitive in the clause looks ahead or is hypothetical ("would be
    // paid on a still unspecified date in January", "agreed to buy it in February").
    if looks_ahead(&words) {
        return false;
    }
    // The time opens its sentence ("In January, the board named ...").
    let opening = opening_clause(text, from, at, end);
    let opens = opening.is_some();
    let scope: Vec<String> = match opening {
        // The time and its preposition open the clause: read on past the time.
        Some(rest) => rest
            .split(|c: char| !c.is_alphanumeric() && c != '\'')
            .filter(|w| !w.is_empty())
            .map(str::to_ascii_lowercase)
            .collect(),
        None => words,
    };
    let blocks = [
        "a", "an", "the", "its", "their", "his", "her", "this", "that", "be", "been", "being",
        "is", "are", "has", "have", "will", "would", "to",
    ];
    // "On Tuesday, the league plans to hold a news conference": the clause after an
    // opening time looks ahead as the words before a time do.
    if opens && looks_ahead(&scope) {
        return false;
    }
    // "said" and "told" report what follows them, which has its own tense ("said it
    // is calling the bonds on Dec. 7"); right before the time they date the saying
    // ("New Zealand said Friday").
    let reported = scope
        .iter()
        .rev()
        .find(|w| w.as_str() != "on")
        .is_some_and(|w| w == "said" || w == "told")
        && !opens;
    reported
        || scope.iter().enumerate().any(|(i, w)| {
            let prev = if i > 0 { scope[i - 1].as_str() } else { "" };
            is_past_verb(w) && !blocks.contains(&prev)
        })
}

/// Whether lower-cased `words` hold a modal verb or an infinitive ("to" before a word
/// that is not a number or a determiner): a clause that looks ahead or is hypothetical.
fn looks_ahead(words: &[String]) -> bool {
    words.iter().enumerate().any(|(i, w)| {
        MODALS.contains(&w.as_str())
            || w == "to"
                && words.get(i + 1).is_some_and(|n| {
                    !n.starts_with(|c: char| c.is_ascii_digit())
                        && ![
                            "a", "an", "the", "its", "their", "his", "her", "this", "that",
                        ]
                        .contains(&n.as_str())
                })
    })
}

/// When the time at `at..end`, in the clause beginning at `from`, opens its sentence
/// with at most a preposition before it ("In January, the board named ..."), the clause
/// after it, whose tense it takes; else `None`.
fn opening_clause(text: &str, from: usize, at: usize, end: usize) -> Option<&str> {
    let before_words = text[from..at]
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
        .count();
    let sentence_start = text[..from]
        .trim_end()
        .chars()
        .next_back()
        .is_none_or(|c| matches!(c, '.' | '!' | '?' | '\n'));
    if before_words > 1 || !sentence_start {
        return None;
    }
    let rest = text[end..].trim_start_matches([',', ' ']);
    let first = &rest[..clause_start_after(rest)];
    // "In January, a week after the anniversary, a clinic bombing in Birmingham, Ala.,
    // killed a guard": a first clause with no verb is an aside; the sentence's verb is
    // further on.
    if has_verb(first) {
        Some(first)
    } else {
        Some(&rest[..sentence_end(rest)])
    }
}

/// Whether some word of `clause` is a verb form that carries tense: a past form, a
/// modal, a form of "be" or "have", or a present form that plans ahead.
fn has_verb(clause: &str) -> bool {
    lower_words(clause).any(|w| {
        is_past_verb(&w)
            || MODALS.contains(&w.as_str())
            || matches!(
                w.as_str(),
                "is" | "are" | "am" | "has" | "have" | "had" | "plans" | "expects" | "says"
            )
    })
}

/// Where the sentence that `text` begins ends: "!", "?", or "." after a word of three
/// lower-case letters or more and before a space and a capital ("Ala., killed" and
/// "vs. Wade" go on), else the end of `text`.
fn sentence_end(text: &str) -> usize {
    let b = text.as_bytes();
    for (i, &c) in b.iter().enumerate() {
        match c {
            b'!' | b'?' | b'\n' => return i,
            b'.' => {
                let word = text[..i]
                    .bytes()
                    .rev()
                    .take_while(u8::is_ascii_lowercase)
                    .count();
                let next_capital = text[i + 1..]
                    .strip_prefix(' ')
                    .is_some_and(|r| r.starts_with(|ch: char| ch.is_ascii_uppercase()));
                if word >= 3 && (next_capital || i + 1 == b.len()) {
                    return i;
                }
            }
            _ => {}
        }
    }
    text.len()
}

/// Where the first clause of `text` ends: at a sentence end, comma, semicolon or
/// quotation mark.
fn clause_start_after(text: &str) -> usize {
    text.find(['.', '!', '?', ';', ',', '"', '`', '“', '”', '\n'])
        .unwrap_or(text.len())
}

/// The year that puts `month`/`day` nearest to `p`, a day ahead counting twice a day
/// back (news reports what happened), or the other way round when `future`; ties go to
/// the past. A month alone is the one containing `p` when it is `p`'s month. When the
/// clause tells of the past (`past`, and not `future`), a time after `p` is out.
fn nearest_year(p: Date, month: u8, day: Option<u8>, future: bool, past: bool) -> i32 {
    let pd = p.days_since_epoch();
    let mut best = p.year();
    let mut best_dist = i64::MAX;
    for y in [p.year() - 1, p.year(), p.year() + 1] {
        let d = day.unwrap_or(15).min(Date::days_in_month(y, month));
        let Ok(date) = Date::new(y, u32::from(month), u32::from(d)) else {
            continue;
        };
        let delta = date.days_since_epoch() - pd;
        let this_month = day.is_none() && y == p.year() && month as u32 == p.month();
        if past && !future && delta > 0 && !this_month {
            continue;
        }
        if future && !past && delta < 0 && !this_month {
            continue;
        }
        let dist = if this_month {
            0
        } else if (delta > 0) != future {
            delta.abs() * 4 + 1
        } else {
            delta.abs() * 2
        };
        if dist < best_dist {
            best_dist = dist;
            best = y;
        }
    }
    best
}

/// The Monday of the week containing `d`.
fn monday_of(d: Date) -> Date {
    d.add_days(-i64::from(d.weekday()))
}

fn add_months(year: i32, month: u8, n: i64) -> (i32, u8) {
    let idx = i64::from(year) * 12 + i64::from(month) - 1 + n;
    let y = idx.div_euclid(12) as i32;
    let m = (idx.rem_euclid(12) + 1) as u8;
    (y, m)
}

fn week_value(monday: Date) -> TimeValue {
    TimeValue {
        year: Some(monday.year()),
        month: Some(monday.month() as u8),
        day: Some(monday.day() as u8),
        grain: Grain::Week,
        ..TimeValue::UNKNOWN
    }
}

fn quarter_value(year: i32, q: u8) -> TimeValue {
    TimeValue {
        year: Some(year),
        month: Some((q - 1) * 3 + 1),
        day: None,
        grain: Grain::Quarter,
        ..TimeValue::UNKNOWN
    }
}

/// The last quarter completed before `p`: (year, quarter).
fn last_completed_quarter(p: Date) -> (i32, u8) {
    let current = ((p.month() - 1) / 3 + 1) as u8;
    if current == 1 {
        (p.year() - 1, 4)
    } else {
        (p.year(), current - 1)
    }
}

/// Anchors a raw expression against the publication date. `last_quarter` is the quarter
/// the text named last, the one "the quarter" and "a year earlier" refer to.
fn resolve(
    raw: Raw,
    published: Option<Date>,
    future: bool,
    past: bool,
    last_quarter: Option<(i32, u8)>,
) -> TimeRef {
    let point = |value: TimeValue| TimeRef::Point { value };
    match raw {
        Raw::Calendar { year, month, day } => {
            let year = match (year, month, published) {
                (Some(y), _, _) => Some(y),
                // A month or day without a year takes the nearest year, leaning to the past
                // (news reports what happened) unless the clause speaks of the future.
                (None, Some(m), Some(p)) => Some(nearest_year(p, m, day, future, past)),
                (None, _, None) => None,
                (None, None, Some(_)) => return TimeRef::Unresolved,
            };
            match (year, month, day) {
                (y, Some(m), Some(d)) => {
                    if let Some(y) = y {
                        if Date::new(y, u32::from(m), u32::from(d)).is_err() {
                            return TimeRef::Unresolved;
                        }
                    } else if d > Date::days_in_month(2024, m) {
                        return TimeRef::Unresolved;
                    }
                    point(TimeValue {
                        year: y,
                        month: Some(m),
                        day: Some(d),
                        grain: Grain::Day,
                        ..TimeValue::UNKNOWN
                    })
                }
                (y, Some(m), None) => point(TimeValue::month(y, m)),
                (Some(y), None, _) => point(TimeValue::year(y)),
                (None, None, _) => TimeRef::Unresolved,
            }
        }
        Raw::Decade(y) => point(TimeValue {
            year: Some(y),
            month: None,
            day: None,
            grain: Grain::Decade,
            ..TimeValue::UNKNOWN
        }),
        Raw::Century(y) => point(TimeValue {
            year: Some(y),
            grain: Grain::Century,
            ..TimeValue::UNKNOWN
        }),
        Raw::Season {
            season,
            year,
            shift,
        } => {
            let year = match (year, shift, published) {
                (Some(y), _, _) => y,
                (None, Some(s), Some(p)) => p.year() + s,
                _ => return TimeRef::Unresolved,
            };
            point(TimeValue {
                year: Some(year),
                month: Some(season * 3),
                day: None,
                grain: Grain::Season,
                ..TimeValue::UNKNOWN
            })
        }
        Raw::LatestSeason(season) => match published {
            Some(p) => {
                let begun = u32::from(season) * 3 < p.month();
                point(TimeValue {
                    year: Some(p.year() - i32::from(!begun)),
                    month: Some(season * 3),
                    day: None,
                    grain: Grain::Season,
                    ..TimeValue::UNKNOWN
                })
            }
            None => TimeRef::Unresolved,
        },
        Raw::Weekday {
            weekday,
            shift,
            part,
        } => {
            let Some(p) = published else {
                return TimeRef::Unresolved;
            };
            let pw = i64::from(p.weekday());
            let w = i64::from(weekday);
            let back = (pw - w).rem_euclid(7); // days back to the latest such day ≤ P
            let ahead = (w - pw).rem_euclid(7); // days ahead to the first such day ≥ P
            let offset = match shift {
                -1 => -(if back == 0 { 7 } else { back }),
                1 => {
                    if ahead == 0 {
                        7
                    } else {
                        ahead
                    }
                }
                _ if future => ahead,
                // The day after P, in a clause not told in the simple past: news names
                // tomorrow by its weekday ("talks resume Tuesday"), while a day six
                // days back is rarely named by its weekday alone.
                _ if ahead == 1 && !past => 1,
                _ => -back,
            };
            point(with_part(TimeValue::day(p.add_days(offset)), part))
        }
        Raw::RelativeDay { days, part } => match published {
            Some(p) => point(with_part(TimeValue::day(p.add_days(days)), part)),
            None => TimeRef::Unresolved,
        },
        // A lone "midnight" is the one that began the publication day.
        Raw::Clock {
            hour: MIDNIGHT,
            minute,
        } => match published {
            Some(p) => point(at_clock(TimeValue::day(p), 0, minute)),
            None => TimeRef::Unresolved,
        },
        Raw::Clock { hour, minute } => match published {
            Some(p) => point(at_clock(TimeValue::day(p), hour, minute)),
            None => TimeRef::Unresolved,
        },
        Raw::Ago { n, unit } => {
            let Some(p) = published else {
                return TimeRef::Unresolved;
            };
            match unit {
                Grain::Day => point(TimeValue::day(p.add_days(-n))),
                Grain::Week => point(week_value(monday_of(p.add_days(-7 * n)))),
                Grain::Month => {
                    let (y, m) = add_months(p.year(), p.month() as u8, -n);
                    point(TimeValue::month(Some(y), m))
                }
                Grain::Year => point(TimeValue::year(p.year() - n as i32)),
                Grain::Decade => point(TimeValue {
                    year: Some(p.year() - 10 * n as i32),
                    month: None,
                    day: None,
                    grain: Grain::Decade,
                    ..TimeValue::UNKNOWN
                }),
                _ => TimeRef::Unresolved,
            }
        }
        Raw::MonthShift { month, shift } => {
            let Some(p) = published else {
                return TimeRef::Unresolved;
            };
            let pm = p.month() as u8;
            let year = match shift {
                -1 if month < pm => p.year(),
                -1 => p.year() - 1,
                1 if month > pm => p.year(),
                1 => p.year() + 1,
                _ => p.year(),
            };
            point(TimeValue::month(Some(year), month))
        }
        // Resolved against the text's last time, in `find_times`.
        // Read in `find_times_with`, from the last time the text gave (or P).
        Raw::Anaphoric { .. } | Raw::AnaphoricPart { .. } | Raw::WeekdayFrom { .. } => {
            TimeRef::Unresolved
        }
        Raw::WeekOfMonth { n, month, year } => {
            let whole = resolve(
                Raw::Calendar {
                    year,
                    month: Some(month),
                    day: None,
                },
                published,
                future,
                past,
                last_quarter,
            );
            let TimeRef::Point { value } = whole else {
                return whole;
            };
            let Some(y) = value.year else {
                return TimeRef::Unresolved;
            };
            let day = if n > 0 {
                4 + 7 * (u32::from(n.unsigned_abs()) - 1)
            } else {
                u32::from(Date::days_in_month(y, month)) - 3
            };
            match Date::new(y, u32::from(month), day) {
                Ok(d) => point(week_value(monday_of(d))),
                Err(_) => TimeRef::Unresolved,
            }
        }
        Raw::DayOfMonth { day } => {
            let Some(p) = published else {
                return TimeRef::Unresolved;
            };
            // This month, then the months after (or before) it that have the day.
            let step: i64 = if future { 1 } else { -1 };
            let this = i64::from(p.day());
            let first = if future && i64::from(day) > this || !future && i64::from(day) <= this {
                0
            } else {
                step
            };
            (0..3)
                .map(|k| first + step * k)
                .find_map(|shift| {
                    let (y, m) = add_months(p.year(), p.month() as u8, shift);
                    Date::new(y, u32::from(m), u32::from(day)).ok()
                })
                .map_or(TimeRef::Unresolved, |d| point(TimeValue::day(d)))
        }
        Raw::Overnight => match published {
            Some(p) => point(with_part(TimeValue::day(p), Some(DayPart::Night))),
            None => TimeRef::Unresolved,
        },
        Raw::MonthOfYear { month, shift } => match published {
            Some(p) => point(TimeValue::month(Some(p.year() + shift), month)),
            None => TimeRef::Unresolved,
        },
        Raw::Weekend { shift } => {
            let Some(p) = published else {
                return TimeRef::Unresolved;
            };
            let on_weekend = p.weekday() >= 5;
            let saturday = monday_of(p).add_days(5);
            let weeks = match shift {
                Some(0) => 0,
                Some(1) if on_weekend => 1,
                Some(1) => 0,
                // "the weekend before last", "the weekend after next".
                Some(s) if s <= -2 => -2,
                Some(s) if s >= 2 => i64::from(on_weekend) + 1,
                Some(_) => -1,
                None if on_weekend || future => 0,
                None => -1,
            };
            point(TimeValue::weekend(saturday.add_days(7 * weeks)))
        }
        Raw::Quarter(q) => {
            let Some(p) = published else {
                return TimeRef::Unresolved;
            };
            let first_month = (q - 1) * 3 + 1;
            let year = if u32::from(first_month) > p.month() {
                p.year() - 1
            } else {
                p.year()
            };
            point(TimeValue {
                year: Some(year),
                month: Some(first_month),
                day: None,
                grain: Grain::Quarter,
                ..TimeValue::UNKNOWN
            })
        }
        Raw::QuarterOf { q, year, shift } => match (year, published) {
            (Some(y), _) => point(quarter_value(y, q)),
            (None, Some(p)) => point(quarter_value(p.year() + shift, q)),
            (None, None) => TimeRef::Unresolved,
        },
        Raw::HalfOf { half, year, shift } => match (year, published) {
            (Some(y), _) => point(TimeValue::half(y, half)),
            (None, Some(p)) => point(TimeValue::half(p.year() + shift, half)),
            (None, None) => TimeRef::Unresolved,
        },
        // Every week's: no anchoring.
        Raw::EveryWeekday { weekday, part } => TimeRef::Set {
            every: DurationUnit::Week,
            on: Some(TimeValue::every_weekday(weekday, part)),
            times: None,
        },
        Raw::Every { unit, times } => TimeRef::Set {
            every: unit,
            on: None,
            times,
        },
        Raw::RefQuarter {
            year,
            shift,
            latest,
        } => {
            let last = if latest { None } else { last_quarter };
            let Some((ly, lq)) = last.or_else(|| published.map(last_completed_quarter)) else {
                return TimeRef::Unresolved;
            };
            point(quarter_value(year.unwrap_or(ly + shift), lq))
        }
        Raw::Holiday {
            holiday,
            year: Some(y),
            ..
        } => match forward::holiday_date(holiday, y) {
            Some(d) => point(TimeValue::day(d)),
            None => TimeRef::Unresolved,
        },
        Raw::Holiday { holiday, shift, .. } => {
            let Some(p) = published else {
                return TimeRef::Unresolved;
            };
            let pd = p.days_since_epoch();
            // The nearest one, leaning to the past as days without a year do.
            let best = (p.year() - 1..=p.year() + 1)
                .filter_map(|y| forward::holiday_date(holiday, y))
                .filter(|d| match shift {
                    -1 => d.days_since_epoch() < pd,
                    1 => d.days_since_epoch() > pd,
                    _ => true,
                })
                .min_by_key(|d| {
                    let delta = d.days_since_epoch() - pd;
                    if (delta > 0) != future {
                        delta.abs() * 4 + 1
                    } else {
                        delta.abs() * 2
                    }
                });
            match best {
                Some(d) => point(TimeValue::day(d)),
                None => TimeRef::Unresolved,
            }
        }
        Raw::YearLength => TimeRef::Duration {
            amount: Some(1),
            unit: DurationUnit::Year,
            half: false,
        },
        Raw::CurrentQuarter => match published {
            Some(p) => point(quarter_value(p.year(), ((p.month() - 1) / 3 + 1) as u8)),
            None => TimeRef::Unresolved,
        },
        Raw::Duration { amount, unit, half } => TimeRef::Duration { amount, unit, half },
        Raw::Relative(point) => TimeRef::Relative { point },
        Raw::RelativePeriod { unit, shift } => {
            let Some(p) = published else {
                return TimeRef::Unresolved;
            };
            let s = i64::from(shift);
            match unit {
                Grain::Week => point(week_value(monday_of(p).add_days(7 * s))),
                Grain::Month => {
                    let (y, m) = add_months(p.year(), p.month() as u8, s);
                    point(TimeValue::month(Some(y), m))
                }
                Grain::Year => point(TimeValue::year(p.year() + shift)),
                Grain::Decade => point(TimeValue {
                    year: Some(p.year() + 10 * shift),
                    month: None,
                    day: None,
                    grain: Grain::Decade,
                    ..TimeValue::UNKNOWN
                }),
                _ => TimeRef::Unresolved,
            }
        }
    }
}

/// "that year", "the following month", "the next day": the period of `unit` holding
/// the text's last time `last`, moved by `shift` units. `Unresolved` when there is no
/// such time or it is not known to the unit ("the next day" after "in 1998").
/// "the day" or "N days" right before the "after" or "before" at `at`: where that
/// phrase starts and the days it counts from the time after the signal (negative
/// before it).
fn days_from_signal(text: &str, at: usize) -> Option<(usize, i64)> {
    static DAYS: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)\b(?:(?:the|a|one)\s+day|(?P<n>two|three|four|five|six|seven|eight|nine|ten|[2-9]|[1-3]\d)\s+days)\s+$",
        )
    });
    let rest = text.get(at..)?;
    let sign = if starts_with_ci(rest, "after ") {
        1
    } else if starts_with_ci(rest, "before ") {
        -1
    } else {
        return None;
    };
    let m = DAYS.captures(text.get(..at)?)?;
    let n = match m.name("n") {
        None => 1,
        Some(w) => small_number(w.as_str())?,
    };
    Some((m.get(0)?.start(), sign * n))
}

/// The `weekday` (0 Monday) strictly before `d` (`dir` < 0) or strictly after it.
fn weekday_from(d: Date, weekday: u32, dir: i32) -> Date {
    let (dw, w) = (i64::from(d.weekday()), i64::from(weekday));
    if dir < 0 {
        let back = (dw - w).rem_euclid(7);
        d.add_days(-(if back == 0 { 7 } else { back }))
    } else {
        let ahead = (w - dw).rem_euclid(7);
        d.add_days(if ahead == 0 { 7 } else { ahead })
    }
}

fn anaphoric(last: Option<TimeValue>, unit: Grain, shift: i32) -> TimeRef {
    let Some(last) = last else {
        return TimeRef::Unresolved;
    };
    let s = i64::from(shift);
    let value = match (unit, last.year, last.month, last.as_date()) {
        (Grain::Day, _, _, Some(d)) => Some(TimeValue::day(d.add_days(s))),
        (Grain::Week, _, _, Some(d)) => Some(week_value(monday_of(d).add_days(7 * s))),
        (Grain::Month, Some(y), Some(m), _) if last.grain <= Grain::Month => {
            let (y, m) = add_months(y, m, s);
            Some(TimeValue::month(Some(y), m))
        }
        (Grain::Year, Some(y), _, _) if last.grain != Grain::Decade => {
            Some(TimeValue::year(y + shift))
        }
        _ => None,
    };
    value.map_or(TimeRef::Unresolved, |value| TimeRef::Point { value })
}

static SINCE_BEFORE: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)\b(since|after)\s+(?:the\s+)?$"));
static UNTIL_BEFORE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b(until|till|before|through|prior\s+to|up\s+to)\s+(?:the\s+)?$"));
/// "since" a few words before the time in the same clause: "since the United States'
/// withdrawal from Afghanistan in 2021".
static SINCE_FAR: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)\bsince\s+[^,.;:!?()\d]{1,80}$"));

/// The patterns as they run on an [`AsciiView`]: `’` becomes the byte 0x02 that the
/// view writes for it.
static ASCII_PATTERNS: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    PATTERNS
        .iter()
        .map(|p| {
            let source = p.regex.as_str();
            if source.contains('’') {
                re(&source.replace('’', r"\x{02}"))
            } else {
                p.regex.clone()
            }
        })
        .collect()
});

/// A text with non-ASCII characters, rewritten one byte per character so that the
/// patterns match it exactly as they match the text, but fast: a regex with Unicode
/// word boundaries gives up its DFA at the first non-ASCII byte and falls back to a
/// slow engine for the rest of the text (16 times slower on such texts).
///
/// Each character becomes one byte, so counted repetitions count the same: ASCII stays
/// itself; `’` (the only non-ASCII character in the patterns) becomes 0x02, matched by
/// [`ASCII_PATTERNS`]; Unicode white space becomes 0x0B (white space too); another word
/// character (`\w`: "é", "ß") becomes `_` (a word character no pattern names); any
/// other character becomes 0x01 (neither word nor space, like the punctuation it
/// replaces). A text holding a non-ASCII character that a pattern could match as an
/// ASCII letter or a digit (the Kelvin sign, long s, other scripts' digits) gets no view.
struct AsciiView {
    text: String,
    /// The byte offset in the original text of each byte of `text`, and its length.
    orig: Vec<usize>,
}

impl AsciiView {
    fn new(text: &str) -> Option<AsciiView> {
        static LIKE_ASCII: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)[a-z]|\d"));
        static WORD: LazyLock<Regex> = LazyLock::new(|| re(r"\w"));
        let mut out = Vec::with_capacity(text.len());
        let mut orig = Vec::with_capacity(text.len() + 1);
        let mut buf = [0u8; 4];
        for (i, c) in text.char_indices() {
            let b = if c.is_ascii() {
                c as u8
            } else {
                let s: &str = c.encode_utf8(&mut buf);
                if LIKE_ASCII.is_match(s) {
                    return None;
                }
                if c == '’' {
                    0x02
                } else if c.is_whitespace() {
                    0x0B
                } else if WORD.is_match(s) {
                    b'_'
                } else {
                    0x01
                }
            };
            out.push(b);
            orig.push(i);
        }
        orig.push(text.len());
        Some(AsciiView {
            text: String::from_utf8(out).ok()?,
            orig,
        })
    }

    /// The view's offset of a character boundary of the original text.
    fn to_view(&self, at: usize) -> usize {
        self.orig.partition_point(|&o| o < at)
    }
}

/// Where each pattern can match in a text (see [`gate`]), from the patterns as they run
/// on an ASCII text or view.
pub(crate) static GATE: LazyLock<gate::Gate> = LazyLock::new(|| {
    let sources: Vec<&str> = ASCII_PATTERNS.iter().map(Regex::as_str).collect();
    gate::Gate::new(&sources)
});

/// The matches of a pattern in `hay`, as `captures_iter` (or `find_iter`) over the
/// whole of it would give them, found only in `windows`: ranges that hold every match
/// (each whole inside one of them) and end after a word, so that a word boundary at a
/// window's end reads as in the whole text. `search(hay, at)` is the leftmost match
/// from `at`.
fn each_match<'h, T>(
    hay: &'h str,
    windows: &[(usize, usize)],
    search: impl Fn(&'h str, usize) -> Option<T>,
    span: impl Fn(&T) -> (usize, usize),
    mut found: impl FnMut(T) -> Option<()>,
) -> Option<()> {
    let mut at = 0;
    for &(from, to) in windows {
        let mut pos = at.max(from);
        while pos < to {
            let Some(m) = search(&hay[..to], pos) else {
                break;
            };
            let (s, e) = span(&m);
            if e <= s {
                // Patterns never match the empty string (the gate runs them over the
                // whole text if they could).
                return None;
            }
            pos = e;
            at = e;
            found(m)?;
        }
    }
    Some(())
}

/// Candidates from every pattern, each with its span and raw reading. Through `view`
/// when given: matches are found on it and their groups read from `text`; `None` if
/// the two ever disagree (they must not), so that the caller can do without the view.
/// Each pattern runs only where the [`gate`] says it can match; a text that is not
/// ASCII and has no view is searched whole.
fn candidates(
    text: &str,
    view: Option<&AsciiView>,
    hits: Option<&[gate::Hit]>,
) -> Option<Vec<(usize, usize, Raw)>> {
    let mut found: Vec<(usize, usize, Raw)> = Vec::new();
    let mut add = |pattern: &Pattern, c: &regex::Captures<'_>| {
        let Some(all) = c.get(0) else { return };
        if let Some(raw) = (pattern.build)(c) {
            // A group named `from` starts the span, one named `end` ends it: what lies
            // outside them is context.
            let start = match c.name("from") {
                Some(m) => m.start(),
                None => trim_leading_cue(text, all.start(), all.end()),
            };
            let end = c.name("end").map_or(all.end(), |m| m.start());
            found.push((start, end, raw));
        }
    };
    let span = |m: &regex::Match<'_>| (m.start(), m.end());
    let cspan = |c: &regex::Captures<'_>| c.get(0).map_or((0, 0), |m| (m.start(), m.end()));
    match view {
        None if !text.is_ascii() => {
            for pattern in PATTERNS.iter() {
                for c in pattern.regex.captures_iter(text) {
                    add(pattern, &c);
                }
            }
        }
        None => {
            let windows = GATE.windows_with(text, hits);
            for (pattern, w) in PATTERNS.iter().zip(&windows) {
                let Some(w) = w else {
                    for c in pattern.regex.captures_iter(text) {
                        add(pattern, &c);
                    }
                    continue;
                };
                each_match(
                    text,
                    w,
                    |h, at| pattern.regex.captures_at(h, at),
                    cspan,
                    |c| {
                        add(pattern, &c);
                        Some(())
                    },
                )?;
            }
        }
        Some(v) => {
            let windows = GATE.windows(&v.text);
            for ((pattern, fast), w) in PATTERNS.iter().zip(ASCII_PATTERNS.iter()).zip(&windows) {
                // A match on the view, read again from the text at the same place.
                let from_view = |m: regex::Match<'_>| {
                    let (s, e) = (v.orig[m.start()], v.orig[m.end()]);
                    let c = pattern.regex.captures_at(text, s)?;
                    let all = c.get(0)?;
                    if (all.start(), all.end()) != (s, e) {
                        return None;
                    }
                    add(pattern, &c);
                    Some(())
                };
                match w {
                    None => fast.find_iter(&v.text).try_for_each(from_view)?,
                    Some(w) => {
                        each_match(&v.text, w, |h, at| fast.find_at(h, at), span, from_view)?
                    }
                }
            }
        }
    }
    Some(found)
}

/// Every temporal expression in `text`, in text order, not overlapping, normalised
/// against `published` when given.
pub fn find_times(text: &str, published: Option<Date>) -> Vec<(Span, TimeRef)> {
    find_times_with(text, published, None)
}

/// [`find_times`], with the occurrences of the gate's literals in `text` (ASCII) when
/// they were found already (by the extraction's joint scan, [`crate::literal_gate::Joint`]).
pub(crate) fn find_times_with(
    text: &str,
    published: Option<Date>,
    hits: Option<&[gate::Hit]>,
) -> Vec<(Span, TimeRef)> {
    let view = if text.is_ascii() {
        None
    } else {
        AsciiView::new(text)
    };
    // Candidates from every pattern; longer matches win overlaps, then earlier ones.
    let (mut found, view) = match candidates(text, view.as_ref(), hits) {
        Some(found) => (found, view),
        None => (candidates(text, None, None).unwrap_or_default(), None),
    };
    // The signal word before a time ("since", "until"), found on the view when there is
    // one: the match's start in `text`.
    let signal = |regex: &Regex, start: usize| -> Option<usize> {
        match &view {
            Some(v) => regex
                .find(&v.text[..v.to_view(start)])
                .map(|m| v.orig[m.start()]),
            None => regex.find(&text[..start]).map(|m| m.start()),
        }
    };
    found.sort_by(|a, b| (b.1 - b.0).cmp(&(a.1 - a.0)).then(a.0.cmp(&b.0)));
    let mut chosen: Vec<(usize, usize, Raw)> = Vec::new();
    for f in found {
        if !chosen.iter().any(|c| f.0 < c.1 && c.0 < f.1) {
            chosen.push(f);
        }
    }
    chosen.sort_by_key(|c| c.0);

    let mut out = Vec::with_capacity(chosen.len());
    let mut last_quarter: Option<(i32, u8)> = None;
    // The last time the text gave, for "that year" and "the following day".
    let mut last_time: Option<TimeValue> = None;
    // What each output expression is, for merging neighbours.
    let mut kinds: Vec<Piece> = Vec::with_capacity(chosen.len());
    for (start, end, raw) in chosen {
        // "the 2000 people" is a count: a year after "the" must not head a plural noun.
        let lower = text[start..end].to_ascii_lowercase();
        // A capitalised name after it is an event ("the 2000 Olympics").
        if lower.starts_with("the ") && lower[4..].bytes().all(|b| b.is_ascii_digit()) {
            let next = next_word(&text[end..]);
            if crate::quantity::is_plural_noun(next) && !next.starts_with(char::is_uppercase) {
                continue;
            }
        }
        // "ABC's \"This Week\"", "the film ``High Noon''": part of a title, not a time.
        if in_quoted_title(text, start, end) {
            continue;
        }
        // "in Corpus Christi", "Corpus Christi police": the Texas city, not the feast.
        if matches!(raw, Raw::Holiday { .. }) && holiday_is_a_place(text, start, end) {
            continue;
        }
        // "the 1900 block", "a 2014 black Chevrolet", "Ed Winter", "Columbia Daily
        // Herald", "Christmas presents": no time (crime reports).
        if not_a_time_here(raw, text, start, end) {
            continue;
        }
        // "this march", "we may": in a text with capitals, a month name written in
        // lower case that is also a common word is that word.
        if matches!(
            raw,
            Raw::Calendar {
                month: Some(3 | 5),
                day: None,
                ..
            } | Raw::MonthShift { month: 3 | 5, .. }
        ) && mixed_case(text)
        {
            let lower = text[start..end].to_ascii_lowercase();
            let at = lower.find("march").or_else(|| lower.find("may"));
            if at.is_some_and(|i| text[start + i..].starts_with(|c: char| c.is_ascii_lowercase())) {
                continue;
            }
        }
        // "March 3 through the 6th": the second day of that stretch, read with its first
        // day below (`second_days`), not a day of its own.
        if matches!(raw, Raw::DayOfMonth { .. }) {
            let joined = out.last().is_some_and(|(prev, _): &(Span, TimeRef)| {
                text.get(Span::end(*prev)..start).is_some_and(|gap| {
                    matches!(
                        gap.trim().to_ascii_lowercase().as_str(),
                        "and" | "or" | "to" | "through" | "thru" | "till" | "until" | "-" | "–"
                    )
                })
            });
            if joined {
                continue;
            }
        }
        // "will one day be": some day to come, not a day's length.
        let raw = match raw {
            Raw::Duration {
                amount: Some(1),
                unit: DurationUnit::Day,
                ..
            } if text[start..end].eq_ignore_ascii_case("one day")
                && MODALS.contains(&last_word(&text[..start]).to_ascii_lowercase().as_str()) =>
            {
                Raw::Relative(TimeRefPoint::Future)
            }
            other => other,
        };
        // "four flights a week", "$500 million a year", "24 hours a day": a rate, so a set.
        let raw = match raw {
            Raw::Duration {
                amount: Some(1),
                unit,
                half: false,
            } if per_unit(text, start, end) => Raw::Every { unit, times: None },
            other => other,
        };
        // "today's youth", "the people of tomorrow": the present or coming age, not a day.
        if matches!(raw, Raw::RelativeDay { part: None, .. }) && generic_day(text, start, end) {
            continue;
        }
        // "USA Today", "VOA Today": after a name in capitals, "Today" is part of the name
        // of a paper or a programme.
        if matches!(raw, Raw::RelativeDay { part: None, .. }) && &text[start..end] == "Today" {
            let prev = last_word(&text[..start]);
            if prev.len() >= 2 && prev.bytes().all(|b| b.is_ascii_uppercase()) {
                continue;
            }
        }
        // "Now, he says, ...": a "now" that opens its sentence, set off by a comma, is a
        // discourse marker rather than the present.
        if matches!(raw, Raw::Relative(TimeRefPoint::Present)) && discourse_now(text, start, end) {
            continue;
        }
        if rate_or_manner(raw, text, start, end) {
            continue;
        }
        // "the then current price": current at a time gone by.
        let (start, raw) = if matches!(raw, Raw::Relative(TimeRefPoint::Present))
            && text[start..end].eq_ignore_ascii_case("current")
            && last_word(&text[..start]).eq_ignore_ascii_case("then")
        {
            (
                text[..start].trim_end().len() - "then".len(),
                Raw::Relative(TimeRefPoint::Past),
            )
        } else {
            (start, raw)
        };
        // "the past century", "for the past three summers": "past" modifies the period
        // after it, which is the expression (or none this reader knows), not "the past".
        if matches!(raw, Raw::Relative(TimeRefPoint::Past))
            && text[start..end].to_ascii_lowercase().ends_with("the past")
        {
            let next = next_word(&text[end..]);
            if duration_unit(next).is_some()
                || season_number(next.trim_end_matches('s')).is_some()
                || small_number(next).is_some()
                    && !next.eq_ignore_ascii_case("a")
                    && !next.eq_ignore_ascii_case("an")
                || next.starts_with(|c: char| c.is_ascii_digit())
                || ["few", "several", "couple", "many"]
                    .iter()
                    .any(|w| next.eq_ignore_ascii_case(w))
            {
                continue;
            }
        }
        // "the quarter-to-quarter comparison", "year-over-year growth": a compound
        // adjective of comparison, not a time.
        if unit_compound(text, start, end) {
            continue;
        }
        // "high noon": the idiom, not the hour.
        if matches!(raw, Raw::Clock { .. })
            && text[start..end].eq_ignore_ascii_case("noon")
            && last_word(&text[..start]).eq_ignore_ascii_case("high")
        {
            continue;
        }
        // "a second time": an ordinal, not a duration.
        if text[start..end].eq_ignore_ascii_case("a second") {
            continue;
        }
        // "a 6-year-old", "52 years old": an age, not a time.
        if matches!(raw, Raw::Duration { .. }) {
            let after = text[end..].trim_start_matches(['-', ' ']);
            if starts_with_ci(after, "old") {
                continue;
            }
        }
        // "three-quarters of the vote", "a quarter of them": a fraction, not a time.
        if let Raw::Duration {
            unit: DurationUnit::Quarter,
            ..
        } = raw
        {
            let lower = text[start..end].to_ascii_lowercase();
            if lower.contains('-')
                || starts_with_ci(&text[end..], " of ") && lower.starts_with("a ")
            {
                continue;
            }
        }
        let covered = &text[start..end];
        // A year alone: not an amount ("$1990", "1990%") nor a count ("1990 people").
        if covered.len() == 4 && covered.bytes().all(|b| b.is_ascii_digit()) {
            let prev = text[..start].chars().next_back();
            let after = &text[end..];
            let next = next_word(after);
            if matches!(prev, Some('$' | '#' | '.' | ',' | '-' | '/'))
                || after.starts_with(['%', '.', ','].as_slice())
                    && after[1..].starts_with(|c: char| c.is_ascii_digit())
                || after.starts_with('%')
                || crate::quantity::is_plural_noun(next)
            {
                continue;
            }
        }
        // "a year earlier" in a sentence about a quarter is that quarter a year before.
        let raw = match raw {
            Raw::Ago {
                n: 1,
                unit: Grain::Year,
            }
            | Raw::RelativePeriod {
                unit: Grain::Year,
                shift: -1,
            } if !months_named_last(text, start)
                && (sentence_of(text, start)
                    .to_ascii_lowercase()
                    .contains("quarter")
                    || last_quarter.is_some() && matches!(raw, Raw::Ago { .. })) =>
            {
                Raw::RefQuarter {
                    year: None,
                    shift: -1,
                    latest: false,
                }
            }
            other => other,
        };
        // "ahead of the weekend" looks forward from the time of writing.
        let ahead = matches!(raw, Raw::Weekend { shift: None })
            && text[..start]
                .to_ascii_lowercase()
                .trim_end()
                .ends_with("ahead of");
        // "since March": a time an open interval runs from is past.
        let since = signal(&SINCE_BEFORE, start).is_some_and(|m| {
            text[m..]
                .get(..5)
                .is_some_and(|w| w.eq_ignore_ascii_case("since"))
        }) || signal(&SINCE_FAR, start).is_some();
        let future = !since && (ahead || future_context(text, start, end));
        // "each July", "every March": a month of every year, with no year of its own
        // (TimeML `XXXX-07`); the span takes the quantifier in.
        let every = match raw {
            Raw::Calendar {
                year: None,
                month: Some(m),
                day: None,
            } => {
                let word = last_word(&text[..start]);
                (word.eq_ignore_ascii_case("each") || word.eq_ignore_ascii_case("every"))
                    .then(|| (text[..start].trim_end().len() - word.len(), m))
            }
            _ => None,
        };
        let (start, value) = match (every, raw) {
            (Some((from, m)), _) => (
                from,
                TimeRef::Set {
                    every: DurationUnit::Year,
                    on: Some(TimeValue::month(None, m)),
                    times: None,
                },
            ),
            (None, Raw::Anaphoric { unit, shift }) => (start, anaphoric(last_time, unit, shift)),
            (None, Raw::Overnight) => {
                let story_day = last_time.and_then(|v| v.as_date()).filter(|&d| {
                    published.is_some_and(|p| {
                        (0..7).contains(&(p.days_since_epoch() - d.days_since_epoch()))
                    })
                });
                match story_day {
                    Some(d) => (
                        start,
                        TimeRef::Point {
                            value: with_part(TimeValue::day(d.add_days(-1)), Some(DayPart::Night)),
                        },
                    ),
                    None => (start, resolve(raw, published, future, false, last_quarter)),
                }
            }
            (None, Raw::WeekdayFrom { weekday, dir, part }) => (
                start,
                match last_time.and_then(|v| v.as_date()).or(published) {
                    Some(d) => TimeRef::Point {
                        value: with_part(TimeValue::day(weekday_from(d, weekday, dir)), part),
                    },
                    None => TimeRef::Unresolved,
                },
            ),
            (None, Raw::AnaphoricPart { days, part }) => (
                start,
                match last_time.and_then(|v| v.as_date()) {
                    Some(d) => TimeRef::Point {
                        value: with_part(TimeValue::day(d.add_days(days)), Some(part)),
                    },
                    None => TimeRef::Unresolved,
                },
            ),
            (None, _) => (
                start,
                resolve(
                    raw,
                    published,
                    future,
                    matches!(
                        raw,
                        Raw::Calendar { year: None, .. }
                            | Raw::Weekday { shift: 0, .. }
                            | Raw::WeekOfMonth { year: None, .. }
                    ) && (since || past_context(text, start, end)),
                    last_quarter,
                ),
            ),
        };
        if let TimeRef::Point { value: v }
        | TimeRef::Since { value: v }
        | TimeRef::Until { value: v } = value
        {
            if v.year.is_some() {
                last_time = Some(v);
            }
        }
        if let (Raw::Quarter(_) | Raw::QuarterOf { .. }, TimeRef::Point { value }) = (raw, value) {
            if let (Some(y), Some(m)) = (value.year, value.month) {
                // The quarter reported on is the most recent completed quarter the
                // text names: a quarter still to come, or the one under way, is a
                // forecast, and an earlier one named in passing ("after a flat second
                // quarter") is a comparison.
                let completed = published.is_none_or(|p| (y, m + 2) < (p.year(), p.month() as u8));
                let q = (y, (m - 1) / 3 + 1);
                if completed {
                    last_quarter = Some(last_quarter.map_or(q, |l| l.max(q)));
                }
            }
        }
        // "the week of March 6": the week holding that day.
        let (start, value) = match value {
            TimeRef::Point { value: v } if v.grain == Grain::Day => {
                match (week_of(text, start), v.as_date()) {
                    (Some(from), Some(d)) => (
                        from,
                        TimeRef::Point {
                            value: week_value(monday_of(d)),
                        },
                    ),
                    _ => (start, value),
                }
            }
            _ => (start, value),
        };
        // "the night of March 3", "on the morning of May 5": that day's part.
        let (start, value) = match value {
            TimeRef::Point { value: v } if v.grain == Grain::Day && v.hour.is_none() => {
                match part_of(text, start) {
                    Some((from, part)) => (
                        from,
                        TimeRef::Point {
                            value: with_part(v, Some(part)),
                        },
                    ),
                    None => (start, value),
                }
            }
            _ => (start, value),
        };
        // "Easter week", "Christmas week": the week holding the feast.
        let (end, value) = match (raw, value) {
            (Raw::Holiday { .. }, TimeRef::Point { value: v }) => {
                static WEEK: LazyLock<Regex> = LazyLock::new(|| re(r"^\s+(?i:week)\b"));
                // "Christmas morning", "Thanksgiving night": that day's part.
                static PART: LazyLock<Regex> =
                    LazyLock::new(|| re(r"^\s+(?i:(morning|afternoon|evening|night))\b"));
                let part = PART
                    .captures(&text[end..])
                    .and_then(|c| Some((c.get(0)?.end(), day_part(c.get(1)?.as_str())?)));
                match (WEEK.find(&text[end..]), part, v.as_date()) {
                    (Some(m), _, Some(d)) => (
                        end + m.end(),
                        TimeRef::Point {
                            value: week_value(monday_of(d)),
                        },
                    ),
                    (None, Some((len, part)), Some(_)) if v.grain == Grain::Day => (
                        end + len,
                        TimeRef::Point {
                            value: with_part(v, Some(part)),
                        },
                    ),
                    _ => (end, value),
                }
            }
            _ => (end, value),
        };
        // A possessive time modifies a noun ("after Saturday's attack"): never an interval.
        let possessive = text[..end].ends_with("'s") || text[..end].ends_with("’s");
        let (span_start, value) = if possessive {
            (start, value)
        } else if let Some(m) = signal(&SINCE_BEFORE, start) {
            // "shortly after 9 p.m.": when it happened, not a bound.
            if matches!(raw, Raw::Clock { .. }) && starts_with_ci(&text[m..], "after") {
                (m, value)
            } else {
                (m, to_since(value))
            }
        } else if let Some(m) = signal(&UNTIL_BEFORE, start) {
            match raw {
                Raw::Clock { hour, .. } if starts_with_ci(&text[m..], "before") => {
                    // "shortly before midnight": late on the day before the publication
                    // day (a lone midnight is the one that began it).
                    let value = match (hour, published) {
                        (MIDNIGHT, Some(p)) => TimeRef::Point {
                            value: with_part(TimeValue::day(p.add_days(-1)), Some(DayPart::Night)),
                        },
                        _ => value,
                    };
                    (m, value)
                }
                _ => (m, to_until(value)),
            }
        } else if let Some(m) = signal(&SINCE_FAR, start) {
            (m, to_since(value))
        } else {
            (start, value)
        };
        // "the day after Christmas", "two days before March 3": a day, so many days
        // from the one named.
        let (span_start, value) = match (value, days_from_signal(text, span_start)) {
            (TimeRef::Since { value: v } | TimeRef::Until { value: v }, Some((from, days)))
                if v.grain == Grain::Day =>
            {
                match v.as_date() {
                    Some(d) => {
                        // "two days" was read as a length on its own: it is part of this day.
                        if out
                            .last()
                            .is_some_and(|(prev, _)| Span::start(*prev) >= from)
                        {
                            out.pop();
                            kinds.pop();
                        }
                        (
                            from,
                            TimeRef::Point {
                                value: TimeValue::day(d.add_days(days)),
                            },
                        )
                    }
                    None => (span_start, value),
                }
            }
            _ => (span_start, value),
        };
        // Never swallow an earlier expression when extending to a signal word.
        let span_start = match out.last() {
            Some((prev, _)) if span_start < Span::end(*prev) => start,
            _ => span_start,
        };
        if let Ok(span) = Span::checked(text, span_start, end) {
            out.push((span, value));
            kinds.push(match raw {
                Raw::Clock { hour, minute } => Piece::Clock(hour, minute),
                Raw::Weekday {
                    shift: 0,
                    part: None,
                    ..
                } => Piece::Weekday,
                _ => Piece::Other,
            });
        }
    }
    coordinated_weekday_sets(text, &mut out, &kinds);
    let out = merge_weekday_and_date(text, out, &mut kinds);
    let out = merge_ago_and_day(text, out, &mut kinds, published);
    let out = merge_clock_and_day(text, out, &kinds);
    range::range_ends(text, second_days(text, out))
}

/// "Monday and Tuesday nights", "each Monday and Thursday": a bare weekday joined by
/// "and" or "or" to a weekday of every week shares what makes that one a set, the plural
/// after the second ("nights", "Tuesdays") or the "each" or "every" before the first.
fn coordinated_weekday_sets(text: &str, found: &mut [(Span, TimeRef)], kinds: &[Piece]) {
    let set = |r: &TimeRef| match r {
        TimeRef::Set {
            on: Some(value), ..
        } if value.weekday.is_some() => Some(*value),
        _ => None,
    };
    let every = |value: TimeValue| TimeRef::Set {
        every: DurationUnit::Week,
        on: Some(value),
        times: None,
    };
    // A bare weekday's number, 1 Monday to 7 Sunday.
    let bare = |span: Span, kind: Piece| -> Option<u8> {
        if kind != Piece::Weekday {
            return None;
        }
        u8::try_from(weekday_number(span.slice(text)?)? + 1).ok()
    };
    let quantified = |span: Span| {
        let covered = span.slice(text).unwrap_or("");
        starts_with_ci(covered, "each ") || starts_with_ci(covered, "every ")
    };
    for i in 1..found.len().min(kinds.len()) {
        let ((a, ra), (b, rb)) = (found[i - 1], found[i]);
        let gap = text.get(a.end()..b.start()).unwrap_or("").trim();
        if !(gap.eq_ignore_ascii_case("and") || gap.eq_ignore_ascii_case("or")) {
            continue;
        }
        if let (Some(w), Some(v)) = (bare(a, kinds[i - 1]), set(&rb)) {
            if !quantified(b) {
                found[i - 1].1 = every(TimeValue::every_weekday(w, v.part));
            }
        } else if let (Some(v), Some(w)) = (set(&ra), bare(b, kinds[i])) {
            if quantified(a) && v.part.is_none() {
                found[i].1 = every(TimeValue::every_weekday(w, None));
            }
        }
    }
}

/// "April 24 and 25", "May 3 or 4", "March 3-5", "July 13 through the 15th": the bare
/// day number after a date and "and", "or", a dash, "to", "through", "until" is another
/// day of the same month, a time of its own (the stretch between them is
/// [`find_ranges`]' to read).
fn second_days(text: &str, found: Vec<(Span, TimeRef)>) -> Vec<(Span, TimeRef)> {
    static NEXT: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)^(?:\s*[-–—]\s*|\s+(?:and|or|to|through|thru|till|until)\s+(?:the\s+)?)(?P<e>(?P<d>[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?)\b",
        )
    });
    // A clock time, not a day: "March 3 until 5 p.m.", "May 2 to 4:30".
    static CLOCK_AFTER: LazyLock<Regex> = LazyLock::new(|| {
        re(r"(?i)^(?::\d|\s*(?:[ap]\.?m\b|[ap]\.m\.|o'clock|h\d|hrs?\b|gmt|utc))")
    });
    let mut out = Vec::with_capacity(found.len());
    for (i, &(span, r)) in found.iter().enumerate() {
        out.push((span, r));
        let TimeRef::Point { value } = r else {
            continue;
        };
        if value.grain != Grain::Day || value.month.is_none() || value.day.is_none() {
            continue;
        }
        // The date ends in its day number ("April 24", "March 3rd"): not "Monday and
        // 10 to 15 people", not "March 3, 2024 and 4".
        let own =
            text[span.start()..span.end()].trim_end_matches(|c: char| c.is_ascii_alphabetic());
        let last_figure = own
            .rsplit(|c: char| !c.is_ascii_digit())
            .next()
            .unwrap_or("");
        if !(1..=2).contains(&last_figure.len()) {
            continue;
        }
        let Some(c) = NEXT.captures(&text[span.end()..]) else {
            continue;
        };
        let Some(d) = c.name("d") else { continue };
        // Not "May 3 and 4% more", "and 25,000", "and 4 people".
        let after = &text[span.end() + c.name("e").unwrap_or(d).end()..];
        let goes_on = after.starts_with('%')
            || after.starts_with([',', '.'])
                && after[1..].starts_with(|ch: char| ch.is_ascii_digit())
            || CLOCK_AFTER.is_match(after);
        if goes_on || crate::quantity::is_plural_noun(next_word(after)) {
            continue;
        }
        let Ok(day) = d.as_str().parse::<u8>() else {
            continue;
        };
        let e = c.name("e").unwrap_or(d);
        let (start, end) = (span.end() + e.start(), span.end() + e.end());
        let taken = found.get(i + 1).is_some_and(|(n, _)| n.start() < end);
        let second = TimeValue {
            day: Some(day),
            ..value
        };
        let valid = second.day > value.day
            && value.year.is_none_or(|y| {
                value
                    .month
                    .is_some_and(|m| Date::new(y, u32::from(m), u32::from(day)).is_ok())
            });
        if taken || !valid {
            continue;
        }
        if let Ok(sp) = Span::new(start, end) {
            out.push((sp, TimeRef::Point { value: second }));
        }
    }
    out
}

/// What an output expression is, for joining it with its neighbour.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Piece {
    /// A bare clock time: hour and minute.
    Clock(u8, Option<u8>),
    /// A bare weekday ("Friday", not "last Friday" or "Friday night").
    Weekday,
    Other,
}

/// Joins a weekday and the date after it into one expression, valued by the date:
/// "Saturday, April 25", "Friday Oct. 13". A date written with its weekday names one
/// day; the weekday alone, counted back from the publication date, can miss it.
fn merge_weekday_and_date(
    text: &str,
    found: Vec<(Span, TimeRef)>,
    kinds: &mut Vec<Piece>,
) -> Vec<(Span, TimeRef)> {
    let mut out: Vec<(Span, TimeRef)> = Vec::with_capacity(found.len());
    let mut out_kinds = Vec::with_capacity(found.len());
    let mut i = 0;
    while i < found.len() {
        if i + 1 < found.len() && kinds[i] == Piece::Weekday && kinds[i + 1] == Piece::Other {
            let (a, _) = found[i];
            let (b, rb) = found[i + 1];
            let gap = text.get(a.end()..b.start()).unwrap_or("x");
            let dated = matches!(rb, TimeRef::Point { value }
                if value.grain == Grain::Day && value.month.is_some() && value.day.is_some());
            let joined = !gap.is_empty() && gap.trim_start_matches(',').trim().is_empty();
            if dated && joined && gap.matches(',').count() <= 1 {
                if let Ok(span) = Span::new(a.start(), b.end()) {
                    out.push((span, rb));
                    out_kinds.push(Piece::Other);
                    i += 2;
                    continue;
                }
            }
        }
        out.push(found[i]);
        out_kinds.push(kinds[i]);
        i += 1;
    }
    *kinds = out_kinds;
    out
}

/// "two weeks ago today", "a week ago Sunday", "a year ago this week": so many units
/// before the day (or week) the second piece names at the publication date, one
/// expression at that piece's grain. "A week ago Sunday" is the Sunday a week before
/// the last one.
fn merge_ago_and_day(
    text: &str,
    found: Vec<(Span, TimeRef)>,
    kinds: &mut Vec<Piece>,
    published: Option<Date>,
) -> Vec<(Span, TimeRef)> {
    static AGO: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)^(?P<n>an?|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+(?P<u>day|week|month|year)s?\s+ago$",
        )
    });
    let Some(p) = published else {
        return found;
    };
    let shifted = |d: Date, n: i64, unit: &str| -> Date {
        match unit {
            "day" => d.add_days(-n),
            "week" => d.add_days(-7 * n),
            "month" => newsfuse_core::add_months(d, -n),
            _ => newsfuse_core::add_months(d, -12 * n),
        }
    };
    let mut out: Vec<(Span, TimeRef)> = Vec::with_capacity(found.len());
    let mut out_kinds = Vec::with_capacity(found.len());
    let mut i = 0;
    while i < found.len() {
        if i + 1 < found.len() {
            let (a, _) = found[i];
            let (b, _) = found[i + 1];
            let joined = text
                .get(a.end()..b.start())
                .is_some_and(|g| !g.is_empty() && g.trim().is_empty());
            let ago = a.slice(text).and_then(|t| AGO.captures(t));
            let second = b.slice(text).unwrap_or("").to_ascii_lowercase();
            let merged = match (ago, joined) {
                (Some(c), true) => {
                    let n = c
                        .name("n")
                        .and_then(|w| small_number(w.as_str()).or_else(|| w.as_str().parse().ok()));
                    let unit = c.name("u").map(|u| u.as_str().to_ascii_lowercase());
                    match (n, unit) {
                        (Some(n), Some(unit)) => {
                            if second == "today" {
                                Some(TimeValue::day(shifted(p, n, &unit)))
                            } else if second == "this week" {
                                Some(week_value(monday_of(shifted(p, n, &unit))))
                            } else if kinds[i + 1] == Piece::Weekday {
                                // The latest such weekday on or before P, shifted.
                                weekday_number(&second).map(|w| {
                                    let latest = weekday_from(p.add_days(1), w, -1);
                                    TimeValue::day(shifted(latest, n, &unit))
                                })
                            } else {
                                None
                            }
                        }
                        _ => None,
                    }
                }
                _ => None,
            };
            if let (Some(value), Ok(span)) = (merged, Span::new(a.start(), b.end())) {
                out.push((span, TimeRef::Point { value }));
                out_kinds.push(Piece::Other);
                i += 2;
                continue;
            }
        }
        out.push(found[i]);
        out_kinds.push(kinds[i]);
        i += 1;
    }
    *kinds = out_kinds;
    out
}

/// The last word of `text` (letters and apostrophes), or "".
fn last_word(text: &str) -> &str {
    let t = text.trim_end();
    let from = t
        .rfind(|c: char| !(c.is_alphanumeric() || c == '\''))
        .map_or(0, |i| i + t[i..].chars().next().map_or(1, char::len_utf8));
    &t[from..]
}

/// Whether `text` has both capital and small letters (is not all one case).
fn mixed_case(text: &str) -> bool {
    text.bytes().any(|b| b.is_ascii_uppercase()) && text.bytes().any(|b| b.is_ascii_lowercase())
}

/// Where "the week of" begins when it stands right before `start`.
fn week_of(text: &str, start: usize) -> Option<usize> {
    let before = text[..start].trim_end();
    let cut = before.len().checked_sub("the week of".len())?;
    let tail = before.get(cut..)?;
    let word_start = cut == 0 || !before[..cut].ends_with(|c: char| c.is_alphanumeric());
    (word_start && tail.eq_ignore_ascii_case("the week of") && before.len() < start).then_some(cut)
}

/// "the night of", "the morning of" right before `start`: where it starts and the
/// part of the day it names.
fn part_of(text: &str, start: usize) -> Option<(usize, DayPart)> {
    static PART_OF: LazyLock<Regex> = LazyLock::new(|| {
        re(r"(?i)\bthe\s+(?:early\s+|late\s+)?(?P<part>morning|afternoon|evening|night)\s+of\s+$")
    });
    let c = PART_OF.captures(text.get(..start)?)?;
    Some((c.get(0)?.start(), day_part(c.name("part")?.as_str())?))
}

/// Joins a clock time and the day next to it into one expression ("10 p.m.
/// Wednesday", "noon Thursday", "Friday at 3pm", "March 3, 7:15 p.m.").
/// The hour [`Raw::Clock`] gives "midnight" until it is read: 0:00 of the publication
/// day alone, 0:00 of the next day after a day it is said with ("midnight Friday").
const MIDNIGHT: u8 = 24;

fn merge_clock_and_day(
    text: &str,
    found: Vec<(Span, TimeRef)>,
    kinds: &[Piece],
) -> Vec<(Span, TimeRef)> {
    static GAP: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)^[\s,]*(?:(?:[ecmp][sd]t|gmt|utc)\b[\s,]*)?(?:\(\d{1,2}:?\d\d\s+(?:gmt|utc)\)[\s,]*)?(?:(?:on|at|of)\s+)?(?:(?:shortly|just|soon|right|sometime)\s+)?$",
        )
    });
    let is_day = |r: &TimeRef| matches!(r, TimeRef::Point { value } if value.day.is_some() && value.hour.is_none());
    let mut out: Vec<(Span, TimeRef)> = Vec::with_capacity(found.len());
    let mut i = 0;
    while i < found.len() {
        if i + 1 < found.len() {
            let (a, ra) = found[i];
            let (b, rb) = found[i + 1];
            let gap = text.get(a.end()..b.start()).unwrap_or("x");
            let pair = match (kinds[i], kinds[i + 1]) {
                (Piece::Clock(h, m), k) if !matches!(k, Piece::Clock(..)) && is_day(&rb) => {
                    Some(((h, m), rb))
                }
                (k, Piece::Clock(h, m)) if !matches!(k, Piece::Clock(..)) && is_day(&ra) => {
                    Some(((h, m), ra))
                }
                _ => None,
            };
            if let (Some(((hour, minute), TimeRef::Point { value })), true) =
                (pair, GAP.is_match(gap))
            {
                // "midnight Friday", "Friday at midnight": the midnight that ends the
                // day, the first instant of the next.
                let value = if hour == MIDNIGHT {
                    // "shortly before midnight on Dec. 31" is late on that day, "just
                    // after midnight on New Year's Day" its first minutes.
                    let clock = if matches!(kinds[i], Piece::Clock(..)) {
                        a
                    } else {
                        b
                    };
                    let said = |w: &str| starts_with_ci(clock.slice(text).unwrap_or(""), w);
                    if said("before ") {
                        Some(with_part(value.whole_day(), Some(DayPart::Night)))
                    } else if said("after ") {
                        Some(at_clock(value.whole_day(), 0, minute))
                    } else {
                        value
                            .as_date()
                            .map(|d| at_clock(TimeValue::day(d.add_days(1)), 0, minute))
                    }
                } else {
                    Some(at_clock(value.whole_day(), hour, minute))
                };
                if let (Ok(span), Some(value)) = (Span::new(a.start(), b.end()), value) {
                    // "until 9 a.m. Tuesday": "until", "till" or "since" before the first
                    // piece bounds the whole; "shortly after 7 a.m. Wednesday" is when it
                    // happened.
                    let covered = a.slice(text).unwrap_or("");
                    let bound = |w: &str| starts_with_ci(covered, w);
                    let merged = match ra {
                        TimeRef::Since { .. } if bound("since ") => TimeRef::Since { value },
                        TimeRef::Until { .. } if bound("until ") || bound("till ") => {
                            TimeRef::Until { value }
                        }
                        _ => TimeRef::Point { value },
                    };
                    out.push((span, merged));
                    i += 2;
                    continue;
                }
            }
        }
        out.push(found[i]);
        i += 1;
    }
    out
}

fn to_since(r: TimeRef) -> TimeRef {
    match r {
        TimeRef::Point { value } => TimeRef::Since { value },
        other => other,
    }
}

fn to_until(r: TimeRef) -> TimeRef {
    match r {
        TimeRef::Point { value } => TimeRef::Until { value },
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> Date {
        Date::parse_iso(s).expect("test date")
    }

    /// (covered text, rendering) for every expression found.
    fn times(text: &str, published: Option<&str>) -> Vec<(String, String)> {
        find_times(text, published.map(date))
            .into_iter()
            .map(|(sp, r)| {
                let shown = match r {
                    TimeRef::Point { value } => format!("{} {}", value.iso(), value.grain.as_str()),
                    TimeRef::Since { value } => {
                        format!("since {} {}", value.iso(), value.grain.as_str())
                    }
                    TimeRef::Until { value } => {
                        format!("until {} {}", value.iso(), value.grain.as_str())
                    }
                    TimeRef::Duration { amount, unit, half } => {
                        format!("duration {}", unit.iso_with_half(amount, half))
                    }
                    TimeRef::Set { every, on, times } => {
                        let mut shown = format!("set {}", every.iso(Some(1)));
                        if let Some(v) = on {
                            shown += &format!(" on {} {}", v.iso(), v.grain.as_str());
                        }
                        if let Some(n) = times {
                            shown += &format!(" {n} times");
                        }
                        shown
                    }
                    TimeRef::Relative { point } => point.timeml().to_string(),
                    TimeRef::Unresolved => "unresolved".to_string(),
                };
                (sp.slice(text).unwrap_or("?").to_string(), shown)
            })
            .collect()
    }

    fn one(text: &str, published: Option<&str>) -> (String, String) {
        let all = times(text, published);
        assert_eq!(all.len(), 1, "{text}: {all:?}");
        all[0].clone()
    }

    fn pair(a: &str, b: &str) -> (String, String) {
        (a.to_string(), b.to_string())
    }

    #[test]
    fn frequencies_and_rates_are_sets() {
        let p = Some("2026-03-02");
        assert_eq!(
            one("The ferry sails twice a week.", p),
            pair("twice a week", "set P1W 2 times")
        );
        assert_eq!(
            one("Inspectors call three times a year.", p),
            pair("three times a year", "set P1Y 3 times")
        );
        assert_eq!(
            one("The board meets once every month.", p),
            pair("once every month", "set P1M 1 times")
        );
        assert_eq!(
            one("Guards patrol 12 times per day.", p),
            pair("12 times per day", "set P1D 12 times")
        );
        // A rate: an amount, or an amount and what it counts, per period.
        assert_eq!(
            times("The airline will run four flights a week from May 3.", p),
            vec![pair("a week", "set P1W"), pair("May 3", "2026-05-03 day")]
        );
        assert_eq!(
            one("The plant earns $500 million a year.", p),
            pair("a year", "set P1Y")
        );
        assert_eq!(one("Prices rose 5% a year.", p), pair("a year", "set P1Y"));
        assert_eq!(
            times("Staff work 24 hours a day.", p),
            vec![pair("24 hours", "duration PT24H"), pair("a day", "set P1D")]
        );
        // A distance in time or a plain length stays what it was.
        assert_eq!(
            one("It had seven branches, up from two a year ago.", p).1,
            "2025 year"
        );
        assert_eq!(one("The vote is a week from now.", p).1, "2026-W11 week");
        assert_eq!(
            one("They waited for a week.", p),
            pair("a week", "duration P1W")
        );
        assert_eq!(
            times("He was held for 20 days a week after the raid.", p),
            vec![
                pair("20 days", "duration P20D"),
                pair("a week", "duration P1W")
            ]
        );
    }

    #[test]
    fn calendar_days() {
        assert_eq!(
            one("On March 22nd, gunmen attacked.", None),
            pair("March 22nd", "--03-22 day")
        );
        assert_eq!(
            one("On March 22nd, gunmen attacked.", Some("2024-03-23")),
            pair("March 22nd", "2024-03-22 day")
        );
        assert_eq!(
            one("It began on 22 March 2024 at dawn.", None),
            pair("22 March 2024", "2024-03-22 day")
        );
        assert_eq!(
            one("on the 5th of june", Some("2023-06-07")),
            pair("the 5th of june", "2023-06-05 day")
        );
        assert_eq!(
            one("Filed 2024-03-22T10:00.", None),
            pair("2024-03-22T10:00", "2024-03-22 day")
        );
        assert_eq!(
            one("ON MARCH 22, 2024, A BOMB", None),
            pair("MARCH 22, 2024", "2024-03-22 day")
        );
        assert_eq!(
            one("until Sept. 3", Some("2020-09-10")),
            pair("until Sept. 3", "until 2020-09-03 day")
        );
    }

    #[test]
    fn numeric_dates() {
        assert_eq!(
            one("on 3/22/2024 at dawn", None),
            pair("3/22/2024", "2024-03-22 day")
        );
        assert_eq!(
            one("born 10/31/74", None),
            pair("10/31/74", "1974-10-31 day")
        );
        assert_eq!(
            one("10.31.1974", None),
            pair("10.31.1974", "1974-10-31 day")
        );
        assert_eq!(
            one("due 2/15", Some("2013-02-12")),
            pair("2/15", "2013-02-15 day")
        );
        assert_eq!(one("31-Oct-74", None), pair("31-Oct-74", "1974-10-31 day"));
        assert_eq!(one("2015-3-3", None), pair("2015-3-3", "2015-03-03 day"));
        assert!(times("a 1/2 mile walk, rated 3.5 of 5", None).is_empty());
    }

    #[test]
    fn a_month_told_in_the_simple_past_is_not_ahead_of_the_publication_date() {
        // From late October, January is nearer ahead than behind...
        assert_eq!(
            one("a new chief is named in January", Some("1997-10-27")),
            pair("January", "1998-01 month")
        );
        // ...but a clause in the simple past tells of the January just gone,
        assert_eq!(
            one("The mill bought the dam in February.", Some("1997-10-30")),
            pair("February", "1997-02 month")
        );
        assert_eq!(
            one(
                "In January, the board picked a new chief.",
                Some("1997-10-27")
            ),
            pair("January", "1997-01 month")
        );
        assert_eq!(
            one("The ferry was refloated on Jan. 9.", Some("1997-12-20")),
            pair("Jan. 9", "1997-01-09 day")
        );
        // an adjective, a perfect or a plan is no past tense,
        assert_eq!(
            one("the proposed merger in January", Some("1997-10-27")),
            pair("January", "1998-01 month")
        );
        assert_eq!(
            one("It has scheduled a vote for January.", Some("1997-10-27")),
            pair("January", "1998-01 month")
        );
        // nor is a clause with a modal or an infinitive,
        assert_eq!(
            one(
                "The firm agreed to sell the mill in February.",
                Some("1997-10-30")
            ),
            pair("February", "1998-02 month")
        );
        assert_eq!(
            one(
                "It would be paid on an unspecified date in January.",
                Some("1997-10-27")
            ),
            pair("January", "1998-01 month")
        );
        // nor a date that modifies a noun,
        assert_eq!(
            one(
                "He gave no reason for the Jan. 9 deadline.",
                Some("1997-12-20")
            ),
            pair("Jan. 9", "1998-01-09 day")
        );
        // a past act aimed ahead is not,
        assert_eq!(
            one(
                "The court postponed the hearing until January.",
                Some("1997-10-27")
            ),
            pair("until January", "until 1998-01 month")
        );
        // and a future cue in the clause wins.
        assert_eq!(
            one(
                "Talks that stalled will resume in January.",
                Some("1997-10-27")
            ),
            pair("January", "1998-01 month")
        );
    }

    #[test]
    fn a_time_inside_a_quoted_title_is_a_name() {
        let p = Some("1997-11-04");
        assert!(times("he said on NBC's \"This Week,\" a talk show", p).is_empty());
        assert!(times("on ``This Week With Jane Roe'' the host asked", p).is_empty());
        assert!(times("the western ``Three Days West.'' was shown", p).is_empty());
        // A quoted sentence, all capitals, or lower case is not a title.
        assert_eq!(
            one("\"This week was hard,\" he said.", p),
            pair("This week", "1997-W45 week")
        );
        assert_eq!(
            one("HE SAID ON \"THIS WEEK\" IT WAS LATE", p),
            pair("THIS WEEK", "1997-W45 week")
        );
    }

    #[test]
    fn a_day_without_a_year_takes_the_nearest_year() {
        assert_eq!(
            one("on December 30", Some("2025-01-04")),
            pair("December 30", "2024-12-30 day")
        );
        assert_eq!(
            one("on January 3", Some("2024-12-28")),
            pair("January 3", "2025-01-03 day")
        );
        assert_eq!(
            one("in March", Some("2024-05-02")),
            pair("March", "2024-03 month")
        );
        assert_eq!(one("in March", None), pair("March", "--03 month"));
        assert_eq!(
            one("on February 30", None),
            pair("February 30", "unresolved")
        );
    }

    #[test]
    fn weekdays_anchor_to_the_publication_date() {
        // 2025-06-14 was a Saturday.
        assert_eq!(
            one(
                "gunmen stormed the hotel on Saturday evening",
                Some("2025-06-14")
            ),
            pair("Saturday evening", "2025-06-14TEV part_of_day")
        );
        assert_eq!(
            one("Saturday's attack", Some("2025-06-15")),
            pair("Saturday's", "2025-06-14 day")
        );
        assert_eq!(
            one("The toll after Saturday's attack rose", Some("2025-06-15")),
            pair("Saturday's", "2025-06-14 day")
        );
        assert_eq!(
            one("The toll from Saturday's attack rose", Some("2025-06-15")),
            pair("Saturday's", "2025-06-14 day")
        );
        assert_eq!(
            one("a bomb on Friday", Some("2025-03-08")),
            pair("Friday", "2025-03-07 day")
        );
        assert_eq!(
            one("last Saturday", Some("2025-06-14")),
            pair("last Saturday", "2025-06-07 day")
        );
        assert_eq!(
            one("next Monday", Some("2025-06-14")),
            pair("next Monday", "2025-06-16 day")
        );
        assert_eq!(
            one("The trial will open on Tuesday.", Some("2025-06-14")),
            pair("Tuesday", "2025-06-17 day")
        );
        assert_eq!(one("on Saturday", None), pair("Saturday", "unresolved"));
    }

    #[test]
    fn the_weekday_after_publication_is_tomorrow_unless_told_in_the_past() {
        // 2025-06-16 was a Monday.
        assert_eq!(
            one("The ferry sails for Oslo on Tuesday.", Some("2025-06-16")),
            pair("Tuesday", "2025-06-17 day")
        );
        assert_eq!(
            one(
                "Mayors are visiting the dam Tuesday morning",
                Some("2025-06-16")
            ),
            pair("Tuesday morning", "2025-06-17TMO part_of_day")
        );
        // Told in the simple past: six days back.
        assert_eq!(
            one("The ferry sank on Tuesday.", Some("2025-06-16")),
            pair("Tuesday", "2025-06-10 day")
        );
        assert_eq!(
            one(
                "The mayor said Tuesday that roads reopen.",
                Some("2025-06-16")
            ),
            pair("Tuesday", "2025-06-10 day")
        );
        // Two days ahead is still counted back.
        assert_eq!(
            one("The ferry sails on Wednesday.", Some("2025-06-16")),
            pair("Wednesday", "2025-06-11 day")
        );
    }

    #[test]
    fn a_time_opening_its_sentence_takes_the_tense_of_the_clause_after_it() {
        // 2025-06-16 was a Monday.
        assert_eq!(
            one(
                "On Tuesday, the union plans to picket the depot.",
                Some("2025-06-16")
            ),
            pair("Tuesday", "2025-06-17 day")
        );
        assert_eq!(
            one(
                "On Thursday, the council will vote on the budget.",
                Some("2025-06-16")
            ),
            pair("Thursday", "2025-06-19 day")
        );
        // The same cue before the time looks ahead too.
        assert_eq!(
            one("The council will vote on Thursday.", Some("2025-06-16")),
            pair("Thursday", "2025-06-19 day")
        );
        // A plan told in the past dates the planning.
        assert_eq!(
            one(
                "On Thursday, the council planned to cut the budget.",
                Some("2025-06-16")
            ),
            pair("Thursday", "2025-06-12 day")
        );
        // An infinitive in the clause after the time keeps the nearest rule: the day
        // after publication is that day.
        assert_eq!(
            one(
                "On Tuesday, crews hope to reopen the bridge.",
                Some("2025-06-16")
            ),
            pair("Tuesday", "2025-06-17 day")
        );
        assert_eq!(
            one("On Tuesday, crews reopened the bridge.", Some("2025-06-16")),
            pair("Tuesday", "2025-06-10 day")
        );
    }

    #[test]
    fn said_reports_a_clause_with_its_own_tense() {
        // The reported clause is in the present: the nearest Dec. 7, not the last one.
        assert_eq!(
            one(
                "The club said it is holding the vote on Dec. 7.",
                Some("2025-11-20")
            ),
            pair("Dec. 7", "2025-12-07 day")
        );
        assert_eq!(
            one("The club sold its ground on Dec. 7.", Some("2025-11-20")),
            pair("Dec. 7", "2024-12-07 day")
        );
    }

    #[test]
    fn a_weekday_written_with_its_date_is_one_expression() {
        assert_eq!(
            one(
                "a column printed on Sunday, May 4: the mayor",
                Some("2025-05-20")
            ),
            pair("Sunday, May 4", "2025-05-04 day")
        );
        assert_eq!(
            one("the levee broke Tuesday Oct. 7 at dawn", Some("2025-10-30")),
            pair("Tuesday Oct. 7", "2025-10-07 day")
        );
        // Two separate times stay apart.
        assert_eq!(times("on Sunday, and May 4", Some("2025-05-20")).len(), 2);
    }

    #[test]
    fn the_week_of_a_day_since_a_past_time_and_this_past_season() {
        // 2025-03-10 was a Monday (ISO week 11).
        assert_eq!(
            one(
                "a hearing in the week of March 10, lawyers said",
                Some("2025-02-20")
            ),
            pair("the week of March 10", "2025-W11 week")
        );
        // "since" points back, even in a clause about the future.
        assert_eq!(
            one(
                "They will stay as they have since late November.",
                Some("2025-04-02")
            ),
            pair("since late November", "since 2024-11 month")
        );
        assert_eq!(
            one("Sales grew this past spring.", Some("2025-10-01")),
            pair("this past spring", "2025-SP season")
        );
        assert_eq!(
            one("Sales grew this past winter.", Some("2025-10-01")),
            pair("this past winter", "2024-WI season")
        );
        assert_eq!(
            one("Sales grew last spring.", Some("2025-10-01")),
            pair("last spring", "2024-SP season")
        );
    }

    #[test]
    fn overnight_before_a_weekday_is_that_night() {
        assert_eq!(
            times(
                "Rebels attacked the base overnight Saturday.",
                Some("2024-05-10")
            ),
            vec![pair("overnight Saturday", "2024-05-04TNI part_of_day")]
        );
        assert_eq!(
            times("Shops shut overnight.", Some("2024-05-10")),
            vec![pair("overnight", "2024-05-10TNI part_of_day")]
        );
    }

    #[test]
    fn wire_copy_clock_times() {
        assert_eq!(
            times(
                "The bomb went off at 0800 GMT on Friday.",
                Some("2024-05-10")
            ),
            vec![pair("0800 GMT on Friday", "2024-05-10T08:00 minute")]
        );
        assert_eq!(
            times(
                "Troops moved in at 0515 and left at 1500 hours.",
                Some("2024-05-10")
            ),
            vec![
                pair("0515", "2024-05-10T05:15 minute"),
                pair("1500 hours", "2024-05-10T15:00 minute")
            ]
        );
        // A restatement in brackets is skipped, and no year: "(2000 gmt)".
        assert_eq!(
            times(
                "The blast at 10:35 a.m. (0735 GMT) Friday killed two.",
                Some("2024-05-10")
            ),
            vec![pair(
                "10:35 a.m. (0735 GMT) Friday",
                "2024-05-10T10:35 minute"
            )]
        );
        assert_eq!(
            times("It went off at about 1500 (2000 gmt).", Some("2024-05-10")),
            vec![]
        );
        // Figures that are no clock: "1500 votes", "at 1945 prices".
        assert_eq!(times("He won 1500 votes.", Some("2024-05-10")), vec![]);
    }

    #[test]
    fn midnight_alone_begins_the_day_and_after_a_day_ends_it() {
        assert_eq!(
            one("The curfew began at midnight.", Some("2024-05-10")),
            pair("midnight", "2024-05-10T00:00 minute")
        );
        assert_eq!(
            one(
                "The deadline will expire at midnight Friday.",
                Some("2024-05-08")
            ),
            pair("midnight Friday", "2024-05-11T00:00 minute")
        );
        assert_eq!(
            one(
                "It was midnight on March 3 when the dam broke.",
                Some("2024-05-10")
            ),
            pair("midnight on March 3", "2024-03-04T00:00 minute")
        );
        // Shortly before midnight on a day is late that day; just after midnight on a
        // day, its first minutes.
        let p = Some("2026-01-02");
        assert_eq!(
            one("A gunman fired shortly before midnight on Dec. 31.", p),
            pair("before midnight on Dec. 31", "2025-12-31TNI part_of_day")
        );
        assert_eq!(
            one("A gunman fired just after midnight on New Year's Day.", p),
            pair(
                "after midnight on New Year's Day",
                "2026-01-01T00:00 minute"
            )
        );
        assert_eq!(
            one("A gunman fired on Wednesday, shortly before midnight.", p),
            pair(
                "Wednesday, shortly before midnight",
                "2025-12-31TNI part_of_day"
            )
        );
        // Alone, "before midnight" is the night before the publication day.
        assert_eq!(
            one("A gunman fired shortly before midnight.", p),
            pair("before midnight", "2026-01-01TNI part_of_day")
        );
    }

    #[test]
    fn a_clock_time_after_before_or_after_is_when_it_happened() {
        let p = Some("2026-01-02");
        assert_eq!(
            one("A gunman opened fire shortly after 9 p.m.", p),
            pair("after 9 p.m.", "2026-01-02T21:00 minute")
        );
        assert_eq!(
            one("The crowd left before 6 a.m.", p),
            pair("before 6 a.m.", "2026-01-02T06:00 minute")
        );
        // "since" and "until" still bound.
        assert_eq!(
            one("Roads are closed until 6 a.m.", p),
            pair("until 6 a.m.", "until 2026-01-02T06:00 minute")
        );
    }

    #[test]
    fn parts_of_a_relative_day_and_years_after_pre_or_post() {
        assert_eq!(
            one(
                "At mid-morning yesterday the pumps failed.",
                Some("2025-06-14")
            ),
            pair("mid-morning yesterday", "2025-06-13TMO part_of_day")
        );
        assert_eq!(
            one(
                "By mid afternoon the river had crested.",
                Some("2025-06-14")
            ),
            pair("mid afternoon", "2025-06-14TAF part_of_day")
        );
        assert_eq!(
            one("the post-1990 borders", Some("2025-06-14")),
            pair("post-1990", "1990 year")
        );
        // A clock time, a zone in brackets and its day are one time.
        assert_eq!(
            one(
                "The dam broke at 9:10 a.m. (0610 GMT) Friday.",
                Some("2025-06-14")
            ),
            pair("9:10 a.m. (0610 GMT) Friday", "2025-06-13T09:10 minute")
        );
    }

    #[test]
    fn a_second_day_of_the_same_month_and_one_day_to_come() {
        assert_eq!(
            times(
                "The fair runs on May 14 and 15, organisers said.",
                Some("2025-05-01")
            ),
            vec![
                pair("May 14", "2025-05-14 day"),
                pair("15", "2025-05-15 day")
            ]
        );
        // An amount after "and" is not a day.
        assert_eq!(
            times(
                "Prices rose on May 14 and 15% more later.",
                Some("2025-05-01")
            )
            .len(),
            1
        );
        assert_eq!(
            one("The tower will one day be a museum.", Some("2025-05-01")),
            pair("one day", "FUTURE_REF")
        );
        assert_eq!(
            one("The tower stood for one day.", Some("2025-05-01")),
            pair("one day", "duration P1D")
        );
    }

    #[test]
    fn march_and_may_in_lower_case_are_words() {
        assert!(times(
            "Police blocked this march through the city.",
            Some("2025-01-10")
        )
        .is_empty());
        assert_eq!(
            one("Police blocked this March rally.", Some("2025-04-10")),
            pair("this March", "2025-03 month")
        );
        // A text in one case gives no clue.
        assert_eq!(
            one("police blocked the road in march", Some("2025-04-10")),
            pair("march", "2025-03 month")
        );
    }

    /// Every pattern run over the whole text, as before the gate.
    fn candidates_whole(text: &str) -> Vec<(usize, usize, Raw)> {
        let mut found = Vec::new();
        for pattern in PATTERNS.iter() {
            for c in pattern.regex.captures_iter(text) {
                let all = c.get(0).expect("match");
                if let Some(raw) = (pattern.build)(&c) {
                    let start = trim_leading_cue(text, all.start(), all.end());
                    let end = c.name("end").map_or(all.end(), |m| m.start());
                    found.push((start, end, raw));
                }
            }
        }
        found
    }

    #[test]
    fn the_gate_finds_what_the_whole_text_gives() {
        let texts = [
            "On Tuesday  evening, two   days ago, the   third-quarter results for fiscal 1989 came; \
             in mid-March 2021 and again on 4 July 1999 at 10:30 p.m., the 1990s were recalled.",
            "It rained last week.The next day,by 3 o'clock,a couple of   more weeks passed;\n\n\
             nineteen ninety-six, the year two thousand and one, Christmas Eve 2003, 12/25/2003.",
            "the weekend's    events: since 2020-03-01T10:00Z, until the year-end, the year-ago \
             quarter, earlier this month, later that year, recently, the near future, every day",
            "A June agreement followed the  March accession; 31-Oct-74 and Mar. 22, 2024 were \
             cited, then 16-hour shifts, 7:15pm, noon Thursday, Easter Monday, and Diwali.",
            "x-y-z - - - last - - week -- 1999-- --2001 the'90s the '80s -the nineties- summer of 2023",
            "",
            "2024",
            "weekend",
        ];
        for text in texts {
            let gated = candidates(text, None, None).expect("ASCII");
            assert_eq!(
                format!("{gated:?}"),
                format!("{:?}", candidates_whole(text)),
                "{text}"
            );
        }
        // Each window of a long text holds only a little of it.
        let long = "Nothing happened here at all. ".repeat(200) + "It was on Monday.";
        let gated = candidates(&long, None, None).expect("ASCII");
        assert_eq!(
            format!("{gated:?}"),
            format!("{:?}", candidates_whole(&long))
        );
        assert_eq!(gated.len(), 1);
    }

    #[test]
    fn the_ascii_view_matches_as_the_text_does() {
        let texts = [
            "Le 14 juillet, à Paris, la fête — \u{201c}last Saturday\u{2019}s march\u{201d} — drew 2,000.",
            "Since the café\u{2019}s closure in March\u{a0}2021, nothing. Valentine\u{2019}s Day came.",
            "Über 30\u{a0}Tage: the ’90s, o’clock at 3 o\u{2019}clock, year\u{2019}s end, Müller\u{2019}s 1998 plan",
            "Schüsse am Montag, then until the year\u{2019}s second quarter; seit März 2020 ß 1990s",
        ];
        let p = Some(date("2024-03-20"));
        for text in texts {
            let view = AsciiView::new(text).expect("a view");
            assert_eq!(view.text.len(), text.chars().count());
            let fast = candidates(text, Some(&view), None).expect("agrees");
            let slow = candidates(text, None, None).expect("plain");
            assert_eq!(format!("{fast:?}"), format!("{slow:?}"), "{text}");
            assert!(!fast.is_empty());
            assert!(!find_times(text, p).is_empty());
        }
        // A character a pattern could read as an ASCII letter or a digit gets no view:
        // the Kelvin sign folds to "k", Arabic-Indic digits are digits.
        assert!(AsciiView::new("5 \u{212a}m on Monday").is_none());
        assert!(AsciiView::new("\u{663}\u{660} days").is_none());
        assert_eq!(
            one(
                "It happened on Monday\u{2019}s eve, \u{e9}t\u{e9}.",
                Some("2024-03-20")
            ),
            pair("Monday\u{2019}s", "2024-03-18 day")
        );
    }

    #[test]
    fn weekends() {
        // Wednesday 11 June 2025: the weekend before is 7-8 June (week 23), the next
        // 14-15 June (week 24).
        let wed = Some("2025-06-11");
        assert_eq!(
            one("The shelter was hit over the weekend.", wed),
            pair("the weekend", "2025-W23-WE weekend")
        );
        assert_eq!(
            one("Talks will resume at the weekend.", wed),
            pair("the weekend", "2025-W24-WE weekend")
        );
        assert_eq!(
            one("Traders sold ahead of the weekend.", wed),
            pair("the weekend", "2025-W24-WE weekend")
        );
        assert_eq!(
            one("Crowds gathered last weekend.", wed),
            pair("last weekend", "2025-W23-WE weekend")
        );
        assert_eq!(
            one("A march is planned for this weekend.", wed),
            pair("this weekend", "2025-W24-WE weekend")
        );
        assert_eq!(
            one("the clashes of this past weekend", wed),
            pair("this past weekend", "2025-W23-WE weekend")
        );
        // Written on Sunday 15 June: "the weekend" is the one under way, "next weekend"
        // the one after.
        let sun = Some("2025-06-15");
        assert_eq!(
            one("Police said over the weekend that two men were held.", sun),
            pair("the weekend", "2025-W24-WE weekend")
        );
        assert_eq!(
            one("The vote is next weekend.", sun),
            pair("next weekend", "2025-W25-WE weekend")
        );
        assert_eq!(
            one("the weekend's protests", None),
            pair("the weekend's", "unresolved")
        );
        // "weekend" without a determiner is a kind of thing, not a time.
        assert!(times("weekend markets and a weekend curfew", wed).is_empty());
    }

    #[test]
    fn holidays_with_their_year() {
        assert_eq!(
            one("Shops shut at Christmas 2019 and reopened.", None),
            pair("Christmas 2019", "2019-12-25 day")
        );
        // Easter 2019 was on 21 April.
        assert_eq!(
            one(
                "Bombs struck churches on Easter Sunday, 2019.",
                Some("2024-01-10")
            ),
            pair("Easter Sunday, 2019", "2019-04-21 day")
        );
        // "Christmas 1,500 gifts": no year.
        assert_eq!(
            one("For Christmas 1,500 gifts came.", Some("2024-01-10")),
            pair("Christmas", "2023-12-25 day")
        );
    }

    #[test]
    fn numbers_and_names_in_crime_reports_are_no_times() {
        let p = Some("2016-01-04");
        let none = |text: &str| {
            let got = times(text, p);
            assert!(got.is_empty(), "{text}: {got:?}");
        };
        none("Police were called to the 1900 block of Morris Street.");
        none("He fled in a red 2015 Toyota Corolla.");
        none("Officers are looking for a 2014 black Chevrolet pickup.");
        none("The suspect drove a white car, a 1995 to 2005 model with a black hood.");
        none("It was shot, said Ed Winter, a spokesman for the coroner.");
        none("The girl, 1-year-old Autumn Johnson, was struck.");
        none("The shooting was reported by the Columbia Daily Herald.");
        // A capitalised season after a time word is still a time.
        assert_eq!(times("Prices rose sharply since last Summer.", p).len(), 1);
        none("Thieves left carrying Christmas presents and a television.");
        // The same words as times still read.
        assert_eq!(
            times("The house was built in 1995 and sold in the winter.", p).len(),
            2
        );
        assert_eq!(times("He ran daily, even in winter.", p).len(), 2);
        assert_eq!(
            times("Winter came early that year.", p)[0],
            ("Winter".to_string(), "2016-WI season".to_string())
        );
        assert_eq!(
            one("They met on Christmas morning.", p),
            pair("Christmas morning", "2015-12-25TMO part_of_day")
        );
        assert_eq!(
            one("The store was robbed on Thanksgiving night.", p),
            pair("Thanksgiving night", "2015-11-26TNI part_of_day")
        );
    }

    #[test]
    fn an_opening_month_takes_the_tense_of_its_sentences_verb() {
        let p = Some("1998-10-25");
        // The first clause after the month has no verb: the sentence's verb ("killed")
        // is further on, past "Ala." and "vs.".
        assert_eq!(
            times(
                "In January, a week after the anniversary of Roe vs. Wade, a clinic bombing in \
                 Birmingham, Ala., killed a guard.",
                p
            )[0],
            ("January".to_string(), "1998-01 month".to_string())
        );
        // A figure ends the sentence before it: "to investigate" there says nothing of
        // January.
        assert_eq!(
            times(
                "Agents joined the effort to investigate shootings dating to 1994. In \
                 January, a bomb killed a guard.",
                p
            )[1],
            ("January".to_string(), "1998-01 month".to_string())
        );
        // "announced plans to": a past act, not a plan for next September.
        assert_eq!(
            one(
                "In September, the company announced plans to buy the mill.",
                Some("1989-10-30")
            )
            .1,
            "1989-09 month"
        );
        // A plan still reads ahead.
        assert_eq!(
            one(
                "In September, the company plans to buy the mill.",
                Some("1989-10-30")
            )
            .1,
            "1990-09 month"
        );
    }

    #[test]
    fn a_day_something_is_put_off_until_is_ahead() {
        // Thursday 30 March 2000: the coming Tuesday, though the putting off is past.
        let p = Some("2000-03-30");
        assert_eq!(
            one("Officials postponed the hearing until Tuesday.", p),
            pair("until Tuesday", "until 2000-04-04 day")
        );
        // Waiting until a day is not putting off: the last Tuesday.
        assert_eq!(
            one("Officials waited until Tuesday.", p),
            pair("until Tuesday", "until 2000-03-28 day")
        );
        // A clock before the day: still put off, and still a bound.
        assert_eq!(
            one(
                "The agency extended its deadline until 9 a.m. EST Tuesday.",
                p
            ),
            pair("until 9 a.m. EST Tuesday", "until 2000-04-04T09:00 minute")
        );
        assert_eq!(
            one("Officials waited until 9 a.m. Tuesday.", p),
            pair("until 9 a.m. Tuesday", "until 2000-03-28T09:00 minute")
        );
        // "shortly after 7 a.m. Wednesday" is when it happened, not a bound.
        assert_eq!(
            one("Police were called shortly after 7 a.m. Wednesday.", p),
            pair("after 7 a.m. Wednesday", "2000-03-29T07:00 minute")
        );
    }

    #[test]
    fn weekdays_and_days_named_from_another_day() {
        // Monday 30 October 1989.
        let p = Some("1989-10-30");
        // From the last day the story named.
        assert_eq!(
            times(
                "Shares closed lower Friday. The index fell 4.5% from the previous Friday.",
                p
            ),
            vec![
                pair("Friday", "1989-10-27 day"),
                pair("the previous Friday", "1989-10-20 day"),
            ]
        );
        assert_eq!(
            times(
                "Talks began on Oct. 3 and resumed the following Monday morning.",
                p
            ),
            vec![
                pair("Oct. 3", "1989-10-03 day"),
                pair("the following Monday morning", "1989-10-09TMO part_of_day"),
            ]
        );
        // With no day named before it, from the publication date, never on it.
        assert_eq!(
            one("Prices were up from the preceding Monday.", p),
            pair("the preceding Monday", "1989-10-23 day")
        );
        // "the day before" or "N days after" a day: a day, not an open interval.
        assert_eq!(
            one("Officials met the day before last Tuesday.", p),
            pair("the day before last Tuesday", "1989-10-23 day")
        );
        assert_eq!(
            one("The ballots were counted two days after Oct. 12.", p),
            pair("two days after Oct. 12", "1989-10-14 day")
        );
        // Without the count, "after" still opens an interval.
        assert_eq!(
            one("Nothing moved after Oct. 12.", p),
            pair("after Oct. 12", "since 1989-10-12 day")
        );
    }

    #[test]
    fn parts_and_weeks_of_named_days_and_months() {
        // Wednesday 19 June 2024.
        let p = Some("2024-06-19");
        assert_eq!(
            one("Gunmen struck on the night of March 3.", p),
            pair("the night of March 3", "2024-03-03TNI part_of_day")
        );
        assert_eq!(
            one("The blast came on the early morning of 5 May.", p),
            pair("the early morning of 5 May", "2024-05-05TMO part_of_day")
        );
        // The week holding the month's 4th, 11th, 18th or 25th, or its last day but three.
        assert_eq!(
            one("Police left in the first week of April.", p),
            pair("the first week of April", "2024-W14 week")
        );
        assert_eq!(
            one("Police left in the last week of May.", p),
            pair("the last week of May", "2024-W22 week")
        );
        assert_eq!(
            one("Police left in the third week of June.", p),
            pair("the third week of June", "2024-W25 week")
        );
        // 30 September 2024 is a Monday: the last week of September is the 23rd to 29th.
        assert_eq!(
            one("Police left in the last week of September 2024.", p),
            pair("the last week of September 2024", "2024-W39 week")
        );
    }

    #[test]
    fn periods_before_last_and_after_next() {
        // Wednesday 19 June 2024 (ISO week 25).
        let p = Some("2024-06-19");
        assert_eq!(
            one("The weekend before last, rebels shelled the town.", p),
            pair("The weekend before last", "2024-W23-WE weekend")
        );
        assert_eq!(
            one("The month before last, rebels shelled the town.", p),
            pair("The month before last", "2024-04 month")
        );
        assert_eq!(
            one("Talks resume the week after next.", p),
            pair("the week after next", "2024-W27 week")
        );
        // The coming weekend is 22-23 June; the one after it 29-30 June.
        assert_eq!(
            one("Talks resume the weekend after next.", p),
            pair("the weekend after next", "2024-W26-WE weekend")
        );
    }

    #[test]
    fn a_day_of_an_unnamed_month() {
        // Wednesday 19 June 2024.
        let p = Some("2024-06-19");
        assert_eq!(
            one("The strike ended on the 14th.", p),
            pair("the 14th", "2024-06-14 day")
        );
        assert_eq!(
            one("The trial is set to begin on the 14th.", p),
            pair("the 14th", "2024-07-14 day")
        );
        // The 30th is still to come in June: the last one is May's.
        assert_eq!(
            one("The attack on the 30th killed four.", p),
            pair("the 30th", "2024-05-30 day")
        );
        assert_eq!(
            one("Troops will stay until the 3rd.", p),
            pair("until the 3rd", "until 2024-07-03 day")
        );
        // Before a noun it is no day.
        assert!(times("He lives on the 14th floor.", p).is_empty());
        assert!(times("Built by the 2nd battalion.", p).is_empty());
    }

    #[test]
    fn so_long_ago_today_or_on_a_weekday() {
        // Wednesday 19 June 2024.
        let p = Some("2024-06-19");
        assert_eq!(
            one("Residents fled two weeks ago today.", p),
            pair("two weeks ago today", "2024-06-05 day")
        );
        // The Sunday a week before the last one (16 June).
        assert_eq!(
            one("The bomb went off a week ago Sunday.", p),
            pair("a week ago Sunday", "2024-06-09 day")
        );
        assert_eq!(
            one("The ceasefire collapsed a year ago this week.", p),
            pair("a year ago this week", "2023-W25 week")
        );
        // Apart, each is read alone.
        assert_eq!(
            times("It closed a year ago. Today it opened.", p),
            vec![
                pair("a year ago", "2023 year"),
                pair("Today", "2024-06-19 day")
            ]
        );
    }

    #[test]
    fn overnight_is_the_night_before_the_story_day() {
        // Monday 30 October 1989: "Friday" is the 27th, so overnight is Thursday's night.
        let p = Some("1989-10-30");
        assert_eq!(
            times(
                "London shares closed lower Friday, hit by overnight losses in New York.",
                p
            ),
            vec![
                pair("Friday", "1989-10-27 day"),
                pair("overnight", "1989-10-26TNI part_of_day"),
            ]
        );
        // A day long before the publication date is not the story's day.
        assert_eq!(
            times("The plant opened on Oct. 3, 1988. Shops shut overnight.", p),
            vec![
                pair("Oct. 3, 1988", "1988-10-03 day"),
                pair("overnight", "1989-10-30TNI part_of_day"),
            ]
        );
    }

    #[test]
    fn feasts_that_name_places() {
        let p = Some("2016-01-04");
        // The Texas city, not the feast (which fell on 4 June in 2015).
        assert!(times("Corpus Christi police responded to 663 calls.", p).is_empty());
        assert!(times("A man was shot in Corpus Christi on Sunday.", p)
            .iter()
            .all(|(w, _)| w == "Sunday"));
        assert!(times("He lives in Corpus Christi, Texas.", p).is_empty());
        assert!(times("Flights to Easter Island resumed.", p).is_empty());
        assert!(times("Christmas Island is an Australian territory.", p).is_empty());
        // The feasts themselves still read.
        assert_eq!(
            one("The procession on Corpus Christi drew crowds.", p),
            pair("Corpus Christi", "2015-06-04 day")
        );
        assert_eq!(
            one("Shops shut on Easter Sunday.", p),
            pair("Easter Sunday", "2016-03-27 day")
        );
    }

    #[test]
    fn periods_named_from_the_last_time_given() {
        let p = Some("2025-02-20");
        assert_eq!(
            times(
                "The mine opened in May 2019 and closed the following year.",
                p
            ),
            vec![
                pair("May 2019", "2019-05 month"),
                pair("the following year", "2020 year")
            ]
        );
        assert_eq!(
            times("He fled in June 2016 and came back later that year.", p),
            vec![
                pair("June 2016", "2016-06 month"),
                pair("later that year", "2016 year")
            ]
        );
        assert_eq!(
            times(
                "The dam broke on 3 April 2011; aid came that same day. The next day, rain.",
                p
            ),
            vec![
                pair("3 April 2011", "2011-04-03 day"),
                pair("that same day", "2011-04-03 day"),
                pair("The next day", "2011-04-04 day")
            ]
        );
        assert_eq!(
            times(
                "A bomb went off on 3 April 2011. On the same day, gunmen raided a post.",
                p
            ),
            vec![
                pair("3 April 2011", "2011-04-03 day"),
                pair("the same day", "2011-04-03 day")
            ]
        );
        assert_eq!(
            times(
                "Exports fell in 2008; the preceding month they had risen.",
                p
            ),
            vec![
                pair("2008", "2008 year"),
                pair("the preceding month", "unresolved")
            ]
        );
        // Nothing to refer to: recognised, not guessed.
        assert_eq!(
            one("The following month, prices rose.", p),
            pair("The following month", "unresolved")
        );
    }

    #[test]
    fn months_of_a_relative_year() {
        let p = Some("2025-02-20");
        assert_eq!(
            one("The clinic closed in June last year.", p),
            pair("June last year", "2024-06 month")
        );
        assert_eq!(
            one("in January this year", p),
            pair("January this year", "2025-01 month")
        );
        assert_eq!(
            one("elections set for March of next year", p),
            pair("March of next year", "2026-03 month")
        );
        assert_eq!(
            one("since Oct. last year", p),
            pair("since Oct. last year", "since 2024-10 month")
        );
        assert_eq!(
            one("in May last year", None),
            pair("May last year", "unresolved")
        );
    }

    #[test]
    fn relative_days_and_periods() {
        assert_eq!(
            one("yesterday", Some("2024-03-01")),
            pair("yesterday", "2024-02-29 day")
        );
        assert_eq!(
            one("late last night", Some("2024-03-01")),
            pair("last night", "2024-02-29TNI part_of_day")
        );
        assert_eq!(
            one("two days ago", Some("2024-03-01")),
            pair("two days ago", "2024-02-28 day")
        );
        assert_eq!(
            one("three months ago", Some("2024-02-10")),
            pair("three months ago", "2023-11 month")
        );
        assert_eq!(
            one("last year", Some("2024-02-10")),
            pair("last year", "2023 year")
        );
        assert_eq!(
            one("last week", Some("2024-03-22")),
            pair("last week", "2024-W11 week")
        );
        assert_eq!(
            one("told the committee earlier in the year", Some("2024-03-22")),
            pair("earlier in the year", "2024 year")
        );
        assert_eq!(
            one("told the committee earlier in the year", None),
            pair("earlier in the year", "unresolved")
        );
        assert_eq!(one("yesterday", None), pair("yesterday", "unresolved"));
    }

    #[test]
    fn years_decades_and_seasons() {
        assert_eq!(
            one("Formed in 2015 by members", None),
            pair("2015", "2015 year")
        );
        assert_eq!(one("in the year 2015", None), pair("2015", "2015 year"));
        assert_eq!(
            one("since the 1990s", None),
            pair("since the 1990s", "since 1990s decade")
        );
        assert_eq!(
            one("in the summer of 2023", None),
            pair("the summer of 2023", "2023-SU season")
        );
        assert_eq!(
            one("last winter", Some("2024-06-01")),
            pair("last winter", "2023-WI season")
        );
        assert_eq!(
            one("in March 2024", None),
            pair("March 2024", "2024-03 month")
        );
    }

    #[test]
    fn durations_quarters_and_relative_times() {
        assert_eq!(
            one("for three years", None),
            pair("three years", "duration P3Y")
        );
        assert_eq!(
            one("over the past two months", None),
            pair("the past two months", "duration P2M")
        );
        assert_eq!(
            one("a 16-hour siege", None),
            pair("16-hour", "duration PT16H")
        );
        assert_eq!(
            one("for several days", None),
            pair("several days", "duration PXD")
        );
        assert_eq!(one("for years", None), pair("years", "duration PXY"));
        assert_eq!(
            one("a couple of years", None),
            pair("a couple of years", "duration P2Y")
        );
        assert!(times("a 6-year-old boy and a man 52 years old", None).is_empty());
        assert_eq!(
            one("two decades", None),
            pair("two decades", "duration P20Y")
        );
        assert_eq!(
            one("in the third quarter", Some("1989-10-25")),
            pair("the third quarter", "1989-Q3 quarter")
        );
        assert_eq!(
            one("fourth-quarter profit", Some("1989-02-01")),
            pair("fourth-quarter", "1988-Q4 quarter")
        );
        assert_eq!(
            one("Prices are now higher", None),
            pair("now", "PRESENT_REF")
        );
        assert_eq!(one("recently", None), pair("recently", "PAST_REF"));
        assert_eq!(
            one("in the near future", None),
            pair("the near future", "FUTURE_REF")
        );
        assert_eq!(
            one("last May", Some("1998-03-10")),
            pair("last May", "1997-05 month")
        );
        assert_eq!(
            one("last May", Some("1998-08-10")),
            pair("last May", "1998-05 month")
        );
        assert_eq!(
            one("next March", Some("1998-08-10")),
            pair("next March", "1999-03 month")
        );
        assert_eq!(
            one("a year earlier", Some("1989-10-25")),
            pair("a year earlier", "1988 year")
        );
    }

    #[test]
    fn half_units() {
        assert_eq!(
            one("the ferry took 3 1/2 hours to cross", None),
            pair("3 1/2 hours", "duration PT3H30M")
        );
        assert_eq!(
            one("she coached the team for two and a half years", None),
            pair("two and a half years", "duration P2Y6M")
        );
        assert_eq!(
            one("a day and a half of talks", None),
            pair("a day and a half", "duration P1DT12H")
        );
        assert_eq!(
            one("the alarm rang for a minute and a half", None),
            pair("a minute and a half", "duration PT1M30S")
        );
        assert_eq!(
            one("we waited half an hour", None),
            pair("half an hour", "duration PT30M")
        );
        assert_eq!(
            one("a half-hour delay", None),
            pair("a half-hour", "duration PT30M")
        );
        assert_eq!(
            one("over the past 2-1/2 decades", None),
            pair("the past 2-1/2 decades", "duration P25Y")
        );
        // A price change or a fraction of a count is no time.
        assert!(times("the stock rose 2 1/2 to 37 and half a million voted", None).is_empty());
        // An age with a half is an age.
        assert!(times("a 2 1/2-year-old girl", None).is_empty());
    }

    #[test]
    fn centuries() {
        assert_eq!(
            one("a 12th-century abbey", None),
            pair("12th-century", "11 century")
        );
        assert_eq!(
            one("wars of the twentieth century", None),
            pair("the twentieth century", "19 century")
        );
        assert_eq!(
            one("in the 21st century", None),
            pair("the 21st century", "20 century")
        );
        assert_eq!(
            one("a twenty-first century city", None),
            pair("twenty-first century", "20 century")
        );
        assert!(times("built in the fifth century B.C. by farmers", None).is_empty());
    }

    #[test]
    fn vague_times_ago() {
        assert_eq!(
            one("the mill closed several years ago", Some("2003-05-14")),
            pair("several years ago", "PAST_REF")
        );
        assert_eq!(
            one("a few weeks ago", Some("2003-05-14")),
            pair("a few weeks ago", "PAST_REF")
        );
        // A said number still counts back from the publication date.
        assert_eq!(
            one("three weeks ago", Some("2003-05-14")),
            pair("three weeks ago", "2003-W17 week")
        );
    }

    #[test]
    fn today_as_an_age() {
        let p = Some("2003-05-14");
        assert!(times("a problem for today's young voters", p).is_empty());
        assert!(times("Cars in today's world are safer.", p).is_empty());
        assert!(times("they will be the people of tomorrow", p).is_empty());
        assert!(times("the world of today", p).is_empty());
        // A day's own things stay that day.
        assert_eq!(
            one("today's vote was close", p),
            pair("today's", "2003-05-14 day")
        );
        assert_eq!(
            one("the meeting of tomorrow", p),
            pair("tomorrow", "2003-05-15 day")
        );
        assert_eq!(
            one("the results of today", p),
            pair("today", "2003-05-14 day")
        );
    }

    #[test]
    fn clock_times_and_parts_of_day() {
        assert_eq!(
            one("at 10 p.m. Wednesday", Some("1998-02-13")),
            pair("10 p.m. Wednesday", "1998-02-11T22:00 minute")
        );
        assert_eq!(
            one("noon Thursday", Some("1998-02-13")),
            pair("noon Thursday", "1998-02-12T12:00 minute")
        );
        assert_eq!(
            one("on Friday at 3pm", Some("2013-02-12")),
            pair("Friday at 3pm", "2013-02-08T15:00 minute")
        );
        assert_eq!(
            one("at 7:15 p.m.", Some("2013-02-12")),
            pair("7:15 p.m.", "2013-02-12T19:15 minute")
        );
        assert_eq!(one("at 18:30", None), pair("18:30", "unresolved"));
        assert_eq!(
            one("he left at 4 in the morning", Some("2013-02-12")),
            pair("4 in the morning", "2013-02-12T04:00 minute")
        );
        assert_eq!(
            one("shots rang out at 7:30 in the evening", Some("2013-02-12")),
            pair("7:30 in the evening", "2013-02-12T19:30 minute")
        );
        assert_eq!(
            one("by two in the afternoon", Some("2013-02-12")),
            pair("two in the afternoon", "2013-02-12T14:00 minute")
        );
        // No such hour: not a time.
        assert_eq!(
            find_times("by ten in the afternoon", None).len(),
            0,
            "ten in the afternoon"
        );
        assert_eq!(
            one("at 3 o'clock", Some("2013-02-12")),
            pair("3 o'clock", "2013-02-12T03 hour")
        );
        assert_eq!(
            one("this evening", Some("1998-01-20")),
            pair("this evening", "1998-01-20TEV part_of_day")
        );
        assert_eq!(
            one("Thursday evening", Some("1998-02-13")),
            pair("Thursday evening", "1998-02-12TEV part_of_day")
        );
        assert_eq!(
            one("12 am", Some("2013-02-12")),
            pair("12 am", "2013-02-12T00:00 minute")
        );
    }

    #[test]
    fn open_intervals() {
        assert_eq!(
            one("since 2021", None),
            pair("since 2021", "since 2021 year")
        );
        assert_eq!(
            one(
                "Since the United States' withdrawal from Afghanistan in 2021, the group grew",
                None
            ),
            pair(
                "Since the United States' withdrawal from Afghanistan in 2021",
                "since 2021 year"
            )
        );
        assert_eq!(
            one("until March 2020", None),
            pair("until March 2020", "until 2020-03 month")
        );
        assert_eq!(
            one("before 2020", None),
            pair("before 2020", "until 2020 year")
        );
    }

    #[test]
    fn words_that_are_not_times() {
        assert!(times(
            "Officials may have known. Protesters march on.",
            Some("2024-01-01")
        )
        .is_empty());
        assert!(times("killed 2015 people", None).is_empty());
        assert!(times("the 2000 people who fled", None).is_empty());
        assert_eq!(
            one("the 2021 withdrawal", None),
            pair("the 2021", "2021 year")
        );
        assert!(times("The sun rose over the market.", Some("2024-01-01")).is_empty());
    }

    #[test]
    fn now_as_a_discourse_marker() {
        for text in [
            "Prices fell. Now, the mayor says, the market must adapt.",
            "\"Now, let me explain the plan,\" she said.",
            "Now, consider the harbour.",
        ] {
            assert!(times(text, Some("2024-01-01")).is_empty(), "{text}");
        }
        // Without the comma, or inside its sentence, it is the present.
        assert_eq!(
            one("Prices fell. Now the market must adapt.", None),
            pair("Now", "PRESENT_REF")
        );
        assert_eq!(
            one("The market is now, at last, adapting.", None),
            pair("now", "PRESENT_REF")
        );
        assert_eq!(
            one("Until now, nobody knew.", None),
            pair("Until now", "PRESENT_REF")
        );
    }

    #[test]
    fn the_past_before_a_period_is_not_past_ref() {
        for text in [
            "one of the great inventions of the past century",
            "floods hit the valley in the past three summers",
        ] {
            assert!(
                times(text, Some("2024-05-01"))
                    .iter()
                    .all(|(_, v)| v != "PAST_REF"),
                "{text}"
            );
        }
        assert_eq!(
            one("Prices rose in the past two months", None),
            pair("the past two months", "duration P2M")
        );
        assert_eq!(
            one("In the past a clerk kept the ledger.", None),
            pair("the past", "PAST_REF")
        );
        assert_eq!(
            one("Voters rejected it in the past.", None),
            pair("the past", "PAST_REF")
        );
    }

    #[test]
    fn a_month_of_every_year() {
        assert_eq!(
            one(
                "The fair opens each July in the square.",
                Some("2024-05-01")
            ),
            pair("each July", "set P1Y on --07 month")
        );
        assert_eq!(
            one("Every October, the river floods.", None),
            pair("Every October", "set P1Y on --10 month")
        );
        assert_eq!(
            one("The fair opened in July.", Some("2024-05-01")),
            pair("July", "2023-07 month")
        );
    }

    #[test]
    fn a_weekday_of_every_week() {
        let p = Some("2024-05-01");
        assert_eq!(
            one("The ferry leaves each Thursday from the north pier.", p),
            pair("each Thursday", "set P1W on -W-4 day")
        );
        assert_eq!(
            one("Every Sunday morning the bells ring.", None),
            pair("Every Sunday morning", "set P1W on -W-7TMO part_of_day")
        );
        assert_eq!(
            one("The library closes early on Saturdays.", p),
            pair("Saturdays", "set P1W on -W-6 day")
        );
        // A bare weekday joined to a set shares its plural, or its "each".
        assert_eq!(
            times("Buses run to the coast on Monday and Tuesday nights.", p),
            vec![
                pair("Monday", "set P1W on -W-1TNI part_of_day"),
                pair("Tuesday nights", "set P1W on -W-2TNI part_of_day")
            ]
        );
        assert_eq!(
            times("The clinic opens each Monday and Thursday.", p),
            vec![
                pair("each Monday", "set P1W on -W-1 day"),
                pair("Thursday", "set P1W on -W-4 day")
            ]
        );
        // Without a quantifier or a plural, the days are dated (1 May 2024 is a Wednesday).
        assert_eq!(
            times("The clinic opened on Monday and Tuesday.", p),
            vec![
                pair("Monday", "2024-04-29 day"),
                pair("Tuesday", "2024-04-30 day")
            ]
        );
        assert_eq!(
            times("She visited on Monday and every Friday since.", p),
            vec![
                pair("Monday", "2024-04-29 day"),
                pair("every Friday", "set P1W on -W-5 day")
            ]
        );
    }

    #[test]
    fn a_couple_of_units_is_two() {
        assert_eq!(
            one("Prices may stay low for the next couple of years.", None),
            pair("the next couple of years", "duration P2Y")
        );
        assert_eq!(
            one("The work takes a couple weeks.", None),
            pair("a couple weeks", "duration P2W")
        );
    }

    #[test]
    fn today_is_the_nth_day() {
        let p = Some("2024-05-01");
        assert_eq!(
            times("Today is the tenth day of the strike.", p),
            vec![
                pair("Today", "2024-05-01 day"),
                pair("the tenth day", "2024-05-01 day")
            ]
        );
        assert_eq!(
            one("It's the third straight day of rain in the valley.", p),
            pair("the third straight day", "2024-05-01 day")
        );
        // Told in the past, the day is not the day of writing.
        assert_eq!(times("It was the third day of the strike.", p), vec![]);
    }

    #[test]
    fn today_after_a_name_in_capitals_is_a_name() {
        let p = Some("2024-05-01");
        let found = times("The poll ran in USA Today last week.", p);
        assert_eq!(found, vec![pair("last week", "2024-W17 week")]);
        assert_eq!(
            times("You are listening to VOA Today.", p),
            Vec::<(String, String)>::new()
        );
        assert_eq!(
            one("Today the council meets.", p),
            pair("Today", "2024-05-01 day")
        );
        assert_eq!(
            one("The UN said Today would be calm.", p),
            pair("Today", "2024-05-01 day")
        );
    }

    #[test]
    fn the_week_of_a_feast() {
        // Easter 2024 fell on 31 March, the Sunday that ends ISO week 13.
        assert_eq!(
            one("Crowds gathered as Easter week began.", Some("2024-03-26")),
            pair("Easter week", "2024-W13 week")
        );
        assert_eq!(
            one("Shops stay open during Christmas week.", Some("2024-12-02")),
            pair("Christmas week", "2024-W52 week")
        );
        assert_eq!(
            one("The Easter weekend was calm.", Some("2024-04-02")),
            pair("Easter", "2024-03-31 day")
        );
    }

    #[test]
    fn high_noon_is_an_idiom() {
        let p = Some("2024-05-01");
        assert_eq!(times("For the rebels, high noon has come.", p), vec![]);
        assert_eq!(
            one("The rebels met at noon.", p),
            pair("noon", "2024-05-01T12:00 minute")
        );
    }

    #[test]
    fn halves_of_a_year() {
        assert_eq!(
            one("Sales should recover in the second half of 2024.", None),
            pair("the second half of 2024", "2024-H2 half")
        );
        assert_eq!(
            one("Orders held up in the first two quarters of 1991.", None),
            pair("the first two quarters of 1991", "1991-H1 half")
        );
        assert_eq!(
            one("Profit fell in the last half of fiscal 1990.", None),
            pair("the last half of fiscal 1990", "1990-H2 half")
        );
        assert_eq!(
            one(
                "The plant opens in the first half of next year.",
                Some("1997-11-04")
            ),
            pair("the first half of next year", "1998-H1 half")
        );
        assert_eq!(
            one("The plant opens in the first half of next year.", None),
            pair("the first half of next year", "unresolved")
        );
        // A half without its year is not read: it may be a game's or a century's.
        assert_eq!(times("They scored twice in the second half.", None), vec![]);
        // "The first six months" is a length, the year apart (TimeML tags them apart).
        assert_eq!(
            times("Output rose in the first six months of 1991.", None),
            vec![
                pair("the first six months", "duration P6M"),
                pair("1991", "1991 year")
            ]
        );
    }

    #[test]
    fn compounds_of_two_units_are_not_times() {
        for text in [
            "The quarter-to-quarter comparison was weak.",
            "Year-over-year sales rose.",
            "sales rose on a month-to-month basis",
        ] {
            assert!(times(text, Some("2024-05-01")).is_empty(), "{text}");
        }
        assert_eq!(
            one("The quarter was weak.", Some("2024-05-01")),
            pair("The quarter", "2024-Q1 quarter")
        );
    }

    #[test]
    fn several_in_order_without_overlap() {
        let got = times(
            "The attack on Saturday killed 19, officials said on Sunday, a week after a warning issued in May.",
            Some("2025-06-15"),
        );
        assert_eq!(
            got,
            vec![
                pair("Saturday", "2025-06-14 day"),
                pair("Sunday", "2025-06-15 day"),
                pair("a week", "duration P1W"),
                pair("May", "2025-05 month"),
            ]
        );
    }

    #[test]
    fn quarters_the_article_reports_on() {
        let got = times(
            "Earnings rose 8% in the third quarter. A year earlier the firm lost money. The quarter was its best, and the year-ago period was weak.",
            Some("1997-11-04"),
        );
        assert_eq!(
            got,
            vec![
                pair("the third quarter", "1997-Q3 quarter"),
                pair("A year earlier", "1996-Q3 quarter"),
                pair("The quarter", "1997-Q3 quarter"),
                pair("the year-ago period", "1996-Q3 quarter"),
            ]
        );
        // "The corresponding period last year" is the year-ago quarter, one expression.
        assert_eq!(
            times(
                "The mill earned $3 million in the third quarter, against $2 million for the corresponding period last year.",
                Some("1997-11-04"),
            ),
            vec![
                pair("the third quarter", "1997-Q3 quarter"),
                pair("the corresponding period last year", "1996-Q3 quarter"),
            ]
        );
        assert_eq!(
            one("profit in the latest quarter", Some("1997-11-04")),
            pair("the latest quarter", "1997-Q3 quarter")
        );
        assert_eq!(
            one("sales in the second quarter of 1995", Some("1997-11-04")),
            pair("the second quarter of 1995", "1995-Q2 quarter")
        );
        assert_eq!(
            one("orders for next year's first quarter", Some("1997-11-04")),
            pair("next year's first quarter", "1998-Q1 quarter")
        );
        assert_eq!(
            one("a loss in the current quarter", Some("1997-11-04")),
            pair("the current quarter", "1997-Q4 quarter")
        );
        // Without a quarter in sight, a year earlier is the year.
        assert_eq!(
            one("A year earlier the mill closed.", Some("1997-11-04")),
            pair("A year earlier", "1996 year")
        );
        // After a run of months, "a year earlier" compares the same months: a year.
        let found = times(
            "Sales rose in the third quarter. For the nine months, the mill earned $4 million, \
             up from $3 million a year earlier.",
            Some("1997-11-04"),
        );
        assert_eq!(found.last(), Some(&pair("a year earlier", "1996 year")));
        let found = times(
            "For the nine months, sales rose; in the third quarter, profit fell from a year earlier.",
            Some("1997-11-04"),
        );
        assert_eq!(
            found.last(),
            Some(&pair("a year earlier", "1996-Q3 quarter"))
        );
        // An earlier quarter named in passing, or the quarter under way, is not the one
        // reported on.
        let found = times(
            "Profit rose in the third quarter. After a weak second quarter, sales \
             recovered, and the firm expects more growth in the fourth quarter. The \
             quarter's margin beat the year-ago period.",
            Some("1997-11-04"),
        );
        assert_eq!(
            found[found.len() - 2..],
            [
                pair("The quarter", "1997-Q3 quarter"),
                pair("the year-ago period", "1996-Q3 quarter"),
            ]
        );
    }

    #[test]
    fn bare_spelled_and_fiscal_years() {
        assert_eq!(
            one("The plant opened 1987 as a depot.", None),
            pair("1987", "1987 year")
        );
        assert!(times("It paid $1987 for 1990 shares, up 1990%.", None).is_empty());
        assert_eq!(
            one("back in nineteen eighty-four", None),
            pair("nineteen eighty-four", "1984 year")
        );
        assert_eq!(
            one("ready by the year two thousand", None),
            pair("the year two thousand", "2000 year")
        );
        assert_eq!(
            one("a loss for fiscal 1996", None),
            pair("fiscal 1996", "1996 year")
        );
    }

    #[test]
    fn sets_and_unsaid_amounts() {
        assert_eq!(one("two flights daily", None), pair("daily", "set P1D"));
        assert_eq!(
            one("they meet every week", None),
            pair("every week", "set P1W")
        );
        assert_eq!(
            one("prices fell in recent weeks", None),
            pair("recent weeks", "duration PXW")
        );
        assert!(times("a recent survey", None).is_empty());
        assert!(times("three-quarters of voters and a quarter of them", None).is_empty());
        assert!(times("asked for a second opinion", None).is_empty());
    }

    #[test]
    fn rates_and_manners_are_not_times() {
        for text in [
            "The ferry line adds daily crossings to Tromso.",
            "The average daily catch fell to nine tonnes.",
            "The two trains passed minutes apart.",
            "A guard saw the van seconds before the crash.",
            "The orchestra has recently moved to a new hall.",
            "The curfew was recently lifted.",
        ] {
            assert!(times(text, Some("2024-01-01")).is_empty(), "{text}");
        }
        // A rate adjective before a singular noun, and "recently" elsewhere, stay.
        assert_eq!(
            one("The mayor holds a daily briefing.", None),
            pair("daily", "set P1D")
        );
        assert_eq!(
            one("The orchestra recently moved to a new hall.", None),
            pair("recently", "PAST_REF")
        );
        assert_eq!(
            one("The talks lasted three hours.", None),
            pair("three hours", "duration PT3H")
        );
        // "the early hours of Sunday" is Sunday; "for hours" stays a length.
        assert_eq!(
            times(
                "A bomb went off in the early hours of Sunday.",
                Some("2026-03-04")
            ),
            vec![pair("Sunday", "2026-03-01 day")]
        );
        assert_eq!(
            one("Crowds waited for hours.", None),
            pair("hours", "duration PTXH")
        );
    }

    #[test]
    fn parts_of_the_day_last_named() {
        let p = Some("2000-02-24");
        assert_eq!(
            times(
                "He was arrested on Feb. 21. He appeared in court the next morning.",
                p
            ),
            vec![
                pair("Feb. 21", "2000-02-21 day"),
                pair("the next morning", "2000-02-22TMO part_of_day")
            ]
        );
        assert_eq!(
            times(
                "The bomb went off on March 2. That night, police sealed the area.",
                p
            ),
            vec![
                pair("March 2", "1999-03-02 day"),
                pair("That night", "1999-03-02TNI part_of_day")
            ]
        );
        assert_eq!(
            times(
                "The raid came on Feb. 21. The previous evening, police had warned residents.",
                p
            ),
            vec![
                pair("Feb. 21", "2000-02-21 day"),
                pair("The previous evening", "2000-02-20TEV part_of_day")
            ]
        );
        // With no day named before it, the night is not guessed.
        assert_eq!(
            one("That night, police sealed the area.", p),
            pair("That night", "unresolved")
        );
    }

    #[test]
    fn counted_days_fortnights_and_ends_of_periods() {
        let p = Some("2026-03-04");
        assert_eq!(
            one("It happened the day before yesterday.", p),
            pair("the day before yesterday", "2026-03-02 day")
        );
        assert_eq!(
            one("The envoy lands the day after tomorrow.", p),
            pair("the day after tomorrow", "2026-03-06 day")
        );
        assert_eq!(
            one("He left a fortnight ago.", p),
            pair("a fortnight ago", "2026-W08 week")
        );
        assert_eq!(
            one("The camp has been shut for a fortnight.", p),
            pair("a fortnight", "duration P2W")
        );
        assert_eq!(
            one("Ballots are counted two fortnights hence.", p),
            pair("two fortnights hence", "2026-W14 week")
        );
        assert_eq!(
            one("Troops withdraw by the end of the month.", p),
            pair("the end of the month", "2026-03 month")
        );
    }

    #[test]
    fn then_current_is_past() {
        assert_eq!(
            one(
                "Holders may buy shares at half the then current price.",
                None
            ),
            pair("then current", "PAST_REF")
        );
        assert_eq!(
            one("Holders may buy shares at half the current price.", None),
            pair("current", "PRESENT_REF")
        );
    }

    #[test]
    fn days_and_months_without_a_year_lean_to_the_past() {
        // Five months back beats four ahead: news reports what happened.
        assert_eq!(
            one("the fire of Oct. 20 destroyed it", Some("1997-03-18")),
            pair("Oct. 20", "1996-10-20 day")
        );
        assert_eq!(
            one("hearings will resume on Oct. 20", Some("1997-03-18")),
            pair("Oct. 20", "1997-10-20 day")
        );
        assert_eq!(
            one("the strike began in November", Some("1997-03-18")),
            pair("November", "1996-11 month")
        );
        assert_eq!(
            one("talks are set to resume Monday", Some("1997-03-19")),
            pair("Monday", "1997-03-24 day")
        );
    }

    #[test]
    fn months_seasons_and_decades_said_alone() {
        assert_eq!(
            one("Prices peaked October and slid.", Some("1997-11-04")),
            pair("October", "1997-10 month")
        );
        assert_eq!(
            one("by year-end", Some("1997-11-04")),
            pair("year-end", "1997 year")
        );
        assert_eq!(
            one("a fad of the nineties", None),
            pair("the nineties", "1990s decade")
        );
        assert_eq!(
            one("talks resume in the summer", Some("1997-03-04")),
            pair("the summer", "1997-SU season")
        );
        assert!(times("Leaves fall and buds spring up.", Some("1997-03-04")).is_empty());
        assert_eq!(
            one("born in January nineteen sixty-one", None),
            pair("January nineteen sixty-one", "1961-01 month")
        );
    }

    #[test]
    fn the_year_of_an_account() {
        assert_eq!(
            one("For the full year, sales rose.", Some("1997-11-04")),
            pair("the full year", "1997 year")
        );
        assert_eq!(
            times("profit for the year ended June 30 fell", Some("1997-11-04")),
            vec![
                pair("the year", "duration P1Y"),
                pair("June 30", "1997-06-30 day")
            ]
        );
        // "the year before" is anaphoric: not read as the current year.
        assert!(times("down from 40 the year before", Some("1997-11-04")).is_empty());
    }

    #[test]
    fn a_future_cue_counts_in_its_own_clause_only() {
        // 1997-03-19 was a Wednesday.
        assert_eq!(
            one(
                "They will appeal the ruling, announced Monday.",
                Some("1997-03-19")
            ),
            pair("Monday", "1997-03-17 day")
        );
        assert_eq!(
            one("The envoy will arrive Monday.", Some("1997-03-19")),
            pair("Monday", "1997-03-24 day")
        );
        // Neither "a.m." nor the apostrophe of "they'll" ends the clause.
        assert_eq!(
            one("They'll land at 6 a.m. GMT Friday.", Some("1997-03-19")),
            pair("6 a.m. GMT Friday", "1997-03-21T06:00 minute")
        );
        // Told of the future, a month is not behind the publication date, however near
        // the last one is; the month of publication stays itself.
        assert_eq!(
            one(
                "The crew will fly a mission in December.",
                Some("1998-03-04")
            ),
            pair("December", "1998-12 month")
        );
        assert_eq!(
            one(
                "The crew will fly a mission in January.",
                Some("1998-03-04")
            ),
            pair("January", "1999-01 month")
        );
        assert_eq!(
            one("The crew will fly a mission in March.", Some("1998-03-24")),
            pair("March", "1998-03 month")
        );
        assert_eq!(
            one("The crew flew a mission in December.", Some("1998-03-04")),
            pair("December", "1997-12 month")
        );
    }

    #[test]
    fn a_month_modifying_a_noun() {
        assert_eq!(
            one("under a June agreement with lenders", Some("1997-11-04")),
            pair("a June", "1997-06 month")
        );
        // "may" the verb and a month before a capitalised name are left alone
        assert!(times("the May Company said it may close", Some("1997-11-04")).is_empty());
    }

    #[test]
    fn is_to_speaks_of_the_future() {
        // Wednesday 19 March 1997: "is to" looks forward to the coming Friday
        assert_eq!(
            one("The ship is to sail Friday.", Some("1997-03-19")),
            pair("Friday", "1997-03-21 day")
        );
        // An obligation looks forward too.
        assert_eq!(
            one("Rebels must leave by Friday.", Some("1997-03-19")),
            pair("Friday", "1997-03-21 day")
        );
        assert_eq!(
            one("The council has to decide by Monday.", Some("1997-03-19")),
            pair("Monday", "1997-03-24 day")
        );
        // Without one, a bare weekday is the last one.
        assert_eq!(
            one("Rebels left by Friday.", Some("1997-03-19")),
            pair("Friday", "1997-03-14 day")
        );
    }

    #[test]
    fn counts_of_units_with_compound_numbers_and_adjectives() {
        assert_eq!(
            one("over the past thirty six hours", None),
            pair("the past thirty six hours", "duration PT36H")
        );
        assert_eq!(
            one("it will run for 15 more years", None),
            pair("15 more years", "duration P15Y")
        );
        assert_eq!(
            one("shares fell for three straight days", None),
            pair("three straight days", "duration P3D")
        );
    }

    #[test]
    fn a_year_before_a_comma_or_a_name() {
        assert_eq!(
            one("She moved there in 1974, remains there", None),
            pair("1974", "1974 year")
        );
        assert_eq!(
            one("medals at the 2012 Games", None),
            pair("the 2012", "2012 year")
        );
        // still a count
        assert!(times("the 2012 delegates voted", None).is_empty());
    }

    #[test]
    fn feasts_of_other_calendars_in_articles() {
        // the nearest one, leaning to the past: Eid al-Fitr 2023 was 21 April
        assert_eq!(
            one("shops closed for Eid al-Fitr", Some("2023-05-02")),
            pair("Eid al-Fitr", "2023-04-21 day")
        );
        assert_eq!(
            one("fireworks were banned for Diwali", Some("2023-11-20")),
            pair("Diwali", "2023-11-12 day")
        );
        // a name that is only part of a word is not a feast
        assert!(times("the holiday season", Some("2023-11-20")).is_empty());
        // nor is a common phrase written in lower case
        assert!(times("it was the king's day of triumph", Some("2023-11-20")).is_empty());
        assert_eq!(
            one("parades on King's Day", Some("2023-11-20")),
            pair("King's Day", "2023-04-27 day")
        );
    }

    #[test]
    fn clock_times_with_a_zone_join_their_day() {
        assert_eq!(
            one("he was found on Thanksgiving Day", Some("1997-12-02")),
            pair("Thanksgiving Day", "1997-11-27 day")
        );
        assert_eq!(
            one("the vote is due at Easter", Some("1997-02-02")),
            pair("Easter", "1997-03-30 day")
        );
        assert!(times(
            "Mass at St. Patrick's Cathedral; she is the boss",
            Some("1997-02-02")
        )
        .is_empty());
        assert_eq!(
            one("the offer ends at 5 p.m. EST, Nov. 14", Some("1997-11-04")),
            pair("5 p.m. EST, Nov. 14", "1997-11-14T17:00 minute")
        );
    }
}
