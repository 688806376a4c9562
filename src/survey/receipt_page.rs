use super::get_receipt;
use crate::domain::Receipt;
use crate::i18n::use_texts;
use crate::i18n::{format_iso_day, use_page_texts};
use crate::ui::suspended;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// `/ankieta/potwierdzenie/<code>`: is my answer counted?
#[component]
pub fn ReceiptPage() -> impl IntoView {
    let t = use_page_texts();
    let params = use_params_map();
    let code = move || params.read().get("code").unwrap_or_default();
    let receipt = Resource::new(code, get_receipt);
    view! {
        <Title text=t.receipt_title/>
        {suspended(receipt, |r| view! { <ReceiptView receipt=r/> })}
    }
}

#[component]
fn ReceiptView(receipt: Receipt) -> impl IntoView {
    let t = use_texts();
    let lang = crate::i18n::use_lang();
    let pt = t.page();
    let source = t.source(receipt.source);
    view! {
        <section class="page" data-testid="receipt-page">
            <h1>{pt.receipt_title}</h1>
            <p class="notice notice-ok">{pt.receipt_counted}</p>
            <dl class="when-where">
                <div><dt>{t.survey_receipt_code}</dt><dd><strong>{receipt.code}</strong></dd></div>
                <div><dt>{t.meeting_district}</dt><dd>{receipt.district.clone()}</dd></div>
                <div><dt>{pt.receipt_day}</dt><dd>{format_iso_day(lang, &receipt.submitted_on)}</dd></div>
                <div><dt>{pt.receipt_source}</dt><dd>{source}</dd></div>
            </dl>
            <p>{pt.receipt_privacy}</p>
            {(!receipt.district_numeral.is_empty()).then(|| view! {
                <p><a class="button" data-testid="district-results"
                    href=format!("/wyniki/{}", receipt.district_numeral)>
                    {pt.receipt_see_results}" "{receipt.district.clone()}
                </a></p>
            })}
        </section>
    }
}
