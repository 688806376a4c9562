//! Server only: the results as open data, at stable URLs —
//! `/wyniki/dane/wyniki.csv|json` (every district and the whole area) and
//! `/wyniki/dane/dzielnica-<numeral>.csv|json` (one district). The numbers
//! come from the same [`build::compose`] as the pages, so they are exactly
//! the page's. Same visibility as the pages (staff always, the public per
//! the round's setting). Columns and keys are documented in the README.

use super::build;
use super::model::{Cell, ResultsQuery, ResultsView, SortOrder, SMALL_SAMPLE};
use crate::error::AppError;
use crate::server::AppState;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

/// Which file was asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
struct DataFile {
    /// `None`: the whole round.
    district: Option<String>,
    csv: bool,
}

impl DataFile {
    fn parse(file: &str) -> Option<Self> {
        let (stem, csv) = if let Some(stem) = file.strip_suffix(".csv") {
            (stem, true)
        } else {
            (file.strip_suffix(".json")?, false)
        };
        let district = match stem {
            "wyniki" => None,
            _ => Some(stem.strip_prefix("dzielnica-")?.to_owned()),
        };
        Some(Self { district, csv })
    }
}

fn refuse(err: &AppError) -> Response {
    let status = StatusCode::from_u16(err.status()).unwrap_or(StatusCode::NOT_FOUND);
    let text = match status {
        StatusCode::NOT_FOUND => "Nie ma takiego pliku. / No such file.",
        StatusCode::FORBIDDEN => {
            "Wyniki nie są jeszcze publiczne. / The results are not public yet."
        }
        _ => "Dane są chwilowo niedostępne. / The data is unavailable for now.",
    };
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        text,
    )
        .into_response()
}

/// `GET /wyniki/dane/<file>`.
pub async fn serve(
    State(s): State<AppState>,
    Path(file): Path<String>,
    headers: HeaderMap,
) -> Response {
    let Some(wanted) = DataFile::parse(&file) else {
        return refuse(&AppError::NotFound);
    };
    match views(&s, &headers, &wanted).await {
        Ok((round_slug, views)) => {
            let name = match &wanted.district {
                Some(numeral) => format!("wyniki-{round_slug}-dzielnica-{numeral}"),
                None => format!("wyniki-{round_slug}"),
            };
            if wanted.csv {
                match csv_of(&views) {
                    Ok(body) => (
                        [
                            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
                            (
                                header::CONTENT_DISPOSITION,
                                format!("attachment; filename=\"{name}.csv\""),
                            ),
                        ],
                        body,
                    )
                        .into_response(),
                    Err(err) => {
                        tracing::error!(error = %err, "results CSV");
                        refuse(&AppError::Unavailable)
                    }
                }
            } else {
                (
                    [
                        (
                            header::CONTENT_TYPE,
                            "application/json; charset=utf-8".to_owned(),
                        ),
                        (
                            header::CONTENT_DISPOSITION,
                            format!("inline; filename=\"{name}.json\""),
                        ),
                    ],
                    json_of(&round_slug, &views).to_string(),
                )
                    .into_response()
            }
        }
        Err(err) => refuse(&err),
    }
}

/// The views a file holds: one district, or every district then the whole area.
async fn views(
    s: &AppState,
    headers: &HeaderMap,
    wanted: &DataFile,
) -> Result<(String, Vec<ResultsView>), AppError> {
    let catalog = s.catalog().await?;
    if build::access(s, &catalog, headers).await?.is_none() {
        return Err(AppError::Forbidden);
    }
    let counts = s.counts(catalog.round.id).await?;
    let view = |district: Option<String>| {
        build::compose(
            &catalog,
            &counts.tallies,
            &counts.participation,
            ResultsQuery {
                district,
                theme: None,
                sort: SortOrder::Survey,
            },
        )
    };
    let views = match &wanted.district {
        Some(numeral) => vec![view(Some(numeral.clone()))?],
        None => {
            let mut all = catalog
                .districts
                .iter()
                .map(|d| view(Some(d.numeral.clone())))
                .collect::<Result<Vec<_>, _>>()?;
            all.push(view(None)?);
            all
        }
    };
    Ok((catalog.round.slug.clone(), views))
}

/// One row per action and view.
fn csv_of(views: &[ResultsView]) -> Result<String, csv::Error> {
    let mut out = crate::server::csv_file::CsvFile::new(&[
        "district",
        "district_name",
        "district_answers",
        "small_sample",
        "theme",
        "action",
        "label_pl",
        "label_en",
        "picks",
        "share_percent",
    ])?;
    for view in views {
        let (numeral, name) = match &view.district {
            Some(d) => (d.numeral.clone(), d.name.clone()),
            None => ("all".to_owned(), "wszystkie dzielnice".to_owned()),
        };
        for a in &view.actions {
            out.record([
                numeral.as_str(),
                name.as_str(),
                &view.answers.to_string(),
                if view.answers < SMALL_SAMPLE {
                    "true"
                } else {
                    "false"
                },
                &a.theme_code,
                &a.code,
                &a.label.pl,
                &a.label.en,
                &a.picks.to_string(),
                &format!("{:.1}", a.share),
            ])?;
        }
    }
    Ok(String::from_utf8_lossy(&out.finish()?).into_owned())
}

fn json_of(round_slug: &str, views: &[ResultsView]) -> Value {
    let round_name = views.first().map(|v| v.round_name.clone());
    let views: Vec<Value> = views
        .iter()
        .map(|v| {
            json!({
                "district": v.district.as_ref().map(|d| d.numeral.clone()),
                "district_name": v.district.as_ref().map(|d| d.name.clone()),
                "answers": v.answers,
                "small_sample": v.answers < SMALL_SAMPLE,
                "actions": v.actions.iter().map(|a| json!({
                    "code": a.code,
                    "theme": a.theme_code,
                    "label_pl": a.label.pl,
                    "label_en": a.label.en,
                    "picks": a.picks,
                    "share_percent": a.share,
                })).collect::<Vec<_>>(),
                "profile": v.profile.iter().map(|q| json!({
                    "question": q.code,
                    "prompt_pl": q.prompt.pl,
                    "options": q.options.iter().map(|(code, label, cell)| json!({
                        "code": code,
                        "label_pl": label.pl,
                        // null: fewer than 5 answers, withheld.
                        "answers": match cell { Cell::Count(n) => Some(*n), Cell::Hidden => None },
                    })).collect::<Vec<_>>(),
                })).collect::<Vec<_>>(),
                "days": v.days.iter().map(|(day, n)| json!({ "day": day, "answers": n })).collect::<Vec<_>>(),
                "other_needs": v.needs.iter().map(|n| json!({ "phrase": n.phrase, "answers": n.answers })).collect::<Vec<_>>(),
                "sources": v.by_source.iter().map(|(source, n)| json!({ "source": source.as_str(), "answers": n })).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({
        "round": round_slug,
        "round_name": round_name,
        "views": views,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_map_to_views() {
        assert_eq!(
            DataFile::parse("wyniki.csv"),
            Some(DataFile {
                district: None,
                csv: true
            })
        );
        assert_eq!(
            DataFile::parse("dzielnica-II.json"),
            Some(DataFile {
                district: Some("II".into()),
                csv: false
            })
        );
        assert_eq!(DataFile::parse("wyniki.xml"), None);
        assert_eq!(DataFile::parse("cokolwiek.csv"), None);
    }
}
