//! Consultation rounds as the city sets them up: `/panel/rundy` (admins
//! create a round — or copy an earlier one — edit its settings and survey
//! content, preview, activate and archive it; content is locked to
//! rewording once answers exist) and the public archive, `/rundy` and
//! `/rundy/<slug>`, where every earlier round stays readable.
//!
//! The rules live in [`model`] (both builds) and [`service`] (server);
//! storage is the repository's `RoundSetupRepository` part. Every change
//! is audited and drops what the server keeps in memory, so pages show it
//! on the next request.

mod activate_round;
mod add_content;
mod archive_page;
mod archive_round;
mod create_round;
#[cfg(feature = "ssr")]
pub mod definition;
#[cfg(feature = "ssr")]
pub mod export;
mod get_round_archive;
mod get_round_editor;
mod get_round_list;
mod get_survey_preview;
mod import_round;
mod list_rounds;
mod manage_page;
pub mod model;
mod move_content;
mod remove_content;
mod reword_content;
#[cfg(feature = "ssr")]
pub mod service;
pub mod texts;
mod update_round;

pub use activate_round::{activate_round, ActivateRound};
pub use add_content::{add_content, AddContent};
pub use archive_page::{ArchivePage, RoundArchivePage};
pub use archive_round::{archive_round, ArchiveRound};
pub use create_round::{create_round, CreateRound};
pub use get_round_archive::get_round_archive;
pub use get_round_editor::get_round_editor;
pub use get_round_list::get_round_list;
pub use get_survey_preview::get_survey_preview;
pub use import_round::{import_round, ImportRound};
pub use list_rounds::list_rounds;
pub use manage_page::{RoundEditPage, RoundPreviewPage, RoundsPage};
pub use move_content::{move_content, MoveContent};
pub use remove_content::{remove_content, RemoveContent};
pub use reword_content::{reword_content, RewordContent};
pub use update_round::{update_round, UpdateRound};
