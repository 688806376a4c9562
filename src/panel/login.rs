use crate::error::AppError;
use leptos::prelude::*;

/// Signs a staff member in (session cookie) and goes to `/panel`.
#[server(endpoint = "staff/login", output = crate::codec::JsonText)]
pub async fn login(email: String, password: String) -> Result<(), AppError> {
    use crate::server::{auth, respond, state};
    respond(async {
        let s = state()?;
        let ip = auth::client_ip(&s).await;
        auth::sign_in(&s, &email, &password, &ip).await?;
        leptos_axum::redirect("/panel");
        Ok(())
    })
    .await
}
