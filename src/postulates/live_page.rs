//! `/spotkania/<id>/na-zywo`: the meeting's live page on residents'
//! phones. It works without JavaScript (a form that posts, a list that
//! refreshes on reload); its island, [`LiveBoard`], keeps the list live
//! (the meeting's event stream, [`super::live`]), keeps the postulate being
//! typed on the phone and sends it through the outbox the survey uses, so
//! one written without a connection goes once the connection is back.

use super::get_live;
use super::live::{apply_to_list, LiveCard, LiveUpdate};
use super::model::LiveEvent;
use super::model::{LiveView, ReturnedPostulate, MAX_CHARS, MIN_CHARS};
use super::submit_postulate::SUBMIT_PATH;
use crate::domain::Id;
use crate::error::AppError;
use crate::i18n::use_lang;
use crate::survey::RETURNED_PARAM;
use crate::ui::{suspended, ErrorNotice, MeetingWhenWhere};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde_tuple::{Deserialize_tuple, Serialize_tuple};
use std::collections::HashSet;

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
        discussed: state.discussed,
        items: items.into_iter().map(LiveCard::from).collect(),
        supported,
        returned: crate::ui::returned_error(),
        texts: LiveTexts::of(ptx),
    };
    // The postulate form: server HTML (it posts without JavaScript), kept
    // in step and sent by the island it is a child of.
    let postulate_form = view! {
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
    };
    view! {
        <Title text=title.clone()/>
        <section class="page live">
            <h1>{title}</h1>
            <MeetingWhenWhere meeting=meeting.clone()/>
            <LiveBoard board>{postulate_form}</LiveBoard>
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

/// The texts of the live page's island (only these travel to the browser,
/// not the feature's whole table).
#[derive(Clone, Debug, PartialEq, Eq, Serialize_tuple, Deserialize_tuple)]
pub struct LiveTexts {
    pub open: String,
    pub closed: String,
    pub sent: String,
    pub follow_link: String,
    pub approved_here: String,
    pub empty: String,
    pub me_too: String,
    pub supporting: String,
    pub discussed: String,
}

impl LiveTexts {
    fn of(ptx: &super::texts::PostulateTexts) -> Self {
        Self {
            open: ptx.live_open.into(),
            closed: ptx.live_closed.into(),
            sent: ptx.sent.into(),
            follow_link: ptx.follow_link.into(),
            approved_here: ptx.approved_here.into(),
            empty: ptx.live_empty.into(),
            me_too: ptx.me_too.into(),
            supporting: ptx.supporting.into(),
            discussed: ptx.discussed.into(),
        }
    }
}

/// What the live page's island starts from: the meeting's live state as
/// the page was drawn (the form is server HTML, the island's children).
#[derive(Clone, Debug, PartialEq, Eq, Serialize_tuple, Deserialize_tuple)]
pub struct LiveBoardData {
    pub meeting: Id,
    /// The last event the page includes (the stream resumes after it).
    pub last_event: i64,
    pub open: bool,
    pub discussed: Option<Id>,
    pub items: Vec<LiveCard>,
    /// The approved postulates this device said "me too" to.
    pub supported: Vec<Id>,
    /// What was wrong with a form a plain post sent back.
    pub returned: Option<AppError>,
    pub texts: LiveTexts,
}

/// Where a postulate sent from this page stands (queued and sent by the
/// browser side, [`postulate_form`]).
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
#[derive(Clone, Debug, PartialEq, Eq)]
enum Sending {
    Idle,
    /// Waiting on the phone for a connection.
    Queued,
    /// Accepted: its code.
    Sent(String),
}

/// The live part of the page: whether postulates are collected, the form
/// (server HTML, its children: the island keeps its draft on the phone and
/// sends it through the shared outbox, exactly once, also after a lost
/// connection; see [`postulate_form`]) and the approved list kept live by
/// the meeting's event stream, with "me too" and the postulate being
/// discussed. Without JavaScript the form posts and the list is as loaded.
#[island(lazy)]
fn LiveBoard(board: LiveBoardData, children: Children) -> impl IntoView {
    crate::ui::island_live();
    let lang = use_lang();
    let LiveBoardData {
        meeting,
        last_event,
        open,
        discussed,
        items,
        supported,
        returned,
        texts,
    } = board;
    let t = StoredValue::new(texts);
    let tx = move |f: fn(&LiveTexts) -> &String| t.with_value(|t| f(t).clone());
    let open = RwSignal::new(open);
    let discussed = RwSignal::new(discussed);
    let items = RwSignal::new(items);
    let supported = RwSignal::new(supported.into_iter().collect::<HashSet<Id>>());
    // Postulates that arrived while the page was open (they slide in).
    let arrived = RwSignal::new(HashSet::<Id>::new());
    let error = RwSignal::new(returned);
    let sending = RwSignal::new(Sending::Idle);

    // In the browser, once hydrated: the event stream followed, and the
    // server's postulate form kept in step and sent ([`postulate_form`]).
    Effect::new(move |_| {
        super::live::follow_meeting(meeting, last_event, move |update| {
            if let LiveUpdate::Postulate { postulate } = &update {
                if !items.read_untracked().iter().any(|c| c.id == postulate.id) {
                    arrived.update(|a| {
                        a.insert(postulate.id);
                    });
                }
            }
            items.maybe_update(|list| apply_to_list(list, &update, false));
            match update {
                LiveUpdate::Logged(LiveEvent::Discussed { id }) => discussed.set(id),
                LiveUpdate::Logged(LiveEvent::Open { open: now }) => open.set(now),
                _ => {}
            }
        });
    });
    #[cfg(feature = "hydrate")]
    postulate_form::control(meeting, open, error, sending);

    let me_too = move |ev: leptos::ev::SubmitEvent, id: Id| {
        ev.prevent_default();
        // Already supported from this device: the state is on the button.
        if supported.read_untracked().contains(&id) {
            return;
        }
        let form = ev.target();
        spawn_local(async move {
            match super::support_postulate(id.to_string()).await {
                Ok(count) => {
                    supported.update(|s| {
                        s.insert(id);
                    });
                    items.update(|list| {
                        if let Some(card) = list.iter_mut().find(|c| c.id == id) {
                            card.me_too = count;
                        }
                    });
                }
                // The form posts as usual: the page shows the server's message.
                Err(_) => {
                    #[cfg(feature = "hydrate")]
                    {
                        use wasm_bindgen::JsCast;
                        if let Some(form) =
                            form.and_then(|f| f.dyn_into::<web_sys::HtmlFormElement>().ok())
                        {
                            let _ = form.submit();
                        }
                    }
                    #[cfg(not(feature = "hydrate"))]
                    let _ = form;
                }
            }
        });
    };

    view! {
        <p class="notice" role="status" data-testid="live-state">
            {move || if open.get() { tx(|t| &t.open) } else { tx(|t| &t.closed) }}
        </p>
        {move || error.get().map(|error| view! { <ErrorNotice error/> })}
        {children()}
        <div data-testid="sent" role="status" aria-live="polite">
            {move || match sending.get() {
                Sending::Sent(code) => Some(view! {
                    <p class="notice notice-ok">{tx(|t| &t.sent)}" "
                        <strong class="receipt-code">{code.clone()}</strong>" "
                        <a href=format!("/postulaty/kod/{code}")>{tx(|t| &t.follow_link)}</a>
                    </p>
                }),
                _ => None,
            }}
        </div>
        <h2>{tx(|t| &t.approved_here)}</h2>
        <p class="notice" data-testid="live-empty" hidden=move || !items.read().is_empty()>
            {tx(|t| &t.empty)}
        </p>
        <ol class="postulates live-list" data-testid="live-list" aria-live="polite">
            <For each=move || items.get() key=|card| card.clone() let:card>
                {
                    let id = card.id;
                    let is_discussed = move || discussed.get() == Some(id);
                    let mine = move || supported.read().contains(&id);
                    view! {
                        <li class="card postulate" class:discussed=is_discussed
                            class:arrived=move || arrived.read().contains(&id)
                            id=format!("p{id}") data-id=id.to_string()>
                            {move || is_discussed().then(|| view! { <p class="badge">{tx(|t| &t.discussed)}</p> })}
                            <p class="postulate-body">{card.body}</p>
                            <p class="meta">{card.theme.map(|t| t.get(lang).to_owned())}</p>
                            <form method="post" action="/api/postulates/me-too" class="me-too"
                                on:submit=move |ev| me_too(ev, id)>
                                <input type="hidden" name="postulate" value=id.to_string()/>
                                // Pressed once this device said so: "✓ Popierasz · 13".
                                <button type="submit" class="secondary"
                                    aria-pressed=move || if mine() { "true" } else { "false" }>
                                    <span class="label">{move || if mine() { tx(|t| &t.supporting) } else { tx(|t| &t.me_too) }}</span>
                                    " "<span class="count">{card.me_too}</span>
                                </button>
                            </form>
                        </li>
                    }
                }
            </For>
        </ol>
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
    use super::Sending;
    use crate::domain::Id;
    use crate::error::AppError;
    use crate::outbox::{device, Sent};
    use crate::ui::browser::{by_id, form_fields, listen, prop, set};
    use leptos::prelude::*;
    use wasm_bindgen::JsCast;

    fn form() -> Option<web_sys::HtmlFormElement> {
        by_id("zglos")?.dyn_into().ok()
    }

    /// Sets the form's field `name` (the text, the client id).
    fn set_field(name: &str, value: &str) {
        let field = form().and_then(|f| f.query_selector(&format!("[name={name}]")).ok()?);
        if let Some(field) = field {
            set(&field, "value", value.into());
        }
    }

    fn body() -> String {
        by_id("postulate-body")
            .and_then(|el| prop(&el, "value").as_string())
            .unwrap_or_default()
    }

    pub(super) fn control(
        meeting: Id,
        open: RwSignal<bool>,
        error: RwSignal<Option<AppError>>,
        sending: RwSignal<Sending>,
    ) {
        let draft = StoredValue::new(offline::draft_key(meeting));
        // Shown while postulates are collected; "waiting for a connection"
        // while one waits on the phone.
        Effect::new(move |_| {
            if let Some(form) = form() {
                set(&form, "hidden", (!open.get()).into());
            }
        });
        Effect::new(move |_| {
            if let Some(note) = by_id("postulate-outbox") {
                set(&note, "hidden", (sending.get() != Sending::Queued).into());
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
