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
    /// The postulate asked for when it was merged into this one.
    pub merged_from: Option<crate::domain::Id>,
}

impl PostulateAnswers {
    /// A position was published, then the postulate went to another
    /// department: it is being reconsidered (the history keeps it).
    pub fn reconsidered(&self) -> bool {
        let last = |action: &str| self.history.iter().rposition(|h| h.action == action);
        let answered = last("submitted").max(last("updated"));
        self.answer.is_none() && answered.is_some() && last("reassigned") > answered
    }
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

/// One answer a publication would make public (the admin's preview).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicationItem {
    pub postulate_id: Id,
    /// "I Stare Miasto"
    pub district: String,
    pub department: crate::domain::Bilingual,
    /// The position of the submitted answer.
    pub status: AnswerStatus,
    pub body: String,
}

/// An official's answer form as it was sent, kept on the server when a
/// plain post is refused (never in the URL), cut to what its fields allow.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReturnedAnswer {
    pub postulate: Id,
    pub status: String,
    pub justification: String,
    pub planned_term: Option<String>,
    pub cost_range: Option<String>,
}

impl ReturnedAnswer {
    /// The form cut to its fields' limits.
    pub fn bounded(
        postulate: Id,
        status: &str,
        justification: &str,
        planned_term: Option<&str>,
        cost_range: Option<&str>,
    ) -> Self {
        let cut = |s: &str, n: usize| s.chars().take(n).collect::<String>();
        Self {
            postulate,
            status: cut(status, 32),
            justification: cut(justification, MAX_JUSTIFICATION),
            planned_term: planned_term.map(|t| cut(t, MAX_SHORT)),
            cost_range: cost_range.map(|c| cut(c, MAX_SHORT)),
        }
    }
}

/// The officials' queue filter: `?dzielnica=II&spotkanie=3&stan=szkic&termin=po`
/// (state: `bez` none, `szkic` draft, `wyslane` submitted; due: `po`
/// overdue, `tydzien` due within 7 days).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkFilter {
    pub district: Option<String>,
    pub meeting: Option<Id>,
    pub state: Option<String>,
    pub due: Option<String>,
}

impl WorkFilter {
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, String)>) -> Self {
        let mut f = Self::default();
        for (key, value) in pairs {
            let value = value.trim().to_owned();
            match key {
                "dzielnica" if !value.is_empty() => f.district = Some(value),
                "spotkanie" => f.meeting = value.parse().ok(),
                "stan" if ["bez", "szkic", "wyslane"].contains(&value.as_str()) => {
                    f.state = Some(value)
                }
                "termin" if ["po", "tydzien"].contains(&value.as_str()) => f.due = Some(value),
                _ => {}
            }
        }
        f
    }

    /// Whether `item` passes the filter at `now` (UTC seconds).
    pub fn keeps(&self, item: &WorkItem, now: i64) -> bool {
        let state = match &item.answer {
            None => "bez",
            Some(a) if a.submitted => "wyslane",
            Some(_) => "szkic",
        };
        self.district
            .as_ref()
            .is_none_or(|d| *d == item.postulate.district.numeral)
            && self
                .meeting
                .is_none_or(|m| item.postulate.meeting_id == Some(m))
            && self.state.as_ref().is_none_or(|s| s == state)
            && match self.due.as_deref() {
                Some("po") => item.overdue,
                Some("tydzien") => item
                    .due_at
                    .is_some_and(|d| d.utc >= now && d.utc <= now + 7 * 86_400),
                _ => true,
            }
    }
}

/// The officials' queue page: the items the filter keeps, and its choices.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkQueue {
    pub filter: WorkFilter,
    /// A save that came back refused (JavaScript off): the form as it was
    /// sent, shown again in its card.
    pub returned: Option<ReturnedAnswer>,
    pub items: Vec<WorkItem>,
    /// All the queue's items, before the filter.
    pub total: usize,
    pub districts: Vec<crate::domain::District>,
    /// (id, district and date)
    pub meetings: Vec<(Id, String)>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_read_back_from_their_codes() {
        for s in AnswerStatus::ALL {
            assert_eq!(AnswerStatus::parse(s.as_str()), Some(s));
        }
        assert_eq!(AnswerStatus::parse("maybe"), None);
    }

    #[test]
    fn the_work_filter_ignores_unknown_values() {
        let f = WorkFilter::from_pairs([
            ("stan", "szkic".to_owned()),
            ("termin", "jutro".to_owned()),
            ("spotkanie", "x".to_owned()),
        ]);
        assert_eq!(f.state.as_deref(), Some("szkic"));
        assert_eq!((f.due, f.meeting), (None, None));
    }
}
