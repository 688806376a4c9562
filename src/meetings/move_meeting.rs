use crate::domain::Meeting;
use crate::error::AppError;
use leptos::prelude::*;

/// Moves a meeting of the current round to another day and time (admins):
/// the old start is kept and shown struck through, with the reason.
#[server(endpoint = "admin/meetings/move", output = crate::codec::JsonText)]
pub async fn move_meeting(
    meeting: String,
    date: String,
    begins: String,
    ends: String,
    reason: String,
) -> Result<Meeting, AppError> {
    use super::manage;
    use crate::domain::Role;
    use crate::server::db::MeetingChange;
    use crate::server::{auth, respond};
    respond(async {
        let (s, admin) = auth::require(&[Role::Admin]).await?;
        let current = manage::current_meeting(&s, manage::meeting_id(&meeting)?).await?;
        let round = s.catalog().await?.round.clone();
        let (starts_at, ends_at) = manage::new_time(&current, &date, &begins, &ends, &round)?;
        let reason = manage::reason(&reason)?;
        let change = MeetingChange::Move {
            starts_at,
            ends_at,
            reason,
        };
        manage::apply(&s, &admin, &current, change).await
    })
    .await
}
