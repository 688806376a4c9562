use crate::domain::Id;
use crate::error::AppError;
use leptos::prelude::*;

/// Disables (ending its sessions) or re-enables a staff account (admins
/// only; nobody can disable their own account).
#[server(endpoint = "admin/staff/active", output = crate::codec::JsonText)]
pub async fn set_staff_active(user_id: Id, active: bool) -> Result<(), AppError> {
    use crate::domain::Role;
    use crate::server::{auth, respond};
    respond(async {
        let (s, admin) = auth::require(&[Role::Admin]).await?;
        if user_id == admin.id && !active {
            return Err(AppError::Forbidden);
        }
        if !s.repo.set_staff_active(user_id, active).await? {
            return Err(AppError::NotFound);
        }
        crate::server::live::staff_changed(&s);
        let action = if active {
            "staff_enabled"
        } else {
            "staff_disabled"
        };
        auth::audit(
            &s,
            Some(admin.id),
            action,
            "staff_user",
            Some(&user_id.to_string()),
            None,
        )
        .await
    })
    .await
}
