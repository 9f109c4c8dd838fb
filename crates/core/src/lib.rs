//! The newsfuse data model.
//!
//! Everything the pipeline produces points back into one [`Document`]'s text by byte
//! [`Span`]s. Per article, extraction yields an [`Extraction`]: sentences, entity
//! [`Mention`]s, times ([`TimeValue`] with a [`Grain`]), quantities ([`Quantity`]:
//! an [`Interval`] plus the [`Qualifier`] the writer used), attack [`EventMention`]s
//! and [`Fact`]s with [`Provenance`] (article, sentence, span, who says so, hedging).
//! Grouping and fusion turn facts of several articles into an [`Incident`] whose
//! [`FusedFact`]s keep their supporting and disagreeing sources, and into
//! [`ActorRecord`]s.
//!
//! This crate does no I/O and knows nothing of input formats, SQL or HTTP.
#![deny(missing_docs)]

mod date;
mod doc;
mod entity;
mod event;
mod fact;
mod incident;
mod interval;
mod relative;
mod span;

pub use date::{
    add_months, Date, DateError, DateRange, DayPart, Direction, DurationUnit, EventOffset,
    EventRelativeTime, Grain, ResolvedTime, TimeRange, TimeRef, TimeRefPoint, TimeValue,
};
pub use doc::{DocId, Document, Extraction, LocalIncident};
pub use entity::{EntityKind, Mention, PlaceRef};
pub use event::{EventMention, EventType};
pub use fact::{ActorFact, Attribute, Attribution, Fact, Modality, Provenance, Stance, Value};
pub use incident::{ActorRecord, FusedFact, Incident, SourceRef, Status};
pub use interval::{Interval, IntervalError, Proportion, Qualifier, Quantity};
pub use relative::{IncidentTime, SourceTime};
pub use span::{Span, SpanError};
