//! `/healthz`'s database probe (server only; used by the `/healthz` handler).
//!
//! Every health check asks the database, but checks that arrive while a
//! round trip is already on its way share it: one ping answers all of
//! them. A load balancer polling several instances, or a burst of checks,
//! then costs the database one query at a time instead of one per check,
//! and every answer is as fresh as a round trip that was still running
//! when the check arrived.

use futures::future::{BoxFuture, FutureExt, Shared};
use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// What a ping says: fine, or why not.
pub type Health = Result<(), Arc<str>>;

type Ping = Shared<BoxFuture<'static, Health>>;

/// The ping on its way, if any, shared by the checks waiting for it.
#[derive(Default)]
pub struct Probe {
    inflight: Mutex<Option<(u64, Ping)>>,
    started: AtomicU64,
}

impl Probe {
    /// Joins the ping on its way, or starts one with `ping`.
    pub async fn check<F>(&self, ping: impl FnOnce() -> F) -> Health
    where
        F: Future<Output = Health> + Send + 'static,
    {
        let (id, shared) = {
            let mut slot = self.inflight.lock().unwrap_or_else(|e| e.into_inner());
            match &*slot {
                Some((id, shared)) => (*id, shared.clone()),
                None => {
                    let id = self.started.fetch_add(1, Ordering::Relaxed);
                    let shared = ping().boxed().shared();
                    *slot = Some((id, shared.clone()));
                    (id, shared)
                }
            }
        };
        let health = shared.await;
        // The first check back clears the slot: the next check pings anew.
        let mut slot = self.inflight.lock().unwrap_or_else(|e| e.into_inner());
        if slot.as_ref().is_some_and(|(current, _)| *current == id) {
            *slot = None;
        }
        health
    }

    /// How many pings were started (for tests).
    pub fn pings(&self) -> u64 {
        self.started.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn checks_during_a_ping_share_it_and_the_next_check_pings_again() {
        let probe = Arc::new(Probe::default());
        let (release, held) = tokio::sync::oneshot::channel::<Health>();
        let first = {
            let probe = probe.clone();
            tokio::spawn(async move { probe.check(|| async { held.await.unwrap() }).await })
        };
        while probe.pings() == 0 {
            tokio::task::yield_now().await;
        }
        let joined: Vec<_> = (0..5)
            .map(|_| {
                let probe = probe.clone();
                tokio::spawn(async move {
                    probe
                        .check(|| async { panic!("a second ping while one is on its way") })
                        .await
                })
            })
            .collect();
        tokio::task::yield_now().await;
        release.send(Err("database locked".into())).unwrap();
        assert_eq!(first.await.unwrap(), Err("database locked".into()));
        for check in joined {
            assert_eq!(check.await.unwrap(), Err("database locked".into()));
        }
        assert_eq!(probe.pings(), 1);
        // Done: the next check asks the database again.
        assert_eq!(probe.check(|| async { Ok(()) }).await, Ok(()));
        assert_eq!(probe.pings(), 2);
    }
}
