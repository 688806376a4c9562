use crate::error::AppError;
use leptos::prelude::*;

/// Ends the current session.
#[server(endpoint = "staff/logout", output = crate::codec::JsonText)]
pub async fn logout() -> Result<(), AppError> {
    use crate::server::{auth, respond};
    respond(async {
        let (s, user) = auth::require(&[]).await?;
        auth::sign_out(&s, &user).await?;
        leptos_axum::redirect("/panel/logowanie");
        Ok(())
    })
    .await
}
