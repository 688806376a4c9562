use crate::domain::Receipt;
use crate::error::AppError;
use leptos::prelude::*;

/// The receipt of a counted answer, by its code.
#[server(endpoint = "survey/receipt", output = crate::codec::JsonText)]
pub async fn get_receipt(code: String) -> Result<Receipt, AppError> {
    use super::service::is_receipt_code;
    use crate::server::{respond, state};
    respond(async {
        let s = state()?;
        let code = code.trim().to_ascii_uppercase();
        if !is_receipt_code(&code) {
            return Err(AppError::NotFound);
        }
        s.repo.receipt(&code).await?.ok_or(AppError::NotFound)
    })
    .await
}
