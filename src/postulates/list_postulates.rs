use super::model::{PostulateFilter, PostulateList};
use crate::error::AppError;
use leptos::prelude::*;

/// One page of the current round's approved postulates, filtered by
/// district, meeting, theme and department and searched by text (Polish
/// words typed without diacritics find the words with them), with the
/// filter's choices.
#[server(endpoint = "postulates", output = crate::codec::JsonText)]
pub async fn list_postulates(filter: PostulateFilter) -> Result<PostulateList, AppError> {
    use crate::server::{respond, state};
    respond(async {
        let s = state()?;
        let catalog = s.catalog().await?;
        let page = s.repo.search_postulates(catalog.round.id, &filter).await?;
        let statuses = s.repo.published_status_counts(catalog.round.id).await?;
        Ok(PostulateList {
            filter,
            page,
            districts: catalog.districts.clone(),
            meetings: super::service::meeting_choices(&catalog),
            themes: catalog
                .themes
                .iter()
                .map(|t| (t.code.clone(), t.name.clone()))
                .collect(),
            departments: catalog
                .departments
                .iter()
                .map(|d| (d.code.clone(), d.name.clone()))
                .collect(),
            statuses,
        })
    })
    .await
}
