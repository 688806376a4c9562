use crate::domain::SurveyData;
use crate::error::AppError;
use leptos::prelude::*;

/// The survey for assisted entry (moderators and admins): like `get_survey`,
/// without a device cookie.
#[server(endpoint = "survey/kiosk", output = crate::codec::JsonText)]
pub async fn get_kiosk() -> Result<SurveyData, AppError> {
    use crate::domain::Role;
    use crate::server::{auth, respond};
    respond(async {
        let (s, _) = auth::require(&[Role::Moderator, Role::Admin]).await?;
        super::get_survey::survey_data(&s).await
    })
    .await
}
