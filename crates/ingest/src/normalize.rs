//! The one text normalisation every format goes through, and the content hash.

use newsfuse_core::DocId;
use sha2::{Digest, Sha256};

/// Turns CRLF and lone CR line breaks into LF.
pub(crate) fn unify_line_breaks(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// Normalises an article body: CRLF and CR become LF, trailing whitespace is removed
/// from every line, runs of three or more line breaks become two (one blank line), and
/// the whole text is trimmed.
///
/// The result is what [`newsfuse_core::Document::text`] holds; nothing downstream
/// changes it, so byte spans index into exactly this string. Normalising twice gives
/// the same text as normalising once.
pub fn normalize_text(text: &str) -> String {
    let unified = unify_line_breaks(text);
    let mut out = String::with_capacity(unified.len());
    let mut pending_breaks = 0usize;
    for line in unified.split('\n') {
        let line = line.trim_end();
        if line.is_empty() {
            pending_breaks += 1;
            continue;
        }
        if !out.is_empty() {
            // The break ending the previous line, plus the blank lines since.
            let breaks = (pending_breaks + 1).min(2);
            out.extend(std::iter::repeat_n('\n', breaks));
        }
        pending_breaks = 0;
        out.push_str(line);
    }
    let start = out.len() - out.trim_start().len();
    if start > 0 {
        out.drain(..start);
    }
    out
}

/// The identity of an article: the first 16 hex digits of the SHA-256 of its
/// (normalised) text.
pub fn doc_id(text: &str) -> DocId {
    let digest = Sha256::digest(text.as_bytes());
    let mut hex = String::with_capacity(16);
    for byte in digest.iter().take(8) {
        hex.push(char::from_digit(u32::from(byte >> 4), 16).unwrap_or('0'));
        hex.push(char::from_digit(u32::from(byte & 0x0f), 16).unwrap_or('0'));
    }
    DocId(hex)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn line_breaks_and_blank_lines() {
        assert_eq!(normalize_text("a\r\nb\rc\n"), "a\nb\nc");
        assert_eq!(
            normalize_text("  \n\na  \t\n\n\n\n b \r\n\r\n\r\nc\n\n"),
            "a\n\n b\n\nc"
        );
        assert_eq!(normalize_text("one\n \t \ntwo"), "one\n\ntwo");
        assert_eq!(normalize_text(" \n \r\n\t"), "");
        assert_eq!(
            normalize_text("  indented first line"),
            "indented first line"
        );
    }

    #[test]
    fn ids_are_short_sha256() {
        // SHA-256("abc") = ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad
        assert_eq!(doc_id("abc"), DocId("ba7816bf8f01cfea".to_string()));
        assert_eq!(doc_id("abc").0.len(), 16);
    }

    proptest! {
        #[test]
        fn idempotent(s in "[ a-z\\t\\r\\n\u{a0}\u{2028}\u{85}é]{0,60}") {
            let once = normalize_text(&s);
            prop_assert_eq!(normalize_text(&once), once.clone());
            prop_assert!(!once.contains('\r'));
            prop_assert!(!once.contains("\n\n\n"));
            prop_assert_eq!(once.trim(), once.as_str());
        }

        #[test]
        fn idempotent_on_any_text(s in "(?s).{0,80}") {
            let once = normalize_text(&s);
            prop_assert_eq!(normalize_text(&once), once);
        }
    }
}
