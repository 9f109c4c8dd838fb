//! Attack events and their roles: triggers, attack type, date, place, facility,
//! perpetrators, counts (killed, wounded, attackers), victims, targets, weapons,
//! attackers' nationality, claims, denials, accusations, warnings, statements and
//! arrests — each a [`Fact`] with provenance and attribution — plus facts about actors
//! (founded, stronghold, media arm, parent group).
//!
//! An article's main incident is the one its first attack trigger names. Sentences
//! that speak of another time ("since 2021", "in 2015", "last month's bombing", a day
//! days before the incident's) are background and give no incident facts. A further
//! attack the article reports ("in a separate attack in Herat", "meanwhile, in Basra",
//! a new paragraph with another town, trigger and toll) is an incident of its own
//! (`Output::other_incidents`, see `split_incidents`): each incident's facts are read
//! from its own sentences only.

use std::collections::HashMap;
use std::sync::LazyLock;

use newsfuse_core::{
    ActorFact, Attribute, Attribution, Date, Direction, DocId, EntityKind, EventMention,
    EventOffset, EventRelativeTime, EventType, Fact, Grain, Interval, LocalIncident, Mention,
    Modality, Provenance, Qualifier, Quantity, Span, Stance, TimeRange, TimeRef, TimeValue, Value,
};
use regex::Regex;

use crate::entities::DefinedAlias;
use crate::gazetteer::Gazetteer;
use crate::literal_gate::Presence;

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).unwrap_or_else(|e| panic!("bad built-in pattern {pattern}: {e}"))
}

/// Attack triggers, by type. Order matters only for readability; all are searched.
static TRIGGERS: LazyLock<Vec<(EventType, Regex)>> = LazyLock::new(|| {
    vec![
        (
            EventType::ArmedAssault,
            re(
                r"(?i)\b(gunm[ae]n|shooting|shootings|shooters?|ambush(?:es|ed|ing)?|fired\s+(?:(?:tear\s+gas|rubber\s+bullets|warning\s+shots)\s+and\s+)?(?:live\s+(?:rounds|ammunition|bullets)|bullets|shots|gunshots)\s+(?:at|on|into)|opened fire|open fire|gunfire|shot dead|shot\s+(?:[\w'-]+\s+){1,3}dead|armed assault|armed attack|armed men|stormed|rampage|massacred?|(?:was|were|been|being|got|gets|fatally|critically|seriously|and)\s+shot|shot\s+(?:and\s+(?:killed|wounded|injured)|to death|(?:multiple|several|three|two) times|once|twice|in the (?:head|chest|back|leg|arm|face|neck|abdomen|stomach|torso|hip|shoulder|foot|hand))|(?:man|woman|boy|girl|teen|teenager|child|person|officer|officers|deputy|people|\d+-year-old)\s+shot|accidentally\s+shot|shoots?\s+(?:himself|herself|him|her|(?:his|her)\s+\w+)|shot\s+(?:himself|herself)|gunshot\s+(?:wounds?|victims?)|hit\s+by\s+(?:a\s+)?(?:stray\s+)?(?:gunshot|bullet)|riddled\s+with\s+bullets|found\s+shot|shots\s+(?:were\s+)?fired|shots\s+rang\s+out|(?:killed|struck|hit)\s+by\s+(?:a\s+)?(?:stray\s+)?(?:bullet|gunfire)|shot\s+to\s+death|(?:killed|murdered|executed|slain)\s+by\s+(?:(?:a|an|the|alleged|suspected|presumed|unidentified|unknown|heavily|armed|masked)\s+)*(?:members\s+of|group\s+of|guerrillas?|gunm[ae]n|rebels?|terrorists?|militants?|insurgents?|jihadists?|extremists?|bandits?|assailants?|attackers?|paramilitar\w+|death\s+squads?|hit\s*men|commandos?|armed\s+group)|(?:armed\s+group|armed\s+men|death\s+squads?|hit\s*men|guerrillas|rebels|terrorists|militants|insurgents|jihadists|extremists|bandits)\s+(?:that\s+|who\s+|which\s+)?(?:killed|murdered|executed))\b",
            ),
        ),
        (
            EventType::Bombing,
            re(
                r"(?i)\b(bombings?|bombers?|bomb|bombs|explosions?|explosives?|blasts?|detonat\w+|exploded|car bomb|ied|grenades?|suicide attack|shelling|shelled|(?:air|drone|missile|rocket|mortar)[\s-]?strikes?|airstrikes?|(?:rocket|mortar|missile)\s+(?:attacks?|fire)|mortar\s+(?:rounds?|shells?)|(?:rockets?|missiles?|mortars?|shells)\s+(?:hit|struck|slammed|landed|fell|exploded|rained|crashed))\b",
            ),
        ),
        (EventType::Kidnapping, re(r"(?i)\b(kidnapp\w+|abduct\w+)\b")),
        (
            EventType::HostageTaking,
            re(r"(?i)\b(hostages?|hostage-taking|siege)\b"),
        ),
        (EventType::Assassination, re(r"(?i)\b(assassinat\w+)\b")),
        (
            EventType::FacilityAttack,
            re(r"(?i)\b(arson|set fire|set ablaze|torched|sabotage)\b"),
        ),
        // GTD's codebook: a sharp instrument makes an armed assault; a vehicle used as a
        // weapon, an unarmed one.
        (
            EventType::ArmedAssault,
            re(
                r"(?i)\b(stabbing|stabbings|stabbed|knife attack|knifeman|(?:armed|wielding)\s+(?:with\s+)?(?:a\s+)?(?:knife|knives|machetes?|axe|sword|meat\s+cleaver|cleaver))\b",
            ),
        ),
        (EventType::UnarmedAssault, re(r"(?i)\b(rammed|ramming)\b")),
        (
            EventType::Attack,
            re(
                r"(?i)\b(attacks?|attacked|assault|assailants?|attackers?|terror attack|terrorist attack|unleashed terror|raid(ed)?|targeted|strikes?\s+on\s+(?:a|an|the)\s+(?:\w+\s+){0,2}(?:depot|base|camp|convoy|checkpoint|village|town|market|school|hospital|building|facility|plant|refinery|port|airport|barracks|headquarters|compound|station))\b",
            ),
        ),
    ]
});

/// A pattern of the event stage that runs on one sentence (or a part of it), and there
/// only where [`GATE`] finds in the sentence the literals every match of it holds.
struct Gated {
    bit: u128,
    regex: Regex,
}

impl Gated {
    fn new(id: usize, source: String) -> Gated {
        Gated {
            bit: 1 << id,
            regex: re(&source),
        }
    }

    /// The pattern, where `at`'s gate says it may match; else it cannot match there.
    fn get(&self, at: &impl Gating) -> Option<&Regex> {
        (at.bits() & self.bit != 0).then_some(&self.regex)
    }

    fn is_match(&self, at: &impl Gating, hay: &str) -> bool {
        self.get(at).is_some_and(|r| r.is_match(hay))
    }

    fn find<'h>(&self, at: &impl Gating, hay: &'h str) -> Option<regex::Match<'h>> {
        self.get(at)?.find(hay)
    }

    fn find_iter<'r, 'h, G: Gating>(
        &'r self,
        at: &G,
        hay: &'h str,
    ) -> impl Iterator<Item = regex::Match<'h>> + use<'r, 'h, G> {
        self.get(at).into_iter().flat_map(move |r| r.find_iter(hay))
    }

    fn captures<'h>(&self, at: &impl Gating, hay: &'h str) -> Option<regex::Captures<'h>> {
        self.get(at)?.captures(hay)
    }

    fn captures_iter<'r, 'h, G: Gating>(
        &'r self,
        at: &G,
        hay: &'h str,
    ) -> impl Iterator<Item = regex::Captures<'h>> + use<'r, 'h, G> {
        self.get(at)
            .into_iter()
            .flat_map(move |r| r.captures_iter(hay))
    }
}

/// Where a gated pattern is searched: in a sentence (or a part of it), or where the
/// bits of a sentence's gate are given.
trait Gating {
    /// The sentence's gate: a bit per pattern that may match in it.
    fn bits(&self) -> u128;
}

impl Gating for Sentence<'_> {
    fn bits(&self) -> u128 {
        self.may
    }
}

impl<T: Gating> Gating for &T {
    fn bits(&self) -> u128 {
        (**self).bits()
    }
}

impl Gating for u128 {
    fn bits(&self) -> u128 {
        *self
    }
}

/// Declares the gated patterns: a `static` [`Gated`] each, their ids (in order) and
/// their sources.
macro_rules! gated {
    ($($(#[$meta:meta])* $name:ident = $source:expr;)*) => {
        #[allow(non_camel_case_types, clippy::upper_case_acronyms)]
        #[derive(Clone, Copy)]
        enum GatedId {
            $($name,)*
        }
        /// How many gated patterns there are; the trigger patterns come after them.
        const GATED_COUNT: usize = [$(stringify!($name),)*].len();
        /// The sources of the gated patterns, in [`GatedId`] order.
        fn gated_sources() -> Vec<String> {
            vec![$(String::from($source),)*]
        }
        $(
            $(#[$meta])*
            static $name: LazyLock<Gated> =
                LazyLock::new(|| Gated::new(GatedId::$name as usize, String::from($source)));
        )*
    };
}

gated! {
    KILLED_CUE = r"(?i)\b(killed|killing|kills|dead|died|die|death|deaths|death toll|toll|lives|fatalities|perished|slain|murdered|massacred|bodies|executed|lost their lives)\b";
    WOUNDED_CUE = r"(?i)\b(wounded|wounding|injured|injuring|injuries|hurt|hospitali[sz]ed|casualties)\b";
    WHOLE_WORD_ARMED = r"(?i)\b(armed|masked|unidentified|unknown)\s+(men|man)\b";
    ACCORDING_TO = r"(?i)\baccording to\s+([^,.;:]+)";
    SAID_INVERTED = r"(?i),\s*(?:said|says|according to)\s+([^,.;]+)[.;]?\s*$";
    /// Some attacker noun of [`ATTACKER_NOUNS`] occurs in the (lower-cased) text, as a
    /// substring.
    ANY_ATTACKER_NOUN = literal_source(ATTACKER_NOUNS);
    /// Some hedge of [`HEDGES`] occurs, as a substring: where none does,
    /// [`first_hedge`] finds none.
    ANY_HEDGE = literal_source(HEDGES);
    SPEECH = r"(?i)\b(?:said|says|told|stated|reported|confirmed|announced|insisted|added)\b";
    EARLIER_CUE = r"(?i)\b(?:last (?:week|month)|earlier (?:this|in the) (?:week|month|year)|(?:weeks|months) ago|(?:weeks|months) (?:before|earlier))\b";
    /// Cues that a sentence begins the report of another attack than the one before:
    /// strong ones ("in a separate attack", "another bomb") need no place of their own,
    /// weak ones ("meanwhile", "elsewhere", "also on Tuesday") need a town far from the
    /// incidents already read.
    STRONG_SPLIT = r"(?i)\b(?:in an?\s+(?:separate|second|other|unrelated|further)\s+(?:\w+\s+)?(?:attack|incident|bombing|blast|explosion|shooting|assault|raid|ambush)s?|separately|in another\s+(?:\w+\s+)?(?:attack|incident|bombing|blast|explosion|shooting|assault|raid|ambush)|another\s+(?:\w+\s+)?(?:bomb|blast|explosion|attack|bomber|gunman|shooting|ambush|raid)s?\s+(?:\w+\s+)?(?:exploded|went off|struck|hit|killed|attacked|opened fire|blew|targeted|detonated|was reported|took place|tore)|a separate\s+(?:\w+\s+)?(?:attack|incident|bombing|blast|explosion|shooting|assault|raid|ambush))\b";
    WEAK_SPLIT = r"(?i)\b(?:meanwhile|elsewhere|also on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|later (?:that|the same) day|hours later|on the same day|the same day)\b";
    /// Phrases of a sentence that compares with an attack, not reports one.
    COMPARES = r"(?i)\b(?:came (?:a |two |three |\w+ )?(?:days?|weeks?|hours?|months?)|(?:days?|weeks?|months?) after|follows|followed|since|previous|recent|similar|comes after|came after|deadliest|worst|latest in)\b";
    EARLIER_EVENT = literal_source(&[
                "previous attack",
                "earlier attack",
                "last year",
                "years ago",
                "anniversary",
                "in recent years",
            ]);
    OF_ATTACKERS = r"(?i)^\s+of\s+(?:its|the|their|his)\s+(?:own\s+)?(\w+)";
    /// A sentence that speaks of the toll without the word: "the number of people
    /// killed in Tuesday's bombing has risen to 15".
    NUMBER_OF_DEAD = r"(?i)\bnumber\s+of\s+(?:(?:people|persons|civilians|victims|those)\s+(?:killed|dead|who\s+(?:died|were\s+killed))|(?:the\s+)?(?:dead|deaths|fatalities))\b";
    TOLL_MOVES_TO = r"(?i)\b(?:risen|rose|climbed|jumped|increased|reached|hit|stands|stood|now|(?:revised|raised|lowered|updated|put)\s+(?:(?:the|its|their)\s+(?:death\s+)?toll(?:\s+(?:from|of|in)(?:\s+[\w'’.-]+){1,8}?)?\s+)?)\s*(?:to|at)?\s*$";
    CUE_AFTER = r"(?i)^\s*(?:others?\s+|more\s+)?(?:were|was|have\s+been|had\s+been|are|being)?\s*(?:(?P<k>killed|dead|died|slain|murdered|perished|fatally\s+(?:shot|stabbed|wounded|injured))|(?P<w>wounded|injured|hurt|hospitali[sz]ed|fighting\s+for\s+their\s+lives|(?:still\s+)?(?:being\s+)?treated\s+(?:for|in|at)|(?:still\s+)?(?:remain(?:s|ed)?|recovering)\s+in\s+(?:the\s+)?hospital|(?:taken|rushed|admitted|evacuated|airlifted|transported)\s+to\s+(?:(?:a|the|an|nearby|local|area|two|three|several|different)\s+)*(?:\w+\s+){0,2}hospitals?|in\s+(?:critical|serious|stable|grave)\s+condition|(?:suffered|sustained)\s+(?:gunshot|bullet)\s+wounds))\b";
    /// A figure with a predicate of its own that is no casualty ("dozens fled", "five
    /// were arrested", "30 remained missing"): the nearest cue elsewhere in the
    /// sentence is not about it.
    OWN_PREDICATE = r"(?i)^\s*(?:(?:were|was|are|is|have|has|had)\s+(?:been\s+)?)?(?:\w+ly\s+)?(?P<v>fled|ran|hid|took|went|fought|came|stood|gathered|remain(?:ed|s)?|\w{3,}ed)\b";
    CUE_BEFORE = r"(?i)\b(?:(?P<k>killing|killed|kills|left|leaving|(?:killings?|murders?|massacre|deaths|slayings?|assassinations?)\s+of(?:\s+the)?)|(?P<w>wounding|wounded|injuring|injured|injures))\s+(?:at\s+least\s+|another\s+|some\s+)?$";
    QUALIFIED_GROUP = r"(?i)\b(predominantly|mostly|mainly|largely|mostly|overwhelmingly|many of them)\s+$";
    ATTENDING = r"(?i)\b(?:attending|at|watching)\s+(?:a|an|the)\s+(concert|wedding|festival|funeral|rally|match|game|service|prayers?|ceremony|parade|party)\b";
    VICTIM_NOUNS = r"(?i)\b(worshippers|worshipers|students|passengers|shoppers|pilgrims|spectators|concert-?goers|civilians|children|tourists|schoolchildren|mourners|villagers|journalists|police officers|policemen|soldiers|attendees)\b";
    TARGETS = r"(?i)\b(concert hall|concert venue|concert|market(?:place)?|mosque|church(?:es)?|cathedral|synagogue|temple|shrine|schools?|university|bus (?:station|terminal|stop|park|depot)s?|(?:train|railway) stations?|(?:fuel |oil |arms )?depots?|bus(?:es)?|convoy|checkpoint|military base|army base|police station|police posts?|police outposts?|police patrol car|patrol car|hotel|guest ?houses?|motel|parade|rally|wedding|funeral|festival|stadium|shopping (?:mall|centre|center)|mall|train|metro|embassy|airport|hospital|restaurant|nightclub|village|(?:refugee|idp|displacement|displaced\s+persons|military|army)\s+camps?|camps?|pipeline|oil pipeline|power plant|power (?:transmission )?towers?|electricity (?:system|towers?|pylons?)|telephone exchange|gas station|government building|government house|parliament|headquarters|offices?|residences?|houses?|homes?|stores?|shops?|banks?|vehicles?|cars?|trucks?|buildings?|bridges?|gathering|crowd)\b";
    WEAPONS = r"(?i)\b(automatic weapons|assault rifles?|m-16 rifles?|rifles?|kalashnikovs?|ak-47s?|submachine ?guns?|machine[ -]?guns?|pistols?|revolvers?|shotguns?|handguns?|guns|firearms|explosive (?:devices?|charges?)|explosives?|car[ -]bombs?|truck bombs?|petrol bombs?|incendiary (?:devices?|bombs?|mixture)|(?:powerful )?bombs?|dynamite(?: (?:charges?|sticks?))?|sticks of dynamite|suicide vests?|suicide belts?|ieds?|improvised explosive devices?|grenades?|rockets?|mortars?|landmines?|drones?|knives|knife|machetes?|molotov cocktails?)\b";
    SOURCE_AFTER = r"(?i)^\s+(?:officials?|sources?|staff|spokes(?:man|woman|person)|workers|statement|authorities|director|doctors)\b";
    PERPETRATORS = r"(?i)\b((?:(?:unidentified|unknown|armed|heavily armed|masked|urban|suspected|alleged|presumed|leftist|rightist|right-wing|left-wing|islamist|jihadist|drug)\s+){0,2}(?:guerrillas|guerrilla commandos|terrorists|terrorist|rebels|gunmen|gunman|bandits|abductors|jihadists|extremists|narcoterrorists|traffickers|death squads?|assailants|attackers|subversives|commandos|hitmen|militants|insurgents|kidnappers|murderers|rioters|mobs?|individuals|persons|men|people))\b";
    CLAIM = r"(?i)\b(?:(?:claimed|claims|claiming|claim of|claiming of|took|takes|accepted|admitted)\s+(?:full\s+)?(?:responsibility|credit)|said\s+(?:in\s+an?\s+(?:statement|message|video|post|communiqu[eé]|audio\s+recording|online\s+post)(?:\s+[a-z]+){0,3}\s+)?(?:that\s+)?(?:it|its\s+(?:own\s+)?(?:fighters?|members?|men|militants?|operatives?|(?:suicide\s+)?bombers?))\s+(?:had\s+)?(?:carried\s+out|was\s+behind|were\s+behind|staged|conducted|perpetrated|planted|detonated|set\s+off))\b";
    DENIAL = r"(?i)\b(denied|denies|deny|denying|rejected|rejects|dismissed|dismisses)\b";
    DENIAL_OBJECT = r"(?i)\b(involvement|connection|responsibility|role|links?|accusations?|allegations?|claims?|part in|any part)\b";
    ACCUSE = r"(?i)\b(accused|accuses|accusing|blamed|blames|blaming|hinted at|hints at|hinting at|pointed the finger at|suggested|implied|alleged|implicated)\b";
    INVOLVEMENT = r"(?i)\b(involvement|behind|responsible|role|complicity|trace|hand in|link)\b";
    WARNING = r"(?i)\b(warned|warning|warnings|alert|advisory|advisories)\b";
    BEFOREHAND = r"(?i)\b(prior to|before|beforehand|earlier|ahead of|had issued|had warned|had been warned|weeks ago|days ago|in advance)\b";
    ARREST = r"(?i)\b(arrested|detained|apprehended|in custody|arrests|captured)\b";
    WARN_OBJECT = r"(?i)\b(?:regarding|about|of|that)\s+(.+?)[.!?]?$";
    PASSIVE_KILLED = r"(?i)\b(?:was|is|has been|had been|got)\s+(?:(?:accidentally|apparently|reportedly|allegedly|also|later|then)\s+)?(?:(?:shot|gunned down|stabbed|beaten|hacked)(?:\s+and)?\s+(?:killed|dead|to death)|fatally\s+(?:shot|wounded|injured|stabbed)|killed|murdered|slain|assassinated|executed|(?:found|discovered)\s+(?:shot\s+)?(?:dead|to death)|(?:pronounced|declared|confirmed)\s+(?:dead|deceased)|dead)\b";
    DIED = r"(?i)\b(\w+),?\s+(?:later\s+|subsequently\s+|eventually\s+|then\s+|also\s+)?(?:died|has died|dies|passed away|succumbed)\b";
    ACTIVE_KILLED = r"(?i)\b(?:shot and killed|shot dead|fatally shot|killed|killing|murdered|murdering|assassinated|assassinating|gunned down)\s+(?:(a|an|another|his|her)\s+\w+|himself\b|herself\b)?";
    DEATH_OF = r"(?i)\b(?:murder|killing|death|assassination|slaying)\s+of\s+(?:(a|an)\s+\w)?|\b(?:his|her)\s+(death|murder|killing|slaying)\b";
    /// A headline's death, without its verb: "Man shot, killed in Dayton", "Woman
    /// fatally shot", "Teen found dead".
    HEADLINE_KILLED = r"(?i)\b(?:man|woman|teen|teenager|boy|girl|person|driver|student|officer|deputy|child|youth)\s+(?:(?:shot(?:,|\s+and)\s+killed)|shot\s+dead|fatally\s+shot|killed|murdered|slain|found\s+(?:shot\s+)?dead|(?:found\s+)?shot\s+to\s+death|(?:found\s+)?shot\s+[^.]{0,60}?\bdies)\b";
    FATAL = r"(?i)\b(?:(?:fatal|deadly)\s+(?:shooting|attack|stabbing|ambush)|shooting\s+death)\b";
    PASSIVE_WOUNDED = r"(?i)\b(?:was|is|has been|had been|got)\s+(?:(?:seriously|critically|badly|slightly|gravely|severely|also|fatally)\s+)?(wounded|injured|hurt|hospitali[sz]ed|shot)\b";
    WOUNDED_STATE = r"(?i)\b(?:(?:man|woman|person|boy|girl|teen|teenager|victim|driver|officer|suspect|child)\s+(?:was\s+)?shot\s+(?:once\s+|twice\s+|multiple times\s+|several times\s+)?in\s+(?:the\s+|his\s+|her\s+)?\w+|shoots?\s+(?:himself|herself|him|her|(?:his|her)\s+\w+)|shot\s+(?:himself|herself|him|her|(?:his|her)\s+(?:husband|wife|neighbou?r|son|daughter|brother|sister|father|mother|friend|girlfriend|boyfriend|cousin|uncle|nephew|roommate))\b|hit\s+by\s+(?:a\s+)?(?:stray\s+)?(?:gunshot|bullet)|in\s+(?:critical|serious|stable|fair|grave|good)\s+condition|(?:with|from|suffered|suffering)\s+(?:a\s+|an\s+|multiple\s+|several\s+)?(?:apparent\s+)?(?:gunshot|bullet)\s+wounds?|(?:taken|transported|rushed|airlifted|brought)\s+to\s+(?:a|an|the)?\s*(?:\w+\s+){0,3}hospital|left\s+(?:a|an|one)\s+(?:\w+\s+){0,2}(?:injured|wounded|hurt))\b";
    ACTIVE_WOUNDED = r"(?i)\b(?:wounding|injuring|wounded|injured)\s+(?:(?:a|an)\s+\w+|(?:the|his|her|their)\s+(\w+))";
    APPOSITION = r"^\s*(?:,\s*[^,.;]{1,40}?,|\(\d{1,3}\))?\s*";
    VICTIM_AFTER = r"(?i)^(?:who\s+)?(?:was|is|had been|has been|were)\s+(?:(?:also|later|fatally|critically|seriously|reportedly|allegedly|then)\s+)?(?:shot|killed|wounded|injured|hurt|murdered|slain|stabbed|struck|hit|found\s+(?:dead|shot|with)|pronounced\s+dead|taken\s+to\s+(?:a|the|an)\s+\w*\s*hospital|rushed|hospitali[sz]ed|gunned)|^(?:who\s+)?(?:later\s+)?(?:died|dies|has died|succumbed)\b|^(?:who\s+)?(?:had|has|suffered|sustained|(?:was|is)\s+(?:suffering|discovered|found)\s+(?:from|with)|with|suffering\s+from)\s+(?:a\s+|an\s+|multiple\s+|several\s+|two\s+|three\s+)?(?:apparent\s+)?(?:gunshot|bullet)\s+wounds?";
    VICTIM_BEFORE = r"(?i)(?:\bvictims?(?:\s+\w+){0,3}\s+(?:as|is|was|were|are)|\bidentified\s+(?:him|her)?\s*as|\bidentified\s+(?:the\s+)?(?:girl|boy|man|woman|teen|teenager|child|toddler|baby|infant|deceased|dead\s+man|dead\s+woman)\s+as|\bidentified\s+by\s+(?:his\s+|her\s+)?family(?:\s+members)?\s+as|\b(?:bullets?|gunfire|rounds?|shots?)\s+(?:that\s+)?(?:hit|struck)|\bvictims?,?|\b(?:shot and killed|killed|killing|murdered|murdering|shot|shooting|wounded|wounding|injured|injuring|stabbed)|\b(?:murder|death|killing|shooting|slaying)\s+of)\s*$";
    PERP_BEFORE = r"(?i)(?:\b(?:arrested|charged|booked|detained|suspect|suspected shooter|shooter|gunman|accused|alleged shooter)|\b(?:suspect|shooter|gunman),?(?:\s+\w+){0,3}\s+(?:as|is|was)|\b(?:searching|looking|hunting)\s+for|\bseeking)\s*,?\s*$";
    PERP_AFTER = r"(?i)^(?:(?:was|has been|is|had been)\s+(?:later\s+)?(?:arrested|charged|booked|taken into custody|accused|indicted|convicted|sentenced|jailed|identified as the (?:shooter|suspect|gunman))|(?:faces|is facing|now faces)\s+(?:an?\s+)?(?:\w+\s+){0,3}charges?\b|(?:allegedly\s+|then\s+|later\s+)?(?:shot|killed|opened fire|fired|pulled out a gun|gunned down)\b)";
    /// An age just before a name: "as 21-year-old Dana Cole", "the suspect, a 22-year-old".
    AGE_BEFORE = r"(?i)(?:,\s*)?\b(?:an?\s+)?\d{1,3}[- ]years?[- ]old\s*$";
    /// One more part of a long apposition after its first: "of Maple Grove," "Ohio,".
    APPOSITION_MORE = r"^\s*(?:of\s+|an?\s+|the\s+|[A-Z0-9])[^,.;]{0,40}?,\s*";
    /// More ways to name the one who shot before the name: "police apprehended", "was
    /// shot Sunday night by", "the suspect in the shooting,".
    PERP_BEFORE_MORE = r"(?i)(?:\b(?:apprehended|captured|convicted|sentenced|indicted|charging)|\b(?:shot|killed|wounded|struck|hit|fired|gunned down)(?:\s+\w+){0,4}\s+by|\b(?:suspect|shooter|gunman)\s+in\s+the\s+(?:\w+\s+){0,2}(?:shooting|killing|death|murder|slaying|homicide)s?)\s*,?\s*$";
    DISPUTE = r"(?i)\b(?:denied|denies|deny|denying|rejected|accused|accuses|accusing|blamed|blames|blaming|hinted|hints|suggested|implied|alleged|implicated)\b";
    ABOUT_RESPONSIBILITY = r"(?i)\b(?:involvement|behind|responsible|responsibility|role|complicity|connection|links?|hand in)\b";
    ISSUER = r"((?:U\.S\.|US|UK|U\.K\.|[A-Z][a-z]+)\s+(?:embassy|embassies|government|intelligence|authorities|officials|state department|security services|police|consulate|army|military|armed forces|interior ministry|defence ministry|defense ministry))";
    FOUNDED = r"(?i)\b(?:formed|founded|established|created|set up|emerged)\s+in\s+(?:the\s+year\s+)?((?:19|20)\d\d)\b";
    STRONGHOLD = r"(?i)\b(stronghold|strongholds|base|bases|headquarters|heartland)\s+(?:in|of)\s+";
    BASED = r"(?i)\b(based|headquartered|operating)\s+(?:in|out of)\s+";
    MEDIA_ARM = r"(?i)\bmedia\s+(?:arm|wing|outlet|agency|channel)\s*,?\s+(?:called\s+|named\s+|known as\s+)?((?:al-|Al-|an-|as-|ar-|ad-)?[A-Z][\w'’\-]*(?:\s+[A-Z][\w'’\-]*)*)";
    OFFSHOOT = r"(?i)\b(?:offshoot|affiliate|branch|faction|splinter group|wing)\s+of\s+(?:the\s+)?(?:notorious\s+|so-called\s+)?";
}

/// Where each gated pattern, then each of [`TRIGGERS`], may match: a bit each.
pub(crate) static GATE: LazyLock<Presence> = LazyLock::new(|| {
    let mut sources = gated_sources();
    sources.extend(TRIGGERS.iter().map(|(_, r)| r.as_str().to_string()));
    let refs: Vec<&str> = sources.iter().map(String::as_str).collect();
    Presence::new(&refs)
});

/// The bit of the `k`th of [`TRIGGERS`] in a sentence's gate.
fn trigger_bit(k: usize) -> u128 {
    1 << (GATED_COUNT + k)
}

/// A sentence that names a group for attacks like this one, not for this one: "similar
/// attacks", "has carried out attacks in the area", "no group claimed".
static HABITUAL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:(?:similar|such|previous|past|earlier|other|many|several|frequent|repeated)\s+(?:attacks|bombings|killings|raids|abductions|kidnappings)|no\s+(?:group|one)\s+(?:has\s+)?(?:yet\s+|immediately\s+)*claimed|(?:has|have)\s+(?:often\s+|frequently\s+|previously\s+|repeatedly\s+|long\s+)?(?:carried\s+out|staged|claimed|been\s+blamed\s+for)\s+(?:\w+\s+)?attacks)\b",
    )
});

/// Right before a claim's words: nobody made it ("No group has claimed responsibility",
/// "there was no immediate claim of responsibility", "has not claimed").
static NO_CLAIM_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?:\b(?:no\s+(?:\w+\s+)?(?:group|one|organi[sz]ation|faction|militants?)|nobody|none)\s+(?:(?:has|have|had|yet|immediately|so\s+far|publicly|officially)\s+)*|\b(?:not|never)\s+(?:(?:yet|immediately|publicly|officially)\s+)*(?:been\s+)?|n't\s+(?:(?:yet|immediately|publicly|officially)\s+)*(?:been\s+)?|\bno\s+(?:immediate\s+|official\s+|credible\s+)?)$",
    )
});

/// Right before an attack word: it is denied ("ruled out an attack", "no evidence of a
/// bombing", "was not a terrorist attack").
static RULED_OUT_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:ruled\s+out|rules\s+out|ruling\s+out|rule\s+out|no\s+(?:sign|signs|evidence|indication)\s+of|(?:was|is)\s+not|wasn't|isn't)\s+(?:(?:a|an|any|the|foul\s+play\s+or|deliberate|terror|terrorist|criminal)\s+)*$",
    )
});

/// Right before a place word: the harmed went there ("died in hospital", "were rushed
/// to a nearby hospital"), so it is no target.
static TAKEN_TO_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:died|dies|treated|taken|rushed|transported|transferred|flown|airlifted|admitted|remain|remains|remained|recovering|hospitali[sz]ed|released)\s+(?:in|to|at|from)\s+(?:(?:the|a|an|nearby|local|two|three|several|different)\s+)*$",
    )
});

/// Words right before a group's name that make it another group than the one that
/// acts: the group attacked, or the one the actor is linked to or a branch of
/// ("militants linked to al-Qaeda", "JNIM, the Sahel branch of al-Qaeda").
const NOT_THE_ATTACKER: &[&str] = &[
    "offshoot of",
    "against",
    "linked to",
    "affiliated with",
    "allied with",
    "allied to",
    "loyal to",
    "inspired by",
    "tied to",
    "branch of",
    "affiliate of",
    "wing of",
    "arm of",
    "faction of",
    "splinter of",
];

/// Whether the group mention `m` follows words of [`NOT_THE_ATTACKER`] or is a
/// possessive ("al-Qaeda's affiliate").
fn names_another_group(text: &str, from: usize, m: &Mention) -> bool {
    let before = text.get(from..m.span.start()).unwrap_or("").to_lowercase();
    let before = before.trim_end();
    let before = before.strip_suffix(" the").unwrap_or(before);
    let after = text.get(m.span.end()..).unwrap_or("");
    NOT_THE_ATTACKER.iter().any(|w| before.ends_with(w))
        || after.starts_with("'s")
        || after.starts_with("’s")
}

/// The phrase after which a sentence recalls an earlier event: ", a day after", "two
/// weeks after", "hours after".
static RECALLS_EARLIER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i),?\s+(?:(?:a|an|one|two|three|four|five|six|seven|several|a\s+few|\d+)\s+)?(?:days?|hours?|weeks?|months?)\s+after\s+",
    )
});

/// Right before a figure a report revises: "revising an earlier figure of", "up from an
/// initial toll of".
static REVISED_FIGURE_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:(?:revis|correct|updat|rais|lower)(?:ing|ed)|up\s+from|down\s+from)\s+(?:an?\s+|the\s+|its\s+|their\s+)?(?:earlier|previous|initial|first|preliminary)\s+(?:death\s+)?(?:figure|toll|count|estimate|tally|report)\s+of\s+$",
    )
});

/// Right before a vehicle word: it carried the bomb ("an explosives-laden car", "a
/// booby-trapped truck", "a suicide car bombing" read from its vehicle word on).
static BOMB_VEHICLE_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:explosives?|bombs?|dynamite|ied)[- ](?:laden|packed|rigged|filled|loaded)\s+$|\bbooby[- ]trapped\s+$",
    )
});

/// Right after a vehicle word: it was the bomb ("car bomb", "truck bombing", "a car
/// packed with explosives", "a van rigged with explosives", "the car, a white van,
/// exploded").
static BOMB_VEHICLE_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:[- ]bomb(?:s|ing|ings|er|ers)?\b|\s*,?\s*(?:which\s+was\s+|that\s+was\s+)?(?:packed|laden|loaded|rigged|filled|stuffed)\s+with\s+(?:explosives?|bombs?|dynamite)|(?:\s*,[^,.;]{1,40},)?\s+(?:exploded|blew\s+up|detonated|went\s+off|rammed|smashed\s+into|crashed\s+into|drove\s+into|plowed\s+into|ploughed\s+into)\b)",
    )
});

/// Right before a target word: it names the body people belong to ("members of
/// parliament", "the speaker of the parliament"), not a place hit.
static MEMBERS_OF_BEFORE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b(?:members?|speaker|deputy\s+speaker)\s+of\s+(?:the\s+)?$"));

/// Whether the phrase at `start..end` of `text`, whose last word is a vehicle, names
/// the bomb, not what it hit.
fn is_bomb_vehicle(text: &str, start: usize, end: usize) -> bool {
    let Some(phrase) = text.get(start..end) else {
        return false;
    };
    // The head: the phrase's last word ("an explosives-laden car").
    let start = start
        + phrase
            .rfind(|c: char| c.is_whitespace())
            .map_or(0, |i| i + 1);
    const VEHICLES: &[&str] = &[
        "car",
        "cars",
        "truck",
        "trucks",
        "vehicle",
        "vehicles",
        "van",
        "minivan",
        "bus",
        "minibus",
        "motorcycle",
        "motorbike",
        "lorry",
        "tanker",
    ];
    let word = text.get(start..end).unwrap_or("").to_ascii_lowercase();
    VEHICLES.contains(&word.as_str())
        && (BOMB_VEHICLE_BEFORE.is_match(&text[..start])
            || BOMB_VEHICLE_AFTER.is_match(&text[end..]))
}

/// Between two names of one list: an age or a short apposition, a comma, "and"
/// (", 29, ", ", 41, and ", " and ").
static LISTED_AFTER: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)^(?:\s*,\s*\d{1,3}\s*)?(?:\s*,\s*(?:and\s+)?|\s+and\s+)$"));

/// "the victims were", "the victims are": right before a name, which is one of them
/// only when a list mark or the end follows it.
static VICTIMS_ARE_BEFORE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\bvictims?(?:\s+\w+){0,3}\s+(?:were|are)\s*$"));

/// Right after a name: a list mark or the sentence's end (", 29", ",", " and", ".").
static LIST_MARK_AFTER: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)^(?:\s*[,.;:]|\s+and\b|\s*$)"));

/// Right before a target word: it owns or keeps the target ("run by a private company",
/// "owned by the bank").
static OWNED_BY_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:run|owned|operated|managed|built|funded|guarded|protected|rented|leased|leased\s+out)\s+by\s+(?:(?:a|an|the|its|their|local|private|state|two|several)\s+)*$",
    )
});

/// After a group noun: the group acts ("detained two men", "opened fire", "have
/// arrested"), so it is not the harmed.
static AGENT_VERB_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^\s+(?:(?:have|has|had|later|also|then)\s+)?(?:detained|arrested|raided|captured|seized|stormed|rescued|evacuated|cordoned|opened\s+fire|returned\s+fire|fired\s+(?:on|at)|shot\s+(?:and\s+killed\s+)?(?:the|a|an|two|three|four|five|\d)|killed\s+(?:the|a|an|two|three|four|five|\d))\b",
    )
});

/// After a count of attackers: they died ("were killed", "died", "were shot dead").
static ATTACKERS_DIED: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^\s*(?:of\s+(?:its|the|their)\s+\w+\s+)?(?:(?:were|was|have\s+been|had\s+been|are|being)\s+(?:also\s+|later\s+|reportedly\s+)?(?:killed|slain|shot\s+dead|shot\s+and\s+killed)|(?:also\s+|later\s+)?(?:died|perished)|dead\b)",
    )
});

/// Members of an armed group: when killed they are the attackers' dead
/// ([`Attribute::AttackersKilled`]), never the attack's victims, though not read as the
/// number of attackers either ("guerrillas" may be any of a group's fighters).
const ARMED_GROUP_NOUNS: &[&str] = &[
    "guerrillas",
    "guerrilla",
    "rebels",
    "rebel",
    "subversives",
    "subversive",
    "kidnappers",
    "extremists",
    "extremist",
];

const ATTACKER_NOUNS: &[&str] = &[
    "gunmen",
    "gunman",
    "attackers",
    "attacker",
    "assailants",
    "assailant",
    "militants",
    "militant",
    "terrorists",
    "terrorist",
    "shooters",
    "shooter",
    "bombers",
    "bomber",
    "insurgents",
    "insurgent",
    "fighters",
    "raiders",
    "perpetrators",
    "perpetrator",
];

const NON_PERSON_NOUNS: &[&str] = &[
    "head",
    "cattle",
    "cows",
    "goats",
    "sheep",
    "camels",
    "livestock",
    "animals",
    "horses",
    "donkeys",
    "block",
    "blocks",
    "days",
    "day",
    "years",
    "year",
    "hours",
    "hour",
    "minutes",
    "minute",
    "weeks",
    "week",
    "months",
    "month",
    "times",
    "percent",
    "per",
    "km",
    "kilometres",
    "kilometers",
    "miles",
    "metres",
    "meters",
    "feet",
    "dollars",
    "euros",
    "rubles",
    "roubles",
    "countries",
    "cities",
    "buildings",
    "cars",
    "vehicles",
    "shots",
    "rounds",
    "bullets",
    "floors",
    "languages",
    "nations",
    "groups",
    "attacks",
    "incidents",
    "reports",
    "videos",
    // Wounds and casings are counted in a body or at a scene, not people.
    "wounds",
    "casings",
    "caliber",
    // A house number: "5390 Southall Lane".
    "street",
    "st",
    "avenue",
    "ave",
    "road",
    "rd",
    "lane",
    "ln",
    "drive",
    "dr",
    "boulevard",
    "blvd",
    "court",
    "ct",
    "highway",
    "hwy",
    "parkway",
    "pkwy",
    "terrace",
    // Weapons near "killed": "a man wielding two handguns was shot and killed".
    "handguns",
    "guns",
    "rifles",
    "pistols",
    "weapons",
    "firearms",
];

/// One person a sentence names beside a casualty figure: "the driver and two
/// passengers", "three passengers and the driver", "the mayor and three others", "killed
/// along with two of his bodyguards" (the subject). The person is a singular noun of
/// [`PERSON_NOUNS`] after a determiner, next to the figure across "and"; or the figure
/// follows "along with" or "together with". The span covering person and figure, or
/// `None`.
fn one_more_person(s: &Sentence<'_>, text: &str, figure: Span) -> Option<Span> {
    static BEFORE: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)(?:\b(?:the|a|an|his|her|its|their)\s+(?:[a-z0-9-]+\s+)?(?P<n>[a-z]+)\s+and(?:\s+(?:the|his|her|its|their))?|\b(?:along|together)\s+with)\s+$",
        )
    });
    static AFTER: LazyLock<Regex> = LazyLock::new(|| {
        re(r"(?i)^\s+and\s+(?:the|a|an|his|her|its|their)\s+(?P<a>[a-z-]+)(?:\s+(?P<n>[a-z]+))?\b")
    });
    let is_person = |c: &regex::Captures<'_>, g: &str| {
        c.name(g)
            .is_some_and(|n| PERSON_NOUNS.contains(&n.as_str().to_ascii_lowercase().as_str()))
    };
    // "along with" names no noun: the sentence's subject is the person.
    let person = |c: &regex::Captures<'_>| c.name("n").is_none() || is_person(c, "n");
    let start = s.span.start().max(figure.start().saturating_sub(48));
    let before = text.get(start..figure.start())?;
    if let Some(c) = BEFORE.captures(before).filter(|c| person(c)) {
        let from = start + c.get(0)?.start();
        let from = text[from..].len() - text[from..].trim_start().len() + from;
        return Span::new(from, figure.end()).ok();
    }
    let after = text.get(figure.end()..s.span.end())?;
    let c = AFTER.captures(after)?;
    // "and the driver", "and the bus driver", "and the driver were".
    let end = if is_person(&c, "n") {
        c.name("n")?.end()
    } else if is_person(&c, "a") {
        c.name("a")?.end()
    } else {
        return None;
    };
    Span::new(figure.start(), figure.end() + end).ok()
}

/// Singular nouns of one person, for [`one_more_person`].
const PERSON_NOUNS: &[&str] = &[
    "driver",
    "mayor",
    "minister",
    "governor",
    "senator",
    "judge",
    "prosecutor",
    "official",
    "policeman",
    "policewoman",
    "officer",
    "soldier",
    "guard",
    "bodyguard",
    "escort",
    "passenger",
    "child",
    "boy",
    "girl",
    "man",
    "woman",
    "wife",
    "husband",
    "son",
    "daughter",
    "father",
    "mother",
    "brother",
    "sister",
    "friend",
    "teacher",
    "student",
    "journalist",
    "reporter",
    "photographer",
    "priest",
    "pastor",
    "imam",
    "leader",
    "commander",
    "civilian",
    "farmer",
    "worker",
    "employee",
    "owner",
    "shopkeeper",
    "pilot",
    "nurse",
    "doctor",
    "resident",
    "neighbour",
    "neighbor",
    "chauffeur",
    "secretary",
    "aide",
    "colleague",
    "cousin",
    "nephew",
    "niece",
    "uncle",
    "aunt",
    "grandmother",
    "grandfather",
    "baby",
    "toddler",
    "teenager",
    "girlfriend",
    "boyfriend",
    "cook",
    "gardener",
    "watchman",
];

/// Whether two figures that each count a noun are joined by "and" (after an optional
/// comma): "three soldiers and two civilians".
fn joined_by_and(text: &str, first: (&Quantity, Span), then: (&Quantity, Span)) -> bool {
    static AND_BETWEEN: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)^,?\s+and\s+$"));
    first.0.noun.is_some()
        && then.0.noun.is_some()
        && text
            .get(first.1.end()..then.1.start())
            .is_some_and(|gap| AND_BETWEEN.is_match(gap))
}

/// Joins the figures of one kind that a sentence coordinates with "and" into one sum:
/// "killing three soldiers and two civilians" is five killed, "12 police officers and
/// 30 bystanders were hurt" 42 wounded. Both figures count a noun; a figure "including"
/// or "among" another is not joined (it is a part, not a further one).
fn coordinated_counts(
    text: &str,
    harmed: Vec<(Attribute, Quantity, Span)>,
) -> Vec<(Attribute, Quantity, Span)> {
    let mut out: Vec<(Attribute, Quantity, Span)> = Vec::with_capacity(harmed.len());
    for (attribute, q, span) in harmed {
        if let Some((last_attribute, last, last_span)) = out.last_mut() {
            let joined =
                *last_attribute == attribute && joined_by_and(text, (last, *last_span), (&q, span));
            if let (true, Ok(whole)) = (joined, Span::new(last_span.start(), span.end())) {
                last.interval = last.interval.sum(q.interval);
                if last.qualifier != q.qualifier {
                    last.qualifier = Qualifier::Vague;
                }
                last.noun = None;
                *last_span = whole;
                continue;
            }
        }
        out.push((attribute, q, span));
    }
    out
}

/// Whether a counted noun names buildings, vehicles or places rather than people
/// ("houses", "shops", "three villages"): the nouns of [`TARGETS`] that are no
/// gathering of people.
fn is_structure(s: &Sentence<'_>, noun: &str) -> bool {
    !matches!(
        noun,
        "crowd" | "crowds" | "gathering" | "gatherings" | "convoy" | "convoys" | "rally"
    ) && TARGETS
        .find(s, noun)
        .is_some_and(|m| m.start() == 0 && m.end() == noun.len())
}

/// Whether the words after a figure give it a predicate of its own that is no casualty
/// ("dozens fled", "five were arrested"), with no killed or wounded cue in the four
/// words after it, within its clause ("12 were treated for injuries" keeps its cue).
fn own_predicate(s: &Sentence<'_>, after: &str) -> bool {
    let Some(c) = OWN_PREDICATE.captures(s, after) else {
        return false;
    };
    let verb = c.name("v").map_or("", |m| m.as_str());
    if KILLED_CUE.is_match(s, verb) || WOUNDED_CUE.is_match(s, verb) {
        return false;
    }
    // The next four words, within the clause.
    let rest = &after[c.get(0).map_or(0, |m| m.end())..];
    let clause_end = rest
        .find([',', ';', '.', '(', ')'])
        .into_iter()
        .chain(rest.find(" and "))
        .chain(rest.match_indices(' ').nth(4).map(|(i, _)| i))
        .min()
        .unwrap_or(rest.len());
    let clause = &rest[..clause_end];
    !(KILLED_CUE.is_match(s, clause) || WOUNDED_CUE.is_match(s, clause))
}

/// Everything the event stage reads.
pub struct Input<'a> {
    /// The document text.
    pub text: &'a str,
    /// Its id.
    pub doc: &'a DocId,
    /// Publication date.
    pub published: Option<Date>,
    /// Sentence spans.
    pub sentences: &'a [Span],
    /// Entity mentions.
    pub mentions: &'a [Mention],
    /// Aliases defined in the text.
    pub aliases: &'a [DefinedAlias],
    /// Times.
    pub times: &'a [(Span, TimeRef)],
    /// Quantities.
    pub quantities: &'a [(Span, Quantity)],
    /// Event-relative times ("two days after Sunday's election"), from
    /// [`crate::time::find_event_relative`].
    pub relative: &'a [EventRelativeTime],
    /// Stretches between two of `times` ("from 1 to 3 May"), from
    /// [`crate::time::find_ranges`]: an incident dated by an end of one is dated by its
    /// first day.
    pub ranges: &'a [(Span, TimeRange)],
}

/// What the event stage produces.
#[derive(Debug, Default)]
pub struct Output {
    /// Triggers.
    pub events: Vec<EventMention>,
    /// Facts of the main incident.
    pub facts: Vec<Fact>,
    /// Further attacks the text reports, with their own facts.
    pub other_incidents: Vec<LocalIncident>,
    /// Actor facts.
    pub actor_facts: Vec<ActorFact>,
    /// Times relative to this article's attack ("two days after the attack") that date
    /// the facts of their sentence, kept for fusion ([`incident_times`]).
    pub relative_times: Vec<newsfuse_core::IncidentTime>,
}

#[derive(Clone)]
struct Sentence<'a> {
    idx: usize,
    span: Span,
    text: &'a str,
    /// `text.to_lowercase()`, computed once.
    lower: &'a str,
    /// Where [`GATE`] says each gated pattern and trigger pattern may match in it: a
    /// bit each.
    may: u128,
    triggers: Vec<(EventType, Span)>,
    background: bool,
    attribution: Attribution,
    /// Where the sentence, after telling of an attack, recalls an earlier one ("A mob
    /// set fire to a police post on Sunday, a day after three protesters were shot
    /// dead"): from there on its attack words and figures are the earlier event's.
    recalled_from: Option<usize>,
}

impl Sentence<'_> {
    fn has_trigger(&self) -> bool {
        !self.triggers.is_empty()
    }

    /// A span of the sentence-local byte range `[s, e)`.
    fn local(&self, s: usize, e: usize) -> Span {
        Span::new(self.span.start() + s, self.span.start() + e).unwrap_or(self.span)
    }
}

const HEDGES: &[&str] = &[
    "reportedly",
    "allegedly",
    "apparently",
    "purportedly",
    "possibly",
    "probably",
    "likely",
    "hinted",
    "hints",
    "suggested",
    "suggests",
    "unconfirmed",
    "rumoured",
    "rumored",
    "may have",
    "might have",
    "could have",
    "believed to",
    "thought to",
    "suspected",
    "appeared to",
    "appears to",
    "is said to",
    "are said to",
    "unverified",
    "speculat",
    "hallmarks",
];

static SAID_BY: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)([A-Za-z][\w.'’\- ]{1,60}?)\s+(?:have |has |had )?(?:said|says|told|stated|reported|confirmed|announced|insisted|added)\b",
    )
});

const SOURCE_NOUNS: &[&str] = &[
    "officials",
    "official",
    "police",
    "witnesses",
    "witness",
    "eyewitnesses",
    "authorities",
    "ministry",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "media",
    "agency",
    "residents",
    "survivors",
    "sources",
    "investigators",
    "prosecutors",
    "military",
    "army",
    "government",
    "kremlin",
    "embassy",
    "committee",
    "service",
    "doctors",
    "hospital",
    "statement",
    "president",
    "minister",
    "governor",
    "mayor",
    "reports",
    "accounts",
];

/// The first of [`HEDGES`] that occurs in `lower` at the start of a word (after no
/// letter or digit), in one pass over the text.
///
/// The same as searching each hedge's non-overlapping occurrences in turn: an
/// occurrence a search would skip overlaps an earlier one of the same hedge, so it
/// starts right after one of the hedge's own letters (no hedge that can overlap itself
/// has a space or other non-word character), never at the start of a word.
fn first_hedge(lower: &str) -> Option<&'static str> {
    const _: () = assert!(HEDGES.len() <= 64);
    // The hedges by first letter, a bit per index in HEDGES.
    const BY_FIRST: [u64; 26] = {
        let mut t = [0u64; 26];
        let mut k = 0;
        while k < HEDGES.len() {
            let first = HEDGES[k].as_bytes()[0];
            assert!(first.is_ascii_lowercase());
            t[(first - b'a') as usize] |= 1 << k;
            k += 1;
        }
        t
    };
    let mut found = 0u64;
    let mut prev_word = false;
    for (at, c) in lower.char_indices() {
        if !prev_word && c.is_ascii_lowercase() {
            let rest = &lower.as_bytes()[at..];
            let mut these = BY_FIRST[(rest[0] - b'a') as usize];
            while these != 0 {
                let k = these.trailing_zeros() as usize;
                these &= these - 1;
                if rest.starts_with(HEDGES[k].as_bytes()) {
                    found |= 1 << k;
                }
            }
        }
        prev_word = c.is_alphanumeric();
    }
    (found != 0).then(|| HEDGES[found.trailing_zeros() as usize])
}

/// A pattern that matches where any of `words` occurs (as a substring).
fn literal_source(words: &[&str]) -> String {
    let alternation: Vec<String> = words.iter().map(|w| regex::escape(w)).collect();
    alternation.join("|")
}

/// [`SAID_INVERTED`]'s group 1 in `sentence`. A match holds one comma, the one it
/// begins with (no other part of the pattern reads a comma), and reaches the end: it
/// begins at the last comma, so only the text from there is searched.
fn said_inverted(sentence: &str, may: u128) -> Option<regex::Match<'_>> {
    let from = sentence.rfind(',')?;
    SAID_INVERTED.captures(&may, &sentence[from..])?.get(1)
}

/// The start of what follows an inverted "said" when it is no speaker: "said in a
/// message", "said on Tuesday", "said that".
static NOT_A_SPEAKER_START: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^\s*(?:in|on|at|that|after|before|during|last|this|earlier|later|late|early|through|via|yesterday|today|it|its|they|he|she)\b",
    )
});

/// What follows a "said" after a comma when it is a clause, not a speaker: it has a verb
/// of its own ("said 27 people were being treated") or opens on a figure.
static SAID_CLAUSE: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)^\s*\d|\b(?:were|was|are|is|had|have|has|will|would|could|been|being|did)\b")
});

/// Whether `phrase`, after a comma and "said", is what was said rather than a speaker:
/// [`SAID_CLAUSE`] matches, and not inside a relative clause of the speaker ("said
/// officials who were at the scene").
fn said_clause(phrase: &str) -> bool {
    SAID_CLAUSE.find(phrase).is_some_and(|m| {
        let before = phrase[..m.start()].to_ascii_lowercase();
        !before
            .split_whitespace()
            .any(|w| matches!(w, "who" | "which" | "that" | "whose"))
    })
}

/// The verbs of [`SAID_BY`].
const SPEECH_VERBS: [&str; 9] = [
    "said",
    "says",
    "told",
    "stated",
    "reported",
    "confirmed",
    "announced",
    "insisted",
    "added",
];

/// The length of the speech verb part of [`SAID_BY`] after its white space,
/// `(?:have |has |had )?(?:said|says|...)\b`, at the start of ASCII `rest`, if it is there.
fn speech_verb_at(rest: &[u8]) -> Option<usize> {
    let word_end = |at: usize| {
        !rest
            .get(at)
            .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
    };
    let verb = |from: usize| {
        SPEECH_VERBS.iter().find_map(|v| {
            let end = from + v.len();
            (rest.get(from..end)?.eq_ignore_ascii_case(v.as_bytes()) && word_end(end))
                .then_some(end)
        })
    };
    ["have ", "has ", "had "]
        .iter()
        .find_map(|aux| {
            rest.get(..aux.len())?
                .eq_ignore_ascii_case(aux.as_bytes())
                .then(|| verb(aux.len()))?
        })
        .or_else(|| verb(0))
}

/// The span of [`SAID_BY`]'s group 1 in `window`. ASCII text is read without the regex
/// engines (the Unicode class repeated 60 times is too big for the fast ones): the
/// match starts at the first letter followed by 1 to 60 chars of the group's class that
/// end where white space and the speech verb part follow, and the lazy group takes the
/// fewest such chars.
fn said_by_subject(window: &str) -> Option<(usize, usize)> {
    if !window.is_ascii() {
        return SAID_BY
            .captures(window)
            .and_then(|c| c.get(1))
            .map(|g| (g.start(), g.end()));
    }
    let w = window.as_bytes();
    let n = w.len();
    // Where the group may end: inside a run of white space that the verb part follows.
    let is_space = |b: u8| matches!(b, b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r' | b' ');
    let mut ends: Vec<usize> = Vec::new();
    let mut at = 0;
    while at < n {
        if !is_space(w[at]) {
            at += 1;
            continue;
        }
        let run = at;
        while at < n && is_space(w[at]) {
            at += 1;
        }
        if speech_verb_at(&w[at..]).is_some() {
            ends.extend(run..at);
        }
    }
    if ends.is_empty() {
        return None;
    }
    // The group's class: ASCII word chars, '.', '\'', '-', ' '. `class_end[i]`: the first
    // index from `i` on that is not in it.
    let in_class =
        |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'\'' | b'-' | b' ');
    let mut class_end = vec![n; n + 1];
    for i in (0..n).rev() {
        class_end[i] = if in_class(w[i]) { class_end[i + 1] } else { i };
    }
    (0..n.saturating_sub(2)).find_map(|p| {
        if !w[p].is_ascii_alphabetic() {
            return None;
        }
        let limit = (p + 61).min(class_end[p + 1]);
        let k = ends.partition_point(|&e| e < p + 2);
        ends.get(k).filter(|&&e| e <= limit).map(|&e| (p, e))
    })
}

fn attribution_of(
    sentence: &str,
    lower: &str,
    may: u128,
    mentions: &[(Span, &Mention)],
    s_start: usize,
    text: &str,
) -> Attribution {
    let hedge = ANY_HEDGE
        .get(&may)
        .and_then(|_| first_hedge(lower))
        .map(str::to_string);
    let mut who: Option<String> = None;
    // The capturing patterns are slow to run over a whole sentence; a cheap search for
    // the speech verb comes first, and SAID_BY runs only on the words just before it.
    let verb = SPEECH.find(&may, sentence);
    // Read only when the patterns below find no speaker.
    let said_by = || {
        verb.and_then(|v| {
            let mut from = v.start().saturating_sub(90);
            while !sentence.is_char_boundary(from) {
                from += 1;
            }
            said_by_subject(&sentence[from..v.end()]).map(|(s, e)| (from + s, from + e))
        })
    };
    if let Some(c) = (lower.contains("according to"))
        .then(|| ACCORDING_TO.captures(&may, sentence).and_then(|c| c.get(1)))
        .flatten()
    {
        who = Some(c.as_str().trim().to_string());
    } else if let Some(c) = (verb.is_some() || lower.contains("according to"))
        .then(|| said_inverted(sentence, may))
        .flatten()
        // "JNIM, al-Qaeda's branch, said in a message that ...": a phrase that opens
        // on a preposition or "that" is what was said or where, not who said it.
        .filter(|c| !NOT_A_SPEAKER_START.is_match(c.as_str()))
        // "The spokesman, Mohamed Ali, said 27 people were being treated": a clause
        // with a verb of its own is what was said.
        .filter(|c| !said_clause(c.as_str()))
    {
        who = Some(c.as_str().trim().to_string());
    } else if let Some((g_start, g_end)) = said_by() {
        let subject = &sentence[g_start..g_end];
        let sub_start = s_start + g_start;
        let sub_end = s_start + g_end;
        // A mention inside the subject names the speaker; else a source noun phrase.
        let named = mentions.iter().rfind(|(sp, m)| {
            sp.start() >= sub_start
                && sp.end() <= sub_end
                && matches!(
                    m.kind,
                    EntityKind::Person | EntityKind::Organisation | EntityKind::ArmedGroup
                )
        });
        if let Some((sp, _)) = named {
            who = sp.slice(text).map(str::to_string);
        } else {
            let words: Vec<&str> = subject.split_whitespace().collect();
            let tail: Vec<&str> = words.iter().rev().take(4).rev().copied().collect();
            if tail.iter().any(|w| {
                SOURCE_NOUNS.contains(&w.to_lowercase().trim_matches(|c: char| !c.is_alphabetic()))
            }) {
                let phrase = tail.join(" ");
                let phrase = phrase
                    .trim_start_matches(|c: char| !c.is_alphanumeric())
                    .to_string();
                who = Some(phrase);
            }
        }
    }
    let modality = if hedge.is_some() {
        Modality::Hedged
    } else if who.is_some() {
        Modality::Attributed
    } else {
        Modality::Asserted
    };
    Attribution {
        who_says: who,
        hedge,
        modality,
    }
}

fn word_after(text: &str, end: usize) -> Option<String> {
    text.get(end..)?
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .find(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
}

/// The date of an incident: the first point time at day or month grain in a trigger
/// sentence `keep` accepts that does not speak of a span of time, else the first such
/// day in a sentence that tells of a shooting, killing or wounding
/// ([`crate::incident_place::tells_of_incident`]), with where it was read and the
/// sentence's index. A time of the dateline (the report's day), a clock time alone
/// ("3:50 a.m.", whose day is the publication day only by default) and a day after
/// the publication date date nothing.
fn event_date(
    input: &Input<'_>,
    sentences: &[Sentence<'_>],
    keep: impl Fn(&Sentence<'_>) -> bool,
) -> Option<(TimeValue, Span, usize)> {
    // An incident "between March 3 and 5" or "from 1 to 3 May" began on the first day,
    // whichever end the sentence's reading picked.
    event_date_of_ends(input, sentences, keep).map(|(v, sp, s)| {
        match input.ranges.iter().find(|(r, _)| r.contains(sp)) {
            Some((r, range)) if v.grain == Grain::Day => (range.from.whole_day(), *r, s),
            _ => (v, sp, s),
        }
    })
}

/// The year an attack word is named by, right before it ("the 2019 bombing"), in the
/// first sentence that has one.
fn year_of_attack(
    input: &Input<'_>,
    sentences: &[Sentence<'_>],
) -> Option<(TimeValue, Span, usize)> {
    sentences.iter().filter(|s| s.has_trigger()).find_map(|s| {
        input.times.iter().find_map(|(sp, r)| match r {
            TimeRef::Point { value }
                if value.grain == Grain::Year
                    && value.year.is_some()
                    && s.span.contains(*sp)
                    && s.triggers.iter().any(|(_, t)| {
                        input
                            .text
                            .get(sp.end()..t.start())
                            .is_some_and(|gap| !gap.is_empty() && gap.trim().is_empty())
                    }) =>
            {
                Some((*value, *sp, s.idx))
            }
            _ => None,
        })
    })
}

/// [`event_date`] before a stretch's end is read as its first day.
fn event_date_of_ends(
    input: &Input<'_>,
    sentences: &[Sentence<'_>],
    keep: impl Fn(&Sentence<'_>) -> bool,
) -> Option<(TimeValue, Span, usize)> {
    let times_in = |sp: Span| input.times.iter().filter(move |(t, _)| sp.contains(*t));
    let dateline = crate::incident_place::dateline_span(input.text).map(|(d, _, _)| d);
    let dates = |sp: Span, r: &TimeRef| {
        crate::incident_place::dates_incident(input.text, dateline, input.published, sp, r)
    };
    let day_or_month = |v: &TimeValue| {
        matches!(
            v.grain,
            Grain::Minute | Grain::Hour | Grain::Day | Grain::PartOfDay | Grain::Month
        )
    };
    for s in sentences.iter().filter(|s| s.has_trigger() && keep(s)) {
        let has_range = times_in(s.span)
            .any(|(_, r)| matches!(r, TimeRef::Since { .. } | TimeRef::Until { .. }));
        if has_range {
            continue;
        }
        // "Gunmen stormed the market two days after Sunday's election": the attack is two
        // days after the date the sentence names, and that date is the election's. When
        // the attack is the anchor itself ("two days after Saturday's bombing, police
        // arrested..."), its date is the anchor's.
        let relative: Vec<&EventRelativeTime> = input
            .relative
            .iter()
            .filter(|r| s.span.contains(r.span))
            .collect();
        for r in &relative {
            let attack_is_anchor = s.triggers.iter().any(|(_, t)| r.anchor.contains(*t));
            // "Twenty students remained captive on Tuesday, a day after gunmen stormed
            // their school": the day said right before the phrase is the offset's end,
            // so the attack is that day counted back.
            if attack_is_anchor && r.anchor_time.is_none() {
                if let Some(v) = counted_back(input.text, &times_in(s.span).collect::<Vec<_>>(), r)
                {
                    return Some((v, r.span, s.idx));
                }
            }
            let Some(anchor) = r.anchor_time else {
                continue;
            };
            let attack_outside = s.triggers.iter().any(|(_, t)| !r.span.overlaps(*t));
            let value = if attack_is_anchor {
                Some(anchor)
            } else if attack_outside {
                r.offset.resolve(&anchor).and_then(|t| t.value())
            } else {
                None
            };
            if let Some(v) = value.filter(|v| day_or_month(v)) {
                let v = if v.day.is_some() { v.whole_day() } else { v };
                return Some((v, r.span, s.idx));
            }
        }
        let in_relative = |t: &Span| relative.iter().any(|r| r.span.overlaps(*t));
        if let Some((sp, TimeRef::Point { value })) = times_in(s.span).find(|(sp, r)| {
            !in_relative(sp)
                && !dates_aftermath(s, *sp)
                && matches!(r, TimeRef::Point { value } if day_or_month(value))
                && dates(*sp, r)
        }) {
            // The incident's date is a day (or month); its time of day is not compared.
            let v = if value.day.is_some() {
                value.whole_day()
            } else {
                *value
            };
            return Some((v, *sp, s.idx));
        }
    }
    // The first whole day a sentence names, unless it names a range.
    let first_day = |s: &Sentence<'_>| -> Option<(TimeValue, Span, usize)> {
        if times_in(s.span).any(|(_, r)| matches!(r, TimeRef::Since { .. } | TimeRef::Until { .. }))
        {
            return None;
        }
        match times_in(s.span).find(|(sp, r)| {
            matches!(r, TimeRef::Point { value } if value.day.is_some() && day_or_month(value))
                && dates(*sp, r)
                && !dates_aftermath(s, *sp)
        }) {
            Some((sp, TimeRef::Point { value })) => Some((value.whole_day(), *sp, s.idx)),
            _ => None,
        }
    };
    // No attack sentence dates it: the first day of a sentence that tells of a
    // shooting, killing or wounding ("A man was shot late Saturday").
    let told = sentences
        .iter()
        .filter(|s| {
            !s.has_trigger()
                && !s.background
                && keep(s)
                && crate::incident_place::tells_of_incident(s.text)
        })
        .find_map(first_day);
    if told.is_some() {
        return told;
    }
    // Still none: the first day of a sentence that says when "it happened", or that
    // stands right before or after an attack sentence ("Police say early Sunday morning
    // at around 3:50 a.m. …" before "The driver was hit in the arm"). (The lead's first
    // two sentences as well: GVDB date 22.73 → 22.89, but ECB+ B3 89.98 → 89.70.)
    let near_attack = |i: usize| {
        sentences
            .iter()
            .any(|s| s.has_trigger() && !s.background && keep(s) && s.idx.abs_diff(i) == 1)
    };
    sentences
        .iter()
        .filter(|s| !s.background && keep(s) && (near_attack(s.idx) || HAPPENED.is_match(s.text)))
        .find_map(first_day)
}

/// [`Attribute::Hostages`] when the figure between `before` and `after` (its sentence's
/// text on either side) counts people kidnapped or taken hostage: right after a
/// kidnapping verb ("abducted 23 students", "kidnapping two engineers"), after "took" /
/// "seized" / "held" when "hostage" follows its noun ("took 12 people hostage"), before
/// a passive of one ("three aid workers were kidnapped", "20 remained in captivity"),
/// or as "hostages" itself ("freed 12 hostages"); [`Attribute::Killed`] when the
/// passive goes on to their death ("were kidnapped and later killed").
fn taken_hostage(before: &str, after: &str, noun: &str) -> Option<Attribute> {
    static BEFORE: LazyLock<Regex> = LazyLock::new(|| {
        re(r"(?i)\b(?:abducted|abducting|abducts|kidnapped|kidnapping|kidnaps|snatched)\s+$")
    });
    static TOOK_BEFORE: LazyLock<Regex> =
        LazyLock::new(|| re(r"(?i)\b(?:took|taking|takes|seized|seizing|held|holding)\s+$"));
    static HOSTAGE_AFTER: LazyLock<Regex> =
        LazyLock::new(|| re(r"(?i)^\s+(?:[a-z-]+\s+)?hostages?\b"));
    static PASSIVE_AFTER: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)^\s*(?:others?\s+|more\s+)?(?:were|was|have\s+been|had\s+been|are|is|being|remain(?:s|ed)?|are\s+still|were\s+still)\s+(?:still\s+)?(?:kidnapped|abducted|taken\s+hostage|held\s+hostage|held\s+captive|in\s+captivity|captive)\b",
        )
    });
    // "were kidnapped and later killed": the dead are counted as killed.
    static THEN_KILLED: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)^\s*(?:,\s*)?and\s+(?:later\s+|then\s+|subsequently\s+)?(?:killed|murdered|executed|slain|shot)\b",
        )
    });
    if let Some(m) = PASSIVE_AFTER.find(after) {
        return Some(if THEN_KILLED.is_match(&after[m.end()..]) {
            Attribute::Killed
        } else {
            Attribute::Hostages
        });
    }
    // "Six hostages and two soldiers died", "three hostages were killed": the
    // hostages' fate in their own clause decides.
    static HOSTAGES_DIED: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)^[^.;,]{0,60}?\b(?:died|were\s+(?:killed|shot\s+dead|executed|slain|murdered)|lost\s+their\s+lives)\b",
        )
    });
    if matches!(noun, "hostages" | "captives") && HOSTAGES_DIED.is_match(after) {
        return Some(Attribute::Killed);
    }
    (matches!(noun, "hostages" | "captives")
        || BEFORE.is_match(before)
        || TOOK_BEFORE.is_match(before) && HOSTAGE_AFTER.is_match(after))
    .then_some(Attribute::Hostages)
}

/// The day of a further incident that begins "hours later", "later that day" or "on the
/// same day" and names no day of its own: the main incident's day (`main`), read from
/// the cue's words.
fn same_day_as(
    sentences: &[Sentence<'_>],
    unit: &[usize],
    main: Option<(TimeValue, Span, usize)>,
) -> Option<(TimeValue, Span, usize)> {
    static SAME_DAY: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)\b(?:hours\s+later|(?:later|earlier)\s+(?:that|the\s+same)\s+day|(?:on\s+)?the\s+same\s+day)\b",
        )
    });
    let (value, _, _) = main?;
    value.day?;
    let first = *unit.first()?;
    let s = sentences.iter().find(|s| s.idx == first)?;
    let m = SAME_DAY.find(s.text)?;
    let span = Span::new(s.span.start() + m.start(), s.span.start() + m.end()).ok()?;
    Some((value, span, s.idx))
}

/// The anchor's day of the event-relative time `r` when a day stands right before it,
/// set off by a comma ("on Tuesday, a day after gunmen stormed the school" → Monday):
/// that day moved back by the offset, when that is one whole day.
fn counted_back(
    text: &str,
    times: &[&(Span, TimeRef)],
    r: &EventRelativeTime,
) -> Option<TimeValue> {
    let (_, day) = times.iter().rev().find_map(|(sp, t)| match t {
        TimeRef::Point { value } if sp.end() <= r.span.start() && value.day.is_some() => {
            let gap = text.get(sp.end()..r.span.start())?;
            gap.trim().eq(",").then_some((sp, value))
        }
        _ => None,
    })?;
    let back = EventOffset {
        direction: match r.offset.direction {
            Direction::After => Direction::Before,
            Direction::Before => Direction::After,
        },
        ..r.offset
    };
    let resolved = back.resolve(day)?;
    (resolved.range.first == resolved.range.last && resolved.grain == Grain::Day)
        .then(|| TimeValue::day(resolved.range.first))
}

/// Whether the time at `time` (inside sentence `s`) dates what followed the attack
/// rather than the attack: the nearest verb before it is an arrest, a charge or a
/// burial, with no attack word in between ("soldiers detained two men on Wednesday in
/// connection with the bombing"), or a verb of speech or stance follows it right away
/// ("a spokesman on Wednesday denied any involvement in the strike").
fn dates_aftermath(s: &Sentence<'_>, time: Span) -> bool {
    let Some(local) = time.start().checked_sub(s.span.start()) else {
        return false;
    };
    // A time right before a verb of speech, stance or aftermath dates what was said or
    // done: "a spokesman on Wednesday denied any involvement in the strike", "a court on
    // Tuesday sentenced a man".
    if s.text
        .get(time.end().saturating_sub(s.span.start())..)
        .is_some_and(|after| DATED_VERB_AFTER.is_match(after))
    {
        return true;
    }
    let Some(verb_end) = AFTERMATH_VERB
        .find_iter(&s.text[..local])
        .last()
        .map(|m| s.span.start() + m.end())
    else {
        return false;
    };
    // The time closes the verb's own phrase ("detained two men on Wednesday"), not a
    // later one ("sentenced him to life for the March 11, 2005, incident") nor a new
    // line (a dateline under a headline ending "Suspect Caught").
    let gap = &s.text[verb_end - s.span.start()..local];
    if gap.len() > 40 || gap.contains('\n') || gap.contains(" for ") || gap.contains(" of ") {
        return false;
    }
    !s.triggers
        .iter()
        .any(|(_, t)| t.start() >= verb_end && t.end() <= time.start())
}

/// Right after a time: a verb of speech or stance, or of what follows an attack, which
/// the time dates ("on Wednesday denied", "on Tuesday claimed", "on Tuesday sentenced").
static DATED_VERB_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^\s*(?:denied|denies|rejected|dismissed|claimed|blamed|accused|condemned|said|told|announced|vowed|warned|confirmed|insisted|detained|arrested|charged|sentenced|convicted|jailed|indicted|buried|extradited|put\s+the\s+(?:death\s+)?toll|(?:raised|revised|lowered|updated)\s+the\s+(?:death\s+)?toll)\b",
    )
});

/// Verbs of what follows an attack: arrests, charges, trials, burials.
static AFTERMATH_VERB: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:detained|arrested|charged|captured|caught|questioned|sentenced|convicted|indicted|buried|mourned|extradited)\b",
    )
});

/// "a double shooting", "the triple-shooting": how many people were hit.
static MULTIPLE_SHOOTING: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b(double|triple|quadruple)[- ]shootings?\b"));

/// A sentence that says when the incident took place ("It happened around 8 p.m.
/// Thursday", "The incident occurred on Jan. 22").
static HAPPENED: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b(?:happened|occurred|took\s+place)\b"));

/// The sentences with every one whose index `keep` refuses marked background, so that
/// an incident's facts are read from its own sentences only.
fn restricted<'a>(sentences: &[Sentence<'a>], keep: impl Fn(usize) -> bool) -> Vec<Sentence<'a>> {
    sentences
        .iter()
        .map(|s| Sentence {
            background: s.background || !keep(s.idx),
            ..s.clone()
        })
        .collect()
}

/// Marks background the sentences that tell of an earlier attack in passing ("last
/// month's bombing in X that killed 14", a day more than [`EARLIER_DAYS`] before the
/// incident's, an earlier month of its year). The first sentence that reports an
/// attack is the report's own and is never marked.
fn earlier_events_are_background(
    input: &Input<'_>,
    sentences: &mut [Sentence<'_>],
    date: Option<(TimeValue, Span, usize)>,
) {
    let Some(first) = sentences
        .iter()
        .position(|s| s.has_trigger() && !s.background)
    else {
        return;
    };
    let main = date.map(|(v, _, _)| v);
    let main_day = main.and_then(|v| v.as_date()).map(|d| d.days_since_epoch());
    for s in sentences.iter_mut().skip(first + 1) {
        if s.background || date.is_some_and(|(_, _, idx)| idx == s.idx) {
            continue;
        }
        let earlier_time = input
            .times
            .iter()
            .filter(|(t, _)| s.span.contains(*t))
            .any(|(_, r)| match (r, main) {
                (TimeRef::Point { value }, Some(main)) => match (value.as_date(), main_day) {
                    (Some(d), Some(m)) => d.days_since_epoch() < m - EARLIER_DAYS,
                    _ => {
                        // "In March", of an incident in April (the year unsaid or
                        // the same).
                        value.grain == Grain::Month
                            && (value.year.is_none() || value.year == main.year)
                            && value.month.zip(main.month).is_some_and(|(a, b)| a < b)
                    }
                },
                _ => false,
            });
        // "Two weeks before the attack" counts back from this report's attack, not from
        // an earlier one: a cue inside an event-relative phrase whose anchor is "the
        // attack" (no date of its own) is not a cue.
        let of_this_attack = |cue: Span| {
            input.relative.iter().any(|r| {
                r.span.overlaps(cue)
                    && r.anchor_time.is_none()
                    && r.anchor.slice(input.text).is_some_and(|a| {
                        let a = a.to_ascii_lowercase();
                        a.starts_with("the ") || a.starts_with("this ")
                    })
            })
        };
        let earlier_cue = EARLIER_CUE.find_iter(s, s.text).any(|m| {
            Span::new(s.span.start() + m.start(), s.span.start() + m.end())
                .is_ok_and(|cue| !of_this_attack(cue))
        });
        // Only a sentence that reports an attack tells of an earlier one.
        if s.has_trigger() && (earlier_time || earlier_cue) {
            s.background = true;
        }
    }
}

/// Days before an incident's date from which a dated sentence tells of another event.
const EARLIER_DAYS: i64 = 3;

/// Towns further apart than this are different places for splitting.
const SPLIT_KM: f64 = 40.0;

fn km(a: &newsfuse_core::PlaceRef, b: &newsfuse_core::PlaceRef) -> f64 {
    let (p1, p2) = (a.lat.to_radians(), b.lat.to_radians());
    let dp = (b.lat - a.lat).to_radians();
    let dl = (b.lon - a.lon).to_radians();
    let h = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().asin()
}

/// Whether `name` occurs in `text` as whole words.
fn names_word(text: &str, name: &str) -> bool {
    !name.is_empty()
        && text.match_indices(name).any(|(at, _)| {
            let before = text[..at].chars().next_back();
            let after = text[at + name.len()..].chars().next();
            before.is_none_or(|c| !c.is_alphanumeric())
                && after.is_none_or(|c| !c.is_alphanumeric())
        })
}

/// Whether a sentence gives a casualty count of its own: a number near a killed or
/// wounded word.
fn has_toll(input: &Input<'_>, s: &Sentence<'_>) -> bool {
    input.quantities.iter().any(|(sp, q)| {
        s.span.contains(*sp) && !NON_PERSON_NOUNS.contains(&q.noun.as_deref().unwrap_or(""))
    }) && (KILLED_CUE.is_match(s, s.text) || WOUNDED_CUE.is_match(s, s.text))
}

/// The sentences of the further attacks a text reports besides its main incident, each
/// in order; empty when it reports one.
///
/// A sentence that reports an attack begins another incident when a cue says so: a
/// strong cue ("in a separate attack", "another bomb exploded") with a town of its own
/// or a casualty count of its own; a weak cue ("meanwhile", "elsewhere", "also on
/// Tuesday") with a town more than [`SPLIT_KM`] from every incident's; or a new
/// paragraph that opens on a specific trigger, a far town and a toll. Sentences that
/// compare ("the deadliest since", "came days after") begin nothing. Later sentences
/// follow the incident whose town they name, else the last one begun. Background
/// sentences belong to none.
fn split_incidents(input: &Input<'_>, sentences: &[Sentence<'_>]) -> Vec<Vec<usize>> {
    // The towns a sentence names, with the words that name them.
    let towns_of = |s: &Sentence<'_>| -> Vec<(&newsfuse_core::PlaceRef, &str)> {
        input
            .mentions
            .iter()
            .filter(|m| s.span.contains(m.span) && m.kind == EntityKind::Place)
            .filter_map(|m| Some((m.place.as_ref()?, m.span.slice(input.text)?)))
            .filter(|(p, _)| p.kind == "city")
            .collect()
    };
    let Some(first) = sentences
        .iter()
        .position(|s| s.has_trigger() && !s.background)
    else {
        return Vec::new();
    };
    // Each incident's towns; incident 0 is the main one.
    let mut towns: Vec<Vec<(&newsfuse_core::PlaceRef, &str)>> = vec![towns_of(&sentences[first])];
    let mut units: Vec<Vec<usize>> = vec![Vec::new()];
    let mut current = 0usize;
    let near = |a: &newsfuse_core::PlaceRef, b: &newsfuse_core::PlaceRef| {
        a.country_code == b.country_code && km(a, b) <= SPLIT_KM
    };
    for s in sentences.iter().skip(first + 1) {
        if s.background {
            continue;
        }
        let own = towns_of(s);
        // Far from every town read so far (and some town was read).
        let far = !own.is_empty()
            && towns.iter().any(|t| !t.is_empty())
            && own
                .iter()
                .all(|(t, _)| towns.iter().flatten().all(|(seen, _)| !near(t, seen)));
        let new_paragraph = s.idx > 0
            && input
                .text
                .get(sentences[s.idx - 1].span.end()..s.span.start())
                .is_some_and(|gap| gap.contains('\n'));
        let specific = s.triggers.iter().any(|(t, _)| t.is_specific());
        let begins = s.has_trigger()
            && !COMPARES.is_match(s, s.text)
            && ((STRONG_SPLIT.is_match(s, s.text) && (far || has_toll(input, s)))
                || (WEAK_SPLIT.is_match(s, s.text) && far)
                || (new_paragraph && specific && far && has_toll(input, s)));
        if begins {
            towns.push(own);
            units.push(vec![s.idx]);
            current = units.len() - 1;
            continue;
        }
        // A sentence naming an incident's town is about that incident (by the word
        // too, for a town the tagger read as something else there).
        if let Some(k) = (0..towns.len()).find(|&k| {
            towns[k].iter().any(|(seen, word)| {
                own.iter().any(|(t, _)| near(t, seen)) || names_word(s.text, word)
            })
        }) {
            current = k;
        }
        if towns[current].is_empty() && s.has_trigger() {
            towns[current] = own;
        }
        if current > 0 {
            units[current].push(s.idx);
        }
    }
    units.split_off(1)
}

/// Runs the event stage.
pub fn extract(input: &Input<'_>) -> Output {
    extract_with(input, None)
}

/// [`extract`], with the occurrences of the sentence gate's literals in the text when
/// they were found already (by the extraction's joint scan, [`crate::literal_gate::Joint`]).
pub(crate) fn extract_with(input: &Input<'_>, hits: Option<&[crate::literal_gate::Hit]>) -> Output {
    let text = input.text;
    let gaz = Gazetteer::builtin();
    let mut out = Output::default();

    // Sentences with triggers and attribution.
    let lowers: Vec<String> = input
        .sentences
        .iter()
        .map(|span| span.slice(text).unwrap_or("").to_lowercase())
        .collect();
    let ranges: Vec<(usize, usize)> = input
        .sentences
        .iter()
        .map(|span| (span.start(), span.end()))
        .collect();
    let masks = GATE.masks_with(text, &ranges, hits);
    let mut sentences: Vec<Sentence<'_>> = Vec::new();
    for (((idx, span), lower), &may) in input.sentences.iter().enumerate().zip(&lowers).zip(&masks)
    {
        let s_text = span.slice(text).unwrap_or("");
        let mut triggers = Vec::new();
        // Most sentences have no trigger: a trigger pattern runs only where the gate
        // finds its literals in the sentence. None matches the empty string, so a
        // search goes on from the end of the match before.
        for (_, (ty, pattern)) in TRIGGERS
            .iter()
            .enumerate()
            .filter(|(k, _)| may & trigger_bit(*k) != 0)
        {
            let mut at = 0;
            while let Some(m) = pattern.find_at(s_text, at) {
                if m.end() == m.start() {
                    break;
                }
                at = m.end();
                let sp =
                    Span::new(span.start() + m.start(), span.start() + m.end()).unwrap_or(*span);
                // "Police ruled out an attack", "no sign of foul play or an attack": an
                // attack said not to be one reports none.
                if RULED_OUT_BEFORE.is_match(&s_text[..m.start()]) {
                    continue;
                }
                // "targeted" and "attack" words about the future or abstractly still
                // count; a later stage could weigh them.
                triggers.push((*ty, sp));
            }
        }
        triggers.sort_by_key(|(_, sp)| sp.start());
        // Remove generic triggers overlapped by specific ones.
        let specific: Vec<Span> = triggers
            .iter()
            .filter(|(t, _)| t.is_specific())
            .map(|(_, s)| *s)
            .collect();
        triggers.retain(|(t, s)| t.is_specific() || !specific.iter().any(|o| o.overlaps(*s)));
        // "..., a day after three protesters were shot dead": an attack told before
        // the phrase makes what follows it an earlier event's.
        // (Most sentences have no attack word: the phrase is looked for in the others.)
        let recalled_from = (!triggers.is_empty())
            .then(|| RECALLS_EARLIER.find(s_text))
            .flatten()
            .map(|m| span.start() + m.start())
            .filter(|&p| triggers.iter().any(|(_, t)| t.end() <= p));
        if let Some(p) = recalled_from {
            triggers.retain(|(_, t)| t.start() < p);
        }
        let in_sentence: Vec<(Span, &Mention)> = input
            .mentions
            .iter()
            .filter(|m| span.contains(m.span))
            .map(|m| (m.span, m))
            .collect();
        sentences.push(Sentence {
            idx,
            span: *span,
            text: s_text,
            lower,
            may,
            triggers,
            background: false,
            attribution: attribution_of(s_text, lower, may, &in_sentence, span.start(), text),
            recalled_from,
        });
    }

    // No day or month said: "the 2019 bombing of a bus station" is of its year.
    let date =
        event_date(input, &sentences, |_| true).or_else(|| year_of_attack(input, &sentences));
    let times_in = |sp: Span| input.times.iter().filter(move |(t, _)| sp.contains(*t));
    let main_year = date
        .and_then(|(v, _, _)| v.year)
        .or(input.published.map(|d| d.year()));

    // Background sentences: they speak of a span of time, or of another year.
    for s in &mut sentences {
        let mut background = false;
        for (_, r) in times_in(s.span) {
            match r {
                // "since 2021", "until March": a stretch the sentence sums up;
                // "until 3 a.m. Thursday" bounds no more than a night.
                TimeRef::Since { value } | TimeRef::Until { value } => {
                    if value.grain >= Grain::Day {
                        background = true;
                    }
                }
                TimeRef::Point { value } => {
                    if let (Some(y), Some(main)) = (value.year, main_year) {
                        // Another year at a coarser grain than a day ("in 2019");
                        // a night that crosses into the new year is no other year.
                        if y != main && value.grain > Grain::Day {
                            background = true;
                        }
                        if y < main - 1 {
                            background = true;
                        }
                    }
                }
                TimeRef::Duration { .. }
                | TimeRef::Set { .. }
                | TimeRef::Relative { .. }
                | TimeRef::Unresolved => {}
            }
        }
        if EARLIER_EVENT.is_match(s, s.lower) {
            background = true;
        }
        s.background = background;
    }
    earlier_events_are_background(input, &mut sentences, date);

    let event_sentences: Vec<&Sentence<'_>> = sentences
        .iter()
        .filter(|s| s.has_trigger() && !s.background)
        .collect();
    for s in &sentences {
        for (ty, sp) in &s.triggers {
            out.events.push(EventMention {
                span: *sp,
                sentence: s.idx as u32,
                event_type: *ty,
            });
        }
    }
    if event_sentences.is_empty() {
        out.actor_facts = actor_facts(input, &sentences);
        return out;
    }

    let units = split_incidents(input, &sentences);
    if units.is_empty() {
        out.facts = incident_facts(input, &sentences, date, true);
        learned_roles(input, &sentences, &mut out.facts);
    } else {
        // The main incident reads every sentence no further incident reads.
        let claimed = |idx: usize| units.iter().any(|u| u.contains(&idx));
        let main = restricted(&sentences, |idx| !claimed(idx));
        let main_date = event_date(input, &sentences, |s| !claimed(s.idx));
        out.facts = incident_facts(input, &main, main_date, true);
        learned_roles(input, &main, &mut out.facts);
        for unit in &units {
            let own = restricted(&sentences, |idx| unit.contains(&idx));
            let own_date = event_date(input, &sentences, |s| {
                unit.contains(&s.idx) && !s.background
            })
            .or_else(|| same_day_as(&sentences, unit, main_date));
            out.other_incidents.push(LocalIncident {
                sentences: unit.iter().map(|&i| i as u32).collect(),
                // The dateline's town is the main incident's, not a further one's.
                facts: incident_facts(input, &own, own_date, false),
            });
        }
    }
    // An article whose only attack words are generic ("attack", "targeted") and that
    // tells of no harm, weapon, target, attacker, victim or claim reports no incident:
    // "the minister launched a blistering attack on the opposition".
    if out.other_incidents.is_empty()
        && out.events.iter().all(|e| !e.event_type.is_specific())
        && !out
            .facts
            .iter()
            .any(|f| ATTACK_EVIDENCE.contains(&f.attribute))
    {
        out.events.clear();
        out.facts.clear();
    }
    out.actor_facts = actor_facts(input, &sentences);
    out.relative_times = incident_times(input, &out);
    let _ = gaz;
    out
}

/// The facts that show a generic attack word ("attack") reports a real attack.
const ATTACK_EVIDENCE: [Attribute; 13] = [
    Attribute::Killed,
    Attribute::Wounded,
    Attribute::Hostages,
    Attribute::Weapons,
    Attribute::Targets,
    Attribute::Victims,
    Attribute::PerpetratorOrg,
    Attribute::PerpetratorInd,
    Attribute::Claim,
    Attribute::Denial,
    Attribute::Attackers,
    Attribute::AttackersKilled,
    Attribute::Accusation,
];

/// The facts of one incident, read from the sentences of `sentences` that are not
/// background (sentences of the article's other incidents are marked background);
/// `date` is the incident's date and where it was read.
fn incident_facts(
    input: &Input<'_>,
    sentences: &[Sentence<'_>],
    date: Option<(TimeValue, Span, usize)>,
    main: bool,
) -> Vec<Fact> {
    let text = input.text;
    let mut facts: Vec<Fact> = Vec::new();
    let event_sentences: Vec<&Sentence<'_>> = sentences
        .iter()
        .filter(|s| s.has_trigger() && !s.background)
        .collect();
    let prov = |s: &Sentence<'_>, span: Span, attribution: Attribution| Provenance {
        doc: input.doc.clone(),
        sentence: s.idx as u32,
        span,
        sentence_span: s.span,
        attribution,
        corrects: false,
    };
    let mut push = |attribute: Attribute, value: Value, provenance: Provenance| {
        facts.push(Fact {
            attribute,
            value,
            provenance,
        });
    };

    // Event type: where the first event sentence tells of several specific types
    // ("armed men abducted four aid workers"), the highest in the GTD hierarchy, as
    // the codebook codes such an attack; else the most frequent specific type over
    // event sentences.
    let mut counts: HashMap<EventType, (usize, Span, usize)> = HashMap::new();
    for s in &event_sentences {
        for (ty, sp) in &s.triggers {
            let entry = counts.entry(*ty).or_insert((0, *sp, s.idx));
            entry.0 += 1;
        }
    }
    let lead_type = event_sentences.first().and_then(|s| {
        let mut types: Vec<(EventType, Span)> = s
            .triggers
            .iter()
            .filter(|(t, _)| t.is_specific())
            .copied()
            .collect();
        types.sort_by_key(|(t, sp)| (t.gtd_rank(), sp.start()));
        let several = types
            .iter()
            .any(|(t, _)| Some(*t) != types.first().map(|f| f.0));
        several
            .then(|| types.first().map(|&(t, sp)| (t, sp, s.idx)))
            .flatten()
    });
    let best_type = counts
        .iter()
        .filter(|(t, _)| t.is_specific())
        .max_by(|a, b| {
            a.1 .0
                .cmp(&b.1 .0)
                .then(b.1 .1.start().cmp(&a.1 .1.start()))
        })
        .or_else(|| counts.iter().find(|(t, _)| !t.is_specific()))
        .map(|(t, &(_, sp, idx))| (*t, sp, idx));
    let best_type = lead_type.or(best_type);
    if let Some((ty, sp, s_idx)) = best_type {
        let s = &sentences[s_idx];
        push(
            Attribute::EventType,
            Value::EventType { event_type: ty },
            prov(s, sp, s.attribution.clone()),
        );
    }

    if let Some((value, sp, s_idx)) = date {
        let s = &sentences[s_idx];
        push(
            Attribute::Date,
            Value::Time { time: value },
            prov(s, sp, s.attribution.clone()),
        );
    }

    let mentions_in = |s: &Sentence<'_>| -> Vec<&Mention> {
        input
            .mentions
            .iter()
            .filter(|m| s.span.contains(m.span))
            .collect()
    };

    // Place: see [`crate::incident_place::incident_place`] (an attack sentence's town,
    // the dateline's, the town whose police speak, an incident sentence's town, then a
    // region, then a country).
    let attack: Vec<Span> = event_sentences.iter().map(|s| s.span).collect();
    let told: Vec<Span> = sentences
        .iter()
        .filter(|s| {
            !s.background && !s.has_trigger() && crate::incident_place::tells_of_incident(s.text)
        })
        .map(|s| s.span)
        .collect();
    if let Some((p, sp)) =
        crate::incident_place::incident_place(text, input.mentions, &attack, &told, main)
    {
        let s = sentences
            .iter()
            .find(|s| {
                s.span.contains(sp) || s.span.start() <= sp.start() && sp.start() < s.span.end()
            })
            .or_else(|| event_sentences.first().copied());
        if let Some(s) = s {
            push(
                Attribute::Place,
                Value::Place { place: p },
                prov(s, sp, s.attribution.clone()),
            );
        }
    }

    // Facility.
    if let Some((m, s)) = event_sentences.iter().find_map(|s| {
        mentions_in(s)
            .into_iter()
            .find(|m| m.kind == EntityKind::Facility)
            .map(|m| (m, *s))
    }) {
        push(
            Attribute::Facility,
            Value::Text {
                text: m.key.clone(),
            },
            prov(s, m.span, s.attribution.clone()),
        );
    }

    // Perpetrator organisation: the armed group most often named in event sentences.
    let mut group_counts: Vec<(String, usize, Span, usize)> = Vec::new();
    for s in &event_sentences {
        for m in mentions_in(s)
            .into_iter()
            .filter(|m| m.kind == EntityKind::ArmedGroup)
        {
            // A group only accused, or denying, is not named as the perpetrator here;
            // a group that claims the attack counts thrice.
            let claims = CLAIM.is_match(s, s.text);
            if is_dispute_sentence(s.text, s.may) && !claims {
                continue;
            }
            // "No group claimed the bombing, but Boko Haram has carried out similar
            // attacks": a group named for what it did before is no perpetrator here.
            if !claims && HABITUAL.is_match(s.text) {
                continue;
            }
            let weight = if claims { 3 } else { 1 };
            // A group attacked, or the one the attackers are linked to or are an
            // affiliate of ("militants linked to al-Qaeda", "JNIM, al-Qaeda's
            // affiliate"), is not the one that attacked.
            if names_another_group(text, s.span.start(), m) {
                continue;
            }
            match group_counts.iter_mut().find(|g| g.0 == m.key) {
                Some(g) => g.1 += weight,
                None => group_counts.push((m.key.clone(), weight, m.span, s.idx)),
            }
        }
    }
    let main_group = group_counts
        .iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.2.start().cmp(&a.2.start())))
        .cloned();
    if let Some((name, _, sp, s_idx)) = &main_group {
        let s = &sentences[*s_idx];
        push(
            Attribute::PerpetratorOrg,
            Value::Actor {
                name: name.clone(),
                kind: EntityKind::ArmedGroup,
            },
            prov(s, *sp, s.attribution.clone()),
        );
    }
    // The doc's most named armed group, for "the group" anaphora.
    let salient_group = {
        let mut c: Vec<(String, usize)> = Vec::new();
        for m in input
            .mentions
            .iter()
            .filter(|m| m.kind == EntityKind::ArmedGroup)
        {
            match c.iter_mut().find(|x| x.0 == m.key) {
                Some(x) => x.1 += 1,
                None => c.push((m.key.clone(), 1)),
            }
        }
        c.into_iter().max_by(|a, b| a.1.cmp(&b.1)).map(|x| x.0)
    };

    // Counts. The figures a toll moves to ("later revised the toll to 10"), to be read
    // as the report's own latest word below.
    let mut toll_moves: Vec<Span> = Vec::new();
    for s in sentences.iter().filter(|s| !s.background) {
        // The killed and wounded cues of the sentence, found once for all its counts.
        type Spans = Vec<(usize, usize)>;
        let mut cues: Option<(Spans, Spans)> = None;
        // The sentence's killed and wounded figures, in order.
        let mut harmed: Vec<(Attribute, Quantity, Span)> = Vec::new();
        // Whether the sentence revises an earlier figure ("23 soldiers had died,
        // revising an earlier figure of 17"): its figure is then the toll moved to.
        let mut revises = false;
        // Where the revised figure ends: the clause right after it that says why ("…
        // of 15 after one body was found to have been counted twice") counts nobody.
        let mut revised_end: Option<usize> = None;
        for (q_span, q) in input
            .quantities
            .iter()
            .filter(|(sp, _)| s.span.contains(*sp))
        {
            let noun = q.noun.as_deref().unwrap_or("");
            if not_a_head_count(input, s, *q_span, noun.is_empty()) {
                continue;
            }
            // A figure of the earlier event the sentence recalls is not this one's.
            if s.recalled_from.is_some_and(|p| q_span.start() >= p) {
                continue;
            }
            let local_start = q_span.start() - s.span.start();
            let local_end = q_span.end() - s.span.start();
            // The figure revised is the report's past word, not a count of its own.
            if REVISED_FIGURE_BEFORE.is_match(&s.text[..local_start]) {
                revises = true;
                revised_end = Some(local_end);
                continue;
            }
            if let Some(gap) = revised_end.and_then(|e| s.text.get(e..local_start)) {
                let gap = gap.trim_start().to_ascii_lowercase();
                if ["after ", "because ", "as ", "when ", "since "]
                    .iter()
                    .any(|w| gap.starts_with(w))
                    && !gap.contains([';', ','])
                {
                    continue;
                }
            }
            // "at least four of its fighters": the noun comes after "of".
            let of_attackers = noun.is_empty()
                && OF_ATTACKERS
                    .captures(s, &s.text[local_end..])
                    .and_then(|c| c.get(1))
                    .is_some_and(|w| ATTACKER_NOUNS.contains(&w.as_str().to_lowercase().as_str()));
            let attackers = ATTACKER_NOUNS.contains(&noun)
                || of_attackers
                || WHOLE_WORD_ARMED.is_match(s, &s.text[local_start..local_end]);
            // Attackers or fighters of an armed group said to be killed right after
            // or before the figure ("three gunmen were killed", "killing six
            // guerrillas") are the attackers' dead, not the attack's victims.
            if attackers || ARMED_GROUP_NOUNS.contains(&noun) {
                // A passive or "died" after the figure ("three gunmen killed ten
                // people" is the attackers at work), "killing"/"killed" before it.
                let killed_now = ATTACKERS_DIED.is_match(&s.text[local_end..])
                    || (!noun.is_empty() || of_attackers)
                        && CUE_BEFORE
                            .captures(s, &s.text[..local_start])
                            .is_some_and(|c| {
                                c.name("k").is_some()
                                    && !c[0].to_ascii_lowercase().starts_with("le")
                            });
                if killed_now {
                    push(
                        Attribute::AttackersKilled,
                        Value::Count {
                            quantity: q.clone(),
                        },
                        prov(s, *q_span, s.attribution.clone()),
                    );
                    continue;
                }
                // Other fighters are neither the attack's victims nor, unless named
                // as attackers, its attackers.
                if !attackers {
                    continue;
                }
            }
            if attackers {
                if s.has_trigger() || s.lower.contains("attack") {
                    push(
                        Attribute::Attackers,
                        Value::Count {
                            quantity: q.clone(),
                        },
                        prov(s, *q_span, s.attribution.clone()),
                    );
                }
                continue;
            }
            // Things, not people: "a dozen houses burned", "three vehicles".
            if NON_PERSON_NOUNS.contains(&noun) || !noun.is_empty() && is_structure(s, noun) {
                continue;
            }
            // The nearest killed/wounded cue decides; "lives" and "dead" as the noun
            // are killed.
            let killed_noun = matches!(noun, "lives" | "dead" | "bodies" | "fatalities" | "deaths");
            let wounded_noun = matches!(noun, "wounded" | "injured" | "injuries" | "casualties");
            let dist = |&(start, end): &(usize, usize)| {
                if end <= local_start {
                    local_start - end
                } else {
                    start.saturating_sub(local_end)
                }
            };
            let (killed, wounded) = cues.get_or_insert_with(|| {
                let spans = |re: &Gated| -> Vec<(usize, usize)> {
                    re.find_iter(s, s.text)
                        .map(|m| (m.start(), m.end()))
                        .collect()
                };
                (spans(&KILLED_CUE), spans(&WOUNDED_CUE))
            });
            // "killed a boy and two women and wounded their driver": a cue that opens a
            // further verb phrase right after the figure ("and wounded") has its own
            // object after it, so it does not count for this figure.
            let opens_next = |&&(start, _): &&(usize, usize)| {
                start >= local_end
                    && s.text.get(local_end..start).is_some_and(|gap| {
                        gap.trim_matches(|c: char| c == ',' || c.is_whitespace())
                            .eq_ignore_ascii_case("and")
                    })
            };
            let k = killed.iter().filter(|c| !opens_next(c)).map(dist).min();
            let w = wounded.iter().filter(|c| !opens_next(c)).map(dist).min();
            // "the death toll ... has risen to 19": the number the toll moves to.
            let toll_number = TOLL_MOVES_TO.is_match(s, &s.text[..local_start])
                && (s.lower.contains("toll") || NUMBER_OF_DEAD.is_match(s, s.text))
                && noun.is_empty();
            if toll_number {
                toll_moves.push(*q_span);
            }
            // A cue right after ("31 were wounded") or right before ("killing seven
            // people") the number decides before the nearest one does.
            let direct = CUE_AFTER
                .captures(s, &s.text[local_end..])
                .or_else(|| CUE_BEFORE.captures(s, &s.text[..local_start]))
                .and_then(|c| {
                    if c.name("k").is_some() {
                        Some(Attribute::Killed)
                    } else if c.name("w").is_some() {
                        Some(Attribute::Wounded)
                    } else {
                        None
                    }
                })
                // "leaving 5 people" says nothing by itself.
                .filter(|a| {
                    *a != Attribute::Killed
                        || !s.text[..local_start]
                            .to_lowercase()
                            .trim_end()
                            .ends_with("leaving")
                            && !s.text[..local_start]
                                .to_lowercase()
                                .trim_end()
                                .ends_with("left")
                        || CUE_AFTER.is_match(s, &s.text[local_end..])
                });
            let attribute = if killed_noun || toll_number {
                Some(Attribute::Killed)
            } else if wounded_noun {
                Some(Attribute::Wounded)
            } else if let Some(a) =
                taken_hostage(&s.text[..local_start], &s.text[local_end..], noun)
            {
                Some(a)
            } else if let Some(a) = direct {
                Some(a)
            } else if own_predicate(s, &s.text[local_end..])
                // A vague figure near a cue is as often a crowd ("hundreds of police",
                // "several deputies responded") as the harmed: it takes a cue right
                // before or after it only.
                || q.qualifier == Qualifier::Vague
            {
                None
            } else {
                match (k, w) {
                    (Some(k), Some(w)) if k <= 60 || w <= 60 => Some(if k <= w {
                        Attribute::Killed
                    } else {
                        Attribute::Wounded
                    }),
                    (Some(k), None) if k <= 60 => Some(Attribute::Killed),
                    (None, Some(w)) if w <= 60 => Some(Attribute::Wounded),
                    // "the murder of six priests and two employees": a figure joined
                    // by "and" to the one before shares its harm.
                    _ => harmed
                        .last()
                        .filter(|(_, last, last_span)| {
                            joined_by_and(input.text, (last, *last_span), (q, *q_span))
                        })
                        .map(|(a, _, _)| *a),
                }
            };
            if let Some(attribute) = attribute {
                // Person-like nouns only (or none, as in "the toll rose to 40").
                // "the driver and two passengers", "the mayor and three others", "along
                // with two of his bodyguards": one more person named beside the figure.
                let (mut q, mut span) = (q.clone(), *q_span);
                if let Some(one) = one_more_person(s, input.text, span) {
                    q.interval = q.interval.sum(Interval::exact(1));
                    span = one;
                }
                harmed.push((attribute, q, span));
            }
        }
        for (attribute, quantity, span) in coordinated_counts(input.text, harmed) {
            let corrects = revises && attribute == Attribute::Killed;
            if corrects {
                toll_moves.push(span);
            }
            let mut provenance = prov(s, span, s.attribution.clone());
            // "14 dead, revising an earlier figure of 15": fusion takes the correction.
            provenance.corrects = corrects;
            push(attribute, Value::Count { quantity }, provenance);
        }
    }

    // Attackers' nationality: a nationality next to "nationals"/"citizens" or before an
    // attacker noun, in a sentence about the attackers.
    for s in sentences.iter().filter(|s| !s.background) {
        let lower = s.lower;
        let about_attackers = ANY_ATTACKER_NOUN.is_match(s, lower) || lower.contains("suspects");
        if !about_attackers {
            continue;
        }
        for m in mentions_in(s)
            .into_iter()
            .filter(|m| m.kind == EntityKind::Nationality)
        {
            let next = word_after(text, m.span.end()).unwrap_or_default();
            if matches!(
                next.as_str(),
                "nationals" | "national" | "citizens" | "citizen" | "men" | "migrants" | "suspects"
            ) || ATTACKER_NOUNS.contains(&next.as_str())
            {
                let end = m.span.end()
                    + text[m.span.end()..]
                        .find(next.as_str())
                        .map(|p| p + next.len())
                        .unwrap_or(0);
                let sp = Span::new(m.span.start(), end).unwrap_or(m.span);
                push(
                    Attribute::AttackersNationality,
                    Value::Text {
                        text: m.key.clone(),
                    },
                    prov(s, sp, s.attribution.clone()),
                );
            }
        }
    }

    // Victims, targets, weapons in event sentences.
    let mut seen_targets: Vec<String> = Vec::new();
    let mut seen_weapons: Vec<String> = Vec::new();
    let mut seen_victims: Vec<String> = Vec::new();
    let mut seen_perpetrators: Vec<String> = Vec::new();
    for s in &event_sentences {
        let s_start = s.span.start();
        // "The blast came a week after a grenade attack on a bar": what follows the
        // phrase is the earlier event's (sentence-local offsets from here).
        let cut = s.recalled_from.map_or(usize::MAX, |p| p - s_start);
        // Who accuses or denies whom says nothing about victims or targets.
        if is_dispute_sentence(s.text, s.may) && !s.lower.contains("killed") {
            continue;
        }
        let mut victims: Vec<(String, Span)> = Vec::new();
        for m in mentions_in(s)
            .into_iter()
            .filter(|m| m.kind == EntityKind::Group)
        {
            let before = &text[s_start..m.span.start()];
            let (label, start) = match QUALIFIED_GROUP.find(s, before) {
                Some(q) => (
                    format!("{} {}", q.as_str().trim().to_lowercase(), m.key),
                    s_start + q.start(),
                ),
                None => (m.key.clone(), m.span.start()),
            };
            victims.push((label, Span::new(start, m.span.end()).unwrap_or(m.span)));
        }
        for c in ATTENDING.captures_iter(s, s.text) {
            if let (Some(all), Some(what)) = (c.get(0), c.get(1)) {
                victims.push((
                    format!("{} attendees", what.as_str().to_lowercase()),
                    s.local(all.start(), all.end()),
                ));
            }
        }
        for m in VICTIM_NOUNS.find_iter(s, s.text) {
            let word = m
                .as_str()
                .to_lowercase()
                .replace("concertgoers", "concert-goers");
            if word == "attendees" && victims.iter().any(|(v, _)| v.ends_with("attendees")) {
                continue;
            }
            // The ones acting, not harmed: "soldiers detained two men", "policemen
            // opened fire on the car".
            if AGENT_VERB_AFTER.is_match(&s.text[m.end()..]) {
                continue;
            }
            victims.push((word, s.local(m.start(), m.end())));
        }
        for (label, sp) in victims {
            if sp.start() - s_start >= cut {
                continue;
            }
            if !seen_victims.contains(&label) {
                seen_victims.push(label.clone());
                push(
                    Attribute::Victims,
                    Value::Text { text: label },
                    prov(s, sp, s.attribution.clone()),
                );
            }
        }
        for m in TARGETS.find_iter(s, s.text) {
            if m.start() >= cut {
                break;
            }
            let raw = m.as_str().to_lowercase();
            let key = match raw.as_str() {
                "concert hall" | "concert venue" => "concert".to_string(),
                "marketplace" => "market".to_string(),
                "army base" => "military base".to_string(),
                "crowd" | "gathering" => continue,
                other => other.to_string(),
            };
            // "hospital officials said", "a police statement": a source, not a target.
            if SOURCE_AFTER.is_match(s, &s.text[m.end()..]) {
                continue;
            }
            // "died in hospital", "were taken to a nearby clinic": where the harmed
            // went, not what was hit; "a depot owned by the bank": its owner.
            if TAKEN_TO_BEFORE.is_match(&s.text[..m.start()])
                || OWNED_BY_BEFORE.is_match(&s.text[..m.start()])
            {
                continue;
            }
            // "an explosives-laden car", "a car bomb": the vehicle is the weapon.
            if is_bomb_vehicle(s.text, m.start(), m.end()) {
                continue;
            }
            // "two members of parliament": people of a body, no building hit.
            if MEMBERS_OF_BEFORE.is_match(&s.text[..m.start()]) {
                continue;
            }
            // A target word inside a facility's name ("City Hall") is not a target.
            let sp = s.local(m.start(), m.end());
            if input
                .mentions
                .iter()
                .any(|x| x.kind == EntityKind::Facility && x.span.overlaps(sp))
            {
                continue;
            }
            if !seen_targets.contains(&key) {
                seen_targets.push(key.clone());
                push(
                    Attribute::Targets,
                    Value::Text { text: key },
                    prov(s, sp, s.attribution.clone()),
                );
            }
        }
        // Attackers described, not named: "unidentified gunmen", "urban guerrillas".
        for m in PERPETRATORS.find_iter(s, s.text) {
            if m.start() >= cut {
                break;
            }
            let phrase = m.as_str().to_lowercase();
            let words: Vec<&str> = phrase.split_whitespace().collect();
            let head = words.last().copied().unwrap_or("");
            // Generic heads need a describing word ("armed men", not "men").
            if matches!(head, "individuals" | "persons" | "men" | "people") && words.len() < 2 {
                continue;
            }
            // Objects of violence or arrest are not the attackers.
            let before = s.text[..m.start()].to_lowercase();
            let before = before.trim_end();
            if [
                "killed", "against", "arrested", "captured", "detained", "wounded", "injured",
                "killing", "of",
            ]
            .iter()
            .any(|w| before.ends_with(w))
            {
                continue;
            }
            // One description per article: "gunmen", "the attackers" and "the militants"
            // of one report are the same people.
            if seen_perpetrators.is_empty() {
                seen_perpetrators.push(phrase.clone());
                push(
                    Attribute::PerpetratorInd,
                    Value::Text { text: phrase },
                    prov(s, s.local(m.start(), m.end()), s.attribution.clone()),
                );
            }
        }
        for m in WEAPONS.find_iter(s, s.text) {
            if m.start() >= cut {
                break;
            }
            let key = m.as_str().to_lowercase();
            if !seen_weapons.contains(&key) {
                seen_weapons.push(key.clone());
                push(
                    Attribute::Weapons,
                    Value::Text { text: key },
                    prov(s, s.local(m.start(), m.end()), s.attribution.clone()),
                );
            }
        }
    }

    // Claims, denials, accusations, warnings, arrests: in any non-background sentence.

    let actors_in = |s: &Sentence<'_>, from: usize, to: usize| -> Vec<&Mention> {
        mentions_in(s)
            .into_iter()
            .filter(|m| m.span.start() >= from && m.span.end() <= to)
            .filter(|m| {
                matches!(
                    m.kind,
                    EntityKind::ArmedGroup | EntityKind::Organisation | EntityKind::Person
                )
            })
            .collect()
    };
    let mut claimed_by: Vec<String> = Vec::new();
    for s in sentences.iter().filter(|s| !s.background) {
        let s_start = s.span.start();
        // Each claim of the sentence ("The Pakistani Taliban claimed responsibility …,
        // but hours later the Islamic State's Khorasan branch said its own fighter had
        // planted the device"): its claimant is named between the claim before it and
        // its own words.
        let claims: Vec<regex::Match<'_>> = CLAIM.find_iter(s, s.text).collect();
        // Where the sentence's speaker is named, if it is: a speaker named inside a
        // claim's own stretch is that claimant speaking, not a source of the claim.
        let speaker_at = s
            .attribution
            .who_says
            .as_deref()
            .and_then(|w| s.text.find(w));
        for (i, c) in claims.iter().enumerate() {
            let from_local = if i == 0 { 0 } else { claims[i - 1].end() };
            if NO_CLAIM_BEFORE.is_match(&s.text[from_local..c.start()]) {
                continue;
            }
            let cue_at = s_start + c.start();
            let next_at = claims
                .get(i + 1)
                .map_or(s.span.end(), |n| s_start + n.start());
            // A possessive describes the claimant, it is not it: "JNIM, al-Qaeda's
            // affiliate in the Sahel, claimed responsibility" is JNIM's claim.
            // So is a group the claimant is a branch of: "JNIM, the Sahel branch of
            // al-Qaeda, said ...".
            let before: Vec<_> = actors_in(s, s_start + from_local, cue_at)
                .into_iter()
                .filter(|m| !names_another_group(text, s_start, m))
                .collect();
            let by = before
                .iter()
                .rev()
                .find(|m| m.kind == EntityKind::ArmedGroup)
                .or(before.last())
                .map(|m| m.key.clone())
                .or_else(|| actors_in(s, cue_at, next_at).first().map(|m| m.key.clone()))
                .or_else(|| salient_group.clone().filter(|_| s.lower.contains("group")));
            let Some(by) = by else {
                continue;
            };
            if claimed_by.contains(&by) {
                continue;
            }
            claimed_by.push(by.clone());
            let from = before
                .iter()
                .rev()
                .find(|m| m.key == by)
                .map(|m| m.span.start())
                .unwrap_or(cue_at);
            let sp = Span::new(from, s_start + c.end()).unwrap_or(s.span);
            // The speaker is this claim's source unless it is named in another claim's
            // stretch or is this claimant itself.
            let own_stretch = |at: usize| at >= from_local && at < c.start();
            let others = |at: usize| {
                claims.iter().enumerate().any(|(k, o)| {
                    k != i && at >= if k == 0 { 0 } else { claims[k - 1].end() } && at < o.start()
                })
            };
            let who_says = match speaker_at {
                Some(at) if own_stretch(at) || others(at) => None,
                _ => s.attribution.who_says.clone(),
            };
            let attribution = Attribution {
                who_says,
                hedge: s.attribution.hedge.clone(),
                modality: Modality::Claimed,
            };
            push(
                Attribute::Claim,
                Value::Stance {
                    stance: Stance {
                        by: Some(by),
                        about: None,
                    },
                },
                prov(s, sp, attribution),
            );
        }
        if let Some(d) = DENIAL.find(s, s.text) {
            // About this attack: the sentence tells of it, or an armed group denies
            // ("The Pakistani Taliban later denied involvement").
            let group_denies = mentions_in(s)
                .into_iter()
                .any(|m| m.kind == EntityKind::ArmedGroup && m.span.end() <= s_start + d.start());
            if DENIAL_OBJECT.is_match(s, &s.text[d.end()..])
                && (s.has_trigger() || s.lower.contains("incident") || group_denies)
            {
                let cue_at = s_start + d.start();
                // The denier: a nationality + noun ("Ukrainian officials"), or a named actor.
                let subject = mentions_in(s)
                    .into_iter()
                    .filter(|m| m.span.end() <= cue_at)
                    .rfind(|m| {
                        matches!(
                            m.kind,
                            EntityKind::Nationality
                                | EntityKind::Person
                                | EntityKind::Organisation
                                | EntityKind::ArmedGroup
                                | EntityKind::Place
                        )
                    });
                let (by, about, from) = match subject {
                    Some(m) if m.kind == EntityKind::Nationality => {
                        let noun = word_after(text, m.span.end()).unwrap_or_default();
                        let country = m.place.as_ref().map(|p| p.name.clone());
                        (
                            Some(format!("{} {}", m.key, noun).trim().to_string()),
                            country,
                            m.span.start(),
                        )
                    }
                    Some(m) if m.kind == EntityKind::Place => {
                        let country = m.place.as_ref().map(|p| p.country.clone());
                        (country.clone(), country, m.span.start())
                    }
                    Some(m) => (Some(m.key.clone()), None, m.span.start()),
                    None => (s.attribution.who_says.clone(), None, s_start),
                };
                let sp = Span::new(from, s.span.end()).unwrap_or(s.span);
                let attribution = Attribution {
                    who_says: by.clone(),
                    hedge: s.attribution.hedge.clone(),
                    modality: Modality::Denied,
                };
                push(
                    Attribute::Denial,
                    Value::Stance {
                        stance: Stance { by, about },
                    },
                    prov(s, sp, attribution),
                );
            }
        }
        if let Some(a) = ACCUSE.find(s, s.text) {
            if INVOLVEMENT.is_match(s, &s.text[a.end()..])
                || a.as_str().to_lowercase().starts_with("accus")
                || a.as_str().to_lowercase().starts_with("blam")
            {
                let cue_at = s_start + a.start();
                let by = actors_in(s, s_start, cue_at)
                    .first()
                    .map(|m| m.key.clone())
                    .or_else(|| s.attribution.who_says.clone());
                let about = mentions_in(s)
                    .into_iter()
                    .filter(|m| m.span.start() >= s_start + a.end())
                    .find(|m| {
                        matches!(
                            m.kind,
                            EntityKind::Place
                                | EntityKind::Nationality
                                | EntityKind::ArmedGroup
                                | EntityKind::Organisation
                                | EntityKind::Person
                        )
                    })
                    .map(|m| match (&m.kind, &m.place) {
                        (EntityKind::Place, Some(p)) => p.country.clone(),
                        (EntityKind::Nationality, Some(p)) => p.name.clone(),
                        _ => m.key.clone(),
                    });
                if about.is_some() {
                    let lower_cue = a.as_str().to_lowercase();
                    let hinted = ["hint", "suggest", "impl"]
                        .iter()
                        .any(|h| lower_cue.starts_with(h));
                    let hedge = if hinted {
                        Some(
                            lower_cue
                                .split_whitespace()
                                .next()
                                .unwrap_or("")
                                .to_string(),
                        )
                    } else {
                        s.attribution.hedge.clone()
                    };
                    let from = actors_in(s, s_start, cue_at)
                        .first()
                        .map(|m| m.span.start())
                        .unwrap_or(cue_at);
                    let sp = Span::new(from, s.span.end()).unwrap_or(s.span);
                    let modality = if hedge.is_some() {
                        Modality::Hedged
                    } else {
                        Modality::Attributed
                    };
                    let attribution = Attribution {
                        who_says: by.clone(),
                        hedge,
                        modality,
                    };
                    push(
                        Attribute::Accusation,
                        Value::Stance {
                            stance: Stance { by, about },
                        },
                        prov(s, sp, attribution),
                    );
                }
            }
        }
        if let Some(w) = WARNING.find(s, s.text) {
            if BEFOREHAND.is_match(s, s.text) {
                let cue_at = s_start + w.start();
                let by = mentions_in(s)
                    .into_iter()
                    .rfind(|m| {
                        m.span.end() <= cue_at
                            && matches!(
                                m.kind,
                                EntityKind::Organisation
                                    | EntityKind::Person
                                    | EntityKind::ArmedGroup
                            )
                    })
                    .map(|m| m.key.clone())
                    .or_else(|| issuer_before(&s.text[..w.start()], s.may));
                let about = WARN_OBJECT
                    .captures(s, &s.text[w.end()..])
                    .and_then(|c| c.get(1))
                    .map(|m| m.as_str().trim().to_string());
                let from = by
                    .as_ref()
                    .and_then(|b| s.text.find(b.as_str()))
                    .map(|p| s_start + p)
                    .unwrap_or(cue_at);
                let sp = Span::new(from, s.span.end()).unwrap_or(s.span);
                let attribution = Attribution {
                    who_says: by.clone(),
                    hedge: s.attribution.hedge.clone(),
                    modality: Modality::Attributed,
                };
                push(
                    Attribute::Warning,
                    Value::Stance {
                        stance: Stance { by, about },
                    },
                    prov(s, sp, attribution),
                );
            }
        }
        if let Some(a) = ARREST.find(s, s.text) {
            let lower = s.lower;
            if lower.contains("suspect") || ANY_ATTACKER_NOUN.is_match(s, lower) || s.has_trigger()
            {
                // Who was arrested is a figure with a noun of people ("two men",
                // "three suspects"): a bare number is an age ("Dale Prescott, 34,") or
                // a count of something else.
                let q = input
                    .quantities
                    .iter()
                    .find(|(sp, q)| {
                        s.span.contains(*sp)
                            && q.noun.as_deref().is_some_and(|n| {
                                !NON_PERSON_NOUNS.contains(&n)
                                    && !matches!(n, "counts" | "count" | "charges" | "charge")
                            })
                    })
                    .map(|(sp, q)| (sp.slice(text).unwrap_or("").to_string(), q.interval));
                let what = match q {
                    Some((phrase, _)) => phrase,
                    None => "suspects".to_string(),
                };
                let sp = s.local(a.start(), a.end());
                push(
                    Attribute::Arrest,
                    Value::Text { text: what },
                    prov(s, sp, s.attribution.clone()),
                );
            }
        }
        // Official statements about the event.
        if s.has_trigger() {
            if let Some(who) = &s.attribution.who_says {
                let lower = who.to_lowercase();
                let official = [
                    "official",
                    "ministry",
                    "police",
                    "president",
                    "minister",
                    "government",
                    "spokes",
                    "authorit",
                    "kremlin",
                    "governor",
                    "mayor",
                    "army",
                    "military",
                ]
                .iter()
                .any(|w| lower.contains(w));
                if official {
                    push(
                        Attribute::Statement,
                        Value::Stance {
                            stance: Stance {
                                by: Some(who.clone()),
                                about: None,
                            },
                        },
                        prov(s, s.span, s.attribution.clone()),
                    );
                }
            }
        }
    }

    // No figure given: one person said to have died or been hurt is one ("a man was
    // shot and killed", "he died in hospital", "killing a police officer").
    let has = |a: Attribute, facts: &[Fact]| facts.iter().any(|f| f.attribute == a);
    if !has(Attribute::Killed, &facts) || !has(Attribute::Wounded, &facts) {
        let (want_killed, want_wounded) = (
            !has(Attribute::Killed, &facts),
            !has(Attribute::Wounded, &facts),
        );
        let found = implied_counts(input, sentences);
        let killed_any = !want_killed || found.iter().any(|c| c.0 == Attribute::Killed);
        for (attribute, quantity, span, idx, needs_no_death) in found {
            let want = match attribute {
                Attribute::Killed => want_killed,
                _ => want_wounded && !(needs_no_death && killed_any),
            };
            if !want || has(attribute, &facts) {
                continue;
            }
            if let Some(s) = sentences.iter().find(|s| s.idx == idx) {
                facts.push(Fact {
                    attribute,
                    value: Value::Count { quantity },
                    provenance: prov(s, span, s.attribution.clone()),
                });
            }
        }
    }

    // "A double shooting" hit two people: those not said to have died were hurt (GVDB
    // train: killed and injured add up to 2 in all 11 "double shootings", to 3 in both
    // "triple shootings").
    if !has(Attribute::Wounded, &facts) {
        let killed: Option<Option<u64>> = facts.iter().find_map(|f| match &f.value {
            Value::Count { quantity } if f.attribute == Attribute::Killed => {
                Some(quantity.interval.point())
            }
            _ => None,
        });
        let dead = match killed {
            None => Some(0),
            Some(point) => point,
        };
        let hit = sentences.iter().filter(|s| !s.background).find_map(|s| {
            let c = MULTIPLE_SHOOTING.captures(s.text)?;
            let m = c.get(0)?;
            let n: u64 = match c.get(1)?.as_str().to_ascii_lowercase().as_str() {
                "double" => 2,
                "triple" => 3,
                _ => 4,
            };
            let span = Span::new(s.span.start() + m.start(), s.span.start() + m.end()).ok()?;
            Some((n, span, s))
        });
        if let (Some(dead), Some((n, span, s))) = (dead, hit) {
            if n > dead {
                facts.push(Fact {
                    attribute: Attribute::Wounded,
                    value: Value::Count {
                        quantity: Quantity {
                            interval: Interval::exact(n - dead),
                            qualifier: newsfuse_core::Qualifier::Exact,
                            noun: None,
                        },
                    },
                    provenance: prov(s, span, s.attribution.clone()),
                });
            }
        }
    }

    // People named as shot, killed or hurt, and as the ones who shot or were arrested.
    for (attribute, name, span, idx) in named_people(input, sentences) {
        let known = facts.iter().any(|f| {
            f.attribute == attribute && matches!(&f.value, Value::Text { text } if *text == name)
        });
        if known {
            continue;
        }
        if let Some(s) = sentences.iter().find(|s| s.idx == idx) {
            facts.push(Fact {
                attribute,
                value: Value::Text { text: name },
                provenance: prov(s, span, s.attribution.clone()),
            });
        }
    }
    // A report reads by its first killed figure (fusion, the exports); when it moves
    // the toll later ("Police initially said 12 had died, but later revised the toll
    // to 10"), the figure it moved to is its word.
    let killed_at: Vec<usize> = (0..facts.len())
        .filter(|&i| facts[i].attribute == Attribute::Killed)
        .collect();
    if let (Some(&first), Some(&moved)) = (
        killed_at.first(),
        killed_at.iter().rev().find(|&&i| {
            toll_moves
                .iter()
                .any(|t| t.overlaps(facts[i].provenance.span))
        }),
    ) {
        if moved > first {
            let f = facts.remove(moved);
            facts.insert(first, f);
        }
    }
    facts
}

/// The learned role reader (`newsfuse_roles`, trained on MUC-4) as evidence where the
/// rules found nothing: for perpetrator individuals, targets, victims and weapons, its
/// fillers become facts of a role the rules left empty, each pointing at the filler's
/// first mention, when the reader judges the article to report an incident.
fn learned_roles(input: &Input<'_>, sentences: &[Sentence<'_>], facts: &mut Vec<Fact>) {
    let read = newsfuse_roles::extract(input.text);
    if !read.relevant {
        return;
    }
    let ruled: Vec<Attribute> = facts.iter().map(|f| f.attribute).collect();
    for filler in &read.fillers {
        let attribute = match filler.role {
            newsfuse_roles::Role::PerpInd => Attribute::PerpetratorInd,
            newsfuse_roles::Role::Target => Attribute::Targets,
            newsfuse_roles::Role::Victim => Attribute::Victims,
            newsfuse_roles::Role::Weapon => Attribute::Weapons,
            // Organisations are actors the gazetteer and aliases resolve; a bare string
            // is no actor.
            newsfuse_roles::Role::PerpOrg => continue,
        };
        let Some(&(start, end)) = filler.mentions.first() else {
            continue;
        };
        let Ok(span) = Span::new(start, end) else {
            continue;
        };
        let Some(s) = sentences
            .iter()
            .find(|s| s.span.start() <= start && end <= s.span.end())
        else {
            continue;
        };
        if s.background || ruled.contains(&attribute) {
            continue;
        }
        // A shooter the rules found arrested or charged is no victim: "the suspect,
        // identified as Ray Holloway, was arrested". (A shooter shot dead by police is
        // both, and stays so.)
        if attribute == Attribute::Victims
            && facts.iter().any(|f| {
                f.attribute == Attribute::PerpetratorInd
                    && f.provenance.span.overlaps(span)
                    && sentences
                        .get(f.provenance.sentence as usize)
                        .is_some_and(|fs| ARREST.is_match(fs, fs.text))
            })
        {
            continue;
        }
        // A place or building read as the target is where the attack happened, which
        // the place facts already say ("the Palace Hotel in Kano").
        if attribute == Attribute::Targets
            && input.mentions.iter().any(|m| {
                matches!(m.kind, EntityKind::Place | EntityKind::Facility) && m.span.overlaps(span)
            })
        {
            continue;
        }
        // The owner or keeper of the target is not one: "the depot, run by a private
        // company", "a school owned by the church".
        if attribute == Attribute::Targets && OWNED_BY_BEFORE.is_match(&input.text[..start]) {
            continue;
        }
        // The vehicle that carried the bomb is the weapon: "an explosives-laden car".
        if attribute == Attribute::Targets && is_bomb_vehicle(input.text, start, span.end()) {
            continue;
        }
        let text = filler.text.to_lowercase();
        facts.push(Fact {
            attribute,
            value: Value::Text { text },
            provenance: Provenance {
                doc: input.doc.clone(),
                sentence: s.idx as u32,
                span,
                sentence_span: s.span,
                attribution: s.attribution.clone(),
                corrects: false,
            },
        });
    }
}

/// One person killed or hurt, said without a figure, in the incident's non-background
/// sentences, first mention of each attribute only: (attribute, quantity, span,
/// sentence index, whether it counts only when nobody was killed). "was shot and
/// killed", "was found dead", "he died", "killing a guard", "the murder of <name>" are
/// one killed; "a fatal shooting" is at least one killed; "was wounded", "injuring a
/// passer-by" one wounded, and "was shot" one wounded only when nobody is said killed
/// (the person shot is often the one who died). "No one was killed" gives nothing.
/// A number that counts nobody: a bare one in apposition, an age ("Dana Cole, 31,
/// died", "the boy, 7, was shot"); a number called ("called 911"); a corner ("26 &
/// Zuni"), a code in parentheses, a clock time in four digits.
fn not_a_head_count(input: &Input<'_>, s: &Sentence<'_>, q: Span, bare: bool) -> bool {
    const PERSON_NOUNS: &[&str] = &[
        "man", "woman", "boy", "girl", "teen", "teenager", "child", "toddler", "baby", "son",
        "daughter", "father", "mother", "brother", "sister", "victim", "suspect", "male", "female",
        "resident",
    ];
    let before = s.text[..q.start() - s.span.start()].trim_end();
    let after = &s.text[q.end() - s.span.start()..];
    let last_word = |t: &str| {
        t.rsplit(|c: char| !c.is_alphanumeric())
            .next()
            .unwrap_or("")
            .to_lowercase()
    };
    if let Some(head) = before.strip_suffix(',').filter(|_| bare) {
        let head = head.trim_end();
        let head_end = s.span.start() + head.len();
        let named = input
            .mentions
            .iter()
            .any(|m| m.kind == EntityKind::Person && m.span.end() == head_end);
        let closed = after.is_empty()
            || after.starts_with([',', ')', ';'])
            || after.starts_with(". ")
            || after == "."
            || after.starts_with(" and ")
            || after.starts_with(" of ");
        // "<name>, 19, of Maple Street": a capitalised name the tagger did not mark.
        let surname = head
            .rsplit(|c: char| !c.is_alphanumeric())
            .next()
            .is_some_and(|w| {
                w.len() > 1
                    && w.starts_with(|c: char| c.is_ascii_uppercase())
                    && w[1..].bytes().all(|b| b.is_ascii_lowercase())
            });
        if named || closed && (surname || PERSON_NOUNS.contains(&last_word(head).as_str())) {
            return true;
        }
    }
    // A share of a group already counted: "after three of the wounded died", "two of
    // the dead were children". The group's own figure is the count.
    static OF_THE_HARMED: LazyLock<Regex> =
        LazyLock::new(|| re(r"(?i)^\s+of\s+(?:the|those)\s+(?:wounded|injured|dead)\b"));
    if bare && OF_THE_HARMED.is_match(after) {
        return true;
    }
    // An age said of the youngest or oldest: "the youngest wounded victim was 12",
    // "the oldest of the dead was 81".
    static AGE_OF_THE_EXTREME: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)\b(?:youngest|oldest)\b[^,.;]{0,40}\b(?:was|is|were|are)(?:\s+(?:just|only|aged))?$",
        )
    });
    if bare && AGE_OF_THE_EXTREME.is_match(before) {
        return true;
    }
    // A clock time by its hour alone: "at about 8", "at around 11 after the call".
    static AT_HOUR: LazyLock<Regex> = LazyLock::new(|| {
        re(r"(?i)\bat\s+(?:about\s+|around\s+|approximately\s+|roughly\s+)?(?:[1-9]|1[0-2])$")
    });
    let to_end = &s.text[..q.end() - s.span.start()];
    // Only when no noun is counted: the next word is a function word or none.
    let next = after
        .trim_start()
        .split(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    let uncounted = matches!(
        next.as_str(),
        "" | "after"
            | "before"
            | "when"
            | "while"
            | "in"
            | "on"
            | "and"
            | "that"
            | "the"
            | "a"
            | "an"
            | "this"
            | "to"
            | "with"
            | "but"
            | "as"
            | "o"
            | "p"
            | "am"
            | "pm"
    );
    if AT_HOUR.is_match(to_end) && uncounted {
        return true;
    }
    // A corner ("26 & Zuni"), a code in parentheses ("(8477)").
    let figure = &s.text[q.start() - s.span.start()..q.end() - s.span.start()];
    let digits = figure.bytes().all(|b| b.is_ascii_digit());
    // A clock time written as four digits: "at 0815 (1415 gmt)", "at 2200 hours".
    if digits && figure.len() == 4 {
        let (h, m) = (&figure[..2], &figure[2..]);
        let clock = h < "24" && m < "60";
        let lower_after = after.to_ascii_lowercase();
        let time_word = [
            " (", " gmt", " hours", " hrs", " local", " utc", " est", " edt",
        ]
        .iter()
        .any(|w| lower_after.starts_with(w));
        if clock && (figure.starts_with('0') || last_word(before) == "at" && time_word) {
            return true;
        }
    }
    if digits
        && bare
        && (after.starts_with(" & ")
            || before.ends_with('(') && after.starts_with(')') && q.len() >= 3)
    {
        return true;
    }
    // ("aged 14", "Route 9" and "County Road 106" are no quantities at all:
    // `quantity::is_label_word`.)
    matches!(
        last_word(before).as_str(),
        "call" | "called" | "calling" | "dial" | "dialed" | "dialled"
    )
}

fn implied_counts(
    input: &Input<'_>,
    sentences: &[Sentence<'_>],
) -> Vec<(Attribute, Quantity, Span, usize, bool)> {
    // A singular passive: "was shot and killed", "has been found dead".
    // "he died", "the victim later died", "<name> died".
    // An active verb with one person as object: "killing a guard", "killed <name>".
    // A person's state after the shooting: "a man shot in the leg", "in critical
    // condition", "with a gunshot wound", "taken to a hospital" (only when nobody died:
    // the one who died was often in hospital first).
    const SINGULAR: &[&str] = &[
        "he",
        "she",
        "victim",
        "man",
        "woman",
        "boy",
        "girl",
        "teen",
        "teenager",
        "person",
        "driver",
        "who",
        "officer",
        "child",
        "baby",
        "clerk",
        "husband",
        "wife",
        "son",
        "daughter",
        "father",
        "mother",
        "brother",
        "sister",
        "policeman",
        "soldier",
        "student",
        "worker",
        "employee",
        "guard",
        "suspect",
        "gunman",
        "shooter",
        "male",
        "female",
        "resident",
        "latino",
        "latina",
        "youth",
    ];
    // "no one was killed", "none of the officers was hurt", "nobody else was hurt".
    let negated = |before: &str| {
        before
            .to_lowercase()
            .split_whitespace()
            .rev()
            .take(4)
            .any(|w| {
                matches!(
                    w,
                    "no" | "nobody" | "none" | "no-one" | "neither" | "not" | "never"
                )
            })
    };
    let person_ends_at = |at: usize| {
        input
            .mentions
            .iter()
            .any(|m| m.kind == EntityKind::Person && m.span.end() == at)
    };
    let person_starts_at = |at: usize| {
        input
            .mentions
            .iter()
            .any(|m| m.kind == EntityKind::Person && m.span.start() == at)
    };
    let one = |n: Interval| Quantity {
        interval: n,
        qualifier: if n.point().is_some() {
            newsfuse_core::Qualifier::Exact
        } else {
            newsfuse_core::Qualifier::AtLeast
        },
        noun: None,
    };
    let mut killed: Option<(Attribute, Quantity, Span, usize, bool)> = None;
    let mut fatal: Option<(Attribute, Quantity, Span, usize, bool)> = None;
    let mut wounded: Option<(Attribute, Quantity, Span, usize, bool)> = None;
    for s in sentences.iter().filter(|s| !s.background) {
        let t = s.text;
        let start = s.span.start();
        if killed.is_none() {
            let mut hit: Option<(usize, usize)> = None;
            for m in PASSIVE_KILLED.find_iter(s, t) {
                // "were" is several; "was" one, unless nobody.
                if !negated(&t[..m.start()]) {
                    hit = Some((m.start(), m.end()));
                    break;
                }
            }
            if hit.is_none() {
                for c in DIED.captures_iter(s, t) {
                    let (Some(all), Some(w)) = (c.get(0), c.get(1)) else {
                        continue;
                    };
                    let word = w.as_str().to_lowercase();
                    if SINGULAR.contains(&word.as_str()) || person_ends_at(start + w.end()) {
                        hit = Some((all.start(), all.end()));
                        break;
                    }
                }
            }
            if hit.is_none() {
                for c in ACTIVE_KILLED.captures_iter(s, t) {
                    let Some(all) = c.get(0) else { continue };
                    let before = t[..all.start()].trim_end().to_lowercase();
                    if before.ends_with(" to") || before.ends_with("threatened") {
                        continue;
                    }
                    let gap = t[all.end()..].len() - t[all.end()..].trim_start().len();
                    let object = c.get(1).is_some() || person_starts_at(start + all.end() + gap);
                    let reflexive = {
                        let l = all.as_str().to_lowercase();
                        l.ends_with("himself") || l.ends_with("herself")
                    };
                    if object || reflexive {
                        hit = Some((all.start(), all.end()));
                        break;
                    }
                }
            }
            if hit.is_none() {
                for c in DEATH_OF.captures_iter(s, t) {
                    let Some(all) = c.get(0) else { continue };
                    let gap = t[all.end()..].len() - t[all.end()..].trim_start().len();
                    if c.get(1).is_some()
                        || c.get(2).is_some()
                        || person_starts_at(start + all.end() + gap)
                    {
                        hit = Some((all.start(), all.end()));
                        break;
                    }
                }
            }
            if hit.is_none() {
                hit = HEADLINE_KILLED
                    .find(s, t)
                    .filter(|m| !negated(&t[..m.start()]))
                    .map(|m| (m.start(), m.end()));
            }
            if let Some((a, b)) = hit {
                killed = Some((
                    Attribute::Killed,
                    one(Interval::exact(1)),
                    s.local(a, b),
                    s.idx,
                    false,
                ));
            } else if fatal.is_none() {
                if let Some(m) = FATAL.find(s, t) {
                    fatal = Some((
                        Attribute::Killed,
                        one(Interval::at_least(1)),
                        s.local(m.start(), m.end()),
                        s.idx,
                        false,
                    ));
                }
            }
        }
        if wounded.is_none() {
            let mut hit: Option<(usize, usize, bool)> = None;
            for c in PASSIVE_WOUNDED.captures_iter(s, t) {
                let (Some(all), Some(w)) = (c.get(0), c.get(1)) else {
                    continue;
                };
                let after = t[all.end()..].trim_start().to_lowercase();
                let fatally = all.as_str().to_lowercase().contains("fatally");
                let shot = w.as_str().eq_ignore_ascii_case("shot");
                if negated(&t[..all.start()])
                    || fatally
                    || shot
                        && ["and killed", "dead", "to death", "and died"]
                            .iter()
                            .any(|w| after.starts_with(w))
                {
                    continue;
                }
                hit = Some((all.start(), all.end(), shot));
                break;
            }
            if hit.is_none() {
                // "wounding a guard"; "wounded their driver" when the noun is one person.
                for c in ACTIVE_WOUNDED.captures_iter(s, t) {
                    let Some(all) = c.get(0) else { continue };
                    let one_person = c.get(1).is_none_or(|n| {
                        let n = n.as_str().to_ascii_lowercase();
                        SINGULAR.contains(&n.as_str()) || PERSON_NOUNS.contains(&n.as_str())
                    });
                    if one_person {
                        hit = Some((all.start(), all.end(), false));
                        break;
                    }
                }
            }
            if hit.is_none() {
                if let Some(m) = WOUNDED_STATE.find(s, t) {
                    if !negated(&t[..m.start()]) {
                        hit = Some((m.start(), m.end(), true));
                    }
                }
            }
            if let Some((a, b, shot)) = hit {
                wounded = Some((
                    Attribute::Wounded,
                    one(Interval::exact(1)),
                    s.local(a, b),
                    s.idx,
                    shot,
                ));
            }
        }
    }
    killed.or(fatal).into_iter().chain(wounded).collect()
}

/// The people an incident's non-background sentences name as victims (shot, killed,
/// hurt: "Dana Cole, 31, was shot", "the victim, identified as Dana Cole", "killing
/// Dana Cole", "Cole died") and as perpetrators (who shot, or were arrested or charged:
/// "police arrested Lee Park", "Park, 22, was charged", "Park shot Cole"), each once
/// per role, by the person's full name: (attribute, name, mention span, sentence).
fn named_people(
    input: &Input<'_>,
    sentences: &[Sentence<'_>],
) -> Vec<(Attribute, String, Span, usize)> {
    // An apposition after a name: ", 28," ", a 28-year-old nurse,".
    // A surname alone stands for the full name the text gave it earlier ("Cole" for
    // "Dana Cole").
    let full_name = |m: &Mention| -> String {
        if m.key.contains(' ') {
            return m.key.clone();
        }
        let tail = format!(" {}", m.key);
        input
            .mentions
            .iter()
            .filter(|o| o.kind == EntityKind::Person && o.span.start() < m.span.start())
            .find(|o| o.key.ends_with(&tail))
            .map_or_else(|| m.key.clone(), |o| o.key.clone())
    };
    let mut out: Vec<(Attribute, String, Span, usize)> = Vec::new();
    for s in sentences.iter().filter(|s| !s.background) {
        let start = s.span.start();
        // Where the last victim named in the sentence ends: a name listed right after
        // it ("the victims were Tom Bell, 29, Ana Ruiz, 41, and Sam Ode") is one too.
        let mut last_victim_end: Option<usize> = None;
        for m in input
            .mentions
            .iter()
            .filter(|m| m.kind == EntityKind::Person && s.span.contains(m.span))
        {
            let (a, b) = (m.span.start() - start, m.span.end() - start);
            let (Some(before), Some(rest)) = (s.text.get(..a), s.text.get(b..)) else {
                continue;
            };
            // An age before the name says nothing of the role: "as 28-year-old Dana
            // Cole", "the suspect in the shooting, 22-year-old Lee Park".
            let before = AGE_BEFORE
                .find(s, before)
                .map_or(before, |x| &before[..x.start()]);
            let skip = APPOSITION.find(s, rest).map_or(0, |x| x.end());
            let after = rest.get(skip..).unwrap_or("");
            // A longer apposition: "Lee Park, 22, of Maple Grove, Ohio, was arrested".
            let mut afters = vec![after];
            if skip > 0 && rest.trim_start().starts_with(',') {
                let mut at = skip;
                for _ in 0..2 {
                    let Some(x) = rest.get(at..).and_then(|r| APPOSITION_MORE.find(s, r)) else {
                        break;
                    };
                    at += x.end();
                    afters.push(rest.get(at..).unwrap_or(""));
                }
            }
            // The comma that closes an apposition the name ends: "The suspect in the
            // shooting, 22-year-old Lee Park, died" (read for the victim's words only:
            // a shooter's words after such a comma belong to the sentence's subject as
            // often as to the name).
            let closed = after.strip_prefix(", ");
            let perp_before =
                PERP_BEFORE.is_match(s, before) || PERP_BEFORE_MORE.is_match(s, before);
            // "The suspect, identified as Lee Park": what names the suspect outweighs
            // the words before a name that name a victim ("identified as"). A name
            // after "the victims were" is one of them when a list mark or the end
            // follows it ("the victims were Tom Bell, 29, and ...", not "the victims
            // are Berkeley residents"); so is a name listed right after a victim's.
            let listed = last_victim_end.is_some_and(|e| {
                s.text
                    .get(e..a)
                    .is_some_and(|gap| LISTED_AFTER.is_match(gap))
            });
            let list_follows = rest.is_empty() || LIST_MARK_AFTER.is_match(rest);
            let victim_before = VICTIM_BEFORE.is_match(s, before)
                && (list_follows || !VICTIMS_ARE_BEFORE.is_match(before));
            let victim = afters
                .iter()
                .chain(&closed)
                .any(|a| VICTIM_AFTER.is_match(s, a))
                || !perp_before && (victim_before || listed && list_follows);
            if victim {
                last_victim_end = Some(b);
            }
            let perp_after = afters.iter().any(|a| PERP_AFTER.is_match(s, a));
            // "Lee Park shot Dana Cole": the shooter; "police shot Lee Park": the victim.
            let perpetrator = perp_before || !victim && perp_after;
            for (yes, attribute) in [
                (victim, Attribute::Victims),
                (perpetrator, Attribute::PerpetratorInd),
            ] {
                let name = full_name(m);
                if yes && !out.iter().any(|o| o.0 == attribute && o.1 == name) {
                    out.push((attribute, name, m.span, s.idx));
                }
            }
        }
    }
    out
}

/// Whether a sentence is about who is (not) responsible: an accusation or a denial.
fn is_dispute_sentence(sentence: &str, may: u128) -> bool {
    DISPUTE.is_match(&may, sentence) && ABOUT_RESPONSIBILITY.is_match(&may, sentence)
}

/// "the U.S. embassy had issued" → "U.S. embassy".
fn issuer_before(before: &str, may: u128) -> Option<String> {
    ISSUER
        .captures_iter(&may, before)
        .last()
        .and_then(|c| c.get(1))
        .map(|m| m.as_str().to_string())
}

fn actor_facts(input: &Input<'_>, sentences: &[Sentence<'_>]) -> Vec<ActorFact> {
    let mut out: Vec<ActorFact> = Vec::new();
    let salient = {
        let mut c: Vec<(String, usize)> = Vec::new();
        for m in input
            .mentions
            .iter()
            .filter(|m| m.kind == EntityKind::ArmedGroup)
        {
            match c.iter_mut().find(|x| x.0 == m.key) {
                Some(x) => x.1 += 1,
                None => c.push((m.key.clone(), 1)),
            }
        }
        c.into_iter().max_by(|a, b| a.1.cmp(&b.1)).map(|x| x.0)
    };
    for alias in input.aliases {
        if let Some(s) = sentences.iter().find(|s| s.span.contains(alias.span)) {
            out.push(ActorFact {
                actor: alias.canonical.clone(),
                attribute: "alias".to_string(),
                value: alias.alias.clone(),
                provenance: Provenance {
                    doc: input.doc.clone(),
                    sentence: s.idx as u32,
                    span: alias.span,
                    sentence_span: s.span,
                    attribution: Attribution::asserted(),
                    corrects: false,
                },
            });
        }
    }
    for s in sentences {
        let groups: Vec<&Mention> = input
            .mentions
            .iter()
            .filter(|m| s.span.contains(m.span) && m.kind == EntityKind::ArmedGroup)
            .collect();
        let lower = s.lower;
        // Which group the sentence is about: a group named outside an "offshoot of"
        // phrase, else "the group" = the article's most named group.
        let offshoot_end = OFFSHOOT.find(s, s.text).map(|m| s.span.start() + m.end());
        let subject = groups
            .iter()
            .find(|m| offshoot_end != Some(m.span.start()))
            .map(|m| m.key.clone())
            .or_else(|| {
                if lower.contains("the group")
                    || lower.contains("the militants")
                    || lower.contains("the organisation")
                    || lower.contains("the organization")
                {
                    salient.clone()
                } else {
                    None
                }
            });
        let Some(actor) = subject else { continue };
        let mut add = |attribute: &str, value: String, s_local: (usize, usize)| {
            let span =
                Span::new(s.span.start() + s_local.0, s.span.start() + s_local.1).unwrap_or(s.span);
            if !out
                .iter()
                .any(|f| f.actor == actor && f.attribute == attribute && f.value == value)
            {
                out.push(ActorFact {
                    actor: actor.clone(),
                    attribute: attribute.to_string(),
                    value,
                    provenance: Provenance {
                        doc: input.doc.clone(),
                        sentence: s.idx as u32,
                        span,
                        sentence_span: s.span,
                        attribution: s.attribution.clone(),
                        corrects: false,
                    },
                });
            }
        };
        if let Some(c) = FOUNDED.captures(s, s.text) {
            if let (Some(all), Some(y)) = (c.get(0), c.get(1)) {
                add("founded", y.as_str().to_string(), (all.start(), all.end()));
            }
        }
        for (pattern, attribute) in [(&*STRONGHOLD, "stronghold"), (&*BASED, "based_in")] {
            if let Some(m) = pattern.find(s, s.text) {
                let after = s.span.start() + m.end();
                if let Some(p) = input
                    .mentions
                    .iter()
                    .find(|x| x.span.start() == after && x.kind == EntityKind::Place)
                {
                    let name = p
                        .place
                        .as_ref()
                        .map(|pl| pl.name.clone())
                        .unwrap_or_else(|| p.key.clone());
                    add(attribute, name, (m.start(), p.span.end() - s.span.start()));
                }
            }
        }
        if let Some(c) = MEDIA_ARM.captures(s, s.text) {
            if let (Some(all), Some(name)) = (c.get(0), c.get(1)) {
                add(
                    "media_arm",
                    name.as_str().to_string(),
                    (all.start(), all.end()),
                );
            }
        }
        if let Some(m) = OFFSHOOT.find(s, s.text) {
            let after = s.span.start() + m.end();
            if let Some(parent) = groups
                .iter()
                .find(|g| g.span.start() == after && g.key != actor)
            {
                add(
                    "parent",
                    parent.key.clone(),
                    (m.start(), parent.span.end() - s.span.start()),
                );
            }
        }
    }
    out
}

/// The attributes whose facts a time relative to the incident dates: what happens or is
/// said after (or before) the attack, not the attack itself.
const RELATIVELY_DATED: [Attribute; 8] = [
    Attribute::Killed,
    Attribute::Wounded,
    Attribute::Claim,
    Attribute::Denial,
    Attribute::Accusation,
    Attribute::Warning,
    Attribute::Statement,
    Attribute::Arrest,
];

/// Event-relative times anchored to this article's own attack ("two days after the
/// attack": the anchor phrase holds one of its triggers and does not begin with "a",
/// "an" or "another"), each kept with the attributes of the facts of its sentence it
/// dates (the toll, an arrest). The sentence that first reports an incident, with a
/// trigger outside the phrase ("gunmen stormed a village two days after the bombing of
/// a church"), tells of the attack after another event: its facts are the attack's, not
/// later ones, and nothing is kept. They are not resolved here, even when the article
/// dates the attack: fusion counts them from the incident's fused date (docs/times.md).
fn incident_times(input: &Input<'_>, out: &Output) -> Vec<newsfuse_core::IncidentTime> {
    let mut kept: Vec<newsfuse_core::IncidentTime> = Vec::new();
    let facts: Vec<&Fact> = out
        .facts
        .iter()
        .chain(out.other_incidents.iter().flat_map(|i| &i.facts))
        .collect();
    let incident_of = |idx: u32| {
        out.other_incidents
            .iter()
            .position(|i| i.sentences.contains(&idx))
            .map_or(0, |k| k + 1)
    };
    let opens_incident = |idx: u32| {
        out.events
            .iter()
            .map(|e| e.sentence)
            .filter(|&s| incident_of(s) == incident_of(idx))
            .min()
            == Some(idx)
    };
    for r in input.relative {
        let indefinite = r.anchor.slice(input.text).is_none_or(|a| {
            let first = a.split_whitespace().next().unwrap_or("");
            ["a", "an", "another"].contains(&first.to_ascii_lowercase().as_str())
        });
        if indefinite || !out.events.iter().any(|e| r.anchor.overlaps(e.span)) {
            continue;
        }
        let Some(sentence) = input.sentences.iter().position(|s| s.contains(r.span)) else {
            continue;
        };
        let sentence = sentence as u32;
        let reports_attack = out
            .events
            .iter()
            .any(|e| e.sentence == sentence && !r.span.overlaps(e.span));
        if reports_attack && opens_incident(sentence) {
            continue;
        }
        let mut attributes: Vec<Attribute> = facts
            .iter()
            .filter(|f| f.provenance.sentence == sentence)
            .map(|f| f.attribute)
            .filter(|a| RELATIVELY_DATED.contains(a))
            .collect();
        attributes.sort_unstable();
        attributes.dedup();
        if attributes.is_empty() || kept.iter().any(|k| k.sentence == sentence) {
            continue;
        }
        kept.push(newsfuse_core::IncidentTime {
            sentence,
            attributes,
            time: *r,
        });
    }
    kept
}

#[cfg(test)]
mod speech_tests {
    use super::*;
    use proptest::prelude::*;

    fn by_regex(window: &str) -> Option<(usize, usize)> {
        SAID_BY
            .captures(window)
            .and_then(|c| c.get(1))
            .map(|g| (g.start(), g.end()))
    }

    #[test]
    fn subject_before_speech_verb() {
        let w = "the mayor of the town has told";
        assert_eq!(said_by_subject(w), Some((0, 21)));
        assert_eq!(said_by_subject(w), by_regex(w));
        let w = "Two  Officials\tSAID";
        assert_eq!(said_by_subject(w), Some((0, 14)));
        assert_eq!(said_by_subject(w), by_regex(w));
        // Unicode case folding: the long s folds to 's', the regex decides.
        let w = "the envoy \u{17f}aid";
        assert_eq!(said_by_subject(w), by_regex(w));
        assert!(said_by_subject(w).is_some());
        assert_eq!(said_by_subject("a said"), None);
        assert_eq!(said_by_subject("no verb here"), None);
    }

    /// [`first_hedge`] trying every hedge at every word start.
    fn first_hedge_plain(lower: &str) -> Option<&'static str> {
        let mut found = 0u64;
        let mut prev_word = false;
        for (at, c) in lower.char_indices() {
            if !prev_word && c.is_ascii_lowercase() {
                for (k, h) in HEDGES.iter().enumerate() {
                    if lower[at..].starts_with(h) {
                        found |= 1 << k;
                    }
                }
            }
            prev_word = c.is_alphanumeric();
        }
        (found != 0).then(|| HEDGES[found.trailing_zeros() as usize])
    }

    #[test]
    fn hedge_found_at_word_starts_only() {
        assert_eq!(first_hedge("he is said to have fled"), Some("is said to"));
        assert_eq!(first_hedge("the unlikely event"), None);
        assert_eq!(
            first_hedge("police probably knew; it was reportedly a bomb"),
            Some("reportedly")
        );
    }

    #[test]
    fn inverted_speaker_after_last_comma() {
        let s = "Two buses burned, officials said, according to the governor of the province.";
        assert_eq!(
            said_inverted(s, u128::MAX).map(|m| m.as_str()),
            Some("the governor of the province")
        );
        assert_eq!(said_inverted("No comma said the man", u128::MAX), None);
        assert_eq!(
            said_inverted("Fires, said police, spread.", u128::MAX),
            None
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn inverted_equals_capture(words in proptest::collection::vec(
            prop_oneof![
                Just("said"), Just("SAYS"), Just("according to"), Just(","), Just("."),
                Just(";"), Just("the"), Just("police"), Just("\u{17f}ays"), Just(" "),
                Just("\t"), Just("caf\u{e9}"), Just("army"),
            ],
            0..14,
        )) {
            let s: String = words.join(" ");
            let by_regex = SAID_INVERTED.regex.captures(&s).and_then(|c| c.get(1)).map(|g| g.as_str());
            prop_assert_eq!(said_inverted(&s, u128::MAX).map(|m| m.as_str()), by_regex);
        }

        #[test]
        fn hedge_equals_plain_scan(words in proptest::collection::vec(
            prop_oneof![
                Just("reportedly"), Just("may have"), Just("may"), Just("have"), Just("is"),
                Just("said to"), Just("speculated"), Just("unlikely"), Just("é"), Just("x1"),
                Just("probably"), Just("hints"), Just("-"), Just("thought to"),
            ],
            0..10,
        )) {
            let s = words.join(" ");
            prop_assert_eq!(first_hedge(&s), first_hedge_plain(&s));
            let glued = words.concat();
            prop_assert_eq!(first_hedge(&glued), first_hedge_plain(&glued));
        }

        #[test]
        fn subject_equals_capture(words in proptest::collection::vec(
            prop_oneof![
                Just("said"), Just("Says"), Just("told"), Just("has"), Just("have"),
                Just("had"), Just("HAD"), Just("reported"), Just("added"), Just("a"),
                Just("police"), Just("o'neil"), Just("x-ray"), Just("1990"), Just("\u{17f}aid"),
                Just("caf\u{e9}"), Just("said,"), Just("."), Just("’s"), Just("insisted"),
            ],
            0..12,
        ), seps in proptest::collection::vec(
            prop_oneof![
                Just(" "), Just("  "), Just("\t"), Just(""), Just("\u{a0}"), Just(", "),
                Just("\u{b}"), Just("\n "),
            ],
            12,
        )) {
            let mut w = String::new();
            for (i, word) in words.iter().enumerate() {
                w.push_str(word);
                w.push_str(seps[i]);
            }
            prop_assert_eq!(said_by_subject(&w), by_regex(&w));
        }
    }
}

#[cfg(test)]
mod gate_tests {
    use super::*;
    use proptest::prelude::*;

    /// Every gated pattern and trigger pattern, as the gate numbers them.
    static ALL_PATTERNS: LazyLock<Vec<Regex>> = LazyLock::new(|| {
        let mut sources = gated_sources();
        sources.extend(TRIGGERS.iter().map(|(_, r)| r.as_str().to_string()));
        sources.iter().map(|s| re(s)).collect()
    });

    /// A pattern that matches a sentence has its bit set in that sentence's gate.
    fn check(parts: &[String]) -> Result<(), TestCaseError> {
        let patterns = &*ALL_PATTERNS;
        let mut text = String::new();
        let mut ranges = Vec::new();
        for p in parts {
            let start = text.len();
            text.push_str(p);
            ranges.push((start, text.len()));
            text.push(' ');
        }
        let masks = GATE.masks(&text, &ranges);
        for ((start, end), mask) in ranges.iter().zip(&masks) {
            let sentence = &text[*start..*end];
            for (i, p) in patterns.iter().enumerate() {
                if p.is_match(sentence) {
                    prop_assert!(
                        mask & (1 << i) != 0,
                        "pattern {i} ({}) matches {sentence:?} but is gated off",
                        p.as_str()
                    );
                }
            }
        }
        Ok(())
    }

    #[test]
    fn gate_is_selective_and_keeps_matches() {
        let parts: Vec<String> = [
            "The weather was mild on the coast.",
            "Gunmen killed three villagers and wounded two, police said.",
            "A man died in hospital after he was shot, according to the army.",
            "The rebels claimed responsibility for the bombing of the bridge.",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        check(&parts).expect("gated matches");
        let ranges: Vec<(usize, usize)> = vec![(0, parts[0].len())];
        let mask = GATE.masks(&parts[0], &ranges)[0];
        // A sentence with no attack word opens few patterns.
        let triggers = (0..TRIGGERS.len()).map(trigger_bit).fold(0, |a, b| a | b);
        assert_eq!(mask & triggers, 0);
        assert!(mask.count_ones() < 10, "{}", mask.count_ones());
        // Not ASCII: every pattern runs.
        let all = GATE.masks("Caf\u{e9} owner shot", &[(0, 12)])[0];
        assert_eq!(all.count_ones() as usize, GATED_COUNT + TRIGGERS.len());
        // Ranges out of order: every pattern runs.
        let both = GATE.masks("ab cd", &[(3, 5), (0, 2)]);
        assert!(both
            .iter()
            .all(|m| m.count_ones() as usize == GATED_COUNT + TRIGGERS.len()));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        #[test]
        fn gated_patterns_keep_every_match(sentences in proptest::collection::vec(
            proptest::collection::vec(
                prop_oneof![
                    Just("killed"), Just("Killing"), Just("died"), Just("dead"), Just("was"),
                    Just("shot"), Just("and"), Just("wounded"), Just("injured"), Just("a"),
                    Just("man"), Just("he"), Just("police"), Just("said"), Just("according to"),
                    Just("the"), Just("of"), Just("in"), Just("hospital"), Just("taken to"),
                    Just("critical condition"), Just("gunmen"), Just("bomb"), Just("attack"),
                    Just("claimed responsibility"), Just("denied"), Just("involvement"),
                    Just("accused"), Just("behind"), Just("warned"), Just("before"),
                    Just("arrested"), Just("suspects"), Just("Victim"), Just("identified as"),
                    Just("toll"), Just("rose to"), Just("12"), Just(","), Just("."),
                    Just("separate attack"), Just("meanwhile"), Just("last week"),
                    Just("market"), Just("rifles"), Just("civilians"), Just("at a wedding"),
                    Just("formed in 1990"), Just("stronghold in"), Just("offshoot of"),
                    Just("media wing called"), Just("U.S. embassy"), Just("fatal shooting"),
                    Just("passed away"), Just("murder of"), Just("unidentified"),
                    Just("reportedly"), Just("may have"), Just("Allegedly"),
                ],
                0..16,
            ),
            1..4,
        )) {
            let parts: Vec<String> = sentences.iter().map(|w| w.join(" ")).collect();
            check(&parts)?;
        }
    }
}
