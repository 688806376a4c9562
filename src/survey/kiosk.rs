//! `/panel/punkt`: staff (moderators and admins, checked on the server)
//! enter answers given at stationary points or on paper, many from one
//! device. The form is the survey's (`page::survey_form`); this island only
//! adds how staff send an answer, so no staff server function reaches a
//! resident's phone.

use super::page::{survey_form, Assisted, AssistedCall, FormSetup, Survey};
use super::{get_kiosk, submit_assisted, AnswerForm};
use crate::i18n::use_page_texts;
use crate::ui::suspended;
use leptos::prelude::*;
use leptos_meta::Title;

/// The island's name in the split build's manifest: the code only staff
/// islands use is left out of the service worker's precache on residents'
/// phones.
pub const ISLAND: &str = "kiosk_form";

#[component]
pub fn KioskPage() -> impl IntoView {
    let t = use_page_texts();
    let data = Resource::new(|| (), |_| get_kiosk());
    view! {
        <Title text=t.kiosk_title/>
        <section class="page">
            <h1>{t.kiosk_title}</h1>
            <p class="lead">{t.kiosk_lead}</p>
            {suspended(data, |d| view! { <Survey data=d returned_error=None kiosk=true/> })}
        </section>
    }
}

/// Staff entry's island: the survey form, sending with `submit_assisted`.
#[island(lazy)]
pub(super) fn KioskForm(setup: FormSetup) -> impl IntoView {
    survey_form(
        setup,
        Some(Assisted {
            action: super::submit_assisted::ASSISTED_PATH,
            send: send_assisted,
        }),
    )
}

fn send_assisted(answer: AnswerForm, source: String) -> AssistedCall {
    Box::pin(submit_assisted(answer, source))
}
