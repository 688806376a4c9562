//! Database access: the [`Repository`] trait every feature goes through, and
//! one implementation per backend — `sqlite` (the embedded default) and
//! `postgres` (the scale-out path) — chosen by the scheme of
//! `DATABASE_URL` ([`open`]). Both compile the same queries (`sql/`, one
//! file per part of the trait, `$1` parameters, which both accept); each
//! backend module holds only what differs: opening, locking, the few
//! dialect functions the queries call, the live hub.

pub mod answers;
pub mod copy;
pub mod group_commit;
pub mod meetings;
pub mod postgres;
pub mod postulates;
pub mod results;
pub mod round_setup;
pub mod rounds;
pub mod sqlite;
pub mod staff;
pub mod survey;

pub use answers::AnswerRepository;
pub use meetings::{MeetingChange, MeetingCounts, MeetingDetails, MeetingRepository};
pub use postulates::PostulateRepository;
pub use results::ResultsRepository;
pub use round_setup::{ContentChange, RoundSetupRepository};
pub use rounds::RoundRepository;
pub use staff::{StaffCredentials, StaffRepository};
pub use survey::{
    InsertOutcome, NewResponse, ParticipationCount, StoredResponse, SurveyRepository,
};

use crate::error::AppError;
use async_trait::async_trait;
use std::sync::Arc;

/// Why the database named by `DATABASE_URL` could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error(transparent)]
    Sqlite(#[from] sqlite::OpenError),
    #[error(transparent)]
    Postgres(#[from] postgres::OpenError),
    #[error("DATABASE_URL {0:?} names no database this server knows: it must start with sqlite: (the embedded file) or postgres:// (a PostgreSQL server)")]
    Scheme(String),
}

/// The backends, by the scheme of `DATABASE_URL`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn of_url(url: &str) -> Option<Backend> {
        let url = url.trim();
        if url.starts_with("sqlite:") {
            Some(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Some(Backend::Postgres)
        } else {
            None
        }
    }
}

/// Held while a server migrates the database and writes its demo data
/// (several servers started at once on a new database do it once).
pub enum StartLock {
    Sqlite(sqlite::StartLock),
    Postgres(postgres::StartLock),
}

/// Opens (creating and migrating) the database at `url`, SQLite or
/// PostgreSQL by its scheme, with the start-up lock held.
pub async fn open_for_start(url: &str) -> Result<(Arc<dyn Repository>, StartLock), OpenError> {
    match Backend::of_url(url) {
        Some(Backend::Sqlite) => {
            let (repo, lock) = sqlite::SqliteRepository::open_for_start(url).await?;
            Ok((Arc::new(repo), StartLock::Sqlite(lock)))
        }
        Some(Backend::Postgres) => {
            let (repo, lock) = postgres::PgRepository::open_for_start(url).await?;
            Ok((Arc::new(repo), StartLock::Postgres(lock)))
        }
        None => Err(OpenError::Scheme(url.trim().to_owned())),
    }
}

/// [`open_for_start`] without keeping the lock.
pub async fn open(url: &str) -> Result<Arc<dyn Repository>, OpenError> {
    Ok(open_for_start(url).await?.0)
}

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error(transparent)]
    Sqlx(#[from] sqlx::Error),
    #[error(transparent)]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// What this backend does not do (a SQLite file copy on PostgreSQL).
    #[error("{0}")]
    Unsupported(&'static str),
    #[error("stored data is inconsistent: {0}")]
    Inconsistent(String),
    /// A failed transaction that several requests shared (the answers'
    /// group commit): what kind of failure it was, and its message, given
    /// to each.
    #[error("{message}")]
    Batch { failure: Failure, message: String },
}

/// What kind of failure a database error is, whatever the backend: what
/// a resident is told depends on it (see `impl From<DbError> for AppError`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// No room: the disk (or the database's size limit) is full.
    Full,
    /// Locked or busy past the wait, a conflict, too many connections:
    /// worth retrying soon.
    Busy,
    /// A value the database cannot take, sent by the client (PostgreSQL's
    /// data exceptions: a NUL character in text, which SQLite stores).
    BadValue,
    Other,
}

impl DbError {
    pub fn failure(&self) -> Failure {
        match self {
            DbError::Sqlx(sqlx::Error::Database(e)) => failure_of(e.as_ref()),
            DbError::Batch { failure, .. } => *failure,
            _ => Failure::Other,
        }
    }
}

/// SQLite's result codes are numbers, whose low byte is the primary code
/// (13 FULL, 5 BUSY, 6 LOCKED); PostgreSQL's are SQLSTATEs (53100
/// disk_full; 40001 serialization_failure, 40P01 deadlock_detected, 55P03
/// lock_not_available, 53300 too_many_connections, 57P01 admin_shutdown;
/// class 22, data exceptions, such as 22021 for a NUL character in text).
fn failure_of(e: &dyn sqlx::error::DatabaseError) -> Failure {
    let Some(code) = e.code() else {
        return Failure::Other;
    };
    if e.try_downcast_ref::<sqlx::postgres::PgDatabaseError>()
        .is_some()
    {
        return match code.as_ref() {
            "53100" => Failure::Full,
            "40001" | "40P01" | "55P03" | "53300" | "57P01" => Failure::Busy,
            data if data.starts_with("22") => Failure::BadValue,
            _ => Failure::Other,
        };
    }
    match code.parse::<i32>().map(|c| c & 0xff) {
        Ok(13) => Failure::Full,
        Ok(5 | 6) => Failure::Busy,
        _ => Failure::Other,
    }
}

pub type DbResult<T> = Result<T, DbError>;

/// What a resident is told when the database fails: a full disk (or size
/// limit) says so; busy, locked and anything else is "unavailable" — both
/// are answered 503 with `Retry-After` (`server::respond`), and nothing
/// partial was stored (every write is one transaction). A value the
/// database refuses (a NUL character on PostgreSQL) is the request's
/// fault: a 400 saying the value is malformed.
impl From<DbError> for AppError {
    fn from(err: DbError) -> Self {
        match err.failure() {
            Failure::Full => {
                tracing::error!(error = %err, "database full: nothing stored");
                AppError::StorageFull
            }
            Failure::Busy => {
                tracing::warn!(error = %err, "database busy");
                AppError::Unavailable
            }
            Failure::BadValue => {
                tracing::warn!(error = %err, "a value the database cannot take");
                AppError::invalid("value", crate::error::Invalid::Malformed)
            }
            Failure::Other => {
                tracing::error!(error = %err, "database error");
                AppError::Unavailable
            }
        }
    }
}

/// Everything the application asks of its database, in parts by concern
/// (a supertrait each, in its own module: [`RoundRepository`],
/// [`RoundSetupRepository`],
/// [`SurveyRepository`], [`ResultsRepository`], [`MeetingRepository`],
/// [`PostulateRepository`], [`AnswerRepository`], [`StaffRepository`]);
/// each backend implements every part, one module per part. What is left
/// here belongs to no feature: the round trip, the data's generation, the
/// server's secrets.
#[async_trait]
pub trait Repository:
    RoundRepository
    + RoundSetupRepository
    + SurveyRepository
    + ResultsRepository
    + MeetingRepository
    + PostulateRepository
    + AnswerRepository
    + StaffRepository
    + Send
    + Sync
{
    /// A cheap round trip, for `/healthz`.
    async fn ping(&self) -> DbResult<()>;
    /// The data's generation: bumped by whatever changes counted data
    /// outside a running server's requests (the CLI's `recount` and
    /// `demo-answers`), so every server notices and drops what it keeps in
    /// memory ([`crate::server::catalog::notice_outside_changes`]).
    async fn data_generation(&self) -> DbResult<i64>;
    async fn bump_data_generation(&self) -> DbResult<()>;
    /// The secret called `name`, stored as `candidate` if it does not exist yet.
    async fn get_or_create_secret(&self, name: &str, candidate: &str) -> DbResult<String>;
    /// Writes a consistent copy of the whole database to `path` (a new
    /// file) while the server keeps running: `porozmawiajmy backup`.
    async fn backup_to(&self, path: &str) -> DbResult<()>;
    /// The live hub for this database's servers: in-process for a SQLite
    /// file (one server), LISTEN/NOTIFY on PostgreSQL (any number of
    /// instances). Stops listening when `stopping` is cancelled.
    async fn live_hub(
        &self,
        stopping: tokio_util::sync::CancellationToken,
    ) -> DbResult<std::sync::Arc<dyn crate::server::live::LiveHub>>;
}
