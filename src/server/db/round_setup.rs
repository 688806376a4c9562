//! The round set-up part of the repository: what admins do to prepare a
//! consultation round — create it (or copy an earlier one), change its
//! settings, edit its survey content (add, reword with history, remove,
//! reorder), activate and archive it. The rules (what a round with answers
//! may still change) are the rounds feature's; this part only stores.
//! Every backend implements it in its own `round_setup` module.

use super::DbResult;
use crate::domain::{Id, RoundStatus};
use crate::rounds::definition::RoundDefinition;
use crate::rounds::model::{ContentItem, ContentRevision, RoundSettings};
use async_trait::async_trait;

#[async_trait]
pub trait RoundSetupRepository: Send + Sync {
    /// A round's settings as admins edit them.
    async fn round_settings(&self, round_id: Id) -> DbResult<Option<RoundSettings>>;
    /// How many survey answers a round has.
    async fn round_answer_count(&self, round_id: Id) -> DbResult<i64>;
    /// A new draft round; with `copy_from`, that round's survey content
    /// (themes, actions, questions, options — no answers, no meetings).
    /// `None` when the slug is taken.
    async fn create_round(
        &self,
        settings: &RoundSettings,
        copy_from: Option<Id>,
        now: i64,
    ) -> DbResult<Option<Id>>;
    /// A whole round from its definition (an imported file), in one
    /// transaction: all of it or, on any error, nothing. `None` when the
    /// slug is taken.
    async fn insert_round(&self, def: &RoundDefinition, now: i64) -> DbResult<Option<Id>>;
    /// A round's definition as stored (what its file is written from).
    async fn round_definition(&self, round_id: Id) -> DbResult<Option<RoundDefinition>>;
    /// Changes a round's settings; `false` when the slug is taken.
    async fn update_round(&self, round_id: Id, settings: &RoundSettings) -> DbResult<bool>;
    /// Makes a round the active one, archiving the one that was (in one
    /// transaction). Returns the id of the round archived, if any.
    async fn activate_round(&self, round_id: Id) -> DbResult<Option<Id>>;
    /// Sets a round's status (archiving, or back to draft).
    async fn set_round_status(&self, round_id: Id, status: RoundStatus) -> DbResult<()>;
    /// Adds a content item at the end of its list (`parent`: an action's
    /// theme, an option's question — in the same round). `None` when the
    /// code is taken or the parent is not the round's.
    async fn add_content(
        &self,
        round_id: Id,
        item: ContentItem,
        parent: Option<Id>,
        code: &str,
        pl: &str,
        en: &str,
    ) -> DbResult<Option<Id>>;
    /// Rewords a content item of the round, keeping the old wording in
    /// its history; `false` when no such item is the round's.
    async fn reword_content(
        &self,
        round_id: Id,
        item: ContentItem,
        item_id: Id,
        wording: (&str, &str),
        user_id: Option<Id>,
        now: i64,
    ) -> DbResult<bool>;
    /// Removes a content item of the round (with what belongs to it).
    async fn remove_content(
        &self,
        round_id: Id,
        item: ContentItem,
        item_id: Id,
    ) -> DbResult<ContentChange>;
    /// Moves a content item one place up or down among its siblings.
    async fn move_content(
        &self,
        round_id: Id,
        item: ContentItem,
        item_id: Id,
        up: bool,
    ) -> DbResult<bool>;
    /// The round's rewordings, newest first.
    async fn content_revisions(&self, round_id: Id) -> DbResult<Vec<ContentRevision>>;
}

/// What became of a removal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContentChange {
    Done,
    /// No such item in the round.
    NotFound,
    /// Something refers to it (an answer, a postulate's theme).
    InUse,
}
