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
    let mut chars = text.char_indices().peekable();
    let mut boundary = true;
    let mut spaces = 0usize;
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
        if spaces > 0 {
            if let Some(last) = out.last() {
                if matches!(last.lower.as_str(), "." | "?" | "!" | ";") {
                    boundary = true;
                }
            }
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
        out.push(Token {
            start: i,
            end,
            lower: text[i..end].to_lowercase(),
            sentence_start: boundary,
        });
        boundary = false;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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
