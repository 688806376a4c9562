//! Durability over a real SQLite file: every connection commits with
//! `synchronous=FULL` in WAL mode (an acknowledged answer is on disk); a
//! backup taken while answers keep coming in holds every answer
//! acknowledged before it began, with counters that equal a recount, and
//! restores by putting the file in place; the `backup` command refuses to
//! overwrite a file. Answers arriving together are committed together
//! (group commit), each exactly once, and an answer that fails fails alone.
//!
//! The group commit's tests run on both backends (PostgreSQL's answers go
//! through it too); the rest is about SQLite's file: run on PostgreSQL
//! (`PORO_TEST_BACKEND=postgres`), those tests say so and end.

mod common;

use http::StatusCode;
use porozmawiajmy::error::AppError;
use porozmawiajmy::server::db::sqlite::SqliteRepository;
use porozmawiajmy::server::db::{Backend, ResultsRepository};
use porozmawiajmy::survey::service::{device_token, issue_start};
use porozmawiajmy::survey::SUBMIT_PATH;
use std::sync::{Arc, Mutex};

fn enc(s: &str) -> String {
    porozmawiajmy::ui::encode_query_value(s).replace('/', "%2F")
}

#[tokio::test]
async fn every_connection_syncs_each_commit_to_disk() {
    if !common::on_sqlite("every connection syncs each commit to disk") {
        return;
    }
    let app = common::app().await;
    // Hold several connections at once so more than the first is asked.
    let mut held = Vec::new();
    for _ in 0..4 {
        let mut conn = app.sqlite().pool().acquire().await.unwrap();
        let sync: i64 = sqlx::query_scalar("PRAGMA synchronous")
            .fetch_one(&mut *conn)
            .await
            .unwrap();
        assert_eq!(sync, 2, "synchronous=FULL (2), not NORMAL (1)");
        let journal: String = sqlx::query_scalar("PRAGMA journal_mode")
            .fetch_one(&mut *conn)
            .await
            .unwrap();
        assert_eq!(journal, "wal");
        held.push(conn);
    }
}

/// Sends one answer through the survey's endpoint, as phone number `n`
/// would (its own device, a fresh start token and client id); with the
/// same `n` and `client` it is the same answer sent again.
async fn send_answer(
    app: &common::TestApp,
    n: u32,
    client: &porozmawiajmy::domain::StartToken,
) -> (StatusCode, http::HeaderMap, String) {
    let round = app.repo.active_round().await.unwrap().unwrap();
    let action = app.repo.themes(round.id).await.unwrap()[0].actions[0].id;
    let body = [
        ("answer[client_id]", client.client_id.clone()),
        ("answer[start]", client.token.clone()),
        ("answer[district]", (1 + n % 7).to_string()),
        (&format!("answer[actions][{action}]"), action.to_string()),
    ]
    .iter()
    .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
    .collect::<Vec<_>>()
    .join("&");
    let device = device_token(&app.state.signer, &format!("{n:032x}"));
    common::post(
        &app.state,
        SUBMIT_PATH,
        &body,
        &[("cookie", &format!("poro_device={device}"))],
    )
    .await
}

fn new_client(app: &common::TestApp) -> porozmawiajmy::domain::StartToken {
    issue_start(&app.state.signer, app.state.clock.now_ts())
}

/// Sends answers one after another until `stop`, from a new device each,
/// keeping every receipt the server acknowledged.
async fn keep_answering(
    app: Arc<common::TestApp>,
    acknowledged: Arc<Mutex<Vec<String>>>,
    stop: Arc<std::sync::atomic::AtomicBool>,
) {
    let mut n = 0;
    while !stop.load(std::sync::atomic::Ordering::SeqCst) {
        n += 1;
        let (status, _, text) = send_answer(&app, n, &new_client(&app)).await;
        assert_eq!(status, StatusCode::OK, "{text}");
        let receipt: porozmawiajmy::domain::Receipt = serde_json::from_str(&text).unwrap();
        acknowledged.lock().unwrap().push(receipt.code);
    }
}

async fn stored_answers(app: &common::TestApp) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM responses")
        .fetch_one(app.pool())
        .await
        .unwrap()
}

/// Sets `PRAGMA max_page_count` on every connection of the pool (the
/// setting is per connection): `None` lifts the limit.
async fn limit_pages(app: &common::TestApp, pages: Option<i64>) {
    let mut held = Vec::new();
    for _ in 0..8 {
        let mut conn = app.sqlite().pool().acquire().await.unwrap();
        let now: i64 = sqlx::query_scalar("PRAGMA page_count")
            .fetch_one(&mut *conn)
            .await
            .unwrap();
        let limit = pages.map_or(1 << 30, |p| p.max(now));
        sqlx::query(&format!("PRAGMA max_page_count = {limit}"))
            .execute(&mut *conn)
            .await
            .unwrap();
        held.push(conn);
    }
}

/// Makes the database refuse to grow (`true`) or gives it room again: on
/// SQLite a size limit, which fails a write with SQLITE_FULL; on
/// PostgreSQL a trigger failing every new answer with SQLSTATE 53100
/// (disk_full), the error a full disk gives.
async fn disk_full(app: &common::TestApp, full: bool) {
    match (app.backend(), full) {
        (Backend::Sqlite, true) => limit_pages(app, Some(0)).await,
        (Backend::Sqlite, false) => limit_pages(app, None).await,
        (Backend::Postgres, true) => {
            for statement in [
                "CREATE FUNCTION disk_full() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
                 RAISE EXCEPTION 'could not extend file' USING ERRCODE = 'disk_full'; END $$",
                "CREATE TRIGGER disk_full BEFORE INSERT ON responses \
                 FOR EACH ROW EXECUTE FUNCTION disk_full()",
            ] {
                sqlx::query(statement).execute(app.pool()).await.unwrap();
            }
        }
        (Backend::Postgres, false) => {
            sqlx::query("DROP TRIGGER disk_full ON responses")
                .execute(app.pool())
                .await
                .unwrap();
        }
    }
}

#[tokio::test]
async fn a_full_disk_is_refused_clearly_nothing_partial_is_stored_and_reads_go_on() {
    let app = common::app().await;
    disk_full(&app, true).await;
    let mut refused = None;
    for n in 1..=5_000 {
        let client = new_client(&app);
        let before = stored_answers(&app).await;
        let (status, headers, text) = send_answer(&app, n, &client).await;
        if status == StatusCode::OK {
            continue;
        }
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{text}");
        assert_eq!(headers["retry-after"], "5");
        assert_eq!(
            serde_json::from_str::<AppError>(&text).unwrap(),
            AppError::StorageFull
        );
        assert!(AppError::StorageFull
            .message(porozmawiajmy::i18n::Lang::Pl)
            .contains("nic nie zostało zapisane"));
        assert_eq!(stored_answers(&app).await, before, "nothing of it stored");
        refused = Some((n, client));
        break;
    }
    let (n, client) = refused.expect("the database filled up");
    assert!(
        app.repo.recount(false).await.unwrap().is_empty(),
        "the counters equal a recount: no half-stored answer"
    );
    // Reads go on.
    for path in ["/", "/wyniki", "/spotkania"] {
        let (status, _, _) = common::get(&app, path, "").await;
        assert_eq!(status, StatusCode::OK, "{path}");
    }
    // Room again: the same answer, sent again as the outbox does, is stored once.
    disk_full(&app, false).await;
    let before = stored_answers(&app).await;
    let (status, _, text) = send_answer(&app, n, &client).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    let (status, _, again) = send_answer(&app, n, &client).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(text, again, "a replay returns the same receipt");
    assert_eq!(stored_answers(&app).await, before + 1);
}

#[tokio::test]
async fn a_locked_database_is_answered_503_with_retry_after() {
    if !common::on_sqlite("a locked database is answered 503 with retry after") {
        return;
    }
    let app = common::app().await;
    // Another writer holds the database past the busy timeout (5 s).
    let mut blocker = app.sqlite().pool().acquire().await.unwrap();
    sqlx::query("BEGIN IMMEDIATE")
        .execute(&mut *blocker)
        .await
        .unwrap();
    let client = new_client(&app);
    let (status, headers, text) = send_answer(&app, 1, &client).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{text}");
    assert_eq!(headers["retry-after"], "5");
    assert_eq!(
        serde_json::from_str::<AppError>(&text).unwrap(),
        AppError::Unavailable
    );
    // Reads go on meanwhile (WAL: readers do not wait for the writer).
    let (status, _, _) = common::get(&app, "/spotkania", "").await;
    assert_eq!(status, StatusCode::OK);
    sqlx::query("ROLLBACK")
        .execute(&mut *blocker)
        .await
        .unwrap();
    drop(blocker);
    let (status, _, text) = send_answer(&app, 1, &client).await;
    assert_eq!(status, StatusCode::OK, "sent again, it is stored: {text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_taken_under_load_holds_every_answer_acknowledged_before_it() {
    if !common::on_sqlite("a backup taken under load holds every answer acknowledged before it") {
        return;
    }
    let app = Arc::new(common::app().await);
    let acknowledged = Arc::new(Mutex::new(Vec::new()));
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = tokio::spawn(keep_answering(
        app.clone(),
        acknowledged.clone(),
        stop.clone(),
    ));
    // Some answers in, then the backup while more arrive.
    while acknowledged.lock().unwrap().len() < 50 {
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    let before: Vec<String> = acknowledged.lock().unwrap().clone();
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("kopia.db");
    app.repo.backup_to(copy.to_str().unwrap()).await.unwrap();
    let during = acknowledged.lock().unwrap().len();
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    writer.await.unwrap();
    let after = acknowledged.lock().unwrap().len();
    assert!(after > during, "answers kept coming in during the backup");

    // Restored: the copy opened as the database.
    let restored = SqliteRepository::open(&format!("sqlite://{}", copy.display()))
        .await
        .unwrap();
    for code in &before {
        let found: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM responses WHERE receipt = $1")
            .bind(code)
            .fetch_one(restored.pool())
            .await
            .unwrap();
        assert_eq!(found, 1, "answer {code}, acknowledged before the backup");
    }
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM responses")
        .fetch_one(restored.pool())
        .await
        .unwrap();
    assert!(stored as usize >= before.len() && stored as usize <= after);
    assert!(
        restored.recount(false).await.unwrap().is_empty(),
        "the copy's counters equal a recount"
    );
    println!(
        "backup under load: {} answers acknowledged before it, {stored} in it, {after} in all",
        before.len()
    );
}

#[test]
fn the_backup_command_writes_a_new_file_and_never_overwrites() {
    if !common::on_sqlite("the backup command writes a new file and never overwrites") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("live.db").display());
    let run = |args: &[&str]| common::cli(&url, args);
    let out = run(&["demo-answers", "--count", "120"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let target = dir.path().join("kopia.db");
    let target = target.to_str().unwrap();
    let out = run(&["backup", target]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("backed up to"));
    let out = run(&["backup", target]);
    assert!(
        !out.status.success(),
        "an existing file is never overwritten"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("exists already"));
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let copy = SqliteRepository::open(&format!("sqlite://{target}"))
            .await
            .unwrap();
        let answers: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM responses")
            .fetch_one(copy.pool())
            .await
            .unwrap();
        assert_eq!(answers, 120);
    });
}

/// Holds off every answer's insert until released: SQLite's write lock (as
/// another writer would), on PostgreSQL a lock on the answers' table.
/// Answers sent meanwhile queue for the group commit's writer.
async fn hold_write_lock(app: &common::TestApp) -> sqlx::pool::PoolConnection<sqlx::Any> {
    let mut blocker = app.pool().acquire().await.unwrap();
    let statements: &[&str] = match app.backend() {
        Backend::Sqlite => &["BEGIN IMMEDIATE"],
        Backend::Postgres => &["BEGIN", "LOCK TABLE responses IN SHARE MODE"],
    };
    for statement in statements {
        sqlx::query(statement).execute(&mut *blocker).await.unwrap();
    }
    blocker
}

async fn release(mut blocker: sqlx::pool::PoolConnection<sqlx::Any>) {
    sqlx::query("ROLLBACK")
        .execute(&mut *blocker)
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn answers_arriving_together_share_a_commit_and_each_is_stored_once() {
    let app = Arc::new(common::app().await);
    let stats = app.group_commit_stats();
    let batches_before = stats.batches.load(std::sync::atomic::Ordering::SeqCst);
    let blocker = hold_write_lock(&app).await;
    let clients: Vec<_> = (0..120).map(|_| new_client(&app)).collect();
    let mut sends = Vec::new();
    // 120 phones answer while the database is held; the first 10 send
    // their answer twice at once (the outbox after a lost response), and
    // 5 more ids are reused by another device with other content.
    for (n, client) in clients.iter().enumerate() {
        let times = if n < 10 { 2 } else { 1 };
        for _ in 0..times {
            let (app, client) = (app.clone(), client.clone());
            sends.push(tokio::spawn(async move {
                (n, send_answer(&app, n as u32, &client).await)
            }));
        }
    }
    for (n, client) in clients.iter().enumerate().skip(10).take(5) {
        let (app, client) = (app.clone(), client.clone());
        sends.push(tokio::spawn(async move {
            (n, send_answer(&app, 1000 + n as u32, &client).await)
        }));
    }
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    release(blocker).await;
    let mut receipts: std::collections::BTreeMap<usize, Vec<String>> = Default::default();
    let mut conflicts = 0;
    for send in sends {
        let (n, (status, _, text)) = send.await.unwrap();
        match status {
            StatusCode::OK => receipts.entry(n).or_default().push(text),
            StatusCode::CONFLICT => conflicts += 1,
            other => panic!("answer {n}: {other} {text}"),
        }
    }
    assert_eq!(conflicts, 5, "a reused id with other content is a conflict");
    assert_eq!(receipts.len(), 120);
    for (n, texts) in &receipts {
        let expected = if *n < 10 { 2 } else { 1 };
        assert_eq!(texts.len(), expected, "answer {n}");
        assert!(
            texts.iter().all(|t| t == &texts[0]),
            "a replay gets the same receipt"
        );
    }
    assert_eq!(stored_answers(&app).await, 120, "each stored once");
    assert!(app.repo.recount(false).await.unwrap().is_empty());
    let batches = stats.batches.load(std::sync::atomic::Ordering::SeqCst) - batches_before;
    assert!(
        batches <= 10,
        "135 requests queued behind one lock are committed in a few transactions, not {batches}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_answer_that_fails_its_batch_fails_alone() {
    use porozmawiajmy::domain::AnswerSource;
    use porozmawiajmy::server::db::{InsertOutcome, NewResponse};
    let app = Arc::new(common::app().await);
    // A failure that rolls the whole transaction back, as a full disk or
    // an I/O error does: a trigger failing one answer (SQLite's
    // RAISE(ROLLBACK); on PostgreSQL any error aborts the transaction).
    let poison: &[&str] = match app.backend() {
        Backend::Sqlite => &[
            "CREATE TRIGGER poisoned AFTER INSERT ON responses WHEN NEW.other_needs = 'poison' \
             BEGIN SELECT RAISE(ROLLBACK, 'poisoned answer'); END",
        ],
        Backend::Postgres => &[
            "CREATE FUNCTION poisoned() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
             IF NEW.other_needs = 'poison' THEN RAISE EXCEPTION 'poisoned answer'; END IF; \
             RETURN NEW; END $$",
            "CREATE TRIGGER poisoned AFTER INSERT ON responses \
             FOR EACH ROW EXECUTE FUNCTION poisoned()",
        ],
    };
    for statement in poison {
        sqlx::query(statement).execute(app.pool()).await.unwrap();
    }
    let round = app.repo.active_round().await.unwrap().unwrap();
    let action = app.repo.themes(round.id).await.unwrap()[0].actions[0].id;
    let answer = |n: usize| NewResponse {
        round_id: round.id,
        district_id: 1 + (n % 7) as i64,
        client_id: format!("client-{n}"),
        device_hash: Some(format!("device-{n}")),
        content_hash: "h".into(),
        receipt: format!("R{n:07}"),
        source: AnswerSource::Online,
        other_needs: (n == 12).then(|| "poison".to_owned()),
        submitted_on: "2026-03-10".into(),
        action_ids: vec![action],
        options: vec![],
    };
    let stats = app.group_commit_stats();
    let blocker = hold_write_lock(&app).await;
    let mut inserts = Vec::new();
    for n in 0..25 {
        let (app, answer) = (app.clone(), answer(n));
        inserts.push(tokio::spawn(async move {
            app.repo.insert_response(&answer).await
        }));
    }
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    release(blocker).await;
    for (n, insert) in inserts.into_iter().enumerate() {
        let outcome = insert.await.unwrap();
        if n == 12 {
            assert!(outcome.is_err(), "the poisoned answer is refused");
        } else {
            assert!(
                matches!(outcome, Ok(InsertOutcome::Stored(_))),
                "answer {n}: {outcome:?}"
            );
        }
    }
    assert!(
        stats
            .retried_alone
            .load(std::sync::atomic::Ordering::SeqCst)
            >= 1,
        "the poisoned answer failed a batch, whose answers were then stored alone"
    );
    assert_eq!(stored_answers(&app).await, 24);
    let poisoned: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM responses WHERE client_id = 'client-12'")
            .fetch_one(app.pool())
            .await
            .unwrap();
    assert_eq!(poisoned, 0);
    assert!(
        app.repo.recount(false).await.unwrap().is_empty(),
        "the counters equal a recount: nothing half-stored"
    );
}
