//! Server only: `GET /panel/rundy/<slug>/definicja.json`, a round's
//! definition file (settings, districts, survey content, meetings — no
//! answers) for admins to keep, review and load elsewhere.

use crate::domain::Role;
use crate::error::AppError;
use crate::server::AppState;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

pub async fn serve(
    State(s): State<AppState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
) -> Response {
    match file(&s, &slug, &headers).await {
        Ok(body) => (
            [
                (
                    header::CONTENT_TYPE,
                    "application/json; charset=utf-8".to_owned(),
                ),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"runda-{slug}.json\""),
                ),
                (header::CACHE_CONTROL, "no-store".to_owned()),
            ],
            body,
        )
            .into_response(),
        Err(err) => {
            let status = StatusCode::from_u16(err.status()).unwrap_or(StatusCode::NOT_FOUND);
            let lang = crate::i18n::Lang::Pl;
            (
                status,
                [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
                err.message(lang),
            )
                .into_response()
        }
    }
}

async fn file(s: &AppState, slug: &str, headers: &HeaderMap) -> Result<String, AppError> {
    let user = crate::server::auth::user_of_headers(s, headers)
        .await?
        .ok_or(AppError::Unauthorized)?;
    if !user.has(Role::Admin) {
        return Err(AppError::Forbidden);
    }
    let round = s
        .repo
        .round_by_slug(slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let def = s
        .repo
        .round_definition(round.id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(super::definition::write(
        &def,
        &s.repo.all_districts().await?,
    ))
}
