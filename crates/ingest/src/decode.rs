//! Bytes to UTF-8: byte order marks, UTF-8, declared and detected legacy encodings.

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{Encoding, UTF_8};

/// Text decoded from an input's bytes.
#[derive(Debug)]
pub(crate) struct Decoded {
    /// The text, byte order mark removed, not yet normalised.
    pub text: String,
    /// The encoding it was decoded from, when that was not UTF-8.
    pub encoding: Option<&'static Encoding>,
}

/// How far into an HTML document a `<meta charset>` declaration is looked for.
const META_SCAN_LIMIT: usize = 8192;

/// Decodes `bytes`. A UTF-8 or UTF-16 byte order mark decides; else valid UTF-8 is
/// taken as it is; else the encoding `declared` outside the bytes (an HTTP header's
/// `charset`, an XML declaration's `encoding`), the one declared by `<meta charset>`
/// (when `html`) or the one detected from the bytes is used, the first that decodes
/// them cleanly. `None` when the bytes look binary (NUL bytes, undecodable sequences,
/// many control characters).
pub(crate) fn decode(
    bytes: &[u8],
    declared: Option<&'static Encoding>,
    html: bool,
) -> Option<Decoded> {
    let mut bytes = bytes;
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let rest = bytes.get(bom_len..).unwrap_or_default();
        if encoding == UTF_8 {
            bytes = rest;
        } else {
            // UTF-16 with its byte order mark: NUL bytes are expected here.
            let (text, had_errors) = encoding.decode_without_bom_handling(rest);
            if had_errors || looks_binary(&text) {
                return None;
            }
            return Some(Decoded {
                text: text.into_owned(),
                encoding: Some(encoding),
            });
        }
    }
    if bytes.contains(&0) {
        return None;
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        if looks_binary(text) {
            return None;
        }
        return Some(Decoded {
            text: text.to_string(),
            encoding: None,
        });
    }
    // A declaration the bytes do not fit (a page saved again in another encoding)
    // gives way to detection.
    let meta = if html { meta_charset(bytes) } else { None };
    let candidates = declared
        .into_iter()
        .chain(meta)
        .filter(|&e| e != UTF_8)
        .chain([detect(bytes)]);
    for encoding in candidates {
        if let Some(text) = encoding.decode_without_bom_handling_and_without_replacement(bytes) {
            if looks_binary(&text) {
                return None;
            }
            return Some(Decoded {
                text: text.into_owned(),
                encoding: Some(encoding),
            });
        }
    }
    None
}

/// The legacy encoding that best explains `bytes` (never UTF-8).
fn detect(bytes: &[u8]) -> &'static Encoding {
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    detector.guess(None, Utf8Detection::Deny)
}

/// Whether decoded text looks like binary data rather than prose: a NUL, or more than
/// one control or replacement character in fifty. (A page that merely carries a stray
/// U+FFFD, written there by whoever saved it, is still text.)
fn looks_binary(text: &str) -> bool {
    let mut chars = 0usize;
    let mut controls = 0usize;
    for c in text.chars() {
        chars += 1;
        if c == '\0' {
            return true;
        }
        if c == '\u{fffd}' || (c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{0c}')) {
            controls += 1;
        }
    }
    controls > 0 && controls * 50 > chars
}

/// The encoding named by a `<meta charset=…>` or
/// `<meta http-equiv="Content-Type" content="…; charset=…">` near the top of an HTML
/// document.
fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(META_SCAN_LIMIT)];
    let lower: Vec<u8> = head.to_ascii_lowercase();
    let mut from = 0;
    while let Some(pos) = find(&lower[from..], b"<meta") {
        let tag_start = from + pos;
        let tag_end = find(&lower[tag_start..], b">").map_or(lower.len(), |e| tag_start + e);
        let tag = &lower[tag_start..tag_end];
        if let Some(label) = charset_label(tag) {
            if let Some(encoding) = Encoding::for_label_no_replacement(label) {
                // A page cannot really be UTF-16 when its bytes spell ASCII markup.
                if encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE {
                    return Some(UTF_8);
                }
                return Some(encoding);
            }
        }
        from = tag_end;
    }
    None
}

/// The encoding named by an XML declaration (`<?xml version="1.0"
/// encoding="ISO-8859-1"?>`) at the start of `bytes`.
pub(crate) fn xml_encoding(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(META_SCAN_LIMIT)];
    let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    let head = trim_ascii_start(head);
    if !head.starts_with(b"<?xml") {
        return None;
    }
    let end = find(head, b"?>")?;
    let declaration = head[..end].to_ascii_lowercase();
    let at = find(&declaration, b"encoding")?;
    let rest = trim_ascii_start(&declaration[at + b"encoding".len()..]);
    let rest = trim_ascii_start(rest.strip_prefix(b"=")?);
    let quote = *rest.first()?;
    if !matches!(quote, b'"' | b'\'') {
        return None;
    }
    let label = &rest[1..];
    let label = &label[..label.iter().position(|&c| c == quote)?];
    let encoding = Encoding::for_label_no_replacement(label)?;
    // Bytes that spell the declaration in ASCII are not UTF-16.
    if encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE {
        return Some(UTF_8);
    }
    Some(encoding)
}

/// The label after `charset=` in a (lower-cased) tag.
fn charset_label(tag: &[u8]) -> Option<&[u8]> {
    let at = find(tag, b"charset")?;
    let mut rest = &tag[at + b"charset".len()..];
    rest = trim_ascii_start(rest);
    rest = rest.strip_prefix(b"=")?;
    rest = trim_ascii_start(rest);
    if let Some(r) = rest.strip_prefix(b"\"").or_else(|| rest.strip_prefix(b"'")) {
        rest = r;
    }
    let len = rest
        .iter()
        .position(|&c| !(c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.' | b':')))
        .unwrap_or(rest.len());
    (len > 0).then(|| &rest[..len])
}

fn trim_ascii_start(mut s: &[u8]) -> &[u8] {
    while let [first, rest @ ..] = s {
        if first.is_ascii_whitespace() {
            s = rest;
        } else {
            break;
        }
    }
    s
}

/// Position of `needle` in `haystack`.
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_stays_and_loses_its_bom() {
        let d = decode("\u{feff}Café in Kano".as_bytes(), None, false).expect("decodable");
        assert_eq!(d.text, "Café in Kano");
        assert!(d.encoding.is_none());
    }

    #[test]
    fn a_stray_replacement_character_is_still_text() {
        let page = "<div class=\"widget \u{fffd}box\">The council met on Monday to discuss the flood defences.</div>";
        let d = decode(page.as_bytes(), None, true).expect("decodable");
        assert_eq!(d.text, page);
        let noise = "\u{fffd}\u{fffd}ab".repeat(20);
        assert!(decode(noise.as_bytes(), None, true).is_none());
    }

    #[test]
    fn utf16_with_bom() {
        let mut bytes = vec![0xff, 0xfe];
        for unit in "Café in Kano".encode_utf16() {
            bytes.extend(unit.to_le_bytes());
        }
        let d = decode(&bytes, None, false).expect("decodable");
        assert_eq!(d.text, "Café in Kano");
        assert_eq!(d.encoding.map(Encoding::name), Some("UTF-16LE"));
    }

    #[test]
    fn windows_1252_is_detected() {
        let bytes = b"The caf\xe9 on the corner of the square was closed \x96 police said the owner\x92s son had fled.";
        let d = decode(bytes, None, false).expect("decodable");
        assert_eq!(
            d.text,
            "The café on the corner of the square was closed – police said the owner’s son had fled."
        );
        assert_eq!(d.encoding.map(Encoding::name), Some("windows-1252"));
    }

    #[test]
    fn html_declaration_wins() {
        // In KOI8-R these bytes are Cyrillic; detection alone might say otherwise.
        let mut bytes = b"<html><head><meta http-equiv='Content-Type' content='text/html; charset=KOI8-R'></head><body><p>".to_vec();
        bytes.extend([0xf0, 0xd2, 0xc9, 0xd7, 0xc5, 0xd4]);
        bytes.extend(b"</p></body></html>");
        let d = decode(&bytes, None, true).expect("decodable");
        assert!(d.text.contains("Привет"), "{}", d.text);
        assert_eq!(d.encoding.map(Encoding::name), Some("KOI8-R"));
        assert_eq!(
            meta_charset(b"<meta charset=\"windows-1251\">"),
            Some(encoding_rs::WINDOWS_1251)
        );
        assert_eq!(
            meta_charset(b"<META CHARSET = latin1 >"),
            Some(encoding_rs::WINDOWS_1252)
        );
        assert_eq!(meta_charset(b"<meta name=x><p>charset=koi8-r</p>"), None);
    }

    #[test]
    fn a_wrong_declaration_gives_way() {
        // Declared Shift_JIS, but 0xe9 0x20 is no Shift_JIS sequence.
        let bytes = b"<meta charset=shift_jis><p>Un caf\xe9 \xe0 Kano, la police a dit que quatre personnes sont mortes.</p>";
        let d = decode(bytes, None, true).expect("decodable");
        assert!(d.text.contains("Un café à Kano"), "{}", d.text);
        assert_eq!(d.encoding.map(Encoding::name), Some("windows-1252"));
    }

    #[test]
    fn declared_outside_the_bytes() {
        // An HTTP charset comes before the page's own declaration.
        let bytes = b"<meta charset=windows-1252><p>\xf0\xd2\xc9\xd7\xc5\xd4</p>";
        let d = decode(bytes, Some(encoding_rs::KOI8_R), true).expect("decodable");
        assert!(d.text.contains("Привет"), "{}", d.text);
        // Valid UTF-8 stays UTF-8 whatever is declared.
        let d = decode("Café".as_bytes(), Some(encoding_rs::KOI8_R), true).expect("decodable");
        assert_eq!(d.text, "Café");
        assert!(d.encoding.is_none());
    }

    #[test]
    fn xml_declarations() {
        assert_eq!(
            xml_encoding(b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss/>"),
            Some(encoding_rs::WINDOWS_1252)
        );
        assert_eq!(
            xml_encoding(b"\xef\xbb\xbf  <?xml version='1.0' ENCODING = 'koi8-r' ?>"),
            Some(encoding_rs::KOI8_R)
        );
        assert_eq!(
            xml_encoding(b"<?xml version=\"1.0\" encoding=\"UTF-16\"?>"),
            Some(UTF_8)
        );
        assert_eq!(xml_encoding(b"<?xml version=\"1.0\"?><rss/>"), None);
        assert_eq!(xml_encoding(b"<rss encoding=\"koi8-r\"/>"), None);
        assert_eq!(xml_encoding(b"<?xml encoding=\"no-such\"?>"), None);
    }

    #[test]
    fn binary_is_refused() {
        assert!(decode(&[0, 159, 146, 150, 0, 1, 2, 3, 0, 0], None, false).is_none());
        assert!(decode(b"text with a NUL\0 in it", None, false).is_none());
        assert!(decode(&[1, 2, 3, 4, 5, 6, 7, 8, b'a', b'b'], None, false).is_none());
        assert!(decode(&[0xff, 0xfe, 0x00, 0xd8], None, false).is_none());
    }
}
