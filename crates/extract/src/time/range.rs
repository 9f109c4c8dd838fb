//! Stretches between two times: "from 2019 to 2021", "March 3-5", "between 10 a.m. and
//! noon", "1-3 June", "the 2019-20 season".
//!
//! TimeML annotates such a stretch as its two ends, each a time of its own, so the
//! ends stay in [`super::find_times`]' output: [`range_ends`] adds the ends a reporter
//! leaves bare (the "1" of "1-3 June", the "2021" of "2019-2021"), and [`find_ranges`]
//! pairs neighbouring ends into a [`TimeRange`] on top of them.

use std::sync::LazyLock;

use newsfuse_core::{Grain, Span, TimeRange, TimeRef, TimeValue};
use regex::Regex;

use super::re;

/// What joins the two ends: a dash, "to", "through", "until"; "and" only after
/// "between"; an optional "the" before the second ("through the 6th").
static JOIN: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)^\s*(?:(?P<dash>[-–—])|to|through|thru|till|until|(?P<and>and))\s*(?:the\s+)?$")
});

/// "from" or "between" right before the first end, with an optional "the".
static LEAD: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b(?:(?P<from>from)|(?P<between>between))\s+(?:the\s+)?$"));

/// A bare day number right before a day-first date and what joins them: "1-" of
/// "1-3 June", "13 to " of "13 to 15 July", "the 3rd and " of "between the 3rd and 5th
/// March".
static DAY_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?:^|[^\w.,$/:-])(?P<d>[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?(?:\s*[-–—]\s*|\s+(?:and|or|to|through|thru|till|until)\s+(?:the\s+)?)$",
    )
});

/// The second year of "2019-2021", "1990–95", "the 2019-20 season".
static YEAR_AFTER: LazyLock<Regex> = LazyLock::new(|| re(r"^\s*[-–—]\s*(?P<y>\d{4}|\d{2})\b"));

/// Adds to `found` (a text's times in order) the bare ends of stretches: the day number
/// before a day-first date ("1-3 June": the 1st of June) and the second year after a
/// year ("2019-2021", "2019-20": 2021, 2020). An end is added only where no time lies
/// already and when it comes before (a day) or after (a year) the end it is read
/// with.
pub(super) fn range_ends(text: &str, found: Vec<(Span, TimeRef)>) -> Vec<(Span, TimeRef)> {
    let mut out: Vec<(Span, TimeRef)> = Vec::with_capacity(found.len());
    for (i, &(span, r)) in found.iter().enumerate() {
        let TimeRef::Point { value } = r else {
            out.push((span, r));
            continue;
        };
        let prev_end = out.last().map_or(0, |(p, _)| p.end());
        if let Some((sp, first)) = day_before(text, span, value, prev_end) {
            out.push((sp, TimeRef::Point { value: first }));
        }
        out.push((span, r));
        let next_start = found.get(i + 1).map_or(text.len(), |(n, _)| n.start());
        if let Some((sp, last)) = year_after(text, span, value, next_start) {
            out.push((sp, TimeRef::Point { value: last }));
        }
    }
    out
}

/// The first day of "1-3 June" before the date `value` at `span`.
fn day_before(
    text: &str,
    span: Span,
    value: TimeValue,
    prev_end: usize,
) -> Option<(Span, TimeValue)> {
    if value.grain != Grain::Day || value.month.is_none() {
        return None;
    }
    // Day first: the date's text begins with its day number ("3 June", "15th of July").
    let own = text.get(span.start()..span.end())?;
    if !own.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let from = boundary_from(
        text,
        span.start().saturating_sub(24).max(prev_end),
        span.start(),
    );
    let before = text.get(from..span.start())?;
    let c = DAY_BEFORE.captures(before)?;
    let d = c.name("d")?;
    let day: u8 = d.as_str().parse().ok()?;
    if value.day.is_none_or(|last| day >= last) {
        return None;
    }
    let first = TimeValue {
        day: Some(day),
        ..value
    };
    Some((Span::new(from + d.start(), from + d.end()).ok()?, first))
}

/// The second year of "2019-2021" after the year `value` at `span`.
fn year_after(
    text: &str,
    span: Span,
    value: TimeValue,
    next_start: usize,
) -> Option<(Span, TimeValue)> {
    // The year written in figures at the end of the time: "2019", "the 2019".
    let own = text.get(span.start()..span.end())?.as_bytes();
    let digits_at_end = own.len() >= 4
        && own[own.len() - 4..].iter().all(u8::is_ascii_digit)
        && (own.len() == 4 || !own[own.len() - 5].is_ascii_alphanumeric());
    if value.grain != Grain::Year || !digits_at_end {
        return None;
    }
    let first = value.year?;
    let after = text.get(span.end()..)?;
    let c = YEAR_AFTER.captures(after)?;
    let y = c.name("y")?;
    // Not a longer figure or a date: "2019-20-30", "1990-95%", "2019-2021/22",
    // "1990-95.5".
    let mut rest = after[y.end()..].chars();
    match rest.next() {
        Some(ch) if "%/-–—".contains(ch) => return None,
        Some('.' | ',') if rest.next().is_some_and(|ch| ch.is_ascii_digit()) => return None,
        _ => {}
    }
    let digits: i32 = y.as_str().parse().ok()?;
    let last = if y.as_str().len() == 2 {
        let century = first - first.rem_euclid(100);
        let mut last = century + digits;
        if last <= first {
            last += 100;
        }
        last
    } else {
        digits
    };
    if last <= first || last - first > 100 {
        return None;
    }
    let (start, end) = (span.end() + y.start(), span.end() + y.end());
    if end > next_start {
        return None;
    }
    Some((Span::new(start, end).ok()?, TimeValue::year(last)))
}

/// The first character boundary of `text` from `at` on, `limit` (itself a boundary) at
/// most: where a look back of a few bytes may start.
fn boundary_from(text: &str, at: usize, limit: usize) -> usize {
    (at..limit)
        .find(|&k| text.is_char_boundary(k))
        .unwrap_or(limit)
}

/// Whether two ends are of one kind, so a stretch between them reads: two days, two
/// months, two years, two clock times.
fn same_kind(a: &TimeValue, b: &TimeValue) -> bool {
    let clock = |g: Grain| matches!(g, Grain::Hour | Grain::Minute);
    let day = |g: Grain| matches!(g, Grain::Day | Grain::PartOfDay);
    a.grain == b.grain || clock(a.grain) && clock(b.grain) || day(a.grain) && day(b.grain)
}

/// The stretches between neighbouring times of `times` (a text's times in order, as
/// [`super::find_times`] gives them): two times of one kind joined by a dash, "to",
/// "through" or "until" (after an optional "from"), or by "and" after "between". The
/// span runs from "from" or "between" (when said) to the end of the second time. A
/// clock time that would end before the first is read on the next day ("from 10 p.m.
/// to 2 a.m."); other ends out of order make no stretch.
pub fn find_ranges(text: &str, times: &[(Span, TimeRef)]) -> Vec<(Span, TimeRange)> {
    let mut out = Vec::new();
    for pair in times.windows(2) {
        let [(sa, ra), (sb, rb)] = pair else { continue };
        let (TimeRef::Point { value: a }, TimeRef::Point { value: b }) = (ra, rb) else {
            continue;
        };
        if !same_kind(a, b) {
            continue;
        }
        let Some(gap) = text.get(sa.end()..sb.start()) else {
            continue;
        };
        let Some(join) = JOIN.captures(gap) else {
            continue;
        };
        let lead_from = boundary_from(text, sa.start().saturating_sub(16), sa.start());
        let lead = text
            .get(lead_from..sa.start())
            .and_then(|before| LEAD.captures(before));
        let between = lead.as_ref().is_some_and(|c| c.name("between").is_some());
        // "on Monday and Wednesday" is two days; "between Monday and Wednesday" one
        // stretch. "between 2019 - 2021" reads as one too.
        if join.name("and").is_some() != between && join.name("dash").is_none() {
            continue;
        }
        let mut to = *b;
        if matches!(a.grain, Grain::Hour | Grain::Minute) && TimeRange::new(*a, to).is_none() {
            to = next_day(to).unwrap_or(to);
        }
        let Some(range) = TimeRange::new(*a, to) else {
            continue;
        };
        let start = lead
            .as_ref()
            .and_then(|c| c.get(0))
            .map_or(sa.start(), |m| lead_from + m.start());
        if let Ok(span) = Span::new(start, sb.end()) {
            out.push((span, range));
        }
    }
    out
}

/// The same clock time a day later.
fn next_day(v: TimeValue) -> Option<TimeValue> {
    let date = v.as_date()?.add_days(1);
    Some(TimeValue {
        year: Some(date.year()),
        month: u8::try_from(date.month()).ok(),
        day: u8::try_from(date.day()).ok(),
        ..v
    })
}
