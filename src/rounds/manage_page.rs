//! `/panel/rundy` (every round, and a new one — from scratch or a copy),
//! `/panel/rundy/<slug>` (a round's settings, survey content, activation,
//! wording history) and `/panel/rundy/<slug>/podglad` (the survey as
//! residents will see it). Admins only; plain forms that work without
//! JavaScript on a tablet; the server checks the role of every request.

use super::model::{ContentItem, RoundEditor, RoundList, SettingsForm};
use super::texts::use_texts;
use super::{
    get_round_editor, get_round_list, get_survey_preview, ActivateRound, AddContent, ArchiveRound,
    CreateRound, ImportRound, MoveContent, RemoveContent, RewordContent, UpdateRound,
};
use crate::domain::{Bilingual, District, Id, Role, RoundStatus};
use crate::error::AppError;
use crate::i18n::{format_count, format_date_time, use_lang};
use crate::panel::current_staff;
use crate::ui::{loaded, outcome, Loading, SignInNeeded, TableWrap};
use leptos::prelude::*;
use leptos::server::ServerAction;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// A staff page's data once the visitor is known to be an admin: `None`
/// asks them to sign in; other staff get the server's refusal.
fn admin_data<T, Fut>(
    load: impl Fn() -> Fut + Send + Sync + 'static,
) -> Resource<Result<Option<T>, AppError>>
where
    T: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
    Fut: std::future::Future<Output = Result<T, AppError>> + Send + 'static,
{
    Resource::new(
        || (),
        move |_| {
            let fut = load();
            async move {
                match current_staff().await? {
                    None => Ok(None),
                    Some(user) if !user.has(Role::Admin) => Err(AppError::Forbidden),
                    Some(_) => Ok(Some(fut.await?)),
                }
            }
        },
    )
}

fn slug_param() -> String {
    use_params_map()
        .read_untracked()
        .get("slug")
        .unwrap_or_default()
}

#[component]
pub fn RoundsPage() -> impl IntoView {
    let rt = use_texts();
    let data = admin_data(get_round_list);
    view! {
        <Title text=rt.manage_title/>
        <section class="page">
            <h1>{rt.manage_title}</h1>
            <p class="lead">{rt.manage_lead}</p>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    loaded(data.await, |found| match found {
                        None => view! { <SignInNeeded/> }.into_any(),
                        Some(list) => view! { <Rounds list/> }.into_any(),
                    })
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn Rounds(list: RoundList) -> impl IntoView {
    let rt = use_texts();
    let lang = use_lang();
    let create = ServerAction::<CreateRound>::new();
    let import = ServerAction::<ImportRound>::new();
    let copies: Vec<(Id, String)> = list
        .rounds
        .iter()
        .map(|r| (r.round.id, r.round.name.clone()))
        .collect();
    view! {
        <TableWrap label=rt.manage_title.to_owned()>
            <table data-testid="rounds">
                <thead><tr>
                    <th scope="col">{rt.col_round}</th>
                    <th scope="col">{rt.col_status}</th>
                    <th scope="col">{rt.col_survey}</th>
                    <th scope="col">{rt.col_answers}</th>
                </tr></thead>
                <tbody>
                    {list.rounds.into_iter().map(|r| view! {
                        <tr data-slug=r.round.slug.clone()>
                            <th scope="row">
                                <a href=format!("/panel/rundy/{}", r.round.slug)>{r.round.name.clone()}</a>
                            </th>
                            <td>{rt.status(r.round.status)}</td>
                            <td>
                                {format_date_time(lang, &r.round.survey_opens_at.local)}" – "
                                {format_date_time(lang, &r.round.survey_closes_at.local)}
                            </td>
                            <td>{format_count(r.answers)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </TableWrap>
        <h2>{rt.create_heading}</h2>
        <p class="hint">{rt.create_lead}</p>
        {outcome::<CreateRound>("")}
        <ActionForm action=create attr:class="stack" attr:data-testid="create-round">
            <label for="copy_from">{rt.copy_from}</label>
            <select id="copy_from" name="copy_from">
                <option value="">{rt.copy_none}</option>
                {copies.into_iter().map(|(id, name)| view! {
                    <option value=id.to_string()>{name}</option>
                }).collect_view()}
            </select>
            <SettingsFields form=SettingsForm {
                max_picks: "5".into(),
                answer_days: "30".into(),
                visibility: "after_close".into(),
                opens_time: "00:00".into(),
                closes_time: "23:59".into(),
                ..SettingsForm::default()
            } districts=list.districts/>
            <button type="submit">{rt.create_submit}</button>
        </ActionForm>
        <h2>{rt.import_heading}</h2>
        <p class="hint">{rt.import_lead}</p>
        {outcome::<ImportRound>("")}
        <ActionForm action=import attr:class="stack" attr:data-testid="import-round">
            <label for="definition">{rt.import_field}</label>
            <textarea id="definition" name="definition" rows="8" required spellcheck="false"></textarea>
            <button type="submit">{rt.import_submit}</button>
        </ActionForm>
    }
}

/// The settings' fields, named `settings[...]` as the create and update
/// functions take them.
#[component]
fn SettingsFields(form: SettingsForm, districts: Vec<District>) -> impl IntoView {
    let rt = use_texts();
    let text = |id: &'static str, label: &'static str, kind: &'static str, value: String| {
        view! {
            <label for=id>{label}</label>
            <input id=id type=kind name=format!("settings[{id}]") value=value/>
        }
    };
    view! {
        <label for="name">{rt.name}</label>
        <input id="name" name="settings[name]" value=form.name required maxlength="300"/>
        <label for="slug">{rt.slug}</label>
        <input id="slug" name="settings[slug]" value=form.slug required pattern="[a-z0-9][a-z0-9\\-]+[a-z0-9]"
            aria-describedby="slug-hint"/>
        <p class="hint" id="slug-hint">{rt.slug_hint}</p>
        <fieldset>
            <legend>{rt.districts}</legend>
            <p class="hint">{rt.population_hint}</p>
            {districts.into_iter().map(|d| {
                let ticked = form.districts.contains_key(&d.numeral);
                let population = form
                    .populations
                    .get(&d.numeral)
                    .cloned()
                    .unwrap_or_else(|| d.population.to_string());
                let id = format!("population-{}", d.numeral);
                view! {
                    <div class="district-pick">
                        <label>
                            <input type="checkbox" name=format!("settings[districts][{}]", d.numeral) checked=ticked/>
                            " "{d.label()}
                        </label>
                        <label for=id.clone() class="hint">
                            {rt.population}<span class="visually-hidden">" — "{d.numeral.clone()}</span>
                        </label>
                        <input id=id type="number" min="0" inputmode="numeric" class="population"
                            name=format!("settings[populations][{}]", d.numeral) value=population/>
                    </div>
                }
            }).collect_view()}
        </fieldset>
        {text("opens_date", rt.opens_date, "date", form.opens_date)}
        {text("opens_time", rt.opens_time, "time", form.opens_time)}
        {text("closes_date", rt.closes_date, "date", form.closes_date)}
        {text("closes_time", rt.closes_time, "time", form.closes_time)}
        {text("meetings_from", rt.meetings_from, "date", form.meetings_from)}
        {text("meetings_until", rt.meetings_until, "date", form.meetings_until)}
        {text("max_picks", rt.max_picks, "number", form.max_picks)}
        {text("answer_days", rt.answer_days, "number", form.answer_days)}
        <fieldset>
            <legend>{rt.visibility}</legend>
            <label>
                <input type="radio" name="settings[visibility]" value="while_open" checked=form.visibility == "while_open"/>
                " "{rt.visibility_while_open}
            </label>
            <label>
                <input type="radio" name="settings[visibility]" value="after_close" checked=form.visibility != "while_open"/>
                " "{rt.visibility_after_close}
            </label>
        </fieldset>
    }
}

#[component]
pub fn RoundEditPage() -> impl IntoView {
    let rt = use_texts();
    let data = admin_data(move || get_round_editor(slug_param()));
    view! {
        <Title text=rt.manage_title/>
        <section class="page">
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    loaded(data.await, |found| match found {
                        None => view! { <SignInNeeded/> }.into_any(),
                        Some(editor) => view! { <Editor editor/> }.into_any(),
                    })
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn Editor(editor: RoundEditor) -> impl IntoView {
    let rt = use_texts();
    let lang = use_lang();
    let update = ServerAction::<UpdateRound>::new();
    let activate = ServerAction::<ActivateRound>::new();
    let archive = ServerAction::<ArchiveRound>::new();
    let locked = editor.locked();
    let round = editor.summary.round.clone();
    let id = round.id;
    view! {
        <p><a href="/panel/rundy">{rt.back_to_list}</a></p>
        <h1>{round.name.clone()}</h1>
        <p class="lead" data-testid="round-status">
            {rt.status(round.status)}" · "{rt.col_answers}": "{format_count(editor.summary.answers)}
        </p>
        {outcome::<CreateRound>(rt.created)}
        {outcome::<ImportRound>(rt.imported)}
        {outcome::<ActivateRound>(rt.activated)}
        {outcome::<ArchiveRound>(rt.archived)}
        {locked.then(|| view! { <p class="notice" data-testid="locked">{rt.locked_notice}</p> })}

        <h2>{rt.lifecycle_heading}</h2>
        <p><a class="button" href=format!("/panel/rundy/{}/podglad", round.slug)>{rt.preview}</a></p>
        <p><a href=format!("/panel/rundy/{}/definicja.json", round.slug) download>{rt.export}</a></p>
        {(round.status == RoundStatus::Draft).then(|| view! {
            <ActionForm action=activate attr:class="stack" attr:data-testid="activate">
                <input type="hidden" name="round" value=id.to_string()/>
                <p class="hint">{rt.activate_note}</p>
                <button type="submit">{rt.activate}</button>
            </ActionForm>
        })}
        {(round.status != RoundStatus::Archived).then(|| view! {
            <ActionForm action=archive attr:class="stack" attr:data-testid="archive">
                <input type="hidden" name="round" value=id.to_string()/>
                <p class="hint">{rt.archive_note}</p>
                <button type="submit" class="secondary">{rt.archive}</button>
            </ActionForm>
        })}

        <h2>{rt.settings_heading}</h2>
        {outcome::<UpdateRound>(rt.saved)}
        <ActionForm action=update attr:class="stack" attr:data-testid="round-settings">
            <input type="hidden" name="round" value=id.to_string()/>
            <SettingsFields form=editor.form.clone() districts=editor.all_districts.clone()/>
            <label for="reason">{rt.reason}</label>
            <input id="reason" name="reason" maxlength="500"/>
            <button type="submit">{rt.save_settings}</button>
        </ActionForm>

        <h2>{rt.content_heading}</h2>
        {outcome::<AddContent>(rt.saved)}
        {outcome::<RewordContent>(rt.saved)}
        {outcome::<RemoveContent>(rt.saved)}
        {outcome::<MoveContent>(rt.saved)}
        <h3>{rt.themes_heading}</h3>
        <ol class="content-list" data-testid="themes">
            {editor.themes.iter().map(|theme| view! {
                <li class="card" data-code=theme.code.clone()>
                    <Item round=id item=ContentItem::Theme item_id=theme.id code=theme.code.clone() text=theme.name.clone() locked/>
                    <ol class="content-list">
                        {theme.actions.iter().map(|a| view! {
                            <li data-code=a.code.clone()>
                                <Item round=id item=ContentItem::Action item_id=a.id code=a.code.clone() text=a.label.clone() locked/>
                            </li>
                        }).collect_view()}
                    </ol>
                    <AddItem round=id item=ContentItem::Action parent=Some(theme.id) label=rt.add_action/>
                </li>
            }).collect_view()}
        </ol>
        <AddItem round=id item=ContentItem::Theme parent=None label=rt.add_theme/>
        <h3>{rt.questions_heading}</h3>
        <ol class="content-list" data-testid="questions">
            {editor.questions.iter().map(|q| view! {
                <li class="card" data-code=q.code.clone()>
                    <Item round=id item=ContentItem::Question item_id=q.id code=q.code.clone() text=q.prompt.clone() locked/>
                    <ol class="content-list">
                        {q.options.iter().map(|o| view! {
                            <li data-code=o.code.clone()>
                                <Item round=id item=ContentItem::Option item_id=o.id code=o.code.clone() text=o.label.clone() locked/>
                            </li>
                        }).collect_view()}
                    </ol>
                    <AddItem round=id item=ContentItem::Option parent=Some(q.id) label=rt.add_option/>
                </li>
            }).collect_view()}
        </ol>
        <AddItem round=id item=ContentItem::Question parent=None label=rt.add_question/>

        <h2>{rt.history_heading}</h2>
        {if editor.revisions.is_empty() {
            view! { <p data-testid="history">{rt.history_none}</p> }.into_any()
        } else {
            view! {
                <ul data-testid="history">
                    {editor.revisions.into_iter().map(|r| view! {
                        <li>
                            {format_date_time(lang, &r.at.local)}" · "{r.by.unwrap_or_default()}": „"
                            <del>{r.old_pl}</del>"” → „"<ins>{r.new_pl}</ins>"”"
                        </li>
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
    }
}

/// One content item: its code, its wording (reworded in place), and —
/// while nothing locks it — moving and removing it.
#[component]
fn Item(
    round: Id,
    item: ContentItem,
    item_id: Id,
    code: String,
    text: Bilingual,
    locked: bool,
) -> impl IntoView {
    let rt = use_texts();
    let reword = ServerAction::<RewordContent>::new();
    let moving = ServerAction::<MoveContent>::new();
    let remove = ServerAction::<RemoveContent>::new();
    let key = format!("{}-{item_id}", item.as_str());
    let hidden = move || {
        view! {
            <input type="hidden" name="round" value=round.to_string()/>
            <input type="hidden" name="item" value=item.as_str()/>
            <input type="hidden" name="id" value=item_id.to_string()/>
        }
    };
    view! {
        <ActionForm action=reword attr:class="stack content-item">
            {hidden()}
            <p class="hint"><code>{code}</code></p>
            <label for=format!("{key}-pl")>{rt.label_pl}</label>
            <input id=format!("{key}-pl") name="label_pl" value=text.pl required maxlength="300"/>
            <label for=format!("{key}-en")>{rt.label_en}</label>
            <input id=format!("{key}-en") name="label_en" value=text.en maxlength="300"/>
            <button type="submit" class="secondary">{rt.reword}</button>
        </ActionForm>
        <div class="actions">
            <ActionForm action=moving>
                {hidden()}
                <button type="submit" name="direction" value="up" class="secondary">{rt.move_up}</button>
                " "
                <button type="submit" name="direction" value="down" class="secondary">{rt.move_down}</button>
            </ActionForm>
            {(!locked).then(|| view! {
                <ActionForm action=remove>
                    {hidden()}
                    <button type="submit" class="secondary">{rt.remove}</button>
                </ActionForm>
            })}
        </div>
    }
}

/// A new item at the end of its list (an action in its theme, an option
/// in its question).
#[component]
fn AddItem(round: Id, item: ContentItem, parent: Option<Id>, label: &'static str) -> impl IntoView {
    let rt = use_texts();
    let add = ServerAction::<AddContent>::new();
    let key = format!("new-{}-{}", item.as_str(), parent.unwrap_or(0));
    view! {
        <details class="add-item">
            <summary>{label}</summary>
            <ActionForm action=add attr:class="stack">
                <input type="hidden" name="round" value=round.to_string()/>
                <input type="hidden" name="item" value=item.as_str()/>
                {parent.map(|p| view! { <input type="hidden" name="parent" value=p.to_string()/> })}
                <label for=format!("{key}-code")>{rt.item_code}</label>
                <input id=format!("{key}-code") name="code" required maxlength="24"/>
                <label for=format!("{key}-pl")>{rt.label_pl}</label>
                <input id=format!("{key}-pl") name="label_pl" required maxlength="300"/>
                <label for=format!("{key}-en")>{rt.label_en}</label>
                <input id=format!("{key}-en") name="label_en" maxlength="300"/>
                <button type="submit">{label}</button>
            </ActionForm>
        </details>
    }
}

#[component]
pub fn RoundPreviewPage() -> impl IntoView {
    let rt = use_texts();
    let slug = slug_param();
    let back = format!("/panel/rundy/{slug}");
    let data = admin_data(move || get_survey_preview(slug.clone()));
    view! {
        <Title text=rt.preview_title/>
        <section class="page">
            <p><a href=back>{rt.edit}</a></p>
            <h1>{rt.preview_title}</h1>
            <p class="notice" role="status" data-testid="preview-banner">{rt.preview_banner}</p>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    loaded(data.await, |found| match found {
                        None => view! { <SignInNeeded/> }.into_any(),
                        Some(data) => view! {
                            <div class="survey-preview" inert data-testid="preview">
                                <crate::survey::Survey data returned_error=None kiosk=false/>
                            </div>
                        }.into_any(),
                    })
                })}
            </Suspense>
        </section>
    }
}
