//! What a public body's site must have (issue #18), through the real router
//! over a real SQLite file: the accessibility statement, the easy-to-read
//! page and the privacy notice in both languages, naming the configured
//! body; the footer links on every page; the calendar and Atom feeds in
//! English when asked.

mod common;

use http::StatusCode;

/// Pages every visitor can open (the demo's ids).
const PAGES: &[&str] = &[
    "/",
    "/ankieta",
    "/wyniki",
    "/wyniki/II",
    "/spotkania",
    "/spotkania/1",
    "/spotkania/1/na-zywo",
    "/postulaty",
    "/postulaty/wydzialy",
    "/offline",
    "/deklaracja-dostepnosci",
    "/latwy-tekst",
    "/prywatnosc",
    "/panel/logowanie",
    "/nie-ma-takiej-strony",
];

#[tokio::test]
async fn every_page_links_the_three_pages_from_its_footer() {
    let app = common::app().await;
    for path in PAGES {
        let (_, _, html) = common::get(&app, path, "").await;
        let footer = &html[html
            .find("<footer")
            .unwrap_or_else(|| panic!("{path}: no footer"))..];
        for link in ["/deklaracja-dostepnosci", "/latwy-tekst", "/prywatnosc"] {
            assert!(
                footer.contains(&format!(r#"href="{link}""#)),
                "{path}: no {link}"
            );
        }
        // Outside islands nothing hydrates, so no page carries its data a
        // second time as JSON (pages without islands once did: 7–9 KB).
        assert!(
            !html.contains("__RESOLVED_RESOURCES["),
            "{path}: resource data serialized into the page"
        );
    }
    let (_, _, home) = common::get(&app, "/", "").await;
    assert!(home.contains(r#"data-testid="easy-read""#));
}

#[tokio::test]
async fn the_statement_and_the_privacy_notice_name_the_configured_body() {
    let app = common::app_configured("2027-10-01T10:00:00Z", |config| {
        config.body.name = "Gmina <Testowa>".into();
        config.body.dpo_email = "iod@testowa.example".into();
        config.body.statement_updated = "2027-01-15".into();
    })
    .await;
    let (status, _, html) = common::get(&app, "/deklaracja-dostepnosci", "").await;
    assert_eq!(status, StatusCode::OK);
    // Configured text is escaped like any other.
    assert!(html.contains(r#"<strong id="a11y-podmiot">Gmina &lt;Testowa&gt;</strong>"#));
    assert!(html.contains(r#"datetime="2027-01-15">15 stycznia 2027</time>"#));
    for part in [
        "a11y-status",
        "a11y-email",
        "a11y-procedura",
        "a11y-architektura",
    ] {
        assert!(html.contains(&format!(r#"id="{part}""#)), "no {part}");
    }
    // Each venue of the calendar once, with its facilities.
    assert_eq!(
        html.matches("ul. Sądowa 4").count(),
        1,
        "one venue, listed once"
    );
    assert!(html.contains("wejście bez schodów"));

    let (status, _, html) = common::get(&app, "/prywatnosc", "").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Gmina &lt;Testowa&gt;"));
    assert!(html.contains("mailto:iod@testowa.example"));
    for cookie in ["lang", "poro_device", "poro_session"] {
        assert!(html.contains(&format!("<code>{cookie}</code>")), "{cookie}");
    }

    let (_, _, html) = common::get(&app, "/prywatnosc", "lang=en").await;
    assert!(html.contains("Privacy and cookies"));
    assert!(html.contains("Data protection officer"));
    let (_, _, html) = common::get(&app, "/deklaracja-dostepnosci", "lang=en").await;
    assert!(html.contains("partially compliant"));
    assert!(html.contains("15 January 2027"));
    assert!(html.contains("step-free entrance"));
    let (status, _, html) = common::get(&app, "/latwy-tekst", "lang=en").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("The consultation in plain words"));
    let (_, _, html) = common::get(&app, "/latwy-tekst", "").await;
    assert!(html.contains("Konsultacje w prostych słowach"));
}

#[tokio::test]
async fn feeds_speak_english_when_asked() {
    let app = common::app().await;
    let (status, _, ics) = common::get(&app, "/kalendarz/spotkania.ics", "").await;
    assert_eq!(status, StatusCode::OK);
    assert!(ics.contains("spotkanie w dzielnicy"), "{ics}");
    let (_, _, ics) = common::get(&app, "/kalendarz/spotkania.ics?jezyk=en", "").await;
    assert!(ics.contains("meeting in the district of"), "{ics}");
    assert!(!ics.contains("spotkanie w dzielnicy"));
    // A page in English links the English feed.
    let (_, _, html) = common::get(&app, "/spotkania", "lang=en").await;
    assert!(html.contains("/kalendarz/spotkania.ics?jezyk=en"));

    let (status, _, atom) = common::get(&app, "/postulaty/odpowiedzi.atom?jezyk=en", "").await;
    assert_eq!(status, StatusCode::OK);
    assert!(atom.contains("positions on proposals"), "{atom}");
    assert!(atom.contains(r#"xml:lang="en""#), "{atom}");
    assert!(
        atom.contains("odpowiedzi.atom?jezyk=en"),
        "the feed's own address keeps its language"
    );
    let (_, _, atom) = common::get(&app, "/postulaty/odpowiedzi.atom", "").await;
    assert!(atom.contains("stanowiska miasta"));
}

#[tokio::test]
async fn the_demo_round_names_everything_in_both_languages() {
    let app = common::app().await;
    let catalog = app.state.catalog().await.unwrap();
    let mut texts = Vec::new();
    for theme in &catalog.themes {
        texts.push((format!("theme {}", theme.code), theme.name.clone()));
        for action in &theme.actions {
            texts.push((format!("action {}", action.code), action.label.clone()));
        }
    }
    for question in &catalog.questions {
        texts.push((
            format!("question {}", question.code),
            question.prompt.clone(),
        ));
        for option in &question.options {
            texts.push((format!("option {}", option.code), option.label.clone()));
        }
    }
    for department in &catalog.departments {
        texts.push((
            format!("department {}", department.id),
            department.name.clone(),
        ));
    }
    assert!(texts.len() > 40, "the demo has its catalog");
    for (what, text) in texts {
        assert!(!text.pl.trim().is_empty(), "{what}: no Polish");
        assert!(!text.en.trim().is_empty(), "{what}: no English");
    }
}
