//! The queries of the meeting calendar ([`MeetingRepository`]).
//! Compiled by each backend with its own types and dialect functions
//! (see `server::db`): SQL both dialects accept, `$n` parameters.

use super::{district_from, Db, DbRow, Repo};
use crate::domain::{Accessibility, Id, Meeting, MeetingStatus, Official};
use crate::server::db::meetings::{
    MeetingChange, MeetingCounts, MeetingDetails, MeetingRepository,
};
use crate::server::db::DbResult;
use crate::server::time::instant;
use async_trait::async_trait;
use sqlx::Row;

/// Meetings with their district and officials: one row per official (or
/// one row with NULL officials), folded by [`meetings_from`].
const MEETING_SELECT: &str =
    "SELECT m.id, m.round_id, m.starts_at, m.ends_at, m.venue, m.address, m.room, \
     m.status, m.status_reason, m.previous_starts_at, m.accessibility, m.sequence, m.changed_at, \
     d.id AS d_id, d.numeral AS d_numeral, d.name AS d_name, d.population AS d_population, \
     o.name AS o_name, o.title AS o_title, dep.name_pl AS o_department, \
     dep.code AS o_department_code \
     FROM meetings m JOIN districts d ON d.id = m.district_id \
     LEFT JOIN meeting_officials o ON o.meeting_id = m.id \
     LEFT JOIN departments dep ON dep.id = o.department_id";

/// Folds [`MEETING_SELECT`] rows (ordered by meeting) into meetings.
fn meetings_from(rows: &[DbRow]) -> Vec<Meeting> {
    let mut meetings: Vec<Meeting> = Vec::new();
    for row in rows {
        let id: Id = row.get("id");
        if meetings.last().is_none_or(|m| m.id != id) {
            let status: String = row.get("status");
            meetings.push(Meeting {
                id,
                round_id: row.get("round_id"),
                district: district_from(row, "d_"),
                starts_at: instant(row.get("starts_at")),
                ends_at: instant(row.get("ends_at")),
                venue: row.get("venue"),
                address: row.get("address"),
                room: row.get("room"),
                officials: Vec::new(),
                // The table's CHECK allows only known statuses.
                status: MeetingStatus::parse(&status).unwrap_or_default(),
                status_reason: row.get("status_reason"),
                previous_starts_at: row.get::<Option<i64>, _>("previous_starts_at").map(instant),
                accessibility: Accessibility::parse_list(row.get("accessibility")),
                sequence: row.get("sequence"),
                changed_at: row.get("changed_at"),
            });
        }
        if let (Some(name), Some(meeting)) =
            (row.get::<Option<String>, _>("o_name"), meetings.last_mut())
        {
            meeting.officials.push(Official {
                name,
                title: row.get("o_title"),
                department: row.get("o_department"),
                department_code: row.get("o_department_code"),
            });
        }
    }
    meetings
}

async fn insert_officials(
    tx: &mut sqlx::Transaction<'_, Db>,
    meeting_id: Id,
    details: &MeetingDetails,
) -> DbResult<()> {
    for (position, (name, title, department_id)) in details.officials.iter().enumerate() {
        sqlx::query(
            "INSERT INTO meeting_officials (meeting_id, name, title, department_id, position) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(meeting_id)
        .bind(name)
        .bind(title)
        .bind(department_id)
        .bind(position as i64)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

#[async_trait]
impl MeetingRepository for Repo {
    async fn meetings(&self, round_id: Id) -> DbResult<Vec<Meeting>> {
        let rows = sqlx::query(&format!(
            "{MEETING_SELECT} WHERE m.round_id = $1 ORDER BY m.starts_at, m.id, o.position"
        ))
        .bind(round_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(meetings_from(&rows))
    }

    async fn meeting(&self, id: Id) -> DbResult<Option<Meeting>> {
        let rows = sqlx::query(&format!(
            "{MEETING_SELECT} WHERE m.id = $1 ORDER BY o.position"
        ))
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        Ok(meetings_from(&rows).pop())
    }

    async fn create_meeting(
        &self,
        round_id: Id,
        district_id: Id,
        starts_at: i64,
        ends_at: i64,
        details: &MeetingDetails,
        now: i64,
    ) -> DbResult<Id> {
        let mut tx = super::write_tx(&self.pool).await?;
        let id: Id = sqlx::query_scalar(
            "INSERT INTO meetings (round_id, district_id, starts_at, ends_at, venue, address, room, \
             accessibility, changed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        )
        .bind(round_id)
        .bind(district_id)
        .bind(starts_at)
        .bind(ends_at)
        .bind(&details.venue)
        .bind(&details.address)
        .bind(&details.room)
        .bind(details.accessibility.join(","))
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        insert_officials(&mut tx, id, details).await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn update_meeting_details(
        &self,
        id: Id,
        details: &MeetingDetails,
        now: i64,
    ) -> DbResult<Option<Meeting>> {
        let mut tx = super::write_tx(&self.pool).await?;
        let done = sqlx::query(
            "UPDATE meetings SET venue = $1, address = $2, room = $3, accessibility = $4, \
             sequence = sequence + 1, changed_at = $5 WHERE id = $6",
        )
        .bind(&details.venue)
        .bind(&details.address)
        .bind(&details.room)
        .bind(details.accessibility.join(","))
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Ok(None);
        }
        sqlx::query("DELETE FROM meeting_officials WHERE meeting_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        insert_officials(&mut tx, id, details).await?;
        tx.commit().await?;
        self.meeting(id).await
    }

    async fn change_meeting(
        &self,
        id: Id,
        change: &MeetingChange,
        now: i64,
    ) -> DbResult<Option<Meeting>> {
        let query = match change {
            MeetingChange::Move {
                starts_at,
                ends_at,
                reason,
            } => sqlx::query(
                "UPDATE meetings SET previous_starts_at = starts_at, starts_at = $1, ends_at = $2, \
                 status = 'moved', status_reason = $3, sequence = sequence + 1, changed_at = $4 \
                 WHERE id = $5",
            )
            .bind(starts_at)
            .bind(ends_at)
            .bind(reason),
            MeetingChange::Cancel { reason } => sqlx::query(
                "UPDATE meetings SET status = 'cancelled', status_reason = $1, \
                 sequence = sequence + 1, changed_at = $2 WHERE id = $3",
            )
            .bind(reason),
            MeetingChange::Held => sqlx::query(
                "UPDATE meetings SET status = 'held', status_reason = NULL, \
                 sequence = sequence + 1, changed_at = $1 WHERE id = $2",
            ),
        };
        let done = query.bind(now).bind(id).execute(&self.pool).await?;
        if done.rows_affected() == 0 {
            return Ok(None);
        }
        self.meeting(id).await
    }

    async fn meeting_counts(&self, round_id: Id) -> DbResult<Vec<MeetingCounts>> {
        let rows = sqlx::query(
            "SELECT m.id, \
             COALESCE(SUM(CASE WHEN p.status = 'submitted' THEN 1 ELSE 0 END), 0) AS submitted, \
             COALESCE(SUM(CASE WHEN p.status = 'approved' THEN 1 ELSE 0 END), 0) AS approved \
             FROM meetings m LEFT JOIN postulates p ON p.meeting_id = m.id \
             WHERE m.round_id = $1 GROUP BY m.id ORDER BY m.starts_at",
        )
        .bind(round_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(|r| MeetingCounts {
                meeting_id: r.get("id"),
                submitted: r.get("submitted"),
                approved: r.get("approved"),
            })
            .collect())
    }
}
