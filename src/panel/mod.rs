//! The staff area: `/panel` (who is signed in, their areas, password),
//! `/panel/logowanie` (sign-in), `/panel/moderacja` (moderators; the
//! officials' queue is [`crate::answers`]'s),
//! and `/panel/admin` (accounts and their
//! roles, departments, audit log). Every server function here checks the role on the server
//! (`server::auth::require`); pages only show what those functions return.

mod change_password;
mod change_role;
mod create_department;
mod create_staff;
mod current_staff;
mod get_audit_log;
#[cfg(feature = "ssr")]
mod grant;
mod list_departments;
mod list_staff;
mod login;
mod logout;
mod moderation_overview;
mod pages;
mod set_staff_active;
pub mod texts;

pub use change_password::{change_password, ChangePassword};
pub use change_role::{change_role, ChangeRole};
pub use create_department::{create_department, CreateDepartment};
pub use create_staff::{create_staff, CreateStaff};
pub use current_staff::current_staff;
pub use get_audit_log::get_audit_log;
pub use list_departments::list_departments;
pub use list_staff::list_staff;
pub use login::{login, Login};
pub use logout::{logout, Logout};
pub use moderation_overview::moderation_overview;
pub use pages::{AdminPage, LoginPage, ModerationPage, PanelPage};
pub use set_staff_active::{set_staff_active, SetStaffActive};
