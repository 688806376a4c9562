//! What rarely changes, kept in memory: the active round with its
//! districts, the survey's content and the meeting list.
//!
//! Pages and server functions read it through [`CatalogCache::get`]
//! (one load from the database, then none until it changes); whatever
//! changes these data (staff editing a meeting, seeding) calls
//! [`CatalogCache::invalidate`] right after its write, so the next request
//! sees the change. Counters (participation) and postulates are never here:
//! they are read live, so they stay exact.
//!
//! The cache is per process. With several instances over one database
//! (the PostgreSQL scale-out) invalidation must reach the other
//! instances too; that is the scale-out issue's work.

use crate::domain::{District, Meeting, ProfileQuestion, Round, Theme};
use crate::error::AppError;
use crate::server::db::{DbResult, Repository};
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
}

impl Catalog {
    async fn load(repo: &dyn Repository) -> DbResult<Option<Catalog>> {
        let Some(round) = repo.active_round().await? else {
            return Ok(None);
        };
        Ok(Some(Catalog {
            districts: repo.round_districts(round.id).await?,
            themes: repo.themes(round.id).await?,
            questions: repo.profile_questions(round.id).await?,
            meetings: repo.meetings(round.id).await?,
            round,
        }))
    }
}

#[derive(Default)]
pub struct CatalogCache {
    current: RwLock<Option<Arc<Catalog>>>,
    /// Bumped by every invalidation: a load that raced one is not kept.
    generation: AtomicU64,
}

impl CatalogCache {
    /// The catalog of the active round; `NotFound` when no round is active.
    pub async fn get(&self, repo: &dyn Repository) -> Result<Arc<Catalog>, AppError> {
        if let Some(catalog) = self.read().clone() {
            return Ok(catalog);
        }
        let generation = self.generation.load(Ordering::SeqCst);
        let catalog = Arc::new(Catalog::load(repo).await?.ok_or(AppError::NotFound)?);
        let mut slot = self.current.write().unwrap_or_else(|e| e.into_inner());
        if self.generation.load(Ordering::SeqCst) == generation {
            *slot = Some(catalog.clone());
        }
        Ok(catalog)
    }

    /// Forgets the catalog: the next [`get`](Self::get) reads the database.
    pub fn invalidate(&self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
        *self.current.write().unwrap_or_else(|e| e.into_inner()) = None;
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, Option<Arc<Catalog>>> {
        self.current.read().unwrap_or_else(|e| e.into_inner())
    }
}
