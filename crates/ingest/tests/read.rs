//! Reading files, folders and streams: documents, warnings and errors as the CLI sees
//! them.

use std::fs;
use std::path::{Path, PathBuf};

use newsfuse_core::{Date, DocId, Document};
use newsfuse_ingest::{read_path, read_reader, Defaults, Format, Item};

/// What one read produced, in order, with warnings and errors as their messages.
#[derive(Debug, Default)]
struct Out {
    docs: Vec<Document>,
    warnings: Vec<String>,
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
            Item::Warning(w) => {
                self.order.push(format!("warning {w}"));
                self.warnings.push(w.to_string());
            }
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

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/articles")
}

#[test]
fn text_with_header() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("wire.txt");
    fs::write(
        &path,
        "Title: Gunmen storm hotel wedding\nPUBLISHED: 2025-06-14\nOutlet: Example Wire\nURL: https://example.org/a\n\n\
         At least 12 people were killed, police said.\n\nNo group has claimed the attack.\n",
    )
    .expect("write");
    let out = read(&path, &no_defaults());
    assert_eq!(out.order.len(), 1, "{:?}", out.order);
    let text = "At least 12 people were killed, police said.\n\nNo group has claimed the attack.";
    assert_eq!(
        out.docs[0],
        Document {
            id: newsfuse_ingest::doc_id(text),
            text: text.to_string(),
            title: Some("Gunmen storm hotel wedding".into()),
            published: Some(date(2025, 6, 14)),
            source: Some("Example Wire".into()),
            url: Some("https://example.org/a".into()),
            external_id: Some("wire.txt".into()),
            origin: path.display().to_string(),
        }
    );
}

#[test]
fn text_without_header_takes_the_default_date() {
    let defaults = Defaults {
        published: Some(date(2025, 3, 8)),
    };
    let out = read_bytes(
        b"Kano: gunmen attacked a market.\n\nFour died.",
        "notes.txt",
        Some(Format::Text),
        &defaults,
    );
    let doc = &out.docs[0];
    assert_eq!(doc.text, "Kano: gunmen attacked a market.\n\nFour died.");
    assert_eq!(doc.title, None);
    assert_eq!(doc.published, Some(date(2025, 3, 8)));
    assert_eq!(doc.external_id.as_deref(), Some("notes.txt"));
    assert_eq!(doc.origin, "notes.txt");
}

#[test]
fn bad_header_date_warns_and_the_article_is_read() {
    let defaults = Defaults {
        published: Some(date(2025, 3, 8)),
    };
    let out = read_bytes(
        b"Title: A\nDate: soon\n\nBody text.",
        "dir/a.txt",
        Some(Format::Text),
        &defaults,
    );
    assert_eq!(
        out.order,
        [
            "warning dir/a.txt:2: unreadable publication date 'soon'; ignored",
            "doc dir/a.txt"
        ]
    );
    assert_eq!(out.docs[0].published, Some(date(2025, 3, 8)));
    assert_eq!(out.docs[0].title.as_deref(), Some("A"));
    assert_eq!(out.docs[0].text, "Body text.");
}

#[test]
fn json_lines_good_and_bad_lines() {
    let input = concat!(
        "{\"text\": \"Gunmen killed four people in Kano.\", \"published\": \"2025-02-03\", \"id\": \"k-1\"}\n",
        "{not json}\n",
        "{\"title\": \"no text here\"}\n",
        "\n",
        "   \n",
        "[1, 2]\n",
        "{\"text\": \"  \\n \"}\n",
        "{\"text\": 7}\n",
        "{\"text\": \"Second.\", \"id\": 42, \"title\": 3, \"published\": \"June 31, 2025\", \"url\": null, \"source\": \" Kano Times \"}\r\n",
    );
    let defaults = Defaults {
        published: Some(date(2025, 1, 1)),
    };
    let out = read_bytes(input.as_bytes(), "DIR/mixed.jsonl", None, &defaults);
    assert_eq!(
        out.order,
        [
            "doc DIR/mixed.jsonl:1",
            "error DIR/mixed.jsonl:2: invalid JSON: key must be a string at line 1 column 2",
            "error DIR/mixed.jsonl:3: missing \"text\" (a string with the article body)",
            "error DIR/mixed.jsonl:6: not a JSON object (each line holds one article)",
            "error DIR/mixed.jsonl:7: missing \"text\" (a string with the article body)",
            "error DIR/mixed.jsonl:8: missing \"text\" (a string with the article body)",
            "warning DIR/mixed.jsonl:9: \"title\" is not a string; ignored",
            "warning DIR/mixed.jsonl:9: unreadable publication date 'June 31, 2025'; ignored",
            "doc DIR/mixed.jsonl:9",
        ]
    );
    let first = &out.docs[0];
    assert_eq!(first.text, "Gunmen killed four people in Kano.");
    assert_eq!(first.published, Some(date(2025, 2, 3)));
    assert_eq!(first.external_id.as_deref(), Some("k-1"));
    assert_eq!(first.title, None);
    let second = &out.docs[1];
    assert_eq!(second.text, "Second.");
    assert_eq!(second.external_id.as_deref(), Some("42"));
    assert_eq!(second.title, None);
    assert_eq!(second.published, Some(date(2025, 1, 1)));
    assert_eq!(second.source.as_deref(), Some("Kano Times"));
    assert_eq!(second.url, None);
}

#[test]
fn json_lines_take_the_url_day_when_published_is_absent_or_unreadable() {
    let input = concat!(
        "{\"text\": \"A.\", \"url\": \"https://news.example/2024/03/22/kano-market\"}\n",
        "{\"text\": \"B.\", \"published\": \"June 31, 2025\", \"url\": \"https://news.example/2024/03/22/b\"}\n",
        "{\"text\": \"C.\", \"published\": \"2025-02-03\", \"url\": \"https://news.example/2024/03/22/c\"}\n",
        "{\"text\": \"D.\", \"url\": \"https://news.example/world/d\"}\n",
    );
    let defaults = Defaults {
        published: Some(date(2025, 1, 1)),
    };
    let out = read_bytes(input.as_bytes(), "u.jsonl", None, &defaults);
    let days: Vec<Option<Date>> = out.docs.iter().map(|d| d.published).collect();
    assert_eq!(
        days,
        [
            Some(date(2024, 3, 22)),
            Some(date(2024, 3, 22)),
            Some(date(2025, 2, 3)),
            Some(date(2025, 1, 1)),
        ]
    );
    assert_eq!(
        out.warnings,
        ["u.jsonl:2: unreadable publication date 'June 31, 2025'; ignored"]
    );
}

#[test]
fn example_jsonl() {
    let out = read(&examples().join("04_kano_reports.jsonl"), &no_defaults());
    assert!(
        out.errors.is_empty() && out.warnings.is_empty(),
        "{:?}",
        out.order
    );
    assert_eq!(out.docs.len(), 2);
    let doc = &out.docs[1];
    assert_eq!(doc.external_id.as_deref(), Some("kano-times-1"));
    assert_eq!(
        doc.title.as_deref(),
        Some("Nine killed in Kano hotel shooting")
    );
    assert_eq!(doc.source.as_deref(), Some("Kano Times"));
    assert_eq!(doc.published, Some(date(2025, 6, 14)));
    assert!(
        doc.origin.ends_with("04_kano_reports.jsonl:2"),
        "{}",
        doc.origin
    );
}

#[test]
fn example_html_is_main_text_and_metadata() {
    let path = examples().join("03_observer_maiduguri.html");
    let out = read(&path, &no_defaults());
    assert!(
        out.errors.is_empty() && out.warnings.is_empty(),
        "{:?}",
        out.order
    );
    let doc = &out.docs[0];
    assert_eq!(doc.source.as_deref(), Some("Borno Observer"));
    assert_eq!(doc.published, Some(date(2025, 6, 15)));
    assert_eq!(
        doc.url.as_deref(),
        Some("https://example.com/observer/hotel-siege-maiduguri")
    );
    assert_eq!(
        doc.title.as_deref(),
        Some("Nineteen dead after hotel siege in Maiduguri")
    );
    assert_eq!(
        doc.external_id.as_deref(),
        Some("03_observer_maiduguri.html")
    );
    let paragraphs: Vec<&str> = doc.text.split("\n\n").collect();
    assert_eq!(
        paragraphs,
        [
            "Nineteen people died and 31 were wounded when five gunmen attacked a wedding party at the Lakeside Hotel in Maiduguri on Saturday, hospital officials said.",
            "The Sahel Martyrs Brigade said it carried out the attack. Governor Babagana Kolo suggested that the rival Lake Chad Salafist Movement (LCSM) was behind the attack, but the LCSM denied any involvement in a message to journalists.",
            "Police arrested two suspects on Sunday near the city's main bus station, a police statement said.",
        ]
    );
    for junk in ["Subscribe", "Copyright", "Related", "Home", "Floods"] {
        assert!(!doc.text.contains(junk), "{junk} in {}", doc.text);
    }
}

#[test]
fn html_from_a_stream_is_sniffed() {
    let html = fs::read(examples().join("03_observer_maiduguri.html")).expect("example");
    let out = read_bytes(&html, "-", None, &no_defaults());
    let doc = &out.docs[0];
    assert_eq!(doc.source.as_deref(), Some("Borno Observer"));
    assert_eq!(doc.origin, "-");
    assert_eq!(doc.external_id, None);
}

#[test]
fn html_in_windows_1252_declared_by_meta() {
    let mut page = b"<html><head><meta charset=\"windows-1252\"><title>Caf\xe9 attack</title></head><body><article>".to_vec();
    page.extend_from_slice(b"<p>Gunmen attacked a caf\xe9 in Kano \x96 four people died, police said on Monday evening.</p>");
    page.extend_from_slice(b"<p>The owner\x92s son was among the dead, according to relatives who spoke to reporters.</p>");
    page.extend_from_slice(b"</article></body></html>");
    let out = read_bytes(&page, "cafe.html", Some(Format::Html), &no_defaults());
    assert_eq!(out.warnings, ["cafe.html: decoded as windows-1252"]);
    let doc = &out.docs[0];
    assert_eq!(doc.title.as_deref(), Some("Café attack"));
    assert!(
        doc.text
            .starts_with("Gunmen attacked a café in Kano – four"),
        "{}",
        doc.text
    );
    assert!(doc.text.contains("\n\nThe owner’s son"), "{}", doc.text);
}

#[test]
fn latin1_text_is_decoded_with_a_warning() {
    let bytes = b"Title: Caf\xe9 attack\n\nGunmen attacked a caf\xe9 in Kano on Monday; the owner\xb4s son died, police said.";
    let out = read_bytes(bytes, "DIR/cafe.txt", None, &no_defaults());
    assert_eq!(
        out.order,
        [
            "warning DIR/cafe.txt: decoded as windows-1252",
            "doc DIR/cafe.txt"
        ]
    );
    let doc = &out.docs[0];
    assert_eq!(doc.title.as_deref(), Some("Café attack"));
    assert_eq!(
        doc.text,
        "Gunmen attacked a café in Kano on Monday; the owner´s son died, police said."
    );
}

#[test]
fn utf16_with_bom_is_decoded() {
    let mut bytes = vec![0xfe, 0xff];
    for unit in "{\"text\": \"Über Kano.\"}\n".encode_utf16() {
        bytes.extend(unit.to_be_bytes());
    }
    let out = read_bytes(&bytes, "-", None, &no_defaults());
    assert_eq!(out.warnings, ["-: decoded as UTF-16BE"]);
    assert_eq!(out.docs[0].text, "Über Kano.");
    assert_eq!(out.docs[0].origin, "-:1");
}

#[test]
fn binary_is_rejected() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("binary.txt");
    fs::write(&path, [0u8, 159, 146, 150, 0, 1, 2, 3, 0, 0]).expect("write");
    let out = read(&path, &no_defaults());
    assert_eq!(
        out.order,
        [format!(
            "error {}: not UTF-8 and not decodable",
            path.display()
        )]
    );
}

#[test]
fn the_same_text_is_the_same_document() {
    let body = "Gunmen attacked a market in Kano.\n\nFour people died.";
    let txt = read_bytes(
        format!("Title: X\nSource: Kano Radio\n\n{body}\n").as_bytes(),
        "a.txt",
        Some(Format::Text),
        &no_defaults(),
    );
    let jsonl = read_bytes(
        format!("{}\n", serde_json::json!({ "text": body, "title": "Y" })).as_bytes(),
        "b.jsonl",
        Some(Format::JsonLines),
        &no_defaults(),
    );
    let crlf = read_bytes(
        "\u{feff}Gunmen attacked a market in Kano.   \r\n\r\n\r\n\r\nFour people died.\r\n"
            .as_bytes(),
        "c.txt",
        None,
        &no_defaults(),
    );
    let id = &txt.docs[0].id;
    assert_eq!(&jsonl.docs[0].id, id);
    assert_eq!(&crlf.docs[0].id, id);
    assert_eq!(crlf.docs[0].text, body);
    assert_eq!(
        id,
        &DocId("de8c3be12dfa5cb3".to_string()),
        "SHA-256 of the text (sha256sum), first 16 hex digits"
    );
}

#[test]
fn line_endings_are_normalised() {
    let out = read_bytes(
        b"Title: A\r\nPublished: 2025-06-14\r\n\r\n  Line one.  \r\nLine two.\t\r\n\r\n\r\n\r\nPara.\rLast.\r\n",
        "crlf.txt",
        None,
        &no_defaults(),
    );
    let doc = &out.docs[0];
    assert_eq!(doc.text, "Line one.\nLine two.\n\nPara.\nLast.");
    assert_eq!(doc.published, Some(date(2025, 6, 14)));
}

#[test]
fn empty_articles_are_errors() {
    let out = read_bytes(
        b"Title: Nothing else\n\n  \n",
        "empty.txt",
        None,
        &no_defaults(),
    );
    assert_eq!(out.order, ["error empty.txt: empty article"]);
    let out = read_bytes(b"", "-", None, &no_defaults());
    assert_eq!(out.order, ["error -: empty article"]);
    let out = read_bytes(
        b"<html><body><nav>Home</nav></body></html>",
        "x.html",
        None,
        &no_defaults(),
    );
    assert_eq!(out.order, ["error x.html: empty article"]);
}

#[test]
fn folders_are_read_in_order_and_other_files_skipped() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    fs::create_dir_all(root.join("b/inner")).expect("mkdir");
    fs::write(root.join("b/inner/z.htm"), "<p>Inner page about Jos.</p>").expect("write");
    fs::write(root.join("b.txt"), "B text.").expect("write");
    fs::write(root.join("a.JSONL"), "{\"text\": \"A line.\"}\n").expect("write");
    fs::write(root.join("c.md"), "Not read.").expect("write");
    fs::write(root.join(".hidden.txt"), "Not read either.").expect("write");
    fs::write(root.join("d.txt"), [0u8, 1, 2]).expect("write");
    let out = read(root, &no_defaults());
    let name = |p: &str| root.join(p).display().to_string();
    assert_eq!(
        out.order,
        [
            format!("doc {}:1", name("a.JSONL")),
            format!("doc {}", name("b/inner/z.htm")),
            format!("doc {}", name("b.txt")),
            format!("error {}: not UTF-8 and not decodable", name("d.txt")),
        ]
    );
    assert_eq!(out.docs[1].text, "Inner page about Jos.");

    // Named explicitly, a file with another extension is plain text.
    let out = read(&root.join("c.md"), &no_defaults());
    assert_eq!(out.docs[0].text, "Not read.");
    assert_eq!(out.docs[0].external_id.as_deref(), Some("c.md"));
}

#[test]
fn missing_paths_are_named() {
    let out = read(Path::new("no-such-dir/no-such-file.txt"), &no_defaults());
    assert_eq!(out.errors.len(), 1);
    assert!(
        out.errors[0].starts_with("no-such-dir/no-such-file.txt: "),
        "{}",
        out.errors[0]
    );
    assert!(out.errors[0].contains("os error"), "{}", out.errors[0]);
}

#[test]
fn the_whole_example_folder() {
    let out = read(&examples(), &no_defaults());
    assert!(
        out.errors.is_empty() && out.warnings.is_empty(),
        "{:?}",
        out.order
    );
    let ids: Vec<&str> = out
        .docs
        .iter()
        .map(|d| d.external_id.as_deref().unwrap_or_default())
        .collect();
    assert_eq!(
        ids,
        [
            "01_wire_maiduguri.txt",
            "02_ledger_maiduguri.txt",
            "03_observer_maiduguri.html",
            "kano-radio-1",
            "kano-times-1",
        ]
    );
    assert_eq!(out.docs[0].source.as_deref(), Some("Example Wire"));
    assert!(out.docs.iter().all(|d| d.published.is_some()));
}

#[test]
fn json_documents_one_object_an_array_or_lines() {
    let defaults = no_defaults();
    // One pretty-printed article object.
    let one = "{\n  \"text\": \"Gunmen killed four people in Kano.\",\n  \"published\": \"2025-02-03\",\n  \"id\": \"k-1\"\n}\n";
    let out = read_bytes(one.as_bytes(), "a.json", Some(Format::Json), &defaults);
    assert_eq!(out.order, ["doc a.json"]);
    assert_eq!(out.docs[0].published, Some(date(2025, 2, 3)));
    assert_eq!(out.docs[0].external_id.as_deref(), Some("k-1"));
    // An array: each item an article, a bad item an error naming it.
    let many = "[{\"text\": \"First.\"}, 7, {\"title\": \"no text\"}, {\"text\": \"Fourth.\"}]";
    let out = read_bytes(many.as_bytes(), "b.json", Some(Format::Json), &defaults);
    assert_eq!(
        out.order,
        [
            "doc b.json:item 1",
            "error b.json:item 2: not a JSON object (a .json file holds one article object or an array of them)",
            "error b.json:item 3: missing \"text\" (a string with the article body)",
            "doc b.json:item 4",
        ]
    );
    // One object per line in a .json file: read as JSON Lines.
    let lines = "{\"text\": \"First.\"}\n{\"text\": \"Second.\"}\n";
    let out = read_bytes(lines.as_bytes(), "c.json", Some(Format::Json), &defaults);
    assert_eq!(out.order, ["doc c.json:1", "doc c.json:2"]);
    // Broken JSON is one error naming the file.
    let broken = "{\n  \"text\": \"Unfinished.\",\n";
    let out = read_bytes(broken.as_bytes(), "d.json", Some(Format::Json), &defaults);
    assert_eq!(out.docs.len(), 0);
    assert_eq!(out.errors.len(), 1, "{:?}", out.errors);
    assert!(
        out.errors[0].starts_with("d.json: invalid JSON: "),
        "{:?}",
        out.errors
    );
    // In a folder, a .json file is read by its extension.
    let dir = std::env::temp_dir().join(format!("newsfuse-json-{}", std::process::id()));
    fs::create_dir_all(&dir).expect("temp dir");
    fs::write(dir.join("e.json"), one).expect("write");
    let out = read(&dir, &defaults);
    assert_eq!(out.docs.len(), 1, "{:?}", out.order);
    fs::remove_dir_all(&dir).expect("clean up");
}
