use crate::error::AppError;
use leptos::prelude::*;

/// Makes a round in preparation the active one (admins; audited; the
/// active round itself is left as it is; an archived one stays archived):
/// it needs
/// districts and at least one action, and its survey may not overlap the
/// active round's, which moves to the archive. Every page shows the new
/// round on the next request.
#[server(endpoint = "admin/rounds/activate", output = crate::codec::JsonText)]
pub async fn activate_round(round: i64) -> Result<(), AppError> {
    use crate::domain::{Role, RoundStatus};
    use crate::error::Invalid;
    use crate::server::{auth, respond};
    respond(async {
        let (s, admin) = auth::require(&[Role::Admin]).await?;
        match super::service::round(&s, round).await?.status {
            RoundStatus::Draft => {}
            // Sent twice (a double click, a retried post): done already.
            RoundStatus::Active => return Ok(()),
            RoundStatus::Archived => return Err(AppError::invalid("round", Invalid::NotAllowed)),
        }
        let settings = s
            .repo
            .round_settings(round)
            .await?
            .ok_or(AppError::NotFound)?;
        settings.check()?;
        let actions: usize = s
            .repo
            .themes(round)
            .await?
            .iter()
            .map(|t| t.actions.len())
            .sum();
        if actions == 0 {
            return Err(AppError::invalid("content", Invalid::Missing));
        }
        no_overlap(&s, &settings, round).await?;
        let archived = s.repo.activate_round(round).await?;
        s.changed(crate::server::live::Changed::ALL);
        let details = archived.map(|id| format!("poprzednia runda nr {id} w archiwum"));
        auth::audit(
            &s,
            Some(admin.id),
            "round_activated",
            "round",
            Some(&round.to_string()),
            details.as_deref(),
        )
        .await
    })
    .await
}

/// Refuses settings whose survey period overlaps the active round's (other
/// than `round` itself): two surveys at once would split the residents.
#[cfg(feature = "ssr")]
pub async fn no_overlap(
    s: &crate::server::AppState,
    settings: &super::model::RoundSettings,
    round: crate::domain::Id,
) -> Result<(), AppError> {
    use crate::error::Invalid;
    match s.repo.active_round().await? {
        Some(active) if active.id != round && settings.overlaps(&active) => {
            Err(AppError::invalid("survey_opens_at", Invalid::Overlap))
        }
        _ => Ok(()),
    }
}
