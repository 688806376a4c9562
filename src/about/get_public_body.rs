use super::model::PublicBodyView;
use crate::error::AppError;
use leptos::prelude::*;

/// The public body's details (configuration) and the round's venues.
#[server(endpoint = "about/public-body", output = crate::codec::JsonText)]
pub async fn get_public_body() -> Result<PublicBodyView, AppError> {
    use crate::server::{respond, state};
    respond(async {
        let s = state()?;
        // Between rounds there is no calendar, and no venue to list.
        let meetings = match s.catalog().await {
            Ok(catalog) => catalog.meetings.clone(),
            Err(AppError::NotFound) => Vec::new(),
            Err(e) => return Err(e),
        };
        let mut venues: Vec<super::model::Venue> = Vec::new();
        for m in &meetings {
            if !venues
                .iter()
                .any(|v| v.name == m.venue && v.address == m.address)
            {
                venues.push(super::model::Venue {
                    district: m.district.label(),
                    name: m.venue.clone(),
                    address: m.address.clone(),
                    accessibility: m.accessibility.clone(),
                });
            }
        }
        Ok(PublicBodyView {
            body: s.config.body.clone(),
            venues,
        })
    })
    .await
}
