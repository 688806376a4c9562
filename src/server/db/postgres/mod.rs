//! The PostgreSQL implementation of [`Repository`] (issue #32), the
//! scale-out path: several app instances on one database, migrations from
//! `migrations/postgres`. Its queries are the shared ones (`db/sql`, the
//! same files the SQLite backend compiles) with this backend's types and
//! the dialect functions at the end of this file; what differs besides
//! lives here: opening, the start-up lock, the writers' lock, the live hub
//! ([`hub::PgHub`]). Server only; reached through `server::db`.

use super::group_commit::GroupCommit;
use super::{DbError, DbResult, Repository};
use async_trait::async_trait;
use sqlx::pool::PoolConnection;
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions, PgRow};
use sqlx::Postgres;
use std::str::FromStr;
use std::time::Duration;

pub mod hub;

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
type Db = Postgres;
type DbRow = PgRow;
type DbConnection = sqlx::PgConnection;
type Repo = PgRepository;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// Advisory lock keys (`pg_advisory_lock`), one per purpose.
mod lock_key {
    /// Held while an instance migrates the database and writes the demo data.
    pub const START: i64 = 0x706f_726f_0001;
    /// Held by every write transaction until it commits (see [`super::write_tx`]).
    pub const WRITE: i64 = 0x706f_726f_0002;
}

#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("DATABASE_URL {url:?} is not a valid PostgreSQL URL (expected e.g. postgres://user@host/database): {reason}")]
    BadUrl { url: String, reason: String },
    #[error("cannot connect to the database {url:?}: {reason}")]
    Open { url: String, reason: String },
    #[error("cannot take the start-up lock on {url:?}: {reason}")]
    Lock { url: String, reason: String },
    #[error("cannot migrate the database {url:?}: {reason}")]
    Migrate { url: String, reason: String },
}

/// The database's start-up lock: a session advisory lock on one
/// connection, held while an instance migrates the database and writes the
/// demo data, so instances started together do it one after the other.
/// Released when dropped (the connection is closed, not reused).
pub struct StartLock {
    conn: Option<PoolConnection<Postgres>>,
}

impl Drop for StartLock {
    fn drop(&mut self) {
        if let Some(conn) = self.conn.take() {
            // Closing the session releases its advisory locks.
            drop(conn.detach());
        }
    }
}

#[derive(Clone, Debug)]
pub struct PgRepository {
    pool: PgPool,
    /// The survey answers' writer (one per instance, shared by clones).
    group_commit: std::sync::Arc<GroupCommit<PgPool>>,
}

impl PgRepository {
    /// Connects to and migrates the database at `url`.
    pub async fn open(url: &str) -> Result<Self, OpenError> {
        Ok(Self::open_for_start(url).await?.0)
    }

    /// [`open`](Self::open), keeping the start-up lock for what the caller
    /// writes before other instances may start (the demo data).
    pub async fn open_for_start(url: &str) -> Result<(Self, StartLock), OpenError> {
        let url = url.trim();
        let options = PgConnectOptions::from_str(url)
            .map_err(|e| OpenError::BadUrl {
                url: url.into(),
                reason: e.to_string(),
            })?
            .application_name("porozmawiajmy");
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await
            .map_err(|e| OpenError::Open {
                url: url.into(),
                reason: e.to_string(),
            })?;
        let locked = |e: sqlx::Error| OpenError::Lock {
            url: url.into(),
            reason: e.to_string(),
        };
        let mut conn = pool.acquire().await.map_err(locked)?;
        sqlx::query("SELECT pg_advisory_lock($1)")
            .bind(lock_key::START)
            .execute(&mut *conn)
            .await
            .map_err(locked)?;
        let lock = StartLock { conn: Some(conn) };
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

    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    /// What the survey answers' writer has done (batches, answers).
    pub fn group_commit_stats(&self) -> &super::group_commit::Stats {
        self.group_commit.stats()
    }
}

#[async_trait]
impl Repository for PgRepository {
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
        stopping: tokio_util::sync::CancellationToken,
    ) -> DbResult<std::sync::Arc<dyn crate::server::live::LiveHub>> {
        let options = (*self.pool.connect_options()).clone();
        Ok(std::sync::Arc::new(
            hub::PgHub::start(self.pool.clone(), options, stopping).await?,
        ))
    }

    async fn backup_to(&self, _path: &str) -> DbResult<()> {
        Err(DbError::Unsupported(
            "`backup` copies a SQLite database; back PostgreSQL up with pg_dump",
        ))
    }
}

// What the shared queries ask of this backend where the dialects differ.

/// A write transaction. Every writer takes one lock first and holds it to
/// its commit, as SQLite's `BEGIN IMMEDIATE` does: the version checks
/// (read, then write) cannot interleave, and the live events' ids — from
/// a sequence, handed out at insert — commit in the order they were given,
/// so a view that read up to id n never misses a smaller id committed
/// later. Writes are short; the survey's answers, the one write residents
/// make in numbers, do not take it ([`answers_tx`]).
pub(super) async fn write_tx(pool: &PgPool) -> DbResult<sqlx::Transaction<'static, Postgres>> {
    let mut tx = pool.begin().await?;
    sqlx::query("SELECT pg_advisory_xact_lock($1)")
        .bind(lock_key::WRITE)
        .execute(&mut *tx)
        .await?;
    Ok(tx)
}

/// The transaction of a batch of survey answers (the group commit's). It
/// does not take the writers' lock: answers carry no version check and no
/// live event, and batches of two instances take the counter rows' locks
/// in one order (district, then day).
async fn answers_tx(pool: &PgPool) -> DbResult<sqlx::Transaction<'static, Postgres>> {
    Ok(pool.begin().await?)
}

/// `column` is one of the ids in parameter `$n`, a JSON array of ids, or
/// the parameter is NULL (no restriction).
fn ids_in(column: &str, n: usize) -> String {
    format!(
        "(${n}::text IS NULL OR {column} IN \
         (SELECT CAST(value AS BIGINT) FROM json_array_elements_text(${n}::json)))"
    )
}

/// Appends "the postulate `id_column` contains every word (each also as a
/// word's beginning: "lawk" finds "ławka")", through the GIN index
/// `postulate_search` over the body folded by `poro_fold` (lower case,
/// unaccent: ł is l) — what SQLite's FTS5 index finds.
fn push_search(q: &mut sqlx::QueryBuilder<'_, Db>, id_column: &str, words: &[String]) {
    // Letters and digits only (search_words): no tsquery operators.
    let query = words
        .iter()
        .map(|w| format!("{w}:*"))
        .collect::<Vec<_>>()
        .join(" & ");
    q.push(format!(
        "{id_column} IN (SELECT id FROM postulates \
         WHERE to_tsvector('simple', poro_fold(body)) @@ to_tsquery('simple', poro_fold("
    ))
    .push_bind(query)
    .push(")))");
}
