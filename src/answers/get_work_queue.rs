use super::model::{WorkFilter, WorkQueue};
use crate::error::AppError;
use leptos::prelude::*;

/// The postulates assigned to the official's department(s), overdue first,
/// with their answers (drafts included), filtered by district, meeting,
/// answer state and due date; with `returned` (its key), a refused form
/// as it was sent. Officials only.
#[server(endpoint = "official/queue", output = crate::codec::JsonText)]
pub async fn get_work_queue(
    #[server(default)] filter: WorkFilter,
    #[server(default)] returned: Option<String>,
) -> Result<WorkQueue, AppError> {
    use crate::domain::Role;
    use crate::server::{auth, respond};
    respond(async {
        let (s, user) = auth::require(&[Role::Official]).await?;
        let catalog = s.catalog().await?;
        let now = s.clock.now_ts();
        let all = s
            .repo
            .work_queue(
                catalog.round.id,
                &super::service::departments_of(&user),
                now,
            )
            .await?;
        let total = all.len();
        let returned = match returned {
            Some(key) => crate::server::returned::take(&s, &key).await,
            None => None,
        };
        Ok(WorkQueue {
            returned,
            items: all.into_iter().filter(|i| filter.keeps(i, now)).collect(),
            total,
            filter,
            districts: catalog.districts.clone(),
            meetings: crate::postulates::service::meeting_choices(&catalog),
        })
    })
    .await
}
