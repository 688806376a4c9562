//! Several app instances on one database (#32): what one instance issues
//! or stores, another accepts and finds — a replayed answer gets the same
//! receipt and is stored once, a start token and a device cookie from one
//! instance are good on another. On PostgreSQL also what goes between
//! instances through LISTEN/NOTIFY: a postulate sent to one instance,
//! approved on a second, reaches a projector on a third; a lost listener
//! loses no event; a new answer shows in another instance's counters.
//!
//! An instance here is a whole server state (`AppState`: its own pool,
//! hub, caches and feeds) over the test database, as `restart` makes it.

mod common;

use common::{form, post, post_from, session, user};
use http::StatusCode;
use porozmawiajmy::domain::Role;
use porozmawiajmy::postulates::model::{LiveChange, LiveEvent, LiveMessage};
use porozmawiajmy::server::db::Backend;
use porozmawiajmy::survey::service::{device_token, issue_start};
use porozmawiajmy::survey::SUBMIT_PATH;
use std::time::Duration;

/// The next event's message on a stream.
async fn next_message(body: &mut axum::body::Body) -> LiveMessage {
    common::next_events(body, 1).await.remove(0).1
}

/// Whether the run is on PostgreSQL; otherwise says the test needs it.
fn on_postgres(what: &str) -> bool {
    let yes = common::backend() == Backend::Postgres;
    if !yes {
        eprintln!("PostgreSQL only (PORO_TEST_BACKEND=postgres): {what}");
    }
    yes
}

/// A survey answer started on `issuer`: district II, its first action.
async fn answer(issuer: &common::TestApp) -> (String, String) {
    let start = issue_start(&issuer.state.signer, issuer.state.clock.now_ts());
    let round = issuer.repo.active_round().await.unwrap().unwrap();
    let action = issuer.repo.themes(round.id).await.unwrap()[0].actions[0].id;
    let body = form(&[
        ("answer[client_id]", &start.client_id),
        ("answer[start]", &start.token),
        ("answer[district]", "2"),
        (&format!("answer[actions][{action}]"), &action.to_string()),
    ]);
    (start.client_id, body)
}

/// Sends a survey answer to `app` from device `device` (a cookie signed
/// by whichever instance issued it): status and body.
async fn send(app: &common::TestApp, body: &str, device: &str) -> (StatusCode, String) {
    let (status, _, text) = post_from(
        &app.state,
        SUBMIT_PATH,
        body,
        &[
            ("cookie", &format!("poro_device={device}")),
            ("referer", "http://127.0.0.1:3000/ankieta"),
        ],
        [203, 0, 113, 9],
    )
    .await;
    (status, text)
}

async fn responses(app: &common::TestApp) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM responses")
        .fetch_one(app.pool())
        .await
        .unwrap()
}

#[tokio::test]
async fn what_one_instance_issues_or_stores_another_accepts() {
    let a = common::app().await;
    let b = common::restart(&a).await;
    let device = device_token(&a.state.signer, &format!("{:032x}", 1));
    let (_, body) = answer(&a).await;
    let (status, first) = send(&a, &body, &device).await;
    assert_eq!(status, StatusCode::OK, "{first}");
    // The outbox sends it again, through the load balancer, to B.
    let (status, replay) = send(&b, &body, &device).await;
    assert_eq!(status, StatusCode::OK, "{replay}");
    assert_eq!(replay, first, "the same receipt");
    assert_eq!(responses(&a).await, 1, "stored once");
    // A start token and a device cookie A issued are good on B.
    let other = device_token(&a.state.signer, &format!("{:032x}", 2));
    let (_, body) = answer(&a).await;
    let (status, text) = send(&b, &body, &other).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    assert_eq!(responses(&a).await, 2);
}

fn phone(app: &common::TestApp, n: u32) -> String {
    format!(
        "poro_device={}",
        device_token(&app.state.signer, &format!("{n:032x}"))
    )
}

async fn submit_postulate(app: &common::TestApp, n: u32, client_id: &str) -> StatusCode {
    let (status, _, text) = post(
        &app.state,
        "/api/postulates/submit",
        &form(&[
            ("meeting", "2"),
            ("client_id", client_id),
            ("body", "Więcej ławek na Plantach"),
        ]),
        &[("cookie", &phone(app, n))],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{text}");
    status
}

async fn approve(app: &common::TestApp, moderator: &str, postulate: i64) {
    let (status, _, text) = post(
        &app.state,
        "/api/moderation/postulate",
        &form(&[
            ("meeting", "2"),
            ("postulate", &postulate.to_string()),
            ("version", "1"),
            ("action", "approve"),
        ]),
        &[("cookie", moderator)],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{text}");
}

#[tokio::test]
async fn a_postulate_from_a_phone_on_one_instance_approved_on_a_second_reaches_a_projector_on_a_third(
) {
    if !on_postgres("live events between instances") {
        return;
    }
    let phones = common::app().await;
    let console = common::restart(&phones).await;
    let projector = common::restart(&phones).await;
    let moderator = session(
        &console,
        user(&console, "mod@krakow.test", Role::Moderator).await,
    )
    .await;
    phones
        .repo
        .change_live_state(2, LiveChange::Open(true))
        .await
        .unwrap();
    let mut screen =
        common::open_stream(&projector, "/spotkania/2/na-zywo/zdarzenia", None, "").await;
    let mut queue =
        common::open_stream(&console, "/panel/moderacja/2/zdarzenia", None, &moderator).await;
    submit_postulate(&phones, 1, "6f1c1a8e-2d3b-4c5d-8e9f-0a1b2c3d4e5f").await;
    // The console hears of the submission made on another instance.
    assert!(matches!(
        next_message(&mut queue).await,
        LiveMessage::Logged(LiveEvent::Queue { .. })
    ));
    approve(&console, &moderator, 1).await;
    match next_message(&mut screen).await {
        LiveMessage::Postulate { postulate } => {
            assert_eq!(postulate.body, "Więcej ławek na Plantach")
        }
        other => panic!("the approved postulate, not {other:?}"),
    }
}

#[tokio::test]
async fn a_lost_listener_loses_no_event() {
    if !on_postgres("the listener's connection") {
        return;
    }
    let a = common::app().await;
    let b = common::restart(&a).await;
    let moderator = session(&a, user(&a, "mod@krakow.test", Role::Moderator).await).await;
    a.repo
        .change_live_state(2, LiveChange::Open(true))
        .await
        .unwrap();
    submit_postulate(&a, 1, "6f1c1a8e-2d3b-4c5d-8e9f-0a1b2c3d4e5f").await;
    let mut screen = common::open_stream(&b, "/spotkania/2/na-zywo/zdarzenia", None, "").await;
    // Every listener of this database loses its connection; the approval
    // is made while B's is down, so its notification never reaches B.
    let killed: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
         WHERE application_name = $1 AND datname = current_database()) AS gone",
    )
    .bind(porozmawiajmy::server::db::postgres::hub::LISTENER_NAME)
    .fetch_one(a.pool())
    .await
    .unwrap();
    assert_eq!(killed, 2, "one listener per instance");
    approve(&a, &moderator, 1).await;
    match next_message(&mut screen).await {
        LiveMessage::Postulate { postulate } => assert_eq!(postulate.id, 1),
        other => panic!("the approved postulate, not {other:?}"),
    }
}

#[tokio::test]
async fn an_answer_on_one_instance_shows_in_the_counters_of_another() {
    if !on_postgres("caches kept in step between instances") {
        return;
    }
    let a = common::app().await;
    let b = common::restart(&a).await;
    let round = b.repo.active_round().await.unwrap().unwrap().id;
    let total = |counts: &porozmawiajmy::server::catalog::Counts| -> i64 {
        counts.participation.iter().map(|p| p.answers).sum()
    };
    let before = total(&b.state.counts.get(&*b.repo, round).await.unwrap());
    let device = device_token(&a.state.signer, &format!("{:032x}", 1));
    let (_, body) = answer(&a).await;
    assert_eq!(send(&a, &body, &device).await.0, StatusCode::OK);
    // B kept its counters in memory; A's change reaches it through the hub.
    let mut seen = before;
    for _ in 0..50 {
        seen = total(&b.state.counts.get(&*b.repo, round).await.unwrap());
        if seen == before + 1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(seen, before + 1, "within a second");
}
