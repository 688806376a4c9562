use super::list_postulates;
use crate::domain::PublicPostulate;
use crate::i18n::{format_date, use_lang};
use crate::ui::suspended;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn PostulatesPage() -> impl IntoView {
    let ptx = super::texts::use_texts();
    let list = Resource::new(|| (), |_| list_postulates());
    view! {
        <Title text=ptx.postulates_title/>
        <section class="page">
            <h1>{ptx.postulates_title}</h1>
            <p class="lead">{ptx.postulates_lead}</p>
            {suspended(list, |items| view! { <PostulateList items/> })}
        </section>
    }
}

#[component]
fn PostulateList(items: Vec<PublicPostulate>) -> impl IntoView {
    let ptx = super::texts::use_texts();
    let lang = use_lang();
    if items.is_empty() {
        return view! { <p class="notice">{ptx.postulates_empty}</p> }.into_any();
    }
    view! {
        <ul class="postulates">
            {items.into_iter().map(|p| view! {
                <li class="card">
                    <p class="postulate-body">{p.body}</p>
                    <p class="meta">
                        {p.district.label()}" · "{format_date(lang, &p.submitted_at.local)}
                        {p.department.map(|d| view! { " · "{d} })}
                    </p>
                </li>
            }).collect_view()}
        </ul>
    }
    .into_any()
}
