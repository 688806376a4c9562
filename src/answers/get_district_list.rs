use crate::domain::District;
use crate::error::AppError;
use crate::postulates::model::PublicPostulate;
use leptos::prelude::*;

/// Every approved postulate of a district with its published answer: the
/// printable "spis postulatów".
#[server(endpoint = "postulates/district-list", output = crate::codec::JsonText)]
pub async fn get_district_list(
    numeral: String,
) -> Result<(String, District, Vec<PublicPostulate>), AppError> {
    use crate::postulates::model::PostulateFilter;
    use crate::server::{respond, state};
    respond(async {
        let s = state()?;
        let catalog = s.catalog().await?;
        let district = catalog
            .districts
            .iter()
            .find(|d| d.numeral == numeral)
            .cloned()
            .ok_or(AppError::NotFound)?;
        let filter = PostulateFilter {
            district: Some(district.numeral.clone()),
            page: 1,
            ..PostulateFilter::default()
        };
        let rows = s
            .repo
            .export_postulates(catalog.round.id, &filter, false)
            .await?;
        Ok((
            catalog.round.name.clone(),
            district,
            rows.into_iter().map(|r| r.postulate).collect(),
        ))
    })
    .await
}
