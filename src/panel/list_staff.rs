use crate::domain::StaffUser;
use crate::error::AppError;
use leptos::prelude::*;

/// All staff accounts (admins only).
#[server(endpoint = "admin/staff")]
pub async fn list_staff() -> Result<Vec<StaffUser>, AppError> {
    use crate::domain::Role;
    use crate::server::{auth, respond};
    respond(async {
        let (s, _) = auth::require(&[Role::Admin]).await?;
        Ok(s.repo.list_staff().await?)
    })
    .await
}
