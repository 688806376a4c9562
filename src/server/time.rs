//! Kraków time: turning UTC instants into Europe/Warsaw wall-clock values and back.

use crate::domain::{Instant, LocalDateTime};
use chrono::{Datelike, NaiveDate, TimeZone, Timelike, Utc};
use chrono_tz::Europe::Warsaw;

/// The instant `utc` (seconds) with its wall-clock time in Kraków.
pub fn instant(utc: i64) -> Instant {
    let local = Utc
        .timestamp_opt(utc, 0)
        .single()
        .unwrap_or_default()
        .with_timezone(&Warsaw);
    Instant {
        utc,
        local: LocalDateTime {
            year: local.year(),
            month: local.month(),
            day: local.day(),
            weekday: local.weekday().num_days_from_monday(),
            hour: local.hour(),
            minute: local.minute(),
        },
    }
}

/// The UTC seconds of a Kraków wall-clock time; `None` if it does not exist
/// (skipped by the spring change) or the date is invalid. An ambiguous
/// autumn time resolves to its first occurrence.
pub fn warsaw(year: i32, month: u32, day: u32, hour: u32, minute: u32) -> Option<i64> {
    let naive = NaiveDate::from_ymd_opt(year, month, day)?.and_hms_opt(hour, minute, 0)?;
    Warsaw
        .from_local_datetime(&naive)
        .earliest()
        .map(|t| t.timestamp())
}

/// The Kraków calendar day of an instant, `YYYY-MM-DD`.
pub fn warsaw_day(utc: i64) -> String {
    let l = instant(utc).local;
    format!("{:04}-{:02}-{:02}", l.year, l.month, l.day)
}

/// The start of an instant's Kraków calendar day (UTC seconds).
pub fn warsaw_day_start(utc: i64) -> i64 {
    let l = instant(utc).local;
    warsaw(l.year, l.month, l.day, 0, 0).unwrap_or(utc - utc.rem_euclid(86_400))
}

/// A date (`YYYY-MM-DD`) and a time (`HH:MM`) as entered in Kraków, to UTC
/// seconds; an error names `date_field` or `time_field`, whichever is wrong
/// (a time skipped by the spring change is the time's fault).
pub fn parse_warsaw(
    date: &str,
    time: &str,
    date_field: &str,
    time_field: &str,
) -> Result<i64, crate::error::AppError> {
    use crate::error::{AppError, Invalid};
    let bad_date = || AppError::invalid(date_field, Invalid::Malformed);
    let bad_time = || AppError::invalid(time_field, Invalid::Malformed);
    let mut d = date.trim().splitn(3, '-');
    let (Some(y), Some(m), Some(day)) = (d.next(), d.next(), d.next()) else {
        return Err(bad_date());
    };
    let (Ok(y), Ok(m), Ok(day)) = (y.parse(), m.parse(), day.parse()) else {
        return Err(bad_date());
    };
    let (h, min) = time.trim().split_once(':').ok_or_else(bad_time)?;
    let (Ok(h), Ok(min)) = (h.parse(), min.parse()) else {
        return Err(bad_time());
    };
    NaiveDate::from_ymd_opt(y, m, day).ok_or_else(bad_date)?;
    warsaw(y, m, day, h, min).ok_or_else(bad_time)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summer_time_starts_on_26_march_2028() {
        // 21 March 17:30 CET = 16:30 UTC; 28 March 17:30 CEST = 15:30 UTC.
        let before = warsaw(2028, 3, 21, 17, 30).unwrap();
        let after = warsaw(2028, 3, 28, 17, 30).unwrap();
        assert_eq!(before % 86_400, 16 * 3600 + 30 * 60);
        assert_eq!(after % 86_400, 15 * 3600 + 30 * 60);
        assert_eq!(instant(after).local.hour, 17);
        assert_eq!(instant(after).local.weekday, 1); // Tuesday
    }

    #[test]
    fn skipped_hour_does_not_exist() {
        assert!(warsaw(2028, 3, 26, 2, 30).is_none());
    }

    #[test]
    fn day_is_local() {
        // 3 March 2028 23:59 Warsaw is 22:59 UTC, still the 3rd in Kraków.
        let t = warsaw(2028, 3, 3, 23, 59).unwrap();
        assert_eq!(warsaw_day(t), "2028-03-03");
        assert_eq!(warsaw_day(t + 120), "2028-03-04");
        assert_eq!(warsaw_day_start(t), warsaw(2028, 3, 3, 0, 0).unwrap());
    }
}
