use crate::domain::MeetingList;
use crate::error::AppError;
use leptos::prelude::*;

/// The current round's meetings, soonest first.
#[server(endpoint = "meetings")]
pub async fn list_meetings() -> Result<MeetingList, AppError> {
    use crate::server::{respond, state};
    respond(async {
        let s = state()?;
        Ok(MeetingList {
            now: s.clock.now_ts(),
            meetings: s.catalog().await?.meetings.clone(),
        })
    })
    .await
}
