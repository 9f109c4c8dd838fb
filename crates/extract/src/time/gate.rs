//! The time patterns' gate: where each pattern can match in a text, found in one pass
//! over it. The analysis lives in [`crate::literal_gate`], shared with the event stage.

pub(super) use crate::literal_gate::{Gate, Hit};
