//! The answers' types: a department's position on a postulate (status,
//! justification, planned term, cost range), its history, the officials'
//! work queue and the public tracker. Plain data, both sides.

use crate::domain::{Id, Instant};
use crate::postulates::model::PublicPostulate;
use serde::{Deserialize, Serialize};

/// The statuses the city answers with (shown in Polish first).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AnswerStatus {
    /// przyjęty do realizacji
    Accepted,
    /// w realizacji
    InProgress,
    /// do analizy
    ToAnalyse,
    /// nieprzyjęty
    Rejected,
    /// poza kompetencjami miasta
    NotCompetent,
}

impl AnswerStatus {
    pub const ALL: [Self; 5] = [
        Self::Accepted,
        Self::InProgress,
        Self::ToAnalyse,
        Self::Rejected,
        Self::NotCompetent,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Accepted => "accepted",
            Self::InProgress => "in_progress",
            Self::ToAnalyse => "to_analyse",
            Self::Rejected => "rejected",
            Self::NotCompetent => "not_competent",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.as_str() == s)
    }
}

/// Longest justification, planned term and cost range, in characters.
pub const MAX_JUSTIFICATION: usize = 4000;
pub const MAX_SHORT: usize = 120;

/// What an official writes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnswerDraft {
    pub status: AnswerStatus,
    pub justification: String,
    pub planned_term: Option<String>,
    pub cost_range: Option<String>,
}

/// A department's answer as stored (staff see drafts too).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    pub draft: AnswerDraft,
    pub department: String,
    /// false: a draft, never shown outside the department.
    pub submitted: bool,
    pub version: i64,
    pub updated_at: Instant,
}

/// One entry of an answer's public history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnswerEntry {
    /// submitted, updated, reassigned
    pub action: String,
    pub status: Option<AnswerStatus>,
    pub justification: Option<String>,
    pub planned_term: Option<String>,
    pub cost_range: Option<String>,
    pub department: Option<String>,
    pub reason: Option<String>,
    pub at: Instant,
}

/// One postulate in an official's work queue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkItem {
    pub postulate: PublicPostulate,
    pub department_id: Id,
    pub due_at: Option<Instant>,
    /// Past its due date without a submitted answer.
    pub overdue: bool,
    pub answer: Option<Answer>,
    /// Its district's (or the round's) answers are public.
    pub published: bool,
}

/// A postulate's public page: the postulate, its published answer and the
/// answer's history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostulateAnswers {
    pub postulate: PublicPostulate,
    /// `None` until published.
    pub answer: Option<Answer>,
    pub history: Vec<AnswerEntry>,
    pub due_at: Option<Instant>,
}

/// How one department stands (public): answered, pending, overdue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DepartmentTally {
    pub code: String,
    pub name: crate::domain::Bilingual,
    pub answered: i64,
    pub pending: i64,
    pub overdue: i64,
}

/// One postulate of the open data and the feeds: as the public sees it,
/// with when its published answer was last given.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportRow {
    pub postulate: PublicPostulate,
    pub answered_at: Option<Instant>,
}
