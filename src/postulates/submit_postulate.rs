use crate::error::AppError;
use leptos::prelude::*;

/// The submission endpoint. Fixed (no build hash): a postulate queued
/// offline by an older page must still reach a newer server.
pub const SUBMIT_PATH: &str = "/api/postulates/submit";

/// A resident's postulate at a meeting open for postulates, stored exactly
/// once: its short code (a replay gets the same code; the same `client_id`
/// with other content is a conflict). Anonymous; rate-limited per device
/// and, loosely, per address. With JavaScript off, answers with a redirect
/// to the postulate's page, or back to the live page with the error and
/// the text as it was sent.
#[server(endpoint = "postulates/submit")]
pub async fn submit_postulate(
    meeting: String,
    client_id: String,
    body: String,
    district: Option<String>,
    theme: Option<String>,
) -> Result<String, AppError> {
    use super::service::{submit, Submission};
    use crate::error::Invalid;
    use crate::server::{auth::client_ip, plain_form_post, respond, state};
    use crate::survey::service::device_token_from_request;
    respond(async {
        let s = state()?;
        if plain_form_post() {
            crate::server::return_to(format!(
                "/spotkania/{}/na-zywo?tresc={}",
                meeting.trim().parse::<i64>().unwrap_or_default(),
                crate::ui::encode_query_value(&body)
            ));
        }
        let device = device_token_from_request(&s.signer)
            .ok_or_else(|| AppError::invalid("device", Invalid::Missing))?;
        if !s.limits.allow_live(&device, &client_ip(&s).await) {
            return Err(AppError::RateLimited);
        }
        let code = submit(
            &s,
            Submission {
                meeting: &meeting,
                client_id: Some(&client_id),
                body: &body,
                district: district.as_deref(),
                theme: theme.as_deref(),
                on_behalf_of: None,
            },
        )
        .await?;
        if plain_form_post() {
            leptos_axum::redirect(&format!("/postulaty/kod/{code}"));
        }
        Ok(code)
    })
    .await
}
