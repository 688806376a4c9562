//! The SQLite implementation of [`Repository`]: an embedded file, WAL mode,
//! migrations from `migrations/sqlite`. Opening the database and what
//! belongs to no feature live here; each part of the repository has its
//! own module (`rounds`, `survey`, `results`, `meetings`, `postulates`,
//! `answers`, `staff`), mirrored by every other backend.

use super::{DbResult, Repository};
use crate::domain::{Bilingual, District};
use async_trait::async_trait;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteRow,
    SqliteSynchronous,
};
use sqlx::Row;
use std::str::FromStr;
use std::time::Duration;

mod answers;
pub mod group_commit;
mod meetings;
mod postulates;
mod results;
mod round_setup;
mod rounds;
mod staff;
mod survey;

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
    group_commit: std::sync::Arc<group_commit::GroupCommit>,
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
    pub fn group_commit_stats(&self) -> &group_commit::Stats {
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

fn bilingual(row: &SqliteRow, pl: &str, en: &str) -> Bilingual {
    Bilingual {
        pl: row.get(pl),
        en: row.get(en),
    }
}

pub(super) fn district_from(row: &SqliteRow, prefix: &str) -> District {
    District {
        id: row.get(format!("{prefix}id").as_str()),
        numeral: row.get(format!("{prefix}numeral").as_str()),
        name: row.get(format!("{prefix}name").as_str()),
        population: row.get(format!("{prefix}population").as_str()),
    }
}

/// A write transaction. `BEGIN IMMEDIATE` takes the write lock at once
/// (waiting up to the busy timeout): a deferred `BEGIN` that reads before
/// it writes fails at once with SQLITE_BUSY_SNAPSHOT when another
/// connection committed in between — SQLite cannot retry that upgrade —
/// which residents would see as "unavailable" under load.
async fn write_tx(pool: &SqlitePool) -> DbResult<sqlx::Transaction<'static, sqlx::Sqlite>> {
    Ok(pool.begin_with("BEGIN IMMEDIATE").await?)
}

fn is_unique_violation(err: &sqlx::Error) -> bool {
    matches!(err, sqlx::Error::Database(db) if db.is_unique_violation())
}

/// An insert's result, `None` when a unique value was taken already.
fn unless_taken<T>(inserted: Result<T, sqlx::Error>) -> DbResult<Option<T>> {
    match inserted {
        Ok(value) => Ok(Some(value)),
        Err(err) if is_unique_violation(&err) => Ok(None),
        Err(err) => Err(err.into()),
    }
}

#[async_trait]
impl Repository for SqliteRepository {
    async fn ping(&self) -> DbResult<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    async fn data_generation(&self) -> DbResult<i64> {
        Ok(
            sqlx::query_scalar("SELECT generation FROM data_generation WHERE id = 1")
                .fetch_one(&self.pool)
                .await?,
        )
    }

    async fn bump_data_generation(&self) -> DbResult<()> {
        sqlx::query("UPDATE data_generation SET generation = generation + 1 WHERE id = 1")
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn get_or_create_secret(&self, name: &str, candidate: &str) -> DbResult<String> {
        sqlx::query(
            "INSERT INTO app_secrets (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING",
        )
        .bind(name)
        .bind(candidate)
        .execute(&self.pool)
        .await?;
        Ok(
            sqlx::query_scalar("SELECT value FROM app_secrets WHERE name = ?")
                .bind(name)
                .fetch_one(&self.pool)
                .await?,
        )
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
