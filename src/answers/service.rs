//! Server-side answer rules: what an official's answer must contain,
//! which departments a staff member answers for, and how a postulate
//! changes department after approval. Server only; used by the answers'
//! and the moderators' server functions.

use super::model::{AnswerDraft, AnswerStatus, MAX_JUSTIFICATION, MAX_SHORT};
use crate::domain::{Id, Role, StaffUser};
use crate::error::{AppError, Invalid};
use crate::postulates::model::QueueItem;
use crate::server::AppState;

/// The departments an official answers for.
/// The district a publication's scope names: "all" (`None`) or a
/// district's numeral.
pub fn publication_scope(
    catalog: &crate::server::catalog::Catalog,
    scope: &str,
) -> Result<Option<Id>, AppError> {
    match scope.trim() {
        "all" => Ok(None),
        numeral => catalog
            .districts
            .iter()
            .find(|d| d.numeral == numeral)
            .map(|d| Some(d.id))
            .ok_or_else(|| AppError::invalid("scope", Invalid::Unknown)),
    }
}

pub fn departments_of(user: &StaffUser) -> Vec<Id> {
    user.roles
        .iter()
        .filter(|g| g.role == Role::Official)
        .filter_map(|g| g.department_id)
        .collect()
}

/// Gives an approved postulate of the active round to `department`: the
/// one path for every department change after approval (the officials'
/// reassignment and the moderators' console). Moderators within their
/// district scope and admins; never to the department it already has; a
/// reason when it had one (kept in the answers' history, audited). The
/// earlier department's draft goes; a position it had published stays in
/// the history and the public page says it is being reconsidered.
/// `version`: the one the moderator saw (the console), `None`: any.
pub async fn change_department(
    s: &AppState,
    user: &StaffUser,
    postulate: &QueueItem,
    department: Id,
    version: Option<i64>,
    reason: &str,
) -> Result<(), AppError> {
    use crate::server::db::answers::{ReassignOutcome, Reassignment};
    if !crate::moderation::service::may_moderate(user, postulate.district.id) {
        return Err(AppError::Forbidden);
    }
    let catalog = s.catalog().await?;
    if !catalog.departments.iter().any(|d| d.id == department) {
        return Err(AppError::invalid("department", Invalid::Unknown));
    }
    let reason = match postulate.department_id {
        Some(_) => Some(crate::meetings::manage::reason(reason)?),
        None => Some(reason.trim().to_owned()).filter(|r| !r.is_empty()),
    };
    let (outcome, events) = s
        .repo
        .reassign(&Reassignment {
            postulate_id: postulate.id,
            round_id: catalog.round.id,
            department_id: department,
            version,
            reason: reason.as_deref(),
            user_id: user.id,
            now: s.clock.now_ts(),
        })
        .await?;
    crate::server::live::announce(s, &events);
    match outcome {
        ReassignOutcome::Done => {}
        ReassignOutcome::NotFound => return Err(AppError::invalid("postulate", Invalid::Unknown)),
        ReassignOutcome::SameDepartment => {
            return Err(AppError::invalid("department", Invalid::NotAllowed))
        }
        ReassignOutcome::Stale => {
            let now = s
                .repo
                .queue_item(postulate.id)
                .await?
                .ok_or(AppError::NotFound)?;
            return Err(crate::postulates::service::stale(now));
        }
    }
    let code = catalog
        .departments
        .iter()
        .find(|d| d.id == department)
        .map_or_else(|| department.to_string(), |d| d.code.clone());
    crate::server::auth::audit(
        s,
        Some(user.id),
        "postulate_reassigned",
        "postulate",
        Some(&postulate.id.to_string()),
        Some(&format!("{code}: {}", reason.unwrap_or_default())),
    )
    .await
}

fn clean(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_control() || *c == '\n')
        .collect::<String>()
        .trim()
        .to_owned()
}

fn optional(text: Option<&str>, field: &str) -> Result<Option<String>, AppError> {
    let text = clean(text.unwrap_or_default());
    if text.chars().count() > MAX_SHORT {
        return Err(AppError::invalid(field, Invalid::TooLong));
    }
    Ok((!text.is_empty()).then_some(text))
}

/// An answer from the form: a known status; a justification (required
/// when submitting); short optional term and cost range.
pub fn draft(
    status: &str,
    justification: &str,
    planned_term: Option<&str>,
    cost_range: Option<&str>,
    submit: bool,
) -> Result<AnswerDraft, AppError> {
    if status.trim().is_empty() {
        return Err(AppError::invalid("status", Invalid::Missing));
    }
    let status = AnswerStatus::parse(status.trim())
        .ok_or_else(|| AppError::invalid("status", Invalid::Unknown))?;
    let justification = clean(justification);
    if submit && justification.is_empty() {
        return Err(AppError::invalid("justification", Invalid::Missing));
    }
    if justification.chars().count() > MAX_JUSTIFICATION {
        return Err(AppError::invalid("justification", Invalid::TooLong));
    }
    Ok(AnswerDraft {
        status,
        justification,
        planned_term: optional(planned_term, "planned_term")?,
        cost_range: optional(cost_range, "cost_range")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_submitted_answer_needs_a_known_status_and_a_justification() {
        assert_eq!(
            draft("maybe", "x", None, None, false),
            Err(AppError::invalid("status", Invalid::Unknown))
        );
        assert_eq!(
            draft(" ", "x", None, None, false),
            Err(AppError::invalid("status", Invalid::Missing)),
            "nothing is preselected: no choice is a missing one"
        );
        assert_eq!(
            draft("accepted", "  ", None, None, true),
            Err(AppError::invalid("justification", Invalid::Missing))
        );
        let d = draft(
            "in_progress",
            " Remont w 2029 r. ",
            Some(" "),
            Some("100–200 tys. zł"),
            true,
        )
        .unwrap();
        assert_eq!(d.justification, "Remont w 2029 r.");
        assert_eq!(
            (d.planned_term, d.cost_range.as_deref()),
            (None, Some("100–200 tys. zł"))
        );
        assert!(
            draft("accepted", "", None, None, false).is_ok(),
            "a draft may be empty"
        );
    }
}
