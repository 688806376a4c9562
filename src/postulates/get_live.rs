use super::model::LiveView;
use crate::domain::Id;
use crate::error::AppError;
use leptos::prelude::*;

/// A meeting's live page: whether it takes postulates, the approved ones,
/// the one being discussed, and the form a plain post sent back
/// (`returned`: its key). Gives the device its token (for "me too").
#[server(endpoint = "postulates/live", output = crate::codec::JsonText)]
pub async fn get_live(meeting: Id, returned: Option<String>) -> Result<LiveView, AppError> {
    use super::service::live_snapshot;
    use crate::server::{respond, state};
    respond(async {
        let s = state()?;
        let catalog = s.catalog().await?;
        let meeting = super::service::meeting(&catalog, &meeting.to_string())?;
        crate::survey::service::ensure_device_cookie(&s).await;
        let (state, items, last_event) = live_snapshot(&s, meeting.id).await?;
        let supported = match crate::survey::service::device_token_from_request(&s.signer) {
            Some(device) => {
                let key = super::service::support_key(&s, catalog.round.id, &device);
                s.repo.supported(meeting.id, &key).await?
            }
            None => Vec::new(),
        };
        let mut mine = Vec::new();
        for code in super::service::sent_codes() {
            mine.extend(s.repo.followed_postulate(&code).await?);
        }
        let returned = match returned {
            Some(key) => crate::server::returned::take(&s, &key).await,
            None => None,
        };
        Ok(LiveView {
            returned,
            supported,
            mine,
            state,
            items,
            last_event,
            themes: catalog.theme_names(),
            districts: catalog.districts.clone(),
            client_id: uuid::Uuid::new_v4().to_string(),
            meeting,
        })
    })
    .await
}
