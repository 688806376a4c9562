//! The moderators' console, live: an island around the console the server
//! draws ([`super::console_page`]). The meeting's staff event stream
//! ([`crate::postulates::live::follow`]) says something changed; the island
//! then fetches the console again and replaces the postulates whose
//! version changed — never one a moderator is typing in (that one is
//! marked instead, and the server refuses a stale change anyway). Forms
//! send without a page load; on an error the form posts as usual and the
//! page shows the server's message with the postulate as it is now.
//! Keyboard shortcuts (listed on the page): j/k move, a approve, x reject,
//! m merge, e edit, d discuss, u restore. Without JavaScript every form
//! still posts and the page reloads.
//!
//! The island holds no staff endpoint: the forms carry their own actions,
//! so nothing of it names a staff function, and the service worker never
//! precaches its code for residents (`server::http::split_code_files`).

use leptos::prelude::*;

/// The island's name in the split build's manifest (its code and the
/// chunks only it uses are staff code).
pub const ISLAND: &str = "console_live";

/// The console's live part; `children` is the console as the server drew
/// it (`[data-console]` inside).
#[island(lazy)]
pub fn ConsoleLive(
    /// The staff event stream of the meeting.
    stream: String,
    /// The last event the page includes (the stream resumes after it).
    last_event: i64,
    children: Children,
) -> impl IntoView {
    crate::ui::island_live();
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| browser::start(stream.clone(), last_event));
    #[cfg(not(feature = "hydrate"))]
    let _ = (stream, last_event);
    view! { <div class="island-contents">{children()}</div> }
}

/// How long to wait after an event before fetching the console again:
/// events come in bursts ("me too" raises two), so 150 ms after the last
/// one, but never later than 2 s after the first one waiting, so a steady
/// stream of events cannot hold the queue back. `now` and `since` in ms.
pub fn refresh_delay(now: f64, since: f64) -> f64 {
    const QUIET_MS: f64 = 150.0;
    const MAX_WAIT_MS: f64 = 2_000.0;
    (since + MAX_WAIT_MS - now).clamp(0.0, QUIET_MS)
}

/// What a key pressed outside any field does in the console.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shortcut {
    Next,
    Previous,
    /// Focus the "merge into" field.
    Merge,
    /// Focus the wording.
    Edit,
    /// Press the postulate's button marked with this key.
    Button(char),
}

impl Shortcut {
    pub fn of(key: &str) -> Option<Self> {
        Some(match key {
            "j" => Self::Next,
            "k" => Self::Previous,
            "m" => Self::Merge,
            "e" => Self::Edit,
            "a" | "x" | "d" | "u" => Self::Button(key.chars().next()?),
            _ => return None,
        })
    }
}

/// The item j or k moves to among `count`, from `current` (none focused:
/// the first; j after the last: the first again).
pub fn moved(current: Option<usize>, count: usize, shortcut: Shortcut) -> Option<usize> {
    if count == 0 {
        return None;
    }
    Some(match (current, shortcut) {
        (Some(i), Shortcut::Next) if i + 1 < count => i + 1,
        (Some(_), Shortcut::Next) => 0,
        (Some(i), Shortcut::Previous) => i.saturating_sub(1),
        (None, _) => 0,
        (Some(i), _) => i,
    })
}

#[cfg(feature = "hydrate")]
mod browser {
    use super::{moved, refresh_delay, Shortcut};
    use crate::postulates::live::LiveUpdate;
    use crate::ui::browser::find;
    use leptos::prelude::{document, set_timeout_with_handle, window, TimeoutHandle};
    use std::cell::Cell;
    use std::collections::HashSet;
    use std::rc::Rc;
    use std::time::Duration;
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_futures::{spawn_local, JsFuture};
    use web_sys::{Element, HtmlElement, HtmlFormElement};

    const ROOT: &str = "[data-console]";
    const QUEUE: &str = "[data-testid=\"queue\"]";
    const CONTROLS: &str = "[data-testid=\"live-controls\"]";

    /// The pending refresh: its timer, and since when one is waiting.
    #[derive(Default)]
    struct Pending {
        timer: Cell<Option<TimeoutHandle>>,
        since: Cell<f64>,
    }

    pub fn start(stream: String, last: i64) {
        let Some(root) = document().query_selector(ROOT).ok().flatten() else {
            return;
        };
        let pending = Rc::new(Pending::default());
        let soon = {
            let pending = pending.clone();
            move || schedule(&pending)
        };
        let on_event = soon.clone();
        crate::postulates::live::follow(stream, last, move |data| {
            if let Some(LiveUpdate::Reload) = data.as_deref().and_then(LiveUpdate::parse) {
                let _ = window().location().reload();
                return;
            }
            on_event();
        });

        let after_send = soon.clone();
        let on_submit =
            Closure::<dyn Fn(web_sys::SubmitEvent)>::new(move |e: web_sys::SubmitEvent| {
                let Some(form) = e
                    .target()
                    .and_then(|t| t.dyn_into::<HtmlFormElement>().ok())
                else {
                    return;
                };
                e.prevent_default();
                let button = e.submitter();
                if let Some(b) = &button {
                    let _ = b.set_attribute("disabled", "");
                }
                let after_send = after_send.clone();
                spawn_local(async move {
                    let sent = send(&form).await;
                    if let Some(b) = &button {
                        let _ = b.remove_attribute("disabled");
                    }
                    if sent {
                        // Sent: the form is empty again (the queue refreshes
                        // from the stream).
                        form.reset();
                        after_send();
                    } else {
                        let _ = form.submit();
                    }
                });
            });
        let _ = root.add_event_listener_with_callback("submit", on_submit.as_ref().unchecked_ref());
        on_submit.forget();

        let on_key = Closure::<dyn Fn(web_sys::KeyboardEvent)>::new(shortcut);
        let _ =
            document().add_event_listener_with_callback("keydown", on_key.as_ref().unchecked_ref());
        on_key.forget();
    }

    fn schedule(pending: &Rc<Pending>) {
        let now = web_sys::js_sys::Date::now();
        match pending.timer.take() {
            Some(timer) => timer.clear(),
            None => pending.since.set(now),
        }
        let done = pending.clone();
        let timer = set_timeout_with_handle(
            move || {
                done.timer.set(None);
                spawn_local(async {
                    refresh().await;
                });
            },
            Duration::from_millis(refresh_delay(now, pending.since.get()) as u64),
        );
        pending.timer.set(timer.ok());
    }

    /// Posts a form as the browser would, asking for JSON; true when the
    /// server accepted it.
    async fn send(form: &HtmlFormElement) -> bool {
        async {
            let action = form.get_attribute("action")?;
            let fields = web_sys::FormData::new_with_form(form).ok()?;
            let body = web_sys::UrlSearchParams::new_with_str_sequence_sequence(&fields).ok()?;
            let init = web_sys::RequestInit::new();
            init.set_method("POST");
            init.set_body(&body);
            let headers = web_sys::Headers::new().ok()?;
            headers.set("Accept", "application/json").ok()?;
            init.set_headers(&headers);
            let response = fetch(&action, &init).await?;
            Some(response.ok())
        }
        .await
        .unwrap_or(false)
    }

    async fn fetch(url: &str, init: &web_sys::RequestInit) -> Option<web_sys::Response> {
        JsFuture::from(window().fetch_with_str_and_init(url, init))
            .await
            .ok()?
            .dyn_into()
            .ok()
    }

    /// Whether a moderator is typing in `node` (a field of it has the focus).
    fn typing(node: &Element) -> bool {
        document().active_element().is_some_and(|active| {
            node.contains(Some(&active))
                && active
                    .matches("input:not([type=hidden]), textarea, select")
                    .unwrap_or(false)
        })
    }

    fn children(parent: &Element) -> Vec<Element> {
        let list = parent.children();
        (0..list.length()).filter_map(|i| list.item(i)).collect()
    }

    /// Fetches the console again and puts what changed in place.
    async fn refresh() -> Option<()> {
        let path = window().location().pathname().ok()?;
        let init = web_sys::RequestInit::new();
        let headers = web_sys::Headers::new().ok()?;
        headers.set("Accept", "text/html").ok()?;
        init.set_headers(&headers);
        let response = fetch(&path, &init).await?;
        if !response.ok() {
            return None;
        }
        let html = JsFuture::from(response.text().ok()?)
            .await
            .ok()?
            .as_string()?;
        let fresh = web_sys::DomParser::new()
            .ok()?
            .parse_from_string(&html, web_sys::SupportedType::TextHtml)
            .ok()?
            .query_selector(ROOT)
            .ok()??;
        let root = document().query_selector(ROOT).ok()??;

        let controls = find(&root, CONTROLS)?;
        if !typing(&controls) {
            if let Some(now) = find(&fresh, CONTROLS) {
                controls.replace_with_with_node_1(&now).ok()?;
            }
        }

        let queue = find(&root, QUEUE)?;
        let items = children(&find(&fresh, QUEUE)?);
        let ids: HashSet<String> = items
            .iter()
            .filter_map(|li| li.get_attribute("data-id"))
            .collect();
        let mut previous: Option<Element> = None;
        for li in items {
            let id = li.get_attribute("data-id").unwrap_or_default();
            let old = find(&queue, &format!("[data-id=\"{id}\"]"));
            let placed = match old {
                None => {
                    let _ = match &previous {
                        Some(p) => p.after_with_node_1(&li),
                        None => queue.prepend_with_node_1(&li),
                    };
                    li
                }
                Some(old)
                    if old.get_attribute("data-version") != li.get_attribute("data-version")
                        || old.class_name() != li.class_name() =>
                {
                    if typing(&old) {
                        let _ = old.class_list().add_1("changed-elsewhere");
                        old
                    } else {
                        let _ = old.replace_with_with_node_1(&li);
                        li
                    }
                }
                Some(old) => old,
            };
            previous = Some(placed);
        }
        for old in children(&queue) {
            if !old
                .get_attribute("data-id")
                .is_some_and(|id| ids.contains(&id))
            {
                old.remove();
            }
        }
        Some(())
    }

    fn shortcut(e: web_sys::KeyboardEvent) {
        if e.ctrl_key() || e.meta_key() || e.alt_key() {
            return;
        }
        let in_field = e
            .target()
            .and_then(|t| t.dyn_into::<Element>().ok())
            .and_then(|t| t.closest("input, textarea, select").ok().flatten())
            .is_some();
        let Some(shortcut) = Shortcut::of(&e.key()) else {
            return;
        };
        if in_field {
            return;
        }
        let Some(queue) = document().query_selector(QUEUE).ok().flatten() else {
            return;
        };
        let items: Vec<HtmlElement> = queue
            .query_selector_all(".queue-item")
            .map(|list| {
                (0..list.length())
                    .filter_map(|i| list.item(i)?.dyn_into().ok())
                    .collect()
            })
            .unwrap_or_default();
        let current = document()
            .active_element()
            .and_then(|a| a.closest(".queue-item").ok().flatten())
            .and_then(|c| {
                items
                    .iter()
                    .position(|i| JsValue::from(i) == JsValue::from(&c))
            });
        let focus = |el: Option<Element>| {
            if let Some(el) = el.and_then(|el| el.dyn_into::<HtmlElement>().ok()) {
                let _ = el.focus();
            }
        };
        match shortcut {
            Shortcut::Next | Shortcut::Previous => {
                if let Some(i) = moved(current, items.len(), shortcut) {
                    let _ = items[i].focus();
                }
            }
            _ => {
                let Some(item) = current.map(|i| &items[i]) else {
                    return;
                };
                match shortcut {
                    Shortcut::Merge => focus(find(item, "input[name=\"into\"]")),
                    Shortcut::Edit => focus(find(item, "textarea[name=\"body\"]")),
                    Shortcut::Button(key) => {
                        let Some(button) = find(item, &format!("button[data-key=\"{key}\"]"))
                            .and_then(|b| b.dyn_into::<HtmlElement>().ok())
                        else {
                            return;
                        };
                        button.click();
                    }
                    _ => {}
                }
            }
        }
        e.prevent_default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_waits_for_quiet_but_never_more_than_two_seconds() {
        assert_eq!(refresh_delay(0.0, 0.0), 150.0, "the first event");
        assert_eq!(refresh_delay(1_000.0, 0.0), 150.0, "still within the bound");
        assert_eq!(refresh_delay(1_900.0, 0.0), 100.0, "the bound comes first");
        assert_eq!(refresh_delay(2_500.0, 0.0), 0.0, "overdue: at once");
    }

    #[test]
    fn j_and_k_move_within_the_queue() {
        assert_eq!(moved(None, 3, Shortcut::Next), Some(0));
        assert_eq!(moved(None, 3, Shortcut::Previous), Some(0));
        assert_eq!(moved(Some(0), 3, Shortcut::Next), Some(1));
        assert_eq!(
            moved(Some(2), 3, Shortcut::Next),
            Some(0),
            "round to the first"
        );
        assert_eq!(moved(Some(0), 3, Shortcut::Previous), Some(0));
        assert_eq!(moved(Some(2), 3, Shortcut::Previous), Some(1));
        assert_eq!(moved(None, 0, Shortcut::Next), None);
        assert_eq!(Shortcut::of("a"), Some(Shortcut::Button('a')));
        assert_eq!(Shortcut::of("q"), None);
    }
}
