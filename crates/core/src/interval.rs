use std::fmt;

use serde::{Deserialize, Serialize};

/// A set of whole numbers `[min, max]`, with `max = None` meaning unbounded above.
///
/// Counts of people and things are whole numbers, so open bounds are stored closed:
/// "more than a dozen" is (12, ∞) and stored as `[13, ∞)`. Invariant: `min <= max`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Interval {
    min: u64,
    max: Option<u64>,
}

/// Why an interval could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IntervalError {
    /// The lower bound is above the upper bound.
    #[error("interval lower bound {min} is above its upper bound {max}")]
    Empty {
        /// The lower bound given.
        min: u64,
        /// The upper bound given.
        max: u64,
    },
}

impl Interval {
    /// `[min, max]`, or `[min, ∞)` when `max` is `None`.
    pub fn new(min: u64, max: Option<u64>) -> Result<Interval, IntervalError> {
        match max {
            Some(max) if max < min => Err(IntervalError::Empty { min, max }),
            _ => Ok(Interval { min, max }),
        }
    }

    /// Exactly `n`: `[n, n]`.
    pub fn exact(n: u64) -> Interval {
        Interval {
            min: n,
            max: Some(n),
        }
    }

    /// `[n, ∞)`.
    pub fn at_least(n: u64) -> Interval {
        Interval { min: n, max: None }
    }

    /// `[0, n]`.
    pub fn at_most(n: u64) -> Interval {
        Interval {
            min: 0,
            max: Some(n),
        }
    }

    /// `[a, b]` with the bounds put in order.
    pub fn between(a: u64, b: u64) -> Interval {
        Interval {
            min: a.min(b),
            max: Some(a.max(b)),
        }
    }

    /// Lower bound (inclusive).
    pub fn min(self) -> u64 {
        self.min
    }

    /// Upper bound (inclusive), `None` when unbounded.
    pub fn max(self) -> Option<u64> {
        self.max
    }

    /// The single value when the interval holds exactly one.
    pub fn point(self) -> Option<u64> {
        match self.max {
            Some(max) if max == self.min => Some(max),
            _ => None,
        }
    }

    /// Whether `n` lies in the interval.
    pub fn contains(self, n: u64) -> bool {
        n >= self.min && self.max.is_none_or(|max| n <= max)
    }

    /// Whether every value of `other` lies in `self`.
    pub fn contains_interval(self, other: Interval) -> bool {
        other.min >= self.min
            && match (self.max, other.max) {
                (None, _) => true,
                (Some(_), None) => false,
                (Some(a), Some(b)) => b <= a,
            }
    }

    /// The values in both, or `None` when they share none.
    pub fn intersect(self, other: Interval) -> Option<Interval> {
        let min = self.min.max(other.min);
        let max = match (self.max, other.max) {
            (None, m) | (m, None) => m,
            (Some(a), Some(b)) => Some(a.min(b)),
        };
        Interval::new(min, max).ok()
    }

    /// Whether the two intervals share a value.
    pub fn is_consistent_with(self, other: Interval) -> bool {
        self.intersect(other).is_some()
    }

    /// The values of `a + b` for `a` in `self` and `b` in `other`: the bounds added
    /// (saturating), an open upper bound staying open. "Three soldiers and two
    /// civilians" is 3 + 2; "at least 4 and about 10" is [4, ∞) + [9, 11] = [13, ∞).
    pub fn sum(self, other: Interval) -> Interval {
        let max = match (self.max, other.max) {
            (Some(a), Some(b)) => Some(a.saturating_add(b)),
            _ => None,
        };
        Interval {
            min: self.min.saturating_add(other.min),
            max,
        }
    }

    /// The smallest interval holding both.
    pub fn hull(self, other: Interval) -> Interval {
        let max = match (self.max, other.max) {
            (Some(a), Some(b)) => Some(a.max(b)),
            _ => None,
        };
        Interval {
            min: self.min.min(other.min),
            max,
        }
    }
}

impl fmt::Display for Interval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.max {
            Some(max) if max == self.min => write!(f, "{max}"),
            Some(max) => write!(f, "[{}, {max}]", self.min),
            None => write!(f, "[{}, ∞)", self.min),
        }
    }
}

/// How the writer qualified a number ("at least 93", "up to five", "about 40").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Qualifier {
    /// A bare number: "139 lives".
    Exact,
    /// "at least", "no fewer than", "a minimum of".
    AtLeast,
    /// "at most", "no more than", "a maximum of".
    AtMost,
    /// "up to".
    UpTo,
    /// "more than", "over", "upwards of".
    MoreThan,
    /// "fewer than", "less than", "under".
    FewerThan,
    /// "about", "around", "some", "approximately", "roughly", "an estimated".
    About,
    /// "nearly", "almost", "close to".
    Nearly,
    /// "between X and Y", "X to Y", "X-Y".
    Between,
    /// A vague plural: "dozens", "scores", "hundreds".
    Vague,
}

impl Qualifier {
    /// The snake_case name used in JSON and the store.
    pub fn as_str(self) -> &'static str {
        match self {
            Qualifier::Exact => "exact",
            Qualifier::AtLeast => "at_least",
            Qualifier::AtMost => "at_most",
            Qualifier::UpTo => "up_to",
            Qualifier::MoreThan => "more_than",
            Qualifier::FewerThan => "fewer_than",
            Qualifier::About => "about",
            Qualifier::Nearly => "nearly",
            Qualifier::Between => "between",
            Qualifier::Vague => "vague",
        }
    }

    /// The interval a qualified number `n` stands for.
    ///
    /// "about n" is ±10% (at least ±1), "nearly n" is [90% of n, n].
    pub fn interval(self, n: u64) -> Interval {
        match self {
            Qualifier::Exact => Interval::exact(n),
            Qualifier::AtLeast => Interval::at_least(n),
            Qualifier::AtMost | Qualifier::UpTo => Interval::at_most(n),
            Qualifier::MoreThan => Interval::at_least(n.saturating_add(1)),
            Qualifier::FewerThan => Interval::at_most(n.saturating_sub(1)),
            Qualifier::About => {
                let slack = (n / 10).max(1);
                Interval::between(n.saturating_sub(slack), n.saturating_add(slack))
            }
            Qualifier::Nearly => {
                let slack = (n / 10).max(1);
                Interval::between(n.saturating_sub(slack), n)
            }
            Qualifier::Between | Qualifier::Vague => Interval::exact(n),
        }
    }
}

/// A number as written, with its qualifier, its interval and the noun it counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quantity {
    /// The values the phrase allows.
    pub interval: Interval,
    /// The writer's qualifier.
    pub qualifier: Qualifier,
    /// The counted noun, lower-cased ("gunmen", "people"), when there is one.
    pub noun: Option<String>,
}

/// A share of a whole as written: "a third of the victims", "30% of them", "roughly
/// half of the 300 passengers", "one in five residents", "most of the dead".
///
/// Invariant: `0 < denominator` and `numerator <= denominator`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Proportion {
    /// The share's numerator: 1 of 1/3, 30 of 30/100.
    pub numerator: u32,
    /// The share's denominator: 3 of 1/3, 100 of 30%.
    pub denominator: u32,
    /// The writer's qualifier: "roughly half" is about 1/2, "most" more than 1/2.
    pub qualifier: Qualifier,
    /// What it is a share of, as written ("the victims", "them", "the 300 passengers").
    pub of: String,
    /// How many that is, when the text counts the whole ("half of the 300
    /// passengers": 150); see [`Proportion::share_of`].
    pub count: Option<Interval>,
}

impl Proportion {
    /// The count that `numerator/denominator` of a whole counted as `whole` stands for,
    /// under the writer's qualifier: the share of the whole's bounds (rounded outwards
    /// to whole numbers), widened or opened as the qualifier says, and never above the
    /// whole. "half of 300" is 150, "a third of 100" [33, 34], "about half of 300"
    /// [135, 165], "more than half of 300" [151, 300], "nearly a third of 90" [27, 30].
    /// `None` for a denominator of 0.
    pub fn share_of(
        numerator: u32,
        denominator: u32,
        qualifier: Qualifier,
        whole: Interval,
    ) -> Option<Interval> {
        if denominator == 0 {
            return None;
        }
        let (n, d) = (u128::from(numerator), u128::from(denominator));
        let part = |w: u64| -> (u64, u64) {
            let x = u128::from(w) * n;
            let lo = u64::try_from(x / d).unwrap_or(u64::MAX);
            let hi = u64::try_from(x.div_ceil(d)).unwrap_or(u64::MAX);
            (lo, hi)
        };
        let lo = part(whole.min()).0;
        let hi = whole.max().map(|m| part(m).1);
        let slack = |h: u64| (h / 10).max(1);
        let (min, max) = match (qualifier, hi) {
            (Qualifier::About, Some(h)) => (lo.saturating_sub(slack(h)), Some(h + slack(h))),
            (Qualifier::Nearly, Some(h)) => (lo.saturating_sub(slack(h)), Some(h)),
            (Qualifier::MoreThan, _) => (lo.saturating_add(1), whole.max()),
            (Qualifier::AtLeast, _) => (lo, whole.max()),
            (Qualifier::FewerThan, Some(h)) => (0, Some(h.saturating_sub(1))),
            (Qualifier::AtMost | Qualifier::UpTo, h) => (0, h),
            (_, h) => (lo, h),
        };
        let max = match (max, whole.max()) {
            (Some(a), Some(w)) => Some(a.min(w)),
            (m, _) => m,
        };
        Interval::new(min.min(max.unwrap_or(u64::MAX)), max).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn shares_of_counted_wholes() {
        use Qualifier::*;
        let of =
            |n, d, q, w| Proportion::share_of(n, d, q, Interval::exact(w)).map(|i| i.to_string());
        assert_eq!(of(1, 2, Exact, 300).as_deref(), Some("150"));
        assert_eq!(of(1, 3, Exact, 100).as_deref(), Some("[33, 34]"));
        assert_eq!(of(1, 2, About, 300).as_deref(), Some("[135, 165]"));
        assert_eq!(of(1, 2, MoreThan, 300).as_deref(), Some("[151, 300]"));
        assert_eq!(of(1, 3, Nearly, 90).as_deref(), Some("[27, 30]"));
        assert_eq!(of(30, 100, FewerThan, 50).as_deref(), Some("[0, 14]"));
        assert_eq!(of(1, 1, About, 10).as_deref(), Some("[9, 10]"));
        assert_eq!(of(1, 2, Exact, 0).as_deref(), Some("0"));
        assert_eq!(of(1, 0, Exact, 10), None);
        // An open whole: "half of more than 100" is at least 50.
        assert_eq!(
            Proportion::share_of(1, 2, Exact, Interval::at_least(101)).map(|i| i.to_string()),
            Some("[50, ∞)".to_string())
        );
    }

    fn any_interval() -> impl Strategy<Value = Interval> {
        (0u64..10_000, prop::option::of(0u64..10_000))
            .prop_map(|(a, w)| Interval::new(a, w.map(|w| a + w)).expect("min <= max"))
    }

    proptest! {
        /// A sum holds every sum of a value of each side, and no value below the sum
        /// of the two lows; it is commutative and associative, and an exact zero is
        /// its identity.
        #[test]
        fn sum_holds_exactly_the_sums_of_members(
            a in any_interval(), b in any_interval(), c in any_interval(),
            i in 0u64..10_000, j in 0u64..10_000,
        ) {
            let s = a.sum(b);
            let x = a.min() + i.min(a.max().map_or(i, |m| m - a.min()));
            let y = b.min() + j.min(b.max().map_or(j, |m| m - b.min()));
            prop_assert!(a.contains(x) && b.contains(y));
            prop_assert!(s.contains(x + y), "{a} + {b} = {s} misses {}", x + y);
            prop_assert_eq!(s.min(), a.min() + b.min());
            prop_assert_eq!(s.max(), a.max().zip(b.max()).map(|(p, q)| p + q));
            prop_assert_eq!(s, b.sum(a));
            prop_assert_eq!(a.sum(b).sum(c), a.sum(b.sum(c)));
            prop_assert_eq!(a.sum(Interval::exact(0)), a);
        }

        /// A share of a whole never exceeds the whole, and an exact share of an exact
        /// whole holds the true value.
        #[test]
        fn share_lies_within_the_whole(
            n in 0u32..=100, d in 1u32..=100, w in 0u64..1_000_000,
            q in prop::sample::select(vec![
                Qualifier::Exact, Qualifier::About, Qualifier::Nearly, Qualifier::MoreThan,
                Qualifier::AtLeast, Qualifier::FewerThan, Qualifier::AtMost, Qualifier::UpTo,
            ]),
        ) {
            let n = n.min(d);
            let share = Proportion::share_of(n, d, q, Interval::exact(w));
            let share = share.expect("a share of a whole");
            prop_assert!(Interval::at_most(w).contains_interval(share), "{share} of {w}");
            if q == Qualifier::Exact {
                let truth = (w as f64) * f64::from(n) / f64::from(d);
                prop_assert!(share.min() as f64 <= truth + 1e-9);
                prop_assert!(share.max().expect("bounded") as f64 >= truth - 1e-9);
            }
        }
    }

    #[test]
    fn mission_examples() {
        // "up to five" ∩ "at least four" = [4, 5]
        let fused = Qualifier::UpTo
            .interval(5)
            .intersect(Qualifier::AtLeast.interval(4));
        assert_eq!(fused, Some(Interval::between(4, 5)));
        // "at least 93" is consistent with "139"
        assert!(Interval::at_least(93).is_consistent_with(Interval::exact(139)));
        // "more than a dozen" is (12, ∞)
        assert_eq!(Qualifier::MoreThan.interval(12), Interval::at_least(13));
        assert_eq!(Interval::at_least(13).to_string(), "[13, ∞)");
        assert_eq!(Interval::exact(139).to_string(), "139");
        assert_eq!(Interval::between(4, 5).to_string(), "[4, 5]");
    }

    #[test]
    fn empty_interval_is_refused() {
        assert_eq!(
            Interval::new(5, Some(4)).unwrap_err().to_string(),
            "interval lower bound 5 is above its upper bound 4"
        );
        assert_eq!(Interval::exact(3).intersect(Interval::exact(4)), None);
    }

    #[test]
    fn qualifier_table() {
        assert_eq!(Qualifier::About.interval(40), Interval::between(36, 44));
        assert_eq!(Qualifier::About.interval(3), Interval::between(2, 4));
        assert_eq!(Qualifier::Nearly.interval(150), Interval::between(135, 150));
        assert_eq!(Qualifier::FewerThan.interval(10), Interval::at_most(9));
        assert_eq!(Qualifier::FewerThan.interval(0), Interval::at_most(0));
    }

    fn interval() -> impl Strategy<Value = Interval> {
        (0u64..1000, proptest::option::of(0u64..1000)).prop_map(|(a, b)| match b {
            Some(b) => Interval::between(a, b),
            None => Interval::at_least(a),
        })
    }

    proptest! {
        #[test]
        fn intersection_is_commutative(a in interval(), b in interval()) {
            prop_assert_eq!(a.intersect(b), b.intersect(a));
        }

        #[test]
        fn intersection_holds_exactly_the_common_values(a in interval(), b in interval(), n in 0u64..1100) {
            let both = a.contains(n) && b.contains(n);
            prop_assert_eq!(a.intersect(b).is_some_and(|i| i.contains(n)), both);
        }

        #[test]
        fn intersection_is_inside_both_and_hull_holds_both(a in interval(), b in interval()) {
            if let Some(i) = a.intersect(b) {
                prop_assert!(a.contains_interval(i));
                prop_assert!(b.contains_interval(i));
            }
            let h = a.hull(b);
            prop_assert!(h.contains_interval(a) && h.contains_interval(b));
        }

        #[test]
        fn intersection_is_associative(a in interval(), b in interval(), c in interval()) {
            let left = a.intersect(b).and_then(|x| x.intersect(c));
            let right = b.intersect(c).and_then(|x| a.intersect(x));
            prop_assert_eq!(left, right);
        }

        #[test]
        fn qualified_number_lies_in_its_interval_unless_strict(n in 1u64..100_000) {
            for q in [Qualifier::Exact, Qualifier::AtLeast, Qualifier::AtMost, Qualifier::UpTo,
                      Qualifier::About, Qualifier::Nearly] {
                prop_assert!(q.interval(n).contains(n), "{:?} {}", q, n);
            }
            prop_assert!(!Qualifier::MoreThan.interval(n).contains(n));
            prop_assert!(!Qualifier::FewerThan.interval(n).contains(n));
        }
    }
}
