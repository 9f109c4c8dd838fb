//! `newsfuse serve`: the HTTP API under `/api/` and the web page, over one store; and
//! the static report, which is the same page with its data inlined.
//!
//! Reads are served from an immutable [`View`] snapshot, so they never wait on SQLite
//! or on each other. Writes (`POST`/`DELETE /api/articles`) take the store's lock, run
//! the pipeline (extract, regroup, fuse) and swap in a new snapshot. Every write needs
//! the bearer token; bodies are size-limited; every failure is a JSON `{"error": …}`
//! with a 4xx or 5xx status, never a panic.
#![deny(missing_docs)]

use std::sync::{Arc, Mutex, RwLock};

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, Query, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use newsfuse_core::{DocId, Document};
use newsfuse_ingest::{Defaults, Format, Item};
use newsfuse_pipeline::Added;
use newsfuse_store::Store;
use serde_json::{json, Value as Json};

mod assets;
mod report;
pub mod view;

pub use report::report_html;
pub use view::View;

/// Every API operation, as `(method, path)`: the OpenAPI description lists exactly
/// these (a test holds them equal).
pub const API_ROUTES: &[(&str, &str)] = &[
    ("GET", "/api/health"),
    ("GET", "/api/openapi.json"),
    ("GET", "/api/incidents"),
    ("GET", "/api/incidents/{id}"),
    ("GET", "/api/actors"),
    ("GET", "/api/actors/{name}"),
    ("GET", "/api/articles"),
    ("POST", "/api/articles"),
    ("GET", "/api/articles/{id}"),
    ("DELETE", "/api/articles/{id}"),
];

/// The OpenAPI 3.1 description of the API.
pub const OPENAPI: &str = include_str!("../openapi.json");

/// The default request body limit: 8 MiB.
pub const DEFAULT_BODY_LIMIT: usize = 8 << 20;

/// The shared state of a running server.
pub struct App {
    store: Mutex<Store>,
    view: RwLock<Arc<View>>,
    token: String,
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The store could not be read.
    #[error(transparent)]
    Store(#[from] newsfuse_store::StoreError),
    /// The write token is empty.
    #[error("the write token is empty")]
    EmptyToken,
}

impl App {
    /// Serves `store`; writes need `token`.
    pub fn new(store: Store, token: String) -> Result<Arc<App>, ServeError> {
        if token.trim().is_empty() {
            return Err(ServeError::EmptyToken);
        }
        let view = View::load(&store)?;
        Ok(Arc::new(App {
            store: Mutex::new(store),
            view: RwLock::new(Arc::new(view)),
            token: token.trim().to_string(),
        }))
    }

    /// The current snapshot.
    pub fn view(&self) -> Arc<View> {
        match self.view.read() {
            Ok(v) => Arc::clone(&v),
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        }
    }

    fn swap_view(&self, view: View) {
        let mut slot = match self.view.write() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        };
        *slot = Arc::new(view);
    }
}

/// A fresh random write token: 32 hexadecimal digits from the system's random source.
pub fn generate_token() -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes)?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// An error answer: a status and a message, sent as `{"error": message}`.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    message: String,
    details: Vec<String>,
}

impl ApiError {
    fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            message: message.into(),
            details: Vec::new(),
        }
    }

    fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, message)
    }

    fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, message)
    }

    fn internal(message: impl std::fmt::Display) -> ApiError {
        ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, message.to_string())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut body = json!({ "error": self.message });
        if !self.details.is_empty() {
            body["details"] = json!(self.details);
        }
        let mut response = (self.status, axum::Json(body)).into_response();
        if self.status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"newsfuse\""),
            );
        }
        response
    }
}

type ApiResult = Result<Response, ApiError>;

fn ok_json(value: Json) -> ApiResult {
    Ok(axum::Json(value).into_response())
}

/// The router: the API, the web page and its assets. `body_limit` caps request bodies
/// (413 beyond it).
pub fn router(app: Arc<App>, body_limit: usize) -> Router {
    let api = Router::new()
        .route("/api/health", get(health))
        .route("/api/openapi.json", get(openapi))
        .route("/api/incidents", get(list_incidents))
        .route("/api/incidents/{id}", get(get_incident))
        .route("/api/actors", get(list_actors))
        .route("/api/actors/{name}", get(get_actor))
        .route("/api/articles", get(list_articles).post(post_articles))
        .route(
            "/api/articles/{id}",
            get(get_article).delete(delete_article),
        )
        .route("/api/{*rest}", axum::routing::any(api_not_found))
        .layer(middleware::from_fn_with_state(
            Arc::clone(&app),
            require_token,
        ));
    Router::new()
        .merge(api)
        .merge(assets::routes())
        .layer(DefaultBodyLimit::max(body_limit))
        .with_state(app)
}

/// Serves `router` on `listener` until Ctrl-C.
pub async fn serve(listener: tokio::net::TcpListener, router: Router) -> std::io::Result<()> {
    axum::serve(listener, router)
        .with_graceful_shutdown(async {
            // Without a signal handler the server runs until killed.
            if tokio::signal::ctrl_c().await.is_err() {
                std::future::pending::<()>().await;
            }
        })
        .await
}

/// Binds `addr`, tells `ready` the address it got (port 0 picks a free one), and serves
/// `router` on a multi-threaded runtime until Ctrl-C.
pub fn serve_blocking(
    addr: &str,
    router: Router,
    ready: impl FnOnce(std::net::SocketAddr),
) -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        ready(listener.local_addr()?);
        serve(listener, router).await
    })
}

/// Refuses writes without the bearer token, before their body is read.
async fn require_token(State(app): State<Arc<App>>, request: Request, next: Next) -> Response {
    let method = request.method();
    if method == Method::GET || method == Method::HEAD || method == Method::OPTIONS {
        return next.run(request).await;
    }
    let given = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    match given {
        Some(token) if constant_time_eq(token.as_bytes(), app.token.as_bytes()) => {
            next.run(request).await
        }
        Some(_) => ApiError::new(StatusCode::UNAUTHORIZED, "wrong token").into_response(),
        None => ApiError::new(
            StatusCode::UNAUTHORIZED,
            "writing needs the server's token: send 'Authorization: Bearer TOKEN'",
        )
        .into_response(),
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

async fn health(State(app): State<Arc<App>>) -> ApiResult {
    let view = app.view();
    ok_json(json!({
        "status": "ok",
        "version": env!("CARGO_PKG_VERSION"),
        "incidents": view.incidents().len(),
        "articles": view.docs().len(),
        "actors": view.actors().len(),
    }))
}

async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI).into_response()
}

async fn api_not_found(method: Method, uri: axum::http::Uri) -> ApiError {
    ApiError::not_found(format!(
        "no endpoint {method} {}; see /api/openapi.json",
        uri.path()
    ))
}

/// Parses a query string, answering 400 with the parser's words when it does not fit.
fn query<T: serde::de::DeserializeOwned>(
    q: Result<Query<T>, axum::extract::rejection::QueryRejection>,
) -> Result<T, ApiError> {
    q.map(|Query(t)| t)
        .map_err(|e| ApiError::bad_request(format!("bad query: {}", e.body_text())))
}

async fn list_incidents(
    State(app): State<Arc<App>>,
    q: Result<Query<view::IncidentQuery>, axum::extract::rejection::QueryRejection>,
) -> ApiResult {
    let q = query(q)?;
    let view = app.view();
    let (total, incidents) = view
        .find_incidents(&q)
        .map_err(|e| ApiError::bad_request(e.to_string()))?;
    ok_json(json!({ "total": total, "incidents": incidents }))
}

async fn get_incident(State(app): State<Arc<App>>, Path(id): Path<String>) -> ApiResult {
    match app.view().incident_detail(&id) {
        Some(json) => ok_json(json),
        None => Err(ApiError::not_found(format!("no incident '{id}'"))),
    }
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct ActorQuery {
    q: Option<String>,
}

async fn list_actors(
    State(app): State<Arc<App>>,
    q: Result<Query<ActorQuery>, axum::extract::rejection::QueryRejection>,
) -> ApiResult {
    let q = query(q)?;
    let actors = app.view().find_actors(q.q.as_deref());
    ok_json(json!({ "total": actors.len(), "actors": actors }))
}

async fn get_actor(State(app): State<Arc<App>>, Path(name): Path<String>) -> ApiResult {
    match app.view().actor_detail(&name) {
        Some(json) => ok_json(json),
        None => Err(ApiError::not_found(format!("no actor named '{name}'"))),
    }
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct PageQuery {
    limit: Option<usize>,
    offset: Option<usize>,
}

async fn list_articles(
    State(app): State<Arc<App>>,
    q: Result<Query<PageQuery>, axum::extract::rejection::QueryRejection>,
) -> ApiResult {
    let q = query(q)?;
    let (limit, offset) =
        view::page(q.limit, q.offset).map_err(|e| ApiError::bad_request(e.to_string()))?;
    let (total, articles) = app.view().list_articles(limit, offset);
    ok_json(json!({ "total": total, "articles": articles }))
}

async fn get_article(State(app): State<Arc<App>>, Path(id): Path<String>) -> ApiResult {
    match app.view().article_detail(&id) {
        Some(json) => ok_json(json),
        None => Err(ApiError::not_found(format!("no article '{id}'"))),
    }
}

/// What `POST /api/articles` takes besides the body: metadata for HTML and text
/// bodies (a JSON body carries its own).
#[derive(serde::Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct PostQuery {
    /// Publication day for articles that do not say.
    published: Option<String>,
    /// The page's address (HTML, text).
    url: Option<String>,
    /// The outlet (HTML, text).
    source: Option<String>,
}

async fn post_articles(
    State(app): State<Arc<App>>,
    q: Result<Query<PostQuery>, axum::extract::rejection::QueryRejection>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    let q = query(q)?;
    let docs = read_body(&q, &headers, &body)?;
    let app2 = Arc::clone(&app);
    let (added, view) = tokio::task::spawn_blocking(move || {
        write(&app2, |store| {
            let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
            let added = newsfuse_pipeline::add_articles(store, &docs, threads)?;
            Ok(docs
                .into_iter()
                .map(|d| d.id)
                .zip(added)
                .collect::<Vec<_>>())
        })
    })
    .await
    .map_err(ApiError::internal)??;
    let mut stored_any = false;
    let list: Vec<Json> = added
        .iter()
        .map(|(id, added)| {
            let (status, copy_of) = match added {
                Added::New => ("new", None),
                Added::Known => ("known", None),
                Added::Copy { of, .. } => ("copy", Some(of)),
            };
            stored_any |= status != "known";
            json!({
                "id": id.0,
                "new": status == "new",
                "status": status,
                "copy_of": copy_of.map(|c| &c.0),
                "incidents": view.incidents_of(copy_of.unwrap_or(id)),
            })
        })
        .collect();
    let status = if stored_any {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, axum::Json(json!({ "articles": list }))).into_response())
}

/// Runs `change` on the store under its lock, then regroups and swaps in the new
/// snapshot. Returns what `change` returned and the new snapshot.
fn write<T>(
    app: &App,
    change: impl FnOnce(&mut Store) -> Result<T, newsfuse_store::StoreError>,
) -> Result<(T, Arc<View>), ApiError> {
    let mut store = match app.store.lock() {
        Ok(s) => s,
        Err(poisoned) => poisoned.into_inner(),
    };
    let out = change(&mut store).map_err(ApiError::internal)?;
    newsfuse_pipeline::regroup(&mut store).map_err(ApiError::internal)?;
    let view = View::load(&store).map_err(ApiError::internal)?;
    app.swap_view(view);
    Ok((out, app.view()))
}

/// The articles in a request body: JSON (one article object or an array of them, with
/// the fields of a JSON Lines record), HTML, or plain text. Any bad article fails the
/// whole request, and nothing is stored.
fn read_body(q: &PostQuery, headers: &HeaderMap, body: &[u8]) -> Result<Vec<Document>, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiError::bad_request("the request body is empty"));
    }
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("application/json");
    let mime = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let published = match q.published.as_deref() {
        None => None,
        Some(p) => Some(
            newsfuse_ingest::parse_date(p)
                .map_err(|e| ApiError::bad_request(format!("'published': {e}")))?,
        ),
    };
    let defaults = Defaults { published };
    let (format, input): (Format, std::borrow::Cow<'_, [u8]>) = match mime.as_str() {
        "application/json" => (Format::JsonLines, json_body_as_lines(body)?.into_bytes().into()),
        "text/html" | "application/xhtml+xml" => (Format::Html, body.into()),
        "text/plain" => (Format::Text, body.into()),
        other => {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                format!(
                    "cannot read a body of type '{other}': send application/json, text/html or text/plain"
                ),
            ))
        }
    };
    let name = match format {
        Format::JsonLines => "body item".to_string(),
        _ => q.url.clone().unwrap_or_else(|| "body".to_string()),
    };
    let mut docs = Vec::new();
    let mut errors = Vec::new();
    newsfuse_ingest::read_reader(
        &input[..],
        &name,
        Some(format),
        &defaults,
        &mut |item| match item {
            Item::Doc(mut doc) => {
                if format != Format::JsonLines {
                    doc.external_id = None;
                    if doc.url.is_none() {
                        doc.url = q.url.clone();
                    }
                    if doc.source.is_none() {
                        doc.source = q.source.clone();
                    }
                }
                docs.push(doc);
            }
            Item::Warning(_) => {}
            Item::Error(e) => errors.push(e.to_string()),
        },
    );
    if !errors.is_empty() {
        let mut e = ApiError::bad_request(format!(
            "{} of the articles could not be read; nothing was stored: {}",
            errors.len(),
            errors[0]
        ));
        e.details = errors;
        return Err(e);
    }
    if docs.is_empty() {
        return Err(ApiError::bad_request("the request body holds no article"));
    }
    Ok(docs)
}

/// A JSON body (an object, or an array of objects) as JSON Lines, one article a line,
/// so that item N is line N in error messages.
fn json_body_as_lines(body: &[u8]) -> Result<String, ApiError> {
    let value: Json = serde_json::from_slice(body)
        .map_err(|e| ApiError::bad_request(format!("the request body is not valid JSON: {e}")))?;
    let items = match value {
        Json::Object(_) => vec![value],
        Json::Array(items) if items.is_empty() => {
            return Err(ApiError::bad_request("the request body is an empty array"))
        }
        Json::Array(items) => items,
        _ => {
            return Err(ApiError::bad_request(
                "the request body must be an article object or an array of them",
            ))
        }
    };
    let mut lines = String::new();
    for (i, item) in items.iter().enumerate() {
        if !item.is_object() {
            return Err(ApiError::bad_request(format!(
                "item {} of the request body is not an object",
                i + 1
            )));
        }
        lines.push_str(&item.to_string());
        lines.push('\n');
    }
    Ok(lines)
}

async fn delete_article(State(app): State<Arc<App>>, Path(id): Path<String>) -> ApiResult {
    let app2 = Arc::clone(&app);
    let target = DocId(id.clone());
    let (found, _) =
        tokio::task::spawn_blocking(move || write(&app2, |store| store.delete_article(&target)))
            .await
            .map_err(ApiError::internal)??;
    if found {
        Ok(StatusCode::NO_CONTENT.into_response())
    } else {
        Err(ApiError::not_found(format!("no article '{id}'")))
    }
}
