//! Server only: the rounds feature's work behind its server functions —
//! reading a settings form into checked [`RoundSettings`], the round a
//! request names, what the edit page and the archive show, and dropping
//! what the server keeps in memory after a change.

use super::model::{RoundEditor, RoundSettings, RoundSummary, SettingsForm};
use crate::domain::{District, Id, ResultsVisibility, Round};
use crate::error::{AppError, Invalid};
use crate::server::time::{instant, parse_warsaw, warsaw_day_start};
use crate::server::AppState;

/// The form as settings, every rule checked (`districts`: the reference
/// districts, by which ticked numerals are known).
pub fn settings_from_form(
    form: &SettingsForm,
    districts: &[District],
) -> Result<RoundSettings, AppError> {
    let opens = parse_warsaw(
        &form.opens_date,
        &form.opens_time,
        "opens_date",
        "opens_time",
    )?;
    let closes = parse_warsaw(
        &form.closes_date,
        &form.closes_time,
        "closes_date",
        "closes_time",
    )?;
    let day = |text: &str, field: &str| -> Result<Option<i64>, AppError> {
        if text.trim().is_empty() {
            return Ok(None);
        }
        parse_warsaw(text, "00:00", field, field).map(Some)
    };
    let meetings_from = day(&form.meetings_from, "meetings_from")?;
    // The last day is inclusive: the period ends when the next one begins.
    let meetings_until = day(&form.meetings_until, "meetings_until")?
        .map(|start| warsaw_day_start(start + 36 * 3600));
    let number = |text: &str, field: &str| -> Result<i64, AppError> {
        text.trim()
            .parse()
            .map_err(|_| AppError::invalid(field, Invalid::Malformed))
    };
    let mut picked = Vec::new();
    let mut populations = std::collections::BTreeMap::new();
    for numeral in form.districts.keys() {
        let district = districts
            .iter()
            .find(|d| d.numeral == *numeral)
            .ok_or_else(|| AppError::invalid("round_districts", Invalid::Unknown))?;
        picked.push(district.id);
        // The round's own figure, where it differs from the reference one.
        match form.populations.get(numeral).map(|n| n.trim()) {
            None | Some("") => {}
            Some(n) => {
                let n = n
                    .replace([' ', '\u{a0}'], "")
                    .parse()
                    .map_err(|_| AppError::invalid("population", Invalid::Malformed))?;
                if n != district.population {
                    populations.insert(district.id, n);
                }
            }
        }
    }
    picked.sort_unstable();
    let settings = RoundSettings {
        name: form.name.trim().to_owned(),
        slug: form.slug.trim().to_owned(),
        districts: picked,
        populations,
        survey_opens_at: opens,
        survey_closes_at: closes,
        meetings_from,
        meetings_until,
        max_picks: number(&form.max_picks, "max_picks")?,
        results_visibility: ResultsVisibility::parse(&form.visibility)
            .ok_or_else(|| AppError::invalid("visibility", Invalid::Unknown))?,
        answer_days: number(&form.answer_days, "answer_days")?,
    };
    settings.check()?;
    Ok(settings)
}

/// The settings as the form shows them (the inverse of
/// [`settings_from_form`]).
pub fn form_of(settings: &RoundSettings, districts: &[District]) -> SettingsForm {
    let date = |utc: i64| {
        let l = instant(utc).local;
        format!("{:04}-{:02}-{:02}", l.year, l.month, l.day)
    };
    let time = |utc: i64| {
        let l = instant(utc).local;
        format!("{:02}:{:02}", l.hour, l.minute)
    };
    SettingsForm {
        name: settings.name.clone(),
        slug: settings.slug.clone(),
        districts: districts
            .iter()
            .filter(|d| settings.districts.contains(&d.id))
            .map(|d| (d.numeral.clone(), "on".to_owned()))
            .collect(),
        populations: districts
            .iter()
            .map(|d| {
                let n = settings
                    .populations
                    .get(&d.id)
                    .copied()
                    .unwrap_or(d.population);
                (d.numeral.clone(), n.to_string())
            })
            .collect(),
        opens_date: date(settings.survey_opens_at),
        opens_time: time(settings.survey_opens_at),
        closes_date: date(settings.survey_closes_at),
        closes_time: time(settings.survey_closes_at),
        meetings_from: settings.meetings_from.map(date).unwrap_or_default(),
        // Shown as the last day (inclusive).
        meetings_until: settings
            .meetings_until
            .map(|until| date(until - 12 * 3600))
            .unwrap_or_default(),
        max_picks: settings.max_picks.to_string(),
        visibility: settings.results_visibility.as_str().to_owned(),
        answer_days: settings.answer_days.to_string(),
    }
}

/// The round with this id, or not found.
pub async fn round(s: &AppState, round_id: Id) -> Result<Round, AppError> {
    s.repo
        .rounds()
        .await?
        .into_iter()
        .find(|r| r.id == round_id)
        .ok_or(AppError::NotFound)
}

pub async fn summary(s: &AppState, round: Round) -> Result<RoundSummary, AppError> {
    Ok(RoundSummary {
        districts: s.repo.round_districts(round.id).await?,
        answers: s.repo.round_answer_count(round.id).await?,
        round,
    })
}

/// What the edit page of the round with `slug` shows.
pub async fn editor(s: &AppState, slug: &str) -> Result<RoundEditor, AppError> {
    let round = s
        .repo
        .round_by_slug(slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let id = round.id;
    let settings = s.repo.round_settings(id).await?.ok_or(AppError::NotFound)?;
    let all_districts = s.repo.all_districts().await?;
    Ok(RoundEditor {
        form: form_of(&settings, &all_districts),
        settings,
        all_districts,
        themes: s.repo.themes(id).await?,
        questions: s.repo.profile_questions(id).await?,
        revisions: s.repo.content_revisions(id).await?,
        summary: summary(s, round).await?,
    })
}

/// The kind of content a form names.
fn item_kind(item: &str) -> Result<super::model::ContentItem, AppError> {
    super::model::ContentItem::parse(item)
        .ok_or_else(|| AppError::invalid("item", Invalid::Unknown))
}

/// What every change to a round's content starts with: the caller is an
/// admin, the round exists, the form names a kind of content.
pub async fn content_change(
    round_id: Id,
    item: &str,
) -> Result<
    (
        AppState,
        crate::domain::StaffUser,
        super::model::ContentItem,
    ),
    AppError,
> {
    let (s, admin) = crate::server::auth::require(&[crate::domain::Role::Admin]).await?;
    round(&s, round_id).await?;
    Ok((s, admin, item_kind(item)?))
}
