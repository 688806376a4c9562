//! Checks and effects of staff changes to meetings (server only): the form
//! fields parsed and checked, the change stored, audited, and the cached
//! calendar invalidated so every page shows it at once.

use crate::domain::{Id, Meeting, MeetingStatus};
use crate::error::{AppError, Invalid};
use crate::server::db::{MeetingChange, MeetingDetails};
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
/// time field in errors (the date's is `date`).
fn warsaw_instant(date: &str, time: &str, field: &str) -> Result<i64, AppError> {
    crate::server::time::parse_warsaw(date, time, "date", field)
}

/// A meeting's time, checked: a real date and times, the end after the
/// start, inside the round's meeting period.
pub fn meeting_time(
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
    Ok((starts_at, ends_at))
}

/// A move's new time: as [`meeting_time`]; a meeting already held stays.
pub fn new_time(
    meeting: &Meeting,
    date: &str,
    begins: &str,
    ends: &str,
    round: &crate::domain::Round,
) -> Result<(i64, i64), AppError> {
    if meeting.status == MeetingStatus::Held {
        return Err(AppError::invalid("meeting", Invalid::Unknown));
    }
    meeting_time(date, begins, ends, round)
}

/// Longest venue, address or room.
pub const PLACE_MAX_CHARS: usize = 200;

fn required(field: &str, text: &str) -> Result<String, AppError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(AppError::invalid(field, Invalid::Missing));
    }
    if text.chars().count() > PLACE_MAX_CHARS {
        return Err(AppError::invalid(field, Invalid::TooLong));
    }
    Ok(text.to_owned())
}

/// The form's place, accessibility and officials, checked. `officials` has
/// one attendee per line: `name; title; department code` (the code may be
/// left out); `departments` are (code, id).
pub fn details(
    venue: &str,
    address: &str,
    room: &str,
    accessibility: &[(crate::domain::Accessibility, bool)],
    officials: &str,
    departments: &[(String, Id)],
) -> Result<MeetingDetails, AppError> {
    let room = room.trim();
    if room.chars().count() > PLACE_MAX_CHARS {
        return Err(AppError::invalid("room", Invalid::TooLong));
    }
    let mut attendees = Vec::new();
    for line in officials.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let mut parts = line.split(';').map(str::trim);
        let (Some(name), Some(title)) = (parts.next(), parts.next()) else {
            return Err(AppError::invalid("officials", Invalid::Malformed));
        };
        if name.is_empty() || title.is_empty() || line.chars().count() > PLACE_MAX_CHARS {
            return Err(AppError::invalid("officials", Invalid::Malformed));
        }
        let department = match parts.next().filter(|c| !c.is_empty()) {
            Some(code) => Some(
                departments
                    .iter()
                    .find(|(c, _)| c.eq_ignore_ascii_case(code))
                    .map(|(_, id)| *id)
                    .ok_or_else(|| AppError::invalid("officials", Invalid::Unknown))?,
            ),
            None => None,
        };
        attendees.push((name.to_owned(), title.to_owned(), department));
    }
    if attendees.len() > 20 {
        return Err(AppError::invalid("officials", Invalid::TooMany));
    }
    Ok(MeetingDetails {
        venue: required("venue", venue)?,
        address: required("address", address)?,
        room: (!room.is_empty()).then(|| room.to_owned()),
        accessibility: accessibility
            .iter()
            .filter(|(_, on)| *on)
            .map(|(a, _)| a.code().to_owned())
            .collect(),
        officials: attendees,
    })
}

/// The place, accessibility and officials fields both meeting forms
/// (create, edit) post, as received.
pub struct PlaceForm<'a> {
    pub venue: &'a str,
    pub address: &'a str,
    pub room: &'a str,
    pub step_free: bool,
    pub induction_loop: bool,
    pub sign_language: bool,
    pub officials: &'a str,
}

impl PlaceForm<'_> {
    /// The fields checked, officials' department codes resolved.
    pub async fn details(&self, s: &AppState) -> Result<MeetingDetails, AppError> {
        use crate::domain::Accessibility;
        let access = [
            (Accessibility::StepFree, self.step_free),
            (Accessibility::InductionLoop, self.induction_loop),
            (Accessibility::SignLanguage, self.sign_language),
        ];
        details(
            self.venue,
            self.address,
            self.room,
            &access,
            self.officials,
            &department_codes(s).await?,
        )
    }
}

/// The department codes and ids officials may name.
pub async fn department_codes(s: &AppState) -> Result<Vec<(String, Id)>, AppError> {
    Ok(s.repo
        .departments()
        .await?
        .into_iter()
        .map(|d| (d.code, d.id))
        .collect())
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
    s.changed(crate::server::live::Changed::CATALOG);
    if updated.status.is_over() {
        // Postulates close with the meeting (live pages are told).
        let events = s
            .repo
            .change_live_state(
                meeting.id,
                crate::postulates::model::LiveChange::Open(false),
            )
            .await?;
        crate::server::live::announce(s, &events);
    }
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
    fn details_are_checked() {
        use crate::domain::Accessibility;
        let deps = vec![("ZZM".to_owned(), 3)];
        let access = [
            (Accessibility::StepFree, true),
            (Accessibility::SignLanguage, false),
        ];
        let d = details(
            " Dom Kultury ",
            "ul. Długa 1",
            "",
            &access,
            "Anna Nowak; dyrektorka; zzm\n\nJan Kowalski; radny",
            &deps,
        )
        .unwrap();
        assert_eq!(d.venue, "Dom Kultury");
        assert_eq!(d.room, None);
        assert_eq!(d.accessibility, vec!["step_free"]);
        assert_eq!(
            d.officials,
            vec![
                ("Anna Nowak".into(), "dyrektorka".into(), Some(3)),
                ("Jan Kowalski".into(), "radny".into(), None)
            ]
        );
        let err = |venue: &str, address: &str, officials: &str| {
            details(venue, address, "", &access, officials, &deps).unwrap_err()
        };
        assert_eq!(
            err(" ", "a", ""),
            AppError::invalid("venue", Invalid::Missing)
        );
        assert_eq!(
            err("v", "", ""),
            AppError::invalid("address", Invalid::Missing)
        );
        assert_eq!(
            err("v", "a", "tylko imię"),
            AppError::invalid("officials", Invalid::Malformed)
        );
        assert_eq!(
            err("v", "a", "A; b; XYZ"),
            AppError::invalid("officials", Invalid::Unknown)
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
