//! Reads articles from plain text, JSON Lines, HTML, RSS and Atom feeds, WARC web
//! archives and stdin into documents; decodes any encoding.
//!
//! Every input goes through the same steps: gzip is undone when the bytes start with
//! its magic number, the bytes are decoded to UTF-8 (byte order marks, UTF-8, a
//! declared or detected legacy encoding), the format is read (`.txt` with an optional
//! header block, `.jsonl` with one article per line, `.html` reduced to its main text,
//! `.rss`/`.atom` with one article per item, `.warc` with one article per archived
//! HTML page), and the article body is normalised once by [`normalize_text`]. A
//! [`Document`]'s id is the hash of that text ([`doc_id`]), so the same article read
//! from different files is the same document.
//!
//! JSON Lines and WARC files are read as streams, so memory stays flat however large
//! they are; the other formats are read whole, up to [`Limits::max_document_bytes`].
//! `docs/ingest.md` lists every input, field mapping, message and limit.
//!
//! Results are handed to a sink one [`Item`] at a time: documents, warnings, and
//! errors. An error concerns one input (a file, a line, a feed item, an archive
//! record) and never stops the others.
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
mod feed;
mod html;
mod jsonl;
mod normalize;
mod text;
mod warc;

use std::collections::HashSet;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use flate2::read::MultiGzDecoder;
use newsfuse_core::{Date, Document};

pub use date::{date_from_url, parse_date};
pub use normalize::{doc_id, normalize_text};

/// How much of an input is looked at to guess its format.
const HEAD_BYTES: usize = 4096;

/// How much an input that is read whole, or a line of JSON Lines, may hold.
///
/// ```
/// use newsfuse_ingest::Limits;
///
/// let small = Limits { max_line_bytes: 1024, ..Limits::default() };
/// assert_eq!(small.max_document_bytes, 64 << 20);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The longest line of a JSON Lines input, in bytes, without its line break
    /// (64 MiB). A longer line is an error naming it, skipped without being held in
    /// memory; the next line is read.
    pub max_line_bytes: usize,
    /// The largest input read whole (plain text, an HTML page, a feed) and the largest
    /// page in a WARC archive, in bytes after gzip is undone (64 MiB). A larger one is
    /// an error and is not read.
    pub max_document_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_line_bytes: 64 << 20,
            max_document_bytes: 64 << 20,
        }
    }
}

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
    /// `published`, `source`, `url`, `id`. Read line by line; must be UTF-8 (or
    /// carry a UTF-16 byte order mark).
    JsonLines,
    /// A JSON document (`.json`): one article object with the fields of
    /// [`Format::JsonLines`], or an array of them (named `FILE:item N`). Objects written
    /// one per line in a `.json` file are read as JSON Lines.
    Json,
    /// An HTML page, reduced to its main text.
    Html,
    /// An RSS (0.9x, 1.0, 2.0) or Atom feed: one article per item or entry, named
    /// `FILE:item N`.
    Feed,
    /// A WARC web archive: one article per archived HTML page (a 2xx `response`
    /// record), named `FILE:record N`. Read as a stream.
    Warc,
}

impl Format {
    /// The format of a file by its name: `.txt`, `.jsonl`, `.json`, `.html`, `.htm`,
    /// `.xhtml`, `.rss`, `.atom`, `.warc`, any case, also followed by `.gz` (`.warc.gz`,
    /// `.jsonl.gz`); `None` for other files. A `.xml` file is a feed only when its
    /// content looks like one ([`Format::looks_like_feed`]), so it is `None` here.
    pub fn from_path(path: &Path) -> Option<Format> {
        let name = path.file_name()?.to_str()?.to_ascii_lowercase();
        let name = name.strip_suffix(".gz").unwrap_or(&name);
        let (_, ext) = name.rsplit_once('.')?;
        match ext {
            "txt" => Some(Format::Text),
            "jsonl" => Some(Format::JsonLines),
            "json" => Some(Format::Json),
            "html" | "htm" | "xhtml" => Some(Format::Html),
            "rss" | "atom" => Some(Format::Feed),
            "warc" => Some(Format::Warc),
            _ => None,
        }
    }

    /// Guesses the format from the content: a WARC archive when it starts with a
    /// `WARC/` version line; a JSON document when the first character that is not white
    /// space is `[`, or `{` alone on its line; JSON Lines when it is `{` otherwise; a
    /// feed when it is `<` and [`Format::looks_like_feed`]; HTML when it is `<`
    /// otherwise; plain text otherwise. (Gzip is undone before this is asked.)
    pub fn sniff(bytes: &[u8]) -> Format {
        if bytes.starts_with(b"WARC/") {
            return Format::Warc;
        }
        // Byte order marks and the NUL halves of UTF-16 units are skipped with the
        // white space.
        let at = bytes.iter().position(|&b| {
            !(b.is_ascii_whitespace() || matches!(b, 0 | 0xef | 0xbb | 0xbf | 0xfe | 0xff))
        });
        let first = at.map(|i| bytes[i]);
        // "{" alone on its line opens a pretty-printed JSON document, not JSON Lines.
        let object_spans_lines = at.is_some_and(|i| {
            bytes[i + 1..]
                .iter()
                .take_while(|&&b| b != b'\n')
                .all(|b| b.is_ascii_whitespace() || *b == 0)
        });
        match first {
            Some(b'[') => Format::Json,
            Some(b'{') if object_spans_lines => Format::Json,
            Some(b'{') => Format::JsonLines,
            Some(b'<') if Format::looks_like_feed(bytes) => Format::Feed,
            Some(b'<') => Format::Html,
            _ => Format::Text,
        }
    }

    /// Whether the start of an input is an RSS or Atom document: its root element
    /// (`<rss`, `<feed`, `<rdf:RDF`, also with a namespace prefix such as
    /// `<atom:feed`) begins within the first 4 KiB, after an optional byte order mark,
    /// XML declaration, processing instructions (`<?xml-stylesheet …?>`), comments and
    /// a document type declaration. An HTML page is not a feed.
    pub fn looks_like_feed(bytes: &[u8]) -> bool {
        let head = &bytes[..bytes.len().min(HEAD_BYTES)];
        let text = match encoding_rs::Encoding::for_bom(head) {
            Some((encoding, bom)) => encoding.decode_without_bom_handling(&head[bom..]).0,
            None => String::from_utf8_lossy(head),
        };
        let mut rest = text.as_ref();
        loop {
            rest = rest.trim_start();
            let end = if rest.starts_with("<?") {
                rest.find("?>").map(|e| e + 2)
            } else if rest.starts_with("<!--") {
                rest.find("-->").map(|e| e + 3)
            } else if rest.starts_with("<!") {
                rest.find('>').map(|e| e + 1)
            } else {
                break;
            };
            match end {
                Some(end) => rest = &rest[end..],
                None => return false,
            }
        }
        let Some(tag) = rest.strip_prefix('<') else {
            return false;
        };
        let name_end = tag
            .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
            .unwrap_or(tag.len());
        let name = &tag[..name_end];
        let local = name.rsplit_once(':').map_or(name, |(_, local)| local);
        name_end < tag.len() && matches!(local, "rss" | "feed" | "RDF")
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
    /// A feed without items or entries.
    #[error("{name}: the feed has no items")]
    EmptyFeed {
        /// The input.
        name: String,
    },
    /// A WARC archive read to its end without finding an HTML page (a 2xx `text/html`
    /// response).
    #[error("{name}: no HTML page among its {records} records")]
    NoPages {
        /// The input.
        name: String,
        /// How many records it holds.
        records: usize,
    },
}

/// Why one input (or one line of it) could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum IngestError {
    /// A glob pattern that cannot be parsed or that matches nothing.
    #[error("{pattern}: {reason}")]
    BadPattern {
        /// The pattern as given.
        pattern: String,
        /// Why nothing was read.
        reason: String,
    },
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
    /// A JSON document, or an item of its array, that is not an article object.
    #[error(
        "{origin}: not a JSON object (a .json file holds one article object or an array of them)"
    )]
    NotAnArticleObject {
        /// `name` or `name:item N`.
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
    /// An input named or sniffed as a feed that feed-rs cannot read (not XML, or XML
    /// that is not RSS or Atom).
    #[error("{name}: not a feed: {reason}")]
    NotAFeed {
        /// The input.
        name: String,
        /// What the parser said.
        reason: String,
    },
    /// A feed item or entry whose content, summary and description hold no text.
    #[error("{origin}: item has no text (no content, summary or description)")]
    NoItemText {
        /// `name:item N`.
        origin: String,
    },
    /// A WARC record that cannot be read: truncated, corrupt, not a record, or a page
    /// in an encoding that cannot be undone. When the record's end cannot be found,
    /// the archive is read no further (the reason says so).
    #[error("{origin}: {reason}")]
    BadRecord {
        /// `name:record N`.
        origin: String,
        /// What is wrong.
        reason: String,
    },
    /// A JSON Lines line longer than [`Limits::max_line_bytes`]; it is skipped.
    #[error("{origin}: line longer than {limit} bytes; skipped")]
    LineTooLong {
        /// `name:line`.
        origin: String,
        /// The limit.
        limit: usize,
    },
    /// A JSON Lines line that is not UTF-8.
    #[error("{origin}: not UTF-8 (JSON Lines must be UTF-8)")]
    NotUtf8Line {
        /// `name:line`.
        origin: String,
    },
    /// An input read whole (or a page in a WARC archive) larger than
    /// [`Limits::max_document_bytes`].
    #[error("{name}: larger than {limit} bytes; not read")]
    TooLarge {
        /// The input, or `name:record N`.
        name: String,
        /// The limit.
        limit: usize,
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

/// Reads a file, or a folder recursively, with the default [`Limits`].
///
/// In a folder, files ending `.txt`, `.jsonl`, `.json`, `.html`, `.htm`, `.xhtml`, `.rss`,
/// `.atom` or `.warc` (any case, also followed by `.gz`) are read in sorted path order,
/// and `.xml` files when they look like a feed ([`Format::looks_like_feed`]); other
/// files, and names starting with `.`, are skipped. A file named explicitly is read
/// whatever its extension: `.xml` by its content ([`Format::sniff`]), other unknown
/// extensions as plain text. Files are named by their path as given (joined with the
/// names found in folders); a file's `external_id` is its file name (a feed item's is
/// its guid, an archived page's its WARC-Record-ID). Gzip is undone whatever the name.
///
/// A path that cannot be read yields an [`Item::Error`] naming it and the operating
/// system's reason.
pub fn read_path(path: &Path, defaults: &Defaults, sink: &mut dyn FnMut(Item)) {
    read_path_with(path, defaults, &Limits::default(), sink);
}

/// [`read_path`] with other [`Limits`].
pub fn read_path_with(
    path: &Path,
    defaults: &Defaults,
    limits: &Limits,
    sink: &mut dyn FnMut(Item),
) {
    match std::fs::metadata(path) {
        Err(_) if is_pattern(path) => read_pattern(path, defaults, limits, sink),
        Err(error) => sink(Item::Error(IngestError::Io {
            name: path.display().to_string(),
            error,
        })),
        Ok(meta) if meta.is_dir() => {
            let mut seen = HashSet::new();
            read_dir(path, defaults, limits, &mut seen, sink);
        }
        Ok(_) => {
            let want = match Format::from_path(path) {
                Some(format) => Want::Format(format),
                None if is_xml(path) => Want::Sniff,
                None => Want::Format(Format::Text),
            };
            read_file(path, want, defaults, limits, sink);
        }
    }
}

/// Whether a path that does not exist is a glob pattern: it holds `*`, `?` or `[`.
fn is_pattern(path: &Path) -> bool {
    path.to_str().is_some_and(|p| p.contains(['*', '?', '[']))
}

/// Reads every path a glob pattern matches (`*`, `?`, `[a-z]`, and `**` for any depth
/// of folders), in sorted order, each as if named explicitly: a folder is read
/// recursively, a file whatever its extension. A pattern that cannot be parsed, or
/// that matches nothing, is one error naming it.
fn read_pattern(path: &Path, defaults: &Defaults, limits: &Limits, sink: &mut dyn FnMut(Item)) {
    let pattern = path.display().to_string();
    let options = glob::MatchOptions {
        case_sensitive: true,
        require_literal_separator: true,
        require_literal_leading_dot: true,
    };
    let paths = match glob::glob_with(&pattern, options) {
        Ok(paths) => paths,
        Err(error) => {
            sink(Item::Error(IngestError::BadPattern {
                pattern,
                reason: error.to_string(),
            }));
            return;
        }
    };
    let mut matched: Vec<PathBuf> = Vec::new();
    for entry in paths {
        match entry {
            Ok(found) => matched.push(found),
            Err(error) => sink(Item::Error(IngestError::Io {
                name: error.path().display().to_string(),
                error: io::Error::new(error.error().kind(), error.error().to_string()),
            })),
        }
    }
    if matched.is_empty() {
        sink(Item::Error(IngestError::BadPattern {
            pattern,
            reason: "no file matches".to_string(),
        }));
        return;
    }
    matched.sort();
    for found in matched {
        read_path_with(&found, defaults, limits, sink);
    }
}

/// How an input's format is decided.
#[derive(Debug, Clone, Copy)]
enum Want {
    /// Given.
    Format(Format),
    /// From the content ([`Format::sniff`]).
    Sniff,
    /// A feed when the content looks like one; otherwise the input is skipped.
    FeedOrSkip,
}

/// Whether the file name ends `.xml` or `.xml.gz`.
fn is_xml(path: &Path) -> bool {
    path.file_name()
        .and_then(|f| f.to_str())
        .map(str::to_ascii_lowercase)
        .is_some_and(|f| f.ends_with(".xml") || f.ends_with(".xml.gz"))
}

/// Reads the known files under `dir`, in sorted order, depth first. `seen` holds the
/// folders already entered (canonical paths), so that links cannot make a cycle.
fn read_dir(
    dir: &Path,
    defaults: &Defaults,
    limits: &Limits,
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
        let want = match Format::from_path(&path) {
            Some(format) => Some(Want::Format(format)),
            None if is_xml(&path) => Some(Want::FeedOrSkip),
            None => None,
        };
        match std::fs::metadata(&path) {
            Ok(meta) if meta.is_dir() => read_dir(&path, defaults, limits, seen, sink),
            Ok(_) => {
                if let Some(want) = want {
                    read_file(&path, want, defaults, limits, sink);
                }
            }
            // A broken link or an unreadable entry matters only when it would be read.
            Err(error) => {
                if want.is_some() {
                    sink(Item::Error(IngestError::Io {
                        name: path.display().to_string(),
                        error,
                    }));
                }
            }
        }
    }
}

/// Reads one file.
fn read_file(
    path: &Path,
    want: Want,
    defaults: &Defaults,
    limits: &Limits,
    sink: &mut dyn FnMut(Item),
) {
    let name = path.display().to_string();
    match std::fs::File::open(path) {
        Ok(file) => {
            let external_id = path.file_name().map(|f| f.to_string_lossy().into_owned());
            read_input(file, &name, external_id, want, defaults, limits, sink);
        }
        Err(error) => sink(Item::Error(IngestError::Io { name, error })),
    }
}

/// Reads one input from a reader (standard input, a network stream, a test string),
/// with the default [`Limits`].
///
/// `name` names the input in origins and messages (`-` for standard input). `format`
/// `None` guesses it from the content ([`Format::sniff`]). A `name` other than `-`
/// gives the document its file name as `external_id`. Gzip is undone when the input
/// starts with its magic number. JSON Lines and WARC input is read as it arrives.
pub fn read_reader<R: Read>(
    reader: R,
    name: &str,
    format: Option<Format>,
    defaults: &Defaults,
    sink: &mut dyn FnMut(Item),
) {
    read_reader_with(reader, name, format, defaults, &Limits::default(), sink);
}

/// [`read_reader`] with other [`Limits`].
pub fn read_reader_with<R: Read>(
    reader: R,
    name: &str,
    format: Option<Format>,
    defaults: &Defaults,
    limits: &Limits,
    sink: &mut dyn FnMut(Item),
) {
    let want = format.map_or(Want::Sniff, Want::Format);
    let external_id = (name != "-")
        .then(|| Path::new(name).file_name())
        .flatten()
        .map(|f| f.to_string_lossy().into_owned());
    read_input(reader, name, external_id, want, defaults, limits, sink);
}

/// Reads one input: gzip undone, the format decided, then streamed (JSON Lines, WARC)
/// or read whole (the others).
fn read_input<R: Read>(
    reader: R,
    name: &str,
    external_id: Option<String>,
    want: Want,
    defaults: &Defaults,
    limits: &Limits,
    sink: &mut dyn FnMut(Item),
) {
    let io_error = |error| {
        Item::Error(IngestError::Io {
            name: name.to_string(),
            error,
        })
    };
    let (head, mut reader) = match open(reader) {
        Ok(opened) => opened,
        Err(error) => return sink(io_error(error)),
    };
    let format = match want {
        Want::Format(format) => format,
        Want::Sniff => Format::sniff(&head),
        Want::FeedOrSkip if Format::looks_like_feed(&head) => Format::Feed,
        Want::FeedOrSkip => return,
    };
    let utf16 = head.starts_with(&[0xff, 0xfe]) || head.starts_with(&[0xfe, 0xff]);
    match format {
        Format::JsonLines if !utf16 => {
            if head.contains(&0) {
                return sink(Item::Error(IngestError::NotDecodable {
                    name: name.to_string(),
                }));
            }
            jsonl::read_stream(reader, name, defaults, limits.max_line_bytes, sink);
        }
        Format::Warc => warc::read(&mut reader, name, defaults, limits, sink),
        _ => {
            let max = limits.max_document_bytes;
            let mut bytes = Vec::new();
            let cap = u64::try_from(max).unwrap_or(u64::MAX).saturating_add(1);
            if let Err(error) = reader.take(cap).read_to_end(&mut bytes) {
                return sink(io_error(error));
            }
            if bytes.len() > max {
                return sink(Item::Error(IngestError::TooLarge {
                    name: name.to_string(),
                    limit: max,
                }));
            }
            read_bytes(&bytes, name, external_id, format, defaults, sink);
        }
    }
}

/// The first [`HEAD_BYTES`] of an input (gzip undone when it starts with its magic
/// number) and a reader over the whole input. A read error after the gzip header
/// comes back from the reader where it happened, so that the format's reader can
/// name the line or record it broke.
fn open<'a, R: Read + 'a>(reader: R) -> io::Result<(Vec<u8>, Box<dyn BufRead + 'a>)> {
    let (magic, mut reader) = peek(reader, 2);
    if let Some(error) = reader.error.take() {
        return Err(error);
    }
    if magic == [0x1f, 0x8b] {
        let (head, reader) = peek(MultiGzDecoder::new(reader), HEAD_BYTES);
        Ok((head, Box::new(BufReader::with_capacity(1 << 16, reader))))
    } else {
        let (head, reader) = peek(reader, HEAD_BYTES);
        Ok((head, Box::new(BufReader::with_capacity(1 << 16, reader))))
    }
}

/// A peeked reader: the bytes peeked, then the rest.
type Peeked<R> = Deferred<io::Chain<io::Cursor<Vec<u8>>, R>>;

/// Up to `n` bytes from the start of `reader`, and a reader that gives them again
/// followed by the rest (and then the error that stopped the peek short, if one did).
fn peek<R: Read>(mut reader: R, n: usize) -> (Vec<u8>, Peeked<R>) {
    let mut head = Vec::with_capacity(n);
    let error = (&mut reader).take(n as u64).read_to_end(&mut head).err();
    let again = io::Cursor::new(head.clone()).chain(reader);
    (
        head,
        Deferred {
            error,
            reader: again,
        },
    )
}

/// A reader that gives an error met earlier (while peeking) before reading on.
struct Deferred<R> {
    error: Option<io::Error>,
    reader: R,
}

impl<R: Read> Read for Deferred<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        // The peeked bytes come first; the error when they are used up.
        let n = self.reader.read(buf)?;
        if n == 0 {
            if let Some(error) = self.error.take() {
                return Err(error);
            }
        }
        Ok(n)
    }
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
    if format == Format::Warc {
        return warc::read(&mut &bytes[..], name, defaults, &Limits::default(), sink);
    }
    let declared = match format {
        Format::Feed => decode::xml_encoding(bytes),
        _ => None,
    };
    let Some(decoded) = decode::decode(bytes, declared, format == Format::Html) else {
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
        Format::Json => jsonl::read_document(&text, name, defaults, sink),
        Format::Feed => feed::read(&text, name, defaults, sink),
        Format::Html | Format::Warc => {
            if let Some(article) = page_article(&text, name.to_string(), external_id, sink) {
                sink(article.into_item(defaults));
            }
        }
    }
}

/// A decoded HTML page (line breaks already LF) as an article; `None` after an error
/// when it nests too deep to read.
pub(crate) fn page_article(
    text: &str,
    origin: String,
    external_id: Option<String>,
    sink: &mut dyn FnMut(Item),
) -> Option<Article> {
    let depth = html::nesting_depth(text);
    if depth > html::MAX_DEPTH {
        sink(Item::Error(IngestError::TooDeep {
            name: origin,
            depth,
            limit: html::MAX_DEPTH,
        }));
        return None;
    }
    let page = html::read(text);
    if let Some(value) = page.unreadable_date {
        sink(Item::Warning(Warning::BadDate {
            origin: origin.clone(),
            value,
        }));
    }
    Some(Article {
        text: page.text,
        title: page.title,
        published: page.published,
        source: page.source,
        url: page.url,
        external_id,
        origin,
    })
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
