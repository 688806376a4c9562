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
/// the form as it was sent (kept on the server, never in the URL).
#[server(endpoint = "postulates/submit", output = crate::codec::JsonText)]
pub async fn submit_postulate(
    meeting: String,
    client_id: String,
    body: String,
    district: Option<String>,
    theme: Option<String>,
) -> Result<String, AppError> {
    use super::model::ReturnedPostulate;
    use super::service::{submit, Submission};
    use crate::error::Invalid;
    use crate::server::{auth::client_ip, plain_form_post, respond, state};
    use crate::survey::service::device_token_from_request;
    use crate::survey::RETURNED_PARAM;
    respond(async {
        let s = state()?;
        let result = async {
            let device = device_token_from_request(&s.signer)
                .ok_or_else(|| AppError::invalid("device", Invalid::Missing))?;
            if !s.limits.allow_live(&device, &client_ip(&s).await) {
                return Err(AppError::RateLimited);
            }
            submit(
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
            .await
        }
        .await;
        if let Ok(code) = &result {
            super::service::remember_code(&s, code);
        }
        if plain_form_post() {
            let live = format!(
                "/spotkania/{}/na-zywo",
                meeting.trim().parse::<i64>().unwrap_or_default()
            );
            match &result {
                Ok(code) => leptos_axum::redirect(&format!("/postulaty/kod/{code}")),
                // Refused before its content counted: nothing is kept.
                Err(err) if !crate::server::returned::keeps(err) => crate::server::return_to(live),
                // Back to the form as it was sent, kept on the server.
                Err(_) => {
                    let form = ReturnedPostulate::new(
                        &client_id,
                        &body,
                        district.as_deref(),
                        theme.as_deref(),
                    );
                    crate::server::return_to(
                        match crate::server::returned::keep(&s, &client_id, &form).await {
                            Some(key) => format!("{live}?{RETURNED_PARAM}={key}#zglos"),
                            None => format!("{live}#zglos"),
                        },
                    );
                }
            }
        }
        result
    })
    .await
}
