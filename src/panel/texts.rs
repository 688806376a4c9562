//! The panel feature's texts, Polish and English (see [`crate::i18n`]).

use crate::i18n::{use_lang, Lang};

/// The current language's panel texts.
pub fn use_texts() -> &'static PanelTexts {
    texts(use_lang())
}

pub fn texts(lang: Lang) -> &'static PanelTexts {
    crate::i18n::pick(lang, &PL, &EN)
}

#[cfg_attr(test, derive(serde::Serialize))]
pub struct PanelTexts {
    pub staff_title: &'static str,
    pub staff_lead: &'static str,
    pub login_email: &'static str,
    pub login_password: &'static str,
    pub login_submit: &'static str,
    pub logout: &'static str,
    pub signed_in_as: &'static str,
    pub role_admin: &'static str,
    pub role_moderator: &'static str,
    pub role_official: &'static str,
    pub area_moderation: &'static str,
    pub area_moderation_lead: &'static str,
    pub area_official: &'static str,
    pub area_official_lead: &'static str,
    pub area_admin: &'static str,
    pub staff_accounts: &'static str,
    pub staff_name: &'static str,
    pub staff_role: &'static str,
    pub staff_department: &'static str,
    pub staff_create: &'static str,
    pub staff_created: &'static str,
    pub staff_status_changed: &'static str,
    pub department_created: &'static str,
    /// After a city unit's name in the list (not a department).
    pub department_unit_note: &'static str,
    pub staff_district: &'static str,
    pub staff_account: &'static str,
    pub staff_roles_manage: &'static str,
    pub role_add: &'static str,
    pub role_remove: &'static str,
    pub role_changed: &'static str,
    pub staff_active: &'static str,
    pub staff_inactive: &'static str,
    pub staff_status: &'static str,
    pub staff_disable: &'static str,
    pub staff_enable: &'static str,
    pub departments_title: &'static str,
    pub department_code: &'static str,
    pub department_name_pl: &'static str,
    pub department_name_en: &'static str,
    pub department_kind_unit: &'static str,
    pub department_create: &'static str,
    pub audit_title: &'static str,
    pub audit_when: &'static str,
    pub audit_who: &'static str,
    pub audit_what: &'static str,
    /// (action code, what it reads as) of the audit log.
    pub audit_actions: &'static [(&'static str, &'static str)],
    /// (entity code, its name) of the audit log.
    pub audit_entities: &'static [(&'static str, &'static str)],
    /// "nr" before an entity's id.
    pub audit_number: &'static str,
    pub password_change: &'static str,
    pub password_current: &'static str,
    pub password_new: &'static str,
    pub password_changed: &'static str,
    pub postulates_submitted: &'static str,
    pub postulates_approved: &'static str,
    pub none_yet: &'static str,
}

pub static PL: PanelTexts = PanelTexts {
    staff_title: "Panel pracowników",
    staff_lead: "Obszar dla moderatorów, urzędników i administratorów.",
    login_email: "Adres e-mail",
    login_password: "Hasło",
    login_submit: "Zaloguj się",
    logout: "Wyloguj się",
    signed_in_as: "Zalogowano jako",
    role_admin: "administrator",
    role_moderator: "moderator",
    role_official: "urzędnik",
    area_moderation: "Moderacja postulatów",
    area_moderation_lead: "Spotkania tej edycji i postulaty czekające na przegląd.",
    area_official: "Postulaty mojego wydziału",
    area_official_lead: "Postulaty przypisane do Twojej jednostki, które czekają na stanowisko.",
    area_admin: "Administracja",
    staff_accounts: "Konta pracowników",
    staff_name: "Imię i nazwisko",
    staff_role: "Rola",
    staff_department: "Wydział lub jednostka (dla urzędników)",
    staff_create: "Załóż konto",
    staff_created: "Konto zostało założone.",
    staff_status_changed: "Zmieniono stan konta.",
    department_created: "Dodano wydział lub jednostkę.",
    department_unit_note: " (jednostka miejska)",
    staff_district: "Dzielnica (moderatorzy; puste = wszystkie)",
    staff_account: "Konto",
    staff_roles_manage: "Role kont",
    role_add: "Dodaj rolę",
    role_remove: "Odbierz",
    role_changed: "Role konta zostały zmienione.",
    staff_active: "aktywne",
    staff_inactive: "wyłączone",
    staff_status: "Stan konta",
    staff_disable: "Wyłącz",
    staff_enable: "Włącz",
    departments_title: "Wydziały i jednostki",
    department_code: "Skrót",
    department_name_pl: "Nazwa po polsku",
    department_name_en: "Nazwa po angielsku",
    department_kind_unit: "Jednostka miejska (nie wydział urzędu)",
    department_create: "Dodaj",
    audit_title: "Dziennik zdarzeń",
    audit_when: "Kiedy",
    audit_who: "Kto",
    audit_what: "Co",
    audit_actions: &[
        ("login", "Logowanie"),
        ("logout", "Wylogowanie"),
        ("login_failed", "Nieudane logowanie"),
        (
            "login_throttled",
            "Logowanie wstrzymane po wielu nieudanych próbach",
        ),
        (
            "admin_created_from_cli",
            "Utworzono konto administratora z wiersza poleceń",
        ),
        ("staff_created", "Utworzono konto"),
        ("staff_enabled", "Włączono konto"),
        ("staff_disabled", "Wyłączono konto"),
        ("role_added", "Nadano rolę"),
        ("role_removed", "Odebrano rolę"),
        ("password_changed", "Zmieniono hasło"),
        ("department_created", "Dodano wydział lub jednostkę"),
        ("meeting_created", "Dodano spotkanie"),
        ("meeting_edited", "Zmieniono dane spotkania"),
        ("meeting_moved", "Przeniesiono spotkanie"),
        ("meeting_cancelled", "Odwołano spotkanie"),
        ("meeting_held", "Oznaczono spotkanie jako odbyte"),
        ("meeting_live", "Zmieniono stan spotkania na żywo"),
        ("postulate_approved", "Przyjęto postulat"),
        ("postulate_rejected", "Odrzucono postulat"),
        ("postulate_restored", "Cofnięto odrzucenie postulatu"),
        (
            "postulate_withdrawn",
            "Wycofano postulat z widoku publicznego",
        ),
        ("postulate_edited", "Zmieniono treść postulatu"),
        ("postulate_merged", "Połączono postulat z innym"),
        ("postulate_theme", "Zmieniono temat postulatu"),
        ("postulate_department", "Przypisano postulatowi wydział"),
        (
            "postulate_reassigned",
            "Przekazano postulat innemu wydziałowi",
        ),
        (
            "postulate_added_for_speaker",
            "Dodano postulat za osobę mówiącą",
        ),
        ("answer_draft", "Zapisano szkic stanowiska"),
        ("answer_submitted", "Wysłano stanowisko"),
        (
            "answer_entered",
            "Wprowadzono odpowiedź z punktu stacjonarnego lub z papieru",
        ),
        ("answers_published", "Opublikowano stanowiska"),
        ("results_visibility_changed", "Zmieniono widoczność wyników"),
        ("round_created", "Utworzono rundę"),
        ("round_imported", "Wczytano rundę z pliku"),
        ("round_updated", "Zmieniono ustawienia rundy"),
        ("round_activated", "Uruchomiono rundę"),
        ("round_archived", "Przeniesiono rundę do archiwum"),
        ("content_added", "Dodano do ankiety"),
        ("content_reworded", "Zmieniono brzmienie w ankiecie"),
        ("content_removed", "Usunięto z ankiety"),
        ("content_moved", "Zmieniono kolejność w ankiecie"),
        ("need_approved", "Zatwierdzono wpis „inne potrzeby”"),
        ("need_hidden", "Ukryto wpis „inne potrzeby”"),
    ],
    audit_entities: &[
        ("staff_user", "konto"),
        ("postulate", "postulat"),
        ("meeting", "spotkanie"),
        ("department", "wydział"),
        ("response", "odpowiedź"),
        ("round", "runda"),
        ("theme", "temat"),
        ("action", "działanie"),
        ("question", "pytanie"),
        ("option", "odpowiedź metryczki"),
    ],
    audit_number: "nr",
    password_change: "Zmiana hasła",
    password_current: "Obecne hasło",
    password_new: "Nowe hasło (co najmniej 12 znaków)",
    password_changed: "Hasło zostało zmienione.",
    postulates_submitted: "do przeglądu",
    postulates_approved: "przyjęte",
    none_yet: "Na razie nic tu nie ma.",
};

pub static EN: PanelTexts = PanelTexts {
    staff_title: "Staff area",
    staff_lead: "For moderators, officials and administrators.",
    login_email: "E-mail address",
    login_password: "Password",
    login_submit: "Sign in",
    logout: "Sign out",
    signed_in_as: "Signed in as",
    role_admin: "administrator",
    role_moderator: "moderator",
    role_official: "official",
    area_moderation: "Proposal moderation",
    area_moderation_lead: "This round's meetings and the proposals waiting for review.",
    area_official: "My department's proposals",
    area_official_lead: "Proposals assigned to your unit that are waiting for a position.",
    area_admin: "Administration",
    staff_accounts: "Staff accounts",
    staff_name: "Full name",
    staff_role: "Role",
    staff_department: "Department or unit (officials)",
    staff_create: "Create account",
    staff_created: "The account has been created.",
    staff_status_changed: "The account's status has been changed.",
    department_created: "The department or unit has been added.",
    department_unit_note: " (city unit)",
    staff_district: "District (moderators; empty = all)",
    staff_account: "Account",
    staff_roles_manage: "Account roles",
    role_add: "Add role",
    role_remove: "Remove",
    role_changed: "The account's roles have been changed.",
    staff_active: "active",
    staff_inactive: "disabled",
    staff_status: "Account",
    staff_disable: "Disable",
    staff_enable: "Enable",
    departments_title: "Departments and units",
    department_code: "Code",
    department_name_pl: "Polish name",
    department_name_en: "English name",
    department_kind_unit: "Municipal unit (not a City Hall department)",
    department_create: "Add",
    audit_title: "Audit log",
    audit_when: "When",
    audit_who: "Who",
    audit_what: "What",
    audit_actions: &[
        ("login", "Signed in"),
        ("logout", "Signed out"),
        ("login_failed", "Failed sign-in"),
        ("login_throttled", "Sign-ins held back after many failures"),
        (
            "admin_created_from_cli",
            "Administrator account created from the command line",
        ),
        ("staff_created", "Account created"),
        ("staff_enabled", "Account enabled"),
        ("staff_disabled", "Account disabled"),
        ("role_added", "Role granted"),
        ("role_removed", "Role removed"),
        ("password_changed", "Password changed"),
        ("department_created", "Department or unit added"),
        ("meeting_created", "Meeting added"),
        ("meeting_edited", "Meeting details changed"),
        ("meeting_moved", "Meeting moved"),
        ("meeting_cancelled", "Meeting cancelled"),
        ("meeting_held", "Meeting marked as held"),
        ("meeting_live", "Live state of the meeting changed"),
        ("postulate_approved", "Proposal approved"),
        ("postulate_rejected", "Proposal rejected"),
        ("postulate_restored", "Proposal's rejection undone"),
        ("postulate_withdrawn", "Proposal withdrawn from public view"),
        ("postulate_edited", "Proposal reworded"),
        ("postulate_merged", "Proposal merged into another"),
        ("postulate_theme", "Proposal's theme changed"),
        ("postulate_department", "Department assigned to a proposal"),
        (
            "postulate_reassigned",
            "Proposal given to another department",
        ),
        (
            "postulate_added_for_speaker",
            "Proposal added for a speaker",
        ),
        ("answer_draft", "Draft position saved"),
        ("answer_submitted", "Position submitted"),
        (
            "answer_entered",
            "Answer entered from a stationary point or paper",
        ),
        ("answers_published", "Positions published"),
        ("results_visibility_changed", "Results visibility changed"),
        ("round_created", "Round created"),
        ("round_imported", "Round loaded from a file"),
        ("round_updated", "Round settings changed"),
        ("round_activated", "Round activated"),
        ("round_archived", "Round archived"),
        ("content_added", "Added to the survey"),
        ("content_reworded", "Survey wording changed"),
        ("content_removed", "Removed from the survey"),
        ("content_moved", "Survey order changed"),
        ("need_approved", "\"Other needs\" entry approved"),
        ("need_hidden", "\"Other needs\" entry hidden"),
    ],
    audit_entities: &[
        ("staff_user", "account"),
        ("postulate", "postulate"),
        ("meeting", "meeting"),
        ("department", "department"),
        ("response", "answer"),
        ("round", "round"),
        ("theme", "theme"),
        ("action", "action"),
        ("question", "question"),
        ("option", "profile option"),
    ],
    audit_number: "no.",
    password_change: "Change password",
    password_current: "Current password",
    password_new: "New password (at least 12 characters)",
    password_changed: "The password has been changed.",
    postulates_submitted: "to review",
    postulates_approved: "approved",
    none_yet: "Nothing here yet.",
};

impl PanelTexts {
    /// One audit entry as a sentence: "Nieudane logowanie: ux@krakow.pl",
    /// "Przyjęto postulat: postulat nr 7". Unknown codes read as they are.
    pub fn audit_line(&self, entry: &crate::domain::AuditEntry) -> String {
        let find = |table: &[(&str, &'static str)], code: &str| {
            table
                .iter()
                .find(|(c, _)| *c == code)
                .map_or_else(|| code.to_owned(), |(_, text)| (*text).to_owned())
        };
        let mut line = find(self.audit_actions, &entry.action);
        let mut parts = Vec::new();
        if let Some(id) = &entry.entity_id {
            parts.push(format!(
                "{} {} {id}",
                find(self.audit_entities, &entry.entity),
                self.audit_number
            ));
        }
        if let Some(details) = entry.details.as_deref().filter(|d| !d.is_empty()) {
            parts.push(details.to_owned());
        }
        if !parts.is_empty() {
            line.push_str(": ");
            line.push_str(&parts.join(" — "));
        }
        line
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn audit_entries_read_as_sentences() {
        use crate::domain::AuditEntry;
        let entry = |action: &str, entity_id: Option<&str>, details: Option<&str>| AuditEntry {
            at: crate::server::time::instant(0),
            actor: None,
            action: action.into(),
            entity: "staff_user".into(),
            entity_id: entity_id.map(str::to_owned),
            details: details.map(str::to_owned),
        };
        assert_eq!(
            super::PL.audit_line(&entry("login_failed", None, Some("ux@krakow.pl"))),
            "Nieudane logowanie: ux@krakow.pl"
        );
        assert_eq!(
            super::PL.audit_line(&entry("admin_created_from_cli", Some("1"), None)),
            "Utworzono konto administratora z wiersza poleceń: konto nr 1"
        );
        assert_eq!(
            super::EN.audit_line(&entry("staff_disabled", Some("4"), None)),
            "Account disabled: account no. 4"
        );
        assert_eq!(
            super::PL.audit_line(&entry("something_new", None, None)),
            "something_new"
        );
        // Both languages name the same actions.
        let codes =
            |t: &super::PanelTexts| t.audit_actions.iter().map(|(c, _)| *c).collect::<Vec<_>>();
        assert_eq!(codes(&super::PL), codes(&super::EN));
    }

    #[test]
    fn every_text_is_in_both_languages() {
        crate::i18n::assert_complete("panel", &super::PL, &super::EN);
    }
}
