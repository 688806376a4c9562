//! The anonymous district survey: `/ankieta` (the form, with drafts kept on
//! the device and answers queued while offline) and
//! `/ankieta/potwierdzenie/<code>` (the receipt), and `/panel/punkt`, where
//! staff enter answers given at stationary points or on paper. The server side checks
//! every answer ([`service`]) and stores it exactly once.

mod answer;
#[cfg(feature = "hydrate")]
mod form_dom;
mod get_kiosk;
mod get_receipt;
pub(crate) mod get_survey;
mod kiosk;
#[cfg(feature = "hydrate")]
mod offline;
mod page;
mod receipt_page;
#[cfg(feature = "ssr")]
pub mod service;
mod submit_answer;
mod submit_assisted;

pub use answer::{AnswerForm, OTHER_MAX_CHARS};
pub use get_kiosk::get_kiosk;
pub use get_receipt::get_receipt;
pub use get_survey::get_survey;
pub use kiosk::{KioskPage, ISLAND as KIOSK_ISLAND};
pub(crate) use page::Survey;
pub use page::SurveyPage;
pub use receipt_page::ReceiptPage;
pub use submit_answer::{submit_answer, SUBMIT_PATH};

/// The query parameter naming a form a plain form post came back with
/// (`/ankieta?formularz=<key>`).
pub const RETURNED_PARAM: &str = "formularz";
pub use submit_assisted::{submit_assisted, AssistedReceipt};
