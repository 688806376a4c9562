use super::get_participation;
use crate::domain::{AnswerSource, Participation};
use crate::i18n::{format_count, use_texts};
use crate::ui::{loaded, Loading};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn ResultsPage() -> impl IntoView {
    let rt = super::texts::use_texts();
    let data = Resource::new(|| (), |_| get_participation());
    view! {
        <Title text=rt.results_title/>
        <section class="page">
            <h1>{rt.results_title}</h1>
            <p class="lead">{rt.results_lead}</p>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || Suspend::new(async move {
                    loaded(data.await, |p| view! { <ParticipationTable participation=p/> })
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn ParticipationTable(participation: Participation) -> impl IntoView {
    let t = use_texts();
    let rt = super::texts::use_texts();
    let by_source = participation.by_source.clone();
    view! {
        <h2>{rt.results_participation}": "{format_count(participation.total)}" "{t.results_answers}</h2>
        <div class="table-wrap" tabindex="0" role="region" aria-label=rt.results_participation>
            <table>
                <caption>{participation.round_name}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t.meeting_district}</th>
                        <th scope="col">{t.results_answers}</th>
                        <th scope="col">{rt.results_per_thousand}</th>
                    </tr>
                </thead>
                <tbody>
                    {participation.districts.into_iter().map(|d| {
                        let per_thousand = if d.district.population > 0 {
                            format!("{:.1}", d.answers as f64 * 1000.0 / d.district.population as f64)
                        } else {
                            "—".into()
                        };
                        view! {
                            <tr>
                                <th scope="row">{d.district.label()}</th>
                                <td>{format_count(d.answers)}</td>
                                <td>{per_thousand}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        <h3>{rt.results_by_source}</h3>
        <ul data-testid="by-source">
            {by_source.into_iter().map(|(source, n)| {
                let name = match source {
                    AnswerSource::Online => rt.source_online,
                    AnswerSource::Assisted => t.source_assisted,
                    AnswerSource::Paper => t.source_paper,
                };
                view! { <li>{name}": "{format_count(n)}</li> }
            }).collect_view()}
        </ul>
    }
}
