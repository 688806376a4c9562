use crate::i18n::use_texts;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn PanelPage() -> impl IntoView {
    let t = use_texts();
    view! {
        <Title text=t.staff_title/>
        <section class="page">
            <h1>{t.staff_title}</h1>
            <p class="lead">{t.staff_lead}</p>
            <p><a class="button" href="/panel/logowanie">{t.login_title}</a></p>
        </section>
    }
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let t = use_texts();
    view! {
        <Title text=t.login_title/>
        <section class="page narrow">
            <h1>{t.login_title}</h1>
            <p>{t.staff_lead}</p>
        </section>
    }
}
