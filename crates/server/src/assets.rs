//! The web page's files, compiled into the binary: no CDN, no internet.

use std::sync::Arc;

use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use crate::App;

/// The page.
pub(crate) const INDEX_HTML: &str = include_str!("../assets/index.html");
/// Its script.
pub(crate) const APP_JS: &str = include_str!("../assets/app.js");
/// Its style.
pub(crate) const APP_CSS: &str = include_str!("../assets/app.css");
/// The basemap: Natural Earth country outlines at 1:110m, as TopoJSON (world-atlas).
pub(crate) const WORLD_JSON: &str = include_str!("../assets/countries-110m.json");

fn file(content_type: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        body,
    )
        .into_response()
}

/// `/` and `/assets/…`.
pub(crate) fn routes() -> Router<Arc<App>> {
    Router::new()
        .route(
            "/",
            get(|| async { file("text/html; charset=utf-8", INDEX_HTML) }),
        )
        .route(
            "/assets/app.js",
            get(|| async { file("text/javascript; charset=utf-8", APP_JS) }),
        )
        .route(
            "/assets/app.css",
            get(|| async { file("text/css; charset=utf-8", APP_CSS) }),
        )
        .route(
            "/assets/countries-110m.json",
            get(|| async { file("application/json", WORLD_JSON) }),
        )
}
