//! Helpers every backend's copy of the shared queries uses (included by
//! each backend like the query modules, so `DbRow` is that backend's row).

use super::DbRow;
use crate::domain::{Bilingual, District};
use crate::server::db::DbResult;
use sqlx::Row;

pub(super) fn bilingual(row: &DbRow, pl: &str, en: &str) -> Bilingual {
    Bilingual {
        pl: row.get(pl),
        en: row.get(en),
    }
}

pub(super) fn district_from(row: &DbRow, prefix: &str) -> District {
    District {
        id: row.get(format!("{prefix}id").as_str()),
        numeral: row.get(format!("{prefix}numeral").as_str()),
        name: row.get(format!("{prefix}name").as_str()),
        population: row.get(format!("{prefix}population").as_str()),
    }
}

pub(super) fn is_unique_violation(err: &sqlx::Error) -> bool {
    matches!(err, sqlx::Error::Database(db) if db.is_unique_violation())
}

/// An insert's result, `None` when a unique value was taken already.
pub(super) fn unless_taken<T>(inserted: Result<T, sqlx::Error>) -> DbResult<Option<T>> {
    match inserted {
        Ok(value) => Ok(Some(value)),
        Err(err) if is_unique_violation(&err) => Ok(None),
        Err(err) => Err(err.into()),
    }
}

/// A cheap round trip, for `/healthz`.
pub(super) async fn ping(pool: &sqlx::Pool<super::Db>) -> DbResult<()> {
    sqlx::query("SELECT 1").execute(pool).await?;
    Ok(())
}

pub(super) async fn data_generation(pool: &sqlx::Pool<super::Db>) -> DbResult<i64> {
    Ok(
        sqlx::query_scalar("SELECT generation FROM data_generation WHERE id = 1")
            .fetch_one(pool)
            .await?,
    )
}

pub(super) async fn bump_data_generation(pool: &sqlx::Pool<super::Db>) -> DbResult<()> {
    sqlx::query("UPDATE data_generation SET generation = generation + 1 WHERE id = 1")
        .execute(pool)
        .await?;
    Ok(())
}

/// The secret called `name`, stored as `candidate` if it does not exist yet
/// (every instance on the database then signs with the same one).
pub(super) async fn get_or_create_secret(
    pool: &sqlx::Pool<super::Db>,
    name: &str,
    candidate: &str,
) -> DbResult<String> {
    sqlx::query(
        "INSERT INTO app_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
    )
    .bind(name)
    .bind(candidate)
    .execute(pool)
    .await?;
    Ok(
        sqlx::query_scalar("SELECT value FROM app_secrets WHERE name = $1")
            .bind(name)
            .fetch_one(pool)
            .await?,
    )
}
