//! The calendar feeds' addresses (both builds): which meetings a feed
//! holds, its path, and the links pages show ("add to calendar",
//! `webcal://` subscription). The feeds themselves are written by
//! [`super::ics`] on the server.

use leptos::prelude::*;

/// Which meetings a feed file holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Feed {
    All,
    District(String),
    Meeting(crate::domain::Id),
}

impl Feed {
    /// `spotkania.ics`, `dzielnica-II.ics`, `spotkanie-3.ics`.
    pub fn parse(file: &str) -> Option<Feed> {
        let name = file.strip_suffix(".ics")?;
        if name == "spotkania" {
            return Some(Feed::All);
        }
        if let Some(numeral) = name.strip_prefix("dzielnica-") {
            let valid = !numeral.is_empty() && numeral.chars().all(|c| "IVXLC".contains(c));
            return valid.then(|| Feed::District(numeral.to_owned()));
        }
        name.strip_prefix("spotkanie-")?
            .parse()
            .ok()
            .map(Feed::Meeting)
    }

    /// The feed's path on this site.
    pub fn path(&self) -> String {
        match self {
            Feed::All => "/kalendarz/spotkania.ics".into(),
            Feed::District(numeral) => format!("/kalendarz/dzielnica-{numeral}.ics"),
            Feed::Meeting(id) => format!("/kalendarz/spotkanie-{id}.ics"),
        }
    }
}

/// "Subscribe" (`webcal://`, which phones open in their calendar app) and
/// a plain download link of a feed.
#[component]
pub fn FeedLink(feed: Feed, site_url: String) -> impl IntoView {
    let lang = crate::i18n::use_lang();
    let mt = super::texts::texts(lang);
    let path = crate::i18n::feed_href(&feed.path(), lang);
    let webcal = format!(
        "webcal://{}{path}",
        site_url
            .trim_start_matches("https://")
            .trim_start_matches("http://")
    );
    let label = match feed {
        Feed::District(_) => mt.calendar_subscribe_district,
        _ => mt.calendar_subscribe,
    };
    view! {
        <p class="feed-links" data-testid="feed-links">
            <a href=webcal>{label}</a>" ("<a href=path>{mt.calendar_download}</a>")"
        </p>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feed_file_names() {
        assert_eq!(Feed::parse("spotkania.ics"), Some(Feed::All));
        assert_eq!(
            Feed::parse("dzielnica-VII.ics"),
            Some(Feed::District("VII".into()))
        );
        assert_eq!(Feed::parse("spotkanie-12.ics"), Some(Feed::Meeting(12)));
        assert_eq!(Feed::parse("spotkanie-x.ics"), None);
        assert_eq!(Feed::parse("dzielnica-<b>.ics"), None);
        assert_eq!(Feed::parse("spotkania.txt"), None);
        for feed in [Feed::All, Feed::District("II".into()), Feed::Meeting(3)] {
            let file = feed.path().rsplit('/').next().unwrap().to_owned();
            assert_eq!(Feed::parse(&file), Some(feed));
        }
    }
}
