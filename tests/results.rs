//! Survey results over the real router and a real SQLite file: the tallies
//! against a full recount, the pages' numbers (district shares, small
//! samples, withheld cells), visibility, the open-data files against the
//! page and the database, and the review of "other needs".

mod common;

use common::{post, session, user};
use http::StatusCode;
use porozmawiajmy::domain::Role;
use porozmawiajmy::server::demo_answers;
use serde_json::Value;

async fn with_answers(n: u64) -> common::TestApp {
    let app = common::app().await;
    let stored = demo_answers::generate(&*app.repo, n, app.state.clock.now_ts())
        .await
        .unwrap();
    assert_eq!(stored, n);
    app
}

async fn rows(app: &common::TestApp, sql: &str) -> Vec<(i64, i64, i64)> {
    sqlx::query_as(sql).fetch_all(app.pool()).await.unwrap()
}

/// The active round's picks per action in a district, counted from the
/// answers (the archived rounds have actions with the same codes).
async fn recount(app: &common::TestApp, numeral: &str) -> Vec<(String, i64)> {
    sqlx::query_as(
        "SELECT a.code, COUNT(ra.response_id) FROM actions a \
         LEFT JOIN response_actions ra ON ra.action_id = a.id \
           AND ra.response_id IN (SELECT r.id FROM responses r JOIN districts d ON d.id = r.district_id WHERE d.numeral = $1) \
         WHERE a.round_id = (SELECT id FROM rounds WHERE status = 'active') \
         GROUP BY a.id ORDER BY a.id",
    )
    .bind(numeral)
    .fetch_all(app.pool())
    .await
    .unwrap()
}

async fn district_answers(app: &common::TestApp, numeral: &str) -> i64 {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM responses r JOIN districts d ON d.id = r.district_id WHERE d.numeral = $1",
    )
    .bind(numeral)
    .fetch_one(app.pool())
    .await
    .unwrap()
}

/// `data-action="code"` rows of the page's ranking table: (code, picks).
fn page_picks(html: &str) -> Vec<(String, i64)> {
    html.split("<tr data-action=\"")
        .skip(1)
        .map(|row| {
            let code = row.split('"').next().unwrap().to_owned();
            let picks = row
                .split("data-picks=\"")
                .nth(1)
                .and_then(|p| p.split('"').next())
                .unwrap()
                .parse()
                .unwrap();
            (code, picks)
        })
        .collect()
}

#[tokio::test]
async fn the_tallies_equal_a_full_recount_of_the_answers() {
    let app = with_answers(400).await;
    let round = app.repo.active_round().await.unwrap().unwrap();
    for (stored, recounted) in [
        (
            "SELECT district_id, action_id, picks FROM action_tallies ORDER BY 1, 2",
            "SELECT r.district_id, ra.action_id, COUNT(*) FROM response_actions ra \
             JOIN responses r ON r.id = ra.response_id GROUP BY 1, 2 ORDER BY 1, 2",
        ),
        (
            "SELECT district_id, option_id, answers FROM option_tallies ORDER BY 1, 2",
            "SELECT r.district_id, ro.option_id, COUNT(*) FROM response_options ro \
             JOIN responses r ON r.id = ro.response_id GROUP BY 1, 2 ORDER BY 1, 2",
        ),
    ] {
        assert_eq!(
            rows(&app, stored).await,
            rows(&app, recounted).await,
            "{stored}"
        );
    }
    let days: i64 = sqlx::query_scalar("SELECT CAST(SUM(answers) AS BIGINT) FROM daily_tallies")
        .fetch_one(app.pool())
        .await
        .unwrap();
    assert_eq!(days, 400);
    let tallies = app.repo.tallies(round.id).await.unwrap();
    assert_eq!(tallies.days.iter().map(|d| d.answers).sum::<i64>(), 400);
    let participation: i64 = app
        .repo
        .participation(round.id)
        .await
        .unwrap()
        .iter()
        .map(|c| c.answers)
        .sum();
    assert_eq!(participation, 400);
}

#[tokio::test]
async fn a_district_page_ranks_actions_by_that_districts_own_answers() {
    let app = with_answers(600).await;
    let (status, _, html) = common::get(&app, "/wyniki/II", "").await;
    assert_eq!(status, StatusCode::OK);
    let answers = district_answers(&app, "II").await;
    assert!(html.contains("Wyniki ankiety: II Grzegórzki"));
    let on_page = page_picks(&html);
    let mut recounted = recount(&app, "II").await;
    // Ranked: most picked first.
    assert!(on_page.windows(2).all(|w| w[0].1 >= w[1].1), "{on_page:?}");
    let mut sorted = on_page.clone();
    sorted.sort();
    recounted.sort();
    assert_eq!(sorted, recounted);
    // The top action's share is of the district's answers.
    let (code, picks) = &on_page[0];
    let share = format!("{:.1}%", *picks as f64 * 100.0 / answers as f64).replace('.', ",");
    let row = html
        .split(&format!("<tr data-action=\"{code}\""))
        .nth(1)
        .unwrap();
    assert!(
        row.split("</tr>").next().unwrap().contains(&share),
        "{share}"
    );
    // The chart is in the HTML with its title and description.
    assert!(html.contains("id=\"chart-actions\" class=\"chart\""));
    assert!(html.contains("<title id=\"chart-actions-title\">"));
    assert!(html.contains("<desc id=\"chart-actions-desc\">"));

    // In survey order and one theme only, from the query string.
    let (_, _, html) = common::get(&app, "/wyniki/II?temat=greenery&kolejnosc=ankieta", "").await;
    let themed = page_picks(&html);
    let green: Vec<String> = sqlx::query_scalar(
        "SELECT a.code FROM actions a JOIN themes t ON t.id = a.theme_id \
         WHERE t.code = 'greenery' AND t.round_id = 1 ORDER BY a.position",
    )
    .fetch_all(app.pool())
    .await
    .unwrap();
    assert!(!green.is_empty());
    assert_eq!(
        themed.iter().map(|(c, _)| c.clone()).collect::<Vec<_>>(),
        green
    );
}

#[tokio::test]
async fn small_samples_are_flagged_and_profile_cells_under_five_withheld() {
    let app = with_answers(12).await;
    let (_, _, html) = common::get(&app, "/wyniki", "").await;
    assert!(html.contains("mała próba (n = 12)"), "whole round flagged");
    assert!(html.contains("&lt; 5"), "cells under five withheld");
    let (_, _, json) = common::get(&app, "/wyniki/dane/wyniki.json", "").await;
    let json: Value = serde_json::from_str(&json).unwrap();
    let all = json["views"].as_array().unwrap().last().unwrap();
    assert_eq!(all["district"], Value::Null);
    assert_eq!(all["answers"], 12);
    assert_eq!(all["small_sample"], true);
    for question in all["profile"].as_array().unwrap() {
        for option in question["options"].as_array().unwrap() {
            let answers = &option["answers"];
            assert!(
                answers.is_null() || answers.as_i64().unwrap() >= 5,
                "{option}"
            );
        }
    }
}

#[tokio::test]
async fn unknown_district_or_theme_is_a_clear_4xx() {
    let app = with_answers(5).await;
    let (status, _, _) = common::get(&app, "/wyniki/XXV", "").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _, html) = common::get(&app, "/wyniki?temat=%3Cscript%3E", "").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Temat"), "the field is named");
    assert!(!html.contains("<script>"));
    let (status, _, _) = common::get(&app, "/wyniki/dane/dzielnica-XXV.csv", "").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _, _) = common::get(&app, "/wyniki/dane/wyniki.xml", "").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn results_wait_for_the_close_when_the_round_says_so_and_staff_see_them_anyway() {
    let app = with_answers(40).await;
    let admin = user(&app, "admin@krakow.test", Role::Admin).await;
    let cookie = session(&app, admin).await;
    let (status, _, text) = post(
        &app.state,
        "/api/staff/results/visibility",
        "visibility=after_close",
        &[("cookie", &cookie)],
    )
    .await;
    assert!(status.is_success(), "{status} {text}");

    let (_, _, html) = common::get(&app, "/wyniki", "").await;
    assert!(html.contains("data-testid=\"results-not-yet\""));
    assert!(html.contains("3 marca 2028, 23:59"), "says when");
    assert!(
        html.contains("data-testid=\"participation\""),
        "participation stays public"
    );
    assert!(!html.contains("chart-actions"));
    let (status, _, _) = common::get(&app, "/wyniki/dane/wyniki.csv", "").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (_, _, html) = common::get(&app, "/wyniki/porownanie", "").await;
    assert!(html.contains("data-testid=\"results-not-yet\""));

    let (_, _, html) = common::get(&app, "/wyniki/III", &cookie).await;
    assert!(html.contains("data-testid=\"staff-preview\""));
    assert!(html.contains("chart-actions"));
    let (status, _, _) = common::get(&app, "/wyniki/dane/wyniki.csv", &cookie).await;
    assert_eq!(status, StatusCode::OK);

    let (status, _, _) = post(
        &app.state,
        "/api/staff/results/visibility",
        "visibility=sometimes",
        &[("cookie", &cookie)],
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    post(
        &app.state,
        "/api/staff/results/visibility",
        "visibility=while_open",
        &[("cookie", &cookie)],
    )
    .await;
    let (_, _, html) = common::get(&app, "/wyniki", "").await;
    assert!(html.contains("chart-actions"), "public again at once");
    let log: Vec<String> = sqlx::query_scalar(
        "SELECT details FROM audit_log WHERE action = 'results_visibility_changed'",
    )
    .fetch_all(app.pool())
    .await
    .unwrap();
    assert_eq!(log, vec!["after_close", "while_open"]);
}

#[tokio::test]
async fn after_the_close_results_are_public_whatever_the_setting() {
    let app = common::app_at("2028-03-10T10:00:00Z").await;
    sqlx::query("UPDATE rounds SET results_visibility = 'after_close'")
        .execute(app.pool())
        .await
        .unwrap();
    app.state.catalog.invalidate();
    let (_, _, html) = common::get(&app, "/wyniki", "").await;
    assert!(html.contains("chart-actions"));
    assert!(!html.contains("staff-preview"));
}

#[tokio::test]
async fn the_open_data_files_carry_the_pages_numbers() {
    let app = with_answers(300).await;
    let (status, headers, csv) = common::get(&app, "/wyniki/dane/wyniki.csv", "").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["content-type"], "text/csv; charset=utf-8");
    assert_eq!(
        headers["content-disposition"],
        "attachment; filename=\"wyniki-2028-dzielnice-i-vii.csv\""
    );
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header[..3],
        ["district", "district_name", "district_answers"]
    );
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert!(
        records.iter().any(|r| &r[1] == "Prądnik Czerwony"),
        "Polish intact"
    );
    for numeral in ["I", "IV", "VII"] {
        let (_, _, html) = common::get(&app, &format!("/wyniki/{numeral}"), "").await;
        let mut on_page = page_picks(&html);
        let mut in_file: Vec<(String, i64)> = records
            .iter()
            .filter(|r| &r[0] == numeral)
            .map(|r| (r[5].to_owned(), r[8].parse().unwrap()))
            .collect();
        on_page.sort();
        in_file.sort();
        assert_eq!(on_page, in_file, "district {numeral}");
        let mut recounted = recount(&app, numeral).await;
        recounted.sort();
        assert_eq!(in_file, recounted);
        let answers: i64 = records.iter().find(|r| &r[0] == numeral).unwrap()[2]
            .parse()
            .unwrap();
        assert_eq!(answers, district_answers(&app, numeral).await);
    }
    // Whole-area rows add up the districts.
    let total: i64 = records.iter().find(|r| &r[0] == "all").unwrap()[2]
        .parse()
        .unwrap();
    assert_eq!(total, 300);

    let (_, headers, json) = common::get(&app, "/wyniki/dane/dzielnica-II.json", "").await;
    assert_eq!(headers["content-type"], "application/json; charset=utf-8");
    let json: Value = serde_json::from_str(&json).unwrap();
    let view = &json["views"][0];
    assert_eq!(view["district"], "II");
    assert_eq!(view["answers"], district_answers(&app, "II").await);
    let mut from_json: Vec<(String, i64)> = view["actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["code"].as_str().unwrap().to_owned(),
                a["picks"].as_i64().unwrap(),
            )
        })
        .collect();
    from_json.sort();
    let mut recounted = recount(&app, "II").await;
    recounted.sort();
    assert_eq!(from_json, recounted);
}

#[tokio::test]
async fn other_needs_appear_only_once_approved_as_a_phrase() {
    let app = with_answers(10).await;
    sqlx::query(
        "UPDATE responses SET other_needs = CASE id WHEN 1 THEN '<b>ławki</b> przy Plantach' \
         WHEN 2 THEN 'moje nazwisko i telefon' WHEN 3 THEN 'ławki na Plantach' END",
    )
    .execute(app.pool())
    .await
    .unwrap();
    let (_, _, html) = common::get(&app, "/wyniki", "").await;
    assert!(
        !html.contains("Plantach") && !html.contains("nazwisko"),
        "nothing unmoderated"
    );

    let moderator = user(&app, "mod@krakow.test", Role::Moderator).await;
    let cookie = session(&app, moderator).await;
    let (_, _, queue) = post(
        &app.state,
        "/api/staff/results/queue",
        "",
        &[("cookie", &cookie)],
    )
    .await;
    let queue: Value = serde_json::from_str(&queue).unwrap();
    assert_eq!(queue["waiting"], 3);
    for (id, decision, phrase) in [
        (1, "approve", "Ławki na Plantach"),
        (2, "hide", ""),
        (3, "approve", "Ławki na Plantach"),
    ] {
        let (status, _, text) = post(
            &app.state,
            "/api/staff/results/need",
            &format!(
                "response={id}&decision={decision}&phrase={}",
                phrase.replace(' ', "+")
            ),
            &[("cookie", &cookie)],
        )
        .await;
        assert!(status.is_success(), "{status} {text}");
    }
    let (_, _, html) = common::get(&app, "/wyniki", "").await;
    let needs = html
        .split("data-testid=\"needs\"")
        .nth(1)
        .unwrap()
        .split("</ul>")
        .next()
        .unwrap();
    assert!(
        needs.contains("Ławki na Plantach — 2"),
        "counted under one phrase: {needs}"
    );
    assert!(!html.contains("nazwisko") && !html.contains("<b>"));
    let (_, _, queue) = post(
        &app.state,
        "/api/staff/results/queue",
        "",
        &[("cookie", &cookie)],
    )
    .await;
    let queue: Value = serde_json::from_str(&queue).unwrap();
    assert_eq!(queue["waiting"], 0);
    assert_eq!(queue["phrases"], serde_json::json!(["Ławki na Plantach"]));

    for (body, field) in [
        ("response=1&decision=approve&phrase=+", "phrase"),
        ("response=9999&decision=hide", "other"),
        ("response=1&decision=publish", "decision"),
    ] {
        let (status, _, text) = post(
            &app.state,
            "/api/staff/results/need",
            body,
            &[("cookie", &cookie)],
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {text}");
        assert!(text.contains(field), "{text}");
    }
    let audited: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE action IN ('need_approved', 'need_hidden')",
    )
    .fetch_one(app.pool())
    .await
    .unwrap();
    assert_eq!(audited, 3);
}

#[tokio::test]
async fn the_comparison_puts_one_action_side_by_side_in_every_district() {
    let app = with_answers(350).await;
    let (status, _, html) =
        common::get(&app, "/wyniki/porownanie?co=dzialanie.bus-lanes", "").await;
    assert_eq!(status, StatusCode::OK);
    for numeral in ["I", "II", "III", "IV", "V", "VI", "VII"] {
        let picks = recount(&app, numeral)
            .await
            .into_iter()
            .find(|(c, _)| c == "bus-lanes")
            .unwrap()
            .1;
        let row = html
            .split(&format!("<tr data-district=\"{numeral}\">"))
            .nth(1)
            .unwrap()
            .split("</tr>")
            .next()
            .unwrap();
        assert!(
            row.contains(&format!("<td>{picks}</td>")),
            "{numeral}: {row}"
        );
    }
    let (status, _, _) = common::get(&app, "/wyniki/porownanie?co=temat.transport", "").await;
    assert_eq!(status, StatusCode::OK);
    let (status, _, _) = common::get(&app, "/wyniki/porownanie?co=dzialanie.nope", "").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}

/// A resident's answer in district `district_id` picking `actions` (codes),
/// with profile options (codes).
async fn answer(
    app: &common::TestApp,
    n: u32,
    district_id: i64,
    actions: &[&str],
    options: &[&str],
) {
    use porozmawiajmy::domain::AnswerSource;
    use porozmawiajmy::server::db::{InsertOutcome, NewResponse};
    let round = app.repo.active_round().await.unwrap().unwrap();
    let mut action_ids = Vec::new();
    for code in actions {
        action_ids.push(
            sqlx::query_scalar::<_, i64>(
                "SELECT id FROM actions WHERE code = $1 AND round_id = $2",
            )
            .bind(code)
            .bind(round.id)
            .fetch_one(app.pool())
            .await
            .unwrap(),
        );
    }
    let mut option_ids = Vec::new();
    for code in options {
        option_ids.push(
            sqlx::query_as::<_, (i64, i64)>(
                "SELECT o.question_id, o.id FROM question_options o \
                 JOIN survey_questions q ON q.id = o.question_id WHERE o.code = $1 AND q.round_id = $2",
            )
            .bind(code)
            .bind(round.id)
            .fetch_one(app.pool())
            .await
            .unwrap(),
        );
    }
    let outcome = app
        .repo
        .insert_response(&NewResponse {
            round_id: round.id,
            district_id,
            client_id: format!("known-{n}"),
            device_hash: None,
            content_hash: format!("known-{n}"),
            receipt: format!("KNOWN{n:05}"),
            source: AnswerSource::Online,
            other_needs: None,
            submitted_on: "2027-09-30".into(),
            action_ids,
            options: option_ids,
        })
        .await
        .unwrap();
    assert!(matches!(outcome, InsertOutcome::Stored(_)));
}

#[tokio::test]
async fn a_known_set_of_answers_gives_exact_counts_shares_and_withheld_cells() {
    let app = common::app().await;
    // District I (id 1): six answers. All pick school crossings, three bus
    // lanes; five are 18–29, one 30–44. District II: two answers.
    for n in 0..6 {
        let actions: &[&str] = if n < 3 {
            &["school-crossings", "bus-lanes"]
        } else {
            &["school-crossings"]
        };
        let age = if n < 5 { "18-29" } else { "30-44" };
        answer(&app, n, 1, actions, &[age]).await;
    }
    answer(&app, 10, 2, &["bus-lanes"], &["18-29"]).await;
    answer(&app, 11, 2, &["bus-lanes"], &["18-29"]).await;

    let (_, _, html) = common::get(&app, "/wyniki/I", "").await;
    let picks = page_picks(&html);
    assert_eq!(picks[0], ("school-crossings".to_owned(), 6));
    assert_eq!(picks[1], ("bus-lanes".to_owned(), 3));
    assert!(picks[2..].iter().all(|(_, n)| *n == 0));
    let row = |code: &str| {
        html.split(&format!("<tr data-action=\"{code}\""))
            .nth(1)
            .unwrap()
            .split("</tr>")
            .next()
            .unwrap()
            .to_owned()
    };
    assert!(row("school-crossings").contains("100,0%"));
    assert!(
        row("bus-lanes").contains("50,0%"),
        "of the district's own six answers"
    );
    assert!(html.contains("mała próba (n = 6)"));
    let option = |code: &str| {
        html.split(&format!("<tr data-option=\"{code}\">"))
            .nth(1)
            .unwrap()
            .split("</tr>")
            .next()
            .unwrap()
            .to_owned()
    };
    assert!(option("18-29").contains("<td>5</td>"));
    assert!(option("30-44").contains("<td>&lt; 5</td>"));
    assert!(
        option("60-74").contains("<td>&lt; 5</td>"),
        "zero is withheld too"
    );

    let (_, _, html) = common::get(&app, "/wyniki", "").await;
    let picks = page_picks(&html);
    assert_eq!(picks[0], ("school-crossings".to_owned(), 6));
    assert_eq!(picks[1], ("bus-lanes".to_owned(), 5));
    assert!(
        html.contains("62,5%"),
        "bus lanes: 5 of the round's 8 answers"
    );
    assert!(html.contains("mała próba (n = 8)"));

    let (_, _, json) = common::get(&app, "/wyniki/dane/dzielnica-II.json", "").await;
    let json: Value = serde_json::from_str(&json).unwrap();
    let view = &json["views"][0];
    assert_eq!(view["answers"], 2);
    let bus = view["actions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["code"] == "bus-lanes")
        .unwrap();
    assert_eq!(bus["picks"], 2);
    assert_eq!(bus["share_percent"], 100.0);
    let ages = &view["profile"][0]["options"];
    assert!(
        ages.as_array()
            .unwrap()
            .iter()
            .all(|o| o["answers"].is_null()),
        "2 < 5"
    );
}

#[tokio::test]
async fn recount_finds_and_repairs_a_counter_that_drifted() {
    let app = with_answers(80).await;
    assert!(app.repo.recount(false).await.unwrap().is_empty());
    sqlx::query(
        "UPDATE action_tallies SET picks = picks + 2 WHERE (round_id, district_id, action_id) = \
         (SELECT round_id, district_id, action_id FROM action_tallies ORDER BY 1, 2, 3 LIMIT 1)",
    )
    .execute(app.pool())
    .await
    .unwrap();
    sqlx::query(
        "DELETE FROM daily_tallies WHERE (round_id, district_id, day) = \
         (SELECT round_id, district_id, day FROM daily_tallies ORDER BY 1, 2, 3 LIMIT 1)",
    )
    .execute(app.pool())
    .await
    .unwrap();
    sqlx::query(
        "UPDATE participation SET answers = answers - 1 WHERE (round_id, district_id, source) = \
         (SELECT round_id, district_id, source FROM participation ORDER BY 1, 2, 3 LIMIT 1)",
    )
    .execute(app.pool())
    .await
    .unwrap();
    let found = app.repo.recount(true).await.unwrap();
    let mut tables: Vec<&str> = found.iter().map(|d| d.table).collect();
    tables.sort();
    assert_eq!(tables, ["action_tallies", "daily_tallies", "participation"]);
    let drifted = found.iter().find(|d| d.table == "action_tallies").unwrap();
    assert_eq!(drifted.stored, drifted.counted + 2);
    assert!(
        app.repo.recount(false).await.unwrap().is_empty(),
        "repaired"
    );
}

#[test]
fn recount_from_the_command_line_reports_and_repairs() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let db = rt.block_on(common::TestDatabase::new());
    let url = db.url.clone();
    let run = |args: &[&str]| common::cli(&url, args);
    // The first command writes the demo data, then adds 200 made-up answers.
    let out = run(&["demo-answers", "--count", "200"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("added 200 demo answers"));
    let out = run(&["recount", "--check"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("every counter equals the answers"));
    rt.block_on(async {
        let demo: i64 =
            sqlx::query_scalar("SELECT demo_answers FROM rounds WHERE status = 'active'")
                .fetch_one(db.pool())
                .await
                .unwrap();
        assert_eq!(demo, 200);
        sqlx::query("UPDATE option_tallies SET answers = 0")
            .execute(db.pool())
            .await
            .unwrap();
    });
    let out = run(&["recount", "--check"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("option_tallies"));
    let out = run(&["recount"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("repaired"));
    let out = run(&["recount", "--check"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[tokio::test]
async fn made_up_answers_are_labelled_as_demo_data() {
    let app = with_answers(30).await;
    app.state.catalog.invalidate();
    let (_, _, html) = common::get(&app, "/wyniki", "").await;
    assert!(html.contains("data-testid=\"demo-answers\""));
    assert!(html.contains("Dane demonstracyjne:"));
    let plain = common::app().await;
    let (_, _, html) = common::get(&plain, "/wyniki", "").await;
    assert!(!html.contains("demo-answers"));
}

#[tokio::test]
async fn counters_kept_in_memory_show_a_new_answer_at_once() {
    let app = with_answers(40).await;
    let before = district_answers(&app, "II").await;
    let (_, _, html) = common::get(&app, "/wyniki/II", "").await;
    assert!(
        html.contains(&format!("<strong>{before}</strong>")),
        "read once"
    );
    // The rendered page is kept too (server::page_cache) and served again
    // while nothing changes; signed-in requests never use it.
    assert_eq!(app.state.pages.len(), 1);
    let (_, _, again) = common::get(&app, "/wyniki/II", "").await;
    assert_eq!(again, html);
    let moderator = user(&app, "mod@krakow.test", Role::Moderator).await;
    let cookie = session(&app, moderator).await;
    common::get(&app, "/wyniki/III", &cookie).await;
    assert_eq!(app.state.pages.len(), 1, "a signed-in page is not kept");
    let start =
        porozmawiajmy::survey::service::issue_start(&app.state.signer, app.state.clock.now_ts());
    let body = format!(
        "answer%5Bclient_id%5D={}&answer%5Bstart%5D={}&answer%5Bdistrict%5D=2&answer%5Bactions%5D%5B1%5D=1&source=paper",
        start.client_id, start.token
    );
    // The counters are now in memory; an answer stored through the app
    // shows at once.
    let (status, _, text) = post(
        &app.state,
        "/api/survey/assisted",
        &body,
        &[("cookie", &cookie)],
    )
    .await;
    assert!(status.is_success(), "{status} {text}");
    assert_eq!(district_answers(&app, "II").await, before + 1);
    let (_, _, html) = common::get(&app, "/wyniki/II", "").await;
    assert!(
        html.contains(&format!("<strong>{}</strong>", before + 1)),
        "exact"
    );
    let (_, _, json) = common::get(&app, "/wyniki/dane/dzielnica-II.json", "").await;
    let json: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(json["views"][0]["answers"], before + 1);
}

/// (district numeral or "all", question, option, answers — `None`:
/// withheld) of every view in `wyniki.json`.
type ProfileCell = (String, String, String, Option<i64>);

fn profile_cells(json: &Value) -> Vec<ProfileCell> {
    let mut cells = Vec::new();
    for view in json["views"].as_array().unwrap() {
        let district = view["district"].as_str().unwrap_or("all").to_owned();
        for q in view["profile"].as_array().unwrap() {
            for o in q["options"].as_array().unwrap() {
                cells.push((
                    district.clone(),
                    q["question"].as_str().unwrap().to_owned(),
                    o["code"].as_str().unwrap().to_owned(),
                    o["answers"].as_i64(),
                ));
            }
        }
    }
    cells
}

/// No withheld profile cell can be recovered by subtraction from one row
/// (an option across the districts and the whole round) or one column (a
/// district's options), in the open data as on the pages (#27 item 7).
#[tokio::test]
async fn withheld_cells_cannot_be_recovered_by_subtraction() {
    let app = with_answers(300).await;
    sqlx::query("UPDATE rounds SET results_visibility = 'while_open'")
        .execute(app.pool())
        .await
        .unwrap();
    app.state.catalog.invalidate();
    let (_, _, json) = common::get(&app, "/wyniki/dane/wyniki.json", "").await;
    let cells = profile_cells(&serde_json::from_str(&json).unwrap());
    let hidden = |keep: &dyn Fn(&ProfileCell) -> bool| {
        cells.iter().filter(|c| keep(c) && c.3.is_none()).count()
    };
    let mut withheld_somewhere = false;
    for (district, question, option, answers) in &cells {
        withheld_somewhere |= answers.is_none();
        assert!(answers.is_none_or(|n| n >= 5));
        let row = hidden(&|c| &c.1 == question && &c.2 == option);
        assert_ne!(row, 1, "{question}/{option}: one withheld cell in its row");
        let column = hidden(&|c| &c.0 == district && &c.1 == question);
        assert_ne!(
            column, 1,
            "{district}/{question}: one withheld cell in its column"
        );
    }
    assert!(withheld_somewhere, "the sample has small cells to check");
    // The district page shows the same cells as the open data.
    let (_, _, html) = common::get(&app, "/wyniki/I", "").await;
    for (_, question, option, answers) in cells.iter().filter(|c| c.0 == "I") {
        let row = html
            .split(&format!("<tr data-option=\"{option}\">"))
            .nth(1)
            .unwrap_or_else(|| panic!("{question}/{option} on the page"))
            .split("</tr>")
            .next()
            .unwrap();
        match answers {
            Some(n) => assert!(row.contains(&format!("<td>{n}</td>")), "{option}: {row}"),
            None => assert!(row.contains("&lt; 5"), "{option}: {row}"),
        }
    }
}

/// While results are public during the survey, the profile breakdowns
/// change at most once an hour: an answer given now shows in the counts
/// at once, but not in the profile cells until the next hour (#27 item 7).
#[tokio::test]
async fn profile_breakdowns_move_at_most_hourly_while_the_survey_is_open() {
    let app = with_answers(200).await;
    sqlx::query("UPDATE rounds SET results_visibility = 'while_open'")
        .execute(app.pool())
        .await
        .unwrap();
    app.state.catalog.invalidate();
    async fn read(app: &common::TestApp) -> (i64, Vec<ProfileCell>) {
        let (_, _, json) = common::get(app, "/wyniki/dane/wyniki.json", "").await;
        let json: Value = serde_json::from_str(&json).unwrap();
        let all = json["views"].as_array().unwrap().last().unwrap().clone();
        (all["answers"].as_i64().unwrap(), profile_cells(&json))
    }
    let (answers, before) = read(&app).await;
    assert_eq!(answers, 200);
    demo_answers::generate(&*app.repo, 100, app.state.clock.now_ts())
        .await
        .unwrap();
    app.state.counts.invalidate();
    let (answers, held) = read(&app).await;
    assert_eq!(answers, 300, "participation is exact");
    assert_eq!(held, before, "the profile waits for the next hour");
    // An hour later it moves.
    let later = common::restart_at(&app, "2027-10-01T11:00:00Z").await;
    let (_, moved) = read(&later).await;
    assert_ne!(moved, before);
}

/// The view the results island puts in place (drawn by the server) is the
/// page's own view: the same numbers and the same chart; a path that is not
/// a results view is a clear 4xx.
#[tokio::test]
async fn the_island_gets_the_view_the_page_shows() {
    let app = with_answers(300).await;
    let (_, _, page) = common::get(&app, "/wyniki/III?temat=greenery", "").await;
    let body = common::form(&[("path", "/wyniki/III"), ("temat", "greenery")]);
    let (status, _, json) = post(&app.state, "/api/results/view", &body, &[]).await;
    assert_eq!(status, StatusCode::OK, "{json}");
    let view: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(view["title"], "Wyniki ankiety: III Prądnik Czerwony");
    let html = view["html"].as_str().unwrap();
    assert!(html.contains("id=\"chart-actions\""), "the chart is in it");
    assert!(!page_picks(html).is_empty());
    assert_eq!(page_picks(html), page_picks(&page));

    let body = common::form(&[("path", "/wyniki/porownanie"), ("co", "temat.greenery")]);
    let (status, _, json) = post(&app.state, "/api/results/view", &body, &[]).await;
    assert_eq!(status, StatusCode::OK, "{json}");
    assert!(json.contains("data-testid=\\\"compare-table\\\""), "{json}");

    let body = common::form(&[("path", "/panel/wyniki")]);
    let (status, _, json) = post(&app.state, "/api/results/view", &body, &[]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{json}");
}
