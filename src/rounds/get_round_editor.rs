use super::model::RoundEditor;
use crate::error::AppError;
use leptos::prelude::*;

/// What the edit page of the round with `slug` shows (admins).
#[server(endpoint = "admin/rounds/editor", output = crate::codec::JsonText)]
pub async fn get_round_editor(slug: String) -> Result<RoundEditor, AppError> {
    use crate::domain::Role;
    use crate::server::{auth, respond};
    respond(async {
        let (s, _) = auth::require(&[Role::Admin]).await?;
        super::service::editor(&s, &slug).await
    })
    .await
}
