//! Server-side postulate rules: the checks every postulate passes, storing
//! it exactly once (a replay gets the same code, the same id with other
//! content is a conflict), and the lookups the live views share. Server
//! only; used by the postulates' and the moderators' server functions.

use super::model::{LiveState, PublicPostulate, MAX_CHARS, MIN_CHARS};
use crate::domain::{Id, Meeting};
use crate::error::{AppError, Invalid};
use crate::server::catalog::Catalog;
use crate::server::db::postulates::{NewPostulate, PostulateInsert, StoredPostulate};
use crate::server::secrets::{sha256_hex, short_code};
use crate::server::AppState;

/// A postulate's wording: control characters dropped, trimmed, 10–1,000
/// characters.
pub fn wording(text: &str) -> Result<String, AppError> {
    let text: String = text
        .chars()
        .filter(|c| !c.is_control() || *c == '\n')
        .collect::<String>()
        .trim()
        .to_owned();
    match text.chars().count() {
        0 => Err(AppError::invalid("body", Invalid::Missing)),
        n if n < MIN_CHARS => Err(AppError::invalid("body", Invalid::TooShort)),
        n if n > MAX_CHARS => Err(AppError::invalid("body", Invalid::TooLong)),
        _ => Ok(text),
    }
}

/// A numeric id from a form field, or `field` is invalid.
pub fn id_field(value: &str, field: &str) -> Result<Id, AppError> {
    value
        .trim()
        .parse()
        .map_err(|_| AppError::invalid(field, Invalid::Malformed))
}

/// A meeting of the current round.
pub fn meeting(catalog: &Catalog, id: &str) -> Result<Meeting, AppError> {
    let id: Id = id.trim().parse().map_err(|_| AppError::NotFound)?;
    catalog
        .meetings
        .iter()
        .find(|m| m.id == id)
        .cloned()
        .ok_or(AppError::NotFound)
}

/// The round's meetings as filter choices: (id, "district — dd.mm.yyyy").
pub fn meeting_choices(catalog: &Catalog) -> Vec<(Id, String)> {
    catalog
        .meetings
        .iter()
        .map(|m| {
            let l = &m.starts_at.local;
            let when = format!("{:02}.{:02}.{}", l.day, l.month, l.year);
            (m.id, format!("{} — {when}", m.district.label()))
        })
        .collect()
}

/// A theme of the round by id (blank: none).
pub fn theme(catalog: &Catalog, value: Option<&str>) -> Result<Option<Id>, AppError> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => {
            let id = id_field(v, "theme")?;
            catalog
                .themes
                .iter()
                .any(|t| t.id == id)
                .then_some(Some(id))
                .ok_or_else(|| AppError::invalid("theme", Invalid::Unknown))
        }
    }
}

/// A district of the round by id (blank: the meeting's).
pub fn district(catalog: &Catalog, value: Option<&str>, meeting: &Meeting) -> Result<Id, AppError> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(meeting.district.id),
        Some(v) => {
            let id = id_field(v, "district")?;
            catalog
                .districts
                .iter()
                .any(|d| d.id == id)
                .then_some(id)
                .ok_or_else(|| AppError::invalid("district", Invalid::Unknown))
        }
    }
}

/// What a resident (or a moderator for a speaker) submits.
pub struct Submission<'a> {
    pub meeting: &'a str,
    pub client_id: Option<&'a str>,
    pub body: &'a str,
    pub district: Option<&'a str>,
    pub theme: Option<&'a str>,
    /// The moderator typing it in for a speaker (the meeting need not be open).
    pub on_behalf_of: Option<Id>,
}

/// Checks a postulate and stores it exactly once; its code.
pub async fn submit(s: &AppState, sub: Submission<'_>) -> Result<String, AppError> {
    let catalog = s.catalog().await?;
    let meeting = meeting(&catalog, sub.meeting)?;
    if let Some(client_id) = sub.client_id {
        if uuid::Uuid::parse_str(client_id).is_err() {
            return Err(AppError::invalid("client_id", Invalid::Malformed));
        }
    }
    let body = wording(sub.body)?;
    let district_id = district(&catalog, sub.district, &meeting)?;
    let theme_id = theme(&catalog, sub.theme)?;
    let hash = sha256_hex(
        serde_json::json!({
            "meeting": meeting.id, "district": district_id, "theme": theme_id, "body": body,
        })
        .to_string()
        .as_bytes(),
    );
    let replay = |stored: StoredPostulate| {
        if stored.content_hash.as_deref() == Some(hash.as_str()) {
            Ok(stored.code)
        } else {
            Err(AppError::Conflict)
        }
    };
    // A replay first: a postulate stored just before the meeting closed
    // whose response was lost gets its code, not "closed".
    if let Some(client_id) = sub.client_id {
        if let Some(stored) = s.repo.postulate_by_client_id(client_id).await? {
            return replay(stored);
        }
    }
    // A held or cancelled meeting takes none, whatever its live state says;
    // a moderator may still type in what a speaker said at an open one.
    if meeting.status.is_over()
        || (sub.on_behalf_of.is_none() && !s.repo.live_state(meeting.id).await?.open)
    {
        return Err(AppError::PostulatesClosed);
    }
    let now = s.clock.now_ts();
    let new = NewPostulate {
        round_id: catalog.round.id,
        meeting_id: meeting.id,
        district_id,
        theme_id,
        body,
        client_id: sub.client_id.map(str::to_owned),
        content_hash: Some(hash.clone()),
        code: short_code(),
        submitted_on: crate::server::time::warsaw_day_start(now),
        on_behalf_of: sub.on_behalf_of,
        now,
    };
    let (outcome, events) = s.repo.insert_postulate(&new).await?;
    crate::server::live::announce(s, &events);
    match outcome {
        PostulateInsert::Stored { code, .. } => Ok(code),
        PostulateInsert::DuplicateClientId => replay(
            s.repo
                .postulate_by_client_id(sub.client_id.unwrap_or_default())
                .await?
                .ok_or(AppError::Unavailable)?,
        ),
    }
}

/// The error for a change based on an older version: the postulate as it
/// is now, its status named in both languages.
pub fn stale(now: super::model::QueueItem) -> AppError {
    AppError::Stale {
        version: now.version,
        status: crate::domain::Bilingual::of(|lang| super::texts::texts(lang).status(now.status)),
        body: now.body,
    }
}

/// The keyed hash "me too" is counted by: per round and device.
pub fn support_key(s: &AppState, round_id: Id, device: &str) -> String {
    s.signer.sign("support", &[&round_id.to_string(), device])
}

/// The cookie with the codes of the postulates this phone sent, newest
/// first: kept on the phone only (the server stores no device with a
/// postulate), so the live page can list them ("Twoje postulaty").
pub const CODES_COOKIE: &str = "poro_codes";
/// How many codes the cookie keeps.
const KEEP_CODES: usize = 20;

/// The codes this request's phone sent (well-formed ones only).
pub fn sent_codes() -> Vec<String> {
    crate::server::request_cookie(CODES_COOKIE)
        .map(|v| parse_codes(&v))
        .unwrap_or_default()
}

fn parse_codes(value: &str) -> Vec<String> {
    value
        .split('.')
        .filter(|c| crate::server::secrets::is_short_code(c))
        .take(KEEP_CODES)
        .map(str::to_owned)
        .collect()
}

/// Adds a code to the phone's list (newest first, each once, at most
/// [`KEEP_CODES`]).
pub fn remember_code(s: &AppState, code: &str) {
    let mut codes = sent_codes();
    codes.retain(|c| c != code);
    codes.insert(0, code.to_owned());
    codes.truncate(KEEP_CODES);
    crate::server::set_cookie(s, CODES_COOKIE, &codes.join("."), 31_536_000, false);
}

/// A meeting's live list and state, and the last event they include.
pub async fn live_snapshot(
    s: &AppState,
    meeting_id: Id,
) -> Result<(LiveState, Vec<PublicPostulate>, i64), AppError> {
    // The event id first: an event committed meanwhile is sent again by
    // the stream, and applying it twice is harmless (it replaces).
    let last_event = s.repo.last_event_id(meeting_id).await?;
    let state = s.repo.live_state(meeting_id).await?;
    let items = s.repo.live_postulates(meeting_id).await?;
    Ok((state, items, last_event))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_phones_codes_cookie_keeps_only_well_formed_codes() {
        assert_eq!(
            parse_codes("BB8KS-H4PGK.<script>.bb8ks-h4pgk..AAAAA-BBBBB"),
            ["BB8KS-H4PGK", "AAAAA-BBBBB"]
        );
        let many = vec!["AAAAA-BBBBB"; 30].join(".");
        assert_eq!(parse_codes(&many).len(), KEEP_CODES);
    }

    #[test]
    fn wording_is_trimmed_and_bounded() {
        assert_eq!(
            wording("  Więcej ławek\u{7}  w parku ").unwrap(),
            "Więcej ławek  w parku"
        );
        assert_eq!(
            wording("za krótko"),
            Err(AppError::invalid("body", Invalid::TooShort))
        );
        assert_eq!(
            wording(" "),
            Err(AppError::invalid("body", Invalid::Missing))
        );
        assert_eq!(
            wording(&"ą".repeat(1001)),
            Err(AppError::invalid("body", Invalid::TooLong))
        );
        assert!(wording(&"ą".repeat(1000)).is_ok());
    }
}
