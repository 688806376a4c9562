//! What pages read again and again, kept in memory: the active round with
//! its districts, the survey's content and the meeting list (the
//! [`Catalog`]), and the round's counters — participation and the results'
//! tallies ([`Counts`]).
//!
//! Pages and server functions read them through `AppState::catalog` and
//! `AppState::counts` (one load from the database, then none until they
//! change). Whatever changes them calls `invalidate` right after its write
//! — staff editing a meeting the catalog, every stored answer and every
//! review of an "other needs" text the counts — so the next request sees
//! the change and the counters shown stay exact. Postulates are never here.
//!
//! Changes made outside the server's requests (the CLI's `recount` and
//! `demo-answers`) bump a generation in the database, which every server
//! checks every two seconds ([`notice_outside_changes`]).
//!
//! The cache is per process. With several instances over one database
//! (the PostgreSQL scale-out) invalidation must reach the other
//! instances too; that is the scale-out issue's work.

use crate::domain::{Bilingual, Department, District, Id, Meeting, ProfileQuestion, Round, Theme};
use crate::error::AppError;
use crate::server::db::results::Tallies;
use crate::server::db::{DbResult, ParticipationCount, Repository};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

/// The active round and what belongs to it.
#[derive(Debug, Clone)]
pub struct Catalog {
    pub round: Round,
    /// By numeral order.
    pub districts: Vec<District>,
    /// The survey's actions, grouped by theme.
    pub themes: Vec<Theme>,
    pub questions: Vec<ProfileQuestion>,
    /// Soonest first, with their officials.
    pub meetings: Vec<Meeting>,
    /// Every department and unit, by name.
    pub departments: Vec<Department>,
    /// What a survey answer is checked against, built with the catalog.
    pub survey_schema: Arc<crate::survey::service::Schema>,
}

impl Catalog {
    /// The survey's themes as (id, name): what postulate forms offer.
    pub fn theme_names(&self) -> Vec<(Id, Bilingual)> {
        self.themes.iter().map(|t| (t.id, t.name.clone())).collect()
    }

    async fn load(repo: &dyn Repository) -> DbResult<Option<Catalog>> {
        let Some(round) = repo.active_round().await? else {
            return Ok(None);
        };
        Ok(Some(Catalog::of_round(repo, round).await?))
    }

    /// Any round's catalog, read afresh (an archived round's pages).
    pub async fn of_round(repo: &dyn Repository, round: Round) -> DbResult<Catalog> {
        let districts = repo.round_districts(round.id).await?;
        let themes = repo.themes(round.id).await?;
        let questions = repo.profile_questions(round.id).await?;
        let survey_schema = Arc::new(crate::survey::service::Schema::of(
            &round, &districts, &themes, &questions,
        ));
        Ok(Catalog {
            districts,
            themes,
            questions,
            meetings: repo.meetings(round.id).await?,
            departments: repo.departments().await?,
            survey_schema,
            round,
        })
    }
}

/// The round's counters — participation and every results tally — as last
/// read. Kept apart from the catalog: they change with every answer.
#[derive(Debug, Clone, Default)]
pub struct Counts {
    /// The round they belong to.
    pub round_id: Id,
    pub participation: Vec<ParticipationCount>,
    pub tallies: Tallies,
}

impl Counts {
    /// A round's counters, read afresh.
    pub async fn load(repo: &dyn Repository, round_id: Id) -> DbResult<Counts> {
        Ok(Counts {
            round_id,
            participation: repo.participation(round_id).await?,
            tallies: repo.tallies(round_id).await?,
        })
    }
}

/// The profile breakdowns as they were at the start of the hour, while
/// results are public during the survey: they change at most once an hour,
/// so one known person's answer cannot be read off the difference between
/// two looks a minute apart. Participation and the actions stay exact.
#[derive(Default)]
pub struct ProfileHold {
    held: std::sync::Mutex<Option<Held>>,
}

struct Held {
    round_id: Id,
    hour: i64,
    options: Vec<crate::server::db::results::Tally>,
    /// The last counts given out, and what they became.
    last: Option<(Arc<Counts>, Arc<Counts>)>,
}

impl ProfileHold {
    /// `counts` with the profile tallies held since the first look in
    /// `hour` (a new hour, or another round, takes them afresh).
    pub fn hold(&self, counts: Arc<Counts>, hour: i64) -> Arc<Counts> {
        let mut slot = self.held.lock().unwrap_or_else(|e| e.into_inner());
        let held = match slot.as_mut() {
            Some(h) if h.round_id == counts.round_id && h.hour == hour => h,
            _ => {
                *slot = Some(Held {
                    round_id: counts.round_id,
                    hour,
                    options: counts.tallies.options.clone(),
                    last: None,
                });
                return counts;
            }
        };
        if counts.tallies.options == held.options {
            return counts;
        }
        if let Some((source, derived)) = &held.last {
            if Arc::ptr_eq(source, &counts) {
                return derived.clone();
            }
        }
        let mut derived = (*counts).clone();
        derived.tallies.options = held.options.clone();
        let derived = Arc::new(derived);
        held.last = Some((counts, derived.clone()));
        derived
    }
}

/// A value read from the database once and kept until [`invalidate`]d.
///
/// [`invalidate`]: Cached::invalidate
pub struct Cached<T> {
    current: RwLock<Option<Arc<T>>>,
    /// Bumped by every invalidation: a load that raced one is not kept.
    generation: AtomicU64,
}

impl<T> Default for Cached<T> {
    fn default() -> Self {
        Self {
            current: RwLock::new(None),
            generation: AtomicU64::new(0),
        }
    }
}

impl<T> Cached<T> {
    /// The kept value when `fresh` accepts it, otherwise `load`'s (kept
    /// unless an invalidation happened meanwhile).
    pub async fn get_or_load<F, Fut>(
        &self,
        fresh: impl Fn(&T) -> bool,
        load: F,
    ) -> Result<Arc<T>, AppError>
    where
        F: FnOnce() -> Fut,
        Fut: std::future::Future<Output = Result<T, AppError>>,
    {
        if let Some(value) = self.read().clone().filter(|v| fresh(v)) {
            return Ok(value);
        }
        let generation = self.generation.load(Ordering::SeqCst);
        let value = Arc::new(load().await?);
        let mut slot = self.current.write().unwrap_or_else(|e| e.into_inner());
        if self.generation.load(Ordering::SeqCst) == generation {
            *slot = Some(value.clone());
        }
        Ok(value)
    }

    /// Forgets the value: the next read goes to the database.
    /// Bumped by every invalidation: what was derived from an older
    /// generation is out of date.
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::SeqCst)
    }

    pub fn invalidate(&self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
        *self.current.write().unwrap_or_else(|e| e.into_inner()) = None;
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, Option<Arc<T>>> {
        self.current.read().unwrap_or_else(|e| e.into_inner())
    }
}

/// Drops what this server keeps in memory (catalog, counters and with them
/// the rendered pages) when the data changed outside its requests — the
/// CLI's `recount` or `demo-answers` beside a running server — as the
/// database's generation says. `seen`: the generation last noticed (`None`
/// at start). The server calls it every [`OUTSIDE_CHANGES_EVERY`].
pub async fn notice_outside_changes(
    s: &crate::server::AppState,
    seen: &mut Option<i64>,
) -> DbResult<bool> {
    let now = s.repo.data_generation().await?;
    let changed = seen.is_some_and(|seen| seen != now);
    if changed {
        // Every instance watches the generation itself.
        s.forget(crate::server::live::Changed::ALL);
    }
    *seen = Some(now);
    Ok(changed)
}

/// How often a server looks for changes made outside its requests.
pub const OUTSIDE_CHANGES_EVERY: std::time::Duration = std::time::Duration::from_secs(2);

/// The catalog of the active round.
pub type CatalogCache = Cached<Catalog>;

impl CatalogCache {
    /// The catalog of the active round; `NotFound` when no round is active.
    pub async fn get(&self, repo: &dyn Repository) -> Result<Arc<Catalog>, AppError> {
        self.get_or_load(
            |_| true,
            || async { Catalog::load(repo).await?.ok_or(AppError::NotFound) },
        )
        .await
    }
}

/// The counters of the active round.
pub type CountsCache = Cached<Counts>;

impl CountsCache {
    /// The counters of round `round_id`, from memory unless an answer was
    /// stored (or a review made) since they were read.
    pub async fn get(&self, repo: &dyn Repository, round_id: Id) -> Result<Arc<Counts>, AppError> {
        self.get_or_load(
            |c| c.round_id == round_id,
            || async { Ok(Counts::load(repo, round_id).await?) },
        )
        .await
    }
}
