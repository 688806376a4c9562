//! The public side of the answers: a postulate's page with the city's
//! position and its dated history (`/postulaty/nr/<id>`), who has answered
//! (`/postulaty/wydzialy`, with the positions per kind as a chart), and
//! the printable list of a district (`/postulaty/spis/<numeral>`).

use super::model::{AnswerDraft, AnswerStatus, DepartmentTally, PostulateAnswers};
use super::{get_district_list, get_postulate_answers, get_tracker};
use crate::i18n::{format_date, use_lang};
use crate::results::chart::{Bar, BarChart};
use crate::ui::{suspended, TableWrap};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// A published position: its status, justification, term and cost.
#[component]
pub fn Position(answer: AnswerDraft) -> impl IntoView {
    let atx = super::texts::use_texts();
    view! {
        <div class="position" data-testid="position">
            <p><strong>{atx.answer_status}": "</strong>
                <span class=format!("answer-status answer-{}", answer.status.as_str())>{atx.status(answer.status)}</span></p>
            <p class="postulate-body">{answer.justification}</p>
            {answer.planned_term.map(|t| view! { <p>{atx.public_planned_term}": "{t}</p> })}
            {answer.cost_range.map(|c| view! { <p>{atx.public_cost_range}": "{c}</p> })}
        </div>
    }
}

#[component]
pub fn PostulateAnswersPage() -> impl IntoView {
    let id = use_params_map()
        .read_untracked()
        .get("id")
        .and_then(|id| id.parse().ok())
        .unwrap_or(0);
    let page = Resource::new(move || id, get_postulate_answers);
    suspended(page, |page| view! { <PostulateWithAnswer page/> })
}

#[component]
fn PostulateWithAnswer(page: PostulateAnswers) -> impl IntoView {
    let atx = super::texts::use_texts();
    let ptx = crate::postulates::texts::use_texts();
    let lang = use_lang();
    let reconsidered = page.reconsidered();
    let PostulateAnswers {
        postulate: p,
        answer,
        history,
        merged_from,
        ..
    } = page;
    let title = format!("{} #{}", atx.postulate_title, p.id);
    view! {
        <Title text=title.clone()/>
        <section class="page">
            <h1>{title}</h1>
            {merged_from.map(|_| view! { <p class="notice" data-testid="merged-here">{atx.merged_here}</p> })}
            <p class="postulate-body lead">{p.body.clone()}</p>
            <p class="meta">
                {p.district.label()}" · "{format_date(lang, &p.submitted_at.local)}
                {p.department.clone().map(|d| view! { " · "{d} })}
                " · "{ptx.me_too_count}" "{p.me_too}
            </p>
            {p.meeting_id.map(|m| view! { <p><a href=format!("/spotkania/{m}")>{ptx.to_meeting}</a></p> })}
            <h2>{atx.position}</h2>
            {match answer {
                Some(a) => view! { <Position answer=a.draft/> }.into_any(),
                None if reconsidered => view! {
                    <p class="notice" data-testid="reconsidered">{atx.reconsidered}</p>
                }.into_any(),
                None => view! { <p class="notice">{atx.no_answer_yet}</p> }.into_any(),
            }}
            {(!history.is_empty()).then(|| view! {
                <h2>{atx.history}</h2>
                <ol class="history" data-testid="answer-history">
                    {history.into_iter().map(|h| view! {
                        <li>
                            <time>{format_date(lang, &h.at.local)}</time>" · "{atx.history_action(&h.action)}
                            {h.department.map(|d| format!(" · {d}"))}
                            {h.status.map(|s| format!(" · {}", atx.status(s)))}
                            {h.reason.map(|r| format!(" · {r}"))}
                            {h.justification.map(|j| view! { <p class="postulate-body">{j}</p> })}
                        </li>
                    }).collect_view()}
                </ol>
            })}
        </section>
    }
}

/// Answered, pending and overdue per department.
#[component]
pub fn TrackerTable(tally: Vec<DepartmentTally>) -> impl IntoView {
    let atx = super::texts::use_texts();
    let lang = use_lang();
    view! {
        <TableWrap label=atx.tracker_title.to_owned()>
            <table data-testid="tracker">
                <thead><tr>
                    <th scope="col">{atx.department}</th>
                    <th scope="col">{atx.answered}</th>
                    <th scope="col">{atx.pending}</th>
                    <th scope="col">{atx.overdue}</th>
                </tr></thead>
                <tbody>
                    {tally.into_iter().map(|t| {
                        let late = t.overdue > 0;
                        view! {
                        <tr>
                            <th scope="row">{t.name.get(lang).to_owned()}</th>
                            <td>{t.answered}</td>
                            <td>{t.pending}</td>
                            <td class:late=late>{t.overdue}</td>
                        </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </TableWrap>
    }
}

/// The published positions per kind, as a bar chart with its table.
#[component]
pub fn StatusChart(counts: Vec<(AnswerStatus, i64)>) -> impl IntoView {
    let atx = super::texts::use_texts();
    let bars = counts
        .iter()
        .map(|(s, n)| Bar {
            label: atx.status(*s).to_owned(),
            value: *n as f64,
            text: n.to_string(),
        })
        .collect();
    view! {
        <BarChart id="answers-by-status".into() title=atx.by_status.into()
            desc=atx.by_status_desc.into() axis=atx.answers_axis.into() bars/>
    }
}

#[component]
pub fn TrackerPage() -> impl IntoView {
    let atx = super::texts::use_texts();
    let data = Resource::new(|| (), |_| get_tracker());
    view! {
        <Title text=atx.tracker_title/>
        <section class="page">
            <h1>{atx.tracker_title}</h1>
            <p class="lead">{atx.tracker_lead}</p>
            {suspended(data, |(tally, counts)| view! {
                <TrackerTable tally/>
                <StatusChart counts/>
            })}
        </section>
    }
}

/// `/postulaty/spis/<numeral>`: a district's postulates with the city's
/// positions, to print (the print styles drop the site's navigation).
#[component]
pub fn DistrictListPage() -> impl IntoView {
    let numeral = use_params_map()
        .read_untracked()
        .get("dzielnica")
        .unwrap_or_default();
    let list = Resource::new(move || numeral.clone(), get_district_list);
    suspended(list, |(round, district, items)| {
        let atx = super::texts::use_texts();
        let lang = use_lang();
        let title = format!("{} — {}", atx.print_title, district.label());
        view! {
            <Title text=title.clone()/>
            <article class="page print-list" data-testid="print-list">
                <p class="meta">{round}</p>
                <h1>{title}</h1>
                <ol class="print-items">
                    {items.into_iter().map(|p| view! {
                        <li>
                            <p class="postulate-body"><strong>"#"{p.id}" "</strong>{p.body}</p>
                            <p class="meta">
                                {format_date(lang, &p.submitted_at.local)}
                                {p.department.map(|d| format!(" · {d}"))}
                            </p>
                            {match p.answer {
                                Some(answer) => view! { <Position answer/> }.into_any(),
                                None => view! { <p class="meta">{atx.no_answer_yet}</p> }.into_any(),
                            }}
                        </li>
                    }).collect_view()}
                </ol>
            </article>
        }
    })
}
