//! The survey form's browser side. The form is the server's HTML
//! (`super::page::SurveyFields`, complete without JavaScript); this module
//! reads it, puts a draft back into it, sends it through the outbox, and
//! keeps it in step with the island's state (`super::page::Control`): the
//! picks left, each field's error, the send button, the numbers below.
//! Browser only (`hydrate`); called by `super::page::form_control` alone.

use super::answer::split_name;
use super::offline::{DRAFT_KEY, OUTBOX, RECEIPT_KEY};
use super::page::{field_aria, field_message, Control, Counts, Delivery, FIELDS};
use super::{submit_answer, AnswerForm};
use crate::domain::Receipt;
use crate::error::AppError;
use crate::i18n::{format_count, use_lang, use_texts, Lang};
use crate::outbox::{device, Sent};
use crate::ui::browser::{attr, by_id, listen, prop, set};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlFormElement};

/// Starts the form's browser side: once the island is hydrated it takes
/// over what was chosen meanwhile (a slow phone), restores what the
/// device kept, follows the connection (listeners removed with the
/// island) and sends what is queued; from then on it keeps the draft, the
/// picks and the errors in step and sends the form.
pub(super) fn control(c: Control, initial: AnswerForm) {
    let lang = use_lang();
    let t = use_texts();
    let kiosk = c.assisted.is_some();
    let Control {
        error,
        delivery,
        online,
        max_picks,
        ..
    } = c;

    // Each field's error line and marks, as the island's errors change.
    Effect::new(move |_| show_errors(&error.read(), lang));
    // Where the answer is: the form hidden once it is delivered or queued,
    // the button while it is on its way. An answer that reached the
    // server from this page counts at once in the numbers below (not one
    // restored from the device: the page's numbers already hold it).
    Effect::new(move |prev: Option<Delivery>| {
        let now = delivery.get();
        if let Some(form) = Form::find() {
            set(
                &form.0,
                "hidden",
                matches!(now, Delivery::Delivered(_) | Delivery::Queued).into(),
            );
            if let Some(button) = by_id("survey-send") {
                let sending = now == Delivery::Sending;
                let idle = if kiosk { t.kiosk_save } else { t.survey_submit };
                button.set_text_content(Some(if sending { t.survey_sending } else { idle }));
                set(&button, "disabled", sending.into());
            }
        }
        if let (Some(Delivery::Sending | Delivery::Queued), Delivery::Delivered(r)) = (&prev, &now)
        {
            count_in(c.counts, r);
        }
        now
    });

    // Once, after hydration.
    Effect::new(move |_| {
        let Some(form) = Form::find() else {
            return;
        };
        let chosen = form.read();
        let mut started = initial.clone();
        started.profile.retain(|_, option| !option.is_empty());
        let chosen_early = chosen != started;
        if !kiosk && !matches!(delivery.get_untracked(), Delivery::Delivered(_)) {
            if let Some(receipt) = device::load::<Receipt>(RECEIPT_KEY) {
                delivery.set(Delivery::Delivered(receipt));
            } else if chosen_early {
                // Newer than any draft.
                device::save(DRAFT_KEY, &chosen);
            } else if let Some(draft) = device::load::<AnswerForm>(DRAFT_KEY) {
                form.write(&draft);
            }
            online.set(device::is_online());
            let on = window_event_listener(leptos::ev::online, move |_| {
                online.set(true);
                flush(c);
            });
            let off = window_event_listener(leptos::ev::offline, move |_| online.set(false));
            on_cleanup(move || {
                on.remove();
                off.remove();
            });
            if !OUTBOX.is_empty() {
                delivery.set(Delivery::Queued);
                if device::is_online() {
                    flush(c);
                }
            }
        }
        form.show_picks(max_picks);
        // The form lives as long as the page, and its listeners with it.
        let changed = form.clone();
        listen(&form.0, "input", move |_| {
            let answer = changed.show_picks(max_picks);
            if !kiosk && !matches!(delivery.get_untracked(), Delivery::Delivered(_)) {
                device::save(DRAFT_KEY, &answer);
            }
        });
        let sent = form.clone();
        listen(&form.0, "submit", move |ev| {
            ev.prevent_default();
            submit(c, &sent);
        });
    });
}

/// Checks the form and sends it: staff entry its own way, a resident's
/// answer kept on the device first (a lost connection never loses it).
fn submit(c: Control, form: &Form) {
    let answer = form.read();
    let mistakes = c.check(&answer);
    if !mistakes.is_empty() {
        c.error.set(mistakes);
        return;
    }
    c.error.set(Vec::new());
    if let Some(assisted) = c.assisted {
        assisted.with_value(|send| send(c, answer));
        return;
    }
    c.not_kept.set(!OUTBOX.enqueue(&answer));
    if device::is_online() {
        c.delivery.set(Delivery::Sending);
        flush(c);
    } else {
        c.delivery.set(Delivery::Queued);
    }
}

/// Sends the queued answers (now, and again later while the network or
/// the server is away), showing what became of them.
fn flush(c: Control) {
    let Control {
        error, delivery, ..
    } = c;
    let on = move |sent: Sent<AnswerForm, Receipt>| match sent {
        Sent::Delivered(_, receipt) => {
            device::save(RECEIPT_KEY, &receipt);
            device::remove(DRAFT_KEY);
            delivery.set(Delivery::Delivered(receipt));
        }
        Sent::Waiting(_) => delivery.set(Delivery::Queued),
        Sent::Refused(_, err) => {
            // Refused for good (closed, invalid, conflict): say so, keep the draft.
            if let AppError::AlreadyAnswered = err {
                device::remove(DRAFT_KEY);
            }
            error.set(vec![err]);
            delivery.set(Delivery::Editing);
        }
        // Nothing left to send: never leave the button on "Sending".
        Sent::Empty => {
            if delivery.get_untracked() == Delivery::Sending {
                delivery.set(Delivery::Editing);
            }
        }
    };
    OUTBOX.flush_soon(submit_answer, on, 0);
}

/// Staff entry's answer is in (`super::kiosk`): counted below, the form
/// cleared for the next resident under a new identity.
pub(super) fn next_resident(c: Control, receipt: &Receipt, next: crate::domain::StartToken) {
    count_in(c.counts, receipt);
    if let Some(form) = Form::find() {
        form.write(&AnswerForm {
            client_id: next.client_id,
            start: next.token,
            ..AnswerForm::default()
        });
        form.show_picks(c.max_picks);
    }
}

/// Counts a delivered answer in the numbers below the form.
fn count_in(counts: StoredValue<Counts>, receipt: &Receipt) {
    counts.update_value(|counts| {
        let (total, district) = counts.count_in(receipt);
        if let Some(el) = by_id("participation-total") {
            el.set_text_content(Some(&format_count(total)));
        }
        if let Some((numeral, answers)) = district {
            if let Some(el) = by_id(&format!("count-{numeral}")) {
                el.set_text_content(Some(&format_count(answers)));
            }
        }
    });
}

/// Each field's error line (shown with its message, hidden without) and
/// its control's accessible description and invalid mark.
fn show_errors(errors: &[AppError], lang: Lang) {
    for field in FIELDS {
        let message = field_message(errors, field, lang);
        if let Some(line) = by_id(&format!("{field}-error")) {
            line.set_text_content(message.as_deref());
            set(&line, "hidden", message.is_none().into());
        }
        if let Some(control) = by_id(field) {
            let (described_by, invalid) = field_aria(field, message.is_some());
            attr(&control, "aria-describedby", described_by.as_deref());
            attr(&control, "aria-invalid", invalid);
        }
    }
}

/// The page's survey form.
#[derive(Clone)]
struct Form(HtmlFormElement);

impl Form {
    fn find() -> Option<Form> {
        document()
            .query_selector("form.survey")
            .ok()??
            .dyn_into()
            .ok()
            .map(Form)
    }

    /// The answer as the fields hold it.
    fn read(&self) -> AnswerForm {
        AnswerForm::from_fields(crate::ui::browser::form_fields(&self.0))
    }

    /// The form's controls that belong to the answer.
    fn answer_controls(&self) -> impl Iterator<Item = (Element, String)> {
        let all = self.0.elements();
        (0..all.length())
            .filter_map(move |i| all.item(i))
            .filter_map(|el| {
                let name = el.get_attribute("name")?;
                split_name(&name)?;
                Some((el, name))
            })
    }

    /// Puts `answer` into the fields (a draft, a form cleared).
    fn write(&self, answer: &AnswerForm) {
        let fields = answer.to_fields();
        let value_of = |name: &str| fields.iter().find(|(n, _)| n == name).map(|(_, v)| v);
        for (el, name) in self.answer_controls() {
            if matches!(
                el.get_attribute("type").as_deref(),
                Some("checkbox" | "radio")
            ) {
                let own = prop(&el, "value").as_string().unwrap_or_default();
                // A radio with no value is "no answer": on when none is given.
                let on = if own.is_empty() {
                    value_of(&name).is_none()
                } else {
                    fields.iter().any(|(n, v)| *n == name && *v == own)
                };
                set(&el, "checked", on.into());
            } else {
                set(&el, "value", value_of(&name).map_or("", |v| v).into());
            }
        }
    }

    /// Says how many picks are left and disables the actions that cannot
    /// be picked any more; the answer as it stands.
    fn show_picks(&self, max_picks: usize) -> AnswerForm {
        let answer = self.read();
        let full = answer.picks() >= max_picks;
        for (el, _) in self.answer_controls() {
            if el.get_attribute("type").as_deref() == Some("checkbox") {
                let on = prop(&el, "checked").is_truthy();
                set(&el, "disabled", (full && !on).into());
            }
        }
        if let Some(left) = by_id("picks-left") {
            left.set_text_content(Some(&max_picks.saturating_sub(answer.picks()).to_string()));
        }
        answer
    }
}
