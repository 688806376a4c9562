use super::model::SettingsForm;
use crate::error::AppError;
use leptos::prelude::*;

/// A new round in preparation (admins; audited), from the settings form;
/// with `copy_from` (a round's id) its survey content is that round's.
/// A plain form post goes on to the new round's edit page.
#[server(endpoint = "admin/rounds/create", output = crate::codec::JsonText)]
pub async fn create_round(
    settings: SettingsForm,
    #[server(default)] copy_from: Option<String>,
) -> Result<String, AppError> {
    use crate::domain::Role;
    use crate::error::Invalid;
    use crate::server::{auth, respond};
    respond(async {
        let (s, admin) = auth::require(&[Role::Admin]).await?;
        let checked =
            super::service::settings_from_form(&settings, &s.repo.all_districts().await?)?;
        let copy_from = match copy_from.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(id) => {
                let id = id
                    .parse()
                    .map_err(|_| AppError::invalid("copy_from", Invalid::Unknown))?;
                super::service::round(&s, id)
                    .await
                    .map_err(|_| AppError::invalid("copy_from", Invalid::Unknown))?;
                Some(id)
            }
        };
        let id = s
            .repo
            .create_round(&checked, copy_from, s.clock.now_ts())
            .await?
            .ok_or_else(|| AppError::invalid("slug", Invalid::Duplicate))?;
        let details = match copy_from {
            Some(from) => format!("{} (kopia rundy nr {from})", checked.slug),
            None => checked.slug.clone(),
        };
        auth::audit(
            &s,
            Some(admin.id),
            "round_created",
            "round",
            Some(&id.to_string()),
            Some(&details),
        )
        .await?;
        if crate::server::plain_form_post() {
            leptos_axum::redirect(&format!(
                "/panel/rundy/{}?{}={}",
                checked.slug,
                crate::ui::OUTCOME_DONE,
                crate::ui::encode_query_value(<CreateRound as leptos::server_fn::ServerFn>::PATH)
            ));
        }
        Ok(checked.slug)
    })
    .await
}
