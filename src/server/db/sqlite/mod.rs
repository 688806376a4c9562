//! The SQLite implementation of [`Repository`]: an embedded file, WAL mode,
//! migrations from `migrations/sqlite`. Opening the database and what
//! belongs to no feature live here; each part of the repository has its
//! own module (`rounds`, `survey`, `results`, `meetings`, `postulates`,
//! `answers`, `staff`), mirrored by every other backend.

use super::group_commit::GroupCommit;
use super::{DbResult, Repository};
use async_trait::async_trait;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteRow,
    SqliteSynchronous,
};
use std::str::FromStr;
use std::time::Duration;

// The queries, shared with every backend (`db/sql`): compiled here with
// this backend's types below and the dialect functions at the end of this
// file.
#[allow(clippy::duplicate_mod)] // each backend compiles the shared queries
#[path = "../sql/answers.rs"]
mod answers;
#[allow(clippy::duplicate_mod)] // each backend compiles the shared queries
#[path = "../sql/common.rs"]
mod common;
#[allow(clippy::duplicate_mod)] // each backend compiles the shared queries
#[path = "../sql/meetings.rs"]
mod meetings;
#[allow(clippy::duplicate_mod)] // each backend compiles the shared queries
#[path = "../sql/postulates.rs"]
mod postulates;
#[allow(clippy::duplicate_mod)] // each backend compiles the shared queries
#[path = "../sql/results.rs"]
mod results;
#[allow(clippy::duplicate_mod)] // each backend compiles the shared queries
#[path = "../sql/round_setup.rs"]
mod round_setup;
#[allow(clippy::duplicate_mod)] // each backend compiles the shared queries
#[path = "../sql/rounds.rs"]
mod rounds;
#[allow(clippy::duplicate_mod)] // each backend compiles the shared queries
#[path = "../sql/staff.rs"]
mod staff;
#[allow(clippy::duplicate_mod)] // each backend compiles the shared queries
#[path = "../sql/survey.rs"]
mod survey;

use common::{bilingual, district_from, is_unique_violation, unless_taken};

/// This backend's types, as the shared queries name them.
type Db = sqlx::Sqlite;
type DbRow = SqliteRow;
type DbConnection = sqlx::SqliteConnection;
type Repo = SqliteRepository;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");

#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("DATABASE_URL {url:?} is not a valid SQLite URL (expected e.g. sqlite://data/porozmawiajmy.db): {reason}")]
    BadUrl { url: String, reason: String },
    #[error("cannot create the database directory {dir}: {reason}")]
    Directory { dir: String, reason: String },
    #[error("cannot open the database {url:?}: {reason}")]
    Open { url: String, reason: String },
    #[error("cannot migrate the database {url:?}: {reason}")]
    Migrate { url: String, reason: String },
    #[error("cannot take the start-up lock {file}: {reason}")]
    Lock { file: String, reason: String },
}

/// The database's start-up lock, held while a process migrates it and
/// fills it with the demo data: several processes started at once on one
/// new database do it one after the other, not over each other (two at
/// once failed: "table districts already exists"). An advisory lock on
/// `<database file>.start-lock` beside the database, released on drop or
/// when the process ends; none for an in-memory database.
pub struct StartLock {
    _file: Option<std::fs::File>,
}

impl StartLock {
    async fn take(file: &std::path::Path) -> Result<Self, OpenError> {
        if file.as_os_str().is_empty() || file.as_os_str() == ":memory:" {
            return Ok(Self { _file: None });
        }
        let mut name = file.as_os_str().to_owned();
        name.push(".start-lock");
        let path = std::path::PathBuf::from(name);
        let failed = |reason: String| OpenError::Lock {
            file: path.display().to_string(),
            reason,
        };
        let lock_path = path.clone();
        // Blocking: waits for another process's start-up to finish.
        tokio::task::spawn_blocking(move || {
            let file = std::fs::OpenOptions::new()
                .create(true)
                .truncate(false)
                .write(true)
                .open(&lock_path)?;
            file.lock()?;
            Ok::<_, std::io::Error>(file)
        })
        .await
        .map_err(|e| failed(e.to_string()))?
        .map(|file| Self { _file: Some(file) })
        .map_err(|e| failed(e.to_string()))
    }
}

#[derive(Clone, Debug)]
pub struct SqliteRepository {
    pool: SqlitePool,
    /// The survey answers' writer (one per database, shared by clones).
    group_commit: std::sync::Arc<GroupCommit<SqlitePool>>,
}

impl SqliteRepository {
    /// Opens (creating if needed) and migrates the database at `url`.
    pub async fn open(url: &str) -> Result<Self, OpenError> {
        Ok(Self::open_for_start(url).await?.0)
    }

    /// [`open`](Self::open), keeping the start-up lock for what the caller
    /// writes before other processes may start (the demo data).
    pub async fn open_for_start(url: &str) -> Result<(Self, StartLock), OpenError> {
        let url = url.trim();
        if !url.starts_with("sqlite:") {
            return Err(OpenError::BadUrl {
                url: url.into(),
                reason: "it must start with sqlite:".into(),
            });
        }
        let options = SqliteConnectOptions::from_str(url)
            .map_err(|e| OpenError::BadUrl {
                url: url.into(),
                reason: e.to_string(),
            })?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // FULL: in WAL mode each commit syncs the log before it returns,
            // so an acknowledged answer survives a power cut (NORMAL may
            // lose the last commits; README "Durability").
            .synchronous(SqliteSynchronous::Full)
            .busy_timeout(Duration::from_secs(5))
            .foreign_keys(true);
        let file = options.get_filename().to_path_buf();
        if let Some(dir) = file.parent().filter(|d| !d.as_os_str().is_empty()) {
            if !dir.exists() && file.as_os_str() != ":memory:" {
                std::fs::create_dir_all(dir).map_err(|e| OpenError::Directory {
                    dir: dir.display().to_string(),
                    reason: e.to_string(),
                })?;
            }
        }
        let lock = StartLock::take(&file).await?;
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .acquire_timeout(Duration::from_secs(10))
            .after_release(|conn, _| Box::pin(still_usable(conn)))
            .connect_with(options)
            .await
            .map_err(|e| OpenError::Open {
                url: url.into(),
                reason: e.to_string(),
            })?;
        MIGRATOR.run(&pool).await.map_err(|e| OpenError::Migrate {
            url: url.into(),
            reason: e.to_string(),
        })?;
        Ok((
            Self {
                pool,
                group_commit: Default::default(),
            },
            lock,
        ))
    }

    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// What the survey answers' writer has done (batches, answers).
    pub fn group_commit_stats(&self) -> &super::group_commit::Stats {
        self.group_commit.stats()
    }
}

/// Whether a connection going back to the pool can be used again. When
/// SQLite rolls a transaction back by itself (a full disk, an I/O error, a
/// trigger's `RAISE(ROLLBACK)`), sqlx's own rollback then fails and the
/// connection still counts itself inside a transaction, so every later
/// `BEGIN IMMEDIATE` on it would fail: such a connection is closed and
/// the pool opens a fresh one.
async fn still_usable(conn: &mut sqlx::SqliteConnection) -> Result<bool, sqlx::Error> {
    use sqlx::Connection;
    // Runs what is queued on the connection first (a dropped
    // transaction's rollback).
    conn.ping().await?;
    Ok(!conn.is_in_transaction())
}

/// A write transaction. `BEGIN IMMEDIATE` takes the write lock at once
/// (waiting up to the busy timeout): a deferred `BEGIN` that reads before
/// it writes fails at once with SQLITE_BUSY_SNAPSHOT when another
/// connection committed in between — SQLite cannot retry that upgrade —
/// which residents would see as "unavailable" under load.
pub(super) async fn write_tx(
    pool: &SqlitePool,
) -> DbResult<sqlx::Transaction<'static, sqlx::Sqlite>> {
    Ok(pool.begin_with("BEGIN IMMEDIATE").await?)
}

#[async_trait]
impl Repository for SqliteRepository {
    async fn ping(&self) -> DbResult<()> {
        common::ping(&self.pool).await
    }

    async fn data_generation(&self) -> DbResult<i64> {
        common::data_generation(&self.pool).await
    }

    async fn bump_data_generation(&self) -> DbResult<()> {
        common::bump_data_generation(&self.pool).await
    }

    async fn get_or_create_secret(&self, name: &str, candidate: &str) -> DbResult<String> {
        common::get_or_create_secret(&self.pool, name, candidate).await
    }

    async fn live_hub(
        &self,
        _stopping: tokio_util::sync::CancellationToken,
    ) -> DbResult<std::sync::Arc<dyn crate::server::live::LiveHub>> {
        Ok(std::sync::Arc::new(
            crate::server::live::InProcessHub::default(),
        ))
    }

    async fn backup_to(&self, path: &str) -> DbResult<()> {
        // One read transaction copies a snapshot page by page into a new,
        // compact file; writers carry on meanwhile (WAL) and nothing they
        // commit after the snapshot began is in it.
        sqlx::query("VACUUM INTO ?")
            .bind(path)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}

// What the shared queries ask of this backend where the dialects differ.

/// The transaction of a batch of survey answers (the group commit's): a
/// write transaction like any other.
async fn answers_tx(pool: &SqlitePool) -> DbResult<sqlx::Transaction<'static, sqlx::Sqlite>> {
    write_tx(pool).await
}

/// `column` is one of the ids in parameter `$n`, a JSON array of ids, or
/// the parameter is NULL (no restriction).
fn ids_in(column: &str, n: usize) -> String {
    format!("(${n} IS NULL OR {column} IN (SELECT value FROM json_each(${n})))")
}

/// Appends "the postulate `id_column` contains every word (each also as a
/// word's beginning: "lawk" finds "ławka")", through the FTS5 index
/// `postulate_search`, whose tokenizer folds case and diacritics.
fn push_search(q: &mut sqlx::QueryBuilder<'_, Db>, id_column: &str, words: &[String]) {
    // Letters and digits only (search_words), so quoting is safe.
    let query = words
        .iter()
        .map(|w| format!("\"{w}\"*"))
        .collect::<Vec<_>>()
        .join(" ");
    q.push(format!(
        "{id_column} IN (SELECT rowid FROM postulate_search WHERE postulate_search MATCH "
    ))
    .push_bind(query)
    .push(")");
}
