use super::get_public_body::get_public_body;
use super::model::PublicBodyView;
use super::texts::{use_texts, AboutTexts, Section};
use crate::i18n::{texts as shell_texts, use_lang, Lang};
use crate::ui::{suspended, TableWrap};
use leptos::prelude::*;
use leptos_meta::Title;

/// The footer's links to the three pages and the rounds' archive, on every
/// page.
#[component]
pub fn FooterLinks() -> impl IntoView {
    let t = use_texts();
    view! {
        <nav aria-label=t.footer_label>
            <ul class="footer-links">
                <li><a href="/deklaracja-dostepnosci">{t.statement_link}</a></li>
                <li><a href="/latwy-tekst">{t.easy_link}</a></li>
                <li><a href="/prywatnosc">{t.privacy_link}</a></li>
                <li><a href="/rundy">{crate::rounds::texts::use_texts().archive_title}</a></li>
            </ul>
        </nav>
    }
}

/// "2026-11-28" as "28 listopada 2026" / "28 November 2026".
fn long_date(lang: Lang, iso: &str) -> String {
    let mut parts = iso.splitn(3, '-').map(|p| p.parse::<usize>().unwrap_or(0));
    let (year, month, day) = (
        parts.next().unwrap_or(0),
        parts.next().unwrap_or(0),
        parts.next().unwrap_or(0),
    );
    let months = shell_texts(lang).page().months_of;
    match months.get(month.wrapping_sub(1)) {
        Some(name) => format!("{day} {name} {year}"),
        None => iso.to_owned(),
    }
}

/// A heading and its paragraphs.
#[component]
fn Paragraphs(section: Section) -> impl IntoView {
    let (heading, paragraphs) = section;
    view! {
        <h2>{heading}</h2>
        {paragraphs.iter().map(|p| view! { <p>{*p}</p> }).collect_view()}
    }
}

/// `/deklaracja-dostepnosci`: the accessibility statement, in the structure
/// of the Polish template (its `a11y-*` element ids included).
#[component]
pub fn AccessibilityStatementPage() -> impl IntoView {
    let t = use_texts();
    let data = Resource::new(|| (), |_| get_public_body());
    view! {
        <Title text=t.statement_title/>
        <article class="page prose" id="a11y-deklaracja">
            <h1>{t.statement_title}</h1>
            {suspended(data, move |view| view! { <Statement t view/> })}
        </article>
    }
}

#[component]
fn Statement(t: &'static AboutTexts, view: PublicBodyView) -> impl IntoView {
    let PublicBodyView { body, venues } = view;
    let lang = use_lang();
    let mt = crate::meetings::texts::texts(lang);
    let site = shell_texts(lang).page().site_name;
    let mailto = format!("mailto:{}", body.contact_email);
    view! {
        <p><strong id="a11y-podmiot">{body.name.clone()}</strong>" "{t.statement_intro}" "
            <a id="a11y-url" href="/">{site}</a>"."</p>
        <p>{t.statement_scope}</p>
        <dl class="facts">
            <div><dt>{t.published}</dt><dd><time id="a11y-data-publikacja"
                datetime=body.statement_published.clone()>{long_date(lang, &body.statement_published)}</time></dd></div>
            <div><dt>{t.updated}</dt><dd><time id="a11y-data-aktualizacja"
                datetime=body.statement_updated.clone()>{long_date(lang, &body.statement_updated)}</time></dd></div>
        </dl>
        <h2>{t.status_title}</h2>
        <p id="a11y-status">{t.status_text}</p>
        <h3>{t.not_accessible_title}</h3>
        <ul>{t.not_accessible.iter().map(|p| view! { <li>{*p}</li> }).collect_view()}</ul>
        <h2>{t.prepared_title}</h2>
        <p>{t.prepared_text}" "<time id="a11y-data-sporzadzenie"
            datetime=body.statement_updated.clone()>{long_date(lang, &body.statement_updated)}</time>"."</p>
        <h2>{t.contact_title}</h2>
        <p>{t.contact_text}" "<a id="a11y-email" href=mailto>{body.contact_email.clone()}</a>
            " ("<span id="a11y-kontakt">{body.address.clone()}</span>")."</p>
        <div id="a11y-procedura">
            {t.procedure.iter().map(|s| view! { <Paragraphs section=*s/> }).collect_view()}
        </div>
        <div id="a11y-architektura">
            <h2>{t.venues_title}</h2>
            <p>{t.venues_lead}</p>
            <ul class="venues" data-testid="venues">
                {venues.into_iter().map(|v| {
                    let facilities = if v.accessibility.is_empty() {
                        t.venue_no_info.to_owned()
                    } else {
                        v.accessibility.iter().map(|a| mt.accessibility(*a)).collect::<Vec<_>>().join(", ")
                    };
                    view! {
                        <li>
                            <strong>{v.name}</strong>" — "{v.address}" ("{v.district}")"
                            <br/><span class="meta">{mt.accessibility_title}": "{facilities}</span>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <Paragraphs section=t.office/>
        </div>
        <div id="a11y-aplikacje">
            <Paragraphs section=t.apps/>
        </div>
    }
}

/// `/latwy-tekst`: the consultation in easy-to-read Polish (ETR: one idea
/// per sentence, no abbreviations, concrete words); plain English in English.
#[component]
pub fn EasyReadPage() -> impl IntoView {
    let t = use_texts();
    let data = Resource::new(|| (), |_| get_public_body());
    view! {
        <Title text=t.easy_title/>
        <article class="page prose easy-read">
            <h1>{t.easy_title}</h1>
            {t.easy_sections.iter().map(|(heading, sentences, links)| view! {
                <h2>{*heading}</h2>
                <ul class="sentences">
                    {sentences.iter().map(|s| view! { <li>{*s}</li> }).collect_view()}
                </ul>
                {(!links.is_empty()).then(|| view! {
                    <p class="easy-links">
                        {links.iter().map(|(text, href)| view! { <a href=*href>{*text}</a>" " }).collect_view()}
                    </p>
                })}
            }).collect_view()}
            {suspended(data, move |d| {
                let mailto = format!("mailto:{}", d.body.contact_email);
                view! {
                    <p data-testid="easy-contact">{t.easy_write_to_us}" "
                        <a href=mailto>{d.body.contact_email}</a>
                    </p>
                }
            })}
            <p><a class="button" href="/ankieta">{shell_texts(use_lang()).page().nav_survey}</a></p>
        </article>
    }
}

/// `/prywatnosc`: what is stored about residents and staff, how long, who
/// the controller is, residents' rights, and every cookie.
#[component]
pub fn PrivacyPage() -> impl IntoView {
    let t = use_texts();
    let data = Resource::new(|| (), |_| get_public_body());
    view! {
        <Title text=t.privacy_title/>
        <article class="page prose">
            <h1>{t.privacy_title}</h1>
            <p class="lead">{t.privacy_intro}</p>
            <h2>{t.controller_title}</h2>
            {suspended(data, move |PublicBodyView { body, .. }| {
                let contact = format!("mailto:{}", body.contact_email);
                let dpo = format!("mailto:{}", body.dpo_email);
                view! {
                    <p data-testid="controller">{body.name}<br/>{body.address}</p>
                    <dl class="facts">
                        <div><dt>{t.contact}</dt><dd><a href=contact>{body.contact_email}</a></dd></div>
                        <div><dt>{t.dpo}</dt><dd><a href=dpo>{body.dpo_email}</a></dd></div>
                    </dl>
                }
            })}
            {t.privacy_sections.iter().map(|(heading, items)| view! {
                <h2>{*heading}</h2>
                <ul>{items.iter().map(|i| view! { <li>{*i}</li> }).collect_view()}</ul>
            }).collect_view()}
            <h2 id="ciasteczka">{t.cookies_title}</h2>
            <p>{t.cookies_lead}</p>
            <TableWrap label=t.cookies_title.to_owned()>
                <table data-testid="cookies">
                    <thead><tr>
                        <th scope="col">{t.cookie_name}</th>
                        <th scope="col">{t.cookie_purpose}</th>
                        <th scope="col">{t.cookie_lifetime}</th>
                    </tr></thead>
                    <tbody>
                        {t.cookies.iter().map(|(name, purpose, lifetime)| view! {
                            <tr><th scope="row"><code>{*name}</code></th><td>{*purpose}</td><td>{*lifetime}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </TableWrap>
            <h2>{t.storage_title}</h2>
            <ul>{t.storage.iter().map(|i| view! { <li>{*i}</li> }).collect_view()}</ul>
        </article>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statement_dates_are_written_out() {
        assert_eq!(long_date(Lang::Pl, "2026-11-28"), "28 listopada 2026");
        assert_eq!(long_date(Lang::En, "2026-11-28"), "28 November 2026");
        assert_eq!(long_date(Lang::En, "bad"), "bad");
    }
}
