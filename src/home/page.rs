use super::get_overview;
use crate::domain::{Id, MeetingStatus, Overview, SurveyPhase};
use crate::i18n::{count_of, format_count, format_date_time, use_lang, use_page_texts, use_texts};
use crate::meetings::{StatusBadge, StatusNotice};
use crate::ui::{suspended, MeetingWhenWhere, WhenWhere, WhenWhereText};
use leptos::prelude::*;
use leptos_meta::Title;
use serde_tuple::{Deserialize_tuple, Serialize_tuple};

#[component]
pub fn HomePage() -> impl IntoView {
    let t = use_page_texts();
    let overview = Resource::new(|| (), |_| get_overview());
    // `/?dzielnica=<id>`: the picker sent as a plain form (JavaScript off).
    let chosen = leptos_router::hooks::use_query_map()
        .read_untracked()
        .get("dzielnica")
        .and_then(|v| v.parse::<Id>().ok());
    view! {
        <Title text=t.home_title/>
        {suspended(overview, move |o| view! { <Home overview=o chosen/> })}
    }
}

#[component]
fn Home(overview: Overview, chosen: Option<Id>) -> impl IntoView {
    let t = use_texts();
    let pt = t.page();
    let lang = use_lang();
    let Overview {
        round,
        phase,
        districts,
        meetings,
        next_meeting,
        participation,
    } = overview;
    let status = match phase {
        SurveyPhase::Open => format!(
            "{} {}",
            pt.survey_open_until,
            format_date_time(lang, &round.survey_closes_at.local)
        ),
        SurveyPhase::NotYetOpen => format!(
            "{} {}",
            pt.survey_not_yet_open,
            format_date_time(lang, &round.survey_opens_at.local)
        ),
        SurveyPhase::Closed => pt.survey_closed.to_string(),
    };
    let (cta_href, cta_text) = match phase {
        SurveyPhase::Closed => ("/wyniki", pt.see_results),
        _ => ("/ankieta", pt.take_survey),
    };
    view! {
        <section class="hero" aria-labelledby="home-title">
            <h1 id="home-title">{pt.home_title}</h1>
            <p class="lead">{pt.home_lead}</p>
            <p class="round-name">{round.name}</p>
            <p class="round-status" data-testid="round-status">{status}</p>
            <p class="participation-total">
                {t.survey_answers_so_far}" "
                <strong data-testid="home-participation">{format_count(participation.total)}</strong>
            </p>
            <p><a class="button" href=cta_href>{cta_text}</a></p>
            <p><a href="/latwy-tekst" data-testid="easy-read">{crate::about::texts::texts(lang).easy_home}</a></p>
        </section>

        <section class="card" aria-labelledby="next-meeting-title" data-testid="next-meeting">
            <h2 id="next-meeting-title">{pt.next_meeting}</h2>
            {match next_meeting {
                Some(m) => view! {
                    <p class="meeting-district">
                        <a href=format!("/spotkania/{}", m.id)>{m.district.label()}</a>
                        " "<StatusBadge status=m.status/>
                    </p>
                    <StatusNotice meeting=m.clone()/>
                    <MeetingWhenWhere meeting=m/>
                }.into_any(),
                None => view! { <p>{pt.no_upcoming_meeting}</p> }.into_any(),
            }}
        </section>

        <DistrictPicker choices=picker_choices(lang, &districts, meetings) initial=chosen/>

        <section aria-labelledby="how-title">
            <h2 id="how-title">{pt.home_how_title}</h2>
            <ol class="steps">
                {pt.home_how_steps.iter().map(|s| view! { <li>{*s}</li> }).collect_view()}
            </ol>
        </section>

        <section aria-labelledby="districts-title">
            <h2 id="districts-title">{pt.districts_title}</h2>
            <ul class="districts">
                {districts.into_iter().map(|d| view! {
                    <li>
                        <span class="numeral">{d.numeral.clone()}</span>
                        " " <span class="district-name">{d.name.clone()}</span>
                        <span class="population">{count_of(lang, d.population, &pt.residents)}</span>
                        <span class="answers" data-testid=format!("home-count-{}", d.numeral)>
                            {t.results_answers}": "
                            {participation.districts.iter().find(|p| p.district.id == d.id).map_or(0, |p| p.answers)}
                        </span>
                    </li>
                }).collect_view()}
            </ul>
        </section>
    }
}

/// One district in the picker: its label and its meeting, as text (the
/// island's props are serialized into the page: small, and nothing for the
/// browser to format).
#[derive(Clone, Debug, PartialEq, Eq, Serialize_tuple, Deserialize_tuple)]
pub struct PickerChoice {
    pub id: Id,
    pub label: String,
    /// The district's meeting page.
    pub meeting_id: Option<Id>,
    pub meeting: Option<WhenWhereText>,
    /// "odwołane: …" / "przeniesione" when the meeting is not as planned.
    pub note: Option<String>,
}

fn picker_choices(
    lang: crate::i18n::Lang,
    districts: &[crate::domain::District],
    meetings: Vec<crate::domain::Meeting>,
) -> Vec<PickerChoice> {
    let mt = crate::meetings::texts::texts(lang);
    districts
        .iter()
        .map(|d| {
            let meeting = meetings.iter().find(|m| m.district.id == d.id);
            PickerChoice {
                id: d.id,
                label: d.label(),
                meeting_id: meeting.map(|m| m.id),
                meeting: meeting.map(|m| WhenWhereText::of(lang, m)),
                note: meeting.and_then(|m| match m.status {
                    MeetingStatus::Cancelled => Some(format!(
                        "{}: {}",
                        mt.meeting_cancelled,
                        m.status_reason.clone().unwrap_or_default()
                    )),
                    MeetingStatus::Moved => Some(mt.meeting_moved.to_owned()),
                    _ => None,
                }),
            }
        })
        .collect()
}

/// Pick a district and see its meeting (the page's interactive part: an
/// island, the only code the home page ships). A plain GET form, so it
/// works without JavaScript too (`/?dzielnica=<id>#twoja-dzielnica`); with
/// it, the choice shows at once.
#[island(lazy)]
fn DistrictPicker(choices: Vec<PickerChoice>, initial: Option<Id>) -> impl IntoView {
    crate::ui::island_live();
    let t = use_texts();
    let selected = RwSignal::new(initial);
    let options = choices.clone();
    let chosen = move || {
        let id = selected.get()?;
        choices.iter().find(|c| c.id == id).cloned()
    };
    view! {
        <section class="card" id="twoja-dzielnica" aria-labelledby="picker-title">
            <h2 id="picker-title">{t.your_district}</h2>
            <form method="get" action="/#twoja-dzielnica"
                on:submit=move |ev: leptos::ev::SubmitEvent| ev.prevent_default()>
                <label for="district-picker">{t.choose_district}</label>
                <select
                    id="district-picker"
                    name="dzielnica"
                    on:change=move |ev| selected.set(event_target_value(&ev).parse().ok())
                >
                    <option value="">"—"</option>
                    {options.into_iter().map(|c| view! {
                        <option value=c.id.to_string() selected=initial == Some(c.id)>{c.label}</option>
                    }).collect_view()}
                </select>
                // Needed only without JavaScript (hidden once hydrated).
                <button type="submit" class="no-js-only">{t.show_meeting}</button>
            </form>
            <div aria-live="polite" data-testid="district-meeting">
                {move || chosen().map(|c| view! {
                    <h3>{t.your_district_meeting}": "{c.label}</h3>
                    {c.note.map(|note| view! { <p class="badge badge-moved">{note}</p> })}
                    {c.meeting.map(|m| view! { <WhenWhere when=m.when iso=m.iso place=m.place/> })}
                    {c.meeting_id.map(|id| view! {
                        <p><a href=format!("/spotkania/{id}") data-testid="district-meeting-link">{t.meeting_details_link}</a></p>
                    })}
                })}
            </div>
        </section>
    }
}
