use crate::domain::{Id, Meeting};
use crate::error::AppError;
use leptos::prelude::*;

/// One meeting, with the officials who attend it.
#[server(endpoint = "meeting")]
pub async fn get_meeting(id: Id) -> Result<Meeting, AppError> {
    use crate::server::{respond, state};
    respond(async {
        let s = state()?;
        let catalog = s.catalog().await?;
        match catalog.meetings.iter().find(|m| m.id == id) {
            Some(meeting) => Ok(meeting.clone()),
            // A meeting of an earlier round.
            None => s.repo.meeting(id).await?.ok_or(AppError::NotFound),
        }
    })
    .await
}
