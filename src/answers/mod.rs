//! The departments' answers to postulates: officials' work queue
//! (`/panel/urzednik`: drafts, submissions, versioned), reassignment and
//! publication (`/panel/odpowiedzi`), and the public side — a postulate's
//! page with the city's position and its history (`/postulaty/nr/<id>`),
//! who has answered (`/postulaty/wydzialy`), the printable list of a
//! district (`/postulaty/spis/<numeral>`), and the open data and Atom
//! feeds (`data`). The public list itself is
//! [`crate::postulates`]'s.

#[cfg(feature = "ssr")]
pub mod data;
mod get_district_list;
mod get_postulate_answers;
mod get_publication_preview;
mod get_tracker;
mod get_work_queue;
mod manage_page;
pub mod model;
mod public_pages;
mod publish_answers;
mod reassign_postulate;
mod save_answer;
#[cfg(feature = "ssr")]
pub mod service;
pub mod texts;
mod work_page;

pub use get_district_list::get_district_list;
pub use get_postulate_answers::get_postulate_answers;
pub use get_publication_preview::get_publication_preview;
pub use get_tracker::get_tracker;
pub use get_work_queue::get_work_queue;
pub use manage_page::ManageAnswersPage;
pub use public_pages::{
    DistrictListPage, Position, PostulateAnswersPage, StatusChart, TrackerPage, TrackerTable,
};
pub use publish_answers::publish_answers;
pub use reassign_postulate::reassign_postulate;
pub use save_answer::save_answer;
pub use work_page::OfficialPage;
