//! The server: configuration, state, database, HTTP plumbing, start-up.
//!
//! Compiled only with the `ssr` feature. Features reach the server through
//! [`state`] (inside server functions) and [`respond`] (which turns an
//! [`AppError`] into its HTTP status); nothing in the browser build touches
//! this module.

pub mod clock;
pub mod config;
pub mod db;
pub mod http;
pub mod seed;
pub mod start;
pub mod time;

use crate::error::AppError;
use axum::extract::FromRef;
use leptos::prelude::*;
use std::sync::Arc;

/// Everything a request handler or server function may need.
#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub repo: Arc<dyn db::Repository>,
    pub clock: Arc<dyn clock::Clock>,
    pub config: Arc<config::Config>,
}

/// The application state, from a server function's or page's context.
pub fn state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from the request context");
        AppError::Unavailable
    })
}

/// Runs a server function's body; an error is answered with its own HTTP
/// status (the single place where errors become statuses).
pub async fn respond<T>(
    body: impl std::future::Future<Output = Result<T, AppError>>,
) -> Result<T, AppError> {
    let result = body.await;
    if let Err(err) = &result {
        if let Some(options) = use_context::<leptos_axum::ResponseOptions>() {
            let status = ::http::StatusCode::from_u16(err.status())
                .unwrap_or(::http::StatusCode::INTERNAL_SERVER_ERROR);
            options.set_status(status);
        }
    }
    result
}
