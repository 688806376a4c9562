use super::offline::{DRAFT_KEY, OUTBOX, RECEIPT_KEY};
use super::{get_survey, submit_answer, AnswerForm, AssistedReceipt, RETURNED_PARAM, SUBMIT_PATH};
use crate::domain::{Id, Participation, Receipt, SurveyData, SurveyPhase};
use crate::error::{AppError, Invalid};
use crate::i18n::Lang;
use crate::i18n::{format_count, format_date_time, use_lang, use_page_texts, use_texts};
use crate::outbox::{device, Sent};
use crate::ui::{loaded, Loading};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde_tuple::{Deserialize_tuple, Serialize_tuple};

#[component]
pub fn SurveyPage() -> impl IntoView {
    let t = use_page_texts();
    let query = use_query_map().read_untracked();
    // A plain form post (JavaScript off) that came back: the error
    // (`?blad=<code>`) and the form as it was sent (`?formularz=<key>`).
    let returned_error = crate::ui::returned_error();
    let returned = query.get(RETURNED_PARAM);
    let data = Resource::new(move || returned.clone(), get_survey);
    view! {
        <Title text=t.survey_title/>
        <section class="page">
            <h1>{t.survey_title}</h1>
            <p class="lead">{t.survey_lead}</p>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || {
                    let returned_error = returned_error.clone();
                    Suspend::new(async move {
                        loaded(data.await, |d| view! { <Survey data=d returned_error kiosk=false/> })
                    })
                }}
            </Suspense>
        </section>
    }
}

/// The survey as its phase allows: the form (a resident's, or staff entry
/// at `/panel/punkt`), the closed notice, or when it opens.
#[component]
pub(crate) fn Survey(
    data: SurveyData,
    returned_error: Option<AppError>,
    kiosk: bool,
) -> impl IntoView {
    let t = use_page_texts();
    let lang = use_lang();
    let SurveyData {
        intro,
        questions,
        start,
        returned,
        participation,
        other_max_chars,
        answered,
    } = data;
    let max_picks = intro.round.max_picks.max(1) as usize;
    // A form sent back (JavaScript off): the server's error and every other
    // mistake in it, all listed at once.
    let errors = match &returned {
        Some(form) => all_errors(
            returned_error,
            check_locally(form, max_picks, other_max_chars),
        ),
        None => returned_error.into_iter().collect(),
    };
    let initial = returned.unwrap_or(AnswerForm {
        client_id: start.client_id,
        start: start.token,
        ..AnswerForm::default()
    });
    let round = intro.round;
    match intro.phase {
        SurveyPhase::Open => view! {
            <p class="round-status">
                {t.survey_open_until}" "{format_date_time(lang, &round.survey_closes_at.local)}
            </p>
            {
                let setup = FormSetup {
                    districts: intro.districts.iter().map(|d| (d.id, d.label())).collect(),
                    themes: intro.themes.into_iter().map(|th| FormTheme::of(lang, th)).collect(),
                    questions: questions.into_iter().map(|q| FormQuestion::of(lang, q)).collect(),
                    initial,
                    max_picks,
                    other_max_chars,
                    errors,
                    answered: answered.filter(|_| !kiosk),
                    counts: Counts::of(&participation),
                };
                if kiosk {
                    view! { <super::kiosk::KioskForm setup/> }.into_any()
                } else {
                    view! { <SurveyForm setup/> }.into_any()
                }
            }
        }
        .into_any(),
        SurveyPhase::Closed => view! {
            <ParticipationSummary counts=RwSignal::new(Counts::of(&participation))/>
            <p class="notice" role="status" data-testid="survey-closed">{AppError::SurveyClosed.message(lang)}</p>
            <p><a class="button" href="/wyniki">{t.survey_closed_see_results}</a></p>
        }
        .into_any(),
        SurveyPhase::NotYetOpen => view! {
            <p class="notice" role="status">
                {t.survey_not_yet_open}" "{format_date_time(lang, &round.survey_opens_at.local)}
            </p>
        }
        .into_any(),
    }
}

/// The server's error first, then the form's other mistakes, one per field.
fn all_errors(server: Option<AppError>, local: Vec<AppError>) -> Vec<AppError> {
    let mut all: Vec<AppError> = server.into_iter().collect();
    for e in local {
        if !all
            .iter()
            .any(|a| a.field().is_some() && a.field() == e.field())
        {
            all.push(e);
        }
    }
    all
}

/// Where the resident's answer is.
#[derive(Clone, Debug, PartialEq)]
enum Delivery {
    Editing,
    Sending,
    /// Saved on the device, waiting for a connection.
    Queued,
    Delivered(Receipt),
}

/// Sends the queued answers (now, and again later while the network or
/// the server is away), showing what became of them.
fn flush_outbox(delivery: RwSignal<Delivery>, error: RwSignal<Vec<AppError>>) {
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

/// What the browser can check before sending (the server checks it all
/// again): every mistake at once, in the form's order.
fn check_locally(answer: &AnswerForm, max_picks: usize, other_max: usize) -> Vec<AppError> {
    let district = answer
        .district
        .is_empty()
        .then_some(("district", Invalid::Missing));
    let actions = match answer.picks() {
        0 => Some(("actions", Invalid::Missing)),
        n if n > max_picks => Some(("actions", Invalid::TooMany)),
        _ => None,
    };
    let other = (answer.other.chars().count() > other_max).then_some(("other", Invalid::TooLong));
    [district, actions, other]
        .into_iter()
        .flatten()
        .map(|(field, reason)| AppError::invalid(field, reason))
        .collect()
}

/// What the resident already chose in the page before the island's code
/// arrived (a slow phone), when it differs from how the page started:
/// the form's fields as the browser holds them, with the page's own start
/// token and id. Read before hydration; hydration leaves the fields as
/// they are but the island's state, and all it shows, would not know.
fn chosen_before_hydration(initial: &AnswerForm) -> Option<AnswerForm> {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let found: web_sys::HtmlFormElement = document()
            .query_selector("form.survey")
            .ok()??
            .dyn_into()
            .ok()?;
        let chosen = AnswerForm {
            client_id: initial.client_id.clone(),
            start: initial.start.clone(),
            ..AnswerForm::from_fields(crate::ui::browser::form_fields(&found))
        };
        let mut started = initial.clone();
        started.profile.retain(|_, option| !option.is_empty());
        (chosen != started).then_some(chosen)
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = initial;
        None
    }
}

/// What the survey form starts from (one island prop: the resident's form
/// and staff entry read it with one piece of code). Lean, in the page's
/// language, and serialized as arrays: the props are in the page, and
/// reading them is code in every phone's download (field names cost
/// a matcher per type; measured in the README, "Per-page code").
#[derive(Clone, Debug, PartialEq, Serialize_tuple, Deserialize_tuple)]
pub(super) struct FormSetup {
    /// (id, "II Grzegórzki")
    districts: Vec<(Id, String)>,
    themes: Vec<FormTheme>,
    questions: Vec<FormQuestion>,
    /// The form as it starts: fresh, or as a plain form post returned it.
    initial: AnswerForm,
    max_picks: usize,
    other_max_chars: usize,
    /// What was wrong with a form sent back (JavaScript off).
    errors: Vec<AppError>,
    /// The receipt of this device's answer, when it has given one.
    answered: Option<Receipt>,
    counts: Counts,
}

/// A theme as the form shows it: its name and its actions (id, label).
#[derive(Clone, Debug, PartialEq, Serialize_tuple, Deserialize_tuple)]
pub(super) struct FormTheme {
    name: String,
    actions: Vec<(Id, String)>,
}

impl FormTheme {
    fn of(lang: Lang, theme: crate::domain::Theme) -> Self {
        Self {
            name: theme.name.get(lang).to_owned(),
            actions: theme
                .actions
                .into_iter()
                .map(|a| (a.id, a.label.get(lang).to_owned()))
                .collect(),
        }
    }
}

/// A profile question as the form shows it: its code, its prompt and its
/// options (code, label).
#[derive(Clone, Debug, PartialEq, Serialize_tuple, Deserialize_tuple)]
pub(super) struct FormQuestion {
    code: String,
    prompt: String,
    options: Vec<(String, String)>,
}

impl FormQuestion {
    fn of(lang: Lang, question: crate::domain::ProfileQuestion) -> Self {
        Self {
            code: question.code,
            prompt: question.prompt.get(lang).to_owned(),
            options: question
                .options
                .into_iter()
                .map(|o| (o.code, o.label.get(lang).to_owned()))
                .collect(),
        }
    }
}

/// A staff-entered answer on its way (`submit_assisted`'s future).
pub(super) type AssistedCall =
    std::pin::Pin<Box<dyn std::future::Future<Output = Result<AssistedReceipt, AppError>>>>;

/// How staff entry sends an answer: where its plain form posts, and the
/// call (`submit_assisted`). Handed in by the kiosk's own island, so a
/// resident's download, which has only [`SurveyForm`], holds no staff
/// server function; everything else is one piece of code for both (two
/// copies would split the shared code into more, smaller wasm files for
/// every island page: measured, +7 KB on `/ankieta`).
#[derive(Clone, Copy)]
pub(super) struct Assisted {
    pub action: &'static str,
    pub send: fn(AnswerForm, String) -> AssistedCall,
}

/// The resident's form: an island, so the survey page ships only this
/// code (drafts, outbox, instant checks) and the rest stays server HTML.
#[island(lazy)]
fn SurveyForm(setup: FormSetup) -> impl IntoView {
    survey_form(setup, None)
}

/// The form, for residents (`assisted` is `None`: drafts, outbox, receipt)
/// or for staff entry (no drafts or outbox; each answer sent with
/// `assisted`, the form cleared for the next resident).
pub(super) fn survey_form(setup: FormSetup, assisted: Option<Assisted>) -> impl IntoView {
    let FormSetup {
        districts,
        themes,
        questions,
        initial,
        max_picks,
        other_max_chars,
        errors,
        answered,
        counts,
    } = setup;
    let kiosk = assisted.is_some();
    crate::ui::island_live();
    let t = use_texts();
    let lang = use_lang();
    // A choice made before this code arrived (a slow phone) is taken over
    // once hydrated (the state must first match the server's HTML), and
    // wins over an older draft.
    let mut chosen_early = chosen_before_hydration(&initial);
    let form = RwSignal::new(initial.clone());
    let error = RwSignal::new(errors);
    let summary = NodeRef::<leptos::html::Div>::new();
    // The error summary takes the focus whenever it (re)appears, so a
    // screen reader and a phone's view both land on it (GOV.UK's pattern).
    Effect::new(move |_| {
        if !error.read().is_empty() {
            if let Some(el) = summary.get() {
                let _ = el.focus();
            }
        }
    });
    let participation = RwSignal::new(counts);
    // The device could not keep the answer (storage full or refused): it
    // is kept in this page's memory only, and the resident is told.
    let not_kept = RwSignal::new(false);
    let delivery = RwSignal::new(answered.map_or(Delivery::Editing, Delivery::Delivered));
    let online = RwSignal::new(true);
    let source = RwSignal::new("assisted".to_string());
    let entered = RwSignal::new(Vec::<Receipt>::new());

    // In the browser, after hydration, once per mounted form: take over
    // what was chosen meanwhile, restore what the device kept, follow the
    // connection (listeners removed when the form goes, so client-side
    // navigation never piles them up), send what is queued.
    Effect::new(move |_| {
        let typed_early = chosen_early.is_some();
        if let Some(chosen) = chosen_early.take() {
            // Newer than any draft: saved as the draft below.
            form.set(chosen);
        }
        if kiosk {
            return;
        }
        if matches!(delivery.get_untracked(), Delivery::Delivered(_)) {
            // Known to the server: nothing to restore or send.
            return;
        }
        if let Some(receipt) = device::load::<Receipt>(RECEIPT_KEY) {
            delivery.set(Delivery::Delivered(receipt));
        } else if !typed_early {
            if let Some(draft) = device::load::<AnswerForm>(DRAFT_KEY) {
                form.set(draft);
            }
        }
        online.set(device::is_online());
        let on = window_event_listener(leptos::ev::online, move |_| {
            online.set(true);
            flush_outbox(delivery, error);
        });
        let off = window_event_listener(leptos::ev::offline, move |_| online.set(false));
        on_cleanup(move || {
            on.remove();
            off.remove();
        });
        if !OUTBOX.is_empty() {
            delivery.set(Delivery::Queued);
            if device::is_online() {
                flush_outbox(delivery, error);
            }
        }
    });
    // An answer that reached the server from this page counts at once in
    // the numbers below the form (not one restored from the device: the
    // page's numbers already hold it).
    Effect::new(move |prev: Option<Delivery>| {
        let now = delivery.get();
        if let (Some(Delivery::Sending | Delivery::Queued), Delivery::Delivered(r)) = (&prev, &now)
        {
            count_in(participation, r);
        }
        now
    });
    // …then save the draft on every change.
    Effect::new(move |_| {
        let current = form.get();
        if !kiosk && !matches!(delivery.get_untracked(), Delivery::Delivered(_)) {
            device::save(DRAFT_KEY, &current);
        }
    });

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let answer = form.get_untracked();
        let mistakes = check_locally(&answer, max_picks, other_max_chars);
        if !mistakes.is_empty() {
            error.set(mistakes);
            return;
        }
        error.set(Vec::new());
        if let Some(Assisted { send, .. }) = assisted {
            delivery.set(Delivery::Sending);
            spawn_local(async move {
                match send(answer, source.get_untracked()).await {
                    Ok(done) => {
                        count_in(participation, &done.receipt);
                        entered.update(|list| list.insert(0, done.receipt));
                        form.set(AnswerForm {
                            client_id: done.next.client_id,
                            start: done.next.token,
                            ..AnswerForm::default()
                        });
                    }
                    Err(err) => error.set(vec![err]),
                }
                delivery.set(Delivery::Editing);
            });
            return;
        }
        // Kept on the device first: a lost connection never loses the answer.
        not_kept.set(!OUTBOX.enqueue(&answer));
        if device::is_online() {
            delivery.set(Delivery::Sending);
            flush_outbox(delivery, error);
        } else {
            delivery.set(Delivery::Queued);
        }
    };

    let field_error = move |field: &'static str| {
        move || {
            error
                .read()
                .iter()
                .find(|e| e.field() == Some(field))
                .map(|e| view! { <p class="field-error" id=format!("{field}-error")>{e.message(lang)}</p> })
        }
    };
    // The id of a field's error message while there is one (aria-describedby).
    let error_ref = move |field: &'static str| {
        move || {
            error
                .read()
                .iter()
                .any(|e| e.field() == Some(field))
                .then(|| format!("{field}-error"))
        }
    };
    // Every mistake at once, at the top, each linked to its field (GOV.UK's
    // error summary); focused when it appears. Without JavaScript the
    // browser focuses it (`autofocus`) on the page the server sent back.
    let error_summary = move || {
        (!error.read().is_empty()).then(|| view! {
            <div class="error-summary" role="alert" tabindex="-1" autofocus node_ref=summary
                data-testid="error-summary" aria-labelledby="error-summary-title">
                <h2 id="error-summary-title">{t.survey_fix_first}</h2>
                <ul>
                    {error.get().into_iter().map(|e| {
                        let message = e.message(lang);
                        match e.field().filter(|f| FIELDS.contains(f)) {
                            Some(field) => view! { <li><a href=format!("#{field}")>{message}</a></li> }.into_any(),
                            None => view! { <li data-testid="form-error">{message}</li> }.into_any(),
                        }
                    }).collect_view()}
                </ul>
            </div>
        })
    };
    let picks_left = move || max_picks.saturating_sub(form.read().picks());
    let hidden = move || matches!(delivery.get(), Delivery::Delivered(_) | Delivery::Queued);

    view! {
        // What only the script does (the connection status, the draft kept
        // on the device) shows only once it runs (`js-only`: hidden until
        // the page is hydrated), never with JavaScript off. A stylesheet
        // rule, not a signal: it costs the island's WebAssembly nothing.
        <p class="connection js-only" role="status" data-testid="connection"
            class:offline=move || !online.get()>
            {move || if online.get() { t.online } else { t.offline }}
        </p>
        {move || match delivery.get() {
            Delivery::Delivered(receipt) => view! {
                <div class="notice notice-ok" role="status" data-testid="receipt">
                    <p><strong>{t.survey_thanks}</strong></p>
                    <p>{t.survey_receipt_code}" "<strong class="receipt-code">{receipt.code.clone()}</strong></p>
                    <p><a href=format!("/ankieta/potwierdzenie/{}", receipt.code)>{t.survey_receipt_check}</a></p>
                </div>
            }.into_any(),
            Delivery::Queued => view! {
                <p class="notice" role="status" data-testid="queued">{t.survey_queued}</p>
            }.into_any(),
            _ => ().into_any(),
        }}
        {move || (not_kept.get() && !matches!(delivery.get(), Delivery::Delivered(_))).then(|| view! {
            <p class="notice notice-error" role="alert" data-testid="not-kept">{t.survey_not_kept}</p>
        })}
        {error_summary}
        {kiosk.then(|| view! {
            <div aria-live="polite" data-testid="kiosk-receipts">
                {move || (!entered.read().is_empty()).then(|| view! {
                    <h2>{t.kiosk_entered}": "{entered.read().len()}</h2>
                    <ul>
                        {entered.get().into_iter().map(|r| view! { <li>{r.code}" — "{r.district}</li> }).collect_view()}
                    </ul>
                })}
            </div>
        })}
        <form method="post" action=assisted.map_or(SUBMIT_PATH, |a| a.action)
            on:submit=on_submit class="survey" novalidate hidden=hidden>
            {kiosk.then(|| view! {
                <label for="source">{t.kiosk_source}</label>
                <select id="source" name="source" prop:value=move || source.get()
                    on:change=move |ev| source.set(event_target_value(&ev))>
                    <option value="assisted">{t.source_assisted}</option>
                    <option value="paper">{t.source_paper}</option>
                </select>
            })}
            <input type="hidden" name="answer[client_id]" value=initial.client_id.clone()
                prop:value=move || form.read().client_id.clone()/>
            <input type="hidden" name="answer[start]" value=initial.start.clone()
                prop:value=move || form.read().start.clone()/>
            {(!kiosk).then(|| view! {
                <p class="hint js-only" data-testid="draft-note">{t.survey_draft_note}</p>
            })}

            <label for="district">{t.survey_district}</label>
            <select id="district" name="answer[district]" required
                aria-describedby=error_ref("district")
                aria-invalid=move || error_ref("district")().map(|_| "true")
                prop:value=move || form.read().district.clone()
                on:change=move |ev| form.update(|f| f.district = event_target_value(&ev))>
                <option value="">{t.survey_district_hint}</option>
                {districts.into_iter().map(|(id, label)| {
                    let value = id.to_string();
                    view! {
                        <option selected=initial.district == value value=value.clone()>{label}</option>
                    }
                }).collect_view()}
            </select>
            {field_error("district")}

            <fieldset class="actions" id="actions" tabindex="-1" aria-describedby=error_ref("actions")>
                <legend>{t.survey_actions_legend}</legend>
                <p>{t.survey_max_picks}" "{max_picks}"."</p>
                <p class="picks-left" aria-live="polite" data-testid="picks-left">
                    {t.survey_picks_left}" "{picks_left}
                </p>
                {field_error("actions")}
                {themes.into_iter().map(|theme| view! {
                    <fieldset class="theme">
                        <legend>{theme.name}</legend>
                        {theme.actions.into_iter().map(|(id, label)| {
                            view! {
                                <div class="check">
                                    <input type="checkbox" id=format!("action-{id}")
                                        name=format!("answer[actions][{id}]") value=id.to_string()
                                        checked=initial.has_action(id)
                                        prop:checked=move || form.read().has_action(id)
                                        prop:disabled=move || {
                                            let f = form.read();
                                            !f.has_action(id) && f.picks() >= max_picks
                                        }
                                        on:change=move |ev| form.update(|f| f.toggle_action(id, event_target_checked(&ev)))/>
                                    <label for=format!("action-{id}")>{label}</label>
                                </div>
                            }
                        }).collect_view()}
                    </fieldset>
                }).collect_view()}
            </fieldset>

            <label for="other">{t.survey_other}</label>
            <p class="hint" id="other-hint">{t.survey_other_hint}</p>
            <textarea id="other" name="answer[other]" rows="4" maxlength=other_max_chars.to_string()
                aria-describedby=move || match error_ref("other")() {
                    Some(e) => format!("other-hint {e}"),
                    None => "other-hint".to_owned(),
                }
                aria-invalid=move || error_ref("other")().map(|_| "true")
                prop:value=move || form.read().other.clone()
                on:input=move |ev| form.update(|f| f.other = event_target_value(&ev))
                // The returned text, escaped by us (see `escape_html`); a
                // leading newline would be eaten by the HTML parser.
                inner_html=format!(
                    "{}{}",
                    if initial.other.starts_with('\n') { "\n" } else { "" },
                    crate::ui::escape_html(&initial.other)
                )></textarea>
            {field_error("other")}

            <fieldset class="profile" id="profile" tabindex="-1">
                <legend>{t.survey_profile}</legend>
                <p class="hint">{t.survey_profile_hint}</p>
                {questions.into_iter().map(|q| {
                    let code = q.code.clone();
                    let none_id = format!("profile-{code}-none");
                    let none_code = code.clone();
                    view! {
                        <fieldset class="question">
                            <legend>{q.prompt}</legend>
                            {q.options.into_iter().map(|(option, label)| {
                                let id = format!("profile-{code}-{option}");
                                let (code_c, opt_c) = (code.clone(), option.clone());
                                let (code_s, opt_s) = (code.clone(), option.clone());
                                view! {
                                    <div class="check">
                                        <input type="radio" id=id.clone() name=format!("answer[profile][{code}]")
                                            value=option.clone()
                                            checked=initial.profile.get(&code) == Some(&option)
                                            prop:checked=move || form.read().profile.get(&code_c) == Some(&opt_c)
                                            on:change=move |_| form.update(|f| { f.profile.insert(code_s.clone(), opt_s.clone()); })/>
                                        <label for=id>{label}</label>
                                    </div>
                                }
                            }).collect_view()}
                            <div class="check">
                                <input type="radio" id=none_id.clone() name=format!("answer[profile][{code}]") value=""
                                    on:change=move |_| form.update(|f| { f.profile.remove(&none_code); })/>
                                <label for=none_id>{t.survey_no_answer}</label>
                            </div>
                        </fieldset>
                    }
                }).collect_view()}
                {field_error("profile")}
            </fieldset>

            <button type="submit" prop:disabled=move || delivery.get() == Delivery::Sending>
                {move || if delivery.get() == Delivery::Sending {
                    t.survey_sending
                } else if kiosk {
                    t.kiosk_save
                } else {
                    t.survey_submit
                }}
            </button>
        </form>
        <ParticipationSummary counts=participation/>
    }
}

/// The form's fields an error can point at (their elements' ids).
const FIELDS: [&str; 4] = ["district", "actions", "other", "profile"];

/// Participation as the survey page shows it: the total, and per district
/// its numeral, label and answers (lean: the island's props are in the
/// page and its code in every phone's download).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
struct Counts(i64, Vec<(String, String, i64)>);

impl Counts {
    fn of(p: &Participation) -> Self {
        Counts(
            p.total,
            p.districts
                .iter()
                .map(|d| (d.district.numeral.clone(), d.district.label(), d.answers))
                .collect(),
        )
    }
}

/// Counts a delivered answer in the page's participation numbers.
fn count_in(counts: RwSignal<Counts>, receipt: &Receipt) {
    counts.update(|Counts(total, districts)| {
        *total += 1;
        if let Some(d) = districts
            .iter_mut()
            .find(|d| d.0 == receipt.district_numeral)
        {
            d.2 += 1;
        }
    });
}

#[component]
fn ParticipationSummary(counts: RwSignal<Counts>) -> impl IntoView {
    let t = use_texts();
    view! {
        <section class="participation" aria-labelledby="participation-title">
            <h2 id="participation-title">
                {t.survey_answers_so_far}" "
                <span data-testid="participation-total">{move || format_count(counts.read().0)}</span>
            </h2>
            <ul class="district-counts">
                {counts.read_untracked().1.iter().enumerate().map(|(i, (numeral, label, _))| view! {
                    <li>
                        {label.clone()}": "
                        <span data-testid=format!("count-{numeral}")>
                            {move || counts.read().1.get(i).map(|d| format_count(d.2))}
                        </span>
                    </li>
                }).collect_view()}
            </ul>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_form_has_every_mistake_listed_in_the_forms_order() {
        let empty = AnswerForm::default();
        let fields: Vec<_> = check_locally(&empty, 3, 10)
            .iter()
            .map(|e| e.field().map(str::to_owned))
            .collect();
        assert_eq!(
            fields,
            [Some("district".to_owned()), Some("actions".to_owned())]
        );
        let mut long = AnswerForm {
            district: "1".into(),
            other: "x".repeat(11),
            ..AnswerForm::default()
        };
        long.toggle_action(1, true);
        assert_eq!(
            check_locally(&long, 3, 10),
            [AppError::invalid("other", Invalid::TooLong)]
        );
    }

    #[test]
    fn the_servers_error_comes_first_and_a_field_is_named_once() {
        let server = AppError::invalid("district", Invalid::Unknown);
        let local = vec![
            AppError::invalid("district", Invalid::Missing),
            AppError::invalid("actions", Invalid::Missing),
        ];
        assert_eq!(
            all_errors(Some(server.clone()), local.clone()),
            [server, AppError::invalid("actions", Invalid::Missing)]
        );
        assert_eq!(
            all_errors(Some(AppError::RateLimited), local.clone())[1..],
            local[..]
        );
    }
}
