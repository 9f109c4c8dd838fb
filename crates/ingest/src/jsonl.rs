//! JSON Lines: one article per line.
//!
//! ```json
//! {"id": "kano-radio-1", "title": "…", "published": "2025-06-14", "source": "Kano Radio", "url": "…", "text": "…"}
//! ```
//!
//! `text` is required; the other fields are optional (`null` counts as absent). Blank
//! lines are skipped. Each bad line is reported with its line number and the others
//! are read.

use serde_json::{Map, Value};

use crate::normalize::normalize_text;
use crate::{Article, Defaults, IngestError, Item, Warning};

/// Reads every line of `text` (line breaks already LF) as one article.
pub(crate) fn read(text: &str, name: &str, defaults: &Defaults, sink: &mut dyn FnMut(Item)) {
    for (index, line) in text.split('\n').enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let origin = format!("{name}:{}", index + 1);
        match serde_json::from_str::<Value>(line) {
            Err(error) => sink(Item::Error(IngestError::InvalidJson { origin, error })),
            Ok(Value::Object(object)) => read_object(&object, origin, defaults, sink),
            Ok(_) => sink(Item::Error(IngestError::NotAnObject { origin })),
        }
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
    let published = published_text.and_then(|value| match crate::parse_date(&value) {
        Ok(date) => Some(date),
        Err(_) => {
            sink(Item::Warning(Warning::BadDate {
                origin: origin.clone(),
                value,
            }));
            None
        }
    });
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
