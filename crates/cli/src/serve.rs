//! `newsfuse serve` and `newsfuse report`: the web page and API over a store, and the
//! same page as one offline HTML file.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use newsfuse_server::{App, View};

/// `newsfuse serve`.
pub(crate) fn serve(
    db: &Path,
    addr: &str,
    token_file: Option<&Path>,
    max_body_mb: usize,
) -> Result<()> {
    let store = crate::open_store(db)?;
    let (token, generated) = match token_file {
        Some(path) => {
            let token = std::fs::read_to_string(path)
                .with_context(|| format!("reading the token file {}", path.display()))?;
            if token.trim().is_empty() {
                bail!("the token file {} is empty", path.display());
            }
            (token.trim().to_string(), false)
        }
        None => (
            newsfuse_server::generate_token().context("generating a write token")?,
            true,
        ),
    };
    let app =
        App::new(store, token.clone()).with_context(|| format!("loading {}", db.display()))?;
    let view = app.view();
    let (incidents, articles) = (view.incidents().len(), view.docs().len());
    drop(view);
    let router = newsfuse_server::router(app, max_body_mb.saturating_mul(1 << 20));
    newsfuse_server::serve_blocking(addr, router, |local| {
        let mut out = std::io::stdout().lock();
        // The first line names the address: scripts and tests read it.
        let _ = writeln!(out, "newsfuse: serving http://{local}/");
        let _ = writeln!(
            out,
            "newsfuse: {incidents} incident(s) from {articles} article(s) in {}; API at http://{local}/api/ (description: /api/openapi.json)",
            db.display()
        );
        if generated {
            let _ = writeln!(
                out,
                "newsfuse: write token (for POST and DELETE, as 'Authorization: Bearer TOKEN'): {token}"
            );
        }
        let _ = writeln!(out, "newsfuse: Ctrl-C stops");
        let _ = out.flush();
    })
    .with_context(|| format!("serving on {addr}"))
}

/// `newsfuse report`: HTML (the web page with its data inlined) or Markdown.
pub(crate) fn report(db: &Path, out: &Path, markdown: bool) -> Result<()> {
    let store = crate::open_existing(db)?;
    let view = View::load(&store).with_context(|| format!("reading {}", db.display()))?;
    let text = if markdown {
        let articles = view.all_articles();
        newsfuse_export::incidents_markdown(view.incidents(), &articles)
    } else {
        newsfuse_server::report_html(&view)
    };
    if out == Path::new("-") {
        std::io::stdout()
            .lock()
            .write_all(text.as_bytes())
            .context("writing to standard output")?;
    } else {
        std::fs::write(out, text).with_context(|| format!("writing {}", out.display()))?;
        eprintln!(
            "newsfuse: wrote {} ({} incident(s))",
            out.display(),
            view.incidents().len()
        );
    }
    Ok(())
}

/// The report file when none is given: `report.html` or `report.md`.
pub(crate) fn default_report_path(markdown: bool) -> PathBuf {
    PathBuf::from(if markdown { "report.md" } else { "report.html" })
}
