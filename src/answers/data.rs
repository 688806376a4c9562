//! Server only: the approved postulates with the city's published answers
//! as open data and feeds, at stable URLs —
//! `/postulaty/dane/postulaty.csv|json` (every approved postulate; the
//! answer columns are empty until published) and
//! `/postulaty/odpowiedzi.atom` (published answers, newest first;
//! `?dzielnica=II` and `?wydzial=ZZM` narrow it). Text is written as text:
//! the CSV and JSON writers and the Atom writer escape it. Columns and keys
//! are documented in the README.

use super::model::ExportRow;
use crate::postulates::model::PostulateFilter;
use crate::server::AppState;
use atom_syndication::{Content, Entry, Feed, FixedDateTime, Link, Person, Text};
use axum::extract::{Path, Query, RawQuery, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use serde_json::json;

fn refuse(err: &crate::error::AppError) -> Response {
    crate::postulates::stream::refuse(err)
}

async fn rows(
    s: &AppState,
    filter: &PostulateFilter,
    answered_only: bool,
) -> Result<Vec<ExportRow>, crate::error::AppError> {
    let round = s.catalog().await?.round.id;
    Ok(s.repo
        .export_postulates(round, filter, answered_only)
        .await?)
}

/// The CSV's columns, in order (the JSON uses the same keys).
pub const COLUMNS: [&str; 14] = [
    "id",
    "district",
    "meeting_id",
    "theme",
    "department",
    "text",
    "me_too",
    "status",
    "status_pl",
    "justification",
    "planned_term",
    "cost_range",
    "answered_at",
    "url",
];

fn record(row: &ExportRow, base: &str) -> Vec<String> {
    let p = &row.postulate;
    let texts = super::texts::texts(crate::i18n::Lang::Pl);
    let a = p.answer.as_ref();
    vec![
        p.id.to_string(),
        p.district.label(),
        p.meeting_id.map(|m| m.to_string()).unwrap_or_default(),
        p.theme.as_ref().map(|t| t.pl.clone()).unwrap_or_default(),
        p.department.clone().unwrap_or_default(),
        p.body.clone(),
        p.me_too.to_string(),
        a.map(|a| a.status.as_str().to_owned()).unwrap_or_default(),
        a.map(|a| texts.status(a.status).to_owned())
            .unwrap_or_default(),
        a.map(|a| a.justification.clone()).unwrap_or_default(),
        a.and_then(|a| a.planned_term.clone()).unwrap_or_default(),
        a.and_then(|a| a.cost_range.clone()).unwrap_or_default(),
        row.answered_at
            .map(|t| crate::ui::iso_utc(t.utc))
            .unwrap_or_default(),
        format!("{base}/postulaty/nr/{}", p.id),
    ]
}

/// `/postulaty/dane/postulaty.csv` and `.json`.
pub async fn serve(
    State(s): State<AppState>,
    Path(file): Path<String>,
    headers: HeaderMap,
) -> Response {
    let csv = match file.as_str() {
        "postulaty.csv" => true,
        "postulaty.json" => false,
        _ => return refuse(&crate::error::AppError::NotFound),
    };
    let rows = match rows(&s, &PostulateFilter::default(), false).await {
        Ok(rows) => rows,
        Err(err) => return refuse(&err),
    };
    let base = crate::server::site_url(&s, &headers);
    if csv {
        let written = crate::server::csv_file::CsvFile::new(&COLUMNS).and_then(|mut out| {
            rows.iter().try_for_each(|r| out.record(record(r, &base)))?;
            out.finish()
        });
        let Ok(body) = written else {
            return refuse(&crate::error::AppError::Unavailable);
        };
        (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"postulaty-z-odpowiedziami.csv\"",
                ),
            ],
            body,
        )
            .into_response()
    } else {
        let items: Vec<_> = rows
            .iter()
            .map(|r| {
                let values = record(r, &base);
                serde_json::Map::from_iter(
                    COLUMNS
                        .iter()
                        .zip(values)
                        .map(|(k, v)| ((*k).to_owned(), json!(v))),
                )
            })
            .collect();
        axum::Json(json!({ "postulates": items })).into_response()
    }
}

#[derive(serde::Deserialize)]
pub struct FeedQuery {
    dzielnica: Option<String>,
    wydzial: Option<String>,
}

fn datetime(utc: i64) -> FixedDateTime {
    chrono::DateTime::from_timestamp(utc, 0)
        .unwrap_or_default()
        .fixed_offset()
}

/// `/postulaty/odpowiedzi.atom[?dzielnica=II][&wydzial=ZZM]`.
pub async fn atom(
    State(s): State<AppState>,
    Query(q): Query<FeedQuery>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Response {
    let lang = crate::i18n::feed_lang(raw.as_deref(), &headers);
    let filter = PostulateFilter {
        district: q.dzielnica.clone().filter(|v| !v.is_empty()),
        department: q.wydzial.clone().filter(|v| !v.is_empty()),
        page: 1,
        ..PostulateFilter::default()
    };
    let mut rows = match rows(&s, &filter, true).await {
        Ok(rows) => rows,
        Err(err) => return refuse(&err),
    };
    rows.sort_by_key(|r| std::cmp::Reverse(r.answered_at.map(|t| t.utc)));
    let base = crate::server::site_url(&s, &headers);
    let texts = super::texts::texts(lang);
    let mut scope = Vec::new();
    let mut query = Vec::new();
    if let Some(d) = &filter.district {
        scope.push(format!("{} {d}", texts.feed_district));
        query.push(format!("dzielnica={}", crate::ui::encode_query_value(d)));
    }
    if let Some(d) = &filter.department {
        scope.push(d.clone());
        query.push(format!("wydzial={}", crate::ui::encode_query_value(d)));
    }
    if lang == crate::i18n::Lang::En {
        query.push("jezyk=en".to_owned());
    }
    let self_url = if query.is_empty() {
        format!("{base}/postulaty/odpowiedzi.atom")
    } else {
        format!("{base}/postulaty/odpowiedzi.atom?{}", query.join("&"))
    };
    let link = |href: String, rel: &str| {
        let mut l = Link::default();
        l.set_href(href);
        l.set_rel(rel);
        l
    };
    let mut author = Person::default();
    author.set_name(texts.feed_author);
    let mut feed = Feed::default();
    feed.set_title(Text::plain(if scope.is_empty() {
        texts.feed_title.to_owned()
    } else {
        format!("{} ({})", texts.feed_title, scope.join(", "))
    }));
    feed.set_id(self_url.clone());
    feed.set_lang(lang.code().to_owned());
    feed.set_authors(vec![author]);
    feed.set_links(vec![
        link(self_url, "self"),
        link(format!("{base}/postulaty"), "alternate"),
    ]);
    feed.set_updated(datetime(
        rows.first()
            .and_then(|r| r.answered_at)
            .map_or(0, |t| t.utc),
    ));
    feed.set_entries(
        rows.iter()
            .filter_map(|r| {
                let p = &r.postulate;
                let answer = p.answer.as_ref()?;
                let url = format!("{base}/postulaty/nr/{}", p.id);
                let mut entry = Entry::default();
                entry.set_id(url.clone());
                entry.set_title(Text::plain(format!(
                    "{}: {}",
                    texts.status(answer.status),
                    p.body.chars().take(120).collect::<String>()
                )));
                entry.set_updated(datetime(r.answered_at.map_or(0, |t| t.utc)));
                entry.set_links(vec![link(url, "alternate")]);
                let mut content = Content::default();
                content.set_content_type("text".to_owned());
                content.set_value(format!(
                    "{}\n\n{}{}",
                    p.body,
                    answer.justification,
                    p.department
                        .as_ref()
                        .map(|d| format!("\n\n{d}"))
                        .unwrap_or_default()
                ));
                entry.set_content(content);
                Some(entry)
            })
            .collect::<Vec<_>>(),
    );
    (
        [(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")],
        feed.to_string(),
    )
        .into_response()
}
