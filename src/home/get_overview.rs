use crate::domain::Overview;
use crate::error::AppError;
use leptos::prelude::*;

/// The current round, its districts and meetings, and the next meeting.
#[server(endpoint = "overview", output = crate::codec::JsonText)]
pub async fn get_overview() -> Result<Overview, AppError> {
    use crate::server::{respond, state};
    respond(async {
        let s = state()?;
        let catalog = s.catalog().await?;
        let now = s.clock.now_ts();
        let meetings = catalog.meetings.clone();
        let next_meeting = meetings.iter().find(|m| m.ends_at.utc > now).cloned();
        Ok(Overview {
            participation: crate::results::participation_of(&s, &catalog).await?,
            phase: catalog.round.phase_at(now),
            round: catalog.round.clone(),
            districts: catalog.districts.clone(),
            meetings,
            next_meeting,
        })
    })
    .await
}
