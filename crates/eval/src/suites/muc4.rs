//! MUC-4 role-filler extraction (`muc4/dev.jsonl`): the product's own extraction run
//! on each (lower-cased) message, its incident facts read as role fillers:
//! PerpInd ← perpetrator individuals (named or described) and the attackers' noun
//! ("gunmen"), PerpOrg ← perpetrator organisation and claimants, Target ← targets,
//! Weapon ← weapons (victim facts are descriptions, and MUC-4's Victim holds names
//! only), each filler being the evidence text the fact points to. One predicted
//! template per message that reports an attack. Scored with CEAF-REE (GRIT) as the
//! headline and template F1 (GTT) under `template`.

use std::collections::BTreeMap;
use std::path::Path;

use newsfuse_core::{Attribute, Document, EventType, Value};
use serde::Deserialize;

use super::{read_jsonl, SuiteError};
use crate::muc4::{self, Template, ROLES};
use crate::score::{Report, Score};

type Entities = Vec<Vec<String>>;

#[derive(Deserialize)]
struct Message {
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
}

fn incident_type(t: EventType) -> &'static str {
    match t {
        EventType::Bombing => "bombing",
        EventType::Kidnapping | EventType::HostageTaking => "kidnapping",
        EventType::FacilityAttack => "arson",
        _ => "attack",
    }
}

/// The role fillers and incident type our extraction gives for one message.
pub fn predict(id: &str, text: &str) -> (Option<String>, BTreeMap<String, Entities>) {
    let doc = Document::bare(id, text);
    let extraction = newsfuse_extract::extract(&doc);
    let mut roles: BTreeMap<String, Entities> =
        ROLES.iter().map(|r| (r.to_string(), Vec::new())).collect();
    let mut kind = None;
    for fact in &extraction.facts {
        let evidence = fact
            .provenance
            .span
            .slice(text)
            .unwrap_or("")
            .trim()
            .to_string();
        let (role, filler) = match (&fact.attribute, &fact.value) {
            (Attribute::EventType, Value::EventType { event_type }) => {
                kind.get_or_insert_with(|| incident_type(*event_type).to_string());
                continue;
            }
            (Attribute::PerpetratorOrg, _) => ("PerpOrg", evidence),
            (Attribute::Claim, Value::Stance { stance }) => match &stance.by {
                Some(by) => ("PerpOrg", by.to_lowercase()),
                None => continue,
            },
            (Attribute::PerpetratorInd, _) => ("PerpInd", evidence),
            (Attribute::Attackers, Value::Count { quantity }) => match &quantity.noun {
                Some(noun) => ("PerpInd", noun.clone()),
                None => continue,
            },
            (Attribute::Targets, _) => ("Target", evidence),
            // MUC-4's Victim holds names only (HUM TGT: NAME); victim facts are
            // descriptions ("concert attendees"), so none is a Victim filler.
            (Attribute::Victims, _) => continue,
            (Attribute::Weapons, _) => ("Weapon", evidence),
            _ => continue,
        };
        if filler.is_empty() || !text.contains(filler.as_str()) {
            continue;
        }
        let list = roles.entry(role.to_string()).or_default();
        let key = muc4::normalize(&filler);
        if !list
            .iter()
            .any(|e| e.iter().any(|m| muc4::normalize(m) == key))
        {
            list.push(vec![filler]);
        }
    }
    (kind, roles)
}

/// Scores the extraction stage on every message of `path`.
pub fn run(path: &Path) -> Result<Report, SuiteError> {
    let messages: Vec<Message> = read_jsonl(path)?;
    let mut ree = Vec::with_capacity(messages.len());
    let mut templates = Vec::with_capacity(messages.len());
    for m in &messages {
        let (kind, roles) = predict(&m.id, &m.text);
        let gold_roles: BTreeMap<String, Entities> = ROLES
            .iter()
            .map(|r| {
                (
                    r.to_string(),
                    m.extracts.get(*r).cloned().unwrap_or_default(),
                )
            })
            .collect();
        let predicted_templates: Vec<Template> = match &kind {
            Some(k) => vec![Template {
                incident_type: k.clone(),
                roles: roles.clone(),
            }],
            None => Vec::new(),
        };
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
    Ok(Report {
        bench: "muc4".into(),
        data: path.display().to_string(),
        overall: Score::Prf(micro),
        per_class: per_role
            .into_iter()
            .map(|(k, v)| (k, Score::Prf(v)))
            .collect(),
        extra,
        notes: vec![format!(
            "{} messages; overall = CEAF-REE micro average (GRIT); template = GTT template F1",
            messages.len()
        )],
    })
}
