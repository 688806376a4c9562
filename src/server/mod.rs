//! The server: configuration, state, database, HTTP plumbing, start-up.
//!
//! Compiled only with the `ssr` feature. Features reach the server through
//! [`state`] (inside server functions) and [`respond`] (which turns an
//! [`AppError`] into its HTTP status); nothing in the browser build touches
//! this module.

pub mod auth;
pub mod catalog;
pub mod cli;
pub mod clock;
pub mod config;
pub mod connections;
pub mod csp;
pub mod csv_file;
pub mod db;
pub mod demo_answers;
pub mod demo_postulates;
pub mod health;
pub mod http;
pub mod live;
pub mod page_cache;
pub mod rate_limit;
pub mod returned;
pub mod secrets;
pub mod seed;
pub mod start;
pub mod time;

use crate::error::AppError;
use axum::extract::FromRef;
use leptos::prelude::*;
use std::sync::Arc;

/// Everything a request handler or server function may need: one shared
/// [`Shared`], so that a clone (every request makes several: extractors,
/// middleware, server functions) is one reference count, not one per field.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

impl std::ops::Deref for AppState {
    type Target = Shared;
    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// leptos_axum's handlers take the options as their state.
impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// What [`AppState`] holds.
#[derive(Clone)]
pub struct Shared {
    pub leptos_options: LeptosOptions,
    pub repo: Arc<dyn db::Repository>,
    pub clock: Arc<dyn clock::Clock>,
    pub config: Arc<config::Config>,
    pub signer: secrets::Signer,
    pub limits: Arc<rate_limit::RateLimits>,
    pub catalog: Arc<catalog::CatalogCache>,
    pub counts: Arc<catalog::CountsCache>,
    /// Wakes the live views' event streams (see [`live`]).
    pub live: Arc<dyn live::LiveHub>,
    /// Postulate events as sent, rendered once (see [`live::Rendered`]).
    pub rendered: Arc<live::Rendered>,
    /// Each meeting's events, read once for all its streams (see [`live::Feeds`]).
    pub feeds: Arc<live::Feeds>,
    /// Rendered results pages (see [`page_cache`]).
    pub pages: Arc<page_cache::PageCache>,
    /// Profile breakdowns held for the hour (see [`catalog::ProfileHold`]).
    pub profile_hold: Arc<catalog::ProfileHold>,
    /// `/healthz`'s database ping, shared by checks arriving together.
    pub health: Arc<health::Probe>,
    /// Cancelled when the server is stopping (SIGTERM, Ctrl-C): the live
    /// streams end then, so their clients reconnect (to another instance,
    /// or to this one restarted) and the open requests can finish.
    pub stopping: tokio_util::sync::CancellationToken,
}

impl AppState {
    /// The state over a repository: loads (or creates) the signing key.
    pub async fn new(
        leptos_options: LeptosOptions,
        repo: Arc<dyn db::Repository>,
        clock: Arc<dyn clock::Clock>,
        config: config::Config,
    ) -> Result<Self, db::DbError> {
        let key = repo
            .get_or_create_secret("signing-key", &secrets::random_key())
            .await?;
        let stopping = tokio_util::sync::CancellationToken::new();
        let live = repo.live_hub(stopping.clone()).await?;
        let state = Self(Arc::new(Shared {
            leptos_options,
            repo,
            clock,
            config: Arc::new(config),
            signer: secrets::Signer::new(key.as_bytes()),
            limits: Arc::new(rate_limit::RateLimits::default()),
            catalog: Arc::new(catalog::CatalogCache::default()),
            counts: Arc::new(catalog::CountsCache::default()),
            live,
            rendered: Arc::new(live::Rendered::default()),
            feeds: Arc::new(live::Feeds::default()),
            pages: Arc::new(page_cache::PageCache::default()),
            profile_hold: Arc::new(catalog::ProfileHold::default()),
            health: Arc::new(health::Probe::default()),
            stopping,
        }));
        live::keep_caches_in_step(&state);
        Ok(state)
    }
}

impl AppState {
    /// A copy sharing everything but what `change` replaces (the tests run
    /// requests at another time or under another configuration this way).
    pub fn with(&self, change: impl FnOnce(&mut Shared)) -> Self {
        let mut shared = Shared::clone(&self.0);
        change(&mut shared);
        Self(Arc::new(shared))
    }

    /// Something instances keep in memory changed through this one: it
    /// goes here now, and in every other instance through the hub.
    pub fn changed(&self, what: live::Changed) {
        self.forget(what);
        self.live.publish(live::Wake::Changed(what));
    }

    /// Drops what this instance keeps of `what` (read afresh when next
    /// asked for).
    pub fn forget(&self, what: live::Changed) {
        if what.contains(live::Changed::CATALOG) {
            self.catalog.invalidate();
        }
        if what.contains(live::Changed::COUNTS) {
            self.counts.invalidate();
        }
        if what.contains(live::Changed::POSTULATES) {
            self.pages.postulates_changed();
        }
    }

    /// Cookies get `Secure` (and responses HSTS) unless the configuration
    /// says the site is served over plain HTTP (see [`config::Config::secure`]).
    pub fn secure_cookies(&self) -> bool {
        self.config.secure()
    }

    /// The active round with its districts, survey and meetings, from
    /// memory (see [`catalog`]); `NotFound` when no round is active.
    pub async fn catalog(&self) -> Result<Arc<catalog::Catalog>, AppError> {
        self.catalog.get(self.repo.as_ref()).await
    }

    /// The active round's participation and results tallies, from memory
    /// until an answer is stored (see [`catalog`]); while results are public
    /// during the survey, the profile tallies as at the start of the hour
    /// ([`catalog::ProfileHold`]).
    pub async fn counts(
        &self,
        round_id: crate::domain::Id,
    ) -> Result<Arc<catalog::Counts>, AppError> {
        use crate::domain::{ResultsVisibility, SurveyPhase};
        let counts = self.counts.get(self.repo.as_ref(), round_id).await?;
        let catalog = self.catalog().await?;
        let round = &catalog.round;
        let now = self.clock.now_ts();
        let public_while_open = round.id == round_id
            && round.results_visibility == ResultsVisibility::WhileOpen
            && round.phase_at(now) == SurveyPhase::Open;
        Ok(if public_while_open {
            self.profile_hold.hold(counts, now.div_euclid(3600))
        } else {
            counts
        })
    }
}

/// A `Set-Cookie` value: `Path=/`, `SameSite=Lax`, `HttpOnly` unless
/// `script_readable`, and `Secure` when the site is.
pub fn cookie_header(
    s: &AppState,
    name: &str,
    value: &str,
    max_age: i64,
    script_readable: bool,
) -> String {
    let http_only = if script_readable { "" } else { "; HttpOnly" };
    let secure = if s.secure_cookies() { "; Secure" } else { "" };
    format!("{name}={value}; Path=/; SameSite=Lax; Max-Age={max_age}{http_only}{secure}")
}

/// Sets a cookie on the current response (see [`cookie_header`]): `Path=/`, `SameSite=Lax`,
/// `HttpOnly` unless `script_readable`, and `Secure` when the site is.
pub fn set_cookie(s: &AppState, name: &str, value: &str, max_age: i64, script_readable: bool) {
    let cookie = cookie_header(s, name, value, max_age, script_readable);
    if let (Some(options), Ok(value)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        ::http::HeaderValue::from_str(&cookie),
    ) {
        options.append_header(::http::header::SET_COOKIE, value);
    }
}

/// The site's address without a trailing slash: `public-url` when set,
/// otherwise `http://` and the request's `Host`.
pub fn site_url(s: &AppState, headers: &::http::HeaderMap) -> String {
    if let Some(url) = &s.config.public_url {
        return url.trim_end_matches('/').to_owned();
    }
    let host = headers
        .get(::http::header::HOST)
        .and_then(|v| v.to_str().ok())
        .filter(|h| {
            h.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b))
        })
        .unwrap_or("localhost");
    format!("http://{host}")
}

/// The current request's headers (empty outside a request).
pub fn request_headers() -> ::http::HeaderMap {
    use_context::<::http::request::Parts>()
        .map(|p| p.headers)
        .unwrap_or_default()
}

/// The value of the request's cookie `name`, if present.
pub fn request_cookie(name: &str) -> Option<String> {
    let parts = use_context::<::http::request::Parts>()?;
    cookie_of(&parts.headers, name)
}

/// The value of cookie `name` in request headers, if present.
pub fn cookie_of(headers: &::http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_owned())
}

/// True when the current request is a plain HTML form post (JavaScript off):
/// it then wants a redirect, not a JSON answer.
pub fn plain_form_post() -> bool {
    use_context::<::http::request::Parts>().is_some_and(|parts| {
        parts.method == ::http::Method::POST
            && parts
                .headers
                .get(::http::header::ACCEPT)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.contains("text/html"))
    })
}

/// The application state, from a server function's or page's context.
pub fn state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from the request context");
        AppError::Unavailable
    })
}

/// Where a plain form post that failed goes back to (a page path, maybe
/// with a query): set by a server function with [`return_to`]; otherwise
/// the Referer's path, otherwise `/`.
#[derive(Clone, Debug)]
struct ReturnTo(String);

/// Sends a failed plain form post back to `path` (which shows the error).
pub fn return_to(path: impl Into<String>) {
    provide_context(ReturnTo(path.into()));
}

/// `Retry-After` of a 503 (a busy or full database), in seconds.
pub const RETRY_AFTER_SECS: &str = "5";

/// Runs a server function's body; an error is answered with its own HTTP
/// status (the single place where errors become statuses).
pub async fn respond<T>(
    body: impl std::future::Future<Output = Result<T, AppError>>,
) -> Result<T, AppError> {
    let result = body.await;
    if let Err(err) = &result {
        if plain_form_post() {
            // Back to the form, which shows the error next to its field.
            let back = use_context::<ReturnTo>()
                .map(|r| r.0)
                .or_else(|| referer().as_deref().and_then(local_path))
                .unwrap_or_else(|| "/".into());
            // Which form failed, so its page shows the error beside it.
            let back = with_param(&back, "blad", &err.code());
            let back = match this_endpoint() {
                Some(path) => with_param(&back, crate::ui::OUTCOME_FORM, &path),
                None => back,
            };
            leptos_axum::redirect(&back);
            if let Some(options) = use_context::<leptos_axum::ResponseOptions>() {
                options.set_status(::http::StatusCode::SEE_OTHER);
            }
        } else if let Some(options) = use_context::<leptos_axum::ResponseOptions>() {
            let status = ::http::StatusCode::from_u16(err.status())
                .unwrap_or(::http::StatusCode::INTERNAL_SERVER_ERROR);
            options.set_status(status);
            if status == ::http::StatusCode::SERVICE_UNAVAILABLE {
                // The page's outbox waits at least this long before sending
                // again; other clients learn the server is not gone.
                options.insert_header(
                    ::http::header::RETRY_AFTER,
                    ::http::HeaderValue::from_static(RETRY_AFTER_SECS),
                );
            }
        }
    } else if plain_form_post() {
        // Done, and the function chose no page: back to the form's page,
        // saying which form succeeded — without what an earlier post left
        // in its address, which a success clears (leptos_axum would send
        // the Referer as it is).
        let chosen = use_context::<leptos_axum::ResponseOptions>().is_none_or(|o| {
            o.0.read().map_or(true, |parts| {
                parts.headers.contains_key(::http::header::LOCATION)
            })
        });
        if !chosen {
            if let Some(back) = referer().as_deref().and_then(local_path_and_query) {
                let mut back = back;
                for key in ["blad", crate::ui::OUTCOME_FORM, crate::ui::OUTCOME_DONE] {
                    back = without_param(&back, key);
                }
                if let Some(path) = this_endpoint() {
                    back = with_param(&back, crate::ui::OUTCOME_DONE, &path);
                }
                leptos_axum::redirect(&back);
            }
        }
    }
    result
}

/// The request's `Referer` header: the page a form was posted from.
fn referer() -> Option<String> {
    use_context::<::http::request::Parts>()?
        .headers
        .get(::http::header::REFERER)?
        .to_str()
        .ok()
        .map(str::to_owned)
}

/// The path of the server function this request calls (`/api/…`).
fn this_endpoint() -> Option<String> {
    use_context::<::http::request::Parts>().map(|p| p.uri.path().to_owned())
}

/// `url` without any `key=` query parameter.
fn without_param(url: &str, key: &str) -> String {
    match url.split_once('?') {
        None => url.to_owned(),
        Some((path, query)) => {
            let kept: Vec<&str> = query
                .split('&')
                .filter(|pair| pair.split('=').next() != Some(key) && !pair.is_empty())
                .collect();
            if kept.is_empty() {
                path.to_owned()
            } else {
                format!("{path}?{}", kept.join("&"))
            }
        }
    }
}

/// `url` with one more query parameter, before any `#fragment`.
fn with_param(url: &str, key: &str, value: &str) -> String {
    let (path, fragment) = url
        .split_once('#')
        .map_or((url, None), |(p, f)| (p, Some(f)));
    let sep = if path.contains('?') { '&' } else { '?' };
    let value = crate::ui::encode_query_value(value);
    match fragment {
        Some(f) => format!("{path}{sep}{key}={value}#{f}"),
        None => format!("{path}{sep}{key}={value}"),
    }
}

/// The path of a same-site URL (`http://host/ankieta?x` → `/ankieta`),
/// when it is a path on this site ([`is_local_path`]: never `//host`).
fn local_path(url: &str) -> Option<String> {
    let without_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = without_scheme
        .find('/')
        .map_or("/", |i| &without_scheme[i..]);
    Some(path.split(['?', '#']).next().unwrap_or("/").to_owned()).filter(|p| is_local_path(p))
}

/// The path and query of a same-site URL (`http://host/a?b#c` → `/a?b`),
/// when the path is one on this site.
fn local_path_and_query(url: &str) -> Option<String> {
    let path = local_path(url)?;
    let without_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let query = without_scheme
        .split('#')
        .next()
        .and_then(|u| u.split_once('?'))
        .map(|(_, q)| q);
    Some(match query {
        Some(q) if !q.is_empty() => format!("{path}?{q}"),
        _ => path,
    })
}

/// Only paths on this site (no `//host`, no scheme, no backslash): what
/// any redirect the app makes from request data must be.
pub fn is_local_path(p: &str) -> bool {
    p.starts_with('/') && !p.starts_with("//") && !p.contains('\\') && !p.contains("://")
}

#[cfg(test)]
mod tests {
    /// Every request clones the state several times: one pointer, one
    /// reference count (it was a count per field and a mutex; see the
    /// README's "Server rendering").
    #[test]
    fn the_state_is_one_shared_pointer() {
        assert_eq!(
            std::mem::size_of::<super::AppState>(),
            std::mem::size_of::<usize>()
        );
    }

    #[test]
    fn a_parameter_goes_before_the_fragment() {
        assert_eq!(
            super::with_param("/panel/moderacja/3#p7", "blad", "x y"),
            "/panel/moderacja/3?blad=x%20y#p7"
        );
        assert_eq!(super::with_param("/a?b=1", "blad", "x"), "/a?b=1&blad=x");
    }

    #[test]
    fn a_success_goes_back_without_the_earlier_error() {
        let back = super::local_path_and_query(
            "http://127.0.0.1:3000/panel/admin?x=1&blad=invalid.email.duplicate",
        )
        .unwrap();
        assert_eq!(super::without_param(&back, "blad"), "/panel/admin?x=1");
        assert_eq!(
            super::without_param("/panel/admin?blad=forbidden", "blad"),
            "/panel/admin"
        );
        assert_eq!(
            super::local_path_and_query("http://h//evil.example/?blad=x"),
            None
        );
    }

    #[test]
    fn local_path_drops_host_and_query() {
        assert_eq!(
            super::local_path("http://127.0.0.1:3000/ankieta?blad=x").as_deref(),
            Some("/ankieta")
        );
        assert_eq!(
            super::local_path("https://example.org").as_deref(),
            Some("/")
        );
    }

    #[test]
    fn local_path_never_leaves_the_site() {
        // A same-origin Referer whose path starts with `//` would redirect
        // to another host.
        for referer in [
            "http://127.0.0.1:3000//evil.example/x",
            "//evil.example/x",
            "http://127.0.0.1:3000/\\evil.example",
        ] {
            assert_eq!(super::local_path(referer), None, "{referer}");
        }
    }
}
