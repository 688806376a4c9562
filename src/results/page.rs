//! The results pages: `/wyniki` (whole round, with each district's top
//! three and the participation table), `/wyniki/<numeral>` (one district)
//! and `/wyniki/porownanie` (one action or theme across the districts).
//! Theme and order are in the query string, so every view has its own URL
//! and works with JavaScript off; with JavaScript, the `switch` island
//! draws the next view in place and keeps Back working.

use super::chart::{Bar, BarChart, ColumnChart};
use super::model::{
    format_decimal, format_percent, ActionResult, Cell, Comparison, NotYetPublic, Published,
    ResultsQuery, ResultsView, SortOrder, Subject, SMALL_SAMPLE,
};
use super::switch::{parse_subject, ResultsSwitch, Shown};
use super::texts::ResultTexts;
use super::{get_comparison, get_results};
use crate::domain::{AnswerSource, Participation};
use crate::i18n::{count_of, format_count, format_date_time, use_lang, use_texts, Lang};
use crate::ui::{suspended, TableWrap};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// The query string's value of `name`, if not empty.
fn param(name: &str) -> Option<String> {
    use_query_map()
        .read_untracked()
        .get(name)
        .filter(|v| !v.is_empty())
}

#[component]
pub fn ResultsPage() -> impl IntoView {
    results_page(None)
}

#[component]
pub fn DistrictResultsPage() -> impl IntoView {
    let numeral = use_params_map().read_untracked().get("dzielnica");
    results_page(numeral)
}

fn results_page(district: Option<String>) -> impl IntoView {
    let theme = param("temat");
    let sort = param("kolejnosc");
    let data = Resource::new(
        || (),
        move |_| get_results(district.clone(), theme.clone(), sort.clone()),
    );
    switched_page(data, Shown::round)
}

/// A results page: its view (or the "not yet" notice) inside the island
/// that switches views in place.
fn switched_page<T>(
    data: Resource<Result<Published<T>, crate::error::AppError>>,
    shown: fn(Published<T>) -> Shown,
) -> impl IntoView
where
    T: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
{
    suspended(data, move |published| {
        let shown = shown(published);
        view! {
            <Title text=shown.title()/>
            <ResultsSwitch>{shown.view()}</ResultsSwitch>
        }
    })
}

/// Before publication: when results appear, and the participation.
#[component]
pub(crate) fn NotYet(notice: NotYetPublic, title: String) -> impl IntoView {
    let rt = super::texts::use_texts();
    let lang = use_lang();
    view! {
        <section class="page" id="results-view">
            <h1 tabindex="-1">{title}</h1>
            <p class="notice" data-testid="results-not-yet">
                {rt.not_yet}" "<strong>{format_date_time(lang, &notice.available_at.local)}</strong>"."
            </p>
            <ParticipationTable participation=notice.participation/>
        </section>
    }
}

fn sample_badge(rt: &'static ResultTexts, n: i64) -> impl IntoView {
    (n < SMALL_SAMPLE).then(|| {
        view! {
            <span class="badge badge-warn" data-testid="small-sample" title=rt.small_sample_note>
                {format!("{} (n = {})", rt.small_sample, n)}
            </span>
        }
    })
}

#[component]
pub(super) fn Results(view: ResultsView, title: String) -> impl IntoView {
    let rt = super::texts::use_texts();
    let lang = use_lang();
    let file_base = match &view.district {
        Some(d) => format!("/wyniki/dane/dzielnica-{}", d.numeral),
        None => "/wyniki/dane/wyniki".to_owned(),
    };
    let answers = view.answers;
    let query = view.query.clone();
    let scope = view
        .district
        .as_ref()
        .map(|d| d.label())
        .unwrap_or_else(|| rt.whole_round.to_owned());
    let small = view.small_sample();
    view! {
        <section class="page results" id="results-view">
            <h1 tabindex="-1">{title}</h1>
            <p class="lead">{rt.results_lead}</p>
            {view.staff_preview.then(|| view! {
                <p class="notice" data-testid="staff-preview">{rt.staff_preview}</p>
            })}
            {(view.demo_answers > 0).then(|| view! {
                <p class="notice" data-testid="demo-answers">
                    <strong>{rt.demo_label}</strong>" "{count_of(lang, view.demo_answers, &crate::i18n::texts(lang).answers_n)}" "{rt.demo_notice}
                </p>
            })}
            <DistrictNav query=query.clone() districts=view.districts.clone()/>
            <p class="results-n" data-testid="results-answers">
                {rt.answers_label}": "<strong>{format_count(answers)}</strong>" "
                {sample_badge(rt, answers)}
            </p>
            {small.then(|| view! { <p class="hint">{rt.small_sample_note}</p> })}
            <Filters query=query.clone() themes=view.themes.clone()/>
            <h2>{rt.actions_heading}</h2>
            <ActionsChart actions=view.actions.clone() scope=scope.clone() lang/>
            {(!view.tops.is_empty()).then(|| view! { <Tops view=view.clone()/> })}
            <Profile view=view.clone()/>
            <Days days=view.days.clone() scope=scope.clone()/>
            <Needs view=view.clone()/>
            <h2>{rt.results_by_source}</h2>
            <SourceList by_source=view.by_source.clone()/>
            {view.participation.clone().map(|p| view! { <ParticipationTable participation=p/> })}
            <h2>{rt.open_data}</h2>
            <p>{rt.open_data_lead}" "
                <a href=format!("{file_base}.csv") download>"CSV"</a>" · "
                <a href=format!("{file_base}.json")>"JSON"</a>
            </p>
        </section>
    }
}

/// Links to the whole round and to every district, keeping theme and order.
#[component]
fn DistrictNav(query: ResultsQuery, districts: Vec<crate::domain::District>) -> impl IntoView {
    let rt = super::texts::use_texts();
    let link = move |numeral: Option<String>, label: String| {
        let current = numeral == query.district;
        let href = ResultsQuery {
            district: numeral,
            ..query.clone()
        }
        .href();
        view! {
            <li><a href=href aria-current=current.then_some("page")>{label}</a></li>
        }
    };
    view! {
        <nav class="results-nav" aria-label=rt.district_nav data-results-nav>
            <ul>
                {link(None, rt.whole_round.to_owned())}
                {districts.into_iter().map(|d| link(Some(d.numeral.clone()), d.label())).collect_view()}
            </ul>
        </nav>
    }
}

/// Theme and order: a GET form (JavaScript applies it on change).
#[component]
fn Filters(query: ResultsQuery, themes: Vec<(String, crate::domain::Bilingual)>) -> impl IntoView {
    let rt = super::texts::use_texts();
    let lang = use_lang();
    let action = ResultsQuery {
        theme: None,
        sort: SortOrder::Picks,
        ..query.clone()
    }
    .href();
    let chosen = query.theme.clone();
    view! {
        <form class="results-filter" method="get" action=action data-results-nav>
            <label>{rt.filter_theme}" "
                <select name="temat">
                    <option value="" selected=chosen.is_none()>{rt.all_themes}</option>
                    {themes.into_iter().map(|(code, name)| {
                        let selected = chosen.as_deref() == Some(code.as_str());
                        view! { <option value=code selected=selected>{name.get(lang).to_owned()}</option> }
                    }).collect_view()}
                </select>
            </label>
            <label>{rt.filter_sort}" "
                <select name="kolejnosc">
                    <option value="" selected=query.sort == SortOrder::Picks>{rt.sort_picks}</option>
                    <option value="ankieta" selected=query.sort == SortOrder::Survey>{rt.sort_survey}</option>
                </select>
            </label>
            <button type="submit">{rt.filter_show}</button>
        </form>
    }
}

fn share_text(lang: Lang, a: &ActionResult) -> String {
    format!(
        "{} ({})",
        format_percent(lang, a.share),
        format_count(a.picks)
    )
}

#[component]
pub(crate) fn ActionsChart(actions: Vec<ActionResult>, scope: String, lang: Lang) -> impl IntoView {
    let rt = super::texts::use_texts();
    let bars = actions
        .iter()
        .map(|a| Bar {
            label: a.label.get(lang).to_owned(),
            value: a.share,
            text: share_text(lang, a),
        })
        .collect();
    view! {
        <figure class="chart-figure">
            <BarChart id="chart-actions".into() title=format!("{} — {}", rt.actions_heading, scope)
                desc=rt.actions_chart_desc.into() axis=rt.actions_axis.into() bars max=100.0/>
            <details>
                <summary>{rt.data_table}</summary>
                <TableWrap label=rt.data_table.to_owned()>
                    <table data-testid="actions-table">
                        <thead><tr>
                            <th scope="col">{rt.col_rank}</th>
                            <th scope="col">{rt.col_action}</th>
                            <th scope="col">{rt.col_picks}</th>
                            <th scope="col">{rt.col_share}</th>
                        </tr></thead>
                        <tbody>
                            {actions.into_iter().enumerate().map(|(i, a)| view! {
                                <tr data-action=a.code.clone()>
                                    <td>{i + 1}</td>
                                    <th scope="row">{a.label.get(lang).to_owned()}</th>
                                    <td data-picks=a.picks>{format_count(a.picks)}</td>
                                    <td>{format_percent(lang, a.share)}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </TableWrap>
            </details>
        </figure>
    }
}

/// Each district's three most picked actions, on one screen; `linked`:
/// each district names a link to its page and the comparison is offered
/// (the current round's pages; an archived round has only its own page).
#[component]
pub(crate) fn Tops(view: ResultsView, #[prop(default = true)] linked: bool) -> impl IntoView {
    let rt = super::texts::use_texts();
    let lang = use_lang();
    view! {
        <h2>{rt.tops_heading}</h2>
        <div class="tops" data-testid="tops">
            {view.tops.into_iter().map(|t| {
                let href = ResultsQuery { district: Some(t.district.numeral.clone()), ..Default::default() }.href();
                view! {
                    <article class="top-card" data-district=t.district.numeral.clone()>
                        <h3>{if linked {
                            view! { <a href=href>{t.district.label()}</a> }.into_any()
                        } else {
                            t.district.label().into_any()
                        }}</h3>
                        <p class="hint">{rt.answers_label}": "{format_count(t.answers)}" "{sample_badge(rt, t.answers)}</p>
                        {if t.top.is_empty() {
                            view! { <p>{rt.tops_none}</p> }.into_any()
                        } else {
                            view! {
                                <ol>
                                    {t.top.into_iter().map(|a| view! {
                                        <li>{a.label.get(lang).to_owned()}" — "<strong>{format_percent(lang, a.share)}</strong></li>
                                    }).collect_view()}
                                </ol>
                            }.into_any()
                        }}
                    </article>
                }
            }).collect_view()}
        </div>
        {linked.then(|| view! { <p><a href="/wyniki/porownanie">{rt.compare_link}</a></p> })}
    }
}

fn cell_text(cell: Cell) -> String {
    match cell {
        Cell::Count(n) => format_count(n),
        Cell::Hidden => "< 5".to_owned(),
    }
}

#[component]
fn Profile(view: ResultsView) -> impl IntoView {
    let rt = super::texts::use_texts();
    let lang = use_lang();
    view! {
        <h2>{rt.profile_heading}</h2>
        <p class="hint">{rt.profile_note}</p>
        {view.profile.into_iter().map(|q| {
            let bars = q.options.iter().map(|(_, label, cell)| Bar {
                label: label.get(lang).to_owned(),
                value: cell.count().unwrap_or(0) as f64,
                text: cell_text(*cell),
            }).collect();
            let prompt = q.prompt.get(lang).to_owned();
            view! {
                <figure class="chart-figure" data-question=q.code.clone()>
                    <BarChart id=format!("chart-profile-{}", q.code) title=prompt.clone()
                        desc=rt.profile_note.into() axis=rt.profile_axis.into() bars/>
                    <details>
                        <summary>{rt.data_table}</summary>
                        <table>
                            <caption>{prompt}</caption>
                            <thead><tr>
                                <th scope="col">{rt.col_option}</th>
                                <th scope="col">{rt.answers_label}</th>
                            </tr></thead>
                            <tbody>
                                {q.options.into_iter().map(|(code, label, cell)| view! {
                                    <tr data-option=code>
                                        <th scope="row">{label.get(lang).to_owned()}</th>
                                        <td>{cell_text(cell)}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </details>
                </figure>
            }
        }).collect_view()}
    }
}

/// "2026-11-05" → "5.11"
fn short_day(day: &str) -> String {
    let mut parts = day.split('-').skip(1);
    match (parts.next(), parts.next()) {
        (Some(m), Some(d)) => format!(
            "{}.{}",
            d.trim_start_matches('0'),
            m.trim_start_matches('0')
        ),
        _ => day.to_owned(),
    }
}

#[component]
fn Days(days: Vec<(String, i64)>, scope: String) -> impl IntoView {
    let rt = super::texts::use_texts();
    (!days.is_empty()).then(|| {
        let points = days.iter().map(|(d, n)| (short_day(d), *n)).collect();
        view! {
            <h2>{rt.days_heading}</h2>
            <figure class="chart-figure">
                <ColumnChart id="chart-days".into() title=format!("{} — {}", rt.days_heading, scope)
                    desc=rt.days_desc.into() axis_x=rt.days_axis_x.into() axis_y=rt.days_axis_y.into() points/>
                <details>
                    <summary>{rt.data_table}</summary>
                    <table>
                        <thead><tr>
                            <th scope="col">{rt.col_day}</th>
                            <th scope="col">{rt.answers_label}</th>
                        </tr></thead>
                        <tbody>
                            {days.into_iter().map(|(day, n)| view! {
                                <tr><th scope="row">{day}</th><td>{format_count(n)}</td></tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </details>
            </figure>
        }
    })
}

#[component]
fn Needs(view: ResultsView) -> impl IntoView {
    let rt = super::texts::use_texts();
    view! {
        <h2>{rt.needs_heading}</h2>
        <p class="hint">{rt.needs_lead}</p>
        {if view.needs.is_empty() {
            view! { <p data-testid="needs">{rt.needs_none}</p> }.into_any()
        } else {
            view! {
                <ul data-testid="needs">
                    {view.needs.into_iter().map(|n| view! {
                        <li>{format!("{} — {}", n.phrase, format_count(n.answers))}</li>
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
    }
}

#[component]
fn SourceList(by_source: Vec<(AnswerSource, i64)>) -> impl IntoView {
    let t = use_texts();
    view! {
        <ul data-testid="by-source">
            {by_source.into_iter().map(|(source, n)| {
                view! { <li>{t.source(source)}": "{format_count(n)}</li> }
            }).collect_view()}
        </ul>
    }
}

/// Answers per district (always public).
#[component]
pub(crate) fn ParticipationTable(participation: Participation) -> impl IntoView {
    let t = use_texts();
    let lang = use_lang();
    let rt = super::texts::use_texts();
    view! {
        <h2>{rt.results_participation}": "{count_of(lang, participation.total, &t.answers_n)}</h2>
        <table class="participation" data-testid="participation">
            <caption>{participation.round_name}</caption>
            <thead>
                <tr>
                    <th scope="col">{t.meeting_district}</th>
                    <th scope="col">{rt.answers_label}</th>
                    <th scope="col">{rt.results_per_thousand}</th>
                </tr>
            </thead>
            <tbody>
                {participation.districts.into_iter().map(|d| {
                    let per_thousand = if d.district.population > 0 {
                        format_decimal(lang, d.answers as f64 * 1000.0 / d.district.population as f64)
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
    }
}

#[component]
pub fn ComparisonPage() -> impl IntoView {
    let (action, theme) = parse_subject(param("co"));
    let data = Resource::new(
        || (),
        move |_| get_comparison(action.clone(), theme.clone()),
    );
    switched_page(data, Shown::Compared)
}

#[component]
pub(super) fn Compared(comparison: Comparison, title: String) -> impl IntoView {
    let rt = super::texts::use_texts();
    let lang = use_lang();
    let (chosen, desc, axis) = match &comparison.subject {
        Subject::Action(code) => (
            format!("dzialanie.{code}"),
            rt.compare_action_desc,
            rt.compare_axis_action,
        ),
        Subject::Theme(code) => (
            format!("temat.{code}"),
            rt.compare_theme_desc,
            rt.compare_axis_theme,
        ),
    };
    let label = comparison.label.get(lang).to_owned();
    let bars = comparison
        .rows
        .iter()
        .map(|r| Bar {
            label: format!("{} (n = {})", r.district.label(), format_count(r.answers)),
            value: r.share,
            text: format!(
                "{} ({})",
                format_percent(lang, r.share),
                format_count(r.picks)
            ),
        })
        .collect();
    view! {
        <section class="page results" id="results-view">
            <h1 tabindex="-1">{title}</h1>
            <p class="lead">{rt.compare_lead}</p>
            {comparison.staff_preview.then(|| view! {
                <p class="notice" data-testid="staff-preview">{rt.staff_preview}</p>
            })}
            <form class="results-filter" method="get" action="/wyniki/porownanie" data-results-nav>
                <label>{rt.compare_choose}" "
                    <select name="co">
                        {comparison.choices.into_iter().map(|choice| {
                            let theme_value = format!("temat.{}", choice.code);
                            let name = choice.name.get(lang).to_owned();
                            let actions = choice.actions;
                            view! {
                                <optgroup label=name.clone()>
                                    <option value=theme_value.clone() selected=chosen == theme_value>
                                        {format!("{}{}", rt.compare_theme_prefix, name)}
                                    </option>
                                    {actions.into_iter().map(|(code, label)| {
                                        let value = format!("dzialanie.{code}");
                                        view! { <option value=value.clone() selected=chosen == value>{label.get(lang).to_owned()}</option> }
                                    }).collect_view()}
                                </optgroup>
                            }
                        }).collect_view()}
                    </select>
                </label>
                <button type="submit">{rt.filter_show}</button>
            </form>
            <h2 data-testid="compared">{label.clone()}</h2>
            <figure class="chart-figure">
                <BarChart id="chart-compare".into() title=label desc=desc.into() axis=axis.into() bars max=100.0/>
                <details>
                    <summary>{rt.data_table}</summary>
                    <table data-testid="compare-table">
                        <thead><tr>
                            <th scope="col">{use_texts().meeting_district}</th>
                            <th scope="col">{rt.answers_label}</th>
                            <th scope="col">{rt.col_picks}</th>
                            <th scope="col">{rt.col_share}</th>
                        </tr></thead>
                        <tbody>
                            {comparison.rows.into_iter().map(|r| view! {
                                <tr data-district=r.district.numeral.clone()>
                                    <th scope="row">{r.district.label()}</th>
                                    <td>{format_count(r.answers)}{sample_badge(rt, r.answers)}</td>
                                    <td>{format_count(r.picks)}</td>
                                    <td>{format_percent(lang, r.share)}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </details>
            </figure>
            <p><a href="/wyniki">{rt.back_to_results}</a></p>
        </section>
    }
}
