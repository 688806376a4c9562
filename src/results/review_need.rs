use crate::error::AppError;
use leptos::prelude::*;

/// A moderator's decision on one answer's free-text "other needs":
/// `decision` "approve" with a short `phrase` (counted in the results under
/// it; reuse a phrase to count the same need together), or "hide" (never
/// shown). Moderators (of the answer's district, when limited to some)
/// and admins; audited.
#[server(endpoint = "staff/results/need", output = crate::codec::JsonText)]
pub async fn review_need(
    response: String,
    decision: String,
    phrase: Option<String>,
) -> Result<(), AppError> {
    use crate::domain::Role;
    use crate::error::Invalid;
    use crate::server::db::results::NeedDecision;
    use crate::server::{auth, respond};
    respond(async {
        let (s, user) = auth::require(&[Role::Admin, Role::Moderator]).await?;
        let response_id: i64 = response
            .trim()
            .parse()
            .map_err(|_| AppError::invalid("other", Invalid::Unknown))?;
        let decision = match decision.as_str() {
            "approve" => NeedDecision::Approve(super::manage::phrase(phrase.as_deref())?),
            "hide" => NeedDecision::Hide,
            _ => return Err(AppError::invalid("decision", Invalid::Unknown)),
        };
        let round = s.catalog().await?.round.id;
        let scope = crate::moderation::service::district_scope(&user);
        if !s
            .repo
            .review_need(
                round,
                scope.as_deref(),
                response_id,
                &decision,
                user.id,
                s.clock.now_ts(),
            )
            .await?
        {
            return Err(AppError::invalid("other", Invalid::Unknown));
        }
        s.changed(crate::server::live::Changed::COUNTS);
        let (action, details) = match &decision {
            NeedDecision::Approve(phrase) => ("need_approved", Some(phrase.as_str())),
            NeedDecision::Hide => ("need_hidden", None),
        };
        auth::audit(
            &s,
            Some(user.id),
            action,
            "response",
            Some(&response_id.to_string()),
            details,
        )
        .await
    })
    .await
}
