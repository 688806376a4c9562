//! What the survey keeps on the device (localStorage): the draft, the outbox
//! of answers waiting for a connection, and the receipt of the delivered
//! answer. When the device refuses to store (storage full, disabled,
//! private mode), queued answers are kept in the page's memory instead and
//! the caller is told. Browser only — called from effects and event
//! handlers, which do not run on the server; elsewhere it keeps nothing.

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

/// Stores a value; false when the device refused.
pub fn save<T: Serialize>(key: &str, value: &T) -> bool {
    match (storage(), serde_json::to_string(value)) {
        (Some(storage), Ok(json)) => storage.set_item(key, &json).is_ok(),
        _ => false,
    }
}

thread_local! {
    /// Queued answers the device would not store: kept while the page lives.
    static IN_MEMORY: std::cell::RefCell<Vec<AnswerForm>> = const { std::cell::RefCell::new(Vec::new()) };
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

fn stored_outbox() -> Vec<AnswerForm> {
    load(OUTBOX_KEY).unwrap_or_default()
}

/// Answers waiting to be delivered (on the device, then in memory).
pub fn outbox() -> Vec<AnswerForm> {
    let mut queued = stored_outbox();
    IN_MEMORY.with_borrow(|memory| {
        for answer in memory {
            if !queued.iter().any(|a| a.client_id == answer.client_id) {
                queued.push(answer.clone());
            }
        }
    });
    queued
}

/// Puts an answer in the outbox (replacing an earlier copy with the same
/// id). False when the device would not store it: it is then kept in
/// memory only, and is lost if the page is closed before it is sent.
pub fn enqueue(answer: &AnswerForm) -> bool {
    let mut queued = stored_outbox();
    queued.retain(|a| a.client_id != answer.client_id);
    queued.push(answer.clone());
    if save(OUTBOX_KEY, &queued) {
        return true;
    }
    IN_MEMORY.with_borrow_mut(|memory| {
        memory.retain(|a| a.client_id != answer.client_id);
        memory.push(answer.clone());
    });
    false
}

pub fn dequeue(client_id: &str) {
    let mut queued = stored_outbox();
    if queued.iter().any(|a| a.client_id == client_id) {
        queued.retain(|a| a.client_id != client_id);
        save(OUTBOX_KEY, &queued);
    }
    IN_MEMORY.with_borrow_mut(|memory| memory.retain(|a| a.client_id != client_id));
}
