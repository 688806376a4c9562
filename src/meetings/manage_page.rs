//! `/panel/spotkania`: staff change meetings — admins move and cancel
//! them, admins and moderators mark them held. Every form also works as a
//! plain form post (JavaScript off); the server checks each role.

use super::{
    list_meetings, CancelMeeting, CreateMeeting, EditMeeting, MarkMeetingHeld, MoveMeeting,
};
use crate::domain::{Accessibility, Meeting, MeetingStatus, Role, StaffUser};
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
    let edit_action = ServerAction::<EditMeeting>::new();
    let create_action = ServerAction::<CreateMeeting>::new();
    let mut districts: Vec<_> = meetings.iter().map(|m| m.district.clone()).collect();
    districts.sort_by_key(|d| d.id);
    districts.dedup_by_key(|d| d.id);
    view! {
        {outcome::<MoveMeeting>(mt.manage_saved)}
        {outcome::<CancelMeeting>(mt.manage_saved)}
        {outcome::<MarkMeetingHeld>(mt.manage_saved)}
        {outcome::<EditMeeting>(mt.manage_saved)}
        {outcome::<CreateMeeting>(mt.manage_created)}
        {admin.then(|| view! {
            <details class="card" data-testid="create-meeting">
                <summary>{mt.manage_create}</summary>
                <ActionForm action=create_action attr:class="stack">
                    <label for="new-district">{mt.filter_district}</label>
                    <select id="new-district" name="district">
                        {districts.into_iter().map(|d| view! {
                            <option value=d.numeral.clone()>{d.label()}</option>
                        }).collect_view()}
                    </select>
                    <label for="new-date">{mt.manage_date_new}</label>
                    <input id="new-date" type="date" name="date" required/>
                    <label for="new-begins">{mt.manage_begins}</label>
                    <input id="new-begins" type="time" name="begins" value="17:30" required/>
                    <label for="new-ends">{mt.manage_ends}</label>
                    <input id="new-ends" type="time" name="ends" value="19:30" required/>
                    <PlaceFields prefix="new".into() meeting=None/>
                    <button type="submit">{mt.manage_create}</button>
                </ActionForm>
            </details>
        })}
        <ol class="meetings" data-testid="manage-meetings">
            {meetings.into_iter().map(|m| {
                let id = m.id;
                let field = move |name: &str| format!("m{id}-{name}");
                let date = format!("{:04}-{:02}-{:02}", m.starts_at.local.year, m.starts_at.local.month, m.starts_at.local.day);
                let begins = crate::i18n::format_time(&m.starts_at.local);
                let ends = crate::i18n::format_time(&m.ends_at.local);
                let cancelled = m.status == MeetingStatus::Cancelled;
                let numeral = m.district.numeral.clone();
                let for_edit = m.clone();
                view! {
                    <li class="card meeting" data-testid=format!("manage-{numeral}")>
                        <h2><a href=format!("/spotkania/{}", m.id)>{m.district.label()}</a></h2>
                        <p>{mt.meeting_status}": "{match m.status {
                            MeetingStatus::Planned => mt.meeting_planned,
                            MeetingStatus::Moved => mt.meeting_moved,
                            MeetingStatus::Cancelled => mt.meeting_cancelled,
                            MeetingStatus::Held => mt.meeting_held,
                        }}</p>
                        <MeetingWhenWhere meeting=m.clone()/>
                        {user.may_moderate(m.district.id).then(|| view! {
                            <p><a class="button secondary" href=format!("/panel/moderacja/{id}")
                                data-testid="moderate-link">{mt.manage_moderate}</a></p>
                        })}
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
                        {admin.then(|| view! {
                            <details>
                                <summary>{mt.manage_edit}</summary>
                                <ActionForm action=edit_action attr:class="stack">
                                    <input type="hidden" name="meeting" value=id.to_string()/>
                                    <PlaceFields prefix=format!("m{id}") meeting=Some(for_edit.clone())/>
                                    <button type="submit">{mt.manage_save}</button>
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

/// Venue, address, room, accessibility and officials: the fields of both
/// the "add" and the "edit" form, filled from `meeting` when editing.
#[component]
fn PlaceFields(prefix: String, meeting: Option<Meeting>) -> impl IntoView {
    let mt = super::texts::use_texts();
    let field = move |name: &str| format!("{prefix}-{name}");
    let m = meeting.as_ref();
    let venue = m.map(|m| m.venue.clone()).unwrap_or_default();
    let address = m.map(|m| m.address.clone()).unwrap_or_default();
    let room = m.and_then(|m| m.room.clone()).unwrap_or_default();
    let officials = m
        .map(|m| {
            m.officials
                .iter()
                .map(|o| match &o.department_code {
                    Some(code) => format!("{}; {}; {code}", o.name, o.title),
                    None => format!("{}; {}", o.name, o.title),
                })
                .collect::<Vec<_>>()
                .join("\n")
        })
        .unwrap_or_default();
    let has = |a: Accessibility| m.is_some_and(|m| m.accessibility.contains(&a));
    let checks = Accessibility::ALL.map(|a| (a, a.code(), mt.accessibility(a)));
    view! {
        <label for=field("venue")>{mt.manage_venue}</label>
        <input id=field("venue") name="venue" value=venue required maxlength="200"/>
        <label for=field("address")>{mt.manage_address}</label>
        <input id=field("address") name="address" value=address required maxlength="200"/>
        <label for=field("room")>{mt.manage_room}</label>
        <input id=field("room") name="room" value=room maxlength="200"/>
        <fieldset>
            <legend>{mt.accessibility_title}</legend>
            {checks.into_iter().map(|(a, name, label)| view! {
                <div class="check">
                    <input id=field(name) type="checkbox" name=name value="on" checked=has(a)/>
                    <label for=field(name)>{label}</label>
                </div>
            }).collect_view()}
        </fieldset>
        <label for=field("officials")>{mt.manage_officials}</label>
        <textarea id=field("officials") name="officials" rows="3">{crate::ui::escape_html(&officials)}</textarea>
    }
}
