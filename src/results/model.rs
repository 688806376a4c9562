//! The results feature's own types and its rules for honest numbers: what a
//! results page, the comparison and the open-data files carry, when a sample
//! is small, which cells are withheld. Plain data (serde), compiled for both
//! builds; the server fills them in `build`, the pages and files read them.

use crate::domain::{AnswerSource, Bilingual, District, Instant, Participation};
use serde::{Deserialize, Serialize};

/// Below this many answers a district or view is flagged "mała próba".
pub const SMALL_SAMPLE: i64 = 30;
/// Profile cells with fewer answers than this are shown as "< 5".
pub const MIN_CELL: i64 = 5;

/// When a round's survey results become public (staff see them at any time).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ResultsVisibility {
    /// Public while the survey is still open.
    WhileOpen,
    /// Public only once the survey has closed (the default for a new round).
    #[default]
    AfterClose,
}

impl ResultsVisibility {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::WhileOpen => "while_open",
            Self::AfterClose => "after_close",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "while_open" => Some(Self::WhileOpen),
            "after_close" => Some(Self::AfterClose),
            _ => None,
        }
    }

    /// Whether the public may see results at `now`, the survey closing at
    /// `closes_at` (both UTC seconds).
    pub fn public_at(self, now: i64, closes_at: i64) -> bool {
        match self {
            Self::WhileOpen => true,
            Self::AfterClose => now >= closes_at,
        }
    }
}

/// A count that may be withheld so no single resident can be singled out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Cell {
    Count(i64),
    /// Fewer than [`MIN_CELL`] (zero included): not shown.
    Hidden,
}

impl Cell {
    pub fn of(n: i64) -> Self {
        if n < MIN_CELL {
            Self::Hidden
        } else {
            Self::Count(n)
        }
    }

    pub fn count(self) -> Option<i64> {
        match self {
            Self::Count(n) => Some(n),
            Self::Hidden => None,
        }
    }
}

/// The order of the actions on a results page.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum SortOrder {
    /// Most picked first (the default).
    #[default]
    Picks,
    /// As they stand in the survey.
    Survey,
}

impl SortOrder {
    /// The value in the URL (`?kolejnosc=ankieta`); `None` for the default.
    pub fn param(self) -> Option<&'static str> {
        match self {
            Self::Picks => None,
            Self::Survey => Some("ankieta"),
        }
    }

    pub fn from_param(s: Option<&str>) -> Self {
        match s {
            Some("ankieta") => Self::Survey,
            _ => Self::Picks,
        }
    }
}

/// What a results page asks for: one district (or the whole round), one
/// theme (or all), an order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResultsQuery {
    /// District numeral, e.g. "II"; `None` for the whole round.
    pub district: Option<String>,
    /// Theme code; `None` for every theme.
    pub theme: Option<String>,
    pub sort: SortOrder,
}

impl ResultsQuery {
    /// The page's URL: `/wyniki`, `/wyniki/II?temat=zielen&kolejnosc=ankieta`.
    pub fn href(&self) -> String {
        let mut path = match &self.district {
            Some(n) => format!("/wyniki/{n}"),
            None => "/wyniki".to_owned(),
        };
        let mut params = Vec::new();
        if let Some(theme) = &self.theme {
            params.push(format!("temat={}", crate::ui::encode_query_value(theme)));
        }
        if let Some(sort) = self.sort.param() {
            params.push(format!("kolejnosc={sort}"));
        }
        if !params.is_empty() {
            path.push('?');
            path.push_str(&params.join("&"));
        }
        path
    }
}

/// Share of `part` in `whole`, in percent with one decimal (0 when `whole` is 0).
pub fn percent(part: i64, whole: i64) -> f64 {
    if whole <= 0 {
        0.0
    } else {
        (part as f64 * 1000.0 / whole as f64).round() / 10.0
    }
}

/// One decimal, with the language's separator: "12,6" / "12.6" (pages;
/// the open data keeps the machine-readable point).
pub fn format_decimal(lang: crate::i18n::Lang, value: f64) -> String {
    let text = format!("{value:.1}");
    match lang {
        crate::i18n::Lang::Pl => text.replace('.', ","),
        crate::i18n::Lang::En => text,
    }
}

/// "12,5%" / "12.5%"
pub fn format_percent(lang: crate::i18n::Lang, value: f64) -> String {
    format!("{}%", format_decimal(lang, value))
}

/// One action's result in a view.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ActionResult {
    pub code: String,
    pub theme_code: String,
    pub label: Bilingual,
    /// Residents who picked it.
    pub picks: i64,
    /// Of the view's answers, in percent.
    pub share: f64,
}

/// One profile question's answers (cells under [`MIN_CELL`] withheld).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProfileBreakdown {
    pub code: String,
    pub prompt: Bilingual,
    /// (option code, label, answers)
    pub options: Vec<(String, Bilingual, Cell)>,
}

/// An approved "other need" phrase and how many answers it stands for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NeedCount {
    pub phrase: String,
    pub answers: i64,
}

/// A district's three most picked actions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DistrictTop {
    pub district: District,
    pub answers: i64,
    pub top: Vec<ActionResult>,
}

/// Everything one results page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResultsView {
    pub round_name: String,
    pub query: ResultsQuery,
    /// The district shown, `None` for the whole round.
    pub district: Option<District>,
    pub districts: Vec<District>,
    /// (code, name) of every theme, for the filter.
    pub themes: Vec<(String, Bilingual)>,
    /// Answers in the view (the district's, or the round's).
    pub answers: i64,
    pub actions: Vec<ActionResult>,
    pub profile: Vec<ProfileBreakdown>,
    /// (YYYY-MM-DD, answers), every day from the survey's opening to the
    /// last day with answers or today, whichever is earlier.
    pub days: Vec<(String, i64)>,
    pub needs: Vec<NeedCount>,
    pub by_source: Vec<(AnswerSource, i64)>,
    /// Whole-round view only: each district's top three.
    pub tops: Vec<DistrictTop>,
    /// Whole-round view only: answers per district.
    pub participation: Option<Participation>,
    /// Shown to staff before the results are public.
    pub staff_preview: bool,
    /// How many of the round's answers are made up (demo data).
    pub demo_answers: i64,
}

impl ResultsView {
    pub fn small_sample(&self) -> bool {
        self.answers < SMALL_SAMPLE
    }
}

/// What the comparison compares: one action or one theme.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Subject {
    Action(String),
    Theme(String),
}

/// One district's figure in a comparison.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ComparedDistrict {
    pub district: District,
    /// The district's answers.
    pub answers: i64,
    /// Picks of the action (or of the theme's actions).
    pub picks: i64,
    /// Action: share of the district's answers. Theme: share of all the
    /// district's picks that went to the theme's actions.
    pub share: f64,
}

/// A theme and its actions in the comparison's chooser.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThemeChoice {
    pub code: String,
    pub name: Bilingual,
    /// (code, label)
    pub actions: Vec<(String, Bilingual)>,
}

/// One action or theme across the districts, side by side.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    pub round_name: String,
    pub subject: Subject,
    pub label: Bilingual,
    pub rows: Vec<ComparedDistrict>,
    /// Every theme with its actions, for the chooser.
    pub choices: Vec<ThemeChoice>,
    pub staff_preview: bool,
}

/// Results are not public yet: when they will be, and the participation
/// (always public).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NotYetPublic {
    pub round_name: String,
    pub available_at: Instant,
    pub participation: Participation,
}

/// A results page: the results, or a notice saying when they appear.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Published<T> {
    Yes(T),
    NotYet(NotYetPublic),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn visibility_follows_the_round_setting() {
        assert!(ResultsVisibility::WhileOpen.public_at(10, 100));
        assert!(!ResultsVisibility::AfterClose.public_at(99, 100));
        assert!(ResultsVisibility::AfterClose.public_at(100, 100));
        assert_eq!(ResultsVisibility::default(), ResultsVisibility::AfterClose);
        for v in [ResultsVisibility::WhileOpen, ResultsVisibility::AfterClose] {
            assert_eq!(ResultsVisibility::parse(v.as_str()), Some(v));
        }
    }

    #[test]
    fn cells_under_five_are_hidden() {
        assert_eq!(Cell::of(0), Cell::Hidden);
        assert_eq!(Cell::of(4), Cell::Hidden);
        assert_eq!(Cell::of(5), Cell::Count(5));
    }

    #[test]
    fn shares_round_to_one_decimal_and_survive_zero() {
        assert_eq!(percent(1, 3), 33.3);
        assert_eq!(percent(2, 3), 66.7);
        assert_eq!(percent(5, 0), 0.0);
        assert_eq!(format_percent(crate::i18n::Lang::Pl, 12.5), "12,5%");
        assert_eq!(format_percent(crate::i18n::Lang::En, 12.5), "12.5%");
        // Polish pages write decimal commas everywhere (#28 item 13).
        assert_eq!(format_decimal(crate::i18n::Lang::Pl, 12.56), "12,6");
        assert_eq!(format_decimal(crate::i18n::Lang::En, 12.56), "12.6");
    }

    #[test]
    fn hrefs_keep_only_what_differs_from_the_default() {
        assert_eq!(ResultsQuery::default().href(), "/wyniki");
        let q = ResultsQuery {
            district: Some("II".into()),
            theme: Some("zielen".into()),
            sort: SortOrder::Survey,
        };
        assert_eq!(q.href(), "/wyniki/II?temat=zielen&kolejnosc=ankieta");
        assert_eq!(SortOrder::from_param(Some("ankieta")), SortOrder::Survey);
        assert_eq!(SortOrder::from_param(Some("x")), SortOrder::Picks);
    }
}
