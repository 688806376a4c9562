//! Staff work on the results: the review queue's types and the rule for an
//! approved phrase. Shared by the server functions and `/panel/wyniki`.

use crate::domain::{Id, ResultsVisibility};
use crate::error::{AppError, Invalid};
use serde::{Deserialize, Serialize};

/// The longest approved phrase (a short label, not the resident's text).
pub const PHRASE_MAX: usize = 80;

/// An answer's "other needs" text waiting for review.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingText {
    pub response_id: Id,
    /// "II Grzegórzki"
    pub district: String,
    pub text: String,
}

/// What `/panel/wyniki` shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewQueue {
    pub visibility: ResultsVisibility,
    /// How many texts wait in all (`pending` holds the first few).
    pub waiting: i64,
    pub pending: Vec<PendingText>,
    /// Phrases approved so far, to reuse.
    pub phrases: Vec<String>,
}

/// An approved phrase: trimmed, 2–80 characters, one line.
pub fn phrase(input: Option<&str>) -> Result<String, AppError> {
    let phrase = input
        .unwrap_or("")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let length = phrase.chars().count();
    if length == 0 {
        Err(AppError::invalid("phrase", Invalid::Missing))
    } else if length < 2 {
        Err(AppError::invalid("phrase", Invalid::TooShort))
    } else if length > PHRASE_MAX {
        Err(AppError::invalid("phrase", Invalid::TooLong))
    } else if phrase.chars().any(char::is_control) {
        Err(AppError::invalid("phrase", Invalid::Malformed))
    } else {
        Ok(phrase)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_are_trimmed_single_line_and_short() {
        assert_eq!(phrase(Some("  więcej   ławek \n")).unwrap(), "więcej ławek");
        assert_eq!(
            phrase(Some("  ")),
            Err(AppError::invalid("phrase", Invalid::Missing))
        );
        assert_eq!(
            phrase(Some("a")),
            Err(AppError::invalid("phrase", Invalid::TooShort))
        );
        assert_eq!(
            phrase(Some(&"x".repeat(81))),
            Err(AppError::invalid("phrase", Invalid::TooLong))
        );
    }
}
