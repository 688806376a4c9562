use crate::domain::Meeting;
use crate::error::AppError;
use leptos::prelude::*;

/// Marks a meeting of the current round as held, once it has started
/// (admins, and moderators of the meeting's district). Postulates close
/// with it.
#[server(endpoint = "staff/meetings/held", output = crate::codec::JsonText)]
pub async fn mark_meeting_held(meeting: String) -> Result<Meeting, AppError> {
    use super::manage;
    use crate::domain::{MeetingStatus, Role};
    use crate::error::Invalid;
    use crate::server::db::MeetingChange;
    use crate::server::{auth, respond};
    respond(async {
        let (s, user) = auth::require(&[Role::Admin, Role::Moderator]).await?;
        let current = manage::current_meeting(&s, manage::meeting_id(&meeting)?).await?;
        if !crate::moderation::service::may_moderate(&user, current.district.id) {
            return Err(AppError::Forbidden);
        }
        if current.status == MeetingStatus::Cancelled {
            return Err(AppError::invalid("meeting", Invalid::Unknown));
        }
        if s.clock.now_ts() < current.starts_at.utc {
            return Err(AppError::invalid("meeting", Invalid::NotYet));
        }
        manage::apply(&s, &user, &current, MeetingChange::Held).await
    })
    .await
}
