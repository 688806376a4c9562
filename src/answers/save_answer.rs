// One field per form control, as the officials' plain forms post them.
#![allow(clippy::too_many_arguments)]

use crate::error::AppError;
use leptos::prelude::*;

/// An official's answer to a postulate assigned to their department:
/// `action` "draft" keeps it in the department, "submit" sends it (public
/// once the postulate's district is published). `version` is the answer's
/// version the official saw (0: none yet): a stale save is refused with the
/// current answer. Officials only; audited.
#[server(endpoint = "official/answer")]
pub async fn save_answer(
    postulate: String,
    version: String,
    action: String,
    status: String,
    justification: String,
    #[server(default)] planned_term: Option<String>,
    #[server(default)] cost_range: Option<String>,
) -> Result<i64, AppError> {
    use super::service::{departments_of, draft};
    use crate::domain::Role;
    use crate::error::Invalid;
    use crate::postulates::service::id_field;
    use crate::server::db::answers::SaveOutcome;
    use crate::server::{auth, plain_form_post, respond};
    respond(async {
        let (s, user) = auth::require(&[Role::Official]).await?;
        let id = id_field(&postulate, "postulate")?;
        let version = id_field(&version, "version")?;
        crate::server::return_to(format!("/panel/urzednik#p{id}"));
        let submit = match action.as_str() {
            "draft" => false,
            "submit" => true,
            _ => return Err(AppError::invalid("action", Invalid::Unknown)),
        };
        let answer = draft(
            &status,
            &justification,
            planned_term.as_deref(),
            cost_range.as_deref(),
            submit,
        )?;
        let now = s.clock.now_ts();
        let mut outcome = SaveOutcome::NotAssigned;
        for department in departments_of(&user) {
            outcome = s
                .repo
                .save_answer(id, department, version, &answer, submit, user.id, now)
                .await?;
            if outcome != SaveOutcome::NotAssigned {
                break;
            }
        }
        let version = match outcome {
            SaveOutcome::Saved(version) => version,
            SaveOutcome::NotAssigned => return Err(AppError::Forbidden),
            SaveOutcome::Stale(current) => {
                return Err(AppError::Stale {
                    version: current.as_ref().map_or(0, |a| a.version),
                    status: crate::domain::Bilingual::of(|lang| {
                        current
                            .as_ref()
                            .map_or("—", |a| super::texts::texts(lang).status(a.draft.status))
                    }),
                    body: current.map(|a| a.draft.justification).unwrap_or_default(),
                });
            }
        };
        auth::audit(
            &s,
            Some(user.id),
            if submit {
                "answer_submitted"
            } else {
                "answer_draft"
            },
            "postulate",
            Some(&id.to_string()),
            Some(answer.status.as_str()),
        )
        .await?;
        if plain_form_post() {
            leptos_axum::redirect(&format!("/panel/urzednik?zapisano={id}#p{id}"));
        }
        Ok(version)
    })
    .await
}
