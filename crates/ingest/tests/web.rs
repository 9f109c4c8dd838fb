//! Reading the web's formats: RSS and Atom feeds, WARC archives (plain and gzip per
//! record, whole and cut short), big JSON Lines read as streams, and folders that mix
//! good and bad files. Every feed, page and archive here is written for these tests.

use std::fs;
use std::io::Write;
use std::path::Path;

use flate2::write::GzEncoder;
use flate2::Compression;
use newsfuse_core::{Date, Document};
use newsfuse_ingest::{
    date_from_url, read_path, read_path_with, read_reader, read_reader_with, Defaults, Format,
    Item, Limits,
};
use proptest::prelude::*;

/// What one read produced, in order, with warnings and errors as their messages.
#[derive(Debug, Default)]
struct Out {
    docs: Vec<Document>,
    errors: Vec<String>,
    /// `doc <origin>`, `warning <message>`, `error <message>` in the order given.
    order: Vec<String>,
}

impl Out {
    fn push(&mut self, item: Item) {
        match item {
            Item::Doc(doc) => {
                self.order.push(format!("doc {}", doc.origin));
                self.docs.push(doc);
            }
            Item::Warning(w) => self.order.push(format!("warning {w}")),
            Item::Error(e) => {
                self.order.push(format!("error {e}"));
                self.errors.push(e.to_string());
            }
        }
    }
}

fn read(path: &Path, defaults: &Defaults) -> Out {
    let mut out = Out::default();
    read_path(path, defaults, &mut |item| out.push(item));
    out
}

fn read_bytes(bytes: &[u8], name: &str, format: Option<Format>, defaults: &Defaults) -> Out {
    let mut out = Out::default();
    read_reader(bytes, name, format, defaults, &mut |item| out.push(item));
    out
}

fn date(y: i32, m: u32, d: u32) -> Date {
    Date::new(y, m, d).expect("a calendar day")
}

fn no_defaults() -> Defaults {
    Defaults::default()
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(bytes).expect("in memory");
    encoder.finish().expect("in memory")
}

// ---------------------------------------------------------------------------------
// Feeds

/// An RSS 2.0 feed: full content, a description only, and an item with no text.
const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<!-- A feed written for the tests. -->
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
  <channel>
    <title>Lakeside  Courier</title>
    <link>https://courier.example/</link>
    <description>Fictional news from a fictional valley</description>
    <item>
      <title>Bridge closed after flood in Tarnow Vale</title>
      <link>https://courier.example/2031/04/02/bridge-closed</link>
      <guid isPermaLink="false">courier-101</guid>
      <pubDate>Wed, 02 Apr 2031 22:30:00 -0500</pubDate>
      <description>A short teaser that the full text replaces.</description>
      <content:encoded><![CDATA[<p>The old bridge in <b>Tarnow Vale</b> was closed on Wednesday after floodwater damaged its supports, officials said.</p>
<script>track();</script><p>Two families were moved &amp; housed at the school.<br>Roads stay open.</p>]]></content:encoded>
    </item>
    <item>
      <title>Market fire contained</title>
      <link>https://courier.example/news/market-fire</link>
      <guid>https://courier.example/news/market-fire</guid>
      <description>Firefighters contained a blaze at the east market in Drellin on Thursday &amp;mdash; no one was hurt.</description>
    </item>
    <item>
      <title>Photo of the day</title>
      <guid>courier-103</guid>
      <description><![CDATA[<img src="lake.jpg">]]></description>
    </item>
  </channel>
</rss>
"#;

#[test]
fn rss_items_are_articles() {
    let defaults = Defaults {
        published: Some(date(2031, 1, 1)),
    };
    let out = read_bytes(RSS.as_bytes(), "feeds/courier.rss", None, &defaults);
    assert_eq!(
        out.order,
        [
            "doc feeds/courier.rss:item 1",
            "doc feeds/courier.rss:item 2",
            "error feeds/courier.rss:item 3: item has no text (no content, summary or description)",
        ]
    );
    let first = &out.docs[0];
    assert_eq!(
        first.text,
        "The old bridge in Tarnow Vale was closed on Wednesday after floodwater damaged its supports, officials said.\n\n\
         Two families were moved & housed at the school.\nRoads stay open."
    );
    assert_eq!(first.id, newsfuse_ingest::doc_id(&first.text));
    assert_eq!(
        first.title.as_deref(),
        Some("Bridge closed after flood in Tarnow Vale")
    );
    assert_eq!(
        first.url.as_deref(),
        Some("https://courier.example/2031/04/02/bridge-closed")
    );
    // The day as written (in UTC it is already 3 April).
    assert_eq!(first.published, Some(date(2031, 4, 2)));
    assert_eq!(first.source.as_deref(), Some("Lakeside Courier"));
    assert_eq!(first.external_id.as_deref(), Some("courier-101"));

    let second = &out.docs[1];
    assert_eq!(
        second.text,
        "Firefighters contained a blaze at the east market in Drellin on Thursday \u{2014} no one was hurt."
    );
    assert_eq!(second.published, Some(date(2031, 1, 1)), "the default");
    assert_eq!(
        second.external_id.as_deref(),
        Some("https://courier.example/news/market-fire")
    );
    assert_eq!(second.source.as_deref(), Some("Lakeside Courier"));
}

/// An Atom feed: HTML content with an HTML title, and plain text content with a date
/// that cannot be read (the link's date is used).
const ATOM: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title type="text">Drellin Dispatch</title>
  <id>urn:example:dispatch</id>
  <updated>2031-05-03T00:00:00Z</updated>
  <entry>
    <title type="html">Curfew lifted in &lt;i&gt;Drellin&lt;/i&gt;</title>
    <id>urn:example:dispatch:1</id>
    <link rel="replies" href="https://dispatch.example/comments/1"/>
    <link rel="alternate" type="text/html" href="https://dispatch.example/curfew-lifted"/>
    <published>2031-05-01T08:00:00+03:00</published>
    <updated>2031-05-02T08:00:00Z</updated>
    <summary>Teaser only.</summary>
    <content type="html">&lt;p&gt;The night curfew in Drellin ended on Thursday, the council said.&lt;/p&gt;&lt;ul&gt;&lt;li&gt;Shops reopen&lt;/li&gt;&lt;li&gt;Buses run late&lt;/li&gt;&lt;/ul&gt;</content>
  </entry>
  <entry>
    <title>Ferry service resumes</title>
    <id>urn:example:dispatch:2</id>
    <link href="https://dispatch.example/2031/05/03/ferry"/>
    <published>early May</published>
    <content type="text">The ferry between Drellin and Oster Point resumed on Saturday.

Tickets are sold at the pier.</content>
  </entry>
</feed>
"#;

#[test]
fn atom_entries_are_articles() {
    let out = read_bytes(
        ATOM.as_bytes(),
        "dispatch.atom",
        Some(Format::Feed),
        &no_defaults(),
    );
    assert_eq!(
        out.order,
        [
            "doc dispatch.atom:item 1",
            "warning dispatch.atom:item 2: unreadable publication date 'early May'; ignored",
            "doc dispatch.atom:item 2",
        ]
    );
    let first = &out.docs[0];
    assert_eq!(
        first.text,
        "The night curfew in Drellin ended on Thursday, the council said.\n\nShops reopen\nBuses run late"
    );
    assert_eq!(first.title.as_deref(), Some("Curfew lifted in Drellin"));
    assert_eq!(
        first.url.as_deref(),
        Some("https://dispatch.example/curfew-lifted")
    );
    assert_eq!(first.published, Some(date(2031, 5, 1)));
    assert_eq!(first.external_id.as_deref(), Some("urn:example:dispatch:1"));
    assert_eq!(first.source.as_deref(), Some("Drellin Dispatch"));

    let second = &out.docs[1];
    assert_eq!(
        second.text,
        "The ferry between Drellin and Oster Point resumed on Saturday.\n\nTickets are sold at the pier."
    );
    assert_eq!(second.published, Some(date(2031, 5, 3)), "from the link");
    assert_eq!(second.title.as_deref(), Some("Ferry service resumes"));
}

#[test]
fn a_feed_in_a_legacy_encoding_is_decoded_by_its_declaration() {
    let mut feed = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<rss version=\"2.0\"><channel><title>Caf\xe9 Wire</title>".to_vec();
    feed.extend_from_slice(b"<item><title>Caf\xe9 reopens</title><description>The caf\xe9 on the square reopened after the flood.</description></item></channel></rss>");
    let out = read_bytes(&feed, "wire.rss", None, &no_defaults());
    assert_eq!(
        out.order,
        [
            "warning wire.rss: decoded as windows-1252",
            "doc wire.rss:item 1"
        ]
    );
    assert_eq!(
        out.docs[0].text,
        "The café on the square reopened after the flood."
    );
    assert_eq!(out.docs[0].source.as_deref(), Some("Café Wire"));
    assert_eq!(out.docs[0].external_id, None, "no guid, no made-up id");
}

#[test]
fn a_feed_that_is_not_a_feed_is_one_error() {
    for (bytes, reason) in [
        (
            &b"<html><body><p>A page, not a feed.</p></body></html>"[..],
            "unable to parse feed: no root element",
        ),
        (
            &b"just some words"[..],
            "unable to parse feed: no root element",
        ),
    ] {
        let out = read_bytes(bytes, "news.rss", Some(Format::Feed), &no_defaults());
        assert_eq!(
            out.order,
            [format!("error news.rss: not a feed: {reason}")],
            "{bytes:?}"
        );
    }
    let out = read_bytes(
        b"<rss version=\"2.0\"><channel><title>Cut",
        "cut.rss",
        Some(Format::Feed),
        &no_defaults(),
    );
    assert_eq!(out.errors.len(), 1, "{:?}", out.order);
    assert!(
        out.errors[0].starts_with("cut.rss: not a feed: "),
        "{}",
        out.errors[0]
    );
    let out = read_bytes(
        b"<rss version=\"2.0\"><channel><title>Quiet</title></channel></rss>",
        "quiet.rss",
        None,
        &no_defaults(),
    );
    assert_eq!(out.order, ["warning quiet.rss: the feed has no items"]);
}

#[test]
fn sniffing_tells_feeds_from_pages() {
    assert_eq!(Format::sniff(RSS.as_bytes()), Format::Feed);
    assert_eq!(Format::sniff(ATOM.as_bytes()), Format::Feed);
    assert_eq!(
        Format::sniff(b"\xef\xbb\xbf<?xml version='1.0'?>\n<?xml-stylesheet href='a.xsl'?>\n<!-- c --><!DOCTYPE rss>\n<rdf:RDF xmlns:rdf='x'>"),
        Format::Feed
    );
    assert_eq!(Format::sniff(b"<atom:feed xmlns:atom='x'>"), Format::Feed);
    for page in [
        &b"<!DOCTYPE html><html><head><title>Feed the birds</title></head></html>"[..],
        b"<?xml version=\"1.0\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\"><body><p>x</p></body></html>",
        b"<p>A fragment about an <rss> feed</p>",
        b"<feedback>not a feed</feedback>",
        b"<html><body><feed>",
    ] {
        assert_eq!(Format::sniff(page), Format::Html, "{}", String::from_utf8_lossy(page));
    }
    // A root element that starts past the first 4 KiB is not looked for.
    let late = format!("<!-- {} --><rss version=\"2.0\">", "x".repeat(5000));
    assert_eq!(Format::sniff(late.as_bytes()), Format::Html);
    assert_eq!(Format::sniff(b"WARC/1.1\r\n"), Format::Warc);
    assert_eq!(Format::sniff(b"{\"text\": \"x\"}"), Format::JsonLines);
    // An array, or "{" alone on its line (a pretty-printed object): one JSON document.
    assert_eq!(Format::sniff(b" [{\"text\": \"x\"}]"), Format::Json);
    assert_eq!(Format::sniff(b"{\n  \"text\": \"x\"\n}\n"), Format::Json);
    assert_eq!(
        Format::sniff(b"{  \r\n  \"text\": \"x\"\r\n}"),
        Format::Json
    );
    assert_eq!(Format::sniff(b"Plain words."), Format::Text);
    for (name, format) in [
        ("a.rss", Some(Format::Feed)),
        ("a.ATOM", Some(Format::Feed)),
        ("a.warc", Some(Format::Warc)),
        ("a.warc.gz", Some(Format::Warc)),
        ("a.jsonl.gz", Some(Format::JsonLines)),
        ("a.XHTML", Some(Format::Html)),
        ("a.xml", None),
        ("a.gz", None),
        ("warc", None),
    ] {
        assert_eq!(Format::from_path(Path::new(name)), format, "{name}");
    }
}

// ---------------------------------------------------------------------------------
// WARC

/// One WARC record around `block`.
fn record(kind: &str, uri: &str, id: u32, block: &[u8]) -> Vec<u8> {
    let content_type = match kind {
        "warcinfo" => "application/warc-fields".to_string(),
        _ => format!("application/http; msgtype={kind}"),
    };
    let mut out = format!(
        "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2031-06-20T12:00:00Z\r\n\
         WARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-{id:012}>\r\nContent-Type: {content_type}\r\n\
         Content-Length: {}\r\n\r\n",
        block.len()
    )
    .into_bytes();
    out.extend_from_slice(block);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

/// An HTTP response.
fn http(status: &str, headers: &[&str], body: &[u8]) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {status}\r\n").into_bytes();
    for h in headers {
        out.extend_from_slice(h.as_bytes());
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b"\r\n");
    out.extend_from_slice(body);
    out
}

/// A body in the chunked transfer encoding, in chunks of `size`.
fn chunked(body: &[u8], size: usize) -> Vec<u8> {
    let mut out = Vec::new();
    for chunk in body.chunks(size) {
        out.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        out.extend_from_slice(chunk);
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b"0\r\n\r\n");
    out
}

const PAGE_ONE: &str = "<html><head><title>Ferry strike ends | Lakeside Courier</title>\
    <meta property=\"og:site_name\" content=\"Lakeside Courier\">\
    <meta property=\"article:published_time\" content=\"2031-05-30T09:00:00+02:00\"></head>\
    <body><nav><a href=\"/\">Home</a></nav><article><h1>Ferry strike ends</h1>\
    <p>Ferry crews in Oster Point returned to work on Friday after a four-day strike, the union said.</p>\
    <p>Services will run to the normal timetable from Saturday.</p></article></body></html>";

/// Page two, in windows-1252 (declared only by the HTTP header), without a date.
fn page_two() -> Vec<u8> {
    let mut page = b"<html><head><title>Harbour closed</title>\
        <link rel=\"canonical\" href=\"https://courier.example/2031/05/28/harbour-closed\"></head><body><article>"
        .to_vec();
    page.extend_from_slice(b"<p>The harbour caf\xe9 and the quay were closed on Wednesday \x96 storm waves broke the sea wall, the port authority said.</p>");
    page.extend_from_slice(
        b"<p>Repairs are expected to take two weeks.</p></article></body></html>",
    );
    page
}

const PAGE_THREE: &str = "<html><head><title>About the flood</title></head><body>\
    <p>Water reached the first floor of the town hall in Tarnow Vale, the mayor said on Monday.</p></body></html>";

/// The records of the test archive, one `Vec` each.
fn warc_records() -> Vec<Vec<u8>> {
    let two = http(
        "200 OK",
        &[
            "Content-Type: text/html; charset=windows-1252",
            "Transfer-Encoding: chunked",
            "Content-Encoding: gzip",
        ],
        &chunked(&gzip(&page_two()), 40),
    );
    vec![
        record(
            "warcinfo",
            "",
            1,
            b"software: written by hand\r\nformat: WARC File Format 1.1\r\n",
        ),
        record(
            "request",
            "https://courier.example/news/ferry-strike",
            2,
            b"GET /news/ferry-strike HTTP/1.1\r\nHost: courier.example\r\n\r\n",
        ),
        record(
            "response",
            "https://courier.example/news/ferry-strike",
            3,
            &http(
                "200 OK",
                &["Content-Type: text/html; charset=utf-8"],
                PAGE_ONE.as_bytes(),
            ),
        ),
        record(
            "response",
            "https://courier.example/img/ferry.jpg",
            4,
            &http(
                "200 OK",
                &["Content-Type: image/jpeg"],
                &[0xff, 0xd8, 0xff, 0xe0, 0, 0x10, b'J', b'F', b'I', b'F', 0],
            ),
        ),
        record(
            "response",
            "<https://courier.example/harbour?id=7>",
            5,
            &two,
        ),
        record(
            "response",
            "https://courier.example/2031/01/01/missing",
            6,
            &http(
                "404 Not Found",
                &["Content-Type: text/html"],
                b"<p>Not found</p>",
            ),
        ),
        record(
            "response",
            "https://courier.example/about-the-flood",
            7,
            &http(
                "200 OK",
                &["Content-Type: text/html"],
                PAGE_THREE.as_bytes(),
            ),
        ),
    ]
}

/// What the test archive reads as, named `name`.
fn assert_archive(out: &Out, name: &str) {
    assert_eq!(
        out.order,
        [
            format!("doc {name}:record 3"),
            format!("warning {name}:record 5: decoded as windows-1252"),
            format!("doc {name}:record 5"),
            format!("doc {name}:record 7"),
        ]
    );
    let one = &out.docs[0];
    assert_eq!(one.title.as_deref(), Some("Ferry strike ends"));
    assert_eq!(
        one.text,
        "Ferry crews in Oster Point returned to work on Friday after a four-day strike, the union said.\n\n\
         Services will run to the normal timetable from Saturday."
    );
    assert_eq!(one.source.as_deref(), Some("Lakeside Courier"));
    assert_eq!(
        one.published,
        Some(date(2031, 5, 30)),
        "the page's own date"
    );
    assert_eq!(
        one.url.as_deref(),
        Some("https://courier.example/news/ferry-strike"),
        "no canonical link: the target URI"
    );
    assert_eq!(
        one.external_id.as_deref(),
        Some("urn:uuid:00000000-0000-4000-8000-000000000003")
    );

    let two = &out.docs[1];
    assert!(
        two.text.starts_with(
            "The harbour café and the quay were closed on Wednesday – storm waves broke"
        ),
        "{}",
        two.text
    );
    assert!(two.text.ends_with("take two weeks."), "{}", two.text);
    assert_eq!(
        two.url.as_deref(),
        Some("https://courier.example/2031/05/28/harbour-closed"),
        "the canonical link"
    );
    assert_eq!(
        two.published,
        Some(date(2031, 5, 28)),
        "from the canonical URL"
    );

    let three = &out.docs[2];
    assert_eq!(
        three.published, None,
        "WARC-Date is the crawl, not the publication"
    );
    assert_eq!(
        three.url.as_deref(),
        Some("https://courier.example/about-the-flood")
    );
}

#[test]
fn warc_pages_are_articles() {
    let warc = warc_records().concat();
    let out = read_bytes(&warc, "crawl.warc", Some(Format::Warc), &no_defaults());
    assert_archive(&out, "crawl.warc");
    // Sniffed from a stream too.
    let out = read_bytes(&warc, "-", None, &no_defaults());
    assert_archive(&out, "-");
}

#[test]
fn warc_gzip_per_record() {
    let gz: Vec<u8> = warc_records().iter().flat_map(|r| gzip(r)).collect();
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("crawl.warc.gz");
    fs::write(&path, &gz).expect("write");
    let out = read(&path, &no_defaults());
    assert_archive(&out, &path.display().to_string());
    // From a stream, sniffed under the gzip.
    let out = read_bytes(&gz, "-", None, &no_defaults());
    assert_archive(&out, "-");
}

#[test]
fn truncated_warc_keeps_the_records_before_the_cut() {
    let records = warc_records();
    let before: usize = records[..4].iter().map(Vec::len).sum();
    let warc = records.concat();
    // Cut inside record 5's block.
    let header = records[4]
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("header end")
        + 4;
    let block = records[4].len() - header - 4;
    let into = block / 2;
    let out = read_bytes(
        &warc[..before + header + into],
        "cut.warc",
        Some(Format::Warc),
        &no_defaults(),
    );
    assert_eq!(
        out.order,
        [
            "doc cut.warc:record 3".to_string(),
            format!(
                "error cut.warc:record 5: truncated: the file ends {into} bytes into a block of {block}; reading stopped"
            ),
        ]
    );
    // Cut inside record 5's header.
    let out = read_bytes(
        &warc[..before + 40],
        "cut.warc",
        Some(Format::Warc),
        &no_defaults(),
    );
    assert_eq!(
        out.order,
        [
            "doc cut.warc:record 3",
            "error cut.warc:record 5: truncated: the file ends inside the record's header; reading stopped",
        ]
    );

    // Gzip per record, cut inside record 5's member.
    let members: Vec<Vec<u8>> = records.iter().map(|r| gzip(r)).collect();
    let before: usize = members[..4].iter().map(Vec::len).sum();
    let gz = members.concat();
    let out = read_bytes(
        &gz[..before + members[4].len() / 2],
        "cut.warc.gz",
        Some(Format::Warc),
        &no_defaults(),
    );
    assert_eq!(out.docs.len(), 1, "{:?}", out.order);
    assert_eq!(out.order[0], "doc cut.warc.gz:record 3");
    assert_eq!(out.errors.len(), 1, "{:?}", out.order);
    assert!(
        out.errors[0].starts_with("cut.warc.gz:record 5: truncated or corrupt: ")
            && out.errors[0].ends_with("; reading stopped"),
        "{}",
        out.errors[0]
    );
}

#[test]
fn warc_oddities() {
    // Not a WARC at all.
    let out = read_bytes(
        b"%PDF-1.4 and so on\n",
        "x.warc",
        Some(Format::Warc),
        &no_defaults(),
    );
    assert_eq!(
        out.order,
        ["error x.warc:record 1: not a WARC record: expected a version line such as WARC/1.1, found \"%PDF-1.4 and so on\"; reading stopped"]
    );
    // No Content-Length.
    let out = read_bytes(
        b"WARC/1.1\r\nWARC-Type: response\r\n\r\nHTTP/1.1 200 OK\r\n",
        "x.warc",
        Some(Format::Warc),
        &no_defaults(),
    );
    assert_eq!(
        out.order,
        ["error x.warc:record 1: no valid Content-Length, so the record's end cannot be found; reading stopped"]
    );
    // Only records that are not pages.
    let records = warc_records();
    let out = read_bytes(
        &[records[0].clone(), records[1].clone(), records[3].clone()].concat(),
        "x.warc",
        Some(Format::Warc),
        &no_defaults(),
    );
    assert_eq!(
        out.order,
        ["warning x.warc: no HTML page among its 3 records"]
    );
    // A page in an encoding that is not supported, and one too large.
    let brotli = record(
        "response",
        "https://courier.example/a",
        1,
        &http(
            "200 OK",
            &["Content-Type: text/html", "Content-Encoding: br"],
            b"\x1b\x03",
        ),
    );
    let large = record(
        "response",
        "https://courier.example/b",
        2,
        &http(
            "200 OK",
            &["Content-Type: text/html"],
            PAGE_THREE.as_bytes(),
        ),
    );
    let small = Limits {
        max_document_bytes: 100,
        ..Limits::default()
    };
    let mut out = Out::default();
    read_reader_with(
        &[brotli, large, records[6].clone()].concat()[..],
        "x.warc",
        Some(Format::Warc),
        &no_defaults(),
        &small,
        &mut |item| out.push(item),
    );
    assert_eq!(
        out.order,
        [
            "error x.warc:record 1: the page is in the 'br' content encoding, which is not supported; skipped",
            "error x.warc:record 2: larger than 100 bytes; not read",
            "error x.warc:record 3: larger than 100 bytes; not read",
        ]
    );
}

// ---------------------------------------------------------------------------------
// Folders

#[test]
fn a_folder_of_good_and_bad_files() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    let records = warc_records();
    let members: Vec<Vec<u8>> = records.iter().map(|r| gzip(r)).collect();
    let before: usize = members[..4].iter().map(Vec::len).sum();
    let gz = members.concat();
    fs::write(root.join("a-blob.txt"), [0u8, 159, 146, 150, 0, 1, 2, 3]).expect("write");
    fs::write(root.join("b-empty.txt"), b"").expect("write");
    fs::write(root.join("c-cut.warc.gz"), &gz[..before + 30]).expect("write");
    fs::write(
        root.join("d-broken.rss"),
        b"<rss version=\"2.0\"><channel><item>",
    )
    .expect("write");
    fs::write(
        root.join("e-good.txt"),
        "Title: Dam repaired\n\nThe dam at Oster Point was repaired.\n",
    )
    .expect("write");
    fs::write(root.join("f-feed.xml"), ATOM).expect("write");
    fs::write(
        root.join("g-sitemap.xml"),
        "<?xml version=\"1.0\"?><urlset><url><loc>x</loc></url></urlset>",
    )
    .expect("write");
    fs::write(root.join("h-photo.jpg"), [0xff, 0xd8, 0xff]).expect("write");
    fs::write(root.join("i-empty.jsonl"), b"").expect("write");
    fs::write(
        root.join("j-lines.jsonl.gz"),
        gzip(b"{\"text\": \"Zipped line.\"}\n"),
    )
    .expect("write");
    let out = read(root, &no_defaults());
    let name = |p: &str| root.join(p).display().to_string();
    // The gzip library's words vary with its back end: only their start is checked.
    let prefix = format!("{}/", root.display());
    let order: Vec<String> = out
        .order
        .iter()
        .map(|o| {
            let o = o.replace(&prefix, "");
            match o.find(": truncated or corrupt: ") {
                Some(at) => format!("{}…", &o[..at + ": truncated or corrupt: ".len()]),
                None => o,
            }
        })
        .collect();
    assert_eq!(
        order,
        [
            "error a-blob.txt: not UTF-8 and not decodable",
            "error b-empty.txt: empty article",
            "doc c-cut.warc.gz:record 3",
            "error c-cut.warc.gz:record 5: truncated or corrupt: …",
            "error d-broken.rss: not a feed: unable to parse XML: Parser error: syntax error: tag not closed: `>` not found before end of input",
            "doc e-good.txt",
            "doc f-feed.xml:item 1",
            "warning f-feed.xml:item 2: unreadable publication date 'early May'; ignored",
            "doc f-feed.xml:item 2",
            "doc j-lines.jsonl.gz:1",
        ]
    );
    assert!(
        out.order[3].ends_with("; reading stopped"),
        "{}",
        out.order[3]
    );
    assert_eq!(
        out.docs[0].origin,
        format!("{}:record 3", name("c-cut.warc.gz"))
    );
    assert_eq!(out.docs[1].text, "The dam at Oster Point was repaired.");
    assert_eq!(out.docs[1].title.as_deref(), Some("Dam repaired"));
    assert_eq!(out.docs[4].text, "Zipped line.");

    // Named explicitly, an .xml file that is not a feed is read by its content.
    let out = read(&root.join("g-sitemap.xml"), &no_defaults());
    assert_eq!(out.errors.len(), 0, "{:?}", out.order);
}

// ---------------------------------------------------------------------------------
// JSON Lines as a stream

#[test]
fn jsonl_lines_too_long_or_not_utf8_are_skipped() {
    let mut input = Vec::new();
    input.extend_from_slice(b"\xef\xbb\xbf{\"text\": \"First line.\"}\n");
    input.extend_from_slice(format!("{{\"text\": \"{}\"}}\n", "x".repeat(300)).as_bytes());
    input.extend_from_slice(b"{\"text\": \"Third line.\"}\r\n");
    input.extend_from_slice(b"{\"text\": \"caf\xe9\"}\n");
    input.extend_from_slice(
        b"\n{\"text\": \"Fifth line.\"}\r{\"text\": \"Sixth, after a lone CR.\"}\n",
    );
    input.extend_from_slice(format!("{{\"text\": \"{}\"}}", "y".repeat(300)).as_bytes());
    let limits = Limits {
        max_line_bytes: 100,
        ..Limits::default()
    };
    let mut out = Out::default();
    read_reader_with(
        &input[..],
        "big.jsonl",
        None,
        &no_defaults(),
        &limits,
        &mut |item| out.push(item),
    );
    assert_eq!(
        out.order,
        [
            "doc big.jsonl:1",
            "error big.jsonl:2: line longer than 100 bytes; skipped",
            "doc big.jsonl:3",
            "error big.jsonl:4: not UTF-8 (JSON Lines must be UTF-8)",
            "doc big.jsonl:6",
            "doc big.jsonl:7",
            "error big.jsonl:8: line longer than 100 bytes; skipped",
        ]
    );
    let texts: Vec<&str> = out.docs.iter().map(|d| d.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "First line.",
            "Third line.",
            "Fifth line.",
            "Sixth, after a lone CR."
        ]
    );

    // A line of exactly the limit is read.
    let line = format!("{{\"text\": \"{}\"}}", "z".repeat(88));
    assert_eq!(line.len(), 100);
    let mut out = Out::default();
    read_reader_with(
        format!("{line}\r\n{line}").as_bytes(),
        "edge.jsonl",
        Some(Format::JsonLines),
        &no_defaults(),
        &limits,
        &mut |item| out.push(item),
    );
    assert_eq!(out.order, ["doc edge.jsonl:1", "doc edge.jsonl:2"]);
}

#[test]
fn jsonl_from_a_file_streams_and_gzip_is_undone() {
    let dir = tempfile::tempdir().expect("temp dir");
    let lines: String = (1..=1000)
        .map(|i| format!("{{\"id\": {i}, \"text\": \"Report number {i}.\"}}\n"))
        .collect();
    let plain = dir.path().join("many.jsonl");
    fs::write(&plain, &lines).expect("write");
    let zipped = dir.path().join("many.jsonl.gz");
    fs::write(&zipped, gzip(lines.as_bytes())).expect("write");
    for path in [&plain, &zipped] {
        let out = read(path, &no_defaults());
        assert_eq!(out.docs.len(), 1000, "{:?}", out.errors);
        assert_eq!(out.docs[999].text, "Report number 1000.");
        assert_eq!(out.docs[999].origin, format!("{}:1000", path.display()));
    }
    // A gzip stream cut short: the lines before the cut are read, then one error.
    let gz = gzip(lines.as_bytes());
    let cut = dir.path().join("cut.jsonl.gz");
    fs::write(&cut, &gz[..gz.len() - 20]).expect("write");
    let out = read(&cut, &no_defaults());
    assert!(out.docs.len() > 900, "{}", out.docs.len());
    assert_eq!(out.errors.len(), 1, "{:?}", out.errors);
    assert!(
        out.errors[0].starts_with(&format!("{}:", cut.display())),
        "{}",
        out.errors[0]
    );

    // A document larger than the limit is refused whole.
    let mut out = Out::default();
    read_path_with(
        &plain,
        &no_defaults(),
        &Limits {
            max_document_bytes: 10,
            ..Limits::default()
        },
        &mut |item| out.push(item),
    );
    assert_eq!(out.docs.len(), 1000, "JSON Lines is not read whole");
    let text = dir.path().join("long.txt");
    fs::write(&text, "A text longer than ten bytes.").expect("write");
    let mut out = Out::default();
    read_path_with(
        &text,
        &no_defaults(),
        &Limits {
            max_document_bytes: 10,
            ..Limits::default()
        },
        &mut |item| out.push(item),
    );
    assert_eq!(
        out.order,
        [format!(
            "error {}: larger than 10 bytes; not read",
            text.display()
        )]
    );
}

/// A stream of JSON Lines with one line of `long` bytes between two short ones, made
/// as it is read.
struct LongLine {
    sent: u64,
    long: u64,
}

impl std::io::Read for LongLine {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let head = b"{\"text\": \"Before.\"}\n";
        let tail = b"\n{\"text\": \"After.\"}\n";
        let start = head.len() as u64;
        let end = start + self.long;
        let total = end + tail.len() as u64;
        if self.sent >= total {
            return Ok(0);
        }
        let n = if self.sent < start {
            let from = &head[self.sent as usize..];
            let n = from.len().min(buf.len());
            buf[..n].copy_from_slice(&from[..n]);
            n
        } else if self.sent < end {
            let n = (end - self.sent).min(buf.len() as u64) as usize;
            buf[..n].fill(b'x');
            n
        } else {
            let from = &tail[(self.sent - end) as usize..];
            let n = from.len().min(buf.len());
            buf[..n].copy_from_slice(&from[..n]);
            n
        };
        self.sent += n as u64;
        Ok(n)
    }
}

/// The process's peak resident memory in KiB (Linux), if known.
fn peak_kib() -> Option<u64> {
    let status = fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[test]
fn a_long_line_is_skipped_without_being_held() {
    let before = peak_kib();
    let limits = Limits {
        max_line_bytes: 1 << 20,
        ..Limits::default()
    };
    let mut out = Out::default();
    read_reader_with(
        LongLine {
            sent: 0,
            long: 256 << 20,
        },
        "huge.jsonl",
        Some(Format::JsonLines),
        &no_defaults(),
        &limits,
        &mut |item| out.push(item),
    );
    assert_eq!(
        out.order,
        [
            "doc huge.jsonl:1",
            "error huge.jsonl:2: line longer than 1048576 bytes; skipped",
            "doc huge.jsonl:3",
        ]
    );
    if let (Some(before), Some(after)) = (before, peak_kib()) {
        // 256 MiB went through; far less than that was ever held (other tests run
        // beside this one, so there is some slack).
        assert!(
            after.saturating_sub(before) < 64 << 10,
            "peak grew from {before} KiB to {after} KiB"
        );
    }
}

// ---------------------------------------------------------------------------------
// Dates in URLs

#[test]
fn dates_from_urls() {
    assert_eq!(
        date_from_url("https://news.example/world/2024/03/22/kano"),
        Some(date(2024, 3, 22))
    );
    assert_eq!(
        date_from_url("https://news.example/2024-03-22/kano"),
        Some(date(2024, 3, 22))
    );
    assert_eq!(
        date_from_url("https://news.example/kano-20240322.html"),
        Some(date(2024, 3, 22))
    );
    assert_eq!(date_from_url("https://news.example/2024/03/kano"), None);
    assert_eq!(date_from_url("https://news.example/id/98765432"), None);
    assert_eq!(date_from_url("https://news.example/2024/02/30/x"), None);
}

// ---------------------------------------------------------------------------------
// Never a panic

/// Failures are printed, not written to a file beside the sources.
fn quick() -> ProptestConfig {
    ProptestConfig {
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

fn drain(bytes: &[u8], format: Format) {
    read_reader(bytes, "fuzz", Some(format), &no_defaults(), &mut |_| {});
}

proptest! {
    #![proptest_config(quick())]

    #[test]
    fn warc_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        drain(&bytes, Format::Warc);
        drain(&gzip(&bytes), Format::Warc);
    }

    #[test]
    fn warc_records_with_arbitrary_blocks_never_panic(
        block in proptest::collection::vec(any::<u8>(), 0..400),
        declared in 0usize..500,
        status in "[0-9]{3}",
        headers in "(Content-Type: text/html(; charset=[a-z0-9-]{0,12})?\r\n|Transfer-Encoding: chunked\r\n|Content-Encoding: (gzip|deflate|x)\r\n){0,4}",
    ) {
        let mut warc = format!(
            "WARC/1.1\r\nWARC-Type: response\r\nContent-Length: {declared}\r\n\r\nHTTP/1.1 {status} X\r\n{headers}\r\n"
        )
        .into_bytes();
        warc.extend_from_slice(&block);
        drain(&warc, Format::Warc);
    }

    #[test]
    fn feeds_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        drain(&bytes, Format::Feed);
    }

    #[test]
    fn feed_items_never_panic(
        item in "(<(title|link|guid|pubDate|description|content:encoded)>[^<]{0,40}</(title|link|guid|pubDate|description|content:encoded)>|&lt;p&gt;|&amp;|<!\\[CDATA\\[<p>x){0,6}",
    ) {
        let feed = format!(
            "<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"><channel><title>T</title><item>{item}</item></channel></rss>"
        );
        drain(feed.as_bytes(), Format::Feed);
    }
}
