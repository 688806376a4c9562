use crate::domain::AuditEntry;
use crate::error::AppError;
use leptos::prelude::*;

/// The latest 200 audit-log lines (admins only).
#[server(endpoint = "admin/audit", output = crate::codec::JsonText)]
pub async fn get_audit_log() -> Result<Vec<AuditEntry>, AppError> {
    use crate::domain::Role;
    use crate::server::{auth, respond};
    respond(async {
        let (s, _) = auth::require(&[Role::Admin]).await?;
        Ok(s.repo.audit_log(200).await?)
    })
    .await
}
