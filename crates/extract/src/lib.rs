//! Per-article extraction: sentences, entities, times, quantities, attack events with
//! their roles, attribution and hedging.

pub mod gazetteer;
pub mod quantity;
pub mod text;
pub mod time;
