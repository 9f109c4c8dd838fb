//! Any text through every extraction stage: spans stay on the text's char boundaries,
//! and nothing panics.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsfuse_core::{Date, Document};

fuzz_target!(|text: &str| {
    let mut doc = Document::bare("fuzz", text);
    doc.published = Date::new(2024, 3, 23).ok();
    let extraction = newsfuse_extract::extract(&doc);
    for fact in &extraction.facts {
        assert!(fact.provenance.span.slice(text).is_some());
        assert!(fact.provenance.sentence_span.slice(text).is_some());
    }
});
