use crate::domain::Id;
use crate::error::AppError;
use leptos::prelude::*;

/// Gives an existing staff account one more role — with the department
/// (officials) or the district (moderators, optional) it applies to — or,
/// with `remove`, takes one away. Admins only; audited. Nobody removes
/// their own admin role, so an admin always remains.
#[server(endpoint = "admin/staff/role", output = crate::codec::JsonText)]
pub async fn change_role(
    user_id: Id,
    role: String,
    #[server(default)] department: Option<String>,
    #[server(default)] district: Option<String>,
    #[server(default)] remove: bool,
) -> Result<(), AppError> {
    use super::grant::{describe, grant_as_sent, grant_from_form};
    use crate::domain::Role;
    use crate::error::Invalid;
    use crate::server::{auth, respond};
    respond(async {
        let (s, admin) = auth::require(&[Role::Admin]).await?;
        let account = s
            .repo
            .staff_by_id(user_id)
            .await?
            .ok_or_else(|| AppError::invalid("user_id", Invalid::Unknown))?;
        let grant = if remove {
            grant_as_sent(&role, department.as_deref(), district.as_deref())?
        } else {
            grant_from_form(&s, &role, department.as_deref(), district.as_deref()).await?
        };
        if remove && grant.role == Role::Admin && user_id == admin.id {
            return Err(AppError::Forbidden);
        }
        let changed = if remove {
            s.repo.remove_role(user_id, &grant).await?
        } else {
            s.repo.add_role(user_id, &grant).await?
        };
        if !changed {
            let reason = if remove {
                Invalid::Unknown
            } else {
                Invalid::Duplicate
            };
            return Err(AppError::invalid("role", reason));
        }
        crate::server::live::staff_changed(&s);
        auth::audit(
            &s,
            Some(admin.id),
            if remove { "role_removed" } else { "role_added" },
            "staff_user",
            Some(&user_id.to_string()),
            Some(&format!("{}: {}", account.user.email, describe(&grant))),
        )
        .await
    })
    .await
}
