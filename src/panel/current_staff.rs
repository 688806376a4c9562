use crate::domain::StaffUser;
use crate::error::AppError;
use leptos::prelude::*;

/// The signed-in staff member, or `None` (public: the staff pages use it to
/// offer the sign-in form).
#[server(endpoint = "staff/me", output = crate::codec::JsonText)]
pub async fn current_staff() -> Result<Option<StaffUser>, AppError> {
    use crate::server::{auth, respond, state};
    respond(async {
        let s = state()?;
        auth::current_user(&s).await
    })
    .await
}
