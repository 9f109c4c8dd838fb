//! RSS (0.9x, 1.0, 2.0) and Atom feeds, parsed by feed-rs: one article per item or
//! entry.
//!
//! An item's text is its full content (`content:encoded`, Atom `<content>`) when that
//! has any text, else its summary (`<description>`, Atom `<summary>`). HTML in them is
//! reduced to text: a fragment keeps all of its text, blocks apart; a whole page
//! (`<html>`, `<body>`) goes through the page reader. The item's title, link
//! (`url`), publication date (`pubDate`, `dc:date`, Atom `<published>`, else
//! `<updated>`) and guid or id (`external_id`) come along; the feed's title is the
//! `source`. Items are named `FILE:item N`, N counting from 1 in feed order.
//!
//! Dates are read by [`crate::parse_date`], so a date keeps the day as written, not
//! the day in UTC; one that cannot be read gives a warning, and the date in the item's
//! link ([`crate::date_from_url`]) or the default is used instead.

use std::sync::{Arc, Mutex, PoisonError};

use chrono::{DateTime, Utc};
use feed_rs::model::{Entry, Text};
use newsfuse_core::Date;

use crate::normalize::normalize_text;
use crate::{html, Article, Defaults, IngestError, Item, Warning};

/// Reads a decoded feed (`text` is UTF-8; its XML declaration, if any, is ignored).
pub(crate) fn read(text: &str, name: &str, defaults: &Defaults, sink: &mut dyn FnMut(Item)) {
    let unreadable = Arc::new(Mutex::new(Vec::<String>::new()));
    let recorder = Arc::clone(&unreadable);
    let parser = feed_rs::parser::Builder::new()
        .sanitize_content(false)
        // No made-up ids: an item without a guid has no external id.
        .id_generator(|_, _, _| String::new())
        .timestamp_parser(move |value| {
            let value = value.trim();
            if value.is_empty() {
                return None;
            }
            match crate::parse_date(value) {
                Ok(date) => day_start(date),
                Err(_) => {
                    let mut list = recorder.lock().unwrap_or_else(PoisonError::into_inner);
                    list.push(value.to_string());
                    unreadable_marker(list.len() - 1)
                }
            }
        })
        .build();
    let feed = match parser.parse(without_declaration(text).as_bytes()) {
        Ok(feed) => feed,
        Err(error) => {
            sink(Item::Error(IngestError::NotAFeed {
                name: name.to_string(),
                reason: error.to_string(),
            }));
            return;
        }
    };
    let unreadable = unreadable
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .clone();
    if feed.entries.is_empty() {
        sink(Item::Warning(Warning::EmptyFeed {
            name: name.to_string(),
        }));
        return;
    }
    let source = feed.title.as_ref().map(plain_text);
    for (index, entry) in feed.entries.iter().enumerate() {
        let origin = format!("{name}:item {}", index + 1);
        read_entry(entry, origin, source.clone(), &unreadable, defaults, sink);
    }
}

/// One item or entry.
fn read_entry(
    entry: &Entry,
    origin: String,
    source: Option<String>,
    unreadable: &[String],
    defaults: &Defaults,
    sink: &mut dyn FnMut(Item),
) {
    let text = match entry_text(entry, &origin) {
        Ok(text) => text,
        Err(error) => return sink(Item::Error(error)),
    };
    if text.is_empty() {
        return sink(Item::Error(IngestError::NoItemText { origin }));
    }
    let url = entry
        .links
        .iter()
        .find(|l| {
            l.target.is_none()
                && l.rel
                    .as_deref()
                    .is_none_or(|r| r.eq_ignore_ascii_case("alternate"))
        })
        .map(|l| l.href.clone())
        .or_else(|| {
            let id = entry.id.trim();
            (id.starts_with("http://") || id.starts_with("https://")).then(|| id.to_string())
        });
    let mut published = None;
    let mut bad = None;
    for stamp in [entry.published, entry.updated].into_iter().flatten() {
        match read_stamp(stamp) {
            Stamp::Day(day) => {
                published = Some(day);
                break;
            }
            Stamp::Unreadable(i) => {
                bad = bad.or_else(|| unreadable.get(i).cloned());
            }
        }
    }
    if published.is_none() {
        if let Some(value) = bad {
            sink(Item::Warning(Warning::BadDate {
                origin: origin.clone(),
                value,
            }));
        }
        published = url.as_deref().and_then(crate::date_from_url);
    }
    let external_id = Some(entry.id.trim().to_string()).filter(|id| !id.is_empty());
    let article = Article {
        text,
        title: entry.title.as_ref().map(plain_text),
        published,
        source,
        url,
        external_id,
        origin,
    };
    sink(article.into_item(defaults));
}

/// The item's text: its content when that has any text, else its summary; empty when
/// neither has.
fn entry_text(entry: &Entry, origin: &str) -> Result<String, IngestError> {
    if let Some(content) = &entry.content {
        let kind = kind_of(content.content_type.as_ref());
        if let (Some(body), Some(html)) = (&content.body, kind) {
            let text = markup_text(body, html, origin)?;
            if !text.is_empty() {
                return Ok(text);
            }
        }
    }
    match &entry.summary {
        Some(summary) => match kind_of(summary.content_type.as_ref()) {
            Some(html) => markup_text(&summary.content, html, origin),
            None => Ok(String::new()),
        },
        None => Ok(String::new()),
    }
}

/// `Some(true)` for an HTML media type, `Some(false)` for other text, `None` for
/// anything else (an image, base64 data).
fn kind_of(media_type: &str) -> Option<bool> {
    let essence = media_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    if essence.contains("html") {
        Some(true)
    } else if essence.starts_with("text/") || essence.is_empty() {
        Some(false)
    } else {
        None
    }
}

/// The text of a content or summary body: HTML reduced to text, other text as it is;
/// normalised.
fn markup_text(body: &str, html: bool, origin: &str) -> Result<String, IngestError> {
    if !html || !body.contains(['<', '&']) {
        return Ok(normalize_text(body));
    }
    let depth = html::nesting_depth(body);
    if depth > html::MAX_DEPTH {
        return Err(IngestError::TooDeep {
            name: origin.to_string(),
            depth,
            limit: html::MAX_DEPTH,
        });
    }
    if html::is_whole_page(body) {
        let page = html::read(body);
        if !page.text.is_empty() {
            return Ok(page.text);
        }
    }
    Ok(html::fragment_text(body))
}

/// A title as plain text (tags and character references of an HTML title resolved);
/// white space is tidied later.
fn plain_text(text: &Text) -> String {
    let html = kind_of(text.content_type.as_ref()) == Some(true);
    if html && text.content.contains(['<', '&']) && html::nesting_depth(&text.content) <= 64 {
        html::fragment_text(&text.content)
    } else {
        text.content.clone()
    }
}

/// `text` without its XML declaration: the text is already UTF-8, whatever encoding
/// the declaration names, and feed-rs would otherwise decode it again.
fn without_declaration(text: &str) -> &str {
    let trimmed = text.trim_start_matches(['\u{feff}', ' ', '\t', '\n', '\r']);
    let is_declaration = trimmed
        .strip_prefix("<?xml")
        .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_whitespace() || c == '?'));
    if is_declaration {
        if let Some(end) = trimmed.find("?>") {
            return &trimmed[end + 2..];
        }
    }
    text
}

/// How the timestamps handed to feed-rs come back: the day as written, at midnight
/// UTC, or a marker for a date that could not be read, in the first second counts of
/// chrono's range (no real date is there), counting the unreadable dates in order.
enum Stamp {
    Day(Date),
    Unreadable(usize),
}

/// How many unreadable dates one feed may mark; the rest read as no date.
const MARKERS: i64 = 1 << 32;

fn day_start(date: Date) -> Option<DateTime<Utc>> {
    DateTime::from_timestamp(date.days_since_epoch().checked_mul(86_400)?, 0)
}

fn unreadable_marker(index: usize) -> Option<DateTime<Utc>> {
    let index = i64::try_from(index).ok().filter(|&i| i < MARKERS)?;
    DateTime::from_timestamp(DateTime::<Utc>::MIN_UTC.timestamp() + index, 0)
}

fn read_stamp(stamp: DateTime<Utc>) -> Stamp {
    let offset = stamp.timestamp() - DateTime::<Utc>::MIN_UTC.timestamp();
    if offset < MARKERS {
        Stamp::Unreadable(usize::try_from(offset).unwrap_or(usize::MAX))
    } else {
        Stamp::Day(Date::from_days_since_epoch(
            stamp.timestamp().div_euclid(86_400),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamps_round_trip() {
        let day = Date::new(2025, 6, 14).expect("a day");
        let stamp = day_start(day).expect("in range");
        assert!(matches!(read_stamp(stamp), Stamp::Day(d) if d == day));
        let early = Date::new(1, 1, 1).expect("a day");
        assert!(
            matches!(read_stamp(day_start(early).expect("in range")), Stamp::Day(d) if d == early)
        );
        let marker = unreadable_marker(7).expect("in range");
        assert!(matches!(read_stamp(marker), Stamp::Unreadable(7)));
    }

    #[test]
    fn declarations_are_dropped() {
        assert_eq!(
            without_declaration("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<rss/>"),
            "\n<rss/>"
        );
        assert_eq!(
            without_declaration("<?xml-stylesheet href=\"a.xsl\"?><rss/>"),
            "<?xml-stylesheet href=\"a.xsl\"?><rss/>"
        );
        assert_eq!(without_declaration("<rss/>"), "<rss/>");
    }

    #[test]
    fn media_types() {
        assert_eq!(kind_of("text/html; charset=utf-8"), Some(true));
        assert_eq!(kind_of("application/xhtml+xml"), Some(true));
        assert_eq!(kind_of("text/plain"), Some(false));
        assert_eq!(kind_of("image/png"), None);
    }
}
