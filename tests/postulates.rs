//! Postulates over the real router and a real SQLite file: submitting
//! exactly once, bad input, the moderation state machine, stale versions,
//! merging with "me too", district limits, search without diacritics, the
//! event stream's catch-up, and user text shown as text everywhere.

mod common;

use common::{form, post, session, user};
use http::StatusCode;
use porozmawiajmy::domain::{Role, RoleGrant};
use porozmawiajmy::error::{AppError, Invalid};
use porozmawiajmy::postulates::model::{LiveChange, LiveMessage, PostulateFilter, QueueItem};
use porozmawiajmy::server::db::{PostulateRepository, Repository};

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
        .fetch_one(app.repo.pool())
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
    // with the error and the text as typed.
    let (status, headers, _) = post(
        &app.state,
        "/api/postulates/submit",
        &form(&[("meeting", "2"), ("client_id", ID_C), ("body", "za krótko")]),
        &[("cookie", &device(&app, 1)), ("accept", "text/html")],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let back = headers["location"].to_str().unwrap().to_owned();
    assert!(
        back.starts_with("/spotkania/2/na-zywo?tresc=za%20kr"),
        "{back}"
    );
    let (_, _, html) = common::get(&app, &back, "").await;
    assert!(html.contains("za krótko</textarea>") && html.contains(r#"role="alert""#));
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
        .fetch_one(app.repo.pool())
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
        3
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
    // The duplicate's own supporters (it was raised on paper and counted):
    // devices 12 and 13, and 10, who also supports the target.
    let round = app.state.catalog().await.unwrap().round.id;
    for n in [12, 13, 10] {
        let token = device(&app, n)
            .trim_start_matches("poro_device=")
            .to_owned();
        let key = porozmawiajmy::postulates::service::support_key(&app.state, round, &token);
        sqlx::query("INSERT INTO postulate_support (postulate_id, device_hash) VALUES (2, ?)")
            .bind(key)
            .execute(app.repo.pool())
            .await
            .unwrap();
    }
    sqlx::query("UPDATE postulates SET me_too = 3 WHERE id = 2")
        .execute(app.repo.pool())
        .await
        .unwrap();
    let (status, text) = moderate(
        &app,
        &moderator,
        &[
            ("meeting", "2"),
            ("postulate", "2"),
            ("version", "2"),
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
    // The author follows it by code.
    let code: String = sqlx::query_scalar("SELECT code FROM postulates WHERE id = 2")
        .fetch_one(app.repo.pool())
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
async fn read_events(body: axum::body::Body, n: usize) -> Vec<(i64, LiveMessage)> {
    use http_body_util::BodyExt;
    let mut body = body;
    let mut text = String::new();
    let mut events = Vec::new();
    while events.len() < n {
        let frame = tokio::time::timeout(std::time::Duration::from_secs(5), body.frame())
            .await
            .expect("an event within 5 s")
            .unwrap()
            .unwrap();
        if let Ok(data) = frame.into_data() {
            text.push_str(&String::from_utf8_lossy(&data));
        }
        while let Some(end) = text.find("\n\n") {
            let block: String = text.drain(..end + 2).collect();
            let id = block
                .lines()
                .find_map(|l| l.strip_prefix("id: "))
                .map(|v| v.parse().unwrap());
            let data = block.lines().find_map(|l| l.strip_prefix("data: "));
            if let (Some(id), Some(data)) = (id, data) {
                events.push((id, serde_json::from_str(data).unwrap()));
            }
        }
    }
    events
}

async fn open_stream(
    app: &common::TestApp,
    path: &str,
    last: Option<i64>,
    cookie: &str,
) -> axum::body::Body {
    use tower::ServiceExt;
    let mut req = http::Request::get(path);
    if let Some(last) = last {
        req = req.header("last-event-id", last.to_string());
    }
    if !cookie.is_empty() {
        req = req.header("cookie", cookie);
    }
    let res = porozmawiajmy::server::http::router(app.state.clone())
        .oneshot(req.body(axum::body::Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "text/event-stream");
    res.into_body()
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
    let body = open_stream(&app, "/spotkania/2/na-zywo/zdarzenia", Some(1), "").await;
    let missed = app.repo.events_after(2, 1, false, 100).await.unwrap();
    assert_eq!(missed.iter().map(|e| e.id).collect::<Vec<_>>(), [5]);
    let events = read_events(body, 1).await;
    assert_eq!(events[0].0, 5);
    assert!(matches!(&events[0].1, LiveMessage::Postulate { postulate } if postulate.id == 1));

    // The console's stream has the queue's events too, then what comes live.
    let body = open_stream(&app, "/panel/moderacja/2/zdarzenia", Some(3), &moderator).await;
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
