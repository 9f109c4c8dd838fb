//! What a regroup changed: which incidents opened, took in new reports, merged or split.
//!
//! Grouping is recomputed over every stored article, so a later article can join two
//! events into one (the report that shows the "two" attacks were one) or pull one apart.
//! [`changes`] compares the incidents before and after and names each change; the store
//! keeps them, so an incident's grouping history survives the regroup that rewrote it.

use std::collections::{BTreeMap, BTreeSet};

use newsfuse_core::DocId;
use serde::{Deserialize, Serialize};

/// One change to the grouping.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum GroupChange {
    /// A new incident, of articles no earlier incident held.
    Opened {
        /// The new incident.
        incident: String,
        /// Its articles.
        articles: Vec<DocId>,
    },
    /// New articles joined one existing incident (its id may have changed, when a new
    /// article is earlier in the store than the incident's first).
    Joined {
        /// The incident now.
        incident: String,
        /// Its id before, when different.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        was: Option<String>,
        /// The articles that joined.
        articles: Vec<DocId>,
    },
    /// Articles of two or more earlier incidents are now one incident.
    Merged {
        /// The incident now.
        incident: String,
        /// The incidents merged, in the order of their first article here.
        from: Vec<String>,
        /// New articles in it (often the report that links the others).
        articles: Vec<DocId>,
    },
    /// An earlier incident's articles are now in two or more incidents.
    Split {
        /// The incident before.
        from: String,
        /// The incidents its articles went to, in the order of its articles.
        into: Vec<String>,
    },
    /// An earlier incident none of whose articles is grouped any more (deleted, or no
    /// longer read as an attack).
    Closed {
        /// The incident before.
        incident: String,
    },
}

impl GroupChange {
    /// Every incident id the change names, before or after.
    pub fn incidents(&self) -> Vec<&str> {
        match self {
            GroupChange::Opened { incident, .. } | GroupChange::Closed { incident } => {
                vec![incident]
            }
            GroupChange::Joined { incident, was, .. } => {
                let mut v = vec![incident.as_str()];
                v.extend(was.as_deref());
                v
            }
            GroupChange::Merged { incident, from, .. } => std::iter::once(incident.as_str())
                .chain(from.iter().map(String::as_str))
                .collect(),
            GroupChange::Split { from, into } => std::iter::once(from.as_str())
                .chain(into.iter().map(String::as_str))
                .collect(),
        }
    }
}

/// Per article, the incidents (of `incidents`, by position) that hold it: one, or
/// several for an article that reports several attacks.
fn incidents_of(incidents: &[(String, Vec<DocId>)]) -> BTreeMap<&DocId, Vec<usize>> {
    let mut out: BTreeMap<&DocId, Vec<usize>> = BTreeMap::new();
    for (k, (_, docs)) in incidents.iter().enumerate() {
        for d in docs {
            out.entry(d).or_default().push(k);
        }
    }
    out
}

/// The incident on the other side that article `d` of incident `id` (with `docs`) is
/// in: of several (an article of several attacks), the one with the same id, else the
/// one sharing most articles with `docs`, else the first.
fn counterpart<'a>(
    of: &BTreeMap<&DocId, Vec<usize>>,
    side: &'a [(String, Vec<DocId>)],
    d: &DocId,
    id: &str,
    docs: &[DocId],
) -> Option<&'a str> {
    let candidates = of.get(d)?;
    let shared = |k: usize| side[k].1.iter().filter(|x| docs.contains(x)).count();
    let best = candidates
        .iter()
        .copied()
        .find(|&k| side[k].0 == id)
        .or_else(|| candidates.iter().copied().rev().max_by_key(|&k| shared(k)))?;
    Some(side[best].0.as_str())
}

/// The changes from the incidents `before` to those `after`, each given as its id and
/// its articles. Incidents whose articles are the same on both sides give nothing.
/// Order: per incident after (in the order given) its open, join or merge; then per
/// incident before its split or close.
pub fn changes(
    before: &[(String, Vec<DocId>)],
    after: &[(String, Vec<DocId>)],
) -> Vec<GroupChange> {
    let old_of = incidents_of(before);
    let new_of = incidents_of(after);
    let mut out = Vec::new();
    for (id, docs) in after {
        let mut from: Vec<&str> = Vec::new();
        let mut fresh: Vec<DocId> = Vec::new();
        for d in docs {
            match counterpart(&old_of, before, d, id, docs) {
                Some(old) if !from.contains(&old) => from.push(old),
                Some(_) => {}
                None => fresh.push(d.clone()),
            }
        }
        match from.as_slice() {
            [] => out.push(GroupChange::Opened {
                incident: id.clone(),
                articles: fresh,
            }),
            [old] => {
                if !fresh.is_empty() {
                    out.push(GroupChange::Joined {
                        incident: id.clone(),
                        was: (old != id).then(|| old.to_string()),
                        articles: fresh,
                    });
                }
            }
            _ => out.push(GroupChange::Merged {
                incident: id.clone(),
                from: from.iter().map(|s| s.to_string()).collect(),
                articles: fresh,
            }),
        }
    }
    for (id, docs) in before {
        let mut into: Vec<&str> = Vec::new();
        for d in docs {
            if let Some(new) = counterpart(&new_of, after, d, id, docs) {
                if !into.contains(&new) {
                    into.push(new);
                }
            }
        }
        if into.is_empty() {
            out.push(GroupChange::Closed {
                incident: id.clone(),
            });
        } else if into.len() > 1 {
            out.push(GroupChange::Split {
                from: id.clone(),
                into: into.iter().map(|s| s.to_string()).collect(),
            });
        }
    }
    out
}

/// The positions in `history` (oldest first) of the changes that made `incident` what
/// it is: those that name it, and, going back, those that name the incidents it was made
/// from (its id before a join, the incidents merged into it). Oldest first.
pub fn about(incident: &str, history: &[GroupChange]) -> Vec<usize> {
    let mut ids = BTreeSet::new();
    ids.insert(incident.to_string());
    let mut out = Vec::new();
    for (k, change) in history.iter().enumerate().rev() {
        let names = change.incidents();
        let after: &str = match change {
            GroupChange::Opened { incident, .. }
            | GroupChange::Joined { incident, .. }
            | GroupChange::Merged { incident, .. }
            | GroupChange::Closed { incident } => incident,
            GroupChange::Split { from, .. } => from,
        };
        let relevant = match change {
            // A split of an earlier incident matters to each part.
            GroupChange::Split { into, .. } => {
                into.iter().any(|i| ids.contains(i)) || ids.contains(after)
            }
            _ => ids.contains(after),
        };
        if relevant {
            ids.extend(names.iter().map(|s| s.to_string()));
            out.push(k);
        }
    }
    out.reverse();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn docs(ids: &[&str]) -> Vec<DocId> {
        ids.iter().map(|s| DocId(s.to_string())).collect()
    }

    fn inc(id: &str, ids: &[&str]) -> (String, Vec<DocId>) {
        (id.to_string(), docs(ids))
    }

    #[test]
    fn an_article_in_two_incidents_is_followed_in_each() {
        // "a" reports two attacks: one with "b", one with "c".
        let before = vec![inc("inc-a", &["a", "b"]), inc("inc-a-2", &["a", "c"])];
        assert_eq!(changes(&before, &before), vec![]);
        let after = vec![inc("inc-a", &["a", "b"]), inc("inc-a-2", &["a", "c", "d"])];
        assert_eq!(
            changes(&before, &after),
            vec![GroupChange::Joined {
                incident: "inc-a-2".into(),
                was: None,
                articles: docs(&["d"])
            }]
        );
    }

    #[test]
    fn nothing_changed_gives_nothing() {
        let a = vec![inc("inc-a", &["a", "b"]), inc("inc-c", &["c"])];
        assert_eq!(changes(&a, &a), vec![]);
    }

    #[test]
    fn opened_and_joined() {
        let before = vec![inc("inc-a", &["a"])];
        let after = vec![inc("inc-a", &["a", "b"]), inc("inc-c", &["c", "d"])];
        assert_eq!(
            changes(&before, &after),
            vec![
                GroupChange::Joined {
                    incident: "inc-a".into(),
                    was: None,
                    articles: docs(&["b"])
                },
                GroupChange::Opened {
                    incident: "inc-c".into(),
                    articles: docs(&["c", "d"])
                },
            ]
        );
    }

    #[test]
    fn a_linking_report_merges_two_incidents() {
        let before = vec![inc("inc-a", &["a", "b"]), inc("inc-c", &["c"])];
        let after = vec![inc("inc-a", &["a", "b", "c", "e"])];
        let got = changes(&before, &after);
        assert_eq!(
            got,
            vec![GroupChange::Merged {
                incident: "inc-a".into(),
                from: vec!["inc-a".into(), "inc-c".into()],
                articles: docs(&["e"])
            }]
        );
        assert_eq!(about("inc-a", &got), vec![0]);
        assert!(about("inc-z", &got).is_empty());
    }

    #[test]
    fn a_split_and_a_close_and_a_renamed_join() {
        let before = vec![inc("inc-b", &["b", "c", "d"]), inc("inc-x", &["x"])];
        let after = vec![inc("inc-a", &["a", "b", "c"]), inc("inc-d", &["d"])];
        assert_eq!(
            changes(&before, &after),
            vec![
                GroupChange::Joined {
                    incident: "inc-a".into(),
                    was: Some("inc-b".into()),
                    articles: docs(&["a"])
                },
                GroupChange::Split {
                    from: "inc-b".into(),
                    into: vec!["inc-a".into(), "inc-d".into()]
                },
                GroupChange::Closed {
                    incident: "inc-x".into()
                },
            ]
        );
    }

    #[test]
    fn an_incidents_history_follows_what_it_was_made_from() {
        // Run 1 opens two incidents; run 2 adds to the first; run 3 merges them under
        // a new id (an earlier report arrived); run 4 opens an unrelated one.
        let r1 = changes(&[], &[inc("inc-b", &["b"]), inc("inc-c", &["c"])]);
        let r2 = changes(
            &[inc("inc-b", &["b"]), inc("inc-c", &["c"])],
            &[inc("inc-b", &["b", "d"]), inc("inc-c", &["c"])],
        );
        let r3 = changes(
            &[inc("inc-b", &["b", "d"]), inc("inc-c", &["c"])],
            &[inc("inc-a", &["a", "b", "c", "d"])],
        );
        let r4 = changes(
            &[inc("inc-a", &["a", "b", "c", "d"])],
            &[inc("inc-a", &["a", "b", "c", "d"]), inc("inc-z", &["z"])],
        );
        let history: Vec<GroupChange> = [r1, r2, r3, r4].concat();
        let kinds: Vec<String> = about("inc-a", &history)
            .into_iter()
            .map(|k| &history[k])
            .map(|c| {
                serde_json::to_value(c).unwrap()["change"]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect();
        assert_eq!(kinds, ["opened", "opened", "joined", "merged"]);
        assert_eq!(about("inc-z", &history).len(), 1);
    }

    #[test]
    fn changes_round_trip_as_tagged_json() {
        let c = GroupChange::Merged {
            incident: "inc-a".into(),
            from: vec!["inc-a".into(), "inc-c".into()],
            articles: docs(&["e"]),
        };
        let json = serde_json::to_string(&c).unwrap();
        assert_eq!(
            json,
            r#"{"change":"merged","incident":"inc-a","from":["inc-a","inc-c"],"articles":["e"]}"#
        );
        assert_eq!(serde_json::from_str::<GroupChange>(&json).unwrap(), c);
        let j = GroupChange::Joined {
            incident: "inc-a".into(),
            was: None,
            articles: vec![],
        };
        assert_eq!(
            serde_json::to_string(&j).unwrap(),
            r#"{"change":"joined","incident":"inc-a","articles":[]}"#
        );
    }
}
