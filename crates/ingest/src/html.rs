//! HTML pages: the main text (a readability port, with a plain fallback) and the
//! page's metadata.

use std::panic::{catch_unwind, AssertUnwindSafe};

use dom_query::{Document, NodeRef};
use dom_smoothie::{Config, Readability, TextMode};
use newsfuse_core::Date;

use crate::normalize::normalize_text;

/// Elements whose text is never article text: navigation, page furniture, controls,
/// embedded media, and figures with their captions.
const BOILERPLATE: &[&str] = &[
    "nav",
    "header",
    "footer",
    "aside",
    "script",
    "style",
    "noscript",
    "template",
    "button",
    "select",
    "svg",
    "figure",
    "figcaption",
    "iframe",
    "input",
    "textarea",
    "dialog",
];

/// ARIA landmark and widget roles that are never the article.
const BOILERPLATE_ROLES: &[&str] = &[
    "navigation",
    "banner",
    "contentinfo",
    "complementary",
    "dialog",
    "alertdialog",
    "search",
    "menu",
    "menubar",
    "toolbar",
];

/// Words in a `class` or `id` that mark reader comments. A block so marked goes even
/// when it holds more text than the article (a long comment thread).
const COMMENT_HINTS: &[&str] = &["comment", "disqus", "respond"];

/// Beginnings of words in a `class` or `id` that mark page furniture around an
/// article: related links, sharing, sign-up boxes, captions, bylines and the like.
const FURNITURE_PREFIXES: &[&str] = &[
    "related",
    "share",
    "sharing",
    "social",
    "newsletter",
    "subscri",
    "promo",
    "caption",
    "breadcrumb",
    "sidebar",
    "advert",
    "sponsor",
    "recommend",
    "popular",
    "trending",
    "mostread",
    "mostpopular",
    "outbrain",
    "taboola",
    "byline",
    "cookie",
    "signup",
    "masthead",
    "toolbar",
    "popup",
    "modal",
    "slideshow",
    "carousel",
    "paywall",
];

/// Whole words in a `class` or `id` that mark page furniture.
const FURNITURE_WORDS: &[&str] = &[
    "ad",
    "ads",
    "meta",
    "tags",
    "author",
    "credit",
    "credits",
    "dateline",
    "timestamp",
    "date",
    "nav",
    "menu",
    "hidden",
    "hide",
];

/// Blocks the fallback collects.
const BLOCKS: &[&str] = &["p", "h1", "h2", "h3", "h4", "h5", "h6", "li"];

/// Meta keys (`name` or `property`, any case) that carry the publication time, best first.
const PUBLISHED_KEYS: &[&str] = &[
    "article:published_time",
    "og:published_time",
    "date",
    "pubdate",
    "publishdate",
    "dc.date",
    "dc.date.issued",
    "dcterms.date",
    "dcterms.issued",
    "dcterms.created",
    "datepublished",
    "og:article:published_time",
    "article.published",
    "parsely-pub-date",
    "sailthru.date",
    "publish-date",
    "citation_publication_date",
];

/// Class words of elements whose text is a dateline or byline.
const DATELINE_WORDS: &[&str] = &[
    "date",
    "dateline",
    "published",
    "posted",
    "timestamp",
    "byline",
    "time",
];

/// Below this many characters, readability's text is checked against the fallback's.
const SHORT_TEXT: usize = 250;

/// The deepest element nesting a page may have. Real pages stay under a hundred; the
/// readability pass walks every block's ancestors, so a page nested thousands deep
/// would take minutes.
pub(crate) const MAX_DEPTH: usize = 512;

/// Elements that never have an end tag, or whose end tag may be left out: they do not
/// count towards the depth.
const NOT_NESTING: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "p", "li", "td", "th", "tr", "dt", "dd", "option", "!doctype",
];

/// How deep the page's elements nest, from its tags alone (no parse): start tags
/// count one deeper, end tags one shallower; comments, void elements, self-closing tags
/// and elements whose end tag is optional are left out. Cheap enough to run on every
/// page before the real parse.
pub(crate) fn nesting_depth(html: &str) -> usize {
    let bytes = html.as_bytes();
    let (mut depth, mut deepest, mut i) = (0usize, 0usize, 0usize);
    while let Some(offset) = bytes[i..].iter().position(|&b| b == b'<') {
        i += offset + 1;
        if bytes[i..].starts_with(b"!--") {
            i = match html[i..].find("-->") {
                Some(end) => i + end + 3,
                None => bytes.len(),
            };
            continue;
        }
        let closing = bytes.get(i) == Some(&b'/');
        let start = if closing { i + 1 } else { i };
        let end = bytes[start..]
            .iter()
            .position(|b| !(b.is_ascii_alphanumeric() || *b == b'!' || *b == b'-'))
            .map_or(bytes.len(), |n| start + n);
        if end == start {
            continue;
        }
        let name = html[start..end].to_ascii_lowercase();
        if NOT_NESTING.contains(&name.as_str()) {
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
            continue;
        }
        let tag_end = bytes[end..]
            .iter()
            .position(|&b| b == b'>')
            .map_or(bytes.len(), |n| end + n);
        if tag_end > 0 && bytes.get(tag_end - 1) == Some(&b'/') {
            continue;
        }
        depth += 1;
        deepest = deepest.max(depth);
        if name == "script" || name == "style" {
            // Their content is not markup.
            let close = format!("</{name}");
            let rest = &bytes[tag_end.min(bytes.len())..];
            match rest
                .windows(close.len())
                .position(|w| w.eq_ignore_ascii_case(close.as_bytes()))
            {
                Some(n) => i = tag_end + n,
                None => break,
            }
        }
    }
    deepest
}

/// What a page yields: its main text (normalised) and metadata.
#[derive(Debug, Default)]
pub(crate) struct Page {
    /// The main text, paragraphs separated by blank lines, normalised.
    pub text: String,
    /// Headline.
    pub title: Option<String>,
    /// The publication date, when one was found and could be read.
    pub published: Option<Date>,
    /// The first publication date found when none could be read.
    pub unreadable_date: Option<String>,
    /// `og:site_name`.
    pub source: Option<String>,
    /// Canonical URL.
    pub url: Option<String>,
}

/// Reads a decoded HTML page.
///
/// dom_smoothie exposes its parsed document ([`Readability::doc`]) without re-exporting
/// the crate that defines it, so the queries below are written where the node types
/// are inferred rather than in functions that would have to name them.
pub(crate) fn read(html: &str) -> Page {
    let mut readability = Readability::from(html);
    readability.config = Config {
        text_mode: TextMode::Formatted,
        ..Config::default()
    };
    let doc = &readability.doc;

    // `(key, content)` of every `<meta>` with a `property`, `name` or `itemprop`
    // (`property` may hold several keys), keys lower-cased, in document order.
    let metas: Vec<(String, String)> = doc
        .select("meta")
        .nodes()
        .iter()
        .flat_map(|node| {
            let content = node.attr("content").map(|c| c.to_string());
            let keys: Vec<String> = ["property", "name", "itemprop"]
                .iter()
                .filter_map(|attr| node.attr(attr))
                .flat_map(|key| {
                    key.split_whitespace()
                        .map(str::to_ascii_lowercase)
                        .collect::<Vec<_>>()
                })
                .collect();
            keys.into_iter()
                .filter_map(move |k| Some((k, content.clone()?)))
        })
        .collect();
    let meta = |key: &str| -> Option<String> {
        metas
            .iter()
            .filter(|(k, _)| k == key)
            .find_map(|(_, v)| clean(v))
    };

    // Outermost text blocks outside boilerplate, as `(element name, text)`.
    let blocks: Vec<(String, String)> = doc
        .select("p, h1, h2, h3, h4, h5, h6, li")
        .nodes()
        .iter()
        .filter(|node| {
            !node.ancestors_it(None).any(|a| {
                let name = a.node_name();
                let name = name.as_deref().unwrap_or_default();
                is_one_of(name, BOILERPLATE) || is_one_of(name, BLOCKS)
            })
        })
        .filter_map(|node| {
            let name = node.node_name()?.to_ascii_lowercase();
            let text = node.formatted_text().trim().to_string();
            (!text.is_empty()).then_some((name, text))
        })
        .collect();
    let h1 = blocks
        .iter()
        .find(|(name, _)| name == "h1")
        .and_then(|(_, text)| clean(text));

    let mut page = Page {
        source: meta("og:site_name"),
        ..Page::default()
    };
    let title_tag = clean(&doc.select_single("title").text());
    page.title = meta("og:title")
        .or_else(|| title_tag.map(|t| strip_site_name(&t, page.source.as_deref(), h1.as_deref())))
        .or_else(|| h1.clone());

    let canonical = doc.select("link").nodes().iter().find_map(|n| {
        let rel = n.attr("rel")?;
        let is_canonical = rel
            .split_whitespace()
            .any(|r| r.eq_ignore_ascii_case("canonical"));
        if is_canonical {
            clean(&n.attr("href")?)
        } else {
            None
        }
    });
    page.url = canonical.or_else(|| meta("og:url"));

    // The publication date: metadata first (meta tags, JSON-LD, microdata, `<time>`),
    // then a dateline's text, then the page's URL.
    let mut dates: Vec<String> = PUBLISHED_KEYS.iter().filter_map(|k| meta(k)).collect();
    for script in doc.select("script[type]").nodes() {
        let is_json_ld = script
            .attr("type")
            .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json"));
        if is_json_ld {
            dates.extend(json_ld_published(&script.text()));
        }
    }
    dates.extend(
        doc.select("[itemprop=datePublished], time[pubdate], time")
            .nodes()
            .iter()
            .filter_map(|n| n.attr("datetime").or_else(|| n.attr("content")))
            .filter_map(|v| clean(&v)),
    );
    // A year before 1900 is a template's placeholder (`0001-01-01T00:00:00`), not a date.
    let plausible = |d: &Date| (1900..=2099).contains(&d.year());
    page.published = dates
        .iter()
        .find_map(|d| crate::parse_date(d).ok().filter(plausible));
    if page.published.is_none() {
        page.published = doc
            .select("time, [class]")
            .nodes()
            .iter()
            .filter(|n| {
                n.has_name("time")
                    || n.attr("class").is_some_and(|c| {
                        class_words(&c)
                            .iter()
                            .any(|w| DATELINE_WORDS.contains(&w.as_str()))
                    })
            })
            .find_map(|n| crate::date::date_in_text(&n.text()).filter(plausible));
    }
    if page.published.is_none() {
        page.published = page.url.as_deref().and_then(crate::date_from_url);
    }
    if page.published.is_none() {
        page.unreadable_date = dates.into_iter().next();
    }

    // Readability scores what is left; navigation and the like go first so that
    // they cannot end up in a short article's text.
    // The story among several `<article>` elements is found by its heading, which
    // may sit in a `<header>` that goes with the boilerplate: it is marked first.
    if let Some(story) = headline_article(&readability.doc, page.title.as_deref()) {
        story.set_attr(STORY_MARK, "");
    }
    readability.doc.select(&BOILERPLATE.join(", ")).remove();
    strip_hover_cards(&readability.doc);
    strip_furniture(&readability.doc, page.title.as_deref());
    let body = marked_body(&readability.doc).or_else(|| {
        let story = readability.doc.select_single(&format!("[{STORY_MARK}]"));
        story.remove_attr(STORY_MARK);
        story
            .nodes()
            .first()
            .filter(|n| n.normalized_char_count() >= MIN_BODY)
            .map(|n| n.html().to_string())
    });
    if let Some(body) = body {
        // The page marks its article body: readability reads that alone.
        let config = readability.config.clone();
        readability = Readability::from(format!("<html><body>{body}</body></html>").as_str());
        readability.config = config;
    }
    let fallback = normalize_text(
        &blocks
            .into_iter()
            .map(|(_, text)| text)
            .collect::<Vec<_>>()
            .join("\n\n"),
    );
    // The port is a large heuristic over arbitrary markup; should it panic, that counts
    // as "no result" and the fallback is used, so one page cannot stop a batch.
    let parsed = catch_unwind(AssertUnwindSafe(|| readability.parse()));
    let main = match parsed {
        Ok(Ok(article)) => normalize_text(&article.text_content),
        _ => String::new(),
    };
    let text = drop_furniture_lines(&pick_text(main, fallback));
    page.text = drop_headline(&text, [page.title.as_deref(), h1.as_deref()]);
    page
}

/// The `datePublished` values of a JSON-LD block, anywhere in it (`@graph` lists,
/// nested objects), in document order; none when it is not JSON.
fn json_ld_published(text: &str) -> Vec<String> {
    fn walk(value: &serde_json::Value, out: &mut Vec<String>) {
        match value {
            serde_json::Value::Object(map) => {
                if let Some(serde_json::Value::String(date)) = map.get("datePublished") {
                    out.push(date.clone());
                }
                map.values().for_each(|v| walk(v, out));
            }
            serde_json::Value::Array(items) => items.iter().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    if let Ok(value) = serde_json::from_str::<serde_json::Value>(text.trim()) {
        walk(&value, &mut out);
    }
    out
}

/// What the `class` and `id` of an element say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Hint {
    /// Reader comments.
    Comments,
    /// Other furniture around the article.
    Furniture,
}

/// The hint in an element's `class` and `id` (both given in `names`), split into
/// words at anything not a letter or digit.
fn hint(names: &str) -> Option<Hint> {
    let mut furniture = false;
    for word in class_words(names) {
        let word = word.as_str();
        if COMMENT_HINTS.iter().any(|h| word.starts_with(h)) && !word.starts_with("commentar") {
            return Some(Hint::Comments);
        }
        furniture |= FURNITURE_PREFIXES.iter().any(|h| word.starts_with(h))
            || FURNITURE_WORDS.contains(&word);
    }
    furniture.then_some(Hint::Furniture)
}

/// The words of a `class` or `id` value, lower-cased: split at anything not a letter
/// or digit and where a lower-case letter is followed by a capital
/// (`newsCaption-text` → `news`, `caption`, `text`).
fn class_words(names: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut lower_before = false;
    for c in names.chars() {
        if (!c.is_alphanumeric() || (lower_before && c.is_uppercase())) && !word.is_empty() {
            words.push(std::mem::take(&mut word));
        }
        if c.is_alphanumeric() {
            word.extend(c.to_lowercase());
        }
        lower_before = c.is_lowercase();
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

/// Class word pairs that name an article's body (`article-body`, `storyText`,
/// `entry-content`).
const BODY_NAMES: &[(&str, &str)] = &[
    ("article", "body"),
    ("article", "content"),
    ("article", "text"),
    ("story", "body"),
    ("story", "content"),
    ("story", "text"),
    ("entry", "content"),
    ("post", "content"),
    ("post", "body"),
];

/// The HTML of the article body when the page marks exactly one (outermost) element
/// as such, by `itemprop=articleBody` or by a class such as `article-body` or
/// `entry-content`, and it holds at least [`MIN_BODY`] characters of text.
fn marked_body(doc: &Document) -> Option<String> {
    let marked: Vec<NodeRef> = doc
        .select("[itemprop], [class]")
        .nodes()
        .iter()
        .filter(|node| {
            node.attr("itemprop")
                .is_some_and(|v| v.eq_ignore_ascii_case("articleBody"))
                || node.attr("class").is_some_and(|c| {
                    class_words(&c)
                        .windows(2)
                        .any(|w| BODY_NAMES.contains(&(w[0].as_str(), w[1].as_str())))
                })
        })
        .cloned()
        .collect();
    let outermost: Vec<&NodeRef> = marked
        .iter()
        .filter(|node| {
            !node
                .ancestors_it(None)
                .any(|a| marked.iter().any(|m| m.id == a.id))
        })
        .collect();
    match outermost.as_slice() {
        [only] if only.normalized_char_count() >= MIN_BODY => Some(only.html().to_string()),
        _ => None,
    }
}

/// The attribute that marks the story found by [`headline_article`] while the page's
/// boilerplate is removed.
const STORY_MARK: &str = "data-newsfuse-story";

/// On a page of several `<article>` elements (the story, then teasers of other
/// stories), the one whose `<h1>` or `<h2>` is the page's headline (see
/// [`is_headline`]), when it is the only such one.
fn headline_article<'a>(doc: &'a Document, title: Option<&str>) -> Option<NodeRef<'a>> {
    let title = title?;
    let articles = doc.select("article").nodes().to_vec();
    if articles.len() < 2 {
        return None;
    }
    let headed: Vec<NodeRef> = articles
        .iter()
        .filter(|node| {
            !node
                .ancestors_it(None)
                .any(|a| articles.iter().any(|m| m.id == a.id))
        })
        .filter(|node| {
            node.find(&["h1"])
                .iter()
                .chain(node.find(&["h2"]).iter())
                .any(|h| is_headline(&h.text(), title))
        })
        .cloned()
        .collect();
    match headed.as_slice() {
        [only] => Some(*only),
        _ => None,
    }
}

/// The least text a marked article body must hold to be read alone.
const MIN_BODY: usize = 500;

/// How much article text a node holds: the characters of its paragraphs, or of all
/// its text on a page that has (almost) no `<p>`.
fn weight(node: &NodeRef, by_paragraphs: bool) -> usize {
    if !by_paragraphs {
        return node.normalized_char_count();
    }
    let own = if node.has_name("p") {
        node.normalized_char_count()
    } else {
        0
    };
    own + node
        .find(&["p"])
        .iter()
        .map(NodeRef::normalized_char_count)
        .sum::<usize>()
}

/// Removes the blocks around an article that readability could take for part of it:
/// comment threads, and elements whose role, class or id mark them as navigation,
/// related links, sharing, sign-up boxes, captions, bylines and the like. The page
/// and its body always stay, and so does any block that holds the headline, the
/// marked article body (`itemprop=articleBody`), or — unless it is marked as
/// comments — half or more of the page's text. The headline is an `<h1>` that
/// shares words with the page's `title` (see [`is_headline`]); a teaser's `<h1>` in a
/// list of other stories does not protect the list.
fn strip_furniture(doc: &Document, title: Option<&str>) {
    let headlines: Vec<NodeRef> = doc
        .select("h1")
        .nodes()
        .iter()
        .filter(|h| title.is_none_or(|t| is_headline(&h.text(), t)))
        .cloned()
        .collect();
    let paragraphs: usize = doc
        .select("p")
        .nodes()
        .iter()
        .map(NodeRef::normalized_char_count)
        .sum();
    let by_paragraphs = paragraphs >= SHORT_TEXT;
    let total = if by_paragraphs {
        paragraphs
    } else {
        doc.select("body")
            .nodes()
            .iter()
            .map(NodeRef::normalized_char_count)
            .sum()
    };
    for node in doc.select("[class], [id], [role]").nodes() {
        if node.has_name("html") || node.has_name("body") {
            continue;
        }
        let role = node.attr("role").is_some_and(|r| {
            r.split_whitespace()
                .any(|r| is_one_of(r, BOILERPLATE_ROLES))
        });
        let names = format!(
            "{} {}",
            node.attr("class").unwrap_or_default(),
            node.attr("id").unwrap_or_default()
        );
        let found = match hint(&names) {
            Some(h) => Some(h),
            None if role => Some(Hint::Furniture),
            None => None,
        };
        let Some(found) = found else { continue };
        let keeps_article = headlines
            .iter()
            .any(|h| h.id == node.id || h.ancestors_it(None).any(|a| a.id == node.id))
            || node
                .attr("itemprop")
                .is_some_and(|v| v.eq_ignore_ascii_case("articleBody"))
            || node.is(":has([itemprop=articleBody])");
        if keeps_article {
            continue;
        }
        if found == Hint::Furniture && 2 * weight(node, by_paragraphs) >= total && total > 0 {
            continue;
        }
        node.remove_from_parent();
    }
}

/// Removes hover cards from paragraphs: the innermost elements inside a `<p>` that
/// hold an `<img>` and two or more links (a person's picture with links to stories
/// about them, shown when the reader points at the name).
fn strip_hover_cards(doc: &Document) {
    let is_card = |node: &NodeRef| !node.find(&["img"]).is_empty() && node.find(&["a"]).len() >= 2;
    for node in doc.select("p *").nodes() {
        if node.has_name("a") || !is_card(node) {
            continue;
        }
        if node.children().iter().any(|c| c.is_element() && is_card(c)) {
            continue;
        }
        node.remove_from_parent();
    }
}

/// Whether an `<h1>` with this text is the page's headline: half or more of its words
/// (letters and digits, any case) are words of the page's title. On a page whose
/// title shares no words with any `<h1>` (one that only names the site, say), no
/// block is kept for holding an `<h1>`.
fn is_headline(h1: &str, title: &str) -> bool {
    fn words(text: &str) -> Vec<String> {
        text.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    }
    let title = words(title);
    let h1 = words(h1);
    let shared = h1.iter().filter(|w| title.contains(w)).count();
    !h1.is_empty() && 2 * shared >= h1.len()
}

/// Lines that are page furniture however they are marked up: dates of publication
/// and update, photo credits and gallery controls, calls to read on or subscribe.
fn is_furniture_line(line: &str) -> bool {
    const EXACT: &[&str] = &[
        "advertisement",
        "caption",
        "close",
        "continue reading below",
        "story continues below",
        "article continues below",
        "read more",
        "related",
        "related articles",
        "related stories",
        "you may also like",
        "share",
        "share this",
        "share this article",
        "subscribe",
    ];
    const DATED: &[&str] = &[
        "published",
        "updated",
        "posted",
        "last updated",
        "first published",
        "last modified",
    ];
    const CREDIT: &[&str] = &[
        "photo:",
        "photo credit",
        "photograph:",
        "picture:",
        "image copyright",
        "image caption",
        "image:",
        "(photo",
        "credit:",
    ];
    let line = line.trim();
    if line.chars().count() > 100 {
        return false;
    }
    let lower = line.to_lowercase();
    let lower = lower.trim_end_matches([':', '.', '…', ' ']);
    if EXACT.contains(&lower) {
        return true;
    }
    if DATED.iter().any(|d| lower.starts_with(d)) && lower.contains(|c: char| c.is_ascii_digit()) {
        return true;
    }
    if CREDIT.iter().any(|c| lower.starts_with(c)) {
        return true;
    }
    // "Image 3 of 12", "Photo 1 of 8".
    let words: Vec<&str> = lower.split_whitespace().collect();
    matches!(words.as_slice(), [kind, _, "of", _] | [kind, _, "of"] if matches!(*kind, "image" | "photo" | "slide"))
}

/// The text without furniture lines, and without a paragraph of six words or more
/// that repeats an earlier one word for word (a caption shown twice).
fn drop_furniture_lines(text: &str) -> String {
    let mut seen = std::collections::HashSet::new();
    let mut kept: Vec<String> = Vec::new();
    for paragraph in text.split("\n\n") {
        let lines: Vec<&str> = paragraph
            .lines()
            .filter(|line| !is_furniture_line(line))
            .collect();
        let paragraph = lines.join("\n");
        let key = clean(&paragraph).unwrap_or_default();
        if key.is_empty() {
            continue;
        }
        if key.split(' ').count() >= 6 && !seen.insert(key) {
            continue;
        }
        kept.push(paragraph);
    }
    normalize_text(&kept.join("\n\n"))
}

/// The text of an HTML fragment (a feed item's content or description): all of its
/// text, blocks apart (paragraphs by a blank line, `<br>` and list items by a line
/// break), scripts and styles left out, character references decoded; normalised.
/// Unlike [`read`], nothing is judged boilerplate: a fragment is all article.
pub(crate) fn fragment_text(html: &str) -> String {
    let readability = Readability::from(html);
    readability
        .doc
        .select("script, style, noscript, template")
        .remove();
    normalize_text(&readability.doc.formatted_text())
}

/// Whether `html` is a whole page (it has an `<html>` or `<body>` element) rather
/// than a fragment.
pub(crate) fn is_whole_page(html: &str) -> bool {
    let head = &html.as_bytes()[..html.len().min(4096)];
    let lower = head.to_ascii_lowercase();
    [&b"<html"[..], b"<body", b"<!doctype html"]
        .iter()
        .any(|tag| lower.windows(tag.len()).any(|w| w == *tag))
}

/// Readability's text, unless it found nothing or much less than the plain blocks.
fn pick_text(main: String, fallback: String) -> String {
    let main_len = main.chars().count();
    let fallback_len = fallback.chars().count();
    if main_len == 0 || (main_len < SHORT_TEXT && fallback_len > 2 * main_len) {
        fallback
    } else {
        main
    }
}

/// Whether the element name `name` is one of `names`.
fn is_one_of(name: &str, names: &[&str]) -> bool {
    names.iter().any(|n| name.eq_ignore_ascii_case(n))
}

/// Whitespace collapsed to single spaces; `None` when nothing is left.
fn clean(s: &str) -> Option<String> {
    let joined = s.split_whitespace().collect::<Vec<_>>().join(" ");
    (!joined.is_empty()).then_some(joined)
}

/// `Headline | Site` → `Headline`, when the site is known or the headline is the
/// page's `<h1>`.
fn strip_site_name(title: &str, site: Option<&str>, h1: Option<&str>) -> String {
    const SEPARATORS: &[&str] = &[" | ", " - ", " – ", " — ", " :: ", " · ", " : "];
    for sep in SEPARATORS {
        if let Some((head, tail)) = title.rsplit_once(sep) {
            if site.is_some_and(|s| tail.eq_ignore_ascii_case(s)) || h1 == Some(head) {
                return head.to_string();
            }
        }
        if let Some((head, tail)) = title.split_once(sep) {
            if site.is_some_and(|s| head.eq_ignore_ascii_case(s)) || h1 == Some(tail) {
                return tail.to_string();
            }
        }
    }
    title.to_string()
}

/// Removes the first paragraph when it only repeats the headline.
fn drop_headline(text: &str, headlines: [Option<&str>; 2]) -> String {
    let (first, rest) = text.split_once("\n\n").unwrap_or((text, ""));
    let first = clean(first).unwrap_or_default();
    let repeats = headlines
        .iter()
        .flatten()
        .any(|h| first.eq_ignore_ascii_case(h));
    if repeats && !rest.trim().is_empty() {
        normalize_text(rest)
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting_depth_counts_what_must_close() {
        assert_eq!(
            nesting_depth("<html><body><div><p>a<p>b</div></body></html>"),
            3
        );
        assert_eq!(nesting_depth("<ul><li>a<li>b<li>c</ul><br><img src=x>"), 1);
        assert_eq!(nesting_depth("<div/><div/><span></span>"), 1);
        assert_eq!(nesting_depth("<!-- <div><div><div> --><b>x</b>"), 1);
        assert_eq!(
            nesting_depth("<script>if (a<b) { s = '<div><div><div>'; }</SCRIPT><i>x</i>"),
            1
        );
        assert_eq!(nesting_depth("a < b and c <3 d </"), 0);
        assert_eq!(nesting_depth(&"<div>".repeat(20_000)), 20_000);
    }

    #[test]
    fn a_page_nested_too_deep_is_an_error_not_a_stall() {
        let page = format!(
            "<html><body>{}<p>Gunmen killed two people.</p>{}</body></html>",
            "<div>".repeat(5_000),
            "</div>".repeat(5_000)
        );
        let mut items = Vec::new();
        crate::read_reader(
            page.as_bytes(),
            "deep.html",
            Some(crate::Format::Html),
            &crate::Defaults::default(),
            &mut |item| {
                items.push(match item {
                    crate::Item::Error(e) => e.to_string(),
                    other => format!("{other:?}"),
                })
            },
        );
        assert_eq!(
            items,
            vec!["deep.html: HTML nested 5002 elements deep (the limit is 512); not read"]
        );
    }

    fn date(y: i32, m: u32, d: u32) -> Option<Date> {
        Some(Date::new(y, m, d).expect("a calendar day"))
    }

    const BODY: &str = "<p>Gunmen attacked a market in Kano on Monday, killing four people, police said.</p>\n<p>The attackers fled on motorcycles before soldiers arrived at the scene.</p>";

    #[test]
    fn paragraphs_stay_apart() {
        let page = read(&format!(
            "<html><body><div>{BODY}<p>Third<br>line.</p></div></body></html>"
        ));
        assert_eq!(
            page.text,
            "Gunmen attacked a market in Kano on Monday, killing four people, police said.\n\n\
             The attackers fled on motorcycles before soldiers arrived at the scene.\n\n\
             Third\nline."
        );
    }

    #[test]
    fn boilerplate_is_left_out() {
        let html = format!(
            "<html><body><header><p>Breaking news ticker</p></header><nav><ul><li>Home</li><li>Sport</li></ul></nav>\
             <main>{BODY}</main><aside><h3>Related</h3><ul><li>Other story</li></ul></aside>\
             <footer><p>Copyright 2025</p></footer><script>var x = 1;</script></body></html>"
        );
        let page = read(&html);
        assert!(page.text.starts_with("Gunmen attacked"), "{}", page.text);
        for junk in [
            "ticker",
            "Home",
            "Related",
            "Other story",
            "Copyright",
            "var x",
        ] {
            assert!(!page.text.contains(junk), "{junk}: {}", page.text);
        }
    }

    #[test]
    fn fallback_collects_blocks() {
        // Too little for readability to call it an article; the blocks are still text.
        let html = "<html><body><nav><li>Home</li></nav><h2>Curfew in Jos</h2><ul><li>Roads closed</li><li><p>Schools shut</p></li></ul></body></html>";
        let page = read(html);
        assert!(page.text.contains("Roads closed"), "{}", page.text);
        assert!(page.text.contains("Schools shut"), "{}", page.text);
        assert!(!page.text.contains("Home"), "{}", page.text);
        assert!(!page.text.contains("closedSchools"), "{}", page.text);
    }

    #[test]
    fn metadata_alternatives() {
        let html = format!(
            "<html><head><title>Kano Daily - Market attack kills four</title>\
             <meta name=\"DC.date\" content=\"14 June 2025\">\
             <meta property=\"og:url\" content=\"https://kano.example/market\">\
             </head><body><article><h1>Market attack kills four</h1>{BODY}</article></body></html>"
        );
        let page = read(&html);
        assert_eq!(page.title.as_deref(), Some("Market attack kills four"));
        assert_eq!(page.published, date(2025, 6, 14));
        assert_eq!(page.source, None);
        assert_eq!(page.url.as_deref(), Some("https://kano.example/market"));
        assert!(page.text.starts_with("Gunmen attacked"), "{}", page.text);
    }

    #[test]
    fn og_title_and_time_element() {
        let html = format!(
            "<html><head><title>Something else</title><meta property=\"og:title\" content=\" Market  attack \">\
             <meta property=\"og:site_name\" content=\"Kano Daily\"></head>\
             <body><article><time datetime=\"2025-06-16T08:00:00+01:00\">Monday</time>{BODY}</article></body></html>"
        );
        let page = read(&html);
        assert_eq!(page.title.as_deref(), Some("Market attack"));
        assert_eq!(page.published, date(2025, 6, 16));
        assert_eq!(page.source.as_deref(), Some("Kano Daily"));
        assert_eq!(page.unreadable_date, None);
    }

    #[test]
    fn unreadable_date_is_kept_for_the_warning() {
        let html = format!(
            "<html><head><meta name=\"pubdate\" content=\"last Monday\"></head><body>{BODY}</body></html>"
        );
        let page = read(&html);
        assert_eq!(page.published, None);
        assert_eq!(page.unreadable_date.as_deref(), Some("last Monday"));
    }

    #[test]
    fn readability_text_unless_it_is_too_little() {
        let long = "x".repeat(SHORT_TEXT);
        assert_eq!(pick_text(String::new(), "blocks".into()), "blocks");
        assert_eq!(
            pick_text("a short text".into(), "a short text, and more".into()),
            "a short text"
        );
        assert_eq!(
            pick_text("menu".into(), "the whole article text".into()),
            "the whole article text"
        );
        assert_eq!(pick_text(long.clone(), "y".repeat(3 * SHORT_TEXT)), long);
    }

    #[test]
    fn fragments_keep_all_their_text() {
        assert_eq!(
            fragment_text(
                "<p>Gunmen attacked a market in <b>Kano</b>.</p><p>Four died &amp; six were hurt.<br>Police said so.</p>\
                 <script>var x = 1;</script><ul><li>One</li><li>Two</li></ul>"
            ),
            "Gunmen attacked a market in Kano.\n\nFour died & six were hurt.\nPolice said so.\n\nOne\nTwo"
        );
        assert_eq!(fragment_text("Plain &lt;b&gt; text"), "Plain <b> text");
        assert_eq!(fragment_text("<img src=x>"), "");
        assert!(is_whole_page("<!DOCTYPE html><p>x"));
        assert!(is_whole_page("<HTML><body><p>x</p></body></HTML>"));
        assert!(!is_whole_page(
            "<p>A fragment about the <b>body</b> count</p>"
        ));
    }

    #[test]
    fn title_without_site_name() {
        assert_eq!(
            strip_site_name("Headline | Site", Some("site"), None),
            "Headline"
        );
        assert_eq!(
            strip_site_name("Site | Headline", Some("Site"), None),
            "Headline"
        );
        assert_eq!(
            strip_site_name("Headline - Site", None, Some("Headline")),
            "Headline"
        );
        assert_eq!(
            strip_site_name("Kano - a city under curfew", None, None),
            "Kano - a city under curfew"
        );
    }

    #[test]
    fn repeated_headline_is_dropped() {
        assert_eq!(
            drop_headline("Headline\n\nBody.", [Some("headline"), None]),
            "Body."
        );
        assert_eq!(
            drop_headline("Headline\n\nBody.", [None, Some("Headline")]),
            "Body."
        );
        assert_eq!(
            drop_headline("Headline", [Some("Headline"), None]),
            "Headline"
        );
        assert_eq!(
            drop_headline("Other\n\nBody.", [Some("Headline"), None]),
            "Other\n\nBody."
        );
    }

    const STORY: &str = "<p>Flood water rose through the lower town of Ardmore overnight, and the river authority said the levee held at the north bank.</p>\
        <p>Residents of forty houses spent the night in the school hall, where volunteers served soup until the early morning.</p>\
        <p>The mayor said pumping would go on for three more days before the main road could open again to traffic.</p>";

    #[test]
    fn an_h1_is_the_headline_when_half_its_words_are_in_the_title() {
        let title = "Ardmore floods: levee holds overnight - Valley News";
        assert!(is_headline("Ardmore floods", title));
        assert!(is_headline("The levee holds at Ardmore", title));
        assert!(!is_headline("Harbour festival moves to a new date", title));
        assert!(!is_headline("Valley News weekend quiz answers", title));
        assert!(!is_headline("", title));
    }

    #[test]
    fn only_the_headline_h1_keeps_a_furniture_block() {
        let html = format!(
            "<html><head><title>Ardmore floods</title></head><body>\
             <div class=\"story-sidebar\"><h1>Ardmore floods</h1>{STORY}</div>\
             <div class=\"related-list\"><h1>Harbour festival moves</h1>\
             <p>The harbour festival will now take place in the second week of June.</p></div>\
             </body></html>"
        );
        let doc = Document::from(html.as_str());
        strip_furniture(&doc, Some("Ardmore floods"));
        let text = doc.select("body").text();
        assert!(text.contains("Flood water rose"), "{text}");
        assert!(!text.contains("harbour festival"), "{text}");

        // Without a title every `<h1>` counts as the headline, as before.
        let doc = Document::from(html.as_str());
        strip_furniture(&doc, None);
        assert!(doc.select("body").text().contains("harbour festival"));
    }

    #[test]
    fn the_article_headed_by_the_title_is_read_alone() {
        let teaser = |n: usize| {
            format!(
                "<article class=\"teaser\"><header><h2>Quiz night number {n} raises funds</h2></header>\
                 <div class=\"description\"><p>The village quiz team raised money for the new roof of the \
                 community hall, and the organisers thanked every table that came along on the night.</p></div></article>"
            )
        };
        let teasers: String = (1..=8).map(teaser).collect();
        let html = format!(
            "<html><head><title>Ardmore floods: the levee held - Valley News</title></head><body>\
             <article id=\"story\"><header><h2>Ardmore floods: the levee held</h2></header>\
             <div class=\"text\">{STORY}{STORY}</div></article>\
             <section><h1>More stories</h1>{teasers}</section></body></html>"
        );
        let doc = Document::from(html.as_str());
        let story = headline_article(&doc, Some("Ardmore floods: the levee held - Valley News"));
        assert_eq!(story.and_then(|s| s.attr("id")).as_deref(), Some("story"));
        assert!(headline_article(&doc, Some("Valley News")).is_none());

        let page = read(&html);
        assert!(page.text.starts_with("Flood water rose"), "{}", page.text);
        assert!(!page.text.contains("quiz team"), "{}", page.text);
    }

    #[test]
    fn hover_cards_in_paragraphs_are_removed() {
        let doc = Document::from(
            "<html><body><p>The council leader <span class=\"who\"><a href=\"/p/1\">Ann Dale</a>\
             <span class=\"card\"><span><img src=\"d.jpg\"><a href=\"/s/1\">Dale opens the bridge</a>\
             <a href=\"/s/2\">Budget vote delayed</a></span></span></span> said the road opens on Friday.</p>\
             <p>A <a href=\"/a\"><img src=\"i.png\"></a> picture and <a href=\"/b\">a link</a> stay.</p></body></html>",
        );
        strip_hover_cards(&doc);
        let text = doc.select("body").text();
        assert!(
            text.contains("The council leader Ann Dale said the road opens on Friday."),
            "{text}"
        );
        assert!(!text.contains("Budget vote"), "{text}");
        assert!(text.contains("picture and a link stay"), "{text}");
        assert_eq!(doc.select("img").length(), 1);
    }

    #[test]
    fn comment_threads_are_removed_even_when_longer_than_the_article() {
        let comment = "<li class=\"comment\"><div class=\"comment-body\"><p>I live two streets away and the water reached our garden wall before midnight, which never happened before in twenty years.</p></div></li>";
        let html = format!(
            "<html><body><article><h1>Ardmore floods</h1>{STORY}</article>\
             <div id=\"comments\" class=\"comments-area\"><ul class=\"comment-list\">{}</ul></div></body></html>",
            comment.repeat(6)
        );
        let page = read(&html);
        assert!(page.text.starts_with("Flood water rose"), "{}", page.text);
        assert!(!page.text.contains("garden wall"), "{}", page.text);
    }

    #[test]
    fn related_share_newsletter_and_captions_are_removed() {
        let html = format!(
            "<html><body><div class=\"page\"><div class=\"story\"><h1>Ardmore floods</h1>\
             <figure><img src=\"a.jpg\"><figcaption>Sandbags on the quay wall.</figcaption></figure>\
             <p class=\"wp-caption-text\">A pump at the north bank of the river.</p>\
             <span class=\"imageCredit\">Photo agency staff</span>{STORY}\
             <div class=\"shareTools\"><a href=\"#\">Send this story to a friend by email</a></div>\
             <div class=\"newsletter-signup\"><p>Get the morning briefing in your inbox every single weekday.</p></div></div>\
             <div class=\"related-stories\"><h3>More from the region</h3><p>Harbour festival moves to a new date after the storm.</p></div>\
             </div></body></html>"
        );
        let page = read(&html);
        assert!(page.text.starts_with("Flood water rose"), "{}", page.text);
        for junk in [
            "Sandbags",
            "pump at the north",
            "Photo agency",
            "friend by email",
            "morning briefing",
            "More from the region",
            "Harbour festival",
        ] {
            assert!(!page.text.contains(junk), "{junk}: {}", page.text);
        }
    }

    #[test]
    fn a_hinted_block_that_holds_most_of_the_text_stays() {
        // "sidebar" marks the wrapper of both the sidebar and the article: it stays.
        let html = format!(
            "<html><body><div class=\"layout has-sidebar\"><div>{STORY}</div><div class=\"sidebar\"><p>Weather for the week.</p></div></div></body></html>"
        );
        let page = read(&html);
        assert!(page.text.starts_with("Flood water rose"), "{}", page.text);
        assert!(page.text.contains("main road could open"), "{}", page.text);
        assert!(!page.text.contains("Weather for the week"), "{}", page.text);
    }

    #[test]
    fn a_marked_article_body_is_read_alone() {
        let teaser = "<div class=\"teaser\"><h2><a href=\"/x\">Bridge repairs finish early</a></h2><p>Crews finished the repairs on the old stone bridge a full week before the deadline that the council had set in spring.</p></div>";
        let html = format!(
            "<html><body><main><div class=\"article-body\">{STORY}</div>{}</main></body></html>",
            teaser.repeat(5)
        );
        let page = read(&html);
        assert!(page.text.starts_with("Flood water rose"), "{}", page.text);
        assert!(!page.text.contains("stone bridge"), "{}", page.text);
    }

    #[test]
    fn class_words_and_hints() {
        assert_eq!(
            class_words("newsCaption InlineImage-imageEmbedCredit"),
            ["news", "caption", "inline", "image", "image", "embed", "credit"]
        );
        assert_eq!(hint("comment-list"), Some(Hint::Comments));
        assert_eq!(hint("article-commentary"), None);
        assert_eq!(hint("relatedStories"), Some(Hint::Furniture));
        assert_eq!(hint("top ad-slot"), Some(Hint::Furniture));
        assert_eq!(hint("loader heading"), None);
        assert_eq!(hint("entry-content"), None);
    }

    #[test]
    fn furniture_lines_and_repeats_are_dropped() {
        let text = "Updated 5:27 am, Wednesday, June 4, 2025\n\n\
                    Photo: Staff photographer\n\n\
                    Image 1 of 8\n\n\
                    Caption\n\n\
                    Sandbags line the quay wall in the lower town of Ardmore.\n\n\
                    Flood water rose overnight.\nContinue reading below\nThe levee held.\n\n\
                    Sandbags line the quay wall in the lower town of Ardmore.\n\n\
                    Published work on the levee dates from 1998 and was reviewed by the river authority after every flood.";
        assert_eq!(
            drop_furniture_lines(text),
            "Sandbags line the quay wall in the lower town of Ardmore.\n\n\
             Flood water rose overnight.\nThe levee held.\n\n\
             Published work on the levee dates from 1998 and was reviewed by the river authority after every flood."
        );
    }

    #[test]
    fn date_from_json_ld() {
        let html = format!(
            "<html><head><script type=\"application/ld+json\">{{\"@context\":\"https://schema.org\",\"@graph\":[{{\"@type\":\"WebPage\"}},{{\"@type\":\"NewsArticle\",\"datePublished\":\"2025-03-02T10:00:00Z\"}}]}}</script></head>\
             <body><article>{STORY}</article></body></html>"
        );
        assert_eq!(read(&html).published, date(2025, 3, 2));
        assert_eq!(json_ld_published("not json"), Vec::<String>::new());
    }

    #[test]
    fn a_placeholder_date_gives_way() {
        let html = format!(
            "<html><head><meta itemprop=\"datePublished\" content=\"0001-01-01T00:00:00\"></head>\
             <body><article><time datetime=\"2025-03-06T07:00:00Z\">Thursday</time>{STORY}</article></body></html>"
        );
        assert_eq!(read(&html).published, date(2025, 3, 6));
    }

    #[test]
    fn date_from_a_dateline_then_from_the_url() {
        let html = format!(
            "<html><body><article><div class=\"story-dateline\">Posted 9:15 AM, March 4th, 2025</div>{STORY}</article></body></html>"
        );
        assert_eq!(read(&html).published, date(2025, 3, 4));
        let html = format!(
            "<html><head><link rel=\"canonical\" href=\"https://ardmore.example/2025/03/05/floods\"></head><body><article>{STORY}</article></body></html>"
        );
        let page = read(&html);
        assert_eq!(page.published, date(2025, 3, 5));
        assert_eq!(page.unreadable_date, None);
    }
}
