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
use std::sync::OnceLock;

pub const SESSION_COOKIE: &str = "poro_session";
/// A session lasts at most 12 hours…
pub const SESSION_TTL_SECS: i64 = 12 * 3600;
/// …and ends after 2 hours without a request.
pub const SESSION_IDLE_SECS: i64 = 2 * 3600;
pub const MIN_PASSWORD_CHARS: usize = 12;

/// A staff e-mail address, trimmed, when it has the shape of one: one `@`,
/// a local part, a domain with a dot and no empty label, no spaces or
/// control characters, at most 254 characters.
pub fn valid_email(email: &str) -> Result<&str, AppError> {
    let email = email.trim();
    let bad = || AppError::invalid("email", Invalid::Malformed);
    if email.len() > 254 || email.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(bad());
    }
    let (local, domain) = email.split_once('@').ok_or_else(bad)?;
    let domain_ok = domain.contains('.')
        && domain.split('.').all(|label| {
            !label.is_empty()
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_alphanumeric() || c == '-')
        });
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && !local.contains(['<', '>', '(', ')', '[', ']', ',', ';', ':', '\\', '"', '@']);
    if domain_ok && local_ok {
        Ok(email)
    } else {
        Err(bad())
    }
}

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

/// [`hash_password`] on the blocking pool: argon2 takes tens of
/// milliseconds of CPU, which must not stall the async workers serving
/// survey answers.
pub async fn hash_password_off_thread(password: &str) -> Result<String, AppError> {
    let password = password.to_owned();
    tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .map_err(|_| AppError::Unavailable)?
}

/// [`verify_password`] on the blocking pool; `None` verifies against a
/// dummy hash (same time as a wrong password).
pub async fn verify_password_off_thread(password: &str, phc: Option<&str>) -> bool {
    let password = password.to_owned();
    let phc = phc.map(str::to_owned);
    tokio::task::spawn_blocking(move || {
        verify_password(&password, phc.as_deref().unwrap_or_else(|| dummy_hash()))
    })
    .await
    .unwrap_or(false)
}

fn token_hash(token: &str) -> String {
    super::secrets::sha256_hex(token.as_bytes())
}

/// Whether a request carries a staff session cookie (valid or not): its
/// response is private — never stored by a browser or proxy, never kept by
/// the page cache.
pub fn carries_session(headers: &http::HeaderMap) -> bool {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| v.contains(SESSION_COOKIE))
}

/// The session token in the request's cookie.
pub fn session_token() -> Option<String> {
    super::request_cookie(SESSION_COOKIE).filter(|value| value.len() == 64)
}

/// The signed-in staff member, if any.
pub async fn current_user(s: &AppState) -> Result<Option<StaffUser>, AppError> {
    user_of(s, session_token()).await
}

/// The signed-in staff member of a request handled outside Leptos (a plain
/// axum route), from its headers.
pub async fn user_of_headers(
    s: &AppState,
    headers: &http::HeaderMap,
) -> Result<Option<StaffUser>, AppError> {
    let token = super::cookie_of(headers, SESSION_COOKIE).filter(|value| value.len() == 64);
    user_of(s, token).await
}

async fn user_of(s: &AppState, token: Option<String>) -> Result<Option<StaffUser>, AppError> {
    let Some(token) = token else {
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
    super::set_cookie(s, SESSION_COOKIE, value, max_age, false);
}

/// Checks e-mail and password and opens a session (cookie). Unknown e-mail
/// and wrong password get the same answer. Failures from one address lock
/// that address out of the account for a while; failures from everywhere
/// slow the account's sign-ins down (and are reported in the audit log
/// once they reach the limit) without locking its owner out.
pub async fn sign_in(
    s: &AppState,
    email: &str,
    password: &str,
    ip: &str,
) -> Result<StaffUser, AppError> {
    use super::rate_limit::{LoginGate, MAX_FAILURES};
    let now = s.clock.now_ts();
    if !s.limits.allow_login(ip) {
        return Err(AppError::RateLimited);
    }
    match s.limits.login_failures.gate(email, ip, now) {
        LoginGate::Refused => return Err(AppError::RateLimited),
        LoginGate::Proceed(delay) if !delay.is_zero() => tokio::time::sleep(delay).await,
        LoginGate::Proceed(_) => {}
    }
    let found = s.repo.staff_by_email(email.trim()).await?;
    let ok = verify_password_off_thread(password, found.as_ref().map(|c| c.password_hash.as_str()))
        .await;
    let user = match found {
        Some(c) if ok && c.user.active => c.user,
        _ => {
            let failures = s.limits.login_failures.failed(email, ip, now);
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
            if failures == MAX_FAILURES {
                s.repo
                    .audit(
                        None,
                        "login_throttled",
                        "staff_user",
                        None,
                        Some(&format!(
                            "{}: {failures} failed sign-ins within 15 minutes; further attempts are slowed down",
                            email.trim()
                        )),
                        now,
                    )
                    .await?;
            }
            return Err(AppError::BadCredentials);
        }
    };
    s.limits.login_failures.succeeded(email, ip);
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
    super::live::staff_changed(s);
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
    if !verify_password_off_thread(current, Some(&creds.password_hash)).await {
        return Err(AppError::BadCredentials);
    }
    let hash = hash_password_off_thread(new).await?;
    s.repo.set_password(user.id, &hash).await?;
    if let Some(token) = session_token() {
        s.repo
            .delete_other_sessions(user.id, &token_hash(&token))
            .await?;
        super::live::staff_changed(s);
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

/// The client's IP address (for rate limits only; never stored): the
/// peer's, or — when the peer is a configured trusted proxy — the nearest
/// address in `X-Forwarded-For` that is not a trusted proxy.
pub async fn client_ip(s: &AppState) -> String {
    let Ok(info) = leptos_axum::extract::<axum::extract::ConnectInfo<std::net::SocketAddr>>().await
    else {
        return "unknown".into();
    };
    let headers = use_context::<http::request::Parts>()
        .map(|parts| parts.headers)
        .unwrap_or_default();
    client_ip_of(s, Some(info.0.ip()), &headers)
}

/// [`client_ip`] outside a server function: from the connection's peer
/// address (`None`: unknown) and the request's headers.
pub fn client_ip_of(
    s: &AppState,
    peer: Option<std::net::IpAddr>,
    headers: &http::HeaderMap,
) -> String {
    let Some(peer) = peer else {
        return "unknown".into();
    };
    let values: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    let forwarded = (!values.is_empty()).then(|| values.join(","));
    resolve_client_ip(peer, forwarded.as_deref(), &s.config.trusted_proxies).to_string()
}

/// See [`client_ip`]: `X-Forwarded-For` is read right to left (each proxy
/// appends the address it saw) and believed only while the hop that wrote
/// it is a trusted proxy.
pub fn resolve_client_ip(
    peer: std::net::IpAddr,
    forwarded_for: Option<&str>,
    trusted: &[ipnet::IpNet],
) -> std::net::IpAddr {
    let is_trusted = |ip: &std::net::IpAddr| trusted.iter().any(|net| net.contains(ip));
    let mut client = peer;
    if !is_trusted(&client) {
        return client;
    }
    for hop in forwarded_for.unwrap_or_default().rsplit(',') {
        match hop.trim().parse::<std::net::IpAddr>() {
            Ok(ip) => {
                client = ip;
                if !is_trusted(&ip) {
                    break;
                }
            }
            Err(_) => break,
        }
    }
    client
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

    /// Argon2 runs on the blocking pool: on a one-thread runtime, other
    /// tasks keep running while a password is checked.
    #[tokio::test(flavor = "current_thread")]
    async fn password_checks_leave_the_async_worker_free() {
        use std::sync::atomic::{AtomicU64, Ordering};
        use std::sync::Arc;
        let hash = hash_password("correct horse battery").unwrap();
        let ticks = Arc::new(AtomicU64::new(0));
        let ticker = {
            let ticks = ticks.clone();
            tokio::spawn(async move {
                loop {
                    ticks.fetch_add(1, Ordering::Relaxed);
                    tokio::task::yield_now().await;
                }
            })
        };
        tokio::task::yield_now().await;
        let before = ticks.load(Ordering::Relaxed);
        assert!(verify_password_off_thread("correct horse battery", Some(&hash)).await);
        let during = ticks.load(Ordering::Relaxed) - before;
        ticker.abort();
        assert!(during > 10, "the worker was blocked: {during} ticks");
    }

    #[test]
    fn e_mail_addresses_are_checked() {
        for good in [
            "anna@krakow.pl",
            " a.b-c+d@um.krakow.pl ",
            "zażółć@gęśla.pl",
        ] {
            assert!(valid_email(good).is_ok(), "{good}");
        }
        for bad in [
            "",
            "@",
            "a@",
            "@krakow.pl",
            "anna",
            "anna@krakow",
            "a b@krakow.pl",
            "a@@krakow.pl",
            "a@krakow..pl",
            "a@-krakow.pl",
            ".a@krakow.pl",
            "a<b>@krakow.pl",
            "a@kra\nkow.pl",
        ] {
            assert!(valid_email(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn forwarded_addresses_are_believed_only_from_trusted_proxies() {
        let ip = |s: &str| s.parse::<std::net::IpAddr>().unwrap();
        let trusted: Vec<ipnet::IpNet> = vec!["10.0.0.0/8".parse().unwrap()];
        // No trusted proxy configured: the header is ignored.
        assert_eq!(
            resolve_client_ip(ip("10.0.0.2"), Some("198.51.100.7"), &[]),
            ip("10.0.0.2")
        );
        // From a trusted proxy: the nearest untrusted address.
        assert_eq!(
            resolve_client_ip(
                ip("10.0.0.2"),
                Some("1.2.3.4, 198.51.100.7, 10.0.0.9"),
                &trusted
            ),
            ip("198.51.100.7")
        );
        // A client's own forged header does not help it.
        assert_eq!(
            resolve_client_ip(ip("203.0.113.5"), Some("1.2.3.4"), &trusted),
            ip("203.0.113.5")
        );
        // Garbage stops the walk at the last good hop.
        assert_eq!(
            resolve_client_ip(ip("10.0.0.2"), Some("nonsense"), &trusted),
            ip("10.0.0.2")
        );
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
