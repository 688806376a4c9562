use super::AnswerForm;
use crate::domain::Receipt;
use crate::error::AppError;
use leptos::prelude::*;

/// The submission endpoint. Fixed (no build hash): an answer queued offline
/// by an older page must still reach a newer server.
pub const SUBMIT_PATH: &str = "/api/survey/submit";

/// Stores one survey answer exactly once and returns its receipt. A replay
/// of the same answer gets the same receipt; the same id with different
/// content is a conflict (409). With JavaScript off, answers with a redirect
/// to the receipt page.
#[server(endpoint = "survey/submit")]
pub async fn submit_answer(answer: AnswerForm) -> Result<Receipt, AppError> {
    use super::service::{content_hash, device_token_from_request, receipt_code, schema, validate};
    use crate::domain::AnswerSource;
    use crate::error::Invalid;
    use crate::server::db::{InsertOutcome, NewResponse};
    use crate::server::time::warsaw_day;
    use crate::server::{plain_form_post, respond, state};
    respond(async {
        let s = state()?;
        let device = device_token_from_request()
            .ok_or_else(|| AppError::invalid("device", Invalid::Missing))?;
        let ip = leptos_axum::extract::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .await
            .map(|info| info.0.ip().to_string())
            .unwrap_or_else(|_| "unknown".into());
        if !s.limits.allow_survey(&device, &ip) {
            return Err(AppError::RateLimited);
        }
        let now = s.clock.now_ts();
        let schema = schema(s.repo.as_ref()).await?;
        let valid = validate(&answer, &schema, &s.signer, now)?;
        let hash = content_hash(&valid);

        let replay = |stored: crate::server::db::StoredResponse| {
            if stored.content_hash == hash {
                Ok(stored.receipt)
            } else {
                Err(AppError::Conflict)
            }
        };
        let receipt = match s.repo.response_by_client_id(&answer.client_id).await? {
            Some(stored) => replay(stored)?,
            None => {
                let new = NewResponse {
                    round_id: schema.round.id,
                    district_id: valid.district_id,
                    client_id: answer.client_id.clone(),
                    device_hash: Some(
                        s.signer
                            .sign("device", &[&schema.round.id.to_string(), &device]),
                    ),
                    content_hash: hash.clone(),
                    receipt: receipt_code(),
                    source: AnswerSource::Online,
                    other_needs: valid.other.clone(),
                    submitted_on: warsaw_day(now),
                    action_ids: valid.action_ids.clone(),
                    options: valid.options.clone(),
                };
                match s.repo.insert_response(&new).await? {
                    InsertOutcome::Stored(receipt) => receipt,
                    InsertOutcome::DuplicateClientId => {
                        let stored = s
                            .repo
                            .response_by_client_id(&answer.client_id)
                            .await?
                            .ok_or(AppError::Unavailable)?;
                        replay(stored)?
                    }
                    InsertOutcome::DuplicateDevice => return Err(AppError::AlreadyAnswered),
                }
            }
        };
        if plain_form_post() {
            leptos_axum::redirect(&format!("/ankieta/potwierdzenie/{}", receipt.code));
        }
        Ok(receipt)
    })
    .await
}
