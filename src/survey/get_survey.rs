use crate::domain::SurveyData;
use crate::error::AppError;
use leptos::prelude::*;

/// The survey form's content, a fresh start token, and participation so far.
/// Gives the device its token cookie.
#[server(endpoint = "survey")]
pub async fn get_survey() -> Result<SurveyData, AppError> {
    use crate::server::{respond, state};
    respond(async {
        let s = state()?;
        super::service::ensure_device_cookie();
        survey_data(&s).await
    })
    .await
}

/// The current round's survey content with a fresh start token.
#[cfg(feature = "ssr")]
pub async fn survey_data(s: &crate::server::AppState) -> Result<SurveyData, AppError> {
    use super::service::issue_start;
    use super::OTHER_MAX_CHARS;
    use crate::domain::SurveyIntro;
    let round = s.repo.active_round().await?.ok_or(AppError::NotFound)?;
    let now = s.clock.now_ts();
    Ok(SurveyData {
        questions: s.repo.profile_questions(round.id).await?,
        start: issue_start(&s.signer, now),
        participation: crate::results::participation_of(s, &round).await?,
        other_max_chars: OTHER_MAX_CHARS,
        intro: SurveyIntro {
            phase: round.phase_at(now),
            districts: s.repo.round_districts(round.id).await?,
            themes: s.repo.themes(round.id).await?,
            round,
        },
    })
}
