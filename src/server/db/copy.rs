//! `porozmawiajmy copy-db --from sqlite://… --to postgres://…`: moves a
//! consultation from the embedded SQLite file to PostgreSQL — every table
//! (answers, postulates, positions, staff, sessions, audit), ids kept.
//!
//! Both databases are migrated first, so they have the same tables and
//! columns (`tests/postgres.rs` keeps the schemas equal). The source is
//! read in one transaction (a consistent snapshot, even with a server
//! still writing to it); the target is written in one transaction, so a
//! failed copy leaves it empty. A table goes across as one JSON array
//! (`json_populate_recordset`), a table at a time in memory. The counting
//! tables (`action_tallies`, `option_tallies`, `daily_tallies`) are not
//! copied: PostgreSQL's triggers count the copied answers into them, and
//! the check afterwards compares them with the source's. A target with any
//! data in it is refused. Only the command line calls this.

use super::postgres::PgRepository;
use super::sqlite::SqliteRepository;
use super::{DbError, OpenError, ResultsRepository};
use sqlx::Row;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, thiserror::Error)]
pub enum CopyError {
    #[error("copy-db copies from SQLite (--from sqlite://…) to PostgreSQL (--to postgres://…)")]
    Direction,
    #[error(transparent)]
    Open(#[from] OpenError),
    #[error(
        "the target is not empty (table {0} has rows): copy-db writes only into a new database"
    )]
    NotEmpty(String),
    #[error("the copy differs from the source: {0}")]
    Differs(String),
    #[error("the tables refer to each other in a cycle: {0}")]
    Cycle(String),
    #[error("{0}")]
    Database(#[from] DbError),
}

impl From<sqlx::Error> for CopyError {
    fn from(err: sqlx::Error) -> Self {
        CopyError::Database(err.into())
    }
}

/// Tables the migrations fill (reference data): present in both, not
/// copied, and not "data" when checking that the target is empty.
const REFERENCE: [&str; 2] = ["districts", "data_generation"];
/// Tables PostgreSQL's triggers fill from the answers.
const COUNTED: [&str; 3] = ["action_tallies", "option_tallies", "daily_tallies"];
/// Columns that close a cycle of references (a meeting's discussed
/// postulate belongs to the meeting): written after every table.
const LATER: [(&str, &str); 1] = [("meetings", "discussed_postulate_id")];

/// What was copied: rows per table, as counted in the target.
#[derive(Debug, Default)]
pub struct CopyReport {
    pub rows: BTreeMap<String, i64>,
}

/// Copies the SQLite database at `from` into the empty PostgreSQL
/// database at `to`, then checks every table's rows and the counters.
pub async fn sqlite_to_postgres(from: &str, to: &str) -> Result<CopyReport, CopyError> {
    use super::Backend;
    if Backend::of_url(from) != Some(Backend::Sqlite)
        || Backend::of_url(to) != Some(Backend::Postgres)
    {
        return Err(CopyError::Direction);
    }
    let source = SqliteRepository::open(from)
        .await
        .map_err(OpenError::from)?;
    let target = PgRepository::open(to).await.map_err(OpenError::from)?;
    let mut read = source.pool().begin().await?;
    let tables = tables_in_order(&mut read).await?;
    let mut write = target.pool().begin().await?;
    for table in &tables {
        if REFERENCE.contains(&table.as_str()) {
            continue;
        }
        let any: bool = sqlx::query_scalar(&format!("SELECT EXISTS (SELECT 1 FROM {table})"))
            .fetch_one(&mut *write)
            .await?;
        if any {
            return Err(CopyError::NotEmpty(table.clone()));
        }
    }
    for table in tables
        .iter()
        .filter(|t| !REFERENCE.contains(&t.as_str()) && !COUNTED.contains(&t.as_str()))
    {
        let columns = columns(&mut read, table).await?;
        let later: Vec<&str> = LATER
            .iter()
            .filter(|(t, _)| t == table)
            .map(|(_, c)| *c)
            .collect();
        let json_pairs = columns
            .iter()
            .map(|c| {
                if later.contains(&c.as_str()) {
                    format!("'{c}', NULL")
                } else {
                    format!("'{c}', \"{c}\"")
                }
            })
            .collect::<Vec<_>>()
            .join(", ");
        let rows: String = sqlx::query_scalar(&format!(
            "SELECT COALESCE(json_group_array(json_object({json_pairs})), '[]') FROM {table}"
        ))
        .fetch_one(&mut *read)
        .await?;
        let list = columns
            .iter()
            .map(|c| format!("\"{c}\""))
            .collect::<Vec<_>>()
            .join(", ");
        sqlx::query(&format!(
            "INSERT INTO {table} ({list}) \
             SELECT {list} FROM json_populate_recordset(NULL::{table}, $1::json)"
        ))
        .bind(rows)
        .execute(&mut *write)
        .await?;
    }
    for (table, column) in LATER {
        let pairs: Vec<(i64, i64)> = sqlx::query_as(&format!(
            "SELECT id, {column} FROM {table} WHERE {column} IS NOT NULL"
        ))
        .fetch_all(&mut *read)
        .await?;
        for (id, value) in pairs {
            sqlx::query(&format!("UPDATE {table} SET {column} = $1 WHERE id = $2"))
                .bind(value)
                .bind(id)
                .execute(&mut *write)
                .await?;
        }
    }
    // Identities go on after the copied ids.
    let identities: Vec<String> = sqlx::query_scalar(
        "SELECT table_name::text FROM information_schema.columns \
         WHERE table_schema = current_schema() AND column_name = 'id' AND is_identity = 'YES'",
    )
    .fetch_all(&mut *write)
    .await?;
    for table in identities {
        sqlx::query(&format!(
            "SELECT setval(pg_get_serial_sequence('{table}', 'id'), \
             COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) FROM {table}"
        ))
        .execute(&mut *write)
        .await?;
    }
    write.commit().await?;

    // The check: every table's rows and sums, then a recount.
    let mut report = CopyReport::default();
    let mut differences = Vec::new();
    for table in &tables {
        let (in_source, in_target) = (
            fingerprint(source.pool(), table).await?,
            fingerprint(target.pool(), table).await?,
        );
        if in_source != in_target {
            differences.push(format!("{table}: {in_source:?} there, {in_target:?} here"));
        }
        report.rows.insert(table.clone(), in_target.0);
    }
    let drift = target.recount(false).await?;
    if !drift.is_empty() {
        differences.push(format!("{} counters differ from a recount", drift.len()));
    }
    if differences.is_empty() {
        Ok(report)
    } else {
        Err(CopyError::Differs(differences.join("; ")))
    }
}

/// The source's tables, each after the tables it refers to (references
/// of a table to itself, and [`LATER`] ones, aside).
async fn tables_in_order(read: &mut sqlx::SqliteConnection) -> Result<Vec<String>, CopyError> {
    let names: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
         AND name NOT LIKE '_sqlx_%' AND name NOT LIKE 'postulate_search%' ORDER BY name",
    )
    .fetch_all(&mut *read)
    .await?;
    let mut needs: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for name in &names {
        let rows = sqlx::query("SELECT \"table\", \"from\" FROM pragma_foreign_key_list($1)")
            .bind(name)
            .fetch_all(&mut *read)
            .await?;
        let referred = rows
            .iter()
            .filter(|r| {
                let column: String = r.get("from");
                !LATER.contains(&(name.as_str(), column.as_str()))
            })
            .map(|r| r.get::<String, _>("table"))
            .filter(|t| t != name)
            .collect();
        needs.insert(name.clone(), referred);
    }
    let mut ordered = Vec::new();
    while !needs.is_empty() {
        let ready: Vec<String> = needs
            .iter()
            .filter(|(_, n)| n.iter().all(|t| ordered.contains(t) || !names.contains(t)))
            .map(|(t, _)| t.clone())
            .collect();
        if ready.is_empty() {
            return Err(CopyError::Cycle(format!(
                "{:?}",
                needs.keys().collect::<Vec<_>>()
            )));
        }
        for table in ready {
            needs.remove(&table);
            ordered.push(table);
        }
    }
    Ok(ordered)
}

async fn columns(read: &mut sqlx::SqliteConnection, table: &str) -> Result<Vec<String>, CopyError> {
    Ok(
        sqlx::query_scalar("SELECT name FROM pragma_table_info($1) ORDER BY cid")
            .bind(table)
            .fetch_all(&mut *read)
            .await?,
    )
}

/// A table's rows and the sum of its counting column, if it has one
/// (`answers`, `picks`, `me_too`).
async fn fingerprint<DB>(pool: &sqlx::Pool<DB>, table: &str) -> Result<(i64, i64), CopyError>
where
    DB: sqlx::Database,
    for<'c> &'c mut DB::Connection: sqlx::Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: sqlx::IntoArguments<'q, DB>,
    i64: sqlx::Type<DB> + for<'r> sqlx::Decode<'r, DB>,
    (i64, i64): for<'r> sqlx::FromRow<'r, DB::Row>,
{
    let counted = match table {
        "participation" | "option_tallies" | "daily_tallies" => "answers",
        "action_tallies" => "picks",
        "postulates" => "me_too",
        _ => "0",
    };
    Ok(sqlx::query_as::<DB, (i64, i64)>(&format!(
        "SELECT COUNT(*), CAST(COALESCE(SUM({counted}), 0) AS BIGINT) FROM {table}"
    ))
    .fetch_one(pool)
    .await?)
}
