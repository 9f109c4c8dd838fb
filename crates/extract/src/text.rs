//! Tokens and sentences, with byte offsets into the document text.

use newsfuse_core::Span;

/// A word-like token: letters and digits, with inner apostrophes, hyphens and the dots
/// of abbreviations ("U.S.", "al-Azaim", "ISKP's"), or one punctuation character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Byte start.
    pub start: usize,
    /// Byte end.
    pub end: usize,
    /// Whether it is a word (letters/digits), not punctuation.
    pub is_word: bool,
}

impl Token {
    /// The token's text.
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.start..self.end).unwrap_or("")
    }

    /// Its span.
    pub fn span(&self) -> Span {
        Span::new(self.start, self.end)
            .unwrap_or_else(|_| Span::new(0, 0).unwrap_or_else(|_| unreachable!()))
    }
}

fn is_inner_joiner(c: char) -> bool {
    matches!(c, '\'' | '’' | '-' | '.' | '‑')
}

/// Splits `text` into tokens.
pub fn tokenize(text: &str) -> Vec<Token> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(text.len() / 5 + 1);
    // The char at byte `at` (a char boundary); ASCII without decoding.
    let char_at = |at: usize| -> Option<char> {
        match bytes.get(at) {
            Some(&b) if b < 0x80 => Some(char::from(b)),
            Some(_) => text.get(at..).and_then(|t| t.chars().next()),
            None => None,
        }
    };
    let mut at = 0;
    while let Some(c) = char_at(at) {
        let i = at;
        at += c.len_utf8();
        if c.is_whitespace() {
            continue;
        }
        if !c.is_alphanumeric() {
            out.push(Token {
                start: i,
                end: at,
                is_word: false,
            });
            continue;
        }
        let mut end = at;
        loop {
            while bytes.get(end).is_some_and(u8::is_ascii_alphanumeric) {
                end += 1;
            }
            let Some(d) = char_at(end) else {
                break;
            };
            if d.is_alphanumeric() {
                end += d.len_utf8();
                continue;
            }
            if !is_inner_joiner(d) {
                break;
            }
            // Join only when a letter or digit follows ("U.S", "al-Azaim"), or for the
            // final dot of a dotted abbreviation ("U.S.").
            let next = end + d.len_utf8();
            let word_so_far = &text[i..end];
            if char_at(next).is_some_and(|a| a.is_alphanumeric()) {
                end = next;
            } else {
                if d == '.'
                    && word_so_far.contains('.')
                    && word_so_far.chars().filter(|c| c.is_alphabetic()).count() <= 4
                {
                    end = next;
                }
                break;
            }
        }
        at = end;
        out.push(Token {
            start: i,
            end,
            is_word: true,
        });
    }
    out
}

/// Abbreviations after which a period never ends a sentence (titles, initials).
const NEVER_END: &[&str] = &[
    "mr", "mrs", "ms", "dr", "gen", "lt", "col", "sgt", "capt", "maj", "gov", "sen", "rep", "prof",
    "rev", "st", "vs", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
    "nov", "dec", "adm", "cmdr", "cpl", "pvt", "hon", "pres", "supt", "insp", "det", "brig", "mt",
    "ft", "fig", "approx", "est", "ave", "blvd",
];

/// Abbreviations that may end a sentence: they do when a typical sentence opener follows.
const MAY_END: &[&str] = &[
    "u.s", "u.k", "u.n", "e.u", "a.m", "p.m", "inc", "ltd", "co", "corp", "jr", "sr", "etc", "d.c",
];

const OPENERS: &[&str] = &[
    "the",
    "a",
    "an",
    "he",
    "she",
    "it",
    "they",
    "we",
    "i",
    "but",
    "and",
    "in",
    "on",
    "at",
    "this",
    "that",
    "these",
    "those",
    "his",
    "her",
    "their",
    "its",
    "there",
    "after",
    "before",
    "when",
    "while",
    "however",
    "meanwhile",
    "as",
    "officials",
    "police",
    "authorities",
];

/// Sentence spans of `text`, trimmed, covering every non-blank stretch, in order.
///
/// Blank lines always end a sentence (headlines and subheadings stand alone). A `.`,
/// `!` or `?` (with closing quotes or brackets) ends one when whitespace and a capital,
/// digit or opening quote follow, unless the word before is a title or initial
/// ("Gen.", "Mr.", "J."), or an abbreviation like "U.S." that is not followed by a
/// typical sentence opener. In single-case text (all lower or all capitals) any letter
/// may start the next sentence.
pub fn sentences(text: &str) -> Vec<Span> {
    sentences_with(text, is_single_case(text))
}

/// [`sentences`] when the caller knows [`is_single_case`] of `text` already.
pub fn sentences_with(text: &str, single_case: bool) -> Vec<Span> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut start = 0usize;
    let mut i = 0usize;
    let push = |out: &mut Vec<Span>, s: usize, e: usize| {
        let piece = &text[s..e];
        let lead = piece.len() - piece.trim_start().len();
        let trail = piece.len() - piece.trim_end().len();
        if lead + trail < piece.len() {
            if let Ok(span) = Span::new(s + lead, e - trail) {
                out.push(span);
            }
        }
    };
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'\n' {
            // A blank line (only whitespace until the next newline) ends the sentence.
            let mut j = i + 1;
            while j < bytes.len() && (bytes[j] == b' ' || bytes[j] == b'\t' || bytes[j] == b'\r') {
                j += 1;
            }
            if j < bytes.len() && bytes[j] == b'\n' {
                push(&mut out, start, i);
                start = j + 1;
                i = j + 1;
                continue;
            }
        }
        if b == b'.' || b == b'!' || b == b'?' {
            let mut end = i + 1;
            while end < bytes.len()
                && matches!(bytes[end], b'.' | b'!' | b'?' | b'"' | b')' | b'\'')
            {
                end += 1;
            }
            // Closing curly quotes (’ ”) are three bytes: E2 80 99 / E2 80 9D.
            while text[end..].starts_with('”') || text[end..].starts_with('’') {
                end += 3;
            }
            let rest = &text[end..];
            let ws = rest.len() - rest.trim_start().len();
            if ws == 0 || end + ws >= bytes.len() {
                i = end;
                continue;
            }
            let next = rest.trim_start();
            let next_char = next.chars().next().unwrap_or(' ');
            let starts_ok = next_char.is_uppercase()
                || next_char.is_ascii_digit()
                || matches!(next_char, '"' | '“' | '\'' | '‘' | '(')
                || (single_case && next_char.is_alphabetic());
            if starts_ok && b == b'.' && !ends_sentence_at_period(text, start, i, next, single_case)
            {
                i = end;
                continue;
            }
            if starts_ok {
                push(&mut out, start, end);
                start = end;
            }
            i = end;
            continue;
        }
        i += 1;
    }
    push(&mut out, start, text.len());
    out
}

/// Whether the period at `dot` ends a sentence, looking at the word before it and at
/// the `next` text.
fn ends_sentence_at_period(
    text: &str,
    sent_start: usize,
    dot: usize,
    next: &str,
    single_case: bool,
) -> bool {
    let before = &text[sent_start..dot];
    let word_start = before
        .char_indices()
        .rev()
        .find(|&(_, c)| c.is_whitespace() || c == '(' || c == '"' || c == '“')
        .map(|(p, c)| p + c.len_utf8())
        .unwrap_or(0);
    let word = before[word_start..].to_lowercase();
    let word = word.trim_end_matches('.');
    if word.is_empty() {
        return true;
    }
    if NEVER_END.contains(&word) {
        return false;
    }
    if (word == "no" || word == "nos") && next.starts_with(|c: char| c.is_ascii_digit()) {
        return false;
    }
    // A single capital letter is an initial ("J. Smith").
    let letters: Vec<char> = word.chars().collect();
    if letters.len() == 1 && letters[0].is_alphabetic() && !single_case {
        return false;
    }
    if MAY_END.contains(&word) || (word.contains('.') && letters.len() <= 5) {
        let next_word: String = next
            .chars()
            .take_while(|c| c.is_alphanumeric())
            .collect::<String>()
            .to_lowercase();
        return OPENERS.contains(&next_word.as_str());
    }
    true
}

/// Whether the text has no mixed case: all lower-case or all capitals (as in MUC-4).
pub fn is_single_case(text: &str) -> bool {
    let mut upper = 0usize;
    let mut lower = 0usize;
    // The first 20,000 chars; ASCII read as bytes.
    let bytes = text.as_bytes();
    let (mut at, mut chars) = (0usize, 0usize);
    while at < bytes.len() && chars < 20_000 {
        let b = bytes[at];
        // 32 ASCII bytes at once where the budget allows (the compiler vectorises this).
        if let Some(block) = bytes.get(at..at + 32).filter(|_| chars + 32 <= 20_000) {
            if block.iter().fold(0u8, |a, b| a | b) < 0x80 {
                let count = |lo: u8| -> usize {
                    usize::from(
                        block
                            .iter()
                            .map(|b| u8::from(b.wrapping_sub(lo) < 26))
                            .sum::<u8>(),
                    )
                };
                upper += count(b'A');
                lower += count(b'a');
                at += 32;
                chars += 32;
                continue;
            }
        }
        if b < 0x80 {
            upper += usize::from(b.is_ascii_uppercase());
            lower += usize::from(b.is_ascii_lowercase());
            at += 1;
        } else {
            let Some(c) = text.get(at..).and_then(|t| t.chars().next()) else {
                break;
            };
            if c.is_uppercase() {
                upper += 1;
            } else if c.is_lowercase() {
                lower += 1;
            }
            at += c.len_utf8();
        }
        chars += 1;
    }
    let total = upper + lower;
    total > 0 && (upper * 50 < total || lower * 50 < total)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        sentences(text)
            .iter()
            .map(|s| s.slice(text).unwrap_or(""))
            .collect()
    }

    #[test]
    fn abbreviations_do_not_end_sentences() {
        let text =
            "The U.S. Embassy in Lagos said Gen. Ada Okoye met Mr. Bello at 3 p.m. on Friday. \
                    Dr. Sani disagreed. He left.";
        assert_eq!(
            split(text),
            vec![
                "The U.S. Embassy in Lagos said Gen. Ada Okoye met Mr. Bello at 3 p.m. on Friday.",
                "Dr. Sani disagreed.",
                "He left."
            ]
        );
    }

    #[test]
    fn abbreviation_at_the_end_of_a_sentence() {
        let text = "The envoy flew back to the U.S. The talks resumed. Police said J. Doe fled.";
        assert_eq!(
            split(text),
            vec![
                "The envoy flew back to the U.S.",
                "The talks resumed.",
                "Police said J. Doe fled."
            ]
        );
    }

    #[test]
    fn blank_lines_and_quotes() {
        let text =
            "A Headline Without Stop\n\n\"We heard shots.\" She ran! Was it over? No.\nIt was not.";
        assert_eq!(
            split(text),
            vec![
                "A Headline Without Stop",
                "\"We heard shots.\"",
                "She ran!",
                "Was it over?",
                "No.",
                "It was not."
            ]
        );
    }

    /// The tokenizer as it was before its ASCII fast path, to check it against.
    fn tokenize_by_chars(text: &str) -> Vec<Token> {
        let mut out = Vec::new();
        let mut chars = text.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if c.is_whitespace() {
                continue;
            }
            if c.is_alphanumeric() {
                let mut end = i + c.len_utf8();
                loop {
                    match chars.peek().copied() {
                        Some((j, d)) if d.is_alphanumeric() => {
                            end = j + d.len_utf8();
                            chars.next();
                        }
                        Some((j, d)) if is_inner_joiner(d) => {
                            // Join only when a letter or digit follows ("U.S", "al-Azaim"),
                            // or for the final dot of a dotted abbreviation ("U.S.").
                            let after = text[j + d.len_utf8()..].chars().next();
                            let word_so_far = &text[i..end];
                            if after.is_some_and(|a| a.is_alphanumeric()) {
                                end = j + d.len_utf8();
                                chars.next();
                            } else if d == '.'
                                && word_so_far.contains('.')
                                && word_so_far.chars().filter(|c| c.is_alphabetic()).count() <= 4
                            {
                                end = j + 1;
                                chars.next();
                                break;
                            } else {
                                break;
                            }
                        }
                        _ => break,
                    }
                }
                out.push(Token {
                    start: i,
                    end,
                    is_word: true,
                });
            } else {
                out.push(Token {
                    start: i,
                    end: i + c.len_utf8(),
                    is_word: false,
                });
            }
        }
        out
    }

    #[test]
    fn the_fast_tokenizer_splits_as_the_char_by_char_one() {
        let texts = [
            "The U.S. Embassy in Lagos said Gen. Ada Okoye met Mr. Bello at 3 p.m. on Friday.",
            "al-Azaim's fighters—ISKP’s men—hit Kadıköy's market; 12.5% fell. U.S.A. e.g. x.",
            "Ünal Özkan (İbrahim) wrote: «Çağ‑Öz» ...  A.B.C.D.E. a.b. 'quoted' end.",
            "",
            "   ",
            "ends with a joiner-",
            "3,000 people; 4.5-magnitude; the F.B.I.'s file; J.R.R. Tolkien.",
        ];
        for t in texts {
            assert_eq!(tokenize(t), tokenize_by_chars(t), "{t}");
        }
    }

    #[test]
    fn single_case_counts_letters_of_any_script() {
        assert!(is_single_case("gunmen killed six people in san salvador"));
        assert!(is_single_case("GUNMEN KILLED SIX PEOPLE IN SAN SALVADOR"));
        assert!(!is_single_case("Gunmen killed six people in San Salvador."));
        // Capitals outside ASCII count as capitals.
        assert!(!is_single_case(
            "ÉLÉNA ÖZ SAĞ ÇAĞ ÉTÉ ÉTÉ ÉTÉ ÉTÉ ÉTÉ ÉTÉ ÉTÉ ÉTÉ éte"
        ));
        assert!(is_single_case(
            "ÉLÉNA ÖZ SAĞ ÇAĞ ÉTÉ ÉTÉ ÉTÉ ÉTÉ ÉTÉ ÉTÉ ÉTÉ ÉTÉ ÉTÉ ÉTÉ ÉTÉ ÉTÉ ÉTÉ"
        ));
        assert!(!is_single_case("1234 — 5678"));
    }

    #[test]
    fn lower_case_text_splits_too() {
        let text = "gunmen attacked a bus. police said six died. the army responded.";
        assert_eq!(
            split(text),
            vec![
                "gunmen attacked a bus.",
                "police said six died.",
                "the army responded."
            ]
        );
    }

    #[test]
    fn tokens_keep_abbreviations_and_hyphenated_names() {
        let text = "The U.S. embassy, al-Azaim and IS-K's men.";
        let words: Vec<&str> = tokenize(text).iter().map(|t| t.text(text)).collect();
        assert_eq!(
            words,
            vec!["The", "U.S.", "embassy", ",", "al-Azaim", "and", "IS-K's", "men", "."]
        );
    }
}

#[cfg(test)]
mod boundary_tests {
    use super::*;
    use proptest::prelude::*;

    fn split(text: &str) -> Vec<&str> {
        sentences(text)
            .into_iter()
            .map(|s| s.slice(text).unwrap_or("?"))
            .collect()
    }

    #[test]
    fn a_quote_before_the_word_at_a_period_is_no_problem() {
        // The word before the period starts after a three-byte quotation mark.
        let text = "He kept the cash from “We. And then he left.";
        let parts = split(text);
        assert_eq!(parts.concat().replace(' ', ""), text.replace(' ', ""));
    }

    /// [`is_single_case`] char by char, as it read before its 32-byte blocks.
    fn single_case_by_char(text: &str) -> bool {
        let (mut upper, mut lower) = (0usize, 0usize);
        for c in text.chars().take(20_000) {
            if c.is_uppercase() {
                upper += 1;
            } else if c.is_lowercase() {
                lower += 1;
            }
        }
        let total = upper + lower;
        total > 0 && (upper * 50 < total || lower * 50 < total)
    }

    #[test]
    fn single_case_counts_only_the_first_20000_chars() {
        // 19,990 lower-case letters, then capitals: the count stops inside them.
        let text = format!("{}{}", "ab".repeat(9_995), "XYZW".repeat(2_000));
        assert!(is_single_case(&text));
        assert_eq!(is_single_case(&text), single_case_by_char(&text));
        let text = format!("{}{}", "ab".repeat(9_000), "XYZW".repeat(2_000));
        assert!(!is_single_case(&text));
        let text = format!("é{}", "Ü".repeat(30));
        assert!(!is_single_case(&text));
    }

    proptest! {
        #[test]
        fn single_case_equals_char_count(
            parts in proptest::collection::vec("[a-z ]{0,40}|[A-Z0-9 ]{0,40}|[éÉßſ.]{0,3}", 0..20),
            pad in 0usize..40,
        ) {
            let text = format!("{}{}", "x".repeat(pad), parts.concat());
            prop_assert_eq!(is_single_case(&text), single_case_by_char(&text));
        }

        #[test]
        fn sentences_are_ordered_disjoint_and_on_char_boundaries(text in "[a-zA-Z .“”\"'!?()é0-9\n]{0,80}") {
            let spans = sentences(&text);
            let mut last = 0;
            for s in spans {
                prop_assert!(s.start() >= last);
                prop_assert!(text.is_char_boundary(s.start()) && text.is_char_boundary(s.end()));
                last = s.end();
            }
        }
    }
}
