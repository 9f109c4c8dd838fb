//! Any bytes with no format given: gzip is undone, the format sniffed, and the input
//! read as that format; nothing panics or hangs.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsfuse_ingest::{read_reader, Defaults, Item};

fuzz_target!(|data: &[u8]| {
    read_reader(data, "-", None, &Defaults::default(), &mut |item| {
        if let Item::Doc(doc) = item {
            assert!(!doc.text.is_empty());
        }
    });
});
