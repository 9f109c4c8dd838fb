//! Compiles the GeoNames build table into the gazetteer's index files.
//!
//! `cargo run --release -p newsfuse-extract --example build_geonames -- ROWS.tsv OUT_DIR`
//! (run by `scripts/build-gazetteer.sh`, which makes `ROWS.tsv`).

use std::process::ExitCode;

use newsfuse_extract::gazetteer::geonames::build_index;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [rows, out] = args.as_slice() else {
        eprintln!("usage: build_geonames ROWS.tsv OUT_DIR");
        return ExitCode::from(2);
    };
    let tsv = match std::fs::read_to_string(rows) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("cannot read {rows}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let files = match build_index(&tsv) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("{rows}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let dir = std::path::Path::new(out);
    for (name, bytes) in [
        ("names.fst", &files.names_fst),
        ("records.bin", &files.records),
    ] {
        let path = dir.join(name);
        if let Err(e) = std::fs::write(&path, bytes) {
            eprintln!("cannot write {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
        println!("{} {} bytes", path.display(), bytes.len());
    }
    ExitCode::SUCCESS
}
