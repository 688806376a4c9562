//! The postulates feature's texts, Polish and English (see [`crate::i18n`]).

use super::model::{PostulateStatus, RejectReason};
use crate::i18n::{use_lang, Lang};

/// The current language's postulates texts.
pub fn use_texts() -> &'static PostulateTexts {
    texts(use_lang())
}

pub fn texts(lang: Lang) -> &'static PostulateTexts {
    crate::i18n::pick(lang, &PL, &EN)
}

#[cfg_attr(test, derive(serde::Serialize))]
pub struct PostulateTexts {
    pub postulates_title: &'static str,
    pub postulates_lead: &'static str,
    pub postulates_empty: &'static str,
    pub search: &'static str,
    pub district: &'static str,
    pub all: &'static str,
    pub meeting: &'static str,
    pub theme: &'static str,
    pub department: &'static str,
    pub apply: &'static str,
    pub found: &'static str,
    pub pages: &'static str,
    pub previous: &'static str,
    pub next: &'static str,
    pub me_too_count: &'static str,
    pub to_meeting: &'static str,
    pub follow_title: &'static str,
    pub follow_submitted: &'static str,
    pub follow_approved: &'static str,
    /// After publication: the city has answered (followed by the status).
    pub follow_answered: &'static str,
    pub follow_rejected: &'static str,
    pub follow_merged: &'static str,
    pub code: &'static str,
    pub status_label: &'static str,
    pub wording: &'static str,
    pub merged_into: &'static str,
    pub raised_on: &'static str,
    pub follow_later: &'static str,
    pub follow_keep: &'static str,
    pub lookup_label: &'static str,
    pub lookup_button: &'static str,
    pub back_to_live: &'static str,
    pub live_title: &'static str,
    pub live_open: &'static str,
    pub live_closed: &'static str,
    pub your_postulate: &'static str,
    pub body_hint: &'static str,
    pub theme_optional: &'static str,
    pub send: &'static str,
    pub queued: &'static str,
    pub sent: &'static str,
    pub follow_link: &'static str,
    pub approved_here: &'static str,
    pub live_empty: &'static str,
    pub me_too: &'static str,
    /// The "me too" button once this device said so.
    pub supporting: &'static str,
    /// The live page's list of the postulates this phone sent.
    pub mine_title: &'static str,
    pub discussed: &'static str,
    pub meeting_details: &'static str,
    pub all_of_meeting: &'static str,
    /// submitted, approved, rejected, merged
    pub statuses: [&'static str; 4],
    /// In [`RejectReason::ALL`]'s order.
    pub reasons: [&'static str; 5],
}

impl PostulateTexts {
    pub fn status(&self, status: PostulateStatus) -> &'static str {
        self.statuses[status as usize]
    }

    pub fn reason(&self, reason: RejectReason) -> &'static str {
        self.reasons[reason as usize]
    }
}

pub static PL: PostulateTexts = PostulateTexts {
    postulates_title: "Postulaty mieszkańców",
    postulates_lead: "Potrzeby zgłoszone na spotkaniach i przyjęte przez moderatorów.",
    postulates_empty: "Nie ma postulatów spełniających te warunki.",
    search: "Szukaj w treści",
    district: "Dzielnica",
    all: "Wszystkie",
    meeting: "Spotkanie",
    theme: "Temat",
    department: "Wydział lub jednostka",
    apply: "Pokaż",
    found: "Liczba postulatów:",
    pages: "Strony wyników",
    previous: "Poprzednia strona",
    next: "Następna strona",
    me_too_count: "„Ja też”:",
    to_meeting: "Spotkanie, na którym go zgłoszono",
    follow_title: "Twój postulat",
    follow_submitted: "Czeka na moderatora.",
    follow_approved: "Przyjęty na listę postulatów spotkania.",
    follow_answered: "Miasto odpowiedziało:",
    follow_rejected: "Odrzucony przez moderatora:",
    follow_merged: "Połączony z takim samym postulatem — liczy się razem z nim.",
    code: "Kod postulatu",
    status_label: "Co się z nim dzieje",
    wording: "Treść",
    merged_into: "Połączony z",
    raised_on: "Zgłoszony",
    follow_later: "Po spotkaniach miasto opublikuje stanowisko wydziału przy każdym przyjętym postulacie — zobaczysz je na tej stronie.",
    follow_keep: "Zachowaj ten adres, aby śledzić postulat:",
    lookup_label: "Sprawdź po kodzie",
    lookup_button: "Sprawdź",
    back_to_live: "Wróć do spotkania na żywo",
    live_title: "Postulaty na żywo",
    live_open: "Zbieramy postulaty — napisz, czego potrzebuje Twoja okolica.",
    live_closed: "Zgłaszanie postulatów jest teraz zamknięte. Przyjęte postulaty są poniżej.",
    your_postulate: "Twój postulat",
    body_hint: "Od 10 do 1000 znaków. Nie podawaj danych osobowych.",
    theme_optional: "Temat (nieobowiązkowo)",
    send: "Wyślij postulat",
    queued: "Brak połączenia — postulat jest zapisany w telefonie i wyślemy go, gdy połączenie wróci.",
    sent: "Dziękujemy! Postulat czeka na moderatora. Kod:",
    follow_link: "Śledź swój postulat",
    approved_here: "Przyjęte postulaty",
    live_empty: "Moderatorzy nie przyjęli jeszcze żadnego postulatu.",
    me_too: "Ja też",
    supporting: "✓ Popierasz ·",
    mine_title: "Twoje postulaty",
    discussed: "Teraz omawiany",
    meeting_details: "Szczegóły spotkania",
    all_of_meeting: "Wszystkie postulaty tego spotkania",
    statuses: ["czeka na moderację", "przyjęty", "odrzucony", "połączony"],
    reasons: [
        "obraźliwy",
        "zawiera dane osobowe",
        "poza zakresem konsultacji",
        "duplikat",
        "spam",
    ],
};

pub static EN: PostulateTexts = PostulateTexts {
    postulates_title: "Residents' proposals",
    postulates_lead: "Needs raised at the meetings and accepted by the moderators.",
    postulates_empty: "No proposals match these conditions.",
    search: "Search the text",
    district: "District",
    all: "All",
    meeting: "Meeting",
    theme: "Theme",
    department: "Department or unit",
    apply: "Show",
    found: "Proposals:",
    pages: "Result pages",
    previous: "Previous page",
    next: "Next page",
    me_too_count: "\"Me too\":",
    to_meeting: "The meeting where it was raised",
    follow_title: "Your proposal",
    follow_submitted: "Waiting for a moderator.",
    follow_approved: "Accepted onto the meeting's list of proposals.",
    follow_answered: "The city has answered:",
    follow_rejected: "Rejected by a moderator:",
    follow_merged: "Merged with the same proposal — it counts together with it.",
    code: "Proposal code",
    status_label: "What is happening to it",
    wording: "Text",
    merged_into: "Merged with",
    raised_on: "Raised",
    follow_later: "After the meetings the city publishes the department's position on every accepted proposal — you will see it on this page.",
    follow_keep: "Keep this address to follow the proposal:",
    lookup_label: "Look up by code",
    lookup_button: "Look up",
    back_to_live: "Back to the live meeting",
    live_title: "Live proposals",
    live_open: "We are collecting proposals — write what your neighbourhood needs.",
    live_closed: "Proposals are closed now. The accepted ones are below.",
    your_postulate: "Your proposal",
    body_hint: "10 to 1,000 characters. Do not include personal data.",
    theme_optional: "Theme (optional)",
    send: "Send the proposal",
    queued: "No connection — the proposal is saved on your phone and will be sent when the connection is back.",
    sent: "Thank you! Your proposal is waiting for a moderator. Code:",
    follow_link: "Follow your proposal",
    approved_here: "Accepted proposals",
    live_empty: "The moderators have not accepted any proposal yet.",
    me_too: "Me too",
    supporting: "✓ You support this ·",
    mine_title: "Your proposals",
    discussed: "Being discussed",
    meeting_details: "Meeting details",
    all_of_meeting: "All proposals of this meeting",
    statuses: ["waiting for moderation", "accepted", "rejected", "merged"],
    reasons: [
        "offensive",
        "contains personal data",
        "out of scope",
        "duplicate",
        "spam",
    ],
};

#[cfg(test)]
mod tests {
    #[test]
    fn every_text_is_in_both_languages() {
        crate::i18n::assert_complete("postulates", &super::PL, &super::EN);
    }
}
