//! Reads articles from plain text, JSON Lines, HTML and stdin into documents; decodes
//! any encoding.
//!
//! Every input goes through the same steps: its bytes are decoded to UTF-8
//! (byte order marks, UTF-8, a declared or detected legacy encoding), the format is
//! read (`.txt` with an optional header block, `.jsonl` with one article per line,
//! `.html` reduced to its main text), and the article body is normalised once by
//! [`normalize_text`]. A [`Document`]'s id is the hash of that text ([`doc_id`]), so the
//! same article read from different files is the same document.
//!
//! Results are handed to a sink one [`Item`] at a time: documents, warnings, and
//! errors. An error concerns one input (a file, a line) and never stops the others.
//!
//! ```
//! use newsfuse_ingest::{read_reader, Defaults, Format, Item};
//!
//! let input = "Title: Market attack\n\nGunmen killed four people in Kano.\n";
//! let mut docs = Vec::new();
//! read_reader(input.as_bytes(), "-", Some(Format::Text), &Defaults::default(), &mut |item| {
//!     if let Item::Doc(doc) = item {
//!         docs.push(doc);
//!     }
//! });
//! assert_eq!(docs[0].title.as_deref(), Some("Market attack"));
//! assert_eq!(docs[0].text, "Gunmen killed four people in Kano.");
//! ```
#![deny(missing_docs)]

mod date;
mod decode;
mod html;
mod jsonl;
mod normalize;
mod text;

use std::collections::HashSet;
use std::io::Read;
use std::path::{Path, PathBuf};

use newsfuse_core::{Date, Document};

pub use date::parse_date;
pub use normalize::{doc_id, normalize_text};

/// What applies to articles that do not say it themselves.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Defaults {
    /// Publication date for articles that carry none (or one that cannot be read).
    pub published: Option<Date>,
}

/// An input format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Plain text, with an optional `Key: value` header block before a blank line.
    Text,
    /// JSON Lines: one JSON object per line, with `text` and optional `title`,
    /// `published`, `source`, `url`, `id`.
    JsonLines,
    /// An HTML page, reduced to its main text.
    Html,
}

impl Format {
    /// The format of a file by its extension (`.txt`, `.jsonl`, `.html`, `.htm`, any
    /// case); `None` for other files.
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" => Some(Format::Text),
            "jsonl" => Some(Format::JsonLines),
            "html" | "htm" => Some(Format::Html),
            _ => None,
        }
    }

    /// Guesses the format from the content: JSON Lines when the first character that
    /// is not white space is `{`, HTML when it is `<`, plain text otherwise.
    pub fn sniff(bytes: &[u8]) -> Format {
        // Byte order marks and the NUL halves of UTF-16 units are skipped with the
        // white space.
        let first = bytes.iter().copied().find(|&b| {
            !(b.is_ascii_whitespace() || matches!(b, 0 | 0xef | 0xbb | 0xbf | 0xfe | 0xff))
        });
        match first {
            Some(b'{') => Format::JsonLines,
            Some(b'<') => Format::Html,
            _ => Format::Text,
        }
    }
}

/// One result of reading: a document, a warning, or an error about one input.
#[derive(Debug)]
pub enum Item {
    /// An article, read and normalised.
    Doc(Document),
    /// Something was off, but the article was read (or the input was still usable).
    Warning(Warning),
    /// An input (a file, a line of a file) that could not be read; the others go on.
    Error(IngestError),
}

/// Something odd about an input that did not stop it from being read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Warning {
    /// The input was not UTF-8 and was decoded from another encoding.
    #[error("{name}: decoded as {encoding}")]
    Decoded {
        /// The input.
        name: String,
        /// The encoding's name (`windows-1252`, `UTF-16LE`).
        encoding: &'static str,
    },
    /// A publication date that could not be read; the article keeps the default date.
    #[error("{origin}: unreadable publication date '{value}'; ignored")]
    BadDate {
        /// Where: `name:line` for text headers and JSON Lines, `name` for HTML.
        origin: String,
        /// The date as written.
        value: String,
    },
    /// A JSON Lines field of the wrong type; it is ignored.
    #[error("{origin}: \"{field}\" is not a {expected}; ignored")]
    FieldType {
        /// Where: `name:line`.
        origin: String,
        /// The field.
        field: &'static str,
        /// What it should have been.
        expected: &'static str,
    },
}

/// Why one input (or one line of it) could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum IngestError {
    /// The file or folder could not be read.
    #[error("{name}: {error}")]
    Io {
        /// The path, as given or as found in a folder.
        name: String,
        /// The operating system's reason.
        error: std::io::Error,
    },
    /// Binary data, or text in no encoding that decodes cleanly.
    #[error("{name}: not UTF-8 and not decodable")]
    NotDecodable {
        /// The input.
        name: String,
    },
    /// A JSON Lines line that is not JSON.
    #[error("{origin}: invalid JSON: {error}")]
    InvalidJson {
        /// `name:line`.
        origin: String,
        /// What the parser said.
        error: serde_json::Error,
    },
    /// A JSON Lines line that is JSON but not an object.
    #[error("{origin}: not a JSON object (each line holds one article)")]
    NotAnObject {
        /// `name:line`.
        origin: String,
    },
    /// A JSON Lines object without the article body.
    #[error("{origin}: missing \"text\" (a string with the article body)")]
    MissingText {
        /// `name:line`.
        origin: String,
    },
    /// An HTML page whose elements nest deeper than any real page does; reading it
    /// would take time that grows with the square of its depth.
    #[error("{name}: HTML nested {depth} elements deep (the limit is {limit}); not read")]
    TooDeep {
        /// The input.
        name: String,
        /// How deep it goes (at least).
        depth: usize,
        /// [`html::MAX_DEPTH`].
        limit: usize,
    },
    /// An input with no text once normalised.
    #[error("{origin}: empty article")]
    Empty {
        /// The input.
        origin: String,
    },
}

/// An article as a format reader found it, before defaults and hashing.
#[derive(Debug)]
pub(crate) struct Article {
    /// The normalised body.
    pub text: String,
    pub title: Option<String>,
    pub published: Option<Date>,
    pub source: Option<String>,
    pub url: Option<String>,
    pub external_id: Option<String>,
    pub origin: String,
}

impl Article {
    /// The document, with the defaults applied and the id computed; an error when
    /// there is no text.
    fn into_item(self, defaults: &Defaults) -> Item {
        if self.text.is_empty() {
            return Item::Error(IngestError::Empty {
                origin: self.origin,
            });
        }
        let tidy = |s: Option<String>| {
            s.map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
                .filter(|s| !s.is_empty())
        };
        Item::Doc(Document {
            id: doc_id(&self.text),
            title: tidy(self.title),
            published: self.published.or(defaults.published),
            source: tidy(self.source),
            url: self
                .url
                .map(|u| u.trim().to_string())
                .filter(|u| !u.is_empty()),
            external_id: self.external_id,
            origin: self.origin,
            text: self.text,
        })
    }
}

/// Reads a file, or a folder recursively.
///
/// In a folder, files ending `.txt`, `.jsonl`, `.html` or `.htm` (any case) are read
/// in sorted path order; other files, and names starting with `.`, are skipped. A
/// file named explicitly is read whatever its extension, as plain text when the
/// extension is not one of those. Files are named by their path as given (joined with
/// the names found in folders); a file's `external_id` is its file name.
///
/// A path that cannot be read yields an [`Item::Error`] naming it and the operating
/// system's reason.
pub fn read_path(path: &Path, defaults: &Defaults, sink: &mut dyn FnMut(Item)) {
    match std::fs::metadata(path) {
        Err(error) => sink(Item::Error(IngestError::Io {
            name: path.display().to_string(),
            error,
        })),
        Ok(meta) if meta.is_dir() => {
            let mut seen = HashSet::new();
            read_dir(path, defaults, &mut seen, sink);
        }
        Ok(_) => read_file(
            path,
            Format::from_path(path).unwrap_or(Format::Text),
            defaults,
            sink,
        ),
    }
}

/// Reads the known files under `dir`, in sorted order, depth first. `seen` holds the
/// folders already entered (canonical paths), so that links cannot make a cycle.
fn read_dir(
    dir: &Path,
    defaults: &Defaults,
    seen: &mut HashSet<PathBuf>,
    sink: &mut dyn FnMut(Item),
) {
    if let Ok(canonical) = std::fs::canonicalize(dir) {
        if !seen.insert(canonical) {
            return;
        }
    }
    let io_error = |error| {
        Item::Error(IngestError::Io {
            name: dir.display().to_string(),
            error,
        })
    };
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) => return sink(io_error(error)),
    };
    let mut names = Vec::new();
    for entry in entries {
        match entry {
            Ok(entry) => names.push(entry.file_name()),
            Err(error) => sink(io_error(error)),
        }
    }
    names.sort();
    for file_name in names {
        if file_name.to_string_lossy().starts_with('.') {
            continue;
        }
        let path = dir.join(&file_name);
        let format = Format::from_path(&path);
        match std::fs::metadata(&path) {
            Ok(meta) if meta.is_dir() => read_dir(&path, defaults, seen, sink),
            Ok(_) => {
                if let Some(format) = format {
                    read_file(&path, format, defaults, sink);
                }
            }
            // A broken link or an unreadable entry matters only when it would be read.
            Err(error) => {
                if format.is_some() {
                    sink(Item::Error(IngestError::Io {
                        name: path.display().to_string(),
                        error,
                    }));
                }
            }
        }
    }
}

/// Reads one file in a known format.
fn read_file(path: &Path, format: Format, defaults: &Defaults, sink: &mut dyn FnMut(Item)) {
    let name = path.display().to_string();
    match std::fs::read(path) {
        Ok(bytes) => {
            let external_id = path.file_name().map(|f| f.to_string_lossy().into_owned());
            read_bytes(&bytes, &name, external_id, format, defaults, sink);
        }
        Err(error) => sink(Item::Error(IngestError::Io { name, error })),
    }
}

/// Reads one input from a reader (standard input, a network stream, a test string).
///
/// `name` names the input in origins and messages (`-` for standard input). `format`
/// `None` guesses it from the content ([`Format::sniff`]). A `name` other than `-`
/// gives the document its file name as `external_id`.
pub fn read_reader<R: Read>(
    mut reader: R,
    name: &str,
    format: Option<Format>,
    defaults: &Defaults,
    sink: &mut dyn FnMut(Item),
) {
    let mut bytes = Vec::new();
    if let Err(error) = reader.read_to_end(&mut bytes) {
        sink(Item::Error(IngestError::Io {
            name: name.to_string(),
            error,
        }));
        return;
    }
    let format = format.unwrap_or_else(|| Format::sniff(&bytes));
    let external_id = (name != "-")
        .then(|| Path::new(name).file_name())
        .flatten()
        .map(|f| f.to_string_lossy().into_owned());
    read_bytes(&bytes, name, external_id, format, defaults, sink);
}

/// Decodes and reads one input's bytes.
fn read_bytes(
    bytes: &[u8],
    name: &str,
    external_id: Option<String>,
    format: Format,
    defaults: &Defaults,
    sink: &mut dyn FnMut(Item),
) {
    let Some(decoded) = decode::decode(bytes, format == Format::Html) else {
        sink(Item::Error(IngestError::NotDecodable {
            name: name.to_string(),
        }));
        return;
    };
    if let Some(encoding) = decoded.encoding {
        sink(Item::Warning(Warning::Decoded {
            name: name.to_string(),
            encoding: encoding.name(),
        }));
    }
    let text = normalize::unify_line_breaks(&decoded.text);
    match format {
        Format::Text => read_text(&text, name, external_id, defaults, sink),
        Format::JsonLines => jsonl::read(&text, name, defaults, sink),
        Format::Html => {
            let depth = html::nesting_depth(&text);
            if depth > html::MAX_DEPTH {
                sink(Item::Error(IngestError::TooDeep {
                    name: name.to_string(),
                    depth,
                    limit: html::MAX_DEPTH,
                }));
                return;
            }
            let page = html::read(&text);
            if let Some(value) = page.unreadable_date {
                sink(Item::Warning(Warning::BadDate {
                    origin: name.to_string(),
                    value,
                }));
            }
            let article = Article {
                text: page.text,
                title: page.title,
                published: page.published,
                source: page.source,
                url: page.url,
                external_id,
                origin: name.to_string(),
            };
            sink(article.into_item(defaults));
        }
    }
}

/// A plain text article with its optional header block.
fn read_text(
    text: &str,
    name: &str,
    external_id: Option<String>,
    defaults: &Defaults,
    sink: &mut dyn FnMut(Item),
) {
    let (header, body) = text::split_header(text);
    let published = header
        .published
        .and_then(|(value, line)| match parse_date(&value) {
            Ok(date) => Some(date),
            Err(_) => {
                sink(Item::Warning(Warning::BadDate {
                    origin: format!("{name}:{line}"),
                    value,
                }));
                None
            }
        });
    let article = Article {
        text: normalize_text(body),
        title: header.title,
        published,
        source: header.source,
        url: header.url,
        external_id,
        origin: name.to_string(),
    };
    sink(article.into_item(defaults));
}
