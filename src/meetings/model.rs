//! The meeting calendar's own types: a meeting's status and the
//! accessibility of its venue. Shared by the pages, the feeds and the
//! repository; plain data, compiled for both builds.

use serde::{Deserialize, Serialize};

/// Where a meeting stands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MeetingStatus {
    #[default]
    Planned,
    /// Moved to another time (the old start is kept, with the reason).
    Moved,
    /// Will not take place (with the reason).
    Cancelled,
    /// Took place.
    Held,
}

impl MeetingStatus {
    /// Held or cancelled: the meeting takes no more postulates.
    pub fn is_over(self) -> bool {
        matches!(self, Self::Held | Self::Cancelled)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Planned => "planned",
            Self::Moved => "moved",
            Self::Cancelled => "cancelled",
            Self::Held => "held",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "planned" => Some(Self::Planned),
            "moved" => Some(Self::Moved),
            "cancelled" => Some(Self::Cancelled),
            "held" => Some(Self::Held),
            _ => None,
        }
    }
}

/// What a venue offers people with disabilities.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Accessibility {
    /// Step-free entrance (ramp or lift).
    StepFree,
    /// Induction loop for hearing aids.
    InductionLoop,
    /// A Polish sign language interpreter, on request.
    SignLanguage,
}

impl Accessibility {
    pub const ALL: [Accessibility; 3] = [Self::StepFree, Self::InductionLoop, Self::SignLanguage];

    pub fn code(self) -> &'static str {
        match self {
            Self::StepFree => "step_free",
            Self::InductionLoop => "induction_loop",
            Self::SignLanguage => "sign_language",
        }
    }

    /// The codes of a stored list (`step_free,induction_loop`); unknown ones
    /// are skipped.
    pub fn parse_list(codes: &str) -> Vec<Accessibility> {
        codes
            .split(',')
            .filter_map(|code| Self::ALL.into_iter().find(|a| a.code() == code.trim()))
            .collect()
    }
}

/// A meeting's page: the meeting, its live page's address and that
/// address as a QR code (SVG, drawn on the server).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingView {
    pub meeting: crate::domain::Meeting,
    /// Absolute URL of `/spotkania/<id>/na-zywo`.
    pub live_url: String,
    /// Absolute URL of the survey.
    pub survey_url: String,
    pub qr_svg: String,
    /// The server's "now" (UTC seconds): past, upcoming, live.
    pub now: i64,
    /// Residents can send postulates now (the moderators opened them).
    pub postulates_open: bool,
    /// Where to ask for a sign language interpreter (the public body's
    /// contact address).
    pub contact_email: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_and_accessibility_round_trip() {
        for s in [
            MeetingStatus::Planned,
            MeetingStatus::Moved,
            MeetingStatus::Cancelled,
            MeetingStatus::Held,
        ] {
            assert_eq!(MeetingStatus::parse(s.as_str()), Some(s));
        }
        assert_eq!(MeetingStatus::parse("postponed"), None);
        assert_eq!(
            Accessibility::parse_list("step_free, sign_language,unknown,"),
            vec![Accessibility::StepFree, Accessibility::SignLanguage]
        );
        assert!(Accessibility::parse_list("").is_empty());
    }
}
