//! Rendered public pages kept in memory (server only).
//!
//! A results page (`/wyniki…`, about 40 KB of HTML: charts, tables, top
//! threes), the home page and the meeting calendar (`/spotkania`, every
//! view and filter) are pure functions of the catalog (the round, its
//! districts, meetings and visibility), the counters (participation,
//! tallies, reviewed phrases), the language, the address (host included:
//! without a configured public address, links are built from it) and —
//! through the survey's deadline and the next meeting — the time.
//! So the rendered page is kept, stamped with the catalog's and counters'
//! generations and the minute, and served again while all three are
//! unchanged: the next stored answer, review or staff change bumps a
//! generation, and the next request renders afresh. Counters stay exact.
//!
//! Like the `ETag` (see `http::without_nonces`), this relies on pages
//! carrying nothing per request: the script nonce Leptos writes is reused,
//! which is harmless while our CSP uses no nonces.
//!
//! Never kept: a signed-in request (staff see a preview), anything but a
//! `200` HTML response, a response that sets a cookie. The number of kept
//! pages is bounded (addresses carry free-form queries).

use super::AppState;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{header, HeaderMap, Method, Request, StatusCode};
use axum::response::Response;
use std::collections::HashMap;
use std::sync::{Arc, RwLock};

/// At most this many pages are kept.
const MAX_PAGES: usize = 256;

/// What a kept page was rendered from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Stamp {
    catalog: u64,
    counts: u64,
    minute: i64,
}

struct Page {
    stamp: Stamp,
    headers: HeaderMap,
    body: Bytes,
}

/// The kept pages, by language and address.
#[derive(Default)]
pub struct PageCache {
    pages: RwLock<HashMap<String, Arc<Page>>>,
}

impl PageCache {
    fn get(&self, key: &str, stamp: Stamp) -> Option<Arc<Page>> {
        let pages = self.pages.read().unwrap_or_else(|e| e.into_inner());
        pages.get(key).filter(|p| p.stamp == stamp).cloned()
    }

    fn put(&self, key: String, page: Page) {
        let mut pages = self.pages.write().unwrap_or_else(|e| e.into_inner());
        if pages.len() >= MAX_PAGES && !pages.contains_key(&key) {
            let stamp = page.stamp;
            pages.retain(|_, p| p.stamp == stamp);
            if pages.len() >= MAX_PAGES {
                return;
            }
        }
        pages.insert(key, Arc::new(page));
    }

    /// How many pages are kept (for tests).
    pub fn len(&self) -> usize {
        self.pages.read().unwrap_or_else(|e| e.into_inner()).len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Whether a request may be answered from (and its response kept in) the
/// cache: an anonymous GET of a results page, the home page or the meeting
/// calendar. Not a meeting's own pages (they show its postulates, which
/// the catalog does not hold), the survey (a start token per visitor) or
/// the postulates.
fn cacheable(req: &Request<Body>) -> bool {
    let path = req.uri().path();
    let results =
        (path == "/wyniki" || path.starts_with("/wyniki/")) && !path.starts_with("/wyniki/dane/");
    req.method() == Method::GET
        && (results || path == "/" || path == "/spotkania")
        && !super::auth::carries_session(req.headers())
}

/// The middleware: serves a kept page, or renders and keeps it.
pub async fn serve(
    State(state): State<AppState>,
    req: Request<Body>,
    next: axum::middleware::Next,
) -> Response {
    if !cacheable(&req) {
        return next.run(req).await;
    }
    let lang = crate::i18n::lang_of_headers(req.headers());
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let key = format!("{} {host} {}", lang.code(), req.uri());
    // Read before rendering: a change during the render leaves the page
    // stamped with the older generation, so it is not served again.
    let stamp = Stamp {
        catalog: state.catalog.generation(),
        counts: state.counts.generation(),
        minute: state.clock.now_ts().div_euclid(60),
    };
    if let Some(page) = state.pages.get(&key, stamp) {
        let mut res = Response::new(Body::from(page.body.clone()));
        *res.headers_mut() = page.headers.clone();
        return res;
    }
    let res = next.run(req).await;
    let is_html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if res.status() != StatusCode::OK || !is_html || res.headers().contains_key(header::SET_COOKIE)
    {
        return res;
    }
    let (parts, body) = res.into_parts();
    let Ok(body) = axum::body::to_bytes(body, usize::MAX).await else {
        return Response::from_parts(parts, Body::empty());
    };
    state.pages.put(
        key,
        Page {
            stamp,
            headers: parts.headers.clone(),
            body: body.clone(),
        },
    );
    Response::from_parts(parts, Body::from(body))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(stamp: Stamp) -> Page {
        Page {
            stamp,
            headers: HeaderMap::new(),
            body: Bytes::from_static(b"<p>"),
        }
    }

    #[test]
    fn a_page_is_served_only_with_its_stamp_and_the_cache_stays_bounded() {
        let cache = PageCache::default();
        let stamp = Stamp {
            catalog: 1,
            counts: 1,
            minute: 10,
        };
        cache.put("pl /wyniki".into(), page(stamp));
        assert!(cache.get("pl /wyniki", stamp).is_some());
        assert!(cache.get("en /wyniki", stamp).is_none());
        for changed in [
            Stamp { counts: 2, ..stamp },
            Stamp {
                catalog: 2,
                ..stamp
            },
            Stamp {
                minute: 11,
                ..stamp
            },
        ] {
            assert!(cache.get("pl /wyniki", changed).is_none());
        }
        for i in 0..MAX_PAGES + 10 {
            cache.put(format!("pl /wyniki?x={i}"), page(stamp));
        }
        assert_eq!(cache.len(), MAX_PAGES);
        // A newer generation makes room by dropping the older pages.
        let newer = Stamp { counts: 2, ..stamp };
        cache.put("pl /wyniki/II".into(), page(newer));
        assert_eq!(cache.len(), 1);
    }
}
