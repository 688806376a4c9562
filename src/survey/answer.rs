//! The survey answer as the form sends it (also the draft kept on the device).

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Longest "other needs" text, in characters.
pub const OTHER_MAX_CHARS: usize = 1000;

/// One resident's answer, exactly as submitted. Field names are the form's
/// (`answer[district]`, `answer[actions][<id>]`, `answer[profile][<code>]`),
/// so the same server function serves the hydrated page and a plain HTML
/// form post with JavaScript off.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnswerForm {
    /// UUID made when the form was started: the answer's identity.
    pub client_id: String,
    /// The server's signed start token for `client_id`.
    pub start: String,
    /// District id.
    #[serde(default)]
    pub district: String,
    /// Chosen action ids (key and value are the same id).
    #[serde(default)]
    pub actions: BTreeMap<String, String>,
    #[serde(default)]
    pub other: String,
    /// Profile question code → option code ("" = no answer).
    #[serde(default)]
    pub profile: BTreeMap<String, String>,
}

impl AnswerForm {
    pub fn picks(&self) -> usize {
        self.actions.len()
    }

    pub fn has_action(&self, id: i64) -> bool {
        self.actions.contains_key(&id.to_string())
    }

    pub fn toggle_action(&mut self, id: i64, on: bool) {
        if on {
            self.actions.insert(id.to_string(), id.to_string());
        } else {
            self.actions.remove(&id.to_string());
        }
    }
}
