//! The queries of the departments' answers ([`AnswerRepository`]).
//! Writes start with their write statement (the write lock at once).
//! Shared by both backends (see `server::db`): only `$n` parameters and SQL
//! both dialects accept; what differs is a function of the backend
//! (`super::write_tx`, `super::ids_in`, `super::push_search`, …).

use super::postulates::{append_events, public_from, push_filter, PUBLIC_SELECT};
use super::Repo;
use super::{Db, DbConnection, DbRow};
use crate::answers::model::{
    Answer, AnswerDraft, AnswerEntry, AnswerStatus, DepartmentTally, ExportRow, PostulateAnswers,
    PublicationItem, WorkItem,
};
use crate::domain::{Bilingual, Id};
use crate::postulates::model::{LiveEvent, StoredEvent};
use crate::server::db::answers::{AnswerRepository, ReassignOutcome, Reassignment, SaveOutcome};
use crate::server::db::DbResult;
use crate::server::time::instant;
use async_trait::async_trait;
use sqlx::{QueryBuilder, Row};

/// Whether a postulate's round (and district) has its answers published.
const PUBLISHED: &str = "EXISTS (SELECT 1 FROM answer_publications pub \
     WHERE pub.round_id = p.round_id AND (pub.district_id IS NULL OR pub.district_id = p.district_id))";

/// A submitted answer after the last reassignment (the one that counts).
const ANSWERED: &str = "EXISTS (SELECT 1 FROM answer_history h WHERE h.postulate_id = p.id \
     AND h.action IN ('submitted', 'updated') AND h.id > COALESCE((SELECT MAX(r.id) \
     FROM answer_history r WHERE r.postulate_id = p.id AND r.action = 'reassigned'), 0))";

/// The working answer (`w`, its department `wd`) of a row.
fn working_from(r: &DbRow) -> Option<Answer> {
    let status: Option<String> = r.get("w_status");
    Some(Answer {
        draft: AnswerDraft {
            status: AnswerStatus::parse(&status?)?,
            justification: r.get("w_justification"),
            planned_term: r.get("w_term"),
            cost_range: r.get("w_cost"),
        },
        department: r.get("w_department"),
        submitted: r.get::<String, _>("w_state") == "submitted",
        version: r.get("w_version"),
        updated_at: instant(r.get("w_updated")),
    })
}

async fn working(conn: &mut DbConnection, postulate_id: Id) -> DbResult<Option<Answer>> {
    Ok(sqlx::query(
        "SELECT w.status AS w_status, w.justification AS w_justification, w.planned_term AS w_term, \
         w.cost_range AS w_cost, w.state AS w_state, w.version AS w_version, \
         w.updated_at AS w_updated, wd.name_pl AS w_department \
         FROM postulate_answers w JOIN departments wd ON wd.id = w.department_id \
         WHERE w.postulate_id = $1",
    )
    .bind(postulate_id)
    .fetch_optional(conn)
    .await?
    .as_ref()
    .and_then(working_from))
}

fn entry_from(r: &DbRow) -> AnswerEntry {
    let status: Option<String> = r.get("status");
    AnswerEntry {
        action: r.get("action"),
        status: status.as_deref().and_then(AnswerStatus::parse),
        justification: r.get("justification"),
        planned_term: r.get("planned_term"),
        cost_range: r.get("cost_range"),
        department: r.get("department"),
        reason: r.get("reason"),
        at: instant(r.get("at")),
    }
}

#[async_trait]
impl AnswerRepository for Repo {
    async fn work_queue(
        &self,
        round_id: Id,
        departments: &[Id],
        now: i64,
    ) -> DbResult<Vec<WorkItem>> {
        if departments.is_empty() {
            return Ok(Vec::new());
        }
        let mut q = QueryBuilder::<Db>::new(format!(
            "SELECT p.id, p.department_id, p.due_at, {PUBLISHED} AS published, {ANSWERED} AS answered, \
             w.status AS w_status, w.justification AS w_justification, w.planned_term AS w_term, \
             w.cost_range AS w_cost, w.state AS w_state, w.version AS w_version, \
             w.updated_at AS w_updated, wd.name_pl AS w_department \
             FROM postulates p LEFT JOIN postulate_answers w ON w.postulate_id = p.id \
             LEFT JOIN departments wd ON wd.id = w.department_id \
             WHERE p.status = 'approved' AND p.round_id = "
        ));
        q.push_bind(round_id).push(" AND p.department_id IN (");
        let mut list = q.separated(", ");
        for d in departments {
            list.push_bind(*d);
        }
        q.push(") ORDER BY p.id");
        let rows = q.build().fetch_all(&self.pool).await?;
        let mut publics = std::collections::HashMap::new();
        let mut ids = QueryBuilder::<Db>::new(format!("{PUBLIC_SELECT} WHERE p.id IN (0"));
        for r in &rows {
            ids.push(", ").push_bind(r.get::<Id, _>("id"));
        }
        ids.push(")");
        for r in ids.build().fetch_all(&self.pool).await? {
            let p = public_from(&r);
            publics.insert(p.id, p);
        }
        let mut items: Vec<WorkItem> = rows
            .iter()
            .filter_map(|r| {
                let due: Option<i64> = r.get("due_at");
                let answered = r.get::<bool, _>("answered");
                Some(WorkItem {
                    postulate: publics.remove(&r.get::<Id, _>("id"))?,
                    department_id: r.get("department_id"),
                    due_at: due.map(instant),
                    overdue: !answered && due.is_some_and(|d| d < now),
                    answer: working_from(r),
                    published: r.get::<bool, _>("published"),
                })
            })
            .collect();
        items.sort_by_key(|i| {
            (
                !i.overdue,
                i.due_at.map_or(i64::MAX, |d| d.utc),
                i.postulate.id,
            )
        });
        Ok(items)
    }

    async fn save_answer(
        &self,
        postulate_id: Id,
        department_id: Id,
        version: i64,
        draft: &AnswerDraft,
        submit: bool,
        user_id: Id,
        now: i64,
    ) -> DbResult<SaveOutcome> {
        let mut tx = super::write_tx(&self.pool).await?;
        // A write first (the lock at once): only an approved postulate of
        // this department.
        let assigned = sqlx::query(
            "UPDATE postulates SET id = id WHERE id = $1 AND status = 'approved' AND department_id = $2",
        )
        .bind(postulate_id)
        .bind(department_id)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        if !assigned {
            tx.rollback().await?;
            return Ok(SaveOutcome::NotAssigned);
        }
        let current = working(&mut tx, postulate_id).await?;
        let current_version = current.as_ref().map_or(0, |a| a.version);
        if current_version != version {
            tx.rollback().await?;
            return Ok(SaveOutcome::Stale(current.map(Box::new)));
        }
        let was_submitted: bool = sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM postulate_answers WHERE postulate_id = $1 AND submitted_at IS NOT NULL)",
        )
        .bind(postulate_id)
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO postulate_answers (postulate_id, department_id, status, justification, \
             planned_term, cost_range, state, version, updated_at, updated_by, submitted_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, CASE WHEN $11 THEN $9 END) \
             ON CONFLICT (postulate_id) DO UPDATE SET department_id = excluded.department_id, \
             status = excluded.status, justification = excluded.justification, \
             planned_term = excluded.planned_term, cost_range = excluded.cost_range, \
             state = excluded.state, version = excluded.version, updated_at = excluded.updated_at, \
             updated_by = excluded.updated_by, \
             submitted_at = COALESCE(postulate_answers.submitted_at, excluded.submitted_at)",
        )
        .bind(postulate_id)
        .bind(department_id)
        .bind(draft.status.as_str())
        .bind(&draft.justification)
        .bind(&draft.planned_term)
        .bind(&draft.cost_range)
        .bind(if submit { "submitted" } else { "draft" })
        .bind(current_version + 1)
        .bind(now)
        .bind(user_id)
        .bind(submit)
        .execute(&mut *tx)
        .await?;
        if submit {
            sqlx::query(
                "INSERT INTO answer_history (postulate_id, action, department_id, status, \
                 justification, planned_term, cost_range, user_id, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            )
            .bind(postulate_id)
            .bind(if was_submitted { "updated" } else { "submitted" })
            .bind(department_id)
            .bind(draft.status.as_str())
            .bind(&draft.justification)
            .bind(&draft.planned_term)
            .bind(&draft.cost_range)
            .bind(user_id)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(SaveOutcome::Saved(current_version + 1))
    }

    async fn reassign(
        &self,
        change: &Reassignment<'_>,
    ) -> DbResult<(ReassignOutcome, Vec<StoredEvent>)> {
        let mut tx = super::write_tx(&self.pool).await?;
        // A write first (the lock at once): the postulate as it is.
        let Some(row) = sqlx::query(
            "UPDATE postulates SET version = version + 1 WHERE id = $1 AND status = 'approved' \
             AND round_id = $2 RETURNING version, department_id, meeting_id",
        )
        .bind(change.postulate_id)
        .bind(change.round_id)
        .fetch_optional(&mut *tx)
        .await?
        else {
            tx.rollback().await?;
            return Ok((ReassignOutcome::NotFound, Vec::new()));
        };
        let version: i64 = row.get("version");
        let current: Option<Id> = row.get("department_id");
        let meeting_id: Option<Id> = row.get("meeting_id");
        if change.version.is_some_and(|v| v + 1 != version) {
            tx.rollback().await?;
            return Ok((ReassignOutcome::Stale, Vec::new()));
        }
        if current == Some(change.department_id) {
            tx.rollback().await?;
            return Ok((ReassignOutcome::SameDepartment, Vec::new()));
        }
        sqlx::query(
            "UPDATE postulates SET department_id = $1, \
             due_at = $2 + 86400 * (SELECT answer_days FROM rounds WHERE id = round_id) WHERE id = $3",
        )
        .bind(change.department_id)
        .bind(change.now)
        .bind(change.postulate_id)
        .execute(&mut *tx)
        .await?;
        // The earlier department's working answer goes (a draft is never
        // public; a submitted one is in the history already).
        sqlx::query("DELETE FROM postulate_answers WHERE postulate_id = $1")
            .bind(change.postulate_id)
            .execute(&mut *tx)
            .await?;
        if current.is_some() {
            sqlx::query(
                "INSERT INTO answer_history (postulate_id, action, department_id, reason, user_id, at) \
                 VALUES ($1, 'reassigned', $2, $3, $4, $5)",
            )
            .bind(change.postulate_id)
            .bind(change.department_id)
            .bind(change.reason)
            .bind(change.user_id)
            .bind(change.now)
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query(
            "INSERT INTO postulate_history (postulate_id, version, action, details, user_id, at) \
             VALUES ($1, $2, 'department', $3, $4, $5)",
        )
        .bind(change.postulate_id)
        .bind(version)
        .bind(change.department_id.to_string())
        .bind(change.user_id)
        .bind(change.now)
        .execute(&mut *tx)
        .await?;
        let events = match meeting_id {
            Some(meeting_id) => {
                let id = change.postulate_id;
                append_events(
                    &mut tx,
                    meeting_id,
                    &[LiveEvent::Queue { id }, LiveEvent::Postulate { id }],
                )
                .await?
            }
            None => Vec::new(),
        };
        tx.commit().await?;
        Ok((ReassignOutcome::Done, events))
    }

    async fn publish_answers(
        &self,
        round_id: Id,
        district_id: Option<Id>,
        user_id: Id,
        now: i64,
    ) -> DbResult<i64> {
        let mut tx = super::write_tx(&self.pool).await?;
        sqlx::query(&format!(
            "INSERT INTO answer_publications (round_id, district_id, published_at, user_id) \
             SELECT $1, $2, $3, $4 WHERE EXISTS (SELECT 1 FROM postulates p WHERE p.round_id = $1 \
             AND p.status = 'approved' AND ($2 IS NULL OR p.district_id = $2) AND {ANSWERED}) \
             ON CONFLICT DO NOTHING"
        ))
        .bind(round_id)
        .bind(district_id)
        .bind(now)
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
        let answers: i64 = sqlx::query_scalar(&format!(
            "SELECT COUNT(*) FROM postulates p WHERE p.round_id = $1 AND p.status = 'approved' \
             AND ($2 IS NULL OR p.district_id = $2) AND {ANSWERED}"
        ))
        .bind(round_id)
        .bind(district_id)
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(answers)
    }

    async fn publication_preview(
        &self,
        round_id: Id,
        district_id: Option<Id>,
    ) -> DbResult<Vec<PublicationItem>> {
        let rows = sqlx::query(&format!(
            "SELECT p.id, p.body, d.numeral, d.name, h.status, hd.name_pl, hd.name_en              FROM postulates p JOIN districts d ON d.id = p.district_id              JOIN answer_history h ON h.id = (SELECT MAX(l.id) FROM answer_history l                 WHERE l.postulate_id = p.id AND l.action IN ('submitted', 'updated'))              JOIN departments hd ON hd.id = h.department_id              WHERE p.round_id = $1 AND p.status = 'approved' AND ($2 IS NULL OR p.district_id = $2)              AND {ANSWERED} AND NOT {PUBLISHED} ORDER BY d.id, p.id"
        ))
        .bind(round_id)
        .bind(district_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let status: String = r.get("status");
                Ok(PublicationItem {
                    postulate_id: r.get("id"),
                    district: format!(
                        "{} {}",
                        r.get::<String, _>("numeral"),
                        r.get::<String, _>("name")
                    ),
                    department: Bilingual {
                        pl: r.get("name_pl"),
                        en: r.get("name_en"),
                    },
                    status: AnswerStatus::parse(&status).ok_or_else(|| {
                        crate::server::db::DbError::Inconsistent(format!(
                            "answer status {status:?}"
                        ))
                    })?,
                    body: r.get("body"),
                })
            })
            .collect()
    }

    async fn postulate_answers(&self, postulate_id: Id) -> DbResult<Option<PostulateAnswers>> {
        // A duplicate merged into a public postulate leads to that one.
        let merged_into: Option<Id> = sqlx::query_scalar(
            "SELECT merged_into FROM postulates WHERE id = $1 AND status = 'merged'",
        )
        .bind(postulate_id)
        .fetch_optional(&self.pool)
        .await?
        .flatten();
        let merged_from = merged_into.map(|_| postulate_id);
        let postulate_id = merged_into.unwrap_or(postulate_id);
        let Some(row) = sqlx::query(&format!(
            "{PUBLIC_SELECT} WHERE p.id = $1 AND p.status = 'approved'"
        ))
        .bind(postulate_id)
        .fetch_optional(&self.pool)
        .await?
        else {
            return Ok(None);
        };
        let postulate = public_from(&row);
        let (published, due): (bool, Option<i64>) = sqlx::query_as(&format!(
            "SELECT {PUBLISHED}, p.due_at FROM postulates p WHERE p.id = $1"
        ))
        .bind(postulate_id)
        .fetch_one(&self.pool)
        .await?;
        let history = if published {
            self.answer_history(postulate_id).await?
        } else {
            Vec::new()
        };
        let answer = postulate.answer.clone().map(|draft| {
            let last = history.iter().rev().find(|h| h.action != "reassigned");
            Answer {
                draft,
                department: last.and_then(|h| h.department.clone()).unwrap_or_default(),
                submitted: true,
                version: 0,
                updated_at: last.map_or(postulate.submitted_at, |h| h.at),
            }
        });
        Ok(Some(PostulateAnswers {
            postulate,
            answer,
            history,
            due_at: due.map(instant),
            merged_from,
        }))
    }

    async fn department_tally(&self, round_id: Id, now: i64) -> DbResult<Vec<DepartmentTally>> {
        let rows = sqlx::query(&format!(
            "SELECT dep.code, dep.name_pl, dep.name_en, p.due_at, {ANSWERED} AS answered \
             FROM postulates p JOIN departments dep ON dep.id = p.department_id \
             WHERE p.round_id = $1 AND p.status = 'approved' ORDER BY dep.name_pl, p.id"
        ))
        .bind(round_id)
        .fetch_all(&self.pool)
        .await?;
        let mut tally: Vec<DepartmentTally> = Vec::new();
        for r in &rows {
            let code: String = r.get("code");
            if tally.last().is_none_or(|t| t.code != code) {
                tally.push(DepartmentTally {
                    code,
                    name: Bilingual {
                        pl: r.get("name_pl"),
                        en: r.get("name_en"),
                    },
                    answered: 0,
                    pending: 0,
                    overdue: 0,
                });
            }
            let t = tally.last_mut().expect("pushed above");
            let due: Option<i64> = r.get("due_at");
            if r.get::<bool, _>("answered") {
                t.answered += 1;
            } else if due.is_some_and(|d| d < now) {
                t.overdue += 1;
            } else {
                t.pending += 1;
            }
        }
        Ok(tally)
    }

    async fn published_status_counts(&self, round_id: Id) -> DbResult<Vec<(AnswerStatus, i64)>> {
        let rows: Vec<(Option<String>, i64)> = sqlx::query_as(&format!(
            "SELECT a_status, COUNT(*) FROM ({PUBLIC_SELECT} WHERE p.round_id = $1 \
             AND p.status = 'approved') AS shown GROUP BY a_status"
        ))
        .bind(round_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(AnswerStatus::ALL
            .into_iter()
            .map(|status| {
                let n = rows
                    .iter()
                    .find(|(s, _)| s.as_deref() == Some(status.as_str()))
                    .map_or(0, |(_, n)| *n);
                (status, n)
            })
            .collect())
    }

    async fn export_postulates(
        &self,
        round_id: Id,
        filter: &crate::postulates::model::PostulateFilter,
        answered_only: bool,
    ) -> DbResult<Vec<ExportRow>> {
        let mut q = QueryBuilder::<Db>::new(PUBLIC_SELECT);
        push_filter(&mut q, round_id, filter);
        if answered_only {
            q.push(" AND a.id IS NOT NULL");
        }
        q.push(" ORDER BY p.id");
        Ok(q.build()
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| {
                let postulate = public_from(r);
                let at: Option<i64> = r.get("a_at");
                ExportRow {
                    answered_at: at.filter(|_| postulate.answer.is_some()).map(instant),
                    postulate,
                }
            })
            .collect())
    }

    async fn answer_history(&self, postulate_id: Id) -> DbResult<Vec<AnswerEntry>> {
        Ok(sqlx::query(
            "SELECT h.action, h.status, h.justification, h.planned_term, h.cost_range, h.reason, \
             h.at, d.name_pl AS department FROM answer_history h \
             LEFT JOIN departments d ON d.id = h.department_id \
             WHERE h.postulate_id = $1 ORDER BY h.id",
        )
        .bind(postulate_id)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(entry_from)
        .collect())
    }
}
