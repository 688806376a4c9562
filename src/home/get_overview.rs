use crate::domain::Overview;
use crate::error::AppError;
use leptos::prelude::*;

/// The current round, its districts and meetings, and the next meeting.
#[server(endpoint = "overview")]
pub async fn get_overview() -> Result<Overview, AppError> {
    use crate::server::{respond, state};
    respond(async {
        let s = state()?;
        let round = s.repo.active_round().await?.ok_or(AppError::NotFound)?;
        let now = s.clock.now_ts();
        let districts = s.repo.round_districts(round.id).await?;
        let meetings = s.repo.meetings(round.id).await?;
        let next_meeting = meetings.iter().find(|m| m.ends_at.utc > now).cloned();
        Ok(Overview {
            participation: crate::results::participation_of(&s, &round).await?,
            phase: round.phase_at(now),
            round,
            districts,
            meetings,
            next_meeting,
        })
    })
    .await
}
