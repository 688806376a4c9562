use crate::error::AppError;
use leptos::prelude::*;

/// Creates a staff account with one role (admins only). Officials need
/// their department.
#[server(endpoint = "admin/staff/create")]
pub async fn create_staff(
    email: String,
    name: String,
    password: String,
    role: String,
    #[server(default)] department: Option<String>,
) -> Result<(), AppError> {
    use crate::domain::{Role, RoleGrant};
    use crate::error::Invalid;
    use crate::server::{auth, respond};
    respond(async {
        let (s, admin) = auth::require(&[Role::Admin]).await?;
        let email = email.trim();
        if email.len() > 254
            || !email.contains('@')
            || email.starts_with('@')
            || email.ends_with('@')
        {
            return Err(AppError::invalid("email", Invalid::Malformed));
        }
        let name = name.trim();
        if name.is_empty() {
            return Err(AppError::invalid("name", Invalid::Missing));
        }
        if name.chars().count() > 120 {
            return Err(AppError::invalid("name", Invalid::TooLong));
        }
        let role =
            Role::parse(role.trim()).ok_or_else(|| AppError::invalid("role", Invalid::Unknown))?;
        let department_id = match department
            .as_deref()
            .map(str::trim)
            .filter(|d| !d.is_empty())
        {
            Some(d) => {
                let id: i64 = d
                    .parse()
                    .map_err(|_| AppError::invalid("department", Invalid::Malformed))?;
                if !s.repo.departments().await?.iter().any(|dep| dep.id == id) {
                    return Err(AppError::invalid("department", Invalid::Unknown));
                }
                Some(id)
            }
            None if role == Role::Official => {
                return Err(AppError::invalid("department", Invalid::Missing))
            }
            None => None,
        };
        let hash = auth::hash_password(&password)?;
        let grant = RoleGrant {
            role,
            department_id: department_id.filter(|_| role == Role::Official),
            district_id: None,
        };
        let id = s
            .repo
            .create_staff(email, name, &hash, &[grant], s.clock.now_ts())
            .await?
            .ok_or_else(|| AppError::invalid("email", Invalid::Duplicate))?;
        auth::audit(
            &s,
            Some(admin.id),
            "staff_created",
            "staff_user",
            Some(&id.to_string()),
            Some(&format!("{email} ({})", role.as_str())),
        )
        .await
    })
    .await
}
