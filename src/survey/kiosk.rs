//! `/panel/punkt`: staff (moderators and admins, checked on the server)
//! enter answers given at stationary points or on paper, many from one
//! device. The form is the survey's (`page::form_control`); this island only
//! adds how staff send an answer, so no staff server function reaches a
//! resident's phone.

use super::page::{form_control, Assisted, Control, Delivery, FormSetup, Survey};
use super::{get_kiosk, AnswerForm};
use crate::domain::Receipt;
use crate::i18n::{use_page_texts, use_texts};
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

/// Staff entry's island: the survey form, each answer sent with
/// `submit_assisted` at once, and the answers entered from this page.
#[island(lazy)]
pub(super) fn KioskForm(setup: FormSetup) -> impl IntoView {
    let t = use_texts();
    let entered = RwSignal::new(Vec::<Receipt>::new());
    let send = move |c: Control, answer: AnswerForm| {
        c.delivery.set(Delivery::Sending);
        #[cfg(feature = "hydrate")]
        {
            let source = crate::ui::browser::by_id("source")
                .and_then(|el| crate::ui::browser::prop(&el, "value").as_string())
                .unwrap_or_default();
            leptos::task::spawn_local(async move {
                match super::submit_assisted(answer, source).await {
                    Ok(done) => {
                        super::form_dom::next_resident(c, &done.receipt, done.next);
                        entered.update(|list| list.insert(0, done.receipt));
                    }
                    Err(err) => c.error.set(vec![err]),
                }
                c.delivery.set(Delivery::Editing);
            });
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = answer;
    };
    let assisted: Assisted = StoredValue::new(Box::new(send));
    view! {
        {form_control(setup, Some(assisted))}
        <div aria-live="polite" data-testid="kiosk-receipts">
            {move || (!entered.read().is_empty()).then(|| view! {
                <h2>{t.kiosk_entered}": "{entered.read().len()}</h2>
                <ul>
                    {entered.get().into_iter().map(|r| view! { <li>{r.code}" — "{r.district}</li> }).collect_view()}
                </ul>
            })}
        </div>
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::super::page::{Counts, FormSetup};
    use super::*;

    /// A page is drawn by whichever worker thread polls its stream, and its
    /// reactive owner is cleaned up by whichever polls it last: what the
    /// island keeps must be safe to drop on another thread. (It was not:
    /// the kiosk's send function was thread-local, and a cleanup on another
    /// worker panicked and cut the page off — seen once in CI as an empty
    /// response for `/panel/punkt`.)
    #[test]
    fn the_kiosk_form_can_be_cleaned_up_on_another_thread() {
        let owner = Owner::new();
        let page = owner.with(|| {
            let setup = FormSetup {
                initial: AnswerForm::default(),
                max_picks: 3,
                other_max_chars: 500,
                errors: Vec::new(),
                answered: None,
                counts: Counts(0, Vec::new()),
            };
            view! { <KioskForm setup/> }
        });
        let elsewhere = std::thread::spawn(move || {
            let html = owner.with(|| page.to_html());
            owner.unset_with_forced_cleanup();
            html
        });
        let html = elsewhere
            .join()
            .expect("cleaning up on another thread panicked");
        assert!(html.contains("kiosk-receipts"), "{html}");
    }
}
