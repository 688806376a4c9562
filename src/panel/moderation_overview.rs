use crate::domain::ModerationItem;
use crate::error::AppError;
use leptos::prelude::*;

/// The round's meetings with their postulate counts (moderators and
/// admins; a moderator limited to a district sees that district's
/// meetings only).
#[server(endpoint = "moderation/overview", output = crate::codec::JsonText)]
pub async fn moderation_overview() -> Result<Vec<ModerationItem>, AppError> {
    use crate::domain::Role;
    use crate::server::{auth, respond};
    respond(async {
        let (s, user) = auth::require(&[Role::Moderator, Role::Admin]).await?;
        let round = s.repo.active_round().await?.ok_or(AppError::NotFound)?;
        let counts = s.repo.meeting_counts(round.id).await?;
        Ok(s.repo
            .meetings(round.id)
            .await?
            .into_iter()
            .filter(|m| crate::moderation::service::may_moderate(&user, m.district.id))
            .map(|meeting| {
                let c = counts.iter().find(|c| c.meeting_id == meeting.id);
                ModerationItem {
                    submitted: c.map_or(0, |c| c.submitted),
                    approved: c.map_or(0, |c| c.approved),
                    meeting,
                }
            })
            .collect())
    })
    .await
}
