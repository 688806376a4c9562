//! Test support: a fresh SQLite file with the demo data, and the app's router
//! over it with a pinned clock.

#![allow(dead_code)]

use chrono::{DateTime, Utc};
use leptos::config::LeptosOptions;
use porozmawiajmy::domain::{Id, Role, RoleGrant};
use porozmawiajmy::server::auth::{hash_password, SESSION_TTL_SECS};
use porozmawiajmy::server::clock::FixedClock;
use porozmawiajmy::server::config::Config;
use porozmawiajmy::server::db::sqlite::SqliteRepository;
use porozmawiajmy::server::db::StaffRepository;
use porozmawiajmy::server::secrets::sha256_hex;
use porozmawiajmy::server::start::open_repository;
use porozmawiajmy::server::AppState;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;

pub struct TestApp {
    pub state: AppState,
    pub repo: SqliteRepository,
    _dir: Arc<tempfile::TempDir>,
}

/// A new database file in a temporary folder, migrated and seeded; "now" pinned.
pub async fn app_at(now: &str) -> TestApp {
    app_configured(now, |_| {}).await
}

/// Like [`app_at`], with the configuration changed by `configure` first.
pub async fn app_configured(now: &str, configure: impl FnOnce(&mut Config)) -> TestApp {
    let dir = Arc::new(tempfile::tempdir().expect("temp dir"));
    let mut config = Config {
        database_url: format!("sqlite://{}", dir.path().join("test.db").display()),
        now: Some(now.parse::<DateTime<Utc>>().expect("RFC 3339 instant")),
        // Tests count answers exactly: they add their own.
        demo_answers: 0,
        ..Config::default()
    };
    configure(&mut config);
    start(config, dir).await
}

/// Like [`app_at`], with the demo's made-up answers and postulates.
pub async fn app_with_demo_content(now: &str, answers: u64) -> TestApp {
    let dir = Arc::new(tempfile::tempdir().expect("temp dir"));
    let config = Config {
        database_url: format!("sqlite://{}", dir.path().join("test.db").display()),
        now: Some(now.parse::<DateTime<Utc>>().expect("RFC 3339 instant")),
        demo_answers: answers,
        ..Config::default()
    };
    start(config, dir).await
}

/// A new server over the same database file (as after a restart).
pub async fn restart(app: &TestApp) -> TestApp {
    start((*app.state.config).clone(), app._dir.clone()).await
}

/// [`restart`] with the clock pinned to another instant (RFC 3339).
pub async fn restart_at(app: &TestApp, now: &str) -> TestApp {
    let mut config = (*app.state.config).clone();
    config.now = Some(now.parse::<DateTime<Utc>>().expect("RFC 3339 instant"));
    start(config, app._dir.clone()).await
}

async fn start(config: Config, dir: Arc<tempfile::TempDir>) -> TestApp {
    let repo = open_repository(&config).await.expect("database opens");
    let options = LeptosOptions::builder()
        .output_name("porozmawiajmy")
        .site_root("target/site")
        .hash_files(false)
        .build();
    let clock = Arc::new(FixedClock(config.now.unwrap()));
    let state = AppState::new(options, Arc::new(repo.clone()), clock, config)
        .await
        .expect("state");
    TestApp {
        state,
        repo,
        _dir: dir,
    }
}

/// Before the survey closes: early in the round.
pub async fn app() -> TestApp {
    app_at("2027-10-01T10:00:00Z").await
}

/// A GET through the app's router, from a fixed address, with a `Cookie`
/// header (empty: none): status, headers and body.
pub async fn get(
    app: &TestApp,
    path: &str,
    cookie: &str,
) -> (http::StatusCode, http::HeaderMap, String) {
    if cookie.is_empty() {
        get_with(app, path, &[]).await
    } else {
        get_with(app, path, &[("cookie", cookie)]).await
    }
}

/// A GET through the app's router, from a fixed address, with these headers.
pub async fn get_with(
    app: &TestApp,
    path: &str,
    headers: &[(&str, &str)],
) -> (http::StatusCode, http::HeaderMap, String) {
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let mut req = http::Request::get(path);
    for (name, value) in headers {
        req = req.header(*name, *value);
    }
    let mut req = req.body(axum::body::Body::empty()).unwrap();
    req.extensions_mut()
        .insert(axum::extract::ConnectInfo(std::net::SocketAddr::from((
            [10, 1, 1, 1],
            40000,
        ))));
    let res = porozmawiajmy::server::http::router(app.state.clone())
        .oneshot(req)
        .await
        .unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let body = res.into_body().collect().await.unwrap().to_bytes();
    (status, headers, String::from_utf8_lossy(&body).into_owned())
}

/// A form body (`application/x-www-form-urlencoded`) of these fields.
pub fn form(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={}", porozmawiajmy::ui::encode_query_value(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// The password of every test staff account.
pub const PASSWORD: &str = "bardzo-tajne-haslo-123";

/// A staff account with one role (officials: department 1).
pub async fn user(app: &TestApp, email: &str, role: Role) -> Id {
    let grant = RoleGrant {
        role,
        department_id: (role == Role::Official).then_some(1),
        district_id: None,
    };
    app.repo
        .create_staff(email, email, &hash_password(PASSWORD).unwrap(), &[grant], 0)
        .await
        .unwrap()
        .unwrap()
}

/// A live session for a user, as its cookie.
pub async fn session(app: &TestApp, user_id: Id) -> String {
    let token = porozmawiajmy::server::secrets::random_key();
    let now = app.state.clock.now_ts();
    app.repo
        .create_session(
            &sha256_hex(token.as_bytes()),
            user_id,
            now,
            now + SESSION_TTL_SECS,
        )
        .await
        .unwrap();
    format!("poro_session={token}")
}

pub async fn post(
    state: &porozmawiajmy::server::AppState,
    path: &str,
    body: &str,
    headers: &[(&str, &str)],
) -> (http::StatusCode, http::HeaderMap, String) {
    static IP: AtomicU32 = AtomicU32::new(1);
    let ip = IP.fetch_add(1, Ordering::Relaxed).to_be_bytes();
    post_from(state, path, body, headers, [10, ip[1], ip[2], ip[3]]).await
}

/// [`post`] from a given peer address.
pub async fn post_from(
    state: &porozmawiajmy::server::AppState,
    path: &str,
    body: &str,
    headers: &[(&str, &str)],
    peer: [u8; 4],
) -> (http::StatusCode, http::HeaderMap, String) {
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let mut req =
        http::Request::post(path).header("content-type", "application/x-www-form-urlencoded");
    if !headers
        .iter()
        .any(|(k, _)| k.eq_ignore_ascii_case("accept"))
    {
        req = req.header("accept", "application/json");
    }
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let mut req = req.body(axum::body::Body::from(body.to_owned())).unwrap();
    req.extensions_mut()
        .insert(axum::extract::ConnectInfo(std::net::SocketAddr::from((
            peer, 1234,
        ))));
    let res = porozmawiajmy::server::http::router(state.clone())
        .oneshot(req)
        .await
        .unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        headers,
        String::from_utf8_lossy(&bytes).into_owned(),
    )
}

/// Runs the real binary's command line (`create-admin`, `demo-answers`,
/// `recount`, `backup`) on the database at `url`, quietly.
pub fn cli(url: &str, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_porozmawiajmy"))
        .args(args)
        .env("DATABASE_URL", url)
        .env("PORO_CONFIG", "Leptos.toml")
        .env("PORO_DEMO_ANSWERS", "0")
        .env("RUST_LOG", "error")
        .output()
        .unwrap()
}
