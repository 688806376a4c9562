use crate::domain::Department;
use crate::error::AppError;
use leptos::prelude::*;

/// The city's departments and units (public: answers name them).
#[server(endpoint = "departments", output = crate::codec::JsonText)]
pub async fn list_departments() -> Result<Vec<Department>, AppError> {
    use crate::server::{respond, state};
    respond(async {
        let s = state()?;
        Ok(s.repo.departments().await?)
    })
    .await
}
