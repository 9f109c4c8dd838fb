use serde::{Deserialize, Serialize};

use crate::Span;

/// The type of a named or group mention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    /// A person.
    Person,
    /// An organisation that is not an armed group (a government body, an embassy, a company).
    Organisation,
    /// An armed or militant group.
    ArmedGroup,
    /// A country, region or city.
    Place,
    /// A named building or site ("Crocus City Hall").
    Facility,
    /// A nationality ("Tajik nationals").
    Nationality,
    /// A religious or ethnic group ("Christians").
    Group,
}

impl EntityKind {
    /// The snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Person => "person",
            EntityKind::Organisation => "organisation",
            EntityKind::ArmedGroup => "armed_group",
            EntityKind::Place => "place",
            EntityKind::Facility => "facility",
            EntityKind::Nationality => "nationality",
            EntityKind::Group => "group",
        }
    }
}

/// A place resolved against the built-in gazetteer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlaceRef {
    /// Canonical name ("Moscow").
    pub name: String,
    /// Country name ("Russia").
    pub country: String,
    /// ISO 3166-1 alpha-2 code ("RU").
    pub country_code: String,
    /// `city`, `region` or `country`.
    pub kind: String,
    /// Latitude in degrees.
    pub lat: f64,
    /// Longitude in degrees.
    pub lon: f64,
    /// The first-level region a town lies in ("Ohio", "Borno"), when the gazetteer
    /// knows it. Left out of stored JSON when unknown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
}

impl PlaceRef {
    /// Whether `self` and `other` are one town's name read as towns of two countries
    /// ("Tripoli": Lebanon's by a report that names the country, Libya's by one that does
    /// not). The reports of one incident that name one town mean one place; fusion and
    /// grouping read them so.
    pub fn same_name_read_apart(&self, other: &PlaceRef) -> bool {
        self.kind == "city"
            && other.kind == "city"
            && self.country_code != other.country_code
            && self.name.eq_ignore_ascii_case(&other.name)
    }
}

/// One mention of an entity in a document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mention {
    /// Where it is.
    pub span: Span,
    /// What it is.
    pub kind: EntityKind,
    /// Canonical key: the actor's or place's canonical name, a person's full name, a
    /// nationality's country-adjective ("Tajik").
    pub key: String,
    /// For places (and nationalities), the gazetteer entry.
    pub place: Option<PlaceRef>,
}
