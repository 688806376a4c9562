use crate::domain::Meeting;
use crate::error::AppError;
use leptos::prelude::*;

/// Cancels a meeting of the current round, with the reason residents read
/// (admins).
#[server(endpoint = "admin/meetings/cancel", output = crate::codec::JsonText)]
pub async fn cancel_meeting(meeting: String, reason: String) -> Result<Meeting, AppError> {
    use super::manage;
    use crate::domain::{MeetingStatus, Role};
    use crate::error::Invalid;
    use crate::server::db::MeetingChange;
    use crate::server::{auth, respond};
    respond(async {
        let (s, admin) = auth::require(&[Role::Admin]).await?;
        let current = manage::current_meeting(&s, manage::meeting_id(&meeting)?).await?;
        if current.status == MeetingStatus::Held {
            return Err(AppError::invalid("meeting", Invalid::Unknown));
        }
        let reason = manage::reason(&reason)?;
        manage::apply(&s, &admin, &current, MeetingChange::Cancel { reason }).await
    })
    .await
}
