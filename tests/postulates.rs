//! Postulates over the real router and a real SQLite file: submitting
//! exactly once, bad input, the moderation state machine, stale versions,
//! merging with "me too", district limits, search without diacritics, the
//! event stream's catch-up, and user text shown as text everywhere.

mod common;

use common::{form, post, session, user};
use http::StatusCode;
use porozmawiajmy::domain::{Role, RoleGrant};
use porozmawiajmy::error::{AppError, Invalid};
use porozmawiajmy::postulates::model::{
    LiveChange, LiveEvent, LiveMessage, PostulateFilter, QueueItem,
};

fn device(app: &common::TestApp, n: u32) -> String {
    let id = format!("{n:032x}");
    format!(
        "poro_device={}",
        porozmawiajmy::survey::service::device_token(&app.state.signer, &id)
    )
}

async fn open(app: &common::TestApp, meeting: i64) {
    app.repo
        .change_live_state(meeting, LiveChange::Open(true))
        .await
        .unwrap();
}

/// Submits a postulate to meeting 2 from device `n`: status and body.
async fn submit(
    app: &common::TestApp,
    n: u32,
    client_id: &str,
    body: &str,
) -> (StatusCode, String) {
    let (status, _, text) = post(
        &app.state,
        "/api/postulates/submit",
        &form(&[("meeting", "2"), ("client_id", client_id), ("body", body)]),
        &[("cookie", &device(app, n))],
    )
    .await;
    (status, text)
}

async fn count(app: &common::TestApp) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM postulates")
        .fetch_one(app.pool())
        .await
        .unwrap()
}

/// A moderator's change: status and the item (or the error's JSON).
async fn moderate(
    app: &common::TestApp,
    cookie: &str,
    fields: &[(&str, &str)],
) -> (StatusCode, String) {
    let (status, _, text) = post(
        &app.state,
        "/api/moderation/postulate",
        &form(fields),
        &[("cookie", cookie)],
    )
    .await;
    (status, text)
}

const ID_A: &str = "6f1c1a8e-2d3b-4c5d-8e9f-0a1b2c3d4e5f";
const ID_B: &str = "7f1c1a8e-2d3b-4c5d-8e9f-0a1b2c3d4e5f";
const ID_C: &str = "8f1c1a8e-2d3b-4c5d-8e9f-0a1b2c3d4e5f";

#[tokio::test]
async fn a_postulate_is_stored_exactly_once_and_bad_input_stores_nothing() {
    let app = common::app().await;
    // Closed meeting: refused.
    let (status, text) = submit(&app, 1, ID_A, "Więcej ławek w parku Krakowskim").await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{text}");
    assert_eq!(
        serde_json::from_str::<AppError>(&text).unwrap(),
        AppError::PostulatesClosed
    );
    open(&app, 2).await;

    let (status, first) = submit(&app, 1, ID_A, "Więcej ławek w parku Krakowskim").await;
    assert_eq!(status, StatusCode::OK, "{first}");
    let (status, replay) = submit(&app, 1, ID_A, "Więcej ławek w parku Krakowskim").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(first, replay, "a replay gets the same code");
    // A plain form post (JavaScript off) that fails goes back to the form
    // with the error and the form as sent — kept on the server: the text is
    // never in the URL, the district and theme are kept (#27).
    let (status, headers, _) = post(
        &app.state,
        "/api/postulates/submit",
        &form(&[
            ("meeting", "2"),
            ("client_id", ID_C),
            ("body", "za krótko"),
            ("district", "3"),
            ("theme", "2"),
        ]),
        &[("cookie", &device(&app, 1)), ("accept", "text/html")],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let back = headers["location"].to_str().unwrap().to_owned();
    assert!(
        back.starts_with("/spotkania/2/na-zywo?formularz=") && !back.contains("kr"),
        "{back}"
    );
    assert!(!back.contains("tresc"), "{back}");
    let (_, headers, html) = common::get(&app, &back, "").await;
    assert!(html.contains("za krótko</textarea>") && html.contains(r#"role="alert""#));
    assert!(
        html.contains(r#"<option value="3" selected"#),
        "district kept"
    );
    assert!(html.contains(r#"<option value="2" selected"#), "theme kept");
    assert!(html.contains(ID_C), "the same client id");
    assert_eq!(
        headers["cache-control"], "no-store",
        "never kept by a cache"
    );
    let (status, text) = submit(&app, 1, ID_A, "Zupełnie inna treść postulatu").await;
    assert_eq!(status, StatusCode::CONFLICT, "{text}");
    assert_eq!(count(&app).await, 1);

    for (body, reason) in [
        ("za krótko", Invalid::TooShort),
        (&"ą".repeat(1001)[..], Invalid::TooLong),
    ] {
        let (status, text) = submit(&app, 1, ID_B, body).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(
            serde_json::from_str::<AppError>(&text).unwrap(),
            AppError::invalid("body", reason)
        );
    }
    let (status, _, text) = post(
        &app.state,
        "/api/postulates/submit",
        &form(&[
            ("meeting", "2"),
            ("client_id", ID_B),
            ("body", "Ścieżka rowerowa wzdłuż Wisły"),
            ("theme", "999"),
        ]),
        &[("cookie", &device(&app, 1))],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{text}");
    let (status, _, _) = post(
        &app.state,
        "/api/postulates/submit",
        &form(&[
            ("meeting", "999"),
            ("client_id", ID_B),
            ("body", "Ścieżka rowerowa wzdłuż Wisły"),
        ]),
        &[("cookie", &device(&app, 1))],
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // No device token: refused.
    let (status, _, _) = post(
        &app.state,
        "/api/postulates/submit",
        &form(&[
            ("meeting", "2"),
            ("client_id", ID_B),
            ("body", "Ścieżka rowerowa wzdłuż Wisły"),
        ]),
        &[],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(count(&app).await, 1, "nothing else stored");

    // Only the Kraków day is kept, not the instant.
    let at: i64 = sqlx::query_scalar("SELECT submitted_at FROM postulates")
        .fetch_one(app.pool())
        .await
        .unwrap();
    assert_eq!(
        at,
        porozmawiajmy::server::time::warsaw_day_start(app.state.clock.now_ts())
    );
}

#[tokio::test]
async fn moderation_follows_the_state_machine_and_refuses_stale_versions() {
    let app = common::app().await;
    let moderator = session(&app, user(&app, "mod@krakow.test", Role::Moderator).await).await;
    open(&app, 2).await;
    submit(&app, 1, ID_A, "Więcej ławek w parku Krakowskim").await;
    submit(&app, 2, ID_B, "Więcej ławek w parku, proszę!").await;
    submit(&app, 3, ID_C, "<script>alert('x')</script> Zielony skwer").await;

    let (status, text) = moderate(
        &app,
        &moderator,
        &[
            ("meeting", "2"),
            ("postulate", "1"),
            ("version", "1"),
            ("action", "approve"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{text}");
    let item: QueueItem = serde_json::from_str(&text).unwrap();
    assert_eq!(item.version, 2);
    // Approved → approved, approved → rejected: not transitions.
    for action in ["approve", "reject"] {
        let (status, text) = moderate(
            &app,
            &moderator,
            &[
                ("meeting", "2"),
                ("postulate", "1"),
                ("version", "2"),
                ("action", action),
                ("reason", "spam"),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{action}: {text}");
    }
    // Two moderators edit version 2: the second is refused with the current state.
    let (status, _) = moderate(
        &app,
        &moderator,
        &[
            ("meeting", "2"),
            ("postulate", "1"),
            ("version", "2"),
            ("action", "edit"),
            ("body", "Więcej ławek w Parku Krakowskim"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (status, text) = moderate(
        &app,
        &moderator,
        &[
            ("meeting", "2"),
            ("postulate", "1"),
            ("version", "2"),
            ("action", "edit"),
            ("body", "Ławki w parku"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{text}");
    match serde_json::from_str::<AppError>(&text).unwrap() {
        AppError::Stale {
            version,
            status,
            body,
        } => {
            assert_eq!(version, 3);
            assert_eq!(
                (status.pl.as_str(), status.en.as_str()),
                ("przyjęty", "accepted")
            );
            assert_eq!(body, "Więcej ławek w Parku Krakowskim");
        }
        other => panic!("{other:?}"),
    }
    // Reject needs a reason; with one, the postulate is never public.
    let (status, _) = moderate(
        &app,
        &moderator,
        &[
            ("meeting", "2"),
            ("postulate", "3"),
            ("version", "1"),
            ("action", "reject"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _) = moderate(
        &app,
        &moderator,
        &[
            ("meeting", "2"),
            ("postulate", "3"),
            ("version", "1"),
            ("action", "reject"),
            ("reason", "offensive"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = moderate(
        &app,
        &moderator,
        &[
            ("meeting", "2"),
            ("postulate", "3"),
            ("version", "2"),
            ("action", "approve"),
        ],
    )
    .await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "rejected stays rejected"
    );
    // …until the rejection is undone: back in the queue, reason gone, in
    // the history; then it can be approved.
    let (status, text) = moderate(
        &app,
        &moderator,
        &[
            ("meeting", "2"),
            ("postulate", "3"),
            ("version", "2"),
            ("action", "restore"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{text}");
    let item = app.repo.queue_item(3).await.unwrap().unwrap();
    assert_eq!(
        (item.status.as_str(), item.reject_reason, item.version),
        ("submitted", None, 3)
    );
    assert_eq!(item.history.last().unwrap().action, "restored");
    let (status, _) = moderate(
        &app,
        &moderator,
        &[
            ("meeting", "2"),
            ("postulate", "3"),
            ("version", "3"),
            ("action", "reject"),
            ("reason", "offensive"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "rejected again, as it was");

    // Another meeting's postulate: refused, nothing changed.
    let (status, _) = moderate(
        &app,
        &moderator,
        &[
            ("meeting", "3"),
            ("postulate", "2"),
            ("version", "1"),
            ("action", "approve"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let item = app.repo.queue_item(2).await.unwrap().unwrap();
    assert_eq!((item.version, item.status.as_str()), (1, "submitted"));

    // The history keeps the original wording; the audit log has each change.
    let item = app.repo.queue_item(1).await.unwrap().unwrap();
    let actions: Vec<_> = item.history.iter().map(|h| h.action.as_str()).collect();
    assert_eq!(actions, ["submitted", "approved", "edited"]);
    assert_eq!(
        item.history[0].body.as_deref(),
        Some("Więcej ławek w parku Krakowskim")
    );
    let audit = app.repo.audit_log(50).await.unwrap();
    assert_eq!(
        audit
            .iter()
            .filter(|a| a.action.starts_with("postulate_"))
            .count(),
        5,
        "approve, edit, reject, restore, reject"
    );

    // A moderator limited to another district may not touch this meeting.
    let limited = app
        .repo
        .create_staff(
            "limited@krakow.test",
            "Limited",
            &porozmawiajmy::server::auth::hash_password(common::PASSWORD).unwrap(),
            &[RoleGrant {
                role: Role::Moderator,
                department_id: None,
                district_id: Some(5),
            }],
            0,
        )
        .await
        .unwrap()
        .unwrap();
    let limited = session(&app, limited).await;
    let (status, _) = moderate(
        &app,
        &limited,
        &[
            ("meeting", "2"),
            ("postulate", "2"),
            ("version", "1"),
            ("action", "approve"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // Script in a postulate is text on every page.
    let (status, _) = moderate(
        &app,
        &moderator,
        &[
            ("meeting", "2"),
            ("postulate", "2"),
            ("version", "1"),
            ("action", "edit"),
            ("body", "<b>Ławki</b> <script>alert(1)</script>"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    moderate(
        &app,
        &moderator,
        &[
            ("meeting", "2"),
            ("postulate", "2"),
            ("version", "2"),
            ("action", "approve"),
        ],
    )
    .await;
    for (path, cookie) in [
        ("/spotkania/2/na-zywo", ""),
        ("/spotkania/2/projektor", ""),
        ("/postulaty", ""),
        ("/panel/moderacja/2", moderator.as_str()),
    ] {
        let (status, _, html) = common::get(&app, path, cookie).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        if let Some(at) = html.find("<script>alert") {
            panic!(
                "{path} shows script as markup: {}",
                &html[at.saturating_sub(300)..at + 50]
            );
        }
        assert!(
            html.contains("&lt;script&gt;alert"),
            "{path} shows the text"
        );
    }
    let (_, _, html) = common::get(&app, "/postulaty", "").await;
    assert!(
        !html.contains("Zielony skwer"),
        "a rejected postulate is never public"
    );
}

#[tokio::test]
async fn merging_links_duplicates_and_adds_up_me_too() {
    let app = common::app().await;
    let moderator = session(&app, user(&app, "mod@krakow.test", Role::Moderator).await).await;
    open(&app, 2).await;
    submit(&app, 1, ID_A, "Więcej ławek w parku Krakowskim").await;
    submit(&app, 2, ID_B, "Ławki w parku Krakowskim").await;
    moderate(
        &app,
        &moderator,
        &[
            ("meeting", "2"),
            ("postulate", "1"),
            ("version", "1"),
            ("action", "approve"),
        ],
    )
    .await;

    let me_too = |n: u32, id: &'static str| {
        let app = &app;
        async move {
            let (status, _, text) = post(
                &app.state,
                "/api/postulates/me-too",
                &format!("postulate={id}"),
                &[("cookie", &device(app, n))],
            )
            .await;
            (status, text)
        }
    };
    assert_eq!(me_too(10, "1").await, (StatusCode::OK, "1".into()));
    assert_eq!(
        me_too(10, "1").await,
        (StatusCode::OK, "1".into()),
        "once per device"
    );
    assert_eq!(me_too(11, "1").await, (StatusCode::OK, "2".into()));
    // Not approved yet: no "me too".
    assert_eq!(me_too(12, "2").await.0, StatusCode::NOT_FOUND);
    moderate(
        &app,
        &moderator,
        &[
            ("meeting", "2"),
            ("postulate", "2"),
            ("version", "1"),
            ("action", "edit"),
            ("body", "Ławki w parku Krakowskim!"),
        ],
    )
    .await;
    // The duplicate is approved too and gathers its own supporters through
    // the API: devices 12, 13 and 10, who also supports the target (#27:
    // "me too" exists only on approved postulates, so an approved duplicate
    // must be mergeable for supporters to add up).
    let (status, text) = moderate(
        &app,
        &moderator,
        &[
            ("meeting", "2"),
            ("postulate", "2"),
            ("version", "2"),
            ("action", "approve"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{text}");
    for n in [12, 13, 10] {
        assert_eq!(me_too(n, "2").await.0, StatusCode::OK);
    }
    let (status, text) = moderate(
        &app,
        &moderator,
        &[
            ("meeting", "2"),
            ("postulate", "2"),
            ("version", "3"),
            ("action", "merge"),
            ("into", "1"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{text}");
    let merged = app.repo.queue_item(2).await.unwrap().unwrap();
    assert_eq!(
        (merged.status.as_str(), merged.merged_into),
        ("merged", Some(1))
    );
    let target = app.repo.queue_item(1).await.unwrap().unwrap();
    assert_eq!(
        target.me_too, 4,
        "both add up, each device once (10 is in both)"
    );
    assert_eq!(target.history.last().unwrap().action, "merged_from");
    // Merging into itself or a rejected one is refused.
    let (status, _) = moderate(
        &app,
        &moderator,
        &[
            ("meeting", "2"),
            ("postulate", "1"),
            ("version", &target.version.to_string()),
            ("action", "merge"),
            ("into", "1"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    // …and a number that is no postulate of the meeting is named as such.
    let (status, text) = moderate(
        &app,
        &moderator,
        &[
            ("meeting", "2"),
            ("postulate", "1"),
            ("version", &target.version.to_string()),
            ("action", "merge"),
            ("into", "999"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let error: porozmawiajmy::error::AppError = serde_json::from_str(&text).unwrap();
    assert_eq!(
        error.message(porozmawiajmy::i18n::Lang::Pl),
        "Nie ma na tym spotkaniu postulatu o tym numerze, z którym można połączyć ten postulat."
    );
    // The author follows it by code.
    let code: String = sqlx::query_scalar("SELECT code FROM postulates WHERE id = 2")
        .fetch_one(app.pool())
        .await
        .unwrap();
    let (status, _, html) = common::get(&app, &format!("/postulaty/kod/{code}"), "").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Połączony z"), "{html}");
}

#[tokio::test]
async fn search_finds_polish_words_typed_without_diacritics() {
    let app = common::app().await;
    let moderator = session(&app, user(&app, "mod@krakow.test", Role::Moderator).await).await;
    open(&app, 2).await;
    submit(&app, 1, ID_A, "Nowa ścieżka rowerowa wzdłuż Rudawy").await;
    submit(&app, 2, ID_B, "Ławka przy przystanku Łobzów").await;
    for id in ["1", "2"] {
        moderate(
            &app,
            &moderator,
            &[
                ("meeting", "2"),
                ("postulate", id),
                ("version", "1"),
                ("action", "approve"),
            ],
        )
        .await;
    }
    let round = app.state.catalog().await.unwrap().round.id;
    let find = |q: &str| {
        let filter = PostulateFilter::from_pairs([("q", q.to_owned())]);
        let repo = app.repo.clone();
        async move {
            repo.search_postulates(round, &filter)
                .await
                .unwrap()
                .items
                .into_iter()
                .map(|p| p.id)
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(find("sciezka").await, [1]);
    assert_eq!(find("ścieżka").await, [1]);
    assert_eq!(find("lawka").await, [2]);
    assert_eq!(find("LOBZOW").await, [2]);
    assert_eq!(find("lawk").await, [2], "a word's beginning is enough");
    assert_eq!(find("rower\" *").await, [1], "operators are only words");
    assert!(find("tramwaj").await.is_empty());
    let (_, _, html) = common::get(&app, "/postulaty?q=sciezka&dzielnica=II", "").await;
    assert!(html.contains("Nowa ścieżka") && !html.contains("Ławka przy"));
}

/// Reads server-sent events from a response body until `n` have arrived.
async fn read_events(mut body: axum::body::Body, n: usize) -> Vec<(i64, LiveMessage)> {
    common::next_events(&mut body, n).await
}

/// Every view of a meeting shares one read of the log per event (the
/// meeting's feed, `live::Feeds`): 40 phones cost one read per event, not
/// 40. A view that fell behind the feed catches up from the log — each
/// event once, in order.
#[tokio::test]
async fn the_views_of_a_meeting_share_one_read_and_a_late_one_catches_up() {
    use porozmawiajmy::server::live::{announce, FEED_BUFFER};
    let app = common::app().await;
    let slides = |n: usize| {
        let app = &app;
        async move {
            let mut ids = Vec::new();
            for i in 0..n {
                let events = app
                    .repo
                    .change_live_state(2, LiveChange::Slide(i as i64 % 2))
                    .await
                    .unwrap();
                announce(&app.state, &events);
                ids.extend(events.iter().map(|e| e.id));
            }
            ids
        }
    };
    open(&app, 2).await;
    let from = app.repo.last_event_id(2).await.unwrap();
    let path = format!("/spotkania/2/na-zywo/zdarzenia?od={from}");
    let mut views = Vec::new();
    for _ in 0..40 {
        views.push(common::open_stream(&app, &path, None, "").await);
    }
    let moderator = session(&app, user(&app, "mod@krakow.test", Role::Moderator).await).await;
    let mut console =
        common::open_stream(&app, "/panel/moderacja/2/zdarzenia", Some(from), &moderator).await;
    let first = slides(1).await;
    for view in views.iter_mut().chain([&mut console]) {
        let ids: Vec<i64> = common::next_events(view, 1)
            .await
            .iter()
            .map(|e| e.0)
            .collect();
        assert_eq!(ids, first);
    }
    // Up to date with the feed the first view started, the others joined it
    // without reading the log: the first view's read and the feed's one.
    let opening = app.state.feeds.reads();
    assert!(
        opening <= 3,
        "{opening} reads of the log for 41 views opening and one event"
    );
    // A submission is the moderators' event: the console gets it from the
    // feed; no phone does (the phones' next events below are the slides).
    submit(&app, 1, ID_A, "Więcej ławek w parku Krakowskim").await;
    let queued = common::next_events(&mut console, 1).await;
    assert!(
        matches!(queued[0].1, LiveMessage::Logged(LiveEvent::Queue { .. })),
        "{queued:?}"
    );
    // Every view has caught up; from here on, the feed reads for all.
    let reads = app.state.feeds.reads();
    let next = slides(5).await;
    let got = futures::future::join_all(views.iter_mut().map(|v| common::next_events(v, 5))).await;
    for events in got {
        assert_eq!(events.iter().map(|e| e.0).collect::<Vec<_>>(), next);
    }
    let per_event = app.state.feeds.reads() - reads;
    assert!(
        per_event <= 5,
        "{per_event} reads of the log for 5 events and 40 views"
    );
    drop(views);

    // A view that stops reading while more than the feed holds go by.
    let mut late = common::open_stream(&app, &path, None, "").await;
    let seen: Vec<i64> = common::next_events(&mut late, 6)
        .await
        .iter()
        .map(|e| e.0)
        .collect();
    assert_eq!(seen, [first.clone(), next].concat());
    let missed = slides(FEED_BUFFER + 20).await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let ids: Vec<i64> = common::next_events(&mut late, missed.len())
        .await
        .iter()
        .map(|e| e.0)
        .collect();
    assert_eq!(ids, missed, "each once, in order");
}

#[tokio::test]
async fn a_stopping_server_ends_every_live_stream() {
    use http_body_util::BodyExt;
    let app = common::app().await;
    let moderator = session(&app, user(&app, "mod@krakow.test", Role::Moderator).await).await;
    open(&app, 2).await;
    let public = common::open_stream(&app, "/spotkania/2/na-zywo/zdarzenia", Some(0), "").await;
    let staff =
        common::open_stream(&app, "/panel/moderacja/2/zdarzenia", Some(0), &moderator).await;
    // Open streams never end by themselves …
    let mut public = public;
    let first = tokio::time::timeout(std::time::Duration::from_secs(5), public.frame())
        .await
        .expect("the stream says hello");
    assert!(first.is_some());
    // … until the server stops: then each ends (its client reconnects).
    app.state.stopping.cancel();
    for body in [public, staff] {
        let rest = tokio::time::timeout(std::time::Duration::from_secs(5), body.collect())
            .await
            .expect("the stream ended when the server began to stop");
        assert!(rest.is_ok());
    }
}

#[tokio::test]
async fn a_reconnecting_view_gets_exactly_the_events_it_missed() {
    let app = common::app().await;
    let moderator = session(&app, user(&app, "mod@krakow.test", Role::Moderator).await).await;
    open(&app, 2).await; // event 1 (public)
    submit(&app, 1, ID_A, "Więcej ławek w parku Krakowskim").await; // event 2 (staff)
    submit(&app, 2, ID_B, "Nowa ścieżka rowerowa wzdłuż Rudawy").await; // event 3 (staff)
    moderate(
        &app,
        &moderator,
        &[
            ("meeting", "2"),
            ("postulate", "1"),
            ("version", "1"),
            ("action", "approve"),
        ],
    )
    .await; // 4 staff, 5 public

    // A phone that saw event 1 reconnects: the public events after it.
    let body = common::open_stream(&app, "/spotkania/2/na-zywo/zdarzenia", Some(1), "").await;
    let missed = app.repo.events_after(2, 1, false, 100).await.unwrap();
    assert_eq!(missed.iter().map(|e| e.id).collect::<Vec<_>>(), [5]);
    let events = read_events(body, 1).await;
    assert_eq!(events[0].0, 5);
    assert!(matches!(&events[0].1, LiveMessage::Postulate { postulate } if postulate.id == 1));

    // The console's stream has the queue's events too, then what comes live.
    let body = common::open_stream(&app, "/panel/moderacja/2/zdarzenia", Some(3), &moderator).await;
    let reader = tokio::spawn(read_events(body, 4));
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    moderate(
        &app,
        &moderator,
        &[
            ("meeting", "2"),
            ("postulate", "2"),
            ("version", "1"),
            ("action", "approve"),
        ],
    )
    .await; // 6, 7
    let ids: Vec<i64> = reader
        .await
        .unwrap()
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    assert_eq!(ids, [4, 5, 6, 7], "each once, in order");

    // Staff events never reach the public; the staff stream needs a moderator.
    assert!(app
        .repo
        .events_after(2, 0, false, 100)
        .await
        .unwrap()
        .iter()
        .all(|e| e.public));
    let (status, _, _) = common::get(&app, "/panel/moderacja/2/zdarzenia", "").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _, _) = common::get(&app, "/spotkania/999/na-zywo/zdarzenia", "").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_demo_has_postulates_and_its_first_meeting_takes_them() {
    let app = common::app_with_demo_content("2027-10-01T10:00:00Z", 10).await;
    let (_, _, html) = common::get(&app, "/postulaty", "").await;
    assert!(
        html.contains("Więcej ławek na Plantach"),
        "approved ones are public"
    );
    assert!(
        !html.contains("Aleja Trzech Wieszczów") && !html.contains("Alei Trzech Wieszczów"),
        "waiting ones are not"
    );
    let (_, _, html) = common::get(&app, "/postulaty?wydzial=ZZM&dzielnica=II", "").await;
    assert!(html.contains("Park kieszonkowy") && !html.contains("Plantach"));
    let meeting = app.state.catalog().await.unwrap().meetings[0].id;
    assert!(app.repo.live_state(meeting).await.unwrap().open);
    let queue = app.repo.moderation_queue(meeting).await.unwrap();
    assert_eq!(queue.len(), 5);
    let plants = queue.iter().find(|q| q.body.contains("Plantach")).unwrap();
    assert_eq!((plants.me_too, plants.version), (12, 3));
}

fn body_of(message: &LiveMessage) -> Option<&str> {
    match message {
        LiveMessage::Postulate { postulate } => Some(&postulate.body),
        _ => None,
    }
}

/// Editing out a neighbour's name leaves no trace in what the public is
/// sent, catch-up included, and an approved postulate can be withdrawn
/// from public view with a reason (#27 item 6).
#[tokio::test]
async fn edited_out_text_is_never_served_again_and_a_postulate_can_be_withdrawn() {
    let app = common::app().await;
    let moderator = session(&app, user(&app, "mod@krakow.test", Role::Moderator).await).await;
    open(&app, 2).await;
    let (status, code) = submit(&app, 1, ID_A, "Ławki przed domem Jana Kowalskiego, Długa 5").await;
    assert_eq!(status, StatusCode::OK);
    let code: String = serde_json::from_str(&code).unwrap();
    for (version, action, body) in [
        ("1", "approve", ""),
        ("2", "edit", "Ławki przy ulicy Długiej"),
    ] {
        let (status, text) = moderate(
            &app,
            &moderator,
            &[
                ("meeting", "2"),
                ("postulate", "1"),
                ("version", version),
                ("action", action),
                ("body", body),
            ],
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{action}: {text}");
    }
    let stored: Vec<String> = sqlx::query_scalar("SELECT payload FROM live_events")
        .fetch_all(app.pool())
        .await
        .unwrap();
    assert!(
        stored.iter().all(|p| !p.contains("Kowalskiego")),
        "{stored:?}"
    );
    // A phone catching up from the start reads only the current wording.
    let public = app.repo.events_after(2, 0, false, 100).await.unwrap().len();
    let body = common::open_stream(&app, "/spotkania/2/na-zywo/zdarzenia?od=0", None, "").await;
    let events = read_events(body, public).await;
    let bodies: Vec<&str> = events.iter().filter_map(|(_, m)| body_of(m)).collect();
    assert!(!bodies.is_empty());
    assert!(
        bodies.iter().all(|b| *b == "Ławki przy ulicy Długiej"),
        "{bodies:?}"
    );

    // Withdrawn: off the public list and the live list, in the history and
    // the audit log; a reason is required, and only an approved one.
    let withdraw = |version: &'static str, reason: &'static str| {
        let app = &app;
        let moderator = moderator.clone();
        async move {
            moderate(
                app,
                &moderator,
                &[
                    ("meeting", "2"),
                    ("postulate", "1"),
                    ("version", version),
                    ("action", "withdraw"),
                    ("reason", reason),
                ],
            )
            .await
        }
    };
    assert_eq!(withdraw("3", "").await.0, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, text) = withdraw("3", "personal_data").await;
    assert_eq!(status, StatusCode::OK, "{text}");
    assert_eq!(
        withdraw("4", "spam").await.0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let (_, _, list) = common::get(&app, "/postulaty", "").await;
    assert!(!list.contains("Długiej"));
    let (_, _, live) = common::get(&app, "/spotkania/2/na-zywo", "").await;
    assert!(!live.contains("Długiej"));
    let public = app.repo.events_after(2, 0, false, 100).await.unwrap().len();
    let body = common::open_stream(&app, "/spotkania/2/na-zywo/zdarzenia?od=0", None, "").await;
    let events = read_events(body, public).await;
    assert!(
        events.iter().all(|(_, m)| body_of(m).is_none()),
        "nothing of it is sent"
    );
    assert!(matches!(
        events.last().unwrap().1,
        LiveMessage::Removed { id: 1 }
    ));
    let item = app.repo.queue_item(1).await.unwrap().unwrap();
    let last = item.history.last().unwrap();
    assert_eq!(
        (last.action.as_str(), last.details.as_deref()),
        ("withdrawn", Some("personal_data"))
    );
    assert!(app
        .repo
        .audit_log(10)
        .await
        .unwrap()
        .iter()
        .any(|e| e.action == "postulate_withdrawn"));
    let (_, _, follow) = common::get(&app, &format!("/postulaty/kod/{code}"), "").await;
    assert!(!follow.contains("Długiej") && !follow.contains("Kowalskiego"));
}

/// An outbox retry whose first answer was lost gets its code after the
/// meeting closed; a held meeting takes no more postulates and cannot be
/// reopened (#27 items 13 and 15).
#[tokio::test]
async fn replays_get_their_code_after_closing_and_a_held_meeting_closes() {
    let app = common::app().await;
    let moderator = session(&app, user(&app, "mod@krakow.test", Role::Moderator).await).await;
    open(&app, 2).await;
    let (status, first) = submit(&app, 1, ID_A, "Więcej ławek w parku Krakowskim").await;
    assert_eq!(status, StatusCode::OK);
    app.repo
        .change_live_state(2, LiveChange::Open(false))
        .await
        .unwrap();
    let (status, replay) = submit(&app, 1, ID_A, "Więcej ławek w parku Krakowskim").await;
    assert_eq!((status, replay.as_str()), (StatusCode::OK, first.as_str()));
    assert_eq!(
        submit(&app, 2, ID_B, "Nowa ścieżka rowerowa").await.0,
        StatusCode::FORBIDDEN
    );

    // Held: the live state closes with it, and stays closed.
    open(&app, 2).await;
    sqlx::query("UPDATE meetings SET starts_at = 1790000000, ends_at = 1790007200 WHERE id = 2")
        .execute(app.pool())
        .await
        .unwrap();
    app.state.catalog.invalidate();
    let (status, _, text) = post(
        &app.state,
        "/api/staff/meetings/held",
        "meeting=2",
        &[("cookie", &moderator)],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{text}");
    assert!(!app.repo.live_state(2).await.unwrap().open);
    assert_eq!(
        submit(&app, 2, ID_B, "Nowa ścieżka rowerowa").await.0,
        StatusCode::FORBIDDEN
    );
    let (status, _, _) = post(
        &app.state,
        "/api/moderation/live",
        "meeting=2&change=open",
        &[("cookie", &moderator)],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, replay) = submit(&app, 1, ID_A, "Więcej ławek w parku Krakowskim").await;
    assert_eq!((status, replay), (StatusCode::OK, first));
}

/// The follow page shows the merge target's wording only while the target
/// is public (#27 item 9).
#[tokio::test]
async fn the_follow_page_shows_a_merge_target_only_once_approved() {
    let app = common::app().await;
    let moderator = session(&app, user(&app, "mod@krakow.test", Role::Moderator).await).await;
    open(&app, 2).await;
    let (_, code) = submit(&app, 1, ID_A, "Ławki w parku Jordana, proszę").await;
    let code: String = serde_json::from_str(&code).unwrap();
    submit(&app, 2, ID_B, "Tajny tekst jeszcze nie przyjęty").await;
    let (status, text) = moderate(
        &app,
        &moderator,
        &[
            ("meeting", "2"),
            ("postulate", "1"),
            ("version", "1"),
            ("action", "merge"),
            ("into", "2"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{text}");
    let (_, _, html) = common::get(&app, &format!("/postulaty/kod/{code}"), "").await;
    assert!(
        !html.contains("Tajny tekst"),
        "an unmoderated target stays hidden"
    );
    let (status, _) = moderate(
        &app,
        &moderator,
        &[
            ("meeting", "2"),
            ("postulate", "2"),
            ("version", "2"),
            ("action", "approve"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (_, _, html) = common::get(&app, &format!("/postulaty/kod/{code}"), "").await;
    assert!(html.contains("Tajny tekst jeszcze nie przyjęty"), "{html}");
    // Its address leads to the target's page.
    let (status, _, html) = common::get(&app, "/postulaty/nr/1", "").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(r#"data-testid="merged-here""#) && html.contains("Tajny tekst"));
}

/// The staff event stream ends when its session does: on sign-out and when
/// the account is disabled, at once (#27 item 5).
#[tokio::test]
async fn the_staff_stream_ends_with_its_session() {
    use http_body_util::BodyExt;
    let app = common::app().await;
    let admin = session(&app, user(&app, "admin@krakow.test", Role::Admin).await).await;
    for how in ["sign-out", "disabled"] {
        let email = format!("{how}@krakow.test");
        let id = user(&app, &email, Role::Moderator).await;
        let cookie = session(&app, id).await;
        let mut body =
            common::open_stream(&app, "/panel/moderacja/2/zdarzenia", None, &cookie).await;
        // The hello comment.
        body.frame().await.unwrap().unwrap();
        let (status, _, text) = match how {
            "sign-out" => post(&app.state, "/api/staff/logout", "", &[("cookie", &cookie)]).await,
            _ => {
                post(
                    &app.state,
                    "/api/admin/staff/active",
                    &format!("user_id={id}&active=false"),
                    &[("cookie", &admin)],
                )
                .await
            }
        };
        assert!(status.is_success(), "{how}: {text}");
        let end = tokio::time::timeout(std::time::Duration::from_secs(3), async {
            loop {
                match body.frame().await {
                    None => return,
                    Some(Ok(frame)) => {
                        let data = frame.into_data().unwrap_or_default();
                        assert!(!data.starts_with(b"id:"), "{how}: an event after it ended");
                    }
                    Some(Err(_)) => return,
                }
            }
        })
        .await;
        assert!(end.is_ok(), "{how}: the stream goes on");
    }
}

/// Catch-up is paged, a view too far behind (or behind pruned events) is
/// told to reload, and the log of a finished meeting is dropped (#27 item
/// 16).
#[tokio::test]
async fn catch_up_is_paged_and_bounded() {
    use porozmawiajmy::server::live::{MAX_CATCH_UP, PAGE};
    let app = common::app().await;
    for i in 0..(MAX_CATCH_UP + 50) {
        app.repo
            .change_live_state(2, LiveChange::Slide(i % 2))
            .await
            .unwrap();
    }
    let last = app.repo.last_event_id(2).await.unwrap();
    // From the start: too far behind — one "reload", then what comes live.
    let body = common::open_stream(&app, "/spotkania/2/na-zywo/zdarzenia?od=0", None, "").await;
    let events = read_events(body, 1).await;
    assert_eq!(events[0], (last, LiveMessage::Reload));
    // From a little behind: every event once, in order, over several pages.
    let behind = PAGE * 2 + 30;
    let body = common::open_stream(
        &app,
        &format!("/spotkania/2/na-zywo/zdarzenia?od={}", last - behind),
        None,
        "",
    )
    .await;
    let ids: Vec<i64> = read_events(body, behind as usize)
        .await
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    assert_eq!(ids, ((last - behind + 1)..=last).collect::<Vec<_>>());

    // Held more than a day ago: its events go, and a late reconnect reloads.
    sqlx::query("UPDATE meetings SET status = 'held', changed_at = 0 WHERE id = 2")
        .execute(app.pool())
        .await
        .unwrap();
    let gone = app
        .repo
        .prune_live_events(app.state.clock.now_ts())
        .await
        .unwrap();
    assert_eq!(gone as i64, MAX_CATCH_UP + 50);
    let body = common::open_stream(
        &app,
        &format!("/spotkania/2/na-zywo/zdarzenia?od={}", last - 3),
        None,
        "",
    )
    .await;
    assert_eq!(read_events(body, 1).await[0].1, LiveMessage::Reload);
}

/// A rejected postulate's page says so plainly, without promising an
/// answer (#28 item 3).
#[tokio::test]
async fn a_rejected_postulates_page_promises_nothing() {
    let app = common::app().await;
    let moderator = session(&app, user(&app, "mod@krakow.test", Role::Moderator).await).await;
    open(&app, 2).await;
    let (_, code) = submit(&app, 1, ID_A, "Kup mój rower, tanio, dzwoń").await;
    let code: String = serde_json::from_str(&code).unwrap();
    let (status, _) = moderate(
        &app,
        &moderator,
        &[
            ("meeting", "2"),
            ("postulate", "1"),
            ("version", "1"),
            ("action", "reject"),
            ("reason", "spam"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (_, _, html) = common::get(&app, &format!("/postulaty/kod/{code}"), "").await;
    assert!(html.contains("Odrzucony przez moderatora: spam"), "{html}");
    assert!(!html.contains("na tej stronie") && !html.contains("Nie przyjęty"));
}

/// A code typed in by hand opens its follow page; the follow page shows
/// its full address (#28 item 1).
#[tokio::test]
async fn a_code_is_looked_up_by_hand() {
    let app = common::app_configured("2027-10-01T10:00:00Z", |c| {
        c.public_url = Some("https://konsultacje.krakow.example".into());
    })
    .await;
    open(&app, 2).await;
    let (_, code) = submit(&app, 1, ID_A, "Ławki przy Rondzie Grzegórzeckim").await;
    let code: String = serde_json::from_str(&code).unwrap();
    let typed = code.replace('-', "").to_lowercase();
    let (status, headers, _) = common::get(&app, &format!("/postulaty/kod?kod={typed}"), "").await;
    assert!(status.is_redirection(), "{status}");
    let location = headers["location"].to_str().unwrap();
    assert_eq!(location, format!("/postulaty/kod/{code}"));
    let (_, _, html) = common::get(&app, location, "").await;
    assert!(
        html.contains(&format!(
            "https://konsultacje.krakow.example/postulaty/kod/{code}"
        )),
        "the full address to keep"
    );
    // Anything else goes back to the list with a clear error.
    let (_, headers, _) = common::get(&app, "/postulaty/kod?kod=%3Cscript%3E", "").await;
    let back = headers["location"].to_str().unwrap().to_owned();
    assert_eq!(back, "/postulaty?blad=invalid.code.malformed#kod");
    let (_, _, html) = common::get(&app, &back, "").await;
    assert!(
        html.contains("Kod: nieprawidłowe dane formularza."),
        "the error names the field"
    );
    assert!(html.contains(r#"data-testid="code-lookup""#));
}

/// The public postulates' pages are kept (server::page_cache) and follow
/// what the public sees at once: an approval, a "me too".
#[tokio::test]
async fn the_postulates_pages_are_kept_and_follow_every_change_at_once() {
    let app = common::app().await;
    let moderator = session(&app, user(&app, "mod@krakow.test", Role::Moderator).await).await;
    open(&app, 2).await;
    submit(&app, 1, ID_A, "Nowa ścieżka rowerowa wzdłuż Rudawy").await;
    let (_, _, before) = common::get(&app, "/postulaty", "").await;
    assert_eq!(common::get(&app, "/postulaty", "").await.2, before);
    let (_, _, district) = common::get(&app, "/postulaty/spis/II", "").await;
    assert_eq!(app.state.pages.len(), 2, "both pages kept");
    assert!(!before.contains("Nowa ścieżka") && !district.contains("Nowa ścieżka"));

    moderate(
        &app,
        &moderator,
        &[
            ("meeting", "2"),
            ("postulate", "1"),
            ("version", "1"),
            ("action", "approve"),
        ],
    )
    .await;
    let (_, _, approved) = common::get(&app, "/postulaty", "").await;
    assert!(
        approved.contains("Nowa ścieżka"),
        "an approval shows at once"
    );
    let me_too = |html: &str| {
        let at = html.find("„Ja też”:").expect("a \"me too\" count");
        html[at..].split("</p>").next().unwrap().to_owned()
    };
    assert!(me_too(&approved).ends_with('0'), "{}", me_too(&approved));
    let (_, _, district) = common::get(&app, "/postulaty/spis/II", "").await;
    assert!(district.contains("Nowa ścieżka"));

    let (status, _, _) = post(
        &app.state,
        "/api/postulates/me-too",
        "postulate=1",
        &[("cookie", &device(&app, 9))],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (_, _, supported) = common::get(&app, "/postulaty", "").await;
    assert!(me_too(&supported).ends_with('1'), "so does a \"me too\"");
}
