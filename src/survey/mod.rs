//! The anonymous district survey: `/ankieta` (the form, with drafts kept on
//! the device and answers queued while offline) and
//! `/ankieta/potwierdzenie/<code>` (the receipt). The server side checks
//! every answer ([`service`]) and stores it exactly once.

mod answer;
mod get_receipt;
mod get_survey;
mod offline;
mod page;
mod receipt_page;
#[cfg(feature = "ssr")]
pub mod service;
mod submit_answer;

pub use answer::{AnswerForm, OTHER_MAX_CHARS};
pub use get_receipt::get_receipt;
pub use get_survey::get_survey;
pub use page::SurveyPage;
pub use receipt_page::ReceiptPage;
pub use submit_answer::{submit_answer, SUBMIT_PATH};
