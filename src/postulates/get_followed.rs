use super::model::FollowedPostulate;
use crate::error::AppError;
use leptos::prelude::*;

/// A postulate by the code its author keeps: what happened to it.
#[server(endpoint = "postulates/follow", output = crate::codec::JsonText)]
pub async fn get_followed(code: String) -> Result<FollowedPostulate, AppError> {
    use crate::server::{respond, state};
    respond(async {
        let s = state()?;
        let code = code.trim().to_uppercase();
        if !crate::server::secrets::is_short_code(&code) {
            return Err(AppError::NotFound);
        }
        let mut followed = s
            .repo
            .followed_postulate(&code)
            .await?
            .ok_or(AppError::NotFound)?;
        followed.address = format!(
            "{}/postulaty/kod/{code}",
            crate::server::site_url(&s, &crate::server::request_headers())
        );
        Ok(followed)
    })
    .await
}
