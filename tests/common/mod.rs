//! Test support: a fresh database with the demo data, and the app's router
//! over it with a pinned clock.
//!
//! The backend: a SQLite file in a temporary folder, unless
//! `PORO_TEST_BACKEND=postgres`, then a new database on the PostgreSQL
//! test cluster at `PORO_TEST_POSTGRES_URL` (`scripts/test.sh` runs the
//! whole suite both ways). Raw SQL in tests goes through [`TestApp::pool`]
//! (sqlx `Any`, `$1` parameters), so it runs on either.

#![allow(dead_code)]

use chrono::{DateTime, Utc};
use leptos::config::LeptosOptions;
use porozmawiajmy::domain::{Id, Role, RoleGrant};
use porozmawiajmy::server::auth::{hash_password, SESSION_TTL_SECS};
use porozmawiajmy::server::clock::FixedClock;
use porozmawiajmy::server::config::Config;
use porozmawiajmy::server::db::group_commit::Stats;
use porozmawiajmy::server::db::postgres::PgRepository;
use porozmawiajmy::server::db::sqlite::SqliteRepository;
use porozmawiajmy::server::db::{Backend, Repository};
use porozmawiajmy::server::secrets::sha256_hex;
use porozmawiajmy::server::start::seed_if_empty;
use porozmawiajmy::server::AppState;
use sqlx::AnyPool;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;

pub struct TestApp {
    pub state: AppState,
    pub repo: Arc<dyn Repository>,
    /// On SQLite, the same repository as its own type (the group commit's
    /// figures, the file's own connections).
    lite: Option<SqliteRepository>,
    /// On PostgreSQL, the same repository as its own type.
    pg: Option<PgRepository>,
    db: Arc<TestDatabase>,
}

impl TestApp {
    /// The database, for what tests read or change behind the app's back.
    pub fn pool(&self) -> &AnyPool {
        self.db.pool()
    }

    /// The database's URL (for the command line, a second server).
    pub fn url(&self) -> &str {
        &self.db.url
    }

    pub fn backend(&self) -> Backend {
        self.db.backend
    }

    /// The SQLite repository (only in tests that run on SQLite alone).
    pub fn sqlite(&self) -> &SqliteRepository {
        self.lite.as_ref().expect("a SQLite test database")
    }

    /// What the survey answers' writer (the group commit) has done.
    pub fn group_commit_stats(&self) -> &Stats {
        match (&self.lite, &self.pg) {
            (Some(lite), _) => lite.group_commit_stats(),
            (_, Some(pg)) => pg.group_commit_stats(),
            (None, None) => unreachable!("a test app has one backend"),
        }
    }
}

/// The backend the tests run on (`PORO_TEST_BACKEND`: `sqlite`, the
/// default, or `postgres`).
pub fn backend() -> Backend {
    match std::env::var("PORO_TEST_BACKEND").as_deref() {
        Ok("postgres") => Backend::Postgres,
        Ok("sqlite") | Err(_) => Backend::Sqlite,
        Ok(other) => panic!("PORO_TEST_BACKEND={other:?}: sqlite or postgres"),
    }
}

/// Whether this run is on SQLite; otherwise says that `what` (a property
/// of SQLite's file) is not tested on this backend, for the test to end.
pub fn on_sqlite(what: &str) -> bool {
    let yes = backend() == Backend::Sqlite;
    if !yes {
        eprintln!("SQLite only, not on {:?}: {what}", backend());
    }
    yes
}

/// A database a test owns: a SQLite file in a temporary folder, or a
/// database on the PostgreSQL test cluster, dropped with the last handle.
pub struct TestDatabase {
    pub url: String,
    pub backend: Backend,
    pool: AnyPool,
    dir: tempfile::TempDir,
    /// PostgreSQL: the cluster's URL and the database's name.
    drop_from: Option<(String, String)>,
}

impl TestDatabase {
    /// A new, empty database on the test backend.
    pub async fn new() -> Arc<TestDatabase> {
        Self::new_on(backend()).await
    }

    /// A new, empty database on `backend`.
    pub async fn new_on(backend: Backend) -> Arc<TestDatabase> {
        sqlx::any::install_default_drivers();
        // The server's warnings and errors, shown with a failing test's output.
        let _ = tracing_subscriber::fmt()
            .with_env_filter(
                tracing_subscriber::EnvFilter::try_from_default_env()
                    .unwrap_or_else(|_| "warn,sqlx=warn".into()),
            )
            .with_test_writer()
            .try_init();
        let dir = tempfile::tempdir().expect("temp dir");
        let (url, drop_from) = match backend {
            Backend::Sqlite => (
                format!("sqlite://{}", dir.path().join("test.db").display()),
                None,
            ),
            Backend::Postgres => {
                let cluster = std::env::var("PORO_TEST_POSTGRES_URL")
                    .expect("PORO_TEST_POSTGRES_URL (source scripts/pg.sh; poro_pg_start)");
                static N: AtomicU32 = AtomicU32::new(0);
                let name = format!(
                    "t_{}_{}",
                    std::process::id(),
                    N.fetch_add(1, Ordering::Relaxed)
                );
                let admin = AnyPool::connect(&cluster).await.expect("the test cluster");
                sqlx::query(&format!("CREATE DATABASE {name}"))
                    .execute(&admin)
                    .await
                    .expect("a test database");
                admin.close().await;
                let base = cluster.rsplit_once('/').expect("a database in the URL").0;
                (format!("{base}/{name}"), Some((cluster, name)))
            }
        };
        // Connects at first use: after the app has created the database
        // (the server's start-up makes the SQLite file and the schema).
        let pool = sqlx::pool::PoolOptions::new()
            .max_connections(2)
            .connect_lazy(&url)
            .expect("the test pool");
        Arc::new(TestDatabase {
            url,
            backend,
            pool,
            dir,
            drop_from,
        })
    }

    /// The database, for what tests read or change behind the app's back.
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// A folder beside the database, for files a test writes.
    pub fn dir(&self) -> &std::path::Path {
        self.dir.path()
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        // The cluster is thrown away after the run; dropping each database
        // keeps its disk use to what the running tests hold.
        if let Some((cluster, name)) = self.drop_from.take() {
            let _ = std::process::Command::new("psql")
                .args([
                    cluster.as_str(),
                    "-qc",
                    &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
                ])
                .output();
        }
    }
}

/// A new database, migrated and seeded; "now" pinned.
pub async fn app_at(now: &str) -> TestApp {
    app_configured(now, |_| {}).await
}

/// Like [`app_at`], with the configuration changed by `configure` first.
pub async fn app_configured(now: &str, configure: impl FnOnce(&mut Config)) -> TestApp {
    let db = TestDatabase::new().await;
    let mut config = Config {
        database_url: db.url.clone(),
        now: Some(now.parse::<DateTime<Utc>>().expect("RFC 3339 instant")),
        // Tests count answers exactly: they add their own.
        demo_answers: 0,
        ..Config::default()
    };
    configure(&mut config);
    start(config, db).await
}

/// Like [`app_at`], with the demo's made-up answers and postulates.
pub async fn app_with_demo_content(now: &str, answers: u64) -> TestApp {
    app_with_demo_content_on(backend(), now, answers).await
}

/// [`app_with_demo_content`] on a given backend.
pub async fn app_with_demo_content_on(backend: Backend, now: &str, answers: u64) -> TestApp {
    let db = TestDatabase::new_on(backend).await;
    let config = Config {
        database_url: db.url.clone(),
        now: Some(now.parse::<DateTime<Utc>>().expect("RFC 3339 instant")),
        demo_answers: answers,
        ..Config::default()
    };
    start(config, db).await
}

/// A server over a database that has its data already (a copy).
pub async fn app_over(db: Arc<TestDatabase>, now: &str) -> TestApp {
    let config = Config {
        database_url: db.url.clone(),
        now: Some(now.parse::<DateTime<Utc>>().expect("RFC 3339 instant")),
        ..Config::default()
    };
    start(config, db).await
}

/// A new server over the same database (as after a restart).
pub async fn restart(app: &TestApp) -> TestApp {
    start((*app.state.config).clone(), app.db.clone()).await
}

/// [`restart`] with the clock pinned to another instant (RFC 3339).
pub async fn restart_at(app: &TestApp, now: &str) -> TestApp {
    let mut config = (*app.state.config).clone();
    config.now = Some(now.parse::<DateTime<Utc>>().expect("RFC 3339 instant"));
    start(config, app.db.clone()).await
}

async fn start(config: Config, db: Arc<TestDatabase>) -> TestApp {
    let (repo, lite, pg): (Arc<dyn Repository>, _, _) = match db.backend {
        Backend::Sqlite => {
            let (lite, _lock) = SqliteRepository::open_for_start(&config.database_url)
                .await
                .expect("database opens");
            seed_if_empty(&lite, &config).await.expect("demo data");
            (Arc::new(lite.clone()), Some(lite), None)
        }
        Backend::Postgres => {
            let (pg, _lock) = PgRepository::open_for_start(&config.database_url)
                .await
                .expect("database opens");
            seed_if_empty(&pg, &config).await.expect("demo data");
            (Arc::new(pg.clone()), None, Some(pg))
        }
    };
    let options = LeptosOptions::builder()
        .output_name("porozmawiajmy")
        .site_root("target/site")
        .hash_files(false)
        .build();
    let clock = Arc::new(FixedClock(config.now.unwrap()));
    let state = AppState::new(options, repo.clone(), clock, config)
        .await
        .expect("state");
    TestApp {
        state,
        repo,
        lite,
        pg,
        db,
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

/// The form field a server function's error body names (`None`: not an
/// error about a field, or not an error).
pub fn error_field(body: &str) -> Option<String> {
    serde_json::from_str::<porozmawiajmy::error::AppError>(body)
        .ok()?
        .field()
        .map(str::to_owned)
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

/// The next `n` events of a stream that goes on.
pub async fn next_events(
    body: &mut axum::body::Body,
    n: usize,
) -> Vec<(i64, porozmawiajmy::postulates::model::LiveMessage)> {
    use http_body_util::BodyExt;
    let mut text = String::new();
    let mut events = Vec::new();
    while events.len() < n {
        let frame = tokio::time::timeout(std::time::Duration::from_secs(10), body.frame())
            .await
            .expect("an event within 10 s")
            .unwrap()
            .unwrap();
        if let Ok(data) = frame.into_data() {
            text.push_str(&String::from_utf8_lossy(&data));
        }
        while let Some(end) = text.find("\n\n") {
            let block: String = text.drain(..end + 2).collect();
            let id = block
                .lines()
                .find_map(|l| l.strip_prefix("id: "))
                .map(|v| v.parse().unwrap());
            let data = block.lines().find_map(|l| l.strip_prefix("data: "));
            if let (Some(id), Some(data)) = (id, data) {
                events.push((id, serde_json::from_str(data).unwrap()));
            }
        }
    }
    events
}

pub async fn open_stream(
    app: &TestApp,
    path: &str,
    last: Option<i64>,
    cookie: &str,
) -> axum::body::Body {
    use tower::ServiceExt;
    let mut req = http::Request::get(path);
    if let Some(last) = last {
        req = req.header("last-event-id", last.to_string());
    }
    if !cookie.is_empty() {
        req = req.header("cookie", cookie);
    }
    let res = porozmawiajmy::server::http::router(app.state.clone())
        .oneshot(req.body(axum::body::Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(res.status(), http::StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "text/event-stream");
    res.into_body()
}
