//! Geoparsing (`geoparse/*.jsonl`: GeoWebNews, LGL, TR-News, GeoVirus): the entity
//! stage's places against the gold toponyms. Geotagging: strict exact-span P/R/F1 (the
//! headline; for GeoWebNews the paper's 2,720-span gold, without expressions and
//! non-toponyms). Geocoding, end to end: for each evaluated gold toponym that we tagged
//! with the same span, the great-circle error of our point; accuracy within 161 km per
//! corpus, with n, mean and median error and AUC in the notes. Each article is resolved
//! with the home of its outlet ([`geonames::Home`]) learned from the place names of the
//! outlet's other articles in the file; the `acc@161_article_alone` rows leave it out.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use newsfuse_core::EntityKind;
use newsfuse_extract::gazetteer::geonames::{self, ResolveContext};
use serde::Deserialize;

use super::{read_jsonl, SuiteError};
use crate::score::{Accuracy, Prf, Report, Score};

#[derive(Deserialize)]
struct Article {
    corpus: String,
    text: String,
    #[serde(default)]
    url: Option<String>,
    toponyms: Vec<Toponym>,
}

#[derive(Deserialize)]
struct Toponym {
    start: i64,
    end: i64,
    lat: Option<f64>,
    lon: Option<f64>,
    #[serde(rename = "type")]
    kind: Option<String>,
    #[serde(default)]
    eval: bool,
}

/// Great-circle distance in km (haversine, R = 6371.0088).
pub fn haversine_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0088 * a.sqrt().asin()
}

/// AUC of sorted ln(1 + error), trapezoid rule, over ln(20039)·(n − 1); lower is better.
pub fn auc(errors: &[f64]) -> f64 {
    if errors.len() < 2 {
        return 0.0;
    }
    let mut logs: Vec<f64> = errors.iter().map(|e| (1.0 + e).ln()).collect();
    logs.sort_by(f64::total_cmp);
    let area: f64 = logs.windows(2).map(|w| (w[0] + w[1]) / 2.0).sum();
    area / (20039f64.ln() * (logs.len() - 1) as f64)
}

fn gold_tag(corpus: &str, t: &Toponym) -> bool {
    if corpus == "GWN" || corpus == "GeoWebNews" {
        !matches!(
            t.kind.as_deref(),
            Some("Literal_Expression" | "Non_Lit_Expression" | "Non_Toponym")
        )
    } else {
        true
    }
}

/// Scores the place stage on one file or on every `.jsonl` of a folder (peer outputs
/// and split info excluded).
pub fn run(path: &Path) -> Result<Report, SuiteError> {
    let files: Vec<PathBuf> = if path.is_dir() {
        let mut v: Vec<PathBuf> = std::fs::read_dir(path)
            .map_err(|e| SuiteError::Io(path.display().to_string(), e))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.extension().is_some_and(|e| e == "jsonl")
                    && !p
                        .file_name()
                        .is_some_and(|n| n.to_string_lossy().contains("peer"))
            })
            .collect();
        v.sort();
        v
    } else {
        vec![path.to_path_buf()]
    };
    let mut tagging: BTreeMap<String, Prf> = BTreeMap::new();
    let mut errors: BTreeMap<String, (Vec<f64>, u64)> = BTreeMap::new();
    let mut oracle: BTreeMap<String, (Vec<f64>, u64)> = BTreeMap::new();
    let mut alone_errs: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    let mut earlier_errs: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    for file in &files {
        let articles: Vec<Article> = read_jsonl(file)?;
        let texts: Vec<&str> = articles.iter().map(|a| a.text.as_str()).collect();
        let urls: Vec<Option<&str>> = articles.iter().map(|a| a.url.as_deref()).collect();
        let tagged: Vec<Tagged> = texts.iter().map(|t| tag(t)).collect();
        let homes = outlet_homes(&texts, &urls, &tagged);
        let earlier = outlet_homes_so_far(&texts, &urls, &tagged);
        for (k, a) in articles.iter().enumerate() {
            // Code-point offsets of the gold → byte offsets of our spans.
            let mut byte_of = Vec::with_capacity(a.text.len() + 1);
            for (b, _) in a.text.char_indices() {
                byte_of.push(b);
            }
            byte_of.push(a.text.len());
            let to_byte = |cp: i64| {
                usize::try_from(cp)
                    .ok()
                    .and_then(|c| byte_of.get(c).copied())
            };
            let places = place(&a.text, &tagged[k], homes[k].as_ref());
            let alone = place(&a.text, &tagged[k], None);
            let streamed = place(&a.text, &tagged[k], earlier[k].as_ref());
            let gold: Vec<(usize, usize, &Toponym)> = a
                .toponyms
                .iter()
                .filter_map(|t| Some((to_byte(t.start)?, to_byte(t.end)?, t)))
                .collect();
            let tags: Vec<&(usize, usize, &Toponym)> = gold
                .iter()
                .filter(|(_, _, t)| gold_tag(&a.corpus, t))
                .collect();
            let matched = tags
                .iter()
                .filter(|(s, e, _)| places.iter().any(|p| p.0 == *s && p.1 == *e))
                .count();
            let counts = tagging.entry(a.corpus.clone()).or_default();
            counts.add(&Prf::new(
                matched as f64,
                places.len() as f64,
                tags.len() as f64,
            ));
            let (errs, total) = errors.entry(a.corpus.clone()).or_default();
            for (s, e, t) in gold.iter().filter(|(_, _, t)| t.eval) {
                let (Some(lat), Some(lon)) = (t.lat, t.lon) else {
                    continue;
                };
                *total += 1;
                if let Some(p) = places.iter().find(|p| p.0 == *s && p.1 == *e) {
                    errs.push(haversine_km(lat, lon, p.2, p.3));
                }
                if let Some(p) = alone.iter().find(|p| p.0 == *s && p.1 == *e) {
                    alone_errs
                        .entry(a.corpus.clone())
                        .or_default()
                        .push(haversine_km(lat, lon, p.2, p.3));
                }
                if let Some(p) = streamed.iter().find(|p| p.0 == *s && p.1 == *e) {
                    earlier_errs
                        .entry(a.corpus.clone())
                        .or_default()
                        .push(haversine_km(lat, lon, p.2, p.3));
                }
            }
            // Oracle recognition: every gold toponym's surface, resolved together.
            let surfaces: Vec<&str> = gold
                .iter()
                .filter_map(|(s, e, _)| a.text.get(*s..*e))
                .collect();
            let resolved = geonames::resolve_all(&surfaces, &ResolveContext::default());
            let (oerrs, ototal) = oracle.entry(a.corpus.clone()).or_default();
            for ((_, _, t), r) in gold.iter().zip(&resolved) {
                let (true, Some(lat), Some(lon)) = (t.eval, t.lat, t.lon) else {
                    continue;
                };
                *ototal += 1;
                if let Some(r) = r {
                    oerrs.push(haversine_km(lat, lon, r.lat, r.lon));
                }
            }
        }
    }
    let mut tagging_all = Prf::default();
    for p in tagging.values() {
        tagging_all.add(p);
    }
    let mut extra = vec![("geotagging".to_string(), Score::Prf(tagging_all))];
    let mut notes = Vec::new();
    let mut pooled = Accuracy {
        passed: 0,
        total: 0,
    };
    for (corpus, (errs, total)) in &errors {
        let acc = accuracy_161(errs);
        pooled.passed += acc.passed;
        pooled.total += acc.total;
        extra.push((format!("{corpus}/acc@161"), Score::Accuracy(acc)));
        notes.push(format!(
            "{corpus}: end to end, geocoded {} of {total} evaluated toponyms (recall {:.1}%, exact span); {}",
            errs.len(),
            100.0 * errs.len() as f64 / (*total).max(1) as f64,
            error_summary(errs)
        ));
    }
    for (corpus, errs) in &alone_errs {
        extra.push((
            format!("{corpus}/acc@161_article_alone"),
            Score::Accuracy(accuracy_161(errs)),
        ));
        notes.push(format!(
            "{corpus}: each article alone, without its outlet's other articles; {}",
            error_summary(errs)
        ));
    }
    for (corpus, errs) in &earlier_errs {
        extra.push((
            format!("{corpus}/acc@161_earlier_articles"),
            Score::Accuracy(accuracy_161(errs)),
        ));
        notes.push(format!(
            "{corpus}: as the product reads a stream, each article with the home of its outlet learned from the outlet's earlier articles in the file only; {}",
            error_summary(errs)
        ));
    }
    for (corpus, (errs, total)) in &oracle {
        extra.push((
            format!("{corpus}/oracle_acc@161"),
            Score::Accuracy(accuracy_161(errs)),
        ));
        notes.push(format!(
            "{corpus}: oracle recognition (gold spans), placed {} of {total}; {}",
            errs.len(),
            error_summary(errs)
        ));
    }
    notes.push(
        "overall = acc@161 end to end over the evaluated gold toponyms tagged with the exact span, each article resolved with the home of its outlet learned from the outlet's other articles in the file (URL host; LGL has about 4 per outlet, GeoWebNews 1); acc@161_article_alone rows without it; geotagging = strict-span P/R/F1 over all corpora; oracle rows count an unplaced toponym as a miss only in n".into(),
    );
    Ok(Report {
        bench: "geoparse".into(),
        data: path.display().to_string(),
        overall: Score::Accuracy(pooled),
        per_class: tagging
            .into_iter()
            .map(|(k, v)| (k, Score::Prf(v)))
            .collect(),
        extra,
        notes,
    })
}

fn accuracy_161(errs: &[f64]) -> Accuracy {
    Accuracy {
        passed: errs.iter().filter(|e| **e < 161.0).count() as u64,
        total: errs.len() as u64,
    }
}

fn error_summary(errs: &[f64]) -> String {
    let mut sorted = errs.to_vec();
    sorted.sort_by(f64::total_cmp);
    let mean = if errs.is_empty() {
        0.0
    } else {
        errs.iter().sum::<f64>() / errs.len() as f64
    };
    let median = sorted.get(sorted.len() / 2).copied().unwrap_or(0.0);
    format!(
        "mean error {mean:.0} km, median {median:.1} km, AUC {:.3}",
        auc(errs)
    )
}

/// A tagged span: start, end, the entity stage's point, a fixed point.
type Span4 = (usize, usize, Option<(f64, f64)>, Option<(f64, f64)>);

/// The places tagged in one article, before resolution.
#[derive(Debug, Clone, Default)]
pub struct Tagged {
    /// (start, end, the entity stage's point, a fixed point): byte spans in order.
    spans: Vec<Span4>,
    /// Countries of the article's nationality words.
    countries: Vec<String>,
}

impl Tagged {
    /// The distinct names to be resolved (the outlet evidence of this article).
    pub fn names<'t>(&self, text: &'t str) -> Vec<&'t str> {
        let mut out: Vec<&str> = Vec::new();
        for &(s, e, _, fixed) in &self.spans {
            if let (None, Some(n)) = (fixed, text.get(s..e)) {
                if !out.contains(&n) {
                    out.push(n);
                }
            }
        }
        out
    }
}

/// The product's place tagging on one article: the entity stage's places, then the
/// gazetteer's own toponyms where no entity mention is, or where the entity stage read
/// exactly a place name of the gazetteer as an organisation ("Laurel County", which is
/// a county as often as its government). Nationality words ("Russian") are toponyms in
/// LGL, TR-News and GeoWebNews (not in GeoVirus): they are tagged and placed at their
/// country.
pub fn tag(text: &str) -> Tagged {
    let single = newsfuse_extract::text::is_single_case(text);
    let found = newsfuse_extract::entities::find(text, single);
    let mut out = Tagged::default();
    let mut taken: Vec<(usize, usize)> = Vec::new();
    let mut orgs: Vec<(usize, usize)> = Vec::new();
    for m in &found.mentions {
        let (s, e) = (m.span.start(), m.span.end());
        if m.kind == EntityKind::Organisation {
            orgs.push((s, e));
            continue;
        }
        taken.push((s, e));
        let point = m.place.as_ref().map(|p| (p.lat, p.lon));
        match m.kind {
            EntityKind::Place => out.spans.push((s, e, point, None)),
            EntityKind::Nationality => {
                if let Some(p) = &m.place {
                    let fixed = geonames::country(&p.country_code).map(|c| (c.lat, c.lon));
                    out.spans.push((s, e, point, fixed));
                    out.countries.push(p.country_code.clone());
                }
            }
            _ => {}
        }
    }
    for (s, e) in geonames::find_toponyms(text, single) {
        let free = |v: &[(usize, usize)]| !v.iter().any(|&(ts, te)| s < te && ts < e);
        if free(&taken) && (free(&orgs) || orgs.contains(&(s, e))) {
            out.spans.push((s, e, None, None));
        }
    }
    out.spans.sort_by_key(|x| (x.0, x.1));
    out
}

/// Resolves an article's tagged places together through the GeoNames gazetteer, with
/// the outlet's home when known. Byte spans with a point.
pub fn place(
    text: &str,
    tagged: &Tagged,
    home: Option<&geonames::Home>,
) -> Vec<(usize, usize, f64, f64)> {
    let to_resolve: Vec<(usize, usize)> = tagged
        .spans
        .iter()
        .filter(|x| x.3.is_none())
        .map(|x| (x.0, x.1))
        .collect();
    let country_refs: Vec<&str> = tagged.countries.iter().map(String::as_str).collect();
    let ctx = ResolveContext {
        countries: &country_refs,
        home,
        ..ResolveContext::default()
    };
    let mut resolved = geonames::resolve_in_text(text, &to_resolve, &ctx).into_iter();
    tagged
        .spans
        .iter()
        .filter_map(|&(s, e, fallback, fixed)| {
            let point = match fixed {
                Some(p) => Some(p),
                None => resolved
                    .next()
                    .flatten()
                    .map(|r| (r.lat, r.lon))
                    .or(fallback),
            };
            let (lat, lon) = point?;
            Some((s, e, lat, lon))
        })
        .collect()
}

/// [`tag`] then [`place`], without outlet context.
pub fn tag_and_resolve(text: &str) -> Vec<(usize, usize, f64, f64)> {
    place(text, &tag(text), None)
}

/// The outlet of an article: its URL's host without `www.`.
fn outlet(url: Option<&str>) -> Option<&str> {
    let rest = url?.split_once("://")?.1;
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.strip_prefix("www.").unwrap_or(host);
    (!host.is_empty()).then_some(host)
}

/// The homes of the articles' outlets, each learned from the outlet's other articles
/// (`None` for an article alone from its outlet, or without a URL).
pub fn outlet_homes(
    texts: &[&str],
    urls: &[Option<&str>],
    tagged: &[Tagged],
) -> Vec<Option<geonames::Home>> {
    let names: Vec<Vec<&str>> = texts.iter().zip(tagged).map(|(t, g)| g.names(t)).collect();
    (0..texts.len())
        .map(|i| {
            let o = outlet(urls.get(i).copied().flatten())?;
            let others: Vec<&str> = (0..texts.len())
                .filter(|&j| j != i && outlet(urls.get(j).copied().flatten()) == Some(o))
                .flat_map(|j| names[j].iter().copied())
                .collect();
            (!others.is_empty()).then(|| geonames::Home::from_names(&others))
        })
        .collect()
}

/// The homes of the articles' outlets as a stream sees them: each learned only from the
/// outlet's articles before it in the file, with [`geonames::HomeTally`] as the product
/// keeps it (`None` for an outlet's first article, or without a URL).
pub fn outlet_homes_so_far(
    texts: &[&str],
    urls: &[Option<&str>],
    tagged: &[Tagged],
) -> Vec<Option<geonames::Home>> {
    let mut tallies: BTreeMap<&str, geonames::HomeTally> = BTreeMap::new();
    (0..texts.len())
        .map(|i| {
            let o = outlet(urls.get(i).copied().flatten())?;
            let tally = tallies.entry(o).or_default();
            let home = (tally.names > 0.0).then(|| tally.home());
            tally.add_article(&tagged[i].names(texts[i]));
            home
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_are_tagged_and_resolved_in_context() {
        let text = "Storms hit Paris, Texas, and nearby Dallas on Monday. Moscow was calm.";
        let found = tag_and_resolve(text);
        let at = |name: &str| {
            let s = text.find(name).expect("in text");
            found
                .iter()
                .find(|p| p.0 == s && p.1 == s + name.len())
                .map(|p| (p.2, p.3))
        };
        let (lat, lon) = at("Paris").expect("Paris tagged");
        // Paris, Texas, not Paris, France.
        assert!(haversine_km(lat, lon, 33.66, -95.56) < 20.0, "{lat},{lon}");
        let (lat, lon) = at("Moscow").expect("Moscow tagged");
        assert!(haversine_km(lat, lon, 55.75, 37.62) < 10.0, "{lat},{lon}");
        assert!(at("Monday").is_none());
    }

    #[test]
    fn shared_corpus_scores() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/geoparse");
        let file = dir.join("geovirus.jsonl");
        if !file.exists() {
            eprintln!("skipped: {} is absent", file.display());
            return;
        }
        let report = run(&file).expect("runs");
        let Score::Accuracy(acc) = report.overall else {
            panic!("overall is acc@161");
        };
        assert!(acc.total > 500, "{acc:?}");
        assert!(acc.passed * 100 >= acc.total * 75, "{acc:?}");
        let names: Vec<&str> = report.extra.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            vec![
                "geotagging",
                "GeoVirus/acc@161",
                "GeoVirus/acc@161_article_alone",
                "GeoVirus/acc@161_earlier_articles",
                "GeoVirus/oracle_acc@161"
            ]
        );
    }

    #[test]
    fn distances_and_auc() {
        // London to Paris is about 344 km.
        let d = haversine_km(51.5074, -0.1278, 48.8566, 2.3522);
        assert!((d - 343.6).abs() < 1.0, "{d}");
        assert_eq!(haversine_km(10.0, 10.0, 10.0, 10.0), 0.0);
        assert_eq!(auc(&[0.0, 0.0, 0.0]), 0.0);
        // Two errors at the maximum give AUC 1.
        assert!((auc(&[20038.0, 20038.0]) - 1.0).abs() < 1e-9);
    }
}
