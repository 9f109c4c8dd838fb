//! A cheap date scan for the document classifiers: how old the dates a text mentions
//! are, counted back from the document's publication date.
//!
//! MUC-4 counts an incident only when it is recent news; an article that recalls an
//! attack of months or years ago in passing reports none. The scan reads the
//! lower-cased tokens once: day-and-month dates ("30 december", "december 30, 1989"),
//! month names with a day or a year, bare years, and the relative words of news style
//! ("yesterday", "last night", "on monday", "last week", "two years ago"). Absolute
//! dates need the reference (publication) date; relative words do not.

/// A calendar day (proleptic Gregorian calendar).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

fn leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn month_len(y: i32, m: u32) -> u32 {
    match m {
        2 if leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl Day {
    /// The day, when it exists in the calendar.
    pub fn new(year: i32, month: u32, day: u32) -> Option<Day> {
        ((1..=12).contains(&month) && day >= 1 && day <= month_len(year, month)).then_some(Day {
            year,
            month,
            day,
        })
    }

    /// Days since 1970-01-01 (negative before).
    pub fn ordinal(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let mp = if m > 2 { m - 3 } else { m + 9 };
        let doy = (153 * mp + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }
}

/// The month a word names (1–12): full names and the usual abbreviations.
pub fn month(w: &str) -> Option<u32> {
    Some(match w {
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
    })
}

fn number(w: &str) -> Option<u32> {
    if w.is_empty() || w.len() > 4 || !w.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    w.parse().ok()
}

/// A four-digit year, or a two-digit one read in 1900–1999 (as MUC-4's datelines
/// write them).
fn year(w: &str, two_digits: bool) -> Option<i32> {
    let n = number(w)?;
    match w.len() {
        4 if (1900..=2099).contains(&n) => Some(n as i32),
        2 if two_digits => Some(1900 + n as i32),
        _ => None,
    }
}

/// The date of a dateline such as "LIMA, 10 JAN 90 (EFE)" or "PERTH (AUSTRALIA), JUNE
/// 11 89 (AFP)": the first day, month name and year in it, in either order.
pub fn parse_dateline(s: &str) -> Option<Day> {
    let words: Vec<String> = s
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    for (i, w) in words.iter().enumerate() {
        let Some(m) = month(w) else {
            continue;
        };
        let at = |j: usize| words.get(j).map(String::as_str).unwrap_or("");
        // "10 jan 90"
        if i > 0 {
            if let (Some(d), Some(y)) = (number(at(i - 1)), year(at(i + 1), true)) {
                if let Some(day) = Day::new(y, m, d) {
                    return Some(day);
                }
            }
        }
        // "june 11 89"
        if let (Some(d), Some(y)) = (number(at(i + 1)), year(at(i + 2), true)) {
            if let Some(day) = Day::new(y, m, d) {
                return Some(day);
            }
        }
    }
    None
}

fn small_number(w: &str) -> Option<u32> {
    Some(match w {
        "a" | "an" | "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "several" | "few" => 3,
        _ => return number(w).filter(|&n| n < 1000),
    })
}

const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Age (in days before the reference) of a day and month without a year: the latest
/// such day not more than a week after the reference.
fn age_of_day_month(reference: Day, m: u32, d: u32) -> Option<i64> {
    let r = reference.ordinal();
    for y in [reference.year + 1, reference.year, reference.year - 1] {
        if let Some(day) = Day::new(y, m, d) {
            let age = r - day.ordinal();
            if age >= -7 {
                return Some(age);
            }
        }
    }
    None
}

/// Every date expression of the text, as (token index, age in days before the
/// reference; negative for the future). `word(i)` is the lower-cased token `i < n`.
/// Without a reference only relative expressions (yesterday, last week, two years
/// ago, ...) are dated.
pub fn ages<'a>(
    n: usize,
    word: impl Fn(usize) -> &'a str,
    reference: Option<Day>,
    out: &mut Vec<(usize, i64)>,
) {
    let at = |j: usize| if j < n { word(j) } else { "" };
    let mut i = 0;
    while i < n {
        let w = word(i);
        let mut next = i + 1;
        match w {
            "today" | "tonight" => out.push((i, 0)),
            "yesterday" => out.push((i, 1)),
            "this" if matches!(at(i + 1), "morning" | "afternoon" | "evening" | "week") => {
                out.push((i, 0));
                next = i + 2;
            }
            "last" | "past" => {
                let age = match at(i + 1) {
                    "night" => Some(1),
                    "week" | "weekend" => Some(7),
                    "month" => Some(30),
                    "year" => Some(365),
                    "decade" => Some(3650),
                    m if WEEKDAYS.contains(&m) => Some(4),
                    _ => None,
                };
                if let Some(a) = age {
                    out.push((i, a));
                    next = i + 2;
                }
            }
            "ago" if i >= 2 => {
                let unit = match at(i - 1) {
                    "day" | "days" => Some(1),
                    "week" | "weeks" => Some(7),
                    "month" | "months" => Some(30),
                    "year" | "years" => Some(365),
                    _ => None,
                };
                if let (Some(u), Some(k)) = (unit, small_number(at(i - 2))) {
                    out.push((i, i64::from(k) * u));
                }
            }
            _ if WEEKDAYS.contains(&w) => out.push((i, 4)),
            _ => {
                if let Some(r) = reference {
                    if let Some(m) = month(w) {
                        // "30 december (1989)", "december 30(, 1989)", "december 1989",
                        // or a month alone ("in december"; not "may", a verb).
                        let before = i.checked_sub(1).and_then(|j| number(at(j)));
                        let after = number(at(i + 1)).filter(|&d| d <= 31 && at(i + 1).len() <= 2);
                        let day = before.filter(|&d| (1..=31).contains(&d)).or(after);
                        let mut k = if after.is_some() && before.is_none() {
                            i + 2
                        } else {
                            i + 1
                        };
                        if at(k) == "," {
                            k += 1;
                        }
                        let y = year(at(k), false);
                        if y.is_some() {
                            next = k + 1;
                        } else if after.is_some() && before.is_none() {
                            next = i + 2;
                        }
                        let age = match (day, y) {
                            (Some(d), Some(y)) => {
                                Day::new(y, m, d).map(|day| r.ordinal() - day.ordinal())
                            }
                            (Some(d), None) => age_of_day_month(r, m, d),
                            (None, Some(y)) => {
                                Day::new(y, m, 15).map(|day| r.ordinal() - day.ordinal())
                            }
                            (None, None) if w != "may" && w.len() > 3 => {
                                age_of_day_month(r, m, 15.min(month_len(r.year, m)))
                            }
                            _ => None,
                        };
                        if let Some(a) = age {
                            out.push((i, a));
                        }
                    } else if let Some(y) = year(w, false) {
                        // A bare year: only a year before or after the reference's says
                        // anything.
                        if y != r.year {
                            out.push((i, i64::from(r.year - y) * 365));
                        }
                    }
                }
            }
        }
        i = next;
    }
}

/// The bucket of an age in days: future, the same or next day, the week, the month,
/// two months, the year, older.
pub fn age_bucket(age: i64) -> &'static str {
    match age {
        i64::MIN..=-2 => "future",
        -1..=1 => "day",
        2..=7 => "week",
        8..=31 => "month",
        32..=62 => "2months",
        63..=365 => "year",
        _ => "older",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::token::tokenize;

    fn scan(text: &str, reference: Option<Day>) -> Vec<(String, i64)> {
        let toks = tokenize(text);
        let mut out = Vec::new();
        ages(toks.len(), |i| toks[i].lower.as_str(), reference, &mut out);
        out.into_iter()
            .map(|(i, a)| (toks[i].lower.clone(), a))
            .collect()
    }

    #[test]
    fn datelines() {
        assert_eq!(
            parse_dateline("LIMA, 10 JAN 90 (EFE)"),
            Day::new(1990, 1, 10)
        );
        assert_eq!(
            parse_dateline("PERTH (AUSTRALIA), JUNE 11 89 (AFP)"),
            Day::new(1989, 6, 11)
        );
        assert_eq!(
            parse_dateline("BOGOTA, 18 APRIL 89 (AFP)"),
            Day::new(1989, 4, 18)
        );
        assert_eq!(
            parse_dateline("SAN SALVADOR, NO DATE (DOMESTIC SERVICE)"),
            None
        );
        assert_eq!(parse_dateline("TEGUCIGALPA, 7 FEB (REUTER)"), None);
        assert_eq!(Day::new(1990, 2, 29), None);
        assert_eq!(Day::new(1970, 1, 1).map(Day::ordinal), Some(0));
        assert_eq!(Day::new(2000, 3, 1).map(Day::ordinal), Some(11_017));
    }

    #[test]
    fn ages_against_the_reference() {
        let r = Day::new(1990, 1, 10);
        assert_eq!(
            scan(
                "The mayor was shot yesterday; a car bomb went off on 30 December \
                 and another in March 1985. In 1988 the office was burned.",
                r
            ),
            vec![
                ("yesterday".into(), 1),
                ("december".into(), 11),
                ("march".into(), 1762),
                ("1988".into(), 730),
            ]
        );
        // "december 28, 1989"; a day in the coming week; "may" alone is a verb.
        assert_eq!(
            scan(
                "On December 28, 1989 they may strike; talks on 14 January.",
                r
            ),
            vec![("december".into(), 13), ("january".into(), -4)]
        );
        // Without a reference only relative expressions are dated.
        assert_eq!(
            scan(
                "Two years ago, on 3 May, and last night, and on Monday.",
                None
            ),
            vec![
                ("ago".into(), 730),
                ("last".into(), 1),
                ("monday".into(), 4)
            ]
        );
        assert_eq!(age_bucket(0), "day");
        assert_eq!(age_bucket(-4), "future");
        assert_eq!(age_bucket(40), "2months");
        assert_eq!(age_bucket(400), "older");
    }
}
