//! Test support: a fresh SQLite file with the demo data, and the app's router
//! over it with a pinned clock.

#![allow(dead_code)]

use chrono::{DateTime, Utc};
use leptos::config::LeptosOptions;
use porozmawiajmy::server::clock::FixedClock;
use porozmawiajmy::server::config::Config;
use porozmawiajmy::server::db::sqlite::SqliteRepository;
use porozmawiajmy::server::start::open_repository;
use porozmawiajmy::server::AppState;
use std::sync::Arc;

pub struct TestApp {
    pub state: AppState,
    pub repo: SqliteRepository,
    _dir: tempfile::TempDir,
}

/// A new database file in a temporary folder, migrated and seeded; "now" pinned.
pub async fn app_at(now: &str) -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = Config {
        database_url: format!("sqlite://{}", dir.path().join("test.db").display()),
        now: Some(now.parse::<DateTime<Utc>>().expect("RFC 3339 instant")),
        ..Config::default()
    };
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
