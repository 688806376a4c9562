//! Residents' postulates: the live page of a meeting
//! (`/spotkania/<id>/na-zywo`: submit, "me too", the approved list live),
//! the public list `/postulaty` (filters, search), a postulate followed by
//! its code (`/postulaty/kod/<code>`), the public event stream, and the
//! types every live view shares (`model`). Moderation lives in
//! [`crate::moderation`].

mod get_followed;
mod get_live;
mod list_postulates;
pub mod live;
mod live_page;
#[cfg(feature = "ssr")]
pub mod lookup;
pub mod model;
pub mod offline;
mod page;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod stream;
mod submit_postulate;
mod support_postulate;
pub mod texts;

pub use get_followed::get_followed;
pub use get_live::get_live;
pub use list_postulates::list_postulates;
pub use live_page::LivePage;
pub use page::{FollowedPage, PostulateCard, PostulatesPage};
pub use submit_postulate::{submit_postulate, SUBMIT_PATH};
pub use support_postulate::support_postulate;
