//! MUC-4 role-filler extraction (`muc4/dev.jsonl`): the extraction stage's learned
//! role reader (`newsfuse_roles`, docs/roles.md) run on each (lower-cased) message:
//! its fillers are the predicted entities (one mention each); its relevance decision
//! and incident-type classifiers give the predicted templates, one per incident type
//! it reports, each holding the fillers it assigns to that incident.
//! Scored with CEAF-REE (GRIT) as the headline and template F1 (GTT) under
//! `template`.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use super::{read_jsonl, SuiteError};
use crate::muc4::{self, Template, ROLES};
use crate::score::{Report, Score};

type Entities = Vec<Vec<String>>;

#[derive(Deserialize)]
struct Message {
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
    for m in &messages {
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
