//! Fusion: the reports of one event become one [`Incident`] whose every attribute keeps
//! the sources that support it and those that disagree; actors are collected across
//! incidents into [`ActorRecord`]s.
//!
//! Rules, per attribute:
//! - counts (`killed`, `wounded`, `attackers`) are intervals and are intersected;
//!   consistent but different casualty figures are an update (the toll moved), an
//!   empty intersection is an update when later-dated reports only raise the figure,
//!   and a conflict otherwise;
//! - single-valued attributes (date, place, facility, event type) agree when their
//!   values are compatible (`--03-22` and `2024-03-22`; Moscow and Russia) and conflict
//!   otherwise;
//! - set-valued attributes (victims, targets, weapons, claims, …) keep each distinct
//!   value, marked single-source when one article states it;
//! - claims of responsibility next to accusations or denials become a `responsibility`
//!   dispute listing every side.
//!
//! - where sources contradict each other, outlets can be weighed by reliability
//!   ([`Reliability`], read from a TOML table): the value whose supporters weigh most
//!   is best, and the note gives the weights.
//! - a fact an article dates relative to the incident ("two days after the attack, the
//!   toll rose to 9", [`newsfuse_core::IncidentTime`]) is counted from the incident's
//!   fused date ([`newsfuse_core::SourceTime`] on its source, with the articles that
//!   give that date); it stays relative while the date is unknown or contradicted. A
//!   toll so dated is ordered by that day, not by its article's publication day.
//!
//! Pure: no I/O; the same reports in the same order always give the same output.
#![deny(missing_docs)]

use std::collections::{BTreeMap, BTreeSet};

mod actors;
mod reliability;

pub use actors::{report_actors, ActorBuilder, ReportActors};
pub use reliability::{Reliability, ReliabilityError};

use newsfuse_core::{
    ActorRecord, Attribute, Date, DocId, Document, Extraction, Fact, FusedFact, Incident, Interval,
    Qualifier, Quantity, SourceRef, SourceTime, Stance, Status, TimeValue, Value,
};

/// One article with what was extracted from it.
#[derive(Debug, Clone, Copy)]
pub struct Report<'a> {
    /// The article.
    pub doc: &'a Document,
    /// Its extraction.
    pub extraction: &'a Extraction,
}

/// The incident's date that times relative to the incident are counted from: the
/// fused date, unless its sources contradict each other.
#[derive(Debug, Clone)]
struct Anchor {
    value: TimeValue,
    /// The articles that give it, and their labels for notes.
    articles: Vec<DocId>,
    labels: Vec<String>,
}

impl Anchor {
    fn of(date: &FusedFact) -> Option<Anchor> {
        let Value::Time { time } = &date.value else {
            return None;
        };
        if date.status == Status::Conflict || time.date_range().is_none() {
            return None;
        }
        let mut articles: Vec<DocId> = Vec::new();
        let mut labels = Vec::new();
        for s in &date.sources {
            if !articles.contains(&s.provenance.doc) {
                articles.push(s.provenance.doc.clone());
                labels.push(label(s));
            }
        }
        Some(Anchor {
            value: *time,
            articles,
            labels,
        })
    }
}

/// The source of `fact` from `report`; when the report dates the fact relative to the
/// incident, that time, counted from `anchor` (else from a date the phrase itself
/// gives, "two days after Saturday's bombing").
fn source(report: &Report<'_>, fact: &Fact, anchor: Option<&Anchor>) -> SourceRef {
    let when = report.extraction.relative_time_of(fact).map(|t| {
        let (base, articles) = match (anchor, t.time.anchor_time) {
            (Some(a), _) => (Some(a.value), a.articles.clone()),
            (None, Some(own)) => (Some(own), vec![report.doc.id.clone()]),
            (None, None) => (None, Vec::new()),
        };
        let resolved = base.and_then(|b| t.time.offset.resolve(&b));
        SourceTime {
            span: t.time.span,
            offset: t.time.offset,
            anchor: base.filter(|_| resolved.is_some()),
            anchor_articles: if resolved.is_some() {
                articles
            } else {
                Vec::new()
            },
            resolved,
        }
    });
    SourceRef {
        value: fact.value.clone(),
        provenance: fact.provenance.clone(),
        published: report.doc.published,
        outlet: report.doc.source.clone(),
        when,
    }
}

/// The day a source's statement holds: the day its relative time resolves to, else its
/// article's publication day.
fn stated_on(s: &SourceRef) -> Option<Date> {
    s.when
        .as_ref()
        .and_then(|w| w.resolved)
        .filter(|r| r.range.first == r.range.last)
        .map(|r| r.range.first)
        .or(s.published)
}

/// A short label for a source in notes: the outlet, else the article id.
fn label(s: &SourceRef) -> String {
    match &s.outlet {
        Some(outlet) => format!("{outlet} ({})", s.provenance.doc),
        None => s.provenance.doc.to_string(),
    }
}

fn count_of(value: &Value) -> Option<Interval> {
    match value {
        Value::Count { quantity } => Some(quantity.interval),
        _ => None,
    }
}

fn qualifier_for(interval: Interval) -> Qualifier {
    match (interval.point(), interval.min(), interval.max()) {
        (Some(_), _, _) => Qualifier::Exact,
        (None, _, None) => Qualifier::AtLeast,
        (None, 0, Some(_)) => Qualifier::UpTo,
        _ => Qualifier::Between,
    }
}

fn count_value(interval: Interval, noun: Option<String>) -> Value {
    Value::Count {
        quantity: Quantity {
            interval,
            qualifier: qualifier_for(interval),
            noun,
        },
    }
}

/// Per article, the first fact about `attribute` (one article is one source); for a
/// toll, the one the article dates latest after the attack ("two days after the
/// attack, the toll rose to 9") when it dates one so, since that is its latest word.
fn first_per_article(
    reports: &[Report<'_>],
    attribute: Attribute,
    anchor: Option<&Anchor>,
) -> Vec<SourceRef> {
    let mut out = Vec::new();
    for report in reports {
        let mut facts = report
            .extraction
            .facts
            .iter()
            .filter(|f| f.attribute == attribute);
        let first = facts.next();
        let latest = if is_toll(attribute) && !report.extraction.relative_times.is_empty() {
            first
                .into_iter()
                .chain(facts)
                .filter_map(|f| Some((days_after(report.extraction.relative_time_of(f)?)?, f)))
                .max_by_key(|(days, _)| *days)
                .map(|(_, f)| f)
        } else {
            None
        };
        if let Some(fact) = latest.or(first) {
            out.push(source(report, fact, anchor));
        }
    }
    out
}

/// About how many days after the incident a time relative to it lies: `None` before
/// it; an amount not said counts as one unit ("days after"), hours as none.
fn days_after(t: &newsfuse_core::IncidentTime) -> Option<u64> {
    use newsfuse_core::{Direction, DurationUnit};
    let offset = t.time.offset;
    if offset.direction == Direction::Before {
        return None;
    }
    let per = match offset.unit {
        DurationUnit::Second | DurationUnit::Minute | DurationUnit::Hour => 0,
        DurationUnit::Day => 1,
        DurationUnit::Week => 7,
        DurationUnit::Month => 30,
        DurationUnit::Quarter => 91,
        DurationUnit::Year => 365,
        DurationUnit::Decade => 3652,
        DurationUnit::Century => 36524,
    };
    Some(per * u64::from(offset.amount.unwrap_or(1)))
}

fn is_toll(attribute: Attribute) -> bool {
    matches!(attribute, Attribute::Killed | Attribute::Wounded)
}

/// The weight of a source's outlet, in thousandths (so that sums compare exactly).
fn milli(reliability: &Reliability, s: &SourceRef) -> u64 {
    (reliability.weight(s.outlet.as_deref()) * 1000.0).round() as u64
}

/// ", weighed by outlet reliability: A 0.9, B 0.2" when weights are not all equal.
fn weights_note(reliability: &Reliability, sources: &[SourceRef]) -> String {
    if reliability.is_uniform() {
        return String::new();
    }
    let parts: Vec<String> = sources
        .iter()
        .map(|s| {
            format!(
                "{} {}",
                s.outlet.as_deref().unwrap_or(&s.provenance.doc.0),
                reliability.weight(s.outlet.as_deref())
            )
        })
        .collect();
    format!("; weighed by outlet reliability: {}", parts.join(", "))
}

fn fuse_count(
    attribute: Attribute,
    sources: Vec<SourceRef>,
    reliability: &Reliability,
) -> Option<FusedFact> {
    let first = sources.first()?;
    let noun = match &first.value {
        Value::Count { quantity } => quantity.noun.clone(),
        _ => None,
    };
    let intervals: Vec<Interval> = sources.iter().filter_map(|s| count_of(&s.value)).collect();
    if sources.len() == 1 {
        return Some(FusedFact {
            attribute,
            value: first.value.clone(),
            status: Status::SingleSource,
            note: format!("only {} states it", label(first)),
            sources,
            disagreeing: Vec::new(),
        });
    }
    let described: Vec<String> = sources
        .iter()
        .filter_map(|s| count_of(&s.value).map(|i| format!("{i} ({})", label(s))))
        .collect();
    let intersection = intervals
        .iter()
        .skip(1)
        .try_fold(intervals[0], |acc, i| acc.intersect(*i));
    if let Some(fused) = intersection {
        let all_same = intervals.iter().all(|i| *i == intervals[0]);
        let (status, note) = if all_same {
            (Status::Agreed, format!("all sources give {fused}"))
        } else if is_toll(attribute) {
            (
                Status::Updated,
                format!(
                    "consistent figures, the most precise is the update: {} give {fused}",
                    described.join(" and ")
                ),
            )
        } else {
            (
                Status::Agreed,
                format!(
                    "consistent ranges intersected: {} give {fused}",
                    described.join(" ∩ ")
                ),
            )
        };
        return Some(FusedFact {
            attribute,
            value: count_value(fused, noun),
            status,
            sources,
            disagreeing: Vec::new(),
            note,
        });
    }
    // No value satisfies every source. A toll that only rises with publication date is
    // an update; anything else is a contradiction.
    if is_toll(attribute) {
        let mut dated: Vec<&SourceRef> = sources.iter().collect();
        if dated.iter().all(|s| stated_on(s).is_some()) {
            dated.sort_by_key(|s| stated_on(s));
            let latest_day = dated.last().and_then(|s| stated_on(s));
            let latest: Vec<&SourceRef> = dated
                .iter()
                .copied()
                .filter(|s| stated_on(s) == latest_day)
                .collect();
            let latest_fused = latest
                .iter()
                .filter_map(|s| count_of(&s.value))
                .try_fold(Interval::at_least(0), |acc, i| acc.intersect(i));
            let rising =
                dated
                    .windows(2)
                    .all(|w| match (count_of(&w[0].value), count_of(&w[1].value)) {
                        (Some(a), Some(b)) => {
                            stated_on(w[0]) == stated_on(w[1]) && a.is_consistent_with(b)
                                || (stated_on(w[0]) < stated_on(w[1]) && b.min() >= a.min())
                        }
                        _ => false,
                    });
            // "14 dead, revising an earlier figure of 15": the latest report corrects
            // the earlier ones, so its figure stands even when it is lower.
            // (A report of the same day that still gives the old figure is the one
            // corrected.)
            let correcting = latest
                .iter()
                .filter(|s| s.provenance.corrects)
                .filter_map(|s| count_of(&s.value))
                .try_fold(None, |acc: Option<Interval>, i| match acc {
                    None => Some(Some(i)),
                    Some(a) => a.intersect(i).map(Some),
                })
                .flatten();
            let corrected = !rising && correcting.is_some();
            let best = if corrected { correcting } else { latest_fused };
            if let (true, Some(best)) = (rising || corrected, best) {
                let (support, superseded): (Vec<SourceRef>, Vec<SourceRef>) = sources
                    .iter()
                    .cloned()
                    .partition(|s| count_of(&s.value).is_some_and(|i| i.is_consistent_with(best)));
                let history: Vec<String> = dated
                    .iter()
                    .filter_map(|s| {
                        let relative = match s.when.as_ref().filter(|w| w.resolved.is_some()) {
                            Some(w) => format!(", {} the incident", w.offset.describe()),
                            None => String::new(),
                        };
                        Some(format!(
                            "{} on {}{relative} ({})",
                            count_of(&s.value)?,
                            stated_on(s)?,
                            label(s)
                        ))
                    })
                    .collect();
                return Some(FusedFact {
                    attribute,
                    value: count_value(best, noun),
                    status: Status::Updated,
                    sources: support,
                    disagreeing: superseded,
                    note: if corrected {
                        format!(
                            "corrected toll, the latest report revises an earlier figure: {}",
                            history.join(" → ")
                        )
                    } else {
                        format!(
                            "rising toll, latest figure is best: {}",
                            history.join(" → ")
                        )
                    },
                });
            }
        }
    }
    // Contradiction: the value the most sources support, weighed by their outlets'
    // reliability (ties: the first), is shown; every other value is listed as
    // disagreeing.
    let counted: Vec<(Interval, u64)> = sources
        .iter()
        .filter_map(|s| Some((count_of(&s.value)?, milli(reliability, s))))
        .collect();
    let mut best_idx = 0;
    let mut best_support = None;
    for (idx, (i, _)) in counted.iter().enumerate() {
        let support: u64 = counted
            .iter()
            .filter(|(j, _)| i.is_consistent_with(*j))
            .map(|(_, w)| w)
            .sum();
        if best_support.is_none_or(|b| support > b) {
            best_support = Some(support);
            best_idx = idx;
        }
    }
    let best = counted[best_idx].0;
    let weights = weights_note(reliability, &sources);
    let (support, disagreeing): (Vec<SourceRef>, Vec<SourceRef>) = sources
        .into_iter()
        .partition(|s| count_of(&s.value).is_some_and(|i| i.is_consistent_with(best)));
    Some(FusedFact {
        attribute,
        value: count_value(best, noun),
        status: Status::Conflict,
        note: format!(
            "sources contradict each other: {}{weights}",
            described.join(" vs ")
        ),
        sources: support,
        disagreeing,
    })
}

/// Whether two values of a single-valued attribute can both be true, and which is
/// the more specific.
fn compatible(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Time { time: x }, Value::Time { time: y }) => x.is_compatible(y),
        (Value::Place { place: x }, Value::Place { place: y }) => {
            // One name read as two places ("Tripoli": Lebanon's by a report that names
            // the country, Libya's by one that does not): the reports of one incident
            // name one town.
            if x.same_name_read_apart(y) {
                return true;
            }
            if x.country_code != y.country_code {
                return false;
            }
            if x.kind == "country" || y.kind == "country" {
                return true;
            }
            // Two places within 60 km are one site described at different precision
            // (a suburb and its city).
            distance_km(x.lat, x.lon, y.lat, y.lon) <= 60.0
        }
        (Value::EventType { event_type: x }, Value::EventType { event_type: y }) => {
            x == y || !x.is_specific() || !y.is_specific()
        }
        _ => a.key() == b.key(),
    }
}

fn specificity(value: &Value) -> u8 {
    match value {
        Value::Time { time } => time.specificity(),
        Value::Place { place } => match place.kind.as_str() {
            "country" => 0,
            "region" => 1,
            _ => 2,
        },
        Value::EventType { event_type } => u8::from(event_type.is_specific()),
        _ => 0,
    }
}

/// Great-circle distance in kilometres.
pub fn distance_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = (lat2 - lat1).to_radians();
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0 * a.sqrt().asin()
}

fn fuse_single(
    attribute: Attribute,
    sources: Vec<SourceRef>,
    reliability: &Reliability,
) -> Option<FusedFact> {
    let first = sources.first()?;
    // Pick the value that explains the most sources (those compatible with it and no
    // more specific: "Nigeria" is explained by "Maiduguri", not the other way round),
    // weighed by their outlets' reliability; among those, the most specific.
    let mut best = first.value.clone();
    let mut best_rank = None;
    for s in &sources {
        let support: u64 = sources
            .iter()
            .filter(|o| {
                compatible(&s.value, &o.value) && specificity(&o.value) <= specificity(&s.value)
            })
            .map(|o| milli(reliability, o))
            .sum();
        // Ties go to the reading more sources give as such (then to the first).
        let same: u64 = sources
            .iter()
            .filter(|o| o.value.key() == s.value.key())
            .map(|o| milli(reliability, o))
            .sum();
        let rank = (support, specificity(&s.value), same);
        if best_rank.is_none_or(|b| rank > b) {
            best_rank = Some(rank);
            best = s.value.clone();
        }
    }
    let (support, disagreeing): (Vec<SourceRef>, Vec<SourceRef>) = sources
        .into_iter()
        .partition(|s| compatible(&s.value, &best));
    let n_articles = support
        .iter()
        .map(|s| &s.provenance.doc)
        .collect::<BTreeSet<_>>()
        .len();
    let (status, note) = if !disagreeing.is_empty() {
        let others: Vec<String> = disagreeing
            .iter()
            .map(|s| format!("{} ({})", s.value.display(), label(s)))
            .collect();
        let all: Vec<SourceRef> = support.iter().chain(&disagreeing).cloned().collect();
        (
            Status::Conflict,
            format!(
                "{} ({} source{}) against {}{}",
                best.display(),
                support.len(),
                if support.len() == 1 { "" } else { "s" },
                others.join(", "),
                weights_note(reliability, &all)
            ),
        )
    } else if n_articles == 1 {
        (
            Status::SingleSource,
            format!("only {} states it", label(&support[0])),
        )
    } else {
        let stated: BTreeSet<String> = support.iter().map(|s| s.value.display()).collect();
        let read_apart: Vec<String> = support
            .iter()
            .filter_map(|s| match (&s.value, &best) {
                (Value::Place { place: x }, Value::Place { place: y })
                    if x.same_name_read_apart(y) =>
                {
                    Some(format!(
                        "{} read {} as {}",
                        label(s),
                        x.name,
                        s.value.display()
                    ))
                }
                _ => None,
            })
            .collect();
        if !read_apart.is_empty() {
            (
                Status::Agreed,
                format!(
                    "{n_articles} sources agree: {}; taken as the others' {}",
                    read_apart.join("; "),
                    best.display()
                ),
            )
        } else if stated.len() == 1 {
            (Status::Agreed, format!("{n_articles} sources agree"))
        } else {
            (
                Status::Agreed,
                format!(
                    "{n_articles} sources agree at different precision ({}); the most precise is kept",
                    stated.into_iter().collect::<Vec<_>>().join("; ")
                ),
            )
        }
    };
    Some(FusedFact {
        attribute,
        value: best,
        status,
        sources: support,
        disagreeing,
        note,
    })
}

fn fuse_set(
    reports: &[Report<'_>],
    attribute: Attribute,
    anchor: Option<&Anchor>,
) -> Vec<FusedFact> {
    // value key -> (value, sources, one per article)
    let mut by_value: BTreeMap<String, (Value, Vec<SourceRef>)> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    for report in reports {
        for fact in report
            .extraction
            .facts
            .iter()
            .filter(|f| f.attribute == attribute)
        {
            let key = fact.value.key();
            let entry = by_value.entry(key.clone()).or_insert_with(|| {
                order.push(key.clone());
                (fact.value.clone(), Vec::new())
            });
            if !entry.1.iter().any(|s| s.provenance.doc == report.doc.id) {
                entry.1.push(source(report, fact, anchor));
            }
        }
    }
    order
        .into_iter()
        .filter_map(|key| by_value.remove(&key))
        .map(|(value, sources)| {
            let (status, note) = if sources.len() == 1 {
                (
                    Status::SingleSource,
                    format!("only {} states it", label(&sources[0])),
                )
            } else {
                (
                    Status::Agreed,
                    format!("{} sources state it", sources.len()),
                )
            };
            FusedFact {
                attribute,
                value,
                status,
                sources,
                disagreeing: Vec::new(),
                note,
            }
        })
        .collect()
}

fn stance_of(fact: &FusedFact) -> Option<&Stance> {
    match &fact.value {
        Value::Stance { stance } => Some(stance),
        _ => None,
    }
}

/// Claims next to accusations, denials or rival claims become one `responsibility`
/// fact with status `conflict`: claims and accusations support it, denials disagree.
fn responsibility(facts: &[FusedFact]) -> Option<FusedFact> {
    let claims: Vec<&FusedFact> = facts
        .iter()
        .filter(|f| f.attribute == Attribute::Claim)
        .collect();
    let accusations: Vec<&FusedFact> = facts
        .iter()
        .filter(|f| f.attribute == Attribute::Accusation)
        .collect();
    let denials: Vec<&FusedFact> = facts
        .iter()
        .filter(|f| f.attribute == Attribute::Denial)
        .collect();
    let claimants: BTreeSet<String> = claims
        .iter()
        .filter_map(|f| stance_of(f).and_then(|s| s.by.clone()))
        .collect();
    let disputed = !accusations.is_empty() || !denials.is_empty() || claimants.len() > 1;
    if claims.is_empty() && accusations.is_empty() || !disputed {
        return None;
    }
    let mut parts = Vec::new();
    for f in &claims {
        if let Some(s) = stance_of(f) {
            parts.push(format!(
                "{} claimed responsibility",
                s.by.as_deref().unwrap_or("someone")
            ));
        }
    }
    for f in &accusations {
        if let Some(s) = stance_of(f) {
            let hedged = f
                .sources
                .iter()
                .any(|src| src.provenance.attribution.hedge.is_some());
            parts.push(format!(
                "{} {} {}",
                s.by.as_deref().unwrap_or("someone"),
                if hedged {
                    "hinted at the involvement of"
                } else {
                    "accused"
                },
                s.about.as_deref().unwrap_or("another party")
            ));
        }
    }
    for f in &denials {
        if let Some(s) = stance_of(f) {
            parts.push(format!(
                "{} denied involvement",
                s.by.as_deref().unwrap_or("someone")
            ));
        }
    }
    let sources: Vec<SourceRef> = claims
        .iter()
        .chain(accusations.iter())
        .flat_map(|f| f.sources.iter().cloned())
        .collect();
    let disagreeing: Vec<SourceRef> = denials
        .iter()
        .flat_map(|f| f.sources.iter().cloned())
        .collect();
    Some(FusedFact {
        attribute: Attribute::Responsibility,
        value: Value::Text {
            text: format!("disputed: {}", parts.join("; ")),
        },
        status: Status::Conflict,
        note: "responsibility is disputed; every side is kept".to_string(),
        sources,
        disagreeing,
    })
}

/// Fuses the reports of one event into an incident. `reports` are in storage order; the
/// incident's id derives from the first one, so it stays put as reports are added.
/// Every outlet weighs the same; see [`fuse_incident_with`].
pub fn fuse_incident(reports: &[Report<'_>]) -> Incident {
    fuse_incident_with(reports, &Reliability::default())
}

/// [`fuse_incident`] with outlets weighed by `reliability` where sources contradict
/// each other.
pub fn fuse_incident_with(reports: &[Report<'_>], reliability: &Reliability) -> Incident {
    let mut facts = Vec::new();
    // The fused date, once fused (it comes before every attribute a relative time
    // dates), for counting relative times from.
    let mut anchor: Option<Anchor> = None;
    for attribute in Attribute::ALL {
        let a = anchor.as_ref();
        match attribute {
            Attribute::Killed
            | Attribute::Wounded
            | Attribute::Attackers
            | Attribute::AttackersKilled
            | Attribute::Hostages => {
                facts.extend(fuse_count(
                    attribute,
                    first_per_article(reports, attribute, a),
                    reliability,
                ));
            }
            Attribute::EventType
            | Attribute::Date
            | Attribute::Place
            | Attribute::Facility
            | Attribute::PerpetratorOrg => {
                let fused = fuse_single(
                    attribute,
                    first_per_article(reports, attribute, a),
                    reliability,
                );
                if attribute == Attribute::Date {
                    anchor = fused.as_ref().and_then(Anchor::of);
                }
                facts.extend(fused);
            }
            Attribute::Responsibility => {
                let dispute = responsibility(&facts);
                facts.extend(dispute);
            }
            _ => facts.extend(fuse_set(reports, attribute, a)),
        }
    }
    let date_disputed = facts
        .iter()
        .any(|f| f.attribute == Attribute::Date && f.status == Status::Conflict);
    for fact in &mut facts {
        note_relative_times(fact, anchor.as_ref(), date_disputed);
    }
    let id = reports
        .first()
        .map(|r| format!("inc-{}", r.doc.id))
        .unwrap_or_else(|| "inc-empty".to_string());
    Incident {
        summary: summary(&facts),
        id,
        articles: reports.iter().map(|r| r.doc.id.clone()).collect(),
        facts,
    }
}

/// Adds to a fact's note when its supporting sources date it relative to the incident:
/// the day it comes to and the articles the incident's date comes from, or that it
/// stays relative and why.
fn note_relative_times(fact: &mut FusedFact, anchor: Option<&Anchor>, date_disputed: bool) {
    let mut parts = Vec::new();
    for s in &fact.sources {
        let Some(w) = &s.when else {
            continue;
        };
        let dated_by = match (w.resolved, anchor) {
            (Some(_), Some(a)) => format!("; the incident's date from {}", a.labels.join(", ")),
            (Some(_), None) => "; the incident's date from its own words".to_string(),
            (None, _) if date_disputed => "; the incident's date is disputed".to_string(),
            (None, Some(_)) => "; how long after is not said".to_string(),
            (None, None) => "; the incident's date is unknown".to_string(),
        };
        parts.push(format!("{} dates it {}{dated_by}", label(s), w.describe()));
    }
    if !parts.is_empty() {
        fact.note = format!("{} ({})", fact.note, parts.join("; "));
    }
}

fn summary(facts: &[FusedFact]) -> String {
    let get = |a: Attribute| {
        facts
            .iter()
            .find(|f| f.attribute == a)
            .map(|f| f.value.display())
    };
    let mut s = get(Attribute::EventType).unwrap_or_else(|| "attack".to_string());
    if let Some(target) = get(Attribute::Targets) {
        s.push_str(&format!(" on {target}"));
    }
    match (get(Attribute::Facility), get(Attribute::Place)) {
        (Some(f), Some(p)) => s.push_str(&format!(" at {f}, {p}")),
        (Some(f), None) => s.push_str(&format!(" at {f}")),
        (None, Some(p)) => s.push_str(&format!(" in {p}")),
        (None, None) => {}
    }
    if let Some(date) = get(Attribute::Date) {
        s.push_str(&format!(", {date}"));
    }
    if let Some(killed) = get(Attribute::Killed) {
        s.push_str(&format!(", killed: {killed}"));
    }
    s
}

/// Builds one record per actor (armed groups, organisations, people) mentioned in
/// `reports`, linked to the `incidents` that name it as perpetrator or claimant.
/// `known_aliases` gives a canonical name's aliases from the built-in tables. The same
/// as feeding an [`ActorBuilder`] the reports, then the incidents.
pub fn build_actors(
    reports: &[Report<'_>],
    incidents: &[Incident],
    known_aliases: &dyn Fn(&str) -> Vec<String>,
) -> Vec<ActorRecord> {
    let mut builder = ActorBuilder::default();
    for report in reports {
        builder.add_report(report_actors(report.doc, report.extraction));
    }
    builder.add_incidents(incidents);
    builder.finish(known_aliases)
}

/// The more specific of two times, when they are compatible.
pub fn merge_times(a: TimeValue, b: TimeValue) -> Option<TimeValue> {
    if !a.is_compatible(&b) {
        return None;
    }
    Some(if b.specificity() > a.specificity() {
        b
    } else {
        a
    })
}
