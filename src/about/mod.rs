//! What a public body's site must have (issue #18): the accessibility
//! statement (`/deklaracja-dostepnosci`), the easy-to-read page
//! (`/latwy-tekst`) and the privacy notice (`/prywatnosc`), all linked from
//! every page's footer ([`FooterLinks`]). The body's name and addresses are
//! configuration (`server::config::PublicBody`); the venues come from the
//! meeting calendar.

mod get_public_body;
pub mod model;
mod pages;
pub mod texts;

pub use get_public_body::get_public_body;
pub use model::{PublicBody, PublicBodyView, Venue};
pub use pages::{AccessibilityStatementPage, EasyReadPage, FooterLinks, PrivacyPage};
