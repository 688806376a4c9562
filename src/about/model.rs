//! The public body's details, shared by the configuration (server) and the
//! pages (both builds).

use crate::domain::Accessibility;
use serde::{Deserialize, Serialize};

/// The public body that runs the consultation (the data controller).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicBody {
    pub name: String,
    pub address: String,
    /// Where residents report an accessibility problem or ask for data.
    pub contact_email: String,
    /// The data protection officer (inspektor ochrony danych).
    pub dpo_email: String,
    /// The accessibility statement's dates, `YYYY-MM-DD`.
    pub statement_published: String,
    pub statement_updated: String,
}

impl Default for PublicBody {
    /// The demo's body: the city of Kraków (addresses on a reserved
    /// domain until an operator sets the real ones).
    fn default() -> Self {
        Self {
            name: "Gmina Miejska Kraków — Prezydent Miasta Krakowa".into(),
            address: "Urząd Miasta Krakowa, pl. Wszystkich Świętych 3–4, 31-004 Kraków".into(),
            contact_email: "porozmawiajmy@krakow.example".into(),
            dpo_email: "iod@krakow.example".into(),
            statement_published: "2026-11-28".into(),
            statement_updated: "2026-11-28".into(),
        }
    }
}

/// Who runs the site, and the meeting venues with their facilities.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicBodyView {
    pub body: PublicBody,
    /// Each venue of the round's meetings once, in the calendar's order.
    pub venues: Vec<Venue>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Venue {
    /// "II Grzegórzki"
    pub district: String,
    pub name: String,
    pub address: String,
    pub accessibility: Vec<Accessibility>,
}
