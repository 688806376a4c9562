//! The moderation views' types (console, projector). Plain data, both sides.

use crate::domain::{Bilingual, District, Id, Meeting};
use crate::postulates::model::{LiveState, PublicPostulate, QueueItem};
use serde::{Deserialize, Serialize};

/// The moderators' console of one meeting.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsoleView {
    pub meeting: Meeting,
    pub state: LiveState,
    /// Newest first, every status.
    pub items: Vec<QueueItem>,
    pub themes: Vec<(Id, Bilingual)>,
    pub departments: Vec<(Id, Bilingual)>,
    pub districts: Vec<District>,
    /// The projector's results slides: each one's action, by rank (the
    /// buttons that show them say what they show).
    pub slides: Vec<Bilingual>,
    pub last_event: i64,
}

/// One results slide: an action of the district's top list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Slide {
    pub rank: usize,
    pub label: Bilingual,
    pub picks: i64,
    /// Percent of the district's answers.
    pub share: f64,
}

/// The projector of one meeting.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProjectorView {
    pub meeting: Meeting,
    pub state: LiveState,
    pub items: Vec<PublicPostulate>,
    pub last_event: i64,
    /// Empty when the results are not public yet.
    pub slides: Vec<Slide>,
    /// The district's answers behind the slides.
    pub answers: i64,
    pub live_url: String,
    pub qr_svg: String,
}
