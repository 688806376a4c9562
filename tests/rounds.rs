//! Consultation rounds over the real router and a real SQLite file: an
//! admin creates a round (or copies one), edits its content, activates it;
//! residents answer it; content is then locked to rewording; an archived
//! round keeps its results; bad settings are refused naming the field.

mod common;

use common::{post, session, user};
use http::StatusCode;
use porozmawiajmy::domain::{Role, RoundStatus};
use porozmawiajmy::error::{AppError, Invalid};
use porozmawiajmy::results::model::Published;
use porozmawiajmy::rounds::model::RoundArchive;
use porozmawiajmy::survey::service::issue_start;
use porozmawiajmy::survey::SUBMIT_PATH;

/// After the demo round's survey closed (3 March 2028): a new round may run.
const LATER: &str = "2029-02-01T12:00:00Z";

fn enc(s: &str) -> String {
    porozmawiajmy::ui::encode_query_value(s).replace('/', "%2F")
}

fn body(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// The settings form of a 2029 round of districts VIII and IX, open over
/// [`LATER`], with `changes` made to it.
fn settings(slug: &str, changes: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut fields: Vec<(String, String)> = [
        ("name", "Porozmawiajmy o Krakowie 2029"),
        ("slug", slug),
        ("districts][VIII", "on"),
        ("districts][IX", "on"),
        ("opens_date", "2029-01-15"),
        ("opens_time", "00:00"),
        ("closes_date", "2029-03-31"),
        ("closes_time", "23:59"),
        ("meetings_from", "2029-04-01"),
        ("meetings_until", "2029-06-30"),
        ("max_picks", "3"),
        ("visibility", "while_open"),
        ("answer_days", "30"),
    ]
    .iter()
    .map(|(k, v)| (format!("settings[{k}]"), v.to_string()))
    .collect();
    for (k, v) in changes {
        let key = format!("settings[{k}]");
        fields.retain(|(f, _)| *f != key);
        if !v.is_empty() {
            fields.push((key, v.to_string()));
        }
    }
    fields
}

struct Admin {
    app: common::TestApp,
    cookie: String,
}

impl Admin {
    async fn at(now: &str) -> Admin {
        let app = common::app_at(now).await;
        let id = user(&app, "admin@krakow.test", Role::Admin).await;
        let cookie = session(&app, id).await;
        Admin { app, cookie }
    }

    async fn post(&self, path: &str, fields: &[(String, String)]) -> (StatusCode, String) {
        let pairs: Vec<(&str, &str)> = fields
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let (status, _, text) = post(
            &self.app.state,
            path,
            &body(&pairs),
            &[("cookie", &self.cookie)],
        )
        .await;
        (status, text)
    }

    /// Phone number `phone` answers the active round: one district, one action.
    async fn answer(&self, phone: u32, district: i64, action: i64) -> (StatusCode, String) {
        let start = issue_start(&self.app.state.signer, self.app.state.clock.now_ts());
        let answer = body(&[
            ("answer[client_id]", &start.client_id),
            ("answer[start]", &start.token),
            ("answer[district]", &district.to_string()),
            (&format!("answer[actions][{action}]"), &action.to_string()),
        ]);
        let device = porozmawiajmy::survey::service::device_token(
            &self.app.state.signer,
            &format!("{phone:032x}"),
        );
        let (status, _, text) = post(
            &self.app.state,
            SUBMIT_PATH,
            &answer,
            &[("cookie", &format!("poro_device={device}"))],
        )
        .await;
        (status, text)
    }

    async fn create(&self, slug: &str, copy_from: Option<i64>) -> i64 {
        let mut fields = settings(slug, &[]);
        if let Some(from) = copy_from {
            fields.push(("copy_from".into(), from.to_string()));
        }
        let (status, text) = self.post("/api/admin/rounds/create", &fields).await;
        assert_eq!(status, StatusCode::OK, "{text}");
        self.app
            .repo
            .round_by_slug(slug)
            .await
            .unwrap()
            .expect("created")
            .id
    }
}

fn fields(pairs: &[(&str, String)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect()
}

fn refusal(text: &str) -> AppError {
    serde_json::from_str(text).unwrap_or_else(|_| panic!("an error: {text}"))
}

#[tokio::test]
async fn create_edit_activate_answer_then_content_only_rewords() {
    let admin = Admin::at(LATER).await;
    let old = admin.app.repo.active_round().await.unwrap().unwrap();
    let mut form = settings("2029-dzielnice-viii-ix", &[]);
    // The round counts Dębniki's residents by its own figure.
    form.push(("settings[populations][VIII]".into(), "60 000".into()));
    form.push(("settings[populations][IX]".into(), "16120".into()));
    let (status, text) = admin.post("/api/admin/rounds/create", &form).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    let round = admin
        .app
        .repo
        .round_by_slug("2029-dzielnice-viii-ix")
        .await
        .unwrap()
        .unwrap()
        .id;
    let districts = admin.app.repo.round_districts(round).await.unwrap();
    let populations: Vec<(&str, i64)> = districts
        .iter()
        .map(|d| (d.numeral.as_str(), d.population))
        .collect();
    assert_eq!(populations, [("VIII", 60_000), ("IX", 16_120)]);
    let stored = admin.app.repo.round_settings(round).await.unwrap().unwrap();
    assert_eq!(
        stored.populations,
        [(8, 60_000)].into(),
        "only where it differs"
    );

    // Content: a theme with two actions.
    let add = |item: &str, parent: Option<i64>, code: &str, pl: &str| {
        let mut f = fields(&[
            ("round", round.to_string()),
            ("item", item.into()),
            ("code", code.into()),
            ("label_pl", pl.into()),
            ("label_en", String::new()),
        ]);
        if let Some(p) = parent {
            f.push(("parent".into(), p.to_string()));
        }
        f
    };
    let (status, text) = admin
        .post(
            "/api/admin/rounds/content/add",
            &add("theme", None, "ZIELEN", "Zieleń"),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{text}");
    let theme = admin.app.repo.themes(round).await.unwrap()[0].id;
    for (code, pl) in [("LAWKI", "Więcej ławek"), ("DRZEWA", "Nowe drzewa")] {
        let (status, text) = admin
            .post(
                "/api/admin/rounds/content/add",
                &add("action", Some(theme), code, pl),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{text}");
    }
    // A duplicate code and a missing Polish label are refused by name.
    let (status, text) = admin
        .post(
            "/api/admin/rounds/content/add",
            &add("action", Some(theme), "lawki", "Ławki"),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        refusal(&text),
        AppError::invalid("code", Invalid::Duplicate)
    );
    let (status, text) = admin
        .post(
            "/api/admin/rounds/content/add",
            &add("action", Some(theme), "NOWE", " "),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        refusal(&text),
        AppError::invalid("label_pl", Invalid::Missing)
    );
    // Reordering: "Nowe drzewa" first.
    let actions = &admin.app.repo.themes(round).await.unwrap()[0].actions;
    let drzewa = actions.iter().find(|a| a.code == "drzewa").unwrap().id;
    let (status, text) = admin
        .post(
            "/api/admin/rounds/content/move",
            &fields(&[
                ("round", round.to_string()),
                ("item", "action".into()),
                ("id", drzewa.to_string()),
                ("direction", "up".into()),
            ]),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{text}");
    let actions = admin.app.repo.themes(round).await.unwrap()[0]
        .actions
        .clone();
    assert_eq!(actions[0].code, "drzewa");
    let lawki = actions[1].id;

    // Activation: the old round goes to the archive, the catalog follows.
    let (status, text) = admin
        .post(
            "/api/admin/rounds/activate",
            &fields(&[("round", round.to_string())]),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{text}");
    assert_eq!(admin.app.state.catalog().await.unwrap().round.id, round);
    let rounds = admin.app.repo.rounds().await.unwrap();
    let status_of = |id| rounds.iter().find(|r| r.id == id).unwrap().status;
    assert_eq!(status_of(round), RoundStatus::Active);
    assert_eq!(status_of(old.id), RoundStatus::Archived);
    let (_, _, page) = common::get(&admin.app, "/ankieta", "").await;
    assert!(
        page.contains("Nowe drzewa"),
        "the survey shows the new round"
    );
    assert!(page.contains("VIII Dębniki"));

    // A resident answers the new round.
    let (status, text) = admin.answer(7, 8, lawki).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    assert_eq!(admin.app.repo.round_answer_count(round).await.unwrap(), 1);

    // Locked: removing is refused with its reason, nothing removed …
    let item = |item: &str, id: i64| {
        fields(&[
            ("round", round.to_string()),
            ("item", item.into()),
            ("id", id.to_string()),
        ])
    };
    let (status, text) = admin
        .post("/api/admin/rounds/content/remove", &item("action", lawki))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(refusal(&text), AppError::invalid("item", Invalid::Locked));
    assert!(refusal(&text)
        .message(porozmawiajmy::i18n::Lang::Pl)
        .contains("ma już odpowiedzi"));
    let (status, _) = admin
        .post("/api/admin/rounds/content/remove", &item("theme", theme))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        admin.app.repo.themes(round).await.unwrap()[0].actions.len(),
        2
    );
    // … and so is moving the close earlier or dropping a district.
    let mut earlier = settings("2029-dzielnice-viii-ix", &[("closes_date", "2029-03-01")]);
    earlier.push(("round".into(), round.to_string()));
    earlier.push(("reason".into(), "pomyłka".into()));
    let (status, text) = admin.post("/api/admin/rounds/update", &earlier).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        refusal(&text),
        AppError::invalid("survey_closes_at", Invalid::Locked)
    );
    // An extension needs its reason, then passes.
    let mut later = settings("2029-dzielnice-viii-ix", &[("closes_date", "2029-04-15")]);
    later.push(("round".into(), round.to_string()));
    let (status, text) = admin.post("/api/admin/rounds/update", &later).await;
    assert_eq!(
        refusal(&text),
        AppError::invalid("reason", Invalid::Missing)
    );
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    later.push(("reason".into(), "więcej czasu dla seniorów".into()));
    let (status, text) = admin.post("/api/admin/rounds/update", &later).await;
    assert_eq!(status, StatusCode::OK, "{text}");

    // Rewording is accepted and kept in the history; the answer still
    // counts for the same action.
    let mut reword = item("action", lawki);
    reword.push(("label_pl".into(), "Więcej ławek w parkach".into()));
    let (status, text) = admin
        .post("/api/admin/rounds/content/reword", &reword)
        .await;
    assert_eq!(status, StatusCode::OK, "{text}");
    let history = admin.app.repo.content_revisions(round).await.unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(
        (history[0].old_pl.as_str(), history[0].new_pl.as_str()),
        ("Więcej ławek", "Więcej ławek w parkach")
    );
    let (_, _, page) = common::get(&admin.app, "/ankieta", "").await;
    assert!(
        page.contains("Więcej ławek w parkach"),
        "the survey shows the new wording at once"
    );
    let picks: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM response_actions WHERE action_id = $1")
            .bind(lawki)
            .fetch_one(admin.app.pool())
            .await
            .unwrap();
    assert_eq!(picks, 1);
    // Answers are checked against a schema kept with the catalog; an
    // action an admin adds now is accepted at once (the kept schema is
    // refreshed by the change, not by a restart).
    let (status, text) = admin
        .post(
            "/api/admin/rounds/content/add",
            &add("action", Some(theme), "KOSZE", "Więcej koszy"),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{text}");
    let kosze = admin.app.repo.themes(round).await.unwrap()[0]
        .actions
        .iter()
        .find(|a| a.code == "kosze")
        .expect("added")
        .id;
    let (status, text) = admin.answer(8, 9, kosze).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "the added action is accepted: {text}"
    );
    assert_eq!(admin.app.repo.round_answer_count(round).await.unwrap(), 2);
    // Every change is in the audit log.
    let actions: Vec<String> = sqlx::query_scalar("SELECT action FROM audit_log ORDER BY id")
        .fetch_all(admin.app.pool())
        .await
        .unwrap();
    for expected in [
        "round_created",
        "content_added",
        "content_moved",
        "round_activated",
        "round_updated",
        "content_reworded",
    ] {
        assert!(actions.iter().any(|a| a == expected), "{expected} audited");
    }
}

#[tokio::test]
async fn a_copy_has_the_same_content_and_no_answers() {
    let admin = Admin::at(LATER).await;
    let source = admin.app.repo.active_round().await.unwrap().unwrap();
    porozmawiajmy::server::demo_answers::generate(
        &*admin.app.repo,
        50,
        admin.app.state.clock.now_ts(),
    )
    .await
    .unwrap();
    let copy = admin.create("2029-kopia", Some(source.id)).await;
    let strip_themes = |themes: Vec<porozmawiajmy::domain::Theme>| {
        themes
            .into_iter()
            .map(|t| {
                (
                    t.code,
                    t.name,
                    t.actions
                        .into_iter()
                        .map(|a| (a.code, a.label))
                        .collect::<Vec<_>>(),
                )
            })
            .collect::<Vec<_>>()
    };
    let strip_questions = |qs: Vec<porozmawiajmy::domain::ProfileQuestion>| {
        qs.into_iter()
            .map(|q| {
                (
                    q.code,
                    q.prompt,
                    q.options
                        .into_iter()
                        .map(|o| (o.code, o.label))
                        .collect::<Vec<_>>(),
                )
            })
            .collect::<Vec<_>>()
    };
    let repo = &admin.app.repo;
    assert!(!repo.themes(source.id).await.unwrap().is_empty());
    assert_eq!(
        strip_themes(repo.themes(copy).await.unwrap()),
        strip_themes(repo.themes(source.id).await.unwrap())
    );
    assert_eq!(
        strip_questions(repo.profile_questions(copy).await.unwrap()),
        strip_questions(repo.profile_questions(source.id).await.unwrap())
    );
    assert_eq!(repo.round_answer_count(source.id).await.unwrap(), 50);
    assert_eq!(repo.round_answer_count(copy).await.unwrap(), 0);
    let copied = repo.round_by_slug("2029-kopia").await.unwrap().unwrap();
    assert_eq!(copied.status, RoundStatus::Draft);
    assert!(
        repo.meetings(copy).await.unwrap().is_empty(),
        "meetings are the new round's own"
    );
}

#[tokio::test]
async fn an_archived_rounds_results_stay_as_they_were() {
    let admin = Admin::at(LATER).await;
    let old = admin.app.repo.active_round().await.unwrap().unwrap();
    porozmawiajmy::server::demo_answers::generate(
        &*admin.app.repo,
        300,
        admin.app.state.clock.now_ts(),
    )
    .await
    .unwrap();
    let archive = |app: &common::TestApp, slug: String| {
        let state = app.state.clone();
        async move {
            let (status, _, text) =
                post(&state, "/api/rounds/archive", &format!("slug={slug}"), &[]).await;
            assert_eq!(status, StatusCode::OK, "{text}");
            serde_json::from_str::<RoundArchive>(&text).unwrap()
        }
    };
    sqlx::query(
        "INSERT INTO postulates (round_id, meeting_id, district_id, body, status, submitted_at, code) \
         VALUES ($1, 2, 2, 'Ławki przy Plantach', 'approved', 0, 'AAAAA-BBBBB')",
    )
    .bind(old.id)
    .execute(admin.app.pool())
    .await
    .unwrap();
    let before = archive(&admin.app, old.slug.clone()).await;
    let Published::Yes(before_view) = before.results.clone() else {
        panic!("the closed round's results are public");
    };
    assert_eq!(before_view.answers, 300);

    let round = admin.create("2029-nowa", Some(old.id)).await;
    let (status, text) = admin
        .post(
            "/api/admin/rounds/activate",
            &fields(&[("round", round.to_string())]),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{text}");
    let after = archive(&admin.app, old.slug.clone()).await;
    assert_eq!(after.summary.round.status, RoundStatus::Archived);
    assert_eq!(
        after.results, before.results,
        "the same numbers, after the change"
    );
    // The archive page lists it and shows its results at its own address.
    let (status, _, page) = common::get(&admin.app, "/rundy", "").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(&format!("/rundy/{}", old.slug)));
    assert!(page.contains("/rundy/2021-nowa-huta"));
    let (status, _, page) = common::get(&admin.app, &format!("/rundy/{}", old.slug), "").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("actions-table"), "the results' table");
    assert!(page.contains("Ławki przy Plantach"), "its postulates");
    assert_eq!(after.postulates.len(), 1);
    // Its meetings link to their own pages, which still open.
    let meeting = after.meetings.first().expect("the round had meetings");
    let href = format!("href=\"/spotkania/{}\"", meeting.id);
    assert!(page.contains(&href), "{href}");
    let (status, _, meeting_page) =
        common::get(&admin.app, &format!("/spotkania/{}", meeting.id), "").await;
    assert_eq!(status, StatusCode::OK);
    assert!(meeting_page.contains(&meeting.venue), "{}", meeting.venue);
    // A round in preparation is not public.
    admin.create("2030-szkic", None).await;
    let (status, _, _) = common::get(&admin.app, "/rundy/2030-szkic", "").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn bad_settings_are_refused_naming_the_field_and_nothing_is_stored() {
    let admin = Admin::at(LATER).await;
    // (the form's changes, the field named, why)
    type Case<'a> = (&'a [(&'a str, &'a str)], &'a str, Invalid);
    let cases: &[Case] = &[
        (
            &[("closes_date", "2029-01-10")],
            "survey_closes_at",
            Invalid::EndBeforeStart,
        ),
        (
            &[("districts][VIII", ""), ("districts][IX", "")],
            "round_districts",
            Invalid::Missing,
        ),
        (&[("name", " ")], "round_name", Invalid::Missing),
        (&[("slug", "Zły adres")], "slug", Invalid::Malformed),
        (&[("opens_date", "jutro")], "opens_date", Invalid::Malformed),
        (&[("max_picks", "zero")], "max_picks", Invalid::Malformed),
        (&[("slug", "2021-nowa-huta")], "slug", Invalid::Duplicate),
    ];
    let rounds_before = admin.app.repo.rounds().await.unwrap().len();
    for (changes, field, reason) in cases {
        let (status, text) = admin
            .post("/api/admin/rounds/create", &settings("2029-zla", changes))
            .await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{changes:?}: {text}"
        );
        let error = refusal(&text);
        assert_eq!(error, AppError::invalid(field, *reason), "{changes:?}");
    }
    assert_eq!(admin.app.repo.rounds().await.unwrap().len(), rounds_before);
    // The message names the field, in Polish.
    assert_eq!(
        AppError::invalid("survey_closes_at", Invalid::EndBeforeStart)
            .message(porozmawiajmy::i18n::Lang::Pl)
            .split(':')
            .next(),
        Some("Zamknięcie ankiety")
    );

    // A round whose survey overlaps the active one's is not activated.
    let overlapping = Admin::at("2027-10-01T10:00:00Z").await;
    let mut fields = settings(
        "2027-rownolegla",
        &[("opens_date", "2027-09-01"), ("closes_date", "2027-12-31")],
    );
    let (status, text) = overlapping.post("/api/admin/rounds/create", &fields).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    let id = overlapping
        .app
        .repo
        .round_by_slug("2027-rownolegla")
        .await
        .unwrap()
        .unwrap()
        .id;
    fields.clear();
    fields.push(("round".into(), id.to_string()));
    let (status, text) = overlapping
        .post("/api/admin/rounds/activate", &fields)
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    // An empty survey first: no actions yet.
    assert_eq!(
        refusal(&text),
        AppError::invalid("content", Invalid::Missing)
    );
    let copy = overlapping.create("2027-kopia", Some(1)).await;
    let (status, text) = overlapping
        .post("/api/admin/rounds/update", &{
            let mut f = settings(
                "2027-kopia",
                &[("opens_date", "2027-09-01"), ("closes_date", "2027-12-31")],
            );
            f.push(("round".into(), copy.to_string()));
            f
        })
        .await;
    assert_eq!(status, StatusCode::OK, "{text}");
    let (status, text) = overlapping
        .post(
            "/api/admin/rounds/activate",
            &[("round".to_string(), copy.to_string())],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        refusal(&text),
        AppError::invalid("survey_opens_at", Invalid::Overlap)
    );
    assert_eq!(
        overlapping
            .app
            .repo
            .active_round()
            .await
            .unwrap()
            .unwrap()
            .id,
        1
    );
}

/// The definition file of the round with `slug`, as an admin downloads it.
async fn exported(admin: &Admin, slug: &str) -> String {
    let (status, headers, text) = common::get(
        &admin.app,
        &format!("/panel/rundy/{slug}/definicja.json"),
        &admin.cookie,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{text}");
    assert!(headers["content-disposition"]
        .to_str()
        .unwrap()
        .starts_with("attachment"));
    text
}

#[tokio::test]
async fn a_definition_file_round_trips_and_only_admins_get_it() {
    let admin = Admin::at(LATER).await;
    let file = exported(&admin, "2028-dzielnice-i-vii").await;
    assert!(file.contains("\"format\": \"porozmawiajmy/round-1\""));
    assert!(
        file.contains("\"Sadzenie drzew wzdłuż ulic\""),
        "Polish as written"
    );
    assert!(
        file.contains("\"venue\": \"Szkoła Podstawowa nr 64\""),
        "meetings too"
    );
    assert!(
        !file.contains("receipt") && !file.contains("answers\""),
        "no answers"
    );

    let copy = file.replace("\"2028-dzielnice-i-vii\"", "\"2028-kopia\"");
    let (status, text) = admin
        .post(
            "/api/admin/rounds/import",
            &[("definition".into(), copy.clone())],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{text}");
    assert_eq!(
        exported(&admin, "2028-kopia").await,
        copy,
        "export → import → export"
    );
    let repo = &admin.app.repo;
    let original = repo
        .round_by_slug("2028-dzielnice-i-vii")
        .await
        .unwrap()
        .unwrap();
    let imported = repo.round_by_slug("2028-kopia").await.unwrap().unwrap();
    assert_eq!(imported.status, RoundStatus::Draft);
    let mut a = repo.round_definition(original.id).await.unwrap().unwrap();
    let b = repo.round_definition(imported.id).await.unwrap().unwrap();
    a.settings.slug = "2028-kopia".into();
    a.status = RoundStatus::Draft;
    assert_eq!(a, b, "an equal definition");

    // Staff other than admins, and anonymous visitors, get no file.
    let moderator = user(&admin.app, "mod@krakow.test", Role::Moderator).await;
    let cookie = session(&admin.app, moderator).await;
    let path = "/panel/rundy/2028-dzielnice-i-vii/definicja.json";
    let (status, _, _) = common::get(&admin.app, path, &cookie).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _, _) = common::get(&admin.app, path, "").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_bad_file_is_refused_at_its_line_and_nothing_is_stored() {
    let admin = Admin::at(LATER).await;
    let good = exported(&admin, "2028-dzielnice-i-vii")
        .await
        .replace("\"2028-dzielnice-i-vii\"", "\"2029-z-pliku\"");
    let line_of = |text: &str, needle: &str| -> u32 {
        let at = text
            .find(needle)
            .unwrap_or_else(|| panic!("{needle} in the file"));
        text[..at].matches('\n').count() as u32 + 1
    };
    let rounds_before = admin.app.repo.rounds().await.unwrap().len();
    // (what is changed, into what, the field named, why)
    let cases: &[(&str, &str, &str, Invalid)] = &[
        (
            "\"code\": \"street-trees\"",
            "\"code\": \"pocket-parks\"",
            "code",
            Invalid::Duplicate,
        ),
        (
            "\"pl\": \"Ogrody społeczne\"",
            "\"pl\": \" \"",
            "label_pl",
            Invalid::Missing,
        ),
        (
            "\"survey_closes\": \"2028-03-03 23:59\"",
            "\"survey_closes\": \"2026-10-01 00:00\"",
            "survey_closes_at",
            Invalid::EndBeforeStart,
        ),
        ("\"VII\"", "\"XIX\"", "round_districts", Invalid::Unknown),
        (
            "\"max_picks\": 5",
            "\"max_picks\": \"pięć\"",
            "definition_field",
            Invalid::Malformed,
        ),
        (
            "\"answer_days\": 30",
            "\"answer_days\": 30, \"answers\": []",
            "definition_field",
            Invalid::Malformed,
        ),
        (
            "\"department\": \"ZZM\"",
            "\"department\": \"XYZ\"",
            "department",
            Invalid::Unknown,
        ),
        (
            "\"begins\": \"17:30\"",
            "\"begins\": \"25:99\"",
            "begins",
            Invalid::Malformed,
        ),
        (
            "\"2029-z-pliku\"",
            "\"2021-nowa-huta\"",
            "slug",
            Invalid::Duplicate,
        ),
        (
            "\"format\": \"porozmawiajmy/round-1\",",
            "\"format\": \"porozmawiajmy/round-1\"",
            "definition",
            Invalid::Malformed,
        ),
    ];
    for (from, to, field, reason) in cases {
        let bad = good.replacen(from, to, 1);
        assert_ne!(bad, good, "{from} is in the file");
        let (status, text) = admin
            .post(
                "/api/admin/rounds/import",
                &[("definition".into(), bad.clone())],
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{from}: {text}");
        let AppError::InvalidAt {
            line,
            field: named,
            reason: why,
        } = refusal(&text)
        else {
            panic!("{from}: a line-precise error, got {text}");
        };
        assert_eq!((named.as_str(), why), (*field, *reason), "{from}");
        // Every change stays on its line; a missing comma is noticed
        // where the next field starts.
        let expected = line_of(&good, from) + u32::from(*field == "definition");
        assert_eq!(line, expected, "{from}: line");
    }
    assert_eq!(
        admin.app.repo.rounds().await.unwrap().len(),
        rounds_before,
        "nothing stored"
    );
    let message = AppError::InvalidAt {
        line: 7,
        field: "code".into(),
        reason: Invalid::Duplicate,
    }
    .message(porozmawiajmy::i18n::Lang::Pl);
    assert!(message.starts_with("Wiersz 7: Kod:"), "{message}");
}
