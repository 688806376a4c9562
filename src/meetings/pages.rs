use super::{get_meeting, list_meetings};
use crate::domain::{Meeting, MeetingList};
use crate::ui::{loaded, Loading, MeetingWhenWhere};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn MeetingsPage() -> impl IntoView {
    let mt = super::texts::use_texts();
    let list = Resource::new(|| (), |_| list_meetings());
    view! {
        <Title text=mt.meetings_title/>
        <section class="page">
            <h1>{mt.meetings_title}</h1>
            <p class="lead">{mt.meetings_lead}</p>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    loaded(list.await, |list| view! { <MeetingCards list/> })
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn MeetingCards(list: MeetingList) -> impl IntoView {
    let mt = super::texts::use_texts();
    let now = list.now;
    view! {
        <ol class="meetings" data-testid="meetings">
            {list.meetings.into_iter().map(|m| {
                let past = m.ends_at.utc <= now;
                view! {
                    <li class="card meeting" class:past=past>
                        <h2>
                            <a href=format!("/spotkania/{}", m.id)>{m.district.label()}</a>
                        </h2>
                        {past.then(|| view! { <p class="badge">{mt.meeting_past}</p> })}
                        <MeetingWhenWhere meeting=m/>
                    </li>
                }
            }).collect_view()}
        </ol>
    }
}

#[component]
pub fn MeetingPage() -> impl IntoView {
    let params = use_params_map();
    // An id that is not a number is looked up as 0: "not found", like any unknown id.
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|s| s.parse().ok())
            .unwrap_or(0)
    };
    let meeting = Resource::new(id, get_meeting);
    view! {
        <Suspense fallback=|| view! { <Loading/> }>
            {move || Suspend::new(async move {
                loaded(meeting.await, |m| view! { <MeetingDetails meeting=m/> })
            })}
        </Suspense>
    }
}

#[component]
fn MeetingDetails(meeting: Meeting) -> impl IntoView {
    let mt = super::texts::use_texts();
    let title = format!("{} — {}", mt.meeting_details, meeting.district.label());
    let officials = meeting.officials.clone();
    let room = meeting.room.clone();
    view! {
        <Title text=title.clone()/>
        <article class="page">
            <h1>{title}</h1>
            <MeetingWhenWhere meeting/>
            {room.map(|room| view! { <p><strong>{mt.meeting_room}": "</strong>{room}</p> })}
            <h2>{mt.meeting_who}</h2>
            <ul class="officials">
                {officials.into_iter().map(|o| view! {
                    <li>
                        <strong>{o.name}</strong>", "{o.title}
                        {o.department.map(|d| view! { <br/><span class="department">{d}</span> })}
                    </li>
                }).collect_view()}
            </ul>
            <p><a href="/spotkania">{mt.all_meetings}</a></p>
        </article>
    }
}
