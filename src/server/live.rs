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

/// Publishes the wake-up for events just committed (after dropping what
/// was rendered of the postulates they change, and the kept postulates'
/// pages).
pub fn announce(s: &AppState, events: &[StoredEvent]) {
    if !events.is_empty() {
        s.pages.postulates_changed();
    }
    let changed: Vec<Id> = events.iter().filter_map(postulate_of).collect();
    if !changed.is_empty() {
        s.rendered.forget(changed);
    }
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
    /// Staff streams only: when to check the session again.
    recheck: Option<tokio::time::Interval>,
}

/// Postulate events as sent, rendered once for every stream of this
/// process: the first stream to send event `E` (naming postulate `P`) reads
/// `P`'s public state and keeps the JSON; the others send the same. An
/// entry serves only its own event, and goes as soon as a newer change of
/// `P` is announced ([`announce`]); a rendering that raced such a change is
/// not kept (the generation moved). So what is sent is never older than the
/// newest change this process knows of — edited-out wording included —
/// and 1,000 phones cost one read per change, not 1,000.
#[derive(Default)]
pub struct Rendered {
    inner: std::sync::Mutex<RenderedInner>,
}

#[derive(Default)]
struct RenderedInner {
    generation: u64,
    /// postulate id → (event id, the message as JSON)
    by_postulate: std::collections::HashMap<Id, (i64, Arc<str>)>,
}

impl Rendered {
    fn lock(&self) -> std::sync::MutexGuard<'_, RenderedInner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The JSON kept for event `event` of postulate `id`, and the
    /// generation to [`keep`](Self::keep) a new rendering under.
    fn get(&self, id: Id, event: i64) -> Result<Arc<str>, u64> {
        let inner = self.lock();
        match inner.by_postulate.get(&id) {
            Some((e, json)) if *e == event => Ok(json.clone()),
            _ => Err(inner.generation),
        }
    }

    fn keep(&self, id: Id, event: i64, json: Arc<str>, generation: u64) {
        let mut inner = self.lock();
        let newer = inner.by_postulate.get(&id).is_none_or(|(e, _)| *e < event);
        if inner.generation == generation && newer {
            inner.by_postulate.insert(id, (event, json));
        }
    }

    /// These postulates changed: their renderings go.
    fn forget(&self, ids: impl IntoIterator<Item = Id>) {
        let mut inner = self.lock();
        inner.generation += 1;
        for id in ids {
            inner.by_postulate.remove(&id);
        }
    }
}

/// What a logged event is sent as (JSON): the postulate it names as the
/// public sees it now, or its removal; any other event as logged.
async fn payload(
    s: &AppState,
    event: &StoredEvent,
) -> Result<Arc<str>, crate::server::db::DbError> {
    let Some(id) = postulate_of(event) else {
        return Ok(event.payload.as_str().into());
    };
    let generation = match s.rendered.get(id, event.id) {
        Ok(json) => return Ok(json),
        Err(generation) => generation,
    };
    let message = match s.repo.public_postulate(id).await? {
        Some(postulate) => LiveMessage::Postulate {
            postulate: Box::new(postulate),
        },
        None => LiveMessage::Removed { id },
    };
    let json: Arc<str> = serde_json::to_string(&message).unwrap_or_default().into();
    s.rendered.keep(id, event.id, json.clone(), generation);
    Ok(json)
}

/// The postulate a `Postulate { id }` event names, when it is one.
fn postulate_of(event: &StoredEvent) -> Option<Id> {
    match serde_json::from_str::<LiveEvent>(&event.payload).ok()? {
        LiveEvent::Postulate { id } => Some(id),
        _ => None,
    }
}

fn sse(id: i64, json: &str) -> Event {
    Event::default().id(id.to_string()).data(json)
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
    let stopping = s.stopping.clone();
    let newest = s.repo.last_event_id(meeting_id).await?;
    let mut first = None;
    let last = match after {
        // Ids grow across meetings, so a view at most MAX_CATCH_UP ids behind
        // this meeting's newest event has at most that many to catch up, none
        // of them pruned (a meeting keeps more): only a view further behind
        // (or ahead: its events are gone) costs a count.
        Some(after)
            if !(0..=MAX_CATCH_UP).contains(&(newest - after))
                && s.repo
                    .too_far_behind(meeting_id, after, staff.is_some(), MAX_CATCH_UP)
                    .await? =>
        {
            let reload = serde_json::to_string(&LiveMessage::Reload).unwrap_or_default();
            first = Some(sse(newest, &reload));
            newest
        }
        Some(after) => after,
        None => newest,
    };
    let recheck = staff.as_ref().map(|_| {
        let mut every = tokio::time::interval(STAFF_RECHECK);
        every.reset();
        every
    });
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
                match payload(&c.s, &event).await {
                    Ok(json) => return Some((Ok(sse(event.id, &json)), c)),
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
            let mut check_now = false;
            let recheck = async {
                match c.recheck.as_mut() {
                    Some(every) => {
                        every.tick().await;
                    }
                    None => std::future::pending::<()>().await,
                }
            };
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
                () = recheck => check_now = true,
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
    // A stopping server ends the stream; the client reconnects and resumes.
    let stopping = stopping.cancelled_owned();
    Ok(Sse::new(hello.chain(events).take_until(stopping))
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15))))
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
    fn a_rendering_serves_its_own_event_until_its_postulate_changes() {
        let cache = Rendered::default();
        let generation = cache.get(7, 40).unwrap_err();
        cache.keep(7, 40, "v1".into(), generation);
        assert_eq!(cache.get(7, 40).as_deref(), Ok("v1"));
        assert!(cache.get(7, 39).is_err(), "never for another event");
        // A change announced while a stream was rendering: not kept.
        let racing = cache.get(8, 41).unwrap_err();
        cache.forget([8]);
        cache.keep(8, 41, "old wording".into(), racing);
        assert!(cache.get(8, 41).is_err());
        // A change drops what was kept of its postulate.
        cache.forget([7]);
        assert!(cache.get(7, 40).is_err());
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
