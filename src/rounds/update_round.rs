use super::model::SettingsForm;
use crate::error::AppError;
use leptos::prelude::*;

/// Changes a round's settings (admins; audited). Once the round has
/// answers only what keeps their meaning may change — see
/// [`RoundSettings::check_change_with_answers`] — and `reason` is required.
///
/// [`RoundSettings::check_change_with_answers`]: super::model::RoundSettings::check_change_with_answers
#[server(endpoint = "admin/rounds/update", output = crate::codec::JsonText)]
pub async fn update_round(
    round: i64,
    settings: SettingsForm,
    #[server(default)] reason: Option<String>,
) -> Result<(), AppError> {
    use crate::domain::Role;
    use crate::error::Invalid;
    use crate::server::{auth, respond};
    respond(async {
        let (s, admin) = auth::require(&[Role::Admin]).await?;
        let current = super::service::round(&s, round).await?;
        let before = s
            .repo
            .round_settings(round)
            .await?
            .ok_or(AppError::NotFound)?;
        let checked =
            super::service::settings_from_form(&settings, &s.repo.all_districts().await?)?;
        let answered = s.repo.round_answer_count(round).await? > 0;
        let reason = reason.as_deref().map(str::trim).unwrap_or_default();
        if answered {
            checked.check_change_with_answers(&before)?;
            if reason.is_empty() && checked != before {
                return Err(AppError::invalid("reason", Invalid::Missing));
            }
        }
        if current.status == crate::domain::RoundStatus::Active {
            super::activate_round::no_overlap(&s, &checked, round).await?;
        }
        if !s.repo.update_round(round, &checked).await? {
            return Err(AppError::invalid("slug", Invalid::Duplicate));
        }
        s.changed(crate::server::live::Changed::ALL);
        let details = if reason.is_empty() {
            checked.slug.clone()
        } else {
            format!("{}: {reason}", checked.slug)
        };
        auth::audit(
            &s,
            Some(admin.id),
            "round_updated",
            "round",
            Some(&round.to_string()),
            Some(&details),
        )
        .await?;
        if crate::server::plain_form_post() && checked.slug != before.slug {
            leptos_axum::redirect(&format!(
                "/panel/rundy/{}?{}={}",
                checked.slug,
                crate::ui::OUTCOME_DONE,
                crate::ui::encode_query_value(<UpdateRound as leptos::server_fn::ServerFn>::PATH)
            ));
        }
        Ok(())
    })
    .await
}
