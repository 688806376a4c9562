//! `/panel/moderacja/<meeting>`: the moderators' console. Every control is
//! a plain form (it works without JavaScript, the server checks the role);
//! its island, [`super::console_live`], adds the live queue (the staff
//! event stream: items that changed are refreshed in place, never one being
//! edited), sending without reloading, and the keyboard shortcuts listed on
//! the page.

use super::console_live::ConsoleLive;
use super::get_console;
use super::model::ConsoleView;
use crate::domain::{Bilingual, District, Id};
use crate::i18n::{format_date_time, use_lang};
use crate::postulates::model::{PostulateStatus, QueueItem, RejectReason};
use crate::ui::{suspended, MeetingWhenWhere};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ConsolePage() -> impl IntoView {
    let mtx = super::texts::use_texts();
    let meeting = use_params_map()
        .read_untracked()
        .get("id")
        .unwrap_or_default();
    let console = Resource::new(move || meeting.clone(), get_console);
    view! {
        <Title text=mtx.console_title/>
        <section class="page console">
            <h1>{mtx.console_title}</h1>
            {suspended(console, |view| view! { <Console view/> })}
        </section>
    }
}

/// What every item's forms offer.
#[derive(Clone)]
struct Choices {
    meeting: Id,
    themes: Vec<(Id, Bilingual)>,
    departments: Vec<(Id, Bilingual)>,
}

#[component]
fn Console(view: ConsoleView) -> impl IntoView {
    let mtx = super::texts::use_texts();
    let ptx = crate::postulates::texts::use_texts();
    let lang = use_lang();
    let ConsoleView {
        meeting,
        state,
        items,
        themes,
        departments,
        districts,
        slides,
        last_event,
    } = view;
    let id = meeting.id;
    let choices = Choices {
        meeting: id,
        themes: themes.clone(),
        departments,
    };
    let waiting = items
        .iter()
        .filter(|i| i.status == PostulateStatus::Submitted)
        .count();
    view! {
        <ConsoleLive stream=format!("/panel/moderacja/{id}/zdarzenia") last_event>
        <div data-console="">
            <h2>{meeting.district.label()}</h2>
            <MeetingWhenWhere meeting=meeting.clone()/>
            {crate::ui::returned_error().map(|error| view! { <crate::ui::ErrorNotice error/> })}
            <div class="card stack" data-testid="live-controls">
                <p role="status" data-testid="console-state">
                    {if state.open { mtx.open_now } else { mtx.closed_now }}
                    " · "{mtx.waiting}" "<strong data-testid="waiting">{waiting}</strong>
                </p>
                <div class="row">
                    {if state.open {
                        view! { <LiveForm meeting=id change="close" label=mtx.close.into()/> }
                    } else {
                        view! { <LiveForm meeting=id change="open" label=mtx.open.into()/> }
                    }}
                    {state.discussed.map(|_| view! {
                        <LiveForm meeting=id change="undiscuss" label=mtx.undiscuss.into()/>
                    })}
                </div>
                // Each button names what it puts on the screen; the one
                // showing now is marked (and pressed).
                <p>{mtx.projector}":"</p>
                <div class="row projector-buttons" data-testid="projector-buttons">
                    {slides.into_iter().enumerate().map(|(n, action)| {
                        let n = n as i64;
                        let label = format!("{}. {}", n + 1, action.get(lang));
                        view! { <LiveForm meeting=id change="slide" slide=n label current=state.slide == n/> }
                    }).collect_view()}
                    <LiveForm meeting=id change="slide" slide=-1 label=mtx.show_postulates.into()
                        current=state.slide == -1/>
                </div>
                <p>
                    <a href=format!("/spotkania/{id}/projektor") target="_blank">{mtx.open_projector}</a>" · "
                    <a href=format!("/spotkania/{id}/na-zywo") target="_blank">{mtx.open_live}</a>
                </p>
            </div>
            <details class="card">
                <summary>{mtx.add_for_speaker}</summary>
                <form method="post" action="/api/moderation/add" class="stack" data-testid="add-for-speaker">
                    <input type="hidden" name="meeting" value=id.to_string()/>
                    <label for="add-body">{ptx.wording}</label>
                    <textarea id="add-body" name="body" rows="3" required></textarea>
                    <label for="add-district">{ptx.district}</label>
                    <DistrictSelect id="add-district" districts selected=meeting.district.id/>
                    <label for="add-theme">{ptx.theme_optional}</label>
                    <ThemeSelect id="add-theme".into() themes=themes.clone() selected=None/>
                    <button type="submit">{mtx.add}</button>
                </form>
            </details>
            <details class="card shortcuts">
                <summary>{mtx.shortcuts}</summary>
                <dl>
                    {mtx.shortcut_list.iter().map(|(key, what)| view! {
                        <div><dt><kbd>{*key}</kbd></dt><dd>{*what}</dd></div>
                    }).collect_view()}
                </dl>
            </details>
            <ol class="queue" data-testid="queue">
                {items.into_iter().map(|item| {
                    let discussed = state.discussed == Some(item.id);
                    view! { <QueueCard item choices=choices.clone() discussed lang/> }
                }).collect_view()}
            </ol>
        </div>
        </ConsoleLive>
    }
}

#[component]
fn DistrictSelect(id: &'static str, districts: Vec<District>, selected: Id) -> impl IntoView {
    view! {
        <select id=id name="district">
            {districts.into_iter().map(|d| view! {
                <option value=d.id.to_string() selected=d.id == selected>{d.label()}</option>
            }).collect_view()}
        </select>
    }
}

#[component]
fn ThemeSelect(id: String, themes: Vec<(Id, Bilingual)>, selected: Option<Id>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <select id=id name="theme">
            <option value="">"—"</option>
            {themes.into_iter().map(|(id, name)| view! {
                <option value=id.to_string() selected=selected == Some(id)>{name.get(lang).to_owned()}</option>
            }).collect_view()}
        </select>
    }
}

const MODERATE: &str = "/api/moderation/postulate";

/// The hidden fields every moderation form sends: which postulate, the
/// version the moderator sees, and the change.
/// One button that changes the meeting's live state (`set_live_state`):
/// open, close, stop discussing, or show a projector slide (`-1`: the
/// postulates); `current`: what the projector shows now.
#[component]
fn LiveForm(
    meeting: Id,
    change: &'static str,
    label: String,
    #[prop(optional)] slide: Option<i64>,
    #[prop(optional)] current: bool,
) -> impl IntoView {
    view! {
        <form method="post" action="/api/moderation/live" class="inline">
            <input type="hidden" name="meeting" value=meeting.to_string()/>
            <input type="hidden" name="change" value=change/>
            {slide.map(|n| view! { <input type="hidden" name="slide" value=n.to_string()/> })}
            <button type="submit" class="secondary"
                aria-pressed=slide.map(|_| if current { "true" } else { "false" })>
                {current.then_some("✓ ")}{label}
            </button>
        </form>
    }
}

#[component]
fn Target(meeting: Id, id: Id, version: i64, action: &'static str) -> impl IntoView {
    view! {
        <input type="hidden" name="meeting" value=meeting.to_string()/>
        <input type="hidden" name="postulate" value=id.to_string()/>
        <input type="hidden" name="version" value=version.to_string()/>
        <input type="hidden" name="action" value=action/>
    }
}

/// One postulate in the queue: its state, its forms, its history.
#[component]
fn QueueCard(
    item: QueueItem,
    choices: Choices,
    discussed: bool,
    lang: crate::i18n::Lang,
) -> impl IntoView {
    let mtx = super::texts::use_texts();
    let ptx = crate::postulates::texts::use_texts();
    let QueueItem {
        id,
        body,
        status,
        version,
        theme_id,
        department_id,
        reject_reason,
        merged_into,
        me_too,
        on_behalf,
        history,
        district,
        ..
    } = item;
    let live = matches!(
        status,
        PostulateStatus::Submitted | PostulateStatus::Approved
    );
    let submitted = status == PostulateStatus::Submitted;
    let reassigning = status == PostulateStatus::Approved && department_id.is_some();
    let meeting = choices.meeting;
    let f = |name: &str| format!("p{id}-{name}");
    view! {
        <li id=format!("p{id}") class=format!("card queue-item status-{}", status.as_str())
            class:discussed=discussed data-id=id.to_string() data-version=version.to_string()
            data-status=status.as_str() tabindex="0">
            <p class="meta">
                <strong>"#"{id}</strong>" · "<span data-testid="item-status">{ptx.status(status)}</span>
                {reject_reason.map(|r| format!(" ({})", ptx.reason(r)))}
                {merged_into.map(|m| format!(" → #{m}"))}
                " · "{district.label()}" · "{ptx.me_too_count}" "{me_too}
                {on_behalf.then(|| format!(" · {}", mtx.for_speaker))}
                {discussed.then(|| format!(" · {}", ptx.discussed))}
            </p>
            <p class="postulate-body">{body.clone()}</p>
            {submitted.then(|| view! {
                <div class="row">
                    <form method="post" action=MODERATE class="inline">
                        <Target meeting id version action="approve"/>
                        <button type="submit" data-key="a">{mtx.approve}</button>
                    </form>
                    <form method="post" action=MODERATE class="inline">
                        <Target meeting id version action="reject"/>
                        <ReasonSelect id=f("reason")/>
                        <button type="submit" class="danger" data-key="x">{mtx.reject}</button>
                    </form>
                </div>
                <form method="post" action=MODERATE class="row">
                    <Target meeting id version action="merge"/>
                    <label for=f("into")>{mtx.merge_into}</label>
                    <input id=f("into") name="into" type="number" min="1" inputmode="numeric" size="6" required/>
                    <button type="submit" class="secondary" data-key="m">{mtx.merge}</button>
                </form>
            })}
            {live.then(|| view! {
                <form method="post" action=MODERATE class="stack">
                    <Target meeting id version action="edit"/>
                    <label for=f("body")>{ptx.wording}</label>
                    <textarea id=f("body") name="body" rows="2" required>{crate::ui::escape_html(&body)}</textarea>
                    <div class="row">
                        <button type="submit" class="secondary" data-key="e">{mtx.save_wording}</button>
                    </div>
                </form>
                <form method="post" action=MODERATE class="row">
                    <Target meeting id version action="theme"/>
                    <label for=f("theme")>{ptx.theme}</label>
                    <ThemeSelect id=f("theme") themes=choices.themes.clone() selected=theme_id/>
                    <button type="submit" class="secondary">{mtx.set}</button>
                </form>
                <form method="post" action=MODERATE class="row">
                    <Target meeting id version action="department"/>
                    <label for=f("department")>{ptx.department}</label>
                    <select id=f("department") name="department">
                        <option value="">"—"</option>
                        {choices.departments.iter().map(|(d, name)| view! {
                            <option value=d.to_string() selected=department_id == Some(*d)>{name.get(lang).to_owned()}</option>
                        }).collect_view()}
                    </select>
                    // After approval a department changes by reassignment,
                    // with its reason (kept in the answers' history).
                    {reassigning.then(|| view! {
                        <label for=f("reassign-reason")>{mtx.reassign_reason}</label>
                        <input id=f("reassign-reason") name="reason" required maxlength="500"/>
                    })}
                    <button type="submit" class="secondary">{mtx.set}</button>
                </form>
            })}
            {(status == PostulateStatus::Approved).then(|| view! {
                <form method="post" action=MODERATE class="inline">
                    <Target meeting id version action="withdraw"/>
                    <ReasonSelect id=f("withdraw-reason")/>
                    <button type="submit" class="danger">{mtx.withdraw}</button>
                </form>
            })}
            // A rejection is never final by mistake: it can be undone.
            {(status == PostulateStatus::Rejected).then(|| view! {
                <form method="post" action=MODERATE class="inline">
                    <Target meeting id version action="restore"/>
                    <button type="submit" class="secondary" data-key="u">{mtx.restore}</button>
                </form>
            })}
            {(status == PostulateStatus::Approved && !discussed).then(|| view! {
                <form method="post" action="/api/moderation/live" class="inline">
                    <input type="hidden" name="meeting" value=meeting.to_string()/>
                    <input type="hidden" name="change" value="discuss"/>
                    <input type="hidden" name="postulate" value=id.to_string()/>
                    <button type="submit" class="secondary" data-key="d">{mtx.discuss}</button>
                </form>
            })}
            <details>
                <summary>{mtx.history}</summary>
                <ol class="history">
                    {history.into_iter().map(|h| view! {
                        <li>
                            {format_date_time(lang, &h.at.local)}" · v"{h.version}" · "{mtx.action(&h.action)}
                            {h.actor.map(|a| format!(" · {a}"))}
                            {h.body.map(|b| view! { <q>{b}</q> })}
                        </li>
                    }).collect_view()}
                </ol>
            </details>
        </li>
    }
}

/// The reason a postulate is rejected or withdrawn for (required).
#[component]
fn ReasonSelect(id: String) -> impl IntoView {
    let mtx = super::texts::use_texts();
    let ptx = crate::postulates::texts::use_texts();
    view! {
        <label for=id.clone() class="visually-hidden">{mtx.reason}</label>
        <select id=id name="reason" required>
            <option value="">{mtx.reason}"…"</option>
            {RejectReason::ALL.into_iter().map(|r| view! {
                <option value=r.as_str()>{ptx.reason(r)}</option>
            }).collect_view()}
        </select>
    }
}
