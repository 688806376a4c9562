use crate::error::AppError;
use crate::postulates::model::LiveState;
use leptos::prelude::*;

/// Changes a meeting's live state: `change` open or close (postulates),
/// discuss (`postulate`, an approved one of the meeting) or undiscuss,
/// slide (`slide`: 0, 1, … the results; -1 the live postulates).
/// Moderators of the meeting and admins; audited.
#[server(endpoint = "moderation/live", output = crate::codec::JsonText)]
pub async fn set_live_state(
    meeting: String,
    change: String,
    #[server(default)] postulate: Option<String>,
    #[server(default)] slide: Option<String>,
) -> Result<LiveState, AppError> {
    use crate::error::Invalid;
    use crate::postulates::model::LiveChange;
    use crate::postulates::service::id_field;
    use crate::server::{auth, plain_form_post, respond};
    respond(async {
        let (s, user, meeting) = super::service::require_meeting(&meeting).await?;
        let change = match change.as_str() {
            // A held or cancelled meeting stays closed.
            "open" if meeting.status.is_over() => {
                return Err(AppError::invalid("change", Invalid::NotAllowed))
            }
            "open" => LiveChange::Open(true),
            "close" => LiveChange::Open(false),
            "discuss" => LiveChange::Discuss(Some(id_field(
                postulate.as_deref().unwrap_or_default(),
                "postulate",
            )?)),
            "undiscuss" => LiveChange::Discuss(None),
            "slide" => {
                let slide = id_field(slide.as_deref().unwrap_or_default(), "slide")?;
                let count = super::get_projector::slides(&s, &meeting).await?.0.len() as i64;
                if !(-1..count.max(1)).contains(&slide) {
                    return Err(AppError::invalid("slide", Invalid::OutOfRange));
                }
                LiveChange::Slide(slide)
            }
            _ => return Err(AppError::invalid("change", Invalid::Unknown)),
        };
        crate::server::return_to(format!("/panel/moderacja/{}", meeting.id));
        let events = s.repo.change_live_state(meeting.id, change).await?;
        if events.is_empty() {
            return Err(AppError::invalid("postulate", Invalid::Unknown));
        }
        crate::server::live::announce(&s, &events);
        auth::audit(
            &s,
            Some(user.id),
            "meeting_live",
            "meeting",
            Some(&meeting.id.to_string()),
            Some(&format!("{change:?}")),
        )
        .await?;
        if plain_form_post() {
            leptos_axum::redirect(&format!("/panel/moderacja/{}", meeting.id));
        }
        Ok(s.repo.live_state(meeting.id).await?)
    })
    .await
}
