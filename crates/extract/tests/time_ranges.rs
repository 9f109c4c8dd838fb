//! Stretches between two times ("from 2019 to 2021", "March 3-5", "1-3 June"): the
//! ends stay times of their own, the stretch is read on top of them. The sentences are
//! written for these tests.

use newsfuse_core::{Date, TimeRef};
use newsfuse_extract::time::{find_ranges, find_times};
use proptest::prelude::*;

fn published() -> Option<Date> {
    Date::new(2024, 5, 10).ok()
}

/// The stretches of `text` as (text, ISO interval).
fn ranges(text: &str) -> Vec<(String, String)> {
    let times = find_times(text, published());
    find_ranges(text, &times)
        .into_iter()
        .map(|(sp, r)| (text[sp.start()..sp.end()].to_string(), r.iso()))
        .collect()
}

/// The times of `text` as (text, ISO value) for points.
fn points(text: &str) -> Vec<(String, String)> {
    find_times(text, published())
        .into_iter()
        .filter_map(|(sp, r)| match r {
            TimeRef::Point { value } => Some((text[sp.start()..sp.end()].to_string(), value.iso())),
            _ => None,
        })
        .collect()
}

fn pair(a: &str, b: &str) -> Vec<(String, String)> {
    vec![(a.to_string(), b.to_string())]
}

#[test]
fn day_ranges_in_a_month() {
    assert_eq!(
        ranges("The fair ran March 3-5 in the old port."),
        pair("March 3-5", "2024-03-03/2024-03-05")
    );
    assert_eq!(
        ranges("Talks were held from March 3 to March 5."),
        pair("from March 3 to March 5", "2024-03-03/2024-03-05")
    );
    assert_eq!(
        ranges("Roads were shut March 3 through the 6th."),
        pair("March 3 through the 6th", "2024-03-03/2024-03-06")
    );
    assert_eq!(
        ranges("The curfew lasted between 3 and 5 March."),
        pair("between 3 and 5 March", "2024-03-03/2024-03-05")
    );
    assert_eq!(
        ranges("Voting took place 1-3 February."),
        pair("1-3 February", "2024-02-01/2024-02-03")
    );
}

#[test]
fn the_bare_ends_are_times_of_their_own() {
    assert_eq!(
        points("Voting took place 1-3 February."),
        vec![
            ("1".to_string(), "2024-02-01".to_string()),
            ("3 February".to_string(), "2024-02-03".to_string())
        ]
    );
    assert_eq!(
        points("The drought of 2019-2021 emptied the dams."),
        vec![
            ("2019".to_string(), "2019".to_string()),
            ("2021".to_string(), "2021".to_string())
        ]
    );
}

#[test]
fn year_month_weekday_and_clock_ranges() {
    assert_eq!(
        ranges("The drought of 2019-2021 emptied the dams."),
        pair("2019-2021", "2019/2021")
    );
    assert_eq!(
        ranges("He played in the 2019-20 season."),
        pair("the 2019-20", "2019/2020")
    );
    assert_eq!(
        ranges("The mine was closed between 1990 and 1995."),
        pair("between 1990 and 1995", "1990/1995")
    );
    assert_eq!(
        ranges("Prices rose from May to July."),
        pair("from May to July", "2024-05/2024-07")
    );
    assert_eq!(
        ranges("Schools stayed shut from Monday to Wednesday."),
        pair("from Monday to Wednesday", "2024-05-06/2024-05-08")
    );
    assert_eq!(
        ranges("The clinic opened between 10 a.m. and noon."),
        pair(
            "between 10 a.m. and noon",
            "2024-05-10T10:00/2024-05-10T12:00"
        )
    );
}

#[test]
fn a_clock_range_past_midnight_ends_the_next_day() {
    assert_eq!(
        ranges("The blackout lasted from 10 p.m. to 2 a.m."),
        pair(
            "from 10 p.m. to 2 a.m.",
            "2024-05-10T22:00/2024-05-11T02:00"
        )
    );
}

#[test]
fn two_times_side_by_side_are_no_range() {
    // "and" without "between" names two times; a comma names two times.
    assert_eq!(ranges("Shops closed on Monday and Wednesday."), vec![]);
    assert_eq!(ranges("Talks were held on May 3, May 5 and May 7."), vec![]);
    // Ends of different kinds, or out of order.
    assert_eq!(ranges("It ran from 2019 to March."), vec![]);
    assert_eq!(ranges("The vote moved from 2021 to 2019."), vec![]);
}

#[test]
fn figures_that_are_not_ends_stay_figures() {
    // A clock time after a day, a score, a share, a long figure.
    let text = "The office on March 3 was open until 5 p.m.";
    let found: Vec<String> = find_times(text, published())
        .into_iter()
        .map(|(sp, r)| format!("{} {r:?}", &text[sp.start()..sp.end()]))
        .collect();
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found[1].starts_with("until 5 p.m. Until"), "{found:?}");
    assert_eq!(ranges("Prices in 1990-95% of shops rose."), vec![]);
    assert_eq!(ranges("The code 2019-20-31 was wrong."), vec![]);
    assert_eq!(ranges("On March 3, 4 people were hurt."), vec![]);
}

proptest! {
    /// "Month d1-d2" with d1 < d2 is the stretch from the d1st to the d2nd of the month,
    /// and each end is a time of its own.
    #[test]
    fn a_dash_between_two_days_of_a_month(month in 1u32..=12, d1 in 1u32..=25, len in 1u32..=3) {
        let names = ["January", "February", "March", "April", "May", "June", "July",
            "August", "September", "October", "November", "December"];
        let d2 = d1 + len;
        let text = format!("The festival ran {} {d1}-{d2} in the square.", names[month as usize - 1]);
        let times = find_times(&text, published());
        let found = find_ranges(&text, &times);
        prop_assert_eq!(found.len(), 1, "{}", text);
        let (_, r) = found[0];
        prop_assert_eq!(r.from.day, Some(d1 as u8));
        prop_assert_eq!(r.to.day, Some(d2 as u8));
        prop_assert_eq!(r.from.month, Some(month as u8));
        prop_assert_eq!(r.to.month, Some(month as u8));
        prop_assert_eq!(r.from.year, r.to.year);
        let days = r.date_range().map(|d| d.days());
        prop_assert_eq!(days, Some(i64::from(len) + 1));
    }

    /// "from Y1 to Y2" with Y1 < Y2 is the stretch over both years; the other order is
    /// none.
    #[test]
    fn from_one_year_to_another(y1 in 1950i32..2000, gap in -20i32..20) {
        let y2 = y1 + gap;
        let text = format!("The ban lasted from {y1} to {y2}, officials said.");
        let times = find_times(&text, published());
        let found = find_ranges(&text, &times);
        if gap > 0 {
            prop_assert_eq!(found.len(), 1, "{}", text);
            prop_assert_eq!(found[0].1.iso(), format!("{y1}/{y2}"));
        } else if gap < 0 {
            prop_assert!(found.is_empty(), "{}", text);
        }
    }
}

proptest! {
    /// Any run of date words, figures, dashes and joining words reads without panic;
    /// every stretch covers two neighbouring times of the text, whose values are its
    /// ends, and begins no later than it ends.
    #[test]
    fn stretches_cover_their_two_ends(words in proptest::collection::vec(proptest::sample::select(vec![
        "from", "between", "to", "and", "through", "until", "-", "–", "the", "on", "March",
        "May", "June", "3", "5", "13th", "2019", "2021", "20", "1990", "Monday", "Friday",
        "10", "a.m.", "p.m.", "noon", "midnight", "people", ",", "of", "95%", "9/11",
    ]), 1..14)) {
        let text = words.join(" ");
        let times = find_times(&text, published());
        for (span, range) in find_ranges(&text, &times) {
            prop_assert!(span.end() <= text.len());
            let inside: Vec<_> = times
                .iter()
                .filter(|(t, _)| span.contains(*t))
                .collect();
            prop_assert!(inside.len() >= 2, "{text}: {inside:?}");
            let values: Vec<_> = inside
                .iter()
                .filter_map(|(_, r)| match r {
                    TimeRef::Point { value } => Some(value.iso()),
                    _ => None,
                })
                .collect();
            prop_assert!(values.contains(&range.from.iso()), "{text}: {values:?} {range:?}");
            let days = range.date_range();
            prop_assert!(days.is_some_and(|d| d.first <= d.last), "{text}: {range:?}");
        }
    }
}
