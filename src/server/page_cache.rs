//! Rendered public pages kept in memory (server only; the router's
//! middleware, with hooks for the survey's and the postulates' code).
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
//! The public postulates' pages (`/postulaty` with any search, a
//! postulate's answers, a district's list, the departments' tracker) are
//! stamped also with the postulates' generation, bumped by every live
//! event (moderation, "me too", reassignment, a position published) and
//! every saved position ([`PageCache::postulates_changed`]).
//!
//! The survey (`/ankieta`) differs per visitor only in the client id and
//! the start token: it is kept rendered with placeholders ([`template`])
//! and each visitor gets a copy with their own fresh values, and — when
//! they have none — a device cookie. A device that has answered gets its
//! own page (its receipt), rendered as before; so does a returned form.
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
use axum::http::{header, HeaderMap, HeaderValue, Method, Request, StatusCode};
use axum::response::Response;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock, RwLock};

/// At most this many pages are kept.
const MAX_PAGES: usize = 256;

/// What a kept page was rendered from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Stamp {
    catalog: u64,
    counts: u64,
    minute: i64,
    /// The public postulates' generation, for the postulates' pages (0
    /// for the others, which do not show them).
    postulates: u64,
}

struct Page {
    stamp: Stamp,
    headers: HeaderMap,
    body: Bytes,
    /// Where the survey's placeholders are (empty on other pages).
    holes: Vec<Hole>,
}

/// A placeholder in a kept survey page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Hole {
    at: usize,
    len: usize,
    start_token: bool,
}

/// The kept pages, by language and address.
#[derive(Default)]
pub struct PageCache {
    pages: RwLock<HashMap<String, Arc<Page>>>,
    postulates: AtomicU64,
}

impl PageCache {
    fn get(&self, key: &str, stamp: Stamp) -> Option<Arc<Page>> {
        let pages = self.pages.read().unwrap_or_else(|e| e.into_inner());
        pages.get(key).filter(|p| p.stamp == stamp).cloned()
    }

    fn put(&self, key: String, page: Arc<Page>) {
        let mut pages = self.pages.write().unwrap_or_else(|e| e.into_inner());
        if pages.len() >= MAX_PAGES && !pages.contains_key(&key) {
            let stamp = page.stamp;
            pages.retain(|_, p| p.stamp == stamp);
            if pages.len() >= MAX_PAGES {
                return;
            }
        }
        pages.insert(key, page);
    }

    /// What the public sees of the postulates changed (a moderation, a
    /// "me too", a department's position): their pages render afresh.
    pub fn postulates_changed(&self) {
        self.postulates.fetch_add(1, Ordering::SeqCst);
    }

    /// How many pages are kept (for tests).
    pub fn len(&self) -> usize {
        self.pages.read().unwrap_or_else(|e| e.into_inner()).len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The kinds of kept pages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// Results, the home page, the calendar: the catalog and the counters.
    Catalog,
    /// The public postulates and the departments' positions.
    Postulates,
    /// The survey form, kept with placeholders for the visitor's own
    /// client id and start token.
    Survey,
}

/// Which kept page an anonymous GET is for, if any. Not a meeting's own
/// pages (they show its postulates, which the catalog does not hold and
/// whose "me too" marks are the device's), nor a follow-up code's page.
fn kind_of(req: &Request<Body>) -> Option<Kind> {
    if req.method() != Method::GET || super::auth::carries_session(req.headers()) {
        return None;
    }
    let path = req.uri().path();
    if (path == "/wyniki" || path.starts_with("/wyniki/")) && !path.starts_with("/wyniki/dane/")
        || path == "/"
        || path == "/spotkania"
    {
        Some(Kind::Catalog)
    } else if path == "/postulaty"
        || path == "/postulaty/wydzialy"
        || path.starts_with("/postulaty/nr/")
        || path.starts_with("/postulaty/spis/")
    {
        Some(Kind::Postulates)
    } else if path == "/ankieta" && req.uri().query().is_none() {
        Some(Kind::Survey)
    } else {
        None
    }
}

/// The middleware: serves a kept page, or renders and keeps it.
pub async fn serve(
    State(state): State<AppState>,
    mut req: Request<Body>,
    next: axum::middleware::Next,
) -> Response {
    let Some(kind) = kind_of(&req) else {
        return next.run(req).await;
    };
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
        postulates: match kind {
            Kind::Postulates => state.pages.postulates.load(Ordering::SeqCst),
            _ => 0,
        },
    };
    if kind != Kind::Survey {
        return match kept_or_render(&state, key, stamp, req, next).await {
            Ok(page) => response(&page, page.body.clone()),
            Err(res) => res,
        };
    }
    let device = crate::survey::service::device_token_in(&state.signer, req.headers());
    if let Some(device) = &device {
        // A device that has answered sees its receipt: its own page.
        let answered = async {
            let round = state.catalog().await?.round.id;
            crate::survey::service::answered_from_device(&state, round, device).await
        };
        if !matches!(answered.await, Ok(None)) {
            return next.run(req).await;
        }
    }
    let cookie = if device.is_none() {
        let peer = req
            .extensions()
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map(|info| info.0.ip());
        let ip = super::auth::client_ip_of(&state, peer, req.headers());
        crate::survey::service::new_device_token_for(&state, &ip).map(|token| {
            super::cookie_header(
                &state,
                crate::survey::service::DEVICE_COOKIE,
                &token,
                crate::survey::service::DEVICE_COOKIE_MAX_AGE,
                false,
            )
        })
    } else {
        None
    };
    req.extensions_mut().insert(RenderingTemplate);
    let page = match kept_or_render(&state, key, stamp, req, next).await {
        Ok(page) => page,
        Err(res) => return res,
    };
    let start = crate::survey::service::issue_start(&state.signer, state.clock.now_ts());
    let mut res = response(&page, fill(&page, &start));
    if let Some(cookie) = cookie.and_then(|c| HeaderValue::from_str(&c).ok()) {
        res.headers_mut().append(header::SET_COOKIE, cookie);
    }
    res
}

/// The kept page, or a fresh render of it (kept when it may be): `Err` with
/// the response when it may not (not a `200` HTML page, or one that sets a
/// cookie).
async fn kept_or_render(
    state: &AppState,
    key: String,
    stamp: Stamp,
    req: Request<Body>,
    next: axum::middleware::Next,
) -> Result<Arc<Page>, Response> {
    if let Some(page) = state.pages.get(&key, stamp) {
        return Ok(page);
    }
    let res = next.run(req).await;
    if res.status() != StatusCode::OK
        || !super::http::is_html(&res)
        || res.headers().contains_key(header::SET_COOKIE)
    {
        return Err(res);
    }
    let (mut parts, body) = res.into_parts();
    let Ok(body) = axum::body::to_bytes(body, usize::MAX).await else {
        return Err(Response::from_parts(parts, Body::empty()));
    };
    parts.headers.remove(header::CONTENT_LENGTH);
    let page = Arc::new(Page {
        stamp,
        headers: parts.headers,
        holes: holes_in(&body, template()),
        body,
    });
    state.pages.put(key, page.clone());
    Ok(page)
}

fn response(page: &Page, body: Bytes) -> Response {
    let mut res = Response::new(Body::from(body));
    *res.headers_mut() = page.headers.clone();
    res
}

/// Marks the request that renders the kept survey page: the survey's data
/// carries [`template`]'s placeholders instead of a visitor's own values,
/// and no device cookie is set by the render.
#[derive(Clone, Copy, Debug)]
pub struct RenderingTemplate;

/// Whether the current render is the kept survey page's (see
/// [`RenderingTemplate`]); inside a server function.
pub fn rendering_template() -> bool {
    leptos::prelude::use_context::<axum::http::request::Parts>()
        .is_some_and(|parts| parts.extensions.get::<RenderingTemplate>().is_some())
}

/// The placeholders a kept survey page is rendered with, random per process
/// (nothing a visitor typed can match them: the survey page shows no text
/// of theirs when it is kept).
pub fn template() -> &'static crate::domain::StartToken {
    static TEMPLATE: OnceLock<crate::domain::StartToken> = OnceLock::new();
    TEMPLATE.get_or_init(|| {
        let random = || uuid::Uuid::new_v4().simple().to_string();
        crate::domain::StartToken {
            client_id: format!("client-{}", random()),
            token: format!("start-{}", random()),
        }
    })
}

/// Where `template`'s placeholders are in `body`, in order.
fn holes_in(body: &[u8], template: &crate::domain::StartToken) -> Vec<Hole> {
    let Ok(text) = std::str::from_utf8(body) else {
        return Vec::new();
    };
    let mut holes: Vec<Hole> = [(&template.client_id, false), (&template.token, true)]
        .into_iter()
        .flat_map(|(placeholder, start_token)| {
            text.match_indices(placeholder.as_str())
                .map(move |(at, _)| Hole {
                    at,
                    len: placeholder.len(),
                    start_token,
                })
        })
        .collect();
    holes.sort_by_key(|h| h.at);
    holes
}

/// The kept page with this visitor's own client id and start token.
fn fill(page: &Page, start: &crate::domain::StartToken) -> Bytes {
    let mut out = Vec::with_capacity(page.body.len() + 64 * page.holes.len());
    let mut from = 0;
    for hole in &page.holes {
        out.extend_from_slice(&page.body[from..hole.at]);
        out.extend_from_slice(if hole.start_token {
            start.token.as_bytes()
        } else {
            start.client_id.as_bytes()
        });
        from = hole.at + hole.len;
    }
    out.extend_from_slice(&page.body[from..]);
    Bytes::from(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(stamp: Stamp) -> Arc<Page> {
        Arc::new(Page {
            stamp,
            headers: HeaderMap::new(),
            body: Bytes::from_static(b"<p>"),
            holes: Vec::new(),
        })
    }

    #[test]
    fn a_page_is_served_only_with_its_stamp_and_the_cache_stays_bounded() {
        let cache = PageCache::default();
        let stamp = Stamp {
            catalog: 1,
            counts: 1,
            minute: 10,
            postulates: 0,
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
            Stamp {
                postulates: 1,
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

    #[test]
    fn a_kept_survey_page_gets_each_visitor_their_own_values() {
        let template = template();
        let body = format!(
            "<input value=\"{id}\"><input value=\"{token}\">{{\"client_id\":\"{id}\",\"start\":\"{token}\"}}",
            id = template.client_id,
            token = template.token
        );
        let kept = Page {
            stamp: Stamp {
                catalog: 1,
                counts: 1,
                minute: 1,
                postulates: 0,
            },
            headers: HeaderMap::new(),
            holes: holes_in(body.as_bytes(), template),
            body: Bytes::from(body),
        };
        assert_eq!(kept.holes.len(), 4);
        let mine = crate::domain::StartToken {
            client_id: "9cbab49b-cedf-4454-a257-5de8c36fe089".into(),
            token: "1796507875.ce25".into(),
        };
        assert_eq!(
            fill(&kept, &mine),
            Bytes::from(
                "<input value=\"9cbab49b-cedf-4454-a257-5de8c36fe089\"><input value=\"1796507875.ce25\">\
                 {\"client_id\":\"9cbab49b-cedf-4454-a257-5de8c36fe089\",\"start\":\"1796507875.ce25\"}"
            )
        );
        assert_ne!(template.client_id, template.token);
    }
}
