//! What the survey keeps on the device (localStorage): the draft, the outbox
//! of answers waiting for a connection, and the receipt of the delivered
//! answer. Browser only — called from effects and event handlers, which do
//! not run on the server; elsewhere it keeps nothing.

use super::AnswerForm;
use serde::de::DeserializeOwned;
use serde::Serialize;

pub const DRAFT_KEY: &str = "poro.survey.draft";
pub const OUTBOX_KEY: &str = "poro.survey.outbox";
pub const RECEIPT_KEY: &str = "poro.survey.receipt";

fn storage() -> Option<web_sys::Storage> {
    if !cfg!(target_arch = "wasm32") {
        return None;
    }
    web_sys::window()?.local_storage().ok().flatten()
}

pub fn load<T: DeserializeOwned>(key: &str) -> Option<T> {
    let json = storage()?.get_item(key).ok()??;
    serde_json::from_str(&json).ok()
}

pub fn save<T: Serialize>(key: &str, value: &T) {
    if let (Some(storage), Ok(json)) = (storage(), serde_json::to_string(value)) {
        let _ = storage.set_item(key, &json);
    }
}

pub fn remove(key: &str) {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(key);
    }
}

/// The browser's idea of connectivity (true when unknown).
pub fn is_online() -> bool {
    if !cfg!(target_arch = "wasm32") {
        return true;
    }
    web_sys::window().is_none_or(|w| w.navigator().on_line())
}

/// Answers waiting to be delivered.
pub fn outbox() -> Vec<AnswerForm> {
    load(OUTBOX_KEY).unwrap_or_default()
}

/// Puts an answer in the outbox (replacing an earlier copy with the same id).
pub fn enqueue(answer: &AnswerForm) {
    let mut queued = outbox();
    queued.retain(|a| a.client_id != answer.client_id);
    queued.push(answer.clone());
    save(OUTBOX_KEY, &queued);
}

pub fn dequeue(client_id: &str) {
    let mut queued = outbox();
    queued.retain(|a| a.client_id != client_id);
    save(OUTBOX_KEY, &queued);
}
