use crate::domain::SurveyData;
use crate::error::AppError;
use leptos::prelude::*;

/// The survey form's content, a fresh start token, and participation so far
/// — or, with `returned` (the key of a form a plain form post came back
/// with), that form as it was sent. Gives the device its token cookie.
#[server(endpoint = "survey", output = crate::codec::JsonText)]
pub async fn get_survey(
    #[server(default)] returned: Option<String>,
) -> Result<SurveyData, AppError> {
    use crate::domain::StartToken;
    use crate::server::{respond, state};
    respond(async {
        let s = state()?;
        let mut data = survey_data(&s).await?;
        if crate::server::page_cache::rendering_template() {
            // The page kept for every visitor without an answer: each gets
            // their own values and device cookie when it is served.
            data.start = crate::server::page_cache::template().clone();
            return Ok(data);
        }
        super::service::ensure_device_cookie(&s).await;
        data.answered = super::service::answered_from_this_device(&s, data.intro.round.id).await?;
        if let Some(form) = match returned {
            Some(key) => super::service::returned_form(&s, &key).await,
            None => None,
        } {
            // The same answer, so the same identity — when it is genuine.
            if super::service::verify_start(&s.signer, &form.client_id, &form.start).is_some() {
                data.start = StartToken {
                    client_id: form.client_id.clone(),
                    token: form.start.clone(),
                };
            }
            data.returned = Some(super::AnswerForm {
                client_id: data.start.client_id.clone(),
                start: data.start.token.clone(),
                ..form
            });
        }
        Ok(data)
    })
    .await
}

/// The current round's survey content with a fresh start token.
#[cfg(feature = "ssr")]
pub async fn survey_data(s: &crate::server::AppState) -> Result<SurveyData, AppError> {
    let catalog = s.catalog().await?;
    let participation = crate::results::participation_of(s, &catalog).await?;
    let phase = catalog.round.phase_at(s.clock.now_ts());
    Ok(data_of(s, &catalog, participation, phase))
}

/// Any round's survey as residents will see it while it is open: what
/// staff preview before activating a round.
#[cfg(feature = "ssr")]
pub async fn preview_data(
    s: &crate::server::AppState,
    catalog: &crate::server::catalog::Catalog,
) -> Result<SurveyData, AppError> {
    let counts = crate::server::catalog::Counts::load(&*s.repo, catalog.round.id).await?;
    let participation = crate::results::participation_from(catalog, &counts.participation);
    Ok(data_of(
        s,
        catalog,
        participation,
        crate::domain::SurveyPhase::Open,
    ))
}

#[cfg(feature = "ssr")]
fn data_of(
    s: &crate::server::AppState,
    catalog: &crate::server::catalog::Catalog,
    participation: crate::domain::Participation,
    phase: crate::domain::SurveyPhase,
) -> SurveyData {
    use super::service::issue_start;
    use super::OTHER_MAX_CHARS;
    use crate::domain::SurveyIntro;
    SurveyData {
        questions: catalog.questions.clone(),
        start: issue_start(&s.signer, s.clock.now_ts()),
        returned: None,
        participation,
        other_max_chars: OTHER_MAX_CHARS,
        answered: None,
        intro: SurveyIntro {
            phase,
            districts: catalog.districts.clone(),
            themes: catalog.themes.clone(),
            round: catalog.round.clone(),
        },
    }
}
