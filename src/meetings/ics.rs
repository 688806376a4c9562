//! Calendar feeds of the meetings (RFC 5545), server only: one meeting
//! ("add to calendar"), one district, or the whole round, at
//! `/kalendarz/spotkanie-<id>.ics`, `/kalendarz/dzielnica-<numeral>.ics` and
//! `/kalendarz/spotkania.ics` (also subscribed to as `webcal://`).
//!
//! Times are UTC (`…Z`), so no VTIMEZONE is needed and every client places
//! them right across the daylight-saving change. UIDs depend only on the
//! meeting's id (stable across requests and restarts); SEQUENCE is the
//! meeting's change counter, so a subscribed phone updates the event when a
//! meeting moves or is cancelled.

use super::feeds::Feed;
use crate::domain::{Meeting, MeetingStatus};
use crate::i18n::Lang;
use crate::server::AppState;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use icalendar::{Calendar, Component, Event, EventLike, EventStatus};

fn utc(ts: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(ts, 0).unwrap_or_default()
}

/// The calendar event of one meeting. `base` is the site's address
/// (`https://…`, no trailing slash); `issued` is the feed's DTSTAMP.
pub fn event(meeting: &Meeting, base: &str, issued: i64, lang: Lang) -> Event {
    let mt = super::texts::texts(lang);
    let page = format!("{base}/spotkania/{}", meeting.id);
    let mut location = format!("{}, {}, Kraków", meeting.venue, meeting.address);
    if let Some(room) = &meeting.room {
        location = format!("{room}, {location}");
    }
    let mut description = String::from(mt.ics_description);
    if let Some(reason) = &meeting.status_reason {
        let what = match meeting.status {
            MeetingStatus::Cancelled => mt.ics_cancelled,
            _ => mt.ics_moved,
        };
        description.push_str(&format!("\n{what}: {reason}"));
    }
    description.push_str(&format!("\n{}: {page}", mt.ics_details));
    let mut event = Event::new();
    event
        .uid(&format!("spotkanie-{}@porozmawiajmy.krakow", meeting.id))
        .timestamp(utc(issued))
        .last_modified(utc(meeting.changed_at.max(0)))
        .sequence(u32::try_from(meeting.sequence).unwrap_or(0))
        .summary(&format!("{} {}", mt.ics_summary, meeting.district.label()))
        .starts(utc(meeting.starts_at.utc))
        .ends(utc(meeting.ends_at.utc))
        .location(&location)
        .description(&description)
        .url(&page)
        .status(if meeting.status == MeetingStatus::Cancelled {
            EventStatus::Cancelled
        } else {
            EventStatus::Confirmed
        });
    event.done()
}

/// A calendar of `meetings` named `name`.
pub fn calendar(name: &str, meetings: &[&Meeting], base: &str, issued: i64, lang: Lang) -> String {
    let mut calendar = Calendar::new();
    calendar.name(name);
    calendar.append_property(icalendar::Property::new(
        "PRODID",
        "-//Porozmawiajmy o Krakowie//Spotkania//PL",
    ));
    for meeting in meetings {
        calendar.push(event(meeting, base, issued, lang));
    }
    calendar.done().to_string()
}

/// `GET /kalendarz/<file>.ics`.
pub async fn serve(
    State(s): State<AppState>,
    Path(file): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    let lang = crate::i18n::feed_lang(query.as_deref(), &headers);
    let mt = super::texts::texts(lang);
    let Some(feed) = Feed::parse(&file) else {
        return (StatusCode::NOT_FOUND, "no such calendar").into_response();
    };
    let catalog = match s.catalog().await {
        Ok(catalog) => catalog,
        Err(err) => {
            let status = StatusCode::from_u16(err.status()).unwrap_or(StatusCode::NOT_FOUND);
            return (status, "calendar unavailable").into_response();
        }
    };
    let (name, meetings): (String, Vec<&Meeting>) = match &feed {
        Feed::All => (mt.ics_all.into(), catalog.meetings.iter().collect()),
        Feed::District(numeral) => (
            format!("{} {numeral}", mt.ics_district),
            catalog
                .meetings
                .iter()
                .filter(|m| &m.district.numeral == numeral)
                .collect(),
        ),
        Feed::Meeting(id) => (
            crate::i18n::texts(lang).page().site_name.into(),
            catalog.meetings.iter().filter(|m| m.id == *id).collect(),
        ),
    };
    if meetings.is_empty() {
        return (StatusCode::NOT_FOUND, "no such calendar").into_response();
    }
    let base = crate::server::site_url(&s, &headers);
    let body = calendar(&name, &meetings, &base, s.clock.now_ts(), lang);
    (
        [
            (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "inline; filename=\"spotkania.ics\"",
            ),
        ],
        body,
    )
        .into_response()
}
