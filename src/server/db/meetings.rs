//! The meeting calendar's part of the repository: reading meetings with
//! their officials, and the changes staff make (move, cancel, mark held).
//! Every backend implements it in its own `meetings` module.

use super::DbResult;
use crate::domain::{Id, Meeting};
use async_trait::async_trait;

/// A change to a meeting; each raises its SEQUENCE and stamps the time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MeetingChange {
    /// To a new time (UTC seconds); the current start is kept as the
    /// previous one.
    Move {
        starts_at: i64,
        ends_at: i64,
        reason: String,
    },
    Cancel {
        reason: String,
    },
    Held,
}

/// Where and how a meeting is held, and who attends: what staff edit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingDetails {
    pub venue: String,
    pub address: String,
    pub room: Option<String>,
    /// Accessibility codes (see `meetings::model::Accessibility`).
    pub accessibility: Vec<String>,
    /// (name, title, department id)
    pub officials: Vec<(String, String, Option<Id>)>,
}

/// Postulate counts of one meeting, by status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingCounts {
    pub meeting_id: Id,
    pub submitted: i64,
    pub approved: i64,
}

#[async_trait]
pub trait MeetingRepository: Send + Sync {
    /// A round's meetings with their officials, soonest first (one query).
    async fn meetings(&self, round_id: Id) -> DbResult<Vec<Meeting>>;
    async fn meeting(&self, id: Id) -> DbResult<Option<Meeting>>;
    /// A new planned meeting of a round in a district; its id.
    async fn create_meeting(
        &self,
        round_id: Id,
        district_id: Id,
        starts_at: i64,
        ends_at: i64,
        details: &MeetingDetails,
        now: i64,
    ) -> DbResult<Id>;
    /// Replaces a meeting's venue, room, accessibility and officials
    /// (raising SEQUENCE); the meeting as it is now, `None` if there is none.
    async fn update_meeting_details(
        &self,
        id: Id,
        details: &MeetingDetails,
        now: i64,
    ) -> DbResult<Option<Meeting>>;
    /// Applies a change; the meeting as it is now, `None` if there is none.
    async fn change_meeting(
        &self,
        id: Id,
        change: &MeetingChange,
        now: i64,
    ) -> DbResult<Option<Meeting>>;
    /// Postulates per meeting of a round, by status.
    async fn meeting_counts(&self, round_id: Id) -> DbResult<Vec<MeetingCounts>>;
}
