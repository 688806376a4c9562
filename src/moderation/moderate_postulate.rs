// One field per form control, as the console's plain forms post them.
#![allow(clippy::too_many_arguments)]

use crate::error::AppError;
use crate::postulates::model::QueueItem;
use leptos::prelude::*;

/// A moderator's change to one postulate of `meeting`, based on `version`
/// (the one the moderator saw: a stale change is refused with the current
/// state). `action`: approve, reject (with `reason`), withdraw (an approved
/// one, with `reason`), edit (with `body`), merge (`into` another postulate
/// of the meeting), theme, department (blank: none; on an approved
/// postulate that has one, a reassignment with `reason`). Audited. With
/// JavaScript off, back to the console.
#[server(endpoint = "moderation/postulate", output = crate::codec::JsonText)]
pub async fn moderate_postulate(
    meeting: String,
    postulate: String,
    version: String,
    action: String,
    #[server(default)] reason: Option<String>,
    #[server(default)] body: Option<String>,
    #[server(default)] into: Option<String>,
    #[server(default)] theme: Option<String>,
    #[server(default)] department: Option<String>,
) -> Result<QueueItem, AppError> {
    use crate::error::Invalid;
    use crate::postulates::model::{Moderation, PostulateStatus, RejectReason};
    use crate::postulates::service::{id_field, theme as theme_id, wording};
    use crate::server::db::postulates::ModerationOutcome;
    use crate::server::{auth, plain_form_post, respond};
    respond(async {
        let (s, user, meeting) = super::service::require_meeting(&meeting).await?;
        let id = id_field(&postulate, "postulate")?;
        let version = id_field(&version, "version")?;
        let current = s.repo.queue_item(id).await?.ok_or(AppError::NotFound)?;
        if current.meeting_id != Some(meeting.id) {
            return Err(AppError::invalid("postulate", Invalid::Unknown));
        }
        let catalog = s.catalog().await?;
        let blank = |v: &Option<String>| {
            v.as_deref()
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_owned)
        };
        let change = match action.as_str() {
            "approve" => Moderation::Approve,
            "restore" => Moderation::Restore,
            "reject" | "withdraw" => {
                let reason = blank(&reason)
                    .as_deref()
                    .and_then(RejectReason::parse)
                    .ok_or_else(|| AppError::invalid("reason", Invalid::Missing))?;
                if action == "reject" {
                    Moderation::Reject(reason)
                } else {
                    Moderation::Withdraw(reason)
                }
            }
            "edit" => Moderation::Edit(wording(body.as_deref().unwrap_or_default())?),
            "merge" => Moderation::Merge(id_field(
                &blank(&into).ok_or_else(|| AppError::invalid("into", Invalid::Missing))?,
                "into",
            )?),
            "theme" => Moderation::Theme(theme_id(&catalog, theme.as_deref())?),
            "department" => Moderation::Department(match blank(&department) {
                None => None,
                Some(d) => {
                    let d = id_field(&d, "department")?;
                    if !catalog.departments.iter().any(|x| x.id == d) {
                        return Err(AppError::invalid("department", Invalid::Unknown));
                    }
                    Some(d)
                }
            }),
            _ => return Err(AppError::invalid("action", Invalid::Unknown)),
        };
        crate::server::return_to(format!("/panel/moderacja/{}#p{id}", meeting.id));
        if let (Moderation::Department(Some(to)), PostulateStatus::Approved, Some(_)) =
            (&change, current.status, current.department_id)
        {
            // After approval a department changes by reassignment only.
            crate::answers::service::change_department(
                &s,
                &user,
                &current,
                *to,
                Some(version),
                reason.as_deref().unwrap_or_default(),
            )
            .await?;
            if plain_form_post() {
                leptos_axum::redirect(&format!("/panel/moderacja/{}#p{id}", meeting.id));
            }
            return s.repo.queue_item(id).await?.ok_or(AppError::NotFound);
        }
        let (outcome, events) = s
            .repo
            .moderate(id, version, &change, Some(user.id), s.clock.now_ts())
            .await?;
        crate::server::live::announce(&s, &events);
        let item = match outcome {
            ModerationOutcome::Done(item) => item,
            ModerationOutcome::Stale(now) => return Err(crate::postulates::service::stale(now)),
            ModerationOutcome::NotAllowed => {
                return Err(AppError::invalid("change", Invalid::NotAllowed))
            }
            ModerationOutcome::NoMergeTarget => {
                return Err(AppError::invalid("into", Invalid::Unknown))
            }
            ModerationOutcome::NotFound => return Err(AppError::NotFound),
        };
        let details = match &change {
            Moderation::Reject(r) | Moderation::Withdraw(r) => Some(r.as_str().to_owned()),
            Moderation::Edit(text) => Some(text.clone()),
            Moderation::Merge(into) => Some(format!("into {into}")),
            Moderation::Theme(t) | Moderation::Department(t) => t.map(|t| t.to_string()),
            Moderation::Approve | Moderation::Restore => None,
        };
        auth::audit(
            &s,
            Some(user.id),
            &format!("postulate_{}", change.action()),
            "postulate",
            Some(&id.to_string()),
            details.as_deref(),
        )
        .await?;
        if plain_form_post() {
            leptos_axum::redirect(&format!("/panel/moderacja/{}#p{id}", meeting.id));
        }
        Ok(item)
    })
    .await
}
