//! The survey's submission endpoint over the real router and a real SQLite
//! file: exactly once, receipts, conflicts, every bad input refused, the
//! deadline, one answer per device, and a full hall behind one IP address.

mod common;

use axum::body::Body;
use axum::extract::ConnectInfo;
use http::{Request, StatusCode};
use http_body_util::BodyExt;
use porozmawiajmy::domain::Receipt;
use porozmawiajmy::error::{AppError, Invalid};
use porozmawiajmy::server::http::router;
use porozmawiajmy::survey::service::issue_start;
use porozmawiajmy::survey::SUBMIT_PATH;
use std::net::SocketAddr;
use tower::ServiceExt;

struct Answer {
    client_id: String,
    start: String,
    district: String,
    actions: Vec<(String, String)>,
    other: String,
    profile: Vec<(String, String)>,
}

fn enc(s: &str) -> String {
    porozmawiajmy::ui::encode_query_value(s).replace('/', "%2F")
}

impl Answer {
    /// A valid answer started at the app's "now": district II, two actions, an age bracket.
    async fn valid(app: &common::TestApp) -> Answer {
        let start = issue_start(&app.state.signer, app.state.clock.now_ts());
        let ids = action_ids(app).await;
        Answer {
            client_id: start.client_id,
            start: start.token,
            district: "2".into(),
            actions: vec![
                (ids[0].to_string(), ids[0].to_string()),
                (ids[3].to_string(), ids[3].to_string()),
            ],
            other: "Więcej ławek przy Rondzie Mogilskim".into(),
            profile: vec![("age".into(), "30-44".into())],
        }
    }

    /// Form-encoded the way a browser posts it (brackets percent-encoded).
    fn body(&self) -> String {
        let mut pairs = vec![
            ("answer[client_id]".to_string(), self.client_id.clone()),
            ("answer[start]".to_string(), self.start.clone()),
            ("answer[district]".to_string(), self.district.clone()),
            ("answer[other]".to_string(), self.other.clone()),
        ];
        for (k, v) in &self.actions {
            pairs.push((format!("answer[actions][{k}]"), v.clone()));
        }
        for (k, v) in &self.profile {
            pairs.push((format!("answer[profile][{k}]"), v.clone()));
        }
        pairs
            .iter()
            .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
            .collect::<Vec<_>>()
            .join("&")
    }
}

async fn action_ids(app: &common::TestApp) -> Vec<i64> {
    let round = app.repo.active_round().await.unwrap().unwrap();
    app.repo
        .themes(round.id)
        .await
        .unwrap()
        .into_iter()
        .flat_map(|t| t.actions.into_iter().map(|a| a.id))
        .collect()
}

/// Device `n`'s token, signed by the app (as `/ankieta` would hand it out).
fn device(app: &common::TestApp, n: usize) -> String {
    porozmawiajmy::survey::service::device_token(&app.state.signer, &format!("{n:032x}"))
}

async fn submit_from(
    app: &common::TestApp,
    answer: &Answer,
    device: Option<&str>,
    ip: [u8; 4],
    accept: &str,
) -> (StatusCode, http::HeaderMap, String) {
    let mut req = Request::post(SUBMIT_PATH)
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", accept)
        .header("referer", "http://127.0.0.1:3000/ankieta");
    if let Some(d) = device {
        req = req.header("cookie", format!("lang=pl; poro_device={d}"));
    }
    let mut req = req.body(Body::from(answer.body())).unwrap();
    req.extensions_mut()
        .insert(ConnectInfo(SocketAddr::from((ip, 40000))));
    let res = router(app.state.clone()).oneshot(req).await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let body = res.into_body().collect().await.unwrap().to_bytes();
    (status, headers, String::from_utf8_lossy(&body).into_owned())
}

async fn submit(app: &common::TestApp, answer: &Answer, device_no: usize) -> (StatusCode, String) {
    let (status, _, body) = submit_from(
        app,
        answer,
        Some(&device(app, device_no)),
        [203, 0, 113, 7],
        "application/json",
    )
    .await;
    (status, body)
}

async fn count(app: &common::TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(app.pool()).await.unwrap()
}

async fn total_participation(app: &common::TestApp) -> i64 {
    count(
        app,
        "SELECT CAST(COALESCE(SUM(answers), 0) AS BIGINT) FROM participation",
    )
    .await
}

#[tokio::test]
async fn a_valid_answer_is_stored_once_with_a_receipt() {
    let app = common::app().await;
    let answer = Answer::valid(&app).await;
    let (status, body) = submit(&app, &answer, 1).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let receipt: Receipt = serde_json::from_str(&body).unwrap();
    assert_eq!(receipt.district, "II Grzegórzki");
    assert_eq!(receipt.submitted_on, "2027-10-01");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM responses").await, 1);
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM response_actions").await,
        2
    );
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM response_options").await,
        1
    );
    assert_eq!(total_participation(&app).await, 1);
    // The receipt can be checked, and the row holds nothing that identifies the device's owner.
    assert_eq!(
        app.repo.receipt(&receipt.code).await.unwrap().unwrap(),
        receipt
    );
    let device_hash: String = sqlx::query_scalar("SELECT device_hash FROM responses")
        .fetch_one(app.pool())
        .await
        .unwrap();
    assert!(!device_hash.contains(&device(&app, 1)));
}

#[tokio::test]
async fn a_replay_gets_the_same_receipt_and_no_second_row() {
    let app = common::app().await;
    let answer = Answer::valid(&app).await;
    let (_, first) = submit(&app, &answer, 1).await;
    let (status, second) = submit(&app, &answer, 1).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(first, second);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM responses").await, 1);
    assert_eq!(total_participation(&app).await, 1);
}

#[tokio::test]
async fn the_same_id_with_other_content_is_a_conflict_and_changes_nothing() {
    let app = common::app().await;
    let answer = Answer::valid(&app).await;
    submit(&app, &answer, 1).await;
    let before: String = sqlx::query_scalar("SELECT content_hash FROM responses")
        .fetch_one(app.pool())
        .await
        .unwrap();
    let mut changed = answer;
    changed.district = "3".into();
    let (status, body) = submit(&app, &changed, 1).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(
        serde_json::from_str::<AppError>(&body).unwrap(),
        AppError::Conflict
    );
    let after: String = sqlx::query_scalar("SELECT content_hash FROM responses")
        .fetch_one(app.pool())
        .await
        .unwrap();
    assert_eq!(before, after);
    assert_eq!(count(&app, "SELECT district_id FROM responses").await, 2);
    assert_eq!(total_participation(&app).await, 1);
}

#[tokio::test]
async fn every_bad_input_is_refused_with_a_4xx_and_nothing_is_stored() {
    let app = common::app().await;
    let ids = action_ids(&app).await;
    type Spoil = Box<dyn Fn(&mut Answer)>;
    let cases: Vec<(&str, Spoil, AppError)> = vec![
        (
            "unknown district",
            Box::new(|a| a.district = "13".into()),
            AppError::invalid("district", Invalid::Unknown),
        ),
        (
            "no district",
            Box::new(|a| a.district = "".into()),
            AppError::invalid("district", Invalid::Missing),
        ),
        (
            "district not a number",
            Box::new(|a| a.district = "II".into()),
            AppError::invalid("district", Invalid::Malformed),
        ),
        (
            "unknown action",
            Box::new(|a| a.actions.push(("99999".into(), "99999".into()))),
            AppError::invalid("actions", Invalid::Unknown),
        ),
        (
            "no action",
            Box::new(|a| a.actions.clear()),
            AppError::invalid("actions", Invalid::Missing),
        ),
        (
            "too many picks",
            Box::new({
                let ids = ids.clone();
                move |a: &mut Answer| {
                    a.actions = ids
                        .iter()
                        .take(6)
                        .map(|i| (i.to_string(), i.to_string()))
                        .collect()
                }
            }),
            AppError::invalid("actions", Invalid::TooMany),
        ),
        (
            "duplicate action",
            Box::new({
                let id = ids[0];
                move |a: &mut Answer| a.actions.push((ids[5].to_string(), id.to_string()))
            }),
            AppError::invalid("actions", Invalid::Malformed),
        ),
        (
            "over-long text",
            Box::new(|a| a.other = "ż".repeat(1001)),
            AppError::invalid("other", Invalid::TooLong),
        ),
        (
            "malformed id",
            Box::new(|a| a.client_id = "1234".into()),
            AppError::invalid("client_id", Invalid::Malformed),
        ),
        (
            "missing start token",
            Box::new(|a| a.start = "".into()),
            AppError::invalid("start", Invalid::Malformed),
        ),
        (
            "forged start token",
            Box::new(|a| a.start = format!("1800000000.{}", "ab".repeat(32))),
            AppError::invalid("start", Invalid::Malformed),
        ),
        (
            "unknown profile answer",
            Box::new(|a| a.profile = vec![("age".into(), "200".into())]),
            AppError::invalid("profile", Invalid::Unknown),
        ),
        (
            "unknown profile question",
            Box::new(|a| a.profile = vec![("income".into(), "high".into())]),
            AppError::invalid("profile", Invalid::Unknown),
        ),
    ];
    for (n, (name, spoil, expected)) in cases.into_iter().enumerate() {
        let mut answer = Answer::valid(&app).await;
        spoil(&mut answer);
        let (status, body) = submit(&app, &answer, 100 + n).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{name}: {body}");
        assert_eq!(
            serde_json::from_str::<AppError>(&body).unwrap(),
            expected,
            "{name}"
        );
    }
    // No device token, or one the client invented: refused too.
    let answer = Answer::valid(&app).await;
    let forged_unsigned = format!("{:032x}", 77);
    let forged_signature = format!("{:032x}.{}", 78, "ab".repeat(32));
    for token in [
        None,
        Some(forged_unsigned.as_str()),
        Some(forged_signature.as_str()),
    ] {
        let (status, _, body) =
            submit_from(&app, &answer, token, [203, 0, 113, 7], "application/json").await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{token:?}");
        assert_eq!(
            serde_json::from_str::<AppError>(&body).unwrap(),
            AppError::invalid("device", Invalid::Missing)
        );
    }
    // Garbage that is not even the form's shape.
    let res = router(app.state.clone())
        .oneshot(
            Request::post(SUBMIT_PATH)
                .header("content-type", "application/x-www-form-urlencoded")
                .header("cookie", format!("poro_device={}", device(&app, 1)))
                .body(Body::from("%%%&&&answer=1"))
                .unwrap(),
        )
        .await
        .unwrap();
    assert!(res.status().is_client_error(), "{}", res.status());

    assert_eq!(count(&app, "SELECT COUNT(*) FROM responses").await, 0);
    assert_eq!(total_participation(&app).await, 0);
}

#[tokio::test]
async fn after_the_deadline_only_answers_started_before_it_are_accepted() {
    // 4 March 2028: the survey closed on 3 March, 23:59.
    let app = common::app_at("2028-03-04T08:00:00+01:00").await;
    let late = Answer::valid(&app).await; // started now, after the deadline
    let (status, body) = submit(&app, &late, 1).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(
        serde_json::from_str::<AppError>(&body).unwrap(),
        AppError::SurveyClosed
    );

    // Started (token signed) on 3 March 20:00, queued offline, delivered now: accepted.
    let mut queued = Answer::valid(&app).await;
    let started = porozmawiajmy::server::time::warsaw(2028, 3, 3, 20, 0).unwrap();
    let start = issue_start(&app.state.signer, started);
    queued.client_id = start.client_id;
    queued.start = start.token;
    let (status, body) = submit(&app, &queued, 2).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM responses").await, 1);
}

#[tokio::test]
async fn one_answer_per_device() {
    let app = common::app().await;
    let (status, _) = submit(&app, &Answer::valid(&app).await, 7).await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = submit(&app, &Answer::valid(&app).await, 7).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(
        serde_json::from_str::<AppError>(&body).unwrap(),
        AppError::AlreadyAnswered
    );
    assert_eq!(count(&app, "SELECT COUNT(*) FROM responses").await, 1);
}

/// A meeting hall behind one address, for longer than the limiter's
/// one-minute window: 300 phones answer at once (concurrently), then 100
/// more every minute for four minutes, while a quarter of them also send a
/// duplicate (a double tap, an outbox retry). Every phone gets in, every
/// answer is stored once — 700 answers, more than the address's burst of
/// 600, so the limit's refill is what lets the later ones in.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hall_of_phones_behind_one_address_all_get_in_over_several_minutes() {
    let app = std::sync::Arc::new(common::app().await);
    let mut device_no = 1000;
    for (minute, phones) in [300usize, 100, 100, 100, 100].into_iter().enumerate() {
        if minute > 0 {
            app.state
                .limits
                .clock
                .advance(std::time::Duration::from_secs(60));
        }
        let mut tasks = Vec::new();
        for _ in 0..phones {
            device_no += 1;
            let (app, n) = (app.clone(), device_no);
            tasks.push(tokio::spawn(async move {
                let answer = Answer::valid(&app).await;
                let (status, body) = submit(&app, &answer, n).await;
                let repeat = if n % 4 == 0 {
                    Some(submit(&app, &answer, n).await)
                } else {
                    None
                };
                (n, status, body, repeat)
            }));
        }
        for task in tasks {
            let (n, status, body, repeat) = task.await.unwrap();
            assert_eq!(
                status,
                StatusCode::OK,
                "minute {minute}, device {n}: {body}"
            );
            if let Some((again, again_body)) = repeat {
                assert_eq!(again, StatusCode::OK, "device {n} repeat: {again_body}");
                assert_eq!(
                    serde_json::from_str::<Receipt>(&again_body).unwrap(),
                    serde_json::from_str::<Receipt>(&body).unwrap()
                );
            }
        }
    }
    assert_eq!(count(&app, "SELECT COUNT(*) FROM responses").await, 700);
    assert_eq!(total_participation(&app).await, 700);
    // Every results tally equals a recount of what was stored.
    assert_eq!(app.repo.recount(false).await.unwrap(), vec![]);
}

/// A double tap, or the outbox flushed by submit, `online`, page load and
/// a timer at once: identical deliveries from one device race each other.
/// Every one of them gets the same receipt — never "already answered".
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn racing_deliveries_of_one_answer_from_one_device_all_get_the_receipt() {
    let app = std::sync::Arc::new(common::app().await);
    for round in 0..5 {
        let answer = std::sync::Arc::new(Answer::valid(&app).await);
        let tasks: Vec<_> = (0..8)
            .map(|_| {
                let (app, answer) = (app.clone(), answer.clone());
                tokio::spawn(async move { submit(&app, &answer, 500 + round).await })
            })
            .collect();
        let mut receipts = Vec::new();
        for task in tasks {
            let (status, body) = task.await.unwrap();
            assert_eq!(status, StatusCode::OK, "round {round}: {body}");
            receipts.push(serde_json::from_str::<Receipt>(&body).unwrap());
        }
        receipts.dedup();
        assert_eq!(receipts.len(), 1, "round {round}");
    }
    assert_eq!(count(&app, "SELECT COUNT(*) FROM responses").await, 5);
}

/// The repository decides by the client id first: storing the same answer
/// twice is a replay, whichever unique index SQLite reports.
#[tokio::test]
async fn storing_the_same_answer_twice_is_a_replay_not_a_second_answer() {
    use porozmawiajmy::domain::AnswerSource;
    use porozmawiajmy::server::db::{InsertOutcome, NewResponse};
    let app = common::app().await;
    let round = app.repo.active_round().await.unwrap().unwrap();
    let new = |client: &str| NewResponse {
        round_id: round.id,
        district_id: 2,
        client_id: client.into(),
        device_hash: Some("device-hash".into()),
        content_hash: "c".into(),
        receipt: format!("R{client}"),
        source: AnswerSource::Online,
        other_needs: None,
        submitted_on: "2027-10-01".into(),
        action_ids: vec![],
        options: vec![],
    };
    assert!(matches!(
        app.repo.insert_response(&new("a")).await.unwrap(),
        InsertOutcome::Stored(_)
    ));
    assert_eq!(
        app.repo.insert_response(&new("a")).await.unwrap(),
        InsertOutcome::DuplicateClientId
    );
    assert_eq!(
        app.repo.insert_response(&new("b")).await.unwrap(),
        InsertOutcome::DuplicateDevice
    );
}

#[tokio::test]
async fn one_device_hammering_is_rate_limited() {
    let app = common::app().await;
    let answer = Answer::valid(&app).await;
    let mut statuses = Vec::new();
    for _ in 0..12 {
        statuses.push(submit(&app, &answer, 5).await.0);
    }
    assert!(
        statuses[..10].iter().all(|s| *s == StatusCode::OK),
        "{statuses:?}"
    );
    assert_eq!(statuses[11], StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM responses").await, 1);
}

#[tokio::test]
async fn without_javascript_the_form_post_redirects_to_the_receipt_or_back_with_the_error() {
    let app = common::app().await;
    let answer = Answer::valid(&app).await;
    let html = "text/html,application/xhtml+xml";
    let (status, headers, _) =
        submit_from(&app, &answer, Some(&device(&app, 9)), [10, 0, 0, 1], html).await;
    assert!(status.is_redirection(), "{status}");
    let location = headers["location"].to_str().unwrap().to_owned();
    assert!(
        location.starts_with("/ankieta/potwierdzenie/"),
        "{location}"
    );
    let code = location.rsplit('/').next().unwrap();
    assert!(app.repo.receipt(code).await.unwrap().is_some());

    let mut bad = Answer::valid(&app).await;
    bad.district = "".into();
    let (status, headers, _) =
        submit_from(&app, &bad, Some(&device(&app, 10)), [10, 0, 0, 1], html).await;
    assert!(status.is_redirection(), "{status}");
    let location = headers["location"].to_str().unwrap();
    assert!(location.starts_with("/ankieta?formularz="), "{location}");
    assert!(location.contains("&blad="), "{location}");
}

/// With JavaScript off, a mistake brings the form back as it was sent —
/// choices, text, identity — with the error next to its field; also
/// without a Referer. Fixed, the same form is stored once.
#[tokio::test]
async fn without_javascript_a_mistake_keeps_everything_typed() {
    let app = common::app().await;
    let ids = action_ids(&app).await;
    let mut answer = Answer::valid(&app).await;
    answer.district = "".into();
    answer.other =
        "Ławki <b>przy</b> ścieżce & więcej drzew</textarea><script>alert(1)</script>".into();
    let mut req = Request::post(SUBMIT_PATH)
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "text/html")
        .header("cookie", format!("poro_device={}", device(&app, 3)))
        .body(Body::from(answer.body()))
        .unwrap();
    req.extensions_mut()
        .insert(ConnectInfo(SocketAddr::from(([10, 1, 1, 1], 40000))));
    let res = router(app.state.clone()).oneshot(req).await.unwrap();
    assert!(res.status().is_redirection(), "{}", res.status());
    let location = res.headers()["location"].to_str().unwrap().to_owned();
    assert!(location.starts_with("/ankieta?formularz="), "{location}");
    // Nothing the resident typed is in the URL.
    assert!(!location.contains("awki"), "{location}");

    let (status, _, html) = common::get(&app, &location, "lang=pl").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("Ławki &lt;b&gt;przy&lt;/b&gt; ścieżce &amp; więcej drzew&lt;/textarea&gt;&lt;script&gt;alert(1)&lt;/script&gt;</textarea>"),
        "the text comes back, escaped: {}",
        html.split("<textarea").nth(1).unwrap_or("no textarea")
    );
    assert!(!html.contains("<script>alert(1)"));
    for id in [ids[0], ids[3]] {
        let input = html
            .split("<input")
            .find(|i| i.contains(&format!("id=\"action-{id}\"")))
            .unwrap();
        assert!(input.contains("checked"), "action {id}: {input}");
    }
    let unchosen = html
        .split("<input")
        .find(|i| i.contains(&format!("id=\"action-{}\"", ids[1])))
        .unwrap();
    assert!(!unchosen.contains("checked"), "{unchosen}");
    assert!(html.contains(&format!("value=\"{}\"", answer.client_id)));
    assert!(
        html.contains("id=\"district-error\""),
        "the error sits next to its field"
    );
    assert!(html.contains("Wybierz dzielnicę."));

    // Corrected and sent again: stored once, and the kept copy is gone.
    answer.district = "2".into();
    let (status, headers, _) = submit_from(
        &app,
        &answer,
        Some(&device(&app, 3)),
        [10, 1, 1, 1],
        "text/html",
    )
    .await;
    assert!(status.is_redirection());
    assert!(headers["location"]
        .to_str()
        .unwrap()
        .starts_with("/ankieta/potwierdzenie/"));
    assert_eq!(count(&app, "SELECT COUNT(*) FROM responses").await, 1);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM returned_forms").await, 0);
    // An unknown or expired key shows a fresh form.
    let (status, _, html) =
        common::get(&app, &format!("/ankieta?formularz={}", "0".repeat(64)), "").await;
    assert_eq!(status, StatusCode::OK);
    assert!(!html.contains("ścieżce"));
}

/// Device tokens are handed out signed, with `Secure`, and only so many
/// per address and minute (loosely: a hall shares one address).
#[tokio::test]
async fn device_tokens_are_signed_and_limited_per_address() {
    let app = common::app().await;
    let (_, headers, _) = common::get(&app, "/ankieta", "").await;
    let cookie = headers
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|c| c.starts_with("poro_device="))
        .expect("a device cookie");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("Secure"),
        "{cookie}"
    );
    let token = cookie["poro_device=".len()..].split(';').next().unwrap();
    assert!(porozmawiajmy::survey::service::is_device_token(
        &app.state.signer,
        token
    ));
    // A device that has a genuine token gets no new one.
    let (_, headers, _) = common::get(&app, "/ankieta", &format!("poro_device={token}")).await;
    assert!(!headers
        .get_all("set-cookie")
        .iter()
        .any(|v| v.to_str().unwrap().starts_with("poro_device=")));
    // One address: 600 new tokens at once, then no more this minute.
    for _ in 0..599 {
        assert!(app.state.limits.allow_device_token("10.1.1.1"));
    }
    let (_, headers, _) = common::get(&app, "/ankieta", "").await;
    assert!(!headers
        .get_all("set-cookie")
        .iter()
        .any(|v| v.to_str().unwrap().starts_with("poro_device=")));
}

/// A late delivery is accepted for 72 hours after closing, from a form
/// started in the week before it arrives — not weeks later.
#[tokio::test]
async fn late_answers_are_accepted_only_within_the_grace_period() {
    let started = porozmawiajmy::server::time::warsaw(2028, 3, 3, 20, 0).unwrap();
    for (now, accepted) in [
        ("2028-03-06T22:00:00Z", true),
        ("2028-03-07T00:00:00Z", false),
    ] {
        let app = common::app_at(now).await;
        let mut queued = Answer::valid(&app).await;
        let start = issue_start(&app.state.signer, started);
        queued.client_id = start.client_id;
        queued.start = start.token;
        let (status, body) = submit(&app, &queued, 2).await;
        let expected = if accepted {
            StatusCode::OK
        } else {
            StatusCode::FORBIDDEN
        };
        assert_eq!(status, expected, "{now}: {body}");
    }
}

/// Many residents opening the survey at once, on one multi-threaded
/// runtime as in production: every page renders, none waits on another.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_survey_page_renders_for_many_residents_at_once() {
    let app = std::sync::Arc::new(common::app().await);
    let tasks: Vec<_> = (0..40)
        .map(|_| {
            let app = app.clone();
            tokio::spawn(async move { common::get(&app, "/ankieta", "lang=pl").await })
        })
        .collect();
    for task in tasks {
        let (status, _, html) = tokio::time::timeout(std::time::Duration::from_secs(30), task)
            .await
            .expect("rendered within 30 s")
            .unwrap();
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("<leptos-island"));
    }
}

/// A replay after the grace period gets its receipt, not "closed": the
/// answer was stored before the deadline and only its response was lost
/// (#27 item 13).
#[tokio::test]
async fn a_replay_after_the_deadline_gets_its_receipt() {
    let app = common::app_at("2028-03-03T19:00:00Z").await;
    let answer = Answer::valid(&app).await;
    let (status, receipt) = submit(&app, &answer, 4).await;
    assert_eq!(status, StatusCode::OK, "{receipt}");
    let later = common::restart_at(&app, "2028-03-10T00:00:00Z").await;
    let (status, replay) = submit(&later, &answer, 4).await;
    assert_eq!((status, replay), (StatusCode::OK, receipt));
    // A new answer is refused, and the replay stored nothing new.
    let fresh = Answer::valid(&later).await;
    assert_eq!(submit(&later, &fresh, 5).await.0, StatusCode::FORBIDDEN);
    assert_eq!(count(&later, "SELECT COUNT(*) FROM responses").await, 1);
}

/// Returned forms (JavaScript off) cannot fill the disk: only what the
/// fields allow is kept, nothing for posts refused before their content
/// counted (no device, rate limited), and at most so many per address
/// (#27 item 19).
#[tokio::test]
async fn returned_forms_are_bounded() {
    use porozmawiajmy::server::returned::PER_ADDRESS;
    let app = common::app().await;
    let html = "text/html";
    let kept = |app: &common::TestApp| {
        let pool = app.pool().clone();
        async move {
            sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM returned_forms")
                .fetch_one(&pool)
                .await
                .unwrap()
        }
    };
    let mut bad = Answer::valid(&app).await;
    bad.district = String::new();
    bad.other = "ą".repeat(5_000);
    // No device: refused before its content counts, nothing kept.
    let (status, headers, _) = submit_from(&app, &bad, None, [10, 9, 0, 1], html).await;
    assert!(status.is_redirection());
    assert!(!headers["location"].to_str().unwrap().contains("formularz"));
    assert_eq!(kept(&app).await, 0);
    // One kept: cut to the field's limit.
    let (status, headers, _) =
        submit_from(&app, &bad, Some(&device(&app, 1)), [10, 9, 0, 1], html).await;
    assert!(status.is_redirection());
    assert!(headers["location"].to_str().unwrap().contains("formularz="));
    let payload: String = sqlx::query_scalar("SELECT payload FROM returned_forms")
        .fetch_one(app.pool())
        .await
        .unwrap();
    assert!(
        payload.chars().count() < 1_500,
        "{} characters kept",
        payload.chars().count()
    );
    // One device hammering: rate limited posts keep nothing.
    bad.other = "krótko".into();
    for _ in 0..40 {
        submit_from(&app, &bad, Some(&device(&app, 2)), [10, 9, 0, 1], html).await;
    }
    let after_hammering = kept(&app).await;
    assert!(
        after_hammering < 20,
        "{after_hammering} kept for one device"
    );
    // Many devices behind one address: at most PER_ADDRESS kept.
    for n in 0..(PER_ADDRESS as usize + 10) {
        submit_from(
            &app,
            &bad,
            Some(&device(&app, 100 + n)),
            [10, 9, 0, 2],
            html,
        )
        .await;
    }
    let from_hall: i64 = kept(&app).await - after_hammering;
    assert_eq!(from_hall, PER_ADDRESS);
}

/// An error comes back to a page as a code: a crafted `?blad=` cannot make
/// the site say anything (#27 item 12), and the way back never leaves the
/// site (item 22).
#[tokio::test]
async fn error_links_carry_codes_never_text() {
    let app = common::app().await;
    for crafted in [
        r#"{"Stale":{"version":1,"status":{"pl":"Ankieta przeniesiona na evil.example","en":"Moved to evil.example"},"body":"evil.example"}}"#,
        r#"{"Transport":"Ankieta przeniesiona na evil.example"}"#,
        r#"["stale",1,"Ankieta przeniesiona na evil.example","Moved to evil.example","evil.example"]"#,
        "Ankieta przeniesiona na evil.example",
    ] {
        for page in ["/ankieta", "/spotkania/2/na-zywo", "/panel/moderacja/2"] {
            let (_, _, html) =
                common::get(&app, &format!("{page}?blad={}", enc(crafted)), "").await;
            // No alert says anything of it (the page's own links may carry
            // the URL, escaped, e.g. the language switch's way back).
            let alerts: Vec<&str> = html
                .split("role=\"alert\"")
                .skip(1)
                .map(|a| a.split("</").next().unwrap_or_default())
                .collect();
            assert!(
                alerts.iter().all(|a| !a.contains("evil")),
                "{page}: {alerts:?}"
            );
            assert!(!html.contains(">Ankieta przeniesiona"), "{page}: {crafted}");
        }
    }
    // The codes the server sends are read back.
    let mut bad = Answer::valid(&app).await;
    bad.district = String::new();
    let (_, headers, _) = submit_from(
        &app,
        &bad,
        Some(&device(&app, 1)),
        [10, 8, 0, 1],
        "text/html",
    )
    .await;
    let location = headers["location"].to_str().unwrap();
    assert!(
        location.contains("blad=invalid.district.missing"),
        "{location}"
    );

    // A failed plain post with a same-origin Referer whose path is `//host`.
    let mut req = Request::post("/api/staff/login")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "text/html")
        .header("referer", "http://127.0.0.1:3000//evil.example/x")
        .body(Body::from(
            "email=a%40krakow.test&password=zle-haslo-123456",
        ))
        .unwrap();
    req.extensions_mut()
        .insert(ConnectInfo(SocketAddr::from(([10, 8, 0, 2], 40000))));
    let res = router(app.state.clone()).oneshot(req).await.unwrap();
    let location = res.headers()["location"].to_str().unwrap();
    assert!(
        location.starts_with('/') && !location.starts_with("//"),
        "{location}"
    );
}

/// The value of the first `name="…"` input in a page.
fn input_value(html: &str, name: &str) -> String {
    let at = html
        .find(&format!("name=\"{name}\" value=\""))
        .unwrap_or_else(|| panic!("no {name} in the page"));
    let rest = &html[at + name.len() + 15..];
    rest[..rest.find('"').unwrap()].to_owned()
}

/// The survey page is rendered once and kept (server::page_cache), yet
/// every visitor gets their own client id and start token — genuine, in
/// the form and in the island's data alike, good for an answer — and a
/// device cookie; a device that has answered gets its receipt; a new
/// answer's participation shows at once.
/// The number of answers so far, as the survey page shows it.
fn participation_total(html: &str) -> &str {
    html.split("data-testid=\"participation-total\">")
        .nth(1)
        .and_then(|rest| rest.split('<').next())
        .unwrap_or_default()
}

#[tokio::test]
async fn the_survey_page_is_kept_and_every_visitor_gets_their_own_start() {
    let app = common::app().await;
    let (_, headers, first) = common::get(&app, "/ankieta", "lang=pl").await;
    let (_, _, second) = common::get(&app, "/ankieta", "lang=pl").await;
    assert_eq!(app.state.pages.len(), 1, "the survey page is kept");
    assert!(headers
        .get_all("set-cookie")
        .iter()
        .any(|v| v.to_str().unwrap().starts_with("poro_device=")));
    let starts: Vec<(String, String)> = [&first, &second]
        .iter()
        .map(|html| {
            (
                input_value(html, "answer[client_id]"),
                input_value(html, "answer[start]"),
            )
        })
        .collect();
    assert_ne!(starts[0], starts[1], "each visitor has their own");
    let placeholder = porozmawiajmy::server::page_cache::template();
    for ((id, token), html) in starts.iter().zip([&first, &second]) {
        assert!(
            porozmawiajmy::survey::service::verify_start(&app.state.signer, id, token).is_some()
        );
        assert!(html.contains(&format!("&quot;client_id&quot;:&quot;{id}&quot;")));
        assert!(!html.contains(&placeholder.client_id) && !html.contains(&placeholder.token));
    }
    assert_eq!(participation_total(&first), "0", "nobody has answered");

    let mut answer = Answer::valid(&app).await;
    (answer.client_id, answer.start) = starts[1].clone();
    let (status, body) = submit(&app, &answer, 7).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let receipt: Receipt = serde_json::from_str(&body).unwrap();

    let (_, _, mine) = common::get(
        &app,
        "/ankieta",
        &format!("lang=pl; poro_device={}", device(&app, 7)),
    )
    .await;
    assert!(
        mine.contains(&receipt.code),
        "the device that answered sees its receipt"
    );
    let (_, _, other) = common::get(
        &app,
        "/ankieta",
        &format!("lang=pl; poro_device={}", device(&app, 8)),
    )
    .await;
    assert!(!other.contains(&receipt.code));
    assert_eq!(
        participation_total(&other),
        "1",
        "the answer counts at once"
    );
    assert_ne!(input_value(&other, "answer[client_id]"), starts[1].0);
}
