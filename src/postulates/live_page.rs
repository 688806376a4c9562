//! `/spotkania/<id>/na-zywo`: the meeting's live page on residents'
//! phones. It works without JavaScript (a form that posts, a list that
//! refreshes on reload); its island, [`LiveBoard`], keeps the list live
//! (the meeting's event stream, [`super::live`]), keeps the postulate being
//! typed on the phone and sends it through the outbox the survey uses, so
//! one written without a connection goes once the connection is back.

use super::get_live;
use super::live::LiveCard;
use super::model::{LiveView, PublicPostulate, ReturnedPostulate, MAX_CHARS, MIN_CHARS};
use super::submit_postulate::SUBMIT_PATH;
use crate::domain::Id;
use crate::error::AppError;
use crate::i18n::{use_lang, Lang};
use crate::survey::RETURNED_PARAM;
use crate::ui::{suspended, ErrorNotice, MeetingWhenWhere};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde_tuple::{Deserialize_tuple, Serialize_tuple};

#[component]
pub fn LivePage() -> impl IntoView {
    let id = use_params_map()
        .read_untracked()
        .get("id")
        .and_then(|id| id.parse().ok())
        .unwrap_or(0);
    let returned = use_query_map().read_untracked().get(RETURNED_PARAM);
    let live = Resource::new(
        move || (id, returned.clone()),
        |(id, returned)| get_live(id, returned),
    );
    suspended(live, |view| view! { <Live view/> })
}

#[component]
fn Live(view: LiveView) -> impl IntoView {
    let ptx = super::texts::use_texts();
    let lang = use_lang();
    let LiveView {
        meeting,
        state,
        items,
        last_event,
        themes,
        districts,
        client_id,
        returned: form,
        supported,
        mine,
    } = view;
    // A refused plain post comes back as it was sent (kept on the server).
    let form = form.unwrap_or(ReturnedPostulate {
        client_id,
        ..Default::default()
    });
    let id = meeting.id;
    let title = format!("{} — {}", ptx.live_title, meeting.district.label());
    let district = form
        .district
        .as_deref()
        .and_then(|d| d.parse().ok())
        .unwrap_or(meeting.district.id);
    let theme: Option<Id> = form.theme.as_deref().and_then(|t| t.parse().ok());
    let board = LiveBoardData {
        meeting: id,
        last_event,
        open: state.open,
        returned: crate::ui::returned_error(),
        texts: LiveTexts::of(ptx),
    };
    // What the server draws and the island it is a child of keeps in step:
    // the postulate form (it posts without JavaScript), the notice of a
    // postulate sent, and the approved list.
    let kept_in_step = view! {
        <form id="zglos" class="stack card" method="post" action=SUBMIT_PATH
            data-testid="postulate-form" hidden=!state.open>
            <input type="hidden" name="meeting" value=id.to_string()/>
            <input type="hidden" name="client_id" value=form.client_id/>
            <label for="postulate-body">{ptx.your_postulate}</label>
            <textarea id="postulate-body" name="body" rows="4" required
                minlength=MIN_CHARS.to_string() maxlength=MAX_CHARS.to_string()
                aria-describedby="postulate-hint"
                inner_html=crate::ui::escape_html(&form.body)></textarea>
            <p id="postulate-hint" class="hint">{ptx.body_hint}</p>
            <label for="postulate-district">{ptx.district}</label>
            <select id="postulate-district" name="district">
                {districts.iter().map(|d| view! {
                    <option value=d.id.to_string() selected=d.id == district>{d.label()}</option>
                }).collect_view()}
            </select>
            <label for="postulate-theme">{ptx.theme_optional}</label>
            <select id="postulate-theme" name="theme">
                <option value="">"—"</option>
                {themes.into_iter().map(|(tid, name)| view! {
                    <option value=tid.to_string() selected=theme == Some(tid)>{name.get(lang).to_owned()}</option>
                }).collect_view()}
            </select>
            <button type="submit">{ptx.send}</button>
            <p class="notice" id="postulate-outbox" data-testid="outbox" role="status" hidden>{ptx.queued}</p>
        </form>
        <div data-testid="sent" role="status" aria-live="polite">
            <p class="notice notice-ok" id="postulate-sent" hidden>{ptx.sent}" "
                <strong class="receipt-code"></strong>" "<a href="/postulaty">{ptx.follow_link}</a>
            </p>
        </div>
        <LiveList items discussed=state.discussed supported/>
    };
    view! {
        <Title text=title.clone()/>
        <section class="page live">
            <h1>{title}</h1>
            <MeetingWhenWhere meeting=meeting.clone()/>
            <LiveBoard board>{kept_in_step}</LiveBoard>
            {(!mine.is_empty()).then(|| view! {
                <section aria-labelledby="mine-title" data-testid="mine">
                    <h2 id="mine-title">{ptx.mine_title}</h2>
                    <ul class="postulates">
                        {mine.into_iter().map(|f| {
                            let status = super::page::follow_status(&f);
                            view! {
                                <li class="card">
                                    <p><a class="receipt-code" href=format!("/postulaty/kod/{}", f.code)>{f.code.clone()}</a>
                                        " — "{status}</p>
                                    {f.body.map(|b| view! { <p class="postulate-body">{b}</p> })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </section>
            })}
            <p><a href=format!("/spotkania/{id}")>{ptx.meeting_details}</a>" · "
                <a href=format!("/postulaty?spotkanie={id}")>{ptx.all_of_meeting}</a></p>
            <super::page::CodeLookup/>
        </section>
    }
}

/// The approved list as the server draws it, and the card the island
/// fills for a postulate approved while the page is open (a `<template>`:
/// the same markup, in the page's language; see [`live_list`]).
#[component]
fn LiveList(
    items: Vec<PublicPostulate>,
    discussed: Option<Id>,
    supported: Vec<Id>,
) -> impl IntoView {
    let ptx = super::texts::use_texts();
    let lang = use_lang();
    let empty = items.is_empty();
    view! {
        <h2>{ptx.approved_here}</h2>
        <p class="notice" id="live-empty" data-testid="live-empty" hidden=!empty>{ptx.live_empty}</p>
        <ol class="postulates live-list" id="live-list" data-testid="live-list" aria-live="polite">
            {items.into_iter().map(|p| {
                let card = LiveCard::from(p);
                let mine = supported.contains(&card.id);
                live_card(Some(&card), discussed == Some(card.id), mine, lang)
            }).collect_view()}
        </ol>
        <template id="live-card">{live_card(None, false, false, lang)}</template>
    }
}

/// The element id of a postulate's card on the list (`p<id>`), which the
/// server draws and the browser side finds and gives to a new card.
fn card_element_id(id: Id) -> String {
    format!("p{id}")
}

/// One card of the approved list; `None`: the empty card of the template.
fn live_card(card: Option<&LiveCard>, discussed: bool, mine: bool, lang: Lang) -> impl IntoView {
    let ptx = super::texts::texts(lang);
    let id = card.map(|c| c.id.to_string());
    let element_id = card.map(|c| card_element_id(c.id));
    let theme = card
        .and_then(|c| c.theme.as_ref())
        .map(|t| t.get(lang).to_owned());
    view! {
        <li class="card postulate" class:discussed=discussed
            id=element_id data-id=id>
            <p class="badge" hidden=!discussed>{ptx.discussed}</p>
            <p class="postulate-body">{card.map(|c| c.body.clone())}</p>
            <p class="meta">{theme}</p>
            <form method="post" action="/api/postulates/me-too" class="me-too">
                <input type="hidden" name="postulate" value=id.clone()/>
                // Pressed once this device said so: "✓ Popierasz · 13".
                <button type="submit" class="secondary" aria-pressed=if mine { "true" } else { "false" }>
                    <span class="label">{if mine { ptx.supporting } else { ptx.me_too }}</span>
                    " "<span class="count">{card.map_or(0, |c| c.me_too)}</span>
                </button>
            </form>
        </li>
    }
}

/// The texts of the live page's island (only these travel to the browser,
/// not the feature's whole table).
#[derive(Clone, Debug, PartialEq, Eq, Serialize_tuple, Deserialize_tuple)]
pub struct LiveTexts {
    pub open: String,
    pub closed: String,
    pub supporting: String,
}

impl LiveTexts {
    fn of(ptx: &super::texts::PostulateTexts) -> Self {
        Self {
            open: ptx.live_open.into(),
            closed: ptx.live_closed.into(),
            supporting: ptx.supporting.into(),
        }
    }
}

/// What the live page's island starts from: the meeting's live state as
/// the page was drawn (the form and the list are server HTML, the
/// island's children).
#[derive(Clone, Debug, PartialEq, Eq, Serialize_tuple, Deserialize_tuple)]
pub struct LiveBoardData {
    pub meeting: Id,
    /// The last event the page includes (the stream resumes after it).
    pub last_event: i64,
    pub open: bool,
    /// What was wrong with a form a plain post sent back.
    pub returned: Option<AppError>,
    pub texts: LiveTexts,
}

/// The live part of the page: whether postulates are collected, and its
/// children, which the server draws and this keeps in step in the browser:
/// the postulate form (its draft kept on the phone, sent through the
/// shared outbox exactly once, also after a lost connection; see
/// [`postulate_form`]) and the approved list, kept live by the meeting's
/// event stream, with "me too" and the postulate being discussed (see
/// [`live_list`]). Without JavaScript the form posts and the list is as
/// loaded.
#[island(lazy)]
fn LiveBoard(board: LiveBoardData, children: Children) -> impl IntoView {
    crate::ui::island_live();
    let LiveBoardData {
        meeting,
        last_event,
        open,
        returned,
        texts,
    } = board;
    let LiveTexts {
        open: open_text,
        closed,
        supporting,
    } = texts;
    let open = RwSignal::new(open);
    let error = RwSignal::new(returned);
    #[cfg(feature = "hydrate")]
    {
        postulate_form::control(meeting, open, error);
        live_list::control(meeting, last_event, open, supporting, use_lang());
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (meeting, last_event, supporting);
    view! {
        <p class="notice" role="status" data-testid="live-state">
            {move || if open.get() { open_text.clone() } else { closed.clone() }}
        </p>
        {move || error.get().map(|error| view! { <ErrorNotice error/> })}
        {children()}
    }
}

/// The live page's approved list, browser side: the list is the server's
/// HTML (a child of [`LiveBoard`]); this follows the meeting's event
/// stream and changes the cards where they stand (a new one, from the
/// page's `<template>`, slides in at the end; a removed one leaves; the
/// one being discussed is marked), and sends "me too" without a reload
/// (the card's form posts as usual if that fails). Cards are changed in
/// place, never redrawn, so a button keeps its focus.
#[cfg(feature = "hydrate")]
mod live_list {
    use super::super::live::{follow_meeting, LiveCard, LiveUpdate};
    use super::super::model::LiveEvent;
    use super::card_element_id;
    use crate::domain::Id;
    use crate::i18n::Lang;
    use crate::ui::browser::{attr, by_id, find, form_fields, listen, set};
    use leptos::prelude::*;
    use leptos::task::spawn_local;
    use wasm_bindgen::JsCast;
    use web_sys::Element;

    pub(super) fn control(
        meeting: Id,
        last_event: i64,
        open: RwSignal<bool>,
        supporting: String,
        lang: Lang,
    ) {
        let supporting = StoredValue::new(supporting);
        Effect::new(move |_| {
            let Some(list) = by_id("live-list") else {
                return;
            };
            listen(&list, "submit", move |ev| {
                supporting.with_value(|label| me_too(ev, label.clone()))
            });
            follow_meeting(meeting, last_event, move |update| match update {
                LiveUpdate::Postulate { postulate } => show(&postulate, lang),
                LiveUpdate::Removed { id } => {
                    if let Some(card) = card(id) {
                        card.remove();
                    }
                    empty_or_not();
                }
                LiveUpdate::Logged(LiveEvent::Discussed { id }) => discussed(id),
                LiveUpdate::Logged(LiveEvent::Open { open: now }) => open.set(now),
                _ => {}
            });
        });
    }

    fn card(id: Id) -> Option<Element> {
        by_id(&card_element_id(id))
    }

    fn write(el: &Element, selector: &str, text: &str) {
        if let Some(part) = find(el, selector) {
            part.set_text_content(Some(text));
        }
    }

    /// A card as the event has it: changed where it stands, or a new one
    /// (from the template) at the end of the list.
    fn show(postulate: &LiveCard, lang: Lang) {
        let el = match card(postulate.id) {
            Some(el) => el,
            None => {
                let Some(el) = new_card() else {
                    return;
                };
                let id = postulate.id.to_string();
                el.set_id(&card_element_id(postulate.id));
                attr(&el, "data-id", Some(&id));
                let _ = el.class_list().add_1("arrived");
                if let Some(field) = find(&el, "[name=postulate]") {
                    set(&field, "value", id.into());
                }
                if let Some(list) = by_id("live-list") {
                    let _ = list.append_child(&el);
                }
                el
            }
        };
        write(&el, ".postulate-body", &postulate.body);
        let theme = postulate.theme.as_ref().map_or("", |t| t.get(lang));
        write(&el, ".meta", theme);
        write(&el, ".count", &postulate.me_too.to_string());
        empty_or_not();
    }

    /// A copy of the page's empty card.
    fn new_card() -> Option<Element> {
        let template: web_sys::HtmlTemplateElement = by_id("live-card")?.dyn_into().ok()?;
        let card = template.content().first_element_child()?;
        card.clone_node_with_deep(true).ok()?.dyn_into().ok()
    }

    /// "Nothing approved yet" shown while the list is empty.
    fn empty_or_not() {
        let count = by_id("live-list").map_or(0, |list| list.child_element_count());
        if let Some(note) = by_id("live-empty") {
            set(&note, "hidden", (count > 0).into());
        }
    }

    /// The postulate being discussed marked (its badge shown), no other.
    fn discussed(id: Option<Id>) {
        let Some(list) = by_id("live-list") else {
            return;
        };
        let Ok(cards) = list.query_selector_all("li") else {
            return;
        };
        let marked = id.map(card_element_id);
        for i in 0..cards.length() {
            let Some(el) = cards.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else {
                continue;
            };
            let now = marked.as_deref() == Some(el.id().as_str());
            let _ = el.class_list().toggle_with_force("discussed", now);
            if let Some(badge) = find(&el, ".badge") {
                set(&badge, "hidden", (!now).into());
            }
        }
    }

    /// A card's "me too" sent without a reload: pressed, with the new
    /// count. Once pressed it sends nothing; if sending fails, the form
    /// posts as usual and the page shows the server's message.
    fn me_too(ev: web_sys::Event, supporting: String) {
        let Some(form) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok())
        else {
            return;
        };
        let Some(button) = find(&form, "button") else {
            return;
        };
        ev.prevent_default();
        if button.get_attribute("aria-pressed").as_deref() == Some("true") {
            return;
        }
        let Some((_, id)) = form_fields(&form)
            .into_iter()
            .find(|(name, _)| name == "postulate")
        else {
            return;
        };
        spawn_local(async move {
            match super::super::support_postulate(id).await {
                Ok(count) => {
                    attr(&button, "aria-pressed", Some("true"));
                    write(&button, ".label", &supporting);
                    write(&button, ".count", &count.to_string());
                }
                Err(_) => {
                    let _ = form.submit();
                }
            }
        });
    }
}

/// The live page's postulate form, browser side: the form is the server's
/// HTML (a child of [`LiveBoard`]); this shows it while postulates are
/// collected, keeps its draft on the phone, and sends it through the
/// outbox the survey uses (exactly once, also after a lost connection),
/// the text put back with the server's message when it is refused.
#[cfg(feature = "hydrate")]
mod postulate_form {
    use super::super::offline::{self, PostulateEntry};
    use crate::domain::Id;
    use crate::error::AppError;
    use crate::outbox::{device, Sent};
    use crate::ui::browser::{attr, by_id, find, form_fields, listen, prop, set};
    use leptos::prelude::*;
    use wasm_bindgen::JsCast;

    /// Where a postulate sent from this page stands.
    #[derive(Clone, Debug, PartialEq, Eq)]
    enum Sending {
        Idle,
        /// Waiting on the phone for a connection.
        Queued,
        /// Accepted: its code.
        Sent(String),
    }

    fn form() -> Option<web_sys::HtmlFormElement> {
        by_id("zglos")?.dyn_into().ok()
    }

    /// Sets the form's field `name` (the text, the client id).
    fn set_field(name: &str, value: &str) {
        let field = form().and_then(|f| find(&f, &format!("[name={name}]")));
        if let Some(field) = field {
            set(&field, "value", value.into());
        }
    }

    fn body() -> String {
        by_id("postulate-body")
            .and_then(|el| prop(&el, "value").as_string())
            .unwrap_or_default()
    }

    pub(super) fn control(meeting: Id, open: RwSignal<bool>, error: RwSignal<Option<AppError>>) {
        let sending = RwSignal::new(Sending::Idle);
        let draft = StoredValue::new(offline::draft_key(meeting));
        // Shown while postulates are collected; "waiting for a connection"
        // while one waits on the phone.
        Effect::new(move |_| {
            if let Some(form) = form() {
                set(&form, "hidden", (!open.get()).into());
            }
        });
        Effect::new(move |_| {
            let now = sending.get();
            if let Some(note) = by_id("postulate-outbox") {
                set(&note, "hidden", (now != Sending::Queued).into());
            }
            // Accepted: its code, and the link to follow it.
            if let Some(note) = by_id("postulate-sent") {
                if let Sending::Sent(code) = &now {
                    if let Some(strong) = find(&note, "strong") {
                        strong.set_text_content(Some(code));
                    }
                    if let Some(link) = find(&note, "a") {
                        attr(&link, "href", Some(&format!("/postulaty/kod/{code}")));
                    }
                }
                set(&note, "hidden", (!matches!(now, Sending::Sent(_))).into());
            }
        });

        let flush = move || {
            let on = move |sent: Sent<PostulateEntry, String>| match sent {
                Sent::Delivered(_, code) => sending.set(Sending::Sent(code)),
                Sent::Waiting(_) => sending.set(Sending::Queued),
                Sent::Refused(entry, err) => {
                    // Refused for good (too short, closed…): the text goes
                    // back into the form, with the server's message.
                    if entry.meeting == meeting.to_string() && body().is_empty() {
                        set_field("body", &entry.body);
                        set_field("client_id", &entry.client_id);
                    }
                    error.set(Some(err));
                    sending.set(Sending::Idle);
                }
                Sent::Empty => {
                    if sending.get_untracked() == Sending::Queued {
                        sending.set(Sending::Idle);
                    }
                }
            };
            let send = |e: PostulateEntry| {
                super::super::submit_postulate(e.meeting, e.client_id, e.body, e.district, e.theme)
            };
            offline::OUTBOX.flush_soon(send, on, 0);
        };

        // Once hydrated: the draft back into an empty form (text typed
        // before this code arrived is kept), what is queued sent.
        Effect::new(move |_| {
            let Some(form) = form() else {
                return;
            };
            if body().is_empty() {
                if let Some(kept) = draft.with_value(|key| device::load::<String>(key)) {
                    set_field("body", &kept);
                }
            }
            let on = window_event_listener(leptos::ev::online, move |_| flush());
            on_cleanup(move || on.remove());
            if !offline::OUTBOX.is_empty() {
                sending.set(Sending::Queued);
                flush();
            }
            listen(&form, "input", move |_| {
                draft.with_value(|key| device::save(key, &body()));
            });
            let sent = form.clone();
            listen(&form, "submit", move |ev| {
                ev.prevent_default();
                let entry = PostulateEntry::from_fields(form_fields(&sent));
                error.set(None);
                // Kept on the phone first: a lost connection never loses it.
                offline::OUTBOX.enqueue(&entry);
                draft.with_value(|key| device::remove(key));
                set_field("body", "");
                if let Some(next) = offline::new_client_id() {
                    set_field("client_id", &next);
                }
                sending.set(Sending::Queued);
                flush();
            });
        });
    }
}
