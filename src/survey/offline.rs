//! What the survey keeps on the device: the draft, the outbox of answers
//! waiting for a connection (the shared [`crate::outbox`]), and the receipt
//! of the delivered answer. Browser only in effect — called from effects
//! and event handlers, which do not run on the server.

use super::AnswerForm;
use crate::outbox::{Outbox, Outgoing};

pub const DRAFT_KEY: &str = "poro.survey.draft";
pub const RECEIPT_KEY: &str = "poro.survey.receipt";

/// Answers waiting to be delivered.
pub const OUTBOX: Outbox<AnswerForm> = Outbox::new("poro.survey.outbox");

impl Outgoing for AnswerForm {
    fn client_id(&self) -> &str {
        &self.client_id
    }
}
