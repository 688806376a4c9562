//! Live wake-ups across instances: PostgreSQL LISTEN/NOTIFY feeds the
//! [`LiveHub`] of every instance. A wake-up published here is delivered to
//! this instance's streams at once and sent to the others with `NOTIFY`
//! (ids only: "meeting 3 has events up to 57"; notifications are small
//! and not for content). One connection per instance listens (named
//! [`LISTENER_NAME`] in `pg_stat_activity`).
//!
//! Notifications sent while the listener is disconnected are gone, so a
//! lost connection, like any listener error, ends in [`Wake::Reread`] once
//! the listener is back: every feed reads the event log again from its
//! last id, every staff stream checks its session — nothing missed, and
//! nothing twice (streams send each event id once).

use crate::server::live::{LiveHub, Wake};
use sqlx::postgres::{PgConnectOptions, PgListener, PgPool, PgPoolOptions};
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
    pool: PgPool,
}

impl PgHub {
    /// Listens on [`CHANNEL`] (through its own connection, made with
    /// `options`) until `stopping` is cancelled; publishes through `pool`.
    pub async fn start(
        pool: PgPool,
        options: PgConnectOptions,
        stopping: CancellationToken,
    ) -> Result<Self, sqlx::Error> {
        let local = broadcast::channel(256).0;
        let listening = PgPoolOptions::new()
            .max_connections(1)
            .max_lifetime(None)
            .idle_timeout(None)
            .connect_lazy_with(options.application_name(LISTENER_NAME));
        let listener = listen(&listening).await?;
        tokio::spawn(relay(listening, listener, local.clone(), stopping));
        Ok(Self { local, pool })
    }
}

impl LiveHub for PgHub {
    fn publish(&self, wake: Wake) {
        // This instance's streams at once; the others through PostgreSQL
        // (this instance hears its own notification too: a wake-up twice
        // costs a feed nothing, it reads only what is new).
        let _ = self.local.send(wake);
        let pool = self.pool.clone();
        tokio::spawn(async move {
            let sent = sqlx::query("SELECT pg_notify($1, $2)")
                .bind(CHANNEL)
                .bind(wake.encode())
                .execute(&pool)
                .await;
            if let Err(err) = sent {
                // The other instances' streams catch up at their next
                // wake-up or when their listener reconnects.
                tracing::warn!(error = %err, "live hub: NOTIFY failed");
            }
        });
    }

    fn subscribe(&self) -> broadcast::Receiver<Wake> {
        self.local.subscribe()
    }
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
    local: broadcast::Sender<Wake>,
    stopping: CancellationToken,
) {
    loop {
        let next = tokio::select! {
            next = listener.try_recv() => next,
            () = stopping.cancelled() => return,
        };
        match next {
            Ok(Some(notification)) => match Wake::decode(notification.payload()) {
                Some(wake) => {
                    let _ = local.send(wake);
                }
                None => tracing::warn!(
                    payload = notification.payload(),
                    "live hub: a notification that is no wake-up"
                ),
            },
            // Lost and already listening again (sqlx reconnects first).
            Ok(None) => {
                tracing::warn!("live hub: the listener's connection was lost; reading again");
                let _ = local.send(Wake::Reread);
            }
            Err(err) => {
                tracing::warn!(error = %err, "live hub: the listener failed; listening again");
                drop(listener);
                listener = match listen_again(&pool, &stopping).await {
                    Some(listener) => listener,
                    None => return,
                };
                let _ = local.send(Wake::Reread);
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
