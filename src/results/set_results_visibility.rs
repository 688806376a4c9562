use crate::error::AppError;
use leptos::prelude::*;

/// When the current round's results are public: `visibility` "while_open"
/// or "after_close" (admins; audited; pages change at once).
#[server(endpoint = "staff/results/visibility", output = crate::codec::JsonText)]
pub async fn set_results_visibility(visibility: String) -> Result<(), AppError> {
    use crate::domain::{ResultsVisibility, Role};
    use crate::error::Invalid;
    use crate::server::{auth, respond};
    respond(async {
        let (s, user) = auth::require(&[Role::Admin]).await?;
        let visibility = ResultsVisibility::parse(&visibility)
            .ok_or_else(|| AppError::invalid("visibility", Invalid::Unknown))?;
        let round = s.catalog().await?.round.id;
        s.repo.set_results_visibility(round, visibility).await?;
        s.changed(crate::server::live::Changed::CATALOG);
        auth::audit(
            &s,
            Some(user.id),
            "results_visibility_changed",
            "round",
            Some(&round.to_string()),
            Some(visibility.as_str()),
        )
        .await
    })
    .await
}
