//! `/rundy` (every round residents can look back on) and `/rundy/<slug>`
//! (one round: its districts, survey results, postulates with the city's
//! positions, and meetings) — stable
//! addresses that stay when a newer round becomes the active one. Server
//! HTML, no code of their own.

use super::model::{RoundArchive, RoundSummary};
use super::texts::use_texts;
use super::{get_round_archive, list_rounds};
use crate::domain::RoundStatus;
use crate::i18n::{count_of, format_date_time, texts, use_lang};
use crate::postulates::PostulateCard;
use crate::results::model::Published;
use crate::results::{ActionsChart, NotYet, ParticipationTable, Tops};
use crate::ui::{suspended, MeetingWhenWhere};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ArchivePage() -> impl IntoView {
    let rt = use_texts();
    let data = Resource::new(|| (), |_| list_rounds());
    view! {
        <Title text=rt.archive_title/>
        <section class="page">
            <h1>{rt.archive_title}</h1>
            <p class="lead">{rt.archive_lead}</p>
            {suspended(data, move |rounds: Vec<RoundSummary>| view! {
                <ul class="meetings" data-testid="archive">
                    {rounds.into_iter().map(|r| view! { <RoundCard summary=r/> }).collect_view()}
                </ul>
            })}
        </section>
    }
}

#[component]
fn RoundCard(summary: RoundSummary) -> impl IntoView {
    let rt = use_texts();
    let lang = use_lang();
    let round = summary.round;
    let districts = summary
        .districts
        .iter()
        .map(|d| d.label())
        .collect::<Vec<_>>()
        .join(", ");
    view! {
        <li class="card" data-slug=round.slug.clone()>
            <h2><a href=format!("/rundy/{}", round.slug)>{round.name.clone()}</a></h2>
            {(round.status == RoundStatus::Active).then(|| view! {
                <p><span class="badge">{rt.current_round}</span></p>
            })}
            <p>{districts}</p>
            <p class="hint">
                {rt.survey_period}": "{format_date_time(lang, &round.survey_opens_at.local)}" – "
                {format_date_time(lang, &round.survey_closes_at.local)}" · "
                {count_of(lang, summary.answers, &texts(lang).answers_n)}
            </p>
        </li>
    }
}

#[component]
pub fn RoundArchivePage() -> impl IntoView {
    let slug = use_params_map()
        .read_untracked()
        .get("slug")
        .unwrap_or_default();
    let data = Resource::new(move || slug.clone(), get_round_archive);
    view! { {suspended(data, |archive: RoundArchive| view! { <Archived archive/> })} }
}

#[component]
fn Archived(archive: RoundArchive) -> impl IntoView {
    let rt = use_texts();
    let lang = use_lang();
    let round = archive.summary.round;
    let results = match archive.results {
        Published::NotYet(notice) => {
            view! { <NotYet notice title=rt.results_not_public.to_owned()/> }.into_any()
        }
        Published::Yes(view) => {
            let res = crate::results::texts::texts(lang);
            view! {
                {(view.demo_answers > 0).then(|| view! {
                    <p class="notice" data-testid="demo-answers">
                        <strong>{res.demo_label}</strong>" "
                        {count_of(lang, view.demo_answers, &texts(lang).answers_n)}" "{res.demo_notice}
                    </p>
                })}
                {view.participation.clone().map(|p| view! { <ParticipationTable participation=p/> })}
                <h2>{res.actions_heading}</h2>
                <ActionsChart actions=view.actions.clone() scope=round.name.clone() lang/>
                {(!view.tops.is_empty()).then(|| view! { <Tops view=view.clone() linked=false/> })}
            }
            .into_any()
        }
    };
    view! {
        <Title text=round.name.clone()/>
        <section class="page results" data-testid="round-archive">
            <p><a href="/rundy">{rt.archive_title}</a></p>
            <h1>{round.name.clone()}</h1>
            <p class="lead">
                {rt.survey_period}": "{format_date_time(lang, &round.survey_opens_at.local)}" – "
                {format_date_time(lang, &round.survey_closes_at.local)}
            </p>
            <h2>{rt.results_heading}</h2>
            {results}
            <h2>{rt.postulates_heading}</h2>
            {if archive.postulates.is_empty() {
                view! { <p data-testid="archive-postulates">{rt.postulates_none}</p> }.into_any()
            } else {
                view! {
                    <ul class="postulates" data-testid="archive-postulates">
                        {archive.postulates.into_iter().map(|p| view! { <PostulateCard p/> }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <h2>{rt.meetings_heading}</h2>
            <ul class="meetings" data-testid="archive-meetings">
                {archive.meetings.into_iter().map(|m| view! {
                    <li class="card">
                        <h3><a href=format!("/spotkania/{}", m.id)>{m.district.label()}</a></h3>
                        <MeetingWhenWhere meeting=m/>
                    </li>
                }).collect_view()}
            </ul>
        </section>
    }
}
