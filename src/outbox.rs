//! What a resident sends from a phone waits on the phone until the server
//! has answered for it: the survey's answer and the live page's postulates
//! go through this one outbox. An item carries its client id, so sending it
//! twice is harmless (the server replays its first answer); it leaves the
//! outbox only once the server has accepted or finally refused it.
//!
//! - **Retry** on a lost connection, 429 and 503 ([`retryable`]): the items
//!   stay, the flush stops and is tried again later ([`backoff`]).
//! - **Final refusal** (closed, invalid, conflict…): the item leaves the
//!   outbox and the island shows the message.
//! - **One flush at a time** per outbox: submit, the `online` event, page
//!   load and the retry timer may all ask at once; a flush asked for while
//!   one runs makes the running one go round again.
//!
//! Storage is the browser's localStorage; an item the device refuses to
//! store is kept in the page's memory (the caller is told). Outside the
//! browser (unit tests) everything lives in memory. Used by islands only:
//! `survey::page` and `postulates::live_page`.

use crate::error::AppError;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::cell::RefCell;
use std::collections::HashMap;
use std::future::Future;
use std::marker::PhantomData;
use std::time::Duration;

/// Something that can wait in an outbox: stored as JSON, known by its
/// client id.
pub trait Outgoing: Clone + Serialize + DeserializeOwned + 'static {
    fn client_id(&self) -> &str;
}

/// Whether a failed send is worth trying again as it is: the network, a
/// rate limit or a busy server. Everything else is the server's final word.
pub fn retryable(err: &AppError) -> bool {
    matches!(
        err,
        AppError::Transport(_)
            | AppError::RateLimited
            | AppError::Unavailable
            | AppError::StorageFull
    )
}

/// The pause before retry number `attempt` (from 0): 2 s doubling to 60 s.
pub fn backoff(attempt: u32) -> Duration {
    Duration::from_secs((2u64 << attempt.min(5)).min(60))
}

/// What happened to the items while the outbox was flushed, as it happens.
#[derive(Clone, Debug, PartialEq)]
pub enum Sent<T, R> {
    /// The server accepted it (or replayed its first answer): out of the box.
    Delivered(T, R),
    /// The server refused it for good: out of the box, show the message.
    Refused(T, AppError),
    /// The network or the server is not there now: everything stays queued.
    Waiting(AppError),
    /// Nothing is left to send.
    Empty,
}

/// How a call to [`Outbox::flush`] ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flushed {
    /// Every item was answered for.
    Empty,
    /// Stopped on a retryable failure: try again later.
    Waiting,
    /// Another flush was running: it goes round again instead.
    Joined,
}

#[derive(Clone, Copy, Default)]
struct Gate {
    running: bool,
    again: bool,
    timer: bool,
}

thread_local! {
    /// Each outbox's flush state, by storage key.
    static GATES: RefCell<HashMap<&'static str, Gate>> = RefCell::new(HashMap::new());
    /// Items the device would not store (and, outside the browser, all
    /// items), as JSON by storage key: kept while the page lives.
    static IN_MEMORY: RefCell<HashMap<&'static str, Vec<String>>> = RefCell::new(HashMap::new());
}

fn gate<U>(key: &'static str, f: impl FnOnce(&mut Gate) -> U) -> U {
    GATES.with_borrow_mut(|gates| f(gates.entry(key).or_default()))
}

/// The outbox stored under `key` (one per kind of item).
pub struct Outbox<T> {
    key: &'static str,
    item: PhantomData<fn() -> T>,
}

impl<T> Clone for Outbox<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for Outbox<T> {}

impl<T: Outgoing> Outbox<T> {
    pub const fn new(key: &'static str) -> Self {
        Self {
            key,
            item: PhantomData,
        }
    }

    fn stored(&self) -> Vec<T> {
        device::load(self.key).unwrap_or_default()
    }

    /// Items waiting to be delivered, oldest first (on the device, then in
    /// memory).
    pub fn queued(&self) -> Vec<T> {
        let mut queued = self.stored();
        IN_MEMORY.with_borrow(|memory| {
            for json in memory.get(self.key).into_iter().flatten() {
                if let Ok(item) = serde_json::from_str::<T>(json) {
                    if !queued.iter().any(|q| q.client_id() == item.client_id()) {
                        queued.push(item);
                    }
                }
            }
        });
        queued
    }

    pub fn is_empty(&self) -> bool {
        self.queued().is_empty()
    }

    /// Puts an item in the outbox, replacing an earlier copy with its id.
    /// False when the device would not store it: it is then kept in memory
    /// only, and is lost if the page is closed before it is sent.
    pub fn enqueue(&self, item: &T) -> bool {
        let mut queued = self.stored();
        queued.retain(|q| q.client_id() != item.client_id());
        queued.push(item.clone());
        if device::save(self.key, &queued) {
            return true;
        }
        let Ok(json) = serde_json::to_string(item) else {
            return false;
        };
        IN_MEMORY.with_borrow_mut(|memory| {
            let kept = memory.entry(self.key).or_default();
            kept.retain(|j| {
                serde_json::from_str::<T>(j).is_ok_and(|q| q.client_id() != item.client_id())
            });
            kept.push(json);
        });
        false
    }

    pub fn dequeue(&self, client_id: &str) {
        let mut queued = self.stored();
        if queued.iter().any(|q| q.client_id() == client_id) {
            queued.retain(|q| q.client_id() != client_id);
            device::save(self.key, &queued);
        }
        IN_MEMORY.with_borrow_mut(|memory| {
            if let Some(kept) = memory.get_mut(self.key) {
                kept.retain(|j| {
                    serde_json::from_str::<T>(j).is_ok_and(|q| q.client_id() != client_id)
                });
            }
        });
    }

    /// Sends every queued item with `send`, oldest first, telling `on` what
    /// became of each. Only one flush of an outbox runs at a time: asked
    /// while one runs, it returns [`Flushed::Joined`] at once and the
    /// running flush goes round again (picking up what was queued since).
    pub async fn flush<R, Fut>(
        &self,
        send: impl Fn(T) -> Fut,
        mut on: impl FnMut(Sent<T, R>),
    ) -> Flushed
    where
        Fut: Future<Output = Result<R, AppError>>,
    {
        let key = self.key;
        let joined = gate(key, |g| {
            if g.running {
                g.again = true;
                true
            } else {
                g.running = true;
                g.again = false;
                false
            }
        });
        if joined {
            return Flushed::Joined;
        }
        loop {
            for item in self.queued() {
                match send(item.clone()).await {
                    Ok(answer) => {
                        self.dequeue(item.client_id());
                        on(Sent::Delivered(item, answer));
                    }
                    Err(err) if retryable(&err) => {
                        gate(key, |g| {
                            g.running = false;
                            g.again = false;
                        });
                        on(Sent::Waiting(err));
                        return Flushed::Waiting;
                    }
                    Err(err) => {
                        self.dequeue(item.client_id());
                        on(Sent::Refused(item, err));
                    }
                }
            }
            let again = gate(key, |g| {
                let again = g.again;
                g.again = false;
                g.running = again;
                again
            });
            if !again {
                on(Sent::Empty);
                return Flushed::Empty;
            }
        }
    }

    /// In the browser: flushes in the background and, while the network
    /// or the server is away, tries again after [`backoff`] (one timer per
    /// outbox, however many ask).
    pub fn flush_soon<R, Fut>(
        self,
        send: impl Fn(T) -> Fut + Clone + 'static,
        on: impl FnMut(Sent<T, R>) + Clone + 'static,
        attempt: u32,
    ) where
        R: 'static,
        Fut: Future<Output = Result<R, AppError>> + 'static,
    {
        leptos::task::spawn_local(async move {
            if self.flush(send.clone(), on.clone()).await != Flushed::Waiting {
                return;
            }
            let key = self.key;
            let first = gate(key, |g| !std::mem::replace(&mut g.timer, true));
            if first {
                leptos::prelude::set_timeout(
                    move || {
                        gate(key, |g| g.timer = false);
                        self.flush_soon(send, on, attempt + 1);
                    },
                    backoff(attempt),
                );
            }
        });
    }
}

/// The device's storage (localStorage): drafts, receipts, outboxes.
pub mod device {
    use serde::de::DeserializeOwned;
    use serde::Serialize;

    fn storage() -> Option<web_sys::Storage> {
        if !cfg!(target_arch = "wasm32") {
            return None;
        }
        web_sys::window()?.local_storage().ok().flatten()
    }

    pub fn load<T: DeserializeOwned>(key: &str) -> Option<T> {
        let json = storage()?.get_item(key).ok()??;
        serde_json::from_str(&json).ok()
    }

    /// Stores a value; false when the device refused.
    pub fn save<T: Serialize>(key: &str, value: &T) -> bool {
        match (storage(), serde_json::to_string(value)) {
            (Some(storage), Ok(json)) => storage.set_item(key, &json).is_ok(),
            _ => false,
        }
    }

    pub fn remove(key: &str) {
        if let Some(storage) = storage() {
            let _ = storage.remove_item(key);
        }
    }

    /// The browser's idea of connectivity (true when unknown).
    pub fn is_online() -> bool {
        if !cfg!(target_arch = "wasm32") {
            return true;
        }
        web_sys::window().is_none_or(|w| w.navigator().on_line())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use std::cell::Cell;
    use std::pin::pin;
    use std::rc::Rc;
    use std::task::{Context, Poll, Waker};

    #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
    struct Item(String);
    impl Outgoing for Item {
        fn client_id(&self) -> &str {
            &self.0
        }
    }

    fn item(id: &str) -> Item {
        Item(id.to_owned())
    }

    /// Polls a future to its end (the sends below are ready at once).
    fn run<F: Future>(f: F) -> F::Output {
        let mut f = pin!(f);
        let mut cx = Context::from_waker(Waker::noop());
        loop {
            if let Poll::Ready(out) = f.as_mut().poll(&mut cx) {
                return out;
            }
        }
    }

    /// The ids a send was called with, in order.
    type Calls = Rc<RefCell<Vec<String>>>;

    /// A send that answers from a script of results, one per call.
    fn scripted(
        answers: Vec<Result<u32, AppError>>,
    ) -> (
        impl Fn(Item) -> std::future::Ready<Result<u32, AppError>>,
        Calls,
    ) {
        let calls = Rc::new(RefCell::new(Vec::new()));
        let answers = RefCell::new(answers.into_iter());
        let seen = calls.clone();
        let send = move |i: Item| {
            seen.borrow_mut().push(i.0);
            std::future::ready(answers.borrow_mut().next().expect("no more answers"))
        };
        (send, calls)
    }

    #[test]
    fn network_rate_limits_and_a_busy_server_are_retried_the_rest_is_final() {
        assert!(retryable(&AppError::Transport("offline".into())));
        assert!(retryable(&AppError::RateLimited));
        assert!(retryable(&AppError::Unavailable));
        assert!(retryable(&AppError::StorageFull));
        for last_word in [
            AppError::SurveyClosed,
            AppError::PostulatesClosed,
            AppError::Conflict,
            AppError::AlreadyAnswered,
            AppError::CrossSite,
            AppError::invalid("body", crate::error::Invalid::TooLong),
        ] {
            assert!(!retryable(&last_word), "{last_word:?}");
        }
    }

    #[test]
    fn the_pause_doubles_from_two_seconds_to_a_minute() {
        let secs: Vec<u64> = (0..8).map(|a| backoff(a).as_secs()).collect();
        assert_eq!(secs, [2, 4, 8, 16, 32, 60, 60, 60]);
    }

    #[test]
    fn an_item_is_queued_once_by_its_client_id() {
        let outbox = Outbox::<Item>::new("test.once");
        // No browser here: the "device" refuses, memory keeps it.
        assert!(!outbox.enqueue(&item("a")));
        outbox.enqueue(&item("b"));
        outbox.enqueue(&item("a"));
        assert_eq!(outbox.queued(), [item("b"), item("a")]);
        outbox.dequeue("b");
        assert_eq!(outbox.queued(), [item("a")]);
    }

    #[test]
    fn delivered_and_refused_items_leave_a_retryable_failure_keeps_the_rest() {
        let outbox = Outbox::<Item>::new("test.rules");
        for id in ["a", "b", "c", "d"] {
            outbox.enqueue(&item(id));
        }
        let (send, calls) = scripted(vec![
            Ok(1),
            Err(AppError::PostulatesClosed),
            Err(AppError::RateLimited),
        ]);
        let mut seen = Vec::new();
        let end = run(outbox.flush(send, |s| seen.push(s)));
        assert_eq!(end, Flushed::Waiting);
        assert_eq!(*calls.borrow(), ["a", "b", "c"], "stops at the failure");
        assert_eq!(
            seen,
            [
                Sent::Delivered(item("a"), 1),
                Sent::Refused(item("b"), AppError::PostulatesClosed),
                Sent::Waiting(AppError::RateLimited),
            ]
        );
        assert_eq!(outbox.queued(), [item("c"), item("d")], "kept in order");

        // The connection is back: the rest goes, and the box is empty.
        let (send, calls) = scripted(vec![Ok(3), Ok(4)]);
        let mut seen = Vec::new();
        assert_eq!(run(outbox.flush(send, |s| seen.push(s))), Flushed::Empty);
        assert_eq!(*calls.borrow(), ["c", "d"]);
        assert_eq!(seen.last(), Some(&Sent::Empty));
        assert!(outbox.is_empty());
    }

    /// Pending on its first poll, then ready: a send still on the wire.
    struct OnTheWire(bool, u32);
    impl Future for OnTheWire {
        type Output = Result<u32, AppError>;
        fn poll(mut self: std::pin::Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Self::Output> {
            if std::mem::replace(&mut self.0, true) {
                Poll::Ready(Ok(self.1))
            } else {
                Poll::Pending
            }
        }
    }

    #[test]
    fn one_flush_at_a_time_and_one_asked_meanwhile_makes_it_go_round_again() {
        let outbox = Outbox::<Item>::new("test.gate");
        outbox.enqueue(&item("a"));
        let sends = Rc::new(Cell::new(0u32));
        let counter = sends.clone();
        let send = move |_: Item| {
            counter.set(counter.get() + 1);
            OnTheWire(false, counter.get())
        };
        let mut first = pin!(outbox.flush(send.clone(), |_| {}));
        let mut cx = Context::from_waker(Waker::noop());
        assert!(first.as_mut().poll(&mut cx).is_pending(), "'a' on the wire");

        // The resident sends another while the first is on the wire, and
        // the `online` event fires too: neither starts a second flush.
        outbox.enqueue(&item("b"));
        assert_eq!(run(outbox.flush(send.clone(), |_| {})), Flushed::Joined);
        assert_eq!(run(outbox.flush(send.clone(), |_| {})), Flushed::Joined);

        assert_eq!(run(first), Flushed::Empty);
        assert_eq!(sends.get(), 2, "each item sent once: 'a', then 'b'");
        assert!(outbox.is_empty());
        // Finished: the next flush runs on its own again.
        outbox.enqueue(&item("c"));
        assert_eq!(run(outbox.flush(send, |_| {})), Flushed::Empty);
        assert_eq!(sends.get(), 3);
    }
}
