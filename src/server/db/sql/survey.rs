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
    "SELECT r.id, r.receipt, r.content_hash, r.submitted_on, r.source, d.numeral, d.name \
     FROM responses r JOIN districts d ON d.id = r.district_id";

#[async_trait]
impl BatchStore for sqlx::Pool<Db> {
    /// One transaction for the batch ([`super::answers_tx`]) and a few
    /// statements for all of it, whatever its size (one per table: a
    /// statement is a round trip to PostgreSQL). The answers are written
    /// in the order of their district and day, so that two instances'
    /// batches take the counter rows' locks in one order and cannot
    /// deadlock. An answer whose client id or device is taken writes
    /// nothing (`ON CONFLICT DO NOTHING`, which leaves the transaction
    /// usable on both backends) and is told which; any other failure fails
    /// the batch, whose answers the writer then stores one by one.
    async fn store_batch(
        &self,
        responses: &[&NewResponse],
    ) -> Result<Vec<DbResult<InsertOutcome>>, BatchError> {
        let mut tx = super::answers_tx(self).await.map_err(BatchError::Begin)?;
        let failed = |e: sqlx::Error| BatchError::Failed(e.into());
        let mut order: Vec<&NewResponse> = responses.to_vec();
        order.sort_by(|a, b| {
            (a.district_id, &a.submitted_on).cmp(&(b.district_id, &b.submitted_on))
        });
        let stored = store_all(&mut tx, &order).await.map_err(failed)?;
        let mut outcomes = Vec::with_capacity(responses.len());
        for r in responses {
            outcomes.push(match stored.get(r.client_id.as_str()) {
                // The first of a client id's answers in the batch is the
                // stored one; a second (a replay sent at once) is a replay.
                Some((receipt, first)) if std::ptr::eq(*first, *r) => {
                    Ok(InsertOutcome::Stored(receipt.clone()))
                }
                _ => taken(&mut tx, r).await.map_err(failed)?,
            });
        }
        tx.commit().await.map_err(failed)?;
        Ok(outcomes)
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

/// Stores the answers (in this order) with their picks and profile
/// answers, counts them in the participation counters (the other tallies
/// follow by trigger), drops forms kept for them, and reads their receipts:
/// six statements for the whole batch. An answer whose client id or device
/// (or receipt) is taken writes nothing; the rest are returned by client
/// id, with the answer that was stored. Inside the batch's transaction: on
/// an error the transaction must not be committed.
pub(super) async fn store_all<'r>(
    tx: &mut Transaction<'static, Db>,
    responses: &[&'r NewResponse],
) -> sqlx::Result<std::collections::HashMap<&'r str, (Receipt, &'r NewResponse)>> {
    use sqlx::QueryBuilder;
    let mut insert = QueryBuilder::new(
        "INSERT INTO responses (round_id, district_id, client_id, device_hash, content_hash, \
         receipt, source, other_needs, submitted_on) ",
    );
    insert.push_values(responses, |mut row, r| {
        row.push_bind(r.round_id)
            .push_bind(r.district_id)
            .push_bind(&r.client_id)
            .push_bind(&r.device_hash)
            .push_bind(&r.content_hash)
            .push_bind(&r.receipt)
            .push_bind(r.source.as_str())
            .push_bind(&r.other_needs)
            .push_bind(&r.submitted_on);
    });
    insert.push(" ON CONFLICT DO NOTHING RETURNING id, client_id");
    let rows = insert.build().fetch_all(&mut **tx).await?;
    let ids: std::collections::HashMap<String, Id> = rows
        .iter()
        .map(|row| (row.get("client_id"), row.get("id")))
        .collect();
    // The stored answers, in the batch's order, each with its new id (of
    // two with one client id, the first was stored).
    let mut seen = std::collections::HashSet::new();
    let stored: Vec<(Id, &'r NewResponse)> = responses
        .iter()
        .filter_map(|r| {
            let id = *ids.get(&r.client_id)?;
            seen.insert(id).then_some((id, *r))
        })
        .collect();
    if stored.is_empty() {
        return Ok(Default::default());
    }
    let picks: Vec<(Id, Id)> = stored
        .iter()
        .flat_map(|(id, r)| r.action_ids.iter().map(move |a| (*id, *a)))
        .collect();
    if !picks.is_empty() {
        let mut q = QueryBuilder::new("INSERT INTO response_actions (response_id, action_id) ");
        q.push_values(&picks, |mut row, (id, action)| {
            row.push_bind(*id).push_bind(*action);
        });
        q.build().execute(&mut **tx).await?;
    }
    let options: Vec<(Id, Id, Id)> = stored
        .iter()
        .flat_map(|(id, r)| r.options.iter().map(move |(q, o)| (*id, *q, *o)))
        .collect();
    if !options.is_empty() {
        let mut q = QueryBuilder::new(
            "INSERT INTO response_options (response_id, question_id, option_id) ",
        );
        q.push_values(&options, |mut row, (id, question, option)| {
            row.push_bind(*id).push_bind(*question).push_bind(*option);
        });
        q.build().execute(&mut **tx).await?;
    }
    // One row per counter (a statement may not change a row twice), in
    // the batch's lock order.
    let mut counts: std::collections::BTreeMap<(Id, Id, &str), i64> = Default::default();
    for (_, r) in &stored {
        *counts
            .entry((r.district_id, r.round_id, r.source.as_str()))
            .or_default() += 1;
    }
    let mut q =
        QueryBuilder::new("INSERT INTO participation (round_id, district_id, source, answers) ");
    q.push_values(&counts, |mut row, ((district, round, source), n)| {
        row.push_bind(*round)
            .push_bind(*district)
            .push_bind(*source)
            .push_bind(*n);
    });
    q.push(
        " ON CONFLICT (round_id, district_id, source) \
         DO UPDATE SET answers = participation.answers + excluded.answers",
    );
    q.build().execute(&mut **tx).await?;
    let mut q = QueryBuilder::new("DELETE FROM returned_forms WHERE client_id IN (");
    let mut list = q.separated(", ");
    for (_, r) in &stored {
        list.push_bind(&r.client_id);
    }
    q.push(")");
    q.build().execute(&mut **tx).await?;
    let mut q = QueryBuilder::new(format!("{RECEIPT_SELECT} WHERE r.id IN ("));
    let mut list = q.separated(", ");
    for (id, _) in &stored {
        list.push_bind(*id);
    }
    q.push(")");
    let mut receipts: std::collections::HashMap<Id, Receipt> = Default::default();
    for row in q.build().fetch_all(&mut **tx).await? {
        let receipt = receipt_from(&row).map_err(|e| sqlx::Error::Decode(e.to_string().into()))?;
        receipts.insert(row.get("id"), receipt);
    }
    stored
        .into_iter()
        .map(|(id, r)| {
            let receipt = receipts
                .remove(&id)
                .ok_or_else(|| sqlx::Error::Decode("a stored answer has no receipt".into()))?;
            Ok((r.client_id.as_str(), (receipt, r)))
        })
        .collect()
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
