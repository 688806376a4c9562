//! Real time for the live views (a meeting's live page, the projector, the
//! moderators' console): server-sent events on plain axum routes, fed by
//! one hub.
//!
//! The database's event log (`live_events`) is the truth; the hub only
//! wakes streams up ("meeting 3 has events up to 57"). Each stream then
//! reads what it has not sent yet from the log, in id order, so a client
//! gets every event exactly once — after a reconnect (`Last-Event-ID` or
//! `?od=`) too, and even when wake-ups arrive late, twice or out of order.
//! [`LiveHub`] is the seam for several app instances: a PostgreSQL
//! LISTEN/NOTIFY implementation publishes the same wake-ups across them.
//! Server only; the features' stream handlers call [`stream`].

use super::AppState;
use crate::domain::Id;
use crate::postulates::model::{LiveEvent, LiveMessage, StoredEvent};
use axum::http::HeaderMap;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures::future::BoxFuture;
use futures::Stream;
use std::collections::VecDeque;
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::broadcast;

/// A wake-up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wake {
    /// This meeting has events up to this id; `public` when any of them is
    /// public (staff-only events wake only the moderators' streams).
    Events {
        meeting_id: Id,
        last_id: i64,
        public: bool,
    },
    /// A staff member signed out, was disabled or lost a role: staff
    /// streams check their session again at once.
    StaffChanged,
}

/// Tells the live streams of every instance about committed events.
pub trait LiveHub: Send + Sync {
    fn publish(&self, wake: Wake);
    fn subscribe(&self) -> broadcast::Receiver<Wake>;
}

/// The hub of a single instance (tokio broadcast). A subscriber that falls
/// behind misses wake-ups, not events: it rereads the log.
pub struct InProcessHub {
    sender: broadcast::Sender<Wake>,
}

impl Default for InProcessHub {
    fn default() -> Self {
        Self {
            sender: broadcast::channel(256).0,
        }
    }
}

impl LiveHub for InProcessHub {
    fn publish(&self, wake: Wake) {
        // No subscriber is not an error.
        let _ = self.sender.send(wake);
    }

    fn subscribe(&self) -> broadcast::Receiver<Wake> {
        self.sender.subscribe()
    }
}

/// The wake-up for events just committed (`None` for none).
pub fn wake_for(events: &[StoredEvent]) -> Option<Wake> {
    let last = events.iter().max_by_key(|e| e.id)?;
    Some(Wake::Events {
        meeting_id: last.meeting_id,
        last_id: last.id,
        public: events.iter().any(|e| e.public),
    })
}

/// Publishes the wake-up for events just committed.
pub fn announce(s: &AppState, events: &[StoredEvent]) {
    if let Some(wake) = wake_for(events) {
        s.live.publish(wake);
    }
}

/// Staff streams check their session again now (sign-out, an account
/// disabled, a role removed).
pub fn staff_changed(s: &AppState) {
    s.live.publish(Wake::StaffChanged);
}

/// Where a stream starts: after `Last-Event-ID` (the browser's own
/// reconnect), else after `?od=` (the page's last event, or a reconnect by
/// the page's script), else from now on.
pub fn resume_point(headers: &HeaderMap, od: Option<i64>) -> Option<i64> {
    headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse().ok())
        .or(od)
        .filter(|id: &i64| *id >= 0)
}

/// Events read from the log at a time.
pub const PAGE: i64 = 100;
/// A view with more than this many events to catch up (or whose events
/// were pruned) is told to reload instead.
pub const MAX_CATCH_UP: i64 = 500;
/// How often a staff stream checks its session while nothing else does.
pub const STAFF_RECHECK: Duration = Duration::from_secs(60);

/// Whether the viewer may still receive a staff stream (checked at every
/// [`STAFF_RECHECK`] and on [`Wake::StaffChanged`]).
pub type StaffCheck = Arc<dyn Fn() -> BoxFuture<'static, bool> + Send + Sync>;

/// Whether a wake-up means a stream has events to read.
pub fn wakes(wake: &Wake, meeting_id: Id, last: i64, staff: bool) -> bool {
    match *wake {
        Wake::Events {
            meeting_id: m,
            last_id,
            public,
        } => m == meeting_id && last_id > last && (staff || public),
        Wake::StaffChanged => false,
    }
}

struct Cursor {
    s: AppState,
    meeting_id: Id,
    staff: Option<StaffCheck>,
    last: i64,
    wakes: broadcast::Receiver<Wake>,
    backlog: VecDeque<StoredEvent>,
    /// The log must be read before waiting for a wake-up.
    reread: bool,
    recheck: tokio::time::Interval,
}

/// What a logged event is sent as: the postulate it names as the public
/// sees it now (or its removal), the rest as logged.
async fn message(
    s: &AppState,
    event: &StoredEvent,
) -> Result<LiveMessage, crate::server::db::DbError> {
    let logged: LiveEvent = serde_json::from_str(&event.payload).map_err(|e| {
        crate::server::db::DbError::Inconsistent(format!("live event {}: {e}", event.id))
    })?;
    Ok(match logged {
        LiveEvent::Postulate { id } => match s.repo.public_postulate(id).await? {
            Some(postulate) => LiveMessage::Postulate {
                postulate: Box::new(postulate),
            },
            None => LiveMessage::Removed { id },
        },
        other => LiveMessage::Logged(other),
    })
}

fn sse(id: i64, message: &LiveMessage) -> Event {
    Event::default()
        .id(id.to_string())
        .data(serde_json::to_string(message).unwrap_or_default())
}

/// The event stream of one meeting: what happened after `after` (from the
/// log, a page at a time), then every new event, each once, in order —
/// or, for a view too far behind, one `reload`. Public events only unless
/// `staff` (which is checked again every minute and whenever a staff
/// member's access changes; the stream ends when it fails).
pub async fn stream(
    s: AppState,
    meeting_id: Id,
    after: Option<i64>,
    staff: Option<StaffCheck>,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, crate::error::AppError> {
    // Subscribe first: nothing committed from here on can be missed.
    let subscription = s.live.subscribe();
    let newest = s.repo.last_event_id(meeting_id).await?;
    let mut first = None;
    let last = match after {
        Some(after)
            if s.repo
                .too_far_behind(meeting_id, after, staff.is_some(), MAX_CATCH_UP)
                .await? =>
        {
            first = Some(sse(newest, &LiveMessage::Reload));
            newest
        }
        Some(after) => after,
        None => newest,
    };
    let mut recheck = tokio::time::interval(STAFF_RECHECK);
    recheck.reset();
    let cursor = Cursor {
        s,
        meeting_id,
        staff,
        last,
        wakes: subscription,
        backlog: VecDeque::new(),
        reread: first.is_none(),
        recheck,
    };
    let hello = futures::stream::iter(
        // Browsers wait this long before reconnecting by themselves.
        std::iter::once(
            Event::default()
                .retry(Duration::from_secs(3))
                .comment("hello"),
        )
        .chain(first)
        .map(Ok),
    );
    let events = futures::stream::unfold(cursor, |mut c| async move {
        loop {
            if let Some(event) = c.backlog.pop_front() {
                c.last = event.id;
                match message(&c.s, &event).await {
                    Ok(message) => return Some((Ok(sse(event.id, &message)), c)),
                    Err(err) => {
                        tracing::warn!(error = %err, "live stream: an event could not be sent");
                        // Ends the stream; the client reconnects and resumes.
                        return None;
                    }
                }
            }
            if c.reread {
                let staff = c.staff.is_some();
                match c
                    .s
                    .repo
                    .events_after(c.meeting_id, c.last, staff, PAGE)
                    .await
                {
                    Ok(events) => {
                        // A full page: there may be more after it.
                        c.reread = events.len() as i64 == PAGE;
                        c.backlog.extend(events);
                    }
                    Err(err) => {
                        tracing::warn!(error = %err, "live stream: reading the log failed");
                        return None;
                    }
                }
                continue;
            }
            let staff = c.staff.is_some();
            let mut check_now = false;
            tokio::select! {
                wake = c.wakes.recv() => match wake {
                    Ok(Wake::StaffChanged) => check_now = true,
                    Ok(wake) => c.reread = wakes(&wake, c.meeting_id, c.last, c.staff.is_some()),
                    Err(broadcast::error::RecvError::Lagged(_)) => {
                        c.reread = true;
                        check_now = true;
                    }
                    Err(broadcast::error::RecvError::Closed) => return None,
                },
                _ = c.recheck.tick(), if staff => check_now = true,
            }
            if let (true, Some(check)) = (check_now, &c.staff) {
                if !check().await {
                    // Signed out, disabled or no longer allowed: the end.
                    return None;
                }
            }
        }
    });
    use futures::StreamExt;
    Ok(
        Sse::new(hello.chain(events))
            .keep_alive(KeepAlive::new().interval(Duration::from_secs(15))),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn staff_only_events_never_wake_public_streams() {
        let event = |id, public| StoredEvent {
            id,
            meeting_id: 3,
            public,
            payload: String::new(),
        };
        let staff_only = wake_for(&[event(7, false)]).unwrap();
        assert!(
            !wakes(&staff_only, 3, 5, false),
            "a public stream sleeps on"
        );
        assert!(wakes(&staff_only, 3, 5, true), "the console wakes");
        let mixed = wake_for(&[event(8, false), event(9, true)]).unwrap();
        assert_eq!(
            mixed,
            Wake::Events {
                meeting_id: 3,
                last_id: 9,
                public: true
            }
        );
        assert!(wakes(&mixed, 3, 5, false));
        assert!(!wakes(&mixed, 4, 5, false), "another meeting");
        assert!(!wakes(&mixed, 3, 9, false), "already sent");
        assert!(!wakes(&Wake::StaffChanged, 3, 0, true));
        assert_eq!(wake_for(&[]), None);
    }

    #[test]
    fn last_event_id_wins_over_the_query() {
        let mut headers = HeaderMap::new();
        assert_eq!(resume_point(&headers, Some(4)), Some(4));
        headers.insert("last-event-id", "9".parse().unwrap());
        assert_eq!(resume_point(&headers, Some(4)), Some(9));
        assert_eq!(resume_point(&HeaderMap::new(), Some(-1)), None);
    }
}
