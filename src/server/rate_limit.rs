//! Rate limits on submissions and sign-ins: tight per device or account,
//! loose per IP address — a meeting hall, a school or a library puts
//! hundreds of phones behind one public address. In memory, per instance;
//! nothing here is stored or logged.

use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::num::NonZeroU32;

pub struct RateLimits {
    /// Survey submissions per device token: 10 at once, then 1 a minute.
    pub survey_per_device: DefaultKeyedRateLimiter<String>,
    /// Survey submissions per IP address: 600 at once, then 100 a minute
    /// (so 300 devices in one hall can all answer within minutes).
    pub survey_per_ip: DefaultKeyedRateLimiter<String>,
    /// Sign-in attempts per IP address: 60 at once, then 20 a minute.
    pub login_per_ip: DefaultKeyedRateLimiter<String>,
    /// Failed sign-ins per account (the tight limit).
    pub login_failures: crate::server::auth::LoginFailures,
}

fn quota(burst: u32, per_minute: u32) -> Quota {
    Quota::per_minute(NonZeroU32::new(per_minute).unwrap_or(NonZeroU32::MIN))
        .allow_burst(NonZeroU32::new(burst).unwrap_or(NonZeroU32::MIN))
}

impl Default for RateLimits {
    fn default() -> Self {
        Self::new((10, 1), (600, 100))
    }
}

impl RateLimits {
    /// Limits as (burst, then per minute), per device and per IP address.
    pub fn new(per_device: (u32, u32), per_ip: (u32, u32)) -> Self {
        Self {
            survey_per_device: RateLimiter::keyed(quota(per_device.0, per_device.1)),
            survey_per_ip: RateLimiter::keyed(quota(per_ip.0, per_ip.1)),
            login_per_ip: RateLimiter::keyed(quota(60, 20)),
            login_failures: Default::default(),
        }
    }
}

impl RateLimits {
    /// Whether one more survey submission is allowed for this device and address.
    pub fn allow_survey(&self, device: &str, ip: &str) -> bool {
        self.survey_per_device.check_key(&device.to_owned()).is_ok()
            && self.survey_per_ip.check_key(&ip.to_owned()).is_ok()
    }
}

impl RateLimits {
    /// Whether one more sign-in attempt is allowed from this address.
    pub fn allow_login(&self, ip: &str) -> bool {
        self.login_per_ip.check_key(&ip.to_owned()).is_ok()
    }
}

impl std::fmt::Debug for RateLimits {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RateLimits")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hall_of_phones_fits_but_one_device_does_not_flood() {
        let limits = RateLimits::default();
        for i in 0..300 {
            assert!(limits.allow_survey(&format!("device-{i}"), "203.0.113.7"));
        }
        let mut allowed = 0;
        for _ in 0..50 {
            if limits.allow_survey("device-x", "198.51.100.1") {
                allowed += 1;
            }
        }
        assert_eq!(allowed, 10);
    }
}
