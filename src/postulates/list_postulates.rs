use crate::domain::PublicPostulate;
use crate::error::AppError;
use leptos::prelude::*;

/// The current round's approved postulates, oldest first.
#[server(endpoint = "postulates")]
pub async fn list_postulates() -> Result<Vec<PublicPostulate>, AppError> {
    use crate::server::{respond, state};
    respond(async {
        let s = state()?;
        let round = s.repo.active_round().await?.ok_or(AppError::NotFound)?;
        Ok(s.repo.public_postulates(round.id).await?)
    })
    .await
}
