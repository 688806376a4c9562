//! Real time for the live views (a meeting's live page, the projector, the
//! moderators' console): server-sent events on plain axum routes, fed by
//! one hub.
//!
//! The database's event log (`live_events`) is the truth; the hub only
//! wakes up ("meeting 3 has events up to 57"). While a meeting has open
//! streams, its [feed](Feeds) reads what is new from the log once, renders
//! it once and hands the same bytes to every stream of the meeting. A
//! stream catches up from the log by event id when it opens (`Last-Event-ID`
//! or `?od=`) and whenever it falls behind the feed, and sends each id
//! once — so a client gets every event exactly once, even when wake-ups
//! arrive late, twice or out of order. [`LiveHub`] is the seam for several
//! app instances: a PostgreSQL LISTEN/NOTIFY implementation publishes the
//! same wake-ups across them. Server only; the features' stream handlers
//! call [`stream`].

use super::AppState;
use crate::domain::Id;
use crate::postulates::model::{LiveEvent, LiveMessage, StoredEvent};
use axum::body::Bytes;
use axum::http::{header, HeaderMap, HeaderName};
use axum::response::{IntoResponse, Response};
use futures::future::BoxFuture;
use std::collections::VecDeque;
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::broadcast;

/// A wake-up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wake {
    /// This meeting has events up to this id (its feed sends public ones
    /// to every stream, staff-only ones to the moderators' only).
    Events { meeting_id: Id, last_id: i64 },
    /// A staff member signed out, was disabled or lost a role: staff
    /// streams check their session again at once.
    StaffChanged,
    /// Wake-ups may have been lost (a hub across instances lost its
    /// connection): every feed reads the log again, every staff stream
    /// checks its session, every instance drops what it keeps in memory.
    Reread,
    /// Another instance changed what instances keep in memory: drop it
    /// (never delivered to the instance that made the change).
    Changed(Changed),
}

/// What an instance keeps in memory and a change made it stale (bits: a
/// change may touch several).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Changed(u8);

impl Changed {
    /// The active round's catalog: districts, survey, meetings, departments.
    pub const CATALOG: Changed = Changed(1);
    /// The counters: participation and results.
    pub const COUNTS: Changed = Changed(2);
    /// The public postulates' pages.
    pub const POSTULATES: Changed = Changed(4);
    pub const ALL: Changed = Changed(7);

    pub fn and(self, other: Changed) -> Changed {
        Changed(self.0 | other.0)
    }

    pub fn contains(self, other: Changed) -> bool {
        self.0 & other.0 == other.0
    }

    pub fn bits(self) -> u8 {
        self.0
    }

    /// From [`bits`](Self::bits); `None` for none or unknown ones.
    pub fn from_bits(bits: u8) -> Option<Changed> {
        (bits != 0 && bits & !Self::ALL.0 == 0).then_some(Changed(bits))
    }
}

impl Wake {
    /// The wake-up as a short text, for a hub that sends it between
    /// instances (PostgreSQL NOTIFY): ids only, never content.
    pub fn encode(&self) -> String {
        match *self {
            Wake::Events {
                meeting_id,
                last_id,
            } => format!("e {meeting_id} {last_id}"),
            Wake::StaffChanged => "s".into(),
            Wake::Reread => "r".into(),
            Wake::Changed(what) => format!("c {}", what.bits()),
        }
    }

    /// The wake-up [`encode`](Self::encode) wrote; `None` for anything else.
    pub fn decode(text: &str) -> Option<Wake> {
        let mut parts = text.split(' ');
        let wake = match parts.next()? {
            "e" => Wake::Events {
                meeting_id: parts.next()?.parse().ok()?,
                last_id: parts.next()?.parse().ok()?,
            },
            "s" => Wake::StaffChanged,
            "r" => Wake::Reread,
            "c" => Wake::Changed(Changed::from_bits(parts.next()?.parse().ok()?)?),
            _ => return None,
        };
        parts.next().is_none().then_some(wake)
    }
}

/// Tells the live streams of every instance about committed events.
pub trait LiveHub: Send + Sync {
    fn publish(&self, wake: Wake);
    /// Every wake-up for this instance's streams, its own included.
    fn subscribe(&self) -> broadcast::Receiver<Wake>;
    /// What other instances did (their events and [`Wake::Changed`]) and
    /// lost wake-ups ([`Wake::Reread`]), for this instance's caches;
    /// `None` when there are no other instances.
    fn subscribe_remote(&self) -> Option<broadcast::Receiver<Wake>> {
        None
    }
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
        // A change is for other instances: there are none.
        if matches!(wake, Wake::Changed(_)) {
            return;
        }
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

/// Whether a wake-up means a meeting's feed, which has read the log up to
/// `read`, has events to read.
pub fn wakes(wake: &Wake, meeting_id: Id, read: i64) -> bool {
    match *wake {
        Wake::Events {
            meeting_id: m,
            last_id,
        } => m == meeting_id && last_id > read,
        Wake::StaffChanged | Wake::Changed(_) => false,
        Wake::Reread => true,
    }
}

/// Keeps what this instance holds in memory in step with the others (a
/// task, until the server stops; none for a lone instance): a change
/// another instance made drops the same here, its postulates' events drop
/// the postulates' pages, and after lost wake-ups ([`Wake::Reread`], or
/// this task falling behind) everything is read afresh.
pub fn keep_caches_in_step(s: &AppState) {
    let Some(mut wakes) = s.live.subscribe_remote() else {
        return;
    };
    let s = s.clone();
    tokio::spawn(async move {
        loop {
            let wake = tokio::select! {
                wake = wakes.recv() => wake,
                () = s.stopping.cancelled() => return,
            };
            match wake {
                Ok(Wake::Changed(what)) => s.forget(what),
                Ok(Wake::Events { .. }) => s.pages.postulates_changed(),
                Ok(Wake::Reread) | Err(broadcast::error::RecvError::Lagged(_)) => {
                    s.forget(Changed::ALL)
                }
                Ok(Wake::StaffChanged) => {}
                Err(broadcast::error::RecvError::Closed) => return,
            }
        }
    });
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

/// One server-sent event: `id` and `data` lines (the data split at line
/// breaks, which JSON has none of), ended by a blank line.
fn frame(id: i64, json: &str) -> Bytes {
    let mut out = String::with_capacity(json.len() + 32);
    out.push_str("id: ");
    out.push_str(&id.to_string());
    out.push('\n');
    for line in json.split('\n') {
        out.push_str("data: ");
        out.push_str(line);
        out.push('\n');
    }
    out.push('\n');
    Bytes::from(out)
}

/// What a stream sends first: how long the browser waits before it
/// reconnects by itself, and a comment that the stream is open.
const HELLO: &str = "retry: 3000\n: hello\n\n";
/// Sent when nothing else was for [`KEEP_ALIVE`] (proxies and phones close
/// connections that stay quiet).
const KEEP_ALIVE_FRAME: &str = ": \n\n";
pub const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// Events a meeting's feed holds for streams that have not sent them yet;
/// a stream further behind reads what it missed from the log.
pub const FEED_BUFFER: usize = 128;
/// How often a feed nobody woke checks whether any stream still follows it.
const FEED_IDLE_CHECK: Duration = Duration::from_secs(30);

/// An event as every stream of its meeting sends it: read from the log
/// and rendered once in this process, the same bytes for every stream.
struct Sent {
    id: i64,
    frame: Bytes,
}

/// One meeting's feed: every event to its staff streams, the public ones
/// to its public streams (so a submission, a staff-only event, does not
/// wake every phone in the room).
#[derive(Clone)]
struct Feed {
    public: broadcast::Sender<Arc<Sent>>,
    all: broadcast::Sender<Arc<Sent>>,
    /// The newest event id the feed has read, set before the event is
    /// sent: a stream that subscribed and then saw `n` here gets every
    /// event after `n` from the feed, and needs the log only for what it
    /// lacks up to `n`. Only the feed's task ([`read_feed`]) sets it.
    read: Arc<std::sync::atomic::AtomicI64>,
}

impl Feed {
    /// The newest event id the feed has read (see `Feed::read`).
    fn read(&self) -> i64 {
        self.read.load(std::sync::atomic::Ordering::Acquire)
    }

    fn followers(&self) -> usize {
        self.public.receiver_count() + self.all.receiver_count()
    }

    /// A new receiver, and the newest event id before what it will receive
    /// (read after subscribing: nothing falls between the two).
    fn subscribe(&self, staff: bool) -> (broadcast::Receiver<Arc<Sent>>, i64) {
        let receiver = if staff {
            self.all.subscribe()
        } else {
            self.public.subscribe()
        };
        (receiver, self.read())
    }
}

/// The meetings' feeds in this process. While a meeting has open streams,
/// one task reads its new events from the log when the hub wakes it,
/// renders each once and hands the same bytes to every stream: 5,000
/// phones cost one read per event, not 5,000. Exactly once still rests on
/// the log: a stream catches up from it by event id when it opens and
/// whenever it falls more than [`FEED_BUFFER`] events behind, and skips
/// what it has already sent. A feed goes when no stream follows it; one
/// whose read fails ends its streams, whose clients reconnect and resume.
#[derive(Default)]
pub struct Feeds {
    by_meeting: std::sync::Mutex<std::collections::HashMap<Id, Feed>>,
    reads: std::sync::atomic::AtomicU64,
}

impl Feeds {
    fn lock(&self) -> std::sync::MutexGuard<'_, std::collections::HashMap<Id, Feed>> {
        self.by_meeting.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// How many times the live streams and feeds have read the log
    /// (tests, benchmarks).
    pub fn reads(&self) -> u64 {
        self.reads.load(std::sync::atomic::Ordering::Relaxed)
    }

    fn count_read(&self) {
        self.reads
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }

    /// Follows a meeting's feed if it has one: its receiver and the newest
    /// event id before what it will receive. A stream joining a running
    /// feed reads nothing from the log unless it is behind that id: 5,000
    /// phones opening the meeting cost its database nothing.
    fn join(&self, meeting_id: Id, staff: bool) -> Option<(broadcast::Receiver<Arc<Sent>>, i64)> {
        self.lock()
            .get(&meeting_id)
            .map(|feed| feed.subscribe(staff))
    }

    /// Follows a meeting's feed, starting it if needed. `newest` is an
    /// event id read before this call: a new feed sends what comes after
    /// it; a follower reads from the log what came before it follows.
    fn follow(
        &self,
        s: &AppState,
        meeting_id: Id,
        newest: i64,
        staff: bool,
    ) -> broadcast::Receiver<Arc<Sent>> {
        let mut feeds = self.lock();
        let feed = feeds.entry(meeting_id).or_insert_with(|| {
            let feed = Feed {
                public: broadcast::channel(FEED_BUFFER).0,
                all: broadcast::channel(FEED_BUFFER).0,
                read: Arc::new(newest.into()),
            };
            // Subscribed here, not in the task: a wake-up published from
            // now on reaches the feed.
            let hub = s.live.subscribe();
            tokio::spawn(read_feed(s.clone(), meeting_id, feed.clone(), hub));
            feed
        });
        feed.subscribe(staff).0
    }

    /// Removes this feed when nobody follows it (or at once, when it
    /// failed); whether it went.
    fn leave(&self, meeting_id: Id, feed: &Feed, failed: bool) -> bool {
        let mut feeds = self.lock();
        let gone = feeds
            .get(&meeting_id)
            .is_some_and(|f| f.all.same_channel(&feed.all) && (failed || f.followers() == 0));
        if gone {
            feeds.remove(&meeting_id);
        }
        gone
    }
}

/// A meeting's feed: waits for wake-ups, reads what is new, sends it.
async fn read_feed(s: AppState, meeting_id: Id, feed: Feed, mut hub: broadcast::Receiver<Wake>) {
    let mut idle = tokio::time::interval(FEED_IDLE_CHECK);
    idle.reset();
    loop {
        tokio::select! {
            wake = hub.recv() => match wake {
                Ok(wake) if !wakes(&wake, meeting_id, feed.read()) => continue,
                // A missed wake-up may have been this meeting's.
                Ok(_) | Err(broadcast::error::RecvError::Lagged(_)) => {}
                Err(broadcast::error::RecvError::Closed) => break,
            },
            _ = idle.tick() => {
                if s.feeds.leave(meeting_id, &feed, false) {
                    return;
                }
                continue;
            }
            () = s.stopping.cancelled() => break,
        }
        if let Err(err) = send_new(&s, meeting_id, &feed).await {
            tracing::warn!(error = %err, meeting_id, "live feed: reading the log failed");
            break;
        }
        if feed.followers() == 0 && s.feeds.leave(meeting_id, &feed, false) {
            return;
        }
    }
    s.feeds.leave(meeting_id, &feed, true);
}

/// Reads a meeting's events after the feed's newest from the log, a page
/// at a time, and sends each to the feed's streams.
async fn send_new(
    s: &AppState,
    meeting_id: Id,
    feed: &Feed,
) -> Result<(), crate::server::db::DbError> {
    loop {
        let events = s
            .repo
            .events_after(meeting_id, feed.read(), true, PAGE)
            .await?;
        s.feeds.count_read();
        let full = events.len() as i64 == PAGE;
        // Another instance's changes were never announced here: what was
        // rendered of their postulates goes now (see [`Rendered`]).
        let named: Vec<Id> = events.iter().filter_map(postulate_of).collect();
        if !named.is_empty() {
            s.rendered.forget(named);
        }
        for event in events {
            let sent = Arc::new(Sent {
                id: event.id,
                frame: frame(event.id, &payload(s, &event).await?),
            });
            // Before it is sent: see `Feed::read`.
            feed.read
                .store(event.id, std::sync::atomic::Ordering::Release);
            // No follower is not an error.
            if event.public {
                let _ = feed.public.send(sent.clone());
            }
            let _ = feed.all.send(sent);
        }
        if !full {
            return Ok(());
        }
    }
}

/// One stream's place: what it has sent, what it still has to read from
/// the log, and what it follows.
struct Cursor {
    s: AppState,
    meeting_id: Id,
    staff: Option<StaffCheck>,
    /// The newest event id sent (or skipped as not for this stream).
    last: i64,
    feed: broadcast::Receiver<Arc<Sent>>,
    /// Staff streams only: sign-outs and lost roles.
    hub: Option<broadcast::Receiver<Wake>>,
    backlog: VecDeque<StoredEvent>,
    /// The log must be read before following the feed.
    reread: bool,
    /// Staff streams only: when to check the session again.
    recheck: Option<tokio::time::Interval>,
    keep_alive: std::pin::Pin<Box<tokio::time::Sleep>>,
}

impl Cursor {
    /// The next bytes to send; `None` ends the stream.
    async fn next(&mut self) -> Option<Bytes> {
        loop {
            if let Some(event) = self.backlog.pop_front() {
                self.last = event.id;
                return match payload(&self.s, &event).await {
                    Ok(json) => Some(frame(event.id, &json)),
                    Err(err) => {
                        tracing::warn!(error = %err, "live stream: an event could not be sent");
                        // Ends the stream; the client reconnects and resumes.
                        None
                    }
                };
            }
            if self.reread {
                let staff = self.staff.is_some();
                self.s.feeds.count_read();
                match self
                    .s
                    .repo
                    .events_after(self.meeting_id, self.last, staff, PAGE)
                    .await
                {
                    Ok(events) => {
                        // A full page: there may be more after it.
                        self.reread = events.len() as i64 == PAGE;
                        self.backlog.extend(events);
                    }
                    Err(err) => {
                        tracing::warn!(error = %err, "live stream: reading the log failed");
                        return None;
                    }
                }
                continue;
            }
            let mut check_now = false;
            let Cursor {
                feed,
                hub,
                recheck,
                keep_alive,
                last,
                ..
            } = self;
            let recheck = async {
                match recheck.as_mut() {
                    Some(every) => {
                        every.tick().await;
                    }
                    None => std::future::pending::<()>().await,
                }
            };
            let staff_wake = async {
                match hub.as_mut() {
                    Some(hub) => hub.recv().await,
                    None => std::future::pending().await,
                }
            };
            tokio::select! {
                sent = feed.recv() => match sent {
                    Ok(sent) if sent.id <= *last => {}
                    Ok(sent) => {
                        *last = sent.id;
                        return Some(sent.frame.clone());
                    }
                    // Fell behind: what it missed is in the log.
                    Err(broadcast::error::RecvError::Lagged(_)) => self.reread = true,
                    // The feed failed: the client reconnects and resumes.
                    Err(broadcast::error::RecvError::Closed) => return None,
                },
                wake = staff_wake => match wake {
                    Ok(Wake::StaffChanged | Wake::Reread)
                    | Err(broadcast::error::RecvError::Lagged(_)) => {
                        check_now = true;
                    }
                    Ok(Wake::Events { .. } | Wake::Changed(_)) => {}
                    Err(broadcast::error::RecvError::Closed) => return None,
                },
                () = recheck => check_now = true,
                () = keep_alive.as_mut() => {
                    return Some(Bytes::from_static(KEEP_ALIVE_FRAME.as_bytes()));
                }
            }
            if let (true, Some(check)) = (check_now, &self.staff) {
                if !check().await {
                    // Signed out, disabled or no longer allowed: the end.
                    return None;
                }
            }
        }
    }
}

/// The event stream of one meeting: what happened after `after` (from the
/// log, a page at a time), then every new event from the meeting's feed,
/// each once, in order — or, for a view too far behind, one `reload`.
/// Public events only unless `staff` (which is checked again every minute
/// and whenever a staff member's access changes; the stream ends when it
/// fails).
pub async fn stream(
    s: AppState,
    meeting_id: Id,
    after: Option<i64>,
    staff: Option<StaffCheck>,
) -> Result<Response, crate::error::AppError> {
    // Subscribed first: no access change from here on can be missed.
    let hub = staff.as_ref().map(|_| s.live.subscribe());
    // A view up to date with the meeting's running feed reads nothing: the
    // feed's newest event is its start. Any other asks the log (which also
    // knows when what the view lacks has been pruned).
    let (feed, newest, up_to_date) = match s.feeds.join(meeting_id, staff.is_some()) {
        Some((feed, read)) if after.is_none_or(|after| after >= read) => (feed, read, true),
        _ => {
            let newest = s.repo.last_event_id(meeting_id).await?;
            let feed = s.feeds.follow(&s, meeting_id, newest, staff.is_some());
            (feed, newest, false)
        }
    };
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
            first = Some(frame(newest, &reload));
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
    let stopping = s.stopping.clone().cancelled_owned();
    let cursor = Cursor {
        s,
        meeting_id,
        staff,
        last,
        feed,
        hub,
        backlog: VecDeque::new(),
        // What the feed sent before this stream followed it (after `newest`
        // was read, too) is in the log.
        reread: !up_to_date,
        recheck,
        keep_alive: Box::pin(tokio::time::sleep(KEEP_ALIVE)),
    };
    let hello = futures::stream::iter(
        std::iter::once(Bytes::from_static(HELLO.as_bytes()))
            .chain(first)
            .map(Ok::<_, Infallible>),
    );
    let events = futures::stream::unfold(cursor, |mut c| async move {
        let bytes = c.next().await?;
        // Quiet means nothing was sent for KEEP_ALIVE.
        c.keep_alive
            .as_mut()
            .reset(tokio::time::Instant::now() + KEEP_ALIVE);
        Some((Ok(bytes), c))
    });
    use futures::StreamExt;
    // A stopping server ends the stream; the client reconnects and resumes.
    let body = axum::body::Body::from_stream(hello.chain(events).take_until(stopping));
    Ok((
        [
            (header::CONTENT_TYPE, "text/event-stream"),
            (header::CACHE_CONTROL, "no-cache"),
            // A reverse proxy passes each event on at once (nginx).
            (HeaderName::from_static("x-accel-buffering"), "no"),
        ],
        body,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (That staff-only events never reach public streams is the feed's
    /// routing: `tests/postulates.rs`,
    /// `the_views_of_a_meeting_share_one_read_and_a_late_one_catches_up`.)
    #[test]
    fn a_feed_wakes_for_its_meetings_newer_events() {
        let event = |id, public| StoredEvent {
            id,
            meeting_id: 3,
            public,
            payload: String::new(),
        };
        let staff_only = wake_for(&[event(7, false)]).unwrap();
        assert!(wakes(&staff_only, 3, 5), "the console's events too");
        let mixed = wake_for(&[event(8, false), event(9, true)]).unwrap();
        assert_eq!(
            mixed,
            Wake::Events {
                meeting_id: 3,
                last_id: 9,
            }
        );
        assert!(wakes(&mixed, 3, 5));
        assert!(!wakes(&mixed, 4, 5), "another meeting");
        assert!(!wakes(&mixed, 3, 9), "already read");
        assert!(!wakes(&Wake::StaffChanged, 3, 0));
        assert!(wakes(&Wake::Reread, 3, 9), "lost wake-ups: read again");
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
    fn wake_ups_go_between_instances_as_short_text() {
        for wake in [
            Wake::Events {
                meeting_id: 3,
                last_id: 57,
            },
            Wake::Events {
                meeting_id: 12,
                last_id: 9_000_000_001,
            },
            Wake::StaffChanged,
            Wake::Reread,
            Wake::Changed(Changed::COUNTS),
            Wake::Changed(Changed::CATALOG.and(Changed::POSTULATES)),
            Wake::Changed(Changed::ALL),
        ] {
            assert_eq!(Wake::decode(&wake.encode()), Some(wake));
        }
        assert_eq!(Wake::encode(&Wake::StaffChanged), "s");
        for junk in [
            "",
            "e",
            "e 3",
            "e 3 x",
            "e x 57",
            "e 3 57 1",
            "e 3 57 1 9",
            "s 1",
            "c",
            "c 0",
            "c 8",
            "c x",
            "x",
        ] {
            assert_eq!(Wake::decode(junk), None, "{junk:?}");
        }
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
