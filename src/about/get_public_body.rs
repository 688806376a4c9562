use crate::domain::Accessibility;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Who runs the site, and the meeting venues with their facilities.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicBodyView {
    pub name: String,
    pub address: String,
    pub contact_email: String,
    pub dpo_email: String,
    /// `YYYY-MM-DD`
    pub statement_published: String,
    pub statement_updated: String,
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

/// The public body's details (configuration) and the round's venues.
#[server(endpoint = "about/public-body")]
pub async fn get_public_body() -> Result<PublicBodyView, AppError> {
    use crate::server::{respond, state};
    respond(async {
        let s = state()?;
        let body = &s.config.body;
        // Between rounds there is no calendar, and no venue to list.
        let meetings = match s.catalog().await {
            Ok(catalog) => catalog.meetings.clone(),
            Err(AppError::NotFound) => Vec::new(),
            Err(e) => return Err(e),
        };
        let mut venues: Vec<Venue> = Vec::new();
        for m in &meetings {
            if !venues
                .iter()
                .any(|v| v.name == m.venue && v.address == m.address)
            {
                venues.push(Venue {
                    district: m.district.label(),
                    name: m.venue.clone(),
                    address: m.address.clone(),
                    accessibility: m.accessibility.clone(),
                });
            }
        }
        Ok(PublicBodyView {
            name: body.name.clone(),
            address: body.address.clone(),
            contact_email: body.contact_email.clone(),
            dpo_email: body.dpo_email.clone(),
            statement_published: body.statement_published.clone(),
            statement_updated: body.statement_updated.clone(),
            venues,
        })
    })
    .await
}
