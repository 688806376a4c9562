use crate::error::AppError;
use crate::ui::RenderedView;
use leptos::prelude::*;

/// The calendar (`/spotkania`) with this district filter, view (`widok`:
/// "miesiac" or the list) and month, drawn as the page draws it, for the
/// calendar's island to put in place. Public, like the page.
#[server(endpoint = "meetings/view", output = crate::codec::JsonText)]
pub async fn get_calendar_view(
    dzielnica: Option<String>,
    widok: Option<String>,
    miesiac: Option<String>,
) -> Result<RenderedView, AppError> {
    use super::pages::{Calendar, CalendarQuery};
    let query = CalendarQuery::parse(|name| match name {
        "dzielnica" => dzielnica.clone(),
        "widok" => widok.clone(),
        "miesiac" => miesiac.clone(),
        _ => None,
    });
    let list = super::list_meetings().await?;
    Ok(RenderedView {
        title: super::texts::use_texts().meetings_title.to_owned(),
        html: view! { <Calendar list query/> }.to_html(),
    })
}
