//! `/panel/odpowiedzi`: admins publish the departments' answers (all at
//! once or per district); moderators and admins give a postulate to
//! another department; both see who is late. Plain forms; the server checks
//! each role.

use super::{get_tracker, TrackerTable};
use crate::domain::Role;
use crate::error::AppError;
use crate::i18n::{count_of, use_texts};
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
    let query = use_query_map().read_untracked();
    let saved = query.get("zapisano").is_some();
    // `?zakres=`: the preview of a publication; `?opublikowano=<n>`: done.
    let scope = query.get("zakres").filter(|s| !s.trim().is_empty());
    let published = query
        .get("opublikowano")
        .and_then(|n| n.parse::<i64>().ok());
    let preview_scope = scope.clone().filter(|_| published.is_none());
    let preview = Resource::new(
        move || preview_scope.clone(),
        |scope| async move {
            match scope {
                Some(scope) => super::get_publication_preview(scope).await.map(Some),
                None => Ok(None),
            }
        },
    );
    view! {
        <Title text=atx.manage_title/>
        <section class="page">
            <h1>{atx.manage_title}</h1>
            {saved.then(|| view! { <p class="notice notice-ok" role="status">{atx.saved}</p> })}
            {crate::ui::returned_error().map(|error| view! { <crate::ui::ErrorNotice error/> })}
            <Suspense fallback=|| view! { <Loading/> }>
                {move || {
                    let scope = scope.clone();
                    Suspend::new(async move {
                    let preview = preview.await;
                    loaded(data.await, move |(user, list, (tally, _))| match user {
                        None => view! { <SignInNeeded/> }.into_any(),
                        Some(user) if !(user.has(Role::Admin) || user.has(Role::Moderator)) => {
                            view! { <crate::ui::ErrorNotice error=AppError::Forbidden/> }.into_any()
                        }
                        Some(user) => {
                            let atx = super::texts::use_texts();
                            let lang = crate::i18n::use_lang();
                            let scope_label = |scope: &str| match scope {
                                "all" => atx.publish_all.to_owned(),
                                numeral => list.districts.iter().find(|d| d.numeral == numeral)
                                    .map_or_else(|| numeral.to_owned(), |d| d.label()),
                            };
                            let done = published.zip(scope.clone()).map(|(n, scope)| view! {
                                <p class="notice notice-ok" role="status" data-testid="published">
                                    {atx.published}" "{count_of(lang, n, &crate::i18n::texts(lang).answers_n)}
                                    " ("{scope_label(&scope)}")"
                                </p>
                            });
                            let step = match (preview.clone(), scope.clone()) {
                                (Ok(Some(items)), Some(scope)) => Some(view! {
                                    <PublicationPreview label=scope_label(&scope) scope items/>
                                }.into_any()),
                                (Err(error), _) => Some(view! { <crate::ui::ErrorNotice error/> }.into_any()),
                                _ => None,
                            };
                            view! {
                                {done}
                                {user.has(Role::Admin).then(|| view! {
                                    <form method="get" action="/panel/odpowiedzi#publikacja" class="card stack" data-testid="publish" id="publikacja">
                                        <h2>{atx.publish}</h2>
                                        <label for="publish-scope">{atx.publish_scope}</label>
                                        <select id="publish-scope" name="zakres">
                                            <option value="all">{atx.publish_all}</option>
                                            {list.districts.iter().map(|d| view! {
                                                <option value=d.numeral.clone()
                                                    selected=scope.as_deref() == Some(d.numeral.as_str())>{d.label()}</option>
                                            }).collect_view()}
                                        </select>
                                        <button type="submit">{atx.publish_preview}</button>
                                    </form>
                                    {step}
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
                    })
                }}
            </Suspense>
        </section>
    }
}

/// What a publication will make public — how many per district, and the
/// list — with the button that publishes it (the confirmation).
#[component]
fn PublicationPreview(
    label: String,
    scope: String,
    items: Vec<super::model::PublicationItem>,
) -> impl IntoView {
    let atx = super::texts::use_texts();
    let lang = crate::i18n::use_lang();
    let answers_n = &crate::i18n::texts(lang).answers_n;
    let total = items.len() as i64;
    let mut per_district: Vec<(String, i64)> = Vec::new();
    for item in &items {
        match per_district.iter_mut().find(|(d, _)| *d == item.district) {
            Some((_, n)) => *n += 1,
            None => per_district.push((item.district.clone(), 1)),
        }
    }
    if items.is_empty() {
        return view! {
            <p class="notice" role="status" data-testid="publish-preview">{atx.preview_none}" ("{label}")"</p>
        }
        .into_any();
    }
    view! {
        <section class="card" data-testid="publish-preview" aria-labelledby="preview-title">
            <h2 id="preview-title">{atx.preview_title}": "{count_of(lang, total, answers_n)}" ("{label.clone()}")"</h2>
            <ul data-testid="preview-districts">
                {per_district.into_iter().map(|(district, n)| view! {
                    <li>{district}": "{count_of(lang, n, answers_n)}</li>
                }).collect_view()}
            </ul>
            <crate::ui::TableWrap label=atx.preview_title.to_owned()>
                <table>
                    <thead><tr>
                        <th scope="col">{atx.col_number}</th>
                        <th scope="col">{use_texts().meeting_district}</th>
                        <th scope="col">{atx.department}</th>
                        <th scope="col">{atx.status}</th>
                        <th scope="col">{atx.col_postulate}</th>
                    </tr></thead>
                    <tbody>
                        {items.into_iter().map(|i| view! {
                            <tr>
                                <td>{i.postulate_id}</td>
                                <td>{i.district}</td>
                                <td>{i.department.get(lang).to_owned()}</td>
                                <td>{atx.status(i.status)}</td>
                                <td>{i.body}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </crate::ui::TableWrap>
            <form method="post" action="/api/admin/answers/publish" class="row">
                <input type="hidden" name="scope" value=scope/>
                <button type="submit">{atx.publish_confirm}" "{count_of(lang, total, answers_n)}</button>
                <a href="/panel/odpowiedzi">{atx.cancel}</a>
            </form>
        </section>
    }
    .into_any()
}
