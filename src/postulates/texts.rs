//! The postulates feature's texts, Polish and English (see [`crate::i18n`]).

use crate::i18n::{use_lang, Lang};

/// The current language's postulates texts.
pub fn use_texts() -> &'static PostulateTexts {
    texts(use_lang())
}

pub fn texts(lang: Lang) -> &'static PostulateTexts {
    crate::i18n::pick(lang, &PL, &EN)
}

pub struct PostulateTexts {
    pub postulates_title: &'static str,
    pub postulates_lead: &'static str,
    pub postulates_empty: &'static str,
}

pub static PL: PostulateTexts = PostulateTexts {
    postulates_title: "Postulaty mieszkańców",
    postulates_lead: "Potrzeby zgłoszone na spotkaniach i przyjęte przez moderatorów.",
    postulates_empty:
        "Nie ma jeszcze przyjętych postulatów. Pojawią się tu po pierwszym spotkaniu.",
};

pub static EN: PostulateTexts = PostulateTexts {
    postulates_title: "Residents' postulates",
    postulates_lead: "Needs raised at the meetings and accepted by the moderators.",
    postulates_empty: "No accepted postulates yet. They will appear here after the first meeting.",
};
