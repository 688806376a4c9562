//! `/spotkania/<id>/na-zywo`: the meeting's live page on residents'
//! phones. Plain server HTML that works without JavaScript (a form that
//! posts, a list that refreshes on reload); `public/live.js` adds the live
//! list (server-sent events), the draft kept on the phone and the outbox
//! that sends a postulate once the connection is back.

use super::get_live;
use super::model::{LiveView, PublicPostulate, ReturnedPostulate, MAX_CHARS, MIN_CHARS};
use super::submit_postulate::SUBMIT_PATH;
use crate::i18n::use_lang;
use crate::survey::RETURNED_PARAM;
use crate::ui::{suspended, MeetingWhenWhere};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

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
    let returned = crate::ui::returned_error();
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
    let discussed = state.discussed;
    let district_id = form
        .district
        .as_deref()
        .and_then(|d| d.parse().ok())
        .unwrap_or(meeting.district.id);
    let theme_id: Option<crate::domain::Id> = form.theme.as_deref().and_then(|t| t.parse().ok());
    view! {
        <Title text=title.clone()/>
        <section class="page live" data-live=format!("/spotkania/{id}/na-zywo/zdarzenia")
            data-last-event=last_event.to_string() data-meeting=id.to_string()>
            <h1>{title}</h1>
            <MeetingWhenWhere meeting=meeting.clone()/>
            <p class="notice" role="status" data-testid="live-state" data-open=state.open.to_string()
                data-text-open=ptx.live_open data-text-closed=ptx.live_closed>
                {if state.open { ptx.live_open } else { ptx.live_closed }}
            </p>
            {returned.map(|error| view! { <crate::ui::ErrorNotice error/> })}
            <form id="zglos" class="stack card" method="post" action=SUBMIT_PATH
                data-testid="postulate-form" hidden=!state.open>
                <input type="hidden" name="meeting" value=id.to_string()/>
                <input type="hidden" name="client_id" value=form.client_id/>
                <label for="postulate-body">{ptx.your_postulate}</label>
                <textarea id="postulate-body" name="body" rows="4" required
                    minlength=MIN_CHARS.to_string() maxlength=MAX_CHARS.to_string()
                    aria-describedby="postulate-hint">{crate::ui::escape_html(&form.body)}</textarea>
                <p id="postulate-hint" class="hint">{ptx.body_hint}</p>
                <label for="postulate-district">{ptx.district}</label>
                <select id="postulate-district" name="district">
                    {districts.into_iter().map(|d| view! {
                        <option value=d.id.to_string() selected=d.id == district_id>{d.label()}</option>
                    }).collect_view()}
                </select>
                <label for="postulate-theme">{ptx.theme_optional}</label>
                <select id="postulate-theme" name="theme">
                    <option value="">"—"</option>
                    {themes.into_iter().map(|(id, name)| view! {
                        <option value=id.to_string() selected=theme_id == Some(id)>{name.get(lang).to_owned()}</option>
                    }).collect_view()}
                </select>
                <button type="submit">{ptx.send}</button>
                <p class="notice" data-testid="outbox" role="status" hidden>{ptx.queued}</p>
            </form>
            <div data-testid="sent" role="status" aria-live="polite" data-text-sent=ptx.sent
                data-text-follow=ptx.follow_link></div>
            <h2>{ptx.approved_here}</h2>
            <p class="notice" data-testid="live-empty" hidden=!items.is_empty()>{ptx.live_empty}</p>
            <ol class="postulates live-list" data-testid="live-list" aria-live="polite"
                data-text-me-too=ptx.me_too data-text-supporting=ptx.supporting
                data-text-discussed=ptx.discussed>
                {items.into_iter().map(|p| {
                    let is_discussed = discussed == Some(p.id);
                    let supported = supported.contains(&p.id);
                    view! { <LiveItem p discussed=is_discussed supported/> }
                }).collect_view()}
            </ol>
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
            <script type="module" src="/live.js"></script>
        </section>
    }
}

/// One approved postulate on the live page, with its "me too" button (a
/// form: it works without JavaScript). `public/live.js` builds the same
/// markup for postulates that arrive live.
#[component]
pub fn LiveItem(p: PublicPostulate, discussed: bool, supported: bool) -> impl IntoView {
    let ptx = super::texts::use_texts();
    let lang = use_lang();
    view! {
        <li class="card postulate" class:discussed=discussed id=format!("p{}", p.id) data-id=p.id.to_string()>
            {discussed.then(|| view! { <p class="badge">{ptx.discussed}</p> })}
            <p class="postulate-body">{p.body}</p>
            <p class="meta">{p.theme.map(|t| t.get(lang).to_owned())}</p>
            <form method="post" action="/api/postulates/me-too" class="me-too">
                <input type="hidden" name="postulate" value=p.id.to_string()/>
                // Pressed once this device said so: "✓ Popierasz · 13".
                <button type="submit" class="secondary" aria-pressed=if supported { "true" } else { "false" }>
                    <span class="label">{if supported { ptx.supporting } else { ptx.me_too }}</span>
                    " "<span class="count">{p.me_too}</span>
                </button>
            </form>
        </li>
    }
}
