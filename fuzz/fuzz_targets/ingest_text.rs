//! Any bytes read as text: ingest reports documents, warnings or errors, and never
//! panics or hangs.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsfuse_ingest::{read_reader, Defaults, Format, Item};

fuzz_target!(|data: &[u8]| {
    read_reader(data, "fuzz.text", Some(Format::Text), &Defaults::default(), &mut |item| {
        if let Item::Doc(doc) = item {
            // Every document has text, and its id is the hash of that text.
            assert!(!doc.text.is_empty());
            assert_eq!(doc.id, newsfuse_ingest::doc_id(&doc.text));
        }
    });
});
