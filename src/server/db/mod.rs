//! Database access: the [`Repository`] trait every feature goes through, and
//! one implementation per backend (SQLite now; PostgreSQL is the scale-out
//! path and plugs in here without touching the features).

pub mod answers;
pub mod meetings;
pub mod postulates;
pub mod results;
pub mod sqlite;

pub use answers::AnswerRepository;
pub use meetings::{MeetingChange, MeetingDetails, MeetingRepository};
pub use postulates::PostulateRepository;
pub use results::ResultsRepository;

use crate::domain::{
    AnswerSource, AuditEntry, Department, DepartmentKind, District, Id, ProfileQuestion, Receipt,
    RoleGrant, Round, StaffUser, Theme,
};
use crate::error::AppError;
use crate::server::seed::Demo;
use async_trait::async_trait;

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error(transparent)]
    Sqlx(#[from] sqlx::Error),
    #[error(transparent)]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("stored data is inconsistent: {0}")]
    Inconsistent(String),
}

pub type DbResult<T> = Result<T, DbError>;

impl From<DbError> for AppError {
    fn from(err: DbError) -> Self {
        tracing::error!(error = %err, "database error");
        AppError::Unavailable
    }
}

/// Answers of one district by one source, from the participation counters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParticipationCount {
    pub district_id: Id,
    pub source: AnswerSource,
    pub answers: i64,
}

/// A survey answer ready to be stored (already validated).
#[derive(Debug, Clone)]
pub struct NewResponse {
    pub round_id: Id,
    pub district_id: Id,
    pub client_id: String,
    /// Keyed hash of the device token; `None` for staff-entered answers.
    pub device_hash: Option<String>,
    pub content_hash: String,
    pub receipt: String,
    pub source: AnswerSource,
    pub other_needs: Option<String>,
    /// `YYYY-MM-DD` in Kraków: the only time stored with an answer.
    pub submitted_on: String,
    pub action_ids: Vec<Id>,
    /// (question id, option id)
    pub options: Vec<(Id, Id)>,
}

/// An answer already stored under a client id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredResponse {
    pub content_hash: String,
    pub receipt: Receipt,
}

/// What storing an answer did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InsertOutcome {
    Stored(Receipt),
    /// Another answer has this client id (a concurrent replay).
    DuplicateClientId,
    /// This device already answered in the round.
    DuplicateDevice,
}

/// A staff account with its password hash (never leaves the server).
#[derive(Debug, Clone)]
pub struct StaffCredentials {
    pub user: StaffUser,
    pub password_hash: String,
}

/// Postulate counts of one meeting, by status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingCounts {
    pub meeting_id: Id,
    pub submitted: i64,
    pub approved: i64,
}

/// Everything the application asks of its database. Features with many
/// queries have their own part (a supertrait in their own module, e.g.
/// [`AnswerRepository`], [`MeetingRepository`], [`PostulateRepository`],
/// [`ResultsRepository`]);
/// each backend implements every part.
#[async_trait]
pub trait Repository:
    AnswerRepository + MeetingRepository + PostulateRepository + ResultsRepository + Send + Sync
{
    /// A cheap round trip, for `/healthz`.
    async fn ping(&self) -> DbResult<()>;
    /// The data's generation: bumped by whatever changes counted data
    /// outside a running server's requests (the CLI's `recount` and
    /// `demo-answers`), so every server notices and drops what it keeps in
    /// memory ([`crate::server::catalog::notice_outside_changes`]).
    async fn data_generation(&self) -> DbResult<i64>;
    async fn bump_data_generation(&self) -> DbResult<()>;
    /// True when no round exists yet (a fresh database).
    async fn is_empty(&self) -> DbResult<bool>;
    /// Writes the demo data in one transaction.
    async fn seed(&self, demo: &Demo) -> DbResult<()>;

    /// The round residents see now, if any.
    async fn active_round(&self) -> DbResult<Option<Round>>;
    /// All rounds, newest first.
    async fn rounds(&self) -> DbResult<Vec<Round>>;
    /// The districts a round covers, by numeral order.
    async fn round_districts(&self, round_id: Id) -> DbResult<Vec<District>>;
    /// The survey's actions grouped by theme.
    async fn themes(&self, round_id: Id) -> DbResult<Vec<Theme>>;
    async fn departments(&self) -> DbResult<Vec<Department>>;
    /// Survey answers per district and source, in one read.
    async fn participation(&self, round_id: Id) -> DbResult<Vec<ParticipationCount>>;

    /// The secret called `name`, stored as `candidate` if it does not exist yet.
    async fn get_or_create_secret(&self, name: &str, candidate: &str) -> DbResult<String>;
    /// The survey's optional profile questions with their options.
    async fn profile_questions(&self, round_id: Id) -> DbResult<Vec<ProfileQuestion>>;
    /// The answer stored under a client id, if any.
    async fn response_by_client_id(&self, client_id: &str) -> DbResult<Option<StoredResponse>>;
    /// Stores an answer and bumps its participation counter, atomically.
    async fn insert_response(&self, response: &NewResponse) -> DbResult<InsertOutcome>;
    /// The receipt of a stored answer.
    async fn receipt(&self, code: &str) -> DbResult<Option<Receipt>>;
    /// The receipt of the answer a device (by its keyed hash) gave in a round.
    async fn receipt_for_device(
        &self,
        round_id: Id,
        device_hash: &str,
    ) -> DbResult<Option<Receipt>>;
    /// Keeps a form that came back with a mistake (JavaScript off) under
    /// `key` until `expires_at`, unless `address` (a keyed hash) already
    /// keeps [`PER_ADDRESS`] forms or the site [`TOTAL`]: then false and
    /// nothing kept. Storing its submission deletes it.
    ///
    /// [`PER_ADDRESS`]: crate::server::returned::PER_ADDRESS
    /// [`TOTAL`]: crate::server::returned::TOTAL
    async fn stash_returned_form(
        &self,
        key: &str,
        client_id: &str,
        payload: &str,
        address: &str,
        now: i64,
        expires_at: i64,
    ) -> DbResult<bool>;
    /// A returned form kept under `key`, unless expired.
    async fn returned_form(&self, key: &str, now: i64) -> DbResult<Option<String>>;
    /// Deletes expired returned forms.
    async fn prune_returned_forms(&self, now: i64) -> DbResult<()>;

    /// A new staff account; `None` when the e-mail is taken.
    async fn create_staff(
        &self,
        email: &str,
        name: &str,
        password_hash: &str,
        roles: &[RoleGrant],
        now: i64,
    ) -> DbResult<Option<Id>>;
    async fn staff_by_email(&self, email: &str) -> DbResult<Option<StaffCredentials>>;
    async fn staff_by_id(&self, id: Id) -> DbResult<Option<StaffCredentials>>;
    async fn list_staff(&self) -> DbResult<Vec<StaffUser>>;
    async fn set_password(&self, user_id: Id, password_hash: &str) -> DbResult<()>;
    /// Gives an account one more role grant; false when it already has it.
    async fn add_role(&self, user_id: Id, grant: &RoleGrant) -> DbResult<bool>;
    /// Takes a role grant away; false when the account did not have it.
    async fn remove_role(&self, user_id: Id, grant: &RoleGrant) -> DbResult<bool>;
    /// Active accounts holding the admin role.
    async fn active_admins(&self) -> DbResult<i64>;
    /// Enables or disables an account; disabling ends its sessions. False
    /// when there is no such account.
    async fn set_staff_active(&self, user_id: Id, active: bool) -> DbResult<bool>;
    async fn create_department(
        &self,
        code: &str,
        name_pl: &str,
        name_en: &str,
        kind: DepartmentKind,
    ) -> DbResult<Option<Id>>;

    async fn create_session(
        &self,
        token_hash: &str,
        user_id: Id,
        now: i64,
        expires_at: i64,
    ) -> DbResult<()>;
    /// The user of a live session (not expired, not idle longer than
    /// `idle_secs`), marking it seen now; expired sessions are deleted.
    async fn session_user(
        &self,
        token_hash: &str,
        now: i64,
        idle_secs: i64,
    ) -> DbResult<Option<StaffUser>>;
    async fn delete_session(&self, token_hash: &str) -> DbResult<()>;
    /// Ends every session of a user except `keep` (after a password change).
    async fn delete_other_sessions(&self, user_id: Id, keep: &str) -> DbResult<()>;

    async fn audit(
        &self,
        user_id: Option<Id>,
        action: &str,
        entity: &str,
        entity_id: Option<&str>,
        details: Option<&str>,
        at: i64,
    ) -> DbResult<()>;
    /// Newest first.
    async fn audit_log(&self, limit: i64) -> DbResult<Vec<AuditEntry>>;
    /// Postulates per meeting of a round, by status.
    async fn meeting_counts(&self, round_id: Id) -> DbResult<Vec<MeetingCounts>>;
}
