//! The answers feature's texts, Polish and English (see [`crate::i18n`]).

use super::model::AnswerStatus;
use crate::i18n::{use_lang, Lang};

/// The current language's answers texts.
pub fn use_texts() -> &'static AnswerTexts {
    texts(use_lang())
}

pub fn texts(lang: Lang) -> &'static AnswerTexts {
    crate::i18n::pick(lang, &PL, &EN)
}

#[cfg_attr(test, derive(serde::Serialize))]
pub struct AnswerTexts {
    /// In [`AnswerStatus::ALL`]'s order.
    pub statuses: [&'static str; 5],
    pub work_title: &'static str,
    pub work_lead: &'static str,
    pub work_empty: &'static str,
    pub due: &'static str,
    pub due_filter: &'static str,
    pub due_week: &'static str,
    pub state: &'static str,
    pub overdue: &'static str,
    pub draft_saved: &'static str,
    pub submitted: &'static str,
    pub not_answered: &'static str,
    pub public_now: &'static str,
    pub not_public_yet: &'static str,
    pub status: &'static str,
    /// The position's empty choice: nothing is preselected.
    pub choose_status: &'static str,
    pub justification: &'static str,
    pub planned_term: &'static str,
    pub cost_range: &'static str,
    /// The same, as the public reads them (no form hints).
    pub public_planned_term: &'static str,
    pub public_cost_range: &'static str,
    pub save_draft: &'static str,
    pub submit: &'static str,
    pub saved: &'static str,
    pub manage_title: &'static str,
    pub publish: &'static str,
    pub publish_scope: &'static str,
    pub publish_all: &'static str,
    pub reassign: &'static str,
    pub reassign_postulate: &'static str,
    pub reassign_reason: &'static str,
    pub department: &'static str,
    pub tracker_title: &'static str,
    pub tracker_lead: &'static str,
    pub answered: &'static str,
    pub pending: &'static str,
    pub by_status: &'static str,
    pub by_status_desc: &'static str,
    pub answers_axis: &'static str,
    pub position: &'static str,
    pub history: &'static str,
    pub history_submitted: &'static str,
    pub history_updated: &'static str,
    pub history_reassigned: &'static str,
    /// A published position superseded by a reassignment.
    pub reconsidered: &'static str,
    /// Shown on the page a merged duplicate's address leads to.
    pub merged_here: &'static str,
    pub no_answer_yet: &'static str,
    pub details: &'static str,
    pub answer_status: &'static str,
    pub postulate_title: &'static str,
    pub feed: &'static str,
    /// The Atom feed's title, author, and the word before a district.
    pub feed_title: &'static str,
    pub feed_author: &'static str,
    pub feed_district: &'static str,
    pub open_data: &'static str,
    pub print_list: &'static str,
    pub print_title: &'static str,
}

impl AnswerTexts {
    pub fn status(&self, status: AnswerStatus) -> &'static str {
        self.statuses[status as usize]
    }

    pub fn history_action(&self, action: &str) -> &'static str {
        match action {
            "submitted" => self.history_submitted,
            "updated" => self.history_updated,
            _ => self.history_reassigned,
        }
    }
}

pub static PL: AnswerTexts = AnswerTexts {
    statuses: [
        "przyjęty do realizacji",
        "w realizacji",
        "do analizy",
        "nieprzyjęty",
        "poza kompetencjami miasta",
    ],
    work_title: "Stanowiska wydziału",
    work_lead: "Postulaty przypisane do Twojego wydziału lub jednostki. Najpierw te po terminie.",
    work_empty: "Nie ma postulatów przypisanych do Twojego wydziału.",
    due: "Termin odpowiedzi:",
    due_filter: "Termin",
    due_week: "w ciągu 7 dni",
    state: "Odpowiedź",
    overdue: "po terminie",
    draft_saved: "szkic",
    submitted: "wysłane",
    not_answered: "bez odpowiedzi",
    public_now: "opublikowane",
    not_public_yet: "jeszcze nie publiczne",
    status: "Stanowisko",
    choose_status: "— wybierz —",
    justification: "Uzasadnienie",
    planned_term: "Planowany termin (nieobowiązkowo)",
    cost_range: "Szacunkowy koszt (nieobowiązkowo)",
    public_planned_term: "Planowany termin",
    public_cost_range: "Szacunkowy koszt",
    save_draft: "Zapisz szkic",
    submit: "Wyślij stanowisko",
    saved: "Zapisano.",
    manage_title: "Odpowiedzi wydziałów: publikacja",
    publish: "Opublikuj odpowiedzi",
    publish_scope: "Zakres",
    publish_all: "Wszystkie dzielnice",
    reassign: "Przekaż innemu wydziałowi",
    reassign_postulate: "Numer postulatu",
    reassign_reason: "Powód przekazania",
    department: "Wydział lub jednostka",
    tracker_title: "Kto już odpowiedział",
    tracker_lead: "Ile postulatów każdy wydział i każda jednostka już rozpatrzyły, ile czeka i ile jest po terminie.",
    answered: "z odpowiedzią",
    pending: "czeka",
    by_status: "Opublikowane stanowiska według rodzaju",
    by_status_desc: "Liczba postulatów z opublikowanym stanowiskiem, według stanowiska.",
    answers_axis: "Liczba postulatów",
    position: "Stanowisko miasta",
    history: "Historia stanowiska",
    history_submitted: "stanowisko",
    history_updated: "zmiana stanowiska",
    history_reassigned: "przekazany do",
    reconsidered: "Stanowisko jest rozpatrywane ponownie: postulat przekazano innemu wydziałowi. Wcześniejsze stanowisko pozostaje w historii poniżej.",
    merged_here: "Postulat, którego szukasz, połączono z tym samym postulatem — liczy się razem z nim:",
    no_answer_yet: "Stanowisko wydziału nie zostało jeszcze opublikowane.",
    details: "Szczegóły i historia",
    answer_status: "Stanowisko",
    postulate_title: "Postulat",
    feed: "Subskrybuj odpowiedzi (Atom)",
    feed_title: "Porozmawiajmy o Krakowie — stanowiska miasta w sprawie postulatów",
    feed_author: "Urząd Miasta Krakowa",
    feed_district: "dzielnica",
    open_data: "Pobierz listę z odpowiedziami",
    print_list: "Spis postulatów do druku",
    print_title: "Spis postulatów z odpowiedziami",
};

pub static EN: AnswerTexts = AnswerTexts {
    statuses: [
        "accepted for implementation",
        "being implemented",
        "under analysis",
        "not accepted",
        "outside the city's powers",
    ],
    work_title: "Department positions",
    work_lead: "Postulates assigned to your department or unit. Overdue ones first.",
    work_empty: "No postulates are assigned to your department.",
    due: "Answer due:",
    due_filter: "Due",
    due_week: "within 7 days",
    state: "Answer",
    overdue: "overdue",
    draft_saved: "draft",
    submitted: "submitted",
    not_answered: "not answered",
    public_now: "published",
    not_public_yet: "not public yet",
    status: "Position",
    choose_status: "— choose —",
    justification: "Justification",
    planned_term: "Planned term (optional)",
    cost_range: "Estimated cost (optional)",
    public_planned_term: "Planned term",
    public_cost_range: "Estimated cost",
    save_draft: "Save draft",
    submit: "Submit the position",
    saved: "Saved.",
    manage_title: "Departments' answers: publication",
    publish: "Publish the answers",
    publish_scope: "Scope",
    publish_all: "All districts",
    reassign: "Give to another department",
    reassign_postulate: "Postulate number",
    reassign_reason: "Reason",
    department: "Department or unit",
    tracker_title: "Who has answered",
    tracker_lead: "How many postulates each department and unit has answered, how many wait and how many are overdue.",
    answered: "answered",
    pending: "waiting",
    by_status: "Published positions by kind",
    by_status_desc: "Postulates with a published position, by position.",
    answers_axis: "Postulates",
    position: "The city's position",
    history: "History of the position",
    history_submitted: "position",
    history_updated: "position changed",
    history_reassigned: "given to",
    reconsidered: "The position is being reconsidered: the postulate was given to another department. The earlier position stays in the history below.",
    merged_here: "The postulate you are looking for was merged with the same postulate — it counts together with it:",
    no_answer_yet: "The department's position has not been published yet.",
    details: "Details and history",
    answer_status: "Position",
    postulate_title: "Postulate",
    feed: "Subscribe to the answers (Atom)",
    feed_title: "Let's talk about Kraków — the city's positions on postulates",
    feed_author: "Kraków City Hall",
    feed_district: "district",
    open_data: "Download the list with answers",
    print_list: "Printable list of postulates",
    print_title: "List of postulates with answers",
};

#[cfg(test)]
mod tests {
    #[test]
    fn every_text_is_in_both_languages() {
        crate::i18n::assert_complete("answers", &super::PL, &super::EN);
    }
}
