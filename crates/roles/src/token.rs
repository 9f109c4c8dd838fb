//! Case-insensitive tokens with byte offsets: runs of letters and digits (an
//! apostrophe between letters stays inside), every other non-space character alone.

/// One token: byte range in the text and its lower-cased form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub lower: String,
    /// A paragraph or sentence starts at this token.
    pub sentence_start: bool,
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric()
}

/// Splits `text` into tokens, marking where sentences start (after `.`, `?`, `!` or
/// `;` followed by white space, and after a run of two or more spaces or a line
/// break).
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out: Vec<Token> = Vec::new();
    split(text, |start, end, sentence_start| {
        out.push(Token {
            start,
            end,
            lower: text[start..end].to_lowercase(),
            sentence_start,
        })
    });
    out
}

/// The tokens of a text as [`tokenize`] finds them, their lower-cased forms kept in
/// one buffer (no allocation per token).
#[derive(Debug, Default, Clone)]
pub struct Lowered {
    buf: String,
    /// Per token: byte range in the text, range in `buf`, sentence start.
    toks: Vec<(usize, usize, u32, u32, bool)>,
}

impl Lowered {
    pub fn new(text: &str) -> Self {
        if text.is_ascii() {
            // The whole text lower-cased once: each token's form is at its own bytes.
            let mut out = Lowered {
                buf: text.to_ascii_lowercase(),
                toks: Vec::with_capacity(text.len() / 5),
            };
            split_ascii(text.as_bytes(), |start, end, sentence_start| {
                out.toks
                    .push((start, end, start as u32, end as u32, sentence_start));
            });
            return out;
        }
        let mut out = Lowered {
            buf: String::with_capacity(text.len()),
            toks: Vec::with_capacity(text.len() / 5),
        };
        split(text, |start, end, sentence_start| {
            let word = &text[start..end];
            let lo = out.buf.len();
            if word.is_ascii() {
                out.buf
                    .extend(word.bytes().map(|b| char::from(b.to_ascii_lowercase())));
            } else {
                out.buf.push_str(&word.to_lowercase());
            }
            out.toks
                .push((start, end, lo as u32, out.buf.len() as u32, sentence_start));
        });
        out
    }

    pub fn len(&self) -> usize {
        self.toks.len()
    }

    pub fn is_empty(&self) -> bool {
        self.toks.is_empty()
    }

    /// Token `i`'s lower-cased form.
    #[inline]
    pub fn lower(&self, i: usize) -> &str {
        let t = &self.toks[i];
        &self.buf[t.2 as usize..t.3 as usize]
    }

    /// Token `i`'s byte range in the text.
    #[inline]
    pub fn bounds(&self, i: usize) -> (usize, usize) {
        (self.toks[i].0, self.toks[i].1)
    }

    /// Whether a sentence starts at token `i`.
    #[inline]
    pub fn sentence_start(&self, i: usize) -> bool {
        self.toks[i].4
    }
}

/// Calls `push(start, end, sentence_start)` for every token of `text`, in order.
fn split(text: &str, push: impl FnMut(usize, usize, bool)) {
    if text.is_ascii() {
        split_ascii(text.as_bytes(), push);
    } else {
        split_chars(text, push);
    }
}

/// [`split`]'s tokens of `text` with their lower-cased forms, as [`Lowered::new`] keeps
/// them (tests: both ways of finding them agree).
#[cfg(test)]
fn lowered_forms(text: &str) -> Vec<(usize, usize, String, bool)> {
    let l = Lowered::new(text);
    (0..l.len())
        .map(|i| {
            (
                l.bounds(i).0,
                l.bounds(i).1,
                l.lower(i).to_string(),
                l.sentence_start(i),
            )
        })
        .collect()
}

/// [`split`] of an ASCII text, byte by byte: the same tokens and sentence starts as
/// [`split_chars`] (an ASCII character is white space, a letter or digit, exactly when
/// these byte tests say so).
fn split_ascii(text: &[u8], mut push: impl FnMut(usize, usize, bool)) {
    let mut boundary = true;
    let mut spaces = 0usize;
    // Whether the last token is one of `.`, `?`, `!`, `;`.
    let mut last_stop = false;
    let mut i = 0;
    while let Some(&c) = text.get(i) {
        if matches!(c, b' ' | b'\t'..=b'\r') {
            spaces += 1;
            if c == b'\n' {
                spaces += 2;
            }
            if spaces >= 2 {
                boundary = true;
            }
            i += 1;
            continue;
        }
        if spaces > 0 && last_stop {
            boundary = true;
        }
        spaces = 0;
        let mut end = i + 1;
        if c.is_ascii_alphanumeric() {
            loop {
                match text.get(end) {
                    Some(d) if d.is_ascii_alphanumeric() => end += 1,
                    // "o'higgins": keep the apostrophe when a letter follows.
                    Some(b'\'') if text.get(end + 1).is_some_and(u8::is_ascii_alphanumeric) => {
                        end += 1
                    }
                    _ => break,
                }
            }
        }
        push(i, end, boundary);
        last_stop = end == i + 1 && matches!(c, b'.' | b'?' | b'!' | b';');
        boundary = false;
        i = end;
    }
}

/// [`split`] of any text, character by character.
fn split_chars(text: &str, mut push: impl FnMut(usize, usize, bool)) {
    let mut chars = text.char_indices().peekable();
    let mut boundary = true;
    let mut spaces = 0usize;
    // The text of the last token.
    let mut last: Option<&str> = None;
    while let Some((i, c)) = chars.next() {
        if c.is_whitespace() {
            spaces += 1;
            if c == '\n' {
                spaces += 2;
            }
            if spaces >= 2 {
                boundary = true;
            }
            continue;
        }
        // A token of one of these characters is its own lower-cased form.
        if spaces > 0 && matches!(last, Some("." | "?" | "!" | ";")) {
            boundary = true;
        }
        spaces = 0;
        let end = if is_word(c) {
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = chars.peek() {
                if is_word(d) {
                    end = j + d.len_utf8();
                    chars.next();
                } else if d == '\'' {
                    // "o'higgins": keep the apostrophe when a letter follows.
                    let rest = &text[j + 1..];
                    if rest.chars().next().is_some_and(is_word) {
                        end = j + 1;
                        chars.next();
                    } else {
                        break;
                    }
                } else {
                    break;
                }
            }
            end
        } else {
            i + c.len_utf8()
        };
        push(i, end, boundary);
        last = Some(&text[i..end]);
        boundary = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tokens and sentence starts `split_chars` gives.
    fn by_chars(text: &str) -> Vec<(usize, usize, bool)> {
        let mut out = Vec::new();
        split_chars(text, |s, e, b| out.push((s, e, b)));
        out
    }

    #[test]
    fn the_ascii_split_is_the_split_by_characters() {
        let texts = [
            "Rebels hit O'Brien's farm.  Two died; police said",
            "a.b ; c!\nd?\te\x0bf\x0cg\rh 'tis o' x'' y'1 12'30 end.",
            "  lead. ; ! ? x;y . \n\n. z",
            "",
            " ",
            "'",
            "x'",
            "A\x00B\x7f c_d-e",
        ];
        for text in texts {
            let mut ascii = Vec::new();
            split_ascii(text.as_bytes(), |s, e, b| ascii.push((s, e, b)));
            assert_eq!(ascii, by_chars(text), "{text:?}");
        }
        // Every string of a few characters from an alphabet of each kind of byte.
        let alphabet = [
            b'a', b'Z', b'7', b'\'', b'.', b';', b'!', b' ', b'\n', b'\t', b'-',
        ];
        let mut text = Vec::new();
        for len in 1..=5u32 {
            for mut code in 0..alphabet.len().pow(len) {
                text.clear();
                for _ in 0..len {
                    text.push(alphabet[code % alphabet.len()]);
                    code /= alphabet.len();
                }
                let s = std::str::from_utf8(&text).expect("ASCII");
                let mut ascii = Vec::new();
                split_ascii(&text, |s, e, b| ascii.push((s, e, b)));
                assert_eq!(ascii, by_chars(s), "{s:?}");
            }
        }
    }

    #[test]
    fn lowered_forms_as_tokenize_gives_them() {
        for text in [
            "Rebels hit O'Brien's FARM.  Two DIED; Police SAID",
            "ÅSA's Café, 3 MEN; ΟΔΟΣ. X",
            "",
        ] {
            let toks: Vec<(usize, usize, String, bool)> = tokenize(text)
                .into_iter()
                .map(|t| (t.start, t.end, t.lower, t.sentence_start))
                .collect();
            assert_eq!(lowered_forms(text), toks, "{text}");
        }
    }

    #[test]
    fn words_punctuation_and_sentences() {
        let t = tokenize("Rebels hit O'Brien's farm.  Two died; police said");
        let words: Vec<&str> = t.iter().map(|t| t.lower.as_str()).collect();
        assert_eq!(
            words,
            [
                "rebels",
                "hit",
                "o'brien's",
                "farm",
                ".",
                "two",
                "died",
                ";",
                "police",
                "said"
            ]
        );
        let starts: Vec<bool> = t.iter().map(|t| t.sentence_start).collect();
        assert_eq!(
            starts,
            [true, false, false, false, false, true, false, false, true, false]
        );
        assert_eq!(
            &"Rebels hit O'Brien's farm."[t[2].start..t[2].end],
            "O'Brien's"
        );
    }
}
