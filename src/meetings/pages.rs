//! The calendar's public pages: the list and month views of `/spotkania`
//! (district filter, view and month in the URL, so they work without
//! JavaScript; with it, the `CalendarSwitch` island switches them in
//! place, drawn by the server from the same components), a meeting's page
//! and its printable poster.

use super::feeds::{Feed, FeedLink};
use super::model::MeetingView;
use super::month::{parse_month, weeks};
use super::{get_meeting, list_meetings};
use crate::domain::{Accessibility, Meeting, MeetingList, MeetingStatus};
use crate::i18n::{format_date, format_time, use_lang};
use crate::ui::{encode_query_value, loaded, suspended, Loading, MeetingWhenWhere};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// The query of the list page: `?dzielnica=II&widok=miesiac&miesiac=2028-03`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CalendarQuery {
    district: Option<String>,
    month_view: bool,
    month: Option<(i32, u32)>,
}

impl CalendarQuery {
    /// From the query string's values (`get("dzielnica")`…); anything
    /// malformed is left out.
    pub(super) fn parse(get: impl Fn(&str) -> Option<String>) -> Self {
        Self {
            district: get("dzielnica")
                .filter(|n| !n.is_empty() && n.chars().all(|c| "IVXLC".contains(c))),
            month_view: get("widok").as_deref() == Some("miesiac"),
            month: get("miesiac").and_then(|m| parse_month(&m)),
        }
    }

    fn read() -> Self {
        let query = use_query_map();
        let query = query.read_untracked();
        Self::parse(|name| query.get(name))
    }

    /// This page's URL with another view, month or district.
    fn href(&self, month_view: bool, month: Option<(i32, u32)>) -> String {
        let mut parts = Vec::new();
        if let Some(d) = &self.district {
            parts.push(format!("dzielnica={d}"));
        }
        if month_view {
            parts.push("widok=miesiac".into());
            if let Some((y, m)) = month {
                parts.push(format!("miesiac={y}-{m:02}"));
            }
        }
        if parts.is_empty() {
            "/spotkania".into()
        } else {
            format!("/spotkania?{}", parts.join("&"))
        }
    }
}

#[component]
pub fn MeetingsPage() -> impl IntoView {
    let mt = super::texts::use_texts();
    let query = CalendarQuery::read();
    let list = Resource::new(|| (), |_| list_meetings());
    view! {
        <Title text=mt.meetings_title/>
        <section class="page">
            <h1>{mt.meetings_title}</h1>
            <p class="lead">{mt.meetings_lead}</p>
            <Suspense fallback=|| view! { <Loading/> }>
                {move || {
                    let query = query.clone();
                    Suspend::new(async move {
                        loaded(list.await, move |list| view! {
                            <CalendarSwitch><Calendar list query/></CalendarSwitch>
                        })
                    })
                }}
            </Suspense>
        </section>
    }
}

/// The calendar with its filter, view switch and month links, switched in
/// place (`ui::in_place`): the server draws the chosen view with
/// [`Calendar`] ([`super::get_calendar_view`]). Without JavaScript the
/// links and the filter's GET load the page. (Drawn in the browser from
/// the same components, the island's code was 51 KB brotli and `/spotkania`
/// 155.5 KB; README, "Per-page code".)
#[island(lazy)]
fn CalendarSwitch(children: Children) -> impl IntoView {
    crate::ui::in_place(
        children,
        "a[data-filter-link]",
        "form[data-calendar-filter]",
        None,
        |path, value| {
            (path == "/spotkania").then(|| {
                super::get_calendar_view(value("dzielnica"), value("widok"), value("miesiac"))
            })
        },
    )
}

#[component]
pub(super) fn Calendar(list: MeetingList, query: CalendarQuery) -> impl IntoView {
    let mt = super::texts::use_texts();
    let mut districts: Vec<_> = list.meetings.iter().map(|m| m.district.clone()).collect();
    districts.sort_by_key(|d| d.id);
    districts.dedup_by_key(|d| d.id);
    let filter = query.district.clone();
    let feed = match &query.district {
        Some(numeral) => Feed::District(numeral.clone()),
        None => Feed::All,
    };
    let selected = query.district.clone().unwrap_or_default();
    let list_href = query.href(false, None);
    let month_href = query.href(true, query.month);
    let body = if query.month_view {
        view! { <MonthView list=list.clone() query=query.clone()/> }.into_any()
    } else {
        view! { <ListView now=list.now meetings=list.meetings.clone() filter/> }.into_any()
    };
    view! {
        <form class="filters" method="get" action="/spotkania" data-testid="district-filter" data-calendar-filter>
            <label for="filter-district">{mt.filter_district}</label>
            <select id="filter-district" name="dzielnica">
                <option value="" selected=selected.is_empty()>{mt.filter_all}</option>
                {districts.into_iter().map(|d| {
                    let chosen = d.numeral == selected;
                    view! { <option value=d.numeral.clone() selected=chosen>{d.label()}</option> }
                }).collect_view()}
            </select>
            {query.month_view.then(|| view! { <input type="hidden" name="widok" value="miesiac"/> })}
            <button type="submit" class="no-js-only">{mt.filter_apply}</button>
        </form>
        <nav class="view-switch" aria-label=mt.meetings_title>
            <a href=list_href data-filter-link="" aria-current=(!query.month_view).then_some("page")>{mt.view_list}</a>
            <a href=month_href data-filter-link="" aria-current=query.month_view.then_some("page")>{mt.view_month}</a>
        </nav>
        {body}
        <FeedLink feed site_url=list.site_url/>
    }
}

/// A meeting's status as a badge (nothing while it is simply planned).
#[component]
pub fn StatusBadge(status: MeetingStatus) -> impl IntoView {
    let mt = super::texts::use_texts();
    let (text, class) = match status {
        MeetingStatus::Planned => return None,
        MeetingStatus::Moved => (mt.meeting_moved, "badge badge-moved"),
        MeetingStatus::Cancelled => (mt.meeting_cancelled, "badge badge-cancelled"),
        MeetingStatus::Held => (mt.meeting_held, "badge"),
    };
    Some(view! { <span class=class data-testid="status">{text}</span> })
}

/// Upcoming meetings first (the next one highlighted), then those that
/// took place.
#[component]
fn ListView(now: i64, meetings: Vec<Meeting>, filter: Option<String>) -> impl IntoView {
    let mt = super::texts::use_texts();
    let matches = move |m: &Meeting| filter.as_ref().is_none_or(|d| &m.district.numeral == d);
    let (upcoming, past): (Vec<_>, Vec<_>) =
        meetings.into_iter().partition(|m| m.ends_at.utc > now);
    let next_id = upcoming
        .iter()
        .find(|m| m.status != MeetingStatus::Cancelled && matches(m))
        .map(|m| m.id);
    if upcoming.is_empty() && past.is_empty() {
        return view! { <p>{mt.no_meetings}</p> }.into_any();
    }
    let card = move |m: Meeting, past: bool| {
        let next = Some(m.id) == next_id;
        let id = m.id;
        let hidden = !matches(&m);
        let numeral = m.district.numeral.clone();
        let status = if past && m.status == MeetingStatus::Planned {
            MeetingStatus::Held
        } else {
            m.status
        };
        view! {
            <li class="card meeting" class:past=past class:next=next hidden=hidden data-district=numeral
                data-testid=if next { "next-meeting-card" } else { "meeting-card" }>
                {next.then(|| view! { <p class="badge badge-next">{mt.meeting_next}</p> })}
                <h2>
                    <a href=format!("/spotkania/{id}")>{m.district.label()}</a>
                    " "<StatusBadge status/>
                </h2>
                <MeetingWhenWhere meeting=m/>
                {past.then(|| view! {
                    <p><a href=format!("/postulaty?spotkanie={id}")>{mt.meeting_raised_there}</a></p>
                })}
            </li>
        }
    };
    view! {
        <ol class="meetings" data-testid="meetings">
            {upcoming.into_iter().map(|m| card(m, false)).collect_view()}
            {past.into_iter().map(|m| card(m, true)).collect_view()}
        </ol>
    }
    .into_any()
}

/// One month of the meeting period as a grid, with previous/next links.
#[component]
fn MonthView(list: MeetingList, query: CalendarQuery) -> impl IntoView {
    let mt = super::texts::use_texts();
    // The month asked for, else the next meeting's, else the period's first.
    let month = query
        .month
        .filter(|m| list.months.contains(m))
        .or_else(|| {
            list.meetings
                .iter()
                .find(|m| m.ends_at.utc > list.now)
                .map(|m| (m.starts_at.local.year, m.starts_at.local.month))
                .filter(|m| list.months.contains(m))
        })
        .or_else(|| list.months.first().copied());
    let Some((year, month)) = month else {
        return view! { <p>{mt.no_meetings}</p> }.into_any();
    };
    let at = list.months.iter().position(|m| *m == (year, month));
    let previous = at
        .and_then(|i| i.checked_sub(1))
        .and_then(|i| list.months.get(i))
        .copied();
    let next = at.and_then(|i| list.months.get(i + 1)).copied();
    let filter = query.district.clone();
    let matches = move |m: &Meeting| filter.as_ref().is_none_or(|d| &m.district.numeral == d);
    let in_month: Vec<Meeting> = list
        .meetings
        .iter()
        .filter(|m| (m.starts_at.local.year, m.starts_at.local.month) == (year, month))
        .cloned()
        .collect();
    let caption = format!("{} {year}", mt.months[(month as usize + 11) % 12]);
    let rows = weeks(year, month)
        .into_iter()
        .map(|week| {
            let cells = week.into_iter().map(|day| {
            let meetings: Vec<_> = day
                .map(|d| in_month.iter().filter(|m| m.starts_at.local.day == d).cloned().collect())
                .unwrap_or_default();
            let has = !meetings.is_empty();
            view! {
                <td class:has-meeting=has>
                    {day.map(|d| view! { <span class="day">{d}</span> })}
                    {meetings.into_iter().map(|m| view! {
                        <a class="grid-meeting" class:cancelled=m.status == MeetingStatus::Cancelled
                            hidden=!matches(&m) data-district=m.district.numeral.clone()
                            href=format!("/spotkania/{}", m.id)>
                            <span>{m.district.numeral.clone()}</span>" "
                            <span>{format_time(&m.starts_at.local)}</span>
                        </a>
                    }).collect_view()}
                </td>
            }
        }).collect_view();
            view! { <tr>{cells}</tr> }
        })
        .collect_view();
    view! {
        <nav class="month-nav" aria-label=caption.clone()>
            {previous.map(|m| view! { <a rel="prev" data-filter-link="" href=query.href(true, Some(m))>"← "{mt.month_previous}</a> })}
            {next.map(|m| view! { <a rel="next" data-filter-link="" href=query.href(true, Some(m))>{mt.month_next}" →"</a> })}
        </nav>
        <table class="month" data-testid="month-grid">
            <caption>{caption}</caption>
            <thead><tr>
                {mt.weekdays_short.iter().map(|d| view! { <th scope="col">{*d}</th> }).collect_view()}
            </tr></thead>
            <tbody>{rows}</tbody>
        </table>
        <ListView now=list.now meetings=in_month filter=query.district.clone()/>
    }
    .into_any()
}

/// The meeting id in the route (`/spotkania/:id…`); not a number → 0,
/// which is "not found" like any unknown id.
fn meeting_resource() -> Resource<Result<MeetingView, crate::error::AppError>> {
    let params = use_params_map();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|s| s.parse().ok())
            .unwrap_or(0)
    };
    Resource::new(id, get_meeting)
}

#[component]
pub fn MeetingPage() -> impl IntoView {
    suspended(meeting_resource(), |view| view! { <MeetingDetails view/> })
}

/// Moved: the old date struck through, with the reason; cancelled: the
/// reason.
#[component]
pub fn StatusNotice(meeting: Meeting) -> impl IntoView {
    let mt = super::texts::use_texts();
    let lang = use_lang();
    let reason = meeting.status_reason.clone().unwrap_or_default();
    match meeting.status {
        MeetingStatus::Moved => Some(
            view! {
                <div class="notice notice-warn" data-testid="moved">
                    <p><strong>{mt.meeting_moved_from}": "</strong>
                        <s data-testid="old-date">{meeting.previous_starts_at.map(|p| format!(
                            "{}, {}", format_date(lang, &p.local), format_time(&p.local)
                        ))}</s>
                    </p>
                    <p><strong>{mt.meeting_reason}": "</strong>{reason}</p>
                </div>
            }
            .into_any(),
        ),
        MeetingStatus::Cancelled => Some(
            view! {
                <div class="notice notice-error" data-testid="cancelled">
                    <p><strong>{mt.meeting_cancelled}</strong></p>
                    <p><strong>{mt.meeting_reason}": "</strong>{reason}</p>
                </div>
            }
            .into_any(),
        ),
        _ => None,
    }
}

#[component]
fn MeetingDetails(view: MeetingView) -> impl IntoView {
    let mt = super::texts::use_texts();
    let MeetingView {
        meeting,
        live_url,
        qr_svg,
        now,
        postulates_open,
        contact_email,
        ..
    } = view;
    let id = meeting.id;
    let title = format!("{} — {}", mt.meeting_details, meeting.district.label());
    let officials = meeting.officials.clone();
    let room = meeting.room.clone();
    let accessibility = meeting.accessibility.clone();
    let map = format!(
        "https://www.openstreetmap.org/search?query={}",
        encode_query_value(&format!("{}, Kraków", meeting.address))
    );
    let status = if meeting.ends_at.utc <= now && meeting.status == MeetingStatus::Planned {
        MeetingStatus::Held
    } else {
        meeting.status
    };
    let district_feed = Feed::District(meeting.district.numeral.clone());
    let site_url = live_url
        .split("/spotkania/")
        .next()
        .unwrap_or_default()
        .to_owned();
    view! {
        <Title text=title.clone()/>
        <article class="page meeting-page">
            <h1>{title}" "<StatusBadge status/></h1>
            <StatusNotice meeting=meeting.clone()/>
            <MeetingWhenWhere meeting=meeting.clone()/>
            {(!matches!(status, MeetingStatus::Cancelled | MeetingStatus::Held)).then(|| if postulates_open {
                view! {
                    <p><a class="button" data-testid="raise-postulate"
                        href=format!("/spotkania/{id}/na-zywo#zglos")>{mt.raise_postulate}</a></p>
                }.into_any()
            } else {
                view! { <p class="hint" data-testid="postulates-when">{mt.postulates_when}</p> }.into_any()
            })}
            {room.map(|room| view! { <p><strong>{mt.meeting_room}": "</strong>{room}</p> })}
            <p><a href=map rel="external noopener" data-testid="map-link">{mt.map_link}</a></p>
            <p class="calendar-links">
                <a class="button" href=Feed::Meeting(id).path() data-testid="add-to-calendar">
                    {mt.calendar_add}
                </a>
            </p>
            <h2>{mt.accessibility_title}</h2>
            {if accessibility.is_empty() {
                view! { <p>{mt.accessibility_none}</p> }.into_any()
            } else {
                view! {
                    <ul data-testid="accessibility">
                        {accessibility.into_iter().map(|a| {
                            let ask = (a == Accessibility::SignLanguage).then(|| {
                                let mailto = format!("mailto:{contact_email}");
                                view! {
                                    " — "{mt.sign_language_how}" "
                                    <a href=mailto data-testid="sign-language-contact">{contact_email.clone()}</a>
                                }
                            });
                            view! { <li>{mt.accessibility(a)}{ask}</li> }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <h2>{mt.meeting_who}</h2>
            <ul class="officials">
                {officials.into_iter().map(|o| view! {
                    <li>
                        <strong>{o.name}</strong>", "{o.title}
                        {o.department.map(|d| view! { <br/><span class="department">{d}</span> })}
                    </li>
                }).collect_view()}
            </ul>
            <h2>{mt.agenda_title}</h2>
            <ol>
                <li><a href="/wyniki">{mt.agenda_results}</a></li>
                <li>{mt.agenda_needs}</li>
            </ol>
            <h2>{mt.qr_title}</h2>
            <figure class="qr" data-testid="qr">
                <div role="img" aria-label=mt.qr_alt inner_html=qr_svg></div>
                <figcaption><a href=format!("/spotkania/{id}/na-zywo")>{live_url}</a></figcaption>
            </figure>
            <p><a href=format!("/spotkania/{id}/plakat") data-testid="poster-link">{mt.poster_link}</a></p>
            <FeedLink feed=district_feed site_url/>
            <p><a href="/spotkania">{mt.all_meetings}</a></p>
        </article>
    }
}

/// `/spotkania/<id>/plakat`: an A4 poster that prints without the site's
/// navigation (see the print styles).
#[component]
pub fn PosterPage() -> impl IntoView {
    let mt = super::texts::use_texts();
    suspended(meeting_resource(), move |view| {
        let MeetingView {
            meeting: m,
            live_url,
            survey_url,
            qr_svg,
            ..
        } = view;
        let lang = use_lang();
        let title = format!("Porozmawiajmy o Krakowie — {}", m.district.label());
        view! {
            <Title text=title.clone()/>
            <article class="poster" data-testid="poster">
                <p class="poster-kicker">"Porozmawiajmy o Krakowie"</p>
                <h1>{m.district.label()}</h1>
                <p class="poster-when">
                    {format_date(lang, &m.starts_at.local)}", "
                    {format_time(&m.starts_at.local)}"–"{format_time(&m.ends_at.local)}
                </p>
                <p class="poster-where">{m.venue.clone()}<br/>{m.address.clone()}
                    {m.room.clone().map(|r| view! { <br/>{r} })}</p>
                <div class="poster-qr" role="img" aria-label=mt.qr_alt inner_html=qr_svg></div>
                <p>{mt.poster_scan}": "<strong>{live_url}</strong></p>
                <p>{mt.poster_survey}": "<strong>{survey_url}</strong></p>
            </article>
        }
    })
}
