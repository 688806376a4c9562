//! HTTP plumbing around the Leptos app: the router, `/healthz`, the language
//! switch, the service worker (versioned by build), static files
//! (precompressed, long-cached when hashed), cache headers (staff and
//! signed-in responses never stored), security headers (HSTS when the site
//! is served over HTTPS) and body limits.

use super::{is_local_path, AppState};
use crate::app::{shell, App};
use crate::i18n::Lang;
use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use http::header::{self, HeaderValue};
use http::{Request, StatusCode};
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use serde::Deserialize;
use tower::ServiceExt;
use tower_http::compression::Compression;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::services::ServeDir;

/// The app's routes, generated once per process: generating them walks the
/// whole app, and walks running at once (routers built concurrently, as
/// the integration tests do) left concurrent page renders waiting forever.
fn route_list() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> =
        std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// The whole application's router.
pub fn router(state: AppState) -> Router {
    let routes = route_list();
    let options = state.leptos_options.clone();
    let max_body = state.config.max_body_bytes;
    let worker = ServiceWorker::for_build(&state.leptos_options);
    Router::new()
        .route("/healthz", get(healthz))
        .route("/jezyk/{code}", get(set_language))
        .route("/sw.js", get(move || std::future::ready(worker.serve())))
        .route("/kalendarz/{file}", get(crate::meetings::ics::serve))
        .route("/wyniki/dane/{file}", get(crate::results::data::serve))
        .route(
            "/panel/rundy/{slug}/definicja.json",
            get(crate::rounds::export::serve),
        )
        .route("/postulaty/dane/{file}", get(crate::answers::data::serve))
        .route("/postulaty/kod", get(crate::postulates::lookup::serve))
        .route(
            "/postulaty/odpowiedzi.atom",
            get(crate::answers::data::atom),
        )
        .route(
            "/spotkania/{id}/na-zywo/zdarzenia",
            get(crate::postulates::stream::serve),
        )
        .route(
            "/panel/moderacja/{id}/zdarzenia",
            get(crate::moderation::stream::serve),
        )
        .leptos_routes(&state, routes, move || shell(options.clone()))
        .fallback(static_or_not_found)
        .layer(axum::middleware::from_fn(framework_error_status))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            super::page_cache::serve,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            cache_and_transport_headers,
        ))
        .layer(axum::middleware::from_fn(refuse_cross_site))
        .layer(axum::middleware::from_fn(super::csp::for_pages))
        // Pages and JSON compressed on the fly; static files are served
        // precompressed; event streams never (see `compress`).
        .layer(axum::middleware::from_fn(compress))
        .layer(RequestBodyLimitLayer::new(max_body))
        .layer(axum::middleware::map_response(security_headers))
        .with_state(state)
}

/// Compresses pages and JSON on the fly (tower-http's `Compression`: brotli
/// or gzip as the browser accepts, above 32 bytes, not images or event
/// streams), leaving the live event streams out entirely: the wrapper it
/// puts around a response body holds every encoder's state inline (5.8 KB),
/// kept for as long as the response lasts — for a stream, hours, 29 MB at
/// 5,000 phones, though it never compresses one.
async fn compress(req: Request<Body>, next: axum::middleware::Next) -> Response {
    if is_event_stream(req.uri().path()) {
        return next.run(req).await;
    }
    match Compression::new(next).oneshot(req).await {
        Ok(res) => res.map(Body::new),
        Err(never) => match never {},
    }
}

/// The live views' event streams (`/spotkania/<id>/na-zywo/zdarzenia`,
/// `/panel/moderacja/<id>/zdarzenia`).
fn is_event_stream(path: &str) -> bool {
    path.ends_with(EVENTS_SEGMENT)
}

/// The last segment of every event stream's address.
const EVENTS_SEGMENT: &str = "/zdarzenia";

/// Security headers. `nosniff` on everything; the headers that govern a
/// document (framing, referrer, CSP, permissions) on everything a browser
/// may show as a page, but not on the wasm, scripts, styles and images a
/// page loads: there they do nothing, and an island page loads two dozen
/// such files (~250 bytes of headers each on a phone's connection).
/// A header a handler set itself is kept.
async fn security_headers(mut res: Response) -> Response {
    let status = res.status();
    let document = !res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(is_subresource_type);
    let headers = res.headers_mut();
    let mut set = |name: header::HeaderName, value: &'static str| {
        headers
            .entry(name)
            .or_insert_with(|| HeaderValue::from_static(value));
    };
    set(header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    if document {
        set(header::REFERRER_POLICY, "strict-origin-when-cross-origin");
        set(header::X_FRAME_OPTIONS, "DENY");
        set(
            header::HeaderName::from_static("permissions-policy"),
            "camera=(), microphone=(), geolocation=(), interest-cohort=()",
        );
        // HTML pages have theirs already, with their inline scripts' hashes
        // (`csp::for_pages`). A 304 carries none: a browser would put it on
        // the page it keeps, whose hashes it does not list.
        if status != StatusCode::NOT_MODIFIED {
            headers
                .entry(header::CONTENT_SECURITY_POLICY)
                .or_insert_with(|| DOCUMENT_POLICY.clone());
        }
    }
    res
}

/// The policy of a document without inline scripts, built once.
static DOCUMENT_POLICY: std::sync::LazyLock<HeaderValue> = std::sync::LazyLock::new(|| {
    HeaderValue::from_str(&super::csp::policy(&[])).expect("the policy is plain ASCII")
});

/// Content types a browser only ever runs or draws inside a page, never
/// shows as one: WebAssembly, JavaScript, CSS, fonts and raster images.
/// SVG is a document (it can hold script), so it is not one of them.
fn is_subresource_type(content_type: &str) -> bool {
    let essence = content_type.split(';').next().unwrap_or("").trim();
    matches!(
        essence,
        "application/wasm" | "text/javascript" | "application/javascript" | "text/css"
    ) || essence.starts_with("font/")
        || (essence.starts_with("image/") && essence != "image/svg+xml")
}

/// `Cache-Control` for what the app renders: staff pages, server functions
/// and every response to a signed-in request are `no-store` (never kept by
/// a browser, a proxy or the service worker — a shared tablet keeps no
/// e-mails or audit log); other pages `no-cache` (revalidated each visit).
/// HSTS when the site is served over HTTPS.
async fn cache_and_transport_headers(
    State(state): State<AppState>,
    req: Request<Body>,
    next: axum::middleware::Next,
) -> Response {
    let path = req.uri().path();
    let private = path == "/panel"
        || path.starts_with("/panel/")
        || path.starts_with("/api/")
        || holds_a_residents_answer(req.uri())
        || super::auth::carries_session(req.headers());
    let if_none_match = req.headers().get(header::IF_NONE_MATCH).cloned();
    // The survey carries a fresh start token and client id at every visit:
    // its HTML never repeats, so a validator could never match (and hashing
    // the page cost 5 % of its rendering time under load).
    let validated = req.method() == http::Method::GET && path != "/ankieta";
    let mut res = next.run(req).await;
    let headers = res.headers_mut();
    if private {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    } else if !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
        if validated {
            res = with_etag(res, if_none_match).await;
        }
    }
    let headers = res.headers_mut();
    if state.secure_cookies() {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    res
}

/// Pages that show what one resident sent: a survey receipt, a followed
/// postulate, a form that came back (`?formularz=`). `no-store`: never
/// kept by the browser, a proxy or the service worker — on a shared kiosk
/// the next person must not find them.
fn holds_a_residents_answer(uri: &http::Uri) -> bool {
    let path = uri.path();
    path.starts_with("/ankieta/potwierdzenie/")
        || path.starts_with("/postulaty/kod/")
        || uri.query().is_some_and(|q| {
            q.split('&')
                .any(|pair| pair.split('=').next() == Some(crate::survey::RETURNED_PARAM))
        })
}

/// A public page gets a weak `ETag` (a hash of its HTML); a browser revalidating
/// it (`If-None-Match`) with the same HTML gets `304 Not Modified` and no
/// body. Pages render whole before they are sent (`SsrMode::Async`), so
/// reading the body here delays nothing.
async fn with_etag(res: Response, if_none_match: Option<HeaderValue>) -> Response {
    if res.status() != StatusCode::OK || !is_html(&res) {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    // Weak: the same page compressed or not (compression runs after this).
    let tag = format!(
        "\"{}\"",
        &super::secrets::sha256_hex(&without_nonces(&bytes))[..20]
    );
    let Ok(etag) = HeaderValue::from_str(&format!("W/{tag}")) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    let unchanged = if_none_match
        .as_ref()
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(',')
                .any(|t| t.trim() == "*" || t.trim().trim_start_matches("W/") == tag)
        });
    parts.headers.insert(header::ETAG, etag);
    if unchanged {
        parts.status = StatusCode::NOT_MODIFIED;
        parts.headers.remove(header::CONTENT_LENGTH);
        return Response::from_parts(parts, Body::empty());
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// Whether a response is an HTML page.
pub(super) fn is_html(res: &Response) -> bool {
    res.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"))
}

/// The HTML without the values of its `nonce="…"` attributes: Leptos gives
/// every render a fresh script nonce, which would make every page look
/// changed. (Our CSP does not use nonces; if it ever does, a 304 would
/// reuse a stale nonce and this validator must go.)
fn without_nonces(html: &[u8]) -> Vec<u8> {
    const ATTR: &[u8] = b"nonce=\"";
    let mut out = Vec::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.windows(ATTR.len()).position(|w| w == ATTR) {
        let value = &rest[at + ATTR.len()..];
        out.extend_from_slice(&rest[..at + ATTR.len()]);
        match value.iter().position(|&b| b == b'"') {
            Some(end) => rest = &value[end..],
            None => rest = value,
        }
    }
    out.extend_from_slice(rest);
    out
}

/// The service worker script (`public/sw.js`), with its cache named after
/// the build: a new build changes the script, the browser installs it, and
/// its `activate` deletes the previous build's caches. Read once, when the
/// router is built (browsers ask for it on many navigations).
#[derive(Clone)]
struct ServiceWorker {
    script: Option<std::sync::Arc<str>>,
}

impl ServiceWorker {
    /// The build id is a hash of the asset hashes cargo-leptos wrote beside
    /// the binary (`hash.txt`); without hashed assets, the crate version.
    fn for_build(options: &LeptosOptions) -> Self {
        let build = super::start::hash_file_path(options)
            .and_then(|path| std::fs::read(path).ok())
            .map(|bytes| super::secrets::sha256_hex(&bytes)[..16].to_owned())
            .unwrap_or_else(|| format!("dev-{}", env!("CARGO_PKG_VERSION")));
        let root = std::path::Path::new(options.site_root.as_ref());
        let path = root.join("sw.js");
        let pkg = root.join(options.site_pkg_dir.as_ref());
        let files = serde_json::to_string(&split_code_files(&pkg, options.site_pkg_dir.as_ref()))
            .unwrap_or_else(|_| "[]".to_owned());
        let script = match std::fs::read_to_string(&path) {
            Ok(script) => Some(
                script
                    .replace("__BUILD__", &build)
                    .replace("/*__SPLIT_CODE__*/[]", &files)
                    .into(),
            ),
            Err(err) => {
                tracing::warn!(error = %err, path = %path.display(), "service worker script missing: /sw.js answers 404");
                None
            }
        };
        Self { script }
    }

    fn serve(&self) -> Response {
        match &self.script {
            Some(script) => (
                [
                    (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
                    (header::CACHE_CONTROL, "no-cache"),
                ],
                script.to_string(),
            )
                .into_response(),
            None => StatusCode::NOT_FOUND.into_response(),
        }
    }
}

/// The build's lazily loaded code, as URL paths: the split loader and
/// every wasm file residents' islands use. Pages do not name the chunks
/// (they are fetched once the main wasm runs), so the service worker could
/// not find them in a page's HTML: it precaches these, and the survey opens
/// offline with its island's code even when the browser's own cache has
/// dropped it. The code only staff islands use (the console's) is left out:
/// it never reaches a resident's phone.
fn split_code_files(pkg: &std::path::Path, pkg_dir: &str) -> Vec<String> {
    let names: Vec<String> = std::fs::read_dir(pkg)
        .map(|dir| {
            dir.filter_map(|entry| entry.ok()?.file_name().into_string().ok())
                .collect()
        })
        .unwrap_or_default();
    let staff_only = staff_only_code(pkg, &names);
    let mut files: Vec<String> = names
        .iter()
        .filter(|name| {
            name.strip_suffix(".wasm")
                .is_some_and(|stem| !staff_only.contains(stem))
                || (name.starts_with("__wasm_split.") && name.ends_with(".js"))
        })
        .map(|name| format!("/{pkg_dir}/{name}"))
        .collect();
    files.sort();
    files
}

/// The islands only staff pages have. The build's chunk merger
/// (`scripts/merge-chunks.mjs`) keeps the same list: it never folds code
/// only these load into a file a resident page loads.
const STAFF_ISLANDS: &[&str] = &[
    crate::moderation::console_live::ISLAND,
    crate::survey::KIOSK_ISLAND,
];

/// The split code (file stems) that only staff islands load, from the
/// build's manifest (island → the chunks it loads).
fn staff_only_code(pkg: &std::path::Path, names: &[String]) -> std::collections::HashSet<String> {
    let manifest = names
        .iter()
        .find(|n| n.starts_with("__wasm_split_manifest.") && n.ends_with(".json"))
        .and_then(|n| std::fs::read_to_string(pkg.join(n)).ok())
        .and_then(|json| {
            serde_json::from_str::<std::collections::BTreeMap<String, Vec<String>>>(&json).ok()
        })
        .unwrap_or_default();
    let is_staff = |island: &str| {
        STAFF_ISLANDS
            .iter()
            .any(|s| island.starts_with(&format!("{s}_loader_")))
    };
    let resident: std::collections::HashSet<&String> = manifest
        .iter()
        .filter(|(island, _)| !is_staff(island))
        .flat_map(|(_, files)| files)
        .collect();
    manifest
        .iter()
        .filter(|(island, _)| is_staff(island))
        .flat_map(|(_, files)| files)
        .filter(|file| !resident.contains(file))
        .cloned()
        .collect()
}

/// CSRF protection for every state-changing request (server functions
/// included): see [`super::auth::is_cross_site`].
async fn refuse_cross_site(req: Request<Body>, next: axum::middleware::Next) -> Response {
    if super::auth::is_cross_site(req.method(), req.headers()) {
        let body = serde_json::to_string(&crate::error::AppError::CrossSite).unwrap_or_default();
        return (
            StatusCode::FORBIDDEN,
            [(header::CONTENT_TYPE, "application/json")],
            body,
        )
            .into_response();
    }
    next.run(req).await
}

/// Errors raised by the server-function framework itself (arguments that do
/// not decode, for instance) leave it as `500`; they are the client's fault,
/// so they are answered with the status of the [`AppError`] they carry.
async fn framework_error_status(req: Request<Body>, next: axum::middleware::Next) -> Response {
    let is_api = req.uri().path().starts_with("/api/");
    let res = next.run(req).await;
    if !is_api || res.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let bytes = axum::body::to_bytes(body, 64 * 1024)
        .await
        .unwrap_or_default();
    if let Ok(err) = serde_json::from_slice::<crate::error::AppError>(&bytes) {
        parts.status =
            StatusCode::from_u16(err.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// `200 ok` when the database answers, `503` otherwise (checks arriving
/// together share one round trip: [`super::health`]).
async fn healthz(State(state): State<AppState>) -> Response {
    let repo = state.repo.clone();
    let health = state
        .health
        .check(|| async move { repo.ping().await.map_err(|e| e.to_string().into()) })
        .await;
    match health {
        Ok(()) => (StatusCode::OK, "ok").into_response(),
        Err(err) => {
            tracing::error!(error = %err, "health check: database unreachable");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
        }
    }
}

#[derive(Deserialize)]
struct Back {
    powrot: Option<String>,
}

/// `/jezyk/en?powrot=/spotkania`: remembers the language in a cookie and
/// goes back (works without JavaScript).
async fn set_language(Path(code): Path<String>, Query(back): Query<Back>) -> Response {
    let Some(lang) = Lang::from_code(&code) else {
        return (StatusCode::NOT_FOUND, "unknown language").into_response();
    };
    let target = back
        .powrot
        .filter(|p| is_local_path(p))
        .unwrap_or_else(|| "/".into());
    let cookie = format!(
        "lang={}; Path=/; Max-Age=31536000; SameSite=Lax",
        lang.code()
    );
    Response::builder()
        .status(StatusCode::SEE_OTHER)
        .header(header::LOCATION, target)
        .header(header::SET_COOKIE, cookie)
        .body(Body::empty())
        .unwrap_or_else(|_| StatusCode::BAD_REQUEST.into_response())
}

/// Static files from the site root (brotli/gzip variants when present), or
/// the app's own "not found" page.
async fn static_or_not_found(State(state): State<AppState>, req: Request<Body>) -> Response {
    let root = state.leptos_options.site_root.to_string();
    let path = req.uri().path().to_owned();
    let (parts, body) = req.into_parts();
    let file_req = Request::from_parts(parts.clone(), Body::empty());
    let res = ServeDir::new(&root)
        .precompressed_br()
        .precompressed_gzip()
        .oneshot(file_req)
        .await
        .unwrap_or_else(|never| match never {});
    if res.status() != StatusCode::NOT_FOUND {
        let mut res = res.map(Body::new);
        let headers = res.headers_mut();
        if is_hashed_asset(&path) {
            // Never revalidated (the name changes with the content), never
            // fetched in ranges: no validator or range header to send.
            headers.insert(
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=31536000, immutable"),
            );
            headers.remove(header::LAST_MODIFIED);
            headers.remove(header::ACCEPT_RANGES);
        } else {
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
        }
        return res;
    }
    let options = state.leptos_options.clone();
    let handler = leptos_axum::render_app_to_stream_with_context(
        {
            let state = state.clone();
            move || provide_context(state.clone())
        },
        move || shell(options.clone()),
    );
    handler(Request::from_parts(parts, body))
        .await
        .into_response()
}

/// `/pkg/porozmawiajmy.<hash>.wasm` and the like: the name changes with the content.
fn is_hashed_asset(path: &str) -> bool {
    path.starts_with("/pkg/")
        && path
            .rsplit('/')
            .next()
            .map(|name| name.split('.').count() >= 3)
            .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_headers_go_on_what_a_browser_may_show_as_a_page() {
        for sub in [
            "application/wasm",
            "text/javascript; charset=utf-8",
            "text/css",
            "image/png",
            "font/woff2",
        ] {
            assert!(is_subresource_type(sub), "{sub}");
        }
        for doc in [
            "text/html; charset=utf-8",
            "image/svg+xml",
            "application/json",
            "text/csv",
            "text/plain",
            "",
        ] {
            assert!(!is_subresource_type(doc), "{doc}");
        }
    }

    #[test]
    fn nonces_do_not_change_a_page_hash() {
        let a = br#"<script nonce="abc">x</script><p>nonce="" ok</p>"#;
        let b = br#"<script nonce="XYZ123">x</script><p>nonce="" ok</p>"#;
        assert_eq!(without_nonces(a), without_nonces(b));
        assert_eq!(
            without_nonces(a),
            br#"<script nonce="">x</script><p>nonce="" ok</p>"#.to_vec()
        );
        assert_ne!(without_nonces(b"<p>1</p>"), without_nonces(b"<p>2</p>"));
        assert_eq!(without_nonces(b"nonce=\"open"), b"nonce=\"open".to_vec());
    }

    #[test]
    fn pages_with_a_residents_answer_are_recognised() {
        for uri in [
            "/ankieta/potwierdzenie/ABCD-1234",
            "/postulaty/kod/ABCD-1234",
            "/ankieta?formularz=00ff",
            "/spotkania/2/na-zywo?formularz=00ff",
        ] {
            assert!(holds_a_residents_answer(&uri.parse().unwrap()), "{uri}");
        }
        for uri in ["/ankieta", "/postulaty?q=formularz", "/spotkania/2/na-zywo"] {
            assert!(!holds_a_residents_answer(&uri.parse().unwrap()), "{uri}");
        }
    }

    #[test]
    fn only_local_redirects() {
        assert!(is_local_path("/spotkania/3"));
        assert!(!is_local_path("//evil.example"));
        assert!(!is_local_path("https://evil.example"));
        assert!(!is_local_path("spotkania"));
    }

    #[test]
    fn the_residents_split_code_is_listed_for_the_service_worker() {
        let dir = std::env::temp_dir().join(format!("poro-pkg-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        for name in [
            "porozmawiajmy.a1.wasm",
            "porozmawiajmy.a1.wasm.br",
            "porozmawiajmy.b2.js",
            "__wasm_split.c3.js",
            "__wasm_split.c3.js.gz",
            "__wasm_split_manifest.d4.json",
            "chunk_7.e5.wasm",
            "chunk_8.g7.wasm",
            "split_survey_form_loader_1.f6.wasm",
            "split_console_live_loader_2.h8.wasm",
        ] {
            std::fs::write(dir.join(name), b"").unwrap();
        }
        // The console shares chunk 7 with the survey; chunk 8 is its own.
        std::fs::write(
            dir.join("__wasm_split_manifest.d4.json"),
            r#"{"survey_form_loader_1": ["chunk_7.e5", "split_survey_form_loader_1.f6"],
                "console_live_loader_2": ["chunk_7.e5", "chunk_8.g7", "split_console_live_loader_2.h8"]}"#,
        )
        .unwrap();
        assert_eq!(
            split_code_files(&dir, "pkg"),
            [
                "/pkg/__wasm_split.c3.js",
                "/pkg/chunk_7.e5.wasm",
                "/pkg/porozmawiajmy.a1.wasm",
                "/pkg/split_survey_form_loader_1.f6.wasm",
            ]
        );
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(split_code_files(&dir, "pkg").is_empty());
    }

    #[test]
    fn the_chunk_merger_keeps_the_same_islands_apart() {
        let script = include_str!("../../scripts/merge-chunks.mjs");
        let list: Vec<String> = STAFF_ISLANDS.iter().map(|i| format!("'{i}'")).collect();
        let line = format!("const STAFF_ISLANDS = [{}];", list.join(", "));
        assert!(
            script.contains(&line),
            "scripts/merge-chunks.mjs lacks {line}"
        );
    }

    #[test]
    fn hashed_assets_are_recognised() {
        assert!(is_hashed_asset("/pkg/porozmawiajmy.a1b2c3.wasm"));
        assert!(!is_hashed_asset("/pkg/porozmawiajmy.wasm"));
        assert!(!is_hashed_asset("/favicon.svg"));
    }
}
