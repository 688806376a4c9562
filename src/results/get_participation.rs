use crate::domain::Participation;
use crate::error::AppError;
use leptos::prelude::*;

/// How many answers each district of the current round has so far.
#[server(endpoint = "participation")]
pub async fn get_participation() -> Result<Participation, AppError> {
    use crate::server::{respond, state};
    respond(async {
        let s = state()?;
        let round = s.repo.active_round().await?.ok_or(AppError::NotFound)?;
        participation_of(&s, &round).await
    })
    .await
}

/// Answers so far in a round, per district, from the maintained counters.
#[cfg(feature = "ssr")]
pub async fn participation_of(
    s: &crate::server::AppState,
    round: &crate::domain::Round,
) -> Result<Participation, AppError> {
    use crate::domain::DistrictParticipation;
    let counts = s.repo.participation(round.id).await?;
    let districts: Vec<DistrictParticipation> = s
        .repo
        .round_districts(round.id)
        .await?
        .into_iter()
        .map(|district| DistrictParticipation {
            answers: counts
                .iter()
                .find(|c| c.district_id == district.id)
                .map_or(0, |c| c.answers),
            district,
        })
        .collect();
    Ok(Participation {
        round_name: round.name.clone(),
        total: districts.iter().map(|d| d.answers).sum(),
        districts,
        by_source: s.repo.participation_by_source(round.id).await?,
    })
}
