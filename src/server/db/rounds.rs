//! The rounds' part of the repository: the districts and departments every
//! round picks from, the rounds, their survey content (themes, actions,
//! profile questions) as pages read them, and the demo data's seeding.
//! How admins set rounds up is [`super::round_setup`]'s. Every backend
//! implements it in its own `rounds` module.

use super::DbResult;
use crate::domain::{Department, DepartmentKind, District, Id, ProfileQuestion, Round, Theme};
use crate::server::seed::Demo;
use async_trait::async_trait;

#[async_trait]
pub trait RoundRepository: Send + Sync {
    /// True when no round exists yet (a fresh database).
    async fn is_empty(&self) -> DbResult<bool>;
    /// Writes the demo data in one transaction.
    async fn seed(&self, demo: &Demo) -> DbResult<()>;
    /// The round residents see now, if any.
    async fn active_round(&self) -> DbResult<Option<Round>>;
    /// All rounds, newest first.
    async fn rounds(&self) -> DbResult<Vec<Round>>;
    /// The districts a round covers, by numeral order.
    async fn round_districts(&self, round_id: Id) -> DbResult<Vec<District>>;
    /// The survey's actions grouped by theme.
    async fn themes(&self, round_id: Id) -> DbResult<Vec<Theme>>;
    async fn departments(&self) -> DbResult<Vec<Department>>;
    /// The survey's optional profile questions with their options.
    async fn profile_questions(&self, round_id: Id) -> DbResult<Vec<ProfileQuestion>>;
    /// The round with this slug, whatever its status.
    async fn round_by_slug(&self, slug: &str) -> DbResult<Option<Round>>;
    /// Kraków's eighteen districts, by number.
    async fn all_districts(&self) -> DbResult<Vec<District>>;
    async fn create_department(
        &self,
        code: &str,
        name_pl: &str,
        name_en: &str,
        kind: DepartmentKind,
    ) -> DbResult<Option<Id>>;
}
