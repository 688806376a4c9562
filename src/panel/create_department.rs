use crate::error::AppError;
use leptos::prelude::*;

/// Adds a city department or unit (admins only).
#[server(endpoint = "admin/departments/create", output = crate::codec::JsonText)]
pub async fn create_department(
    code: String,
    name_pl: String,
    name_en: String,
    #[server(default)] unit: Option<String>,
) -> Result<(), AppError> {
    use crate::domain::{DepartmentKind, Role};
    use crate::error::Invalid;
    use crate::server::{auth, respond};
    respond(async {
        let (s, admin) = auth::require(&[Role::Admin]).await?;
        let code = code.trim().to_uppercase();
        if code.is_empty()
            || code.len() > 16
            || !code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        {
            return Err(AppError::invalid("code", Invalid::Malformed));
        }
        let (name_pl, name_en) = (name_pl.trim(), name_en.trim());
        if name_pl.is_empty() {
            return Err(AppError::invalid("name_pl", Invalid::Missing));
        }
        if name_pl.chars().count() > 200 || name_en.chars().count() > 200 {
            return Err(AppError::invalid("name_pl", Invalid::TooLong));
        }
        let kind = if unit.is_some() {
            DepartmentKind::Unit
        } else {
            DepartmentKind::Department
        };
        let name_en = if name_en.is_empty() { name_pl } else { name_en };
        let id = s
            .repo
            .create_department(&code, name_pl, name_en, kind)
            .await?
            .ok_or_else(|| AppError::invalid("code", Invalid::Duplicate))?;
        // The catalog lists the departments (postulate filters, assignment).
        s.changed(crate::server::live::Changed::CATALOG);
        auth::audit(
            &s,
            Some(admin.id),
            "department_created",
            "department",
            Some(&id.to_string()),
            Some(&code),
        )
        .await
    })
    .await
}
