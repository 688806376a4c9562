//! The survey's part of the repository: storing an answer exactly once,
//! receipts, participation counters and the forms a plain form post came
//! back with. Every backend implements it in its own `survey` module.

use super::DbResult;
use crate::domain::{AnswerSource, Id, Receipt};
use async_trait::async_trait;

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

#[async_trait]
pub trait SurveyRepository: Send + Sync {
    /// Survey answers per district and source, in one read.
    async fn participation(&self, round_id: Id) -> DbResult<Vec<ParticipationCount>>;
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
}
