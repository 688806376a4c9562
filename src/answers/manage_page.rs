//! `/panel/odpowiedzi`: admins publish the departments' answers (all at
//! once or per district); moderators and admins give a postulate to
//! another department; both see who is late. Plain forms; the server checks
//! each role.

use super::{get_tracker, TrackerTable};
use crate::domain::Role;
use crate::error::AppError;
use crate::panel::current_staff;
use crate::ui::{loaded, Loading, SignInNeeded};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ManageAnswersPage() -> impl IntoView {
    let atx = super::texts::use_texts();
    let data = Resource::new(
        || (),
        |_| async {
            let staff = current_staff().await?;
            let catalog = crate::postulates::list_postulates(Default::default()).await?;
            Ok::<_, AppError>((staff, catalog, get_tracker().await?))
        },
    );
    let saved = use_query_map().read_untracked().get("zapisano").is_some();
    view! {
        <Title text=atx.manage_title/>
        <section class="page">
            <h1>{atx.manage_title}</h1>
            {saved.then(|| view! { <p class="notice notice-ok" role="status">{atx.saved}</p> })}
            {crate::ui::returned_error().map(|error| view! { <crate::ui::ErrorNotice error/> })}
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    loaded(data.await, |(user, list, (tally, _))| match user {
                        None => view! { <SignInNeeded/> }.into_any(),
                        Some(user) if !(user.has(Role::Admin) || user.has(Role::Moderator)) => {
                            view! { <crate::ui::ErrorNotice error=AppError::Forbidden/> }.into_any()
                        }
                        Some(user) => {
                            let atx = super::texts::use_texts();
                            let lang = crate::i18n::use_lang();
                            view! {
                                {user.has(Role::Admin).then(|| view! {
                                    <form method="post" action="/api/admin/answers/publish" class="card stack" data-testid="publish">
                                        <h2>{atx.publish}</h2>
                                        <label for="publish-scope">{atx.publish_scope}</label>
                                        <select id="publish-scope" name="scope">
                                            <option value="all">{atx.publish_all}</option>
                                            {list.districts.iter().map(|d| view! {
                                                <option value=d.numeral.clone()>{d.label()}</option>
                                            }).collect_view()}
                                        </select>
                                        <button type="submit">{atx.publish}</button>
                                    </form>
                                })}
                                <form method="post" action="/api/staff/postulates/reassign" class="card stack" data-testid="reassign">
                                    <h2>{atx.reassign}</h2>
                                    <label for="reassign-postulate">{atx.reassign_postulate}</label>
                                    <input id="reassign-postulate" name="postulate" type="number" min="1" required/>
                                    <label for="reassign-department">{atx.department}</label>
                                    <select id="reassign-department" name="department">
                                        {list.departments.iter().map(|(code, name)| view! {
                                            <option value=code.clone()>{name.get(lang).to_owned()}</option>
                                        }).collect_view()}
                                    </select>
                                    <label for="reassign-reason">{atx.reassign_reason}</label>
                                    <input id="reassign-reason" name="reason" required maxlength="300"/>
                                    <button type="submit">{atx.reassign}</button>
                                </form>
                                <h2>{atx.tracker_title}</h2>
                                <TrackerTable tally/>
                            }
                            .into_any()
                        }
                    })
                })}
            </Suspense>
        </section>
    }
}
