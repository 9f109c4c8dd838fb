//! Any bytes read as an RSS or Atom feed: ingest reports documents, warnings or errors
//! (a feed that is not a feed is one error), and never panics or hangs.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsfuse_ingest::{read_reader, Defaults, Format, Item};

fuzz_target!(|data: &[u8]| {
    read_reader(data, "fuzz.rss", Some(Format::Feed), &Defaults::default(), &mut |item| {
        if let Item::Doc(doc) = item {
            assert!(!doc.text.is_empty());
            assert_eq!(doc.id, newsfuse_ingest::doc_id(&doc.text));
        }
    });
});
