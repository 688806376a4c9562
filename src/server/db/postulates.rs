//! The postulates' part of the repository: submitting (exactly once),
//! "me too" (once per device), moderation (versioned: a stale change is
//! refused), a meeting's live state, the live event log that views catch up
//! from, and the public list with full-text search. Every backend
//! implements it in its own `postulates` module; a change and the events
//! it raises are written in one transaction.

use super::DbResult;
use crate::domain::Id;
use crate::postulates::model::{
    FollowedPostulate, LiveChange, LiveEvent, LiveState, Moderation, PostulateFilter,
    PostulatePage, PublicPostulate, QueueItem, StoredEvent,
};
use async_trait::async_trait;

/// A postulate ready to be stored (already validated).
#[derive(Debug, Clone)]
pub struct NewPostulate {
    pub round_id: Id,
    pub meeting_id: Id,
    pub district_id: Id,
    pub theme_id: Option<Id>,
    pub body: String,
    /// `None` for one typed in by a moderator.
    pub client_id: Option<String>,
    pub content_hash: Option<String>,
    pub code: String,
    /// The start of the Kraków day (UTC seconds): the only time stored.
    pub submitted_on: i64,
    /// The moderator who typed it in for a speaker.
    pub on_behalf_of: Option<Id>,
    pub now: i64,
}

/// A postulate already stored under a client id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredPostulate {
    pub content_hash: Option<String>,
    pub code: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PostulateInsert {
    Stored {
        id: Id,
        code: String,
    },
    /// Another postulate has this client id (a concurrent replay).
    DuplicateClientId,
}

/// What a moderator's change did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ModerationOutcome {
    Done(QueueItem),
    /// Sent with an older version: nothing changed; the postulate as it is.
    Stale(QueueItem),
    /// Not allowed from the postulate's status (or a bad merge target).
    NotAllowed,
    /// A merge into a postulate that is not a live one of the same meeting.
    NoMergeTarget,
    NotFound,
}

/// How many events of one meeting the log keeps at most.
pub const KEEP_EVENTS: i64 = 2_000;

#[async_trait]
pub trait PostulateRepository: Send + Sync {
    async fn postulate_by_client_id(&self, client_id: &str) -> DbResult<Option<StoredPostulate>>;
    /// The postulates of a meeting a device (by its support key) said
    /// "me too" to.
    async fn supported(&self, meeting_id: Id, device_hash: &str) -> DbResult<Vec<Id>>;
    /// Stores a postulate with the first entry of its history and the
    /// moderators' event, atomically.
    async fn insert_postulate(
        &self,
        new: &NewPostulate,
    ) -> DbResult<(PostulateInsert, Vec<StoredEvent>)>;
    /// One "me too" from a device on an approved postulate: `None` when
    /// there is no such approved postulate; `Some(false)` when this device
    /// already said so.
    async fn support_postulate(
        &self,
        id: Id,
        device_hash: &str,
    ) -> DbResult<Option<(bool, Vec<StoredEvent>)>>;
    async fn queue_item(&self, id: Id) -> DbResult<Option<QueueItem>>;
    /// Every postulate of a meeting with its history, newest first.
    async fn moderation_queue(&self, meeting_id: Id) -> DbResult<Vec<QueueItem>>;
    /// Applies a moderator's change if `version` is the current one
    /// (`user_id`: who; `None` for the demo data).
    async fn moderate(
        &self,
        id: Id,
        version: i64,
        change: &Moderation,
        user_id: Option<Id>,
        now: i64,
    ) -> DbResult<(ModerationOutcome, Vec<StoredEvent>)>;
    async fn live_state(&self, meeting_id: Id) -> DbResult<LiveState>;
    async fn change_live_state(
        &self,
        meeting_id: Id,
        change: LiveChange,
    ) -> DbResult<Vec<StoredEvent>>;
    /// A meeting's approved postulates, oldest first.
    async fn live_postulates(&self, meeting_id: Id) -> DbResult<Vec<PublicPostulate>>;
    /// A meeting's events after `after`, in order, at most `limit`; public
    /// ones only unless `staff`.
    async fn events_after(
        &self,
        meeting_id: Id,
        after: i64,
        staff: bool,
        limit: i64,
    ) -> DbResult<Vec<StoredEvent>>;
    /// Whether a view that saw event `after` cannot catch up event by
    /// event: some events after it were pruned from the log, or more than
    /// `max` wait for it.
    async fn too_far_behind(
        &self,
        meeting_id: Id,
        after: i64,
        staff: bool,
        max: i64,
    ) -> DbResult<bool>;
    /// Keeps the event log bounded: drops the events of meetings held or
    /// cancelled more than a day before `now` and of rounds no longer
    /// active, and all but the newest [`KEEP_EVENTS`] of any meeting
    /// (remembering, per meeting, up to which id events are gone); how
    /// many went.
    async fn prune_live_events(&self, now: i64) -> DbResult<u64>;
    /// An approved postulate as the public sees it now (`None`: not public).
    async fn public_postulate(&self, id: Id) -> DbResult<Option<PublicPostulate>>;
    /// The newest event id of a meeting (0 when none).
    async fn last_event_id(&self, meeting_id: Id) -> DbResult<i64>;
    /// One page of a round's approved postulates, filtered, oldest first.
    async fn search_postulates(
        &self,
        round_id: Id,
        filter: &PostulateFilter,
    ) -> DbResult<PostulatePage>;
    async fn followed_postulate(&self, code: &str) -> DbResult<Option<FollowedPostulate>>;
}

/// The events a moderator's change raises: the moderators' queue always;
/// the public list when the postulate is or was public (`public`: before
/// or after the change), and the same for a merge target (its id, and
/// whether it is public).
pub fn moderation_events(id: Id, public: bool, target: Option<(Id, bool)>) -> Vec<LiveEvent> {
    let mut events = vec![LiveEvent::Queue { id }];
    if public {
        events.push(LiveEvent::Postulate { id });
    }
    if let Some((target_id, target_public)) = target {
        events.push(LiveEvent::Queue { id: target_id });
        if target_public {
            events.push(LiveEvent::Postulate { id: target_id });
        }
    }
    events
}

/// An event as a row: (public, JSON).
pub fn event_row(event: &LiveEvent) -> (bool, String) {
    (
        event.is_public(),
        serde_json::to_string(event).unwrap_or_default(),
    )
}
