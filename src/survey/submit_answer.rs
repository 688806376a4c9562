use super::AnswerForm;
use crate::domain::Receipt;
use crate::error::AppError;
use leptos::prelude::*;

/// The submission endpoint. Fixed (no build hash): an answer queued offline
/// by an older page must still reach a newer server.
pub const SUBMIT_PATH: &str = "/api/survey/submit";

/// Stores one resident's survey answer exactly once and returns its receipt.
/// A replay of the same answer gets the same receipt; the same id with
/// different content is a conflict (409); one answer per device. With
/// JavaScript off, answers with a redirect: to the receipt page, or — after
/// a mistake — back to `/ankieta` with the form as it was sent.
#[server(endpoint = "survey/submit", output = crate::codec::JsonText)]
pub async fn submit_answer(answer: AnswerForm) -> Result<Receipt, AppError> {
    use super::service::{device_token_from_request, return_form, store};
    use crate::domain::AnswerSource;
    use crate::error::Invalid;
    use crate::server::{auth::client_ip, plain_form_post, respond, state};
    respond(async {
        let s = state()?;
        let result = async {
            let device = device_token_from_request(&s.signer)
                .ok_or_else(|| AppError::invalid("device", Invalid::Missing))?;
            if !s.limits.allow_survey(&device, &client_ip(&s).await) {
                return Err(AppError::RateLimited);
            }
            store(&s, &answer, AnswerSource::Online, Some(&device)).await
        }
        .await;
        match result {
            Ok(receipt) => {
                if plain_form_post() {
                    leptos_axum::redirect(&format!("/ankieta/potwierdzenie/{}", receipt.code));
                }
                Ok(receipt)
            }
            Err(err) => {
                if plain_form_post() && crate::server::returned::keeps(&err) {
                    return_form(&s, &answer).await;
                } else if plain_form_post() {
                    crate::server::return_to("/ankieta");
                }
                Err(err)
            }
        }
    })
    .await
}
