//! Moving between results views in place: the [`ResultsSwitch`] island
//! follows the district links, the theme and order filter and the
//! comparison's choice without a page load (`ui::in_place`). It asks
//! [`get_results_view`] for the new view, which the server draws with the
//! very components (and SVG charts) of the page, and puts it in place of
//! the old one, its URL in the address bar; Back shows the previous view
//! again. Without JavaScript the same links and GET forms load the page.
//!
//! Why the server draws the view: the same island drawing it in the
//! browser compiled the results components, charts and number formats into
//! a 119 KB (brotli) chunk — `/wyniki` would have weighed 280 KB; asking
//! the server keeps the chunk to a few KB (README, "Per-page code").

use super::model::{Comparison, Published, ResultsView};
use super::page::{Compared, NotYet, Results};
use crate::error::AppError;
use crate::ui::RenderedView;
use leptos::prelude::*;

/// One results view as the server gives it.
#[derive(Clone, Debug, PartialEq)]
pub enum Shown {
    Round(Box<Published<ResultsView>>),
    Compared(Published<Comparison>),
}

impl Shown {
    pub fn round(published: Published<ResultsView>) -> Self {
        Self::Round(Box::new(published))
    }

    /// The page's title (also the view's heading).
    pub fn title(&self) -> String {
        let rt = super::texts::use_texts();
        match self {
            Self::Round(round) => match &**round {
                Published::Yes(view) => match &view.district {
                    Some(d) => format!("{}: {}", rt.results_title, d.label()),
                    None => rt.results_title.to_owned(),
                },
                Published::NotYet(_) => rt.results_title.to_owned(),
            },
            Self::Compared(Published::Yes(_)) => rt.compare_title.to_owned(),
            Self::Compared(Published::NotYet(_)) => rt.results_title.to_owned(),
        }
    }

    pub fn view(self) -> AnyView {
        let title = self.title();
        let not_yet = |notice, title| view! { <NotYet notice title/> }.into_any();
        match self {
            Self::Round(round) => match *round {
                Published::Yes(view) => view! { <Results view title/> }.into_any(),
                Published::NotYet(notice) => not_yet(notice, title),
            },
            Self::Compared(Published::Yes(comparison)) => {
                view! { <Compared comparison title/> }.into_any()
            }
            Self::Compared(Published::NotYet(notice)) => not_yet(notice, title),
        }
    }
}

/// What a results URL asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Wanted {
    Round {
        district: Option<String>,
        theme: Option<String>,
        sort: Option<String>,
    },
    /// `?co=dzialanie.<code>` or `?co=temat.<code>`.
    Compared(Option<String>),
}

impl Wanted {
    /// From a path and the query string's values; `None` for a page that
    /// is not a results view (it then loads as a page).
    pub fn of(path: &str, get: impl Fn(&str) -> Option<String>) -> Option<Self> {
        let get = |name: &str| get(name).filter(|v| !v.is_empty());
        let rest = path.strip_prefix("/wyniki")?;
        match rest.trim_end_matches('/') {
            "" => Some(Self::Round {
                district: None,
                theme: get("temat"),
                sort: get("kolejnosc"),
            }),
            "/porownanie" => Some(Self::Compared(get("co"))),
            numeral if numeral.len() > 1 && numeral[1..].chars().all(|c| "IVXLC".contains(c)) => {
                Some(Self::Round {
                    district: Some(numeral[1..].to_owned()),
                    theme: get("temat"),
                    sort: get("kolejnosc"),
                })
            }
            _ => None,
        }
    }

    #[cfg(feature = "ssr")]
    pub async fn fetch(self) -> Result<Shown, crate::error::AppError> {
        match self {
            Self::Round {
                district,
                theme,
                sort,
            } => super::get_results(district, theme, sort)
                .await
                .map(Shown::round),
            Self::Compared(subject) => {
                let (action, theme) = parse_subject(subject);
                super::get_comparison(action, theme)
                    .await
                    .map(Shown::Compared)
            }
        }
    }
}

/// `?co=`: `dzialanie.<code>` → an action, `temat.<code>` → a theme; anything else
/// is sent as an action the server will not know (and says so).
pub fn parse_subject(value: Option<String>) -> (Option<String>, Option<String>) {
    match value.as_deref().and_then(|v| v.split_once('.')) {
        Some(("dzialanie", code)) => (Some(code.to_owned()), None),
        Some(("temat", code)) => (None, Some(code.to_owned())),
        _ => (value.map(|v| format!("?{v}")), None),
    }
}

/// The results view at `path` (`/wyniki`, `/wyniki/<numeral>`,
/// `/wyniki/porownanie`) with its query's values, drawn as the page draws
/// it. Public, like the pages; not-yet-public results give their notice.
#[server(endpoint = "results/view", output = crate::codec::JsonText)]
pub async fn get_results_view(
    path: String,
    temat: Option<String>,
    kolejnosc: Option<String>,
    co: Option<String>,
) -> Result<RenderedView, AppError> {
    use crate::error::Invalid;
    let value = |name: &str| match name {
        "temat" => temat.clone(),
        "kolejnosc" => kolejnosc.clone(),
        "co" => co.clone(),
        _ => None,
    };
    let wanted =
        Wanted::of(&path, value).ok_or_else(|| AppError::invalid("path", Invalid::Unknown))?;
    let shown = wanted.fetch().await?;
    Ok(RenderedView {
        title: shown.title(),
        html: shown.view().to_html(),
    })
}

/// The results view, switched in place (`ui::in_place`). `children` is
/// the view the server rendered with the page.
#[island(lazy)]
pub fn ResultsSwitch(children: Children) -> impl IntoView {
    crate::ui::in_place(
        children,
        "[data-results-nav] a[href]",
        "form[data-results-nav]",
        Some("#results-view h1"),
        |path, value| {
            Wanted::of(path, value)?;
            let (path, temat, kolejnosc, co) = (
                path.to_owned(),
                value("temat"),
                value("kolejnosc"),
                value("co"),
            );
            Some(get_results_view(path, temat, kolejnosc, co))
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wanted(path: &str, query: &[(&str, &str)]) -> Option<Wanted> {
        Wanted::of(path, |name| {
            query
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        })
    }

    #[test]
    fn results_urls_name_their_view_and_other_urls_load_as_pages() {
        assert_eq!(
            wanted(
                "/wyniki/III",
                &[("temat", "zielen"), ("kolejnosc", "ankieta")]
            ),
            Some(Wanted::Round {
                district: Some("III".into()),
                theme: Some("zielen".into()),
                sort: Some("ankieta".into()),
            })
        );
        assert_eq!(
            wanted("/wyniki", &[("temat", "")]),
            Some(Wanted::Round {
                district: None,
                theme: None,
                sort: None
            })
        );
        assert_eq!(
            wanted("/wyniki/porownanie", &[("co", "temat.zielen")]),
            Some(Wanted::Compared(Some("temat.zielen".into())))
        );
        assert_eq!(wanted("/wyniki/dane/wyniki.csv", &[]), None);
        assert_eq!(wanted("/wynikiX", &[]), None);
        assert_eq!(wanted("/spotkania", &[]), None);
    }

    #[test]
    fn a_subject_is_an_action_or_a_theme() {
        assert_eq!(
            parse_subject(Some("dzialanie.lawki".into())),
            (Some("lawki".into()), None)
        );
        assert_eq!(
            parse_subject(Some("temat.zielen".into())),
            (None, Some("zielen".into()))
        );
        assert_eq!(parse_subject(None), (None, None));
    }
}
