use crate::domain::StaffDirectory;
use crate::error::AppError;
use leptos::prelude::*;

/// All staff accounts with their roles, and the current round's districts
/// (admins only).
#[server(endpoint = "admin/staff", output = crate::codec::JsonText)]
pub async fn list_staff() -> Result<StaffDirectory, AppError> {
    use crate::domain::Role;
    use crate::server::{auth, respond};
    respond(async {
        let (s, _) = auth::require(&[Role::Admin]).await?;
        let districts = match s.repo.active_round().await? {
            Some(round) => s.repo.round_districts(round.id).await?,
            None => Vec::new(),
        };
        Ok(StaffDirectory {
            staff: s.repo.list_staff().await?,
            districts,
        })
    })
    .await
}
