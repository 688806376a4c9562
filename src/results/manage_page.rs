//! `/panel/wyniki`: moderators review residents' free-text "other needs"
//! (approve as a short phrase, or hide) and admins choose when the round's
//! results are public. Every form also works as a plain form post; the
//! server checks each role.

use super::manage::{ReviewQueue, PHRASE_MAX};
use super::{get_review_queue, ReviewNeed, SetResultsVisibility};
use crate::domain::{ResultsVisibility, Role, StaffUser};
use crate::error::AppError;
use crate::panel::current_staff;
use crate::ui::{loaded, outcome, Loading, SignInNeeded};
use leptos::prelude::*;
use leptos::server::ServerAction;
use leptos_meta::Title;

#[component]
pub fn ManageResultsPage() -> impl IntoView {
    let rt = super::texts::use_texts();
    let data = Resource::new(
        || (),
        |_| async {
            let Some(user) = current_staff().await? else {
                return Ok::<_, AppError>(None);
            };
            Ok(Some((user, get_review_queue().await?)))
        },
    );
    view! {
        <Title text=rt.manage_title/>
        <section class="page">
            <h1>{rt.manage_title}</h1>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    loaded(data.await, |found| match found {
                        None => view! { <SignInNeeded/> }.into_any(),
                        Some((user, queue)) => view! { <Manage user queue/> }.into_any(),
                    })
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn Manage(user: StaffUser, queue: ReviewQueue) -> impl IntoView {
    let rt = super::texts::use_texts();
    let review = ServerAction::<ReviewNeed>::new();
    let visibility = ServerAction::<SetResultsVisibility>::new();
    let phrases = queue.phrases.clone();
    view! {
        {outcome::<ReviewNeed>(rt.manage_saved)}
        {outcome::<SetResultsVisibility>(rt.manage_saved)}
        {user.has(Role::Admin).then(|| view! {
            <h2>{rt.visibility_heading}</h2>
            <ActionForm action=visibility attr:class="stack" attr:data-testid="results-visibility">
                <fieldset>
                    <legend>{rt.visibility_heading}</legend>
                    <label>
                        <input type="radio" name="visibility" value="while_open"
                            checked=queue.visibility == ResultsVisibility::WhileOpen/>
                        " "{rt.visibility_while_open}
                    </label>
                    <label>
                        <input type="radio" name="visibility" value="after_close"
                            checked=queue.visibility == ResultsVisibility::AfterClose/>
                        " "{rt.visibility_after_close}
                    </label>
                </fieldset>
                <button type="submit">{rt.manage_save}</button>
            </ActionForm>
        })}
        <h2>{rt.review_heading}</h2>
        <p class="lead" data-testid="needs-waiting">{rt.review_waiting}": "{queue.waiting}</p>
        <datalist id="need-phrases">
            {phrases.into_iter().map(|p| view! { <option value=p/> }).collect_view()}
        </datalist>
        <ol class="meetings" data-testid="needs-queue">
            {queue.pending.into_iter().map(|p| {
                let id = p.response_id.to_string();
                let field = format!("need-{id}");
                let suggestion: String = p.text.chars().take(PHRASE_MAX).collect();
                view! {
                    <li class="card">
                        <p class="hint">{p.district}</p>
                        <blockquote>{p.text}</blockquote>
                        <ActionForm action=review attr:class="stack">
                            <input type="hidden" name="response" value=id.clone()/>
                            <label for=field.clone()>{crate::i18n::use_texts().field_label("phrase").unwrap_or("")}</label>
                            <input id=field name="phrase" list="need-phrases" maxlength=PHRASE_MAX.to_string()
                                value=suggestion/>
                            <div class="actions">
                                <button type="submit" name="decision" value="approve">{rt.review_approve}</button>
                                <button type="submit" name="decision" value="hide" class="secondary">{rt.review_hide}</button>
                            </div>
                        </ActionForm>
                    </li>
                }
            }).collect_view()}
        </ol>
    }
}
