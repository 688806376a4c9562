//! Server only: a meeting's event stream for its moderators,
//! `/panel/moderacja/<id>/zdarzenia` — the public events and the queue's.
//! The role and district are checked like every moderation function —
//! when it opens, every minute after, and at once when a staff member
//! signs out, is disabled or loses a role in this process.

use crate::domain::Id;
use crate::error::AppError;
use crate::postulates::stream::{refuse, Resume};
use crate::server::live::{resume_point, stream, StaffCheck};
use crate::server::AppState;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

pub async fn serve(
    State(s): State<AppState>,
    Path(id): Path<String>,
    Query(resume): Query<Resume>,
    headers: HeaderMap,
) -> Response {
    match allowed(&s, &headers, &id).await {
        Ok(meeting_id) => {
            // Authorised when it opens, and again every minute and whenever
            // a staff member's access changes: the stream ends with it.
            let check: StaffCheck = {
                let (s, headers, id) = (s.clone(), headers.clone(), id.clone());
                Arc::new(move || {
                    let (s, headers, id) = (s.clone(), headers.clone(), id.clone());
                    Box::pin(async move { allowed(&s, &headers, &id).await.is_ok() })
                })
            };
            match stream(
                s,
                meeting_id,
                resume_point(&headers, resume.od),
                Some(check),
            )
            .await
            {
                Ok(sse) => sse.into_response(),
                Err(err) => refuse(&err),
            }
        }
        Err(err) => refuse(&err),
    }
}

/// The meeting's id when the request's staff session may moderate it.
async fn allowed(s: &AppState, headers: &HeaderMap, id: &str) -> Result<Id, AppError> {
    let user = crate::server::auth::user_of_headers(s, headers)
        .await?
        .ok_or(AppError::Unauthorized)?;
    let catalog = s.catalog().await?;
    let meeting = crate::postulates::service::meeting(&catalog, id)?;
    if !super::service::may_moderate(&user, meeting.district.id) {
        return Err(AppError::Forbidden);
    }
    Ok(meeting.id)
}
