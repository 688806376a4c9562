//! Server-side moderation rules: who may moderate which meeting (admins,
//! and moderators — limited to their districts when their role says so).
//! Server only; used by the moderation server functions and stream.

use crate::domain::{Meeting, Role, StaffUser};
use crate::error::AppError;
use crate::server::AppState;

/// Whether `user` may moderate meetings in the district `district_id`
/// ([`StaffUser::may_moderate`]).
pub fn may_moderate(user: &StaffUser, district_id: i64) -> bool {
    user.may_moderate(district_id)
}

/// The districts `user` moderates: `None` for every district (admins,
/// moderators without a district limit), else the listed ones.
pub fn district_scope(user: &StaffUser) -> Option<Vec<i64>> {
    if user.has(Role::Admin) {
        return None;
    }
    let mut districts = Vec::new();
    for grant in user.roles.iter().filter(|g| g.role == Role::Moderator) {
        match grant.district_id {
            None => return None,
            Some(d) => districts.push(d),
        }
    }
    Some(districts)
}

/// The signed-in moderator (or admin) and a meeting of the current round
/// they may moderate: 401 signed out, 403 wrong role or district, 404 no
/// such meeting.
pub async fn require_meeting(meeting: &str) -> Result<(AppState, StaffUser, Meeting), AppError> {
    let (s, user) = crate::server::auth::require(&[Role::Moderator, Role::Admin]).await?;
    let catalog = s.catalog().await?;
    let meeting = crate::postulates::service::meeting(&catalog, meeting)?;
    if !may_moderate(&user, meeting.district.id) {
        return Err(AppError::Forbidden);
    }
    Ok((s, user, meeting))
}
