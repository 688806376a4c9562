//! The meeting calendar: `/spotkania` (list and month views, filtered by
//! district), a meeting's page with its QR code and the printable poster
//! (the live page is the postulates feature's), calendar feeds (`ics`, `feeds`), and staff
//! changes (move, cancel, mark held: `manage` and its server functions,
//! the page `/panel/spotkania`).

mod cancel_meeting;
mod create_meeting;
mod edit_meeting;
pub mod feeds;
mod get_calendar_view;
mod get_meeting;
#[cfg(feature = "ssr")]
pub mod ics;
mod list_meetings;
#[cfg(feature = "ssr")]
pub mod manage;
mod manage_page;
mod mark_meeting_held;
pub mod model;
pub mod month;
mod move_meeting;
mod pages;
pub mod texts;

pub use cancel_meeting::{cancel_meeting, CancelMeeting};
pub use create_meeting::{create_meeting, CreateMeeting};
pub use edit_meeting::{edit_meeting, EditMeeting};
pub use get_calendar_view::get_calendar_view;
pub use get_meeting::get_meeting;
#[cfg(feature = "ssr")]
pub use get_meeting::live_link;
pub use list_meetings::list_meetings;
pub use manage_page::ManageMeetingsPage;
pub use mark_meeting_held::{mark_meeting_held, MarkMeetingHeld};
pub use move_meeting::{move_meeting, MoveMeeting};
pub use pages::{MeetingPage, MeetingsPage, PosterPage, StatusBadge, StatusNotice};
