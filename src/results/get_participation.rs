use crate::domain::Participation;
use crate::error::AppError;
use leptos::prelude::*;

/// How many answers each district of the current round has so far.
#[server(endpoint = "participation", output = crate::codec::JsonText)]
pub async fn get_participation() -> Result<Participation, AppError> {
    use crate::server::{respond, state};
    respond(async {
        let s = state()?;
        participation_of(&s, &*s.catalog().await?).await
    })
    .await
}

/// Answers so far in the active round, per district and per source, from
/// the maintained counters (kept in memory until the next stored answer).
#[cfg(feature = "ssr")]
pub async fn participation_of(
    s: &crate::server::AppState,
    catalog: &crate::server::catalog::Catalog,
) -> Result<Participation, AppError> {
    let counts = s.counts(catalog.round.id).await?;
    Ok(participation_from(catalog, &counts.participation))
}

/// Participation from the counters already read.
#[cfg(feature = "ssr")]
pub fn participation_from(
    catalog: &crate::server::catalog::Catalog,
    counts: &[crate::server::db::ParticipationCount],
) -> Participation {
    use crate::domain::{AnswerSource, DistrictParticipation};
    let districts: Vec<DistrictParticipation> = catalog
        .districts
        .iter()
        .map(|district| DistrictParticipation {
            answers: counts
                .iter()
                .filter(|c| c.district_id == district.id)
                .map(|c| c.answers)
                .sum(),
            district: district.clone(),
        })
        .collect();
    let by_source = AnswerSource::ALL
        .into_iter()
        .filter_map(|source| {
            let n: i64 = counts
                .iter()
                .filter(|c| c.source == source)
                .map(|c| c.answers)
                .sum();
            (n > 0).then_some((source, n))
        })
        .collect();
    Participation {
        round_name: catalog.round.name.clone(),
        total: districts.iter().map(|d| d.answers).sum(),
        districts,
        by_source,
    }
}
