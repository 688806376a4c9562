//! Forms that come back (JavaScript off): a plain form post that failed
//! sends the resident back to the page, which shows the form as it was
//! sent with the error next to its field. The form is kept in the database
//! under a random key for an hour — never in the URL, where proxy logs and
//! browser history would keep what a resident wrote — or until its
//! submission is stored.
//!
//! What is kept is bounded: each form is cut to what its fields allow
//! before it comes here; one address keeps at most [`PER_ADDRESS`] forms
//! and the site at most [`TOTAL`], so a loop of failing posts cannot fill
//! the disk (a form over the cap is simply not kept: the page still shows
//! the error). Posts refused before their content counts (rate limits, a
//! missing device) keep nothing — their callers never come here.
//! Server only; the survey's and the live postulates' submissions use it.

use super::AppState;
use serde::de::DeserializeOwned;
use serde::Serialize;

/// Whether a refused form is kept to come back: not when it was refused
/// before its content counted (rate limited, no device) — the page then
/// shows the error alone.
pub fn keeps(err: &crate::error::AppError) -> bool {
    use crate::error::{AppError, Invalid};
    *err != AppError::RateLimited && *err != AppError::invalid("device", Invalid::Missing)
}

/// How long a returned form is kept: one hour.
pub const TTL_SECS: i64 = 3600;
/// Forms kept at once for one address (a meeting hall shares one).
pub const PER_ADDRESS: i64 = 200;
/// Forms kept at once in all.
pub const TOTAL: i64 = 10_000;

/// Keeps `form` (of submission `client_id`); its key, or `None` when it
/// was not kept (over a cap, or the database failed).
pub async fn keep<T: Serialize>(s: &AppState, client_id: &str, form: &T) -> Option<String> {
    let payload = serde_json::to_string(form).ok()?;
    let key = super::secrets::random_key();
    let address = s
        .signer
        .sign("returned-form", &[&super::auth::client_ip(s).await]);
    let now = s.clock.now_ts();
    match s
        .repo
        .stash_returned_form(&key, client_id, &payload, &address, now, now + TTL_SECS)
        .await
    {
        Ok(true) => Some(key),
        Ok(false) => {
            tracing::info!("a returned form was not kept: over the cap");
            None
        }
        Err(err) => {
            tracing::warn!(error = %err, "a returned form could not be kept");
            None
        }
    }
}

/// The form kept under `key`, if it is still there.
pub async fn take<T: DeserializeOwned>(s: &AppState, key: &str) -> Option<T> {
    if key.len() != 64 || !key.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let payload = s
        .repo
        .returned_form(key, s.clock.now_ts())
        .await
        .ok()
        .flatten()?;
    serde_json::from_str(&payload).ok()
}
