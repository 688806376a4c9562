//! Made-up postulates for the demo, so the live page, the console, the
//! projector and `/postulaty` have something to show: a few raised at the
//! first two meetings (Stare Miasto and Grzegórzki), most approved with a
//! theme, a department and some "me too", two still waiting for a
//! moderator; the first meeting is left open for postulates. Written with
//! the demo answers (`PORO_DEMO_ANSWERS=0` leaves both out), through the
//! same repository calls as real ones, so histories and events are real.

use super::db::postulates::NewPostulate;
use super::db::{DbError, Repository};
use super::secrets::short_code;
use super::time::warsaw_day_start;
use crate::postulates::model::{LiveChange, Moderation};

/// (meeting index, text, theme code, department code, approved, "me too")
const DEMO: &[(usize, &str, &str, &str, bool, u32)] = &[
    (
        0,
        "Więcej ławek na Plantach, szczególnie od strony Dworca Głównego",
        "public-space",
        "ZZM",
        true,
        12,
    ),
    (
        0,
        "Nasadzenia drzew wzdłuż ulicy Karmelickiej",
        "greenery",
        "ZZM",
        true,
        15,
    ),
    (
        0,
        "Ograniczyć wjazd dostawczaków na Rynek Główny po godzinie 10:00",
        "transport",
        "ZDMK",
        true,
        8,
    ),
    (
        0,
        "Publiczne toalety przy Bulwarach Wiślanych czynne także zimą",
        "public-space",
        "",
        true,
        5,
    ),
    (
        0,
        "Ścieżka rowerowa wzdłuż Alei Trzech Wieszczów bez przerw na skrzyżowaniach",
        "transport",
        "",
        false,
        0,
    ),
    (
        1,
        "Bezpieczne przejście dla pieszych przy Rondzie Mogilskim",
        "safety",
        "ZDMK",
        true,
        9,
    ),
    (
        1,
        "Park kieszonkowy na skwerze przy ulicy Rzeźniczej",
        "greenery",
        "ZZM",
        true,
        6,
    ),
    (
        1,
        "Dłuższe godziny otwarcia biblioteki na Grzegórzkach",
        "culture",
        "",
        true,
        3,
    ),
    (
        1,
        "Oświetlenie ścieżki wzdłuż Wisły na wysokości Grzegórzek",
        "safety",
        "",
        false,
        0,
    ),
];

/// Writes the demo postulates into the active round.
pub async fn generate(repo: &dyn Repository) -> Result<(), DbError> {
    let Some(round) = repo.active_round().await? else {
        return Ok(());
    };
    let meetings = repo.meetings(round.id).await?;
    let themes = repo.themes(round.id).await?;
    let departments = repo.departments().await?;
    for (n, (meeting, text, theme, department, approve, me_too)) in DEMO.iter().enumerate() {
        let Some(meeting) = meetings.get(*meeting) else {
            continue;
        };
        let theme_id = themes.iter().find(|t| t.code == *theme).map(|t| t.id);
        let new = NewPostulate {
            round_id: round.id,
            meeting_id: meeting.id,
            district_id: meeting.district.id,
            theme_id,
            body: (*text).to_owned(),
            client_id: None,
            content_hash: None,
            code: short_code(),
            submitted_on: warsaw_day_start(meeting.starts_at.utc),
            on_behalf_of: None,
            now: meeting.starts_at.utc,
        };
        let (super::db::postulates::PostulateInsert::Stored { id, .. }, _) =
            repo.insert_postulate(&new).await?
        else {
            continue;
        };
        if !approve {
            continue;
        }
        let at = meeting.starts_at.utc + 600 + n as i64 * 60;
        let mut changes = vec![Moderation::Approve];
        if let Some(d) = departments.iter().find(|d| d.code == *department) {
            changes.push(Moderation::Department(Some(d.id)));
        }
        for (version, change) in changes.iter().enumerate() {
            repo.moderate(id, version as i64 + 1, change, None, at)
                .await?;
        }
        for k in 0..*me_too {
            repo.support_postulate(id, &format!("demo-{n}-{k}")).await?;
        }
    }
    if let Some(first) = meetings.first() {
        repo.change_live_state(first.id, LiveChange::Open(true))
            .await?;
    }
    Ok(())
}
