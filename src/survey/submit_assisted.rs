use super::AnswerForm;
use crate::domain::{Receipt, StartToken};
use crate::error::AppError;
use leptos::prelude::*;

/// Staff entry's endpoint (the kiosk form posts here with JavaScript off).
pub const ASSISTED_PATH: &str = "/api/survey/assisted";

/// What staff get back after entering an answer: its receipt and a fresh
/// start token for the next resident.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AssistedReceipt {
    pub receipt: Receipt,
    pub next: StartToken,
}

/// An answer entered by staff at a stationary point (`assisted`) or typed in
/// from a paper form (`paper`): moderators and admins only; many answers
/// from one device; exactly once per form like any other answer.
#[server(endpoint = "survey/assisted", output = crate::codec::JsonText)]
pub async fn submit_assisted(
    answer: AnswerForm,
    source: String,
) -> Result<AssistedReceipt, AppError> {
    use super::service::{issue_start, store};
    use crate::domain::{AnswerSource, Role};
    use crate::error::Invalid;
    use crate::server::{auth, respond};
    respond(async {
        let (s, user) = auth::require(&[Role::Moderator, Role::Admin]).await?;
        let source = match AnswerSource::parse(source.trim()) {
            Some(source @ (AnswerSource::Assisted | AnswerSource::Paper)) => source,
            _ => return Err(AppError::invalid("source", Invalid::Unknown)),
        };
        let receipt = store(&s, &answer, source, None).await?;
        auth::audit(
            &s,
            Some(user.id),
            "answer_entered",
            "response",
            Some(&receipt.code),
            Some(source.as_str()),
        )
        .await?;
        Ok(AssistedReceipt {
            receipt,
            next: issue_start(&s.signer, s.clock.now_ts()),
        })
    })
    .await
}

#[cfg(test)]
mod tests {
    use leptos::server_fn::ServerFn;

    #[test]
    fn the_forms_post_where_the_server_functions_listen() {
        assert_eq!(super::ASSISTED_PATH, super::SubmitAssisted::PATH);
        assert_eq!(
            super::super::SUBMIT_PATH,
            super::super::submit_answer::SubmitAnswer::PATH
        );
    }
}
