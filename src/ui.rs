//! Small shared components and helpers used by several features: loading and
//! error notices, the "not found" page, a meeting's when-and-where summary,
//! and the islands' in-place navigation (links and GET forms shown without
//! a page load, the address bar kept).

use crate::domain::Meeting;
use crate::error::AppError;
use crate::i18n::{format_date, format_time, use_lang, use_page_texts, use_texts};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// Text made safe to place inside HTML as markup: `&`, `<`, `>`, `"` and
/// `'` become entities. For the rare place where text must be given as raw
/// HTML: Leptos (tachys 0.2) writes a `<textarea>`'s children unescaped on
/// the server, so a text containing `</textarea>` would break out of it.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Percent-encodes a value for a query string.
pub fn encode_query_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[component]
pub fn Loading() -> impl IntoView {
    let t = use_texts();
    view! { <p class="loading" role="status">{t.loading}</p> }
}

/// An error, in the user's language.
#[component]
pub fn ErrorNotice(error: AppError) -> impl IntoView {
    let lang = use_lang();
    view! { <p class="notice notice-error" role="alert">{error.message(lang)}</p> }
}

/// A loaded value's view, or its error.
pub fn loaded<T, V: IntoView + 'static>(
    result: Result<T, AppError>,
    view_fn: impl FnOnce(T) -> V,
) -> AnyView {
    match result {
        Ok(value) => view_fn(value).into_any(),
        Err(AppError::NotFound) => view! { <NotFound/> }.into_any(),
        Err(AppError::Unauthorized) => view! { <SignInNeeded/> }.into_any(),
        Err(error) => view! { <ErrorNotice error/> }.into_any(),
    }
}

/// A page's data as it loads: the loading notice, then `view_fn`'s view of
/// the value, or the error (see [`loaded`]). The Suspense wrapper pages share.
pub fn suspended<T, V, F>(data: Resource<Result<T, AppError>>, view_fn: F) -> impl IntoView
where
    T: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
    V: IntoView + 'static,
    F: Fn(T) -> V + Clone + Send + Sync + 'static,
{
    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {move || {
                let view_fn = view_fn.clone();
                Suspend::new(async move { loaded(data.await, view_fn) })
            }}
        </Suspense>
    }
}

/// What the page's last form post did, shown next to the form that sent it
/// (server function `S`): its success note, or its error, translated. The
/// staff pages' forms are plain posts (the pages ship no code), so the
/// outcome travels in the address `server::respond` sends the browser back
/// to: `?gotowe=<endpoint>` after a success, `?blad=<code>&forma=<endpoint>`
/// after an error. A later post replaces both, so a success clears an
/// earlier error, and no message shows beside another form.
pub fn outcome<S: leptos::server_fn::ServerFn>(success: &'static str) -> impl IntoView {
    let query = use_query_map().read_untracked();
    let here = query.get(OUTCOME_FORM).as_deref() == Some(S::PATH);
    let done = query.get(OUTCOME_DONE).as_deref() == Some(S::PATH);
    if done && !success.is_empty() {
        Some(
            view! { <p class="notice notice-ok" role="status" data-testid="outcome">{success}</p> }
                .into_any(),
        )
    } else if here {
        returned_error().map(|error| view! { <ErrorNotice error/> }.into_any())
    } else {
        None
    }
}

/// The address parameters [`outcome`] reads (set by `server::respond`).
pub const OUTCOME_DONE: &str = "gotowe";
pub const OUTCOME_FORM: &str = "forma";

/// The error a plain form post came back with (`?blad=`), if any.
pub fn returned_error() -> Option<AppError> {
    use_query_map()
        .read_untracked()
        .get("blad")
        .and_then(|code| AppError::from_code(&code))
}

/// One filter of a GET form: a labelled `<select>` whose first choice,
/// `all`, sends an empty value; `options` are (value, text).
#[component]
pub fn FilterSelect(
    id: &'static str,
    name: &'static str,
    label: &'static str,
    all: &'static str,
    options: Vec<(String, String)>,
    selected: Option<String>,
) -> impl IntoView {
    view! {
        <div>
            <label for=id>{label}</label>
            <select id=id name=name>
                <option value="">{all}</option>
                {options.into_iter().map(|(value, text)| {
                    let is = selected.as_deref() == Some(value.as_str());
                    view! { <option value=value selected=is>{text}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

/// A table that may be wider than a phone: it scrolls sideways inside its
/// own box, which the keyboard can reach (focusable, a named region).
#[component]
pub fn TableWrap(label: String, children: Children) -> impl IntoView {
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-label=label>
            {children()}
        </div>
    }
}

/// A staff page opened without signing in.
#[component]
pub fn SignInNeeded() -> impl IntoView {
    let lang = use_lang();
    let t = use_page_texts();
    view! {
        <p class="notice notice-error" role="alert">{AppError::Unauthorized.message(lang)}</p>
        <p><a class="button" href="/panel/logowanie">{t.login_title}</a></p>
    }
}

/// The "no such page" page; answers 404 when rendered on the server.
#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(options) = use_context::<leptos_axum::ResponseOptions>() {
        options.set_status(http::StatusCode::NOT_FOUND);
    }
    let t = use_page_texts();
    view! {
        <Title text=t.not_found_title/>
        <section class="page">
            <h1>{t.not_found_title}</h1>
            <p>{t.not_found_body}</p>
            <p><a href="/">{t.back_home}</a></p>
        </section>
    }
}

/// The page shown when there is no connection: the service worker's answer
/// for a page it has not kept. Static — also the benchmark's baseline for a
/// page rendered by this app with no data (`scripts/bench-pages.sh`).
#[component]
pub fn OfflinePage() -> impl IntoView {
    let t = use_page_texts();
    view! {
        <Title text=t.offline_title/>
        <section class="page">
            <h1>{t.offline_title}</h1>
            <p>{t.offline_body}</p>
            <p><a href="/ankieta">{t.nav_survey}</a>" · "<a href="/">{t.back_home}</a></p>
        </section>
    }
}

/// When and where a meeting is: date, time, venue, address.
#[component]
pub fn MeetingWhenWhere(meeting: Meeting) -> impl IntoView {
    let WhenWhereText { when, iso, place } = WhenWhereText::of(use_lang(), &meeting);
    view! { <WhenWhere when iso place/> }
}

/// A meeting's time and place as text, formatted on the server (islands
/// receive this rather than a [`Meeting`], so they format no dates).
#[derive(
    Clone, Debug, PartialEq, Eq, serde_tuple::Serialize_tuple, serde_tuple::Deserialize_tuple,
)]
pub struct WhenWhereText {
    /// "wtorek, 28 marca 2028, 17:30–19:30"
    pub when: String,
    /// The start for `<time datetime>`: "2028-03-28T15:30:00Z".
    pub iso: String,
    /// "XIII Liceum Ogólnokształcące, ul. Sądowa 4"
    pub place: String,
}

impl WhenWhereText {
    pub fn of(lang: crate::i18n::Lang, meeting: &Meeting) -> Self {
        Self {
            when: format!(
                "{}, {}–{}",
                format_date(lang, &meeting.starts_at.local),
                format_time(&meeting.starts_at.local),
                format_time(&meeting.ends_at.local)
            ),
            iso: iso_utc(meeting.starts_at.utc),
            place: format!("{}, {}", meeting.venue, meeting.address),
        }
    }
}

/// The "when / where" list of a meeting.
#[component]
pub fn WhenWhere(when: String, iso: String, place: String) -> impl IntoView {
    let t = use_texts();
    view! {
        <dl class="when-where">
            <div>
                <dt>{t.meeting_when}</dt>
                <dd><time datetime=iso>{when}</time></dd>
            </div>
            <div>
                <dt>{t.meeting_where}</dt>
                <dd>{place}</dd>
            </div>
        </dl>
    }
}

/// `2028-03-28T15:30:00Z` for `<time datetime>`.
pub fn iso_utc(ts: i64) -> String {
    let days = ts.div_euclid(86_400);
    let secs = ts.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

/// Days since 1970-01-01 to a proleptic Gregorian date (H. Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// Called by every island once it is live in the browser: when the last of
/// the page's islands is, the page is marked `<body data-hydrated>` (styles
/// and tests rely on it). Lazy islands hydrate when their code has arrived,
/// after `hydrate()` returns, so the entry point cannot mark the page
/// itself. Nothing on the server.
pub fn island_live() {
    #[cfg(feature = "hydrate")]
    Effect::new(|_| {
        thread_local! {
            static LIVE: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
        }
        LIVE.set(LIVE.get() + 1);
        let doc = document();
        let all = doc
            .query_selector_all("leptos-island")
            .map_or(0, |list| list.length());
        if LIVE.get() >= all {
            if let Some(body) = doc.body() {
                let _ = body.set_attribute("data-hydrated", "true");
            }
        }
    });
}

/// A view the server drew, for an island to put in place of the one shown.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RenderedView {
    /// The page's title (without the site's name).
    pub title: String,
    pub html: String,
}

/// The body of an island that shows its page's other views in place (the
/// results' districts and filters, the calendar's views and months): a
/// plain click on a link matching `links`, or a change or submit of a GET
/// form matching `forms`, asks `draw` for the view at that URL (the server
/// draws it with the page's own components), puts it in place of the one
/// shown (`children` at first), its URL in the address bar, and the title;
/// Back shows the previous view again. A URL `draw` does not know
/// (`None`) or a failed request loads as a page, as without JavaScript.
pub fn in_place<F, Fut>(
    children: Children,
    links: &'static str,
    forms: &'static str,
    heading: Option<&'static str>,
    draw: F,
) -> impl IntoView
where
    F: Fn(&str, &dyn Fn(&str) -> Option<String>) -> Option<Fut> + Copy + 'static,
    Fut: std::future::Future<Output = Result<RenderedView, AppError>> + 'static,
{
    island_live();
    let drawn = RwSignal::new(String::new());
    let first = NodeRef::<leptos::html::Div>::new();
    let busy = RwSignal::new(false);
    #[cfg(feature = "hydrate")]
    let go = move |href: String, push: bool| {
        let Some(url) = browser::url(&href) else {
            return;
        };
        let query = url.search_params();
        let Some(view) = draw(&url.pathname(), &|name: &str| query.get(name)) else {
            browser::load(&href);
            return;
        };
        busy.set(true);
        leptos::task::spawn_local(async move {
            match view.await {
                Ok(view) => {
                    if push {
                        push_url(&href);
                    }
                    browser::retitle(&view.title);
                    if let Some(el) = first.get_untracked() {
                        el.remove();
                    }
                    drawn.set(view.html);
                    busy.set(false);
                    if let Some(heading) = heading {
                        browser::focus_heading(heading);
                    }
                }
                Err(_) => browser::load(&href),
            }
        });
    };
    #[cfg(feature = "hydrate")]
    {
        let back = window_event_listener(leptos::ev::popstate, move |_| {
            go(window().location().href().unwrap_or_default(), false)
        });
        on_cleanup(move || back.remove());
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (links, forms, heading, draw);
    let on_click = move |ev: leptos::ev::MouseEvent| {
        #[cfg(feature = "hydrate")]
        if let Some(href) = in_place_link(&ev, links) {
            ev.prevent_default();
            go(href, true);
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    // A GET form's choice applies at once (its button is for JavaScript
    // off); its submit is followed in place too.
    let follow_form = move |ev: &web_sys::Event, submit: bool| {
        #[cfg(feature = "hydrate")]
        if let Some(href) = browser::form_get_url(ev, forms) {
            if submit {
                ev.prevent_default();
            }
            go(href, true);
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (ev, submit);
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| follow_form(&ev, true);
    let on_change = move |ev: leptos::ev::Event| follow_form(&ev, false);
    view! {
        <div class="island-contents" aria-busy=move || busy.get().then_some("true")
            on:click=on_click on:submit=on_submit on:change=on_change>
            <div class="island-contents" node_ref=first>{children()}</div>
            <div class="island-contents" inner_html=move || drawn.get()></div>
        </div>
    }
}

/// Puts `url` in the address bar as a new history entry (an island's view
/// switched in place); nothing on the server.
pub fn push_url(url: &str) {
    #[cfg(feature = "hydrate")]
    if let Ok(history) = window().history() {
        let _ = history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(url));
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = url;
}

/// The `href` of a link matching `selector` that a plain click (main
/// button, no modifier key) followed — one an island may show in place.
#[cfg(feature = "hydrate")]
pub fn in_place_link(ev: &web_sys::MouseEvent, selector: &str) -> Option<String> {
    use wasm_bindgen::JsCast;
    if ev.default_prevented()
        || ev.button() != 0
        || ev.meta_key()
        || ev.ctrl_key()
        || ev.shift_key()
        || ev.alt_key()
    {
        return None;
    }
    let target: web_sys::Element = ev.target()?.dyn_into().ok()?;
    target.closest(selector).ok()??.get_attribute("href")
}

/// The islands' in-place navigation, browser side.
#[cfg(feature = "hydrate")]
pub mod browser {
    use leptos::prelude::{document, window};
    use wasm_bindgen::JsCast;

    /// `href` resolved against the page's address.
    pub fn url(href: &str) -> Option<web_sys::Url> {
        web_sys::Url::new_with_base(href, &window().location().href().ok()?).ok()
    }

    /// Loads `href` as a page (what the link does without JavaScript).
    pub fn load(href: &str) {
        let _ = window().location().assign(href);
    }

    /// The document's title after a view switched in place: `title` with
    /// the site's name kept ("Wyniki: II Grzegórzki · Porozmawiajmy…").
    pub fn retitle(title: &str) {
        let doc = document();
        let now = doc.title();
        match now.rsplit_once(" · ") {
            Some((_, site)) => doc.set_title(&format!("{title} · {site}")),
            None => doc.set_title(title),
        }
    }

    /// Moves the focus to the new view's heading (a screen reader reads
    /// where it landed), without scrolling.
    pub fn focus_heading(selector: &str) {
        let heading = document()
            .query_selector(selector)
            .ok()
            .flatten()
            .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(heading) = heading {
            let options = web_sys::FocusOptions::new();
            options.set_prevent_scroll(true);
            let _ = heading.focus_with_options(&options);
        }
    }

    /// The URL a GET form matching `selector` that holds the event's target
    /// would load: its action with its fields' non-empty values.
    pub fn form_get_url(ev: &web_sys::Event, selector: &str) -> Option<String> {
        let target: web_sys::Element = ev.target()?.dyn_into().ok()?;
        let form: web_sys::HtmlFormElement = target.closest(selector).ok()??.dyn_into().ok()?;
        let url = url(&form.action())?;
        let params = url.search_params();
        for (name, value) in form_fields(&form) {
            if !value.is_empty() {
                params.set(&name, &value);
            }
        }
        Some(format!("{}{}", url.pathname(), url.search()))
    }

    /// A form's fields as the browser would send them (name, value), in
    /// order; files left out.
    pub fn form_fields(form: &web_sys::HtmlFormElement) -> Vec<(String, String)> {
        let Ok(fields) = web_sys::FormData::new_with_form(form) else {
            return Vec::new();
        };
        fields
            .entries()
            .into_iter()
            .flatten()
            .filter_map(|entry| {
                let pair: web_sys::js_sys::Array = entry.unchecked_into();
                Some((pair.get(0).as_string()?, pair.get(1).as_string()?))
            })
            .collect()
    }

    /// The element with id `id`.
    pub fn by_id(id: &str) -> Option<web_sys::Element> {
        document().get_element_by_id(id)
    }

    /// The first element inside `el` matching `selector`.
    pub fn find(el: &web_sys::Element, selector: &str) -> Option<web_sys::Element> {
        el.query_selector(selector).ok().flatten()
    }

    /// A DOM property (`checked`, `value`, `hidden`…) of a form control
    /// the server drew.
    pub fn prop(el: &web_sys::Element, name: &str) -> wasm_bindgen::JsValue {
        web_sys::js_sys::Reflect::get(el, &name.into()).unwrap_or(wasm_bindgen::JsValue::UNDEFINED)
    }

    /// Sets a DOM property (`checked`, `value`, `hidden`, `disabled`…).
    pub fn set(el: &web_sys::Element, name: &str, value: wasm_bindgen::JsValue) {
        let _ = web_sys::js_sys::Reflect::set(el, &name.into(), &value);
    }

    /// Sets an attribute, or removes it (`None`).
    pub fn attr(el: &web_sys::Element, name: &str, value: Option<&str>) {
        let _ = match value {
            Some(v) => el.set_attribute(name, v),
            None => el.remove_attribute(name),
        };
    }

    /// Calls `f` on every `event` on `target` for as long as the page
    /// lives: for the forms the server drew, which islands keep in step
    /// (`survey::form_dom`, the live page's postulate form) and which
    /// go only with the page.
    pub fn listen(
        target: &web_sys::EventTarget,
        event: &str,
        f: impl FnMut(web_sys::Event) + 'static,
    ) {
        let f = wasm_bindgen::closure::Closure::<dyn FnMut(web_sys::Event)>::new(f);
        let _ = target.add_event_listener_with_callback(event, f.as_ref().unchecked_ref());
        f.forget();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates() {
        assert_eq!(iso_utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso_utc(1_837_870_800), "2028-03-28T15:40:00Z");
    }

    #[test]
    fn query_values_are_encoded() {
        assert_eq!(encode_query_value("/spotkania/2"), "/spotkania/2");
        assert_eq!(
            escape_html("</textarea><script>alert('x')</script> & \"y\""),
            "&lt;/textarea&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;y&quot;"
        );
        assert_eq!(encode_query_value("/a b&c"), "/a%20b%26c");
    }
}
