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
use crate::postulates::model::StoredEvent;
use axum::http::HeaderMap;
use axum::response::sse::{Event, KeepAlive, Sse};
use futures::Stream;
use std::collections::VecDeque;
use std::convert::Infallible;
use std::time::Duration;
use tokio::sync::broadcast;

/// A wake-up: this meeting has events up to this id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Wake {
    pub meeting_id: Id,
    pub last_id: i64,
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

/// Publishes the wake-up for events just committed.
pub fn announce(s: &AppState, events: &[StoredEvent]) {
    if let Some(last) = events.iter().max_by_key(|e| e.id) {
        s.live.publish(Wake {
            meeting_id: last.meeting_id,
            last_id: last.id,
        });
    }
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

struct Cursor {
    s: AppState,
    meeting_id: Id,
    staff: bool,
    last: i64,
    wakes: broadcast::Receiver<Wake>,
    backlog: VecDeque<StoredEvent>,
    /// The log must be read before waiting for a wake-up.
    reread: bool,
}

/// The event stream of one meeting: what happened after `after` (from the
/// log), then every new event, each once, in order. Public events only
/// unless `staff`.
pub async fn stream(
    s: AppState,
    meeting_id: Id,
    after: Option<i64>,
    staff: bool,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, crate::error::AppError> {
    // Subscribe first: nothing committed from here on can be missed.
    let wakes = s.live.subscribe();
    let last = match after {
        Some(after) => after,
        None => s.repo.last_event_id(meeting_id).await?,
    };
    let cursor = Cursor {
        s,
        meeting_id,
        staff,
        last,
        wakes,
        backlog: VecDeque::new(),
        reread: true,
    };
    let hello = futures::stream::once(async {
        // Browsers wait this long before reconnecting by themselves.
        Ok(Event::default()
            .retry(Duration::from_secs(3))
            .comment("hello"))
    });
    let events = futures::stream::unfold(cursor, |mut c| async move {
        loop {
            if let Some(event) = c.backlog.pop_front() {
                c.last = event.id;
                let sse = Event::default()
                    .id(event.id.to_string())
                    .data(event.payload);
                return Some((Ok(sse), c));
            }
            if c.reread {
                c.reread = false;
                match c.s.repo.events_after(c.meeting_id, c.last, c.staff).await {
                    Ok(events) => c.backlog.extend(events),
                    Err(err) => {
                        tracing::warn!(error = %err, "live stream: reading the log failed");
                        // Ends the stream; the client reconnects and resumes.
                        return None;
                    }
                }
                continue;
            }
            match c.wakes.recv().await {
                Ok(wake) => {
                    c.reread = wake.meeting_id == c.meeting_id && wake.last_id > c.last;
                }
                Err(broadcast::error::RecvError::Lagged(_)) => c.reread = true,
                Err(broadcast::error::RecvError::Closed) => return None,
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
    fn last_event_id_wins_over_the_query() {
        let mut headers = HeaderMap::new();
        assert_eq!(resume_point(&headers, Some(4)), Some(4));
        headers.insert("last-event-id", "9".parse().unwrap());
        assert_eq!(resume_point(&headers, Some(4)), Some(9));
        assert_eq!(resume_point(&HeaderMap::new(), Some(-1)), None);
    }
}
