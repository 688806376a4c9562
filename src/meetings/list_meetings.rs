use crate::domain::MeetingList;
use crate::error::AppError;
use leptos::prelude::*;

/// The current round's meetings, soonest first, with the months of its
/// meeting period (for the month view).
#[server(endpoint = "meetings", output = crate::codec::JsonText)]
pub async fn list_meetings() -> Result<MeetingList, AppError> {
    use crate::server::{respond, state};
    respond(async {
        let s = state()?;
        let catalog = s.catalog().await?;
        let headers = crate::server::request_headers();
        Ok(MeetingList {
            now: s.clock.now_ts(),
            months: period_months(&catalog),
            meetings: catalog.meetings.clone(),
            site_url: crate::server::site_url(&s, &headers),
        })
    })
    .await
}

/// The months of the round's meeting period (Kraków time); without a
/// period, the months that have meetings.
#[cfg(feature = "ssr")]
fn period_months(catalog: &crate::server::catalog::Catalog) -> Vec<(i32, u32)> {
    let month = |i: &crate::domain::Instant| (i.local.year, i.local.month);
    let (first, last) = match (&catalog.round.meetings_from, &catalog.round.meetings_until) {
        // `until` is exclusive: the last month is the one of the instant before it.
        (Some(from), Some(until)) => (
            month(from),
            month(&crate::server::time::instant(until.utc - 1)),
        ),
        _ => match (catalog.meetings.first(), catalog.meetings.last()) {
            (Some(a), Some(b)) => (month(&a.starts_at), month(&b.starts_at)),
            _ => return Vec::new(),
        },
    };
    let mut months = vec![first];
    while let Some(&(y, m)) = months.last() {
        if (y, m) >= last || months.len() > 24 {
            break;
        }
        months.push(if m == 12 { (y + 1, 1) } else { (y, m + 1) });
    }
    months
}
