//! `newsfuse report`: the web page as one self-contained HTML file, its data inlined,
//! to mail or open offline. The page's script reads the inlined data instead of the
//! API, so the report shows the same views as the server.

use crate::assets::{APP_CSS, APP_JS, INDEX_HTML, WORLD_JSON};
use crate::View;

/// JSON made safe to sit inside a `<script>` element: no `<` can close it.
fn script_json(json: &str) -> String {
    json.replace('<', "\\u003c")
}

/// The whole report page.
pub fn report_html(view: &View) -> String {
    let data = serde_json::to_string(&view.report_data()).unwrap_or_else(|_| "null".into());
    let inline = format!("<style>\n{APP_CSS}\n</style>",);
    let scripts = format!(
        "<script>window.NEWSFUSE_DATA = {};\nwindow.NEWSFUSE_WORLD = {};</script>\n<script>\n{}\n</script>",
        script_json(&data),
        script_json(WORLD_JSON),
        APP_JS.replace("</script", "<\\/script"),
    );
    INDEX_HTML
        .replace(r#"<link rel="stylesheet" href="assets/app.css">"#, &inline)
        .replace(r#"<script src="assets/app.js"></script>"#, &scripts)
}
