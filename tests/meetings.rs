//! The meeting calendar over the real router and a real SQLite file: the
//! calendar feeds read back by an independent parser (PyPI's `icalendar`,
//! installed by scripts/setup.sh), staff changes with their bad input, and
//! the pages.

mod common;

use common::{error_field, post, session, user};
use http::StatusCode;
use porozmawiajmy::domain::Role;
use serde_json::Value;

/// The events of an .ics text as the Python `icalendar` package reads them.
fn parse_ics(ics: &str) -> Vec<Value> {
    let python = std::env::var("PORO_PYTHON").unwrap_or_else(|_| "python3".into());
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("feed.ics");
    std::fs::write(&file, ics).unwrap();
    let script = r#"
import json, sys, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
out = []
for e in cal.walk('VEVENT'):
    out.append({
        'uid': str(e['UID']),
        'start': e.decoded('DTSTART').isoformat(),
        'end': e.decoded('DTEND').isoformat(),
        'stamp': e.decoded('DTSTAMP').isoformat(),
        'sequence': int(e.get('SEQUENCE', 0)),
        'status': str(e.get('STATUS', '')),
        'url': str(e.get('URL', '')),
        'location': str(e.get('LOCATION', '')),
        'description': str(e.get('DESCRIPTION', '')),
    })
print(json.dumps(out))
"#;
    let output = std::process::Command::new(&python)
        .arg("-c")
        .arg(script)
        .arg(&file)
        .output()
        .unwrap_or_else(|e| panic!("{python} (run scripts/setup.sh): {e}"));
    assert!(
        output.status.success(),
        "the iCalendar parser refused the feed: {}\n{ics}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

fn event<'a>(events: &'a [Value], uid: &str) -> &'a Value {
    events
        .iter()
        .find(|e| e["uid"] == uid)
        .unwrap_or_else(|| panic!("no event {uid}"))
}

#[tokio::test]
async fn the_feed_parses_with_right_instants_and_stable_uids() {
    let app = common::app().await;
    let (status, headers, ics) = common::get(&app, "/kalendarz/spotkania.ics", "").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["content-type"], "text/calendar; charset=utf-8");
    let events = parse_ics(&ics);
    assert_eq!(events.len(), 7);
    // 21 March 2028 17:30 in Kraków is winter time; 28 March, after the
    // change on 26 March, summer time.
    let first = event(&events, "spotkanie-1@porozmawiajmy.krakow");
    assert_eq!(first["start"], "2028-03-21T16:30:00+00:00");
    let second = event(&events, "spotkanie-2@porozmawiajmy.krakow");
    assert_eq!(second["start"], "2028-03-28T15:30:00+00:00");
    assert_eq!(second["end"], "2028-03-28T17:30:00+00:00");
    assert!(second["location"]
        .as_str()
        .unwrap()
        .contains("ul. Sądowa 4"));
    let url = second["url"].as_str().unwrap();
    assert!(url.ends_with("/spotkania/2"), "{url}");
    assert!(second["description"].as_str().unwrap().contains(url));
    assert_eq!(second["sequence"], 0);

    // The same UIDs on another request and after a restart (a new server
    // over the same database file).
    let (_, _, again) = common::get(&app, "/kalendarz/spotkania.ics", "").await;
    let uids = |evs: &[Value]| evs.iter().map(|e| e["uid"].clone()).collect::<Vec<_>>();
    assert_eq!(uids(&parse_ics(&again)), uids(&events));
    let restarted = common::restart(&app).await;
    let (_, _, after) = common::get(&restarted, "/kalendarz/spotkania.ics", "").await;
    assert_eq!(uids(&parse_ics(&after)), uids(&events));

    // Per district and per meeting.
    let (status, _, ics) = common::get(&app, "/kalendarz/dzielnica-II.ics", "").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(parse_ics(&ics).len(), 1);
    let (status, _, ics) = common::get(&app, "/kalendarz/spotkanie-7.ics", "").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        parse_ics(&ics)[0]["uid"],
        "spotkanie-7@porozmawiajmy.krakow"
    );
    for missing in [
        "spotkanie-999.ics",
        "dzielnica-XX.ics",
        "spotkania.txt",
        "x",
    ] {
        let (status, _, _) = common::get(&app, &format!("/kalendarz/{missing}"), "").await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{missing}");
    }
}

#[tokio::test]
async fn an_admin_moves_and_cancels_and_calendars_follow() {
    let app = common::app().await;
    let admin = user(&app, "admin@krakow.test", Role::Admin).await;
    let cookie = session(&app, admin).await;
    let headers = [("cookie", cookie.as_str())];
    // The page is cached first, so the change must invalidate it.
    let (_, _, page) = common::get(&app, "/spotkania/2", "").await;
    assert!(page.contains("wtorek, 28 marca 2028"));

    let (status, _, body) = post(
        &app.state,
        "/api/admin/meetings/move",
        "meeting=2&date=2028-04-18&begins=18%3A00&ends=20%3A00&reason=Remont+auli",
        &headers,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, _, page) = common::get(&app, "/spotkania/2", "").await;
    assert!(page.contains("wtorek, 18 kwietnia 2028"), "the new date");
    assert!(
        page.contains(r#"<s data-testid="old-date">wtorek, 28 marca 2028, 17:30</s>"#),
        "the old date struck through"
    );
    assert!(page.contains("Remont auli"));

    let (status, _, body) = post(
        &app.state,
        "/api/admin/meetings/cancel",
        "meeting=3&reason=Awaria+ogrzewania",
        &headers,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");

    let events = parse_ics(&common::get(&app, "/kalendarz/spotkania.ics", "").await.2);
    let moved = event(&events, "spotkanie-2@porozmawiajmy.krakow");
    assert_eq!(moved["start"], "2028-04-18T16:00:00+00:00");
    assert_eq!(moved["sequence"], 1);
    assert!(moved["description"]
        .as_str()
        .unwrap()
        .contains("Remont auli"));
    let cancelled = event(&events, "spotkanie-3@porozmawiajmy.krakow");
    assert_eq!(cancelled["status"], "CANCELLED");
    assert_eq!(cancelled["sequence"], 1);
    // Moved again: the sequence keeps rising.
    post(
        &app.state,
        "/api/admin/meetings/move",
        "meeting=2&date=2028-04-25&begins=17%3A30&ends=19%3A30&reason=Kolizja",
        &headers,
    )
    .await;
    let events = parse_ics(&common::get(&app, "/kalendarz/dzielnica-II.ics", "").await.2);
    assert_eq!(events[0]["sequence"], 2);
    assert_eq!(events[0]["start"], "2028-04-25T15:30:00+00:00");

    // Audited.
    let audit: Vec<String> = app
        .repo
        .audit_log(50)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert!(audit.iter().any(|a| a == "meeting_moved"));
    assert!(audit.iter().any(|a| a == "meeting_cancelled"));
}

#[tokio::test]
async fn bad_meeting_changes_are_refused_and_store_nothing() {
    let app = common::app().await;
    let admin = user(&app, "admin@krakow.test", Role::Admin).await;
    let cookie = session(&app, admin).await;
    let headers = [("cookie", cookie.as_str())];
    let cases = [
        // End before start.
        (
            "meeting=2&date=2028-04-18&begins=19%3A00&ends=18%3A00&reason=x",
            "ends",
        ),
        // Unknown meeting (999) and one of an earlier round (8).
        (
            "meeting=999&date=2028-04-18&begins=18%3A00&ends=20%3A00&reason=x",
            "meeting",
        ),
        (
            "meeting=8&date=2028-04-18&begins=18%3A00&ends=20%3A00&reason=x",
            "meeting",
        ),
        // Empty reason.
        (
            "meeting=2&date=2028-04-18&begins=18%3A00&ends=20%3A00&reason=+",
            "reason",
        ),
        // Outside the round's meeting period (March–June 2028).
        (
            "meeting=2&date=2028-07-04&begins=18%3A00&ends=20%3A00&reason=x",
            "date",
        ),
        (
            "meeting=2&date=2028-02-29&begins=18%3A00&ends=20%3A00&reason=x",
            "date",
        ),
        // Not a date, not a time.
        (
            "meeting=2&date=jutro&begins=18%3A00&ends=20%3A00&reason=x",
            "date",
        ),
        (
            "meeting=2&date=2028-04-18&begins=25%3A00&ends=20%3A00&reason=x",
            "begins",
        ),
    ];
    for (body, field) in cases {
        let (status, _, text) = post(&app.state, "/api/admin/meetings/move", body, &headers).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {text}");
        assert_eq!(error_field(&text).as_deref(), Some(field), "{body}: {text}");
    }
    let (status, _, _) = post(
        &app.state,
        "/api/admin/meetings/cancel",
        "meeting=2&reason=",
        &headers,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    // Held before it starts (now is October 2027).
    let (status, _, text) = post(
        &app.state,
        "/api/staff/meetings/held",
        "meeting=2",
        &headers,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{text}");
    let meeting = app.repo.meeting(2).await.unwrap().unwrap();
    assert_eq!(meeting.sequence, 0, "nothing stored");
    assert_eq!(meeting.starts_at.local.day, 28);
    // The error is shown in Polish.
    let error: porozmawiajmy::error::AppError = serde_json::from_str(
        &post(
            &app.state,
            "/api/admin/meetings/move",
            "meeting=2&date=2028-04-18&begins=19%3A00&ends=18%3A00&reason=x",
            &headers,
        )
        .await
        .2,
    )
    .unwrap();
    assert_eq!(
        error.message(porozmawiajmy::i18n::Lang::Pl),
        "Koniec: koniec musi być później niż początek."
    );
}

#[tokio::test]
async fn list_month_live_and_poster_pages() {
    let app = common::app().await;
    let (_, _, html) = common::get(&app, "/spotkania?dzielnica=II", "").await;
    assert!(html.contains("ul. Sądowa 4"));
    // Every meeting is in the page (the filter switches in place), those of
    // other districts hidden.
    let cards: Vec<&str> = html
        .split("<li ")
        .skip(1)
        .map(|rest| &rest[..rest.find('>').unwrap()])
        .filter(|tag| tag.contains("data-district"))
        .collect();
    assert_eq!(cards.len(), 7);
    let shown: Vec<_> = cards.iter().filter(|tag| !tag.contains("hidden")).collect();
    assert_eq!(shown.len(), 1, "filtered to II");
    assert!(shown[0].contains(r#"data-district="II""#));
    assert!(html.contains(r#"data-testid="next-meeting-card""#));
    let (_, _, html) = common::get(&app, "/spotkania?widok=miesiac&miesiac=2028-03", "").await;
    assert!(html.contains("marzec 2028"));
    assert!(html.contains(r#"href="/spotkania/1""#) && html.contains(r#"href="/spotkania/2""#));
    assert!(
        !html.contains(r#"href="/spotkania/3""#),
        "April's meeting is on the next page"
    );
    assert!(html.contains("miesiac=2028-04"), "a link to the next month");
    let (status, _, html) = common::get(&app, "/spotkania/2/na-zywo", "").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(r#"data-testid="live-state""#));
    let (status, _, html) = common::get(&app, "/spotkania/2/plakat", "").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("<svg") && html.contains("/spotkania/2/na-zywo"));
    let (status, _, _) = common::get(&app, "/spotkania/999/na-zywo", "").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, _, html) = common::get(&app, "/spotkania/2", "").await;
    assert!(html.contains("wejście bez schodów"));
    assert!(html.contains(
        "https://www.openstreetmap.org/search?query=ul.%20S%C4%85dowa%204%2C%20Krak%C3%B3w"
    ));
    assert!(html.contains("/kalendarz/spotkanie-2.ics"));
    assert!(html.contains("webcal://"));
}

#[tokio::test]
async fn an_admin_adds_a_meeting_and_edits_its_venue_and_officials() {
    let app = common::app().await;
    let admin = user(&app, "admin@krakow.test", Role::Admin).await;
    let cookie = session(&app, admin).await;
    let headers = [("cookie", cookie.as_str())];
    let (_, _, _) = common::get(&app, "/spotkania", "").await;
    let (status, _, body) = post(
        &app.state,
        "/api/admin/meetings/create",
        "district=II&date=2028-05-23&begins=18%3A00&ends=20%3A00&venue=Klub+Kuźnia\
         &address=ul.+Kraszewskiego+3&room=sala+A&induction_loop=on\
         &officials=Ewa+Lis%3B+kierowniczka%3B+ZZM",
        &headers,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let id: i64 = body.trim().parse().unwrap();
    let (_, _, page) = common::get(&app, &format!("/spotkania/{id}"), "").await;
    assert!(page.contains("Klub Kuźnia") && page.contains("wtorek, 23 maja 2028"));
    assert!(page.contains("pętla indukcyjna") && page.contains("Ewa Lis"));
    let (_, _, list) = common::get(&app, "/spotkania?dzielnica=II", "").await;
    assert_eq!(
        list.matches(r#"data-district="II""#).count(),
        2,
        "listed at once"
    );

    let (status, _, body) = post(
        &app.state,
        "/api/admin/meetings/edit",
        &format!(
            "meeting={id}&venue=Klub+Kuźnia&address=ul.+Kraszewskiego+3&room=sala+B\
                  &officials=Ewa+Lis%3B+kierowniczka%3B+ZZM%0AJan+Wrona%3B+radny"
        ),
        &headers,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let meeting = app.repo.meeting(id).await.unwrap().unwrap();
    assert_eq!(meeting.room.as_deref(), Some("sala B"));
    assert_eq!(meeting.officials.len(), 2);
    assert_eq!(meeting.officials[0].department_code.as_deref(), Some("ZZM"));
    assert!(meeting.accessibility.is_empty(), "unchecked boxes clear");
    assert_eq!(meeting.sequence, 1);

    // Bad input: a clear field, 422, nothing stored.
    let before = app.repo.meetings(meeting.round_id).await.unwrap().len();
    for (body, field) in [
        ("district=XX&date=2028-05-09&begins=17%3A30&ends=19%3A30&venue=D&address=A", "district"),
        ("district=II&date=2028-05-09&begins=17%3A30&ends=19%3A30&venue=+&address=A", "venue"),
        ("district=II&date=2028-05-09&begins=17%3A30&ends=19%3A30&venue=D&address=", "address"),
        ("district=II&date=2028-09-05&begins=17%3A30&ends=19%3A30&venue=D&address=A", "date"),
        ("district=II&date=2028-05-09&begins=19%3A30&ends=17%3A30&venue=D&address=A", "ends"),
        ("district=II&date=2028-05-09&begins=17%3A30&ends=19%3A30&venue=D&address=A&officials=X%3B+y%3B+NOPE", "officials"),
    ] {
        let (status, _, text) = post(&app.state, "/api/admin/meetings/create", body, &headers).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {text}");
        assert_eq!(error_field(&text).as_deref(), Some(field), "{body}: {text}");
    }
    assert_eq!(
        app.repo.meetings(meeting.round_id).await.unwrap().len(),
        before
    );
}

/// The view the calendar's island puts in place is the page's own calendar
/// (drawn by the server with the same components) for that filter, view
/// and month.
#[tokio::test]
async fn the_island_gets_the_calendar_the_page_shows() {
    let app = common::app().await;
    let (_, _, page) = common::get(
        &app,
        "/spotkania?dzielnica=II&widok=miesiac&miesiac=2028-04",
        "",
    )
    .await;
    let body = common::form(&[
        ("dzielnica", "II"),
        ("widok", "miesiac"),
        ("miesiac", "2028-04"),
    ]);
    let (status, _, json) = post(&app.state, "/api/meetings/view", &body, &[]).await;
    assert_eq!(status, StatusCode::OK, "{json}");
    let view: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(view["title"], "Spotkania w dzielnicach");
    let html = view["html"].as_str().unwrap();
    assert!(html.contains("kwiecień 2028"), "{html}");
    assert!(html.contains("data-testid=\"month-grid\""));
    // The island's part of the page is exactly this view.
    assert!(page.contains(html), "the page holds the same calendar");
    // A malformed filter is left out, as on the page.
    let body = common::form(&[("dzielnica", "<b>"), ("miesiac", "13")]);
    let (status, _, json) = post(&app.state, "/api/meetings/view", &body, &[]).await;
    assert_eq!(status, StatusCode::OK, "{json}");
    assert!(!json.contains("<b>"));
}

/// The home page and the calendar are the same for every anonymous
/// visitor: rendered once and kept (server::page_cache) until the catalog,
/// the counters or the minute change — a moved meeting shows at once.
#[tokio::test]
async fn home_and_calendar_are_kept_and_show_a_meeting_change_at_once() {
    let app = common::app().await;
    let (_, _, home) = common::get(&app, "/", "").await;
    let (_, _, list) = common::get(&app, "/spotkania", "").await;
    assert_eq!(app.state.pages.len(), 2, "both pages kept");
    assert_eq!(common::get(&app, "/", "").await.2, home);
    assert_eq!(common::get(&app, "/spotkania", "").await.2, list);
    assert!(!list.contains("Klub Nowy"));

    let admin = user(&app, "admin@krakow.test", Role::Admin).await;
    let cookie = session(&app, admin).await;
    let (status, _, body) = post(
        &app.state,
        "/api/admin/meetings/edit",
        "meeting=1&venue=Klub+Nowy&address=ul.+Nowa+1&officials=",
        &[("cookie", cookie.as_str())],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, _, list) = common::get(&app, "/spotkania", "").await;
    assert!(
        list.contains("Klub Nowy"),
        "the calendar follows the change"
    );
    let (_, _, home) = common::get(&app, "/", "").await;
    assert!(
        home.contains("Klub Nowy"),
        "so does the next meeting at home"
    );
}
