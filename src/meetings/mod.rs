//! The meeting calendar: `/spotkania` lists the round's meetings soonest
//! first, `/spotkania/<id>` shows one (date, venue, address, who attends).

mod get_meeting;
mod list_meetings;
mod pages;
pub mod texts;

pub use get_meeting::get_meeting;
pub use list_meetings::list_meetings;
pub use pages::{MeetingPage, MeetingsPage};
