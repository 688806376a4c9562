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
        Ok(Some(Catalog {
            districts: repo.round_districts(round.id).await?,
            themes: repo.themes(round.id).await?,
            questions: repo.profile_questions(round.id).await?,
            meetings: repo.meetings(round.id).await?,
            departments: repo.departments().await?,
            round,
        }))
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
    async fn load(repo: &dyn Repository, round_id: Id) -> DbResult<Counts> {
        Ok(Counts {
            round_id,
            participation: repo.participation(round_id).await?,
            tallies: repo.tallies(round_id).await?,
        })
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
