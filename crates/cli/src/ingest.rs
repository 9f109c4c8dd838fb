//! Reading inputs into the store for `newsfuse run`: batches of articles extracted on
//! every core, a progress bar on a terminal, and counts of what became of each article.

use std::collections::HashMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use newsfuse_core::Document;
use newsfuse_ingest::{Defaults, Item};
use newsfuse_pipeline::Added;
use newsfuse_store::Store;

/// Articles per batch: extracted in parallel, written in one transaction.
const BATCH: usize = 256;

/// What became of the articles read.
#[derive(Debug, Default)]
pub(crate) struct Stats {
    pub read: u64,
    pub new: u64,
    pub known: u64,
    pub copies: u64,
    pub failed: u64,
}

/// Every file under `paths` with its size, keyed as ingest names them in origins.
fn input_sizes(paths: &[PathBuf]) -> HashMap<String, u64> {
    fn walk(path: &Path, out: &mut HashMap<String, u64>) {
        match std::fs::metadata(path) {
            Ok(m) if m.is_dir() => {
                if let Ok(entries) = std::fs::read_dir(path) {
                    for entry in entries.flatten() {
                        walk(&entry.path(), out);
                    }
                }
            }
            Ok(m) => {
                out.insert(path.display().to_string(), m.len());
            }
            Err(_) => {}
        }
    }
    let mut out = HashMap::new();
    for p in paths.iter().filter(|p| p.as_os_str() != "-") {
        match p.to_str() {
            // A glob pattern (ingest expands it the same way): its matches count.
            Some(pattern) if !p.exists() && pattern.contains(['*', '?', '[']) => {
                for found in glob::glob(pattern).into_iter().flatten().flatten() {
                    walk(&found, &mut out);
                }
            }
            _ => walk(p, &mut out),
        }
    }
    out
}

/// The input file an origin (`path`, `path:line`, `path:record N`, `path#N`) comes from.
fn file_of<'a>(origin: &'a str, sizes: &HashMap<String, u64>) -> Option<&'a str> {
    let mut candidate = origin;
    loop {
        if sizes.contains_key(candidate) {
            return Some(candidate);
        }
        let cut = candidate.rfind([':', '#'])?;
        candidate = &candidate[..cut];
    }
}

/// Progress over the input bytes, advanced as each file is finished.
struct Progress {
    bar: Option<ProgressBar>,
    sizes: HashMap<String, u64>,
    current: Option<String>,
}

impl Progress {
    fn new(paths: &[PathBuf], show: bool) -> Progress {
        let sizes = input_sizes(paths);
        let bar = show.then(|| {
            let total: u64 = sizes.values().sum();
            let bar = ProgressBar::new(total);
            let style = ProgressStyle::with_template(
                "{spinner} [{elapsed_precise}] {wide_bar} {bytes}/{total_bytes} ({bytes_per_sec}, ETA {eta}) {msg}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar());
            bar.set_style(style);
            bar.enable_steady_tick(Duration::from_millis(200));
            bar
        });
        Progress {
            bar,
            sizes,
            current: None,
        }
    }

    /// Notes that an item from `origin` arrived, finishing the previous file if it is
    /// from another.
    fn at(&mut self, origin: &str, stats: &Stats) {
        let Some(bar) = &self.bar else { return };
        if let Some(file) = file_of(origin, &self.sizes) {
            if self.current.as_deref() != Some(file) {
                if let Some(done) = self.current.take() {
                    bar.inc(self.sizes.get(&done).copied().unwrap_or(0));
                }
                self.current = Some(file.to_string());
            }
        }
        bar.set_message(format!(
            "{} article(s): {} new, {} copies, {} failed",
            stats.read, stats.new, stats.copies, stats.failed
        ));
    }

    /// Prints a line above the bar (or on standard error without one).
    fn println(&self, line: String) {
        match &self.bar {
            Some(bar) => bar.println(line),
            None => eprintln!("{line}"),
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// Reads every input and stores its articles with their extractions, a batch at a time
/// on every core. Bad inputs are reported on standard error and counted; the rest goes
/// on. A progress bar shows on a terminal unless `quiet`.
pub(crate) fn ingest(
    store: &mut Store,
    paths: &[PathBuf],
    defaults: &Defaults,
    quiet: bool,
) -> Result<Stats> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut progress = Progress::new(paths, !quiet && std::io::stderr().is_terminal());
    let mut stats = Stats::default();
    let mut batch: Vec<Document> = Vec::with_capacity(BATCH);
    let mut store_error: Option<anyhow::Error> = None;
    let mut flush = |batch: &mut Vec<Document>, stats: &mut Stats| -> Result<()> {
        if batch.is_empty() {
            return Ok(());
        }
        let added = newsfuse_pipeline::add_articles(store, batch, threads).with_context(|| {
            format!(
                "storing the batch of {} article(s) from {}",
                batch.len(),
                batch[0].origin
            )
        })?;
        for a in added {
            match a {
                Added::New => stats.new += 1,
                Added::Known => stats.known += 1,
                Added::Copy { .. } => stats.copies += 1,
            }
        }
        batch.clear();
        Ok(())
    };
    let mut sink = |item: Item| {
        if store_error.is_some() {
            return;
        }
        match item {
            Item::Doc(doc) => {
                stats.read += 1;
                progress.at(&doc.origin, &stats);
                batch.push(doc);
                if batch.len() >= BATCH {
                    if let Err(e) = flush(&mut batch, &mut stats) {
                        store_error = Some(e);
                    }
                }
            }
            Item::Warning(w) => {
                if !quiet {
                    progress.println(format!("newsfuse: warning: {w}"));
                }
            }
            Item::Error(e) => {
                stats.failed += 1;
                progress.println(format!("newsfuse: error: {e}"));
            }
        }
    };
    crate::read_inputs(paths, defaults, &mut sink);
    if store_error.is_none() {
        if let Err(e) = flush(&mut batch, &mut stats) {
            store_error = Some(e);
        }
    }
    progress.finish();
    match store_error {
        Some(e) => Err(e),
        None => Ok(stats),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_map_to_their_files() {
        let sizes: HashMap<String, u64> =
            [("in/a.jsonl", 10), ("in/b.warc.gz", 20), ("c:d.txt", 5)]
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect();
        assert_eq!(file_of("in/a.jsonl:17", &sizes), Some("in/a.jsonl"));
        assert_eq!(
            file_of("in/b.warc.gz:record 3", &sizes),
            Some("in/b.warc.gz")
        );
        assert_eq!(file_of("in/b.warc.gz#2", &sizes), Some("in/b.warc.gz"));
        assert_eq!(file_of("c:d.txt", &sizes), Some("c:d.txt"));
        assert_eq!(file_of("elsewhere.txt:1", &sizes), None);
    }
}
