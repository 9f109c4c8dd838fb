//! Holidays kept by other calendars: the Hebrew calendar (exact arithmetic), the
//! Islamic calendar (months begin after the astronomical new moon), the Chinese new
//! year and the Hindu lunisolar and solar festivals (from the positions of the sun and
//! the moon), plus a few civil days with their own rules.
//!
//! The astronomy is a short series for the moon's and sun's ecliptic longitudes, good
//! to about a hundredth of a degree over 1900-2100: enough to place a new moon or the
//! boundary of a lunar day (a *tithi*, 12° of elongation) within a few minutes. Local
//! observation rules are approximations and are named where they are used.
//!
//! Dates are days since 1970-01-01 ([`Date::days_since_epoch`]).

use std::collections::HashMap;
use std::f64::consts::PI;
use std::sync::{LazyLock, Mutex};

use newsfuse_core::Date;

/// A holiday whose date comes from a calendar other than the Gregorian one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Feast {
    /// The first day of the first month of the Chinese year.
    ChineseNewYear,
    /// A Hebrew date (month numbered from Nisan = 1, Adar = the last month), from its
    /// eve, lasting `days` days counted from the eve.
    Hebrew { month: u8, day: u8, days: u8 },
    /// The fast of the 9th of Av, put off to Sunday when it falls on the Sabbath.
    TishaBav,
    /// Holocaust Remembrance Day, 27 Nisan, kept off Friday and Sunday.
    YomHashoah,
    /// An Islamic date.
    Islamic { month: u8, day: u8 },
    /// The month of Ramadan, as an interval.
    Ramadan,
    /// The last Friday before Eid al-Fitr.
    JumuatulWida,
    /// A Hindu lunar day (`tithi` 1-30, 16-30 the waning half) in an amanta month
    /// (Chaitra = 1), on the civil day when it is current at `at`, plus `shift` days,
    /// lasting `days`.
    Tithi {
        month: u8,
        tithi: u8,
        at: Moment,
        shift: i8,
        days: u8,
    },
    /// The day the sun enters a sidereal sign (0 Aries .. 11 Pisces), plus `shift`.
    Sankranti { sign: u8, shift: i8 },
    /// Onam: the day of the Thiruvonam lunar mansion in the solar month of Chingam.
    Onam,
    /// The Parsi (Shahenshahi) new year: a 365-day year with no leap day.
    ParsiNewYear,
    /// The Orthodox Great Lent: forty days from Clean Monday, 48 days before Easter.
    GreatLent,
    /// The day of Earth Hour: the last Saturday of March, or the one before when that
    /// is Holy Saturday.
    EarthHour,
    /// US Election Day: the Tuesday after the first Monday of November.
    ElectionDay,
    /// King's Day in the Netherlands: 27 April, or the 26th when the 27th is a Sunday.
    Koningsdag,
}

/// When in the day a lunar day must be current for the festival to fall on that day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Moment {
    /// At sunrise.
    Sunrise,
    /// At midday.
    Midday,
    /// In the afternoon (seven tenths of the daylight).
    Afternoon,
    /// In the early evening (an hour after sunset).
    Evening,
    /// Around moonrise on a waning fourth day (two hours after sunset).
    Moonrise,
    /// At midnight.
    Midnight,
}

const fn tithi(month: u8, t: u8, at: Moment, shift: i8, days: u8) -> Feast {
    Feast::Tithi {
        month,
        tithi: t,
        at,
        shift,
        days,
    }
}

const fn hebrew(month: u8, day: u8, days: u8) -> Feast {
    Feast::Hebrew { month, day, days }
}

const fn islamic(month: u8, day: u8) -> Feast {
    Feast::Islamic { month, day }
}

/// Names (lower case, as regular expressions) and the feasts they stand for; the
/// first that matches a whole name wins, so longer names come first.
pub(crate) const FEAST_NAMES: &[(&str, Feast)] = &[
    (
        r"(?:chinese\s+(?:lunar\s+)?|lunar\s+)new\s+year'?s?(?:\s+day)?",
        Feast::ChineseNewYear,
    ),
    (
        r"parsi\s+new\s+year'?s?(?:\s+day)?|jamshedi\s+navroz",
        Feast::ParsiNewYear,
    ),
    (
        r"(?:islamic|hijri)\s+new\s+year'?s?(?:\s+day)?|amun\s+jadid",
        islamic(1, 1),
    ),
    // Hebrew calendar (Nisan = 1 .. Tishri = 7 .. Adar = 12)
    (r"rosh\s+hashann?ah?", hebrew(7, 1, 3)),
    (r"yom\s+kippur", hebrew(7, 10, 1)),
    (r"shemini\s+atzeret", hebrew(7, 22, 1)),
    (r"simchat\s+torah", hebrew(7, 23, 1)),
    (
        r"sukk?ot|succos|feast\s+of\s+(?:the\s+)?(?:ingathering|tabernacles|booths)",
        hebrew(7, 15, 9),
    ),
    (r"c?hann?uk?kah?", hebrew(9, 25, 8)),
    (r"tu\s+b'?i?sh?e?vat", hebrew(11, 15, 1)),
    (r"purim", hebrew(12, 14, 1)),
    (r"passover|pesach", hebrew(1, 15, 9)),
    (r"lag\s+b'?a?omer", hebrew(2, 18, 1)),
    (r"shavuo[ts]", hebrew(3, 6, 3)),
    (r"tisha\s+b'?av", Feast::TishaBav),
    (
        r"yom\s+hashoah|holocaust\s+(?:remembrance\s+)?day",
        Feast::YomHashoah,
    ),
    // Islamic calendar
    (r"(?:eid|id)[\s-]+(?:al|ul|el)[\s-]*fitr", islamic(10, 1)),
    (
        r"(?:eid|id)[\s-]+(?:al|ul|el)[\s-]*(?:adha|azha|zuha)|bakr[\s-]?i?d|bakri\s+eid|feast\s+of\s+(?:the\s+)?sacrifice",
        islamic(12, 10),
    ),
    (r"ramadh?an|ramzan", Feast::Ramadan),
    (r"ashura", islamic(1, 10)),
    (
        r"mawlid(?:\s+al[\s-]nabi)?|milad[\s-]un[\s-]nabi|(?:the\s+)?prophet'?s\s+birthday",
        islamic(3, 12),
    ),
    (
        r"isra\s+(?:and\s+)?mi'?raj|lailat\s+al[\s-]mi'?raj|(?:the\s+)?prophet'?s\s+ascension|ascension\s+to\s+heaven",
        islamic(7, 27),
    ),
    (
        r"shab[\s-]e[\s-]barat|laylat\s+al[\s-]bara'?at|night\s+of\s+(?:forgiveness|records)",
        islamic(8, 15),
    ),
    (
        r"lail?at\s+al[\s-]qadr|night\s+of\s+(?:power|decree|destiny|measures)",
        islamic(9, 27),
    ),
    (
        r"jumu'?atul[\s-]wida|jamat[\s-]ul[\s-]vida",
        Feast::JumuatulWida,
    ),
    (r"day\s+of\s+arafa[ht]?|arafat\s+day", islamic(12, 9)),
    // Hindu lunisolar calendar (amanta months, Chaitra = 1)
    (
        r"ugadi|yugadi|samvatsaradi|chaitra\s+sh?ukh?ladi|gudi\s+padwa",
        tithi(1, 1, Moment::Sunrise, 0, 1),
    ),
    (r"rama?\s+navami", tithi(1, 9, Moment::Midday, 0, 1)),
    (
        r"mahaa?v[ie]e?ra?\s+(?:janma\s+kalyanak|jayanti)",
        tithi(1, 13, Moment::Sunrise, 0, 1),
    ),
    (r"hanuman\s+jayanti", tithi(1, 15, Moment::Sunrise, 0, 1)),
    (
        r"vesak|buddha\s+(?:day|purnima|jayanti)",
        tithi(2, 15, Moment::Evening, 0, 1),
    ),
    (
        r"raksha\s+bandhan|rakhi",
        tithi(5, 15, Moment::Afternoon, 0, 1),
    ),
    (
        r"(?:krishna\s+)?janmashtami|gokulashtami",
        tithi(5, 23, Moment::Midnight, 0, 1),
    ),
    (
        r"ganesh\s+chaturthi|vinayaka?\s+chaturthi",
        tithi(6, 4, Moment::Midday, 0, 1),
    ),
    (r"navaratri|navratri", tithi(7, 1, Moment::Sunrise, 0, 9)),
    (r"maha\s+saptami", tithi(7, 7, Moment::Sunrise, 0, 1)),
    (
        r"maha\s+ashtami|durga\s+ashtami",
        tithi(7, 8, Moment::Sunrise, 0, 1),
    ),
    (r"maha\s+navami", tithi(7, 9, Moment::Sunrise, 0, 1)),
    (
        r"vijaya\s?dashami|dussehra|dasara",
        tithi(7, 10, Moment::Afternoon, 0, 1),
    ),
    // the nine nights and the tenth day
    (r"durga\s+puja", tithi(7, 10, Moment::Afternoon, -9, 10)),
    (
        r"valmiki\s+jayanti|pargat\s+diwas|sharad\s+purnima",
        tithi(7, 15, Moment::Sunrise, 0, 1),
    ),
    (r"kar[vw]a\s+chauth", tithi(7, 19, Moment::Moonrise, 0, 1)),
    // the five days of Diwali, counted from the new-moon evening
    (
        r"dhanteras|dhanatrayodashi",
        tithi(7, 30, Moment::Evening, -2, 1),
    ),
    (
        r"chh?oti\s+diwali|naraka?\s+chaturdashi",
        tithi(7, 30, Moment::Evening, -1, 1),
    ),
    (
        r"diwali|deepavali|divali|lakshmi\s+puja",
        tithi(7, 30, Moment::Evening, 0, 1),
    ),
    (r"govardhan\s+puja", tithi(7, 30, Moment::Evening, 1, 1)),
    (
        r"bhai\s+(?:dooj|tika|phonta)|bhau\s+beej",
        tithi(7, 30, Moment::Evening, 2, 1),
    ),
    (
        r"chhath(?:\s+puja)?|dala\s+(?:puja|chhath)",
        tithi(7, 30, Moment::Evening, 6, 1),
    ),
    (
        r"guru\s+nanak\s+(?:jayanti|gurpurab|birthday)",
        tithi(8, 15, Moment::Sunrise, 0, 1),
    ),
    (
        r"guru\s+gobind\s+singh\s+(?:jayanti|birthday)",
        tithi(10, 7, Moment::Sunrise, 0, 1),
    ),
    (
        r"[vb]asant\s+panchami|saraswati\s+puja",
        tithi(11, 5, Moment::Sunrise, 0, 1),
    ),
    (
        r"guru\s+ravidass?\s+(?:jayanti|birthday)",
        tithi(11, 15, Moment::Sunrise, 0, 1),
    ),
    (
        r"maha\s*shivr?a?atri",
        tithi(11, 29, Moment::Midnight, 0, 1),
    ),
    (
        r"holika\s+dahan|chh?oti\s+holi|kamudu\s+pyre",
        tithi(12, 15, Moment::Evening, 0, 1),
    ),
    (
        r"holi|dhulandi|dhuleti|rangwali\s+holi",
        tithi(12, 15, Moment::Evening, 1, 1),
    ),
    // Hindu solar calendar
    (
        r"lohri|bhogi(?:\s+pongal)?",
        Feast::Sankranti { sign: 9, shift: -1 },
    ),
    (r"maa?ttu\s+pongal", Feast::Sankranti { sign: 9, shift: 1 }),
    (
        r"kaa?nn?[iu]m?\s+pongal",
        Feast::Sankranti { sign: 9, shift: 2 },
    ),
    (
        r"makara?\s+sankranth?i|(?:thai\s+)?pongal|maghi",
        Feast::Sankranti { sign: 9, shift: 0 },
    ),
    (
        r"[bv]ai?sh?akhi|mesha\s+sankranth?i",
        Feast::Sankranti { sign: 0, shift: 0 },
    ),
    // 25 Boishakh: the Bengali month opens the day after the sun enters Aries
    (
        r"rabindra(?:nath)?\s+jayanti",
        Feast::Sankranti { sign: 0, shift: 25 },
    ),
    (r"(?:thiru\s*)?onam|thiruvonam", Feast::Onam),
    (r"great\s+(?:fast|lent)", Feast::GreatLent),
    (r"election\s+day", Feast::ElectionDay),
    (r"koningsdag|king'?s\s+day", Feast::Koningsdag),
];

/// The alternation of all [`FEAST_NAMES`], for a larger pattern.
pub(crate) fn feast_pattern() -> String {
    FEAST_NAMES
        .iter()
        .map(|(p, _)| format!("(?:{p})"))
        .collect::<Vec<_>>()
        .join("|")
}

/// The feast a whole (lower-case) name stands for.
pub(crate) fn feast_named(w: &str) -> Option<Feast> {
    static RES: LazyLock<Vec<(regex::Regex, Feast)>> = LazyLock::new(|| {
        FEAST_NAMES
            .iter()
            .filter_map(|(p, f)| {
                regex::Regex::new(&format!("^(?:{p})$"))
                    .ok()
                    .map(|r| (r, *f))
            })
            .collect()
    });
    let w = w.replace('’', "'");
    RES.iter().find(|(r, _)| r.is_match(&w)).map(|(_, f)| *f)
}

/// How many days the feast lasts (1 for a single day).
pub(crate) fn feast_days(f: Feast) -> u8 {
    match f {
        Feast::Hebrew { days, .. } | Feast::Tithi { days, .. } => days.max(1),
        Feast::Ramadan => 30,
        Feast::GreatLent => 40,
        _ => 1,
    }
}

/// Start dates of `f` in Gregorian year `y`, with their length in days.
pub(crate) fn feast_dates(f: Feast, y: i32) -> Vec<(Date, u8)> {
    type Cache = HashMap<(Feast, i32), Vec<(Date, u8)>>;
    static CACHE: LazyLock<Mutex<Cache>> = LazyLock::new(|| Mutex::new(HashMap::new()));
    if let Ok(cache) = CACHE.lock() {
        if let Some(v) = cache.get(&(f, y)) {
            return v.clone();
        }
    }
    let v: Vec<(Date, u8)> = compute(f, y)
        .into_iter()
        .map(Date::from_days_since_epoch)
        .filter(|d| d.year() == y)
        .map(|d| (d, feast_days(f)))
        .map(|(d, n)| match f {
            Feast::Ramadan => (d, ramadan_days(d)),
            _ => (d, n),
        })
        .collect();
    if let Ok(mut cache) = CACHE.lock() {
        cache.insert((f, y), v.clone());
    }
    v
}

fn ramadan_days(start: Date) -> u8 {
    let s = start.days_since_epoch();
    (29..=30)
        .find(|n| islamic_is_month_start(s + n))
        .unwrap_or(30) as u8
}

fn compute(f: Feast, y: i32) -> Vec<i64> {
    match f {
        Feast::ChineseNewYear => chinese_new_year(y).into_iter().collect(),
        Feast::Hebrew { month, day, .. } => hebrew_in_year(y, month, day)
            .into_iter()
            .map(|d| d - 1)
            .collect(),
        Feast::TishaBav => hebrew_in_year(y, 5, 9)
            .into_iter()
            .map(|d| if weekday(d) == 5 { d + 1 } else { d } - 1)
            .collect(),
        Feast::YomHashoah => hebrew_in_year(y, 1, 27)
            .into_iter()
            .map(|d| match weekday(d) {
                4 => d - 1,
                6 => d + 1,
                _ => d,
            } - 1)
            .collect(),
        Feast::Islamic { month, day } => islamic_in_year(y, month, day),
        Feast::Ramadan => islamic_in_year(y, 9, 1),
        Feast::JumuatulWida => islamic_in_year(y, 10, 1)
            .into_iter()
            .map(|eid| eid - 1 - (weekday(eid - 1) - 4).rem_euclid(7))
            .collect(),
        Feast::Tithi {
            month,
            tithi,
            at,
            shift,
            ..
        } => hindu_festival(y, month, tithi, at)
            .into_iter()
            .map(|d| d + i64::from(shift))
            .collect(),
        Feast::Sankranti { sign, shift } => sankranti(y, f64::from(sign) * 30.0)
            .into_iter()
            .map(|d| d + i64::from(shift))
            .collect(),
        Feast::Onam => onam(y).into_iter().collect(),
        Feast::ParsiNewYear => {
            // 17 August 2018 opened a Shahenshahi year; each year is 365 days.
            let anchor = days(2018, 8, 17);
            let jan1 = days(y, 1, 1);
            let k = (jan1 - anchor).div_euclid(365);
            (k..=k + 1).map(|k| anchor + 365 * k).collect()
        }
        Feast::GreatLent => super::forward::orthodox_easter(y)
            .map(|d| d.days_since_epoch() - 48)
            .into_iter()
            .collect(),
        Feast::EarthHour => {
            let last = days(y, 3, 31);
            let sat = last - (weekday(last) - 5).rem_euclid(7);
            let holy = super::forward::easter(y).map(|d| d.days_since_epoch() - 1);
            vec![if holy == Some(sat) { sat - 7 } else { sat }]
        }
        Feast::ElectionDay => {
            let d = days(y, 11, 2);
            vec![d + (1 - weekday(d)).rem_euclid(7)]
        }
        Feast::Koningsdag => {
            let d = days(y, 4, 27);
            vec![if weekday(d) == 6 { d - 1 } else { d }]
        }
    }
}

fn days(y: i32, m: u32, d: u32) -> i64 {
    Date::new(y, m, d).map(Date::days_since_epoch).unwrap_or(0)
}

/// Monday = 0 .. Sunday = 6.
fn weekday(d: i64) -> i64 {
    (d + 3).rem_euclid(7)
}

// ---------------------------------------------------------------- Hebrew calendar

/// 1 Tishri of year 1 of the Hebrew era, in days since 1970.
const HEBREW_EPOCH: i64 = -2_092_590;

fn hebrew_leap(y: i64) -> bool {
    (7 * y + 1).rem_euclid(19) < 7
}

/// Days from the epoch's molad to the new year's molad, with the molad postponement.
fn hebrew_elapsed(y: i64) -> i64 {
    let months = (235 * y - 234).div_euclid(19);
    let parts = 12_084 + 13_753 * months;
    let day = 29 * months + parts.div_euclid(25_920);
    if (3 * (day + 1)).rem_euclid(7) < 3 {
        day + 1
    } else {
        day
    }
}

fn hebrew_new_year(y: i64) -> i64 {
    let (a, b, c) = (
        hebrew_elapsed(y - 1),
        hebrew_elapsed(y),
        hebrew_elapsed(y + 1),
    );
    let delay = if c - b == 356 {
        2
    } else if b - a == 382 {
        1
    } else {
        0
    };
    HEBREW_EPOCH + b + delay
}

fn hebrew_month_days(y: i64, m: u8) -> i64 {
    let len = hebrew_new_year(y + 1) - hebrew_new_year(y);
    match m {
        2 | 4 | 6 | 10 | 13 => 29,
        12 if !hebrew_leap(y) => 29,
        8 if len % 10 != 5 => 29,
        9 if len % 10 == 3 => 29,
        _ => 30,
    }
}

/// The day of Hebrew date (`y`, `m`, `d`); "Adar" (12) means Adar II in a leap year.
fn hebrew_date(y: i64, m: u8, d: u8) -> i64 {
    let last = if hebrew_leap(y) { 13 } else { 12 };
    let m = if m == 12 { last } else { m };
    let mut r = hebrew_new_year(y) + i64::from(d) - 1;
    if m < 7 {
        r += (7..=last).map(|k| hebrew_month_days(y, k)).sum::<i64>();
        r += (1..m).map(|k| hebrew_month_days(y, k)).sum::<i64>();
    } else {
        r += (7..m).map(|k| hebrew_month_days(y, k)).sum::<i64>();
    }
    r
}

fn hebrew_in_year(gy: i32, m: u8, d: u8) -> Vec<i64> {
    let y = i64::from(gy);
    [y + 3760, y + 3761]
        .into_iter()
        .map(|hy| hebrew_date(hy, m, d))
        .collect()
}

// ---------------------------------------------------------------- astronomy

const JD_UNIX: f64 = 2_440_587.5;
/// Terrestrial minus universal time, about 69 s in this era.
const DELTA_T: f64 = 69.0 / 86_400.0;

fn rad(d: f64) -> f64 {
    d * PI / 180.0
}

fn centuries(jd: f64) -> f64 {
    (jd + DELTA_T - 2_451_545.0) / 36_525.0
}

fn sun_longitude(jd: f64) -> f64 {
    let t = centuries(jd);
    let l0 = 280.46646 + 36_000.769_83 * t + 0.000_303_2 * t * t;
    let m = rad(357.52911 + 35_999.050_29 * t - 0.000_153_7 * t * t);
    let c = (1.914_602 - 0.004_817 * t) * m.sin()
        + (0.019_993 - 0.000_101 * t) * (2.0 * m).sin()
        + 0.000_289 * (3.0 * m).sin();
    (l0 + c - 0.00569).rem_euclid(360.0)
}

/// Periodic terms of the moon's longitude: multiples of D, M, M', F and the
/// amplitude in millionths of a degree.
const MOON_TERMS: [(f64, f64, f64, f64, f64); 40] = [
    (0.0, 0.0, 1.0, 0.0, 6_288_774.0),
    (2.0, 0.0, -1.0, 0.0, 1_274_027.0),
    (2.0, 0.0, 0.0, 0.0, 658_314.0),
    (0.0, 0.0, 2.0, 0.0, 213_618.0),
    (0.0, 1.0, 0.0, 0.0, -185_116.0),
    (0.0, 0.0, 0.0, 2.0, -114_332.0),
    (2.0, 0.0, -2.0, 0.0, 58_793.0),
    (2.0, -1.0, -1.0, 0.0, 57_066.0),
    (2.0, 0.0, 1.0, 0.0, 53_322.0),
    (2.0, -1.0, 0.0, 0.0, 45_758.0),
    (0.0, 1.0, -1.0, 0.0, -40_923.0),
    (1.0, 0.0, 0.0, 0.0, -34_720.0),
    (0.0, 1.0, 1.0, 0.0, -30_383.0),
    (2.0, 0.0, 0.0, -2.0, 15_327.0),
    (0.0, 0.0, 1.0, 2.0, -12_528.0),
    (0.0, 0.0, 1.0, -2.0, 10_980.0),
    (4.0, 0.0, -1.0, 0.0, 10_675.0),
    (0.0, 0.0, 3.0, 0.0, 10_034.0),
    (4.0, 0.0, -2.0, 0.0, 8_548.0),
    (2.0, 1.0, -1.0, 0.0, -7_888.0),
    (2.0, 1.0, 0.0, 0.0, -6_766.0),
    (1.0, 0.0, -1.0, 0.0, -5_163.0),
    (1.0, 1.0, 0.0, 0.0, 4_987.0),
    (2.0, -1.0, 1.0, 0.0, 4_036.0),
    (2.0, 0.0, 2.0, 0.0, 3_994.0),
    (4.0, 0.0, 0.0, 0.0, 3_861.0),
    (2.0, 0.0, -3.0, 0.0, 3_665.0),
    (0.0, 1.0, -2.0, 0.0, -2_689.0),
    (2.0, 0.0, -1.0, 2.0, -2_602.0),
    (2.0, -1.0, -2.0, 0.0, 2_390.0),
    (1.0, 0.0, 1.0, 0.0, -2_348.0),
    (2.0, -2.0, 0.0, 0.0, 2_236.0),
    (0.0, 1.0, 2.0, 0.0, -2_120.0),
    (0.0, 2.0, 0.0, 0.0, -2_069.0),
    (2.0, -2.0, -1.0, 0.0, 2_048.0),
    (2.0, 0.0, 1.0, -2.0, -1_773.0),
    (2.0, 0.0, 0.0, 2.0, -1_595.0),
    (4.0, -1.0, -1.0, 0.0, 1_215.0),
    (0.0, 0.0, 2.0, 2.0, -1_110.0),
    (3.0, 0.0, -1.0, 0.0, -892.0),
];

fn moon_longitude(jd: f64) -> f64 {
    let t = centuries(jd);
    let lp = 218.316_447_7 + 481_267.881_234_21 * t - 0.001_578_6 * t * t;
    let d = rad(297.850_192_1 + 445_267.111_403_4 * t - 0.001_881_9 * t * t);
    let m = rad(357.529_109_2 + 35_999.050_290_9 * t - 0.000_153_6 * t * t);
    let mp = rad(134.963_396_4 + 477_198.867_505_5 * t + 0.008_741_4 * t * t);
    let f = rad(93.272_095 + 483_202.017_523_3 * t - 0.003_653_9 * t * t);
    let e = 1.0 - 0.002_516 * t - 0.000_007_4 * t * t;
    let mut s: f64 = MOON_TERMS
        .iter()
        .map(|&(cd, cm, cmp, cf, amp)| {
            amp * e.powi(cm.abs() as i32) * (cd * d + cm * m + cmp * mp + cf * f).sin()
        })
        .sum();
    s += 3958.0 * rad(119.75 + 131.849 * t).sin()
        + 1962.0 * (rad(lp) - f).sin()
        + 318.0 * rad(53.09 + 479_264.29 * t).sin();
    (lp + s / 1e6).rem_euclid(360.0)
}

/// Moon minus sun longitude, 0..360.
fn elongation(jd: f64) -> f64 {
    (moon_longitude(jd) - sun_longitude(jd)).rem_euclid(360.0)
}

/// The instant near `guess` when the elongation is `target` degrees.
fn solve_elongation(target: f64, guess: f64) -> f64 {
    let mut jd = guess;
    for _ in 0..30 {
        let e = (elongation(jd) - target + 180.0).rem_euclid(360.0) - 180.0;
        jd -= e / 12.19;
        if e.abs() < 1e-6 {
            break;
        }
    }
    jd
}

const SYNODIC: f64 = 29.530_588_853;
/// A new moon (6 January 2000, 18:14 UT).
const NEW_MOON_2000: f64 = 2_451_550.26;

/// New moons (Julian days, UT) in `[from, to)`.
fn new_moons(from: f64, to: f64) -> Vec<f64> {
    let mut k = ((from - NEW_MOON_2000) / SYNODIC).floor() - 1.0;
    let mut out = Vec::new();
    loop {
        let j = solve_elongation(0.0, NEW_MOON_2000 + SYNODIC * k);
        if j >= to {
            return out;
        }
        if j >= from {
            out.push(j);
        }
        k += 1.0;
    }
}

fn jd_of_day(d: i64) -> f64 {
    d as f64 + JD_UNIX
}

/// The civil day (in a zone `tz` hours east of UTC) of instant `jd`, and the hour.
fn local_day(jd: f64, tz: f64) -> (i64, f64) {
    let x = jd - JD_UNIX + tz / 24.0;
    let d = x.floor();
    (d as i64, (x - d) * 24.0)
}

// ---------------------------------------------------------------- Chinese new year

/// The first new moon, in Beijing, on or after 21 January.
fn chinese_new_year(y: i32) -> Option<i64> {
    let from = days(y, 1, 21);
    new_moons(jd_of_day(from - 1), jd_of_day(from + 40))
        .into_iter()
        .map(|j| local_day(j, 8.0).0)
        .find(|&d| d >= from)
}

// ---------------------------------------------------------------- Islamic calendar

/// The tabular (arithmetical) Islamic calendar's day for (`y`, `m`, `d`), used only to
/// find which new moon opens a month.
fn islamic_tabular(y: i64, m: u8, d: u8) -> i64 {
    const EPOCH: i64 = -492_148;
    let m = i64::from(m);
    EPOCH - 1 + (y - 1) * 354 + (3 + 11 * y).div_euclid(30) + (59 * (m - 1) + 1) / 2 + i64::from(d)
}

/// A month begins on the day after the new moon when the conjunction comes before
/// sunset in Mecca (about 18:00, UTC+3), else a day later.
fn islamic_month_start(y: i64, m: u8) -> i64 {
    let tab = islamic_tabular(y, m, 1);
    let conj = solve_elongation(0.0, jd_of_day(tab) - 1.0);
    let (day, hour) = local_day(conj, 3.0);
    if hour < 18.0 {
        day + 1
    } else {
        day + 2
    }
}

fn islamic_is_month_start(d: i64) -> bool {
    // the new moon closest before d
    let conj = solve_elongation(0.0, jd_of_day(d) - 1.0);
    let (day, hour) = local_day(conj, 3.0);
    let start = if hour < 18.0 { day + 1 } else { day + 2 };
    start == d
}

fn islamic_in_year(gy: i32, m: u8, d: u8) -> Vec<i64> {
    let approx = ((f64::from(gy) - 622.0) * 1.030_7) as i64;
    (approx - 1..=approx + 2)
        .map(|iy| islamic_month_start(iy, m) + i64::from(d) - 1)
        .collect()
}

// ---------------------------------------------------------------- Hindu calendar

/// India Standard Time.
const IST: f64 = 5.5;

/// Lahiri's ayanamsa: the sidereal zodiac's offset from the tropical one.
fn ayanamsa(jd: f64) -> f64 {
    23.857 + (jd - 2_451_545.0) / 365.25 * 50.29 / 3600.0
}

fn sidereal_sun(jd: f64) -> f64 {
    (sun_longitude(jd) - ayanamsa(jd)).rem_euclid(360.0)
}

fn sidereal_moon(jd: f64) -> f64 {
    (moon_longitude(jd) - ayanamsa(jd)).rem_euclid(360.0)
}

/// Sunrise and sunset (IST hours) at Ujjain (23.2° N, 75.8° E), the meridian of the
/// Hindu calendar, from a simple model of the sun's declination and the equation of
/// time (good to a few minutes).
fn sun_rise_set(d: i64) -> (f64, f64) {
    let date = Date::from_days_since_epoch(d);
    let n = (d - days(date.year(), 1, 1) + 1) as f64;
    let decl = -23.44 * (2.0 * PI * (n + 10.0) / 365.0).cos();
    let lat: f64 = 23.2;
    let cos_ha = (-rad(lat).tan() * rad(decl).tan()).clamp(-1.0, 1.0);
    let ha = cos_ha.acos() * 180.0 / PI;
    let b = 2.0 * PI * (n - 81.0) / 365.0;
    let eot = 9.87 * (2.0 * b).sin() - 7.53 * b.cos() - 1.5 * b.sin();
    let noon = 12.0 + (82.5 - 75.8) * 4.0 / 60.0 - eot / 60.0;
    (noon - ha / 15.0, noon + ha / 15.0)
}

fn jd_at(d: i64, hour: f64) -> f64 {
    jd_of_day(d) + (hour - IST) / 24.0
}

/// The lunar day (1..=30) at an instant.
fn lunar_day(jd: f64) -> u8 {
    (elongation(jd) / 12.0).floor() as u8 + 1
}

/// Amanta lunar months overlapping Gregorian year `y`: (first new moon, next new moon,
/// month number with Chaitra = 1). A month in which the sun enters no new sign is an
/// added (adhika) month and is left out, as festivals fall in the regular month.
fn lunar_months(y: i32) -> Vec<(f64, f64, u8)> {
    let nms = new_moons(jd_of_day(days(y - 1, 11, 1)), jd_of_day(days(y + 1, 3, 1)));
    nms.windows(2)
        .filter_map(|w| {
            let s1 = (sidereal_sun(w[0]) / 30.0).floor() as u8;
            let s2 = (sidereal_sun(w[1]) / 30.0).floor() as u8;
            (s1 != s2).then_some((w[0], w[1], (s1 + 1) % 12 + 1))
        })
        .collect()
}

fn moment_hour(d: i64, at: Moment) -> f64 {
    let (rise, set) = sun_rise_set(d);
    match at {
        Moment::Sunrise => rise,
        Moment::Midday => (rise + set) / 2.0,
        Moment::Afternoon => rise + (set - rise) * 0.7,
        Moment::Evening => set + 1.2,
        Moment::Moonrise => set + 2.0,
        Moment::Midnight => 24.0,
    }
}

fn hindu_festival(y: i32, month: u8, t: u8, at: Moment) -> Vec<i64> {
    lunar_months(y)
        .into_iter()
        .filter(|m| m.2 == month)
        .filter_map(|(a, b, _)| {
            let first = local_day(a, IST).0;
            let last = local_day(b, IST).0 + 1;
            (first..=last).find(|&d| {
                let jd = jd_at(d, moment_hour(d, at));
                jd > a && jd < b + 1.0 && lunar_day(jd) == t
            })
        })
        .collect()
}

/// The day the sun enters sidereal longitude `deg`, in India; an entry after sunset
/// counts for the next day.
fn sankranti(y: i32, deg: f64) -> Option<i64> {
    let past = |jd: f64| (sidereal_sun(jd) - deg).rem_euclid(360.0) < 180.0;
    let start = days(y, 1, 1);
    let d = (start..start + 366).find(|&d| !past(jd_at(d, 0.0)) && past(jd_at(d + 1, 0.0)))?;
    let (mut lo, mut hi) = (jd_at(d, 0.0), jd_at(d + 1, 0.0));
    for _ in 0..40 {
        let mid = (lo + hi) / 2.0;
        if past(mid) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    let hour = (hi - jd_at(d, 0.0)) * 24.0;
    Some(if hour > sun_rise_set(d).1 { d + 1 } else { d })
}

/// The first day of the solar month of Chingam (sun in sidereal Leo) whose lunar
/// mansion six nazhika (2.4 hours) after sunrise is Thiruvonam (the 22nd).
fn onam(y: i32) -> Option<i64> {
    (days(y, 8, 1)..days(y, 10, 1)).find(|&d| {
        let jd = jd_at(d, sun_rise_set(d).0 + 2.4);
        (sidereal_sun(jd) / 30.0).floor() as u8 == 4
            && (sidereal_moon(jd) / (360.0 / 27.0)).floor() as u8 == 21
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> Date {
        Date::new(y, m, d).expect("valid test date")
    }

    fn first(f: Feast, y: i32) -> Option<Date> {
        feast_dates(f, y).first().map(|x| x.0)
    }

    #[test]
    fn hebrew_dates_are_exact() {
        // 1 Tishri 5785 was Thursday 3 October 2024; 15 Nisan 5784 was 23 April 2024.
        assert_eq!(
            Date::from_days_since_epoch(hebrew_date(5785, 7, 1)),
            ymd(2024, 10, 3)
        );
        assert_eq!(
            Date::from_days_since_epoch(hebrew_date(5784, 1, 15)),
            ymd(2024, 4, 23)
        );
        // Feasts start on their eve: Yom Kippur 2024 began on the evening of 11 October.
        let yk = Feast::Hebrew {
            month: 7,
            day: 10,
            days: 1,
        };
        assert_eq!(first(yk, 2024), Some(ymd(2024, 10, 11)));
    }

    #[test]
    fn tisha_bav_moves_off_the_sabbath() {
        // 9 Av 5785 was Sunday 3 August 2025 (no move); 9 Av 5782 fell on Saturday
        // 6 August 2022 and the fast was kept on Sunday the 7th (eve: the 6th).
        assert_eq!(first(Feast::TishaBav, 2025), Some(ymd(2025, 8, 2)));
        assert_eq!(first(Feast::TishaBav, 2022), Some(ymd(2022, 8, 6)));
    }

    #[test]
    fn chinese_new_year_follows_the_new_moon() {
        assert_eq!(first(Feast::ChineseNewYear, 2024), Some(ymd(2024, 2, 10)));
        assert_eq!(first(Feast::ChineseNewYear, 2023), Some(ymd(2023, 1, 22)));
    }

    #[test]
    fn islamic_months_follow_the_new_moon() {
        // Ramadan 1445 began on 11 March 2024 and lasted 30 days; Eid al-Fitr 1446
        // was 30 March 2025.
        assert_eq!(
            feast_dates(Feast::Ramadan, 2024),
            vec![(ymd(2024, 3, 11), 30)]
        );
        let fitr = Feast::Islamic { month: 10, day: 1 };
        assert_eq!(first(fitr, 2025), Some(ymd(2025, 3, 30)));
    }

    #[test]
    fn hindu_festivals_follow_the_lunar_day() {
        // Diwali 2023 was 12 November; Ganesh Chaturthi 2023 was 19 September.
        let diwali = Feast::Tithi {
            month: 7,
            tithi: 30,
            at: Moment::Evening,
            shift: 0,
            days: 1,
        };
        assert_eq!(first(diwali, 2023), Some(ymd(2023, 11, 12)));
        let ganesh = Feast::Tithi {
            month: 6,
            tithi: 4,
            at: Moment::Midday,
            shift: 0,
            days: 1,
        };
        assert_eq!(first(ganesh, 2023), Some(ymd(2023, 9, 19)));
        // Makar Sankranti 2024 fell on 15 January: the sun entered sidereal Capricorn
        // in the small hours of the 15th, Indian time.
        let makar = Feast::Sankranti { sign: 9, shift: 0 };
        assert_eq!(first(makar, 2024), Some(ymd(2024, 1, 15)));
    }

    #[test]
    fn civil_rules() {
        // 27 April 2025 was a Sunday, so King's Day moved to Saturday the 26th.
        assert_eq!(first(Feast::Koningsdag, 2025), Some(ymd(2025, 4, 26)));
        assert_eq!(first(Feast::Koningsdag, 2024), Some(ymd(2024, 4, 27)));
        // 1 November 2022 was a Tuesday but the first Monday came after it
        assert_eq!(first(Feast::ElectionDay, 2022), Some(ymd(2022, 11, 8)));
        assert_eq!(first(Feast::ElectionDay, 2024), Some(ymd(2024, 11, 5)));
        // Earth Hour: 25 March 2023; in 2024 the last Saturday of March was Holy
        // Saturday, so it was held on the 23rd.
        assert_eq!(first(Feast::EarthHour, 2023), Some(ymd(2023, 3, 25)));
        assert_eq!(first(Feast::EarthHour, 2024), Some(ymd(2024, 3, 23)));
        assert_eq!(first(Feast::ParsiNewYear, 2024), Some(ymd(2024, 8, 15)));
    }
}
