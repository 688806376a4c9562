//! Languages and UI texts: Polish first, English second.
//!
//! The texts the islands show (the survey form, the district picker) and
//! every error message live in [`Texts`], the only table compiled into the
//! browser's code; the texts of server-rendered pages (the shell, the home
//! page, the receipt, dates) live in [`PageTexts`], reached with
//! [`Texts::page`] or [`use_page_texts`]; a feature's own texts live next to
//! it in `<feature>::texts`. Each table has a test that fails when a text is
//! missing in one language (`assert_complete`). A component reads them
//! with [`use_texts`] (or the feature's `use_texts`). The language comes from the `lang` cookie (set by
//! `/jezyk/<kod>`, which works without JavaScript) on the server and from
//! `<html lang>` in the browser, so both render the same page.

use crate::domain::LocalDateTime;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    Pl,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Pl, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Pl => "pl",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "pl" => Some(Lang::Pl),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language named by a `Cookie` header's `lang=` pair; Polish otherwise.
    pub fn from_cookie_header(header: &str) -> Lang {
        header
            .split(';')
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(name, _)| *name == "lang")
            .and_then(|(_, value)| Lang::from_code(value))
            .unwrap_or_default()
    }
}

/// A request's language, from its `lang` cookie; Polish otherwise.
#[cfg(feature = "ssr")]
pub fn lang_of_headers(headers: &http::HeaderMap) -> Lang {
    headers
        .get(http::header::COOKIE)
        .and_then(|v| v.to_str().ok())
        .map(Lang::from_cookie_header)
        .unwrap_or_default()
}

/// A feed's language (calendar, Atom): `?jezyk=en` in its address (calendar
/// apps send no cookies), else the `lang` cookie, else Polish.
#[cfg(feature = "ssr")]
pub fn feed_lang(query: Option<&str>, headers: &http::HeaderMap) -> Lang {
    query
        .into_iter()
        .flat_map(|q| q.split('&'))
        .filter_map(|pair| pair.split_once('='))
        .find(|(name, _)| *name == "jezyk")
        .and_then(|(_, code)| Lang::from_code(code))
        .unwrap_or_else(|| lang_of_headers(headers))
}

/// A feed's address in a language: Polish is the default, English adds
/// `jezyk=en` (see [`feed_lang`]).
pub fn feed_href(path: &str, lang: Lang) -> String {
    match lang {
        Lang::Pl => path.to_owned(),
        Lang::En if path.contains('?') => format!("{path}&jezyk=en"),
        Lang::En => format!("{path}?jezyk=en"),
    }
}

/// The request's language: server side from the cookie, browser side from `<html lang>`.
pub fn detect_lang() -> Lang {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>()
            .map(|parts| lang_of_headers(&parts.headers))
            .unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        document()
            .document_element()
            .and_then(|el| el.get_attribute("lang"))
            .and_then(|code| Lang::from_code(&code))
            .unwrap_or_default()
    }
}

/// The current language: provided by the app shell on the server; in the
/// browser an island (hydrated without the shell's context) reads it from
/// `<html lang>`, so both render the same text.
pub fn use_lang() -> Lang {
    use_context::<Lang>().unwrap_or_else(detect_lang)
}

/// The current language's texts.
pub fn use_texts() -> &'static Texts {
    texts(use_lang())
}

pub fn texts(lang: Lang) -> &'static Texts {
    pick(lang, &PL, &EN)
}

/// The current language's page texts (the shell, the home page, the
/// receipt, dates); server-rendered only, see [`PageTexts`].
pub fn use_page_texts() -> &'static PageTexts {
    page_texts(use_lang())
}

pub fn page_texts(lang: Lang) -> &'static PageTexts {
    pick(lang, &PAGE_PL, &PAGE_EN)
}

/// One of a text table's two languages. Each feature keeps its own table
/// (`<feature>::texts`), so a page's code carries only the texts it shows.
pub fn pick<T>(lang: Lang, pl: &'static T, en: &'static T) -> &'static T {
    match lang {
        Lang::Pl => pl,
        Lang::En => en,
    }
}

/// Fails when a text table misses a text in one language: the two tables
/// (serialized) must have the same shape, no empty text in either, and no
/// English text that is still the Polish one (equal, and with a letter only
/// Polish has — proper names in [`SAME_IN_BOTH`] aside). Each feature's
/// `texts` module calls it for its table.
#[cfg(test)]
const SAME_IN_BOTH: &[&str] = &["Kraków"];

#[cfg(test)]
pub fn assert_complete<T: Serialize>(table: &str, pl: &T, en: &T) {
    fn walk(path: &str, pl: &serde_json::Value, en: &serde_json::Value, missing: &mut Vec<String>) {
        use serde_json::Value;
        const POLISH: &str = "ąćęłńóśźżĄĆĘŁŃÓŚŹŻ";
        match (pl, en) {
            (Value::String(p), Value::String(e)) => {
                if p.trim().is_empty() {
                    missing.push(format!("{path}: empty in Polish"));
                }
                if e.trim().is_empty() {
                    missing.push(format!("{path}: empty in English"));
                } else if p == e
                    && p.chars().any(|c| POLISH.contains(c))
                    && !SAME_IN_BOTH.contains(&p.as_str())
                {
                    missing.push(format!("{path}: English is the Polish text {p:?}"));
                }
            }
            (Value::Array(p), Value::Array(e)) => {
                if p.len() != e.len() {
                    missing.push(format!(
                        "{path}: {} Polish items, {} English",
                        p.len(),
                        e.len()
                    ));
                }
                for (i, (p, e)) in p.iter().zip(e).enumerate() {
                    walk(&format!("{path}[{i}]"), p, e, missing);
                }
            }
            (Value::Object(p), Value::Object(e)) => {
                for (key, p) in p {
                    walk(&format!("{path}.{key}"), p, &e[key], missing);
                }
            }
            (p, e) if p == e => {}
            _ => missing.push(format!("{path}: different kinds of value")),
        }
    }
    let (pl, en) = (
        serde_json::to_value(pl).unwrap(),
        serde_json::to_value(en).unwrap(),
    );
    let mut missing = Vec::new();
    walk(table, &pl, &en, &mut missing);
    assert!(
        missing.is_empty(),
        "texts missing a language:\n{}",
        missing.join("\n")
    );
}

impl Texts {
    /// The same language's page texts. Only server-rendered code calls
    /// this, so the islands' wasm never links the page tables.
    pub fn page(&self) -> &'static PageTexts {
        page_texts(self.lang)
    }

    /// How an answer came: online, at a service point, on paper.
    pub fn source(&self, source: crate::domain::AnswerSource) -> &'static str {
        use crate::domain::AnswerSource;
        match source {
            AnswerSource::Online => self.source_online,
            AnswerSource::Assisted => self.source_assisted,
            AnswerSource::Paper => self.source_paper,
        }
    }

    /// How the user knows a form field that an error names.
    pub fn field_label(&self, field: &str) -> Option<&'static str> {
        self.field_labels
            .iter()
            .find(|(name, _)| *name == field)
            .map(|(_, label)| *label)
    }
}

/// "wtorek, 28 marca 2028" / "Tuesday, 28 March 2028"
pub fn format_date(lang: Lang, t: &LocalDateTime) -> String {
    let tx = texts(lang);
    let weekday = tx.page().weekdays[t.weekday as usize % 7];
    let month = tx.page().months_of[(t.month as usize + 11) % 12];
    format!("{weekday}, {} {month} {}", t.day, t.year)
}

/// "17:30" (24-hour clock in both languages, as on Kraków's notices).
pub fn format_time(t: &LocalDateTime) -> String {
    format!("{:02}:{:02}", t.hour, t.minute)
}

/// A `YYYY-MM-DD` day as people write it: "4 grudnia 2026" / "4 December
/// 2026" (the text as it is when it is not such a day).
pub fn format_iso_day(lang: Lang, day: &str) -> String {
    let mut parts = day.splitn(3, '-').map(str::parse::<u32>);
    match (parts.next(), parts.next(), parts.next()) {
        (Some(Ok(year)), Some(Ok(month @ 1..=12)), Some(Ok(d @ 1..=31))) => {
            let month = texts(lang).page().months_of[month as usize - 1];
            format!("{d} {month} {year}")
        }
        _ => day.to_owned(),
    }
}

/// "3 marca 2028, 23:59"
pub fn format_date_time(lang: Lang, t: &LocalDateTime) -> String {
    let month = texts(lang).page().months_of[(t.month as usize + 11) % 12];
    format!("{} {month} {}, {}", t.day, t.year, format_time(t))
}

/// The forms of a counted noun. Polish has three — one (1 wskazanie),
/// few (2–4, 22–24…, but not 12–14: 3 wskazania) and many (0, 5–21, 25…:
/// 5 wskazań) — English two: one and other (`few` and `many` alike).
#[cfg_attr(test, derive(Serialize))]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Plural {
    pub one: &'static str,
    pub few: &'static str,
    pub many: &'static str,
}

impl Plural {
    /// The form for `n` in `lang` (one rule for every count the site shows).
    pub fn form(&self, lang: Lang, n: i64) -> &'static str {
        let n = n.unsigned_abs();
        match lang {
            _ if n == 1 => self.one,
            Lang::En => self.many,
            Lang::Pl if (2..=4).contains(&(n % 10)) && !(12..=14).contains(&(n % 100)) => self.few,
            Lang::Pl => self.many,
        }
    }
}

/// A count with its noun: "3 wskazania", "1 answer", "5 612 odpowiedzi".
pub fn count_of(lang: Lang, n: i64, noun: &Plural) -> String {
    format!("{} {}", format_count(n), noun.form(lang, n))
}

/// Thousands separated by a (non-breaking) space, as Polish writes them: 69 876.
pub fn format_count(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{a0}');
        }
        out.push(ch);
    }
    if n < 0 {
        out.insert(0, '-');
    }
    out
}

#[cfg_attr(test, derive(Serialize))]
pub struct Texts {
    /// Which language this table is (see [`Texts::page`]).
    pub lang: Lang,
    pub loading: &'static str,
    pub your_district: &'static str,
    pub choose_district: &'static str,
    pub your_district_meeting: &'static str,
    /// The district picker's button (JavaScript off) and its link.
    pub show_meeting: &'static str,
    pub meeting_details_link: &'static str,
    pub meeting_when: &'static str,
    pub meeting_where: &'static str,
    pub meeting_district: &'static str,
    pub survey_max_picks: &'static str,
    pub survey_district: &'static str,
    pub survey_district_hint: &'static str,
    pub survey_actions_legend: &'static str,
    pub survey_picks_left: &'static str,
    pub survey_other: &'static str,
    pub survey_other_hint: &'static str,
    pub survey_profile: &'static str,
    pub survey_profile_hint: &'static str,
    pub survey_no_answer: &'static str,
    pub survey_submit: &'static str,
    pub survey_sending: &'static str,
    pub survey_queued: &'static str,
    pub survey_thanks: &'static str,
    pub survey_receipt_code: &'static str,
    pub survey_receipt_check: &'static str,
    pub survey_answers_so_far: &'static str,
    pub survey_draft_note: &'static str,
    pub online: &'static str,
    pub offline: &'static str,
    pub err_device: &'static str,
    pub results_answers: &'static str,
    /// "N odpowiedzi" after a count.
    pub answers_n: Plural,
    pub survey_not_kept: &'static str,
    pub err_form_expired: &'static str,
    /// Form field names (as errors name them) and how the user knows them.
    pub field_labels: &'static [(&'static str, &'static str)],
    pub kiosk_source: &'static str,
    pub source_online: &'static str,
    pub source_assisted: &'static str,
    pub source_paper: &'static str,
    pub kiosk_entered: &'static str,
    pub kiosk_save: &'static str,
    pub err_not_found: &'static str,
    pub err_missing: &'static str,
    pub err_unknown: &'static str,
    pub err_too_long: &'static str,
    pub err_too_many: &'static str,
    pub err_duplicate: &'static str,
    pub err_malformed: &'static str,
    pub err_out_of_range: &'static str,
    pub err_end_before_start: &'static str,
    pub err_not_yet: &'static str,
    pub err_not_allowed: &'static str,
    pub err_locked: &'static str,
    pub err_overlap: &'static str,
    /// Before a line number: "Wiersz 12: …".
    pub err_line: &'static str,
    pub err_conflict: &'static str,
    pub err_survey_closed: &'static str,
    pub err_postulates_closed: &'static str,
    pub err_stale: &'static str,
    /// A stale change sent back to its page (the page shows the current state).
    pub err_stale_reload: &'static str,
    pub err_already_answered: &'static str,
    pub err_bad_credentials: &'static str,
    pub err_weak_password: &'static str,
    /// The survey's missing answers, worded for people.
    pub err_choose_district: &'static str,
    pub err_choose_action: &'static str,
    /// A merge into a number that is no live postulate of the meeting.
    pub err_merge_target: &'static str,
    /// The heading of a form's error summary.
    pub survey_fix_first: &'static str,
    pub err_email_taken: &'static str,
    pub err_unauthorized: &'static str,
    pub err_forbidden: &'static str,
    pub err_cross_site: &'static str,
    pub err_rate_limited: &'static str,
    pub err_unavailable: &'static str,
    pub err_storage_full: &'static str,
    pub err_transport: &'static str,
}

/// The texts of the server-rendered pages and the shell: never compiled
/// into the islands' WebAssembly (which carries only [`Texts`]).
#[cfg_attr(test, derive(Serialize))]
pub struct PageTexts {
    pub site_name: &'static str,
    pub city: &'static str,
    pub skip_to_content: &'static str,
    pub nav_label: &'static str,
    pub nav_home: &'static str,
    pub nav_survey: &'static str,
    pub nav_results: &'static str,
    pub nav_meetings: &'static str,
    pub nav_postulates: &'static str,
    pub nav_staff: &'static str,
    pub switch_language: &'static str,
    pub other_lang_name: &'static str,
    pub footer: &'static str,
    pub not_found_title: &'static str,
    pub not_found_body: &'static str,
    pub offline_title: &'static str,
    pub offline_body: &'static str,
    pub back_home: &'static str,
    pub home_title: &'static str,
    pub home_lead: &'static str,
    pub home_how_title: &'static str,
    pub home_how_steps: [&'static str; 4],
    pub survey_open_until: &'static str,
    pub survey_not_yet_open: &'static str,
    pub survey_closed: &'static str,
    pub take_survey: &'static str,
    pub see_results: &'static str,
    pub next_meeting: &'static str,
    pub no_upcoming_meeting: &'static str,
    pub districts_title: &'static str,
    pub residents: Plural,
    pub survey_title: &'static str,
    pub survey_lead: &'static str,
    pub survey_closed_see_results: &'static str,
    pub receipt_title: &'static str,
    pub receipt_counted: &'static str,
    pub receipt_day: &'static str,
    pub receipt_privacy: &'static str,
    /// The receipt page's next step: the district's results.
    pub receipt_see_results: &'static str,
    pub login_title: &'static str,
    pub kiosk_title: &'static str,
    pub kiosk_lead: &'static str,
    /// "How the answer came" on the receipt.
    pub receipt_source: &'static str,
    pub weekdays: [&'static str; 7],
    /// Month names as used after a day number ("28 marca").
    pub months_of: [&'static str; 12],
}

pub static PL: Texts = Texts {
    lang: Lang::Pl,
    loading: "Wczytywanie…",
    your_district: "Twoja dzielnica",
    choose_district: "Wybierz dzielnicę, aby zobaczyć termin spotkania",
    your_district_meeting: "Spotkanie w Twojej dzielnicy",
    show_meeting: "Pokaż spotkanie",
    meeting_details_link: "Szczegóły spotkania: miejsce, program, dostępność",
    meeting_when: "Kiedy",
    meeting_where: "Gdzie",
    meeting_district: "Dzielnica",

    survey_max_picks: "Możesz wskazać najwyżej",
    survey_district: "Twoja dzielnica",
    survey_district_hint: "Wybierz dzielnicę",
    survey_actions_legend: "Co miasto powinno zrobić w pierwszej kolejności?",
    survey_picks_left: "Pozostało wyborów:",
    survey_other: "Inne potrzeby (nieobowiązkowe)",
    survey_other_hint: "Najwyżej 1000 znaków. Nie podawaj danych osobowych.",
    survey_profile: "Kilka pytań o Ciebie (nieobowiązkowe)",
    survey_profile_hint: "Odpowiedzi są anonimowe i służą tylko do statystyki.",
    survey_no_answer: "wolę nie odpowiadać",
    survey_submit: "Wyślij odpowiedź",
    survey_sending: "Wysyłanie…",
    survey_queued: "Zapisano — odpowiedź zostanie wysłana, gdy będziesz online.",
    survey_thanks: "Dziękujemy! Twoja odpowiedź została przyjęta.",
    survey_receipt_code: "Kod potwierdzenia:",
    survey_receipt_check: "Sprawdź, czy Twoja odpowiedź jest policzona",
    survey_answers_so_far: "Odpowiedzi do tej pory:",
    survey_draft_note: "Twoje odpowiedzi zapisują się na tym urządzeniu, więc możesz wrócić do ankiety później.",
    online: "Połączono z internetem",
    offline: "Brak połączenia — możesz wypełniać dalej",
    err_device: "Włącz obsługę ciasteczek (cookies), aby wysłać odpowiedź — służą tylko do tego, by z jednego urządzenia wysłać jedną odpowiedź.",
    results_answers: "odpowiedzi",
    answers_n: Plural {
        one: "odpowiedź",
        few: "odpowiedzi",
        many: "odpowiedzi",
    },
    survey_not_kept: "Nie udało się zapisać odpowiedzi w pamięci telefonu. Nie zamykaj tej strony, dopóki nie zobaczysz potwierdzenia — wyślemy ją, gdy tylko będzie połączenie.",
    err_form_expired: "Formularz wygasł lub został zmieniony. Odśwież stronę — wybrane odpowiedzi zostaną zachowane.",
    field_labels: &[
        ("district", "Dzielnica"),
        ("actions", "Działania"),
        ("other", "Inne potrzeby"),
        ("profile", "Metryczka"),
        ("source", "Źródło odpowiedzi"),
        ("email", "Adres e-mail"),
        ("name", "Imię i nazwisko"),
        ("password", "Hasło"),
        ("role", "Rola"),
        ("department", "Wydział lub jednostka"),
        ("user_id", "Konto"),
        ("meeting", "Spotkanie"),
        ("date", "Data"),
        ("begins", "Początek"),
        ("ends", "Koniec"),
        ("reason", "Powód"),
        ("venue", "Miejsce"),
        ("address", "Adres"),
        ("room", "Sala"),
        ("officials", "Kto będzie z urzędu"),
        ("code", "Kod"),
        ("name_pl", "Nazwa polska"),
        ("name_en", "Nazwa angielska"),
        ("kind", "Rodzaj"),
        ("theme", "Temat"),
        ("action", "Działanie"),
        ("phrase", "Krótkie hasło"),
        ("visibility", "Kiedy wyniki są publiczne"),
        ("decision", "Decyzja"),
        ("body", "Treść postulatu"),
        ("postulate", "Postulat"),
        ("into", "Połącz z"),
        ("change", "Zmiana"),
        ("justification", "Uzasadnienie"),
        ("status", "Stanowisko"),
        ("scope", "Zakres publikacji"),
        ("planned_term", "Planowany termin"),
        ("cost_range", "Szacunkowy koszt"),
    ],
    kiosk_source: "Skąd pochodzi odpowiedź",
    source_online: "przez internet",
    source_assisted: "punkt stacjonarny",
    source_paper: "ankieta papierowa",
    kiosk_entered: "Wprowadzone w tej sesji",
    kiosk_save: "Zapisz i wyczyść formularz",

    err_not_found: "Nie znaleziono.",
    err_missing: "To pole jest wymagane.",
    err_unknown: "Nieznana wartość — odśwież stronę i wybierz ponownie.",
    err_too_long: "Tekst jest za długi.",
    err_too_many: "Wybrano za dużo pozycji.",
    err_duplicate: "Ta wartość powtarza się lub jest już zajęta.",
    err_malformed: "Nieprawidłowe dane formularza.",
    err_out_of_range: "Poza dozwolonym okresem.",
    err_end_before_start: "Koniec musi być później niż początek.",
    err_not_yet: "Jeszcze nie teraz.",
    err_not_allowed: "Niemożliwe w obecnym stanie.",
    err_locked: "Runda ma już odpowiedzi: tego nie można usunąć ani zmienić tak, by zmieniło znaczenie odpowiedzi (można poprawić brzmienie lub przedłużyć termin).",
    err_overlap: "Pokrywa się z okresem ankiety aktywnej rundy.",
    err_line: "Wiersz",
    err_conflict: "To zgłoszenie zostało już wysłane z inną treścią.",
    err_survey_closed: "Ankieta jest zamknięta — nie przyjmujemy nowych odpowiedzi.",
    err_postulates_closed: "Na tym spotkaniu nie zbieramy teraz postulatów.",
    err_stale: "Ktoś inny zmienił ten postulat w międzyczasie — nic nie zapisano. Teraz:",
    err_stale_reload: "Ktoś inny zmienił ten postulat w międzyczasie — nic nie zapisano. Poniżej jego obecny stan.",
    err_bad_credentials: "Nieprawidłowy e-mail lub hasło.",
    err_weak_password: "Hasło musi mieć co najmniej 12 znaków.",
    err_choose_district: "Wybierz dzielnicę.",
    err_choose_action: "Zaznacz co najmniej jedno działanie.",
    err_merge_target: "Nie ma na tym spotkaniu postulatu o tym numerze, z którym można połączyć ten postulat.",
    survey_fix_first: "Popraw, zanim wyślesz:",
    err_email_taken: "Konto z tym adresem e-mail już istnieje.",
    err_already_answered: "Z tego urządzenia wysłano już odpowiedź w tej edycji konsultacji. Dziękujemy!",
    err_unauthorized: "Zaloguj się, aby kontynuować.",
    err_forbidden: "Nie masz uprawnień do tej części serwisu.",
    err_cross_site:
        "Żądanie odrzucone ze względów bezpieczeństwa. Odśwież stronę i spróbuj ponownie.",
    err_rate_limited: "Zbyt wiele prób. Spróbuj ponownie za kilka minut.",
    err_unavailable: "Serwis jest chwilowo niedostępny. Spróbuj ponownie za chwilę.",
    err_storage_full:
        "Serwer nie ma teraz miejsca na zapis: nic nie zostało zapisane. Spróbuj ponownie później.",
    err_transport: "Nie udało się połączyć z serwerem. Sprawdź połączenie z internetem.",
};

pub static EN: Texts = Texts {
    lang: Lang::En,
    loading: "Loading…",
    your_district: "Your district",
    choose_district: "Choose a district to see its meeting",
    your_district_meeting: "Meeting in your district",
    show_meeting: "Show the meeting",
    meeting_details_link: "Meeting details: venue, agenda, access",
    meeting_when: "When",
    meeting_where: "Where",
    meeting_district: "District",

    survey_max_picks: "You may choose at most",
    survey_district: "Your district",
    survey_district_hint: "Choose a district",
    survey_actions_legend: "What should the city do first?",
    survey_picks_left: "Choices left:",
    survey_other: "Other needs (optional)",
    survey_other_hint: "At most 1000 characters. Do not include personal data.",
    survey_profile: "A few questions about you (optional)",
    survey_profile_hint: "Answers are anonymous and used for statistics only.",
    survey_no_answer: "prefer not to say",
    survey_submit: "Send my answer",
    survey_sending: "Sending…",
    survey_queued: "Saved — your answer will be sent when you are online.",
    survey_thanks: "Thank you! Your answer has been received.",
    survey_receipt_code: "Receipt code:",
    survey_receipt_check: "Check that your answer is counted",
    survey_answers_so_far: "Answers so far:",
    survey_draft_note: "Your answers are saved on this device, so you can come back to the survey later.",
    online: "Online",
    offline: "Offline — you can keep filling in",
    err_device: "Please enable cookies to send your answer — they only make sure one device sends one answer.",
    results_answers: "answers",
    answers_n: Plural {
        one: "answer",
        few: "answers",
        many: "answers",
    },
    survey_not_kept: "Your phone could not store the answer. Keep this page open until you see the confirmation — we will send it as soon as there is a connection.",
    err_form_expired: "The form has expired or was changed. Reload the page — your choices will be kept.",
    field_labels: &[
        ("district", "District"),
        ("actions", "Actions"),
        ("other", "Other needs"),
        ("profile", "About you"),
        ("source", "Source of the answer"),
        ("email", "E-mail address"),
        ("name", "Full name"),
        ("password", "Password"),
        ("role", "Role"),
        ("department", "Department or unit"),
        ("user_id", "Account"),
        ("meeting", "Meeting"),
        ("date", "Date"),
        ("begins", "Start"),
        ("ends", "End"),
        ("reason", "Reason"),
        ("venue", "Venue"),
        ("address", "Address"),
        ("room", "Room"),
        ("officials", "Who attends from the city"),
        ("code", "Code"),
        ("name_pl", "Polish name"),
        ("name_en", "English name"),
        ("kind", "Kind"),
        ("theme", "Theme"),
        ("action", "Action"),
        ("phrase", "Short phrase"),
        ("visibility", "When results are public"),
        ("decision", "Decision"),
        ("body", "Proposal text"),
        ("postulate", "Proposal"),
        ("into", "Merge into"),
        ("change", "Change"),
        ("justification", "Justification"),
        ("status", "Position"),
        ("scope", "Publication scope"),
        ("planned_term", "Planned term"),
        ("cost_range", "Estimated cost"),
    ],
    kiosk_source: "Where the answer comes from",
    source_online: "online",
    source_assisted: "stationary point",
    source_paper: "paper form",
    kiosk_entered: "Entered in this session",
    kiosk_save: "Save and clear the form",

    err_not_found: "Not found.",
    err_missing: "This field is required.",
    err_unknown: "Unknown value — reload the page and choose again.",
    err_too_long: "The text is too long.",
    err_too_many: "Too many items chosen.",
    err_duplicate: "This value is repeated or already taken.",
    err_malformed: "The form data is not valid.",
    err_out_of_range: "Outside the allowed period.",
    err_end_before_start: "The end must be later than the start.",
    err_not_yet: "Not yet possible.",
    err_not_allowed: "Not possible in the present state.",
    err_locked: "The round already has answers: this cannot be removed or changed in a way that changes what answers mean (rewording and extending are possible).",
    err_overlap: "Overlaps the survey period of the active round.",
    err_line: "Line",
    err_conflict: "This submission was already sent with different content.",
    err_survey_closed: "The survey is closed — no new answers are accepted.",
    err_postulates_closed: "This meeting is not taking proposals now.",
    err_stale: "Someone else changed this proposal in the meantime — nothing was saved. Now:",
    err_stale_reload: "Someone else changed this proposal in the meantime — nothing was saved. Its current state is below.",
    err_bad_credentials: "Wrong e-mail or password.",
    err_weak_password: "The password must be at least 12 characters long.",
    err_choose_district: "Choose a district.",
    err_choose_action: "Choose at least one action.",
    err_merge_target: "There is no proposal with this number at this meeting that this one can be merged into.",
    survey_fix_first: "Before you send, please fix:",
    err_email_taken: "An account with this e-mail address already exists.",
    err_already_answered: "An answer was already sent from this device in this round. Thank you!",
    err_unauthorized: "Please sign in to continue.",
    err_forbidden: "You are not allowed to use this part of the site.",
    err_cross_site: "Request refused for security reasons. Reload the page and try again.",
    err_rate_limited: "Too many attempts. Try again in a few minutes.",
    err_unavailable: "The service is temporarily unavailable. Try again shortly.",
    err_storage_full: "The server has no room to store anything right now: nothing was stored. Try again later.",
    err_transport: "Could not reach the server. Check your internet connection.",
};

static PAGE_PL: PageTexts = PageTexts {
    site_name: "Porozmawiajmy o Krakowie",
    city: "Kraków",
    skip_to_content: "Przejdź do treści",
    nav_label: "Menu główne",
    nav_home: "Start",
    nav_survey: "Ankieta",
    nav_results: "Wyniki",
    nav_meetings: "Spotkania",
    nav_postulates: "Postulaty",
    nav_staff: "Dla urzędu",
    switch_language: "Change language to English",
    other_lang_name: "English",
    footer: "Konsultacje społeczne Gminy Miejskiej Kraków. Ankieta jest anonimowa.",
    not_found_title: "Nie ma takiej strony",
    not_found_body: "Sprawdź adres albo wróć na stronę główną.",
    offline_title: "Brak połączenia",
    offline_body: "Ta strona nie jest zapisana w telefonie, a internet jest teraz niedostępny. Ankietę wypełnisz także bez internetu: odpowiedź zostanie wysłana, gdy połączenie wróci.",
    back_home: "Wróć na stronę główną",

    home_title: "Porozmawiajmy o Krakowie",
    home_lead: "Miasto pyta mieszkańców dzielnic, co powinno zrobić w pierwszej kolejności. \
        Wypełnij krótką, anonimową ankietę, przyjdź na spotkanie w swojej dzielnicy \
        i zgłoś postulat — każdy dostanie odpowiedź właściwego wydziału lub jednostki miejskiej.",
    home_how_title: "Jak to działa",
    home_how_steps: [
        "Ankieta: wybierz dzielnicę i zaznacz działania, które są dla Ciebie najważniejsze.",
        "Wyniki: zobacz, co wskazali sąsiedzi — wyniki omawiamy na spotkaniach.",
        "Spotkania: od marca do czerwca w każdej dzielnicy odbywa się otwarte spotkanie.",
        "Odpowiedzi: po zakończeniu konsultacji miasto publikuje stanowisko do każdego postulatu.",
    ],
    survey_open_until: "Ankieta jest otwarta do",
    survey_not_yet_open: "Ankieta zostanie otwarta",
    survey_closed: "Ankieta została zamknięta",
    take_survey: "Wypełnij ankietę",
    see_results: "Zobacz wyniki",
    next_meeting: "Najbliższe spotkanie",
    no_upcoming_meeting: "Wszystkie spotkania tej edycji już się odbyły.",
    districts_title: "Dzielnice w tej edycji",
    residents: Plural {
        one: "mieszkaniec",
        few: "mieszkańcy",
        many: "mieszkańców",
    },
    survey_title: "Ankieta",
    survey_lead: "Anonimowa ankieta dla mieszkańców: wybierz dzielnicę i zaznacz działania, \
        które miasto powinno zrobić w pierwszej kolejności.",
    survey_closed_see_results: "Zobacz wyniki ankiety",
    receipt_title: "Potwierdzenie odpowiedzi",
    receipt_counted: "Ta odpowiedź jest policzona w wynikach ankiety.",
    receipt_day: "Dzień przyjęcia",
    receipt_privacy: "Kod nie zawiera żadnych informacji o Tobie — potwierdza tylko, że odpowiedź dotarła.",
    receipt_see_results: "Zobacz wyniki ankiety w dzielnicy",
    login_title: "Logowanie pracowników",
    kiosk_title: "Punkt stacjonarny",
    kiosk_lead: "Wprowadzanie odpowiedzi mieszkańców zebranych w punkcie stacjonarnym lub na papierze. Po zapisaniu formularz czyści się dla następnej osoby.",
    receipt_source: "Sposób wypełnienia",
    weekdays: [
        "poniedziałek",
        "wtorek",
        "środa",
        "czwartek",
        "piątek",
        "sobota",
        "niedziela",
    ],
    months_of: [
        "stycznia",
        "lutego",
        "marca",
        "kwietnia",
        "maja",
        "czerwca",
        "lipca",
        "sierpnia",
        "września",
        "października",
        "listopada",
        "grudnia",
    ],

};

static PAGE_EN: PageTexts = PageTexts {
    site_name: "Let's talk about Kraków",
    city: "Kraków",
    skip_to_content: "Skip to content",
    nav_label: "Main menu",
    nav_home: "Home",
    nav_survey: "Survey",
    nav_results: "Results",
    nav_meetings: "Meetings",
    nav_postulates: "Proposals",
    nav_staff: "City staff",
    switch_language: "Zmień język na polski",
    other_lang_name: "Polski",
    footer: "Public consultations of the City of Kraków. The survey is anonymous.",
    not_found_title: "Page not found",
    not_found_body: "Check the address or go back to the home page.",
    offline_title: "No connection",
    offline_body: "This page is not saved on your phone and the internet is not available right now. You can fill in the survey offline too: your answer is sent when the connection is back.",
    back_home: "Back to the home page",

    home_title: "Let's talk about Kraków",
    home_lead: "The city asks the residents of its districts what it should do first. \
        Fill in a short anonymous survey, come to the meeting in your district \
        and raise a postulate — each one gets an answer from the responsible department or city unit.",
    home_how_title: "How it works",
    home_how_steps: [
        "Survey: choose your district and mark the actions that matter most to you.",
        "Results: see what your neighbours chose — results are discussed at the meetings.",
        "Meetings: from March to June, every district holds an open meeting.",
        "Answers: after the round, the city publishes its position on every proposal.",
    ],
    survey_open_until: "The survey is open until",
    survey_not_yet_open: "The survey opens on",
    survey_closed: "The survey is closed",
    take_survey: "Take the survey",
    see_results: "See the results",
    next_meeting: "Next meeting",
    no_upcoming_meeting: "All meetings of this round have taken place.",
    districts_title: "Districts in this round",
    residents: Plural {
        one: "resident",
        few: "residents",
        many: "residents",
    },
    survey_title: "Survey",
    survey_lead: "An anonymous survey for residents: choose your district and mark the actions \
        the city should do first.",
    survey_closed_see_results: "See the survey results",
    receipt_title: "Answer receipt",
    receipt_counted: "This answer is counted in the survey results.",
    receipt_day: "Received on",
    receipt_privacy: "The code holds no information about you — it only confirms the answer arrived.",
    receipt_see_results: "See the survey results for the district",
    login_title: "Staff sign-in",
    kiosk_title: "Stationary point",
    kiosk_lead: "Entering residents' answers collected at a stationary point or on paper. After saving, the form clears for the next person.",
    receipt_source: "Sent",
    weekdays: ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
    months_of: [
        "January", "February", "March", "April", "May", "June", "July", "August", "September",
        "October", "November", "December",
    ],

};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_read_as_people_write_them() {
        assert_eq!(format_iso_day(Lang::Pl, "2026-12-04"), "4 grudnia 2026");
        assert_eq!(format_iso_day(Lang::En, "2026-12-04"), "4 December 2026");
        assert_eq!(format_iso_day(Lang::Pl, "jutro"), "jutro");
    }

    #[test]
    fn counts_follow_the_plural_rule() {
        let picks = Plural {
            one: "wskazanie",
            few: "wskazania",
            many: "wskazań",
        };
        let forms: Vec<_> = [0, 1, 2, 5, 12, 22, 25, 112]
            .into_iter()
            .map(|n| picks.form(Lang::Pl, n))
            .collect();
        assert_eq!(
            forms,
            [
                "wskazań",
                "wskazanie",
                "wskazania",
                "wskazań",
                "wskazań",
                "wskazania",
                "wskazań",
                "wskazań"
            ]
        );
        let en: Vec<_> = [0, 1, 2, 5, 12, 22, 25, 112]
            .into_iter()
            .map(|n| EN.answers_n.form(Lang::En, n))
            .collect();
        assert_eq!(
            en,
            [
                "answers", "answer", "answers", "answers", "answers", "answers", "answers",
                "answers"
            ]
        );
        assert_eq!(count_of(Lang::Pl, 3, &picks), "3 wskazania");
        assert_eq!(count_of(Lang::Pl, 1, &PL.answers_n), "1 odpowiedź");
        assert_eq!(count_of(Lang::En, 1, &EN.answers_n), "1 answer");
        assert_eq!(count_of(Lang::En, 0, &EN.answers_n), "0 answers");
        assert_eq!(count_of(Lang::En, 22, &EN.answers_n), "22 answers");
        assert_eq!(
            count_of(Lang::Pl, 1_024, &PL.answers_n),
            "1\u{a0}024 odpowiedzi"
        );
        assert_eq!(count_of(Lang::Pl, 22, &PAGE_PL.residents), "22 mieszkańcy");
        assert_eq!(
            count_of(Lang::Pl, 69_876, &PAGE_PL.residents),
            "69\u{a0}876 mieszkańców"
        );
    }

    #[test]
    fn every_text_is_in_both_languages() {
        assert_complete("i18n", &PL, &EN);
        assert_complete("i18n pages", &PAGE_PL, &PAGE_EN);
    }

    #[test]
    #[should_panic(expected = "English is the Polish text")]
    fn a_text_left_in_polish_fails_the_check() {
        #[derive(Serialize)]
        struct Table {
            ok: &'static str,
            items: &'static [&'static str],
        }
        let pl = Table {
            ok: "Tak",
            items: &["Wyślij"],
        };
        let en = Table {
            ok: "Yes",
            items: &["Wyślij"],
        };
        assert_complete("sample", &pl, &en);
    }

    #[test]
    #[should_panic(expected = "empty in English")]
    fn an_empty_text_fails_the_check() {
        assert_complete("sample", &["Dzielnica"], &[""]);
    }

    #[test]
    fn every_field_is_named_in_both_languages() {
        let fields = |t: &Texts| t.field_labels.iter().map(|(f, _)| *f).collect::<Vec<_>>();
        assert_eq!(fields(&PL), fields(&EN));
    }

    #[test]
    #[cfg(feature = "ssr")]
    fn feeds_take_their_language_from_the_address_then_the_cookie() {
        let mut headers = http::HeaderMap::new();
        assert_eq!(feed_lang(None, &headers), Lang::Pl);
        assert_eq!(feed_lang(Some("dzielnica=II&jezyk=en"), &headers), Lang::En);
        headers.insert(http::header::COOKIE, "lang=en".parse().unwrap());
        assert_eq!(feed_lang(None, &headers), Lang::En);
        assert_eq!(feed_lang(Some("jezyk=pl"), &headers), Lang::Pl);
        assert_eq!(feed_href("/a.ics", Lang::Pl), "/a.ics");
        assert_eq!(
            feed_href("/a.atom?dzielnica=II", Lang::En),
            "/a.atom?dzielnica=II&jezyk=en"
        );
    }

    #[test]
    fn cookie_picks_language() {
        assert_eq!(Lang::from_cookie_header("a=1; lang=en; b=2"), Lang::En);
        assert_eq!(Lang::from_cookie_header("lang=xx"), Lang::Pl);
        assert_eq!(Lang::from_cookie_header(""), Lang::Pl);
    }

    #[test]
    fn polish_dates_use_genitive_months() {
        let t = LocalDateTime {
            year: 2028,
            month: 3,
            day: 28,
            weekday: 1,
            hour: 17,
            minute: 30,
        };
        assert_eq!(format_date(Lang::Pl, &t), "wtorek, 28 marca 2028");
        assert_eq!(format_date(Lang::En, &t), "Tuesday, 28 March 2028");
        assert_eq!(format_time(&t), "17:30");
    }

    #[test]
    fn counts_group_thousands() {
        assert_eq!(format_count(69876), "69\u{a0}876");
        assert_eq!(format_count(999), "999");
        assert_eq!(format_count(1_000_000), "1\u{a0}000\u{a0}000");
    }
}
