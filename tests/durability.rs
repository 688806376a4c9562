//! Durability over a real SQLite file: every connection commits with
//! `synchronous=FULL` in WAL mode (an acknowledged answer is on disk); a
//! backup taken while answers keep coming in holds every answer
//! acknowledged before it began, with counters that equal a recount, and
//! restores by putting the file in place; the `backup` command refuses to
//! overwrite a file.

mod common;

use http::StatusCode;
use porozmawiajmy::server::db::sqlite::SqliteRepository;
use porozmawiajmy::server::db::{Repository, ResultsRepository, RoundRepository};
use porozmawiajmy::survey::service::{device_token, issue_start};
use porozmawiajmy::survey::SUBMIT_PATH;
use std::sync::{Arc, Mutex};

fn enc(s: &str) -> String {
    porozmawiajmy::ui::encode_query_value(s).replace('/', "%2F")
}

#[tokio::test]
async fn every_connection_syncs_each_commit_to_disk() {
    let app = common::app().await;
    // Hold several connections at once so more than the first is asked.
    let mut held = Vec::new();
    for _ in 0..4 {
        let mut conn = app.repo.pool().acquire().await.unwrap();
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

/// Sends answers one after another until `stop`, from a new device each,
/// keeping every receipt the server acknowledged.
async fn keep_answering(
    app: Arc<common::TestApp>,
    acknowledged: Arc<Mutex<Vec<String>>>,
    stop: Arc<std::sync::atomic::AtomicBool>,
) {
    let round = app.repo.active_round().await.unwrap().unwrap();
    let action = app.repo.themes(round.id).await.unwrap()[0].actions[0].id;
    let mut n = 0;
    while !stop.load(std::sync::atomic::Ordering::SeqCst) {
        n += 1;
        let start = issue_start(&app.state.signer, app.state.clock.now_ts());
        let body = [
            ("answer[client_id]", start.client_id.clone()),
            ("answer[start]", start.token.clone()),
            ("answer[district]", (1 + n % 7).to_string()),
            (&format!("answer[actions][{action}]"), action.to_string()),
        ]
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&");
        let device = device_token(&app.state.signer, &format!("{n:032x}"));
        let (status, _, text) = common::post(
            &app.state,
            SUBMIT_PATH,
            &body,
            &[("cookie", &format!("poro_device={device}"))],
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{text}");
        let receipt: porozmawiajmy::domain::Receipt = serde_json::from_str(&text).unwrap();
        acknowledged.lock().unwrap().push(receipt.code);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_taken_under_load_holds_every_answer_acknowledged_before_it() {
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
        let found: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM responses WHERE receipt = ?")
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
