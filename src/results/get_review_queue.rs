use super::manage::ReviewQueue;
use crate::error::AppError;
use leptos::prelude::*;

/// What `/panel/wyniki` shows: the round's results visibility, the "other
/// needs" waiting for review (oldest first, 20 at a time) and the phrases
/// approved so far. Moderators (a district-limited one sees its
/// districts' only) and admins.
#[server(endpoint = "staff/results/queue", output = crate::codec::JsonText)]
pub async fn get_review_queue() -> Result<ReviewQueue, AppError> {
    use super::manage::PendingText;
    use crate::domain::Role;
    use crate::server::{auth, respond};
    respond(async {
        let (s, user) = auth::require(&[Role::Admin, Role::Moderator]).await?;
        let catalog = s.catalog().await?;
        let scope = crate::moderation::service::district_scope(&user);
        let (pending, waiting) = s
            .repo
            .pending_needs(catalog.round.id, scope.as_deref(), 20)
            .await?;
        Ok(ReviewQueue {
            visibility: catalog.round.results_visibility,
            waiting,
            pending: pending
                .into_iter()
                .map(|p| PendingText {
                    response_id: p.response_id,
                    district: catalog
                        .districts
                        .iter()
                        .find(|d| d.id == p.district_id)
                        .map(|d| d.label())
                        .unwrap_or_default(),
                    text: p.text,
                })
                .collect(),
            phrases: s.repo.need_phrases(catalog.round.id).await?,
        })
    })
    .await
}
