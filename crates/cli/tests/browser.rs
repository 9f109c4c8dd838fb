//! The web page in a real browser: headless Chromium driven over WebDriver
//! (chromedriver), against `newsfuse serve` and against the `newsfuse report` file.
//! Screenshots land in `target/tmp/browser/`.
//!
//! Needs `chromium` and `chromedriver` (Debian: `apt-get install chromium
//! chromium-driver`; `.ci/run` installs them). Without them the tests print why and
//! pass, unless `NEWSFUSE_REQUIRE_BROWSER=1` says they must run (as in CI).

mod util;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine;
use serde_json::{json, Value};
use util::{newsfuse, repo, shared};

/// A program on the PATH.
fn on_path(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    names.iter().find_map(|name| {
        std::env::split_paths(&path)
            .map(|dir| dir.join(name))
            .find(|p| p.is_file())
    })
}

/// chromedriver and the browser binary, or `None` with the reason printed.
fn browser() -> Option<(PathBuf, PathBuf)> {
    let driver = std::env::var_os("NEWSFUSE_CHROMEDRIVER")
        .map(PathBuf::from)
        .or_else(|| on_path(&["chromedriver"]));
    // Debian's /usr/bin/chromium is a shell wrapper; chromedriver wants the binary.
    let chrome = std::env::var_os("NEWSFUSE_CHROME")
        .map(PathBuf::from)
        .or_else(|| Some(PathBuf::from("/usr/lib/chromium/chromium")).filter(|p| p.is_file()))
        .or_else(|| on_path(&["chromium", "chromium-browser", "google-chrome"]));
    match (driver, chrome) {
        (Some(d), Some(c)) => Some((d, c)),
        _ => {
            let reason =
                "chromium and chromedriver not found (apt-get install chromium chromium-driver)";
            if std::env::var_os("NEWSFUSE_REQUIRE_BROWSER").is_some() {
                panic!("NEWSFUSE_REQUIRE_BROWSER is set, but {reason}");
            }
            eprintln!("skipped: {reason}");
            None
        }
    }
}

/// A child process killed when dropped.
struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `newsfuse serve` on a free port over `db`; returns the process and its base URL.
fn serve(dir: &Path, db: &Path) -> (Killed, String) {
    let token = dir.join("token");
    std::fs::write(&token, "browser-test-token\n").expect("token file");
    let mut child = Command::new(env!("CARGO_BIN_EXE_newsfuse"))
        .args(["serve", "--addr", "127.0.0.1:0", "--db"])
        .arg(db)
        .arg("--token-file")
        .arg(&token)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("newsfuse serve starts");
    let stdout = child.stdout.take().expect("stdout");
    let child = Killed(child);
    let mut first = String::new();
    BufReader::new(stdout)
        .read_line(&mut first)
        .expect("the server prints its address");
    let url = first
        .trim()
        .strip_prefix("newsfuse: serving ")
        .unwrap_or_else(|| panic!("unexpected first line: {first:?}"))
        .to_string();
    (child, url)
}

fn http() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into()
}

fn get_json(url: &str) -> Value {
    http()
        .get(url)
        .call()
        .expect("request")
        .body_mut()
        .read_json()
        .expect("JSON")
}

/// A WebDriver session on a headless Chromium.
struct Driver {
    _process: Killed,
    session: String,
    base: String,
}

impl Driver {
    fn start(driver: &Path, chrome: &Path) -> Driver {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let process = Killed(
            Command::new(driver)
                .arg(format!("--port={port}"))
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("chromedriver starts"),
        );
        let base = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let ready = http()
                .get(&format!("{base}/status"))
                .call()
                .ok()
                .and_then(|mut r| r.body_mut().read_json::<Value>().ok())
                .is_some_and(|v| v["value"]["ready"] == true);
            if ready {
                break;
            }
            assert!(Instant::now() < deadline, "chromedriver did not get ready");
            std::thread::sleep(Duration::from_millis(100));
        }
        let caps = json!({ "capabilities": { "alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chrome,
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu",
                         "--disable-dev-shm-usage", "--window-size=1280,1400",
                         "--allow-file-access-from-files"],
            },
        }}});
        let mut r = http()
            .post(&format!("{base}/session"))
            .send_json(&caps)
            .expect("new session");
        let body: Value = r.body_mut().read_json().expect("session JSON");
        let session = body["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {body}"))
            .to_string();
        Driver {
            _process: process,
            session,
            base,
        }
    }

    fn post(&self, path: &str, body: Value) -> Value {
        let url = format!("{}/session/{}{path}", self.base, self.session);
        let v: Value = http()
            .post(&url)
            .send_json(&body)
            .expect("WebDriver request")
            .body_mut()
            .read_json()
            .expect("WebDriver JSON");
        assert!(v["value"]["error"].is_null(), "{path}: {v}");
        v["value"].clone()
    }

    fn js(&self, script: &str) -> Value {
        self.post("/execute/sync", json!({ "script": script, "args": [] }))
    }

    /// Opens `url` and waits until the page has rendered its route.
    fn open(&self, url: &str) {
        self.post("/url", json!({ "url": url }));
        let hash = url.split_once('#').map_or("/", |(_, h)| h).to_string();
        self.wait_ready(&hash);
    }

    fn wait_ready(&self, hash: &str) {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if self.js("return document.body.dataset.ready || null") == json!(hash) {
                return;
            }
            assert!(Instant::now() < deadline, "the page never rendered {hash}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn element(&self, css: &str) -> String {
        let v = self.post("/element", json!({ "using": "css selector", "value": css }));
        v.as_object()
            .and_then(|o| o.values().next())
            .and_then(Value::as_str)
            .unwrap_or_else(|| panic!("no element {css}: {v}"))
            .to_string()
    }

    fn type_into(&self, css: &str, text: &str) {
        let id = self.element(css);
        self.post(&format!("/element/{id}/value"), json!({ "text": text }));
    }

    fn click(&self, css: &str) {
        let id = self.element(css);
        self.post(&format!("/element/{id}/click"), json!({}));
    }

    /// Saves a screenshot as `target/tmp/browser/NAME.png`.
    fn screenshot(&self, name: &str) {
        let url = format!("{}/session/{}/screenshot", self.base, self.session);
        let v: Value = http()
            .get(&url)
            .call()
            .expect("screenshot")
            .body_mut()
            .read_json()
            .expect("JSON");
        let png = base64::engine::general_purpose::STANDARD
            .decode(v["value"].as_str().expect("base64 PNG"))
            .expect("valid base64");
        assert!(png.starts_with(b"\x89PNG"), "a PNG");
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("browser");
        std::fs::create_dir_all(&dir).expect("artefact folder");
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, png).expect("screenshot written");
        eprintln!("screenshot: {}", path.display());
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = http()
            .delete(&format!("{}/session/{}", self.base, self.session))
            .call();
    }
}

/// The map's projection (equirectangular onto 960×480), as app.js draws it.
fn project(lon: f64, lat: f64) -> (f64, f64) {
    ((lon + 180.0) * 960.0 / 360.0, (90.0 - lat) * 480.0 / 180.0)
}

/// `[place, cx, cy]` of every marker on the page.
fn markers(d: &Driver) -> Vec<(String, f64, f64)> {
    let v = d.js("return [...document.querySelectorAll('svg.map circle.marker')].map(c => [c.dataset.place, +c.getAttribute('cx'), +c.getAttribute('cy')])");
    v.as_array()
        .expect("markers")
        .iter()
        .map(|m| {
            (
                m[0].as_str().expect("place").to_string(),
                m[1].as_f64().expect("cx"),
                m[2].as_f64().expect("cy"),
            )
        })
        .collect()
}

fn assert_marker_at(d: &Driver, place: &str, lon: f64, lat: f64) {
    let (x, y) = project(lon, lat);
    let all = markers(d);
    assert!(
        all.iter()
            .any(|(p, cx, cy)| p == place && (cx - x).abs() < 0.05 && (cy - y).abs() < 0.05),
        "no marker for {place} at ({x:.2}, {y:.2}): {all:?}"
    );
}

/// `[attribute, value, status badge]` of every fused fact row.
fn fact_rows(d: &Driver) -> Vec<(String, String, String)> {
    let v = d.js("return [...document.querySelectorAll('#facts tr.fact')].map(r => [r.dataset.attribute, r.querySelector('.fact-value').textContent, r.querySelector('.badge').textContent])");
    v.as_array()
        .expect("facts")
        .iter()
        .map(|r| {
            (
                r[0].as_str().expect("attribute").to_string(),
                r[1].as_str().expect("value").to_string(),
                r[2].as_str().expect("badge").to_string(),
            )
        })
        .collect()
}

fn row_ids(d: &Driver) -> Vec<String> {
    let v =
        d.js("return [...document.querySelectorAll('#incidents tbody tr')].map(r => r.dataset.id)");
    serde_json::from_value(v).expect("ids")
}

fn build_db(dir: &Path, name: &str, inputs: &[&str], extra: &[&str]) -> PathBuf {
    let db = dir.join(name);
    let mut args = vec!["run", "--quiet", "--db", db.to_str().expect("utf-8 path")];
    args.extend_from_slice(inputs);
    args.extend_from_slice(extra);
    let out = newsfuse(dir, &args);
    assert_eq!(out.code, 0, "{}", out.stderr);
    db
}

#[test]
fn the_examples_in_the_browser_and_in_the_report() {
    let Some((driver, chrome)) = browser() else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let examples = repo().join("examples/articles");
    let db = build_db(
        dir.path(),
        "ex.db",
        &[examples.to_str().expect("utf-8 path")],
        &[],
    );
    let (_server, base) = serve(dir.path(), &db);
    let list = get_json(&format!("{base}api/incidents"));
    let api_ids: Vec<String> = list["incidents"]
        .as_array()
        .expect("incidents")
        .iter()
        .map(|i| i["id"].as_str().expect("id").to_string())
        .collect();
    assert_eq!(api_ids.len(), 2);
    let maiduguri = get_json(&format!("{base}api/incidents?q=wedding"))["incidents"][0]["id"]
        .as_str()
        .expect("id")
        .to_string();

    let d = Driver::start(&driver, &chrome);

    // The list: both incidents, a marker at Maiduguri, two dots on the timeline.
    d.open(&base);
    assert_eq!(row_ids(&d), api_ids);
    assert_marker_at(&d, "Maiduguri", 13.1571, 11.8469);
    assert_marker_at(&d, "Kano", 8.5167, 12.0001);
    assert_eq!(
        d.js(
            "return [...document.querySelectorAll('svg.timeline circle')].map(c => c.dataset.day)"
        ),
        json!(["2025-06-14", "2025-06-14"])
    );
    d.screenshot("examples-list");

    // Filtering with the form.
    d.type_into("#filters input[name=q]", "Bristol");
    d.click("#filters button");
    d.wait_ready("/?q=Bristol");
    assert_eq!(row_ids(&d).len(), 1);
    assert_eq!(
        d.js("return document.getElementById('count').textContent"),
        json!("1 incident")
    );

    // The incident page: fused facts with badges, the conflict side by side, the
    // evidence highlighted, the count history.
    d.open(&format!("{base}#/incident/{maiduguri}"));
    let facts = fact_rows(&d);
    for want in [
        ("killed", "19", "updated"),
        ("wounded", "27", "conflict"),
        ("place", "Maiduguri, Nigeria", "agreed"),
        ("perpetrator_org", "Sahel Martyrs Brigade", "agreed"),
    ] {
        assert!(
            facts
                .iter()
                .any(|(a, v, s)| (a.as_str(), v.as_str(), s.as_str()) == want),
            "{want:?} not in {facts:?}"
        );
    }
    let others = d.js("return document.querySelector('tr.fact[data-attribute=wounded] .side .others').textContent");
    assert!(
        others.as_str().is_some_and(|t| t.starts_with("31")),
        "{others}"
    );
    // The grouping history: the first regroup opened it with its three reports.
    assert_eq!(
        d.js("return [...document.querySelectorAll('#grouping li')].map(li => [li.dataset.change, li.textContent.replace(/^.*: /, '')])"),
        json!([["opened", "opened with 3 report(s)"]])
    );
    // Every highlight is exactly a source's evidence, in its own article.
    let detail = get_json(&format!("{base}api/incidents/{maiduguri}"));
    let mut evidence = std::collections::BTreeSet::new();
    for f in detail["facts"].as_array().expect("facts") {
        for s in f["sources"]
            .as_array()
            .expect("sources")
            .iter()
            .chain(f["disagreeing"].as_array().expect("disagreeing"))
        {
            evidence.insert((
                s["article"].as_str().expect("article").to_string(),
                f["attribute"].as_str().expect("attribute").to_string(),
                s["text"].as_str().expect("text").to_string(),
            ));
        }
    }
    let marks: Vec<(String, String, String)> = serde_json::from_value(d.js(
        "return [...document.querySelectorAll('.article mark.ent')].map(m => [m.closest('.article').dataset.id, m.dataset.attribute, m.firstChild.textContent])",
    ))
    .expect("marks");
    assert!(marks.len() >= 3, "{marks:?}");
    for m in &marks {
        assert!(evidence.contains(m), "{m:?} is no source's evidence");
    }
    assert!(marks.iter().any(|(_, a, _)| a == "killed"), "{marks:?}");
    let points = detail["history"]
        .as_array()
        .expect("history")
        .iter()
        .filter(|h| h["published"].is_string())
        .count();
    assert_eq!(
        d.js("return document.querySelectorAll('svg.chart circle.point').length"),
        json!(points)
    );
    d.screenshot("examples-incident");

    // An actor page.
    d.open(&format!("{base}#/actor/SMB"));
    assert_eq!(
        d.js("return document.getElementById('actor-name').textContent"),
        json!("Sahel Martyrs Brigade")
    );

    // The static report shows the same, from a file, with no server.
    let report = dir.path().join("report.html");
    let out = newsfuse(
        dir.path(),
        &[
            "report",
            "--db",
            db.to_str().expect("utf-8"),
            "--out",
            report.to_str().expect("utf-8"),
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let file_url = format!("file://{}", report.display());
    d.open(&format!("{file_url}#/"));
    assert_eq!(
        d.js("return document.getElementById('mode').textContent"),
        json!("static report")
    );
    assert_eq!(row_ids(&d), api_ids);
    assert_marker_at(&d, "Maiduguri", 13.1571, 11.8469);
    d.open(&format!("{file_url}#/incident/{maiduguri}"));
    assert_eq!(fact_rows(&d), facts);
    d.screenshot("report-incident");
}

#[test]
fn the_seed_incident_in_the_browser() {
    let Some(seeds) = shared("seeds") else { return };
    let Some((driver, chrome)) = browser() else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let db = build_db(
        dir.path(),
        "seeds.db",
        &[seeds.to_str().expect("utf-8 path")],
        &["--published", "2024-03-23"],
    );
    let (_server, base) = serve(dir.path(), &db);
    let list = get_json(&format!("{base}api/incidents"));
    assert_eq!(list["total"], 1, "{list}");
    let inc = &list["incidents"][0];
    let id = inc["id"].as_str().expect("id").to_string();
    let (lat, lon) = (
        inc["place"]["lat"].as_f64().expect("lat"),
        inc["place"]["lon"].as_f64().expect("lon"),
    );
    assert!(
        (lat - 55.75).abs() < 0.3 && (lon - 37.62).abs() < 0.3,
        "Moscow at {lat}, {lon}"
    );

    let d = Driver::start(&driver, &chrome);
    d.open(&base);
    assert_marker_at(&d, "Moscow", lon, lat);
    assert_eq!(
        d.js(
            "return [...document.querySelectorAll('svg.timeline circle')].map(c => c.dataset.day)"
        ),
        json!(["2024-03-22"])
    );
    d.screenshot("seeds-list");

    d.open(&format!("{base}#/incident/{id}"));
    let facts = fact_rows(&d);
    for want in [
        ("place", "Moscow, Russia", "agreed"),
        (
            "perpetrator_org",
            "Islamic State Khorasan Province",
            "agreed",
        ),
        ("killed", "139", "updated"),
    ] {
        assert!(
            facts
                .iter()
                .any(|(a, v, s)| (a.as_str(), v.as_str(), s.as_str()) == want),
            "{want:?} not in {facts:?}"
        );
    }
    assert!(
        facts
            .iter()
            .any(|(a, _, s)| a == "responsibility" && s == "conflict"),
        "{facts:?}"
    );
    assert_marker_at(&d, "Moscow", lon, lat);
    d.screenshot("seeds-incident");
}
