//! The anonymous district survey at `/ankieta`.

mod get_survey;
mod page;

pub use get_survey::get_survey;
pub use page::SurveyPage;
