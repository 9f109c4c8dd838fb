//! Prints every time (`find_times`, undated and against a fixed publication date), every
//! event-relative time and every quantity of a set of texts (NUL-separated in one
//! file), for checking that a speed change leaves the output alone, and the processor
//! time each of the three took.
//!
//! `cargo run --release -p newsfuse-extract --example time_dump -- FILE [REPEAT] > OUT`

use std::time::Instant;

use newsfuse_core::Date;
use newsfuse_extract::{quantity, time};

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: time_dump FILE [REPEAT]");
        std::process::exit(2);
    };
    let repeat: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(1);
    let all = match std::fs::read_to_string(&path) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("reading {path}: {e}");
            std::process::exit(1);
        }
    };
    let published = match Date::new(2024, 3, 15) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("publication date: {e}");
            std::process::exit(1);
        }
    };
    let texts: Vec<&str> = all.split('\0').collect();
    let (mut t_times, mut t_rel, mut t_qty) = (0.0, 0.0, 0.0);
    for r in 0..repeat {
        for (i, t) in texts.iter().enumerate() {
            let s = Instant::now();
            let undated = time::find_times(t, None);
            let dated = time::find_times(t, Some(published));
            t_times += s.elapsed().as_secs_f64();
            let s = Instant::now();
            let relative = time::find_event_relative(t, &dated);
            t_rel += s.elapsed().as_secs_f64();
            let s = Instant::now();
            let quantities = quantity::find_quantities(t);
            t_qty += s.elapsed().as_secs_f64();
            if r == 0 {
                println!("# {i}");
                println!("U {undated:?}");
                println!("D {dated:?}");
                println!("R {relative:?}");
                println!("Q {quantities:?}");
            }
        }
    }
    let mb = (all.len() * repeat) as f64 / 1e6;
    eprintln!(
        "{} texts x{repeat}: times (twice) {t_times:.3} s, relative {t_rel:.3} s, quantities {t_qty:.3} s; times {:.2} MB/s, quantities {:.2} MB/s",
        texts.len(),
        2.0 * mb / t_times,
        mb / t_qty
    );
}
