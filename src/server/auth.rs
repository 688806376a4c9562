//! Staff authentication and authorization, server side: argon2id password
//! hashes, sessions stored in the database behind an HttpOnly cookie, role
//! checks for every staff server function, failed-login limits, the audit
//! log, and the CSRF check on state-changing requests.

use super::AppState;
use crate::domain::{Id, Role, StaffUser};
use crate::error::{AppError, Invalid};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use leptos::prelude::*;
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

pub const SESSION_COOKIE: &str = "poro_session";
/// A session lasts at most 12 hours…
pub const SESSION_TTL_SECS: i64 = 12 * 3600;
/// …and ends after 2 hours without a request.
pub const SESSION_IDLE_SECS: i64 = 2 * 3600;
pub const MIN_PASSWORD_CHARS: usize = 12;
/// Failed sign-ins allowed per account within [`FAILURE_WINDOW_SECS`].
pub const MAX_FAILURES: u32 = 5;
pub const FAILURE_WINDOW_SECS: i64 = 15 * 60;

/// An argon2id hash (PHC string) of a password.
pub fn hash_password(password: &str) -> Result<String, AppError> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(AppError::invalid("password", Invalid::TooShort));
    }
    let salt_bytes: [u8; 16] = {
        use rand::Rng;
        rand::rng().random()
    };
    let salt = SaltString::encode_b64(&salt_bytes).map_err(|_| AppError::Unavailable)?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| {
            tracing::error!(error = %e, "password hashing failed");
            AppError::Unavailable
        })
}

pub fn verify_password(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A hash to verify against when the account does not exist, so an unknown
/// e-mail takes as long as a wrong password.
fn dummy_hash() -> &'static str {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| hash_password("not a real password at all").unwrap_or_default())
}

/// Failed sign-ins per account (e-mail), in memory.
#[derive(Debug, Default)]
pub struct LoginFailures {
    by_account: Mutex<HashMap<String, (u32, i64)>>,
}

impl LoginFailures {
    fn key(email: &str) -> String {
        email.trim().to_lowercase()
    }

    /// True when the account has had too many failures in the window.
    pub fn locked(&self, email: &str, now: i64) -> bool {
        let map = self.by_account.lock().unwrap_or_else(|e| e.into_inner());
        map.get(&Self::key(email)).is_some_and(|(count, since)| {
            *count >= MAX_FAILURES && now - since < FAILURE_WINDOW_SECS
        })
    }

    pub fn failed(&self, email: &str, now: i64) {
        let mut map = self.by_account.lock().unwrap_or_else(|e| e.into_inner());
        let entry = map.entry(Self::key(email)).or_insert((0, now));
        if now - entry.1 >= FAILURE_WINDOW_SECS {
            *entry = (0, now);
        }
        entry.0 += 1;
    }

    pub fn succeeded(&self, email: &str) {
        let mut map = self.by_account.lock().unwrap_or_else(|e| e.into_inner());
        map.remove(&Self::key(email));
    }
}

fn token_hash(token: &str) -> String {
    super::secrets::sha256_hex(token.as_bytes())
}

/// The session token in the request's cookie.
pub fn session_token() -> Option<String> {
    super::request_cookie(SESSION_COOKIE).filter(|value| value.len() == 64)
}

/// The signed-in staff member, if any.
pub async fn current_user(s: &AppState) -> Result<Option<StaffUser>, AppError> {
    let Some(token) = session_token() else {
        return Ok(None);
    };
    Ok(s.repo
        .session_user(&token_hash(&token), s.clock.now_ts(), SESSION_IDLE_SECS)
        .await?)
}

/// The signed-in staff member holding one of `roles` (any staff member when
/// `roles` is empty): 401 when nobody is signed in, 403 for the wrong role.
pub async fn require(roles: &[Role]) -> Result<(AppState, StaffUser), AppError> {
    let s = super::state()?;
    let user = current_user(&s).await?.ok_or(AppError::Unauthorized)?;
    if roles.is_empty() || roles.iter().any(|r| user.has(*r)) {
        Ok((s, user))
    } else {
        Err(AppError::Forbidden)
    }
}

fn set_cookie(s: &AppState, value: &str, max_age: i64) {
    let secure = if s.secure_cookies() { "; Secure" } else { "" };
    let cookie = format!(
        "{SESSION_COOKIE}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}"
    );
    if let (Some(options), Ok(value)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::HeaderValue::from_str(&cookie),
    ) {
        options.append_header(http::header::SET_COOKIE, value);
    }
}

/// Checks e-mail and password and opens a session (cookie). Unknown e-mail
/// and wrong password get the same answer; too many failures lock the
/// account for a while.
pub async fn sign_in(
    s: &AppState,
    email: &str,
    password: &str,
    ip: &str,
) -> Result<StaffUser, AppError> {
    let now = s.clock.now_ts();
    if !s.limits.allow_login(ip) || s.limits.login_failures.locked(email, now) {
        return Err(AppError::RateLimited);
    }
    let found = s.repo.staff_by_email(email.trim()).await?;
    let hash = found
        .as_ref()
        .map_or(dummy_hash(), |c| c.password_hash.as_str());
    let ok = verify_password(password, hash);
    let user = match found {
        Some(c) if ok && c.user.active => c.user,
        _ => {
            s.limits.login_failures.failed(email, now);
            s.repo
                .audit(
                    None,
                    "login_failed",
                    "staff_user",
                    None,
                    Some(email.trim()),
                    now,
                )
                .await?;
            return Err(AppError::BadCredentials);
        }
    };
    s.limits.login_failures.succeeded(email);
    let token = super::secrets::random_key();
    s.repo
        .create_session(&token_hash(&token), user.id, now, now + SESSION_TTL_SECS)
        .await?;
    set_cookie(s, &token, SESSION_TTL_SECS);
    audit(
        s,
        Some(user.id),
        "login",
        "staff_user",
        Some(&user.id.to_string()),
        None,
    )
    .await?;
    Ok(user)
}

/// Ends the current session and clears the cookie.
pub async fn sign_out(s: &AppState, user: &StaffUser) -> Result<(), AppError> {
    if let Some(token) = session_token() {
        s.repo.delete_session(&token_hash(&token)).await?;
    }
    set_cookie(s, "", 0);
    audit(
        s,
        Some(user.id),
        "logout",
        "staff_user",
        Some(&user.id.to_string()),
        None,
    )
    .await
}

/// Changes a password after checking the current one; other sessions end.
pub async fn change_password(
    s: &AppState,
    user: &StaffUser,
    current: &str,
    new: &str,
) -> Result<(), AppError> {
    let creds = s
        .repo
        .staff_by_id(user.id)
        .await?
        .ok_or(AppError::Unauthorized)?;
    if !verify_password(current, &creds.password_hash) {
        return Err(AppError::BadCredentials);
    }
    let hash = hash_password(new)?;
    s.repo.set_password(user.id, &hash).await?;
    if let Some(token) = session_token() {
        s.repo
            .delete_other_sessions(user.id, &token_hash(&token))
            .await?;
    }
    audit(
        s,
        Some(user.id),
        "password_changed",
        "staff_user",
        Some(&user.id.to_string()),
        None,
    )
    .await
}

/// Writes one audit-log line for a staff action.
pub async fn audit(
    s: &AppState,
    user_id: Option<Id>,
    action: &str,
    entity: &str,
    entity_id: Option<&str>,
    details: Option<&str>,
) -> Result<(), AppError> {
    Ok(s.repo
        .audit(
            user_id,
            action,
            entity,
            entity_id,
            details,
            s.clock.now_ts(),
        )
        .await?)
}

/// The client's IP address (for rate limits only; never stored).
pub async fn client_ip() -> String {
    leptos_axum::extract::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .await
        .map(|info| info.0.ip().to_string())
        .unwrap_or_else(|_| "unknown".into())
}

/// CSRF: a state-changing request must come from this site. Browsers say
/// where a request comes from (`Sec-Fetch-Site`, `Origin`); a cross-site one
/// is refused. Requests without either header are not from a browser page
/// and carry no ambient credentials worth forging.
pub fn is_cross_site(method: &http::Method, headers: &http::HeaderMap) -> bool {
    if matches!(
        *method,
        http::Method::GET | http::Method::HEAD | http::Method::OPTIONS
    ) {
        return false;
    }
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return !matches!(site, "same-origin" | "none");
    }
    if let Some(origin) = headers
        .get(http::header::ORIGIN)
        .and_then(|v| v.to_str().ok())
    {
        let host = headers
            .get(http::header::HOST)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        let authority = origin.split_once("://").map_or(origin, |(_, rest)| rest);
        return authority != host;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_argon2id_and_verify() {
        let hash = hash_password("correct horse battery").unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("correct horse battery", &hash));
        assert!(!verify_password("wrong horse battery!", &hash));
        assert_eq!(
            hash_password("short").unwrap_err(),
            AppError::invalid("password", Invalid::TooShort)
        );
    }

    #[test]
    fn failures_lock_an_account_for_a_window() {
        let f = LoginFailures::default();
        for _ in 0..MAX_FAILURES {
            assert!(!f.locked("A@x.pl", 100));
            f.failed("a@x.pl", 100);
        }
        assert!(f.locked("a@X.pl", 101));
        assert!(!f.locked("a@x.pl", 100 + FAILURE_WINDOW_SECS));
    }

    #[test]
    fn cross_site_requests_are_recognised() {
        let post = http::Method::POST;
        let mut h = http::HeaderMap::new();
        assert!(!is_cross_site(&post, &h));
        h.insert("sec-fetch-site", "cross-site".parse().unwrap());
        assert!(is_cross_site(&post, &h));
        assert!(!is_cross_site(&http::Method::GET, &h));
        h.insert("sec-fetch-site", "same-origin".parse().unwrap());
        assert!(!is_cross_site(&post, &h));
        let mut h = http::HeaderMap::new();
        h.insert("host", "127.0.0.1:3000".parse().unwrap());
        h.insert("origin", "http://127.0.0.1:3000".parse().unwrap());
        assert!(!is_cross_site(&post, &h));
        h.insert("origin", "https://evil.example".parse().unwrap());
        assert!(is_cross_site(&post, &h));
    }
}
