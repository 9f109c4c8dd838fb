//! `newsfuse`: from news articles to a sourced, reconciled incident database.
//!
//! The binary is glue: it parses flags, feeds inputs through ingest → extract → store →
//! group → fuse, prints views, and maps failures to exit codes in one place
//! (0 = all good, 1 = could not run, 2 = ran, but some inputs failed).

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand, ValueEnum};
use newsfuse_core::{ActorRecord, DocId, Document, Incident};
use newsfuse_export as export;
use newsfuse_ingest::{Defaults, Item};
use newsfuse_store::Store;

/// mimalloc instead of the system allocator: the extraction stage allocates many small
/// short-lived vectors per article, and on the MUC-4 texts it ran about 5% more articles
/// per processor-second with it (same output; `docs/benchmarks.md`).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod bench;
mod ingest;
mod serve;
mod synth;
mod train;
mod train_roles;

#[derive(Parser)]
#[command(
    name = "newsfuse",
    version,
    about = "From news articles to a sourced, reconciled incident database."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum Format {
    /// A report for people (terminal).
    Text,
    /// The JSON contract (docs/output.schema.json).
    Json,
    /// Markdown.
    Markdown,
}

#[derive(Subcommand)]
enum Command {
    /// Read articles, extract, group and fuse them into the store, and print the incidents.
    Run {
        /// Files, folders or quoted glob patterns ('crawl/**/*.warc.gz') of articles (.txt,
        /// .jsonl, .json, .html, .rss, .atom, .warc, also gzipped), or - for standard input.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// The store (SQLite file), created when absent.
        #[arg(long, default_value = "newsfuse.db")]
        db: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        /// Publication date (YYYY-MM-DD) for articles that carry none.
        #[arg(long)]
        published: Option<String>,
        /// Outlet reliability weights (TOML: `default = 1.0` and an `[outlets]` table of
        /// names and weights 0..=1) deciding contradictions between reports; kept in the
        /// store for later runs and the server (an empty file weighs every outlet the
        /// same again). See docs/fusion.md.
        #[arg(long)]
        reliability: Option<PathBuf>,
        /// No progress or summary on standard error.
        #[arg(long, short)]
        quiet: bool,
    },
    /// Read articles and print what extraction finds in each (JSON Lines, one article a
    /// line), without grouping, fusing or storing anything.
    Extract {
        /// Files, folders or quoted glob patterns ('crawl/**/*.warc.gz') of articles (.txt,
        /// .jsonl, .json, .html, .rss, .atom, .warc, also gzipped), or - for standard input.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Publication date (YYYY-MM-DD) for articles that carry none.
        #[arg(long)]
        published: Option<String>,
    },
    /// Score a stage against a benchmark's development data: muc4, conll2003,
    /// duckling, timebank, ecbplus, article_extraction, gvdb, geoparse, synth, or all
    /// (see docs/benchmarks.md).
    Eval {
        /// The benchmark, or `all`.
        bench: String,
        /// A data file, or a folder holding it (default: the benchmark's dev file under
        /// ../shared/data, or $NEWSFUSE_SHARED/data).
        #[arg(long)]
        data: Option<PathBuf>,
        /// One JSON object per benchmark (`overall`, `per_class`) instead of a table.
        #[arg(long)]
        json: bool,
        /// Fail (exit 3) when a score falls below its floor in this file
        /// (eval/floors.toml); benchmarks whose data is absent are skipped.
        #[arg(long)]
        floors: Option<PathBuf>,
    },
    /// Throughput (articles/s, MB/s, tokens/s) and peak memory of each stage and of the
    /// whole pipeline, on one core and on all cores (see docs/benchmarks.md).
    Bench {
        /// Corpus size at scale 1, in MB: the shared texts are repeated to reach it.
        #[arg(long, default_value_t = 50)]
        mb: usize,
        /// Corpus scales for the whole pipeline, to show how cost grows (e.g. 1,4,16).
        #[arg(long, value_delimiter = ',', default_value = "1")]
        scales: Vec<usize>,
        /// Stages to measure (default: all): html (news pages generated from the corpus,
        /// read by ingest's HTML path, streamed), ingest, sentences, ner (tokens and the learned tagger alone, as spaCy NER-only), entities, times,
        /// quantities, extract, pipeline. html and pipeline are also run at --scales.
        /// muc4 alone: only the MUC-4 line (median of 5 passes) and its sub-stages.
        #[arg(long, value_delimiter = ',')]
        stages: Vec<String>,
        /// Threads for the multi-core runs (default: every core).
        #[arg(long)]
        threads: Option<usize>,
        /// The shared data folder whose texts make the corpus (default ../shared/data;
        /// the example articles when absent).
        #[arg(long)]
        data: Option<PathBuf>,
        /// Keep the scale-1 corpus (JSON Lines, one `text` a line) here, for a peer to
        /// read the same texts.
        #[arg(long)]
        corpus_out: Option<PathBuf>,
        /// One JSON object instead of a table.
        #[arg(long)]
        json: bool,
        /// Instead of the stages: the whole pipeline end to end (ingest, extract, store,
        /// group, fuse) on synthetic streams of these sizes, e.g. 10000,100000,1000000.
        #[arg(long, value_delimiter = ',')]
        synthetic: Vec<usize>,
        /// Internal: measure one stage in this process.
        #[arg(long, hide = true)]
        child: Option<String>,
        /// Internal: the corpus file of a child run.
        #[arg(long, hide = true)]
        corpus: Option<PathBuf>,
    },
    /// A synthetic news stream with known truth (events reported by several outlets
    /// over days, decoys, rising tolls, wire copies): write it, or score the pipeline
    /// on it (grouping B3 F1, fused death toll exact).
    Synth {
        /// Articles in the stream (wire copies come on top).
        #[arg(long, default_value_t = 2000)]
        articles: usize,
        /// Seed.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Write the stream here (JSON Lines) and its truth beside it (NAME.truth.jsonl).
        #[arg(long)]
        out: Option<PathBuf>,
        /// One JSON object instead of a table (with scoring).
        #[arg(long)]
        json: bool,
    },
    /// List the incidents in the store.
    Incidents {
        /// The store.
        #[arg(long, default_value = "newsfuse.db")]
        db: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Show one incident with its fused facts and sources.
    Incident {
        /// The incident id (as `newsfuse incidents` lists it).
        id: String,
        /// The store.
        #[arg(long, default_value = "newsfuse.db")]
        db: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Show an actor by any of its names or aliases.
    Actor {
        /// A name or alias, any case ("ISKP").
        name: String,
        /// The store.
        #[arg(long, default_value = "newsfuse.db")]
        db: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Serve the web page and the HTTP API over a store (see docs/api.md).
    Serve {
        /// The store, created when absent.
        #[arg(long, default_value = "newsfuse.db")]
        db: PathBuf,
        /// Address to listen on (port 0 picks a free port).
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: String,
        /// A file holding the token that POST and DELETE need (default: a new one,
        /// printed at start).
        #[arg(long)]
        token_file: Option<PathBuf>,
        /// Largest request body, in MiB.
        #[arg(long, default_value_t = 8)]
        max_body_mb: usize,
    },
    /// Write the incident database in a format analysts' tools read: GTD- or
    /// ACLED-shaped CSV, GeoJSON, the JSON contract, or one CSV row per fact source
    /// (see docs/exports.md).
    Export {
        /// gtd, acled, geojson, json or csv.
        #[arg(long, default_value = "json")]
        format: export::ExportFormat,
        /// The store.
        #[arg(long, default_value = "newsfuse.db")]
        db: PathBuf,
        /// Where to write (default: standard output).
        #[arg(long, short)]
        out: Option<PathBuf>,
    },
    /// Write the web page's views as one HTML file to open offline (or Markdown).
    Report {
        /// The store.
        #[arg(long, default_value = "newsfuse.db")]
        db: PathBuf,
        /// Where to write (default report.html, or report.md with --markdown); - for
        /// standard output.
        #[arg(long, short)]
        out: Option<PathBuf>,
        /// Markdown instead of HTML.
        #[arg(long)]
        markdown: bool,
    },
    /// Train a learned component and write its model: the entity tagger (ner,
    /// docs/ner.md) or the role reader (roles, docs/roles.md).
    Train {
        #[command(subcommand)]
        what: train::TrainWhat,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("newsfuse: error: {err:#}");
            ExitCode::from(1)
        }
    }
}

fn open_store(db: &Path) -> Result<Store> {
    Store::open(db).with_context(|| format!("cannot open the store {}", db.display()))
}

fn open_existing(db: &Path) -> Result<Store> {
    if !db.exists() {
        bail!(
            "no store at {} (create one with `newsfuse run PATH --db {}`)",
            db.display(),
            db.display()
        );
    }
    open_store(db)
}

fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Run {
            paths,
            db,
            format,
            published,
            reliability,
            quiet,
        } => {
            let published = parse_published(published)?;
            let mut store = open_store(&db)?;
            if let Some(path) = reliability {
                let text = std::fs::read_to_string(&path)
                    .with_context(|| format!("reading {}", path.display()))?;
                let table = newsfuse_pipeline::Reliability::from_toml(&text)
                    .with_context(|| path.display().to_string())?;
                newsfuse_pipeline::set_reliability(&mut store, Some(&table))?;
            }
            let stats = ingest::ingest(&mut store, &paths, &Defaults { published }, quiet)?;
            let (incidents, _actors) = newsfuse_pipeline::regroup(&mut store)?;
            let docs = store.articles()?;
            let articles = article_map(&docs);
            let actors = store.actors()?;
            print_database(&incidents, &actors, &articles, format)?;
            if !quiet {
                eprintln!(
                    "newsfuse: {} article(s) read, {} new, {} already stored, {} copies of stored articles, {} failed; {} incident(s) in {}",
                    stats.read,
                    stats.new,
                    stats.known,
                    stats.copies,
                    stats.failed,
                    incidents.len(),
                    db.display()
                );
            }
            Ok(if stats.failed > 0 {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Extract { paths, published } => {
            let defaults = Defaults {
                published: parse_published(published)?,
            };
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            let mut failed = 0u64;
            let mut write_error: Option<std::io::Error> = None;
            // Articles are extracted in batches, each stage over the batch before the
            // next (as `add` and `run` do; the same output, in input order).
            let mut pending: Vec<Document> = Vec::with_capacity(newsfuse_extract::BATCH);
            let mut flush = |pending: &mut Vec<Document>,
                             write_error: &mut Option<std::io::Error>| {
                let extractions = newsfuse_extract::extract_many(pending);
                for (doc, extraction) in pending.iter().zip(&extractions) {
                    let line = serde_json::json!({
                        "id": doc.id,
                        "origin": doc.origin,
                        "published": doc.published.map(|d| d.to_string()),
                        "extraction": export::extraction_json(doc, extraction),
                    });
                    if let Err(e) = writeln!(out, "{line}") {
                        write_error.get_or_insert(e);
                    }
                }
                pending.clear();
            };
            let mut sink = |item: Item| match item {
                Item::Doc(doc) => {
                    pending.push(doc);
                    if pending.len() >= newsfuse_extract::BATCH {
                        flush(&mut pending, &mut write_error);
                    }
                }
                Item::Warning(w) => eprintln!("newsfuse: warning: {w}"),
                Item::Error(e) => {
                    failed += 1;
                    eprintln!("newsfuse: error: {e}");
                }
            };
            read_inputs(&paths, &defaults, &mut sink);
            flush(&mut pending, &mut write_error);
            if let Some(e) = write_error {
                return Err(e).context("writing to standard output");
            }
            Ok(if failed > 0 {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Eval {
            bench,
            data,
            json,
            floors,
        } => run_eval(&bench, data, json, floors.as_deref()),
        Command::Synth {
            articles,
            seed,
            out,
            json,
        } => {
            match out {
                Some(path) => {
                    let (a, e) = synth::write(articles, seed, &path)?;
                    eprintln!(
                        "newsfuse synth: {a} articles of {e} events in {}",
                        path.display()
                    );
                }
                None => synth::eval(articles, seed, json)?,
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Bench {
            mb,
            scales,
            stages,
            threads,
            data,
            corpus_out,
            json,
            synthetic,
            child,
            corpus,
        } => {
            let all_cores = threads
                .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
            if child.as_deref() == Some("synthetic") {
                let corpus = corpus.context("--child needs --corpus")?;
                synth::bench_child(&corpus, all_cores)?;
                return Ok(ExitCode::SUCCESS);
            }
            if !synthetic.is_empty() {
                synth::bench(&synthetic, all_cores, json)?;
                return Ok(ExitCode::SUCCESS);
            }
            if let Some(stage) = child {
                let corpus = corpus.context("--child needs --corpus")?;
                bench::child(&stage, &corpus, all_cores)?;
                return Ok(ExitCode::SUCCESS);
            }
            run_bench(BenchArgs {
                mb,
                scales,
                stages,
                all_cores,
                data,
                corpus_out,
                json,
            })?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Serve {
            db,
            addr,
            token_file,
            max_body_mb,
        } => {
            serve::serve(&db, &addr, token_file.as_deref(), max_body_mb)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Export { format, db, out } => {
            let store = open_existing(&db)?;
            let incidents = store.incidents()?;
            let actors = store.actors()?;
            let docs = store.articles()?;
            let articles = article_map(&docs);
            match out {
                None => {
                    let stdout = std::io::stdout();
                    let mut lock = stdout.lock();
                    export::write_export(format, &incidents, &actors, &articles, &mut lock)?;
                }
                Some(path) => {
                    let file = std::fs::File::create(&path)
                        .with_context(|| format!("creating {}", path.display()))?;
                    let mut w = std::io::BufWriter::new(file);
                    export::write_export(format, &incidents, &actors, &articles, &mut w)
                        .and_then(|()| {
                            w.flush()
                                .map_err(|e| export::ExportError::Io { format, source: e })
                        })
                        .with_context(|| format!("writing {}", path.display()))?;
                    eprintln!(
                        "newsfuse: wrote {} incident(s) as {format} to {}",
                        incidents.len(),
                        path.display()
                    );
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Train { what } => train::run(what).map(|()| ExitCode::SUCCESS),
        Command::Report { db, out, markdown } => {
            let out = out.unwrap_or_else(|| serve::default_report_path(markdown));
            serve::report(&db, &out, markdown)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Incidents { db, format } => {
            let store = open_existing(&db)?;
            let incidents = store.incidents()?;
            let docs = store.articles()?;
            let articles = article_map(&docs);
            match format {
                Format::Json => {
                    let list: Vec<_> = incidents
                        .iter()
                        .map(|i| export::incident_json(i, &articles))
                        .collect();
                    println!(
                        "{}",
                        serde_json::to_string_pretty(&serde_json::json!({ "incidents": list }))?
                    );
                }
                Format::Markdown => print!("{}", export::incidents_markdown(&incidents, &articles)),
                Format::Text => {
                    for i in &incidents {
                        println!("{}  {} article(s)  {}", i.id, i.articles.len(), i.summary);
                    }
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Incident { id, db, format } => {
            let store = open_existing(&db)?;
            let Some(incident) = store.incident(&id)? else {
                bail!(
                    "no incident '{id}' in {} (list them with `newsfuse incidents`)",
                    db.display()
                );
            };
            let docs = store.articles()?;
            let articles = article_map(&docs);
            match format {
                Format::Json => println!(
                    "{}",
                    serde_json::to_string_pretty(&export::incident_json(&incident, &articles))?
                ),
                Format::Markdown => {
                    print!("{}", export::incidents_markdown(&[incident], &articles))
                }
                Format::Text => print!("{}", export::incident_text(&incident, &articles)),
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Actor { name, db, format } => {
            let store = open_existing(&db)?;
            let found = store.actors_named(&name)?;
            if found.is_empty() {
                bail!("no actor named '{name}' in {}", db.display());
            }
            let docs = store.articles()?;
            let articles = article_map(&docs);
            for actor in &found {
                match format {
                    Format::Json => println!(
                        "{}",
                        serde_json::to_string_pretty(&export::actor_json(actor, &articles))?
                    ),
                    Format::Text | Format::Markdown => {
                        print!("{}", export::actor_text(actor, &articles))
                    }
                }
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn parse_published(published: Option<String>) -> Result<Option<newsfuse_core::Date>> {
    match published {
        Some(p) => Ok(Some(newsfuse_ingest::parse_date(&p).with_context(
            || format!("--published '{p}' is not a date (use YYYY-MM-DD)"),
        )?)),
        None => Ok(None),
    }
}

/// Feeds every input path (`-` = standard input) through ingest into `sink`.
pub(crate) fn read_inputs(paths: &[PathBuf], defaults: &Defaults, sink: &mut dyn FnMut(Item)) {
    for path in paths {
        if path.as_os_str() == "-" {
            let stdin = std::io::stdin();
            newsfuse_ingest::read_reader(stdin.lock(), "-", None, defaults, sink);
        } else {
            newsfuse_ingest::read_path(path, defaults, sink);
        }
    }
}

/// Runs one benchmark suite, or all of them, printing tables or JSON; with `floors`,
/// exit 3 when a score is below its floor.
fn run_eval(
    bench: &str,
    data: Option<PathBuf>,
    json: bool,
    floors: Option<&Path>,
) -> Result<ExitCode> {
    use newsfuse_eval::suites;
    // `synth` needs no data: its stream is generated from a seed.
    let names: Vec<&str> = if bench == "all" {
        suites::NAMES.iter().copied().chain(["synth"]).collect()
    } else if suites::NAMES.contains(&bench) || bench == "synth" {
        vec![bench]
    } else {
        bail!(
            "unknown benchmark '{bench}' (known: {}, all)",
            suites::NAMES.join(", ")
        );
    };
    let floors = match floors {
        Some(path) => Some(newsfuse_eval::floors::Floors::read(path)?),
        None => None,
    };
    let shared = shared_data(None);
    let mut below = Vec::new();
    let mut ran = 0;
    for name in names {
        if name == "synth" {
            let started = std::time::Instant::now();
            let report = synth::report(synth::EVAL_ARTICLES, 1)?;
            ran += 1;
            print_report(name, &report, &report.data, started, json)?;
            if let Some(f) = &floors {
                below.extend(f.check(&report));
            }
            continue;
        }
        let path = match &data {
            Some(d) => suites::resolve_data(name, d),
            None => shared.join(suites::default_data(name).unwrap_or_default()),
        };
        if !path.exists() {
            if data.is_some() && bench != "all" {
                bail!("no data for {name} at {}", path.display());
            }
            eprintln!(
                "newsfuse eval: skipped {name}: {} not found",
                path.display()
            );
            continue;
        }
        let started = std::time::Instant::now();
        let report = suites::run(name, &path).with_context(|| format!("running {name}"))?;
        ran += 1;
        print_report(name, &report, &path.display().to_string(), started, json)?;
        if let Some(f) = &floors {
            below.extend(f.check(&report));
        }
    }
    if ran == 0 {
        eprintln!("newsfuse eval: no benchmark data found; nothing scored");
    }
    if !below.is_empty() {
        for b in &below {
            eprintln!("newsfuse eval: below floor: {b}");
        }
        return Ok(ExitCode::from(3));
    }
    Ok(ExitCode::SUCCESS)
}

fn print_report(
    name: &str,
    report: &newsfuse_eval::score::Report,
    data: &str,
    started: std::time::Instant,
    json: bool,
) -> Result<()> {
    if json {
        println!("{}", serde_json::to_string(&report.to_json())?);
    } else {
        println!(
            "== {name} ({data}; {:.1} s)",
            started.elapsed().as_secs_f64()
        );
        print!("{}", report.to_table());
        println!();
    }
    Ok(())
}

struct BenchArgs {
    mb: usize,
    scales: Vec<usize>,
    stages: Vec<String>,
    all_cores: usize,
    data: Option<PathBuf>,
    corpus_out: Option<PathBuf>,
    json: bool,
}

/// The shared benchmark data folder: `--data`, `$NEWSFUSE_SHARED/data`, or
/// `../shared/data` from the current folder.
fn shared_data(data: Option<PathBuf>) -> PathBuf {
    data.unwrap_or_else(|| {
        std::env::var_os("NEWSFUSE_SHARED")
            .map(|s| PathBuf::from(s).join("data"))
            .unwrap_or_else(|| PathBuf::from("../shared/data"))
    })
}

fn run_bench(args: BenchArgs) -> Result<()> {
    let stages: Vec<String> = if args.stages.is_empty() {
        bench::STAGES.iter().map(|s| s.to_string()).collect()
    } else {
        args.stages.clone()
    };
    if let Some(bad) = stages
        .iter()
        .find(|s| !bench::STAGES.contains(&s.as_str()) && *s != bench::MUC4)
    {
        bail!(
            "unknown stage '{bad}' (known: {}, {})",
            bench::STAGES.join(", "),
            bench::MUC4
        );
    }
    let data_dir = shared_data(args.data.clone());
    if stages.iter().all(|s| s == bench::MUC4) {
        // The MUC-4 line alone, with its sub-stages.
        match bench::muc4_report(&data_dir)? {
            Some(report) => println!("{report}"),
            None => bail!(
                "no MUC-4 texts at {}",
                data_dir.join("muc4/train.jsonl").display()
            ),
        }
        return Ok(());
    }
    let stages: Vec<String> = stages.into_iter().filter(|s| s != bench::MUC4).collect();
    if args.mb == 0 || args.scales.contains(&0) {
        bail!("--mb and --scales must be at least 1");
    }
    let (texts, origin) = bench::corpus_texts(&data_dir, Path::new("examples/articles"))?;
    let dir = std::env::temp_dir().join(format!("newsfuse-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let mut results = Vec::new();
    let mut scaling = Vec::new();
    let mut scales = args.scales.clone();
    if !scales.contains(&1) {
        scales.insert(0, 1);
    }
    scales.sort_unstable();
    scales.dedup();
    let quiet = args.json;
    for scale in &scales {
        let path = dir.join(format!("corpus-{scale}.jsonl"));
        let (articles, bytes) = bench::write_corpus(&texts, args.mb * scale * 1_000_000, &path)?;
        if !quiet {
            eprintln!(
                "newsfuse bench: scale {scale}: {articles} articles, {:.1} MB from {origin}",
                bytes as f64 / 1e6
            );
        }
        if *scale == 1 {
            if let Some(out) = &args.corpus_out {
                std::fs::copy(&path, out).with_context(|| format!("writing {}", out.display()))?;
            }
            for stage in &stages {
                for threads in [1, args.all_cores] {
                    if threads == args.all_cores
                        && threads == 1
                        && results.iter().any(|m: &bench::Measure| m.stage == *stage)
                    {
                        continue;
                    }
                    if !quiet {
                        eprintln!("newsfuse bench: {stage} on {threads} thread(s)…");
                    }
                    results.push(bench::measure(stage, &path, threads)?);
                }
            }
        } else {
            for stage in ["html", "pipeline"] {
                if stages.iter().any(|s| s == stage) {
                    if !quiet {
                        eprintln!("newsfuse bench: {stage} at scale {scale}…");
                    }
                    scaling.push((*scale, bench::measure(stage, &path, args.all_cores)?));
                }
            }
        }
        let _ = std::fs::remove_file(&path);
    }
    let _ = std::fs::remove_dir(&dir);
    for stage in ["pipeline", "html"] {
        if let Some(base) = results
            .iter()
            .find(|m| m.stage == stage && m.threads == args.all_cores)
        {
            scaling.insert(0, (1, base.clone()));
        }
    }
    if args.json {
        let out = serde_json::json!({
            "corpus": origin,
            "stages": results.iter().map(bench::to_json).collect::<Vec<_>>(),
            "scaling": scaling.iter().map(|(s, m)| {
                let mut v = bench::to_json(m);
                v["scale"] = serde_json::json!(s);
                v
            }).collect::<Vec<_>>(),
        });
        println!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(());
    }
    println!("corpus: {origin}");
    println!("{}", bench::header());
    for m in &results {
        println!("{}", bench::row(m));
    }
    if let Some(line) = bench::muc4_line(&data_dir)? {
        println!("{line}");
    }
    for stage in ["html", "pipeline"] {
        let rows: Vec<&(usize, bench::Measure)> =
            scaling.iter().filter(|(_, m)| m.stage == stage).collect();
        if rows.len() < 2 {
            continue;
        }
        println!();
        println!(
            "scaling ({stage}, {} threads): time and peak memory relative to scale 1",
            args.all_cores
        );
        let base = &rows[0].1;
        for (scale, m) in rows {
            println!(
                "  {scale:>3}x  {:>7.2}x time  {:>6.2}x memory  ({:.1} s, {:.1} MiB)",
                m.seconds / base.seconds.max(1e-9),
                m.peak_rss_kib as f64 / (base.peak_rss_kib.max(1)) as f64,
                m.seconds,
                m.peak_rss_kib as f64 / 1024.0
            );
        }
    }
    Ok(())
}

fn article_map(docs: &[Document]) -> HashMap<DocId, &Document> {
    docs.iter().map(|d| (d.id.clone(), d)).collect()
}

fn print_database(
    incidents: &[Incident],
    actors: &[ActorRecord],
    articles: &HashMap<DocId, &Document>,
    format: Format,
) -> Result<()> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match format {
        Format::Json => {
            let json = export::database_json(incidents, actors, articles);
            writeln!(out, "{}", serde_json::to_string_pretty(&json)?)?;
        }
        Format::Markdown => write!(out, "{}", export::incidents_markdown(incidents, articles))?,
        Format::Text => {
            if incidents.is_empty() {
                writeln!(out, "No incidents found.")?;
            }
            for incident in incidents {
                writeln!(out, "{}", export::incident_text(incident, articles))?;
            }
            let linked: Vec<&ActorRecord> =
                actors.iter().filter(|a| !a.incidents.is_empty()).collect();
            if !linked.is_empty() {
                writeln!(out, "Actors")?;
                for actor in linked {
                    writeln!(out, "{}", export::actor_text(actor, articles))?;
                }
            }
        }
    }
    Ok(())
}
