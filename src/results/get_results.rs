use super::model::{Published, ResultsView};
use crate::error::AppError;
use leptos::prelude::*;

/// The survey results of the whole round (`district` empty) or of one
/// district, for one theme or all, in an order (`sort`: "ankieta" for the
/// survey's order, most picked first otherwise) — or when they will be
/// public, if they are not yet and the caller is not staff.
#[server(endpoint = "results", output = crate::codec::JsonText)]
pub async fn get_results(
    district: Option<String>,
    theme: Option<String>,
    sort: Option<String>,
) -> Result<Published<ResultsView>, AppError> {
    use super::model::{ResultsQuery, SortOrder};
    use crate::server::{request_headers, respond, state};
    respond(async {
        let query = ResultsQuery {
            district: district.filter(|d| !d.is_empty()),
            theme: theme.filter(|t| !t.is_empty()),
            sort: SortOrder::from_param(sort.as_deref()),
        };
        super::build::results(&state()?, &request_headers(), query).await
    })
    .await
}
