//! Staff accounts over the real router and a real SQLite file: the
//! authorization matrix of every server function, sessions (expiry,
//! sign-out), failed-login limits, CSRF, argon2id, the audit log and the
//! `create-admin` command.

mod common;

use common::{error_field, post, post_from, session, user, PASSWORD};

use axum::body::Body;
use axum::extract::ConnectInfo;
use http::{Request, StatusCode};
use porozmawiajmy::domain::{Role, RoleGrant};
use porozmawiajmy::error::AppError;
use porozmawiajmy::server::auth::SESSION_TTL_SECS;
use porozmawiajmy::server::clock::FixedClock;
use porozmawiajmy::server::http::router;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use tower::ServiceExt;

/// Server functions anyone may call.
const PUBLIC: &[&str] = &[
    "/api/overview",
    "/api/meetings",
    "/api/meeting",
    "/api/survey",
    "/api/survey/submit",
    "/api/survey/receipt",
    "/api/participation",
    "/api/results",
    "/api/results-comparison",
    "/api/results/view",
    "/api/meetings/view",
    "/api/postulates",
    "/api/postulates/submit",
    "/api/postulates/me-too",
    "/api/postulates/live",
    "/api/postulates/follow",
    "/api/moderation/projector",
    "/api/postulates/answers",
    "/api/postulates/tracker",
    "/api/about/public-body",
    "/api/postulates/district-list",
    "/api/departments",
    "/api/staff/me",
    "/api/staff/login",
    "/api/rounds",
    "/api/rounds/archive",
];

/// Every staff server function, the roles allowed (empty: any staff member)
/// and a valid request body. A new server function that is in neither list
/// fails `every_server_function_is_classified`.
async fn protected(app: &common::TestApp) -> Vec<(&'static str, Vec<Role>, String)> {
    static N: AtomicU32 = AtomicU32::new(0);
    let n = N.fetch_add(1, Ordering::Relaxed);
    let start =
        porozmawiajmy::survey::service::issue_start(&app.state.signer, app.state.clock.now_ts());
    let assisted = format!(
        "answer%5Bclient_id%5D={}&answer%5Bstart%5D={}&answer%5Bdistrict%5D=2&answer%5Bactions%5D%5B1%5D=1&source=paper",
        start.client_id, start.token
    );
    // Postulate 1 (meeting 2) is added by `authorization_matrix`; each
    // change must be sent with its current version.
    let version: i64 = sqlx::query_scalar("SELECT version FROM postulates WHERE id = 1")
        .fetch_optional(app.pool())
        .await
        .unwrap()
        .unwrap_or(1);
    // Postulate 2 (approved, department 1) has a submitted answer, added by
    // `authorization_matrix`; publishing comes before reassigning it.
    let answer_version: i64 =
        sqlx::query_scalar("SELECT version FROM postulate_answers WHERE postulate_id = 2")
            .fetch_optional(app.pool())
            .await
            .unwrap()
            .unwrap_or(0);
    // Round 2 (Podgórze 2022, archived, no answers in tests) is the one
    // the round functions change; round 1 stays the active one.
    let podgorze = |extra: &str| {
        format!(
            "round=2&settings%5Bname%5D=Podg%C3%B3rze&settings%5Bslug%5D=2022-podgorze\
             &settings%5Bdistricts%5D%5BXIII%5D=on&settings%5Bopens_date%5D=2022-02-01\
             &settings%5Bopens_time%5D=00%3A00&settings%5Bcloses_date%5D=2022-03-31\
             &settings%5Bcloses_time%5D=23%3A59&settings%5Bmax_picks%5D=5\
             &settings%5Bvisibility%5D=after_close&settings%5Banswer_days%5D=30{extra}"
        )
    };
    let last_theme: i64 = sqlx::query_scalar("SELECT MAX(id) FROM themes WHERE round_id = 2")
        .fetch_one(app.pool())
        .await
        .unwrap();
    vec![
        ("/api/admin/rounds", vec![Role::Admin], String::new()),
        (
            "/api/admin/rounds/editor",
            vec![Role::Admin],
            "slug=2022-podgorze".into(),
        ),
        (
            "/api/admin/rounds/preview",
            vec![Role::Admin],
            "slug=2022-podgorze".into(),
        ),
        (
            "/api/admin/rounds/create",
            vec![Role::Admin],
            podgorze("").replace("2022-podgorze", &format!("2030-runda-{n}")),
        ),
        ("/api/admin/rounds/update", vec![Role::Admin], podgorze("")),
        (
            "/api/admin/rounds/import",
            vec![Role::Admin],
            format!(
                "definition={}",
                porozmawiajmy::ui::encode_query_value(&format!(
                    r#"{{"format": "porozmawiajmy/round-1", "name": "Import", "slug": "2031-import-{n}",
                    "districts": ["XIV"], "survey_opens": "2031-01-01 00:00",
                    "survey_closes": "2031-02-01 00:00", "max_picks": 5,
                    "results_visibility": "after_close", "answer_days": 30}}"#
                ))
            ),
        ),
        // Already active, already archived: both answered as done.
        (
            "/api/admin/rounds/activate",
            vec![Role::Admin],
            "round=1".into(),
        ),
        (
            "/api/admin/rounds/archive",
            vec![Role::Admin],
            "round=2".into(),
        ),
        (
            "/api/admin/rounds/content/add",
            vec![Role::Admin],
            format!("round=2&item=theme&code=T{n}&label_pl=Temat+{n}"),
        ),
        (
            "/api/admin/rounds/content/reword",
            vec![Role::Admin],
            format!("round=2&item=theme&id={last_theme}&label_pl=Temat+{n}"),
        ),
        (
            "/api/admin/rounds/content/move",
            vec![Role::Admin],
            format!("round=2&item=theme&id={last_theme}&direction=up"),
        ),
        (
            "/api/admin/rounds/content/remove",
            vec![Role::Admin],
            format!("round=2&item=theme&id={last_theme}"),
        ),
        (
            "/api/survey/kiosk",
            vec![Role::Moderator, Role::Admin],
            String::new(),
        ),
        (
            "/api/survey/assisted",
            vec![Role::Moderator, Role::Admin],
            assisted,
        ),
        ("/api/staff/logout", vec![], String::new()),
        (
            "/api/admin/staff/role",
            vec![Role::Admin],
            format!("user_id=4&role=moderator&district={}", 1 + n % 7),
        ),
        (
            "/api/staff/password",
            vec![],
            format!("current={PASSWORD}&new={PASSWORD}"),
        ),
        ("/api/admin/staff", vec![Role::Admin], String::new()),
        (
            "/api/admin/staff/create",
            vec![Role::Admin],
            format!("email=m{n}%40krakow.test&name=Mod+{n}&password={PASSWORD}&role=moderator"),
        ),
        (
            "/api/admin/departments/create",
            vec![Role::Admin],
            format!("code=NEW{n}&name_pl=Nowy+wydzia%C5%82&name_en=New"),
        ),
        ("/api/admin/audit", vec![Role::Admin], String::new()),
        // User 4 is the spare account `authorization_matrix` creates.
        (
            "/api/admin/staff/active",
            vec![Role::Admin],
            "user_id=4&active=true".into(),
        ),
        (
            "/api/moderation/overview",
            vec![Role::Moderator, Role::Admin],
            String::new(),
        ),
        ("/api/official/queue", vec![Role::Official], String::new()),
        (
            "/api/official/answer",
            vec![Role::Official],
            format!("postulate=2&version={answer_version}&action=draft&status=accepted&justification=Zrobimy"),
        ),
        (
            "/api/admin/answers/publish",
            vec![Role::Admin],
            "scope=all".into(),
        ),
        (
            "/api/admin/answers/preview",
            vec![Role::Admin],
            "scope=all".into(),
        ),
        (
            "/api/staff/postulates/reassign",
            vec![Role::Moderator, Role::Admin],
            // Never to the department it has: each call names the next one.
            format!(
                "postulate=2&department={}&reason=w%C5%82a%C5%9Bciwy+zarz%C4%85dca",
                ["ZZM", "ZDMK", "ZTP", "ZBK"][n as usize % 4]
            ),
        ),
        (
            "/api/admin/meetings/move",
            vec![Role::Admin],
            "meeting=2&date=2028-04-18&begins=18%3A00&ends=20%3A00&reason=remont".into(),
        ),
        (
            "/api/admin/meetings/cancel",
            vec![Role::Admin],
            "meeting=3&reason=awaria".into(),
        ),
        (
            "/api/admin/meetings/create",
            vec![Role::Admin],
            "district=IV&date=2028-05-09&begins=17%3A30&ends=19%3A30&venue=Dom&address=ul.+Nowa+1"
                .into(),
        ),
        (
            "/api/admin/meetings/edit",
            vec![Role::Admin],
            "meeting=4&venue=Dworek&address=ul.+Papiernicza+2&step_free=on&officials=Anna+Nowak%3B+dyrektorka%3B+ZZM".into(),
        ),
        // Answer 1 has an "other needs" text: `authorization_matrix` adds it.
        (
            "/api/staff/results/need",
            vec![Role::Admin, Role::Moderator],
            "response=1&decision=approve&phrase=wi%C4%99cej+%C5%82awek".into(),
        ),
        (
            "/api/staff/results/queue",
            vec![Role::Admin, Role::Moderator],
            String::new(),
        ),
        (
            "/api/staff/results/visibility",
            vec![Role::Admin],
            "visibility=while_open".into(),
        ),
        (
            "/api/moderation/console",
            vec![Role::Moderator, Role::Admin],
            "meeting=2".into(),
        ),
        (
            "/api/moderation/postulate",
            vec![Role::Moderator, Role::Admin],
            format!("meeting=2&postulate=1&version={version}&action=theme&theme=1"),
        ),
        (
            "/api/moderation/live",
            vec![Role::Moderator, Role::Admin],
            "meeting=2&change=open".into(),
        ),
        (
            "/api/moderation/add",
            vec![Role::Moderator, Role::Admin],
            format!("meeting=2&body=Postulat+za+m%C3%B3wc%C4%99+{n}"),
        ),
        // Meeting 1 has started: `authorization_matrix` moves it into the past.
        (
            "/api/staff/meetings/held",
            vec![Role::Admin, Role::Moderator],
            "meeting=1".into(),
        ),
    ]
}

fn allowed(status: StatusCode) -> bool {
    status.is_success() || status.is_redirection()
}

#[tokio::test]
async fn every_server_function_is_classified() {
    let app = common::app().await;
    let registered: std::collections::BTreeSet<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.to_string())
        .collect();
    let known: std::collections::BTreeSet<String> = PUBLIC
        .iter()
        .map(|p| p.to_string())
        .chain(
            protected(&app)
                .await
                .into_iter()
                .map(|(p, _, _)| p.to_string()),
        )
        .collect();
    assert_eq!(
        registered, known,
        "a server function is missing from the authorization matrix"
    );
}

#[tokio::test]
async fn authorization_matrix() {
    let app = common::app().await;
    let admin = user(&app, "admin@krakow.test", Role::Admin).await;
    let moderator = user(&app, "mod@krakow.test", Role::Moderator).await;
    let official = user(&app, "official@krakow.test", Role::Official).await;
    assert_eq!(user(&app, "spare@krakow.test", Role::Moderator).await, 4);
    sqlx::query("UPDATE meetings SET starts_at = 1790000000, ends_at = 1790007200 WHERE id = 1")
        .execute(app.pool())
        .await
        .unwrap();
    app.state.catalog.invalidate();
    porozmawiajmy::server::demo_answers::generate(&*app.repo, 3, app.state.clock.now_ts())
        .await
        .unwrap();
    sqlx::query("UPDATE responses SET other_needs = 'Więcej ławek' WHERE id = 1")
        .execute(app.pool())
        .await
        .unwrap();
    let users = [
        (Role::Admin, admin),
        (Role::Moderator, moderator),
        (Role::Official, official),
    ];

    sqlx::query(
        "INSERT INTO postulates (round_id, meeting_id, district_id, body, status, submitted_at, code) \
         VALUES (1, 2, 2, 'Więcej ławek w parku', 'submitted', 0, 'AAAAA-BBBBB')",
    )
    .execute(app.pool())
    .await
    .unwrap();
    for sql in [
        "INSERT INTO postulates (round_id, meeting_id, district_id, body, status, submitted_at, code, department_id) \
         VALUES (1, 2, 2, 'Ławki przy szkole', 'approved', 0, 'CCCCC-DDDDD', 1)",
        "INSERT INTO answer_history (postulate_id, action, department_id, status, justification, at) \
         VALUES (2, 'submitted', 1, 'accepted', 'Zrobimy', 0)",
    ] {
        sqlx::query(sql).execute(app.pool()).await.unwrap();
    }
    for (path, roles, body) in protected(&app).await {
        let (status, _, text) = post(&app.state, path, &body, &[]).await;
        assert_eq!(
            status,
            StatusCode::UNAUTHORIZED,
            "{path} as anonymous: {text}"
        );
        assert_eq!(
            serde_json::from_str::<AppError>(&text).unwrap(),
            AppError::Unauthorized
        );
        for (role, id) in users {
            let cookie = session(&app, id).await;
            let body = protected(&app)
                .await
                .into_iter()
                .find(|(p, _, _)| *p == path)
                .unwrap()
                .2;
            let (status, _, text) = post(&app.state, path, &body, &[("cookie", &cookie)]).await;
            if roles.is_empty() || roles.contains(&role) {
                assert!(allowed(status), "{path} as {role:?}: {status} {text}");
            } else {
                assert_eq!(status, StatusCode::FORBIDDEN, "{path} as {role:?}: {text}");
                assert_eq!(
                    serde_json::from_str::<AppError>(&text).unwrap(),
                    AppError::Forbidden
                );
            }
        }
    }
}

#[tokio::test]
async fn sign_in_sets_a_safe_session_cookie_and_sign_out_ends_it() {
    let app = common::app().await;
    user(&app, "admin@krakow.test", Role::Admin).await;
    let (status, headers, text) = post(
        &app.state,
        "/api/staff/login",
        &format!("email=admin%40krakow.test&password={PASSWORD}"),
        &[],
    )
    .await;
    assert!(allowed(status), "{status} {text}");
    let cookie = headers["set-cookie"].to_str().unwrap().to_owned();
    assert!(cookie.starts_with("poro_session="));
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    let pair = cookie.split(';').next().unwrap().to_owned();

    let (status, _, _) = post(&app.state, "/api/admin/staff", "", &[("cookie", &pair)]).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _, _) = post(&app.state, "/api/staff/logout", "", &[("cookie", &pair)]).await;
    assert!(allowed(status));
    let (status, _, _) = post(&app.state, "/api/admin/staff", "", &[("cookie", &pair)]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn sessions_expire_when_idle_and_at_their_end() {
    let app = common::app().await;
    let admin = user(&app, "admin@krakow.test", Role::Admin).await;
    let cookie = session(&app, admin).await;
    let now = app.state.clock.now();
    let later = |secs: i64| {
        app.state
            .with(|s| s.clock = Arc::new(FixedClock(now + chrono::Duration::seconds(secs))))
    };
    // Used within the idle limit: still valid, and the use keeps it alive.
    let (status, _, _) = post(&later(3600), "/api/admin/staff", "", &[("cookie", &cookie)]).await;
    assert_eq!(status, StatusCode::OK);
    // Idle for more than 2 hours after that: gone.
    let (status, _, _) = post(
        &later(3600 + 2 * 3600 + 1),
        "/api/admin/staff",
        "",
        &[("cookie", &cookie)],
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    // Kept busy, a session still ends 12 hours after sign-in.
    let cookie = session(&app, admin).await;
    for hour in 1..12 {
        let (status, _, _) = post(
            &later(hour * 3600),
            "/api/admin/staff",
            "",
            &[("cookie", &cookie)],
        )
        .await;
        assert_eq!(status, StatusCode::OK, "hour {hour}");
    }
    let (status, _, _) = post(
        &later(SESSION_TTL_SECS + 1),
        "/api/admin/staff",
        "",
        &[("cookie", &cookie)],
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn failed_sign_ins_look_alike_and_are_limited() {
    let app = common::app().await;
    user(&app, "admin@krakow.test", Role::Admin).await;
    let (s1, _, unknown) = post(
        &app.state,
        "/api/staff/login",
        "email=nobody%40krakow.test&password=whatever-whatever",
        &[],
    )
    .await;
    let (s2, _, wrong) = post(
        &app.state,
        "/api/staff/login",
        "email=admin%40krakow.test&password=whatever-whatever",
        &[],
    )
    .await;
    assert_eq!(
        (s1, s2),
        (StatusCode::UNAUTHORIZED, StatusCode::UNAUTHORIZED)
    );
    assert_eq!(unknown, wrong);
}

const ATTACKER: [u8; 4] = [198, 51, 100, 66];
const OWNER: [u8; 4] = [203, 0, 113, 10];

async fn fail_five_times(
    state: &porozmawiajmy::server::AppState,
    peer: [u8; 4],
    headers: &[(&str, &str)],
) {
    for _ in 0..5 {
        let (status, _, _) = post_from(
            state,
            "/api/staff/login",
            "email=admin%40krakow.test&password=still-wrong-pass",
            headers,
            peer,
        )
        .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
}

/// Five failures from one address lock that address out of the account;
/// the owner, elsewhere, still signs in (slowed down), and the admins
/// read about it in the audit log.
#[tokio::test]
async fn failures_lock_out_the_address_not_the_owner() {
    let app = common::app().await;
    user(&app, "admin@krakow.test", Role::Admin).await;
    fail_five_times(&app.state, ATTACKER, &[]).await;
    let right = format!("email=admin%40krakow.test&password={PASSWORD}");
    let (status, _, text) = post_from(&app.state, "/api/staff/login", &right, &[], ATTACKER).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{text}");
    let started = std::time::Instant::now();
    let (status, _, text) = post_from(&app.state, "/api/staff/login", &right, &[], OWNER).await;
    assert!(allowed(status), "{status} {text}");
    assert!(
        started.elapsed() >= std::time::Duration::from_secs(1),
        "slowed down after failures elsewhere"
    );
    let log = app.repo.audit_log(20).await.unwrap();
    assert!(log.iter().any(|e| e.action == "login_throttled"
        && e.details
            .as_deref()
            .unwrap_or_default()
            .contains("admin@krakow.test")));
}

/// Behind a reverse proxy every request comes from the proxy's address.
/// Listed as trusted, the proxy's `X-Forwarded-For` tells clients apart;
/// not listed, the header is ignored (a client could forge it).
#[tokio::test]
async fn forwarded_addresses_count_only_from_trusted_proxies() {
    const PROXY: [u8; 4] = [127, 0, 0, 1];
    let right = format!("email=admin%40krakow.test&password={PASSWORD}");
    let attacker = [("x-forwarded-for", "198.51.100.66")];
    let owner = [("x-forwarded-for", "203.0.113.10")];

    let app = common::app().await;
    user(&app, "admin@krakow.test", Role::Admin).await;
    let mut config = (*app.state.config).clone();
    config.trusted_proxies = vec!["127.0.0.1/32".parse().unwrap()];
    let state = app.state.with(|s| s.config = Arc::new(config));
    fail_five_times(&state, PROXY, &attacker).await;
    let (status, _, _) = post_from(&state, "/api/staff/login", &right, &attacker, PROXY).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    let (status, _, text) = post_from(&state, "/api/staff/login", &right, &owner, PROXY).await;
    assert!(allowed(status), "{status} {text}");

    // Not trusted: the header means nothing, the proxy's address counts.
    let app = common::app().await;
    user(&app, "admin@krakow.test", Role::Admin).await;
    fail_five_times(&app.state, PROXY, &attacker).await;
    let (status, _, _) = post_from(&app.state, "/api/staff/login", &right, &owner, PROXY).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
}

/// Staff pages and every signed-in response are never stored; public pages
/// are revalidated; HSTS while cookies are Secure.
#[tokio::test]
async fn staff_responses_are_never_cached_and_https_is_enforced() {
    let app = common::app().await;
    let admin = user(&app, "admin@krakow.test", Role::Admin).await;
    let cookie = session(&app, admin).await;
    let get = |path: &'static str, cookie: Option<String>| {
        let state = app.state.clone();
        async move {
            let mut req = Request::get(path);
            if let Some(c) = cookie {
                req = req.header("cookie", c);
            }
            let mut req = req.body(Body::empty()).unwrap();
            req.extensions_mut()
                .insert(ConnectInfo(SocketAddr::from(([10, 9, 9, 9], 1))));
            router(state).oneshot(req).await.unwrap().headers().clone()
        }
    };
    for path in ["/panel", "/panel/admin", "/panel/moderacja", "/panel/punkt"] {
        let h = get(path, Some(cookie.clone())).await;
        assert_eq!(h["cache-control"], "no-store", "{path}");
    }
    assert_eq!(
        get("/", Some(cookie.clone())).await["cache-control"],
        "no-store"
    );
    let (_, h, _) = post(&app.state, "/api/admin/staff", "", &[("cookie", &cookie)]).await;
    assert_eq!(h["cache-control"], "no-store");
    let h = get("/", None).await;
    assert_eq!(h["cache-control"], "no-cache");
    assert!(h["strict-transport-security"]
        .to_str()
        .unwrap()
        .starts_with("max-age="));

    // Plain HTTP (local development): no Secure, no HSTS.
    let mut config = (*app.state.config).clone();
    config.public_url = Some("http://127.0.0.1:3000".into());
    let state = app.state.with(|s| s.config = Arc::new(config));
    let (_, headers, _) = post(
        &state,
        "/api/staff/login",
        &format!("email=admin%40krakow.test&password={PASSWORD}"),
        &[],
    )
    .await;
    assert!(!headers.contains_key("strict-transport-security"));
    assert!(!headers["set-cookie"].to_str().unwrap().contains("Secure"));
}

/// Admins give existing accounts more roles — moderators limited to a
/// district, officials with their department — and take them away;
/// audited; nobody removes their own admin role.
#[tokio::test]
async fn admins_add_and_remove_roles_on_existing_accounts() {
    let app = common::app().await;
    let admin = user(&app, "admin@krakow.test", Role::Admin).await;
    let official = user(&app, "official@krakow.test", Role::Official).await;
    let cookie = session(&app, admin).await;
    let change = |body: String| {
        let (state, cookie) = (app.state.clone(), cookie.clone());
        async move {
            post(
                &state,
                "/api/admin/staff/role",
                &body,
                &[("cookie", &cookie)],
            )
            .await
        }
    };
    let (status, _, text) = change(format!("user_id={official}&role=moderator&district=2")).await;
    assert!(allowed(status), "{text}");
    let account = app.repo.staff_by_id(official).await.unwrap().unwrap().user;
    assert!(account.has(Role::Official) && account.has(Role::Moderator));
    assert!(account.roles.contains(&RoleGrant {
        role: Role::Moderator,
        department_id: None,
        district_id: Some(2)
    }));
    // The new role works at once: the moderation console opens.
    let official_cookie = session(&app, official).await;
    let (status, _, _) = post(
        &app.state,
        "/api/moderation/overview",
        "",
        &[("cookie", &official_cookie)],
    )
    .await;
    assert_eq!(status, StatusCode::OK);

    // Bad input: a clear 4xx, nothing changed.
    for (body, field) in [
        (
            format!("user_id={official}&role=moderator&district=2"),
            "role",
        ),
        (format!("user_id={official}&role=official"), "department"),
        (
            format!("user_id={official}&role=moderator&district=99"),
            "district",
        ),
        (format!("user_id={official}&role=king"), "role"),
        ("user_id=999&role=moderator".to_string(), "user_id"),
    ] {
        let (status, _, text) = change(body.clone()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {text}");
        assert_eq!(error_field(&text).as_deref(), Some(field), "{body}: {text}");
    }

    let (status, _, text) = change(format!(
        "user_id={official}&role=moderator&district=2&remove=true"
    ))
    .await;
    assert!(allowed(status), "{text}");
    let account = app.repo.staff_by_id(official).await.unwrap().unwrap().user;
    assert!(account.has(Role::Official) && !account.has(Role::Moderator));
    let (status, _, _) = post(
        &app.state,
        "/api/moderation/overview",
        "",
        &[("cookie", &official_cookie)],
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    let (status, _, _) = change(format!("user_id={admin}&role=admin&remove=true")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let log = app.repo.audit_log(20).await.unwrap();
    assert!(log.iter().any(|e| e.action == "role_added"
        && e.details
            .as_deref()
            .unwrap_or_default()
            .contains("moderator (district 2)")));
    assert!(log.iter().any(|e| e.action == "role_removed"));
}

#[tokio::test]
async fn cross_site_state_changes_are_refused() {
    let app = common::app().await;
    user(&app, "admin@krakow.test", Role::Admin).await;
    let body = format!("email=admin%40krakow.test&password={PASSWORD}");
    for headers in [
        vec![
            ("origin", "https://evil.example"),
            ("host", "127.0.0.1:3000"),
        ],
        vec![("sec-fetch-site", "cross-site")],
    ] {
        let (status, h, text) = post(&app.state, "/api/staff/login", &body, &headers).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{text}");
        assert!(!h.contains_key("set-cookie"));
        assert_eq!(
            serde_json::from_str::<AppError>(&text).unwrap(),
            AppError::CrossSite
        );
    }
    let (status, _, _) = post(
        &app.state,
        "/api/staff/login",
        &body,
        &[
            ("origin", "http://127.0.0.1:3000"),
            ("host", "127.0.0.1:3000"),
            ("sec-fetch-site", "same-origin"),
        ],
    )
    .await;
    assert!(allowed(status));
}

#[tokio::test]
async fn passwords_are_stored_as_argon2id_and_actions_are_audited() {
    let app = common::app().await;
    let admin = user(&app, "admin@krakow.test", Role::Admin).await;
    let cookie = session(&app, admin).await;
    let (status, _, text) = post(
        &app.state,
        "/api/admin/staff/create",
        &format!(
            "email=anna%40krakow.test&name=Anna+Moderatorka&password={PASSWORD}&role=moderator"
        ),
        &[("cookie", &cookie)],
    )
    .await;
    assert!(allowed(status), "{text}");
    let created = app
        .repo
        .staff_by_email("anna@krakow.test")
        .await
        .unwrap()
        .unwrap();
    assert!(created.password_hash.starts_with("$argon2id$"));
    assert!(!created.password_hash.contains(PASSWORD));
    assert!(created.user.has(Role::Moderator) && !created.user.has(Role::Admin));
    let log = app.repo.audit_log(10).await.unwrap();
    assert!(log.iter().any(|e| e.action == "staff_created"
        && e.actor.as_deref() == Some("admin@krakow.test")
        && e.details
            .as_deref()
            .unwrap_or_default()
            .contains("anna@krakow.test")));

    // Weak password and duplicate e-mail are refused with a clear error.
    let (status, _, text) = post(
        &app.state,
        "/api/admin/staff/create",
        "email=x%40krakow.test&name=X&password=short&role=moderator",
        &[("cookie", &cookie)],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{text}");
    let (status, _, _) = post(
        &app.state,
        "/api/admin/staff/create",
        &format!("email=anna%40krakow.test&name=Anna&password={PASSWORD}&role=moderator"),
        &[("cookie", &cookie)],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[test]
fn create_admin_from_the_command_line() {
    use std::io::Write;
    let rt = tokio::runtime::Runtime::new().unwrap();
    let db = rt.block_on(common::TestDatabase::new());
    let url = db.url.clone();
    let run = || {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_porozmawiajmy"))
            .args([
                "create-admin",
                "--email",
                "szef@krakow.test",
                "--name",
                "Szef",
            ])
            .env("DATABASE_URL", &url)
            .env("PORO_CONFIG", "Leptos.toml")
            .env("RUST_LOG", "error")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        writeln!(child.stdin.take().unwrap(), "{PASSWORD}").unwrap();
        child.wait_with_output().unwrap()
    };
    let first = run();
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert!(String::from_utf8_lossy(&first.stdout).contains("created admin szef@krakow.test"));
    let second = run();
    assert_eq!(second.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&second.stderr).contains("already exists"));
}

/// An admin created on a fresh production database brings no demo round
/// with it, is stamped with the configured clock, and needs a real e-mail.
#[tokio::test]
async fn create_admin_writes_no_demo_data_and_uses_the_configured_clock() {
    use std::io::Write;
    let db = common::TestDatabase::new().await;
    let url = db.url.clone();
    let run = |email: &str| {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_porozmawiajmy"))
            .args(["create-admin", "--email", email])
            .env("DATABASE_URL", &url)
            .env("PORO_CONFIG", "Leptos.toml")
            .env("PORO_NOW", "2027-05-05T12:00:00+02:00")
            .env("RUST_LOG", "error")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        writeln!(child.stdin.take().unwrap(), "{PASSWORD}").unwrap();
        child.wait_with_output().unwrap()
    };
    for bad in ["szef@", "szef@krakow", "sz ef@krakow.pl", "@krakow.pl"] {
        let out = run(bad);
        assert_eq!(out.status.code(), Some(1), "{bad}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("not a valid e-mail"));
    }
    let out = run("szef@krakow.pl");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let repo = porozmawiajmy::server::db::open(&url).await.unwrap();
    assert!(repo.is_empty().await.unwrap(), "no demo round was written");
    let created: i64 = sqlx::query_scalar("SELECT created_at FROM staff_users")
        .fetch_one(db.pool())
        .await
        .unwrap();
    assert_eq!(created, 1_809_511_200);
}

#[tokio::test]
async fn staff_enter_many_answers_from_one_device_marked_with_their_source() {
    let app = common::app().await;
    let moderator = user(&app, "punkt@krakow.test", Role::Moderator).await;
    let cookie = session(&app, moderator).await;
    let body = |source: &str| {
        let start = porozmawiajmy::survey::service::issue_start(
            &app.state.signer,
            app.state.clock.now_ts(),
        );
        format!(
            "answer%5Bclient_id%5D={}&answer%5Bstart%5D={}&answer%5Bdistrict%5D=3&answer%5Bactions%5D%5B2%5D=2&source={source}",
            start.client_id, start.token
        )
    };
    let mut codes = Vec::new();
    for source in ["assisted", "assisted", "paper"] {
        let (status, _, text) = post(
            &app.state,
            "/api/survey/assisted",
            &body(source),
            &[("cookie", &cookie)],
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{text}");
        let done: porozmawiajmy::survey::AssistedReceipt = serde_json::from_str(&text).unwrap();
        assert!(!done.next.client_id.is_empty());
        codes.push(done.receipt.code);
    }
    codes.dedup();
    assert_eq!(codes.len(), 3);
    let round = app.repo.active_round().await.unwrap().unwrap();
    let mut by_source = std::collections::BTreeMap::new();
    for c in app.repo.participation(round.id).await.unwrap() {
        *by_source.entry(c.source.as_str()).or_insert(0) += c.answers;
    }
    assert_eq!(
        by_source.into_iter().collect::<Vec<_>>(),
        vec![("assisted", 2), ("paper", 1)]
    );

    // A replay of the same form gets the same receipt; "online" is not a staff source.
    let same = body("assisted");
    let (_, _, first) = post(
        &app.state,
        "/api/survey/assisted",
        &same,
        &[("cookie", &cookie)],
    )
    .await;
    let (_, _, second) = post(
        &app.state,
        "/api/survey/assisted",
        &same,
        &[("cookie", &cookie)],
    )
    .await;
    let r1: porozmawiajmy::survey::AssistedReceipt = serde_json::from_str(&first).unwrap();
    let r2: porozmawiajmy::survey::AssistedReceipt = serde_json::from_str(&second).unwrap();
    assert_eq!(r1.receipt, r2.receipt);
    let (status, _, _) = post(
        &app.state,
        "/api/survey/assisted",
        &body("online"),
        &[("cookie", &cookie)],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn a_disabled_account_loses_its_sessions_and_cannot_sign_in() {
    let app = common::app().await;
    let admin = user(&app, "admin@krakow.test", Role::Admin).await;
    let moderator = user(&app, "mod@krakow.test", Role::Moderator).await;
    let admin_cookie = session(&app, admin).await;
    let mod_cookie = session(&app, moderator).await;
    let (status, _, _) = post(
        &app.state,
        "/api/moderation/overview",
        "",
        &[("cookie", &mod_cookie)],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _, text) = post(
        &app.state,
        "/api/admin/staff/active",
        &format!("user_id={moderator}&active=false"),
        &[("cookie", &admin_cookie)],
    )
    .await;
    assert!(allowed(status), "{text}");
    let (status, _, _) = post(
        &app.state,
        "/api/moderation/overview",
        "",
        &[("cookie", &mod_cookie)],
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _, _) = post(
        &app.state,
        "/api/staff/login",
        &format!("email=mod%40krakow.test&password={PASSWORD}"),
        &[],
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    // Nobody disables their own account.
    let (status, _, _) = post(
        &app.state,
        "/api/admin/staff/active",
        &format!("user_id={admin}&active=false"),
        &[("cookie", &admin_cookie)],
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(app
        .repo
        .audit_log(5)
        .await
        .unwrap()
        .iter()
        .any(|e| e.action == "staff_disabled"));
}

/// A moderator limited to district I, against district II's postulate,
/// meeting and "other needs" (#27: reassignment, meetings marked held and
/// the review of "other needs" had no district scope).
#[tokio::test]
async fn district_limited_moderators_stay_in_their_districts() {
    let app = common::app().await;
    let limited = app
        .repo
        .create_staff(
            "mod-i@krakow.test",
            "Mod I",
            &porozmawiajmy::server::auth::hash_password(PASSWORD).unwrap(),
            &[RoleGrant {
                role: Role::Moderator,
                department_id: None,
                district_id: Some(1),
            }],
            0,
        )
        .await
        .unwrap()
        .unwrap();
    let limited = session(&app, limited).await;
    // Both meetings have started; postulate 1 (district II, meeting 2) is
    // approved with a department and an answer; answers 1 (district I) and
    // 2 (district II) have "other needs" texts.
    for sql in [
        "UPDATE meetings SET starts_at = 1790000000, ends_at = 1790007200 WHERE id IN (1, 2)",
        "INSERT INTO postulates (round_id, meeting_id, district_id, body, status, submitted_at, code, department_id) \
         VALUES (1, 2, 2, 'Ławki przy szkole', 'approved', 0, 'CCCCC-DDDDD', 1)",
        "INSERT INTO answer_history (postulate_id, action, department_id, status, justification, at) \
         VALUES (1, 'submitted', 1, 'accepted', 'Zrobimy', 0)",
    ] {
        sqlx::query(sql).execute(app.pool()).await.unwrap();
    }
    app.state.catalog.invalidate();
    porozmawiajmy::server::demo_answers::generate(&*app.repo, 200, app.state.clock.now_ts())
        .await
        .unwrap();
    let in_district = |d: i64| {
        let app = &app;
        async move {
            let id: i64 =
                sqlx::query_scalar("SELECT MIN(id) FROM responses WHERE district_id = $1")
                    .bind(d)
                    .fetch_one(app.pool())
                    .await
                    .unwrap();
            sqlx::query("UPDATE responses SET other_needs = 'Więcej ławek' WHERE id = $1")
                .bind(id)
                .execute(app.pool())
                .await
                .unwrap();
            id
        }
    };
    let need_i = in_district(1).await;
    let need_ii = in_district(2).await;

    let call = |path: &'static str, body: String| {
        let app = &app;
        let limited = limited.clone();
        async move {
            let (status, _, text) = post(&app.state, path, &body, &[("cookie", &limited)]).await;
            (status, text)
        }
    };
    let (status, text) = call(
        "/api/staff/postulates/reassign",
        "postulate=1&department=ZZM&reason=inny+zarz%C4%85dca".into(),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "reassign: {text}");
    let (status, text) = call("/api/staff/meetings/held", "meeting=2".into()).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "held: {text}");
    let (status, text) = call(
        "/api/staff/results/need",
        format!("response={need_ii}&decision=hide"),
    )
    .await;
    assert!(status.is_client_error(), "need: {status} {text}");
    let (status, text) = call("/api/staff/results/queue", String::new()).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    assert!(
        text.contains("\"response_id\":") && !text.contains(&format!("\"response_id\":{need_ii},")),
        "{text}"
    );
    assert!(
        text.contains(&format!("\"response_id\":{need_i},")),
        "{text}"
    );
    // Nothing changed.
    let reviews: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM need_reviews")
        .fetch_one(app.pool())
        .await
        .unwrap();
    assert_eq!(reviews, 0);
    let held: String = sqlx::query_scalar("SELECT status FROM meetings WHERE id = 2")
        .fetch_one(app.pool())
        .await
        .unwrap();
    assert_ne!(held, "held");
    let department: i64 = sqlx::query_scalar("SELECT department_id FROM postulates WHERE id = 1")
        .fetch_one(app.pool())
        .await
        .unwrap();
    assert_eq!(department, 1);

    // In their own district, the same calls go through.
    let (status, text) = call("/api/staff/meetings/held", "meeting=1".into()).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    let (status, text) = call(
        "/api/staff/results/need",
        format!("response={need_i}&decision=hide"),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{text}");
}

/// #28: a plain form post comes back to its page saying which form it was
/// from — the error beside its own form, a success that clears an earlier
/// error (the Referer still carries it) — and the admin page shows each.
#[tokio::test]
async fn a_plain_post_comes_back_to_its_form_and_a_success_clears_an_error() {
    let app = common::app().await;
    let admin = user(&app, "admin@krakow.test", Role::Admin).await;
    let cookie = session(&app, admin).await;
    let form = |body: &'static str, referer: &'static str| {
        let (state, cookie) = (app.state.clone(), cookie.clone());
        async move {
            let (status, headers, _) = post(
                &state,
                "/api/admin/departments/create",
                body,
                &[
                    ("cookie", &cookie),
                    ("accept", "text/html"),
                    ("referer", referer),
                ],
            )
            .await;
            assert!(status.is_redirection(), "{status}");
            headers["location"].to_str().unwrap().to_owned()
        }
    };
    // A code with a space is malformed: back with the error and its form.
    let back = form(
        "code=Z%20Z&name_pl=Wydzia%C5%82+testowy&name_en=",
        "http://127.0.0.1/panel/admin",
    )
    .await;
    assert_eq!(
        back,
        "/panel/admin?blad=invalid.code.malformed&forma=/api/admin/departments/create"
    );
    let (_, _, html) = common::get(&app, &back, &cookie).await;
    assert_eq!(
        html.matches("Kod: nieprawidłowe dane formularza.").count(),
        1
    );
    // Then a success from that page: the error is gone, the note is there.
    let back = form(
        "code=ZZT&name_pl=Wydzia%C5%82+testowy&name_en=",
        "http://127.0.0.1/panel/admin?blad=invalid.code.malformed&forma=%2Fapi%2Fadmin%2Fdepartments%2Fcreate",
    )
    .await;
    assert_eq!(back, "/panel/admin?gotowe=/api/admin/departments/create");
    let (_, _, html) = common::get(&app, &back, &cookie).await;
    assert!(html.contains("Dodano wydział lub jednostkę."), "{html}");
    assert!(!html.contains("nieprawidłowe dane formularza"));
}
