use super::model::WorkItem;
use crate::error::AppError;
use leptos::prelude::*;

/// The postulates assigned to the official's department(s), overdue first,
/// with their answers (drafts included). Officials only.
#[server(endpoint = "official/queue")]
pub async fn get_work_queue() -> Result<Vec<WorkItem>, AppError> {
    use crate::domain::Role;
    use crate::server::{auth, respond};
    respond(async {
        let (s, user) = auth::require(&[Role::Official]).await?;
        let round = s.catalog().await?.round.id;
        Ok(s.repo
            .work_queue(
                round,
                &super::service::departments_of(&user),
                s.clock.now_ts(),
            )
            .await?)
    })
    .await
}
