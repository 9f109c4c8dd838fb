//! Plain text articles with an optional header block.
//!
//! ```text
//! Title: Gunmen storm hotel wedding in Maiduguri
//! Published: 2025-06-14
//! Source: Example Wire
//! URL: https://example.org/wire/2025/06/14/maiduguri-hotel
//!
//! At least 12 people were killed …
//! ```
//!
//! The lines before the first blank line are a header only when every one of them is a
//! `Key: value` line with a known key (`Title`, `Published` or `Date`, `Source` or
//! `Outlet`, `URL`, any case); otherwise the whole text is the body.

/// Which field a header line sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key {
    Title,
    Published,
    Source,
    Url,
}

/// What a header block said. Empty values count as absent.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Header {
    /// `Title:`.
    pub title: Option<String>,
    /// `Published:` or `Date:`, as written, with its 1-based line number.
    pub published: Option<(String, usize)>,
    /// `Source:` or `Outlet:`.
    pub source: Option<String>,
    /// `URL:`.
    pub url: Option<String>,
}

/// Splits `text` (line breaks already LF) into its header and body. Without a header
/// block the header is empty and the body is all of `text`.
pub(crate) fn split_header(text: &str) -> (Header, &str) {
    let mut header = Header::default();
    let mut offset = 0;
    for (index, line) in text.split('\n').enumerate() {
        let line_end = offset + line.len();
        if line.trim().is_empty() {
            if index == 0 {
                break;
            }
            let body_start = (line_end + 1).min(text.len());
            return (header, &text[body_start..]);
        }
        let Some((key, value)) = key_line(line) else {
            break;
        };
        let value = value.trim();
        if !value.is_empty() {
            let value = value.to_string();
            // The first value given for a key counts.
            match key {
                Key::Title => {
                    header.title.get_or_insert(value);
                }
                Key::Source => {
                    header.source.get_or_insert(value);
                }
                Key::Url => {
                    header.url.get_or_insert(value);
                }
                Key::Published => {
                    header.published.get_or_insert((value, index + 1));
                }
            }
        }
        offset = line_end + 1;
    }
    (Header::default(), text)
}

/// `Key: value` with a known key.
fn key_line(line: &str) -> Option<(Key, &str)> {
    let (key, value) = line.split_once(':')?;
    let key = match key.trim().to_ascii_lowercase().as_str() {
        "title" => Key::Title,
        "published" | "date" => Key::Published,
        "source" | "outlet" => Key::Source,
        "url" => Key::Url,
        _ => return None,
    };
    Some((key, value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_block() {
        let text = "Title: Gunmen storm hotel\npublished:  2025-06-14 \nOutlet: Example Wire\nURL: https://example.org/a\n\nAt least 12 people were killed.\n";
        let (header, body) = split_header(text);
        assert_eq!(
            header,
            Header {
                title: Some("Gunmen storm hotel".into()),
                published: Some(("2025-06-14".into(), 2)),
                source: Some("Example Wire".into()),
                url: Some("https://example.org/a".into()),
            }
        );
        assert_eq!(body, "At least 12 people were killed.\n");
    }

    #[test]
    fn date_key_and_first_value_wins() {
        let (header, body) = split_header("Date: June 14, 2025\nTitle: A\ntitle: B\n  \nBody");
        assert_eq!(header.published, Some(("June 14, 2025".into(), 1)));
        assert_eq!(header.title.as_deref(), Some("A"));
        assert_eq!(body, "Body");
    }

    #[test]
    fn not_a_header() {
        // A line that is not a known key makes the block part of the body.
        let text = "Title: A\nKano, Nigeria: gunmen attacked\n\nMore.";
        assert_eq!(split_header(text), (Header::default(), text));
        // No blank line after the block.
        let text = "Title: A\nSource: B";
        assert_eq!(split_header(text), (Header::default(), text));
        // Text that begins with a blank line.
        let text = "\nTitle: A\n\nBody";
        assert_eq!(split_header(text), (Header::default(), text));
        // Prose with a colon.
        let text = "Police said: four were killed.\n\nMore.";
        assert_eq!(split_header(text), (Header::default(), text));
    }

    #[test]
    fn header_only() {
        let (header, body) = split_header("Title: A\n\n");
        assert_eq!(header.title.as_deref(), Some("A"));
        assert_eq!(body, "");
        let (header, body) = split_header("Title: A\n");
        assert_eq!(header.title.as_deref(), Some("A"));
        assert_eq!(body, "");
    }
}
