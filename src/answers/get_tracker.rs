use super::model::{AnswerStatus, DepartmentTally};
use crate::error::AppError;
use leptos::prelude::*;

/// Who is late (public): per department, the postulates answered, pending
/// and overdue; and the published answers per status.
#[server(endpoint = "postulates/tracker", output = crate::codec::JsonText)]
pub async fn get_tracker() -> Result<(Vec<DepartmentTally>, Vec<(AnswerStatus, i64)>), AppError> {
    use crate::server::{respond, state};
    respond(async {
        let s = state()?;
        let round = s.catalog().await?.round.id;
        Ok((
            s.repo.department_tally(round, s.clock.now_ts()).await?,
            s.repo.published_status_counts(round).await?,
        ))
    })
    .await
}
