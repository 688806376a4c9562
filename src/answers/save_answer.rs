// One field per form control, as the officials' plain forms post them.
#![allow(clippy::too_many_arguments)]

use crate::error::AppError;
use leptos::prelude::*;

/// An official's answer to a postulate assigned to their department:
/// `action` "draft" keeps it in the department, "submit" sends it (public
/// once the postulate's district is published). `version` is the answer's
/// version the official saw (0: none yet): a stale save is refused with the
/// current answer. Officials only; audited.
#[server(endpoint = "official/answer", output = crate::codec::JsonText)]
pub async fn save_answer(
    postulate: String,
    version: String,
    action: String,
    status: String,
    justification: String,
    #[server(default)] planned_term: Option<String>,
    #[server(default)] cost_range: Option<String>,
) -> Result<i64, AppError> {
    use super::model::ReturnedAnswer;
    use super::service::{departments_of, draft};
    use crate::domain::Role;
    use crate::error::Invalid;
    use crate::postulates::service::id_field;
    use crate::server::db::answers::SaveOutcome;
    use crate::server::{auth, plain_form_post, respond};
    use crate::survey::RETURNED_PARAM;
    respond(async {
        let (s, user) = auth::require(&[Role::Official]).await?;
        let id = id_field(&postulate, "postulate")?;
        let version = id_field(&version, "version")?;
        // A mistake comes back to this postulate's card (`?p=`), shown there.
        crate::server::return_to(format!("/panel/urzednik?p={id}#p{id}"));
        let result = async {
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
            // A published position's update is public at once.
            s.changed(crate::server::live::Changed::POSTULATES);
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
            Ok((version, submit))
        }
        .await;
        match result {
            Ok((version, submit)) => {
                if plain_form_post() {
                    let what = if submit { "wyslane" } else { "szkic" };
                    leptos_axum::redirect(&format!(
                        "/panel/urzednik?zapisano={id}&jak={what}#p{id}"
                    ));
                }
                Ok(version)
            }
            Err(err) => {
                // JavaScript off: what the official typed comes back with
                // the error (a stale save shows the answer as it is now).
                if plain_form_post() && !matches!(err, AppError::Stale { .. }) {
                    let form = ReturnedAnswer::bounded(
                        id,
                        &status,
                        &justification,
                        planned_term.as_deref(),
                        cost_range.as_deref(),
                    );
                    let owner = format!("answer-{id}-{}", user.id);
                    if let Some(key) = crate::server::returned::keep(&s, &owner, &form).await {
                        crate::server::return_to(format!(
                            "/panel/urzednik?p={id}&{RETURNED_PARAM}={key}#p{id}"
                        ));
                    }
                }
                Err(err)
            }
        }
    })
    .await
}
