//! Kraków's demo data: the 2028 round of districts I–VII (survey open until
//! 3 March 2028, 23:59 in Kraków; meetings on Tuesdays at 17:30 from March to
//! June) and two archived rounds (Nowa Huta 2021, Podgórze 2022).
//! Written into an empty database on first start through [`Repository::seed`].
//! The districts are reference data, not demo data: the migrations hold
//! all eighteen.
//!
//! [`Repository::seed`]: crate::server::db::Repository::seed

use crate::domain::{DepartmentKind, ResultsVisibility, RoundStatus};
use crate::rounds::definition::{
    ItemDefinition, MeetingDefinition, QuestionDefinition, RoundDefinition, ThemeDefinition,
};
use crate::rounds::model::{district_number, RoundSettings};
use crate::server::time::warsaw;

pub struct DepartmentSeed {
    pub code: &'static str,
    pub name_pl: &'static str,
    pub name_en: &'static str,
    pub kind: DepartmentKind,
}

pub struct ThemeSeed {
    pub code: &'static str,
    pub name_pl: &'static str,
    pub name_en: &'static str,
    /// (code, Polish label, English label)
    pub actions: &'static [(&'static str, &'static str, &'static str)],
}

pub struct QuestionSeed {
    pub code: &'static str,
    pub prompt_pl: &'static str,
    pub prompt_en: &'static str,
    pub options: &'static [(&'static str, &'static str, &'static str)],
}

pub struct MeetingSeed {
    /// District numeral.
    pub district: &'static str,
    pub starts_at: i64,
    pub ends_at: i64,
    pub venue: &'static str,
    pub address: &'static str,
    pub room: Option<&'static str>,
    /// (name, title, department code)
    pub officials: &'static [(&'static str, &'static str, &'static str)],
    /// Accessibility codes, comma-separated (see `meetings::model`).
    pub accessibility: &'static str,
}

pub struct RoundSeed {
    pub slug: &'static str,
    pub name: &'static str,
    pub status: RoundStatus,
    pub survey_opens_at: i64,
    pub survey_closes_at: i64,
    pub max_picks: i64,
    /// The period the round's meetings fall in (UTC seconds).
    pub meetings_from: Option<i64>,
    pub meetings_until: Option<i64>,
    /// When the survey's results become public.
    pub results_visibility: ResultsVisibility,
    pub districts: &'static [&'static str],
    pub themes: &'static [ThemeSeed],
    pub questions: &'static [QuestionSeed],
    pub meetings: Vec<MeetingSeed>,
}

pub struct Demo {
    pub departments: &'static [DepartmentSeed],
    pub rounds: Vec<RoundSeed>,
}

impl RoundSeed {
    /// The round as the repository stores any round.
    pub fn definition(&self) -> RoundDefinition {
        let item = |(code, pl, en): &(&str, &str, &str)| ItemDefinition {
            code: (*code).to_owned(),
            pl: (*pl).to_owned(),
            en: (*en).to_owned(),
        };
        let district = |numeral: &str| district_number(numeral).unwrap_or_default();
        RoundDefinition {
            settings: RoundSettings {
                name: self.name.to_owned(),
                slug: self.slug.to_owned(),
                districts: self.districts.iter().map(|n| district(n)).collect(),
                // The reference figures.
                populations: Default::default(),
                survey_opens_at: self.survey_opens_at,
                survey_closes_at: self.survey_closes_at,
                meetings_from: self.meetings_from,
                meetings_until: self.meetings_until,
                max_picks: self.max_picks,
                results_visibility: self.results_visibility,
                answer_days: 30,
            },
            status: self.status,
            themes: self
                .themes
                .iter()
                .map(|t| ThemeDefinition {
                    item: item(&(t.code, t.name_pl, t.name_en)),
                    actions: t.actions.iter().map(item).collect(),
                })
                .collect(),
            questions: self
                .questions
                .iter()
                .map(|q| QuestionDefinition {
                    item: item(&(q.code, q.prompt_pl, q.prompt_en)),
                    options: q.options.iter().map(item).collect(),
                })
                .collect(),
            meetings: self
                .meetings
                .iter()
                .map(|m| MeetingDefinition {
                    district: district(m.district),
                    starts_at: m.starts_at,
                    ends_at: m.ends_at,
                    venue: m.venue.to_owned(),
                    address: m.address.to_owned(),
                    room: m.room.map(str::to_owned),
                    officials: m
                        .officials
                        .iter()
                        .map(|(name, title, dep)| {
                            (
                                (*name).to_owned(),
                                (*title).to_owned(),
                                Some((*dep).to_owned()),
                            )
                        })
                        .collect(),
                    accessibility: m.accessibility.to_owned(),
                })
                .collect(),
        }
    }
}

const fn department(
    code: &'static str,
    name_pl: &'static str,
    name_en: &'static str,
    kind: DepartmentKind,
) -> DepartmentSeed {
    DepartmentSeed {
        code,
        name_pl,
        name_en,
        kind,
    }
}

static DEPARTMENTS: &[DepartmentSeed] = &[
    department(
        "ZDMK",
        "Zarząd Dróg Miasta Krakowa",
        "Kraków Roads Authority",
        DepartmentKind::Unit,
    ),
    department(
        "ZZM",
        "Zarząd Zieleni Miejskiej",
        "Municipal Greenery Authority",
        DepartmentKind::Unit,
    ),
    department(
        "ZTP",
        "Zarząd Transportu Publicznego",
        "Public Transport Authority",
        DepartmentKind::Unit,
    ),
    department(
        "SM",
        "Straż Miejska Miasta Krakowa",
        "Kraków Municipal Police",
        DepartmentKind::Unit,
    ),
    department(
        "ZBK",
        "Zarząd Budynków Komunalnych",
        "Municipal Buildings Authority",
        DepartmentKind::Unit,
    ),
    department(
        "WPS",
        "Wydział Polityki Społecznej i Zdrowia",
        "Department of Social Policy and Health",
        DepartmentKind::Department,
    ),
    department(
        "WKL",
        "Wydział Kultury i Dziedzictwa Narodowego",
        "Department of Culture and National Heritage",
        DepartmentKind::Department,
    ),
    department(
        "WPP",
        "Wydział Planowania Przestrzennego",
        "Department of Spatial Planning",
        DepartmentKind::Department,
    ),
    department(
        "WSO",
        "Wydział ds. Społecznych i Obywatelskich",
        "Department of Civic Affairs",
        DepartmentKind::Department,
    ),
];

static THEMES: &[ThemeSeed] = &[
    ThemeSeed {
        code: "transport",
        name_pl: "Transport i komunikacja",
        name_en: "Transport",
        actions: &[
            (
                "bus-lanes",
                "Więcej buspasów i pierwszeństwo tramwajów na skrzyżowaniach",
                "More bus lanes and tram priority at junctions",
            ),
            (
                "school-crossings",
                "Bezpieczne przejścia dla pieszych przy szkołach",
                "Safe pedestrian crossings near schools",
            ),
            (
                "bike-routes",
                "Drogi rowerowe łączące dzielnicę z centrum",
                "Cycle routes linking the district to the centre",
            ),
            (
                "pavements",
                "Remonty chodników i usuwanie barier dla wózków",
                "Pavement repairs and step-free routes for prams and wheelchairs",
            ),
            (
                "park-and-ride",
                "Parkingi P+R przy pętlach tramwajowych",
                "Park-and-ride car parks at tram terminals",
            ),
        ],
    },
    ThemeSeed {
        code: "greenery",
        name_pl: "Zieleń",
        name_en: "Greenery",
        actions: &[
            (
                "pocket-parks",
                "Nowe parki kieszonkowe i skwery",
                "New pocket parks and squares",
            ),
            (
                "street-trees",
                "Sadzenie drzew wzdłuż ulic",
                "Planting trees along streets",
            ),
            (
                "meadows",
                "Łąki kwietne zamiast często koszonych trawników",
                "Flower meadows instead of frequently mown lawns",
            ),
            ("community-gardens", "Ogrody społeczne", "Community gardens"),
        ],
    },
    ThemeSeed {
        code: "safety",
        name_pl: "Bezpieczeństwo",
        name_en: "Safety",
        actions: &[
            (
                "lighting",
                "Lepsze oświetlenie ulic, parków i przejść",
                "Better lighting of streets, parks and crossings",
            ),
            (
                "evening-patrols",
                "Więcej patroli Straży Miejskiej wieczorem",
                "More evening patrols of the Municipal Police",
            ),
            (
                "traffic-calming",
                "Uspokojenie ruchu na ulicach osiedlowych",
                "Traffic calming on residential streets",
            ),
        ],
    },
    ThemeSeed {
        code: "culture",
        name_pl: "Kultura i czas wolny",
        name_en: "Culture and leisure",
        actions: &[
            (
                "culture-centre",
                "Lokalne centrum kultury z zajęciami dla seniorów i młodzieży",
                "A local culture centre with activities for seniors and young people",
            ),
            (
                "open-air-events",
                "Wydarzenia plenerowe w dzielnicy",
                "Open-air events in the district",
            ),
            (
                "libraries",
                "Dłużej otwarte filie bibliotek",
                "Longer opening hours of branch libraries",
            ),
        ],
    },
    ThemeSeed {
        code: "housing",
        name_pl: "Mieszkalnictwo",
        name_en: "Housing",
        actions: &[
            (
                "municipal-flats",
                "Remonty mieszkań komunalnych",
                "Renovation of municipal flats",
            ),
            (
                "affordable-rent",
                "Mieszkania na wynajem z dostępnym czynszem",
                "Flats to rent at affordable rents",
            ),
            (
                "clean-heating",
                "Ocieplanie budynków i wymiana pieców",
                "Insulating buildings and replacing old stoves",
            ),
        ],
    },
    ThemeSeed {
        code: "public-space",
        name_pl: "Przestrzeń publiczna",
        name_en: "Public space",
        actions: &[
            (
                "benches-toilets",
                "Ławki, toalety publiczne i poidełka",
                "Benches, public toilets and drinking fountains",
            ),
            (
                "playgrounds",
                "Place zabaw i siłownie plenerowe",
                "Playgrounds and outdoor gyms",
            ),
            (
                "advertising",
                "Porządek z reklamami i szyldami",
                "Tidying up billboards and signs",
            ),
            (
                "accessible-stops",
                "Zadaszone, dostępne przystanki",
                "Sheltered, accessible stops",
            ),
        ],
    },
];

static PROFILE_QUESTIONS: &[QuestionSeed] = &[
    QuestionSeed {
        code: "age",
        prompt_pl: "Twój wiek",
        prompt_en: "Your age",
        options: &[
            ("under-18", "poniżej 18 lat", "under 18"),
            ("18-29", "18–29 lat", "18–29"),
            ("30-44", "30–44 lata", "30–44"),
            ("45-59", "45–59 lat", "45–59"),
            ("60-74", "60–74 lata", "60–74"),
            ("75-plus", "75 lat i więcej", "75 or older"),
        ],
    },
    QuestionSeed {
        code: "residence",
        prompt_pl: "Jak długo mieszkasz w tej dzielnicy?",
        prompt_en: "How long have you lived in this district?",
        options: &[
            ("under-1", "krócej niż rok", "less than a year"),
            ("1-5", "od roku do 5 lat", "1 to 5 years"),
            ("6-15", "od 6 do 15 lat", "6 to 15 years"),
            ("over-15", "ponad 15 lat", "more than 15 years"),
        ],
    },
];

/// Kraków wall-clock time to UTC seconds (the demo's dates all exist).
fn at(year: i32, month: u32, day: u32, hour: u32, minute: u32) -> i64 {
    warsaw(year, month, day, hour, minute).unwrap_or_default()
}

static OFFICIALS_TRANSPORT: &[(&str, &str, &str)] = &[
    ("Anna Zielińska", "zastępczyni dyrektora", "ZDMK"),
    ("Piotr Kowalczyk", "kierownik działu przewozów", "ZTP"),
];
static OFFICIALS_GREEN: &[(&str, &str, &str)] = &[
    ("Magdalena Wrona", "dyrektorka", "ZZM"),
    ("Tomasz Nowak", "komendant oddziału", "SM"),
];
static OFFICIALS_SOCIAL: &[(&str, &str, &str)] = &[
    ("Katarzyna Mazur", "dyrektorka", "WPS"),
    ("Jan Wójcik", "zastępca dyrektora", "ZBK"),
];

/// The demo data. Instants are computed from Kraków wall-clock times, so
/// daylight-saving changes are applied by the time-zone database.
pub fn krakow() -> Demo {
    let meetings = vec![
        meeting(
            "I",
            (3, 21),
            "Urząd Miasta Krakowa",
            "pl. Wszystkich Świętych 3-4",
            Some("Sala Kupiecka"),
            OFFICIALS_TRANSPORT,
            "step_free,induction_loop,sign_language",
        ),
        meeting(
            "II",
            (3, 28),
            "XIII Liceum Ogólnokształcące",
            "ul. Sądowa 4",
            Some("aula"),
            OFFICIALS_GREEN,
            "step_free,sign_language",
        ),
        meeting(
            "III",
            (4, 4),
            "Szkoła Podstawowa nr 64",
            "ul. Sadzawki 1",
            Some("sala gimnastyczna"),
            OFFICIALS_SOCIAL,
            "step_free,sign_language",
        ),
        meeting(
            "IV",
            (4, 11),
            "Centrum Kultury Dworek Białoprądnicki",
            "ul. Papiernicza 2",
            Some("sala widowiskowa"),
            OFFICIALS_TRANSPORT,
            "sign_language",
        ),
        meeting(
            "V",
            (4, 25),
            "Szkoła Podstawowa nr 2",
            "al. Kijowska 1",
            Some("aula"),
            OFFICIALS_GREEN,
            "step_free,induction_loop,sign_language",
        ),
        meeting(
            "VI",
            (5, 16),
            "Centrum Kultury Bronowice",
            "ul. Rydla 42",
            None,
            OFFICIALS_SOCIAL,
            "step_free,sign_language",
        ),
        meeting(
            "VII",
            (6, 6),
            "Dom Kultury Zwierzyniec",
            "ul. Królowej Jadwigi 50",
            Some("sala kameralna"),
            OFFICIALS_TRANSPORT,
            "sign_language",
        ),
    ];
    let nowa_huta = vec![MeetingSeed {
        district: "XVIII",
        starts_at: at(2021, 5, 18, 17, 30),
        ends_at: at(2021, 5, 18, 19, 30),
        venue: "Nowohuckie Centrum Kultury",
        address: "al. Jana Pawła II 232",
        room: None,
        officials: OFFICIALS_GREEN,
        accessibility: "step_free",
    }];
    let podgorze = vec![MeetingSeed {
        district: "XIII",
        starts_at: at(2022, 5, 24, 17, 30),
        ends_at: at(2022, 5, 24, 19, 30),
        venue: "Centrum Kultury Podgórza",
        address: "ul. Sokolska 13",
        room: None,
        officials: OFFICIALS_TRANSPORT,
        accessibility: "",
    }];
    Demo {
        departments: DEPARTMENTS,
        rounds: vec![
            RoundSeed {
                slug: "2028-dzielnice-i-vii",
                name: "Porozmawiajmy o Krakowie 2028: dzielnice I–VII",
                status: RoundStatus::Active,
                survey_opens_at: at(2026, 11, 1, 0, 0),
                survey_closes_at: at(2028, 3, 3, 23, 59),
                max_picks: 5,
                // Meetings from March to June 2028.
                meetings_from: Some(at(2028, 3, 1, 0, 0)),
                meetings_until: Some(at(2028, 7, 1, 0, 0)),
                // Public while the survey is open, so the demo shows charts.
                results_visibility: ResultsVisibility::WhileOpen,
                districts: &["I", "II", "III", "IV", "V", "VI", "VII"],
                themes: THEMES,
                questions: PROFILE_QUESTIONS,
                meetings,
            },
            RoundSeed {
                slug: "2022-podgorze",
                name: "Porozmawiajmy o Podgórzu 2022",
                status: RoundStatus::Archived,
                survey_opens_at: at(2022, 2, 1, 0, 0),
                survey_closes_at: at(2022, 3, 31, 23, 59),
                max_picks: 5,
                meetings_from: Some(at(2022, 4, 1, 0, 0)),
                meetings_until: Some(at(2022, 7, 1, 0, 0)),
                results_visibility: ResultsVisibility::AfterClose,
                districts: &["VIII", "IX", "X", "XI", "XII", "XIII"],
                themes: THEMES,
                questions: PROFILE_QUESTIONS,
                meetings: podgorze,
            },
            RoundSeed {
                slug: "2021-nowa-huta",
                name: "Porozmawiajmy o Nowej Hucie 2021",
                status: RoundStatus::Archived,
                survey_opens_at: at(2021, 2, 1, 0, 0),
                survey_closes_at: at(2021, 3, 31, 23, 59),
                max_picks: 5,
                meetings_from: Some(at(2021, 4, 1, 0, 0)),
                meetings_until: Some(at(2021, 7, 1, 0, 0)),
                results_visibility: ResultsVisibility::AfterClose,
                districts: &["XIV", "XV", "XVI", "XVII", "XVIII"],
                themes: THEMES,
                questions: PROFILE_QUESTIONS,
                meetings: nowa_huta,
            },
        ],
    }
}

/// A round-2028 meeting: Tuesday 17:30–19:30 in Kraków.
fn meeting(
    district: &'static str,
    (month, day): (u32, u32),
    venue: &'static str,
    address: &'static str,
    room: Option<&'static str>,
    officials: &'static [(&'static str, &'static str, &'static str)],
    accessibility: &'static str,
) -> MeetingSeed {
    MeetingSeed {
        district,
        starts_at: at(2028, month, day, 17, 30),
        ends_at: at(2028, month, day, 19, 30),
        venue,
        address,
        room,
        officials,
        accessibility,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::time::instant;

    #[test]
    fn the_2028_round_is_as_the_city_planned_it() {
        let demo = krakow();
        let round = &demo.rounds[0];
        assert_eq!(round.districts.len(), 7);
        let actions: usize = round.themes.iter().map(|t| t.actions.len()).sum();
        assert!(actions >= 20 && round.themes.len() >= 5);
        let closes = instant(round.survey_closes_at).local;
        assert_eq!(
            (
                closes.year,
                closes.month,
                closes.day,
                closes.hour,
                closes.minute
            ),
            (2028, 3, 3, 23, 59)
        );
        for m in &round.meetings {
            let l = instant(m.starts_at).local;
            assert_eq!(
                (l.weekday, l.hour, l.minute),
                (1, 17, 30),
                "meeting {} is a Tuesday 17:30",
                m.district
            );
        }
        // 21 March is still winter time, 28 March summer time.
        assert_eq!(round.meetings[0].starts_at % 86_400, 16 * 3600 + 1800);
        assert_eq!(round.meetings[1].starts_at % 86_400, 15 * 3600 + 1800);
    }
}
