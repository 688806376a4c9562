use crate::error::AppError;
use leptos::prelude::*;

/// Removes a theme (with its actions), an action, a question (with its
/// options) or an option from a round (admins; audited) — only while the
/// round has no answers: after the first one, removing would change what
/// answers mean, and the refusal says so.
#[server(endpoint = "admin/rounds/content/remove", output = crate::codec::JsonText)]
pub async fn remove_content(round: i64, item: String, id: i64) -> Result<(), AppError> {
    use crate::error::Invalid;
    use crate::server::db::ContentChange;
    use crate::server::{auth, respond};
    respond(async {
        let (s, admin, kind) = super::service::content_change(round, &item).await?;
        if s.repo.round_answer_count(round).await? > 0 {
            return Err(AppError::invalid("item", Invalid::Locked));
        }
        match s.repo.remove_content(round, kind, id).await? {
            ContentChange::Done => {}
            ContentChange::NotFound => return Err(AppError::NotFound),
            // A postulate filed under the theme, say.
            ContentChange::InUse => return Err(AppError::invalid("item", Invalid::Locked)),
        }
        s.changed(crate::server::live::Changed::ALL);
        auth::audit(
            &s,
            Some(admin.id),
            "content_removed",
            kind.as_str(),
            Some(&id.to_string()),
            None,
        )
        .await
    })
    .await
}
