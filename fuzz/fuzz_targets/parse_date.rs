//! Any string as a publication date: a date or an error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(date) = newsfuse_ingest::parse_date(text) {
        // What parses prints as ISO and parses back to itself.
        assert_eq!(newsfuse_ingest::parse_date(&date.to_string()).ok(), Some(date));
    }
});
