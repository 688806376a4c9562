//! Survey results: `/wyniki` (whole round, each district's top three,
//! participation), `/wyniki/<numeral>` (one district), `/wyniki/porownanie`
//! (one action or theme across the districts), open data at
//! `/wyniki/dane/…` (`data`), and staff work at `/panel/wyniki` (review of
//! free-text "other needs", visibility). Numbers come from tallies the
//! database keeps (`server::db::results`), shaped once in `build`; charts
//! are server-rendered SVG (`chart`), redrawn in place by the `switch`
//! island. Rules for honest numbers (small
//! samples, withheld cells) live in `model`.

#[cfg(feature = "ssr")]
pub mod build;
pub mod chart;
#[cfg(feature = "ssr")]
pub mod data;
mod get_comparison;
mod get_participation;
mod get_results;
mod get_review_queue;
pub mod manage;
mod manage_page;
pub mod model;
mod page;
mod review_need;
mod set_results_visibility;
#[cfg(feature = "ssr")]
pub mod suppress;
mod switch;
pub mod texts;

pub use get_comparison::get_comparison;
pub use get_participation::get_participation;
#[cfg(feature = "ssr")]
pub use get_participation::{participation_from, participation_of};
pub use get_results::get_results;
pub use get_review_queue::get_review_queue;
pub use manage_page::ManageResultsPage;
pub(crate) use page::{ActionsChart, NotYet, ParticipationTable, Tops};
pub use page::{ComparisonPage, DistrictResultsPage, ResultsPage};
pub use review_need::{review_need, ReviewNeed};
pub use set_results_visibility::{set_results_visibility, SetResultsVisibility};
pub use switch::get_results_view;
