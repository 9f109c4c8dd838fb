use serde::{Deserialize, Serialize};

use crate::{DocId, EntityKind, EventType, PlaceRef, Quantity, Span, TimeValue};

/// What a fact is about. The snake_case names are the JSON contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Attribute {
    /// The kind of attack.
    EventType,
    /// When it happened.
    Date,
    /// Where: city, region or country.
    Place,
    /// The named building or site.
    Facility,
    /// The organisation that carried it out.
    PerpetratorOrg,
    /// An attacker, named or described ("unidentified gunmen").
    PerpetratorInd,
    /// How many attackers.
    Attackers,
    /// The attackers' nationality.
    AttackersNationality,
    /// People killed.
    Killed,
    /// People wounded.
    Wounded,
    /// Attackers killed (the attackers' own dead: GTD's `nkillter`), counted apart
    /// from the people the attack killed.
    AttackersKilled,
    /// People kidnapped or taken hostage (GTD's `nhostkid`).
    Hostages,
    /// Who the victims were (a description or group).
    Victims,
    /// What was attacked (a gathering, a building, a convoy).
    Targets,
    /// Weapons used.
    Weapons,
    /// A claim of responsibility.
    Claim,
    /// A denial of involvement.
    Denial,
    /// An accusation of involvement.
    Accusation,
    /// A warning issued beforehand.
    Warning,
    /// An official statement.
    Statement,
    /// An arrest of suspects.
    Arrest,
    /// Who is responsible, when claims, accusations and denials disagree (fusion only).
    Responsibility,
}

impl Attribute {
    /// Every attribute, in report order.
    pub const ALL: [Attribute; 22] = [
        Attribute::EventType,
        Attribute::Date,
        Attribute::Place,
        Attribute::Facility,
        Attribute::PerpetratorOrg,
        Attribute::PerpetratorInd,
        Attribute::Attackers,
        Attribute::AttackersNationality,
        Attribute::Killed,
        Attribute::Wounded,
        Attribute::AttackersKilled,
        Attribute::Hostages,
        Attribute::Victims,
        Attribute::Targets,
        Attribute::Weapons,
        Attribute::Claim,
        Attribute::Accusation,
        Attribute::Denial,
        Attribute::Responsibility,
        Attribute::Warning,
        Attribute::Statement,
        Attribute::Arrest,
    ];

    /// The snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Attribute::EventType => "event_type",
            Attribute::Date => "date",
            Attribute::Place => "place",
            Attribute::Facility => "facility",
            Attribute::PerpetratorOrg => "perpetrator_org",
            Attribute::PerpetratorInd => "perpetrator_ind",
            Attribute::Attackers => "attackers",
            Attribute::AttackersNationality => "attackers_nationality",
            Attribute::Killed => "killed",
            Attribute::Wounded => "wounded",
            Attribute::AttackersKilled => "attackers_killed",
            Attribute::Hostages => "hostages",
            Attribute::Victims => "victims",
            Attribute::Targets => "targets",
            Attribute::Weapons => "weapons",
            Attribute::Claim => "claim",
            Attribute::Denial => "denial",
            Attribute::Accusation => "accusation",
            Attribute::Warning => "warning",
            Attribute::Statement => "statement",
            Attribute::Arrest => "arrest",
            Attribute::Responsibility => "responsibility",
        }
    }

    /// Whether an incident has one true value for it (a date, a death toll), so that
    /// different values disagree; otherwise values add up (victims, weapons, claims).
    pub fn is_single_valued(self) -> bool {
        matches!(
            self,
            Attribute::EventType
                | Attribute::Date
                | Attribute::Place
                | Attribute::Facility
                | Attribute::Attackers
                | Attribute::Killed
                | Attribute::Wounded
                | Attribute::AttackersKilled
                | Attribute::Hostages
        )
    }
}

/// Who stands behind a statement, and how firmly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Modality {
    /// Stated by the article in its own voice.
    Asserted,
    /// Reported as someone's statement ("officials said").
    Attributed,
    /// Softened ("reportedly", "hinted", "allegedly").
    Hedged,
    /// Claimed by an interested party (a group claiming an attack).
    Claimed,
    /// Denied.
    Denied,
}

impl Modality {
    /// The snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Modality::Asserted => "asserted",
            Modality::Attributed => "attributed",
            Modality::Hedged => "hedged",
            Modality::Claimed => "claimed",
            Modality::Denied => "denied",
        }
    }
}

/// Attribution and hedging of one fact.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Attribution {
    /// The source the article cites ("eyewitness accounts", "Ukrainian officials").
    pub who_says: Option<String>,
    /// The hedge word, when there is one ("reportedly", "hinted").
    pub hedge: Option<String>,
    /// The resulting modality.
    pub modality: Modality,
}

impl Attribution {
    /// Stated by the article itself, unhedged.
    pub fn asserted() -> Attribution {
        Attribution {
            who_says: None,
            hedge: None,
            modality: Modality::Asserted,
        }
    }
}

/// Where a fact comes from.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Provenance {
    /// The article.
    pub doc: DocId,
    /// Index of the sentence.
    pub sentence: u32,
    /// The words that state the value ("at least 93 individuals").
    pub span: Span,
    /// The whole sentence.
    pub sentence_span: Span,
    /// Who says so and how firmly.
    pub attribution: Attribution,
    /// The statement corrects an earlier figure ("14 dead, revising an earlier figure
    /// of 15"): fusion takes it over the earlier reports' figures even when it is lower.
    /// Left out of stored JSON when false.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub corrects: bool,
}

/// A statement one party makes about responsibility: a claim, denial or accusation.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Stance {
    /// Who makes it ("Dmitry Medvedev", "Ukraine", "Islamic State Khorasan Province").
    pub by: Option<String>,
    /// Whom it is about ("Ukraine" for an accusation of Kyiv's involvement).
    pub about: Option<String>,
}

/// The value of a fact.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Value {
    /// A count, as an interval.
    Count {
        /// The quantity.
        quantity: Quantity,
    },
    /// A time.
    Time {
        /// The time.
        time: TimeValue,
    },
    /// A place from the gazetteer.
    Place {
        /// The place.
        place: PlaceRef,
    },
    /// An actor by canonical name.
    Actor {
        /// Canonical name.
        name: String,
        /// Its kind.
        kind: EntityKind,
    },
    /// An attack type.
    EventType {
        /// The type.
        event_type: EventType,
    },
    /// A claim, denial or accusation.
    Stance {
        /// Who and about whom.
        stance: Stance,
    },
    /// A description in words ("concert attendees", "Tajik").
    Text {
        /// The text, normalised.
        text: String,
    },
}

impl Value {
    /// A key under which equal values fall together in fusion.
    pub fn key(&self) -> String {
        match self {
            Value::Count { quantity } => quantity.interval.to_string(),
            Value::Time { time } => time.iso(),
            Value::Place { place } => format!("{}|{}", place.name, place.country_code),
            Value::Actor { name, .. } => name.to_lowercase(),
            Value::EventType { event_type } => event_type.as_str().to_string(),
            Value::Stance { stance } => format!(
                "{}|{}",
                stance.by.as_deref().unwrap_or("").to_lowercase(),
                stance.about.as_deref().unwrap_or("").to_lowercase()
            ),
            Value::Text { text } => text.to_lowercase(),
        }
    }

    /// The value in words, for reports.
    pub fn display(&self) -> String {
        match self {
            Value::Count { quantity } => quantity.interval.to_string(),
            Value::Time { time } => time.iso(),
            Value::Place { place } if place.kind == "country" => place.name.clone(),
            Value::Place { place } => format!("{}, {}", place.name, place.country),
            Value::Actor { name, .. } => name.clone(),
            Value::EventType { event_type } => event_type.label().to_string(),
            Value::Stance { stance } => match (&stance.by, &stance.about) {
                (Some(by), Some(about)) => format!("{by} about {about}"),
                (Some(by), None) => by.clone(),
                (None, Some(about)) => format!("about {about}"),
                (None, None) => "unattributed".to_string(),
            },
            Value::Text { text } => text.clone(),
        }
    }
}

/// One fact an article states about its incident.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fact {
    /// What it is about.
    pub attribute: Attribute,
    /// Its value.
    pub value: Value,
    /// Where it comes from.
    pub provenance: Provenance,
}

/// A fact about an actor, not tied to one incident ("formed in 2015").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActorFact {
    /// The actor's canonical name.
    pub actor: String,
    /// `founded`, `stronghold`, `based_in`, `media_arm`, `parent`.
    pub attribute: String,
    /// The value in words ("2015", "Afghanistan", "al-Azaim").
    pub value: String,
    /// Where it comes from.
    pub provenance: Provenance,
}
