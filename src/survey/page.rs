//! `/ankieta`: the survey form (server HTML that works without JavaScript)
//! and its island, which keeps drafts and the outbox and checks answers
//! before they are sent; also what staff entry (`super::kiosk`) shares.

use super::{get_survey, AnswerForm, RETURNED_PARAM, SUBMIT_PATH};
use crate::domain::{Id, Participation, Receipt, SurveyData, SurveyPhase};
use crate::error::{AppError, Invalid};
use crate::i18n::{format_count, format_date_time, use_lang, use_page_texts, use_texts, Lang};
use crate::ui::{loaded, Loading};
use leptos::prelude::*;
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
        SurveyPhase::Open => {
            let answered = answered.filter(|_| !kiosk);
            let fields = view! {
                <SurveyFields
                    districts=intro.districts.iter().map(|d| (d.id, d.label())).collect()
                    themes=intro.themes
                    questions
                    initial=initial.clone()
                    max_picks
                    other_max_chars
                    errors=errors.clone()
                    hidden=answered.is_some()
                    kiosk
                />
            };
            let setup = FormSetup {
                initial,
                max_picks,
                other_max_chars,
                errors,
                answered,
                counts: Counts::of(&participation),
            };
            view! {
                <p class="round-status">
                    {t.survey_open_until}" "{format_date_time(lang, &round.survey_closes_at.local)}
                </p>
                {if kiosk {
                    view! { <super::kiosk::KioskForm setup/> }.into_any()
                } else {
                    view! { <SurveyForm setup/> }.into_any()
                }}
                {fields}
                <ParticipationSummary participation/>
            }
            .into_any()
        }
        SurveyPhase::Closed => view! {
            <ParticipationSummary participation/>
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

/// The form's fields an error can point at (their elements' ids).
pub(super) const FIELDS: [&str; 4] = ["district", "actions", "other", "profile"];

/// The message of the error on `field`, if there is one (the server's
/// HTML and the browser's error lines show the same).
pub(super) fn field_message(errors: &[AppError], field: &str, lang: Lang) -> Option<String> {
    errors
        .iter()
        .find(|e| e.field() == Some(field))
        .map(|e| e.message(lang))
}

/// A field's accessible description and invalid mark, with or without an
/// error on it: one rule for the server's HTML and for the browser.
pub(super) fn field_aria(field: &str, has_error: bool) -> (Option<String>, Option<&'static str>) {
    let own = has_error.then(|| format!("{field}-error"));
    match field {
        "other" => (
            Some(own.map_or("other-hint".to_owned(), |e| format!("other-hint {e}"))),
            has_error.then_some("true"),
        ),
        "district" => (own, has_error.then_some("true")),
        _ => (own, None),
    }
}

/// The survey form as the server draws it: complete, and all there is
/// with JavaScript off (it posts to [`SUBMIT_PATH`], or staff entry's
/// path). With JavaScript the island next to it ([`SurveyForm`]) takes
/// over the fields as they are (the island ships no markup of its own for
/// them: the form's fixed text is in the page once, not again in code).
/// Each field has its error line, hidden while there is none, for the
/// island to fill in.
#[component]
fn SurveyFields(
    districts: Vec<(Id, String)>,
    themes: Vec<crate::domain::Theme>,
    questions: Vec<crate::domain::ProfileQuestion>,
    initial: AnswerForm,
    max_picks: usize,
    other_max_chars: usize,
    errors: Vec<AppError>,
    /// This device has answered: the island shows the receipt instead.
    hidden: bool,
    kiosk: bool,
) -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let message = |field: &str| field_message(&errors, field, lang);
    let field_error = |field: &'static str| {
        let text = message(field);
        let hidden = text.is_none();
        view! { <p class="field-error" id=format!("{field}-error") hidden=hidden>{text}</p> }
    };
    let aria = |field: &'static str| field_aria(field, message(field).is_some());
    let (district_describedby, district_invalid) = aria("district");
    let (actions_describedby, _) = aria("actions");
    let (other_describedby, other_invalid) = aria("other");
    let action = if kiosk {
        super::submit_assisted::ASSISTED_PATH
    } else {
        SUBMIT_PATH
    };
    view! {
        <form method="post" action=action class="survey" novalidate hidden=hidden>
            {kiosk.then(|| view! {
                <label for="source">{t.kiosk_source}</label>
                <select id="source" name="source">
                    <option value="assisted">{t.source_assisted}</option>
                    <option value="paper">{t.source_paper}</option>
                </select>
            })}
            <input type="hidden" name="answer[client_id]" value=initial.client_id.clone()/>
            <input type="hidden" name="answer[start]" value=initial.start.clone()/>
            {(!kiosk).then(|| view! {
                <p class="hint js-only" data-testid="draft-note">{t.survey_draft_note}</p>
            })}

            <label for="district">{t.survey_district}</label>
            <select id="district" name="answer[district]" required
                aria-describedby=district_describedby aria-invalid=district_invalid>
                <option value="">{t.survey_district_hint}</option>
                {districts.into_iter().map(|(id, label)| {
                    let value = id.to_string();
                    view! { <option selected=initial.district == value value=value>{label}</option> }
                }).collect_view()}
            </select>
            {field_error("district")}

            <fieldset class="actions" id="actions" tabindex="-1" aria-describedby=actions_describedby>
                <legend>{t.survey_actions_legend}</legend>
                <p>{t.survey_max_picks}" "{max_picks}"."</p>
                <p class="picks-left" aria-live="polite" data-testid="picks-left">
                    {t.survey_picks_left}" "
                    <span id="picks-left">{max_picks.saturating_sub(initial.picks())}</span>
                </p>
                {field_error("actions")}
                {themes.into_iter().map(|theme| view! {
                    <fieldset class="theme">
                        <legend>{theme.name.get(lang).to_owned()}</legend>
                        {theme.actions.into_iter().map(|a| {
                            let id = a.id;
                            view! {
                                <div class="check">
                                    <input type="checkbox" id=format!("action-{id}")
                                        name=format!("answer[actions][{id}]") value=id.to_string()
                                        checked=initial.has_action(id)/>
                                    <label for=format!("action-{id}")>{a.label.get(lang).to_owned()}</label>
                                </div>
                            }
                        }).collect_view()}
                    </fieldset>
                }).collect_view()}
            </fieldset>

            <label for="other">{t.survey_other}</label>
            <p class="hint" id="other-hint">{t.survey_other_hint}</p>
            <textarea id="other" name="answer[other]" rows="4" maxlength=other_max_chars.to_string()
                aria-describedby=other_describedby aria-invalid=other_invalid
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
                    let code = q.code;
                    let chosen = initial.profile.get(&code).cloned().unwrap_or_default();
                    let none_id = format!("profile-{code}-none");
                    view! {
                        <fieldset class="question">
                            <legend>{q.prompt.get(lang).to_owned()}</legend>
                            {q.options.into_iter().map(|o| {
                                let id = format!("profile-{code}-{}", o.code);
                                view! {
                                    <div class="check">
                                        <input type="radio" id=id.clone() name=format!("answer[profile][{code}]")
                                            value=o.code.clone() checked=chosen == o.code/>
                                        <label for=id>{o.label.get(lang).to_owned()}</label>
                                    </div>
                                }
                            }).collect_view()}
                            <div class="check">
                                <input type="radio" id=none_id.clone() name=format!("answer[profile][{code}]") value=""/>
                                <label for=none_id>{t.survey_no_answer}</label>
                            </div>
                        </fieldset>
                    }
                }).collect_view()}
                {field_error("profile")}
            </fieldset>

            <button type="submit" id="survey-send">
                {if kiosk { t.kiosk_save } else { t.survey_submit }}
            </button>
        </form>
    }
}

/// Where the resident's answer is.
// Sent, queued and counted by the browser side only (`super::form_dom`).
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Delivery {
    Editing,
    Sending,
    /// Saved on the device, waiting for a connection.
    Queued,
    Delivered(Receipt),
}

/// What the survey's island starts from (one prop: the resident's form and
/// staff entry read it with one piece of code). Lean, and serialized as an
/// array: the props are in the page, and reading them is code in every
/// phone's download (measured in the README, "Per-page code"). The form's
/// fields are not here: they are the server's HTML ([`SurveyFields`]).
#[derive(Clone, Debug, PartialEq, Serialize_tuple, Deserialize_tuple)]
pub(super) struct FormSetup {
    /// The form as the page starts it: fresh, or as a plain form post
    /// returned it (a choice made before the island arrived differs).
    pub initial: AnswerForm,
    pub max_picks: usize,
    pub other_max_chars: usize,
    /// What was wrong with a form sent back (JavaScript off).
    pub errors: Vec<AppError>,
    /// The receipt of this device's answer, when it has given one.
    pub answered: Option<Receipt>,
    pub counts: Counts,
}

/// How staff entry sends a checked answer (`super::kiosk`): at once, then
/// the form cleared for the next resident. Handed in by the kiosk's own
/// island, so a resident's download, which has only [`SurveyForm`], holds
/// neither the staff server function nor staff entry's own code; the rest
/// is one piece of code for both (two copies would split the shared code
/// into more, smaller wasm files for every island page: measured, +7 KB
/// on `/ankieta`). `Send + Sync`: the server draws a page on one worker thread and may
/// clean it up on another (a thread-local value there panics).
pub(super) type Assisted = StoredValue<Box<dyn Fn(Control, AnswerForm) + Send + Sync>>;

/// The resident's form: an island, so the survey page ships only this
/// code (drafts, outbox, instant checks) and the rest stays server HTML.
#[island(lazy)]
fn SurveyForm(setup: FormSetup) -> impl IntoView {
    form_control(setup, None)
}

/// The island beside the server's form, for residents (`assisted` is
/// `None`: drafts, outbox, receipt) or for staff entry (no drafts or
/// outbox; each answer sent with `assisted`). It draws what only it
/// knows — the connection, where the answer is, the error summary — and
/// keeps the form
/// in step ([`super::form_dom`]: the draft, the picks left, each field's
/// error, the send button).
pub(super) fn form_control(setup: FormSetup, assisted: Option<Assisted>) -> impl IntoView {
    let FormSetup {
        initial,
        max_picks,
        other_max_chars,
        errors,
        answered,
        counts,
    } = setup;
    crate::ui::island_live();
    let t = use_texts();
    let lang = use_lang();
    let control = Control {
        error: RwSignal::new(errors),
        // The device could not keep the answer (storage full or refused):
        // it is kept in this page's memory only, and the resident is told.
        not_kept: RwSignal::new(false),
        delivery: RwSignal::new(answered.map_or(Delivery::Editing, Delivery::Delivered)),
        online: RwSignal::new(true),
        counts: StoredValue::new(counts),
        max_picks,
        other_max_chars,
        assisted,
    };
    let Control {
        error,
        not_kept,
        delivery,
        online,
        ..
    } = control;
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
    #[cfg(feature = "hydrate")]
    super::form_dom::control(control, initial);
    #[cfg(not(feature = "hydrate"))]
    let _ = (initial, control.counts);

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
    }
}

/// The island's state, which its view shows and the browser side
/// ([`super::form_dom`]) changes.
// Sent, queued and counted by the browser side only (`super::form_dom`).
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
#[derive(Clone, Copy)]
pub(super) struct Control {
    pub error: RwSignal<Vec<AppError>>,
    pub not_kept: RwSignal<bool>,
    pub delivery: RwSignal<Delivery>,
    pub online: RwSignal<bool>,
    /// The participation numbers below the form, as the page has them.
    pub counts: StoredValue<Counts>,
    pub max_picks: usize,
    pub other_max_chars: usize,
    pub assisted: Option<Assisted>,
}

// Sent, queued and counted by the browser side only (`super::form_dom`).
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
impl Control {
    /// What the browser finds wrong with `answer` before sending it.
    pub fn check(&self, answer: &AnswerForm) -> Vec<AppError> {
        check_locally(answer, self.max_picks, self.other_max_chars)
    }
}

/// Participation as the island counts it on: the total, and per district
/// its numeral and answers (the server draws the rest).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(super) struct Counts(pub i64, pub Vec<(String, i64)>);

// Sent, queued and counted by the browser side only (`super::form_dom`).
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
impl Counts {
    fn of(p: &Participation) -> Self {
        Counts(
            p.total,
            p.districts
                .iter()
                .map(|d| (d.district.numeral.clone(), d.answers))
                .collect(),
        )
    }

    /// Counts a delivered answer in: the new total and its district's
    /// (numeral, answers), when the page lists it.
    pub fn count_in(&mut self, receipt: &Receipt) -> (i64, Option<(String, i64)>) {
        self.0 += 1;
        let district = self
            .1
            .iter_mut()
            .find(|d| d.0 == receipt.district_numeral)
            .map(|d| {
                d.1 += 1;
                d.clone()
            });
        (self.0, district)
    }
}

/// Participation so far, below the form (the island counts a delivered
/// answer in: `participation-total`, `count-<numeral>`).
#[component]
fn ParticipationSummary(participation: Participation) -> impl IntoView {
    let t = use_texts();
    view! {
        <section class="participation" aria-labelledby="participation-title">
            <h2 id="participation-title">
                {t.survey_answers_so_far}" "
                <span id="participation-total" data-testid="participation-total">{format_count(participation.total)}</span>
            </h2>
            <ul class="district-counts">
                {participation.districts.into_iter().map(|d| {
                    let numeral = d.district.numeral.clone();
                    view! {
                        <li>
                            {d.district.label()}": "
                            <span id=format!("count-{numeral}") data-testid=format!("count-{numeral}")>
                                {format_count(d.answers)}
                            </span>
                        </li>
                    }
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
    fn a_fields_marks_follow_its_error() {
        assert_eq!(field_aria("district", false), (None, None));
        assert_eq!(
            field_aria("district", true),
            (Some("district-error".to_owned()), Some("true"))
        );
        // The hint stays in the description, the error joins it.
        assert_eq!(
            field_aria("other", false),
            (Some("other-hint".to_owned()), None)
        );
        assert_eq!(
            field_aria("other", true),
            (Some("other-hint other-error".to_owned()), Some("true"))
        );
        assert_eq!(
            field_aria("actions", true),
            (Some("actions-error".to_owned()), None)
        );
    }

    #[test]
    fn a_delivered_answer_counts_in_its_district_and_the_total() {
        let mut counts = Counts(7, vec![("I".into(), 3), ("II".into(), 4)]);
        let receipt = |numeral: &str| Receipt {
            code: "ABCDE-FGHIJ".into(),
            district: String::new(),
            district_numeral: numeral.into(),
            submitted_on: "2028-03-01".into(),
            source: crate::domain::AnswerSource::Online,
        };
        assert_eq!(counts.count_in(&receipt("II")), (8, Some(("II".into(), 5))));
        // A receipt kept before it named its district still counts in the total.
        assert_eq!(counts.count_in(&receipt("")), (9, None));
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
