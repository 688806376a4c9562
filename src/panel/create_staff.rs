use crate::error::AppError;
use leptos::prelude::*;

/// Creates a staff account with one role (admins only). Officials need
/// their department; moderators may be limited to a district. More roles
/// are added with `change_role`.
#[server(endpoint = "admin/staff/create", output = crate::codec::JsonText)]
pub async fn create_staff(
    email: String,
    name: String,
    password: String,
    role: String,
    #[server(default)] department: Option<String>,
    #[server(default)] district: Option<String>,
) -> Result<(), AppError> {
    use crate::domain::Role;
    use crate::error::Invalid;
    use crate::server::{auth, respond};
    respond(async {
        let (s, admin) = auth::require(&[Role::Admin]).await?;
        let email = auth::valid_email(&email)?;
        let name = name.trim();
        if name.is_empty() {
            return Err(AppError::invalid("name", Invalid::Missing));
        }
        if name.chars().count() > 120 {
            return Err(AppError::invalid("name", Invalid::TooLong));
        }
        let grant =
            super::grant::grant_from_form(&s, &role, department.as_deref(), district.as_deref())
                .await?;
        let hash = auth::hash_password_off_thread(&password).await?;
        let id = s
            .repo
            .create_staff(
                email,
                name,
                &hash,
                std::slice::from_ref(&grant),
                s.clock.now_ts(),
            )
            .await?
            .ok_or_else(|| AppError::invalid("email", Invalid::Duplicate))?;
        auth::audit(
            &s,
            Some(admin.id),
            "staff_created",
            "staff_user",
            Some(&id.to_string()),
            Some(&format!("{email}: {}", super::grant::describe(&grant))),
        )
        .await
    })
    .await
}
