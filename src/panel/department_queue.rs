use crate::domain::PublicPostulate;
use crate::error::AppError;
use leptos::prelude::*;

/// Approved postulates assigned to the official's department(s).
#[server(endpoint = "official/queue")]
pub async fn department_queue() -> Result<Vec<PublicPostulate>, AppError> {
    use crate::domain::Role;
    use crate::server::{auth, respond};
    respond(async {
        let (s, user) = auth::require(&[Role::Official]).await?;
        let mut items = Vec::new();
        for grant in user.roles.iter().filter(|g| g.role == Role::Official) {
            if let Some(department) = grant.department_id {
                items.extend(s.repo.department_postulates(department).await?);
            }
        }
        Ok(items)
    })
    .await
}
