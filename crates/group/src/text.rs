//! Text similarity for grouping: an article's words as a sparse TF-IDF vector.
//!
//! Terms are content words (lower-cased, a small stop list removed, a plural `s`
//! dropped), numbers and years as written, and names: a capitalised word that does not
//! open a sentence counts [`NAME_WEIGHT`] times, since names, places, dates and
//! figures are what tell two similar events apart; numbers (years, figures) count
//! [`NUMBER_WEIGHT`] times. Term frequencies are damped
//! (`1 + ln tf`), weighted by inverse document frequency over the articles being
//! grouped, and the vector keeps its [`MAX_TERMS`] heaviest terms, normalised to unit
//! length, so that a million vectors stay small.

use std::collections::HashMap;

/// How many times a name counts, against 1 for another word (tuned on the ECB+ shared
/// split, like the two below).
pub const NAME_WEIGHT: f32 = 3.0;
/// How many times a number or a word with a digit counts.
pub const NUMBER_WEIGHT: f32 = 3.0;
/// Terms kept per article after weighting.
pub const MAX_TERMS: usize = 30;

/// Function words and news boilerplate that say nothing about which event it is.
const STOP: &[&str] = &[
    "the",
    "and",
    "for",
    "that",
    "with",
    "was",
    "were",
    "are",
    "has",
    "have",
    "had",
    "his",
    "her",
    "its",
    "their",
    "they",
    "them",
    "this",
    "these",
    "those",
    "from",
    "but",
    "not",
    "been",
    "will",
    "would",
    "could",
    "should",
    "can",
    "may",
    "might",
    "about",
    "after",
    "before",
    "into",
    "over",
    "out",
    "who",
    "whom",
    "which",
    "what",
    "when",
    "where",
    "while",
    "there",
    "then",
    "than",
    "also",
    "said",
    "says",
    "say",
    "told",
    "tell",
    "one",
    "two",
    "more",
    "most",
    "some",
    "any",
    "all",
    "other",
    "such",
    "only",
    "just",
    "very",
    "being",
    "our",
    "your",
    "you",
    "she",
    "him",
    "did",
    "does",
    "doe",
    "how",
    "why",
    "because",
    "each",
    "both",
    "again",
    "still",
    "even",
    "now",
    "yet",
    "through",
    "during",
    "under",
    "between",
    "against",
    "without",
    "within",
    "upon",
    "onto",
    "off",
    "per",
    "via",
    "via",
    "here",
    "according",
    "reported",
    "report",
    "news",
    "new",
    "year",
    "years",
    "time",
    "like",
    "last",
    "first",
    "made",
    "make",
    "many",
    "much",
    "well",
    "get",
    "got",
    "back",
    "since",
    "around",
    "including",
    "among",
    "another",
    "however",
    "though",
    "although",
    "which",
    "whose",
    "it's",
    "don't",
    "didn't",
    "wa",
    "ha",
    "thi",
    "mr",
    "mrs",
    "ms",
    "inc",
];

/// Capitalised words that are not names: days and months are shared by every event of
/// a week, so they count as ordinary words.
const CALENDAR: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

fn is_stop(w: &str) -> bool {
    STOP.contains(&w)
}

/// A term's id: its 64-bit FNV-1a hash folded to 32 bits (a collision merges two
/// terms, which a million articles' vocabulary makes rare enough not to matter).
pub type Term = u32;

/// The id of a term.
pub fn term_hash(term: &str) -> Term {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in term.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    (h ^ (h >> 32)) as u32
}

/// Normalises a word to its term: lower case, possessive and plural `s` dropped.
fn normalise(word: &str) -> String {
    let mut w = word.to_lowercase();
    for suffix in ["'s", "\u{2019}s"] {
        if let Some(stem) = w.strip_suffix(suffix) {
            w = stem.to_string();
        }
    }
    if w.len() > 4 && w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") {
        w.pop();
        if w.ends_with("ie") && w.len() > 4 {
            w.truncate(w.len() - 2);
            w.push('y');
        }
    }
    w
}

/// Raw term counts of `text` (names counted [`NAME_WEIGHT`] times), sorted by term.
pub fn term_counts(text: &str) -> Vec<(Term, f32)> {
    let mut counts: HashMap<Term, f32> = HashMap::new();
    let mut sentence_start = true;
    for raw in text.split(|c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '"' | '(' | ')' | '[' | ']' | ',' | ';' | ':' | '\u{201c}' | '\u{201d}'
            )
    }) {
        if raw.is_empty() {
            continue;
        }
        let ends_sentence = raw.ends_with(['.', '!', '?']) || raw.ends_with(".'");
        let word = raw.trim_matches(|c: char| !c.is_alphanumeric());
        let opens = sentence_start;
        sentence_start = ends_sentence || raw == "-" || raw == "--";
        if word.is_empty() {
            continue;
        }
        let has_digit = word.chars().any(|c| c.is_ascii_digit());
        if !has_digit && word.chars().count() < 3 {
            continue;
        }
        let term = normalise(word);
        if !has_digit && is_stop(&term) {
            continue;
        }
        let capitalised = word.chars().next().is_some_and(char::is_uppercase);
        let weight = if has_digit {
            NUMBER_WEIGHT
        } else if capitalised && !opens && !CALENDAR.contains(&term.as_str()) {
            NAME_WEIGHT
        } else {
            1.0
        };
        *counts.entry(term_hash(&term)).or_insert(0.0) += weight;
    }
    let mut out: Vec<(Term, f32)> = counts.into_iter().collect();
    out.sort_unstable_by_key(|&(t, _)| t);
    out
}

/// Document frequencies of terms over a set of articles.
#[derive(Debug, Clone, Default)]
pub struct DocFreq {
    df: HashMap<Term, u32>,
    docs: u32,
}

impl DocFreq {
    /// Counts one article's terms.
    pub fn add(&mut self, counts: &[(Term, f32)]) {
        self.docs += 1;
        for &(t, _) in counts {
            *self.df.entry(t).or_insert(0) += 1;
        }
    }

    /// Articles counted.
    pub fn docs(&self) -> u32 {
        self.docs
    }

    /// Articles that hold `term`.
    pub fn df(&self, term: Term) -> u32 {
        self.df.get(&term).copied().unwrap_or(0)
    }

    /// Inverse document frequency, smoothed: `ln((1 + N) / (1 + df)) + 1`.
    pub fn idf(&self, term: Term) -> f32 {
        (((1 + self.docs) as f32) / ((1 + self.df(term)) as f32)).ln() + 1.0
    }

    /// The unit TF-IDF vector of an article's term counts, its [`MAX_TERMS`] heaviest
    /// terms, sorted by term.
    pub fn vector(&self, counts: &[(Term, f32)]) -> Vec<(Term, f32)> {
        let mut v: Vec<(Term, f32)> = counts
            .iter()
            .filter(|&&(t, _)| self.df(t) > 1 || self.docs < 3)
            .map(|&(t, c)| (t, (1.0 + c.ln()) * self.idf(t)))
            .collect();
        if v.len() > MAX_TERMS {
            v.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            v.truncate(MAX_TERMS);
            v.sort_unstable_by_key(|&(t, _)| t);
        }
        let norm = v.iter().map(|&(_, w)| w * w).sum::<f32>().sqrt();
        if norm > 0.0 {
            for (_, w) in &mut v {
                *w /= norm;
            }
        }
        v
    }
}

impl DocFreq {
    /// The unit vector of an article's term counts weighted by `ln(N / df)`: a term
    /// every counted article holds weighs nothing.
    pub fn local_vector(&self, counts: &[(Term, f32)]) -> Vec<(Term, f32)> {
        let mut v: Vec<(Term, f32)> = counts
            .iter()
            .filter(|&&(t, _)| self.df(t) > 1)
            .map(|&(t, c)| {
                (
                    t,
                    (1.0 + c.ln()) * ((self.docs as f32) / (self.df(t) as f32)).ln(),
                )
            })
            .filter(|&(_, w)| w > 0.0)
            .collect();
        let norm = v.iter().map(|&(_, w)| w * w).sum::<f32>().sqrt();
        if norm > 0.0 {
            for (_, w) in &mut v {
                *w /= norm;
            }
        }
        v
    }
}

/// Cosine of two unit vectors sorted by term.
pub fn cosine(a: &[(Term, f32)], b: &[(Term, f32)]) -> f32 {
    let (mut i, mut j, mut s) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                s += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_count_double_and_stop_words_go() {
        let c =
            term_counts("The flood reached Dorvale. Officials said the flood in Dorvale was deep.");
        let get = |w: &str| c.iter().find(|(t, _)| *t == term_hash(w)).map(|x| x.1);
        assert_eq!(get("dorvale"), Some(6.0));
        assert_eq!(get("flood"), Some(2.0));
        assert_eq!(get("the"), None);
        assert_eq!(get("said"), None);
        // "Officials" opens a sentence: an ordinary word, plural dropped.
        assert_eq!(get("official"), Some(1.0));
        let c = term_counts("It happened on Friday in March near Ostrava.");
        let get = |w: &str| c.iter().find(|(t, _)| *t == term_hash(w)).map(|x| x.1);
        assert_eq!(
            (get("friday"), get("march"), get("ostrava")),
            (Some(1.0), Some(1.0), Some(3.0))
        );
    }

    #[test]
    fn cosine_of_same_text_is_one_and_of_disjoint_is_zero() {
        let texts = [
            "A storm hit Varnholm on Friday, flooding 300 homes.",
            "Storm floods Varnholm homes on Friday.",
            "Parliament passed the budget bill in Ostrava.",
        ];
        let counts: Vec<_> = texts.iter().map(|t| term_counts(t)).collect();
        let mut df = DocFreq::default();
        for c in &counts {
            df.add(c);
        }
        let v: Vec<_> = counts.iter().map(|c| df.vector(c)).collect();
        assert!((cosine(&v[0], &v[0]) - 1.0).abs() < 1e-5);
        assert!(cosine(&v[0], &v[1]) > 0.5, "{}", cosine(&v[0], &v[1]));
        assert_eq!(cosine(&v[0], &v[2]), 0.0);
    }
}
