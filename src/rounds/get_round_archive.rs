use super::model::RoundArchive;
use crate::error::AppError;
use leptos::prelude::*;

/// A round's archive page: its districts, survey results (as the results
/// pages decide who may see them), meetings, and approved postulates with
/// their published positions. Rounds in preparation are not found.
#[server(endpoint = "rounds/archive", output = crate::codec::JsonText)]
pub async fn get_round_archive(slug: String) -> Result<RoundArchive, AppError> {
    use crate::domain::RoundStatus;
    use crate::results::model::ResultsQuery;
    use crate::server::catalog::{Catalog, Counts};
    use crate::server::{request_headers, respond, state};
    respond(async {
        let s = state()?;
        let round = s
            .repo
            .round_by_slug(&slug)
            .await?
            .filter(|r| r.status != RoundStatus::Draft)
            .ok_or(AppError::NotFound)?;
        let catalog = Catalog::of_round(&*s.repo, round.clone()).await?;
        let counts = Counts::load(&*s.repo, round.id).await?;
        let results = crate::results::build::results_of(
            &s,
            &catalog,
            &counts,
            &request_headers(),
            ResultsQuery::default(),
        )
        .await?;
        let postulates = s
            .repo
            .export_postulates(round.id, &Default::default(), false)
            .await?
            .into_iter()
            .map(|row| row.postulate)
            .collect();
        Ok(RoundArchive {
            postulates,
            meetings: catalog.meetings.clone(),
            summary: super::service::summary(&s, round).await?,
            results,
        })
    })
    .await
}
