use crate::error::AppError;
use leptos::prelude::*;

/// A postulate a moderator types in for a resident who spoke at the
/// meeting (it then waits in the queue like any other): its code.
/// Moderators of the meeting and admins; audited.
#[server(endpoint = "moderation/add", output = crate::codec::JsonText)]
pub async fn add_postulate(
    meeting: String,
    body: String,
    #[server(default)] district: Option<String>,
    #[server(default)] theme: Option<String>,
) -> Result<String, AppError> {
    use crate::postulates::service::{submit, Submission};
    use crate::server::{auth, plain_form_post, respond};
    respond(async {
        let (s, user, meeting) = super::service::require_meeting(&meeting).await?;
        crate::server::return_to(format!("/panel/moderacja/{}", meeting.id));
        let code = submit(
            &s,
            Submission {
                meeting: &meeting.id.to_string(),
                client_id: None,
                body: &body,
                district: district.as_deref(),
                theme: theme.as_deref(),
                on_behalf_of: Some(user.id),
            },
        )
        .await?;
        auth::audit(
            &s,
            Some(user.id),
            "postulate_added_for_speaker",
            "postulate",
            Some(&code),
            None,
        )
        .await?;
        if plain_form_post() {
            leptos_axum::redirect(&format!("/panel/moderacja/{}", meeting.id));
        }
        Ok(code)
    })
    .await
}
