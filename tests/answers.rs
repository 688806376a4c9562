//! The departments' answers over the real router and a real SQLite file:
//! who may answer and read what, drafts and submissions with versions,
//! publication per district, the history after updates and reassignment,
//! and the open data and Atom feed matching the database.

mod common;

use common::{form, post, session};
use http::StatusCode;
use porozmawiajmy::domain::{Id, Role, RoleGrant};
use porozmawiajmy::error::{AppError, Invalid};
use porozmawiajmy::i18n::Lang;
use porozmawiajmy::postulates::model::{LiveChange, Moderation};
use std::str::FromStr;

async fn department(app: &common::TestApp, code: &str) -> Id {
    app.state
        .catalog()
        .await
        .unwrap()
        .departments
        .iter()
        .find(|d| d.code == code)
        .unwrap()
        .id
}

async fn staff(app: &common::TestApp, email: &str, grant: RoleGrant) -> String {
    let id = app
        .repo
        .create_staff(
            email,
            email,
            &porozmawiajmy::server::auth::hash_password(common::PASSWORD).unwrap(),
            &[grant],
            0,
        )
        .await
        .unwrap()
        .unwrap();
    session(app, id).await
}

async fn official(app: &common::TestApp, email: &str, code: &str) -> String {
    let department_id = Some(department(app, code).await);
    staff(
        app,
        email,
        RoleGrant {
            role: Role::Official,
            department_id,
            district_id: None,
        },
    )
    .await
}

/// An approved postulate of a meeting, assigned to a department: its id.
async fn approved(app: &common::TestApp, meeting: Id, body: &str, code: &str) -> Id {
    let catalog = app.state.catalog().await.unwrap();
    let m = catalog.meetings.iter().find(|m| m.id == meeting).unwrap();
    app.repo
        .change_live_state(meeting, LiveChange::Open(true))
        .await
        .unwrap();
    let new = porozmawiajmy::server::db::postulates::NewPostulate {
        round_id: catalog.round.id,
        meeting_id: meeting,
        district_id: m.district.id,
        theme_id: None,
        body: body.into(),
        client_id: None,
        content_hash: None,
        code: porozmawiajmy::server::secrets::short_code(),
        submitted_on: 0,
        on_behalf_of: None,
        now: 0,
    };
    let (porozmawiajmy::server::db::postulates::PostulateInsert::Stored { id, .. }, _) =
        app.repo.insert_postulate(&new).await.unwrap()
    else {
        panic!("stored")
    };
    let now = app.state.clock.now_ts();
    app.repo
        .moderate(id, 1, &Moderation::Approve, None, now)
        .await
        .unwrap();
    let dep = department(app, code).await;
    app.repo
        .moderate(id, 2, &Moderation::Department(Some(dep)), None, now)
        .await
        .unwrap();
    id
}

async fn answer(
    app: &common::TestApp,
    cookie: &str,
    id: Id,
    version: i64,
    action: &str,
    status: &str,
    justification: &str,
) -> (StatusCode, String) {
    let (status, _, text) = post(
        &app.state,
        "/api/official/answer",
        &form(&[
            ("postulate", &id.to_string()),
            ("version", &version.to_string()),
            ("action", action),
            ("status", status),
            ("justification", justification),
            ("planned_term", "2029"),
        ]),
        &[("cookie", cookie)],
    )
    .await;
    (status, text)
}

async fn publish(app: &common::TestApp, admin: &str, scope: &str) -> (StatusCode, String) {
    let (status, _, text) = post(
        &app.state,
        "/api/admin/answers/publish",
        &format!("scope={scope}"),
        &[("cookie", admin)],
    )
    .await;
    (status, text)
}

fn admin_grant() -> RoleGrant {
    RoleGrant {
        role: Role::Admin,
        department_id: None,
        district_id: None,
    }
}

#[tokio::test]
async fn officials_answer_only_their_departments_postulates_and_drafts_stay_inside() {
    let app = common::app().await;
    let zzm = official(&app, "zzm@krakow.test", "ZZM").await;
    let zdmk = official(&app, "zdmk@krakow.test", "ZDMK").await;
    let id = approved(&app, 2, "Park kieszonkowy przy ulicy Rzeźniczej", "ZZM").await;

    // ZDMK's queue does not have it, and ZDMK may not answer it.
    let (_, _, text) = post(&app.state, "/api/official/queue", "", &[("cookie", &zdmk)]).await;
    assert!(!text.contains("Rzeźniczej"), "{text}");
    let (status, _) = answer(&app, &zdmk, id, 0, "submit", "accepted", "Zrobimy to").await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // Bad input: unknown status, empty justification on submit.
    let (status, text) = answer(&app, &zzm, id, 0, "submit", "maybe", "x").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{text}");
    let (status, text) = answer(&app, &zzm, id, 0, "submit", "accepted", "  ").await;
    assert_eq!(
        serde_json::from_str::<AppError>(&text).unwrap(),
        AppError::invalid("justification", Invalid::Missing),
        "{status}"
    );

    // A draft: saved, in the queue, never public, not in the history.
    let (status, text) = answer(
        &app,
        &zzm,
        id,
        0,
        "draft",
        "to_analyse",
        "Sprawdzimy <b>grunt</b>",
    )
    .await;
    assert_eq!((status, text.as_str()), (StatusCode::OK, "1"));
    let (_, _, queue) = post(&app.state, "/api/official/queue", "", &[("cookie", &zzm)]).await;
    assert!(queue.contains("Sprawdzimy <b>grunt</b>"));
    assert!(app.repo.answer_history(id).await.unwrap().is_empty());
    // A stale draft (someone else saved version 1 meanwhile) is refused.
    let (status, text) = answer(&app, &zzm, id, 0, "draft", "accepted", "Inny szkic").await;
    assert_eq!(status, StatusCode::CONFLICT, "{text}");
    // The current answer's status is named in the reader's language (it
    // was Polish for everyone).
    let stale = serde_json::from_str::<AppError>(&text).unwrap();
    assert!(
        matches!(&stale, AppError::Stale { version: 1, .. }),
        "{stale:?}"
    );
    assert!(
        stale.message(Lang::En).contains("under analysis"),
        "{}",
        stale.message(Lang::En)
    );
    assert!(
        stale.message(Lang::Pl).contains("do analizy"),
        "{}",
        stale.message(Lang::Pl)
    );

    // Submitted, but not public until published.
    let (status, _) = answer(
        &app,
        &zzm,
        id,
        1,
        "submit",
        "accepted",
        "Posadzimy drzewa <script>x</script>",
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (_, _, page) = common::get(&app, &format!("/postulaty/nr/{id}"), "").await;
    assert!(
        !page.contains("Posadzimy drzewa"),
        "not public before publication"
    );
    let (_, _, list) = common::get(&app, "/postulaty", "").await;
    assert!(!list.contains("Posadzimy drzewa"));
    let audit = app.repo.audit_log(20).await.unwrap();
    assert_eq!(
        audit
            .iter()
            .filter(|a| a.action.starts_with("answer_"))
            .count(),
        2
    );
}

#[tokio::test]
async fn publication_shows_exactly_its_scope_and_the_history_follows_updates() {
    let app = common::app().await;
    let admin = staff(&app, "admin@krakow.test", admin_grant()).await;
    let zzm = official(&app, "zzm@krakow.test", "ZZM").await;
    let in_ii = approved(&app, 2, "Park kieszonkowy przy ulicy Rzeźniczej", "ZZM").await;
    let in_iii = approved(&app, 3, "Zieleń na osiedlu Oficerskim", "ZZM").await;
    answer(
        &app,
        &zzm,
        in_ii,
        0,
        "submit",
        "to_analyse",
        "Sprawdzimy własność gruntu",
    )
    .await;
    answer(
        &app,
        &zzm,
        in_iii,
        0,
        "submit",
        "rejected",
        "Teren prywatny",
    )
    .await;

    // An empty scope is refused and publishes nothing.
    let (status, _) = publish(&app, &admin, "VII").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _) = publish(&app, &admin, "XX").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

    // The preview shows exactly what a publication would make public.
    let preview = |scope: &'static str| {
        let (app, admin) = (&app, admin.clone());
        async move {
            let (status, _, text) = post(
                &app.state,
                "/api/admin/answers/preview",
                &format!("scope={scope}"),
                &[("cookie", &admin)],
            )
            .await;
            assert_eq!(status, StatusCode::OK, "{text}");
            let items: Vec<serde_json::Value> = serde_json::from_str(&text).unwrap();
            items
                .iter()
                .map(|i| {
                    (
                        i["postulate_id"].as_i64().unwrap(),
                        i["status"].as_str().unwrap().to_owned(),
                    )
                })
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(preview("II").await, [(in_ii, "ToAnalyse".to_owned())]);
    assert_eq!(preview("all").await.len(), 2);
    let (status, text) = publish(&app, &admin, "II").await;
    assert_eq!((status, text.as_str()), (StatusCode::OK, "1"));
    assert_eq!(preview("II").await, []);
    assert_eq!(preview("all").await, [(in_iii, "Rejected".to_owned())]);
    let (_, _, page) = common::get(&app, &format!("/postulaty/nr/{in_ii}"), "").await;
    assert!(page.contains("Sprawdzimy własność gruntu") && page.contains("do analizy"));
    let (_, _, page) = common::get(&app, &format!("/postulaty/nr/{in_iii}"), "").await;
    assert!(
        !page.contains("Teren prywatny"),
        "district III is not published"
    );
    // The author follows it by its code: the position is there too.
    let code: String = sqlx::query_scalar("SELECT code FROM postulates WHERE id = $1")
        .bind(in_ii)
        .fetch_one(app.pool())
        .await
        .unwrap();
    let (_, _, page) = common::get(&app, &format!("/postulaty/kod/{code}"), "").await;
    assert!(page.contains("Sprawdzimy własność gruntu"), "{page}");
    let (_, _, list) = common::get(&app, "/postulaty?status=to_analyse", "").await;
    assert!(list.contains("Rzeźniczej") && !list.contains("Oficerskim"));

    // A follow-up: "do analizy" → "w realizacji", shown with the first.
    answer(
        &app,
        &zzm,
        in_ii,
        1,
        "submit",
        "in_progress",
        "Projekt gotowy, budowa w 2029 r.",
    )
    .await;
    let (_, _, page) = common::get(&app, &format!("/postulaty/nr/{in_ii}"), "").await;
    assert!(page.contains("w realizacji") && page.contains("Projekt gotowy"));
    assert!(
        page.contains("Sprawdzimy własność gruntu"),
        "the history keeps the first answer"
    );

    // Reassignment: kept in the history; the answer waits for the new department.
    let (status, _, text) = post(
        &app.state,
        "/api/staff/postulates/reassign",
        "postulate=2&department=ZDMK&reason=teren+pasa+drogowego",
        &[("cookie", &admin)],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{text}");
    let history = app.repo.answer_history(in_iii).await.unwrap();
    let actions: Vec<_> = history.iter().map(|h| h.action.as_str()).collect();
    assert_eq!(actions, ["submitted", "reassigned"]);
    let history = app.repo.answer_history(in_ii).await.unwrap();
    let actions: Vec<_> = history.iter().map(|h| h.action.as_str()).collect();
    assert_eq!(actions, ["submitted", "updated"]);
    let (status, _, _) = post(
        &app.state,
        "/api/staff/postulates/reassign",
        "postulate=999&department=ZDMK&reason=x",
        &[("cookie", &admin)],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

    // The tracker counts it for ZDMK now, still waiting.
    let tally = app
        .repo
        .department_tally(1, app.state.clock.now_ts())
        .await
        .unwrap();
    let zdmk = tally.iter().find(|t| t.code == "ZDMK").unwrap();
    assert_eq!((zdmk.answered, zdmk.pending, zdmk.overdue), (0, 1, 0));
    let zzm_tally = tally.iter().find(|t| t.code == "ZZM").unwrap();
    assert_eq!(zzm_tally.answered, 1);
    let later = app.state.clock.now_ts() + 31 * 86_400;
    let tally = app.repo.department_tally(1, later).await.unwrap();
    assert_eq!(tally.iter().find(|t| t.code == "ZDMK").unwrap().overdue, 1);
}

#[tokio::test]
async fn open_data_and_the_atom_feed_match_the_database() {
    let app = common::app().await;
    let admin = staff(&app, "admin@krakow.test", admin_grant()).await;
    let zzm = official(&app, "zzm@krakow.test", "ZZM").await;
    let a = approved(&app, 2, "Park kieszonkowy przy ulicy Rzeźniczej", "ZZM").await;
    let b = approved(&app, 2, "Ławki <b>przy</b> szkole", "ZZM").await;
    answer(
        &app,
        &zzm,
        a,
        0,
        "submit",
        "accepted",
        "Posadzimy <script>alert(1)</script> drzewa",
    )
    .await;
    publish(&app, &admin, "all").await;

    let (status, headers, body) = common::get(&app, "/postulaty/dane/postulaty.csv", "").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["content-type"], "text/csv; charset=utf-8");
    let mut reader = csv::Reader::from_reader(body.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(header, porozmawiajmy::answers::data::COLUMNS);
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), 2);
    assert_eq!(&records[0][0], a.to_string().as_str());
    assert_eq!(&records[0][7], "accepted");
    assert_eq!(&records[0][9], "Posadzimy <script>alert(1)</script> drzewa");
    assert_eq!(&records[1][5], "Ławki <b>przy</b> szkole");
    assert_eq!(&records[1][7], "", "no answer yet");

    let (_, _, json) = common::get(&app, "/postulaty/dane/postulaty.json", "").await;
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(json["postulates"].as_array().unwrap().len(), 2);
    assert_eq!(json["postulates"][0]["status_pl"], "przyjęty do realizacji");
    assert_eq!(json["postulates"][1]["id"], b.to_string());

    let (status, headers, xml) =
        common::get(&app, "/postulaty/odpowiedzi.atom?wydzial=ZZM", "").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        headers["content-type"],
        "application/atom+xml; charset=utf-8"
    );
    assert!(!xml.contains("<script>"), "escaped in the feed");
    let feed = atom_syndication::Feed::from_str(&xml).unwrap();
    assert_eq!(feed.entries().len(), 1, "only published answers");
    let entry = &feed.entries()[0];
    assert!(entry.id().ends_with(&format!("/postulaty/nr/{a}")));
    assert!(entry
        .title()
        .as_str()
        .starts_with("przyjęty do realizacji: Park"));
    assert!(entry
        .content()
        .and_then(|c| c.value())
        .unwrap()
        .contains("<script>alert(1)</script>"));
    let (_, _, other) = common::get(&app, "/postulaty/odpowiedzi.atom?wydzial=ZDMK", "").await;
    assert!(atom_syndication::Feed::from_str(&other)
        .unwrap()
        .entries()
        .is_empty());

    // The printable list of the district, and the pages show text as text.
    let (status, _, html) = common::get(&app, "/postulaty/spis/II", "").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Park kieszonkowy") && html.contains("&lt;script&gt;alert(1)"));
    assert!(!html.contains("<script>alert(1)"));
    let (_, _, html) = common::get(&app, &format!("/postulaty/nr/{a}"), "").await;
    assert!(!html.contains("<script>alert(1)"));
}

/// Every CSV the site serves neutralises a cell a spreadsheet would run as
/// a formula (#27: a postulate or justification starting with `=`, `+`,
/// `-`, `@`, tab or CR went into `postulaty.csv` as is).
#[tokio::test]
async fn no_csv_cell_runs_as_a_formula() {
    let app = common::app().await;
    let admin = staff(&app, "admin@krakow.test", admin_grant()).await;
    let zzm = official(&app, "zzm@krakow.test", "ZZM").await;
    let a = approved(
        &app,
        2,
        "=HYPERLINK(\"http://evil.example\",\"kliknij\")",
        "ZZM",
    )
    .await;
    approved(&app, 2, "+48 123 456 789 — zadzwoń w sprawie ławek", "ZZM").await;
    approved(&app, 2, "@SUM(A1:A9) więcej ławek w parku", "ZZM").await;
    answer(
        &app,
        &zzm,
        a,
        0,
        "submit",
        "accepted",
        "-1+1 i więcej drzew",
    )
    .await;
    publish(&app, &admin, "all").await;

    let (_, _, body) = common::get(&app, "/postulaty/dane/postulaty.csv", "").await;
    let mut reader = csv::Reader::from_reader(body.as_bytes());
    let cells: Vec<String> = reader
        .records()
        .flat_map(|r| r.unwrap().iter().map(str::to_owned).collect::<Vec<_>>())
        .collect();
    assert!(
        cells.iter().any(|c| c.starts_with("'=HYPERLINK")),
        "{cells:?}"
    );
    assert!(
        cells.iter().any(|c| c == "'-1+1 i więcej drzew"),
        "{cells:?}"
    );
    // The results' CSV too: its labels and names go through the same writer.
    sqlx::query("UPDATE rounds SET results_visibility = 'while_open'")
        .execute(app.pool())
        .await
        .unwrap();
    app.state.catalog.invalidate();
    let (status, _, results) = common::get(&app, "/wyniki/dane/wyniki.csv", "").await;
    assert_eq!(status, StatusCode::OK, "{results}");
    for csv_text in [body.as_str(), results.as_str()] {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(csv_text.as_bytes());
        for record in reader.records() {
            for cell in record.unwrap().iter() {
                assert!(
                    !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                    "a formula cell: {cell:?}"
                );
            }
        }
    }
}

/// Reassignment: within the moderator's scope and the active round, never
/// to the same department, a published position kept in the history and
/// shown as being reconsidered; the console's department select on an
/// approved postulate takes the same path (#27 items 1 and 2).
#[tokio::test]
async fn every_department_change_after_approval_is_a_reassignment() {
    let app = common::app().await;
    let admin = staff(&app, "admin@krakow.test", admin_grant()).await;
    let zzm = official(&app, "zzm@krakow.test", "ZZM").await;
    let zdmk = official(&app, "zdmk@krakow.test", "ZDMK").await;
    let id = approved(&app, 2, "Park kieszonkowy przy ulicy Rzeźniczej", "ZZM").await;
    answer(
        &app,
        &zzm,
        id,
        0,
        "submit",
        "accepted",
        "Posadzimy drzewa w 2029 r.",
    )
    .await;
    publish(&app, &admin, "all").await;
    let reassign = |department: &'static str, reason: &'static str| {
        let app = &app;
        let admin = admin.clone();
        async move {
            let (status, _, text) = post(
                &app.state,
                "/api/staff/postulates/reassign",
                &form(&[
                    ("postulate", &id.to_string()),
                    ("department", department),
                    ("reason", reason),
                ]),
                &[("cookie", &admin)],
            )
            .await;
            (status, text)
        }
    };
    // The same department: refused, the deadline untouched.
    let due = |app: &common::TestApp| {
        let pool = app.pool().clone();
        async move {
            sqlx::query_scalar::<_, i64>("SELECT due_at FROM postulates WHERE id = $1")
                .bind(id)
                .fetch_one(&pool)
                .await
                .unwrap()
        }
    };
    let before = due(&app).await;
    let (status, text) = reassign("ZZM", "jeszcze raz").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{text}");
    assert_eq!(due(&app).await, before);

    // ZZM starts a new draft; then the postulate goes to ZDMK.
    answer(&app, &zzm, id, 1, "draft", "in_progress", "Szkic ZZM").await;
    let (status, text) = reassign("ZDMK", "teren pasa drogowego").await;
    assert_eq!(status, StatusCode::OK, "{text}");
    let (_, _, queue) = post(&app.state, "/api/official/queue", "", &[("cookie", &zdmk)]).await;
    assert!(
        queue.contains("Rzeźniczej") && !queue.contains("Szkic ZZM"),
        "{queue}"
    );
    // The public page says it is reconsidered; the history keeps the
    // earlier position.
    let (_, _, page) = common::get(&app, &format!("/postulaty/nr/{id}"), "").await;
    assert!(page.contains(r#"data-testid="reconsidered""#), "{page}");
    assert!(
        page.contains("Posadzimy drzewa w 2029 r."),
        "kept in the history"
    );
    let actions: Vec<String> = app
        .repo
        .answer_history(id)
        .await
        .unwrap()
        .into_iter()
        .map(|h| h.action)
        .collect();
    assert_eq!(actions, ["submitted", "reassigned"]);

    // The console's select on the approved postulate: a reassignment, with
    // its reason required and the same rules.
    let moderator = staff(
        &app,
        "mod@krakow.test",
        RoleGrant {
            role: Role::Moderator,
            department_id: None,
            district_id: None,
        },
    )
    .await;
    let version = |app: &common::TestApp| {
        let pool = app.pool().clone();
        async move {
            sqlx::query_scalar::<_, i64>("SELECT version FROM postulates WHERE id = $1")
                .bind(id)
                .fetch_one(&pool)
                .await
                .unwrap()
                .to_string()
        }
    };
    let zzm_id = department(&app, "ZZM").await.to_string();
    let console = |fields: Vec<(&'static str, String)>| {
        let app = &app;
        let moderator = moderator.clone();
        async move {
            let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let (status, _, text) = post(
                &app.state,
                "/api/moderation/postulate",
                &form(&pairs),
                &[("cookie", &moderator)],
            )
            .await;
            (status, text)
        }
    };
    let base = |v: String, extra: Vec<(&'static str, String)>| {
        let mut f = vec![
            ("meeting", "2".to_owned()),
            ("postulate", id.to_string()),
            ("version", v),
            ("action", "department".to_owned()),
        ];
        f.extend(extra);
        f
    };
    let (status, text) = console(base(
        version(&app).await,
        vec![("department", zzm_id.clone())],
    ))
    .await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a reason is required: {text}"
    );
    let zdmk_id = department(&app, "ZDMK").await.to_string();
    let (status, text) = console(base(
        version(&app).await,
        vec![("department", zdmk_id), ("reason", "bez zmian".into())],
    ))
    .await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "the same department: {text}"
    );
    let (status, text) = console(base(
        version(&app).await,
        vec![("department", zzm_id), ("reason", "jednak zieleń".into())],
    ))
    .await;
    assert_eq!(status, StatusCode::OK, "{text}");
    let actions: Vec<String> = app
        .repo
        .answer_history(id)
        .await
        .unwrap()
        .into_iter()
        .map(|h| h.action)
        .collect();
    assert_eq!(actions, ["submitted", "reassigned", "reassigned"]);
    let item = app.repo.queue_item(id).await.unwrap().unwrap();
    assert!(
        item.history
            .iter()
            .filter(|h| h.action == "department")
            .count()
            >= 2
    );
    assert!(
        app.repo
            .audit_log(30)
            .await
            .unwrap()
            .iter()
            .filter(|e| e.action == "postulate_reassigned")
            .count()
            >= 2
    );

    // A postulate of another (archived) round is out of reach.
    sqlx::query(
        "INSERT INTO postulates (round_id, district_id, body, status, submitted_at, code, department_id) \
         VALUES (2, 1, 'Stary postulat z Nowej Huty', 'approved', 0, 'OLDOL-D0000', 1)",
    )
    .execute(app.pool())
    .await
    .unwrap();
    let old: i64 = sqlx::query_scalar("SELECT id FROM postulates WHERE code = 'OLDOL-D0000'")
        .fetch_one(app.pool())
        .await
        .unwrap();
    let (status, _, text) = post(
        &app.state,
        "/api/staff/postulates/reassign",
        &format!("postulate={old}&department=ZDMK&reason=x+y+z"),
        &[("cookie", &admin)],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{text}");
}

/// Published positions read as positions, not as the officials' form, and
/// the follow page's status moves on once the city has answered (#28 item 2).
#[tokio::test]
async fn published_positions_carry_public_labels() {
    let app = common::app().await;
    let admin = staff(&app, "admin@krakow.test", admin_grant()).await;
    let zzm = official(&app, "zzm@krakow.test", "ZZM").await;
    let id = approved(&app, 2, "Park kieszonkowy przy ulicy Rzeźniczej", "ZZM").await;
    answer(&app, &zzm, id, 0, "submit", "accepted", "Posadzimy drzewa.").await;
    publish(&app, &admin, "all").await;
    let code: String = sqlx::query_scalar("SELECT code FROM postulates WHERE id = $1")
        .bind(id)
        .fetch_one(app.pool())
        .await
        .unwrap();
    for page in [
        "/postulaty".to_owned(),
        format!("/postulaty/nr/{id}"),
        format!("/postulaty/kod/{code}"),
    ] {
        let (_, _, html) = common::get(&app, &page, "").await;
        // (Leptos marks text nodes with `<!>`.)
        assert!(
            html.contains("<p>Planowany termin<!>: <!>2029</p>"),
            "{page}"
        );
        assert!(
            !html.contains("nieobowiązkowo"),
            "{page}: a form hint on a public page"
        );
    }
    let (_, _, html) = common::get(&app, &format!("/postulaty/kod/{code}"), "").await;
    assert!(
        html.contains("Miasto odpowiedziało: przyjęty do realizacji"),
        "{html}"
    );
    assert!(!html.contains("zobaczysz je na tej stronie"));
}
