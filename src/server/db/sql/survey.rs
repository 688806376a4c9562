//! The queries of the survey's answers, receipts and returned forms
//! ([`SurveyRepository`]).
//! Compiled by each backend with its own types and dialect functions
//! (see `server::db`): SQL both dialects accept, `$n` parameters.

use super::Repo;
use super::{Db, DbRow};
use crate::domain::{AnswerSource, Id, Receipt};
use crate::server::db::group_commit::{BatchError, BatchStore};
use crate::server::db::survey::{
    InsertOutcome, NewResponse, ParticipationCount, StoredResponse, SurveyRepository,
};
use crate::server::db::{DbError, DbResult};
use async_trait::async_trait;
use sqlx::{Row, Transaction};

fn receipt_from(row: &DbRow) -> DbResult<Receipt> {
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

#[async_trait]
impl BatchStore for sqlx::Pool<Db> {
    /// One transaction for the batch ([`super::answers_tx`]). The answers
    /// are written in the order of their district and day, so that two
    /// instances' batches take the counter rows' locks in one order and
    /// cannot deadlock. An answer whose client id or device is taken
    /// writes nothing (`ON CONFLICT DO NOTHING`, which leaves the
    /// transaction usable on both backends) and is told which; any other
    /// failure fails the batch, whose answers the writer then stores one
    /// by one — no savepoint per answer is needed.
    async fn store_batch(
        &self,
        responses: &[&NewResponse],
    ) -> Result<Vec<DbResult<InsertOutcome>>, BatchError> {
        let mut tx = super::answers_tx(self).await.map_err(BatchError::Begin)?;
        let failed = |e: sqlx::Error| BatchError::Failed(e.into());
        let mut order: Vec<usize> = (0..responses.len()).collect();
        order.sort_by_key(|&i| (responses[i].district_id, &responses[i].submitted_on));
        let mut outcomes: Vec<Option<DbResult<InsertOutcome>>> =
            (0..responses.len()).map(|_| None).collect();
        for i in order {
            let outcome = match store_response(&mut tx, responses[i])
                .await
                .map_err(failed)?
            {
                Some(receipt) => Ok(InsertOutcome::Stored(receipt)),
                None => taken(&mut tx, responses[i]).await.map_err(failed)?,
            };
            outcomes[i] = Some(outcome);
        }
        tx.commit().await.map_err(failed)?;
        Ok(outcomes.into_iter().flatten().collect())
    }
}

/// Why an answer wrote nothing: its client id is stored (a replay; an
/// earlier answer of the same batch counts) or its device answered.
async fn taken(
    tx: &mut Transaction<'static, Db>,
    r: &NewResponse,
) -> sqlx::Result<DbResult<InsertOutcome>> {
    let replay: Option<bool> = sqlx::query_scalar(
        "SELECT client_id = $1 AS replay FROM responses \
         WHERE client_id = $1 OR (round_id = $2 AND device_hash = $3) \
         ORDER BY replay DESC LIMIT 1",
    )
    .bind(&r.client_id)
    .bind(r.round_id)
    .bind(&r.device_hash)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(match replay {
        Some(true) => Ok(InsertOutcome::DuplicateClientId),
        Some(false) => Ok(InsertOutcome::DuplicateDevice),
        // Neither: the random receipt code was taken.
        None => Err(DbError::Inconsistent(
            "an answer's receipt code was taken; send it again".into(),
        )),
    })
}

/// Stores one answer with its picks and profile answers, counts it in the
/// participation counters (the other tallies follow by trigger), drops a
/// form kept for it, and reads its receipt — six statements whatever the
/// number of picks; `None`, having written nothing, when its client id or
/// device (or receipt) is taken. Inside the batch's transaction: on an
/// error the transaction must not be committed.
async fn store_response(
    tx: &mut Transaction<'static, Db>,
    r: &NewResponse,
) -> sqlx::Result<Option<Receipt>> {
    let Some(response_id) = sqlx::query_scalar::<_, Id>(
        "INSERT INTO responses (round_id, district_id, client_id, device_hash, content_hash, \
         receipt, source, other_needs, submitted_on) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
         ON CONFLICT DO NOTHING RETURNING id",
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
    .fetch_optional(&mut **tx)
    .await?
    else {
        return Ok(None);
    };
    store_rest(tx, r, response_id).await.map(Some)
}

async fn store_rest(
    tx: &mut Transaction<'static, Db>,
    r: &NewResponse,
    response_id: Id,
) -> sqlx::Result<Receipt> {
    if !r.action_ids.is_empty() {
        let mut picks =
            sqlx::QueryBuilder::new("INSERT INTO response_actions (response_id, action_id) ");
        picks.push_values(&r.action_ids, |mut row, action_id| {
            row.push_bind(response_id).push_bind(action_id);
        });
        picks.build().execute(&mut **tx).await?;
    }
    if !r.options.is_empty() {
        let mut options = sqlx::QueryBuilder::new(
            "INSERT INTO response_options (response_id, question_id, option_id) ",
        );
        options.push_values(&r.options, |mut row, (question_id, option_id)| {
            row.push_bind(response_id)
                .push_bind(question_id)
                .push_bind(option_id);
        });
        options.build().execute(&mut **tx).await?;
    }
    sqlx::query(
        "INSERT INTO participation (round_id, district_id, source, answers) VALUES ($1, $2, $3, 1) \
         ON CONFLICT (round_id, district_id, source) DO UPDATE SET answers = participation.answers + 1",
    )
    .bind(r.round_id)
    .bind(r.district_id)
    .bind(r.source.as_str())
    .execute(&mut **tx)
    .await?;
    sqlx::query("DELETE FROM returned_forms WHERE client_id = $1")
        .bind(&r.client_id)
        .execute(&mut **tx)
        .await?;
    let row = sqlx::query(&format!("{RECEIPT_SELECT} WHERE r.id = $1"))
        .bind(response_id)
        .fetch_one(&mut **tx)
        .await?;
    receipt_from(&row).map_err(|e| sqlx::Error::Decode(e.to_string().into()))
}

#[async_trait]
impl SurveyRepository for Repo {
    async fn participation(&self, round_id: Id) -> DbResult<Vec<ParticipationCount>> {
        let rows = sqlx::query(
            "SELECT district_id, source, CAST(SUM(answers) AS BIGINT) AS answers FROM participation \
             WHERE round_id = $1 GROUP BY district_id, source ORDER BY district_id, source",
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
        let row = sqlx::query(&format!("{RECEIPT_SELECT} WHERE r.client_id = $1"))
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
        self.group_commit.insert(&self.pool, r).await
    }

    async fn receipt_for_device(
        &self,
        round_id: Id,
        device_hash: &str,
    ) -> DbResult<Option<Receipt>> {
        let row = sqlx::query(&format!(
            "{RECEIPT_SELECT} WHERE r.round_id = $1 AND r.device_hash = $2"
        ))
        .bind(round_id)
        .bind(device_hash)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(receipt_from).transpose()
    }

    async fn receipt(&self, code: &str) -> DbResult<Option<Receipt>> {
        let row = sqlx::query(&format!("{RECEIPT_SELECT} WHERE r.receipt = $1"))
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
             SELECT $1, $2, $3, $4, $6 \
             WHERE (SELECT COUNT(*) FROM returned_forms WHERE address = $4 AND expires_at > $5) < $7 \
             AND (SELECT COUNT(*) FROM returned_forms WHERE expires_at > $5) < $8",
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
            "SELECT payload FROM returned_forms WHERE key = $1 AND expires_at > $2",
        )
        .bind(key)
        .bind(now)
        .fetch_optional(&self.pool)
        .await?)
    }

    async fn prune_returned_forms(&self, now: i64) -> DbResult<()> {
        sqlx::query("DELETE FROM returned_forms WHERE expires_at <= $1")
            .bind(now)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}
