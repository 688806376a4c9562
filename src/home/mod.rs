//! The home page: what the consultation is, the round's status, the next
//! meeting, the districts, and a district picker that shows its meeting.

mod get_overview;
mod page;

pub use get_overview::get_overview;
pub use page::HomePage;
