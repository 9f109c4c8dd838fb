//! Analyst exports: one entry point, [`write_export`], over the formats of
//! [`ExportFormat`], and what the table formats share: a digest of an incident's fused
//! facts, the keyword tables that map our words onto codebook categories, and a CSV
//! writer that fills rows by column name.
//!
//! The formats and their columns are documented in `docs/exports.md`.

use std::fmt;
use std::io::Write;
use std::str::FromStr;

use newsfuse_core::{
    ActorRecord, Attribute, EventType, FusedFact, Incident, Interval, PlaceRef, SourceRef, Status,
    TimeValue, Value,
};

use crate::{database_json, Articles};

/// The formats `newsfuse export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExportFormat {
    /// CSV with the Global Terrorism Database codebook's columns, one row per incident.
    Gtd,
    /// CSV with the ACLED codebook's columns, one row per incident.
    Acled,
    /// A GeoJSON FeatureCollection, one point per located incident.
    Geojson,
    /// The JSON contract (`docs/output.schema.json`), pretty-printed.
    Json,
    /// A long CSV table: one row per source of every fused fact.
    Csv,
}

impl ExportFormat {
    /// Every format, in the order of the documentation.
    pub const ALL: [ExportFormat; 5] = [
        ExportFormat::Gtd,
        ExportFormat::Acled,
        ExportFormat::Geojson,
        ExportFormat::Json,
        ExportFormat::Csv,
    ];

    /// The lower-case name (`gtd`, `acled`, `geojson`, `json`, `csv`).
    pub fn as_str(self) -> &'static str {
        match self {
            ExportFormat::Gtd => "gtd",
            ExportFormat::Acled => "acled",
            ExportFormat::Geojson => "geojson",
            ExportFormat::Json => "json",
            ExportFormat::Csv => "csv",
        }
    }
}

impl fmt::Display for ExportFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A format name that is not one of [`ExportFormat`]'s.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown export format '{0}' (expected gtd, acled, geojson, json or csv)")]
pub struct UnknownFormat(pub String);

impl FromStr for ExportFormat {
    type Err = UnknownFormat;

    /// Reads a format name, ignoring case and surrounding blanks.
    fn from_str(s: &str) -> Result<ExportFormat, UnknownFormat> {
        let name = s.trim().to_ascii_lowercase();
        ExportFormat::ALL
            .into_iter()
            .find(|f| f.as_str() == name)
            .ok_or_else(|| UnknownFormat(s.to_string()))
    }
}

/// Why an export could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// Writing to the output failed.
    #[error("could not write the {format} export: {source}")]
    Io {
        /// The format being written.
        format: ExportFormat,
        /// The cause.
        source: std::io::Error,
    },
    /// The CSV writer failed (usually an I/O error underneath).
    #[error("could not write the {format} export as CSV: {source}")]
    Csv {
        /// The format being written.
        format: ExportFormat,
        /// The cause.
        source: csv::Error,
    },
    /// Serialising JSON failed (usually an I/O error underneath).
    #[error("could not write the {format} export as JSON: {source}")]
    Json {
        /// The format being written.
        format: ExportFormat,
        /// The cause.
        source: serde_json::Error,
    },
}

/// Writes `incidents` (and, for JSON, `actors`) to `out` in `format`. `articles` gives
/// outlets, publication days and the evidence text under each span; an article missing
/// from it leaves those cells blank.
pub fn write_export(
    format: ExportFormat,
    incidents: &[Incident],
    actors: &[ActorRecord],
    articles: &Articles<'_>,
    out: &mut dyn Write,
) -> Result<(), ExportError> {
    match format {
        ExportFormat::Gtd => crate::gtd::write_gtd(incidents, articles, out),
        ExportFormat::Acled => crate::acled::write_acled(incidents, articles, out),
        ExportFormat::Geojson => {
            write_json(format, &crate::geojson::geojson(incidents, articles), out)
        }
        ExportFormat::Json => write_json(format, &database_json(incidents, actors, articles), out),
        ExportFormat::Csv => crate::facts_csv::write_facts_csv(incidents, articles, out),
    }
}

fn write_json(
    format: ExportFormat,
    json: &serde_json::Value,
    out: &mut dyn Write,
) -> Result<(), ExportError> {
    serde_json::to_writer_pretty(&mut *out, json)
        .map_err(|source| ExportError::Json { format, source })?;
    writeln!(out).map_err(|source| ExportError::Io { format, source })?;
    out.flush()
        .map_err(|source| ExportError::Io { format, source })
}

/// One CSV row, filled by column name; cells never set stay blank.
pub(crate) struct Row {
    columns: &'static [&'static str],
    cells: Vec<String>,
}

impl Row {
    pub(crate) fn new(columns: &'static [&'static str]) -> Row {
        Row {
            columns,
            cells: vec![String::new(); columns.len()],
        }
    }

    /// Sets a cell. A column name not in the table is a bug in this crate.
    pub(crate) fn set(&mut self, column: &str, value: impl ToString) {
        let Some(i) = self.columns.iter().position(|c| *c == column) else {
            panic!("export table has no column {column:?}");
        };
        self.cells[i] = value.to_string();
    }

    /// Sets a cell when there is a value, leaves it blank otherwise.
    pub(crate) fn set_opt(&mut self, column: &str, value: Option<impl ToString>) {
        if let Some(v) = value {
            self.set(column, v);
        }
    }
}

/// Writes a header and rows as CSV.
pub(crate) fn write_table(
    format: ExportFormat,
    columns: &'static [&'static str],
    rows: impl IntoIterator<Item = Row>,
    out: &mut dyn Write,
) -> Result<(), ExportError> {
    let csv_err = |source| ExportError::Csv { format, source };
    let mut w = csv::Writer::from_writer(out);
    w.write_record(columns).map_err(csv_err)?;
    for row in rows {
        w.write_record(&row.cells).map_err(csv_err)?;
    }
    w.flush()
        .map_err(|source| ExportError::Io { format, source })
}

/// A count attribute: its fused interval and status.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Count {
    pub(crate) interval: Interval,
    pub(crate) status: Status,
}

impl Count {
    /// The single value when the interval holds one (as `best` in the JSON contract).
    pub(crate) fn best(self) -> Option<u64> {
        self.interval.point()
    }

    pub(crate) fn low(self) -> u64 {
        self.interval.min()
    }

    /// `None` when unbounded ("at least 12").
    pub(crate) fn high(self) -> Option<u64> {
        self.interval.max()
    }
}

/// What the table formats read from one incident's fused facts.
pub(crate) struct Digest<'a> {
    pub(crate) event_type: Option<EventType>,
    pub(crate) date: Option<TimeValue>,
    pub(crate) place: Option<&'a PlaceRef>,
    pub(crate) facility: Option<&'a str>,
    pub(crate) perpetrator_org: Option<&'a str>,
    pub(crate) perpetrators_ind: Vec<&'a str>,
    pub(crate) attackers: Option<Count>,
    pub(crate) killed: Option<Count>,
    pub(crate) wounded: Option<Count>,
    /// The attackers' dead (GTD `nkillter`).
    pub(crate) attackers_killed: Option<Count>,
    /// The people kidnapped or taken hostage (GTD `nhostkid`).
    pub(crate) hostages: Option<Count>,
    pub(crate) victims: Vec<&'a str>,
    pub(crate) targets: Vec<&'a str>,
    pub(crate) weapons: Vec<&'a str>,
    /// Whether any source reports a claim of responsibility.
    pub(crate) claimed: bool,
    /// Whether the attack type, weapon or attacker is called "suicide" by a source.
    suicide: bool,
    /// Outlets of the member articles, in article order, without repeats.
    pub(crate) outlets: Vec<String>,
}

/// The words of a text or actor value.
/// The group that claims the incident when exactly one does.
fn sole_claimant(incident: &Incident) -> Option<&str> {
    let mut claimants = incident
        .facts
        .iter()
        .filter(|f| f.attribute == Attribute::Claim)
        .filter_map(|f| match &f.value {
            Value::Stance { stance } => stance.by.as_deref(),
            _ => None,
        });
    let first = claimants.next()?;
    claimants.all(|c| c == first).then_some(first)
}

fn text_of(value: &Value) -> Option<&str> {
    match value {
        Value::Text { text } => Some(text),
        Value::Actor { name, .. } => Some(name),
        _ => None,
    }
}

/// Whether a source calls its attack, weapon or attacker "suicide": its value does
/// ("suicide vest"), or its words or the word just before them do ("suicide bomber"
/// where the span is "bomber").
fn says_suicide(source: &SourceRef, articles: &Articles<'_>) -> bool {
    let is_suicide = |text: &str| words(text).iter().any(|w| w == "suicide");
    if text_of(&source.value).is_some_and(is_suicide) {
        return true;
    }
    let p = &source.provenance;
    articles.get(&p.doc).is_some_and(|doc| {
        let before = doc.text.get(..p.span.start()).unwrap_or("");
        let previous = before.split_whitespace().next_back().unwrap_or("");
        is_suicide(previous) || p.span.slice(&doc.text).is_some_and(is_suicide)
    })
}

fn count_of(fact: &FusedFact) -> Option<Count> {
    match &fact.value {
        Value::Count { quantity } => Some(Count {
            interval: quantity.interval,
            status: fact.status,
        }),
        _ => None,
    }
}

impl<'a> Digest<'a> {
    pub(crate) fn new(incident: &'a Incident, articles: &Articles<'_>) -> Digest<'a> {
        let first = |a: Attribute| incident.facts_about(a).next();
        let texts = |a: Attribute| -> Vec<&'a str> {
            incident
                .facts_about(a)
                .filter_map(|f| text_of(&f.value))
                .collect()
        };
        let mut outlets: Vec<String> = Vec::new();
        for id in &incident.articles {
            let outlet = match articles.get(id) {
                Some(doc) => doc.source.clone(),
                None => incident
                    .facts
                    .iter()
                    .flat_map(|f| f.sources.iter().chain(&f.disagreeing))
                    .find(|s| s.provenance.doc == *id && s.outlet.is_some())
                    .and_then(|s| s.outlet.clone()),
            };
            if let Some(outlet) = outlet {
                if !outlets.contains(&outlet) {
                    outlets.push(outlet);
                }
            }
        }
        Digest {
            event_type: first(Attribute::EventType).and_then(|f| match f.value {
                Value::EventType { event_type } => Some(event_type),
                _ => None,
            }),
            date: first(Attribute::Date).and_then(|f| match f.value {
                Value::Time { time } => Some(time),
                _ => None,
            }),
            place: first(Attribute::Place).and_then(|f| match &f.value {
                Value::Place { place } => Some(place),
                _ => None,
            }),
            facility: first(Attribute::Facility).and_then(|f| text_of(&f.value)),
            // Else the one group that claims it (GTD names a claimant as the
            // perpetrator); rival claims name none.
            perpetrator_org: first(Attribute::PerpetratorOrg)
                .and_then(|f| text_of(&f.value))
                .or_else(|| sole_claimant(incident)),
            perpetrators_ind: texts(Attribute::PerpetratorInd),
            attackers: first(Attribute::Attackers).and_then(count_of),
            killed: first(Attribute::Killed).and_then(count_of),
            wounded: first(Attribute::Wounded).and_then(count_of),
            attackers_killed: first(Attribute::AttackersKilled).and_then(count_of),
            hostages: first(Attribute::Hostages).and_then(count_of),
            victims: texts(Attribute::Victims),
            targets: texts(Attribute::Targets),
            weapons: texts(Attribute::Weapons),
            claimed: first(Attribute::Claim).is_some(),
            suicide: incident
                .facts
                .iter()
                .filter(|f| {
                    matches!(
                        f.attribute,
                        Attribute::EventType | Attribute::Weapons | Attribute::PerpetratorInd
                    )
                })
                .flat_map(|f| &f.sources)
                .any(|s| says_suicide(s, articles)),
            outlets,
        }
    }

    /// Whether the attack is reported as a suicide attack.
    pub(crate) fn suicide(&self) -> bool {
        self.suicide
    }

    /// The target category: the first of targets, facility and victims (in that order)
    /// that [`TARGET_TYPES`] places.
    pub(crate) fn target_type(&self) -> Option<&'static Category> {
        self.targets
            .iter()
            .chain(self.facility.iter())
            .chain(self.victims.iter())
            .find_map(|t| classify(TARGET_TYPES, t))
    }

    /// Whether the victims or targets are civilians: a victim description that is not
    /// police or military (victims are people), or a target in a civilian category.
    pub(crate) fn civilians_targeted(&self) -> bool {
        let victims = self
            .victims
            .iter()
            .any(|v| classify(TARGET_TYPES, v).is_none_or(|c| !c.security));
        let targets = self
            .targets
            .iter()
            .chain(self.facility.iter())
            .filter_map(|t| classify(TARGET_TYPES, t))
            .any(|c| c.civilian);
        victims || targets
    }

    /// Whether the victims or targets are police or military.
    pub(crate) fn security_targeted(&self) -> bool {
        self.targets
            .iter()
            .chain(self.facility.iter())
            .chain(self.victims.iter())
            .filter_map(|t| classify(TARGET_TYPES, t))
            .any(|c| c.security)
    }

    /// The weapon categories of the weapon facts, in fact order.
    pub(crate) fn weapon_types(&self) -> Vec<&'static Category> {
        self.weapons
            .iter()
            .filter_map(|w| classify(WEAPON_TYPES, w))
            .collect()
    }

    /// The main weapon category: the one the attack type implies when a weapon of it is
    /// reported (explosives for a bombing, firearms for an armed assault or an
    /// assassination, melee or vehicle for an unarmed assault, incendiary for a facility
    /// attack), else the first weapon reported.
    pub(crate) fn main_weapon_type(&self) -> Option<&'static Category> {
        let types = self.weapon_types();
        let preferred: &[u8] = match self.event_type {
            Some(EventType::Bombing) => &[6],
            Some(EventType::ArmedAssault | EventType::Assassination) => &[5],
            Some(EventType::UnarmedAssault) => &[9, 10],
            Some(EventType::FacilityAttack) => &[8],
            _ => &[],
        };
        types
            .iter()
            .find(|c| preferred.contains(&c.code))
            .or(types.first())
            .copied()
    }

    /// The incident's outlets joined with `"; "`.
    pub(crate) fn sources(&self) -> String {
        self.outlets.join("; ")
    }
}

/// Whether a time is a whole calendar day (or finer): year, month and day known.
pub(crate) fn is_full_day(time: &TimeValue) -> bool {
    use newsfuse_core::Grain;
    time.as_date().is_some()
        && matches!(
            time.grain,
            Grain::Minute | Grain::Hour | Grain::PartOfDay | Grain::Day
        )
}

/// A codebook category with the words that place a description in it.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Category {
    /// The codebook's numeric code.
    pub(crate) code: u8,
    /// The codebook's label.
    pub(crate) text: &'static str,
    /// For targets: the people hit are civilians (ACLED's `civilian_targeting`).
    pub(crate) civilian: bool,
    /// For targets: police or military.
    pub(crate) security: bool,
    /// Word sequences (lower case, words split at anything not a letter or digit),
    /// separated by `|`.
    pub(crate) keywords: &'static str,
}

const fn cat(
    code: u8,
    text: &'static str,
    civilian: bool,
    security: bool,
    keywords: &'static str,
) -> Category {
    Category {
        code,
        text,
        civilian,
        security,
        keywords,
    }
}

/// GTD target types (`targtype1`), most specific first: a description goes to the first
/// category one of whose keywords it contains ("police station" is Police, not
/// Transportation; "school bus" is Educational Institution).
pub(crate) const TARGET_TYPES: &[Category] = &[
    cat(
        3,
        "Police",
        false,
        true,
        "police|policeman|policemen|policewoman|patrol car|gendarme|gendarmes|gendarmerie",
    ),
    cat(
        4,
        "Military",
        false,
        true,
        "military|army|soldier|soldiers|troops|barracks|navy|air force",
    ),
    cat(
        7,
        "Government (Diplomatic)",
        true,
        false,
        "embassy|embassies|consulate|consulates|diplomat|diplomats|ambassador",
    ),
    cat(
        2,
        "Government (General)",
        true,
        false,
        "government|parliament|ministry|ministries|courthouse|governor|mayor",
    ),
    cat(
        15,
        "Religious Figures/Institutions",
        true,
        false,
        "mosque|mosques|church|churches|cathedral|synagogue|synagogues|temple|temples|shrine|shrines|worshippers|worshipers|pilgrims|priest|priests|imam|clergy",
    ),
    cat(
        8,
        "Educational Institution",
        true,
        false,
        "school|schools|schoolchildren|university|universities|college|student|students|teacher|teachers",
    ),
    cat(
        10,
        "Journalists & Media",
        true,
        false,
        "journalist|journalists|reporter|reporters|newspaper|tv station|radio station",
    ),
    cat(
        6,
        "Airports & Aircraft",
        true,
        false,
        "airport|airports|aircraft|airliner|plane",
    ),
    cat(
        19,
        "Transportation",
        true,
        false,
        "bus|buses|train|trains|metro|subway|railway|bridge|bridges|passengers",
    ),
    cat(18, "Tourists", true, false, "tourist|tourists"),
    cat(
        21,
        "Utilities",
        false,
        false,
        "pipeline|pipelines|power plant|power tower|power towers|power transmission tower|power transmission towers|transmission tower|transmission towers|electricity|pylon|pylons|substation",
    ),
    cat(
        16,
        "Telecommunication",
        false,
        false,
        "telephone|telecommunications|telecom",
    ),
    cat(
        1,
        "Business",
        true,
        false,
        "bank|banks|hotel|hotels|guesthouse|guesthouses|guest house|guest houses|motel|motels|resort|restaurant|restaurants|nightclub|nightclubs|bar|cafe|café|shop|shops|store|stores|shopping|mall|malls|concert|cinema|theatre|theater|stadium|company|factory|gas station",
    ),
    cat(
        14,
        "Private Citizens & Property",
        true,
        false,
        "civilian|civilians|market|markets|marketplace|village|villages|villagers|house|houses|home|homes|residence|residences|wedding|funeral|mourners|festival|parade|rally|shoppers|spectators|children|refugee camp",
    ),
];

/// The GTD target type for a target nobody could place.
pub(crate) const TARGET_UNKNOWN: Category = cat(20, "Unknown", false, false, "");

/// GTD weapon types (`weaptype1`), first match wins: incendiary before explosives
/// ("petrol bomb"), explosives before vehicles ("car bomb").
pub(crate) const WEAPON_TYPES: &[Category] = &[
    cat(
        2,
        "Chemical",
        false,
        false,
        "chemical|chemicals|sarin|chlorine|nerve agent|acid|poison|poisoned",
    ),
    cat(
        8,
        "Incendiary",
        false,
        false,
        "incendiary|molotov|petrol bomb|petrol bombs|firebomb|firebombs|gasoline|arson",
    ),
    cat(
        6,
        "Explosives",
        false,
        false,
        "explosive|explosives|bomb|bombs|dynamite|ied|ieds|grenade|grenades|rocket|rockets|mortar|mortars|missile|missiles|shell|shells|landmine|landmines|mine|mines|suicide vest|suicide vests|suicide belt|suicide belts|drone|drones",
    ),
    cat(
        5,
        "Firearms",
        false,
        false,
        "firearm|firearms|gun|guns|gunfire|machinegun|machineguns|rifle|rifles|kalashnikov|kalashnikovs|ak 47|ak 47s|pistol|pistols|revolver|revolvers|shotgun|shotguns|handgun|handguns|automatic weapons",
    ),
    cat(
        9,
        "Melee",
        false,
        false,
        "knife|knives|machete|machetes|axe|axes|sword|swords|blade|blades|dagger|daggers",
    ),
    cat(
        10,
        "Vehicle (not to include vehicle-borne explosives, i.e., car or truck bombs)",
        false,
        false,
        "vehicle|vehicles|car|cars|truck|trucks|lorry|van",
    ),
];

/// The GTD weapon type for weapons nobody could place, or none reported.
pub(crate) const WEAPON_UNKNOWN: Category = cat(13, "Unknown", false, false, "");

/// Lower-case words: runs of letters and digits.
pub(crate) fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// The first category of `table` one of whose keywords occurs in `text` as a whole run
/// of words.
pub(crate) fn classify(table: &'static [Category], text: &str) -> Option<&'static Category> {
    let text = words(text);
    table.iter().find(|cat| {
        cat.keywords.split('|').filter(|k| !k.is_empty()).any(|k| {
            let k: Vec<&str> = k.split(' ').collect();
            text.windows(k.len())
                .any(|w| w.iter().zip(&k).all(|(a, b)| a == b))
        })
    })
}

#[cfg(test)]
pub(crate) mod testkit {
    //! Hand-built incidents for the format tests.

    use newsfuse_core::{
        Attribute, Attribution, Date, DocId, Document, EntityKind, EventType, FusedFact, Incident,
        Interval, PlaceRef, Provenance, Qualifier, Quantity, SourceRef, Span, Stance, Status,
        TimeValue, Value,
    };

    /// An article with an outlet and a publication day.
    pub(crate) fn doc(id: &str, text: &str, outlet: &str, published: (i32, u32, u32)) -> Document {
        Document {
            source: Some(outlet.to_string()),
            published: Date::new(published.0, published.1, published.2).ok(),
            ..Document::bare(id, text)
        }
    }

    /// A source quoting `words`, which must occur in `doc`'s text.
    pub(crate) fn source(doc: &Document, words: &str, value: Value) -> SourceRef {
        let start = doc.text.find(words).expect("words in the text");
        SourceRef {
            value,
            provenance: Provenance {
                doc: doc.id.clone(),
                sentence: 0,
                span: Span::new(start, start + words.len()).unwrap(),
                sentence_span: Span::new(0, doc.text.len()).unwrap(),
                attribution: Attribution::asserted(),
                corrects: false,
            },
            published: doc.published,
            outlet: doc.source.clone(),
            when: None,
        }
    }

    /// A fused fact whose value is that of its first source.
    pub(crate) fn fact(attribute: Attribute, status: Status, sources: Vec<SourceRef>) -> FusedFact {
        FusedFact {
            attribute,
            value: sources[0].value.clone(),
            status,
            sources,
            disagreeing: Vec::new(),
            note: "test".to_string(),
        }
    }

    pub(crate) fn count(interval: Interval) -> Value {
        Value::Count {
            quantity: Quantity {
                interval,
                qualifier: Qualifier::Exact,
                noun: Some("people".to_string()),
            },
        }
    }

    pub(crate) fn text(t: &str) -> Value {
        Value::Text {
            text: t.to_string(),
        }
    }

    pub(crate) fn event(event_type: EventType) -> Value {
        Value::EventType { event_type }
    }

    pub(crate) fn day(y: i32, m: u32, d: u32) -> Value {
        Value::Time {
            time: TimeValue::day(Date::new(y, m, d).unwrap()),
        }
    }

    pub(crate) fn org(name: &str) -> Value {
        Value::Actor {
            name: name.to_string(),
            kind: EntityKind::ArmedGroup,
        }
    }

    pub(crate) fn claim(by: &str) -> Value {
        Value::Stance {
            stance: Stance {
                by: Some(by.to_string()),
                about: None,
            },
        }
    }

    /// `incident` with `region` as the first-level region of its fused place.
    pub(crate) fn with_region(mut incident: Incident, region: &str) -> Incident {
        for f in incident
            .facts
            .iter_mut()
            .filter(|f| f.attribute == Attribute::Place)
        {
            if let Value::Place { place } = &mut f.value {
                place.region = Some(region.to_string());
            }
        }
        incident
    }

    pub(crate) fn place(name: &str, kind: &str, lat: f64, lon: f64) -> Value {
        Value::Place {
            place: PlaceRef {
                name: name.to_string(),
                country: "Freedonia".to_string(),
                country_code: "FD".to_string(),
                kind: kind.to_string(),
                lat,
                lon,
                region: None,
            },
        }
    }

    /// The two articles of [`market_bombing`].
    pub(crate) fn market_docs() -> [Document; 2] {
        [
            doc(
                "aaaa1111",
                "A suicide bomber wearing a suicide vest struck the central market of \
                 Port Lumen on 3 May 2031, killing 12 people and wounding at least 30. \
                 The Harbour Front claimed responsibility. Witnesses also heard rifles.",
                "Lumen Daily",
                (2031, 5, 3),
            ),
            doc(
                "bbbb2222",
                "Twelve people died when a blast tore through a market in Port Lumen. \
                 Officials said 20 were hurt in the bombing by the Harbour Front.",
                "Coastal Wire",
                (2031, 5, 4),
            ),
        ]
    }

    /// A bombing with a full set of facts, reported by two outlets.
    pub(crate) fn market_bombing(docs: &[Document; 2]) -> Incident {
        let [a, b] = docs;
        use Attribute as A;
        let facts = vec![
            fact(
                A::EventType,
                Status::Agreed,
                vec![
                    source(a, "suicide bomber", event(EventType::Bombing)),
                    source(b, "bombing", event(EventType::Bombing)),
                ],
            ),
            fact(
                A::Date,
                Status::SingleSource,
                vec![source(a, "3 May 2031", day(2031, 5, 3))],
            ),
            fact(
                A::Place,
                Status::Agreed,
                vec![
                    source(a, "Port Lumen", place("Port Lumen", "city", 12.5, -61.25)),
                    source(b, "Port Lumen", place("Port Lumen", "city", 12.5, -61.25)),
                ],
            ),
            fact(
                A::PerpetratorOrg,
                Status::Agreed,
                vec![
                    source(a, "The Harbour Front", org("Harbour Front")),
                    source(b, "the Harbour Front", org("Harbour Front")),
                ],
            ),
            fact(
                A::PerpetratorInd,
                Status::SingleSource,
                vec![source(a, "suicide bomber", text("suicide bomber"))],
            ),
            fact(
                A::Killed,
                Status::Agreed,
                vec![
                    source(a, "12 people", count(Interval::exact(12))),
                    source(b, "Twelve people", count(Interval::exact(12))),
                ],
            ),
            FusedFact {
                disagreeing: vec![source(b, "20", count(Interval::exact(20)))],
                ..fact(
                    A::Wounded,
                    Status::Conflict,
                    vec![source(a, "at least 30", count(Interval::at_least(30)))],
                )
            },
            fact(
                A::Targets,
                Status::Agreed,
                vec![
                    source(a, "market", text("market")),
                    source(b, "market", text("market")),
                ],
            ),
            fact(
                A::Weapons,
                Status::SingleSource,
                vec![source(a, "suicide vest", text("suicide vest"))],
            ),
            fact(
                A::Weapons,
                Status::SingleSource,
                vec![source(a, "rifles", text("rifles"))],
            ),
            fact(
                A::Claim,
                Status::SingleSource,
                vec![source(
                    a,
                    "The Harbour Front claimed responsibility",
                    claim("Harbour Front"),
                )],
            ),
        ];
        Incident {
            id: "inc-aaaa1111".to_string(),
            summary: "bombing/explosion on market in Port Lumen, Freedonia, 2031-05-03, killed: 12"
                .to_string(),
            articles: vec![a.id.clone(), b.id.clone()],
            facts,
        }
    }

    /// An incident with no facts at all.
    pub(crate) fn bare_incident(id: &str) -> Incident {
        Incident {
            id: id.to_string(),
            summary: "attack".to_string(),
            articles: vec![DocId(format!("{id}-doc"))],
            facts: Vec::new(),
        }
    }

    /// Reads CSV back: the header and each row as (column, cell) lookups.
    pub(crate) fn read_csv(bytes: &[u8]) -> (Vec<String>, Vec<Vec<(String, String)>>) {
        let mut r = csv::Reader::from_reader(bytes);
        let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
        let rows = r
            .records()
            .map(|rec| {
                let rec = rec.unwrap();
                assert_eq!(rec.len(), header.len());
                header
                    .iter()
                    .cloned()
                    .zip(rec.iter().map(String::from))
                    .collect()
            })
            .collect();
        (header, rows)
    }

    /// The cell of `column` in a row read by [`read_csv`].
    pub(crate) fn cell<'r>(row: &'r [(String, String)], column: &str) -> &'r str {
        row.iter()
            .find(|(c, _)| c == column)
            .map(|(_, v)| v.as_str())
            .unwrap_or_else(|| panic!("no column {column}"))
    }
}

#[cfg(test)]
mod tests {
    use super::testkit::*;
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn lodgings_are_businesses_as_hotels_are() {
        for target in [
            "hotel",
            "guesthouse",
            "guest house",
            "motel",
            "a beach resort",
        ] {
            let cat = classify(TARGET_TYPES, target).expect(target);
            assert_eq!((cat.code, cat.text), (1, "Business"), "{target}");
        }
    }

    #[test]
    fn format_names_round_trip() {
        for f in ExportFormat::ALL {
            assert_eq!(f.as_str().parse::<ExportFormat>(), Ok(f));
            assert_eq!(f.to_string(), f.as_str());
        }
        assert_eq!(
            " GeoJSON ".parse::<ExportFormat>(),
            Ok(ExportFormat::Geojson)
        );
        assert_eq!(
            "xlsx".parse::<ExportFormat>().unwrap_err().to_string(),
            "unknown export format 'xlsx' (expected gtd, acled, geojson, json or csv)"
        );
    }

    #[test]
    fn json_is_the_database_contract_pretty_printed() {
        let docs = market_docs();
        let incident = market_bombing(&docs);
        let articles: Articles<'_> = docs.iter().map(|d| (d.id.clone(), d)).collect();
        let mut out = Vec::new();
        write_export(
            ExportFormat::Json,
            std::slice::from_ref(&incident),
            &[],
            &articles,
            &mut out,
        )
        .unwrap();
        let expected = serde_json::to_string_pretty(&database_json(
            std::slice::from_ref(&incident),
            &[],
            &articles,
        ))
        .unwrap()
            + "\n";
        assert_eq!(String::from_utf8(out).unwrap(), expected);
    }

    struct Broken;
    impl Write for Broken {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::Error::new(
                std::io::ErrorKind::BrokenPipe,
                "pipe closed",
            ))
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn write_errors_name_the_format() {
        let incidents = [bare_incident("inc-x")];
        let articles = HashMap::new();
        // The CSV writer buffers: a failing output shows when it is flushed.
        let err =
            write_export(ExportFormat::Gtd, &incidents, &[], &articles, &mut Broken).unwrap_err();
        assert!(
            matches!(
                err,
                ExportError::Io {
                    format: ExportFormat::Gtd,
                    ..
                }
            ),
            "{err:?}"
        );
        assert_eq!(
            err.to_string(),
            "could not write the gtd export: pipe closed"
        );
        let err = write_export(
            ExportFormat::Geojson,
            &incidents,
            &[],
            &articles,
            &mut Broken,
        )
        .unwrap_err();
        assert!(err
            .to_string()
            .starts_with("could not write the geojson export as JSON: "));
    }

    #[test]
    fn keyword_tables_place_descriptions() {
        let target = |t: &str| classify(TARGET_TYPES, t).map(|c| c.text);
        assert_eq!(target("police station"), Some("Police"));
        assert_eq!(target("school bus"), Some("Educational Institution"));
        assert_eq!(target("buses"), Some("Transportation"));
        assert_eq!(target("business"), None);
        assert_eq!(target("concert attendees"), Some("Business"));
        assert_eq!(target("market"), Some("Private Citizens & Property"));
        assert_eq!(target("Crocus City Hall"), None);
        assert_eq!(target("power transmission towers"), Some("Utilities"));
        let weapon = |t: &str| classify(WEAPON_TYPES, t).map(|c| c.code);
        assert_eq!(weapon("petrol bombs"), Some(8));
        assert_eq!(weapon("car bomb"), Some(6));
        assert_eq!(weapon("car-bomb"), Some(6));
        assert_eq!(weapon("AK-47s"), Some(5));
        assert_eq!(weapon("machetes"), Some(9));
        assert_eq!(weapon("truck"), Some(10));
        assert_eq!(weapon("stones"), None);
    }

    #[test]
    fn digest_reads_the_fused_facts() {
        let docs = market_docs();
        let incident = market_bombing(&docs);
        let articles: Articles<'_> = docs.iter().map(|d| (d.id.clone(), d)).collect();
        let d = Digest::new(&incident, &articles);
        assert_eq!(d.event_type, Some(EventType::Bombing));
        assert_eq!(d.perpetrator_org, Some("Harbour Front"));
        // With no perpetrator fact, the one claimant is the perpetrator; two rival
        // claimants name none.
        let mut claimed_only = incident.clone();
        claimed_only
            .facts
            .retain(|f| f.attribute != Attribute::PerpetratorOrg);
        assert_eq!(
            Digest::new(&claimed_only, &articles).perpetrator_org,
            Some("Harbour Front")
        );
        let rival = fact(
            Attribute::Claim,
            Status::SingleSource,
            vec![source(&docs[1], "Officials said", claim("Lumen Cell"))],
        );
        claimed_only.facts.push(rival);
        assert_eq!(Digest::new(&claimed_only, &articles).perpetrator_org, None);
        assert_eq!(d.weapons, ["suicide vest", "rifles"]);
        assert!(d.suicide());
        assert!(d.claimed);
        assert!(d.civilians_targeted());
        assert!(!d.security_targeted());
        assert_eq!(d.main_weapon_type().map(|c| c.code), Some(6));
        assert_eq!(d.outlets, ["Lumen Daily", "Coastal Wire"]);
        // "suicide" is the word before a trigger span ("bomber"), or in a weapon's value.
        let mut incident2 = incident.clone();
        incident2
            .facts
            .retain(|f| f.attribute == Attribute::EventType);
        incident2.facts[0].sources[0] = source(&docs[0], "bomber", event(EventType::Bombing));
        assert!(Digest::new(&incident2, &articles).suicide());
        assert!(!Digest::new(&incident2, &HashMap::new()).suicide());
        incident2.facts[0].sources[0] = source(&docs[0], "struck", event(EventType::Bombing));
        assert!(!Digest::new(&incident2, &articles).suicide());
        // Without the articles, the outlets come from the sources.
        let d = Digest::new(&incident, &HashMap::new());
        assert_eq!(d.sources(), "Lumen Daily; Coastal Wire");
    }
}
