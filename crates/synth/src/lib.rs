//! A synthetic news stream with known truth, for tests and benchmarks of grouping and
//! fusion, and its scoring.
//!
//! [`generate`] invents attacks one after another, about [`Config::events_per_day`] a
//! day, in real cities (so that the gazetteer places them), each reported by two to six
//! outlets over the following days in varied wording: the toll rises between
//! publication days (each day's reports agree, the last gives the final figure); some
//! reports are taken over word for word by another outlet under its own headline (wire
//! copies); and for some events a **decoy** is added, an attack of the same kind on
//! the same day in another city, or in the same city weeks later, worded alike. The
//! stream is written in publication order, as a news feed brings it. Every sentence is
//! built from this file's own templates.
//!
//! [`score`] runs a stream through the product's pipeline (store, extraction, copies,
//! grouping, fusion) and compares the incidents with the truth: B3 F1 of articles into
//! events, and the share of events whose fused killed count is the true final toll.
#![deny(missing_docs)]

use std::collections::{BTreeMap, HashMap};

use newsfuse_core::{Attribute, DocId, Document, Incident, Value};
use serde::{Deserialize, Serialize};

/// Errors of scoring a stream.
#[derive(Debug, thiserror::Error)]
pub enum SynthError {
    /// The store failed.
    #[error("store: {0}")]
    Store(#[from] newsfuse_store::StoreError),
}

/// What to generate.
#[derive(Debug, Clone)]
pub struct Config {
    /// Articles in the stream (the last event may be cut short to hit it exactly).
    pub articles: usize,
    /// Seed: the same seed gives the same stream.
    pub seed: u64,
    /// Events a day, worldwide.
    pub events_per_day: f64,
    /// Chance that a report is also carried, word for word, by another outlet.
    pub copy_rate: f64,
    /// Chance that an event has a decoy.
    pub decoy_rate: f64,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            articles: 1000,
            seed: 1,
            events_per_day: 12.0,
            copy_rate: 0.12,
            decoy_rate: 0.3,
        }
    }
}

/// One article of the stream, in the JSON Lines shape `newsfuse run` reads.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Article {
    /// Identifier (`synth-<event>-<report>`, `…-copy` for a wire copy).
    pub id: String,
    /// Headline.
    pub title: String,
    /// Publication day, `YYYY-MM-DD`.
    pub published: String,
    /// Outlet.
    pub source: String,
    /// Address.
    pub url: String,
    /// Body.
    pub text: String,
}

/// The truth about one event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventTruth {
    /// Event number.
    pub event: u64,
    /// `bombing` or `shooting`.
    pub kind: String,
    /// City and country.
    pub city: String,
    /// Country.
    pub country: String,
    /// Day it happened, `YYYY-MM-DD`.
    pub date: String,
    /// Final death toll.
    pub killed: u32,
    /// The ids of its articles, copies included.
    pub articles: Vec<String>,
    /// The event it is a decoy of, if it is one.
    pub decoy_of: Option<u64>,
}

/// SplitMix64: small, fast, and the same everywhere.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9e37_79b9_7f4a_7c15)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    /// Uniform in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// One of `items`.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Cities the gazetteer knows, with their countries as it names them.
const CITIES: &[(&str, &str)] = &[
    ("Kano", "Nigeria"),
    ("Lagos", "Nigeria"),
    ("Maiduguri", "Nigeria"),
    ("Kaduna", "Nigeria"),
    ("Abuja", "Nigeria"),
    ("Jos", "Nigeria"),
    ("Port Harcourt", "Nigeria"),
    ("Karachi", "Pakistan"),
    ("Lahore", "Pakistan"),
    ("Peshawar", "Pakistan"),
    ("Quetta", "Pakistan"),
    ("Multan", "Pakistan"),
    ("Mumbai", "India"),
    ("Srinagar", "India"),
    ("Kolkata", "India"),
    ("Chennai", "India"),
    ("Istanbul", "Turkey"),
    ("Ankara", "Turkey"),
    ("Izmir", "Turkey"),
    ("Diyarbakir", "Turkey"),
    ("Cairo", "Egypt"),
    ("Alexandria", "Egypt"),
    ("Nairobi", "Kenya"),
    ("Mombasa", "Kenya"),
    ("Mogadishu", "Somalia"),
    ("Kismayo", "Somalia"),
    ("Baghdad", "Iraq"),
    ("Mosul", "Iraq"),
    ("Kirkuk", "Iraq"),
    ("Kabul", "Afghanistan"),
    ("Kandahar", "Afghanistan"),
    ("Herat", "Afghanistan"),
    ("Jalalabad", "Afghanistan"),
    ("Damascus", "Syria"),
    ("Aleppo", "Syria"),
    ("Homs", "Syria"),
    ("Bamako", "Mali"),
    ("Gao", "Mali"),
    ("Ouagadougou", "Burkina Faso"),
    ("Niamey", "Niger"),
    ("Maroua", "Cameroon"),
    ("Douala", "Cameroon"),
    ("Bogota", "Colombia"),
    ("Medellin", "Colombia"),
    ("Guadalajara", "Mexico"),
    ("Tijuana", "Mexico"),
    ("Manila", "Philippines"),
    ("Davao", "Philippines"),
    ("Aden", "Yemen"),
    ("Sanaa", "Yemen"),
    ("Tripoli", "Libya"),
    ("Benghazi", "Libya"),
    ("Khartoum", "Sudan"),
    ("Goma", "Democratic Republic of the Congo"),
    ("Kinshasa", "Democratic Republic of the Congo"),
    ("Maputo", "Mozambique"),
    ("Dhaka", "Bangladesh"),
    ("Chattogram", "Bangladesh"),
    ("Jakarta", "Indonesia"),
    ("Surabaya", "Indonesia"),
    ("Makassar", "Indonesia"),
    ("Bangkok", "Thailand"),
    ("Sao Paulo", "Brazil"),
    ("Rio de Janeiro", "Brazil"),
    ("Addis Ababa", "Ethiopia"),
    ("Tehran", "Iran"),
    ("Zahedan", "Iran"),
    ("Beirut", "Lebanon"),
    ("Tunis", "Tunisia"),
    ("Algiers", "Algeria"),
    ("Kampala", "Uganda"),
    ("Juba", "South Sudan"),
    ("Bangui", "Central African Republic"),
    ("Dakar", "Senegal"),
    ("Abidjan", "Ivory Coast"),
    ("Caracas", "Venezuela"),
    ("Lima", "Peru"),
    ("Kharkiv", "Ukraine"),
    ("Grozny", "Russia"),
    ("Marseille", "France"),
    ("Brussels", "Belgium"),
    ("Manchester", "United Kingdom"),
    ("Madrid", "Spain"),
    ("Colombo", "Sri Lanka"),
    ("Yangon", "Myanmar"),
    ("Mandalay", "Myanmar"),
    ("Kathmandu", "Nepal"),
    ("Tashkent", "Uzbekistan"),
    ("Dushanbe", "Tajikistan"),
    ("Amman", "Jordan"),
    ("Riyadh", "Saudi Arabia"),
    ("Chicago", "United States"),
    ("Houston", "United States"),
    ("Johannesburg", "South Africa"),
    ("Durban", "South Africa"),
];

/// Days a city waits before another (non-decoy) event, when the density allows.
const CITY_GAP_DAYS: i64 = 10;

const OUTLETS: &[&str] = &[
    "Harbour Courier",
    "Daily Lantern",
    "Morning Ledger",
    "Evening Dispatch",
    "Coastal Herald",
    "Capital Tribune",
    "Northern Gazette",
    "Continental Post",
    "River Valley News",
    "Frontline Weekly",
    "Metro Observer",
    "Plains Chronicle",
];

const WIRES: &[&str] = &["Meridian Wire", "Global Newswire", "Allied Press Service"];

/// Sites, with the article they take.
const SITES: &[&str] = &[
    "a crowded market",
    "a police checkpoint",
    "a bus station",
    "a mosque",
    "a church",
    "a wedding party",
    "a football ground",
    "a hotel",
    "a school",
    "an army post",
    "a hospital gate",
    "a busy intersection",
];

const GROUPS: &[&str] = &[
    "Boko Haram",
    "al-Shabaab",
    "Islamic State",
    "Taliban",
    "Tehrik-i-Taliban Pakistan",
];

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

const WEEKDAYS: [&str; 7] = [
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
];

/// A civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
fn civil(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

fn iso(days: i64) -> String {
    let (y, m, d) = civil(days);
    format!("{y:04}-{m:02}-{d:02}")
}

fn day_phrase(days: i64) -> String {
    let (_, m, d) = civil(days);
    format!("{} {d}", MONTHS[(m - 1) as usize])
}

fn weekday(days: i64) -> &'static str {
    WEEKDAYS[days.rem_euclid(7) as usize]
}

const SMALL: [&str; 10] = [
    "no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
];

/// A count as news writes it: small numbers in words, sometimes.
fn count(rng: &mut Rng, n: u32) -> String {
    if (2..10).contains(&n) && rng.unit() < 0.4 {
        SMALL[n as usize].to_string()
    } else {
        n.to_string()
    }
}

/// One event as generated.
#[derive(Debug, Clone)]
struct Event {
    id: u64,
    shooting: bool,
    city: usize,
    day: i64,
    site: &'static str,
    killed: u32,
    wounded: u32,
    group: Option<&'static str>,
    decoy_of: Option<u64>,
    /// Details only this event's reports share: a district, a spokesman, a witness.
    district: String,
    spokesman: String,
    witness: String,
}

const SYLLABLES: &[&str] = &[
    "ka", "lo", "mi", "ran", "te", "su", "bar", "den", "vo", "li", "sha", "mor", "ne", "tu", "ga",
    "ril", "po", "zan", "ke", "dal", "fi", "om", "ya", "ber", "ush", "ta", "wen", "ko",
];
const FIRST: &[&str] = &[
    "Amadou", "Leila", "Omar", "Grace", "Tariq", "Nadia", "Samuel", "Fatima", "Jonas", "Aisha",
    "Victor", "Rania", "Musa", "Elena", "Karim", "Zainab", "Pedro", "Hana", "Ibrahim", "Mira",
];
const TITLES: &[&str] = &[
    "police spokesman",
    "regional police chief",
    "interior ministry spokeswoman",
    "local council head",
    "army spokesman",
];

/// An invented name of two or three syllables, capitalised.
fn coined(rng: &mut Rng) -> String {
    let n = 2 + rng.below(2);
    let word: String = (0..n).map(|_| *rng.pick(SYLLABLES)).collect();
    capitalise(&word)
}

fn lead(rng: &mut Rng, e: &Event, published: i64, killed: u32) -> String {
    let (city, country) = CITIES[e.city];
    let when = if published == e.day || rng.unit() < 0.3 {
        format!("on {}", weekday(e.day))
    } else {
        format!("on {}", day_phrase(e.day))
    };
    let k = count(rng, killed);
    let w = count(rng, e.wounded);
    if e.shooting {
        match rng.below(4) {
            0 => format!("Gunmen opened fire at {} in {city}, {country}, {when}, killing {k} people and wounding {w} others, police said.", e.site),
            1 => format!("At least {k} people were shot dead when armed men stormed {} in {city} {when}, officials in {country} said.", e.site),
            2 => format!("{} people were killed and {w} injured in a shooting at {} in the {country} city of {city} {when}.", capitalise(&k), e.site),
            _ => format!("Attackers armed with rifles killed {k} people at {} in {city}, {country}, {when}, according to local authorities.", e.site),
        }
    } else {
        match rng.below(4) {
            0 => format!("A bomb exploded at {} in {city}, {country}, {when}, killing {k} people and wounding {w}, police said.", e.site),
            1 => format!("A car bomb went off near {} in {city} {when}, killing at least {k} people, officials in {country} said.", e.site),
            2 => format!("{} people were killed and {w} wounded when a suicide bomber blew himself up at {} in the {country} city of {city} {when}.", capitalise(&k), e.site),
            _ => format!("An explosion tore through {} in {city}, {country}, {when}, killing {k} people, a hospital official said.", e.site),
        }
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn body(rng: &mut Rng, e: &Event, killed: u32, update: bool) -> Vec<String> {
    let (city, _) = CITIES[e.city];
    let mut out = Vec::new();
    if update {
        out.push(match rng.below(3) {
            0 => format!(
                "The death toll rose to {killed} after several of the wounded died in hospital."
            ),
            1 => format!("Rescue workers said the number of dead had climbed to {killed}."),
            _ => format!("Officials later raised the toll to {killed} dead."),
        });
    }
    let surname = e.witness.split(' ').nth(1).unwrap_or_default().to_string();
    let extra = [
        format!("Witnesses described scenes of panic as ambulances rushed the injured to hospitals across {city}."),
        format!("Security forces sealed off the {} district and began searching nearby streets.", e.district),
        format!("\"We heard a loud noise and then people were running everywhere,\" said {}, who sells fruit nearby.", e.witness),
        format!("The {} told reporters that the attackers had not yet been identified.", e.spokesman),
        format!("Shops in {} stayed closed for the rest of the day.", e.district),
        format!("It was the worst such attack in {city} in several months, residents said."),
        format!("According to the {}, investigators were examining footage from cameras in the area.", e.spokesman),
        format!("{surname} said he helped carry two injured men to a passing car."),
        format!("The {} area, a busy part of {city}, has seen several smaller attacks this year.", e.district),
        "Hospitals appealed for blood donations as the wounded arrived.".to_string(),
    ];
    let n = 2 + rng.below(3);
    let mut picked: Vec<usize> = Vec::new();
    while picked.len() < n {
        let k = rng.below(extra.len());
        if !picked.contains(&k) {
            picked.push(k);
        }
    }
    for k in picked {
        out.push(extra[k].clone());
    }
    match e.group {
        Some(g) if rng.unit() < 0.7 => out.push(match rng.below(2) {
            0 => format!("{g} claimed responsibility for the attack in a statement."),
            _ => format!(
                "No group has yet said it carried out the attack, but officials blamed {g}."
            ),
        }),
        _ => out.push("No group claimed responsibility.".to_string()),
    }
    out
}

fn headline(rng: &mut Rng, e: &Event, killed: u32) -> String {
    let (city, _) = CITIES[e.city];
    let what = if e.shooting { "shooting" } else { "bombing" };
    match rng.below(3) {
        0 => format!("{killed} killed in {city} {what}"),
        1 => format!(
            "{} at {} in {city} leaves {killed} dead",
            capitalise(what),
            e.site
        ),
        _ => format!("Toll reaches {killed} after {city} {what}"),
    }
}

/// The reports of one event: `(publication day, article)`, in publication order.
fn reports(rng: &mut Rng, e: &Event, n: usize, copy_rate: f64) -> Vec<(i64, Article)> {
    // Publication days: the day of the event or up to three days after.
    let mut days: Vec<i64> = (0..n).map(|_| e.day + rng.below(4) as i64).collect();
    days.sort_unstable();
    let first = days[0];
    let last = days[n - 1];
    // The toll as known each day: it only rises, and the last day knows the final one.
    let initial = if rng.unit() < 0.45 && e.killed > 2 {
        e.killed - 1 - rng.below((e.killed / 2) as usize) as u32
    } else {
        e.killed
    };
    let toll_on = |d: i64| -> u32 {
        if last == first || d == last {
            e.killed
        } else {
            let f = (d - first) as f64 / (last - first) as f64;
            initial + ((f64::from(e.killed - initial)) * f).floor() as u32
        }
    };
    let mut used: Vec<&str> = Vec::new();
    let mut out = Vec::new();
    for (r, &d) in days.iter().enumerate() {
        let outlet = loop {
            let o = *rng.pick(OUTLETS);
            if !used.contains(&o) || used.len() >= OUTLETS.len() {
                break o;
            }
        };
        used.push(outlet);
        let killed = toll_on(d);
        let mut sentences = vec![lead(rng, e, d, killed)];
        let update = killed > initial && rng.unit() < 0.7;
        sentences.extend(body(rng, e, killed, update));
        let text = sentences.join(" ");
        let id = format!("synth-{}-{r}", e.id);
        let slug = outlet.to_lowercase().replace(' ', "-");
        let article = Article {
            id: id.clone(),
            title: headline(rng, e, killed),
            published: iso(d),
            source: outlet.to_string(),
            url: format!("https://{slug}.example/{}/{id}", iso(d)),
            text: text.clone(),
        };
        if rng.unit() < copy_rate {
            let wire = *rng.pick(WIRES);
            out.push((
                d,
                Article {
                    id: format!("{id}-copy"),
                    title: headline(rng, e, killed),
                    published: iso(d),
                    source: wire.to_string(),
                    url: format!("https://wire.example/{}/{id}", iso(d)),
                    text,
                },
            ));
        }
        out.push((d, article));
    }
    out
}

/// Generates a stream: `article` receives the articles in publication order, `event`
/// each event's truth once all its articles are out. Memory stays flat: only the
/// articles of the last few days wait in a buffer.
pub fn generate(
    config: &Config,
    mut article: impl FnMut(&Article),
    mut event: impl FnMut(&EventTruth),
) {
    let mut rng = Rng::new(config.seed);
    // Days since the epoch: from 2015-01-01.
    let start: i64 = 16_436;
    let mut pending: BTreeMap<i64, Vec<Article>> = BTreeMap::new();
    let mut truths: BTreeMap<i64, Vec<EventTruth>> = BTreeMap::new();
    let mut emitted = 0usize;
    let mut next_id = 0u64;
    let mut recent: Vec<Event> = Vec::new();
    let mut last_in_city: Vec<Option<i64>> = vec![None; CITIES.len()];
    let mut day_float = 0.0f64;
    let mut flush = |upto: i64,
                     pending: &mut BTreeMap<i64, Vec<Article>>,
                     truths: &mut BTreeMap<i64, Vec<EventTruth>>| {
        while let Some((&d, _)) = pending.first_key_value() {
            if d > upto {
                break;
            }
            if let Some((_, list)) = pending.pop_first() {
                for a in &list {
                    article(a);
                }
            }
        }
        while let Some((&d, _)) = truths.first_key_value() {
            if d > upto {
                break;
            }
            if let Some((_, list)) = truths.pop_first() {
                for t in &list {
                    event(t);
                }
            }
        }
    };
    while emitted < config.articles {
        day_float += 1.0 / config.events_per_day.max(0.01);
        let day = start + day_float as i64;
        // An event, and perhaps a decoy of it.
        // A city with no other event in the last days (decoys excepted), as far as
        // the density allows.
        let mut city = rng.below(CITIES.len());
        for _ in 0..16 {
            if last_in_city[city].is_none_or(|d| day - d > CITY_GAP_DAYS) {
                break;
            }
            city = rng.below(CITIES.len());
        }
        last_in_city[city] = Some(day);
        let mut batch = vec![Event {
            id: next_id,
            shooting: rng.unit() < 0.5,
            city,
            day,
            site: SITES[rng.below(SITES.len())],
            killed: 1 + rng.below(40) as u32,
            wounded: 1 + rng.below(60) as u32,
            group: if rng.unit() < 0.5 {
                Some(*rng.pick(GROUPS))
            } else {
                None
            },
            decoy_of: None,
            district: coined(&mut rng),
            spokesman: format!(
                "{} {} {}",
                rng.pick(TITLES),
                rng.pick(FIRST),
                coined(&mut rng)
            ),
            witness: format!("{} {}", rng.pick(FIRST), coined(&mut rng)),
        }];
        next_id += 1;
        if rng.unit() < config.decoy_rate {
            let base = batch[0].clone();
            let mut d = base.clone();
            d.id = next_id;
            next_id += 1;
            d.decoy_of = Some(base.id);
            d.district = coined(&mut rng);
            d.spokesman = format!(
                "{} {} {}",
                rng.pick(TITLES),
                rng.pick(FIRST),
                coined(&mut rng)
            );
            d.witness = format!("{} {}", rng.pick(FIRST), coined(&mut rng));
            d.killed = 1 + rng.below(40) as u32;
            d.wounded = 1 + rng.below(60) as u32;
            if rng.unit() < 0.5 {
                // Same kind, same day, another city.
                while d.city == base.city {
                    d.city = rng.below(CITIES.len());
                }
                last_in_city[d.city] = Some(day);
            } else {
                // Same kind, same city, weeks later.
                d.day = base.day + 14 + rng.below(60) as i64;
            }
            batch.push(d);
        }
        for e in batch {
            let n = (2 + rng.below(5)).min(config.articles - emitted);
            if n == 0 {
                break;
            }
            let arts = reports(&mut rng, &e, n, config.copy_rate);
            emitted += n;
            let ids: Vec<String> = arts.iter().map(|(_, a)| a.id.clone()).collect();
            let last_day = arts.iter().map(|(d, _)| *d).max().unwrap_or(e.day);
            truths.entry(last_day).or_default().push(EventTruth {
                event: e.id,
                kind: if e.shooting { "shooting" } else { "bombing" }.to_string(),
                city: CITIES[e.city].0.to_string(),
                country: CITIES[e.city].1.to_string(),
                date: iso(e.day),
                killed: e.killed,
                articles: ids,
                decoy_of: e.decoy_of,
            });
            for (d, a) in arts {
                pending.entry(d).or_default().push(a);
            }
            recent.push(e);
        }
        recent.clear();
        // Decoys are at most ~75 days ahead; everything before that is final.
        flush(day - 80, &mut pending, &mut truths);
    }
    flush(i64::MAX, &mut pending, &mut truths);
}

/// The articles as ingest reads them from JSON Lines (the path `newsfuse run` takes).
pub fn documents(articles: &[Article]) -> Vec<Document> {
    let mut jsonl = String::new();
    for a in articles {
        if let Ok(line) = serde_json::to_string(a) {
            jsonl.push_str(&line);
            jsonl.push('\n');
        }
    }
    let mut docs = Vec::with_capacity(articles.len());
    let mut sink = |item: newsfuse_ingest::Item| {
        if let newsfuse_ingest::Item::Doc(d) = item {
            docs.push(d);
        }
    };
    newsfuse_ingest::read_reader(
        jsonl.as_bytes(),
        "synth.jsonl",
        None,
        &newsfuse_ingest::Defaults::default(),
        &mut sink,
    );
    docs
}

/// How the pipeline did on a stream.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scores {
    /// Articles in the stream.
    pub articles: usize,
    /// Events in the truth.
    pub events: usize,
    /// Incidents the pipeline made.
    pub incidents: usize,
    /// Articles kept as copies.
    pub copies: usize,
    /// B3 precision of articles into events.
    pub b3_precision: f64,
    /// B3 recall.
    pub b3_recall: f64,
    /// B3 F1.
    pub b3_f1: f64,
    /// Events whose incident's fused killed count is the final toll.
    pub killed_exact: usize,
    /// `killed_exact / events`.
    pub killed_exact_share: f64,
}

/// Runs `articles` through the pipeline in an in-memory store and scores the incidents
/// against `truth`. A copy counts in the group of the article it copies; an article
/// in no incident is alone.
pub fn score(articles: &[Article], truth: &[EventTruth]) -> Result<Scores, SynthError> {
    let mut store = newsfuse_store::Store::open_in_memory()?;
    let docs = documents(articles);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut copy_of: HashMap<String, DocId> = HashMap::new();
    for chunk in docs.chunks(256) {
        let added = newsfuse_pipeline::add_articles(&mut store, chunk, threads)?;
        for (doc, outcome) in chunk.iter().zip(added) {
            if let newsfuse_pipeline::Added::Copy { of, .. } = outcome {
                copy_of.insert(doc.external_id.clone().unwrap_or_default(), of);
            }
        }
    }
    let (incidents, _) = newsfuse_pipeline::regroup(&mut store)?;
    Ok(compare(&docs, &incidents, &copy_of, truth))
}

fn compare(
    docs: &[Document],
    incidents: &[Incident],
    copy_of: &HashMap<String, DocId>,
    truth: &[EventTruth],
) -> Scores {
    // Article (external id) -> predicted group.
    let ext_of: HashMap<&DocId, &str> = docs
        .iter()
        .filter(|d| !copy_of.contains_key(d.external_id.as_deref().unwrap_or_default()))
        .filter_map(|d| Some((&d.id, d.external_id.as_deref()?)))
        .collect();
    let mut group_of: HashMap<String, usize> = HashMap::new();
    for (g, inc) in incidents.iter().enumerate() {
        for a in &inc.articles {
            if let Some(ext) = ext_of.get(a) {
                group_of.insert((*ext).to_string(), g);
            }
        }
    }
    let doc_group: HashMap<&DocId, usize> = incidents
        .iter()
        .enumerate()
        .flat_map(|(g, inc)| inc.articles.iter().map(move |a| (a, g)))
        .collect();
    for (ext, of) in copy_of {
        if let Some(&g) = doc_group.get(of) {
            group_of.insert(ext.clone(), g);
        }
    }
    let mut next = incidents.len();
    let mut gold_of: HashMap<&str, usize> = HashMap::new();
    for (e, t) in truth.iter().enumerate() {
        for a in &t.articles {
            gold_of.insert(a.as_str(), e);
            group_of.entry(a.clone()).or_insert_with(|| {
                next += 1;
                next
            });
        }
    }
    let mut pred_size: HashMap<usize, usize> = HashMap::new();
    let mut both: HashMap<(usize, usize), usize> = HashMap::new();
    for (a, &g) in &gold_of {
        let p = group_of[*a];
        *pred_size.entry(p).or_insert(0) += 1;
        *both.entry((g, p)).or_insert(0) += 1;
    }
    let (mut p_sum, mut r_sum) = (0.0, 0.0);
    for (a, &g) in &gold_of {
        let p = group_of[*a];
        let common = both[&(g, p)] as f64;
        p_sum += common / pred_size[&p] as f64;
        r_sum += common / truth[g].articles.len() as f64;
    }
    let n = gold_of.len().max(1) as f64;
    let (p, r) = (p_sum / n, r_sum / n);
    let f = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    // Fused killed count of the incident holding most of each event's articles.
    let mut killed_exact = 0;
    for (e, t) in truth.iter().enumerate() {
        let mut votes: HashMap<usize, usize> = HashMap::new();
        for a in &t.articles {
            if group_of[a] < incidents.len() {
                *votes.entry(group_of[a]).or_insert(0) += 1;
            }
        }
        let best = votes
            .into_iter()
            .max_by_key(|&(g, v)| (v, std::cmp::Reverse(g)));
        let Some((g, _)) = best else { continue };
        let fused = incidents[g]
            .facts_about(Attribute::Killed)
            .find_map(|f| match &f.value {
                Value::Count { quantity } => Some(quantity.interval),
                _ => None,
            });
        if fused.is_some_and(|i| i.min() == u64::from(truth[e].killed)) {
            killed_exact += 1;
        }
    }
    Scores {
        articles: docs.len(),
        events: truth.len(),
        incidents: incidents.len(),
        copies: copy_of.len(),
        b3_precision: p,
        b3_recall: r,
        b3_f1: f,
        killed_exact,
        killed_exact_share: killed_exact as f64 / truth.len().max(1) as f64,
    }
}

/// Generates a stream in memory: its articles and truth.
pub fn stream(config: &Config) -> (Vec<Article>, Vec<EventTruth>) {
    let (mut articles, mut truth) = (Vec::new(), Vec::new());
    generate(
        config,
        |a| articles.push(a.clone()),
        |t| truth.push(t.clone()),
    );
    (articles, truth)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates_round_trip_known_days() {
        assert_eq!(iso(0), "1970-01-01");
        assert_eq!(iso(16_436), "2015-01-01");
        assert_eq!(iso(19_782), "2024-02-29");
        assert_eq!(weekday(0), "Thursday");
    }

    #[test]
    fn stream_has_the_asked_size_in_publication_order_and_truth_covers_it() {
        let config = Config {
            articles: 500,
            seed: 7,
            ..Config::default()
        };
        let (articles, truth) = stream(&config);
        let originals = articles.iter().filter(|a| !a.id.ends_with("-copy")).count();
        assert_eq!(originals, 500);
        assert!(articles
            .windows(2)
            .all(|w| w[0].published <= w[1].published));
        let in_truth: usize = truth.iter().map(|t| t.articles.len()).sum();
        assert_eq!(in_truth, articles.len());
        assert!(truth.iter().any(|t| t.decoy_of.is_some()));
        assert!(articles.iter().any(|a| a.id.ends_with("-copy")));
        // The same seed gives the same stream; another seed another.
        assert_eq!(stream(&config).0, articles);
        let other = Config { seed: 8, ..config };
        assert_ne!(stream(&other).0, articles);
    }
}
