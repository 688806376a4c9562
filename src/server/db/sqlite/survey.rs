//! SQLite queries of the survey's answers, receipts and returned forms
//! ([`SurveyRepository`]).

use super::{is_unique_violation, SqliteRepository};
use crate::domain::{AnswerSource, Id, Receipt};
use crate::server::db::survey::{
    InsertOutcome, NewResponse, ParticipationCount, StoredResponse, SurveyRepository,
};
use crate::server::db::{DbError, DbResult};
use async_trait::async_trait;
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, Sqlite, Transaction};

fn receipt_from(row: &SqliteRow) -> DbResult<Receipt> {
    let source: String = row.get("source");
    let numeral: String = row.get("numeral");
    Ok(Receipt {
        code: row.get("receipt"),
        district: format!("{numeral} {}", row.get::<String, _>("name")),
        district_numeral: numeral,
        submitted_on: row.get("submitted_on"),
        source: AnswerSource::parse(&source)
            .ok_or_else(|| DbError::Inconsistent(format!("answer source {source:?}")))?,
    })
}

const RECEIPT_SELECT: &str =
    "SELECT r.receipt, r.content_hash, r.submitted_on, r.source, d.numeral, d.name \
     FROM responses r JOIN districts d ON d.id = r.district_id";

/// Stores one answer with its picks and profile answers and counts it in the
/// participation counters (the other tallies follow by trigger).
async fn store_response(tx: &mut Transaction<'_, Sqlite>, r: &NewResponse) -> sqlx::Result<Id> {
    let response_id = sqlx::query_scalar::<_, Id>(
            "INSERT INTO responses (round_id, district_id, client_id, device_hash, content_hash, \
             receipt, source, other_needs, submitted_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(r.round_id)
        .bind(r.district_id)
        .bind(&r.client_id)
        .bind(&r.device_hash)
        .bind(&r.content_hash)
        .bind(&r.receipt)
        .bind(r.source.as_str())
        .bind(&r.other_needs)
        .bind(&r.submitted_on)
        .fetch_one(&mut **tx)
        .await?;
    for action_id in &r.action_ids {
        sqlx::query("INSERT INTO response_actions (response_id, action_id) VALUES (?, ?)")
            .bind(response_id)
            .bind(action_id)
            .execute(&mut **tx)
            .await?;
    }
    for (question_id, option_id) in &r.options {
        sqlx::query(
            "INSERT INTO response_options (response_id, question_id, option_id) VALUES (?, ?, ?)",
        )
        .bind(response_id)
        .bind(question_id)
        .bind(option_id)
        .execute(&mut **tx)
        .await?;
    }
    sqlx::query(
        "INSERT INTO participation (round_id, district_id, source, answers) VALUES (?, ?, ?, 1) \
             ON CONFLICT (round_id, district_id, source) DO UPDATE SET answers = answers + 1",
    )
    .bind(r.round_id)
    .bind(r.district_id)
    .bind(r.source.as_str())
    .execute(&mut **tx)
    .await?;
    Ok(response_id)
}

#[async_trait]
impl SurveyRepository for SqliteRepository {
    async fn participation(&self, round_id: Id) -> DbResult<Vec<ParticipationCount>> {
        let rows = sqlx::query(
            "SELECT district_id, source, SUM(answers) AS answers FROM participation \
             WHERE round_id = ? GROUP BY district_id, source ORDER BY district_id, source",
        )
        .bind(round_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let source: String = r.get("source");
                Ok(ParticipationCount {
                    district_id: r.get("district_id"),
                    source: AnswerSource::parse(&source).ok_or_else(|| {
                        DbError::Inconsistent(format!("answer source {source:?}"))
                    })?,
                    answers: r.get("answers"),
                })
            })
            .collect()
    }

    async fn response_by_client_id(&self, client_id: &str) -> DbResult<Option<StoredResponse>> {
        let row = sqlx::query(&format!("{RECEIPT_SELECT} WHERE r.client_id = ?"))
            .bind(client_id)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|row| {
            Ok(StoredResponse {
                content_hash: row.get("content_hash"),
                receipt: receipt_from(&row)?,
            })
        })
        .transpose()
    }

    async fn insert_response(&self, r: &NewResponse) -> DbResult<InsertOutcome> {
        let mut tx = super::write_tx(&self.pool).await?;
        let inserted = store_response(&mut tx, r).await;
        let response_id = match inserted {
            Ok(id) => id,
            Err(err) if is_unique_violation(&err) => {
                tx.rollback().await?;
                // SQLite names one violated index, not necessarily the
                // client id's: a replay from the same device may be
                // reported as the device's second answer. The client id
                // decides first.
                let replay = sqlx::query("SELECT 1 FROM responses WHERE client_id = ?")
                    .bind(&r.client_id)
                    .fetch_optional(&self.pool)
                    .await?
                    .is_some();
                return Ok(if replay {
                    InsertOutcome::DuplicateClientId
                } else if err.to_string().contains("device_hash") {
                    InsertOutcome::DuplicateDevice
                } else {
                    return Err(err.into());
                });
            }
            Err(err) => return Err(err.into()),
        };
        sqlx::query("DELETE FROM returned_forms WHERE client_id = ?")
            .bind(&r.client_id)
            .execute(&mut *tx)
            .await?;
        let row = sqlx::query(&format!("{RECEIPT_SELECT} WHERE r.id = ?"))
            .bind(response_id)
            .fetch_one(&mut *tx)
            .await?;
        let receipt = receipt_from(&row)?;
        tx.commit().await?;
        Ok(InsertOutcome::Stored(receipt))
    }

    async fn receipt_for_device(
        &self,
        round_id: Id,
        device_hash: &str,
    ) -> DbResult<Option<Receipt>> {
        let row = sqlx::query(&format!(
            "{RECEIPT_SELECT} WHERE r.round_id = ? AND r.device_hash = ?"
        ))
        .bind(round_id)
        .bind(device_hash)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(receipt_from).transpose()
    }

    async fn receipt(&self, code: &str) -> DbResult<Option<Receipt>> {
        let row = sqlx::query(&format!("{RECEIPT_SELECT} WHERE r.receipt = ?"))
            .bind(code)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(receipt_from).transpose()
    }

    async fn stash_returned_form(
        &self,
        key: &str,
        client_id: &str,
        payload: &str,
        address: &str,
        now: i64,
        expires_at: i64,
    ) -> DbResult<bool> {
        use crate::server::returned::{PER_ADDRESS, TOTAL};
        let kept = sqlx::query(
            "INSERT INTO returned_forms (key, client_id, payload, address, expires_at) \
             SELECT ?1, ?2, ?3, ?4, ?6 \
             WHERE (SELECT COUNT(*) FROM returned_forms WHERE address = ?4 AND expires_at > ?5) < ?7 \
             AND (SELECT COUNT(*) FROM returned_forms WHERE expires_at > ?5) < ?8",
        )
        .bind(key)
        .bind(client_id)
        .bind(payload)
        .bind(address)
        .bind(now)
        .bind(expires_at)
        .bind(PER_ADDRESS)
        .bind(TOTAL)
        .execute(&self.pool)
        .await?
        .rows_affected();
        Ok(kept == 1)
    }

    async fn returned_form(&self, key: &str, now: i64) -> DbResult<Option<String>> {
        Ok(sqlx::query_scalar(
            "SELECT payload FROM returned_forms WHERE key = ? AND expires_at > ?",
        )
        .bind(key)
        .bind(now)
        .fetch_optional(&self.pool)
        .await?)
    }

    async fn prune_returned_forms(&self, now: i64) -> DbResult<()> {
        sqlx::query("DELETE FROM returned_forms WHERE expires_at <= ?")
            .bind(now)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}
