//! Times said relative to an event: "two days after the attack", "the day before the
//! vote", "hours after Saturday's blast", "three weeks into the siege".
//!
//! [`find_event_relative`] finds the offset and the phrase naming the anchor event; it
//! never counts such a time from the publication date. The event stage resolves it with
//! [`EventOffset::resolve`](newsfuse_core::EventOffset::resolve) once it knows the
//! anchor's date: docs/times.md, "Event-relative times".

use std::sync::LazyLock;

use newsfuse_core::{
    Direction, DurationUnit, EventOffset, EventRelativeTime, Span, TimeRef, TimeValue,
};
use regex::Regex;

use super::re;

/// The relation word after a duration: " after ", " before ", " following ", " prior to ",
/// " ahead of ", " into ".
static RELATION: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)^\s+(?P<dir>after|before|following|prior\s+to|ahead\s+of|into)\s+"));

/// "the day after", "the night before", "the week following".
static THE_UNIT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\bthe\s+(?P<u>day|night|morning|evening|afternoon|week|month|year)\s+(?P<dir>after|before|following|prior\s+to|ahead\s+of)\s+",
    )
});

/// Bare "minutes", "seconds", "moments" (no amount), for "minutes after the blast".
static SHORT_WHILE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b(?P<u>minutes|seconds|moments)\b"));

/// " later" right after a duration ("two days later").
static LATER: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)^\s+later\b"));

/// "the eve of the vote", "on the eve of Saturday's march": the day before.
static EVE: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)\b(?:the\s+)?eve\s+(?P<dir>of)\s+"));

/// A word of an anchor phrase: letters or digits, with inner apostrophes, dots and hyphens.
static WORD: LazyLock<Regex> =
    LazyLock::new(|| re(r"[\p{L}\p{N}](?:[\p{L}\p{N}'’.-]*[\p{L}\p{N}'’])?"));

/// Words that open an anchor noun phrase.
const DETERMINERS: &[&str] = &[
    "the", "a", "an", "this", "that", "these", "those", "his", "her", "its", "their", "our", "my",
    "your",
];

/// Words that end an anchor noun phrase: prepositions, conjunctions, pronouns and the
/// verbs that most often follow an event noun in news.
const STOP: &[&str] = &[
    "of",
    "in",
    "on",
    "at",
    "by",
    "for",
    "with",
    "from",
    "to",
    "into",
    "near",
    "against",
    "outside",
    "inside",
    "and",
    "or",
    "but",
    "nor",
    "that",
    "which",
    "who",
    "whom",
    "whose",
    "when",
    "where",
    "while",
    "as",
    "than",
    "was",
    "were",
    "is",
    "are",
    "be",
    "been",
    "had",
    "has",
    "have",
    "will",
    "would",
    "could",
    "should",
    "may",
    "might",
    "can",
    "did",
    "does",
    "do",
    "killed",
    "wounded",
    "injured",
    "left",
    "destroyed",
    "hit",
    "struck",
    "said",
    "says",
    "began",
    "ended",
    "came",
    "took",
    "there",
    "then",
    "it",
    "he",
    "she",
    "they",
    "we",
    "i",
    "after",
    "before",
    "during",
    "until",
    "since",
];

/// The longest anchor phrase, in words after its determiner.
const MAX_WORDS: usize = 4;

fn direction(word: &str) -> Direction {
    match word.to_ascii_lowercase().as_str() {
        "before" => Direction::Before,
        w if w.starts_with("prior") || w.starts_with("ahead") => Direction::Before,
        _ => Direction::After,
    }
}

fn is_possessive(word: &str) -> bool {
    word.ends_with("'s") || word.ends_with("’s")
}

/// The noun phrase naming an event that starts at byte `at`: a determiner or a
/// possessive ("Saturday's", "the rebels'") then up to four words, stopping at
/// punctuation, a preposition, a conjunction or a verb from [`STOP`]. `None` when no such
/// phrase starts there.
fn anchor_phrase(text: &str, at: usize) -> Option<(usize, usize)> {
    let window_end = text[at..]
        .char_indices()
        .nth(120)
        .map_or(text.len(), |(i, _)| at + i);
    let window = &text[at..window_end];
    let mut end = None;
    let mut prev_end = 0;
    let mut content = 0;
    for (i, m) in WORD.find_iter(window).enumerate() {
        // Only spaces may come between words of the phrase.
        let gap = &window[prev_end..m.start()];
        if (i == 0 && !gap.is_empty()) || (i > 0 && (gap.is_empty() || !gap.trim().is_empty())) {
            break;
        }
        let word = m.as_str();
        let lower = word.to_ascii_lowercase();
        if i == 0 {
            if DETERMINERS.contains(&lower.as_str()) {
                prev_end = m.end();
                continue;
            }
            if !is_possessive(word) {
                return clause_anchor(window, m.end()).map(|e| (at, at + e));
            }
        } else if STOP.contains(&lower.as_str())
            // A second determiner starts another phrase ("before the crime the army").
            || DETERMINERS.contains(&lower.as_str())
            // A past-tense verb after the first noun makes it a clause ("after the
            // rebels launched"); "the failed coup" keeps its adjective.
            || (content > 0 && lower.ends_with("ed") && !is_possessive(&text[at..at + prev_end]))
        {
            break;
        }
        content += 1;
        // A sentence ends after "the attack." (not after "U.S.").
        let sentence_end = word.ends_with('.') && !word[..word.len() - 1].contains('.');
        let word_end = if sentence_end { m.end() - 1 } else { m.end() };
        end = Some(word_end);
        prev_end = m.end();
        if sentence_end || content > MAX_WORDS || (i > 0 && is_possessive(word) && content > 1) {
            break;
        }
        if i == 0 && is_possessive(word) {
            continue;
        }
    }
    // A possessive alone ("Saturday's") names no event.
    let end = end?;
    let phrase = &text[at..at + end];
    if content == 0 || (content == 1 && is_possessive(phrase)) {
        return None;
    }
    Some((at, at + end))
}

/// An event said as a clause, a one-word subject and its verb in the past ("a day after
/// gunmen stormed a school", "hours after militants struck"): the end of the verb in
/// `window`, whose first word ends at `subject_end`. `None` unless the second word is a
/// past form ("-ed", or a common irregular one).
fn clause_anchor(window: &str, subject_end: usize) -> Option<usize> {
    const IRREGULAR: &[&str] = &[
        "struck", "shot", "hit", "blew", "took", "set", "threw", "stole", "broke", "fought",
        "overran", "burnt", "drove", "ran",
    ];
    let subject = &window[..subject_end];
    if !subject.chars().all(char::is_alphabetic)
        || STOP.contains(&subject.to_ascii_lowercase().as_str())
            && !matches!(
                subject.to_ascii_lowercase().as_str(),
                "he" | "she" | "they" | "it"
            )
    {
        return None;
    }
    let rest = window[subject_end..].strip_prefix(' ')?;
    let verb = WORD.find(rest).filter(|v| v.start() == 0)?;
    let lower = verb.as_str().to_ascii_lowercase();
    let past = lower.len() >= 4 && lower.ends_with("ed") || IRREGULAR.contains(&lower.as_str());
    past.then_some(subject_end + 1 + verb.end())
}

/// The value of a time that lies inside `anchor`: the date of "Saturday's bombing".
fn time_inside(times: &[(Span, TimeRef)], anchor: (usize, usize)) -> Option<TimeValue> {
    times.iter().find_map(|(span, r)| match r {
        TimeRef::Point { value } | TimeRef::Since { value } | TimeRef::Until { value }
            if span.start() >= anchor.0 && span.end() <= anchor.1 =>
        {
            Some(*value)
        }
        _ => None,
    })
}

/// A time that begins at `at` (or at the relation word before it, where `find_times`
/// made "after March 5" an open interval): "two days after March 5", "a week before
/// Christmas". Its span and value.
fn time_at(times: &[(Span, TimeRef)], from: usize, at: usize) -> Option<(Span, TimeValue)> {
    times.iter().find_map(|(span, r)| match r {
        TimeRef::Point { value } | TimeRef::Since { value } | TimeRef::Until { value }
            if span.start() == at || span.start() == from =>
        {
            Some((*span, *value))
        }
        _ => None,
    })
}

/// Every time in `text` said relative to an event or another time: "two days after the
/// attack", "the day before the vote", "hours after Saturday's blast", "three weeks
/// into the siege", "a week before Christmas". `times` is what [`super::find_times`]
/// found in the same text; a duration there followed by "after", "before",
/// "following", "prior to", "ahead of" or "into" and a noun phrase (or a time) makes
/// one. `anchor_time` is the anchor's own date when the text gives it ("Saturday's
/// blast", "Christmas"), so that such a time resolves without the event stage.
pub fn find_event_relative(text: &str, times: &[(Span, TimeRef)]) -> Vec<EventRelativeTime> {
    let mut out: Vec<EventRelativeTime> = Vec::new();
    let push = |start: usize,
                offset: EventOffset,
                rel_start: usize,
                anchor_start: usize,
                out: &mut Vec<EventRelativeTime>| {
        // A noun phrase ("the attack", "Saturday's bombing"), else a time ("Christmas").
        let (anchor, anchor_time) = match anchor_phrase(text, anchor_start) {
            Some(a) => (a, time_inside(times, a)),
            None => match time_at(times, rel_start, anchor_start) {
                Some((span, value)) => ((anchor_start, span.end()), Some(value)),
                None => return,
            },
        };
        let (Ok(span), Ok(anchor_span)) = (
            Span::checked(text, start, anchor.1),
            Span::checked(text, anchor.0, anchor.1),
        ) else {
            return;
        };
        if out.iter().any(|e| e.span.overlaps(span)) {
            return;
        }
        out.push(EventRelativeTime {
            span,
            offset,
            anchor: anchor_span,
            anchor_time,
        });
    };
    // The lengths of time a relation word may follow: the durations among the times, and
    // bare "minutes", "seconds", "moments" ("minutes after the blast", "seconds before
    // the crash"): closeness in time that the times leave untagged (TimeML tags no bare
    // "minutes"), read here. Each as (start, end, amount, unit).
    let durations = times.iter().filter_map(|(span, r)| {
        let TimeRef::Duration { amount, unit, half } = *r else {
            return None;
        };
        // "an hour and a half after": the half in a smaller unit when one holds it,
        // else an amount not said.
        let (amount, unit) = match amount {
            Some(n) if half => unit.halved(n).map_or((None, unit), |(k, u)| (Some(k), u)),
            _ => (amount, unit),
        };
        Some((span.start(), span.end(), amount, unit))
    });
    let short_whiles = SHORT_WHILE.captures_iter(text).filter_map(|c| {
        let (all, u) = (c.get(0)?, c.name("u")?);
        if times
            .iter()
            .any(|(t, _)| t.start() < all.end() && all.start() < t.end())
        {
            return None;
        }
        let unit = if u.as_str().eq_ignore_ascii_case("minutes") {
            DurationUnit::Minute
        } else {
            DurationUnit::Second
        };
        Some((all.start(), all.end(), None, unit))
    });
    let lengths: Vec<(usize, usize, Option<u32>, DurationUnit)> =
        durations.chain(short_whiles).collect();
    for (start, end, amount, unit) in lengths {
        let Some(c) = RELATION.captures(&text[end..]) else {
            continue;
        };
        let (Some(all), Some(dir)) = (c.get(0), c.name("dir")) else {
            continue;
        };
        // "into" counts forward only with a length of time ("three weeks into the siege").
        let offset = EventOffset {
            amount,
            unit,
            direction: direction(dir.as_str()),
        };
        push(start, offset, end + dir.start(), end + all.end(), &mut out);
    }
    for c in THE_UNIT.captures_iter(text) {
        let (Some(all), Some(u), Some(dir)) = (c.get(0), c.name("u"), c.name("dir")) else {
            continue;
        };
        let unit = match u.as_str().to_ascii_lowercase().as_str() {
            "week" => DurationUnit::Week,
            "month" => DurationUnit::Month,
            "year" => DurationUnit::Year,
            _ => DurationUnit::Day,
        };
        let offset = EventOffset {
            amount: Some(1),
            unit,
            direction: direction(dir.as_str()),
        };
        push(all.start(), offset, dir.start(), all.end(), &mut out);
    }
    // "On March 3 the rebels took the town. Two days later ...": a duration followed by
    // "later" counts from the nearest day the text gave before it (within 400 bytes),
    // the anchor being that day's expression.
    for (span, r) in times {
        let TimeRef::Duration {
            amount: Some(amount),
            unit,
            half: false,
        } = *r
        else {
            continue;
        };
        if !LATER.is_match(&text[span.end()..]) {
            continue;
        }
        let later_end = span.end() + LATER.find(&text[span.end()..]).map_or(0, |m| m.end());
        let anchor = times.iter().rev().find_map(|(t, r)| match r {
            TimeRef::Point { value }
                if t.end() <= span.start()
                    && span.start() - t.end() <= 400
                    && value.day.is_some()
                    && value.year.is_some() =>
            {
                Some((*t, *value))
            }
            _ => None,
        });
        let (Some((anchor, value)), Ok(whole)) =
            (anchor, Span::checked(text, span.start(), later_end))
        else {
            continue;
        };
        if out.iter().any(|e| e.span.overlaps(whole)) {
            continue;
        }
        out.push(EventRelativeTime {
            span: whole,
            offset: EventOffset {
                amount: Some(amount),
                unit,
                direction: Direction::After,
            },
            anchor,
            anchor_time: Some(value),
        });
    }
    for c in EVE.captures_iter(text) {
        let (Some(all), Some(dir)) = (c.get(0), c.name("dir")) else {
            continue;
        };
        let offset = EventOffset {
            amount: Some(1),
            unit: DurationUnit::Day,
            direction: Direction::Before,
        };
        push(all.start(), offset, dir.start(), all.end(), &mut out);
    }
    out.sort_by_key(|e| e.span.start());
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::find_times;
    use newsfuse_core::Date;

    /// (phrase, anchor, offset as "+2 day" / "-1 week" / "+? hour", anchor time) for each.
    fn found(text: &str, published: Option<&str>) -> Vec<(String, String, String, String)> {
        let p = published.map(|d| Date::parse_iso(d).expect("test date"));
        let times = find_times(text, p);
        find_event_relative(text, &times)
            .into_iter()
            .map(|e| {
                let sign = match e.offset.direction {
                    Direction::Before => '-',
                    Direction::After => '+',
                };
                let n = e.offset.amount.map_or("?".to_string(), |a| a.to_string());
                (
                    e.span.slice(text).unwrap_or("?").to_string(),
                    e.anchor.slice(text).unwrap_or("?").to_string(),
                    format!("{sign}{n} {}", e.offset.unit.as_str()),
                    e.anchor_time.map_or("-".to_string(), |v| v.iso()),
                )
            })
            .collect()
    }

    fn row(a: &str, b: &str, c: &str, d: &str) -> (String, String, String, String) {
        (a.to_string(), b.to_string(), c.to_string(), d.to_string())
    }

    #[test]
    fn offsets_from_an_event() {
        assert_eq!(
            found(
                "Two days after the attack on the market, police arrested a driver.",
                None
            ),
            vec![row(
                "Two days after the attack",
                "the attack",
                "+2 day",
                "-"
            )]
        );
        assert_eq!(
            found("Turnout fell the day before the presidential vote.", None),
            vec![row(
                "the day before the presidential vote",
                "the presidential vote",
                "-1 day",
                "-"
            )]
        );
        assert_eq!(
            found("Three weeks into the siege, food ran out.", None),
            vec![row(
                "Three weeks into the siege",
                "the siege",
                "+3 week",
                "-"
            )]
        );
        assert_eq!(
            found(
                "Hours after the blast killed six, the mayor resigned.",
                None
            ),
            vec![row("Hours after the blast", "the blast", "+? hour", "-")]
        );
        assert_eq!(
            found("Shots were fired on the eve of the election.", None),
            vec![row(
                "the eve of the election",
                "the election",
                "-1 day",
                "-"
            )]
        );
        assert_eq!(
            found("a month prior to their arrest.", None),
            vec![row(
                "a month prior to their arrest",
                "their arrest",
                "-1 month",
                "-"
            )]
        );
    }

    #[test]
    fn anchors_with_their_own_date() {
        // Written on Tuesday 11 March 2025: Saturday is the 8th.
        assert_eq!(
            found(
                "Riot police deployed on the eve of Saturday's march.",
                Some("2025-03-11")
            ),
            vec![row(
                "the eve of Saturday's march",
                "Saturday's march",
                "-1 day",
                "2025-03-08"
            )]
        );
        assert_eq!(
            found(
                "Two days after Saturday's bombing, the border closed.",
                Some("2025-03-11")
            ),
            vec![row(
                "Two days after Saturday's bombing",
                "Saturday's bombing",
                "+2 day",
                "2025-03-08"
            )]
        );
        assert_eq!(
            found(
                "The camp emptied a week before Christmas.",
                Some("2024-12-30")
            ),
            vec![row(
                "a week before Christmas",
                "Christmas",
                "-1 week",
                "2024-12-25"
            )]
        );
    }

    #[test]
    fn minutes_and_seconds_with_no_amount() {
        assert_eq!(
            found("Minutes after the blast, a second device went off.", None),
            vec![row(
                "Minutes after the blast",
                "the blast",
                "+? minute",
                "-"
            )]
        );
        assert_eq!(
            found("The pilot radioed seconds before the crash.", None),
            vec![row(
                "seconds before the crash",
                "the crash",
                "-? second",
                "-"
            )]
        );
        // With no relation word they are nothing; with an amount they are a duration.
        assert!(found("The shooting lasted minutes.", None).is_empty());
        assert_eq!(
            found("Five minutes after the blast, police arrived.", None),
            vec![row(
                "Five minutes after the blast",
                "the blast",
                "+5 minute",
                "-"
            )]
        );
    }

    #[test]
    fn not_event_relative() {
        // A duration with no anchor, an anchor that is no noun phrase, and "after" that
        // opens a clause.
        assert!(found("The talks lasted two days.", None).is_empty());
        assert!(found("Two days later the road reopened.", None).is_empty());
        // Too far from the day before it, or after a day with no year.
        let far = format!(
            "On March 3, 2024 rebels took the town. {} Two days later the road reopened.",
            "Calm returned. ".repeat(30)
        );
        assert!(found(&far, None).is_empty());
        assert!(found(
            "On March 3 rebels took the town. Two days later the road reopened.",
            None
        )
        .is_empty());
        assert!(found("He was freed three years after serving.", None).is_empty());
        assert!(found("Five years after, nobody has been charged.", None).is_empty());
        assert!(found("two days after Saturday's, nothing", None).is_empty());
        // A clause after "after" keeps only its subject; a second phrase is left out.
        assert_eq!(
            found("two hours after the rebels launched a raid", None),
            vec![row(
                "two hours after the rebels",
                "the rebels",
                "+2 hour",
                "-"
            )]
        );
        assert_eq!(
            found("a day before the raid the army sealed the town", None),
            vec![row("a day before the raid", "the raid", "-1 day", "-")]
        );
        assert_eq!(
            found("a year after the failed coup", None),
            vec![row(
                "a year after the failed coup",
                "the failed coup",
                "+1 year",
                "-"
            )]
        );
    }

    #[test]
    fn an_event_said_as_a_clause() {
        // A one-word subject and its past verb.
        assert_eq!(
            found(
                "Twenty pupils were still missing on Tuesday, a day after gunmen stormed the school.",
                None
            ),
            vec![row(
                "a day after gunmen stormed",
                "gunmen stormed",
                "+1 day",
                "-"
            )]
        );
        assert_eq!(
            found(
                "Hours after militants struck the depot, the army arrived.",
                None
            ),
            vec![row(
                "Hours after militants struck",
                "militants struck",
                "+? hour",
                "-"
            )]
        );
        assert_eq!(
            found(
                "Two days after they attacked the village, troops came.",
                None
            ),
            vec![row(
                "Two days after they attacked",
                "they attacked",
                "+2 day",
                "-"
            )]
        );
        // No past verb after the word: no event.
        assert!(found("two days after gunmen in the town", None).is_empty());
        assert!(found("two days after police arrive", None).is_empty());
        assert!(found("two days after was attacked", None).is_empty());
    }

    #[test]
    fn later_counts_from_the_day_before_it() {
        assert_eq!(
            found(
                "On Tuesday rebels took the town. Two days later the road reopened.",
                Some("2025-03-13")
            ),
            vec![row("Two days later", "Tuesday", "+2 day", "2025-03-11")]
        );
        assert_eq!(
            found(
                "The siege began on May 2, 2023, and ended a week later.",
                None
            ),
            vec![row("a week later", "May 2, 2023", "+1 week", "2023-05-02")]
        );
    }

    #[test]
    fn resolved_with_the_events_date() {
        let text = "Four days after the ambush, the army withdrew.";
        let times = find_times(text, None);
        let rel = find_event_relative(text, &times);
        assert_eq!(rel.len(), 1);
        // The event stage dated the ambush to 28 February 2024.
        let ambush = TimeValue::day(Date::new(2024, 2, 28).expect("date"));
        let resolved = rel[0].offset.resolve(&ambush).and_then(|r| r.value());
        assert_eq!(resolved.map(|v| v.iso()), Some("2024-03-03".to_string()));
        // Known only to the month, the ambush gives a range across two months.
        let february = TimeValue::month(Some(2024), 2);
        let r = rel[0].offset.resolve(&february).expect("range");
        assert_eq!(
            (r.range.first.to_string(), r.range.last.to_string()),
            ("2024-02-05".to_string(), "2024-03-04".to_string())
        );
    }
}
