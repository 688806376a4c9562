//! `/panel/spotkania`: staff change meetings — admins move and cancel
//! them, admins and moderators mark them held. Every form also works as a
//! plain form post (JavaScript off); the server checks each role.

use super::{list_meetings, CancelMeeting, MarkMeetingHeld, MoveMeeting};
use crate::domain::{Meeting, MeetingStatus, Role, StaffUser};
use crate::error::AppError;
use crate::panel::current_staff;
use crate::ui::{loaded, outcome, Loading, MeetingWhenWhere, SignInNeeded};
use leptos::prelude::*;
use leptos::server::ServerAction;
use leptos_meta::Title;

#[component]
pub fn ManageMeetingsPage() -> impl IntoView {
    let mt = super::texts::use_texts();
    let data = Resource::new(
        || (),
        |_| async { Ok::<_, AppError>((current_staff().await?, list_meetings().await?)) },
    );
    view! {
        <Title text=mt.manage_title/>
        <section class="page">
            <h1>{mt.manage_title}</h1>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    loaded(data.await, |(user, list)| match user {
                        None => view! { <SignInNeeded/> }.into_any(),
                        Some(user) if !(user.has(Role::Admin) || user.has(Role::Moderator)) => {
                            view! { <crate::ui::ErrorNotice error=AppError::Forbidden/> }.into_any()
                        }
                        Some(user) => view! { <ManageList user meetings=list.meetings/> }.into_any(),
                    })
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn ManageList(user: StaffUser, meetings: Vec<Meeting>) -> impl IntoView {
    let mt = super::texts::use_texts();
    let admin = user.has(Role::Admin);
    let move_action = ServerAction::<MoveMeeting>::new();
    let cancel_action = ServerAction::<CancelMeeting>::new();
    let held_action = ServerAction::<MarkMeetingHeld>::new();
    view! {
        {outcome(move_action.value(), mt.manage_saved)}
        {outcome(cancel_action.value(), mt.manage_saved)}
        {outcome(held_action.value(), mt.manage_saved)}
        <ol class="meetings" data-testid="manage-meetings">
            {meetings.into_iter().map(|m| {
                let id = m.id;
                let field = move |name: &str| format!("m{id}-{name}");
                let date = format!("{:04}-{:02}-{:02}", m.starts_at.local.year, m.starts_at.local.month, m.starts_at.local.day);
                let begins = crate::i18n::format_time(&m.starts_at.local);
                let ends = crate::i18n::format_time(&m.ends_at.local);
                let cancelled = m.status == MeetingStatus::Cancelled;
                view! {
                    <li class="card meeting" data-testid=format!("manage-{}", m.district.numeral)>
                        <h2><a href=format!("/spotkania/{}", m.id)>{m.district.label()}</a></h2>
                        <p>{mt.meeting_status}": "{match m.status {
                            MeetingStatus::Planned => mt.meeting_planned,
                            MeetingStatus::Moved => mt.meeting_moved,
                            MeetingStatus::Cancelled => mt.meeting_cancelled,
                            MeetingStatus::Held => mt.meeting_held,
                        }}</p>
                        <MeetingWhenWhere meeting=m.clone()/>
                        {admin.then(|| view! {
                            <details>
                                <summary>{mt.manage_move}</summary>
                                <ActionForm action=move_action attr:class="stack">
                                    <input type="hidden" name="meeting" value=id.to_string()/>
                                    <label for=field("date")>{mt.manage_date}</label>
                                    <input id=field("date") type="date" name="date" value=date required/>
                                    <label for=field("begins")>{mt.manage_begins}</label>
                                    <input id=field("begins") type="time" name="begins" value=begins required/>
                                    <label for=field("ends")>{mt.manage_ends}</label>
                                    <input id=field("ends") type="time" name="ends" value=ends required/>
                                    <label for=field("move-reason")>{mt.manage_reason}</label>
                                    <input id=field("move-reason") name="reason" required maxlength="500"/>
                                    <button type="submit">{mt.manage_move}</button>
                                </ActionForm>
                            </details>
                        })}
                        {(admin && !cancelled).then(|| view! {
                            <details>
                                <summary>{mt.manage_cancel}</summary>
                                <ActionForm action=cancel_action attr:class="stack">
                                    <input type="hidden" name="meeting" value=id.to_string()/>
                                    <label for=field("cancel-reason")>{mt.manage_reason}</label>
                                    <input id=field("cancel-reason") name="reason" required maxlength="500"/>
                                    <button type="submit">{mt.manage_cancel}</button>
                                </ActionForm>
                            </details>
                        })}
                        {(!cancelled && m.status != MeetingStatus::Held).then(|| view! {
                            <ActionForm action=held_action>
                                <input type="hidden" name="meeting" value=id.to_string()/>
                                <button type="submit">{mt.manage_held}</button>
                            </ActionForm>
                        })}
                    </li>
                }
            }).collect_view()}
        </ol>
    }
}
