//! The survey results' part of the repository: the tallies the triggers keep
//! (picks per action, profile options, answers per day — all per district),
//! the moderators' review of free-text "other needs", the round's results
//! visibility, and a bulk insert for demo and benchmark data. Every backend
//! implements it in its own `results` module.

use super::{DbResult, NewResponse};
use crate::domain::{Id, ResultsVisibility};
use async_trait::async_trait;

/// A counter of one district: `item_id` is an action or a profile option.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tally {
    pub district_id: Id,
    pub item_id: Id,
    pub count: i64,
}

/// Answers of one district on one day (`YYYY-MM-DD`, Kraków).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayTally {
    pub district_id: Id,
    pub day: String,
    pub answers: i64,
}

/// Answers of one district whose "other needs" were approved as `phrase`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhraseTally {
    pub district_id: Id,
    pub phrase: String,
    pub answers: i64,
}

/// Every counter of a round, read together for one results page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tallies {
    pub actions: Vec<Tally>,
    pub options: Vec<Tally>,
    pub days: Vec<DayTally>,
    pub needs: Vec<PhraseTally>,
}

/// An answer's "other needs" text waiting for a moderator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingNeed {
    pub response_id: Id,
    pub district_id: Id,
    pub text: String,
}

/// A moderator's decision on an "other needs" text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NeedDecision {
    /// Counted in the results under this short phrase.
    Approve(String),
    /// Never shown.
    Hide,
}

/// A counter that differs from a recount of the answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TallyDifference {
    /// The counter's table, e.g. `action_tallies`.
    pub table: &'static str,
    /// Round, district and item (action, option, day or source).
    pub key: (Id, Id, String),
    pub stored: i64,
    pub counted: i64,
}

#[async_trait]
pub trait ResultsRepository {
    /// The round's tallies, approved phrases included.
    async fn tallies(&self, round_id: Id) -> DbResult<Tallies>;
    /// Unreviewed "other needs" of a round, oldest first, and how many wait
    /// — of the districts in `scope` only (`None`: every district).
    async fn pending_needs(
        &self,
        round_id: Id,
        scope: Option<&[Id]>,
        limit: i64,
    ) -> DbResult<(Vec<PendingNeed>, i64)>;
    /// The phrases approved so far in a round, alphabetically (moderators
    /// reuse them, so the same need is counted once under one phrase).
    async fn need_phrases(&self, round_id: Id) -> DbResult<Vec<String>>;
    /// Records (or changes) the decision on an answer's "other needs";
    /// false when the round has no such answer with such a text in a
    /// district of `scope` (`None`: every district).
    async fn review_need(
        &self,
        round_id: Id,
        scope: Option<&[Id]>,
        response_id: Id,
        decision: &NeedDecision,
        by: Id,
        at: i64,
    ) -> DbResult<bool>;
    async fn set_results_visibility(
        &self,
        round_id: Id,
        visibility: ResultsVisibility,
    ) -> DbResult<()>;
    /// Stores made-up answers of a round (demo data, benchmarks) in one
    /// transaction, each counted like one stored by `insert_response`, and
    /// adds them to the round's count of demo answers. Client ids must be new.
    async fn insert_demo_responses(&self, round_id: Id, responses: &[NewResponse]) -> DbResult<()>;
    /// Counts every tally again from the answers themselves and returns
    /// where the stored counters differ; with `repair`, replaces the
    /// stored counters by the recount (in one write transaction).
    async fn recount(&self, repair: bool) -> DbResult<Vec<TallyDifference>>;
}
