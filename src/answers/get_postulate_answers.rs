use super::model::PostulateAnswers;
use crate::domain::Id;
use crate::error::AppError;
use leptos::prelude::*;

/// An approved postulate's public page: its published answer and the
/// answer's history with dates (nothing before publication).
#[server(endpoint = "postulates/answers", output = crate::codec::JsonText)]
pub async fn get_postulate_answers(id: Id) -> Result<PostulateAnswers, AppError> {
    use crate::server::{respond, state};
    respond(async {
        let s = state()?;
        s.repo
            .postulate_answers(id)
            .await?
            .ok_or(AppError::NotFound)
    })
    .await
}
