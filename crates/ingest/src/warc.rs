//! WARC web archives (ISO 28500, WARC/1.0 and 1.1), read as a stream: one article per
//! archived HTML page.
//!
//! A record is a version line (`WARC/1.1`), header fields up to a blank line, a block
//! of `Content-Length` bytes, and two line breaks. `response` records whose HTTP
//! response is 2xx with an HTML media type (`text/html`, `application/xhtml+xml`) are
//! read: the status line and HTTP headers are dropped, a `chunked` transfer encoding
//! and a `gzip` or `deflate` content encoding are undone, the body is decoded (the
//! HTTP `charset` first, then as any page) and read as an HTML page. Other records
//! (`warcinfo`, `request`, `metadata`, images, redirects, errors) are skipped.
//!
//! Records are named `FILE:record N`, N counting every record from 1. Only the record
//! being read is held in memory, and only when it is a page. A record that cannot be
//! read to its end (a truncated file, a broken gzip member, a missing `Content-Length`)
//! is an error naming it, and reading stops there: the records before it are kept.
//! Gzip (one member per record, or the whole file) is undone before this reader sees
//! the bytes.

use std::io::{self, BufRead, Read};

use encoding_rs::Encoding;
use flate2::read::{DeflateDecoder, MultiGzDecoder, ZlibDecoder};

use crate::normalize::unify_line_breaks;
use crate::{decode, Defaults, IngestError, Item, Limits, Warning};

/// The most bytes one line of a record's header (WARC or HTTP) may take, and the most
/// the whole header may take.
const MAX_HEADER_BYTES: u64 = 1 << 20;

/// Reads every record of `reader`.
pub(crate) fn read(
    reader: &mut dyn BufRead,
    name: &str,
    defaults: &Defaults,
    limits: &Limits,
    sink: &mut dyn FnMut(Item),
) {
    let mut index = 0usize;
    let mut pages = 0usize;
    loop {
        let first = match first_line(reader) {
            Ok(Some(line)) => line,
            Ok(None) => break,
            Err(error) => {
                let origin = format!("{name}:record {}", index + 1);
                return sink(unreadable(origin, &error));
            }
        };
        index += 1;
        let origin = format!("{name}:record {index}");
        if !first.starts_with(b"WARC/") {
            return sink(bad(&origin, format!(
                "not a WARC record: expected a version line such as WARC/1.1, found {:?}; reading stopped",
                preview(&first)
            )));
        }
        let headers = match read_headers(reader) {
            Ok(Fields::Complete(headers)) => headers,
            Ok(Fields::Truncated) => {
                return sink(bad(
                    &origin,
                    "truncated: the file ends inside the record's header; reading stopped".into(),
                ))
            }
            Ok(Fields::TooLong) => {
                return sink(bad(
                    &origin,
                    format!("a header longer than {MAX_HEADER_BYTES} bytes; reading stopped"),
                ))
            }
            Err(error) => return sink(unreadable(origin, &error)),
        };
        let Some(length) = header(&headers, "content-length").and_then(|v| v.parse::<u64>().ok())
        else {
            return sink(bad(
                &origin,
                "no valid Content-Length, so the record's end cannot be found; reading stopped"
                    .into(),
            ));
        };
        let is_response =
            header(&headers, "warc-type").is_some_and(|t| t.eq_ignore_ascii_case("response"));
        let mut block = (&mut *reader).take(length);
        let response = if is_response {
            read_response(&mut block, limits)
        } else {
            Ok(Response::Skip)
        };
        let drained = io::copy(&mut block, &mut io::sink());
        let response = match (response, drained) {
            (Ok(response), Ok(_)) => response,
            (Err(error), _) | (_, Err(error)) => return sink(unreadable(origin, &error)),
        };
        if block.limit() > 0 {
            return sink(bad(
                &origin,
                format!(
                    "truncated: the file ends {} bytes into a block of {length}; reading stopped",
                    length - block.limit()
                ),
            ));
        }
        match response {
            Response::Skip => {}
            Response::TooLarge => {
                pages += 1;
                sink(Item::Error(IngestError::TooLarge {
                    name: origin,
                    limit: limits.max_document_bytes,
                }));
            }
            Response::Unsupported(reason) => {
                pages += 1;
                sink(bad(&origin, reason));
            }
            Response::Page { body, charset } => {
                pages += 1;
                read_page(&body, charset, &headers, origin, defaults, sink);
            }
        }
    }
    if pages == 0 {
        sink(Item::Warning(Warning::NoPages {
            name: name.to_string(),
            records: index,
        }));
    }
}

/// One archived page, its bytes as the server sent them (transfer and content
/// encodings undone).
fn read_page(
    body: &[u8],
    charset: Option<&'static Encoding>,
    headers: &[(String, String)],
    origin: String,
    defaults: &Defaults,
    sink: &mut dyn FnMut(Item),
) {
    let Some(decoded) = decode::decode(body, charset, true) else {
        return sink(Item::Error(IngestError::NotDecodable { name: origin }));
    };
    if let Some(encoding) = decoded.encoding {
        sink(Item::Warning(Warning::Decoded {
            name: origin.clone(),
            encoding: encoding.name(),
        }));
    }
    let text = unify_line_breaks(&decoded.text);
    let record_id = header(headers, "warc-record-id").map(without_brackets);
    let Some(mut article) = crate::page_article(&text, origin, record_id, sink) else {
        return;
    };
    let target = header(headers, "warc-target-uri")
        .map(without_brackets)
        .filter(|u| !u.is_empty());
    if article.published.is_none() {
        article.published = [article.url.as_deref(), target.as_deref()]
            .into_iter()
            .flatten()
            .find_map(crate::date_from_url);
    }
    if article.url.is_none() {
        article.url = target;
    }
    sink(article.into_item(defaults));
}

/// What a response record holds.
enum Response {
    /// Not an HTML page with a 2xx status.
    Skip,
    /// An HTML page larger than the limit.
    TooLarge,
    /// An HTML page that cannot be read, and why.
    Unsupported(String),
    /// An HTML page.
    Page {
        body: Vec<u8>,
        charset: Option<&'static Encoding>,
    },
}

/// Reads a response record's block: its HTTP status line, headers and body.
fn read_response<R: BufRead>(block: &mut R, limits: &Limits) -> io::Result<Response> {
    let status_line = read_line(block)?;
    let mut words = status_line.split(|&b| b == b' ');
    let protocol = words.next().unwrap_or_default();
    let status = words
        .next()
        .and_then(|s| std::str::from_utf8(s).ok())
        .and_then(|s| s.trim().parse::<u16>().ok());
    if !protocol.starts_with(b"HTTP/") || !status.is_some_and(|s| (200..300).contains(&s)) {
        return Ok(Response::Skip);
    }
    let Fields::Complete(http) = read_headers(block)? else {
        return Ok(Response::Skip);
    };
    let content_type = header(&http, "content-type").unwrap_or_default();
    let mut params = content_type.split(';');
    let essence = params
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    if essence != "text/html" && essence != "application/xhtml+xml" {
        return Ok(Response::Skip);
    }
    let charset = params.find_map(|p| {
        let (key, value) = p.split_once('=')?;
        key.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| {
                Encoding::for_label_no_replacement(
                    value.trim().trim_matches(['"', '\'']).as_bytes(),
                )
            })
            .flatten()
    });
    let max = limits.max_document_bytes;
    let cap = u64::try_from(max).unwrap_or(u64::MAX).saturating_add(1);
    let mut body = Vec::new();
    (&mut *block).take(cap).read_to_end(&mut body)?;
    if body.len() > max {
        return Ok(Response::TooLarge);
    }
    let chunked = header(&http, "transfer-encoding")
        .is_some_and(|t| t.to_ascii_lowercase().contains("chunked"));
    if chunked {
        if let Some(plain) = dechunk(&body) {
            body = plain;
        }
    }
    let encoding = header(&http, "content-encoding")
        .unwrap_or_default()
        .to_ascii_lowercase();
    let body = match encoding.as_str() {
        "" | "identity" => body,
        // Crawlers often store the body already decoded, the header left as it was.
        "gzip" | "x-gzip" if !body.starts_with(&[0x1f, 0x8b]) => body,
        "gzip" | "x-gzip" => match inflate(MultiGzDecoder::new(&body[..]), cap) {
            Ok(plain) => plain,
            Err(error) => {
                return Ok(Response::Unsupported(format!(
                    "the gzip-encoded page does not decompress: {error}"
                )))
            }
        },
        "deflate" => match inflate(ZlibDecoder::new(&body[..]), cap)
            .or_else(|_| inflate(DeflateDecoder::new(&body[..]), cap))
        {
            Ok(plain) => plain,
            Err(error) => {
                return Ok(Response::Unsupported(format!(
                    "the deflate-encoded page does not decompress: {error}"
                )))
            }
        },
        other => {
            return Ok(Response::Unsupported(format!(
                "the page is in the '{other}' content encoding, which is not supported; skipped"
            )))
        }
    };
    if body.len() > max {
        return Ok(Response::TooLarge);
    }
    Ok(Response::Page { body, charset })
}

/// Everything `decoder` gives, up to `cap` bytes.
fn inflate<R: Read>(decoder: R, cap: u64) -> io::Result<Vec<u8>> {
    let mut out = Vec::new();
    decoder.take(cap).read_to_end(&mut out)?;
    Ok(out)
}

/// A body in the chunked transfer encoding, joined; `None` when it is not in that
/// encoding after all. A body cut off between chunks keeps the chunks before the cut.
fn dechunk(body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(body.len());
    let mut rest = body;
    while !rest.is_empty() {
        let line_end = rest.iter().position(|&b| b == b'\n')?;
        let size_line = std::str::from_utf8(&rest[..line_end]).ok()?;
        let size_text = size_line.split(';').next().unwrap_or_default().trim();
        let size = usize::from_str_radix(size_text, 16).ok()?;
        rest = &rest[line_end + 1..];
        if size == 0 {
            break;
        }
        out.extend_from_slice(rest.get(..size)?);
        rest = &rest[size..];
        rest = rest
            .strip_prefix(b"\r\n")
            .or_else(|| rest.strip_prefix(b"\n"))
            .unwrap_or(rest);
    }
    Some(out)
}

/// The record's first line, after the blank lines that end the record before it;
/// `None` at the end of the input.
fn first_line(reader: &mut dyn BufRead) -> io::Result<Option<Vec<u8>>> {
    loop {
        let line = read_line(reader)?;
        if line.is_empty() {
            return Ok(None);
        }
        if !line.trim_ascii().is_empty() {
            return Ok(Some(line));
        }
    }
}

/// One line with its line break (empty at the end of the input), at most
/// [`MAX_HEADER_BYTES`] long.
fn read_line<R: BufRead + ?Sized>(reader: &mut R) -> io::Result<Vec<u8>> {
    let mut line = Vec::new();
    (&mut *reader)
        .take(MAX_HEADER_BYTES)
        .read_until(b'\n', &mut line)?;
    Ok(line)
}

/// A header's fields, or why there are none.
#[derive(Debug, PartialEq, Eq)]
enum Fields {
    /// `(name, value)`, names lower-cased, values trimmed.
    Complete(Vec<(String, String)>),
    /// The input ended before the blank line.
    Truncated,
    /// Longer than [`MAX_HEADER_BYTES`].
    TooLong,
}

/// `Name: value` fields up to a blank line.
fn read_headers<R: BufRead + ?Sized>(reader: &mut R) -> io::Result<Fields> {
    let mut fields: Vec<(String, String)> = Vec::new();
    let mut total = 0u64;
    loop {
        let line = read_line(reader)?;
        total += line.len() as u64;
        if total > MAX_HEADER_BYTES {
            return Ok(Fields::TooLong);
        }
        if !line.ends_with(b"\n") {
            return Ok(Fields::Truncated);
        }
        let line = String::from_utf8_lossy(&line);
        let line = line.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            return Ok(Fields::Complete(fields));
        }
        if line.starts_with([' ', '\t']) {
            // A continuation of the field before (obsolete folding).
            if let Some((_, value)) = fields.last_mut() {
                value.push(' ');
                value.push_str(line.trim());
            }
            continue;
        }
        if let Some((key, value)) = line.split_once(':') {
            fields.push((key.trim().to_ascii_lowercase(), value.trim().to_string()));
        }
    }
}

/// The first value of the field `key` (lower case).
fn header<'a>(fields: &'a [(String, String)], key: &str) -> Option<&'a str> {
    fields
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

/// A URI or id without the angle brackets WARC/1.0 put around it.
fn without_brackets(value: &str) -> String {
    let value = value.trim();
    value
        .strip_prefix('<')
        .and_then(|v| v.strip_suffix('>'))
        .unwrap_or(value)
        .to_string()
}

/// The start of a line, for a message.
fn preview(line: &[u8]) -> String {
    let text = String::from_utf8_lossy(&line[..line.len().min(40)]);
    text.trim_end_matches(['\r', '\n']).to_string()
}

/// The error for a record that cannot be read.
fn bad(origin: &str, reason: String) -> Item {
    Item::Error(IngestError::BadRecord {
        origin: origin.to_string(),
        reason,
    })
}

/// The error for a record the input broke off in (a read error, most often a gzip
/// member cut short).
fn unreadable(origin: String, error: &io::Error) -> Item {
    Item::Error(IngestError::BadRecord {
        origin,
        reason: format!("truncated or corrupt: {error}; reading stopped"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_are_joined() {
        assert_eq!(
            dechunk(b"5\r\nHello\r\n7;ext=1\r\n, world\r\n0\r\n\r\n").as_deref(),
            Some(&b"Hello, world"[..])
        );
        assert_eq!(dechunk(b"5\r\nHello\r\n").as_deref(), Some(&b"Hello"[..]));
        assert_eq!(dechunk(b"<html>not chunked</html>"), None);
        assert_eq!(dechunk(b"ff\r\nshort"), None);
    }

    #[test]
    fn brackets_and_headers() {
        assert_eq!(
            without_brackets(" <http://news.example/a> "),
            "http://news.example/a"
        );
        assert_eq!(without_brackets("urn:uuid:1"), "urn:uuid:1");
        let mut input = &b"Content-Type: text/html;\r\n  charset=utf-8\r\nX: y\r\n\r\nbody"[..];
        let Ok(Fields::Complete(fields)) = read_headers(&mut input) else {
            panic!("a complete header");
        };
        assert_eq!(
            header(&fields, "content-type"),
            Some("text/html; charset=utf-8")
        );
        assert_eq!(header(&fields, "x"), Some("y"));
        assert_eq!(input, b"body");
        let mut input = &b"Content-Type: text/html\r\n"[..];
        assert_eq!(
            read_headers(&mut input).expect("in memory"),
            Fields::Truncated
        );
    }
}
