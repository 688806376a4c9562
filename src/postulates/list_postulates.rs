use crate::domain::PublicPostulate;
use crate::error::AppError;
use leptos::prelude::*;

/// The current round's approved postulates, oldest first.
#[server(endpoint = "postulates")]
pub async fn list_postulates() -> Result<Vec<PublicPostulate>, AppError> {
    use crate::server::{respond, state};
    respond(async {
        let s = state()?;
        let round_id = s.catalog().await?.round.id;
        Ok(s.repo.public_postulates(round_id).await?)
    })
    .await
}
