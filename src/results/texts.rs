//! The results feature's texts, Polish and English (see [`crate::i18n`]).

use crate::i18n::{use_lang, Lang};

/// The current language's results texts.
pub fn use_texts() -> &'static ResultTexts {
    texts(use_lang())
}

pub fn texts(lang: Lang) -> &'static ResultTexts {
    crate::i18n::pick(lang, &PL, &EN)
}

pub struct ResultTexts {
    pub results_title: &'static str,
    pub results_lead: &'static str,
    pub results_participation: &'static str,
    pub results_per_thousand: &'static str,
    pub source_online: &'static str,
    pub results_by_source: &'static str,
}

pub static PL: ResultTexts = ResultTexts {
    results_title: "Wyniki ankiety",
    results_lead:
        "Liczba odpowiedzi w każdej dzielnicy. Szczegółowe wykresy omawiamy na spotkaniach.",
    results_participation: "Udział w ankiecie",
    results_per_thousand: "na 1000 mieszkańców",
    source_online: "przez internet",
    results_by_source: "Według źródła",
};

pub static EN: ResultTexts = ResultTexts {
    results_title: "Survey results",
    results_lead:
        "Number of answers in each district. Detailed charts are discussed at the meetings.",
    results_participation: "Participation",
    results_per_thousand: "per 1,000 residents",
    source_online: "online",
    results_by_source: "By source",
};
