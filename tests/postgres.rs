//! The PostgreSQL backend (issue #32) against a real server. The schema
//! (`migrations/postgres`) against SQLite's: the same tables with the same
//! columns, SQLite's named indexes and counting triggers present, the
//! counters following inserted answers, and search folding Polish text the
//! way SQLite's index does (a schema change made in one folder and not the
//! other fails here). The live hub: wake-ups between two instances over
//! LISTEN/NOTIFY, and a lost listener ending in "read again".
//!
//! Needs a PostgreSQL server: `scripts/test.sh` starts a throwaway cluster
//! (`scripts/pg.sh`) and sets `PORO_TEST_POSTGRES_URL`; each test makes its
//! own database in it. Without the variable the tests say so and pass,
//! unless `PORO_REQUIRE_POSTGRES` is set (the test script sets it).

use porozmawiajmy::server::db::postgres::hub::{PgHub, LISTENER_NAME};
use porozmawiajmy::server::live::{LiveHub, Wake};
use sqlx::postgres::PgPoolOptions;
use sqlx::{Connection, PgPool, SqlitePool};
use std::collections::BTreeSet;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// A new, migrated database on the test cluster (`None`: no cluster).
async fn postgres() -> Option<PgPool> {
    let Ok(url) = std::env::var("PORO_TEST_POSTGRES_URL") else {
        assert!(
            std::env::var_os("PORO_REQUIRE_POSTGRES").is_none(),
            "PORO_TEST_POSTGRES_URL is not set: start a cluster (source scripts/pg.sh; poro_pg_start)"
        );
        eprintln!("no PostgreSQL (PORO_TEST_POSTGRES_URL unset): skipped");
        return None;
    };
    let name = format!(
        "poro_{}_{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    );
    let mut admin = sqlx::PgConnection::connect(&url)
        .await
        .expect("the test cluster");
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut admin)
        .await
        .unwrap();
    let base = url.rsplit_once('/').expect("a database in the URL").0;
    let pool = PgPoolOptions::new()
        .max_connections(2)
        .connect(&format!("{base}/{name}"))
        .await
        .unwrap();
    MIGRATOR
        .run(&pool)
        .await
        .expect("the PostgreSQL migrations apply");
    Some(pool)
}

async fn sqlite(dir: &tempfile::TempDir) -> SqlitePool {
    let url = format!("sqlite://{}", dir.path().join("schema.db").display());
    porozmawiajmy::server::db::sqlite::SqliteRepository::open(&url)
        .await
        .unwrap()
        .pool()
        .clone()
}

type Names = BTreeSet<(String, String)>;

#[tokio::test]
async fn both_backends_have_the_same_tables_columns_indexes_and_triggers() {
    let Some(pg) = postgres().await else { return };
    let dir = tempfile::tempdir().unwrap();
    let lite = sqlite(&dir).await;
    // SQLite's own tables, sqlx's and the search index's are not the schema.
    let columns: Names = sqlx::query_as(
        "SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p \
         WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' \
           AND m.name NOT LIKE '_sqlx_%' AND m.name NOT LIKE 'postulate_search%'",
    )
    .fetch_all(&lite)
    .await
    .unwrap()
    .into_iter()
    .collect();
    let pg_columns: Names = sqlx::query_as(
        "SELECT table_name::text, column_name::text FROM information_schema.columns \
         WHERE table_schema = 'public' AND table_name NOT LIKE '\\_sqlx\\_%'",
    )
    .fetch_all(&pg)
    .await
    .unwrap()
    .into_iter()
    .collect();
    let only_sqlite: Vec<_> = columns.difference(&pg_columns).collect();
    let only_pg: Vec<_> = pg_columns.difference(&columns).collect();
    assert!(
        only_sqlite.is_empty() && only_pg.is_empty(),
        "columns only in SQLite: {only_sqlite:?}; only in PostgreSQL: {only_pg:?}"
    );
    assert!(columns.len() > 200, "{} columns", columns.len());

    let named = |kind: &'static str| {
        let lite = lite.clone();
        async move {
            sqlx::query_scalar::<_, String>(
                "SELECT name FROM sqlite_master WHERE type = ? AND sql IS NOT NULL \
                 AND name NOT LIKE 'postulate_search%'",
            )
            .bind(kind)
            .fetch_all(&lite)
            .await
            .unwrap()
        }
    };
    let pg_indexes: BTreeSet<String> =
        sqlx::query_scalar("SELECT indexname::text FROM pg_indexes WHERE schemaname = 'public'")
            .fetch_all(&pg)
            .await
            .unwrap()
            .into_iter()
            .collect();
    for index in named("index").await {
        assert!(
            pg_indexes.contains(&index),
            "index {index} missing in PostgreSQL"
        );
    }
    let pg_triggers: BTreeSet<String> =
        sqlx::query_scalar("SELECT trigger_name::text FROM information_schema.triggers")
            .fetch_all(&pg)
            .await
            .unwrap()
            .into_iter()
            .collect();
    let triggers = named("trigger").await;
    assert_eq!(triggers.len(), 3, "{triggers:?}");
    for trigger in triggers {
        assert!(
            pg_triggers.contains(&trigger),
            "trigger {trigger} missing in PostgreSQL"
        );
    }
}

/// The counters follow stored answers in PostgreSQL as in SQLite (the
/// triggers), and search folds Polish text: "lawka" finds "Ławka", a
/// word's beginning is enough.
#[tokio::test]
async fn counters_follow_answers_and_search_folds_polish_text() {
    let Some(pg) = postgres().await else { return };
    for statement in [
        "INSERT INTO rounds (id, slug, name, status, survey_opens_at, survey_closes_at) \
         VALUES (1, 'r', 'Runda', 'active', 0, 10)",
        "INSERT INTO themes (id, round_id, code, name_pl, name_en, position) VALUES (1, 1, 't', 'T', 'T', 1)",
        "INSERT INTO actions (id, round_id, theme_id, code, label_pl, label_en, position) \
         VALUES (1, 1, 1, 'a', 'A', 'A', 1), (2, 1, 1, 'b', 'B', 'B', 2)",
        "INSERT INTO responses (id, round_id, district_id, client_id, content_hash, receipt, source, submitted_on) \
         VALUES (1, 1, 1, 'c1', 'h', 'R1', 'online', '2027-03-01'), \
                (2, 1, 1, 'c2', 'h', 'R2', 'online', '2027-03-01')",
        "INSERT INTO response_actions (response_id, action_id) VALUES (1, 1), (1, 2), (2, 1)",
        "INSERT INTO postulates (id, round_id, district_id, body, status, submitted_at) \
         VALUES (1, 1, 1, 'Ławka przy Plantach i nowa ŚCIEŻKA rowerowa', 'approved', 0), \
                (2, 1, 1, 'Więcej drzew na ulicy Długiej', 'approved', 0)",
    ] {
        sqlx::query(statement).execute(&pg).await.unwrap();
    }
    let day: i64 = sqlx::query_scalar("SELECT answers FROM daily_tallies")
        .fetch_one(&pg)
        .await
        .unwrap();
    assert_eq!(day, 2);
    let picks: Vec<(i64, i64)> =
        sqlx::query_as("SELECT action_id, picks FROM action_tallies ORDER BY action_id")
            .fetch_all(&pg)
            .await
            .unwrap();
    assert_eq!(picks, [(1, 2), (2, 1)]);

    let find = |words: &'static str| {
        let pg = pg.clone();
        async move {
            sqlx::query_scalar::<_, i64>(
                "SELECT id FROM postulates WHERE to_tsvector('simple', poro_fold(body)) \
                 @@ to_tsquery('simple', poro_fold($1)) ORDER BY id",
            )
            .bind(words)
            .fetch_all(&pg)
            .await
            .unwrap()
        }
    };
    assert_eq!(find("lawka").await, [1]);
    assert_eq!(find("sciezka & ROWEROWA").await, [1]);
    assert_eq!(find("sciez:*").await, [1], "a word's beginning is enough");
    assert_eq!(find("dlugiej").await, [2]);
    assert!(find("tramwaj").await.is_empty());
}

/// The next wake-up `rx` gets that `want` accepts (others skipped), within 10 s.
async fn next_such(
    rx: &mut tokio::sync::broadcast::Receiver<Wake>,
    want: impl Fn(&Wake) -> bool,
) -> Wake {
    tokio::time::timeout(std::time::Duration::from_secs(10), async {
        loop {
            let wake = rx.recv().await.expect("the hub goes on");
            if want(&wake) {
                return wake;
            }
        }
    })
    .await
    .expect("a wake-up within 10 s")
}

/// Two instances' hubs on one database: a wake-up published on one
/// reaches the other's streams. When the listening connections are killed,
/// each hub listens again and tells its streams to read the log again
/// (what was notified meanwhile is gone), then hears the other again.
#[tokio::test]
async fn wake_ups_cross_instances_and_a_lost_listener_means_read_again() {
    let Some(pool) = postgres().await else { return };
    let options = pool.connect_options().as_ref().clone();
    let stopping = tokio_util::sync::CancellationToken::new();
    let a = PgHub::start(pool.clone(), options.clone(), stopping.clone())
        .await
        .unwrap();
    let b = PgHub::start(pool.clone(), options, stopping.clone())
        .await
        .unwrap();
    let mut on_a = a.subscribe();
    let mut on_b = b.subscribe();
    let wake = Wake::Events {
        meeting_id: 3,
        last_id: 57,
    };
    a.publish(wake);
    assert_eq!(
        next_such(&mut on_b, |w| *w == wake).await,
        wake,
        "B hears A"
    );
    assert_eq!(
        next_such(&mut on_a, |w| *w == wake).await,
        wake,
        "A's own streams"
    );

    let killed: Vec<bool> = sqlx::query_scalar(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
         WHERE application_name = $1 AND datname = current_database()",
    )
    .bind(LISTENER_NAME)
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(killed, [true, true], "both instances' listeners");
    next_such(&mut on_b, |w| *w == Wake::Reread).await;
    next_such(&mut on_a, |w| *w == Wake::Reread).await;

    let later = Wake::Events {
        meeting_id: 3,
        last_id: 58,
    };
    a.publish(later);
    assert_eq!(
        next_such(&mut on_b, |w| *w == later).await,
        later,
        "B hears A again"
    );
    b.publish(Wake::StaffChanged);
    next_such(&mut on_a, |w| *w == Wake::StaffChanged).await;
    stopping.cancel();
}
