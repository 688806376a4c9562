//! `/panel/urzednik`: an official's work queue — the postulates assigned to
//! their department, overdue first, each with its answer form (save a
//! draft, submit). Plain forms: they work without JavaScript; the server
//! checks the role and the department.

use super::get_work_queue;
use super::model::{AnswerStatus, WorkFilter, WorkItem, WorkQueue};
use crate::i18n::{format_date, use_lang};
use crate::ui::{suspended, FilterSelect};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn OfficialPage() -> impl IntoView {
    let atx = super::texts::use_texts();
    let query = use_query_map();
    let (filter, note) = {
        let q = query.read_untracked();
        let filter = WorkFilter::from_pairs(
            ["dzielnica", "spotkanie", "stan", "termin"]
                .into_iter()
                .filter_map(|k| q.get(k).map(|v| (k, v))),
        );
        // What the last save did, shown in its postulate's card.
        let note = match (q.get("zapisano"), q.get("p")) {
            (Some(id), _) => id.parse().ok().map(|id| {
                let submitted = q.get("jak").as_deref() == Some("wyslane");
                (id, CardNote::Saved { submitted })
            }),
            (None, Some(id)) => id
                .parse()
                .ok()
                .zip(crate::ui::returned_error())
                .map(|(id, e)| (id, CardNote::Error(e))),
            _ => None,
        };
        (filter, note)
    };
    let returned = query.read_untracked().get(crate::survey::RETURNED_PARAM);
    let items = Resource::new(
        move || (filter.clone(), returned.clone()),
        |(filter, returned)| get_work_queue(filter, returned),
    );
    view! {
        <Title text=atx.work_title/>
        <section class="page">
            <h1>{atx.work_title}</h1>
            <p class="lead">{atx.work_lead}</p>
            {suspended(items, move |queue| view! { <WorkList queue note=note.clone()/> })}
        </section>
    }
}

/// What happened to one card's last save.
#[derive(Clone, Debug)]
enum CardNote {
    Saved { submitted: bool },
    Error(crate::error::AppError),
}

#[component]
fn WorkList(queue: WorkQueue, note: Option<(i64, CardNote)>) -> impl IntoView {
    let atx = super::texts::use_texts();
    let ptx = crate::postulates::texts::use_texts();
    let WorkQueue {
        filter,
        returned,
        items,
        total,
        districts,
        meetings,
    } = queue;
    if total == 0 {
        return view! { <p class="notice">{atx.work_empty}</p> }.into_any();
    }
    view! {
        <form class="filters card" method="get" action="/panel/urzednik" data-testid="work-filters">
            <FilterSelect id="w-district" name="dzielnica" label=ptx.district all=ptx.all
                options=districts.iter().map(|d| (d.numeral.clone(), d.label())).collect()
                selected=filter.district.clone()/>
            <FilterSelect id="w-meeting" name="spotkanie" label=ptx.meeting all=ptx.all
                options=meetings.into_iter().map(|(id, label)| (id.to_string(), label)).collect()
                selected=filter.meeting.map(|m| m.to_string())/>
            <FilterSelect id="w-state" name="stan" label=atx.state all=ptx.all
                options=[("bez", atx.not_answered), ("szkic", atx.draft_saved), ("wyslane", atx.submitted)]
                    .map(|(v, t)| (v.to_owned(), t.to_owned())).to_vec()
                selected=filter.state.clone()/>
            <FilterSelect id="w-due" name="termin" label=atx.due_filter all=ptx.all
                options=[("po", atx.overdue), ("tydzien", atx.due_week)]
                    .map(|(v, t)| (v.to_owned(), t.to_owned())).to_vec()
                selected=filter.due.clone()/>
            <button type="submit">{ptx.apply}</button>
        </form>
        <p role="status">{ptx.found}" "{items.len()}" / "{total}</p>
        <ol class="queue" data-testid="work-queue">
            {items.into_iter().map(|item| {
                let note = note.clone().filter(|(id, _)| *id == item.postulate.id).map(|(_, n)| n);
                let returned = returned.clone().filter(|r| r.postulate == item.postulate.id);
                view! { <WorkCard item note returned/> }
            }).collect_view()}
        </ol>
    }
    .into_any()
}

#[component]
fn WorkCard(
    item: WorkItem,
    note: Option<CardNote>,
    /// The form as a refused save sent it (it wins over the stored answer).
    returned: Option<super::model::ReturnedAnswer>,
) -> impl IntoView {
    let atx = super::texts::use_texts();
    let lang = use_lang();
    let WorkItem {
        postulate: p,
        due_at,
        overdue,
        answer,
        published,
        ..
    } = item;
    let id = p.id;
    let f = move |name: &str| format!("a{id}-{name}");
    let state = match &answer {
        None => atx.not_answered,
        Some(a) if a.submitted => atx.submitted,
        Some(_) => atx.draft_saved,
    };
    let version = answer.as_ref().map_or(0, |a| a.version);
    // The form as a refused save sent it, or else as it is stored.
    let current = returned.or_else(|| {
        answer.as_ref().map(|a| {
            super::model::ReturnedAnswer::bounded(
                id,
                a.draft.status.as_str(),
                &a.draft.justification,
                a.draft.planned_term.as_deref(),
                a.draft.cost_range.as_deref(),
            )
        })
    });
    let status = current
        .as_ref()
        .and_then(|c| AnswerStatus::parse(&c.status));
    view! {
        <li class="card queue-item" id=format!("p{id}") class:overdue=overdue data-testid="work-item">
            <p class="meta">
                <strong>"#"{id}</strong>" · "{p.district.label()}
                {due_at.map(|d| format!(" · {} {}", atx.due, format_date(lang, &d.local)))}
                {overdue.then(|| view! { " · "<strong class="badge badge-warn">{atx.overdue}</strong> })}
                " · "<span data-testid="answer-state">{state}</span>
                " · "{if published { atx.public_now } else { atx.not_public_yet }}
            </p>
            <p class="postulate-body">{p.body}</p>
            {note.map(|note| match note {
                CardNote::Saved { submitted } => view! {
                    <p class="notice notice-ok" role="status" data-testid="card-note">
                        {match (submitted, published) {
                            (false, _) => atx.draft_saved_note,
                            (true, false) => atx.submitted_note,
                            (true, true) => atx.submitted_public_note,
                        }}
                    </p>
                }.into_any(),
                CardNote::Error(error) => view! {
                    <p class="notice notice-error" role="alert" data-testid="card-note">{error.message(lang)}</p>
                }.into_any(),
            })}
            <form method="post" action="/api/official/answer" class="stack">
                <input type="hidden" name="postulate" value=id.to_string()/>
                <input type="hidden" name="version" value=version.to_string()/>
                <label for=f("status")>{atx.status}</label>
                // No default: one careless click must not promise a project.
                <select id=f("status") name="status" required>
                    <option value="" selected=status.is_none()>{atx.choose_status}</option>
                    {AnswerStatus::ALL.into_iter().map(|s| view! {
                        <option value=s.as_str() selected=status == Some(s)>{atx.status(s)}</option>
                    }).collect_view()}
                </select>
                <label for=f("justification")>{atx.justification}</label>
                <textarea id=f("justification") name="justification" rows="4">
                    {crate::ui::escape_html(current.as_ref().map_or("", |c| c.justification.as_str()))}
                </textarea>
                <label for=f("term")>{atx.planned_term}</label>
                <input id=f("term") name="planned_term" maxlength="120"
                    value=current.as_ref().and_then(|c| c.planned_term.clone())/>
                <label for=f("cost")>{atx.cost_range}</label>
                <input id=f("cost") name="cost_range" maxlength="120"
                    value=current.as_ref().and_then(|c| c.cost_range.clone())/>
                <div class="row">
                    <button type="submit" name="action" value="draft" class="secondary">{atx.save_draft}</button>
                    <button type="submit" name="action" value="submit">{atx.submit}</button>
                </div>
            </form>
        </li>
    }
}
