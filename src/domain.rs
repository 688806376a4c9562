//! Shared domain types: what the server sends and the browser shows.
//!
//! Plain data only (serde), compiled for both the server and the browser.
//! Instants are UTC seconds; the server adds their Europe/Warsaw wall-clock
//! form ([`LocalDateTime`]) so the browser never needs a time-zone database
//! and server and browser render the same text (no hydration mismatch).

pub use crate::meetings::model::{Accessibility, MeetingStatus};
pub use crate::postulates::model::{PostulateStatus, PublicPostulate};
pub use crate::results::model::ResultsVisibility;
use serde::{Deserialize, Serialize};

/// Database identifier.
pub type Id = i64;

/// A text kept in both UI languages.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Bilingual {
    pub pl: String,
    pub en: String,
}

impl Bilingual {
    pub fn get(&self, lang: crate::i18n::Lang) -> &str {
        match lang {
            crate::i18n::Lang::Pl => &self.pl,
            crate::i18n::Lang::En => &self.en,
        }
    }

    /// A text from a text table, in both languages.
    pub fn of(text: impl Fn(crate::i18n::Lang) -> &'static str) -> Bilingual {
        Bilingual {
            pl: text(crate::i18n::Lang::Pl).to_owned(),
            en: text(crate::i18n::Lang::En).to_owned(),
        }
    }
}

/// Wall-clock time in Kraków (Europe/Warsaw) of an instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocalDateTime {
    pub year: i32,
    /// 1–12
    pub month: u32,
    pub day: u32,
    /// 0 = Monday … 6 = Sunday
    pub weekday: u32,
    pub hour: u32,
    pub minute: u32,
}

/// An instant with its Kraków wall-clock form.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Instant {
    /// Seconds since the Unix epoch, UTC.
    pub utc: i64,
    pub local: LocalDateTime,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct District {
    pub id: Id,
    /// Roman numeral, e.g. "II".
    pub numeral: String,
    pub name: String,
    pub population: i64,
}

impl District {
    /// "II Grzegórzki"
    pub fn label(&self) -> String {
        format!("{} {}", self.numeral, self.name)
    }
}

/// Where a round is in its life; whether its survey is open is a matter of time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RoundStatus {
    Draft,
    Active,
    Archived,
}

impl RoundStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Active => "active",
            Self::Archived => "archived",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "draft" => Some(Self::Draft),
            "active" => Some(Self::Active),
            "archived" => Some(Self::Archived),
            _ => None,
        }
    }
}

/// Whether residents can answer the survey right now.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SurveyPhase {
    NotYetOpen,
    Open,
    Closed,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Round {
    pub id: Id,
    pub slug: String,
    pub name: String,
    pub status: RoundStatus,
    pub survey_opens_at: Instant,
    pub survey_closes_at: Instant,
    pub max_picks: i64,
    /// The period its meetings must fall in: from (inclusive) …
    pub meetings_from: Option<Instant>,
    /// … until (exclusive).
    pub meetings_until: Option<Instant>,
    /// When the survey's results become public.
    pub results_visibility: ResultsVisibility,
    /// How many of its answers are made up (demo data).
    pub demo_answers: i64,
}

impl Round {
    /// The survey phase at `now` (UTC seconds). Opening instant inclusive,
    /// closing instant exclusive.
    pub fn phase_at(&self, now: i64) -> SurveyPhase {
        if now < self.survey_opens_at.utc {
            SurveyPhase::NotYetOpen
        } else if now < self.survey_closes_at.utc {
            SurveyPhase::Open
        } else {
            SurveyPhase::Closed
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Theme {
    pub id: Id,
    pub code: String,
    pub name: Bilingual,
    pub actions: Vec<SurveyAction>,
}

/// One thing the city could do, which residents may pick in the survey.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyAction {
    pub id: Id,
    pub code: String,
    pub label: Bilingual,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DepartmentKind {
    /// A department of the City Hall (Wydział).
    Department,
    /// A municipal unit (jednostka miejska), e.g. Zarząd Dróg.
    Unit,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Department {
    pub id: Id,
    pub code: String,
    pub name: Bilingual,
    pub kind: DepartmentKind,
}

/// Someone from the city who attends a meeting.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Official {
    pub name: String,
    pub title: String,
    /// The department's (Polish) name and code.
    pub department: Option<String>,
    pub department_code: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meeting {
    pub id: Id,
    pub round_id: Id,
    pub district: District,
    pub starts_at: Instant,
    pub ends_at: Instant,
    pub venue: String,
    pub address: String,
    pub room: Option<String>,
    pub officials: Vec<Official>,
    pub status: MeetingStatus,
    /// Why it was moved or cancelled.
    pub status_reason: Option<String>,
    /// A moved meeting's start as first announced.
    pub previous_starts_at: Option<Instant>,
    pub accessibility: Vec<Accessibility>,
    /// Raised by every change (the calendar event's SEQUENCE).
    pub sequence: i64,
    /// UTC seconds of the last change (0: never changed since seeding).
    pub changed_at: i64,
}

/// A department's position on a postulate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Stance {
    Accepted,
    PartiallyAccepted,
    Rejected,
    NotCompetent,
    UnderReview,
}

/// Staff roles; one account may hold several.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Role {
    Admin,
    Moderator,
    Official,
}

/// Everything the home page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Overview {
    pub round: Round,
    pub phase: SurveyPhase,
    pub districts: Vec<District>,
    /// All meetings of the round, soonest first.
    pub meetings: Vec<Meeting>,
    /// The first meeting that has not ended yet.
    pub next_meeting: Option<Meeting>,
    /// Survey answers so far.
    pub participation: Participation,
}

/// Survey answers in one district.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DistrictParticipation {
    pub district: District,
    pub answers: i64,
}

/// How many residents have answered so far, in total and per district.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Participation {
    pub round_name: String,
    pub total: i64,
    pub districts: Vec<DistrictParticipation>,
    /// Answers by how they reached the city (online, assisted, paper).
    pub by_source: Vec<(AnswerSource, i64)>,
}

/// The round's meetings and the server's "now", to tell past from upcoming.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingList {
    pub now: i64,
    pub meetings: Vec<Meeting>,
    /// The months (year, month) of the round's meeting period, in order.
    pub months: Vec<(i32, u32)>,
    /// The site's address (for `webcal://` subscription links).
    pub site_url: String,
}

/// What the survey page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyIntro {
    pub round: Round,
    pub phase: SurveyPhase,
    pub districts: Vec<District>,
    pub themes: Vec<Theme>,
}

/// An optional anonymous profile question (age bracket, years in the district).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileQuestion {
    pub id: Id,
    pub code: String,
    pub prompt: Bilingual,
    pub options: Vec<ProfileOption>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileOption {
    pub id: Id,
    pub code: String,
    pub label: Bilingual,
}

/// How an answer reached the city.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AnswerSource {
    /// A resident on their own device.
    Online,
    /// Entered by staff at a stationary point.
    Assisted,
    /// Typed in from a paper form.
    Paper,
}

impl AnswerSource {
    pub const ALL: [AnswerSource; 3] = [Self::Online, Self::Assisted, Self::Paper];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Online => "online",
            Self::Assisted => "assisted",
            Self::Paper => "paper",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "online" => Some(Self::Online),
            "assisted" => Some(Self::Assisted),
            "paper" => Some(Self::Paper),
            _ => None,
        }
    }
}

/// Proof that a survey form was started: an id made when the form was
/// opened, and the server's signature over that id and the instant.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StartToken {
    pub client_id: String,
    pub token: String,
}

/// Everything the survey page needs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyData {
    pub intro: SurveyIntro,
    pub questions: Vec<ProfileQuestion>,
    pub start: StartToken,
    /// The form a plain form post (JavaScript off) came back with, to be
    /// shown again as it was sent.
    pub returned: Option<crate::survey::AnswerForm>,
    pub participation: Participation,
    /// Longest "other needs" text, in characters.
    pub other_max_chars: usize,
    /// This device's answer in this round, when it has already given one:
    /// the page shows its receipt instead of the form (with or without
    /// JavaScript).
    pub answered: Option<Receipt>,
}

/// What a resident can check after answering: counted, where, which day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    pub code: String,
    pub district: String,
    /// The district's numeral ("IV"), for the link to its results. Absent
    /// from receipts phones kept before it existed.
    #[serde(default)]
    pub district_numeral: String,
    /// `YYYY-MM-DD` in Kraków.
    pub submitted_on: String,
    pub source: AnswerSource,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Admin => "admin",
            Self::Moderator => "moderator",
            Self::Official => "official",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "admin" => Some(Self::Admin),
            "moderator" => Some(Self::Moderator),
            "official" => Some(Self::Official),
            _ => None,
        }
    }
}

/// One role held by a staff account, with its scope.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleGrant {
    pub role: Role,
    /// Officials: the department or unit they answer for.
    pub department_id: Option<Id>,
    /// Moderators: the district they are limited to, if any.
    pub district_id: Option<Id>,
}

/// The admin's view of staff accounts, with the districts a moderator may
/// be limited to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffDirectory {
    pub staff: Vec<StaffUser>,
    pub districts: Vec<District>,
}

/// A signed-in staff member, as the UI sees them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffUser {
    pub id: Id,
    pub email: String,
    pub name: String,
    pub active: bool,
    pub roles: Vec<RoleGrant>,
}

impl StaffUser {
    pub fn has(&self, role: Role) -> bool {
        self.roles.iter().any(|g| g.role == role)
    }

    /// Whether this staff member may moderate meetings in the district
    /// `district_id`: admins, and moderators (of that district when their
    /// role is limited to districts). The server checks it on every
    /// moderation call; pages use it only to offer the links.
    pub fn may_moderate(&self, district_id: Id) -> bool {
        self.has(Role::Admin)
            || self.roles.iter().any(|g| {
                g.role == Role::Moderator && g.district_id.is_none_or(|d| d == district_id)
            })
    }
}

/// One line of the audit log: who did what, and when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub at: Instant,
    pub actor: Option<String>,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<String>,
    pub details: Option<String>,
}

/// A meeting as the moderators' console lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModerationItem {
    pub meeting: Meeting,
    pub submitted: i64,
    pub approved: i64,
}
