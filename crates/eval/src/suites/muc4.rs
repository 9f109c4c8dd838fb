//! MUC-4 role-filler extraction (`muc4/dev.jsonl`): the extraction stage's learned
//! role reader (`newsfuse_roles`, docs/roles.md) run on each (lower-cased) message:
//! its fillers are the predicted entities (one mention each); its relevance decision
//! and incident-type classifiers give the predicted templates, one per incident type
//! it reports, each holding the fillers it assigns to that incident.
//! Scored with CEAF-REE (GRIT) as the headline and template F1 (GTT) under
//! `template`.
//!
//! Casualty counts (`counts/*` rows): the whole extraction stage
//! (`newsfuse_extract::extract`) runs on each message, and its killed and wounded
//! figures ([`casualties::article_figure`]: each incident's first fact, summed over
//! the article's incidents; none is 0) are checked against the key's, read from the
//! human-target slots ([`gold_counts`]): per template, each HUM TGT: EFFECT OF
//! INCIDENT fill of DEATH or INJURY adds the HUM TGT: NUMBER of its reference ("1",
//! "3-4", "~6" as 6, "5-" five or more, "-26" at most 26, "PLURAL" two or more; a
//! named person without a number is one, anything else one or more); the templates
//! of a message add up, an optional template or fill adding none up to its number.
//! A message passes when the extracted interval is consistent with (meets) the key's.
//! `counts/*` are over the relevant messages (a template in the key), `counts_all/*`
//! over every message (no template: none killed, none hurt).

use std::collections::BTreeMap;
use std::path::Path;

use newsfuse_core::{Attribute, Document, Interval};
use serde::Deserialize;

use super::{casualties, read_jsonl, SuiteError};
use crate::muc4::{self, Template, ROLES};
use crate::score::{Accuracy, Report, Score};

type Entities = Vec<Vec<String>>;

#[derive(Deserialize)]
struct Message {
    #[serde(default)]
    id: String,
    text: String,
    #[serde(default)]
    extracts: BTreeMap<String, Entities>,
    #[serde(default)]
    templates: Vec<GoldTemplate>,
}

#[derive(Deserialize)]
struct GoldTemplate {
    incident_type: String,
    #[serde(rename = "PerpInd", default)]
    perp_ind: Entities,
    #[serde(rename = "PerpOrg", default)]
    perp_org: Entities,
    #[serde(rename = "Target", default)]
    target: Entities,
    #[serde(rename = "Victim", default)]
    victim: Entities,
    #[serde(rename = "Weapon", default)]
    weapon: Entities,
    #[serde(default)]
    optional: bool,
    /// The key's content slots, parsed (see the README); only the human-target ones
    /// are read here.
    #[serde(default)]
    slots: Slots,
}

/// One fill of a key slot: its alternative values and the alternative strings it
/// refers to (`null` for '-').
#[derive(Deserialize, Clone, PartialEq, Default)]
struct Fill {
    #[serde(default)]
    value: Vec<Option<String>>,
    #[serde(default, rename = "ref")]
    refs: Vec<Option<String>>,
    #[serde(default)]
    optional: bool,
}

#[derive(Deserialize, Clone, PartialEq, Default)]
struct Slots {
    #[serde(default)]
    hum_tgt_name: Option<Vec<Option<Fill>>>,
    #[serde(default)]
    hum_tgt_number: Option<Vec<Option<Fill>>>,
    #[serde(default)]
    hum_tgt_effect_of_incident: Option<Vec<Option<Fill>>>,
}

/// A key number: "6"; "~6" (about six) as 6; "3-4"; "5-" (five or more); "-26" (at
/// most 26); "PLURAL" (two or more).
fn key_number(v: &str) -> Option<Interval> {
    let v = v.trim();
    if v == "PLURAL" {
        return Some(Interval::at_least(2));
    }
    let v = v.trim_start_matches('~');
    if let Some(n) = v.strip_suffix('-') {
        return n.parse().ok().map(Interval::at_least);
    }
    if let Some(n) = v.strip_prefix('-') {
        return n.parse().ok().map(Interval::at_most);
    }
    if let Some((a, b)) = v.split_once('-') {
        let (a, b): (u64, u64) = (a.parse().ok()?, b.parse().ok()?);
        return Interval::new(a.min(b), Some(a.max(b))).ok();
    }
    v.parse().ok().map(Interval::exact)
}

fn fills(slot: &Option<Vec<Option<Fill>>>) -> impl Iterator<Item = &Fill> {
    slot.iter().flatten().flatten()
}

fn values(fill: &Fill) -> impl Iterator<Item = &str> {
    fill.value.iter().flatten().map(String::as_str)
}

/// Whether two fills name the same people (a shared reference string).
fn same_refs(a: &Fill, b: &Fill) -> bool {
    a.refs
        .iter()
        .flatten()
        .any(|r| b.refs.iter().flatten().any(|o| o == r))
}

/// How many people a human-target effect fill is about: the numbers the key gives for
/// its reference (their hull over alternatives), else one for a named person, else
/// one or more.
fn people(slots: &Slots, effect: &Fill) -> Interval {
    let numbers = fills(&slots.hum_tgt_number)
        .filter(|n| same_refs(n, effect))
        .flat_map(values)
        .filter_map(key_number)
        .reduce(Interval::hull);
    if let Some(n) = numbers {
        return n;
    }
    let named = fills(&slots.hum_tgt_name)
        .flat_map(values)
        .any(|name| effect.refs.iter().flatten().any(|r| r == name));
    if named {
        Interval::exact(1)
    } else {
        Interval::at_least(1)
    }
}

/// The people one key template says were killed and injured.
///
/// Each HUM TGT: EFFECT OF INCIDENT fill of DEATH (INJURY) adds the number of people
/// its reference stands for ([`people`]), at least one. When the same people are
/// also given the other effect in another fill (some died, some were hurt), each
/// effect gets one up to that number; when the fill's alternatives are DEATH or
/// INJURY, or the fill is optional, each gets none up to that number.
fn template_counts(slots: &Slots) -> (Interval, Interval) {
    let effects: Vec<&Fill> = fills(&slots.hum_tgt_effect_of_incident).collect();
    let (mut killed, mut wounded) = (Interval::exact(0), Interval::exact(0));
    let has = |f: &Fill, what: &str| values(f).any(|v| v == what);
    for (i, e) in effects.iter().enumerate() {
        let (death, injury) = (has(e, "DEATH"), has(e, "INJURY"));
        if !death && !injury {
            continue;
        }
        let n = people(slots, e);
        let other = if death { "INJURY" } else { "DEATH" };
        let split = effects
            .iter()
            .enumerate()
            .any(|(j, o)| j != i && same_refs(o, e) && has(o, other));
        let floor = if (death && injury) || e.optional {
            0
        } else if split {
            1
        } else {
            n.min().max(1)
        };
        let part = Interval::new(floor, n.max()).unwrap_or(n);
        if death {
            killed = casualties::add(killed, part);
        }
        if injury {
            wounded = casualties::add(wounded, part);
        }
    }
    (killed, wounded)
}

/// The people a message's key says were killed and injured, over all its incidents:
/// the sum over its templates ([`template_counts`]; identical duplicate templates
/// once), an optional template adding none up to its number. `[0, 0]` for a message
/// with no template.
fn gold_counts(templates: &[GoldTemplate]) -> (Interval, Interval) {
    let (mut killed, mut wounded) = (Interval::exact(0), Interval::exact(0));
    for (i, t) in templates.iter().enumerate() {
        if templates[..i]
            .iter()
            .any(|o| o.slots == t.slots && o.incident_type == t.incident_type)
        {
            continue;
        }
        let (k, w) = template_counts(&t.slots);
        let relax = |x: Interval| {
            if t.optional {
                Interval::new(0, x.max()).unwrap_or(x)
            } else {
                x
            }
        };
        killed = casualties::add(killed, relax(k));
        wounded = casualties::add(wounded, relax(w));
    }
    (killed, wounded)
}

/// One message's casualty counts: the key's and the extraction stage's.
#[derive(Debug, Clone)]
pub struct CountCase {
    /// The message id.
    pub id: String,
    /// Whether the key has a template (a relevant message).
    pub relevant: bool,
    /// Killed by the key.
    pub gold_killed: Interval,
    /// Injured by the key.
    pub gold_wounded: Interval,
    /// Killed by the extraction stage ([`casualties::article_figure`]).
    pub killed: Interval,
    /// Wounded by the extraction stage.
    pub wounded: Interval,
}

impl CountCase {
    /// Whether the extracted killed figure is consistent with the key's.
    pub fn killed_ok(&self) -> bool {
        self.killed.is_consistent_with(self.gold_killed)
    }

    /// Whether the extracted wounded figure is consistent with the key's.
    pub fn wounded_ok(&self) -> bool {
        self.wounded.is_consistent_with(self.gold_wounded)
    }
}

fn count_case(m: &Message) -> CountCase {
    let x = newsfuse_extract::extract(&Document::bare(m.id.clone(), m.text.clone()));
    let (gold_killed, gold_wounded) = gold_counts(&m.templates);
    CountCase {
        id: m.id.clone(),
        relevant: !m.templates.is_empty(),
        gold_killed,
        gold_wounded,
        killed: casualties::article_figure(&x, Attribute::Killed),
        wounded: casualties::article_figure(&x, Attribute::Wounded),
    }
}

/// The casualty counts of every message of `path` (for listing failures).
pub fn count_cases(path: &Path) -> Result<Vec<(CountCase, String)>, SuiteError> {
    let messages: Vec<Message> = read_jsonl(path)?;
    Ok(messages
        .iter()
        .map(|m| (count_case(m), m.text.clone()))
        .collect())
}

fn empty_roles() -> BTreeMap<String, Entities> {
    ROLES.iter().map(|r| (r.to_string(), Vec::new())).collect()
}

/// The role fillers and incidents the extraction stage's learned role reader
/// (`newsfuse_roles`, which newsfuse-extract also runs) gives for one message: the
/// document's fillers by role, and one template per incident it reports (none when
/// it judges the message not to report an incident).
pub fn predict(text: &str) -> (BTreeMap<String, Entities>, Vec<Template>) {
    let ex = newsfuse_roles::extract(text);
    let mut roles = empty_roles();
    for f in &ex.fillers {
        roles
            .entry(f.role.as_str().to_string())
            .or_default()
            .push(vec![f.text.clone()]);
    }
    let templates = ex
        .incidents
        .iter()
        .map(|inc| {
            let mut roles = empty_roles();
            for f in inc.fillers.iter().filter_map(|&i| ex.fillers.get(i)) {
                roles
                    .entry(f.role.as_str().to_string())
                    .or_default()
                    .push(vec![f.text.clone()]);
            }
            Template {
                incident_type: inc.incident_type.to_string(),
                roles,
            }
        })
        .collect();
    (roles, templates)
}

/// Scores the extraction stage on every message of `path`.
pub fn run(path: &Path) -> Result<Report, SuiteError> {
    let messages: Vec<Message> = read_jsonl(path)?;
    let mut ree = Vec::with_capacity(messages.len());
    let mut templates = Vec::with_capacity(messages.len());
    // killed, wounded, both: over relevant messages, then over all.
    let mut counts = [Accuracy::default(); 6];
    for m in &messages {
        let case = count_case(m);
        let (k, w) = (case.killed_ok(), case.wounded_ok());
        for (slot, ok) in [k, w, k && w].into_iter().enumerate() {
            if case.relevant {
                counts[slot].total += 1;
                counts[slot].passed += u64::from(ok);
            }
            counts[3 + slot].total += 1;
            counts[3 + slot].passed += u64::from(ok);
        }
        let (roles, predicted_templates) = predict(&m.text);
        let gold_roles: BTreeMap<String, Entities> = ROLES
            .iter()
            .map(|r| {
                (
                    r.to_string(),
                    m.extracts.get(*r).cloned().unwrap_or_default(),
                )
            })
            .collect();
        let gold_templates: Vec<Template> = m
            .templates
            .iter()
            .map(|t| Template {
                incident_type: t.incident_type.clone(),
                roles: [
                    ("PerpInd", &t.perp_ind),
                    ("PerpOrg", &t.perp_org),
                    ("Target", &t.target),
                    ("Victim", &t.victim),
                    ("Weapon", &t.weapon),
                ]
                .into_iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect(),
            })
            .collect();
        ree.push((gold_roles, roles));
        templates.push((gold_templates, predicted_templates));
    }
    let (micro, per_role) = muc4::ceaf_ree(&ree);
    let (template_micro, template_keys) = muc4::template_f1(&templates);
    let mut extra = vec![("template".to_string(), Score::Prf(template_micro))];
    extra.extend(
        template_keys
            .into_iter()
            .map(|(k, v)| (format!("template/{k}"), Score::Prf(v))),
    );
    let names = [
        "counts/killed",
        "counts/wounded",
        "counts/both",
        "counts_all/killed",
        "counts_all/wounded",
        "counts_all/both",
    ];
    extra.extend(
        names
            .iter()
            .zip(counts)
            .map(|(n, a)| (n.to_string(), Score::Accuracy(a))),
    );
    Ok(Report {
        bench: "muc4".into(),
        data: path.display().to_string(),
        overall: Score::Prf(micro),
        per_class: per_role
            .into_iter()
            .map(|(k, v)| (k, Score::Prf(v)))
            .collect(),
        extra,
        notes: vec![
            format!(
                "{} messages; overall = CEAF-REE micro average (GRIT); template = GTT template F1",
                messages.len()
            ),
            "counts = people killed / wounded per message, the extraction stage's figures \
             (summed over its incidents) consistent with the key's interval (summed over \
             its templates); counts over relevant messages, counts_all over all"
                .into(),
        ],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn template(optional: bool, slots: serde_json::Value) -> GoldTemplate {
        serde_json::from_value(serde_json::json!({
            "incident_type": "attack",
            "optional": optional,
            "slots": slots,
        }))
        .expect("template")
    }

    fn fill(value: &[&str], refs: &[Option<&str>]) -> serde_json::Value {
        serde_json::json!({"raw": "", "value": value, "ref": refs})
    }

    #[test]
    fn key_numbers() {
        assert_eq!(key_number("6"), Some(Interval::exact(6)));
        assert_eq!(key_number("~6"), Some(Interval::exact(6)));
        assert_eq!(key_number("3-4"), Some(Interval::between(3, 4)));
        assert_eq!(key_number("5-"), Some(Interval::at_least(5)));
        assert_eq!(key_number("-26"), Some(Interval::at_most(26)));
        assert_eq!(key_number("PLURAL"), Some(Interval::at_least(2)));
        assert_eq!(key_number("SEVERAL"), None);
    }

    #[test]
    fn deaths_and_injuries_add_up_over_refs_and_templates() {
        // Two named people killed, a group of five hurt, a guard unharmed.
        let first_slots = serde_json::json!({
            "hum_tgt_name": [fill(&["ANA RIVERO"], &[]), fill(&["LUIS PONCE"], &[])],
            "hum_tgt_number": [fill(&["5"], &[Some("PASSERSBY")])],
            "hum_tgt_effect_of_incident": [
                fill(&["DEATH"], &[Some("ANA RIVERO")]),
                fill(&["DEATH"], &[Some("LUIS PONCE")]),
                fill(&["INJURY"], &[Some("PASSERSBY")]),
                fill(&["NO INJURY OR DEATH"], &[Some("GUARD")]),
            ],
        });
        let first = template(false, first_slots.clone());
        assert_eq!(
            template_counts(&first.slots),
            (Interval::exact(2), Interval::exact(5))
        );
        // Some of twelve farmers died and some were hurt; an unnamed death.
        let second = template(
            false,
            serde_json::json!({
                "hum_tgt_number": [fill(&["12"], &[Some("FARMERS")])],
                "hum_tgt_effect_of_incident": [
                    fill(&["DEATH"], &[Some("FARMERS")]),
                    fill(&["INJURY"], &[Some("FARMERS")]),
                    fill(&["DEATH"], &[None]),
                ],
            }),
        );
        assert_eq!(
            template_counts(&second.slots),
            (Interval::at_least(2), Interval::between(1, 12))
        );
        // An optional template adds none up to its figures; a duplicate adds nothing.
        let optional = template(
            true,
            serde_json::json!({
                "hum_tgt_number": [fill(&["3"], &[Some("SOLDIERS")])],
                "hum_tgt_effect_of_incident": [fill(&["DEATH"], &[Some("SOLDIERS")])],
            }),
        );
        let again = template(false, first_slots);
        assert_eq!(
            gold_counts(&[first, again, optional]),
            (Interval::between(2, 5), Interval::exact(5))
        );
        assert_eq!(gold_counts(&[]), (Interval::exact(0), Interval::exact(0)));
    }
}
