//! Measuring newsfuse against the field.
//!
//! The scorers are pure functions over gold and predicted items, each implemented from
//! the metric description in the benchmark's README and tested on small hand-made cases
//! with known scores: [`muc4`] (CEAF-REE and template F1), [`conll`] (conlleval),
//! [`timex`] (TempEval-3 Task A), [`coref`] (MUC, B3, CEAF-e, CoNLL F1) and [`assign`]
//! (the optimal one-to-one alignment they share). Every benchmark reports the same
//! [`score::Report`]. The [`suites`] read benchmark files and run the product's own
//! stages on them; [`floors`] holds the scores CI must not fall below.
#![deny(missing_docs)]

pub mod assign;
pub mod conll;
pub mod coref;
pub mod floors;
pub mod muc4;
pub mod score;
pub mod suites;
pub mod timex;
