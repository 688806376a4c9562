//! The SQLite implementation of [`Repository`]: an embedded file, WAL mode,
//! migrations from `migrations/sqlite`.

use super::{
    DbError, DbResult, InsertOutcome, MeetingCounts, NewResponse, ParticipationCount, Repository,
    StaffCredentials, StoredResponse,
};
use crate::domain::{
    AnswerSource, AuditEntry, Bilingual, Department, DepartmentKind, District, Id, ProfileOption,
    ProfileQuestion, Receipt, ResultsVisibility, Role, RoleGrant, Round, RoundStatus, StaffUser,
    SurveyAction, Theme,
};
use crate::server::seed::Demo;
use crate::server::time::instant;
use async_trait::async_trait;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteRow,
    SqliteSynchronous,
};
use sqlx::{Row, Sqlite, Transaction};
use std::str::FromStr;
use std::time::Duration;

mod answers;
mod meetings;
mod postulates;
mod results;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");

#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("DATABASE_URL {url:?} is not a valid SQLite URL (expected e.g. sqlite://data/porozmawiajmy.db): {reason}")]
    BadUrl { url: String, reason: String },
    #[error("cannot create the database directory {dir}: {reason}")]
    Directory { dir: String, reason: String },
    #[error("cannot open the database {url:?}: {reason}")]
    Open { url: String, reason: String },
    #[error("cannot migrate the database {url:?}: {reason}")]
    Migrate { url: String, reason: String },
}

#[derive(Clone, Debug)]
pub struct SqliteRepository {
    pool: SqlitePool,
}

impl SqliteRepository {
    /// Opens (creating if needed) and migrates the database at `url`.
    pub async fn open(url: &str) -> Result<Self, OpenError> {
        let url = url.trim();
        if !url.starts_with("sqlite:") {
            return Err(OpenError::BadUrl {
                url: url.into(),
                reason: "it must start with sqlite:".into(),
            });
        }
        let options = SqliteConnectOptions::from_str(url)
            .map_err(|e| OpenError::BadUrl {
                url: url.into(),
                reason: e.to_string(),
            })?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .busy_timeout(Duration::from_secs(5))
            .foreign_keys(true);
        let file = options.get_filename().to_path_buf();
        if let Some(dir) = file.parent().filter(|d| !d.as_os_str().is_empty()) {
            if !dir.exists() && file.as_os_str() != ":memory:" {
                std::fs::create_dir_all(dir).map_err(|e| OpenError::Directory {
                    dir: dir.display().to_string(),
                    reason: e.to_string(),
                })?;
            }
        }
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .acquire_timeout(Duration::from_secs(10))
            .connect_with(options)
            .await
            .map_err(|e| OpenError::Open {
                url: url.into(),
                reason: e.to_string(),
            })?;
        MIGRATOR.run(&pool).await.map_err(|e| OpenError::Migrate {
            url: url.into(),
            reason: e.to_string(),
        })?;
        Ok(Self { pool })
    }

    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }
}

fn bilingual(row: &SqliteRow, pl: &str, en: &str) -> Bilingual {
    Bilingual {
        pl: row.get(pl),
        en: row.get(en),
    }
}

fn round_from(row: &SqliteRow) -> DbResult<Round> {
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

pub(super) fn district_from(row: &SqliteRow, prefix: &str) -> District {
    District {
        id: row.get(format!("{prefix}id").as_str()),
        numeral: row.get(format!("{prefix}numeral").as_str()),
        name: row.get(format!("{prefix}name").as_str()),
        population: row.get(format!("{prefix}population").as_str()),
    }
}

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

fn is_unique_violation(err: &sqlx::Error) -> bool {
    matches!(err, sqlx::Error::Database(db) if db.is_unique_violation())
}

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

const ROUND_COLUMNS: &str =
    "id, slug, name, status, survey_opens_at, survey_closes_at, max_picks, \
     meetings_from, meetings_until, results_visibility, demo_answers";

impl SqliteRepository {
    async fn roles_of(&self, user_id: Id) -> DbResult<Vec<RoleGrant>> {
        let rows = sqlx::query(
            "SELECT role, department_id, district_id FROM staff_roles WHERE user_id = ? ORDER BY id",
        )
        .bind(user_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let role: String = r.get("role");
                Ok(RoleGrant {
                    role: Role::parse(&role)
                        .ok_or_else(|| DbError::Inconsistent(format!("role {role:?}")))?,
                    department_id: r.get("department_id"),
                    district_id: r.get("district_id"),
                })
            })
            .collect()
    }

    async fn staff_where(&self, column: &str, value: &str) -> DbResult<Option<StaffCredentials>> {
        let row = sqlx::query(&format!(
            "SELECT id, email, display_name, password_hash, is_active FROM staff_users WHERE {column} = ?"
        ))
        .bind(value)
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let id: Id = row.get("id");
        Ok(Some(StaffCredentials {
            user: StaffUser {
                id,
                email: row.get("email"),
                name: row.get("display_name"),
                active: row.get::<i64, _>("is_active") != 0,
                roles: self.roles_of(id).await?,
            },
            password_hash: row.get("password_hash"),
        }))
    }
}

async fn seed_round(
    tx: &mut Transaction<'_, Sqlite>,
    round: &crate::server::seed::RoundSeed,
) -> DbResult<()> {
    let round_id: Id = sqlx::query_scalar(
        "INSERT INTO rounds (slug, name, status, survey_opens_at, survey_closes_at, max_picks, \
         meetings_from, meetings_until, results_visibility) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(round.slug)
    .bind(round.name)
    .bind(round.status.as_str())
    .bind(round.survey_opens_at)
    .bind(round.survey_closes_at)
    .bind(round.max_picks)
    .bind(round.meetings_from)
    .bind(round.meetings_until)
    .bind(round.results_visibility.as_str())
    .fetch_one(&mut **tx)
    .await?;
    for numeral in round.districts {
        sqlx::query(
            "INSERT INTO round_districts (round_id, district_id) \
             SELECT ?, id FROM districts WHERE numeral = ?",
        )
        .bind(round_id)
        .bind(numeral)
        .execute(&mut **tx)
        .await?;
    }
    for (t_pos, theme) in round.themes.iter().enumerate() {
        let theme_id: Id = sqlx::query_scalar(
            "INSERT INTO themes (round_id, code, name_pl, name_en, position) \
             VALUES (?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(round_id)
        .bind(theme.code)
        .bind(theme.name_pl)
        .bind(theme.name_en)
        .bind(t_pos as i64)
        .fetch_one(&mut **tx)
        .await?;
        for (a_pos, (code, pl, en)) in theme.actions.iter().enumerate() {
            sqlx::query(
                "INSERT INTO actions (round_id, theme_id, code, label_pl, label_en, position) \
                 VALUES (?, ?, ?, ?, ?, ?)",
            )
            .bind(round_id)
            .bind(theme_id)
            .bind(code)
            .bind(pl)
            .bind(en)
            .bind(a_pos as i64)
            .execute(&mut **tx)
            .await?;
        }
    }
    for (q_pos, question) in round.questions.iter().enumerate() {
        let question_id: Id = sqlx::query_scalar(
            "INSERT INTO survey_questions (round_id, code, prompt_pl, prompt_en, position) \
             VALUES (?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(round_id)
        .bind(question.code)
        .bind(question.prompt_pl)
        .bind(question.prompt_en)
        .bind(q_pos as i64)
        .fetch_one(&mut **tx)
        .await?;
        for (o_pos, (code, pl, en)) in question.options.iter().enumerate() {
            sqlx::query(
                "INSERT INTO question_options (question_id, code, label_pl, label_en, position) \
                 VALUES (?, ?, ?, ?, ?)",
            )
            .bind(question_id)
            .bind(code)
            .bind(pl)
            .bind(en)
            .bind(o_pos as i64)
            .execute(&mut **tx)
            .await?;
        }
    }
    for meeting in &round.meetings {
        let meeting_id: Id = sqlx::query_scalar(
            "INSERT INTO meetings (round_id, district_id, starts_at, ends_at, venue, address, room, \
             accessibility) SELECT ?, id, ?, ?, ?, ?, ?, ? FROM districts WHERE numeral = ? RETURNING id",
        )
        .bind(round_id)
        .bind(meeting.starts_at)
        .bind(meeting.ends_at)
        .bind(meeting.venue)
        .bind(meeting.address)
        .bind(meeting.room)
        .bind(meeting.accessibility)
        .bind(meeting.district)
        .fetch_one(&mut **tx)
        .await?;
        for (pos, (name, title, department)) in meeting.officials.iter().enumerate() {
            sqlx::query(
                "INSERT INTO meeting_officials (meeting_id, name, title, department_id, position) \
                 VALUES (?, ?, ?, (SELECT id FROM departments WHERE code = ?), ?)",
            )
            .bind(meeting_id)
            .bind(name)
            .bind(title)
            .bind(department)
            .bind(pos as i64)
            .execute(&mut **tx)
            .await?;
        }
    }
    Ok(())
}

#[async_trait]
impl Repository for SqliteRepository {
    async fn ping(&self) -> DbResult<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    async fn data_generation(&self) -> DbResult<i64> {
        Ok(
            sqlx::query_scalar("SELECT generation FROM data_generation WHERE id = 1")
                .fetch_one(&self.pool)
                .await?,
        )
    }

    async fn bump_data_generation(&self) -> DbResult<()> {
        sqlx::query("UPDATE data_generation SET generation = generation + 1 WHERE id = 1")
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn is_empty(&self) -> DbResult<bool> {
        let rounds: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM rounds")
            .fetch_one(&self.pool)
            .await?;
        Ok(rounds == 0)
    }

    async fn seed(&self, demo: &Demo) -> DbResult<()> {
        let mut tx = self.pool.begin().await?;
        for (number, d) in demo.districts.iter().enumerate() {
            sqlx::query(
                "INSERT INTO districts (id, numeral, name, population) VALUES (?, ?, ?, ?)",
            )
            .bind(d.number.unwrap_or(number as i64 + 1))
            .bind(d.numeral)
            .bind(d.name)
            .bind(d.population)
            .execute(&mut *tx)
            .await?;
        }
        for dep in demo.departments {
            sqlx::query(
                "INSERT INTO departments (code, name_pl, name_en, kind) VALUES (?, ?, ?, ?)",
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
            seed_round(&mut tx, round).await?;
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
            "SELECT d.id, d.numeral, d.name, d.population FROM districts d \
             JOIN round_districts rd ON rd.district_id = d.id \
             WHERE rd.round_id = ? ORDER BY d.id",
        )
        .bind(round_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(|r| district_from(r, "")).collect())
    }

    async fn themes(&self, round_id: Id) -> DbResult<Vec<Theme>> {
        let theme_rows = sqlx::query(
            "SELECT id, code, name_pl, name_en FROM themes WHERE round_id = ? ORDER BY position",
        )
        .bind(round_id)
        .fetch_all(&self.pool)
        .await?;
        let action_rows = sqlx::query(
            "SELECT id, theme_id, code, label_pl, label_en FROM actions \
             WHERE round_id = ? ORDER BY position",
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

    async fn get_or_create_secret(&self, name: &str, candidate: &str) -> DbResult<String> {
        sqlx::query(
            "INSERT INTO app_secrets (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING",
        )
        .bind(name)
        .bind(candidate)
        .execute(&self.pool)
        .await?;
        Ok(
            sqlx::query_scalar("SELECT value FROM app_secrets WHERE name = ?")
                .bind(name)
                .fetch_one(&self.pool)
                .await?,
        )
    }

    async fn profile_questions(&self, round_id: Id) -> DbResult<Vec<ProfileQuestion>> {
        let questions = sqlx::query(
            "SELECT id, code, prompt_pl, prompt_en FROM survey_questions \
             WHERE round_id = ? ORDER BY position",
        )
        .bind(round_id)
        .fetch_all(&self.pool)
        .await?;
        let options = sqlx::query(
            "SELECT o.id, o.question_id, o.code, o.label_pl, o.label_en FROM question_options o \
             JOIN survey_questions q ON q.id = o.question_id \
             WHERE q.round_id = ? ORDER BY o.position",
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
        let mut tx = self.pool.begin().await?;
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

    async fn add_role(&self, user_id: Id, grant: &RoleGrant) -> DbResult<bool> {
        let done = sqlx::query(
            "INSERT INTO staff_roles (user_id, role, department_id, district_id) VALUES (?, ?, ?, ?)",
        )
        .bind(user_id)
        .bind(grant.role.as_str())
        .bind(grant.department_id)
        .bind(grant.district_id)
        .execute(&self.pool)
        .await;
        match done {
            Ok(_) => Ok(true),
            Err(err) if is_unique_violation(&err) => Ok(false),
            Err(err) => Err(err.into()),
        }
    }

    async fn remove_role(&self, user_id: Id, grant: &RoleGrant) -> DbResult<bool> {
        let done = sqlx::query(
            "DELETE FROM staff_roles WHERE user_id = ? AND role = ? \
             AND department_id IS ? AND district_id IS ?",
        )
        .bind(user_id)
        .bind(grant.role.as_str())
        .bind(grant.department_id)
        .bind(grant.district_id)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() > 0)
    }

    async fn active_admins(&self) -> DbResult<i64> {
        Ok(sqlx::query_scalar(
            "SELECT COUNT(DISTINCT u.id) FROM staff_users u \
             JOIN staff_roles r ON r.user_id = u.id WHERE r.role = 'admin' AND u.is_active = 1",
        )
        .fetch_one(&self.pool)
        .await?)
    }

    async fn create_staff(
        &self,
        email: &str,
        name: &str,
        password_hash: &str,
        roles: &[RoleGrant],
        now: i64,
    ) -> DbResult<Option<Id>> {
        let mut tx = self.pool.begin().await?;
        let inserted = sqlx::query_scalar::<_, Id>(
            "INSERT INTO staff_users (email, display_name, password_hash, is_active, created_at) \
             VALUES (?, ?, ?, 1, ?) RETURNING id",
        )
        .bind(email)
        .bind(name)
        .bind(password_hash)
        .bind(now)
        .fetch_one(&mut *tx)
        .await;
        let id = match inserted {
            Ok(id) => id,
            Err(err) if is_unique_violation(&err) => return Ok(None),
            Err(err) => return Err(err.into()),
        };
        for grant in roles {
            sqlx::query(
                "INSERT INTO staff_roles (user_id, role, department_id, district_id) VALUES (?, ?, ?, ?)",
            )
            .bind(id)
            .bind(grant.role.as_str())
            .bind(grant.department_id)
            .bind(grant.district_id)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(Some(id))
    }

    async fn staff_by_email(&self, email: &str) -> DbResult<Option<StaffCredentials>> {
        self.staff_where("email", email).await
    }

    async fn staff_by_id(&self, id: Id) -> DbResult<Option<StaffCredentials>> {
        self.staff_where("id", &id.to_string()).await
    }

    async fn list_staff(&self) -> DbResult<Vec<StaffUser>> {
        let ids: Vec<Id> =
            sqlx::query_scalar("SELECT id FROM staff_users ORDER BY display_name, id")
                .fetch_all(&self.pool)
                .await?;
        let mut users = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(c) = self.staff_by_id(id).await? {
                users.push(c.user);
            }
        }
        Ok(users)
    }

    async fn set_password(&self, user_id: Id, password_hash: &str) -> DbResult<()> {
        sqlx::query("UPDATE staff_users SET password_hash = ? WHERE id = ?")
            .bind(password_hash)
            .bind(user_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn set_staff_active(&self, user_id: Id, active: bool) -> DbResult<bool> {
        let mut tx = self.pool.begin().await?;
        let changed = sqlx::query("UPDATE staff_users SET is_active = ? WHERE id = ?")
            .bind(i64::from(active))
            .bind(user_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if !active {
            sqlx::query("DELETE FROM staff_sessions WHERE user_id = ?")
                .bind(user_id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(changed == 1)
    }

    async fn create_department(
        &self,
        code: &str,
        name_pl: &str,
        name_en: &str,
        kind: DepartmentKind,
    ) -> DbResult<Option<Id>> {
        let inserted = sqlx::query_scalar::<_, Id>(
            "INSERT INTO departments (code, name_pl, name_en, kind) VALUES (?, ?, ?, ?) RETURNING id",
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
        match inserted {
            Ok(id) => Ok(Some(id)),
            Err(err) if is_unique_violation(&err) => Ok(None),
            Err(err) => Err(err.into()),
        }
    }

    async fn create_session(
        &self,
        token_hash: &str,
        user_id: Id,
        now: i64,
        expires_at: i64,
    ) -> DbResult<()> {
        sqlx::query(
            "INSERT INTO staff_sessions (token_hash, user_id, created_at, last_seen_at, expires_at) \
             VALUES (?, ?, ?, ?, ?)",
        )
        .bind(token_hash)
        .bind(user_id)
        .bind(now)
        .bind(now)
        .bind(expires_at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn session_user(
        &self,
        token_hash: &str,
        now: i64,
        idle_secs: i64,
    ) -> DbResult<Option<StaffUser>> {
        sqlx::query("DELETE FROM staff_sessions WHERE expires_at <= ? OR last_seen_at <= ?")
            .bind(now)
            .bind(now - idle_secs)
            .execute(&self.pool)
            .await?;
        let user_id: Option<Id> = sqlx::query_scalar(
            "UPDATE staff_sessions SET last_seen_at = ? WHERE token_hash = ? RETURNING user_id",
        )
        .bind(now)
        .bind(token_hash)
        .fetch_optional(&self.pool)
        .await?;
        let Some(user_id) = user_id else {
            return Ok(None);
        };
        Ok(self
            .staff_by_id(user_id)
            .await?
            .map(|c| c.user)
            .filter(|u| u.active))
    }

    async fn delete_session(&self, token_hash: &str) -> DbResult<()> {
        sqlx::query("DELETE FROM staff_sessions WHERE token_hash = ?")
            .bind(token_hash)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn delete_other_sessions(&self, user_id: Id, keep: &str) -> DbResult<()> {
        sqlx::query("DELETE FROM staff_sessions WHERE user_id = ? AND token_hash <> ?")
            .bind(user_id)
            .bind(keep)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn audit(
        &self,
        user_id: Option<Id>,
        action: &str,
        entity: &str,
        entity_id: Option<&str>,
        details: Option<&str>,
        at: i64,
    ) -> DbResult<()> {
        sqlx::query(
            "INSERT INTO audit_log (at, user_id, action, entity, entity_id, details) VALUES (?, ?, ?, ?, ?, ?)",
        )
        .bind(at)
        .bind(user_id)
        .bind(action)
        .bind(entity)
        .bind(entity_id)
        .bind(details)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn audit_log(&self, limit: i64) -> DbResult<Vec<AuditEntry>> {
        let rows = sqlx::query(
            "SELECT a.at, u.email, a.action, a.entity, a.entity_id, a.details FROM audit_log a \
             LEFT JOIN staff_users u ON u.id = a.user_id ORDER BY a.id DESC LIMIT ?",
        )
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(|r| AuditEntry {
                at: instant(r.get("at")),
                actor: r.get("email"),
                action: r.get("action"),
                entity: r.get("entity"),
                entity_id: r.get("entity_id"),
                details: r.get("details"),
            })
            .collect())
    }

    async fn meeting_counts(&self, round_id: Id) -> DbResult<Vec<MeetingCounts>> {
        let rows = sqlx::query(
            "SELECT m.id, \
             COALESCE(SUM(CASE WHEN p.status = 'submitted' THEN 1 ELSE 0 END), 0) AS submitted, \
             COALESCE(SUM(CASE WHEN p.status = 'approved' THEN 1 ELSE 0 END), 0) AS approved \
             FROM meetings m LEFT JOIN postulates p ON p.meeting_id = m.id \
             WHERE m.round_id = ? GROUP BY m.id ORDER BY m.starts_at",
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
