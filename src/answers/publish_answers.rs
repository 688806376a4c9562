use crate::error::AppError;
use leptos::prelude::*;

/// Publishes the round's submitted answers — `scope` "all" or a district's
/// numeral — at once: the public sees them from now on, and every later
/// update. An empty scope is refused. Admins only; audited.
#[server(endpoint = "admin/answers/publish", output = crate::codec::JsonText)]
pub async fn publish_answers(scope: String) -> Result<i64, AppError> {
    use crate::domain::Role;
    use crate::error::Invalid;
    use crate::server::{auth, plain_form_post, respond};
    respond(async {
        let (s, admin) = auth::require(&[Role::Admin]).await?;
        crate::server::return_to("/panel/odpowiedzi");
        let catalog = s.catalog().await?;
        let district = super::service::publication_scope(&catalog, &scope)?;
        let answers = s
            .repo
            .publish_answers(catalog.round.id, district, admin.id, s.clock.now_ts())
            .await?;
        if answers == 0 {
            return Err(AppError::invalid("scope", Invalid::Missing));
        }
        s.changed(crate::server::live::Changed::POSTULATES);
        auth::audit(
            &s,
            Some(admin.id),
            "answers_published",
            "round",
            Some(&catalog.round.id.to_string()),
            Some(scope.trim()),
        )
        .await?;
        if plain_form_post() {
            leptos_axum::redirect(&format!(
                "/panel/odpowiedzi?opublikowano={answers}&zakres={}",
                crate::ui::encode_query_value(scope.trim())
            ));
        }
        Ok(answers)
    })
    .await
}
