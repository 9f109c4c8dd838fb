use serde::{Deserialize, Serialize};

use crate::Span;

/// Attack types, after the GTD codebook's attack types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventType {
    /// Shooting, gunmen opening fire, a raid with firearms.
    ArmedAssault,
    /// Bomb, explosion, suicide bombing, IED, shelling of a site.
    Bombing,
    /// A targeted killing of a named person.
    Assassination,
    /// Hostages held at a site.
    HostageTaking,
    /// Abduction.
    Kidnapping,
    /// Arson or sabotage of a building or infrastructure.
    FacilityAttack,
    /// Stabbing, beating, vehicle ramming.
    UnarmedAssault,
    /// An attack whose kind the text does not say.
    Attack,
}

impl EventType {
    /// The snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            EventType::ArmedAssault => "armed_assault",
            EventType::Bombing => "bombing",
            EventType::Assassination => "assassination",
            EventType::HostageTaking => "hostage_taking",
            EventType::Kidnapping => "kidnapping",
            EventType::FacilityAttack => "facility_attack",
            EventType::UnarmedAssault => "unarmed_assault",
            EventType::Attack => "attack",
        }
    }

    /// Words for people ("armed assault").
    pub fn label(self) -> &'static str {
        match self {
            EventType::ArmedAssault => "armed assault",
            EventType::Bombing => "bombing/explosion",
            EventType::Assassination => "assassination",
            EventType::HostageTaking => "hostage taking",
            EventType::Kidnapping => "kidnapping",
            EventType::FacilityAttack => "facility/infrastructure attack",
            EventType::UnarmedAssault => "unarmed assault",
            EventType::Attack => "attack (type unknown)",
        }
    }

    /// How specific the type is; a specific type wins over the generic `Attack`.
    pub fn is_specific(self) -> bool {
        self != EventType::Attack
    }

    /// The type's place in the GTD codebook's attack-type hierarchy, which codes an
    /// attack of several types as the highest of them (1 first: assassination,
    /// hijacking, kidnapping, barricade, bombing, armed assault, unarmed assault,
    /// facility attack, unknown).
    pub fn gtd_rank(self) -> u8 {
        match self {
            EventType::Assassination => 1,
            EventType::Kidnapping => 3,
            EventType::HostageTaking => 4,
            EventType::Bombing => 5,
            EventType::ArmedAssault => 6,
            EventType::UnarmedAssault => 7,
            EventType::FacilityAttack => 8,
            EventType::Attack => 9,
        }
    }
}

/// A word or phrase that reports an attack ("attack", "opened fire", "blast").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventMention {
    /// The trigger.
    pub span: Span,
    /// Index of the sentence it is in.
    pub sentence: u32,
    /// The attack type the trigger and its sentence indicate.
    pub event_type: EventType,
}

#[cfg(test)]
mod tests {
    use super::EventType;

    #[test]
    fn gtd_hierarchy_orders_the_types_as_the_codebook() {
        let mut all = [
            EventType::Attack,
            EventType::FacilityAttack,
            EventType::ArmedAssault,
            EventType::Bombing,
            EventType::UnarmedAssault,
            EventType::HostageTaking,
            EventType::Kidnapping,
            EventType::Assassination,
        ];
        all.sort_by_key(|t| t.gtd_rank());
        assert_eq!(
            all,
            [
                EventType::Assassination,
                EventType::Kidnapping,
                EventType::HostageTaking,
                EventType::Bombing,
                EventType::ArmedAssault,
                EventType::UnarmedAssault,
                EventType::FacilityAttack,
                EventType::Attack,
            ]
        );
    }
}
