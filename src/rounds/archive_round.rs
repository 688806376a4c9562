use crate::error::AppError;
use leptos::prelude::*;

/// Moves a round — the active one, or one in preparation that will not
/// run — to the archive (admins; audited): it leaves the home page,
/// its results, meetings and postulates stay readable at its archive
/// address.
#[server(endpoint = "admin/rounds/archive", output = crate::codec::JsonText)]
pub async fn archive_round(round: i64) -> Result<(), AppError> {
    use crate::domain::{Role, RoundStatus};
    use crate::server::{auth, respond};
    respond(async {
        let (s, admin) = auth::require(&[Role::Admin]).await?;
        let target = super::service::round(&s, round).await?;
        if target.status == RoundStatus::Archived {
            // Sent twice: done already.
            return Ok(());
        }
        s.repo
            .set_round_status(round, RoundStatus::Archived)
            .await?;
        s.changed(crate::server::live::Changed::ALL);
        auth::audit(
            &s,
            Some(admin.id),
            "round_archived",
            "round",
            Some(&round.to_string()),
            Some(&target.slug),
        )
        .await
    })
    .await
}
