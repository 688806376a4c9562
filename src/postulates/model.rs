//! The postulates' types, shared by the public pages, the live views, the
//! moderators' console and every repository backend: the state machine of
//! a postulate ([`Moderation::next_status`]), the live events, the public
//! list's filter. Plain data, compiled for server and browser.

use crate::domain::{Bilingual, District, Id, Instant};
use serde::{Deserialize, Serialize};

/// Shortest and longest postulate, in characters.
pub const MIN_CHARS: usize = 10;
pub const MAX_CHARS: usize = 1000;
/// Postulates per page of the public list.
pub const PER_PAGE: i64 = 20;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PostulateStatus {
    Submitted,
    Approved,
    Rejected,
    Merged,
}

impl PostulateStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Submitted => "submitted",
            Self::Approved => "approved",
            Self::Rejected => "rejected",
            Self::Merged => "merged",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [
            Self::Submitted,
            Self::Approved,
            Self::Rejected,
            Self::Merged,
        ]
        .into_iter()
        .find(|v| v.as_str() == s)
    }
}

/// Why a moderator rejected a postulate (a rejected one is never public).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RejectReason {
    Offensive,
    PersonalData,
    OutOfScope,
    Duplicate,
    Spam,
}

impl RejectReason {
    pub const ALL: [Self; 5] = [
        Self::Offensive,
        Self::PersonalData,
        Self::OutOfScope,
        Self::Duplicate,
        Self::Spam,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Offensive => "offensive",
            Self::PersonalData => "personal_data",
            Self::OutOfScope => "out_of_scope",
            Self::Duplicate => "duplicate",
            Self::Spam => "spam",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// One change a moderator makes to a postulate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Moderation {
    Approve,
    Reject(RejectReason),
    /// An approved postulate taken off public view (personal data noticed
    /// late, say), with the reason: it becomes rejected.
    Withdraw(RejectReason),
    /// A rejection undone: back in the queue, waiting for a decision (a
    /// reject is never final by mistake).
    Restore,
    /// New wording (the earlier one stays in the history).
    Edit(String),
    /// Into another postulate of the same meeting (an approved one only
    /// into another approved one).
    Merge(Id),
    Theme(Option<Id>),
    Department(Option<Id>),
}

impl Moderation {
    /// The status after this change, or `None` when it is not allowed from
    /// `from`. The state machine: submitted → approved, rejected or merged;
    /// approved → rejected (withdrawn) or merged; rejected → submitted
    /// (restored); and nothing else;
    /// wording, theme and department change while the postulate is
    /// submitted or approved.
    pub fn next_status(&self, from: PostulateStatus) -> Option<PostulateStatus> {
        use PostulateStatus::*;
        match (self, from) {
            (Self::Approve, Submitted) => Some(Approved),
            (Self::Reject(_), Submitted) => Some(Rejected),
            (Self::Withdraw(_), Approved) => Some(Rejected),
            (Self::Restore, Rejected) => Some(Submitted),
            (Self::Merge(_), Submitted | Approved) => Some(Merged),
            (Self::Edit(_) | Self::Theme(_) | Self::Department(_), Submitted | Approved) => {
                Some(from)
            }
            _ => None,
        }
    }

    /// The name of this change in the history and the audit log.
    pub fn action(&self) -> &'static str {
        match self {
            Self::Approve => "approved",
            Self::Reject(_) => "rejected",
            Self::Withdraw(_) => "withdrawn",
            Self::Restore => "restored",
            Self::Edit(_) => "edited",
            Self::Merge(_) => "merged",
            Self::Theme(_) => "theme",
            Self::Department(_) => "department",
        }
    }
}

/// A postulate as everybody may see it (approved ones only).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicPostulate {
    pub id: Id,
    pub district: District,
    pub meeting_id: Option<Id>,
    pub body: String,
    pub theme: Option<Bilingual>,
    pub department: Option<String>,
    /// "Me too" from distinct devices.
    pub me_too: i64,
    /// The Kraków day it was raised.
    pub submitted_at: Instant,
    /// The department's position, once published.
    pub answer: Option<crate::answers::model::AnswerDraft>,
}

/// One entry of a postulate's history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    pub version: i64,
    pub action: String,
    pub body: Option<String>,
    pub details: Option<String>,
    pub actor: Option<String>,
    pub at: Instant,
}

/// A postulate as moderators see it (never an address or a device).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueItem {
    pub id: Id,
    pub meeting_id: Option<Id>,
    pub district: District,
    pub body: String,
    pub status: PostulateStatus,
    pub version: i64,
    pub theme_id: Option<Id>,
    pub department_id: Option<Id>,
    pub reject_reason: Option<RejectReason>,
    pub merged_into: Option<Id>,
    pub me_too: i64,
    pub on_behalf: bool,
    pub history: Vec<HistoryEntry>,
}

/// A meeting's live state.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LiveState {
    /// Residents may submit postulates.
    pub open: bool,
    /// The postulate being discussed.
    pub discussed: Option<Id>,
    /// The projector's slide: 0, 1, … the district's results; -1 the live
    /// postulates.
    pub slide: i64,
}

/// A change of a meeting's live state (moderators).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LiveChange {
    Open(bool),
    Discuss(Option<Id>),
    Slide(i64),
}

/// What the event log records: which thing changed, never its text — the
/// text is read when the event is sent ([`LiveMessage`]), so wording a
/// moderator edits out or withdraws is gone from every catch-up too.
/// Every event but `Queue` is public.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum LiveEvent {
    /// A postulate's public card changed: it is on the public list now,
    /// changed there, or left it.
    Postulate {
        id: Id,
    },
    Discussed {
        id: Option<Id>,
    },
    Open {
        open: bool,
    },
    Slide {
        slide: i64,
    },
    /// Moderators only: this postulate of the queue changed.
    Queue {
        id: Id,
    },
}

impl LiveEvent {
    pub fn is_public(&self) -> bool {
        !matches!(self, Self::Queue { .. })
    }
}

/// What live views are sent: a logged [`LiveEvent`], the postulate it
/// names rendered with its current public state.
pub type LiveMessage = LiveMessageOf<Box<PublicPostulate>>;

/// A live message with the postulate as `P`: the server sends the whole
/// [`PublicPostulate`]; the browser reads only what it shows
/// (`postulates::live::LiveUpdate`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum LiveMessageOf<P> {
    /// A postulate as the public sees it now.
    Postulate { postulate: P },
    /// No longer on the public list (withdrawn, merged away).
    Removed { id: Id },
    /// Too far behind to catch up event by event (or the log of those
    /// events is gone): load the page again.
    Reload,
    /// Any other event, as logged (discussed, open, slide, queue).
    #[serde(untagged)]
    Logged(LiveEvent),
}

/// A live event as stored, with its id (only ever growing).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredEvent {
    pub id: i64,
    pub meeting_id: Id,
    pub public: bool,
    /// The [`LiveEvent`] as JSON.
    pub payload: String,
}

/// The public list's query: `/postulaty?dzielnica=II&spotkanie=3&temat=
/// zielen&wydzial=ZZM&q=lawka&strona=2` (all optional).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostulateFilter {
    pub district: Option<String>,
    pub meeting: Option<Id>,
    pub theme: Option<String>,
    pub department: Option<String>,
    /// A published answer's status code.
    pub status: Option<String>,
    pub q: Option<String>,
    /// 1-based.
    pub page: i64,
}

impl PostulateFilter {
    /// Reads the query's values; blank or malformed ones are ignored.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, String)>) -> Self {
        let mut f = Self {
            page: 1,
            ..Self::default()
        };
        for (key, value) in pairs {
            let value = value.trim().to_owned();
            if value.is_empty() {
                continue;
            }
            match key {
                "dzielnica" if value.chars().all(|c| "IVXLC".contains(c)) => {
                    f.district = Some(value)
                }
                "spotkanie" => f.meeting = value.parse().ok(),
                "temat" => f.theme = Some(value),
                "wydzial" => f.department = Some(value),
                "status" if crate::answers::model::AnswerStatus::parse(&value).is_some() => {
                    f.status = Some(value)
                }
                "q" => f.q = Some(value.chars().take(100).collect()),
                "strona" => f.page = value.parse().unwrap_or(1).clamp(1, 10_000),
                _ => {}
            }
        }
        f
    }

    /// This list's URL on another page.
    pub fn href(&self, page: i64) -> String {
        let mut parts = Vec::new();
        let mut push = |key: &str, value: &str| {
            parts.push(format!("{key}={}", crate::ui::encode_query_value(value)))
        };
        if let Some(v) = &self.district {
            push("dzielnica", v);
        }
        if let Some(v) = self.meeting {
            push("spotkanie", &v.to_string());
        }
        if let Some(v) = &self.theme {
            push("temat", v);
        }
        if let Some(v) = &self.department {
            push("wydzial", v);
        }
        if let Some(v) = &self.status {
            push("status", v);
        }
        if let Some(v) = &self.q {
            push("q", v);
        }
        if page > 1 {
            push("strona", &page.to_string());
        }
        if parts.is_empty() {
            "/postulaty".into()
        } else {
            format!("/postulaty?{}", parts.join("&"))
        }
    }

    /// The search words folded for the index: lower case, ł → l (the index
    /// removes the other diacritics itself), letters and digits only.
    pub fn search_words(&self) -> Vec<String> {
        self.q
            .as_deref()
            .map(|q| {
                fold_l(&q.to_lowercase())
                    .split(|c: char| !c.is_alphanumeric())
                    .filter(|w| !w.is_empty())
                    .take(8)
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// ł → l and Ł → L: the one Polish letter without a Unicode decomposition.
pub fn fold_l(text: &str) -> String {
    text.replace('ł', "l").replace('Ł', "L")
}

/// One page of the public list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostulatePage {
    pub items: Vec<PublicPostulate>,
    pub total: i64,
}

/// A postulate as the resident who raised it follows it (by its code).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowedPostulate {
    pub id: Id,
    pub code: String,
    /// `None` when rejected (a rejected postulate is never shown).
    pub body: Option<String>,
    pub status: PostulateStatus,
    pub reject_reason: Option<RejectReason>,
    /// The postulate it was merged into: (id, wording), only when that one
    /// is approved (public).
    pub merged_into: Option<(Id, String)>,
    pub meeting_id: Option<Id>,
    pub district: District,
    pub department: Option<String>,
    pub me_too: i64,
    pub submitted_at: Instant,
    /// The department's position, once published.
    pub answer: Option<crate::answers::model::AnswerDraft>,
    /// The follow page's full address (the site's own, from `public-url`).
    pub address: String,
}

/// The public list page: one page of postulates and the filter's choices.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostulateList {
    pub filter: PostulateFilter,
    pub page: PostulatePage,
    pub districts: Vec<District>,
    /// (id, district and date)
    pub meetings: Vec<(Id, String)>,
    /// (code, name)
    pub themes: Vec<(String, Bilingual)>,
    /// (code, name)
    pub departments: Vec<(String, Bilingual)>,
    /// Published answers per status, for the summary chart.
    pub statuses: Vec<(crate::answers::model::AnswerStatus, i64)>,
}

/// A meeting's live page: its state, its approved postulates, and what
/// the form offers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LiveView {
    pub meeting: crate::domain::Meeting,
    pub state: LiveState,
    pub items: Vec<PublicPostulate>,
    /// The last event the page includes (its stream resumes after it).
    pub last_event: i64,
    pub themes: Vec<(Id, Bilingual)>,
    pub districts: Vec<District>,
    /// A fresh client id for the form (sending it twice stores it once).
    pub client_id: String,
    /// The form as it was sent, when a plain post came back refused.
    pub returned: Option<ReturnedPostulate>,
    /// The approved postulates this device said "me too" to.
    pub supported: Vec<Id>,
    /// The postulates this phone sent (its codes cookie), newest first.
    pub mine: Vec<FollowedPostulate>,
}

/// A postulate form that came back (JavaScript off), kept on the server
/// (never in the URL), cut to what its fields allow.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReturnedPostulate {
    pub client_id: String,
    pub body: String,
    pub district: Option<String>,
    pub theme: Option<String>,
}

impl ReturnedPostulate {
    pub fn new(client_id: &str, body: &str, district: Option<&str>, theme: Option<&str>) -> Self {
        let cut = |text: &str, max: usize| text.chars().take(max).collect::<String>();
        Self {
            client_id: cut(client_id, 36),
            body: cut(body, MAX_CHARS),
            district: district.map(|d| cut(d, 12)),
            theme: theme.map(|t| cut(t, 12)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use PostulateStatus::*;

    #[test]
    fn the_state_machine() {
        let reject = Moderation::Reject(RejectReason::Spam);
        let withdraw = Moderation::Withdraw(RejectReason::PersonalData);
        assert_eq!(Moderation::Approve.next_status(Submitted), Some(Approved));
        assert_eq!(reject.next_status(Submitted), Some(Rejected));
        assert_eq!(Moderation::Merge(3).next_status(Submitted), Some(Merged));
        // An approved duplicate merges; an approved postulate is withdrawn,
        // never rejected as if it had not been shown.
        assert_eq!(Moderation::Merge(3).next_status(Approved), Some(Merged));
        assert_eq!(withdraw.next_status(Approved), Some(Rejected));
        assert_eq!(withdraw.next_status(Submitted), None);
        // A rejection can be undone: back to the queue, and only that.
        assert_eq!(Moderation::Restore.next_status(Rejected), Some(Submitted));
        for from in [Submitted, Approved, Merged] {
            assert_eq!(Moderation::Restore.next_status(from), None);
        }
        for from in [Approved, Rejected, Merged] {
            assert_eq!(Moderation::Approve.next_status(from), None);
            assert_eq!(reject.next_status(from), None);
        }
        for from in [Rejected, Merged] {
            assert_eq!(Moderation::Merge(3).next_status(from), None);
            assert_eq!(withdraw.next_status(from), None);
        }
    }

    #[test]
    fn wording_changes_only_while_visible_to_moderators() {
        let edit = Moderation::Edit("x".into());
        assert_eq!(edit.next_status(Submitted), Some(Submitted));
        assert_eq!(edit.next_status(Approved), Some(Approved));
        assert_eq!(edit.next_status(Rejected), None);
        assert_eq!(Moderation::Theme(None).next_status(Merged), None);
    }

    #[test]
    fn search_words_fold_polish_l_and_drop_punctuation() {
        let f = PostulateFilter::from_pairs([("q", "Ławka, \"ścieżka\"*".to_owned())]);
        assert_eq!(f.search_words(), vec!["lawka", "ścieżka"]);
    }

    #[test]
    fn filter_reads_and_writes_its_url() {
        let f = PostulateFilter::from_pairs([
            ("dzielnica", "II".to_owned()),
            ("q", "ławka".to_owned()),
            ("strona", "x".to_owned()),
            ("spotkanie", " ".to_owned()),
        ]);
        assert_eq!(f.page, 1);
        assert_eq!(f.meeting, None);
        assert_eq!(f.href(2), "/postulaty?dzielnica=II&q=%C5%82awka&strona=2");
    }

    #[test]
    fn events_are_tagged_json() {
        let json = serde_json::to_string(&LiveEvent::Open { open: true }).unwrap();
        assert_eq!(json, r#"{"type":"open","open":true}"#);
        assert!(!LiveEvent::Queue { id: 1 }.is_public());
        let json = serde_json::to_string(&LiveEvent::Postulate { id: 7 }).unwrap();
        assert_eq!(json, r#"{"type":"postulate","id":7}"#, "ids, never text");
        let json = serde_json::to_string(&LiveMessage::Reload).unwrap();
        assert_eq!(json, r#"{"type":"reload"}"#);
        // A logged event is sent as it was logged, and read back as such.
        let open = LiveMessage::Logged(LiveEvent::Open { open: true });
        let json = serde_json::to_string(&open).unwrap();
        assert_eq!(json, r#"{"type":"open","open":true}"#);
        assert_eq!(serde_json::from_str::<LiveMessage>(&json).unwrap(), open);
    }
}
