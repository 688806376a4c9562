use crate::domain::SurveyData;
use crate::error::AppError;
use leptos::prelude::*;

/// The survey of the round with `slug` as residents will see it once it
/// is open (admins): its districts, themes, actions and questions.
#[server(endpoint = "admin/rounds/preview", output = crate::codec::JsonText)]
pub async fn get_survey_preview(slug: String) -> Result<SurveyData, AppError> {
    use crate::domain::Role;
    use crate::server::catalog::Catalog;
    use crate::server::{auth, respond};
    respond(async {
        let (s, _) = auth::require(&[Role::Admin]).await?;
        let round = s
            .repo
            .round_by_slug(&slug)
            .await?
            .ok_or(AppError::NotFound)?;
        let catalog = Catalog::of_round(&*s.repo, round).await?;
        crate::survey::get_survey::preview_data(&s, &catalog).await
    })
    .await
}
