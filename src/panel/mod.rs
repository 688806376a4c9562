//! The staff area at `/panel` (moderators, officials, administrators) and its
//! sign-in page `/panel/logowanie`.

mod pages;

pub use pages::{LoginPage, PanelPage};
