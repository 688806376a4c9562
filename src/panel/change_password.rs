use crate::error::AppError;
use leptos::prelude::*;

/// Changes the signed-in member's password (the current one is checked).
#[server(endpoint = "staff/password", output = crate::codec::JsonText)]
pub async fn change_password(current: String, new: String) -> Result<(), AppError> {
    use crate::server::{auth, respond};
    respond(async {
        let (s, user) = auth::require(&[]).await?;
        auth::change_password(&s, &user, &current, &new).await
    })
    .await
}
