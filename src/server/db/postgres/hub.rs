//! Live wake-ups across instances: PostgreSQL LISTEN/NOTIFY feeds the
//! [`LiveHub`] of every instance. A wake-up published here is delivered to
//! this instance's streams at once and sent to the others with `NOTIFY`
//! (ids only: "meeting 3 has events up to 57"; notifications are small
//! and not for content); so are the changes that make what the others
//! keep in memory stale (gathered for [`CHANGES_GATHER`]: an answer each
//! is not a notification each). One connection per instance listens
//! (named [`LISTENER_NAME`] in `pg_stat_activity`).
//!
//! Notifications sent while the listener is disconnected are gone, so a
//! lost connection, like any listener error, ends in [`Wake::Reread`] once
//! the listener is back: every feed reads the event log again from its
//! last id, every staff stream checks its session — nothing missed, and
//! nothing twice (streams send each event id once).

use crate::server::live::{Changed, LiveHub, Wake};
use sqlx::postgres::{PgConnectOptions, PgListener, PgPool, PgPoolOptions};
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::broadcast;
use tokio_util::sync::CancellationToken;

/// The channel every instance listens on.
pub const CHANNEL: &str = "poro_live";
/// The listening connection's `application_name`.
pub const LISTENER_NAME: &str = "porozmawiajmy-listener";
/// Waits between attempts to listen again (the last one repeats).
const BACKOFF: [Duration; 4] = [
    Duration::from_millis(100),
    Duration::from_millis(500),
    Duration::from_secs(2),
    Duration::from_secs(5),
];

/// The hub of one instance among several on one PostgreSQL database.
pub struct PgHub {
    local: broadcast::Sender<Wake>,
    /// What other instances did, and lost wake-ups (for the caches).
    remote: broadcast::Sender<Wake>,
    notifier: Notifier,
    /// Changes not yet sent to the others ([`Changed`] bits): many in a
    /// short time (an answer each) go as one notification.
    unsent_changes: Arc<AtomicU8>,
}

/// How long changes gather before they go to the other instances.
const CHANGES_GATHER: Duration = Duration::from_millis(20);

impl PgHub {
    /// Listens on [`CHANNEL`] (through its own connection, made with
    /// `options`) until `stopping` is cancelled; publishes through `pool`.
    pub async fn start(
        pool: PgPool,
        options: PgConnectOptions,
        stopping: CancellationToken,
    ) -> Result<Self, sqlx::Error> {
        let local = broadcast::channel(256).0;
        let remote = broadcast::channel(256).0;
        let origin = rand::random::<u64>();
        let listening = PgPoolOptions::new()
            .max_connections(1)
            .max_lifetime(None)
            .idle_timeout(None)
            .connect_lazy_with(options.application_name(LISTENER_NAME));
        let listener = listen(&listening).await?;
        let to = Relay {
            local: local.clone(),
            remote: remote.clone(),
        };
        tokio::spawn(relay(listening, listener, to, origin, stopping));
        Ok(Self {
            local,
            remote,
            notifier: Notifier { pool, origin },
            unsent_changes: Default::default(),
        })
    }
}

/// Sends wake-ups to the other instances.
#[derive(Clone)]
struct Notifier {
    pool: PgPool,
    /// This instance, in its notifications (`<origin> <wake>`): it skips
    /// its own, already delivered here.
    origin: u64,
}

impl Notifier {
    fn notify(&self, wake: Wake) {
        let pool = self.pool.clone();
        let payload = format!("{:x} {}", self.origin, wake.encode());
        tokio::spawn(async move {
            let sent = sqlx::query("SELECT pg_notify($1, $2)")
                .bind(CHANNEL)
                .bind(payload)
                .execute(&pool)
                .await;
            if let Err(err) = sent {
                // The other instances' streams catch up at their next
                // wake-up or when their listener reconnects.
                tracing::warn!(error = %err, "live hub: NOTIFY failed");
            }
        });
    }
}

impl LiveHub for PgHub {
    fn publish(&self, wake: Wake) {
        let Wake::Changed(what) = wake else {
            // This instance's streams at once; the others through
            // PostgreSQL.
            let _ = self.local.send(wake);
            self.notifier.notify(wake);
            return;
        };
        // A change is for the others only (the caller dropped its own),
        // gathered: the first one starts the wait, later ones join it.
        if self.unsent_changes.fetch_or(what.bits(), Ordering::SeqCst) != 0 {
            return;
        }
        let unsent = self.unsent_changes.clone();
        let notifier = self.notifier.clone();
        tokio::spawn(async move {
            tokio::time::sleep(CHANGES_GATHER).await;
            if let Some(what) = Changed::from_bits(unsent.swap(0, Ordering::SeqCst)) {
                notifier.notify(Wake::Changed(what));
            }
        });
    }

    fn subscribe(&self) -> broadcast::Receiver<Wake> {
        self.local.subscribe()
    }

    fn subscribe_remote(&self) -> Option<broadcast::Receiver<Wake>> {
        Some(self.remote.subscribe())
    }
}

/// Where the listener hands what it hears.
struct Relay {
    /// This instance's streams: events, staff changes, rereads.
    local: broadcast::Sender<Wake>,
    /// This instance's caches: everything heard, and rereads.
    remote: broadcast::Sender<Wake>,
}

impl Relay {
    fn send(&self, wake: Wake) {
        if !matches!(wake, Wake::Changed(_)) {
            let _ = self.local.send(wake);
        }
        let _ = self.remote.send(wake);
    }
}

/// A notification's wake-up, unless this instance sent it.
fn heard(payload: &str, origin: u64) -> Option<Wake> {
    let (from, wake) = payload.split_once(' ')?;
    let wake = Wake::decode(wake)?;
    (u64::from_str_radix(from, 16).ok()? != origin).then_some(wake)
}

async fn listen(pool: &PgPool) -> Result<PgListener, sqlx::Error> {
    let mut listener = PgListener::connect_with(pool).await?;
    listener.listen(CHANNEL).await?;
    Ok(listener)
}

/// Hands every notification to this instance's streams; after a lost
/// connection or an error, listens again and tells every stream to reread.
async fn relay(
    pool: PgPool,
    mut listener: PgListener,
    to: Relay,
    origin: u64,
    stopping: CancellationToken,
) {
    loop {
        let next = tokio::select! {
            next = listener.try_recv() => next,
            () = stopping.cancelled() => return,
        };
        match next {
            Ok(Some(notification)) => {
                if let Some(wake) = heard(notification.payload(), origin) {
                    to.send(wake);
                }
            }
            // Lost and already listening again (sqlx reconnects first).
            Ok(None) => {
                tracing::warn!("live hub: the listener's connection was lost; reading again");
                to.send(Wake::Reread);
            }
            Err(err) => {
                tracing::warn!(error = %err, "live hub: the listener failed; listening again");
                drop(listener);
                listener = match listen_again(&pool, &stopping).await {
                    Some(listener) => listener,
                    None => return,
                };
                to.send(Wake::Reread);
            }
        }
    }
}

/// A new listener, retried with back-off; `None` when stopping.
async fn listen_again(pool: &PgPool, stopping: &CancellationToken) -> Option<PgListener> {
    let mut attempt = 0;
    loop {
        let wait = BACKOFF[attempt.min(BACKOFF.len() - 1)];
        tokio::select! {
            () = tokio::time::sleep(wait) => {}
            () = stopping.cancelled() => return None,
        }
        match listen(pool).await {
            Ok(listener) => return Some(listener),
            Err(err) => {
                tracing::warn!(error = %err, attempt, "live hub: cannot listen yet");
                attempt += 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_instance_skips_its_own_notifications() {
        let wake = Wake::Events {
            meeting_id: 3,
            last_id: 57,
        };
        assert_eq!(heard("ff e 3 57", 0xff), None);
        assert_eq!(heard("fe e 3 57", 0xff), Some(wake));
        assert_eq!(heard("fe c 2", 0xff), Some(Wake::Changed(Changed::COUNTS)));
        for junk in ["", "e 3 57", "zz e 3 57", "fe", "fe x"] {
            assert_eq!(heard(junk, 0xff), None, "{junk:?}");
        }
    }
}
