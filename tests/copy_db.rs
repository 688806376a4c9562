//! Moving a running consultation from SQLite to PostgreSQL (#32):
//! `porozmawiajmy copy-db` copies a populated SQLite file into an empty
//! PostgreSQL database — every table's rows and counters equal, the
//! public pages the same when served from the copy — and refuses to write
//! into a database that has data.
//!
//! Needs the PostgreSQL test cluster (`PORO_TEST_POSTGRES_URL`, started by
//! `scripts/test.sh`); without it the test says so and passes, unless
//! `PORO_REQUIRE_POSTGRES` is set. The source is always SQLite.

mod common;

use common::{session, user};
use porozmawiajmy::domain::Role;
use porozmawiajmy::server::db::Backend;

const NOW: &str = "2027-10-01T10:00:00Z";

/// A page as it compares between two servers: without the per-response
/// CSP nonce.
fn comparable(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    // The nonce is also what Leptos writes into `crossorigin`.
    while let Some(at) = ["nonce=\"", "crossorigin=\""]
        .iter()
        .filter_map(|attr| rest.find(attr).map(|at| (at, attr.len())))
        .min()
    {
        let (at, len) = at;
        out.push_str(&rest[..at + len]);
        let after = &rest[at + len..];
        rest = after.find('"').map_or("", |end| &after[end..]);
    }
    out.push_str(rest);
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_consultation_moves_from_sqlite_to_postgres_whole() {
    if std::env::var_os("PORO_TEST_POSTGRES_URL").is_none() {
        assert!(
            std::env::var_os("PORO_REQUIRE_POSTGRES").is_none(),
            "PORO_TEST_POSTGRES_URL is not set: start a cluster (source scripts/pg.sh; poro_pg_start)"
        );
        eprintln!("no PostgreSQL (PORO_TEST_POSTGRES_URL unset): skipped");
        return;
    }
    let lite = common::app_with_demo_content_on(Backend::Sqlite, NOW, 300).await;
    // Staff with a session: accounts and sessions move too.
    let admin = user(&lite, "szef@krakow.test", Role::Admin).await;
    session(&lite, admin).await;
    let target = common::TestDatabase::new_on(Backend::Postgres).await;

    let out = common::cli(
        lite.url(),
        &["copy-db", "--from", lite.url(), "--to", &target.url],
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("every table checked"), "{stdout}");

    // Every table the same number of rows (the command checked; so does
    // the test, on its own).
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
         AND name NOT LIKE '_sqlx_%' AND name NOT LIKE 'postulate_search%'",
    )
    .fetch_all(lite.pool())
    .await
    .unwrap();
    assert!(tables.len() > 30, "{tables:?}");
    for table in &tables {
        let count = |pool| {
            let sql = format!("SELECT COUNT(*) FROM {table}");
            async move {
                sqlx::query_scalar::<_, i64>(&sql)
                    .fetch_one(pool)
                    .await
                    .unwrap()
            }
        };
        assert_eq!(
            count(lite.pool()).await,
            count(target.pool()).await,
            "{table}"
        );
    }
    let answers: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM responses")
        .fetch_one(target.pool())
        .await
        .unwrap();
    assert!(answers >= 300, "{answers}");

    // The public pages, served from the copy, are the pages.
    let moved = common::app_over(target.clone(), NOW).await;
    for path in [
        "/wyniki",
        "/wyniki/II",
        "/postulaty",
        "/postulaty?q=lawka",
        "/spotkania",
    ] {
        let (status, _, there) = common::get(&lite, path, "").await;
        let (moved_status, _, here) = common::get(&moved, path, "").await;
        assert_eq!(
            (status, moved_status),
            (http::StatusCode::OK, http::StatusCode::OK)
        );
        let (there, here) = (comparable(&there), comparable(&here));
        if let Some(at) = there.bytes().zip(here.bytes()).position(|(a, b)| a != b) {
            let around = |s: &str| {
                s.get(at.saturating_sub(80)..(at + 80).min(s.len()))
                    .unwrap_or("")
                    .to_owned()
            };
            panic!(
                "{path} differs at byte {at}:\n  SQLite: {}\n  copy:   {}",
                around(&there),
                around(&here)
            );
        }
        assert_eq!(there.len(), here.len(), "{path}");
    }
    // A new answer on the copy gets an id after the copied ones.
    let next: i64 = sqlx::query_scalar(
        "INSERT INTO staff_users (email, display_name, password_hash, is_active, created_at) \
         VALUES ('nowy@krakow.test', 'Nowy', 'x', TRUE, 0) RETURNING id",
    )
    .fetch_one(target.pool())
    .await
    .unwrap();
    assert!(next > admin, "{next} after {admin}");

    // Into a database with data: refused, nothing written.
    let again = common::cli(
        lite.url(),
        &["copy-db", "--from", lite.url(), "--to", &target.url],
    );
    assert_eq!(again.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&again.stderr).contains("not empty"),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
}
