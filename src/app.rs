//! The HTML shell, the router with every public path, and the page layout
//! (skip link, header with navigation and language switch, footer).

use crate::about::{AccessibilityStatementPage, EasyReadPage, FooterLinks, PrivacyPage};
use crate::answers::{
    DistrictListPage, ManageAnswersPage, OfficialPage, PostulateAnswersPage, TrackerPage,
};
use crate::home::HomePage;
use crate::i18n::{detect_lang, page_texts, Lang};
use crate::meetings::{ManageMeetingsPage, MeetingPage, MeetingsPage, PosterPage};
use crate::moderation::{ConsolePage, ProjectorPage};
use crate::panel::{AdminPage, LoginPage, ModerationPage, PanelPage};
use crate::postulates::{FollowedPage, LivePage, PostulatesPage};
use crate::results::{ComparisonPage, DistrictResultsPage, ManageResultsPage, ResultsPage};
use crate::rounds::{ArchivePage, RoundArchivePage, RoundEditPage, RoundPreviewPage, RoundsPage};
use crate::survey::{KioskPage, ReceiptPage, SurveyPage};
use crate::ui::{NotFound, OfflinePage};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Title};
use leptos_router::components::{Route, Router, Routes, A};
use leptos_router::hooks::use_location;
use leptos_router::{path, SsrMode};

/// The pages with islands (interactive parts): only these load the
/// WebAssembly (each its own islands' code); every other page is plain
/// server HTML and ships no code. A page that gains an island is added
/// here (its hydrated tests fail until it is).
pub fn has_islands_at(path: &str) -> bool {
    const EXACT: &[&str] = &["/", "/ankieta", "/panel/punkt", "/wyniki", "/spotkania"];
    // `/wyniki/<numeral>` and `/wyniki/porownanie`; not the open data.
    let results_view = path
        .strip_prefix("/wyniki/")
        .is_some_and(|rest| !rest.is_empty() && !rest.contains('/'));
    // A meeting's live page and projector, `/spotkania/<id>/na-zywo`.
    let live_view = path.strip_prefix("/spotkania/").is_some_and(|rest| {
        rest.split_once('/').is_some_and(|(id, view)| {
            !id.is_empty()
                && id.bytes().all(|b| b.is_ascii_digit())
                && matches!(view, "na-zywo" | "projektor")
        })
    });
    // A meeting's moderators' console, `/panel/moderacja/<id>`.
    let console = path
        .strip_prefix("/panel/moderacja/")
        .is_some_and(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()));
    EXACT.contains(&path) || results_view || live_view || console
}

/// The request being rendered: (has islands, needs `pages.css`).
fn page_kind() -> (bool, bool) {
    #[cfg(feature = "ssr")]
    {
        // The pages that style themselves from the main stylesheet alone:
        // the survey and the home page skip `public/pages.css` (first visits
        // on a phone, every KB counts).
        const WITHOUT_PAGE_STYLES: &[&str] = &["/", "/ankieta", "/panel/punkt"];
        use_context::<http::request::Parts>().map_or((false, true), |parts| {
            let path = parts.uri.path();
            (has_islands_at(path), !WITHOUT_PAGE_STYLES.contains(&path))
        })
    }
    #[cfg(not(feature = "ssr"))]
    {
        (true, false)
    }
}

/// The main stylesheet's address (hashed in release builds; see
/// `server::start::stylesheet_href`).
fn stylesheet_href(options: &LeptosOptions) -> &'static str {
    #[cfg(feature = "ssr")]
    {
        crate::server::start::stylesheet_href(options)
    }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = options;
        "/pkg/porozmawiajmy.css"
    }
}

/// The document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let lang = detect_lang();
    let (islands, page_styles) = page_kind();
    // Islands mode renders outside islands "not hydrating", so pages do not
    // carry their resources' data as JSON for a hydration that never comes.
    // `HydrationScripts` switches this on pages with islands; pages without
    // must do it themselves (they once carried 7–9 KB of unused JSON).
    if let Some(context) = Owner::current_shared_context() {
        context.set_is_hydrating(false);
    }
    view! {
        <!DOCTYPE html>
        <html lang=lang.code()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="theme-color" content="#0b4f8a"/>
                <meta name="description" content=page_texts(lang).home_lead/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <link rel="manifest" href="/manifest.webmanifest"/>
                <link rel="apple-touch-icon" href="/icons/apple-touch-icon.png"/>
                <AutoReload options=options.clone()/>
                <link id="leptos" rel="stylesheet" href=stylesheet_href(&options)/>
                // The styles the survey and the home page do without (public/pages.css).
                {page_styles.then(|| view! { <link rel="stylesheet" href="/pages.css"/> })}
                {islands.then(|| view! {
                    <HydrationScripts options islands=true/>
                    // Without JavaScript, what only the script does is not
                    // shown (public/nojs.css; fetched only then).
                    <noscript><link rel="stylesheet" href="/nojs.css"/></noscript>
                })}
                // Registers the service worker on every page (public/start.js).
                <script type="module" src="/start.js"></script>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let lang = detect_lang();
    provide_context(lang);
    let t = page_texts(lang);
    let site = t.site_name;
    view! {
        <Title formatter=move |page: String| {
            let title = if page.is_empty() || page == site { site.to_string() } else { format!("{page} · {site}") };
            // leptos_meta writes the title into the server's HTML as it is
            // (0.8.7): escaped here, a round's or a meeting's name can never
            // close the element and start markup (tests/hostile.rs).
            if cfg!(feature = "ssr") { crate::ui::escape_html(&title) } else { title }
        }/>
        <Router>
            <a class="skip-link" href="#tresc">{t.skip_to_content}</a>
            <Header/>
            <main id="tresc" tabindex="-1">
                <Routes fallback=|| view! { <NotFound/> }>
                    <Route path=path!("/") view=HomePage ssr=SsrMode::Async/>
                    <Route path=path!("/ankieta") view=SurveyPage ssr=SsrMode::Async/>
                    <Route path=path!("/ankieta/potwierdzenie/:code") view=ReceiptPage ssr=SsrMode::Async/>
                    <Route path=path!("/wyniki") view=ResultsPage ssr=SsrMode::Async/>
                    <Route path=path!("/wyniki/porownanie") view=ComparisonPage ssr=SsrMode::Async/>
                    <Route path=path!("/wyniki/:dzielnica") view=DistrictResultsPage ssr=SsrMode::Async/>
                    <Route path=path!("/panel/wyniki") view=ManageResultsPage ssr=SsrMode::Async/>
                    <Route path=path!("/spotkania") view=MeetingsPage ssr=SsrMode::Async/>
                    <Route path=path!("/spotkania/:id") view=MeetingPage ssr=SsrMode::Async/>
                    <Route path=path!("/spotkania/:id/na-zywo") view=LivePage ssr=SsrMode::Async/>
                    <Route path=path!("/spotkania/:id/plakat") view=PosterPage ssr=SsrMode::Async/>
                    <Route path=path!("/spotkania/:id/projektor") view=ProjectorPage ssr=SsrMode::Async/>
                    <Route path=path!("/panel/spotkania") view=ManageMeetingsPage ssr=SsrMode::Async/>
                    <Route path=path!("/postulaty") view=PostulatesPage ssr=SsrMode::Async/>
                    <Route path=path!("/postulaty/kod/:kod") view=FollowedPage ssr=SsrMode::Async/>
                    <Route path=path!("/postulaty/nr/:id") view=PostulateAnswersPage ssr=SsrMode::Async/>
                    <Route path=path!("/postulaty/wydzialy") view=TrackerPage ssr=SsrMode::Async/>
                    <Route path=path!("/postulaty/spis/:dzielnica") view=DistrictListPage ssr=SsrMode::Async/>
                    <Route path=path!("/offline") view=OfflinePage/>
                    <Route path=path!("/deklaracja-dostepnosci") view=AccessibilityStatementPage ssr=SsrMode::Async/>
                    <Route path=path!("/latwy-tekst") view=EasyReadPage ssr=SsrMode::Async/>
                    <Route path=path!("/prywatnosc") view=PrivacyPage ssr=SsrMode::Async/>
                    <Route path=path!("/panel") view=PanelPage ssr=SsrMode::Async/>
                    <Route path=path!("/panel/logowanie") view=LoginPage ssr=SsrMode::Async/>
                    <Route path=path!("/panel/moderacja") view=ModerationPage ssr=SsrMode::Async/>
                    <Route path=path!("/panel/moderacja/:id") view=ConsolePage ssr=SsrMode::Async/>
                    <Route path=path!("/panel/urzednik") view=OfficialPage ssr=SsrMode::Async/>
                    <Route path=path!("/panel/odpowiedzi") view=ManageAnswersPage ssr=SsrMode::Async/>
                    <Route path=path!("/panel/admin") view=AdminPage ssr=SsrMode::Async/>
                    <Route path=path!("/panel/punkt") view=KioskPage ssr=SsrMode::Async/>
                    <Route path=path!("/panel/rundy") view=RoundsPage ssr=SsrMode::Async/>
                    <Route path=path!("/panel/rundy/:slug") view=RoundEditPage ssr=SsrMode::Async/>
                    <Route path=path!("/panel/rundy/:slug/podglad") view=RoundPreviewPage ssr=SsrMode::Async/>
                    <Route path=path!("/rundy") view=ArchivePage ssr=SsrMode::Async/>
                    <Route path=path!("/rundy/:slug") view=RoundArchivePage ssr=SsrMode::Async/>
                </Routes>
            </main>
            <footer class="site-footer">
                <p>{t.footer}</p>
                <FooterLinks/>
            </footer>
        </Router>
    }
}

#[component]
fn Header() -> impl IntoView {
    let lang = use_context::<Lang>().unwrap_or_default();
    let t = page_texts(lang);
    let other = if lang == Lang::Pl { Lang::En } else { Lang::Pl };
    let location = use_location();
    let switch_href = move || {
        format!(
            "/jezyk/{}?powrot={}",
            other.code(),
            crate::ui::encode_query_value(&location.pathname.get())
        )
    };
    view! {
        <header class="site-header">
            <div class="brand-row">
                <a class="brand" href="/">
                    <span class="brand-city">{t.city}</span>
                    <span class="brand-name">{t.site_name}</span>
                </a>
                <a class="lang-switch" href=switch_href rel="external" hreflang=other.code()
                    lang=other.code() aria-label=t.switch_language>
                    {t.other_lang_name}
                </a>
            </div>
            <nav aria-label=t.nav_label>
                <ul class="nav">
                    <li><A href="/" exact=true>{t.nav_home}</A></li>
                    <li><A href="/ankieta">{t.nav_survey}</A></li>
                    <li><A href="/wyniki">{t.nav_results}</A></li>
                    <li><A href="/spotkania">{t.nav_meetings}</A></li>
                    <li><A href="/postulaty">{t.nav_postulates}</A></li>
                    <li><A href="/panel">{t.nav_staff}</A></li>
                </ul>
            </nav>
        </header>
    }
}

#[cfg(test)]
mod tests {
    use super::has_islands_at;

    #[test]
    fn only_the_pages_with_islands_load_the_webassembly() {
        for path in [
            "/",
            "/ankieta",
            "/wyniki/III",
            "/spotkania",
            "/spotkania/6/na-zywo",
            "/spotkania/6/projektor",
            "/panel/moderacja/6",
        ] {
            assert!(has_islands_at(path), "{path}");
        }
        for path in [
            "/postulaty",
            "/spotkania/6",
            "/spotkania/6/na-zywo/zdarzenia",
            "/spotkania/x/na-zywo",
            "/spotkania//projektor",
            "/wyniki/dane.csv/x",
            "/panel/moderacja",
            "/panel/moderacja/6/zdarzenia",
        ] {
            assert!(!has_islands_at(path), "{path}");
        }
    }
}
