//! JSON Lines: one article per line; and JSON documents (`.json`): one article
//! object or an array of them ([`read_document`]).
//!
//! ```json
//! {"id": "kano-radio-1", "title": "…", "published": "2025-06-14", "source": "Kano Radio", "url": "…", "text": "…"}
//! ```
//!
//! `text` is required; the other fields are optional (`null` counts as absent). Without
//! a readable `published`, a day in the `url`'s path (`…/2024/03/22/…`) is the
//! publication date, as for feeds and pages ([`crate::date_from_url`]). Blank
//! lines are skipped. Each bad line is reported with its line number and the others
//! are read.
//!
//! Files and streams are read line by line ([`read_stream`]), so memory stays flat
//! however long the file: each line must be UTF-8 (a UTF-8 byte order mark before the
//! first is allowed) and at most [`crate::Limits::max_line_bytes`] long; a line that is
//! not is an error for that line alone. Input with a UTF-16 byte order mark is decoded
//! whole and read by [`read`].

use std::io::{self, BufRead, Read};

use serde_json::{Map, Value};

use crate::normalize::normalize_text;
use crate::{Article, Defaults, IngestError, Item, Warning};

/// Reads every line of `text` (line breaks already LF) as one article.
pub(crate) fn read(text: &str, name: &str, defaults: &Defaults, sink: &mut dyn FnMut(Item)) {
    for (index, line) in text.split('\n').enumerate() {
        read_line(line, format!("{name}:{}", index + 1), defaults, sink);
    }
}

/// Reads a JSON document (line breaks already LF): one article object, or an array of
/// them (each named `NAME:item N`). A document that is no single JSON value but holds
/// one object per line is read as JSON Lines; anything else is one error naming it.
pub(crate) fn read_document(
    text: &str,
    name: &str,
    defaults: &Defaults,
    sink: &mut dyn FnMut(Item),
) {
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(object)) => read_object(&object, name.to_string(), defaults, sink),
        Ok(Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                let origin = format!("{name}:item {}", i + 1);
                match item {
                    Value::Object(object) => read_object(object, origin, defaults, sink),
                    _ => sink(Item::Error(IngestError::NotAnArticleObject { origin })),
                }
            }
        }
        Ok(_) => sink(Item::Error(IngestError::NotAnArticleObject {
            origin: name.to_string(),
        })),
        Err(error) => {
            let mut lines = text.split('\n').filter(|l| !l.trim().is_empty()).peekable();
            let one_per_line = lines.peek().is_some()
                && lines.all(|l| serde_json::from_str::<Value>(l).is_ok_and(|v| v.is_object()));
            if one_per_line {
                read(text, name, defaults, sink);
            } else {
                sink(Item::Error(IngestError::InvalidJson {
                    origin: name.to_string(),
                    error,
                }));
            }
        }
    }
}

/// Reads `reader` line by line, each line one article. A line is ended by LF, CRLF or
/// a lone CR (as [`read`] counts them). A line longer than `max_line` bytes is an
/// error and is skipped without being held in memory; a line that is not UTF-8 is an
/// error. A read error (a truncated compressed file) ends the input with an error
/// naming the line it stopped at.
pub(crate) fn read_stream<R: BufRead>(
    mut reader: R,
    name: &str,
    defaults: &Defaults,
    max_line: usize,
    sink: &mut dyn FnMut(Item),
) {
    let mut buf = Vec::new();
    let mut line_no = 0usize;
    // Room for the line, its CR and its LF: a line that fills it without an LF is
    // too long.
    let limit = u64::try_from(max_line)
        .unwrap_or(u64::MAX)
        .saturating_add(2);
    loop {
        buf.clear();
        let read = (&mut reader).take(limit).read_until(b'\n', &mut buf);
        let n = match read {
            Ok(n) => n,
            Err(error) => {
                sink(Item::Error(IngestError::Io {
                    name: format!("{name}:{}", line_no + 1),
                    error,
                }));
                return;
            }
        };
        if n == 0 {
            return;
        }
        let mut line = buf.as_slice();
        let complete = match line.strip_suffix(b"\n") {
            Some(l) => {
                line = l.strip_suffix(b"\r").unwrap_or(l);
                true
            }
            None => false,
        };
        if line.len() > max_line {
            line_no += 1;
            sink(Item::Error(IngestError::LineTooLong {
                origin: format!("{name}:{line_no}"),
                limit: max_line,
            }));
            if complete {
                continue;
            }
            if let Err(error) = skip_line(&mut reader) {
                sink(Item::Error(IngestError::Io {
                    name: format!("{name}:{line_no}"),
                    error,
                }));
                return;
            }
            continue;
        }
        if line_no == 0 {
            line = line.strip_prefix(b"\xef\xbb\xbf").unwrap_or(line);
        }
        for piece in line.split(|&b| b == b'\r') {
            line_no += 1;
            let origin = format!("{name}:{line_no}");
            match std::str::from_utf8(piece) {
                Ok(text) => read_line(text, origin, defaults, sink),
                Err(_) => sink(Item::Error(IngestError::NotUtf8Line { origin })),
            }
        }
    }
}

/// Consumes the rest of a line (through its LF) without keeping it.
fn skip_line<R: BufRead>(reader: &mut R) -> io::Result<()> {
    loop {
        let buf = reader.fill_buf()?;
        if buf.is_empty() {
            return Ok(());
        }
        match buf.iter().position(|&b| b == b'\n') {
            Some(at) => {
                reader.consume(at + 1);
                return Ok(());
            }
            None => {
                let len = buf.len();
                reader.consume(len);
            }
        }
    }
}

/// One line; blank lines are skipped.
fn read_line(line: &str, origin: String, defaults: &Defaults, sink: &mut dyn FnMut(Item)) {
    if line.trim().is_empty() {
        return;
    }
    match serde_json::from_str::<Value>(line) {
        Err(error) => sink(Item::Error(IngestError::InvalidJson { origin, error })),
        Ok(Value::Object(object)) => read_object(&object, origin, defaults, sink),
        Ok(_) => sink(Item::Error(IngestError::NotAnObject { origin })),
    }
}

/// One line's object.
fn read_object(
    object: &Map<String, Value>,
    origin: String,
    defaults: &Defaults,
    sink: &mut dyn FnMut(Item),
) {
    let body = match object.get("text") {
        Some(Value::String(t)) => normalize_text(t),
        _ => String::new(),
    };
    if body.is_empty() {
        sink(Item::Error(IngestError::MissingText { origin }));
        return;
    }
    let mut string_field = |field: &'static str| -> Option<String> {
        match object.get(field) {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
            Some(_) => {
                sink(Item::Warning(Warning::FieldType {
                    origin: origin.clone(),
                    field,
                    expected: "string",
                }));
                None
            }
        }
    };
    let title = string_field("title");
    let published_text = string_field("published");
    let source = string_field("source");
    let url = string_field("url");
    let external_id = match object.get("id") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        Some(_) => {
            sink(Item::Warning(Warning::FieldType {
                origin: origin.clone(),
                field: "id",
                expected: "string or number",
            }));
            None
        }
    };
    let published = published_text
        .and_then(|value| match crate::parse_date(&value) {
            Ok(date) => Some(date),
            Err(_) => {
                sink(Item::Warning(Warning::BadDate {
                    origin: origin.clone(),
                    value,
                }));
                None
            }
        })
        // Without a readable "published", a day in the URL's path, as for feeds and pages.
        .or_else(|| url.as_deref().and_then(crate::date_from_url));
    let article = Article {
        text: body,
        title,
        published,
        source,
        url,
        external_id,
        origin,
    };
    sink(article.into_item(defaults));
}
