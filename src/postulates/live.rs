//! A meeting's live views in the browser: what the islands of the live
//! page and the projector (and the moderators' console) read from the
//! meeting's event stream, and the stream itself, followed with resumption
//! and back-off. The server side of the stream is [`super::stream`] and
//! `server::live`; the messages it sends are [`super::model::LiveMessage`].

use super::model::{LiveMessageOf, PublicPostulate};
use crate::domain::{Bilingual, Id};
use serde::{Deserialize, Serialize};

/// An approved postulate as a live view shows it: the lean part of a
/// [`PublicPostulate`] (an island's props and every event carry it, and
/// the browser's code never needs the rest).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct LiveCard {
    pub id: Id,
    pub body: String,
    pub theme: Option<Bilingual>,
    pub me_too: i64,
}

impl From<PublicPostulate> for LiveCard {
    fn from(p: PublicPostulate) -> Self {
        Self {
            id: p.id,
            body: p.body,
            theme: p.theme,
            me_too: p.me_too,
        }
    }
}

/// One message of a meeting's event stream as the live views read it:
/// the server's [`super::model::LiveMessage`] with the postulate's card.
/// A kind of event this page does not know does not parse, and is passed
/// over.
pub type LiveUpdate = LiveMessageOf<LiveCard>;

impl LiveUpdate {
    pub fn parse(data: &str) -> Option<Self> {
        use super::model::LiveEvent;
        let Flat {
            kind,
            id,
            postulate,
            open,
            slide,
        } = serde_json::from_str(data).ok()?;
        Some(match (kind.as_str(), id, postulate, open, slide) {
            ("postulate", _, Some(postulate), _, _) => Self::Postulate { postulate },
            ("removed", Some(id), ..) => Self::Removed { id },
            ("reload", ..) => Self::Reload,
            ("discussed", id, ..) => Self::Logged(LiveEvent::Discussed { id }),
            ("open", _, _, Some(open), _) => Self::Logged(LiveEvent::Open { open }),
            ("slide", .., Some(slide)) => Self::Logged(LiveEvent::Slide { slide }),
            ("queue", Some(id), ..) => Self::Logged(LiveEvent::Queue { id }),
            _ => return None,
        })
    }
}

/// Every field a message of the stream may carry, read in one pass. The
/// same messages read through their own derived `Deserialize` (a tagged
/// enum holding an untagged one, which serde reads by buffering and
/// trying each kind) took about 30 KB of the live pages' WebAssembly
/// (README, "Per-page code"); the unit test below reads every kind.
#[derive(Deserialize)]
struct Flat {
    #[serde(rename = "type")]
    kind: String,
    id: Option<Id>,
    postulate: Option<LiveCard>,
    open: Option<bool>,
    slide: Option<i64>,
}

/// The approved list of a live view, as events change it: a card that is
/// on the list is replaced where it stands, a new one goes to the end
/// (`newest_first`: the front), a removed one leaves. True when the list
/// changed.
pub fn apply_to_list(list: &mut Vec<LiveCard>, update: &LiveUpdate, newest_first: bool) -> bool {
    match update {
        LiveUpdate::Postulate { postulate } => {
            match list.iter_mut().find(|c| c.id == postulate.id) {
                Some(card) => *card = postulate.clone(),
                None if newest_first => list.insert(0, postulate.clone()),
                None => list.push(postulate.clone()),
            }
            true
        }
        LiveUpdate::Removed { id } => {
            let before = list.len();
            list.retain(|c| c.id != *id);
            list.len() != before
        }
        _ => false,
    }
}

/// Follows a meeting's public event stream for a live view (the live page,
/// the projector) from after event `last`: `on_update` gets each update
/// once, in order; one saying the view is too far behind reloads the page.
pub fn follow_meeting(meeting: Id, last: i64, on_update: impl Fn(LiveUpdate) + 'static) {
    follow(
        format!("/spotkania/{meeting}/na-zywo/zdarzenia"),
        last,
        move |data| match data.as_deref().and_then(LiveUpdate::parse) {
            Some(LiveUpdate::Reload) => {
                let _ = leptos::prelude::window().location().reload();
            }
            Some(update) => on_update(update),
            None => {}
        },
    );
}

/// Follows an event stream (server-sent events at `url`) from
/// after event `last`: `on_event` gets each event's data once, in order,
/// and `None` after a reconnection. The stream resumes after the last
/// event seen (`?od=`), an event already seen is skipped, and a lost
/// connection is retried after a pause growing from 1 s to 30 s (the
/// browser's own retry has no back-off). Browser only; nothing on the
/// server.
pub fn follow(url: String, last: i64, on_event: impl Fn(Option<String>) + 'static) {
    #[cfg(feature = "hydrate")]
    browser::follow(url, last, std::rc::Rc::new(on_event));
    #[cfg(not(feature = "hydrate"))]
    let _ = (url, last, on_event);
}

#[cfg(feature = "hydrate")]
mod browser {
    use std::cell::Cell;
    use std::rc::Rc;
    use std::time::Duration;
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;

    type OnEvent = Rc<dyn Fn(Option<String>)>;

    struct Follower {
        url: String,
        last: Cell<i64>,
        delay: Cell<u64>,
        on_event: OnEvent,
    }

    pub fn follow(url: String, last: i64, on_event: OnEvent) {
        connect(Rc::new(Follower {
            url,
            last: Cell::new(last),
            delay: Cell::new(1_000),
            on_event,
        }));
    }

    fn connect(f: Rc<Follower>) {
        let Ok(source) = web_sys::EventSource::new(&format!("{}?od={}", f.url, f.last.get()))
        else {
            return;
        };
        let opened = f.clone();
        let on_open = Closure::<dyn Fn()>::new(move || opened.delay.set(1_000));
        let got = f.clone();
        let on_message =
            Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
                let id = e.last_event_id().parse::<i64>().unwrap_or(0);
                if id != 0 && id <= got.last.get() {
                    return;
                }
                if id != 0 {
                    got.last.set(id);
                }
                if let Some(data) = e.data().as_string() {
                    (got.on_event)(Some(data));
                }
            });
        let failed = f;
        let source_in_error = source.clone();
        let on_error = Closure::<dyn Fn()>::new(move || {
            source_in_error.close();
            let again = failed.clone();
            let delay = failed.delay.get();
            failed.delay.set((delay * 2).min(30_000));
            leptos::prelude::set_timeout(
                move || {
                    let on_event = again.on_event.clone();
                    connect(again);
                    on_event(None);
                },
                Duration::from_millis(delay),
            );
        });
        source.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        source.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        source.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        // The handlers live as long as their connection (which lives as
        // long as the page): handed over to the browser.
        on_open.forget();
        on_message.forget();
        on_error.forget();
    }
}

#[cfg(test)]
mod tests {
    use super::super::model::{LiveEvent, LiveMessage};
    use super::*;

    fn card(id: Id, me_too: i64) -> LiveCard {
        LiveCard {
            id,
            body: format!("Postulat {id}"),
            theme: None,
            me_too,
        }
    }

    /// What the server sends is what the live views read.
    #[test]
    fn every_message_the_server_sends_is_read_by_the_live_views() {
        let json = |m: &LiveMessage| serde_json::to_string(m).unwrap();
        let read = |m: LiveMessage| LiveUpdate::parse(&json(&m));
        assert_eq!(
            read(LiveMessage::Removed { id: 4 }),
            Some(LiveUpdate::Removed { id: 4 })
        );
        assert_eq!(read(LiveMessage::Reload), Some(LiveUpdate::Reload));
        for event in [
            LiveEvent::Discussed { id: Some(3) },
            LiveEvent::Discussed { id: None },
            LiveEvent::Open { open: true },
            LiveEvent::Slide { slide: -1 },
            LiveEvent::Queue { id: 9 },
        ] {
            assert_eq!(
                read(LiveMessage::Logged(event.clone())),
                Some(LiveUpdate::Logged(event))
            );
        }
        // A postulate's card, read from the whole public postulate.
        let full = serde_json::json!({
            "type": "postulate",
            "postulate": {
                "id": 7, "body": "Ławka <b>tu</b>", "me_too": 2,
                "theme": {"pl": "Zieleń", "en": "Greenery"},
                "district": {"id": 1}, "meeting_id": 3, "department": null,
                "submitted_at": {"utc": 0}, "answer": null
            }
        });
        assert_eq!(
            LiveUpdate::parse(&full.to_string()),
            Some(LiveUpdate::Postulate {
                postulate: LiveCard {
                    id: 7,
                    body: "Ławka <b>tu</b>".into(),
                    theme: Some(Bilingual {
                        pl: "Zieleń".into(),
                        en: "Greenery".into()
                    }),
                    me_too: 2,
                }
            })
        );
        // A kind of event a newer server sends is passed over, not an error.
        assert_eq!(LiveUpdate::parse(r#"{"type":"poll","id":1}"#), None);
        assert_eq!(LiveUpdate::parse("not json"), None);
    }

    #[test]
    fn a_card_is_replaced_where_it_stands_added_at_its_end_removed_once() {
        let mut list = vec![card(1, 0), card(2, 0)];
        assert!(apply_to_list(
            &mut list,
            &LiveUpdate::Postulate {
                postulate: card(1, 5)
            },
            false
        ));
        assert_eq!(list, [card(1, 5), card(2, 0)]);
        apply_to_list(
            &mut list,
            &LiveUpdate::Postulate {
                postulate: card(3, 0),
            },
            false,
        );
        apply_to_list(
            &mut list,
            &LiveUpdate::Postulate {
                postulate: card(4, 0),
            },
            true,
        );
        assert_eq!(list.iter().map(|c| c.id).collect::<Vec<_>>(), [4, 1, 2, 3]);
        assert!(apply_to_list(
            &mut list,
            &LiveUpdate::Removed { id: 2 },
            false
        ));
        assert!(!apply_to_list(
            &mut list,
            &LiveUpdate::Removed { id: 2 },
            false
        ));
        assert!(!apply_to_list(
            &mut list,
            &LiveUpdate::Logged(LiveEvent::Open { open: false }),
            false
        ));
        assert_eq!(list.iter().map(|c| c.id).collect::<Vec<_>>(), [4, 1, 3]);
    }
}
