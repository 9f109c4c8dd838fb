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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

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
