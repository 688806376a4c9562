//! The injected clock. Code never reads the wall clock directly: it asks the
//! [`Clock`] in [`super::AppState`], which tests and demos pin to an instant.

use chrono::{DateTime, Utc};

pub trait Clock: Send + Sync + std::fmt::Debug {
    fn now(&self) -> DateTime<Utc>;

    /// Now, as UTC seconds.
    fn now_ts(&self) -> i64 {
        self.now().timestamp()
    }
}

/// The real time.
#[derive(Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock stopped at one instant (config `now` / `PORO_NOW`, tests).
#[derive(Debug, Clone, Copy)]
pub struct FixedClock(pub DateTime<Utc>);

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        self.0
    }
}
