//! Database access: the [`Repository`] trait every feature goes through, and
//! one implementation per backend (SQLite now; PostgreSQL, the scale-out
//! path, so far its schema and live hub in `postgres`, plugs in here
//! without touching the features).

pub mod answers;
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

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error(transparent)]
    Sqlx(#[from] sqlx::Error),
    #[error(transparent)]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("stored data is inconsistent: {0}")]
    Inconsistent(String),
    /// A failed transaction that several requests shared (the answers'
    /// group commit): its result code and message, given to each.
    #[error("{message}")]
    Batch {
        code: Option<String>,
        message: String,
    },
}

impl DbError {
    /// The database's own result code, when it gave one.
    pub fn sqlite_code(&self) -> Option<String> {
        match self {
            DbError::Sqlx(sqlx::Error::Database(e)) => e.code().map(|c| c.into_owned()),
            DbError::Batch { code, .. } => code.clone(),
            _ => None,
        }
    }
}

pub type DbResult<T> = Result<T, DbError>;

/// What a resident is told when the database fails: a full disk (or size
/// limit) says so; busy, locked and anything else is "unavailable" — both
/// are answered 503 with `Retry-After` (`server::respond`), and nothing
/// partial was stored (every write is one transaction).
impl From<DbError> for AppError {
    fn from(err: DbError) -> Self {
        let code = err.sqlite_code();
        // SQLite's primary result codes: 13 FULL, 5 BUSY, 6 LOCKED
        // (extended codes keep the primary one in their low byte).
        let primary = code
            .as_deref()
            .and_then(|c| c.parse::<i32>().ok())
            .map(|c| c & 0xff);
        match primary {
            Some(13) => {
                tracing::error!(error = %err, "database full: nothing stored");
                AppError::StorageFull
            }
            Some(5 | 6) => {
                tracing::warn!(error = %err, "database busy");
                AppError::Unavailable
            }
            _ => {
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
}
