use crate::error::AppError;
use leptos::prelude::*;

/// Rewords a theme, action, question or option of a round (admins;
/// audited). Always allowed — a typo fixed does not change what an answer
/// means — and the old wording is kept in the round's history.
#[server(endpoint = "admin/rounds/content/reword", output = crate::codec::JsonText)]
pub async fn reword_content(
    round: i64,
    item: String,
    id: i64,
    label_pl: String,
    #[server(default)] label_en: String,
) -> Result<(), AppError> {
    use super::model::wording;
    use crate::server::{auth, respond};
    respond(async {
        let (s, admin, kind) = super::service::content_change(round, &item).await?;
        let (pl, en) = wording(&label_pl, &label_en)?;
        let now = s.clock.now_ts();
        if !s
            .repo
            .reword_content(round, kind, id, (&pl, &en), Some(admin.id), now)
            .await?
        {
            return Err(AppError::NotFound);
        }
        s.changed(crate::server::live::Changed::ALL);
        auth::audit(
            &s,
            Some(admin.id),
            "content_reworded",
            kind.as_str(),
            Some(&id.to_string()),
            Some(&pl),
        )
        .await
    })
    .await
}
