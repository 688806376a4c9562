// Each field of the plain HTML form is one argument of the server function
// (also in the browser stub the macro writes).
#![allow(clippy::too_many_arguments)]

use crate::domain::Id;
use crate::error::AppError;
use leptos::prelude::*;

/// Adds a meeting to the current round (admins): district, day and time,
/// venue, address, room, accessibility and who attends (one per line:
/// `name; title; department code`).
#[server(endpoint = "admin/meetings/create", output = crate::codec::JsonText)]
pub async fn create_meeting(
    district: String,
    date: String,
    begins: String,
    ends: String,
    venue: String,
    address: String,
    #[server(default)] room: String,
    #[server(default)] step_free: Option<String>,
    #[server(default)] induction_loop: Option<String>,
    #[server(default)] sign_language: Option<String>,
    #[server(default)] officials: String,
) -> Result<Id, AppError> {
    use super::manage;
    use crate::domain::Role;
    use crate::error::Invalid;
    use crate::server::{auth, respond};
    respond(async {
        let (s, admin) = auth::require(&[Role::Admin]).await?;
        let catalog = s.catalog().await?;
        let district_id = catalog
            .districts
            .iter()
            .find(|d| d.id.to_string() == district.trim() || d.numeral == district.trim())
            .map(|d| d.id)
            .ok_or_else(|| AppError::invalid("district", Invalid::Unknown))?;
        let (starts_at, ends_at) = manage::meeting_time(&date, &begins, &ends, &catalog.round)?;
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
        let now = s.clock.now_ts();
        let id = s
            .repo
            .create_meeting(
                catalog.round.id,
                district_id,
                starts_at,
                ends_at,
                &details,
                now,
            )
            .await?;
        s.changed(crate::server::live::Changed::CATALOG);
        auth::audit(
            &s,
            Some(admin.id),
            "meeting_created",
            "meeting",
            Some(&id.to_string()),
            Some(&format!("{}, {}", details.venue, details.address)),
        )
        .await?;
        Ok(id)
    })
    .await
}
