// Each field of the plain HTML form is one argument of the server function
// (also in the browser stub the macro writes).
#![allow(clippy::too_many_arguments)]

use crate::domain::Meeting;
use crate::error::AppError;
use leptos::prelude::*;

/// Changes where a meeting of the current round is held and who attends
/// (admins); calendars get the change (SEQUENCE rises). Its time changes
/// with [`super::move_meeting`], which keeps the old one visible.
#[server(endpoint = "admin/meetings/edit", output = crate::codec::JsonText)]
pub async fn edit_meeting(
    meeting: String,
    venue: String,
    address: String,
    #[server(default)] room: String,
    #[server(default)] step_free: Option<String>,
    #[server(default)] induction_loop: Option<String>,
    #[server(default)] sign_language: Option<String>,
    #[server(default)] officials: String,
) -> Result<Meeting, AppError> {
    use super::manage;
    use crate::domain::Role;
    use crate::server::{auth, respond};
    respond(async {
        let (s, admin) = auth::require(&[Role::Admin]).await?;
        let current = manage::current_meeting(&s, manage::meeting_id(&meeting)?).await?;
        let details = manage::PlaceForm {
            venue: &venue,
            address: &address,
            room: &room,
            step_free: step_free.is_some(),
            induction_loop: induction_loop.is_some(),
            sign_language: sign_language.is_some(),
            officials: &officials,
        }
        .details(&s)
        .await?;
        let updated = s
            .repo
            .update_meeting_details(current.id, &details, s.clock.now_ts())
            .await?
            .ok_or(AppError::NotFound)?;
        s.changed(crate::server::live::Changed::CATALOG);
        auth::audit(
            &s,
            Some(admin.id),
            "meeting_edited",
            "meeting",
            Some(&current.id.to_string()),
            Some(&format!("{}, {}", details.venue, details.address)),
        )
        .await?;
        Ok(updated)
    })
    .await
}
