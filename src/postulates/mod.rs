//! Residents' postulates at `/postulaty`: the approved ones, public.

mod list_postulates;
mod page;
pub mod texts;

pub use list_postulates::list_postulates;
pub use page::PostulatesPage;
