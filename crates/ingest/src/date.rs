//! Publication dates as metadata writes them.

use newsfuse_core::{Date, DateError};

/// Month names, full, in calendar order.
const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Day names, full, Monday first.
const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Reads a publication date in one of the forms found in article metadata:
///
/// - `2025-06-15`, also followed by a time and zone (`2025-06-15T09:30:00+01:00`,
///   `2025-06-15 09:30`): the day as written, not converted to UTC;
/// - `2025/06/15`;
/// - RFC 2822 (`Sat, 14 Jun 2025 09:30:00 GMT`);
/// - `June 14, 2025`, `14 June 2025`, `Jun 14 2025` (a weekday before and a time after
///   are allowed).
///
/// Numbers that are no calendar day give [`DateError::NotADay`]; anything else
/// [`DateError::Syntax`] with the text.
pub fn parse_date(s: &str) -> Result<Date, DateError> {
    let t = s.trim();
    let syntax = || DateError::Syntax(t.to_string());
    if let Some(result) = numeric(t) {
        return result;
    }
    named_month(t).ok_or_else(syntax)?
}

/// The publication day spelled in a URL's path, for pages that carry no date of their
/// own (news sites often put it there):
///
/// - `/2024/03/22/` — year, month and day as consecutive path segments (month and day
///   may have one digit);
/// - `2024-03-22` or `2024_03_22` anywhere in a segment (`/2024-03-22/`,
///   `/news/2024-03-22-market-attack`), not inside a longer run of digits;
/// - `20240322`: a run of exactly eight digits (`/story-20240322.html`).
///
/// Only the path counts (not the host, the query or the fragment). The first form
/// found wins, in the order above; years outside 1900–2099 (1990–2099 for the bare
/// eight digits, which are more often ids) and impossible days are not dates. A year
/// and month without a day (`/2024/03/slug`) give `None`: a day is never guessed.
///
/// ```
/// use newsfuse_ingest::date_from_url;
///
/// let day = date_from_url("https://news.example/world/2024/03/22/kano-market").unwrap();
/// assert_eq!(day.to_string(), "2024-03-22");
/// assert_eq!(date_from_url("https://news.example/world/kano-market"), None);
/// ```
pub fn date_from_url(url: &str) -> Option<Date> {
    let path = url_path(url);
    let segments: Vec<&str> = path.split('/').collect();
    for window in segments.windows(3) {
        let year = digits_in(window[0], 4, 4, 1900..=2099);
        let month = digits_in(window[1], 1, 2, 1..=12);
        let day = digits_in(window[2], 1, 2, 1..=31);
        if let (Some(y), Some(m), Some(d)) = (year, month, day) {
            if let Ok(date) = Date::new(y as i32, m, d) {
                return Some(date);
            }
        }
    }
    let runs = digit_runs(path);
    for pair in runs.windows(3) {
        let [(y_at, y), (m_at, m), (d_at, d)] = [pair[0], pair[1], pair[2]];
        let sep = path.as_bytes().get(y_at + 4).copied().unwrap_or_default();
        let separated =
            |at: usize, next: usize| next == at + 1 && path.as_bytes().get(at) == Some(&sep);
        if y.len() == 4
            && m.len() == 2
            && d.len() == 2
            && matches!(sep, b'-' | b'_')
            && separated(y_at + 4, m_at)
            && separated(m_at + 2, d_at)
        {
            let year = digits_in(y, 4, 4, 1900..=2099);
            if let (Some(year), Ok(m), Ok(d)) = (year, m.parse(), d.parse()) {
                if let Ok(date) = Date::new(year as i32, m, d) {
                    return Some(date);
                }
            }
        }
    }
    runs.iter()
        .filter(|(_, run)| run.len() == 8)
        .find_map(|(_, run)| {
            let year = digits_in(&run[..4], 4, 4, 1990..=2099)?;
            Date::new(year as i32, run[4..6].parse().ok()?, run[6..].parse().ok()?).ok()
        })
}

/// The first publication date written somewhere in a short text, as a byline or a
/// dateline spells it (`Published 7:07 PM EST Nov 19, 2019`, `Posted on June 3rd, 2024 |
/// Updated ...`, `By A. Writer, 2024-03-22`): the earliest run of words that
/// [`parse_date`] reads, tried from each word on, whole (an ISO date) or three to five
/// words long. Punctuation around words (`|`, `,`, `·`, brackets) is ignored. Texts
/// over 300 bytes are not searched: a date in running prose is not a byline.
pub(crate) fn date_in_text(text: &str) -> Option<Date> {
    if text.len() > 300 {
        return None;
    }
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || matches!(c, '|' | '·' | '•' | '(' | ')' | '[' | ']'))
        .map(|w| w.trim_matches(|c: char| matches!(c, ',' | ';' | '—' | '–')))
        .filter(|w| !w.is_empty())
        .collect();
    (0..words.len()).find_map(|start| {
        [1, 3, 4, 5].iter().find_map(|&len| {
            let run = words.get(start..start + len)?;
            // A lone word must be a numeric date; a longer run must start with a name
            // or a number, not with the last word of a time ("PM").
            if len == 1 && !run[0].starts_with(|c: char| c.is_ascii_digit()) {
                return None;
            }
            parse_date(&run.join(" ")).ok()
        })
    })
}

/// The path of a URL: after `scheme://host`, before `?` and `#`. A text without a
/// scheme is taken as a path.
fn url_path(url: &str) -> &str {
    let url = url.trim();
    let url = url.split(['?', '#']).next().unwrap_or_default();
    match url.find("://") {
        Some(at) => {
            let rest = &url[at + 3..];
            rest.find('/').map_or("", |slash| &rest[slash..])
        }
        None => url,
    }
}

/// `text` as a number when it is all ASCII digits, `min..=max` of them, in `range`.
fn digits_in(
    text: &str,
    min: usize,
    max: usize,
    range: std::ops::RangeInclusive<u32>,
) -> Option<u32> {
    if !(min..=max).contains(&text.len()) || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok().filter(|n| range.contains(n))
}

/// Every maximal run of ASCII digits in `text`, with its byte offset.
fn digit_runs(text: &str) -> Vec<(usize, &str)> {
    let bytes = text.as_bytes();
    let mut runs = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_digit() {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            runs.push((start, &text[start..i]));
        } else {
            i += 1;
        }
    }
    runs
}

/// `YYYY-MM-DD[Ttime]` or `YYYY/MM/DD[ time]`; `None` when the text has neither shape.
fn numeric(t: &str) -> Option<Result<Date, DateError>> {
    let b = t.as_bytes();
    if b.len() < 10 || !b[..4].iter().all(u8::is_ascii_digit) {
        return None;
    }
    let sep = b[4];
    if !(sep == b'-' || sep == b'/') || b[7] != sep {
        return None;
    }
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = &b[r];
        if part.iter().all(u8::is_ascii_digit) {
            std::str::from_utf8(part).ok()?.parse().ok()
        } else {
            None
        }
    };
    let year = digits(0..4)?;
    let month = digits(5..7)?;
    let day = digits(8..10)?;
    let rest = &t[10..];
    if !rest.is_empty() {
        // A time must follow: `T09:30`, ` 09:30`.
        let mut chars = rest.chars();
        let first = chars.next()?;
        let second = chars.next()?;
        if !(matches!(first, 'T' | 't' | ' ') && second.is_ascii_digit()) {
            return None;
        }
    }
    let year = i32::try_from(year).ok()?;
    Some(Date::new(year, month, day))
}

/// `June 14, 2025`, `14 June 2025`, `Sat, 14 Jun 2025 09:30:00 GMT`.
fn named_month(t: &str) -> Option<Result<Date, DateError>> {
    let mut tokens: Vec<&str> = t
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    if tokens.first().is_some_and(|w| weekday(w)) {
        tokens.remove(0);
    }
    if tokens.len() < 3 {
        return None;
    }
    let (month, day) = match (month(tokens[0]), month(tokens[1])) {
        (Some(m), None) => (m, day(tokens[1])?),
        (None, Some(m)) => (m, day(tokens[0])?),
        _ => return None,
    };
    let year_token = tokens[2];
    if year_token.len() != 4 || !year_token.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let year: i32 = year_token.parse().ok()?;
    if !tokens[3..].iter().all(|w| time_or_zone(w)) {
        return None;
    }
    Some(Date::new(year, month, day))
}

/// A month name, full or abbreviated to at least three letters (`Jun`, `Sept.`).
fn month(word: &str) -> Option<u32> {
    let w = word.strip_suffix('.').unwrap_or(word).to_ascii_lowercase();
    if w.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| m.starts_with(&w))
        .and_then(|i| u32::try_from(i + 1).ok())
}

/// A weekday name, full or abbreviated to at least three letters.
fn weekday(word: &str) -> bool {
    let w = word.strip_suffix('.').unwrap_or(word).to_ascii_lowercase();
    w.len() >= 3 && WEEKDAYS.iter().any(|d| d.starts_with(&w))
}

/// A day of the month: `14`, `1st`, `22nd`.
fn day(word: &str) -> Option<u32> {
    let lower = word.to_ascii_lowercase();
    let digits = ["st", "nd", "rd", "th"]
        .iter()
        .find_map(|s| lower.strip_suffix(s))
        .unwrap_or(&lower);
    if digits.is_empty() || digits.len() > 2 || !digits.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// What may follow the year: a time (`09:30:00`, `pm`), an offset (`+0100`), a zone
/// (`GMT`, `(WAT)`).
fn time_or_zone(word: &str) -> bool {
    let time = word
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ':' | '.' | '+' | '-'));
    let zone = (1..=5).contains(&word.len()) && word.chars().all(|c| c.is_ascii_uppercase());
    let meridiem = word.eq_ignore_ascii_case("am") || word.eq_ignore_ascii_case("pm");
    let bracketed = word.starts_with('(') && word.ends_with(')');
    time || zone || meridiem || bracketed
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn day(y: i32, m: u32, d: u32) -> Date {
        Date::new(y, m, d).expect("a calendar day")
    }

    #[test]
    fn metadata_forms() {
        let june14 = day(2025, 6, 14);
        assert_eq!(parse_date("2025-06-14"), Ok(june14));
        assert_eq!(parse_date(" 2025-06-14 \n"), Ok(june14));
        assert_eq!(
            parse_date("2025-06-15T09:30:00+01:00"),
            Ok(day(2025, 6, 15))
        );
        assert_eq!(parse_date("2025-06-14T23:30:00Z"), Ok(june14));
        assert_eq!(parse_date("2025-06-14 09:30"), Ok(june14));
        assert_eq!(parse_date("2025/06/14"), Ok(june14));
        assert_eq!(parse_date("Sat, 14 Jun 2025 09:30:00 GMT"), Ok(june14));
        assert_eq!(parse_date("Sat, 14 Jun 2025 09:30:00 +0100"), Ok(june14));
        assert_eq!(parse_date("June 14, 2025"), Ok(june14));
        assert_eq!(parse_date("14 June 2025"), Ok(june14));
        assert_eq!(parse_date("Jun 14 2025"), Ok(june14));
        assert_eq!(parse_date("Saturday, June 14th, 2025"), Ok(june14));
        assert_eq!(parse_date("Sept. 3, 2024"), Ok(day(2024, 9, 3)));
        assert_eq!(parse_date("3 SEPTEMBER 2024"), Ok(day(2024, 9, 3)));
    }

    #[test]
    fn rejects_other_text() {
        for bad in [
            "yesterday",
            "",
            "2025-06",
            "2025-06-14garbage",
            "2025-06-14 later",
            "14/06/2025",
            "June 2025",
            "June 14",
            "Ju 14 2025",
            "14 June 25",
            "14 June 2025 and then some",
            "2025-6-14",
        ] {
            assert_eq!(
                parse_date(bad),
                Err(DateError::Syntax(bad.trim().to_string())),
                "{bad:?}"
            );
        }
        assert_eq!(
            parse_date("yesterday").expect_err("no date").to_string(),
            "'yesterday' is not a date in the form YYYY-MM-DD"
        );
    }

    #[test]
    fn rejects_impossible_days() {
        assert!(matches!(
            parse_date("2025-02-30"),
            Err(DateError::NotADay { .. })
        ));
        assert!(matches!(
            parse_date("31 June 2025"),
            Err(DateError::NotADay { .. })
        ));
        assert_eq!(parse_date("2024-02-29"), Ok(day(2024, 2, 29)));
    }

    #[test]
    fn dates_in_urls() {
        let d = |y, m, dd| Some(day(y, m, dd));
        for (url, want) in [
            (
                "https://news.example/world/2024/03/22/kano-market",
                d(2024, 3, 22),
            ),
            ("https://news.example/2024/3/5/", d(2024, 3, 5)),
            ("/2024/03/22", d(2024, 3, 22)),
            ("https://news.example/2024-03-22/kano", d(2024, 3, 22)),
            (
                "https://news.example/news/2024-03-22-market-attack",
                d(2024, 3, 22),
            ),
            (
                "https://news.example/news/2024_03_22_market",
                d(2024, 3, 22),
            ),
            ("https://news.example/story-20240322.html", d(2024, 3, 22)),
            ("https://news.example/20240322/kano", d(2024, 3, 22)),
            ("http://news.example/a/2024/02/29/leap", d(2024, 2, 29)),
            // The slashed form wins over a later one.
            ("https://news.example/2024/03/22/x-20230101", d(2024, 3, 22)),
            // No day: never guessed.
            ("https://news.example/2024/03/kano-market", None),
            ("https://news.example/world/kano-market", None),
            // Impossible days and years out of range.
            ("https://news.example/2023/02/29/x", None),
            ("https://news.example/2024-13-01/x", None),
            ("https://news.example/story/12345678", None),
            ("https://news.example/3024/03/22/x", None),
            // Longer digit runs and mixed separators are ids, not dates.
            ("https://news.example/a/202403221/x", None),
            ("https://news.example/a/120240322", None),
            ("https://news.example/a/12024-03-22", None),
            ("https://news.example/a/2024-03_22", None),
            // The host, the query and the fragment do not count.
            ("https://20240322.example/x", None),
            ("https://news.example/x?date=2024-03-22", None),
            ("https://news.example/x#2024/03/22", None),
            ("", None),
        ] {
            assert_eq!(date_from_url(url), want, "{url}");
        }
    }

    #[test]
    fn dates_in_bylines() {
        let d = |y, m, dd| Some(day(y, m, dd));
        for (text, want) in [
            ("Published 7:07 PM EST Nov 19, 2019", d(2019, 11, 19)),
            (
                "Posted on June 3rd, 2024 | Updated June 4th, 2024",
                d(2024, 6, 3),
            ),
            ("By A. Writer · 2024-03-22T08:00:00Z", d(2024, 3, 22)),
            ("Wednesday, 14 February 2024", d(2024, 2, 14)),
            (
                "Updated 5:27 am CST, Wednesday, November 20, 2019",
                d(2019, 11, 20),
            ),
            ("By Staff Writer", None),
            ("Page 2024", None),
            ("", None),
        ] {
            assert_eq!(date_in_text(text), want, "{text}");
        }
        let prose = format!("{} on June 3, 2024.", "The council met again ".repeat(20));
        assert_eq!(date_in_text(&prose), None);
    }

    proptest! {
        #[test]
        fn iso_round_trip(days in -719_528i64..2_932_896) {
            // 0000-01-01 ..= 9999-12-31
            let d = Date::from_days_since_epoch(days);
            prop_assert_eq!(parse_date(&d.to_string()), Ok(d));
        }

        #[test]
        fn never_panics(s in "\\PC{0,40}") {
            let _ = parse_date(&s);
            let _ = date_from_url(&s);
            let _ = date_in_text(&s);
        }
    }
}
