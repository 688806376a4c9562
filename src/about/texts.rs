//! The public body's pages' texts, Polish and English (see [`crate::i18n`]):
//! the accessibility statement, the easy-to-read page, the privacy notice.

use crate::i18n::{use_lang, Lang};

/// The current language's texts of these pages.
pub fn use_texts() -> &'static AboutTexts {
    texts(use_lang())
}

pub fn texts(lang: Lang) -> &'static AboutTexts {
    crate::i18n::pick(lang, &PL, &EN)
}

/// A heading and its paragraphs (or list items).
pub type Section = (&'static str, &'static [&'static str]);
/// An easy-to-read section: heading, sentences, and the page it talks about
/// (link text, address) of the pages it talks about.
pub type EasySection = (
    &'static str,
    &'static [&'static str],
    &'static [(&'static str, &'static str)],
);

#[cfg_attr(test, derive(serde::Serialize))]
pub struct AboutTexts {
    pub footer_label: &'static str,
    pub statement_link: &'static str,
    pub easy_link: &'static str,
    pub privacy_link: &'static str,
    pub easy_home: &'static str,

    pub statement_title: &'static str,
    /// Followed by the body's name.
    pub statement_intro: &'static str,
    pub statement_scope: &'static str,
    pub published: &'static str,
    pub updated: &'static str,
    pub status_title: &'static str,
    pub status_text: &'static str,
    pub not_accessible_title: &'static str,
    /// What is not yet accessible, and why.
    pub not_accessible: &'static [&'static str],
    pub prepared_title: &'static str,
    pub prepared_text: &'static str,
    pub contact_title: &'static str,
    /// Followed by the contact address.
    pub contact_text: &'static str,
    pub procedure: &'static [Section],
    pub venues_title: &'static str,
    pub venues_lead: &'static str,
    pub venue_no_info: &'static str,
    pub office: Section,
    pub apps: Section,

    pub easy_title: &'static str,
    pub easy_sections: &'static [EasySection],
    /// Before the contact address, on the easy-to-read page.
    pub easy_write_to_us: &'static str,

    pub privacy_title: &'static str,
    pub privacy_intro: &'static str,
    pub controller_title: &'static str,
    pub dpo: &'static str,
    pub contact: &'static str,
    pub privacy_sections: &'static [Section],
    pub cookies_title: &'static str,
    pub cookies_lead: &'static str,
    pub cookie_name: &'static str,
    pub cookie_purpose: &'static str,
    pub cookie_lifetime: &'static str,
    /// (name, purpose, lifetime)
    pub cookies: &'static [(&'static str, &'static str, &'static str)],
    pub storage_title: &'static str,
    pub storage: &'static [&'static str],
}

static PL: AboutTexts = AboutTexts {
    footer_label: "Informacje",
    statement_link: "Deklaracja dostępności",
    easy_link: "Tekst łatwy do czytania",
    privacy_link: "Prywatność i ciasteczka",
    easy_home: "Przeczytaj o konsultacjach w prostych słowach",

    statement_title: "Deklaracja dostępności",
    statement_intro: "zobowiązuje się zapewnić dostępność swojej strony internetowej zgodnie z ustawą z dnia 4 kwietnia 2019 r. o dostępności cyfrowej stron internetowych i aplikacji mobilnych podmiotów publicznych:",
    statement_scope: "Deklaracja dotyczy serwisu konsultacji „Porozmawiajmy o Krakowie”: ankiety, wyników, kalendarza spotkań, postulatów i odpowiedzi miasta.",
    published: "Data publikacji strony internetowej",
    updated: "Data ostatniej istotnej aktualizacji",
    status_title: "Stan dostępności cyfrowej",
    status_text: "Strona internetowa jest częściowo zgodna z ustawą o dostępności cyfrowej z powodu niezgodności lub wyłączeń wymienionych poniżej.",
    not_accessible_title: "Treści niedostępne",
    not_accessible: &[
        "Postulaty mieszkańców są publikowane w brzmieniu, w jakim je zgłoszono. Mogą nie spełniać zasad tekstu łatwego do czytania. Moderatorzy poprawiają tylko treści obraźliwe i dane osobowe.",
        "Widok projektora na sali spotkania jest przeznaczony do oglądania z daleka. Ta sama treść jest dostępna na stronie spotkania na żywo, którą można czytać czytnikiem ekranu.",
        "Kod QR na plakacie i na projektorze nie ma odpowiednika dotykowego. Obok kodu zawsze jest podany adres strony w postaci tekstu.",
        "Stanowiska wydziałów są pisane przez urzędników. Mogą zawierać język specjalistyczny; skrót wyjaśnienia jest podany w treści, gdy urzędnik go doda.",
    ],
    prepared_title: "Przygotowanie deklaracji",
    prepared_text: "Deklarację sporządzono na podstawie samooceny przeprowadzonej przez zespół serwisu, z użyciem automatycznych testów (axe, WCAG 2.1 A i AA) przy każdej zmianie oprogramowania oraz przeglądu ręcznego.",
    contact_title: "Informacje zwrotne i dane kontaktowe",
    contact_text: "W przypadku problemów z dostępnością strony internetowej prosimy o kontakt. Można też poprosić o informacje niedostępne na stronie w innej formie, na przykład w wersji drukowanej, w języku migowym albo jako nagranie. Adres kontaktowy:",
    procedure: &[
        (
            "Procedura wnioskowo-skargowa",
            &[
                "Każdy ma prawo wystąpić z żądaniem zapewnienia dostępności cyfrowej strony internetowej lub jakiegoś jej elementu. Można też zażądać udostępnienia informacji za pomocą alternatywnego sposobu dostępu.",
                "Żądanie powinno zawierać dane kontaktowe osoby zgłaszającej, wskazanie strony lub elementu, o które chodzi, oraz sposób kontaktu. Jeżeli osoba żądająca zgłasza potrzebę otrzymania informacji za pomocą alternatywnego sposobu dostępu, powinna określić dogodny dla niej sposób przedstawienia tej informacji.",
                "Podmiot publiczny zrealizuje żądanie niezwłocznie, nie później niż w ciągu 7 dni od dnia wystąpienia z żądaniem. Jeżeli dotrzymanie tego terminu nie jest możliwe, niezwłocznie poinformuje o tym, kiedy realizacja żądania będzie możliwa; termin ten nie może być dłuższy niż 2 miesiące.",
                "Jeżeli zapewnienie dostępności nie jest możliwe, podmiot publiczny może zaproponować alternatywny sposób dostępu do informacji.",
            ],
        ),
        (
            "Skargi i odwołania",
            &[
                "W przypadku, gdy podmiot publiczny odmówi realizacji żądania zapewnienia dostępności lub alternatywnego sposobu dostępu, osoba żądająca może złożyć skargę w sprawie takiej odmowy.",
                "Po wyczerpaniu wskazanej procedury można także złożyć wniosek do Rzecznika Praw Obywatelskich (www.rpo.gov.pl).",
            ],
        ),
    ],
    venues_title: "Dostępność architektoniczna miejsc spotkań",
    venues_lead: "Otwarte spotkania odbywają się w budynkach w dzielnicach. Przy każdym miejscu podajemy, co w nim jest. Tłumacza polskiego języka migowego można zamówić na każde spotkanie, najpóźniej 3 dni robocze przed nim, pod adresem kontaktowym podanym wyżej.",
    venue_no_info: "brak informacji o udogodnieniach — zapytaj pod adresem kontaktowym",
    office: (
        "Urząd Miasta Krakowa",
        &[
            "Do budynku urzędu przy placu Wszystkich Świętych prowadzi wejście bez schodów od ulicy Franciszkańskiej. W budynku jest winda i toaleta dla osób z niepełnosprawnościami.",
            "Na parterze, w punkcie obsługi mieszkańców, jest pętla indukcyjna.",
            "Do budynku można wejść z psem asystującym i psem przewodnikiem.",
            "Na miejsce spotkania można przyjść z tłumaczem polskiego języka migowego albo zamówić go u nas.",
        ],
    ),
    apps: (
        "Aplikacje mobilne",
        &[
            "Serwis nie ma osobnej aplikacji mobilnej. Stronę można dodać do ekranu głównego telefonu; działa wtedy jak aplikacja, także bez połączenia z internetem.",
        ],
    ),

    easy_title: "Konsultacje w prostych słowach",
    easy_sections: &[
        (
            "Co to jest?",
            &[
                "Miasto Kraków chce wiedzieć, czego potrzebują mieszkańcy.",
                "Dlatego pyta mieszkańców o zdanie.",
                "To się nazywa konsultacje.",
                "Konsultacje dotyczą siedmiu dzielnic Krakowa.",
            ],
            &[],
        ),
        (
            "Jak wziąć udział?",
            &[
                "Możesz wypełnić krótką ankietę na tej stronie.",
                "Ankieta jest na stronie Ankieta.",
                "Najpierw wybierz swoją dzielnicę.",
                "Potem zaznacz, co miasto ma zrobić najpierw.",
                "Możesz zaznaczyć kilka rzeczy.",
                "Na końcu naciśnij przycisk Wyślij.",
                "Nie musisz podawać imienia ani nazwiska.",
                "Nikt nie będzie wiedział, że to Twoja ankieta.",
            ],
            &[],
        ),
        (
            "Spotkania",
            &[
                "W każdej dzielnicy będzie spotkanie.",
                "Spotkania są od marca do czerwca.",
                "Na spotkanie może przyjść każdy.",
                "Na spotkaniu możesz powiedzieć, czego potrzebujesz.",
                "Taka prośba do miasta nazywa się postulat.",
                "Postulat możesz też napisać w telefonie.",
                "Daty i miejsca spotkań są na stronie Spotkania.",
            ],
            &[("Spotkania", "/spotkania")],
        ),
        (
            "Co dalej?",
            &[
                "Miasto policzy wszystkie odpowiedzi.",
                "Wyniki są na stronie Wyniki.",
                "Urzędnicy przeczytają każdy postulat ze spotkań.",
                "Potem odpowiedzą na każdy postulat.",
                "Odpowiedzi będą na stronie Postulaty.",
            ],
            &[("Wyniki", "/wyniki"), ("Postulaty", "/postulaty")],
        ),
        (
            "Potrzebujesz pomocy?",
            &[
                "Napisz do nas.",
                "Pomożemy Ci wypełnić ankietę.",
            ],
            &[],
        ),
    ],
    easy_write_to_us: "Nasz adres e-mail:",

    privacy_title: "Prywatność i ciasteczka",
    privacy_intro: "Ankieta jest anonimowa. Poniżej piszemy dokładnie, co zapisujemy, po co i jak długo.",
    controller_title: "Administrator danych",
    dpo: "Inspektor ochrony danych",
    contact: "Kontakt",
    privacy_sections: &[
        (
            "Co zapisujemy, gdy wypełniasz ankietę",
            &[
                "Wybraną dzielnicę, zaznaczone działania i odpowiedzi na pytania nieobowiązkowe (na przykład grupę wieku), jeśli je podasz.",
                "Inne potrzeby wpisane własnymi słowami. Nie publikujemy ich w tej postaci: moderator zapisuje je jako krótkie hasło albo ukrywa.",
                "Dzień wysłania ankiety (bez godziny), sposób wypełnienia (przez internet, z pomocą w punkcie, na papierze) i numer potwierdzenia.",
                "Losowy identyfikator formularza, dzięki któremu ankieta wysłana dwa razy (na przykład po utracie połączenia) liczy się raz.",
                "Skrót kryptograficzny losowego identyfikatora urządzenia (z ciasteczka), aby jedno urządzenie wysłało jedną ankietę. Ze skrótu nie da się odczytać, kim jesteś.",
            ],
        ),
        (
            "Co zapisujemy, gdy zgłaszasz postulat",
            &[
                "Treść postulatu, spotkanie, dzielnicę, wybrany temat, dzień zgłoszenia i kod, po którym możesz sprawdzić postulat.",
                "Przy „Ja też” — skrót identyfikatora urządzenia, aby jedno urządzenie poparło postulat raz. Nikt, także moderator, nie widzi, kto poparł postulat.",
                "Nie podawaj w treści postulatu danych osobowych. Moderator odrzuca postulaty z danymi osobowymi.",
            ],
        ),
        (
            "Czego nie zapisujemy",
            &[
                "Imienia, nazwiska, adresu e-mail, numeru telefonu ani adresu zamieszkania mieszkańców.",
                "Adresu IP w bazie danych. Adres IP jest trzymany tylko w pamięci serwera przez kilka minut, aby ograniczyć nadużycia (limit wysyłek z jednego adresu).",
                "Nie używamy narzędzi analitycznych ani reklamowych i nie przekazujemy danych innym firmom.",
            ],
        ),
        (
            "Pracownicy miasta",
            &[
                "Konta pracowników (moderatorów, urzędników, administratorów) zawierają imię i nazwisko, służbowy adres e-mail, role i skrót hasła (argon2id; samego hasła nie przechowujemy).",
                "Zapisujemy sesje logowania (tylko skrót tokenu) i dziennik zmian: kto i kiedy zmienił postulat, spotkanie, odpowiedź lub konto.",
            ],
        ),
        (
            "Jak długo",
            &[
                "Odpowiedzi z ankiety i postulaty są przechowywane przez czas konsultacji i sporządzenia raportu, a potem zgodnie z przepisami o archiwizacji dokumentów urzędu.",
                "Formularz odesłany z błędem (bez JavaScriptu) jest trzymany najwyżej godzinę.",
                "Sesja pracownika wygasa po okresie bezczynności; dziennik zmian jest przechowywany tak jak dokumentacja konsultacji.",
            ],
        ),
        (
            "Podstawa prawna",
            &[
                "Przetwarzanie danych jest niezbędne do wykonania zadania realizowanego w interesie publicznym (art. 6 ust. 1 lit. e RODO) — przeprowadzenia konsultacji społecznych na podstawie ustawy o samorządzie gminnym.",
            ],
        ),
        (
            "Twoje prawa",
            &[
                "Masz prawo dostępu do swoich danych, ich sprostowania, ograniczenia przetwarzania i wniesienia sprzeciwu.",
                "Ponieważ ankieta jest anonimowa, możemy nie być w stanie wskazać Twojej odpowiedzi. Numer potwierdzenia lub kod postulatu pozwala ją odnaleźć.",
                "Masz prawo wnieść skargę do Prezesa Urzędu Ochrony Danych Osobowych (ul. Stawki 2, 00-193 Warszawa).",
            ],
        ),
    ],
    cookies_title: "Ciasteczka",
    cookies_lead: "Serwis używa tylko ciasteczek niezbędnych do działania. Nie ma ciasteczek reklamowych ani analitycznych, dlatego nie pytamy o zgodę.",
    cookie_name: "Nazwa",
    cookie_purpose: "Po co",
    cookie_lifetime: "Jak długo",
    cookies: &[
        ("lang", "Zapamiętuje wybrany język strony.", "1 rok"),
        (
            "poro_device",
            "Losowy, podpisany identyfikator urządzenia: jedna ankieta i jedno „Ja też” z urządzenia, limity wysyłek.",
            "1 rok",
        ),
        (
            "poro_codes",
            "Kody postulatów wysłanych z tego telefonu, żeby strona spotkania mogła je pokazać („Twoje postulaty”). Serwer ich nie zapisuje.",
            "1 rok",
        ),
        (
            "poro_session",
            "Tylko dla pracowników: sesja zalogowanego konta.",
            "do wylogowania lub wygaśnięcia sesji",
        ),
    ],
    storage_title: "Pamięć przeglądarki",
    storage: &[
        "Szkic ankiety i szkic postulatu są zapisywane tylko w Twoim telefonie lub komputerze, aby nic nie zginęło przy słabym zasięgu. Nie są wysyłane, dopóki nie naciśniesz Wyślij.",
        "Ankieta wysłana bez połączenia czeka w telefonie i zostaje wysłana raz, gdy połączenie wróci.",
        "Strony i pliki aplikacji są przechowywane w pamięci przeglądarki, aby ankieta otwierała się bez internetu.",
    ],
};

static EN: AboutTexts = AboutTexts {
    footer_label: "Information",
    statement_link: "Accessibility statement",
    easy_link: "Easy to read",
    privacy_link: "Privacy and cookies",
    easy_home: "Read about the consultation in plain words",

    statement_title: "Accessibility statement",
    statement_intro: "is committed to making its website accessible in accordance with the Polish Act of 4 April 2019 on the digital accessibility of public bodies' websites and mobile applications:",
    statement_scope: "This statement applies to the “Let's talk about Kraków” consultation website: the survey, the results, the meeting calendar, the proposals and the city's answers.",
    published: "Date the website was published",
    updated: "Date of the last significant update",
    status_title: "Compliance status",
    status_text: "This website is partially compliant with the Act on digital accessibility, due to the non-compliances and exemptions listed below.",
    not_accessible_title: "Non-accessible content",
    not_accessible: &[
        "Residents' proposals are published as they were submitted. They may not follow easy-to-read rules. Moderators only remove offensive content and personal data.",
        "The projector view in the meeting room is made to be seen from afar. The same content is on the meeting's live page, which works with screen readers.",
        "The QR code on the poster and on the projector has no tactile equivalent. The page's address is always written next to it as text.",
        "The departments' positions are written by city officials. They may contain specialist language; an explanation is included where the official adds one.",
    ],
    prepared_title: "Preparation of this statement",
    prepared_text: "This statement was prepared on the basis of a self-assessment by the website's team, with automated tests (axe, WCAG 2.1 A and AA) run on every software change and a manual review.",
    contact_title: "Feedback and contact information",
    contact_text: "If you have a problem with the accessibility of this website, please contact us. You can also ask for information that is not accessible here in another form, for example printed, in sign language or as a recording. Contact address:",
    procedure: &[
        (
            "Requests and complaints procedure",
            &[
                "Everyone has the right to request that the website, or a part of it, be made accessible. You can also ask for information to be provided in an alternative way.",
                "A request should give the requester's contact details, the page or element concerned, and how to reply. If you need the information in an alternative form, say which form suits you.",
                "The public body will handle the request without delay, within 7 days at the latest. If that is not possible, it will tell you without delay when it can be done; that date cannot be more than 2 months away.",
                "If accessibility cannot be provided, the public body may offer an alternative way to access the information.",
            ],
        ),
        (
            "Complaints and appeals",
            &[
                "If the public body refuses a request for accessibility or for an alternative way of access, the requester may file a complaint about that refusal.",
                "After that procedure, you can also apply to the Polish Commissioner for Human Rights (Rzecznik Praw Obywatelskich, www.rpo.gov.pl).",
            ],
        ),
    ],
    venues_title: "Architectural accessibility of the meeting venues",
    venues_lead: "The open meetings take place in buildings in the districts. For each venue we list what it offers. A Polish sign language interpreter can be booked for any meeting, at least 3 working days before it, at the contact address above.",
    venue_no_info: "no information on facilities — ask at the contact address",
    office: (
        "Kraków City Hall",
        &[
            "The city office on plac Wszystkich Świętych has a step-free entrance from Franciszkańska Street. Inside there is a lift and an accessible toilet.",
            "The residents' service point on the ground floor has an induction loop.",
            "Assistance dogs and guide dogs are welcome in the building.",
            "You can come to a meeting with a sign language interpreter, or we can book one for you.",
        ],
    ),
    apps: (
        "Mobile apps",
        &[
            "There is no separate mobile app. You can add this website to your phone's home screen; it then works like an app, also without an internet connection.",
        ],
    ),

    easy_title: "The consultation in plain words",
    easy_sections: &[
        (
            "What is it?",
            &[
                "The City of Kraków wants to know what people need.",
                "So the city asks the people who live here.",
                "This is called a consultation.",
                "The consultation is about seven districts of Kraków.",
            ],
            &[],
        ),
        (
            "How can I take part?",
            &[
                "You can fill in a short survey on this website.",
                "The survey is on the Survey page.",
                "First choose your district.",
                "Then mark what the city should do first.",
                "You can mark several things.",
                "At the end press the Send button.",
                "You do not have to give your name.",
                "Nobody will know that the answer is yours.",
            ],
            &[],
        ),
        (
            "Meetings",
            &[
                "There will be a meeting in every district.",
                "The meetings are from March to June.",
                "Everyone can come to a meeting.",
                "At the meeting you can say what you need.",
                "Such a request to the city is called a proposal.",
                "You can also write your proposal on your phone.",
                "The dates and places are on the Meetings page.",
            ],
            &[("Meetings", "/spotkania")],
        ),
        (
            "What happens next?",
            &[
                "The city will count all the answers.",
                "The results are on the Results page.",
                "City officials will read every proposal from the meetings.",
                "Then they will answer every proposal.",
                "The answers will be on the Proposals page.",
            ],
            &[("Results", "/wyniki"), ("Proposals", "/postulaty")],
        ),
        (
            "Do you need help?",
            &[
                "Write to us.",
                "We will help you fill in the survey.",
            ],
            &[],
        ),
    ],
    easy_write_to_us: "Our e-mail address:",

    privacy_title: "Privacy and cookies",
    privacy_intro: "The survey is anonymous. Below we say exactly what we store, why and for how long.",
    controller_title: "Data controller",
    dpo: "Data protection officer",
    contact: "Contact",
    privacy_sections: &[
        (
            "What we store when you answer the survey",
            &[
                "The district you chose, the actions you marked and your answers to the optional questions (for example your age group), if you give them.",
                "Other needs written in your own words. They are never published as written: a moderator turns them into a short phrase or hides them.",
                "The day you sent the survey (not the time), how it was filled in (online, with help at a service point, on paper) and the receipt number.",
                "A random form identifier, so a survey sent twice (for example after a lost connection) counts once.",
                "A cryptographic hash of a random device identifier (from a cookie), so one device sends one survey. The hash does not tell who you are.",
            ],
        ),
        (
            "What we store when you submit a proposal",
            &[
                "The proposal's text, the meeting, the district, the theme you chose, the day and the code you can follow it with.",
                "For “Me too” — a hash of the device identifier, so one device supports a proposal once. Nobody, moderators included, sees who supported it.",
                "Please do not put personal data in a proposal. Moderators reject proposals that contain personal data.",
            ],
        ),
        (
            "What we do not store",
            &[
                "Residents' names, e-mail addresses, phone numbers or home addresses.",
                "IP addresses in the database. An IP address is kept only in the server's memory for a few minutes, to limit abuse (the limit on submissions from one address).",
                "We use no analytics or advertising tools and share no data with other companies.",
            ],
        ),
        (
            "City staff",
            &[
                "Staff accounts (moderators, officials, administrators) hold a name, a work e-mail address, roles and a password hash (argon2id; the password itself is never stored).",
                "We store sign-in sessions (only a hash of the token) and an audit log: who changed a proposal, meeting, answer or account, and when.",
            ],
        ),
        (
            "How long",
            &[
                "Survey answers and proposals are kept for the consultation and its report, then as the law on the city's archives requires.",
                "A form sent back with a mistake (without JavaScript) is kept for one hour at most.",
                "A staff session expires after a period of inactivity; the audit log is kept like the consultation's records.",
            ],
        ),
        (
            "Legal basis",
            &[
                "Processing is necessary for a task carried out in the public interest (Article 6(1)(e) GDPR): holding public consultations under the Polish Act on municipal self-government.",
            ],
        ),
        (
            "Your rights",
            &[
                "You have the right to access your data, to have it corrected, to restrict its processing and to object.",
                "Because the survey is anonymous, we may not be able to find your answer. Your receipt number or proposal code lets us find it.",
                "You have the right to complain to the President of the Personal Data Protection Office (UODO, ul. Stawki 2, 00-193 Warsaw).",
            ],
        ),
    ],
    cookies_title: "Cookies",
    cookies_lead: "This website uses only the cookies it needs to work. There are no advertising or analytics cookies, so we do not ask for consent.",
    cookie_name: "Name",
    cookie_purpose: "Purpose",
    cookie_lifetime: "Lifetime",
    cookies: &[
        ("lang", "Remembers the language you chose.", "1 year"),
        (
            "poro_device",
            "A random, signed device identifier: one survey and one “Me too” per device, submission limits.",
            "1 year",
        ),
        (
            "poro_codes",
            "The codes of the proposals sent from this phone, so the meeting's page can list them (“Your proposals”). The server does not store them.",
            "1 year",
        ),
        (
            "poro_session",
            "Staff only: the signed-in account's session.",
            "until signing out or the session expires",
        ),
    ],
    storage_title: "Browser storage",
    storage: &[
        "Drafts of the survey and of a proposal are saved only on your phone or computer, so nothing is lost on a weak signal. They are not sent until you press Send.",
        "A survey sent without a connection waits on the phone and is sent once when the connection returns.",
        "The app's pages and files are kept in the browser's storage so the survey opens without the internet.",
    ],
};

#[cfg(test)]
mod tests {
    #[test]
    fn every_text_is_in_both_languages() {
        crate::i18n::assert_complete("about", &super::PL, &super::EN);
    }
}
