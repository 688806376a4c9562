//! The staff's part of the repository: accounts, role grants, sessions and
//! the audit log. Every backend implements it in its own `staff` module.

use super::DbResult;
use crate::domain::{AuditEntry, Id, RoleGrant, StaffUser};
use async_trait::async_trait;

/// A staff account with its password hash (never leaves the server).
#[derive(Debug, Clone)]
pub struct StaffCredentials {
    pub user: StaffUser,
    pub password_hash: String,
}

#[async_trait]
pub trait StaffRepository: Send + Sync {
    /// A new staff account; `None` when the e-mail is taken.
    async fn create_staff(
        &self,
        email: &str,
        name: &str,
        password_hash: &str,
        roles: &[RoleGrant],
        now: i64,
    ) -> DbResult<Option<Id>>;
    async fn staff_by_email(&self, email: &str) -> DbResult<Option<StaffCredentials>>;
    async fn staff_by_id(&self, id: Id) -> DbResult<Option<StaffCredentials>>;
    async fn list_staff(&self) -> DbResult<Vec<StaffUser>>;
    async fn set_password(&self, user_id: Id, password_hash: &str) -> DbResult<()>;
    /// Gives an account one more role grant; false when it already has it.
    async fn add_role(&self, user_id: Id, grant: &RoleGrant) -> DbResult<bool>;
    /// Takes a role grant away; false when the account did not have it.
    async fn remove_role(&self, user_id: Id, grant: &RoleGrant) -> DbResult<bool>;
    /// Active accounts holding the admin role.
    async fn active_admins(&self) -> DbResult<i64>;
    /// Enables or disables an account; disabling ends its sessions. False
    /// when there is no such account.
    async fn set_staff_active(&self, user_id: Id, active: bool) -> DbResult<bool>;
    async fn create_session(
        &self,
        token_hash: &str,
        user_id: Id,
        now: i64,
        expires_at: i64,
    ) -> DbResult<()>;
    /// The user of a live session (not expired, not idle longer than
    /// `idle_secs`), marking it seen now; expired sessions are deleted.
    async fn session_user(
        &self,
        token_hash: &str,
        now: i64,
        idle_secs: i64,
    ) -> DbResult<Option<StaffUser>>;
    async fn delete_session(&self, token_hash: &str) -> DbResult<()>;
    /// Ends every session of a user except `keep` (after a password change).
    async fn delete_other_sessions(&self, user_id: Id, keep: &str) -> DbResult<()>;
    async fn audit(
        &self,
        user_id: Option<Id>,
        action: &str,
        entity: &str,
        entity_id: Option<&str>,
        details: Option<&str>,
        at: i64,
    ) -> DbResult<()>;
    /// Newest first.
    async fn audit_log(&self, limit: i64) -> DbResult<Vec<AuditEntry>>;
}
