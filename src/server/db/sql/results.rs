//! The queries of the survey results ([`ResultsRepository`]).
//! Compiled by each backend with its own types and dialect functions
//! (see `server::db`): SQL both dialects accept, `$n` parameters.

use super::{Db, DbRow, Repo};
use crate::domain::{Id, ResultsVisibility};
use crate::server::db::results::{
    DayTally, NeedDecision, PendingNeed, PhraseTally, ResultsRepository, Tallies, Tally,
    TallyDifference,
};
use crate::server::db::Repository;
use crate::server::db::{DbResult, NewResponse};
use async_trait::async_trait;
use sqlx::Row;
use std::collections::HashMap;

/// One maintained counter: how to read it, how to count it from the
/// answers (both as round, district, item, count), how to rebuild it.
struct Counter {
    table: &'static str,
    stored: &'static str,
    counted: &'static str,
    rebuild: &'static str,
}

const COUNTERS: &[Counter] = &[
    Counter {
        table: "participation",
        stored: "SELECT round_id, district_id, source, answers FROM participation",
        counted: "SELECT round_id, district_id, source, COUNT(*) FROM responses GROUP BY 1, 2, 3",
        rebuild: "INSERT INTO participation (round_id, district_id, source, answers) \
                  SELECT round_id, district_id, source, COUNT(*) FROM responses GROUP BY 1, 2, 3",
    },
    Counter {
        table: "action_tallies",
        stored: "SELECT round_id, district_id, CAST(action_id AS TEXT), picks FROM action_tallies",
        counted: "SELECT r.round_id, r.district_id, CAST(ra.action_id AS TEXT), COUNT(*) \
                  FROM response_actions ra JOIN responses r ON r.id = ra.response_id GROUP BY 1, 2, 3",
        rebuild: "INSERT INTO action_tallies (round_id, district_id, action_id, picks) \
                  SELECT r.round_id, r.district_id, ra.action_id, COUNT(*) \
                  FROM response_actions ra JOIN responses r ON r.id = ra.response_id GROUP BY 1, 2, 3",
    },
    Counter {
        table: "option_tallies",
        stored: "SELECT round_id, district_id, CAST(option_id AS TEXT), answers FROM option_tallies",
        counted: "SELECT r.round_id, r.district_id, CAST(ro.option_id AS TEXT), COUNT(*) \
                  FROM response_options ro JOIN responses r ON r.id = ro.response_id GROUP BY 1, 2, 3",
        rebuild: "INSERT INTO option_tallies (round_id, district_id, option_id, answers) \
                  SELECT r.round_id, r.district_id, ro.option_id, COUNT(*) \
                  FROM response_options ro JOIN responses r ON r.id = ro.response_id GROUP BY 1, 2, 3",
    },
    Counter {
        table: "daily_tallies",
        stored: "SELECT round_id, district_id, day, answers FROM daily_tallies",
        counted: "SELECT round_id, district_id, submitted_on, COUNT(*) FROM responses GROUP BY 1, 2, 3",
        rebuild: "INSERT INTO daily_tallies (round_id, district_id, day, answers) \
                  SELECT round_id, district_id, submitted_on, COUNT(*) FROM responses GROUP BY 1, 2, 3",
    },
];

/// Rows of (round, district, item, count) by key.
async fn keyed(
    tx: &mut sqlx::Transaction<'_, Db>,
    sql: &str,
) -> DbResult<HashMap<(Id, Id, String), i64>> {
    let rows = sqlx::query(sql).fetch_all(&mut **tx).await?;
    Ok(rows
        .iter()
        .map(|r| ((r.get(0), r.get(1), r.get(2)), r.get(3)))
        .collect())
}

fn tally(row: &DbRow) -> Tally {
    Tally {
        district_id: row.get(0),
        item_id: row.get(1),
        count: row.get(2),
    }
}

/// The districts in scope as a JSON array, for [`super::ids_in`] (`None`:
/// every district).
fn scope_json(scope: Option<&[Id]>) -> Option<String> {
    scope.map(|ids| serde_json::to_string(ids).unwrap_or_else(|_| "[]".into()))
}

#[async_trait]
impl ResultsRepository for Repo {
    async fn tallies(&self, round_id: Id) -> DbResult<Tallies> {
        let mut conn = self.pool.acquire().await?;
        let actions = sqlx::query(
            "SELECT district_id, action_id, picks FROM action_tallies WHERE round_id = $1",
        )
        .bind(round_id)
        .fetch_all(&mut *conn)
        .await?;
        let options = sqlx::query(
            "SELECT district_id, option_id, answers FROM option_tallies WHERE round_id = $1",
        )
        .bind(round_id)
        .fetch_all(&mut *conn)
        .await?;
        let days = sqlx::query(
            "SELECT district_id, day, answers FROM daily_tallies WHERE round_id = $1 ORDER BY day",
        )
        .bind(round_id)
        .fetch_all(&mut *conn)
        .await?;
        let needs = sqlx::query(
            "SELECT r.district_id, n.phrase, COUNT(*) AS answers FROM need_reviews n \
             JOIN responses r ON r.id = n.response_id \
             WHERE r.round_id = $1 AND n.status = 'approved' \
             GROUP BY r.district_id, n.phrase ORDER BY answers DESC, n.phrase",
        )
        .bind(round_id)
        .fetch_all(&mut *conn)
        .await?;
        Ok(Tallies {
            actions: actions.iter().map(tally).collect(),
            options: options.iter().map(tally).collect(),
            days: days
                .iter()
                .map(|r| DayTally {
                    district_id: r.get(0),
                    day: r.get(1),
                    answers: r.get(2),
                })
                .collect(),
            needs: needs
                .iter()
                .map(|r| PhraseTally {
                    district_id: r.get(0),
                    phrase: r.get(1),
                    answers: r.get(2),
                })
                .collect(),
        })
    }

    async fn pending_needs(
        &self,
        round_id: Id,
        scope: Option<&[Id]>,
        limit: i64,
    ) -> DbResult<(Vec<PendingNeed>, i64)> {
        let pending = format!(
            "FROM responses r LEFT JOIN need_reviews n ON n.response_id = r.id \
             WHERE r.round_id = $1 AND r.other_needs IS NOT NULL AND n.response_id IS NULL \
             AND {}",
            super::ids_in("r.district_id", 2)
        );
        let scope = scope_json(scope);
        let rows = sqlx::query(&format!(
            "SELECT r.id, r.district_id, r.other_needs {pending} ORDER BY r.id LIMIT $3"
        ))
        .bind(round_id)
        .bind(&scope)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        let waiting: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) {pending}"))
            .bind(round_id)
            .bind(&scope)
            .fetch_one(&self.pool)
            .await?;
        let needs = rows
            .iter()
            .map(|r| PendingNeed {
                response_id: r.get(0),
                district_id: r.get(1),
                text: r.get(2),
            })
            .collect();
        Ok((needs, waiting))
    }

    async fn need_phrases(&self, round_id: Id) -> DbResult<Vec<String>> {
        Ok(sqlx::query_scalar(
            "SELECT DISTINCT n.phrase FROM need_reviews n JOIN responses r ON r.id = n.response_id \
             WHERE r.round_id = $1 AND n.status = 'approved' ORDER BY n.phrase",
        )
        .bind(round_id)
        .fetch_all(&self.pool)
        .await?)
    }

    async fn review_need(
        &self,
        round_id: Id,
        scope: Option<&[Id]>,
        response_id: Id,
        decision: &NeedDecision,
        by: Id,
        at: i64,
    ) -> DbResult<bool> {
        let (status, phrase) = match decision {
            NeedDecision::Approve(phrase) => ("approved", Some(phrase.as_str())),
            NeedDecision::Hide => ("hidden", None),
        };
        let done = sqlx::query(&format!(
            "INSERT INTO need_reviews (response_id, status, phrase, reviewed_by, reviewed_at) \
             SELECT r.id, $1, $2, $3, $4 FROM responses r \
             WHERE r.id = $5 AND r.round_id = $6 AND r.other_needs IS NOT NULL AND {} \
             ON CONFLICT (response_id) DO UPDATE SET status = excluded.status, \
             phrase = excluded.phrase, reviewed_by = excluded.reviewed_by, \
             reviewed_at = excluded.reviewed_at",
            super::ids_in("r.district_id", 7)
        ))
        .bind(status)
        .bind(phrase)
        .bind(by)
        .bind(at)
        .bind(response_id)
        .bind(round_id)
        .bind(scope_json(scope))
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() > 0)
    }

    async fn set_results_visibility(
        &self,
        round_id: Id,
        visibility: ResultsVisibility,
    ) -> DbResult<()> {
        sqlx::query("UPDATE rounds SET results_visibility = $1 WHERE id = $2")
            .bind(visibility.as_str())
            .bind(round_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn insert_demo_responses(&self, round_id: Id, responses: &[NewResponse]) -> DbResult<()> {
        // Many rows per statement, as the survey's own batches are stored
        // (the per-statement round trip, not the database, is what a
        // million answers would wait on). The tally triggers fire per row
        // as for any answer.
        const ROWS: usize = 200;
        let mut tx = super::write_tx(&self.pool).await?;
        for chunk in responses.chunks(ROWS) {
            let chunk: Vec<&NewResponse> = chunk.iter().collect();
            super::survey::store_all(&mut tx, &chunk).await?;
        }
        sqlx::query("UPDATE rounds SET demo_answers = demo_answers + $1 WHERE id = $2")
            .bind(responses.len() as i64)
            .bind(round_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn recount(&self, repair: bool) -> DbResult<Vec<TallyDifference>> {
        let mut differences = Vec::new();
        let mut tx = super::write_tx(&self.pool).await?;
        for counter in COUNTERS {
            let stored = keyed(&mut tx, counter.stored).await?;
            let counted = keyed(&mut tx, counter.counted).await?;
            for (key, &n) in &counted {
                let stored_n = stored.get(key).copied().unwrap_or(0);
                if stored_n != n {
                    differences.push(TallyDifference {
                        table: counter.table,
                        key: key.clone(),
                        stored: stored_n,
                        counted: n,
                    });
                }
            }
            for (key, &n) in &stored {
                if n != 0 && !counted.contains_key(key) {
                    differences.push(TallyDifference {
                        table: counter.table,
                        key: key.clone(),
                        stored: n,
                        counted: 0,
                    });
                }
            }
        }
        tx.commit().await?;
        if repair && !differences.is_empty() {
            // A write transaction from its first statement: answers stored
            // meanwhile wait, so the new counters match the answers exactly.
            let mut tx = super::write_tx(&self.pool).await?;
            for counter in COUNTERS {
                if differences.iter().any(|d| d.table == counter.table) {
                    sqlx::query(&format!("DELETE FROM {}", counter.table))
                        .execute(&mut *tx)
                        .await?;
                    sqlx::query(counter.rebuild).execute(&mut *tx).await?;
                }
            }
            tx.commit().await?;
            // Running servers drop the counters they keep.
            self.bump_data_generation().await?;
        }
        Ok(differences)
    }
}
