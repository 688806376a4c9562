//! The answers' part of the repository: officials' work queue, saving a
//! draft or submitting an answer (versioned), reassignment, publication
//! per round and district, a postulate's public answer and history, and
//! the departments' tally. Every backend implements it in its own
//! `answers` module.

use super::DbResult;
use crate::answers::model::{
    Answer, AnswerDraft, AnswerEntry, AnswerStatus, DepartmentTally, ExportRow, PostulateAnswers,
    PublicationItem, WorkItem,
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

/// A department change of an approved postulate (the one path for every
/// change after approval: the officials' reassignment and the console).
#[derive(Debug, Clone)]
pub struct Reassignment<'a> {
    pub postulate_id: Id,
    /// Only a postulate of this round (the active one) moves.
    pub round_id: Id,
    pub department_id: Id,
    /// The version the moderator saw (the console); `None`: any.
    pub version: Option<i64>,
    /// Why (required when it had a department; `None` for a first one).
    pub reason: Option<&'a str>,
    pub user_id: Id,
    pub now: i64,
}

/// What a reassignment did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReassignOutcome {
    /// Moved: a new due date; the earlier department's unpublished drafts
    /// dropped; its submitted answers stay in the history.
    Done,
    /// Not an approved postulate of the round.
    NotFound,
    /// It is already that department's.
    SameDepartment,
    /// Sent with an older version.
    Stale,
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
    /// the earlier department's working answer is dropped, its submitted
    /// ones stay in the history, a published position is shown as being
    /// reconsidered): in the answers' and the postulate's history, with the
    /// live events it raises.
    async fn reassign(
        &self,
        change: &Reassignment<'_>,
    ) -> DbResult<(ReassignOutcome, Vec<crate::postulates::model::StoredEvent>)>;
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
    /// The submitted answers a publication (of a district, or `None`: of
    /// all) would make public: answered approved postulates not public yet.
    async fn publication_preview(
        &self,
        round_id: Id,
        district_id: Option<Id>,
    ) -> DbResult<Vec<PublicationItem>>;
    async fn export_postulates(
        &self,
        round_id: Id,
        filter: &crate::postulates::model::PostulateFilter,
        answered_only: bool,
    ) -> DbResult<Vec<ExportRow>>;
    /// The history entries of a postulate's answers (staff: all).
    async fn answer_history(&self, postulate_id: Id) -> DbResult<Vec<AnswerEntry>>;
}
