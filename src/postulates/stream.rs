//! Server only: a meeting's public event stream,
//! `/spotkania/<id>/na-zywo/zdarzenia` (server-sent events; see
//! [`crate::server::live`]): approved postulates, "me too" counts, the one
//! being discussed, open or closed, the projector's slide. Never the
//! moderators' queue.

use crate::server::live::{resume_point, stream};
use crate::server::AppState;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

#[derive(serde::Deserialize)]
pub struct Resume {
    pub od: Option<i64>,
}

/// Answers an error as its status and a short bilingual text.
pub fn refuse(err: &crate::error::AppError) -> Response {
    let status = StatusCode::from_u16(err.status()).unwrap_or(StatusCode::NOT_FOUND);
    (
        status,
        err.message(crate::i18n::Lang::Pl) + " / " + &err.message(crate::i18n::Lang::En),
    )
        .into_response()
}

pub async fn serve(
    State(s): State<AppState>,
    Path(id): Path<String>,
    Query(resume): Query<Resume>,
    headers: HeaderMap,
) -> Response {
    let id = match s.catalog().await {
        Ok(catalog) => super::service::meeting(&catalog, &id).map(|m| m.id),
        Err(err) => Err(err),
    };
    match id {
        Ok(id) => match stream(s, id, resume_point(&headers, resume.od), None).await {
            Ok(sse) => sse.into_response(),
            Err(err) => refuse(&err),
        },
        Err(err) => refuse(&err),
    }
}
