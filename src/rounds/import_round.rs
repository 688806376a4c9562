use crate::error::AppError;
use leptos::prelude::*;

/// A new round in preparation from a definition file's text (admins;
/// audited): everything is checked first — the first mistake is named
/// with its line and field — and then stored in one transaction, or
/// nothing is. A plain form post goes on to the new round's edit page.
#[server(endpoint = "admin/rounds/import", output = crate::codec::JsonText)]
pub async fn import_round(definition: String) -> Result<String, AppError> {
    use crate::domain::Role;
    use crate::error::Invalid;
    use crate::server::{auth, respond};
    use std::collections::HashSet;
    respond(async {
        let (s, admin) = auth::require(&[Role::Admin]).await?;
        if definition.len() > super::definition::MAX_BYTES {
            return Err(AppError::invalid("definition", Invalid::TooLong));
        }
        let departments: HashSet<String> = s
            .repo
            .departments()
            .await?
            .into_iter()
            .map(|d| d.code)
            .collect();
        let slugs: HashSet<String> = s.repo.rounds().await?.into_iter().map(|r| r.slug).collect();
        let def = super::definition::read(
            &definition,
            &s.repo.all_districts().await?,
            &departments,
            &slugs,
        )?;
        let id = s
            .repo
            .insert_round(&def, s.clock.now_ts())
            .await?
            // Taken between the check and the write.
            .ok_or_else(|| AppError::invalid("slug", Invalid::Duplicate))?;
        let slug = def.settings.slug.clone();
        auth::audit(
            &s,
            Some(admin.id),
            "round_imported",
            "round",
            Some(&id.to_string()),
            Some(&slug),
        )
        .await?;
        if crate::server::plain_form_post() {
            leptos_axum::redirect(&format!(
                "/panel/rundy/{slug}?{}={}",
                crate::ui::OUTCOME_DONE,
                crate::ui::encode_query_value(<ImportRound as leptos::server_fn::ServerFn>::PATH)
            ));
        }
        Ok(slug)
    })
    .await
}
