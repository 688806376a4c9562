use crate::error::AppError;
use leptos::prelude::*;

/// "Me too" on an approved postulate, once per device: the count now
/// (unchanged when this device already said so). Rate-limited like
/// submissions. With JavaScript off, back to the page it came from.
#[server(endpoint = "postulates/me-too", output = crate::codec::JsonText)]
pub async fn support_postulate(postulate: String) -> Result<i64, AppError> {
    use super::service::{id_field, support_key};
    use crate::error::Invalid;
    use crate::server::{auth::client_ip, plain_form_post, respond, state};
    use crate::survey::service::device_token_from_request;
    respond(async {
        let s = state()?;
        let id = id_field(&postulate, "postulate")?;
        let device = device_token_from_request(&s.signer)
            .ok_or_else(|| AppError::invalid("device", Invalid::Missing))?;
        if !s.limits.allow_live(&device, &client_ip(&s).await) {
            return Err(AppError::RateLimited);
        }
        let round = s.catalog().await?.round.id;
        let (_, events) = s
            .repo
            .support_postulate(id, &support_key(&s, round, &device))
            .await?
            .ok_or(AppError::NotFound)?;
        crate::server::live::announce(&s, &events);
        let item = s.repo.queue_item(id).await?.ok_or(AppError::NotFound)?;
        if plain_form_post() {
            let back = item.meeting_id.map_or("/postulaty".to_owned(), |m| {
                format!("/spotkania/{m}/na-zywo#p{id}")
            });
            leptos_axum::redirect(&back);
        }
        Ok(item.me_too)
    })
    .await
}
