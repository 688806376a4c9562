use crate::domain::SurveyIntro;
use crate::error::AppError;
use leptos::prelude::*;

/// The current round's survey: its phase, districts and actions by theme.
#[server(endpoint = "survey")]
pub async fn get_survey() -> Result<SurveyIntro, AppError> {
    use crate::server::{respond, state};
    respond(async {
        let s = state()?;
        let round = s.repo.active_round().await?.ok_or(AppError::NotFound)?;
        Ok(SurveyIntro {
            phase: round.phase_at(s.clock.now_ts()),
            districts: s.repo.round_districts(round.id).await?,
            themes: s.repo.themes(round.id).await?,
            round,
        })
    })
    .await
}
