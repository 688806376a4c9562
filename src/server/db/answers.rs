//! The answers' part of the repository: officials' work queue, saving a
//! draft or submitting an answer (versioned), reassignment, publication
//! per round and district, a postulate's public answer and history, and
//! the departments' tally. Every backend implements it in its own
//! `answers` module.

use super::DbResult;
use crate::answers::model::{
    Answer, AnswerDraft, AnswerEntry, AnswerStatus, DepartmentTally, ExportRow, PostulateAnswers,
    WorkItem,
};
use crate::domain::Id;
use async_trait::async_trait;

/// What saving an answer did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveOutcome {
    /// Saved; the new version.
    Saved(i64),
    /// Sent with an older version: nothing saved; the answer as it is
    /// (`None`: there is none now).
    Stale(Option<Box<Answer>>),
    /// Not an approved postulate assigned to this department.
    NotAssigned,
}

#[async_trait]
pub trait AnswerRepository: Send + Sync {
    /// Approved postulates of the round assigned to these departments:
    /// overdue first, then by due date.
    async fn work_queue(
        &self,
        round_id: Id,
        departments: &[Id],
        now: i64,
    ) -> DbResult<Vec<WorkItem>>;
    /// Saves a department's answer as a draft or submits it (a submission
    /// goes to the history: public once published).
    #[allow(clippy::too_many_arguments)]
    async fn save_answer(
        &self,
        postulate_id: Id,
        department_id: Id,
        version: i64,
        draft: &AnswerDraft,
        submit: bool,
        user_id: Id,
        now: i64,
    ) -> DbResult<SaveOutcome>;
    /// Gives an approved postulate to another department (a new due date;
    /// the earlier department's draft is dropped); false when there is no
    /// such postulate.
    async fn reassign(
        &self,
        postulate_id: Id,
        department_id: Id,
        reason: &str,
        user_id: Id,
        now: i64,
    ) -> DbResult<bool>;
    /// Makes a round's submitted answers public, for one district or all;
    /// how many answers the scope holds (0: nothing published).
    async fn publish_answers(
        &self,
        round_id: Id,
        district_id: Option<Id>,
        user_id: Id,
        now: i64,
    ) -> DbResult<i64>;
    /// A postulate's page: its published answer and that answer's history
    /// (`None` when it is not an approved postulate).
    async fn postulate_answers(&self, postulate_id: Id) -> DbResult<Option<PostulateAnswers>>;
    /// Answered, pending and overdue postulates per department.
    async fn department_tally(&self, round_id: Id, now: i64) -> DbResult<Vec<DepartmentTally>>;
    /// Published answers per status (every status, zeros included).
    async fn published_status_counts(&self, round_id: Id) -> DbResult<Vec<(AnswerStatus, i64)>>;
    /// A round's approved postulates as the public sees them (filtered;
    /// only those with a published answer when `answered_only`), oldest
    /// first, all of them: the open data and the feeds.
    async fn export_postulates(
        &self,
        round_id: Id,
        filter: &crate::postulates::model::PostulateFilter,
        answered_only: bool,
    ) -> DbResult<Vec<ExportRow>>;
    /// The history entries of a postulate's answers (staff: all).
    async fn answer_history(&self, postulate_id: Id) -> DbResult<Vec<AnswerEntry>>;
}
