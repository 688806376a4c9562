//! The queries of the rounds, their survey content and the reference
//! data ([`RoundRepository`]).
//! Compiled by each backend with its own types and dialect functions
//! (see `server::db`): SQL both dialects accept, `$n` parameters.

use super::{bilingual, district_from, unless_taken, DbRow, Repo};
use crate::domain::{
    Department, DepartmentKind, District, Id, ProfileOption, ProfileQuestion, ResultsVisibility,
    Round, RoundStatus, SurveyAction, Theme,
};
use crate::server::db::rounds::RoundRepository;
use crate::server::db::{DbError, DbResult};
use crate::server::seed::Demo;
use crate::server::time::instant;
use async_trait::async_trait;
use sqlx::Row;

fn round_from(row: &DbRow) -> DbResult<Round> {
    let status: String = row.get("status");
    Ok(Round {
        id: row.get("id"),
        slug: row.get("slug"),
        name: row.get("name"),
        status: RoundStatus::parse(&status)
            .ok_or_else(|| DbError::Inconsistent(format!("round status {status:?}")))?,
        survey_opens_at: instant(row.get("survey_opens_at")),
        survey_closes_at: instant(row.get("survey_closes_at")),
        max_picks: row.get("max_picks"),
        meetings_from: row.get::<Option<i64>, _>("meetings_from").map(instant),
        meetings_until: row.get::<Option<i64>, _>("meetings_until").map(instant),
        results_visibility: ResultsVisibility::parse(row.get("results_visibility"))
            .unwrap_or_default(),
        demo_answers: row.get("demo_answers"),
    })
}

const ROUND_COLUMNS: &str =
    "id, slug, name, status, survey_opens_at, survey_closes_at, max_picks, \
     meetings_from, meetings_until, results_visibility, demo_answers";

#[async_trait]
impl RoundRepository for Repo {
    async fn is_empty(&self) -> DbResult<bool> {
        let rounds: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM rounds")
            .fetch_one(&self.pool)
            .await?;
        Ok(rounds == 0)
    }

    async fn seed(&self, demo: &Demo) -> DbResult<()> {
        let mut tx = super::write_tx(&self.pool).await?;
        for dep in demo.departments {
            sqlx::query(
                "INSERT INTO departments (code, name_pl, name_en, kind) VALUES ($1, $2, $3, $4)",
            )
            .bind(dep.code)
            .bind(dep.name_pl)
            .bind(dep.name_en)
            .bind(match dep.kind {
                DepartmentKind::Department => "department",
                DepartmentKind::Unit => "unit",
            })
            .execute(&mut *tx)
            .await?;
        }
        for round in &demo.rounds {
            super::round_setup::insert_definition(&mut tx, &round.definition(), None, 0).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn active_round(&self) -> DbResult<Option<Round>> {
        let row = sqlx::query(&format!(
            "SELECT {ROUND_COLUMNS} FROM rounds WHERE status = 'active'"
        ))
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(round_from).transpose()
    }

    async fn rounds(&self) -> DbResult<Vec<Round>> {
        let rows = sqlx::query(&format!(
            "SELECT {ROUND_COLUMNS} FROM rounds ORDER BY survey_opens_at DESC"
        ))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(round_from).collect()
    }

    async fn round_districts(&self, round_id: Id) -> DbResult<Vec<District>> {
        let rows = sqlx::query(
            "SELECT d.id, d.numeral, d.name, COALESCE(rd.population, d.population) AS population \
             FROM districts d JOIN round_districts rd ON rd.district_id = d.id \
             WHERE rd.round_id = $1 ORDER BY d.id",
        )
        .bind(round_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(|r| district_from(r, "")).collect())
    }

    async fn themes(&self, round_id: Id) -> DbResult<Vec<Theme>> {
        let theme_rows = sqlx::query(
            "SELECT id, code, name_pl, name_en FROM themes WHERE round_id = $1 ORDER BY position",
        )
        .bind(round_id)
        .fetch_all(&self.pool)
        .await?;
        let action_rows = sqlx::query(
            "SELECT id, theme_id, code, label_pl, label_en FROM actions \
             WHERE round_id = $1 ORDER BY position",
        )
        .bind(round_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(theme_rows
            .iter()
            .map(|t| {
                let theme_id: Id = t.get("id");
                Theme {
                    id: theme_id,
                    code: t.get("code"),
                    name: bilingual(t, "name_pl", "name_en"),
                    actions: action_rows
                        .iter()
                        .filter(|a| a.get::<Id, _>("theme_id") == theme_id)
                        .map(|a| SurveyAction {
                            id: a.get("id"),
                            code: a.get("code"),
                            label: bilingual(a, "label_pl", "label_en"),
                        })
                        .collect(),
                }
            })
            .collect())
    }

    async fn departments(&self) -> DbResult<Vec<Department>> {
        let rows = sqlx::query(
            "SELECT id, code, name_pl, name_en, kind FROM departments ORDER BY name_pl",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(|r| Department {
                id: r.get("id"),
                code: r.get("code"),
                name: bilingual(r, "name_pl", "name_en"),
                kind: if r.get::<String, _>("kind") == "unit" {
                    DepartmentKind::Unit
                } else {
                    DepartmentKind::Department
                },
            })
            .collect())
    }

    async fn profile_questions(&self, round_id: Id) -> DbResult<Vec<ProfileQuestion>> {
        let questions = sqlx::query(
            "SELECT id, code, prompt_pl, prompt_en FROM survey_questions \
             WHERE round_id = $1 ORDER BY position",
        )
        .bind(round_id)
        .fetch_all(&self.pool)
        .await?;
        let options = sqlx::query(
            "SELECT o.id, o.question_id, o.code, o.label_pl, o.label_en FROM question_options o \
             JOIN survey_questions q ON q.id = o.question_id \
             WHERE q.round_id = $1 ORDER BY o.position",
        )
        .bind(round_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(questions
            .iter()
            .map(|q| {
                let id: Id = q.get("id");
                ProfileQuestion {
                    id,
                    code: q.get("code"),
                    prompt: bilingual(q, "prompt_pl", "prompt_en"),
                    options: options
                        .iter()
                        .filter(|o| o.get::<Id, _>("question_id") == id)
                        .map(|o| ProfileOption {
                            id: o.get("id"),
                            code: o.get("code"),
                            label: bilingual(o, "label_pl", "label_en"),
                        })
                        .collect(),
                }
            })
            .collect())
    }

    async fn round_by_slug(&self, slug: &str) -> DbResult<Option<Round>> {
        let row = sqlx::query(&format!(
            "SELECT {ROUND_COLUMNS} FROM rounds WHERE slug = $1"
        ))
        .bind(slug)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(round_from).transpose()
    }

    async fn all_districts(&self) -> DbResult<Vec<District>> {
        let rows = sqlx::query("SELECT id, numeral, name, population FROM districts ORDER BY id")
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.iter().map(|r| district_from(r, "")).collect())
    }

    async fn create_department(
        &self,
        code: &str,
        name_pl: &str,
        name_en: &str,
        kind: DepartmentKind,
    ) -> DbResult<Option<Id>> {
        let inserted = sqlx::query_scalar::<_, Id>(
            "INSERT INTO departments (code, name_pl, name_en, kind) VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(code)
        .bind(name_pl)
        .bind(name_en)
        .bind(match kind {
            DepartmentKind::Department => "department",
            DepartmentKind::Unit => "unit",
        })
        .fetch_one(&self.pool)
        .await;
        unless_taken(inserted)
    }
}
