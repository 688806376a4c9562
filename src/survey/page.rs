use super::get_survey;
use crate::domain::{SurveyIntro, SurveyPhase};
use crate::i18n::{format_date_time, use_lang, use_texts};
use crate::ui::{loaded, Loading};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn SurveyPage() -> impl IntoView {
    let t = use_texts();
    let survey = Resource::new(|| (), |_| get_survey());
    view! {
        <Title text=t.survey_title/>
        <section class="page">
            <h1>{t.survey_title}</h1>
            <p class="lead">{t.survey_lead}</p>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    loaded(survey.await, |s| view! { <SurveyActions survey=s/> })
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn SurveyActions(survey: SurveyIntro) -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let status = match survey.phase {
        SurveyPhase::Open => format!(
            "{} {}",
            t.survey_open_until,
            format_date_time(lang, &survey.round.survey_closes_at.local)
        ),
        SurveyPhase::NotYetOpen => format!(
            "{} {}",
            t.survey_not_yet_open,
            format_date_time(lang, &survey.round.survey_opens_at.local)
        ),
        SurveyPhase::Closed => t.survey_closed.to_string(),
    };
    view! {
        <p class="round-status">{status}</p>
        <h2>{t.survey_actions_title}</h2>
        <p>{t.survey_max_picks}" "{survey.round.max_picks}"."</p>
        {survey.themes.into_iter().map(|theme| view! {
            <section class="theme">
                <h3>{theme.name.get(lang).to_owned()}</h3>
                <ul>
                    {theme.actions.into_iter().map(|a| view! { <li>{a.label.get(lang).to_owned()}</li> }).collect_view()}
                </ul>
            </section>
        }).collect_view()}
    }
}
