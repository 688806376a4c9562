//! The Content-Security-Policy of every page: scripts only from this site,
//! plus the page's own inline scripts (Leptos's hydration bootstrap)
//! allowed by their SHA-256 hashes, read off the HTML as it leaves.
//!
//! Hashes, not nonces: the page cache (`server::page_cache`) and the
//! `ETag`s serve one rendered page to many visitors, and a nonce repeated
//! across visitors protects nothing; a hash is a fact about the bytes, so a
//! kept page and its policy always agree. The bootstrap is the same on
//! every page of a build, so the header costs one hash.
//!
//! Only `server::http` layers this; `policy` is also the header of the
//! documents that are not HTML (JSON, CSV, SVG, feeds).

use axum::body::Body;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use http::header::{self, HeaderValue};
use http::{Request, StatusCode};
use sha2::{Digest, Sha256};

/// The policy for a document whose inline scripts hash to `hashes`
/// (`'sha256-…'` sources): nothing from elsewhere, no plugins, no `<base>`,
/// never framed, forms only to this site; `'wasm-unsafe-eval'` lets the
/// islands' WebAssembly compile (it allows no JavaScript `eval`).
pub fn policy(hashes: &[String]) -> String {
    let mut scripts = String::from("'self' 'wasm-unsafe-eval'");
    for hash in hashes {
        scripts.push_str(" '");
        scripts.push_str(hash);
        scripts.push('\'');
    }
    format!(
        "default-src 'self'; script-src {scripts}; object-src 'none'; base-uri 'none'; \
         frame-ancestors 'none'; form-action 'self'"
    )
}

/// Middleware: an HTML response gets the policy with its inline scripts'
/// hashes. Runs inside the compression layer (it reads the plain HTML);
/// pages render whole before they are sent, so reading the body delays
/// nothing.
pub async fn for_pages(req: Request<Body>, next: axum::middleware::Next) -> Response {
    let res = next.run(req).await;
    // A 304 has no body to hash and must carry no policy: the browser
    // would put it on the page it keeps (see `http::security_headers`).
    if !super::http::is_html(&res)
        || res.status() == StatusCode::NOT_MODIFIED
        || res.headers().contains_key(header::CONTENT_SECURITY_POLICY)
    {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let hashes = inline_script_hashes(&bytes);
    if let Ok(value) = HeaderValue::from_str(&policy(&hashes)) {
        parts.headers.insert(header::CONTENT_SECURITY_POLICY, value);
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// `sha256-<base64>` of the text of every inline script a browser would
/// run (no `src`, no data `type`), each once, in order of appearance.
fn inline_script_hashes(html: &[u8]) -> Vec<String> {
    const OPEN: &[u8] = b"<script";
    const CLOSE: &[u8] = b"</script>";
    let mut hashes: Vec<String> = Vec::new();
    let mut rest = html;
    while let Some(at) = find(rest, OPEN) {
        let after = &rest[at + OPEN.len()..];
        let Some(tag_end) = after.iter().position(|&b| b == b'>') else {
            break;
        };
        let attributes = String::from_utf8_lossy(&after[..tag_end]).to_ascii_lowercase();
        let body = &after[tag_end + 1..];
        let Some(body_end) = find(body, CLOSE) else {
            break;
        };
        if runs_inline(&attributes) {
            let digest = Sha256::digest(&body[..body_end]);
            let hash = format!(
                "sha256-{}",
                base64::engine::general_purpose::STANDARD.encode(digest)
            );
            if !hashes.contains(&hash) {
                hashes.push(hash);
            }
        }
        rest = &body[body_end + CLOSE.len()..];
    }
    hashes
}

/// Whether a `<script …>` with these (lower-cased) attributes has inline
/// code a browser executes: no `src`, and a JavaScript type or none.
fn runs_inline(attributes: &str) -> bool {
    let has = |name: &str| {
        attributes
            .split(|c: char| c.is_ascii_whitespace())
            .any(|word| word == name || word.starts_with(&format!("{name}=")))
    };
    if has("src") {
        return false;
    }
    let kind = attributes
        .split(|c: char| c.is_ascii_whitespace())
        .find_map(|word| word.strip_prefix("type="))
        .map(|v| v.trim_matches(|c| c == '"' || c == '\''));
    matches!(
        kind,
        None | Some("module" | "text/javascript" | "application/javascript")
    )
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sha(text: &str) -> String {
        format!(
            "sha256-{}",
            base64::engine::general_purpose::STANDARD.encode(Sha256::digest(text.as_bytes()))
        )
    }

    #[test]
    fn every_inline_script_that_runs_is_hashed_once() {
        let html = r#"<head><script type="module" nonce="abc">import("/pkg/a.js")</script>
            <script src="/start.js"></script><script type="module" src="/x.js"></script>
            <script type="application/json">{"a":1}</script>
            <script>one()</script><script nonce="q">one()</script></head>"#;
        assert_eq!(
            inline_script_hashes(html.as_bytes()),
            vec![sha(r#"import("/pkg/a.js")"#), sha("one()")]
        );
        assert!(inline_script_hashes(b"<p>no scripts</p>").is_empty());
        // Text that only looks like a tag (escaped user text) adds nothing.
        assert!(inline_script_hashes(b"&lt;script&gt;alert(1)&lt;/script&gt;").is_empty());
        // A tag left open is not hashed (and does not loop).
        assert!(inline_script_hashes(b"<script>never closed").is_empty());
    }

    #[test]
    fn the_policy_allows_scripts_from_this_site_and_the_hashed_ones_only() {
        let p = policy(&[sha("x")]);
        for part in [
            "default-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
            "'wasm-unsafe-eval'",
        ] {
            assert!(p.contains(part), "{part} in {p}");
        }
        assert!(p.contains(&format!(
            "script-src 'self' 'wasm-unsafe-eval' '{}'",
            sha("x")
        )));
        assert!(!p.contains("unsafe-inline"));
        assert!(!policy(&[]).contains("sha256"));
    }
}
