//! `/spotkania/<id>/projektor`: the room's screen. Large type, high
//! contrast, no scrolling: the district's top survey actions as slides the
//! moderator steps through, then the live postulates (the one being
//! discussed first and highlighted; a long list pages by itself), with the
//! QR code and the short address for joining. `public/live.js` keeps it
//! live; without JavaScript it refreshes itself every 30 seconds.

use super::get_projector;
use super::model::ProjectorView;
use crate::i18n::{count_of, use_lang};
use crate::postulates::model::PublicPostulate;
use crate::results::model::format_percent;
use crate::ui::suspended;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_params_map;

#[component]
pub fn ProjectorPage() -> impl IntoView {
    let id = use_params_map()
        .read_untracked()
        .get("id")
        .and_then(|id| id.parse().ok())
        .unwrap_or(0);
    let view = Resource::new(move || id, get_projector);
    suspended(view, |view| view! { <Projector view/> })
}

#[component]
fn Projector(view: ProjectorView) -> impl IntoView {
    let mtx = super::texts::use_texts();
    let ptx = crate::postulates::texts::use_texts();
    let lang = use_lang();
    let ProjectorView {
        meeting,
        state,
        items,
        last_event,
        slides,
        answers,
        live_url,
        qr_svg,
    } = view;
    let id = meeting.id;
    let short = live_url
        .split_once("://")
        .map_or(live_url.as_str(), |(_, rest)| rest)
        .to_owned();
    // The discussed one first, then the newest.
    let mut items: Vec<PublicPostulate> = items.into_iter().rev().collect();
    if let Some(pos) = items.iter().position(|p| Some(p.id) == state.discussed) {
        let p = items.remove(pos);
        items.insert(0, p);
    }
    let showing_slides = state.slide >= 0 && !slides.is_empty();
    let slide_count = slides.len();
    view! {
        <Title text=format!("{} — {}", mtx.projector, meeting.district.label())/>
        <noscript><Meta http_equiv="refresh" content="30"/></noscript>
        <div class="projector" data-testid="projector" data-projector="1"
            data-live=format!("/spotkania/{id}/na-zywo/zdarzenia") data-last-event=last_event.to_string()
            data-slide=state.slide.to_string() data-discussed=state.discussed.map(|d| d.to_string()).unwrap_or_default()
            data-text-discussed=ptx.discussed data-text-me-too=ptx.me_too>
            <header class="projector-head">
                <h1>{meeting.district.label()}</h1>
                <div class="projector-join">
                    <div class="qr" inner_html=qr_svg aria-hidden="true"></div>
                    <p>{mtx.join}<br/><strong data-testid="short-url">{short}</strong></p>
                </div>
            </header>
            <section class="slides" data-testid="slides" hidden=!showing_slides>
                <h2>{mtx.survey_top}" "<span class="small">{format!("(n = {answers})")}</span></h2>
                <ol class="slide-list">
                    {slides.into_iter().enumerate().map(|(i, s)| view! {
                        <li class="slide" data-slide=i.to_string() hidden=(i as i64) != state.slide
                            aria-current=((i as i64) == state.slide).then_some("true")>
                            <p class="slide-rank">{format!("{} / {slide_count}", s.rank)}</p>
                            <p class="slide-label">{s.label.get(lang).to_owned()}</p>
                            <p class="slide-share">{format_percent(lang, s.share)}" · "{count_of(lang, s.picks, &mtx.picks)}</p>
                        </li>
                    }).collect_view()}
                </ol>
            </section>
            <section class="projector-live" data-testid="projector-live" hidden=showing_slides>
                <h2>{ptx.approved_here}</h2>
                <p class="projector-empty" data-testid="live-empty" hidden=!items.is_empty()>{ptx.live_empty}</p>
                <ol class="projector-list live-list" data-testid="live-list">
                    {items.into_iter().map(|p| {
                        let discussed = state.discussed == Some(p.id);
                        view! {
                            <li class="postulate" class:discussed=discussed id=format!("p{}", p.id) data-id=p.id.to_string()>
                                {discussed.then(|| view! { <p class="badge">{ptx.discussed}</p> })}
                                <p class="postulate-body">{p.body}</p>
                                <p class="meta">{ptx.me_too}" "<span class="count">{p.me_too}</span></p>
                            </li>
                        }
                    }).collect_view()}
                </ol>
            </section>
        </div>
        <script type="module" src="/live.js"></script>
    }
}
