use crate::error::AppError;
use leptos::prelude::*;

/// Gives an approved postulate of the active round to another department,
/// with the reason (kept in its history and the audit log): moderators of
/// its district and admins (see `answers::service::change_department`).
#[server(endpoint = "staff/postulates/reassign", output = crate::codec::JsonText)]
pub async fn reassign_postulate(
    postulate: String,
    department: String,
    reason: String,
) -> Result<(), AppError> {
    use crate::domain::Role;
    use crate::error::Invalid;
    use crate::postulates::service::id_field;
    use crate::server::{auth, plain_form_post, respond};
    respond(async {
        let (s, user) = auth::require(&[Role::Moderator, Role::Admin]).await?;
        crate::server::return_to("/panel/odpowiedzi");
        let id = id_field(&postulate, "postulate")?;
        let item = s
            .repo
            .queue_item(id)
            .await?
            .ok_or_else(|| AppError::invalid("postulate", Invalid::Unknown))?;
        let department = s
            .catalog()
            .await?
            .departments
            .iter()
            .find(|d| d.code == department.trim() || d.id.to_string() == department.trim())
            .map(|d| d.id)
            .ok_or_else(|| AppError::invalid("department", Invalid::Unknown))?;
        super::service::change_department(&s, &user, &item, department, None, &reason).await?;
        if plain_form_post() {
            leptos_axum::redirect("/panel/odpowiedzi?zapisano=1");
        }
        Ok(())
    })
    .await
}
