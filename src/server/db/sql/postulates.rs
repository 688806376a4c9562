//! The queries of the postulates ([`PostulateRepository`]). Every write
//! starts with its write statement (so the transaction takes the write lock
//! at once and waits its turn, never failing to upgrade a read), and writes
//! the live events it raises in the same transaction.
//! Compiled by each backend with its own types and dialect functions
//! (see `server::db`): SQL both dialects accept, `$n` parameters.

use super::{district_from, is_unique_violation, Repo};
use super::{Db, DbConnection, DbRow};
use crate::answers::model::{AnswerDraft, AnswerStatus};
use crate::domain::{Bilingual, Id};
use crate::postulates::model::{
    FollowedPostulate, HistoryEntry, LiveChange, LiveEvent, LiveState, Moderation, PostulateFilter,
    PostulatePage, PostulateStatus, PublicPostulate, QueueItem, RejectReason, StoredEvent,
    PER_PAGE,
};
use crate::server::db::postulates::{
    event_row, moderation_events, ModerationOutcome, NewPostulate, PostulateInsert,
    PostulateRepository, StoredPostulate,
};
use crate::server::db::DbResult;
use crate::server::time::instant;
use async_trait::async_trait;
use sqlx::{QueryBuilder, Row};

/// Approved postulates as the public sees them.
pub(super) const PUBLIC_SELECT: &str =
    "SELECT p.id, p.meeting_id, p.body, p.me_too, p.submitted_at, \
     d.id AS d_id, d.numeral AS d_numeral, d.name AS d_name, d.population AS d_population, \
     t.name_pl AS t_pl, t.name_en AS t_en, dep.name_pl AS department, \
     a.status AS a_status, a.justification AS a_justification, a.planned_term AS a_term, \
     a.cost_range AS a_cost, a.at AS a_at \
     FROM postulates p JOIN districts d ON d.id = p.district_id \
     LEFT JOIN themes t ON t.id = p.theme_id \
     LEFT JOIN departments dep ON dep.id = p.department_id \
     LEFT JOIN answer_history a ON a.id = (SELECT MAX(h.id) FROM answer_history h \
         WHERE h.postulate_id = p.id AND h.action IN ('submitted', 'updated') \
         AND h.id > COALESCE((SELECT MAX(r.id) FROM answer_history r \
             WHERE r.postulate_id = p.id AND r.action = 'reassigned'), 0)) \
         AND EXISTS (SELECT 1 FROM answer_publications pub WHERE pub.round_id = p.round_id \
             AND (pub.district_id IS NULL OR pub.district_id = p.district_id))";

pub(super) fn public_from(r: &DbRow) -> PublicPostulate {
    let theme_pl: Option<String> = r.get("t_pl");
    PublicPostulate {
        id: r.get("id"),
        district: district_from(r, "d_"),
        meeting_id: r.get("meeting_id"),
        body: r.get("body"),
        theme: theme_pl.map(|pl| Bilingual {
            pl,
            en: r.get("t_en"),
        }),
        department: r.get("department"),
        me_too: r.get("me_too"),
        submitted_at: instant(r.get("submitted_at")),
        answer: answer_from(r),
    }
}

/// The published answer of a [`PUBLIC_SELECT`] row.
fn answer_from(r: &DbRow) -> Option<AnswerDraft> {
    let status: Option<String> = r.get("a_status");
    Some(AnswerDraft {
        status: AnswerStatus::parse(&status?)?,
        justification: r
            .get::<Option<String>, _>("a_justification")
            .unwrap_or_default(),
        planned_term: r.get("a_term"),
        cost_range: r.get("a_cost"),
    })
}

/// Postulates as moderators see them (history added separately).
const QUEUE_SELECT: &str = "SELECT p.id, p.meeting_id, p.body, p.status, p.version, p.theme_id, \
     p.department_id, p.reject_reason, p.merged_into, p.me_too, p.on_behalf, \
     d.id AS d_id, d.numeral AS d_numeral, d.name AS d_name, d.population AS d_population \
     FROM postulates p JOIN districts d ON d.id = p.district_id";

fn queue_from(r: &DbRow) -> QueueItem {
    let status: String = r.get("status");
    let reason: Option<String> = r.get("reject_reason");
    QueueItem {
        id: r.get("id"),
        meeting_id: r.get("meeting_id"),
        district: district_from(r, "d_"),
        body: r.get("body"),
        status: PostulateStatus::parse(&status).unwrap_or(PostulateStatus::Submitted),
        version: r.get("version"),
        theme_id: r.get("theme_id"),
        department_id: r.get("department_id"),
        reject_reason: reason.as_deref().and_then(RejectReason::parse),
        merged_into: r.get("merged_into"),
        me_too: r.get("me_too"),
        on_behalf: r.get::<bool, _>("on_behalf"),
        history: Vec::new(),
    }
}

const HISTORY_SELECT: &str = "SELECT h.postulate_id, h.version, h.action, h.body, h.details, \
     h.at, u.display_name AS actor \
     FROM postulate_history h LEFT JOIN staff_users u ON u.id = h.user_id";

fn history_from(r: &DbRow) -> (Id, HistoryEntry) {
    (
        r.get("postulate_id"),
        HistoryEntry {
            version: r.get("version"),
            action: r.get("action"),
            body: r.get("body"),
            details: r.get("details"),
            actor: r.get("actor"),
            at: instant(r.get("at")),
        },
    )
}

async fn public_of(conn: &mut DbConnection, id: Id) -> DbResult<Option<PublicPostulate>> {
    Ok(sqlx::query(&format!(
        "{PUBLIC_SELECT} WHERE p.id = $1 AND p.status = 'approved'"
    ))
    .bind(id)
    .fetch_optional(conn)
    .await?
    .as_ref()
    .map(public_from))
}

/// One entry of a postulate's history.
struct History<'a> {
    postulate_id: Id,
    version: i64,
    action: &'a str,
    body: Option<&'a str>,
    details: Option<&'a str>,
    user_id: Option<Id>,
    at: i64,
}

async fn history(conn: &mut DbConnection, h: History<'_>) -> DbResult<()> {
    sqlx::query(
        "INSERT INTO postulate_history (postulate_id, version, action, body, details, user_id, at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(h.postulate_id)
    .bind(h.version)
    .bind(h.action)
    .bind(h.body)
    .bind(h.details)
    .bind(h.user_id)
    .bind(h.at)
    .execute(conn)
    .await?;
    Ok(())
}

/// Appends a meeting's events; them with their ids.
pub(super) async fn append_events(
    conn: &mut DbConnection,
    meeting_id: Id,
    events: &[LiveEvent],
) -> DbResult<Vec<StoredEvent>> {
    let mut stored = Vec::with_capacity(events.len());
    for event in events {
        let (public, payload) = event_row(event);
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO live_events (meeting_id, audience, payload) VALUES ($1, $2, $3) RETURNING id",
        )
        .bind(meeting_id)
        .bind(if public { "public" } else { "staff" })
        .bind(&payload)
        .fetch_one(&mut *conn)
        .await?;
        stored.push(StoredEvent {
            id,
            meeting_id,
            public,
            payload,
        });
    }
    Ok(stored)
}

fn event_from(r: &DbRow) -> StoredEvent {
    let audience: String = r.get("audience");
    StoredEvent {
        id: r.get("id"),
        meeting_id: r.get("meeting_id"),
        public: audience == "public",
        payload: r.get("payload"),
    }
}

/// The filter's conditions, appended to a query over `p`, `d`, `t`, `dep`.
pub(super) fn push_filter(q: &mut QueryBuilder<'_, Db>, round_id: Id, filter: &PostulateFilter) {
    q.push(" WHERE p.round_id = ")
        .push_bind(round_id)
        .push(" AND p.status = 'approved'");
    if let Some(v) = &filter.district {
        q.push(" AND d.numeral = ").push_bind(v.clone());
    }
    if let Some(v) = filter.meeting {
        q.push(" AND p.meeting_id = ").push_bind(v);
    }
    if let Some(v) = &filter.theme {
        q.push(" AND t.code = ").push_bind(v.clone());
    }
    if let Some(v) = &filter.department {
        q.push(" AND dep.code = ").push_bind(v.clone());
    }
    if let Some(v) = &filter.status {
        q.push(" AND a.status = ").push_bind(v.clone());
    }
    let words = filter.search_words();
    if !words.is_empty() {
        q.push(" AND ");
        super::push_search(q, "p.id", &words);
    }
}

#[async_trait]
impl PostulateRepository for Repo {
    async fn postulate_by_client_id(&self, client_id: &str) -> DbResult<Option<StoredPostulate>> {
        Ok(
            sqlx::query("SELECT content_hash, code FROM postulates WHERE client_id = $1")
                .bind(client_id)
                .fetch_optional(&self.pool)
                .await?
                .map(|r| StoredPostulate {
                    content_hash: r.get("content_hash"),
                    code: r.get("code"),
                }),
        )
    }

    async fn insert_postulate(
        &self,
        new: &NewPostulate,
    ) -> DbResult<(PostulateInsert, Vec<StoredEvent>)> {
        let mut tx = super::write_tx(&self.pool).await?;
        let inserted = sqlx::query_scalar::<_, Id>(
            "INSERT INTO postulates (round_id, meeting_id, district_id, theme_id, body, status, \
             client_id, content_hash, code, submitted_at, on_behalf) \
             VALUES ($1, $2, $3, $4, $5, 'submitted', $6, $7, $8, $9, $10) RETURNING id",
        )
        .bind(new.round_id)
        .bind(new.meeting_id)
        .bind(new.district_id)
        .bind(new.theme_id)
        .bind(&new.body)
        .bind(&new.client_id)
        .bind(&new.content_hash)
        .bind(&new.code)
        .bind(new.submitted_on)
        .bind(new.on_behalf_of.is_some())
        .fetch_one(&mut *tx)
        .await;
        let id = match inserted {
            Ok(id) => id,
            Err(err) if is_unique_violation(&err) => {
                tx.rollback().await?;
                return Ok((PostulateInsert::DuplicateClientId, Vec::new()));
            }
            Err(err) => return Err(err.into()),
        };
        let action = if new.on_behalf_of.is_some() {
            "added_for_speaker"
        } else {
            "submitted"
        };
        history(
            &mut tx,
            History {
                postulate_id: id,
                version: 1,
                action,
                body: Some(&new.body),
                details: None,
                user_id: new.on_behalf_of,
                at: new.submitted_on,
            },
        )
        .await?;
        if let Some(client_id) = &new.client_id {
            // A form kept for it (a plain post that came back) is done.
            sqlx::query("DELETE FROM returned_forms WHERE client_id = $1")
                .bind(client_id)
                .execute(&mut *tx)
                .await?;
        }
        let events = append_events(&mut tx, new.meeting_id, &[LiveEvent::Queue { id }]).await?;
        tx.commit().await?;
        Ok((
            PostulateInsert::Stored {
                id,
                code: new.code.clone(),
            },
            events,
        ))
    }

    async fn supported(&self, meeting_id: Id, device_hash: &str) -> DbResult<Vec<Id>> {
        Ok(sqlx::query_scalar(
            "SELECT s.postulate_id FROM postulate_support s \
             JOIN postulates p ON p.id = s.postulate_id \
             WHERE s.device_hash = $1 AND p.meeting_id = $2",
        )
        .bind(device_hash)
        .bind(meeting_id)
        .fetch_all(&self.pool)
        .await?)
    }

    async fn support_postulate(
        &self,
        id: Id,
        device_hash: &str,
    ) -> DbResult<Option<(bool, Vec<StoredEvent>)>> {
        let mut tx = super::write_tx(&self.pool).await?;
        let added = sqlx::query(
            "INSERT INTO postulate_support (postulate_id, device_hash) \
             SELECT id, $1 FROM postulates WHERE id = $2 AND status = 'approved' \
             ON CONFLICT DO NOTHING",
        )
        .bind(device_hash)
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        let meeting: Option<(Option<Id>,)> = sqlx::query_as(
            "SELECT meeting_id FROM postulates WHERE id = $1 AND status = 'approved'",
        )
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some((meeting_id,)) = meeting else {
            tx.rollback().await?;
            return Ok(None);
        };
        if !added {
            tx.rollback().await?;
            return Ok(Some((false, Vec::new())));
        }
        sqlx::query("UPDATE postulates SET me_too = me_too + 1 WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let mut events = Vec::new();
        if let Some(meeting_id) = meeting_id {
            events = append_events(
                &mut tx,
                meeting_id,
                &[LiveEvent::Postulate { id }, LiveEvent::Queue { id }],
            )
            .await?;
        }
        tx.commit().await?;
        Ok(Some((true, events)))
    }

    async fn queue_item(&self, id: Id) -> DbResult<Option<QueueItem>> {
        let Some(mut item) = sqlx::query(&format!("{QUEUE_SELECT} WHERE p.id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .as_ref()
            .map(queue_from)
        else {
            return Ok(None);
        };
        item.history = sqlx::query(&format!(
            "{HISTORY_SELECT} WHERE h.postulate_id = $1 ORDER BY h.id"
        ))
        .bind(id)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| history_from(r).1)
        .collect();
        Ok(Some(item))
    }

    async fn moderation_queue(&self, meeting_id: Id) -> DbResult<Vec<QueueItem>> {
        let mut items: Vec<QueueItem> = sqlx::query(&format!(
            "{QUEUE_SELECT} WHERE p.meeting_id = $1 ORDER BY p.id DESC"
        ))
        .bind(meeting_id)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(queue_from)
        .collect();
        let rows = sqlx::query(&format!(
            "{HISTORY_SELECT} WHERE h.postulate_id IN \
             (SELECT id FROM postulates WHERE meeting_id = $1) ORDER BY h.id"
        ))
        .bind(meeting_id)
        .fetch_all(&self.pool)
        .await?;
        for row in &rows {
            let (id, entry) = history_from(row);
            if let Some(item) = items.iter_mut().find(|i| i.id == id) {
                item.history.push(entry);
            }
        }
        Ok(items)
    }

    async fn moderate(
        &self,
        id: Id,
        version: i64,
        change: &Moderation,
        user_id: Option<Id>,
        now: i64,
    ) -> DbResult<(ModerationOutcome, Vec<StoredEvent>)> {
        let mut tx = super::write_tx(&self.pool).await?;
        // Compare and set: only the version the moderator saw moves on.
        let row = sqlx::query(
            "UPDATE postulates SET version = version + 1 WHERE id = $1 AND version = $2 \
             RETURNING status, meeting_id, version, department_id",
        )
        .bind(id)
        .bind(version)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = row else {
            tx.rollback().await?;
            return Ok((
                match self.queue_item(id).await? {
                    Some(item) => ModerationOutcome::Stale(item),
                    None => ModerationOutcome::NotFound,
                },
                Vec::new(),
            ));
        };
        let status: String = row.get("status");
        let meeting_id: Option<Id> = row.get("meeting_id");
        let new_version: i64 = row.get("version");
        let status = PostulateStatus::parse(&status).unwrap_or(PostulateStatus::Submitted);
        let department: Option<Id> = row.get("department_id");
        let Some(next) = change.next_status(status) else {
            tx.rollback().await?;
            return Ok((ModerationOutcome::NotAllowed, Vec::new()));
        };
        // The same department again changes nothing (not even the due
        // date); an approved postulate's department, once set, changes only
        // by reassignment (AnswerRepository::reassign: its rules, its history).
        if let Moderation::Department(to) = change {
            if *to == department || (status == PostulateStatus::Approved && department.is_some()) {
                tx.rollback().await?;
                return Ok((ModerationOutcome::NotAllowed, Vec::new()));
            }
        }
        let mut body = None;
        let mut details = None;
        let mut target = None;
        match change {
            Moderation::Approve
            | Moderation::Reject(_)
            | Moderation::Withdraw(_)
            | Moderation::Restore => {
                let reason = match change {
                    Moderation::Reject(r) | Moderation::Withdraw(r) => Some(r.as_str()),
                    _ => None,
                };
                details = reason.map(str::to_owned);
                sqlx::query(
                    "UPDATE postulates SET status = $1, reject_reason = $2, reviewed_at = $3, \
                     reviewed_by = $4 WHERE id = $5",
                )
                .bind(next.as_str())
                .bind(reason)
                .bind(now)
                .bind(user_id)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            }
            Moderation::Edit(text) => {
                body = Some(text.as_str());
                sqlx::query("UPDATE postulates SET body = $1 WHERE id = $2")
                    .bind(text)
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
            }
            Moderation::Theme(theme) | Moderation::Department(theme) => {
                let column = if matches!(change, Moderation::Theme(_)) {
                    "theme_id"
                } else {
                    "department_id"
                };
                details = theme.map(|t| t.to_string());
                sqlx::query(&format!(
                    "UPDATE postulates SET {column} = $1 WHERE id = $2"
                ))
                .bind(theme)
                .bind(id)
                .execute(&mut *tx)
                .await?;
                if column == "department_id" {
                    // The department's answer is due in the round's days.
                    sqlx::query(
                        "UPDATE postulates SET due_at = CASE WHEN department_id IS NULL THEN NULL \
                         ELSE $1 + 86400 * (SELECT answer_days FROM rounds WHERE id = round_id) END \
                         WHERE id = $2",
                    )
                    .bind(now)
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                }
            }
            Moderation::Merge(into) => {
                // Into another live postulate of the same meeting; a public
                // one only into another public one.
                let merged_into: Option<(i64, String)> = sqlx::query_as(
                    "UPDATE postulates SET version = version + 1 WHERE id = $1 AND id <> $2 \
                     AND meeting_id IS NOT DISTINCT FROM $3 AND status IN ('submitted', 'approved') \
                     AND (status = 'approved' OR $4) RETURNING version, status",
                )
                .bind(into)
                .bind(id)
                .bind(meeting_id)
                .bind(status == PostulateStatus::Submitted)
                .fetch_optional(&mut *tx)
                .await?;
                let Some((target_version, target_status)) = merged_into else {
                    tx.rollback().await?;
                    return Ok((ModerationOutcome::NoMergeTarget, Vec::new()));
                };
                details = Some(into.to_string());
                sqlx::query(
                    "UPDATE postulates SET status = 'merged', merged_into = $1, reviewed_at = $2, \
                     reviewed_by = $3 WHERE id = $4",
                )
                .bind(into)
                .bind(now)
                .bind(user_id)
                .bind(id)
                .execute(&mut *tx)
                .await?;
                // Its supporters support the target now; each device once.
                sqlx::query(
                    "INSERT INTO postulate_support (postulate_id, device_hash) \
                     SELECT $1, device_hash FROM postulate_support WHERE postulate_id = $2 \
                     ON CONFLICT DO NOTHING",
                )
                .bind(into)
                .bind(id)
                .execute(&mut *tx)
                .await?;
                sqlx::query(
                    "UPDATE postulates SET me_too = \
                     (SELECT COUNT(*) FROM postulate_support WHERE postulate_id = $1) WHERE id = $2",
                )
                .bind(into)
                .bind(into)
                .execute(&mut *tx)
                .await?;
                history(
                    &mut tx,
                    History {
                        postulate_id: *into,
                        version: target_version,
                        action: "merged_from",
                        body: None,
                        details: Some(&id.to_string()),
                        user_id,
                        at: now,
                    },
                )
                .await?;
                target = Some((*into, target_status == "approved"));
            }
        }
        if next != PostulateStatus::Approved {
            // Off the public list: no longer the one being discussed.
            let cleared = sqlx::query(
                "UPDATE meetings SET discussed_postulate_id = NULL WHERE discussed_postulate_id = $1",
            )
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if let (true, Some(meeting_id)) = (cleared > 0, meeting_id) {
                append_events(&mut tx, meeting_id, &[LiveEvent::Discussed { id: None }]).await?;
            }
        }
        history(
            &mut tx,
            History {
                postulate_id: id,
                version: new_version,
                action: change.action(),
                body,
                details: details.as_deref(),
                user_id,
                at: now,
            },
        )
        .await?;
        let events = match meeting_id {
            Some(meeting_id) => {
                let public =
                    status == PostulateStatus::Approved || next == PostulateStatus::Approved;
                let events = moderation_events(id, public, target);
                append_events(&mut tx, meeting_id, &events).await?
            }
            None => Vec::new(),
        };
        tx.commit().await?;
        let item = self.queue_item(id).await?.ok_or_else(|| {
            crate::server::db::DbError::Inconsistent("moderated postulate".into())
        })?;
        Ok((ModerationOutcome::Done(item), events))
    }

    async fn live_state(&self, meeting_id: Id) -> DbResult<LiveState> {
        Ok(sqlx::query(
            "SELECT postulates_open, discussed_postulate_id, projector_slide \
             FROM meetings WHERE id = $1",
        )
        .bind(meeting_id)
        .fetch_optional(&self.pool)
        .await?
        .map(|r| LiveState {
            open: r.get::<bool, _>("postulates_open"),
            discussed: r.get("discussed_postulate_id"),
            slide: r.get("projector_slide"),
        })
        .unwrap_or_default())
    }

    async fn change_live_state(
        &self,
        meeting_id: Id,
        change: LiveChange,
    ) -> DbResult<Vec<StoredEvent>> {
        let mut tx = super::write_tx(&self.pool).await?;
        let (query, event) = match change {
            LiveChange::Open(open) => (
                sqlx::query("UPDATE meetings SET postulates_open = $1 WHERE id = $2").bind(open),
                LiveEvent::Open { open },
            ),
            LiveChange::Discuss(id) => (
                // Only an approved postulate of this meeting.
                sqlx::query(
                    "UPDATE meetings SET discussed_postulate_id = $1 WHERE id = $2 AND ($1 IS NULL \
                     OR EXISTS (SELECT 1 FROM postulates WHERE id = $1 AND meeting_id = $2 \
                     AND status = 'approved'))",
                )
                .bind(id),
                LiveEvent::Discussed { id },
            ),
            LiveChange::Slide(slide) => (
                sqlx::query("UPDATE meetings SET projector_slide = $1 WHERE id = $2").bind(slide),
                LiveEvent::Slide { slide },
            ),
        };
        if query
            .bind(meeting_id)
            .execute(&mut *tx)
            .await?
            .rows_affected()
            == 0
        {
            tx.rollback().await?;
            return Ok(Vec::new());
        }
        let events = append_events(&mut tx, meeting_id, &[event]).await?;
        tx.commit().await?;
        Ok(events)
    }

    async fn live_postulates(&self, meeting_id: Id) -> DbResult<Vec<PublicPostulate>> {
        Ok(sqlx::query(&format!(
            "{PUBLIC_SELECT} WHERE p.meeting_id = $1 AND p.status = 'approved' ORDER BY p.id"
        ))
        .bind(meeting_id)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(public_from)
        .collect())
    }

    async fn events_after(
        &self,
        meeting_id: Id,
        after: i64,
        staff: bool,
        limit: i64,
    ) -> DbResult<Vec<StoredEvent>> {
        Ok(sqlx::query(
            "SELECT id, meeting_id, audience, payload FROM live_events \
             WHERE meeting_id = $1 AND id > $2 AND ($3 OR audience = 'public') ORDER BY id LIMIT $4",
        )
        .bind(meeting_id)
        .bind(after)
        .bind(staff)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(event_from)
        .collect())
    }

    async fn too_far_behind(
        &self,
        meeting_id: Id,
        after: i64,
        staff: bool,
        max: i64,
    ) -> DbResult<bool> {
        Ok(sqlx::query_scalar(
            "SELECT (SELECT live_events_pruned_to FROM meetings WHERE id = $1) > $2 \
             OR (SELECT COUNT(*) FROM (SELECT 1 FROM live_events WHERE meeting_id = $1 \
                 AND id > $2 AND ($3 OR audience = 'public') LIMIT $4 + 1) AS waiting) > $4",
        )
        .bind(meeting_id)
        .bind(after)
        .bind(staff)
        .bind(max)
        .fetch_one(&self.pool)
        .await?)
    }

    async fn prune_live_events(&self, now: i64) -> DbResult<u64> {
        use crate::server::db::postulates::KEEP_EVENTS;
        let mut tx = super::write_tx(&self.pool).await?;
        // Per meeting, the newest id that goes: finished meetings (a day
        // after they were held or cancelled) and other rounds' lose all,
        // every meeting all but its newest KEEP_EVENTS.
        sqlx::query(
            "UPDATE meetings SET live_events_pruned_to = gone FROM ( \
                 SELECT m.id AS meeting, CASE \
                     WHEN (m.status IN ('held', 'cancelled') AND m.changed_at < $1 - 86400) \
                       OR r.status <> 'active' \
                     THEN (SELECT MAX(e.id) FROM live_events e WHERE e.meeting_id = m.id) \
                     ELSE (SELECT e.id FROM live_events e WHERE e.meeting_id = m.id \
                           ORDER BY e.id DESC LIMIT 1 OFFSET $2) END AS gone \
                 FROM meetings m JOIN rounds r ON r.id = m.round_id) AS ends \
             WHERE meetings.id = ends.meeting AND gone IS NOT NULL AND gone > live_events_pruned_to",
        )
        .bind(now)
        .bind(KEEP_EVENTS)
        .execute(&mut *tx)
        .await?;
        let gone = sqlx::query(
            "DELETE FROM live_events WHERE id <= \
             (SELECT live_events_pruned_to FROM meetings m WHERE m.id = live_events.meeting_id)",
        )
        .execute(&mut *tx)
        .await?
        .rows_affected();
        tx.commit().await?;
        Ok(gone)
    }

    async fn public_postulate(&self, id: Id) -> DbResult<Option<PublicPostulate>> {
        let mut conn = self.pool.acquire().await?;
        public_of(&mut conn, id).await
    }

    async fn last_event_id(&self, meeting_id: Id) -> DbResult<i64> {
        Ok(
            sqlx::query_scalar(
                "SELECT COALESCE(MAX(id), 0) FROM live_events WHERE meeting_id = $1",
            )
            .bind(meeting_id)
            .fetch_one(&self.pool)
            .await?,
        )
    }

    async fn search_postulates(
        &self,
        round_id: Id,
        filter: &PostulateFilter,
    ) -> DbResult<PostulatePage> {
        let from = &PUBLIC_SELECT[PUBLIC_SELECT.find(" FROM ").unwrap_or_default()..];
        let mut count = QueryBuilder::<Db>::new(format!("SELECT COUNT(*){from}"));
        push_filter(&mut count, round_id, filter);
        let total: i64 = count.build_query_scalar().fetch_one(&self.pool).await?;
        let mut page = QueryBuilder::<Db>::new(PUBLIC_SELECT);
        push_filter(&mut page, round_id, filter);
        page.push(" ORDER BY p.id LIMIT ")
            .push_bind(PER_PAGE)
            .push(" OFFSET ")
            .push_bind((filter.page.max(1) - 1) * PER_PAGE);
        let items = page
            .build()
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(public_from)
            .collect();
        Ok(PostulatePage { items, total })
    }

    async fn followed_postulate(&self, code: &str) -> DbResult<Option<FollowedPostulate>> {
        let Some(r) = sqlx::query(
            "SELECT p.id, p.code, p.body, p.status, p.reject_reason, p.merged_into, p.meeting_id, \
             p.me_too, p.submitted_at, dep.name_pl AS department, m.body AS merged_body, \
             d.id AS d_id, d.numeral AS d_numeral, d.name AS d_name, d.population AS d_population \
             FROM postulates p JOIN districts d ON d.id = p.district_id \
             LEFT JOIN departments dep ON dep.id = p.department_id \
             LEFT JOIN postulates m ON m.id = p.merged_into AND m.status = 'approved' \
             WHERE p.code = $1",
        )
        .bind(code)
        .fetch_optional(&self.pool)
        .await?
        else {
            return Ok(None);
        };
        let status: String = r.get("status");
        let status = PostulateStatus::parse(&status).unwrap_or(PostulateStatus::Submitted);
        let reason: Option<String> = r.get("reject_reason");
        let merged_into: Option<Id> = r.get("merged_into");
        let id: Id = r.get("id");
        // The published position, as the public list shows it.
        let answer = sqlx::query(&format!("{PUBLIC_SELECT} WHERE p.id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .and_then(|row| public_from(&row).answer);
        Ok(Some(FollowedPostulate {
            id,
            answer,
            code: r.get("code"),
            body: (status != PostulateStatus::Rejected).then(|| r.get("body")),
            status,
            reject_reason: reason.as_deref().and_then(RejectReason::parse),
            // The target's wording only while it is public.
            merged_into: merged_into.zip(r.get::<Option<String>, _>("merged_body")),
            meeting_id: r.get("meeting_id"),
            district: district_from(&r, "d_"),
            department: r.get("department"),
            me_too: r.get("me_too"),
            submitted_at: instant(r.get("submitted_at")),
            // Set by the server function, which knows the site's address.
            address: String::new(),
        }))
    }
}
