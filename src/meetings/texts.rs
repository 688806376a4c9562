//! The meetings feature's texts, Polish and English (see [`crate::i18n`]).

use crate::i18n::{use_lang, Lang};

/// The current language's meetings texts.
pub fn use_texts() -> &'static MeetingTexts {
    texts(use_lang())
}

pub fn texts(lang: Lang) -> &'static MeetingTexts {
    crate::i18n::pick(lang, &PL, &EN)
}

pub struct MeetingTexts {
    pub meetings_title: &'static str,
    pub meetings_lead: &'static str,
    pub meeting_details: &'static str,
    pub meeting_room: &'static str,
    pub meeting_who: &'static str,
    pub all_meetings: &'static str,
    pub meeting_past: &'static str,
}

pub static PL: MeetingTexts = MeetingTexts {
    meetings_title: "Spotkania w dzielnicach",
    meetings_lead: "Otwarte spotkania z przedstawicielami miasta. Wstęp wolny, bez zapisów.",
    meeting_details: "Szczegóły spotkania",
    meeting_room: "Sala",
    meeting_who: "Kto będzie z urzędu",
    all_meetings: "Wszystkie spotkania",
    meeting_past: "Spotkanie się odbyło",
};

pub static EN: MeetingTexts = MeetingTexts {
    meetings_title: "District meetings",
    meetings_lead: "Open meetings with city representatives. Free entry, no registration.",
    meeting_details: "Meeting details",
    meeting_room: "Room",
    meeting_who: "Who attends from the city",
    all_meetings: "All meetings",
    meeting_past: "This meeting has taken place",
};
