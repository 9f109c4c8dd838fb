//! Every API endpoint over loopback, against a store holding the built-in example
//! articles: answers, filters, errors (401, 404, 413, 415, 400 with its message), the
//! OpenAPI description, and a load test.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use newsfuse_ingest::{Defaults, Item};
use newsfuse_server::{App, API_ROUTES, OPENAPI};
use newsfuse_store::Store;
use serde_json::{json, Value};

const TOKEN: &str = "test-token-0123456789";

/// A server on a free loopback port over the example articles; returns its base URL.
fn start(body_limit: usize) -> String {
    let mut store = Store::open_in_memory().expect("store");
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/articles");
    let mut docs = Vec::new();
    newsfuse_ingest::read_path(&examples, &Defaults::default(), &mut |item| {
        if let Item::Doc(d) = item {
            docs.push(d);
        }
    });
    assert_eq!(docs.len(), 5, "the examples hold five articles");
    for d in &docs {
        newsfuse_pipeline::add_article(&mut store, d).expect("stored");
    }
    newsfuse_pipeline::regroup(&mut store).expect("regrouped");
    let app = App::new(store, TOKEN.to_string()).expect("app");
    let router = newsfuse_server::router(app, body_limit);
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        newsfuse_server::serve_blocking("127.0.0.1:0", router, |addr| {
            let _ = tx.send(addr);
        })
    });
    let addr = rx
        .recv_timeout(Duration::from_secs(10))
        .expect("the server starts");
    format!("http://{addr}")
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into()
}

/// GET: status and JSON body.
fn get(base: &str, path: &str) -> (u16, Value) {
    let mut r = agent()
        .get(&format!("{base}{path}"))
        .call()
        .expect("request");
    let status = r.status().as_u16();
    let body = r.body_mut().read_json::<Value>().unwrap_or(Value::Null);
    (status, body)
}

/// A write with an optional token, a content type and a body.
fn send(
    base: &str,
    method: &str,
    path: &str,
    token: Option<&str>,
    content_type: &str,
    body: &str,
) -> (u16, Value, Option<String>) {
    let url = format!("{base}{path}");
    let a = agent();
    let mut r = if method == "DELETE" {
        let mut req = a.delete(&url);
        if let Some(t) = token {
            req = req.header("Authorization", &format!("Bearer {t}"));
        }
        req.call().expect("request")
    } else {
        let mut req = a.post(&url).header("Content-Type", content_type);
        if let Some(t) = token {
            req = req.header("Authorization", &format!("Bearer {t}"));
        }
        req.send(body).expect("request")
    };
    let status = r.status().as_u16();
    let auth = r
        .headers()
        .get("www-authenticate")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let body = r.body_mut().read_json::<Value>().unwrap_or(Value::Null);
    (status, body, auth)
}

fn ids(list: &Value) -> Vec<String> {
    list["incidents"]
        .as_array()
        .expect("incident list")
        .iter()
        .map(|i| i["summary"].as_str().expect("summary").to_string())
        .collect()
}

const MAIDUGURI: &str =
    "armed assault on wedding at Lakeside Hotel, Maiduguri, Nigeria, 2025-06-14, killed: 19";
const KANO: &str = "armed assault at Bristol Palace Hotel, Kano, Nigeria, 2025-06-14, killed: 7";

#[test]
fn health_counts_the_store() {
    let base = start(1 << 20);
    let (status, body) = get(&base, "/api/health");
    assert_eq!(status, 200);
    assert_eq!(body["status"], "ok");
    assert_eq!(body["articles"], 5);
    assert_eq!(body["incidents"], 2);
}

#[test]
fn incident_list_filters() {
    let base = start(1 << 20);
    let cases: &[(&str, &[&str])] = &[
        ("", &[MAIDUGURI, KANO]),
        ("?country=NG", &[MAIDUGURI, KANO]),
        ("?country=nigeria", &[MAIDUGURI, KANO]),
        ("?country=Russia", &[]),
        ("?type=armed_assault", &[MAIDUGURI, KANO]),
        ("?type=bombing", &[]),
        ("?min_killed=10", &[MAIDUGURI]),
        ("?min_killed=7", &[MAIDUGURI, KANO]),
        ("?from=2025-06-14&to=2025-06-14", &[MAIDUGURI, KANO]),
        ("?from=2025-06-15", &[]),
        ("?to=2025-06-13", &[]),
        ("?q=wedding", &[MAIDUGURI]),
        ("?q=Bristol+kano", &[KANO]),
        ("?q=bristol+wedding", &[]),
        ("?actor=Sahel+Martyrs+Brigade", &[MAIDUGURI]),
        ("?actor=smb", &[MAIDUGURI]),
        ("?actor=nobody", &[]),
        ("?limit=1", &[MAIDUGURI]),
        ("?limit=1&offset=1", &[KANO]),
    ];
    for (query, want) in cases {
        let (status, body) = get(&base, &format!("/api/incidents{query}"));
        assert_eq!(status, 200, "{query}: {body}");
        assert_eq!(ids(&body), *want, "{query}");
        if !query.contains("limit") {
            assert_eq!(body["total"], want.len(), "{query}");
        }
    }
    let (_, body) = get(&base, "/api/incidents?limit=1");
    assert_eq!(body["total"], 2, "total counts every match, not the page");
}

#[test]
fn bad_queries_are_400_with_a_message() {
    let base = start(1 << 20);
    let cases = [
        (
            "/api/incidents?from=yesterday",
            "'from' must be a date as YYYY-MM-DD, not 'yesterday'",
        ),
        (
            "/api/incidents?limit=0",
            "'limit' must be between 1 and 1000, not 0",
        ),
        (
            "/api/articles?limit=5000",
            "'limit' must be between 1 and 1000, not 5000",
        ),
    ];
    for (path, message) in cases {
        let (status, body) = get(&base, path);
        assert_eq!(status, 400, "{path}");
        assert_eq!(body["error"], message, "{path}");
    }
    for path in [
        "/api/incidents?min_killed=many",
        "/api/incidents?colour=red",
        "/api/actors?name=x",
    ] {
        let (status, body) = get(&base, path);
        assert_eq!(status, 400, "{path}");
        let error = body["error"].as_str().expect("message");
        assert!(error.starts_with("bad query: "), "{path}: {error}");
    }
}

#[test]
fn one_incident_with_facts_sources_conflicts_and_history() {
    let base = start(1 << 20);
    let (_, list) = get(&base, "/api/incidents?q=wedding");
    let id = list["incidents"][0]["id"].as_str().expect("id").to_string();
    let (status, inc) = get(&base, &format!("/api/incidents/{id}"));
    assert_eq!(status, 200);
    assert_eq!(inc["summary"], MAIDUGURI);
    let fact = |attr: &str| {
        inc["facts"]
            .as_array()
            .expect("facts")
            .iter()
            .find(|f| f["attribute"] == attr)
            .unwrap_or_else(|| panic!("no {attr} fact"))
            .clone()
    };
    let killed = fact("killed");
    assert_eq!(killed["display"], "19");
    assert_eq!(killed["status"], "updated");
    let wounded = fact("wounded");
    assert_eq!(wounded["status"], "conflict");
    assert_eq!(wounded["display"], "27");
    assert_eq!(wounded["disagreeing"][0]["value"]["best"], 31);
    // Each article comes with its text, and each source's span cuts its evidence out
    // of that text.
    for art in inc["articles"].as_array().expect("articles") {
        let text = art["text"].as_str().expect("text");
        for f in inc["facts"].as_array().expect("facts") {
            for s in f["sources"].as_array().expect("sources") {
                if s["article"] == art["id"] {
                    let (a, b) = (
                        s["span"][0].as_u64().expect("start") as usize,
                        s["span"][1].as_u64().expect("end") as usize,
                    );
                    assert_eq!(&text[a..b], s["text"].as_str().expect("evidence"));
                }
            }
        }
    }
    // The killed count went from "at least 12" on the 14th to 19 on the 15th.
    let killed_history: Vec<(String, u64, Option<u64>)> = inc["history"]
        .as_array()
        .expect("history")
        .iter()
        .filter(|h| h["attribute"] == "killed")
        .map(|h| {
            (
                h["published"].as_str().expect("day").to_string(),
                h["min"].as_u64().expect("min"),
                h["max"].as_u64(),
            )
        })
        .collect();
    assert_eq!(
        killed_history,
        vec![
            ("2025-06-14".to_string(), 12, None),
            ("2025-06-15".to_string(), 19, Some(19)),
            ("2025-06-15".to_string(), 19, Some(19)),
        ]
    );
    // The revision history: killed went from "at least 12" to 19 with the second
    // report; the wounded became a conflict with the third.
    let revisions = inc["revisions"].as_array().expect("revisions");
    assert_eq!(revisions.len(), 3);
    let change = |r: &Value, attr: &str| {
        r["changes"]
            .as_array()
            .expect("changes")
            .iter()
            .find(|c| c["attribute"] == attr)
            .map(|c| (c["from"].clone(), c["to"].clone(), c["status"].clone()))
    };
    assert_eq!(revisions[0]["published"], "2025-06-14");
    assert_eq!(
        change(&revisions[0], "killed"),
        Some((Value::Null, json!("[12, ∞)"), json!("single_source")))
    );
    assert_eq!(
        change(&revisions[1], "killed"),
        Some((json!("[12, ∞)"), json!("19"), json!("updated")))
    );
    assert_eq!(
        change(&revisions[2], "wounded"),
        Some((json!("27"), json!("27"), json!("conflict")))
    );
    assert_eq!(
        change(&revisions[2], "killed"),
        None,
        "no change: not listed"
    );
    // The grouping history: one regroup opened the incident with its three reports.
    let grouping = inc["grouping"].as_array().expect("grouping");
    assert_eq!(grouping.len(), 1, "{grouping:?}");
    assert_eq!(grouping[0]["change"], "opened");
    assert_eq!(grouping[0]["regroup"], 1);
    assert_eq!(grouping[0]["incident"], inc["id"]);
    assert_eq!(grouping[0]["articles"].as_array().map(Vec::len), Some(3));
    let (status, body) = get(&base, "/api/incidents/inc-nope");
    assert_eq!(status, 404);
    assert_eq!(body["error"], "no incident 'inc-nope'");
}

#[test]
fn actors_and_articles() {
    let base = start(1 << 20);
    let (status, actors) = get(&base, "/api/actors?q=martyrs");
    assert_eq!(status, 200);
    assert_eq!(actors["total"], 1);
    assert_eq!(actors["actors"][0]["name"], "Sahel Martyrs Brigade");
    let (status, actor) = get(&base, "/api/actors/smb");
    assert_eq!(status, 200);
    assert_eq!(actor["name"], "Sahel Martyrs Brigade");
    assert_eq!(actor["incident_rows"][0]["summary"], MAIDUGURI);
    let (status, body) = get(&base, "/api/actors/Nobody%20Here");
    assert_eq!(status, 404);
    assert_eq!(body["error"], "no actor named 'Nobody Here'");

    let (status, list) = get(&base, "/api/articles?limit=2&offset=1");
    assert_eq!(status, 200);
    assert_eq!(list["total"], 5);
    assert_eq!(list["articles"].as_array().map(Vec::len), Some(2));
    let id = list["articles"][0]["id"].as_str().expect("id");
    let (status, art) = get(&base, &format!("/api/articles/{id}"));
    assert_eq!(status, 200);
    assert!(art["text"].as_str().is_some_and(|t| t.len() > 100));
    assert!(art["extraction"]["facts"].is_array(), "{art}");
    assert_eq!(art["incidents"], list["articles"][0]["incidents"]);
    let (status, body) = get(&base, "/api/articles/0000");
    assert_eq!(status, 404);
    assert_eq!(body["error"], "no article '0000'");
    let (status, body) = get(&base, "/api/nothing/here");
    assert_eq!(status, 404);
    assert_eq!(
        body["error"],
        "no endpoint GET /api/nothing/here; see /api/openapi.json"
    );
}

const KABUL_MORE: &str = "Witnesses said the explosion shattered windows along the \
    avenue and set fire to several cars waiting at a checkpoint, and ambulances carried the \
    wounded to two city hospitals. The ministry said the vehicle had been parked near the \
    main gate since dawn. No group said it was behind the blast, which came a day before \
    a holiday when the bank was expected to be crowded with customers collecting salaries.";

const KABUL: &str = "A car bomb exploded outside a bank in Kabul, Afghanistan, on Tuesday morning, killing 14 people and wounding 40 others, the interior ministry said.";

#[test]
fn writes_need_the_token() {
    let base = start(1 << 20);
    let body = json!({ "text": KABUL, "published": "2025-09-02" }).to_string();
    let (status, err, auth) = send(
        &base,
        "POST",
        "/api/articles",
        None,
        "application/json",
        &body,
    );
    assert_eq!(status, 401);
    assert_eq!(
        err["error"],
        "writing needs the server's token: send 'Authorization: Bearer TOKEN'"
    );
    assert_eq!(auth.as_deref(), Some("Bearer realm=\"newsfuse\""));
    let (status, err, _) = send(
        &base,
        "POST",
        "/api/articles",
        Some("guess"),
        "application/json",
        &body,
    );
    assert_eq!(status, 401);
    assert_eq!(err["error"], "wrong token");
    let (status, _, _) = send(&base, "DELETE", "/api/articles/abc", None, "", "");
    assert_eq!(status, 401);
    // Nothing was stored.
    assert_eq!(get(&base, "/api/health").1["articles"], 5);
}

#[test]
fn bad_bodies_are_refused_with_a_reason_and_nothing_is_stored() {
    let base = start(64 << 10);
    let post = |ct: &str, body: &str| {
        let (status, err, _) = send(&base, "POST", "/api/articles", Some(TOKEN), ct, body);
        (status, err["error"].as_str().unwrap_or("").to_string())
    };
    let (status, error) = post("application/json", "{\"text\": \"unterminated");
    assert_eq!(status, 400);
    assert!(
        error.starts_with(
            "the request body is not valid JSON: EOF while parsing a string at line 1 column"
        ),
        "{error}"
    );
    assert_eq!(
        post("application/json", "[]"),
        (400, "the request body is an empty array".to_string())
    );
    assert_eq!(
        post("application/json", "42"),
        (
            400,
            "the request body must be an article object or an array of them".to_string()
        )
    );
    assert_eq!(
        post(
            "application/json",
            &format!("[{{\"text\": \"{KABUL}\"}}, 7]")
        ),
        (
            400,
            "item 2 of the request body is not an object".to_string()
        )
    );
    assert_eq!(
        post("application/json", &format!("[{{\"text\": \"{KABUL}\"}}, {{\"title\": \"x\"}}]")),
        (
            400,
            "1 of the articles could not be read; nothing was stored: body item:2: missing \"text\" (a string with the article body)"
                .to_string()
        )
    );
    assert_eq!(
        post("application/json", "  \n"),
        (400, "the request body is empty".to_string())
    );
    assert_eq!(
        post("application/pdf", "%PDF-1.7"),
        (
            415,
            "cannot read a body of type 'application/pdf': send application/json, text/html or text/plain"
                .to_string()
        )
    );
    let big = json!({ "text": "word ".repeat(20_000) }).to_string();
    let (status, _) = post("application/json", &big);
    assert_eq!(status, 413, "a body over the 64 KiB limit");
    assert_eq!(get(&base, "/api/health").1["articles"], 5);
}

#[test]
fn posted_articles_are_grouped_at_once_and_deleted_on_request() {
    let base = start(1 << 20);
    let body =
        json!({ "text": KABUL, "published": "2025-09-02", "source": "Example Wire" }).to_string();
    let (status, added, _) = send(
        &base,
        "POST",
        "/api/articles",
        Some(TOKEN),
        "application/json",
        &body,
    );
    assert_eq!(status, 201, "{added}");
    assert_eq!(added["articles"][0]["new"], true);
    let id = added["articles"][0]["id"].as_str().expect("id").to_string();
    let incident = added["articles"][0]["incidents"][0]
        .as_str()
        .expect("grouped into an incident")
        .to_string();
    let (_, list) = get(&base, "/api/incidents?country=AF");
    assert_eq!(list["total"], 1);
    assert_eq!(list["incidents"][0]["id"], incident.as_str());
    assert_eq!(list["incidents"][0]["event_type"], "bombing");
    assert_eq!(list["incidents"][0]["killed"]["best"], 14);
    assert_eq!(list["incidents"][0]["day"], "2025-09-02");

    // Another outlet's copy of the same wire text, under its own headline, is kept as a
    // copy: not a new article, not a second source.
    let copy = json!({
        "text": format!("KABUL BANK BLAST\n\n{KABUL} {KABUL_MORE}\n\nCopyright Example Wire."),
        "published": "2025-09-02",
        "source": "Example Echo"
    });
    let original = json!({ "text": format!("{KABUL} {KABUL_MORE}"), "published": "2025-09-02", "source": "Example Wire" });
    let (status, first, _) = send(
        &base,
        "POST",
        "/api/articles",
        Some(TOKEN),
        "application/json",
        &original.to_string(),
    );
    assert_eq!(status, 201, "{first}");
    let long_id = first["articles"][0]["id"].as_str().expect("id").to_string();
    let (status, copied, _) = send(
        &base,
        "POST",
        "/api/articles",
        Some(TOKEN),
        "application/json",
        &copy.to_string(),
    );
    assert_eq!(status, 201, "{copied}");
    assert_eq!(copied["articles"][0]["status"], "copy");
    assert_eq!(copied["articles"][0]["copy_of"], long_id.as_str());
    let (_, art) = get(&base, &format!("/api/articles/{long_id}"));
    assert_eq!(art["copies"][0]["outlet"], "Example Echo");
    assert_eq!(art["copies"][0]["kind"], "near");
    assert_eq!(first["articles"][0]["status"], "new");
    assert_eq!(
        get(&base, "/api/health").1["articles"],
        7,
        "5 examples and 2 posted; the copy is not an article"
    );

    // The same text again is not a new article.
    let (status, again, _) = send(
        &base,
        "POST",
        "/api/articles",
        Some(TOKEN),
        "application/json",
        &body,
    );
    assert_eq!(status, 200);
    assert_eq!(again["articles"][0]["new"], false);
    assert_eq!(again["articles"][0]["status"], "known");

    // An HTML page, with its day and outlet given in the query.
    let page = "<html><head><title>Blast in Kandahar</title></head><body><article><h1>Blast in Kandahar</h1>\
        <p>A roadside bomb killed three police officers in Kandahar, Afghanistan, on Monday, officials said.</p>\
        <p>No group said it was behind the blast, the second in the province this month.</p></article></body></html>";
    let (status, added, _) = send(
        &base,
        "POST",
        "/api/articles?published=2025-09-09&source=Example%20Post",
        Some(TOKEN),
        "text/html",
        page,
    );
    assert_eq!(status, 201, "{added}");
    let html_id = added["articles"][0]["id"].as_str().expect("id");
    let (_, art) = get(&base, &format!("/api/articles/{html_id}"));
    assert_eq!(art["published"], "2025-09-09");
    assert_eq!(art["source"], "Example Post");
    assert!(art["text"]
        .as_str()
        .is_some_and(|t| t.contains("A roadside bomb killed three police officers")));

    let (status, _, _) = send(
        &base,
        "DELETE",
        &format!("/api/articles/{id}"),
        Some(TOKEN),
        "",
        "",
    );
    assert_eq!(status, 204);
    assert_eq!(get(&base, &format!("/api/articles/{id}")).0, 404);
    assert_eq!(get(&base, &format!("/api/incidents/{incident}")).0, 404);
    let (status, err, _) = send(
        &base,
        "DELETE",
        &format!("/api/articles/{id}"),
        Some(TOKEN),
        "",
        "",
    );
    assert_eq!(status, 404);
    assert_eq!(err["error"], format!("no article '{id}'"));
}

/// A JSON Schema for one of the description's components, with the components
/// alongside so its `$ref`s resolve.
fn component_validator(doc: &Value, schema: &Value) -> jsonschema::Validator {
    let mut root = schema.clone();
    if let Some(obj) = root.as_object_mut() {
        obj.insert("components".into(), doc["components"].clone());
    } else {
        root = json!({ "allOf": [schema], "components": doc["components"] });
    }
    jsonschema::validator_for(&root).expect("schema compiles")
}

#[test]
fn the_openapi_description_matches_the_server() {
    let doc: Value = serde_json::from_str(OPENAPI).expect("openapi.json is JSON");
    let documented: BTreeSet<(String, String)> = doc["paths"]
        .as_object()
        .expect("paths")
        .iter()
        .flat_map(|(path, ops)| {
            ops.as_object()
                .expect("operations")
                .keys()
                .map(move |m| (m.to_uppercase(), path.clone()))
        })
        .collect();
    let served: BTreeSet<(String, String)> = API_ROUTES
        .iter()
        .map(|(m, p)| (m.to_string(), p.to_string()))
        .collect();
    assert_eq!(documented, served);

    let base = start(1 << 20);
    let (_, health) = get(&base, "/api/openapi.json");
    assert_eq!(health, doc, "the server serves the description");
    let (_, list) = get(&base, "/api/incidents");
    let incident = list["incidents"][0]["id"].as_str().expect("id").to_string();
    let (_, articles) = get(&base, "/api/articles");
    let article = articles["articles"][0]["id"]
        .as_str()
        .expect("id")
        .to_string();
    // Every GET answers 200 with a body its schema accepts, and 404 (where it can) with
    // an Error.
    for (method, path) in API_ROUTES.iter().filter(|(m, _)| *m == "GET") {
        let url = path
            .replace(
                "{id}",
                if path.contains("incidents") {
                    &incident
                } else {
                    &article
                },
            )
            .replace("{name}", "Sahel%20Martyrs%20Brigade");
        let (status, body) = get(&base, &url);
        assert_eq!(status, 200, "{method} {url}");
        let op = &doc["paths"][path]["get"];
        let schema = &op["responses"]["200"]["content"]["application/json"]["schema"];
        let v = component_validator(&doc, schema);
        let errors: Vec<String> = v.iter_errors(&body).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{url}: {errors:?}");
        if path.contains('{') {
            let missing = path.replace("{id}", "zzz").replace("{name}", "zzz");
            let (status, body) = get(&base, &missing);
            assert_eq!(status, 404, "{missing}");
            let v = component_validator(&doc, &json!({ "$ref": "#/components/schemas/Error" }));
            assert!(v.is_valid(&body), "{missing}: {body}");
        }
    }
    let (_, posted, _) = send(
        &base,
        "POST",
        "/api/articles",
        Some(TOKEN),
        "application/json",
        &json!([{ "text": KABUL }]).to_string(),
    );
    let v = component_validator(&doc, &json!({ "$ref": "#/components/schemas/PostResult" }));
    assert!(v.is_valid(&posted), "{posted}");
}

#[test]
fn load_1000_requests_from_50_clients() {
    let base = start(1 << 20);
    let (_, list) = get(&base, "/api/incidents");
    let incident = list["incidents"][0]["id"].as_str().expect("id").to_string();
    let paths = [
        "/api/incidents".to_string(),
        format!("/api/incidents/{incident}"),
        "/api/incidents?country=NG&min_killed=5".to_string(),
        "/api/health".to_string(),
        "/".to_string(),
    ];
    let started = Instant::now();
    let results: Vec<(u16, Duration)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..50)
            .map(|client| {
                let (base, paths) = (&base, &paths);
                scope.spawn(move || {
                    let agent = agent();
                    (0..20)
                        .map(|n| {
                            let path = &paths[(client + n) % paths.len()];
                            let t = Instant::now();
                            let status = agent
                                .get(&format!("{base}{path}"))
                                .call()
                                .map(|mut r| {
                                    let _ = r.body_mut().read_to_vec();
                                    r.status().as_u16()
                                })
                                .unwrap_or(0);
                            (status, t.elapsed())
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("client thread"))
            .collect()
    });
    let wall = started.elapsed();
    assert_eq!(results.len(), 1000);
    let failed = results.iter().filter(|(s, _)| *s != 200).count();
    assert_eq!(failed, 0, "every request answered 200");
    let mut latencies: Vec<Duration> = results.iter().map(|(_, d)| *d).collect();
    latencies.sort();
    let pct = |p: f64| latencies[((latencies.len() as f64 * p) as usize).min(latencies.len() - 1)];
    println!(
        "load: 1000 requests, 50 clients, {:.0} req/s; latency p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        1000.0 / wall.as_secs_f64(),
        pct(0.50).as_secs_f64() * 1e3,
        pct(0.99).as_secs_f64() * 1e3,
        latencies[latencies.len() - 1].as_secs_f64() * 1e3
    );
}

#[test]
fn hostile_bodies_get_a_4xx_never_a_5xx() {
    let base = start(1 << 20);
    let deep_html = format!(
        "<html><body>{}<p>Gunmen killed two people in Kano on Monday.</p>{}</body></html>",
        "<div>".repeat(20_000),
        "</div>".repeat(20_000)
    );
    let deep_json = format!("{}{}", "[".repeat(5_000), "]".repeat(5_000));
    let binary: String = (0u8..=255).map(char::from).cycle().take(4_000).collect();
    let cases: Vec<(&str, String)> = vec![
        ("text/html", deep_html),
        ("text/html", "<html><body><script>".repeat(50)),
        ("text/html", "<<<>>>&&&;;".to_string()),
        ("text/html", binary.clone()),
        ("text/plain", binary),
        ("application/json", deep_json),
        ("application/json", "{\"text\": 12}".to_string()),
        ("application/json", "{\"text\": \"\\ud800\"}".to_string()),
        ("application/json", "\u{feff}{\"text\": \"\"}".to_string()),
        ("application/json; charset=utf-8", "nul\u{0}l".to_string()),
        ("", "{}".to_string()),
    ];
    for (content_type, body) in &cases {
        let (status, answer, _) = send(
            &base,
            "POST",
            "/api/articles",
            Some(TOKEN),
            content_type,
            body,
        );
        assert!(
            (200..500).contains(&status),
            "{content_type} body of {} bytes: {status} {answer}",
            body.len()
        );
        if status >= 400 {
            assert!(answer["error"].is_string(), "{status}: {answer}");
        }
    }
    // The server is still up and whole.
    assert_eq!(get(&base, "/api/health").0, 200);
}

/// A report of two attacks, written for this test.
const TWO_ATTACKS: &str = "Gunmen stormed a village near Gombe, Nigeria, on Monday night, killing 11 farmers, residents said. The attackers burned houses before fleeing.\n\nIn a separate attack on Tuesday, a bomb exploded at a bus stop in Sokoto, killing 3 people and wounding 8, police said.";

#[test]
fn each_incident_of_a_two_attack_report_revises_only_its_own_facts() {
    let base = start(1 << 20);
    let body = json!({ "text": TWO_ATTACKS, "published": "2025-07-02", "source": "Example Wire" })
        .to_string();
    let (status, added, _) = send(
        &base,
        "POST",
        "/api/articles",
        Some(TOKEN),
        "application/json",
        &body,
    );
    assert_eq!(status, 201, "{added}");
    let mut incidents: Vec<String> = added["articles"][0]["incidents"]
        .as_array()
        .expect("incidents")
        .iter()
        .map(|i| i.as_str().expect("id").to_string())
        .collect();
    incidents.sort();
    assert_eq!(incidents.len(), 2, "{added}");
    let killed_changes = |id: &str| -> Vec<Value> {
        let (status, inc) = get(&base, &format!("/api/incidents/{id}"));
        assert_eq!(status, 200, "{inc}");
        inc["revisions"]
            .as_array()
            .expect("revisions")
            .iter()
            .flat_map(|r| r["changes"].as_array().cloned().unwrap_or_default())
            .filter(|c| c["attribute"] == "killed")
            .map(|c| c["to"].clone())
            .collect()
    };
    // The main incident's one revision sets 11 killed; the further one's sets 3, not
    // the main incident's 11.
    assert_eq!(killed_changes(&incidents[0]), vec![json!("11")]);
    assert_eq!(killed_changes(&incidents[1]), vec![json!("3")]);
}
