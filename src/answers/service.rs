//! Server-side answer rules: what an official's answer must contain, and
//! which departments a staff member answers for. Server only; used by the
//! answers' server functions.

use super::model::{AnswerDraft, AnswerStatus, MAX_JUSTIFICATION, MAX_SHORT};
use crate::domain::{Id, Role, StaffUser};
use crate::error::{AppError, Invalid};

/// The departments an official answers for.
pub fn departments_of(user: &StaffUser) -> Vec<Id> {
    user.roles
        .iter()
        .filter(|g| g.role == Role::Official)
        .filter_map(|g| g.department_id)
        .collect()
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
