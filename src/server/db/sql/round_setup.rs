//! The queries that set rounds up ([`RoundSetupRepository`]): create
//! and copy, settings, survey content edits with their history, activation.
//! Compiled by each backend with its own types and dialect functions
//! (see `server::db`): SQL both dialects accept, `$n` parameters.

use super::{is_unique_violation, unless_taken, Repo};
use super::{Db, DbRow};
use crate::domain::{Id, ResultsVisibility, RoundStatus};
use crate::rounds::definition::{
    ItemDefinition, MeetingDefinition, QuestionDefinition, RoundDefinition, ThemeDefinition,
};
use crate::rounds::model::{ContentItem, ContentRevision, RoundSettings};
use crate::server::db::round_setup::{ContentChange, RoundSetupRepository};
use crate::server::db::{DbError, DbResult};
use crate::server::db::{MeetingRepository, RoundRepository};
use crate::server::time::instant;
use async_trait::async_trait;
use sqlx::{Row, Transaction};

/// Where each kind of content lives: its table, its wording's columns,
/// the column naming what it belongs to, and how to tell it is a round's.
struct ContentTable {
    table: &'static str,
    pl: &'static str,
    en: &'static str,
    /// Siblings share this column's value (the order is among them).
    scope: &'static str,
    /// `… WHERE id = $1 AND {in_round}`, the round's id bound as `$2`.
    in_round: &'static str,
}

fn content_table(item: ContentItem) -> ContentTable {
    match item {
        ContentItem::Theme => ContentTable {
            table: "themes",
            pl: "name_pl",
            en: "name_en",
            scope: "round_id",
            in_round: "round_id = $2",
        },
        ContentItem::Action => ContentTable {
            table: "actions",
            pl: "label_pl",
            en: "label_en",
            scope: "theme_id",
            in_round: "round_id = $2",
        },
        ContentItem::Question => ContentTable {
            table: "survey_questions",
            pl: "prompt_pl",
            en: "prompt_en",
            scope: "round_id",
            in_round: "round_id = $2",
        },
        ContentItem::Option => ContentTable {
            table: "question_options",
            pl: "label_pl",
            en: "label_en",
            scope: "question_id",
            in_round: "question_id IN (SELECT id FROM survey_questions WHERE round_id = $2)",
        },
    }
}

fn settings_from(row: &DbRow, districts: Vec<(Id, Option<i64>)>) -> RoundSettings {
    RoundSettings {
        name: row.get("name"),
        slug: row.get("slug"),
        populations: districts
            .iter()
            .filter_map(|(d, n)| n.map(|n| (*d, n)))
            .collect(),
        districts: districts.into_iter().map(|(d, _)| d).collect(),
        survey_opens_at: row.get("survey_opens_at"),
        survey_closes_at: row.get("survey_closes_at"),
        meetings_from: row.get("meetings_from"),
        meetings_until: row.get("meetings_until"),
        max_picks: row.get("max_picks"),
        results_visibility: ResultsVisibility::parse(row.get("results_visibility"))
            .unwrap_or_default(),
        answer_days: row.get("answer_days"),
    }
}

async fn set_round_districts(
    tx: &mut Transaction<'_, Db>,
    round_id: Id,
    settings: &RoundSettings,
) -> DbResult<()> {
    sqlx::query("DELETE FROM round_districts WHERE round_id = $1")
        .bind(round_id)
        .execute(&mut **tx)
        .await?;
    for district in &settings.districts {
        sqlx::query(
            "INSERT INTO round_districts (round_id, district_id, population) \
             VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
        )
        .bind(round_id)
        .bind(district)
        .bind(settings.populations.get(district))
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Copies `from`'s survey content into `to` (same codes, wording, order).
async fn copy_content(tx: &mut Transaction<'_, Db>, from: Id, to: Id) -> DbResult<()> {
    let themes: Vec<Id> =
        sqlx::query_scalar("SELECT id FROM themes WHERE round_id = $1 ORDER BY position")
            .bind(from)
            .fetch_all(&mut **tx)
            .await?;
    for theme in themes {
        let new_theme: Id = sqlx::query_scalar(
            "INSERT INTO themes (round_id, code, name_pl, name_en, position) \
             SELECT $1, code, name_pl, name_en, position FROM themes WHERE id = $2 RETURNING id",
        )
        .bind(to)
        .bind(theme)
        .fetch_one(&mut **tx)
        .await?;
        sqlx::query(
            "INSERT INTO actions (round_id, theme_id, code, label_pl, label_en, position) \
             SELECT $1, $2, code, label_pl, label_en, position FROM actions WHERE theme_id = $3",
        )
        .bind(to)
        .bind(new_theme)
        .bind(theme)
        .execute(&mut **tx)
        .await?;
    }
    let questions: Vec<Id> =
        sqlx::query_scalar("SELECT id FROM survey_questions WHERE round_id = $1 ORDER BY position")
            .bind(from)
            .fetch_all(&mut **tx)
            .await?;
    for question in questions {
        let new_question: Id = sqlx::query_scalar(
            "INSERT INTO survey_questions (round_id, code, prompt_pl, prompt_en, position) \
             SELECT $1, code, prompt_pl, prompt_en, position FROM survey_questions WHERE id = $2 \
             RETURNING id",
        )
        .bind(to)
        .bind(question)
        .fetch_one(&mut **tx)
        .await?;
        sqlx::query(
            "INSERT INTO question_options (question_id, code, label_pl, label_en, position) \
             SELECT $1, code, label_pl, label_en, position FROM question_options WHERE question_id = $2",
        )
        .bind(new_question)
        .bind(question)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Writes a whole round — settings, districts, survey content, meetings
/// with their officials — in `tx`: the demo data's rounds, a new round, an
/// imported file. `None` when the slug is taken.
pub(super) async fn insert_definition(
    tx: &mut Transaction<'_, Db>,
    def: &RoundDefinition,
    copied_from: Option<Id>,
    now: i64,
) -> DbResult<Option<Id>> {
    let s = &def.settings;
    let inserted = sqlx::query_scalar::<_, Id>(
        "INSERT INTO rounds (slug, name, status, survey_opens_at, survey_closes_at, max_picks, \
         meetings_from, meetings_until, results_visibility, answer_days, copied_from, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
    )
    .bind(&s.slug)
    .bind(s.name.trim())
    .bind(def.status.as_str())
    .bind(s.survey_opens_at)
    .bind(s.survey_closes_at)
    .bind(s.max_picks)
    .bind(s.meetings_from)
    .bind(s.meetings_until)
    .bind(s.results_visibility.as_str())
    .bind(s.answer_days)
    .bind(copied_from)
    .bind(now)
    .fetch_one(&mut **tx)
    .await;
    let Some(round_id) = unless_taken(inserted)? else {
        return Ok(None);
    };
    set_round_districts(tx, round_id, s).await?;
    for (position, theme) in def.themes.iter().enumerate() {
        let theme_id: Id = sqlx::query_scalar(
            "INSERT INTO themes (round_id, code, name_pl, name_en, position) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(round_id)
        .bind(&theme.item.code)
        .bind(&theme.item.pl)
        .bind(&theme.item.en)
        .bind(position as i64)
        .fetch_one(&mut **tx)
        .await?;
        for (position, action) in theme.actions.iter().enumerate() {
            sqlx::query(
                "INSERT INTO actions (round_id, theme_id, code, label_pl, label_en, position) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(round_id)
            .bind(theme_id)
            .bind(&action.code)
            .bind(&action.pl)
            .bind(&action.en)
            .bind(position as i64)
            .execute(&mut **tx)
            .await?;
        }
    }
    for (position, question) in def.questions.iter().enumerate() {
        let question_id: Id = sqlx::query_scalar(
            "INSERT INTO survey_questions (round_id, code, prompt_pl, prompt_en, position) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(round_id)
        .bind(&question.item.code)
        .bind(&question.item.pl)
        .bind(&question.item.en)
        .bind(position as i64)
        .fetch_one(&mut **tx)
        .await?;
        for (position, option) in question.options.iter().enumerate() {
            sqlx::query(
                "INSERT INTO question_options (question_id, code, label_pl, label_en, position) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(question_id)
            .bind(&option.code)
            .bind(&option.pl)
            .bind(&option.en)
            .bind(position as i64)
            .execute(&mut **tx)
            .await?;
        }
    }
    for meeting in &def.meetings {
        let meeting_id: Id = sqlx::query_scalar(
            "INSERT INTO meetings (round_id, district_id, starts_at, ends_at, venue, address, room, \
             accessibility) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(round_id)
        .bind(meeting.district)
        .bind(meeting.starts_at)
        .bind(meeting.ends_at)
        .bind(&meeting.venue)
        .bind(&meeting.address)
        .bind(&meeting.room)
        .bind(&meeting.accessibility)
        .fetch_one(&mut **tx)
        .await?;
        for (position, (name, title, department)) in meeting.officials.iter().enumerate() {
            sqlx::query(
                "INSERT INTO meeting_officials (meeting_id, name, title, department_id, position) \
                 VALUES ($1, $2, $3, (SELECT id FROM departments WHERE code = $4), $5)",
            )
            .bind(meeting_id)
            .bind(name)
            .bind(title)
            .bind(department)
            .bind(position as i64)
            .execute(&mut **tx)
            .await?;
        }
    }
    Ok(Some(round_id))
}

fn is_foreign_key_violation(err: &sqlx::Error) -> bool {
    matches!(err, sqlx::Error::Database(db) if db.is_foreign_key_violation())
}

#[async_trait]
impl RoundSetupRepository for Repo {
    async fn round_answer_count(&self, round_id: Id) -> DbResult<i64> {
        Ok(sqlx::query_scalar(
            "SELECT CAST(COALESCE(SUM(answers), 0) AS BIGINT) FROM participation WHERE round_id = $1",
        )
        .bind(round_id)
        .fetch_one(&self.pool)
        .await?)
    }

    async fn activate_round(&self, round_id: Id) -> DbResult<Option<Id>> {
        let mut tx = super::write_tx(&self.pool).await?;
        let archived: Option<Id> = sqlx::query_scalar(
            "UPDATE rounds SET status = 'archived' WHERE status = 'active' AND id <> $1 RETURNING id",
        )
        .bind(round_id)
        .fetch_optional(&mut *tx)
        .await?;
        sqlx::query("UPDATE rounds SET status = 'active' WHERE id = $1")
            .bind(round_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(archived)
    }

    async fn set_round_status(&self, round_id: Id, status: RoundStatus) -> DbResult<()> {
        sqlx::query("UPDATE rounds SET status = $1 WHERE id = $2")
            .bind(status.as_str())
            .bind(round_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn round_settings(&self, round_id: Id) -> DbResult<Option<RoundSettings>> {
        let Some(row) = sqlx::query(
            "SELECT name, slug, survey_opens_at, survey_closes_at, meetings_from, meetings_until, \
             max_picks, results_visibility, answer_days FROM rounds WHERE id = $1",
        )
        .bind(round_id)
        .fetch_optional(&self.pool)
        .await?
        else {
            return Ok(None);
        };
        let districts = sqlx::query_as(
            "SELECT district_id, population FROM round_districts WHERE round_id = $1 \
             ORDER BY district_id",
        )
        .bind(round_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(Some(settings_from(&row, districts)))
    }

    async fn create_round(
        &self,
        settings: &RoundSettings,
        copy_from: Option<Id>,
        now: i64,
    ) -> DbResult<Option<Id>> {
        let def = RoundDefinition {
            settings: settings.clone(),
            status: RoundStatus::Draft,
            themes: Vec::new(),
            questions: Vec::new(),
            meetings: Vec::new(),
        };
        let mut tx = super::write_tx(&self.pool).await?;
        let Some(round_id) = insert_definition(&mut tx, &def, copy_from, now).await? else {
            return Ok(None);
        };
        if let Some(from) = copy_from {
            copy_content(&mut tx, from, round_id).await?;
        }
        tx.commit().await?;
        Ok(Some(round_id))
    }

    async fn insert_round(&self, def: &RoundDefinition, now: i64) -> DbResult<Option<Id>> {
        let mut tx = super::write_tx(&self.pool).await?;
        let inserted = insert_definition(&mut tx, def, None, now).await?;
        if inserted.is_some() {
            tx.commit().await?;
        }
        Ok(inserted)
    }

    async fn round_definition(&self, round_id: Id) -> DbResult<Option<RoundDefinition>> {
        let Some(settings) = self.round_settings(round_id).await? else {
            return Ok(None);
        };
        let status: String = sqlx::query_scalar("SELECT status FROM rounds WHERE id = $1")
            .bind(round_id)
            .fetch_one(&self.pool)
            .await?;
        let item = |code: String, b: crate::domain::Bilingual| ItemDefinition {
            code,
            pl: b.pl,
            en: b.en,
        };
        let themes = self
            .themes(round_id)
            .await?
            .into_iter()
            .map(|t| ThemeDefinition {
                item: item(t.code, t.name),
                actions: t
                    .actions
                    .into_iter()
                    .map(|a| item(a.code, a.label))
                    .collect(),
            })
            .collect();
        let questions = self
            .profile_questions(round_id)
            .await?
            .into_iter()
            .map(|q| QuestionDefinition {
                item: item(q.code, q.prompt),
                options: q
                    .options
                    .into_iter()
                    .map(|o| item(o.code, o.label))
                    .collect(),
            })
            .collect();
        let meetings = self
            .meetings(round_id)
            .await?
            .into_iter()
            .map(|m| MeetingDefinition {
                district: m.district.id,
                starts_at: m.starts_at.utc,
                ends_at: m.ends_at.utc,
                venue: m.venue,
                address: m.address,
                room: m.room,
                officials: m
                    .officials
                    .into_iter()
                    .map(|o| (o.name, o.title, o.department_code))
                    .collect(),
                accessibility: m
                    .accessibility
                    .iter()
                    .map(|a| a.code())
                    .collect::<Vec<_>>()
                    .join(","),
            })
            .collect();
        Ok(Some(RoundDefinition {
            settings,
            status: RoundStatus::parse(&status)
                .ok_or_else(|| DbError::Inconsistent(format!("round status {status:?}")))?,
            themes,
            questions,
            meetings,
        }))
    }

    async fn update_round(&self, round_id: Id, s: &RoundSettings) -> DbResult<bool> {
        let mut tx = super::write_tx(&self.pool).await?;
        let updated = sqlx::query(
            "UPDATE rounds SET slug = $1, name = $2, survey_opens_at = $3, survey_closes_at = $4, \
             max_picks = $5, meetings_from = $6, meetings_until = $7, results_visibility = $8, \
             answer_days = $9 WHERE id = $10",
        )
        .bind(&s.slug)
        .bind(s.name.trim())
        .bind(s.survey_opens_at)
        .bind(s.survey_closes_at)
        .bind(s.max_picks)
        .bind(s.meetings_from)
        .bind(s.meetings_until)
        .bind(s.results_visibility.as_str())
        .bind(s.answer_days)
        .bind(round_id)
        .execute(&mut *tx)
        .await;
        match updated {
            Ok(_) => {}
            Err(err) if is_unique_violation(&err) => return Ok(false),
            Err(err) => return Err(err.into()),
        }
        set_round_districts(&mut tx, round_id, s).await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn add_content(
        &self,
        round_id: Id,
        item: ContentItem,
        parent: Option<Id>,
        code: &str,
        pl: &str,
        en: &str,
    ) -> DbResult<Option<Id>> {
        let t = content_table(item);
        // The scope's value: the round, or a parent of the round.
        let scope = match item.parent() {
            None => round_id,
            Some(parent_kind) => {
                let p = content_table(parent_kind);
                let found: Option<Id> = sqlx::query_scalar(&format!(
                    "SELECT id FROM {} WHERE id = $1 AND {}",
                    p.table, p.in_round
                ))
                .bind(parent)
                .bind(round_id)
                .fetch_optional(&self.pool)
                .await?;
                match found {
                    Some(id) => id,
                    None => return Ok(None),
                }
            }
        };
        // Codes are unique in the round (an option's within its question).
        let (columns, values) = match item {
            ContentItem::Action => ("round_id, theme_id", "$5, $4"),
            ContentItem::Option => ("question_id", "$4"),
            ContentItem::Theme | ContentItem::Question => ("round_id", "$4"),
        };
        let sql = format!(
            "INSERT INTO {table} ({columns}, code, {pl_col}, {en_col}, position) \
             VALUES ({values}, $1, $2, $3, \
             (SELECT COALESCE(MAX(position) + 1, 0) FROM {table} WHERE {scope_col} = $4)) RETURNING id",
            table = t.table,
            pl_col = t.pl,
            en_col = t.en,
            scope_col = t.scope,
        );
        let mut query = sqlx::query_scalar::<_, Id>(&sql)
            .bind(code)
            .bind(pl)
            .bind(en)
            .bind(scope);
        if item == ContentItem::Action {
            query = query.bind(round_id);
        }
        let inserted = query.fetch_one(&self.pool).await;
        unless_taken(inserted)
    }

    async fn reword_content(
        &self,
        round_id: Id,
        item: ContentItem,
        item_id: Id,
        (pl, en): (&str, &str),
        user_id: Option<Id>,
        now: i64,
    ) -> DbResult<bool> {
        let t = content_table(item);
        let mut tx = super::write_tx(&self.pool).await?;
        let Some(old) = sqlx::query(&format!(
            "SELECT {} AS pl, {} AS en FROM {} WHERE id = $1 AND {}",
            t.pl, t.en, t.table, t.in_round
        ))
        .bind(item_id)
        .bind(round_id)
        .fetch_optional(&mut *tx)
        .await?
        else {
            return Ok(false);
        };
        let (old_pl, old_en): (String, String) = (old.get("pl"), old.get("en"));
        if old_pl == pl && old_en == en {
            return Ok(true);
        }
        sqlx::query(&format!(
            "UPDATE {} SET {} = $1, {} = $2 WHERE id = $3",
            t.table, t.pl, t.en
        ))
        .bind(pl)
        .bind(en)
        .bind(item_id)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO content_revisions (round_id, item, item_id, old_pl, old_en, new_pl, new_en, \
             user_id, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(round_id)
        .bind(item.as_str())
        .bind(item_id)
        .bind(old_pl)
        .bind(old_en)
        .bind(pl)
        .bind(en)
        .bind(user_id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn remove_content(
        &self,
        round_id: Id,
        item: ContentItem,
        item_id: Id,
    ) -> DbResult<ContentChange> {
        let t = content_table(item);
        let removed = sqlx::query(&format!(
            "DELETE FROM {} WHERE id = $1 AND {}",
            t.table, t.in_round
        ))
        .bind(item_id)
        .bind(round_id)
        .execute(&self.pool)
        .await;
        match removed {
            Ok(done) if done.rows_affected() == 0 => Ok(ContentChange::NotFound),
            Ok(_) => Ok(ContentChange::Done),
            Err(err) if is_foreign_key_violation(&err) => Ok(ContentChange::InUse),
            Err(err) => Err(err.into()),
        }
    }

    async fn move_content(
        &self,
        round_id: Id,
        item: ContentItem,
        item_id: Id,
        up: bool,
    ) -> DbResult<bool> {
        let t = content_table(item);
        let mut tx = super::write_tx(&self.pool).await?;
        let Some(row) = sqlx::query(&format!(
            "SELECT position, {} AS scope FROM {} WHERE id = $1 AND {}",
            t.scope, t.table, t.in_round
        ))
        .bind(item_id)
        .bind(round_id)
        .fetch_optional(&mut *tx)
        .await?
        else {
            return Ok(false);
        };
        let (position, scope): (i64, Id) = (row.get("position"), row.get("scope"));
        let (cmp, order) = if up { ("<", "DESC") } else { (">", "ASC") };
        let neighbour = sqlx::query(&format!(
            "SELECT id, position FROM {} WHERE {} = $1 AND position {cmp} $2 \
             ORDER BY position {order} LIMIT 1",
            t.table, t.scope
        ))
        .bind(scope)
        .bind(position)
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(n) = neighbour {
            let (other, other_position): (Id, i64) = (n.get("id"), n.get("position"));
            for (id, pos) in [(item_id, other_position), (other, position)] {
                sqlx::query(&format!(
                    "UPDATE {} SET position = $1 WHERE id = $2",
                    t.table
                ))
                .bind(pos)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            }
        }
        tx.commit().await?;
        Ok(true)
    }

    async fn content_revisions(&self, round_id: Id) -> DbResult<Vec<ContentRevision>> {
        let rows = sqlx::query(
            "SELECT r.item, r.item_id, r.old_pl, r.old_en, r.new_pl, r.new_en, r.at, u.display_name \
             FROM content_revisions r LEFT JOIN staff_users u ON u.id = r.user_id \
             WHERE r.round_id = $1 ORDER BY r.id DESC",
        )
        .bind(round_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let item: String = r.get("item");
                Ok(ContentRevision {
                    item: ContentItem::parse(&item)
                        .ok_or_else(|| DbError::Inconsistent(format!("content item {item:?}")))?,
                    item_id: r.get("item_id"),
                    old_pl: r.get("old_pl"),
                    old_en: r.get("old_en"),
                    new_pl: r.get("new_pl"),
                    new_en: r.get("new_en"),
                    at: instant(r.get("at")),
                    by: r.get("display_name"),
                })
            })
            .collect()
    }
}
