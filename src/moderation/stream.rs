//! Server only: a meeting's event stream for its moderators,
//! `/panel/moderacja/<id>/zdarzenia` — the public events and the queue's.
//! The role and district are checked like every moderation function.

use crate::postulates::stream::{refuse, Resume};
use crate::server::live::{resume_point, stream};
use crate::server::AppState;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};

pub async fn serve(
    State(s): State<AppState>,
    Path(id): Path<String>,
    Query(resume): Query<Resume>,
    headers: HeaderMap,
) -> Response {
    let allowed = async {
        let user = crate::server::auth::user_of_headers(&s, &headers)
            .await?
            .ok_or(crate::error::AppError::Unauthorized)?;
        let catalog = s.catalog().await?;
        let meeting = crate::postulates::service::meeting(&catalog, &id)?;
        if !super::service::may_moderate(&user, meeting.district.id) {
            return Err(crate::error::AppError::Forbidden);
        }
        Ok(meeting.id)
    }
    .await;
    match allowed {
        Ok(id) => match stream(s, id, resume_point(&headers, resume.od), true).await {
            Ok(sse) => sse.into_response(),
            Err(err) => refuse(&err),
        },
        Err(err) => refuse(&err),
    }
}
