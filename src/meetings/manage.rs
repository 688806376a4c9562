//! Checks and effects of staff changes to meetings (server only): the form
//! fields parsed and checked, the change stored, audited, and the cached
//! calendar invalidated so every page shows it at once.

use crate::domain::{Id, Meeting, MeetingStatus};
use crate::error::{AppError, Invalid};
use crate::server::db::MeetingChange;
use crate::server::AppState;

/// Longest reason for a move or a cancellation.
pub const REASON_MAX_CHARS: usize = 500;

/// A meeting id from a form field.
pub fn meeting_id(field: &str) -> Result<Id, AppError> {
    field
        .trim()
        .parse()
        .map_err(|_| AppError::invalid("meeting", Invalid::Malformed))
}

/// A required reason, trimmed.
pub fn reason(text: &str) -> Result<String, AppError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(AppError::invalid("reason", Invalid::Missing));
    }
    if text.chars().count() > REASON_MAX_CHARS {
        return Err(AppError::invalid("reason", Invalid::TooLong));
    }
    Ok(text.to_owned())
}

/// `YYYY-MM-DD` and `HH:MM` in Kraków to UTC seconds; `field` names the
/// time field in errors.
fn warsaw_instant(date: &str, time: &str, field: &str) -> Result<i64, AppError> {
    let mut d = date.trim().splitn(3, '-');
    let (Some(y), Some(m), Some(day)) = (d.next(), d.next(), d.next()) else {
        return Err(AppError::invalid("date", Invalid::Malformed));
    };
    let (Ok(y), Ok(m), Ok(day)) = (y.parse(), m.parse(), day.parse()) else {
        return Err(AppError::invalid("date", Invalid::Malformed));
    };
    let Some((h, min)) = time.trim().split_once(':') else {
        return Err(AppError::invalid(field, Invalid::Malformed));
    };
    let (Ok(h), Ok(min)) = (h.parse(), min.parse()) else {
        return Err(AppError::invalid(field, Invalid::Malformed));
    };
    // A date that does not exist is the date's fault; a time that does not
    // exist (skipped by the spring change) is the time's.
    chrono::NaiveDate::from_ymd_opt(y, m, day)
        .ok_or_else(|| AppError::invalid("date", Invalid::Malformed))?;
    crate::server::time::warsaw(y, m, day, h, min)
        .ok_or_else(|| AppError::invalid(field, Invalid::Malformed))
}

/// A move's new time, checked: a real date and times, the end after the
/// start, inside the round's meeting period.
pub fn new_time(
    meeting: &Meeting,
    date: &str,
    begins: &str,
    ends: &str,
    round: &crate::domain::Round,
) -> Result<(i64, i64), AppError> {
    let starts_at = warsaw_instant(date, begins, "begins")?;
    let ends_at = warsaw_instant(date, ends, "ends")?;
    if ends_at <= starts_at {
        return Err(AppError::invalid("ends", Invalid::EndBeforeStart));
    }
    let from = round.meetings_from.map_or(i64::MIN, |i| i.utc);
    let until = round.meetings_until.map_or(i64::MAX, |i| i.utc);
    if starts_at < from || ends_at > until {
        return Err(AppError::invalid("date", Invalid::OutOfRange));
    }
    if meeting.status == MeetingStatus::Held {
        return Err(AppError::invalid("meeting", Invalid::Unknown));
    }
    Ok((starts_at, ends_at))
}

/// The meeting `id` of the active round (staff change only those).
pub async fn current_meeting(s: &AppState, id: Id) -> Result<Meeting, AppError> {
    s.catalog()
        .await?
        .meetings
        .iter()
        .find(|m| m.id == id)
        .cloned()
        .ok_or_else(|| AppError::invalid("meeting", Invalid::Unknown))
}

/// Stores a change, audits it and refreshes the cached calendar.
pub async fn apply(
    s: &AppState,
    user: &crate::domain::StaffUser,
    meeting: &Meeting,
    change: MeetingChange,
) -> Result<Meeting, AppError> {
    let now = s.clock.now_ts();
    let updated = s
        .repo
        .change_meeting(meeting.id, &change, now)
        .await?
        .ok_or(AppError::NotFound)?;
    s.catalog.invalidate();
    let (action, details) = match &change {
        MeetingChange::Move {
            starts_at, reason, ..
        } => (
            "meeting_moved",
            format!(
                "{} -> {}: {reason}",
                crate::ui::iso_utc(meeting.starts_at.utc),
                crate::ui::iso_utc(*starts_at)
            ),
        ),
        MeetingChange::Cancel { reason } => ("meeting_cancelled", reason.clone()),
        MeetingChange::Held => ("meeting_held", String::new()),
    };
    crate::server::auth::audit(
        s,
        Some(user.id),
        action,
        "meeting",
        Some(&meeting.id.to_string()),
        Some(&details).filter(|d| !d.is_empty()).map(String::as_str),
    )
    .await?;
    Ok(updated)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_times_become_utc_on_both_sides_of_the_spring_change() {
        // 21 March 2028 is winter time (UTC+1), 28 March summer time (UTC+2).
        let winter = warsaw_instant("2028-03-21", "17:30", "begins").unwrap();
        let summer = warsaw_instant("2028-03-28", "17:30", "begins").unwrap();
        assert_eq!(winter % 86_400, 16 * 3600 + 1800);
        assert_eq!(summer % 86_400, 15 * 3600 + 1800);
        // 02:30 on 26 March 2028 does not exist in Kraków.
        assert_eq!(
            warsaw_instant("2028-03-26", "02:30", "begins").unwrap_err(),
            AppError::invalid("begins", Invalid::Malformed)
        );
        assert_eq!(
            warsaw_instant("2028-02-30", "17:00", "begins").unwrap_err(),
            AppError::invalid("date", Invalid::Malformed)
        );
        assert_eq!(
            warsaw_instant("jutro", "17:00", "begins").unwrap_err(),
            AppError::invalid("date", Invalid::Malformed)
        );
    }

    #[test]
    fn a_reason_is_required_and_bounded() {
        assert_eq!(reason("  remont sali ").unwrap(), "remont sali");
        assert_eq!(
            reason("   ").unwrap_err(),
            AppError::invalid("reason", Invalid::Missing)
        );
        assert_eq!(
            reason(&"x".repeat(REASON_MAX_CHARS + 1)).unwrap_err(),
            AppError::invalid("reason", Invalid::TooLong)
        );
    }
}
