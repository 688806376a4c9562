use super::model::ProjectorView;
use crate::domain::Id;
use crate::error::AppError;
use leptos::prelude::*;

/// A meeting's projector: the district's top survey actions as slides
/// (when the results are public), the approved postulates, the one being
/// discussed, and the QR code for joining. Public, like the room's screen.
#[server(endpoint = "moderation/projector", output = crate::codec::JsonText)]
pub async fn get_projector(meeting: Id) -> Result<ProjectorView, AppError> {
    use crate::server::{respond, state};
    respond(async {
        let s = state()?;
        let catalog = s.catalog().await?;
        let meeting = crate::postulates::service::meeting(&catalog, &meeting.to_string())?;
        let (state, items, last_event) =
            crate::postulates::service::live_snapshot(&s, meeting.id).await?;
        let (slides, answers) = slides(&s, &meeting).await?;
        let base = crate::server::site_url(&s, &crate::server::request_headers());
        let (live_url, qr_svg) = crate::meetings::live_link(&base, meeting.id)?;
        Ok(ProjectorView {
            qr_svg,
            live_url,
            meeting,
            state,
            items,
            last_event,
            slides,
            answers,
        })
    })
    .await
}

/// The district's top actions as slides, and its answers; none when the
/// results are not public yet.
#[cfg(feature = "ssr")]
pub async fn slides(
    s: &crate::server::AppState,
    meeting: &crate::domain::Meeting,
) -> Result<(Vec<super::model::Slide>, i64), AppError> {
    use crate::results::model::{Published, ResultsQuery};
    /// How many of the district's top actions are slides.
    const SLIDES: usize = 5;
    let query = ResultsQuery {
        district: Some(meeting.district.numeral.clone()),
        ..ResultsQuery::default()
    };
    // As the public sees them: the projector is in a public room.
    match crate::results::build::results(s, &http::HeaderMap::new(), query).await? {
        Published::Yes(view) => Ok((
            view.actions
                .iter()
                .take(SLIDES)
                .enumerate()
                .map(|(i, a)| super::model::Slide {
                    rank: i + 1,
                    label: a.label.clone(),
                    picks: a.picks,
                    share: a.share,
                })
                .collect(),
            view.answers,
        )),
        Published::NotYet(_) => Ok((Vec::new(), 0)),
    }
}
