//! The moderation feature's texts, Polish and English (see [`crate::i18n`]).

use crate::i18n::{use_lang, Lang};

/// The current language's moderation texts.
pub fn use_texts() -> &'static ModerationTexts {
    texts(use_lang())
}

pub fn texts(lang: Lang) -> &'static ModerationTexts {
    crate::i18n::pick(lang, &PL, &EN)
}

#[cfg_attr(test, derive(serde::Serialize))]
pub struct ModerationTexts {
    pub console_title: &'static str,
    pub open_now: &'static str,
    pub closed_now: &'static str,
    pub waiting: &'static str,
    pub open: &'static str,
    pub close: &'static str,
    pub undiscuss: &'static str,
    /// On a rejected postulate: undo the rejection.
    pub restore: &'static str,
    pub projector: &'static str,
    pub show_postulates: &'static str,
    pub open_projector: &'static str,
    pub open_live: &'static str,
    pub add_for_speaker: &'static str,
    pub add: &'static str,
    pub shortcuts: &'static str,
    pub shortcut_list: &'static [(&'static str, &'static str)],
    pub for_speaker: &'static str,
    pub approve: &'static str,
    pub reason: &'static str,
    pub reject: &'static str,
    pub withdraw: &'static str,
    pub reassign_reason: &'static str,
    pub merge_into: &'static str,
    pub merge: &'static str,
    pub save_wording: &'static str,
    pub set: &'static str,
    pub discuss: &'static str,
    pub history: &'static str,
    pub join: &'static str,
    pub survey_top: &'static str,
    pub picks: crate::i18n::Plural,
    pub moderate_link: &'static str,
    /// (history action, how it reads)
    pub actions: &'static [(&'static str, &'static str)],
}

impl ModerationTexts {
    /// A history entry's action as it reads.
    pub fn action(&self, action: &str) -> String {
        self.actions
            .iter()
            .find(|(code, _)| *code == action)
            .map_or_else(|| action.to_owned(), |(_, text)| (*text).to_owned())
    }
}

pub static PL: ModerationTexts = ModerationTexts {
    console_title: "Moderacja na żywo",
    open_now: "Zgłaszanie postulatów jest otwarte.",
    closed_now: "Zgłaszanie postulatów jest zamknięte.",
    waiting: "Czeka na decyzję:",
    open: "Otwórz zgłaszanie",
    close: "Zamknij zgłaszanie",
    undiscuss: "Zakończ omawianie",
    restore: "Cofnij odrzucenie",
    projector: "Rzutnik",
    show_postulates: "Pokaż postulaty",
    open_projector: "Otwórz widok rzutnika",
    open_live: "Otwórz stronę dla mieszkańców",
    add_for_speaker: "Dodaj postulat za osobę mówiącą",
    add: "Dodaj do kolejki",
    shortcuts: "Skróty klawiszowe",
    shortcut_list: &[
        ("j / k", "następny / poprzedni postulat"),
        ("a", "przyjmij"),
        ("x", "odrzuć (najpierw wybierz powód)"),
        ("u", "cofnij odrzucenie"),
        ("m", "połącz — wpisz numer postulatu"),
        ("e", "edytuj treść"),
        ("d", "omawiany teraz"),
    ],
    for_speaker: "dodany za osobę mówiącą",
    approve: "Przyjmij",
    reason: "Powód odrzucenia",
    reject: "Odrzuć",
    withdraw: "Wycofaj z widoku publicznego",
    reassign_reason: "Powód zmiany wydziału",
    merge_into: "Połącz z postulatem nr",
    merge: "Połącz",
    save_wording: "Zapisz treść",
    set: "Ustaw",
    discuss: "Omawiany teraz",
    history: "Historia",
    join: "Zgłoś postulat z telefonu:",
    survey_top: "Co mieszkańcy dzielnicy wskazali w ankiecie",
    picks: crate::i18n::Plural {
        one: "wskazanie",
        few: "wskazania",
        many: "wskazań",
    },
    moderate_link: "Moderuj na żywo",
    actions: &[
        ("submitted", "zgłoszony"),
        ("added_for_speaker", "dodany za osobę mówiącą"),
        ("approved", "przyjęty"),
        ("rejected", "odrzucony"),
        ("withdrawn", "wycofany z widoku publicznego"),
        ("restored", "przywrócony do kolejki"),
        ("edited", "zmieniona treść"),
        ("merged", "połączony"),
        ("merged_from", "dołączono duplikat"),
        ("theme", "temat"),
        ("department", "wydział"),
    ],
};

pub static EN: ModerationTexts = ModerationTexts {
    console_title: "Live moderation",
    open_now: "Proposals are open.",
    closed_now: "Proposals are closed.",
    waiting: "Waiting for a decision:",
    open: "Open proposals",
    close: "Close proposals",
    undiscuss: "End the discussion",
    restore: "Undo the rejection",
    projector: "Projector",
    show_postulates: "Show the proposals",
    open_projector: "Open the projector view",
    open_live: "Open the residents' page",
    add_for_speaker: "Add a proposal for a speaker",
    add: "Add to the queue",
    shortcuts: "Keyboard shortcuts",
    shortcut_list: &[
        ("j / k", "next / previous proposal"),
        ("a", "approve"),
        ("x", "reject (choose the reason first)"),
        ("u", "undo a rejection"),
        ("m", "merge — type the proposal's number"),
        ("e", "edit the wording"),
        ("d", "being discussed now"),
    ],
    for_speaker: "added for a speaker",
    approve: "Approve",
    reason: "Reason for rejecting",
    reject: "Reject",
    withdraw: "Withdraw from public view",
    reassign_reason: "Why the department changes",
    merge_into: "Merge into proposal no.",
    merge: "Merge",
    save_wording: "Save the wording",
    set: "Set",
    discuss: "Discuss now",
    history: "History",
    join: "Raise a proposal from your phone:",
    survey_top: "What the district's residents chose in the survey",
    picks: crate::i18n::Plural {
        one: "pick",
        few: "picks",
        many: "picks",
    },
    moderate_link: "Moderate live",
    actions: &[
        ("submitted", "submitted"),
        ("added_for_speaker", "added for a speaker"),
        ("approved", "approved"),
        ("rejected", "rejected"),
        ("withdrawn", "withdrawn from public view"),
        ("restored", "restored to the queue"),
        ("edited", "wording changed"),
        ("merged", "merged"),
        ("merged_from", "a duplicate merged in"),
        ("theme", "theme"),
        ("department", "department"),
    ],
};

#[cfg(test)]
mod tests {
    #[test]
    fn every_text_is_in_both_languages() {
        crate::i18n::assert_complete("moderation", &super::PL, &super::EN);
    }
}
