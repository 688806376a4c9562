//! Foundation: a fresh database is migrated and seeded with Kraków's demo
//! round; the server answers health checks and renders the public pages;
//! start-up failures are one clear line.

mod common;

use axum::body::Body;
use http::{Request, StatusCode};
use http_body_util::BodyExt;
use porozmawiajmy::server::http::router;
use tower::ServiceExt;

#[tokio::test]
async fn fresh_database_has_the_seven_districts_and_the_28_march_meeting() {
    let app = common::app().await;
    let round = app
        .repo
        .active_round()
        .await
        .unwrap()
        .expect("an active round");
    let districts = app.repo.round_districts(round.id).await.unwrap();
    let names: Vec<_> = districts.iter().map(|d| d.label()).collect();
    assert_eq!(
        names,
        [
            "I Stare Miasto",
            "II Grzegórzki",
            "III Prądnik Czerwony",
            "IV Prądnik Biały",
            "V Krowodrza",
            "VI Bronowice",
            "VII Zwierzyniec"
        ]
    );
    assert_eq!(districts[3].population, 69_876);

    let meetings = app.repo.meetings(round.id).await.unwrap();
    assert_eq!(meetings.len(), 7);
    let grzegorzki = &meetings[1];
    assert_eq!(grzegorzki.district.name, "Grzegórzki");
    assert_eq!(grzegorzki.address, "ul. Sądowa 4");
    let l = grzegorzki.starts_at.local;
    assert_eq!(
        (l.year, l.month, l.day, l.hour, l.minute),
        (2028, 3, 28, 17, 30)
    );
    // Summer time from 26 March: 17:30 in Kraków is 15:30 UTC (16:30 UTC a week earlier).
    assert_eq!(grzegorzki.starts_at.utc % 86_400, 15 * 3600 + 30 * 60);
    assert_eq!(meetings[0].starts_at.utc % 86_400, 16 * 3600 + 30 * 60);
    assert!(meetings
        .windows(2)
        .all(|w| w[0].starts_at.utc < w[1].starts_at.utc));
    assert!(!grzegorzki.officials.is_empty());

    let themes = app.repo.themes(round.id).await.unwrap();
    assert!(themes.len() >= 5);
    assert!(themes.iter().map(|t| t.actions.len()).sum::<usize>() >= 20);
    assert!(app.repo.departments().await.unwrap().len() >= 4);
    // The past rounds are archived, the 2028 one is current.
    assert_eq!(app.repo.rounds().await.unwrap().len(), 3);
}

#[tokio::test]
async fn seeding_happens_once() {
    let app = common::app().await;
    assert!(!app.repo.is_empty().await.unwrap());
    // Opening the same file again does not duplicate anything.
    let again = porozmawiajmy::server::start::open_repository(&app.state.config)
        .await
        .unwrap();
    let round = again.active_round().await.unwrap().unwrap();
    assert_eq!(again.meetings(round.id).await.unwrap().len(), 7);
}

#[tokio::test]
async fn health_and_security_headers() {
    let app = common::app().await;
    let (status, headers, body) = common::get(&app, "/healthz", "").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, "ok");
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["x-frame-options"], "DENY");
    assert!(headers["content-security-policy"]
        .to_str()
        .unwrap()
        .contains("frame-ancestors 'none'"));
    assert!(headers.contains_key("referrer-policy"));
}

#[tokio::test]
async fn meetings_page_is_server_rendered_in_polish() {
    let app = common::app().await;
    let (status, _, html) = common::get(&app, "/spotkania", "").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(r#"<html lang="pl""#));
    assert!(html.contains("ul. Sądowa 4"));
    assert!(html.contains("wtorek, 28 marca 2028"));
    assert!(html.contains("17:30–19:30"));
    // Soonest first.
    assert!(html.find("Stare Miasto").unwrap() < html.find("Grzegórzki").unwrap());
}

#[tokio::test]
async fn english_is_the_second_language() {
    let app = common::app().await;
    let res = router(app.state.clone())
        .oneshot(
            Request::get("/spotkania")
                .header("cookie", "lang=en")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    let html =
        String::from_utf8(res.into_body().collect().await.unwrap().to_bytes().to_vec()).unwrap();
    assert!(html.contains(r#"<html lang="en""#));
    assert!(html.contains("Tuesday, 28 March 2028"));

    let (status, headers, _) = common::get(&app, "/jezyk/en?powrot=/spotkania", "").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(headers["location"], "/spotkania");
    assert!(headers["set-cookie"]
        .to_str()
        .unwrap()
        .starts_with("lang=en"));
    let (_, headers, _) = common::get(&app, "/jezyk/en?powrot=//evil.example", "").await;
    assert_eq!(headers["location"], "/");
}

#[tokio::test]
async fn unknown_pages_and_meetings_are_404() {
    let app = common::app().await;
    assert_eq!(
        common::get(&app, "/spotkania/9999", "").await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        common::get(&app, "/spotkania/abc", "").await.0,
        StatusCode::NOT_FOUND
    );
    let (status, _, html) = common::get(&app, "/nie-ma-takiej-strony", "").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(html.contains("Nie ma takiej strony"));
}

#[tokio::test]
async fn home_shows_status_and_next_meeting_by_the_pinned_clock() {
    // On 22 March 2028 the Stare Miasto meeting (21 March) is over: next is Grzegórzki.
    let app = common::app_at("2028-03-22T09:00:00Z").await;
    let (status, _, html) = common::get(&app, "/", "").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Ankieta została zamknięta"));
    let next = html.split("data-testid=\"next-meeting\"").nth(1).unwrap();
    assert!(next.contains("II Grzegórzki"));

    let app = common::app().await;
    let (_, _, html) = common::get(&app, "/", "").await;
    assert!(html.contains("Ankieta jest otwarta do 3 marca 2028, 23:59"));
}

fn run_server(envs: &[(&str, &str)]) -> std::process::Output {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_porozmawiajmy"));
    cmd.env("PORO_CONFIG", "Leptos.toml")
        .env("PORO_PUBLIC_URL", "http://127.0.0.1")
        .env("LEPTOS_SITE_ADDR", "127.0.0.1:0")
        .env("LEPTOS_HASH_FILES", "false")
        .env("RUST_LOG", "error");
    for (k, v) in envs {
        cmd.env(k, v);
    }
    cmd.output().expect("server binary runs")
}

#[test]
fn bad_database_url_ends_start_up_with_one_clear_message() {
    for url in [
        "postgres-ish://nope",
        "sqlite:///proc/no/such/dir/x.db",
        // Nothing listens on port 1.
        "postgres://nobody@127.0.0.1:1/none",
    ] {
        let out = run_server(&[("DATABASE_URL", url)]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{url}: {stderr}");
        assert!(stderr.contains("cannot start: database"), "{url}: {stderr}");
        assert!(!stderr.contains("panicked"), "{url}: {stderr}");
        assert_eq!(stderr.trim().lines().count(), 1, "{url}: {stderr}");
    }
}

#[test]
fn bad_pinned_clock_is_refused() {
    let out = run_server(&[("PORO_NOW", "yesterday")]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr.contains("RFC 3339"), "{stderr}");
}

#[test]
fn secure_cookies_without_the_public_address_are_refused_at_start() {
    // Secure cookies (the default) and no public-url: links would say
    // http://<Host> and phones would never get the device cookie.
    let out = run_server(&[("PORO_PUBLIC_URL", "")]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("PORO_PUBLIC_URL"), "{stderr}");
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
}

#[tokio::test]
async fn meetings_come_with_their_officials_in_one_read() {
    let app = common::app().await;
    let round = app.repo.active_round().await.unwrap().unwrap();
    // One meeting without officials must still be listed.
    let first = app.repo.meetings(round.id).await.unwrap()[0].id;
    sqlx::query("DELETE FROM meeting_officials WHERE meeting_id = $1")
        .bind(first)
        .execute(app.pool())
        .await
        .unwrap();
    let meetings = app.repo.meetings(round.id).await.unwrap();
    assert_eq!(meetings.len(), 7);
    assert!(meetings[0].officials.is_empty());
    for meeting in &meetings {
        let one = app.repo.meeting(meeting.id).await.unwrap().unwrap();
        assert_eq!(&one, meeting, "the list and the single read agree");
    }
    let with_officials = meetings.iter().filter(|m| !m.officials.is_empty()).count();
    assert_eq!(with_officials, 6);
}

#[tokio::test]
async fn the_catalog_is_read_once_and_a_change_shows_after_invalidation() {
    let app = common::app().await;
    let (_, _, html) = common::get(&app, "/spotkania", "").await;
    assert!(html.contains("ul. Sądowa 4"));
    sqlx::query("UPDATE meetings SET address = 'ul. Nowa 1' WHERE address = 'ul. Sądowa 4'")
        .execute(app.pool())
        .await
        .unwrap();
    // Served from memory: a write that bypasses the app is not seen…
    let (_, _, html) = common::get(&app, "/spotkania", "").await;
    assert!(html.contains("ul. Sądowa 4"));
    // …while a write through the app invalidates, and the next page shows it.
    app.state.catalog.invalidate();
    let (_, _, html) = common::get(&app, "/spotkania", "").await;
    assert!(html.contains("ul. Nowa 1") && !html.contains("ul. Sądowa 4"));
}

/// The `'sha256-…'` sources a page's inline scripts need, computed here
/// from the HTML (not by the code under test).
fn inline_script_sources(html: &str) -> Vec<String> {
    use base64::Engine;
    use sha2::Digest;
    let mut found = Vec::new();
    for piece in html.split("<script").skip(1) {
        let (tag, rest) = piece.split_once('>').unwrap();
        if tag.contains("src=") {
            continue;
        }
        let body = rest.split("</script>").next().unwrap();
        found.push(format!(
            "'sha256-{}'",
            base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(body))
        ));
    }
    found
}

#[tokio::test]
async fn every_page_has_a_strict_policy_that_names_its_inline_scripts() {
    let app = common::app().await;
    for path in [
        "/",
        "/ankieta",
        "/wyniki",
        "/spotkania",
        "/panel/logowanie",
        "/nie-ma-takiej",
    ] {
        let (_, headers, html) = common::get(&app, path, "").await;
        let policy = headers["content-security-policy"].to_str().unwrap();
        for part in [
            "default-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
            "'wasm-unsafe-eval'",
        ] {
            assert!(policy.contains(part), "{path}: {part} in {policy}");
        }
        assert!(!policy.contains("unsafe-inline"), "{path}: {policy}");
        let script_src = policy
            .split(';')
            .find_map(|d| d.trim().strip_prefix("script-src "))
            .unwrap();
        let needed = inline_script_sources(&html);
        for source in &needed {
            assert!(
                script_src.contains(source.as_str()),
                "{path}: {source} in {policy}"
            );
        }
        assert_eq!(
            script_src.matches("sha256-").count(),
            needed.len(),
            "{path}: only its own inline scripts"
        );
        assert!(headers["permissions-policy"]
            .to_str()
            .unwrap()
            .contains("geolocation=()"));
    }
    // An island page has its bootstrap inline, so the policy lists it.
    let (_, headers, html) = common::get(&app, "/ankieta", "").await;
    assert!(!inline_script_sources(&html).is_empty());
    assert!(headers["content-security-policy"]
        .to_str()
        .unwrap()
        .contains("'sha256-"));
    // A 304 carries no policy: the browser would put it on the page it kept.
    let (_, headers, _) = common::get(&app, "/wyniki", "").await;
    let etag = headers["etag"].to_str().unwrap().to_owned();
    let (status, headers, _) = common::get_with(&app, "/wyniki", &[("if-none-match", &etag)]).await;
    assert_eq!(status, StatusCode::NOT_MODIFIED);
    assert!(!headers.contains_key("content-security-policy"));
}

#[tokio::test]
async fn public_pages_revalidate_with_an_etag() {
    let app = common::app().await;
    let (status, headers, html) = common::get(&app, "/wyniki", "").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["cache-control"], "no-cache");
    let etag = headers["etag"].to_str().unwrap().to_owned();
    assert!(etag.starts_with("W/\""), "{etag}");
    let (status, headers, body) =
        common::get_with(&app, "/wyniki", &[("if-none-match", &etag)]).await;
    assert_eq!(status, StatusCode::NOT_MODIFIED);
    assert_eq!(headers["etag"], etag.as_str());
    assert!(body.is_empty());
    // A new answer changes the counters: the page is sent again, exact.
    sqlx::query(
        "INSERT INTO participation (round_id, district_id, source, answers) \
         SELECT round_id, district_id, 'online', 1 FROM round_districts \
         WHERE round_id = (SELECT id FROM rounds WHERE status = 'active') LIMIT 1 \
         ON CONFLICT (round_id, district_id, source) \
         DO UPDATE SET answers = participation.answers + 1",
    )
    .execute(app.pool())
    .await
    .unwrap();
    // (As storing an answer does: the counters kept in memory are dropped.)
    app.state.counts.invalidate();
    let (status, _, again) = common::get_with(&app, "/wyniki", &[("if-none-match", &etag)]).await;
    assert_eq!(status, StatusCode::OK);
    assert_ne!(again, html);
    // The survey differs at every visit (a fresh start token): revalidated,
    // but with no validator that could never match.
    let (_, headers, _) = common::get(&app, "/ankieta", "").await;
    assert_eq!(headers["cache-control"], "no-cache");
    assert!(!headers.contains_key("etag"));
    // Staff pages are never stored, so they get no validator either.
    let (_, headers, _) = common::get(&app, "/panel/logowanie", "").await;
    assert_eq!(headers["cache-control"], "no-store");
    assert!(!headers.contains_key("etag"));
}

/// The CLI's `demo-answers` and `recount` beside a running server: the
/// server notices through the data's generation and shows the new counts
/// (#27 item 21: its counters, catalog and page cache stayed stale).
#[tokio::test]
async fn changes_made_beside_a_running_server_are_noticed() {
    use porozmawiajmy::server::catalog::notice_outside_changes;
    let app = common::app().await;
    let mut seen = None;
    assert!(!notice_outside_changes(&app.state, &mut seen).await.unwrap());
    let total = |app: &common::TestApp| {
        let state = app.state.clone();
        async move {
            let round = state.catalog().await.unwrap().round.id;
            state
                .counts(round)
                .await
                .unwrap()
                .participation
                .iter()
                .map(|p| p.answers)
                .sum::<i64>()
        }
    };
    assert_eq!(total(&app).await, 0);
    // What the `demo-answers` command runs, on the same database.
    porozmawiajmy::server::demo_answers::generate(&*app.repo, 25, app.state.clock.now_ts())
        .await
        .unwrap();
    assert_eq!(total(&app).await, 0, "kept in memory until noticed");
    assert!(notice_outside_changes(&app.state, &mut seen).await.unwrap());
    assert_eq!(total(&app).await, 25);
    // What `recount` runs: a drifted counter repaired.
    sqlx::query("UPDATE participation SET answers = answers + 7 WHERE (round_id, district_id, source) = (SELECT round_id, district_id, source FROM participation ORDER BY 1, 2, 3 LIMIT 1)")
        .execute(app.pool())
        .await
        .unwrap();
    app.state.counts.invalidate();
    assert_eq!(total(&app).await, 32);
    app.repo.recount(true).await.unwrap();
    assert!(notice_outside_changes(&app.state, &mut seen).await.unwrap());
    assert_eq!(total(&app).await, 25);
    assert!(!notice_outside_changes(&app.state, &mut seen).await.unwrap());
}

/// Pages holding one resident's answer are never stored by a browser, a
/// proxy or the service worker (#27 item 11); the postulates' open data
/// offers both of its files (item 24).
#[tokio::test]
async fn resident_answer_pages_are_no_store_and_open_data_is_linked() {
    let app = common::app().await;
    for path in [
        "/ankieta/potwierdzenie/ABCDE-12345",
        "/postulaty/kod/ABCDE-12345",
        &format!("/ankieta?formularz={}", "0".repeat(64)),
        &format!("/spotkania/2/na-zywo?formularz={}", "0".repeat(64)),
    ] {
        let (_, headers, _) = common::get(&app, path, "").await;
        assert_eq!(headers["cache-control"], "no-store", "{path}");
    }
    let (_, headers, html) = common::get(&app, "/postulaty", "").await;
    assert_eq!(headers["cache-control"], "no-cache");
    for file in ["postulaty.csv", "postulaty.json"] {
        assert!(
            html.contains(&format!("href=\"/postulaty/dane/{file}\"")),
            "{file}"
        );
        let (status, _, _) = common::get(&app, &format!("/postulaty/dane/{file}"), "").await;
        assert_eq!(status, http::StatusCode::OK, "{file}");
    }
}

/// Servers started together on one new database (several instances
/// behind a load balancer, #32) each start, and the demo data is written
/// once. Before the start-up lock, two at once failed: "while executing
/// migration 1: table districts already exists".
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn servers_started_together_on_a_new_database_fill_it_once() {
    use porozmawiajmy::server::config::Config;
    use porozmawiajmy::server::start::open_repository;
    let (together, alone) = (
        common::TestDatabase::new().await,
        common::TestDatabase::new().await,
    );
    let config = |db: &common::TestDatabase| Config {
        database_url: db.url.clone(),
        demo_answers: 20,
        ..Config::default()
    };
    let starts: Vec<_> = (0..8)
        .map(|_| {
            let config = config(&together);
            tokio::spawn(async move { open_repository(&config).await })
        })
        .collect();
    for start in starts {
        start.await.unwrap().expect("every server starts");
    }
    open_repository(&config(&alone)).await.unwrap();
    let counts = |pool: sqlx::AnyPool| async move {
        let mut counts = Vec::new();
        for table in ["rounds", "districts", "meetings", "responses", "postulates"] {
            let n: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
                .fetch_one(&pool)
                .await
                .unwrap();
            counts.push((table, n));
        }
        counts
    };
    assert_eq!(
        counts(together.pool().clone()).await,
        counts(alone.pool().clone()).await,
        "the demo data once"
    );
}

/// Pages are compressed for a browser that accepts brotli; the live event
/// streams never are, and go around the compression layer altogether (its
/// body wrapper held 5.8 KB for as long as a stream stays open).
#[tokio::test]
async fn pages_are_compressed_and_event_streams_are_not() {
    let app = common::app().await;
    let get = |path: &'static str| {
        router(app.state.clone()).oneshot(
            Request::get(path)
                .header("accept-encoding", "br")
                .body(Body::empty())
                .unwrap(),
        )
    };
    let page = get("/spotkania").await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    assert_eq!(page.headers()["content-encoding"], "br");
    let stream = get("/spotkania/2/na-zywo/zdarzenia").await.unwrap();
    assert_eq!(stream.status(), StatusCode::OK);
    assert_eq!(stream.headers()["content-type"], "text/event-stream");
    assert!(stream.headers().get("content-encoding").is_none());
}
