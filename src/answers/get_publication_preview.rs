use super::model::PublicationItem;
use crate::error::AppError;
use leptos::prelude::*;

/// What publishing `scope` ("all" or a district's numeral) would make
/// public: the submitted answers not public yet, by district. Admins only.
#[server(endpoint = "admin/answers/preview", output = crate::codec::JsonText)]
pub async fn get_publication_preview(scope: String) -> Result<Vec<PublicationItem>, AppError> {
    use crate::domain::Role;
    use crate::server::{auth, respond};
    respond(async {
        let (s, _) = auth::require(&[Role::Admin]).await?;
        let catalog = s.catalog().await?;
        let district = super::service::publication_scope(&catalog, &scope)?;
        Ok(s.repo
            .publication_preview(catalog.round.id, district)
            .await?)
    })
    .await
}
