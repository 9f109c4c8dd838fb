//! Embedded SQLite store for articles, extractions, incidents and actors.
