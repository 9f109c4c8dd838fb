//! Grouping units: an article that reports several attacks is grouped once per
//! incident (`newsfuse_group::unit_features`), so each of its incidents can join the
//! group of its own event; a group is fused from only the facts of the incidents it
//! holds.

use std::borrow::Cow;

use newsfuse_core::{Extraction, Incident};

/// The articles of a group of units (`(article, incident)`), each once, in the order
/// of their first unit, with the incidents of it the group holds, in order.
pub(crate) fn by_article<K: PartialEq>(
    units: impl IntoIterator<Item = (K, u32)>,
) -> Vec<(K, Vec<usize>)> {
    let mut out: Vec<(K, Vec<usize>)> = Vec::new();
    for (article, k) in units {
        let k = k as usize;
        match out.iter_mut().find(|(a, _)| *a == article) {
            Some((_, ks)) => {
                if !ks.contains(&k) {
                    ks.push(k);
                }
            }
            None => out.push((article, vec![k])),
        }
    }
    out
}

/// `extraction` as its incidents `ks` alone: itself when that is its main incident,
/// which is what fusion reads of an extraction.
pub(crate) fn narrowed<'a>(extraction: &'a Extraction, ks: &[usize]) -> Cow<'a, Extraction> {
    if ks == [0] {
        Cow::Borrowed(extraction)
    } else {
        Cow::Owned(extraction.incident_view(ks))
    }
}

/// Names an incident whose first unit is incident `k` of its first article: fusion's
/// `inc-<article>` for the main incident, `inc-<article>-<k+1>` for a further one, so
/// that two incidents of one article have two ids.
pub(crate) fn name(incident: &mut Incident, k: usize) {
    if k > 0 {
        incident.id = format!("{}-{}", incident.id, k + 1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use newsfuse_core::{Attribute, Date, DocId, Document};
    use newsfuse_store::Store;

    const TWO: &str = "A suicide bomber blew himself up at a crowded market in Kandahar, \
        Afghanistan, on Tuesday, killing 9 people and wounding 20, officials said. The blast \
        destroyed a row of shops. In a separate attack in Herat, gunmen opened fire on a \
        police post, killing 4 officers. Police in Herat said the attackers escaped on \
        motorbikes.";
    const KANDAHAR: &str = "Nine people were killed and 20 wounded when a suicide bomber \
        struck a busy market in Kandahar, Afghanistan, on Tuesday, provincial officials said. \
        Shopkeepers said the explosion tore through fruit stalls.";
    const HERAT: &str = "Gunmen attacked a police post in Herat, Afghanistan, on Tuesday, \
        killing 4 police officers, a police spokesman said. The attackers fled on motorbikes \
        after the shooting.";

    fn doc(id: &str, text: &str) -> Document {
        let mut d = Document::bare(id, text);
        d.published = Some(Date::new(2025, 6, 11).expect("valid date"));
        d
    }

    fn summary(incidents: &[Incident]) -> Vec<(String, Vec<String>, String, String)> {
        let value = |i: &Incident, a: Attribute| {
            i.facts_about(a)
                .next()
                .map(|f| f.value.display())
                .unwrap_or_default()
        };
        let mut v: Vec<_> = incidents
            .iter()
            .map(|i| {
                (
                    i.id.clone(),
                    i.articles.iter().map(|d| d.0.clone()).collect(),
                    value(i, Attribute::Place),
                    value(i, Attribute::Killed),
                )
            })
            .collect();
        v.sort();
        v
    }

    #[test]
    fn each_attack_of_a_report_of_two_joins_its_own_event() {
        let mut store = Store::open_in_memory().expect("store");
        for (id, text) in [("a-two", TWO), ("b-kandahar", KANDAHAR), ("c-herat", HERAT)] {
            crate::add_article(&mut store, &doc(id, text)).expect("add");
        }
        let (incidents, _) = crate::regroup(&mut store).expect("regroup");
        let got = summary(&incidents);
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!(got[0].0, "inc-a-two");
        assert_eq!(got[0].1, ["a-two", "b-kandahar"]);
        assert!(got[0].2.starts_with("Kandahar"), "{got:?}");
        assert_eq!(got[0].3, "9");
        assert_eq!(got[1].0, "inc-a-two-2");
        assert_eq!(got[1].1, ["a-two", "c-herat"]);
        assert!(got[1].2.starts_with("Herat"), "{got:?}");
        assert_eq!(got[1].3, "4");
        // A regroup that changes nothing records nothing, though one article is in two
        // incidents.
        let history = |store: &Store| -> Vec<crate::history::GroupChange> {
            let rows: Vec<(i64, String, crate::history::GroupChange)> =
                store.group_history().expect("history");
            rows.into_iter().map(|(_, _, c)| c).collect()
        };
        let recorded = history(&store);
        crate::regroup(&mut store).expect("regroup again");
        assert_eq!(history(&store), recorded);
        // The streamed regroup makes the same incidents.
        crate::regroup_large(&mut store, 2).expect("regroup large");
        assert_eq!(summary(&store.incidents().expect("stored")), got);
        // The Herat incident's sources from the report of two point into its own
        // sentences (the third and fourth).
        let herat = incidents
            .iter()
            .find(|i| i.id == "inc-a-two-2")
            .expect("herat");
        for f in &herat.facts {
            for s in f
                .sources
                .iter()
                .filter(|s| s.provenance.doc == DocId("a-two".into()))
            {
                assert!(s.provenance.sentence >= 2, "{f:?}");
            }
        }
    }

    #[test]
    fn units_of_one_article_in_one_group_are_read_together() {
        let got = by_article([("a", 1), ("b", 0), ("a", 0), ("a", 1)]);
        assert_eq!(got, vec![("a", vec![1, 0]), ("b", vec![0])]);
    }

    #[test]
    fn the_main_incident_alone_is_the_extraction_itself() {
        let e = Extraction::default();
        assert!(matches!(narrowed(&e, &[0]), Cow::Borrowed(_)));
        assert!(matches!(narrowed(&e, &[1]), Cow::Owned(_)));
        let mut incident = Incident {
            id: "inc-a".to_string(),
            summary: String::new(),
            articles: Vec::new(),
            facts: Vec::new(),
        };
        name(&mut incident, 0);
        assert_eq!(incident.id, "inc-a");
        name(&mut incident, 2);
        assert_eq!(incident.id, "inc-a-3");
    }
}
