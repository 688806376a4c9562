use super::model::MeetingView;
use crate::domain::Id;
use crate::error::AppError;
use leptos::prelude::*;

/// One meeting with the officials who attend it, and the QR code of its
/// live page.
#[server(endpoint = "meeting", output = crate::codec::JsonText)]
pub async fn get_meeting(id: Id) -> Result<MeetingView, AppError> {
    use crate::server::{respond, state};
    respond(async {
        let s = state()?;
        let catalog = s.catalog().await?;
        let meeting = match catalog.meetings.iter().find(|m| m.id == id) {
            Some(meeting) => meeting.clone(),
            // A meeting of an earlier round.
            None => s.repo.meeting(id).await?.ok_or(AppError::NotFound)?,
        };
        let base = crate::server::site_url(&s, &crate::server::request_headers());
        let (live_url, qr_svg) = live_link(&base, id)?;
        let postulates_open = !meeting.status.is_over() && s.repo.live_state(id).await?.open;
        Ok(MeetingView {
            postulates_open,
            contact_email: s.config.body.contact_email.clone(),
            qr_svg,
            survey_url: format!("{base}/ankieta"),
            live_url,
            meeting,
            now: s.clock.now_ts(),
        })
    })
    .await
}

/// A meeting's live page on the site at `base`: its address and that
/// address as a QR code (the meeting page, the poster and the projector).
#[cfg(feature = "ssr")]
pub fn live_link(base: &str, meeting: Id) -> Result<(String, String), AppError> {
    let url = format!("{base}/spotkania/{meeting}/na-zywo");
    let qr = qr_svg(&url)?;
    Ok((url, qr))
}

/// `url` as a QR code: an SVG that scales to its box.
#[cfg(feature = "ssr")]
fn qr_svg(url: &str) -> Result<String, AppError> {
    use qrcode::render::svg;
    let code =
        qrcode::QrCode::with_error_correction_level(url, qrcode::EcLevel::M).map_err(|err| {
            tracing::error!(error = %err, "QR code");
            AppError::Unavailable
        })?;
    Ok(code
        .render::<svg::Color>()
        .min_dimensions(240, 240)
        .dark_color(svg::Color("#000000"))
        .light_color(svg::Color("#ffffff"))
        .build())
}
