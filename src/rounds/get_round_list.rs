use super::model::RoundList;
use crate::error::AppError;
use leptos::prelude::*;

/// Every round with its districts and answers, and the districts a new
/// round picks from (admins).
#[server(endpoint = "admin/rounds", output = crate::codec::JsonText)]
pub async fn get_round_list() -> Result<RoundList, AppError> {
    use crate::domain::Role;
    use crate::server::{auth, respond};
    respond(async {
        let (s, _) = auth::require(&[Role::Admin]).await?;
        let mut rounds = Vec::new();
        for round in s.repo.rounds().await? {
            rounds.push(super::service::summary(&s, round).await?);
        }
        Ok(RoundList {
            rounds,
            districts: s.repo.all_districts().await?,
        })
    })
    .await
}
