use crate::error::AppError;
use leptos::prelude::*;

/// Gives an approved postulate to another department, with the reason
/// (kept in its history and the audit log). Moderators and admins.
#[server(endpoint = "staff/postulates/reassign")]
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
        let catalog = s.catalog().await?;
        let department = catalog
            .departments
            .iter()
            .find(|d| d.code == department.trim() || d.id.to_string() == department.trim())
            .ok_or_else(|| AppError::invalid("department", Invalid::Unknown))?;
        let reason = crate::meetings::manage::reason(&reason)?;
        if !s
            .repo
            .reassign(id, department.id, &reason, user.id, s.clock.now_ts())
            .await?
        {
            return Err(AppError::invalid("postulate", Invalid::Unknown));
        }
        auth::audit(
            &s,
            Some(user.id),
            "postulate_reassigned",
            "postulate",
            Some(&id.to_string()),
            Some(&format!("{}: {reason}", department.code)),
        )
        .await?;
        if plain_form_post() {
            leptos_axum::redirect("/panel/odpowiedzi?zapisano=1");
        }
        Ok(())
    })
    .await
}
