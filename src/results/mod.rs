//! Survey results at `/wyniki`: participation per district, from the
//! maintained counters.

mod get_participation;
mod page;
pub mod texts;

pub use get_participation::get_participation;
#[cfg(feature = "ssr")]
pub use get_participation::participation_of;
pub use page::ResultsPage;
