//! Shares of a whole: "a third of the victims", "30% of them", "roughly half of the 300
//! passengers", "one in five residents", "most of the dead" (docs/quantities.md,
//! "Shares of a whole").
//!
//! [`find_proportions`] reads the share as a fraction with the writer's qualifier, the
//! phrase naming the whole, and, when that phrase counts the whole ("the 300
//! passengers"), how many the share stands for
//! ([`Proportion::share_of`](newsfuse_core::Proportion::share_of)).

use std::sync::LazyLock;

use newsfuse_core::{Proportion, Qualifier, Span};
use regex::Regex;

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).unwrap_or_else(|e| panic!("bad built-in share pattern {pattern}: {e}"))
}

/// The share and the qualifier before it. A fraction ("two-thirds", "3/4"), a percentage
/// or "most" needs "of"
/// after it (checked by [`find_proportions`]); "half" takes "of" or "the"; "one in five"
/// takes the whole right after it.
static SHARE: LazyLock<Regex> = LazyLock::new(|| {
    re(concat!(
        r"(?i)\b(?:(?P<q>about|around|roughly|some|approximately|nearly|almost|close\s+to",
        r"|more\s+than|just\s+over|well\s+over|over|at\s+least|less\s+than|fewer\s+than",
        r"|just\s+under|under|up\s+to)\s+)?",
        r"(?:(?P<pct>\d{1,3}(?:\.\d{1,2})?)\s*(?:%|percent\b|per\s+cent\b)",
        r"|(?P<sn>\d{1,2})/(?P<sd>\d{1,2})\b",
        r"|(?P<num>an?|one|two|three|four|five|six|seven|eight|nine)[\s-]+",
        r"(?P<den>halves|half|thirds?|quarters?|fourths?|fifths?|sixths?|sevenths?|eighths?",
        r"|ninths?|tenths?)\b",
        r"|(?P<half>half)\b",
        r"|(?P<most>most|the\s+majority|the\s+bulk)\b",
        r"|(?P<k>one|two|three|four|five|six|seven|eight|nine|ten|\d{1,3})\s+(?:in|out\s+of)\s+",
        r"(?P<every>two|three|four|five|six|seven|eight|nine|ten|twenty|\d{1,4})\b)",
    ))
});

/// Words that end the phrase naming the whole: verbs, prepositions, conjunctions and
/// relative pronouns.
const STOP: &[&str] = &[
    "was", "were", "is", "are", "be", "been", "being", "had", "has", "have", "will", "would",
    "could", "should", "may", "might", "can", "did", "does", "do", "who", "which", "that", "whom",
    "whose", "and", "or", "but", "in", "at", "on", "from", "with", "by", "for", "to", "into", "as",
    "than", "when", "where", "while", "after", "before", "during", "since", "until", "said",
    "says", "died", "remain", "remained", "live", "lived", "of", "up", "down", "out", "off",
    "back", "away", "here", "there", "now", "then", "still", "also",
];

/// Words that open the phrase naming the whole.
const DETERMINERS: &[&str] = &[
    "the", "its", "their", "his", "her", "our", "your", "those", "these", "this", "that", "all",
];

/// Pronouns that are a whole by themselves ("a third of them").
const PRONOUNS: &[&str] = &["them", "those", "these", "us", "you", "it"];

/// Heads that make the phrase a time or a distance, not a whole of people or things
/// ("a quarter of an hour", "half of the year", "a third of the way").
const NOT_A_WHOLE: &[&str] = &[
    "second",
    "seconds",
    "minute",
    "minutes",
    "hour",
    "hours",
    "day",
    "days",
    "week",
    "weeks",
    "month",
    "months",
    "year",
    "years",
    "decade",
    "decades",
    "century",
    "season",
    "way",
    "distance",
    "time",
    "century's",
];

const MAX_WORDS: usize = 6;

/// A count as written: "a", "two", "twenty", "10".
fn small(word: &str) -> Option<u32> {
    let w = word.to_ascii_lowercase();
    if matches!(w.as_str(), "a" | "an") {
        return Some(1);
    }
    super::small_number(&w)
        .or_else(|| super::tens_number(&w))
        .and_then(|n| u32::try_from(n).ok())
        .or_else(|| w.parse().ok())
}

/// The denominator a fraction word names: "half" 2, "thirds" 3, "quarter" 4 (as
/// "fourth"), "fifth" 5 … "tenth" 10: the ordinal's value.
fn denominator(word: &str) -> Option<u32> {
    let w = word.to_ascii_lowercase();
    let stem = w.trim_end_matches('s');
    match stem {
        "half" | "halve" => Some(2),
        "quarter" => Some(4),
        _ => super::numeral::ordinal_value(stem).filter(|d| (3..=10).contains(d)),
    }
}

fn qualifier(words: Option<&str>) -> Qualifier {
    let Some(words) = words else {
        return Qualifier::Exact;
    };
    let lower = words.to_ascii_lowercase();
    let first = lower.split_whitespace().collect::<Vec<_>>().join(" ");
    match first.as_str() {
        "about" | "around" | "roughly" | "some" | "approximately" => Qualifier::About,
        "nearly" | "almost" | "close to" | "just under" => Qualifier::Nearly,
        "more than" | "over" | "just over" | "well over" => Qualifier::MoreThan,
        "at least" => Qualifier::AtLeast,
        "less than" | "fewer than" | "under" => Qualifier::FewerThan,
        "up to" => Qualifier::UpTo,
        _ => Qualifier::Exact,
    }
}

/// The phrase naming the whole that starts at byte `at` (after "of" and spaces): a
/// pronoun, or a determiner or a number (with `bare`, any word) and up to six words,
/// stopping at punctuation, a word of [`STOP`], a past-tense verb or after a plural noun. Its end, or `None` when no such phrase starts there or it names a
/// stretch of time ("half of the year").
fn whole_at(text: &str, at: usize, stops: &[Span], bare: bool) -> Option<usize> {
    let rest = &text[at..];
    let mut end = at;
    let mut content = 0;
    let mut last = "";
    let mut pos = 0;
    for (i, word) in rest.split(' ').enumerate() {
        if word.is_empty() || i > MAX_WORDS || stops.iter().any(|s| s.start() == at + pos) {
            break;
        }
        // The word, less trailing punctuation (which ends the phrase).
        let clean = word.trim_end_matches(|c: char| !c.is_alphanumeric());
        let cut = clean.len() < word.len();
        let lower = clean.to_ascii_lowercase();
        let numeric = clean.bytes().next().is_some_and(|b| b.is_ascii_digit());
        if clean.is_empty()
            || !clean
                .chars()
                .all(|c| c.is_alphanumeric() || ",.'’-".contains(c))
        {
            break;
        }
        if i == 0 {
            if PRONOUNS.contains(&lower.as_str()) {
                return Some(at + clean.len());
            }
            let plain = bare && !STOP.contains(&lower.as_str()) && !lower.ends_with("ed");
            if !(DETERMINERS.contains(&lower.as_str()) || numeric || plain) {
                return None;
            }
            if numeric || plain && !DETERMINERS.contains(&lower.as_str()) {
                content += 1;
                last = clean;
                end = at + pos + clean.len();
            }
        } else {
            // A verb in the past after the first word ends the phrase ("the 300
            // passengers survived"); "the wounded" keeps its participle.
            if STOP.contains(&lower.as_str())
                || content > 0 && (lower.ends_with("ed") || crate::time::is_past_verb(&lower))
            {
                break;
            }
            content += 1;
            last = clean;
            end = at + pos + clean.len();
        }
        // A plural noun is the phrase's head ("the 80 guards quit").
        if cut || content > 0 && !numeric && super::is_plural_noun(clean) {
            break;
        }
        pos += word.len() + 1;
    }
    let head = last.to_ascii_lowercase();
    let numeric_only = head
        .bytes()
        .all(|b| b.is_ascii_digit() || b == b',' || b == b'.');
    if content == 0 || numeric_only || NOT_A_WHOLE.contains(&head.as_str()) {
        return None;
    }
    Some(end)
}

/// Every share of a whole in `text`, in text order: the span (qualifier, share, "of"
/// and the whole) and its reading.
pub fn find_proportions(text: &str) -> Vec<(Span, Proportion)> {
    find_proportions_with(text, &[])
}

/// [`find_proportions`] where the phrase naming a whole ends before any of `stops` (the
/// text's times: "a third of the victims last year" names "the victims"), and a share
/// that overlaps one of them is none.
pub fn find_proportions_with(text: &str, stops: &[Span]) -> Vec<(Span, Proportion)> {
    let mut out: Vec<(Span, Proportion)> = Vec::new();
    for c in SHARE.captures_iter(text) {
        let Some(all) = c.get(0) else {
            continue;
        };
        let said = qualifier(c.name("q").map(|m| m.as_str()));
        let (numerator, denominator, qual) = if let Some(p) = c.name("pct") {
            // "12.5%" is 125/1000.
            let s = p.as_str();
            let (whole, frac) = s.split_once('.').unwrap_or((s, ""));
            let scale = 10u32.pow(frac.len() as u32);
            let (Ok(w), f) = (whole.parse::<u32>(), frac.parse::<u32>().unwrap_or(0)) else {
                continue;
            };
            (w * scale + f, 100 * scale, said)
        } else if let (Some(n), Some(d)) = (c.name("num"), c.name("den")) {
            let (Some(n), Some(d)) = (small(n.as_str()), denominator(d.as_str())) else {
                continue;
            };
            (n, d, said)
        } else if let (Some(n), Some(d)) = (c.name("sn"), c.name("sd")) {
            // "3/4 of the votes": a written fraction has a denominator of 2 to 10 and is
            // below one; a date or a score ("9/11", "3/1") is none.
            let (Ok(n), Ok(d)) = (n.as_str().parse::<u32>(), d.as_str().parse::<u32>()) else {
                continue;
            };
            if n == 0 || n >= d || d > 10 {
                continue;
            }
            (n, d, said)
        } else if c.name("half").is_some() {
            (1, 2, said)
        } else if c.name("most").is_some() {
            (1, 2, Qualifier::MoreThan)
        } else if let (Some(k), Some(e)) = (c.name("k"), c.name("every")) {
            let (Some(k), Some(e)) = (small(k.as_str()), small(e.as_str())) else {
                continue;
            };
            (k, e, said)
        } else {
            continue;
        };
        if denominator == 0 || numerator > denominator {
            continue;
        }
        // What joins the share to its whole.
        let after = &text[all.end()..];
        let lower_after = after.get(..5).unwrap_or(after).to_ascii_lowercase();
        let whole_start = if lower_after.starts_with(" of ") {
            all.end() + 4
        } else if c.name("half").is_some() && lower_after.starts_with(" the ")
            || c.name("k").is_some() && after.starts_with(' ')
        {
            all.end() + 1
        } else {
            continue;
        };
        if stops
            .iter()
            .any(|s| s.start() < whole_start && s.end() > all.start())
        {
            continue;
        }
        // "one in five residents": the whole may follow with no determiner.
        let bare = c.name("k").is_some() && whole_start == all.end() + 1;
        let Some(whole_end) = whole_at(text, whole_start, stops, bare) else {
            continue;
        };
        let of = text[whole_start..whole_end].to_string();
        // The whole's count, when the phrase gives one ("the 300 passengers").
        let count = super::find_quantities(&of)
            .first()
            .and_then(|(_, q)| Proportion::share_of(numerator, denominator, qual, q.interval));
        let Ok(span) = Span::checked(text, all.start(), whole_end) else {
            continue;
        };
        if out.last().is_some_and(|(s, _)| s.overlaps(span)) {
            continue;
        }
        out.push((
            span,
            Proportion {
                numerator,
                denominator,
                qualifier: qual,
                of,
                count,
            },
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (covered text, "n/d qualifier of <whole> = count") for each share found.
    fn shares(text: &str) -> Vec<(String, String)> {
        find_proportions(text)
            .into_iter()
            .map(|(sp, p)| {
                let count = p.count.map_or("-".to_string(), |c| c.to_string());
                (
                    sp.slice(text).unwrap_or("?").to_string(),
                    format!(
                        "{}/{} {} of {} = {count}",
                        p.numerator,
                        p.denominator,
                        p.qualifier.as_str(),
                        p.of
                    ),
                )
            })
            .collect()
    }

    fn one(text: &str) -> (String, String) {
        let all = shares(text);
        assert_eq!(all.len(), 1, "{text}: {all:?}");
        all[0].clone()
    }

    fn pair(a: &str, b: &str) -> (String, String) {
        (a.to_string(), b.to_string())
    }

    #[test]
    fn fractions_percentages_and_rates() {
        assert_eq!(
            one("A third of the victims were children."),
            pair("A third of the victims", "1/3 exact of the victims = -")
        );
        assert_eq!(
            one("Two-thirds of the town was flooded."),
            pair("Two-thirds of the town", "2/3 exact of the town = -")
        );
        // An irregular past ends the whole as "-ed" does.
        assert_eq!(
            one("Two-thirds of the town lost power."),
            pair("Two-thirds of the town", "2/3 exact of the town = -")
        );
        assert_eq!(
            one("By noon 3/4 of the 200 ballots had been counted."),
            pair(
                "3/4 of the 200 ballots",
                "3/4 exact of the 200 ballots = 150"
            )
        );
        // A date or a score is no share below one.
        assert_eq!(
            shares("After 9/11 of the old order, 4/3 of the sum and 3/3 of it."),
            vec![]
        );
        assert_eq!(
            one("More than 1,000 were evacuated, 30% of them children."),
            pair("30% of them", "30/100 exact of them = -")
        );
        assert_eq!(
            one("Roughly half of the 300 passengers survived."),
            pair(
                "Roughly half of the 300 passengers",
                "1/2 about of the 300 passengers = [135, 165]"
            )
        );
        assert_eq!(
            one("Half the 40 houses burned."),
            pair("Half the 40 houses", "1/2 exact of the 40 houses = 20")
        );
        assert_eq!(
            one("Most of the 12 hostages were freed."),
            pair(
                "Most of the 12 hostages",
                "1/2 more_than of the 12 hostages = [7, 12]"
            )
        );
        assert_eq!(
            one("One in five residents fled."),
            pair("One in five residents", "1/5 exact of residents = -")
        );
        assert_eq!(
            one("Nine out of 10 of the wounded were civilians."),
            pair(
                "Nine out of 10 of the wounded",
                "9/10 exact of the wounded = -"
            )
        );
        assert_eq!(
            one("Nearly a quarter of the 80 guards quit."),
            pair(
                "Nearly a quarter of the 80 guards",
                "1/4 nearly of the 80 guards = [18, 20]"
            )
        );
        assert_eq!(
            one("Turnout was 12.5% of all voters."),
            pair("12.5% of all voters", "125/1000 exact of all voters = -")
        );
    }

    proptest::proptest! {
        /// Any run of share-like words reads without panicking, and every share found
        /// is a fraction of at most one, spans whole characters of the text, and ends
        /// with the phrase it names as its whole.
        #[test]
        fn shares_are_well_formed(words in proptest::collection::vec(proptest::sample::select(vec![
            "a", "third", "thirds", "of", "the", "300", "passengers", "half", "30%", "one",
            "in", "five", "out", "nearly", "most", "them", "were", "killed", ",", ".",
            "über", "12.5", "percent", "two-thirds", "hour", "2021", "all", "10",
        ]), 0..14)) {
            let text = words.join(" ");
            for (span, p) in find_proportions(&text) {
                proptest::prop_assert!(p.denominator > 0 && p.numerator <= p.denominator);
                let covered = span.slice(&text);
                proptest::prop_assert!(covered.is_some());
                proptest::prop_assert!(covered.is_some_and(|c| c.ends_with(p.of.as_str())));
            }
        }
    }

    #[test]
    fn not_shares_of_a_whole() {
        for text in [
            "They waited a quarter of an hour.",
            "Half of the year had passed.",
            "A third of the way up, the trail ends.",
            "Prices rose 5% last year.",
            "He came a third time.",
            "The second half began.",
            "In the first half of 2022, raids fell.",
            "Three quarters of 2021 were calm.",
            "Sales were 150% of the target.",
            "Most people agree.",
        ] {
            assert_eq!(shares(text), vec![], "{text}");
        }
    }
}
