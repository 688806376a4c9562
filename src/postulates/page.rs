//! The public postulate pages: the list at `/postulaty` (filters and search
//! in the URL, paginated, plain HTML that works without JavaScript) and a
//! postulate followed by its code at `/postulaty/kod/<code>`.

use super::model::{
    FollowedPostulate, PostulateFilter, PostulateList, PostulateStatus, PublicPostulate, PER_PAGE,
};
use super::{get_followed, list_postulates};
use crate::i18n::{format_date, use_lang};
use crate::ui::{suspended, FilterSelect};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn PostulatesPage() -> impl IntoView {
    let ptx = super::texts::use_texts();
    let query = use_query_map();
    let filter = {
        let q = query.read_untracked();
        PostulateFilter::from_pairs(
            [
                "dzielnica",
                "spotkanie",
                "temat",
                "wydzial",
                "status",
                "q",
                "strona",
            ]
            .into_iter()
            .filter_map(|k| q.get(k).map(|v| (k, v))),
        )
    };
    let list = Resource::new(move || filter.clone(), list_postulates);
    view! {
        <Title text=ptx.postulates_title/>
        <section class="page">
            <h1>{ptx.postulates_title}</h1>
            <p class="lead">{ptx.postulates_lead}</p>
            {suspended(list, |list| view! { <Filtered list/> })}
        </section>
    }
}

#[component]
fn Filtered(list: PostulateList) -> impl IntoView {
    let ptx = super::texts::use_texts();
    let lang = use_lang();
    let PostulateList {
        filter,
        page,
        districts,
        meetings,
        themes,
        departments,
        statuses,
    } = list;
    let atx = crate::answers::texts::use_texts();
    let any_answer = statuses.iter().any(|(_, n)| *n > 0);
    let pages = (page.total + PER_PAGE - 1) / PER_PAGE;
    view! {
        {crate::ui::returned_error().map(|error| view! { <crate::ui::ErrorNotice error/> })}
        <CodeLookup/>
        <form class="filters card" method="get" action="/postulaty" role="search" data-testid="postulate-filters">
            <div>
                <label for="f-q">{ptx.search}</label>
                <input id="f-q" type="search" name="q" value=filter.q.clone() maxlength="100"/>
            </div>
            <FilterSelect id="f-district" name="dzielnica" label=ptx.district all=ptx.all
                options=districts.iter().map(|d| (d.numeral.clone(), d.label())).collect()
                selected=filter.district.clone()/>
            <FilterSelect id="f-meeting" name="spotkanie" label=ptx.meeting all=ptx.all
                options=meetings.into_iter().map(|(id, label)| (id.to_string(), label)).collect()
                selected=filter.meeting.map(|m| m.to_string())/>
            <FilterSelect id="f-theme" name="temat" label=ptx.theme all=ptx.all
                options=themes.into_iter().map(|(code, name)| (code, name.get(lang).to_owned())).collect()
                selected=filter.theme.clone()/>
            <FilterSelect id="f-department" name="wydzial" label=ptx.department all=ptx.all
                options=departments.into_iter().map(|(code, name)| (code, name.get(lang).to_owned())).collect()
                selected=filter.department.clone()/>
            <FilterSelect id="f-status" name="status" label=atx.answer_status all=ptx.all
                options=crate::answers::model::AnswerStatus::ALL.into_iter()
                    .map(|s| (s.as_str().to_owned(), atx.status(s).to_owned())).collect()
                selected=filter.status.clone()/>
            <button type="submit">{ptx.apply}</button>
        </form>
        <p class="feed-links">
            <a href="/postulaty/wydzialy">{atx.tracker_title}</a>" · "
            <a href=crate::i18n::feed_href("/postulaty/odpowiedzi.atom", use_lang())
                type="application/atom+xml">{atx.feed}</a>" · "
            {atx.open_data}": "
            <a href="/postulaty/dane/postulaty.csv" download data-testid="open-data-csv">"CSV"</a>", "
            <a href="/postulaty/dane/postulaty.json" download data-testid="open-data-json">"JSON"</a>
            {filter.district.clone().map(|d| view! {
                " · "<a href=format!("/postulaty/spis/{d}")>{atx.print_list}</a>
            })}
        </p>
        {any_answer.then(|| view! { <crate::answers::StatusChart counts=statuses/> })}
        <p role="status" data-testid="postulate-count">{ptx.found}" "{page.total}</p>
        {if page.items.is_empty() {
            view! { <p class="notice">{ptx.postulates_empty}</p> }.into_any()
        } else {
            view! {
                <ul class="postulates" data-testid="postulate-list">
                    {page.items.into_iter().map(|p| view! { <PostulateCard p/> }).collect_view()}
                </ul>
            }.into_any()
        }}
        {(pages > 1).then(|| view! {
            <nav class="pager" aria-label=ptx.pages>
                {(filter.page > 1).then(|| view! { <a rel="prev" href=filter.href(filter.page - 1)>{ptx.previous}</a> })}
                <span>{format!("{} / {pages}", filter.page)}</span>
                {(filter.page < pages).then(|| view! { <a rel="next" href=filter.href(filter.page + 1)>{ptx.next}</a> })}
            </nav>
        })}
    }
}

/// One approved postulate with its district, theme, department and link
/// to its meeting.
#[component]
pub fn PostulateCard(p: PublicPostulate) -> impl IntoView {
    let ptx = super::texts::use_texts();
    let lang = use_lang();
    view! {
        <li class="card postulate" id=format!("p{}", p.id)>
            <p class="postulate-body">{p.body}</p>
            <p class="meta">
                {p.district.label()}" · "{format_date(lang, &p.submitted_at.local)}
                {p.theme.map(|t| view! { " · "{t.get(lang).to_owned()} })}
                {p.department.map(|d| view! { " · "{d} })}
                " · "{ptx.me_too_count}" "{p.me_too}
            </p>
            {p.answer.map(|answer| view! { <crate::answers::Position answer/> })}
            <p>
                <a href=format!("/postulaty/nr/{}", p.id)>{crate::answers::texts::use_texts().details}</a>
                {p.meeting_id.map(|m| view! {
                    " · "<a href=format!("/spotkania/{m}")>{ptx.to_meeting}</a>
                })}
            </p>
        </li>
    }
}

/// `/postulaty/kod/<code>`: what happened to a postulate, for its author.
#[component]
pub fn FollowedPage() -> impl IntoView {
    let ptx = super::texts::use_texts();
    let code = use_params_map()
        .read_untracked()
        .get("kod")
        .unwrap_or_default();
    let followed = Resource::new(move || code.clone(), get_followed);
    view! {
        <Title text=ptx.follow_title/>
        <section class="page">
            <h1>{ptx.follow_title}</h1>
            {suspended(followed, |f| view! { <Followed f/> })}
        </section>
    }
}

/// Where a postulate its author follows stands, in a sentence.
pub fn follow_status(f: &FollowedPostulate) -> String {
    let ptx = super::texts::use_texts();
    let atx = crate::answers::texts::use_texts();
    match f.status {
        PostulateStatus::Submitted => ptx.follow_submitted.to_owned(),
        // The status moves on once the city's position is public.
        PostulateStatus::Approved => match &f.answer {
            Some(a) => format!("{} {}", ptx.follow_answered, atx.status(a.status)),
            None => ptx.follow_approved.to_owned(),
        },
        PostulateStatus::Rejected => format!(
            "{} {}",
            ptx.follow_rejected,
            f.reject_reason.map_or("", |r| ptx.reason(r))
        ),
        PostulateStatus::Merged => ptx.follow_merged.to_owned(),
    }
}

#[component]
fn Followed(f: FollowedPostulate) -> impl IntoView {
    let ptx = super::texts::use_texts();
    let lang = use_lang();
    let atx = crate::answers::texts::use_texts();
    let outcome = follow_status(&f);
    view! {
        <dl class="receipt card" data-testid="followed">
            <div><dt>{ptx.code}</dt><dd><strong class="receipt-code">{f.code.clone()}</strong></dd></div>
            <div><dt>{ptx.status_label}</dt><dd data-testid="followed-status">{outcome}</dd></div>
            {f.body.map(|b| view! { <div><dt>{ptx.wording}</dt><dd class="postulate-body">{b}</dd></div> })}
            {f.merged_into.map(|(id, body)| view! {
                <div><dt>{ptx.merged_into}</dt><dd><a href=format!("/postulaty#p{id}")>{body}</a></dd></div>
            })}
            <div><dt>{ptx.district}</dt><dd>{f.district.label()}</dd></div>
            <div><dt>{ptx.raised_on}</dt><dd>{format_date(lang, &f.submitted_at.local)}</dd></div>
            {f.department.map(|d| view! { <div><dt>{ptx.department}</dt><dd>{d}</dd></div> })}
            <div><dt>{ptx.me_too_count}</dt><dd>{f.me_too}</dd></div>
        </dl>
        {match f.answer {
            Some(answer) => view! {
                <h2>{atx.position}</h2>
                <crate::answers::Position answer/>
                <p><a href=format!("/postulaty/nr/{}", f.id)>{atx.details}</a></p>
            }.into_any(),
            // A rejected postulate gets no position: nothing is promised.
            None if f.status == PostulateStatus::Rejected => ().into_any(),
            None => view! { <p class="notice">{ptx.follow_later}</p> }.into_any(),
        }}
        <p>{ptx.follow_keep}" "<a href=format!("/postulaty/kod/{}", f.code) data-testid="follow-address">{f.address.clone()}</a></p>
        {f.meeting_id.map(|m| view! {
            <p><a class="button" href=format!("/spotkania/{m}/na-zywo")>{ptx.back_to_live}</a></p>
        })}
    }
}

/// "Sprawdź po kodzie": a code typed in by hand opens its follow page
/// (a plain GET form, answered by `postulates::lookup`).
#[component]
pub fn CodeLookup() -> impl IntoView {
    let ptx = super::texts::use_texts();
    view! {
        <form class="row card" method="get" action="/postulaty/kod" data-testid="code-lookup">
            <label for="kod">{ptx.lookup_label}</label>
            <input id="kod" name="kod" required maxlength="20" autocapitalize="characters"
                autocomplete="off" spellcheck="false" placeholder="ABCDE-12345"/>
            <button type="submit" class="secondary">{ptx.lookup_button}</button>
        </form>
    }
}
