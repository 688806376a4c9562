use super::model::RoundSummary;
use crate::error::AppError;
use leptos::prelude::*;

/// The rounds residents can look back on — the active one first, then the
/// archived ones, newest first (rounds in preparation are not public).
#[server(endpoint = "rounds", output = crate::codec::JsonText)]
pub async fn list_rounds() -> Result<Vec<RoundSummary>, AppError> {
    use crate::domain::RoundStatus;
    use crate::server::{respond, state};
    respond(async {
        let s = state()?;
        let mut rounds = s.repo.rounds().await?;
        rounds.retain(|r| r.status != RoundStatus::Draft);
        // Active first; `rounds()` is newest first already.
        rounds.sort_by_key(|r| r.status != RoundStatus::Active);
        let mut out = Vec::with_capacity(rounds.len());
        for round in rounds {
            out.push(super::service::summary(&s, round).await?);
        }
        Ok(out)
    })
    .await
}
