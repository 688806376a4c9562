//! The rounds feature's own types and rules: a round's settings as admins
//! set them (and how they are checked), the survey content's items, what
//! the management pages and the archive show. Plain data (serde), compiled
//! for both builds; the server fills them in, the pages read them.

use crate::domain::ResultsVisibility;
use crate::domain::{District, Id, Instant, ProfileQuestion, Round, Theme};
use crate::error::{AppError, Invalid};
use serde::{Deserialize, Serialize};

/// Longest name, label or prompt (characters).
pub const TEXT_MAX: usize = 300;
/// A content item's code: short; lower-case letters, digits and `-`/`_`
/// (it appears in addresses, e.g. a theme's `?temat=greenery`).
pub const CODE_MAX: usize = 24;

/// A round as admins set it up: on the create and edit forms, in the
/// definition file. Instants are UTC seconds (entered in Kraków time).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoundSettings {
    pub name: String,
    /// The round's part of its archive addresses: `/rundy/<slug>`.
    pub slug: String,
    /// District ids (their official numbers, I = 1 … XVIII = 18).
    pub districts: Vec<Id>,
    /// Residents of a district as this round counts them, where it differs
    /// from the reference figure (the per-thousand rates use it).
    pub populations: std::collections::BTreeMap<Id, i64>,
    pub survey_opens_at: i64,
    pub survey_closes_at: i64,
    /// The period the meetings fall in: from (inclusive) …
    pub meetings_from: Option<i64>,
    /// … until (exclusive).
    pub meetings_until: Option<i64>,
    pub max_picks: i64,
    pub results_visibility: ResultsVisibility,
    /// The days a department has to answer a postulate.
    pub answer_days: i64,
}

impl RoundSettings {
    /// Every rule a round's settings must keep; the first broken one names
    /// its field.
    pub fn check(&self) -> Result<(), AppError> {
        let name = self.name.trim();
        if name.is_empty() {
            return Err(AppError::invalid("round_name", Invalid::Missing));
        }
        if name.chars().count() > TEXT_MAX {
            return Err(AppError::invalid("round_name", Invalid::TooLong));
        }
        if !slug_ok(&self.slug) {
            return Err(AppError::invalid("slug", Invalid::Malformed));
        }
        if self.districts.is_empty() {
            return Err(AppError::invalid("round_districts", Invalid::Missing));
        }
        if self.districts.iter().any(|d| !(1..=18).contains(d)) {
            return Err(AppError::invalid("round_districts", Invalid::Unknown));
        }
        if self
            .populations
            .iter()
            .any(|(d, n)| !self.districts.contains(d) || !(0..=10_000_000).contains(n))
        {
            return Err(AppError::invalid("population", Invalid::OutOfRange));
        }
        if self.survey_closes_at <= self.survey_opens_at {
            return Err(AppError::invalid(
                "survey_closes_at",
                Invalid::EndBeforeStart,
            ));
        }
        match (self.meetings_from, self.meetings_until) {
            (Some(from), Some(until)) if until <= from => {
                return Err(AppError::invalid("meetings_until", Invalid::EndBeforeStart))
            }
            (Some(_), None) => return Err(AppError::invalid("meetings_until", Invalid::Missing)),
            (None, Some(_)) => return Err(AppError::invalid("meetings_from", Invalid::Missing)),
            _ => {}
        }
        if !(1..=50).contains(&self.max_picks) {
            return Err(AppError::invalid("max_picks", Invalid::OutOfRange));
        }
        if !(1..=365).contains(&self.answer_days) {
            return Err(AppError::invalid("answer_days", Invalid::OutOfRange));
        }
        Ok(())
    }

    /// What may change once the round has answers: the name, a later close
    /// (an extension), the meetings' period, more districts, the
    /// visibility and the answer days. The opening, an earlier close, the
    /// pick limit and removing a district would change what answers mean.
    pub fn check_change_with_answers(&self, before: &RoundSettings) -> Result<(), AppError> {
        if self.survey_opens_at != before.survey_opens_at {
            return Err(AppError::invalid("survey_opens_at", Invalid::Locked));
        }
        if self.survey_closes_at < before.survey_closes_at {
            return Err(AppError::invalid("survey_closes_at", Invalid::Locked));
        }
        if self.max_picks != before.max_picks {
            return Err(AppError::invalid("max_picks", Invalid::Locked));
        }
        if before.districts.iter().any(|d| !self.districts.contains(d)) {
            return Err(AppError::invalid("round_districts", Invalid::Locked));
        }
        if self.slug != before.slug {
            return Err(AppError::invalid("slug", Invalid::Locked));
        }
        Ok(())
    }

    /// Whether the two rounds' survey periods have an instant in common.
    pub fn overlaps(&self, other: &Round) -> bool {
        self.survey_opens_at < other.survey_closes_at.utc
            && other.survey_opens_at.utc < self.survey_closes_at
    }
}

/// The round settings form as posted (every field text, so a wrong value
/// gets its own message rather than a refused request). Dates and times
/// are Kraków's; `districts` holds the ticked numerals (`districts[IV]=on`),
/// `populations` each district's residents (`populations[IV]=69876`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SettingsForm {
    pub name: String,
    pub slug: String,
    pub districts: std::collections::BTreeMap<String, String>,
    pub populations: std::collections::BTreeMap<String, String>,
    pub opens_date: String,
    pub opens_time: String,
    pub closes_date: String,
    pub closes_time: String,
    pub meetings_from: String,
    pub meetings_until: String,
    pub max_picks: String,
    pub visibility: String,
    pub answer_days: String,
}

/// Kraków's districts' Roman numerals, by number (I = 1 … XVIII = 18).
pub const NUMERALS: [&str; 18] = [
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV",
    "XVI", "XVII", "XVIII",
];

/// A district's id (its official number) from its numeral.
pub fn district_number(numeral: &str) -> Option<Id> {
    NUMERALS
        .iter()
        .position(|n| *n == numeral)
        .map(|i| i as Id + 1)
}

/// A slug: 3–60 of `a-z`, `0-9` and `-`, not starting or ending with `-`.
pub fn slug_ok(slug: &str) -> bool {
    (3..=60).contains(&slug.len())
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !slug.starts_with('-')
        && !slug.ends_with('-')
}

/// A code: 1–24 of `a-z`, `0-9`, `-` and `_` (lower-cased when entered).
pub fn code_ok(code: &str) -> bool {
    (1..=CODE_MAX).contains(&code.len())
        && code
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

/// One kind of the survey's content.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ContentItem {
    /// A group of actions.
    Theme,
    /// Something residents can pick (belongs to a theme).
    Action,
    /// An optional profile question.
    Question,
    /// A question's answer (belongs to a question).
    Option,
}

impl ContentItem {
    pub const ALL: [ContentItem; 4] = [Self::Theme, Self::Action, Self::Question, Self::Option];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Theme => "theme",
            Self::Action => "action",
            Self::Question => "question",
            Self::Option => "option",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|i| i.as_str() == s)
    }

    /// The kind an item of this kind belongs to, if any.
    pub fn parent(self) -> Option<ContentItem> {
        match self {
            Self::Action => Some(Self::Theme),
            Self::Option => Some(Self::Question),
            Self::Theme | Self::Question => None,
        }
    }
}

/// A content item's code and wording, checked: the Polish text is
/// required, the English one falls back to it.
pub fn content_text(code: &str, pl: &str, en: &str) -> Result<(String, String, String), AppError> {
    let code = code.trim().to_lowercase();
    if !code_ok(&code) {
        return Err(AppError::invalid("code", Invalid::Malformed));
    }
    let (pl, en) = wording(pl, en)?;
    Ok((code, pl, en))
}

/// A content item's wording, checked (see [`content_text`]).
pub fn wording(pl: &str, en: &str) -> Result<(String, String), AppError> {
    let (pl, en) = (pl.trim(), en.trim());
    if pl.is_empty() {
        return Err(AppError::invalid("label_pl", Invalid::Missing));
    }
    if pl.chars().count() > TEXT_MAX {
        return Err(AppError::invalid("label_pl", Invalid::TooLong));
    }
    if en.chars().count() > TEXT_MAX {
        return Err(AppError::invalid("label_en", Invalid::TooLong));
    }
    let en = if en.is_empty() { pl } else { en };
    Ok((pl.to_owned(), en.to_owned()))
}

/// A rewording kept in a round's history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContentRevision {
    pub item: ContentItem,
    pub item_id: Id,
    pub old_pl: String,
    pub new_pl: String,
    pub old_en: String,
    pub new_en: String,
    pub at: Instant,
    /// Who reworded it (display name).
    pub by: Option<String>,
}

/// A round in the management list and the archive.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RoundSummary {
    pub round: Round,
    pub districts: Vec<District>,
    /// Answers to its survey.
    pub answers: i64,
}

/// What a round's archive page (`/rundy/<slug>`) shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RoundArchive {
    pub summary: RoundSummary,
    /// The whole round's results, or when they will be public.
    pub results: crate::results::model::Published<crate::results::model::ResultsView>,
    /// By start.
    pub meetings: Vec<crate::domain::Meeting>,
    /// Its approved postulates, with the city's positions once published.
    pub postulates: Vec<crate::postulates::model::PublicPostulate>,
}

/// What `/panel/rundy` shows: every round, and the districts a new one
/// picks from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RoundList {
    pub rounds: Vec<RoundSummary>,
    pub districts: Vec<District>,
}

/// What a round's edit page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RoundEditor {
    pub summary: RoundSummary,
    pub settings: RoundSettings,
    /// The settings as the form shows them.
    pub form: SettingsForm,
    /// Every district, to pick from.
    pub all_districts: Vec<District>,
    pub themes: Vec<Theme>,
    pub questions: Vec<ProfileQuestion>,
    /// Newest first.
    pub revisions: Vec<ContentRevision>,
}

impl RoundEditor {
    /// Content can only be reworded (and added to) once answers exist.
    pub fn locked(&self) -> bool {
        self.summary.answers > 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> RoundSettings {
        RoundSettings {
            name: "Porozmawiajmy o Krakowie 2029".into(),
            slug: "2029-dzielnice-viii-xiii".into(),
            districts: vec![8, 9],
            populations: [(8, 63_000)].into(),
            survey_opens_at: 1_000,
            survey_closes_at: 2_000,
            meetings_from: Some(3_000),
            meetings_until: Some(4_000),
            max_picks: 5,
            results_visibility: ResultsVisibility::AfterClose,
            answer_days: 30,
        }
    }

    #[test]
    fn settings_name_the_field_they_break() {
        assert_eq!(settings().check(), Ok(()));
        let broken = |f: fn(&mut RoundSettings)| {
            let mut s = settings();
            f(&mut s);
            s.check().unwrap_err().field().unwrap().to_owned()
        };
        assert_eq!(broken(|s| s.name = " ".into()), "round_name");
        assert_eq!(broken(|s| s.slug = "Zła nazwa".into()), "slug");
        assert_eq!(broken(|s| s.slug = "-abc".into()), "slug");
        assert_eq!(broken(|s| s.districts.clear()), "round_districts");
        assert_eq!(broken(|s| s.districts = vec![19]), "round_districts");
        assert_eq!(broken(|s| s.populations = [(10, 5)].into()), "population");
        assert_eq!(broken(|s| s.populations = [(8, -1)].into()), "population");
        assert_eq!(broken(|s| s.survey_closes_at = 1_000), "survey_closes_at");
        assert_eq!(broken(|s| s.meetings_until = Some(2_999)), "meetings_until");
        assert_eq!(broken(|s| s.meetings_until = None), "meetings_until");
        assert_eq!(broken(|s| s.max_picks = 0), "max_picks");
        assert_eq!(broken(|s| s.answer_days = 0), "answer_days");
    }

    #[test]
    fn with_answers_only_extensions_and_additions_pass() {
        let before = settings();
        let mut later = before.clone();
        later.survey_closes_at += 86_400;
        later.districts.push(10);
        later.name = "Nowa nazwa".into();
        assert_eq!(later.check_change_with_answers(&before), Ok(()));
        let refused = |f: fn(&mut RoundSettings)| {
            let mut s = settings();
            f(&mut s);
            s.check_change_with_answers(&settings()).unwrap_err()
        };
        assert_eq!(
            refused(|s| s.survey_closes_at -= 1),
            AppError::invalid("survey_closes_at", Invalid::Locked)
        );
        assert_eq!(
            refused(|s| s.survey_opens_at += 1),
            AppError::invalid("survey_opens_at", Invalid::Locked)
        );
        assert_eq!(
            refused(|s| s.districts = vec![8]),
            AppError::invalid("round_districts", Invalid::Locked)
        );
        assert_eq!(
            refused(|s| s.max_picks = 3),
            AppError::invalid("max_picks", Invalid::Locked)
        );
    }

    #[test]
    fn wording_needs_polish_and_falls_back_to_it() {
        assert_eq!(
            content_text(" Nowa-1 ", "Ławki", "").unwrap(),
            ("nowa-1".into(), "Ławki".into(), "Ławki".into())
        );
        assert_eq!(
            content_text("X", " ", "Benches").unwrap_err(),
            AppError::invalid("label_pl", Invalid::Missing)
        );
        assert_eq!(
            content_text("zły kod", "Ławki", "").unwrap_err(),
            AppError::invalid("code", Invalid::Malformed)
        );
        assert_eq!(ContentItem::parse("option"), Some(ContentItem::Option));
        assert_eq!(ContentItem::Action.parent(), Some(ContentItem::Theme));
    }
}
