use crate::error::AppError;
use leptos::prelude::*;

/// Moves a theme, action, question or option one place `up` or `down`
/// among its siblings (admins; audited). The order is how the survey shows
/// them; it changes no answer.
#[server(endpoint = "admin/rounds/content/move", output = crate::codec::JsonText)]
pub async fn move_content(
    round: i64,
    item: String,
    id: i64,
    direction: String,
) -> Result<(), AppError> {
    use crate::error::Invalid;
    use crate::server::{auth, respond};
    respond(async {
        let (s, admin, kind) = super::service::content_change(round, &item).await?;
        let up = match direction.as_str() {
            "up" => true,
            "down" => false,
            _ => return Err(AppError::invalid("direction", Invalid::Unknown)),
        };
        if !s.repo.move_content(round, kind, id, up).await? {
            return Err(AppError::NotFound);
        }
        s.changed(crate::server::live::Changed::ALL);
        auth::audit(
            &s,
            Some(admin.id),
            "content_moved",
            kind.as_str(),
            Some(&id.to_string()),
            Some(&direction),
        )
        .await
    })
    .await
}
