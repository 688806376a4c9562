use crate::error::AppError;
use leptos::prelude::*;

/// Adds a theme, an action (`parent`: its theme's id), a profile question
/// or an option (`parent`: its question's id) at the end of its list
/// (admins; audited). Allowed after the first answer too: what is added
/// changes no answer given.
#[server(endpoint = "admin/rounds/content/add", output = crate::codec::JsonText)]
pub async fn add_content(
    round: i64,
    item: String,
    #[server(default)] parent: Option<i64>,
    code: String,
    label_pl: String,
    #[server(default)] label_en: String,
) -> Result<(), AppError> {
    use super::model::{content_text, ContentItem};
    use crate::error::Invalid;
    use crate::server::{auth, respond};
    respond(async {
        let (s, admin, kind) = super::service::content_change(round, &item).await?;
        let parent_known = match (kind.parent(), parent) {
            (None, _) => true,
            (Some(_), None) => false,
            (Some(ContentItem::Theme), Some(p)) => {
                s.repo.themes(round).await?.iter().any(|t| t.id == p)
            }
            (Some(_), Some(p)) => s
                .repo
                .profile_questions(round)
                .await?
                .iter()
                .any(|q| q.id == p),
        };
        if !parent_known {
            return Err(AppError::invalid("parent", Invalid::Unknown));
        }
        let (code, pl, en) = content_text(&code, &label_pl, &label_en)?;
        let id = s
            .repo
            .add_content(round, kind, parent, &code, &pl, &en)
            .await?
            // A code the round (an option's question) has already.
            .ok_or_else(|| AppError::invalid("code", Invalid::Duplicate))?;
        s.changed(crate::server::live::Changed::ALL);
        auth::audit(
            &s,
            Some(admin.id),
            "content_added",
            kind.as_str(),
            Some(&id.to_string()),
            Some(&format!("{code}: {pl}")),
        )
        .await
    })
    .await
}
