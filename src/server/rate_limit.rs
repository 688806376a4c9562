//! Rate limits on submissions, device tokens and sign-ins: tight per device
//! or account, loose per IP address — a meeting hall, a school or a library
//! puts hundreds of phones behind one public address. In memory, per
//! instance, pruned every minute ([`RateLimits::prune`]); nothing here is
//! stored or logged.

use governor::clock::Clock;
use governor::middleware::NoOpMiddleware;
use governor::nanos::Nanos;
use governor::state::keyed::DefaultKeyedStateStore;
use governor::{Quota, RateLimiter};
use std::collections::HashMap;
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The limiters' clock: monotonic real time, which tests move forward with
/// [`LimiterClock::advance`] (the app's injected clock may be pinned, and a
/// pinned clock would never refill a limiter).
#[derive(Clone, Debug)]
pub struct LimiterClock {
    start: Instant,
    skew: Arc<AtomicU64>,
}

impl Default for LimiterClock {
    fn default() -> Self {
        Self {
            start: Instant::now(),
            skew: Arc::default(),
        }
    }
}

impl LimiterClock {
    /// Moves this clock (and every limiter using it) forward.
    pub fn advance(&self, by: Duration) {
        self.skew.fetch_add(by.as_nanos() as u64, Ordering::Relaxed);
    }
}

impl Clock for LimiterClock {
    type Instant = Nanos;

    fn now(&self) -> Nanos {
        Nanos::from(self.start.elapsed()) + Nanos::from(self.skew.load(Ordering::Relaxed))
    }
}

type Keyed =
    RateLimiter<String, DefaultKeyedStateStore<String>, LimiterClock, NoOpMiddleware<Nanos>>;

/// One keyed limit: `burst` at once, then `per_minute`.
pub struct Limit(Keyed);

impl Limit {
    pub fn new(burst: u32, per_minute: u32, clock: &LimiterClock) -> Self {
        let quota = Quota::per_minute(NonZeroU32::new(per_minute).unwrap_or(NonZeroU32::MIN))
            .allow_burst(NonZeroU32::new(burst).unwrap_or(NonZeroU32::MIN));
        Self(RateLimiter::dashmap_with_clock(quota, clock.clone()))
    }

    /// Takes one unit for `key`; false when its quota is spent.
    pub fn allow(&self, key: &str) -> bool {
        self.0.check_key(&key.to_owned()).is_ok()
    }

    /// Keys the limiter still remembers.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Forgets keys whose quota has refilled completely.
    fn prune(&self) {
        self.0.retain_recent();
        self.0.shrink_to_fit();
    }
}

pub struct RateLimits {
    pub clock: LimiterClock,
    /// Survey submissions per device token: 10 at once, then 1 a minute.
    pub survey_per_device: Limit,
    /// Survey submissions per IP address: 600 at once, then 100 a minute
    /// (a hall of 300 phones, each with a retry, fits in the burst).
    pub survey_per_ip: Limit,
    /// New device tokens per IP address: 600 at once, then 200 a minute.
    pub device_tokens_per_ip: Limit,
    /// Postulates and "me too" per device: 10 at once, then 3 a minute.
    pub live_per_device: Limit,
    /// Postulates and "me too" per IP address: 1,200 at once, then 400 a
    /// minute (a hall of 300 phones raising a postulate and supporting
    /// three).
    pub live_per_ip: Limit,
    /// Sign-in attempts per IP address: 60 at once, then 20 a minute.
    pub login_per_ip: Limit,
    /// Failed sign-ins per account and per account + address.
    pub login_failures: LoginFailures,
}

impl Default for RateLimits {
    fn default() -> Self {
        Self::new((10, 1), (600, 100))
    }
}

impl RateLimits {
    /// Limits as (burst, then per minute), per device and per IP address.
    pub fn new(per_device: (u32, u32), per_ip: (u32, u32)) -> Self {
        let clock = LimiterClock::default();
        Self {
            survey_per_device: Limit::new(per_device.0, per_device.1, &clock),
            survey_per_ip: Limit::new(per_ip.0, per_ip.1, &clock),
            device_tokens_per_ip: Limit::new(600, 200, &clock),
            live_per_device: Limit::new(10, 3, &clock),
            live_per_ip: Limit::new(1200, 400, &clock),
            login_per_ip: Limit::new(60, 20, &clock),
            login_failures: LoginFailures::default(),
            clock,
        }
    }

    /// Whether one more survey submission is allowed for this device and address.
    pub fn allow_survey(&self, device: &str, ip: &str) -> bool {
        self.survey_per_device.allow(device) && self.survey_per_ip.allow(ip)
    }

    /// Whether one more postulate or "me too" is allowed for this device
    /// and address.
    pub fn allow_live(&self, device: &str, ip: &str) -> bool {
        self.live_per_device.allow(device) && self.live_per_ip.allow(ip)
    }

    /// Whether this address may be given one more new device token.
    pub fn allow_device_token(&self, ip: &str) -> bool {
        self.device_tokens_per_ip.allow(ip)
    }

    /// Whether one more sign-in attempt is allowed from this address.
    pub fn allow_login(&self, ip: &str) -> bool {
        self.login_per_ip.allow(ip)
    }

    /// Forgets what no longer limits anybody (run every minute by the server).
    pub fn prune(&self, now: i64) {
        for limit in [
            &self.survey_per_device,
            &self.survey_per_ip,
            &self.device_tokens_per_ip,
            &self.live_per_device,
            &self.live_per_ip,
            &self.login_per_ip,
        ] {
            limit.prune();
        }
        self.login_failures.prune(now);
    }
}

impl std::fmt::Debug for RateLimits {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RateLimits")
    }
}

/// Failures from one address against one account before that address is
/// refused for the account (for [`FAILURE_WINDOW_SECS`]).
pub const MAX_FAILURES: u32 = 5;
pub const FAILURE_WINDOW_SECS: i64 = 15 * 60;
/// Longest delay an account's failures impose on its next sign-ins.
pub const MAX_DELAY: Duration = Duration::from_secs(8);

/// Failed sign-ins, in memory, counted per account (from anywhere) and per
/// account + address. Failures from one address lock only that address out
/// of the account; failures from everywhere slow the account's sign-ins
/// down (1, 2, 4, 8 s) but never lock its owner out.
#[derive(Debug, Default)]
pub struct LoginFailures {
    counts: Mutex<HashMap<FailureKey, (u32, i64)>>,
}

/// (account, address) — `None`: the account's count from all addresses.
type FailureKey = (String, Option<String>);

/// What the failures so far mean for the next attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginGate {
    /// Go ahead, after this delay.
    Proceed(Duration),
    /// This address has failed too often for this account.
    Refused,
}

impl LoginFailures {
    fn account(email: &str) -> String {
        email.trim().to_lowercase()
    }

    fn count(&self, key: &FailureKey, now: i64) -> u32 {
        let map = self.counts.lock().unwrap_or_else(|e| e.into_inner());
        map.get(key)
            .filter(|(_, since)| now - since < FAILURE_WINDOW_SECS)
            .map_or(0, |(count, _)| *count)
    }

    /// Whether (and after how long) a sign-in to `email` from `ip` may be tried.
    pub fn gate(&self, email: &str, ip: &str, now: i64) -> LoginGate {
        let account = Self::account(email);
        if self.count(&(account.clone(), Some(ip.to_owned())), now) >= MAX_FAILURES {
            return LoginGate::Refused;
        }
        let failures = self.count(&(account, None), now);
        LoginGate::Proceed(match failures.checked_sub(MAX_FAILURES) {
            None => Duration::ZERO,
            Some(extra) => Duration::from_secs(1u64 << extra.min(3)).min(MAX_DELAY),
        })
    }

    /// Counts a failure; returns the account's failures in the window.
    pub fn failed(&self, email: &str, ip: &str, now: i64) -> u32 {
        let account = Self::account(email);
        let mut map = self.counts.lock().unwrap_or_else(|e| e.into_inner());
        let mut bump = |key| {
            let entry = map.entry(key).or_insert((0, now));
            if now - entry.1 >= FAILURE_WINDOW_SECS {
                *entry = (0, now);
            }
            entry.0 += 1;
            entry.0
        };
        bump((account.clone(), Some(ip.to_owned())));
        bump((account, None))
    }

    /// A successful sign-in clears its address's failures (the account's
    /// count stays: an attack elsewhere goes on).
    pub fn succeeded(&self, email: &str, ip: &str) {
        let mut map = self.counts.lock().unwrap_or_else(|e| e.into_inner());
        map.remove(&(Self::account(email), Some(ip.to_owned())));
    }

    /// Drops counts whose window has passed.
    pub fn prune(&self, now: i64) {
        let mut map = self.counts.lock().unwrap_or_else(|e| e.into_inner());
        map.retain(|_, (_, since)| now - *since < FAILURE_WINDOW_SECS);
        map.shrink_to_fit();
    }

    /// Entries remembered (for tests of pruning).
    pub fn len(&self) -> usize {
        self.counts.lock().unwrap_or_else(|e| e.into_inner()).len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_device_cannot_flood() {
        let limits = RateLimits::default();
        let allowed = (0..50)
            .filter(|_| limits.allow_survey("device-x", "198.51.100.1"))
            .count();
        assert_eq!(allowed, 10);
        limits.clock.advance(Duration::from_secs(60));
        assert!(limits.allow_survey("device-x", "198.51.100.1"));
        assert!(!limits.allow_survey("device-x", "198.51.100.1"));
    }

    #[test]
    fn limiters_forget_idle_keys() {
        let limits = RateLimits::default();
        for i in 0..1000 {
            assert!(limits.allow_survey(&format!("device-{i}"), &format!("ip-{i}")));
            assert!(limits.allow_device_token(&format!("ip-{i}")));
        }
        limits.login_failures.failed("a@x.pl", "ip", 0);
        assert_eq!(limits.survey_per_device.len(), 1000);
        limits.prune(0);
        assert_eq!(limits.survey_per_device.len(), 1000, "still limiting");
        limits.clock.advance(Duration::from_secs(20 * 60));
        limits.prune(FAILURE_WINDOW_SECS);
        assert!(limits.survey_per_device.is_empty());
        assert!(limits.survey_per_ip.is_empty());
        assert!(limits.device_tokens_per_ip.is_empty());
        assert!(limits.login_failures.is_empty());
    }

    #[test]
    fn failures_refuse_the_address_and_slow_the_account() {
        let f = LoginFailures::default();
        for _ in 0..MAX_FAILURES {
            assert_eq!(
                f.gate("A@x.pl", "attacker", 100),
                LoginGate::Proceed(Duration::ZERO)
            );
            f.failed("a@x.pl", "attacker", 100);
        }
        assert_eq!(f.gate("a@X.pl", "attacker", 101), LoginGate::Refused);
        // The owner, elsewhere, is slowed down, never refused.
        assert_eq!(
            f.gate("a@x.pl", "owner", 101),
            LoginGate::Proceed(Duration::from_secs(1))
        );
        for i in 0..10 {
            f.failed("a@x.pl", &format!("bot-{i}"), 102);
        }
        assert_eq!(
            f.gate("a@x.pl", "owner", 103),
            LoginGate::Proceed(MAX_DELAY)
        );
        // After the window, all is forgotten.
        assert_eq!(
            f.gate("a@x.pl", "attacker", 100 + FAILURE_WINDOW_SECS),
            LoginGate::Proceed(Duration::ZERO)
        );
    }
}
