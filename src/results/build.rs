//! Server only: turns the round's tallies into what a results page, the
//! comparison and the open-data files show — one place, so the files carry
//! exactly the page's numbers — and decides who may see them.

use super::model::{
    percent, ActionResult, Cell, ComparedDistrict, Comparison, DistrictTop, NeedCount,
    NotYetPublic, ProfileBreakdown, Published, ResultsQuery, ResultsView, SortOrder, Subject,
    ThemeChoice,
};
use super::suppress::{withhold, Table};
use crate::domain::{AnswerSource, Bilingual, District, Id};
use crate::error::{AppError, Invalid};
use crate::server::catalog::Catalog;
use crate::server::db::results::Tallies;
use crate::server::db::ParticipationCount;
use crate::server::AppState;

/// Whether the caller (by its request `headers`: staff sign in with a
/// cookie) may see the round's results now: `Some(false)` as everyone does,
/// `Some(true)` as staff only (a preview), `None` not yet.
pub async fn access(
    s: &AppState,
    catalog: &Catalog,
    headers: &http::HeaderMap,
) -> Result<Option<bool>, AppError> {
    let round = &catalog.round;
    if round
        .results_visibility
        .public_at(s.clock.now_ts(), round.survey_closes_at.utc)
    {
        return Ok(Some(false));
    }
    let staff = crate::server::auth::user_of_headers(s, headers)
        .await?
        .is_some();
    Ok(staff.then_some(true))
}

/// The results page (or the "not yet" notice) for `query`.
pub async fn results(
    s: &AppState,
    headers: &http::HeaderMap,
    query: ResultsQuery,
) -> Result<Published<ResultsView>, AppError> {
    let catalog = s.catalog().await?;
    let counts = s.counts(catalog.round.id).await?;
    results_of(s, &catalog, &counts, headers, query).await
}

/// [`results`] of any round, from its catalog and counters (an archived
/// round's page reads them afresh).
pub async fn results_of(
    s: &AppState,
    catalog: &Catalog,
    counts: &crate::server::catalog::Counts,
    headers: &http::HeaderMap,
    query: ResultsQuery,
) -> Result<Published<ResultsView>, AppError> {
    let Some(staff_preview) = access(s, catalog, headers).await? else {
        return Ok(Published::NotYet(not_yet(catalog, &counts.participation)));
    };
    let mut view = compose(catalog, &counts.tallies, &counts.participation, query)?;
    view.staff_preview = staff_preview;
    if view.district.is_none() {
        view.participation = Some(super::get_participation::participation_from(
            catalog,
            &counts.participation,
        ));
    }
    Ok(Published::Yes(view))
}

/// One action or theme across the districts.
pub async fn comparison(
    s: &AppState,
    headers: &http::HeaderMap,
    subject: Subject,
) -> Result<Published<Comparison>, AppError> {
    let catalog = s.catalog().await?;
    let counts = s.counts(catalog.round.id).await?;
    let Some(staff_preview) = access(s, &catalog, headers).await? else {
        return Ok(Published::NotYet(not_yet(&catalog, &counts.participation)));
    };
    let mut comparison = compare(&catalog, &counts.tallies, &counts.participation, subject)?;
    comparison.staff_preview = staff_preview;
    Ok(Published::Yes(comparison))
}

fn not_yet(catalog: &Catalog, counts: &[ParticipationCount]) -> NotYetPublic {
    NotYetPublic {
        round_name: catalog.round.name.clone(),
        available_at: catalog.round.survey_closes_at,
        participation: super::get_participation::participation_from(catalog, counts),
    }
}

fn answers_of(counts: &[ParticipationCount], district: Option<Id>) -> i64 {
    counts
        .iter()
        .filter(|c| district.is_none_or(|d| c.district_id == d))
        .map(|c| c.answers)
        .sum()
}

fn picks_of(tallies: &Tallies, action_id: Id, district: Option<Id>) -> i64 {
    tallies
        .actions
        .iter()
        .filter(|t| t.item_id == action_id && district.is_none_or(|d| t.district_id == d))
        .map(|t| t.count)
        .sum()
}

/// The district with this numeral, or 404.
pub fn district_by_numeral<'a>(
    catalog: &'a Catalog,
    numeral: &str,
) -> Result<&'a District, AppError> {
    catalog
        .districts
        .iter()
        .find(|d| d.numeral == numeral)
        .ok_or(AppError::NotFound)
}

/// The actions of a view, ranked or in survey order.
fn ranked(
    catalog: &Catalog,
    tallies: &Tallies,
    district: Option<Id>,
    answers: i64,
    theme: Option<&str>,
    sort: SortOrder,
) -> Vec<ActionResult> {
    let mut actions: Vec<ActionResult> = catalog
        .themes
        .iter()
        .filter(|t| theme.is_none_or(|code| t.code == code))
        .flat_map(|t| {
            t.actions.iter().map(move |a| {
                let picks = picks_of(tallies, a.id, district);
                ActionResult {
                    code: a.code.clone(),
                    theme_code: t.code.clone(),
                    label: a.label.clone(),
                    picks,
                    share: percent(picks, answers),
                }
            })
        })
        .collect();
    if sort == SortOrder::Picks {
        // Stable: equal counts keep the survey's order.
        actions.sort_by_key(|a| std::cmp::Reverse(a.picks));
    }
    actions
}

/// A results view from the tallies: the district's own answers are the
/// base of every share; profile cells under five are withheld, with the
/// cells that would give them away ([`super::suppress`]).
pub fn compose(
    catalog: &Catalog,
    tallies: &Tallies,
    counts: &[ParticipationCount],
    query: ResultsQuery,
) -> Result<ResultsView, AppError> {
    let district = match &query.district {
        Some(numeral) => Some(district_by_numeral(catalog, numeral)?.clone()),
        None => None,
    };
    let theme = query.theme.as_deref();
    if let Some(code) = theme {
        if !catalog.themes.iter().any(|t| t.code == code) {
            return Err(AppError::invalid("theme", Invalid::Unknown));
        }
    }
    let id = district.as_ref().map(|d| d.id);
    let in_view = |district_id: Id| id.is_none_or(|d| d == district_id);
    let answers = answers_of(counts, id);
    let actions = ranked(catalog, tallies, id, answers, theme, query.sort);

    let column = id.and_then(|id| catalog.districts.iter().position(|d| d.id == id));
    let profile = catalog
        .questions
        .iter()
        .map(|q| {
            // The whole table (every district), so the same cells are
            // withheld whichever view shows them.
            let cells: Vec<Vec<i64>> = q
                .options
                .iter()
                .map(|o| {
                    catalog
                        .districts
                        .iter()
                        .map(|d| {
                            tallies
                                .options
                                .iter()
                                .filter(|t| t.item_id == o.id && t.district_id == d.id)
                                .map(|t| t.count)
                                .sum()
                        })
                        .collect()
                })
                .collect();
            let hidden = withhold(&Table { cells: &cells });
            ProfileBreakdown {
                code: q.code.clone(),
                prompt: q.prompt.clone(),
                options: q
                    .options
                    .iter()
                    .enumerate()
                    .map(|(i, o)| {
                        let (n, withheld) = match column {
                            Some(d) => (cells[i][d], hidden.districts[i][d]),
                            None => (cells[i].iter().sum(), hidden.round[i]),
                        };
                        let cell = if withheld {
                            Cell::Hidden
                        } else {
                            Cell::Count(n)
                        };
                        (o.code.clone(), o.label.clone(), cell)
                    })
                    .collect(),
            }
        })
        .collect();

    let days = days_of(tallies, id);

    let mut needs: Vec<NeedCount> = Vec::new();
    for t in tallies.needs.iter().filter(|t| in_view(t.district_id)) {
        match needs.iter_mut().find(|n| n.phrase == t.phrase) {
            Some(n) => n.answers += t.answers,
            None => needs.push(NeedCount {
                phrase: t.phrase.clone(),
                answers: t.answers,
            }),
        }
    }
    needs.sort_by(|a, b| b.answers.cmp(&a.answers).then(a.phrase.cmp(&b.phrase)));

    let by_source = AnswerSource::ALL
        .into_iter()
        .map(|source| {
            let n = counts
                .iter()
                .filter(|c| c.source == source && in_view(c.district_id))
                .map(|c| c.answers)
                .sum();
            (source, n)
        })
        .filter(|(_, n)| *n > 0)
        .collect();

    let tops = if district.is_none() {
        catalog
            .districts
            .iter()
            .map(|d| {
                let answers = answers_of(counts, Some(d.id));
                let mut top = ranked(
                    catalog,
                    tallies,
                    Some(d.id),
                    answers,
                    None,
                    SortOrder::Picks,
                );
                top.retain(|a| a.picks > 0);
                top.truncate(3);
                DistrictTop {
                    district: d.clone(),
                    answers,
                    top,
                }
            })
            .collect()
    } else {
        Vec::new()
    };

    Ok(ResultsView {
        round_name: catalog.round.name.clone(),
        district,
        districts: catalog.districts.clone(),
        themes: catalog
            .themes
            .iter()
            .map(|t| (t.code.clone(), t.name.clone()))
            .collect(),
        answers,
        actions,
        profile,
        days,
        needs,
        by_source,
        tops,
        participation: None,
        staff_preview: false,
        demo_answers: catalog.round.demo_answers,
        query,
    })
}

/// Answers per day of the view, every day from the round's first day with
/// answers to its last (days without answers as 0, so the chart's time axis
/// is even; the same days in every district's view).
fn days_of(tallies: &Tallies, district: Option<Id>) -> Vec<(String, i64)> {
    let (Some(first), Some(last)) = (
        tallies.days.iter().map(|t| t.day.as_str()).min(),
        tallies.days.iter().map(|t| t.day.as_str()).max(),
    ) else {
        return Vec::new();
    };
    let parse = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    let (Some(first), Some(last)) = (parse(first), parse(last)) else {
        return Vec::new();
    };
    first
        .iter_days()
        .take_while(|d| *d <= last)
        .map(|d| {
            let day = d.format("%Y-%m-%d").to_string();
            let n = tallies
                .days
                .iter()
                .filter(|t| t.day == day && district.is_none_or(|id| t.district_id == id))
                .map(|t| t.answers)
                .sum();
            (day, n)
        })
        .collect()
}

/// One action (share of each district's answers) or one theme (share of
/// each district's picks that went to the theme) across the districts.
pub fn compare(
    catalog: &Catalog,
    tallies: &Tallies,
    counts: &[ParticipationCount],
    subject: Subject,
) -> Result<Comparison, AppError> {
    let (action_ids, label): (Vec<Id>, Bilingual) = match &subject {
        Subject::Action(code) => {
            let action = catalog
                .themes
                .iter()
                .flat_map(|t| &t.actions)
                .find(|a| &a.code == code)
                .ok_or_else(|| AppError::invalid("action", Invalid::Unknown))?;
            (vec![action.id], action.label.clone())
        }
        Subject::Theme(code) => {
            let theme = catalog
                .themes
                .iter()
                .find(|t| &t.code == code)
                .ok_or_else(|| AppError::invalid("theme", Invalid::Unknown))?;
            (
                theme.actions.iter().map(|a| a.id).collect(),
                theme.name.clone(),
            )
        }
    };
    let rows = catalog
        .districts
        .iter()
        .map(|d| {
            let answers = answers_of(counts, Some(d.id));
            let picks: i64 = action_ids
                .iter()
                .map(|a| picks_of(tallies, *a, Some(d.id)))
                .sum();
            let base = match subject {
                Subject::Action(_) => answers,
                Subject::Theme(_) => tallies
                    .actions
                    .iter()
                    .filter(|t| t.district_id == d.id)
                    .map(|t| t.count)
                    .sum(),
            };
            ComparedDistrict {
                district: d.clone(),
                answers,
                picks,
                share: percent(picks, base),
            }
        })
        .collect();
    Ok(Comparison {
        round_name: catalog.round.name.clone(),
        subject,
        label,
        rows,
        choices: catalog
            .themes
            .iter()
            .map(|t| ThemeChoice {
                code: t.code.clone(),
                name: t.name.clone(),
                actions: t
                    .actions
                    .iter()
                    .map(|a| (a.code.clone(), a.label.clone()))
                    .collect(),
            })
            .collect(),
        staff_preview: false,
    })
}
