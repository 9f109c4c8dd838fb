//! Prints every time (`find_times`, undated and against a fixed publication date), every
//! event-relative time and every quantity of a set of texts (NUL-separated in one
//! file), for checking that a speed change leaves the output alone; then the processor
//! time of each over all the texts, `REPEAT` times.
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
    for (i, t) in texts.iter().enumerate() {
        let undated = time::find_times(t, None);
        let dated = time::find_times(t, Some(published));
        let relative = time::find_event_relative(t, &dated);
        let quantities = quantity::find_quantities(t);
        println!("# {i}");
        println!("U {undated:?}");
        println!("D {dated:?}");
        println!("R {relative:?}");
        println!("Q {quantities:?}");
    }
    // Each function alone over every text, `repeat` times, in processor seconds.
    let timed = |f: &dyn Fn(&str) -> usize| {
        let start = cpu_seconds();
        let mut sum = 0usize;
        for _ in 0..repeat {
            for t in &texts {
                sum += f(t);
            }
        }
        (cpu_seconds() - start, sum)
    };
    let (t_times, _) = timed(&|t| time::find_times(t, Some(published)).len());
    let (t_rel, _) = timed(&|t| {
        let times = time::find_times(t, Some(published));
        time::find_event_relative(t, &times).len()
    });
    let (t_qty, _) = timed(&|t| quantity::find_quantities(t).len());
    let mb = (all.len() * repeat) as f64 / 1e6;
    eprintln!(
        "{} texts x{repeat}, processor seconds: find_times {t_times:.3} ({:.2} MB/s), find_times + find_event_relative {t_rel:.3}, find_quantities {t_qty:.3} ({:.2} MB/s)",
        texts.len(),
        mb / t_times,
        mb / t_qty
    );
}

/// Processor time this thread has run, where Linux says (`/proc/thread-self/schedstat`),
/// else wall time since the first call.
fn cpu_seconds() -> f64 {
    static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    let wall = START.get_or_init(Instant::now).elapsed().as_secs_f64();
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<u64>().ok())
        .map_or(wall, |ns| ns as f64 / 1e9)
}
