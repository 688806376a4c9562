//! `/spotkania/<id>/projektor`: the room's screen. Large type, high
//! contrast, no scrolling: the district's top survey actions as slides the
//! moderator steps through, then the live postulates (the one being
//! discussed first and highlighted; a long list pages by itself), with the
//! QR code and the short address for joining. Its island,
//! [`ProjectorBoard`], keeps it live; without JavaScript it refreshes
//! itself every 30 seconds.

use super::get_projector;
use super::model::ProjectorView;
use crate::domain::Id;
use crate::i18n::{count_of, use_lang};
use crate::postulates::live::{apply_to_list, LiveCard, LiveUpdate};
use crate::postulates::model::LiveEvent;
use crate::results::model::format_percent;
use crate::ui::suspended;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_params_map;
use serde_tuple::{Deserialize_tuple, Serialize_tuple};

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
    let short = live_url
        .split_once("://")
        .map_or(live_url.as_str(), |(_, rest)| rest)
        .to_owned();
    let slide_count = slides.len();
    let board = ProjectorData {
        meeting: meeting.id,
        last_event,
        slide: state.slide,
        discussed: state.discussed,
        // The newest first.
        items: items.into_iter().rev().map(LiveCard::from).collect(),
        slides_title: format!("{} (n = {answers})", mtx.survey_top),
        slides: slides
            .into_iter()
            .map(|s| SlideText {
                rank: format!("{} / {slide_count}", s.rank),
                label: s.label.get(lang).to_owned(),
                share: format!(
                    "{} · {}",
                    format_percent(lang, s.share),
                    count_of(lang, s.picks, &mtx.picks)
                ),
            })
            .collect(),
        approved_here: ptx.approved_here.into(),
        empty: ptx.live_empty.into(),
        discussed_badge: ptx.discussed.into(),
        me_too: ptx.me_too.into(),
    };
    view! {
        <Title text=format!("{} — {}", mtx.projector, meeting.district.label())/>
        <noscript><Meta http_equiv="refresh" content="30"/></noscript>
        <div class="projector" data-testid="projector">
            <header class="projector-head">
                <h1>{meeting.district.label()}</h1>
                <div class="projector-join">
                    <div class="qr" inner_html=qr_svg aria-hidden="true"></div>
                    <p>{mtx.join}<br/><strong data-testid="short-url">{short}</strong></p>
                </div>
            </header>
            <ProjectorBoard board/>
        </div>
    }
}

/// A slide of the district's top survey actions, as text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize_tuple, Deserialize_tuple)]
pub struct SlideText {
    /// "2 / 5"
    pub rank: String,
    pub label: String,
    /// "31% · 124 wskazania"
    pub share: String,
}

/// What the projector's island starts from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize_tuple, Deserialize_tuple)]
pub struct ProjectorData {
    pub meeting: Id,
    pub last_event: i64,
    /// The slide shown (from 0), or -1 for the postulates.
    pub slide: i64,
    pub discussed: Option<Id>,
    /// The approved postulates, newest first.
    pub items: Vec<LiveCard>,
    pub slides_title: String,
    pub slides: Vec<SlideText>,
    pub approved_here: String,
    pub empty: String,
    pub discussed_badge: String,
    pub me_too: String,
}

/// How many postulates the projector shows at once.
const PER_PAGE: usize = 4;

/// The postulates shown on page `page` (counted on, round and round) of
/// the projector's list `ids` (newest first): the discussed one always,
/// the rest a few at a time.
fn page_of(ids: &[Id], discussed: Option<Id>, page: usize) -> Vec<Id> {
    let first: Vec<Id> = ids
        .iter()
        .copied()
        .filter(|&id| Some(id) == discussed)
        .collect();
    let rest: Vec<Id> = ids
        .iter()
        .copied()
        .filter(|&id| Some(id) != discussed)
        .collect();
    let per = PER_PAGE - first.len();
    let pages = rest.len().div_ceil(per).max(1);
    let from = (page % pages) * per;
    first
        .into_iter()
        .chain(rest.into_iter().skip(from).take(per))
        .collect()
}

/// The projector's live part: the slides the moderator steps through, or
/// the approved postulates (the discussed one first and highlighted; a
/// long list turns its pages by itself, every 8 s, so the screen never
/// scrolls), kept live by the meeting's event stream.
#[island(lazy)]
fn ProjectorBoard(board: ProjectorData) -> impl IntoView {
    crate::ui::island_live();
    let ProjectorData {
        meeting,
        last_event,
        slide,
        discussed,
        items,
        slides_title,
        slides,
        approved_here,
        empty,
        discussed_badge,
        me_too,
    } = board;
    let slide = RwSignal::new(slide);
    let discussed = RwSignal::new(discussed);
    let items = RwSignal::new(items);
    let page = RwSignal::new(0usize);
    let has_slides = !slides.is_empty();
    let showing_slides = move || slide.get() >= 0 && has_slides;
    // The discussed one first, then the newest.
    let ordered = Memo::new(move |_| {
        let mut list = items.get();
        if let Some(pos) = list.iter().position(|c| Some(c.id) == discussed.get()) {
            let card = list.remove(pos);
            list.insert(0, card);
        }
        list
    });
    let shown = Memo::new(move |_| {
        let ids: Vec<Id> = ordered.read().iter().map(|c| c.id).collect();
        page_of(&ids, discussed.get(), page.get())
    });

    Effect::new(move |_| {
        let turn = set_interval_with_handle(
            move || page.update(|p| *p += 1),
            std::time::Duration::from_secs(8),
        );
        on_cleanup(move || {
            if let Ok(turn) = turn {
                turn.clear();
            }
        });
        crate::postulates::live::follow_meeting(meeting, last_event, move |update| match update {
            LiveUpdate::Postulate { .. } | LiveUpdate::Removed { .. } => {
                items.maybe_update(|list| apply_to_list(list, &update, true));
                page.set(0);
            }
            LiveUpdate::Logged(LiveEvent::Discussed { id }) => {
                discussed.set(id);
                page.set(0);
            }
            LiveUpdate::Logged(LiveEvent::Slide { slide: now }) => slide.set(now),
            _ => {}
        });
    });

    let badge = StoredValue::new(discussed_badge);
    let me_too = StoredValue::new(me_too);
    view! {
        <section class="slides" data-testid="slides" hidden=move || !showing_slides()>
            <h2>{slides_title}</h2>
            <ol class="slide-list">
                {slides.into_iter().enumerate().map(|(i, s)| {
                    let current = move || slide.get() == i as i64;
                    view! {
                        <li class="slide" data-slide=i.to_string() hidden=move || !current()
                            aria-current=move || current().then_some("true")>
                            <p class="slide-rank">{s.rank}</p>
                            <p class="slide-label">{s.label}</p>
                            <p class="slide-share">{s.share}</p>
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>
        <section class="projector-live" data-testid="projector-live" hidden=showing_slides>
            <h2>{approved_here}</h2>
            <p class="projector-empty" data-testid="live-empty" hidden=move || !items.read().is_empty()>{empty}</p>
            <ol class="projector-list live-list" data-testid="live-list">
                <For each=move || ordered.get() key=|card| card.clone() let:card>
                    {
                        let id = card.id;
                        let is_discussed = move || discussed.get() == Some(id);
                        view! {
                            <li class="postulate" class:discussed=is_discussed id=format!("p{id}")
                                data-id=id.to_string() hidden=move || !shown.read().contains(&id)>
                                {move || is_discussed().then(|| view! { <p class="badge">{badge.get_value()}</p> })}
                                <p class="postulate-body">{card.body}</p>
                                <p class="meta">{me_too.get_value()}" "<span class="count">{card.me_too}</span></p>
                            </li>
                        }
                    }
                </For>
            </ol>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_pages_four_at_a_time_with_the_discussed_one_on_every_page() {
        let ids: Vec<Id> = (1..=7).collect();
        assert_eq!(page_of(&ids, None, 0), [1, 2, 3, 4]);
        assert_eq!(page_of(&ids, None, 1), [5, 6, 7]);
        assert_eq!(page_of(&ids, None, 2), [1, 2, 3, 4], "round and round");
        assert_eq!(page_of(&ids, Some(5), 0), [5, 1, 2, 3]);
        assert_eq!(page_of(&ids, Some(5), 1), [5, 4, 6, 7]);
        assert_eq!(page_of(&[], None, 3), Vec::<Id>::new());
        assert_eq!(page_of(&[9], Some(9), 1), [9]);
    }
}
