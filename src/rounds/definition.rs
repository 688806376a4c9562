//! Server only: a round's definition — its settings, districts, survey
//! content and meetings, no answers — as stored ([`RoundDefinition`]) and
//! as the documented JSON file a city prepares offline, reviews and loads
//! ([`RoundFile`], format `porozmawiajmy/round-1`, see the README).
//!
//! Reading a file checks everything before anything is stored and names
//! the line of the first mistake: values keep where they were written
//! (`json-spanned-value`), so a duplicate code or a missing Polish label is
//! reported at its own line, like a syntax error.

use super::model::{code_ok, wording, RoundSettings};
use crate::domain::{District, Id, ResultsVisibility, RoundStatus};
use crate::error::{AppError, Invalid};
use crate::server::time::{instant, parse_warsaw, warsaw_day_start};
use json_spanned_value::spanned::Spanned;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// The file format's name and version, the file's first field.
pub const FORMAT: &str = "porozmawiajmy/round-1";

/// The largest file read (a round of all eighteen districts with a long
/// survey is a few dozen kilobytes).
pub const MAX_BYTES: usize = 1_000_000;

/// A round with everything that defines it, ready to store in one go.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RoundDefinition {
    pub settings: RoundSettings,
    pub status: RoundStatus,
    pub themes: Vec<ThemeDefinition>,
    pub questions: Vec<QuestionDefinition>,
    pub meetings: Vec<MeetingDefinition>,
}

/// A code with its wording: an action, a profile option.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ItemDefinition {
    pub code: String,
    pub pl: String,
    pub en: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ThemeDefinition {
    pub item: ItemDefinition,
    pub actions: Vec<ItemDefinition>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuestionDefinition {
    pub item: ItemDefinition,
    pub options: Vec<ItemDefinition>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MeetingDefinition {
    /// The district's id (its official number).
    pub district: Id,
    pub starts_at: i64,
    pub ends_at: i64,
    pub venue: String,
    pub address: String,
    pub room: Option<String>,
    /// (name, title, department code)
    pub officials: Vec<(String, String, Option<String>)>,
    /// Accessibility codes, comma-separated (see `meetings::model`).
    pub accessibility: String,
}

/// A value as written in the file, with where it was written; written
/// back as the bare value.
#[derive(Clone, Debug, PartialEq)]
pub struct At<T>(Spanned<T>);

impl<T> At<T> {
    pub fn get(&self) -> &T {
        self.0.get_ref()
    }

    /// The 1-based line of the file it was read from (1 for a value made
    /// in memory).
    fn line(&self, text: &str) -> u32 {
        line_of(text, self.0.start())
    }
}

impl<T> From<T> for At<T> {
    fn from(value: T) -> Self {
        At(Spanned::from(value))
    }
}

impl<T: Serialize> Serialize for At<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.get().serialize(s)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for At<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Spanned::deserialize(d).map(At)
    }
}

fn line_of(text: &str, offset: usize) -> u32 {
    let end = offset.min(text.len());
    let newlines = text.as_bytes()[..end]
        .iter()
        .filter(|b| **b == b'\n')
        .count();
    u32::try_from(newlines + 1).unwrap_or(u32::MAX)
}

/// The definition file, field by field (README: "Round definition files").
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoundFile {
    pub format: At<String>,
    pub name: At<String>,
    pub slug: At<String>,
    /// Roman numerals: "VIII".
    pub districts: At<Vec<At<String>>>,
    /// Residents as this round counts them, where they differ from the
    /// reference figures: `{"VIII": 63180}`.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub populations: std::collections::BTreeMap<String, At<i64>>,
    /// Kraków time, "2029-01-15 00:00".
    pub survey_opens: At<String>,
    pub survey_closes: At<String>,
    /// Kraków days, "2029-04-01"; the last one inclusive.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meetings_from: Option<At<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meetings_until: Option<At<String>>,
    pub max_picks: At<i64>,
    /// "while_open" or "after_close".
    pub results_visibility: At<String>,
    pub answer_days: At<i64>,
    #[serde(default)]
    pub themes: Vec<At<GroupFile>>,
    #[serde(default)]
    pub questions: Vec<At<GroupFile>>,
    #[serde(default)]
    pub meetings: Vec<At<MeetingFile>>,
}

/// A code with its wording in the file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemFile {
    pub code: At<String>,
    pub pl: At<String>,
    #[serde(default)]
    pub en: At<String>,
}

/// A theme with its actions, or a question with its options.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupFile {
    pub code: At<String>,
    pub pl: At<String>,
    #[serde(default)]
    pub en: At<String>,
    /// The theme's actions, the question's options.
    #[serde(default)]
    pub items: Vec<At<ItemFile>>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeetingFile {
    pub district: At<String>,
    /// "2029-04-10", "17:30", "19:30" in Kraków.
    pub date: At<String>,
    pub begins: At<String>,
    pub ends: At<String>,
    pub venue: At<String>,
    pub address: At<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub room: Option<At<String>>,
    #[serde(default)]
    pub officials: Vec<At<OfficialFile>>,
    #[serde(default)]
    pub accessibility: Vec<At<String>>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OfficialFile {
    pub name: At<String>,
    pub title: At<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<At<String>>,
}

impl Default for At<String> {
    fn default() -> Self {
        At::from(String::new())
    }
}

/// A mistake at a line of the file.
fn at<T>(text: &str, value: &At<T>, field: &str, reason: Invalid) -> AppError {
    AppError::InvalidAt {
        line: value.line(text),
        field: field.to_owned(),
        reason,
    }
}

/// The definition a file's `text` holds, every rule checked; the first
/// mistake (by line) is the error. `districts`: the reference districts;
/// `departments`: the codes officials may name; `slugs`: the rounds'
/// addresses already taken.
pub fn read(
    text: &str,
    districts: &[District],
    departments: &HashSet<String>,
    slugs: &HashSet<String>,
) -> Result<RoundDefinition, AppError> {
    let file: RoundFile = json_spanned_value::from_str(text).map_err(|e| {
        let field = match e.classify() {
            serde_json::error::Category::Data => "definition_field",
            _ => "definition",
        };
        AppError::InvalidAt {
            line: u32::try_from(e.line()).unwrap_or(u32::MAX),
            field: field.to_owned(),
            reason: Invalid::Malformed,
        }
    })?;
    let mut errors = Vec::new();
    let def = check(text, &file, districts, departments, &mut errors);
    if slugs.contains(&def.settings.slug) {
        errors.push(at(text, &file.slug, "slug", Invalid::Duplicate));
    }
    // The first mistake in the file's order.
    errors.sort_by_key(|e| match e {
        AppError::InvalidAt { line, .. } => *line,
        _ => 0,
    });
    match errors.into_iter().next() {
        Some(error) => Err(error),
        None => Ok(def),
    }
}

fn check(
    text: &str,
    file: &RoundFile,
    districts: &[District],
    departments: &HashSet<String>,
    errors: &mut Vec<AppError>,
) -> RoundDefinition {
    let mut fail = |value_line: AppError| errors.push(value_line);
    if file.format.get() != FORMAT {
        fail(at(text, &file.format, "format", Invalid::Unknown));
    }
    let mut ids = Vec::new();
    for numeral in file.districts.get() {
        match districts.iter().find(|d| d.numeral == *numeral.get()) {
            Some(d) if ids.contains(&d.id) => {
                fail(at(text, numeral, "round_districts", Invalid::Duplicate))
            }
            Some(d) => ids.push(d.id),
            None => fail(at(text, numeral, "round_districts", Invalid::Unknown)),
        }
    }
    ids.sort_unstable();
    let mut populations = std::collections::BTreeMap::new();
    for (numeral, n) in &file.populations {
        match districts.iter().find(|d| d.numeral == *numeral) {
            Some(d) if ids.contains(&d.id) && (0..=10_000_000).contains(n.get()) => {
                populations.insert(d.id, *n.get());
            }
            _ => fail(at(text, n, "population", Invalid::OutOfRange)),
        }
    }
    let instant_of = |value: &At<String>, field: &str| {
        let (date, time) = value
            .get()
            .trim()
            .split_once(' ')
            .unwrap_or((value.get(), ""));
        parse_warsaw(date, time, field, field)
            .map_err(|_| at(text, value, field, Invalid::Malformed))
    };
    let day_of = |value: &Option<At<String>>, field: &str| match value {
        None => Ok(None),
        Some(v) => parse_warsaw(v.get(), "00:00", field, field)
            .map(Some)
            .map_err(|_| at(text, v, field, Invalid::Malformed)),
    };
    let opens = instant_of(&file.survey_opens, "survey_opens_at").unwrap_or_else(|e| {
        fail(e);
        0
    });
    let closes = instant_of(&file.survey_closes, "survey_closes_at").unwrap_or_else(|e| {
        fail(e);
        1
    });
    let meetings_from = day_of(&file.meetings_from, "meetings_from").unwrap_or_else(|e| {
        fail(e);
        None
    });
    let meetings_until = day_of(&file.meetings_until, "meetings_until")
        .unwrap_or_else(|e| {
            fail(e);
            None
        })
        .map(|start| warsaw_day_start(start + 36 * 3600));
    let visibility = ResultsVisibility::parse(file.results_visibility.get()).unwrap_or_else(|| {
        fail(at(
            text,
            &file.results_visibility,
            "visibility",
            Invalid::Unknown,
        ));
        ResultsVisibility::default()
    });
    let settings = RoundSettings {
        name: file.name.get().trim().to_owned(),
        slug: file.slug.get().trim().to_owned(),
        districts: ids,
        populations,
        survey_opens_at: opens,
        survey_closes_at: closes,
        meetings_from,
        meetings_until,
        max_picks: *file.max_picks.get(),
        results_visibility: visibility,
        answer_days: *file.answer_days.get(),
    };
    if let Err(AppError::Invalid { field, reason }) = settings.check() {
        // The settings' rules name a field; the file says where it is.
        let line = match field.as_str() {
            "round_name" => file.name.line(text),
            "slug" => file.slug.line(text),
            "round_districts" => file.districts.line(text),
            "survey_closes_at" => file.survey_closes.line(text),
            "meetings_from" | "meetings_until" => file
                .meetings_until
                .as_ref()
                .or(file.meetings_from.as_ref())
                .map_or(1, |v| v.line(text)),
            "max_picks" => file.max_picks.line(text),
            "answer_days" => file.answer_days.line(text),
            _ => 1,
        };
        fail(AppError::InvalidAt {
            line,
            field,
            reason,
        });
    }

    // Content: codes unique in the round (an option's in its question).
    let mut theme_codes = HashSet::new();
    let mut action_codes = HashSet::new();
    let item = |value: &ItemFile, seen: &mut HashSet<String>, fail: &mut dyn FnMut(AppError)| {
        let code = value.code.get().trim().to_lowercase();
        if !code_ok(&code) {
            fail(at(text, &value.code, "code", Invalid::Malformed));
        } else if !seen.insert(code.clone()) {
            fail(at(text, &value.code, "code", Invalid::Duplicate));
        }
        let (pl, en) = wording(value.pl.get(), value.en.get()).unwrap_or_else(|e| {
            let field = e.field().unwrap_or("label_pl").to_owned();
            let spot = if field == "label_en" {
                &value.en
            } else {
                &value.pl
            };
            fail(at(text, spot, &field, Invalid::Missing));
            Default::default()
        });
        ItemDefinition { code, pl, en }
    };
    let group_item = |g: &GroupFile| ItemFile {
        code: g.code.clone(),
        pl: g.pl.clone(),
        en: g.en.clone(),
    };
    let mut themes = Vec::new();
    for theme in &file.themes {
        let head = item(&group_item(theme.get()), &mut theme_codes, &mut fail);
        let actions = theme
            .get()
            .items
            .iter()
            .map(|a| item(a.get(), &mut action_codes, &mut fail))
            .collect();
        themes.push(ThemeDefinition {
            item: head,
            actions,
        });
    }
    let mut question_codes = HashSet::new();
    let mut questions = Vec::new();
    for question in &file.questions {
        let head = item(&group_item(question.get()), &mut question_codes, &mut fail);
        let mut option_codes = HashSet::new();
        let options = question
            .get()
            .items
            .iter()
            .map(|o| item(o.get(), &mut option_codes, &mut fail))
            .collect();
        questions.push(QuestionDefinition {
            item: head,
            options,
        });
    }

    let mut meetings = Vec::new();
    for meeting in &file.meetings {
        let m = meeting.get();
        let district = match districts.iter().find(|d| d.numeral == *m.district.get()) {
            Some(d) if settings.districts.contains(&d.id) => d.id,
            _ => {
                fail(at(text, &m.district, "district", Invalid::Unknown));
                0
            }
        };
        let time = |value: &At<String>, field: &str| {
            parse_warsaw(m.date.get(), value.get(), "date", field).map_err(|e| {
                let spot = if e.field() == Some("date") {
                    &m.date
                } else {
                    value
                };
                at(text, spot, e.field().unwrap_or(field), Invalid::Malformed)
            })
        };
        let (starts_at, ends_at) = match (time(&m.begins, "begins"), time(&m.ends, "ends")) {
            (Ok(s), Ok(e)) => (s, e),
            (Err(e), _) | (_, Err(e)) => {
                fail(e);
                (0, 1)
            }
        };
        if ends_at <= starts_at {
            fail(at(text, &m.ends, "ends", Invalid::EndBeforeStart));
        }
        if let (Some(from), Some(until)) = (settings.meetings_from, settings.meetings_until) {
            if starts_at != 0 && (starts_at < from || ends_at > until) {
                fail(at(text, &m.date, "date", Invalid::OutOfRange));
            }
        }
        for (value, field) in [(&m.venue, "venue"), (&m.address, "address")] {
            if value.get().trim().is_empty() {
                fail(at(text, value, field, Invalid::Missing));
            }
        }
        let mut officials = Vec::new();
        for official in &m.officials {
            let o = official.get();
            if o.name.get().trim().is_empty() {
                fail(at(text, &o.name, "officials", Invalid::Missing));
            }
            if let Some(dep) = &o.department {
                if !departments.contains(dep.get()) {
                    fail(at(text, dep, "department", Invalid::Unknown));
                }
            }
            officials.push((
                o.name.get().trim().to_owned(),
                o.title.get().trim().to_owned(),
                o.department.as_ref().map(|d| d.get().clone()),
            ));
        }
        let mut codes = Vec::new();
        for code in &m.accessibility {
            let known = crate::meetings::model::Accessibility::ALL
                .into_iter()
                .find(|a| a.code() == code.get().trim());
            match known {
                Some(a) => codes.push(a.code()),
                None => fail(at(text, code, "accessibility", Invalid::Unknown)),
            }
        }
        meetings.push(MeetingDefinition {
            district,
            starts_at,
            ends_at,
            venue: m.venue.get().trim().to_owned(),
            address: m.address.get().trim().to_owned(),
            room: m
                .room
                .as_ref()
                .map(|r| r.get().trim().to_owned())
                .filter(|r| !r.is_empty()),
            officials,
            accessibility: codes.join(","),
        });
    }
    RoundDefinition {
        settings,
        status: RoundStatus::Draft,
        themes,
        questions,
        meetings,
    }
}

/// The file of a stored definition (`districts`: to name them by numeral).
pub fn write(def: &RoundDefinition, districts: &[District]) -> String {
    let numeral = |id: Id| {
        districts
            .iter()
            .find(|d| d.id == id)
            .map(|d| d.numeral.clone())
            .unwrap_or_default()
    };
    let local = |utc: i64| instant(utc).local;
    let day = |utc: i64| {
        let l = local(utc);
        format!("{:04}-{:02}-{:02}", l.year, l.month, l.day)
    };
    let time = |utc: i64| {
        let l = local(utc);
        format!("{:02}:{:02}", l.hour, l.minute)
    };
    let item = |i: &ItemDefinition| ItemFile {
        code: i.code.clone().into(),
        pl: i.pl.clone().into(),
        en: i.en.clone().into(),
    };
    let group = |head: &ItemDefinition, items: &[ItemDefinition]| {
        At::from(GroupFile {
            code: head.code.clone().into(),
            pl: head.pl.clone().into(),
            en: head.en.clone().into(),
            items: items.iter().map(|i| At::from(item(i))).collect(),
        })
    };
    let s = &def.settings;
    let file = RoundFile {
        format: FORMAT.to_owned().into(),
        name: s.name.clone().into(),
        slug: s.slug.clone().into(),
        districts: s
            .districts
            .iter()
            .map(|id| At::from(numeral(*id)))
            .collect::<Vec<_>>()
            .into(),
        populations: s
            .populations
            .iter()
            .map(|(id, n)| (numeral(*id), At::from(*n)))
            .collect(),
        survey_opens: format!("{} {}", day(s.survey_opens_at), time(s.survey_opens_at)).into(),
        survey_closes: format!("{} {}", day(s.survey_closes_at), time(s.survey_closes_at)).into(),
        meetings_from: s.meetings_from.map(|t| day(t).into()),
        // The last day, inclusive.
        meetings_until: s.meetings_until.map(|t| day(t - 12 * 3600).into()),
        max_picks: s.max_picks.into(),
        results_visibility: s.results_visibility.as_str().to_owned().into(),
        answer_days: s.answer_days.into(),
        themes: def
            .themes
            .iter()
            .map(|t| group(&t.item, &t.actions))
            .collect(),
        questions: def
            .questions
            .iter()
            .map(|q| group(&q.item, &q.options))
            .collect(),
        meetings: def
            .meetings
            .iter()
            .map(|m| {
                At::from(MeetingFile {
                    district: numeral(m.district).into(),
                    date: day(m.starts_at).into(),
                    begins: time(m.starts_at).into(),
                    ends: time(m.ends_at).into(),
                    venue: m.venue.clone().into(),
                    address: m.address.clone().into(),
                    room: m.room.clone().map(At::from),
                    officials: m
                        .officials
                        .iter()
                        .map(|(name, title, dep)| {
                            At::from(OfficialFile {
                                name: name.clone().into(),
                                title: title.clone().into(),
                                department: dep.clone().map(At::from),
                            })
                        })
                        .collect(),
                    accessibility: m
                        .accessibility
                        .split(',')
                        .filter(|c| !c.is_empty())
                        .map(|c| At::from(c.to_owned()))
                        .collect(),
                })
            })
            .collect(),
    };
    serde_json::to_string_pretty(&file).unwrap_or_default()
}
