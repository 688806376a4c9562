//! Survey results at `/wyniki`: participation per district, from the
//! maintained counters.

mod get_participation;
mod page;

pub use get_participation::get_participation;
pub use page::ResultsPage;
