//! Any bytes read as a WARC archive (gzip per record or not): ingest reports documents,
//! warnings or errors naming the record, and never panics or hangs.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsfuse_ingest::{read_reader, Defaults, Format, Item};

fuzz_target!(|data: &[u8]| {
    read_reader(data, "fuzz.warc", Some(Format::Warc), &Defaults::default(), &mut |item| {
        match item {
            Item::Doc(doc) => {
                assert!(!doc.text.is_empty());
                assert_eq!(doc.id, newsfuse_ingest::doc_id(&doc.text));
            }
            Item::Error(error) => assert!(error.to_string().starts_with("fuzz.warc")),
            Item::Warning(_) => {}
        }
    });
});
