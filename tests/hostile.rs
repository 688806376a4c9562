//! Hostile text in every field people write — residents' "other needs" and
//! postulates, moderators' edits, staff and department names,
//! meetings' venues, rooms, officials and notes, departments' positions,
//! rounds' names and survey wording — is shown as inert text on every page,
//! in every feed and export: stored raw, escaped where it is shown.

mod common;

use http::StatusCode;
use porozmawiajmy::domain::Role;

/// A script element, an event handler and a broken-out attribute.
const PAYLOAD: &str = "<script>alert(1)</script><img src=x onerror=alert(2)>\"'><b class=xss>";

/// What must never appear in HTML or XML sent to a browser.
const LIVE: [&str; 3] = ["<script>alert(", "<img src=x", "<b class=xss"];

/// The payload as HTML text shows it (escaped `<`).
const SHOWN: &str = "&lt;script&gt;alert(1)&lt;/script&gt;";

#[tokio::test]
async fn hostile_text_in_every_written_field_is_inert_on_every_page_feed_and_export() {
    let app = common::app_with_demo_content("2028-09-01T10:00:00Z", 30).await;
    let pool = app.pool();
    let admin = common::user(&app, "admin@example.test", Role::Admin).await;
    let admin = common::session(&app, admin).await;
    let moderator = common::user(&app, "mod@example.test", Role::Moderator).await;
    let moderator = common::session(&app, moderator).await;
    let official = common::user(&app, "official@example.test", Role::Official).await;
    let official = common::session(&app, official).await;
    // The departments' positions, submitted and published.
    for sql in [
        "INSERT INTO postulate_answers (postulate_id, department_id, status, justification, \
         planned_term, cost_range, state, updated_at, submitted_at) \
         SELECT id, department_id, 'accepted', 'Zrobimy to.', 'II kwartał 2029', \
         'ok. 100 tys. zł', 'submitted', 0, 0 FROM postulates \
         WHERE status = 'approved' AND department_id IS NOT NULL",
        // What the public pages and the feed show: the submitted position.
        "INSERT INTO answer_history (postulate_id, action, department_id, status, \
         justification, planned_term, cost_range, at) \
         SELECT postulate_id, 'submitted', department_id, status, justification, \
         planned_term, cost_range, 1 FROM postulate_answers",
        "INSERT INTO answer_publications (round_id, district_id, published_at) \
         SELECT id, NULL, 0 FROM rounds WHERE status = 'active'",
    ] {
        sqlx::query(sql).execute(pool).await.unwrap();
    }
    let updates = [
        "UPDATE responses SET other_needs = $1 WHERE id = (SELECT MIN(id) FROM responses)",
        "UPDATE postulates SET body = body || $1",
        "UPDATE postulate_history SET body = body || $1 WHERE body IS NOT NULL",
        "UPDATE postulate_answers SET justification = justification || $1, \
         planned_term = COALESCE(planned_term, '') || $1, cost_range = COALESCE(cost_range, '') || $1",
        "UPDATE answer_history SET justification = justification || $1, \
         planned_term = COALESCE(planned_term, '') || $1, cost_range = COALESCE(cost_range, '') || $1",
        "UPDATE meetings SET venue = venue || $1, address = address || $1, \
         room = COALESCE(room, '') || $1, status_reason = COALESCE(status_reason, '') || $1",
        "UPDATE meeting_officials SET name = name || $1, title = title || $1",
        "UPDATE departments SET name_pl = name_pl || $1, name_en = name_en || $1",
        "UPDATE staff_users SET display_name = display_name || $1",
        "UPDATE rounds SET name = name || $1",
        "UPDATE themes SET name_pl = name_pl || $1, name_en = name_en || $1",
        "UPDATE actions SET label_pl = label_pl || $1, label_en = label_en || $1",
        "UPDATE survey_questions SET prompt_pl = prompt_pl || $1, prompt_en = prompt_en || $1",
        "UPDATE question_options SET label_pl = label_pl || $1, label_en = label_en || $1",
    ];
    for sql in updates {
        let done = sqlx::query(sql).bind(PAYLOAD).execute(pool).await.unwrap();
        assert!(done.rows_affected() > 0, "demo data has rows for: {sql}");
    }
    app.state.catalog.invalidate();
    app.state.counts.invalidate();
    app.state.pages.postulates_changed();

    let meetings: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM meetings WHERE round_id = \
         (SELECT id FROM rounds WHERE status = 'active') ORDER BY id",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    let postulates: Vec<i64> = sqlx::query_scalar("SELECT id FROM postulates ORDER BY id")
        .fetch_all(pool)
        .await
        .unwrap();
    let code: String =
        sqlx::query_scalar("SELECT code FROM postulates WHERE code IS NOT NULL LIMIT 1")
            .fetch_one(pool)
            .await
            .unwrap();
    let slugs: Vec<String> = sqlx::query_scalar("SELECT slug FROM rounds")
        .fetch_all(pool)
        .await
        .unwrap();

    let mut public: Vec<String> = [
        "/",
        "/ankieta",
        "/wyniki",
        "/wyniki/porownanie",
        "/wyniki/I",
        "/spotkania",
        "/postulaty",
        "/postulaty/wydzialy",
        "/postulaty/spis/I",
        "/postulaty/odpowiedzi.atom",
        "/postulaty/dane/postulaty.csv",
        "/postulaty/dane/postulaty.json",
        "/wyniki/dane/wyniki.csv",
        "/kalendarz/spotkania.ics",
        "/rundy",
    ]
    .iter()
    .map(|p| p.to_string())
    .collect();
    public.push(format!("/postulaty/kod/{code}"));
    for slug in &slugs {
        public.push(format!("/rundy/{slug}"));
    }
    for id in meetings.iter().take(3) {
        for page in ["", "/na-zywo", "/plakat", "/projektor"] {
            public.push(format!("/spotkania/{id}{page}"));
        }
    }
    for id in postulates.iter().take(10) {
        public.push(format!("/postulaty/nr/{id}"));
    }
    let mut staff: Vec<(String, &str)> = [
        ("/panel", &admin),
        ("/panel/admin", &admin),
        ("/panel/wyniki", &admin),
        ("/panel/spotkania", &admin),
        ("/panel/odpowiedzi", &admin),
        ("/panel/rundy", &admin),
        ("/panel/moderacja", &moderator),
        ("/panel/urzednik", &official),
    ]
    .iter()
    .map(|(p, c)| (p.to_string(), c.as_str()))
    .collect();
    for id in meetings.iter().take(3) {
        staff.push((format!("/panel/moderacja/{id}"), &moderator));
    }
    for slug in &slugs {
        staff.push((format!("/panel/rundy/{slug}"), &admin));
        staff.push((format!("/panel/rundy/{slug}/podglad"), &admin));
    }

    let mut shown_on = Vec::new();
    let visits = public
        .iter()
        .map(|p| (p.clone(), ""))
        .chain(staff.iter().map(|(p, c)| (p.clone(), *c)));
    for (path, cookie) in visits {
        let (status, headers, body) = common::get(&app, &path, cookie).await;
        assert!(
            status.is_success() || status == StatusCode::NOT_FOUND,
            "{path}: {status}"
        );
        let kind = headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned();
        // Markup a browser parses: nothing of the payload is live.
        if kind.starts_with("text/html") || kind.contains("xml") {
            for live in LIVE {
                if let Some(at) = body.find(live) {
                    let from = body[..at]
                        .char_indices()
                        .rev()
                        .nth(300)
                        .map_or(0, |(i, _)| i);
                    panic!(
                        "{path} ({kind}) carries {live:?}: …{}",
                        &body[from..(at + 40).min(body.len())]
                    );
                }
            }
            // (An Atom entry's HTML content is escaped once more.)
            if body.contains(SHOWN) || body.contains(&SHOWN.replace('&', "&amp;")) {
                shown_on.push(path.clone());
            }
        }
        // Data files carry the text as it was written, as data: JSON
        // (never sniffed as HTML: nosniff), CSV, iCalendar.
        if kind.starts_with("application/json") || kind.starts_with("text/csv") {
            assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
        }
    }
    println!(
        "the payload shown as text on {} pages: {shown_on:?}",
        shown_on.len()
    );
    // It was really on the pages checked (else the test proves nothing).
    for expected in [
        "/postulaty",
        "/spotkania",
        "/rundy",
        "/panel/moderacja",
        "/postulaty/odpowiedzi.atom",
    ] {
        assert!(
            shown_on.iter().any(|p| p == expected),
            "{expected} shows the hostile text (escaped)"
        );
    }
    assert!(shown_on.iter().any(|p| p.starts_with("/postulaty/nr/")));
    assert!(shown_on.iter().any(|p| p.ends_with("/projektor")));
    assert!(shown_on.len() >= 20, "{shown_on:?}");
}
