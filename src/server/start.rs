//! Start-up: configuration, database, demo data, clock, listener, graceful
//! shutdown. Every failure ends in one clear [`StartError`] line, not a panic.

use super::clock::{Clock, FixedClock, SystemClock};
use super::config::{config_path, Config, ConfigError};
use super::db::OpenError;
use super::db::Repository;
use super::{http, seed, AppState};
use std::sync::Arc;

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("configuration: {0}")]
    Config(#[from] ConfigError),
    #[error("Leptos configuration: {0}")]
    Leptos(String),
    #[error("the site is not built ({0}): run `cargo leptos build --release` first (scripts/run.sh does)")]
    NotBuilt(String),
    #[error("database: {0}")]
    Database(#[from] OpenError),
    #[error("database contents: {0}")]
    Seed(String),
    #[error("cannot listen on {addr}: {reason}")]
    Listen { addr: String, reason: String },
}

pub fn init_tracing() {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=info"));
    let _ = tracing_subscriber::fmt().with_env_filter(filter).try_init();
}

/// Opens (creating and migrating) the database named by `config`, without
/// writing any data into it. Used by the command-line tools.
pub async fn open_database(config: &Config) -> Result<Arc<dyn Repository>, StartError> {
    Ok(super::db::open(&config.database_url).await?)
}

/// The configured clock: pinned to `now` when set, the real time otherwise.
pub fn clock_for(config: &Config) -> Arc<dyn Clock> {
    match config.now {
        Some(now) => Arc::new(FixedClock(now)),
        None => Arc::new(SystemClock),
    }
}

/// Opens the database named by `config` and fills it with the demo data when
/// it is empty and the config asks for it. Used by the server and the tests.
///
/// Several processes started at once on one new database fill it once:
/// the empty check and the demo data run under the start-up lock.
pub async fn open_repository(config: &Config) -> Result<Arc<dyn Repository>, StartError> {
    let (repo, _start_lock) = super::db::open_for_start(&config.database_url).await?;
    seed_if_empty(&*repo, config).await?;
    Ok(repo)
}

/// Writes the demo data into an empty database when the config asks for
/// it (the caller holds the start-up lock).
pub async fn seed_if_empty(repo: &dyn Repository, config: &Config) -> Result<(), StartError> {
    if config.seed_demo_data
        && repo
            .is_empty()
            .await
            .map_err(|e| StartError::Seed(e.to_string()))?
    {
        tracing::info!("empty database: writing Kraków's demo data");
        repo.seed(&seed::krakow())
            .await
            .map_err(|e| StartError::Seed(e.to_string()))?;
        if config.demo_answers > 0 {
            let today = clock_for(config).now_ts();
            super::demo_answers::generate(repo, config.demo_answers, today)
                .await
                .map_err(|e| StartError::Seed(e.to_string()))?;
            super::demo_answers::generate_archived(repo, config.demo_answers / 2)
                .await
                .map_err(|e| StartError::Seed(e.to_string()))?;
            super::demo_postulates::generate(repo)
                .await
                .map_err(|e| StartError::Seed(e.to_string()))?;
        }
    }
    Ok(())
}

/// Where Leptos reads the asset hashes from (beside the binary), when asset
/// names are hashed.
pub fn hash_file_path(options: &leptos::config::LeptosOptions) -> Option<std::path::PathBuf> {
    if !options.hash_files {
        return None;
    }
    std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join(options.hash_file.as_ref())))
}

/// The main stylesheet's address, `/pkg/porozmawiajmy.<hash>.css` with
/// hashed assets: what leptos_meta's `HashedStylesheet` writes, worked out
/// once per process. That component reads the hash file from disk at every
/// render (`perf` on `/ankieta` under load: 2.5 % of the time).
pub fn stylesheet_href(options: &leptos::config::LeptosOptions) -> &'static str {
    static HREF: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HREF.get_or_init(|| {
        let hashes = hash_file_path(options).and_then(|p| std::fs::read_to_string(p).ok());
        format!(
            "/{}/{}",
            options.site_pkg_dir,
            css_file_name(&options.output_name, hashes.as_deref())
        )
    })
}

/// `<output>.<hash>.css` from cargo-leptos' hash file (`css: <hash>` among
/// its lines), `<output>.css` without one.
fn css_file_name(output: &str, hashes: Option<&str>) -> String {
    let hash = hashes.into_iter().flat_map(str::lines).find_map(|line| {
        let (file, hash) = line.trim().split_once(':')?;
        (file == "css").then(|| hash.trim())
    });
    match hash {
        Some(hash) => format!("{output}.{hash}.css"),
        None => format!("{output}.css"),
    }
}

/// With hashed asset names, Leptos reads the hashes from a file beside the
/// binary at every page render: refuse to start without it, rather than
/// failing every request.
fn check_site_built(options: &leptos::config::LeptosOptions) -> Result<(), StartError> {
    let Some(hash_file) = hash_file_path(options) else {
        return Ok(());
    };
    if hash_file.is_file() {
        Ok(())
    } else {
        Err(StartError::NotBuilt(format!(
            "{} is missing",
            hash_file.display()
        )))
    }
}

/// Runs the web server until Ctrl-C or SIGTERM.
pub async fn serve() -> Result<(), StartError> {
    let path = config_path();
    let config = Config::load(path.as_deref())?;
    config.check_serving()?;
    let leptos = leptos::config::get_configuration(path.as_ref().and_then(|p| p.to_str()))
        .map_err(|e| StartError::Leptos(e.to_string()))?;
    let options = leptos.leptos_options;
    check_site_built(&options)?;

    let repo = open_repository(&config).await?;
    if let Some(now) = config.now {
        tracing::warn!(
            %now,
            "the server's clock is PINNED (config `now` / PORO_NOW): time-dependent behaviour uses this instant, not the real time"
        );
    }
    let clock = clock_for(&config);
    let addr = options.site_addr;
    let state = AppState::new(options, repo, clock, config)
        .await
        .map_err(|e| StartError::Seed(e.to_string()))?;
    spawn_pruning(&state);
    spawn_outside_change_watch(&state);
    let stopping = state.stopping.clone();
    let app = http::router(state);

    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| StartError::Listen {
            addr: addr.to_string(),
            reason: e.to_string(),
        })?;
    tracing::info!("listening on http://{addr}");
    let signalled = stopping.clone();
    tokio::spawn(async move {
        shutdown_signal().await;
        // Live streams end; new connections are no longer accepted.
        signalled.cancel();
    });
    // Open requests get SHUTDOWN_GRACE to finish (an answer waiting for its
    // batch's commit is answered); then the process stops regardless.
    let grace = async {
        stopping.cancelled().await;
        tokio::time::sleep(SHUTDOWN_GRACE).await;
    };
    tokio::select! {
        () = super::connections::serve(listener, app, stopping.clone()) => {}
        () = grace => tracing::warn!(
            "requests still open {} s after the stop signal: stopping anyway",
            SHUTDOWN_GRACE.as_secs()
        ),
    }
    tracing::info!("stopped");
    Ok(())
}

/// How long open requests may take to finish once the server is told to
/// stop (SIGTERM, Ctrl-C).
pub const SHUTDOWN_GRACE: std::time::Duration = std::time::Duration::from_secs(10);

/// Every minute: forget rate-limit entries that limit nobody any more,
/// forms kept for residents whose JavaScript-free submission came back,
/// and live events nobody needs to catch up from any more.
fn spawn_pruning(state: &AppState) {
    let state = state.clone();
    tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(60));
        loop {
            every.tick().await;
            let now = state.clock.now_ts();
            state.limits.prune(now);
            if let Err(err) = state.repo.prune_returned_forms(now).await {
                tracing::warn!(error = %err, "pruning returned forms failed");
            }
            if let Err(err) = state.repo.prune_live_events(now).await {
                tracing::warn!(error = %err, "pruning live events failed");
            }
        }
    });
}

/// Every two seconds: has the data changed outside this server's requests
/// (the CLI's `recount`, `demo-answers`)? Then what it keeps goes.
fn spawn_outside_change_watch(state: &AppState) {
    let state = state.clone();
    tokio::spawn(async move {
        let mut seen = None;
        let mut every = tokio::time::interval(super::catalog::OUTSIDE_CHANGES_EVERY);
        loop {
            every.tick().await;
            match super::catalog::notice_outside_changes(&state, &mut seen).await {
                Ok(true) => tracing::info!("data changed outside the server: caches dropped"),
                Ok(false) => {}
                Err(err) => tracing::warn!(error = %err, "checking the data's generation failed"),
            }
        }
    });
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("stopping: live streams end, open requests finish");
}

#[cfg(test)]
mod tests {
    use super::css_file_name;

    #[test]
    fn the_stylesheet_is_named_as_the_hash_file_says() {
        let hashes = "js: abc\nwasm: def\ncss: -M5zgWi9P3uMkRQCAbP9_g\n";
        assert_eq!(
            css_file_name("porozmawiajmy", Some(hashes)),
            "porozmawiajmy.-M5zgWi9P3uMkRQCAbP9_g.css"
        );
        assert_eq!(css_file_name("porozmawiajmy", None), "porozmawiajmy.css");
        assert_eq!(
            css_file_name("porozmawiajmy", Some("js: abc\n")),
            "porozmawiajmy.css"
        );
    }
}
