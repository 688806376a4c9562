use super::model::{Comparison, Published};
use crate::error::AppError;
use leptos::prelude::*;

/// One action (`action`, by code) or one theme (`theme`) across the
/// districts; the first action of the survey when neither is given.
#[server(endpoint = "results-comparison", output = crate::codec::JsonText)]
pub async fn get_comparison(
    action: Option<String>,
    theme: Option<String>,
) -> Result<Published<Comparison>, AppError> {
    use super::model::Subject;
    use crate::error::Invalid;
    use crate::server::{request_headers, respond, state};
    respond(async {
        let s = state()?;
        let subject = match (
            action.filter(|a| !a.is_empty()),
            theme.filter(|t| !t.is_empty()),
        ) {
            (Some(_), Some(_)) => return Err(AppError::invalid("action", Invalid::TooMany)),
            (Some(action), None) => Subject::Action(action),
            (None, Some(theme)) => Subject::Theme(theme),
            (None, None) => {
                let catalog = s.catalog().await?;
                let first = catalog
                    .themes
                    .iter()
                    .flat_map(|t| &t.actions)
                    .next()
                    .ok_or(AppError::NotFound)?;
                Subject::Action(first.code.clone())
            }
        };
        super::build::comparison(&s, &request_headers(), subject).await
    })
    .await
}
