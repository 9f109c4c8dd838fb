//! Counts as reporters write them: "at least 93 individuals", "up to five gunmen",
//! "more than a dozen", "dozens of people", "between 10 and 15 soldiers".
//!
//! [`find_quantities`] turns each into a [`Quantity`]: an [`Interval`] of whole numbers,
//! the writer's [`Qualifier`] and the counted noun. The table of qualifier phrases and
//! the intervals chosen for vague plurals is `docs/quantities.md`; a test checks every
//! row of it against this module.
//!
//! Not counts, and never reported: years ("in 2021", "the 1990s"), dates ("March 22",
//! "22 March", "22nd"), clock times ("10 p.m.", "18:00"), ordinals ("fifth"),
//! percentages, money ("$5 million", "5 million dollars"), numbers inside words and
//! codes ("G7", "COVID-19", "F-16", "9/11"), numbered things ("page 5", "No. 10",
//! "Article 5"), ages ("aged 25", "a 12-year-old"), decimals without a multiplier
//! ("magnitude 6.2"). The word "one" is reported only with a counted noun ("one
//! soldier"), a qualifier ("at least one") or right after a verb of harm ("killed
//! one and injured seven"); as a pronoun ("one of them", "no one") it is skipped.

pub mod measure;
pub mod numeral;
pub mod proportion;

pub use proportion::{find_proportions, find_proportions_with};

use newsfuse_core::{Interval, Qualifier, Quantity, Span};
use regex::Regex;
use std::sync::LazyLock;

/// The interval a vague plural stands for: "dozens" [24, 99], "scores" [40, 99],
/// "hundreds" [200, 999], "thousands" [2000, 999 999], "tens of thousands"
/// [20 000, 99 999], "hundreds of thousands" [200 000, 999 999], "millions"
/// [2 000 000, 999 999 999], "tens" (of people) [20, 99], "a handful" [3, 5], "a few"
/// [2, 5], "several" [3, 9].
/// "several"/"a few" + "dozen"/"hundred"/"thousand"/"million" take the plural's interval.
pub fn vague_interval(word: &str) -> Option<Interval> {
    let (lo, hi) = match word {
        "dozens" => (24, 99),
        "scores" => (40, 99),
        "tens" => (20, 99),
        "hundreds" => (200, 999),
        "thousands" => (2_000, 999_999),
        "tens of thousands" => (20_000, 99_999),
        "hundreds of thousands" => (200_000, 999_999),
        "millions" => (2_000_000, 999_999_999),
        "tens of millions" => (20_000_000, 99_999_999),
        "hundreds of millions" => (200_000_000, 999_999_999),
        "handful" => (3, 5),
        "few" => (2, 5),
        "several" => (3, 9),
        _ => return None,
    };
    Some(Interval::between(lo, hi))
}

/// Every count in `text`, in text order, not overlapping.
///
/// The span covers the qualifier, the number and the counted noun ("at least 12 other
/// civilians"); the noun is lower-cased as written, `None` when no noun follows.
pub fn find_quantities(text: &str) -> Vec<(Span, Quantity)> {
    let toks = tokenize(text);
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        if !may_start(text, &toks[i]) {
            i += 1;
            continue;
        }
        match match_at(text, &toks, i) {
            Some(m) => {
                if let Ok(span) = Span::checked(text, toks[i].start, m.end_byte) {
                    out.push((span, m.quantity));
                }
                i = m.next.max(i + 1);
            }
            None => i += 1,
        }
    }
    out
}

/// Whether a count can start at token `t`: digits, or a word that begins a qualifier
/// ("at least"), a vague plural ("dozens", "several dozen") or a number in words ("a
/// hundred", "forty", "ninety-three"). A cheap test that spares [`match_at`] (which
/// answers `None` for any other token) on most tokens. Words that are not plain ASCII
/// letters are always tried.
fn may_start(text: &str, t: &Tok) -> bool {
    type Set = std::collections::HashSet<&'static str, crate::gazetteer::fxhash::FxBuild>;
    static FIRST_WORDS: LazyLock<Set> = LazyLock::new(|| {
        let mut set: Set = QUALIFIERS
            .iter()
            .filter_map(|(words, _)| words.first().copied())
            .collect();
        set.extend(VAGUE_FIRST_WORDS);
        set
    });
    match t.kind {
        Kind::Num => true,
        Kind::Punct => false,
        Kind::Word => {
            let w = tok_text(text, t).as_bytes();
            if !w.iter().all(u8::is_ascii_alphabetic) {
                return true;
            }
            // A word whose length and first letter no word below has is none of them.
            if !START_SHAPES.may_be(w) {
                return false;
            }
            let mut buf = [0u8; 16];
            let Some(lower) = buf.get_mut(..w.len()) else {
                return false;
            };
            for (l, b) in lower.iter_mut().zip(w) {
                *l = b.to_ascii_lowercase();
            }
            let Ok(lower) = std::str::from_utf8(lower) else {
                return true;
            };
            small_number(lower).is_some()
                || tens_number(lower).is_some()
                || FIRST_WORDS.contains(lower)
        }
    }
}

/// The words of [`small_number`] and [`tens_number`].
const NUMBER_WORDS: &[&str] = &[
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
];

/// The (length, first letter) pairs of the words a count can start with in
/// [`may_start`] (number words and the first words of qualifiers and vague plurals), so
/// that most words are turned down with one table read.
struct StartShapes {
    /// Bit `l` of `by_len[n]`: some such word of `n` bytes starts with letter `l`.
    by_len: [u32; 17],
}

impl StartShapes {
    fn of<'w>(words: impl Iterator<Item = &'w str>) -> StartShapes {
        let mut by_len = [0u32; 17];
        for w in words {
            if let (Some(slot), Some(&b)) = (by_len.get_mut(w.len()), w.as_bytes().first()) {
                *slot |= 1 << (b.to_ascii_lowercase().wrapping_sub(b'a') & 31);
            }
        }
        StartShapes { by_len }
    }

    /// Whether the ASCII letters `w` can be one of the words (in any case).
    #[inline]
    fn may_be(&self, w: &[u8]) -> bool {
        match (self.by_len.get(w.len()), w.first()) {
            (Some(bits), Some(&b)) => {
                bits & (1 << (b.to_ascii_lowercase().wrapping_sub(b'a') & 31)) != 0
            }
            _ => false,
        }
    }
}

static START_SHAPES: LazyLock<StartShapes> = LazyLock::new(|| {
    StartShapes::of(
        NUMBER_WORDS
            .iter()
            .copied()
            .chain(
                QUALIFIERS
                    .iter()
                    .filter_map(|(words, _)| words.first().copied()),
            )
            .chain(VAGUE_FIRST_WORDS.iter().copied()),
    )
});

/// Words that begin a vague plural or a number in words besides the number words.
const VAGUE_FIRST_WORDS: &[&str] = &[
    "a",
    "half",
    "several",
    "dozens",
    "scores",
    "tens",
    "hundreds",
    "thousands",
    "millions",
];

/// Whether `word` looks like a plural count noun ("people", "gunmen", "attacks"):
/// used by the time module to tell "2021 people" from "in 2021".
pub(crate) fn is_plural_noun(word: &str) -> bool {
    let w = word.to_ascii_lowercase();
    plural_looking(&w) && !is_stop(&w)
}

// ---------------------------------------------------------------------------------
// Tokens

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Letters, with inner apostrophes and hyphens ("ninety-three", "al-Qaeda").
    Word,
    /// ASCII digits with comma groups and a decimal part ("1,200", "1.5").
    Num,
    /// Any other single character.
    Punct,
}

#[derive(Debug, Clone, Copy)]
struct Tok {
    start: usize,
    end: usize,
    kind: Kind,
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '‑' | '‐')
}

/// Whether `w` is one letter, or single letters joined by dots ("U", "U.S").
fn is_dotted_abbreviation(w: &str) -> bool {
    w.split('.')
        .all(|part| part.chars().count() == 1 && part.chars().all(char::is_alphabetic))
}

fn tokenize(text: &str) -> Vec<Tok> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(text.len() / 5 + 1);
    let mut it = text.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if c.is_whitespace() {
            continue;
        }
        if c.is_ascii_digit() {
            let mut end = i + 1;
            while end < bytes.len() && bytes[end].is_ascii_digit() {
                end += 1;
            }
            // Comma groups of exactly three digits: "1,200", "12,000,000".
            while bytes.get(end) == Some(&b',')
                && bytes.len() >= end + 4
                && bytes[end + 1..end + 4].iter().all(u8::is_ascii_digit)
                && !bytes.get(end + 4).is_some_and(u8::is_ascii_digit)
            {
                end += 4;
            }
            // Decimal part: "1.5".
            if bytes.get(end) == Some(&b'.') && bytes.get(end + 1).is_some_and(u8::is_ascii_digit) {
                end += 1;
                while end < bytes.len() && bytes[end].is_ascii_digit() {
                    end += 1;
                }
            }
            while it.peek().is_some_and(|&(j, _)| j < end) {
                it.next();
            }
            out.push(Tok {
                start: i,
                end,
                kind: Kind::Num,
            });
        } else if c.is_alphabetic() {
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = it.peek() {
                if d.is_alphabetic() {
                    end = j + d.len_utf8();
                    it.next();
                } else if d == '.' && is_dotted_abbreviation(&text[i..j]) {
                    // "U.S.", "U.N.": single letters joined by dots, final dot included.
                    let after = text[j + 1..].chars().next();
                    let dotted = text[i..j].contains('.');
                    if after.is_some_and(char::is_alphabetic) || dotted {
                        end = j + 1;
                        it.next();
                        if !after.is_some_and(char::is_alphabetic) {
                            break;
                        }
                    } else {
                        break;
                    }
                } else if matches!(d, '\'' | '’') || is_hyphen(d) {
                    let after = text[j + d.len_utf8()..].chars().next();
                    if after.is_some_and(char::is_alphabetic) {
                        end = j + d.len_utf8();
                        it.next();
                    } else {
                        break;
                    }
                } else {
                    break;
                }
            }
            out.push(Tok {
                start: i,
                end,
                kind: Kind::Word,
            });
        } else {
            out.push(Tok {
                start: i,
                end: i + c.len_utf8(),
                kind: Kind::Punct,
            });
        }
    }
    out
}

fn tok_text<'t>(text: &'t str, t: &Tok) -> &'t str {
    text.get(t.start..t.end).unwrap_or("")
}

/// Whether token `i` is a word equal (ASCII case-insensitively) to `w`.
fn word_is(text: &str, toks: &[Tok], i: usize, w: &str) -> bool {
    toks.get(i)
        .is_some_and(|t| t.kind == Kind::Word && tok_text(text, t).eq_ignore_ascii_case(w))
}

fn punct_is(text: &str, toks: &[Tok], i: usize, chars: &[char]) -> bool {
    toks.get(i).is_some_and(|t| {
        t.kind == Kind::Punct
            && tok_text(text, t)
                .chars()
                .next()
                .is_some_and(|c| chars.contains(&c))
    })
}

/// Lower-cased word token `i`, or `None`.
fn lower_word(text: &str, toks: &[Tok], i: usize) -> Option<String> {
    toks.get(i)
        .filter(|t| t.kind == Kind::Word)
        .map(|t| tok_text(text, t).to_lowercase())
}

/// The word before token `i`, looking through one abbreviation dot ("No. 10"),
/// lower-cased.
fn prev_word(text: &str, toks: &[Tok], i: usize) -> Option<String> {
    let mut j = i.checked_sub(1)?;
    if punct_is(text, toks, j, &['.']) {
        j = j.checked_sub(1)?;
    }
    lower_word(text, toks, j)
}

// ---------------------------------------------------------------------------------
// Word lists

const QUALIFIERS: &[(&[&str], Qualifier)] = &[
    (&["in", "the", "region", "of"], Qualifier::About),
    (&["no", "fewer", "than"], Qualifier::AtLeast),
    (&["not", "fewer", "than"], Qualifier::AtLeast),
    (&["no", "less", "than"], Qualifier::AtLeast),
    (&["not", "less", "than"], Qualifier::AtLeast),
    (&["a", "minimum", "of"], Qualifier::AtLeast),
    (&["no", "more", "than"], Qualifier::AtMost),
    (&["not", "more", "than"], Qualifier::AtMost),
    (&["a", "maximum", "of"], Qualifier::AtMost),
    (&["in", "excess", "of"], Qualifier::MoreThan),
    (&["just", "short", "of"], Qualifier::Nearly),
    (&["as", "many", "as"], Qualifier::UpTo),
    (&["at", "least"], Qualifier::AtLeast),
    (&["at", "most"], Qualifier::AtMost),
    (&["up", "to"], Qualifier::UpTo),
    (&["more", "than"], Qualifier::MoreThan),
    (&["upwards", "of"], Qualifier::MoreThan),
    (&["well", "over"], Qualifier::MoreThan),
    (&["just", "over"], Qualifier::MoreThan),
    (&["fewer", "than"], Qualifier::FewerThan),
    (&["less", "than"], Qualifier::FewerThan),
    (&["just", "under"], Qualifier::FewerThan),
    (&["an", "estimated"], Qualifier::About),
    (&["an", "approximate"], Qualifier::About),
    (&["close", "to"], Qualifier::Nearly),
    (&["over"], Qualifier::MoreThan),
    (&["under"], Qualifier::FewerThan),
    (&["about"], Qualifier::About),
    (&["around"], Qualifier::About),
    (&["some"], Qualifier::About),
    (&["approximately"], Qualifier::About),
    (&["approx"], Qualifier::About),
    (&["roughly"], Qualifier::About),
    (&["estimated"], Qualifier::About),
    (&["circa"], Qualifier::About),
    (&["nearly"], Qualifier::Nearly),
    (&["almost"], Qualifier::Nearly),
    (&["between"], Qualifier::Between),
    (&["from"], Qualifier::Between),
];

pub(crate) fn small_number(w: &str) -> Option<u64> {
    Some(match w {
        "zero" => 0,
        "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "thirteen" => 13,
        "fourteen" => 14,
        "fifteen" => 15,
        "sixteen" => 16,
        "seventeen" => 17,
        "eighteen" => 18,
        "nineteen" => 19,
        _ => return None,
    })
}

pub(crate) fn tens_number(w: &str) -> Option<u64> {
    Some(match w {
        "twenty" => 20,
        "thirty" => 30,
        "forty" => 40,
        "fifty" => 50,
        "sixty" => 60,
        "seventy" => 70,
        "eighty" => 80,
        "ninety" => 90,
        _ => return None,
    })
}

fn scale(w: &str) -> Option<u64> {
    Some(match w {
        "thousand" => 1_000,
        "million" => 1_000_000,
        "billion" => 1_000_000_000,
        _ => return None,
    })
}

fn is_month(w: &str) -> bool {
    matches!(
        w,
        "january"
            | "february"
            | "march"
            | "april"
            | "may"
            | "june"
            | "july"
            | "august"
            | "september"
            | "october"
            | "november"
            | "december"
            | "jan"
            | "feb"
            | "mar"
            | "apr"
            | "jun"
            | "jul"
            | "aug"
            | "sep"
            | "sept"
            | "oct"
            | "nov"
            | "dec"
    )
}

/// Words after which a year-like number is a year ("in 2021", "the 2015 attacks").
fn is_year_cue(w: &str) -> bool {
    is_month(w)
        || matches!(
            w,
            "in" | "since"
                | "until"
                | "till"
                | "by"
                | "before"
                | "after"
                | "during"
                | "from"
                | "of"
                | "the"
                | "this"
                | "that"
                | "its"
                | "their"
                | "early"
                | "late"
                | "mid"
                | "year"
                | "spring"
                | "summer"
                | "autumn"
                | "fall"
                | "winter"
                | "and"
                | "to"
                | "through"
                | "throughout"
                | "circa"
                | "c"
                | "fiscal"
                | "fy"
                | "between"
        )
}

/// Words after which a number names a thing rather than counting ("page 5", "No. 10").
fn is_label_word(w: &str) -> bool {
    matches!(
        w,
        "page"
            | "pages"
            | "p"
            | "pp"
            | "section"
            | "sections"
            | "sec"
            | "article"
            | "art"
            | "chapter"
            | "ch"
            | "paragraph"
            | "para"
            | "clause"
            | "rule"
            | "item"
            | "resolution"
            | "no"
            | "nos"
            | "number"
            | "vol"
            | "volume"
            | "issue"
            | "flight"
            | "route"
            | "highway"
            | "road"
            | "interstate"
            | "channel"
            | "level"
            | "phase"
            | "stage"
            | "category"
            | "grade"
            | "terminal"
            | "gate"
            | "platform"
            | "room"
            | "apartment"
            | "block"
            | "bus"
            | "line"
            | "exit"
            | "junction"
            | "zone"
            | "sector"
            | "figure"
            | "fig"
            | "table"
            | "appendix"
            | "annex"
            | "verse"
            | "episode"
            | "part"
            | "aged"
            | "age"
            | "ages"
            | "version"
            | "model"
            | "unit"
            | "brigade"
            | "battalion"
            | "division"
            | "regiment"
            | "corps"
            | "district"
            | "ward"
            | "precinct"
            | "rs"
            | "usd"
            | "eur"
            | "gbp"
    )
}

/// Words after a number that make it money, a percentage or a clock time.
fn is_unit_word(w: &str) -> bool {
    matches!(
        w,
        "percent"
            | "pc"
            | "pct"
            | "percentage"
            | "dollars"
            | "dollar"
            | "euros"
            | "euro"
            | "pounds"
            | "pound"
            | "sterling"
            | "rupees"
            | "yen"
            | "yuan"
            | "renminbi"
            | "naira"
            | "shillings"
            | "rubles"
            | "roubles"
            | "dinars"
            | "francs"
            | "rand"
            | "pesos"
            | "lira"
            | "riyals"
            | "dirhams"
            | "usd"
            | "eur"
            | "gbp"
            | "cents"
            | "bn"
            | "am"
            | "pm"
            | "gmt"
            | "utc"
            | "hrs"
            | "ad"
            | "bc"
            | "bce"
            | "ce"
    )
}

/// Words that end the search for a counted noun.
fn is_stop(w: &str) -> bool {
    is_month(w)
        || matches!(
            w,
            "a" | "an"
                | "the"
                | "and"
                | "or"
                | "but"
                | "nor"
                | "of"
                | "in"
                | "on"
                | "at"
                | "to"
                | "from"
                | "by"
                | "for"
                | "with"
                | "without"
                | "into"
                | "onto"
                | "as"
                | "was"
                | "were"
                | "is"
                | "are"
                | "be"
                | "been"
                | "being"
                | "had"
                | "has"
                | "have"
                | "will"
                | "would"
                | "could"
                | "should"
                | "might"
                | "must"
                | "can"
                | "did"
                | "do"
                | "does"
                | "not"
                | "who"
                | "whom"
                | "whose"
                | "which"
                | "that"
                | "this"
                | "these"
                | "those"
                | "there"
                | "here"
                | "it"
                | "its"
                | "they"
                | "them"
                | "their"
                | "he"
                | "she"
                | "his"
                | "her"
                | "we"
                | "our"
                | "you"
                | "your"
                | "i"
                | "me"
                | "my"
                | "than"
                | "then"
                | "more"
                | "less"
                | "fewer"
                | "most"
                | "least"
                | "per"
                | "each"
                | "all"
                | "both"
                | "including"
                | "among"
                | "amongst"
                | "after"
                | "before"
                | "during"
                | "since"
                | "until"
                | "while"
                | "when"
                | "where"
                | "if"
                | "so"
                | "such"
                | "said"
                | "say"
                | "says"
                | "also"
                | "still"
                | "about"
                | "around"
                | "over"
                | "under"
                | "up"
                | "down"
                | "out"
                | "off"
                | "ago"
                | "later"
                | "earlier"
                | "another"
                | "others"
                | "else"
                | "apiece"
                | "died"
                | "die"
                | "dies"
                | "fled"
                | "flee"
                | "remain"
                | "remains"
                | "went"
                | "came"
                | "got"
                | "took"
                | "lost"
                | "left"
                | "saw"
                | "told"
                | "made"
                | "gave"
                | "became"
                | "become"
                | "ran"
                | "met"
                | "monday"
                | "tuesday"
                | "wednesday"
                | "thursday"
                | "friday"
                | "saturday"
                | "sunday"
                | "percent"
                | "dozen"
                | "hundred"
                | "thousand"
                | "million"
                | "billion"
                | "yesterday"
                | "today"
                | "tonight"
                | "tomorrow"
                | "too"
                | "very"
                | "just"
                | "only"
                | "even"
                | "now"
                | "again"
                | "away"
                | "back"
        )
        || small_number(w).is_some()
        || tens_number(w).is_some()
}

/// Plural and collective nouns that do not end in "s".
fn irregular_plural(w: &str) -> bool {
    matches!(
        w,
        "people"
            | "children"
            | "police"
            | "personnel"
            | "staff"
            | "militia"
            | "cattle"
            | "crew"
            | "dead"
            | "wounded"
            | "injured"
            | "infantry"
            | "clergy"
            | "youth"
            | "kin"
    ) || (w.ends_with("men") && w.len() >= 3)
}

/// Adjectives that can also head the phrase ("12 dead", "30 wounded").
fn nominal_adjective(w: &str) -> bool {
    matches!(w, "dead" | "wounded" | "injured" | "missing" | "displaced")
}

/// Suffix-only plural test ("civilians", "attacks"), without the irregular list.
fn suffix_plural(w: &str) -> bool {
    w.len() > 2
        && w.ends_with('s')
        && !w.ends_with("ss")
        && !w.ends_with("'s")
        && !w.ends_with("’s")
        && !w.ends_with("us")
        && !w.ends_with("is")
}

fn plural_looking(w: &str) -> bool {
    suffix_plural(w) || irregular_plural(w)
}

fn adjective_like(w: &str) -> bool {
    matches!(
        w,
        "other"
            | "armed"
            | "unarmed"
            | "young"
            | "old"
            | "elderly"
            | "foreign"
            | "innocent"
            | "suspected"
            | "alleged"
            | "unknown"
            | "additional"
            | "further"
            | "many"
            | "several"
            | "new"
            | "former"
            | "senior"
            | "junior"
            | "top"
            | "separate"
            | "different"
            | "small"
            | "large"
            | "big"
            | "heavily"
            | "fellow"
            | "unnamed"
            | "masked"
            | "extra"
            | "more"
            | "dozen"
    ) || (w.len() > 4
        && [
            "ed", "ing", "ian", "ese", "ish", "ous", "ive", "ful", "less", "al", "ic", "ary",
        ]
        .iter()
        .any(|s| w.ends_with(s)))
}

fn is_participle(w: &str) -> bool {
    w.len() >= 5 && w.ends_with("ed") && !w.ends_with("eed") && !nominal_adjective(w)
}

// ---------------------------------------------------------------------------------
// Numbers

/// A number found at a token: its value, the token after it, and whether it was
/// written in digits and looks like a year.
struct Number {
    value: u64,
    /// Index of the first token after the number.
    next: usize,
    /// First and last token of the number.
    first: usize,
    last: usize,
    digits: bool,
    year_like: bool,
}

/// Parses digits ("1,200", "2 million", "1.5 million") at token `i`.
fn parse_digits(text: &str, toks: &[Tok], i: usize) -> Option<Number> {
    let t = toks.get(i)?;
    if t.kind != Kind::Num {
        return None;
    }
    let raw = tok_text(text, t);
    let (int_part, frac_part) = match raw.split_once('.') {
        Some((a, b)) => (a, Some(b)),
        None => (raw, None),
    };
    let mut int_value: u64 = 0;
    let mut ndigits = 0usize;
    for b in int_part.bytes() {
        if b.is_ascii_digit() {
            int_value = int_value
                .checked_mul(10)?
                .checked_add(u64::from(b - b'0'))?;
            ndigits += 1;
        }
    }
    let year_like = !int_part.contains(',')
        && frac_part.is_none()
        && ndigits == 4
        && (1000..=2100).contains(&int_value);
    // A multiplier word after the digits: "2 million", "1.5 million", "3 dozen".
    let mult_word = lower_word(text, toks, i + 1);
    let mult = mult_word.as_deref().and_then(|w| match w {
        "dozen" => Some(12),
        "hundred" => Some(100),
        w => scale(w),
    });
    match (frac_part, mult) {
        (None, None) => Some(Number {
            value: int_value,
            next: i + 1,
            first: i,
            last: i,
            digits: true,
            year_like,
        }),
        (None, Some(m)) => Some(Number {
            value: int_value.checked_mul(m)?,
            next: i + 2,
            first: i,
            last: i + 1,
            digits: true,
            year_like: false,
        }),
        (Some(frac), Some(m)) if frac.len() <= 6 => {
            let mut f: u64 = 0;
            let mut pow: u64 = 1;
            for b in frac.bytes() {
                f = f * 10 + u64::from(b - b'0');
                pow *= 10;
            }
            let whole = int_value.checked_mul(m)?;
            let part = f.checked_mul(m)?;
            if part % pow != 0 {
                return None;
            }
            Some(Number {
                value: whole.checked_add(part / pow)?,
                next: i + 2,
                first: i,
                last: i + 1,
                digits: true,
                year_like: false,
            })
        }
        // A decimal that is not a count ("magnitude 6.2").
        _ => None,
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Last {
    None,
    Unit,
    Teen,
    Tens,
    Hundred,
    Scale(u64),
}

/// Parses a number written in words ("one hundred and thirty-nine", "a dozen",
/// "two thousand", "ninety-three") at token `i`.
fn parse_words(text: &str, toks: &[Tok], i: usize) -> Option<Number> {
    let mut total: u64 = 0;
    let mut current: u64 = 0;
    let mut last = Last::None;
    let mut j = i;
    let mut end_tok: Option<usize> = None;
    // "half a dozen", "half a million": half the amount.
    if word_is(text, toks, i, "half") && word_is(text, toks, i + 1, "a") {
        let value = match lower_word(text, toks, i + 2)?.as_str() {
            "dozen" => 6,
            "hundred" => 50,
            w => scale(w)? / 2,
        };
        return Some(Number {
            value,
            next: i + 3,
            first: i,
            last: i + 2,
            digits: false,
            year_like: false,
        });
    }
    // "a hundred", "a thousand", "a dozen", "a million".
    if word_is(text, toks, i, "a") {
        let next = lower_word(text, toks, i + 1)?;
        match next.as_str() {
            "dozen" => {
                return Some(Number {
                    value: 12,
                    next: i + 2,
                    first: i,
                    last: i + 1,
                    digits: false,
                    year_like: false,
                })
            }
            "hundred" => {
                current = 100;
                last = Last::Hundred;
            }
            w => {
                let s = scale(w)?;
                total = s;
                last = Last::Scale(s);
            }
        }
        j = i + 2;
        end_tok = Some(i + 1);
    }
    while let Some(w) = lower_word(text, toks, j) {
        // "ninety-three", "twenty‑one".
        let hyphen_parts = w.split_once(['-', '‑', '‐']);
        if let Some((a, b)) = hyphen_parts {
            let (Some(t), Some(u)) = (tens_number(a), small_number(b)) else {
                break;
            };
            if !(1..=9).contains(&u) || !matches!(last, Last::None | Last::Hundred | Last::Scale(_))
            {
                break;
            }
            current += t + u;
            last = Last::Unit;
        } else if let Some(v) = small_number(&w) {
            let ok = match last {
                Last::None | Last::Hundred | Last::Scale(_) => true,
                Last::Tens => (1..=9).contains(&v) && current.is_multiple_of(10),
                _ => false,
            };
            if !ok || (v == 0 && last != Last::None) {
                break;
            }
            current += v;
            last = if v < 10 { Last::Unit } else { Last::Teen };
        } else if let Some(v) = tens_number(&w) {
            if !matches!(last, Last::None | Last::Hundred | Last::Scale(_)) {
                break;
            }
            current += v;
            last = Last::Tens;
        } else if w == "hundred" {
            if !matches!(last, Last::Unit | Last::Teen) || current >= 100 {
                break;
            }
            current *= 100;
            last = Last::Hundred;
        } else if w == "dozen" {
            if !matches!(last, Last::Unit | Last::Teen | Last::Tens) || total != 0 || current >= 100
            {
                break;
            }
            current *= 12;
            end_tok = Some(j);
            break;
        } else if let Some(s) = scale(&w) {
            let smaller = match last {
                Last::Scale(prev) => s < prev,
                _ => true,
            };
            if current == 0 || !smaller || matches!(last, Last::None) {
                break;
            }
            if let Last::Scale(_) = last {
                break;
            }
            // Scales must come in decreasing order: "two million three thousand".
            if total != 0 && !total.is_multiple_of(s.saturating_mul(1000)) {
                break;
            }
            total = total.checked_add(current.checked_mul(s)?)?;
            current = 0;
            last = Last::Scale(s);
        } else if w == "and"
            && matches!(last, Last::Hundred | Last::Scale(_))
            && lower_word(text, toks, j + 1).is_some_and(|n| {
                small_number(&n).is_some_and(|v| v > 0)
                    || tens_number(&n).is_some()
                    || n.split_once(['-', '‑', '‐'])
                        .is_some_and(|(a, b)| tens_number(a).is_some() && small_number(b).is_some())
            })
        {
            j += 1;
            continue;
        } else {
            break;
        }
        end_tok = Some(j);
        j += 1;
    }
    let last_tok = end_tok?;
    Some(Number {
        value: total.checked_add(current)?,
        next: last_tok + 1,
        first: i,
        last: last_tok,
        digits: false,
        year_like: false,
    })
}

fn parse_number(text: &str, toks: &[Tok], i: usize) -> Option<Number> {
    match toks.get(i)?.kind {
        Kind::Num => parse_digits(text, toks, i),
        Kind::Word => parse_words(text, toks, i),
        Kind::Punct => None,
    }
}

static CLOCK_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:[ap]\.\s?m\b\.?|[ap]\.?m\.|o['’]\s?clock\b|hours?\s+(?:gmt|utc|local\s+time)\b|local\s+time\b)")
        .unwrap()
});

/// Whether the digits of token `first..=last` stand inside a word or code, or are
/// money, a percentage, a clock time, a date or a label.
fn digits_excluded(text: &str, toks: &[Tok], n: &Number, check_before: bool) -> bool {
    let Some(first) = toks.get(n.first) else {
        return true;
    };
    let before = text[..first.start].chars().rev();
    let mut before2 = before.clone();
    let b1 = before2.next();
    let b2 = before2.next();
    if check_before {
        match b1 {
            Some(c) if c.is_alphanumeric() => return true,
            Some('$' | '£' | '€' | '¥' | '₹' | '₦' | '#' | '№' | '+') => return true,
            // A calibre or a decimal without its zero: ".38", ".5".
            Some('.') if b2.is_none_or(char::is_whitespace) => return true,
            Some(c)
                if (is_hyphen(c) || matches!(c, '/' | '_' | ':' | '.' | '–'))
                    && b2.is_some_and(char::is_alphanumeric) =>
            {
                return true;
            }
            _ => {}
        }
    }
    // What follows the digits themselves (not a multiplier word).
    let num_tok = toks.get(n.first).filter(|t| t.kind == Kind::Num);
    if let Some(t) = num_tok {
        let mut after = text[t.end..].chars();
        let a1 = after.next();
        let a2 = after.next();
        match a1 {
            Some(c) if c.is_alphanumeric() => return true,
            Some('%') | Some('٪') => return true,
            Some(c)
                if matches!(c, '/' | ':' | '°' | '\'' | '’')
                    && a2.is_some_and(|d| d.is_ascii_digit() || c == '°' || d.is_alphabetic()) =>
            {
                return true;
            }
            Some(c) if is_hyphen(c) && a2.is_some_and(char::is_alphabetic) => {
                return true;
            }
            Some('$' | '£' | '€' | '¥' | '₹') => return true,
            _ => {}
        }
        if CLOCK_AFTER.is_match(&text[t.end..]) {
            return true;
        }
    }
    // Money or percentage words after the whole number: "5 million dollars".
    if let Some(w) = lower_word(text, toks, n.next) {
        if is_unit_word(&w) {
            return true;
        }
        if w == "per" && word_is(text, toks, n.next + 1, "cent") {
            return true;
        }
    }
    false
}

// ---------------------------------------------------------------------------------
// Matching

struct Match {
    quantity: Quantity,
    end_byte: usize,
    next: usize,
}

/// The longest qualifier phrase at token `i`: (qualifier, tokens used).
fn qualifier_at(text: &str, toks: &[Tok], i: usize) -> Option<(Qualifier, usize)> {
    // Every qualifier starts with a word: that word is read once.
    let first = toks.get(i).filter(|t| t.kind == Kind::Word)?;
    let first = tok_text(text, first);
    for (words, q) in QUALIFIERS {
        if words.first().is_some_and(|w| first.eq_ignore_ascii_case(w))
            && words
                .iter()
                .enumerate()
                .skip(1)
                .all(|(k, w)| word_is(text, toks, i + k, w))
        {
            let mut used = words.len();
            if words == &["approx"] && punct_is(text, toks, i + 1, &['.']) {
                used += 1;
            }
            return Some((*q, used));
        }
    }
    None
}

/// A vague plural at token `i`: (canonical word, interval, tokens used, needs "of").
fn vague_at(text: &str, toks: &[Tok], i: usize) -> Option<(Interval, usize)> {
    let w = lower_word(text, toks, i)?;
    // "a handful (of)".
    if w == "a" && word_is(text, toks, i + 1, "handful") {
        let iv = vague_interval("handful")?;
        let used = if word_is(text, toks, i + 2, "of") {
            3
        } else {
            2
        };
        return Some((iv, used));
    }
    // "several dozen", "a few hundred".
    let (lead, k) = if w == "several" {
        (true, i + 1)
    } else if w == "a" && word_is(text, toks, i + 1, "few") {
        (true, i + 2)
    } else {
        (false, i)
    };
    if lead {
        let unit = lower_word(text, toks, k).unwrap_or_default();
        let plural = match unit.as_str() {
            "dozen" => "dozens",
            "hundred" => "hundreds",
            "thousand" => "thousands",
            "million" => "millions",
            // "several people", "a few of them", "several were hurt".
            _ => {
                let word = if w == "several" { "several" } else { "few" };
                let iv = vague_interval(word)?;
                let used = k - i + usize::from(word_is(text, toks, k, "of"));
                return Some((iv, used));
            }
        };
        let iv = vague_interval(plural)?;
        let mut used = k + 1 - i;
        if word_is(text, toks, k + 1, "of") {
            used += 1;
        }
        return Some((iv, used));
    }
    if !matches!(
        w.as_str(),
        "dozens" | "scores" | "tens" | "hundreds" | "thousands" | "millions"
    ) {
        return None;
    }
    let has_of = word_is(text, toks, i + 1, "of");
    // "tens of thousands", "hundreds of millions".
    if has_of && matches!(w.as_str(), "tens" | "hundreds") {
        if let Some(w2) = lower_word(text, toks, i + 2) {
            if matches!(w2.as_str(), "thousands" | "millions") {
                let key = format!("{w} of {w2}");
                let iv = vague_interval(&key)?;
                let used = if word_is(text, toks, i + 3, "of") {
                    4
                } else {
                    3
                };
                return Some((iv, used));
            }
        }
    }
    // A bare "scores" counts people only beside a word of harm ("injuring scores",
    // "scores were hurt"); elsewhere it is a noun ("test scores").
    let harm_beside = || {
        let before = i
            .checked_sub(1)
            .and_then(|j| lower_word(text, toks, j))
            .unwrap_or_default();
        let harm = |w: &str| {
            matches!(
                w,
                "dead" | "killed" | "wounded" | "injured" | "hurt" | "died" | "hospitalised"
            )
        };
        let after = lower_word(text, toks, i + 1).unwrap_or_default();
        // "scores were hurt", "scores more died".
        let after = if matches!(after.as_str(), "were" | "more" | "others") {
            lower_word(text, toks, i + 2).unwrap_or_default()
        } else {
            after
        };
        matches!(
            before.as_str(),
            "killing" | "killed" | "wounding" | "wounded" | "injuring" | "injured" | "leaving"
        ) || harm(&after)
    };
    if (w == "tens" || (w == "scores" && !harm_beside())) && !has_of {
        return None;
    }
    let iv = vague_interval(&w)?;
    Some((iv, if has_of { 2 } else { 1 }))
}

/// Plurals that cannot be noun modifiers ("civilians", "gunmen", "people").
fn strong_plural(w: &str) -> bool {
    suffix_plural(w) || w.ends_with("men") || matches!(w, "people" | "children")
}

/// The counted noun in the words from token `k`: its token index, or `None`.
///
/// Looks at up to three words before a stop word or punctuation and skips up to two
/// modifiers: adjectives and participles ("armed", "other", "Russian") and nouns used
/// as modifiers ("suicide bombers", "police officers").
fn noun_after(text: &str, toks: &[Tok], k: usize) -> Option<usize> {
    let mut words: [(usize, String); 3] = Default::default();
    let mut n = 0;
    while n < 3 {
        let Some(w) = lower_word(text, toks, k + n) else {
            break;
        };
        if is_stop(&w) || is_unit_word(&w) {
            break;
        }
        words[n] = (k + n, w);
        n += 1;
    }
    let mut i = 0;
    while i < n {
        let w = words[i].1.as_str();
        if i < 2 && i + 1 < n {
            let nx = words[i + 1].1.as_str();
            let verb_next = is_participle(nx) || (nx.ends_with("ing") && !adjective_like(w));
            let modifier = !strong_plural(w)
                && !verb_next
                && ((adjective_like(w) && !plural_looking(w))
                    || plural_looking(nx)
                    || !(adjective_like(nx) || plural_looking(w)));
            if modifier || (is_participle(w) && !nominal_adjective(w)) {
                i += 1;
                continue;
            }
        }
        if is_participle(w) {
            return None;
        }
        return Some(words[i].0);
    }
    None
}

fn match_at(text: &str, toks: &[Tok], i: usize) -> Option<Match> {
    if let Some((q, used)) = qualifier_at(text, toks, i) {
        if let Some(m) = count_at(text, toks, i, i + used, Some(q)) {
            return Some(m);
        }
        return None;
    }
    count_at(text, toks, i, i, None)
}

/// A count starting at token `j`, after an optional qualifier that starts at `start`.
fn count_at(
    text: &str,
    toks: &[Tok],
    start: usize,
    j: usize,
    qual: Option<Qualifier>,
) -> Option<Match> {
    // Vague plurals.
    if let Some((iv, used)) = vague_at(text, toks, j) {
        let (qualifier, interval) = match qual {
            Some(q @ (Qualifier::AtLeast | Qualifier::MoreThan)) => {
                (q, Interval::at_least(iv.min()))
            }
            Some(q @ (Qualifier::AtMost | Qualifier::UpTo | Qualifier::FewerThan)) => {
                (q, Interval::at_most(iv.max().unwrap_or(iv.min())))
            }
            _ => (Qualifier::Vague, iv),
        };
        let after = j + used;
        let noun = noun_after(text, toks, after);
        let end_tok = noun.unwrap_or(after - 1);
        return Some(Match {
            quantity: Quantity {
                interval,
                qualifier,
                noun: noun.and_then(|k| lower_word(text, toks, k)),
            },
            end_byte: toks.get(end_tok)?.end,
            next: end_tok + 1,
        });
    }

    let first = parse_number(text, toks, j)?;
    if first.digits && digits_excluded(text, toks, &first, true) {
        return None;
    }
    // "a mother of 12", "father of three": the children someone has, no count of
    // the people a report is about.
    if word_is(text, toks, j.wrapping_sub(1), "of")
        && j.checked_sub(2)
            .and_then(|k| lower_word(text, toks, k))
            .is_some_and(|w| {
                matches!(
                    w.as_str(),
                    "mother"
                        | "father"
                        | "mom"
                        | "dad"
                        | "parent"
                        | "parents"
                        | "grandmother"
                        | "grandfather"
                        | "grandparent"
                        | "grandparents"
                )
            })
    {
        return None;
    }
    // A digit number right after a month or right before one is a date.
    let before_word = prev_word(text, toks, start);
    if first.digits {
        let small = first.value <= 31 && first.first == first.last;
        let prev_num = prev_word(text, toks, j);
        if prev_num.as_deref().is_some_and(is_label_word)
            || (prev_num.as_deref().is_some_and(is_month) && (small || first.year_like))
        {
            return None;
        }
        if small {
            let nw = lower_word(text, toks, first.next);
            let nw = if nw.as_deref() == Some("of") {
                lower_word(text, toks, first.next + 1)
            } else {
                nw
            };
            if nw.as_deref().is_some_and(is_month) {
                return None;
            }
        }
    }

    // Ranges: "X to Y", "X-Y", "X or Y", "between X and Y", "from X to Y".
    let mut qualifier = qual.unwrap_or(Qualifier::Exact);
    let mut interval;
    let mut after = first.next;
    let mut range_second: Option<Number> = None;
    let joiner_word = lower_word(text, toks, first.next);
    let dash = punct_is(text, toks, first.next, &['-', '–', '—', '‑', '‐']);
    let range_ok = match qual {
        Some(Qualifier::Between) => {
            let from = word_is(text, toks, start, "from");
            if from {
                joiner_word.as_deref() == Some("to") || dash
            } else {
                joiner_word.as_deref() == Some("and") || dash
            }
        }
        _ => matches!(joiner_word.as_deref(), Some("to") | Some("or")) || (dash && first.digits),
    };
    if range_ok {
        if let Some(second) = parse_number(text, toks, first.next + 1) {
            let is_or = joiner_word.as_deref() == Some("or");
            let second_ok = second.digits == first.digits || !dash;
            let second_clean = !second.digits || !digits_excluded(text, toks, &second, !dash);
            if second_ok && second_clean && (!is_or || second.value > first.value) {
                range_second = Some(second);
            }
        }
    }
    if let Some(second) = &range_second {
        qualifier = Qualifier::Between;
        interval = Interval::between(first.value, second.value);
        after = second.next;
    } else {
        if qual == Some(Qualifier::Between) {
            return None;
        }
        interval = qualifier.interval(first.value);
        // Postfix qualifiers: "50 or more", "50 or so", "50 or fewer".
        if qual.is_none() && word_is(text, toks, after, "or") {
            let post = lower_word(text, toks, after + 1);
            let pq = match post.as_deref() {
                Some("more") => Some(Qualifier::AtLeast),
                Some("so") => Some(Qualifier::About),
                Some("fewer") | Some("less") => Some(Qualifier::AtMost),
                _ => None,
            };
            if let Some(pq) = pq {
                qualifier = pq;
                interval = pq.interval(first.value);
                after += 2;
            }
        }
    }

    let noun = noun_after(text, toks, after);
    let noun_word = noun.and_then(|k| lower_word(text, toks, k));

    // Years: a year-like number is a count only after no year cue and with a plural
    // noun or a qualifier ("2021 people", "at least 2000").
    let all_year_like = first.year_like && range_second.as_ref().is_none_or(|s| s.year_like);
    if all_year_like {
        // A qualifier other than "between"/"from" makes it a count whatever precedes
        // ("in more than 2000 cases").
        let qualified = matches!(qual, Some(q) if q != Qualifier::Between);
        let cue = before_word.as_deref().is_some_and(is_year_cue);
        let plural_noun = noun_word.as_deref().is_some_and(plural_looking);
        if !qualified && (cue || !plural_noun) {
            return None;
        }
    }
    // "one" as a pronoun: "one of them", "no one", "the one who"; but right after a
    // verb of harm it is a person ("killed one and injured seven").
    let harmed = before_word.as_deref().is_some_and(|w| {
        matches!(
            w,
            "killed" | "killing" | "wounded" | "wounding" | "injured" | "injuring" | "murdered"
        )
    });
    if !first.digits
        && first.value == 1
        && range_second.is_none()
        && qual.is_none()
        && qualifier == Qualifier::Exact
        && (noun.is_none() && !harmed || before_word.as_deref() == Some("no"))
    {
        return None;
    }
    if let Some(w) = &noun_word {
        if is_unit_word(w) {
            return None;
        }
    }
    let last_num_tok = range_second.as_ref().map_or(first.last, |s| s.last);
    let end_tok = noun.unwrap_or(after.saturating_sub(1).max(last_num_tok));
    Some(Match {
        quantity: Quantity {
            interval,
            qualifier,
            noun: noun_word,
        },
        end_byte: toks.get(end_tok)?.end,
        next: end_tok + 1,
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn number_words_are_those_of_the_number_readers() {
        use super::{small_number, tens_number, NUMBER_WORDS};
        // Each value of the two readers once, so that no word of theirs is missing.
        let mut values: Vec<u64> = NUMBER_WORDS
            .iter()
            .map(|w| small_number(w).or_else(|| tens_number(w)).expect(w))
            .collect();
        values.sort_unstable();
        let expected: Vec<u64> = (0..=19).chain((2..=9).map(|t| t * 10)).collect();
        assert_eq!(values, expected);
        assert_eq!(small_number("twenty"), None);
        assert_eq!(tens_number("hundred"), None);
    }

    #[test]
    fn start_shapes_turn_down_only_other_words() {
        use super::{StartShapes, START_SHAPES};
        for w in [
            "Seventeen",
            "NINETY",
            "a",
            "A",
            "several",
            "Dozens",
            "at",
            "more",
            "no",
            "up",
        ] {
            assert!(START_SHAPES.may_be(w.as_bytes()), "{w}");
        }
        for w in ["killed", "Bomb", "zz", "", "abcdefghijklmnopq"] {
            assert!(!START_SHAPES.may_be(w.as_bytes()), "{w}");
        }
        let s = StartShapes::of(["ab", "Cd"].into_iter());
        assert!(s.may_be(b"AX") && s.may_be(b"cz") && !s.may_be(b"ba") && !s.may_be(b"abc"));
    }

    use super::*;

    #[test]
    fn counts_start_only_where_may_start_says() {
        let texts = [
            "At least 12 armed men and AT MOST five others; some forty-two people, dozens of \
             villagers, a few hundred troops, tens of thousands fled, between 10 and 15 died.",
            "No fewer than three, in the region of 200 refugees, approximately 1,200 homes, \
             Nearly a dozen, upwards of 300, a handful of police, several dozen, ninety-three.",
            "The U.S. envoy met al-Qaeda\u{2019}s men; \u{c9}lise counted TWENTY guards, one of them.",
        ];
        for text in texts {
            let toks = tokenize(text);
            let mut started = 0;
            for i in 0..toks.len() {
                if match_at(text, &toks, i).is_some() {
                    started += 1;
                    assert!(may_start(text, &toks[i]), "{}", tok_text(text, &toks[i]));
                }
            }
            assert!(started >= 1, "{text}");
        }
        let toks = tokenize("Soldiers fled quickly");
        assert!(toks.iter().all(|t| !may_start("Soldiers fled quickly", t)));
    }

    fn one(text: &str) -> (String, Quantity) {
        let found = find_quantities(text);
        assert_eq!(found.len(), 1, "{text:?} gave {found:?}");
        let (span, q) = found[0].clone();
        (span.slice(text).unwrap_or("").to_string(), q)
    }

    fn none(text: &str) {
        let found = find_quantities(text);
        assert!(found.is_empty(), "{text:?} gave {found:?}");
    }

    fn check(text: &str, covered: &str, interval: &str, qualifier: Qualifier, noun: Option<&str>) {
        let (span, q) = one(text);
        assert_eq!(span, covered, "span of {text:?}");
        assert_eq!(q.interval.to_string(), interval, "interval of {text:?}");
        assert_eq!(q.qualifier, qualifier, "qualifier of {text:?}");
        assert_eq!(q.noun.as_deref(), noun, "noun of {text:?}");
    }

    #[test]
    fn bare_numbers_and_nouns() {
        check(
            "Officials said 139 lives were lost.",
            "139 lives",
            "139",
            Qualifier::Exact,
            Some("lives"),
        );
        check(
            "The blast killed 1,200 cattle.",
            "1,200 cattle",
            "1200",
            Qualifier::Exact,
            Some("cattle"),
        );
        check(
            "five armed men entered",
            "five armed men",
            "5",
            Qualifier::Exact,
            Some("men"),
        );
        check(
            "at least 12 other civilians died",
            "at least 12 other civilians",
            "[12, ∞)",
            Qualifier::AtLeast,
            Some("civilians"),
        );
        check("12 were killed", "12", "12", Qualifier::Exact, None);
        check(
            "30 wounded were taken away",
            "30 wounded",
            "30",
            Qualifier::Exact,
            Some("wounded"),
        );
        check(
            "two police officers",
            "two police officers",
            "2",
            Qualifier::Exact,
            Some("officers"),
        );
        check(
            "three Russian citizens",
            "three Russian citizens",
            "3",
            Qualifier::Exact,
            Some("citizens"),
        );
        check(
            "four suicide bombers",
            "four suicide bombers",
            "4",
            Qualifier::Exact,
            Some("bombers"),
        );
        check(
            "eleven assailants stormed in",
            "eleven assailants",
            "11",
            Qualifier::Exact,
            Some("assailants"),
        );
        check(
            "It took 7 killed soldiers",
            "7 killed soldiers",
            "7",
            Qualifier::Exact,
            Some("soldiers"),
        );
        check(
            "one woman was hurt",
            "one woman",
            "1",
            Qualifier::Exact,
            Some("woman"),
        );
    }

    #[test]
    fn word_numbers() {
        check(
            "ninety-three gunmen",
            "ninety-three gunmen",
            "93",
            Qualifier::Exact,
            Some("gunmen"),
        );
        check(
            "one hundred and thirty-nine people",
            "one hundred and thirty-nine people",
            "139",
            Qualifier::Exact,
            Some("people"),
        );
        check(
            "two thousand troops",
            "two thousand troops",
            "2000",
            Qualifier::Exact,
            Some("troops"),
        );
        check(
            "a dozen hostages",
            "a dozen hostages",
            "12",
            Qualifier::Exact,
            Some("hostages"),
        );
        check(
            "two dozen houses",
            "two dozen houses",
            "24",
            Qualifier::Exact,
            Some("houses"),
        );
        check(
            "Half a dozen gunmen fired.",
            "Half a dozen gunmen",
            "6",
            Qualifier::Exact,
            Some("gunmen"),
        );
        check(
            "half a million people",
            "half a million people",
            "500000",
            Qualifier::Exact,
            Some("people"),
        );
        check(
            "about half a dozen",
            "about half a dozen",
            "[5, 7]",
            Qualifier::About,
            None,
        );
        check(
            "a hundred people",
            "a hundred people",
            "100",
            Qualifier::Exact,
            Some("people"),
        );
        check(
            "twenty five men",
            "twenty five men",
            "25",
            Qualifier::Exact,
            Some("men"),
        );
        check(
            "two million three hundred thousand refugees",
            "two million three hundred thousand refugees",
            "2300000",
            Qualifier::Exact,
            Some("refugees"),
        );
        check(
            "2 million people",
            "2 million people",
            "2000000",
            Qualifier::Exact,
            Some("people"),
        );
        check(
            "1.5 million people",
            "1.5 million people",
            "1500000",
            Qualifier::Exact,
            Some("people"),
        );
        check(
            "zero casualties",
            "zero casualties",
            "0",
            Qualifier::Exact,
            Some("casualties"),
        );
    }

    #[test]
    fn qualifiers() {
        check(
            "up to five gunmen",
            "up to five gunmen",
            "[0, 5]",
            Qualifier::UpTo,
            Some("gunmen"),
        );
        check(
            "more than a dozen",
            "more than a dozen",
            "[13, ∞)",
            Qualifier::MoreThan,
            None,
        );
        check(
            "no fewer than 40 boats",
            "no fewer than 40 boats",
            "[40, ∞)",
            Qualifier::AtLeast,
            Some("boats"),
        );
        check(
            "no more than 40 boats",
            "no more than 40 boats",
            "[0, 40]",
            Qualifier::AtMost,
            Some("boats"),
        );
        check(
            "fewer than 10 people",
            "fewer than 10 people",
            "[0, 9]",
            Qualifier::FewerThan,
            Some("people"),
        );
        check(
            "about 40 people",
            "about 40 people",
            "[36, 44]",
            Qualifier::About,
            Some("people"),
        );
        check(
            "an estimated 200 people",
            "an estimated 200 people",
            "[180, 220]",
            Qualifier::About,
            Some("people"),
        );
        check(
            "nearly 150 people",
            "nearly 150 people",
            "[135, 150]",
            Qualifier::Nearly,
            Some("people"),
        );
        check(
            "close to 150 people",
            "close to 150 people",
            "[135, 150]",
            Qualifier::Nearly,
            Some("people"),
        );
        check(
            "approx. 20 men",
            "approx. 20 men",
            "[18, 22]",
            Qualifier::About,
            Some("men"),
        );
        check(
            "50 or more people",
            "50 or more people",
            "[50, ∞)",
            Qualifier::AtLeast,
            Some("people"),
        );
        check(
            "50 or so people",
            "50 or so people",
            "[45, 55]",
            Qualifier::About,
            Some("people"),
        );
    }

    #[test]
    fn ranges() {
        check(
            "between 10 and 15 soldiers",
            "between 10 and 15 soldiers",
            "[10, 15]",
            Qualifier::Between,
            Some("soldiers"),
        );
        check(
            "from 10 to 15 soldiers",
            "from 10 to 15 soldiers",
            "[10, 15]",
            Qualifier::Between,
            Some("soldiers"),
        );
        check(
            "10 to 15 soldiers",
            "10 to 15 soldiers",
            "[10, 15]",
            Qualifier::Between,
            Some("soldiers"),
        );
        check(
            "10-15 soldiers",
            "10-15 soldiers",
            "[10, 15]",
            Qualifier::Between,
            Some("soldiers"),
        );
        check(
            "10–15 soldiers",
            "10–15 soldiers",
            "[10, 15]",
            Qualifier::Between,
            Some("soldiers"),
        );
        check(
            "five or six attackers",
            "five or six attackers",
            "[5, 6]",
            Qualifier::Between,
            Some("attackers"),
        );
        check(
            "between 1500 and 2000 people",
            "between 1500 and 2000 people",
            "[1500, 2000]",
            Qualifier::Between,
            Some("people"),
        );
    }

    #[test]
    fn vague_plurals() {
        check(
            "dozens of people",
            "dozens of people",
            "[24, 99]",
            Qualifier::Vague,
            Some("people"),
        );
        check(
            "Scores of homes burned",
            "Scores of homes",
            "[40, 99]",
            Qualifier::Vague,
            Some("homes"),
        );
        check(
            "hundreds were hurt",
            "hundreds",
            "[200, 999]",
            Qualifier::Vague,
            None,
        );
        check(
            "thousands of Syrians",
            "thousands of Syrians",
            "[2000, 999999]",
            Qualifier::Vague,
            Some("syrians"),
        );
        check(
            "tens of thousands of people",
            "tens of thousands of people",
            "[20000, 99999]",
            Qualifier::Vague,
            Some("people"),
        );
        check(
            "a handful of fighters",
            "a handful of fighters",
            "[3, 5]",
            Qualifier::Vague,
            Some("fighters"),
        );
        check(
            "several dozen people",
            "several dozen people",
            "[24, 99]",
            Qualifier::Vague,
            Some("people"),
        );
        check(
            "at least dozens of people",
            "at least dozens of people",
            "[24, ∞)",
            Qualifier::AtLeast,
            Some("people"),
        );
        none("The scores were level.");
        none("Test scores were higher this year.");
        // Beside a word of harm, a bare "scores" counts people.
        check(
            "The blast injured scores.",
            "scores",
            "[40, 99]",
            Qualifier::Vague,
            None,
        );
        check(
            "Scores were hurt in the stampede.",
            "Scores",
            "[40, 99]",
            Qualifier::Vague,
            None,
        );
    }

    #[test]
    fn case_insensitive() {
        check(
            "AT LEAST 93 INDIVIDUALS",
            "AT LEAST 93 INDIVIDUALS",
            "[93, ∞)",
            Qualifier::AtLeast,
            Some("individuals"),
        );
        check(
            "Up To Five Gunmen",
            "Up To Five Gunmen",
            "[0, 5]",
            Qualifier::UpTo,
            Some("gunmen"),
        );
        check(
            "DOZENS OF PEOPLE",
            "DOZENS OF PEOPLE",
            "[24, 99]",
            Qualifier::Vague,
            Some("people"),
        );
    }

    #[test]
    fn not_counts() {
        none("It happened in 2021.");
        none("Violence rose in the 1990s.");
        none("It was March 22.");
        none("It was 22 March.");
        none("It was on the 22nd.");
        none("It began at 10 p.m. local time.");
        none("It began at 10pm.");
        none("It began at 18:00.");
        none("The fifth attack.");
        none("Prices rose 5% and then 7 percent, or 3 per cent.");
        none("They paid $5 million.");
        none("They paid 5 million dollars.");
        none("The G7 met about COVID-19 and F-16 jets.");
        none("See page 12 and section 4 of Article 5.");
        none("He lived at No. 10 for years.");
        none("A 12-year-old boy.");
        none("He was aged 25.");
        none("A mother of 12 was shot.");
        none("The father of three died.");
        none("A magnitude 6.2 quake.");
        none("No one was hurt, one of them said.");
        none("The 9/11 attacks and 24/7 news.");
        none("between 2010 and 2015");
        none("2010-2015");
        none("The 2015 attacks");
        none("a three-year-old and a one-off");
    }

    #[test]
    fn year_like_counts() {
        check(
            "2021 people signed",
            "2021 people",
            "2021",
            Qualifier::Exact,
            Some("people"),
        );
        check(
            "at least 2000 troops",
            "at least 2000 troops",
            "[2000, ∞)",
            Qualifier::AtLeast,
            Some("troops"),
        );
    }

    #[test]
    fn several_in_order() {
        let text =
            "Five gunmen killed at least 93 people and wounded over 100, and 12 were missing.";
        let found = find_quantities(text);
        let got: Vec<String> = found
            .iter()
            .map(|(s, q)| format!("{}={}", s.slice(text).unwrap_or(""), q.interval))
            .collect();
        assert_eq!(
            got,
            vec![
                "Five gunmen=5",
                "at least 93 people=[93, ∞)",
                "over 100=[101, ∞)",
                "12=12"
            ]
        );
    }

    #[test]
    fn odd_text_does_not_panic() {
        for t in [
            "",
            "-",
            "1,",
            "1,2",
            "a",
            "a dozen",
            "é9",
            "٣ people",
            "9\u{301}",
            "99999999999999999999999 people",
            "1.",
            "1.5",
            "1.5 million",
            "between",
            "from 5 to",
        ] {
            let _ = find_quantities(t);
        }
    }
}
