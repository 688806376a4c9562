//! The queries of staff accounts, roles, sessions and the audit log
//! ([`StaffRepository`]).
//! Compiled by each backend with its own types and dialect functions
//! (see `server::db`): SQL both dialects accept, `$n` parameters.

use super::{is_unique_violation, unless_taken, Db, Repo};
use crate::domain::{AuditEntry, Id, Role, RoleGrant, StaffUser};
use crate::server::db::staff::{StaffCredentials, StaffRepository};
use crate::server::db::{DbError, DbResult};
use crate::server::time::instant;
use async_trait::async_trait;
use sqlx::Row;

impl Repo {
    async fn roles_of(&self, user_id: Id) -> DbResult<Vec<RoleGrant>> {
        let rows = sqlx::query(
            "SELECT role, department_id, district_id FROM staff_roles WHERE user_id = $1 ORDER BY id",
        )
        .bind(user_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let role: String = r.get("role");
                Ok(RoleGrant {
                    role: Role::parse(&role)
                        .ok_or_else(|| DbError::Inconsistent(format!("role {role:?}")))?,
                    department_id: r.get("department_id"),
                    district_id: r.get("district_id"),
                })
            })
            .collect()
    }

    /// The account matching `condition`, whose `$1` is `value`.
    async fn staff_where<T>(&self, condition: &str, value: T) -> DbResult<Option<StaffCredentials>>
    where
        T: for<'q> sqlx::Encode<'q, Db> + sqlx::Type<Db> + Send,
    {
        let row = sqlx::query(&format!(
            "SELECT id, email, display_name, password_hash, is_active FROM staff_users WHERE {condition}"
        ))
        .bind(value)
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let id: Id = row.get("id");
        Ok(Some(StaffCredentials {
            user: StaffUser {
                id,
                email: row.get("email"),
                name: row.get("display_name"),
                active: row.get::<bool, _>("is_active"),
                roles: self.roles_of(id).await?,
            },
            password_hash: row.get("password_hash"),
        }))
    }
}

#[async_trait]
impl StaffRepository for Repo {
    async fn add_role(&self, user_id: Id, grant: &RoleGrant) -> DbResult<bool> {
        let done = sqlx::query(
            "INSERT INTO staff_roles (user_id, role, department_id, district_id) VALUES ($1, $2, $3, $4)",
        )
        .bind(user_id)
        .bind(grant.role.as_str())
        .bind(grant.department_id)
        .bind(grant.district_id)
        .execute(&self.pool)
        .await;
        match done {
            Ok(_) => Ok(true),
            Err(err) if is_unique_violation(&err) => Ok(false),
            Err(err) => Err(err.into()),
        }
    }

    async fn remove_role(&self, user_id: Id, grant: &RoleGrant) -> DbResult<bool> {
        let done = sqlx::query(
            "DELETE FROM staff_roles WHERE user_id = $1 AND role = $2 \
             AND department_id IS NOT DISTINCT FROM $3 \
             AND district_id IS NOT DISTINCT FROM $4",
        )
        .bind(user_id)
        .bind(grant.role.as_str())
        .bind(grant.department_id)
        .bind(grant.district_id)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() > 0)
    }

    async fn active_admins(&self) -> DbResult<i64> {
        Ok(sqlx::query_scalar(
            "SELECT COUNT(DISTINCT u.id) FROM staff_users u \
             JOIN staff_roles r ON r.user_id = u.id WHERE r.role = 'admin' AND u.is_active",
        )
        .fetch_one(&self.pool)
        .await?)
    }

    async fn create_staff(
        &self,
        email: &str,
        name: &str,
        password_hash: &str,
        roles: &[RoleGrant],
        now: i64,
    ) -> DbResult<Option<Id>> {
        let mut tx = super::write_tx(&self.pool).await?;
        let inserted = sqlx::query_scalar::<_, Id>(
            "INSERT INTO staff_users (email, display_name, password_hash, is_active, created_at) \
             VALUES ($1, $2, $3, TRUE, $4) RETURNING id",
        )
        .bind(email)
        .bind(name)
        .bind(password_hash)
        .bind(now)
        .fetch_one(&mut *tx)
        .await;
        let Some(id) = unless_taken(inserted)? else {
            return Ok(None);
        };
        for grant in roles {
            sqlx::query(
                "INSERT INTO staff_roles (user_id, role, department_id, district_id) VALUES ($1, $2, $3, $4)",
            )
            .bind(id)
            .bind(grant.role.as_str())
            .bind(grant.department_id)
            .bind(grant.district_id)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(Some(id))
    }

    async fn staff_by_email(&self, email: &str) -> DbResult<Option<StaffCredentials>> {
        // E-mail addresses are one account whatever their case (SQLite:
        // COLLATE NOCASE; PostgreSQL: the unique index on lower(email)).
        self.staff_where("lower(email) = lower($1)", email.to_owned())
            .await
    }

    async fn staff_by_id(&self, id: Id) -> DbResult<Option<StaffCredentials>> {
        self.staff_where("id = $1", id).await
    }

    async fn list_staff(&self) -> DbResult<Vec<StaffUser>> {
        let ids: Vec<Id> =
            sqlx::query_scalar("SELECT id FROM staff_users ORDER BY display_name, id")
                .fetch_all(&self.pool)
                .await?;
        let mut users = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(c) = self.staff_by_id(id).await? {
                users.push(c.user);
            }
        }
        Ok(users)
    }

    async fn set_password(&self, user_id: Id, password_hash: &str) -> DbResult<()> {
        sqlx::query("UPDATE staff_users SET password_hash = $1 WHERE id = $2")
            .bind(password_hash)
            .bind(user_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn set_staff_active(&self, user_id: Id, active: bool) -> DbResult<bool> {
        let mut tx = super::write_tx(&self.pool).await?;
        let changed = sqlx::query("UPDATE staff_users SET is_active = $1 WHERE id = $2")
            .bind(active)
            .bind(user_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if !active {
            sqlx::query("DELETE FROM staff_sessions WHERE user_id = $1")
                .bind(user_id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(changed == 1)
    }

    async fn create_session(
        &self,
        token_hash: &str,
        user_id: Id,
        now: i64,
        expires_at: i64,
    ) -> DbResult<()> {
        sqlx::query(
            "INSERT INTO staff_sessions (token_hash, user_id, created_at, last_seen_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(token_hash)
        .bind(user_id)
        .bind(now)
        .bind(now)
        .bind(expires_at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn session_user(
        &self,
        token_hash: &str,
        now: i64,
        idle_secs: i64,
    ) -> DbResult<Option<StaffUser>> {
        sqlx::query("DELETE FROM staff_sessions WHERE expires_at <= $1 OR last_seen_at <= $2")
            .bind(now)
            .bind(now - idle_secs)
            .execute(&self.pool)
            .await?;
        let user_id: Option<Id> = sqlx::query_scalar(
            "UPDATE staff_sessions SET last_seen_at = $1 WHERE token_hash = $2 RETURNING user_id",
        )
        .bind(now)
        .bind(token_hash)
        .fetch_optional(&self.pool)
        .await?;
        let Some(user_id) = user_id else {
            return Ok(None);
        };
        Ok(self
            .staff_by_id(user_id)
            .await?
            .map(|c| c.user)
            .filter(|u| u.active))
    }

    async fn delete_session(&self, token_hash: &str) -> DbResult<()> {
        sqlx::query("DELETE FROM staff_sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn delete_other_sessions(&self, user_id: Id, keep: &str) -> DbResult<()> {
        sqlx::query("DELETE FROM staff_sessions WHERE user_id = $1 AND token_hash <> $2")
            .bind(user_id)
            .bind(keep)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn audit(
        &self,
        user_id: Option<Id>,
        action: &str,
        entity: &str,
        entity_id: Option<&str>,
        details: Option<&str>,
        at: i64,
    ) -> DbResult<()> {
        sqlx::query(
            "INSERT INTO audit_log (at, user_id, action, entity, entity_id, details) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(at)
        .bind(user_id)
        .bind(action)
        .bind(entity)
        .bind(entity_id)
        .bind(details)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn audit_log(&self, limit: i64) -> DbResult<Vec<AuditEntry>> {
        let rows = sqlx::query(
            "SELECT a.at, u.email, a.action, a.entity, a.entity_id, a.details FROM audit_log a \
             LEFT JOIN staff_users u ON u.id = a.user_id ORDER BY a.id DESC LIMIT $1",
        )
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(|r| AuditEntry {
                at: instant(r.get("at")),
                actor: r.get("email"),
                action: r.get("action"),
                entity: r.get("entity"),
                entity_id: r.get("entity_id"),
                details: r.get("details"),
            })
            .collect())
    }
}
