//! Reading a role grant (role + the department or district it applies to)
//! from a staff form, checked against the database. Server only; used by
//! the server functions that create accounts and add or remove roles.

use crate::domain::{Role, RoleGrant};
use crate::error::{AppError, Invalid};
use crate::server::AppState;

fn id_field(field: &str, value: Option<&str>) -> Result<Option<i64>, AppError> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        Some(v) => v
            .parse()
            .map(Some)
            .map_err(|_| AppError::invalid(field, Invalid::Malformed)),
        None => Ok(None),
    }
}

/// A grant as the form describes it: officials need their department;
/// moderators may be limited to one district; admins have no scope (a
/// scope sent for a role that has none is ignored).
pub async fn grant_from_form(
    s: &AppState,
    role: &str,
    department: Option<&str>,
    district: Option<&str>,
) -> Result<RoleGrant, AppError> {
    let role =
        Role::parse(role.trim()).ok_or_else(|| AppError::invalid("role", Invalid::Unknown))?;
    let department_id = match role {
        Role::Official => {
            let id = id_field("department", department)?
                .ok_or_else(|| AppError::invalid("department", Invalid::Missing))?;
            if !s.repo.departments().await?.iter().any(|d| d.id == id) {
                return Err(AppError::invalid("department", Invalid::Unknown));
            }
            Some(id)
        }
        _ => None,
    };
    let district_id = match role {
        Role::Moderator => match id_field("district", district)? {
            Some(id) => {
                let round = s.repo.active_round().await?;
                let districts = match round {
                    Some(r) => s.repo.round_districts(r.id).await?,
                    None => Vec::new(),
                };
                if !districts.iter().any(|d| d.id == id) {
                    return Err(AppError::invalid("district", Invalid::Unknown));
                }
                Some(id)
            }
            None => None,
        },
        _ => None,
    };
    Ok(RoleGrant {
        role,
        department_id,
        district_id,
    })
}

/// A grant exactly as the form names it, unchecked against the database
/// (to remove a grant as it is held).
pub fn grant_as_sent(
    role: &str,
    department: Option<&str>,
    district: Option<&str>,
) -> Result<RoleGrant, AppError> {
    Ok(RoleGrant {
        role: Role::parse(role.trim())
            .ok_or_else(|| AppError::invalid("role", Invalid::Unknown))?,
        department_id: id_field("department", department)?,
        district_id: id_field("district", district)?,
    })
}

/// How a grant reads in the audit log: `moderator`, `official (department 3)`.
pub fn describe(grant: &RoleGrant) -> String {
    let mut text = grant.role.as_str().to_owned();
    if let Some(d) = grant.department_id {
        text.push_str(&format!(" (department {d})"));
    }
    if let Some(d) = grant.district_id {
        text.push_str(&format!(" (district {d})"));
    }
    text
}
