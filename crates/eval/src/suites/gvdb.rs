//! The Gun Violence Database (`gvdb/train.jsonl`): per-article accuracy of the facts
//! extraction gives for a shooting report, against the crowd annotation: people killed,
//! people injured (not killed), the city, and the incident date when the text anchors
//! it. No published end-to-end number exists; the README suggests these measures.
//!
//! A count is the article's figure ([`casualties::article_figure`]: each incident's
//! first `killed`/`wounded` fact, as fusion reads one article, summed over the
//! article's incidents), its value when exact, else its lower bound; an article with
//! no such fact counts 0. The city passes when the place fact names it (any case); the
//! date only when it is a full day, with the URL's date (/2016/01/27/) as the
//! publication date when the URL holds one. Victim and shooter names are scored as
//! sets of strings ([`casualties::name_match`]: exact and token overlap, P/R/F1) against
//! the person mentions the extraction's victim and perpetrator facts cover. Counts are
//! also given for even- and odd-numbered articles apart (one split only: a rule that
//! helps one half and not the other is a fit).

use std::path::Path;

use newsfuse_core::{Attribute, Document, EntityKind, Extraction, Interval, Value};
use serde::Deserialize;

use super::{casualties, read_jsonl, SuiteError};
use crate::score::{Accuracy, Prf, Report, Score};

#[derive(Deserialize)]
struct Article {
    id: String,
    #[serde(default)]
    url: Option<String>,
    text: String,
    incident: Incident,
    counts: Counts,
    #[serde(default)]
    victims: Vec<Person>,
    #[serde(default)]
    shooters: Vec<Person>,
}

#[derive(Deserialize)]
struct Person {
    name: Option<SpanText>,
}

fn names(people: &[Person]) -> Vec<String> {
    people
        .iter()
        .filter_map(|p| p.name.as_ref())
        .map(|n| n.text.trim().to_string())
        .collect()
}

#[derive(Deserialize)]
struct Incident {
    date: Option<String>,
    city: Option<SpanText>,
}

#[derive(Deserialize)]
struct SpanText {
    text: String,
}

#[derive(Deserialize)]
struct Counts {
    killed: u64,
    injured: u64,
}

/// The names of the people the extraction stage puts in `attribute` (victims or
/// perpetrators), over all the article's incidents: the full names (mention keys) of
/// the person mentions its facts' spans cover.
fn person_names(x: &Extraction, attribute: Attribute) -> Vec<String> {
    let facts = x
        .facts
        .iter()
        .chain(x.other_incidents.iter().flat_map(|i| i.facts.iter()))
        .filter(|f| f.attribute == attribute);
    let mut out: Vec<String> = Vec::new();
    for f in facts {
        // A name the extraction gives as the fact's value (a surname resolved to the
        // full name), else the names of the person mentions the fact covers.
        if let Value::Text { text } = &f.value {
            let is_person = x
                .mentions
                .iter()
                .any(|m| m.kind == EntityKind::Person && m.span.overlaps(f.provenance.span));
            if is_person && x.mentions.iter().any(|m| m.key == *text) {
                if !out.contains(text) {
                    out.push(text.clone());
                }
                continue;
            }
        }
        for m in x
            .mentions
            .iter()
            .filter(|m| m.kind == EntityKind::Person && m.span.overlaps(f.provenance.span))
        {
            if !out.contains(&m.key) {
                out.push(m.key.clone());
            }
        }
    }
    out
}

/// One article as scored: the key's counts and the extraction's, its names.
#[derive(Debug, Clone)]
pub struct Case {
    /// The article id.
    pub id: String,
    /// Killed and injured by the annotation.
    pub gold: (u64, u64),
    /// Killed and wounded by the extraction stage ([`casualties::article_figure`]).
    pub got: (Interval, Interval),
    /// Victim names: the annotation's and the extraction's.
    pub victims: (Vec<String>, Vec<String>),
    /// Shooter names: the annotation's and the extraction's.
    pub shooters: (Vec<String>, Vec<String>),
    /// Whether the city, and the date, passed (`None` when the key has none).
    pub city: Option<bool>,
    /// See `city`.
    pub date: Option<bool>,
    /// What the place and date were read from, for listing failures.
    pub detail: Detail,
}

/// The key's city and date beside the extraction's place and date facts and what they
/// were chosen from, for reading failures by hand (`examples/gvdb_place_date.rs`).
#[derive(Debug, Clone, Default)]
pub struct Detail {
    /// The key's city and incident date.
    pub gold_city: Option<String>,
    /// See `gold_city`.
    pub gold_date: Option<String>,
    /// The publication date given to the extraction (from the URL).
    pub published: Option<String>,
    /// The main incident's place fact: name, kind, country code, the words it was read
    /// from.
    pub place: Option<String>,
    /// The main incident's date fact (ISO) and the words it was read from.
    pub date: Option<String>,
    /// Every place mention: sentence index, words, resolved name/kind/country, and
    /// whether its sentence has an attack trigger.
    pub places: Vec<String>,
    /// Every time expression: sentence index, words, value.
    pub times: Vec<String>,
}

fn detail(a: &Article, doc: &Document, x: &Extraction) -> Detail {
    let text = doc.text.as_str();
    let words = |sp: newsfuse_core::Span| sp.slice(text).unwrap_or("").replace('\n', " ");
    let sentence_of = |sp: newsfuse_core::Span| x.sentences.iter().position(|s| s.contains(sp));
    let event_sentences: Vec<u32> = x.events.iter().map(|e| e.sentence).collect();
    let place = x.facts.iter().find_map(|f| match &f.value {
        Value::Place { place } if f.attribute == Attribute::Place => Some(format!(
            "{} [{} {}] from {:?} (s{})",
            place.name,
            place.kind,
            place.country_code,
            words(f.provenance.span),
            f.provenance.sentence
        )),
        _ => None,
    });
    let date = x.facts.iter().find_map(|f| match &f.value {
        Value::Time { time } if f.attribute == Attribute::Date => Some(format!(
            "{} from {:?} (s{})",
            time.iso(),
            words(f.provenance.span),
            f.provenance.sentence
        )),
        _ => None,
    });
    let places = x
        .mentions
        .iter()
        .filter(|m| m.kind == EntityKind::Place)
        .map(|m| {
            let s = sentence_of(m.span);
            let ev = s.is_some_and(|s| event_sentences.contains(&(s as u32)));
            let resolved = m.place.as_ref().map_or("-".to_string(), |p| {
                format!("{} [{} {}]", p.name, p.kind, p.country_code)
            });
            format!(
                "s{}{} {:?} -> {}",
                s.map_or("?".into(), |s| s.to_string()),
                if ev { "*" } else { "" },
                words(m.span),
                resolved
            )
        })
        .collect();
    let times = x
        .times
        .iter()
        .map(|(sp, r)| {
            let s = sentence_of(*sp);
            let ev = s.is_some_and(|s| event_sentences.contains(&(s as u32)));
            let value = match r {
                newsfuse_core::TimeRef::Point { value } => value.iso(),
                other => format!("{other:?}"),
            };
            format!(
                "s{}{} {:?} = {}",
                s.map_or("?".into(), |s| s.to_string()),
                if ev { "*" } else { "" },
                words(*sp),
                value
            )
        })
        .collect();
    Detail {
        gold_city: a.incident.city.as_ref().map(|c| c.text.trim().to_string()),
        gold_date: a.incident.date.clone(),
        published: doc.published.map(|d| d.to_string()),
        place,
        date,
        places,
        times,
    }
}

impl Case {
    /// Whether the killed figure is the key's.
    pub fn killed_ok(&self) -> bool {
        casualties::point(self.got.0) == self.gold.0
    }

    /// Whether the wounded figure is the key's injured.
    pub fn injured_ok(&self) -> bool {
        casualties::point(self.got.1) == self.gold.1
    }
}

fn case(a: &Article) -> Case {
    let mut doc = Document::bare(a.id.clone(), a.text.clone());
    // The publication day a real pipeline knows: the article's URL gives it when it
    // holds one (/2016/01/27/); the benchmark has no other.
    doc.url = a.url.clone();
    doc.published = a.url.as_deref().and_then(newsfuse_ingest::date_from_url);
    let x = newsfuse_extract::extract(&doc);
    let city = a.incident.city.as_ref().map(|gold_city| {
        let want = gold_city.text.trim().to_lowercase();
        x.facts.iter().any(|f| match &f.value {
            Value::Place { place } if f.attribute == Attribute::Place => {
                place.name.to_lowercase() == want
            }
            _ => false,
        })
    });
    let date = a.incident.date.as_ref().map(|gold_date| {
        x.facts.iter().any(|f| match &f.value {
            Value::Time { time } if f.attribute == Attribute::Date => time.iso() == *gold_date,
            _ => false,
        })
    });
    Case {
        id: a.id.clone(),
        gold: (a.counts.killed, a.counts.injured),
        got: (
            casualties::article_figure(&x, Attribute::Killed),
            casualties::article_figure(&x, Attribute::Wounded),
        ),
        victims: (names(&a.victims), person_names(&x, Attribute::Victims)),
        shooters: (
            names(&a.shooters),
            person_names(&x, Attribute::PerpetratorInd),
        ),
        city,
        date,
        detail: detail(a, &doc, &x),
    }
}

/// Every article of `path` as scored, with its text (for listing failures).
pub fn cases(path: &Path) -> Result<Vec<(Case, String)>, SuiteError> {
    let articles: Vec<Article> = read_jsonl(path)?;
    Ok(articles.iter().map(|a| (case(a), a.text.clone())).collect())
}

fn tally(acc: &mut Accuracy, ok: bool) {
    acc.total += 1;
    acc.passed += u64::from(ok);
}

/// Scores extraction on every article of `path`.
pub fn run(path: &Path) -> Result<Report, SuiteError> {
    let articles: Vec<Article> = read_jsonl(path)?;
    let acc = |n: usize| vec![Accuracy::default(); n];
    // killed, injured, city, date, both counts.
    let mut all = acc(5);
    // killed, injured, both counts, city, date: even-numbered articles, then odd.
    let mut halves = [acc(5), acc(5)];
    let mut names = [Prf::default(); 4];
    // victim and shooter names (exact): even-numbered articles, then odd.
    let mut name_halves = [[Prf::default(); 2]; 2];
    for (i, a) in articles.iter().enumerate() {
        let c = case(a);
        let (k, j) = (c.killed_ok(), c.injured_ok());
        tally(&mut all[0], k);
        tally(&mut all[1], j);
        if let Some(ok) = c.city {
            tally(&mut all[2], ok);
        }
        if let Some(ok) = c.date {
            tally(&mut all[3], ok);
        }
        tally(&mut all[4], k && j);
        for (slot, ok) in [k, j, k && j].into_iter().enumerate() {
            tally(&mut halves[i % 2][slot], ok);
        }
        for (slot, ok) in [(3, c.city), (4, c.date)] {
            if let Some(ok) = ok {
                tally(&mut halves[i % 2][slot], ok);
            }
        }
        let (ve, vo) = casualties::name_match(&c.victims.0, &c.victims.1);
        let (se, so) = casualties::name_match(&c.shooters.0, &c.shooters.1);
        for (slot, prf) in [ve, vo, se, so].iter().enumerate() {
            names[slot].add(prf);
        }
        name_halves[i % 2][0].add(&ve);
        name_halves[i % 2][1].add(&se);
    }
    let mut per_class: Vec<(String, Score)> = ["killed", "injured", "city", "date"]
        .iter()
        .zip(&all)
        .map(|(n, a)| (n.to_string(), Score::Accuracy(*a)))
        .collect();
    per_class.extend(
        [
            "victim_names",
            "victim_names_overlap",
            "shooter_names",
            "shooter_names_overlap",
        ]
        .iter()
        .zip(names)
        .map(|(n, p)| (n.to_string(), Score::Prf(p))),
    );
    let mut extra = Vec::new();
    for (half, rows) in ["even", "odd"].iter().zip(&halves) {
        for (n, a) in ["killed", "injured", "both", "city", "date"]
            .iter()
            .zip(rows)
        {
            extra.push((format!("{half}/{n}"), Score::Accuracy(*a)));
        }
    }
    for (half, rows) in ["even", "odd"].iter().zip(&name_halves) {
        for (n, p) in ["victim_names", "shooter_names"].iter().zip(rows) {
            extra.push((format!("{half}/{n}"), Score::Prf(*p)));
        }
    }
    Ok(Report {
        bench: "gvdb".into(),
        data: path.display().to_string(),
        overall: Score::Accuracy(all[4]),
        per_class,
        extra,
        notes: vec![
            format!(
                "{} articles; overall = killed and injured both exact",
                articles.len()
            ),
            "counts: the extraction's figure summed over the article's incidents (each \
             incident's first killed / wounded fact, as fusion reads it), exact when it is \
             a point, else its lower bound"
                .into(),
            "names: victims' and shooters' names as sets of strings (lower-cased, \
             punctuation removed), P/R/F1 exact and by a shared word (token overlap), one \
             to one; the extraction's names are the person mentions its victim and \
             perpetrator facts cover"
                .into(),
            "publication date: the URL's date (/2016/01/27/) when it holds one, as a real \
             pipeline would know it; relative dates in other articles stay unresolved"
                .into(),
            "even / odd: the counts, city, date and names (exact) on even- and \
             odd-numbered articles (0-based), to tell a general rule from a fit"
                .into(),
        ],
    })
}
