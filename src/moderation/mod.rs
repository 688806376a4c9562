//! Live moderation of a meeting's postulates: the moderators' console
//! (`/panel/moderacja/<meeting>`: approve, reject with a reason, edit,
//! merge, theme, department, add for a speaker, the one being discussed,
//! open and close), its staff-only event stream, and the projector
//! (`/spotkania/<id>/projektor`: the district's survey results as slides,
//! then the live postulates). Every change is versioned and audited; the
//! rules a postulate follows are in [`crate::postulates::model`].

mod add_postulate;
pub mod console_live;
mod console_page;
mod get_console;
mod get_projector;
pub mod model;
mod moderate_postulate;
mod projector_page;
#[cfg(feature = "ssr")]
pub mod service;
mod set_live_state;
#[cfg(feature = "ssr")]
pub mod stream;
pub mod texts;

pub use add_postulate::{add_postulate, AddPostulate};
pub use console_page::ConsolePage;
pub use get_console::get_console;
pub use get_projector::get_projector;
pub use moderate_postulate::{moderate_postulate, ModeratePostulate};
pub use projector_page::ProjectorPage;
pub use set_live_state::{set_live_state, SetLiveState};
