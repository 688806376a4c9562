use super::model::ConsoleView;
use crate::error::AppError;
use leptos::prelude::*;

/// A meeting's moderation console: every postulate with its history, the
/// live state, and the choices (themes, departments, districts).
/// Moderators of the meeting's district and admins.
#[server(endpoint = "moderation/console", output = crate::codec::JsonText)]
pub async fn get_console(meeting: String) -> Result<ConsoleView, AppError> {
    use crate::server::respond;
    respond(async {
        let (s, _, meeting) = super::service::require_meeting(&meeting).await?;
        let catalog = s.catalog().await?;
        let (state, _, last_event) =
            crate::postulates::service::live_snapshot(&s, meeting.id).await?;
        let slides = super::get_projector::slides(&s, &meeting)
            .await?
            .0
            .into_iter()
            .map(|slide| slide.label)
            .collect();
        Ok(ConsoleView {
            items: s.repo.moderation_queue(meeting.id).await?,
            state,
            last_event,
            themes: catalog.theme_names(),
            departments: catalog
                .departments
                .iter()
                .map(|d| (d.id, d.name.clone()))
                .collect(),
            districts: catalog.districts.clone(),
            slides,
            meeting,
        })
    })
    .await
}
