//! The one error type of the application, and how it is shown.
//!
//! Every server function returns `Result<_, AppError>`. On the server,
//! [`AppError::status`] is the HTTP status it is answered with (set once, in
//! `server::respond`); in the browser, [`AppError::message`] is the
//! translated text the user sees. Nothing else maps errors.

use crate::codec::JsonTextEncoding;
use crate::i18n::Lang;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AppError {
    /// The thing asked for does not exist (or is not public).
    #[error("not found")]
    NotFound,
    /// A submitted field is wrong; `field` names it, `reason` says why.
    #[error("invalid {field}: {reason:?}")]
    Invalid { field: String, reason: Invalid },
    /// A field of an uploaded file is wrong, at `line` (a round's
    /// definition file).
    #[error("invalid {field} at line {line}: {reason:?}")]
    InvalidAt {
        line: u32,
        field: String,
        reason: Invalid,
    },
    /// The same submission id arrived with different content.
    #[error("conflict with an earlier submission")]
    Conflict,
    /// This device has already answered in this round.
    #[error("already answered from this device")]
    AlreadyAnswered,
    /// The survey no longer (or not yet) accepts answers.
    #[error("the survey is closed")]
    SurveyClosed,
    /// Unknown e-mail or wrong password (the same answer for both).
    #[error("bad credentials")]
    BadCredentials,
    /// Signing in is needed.
    #[error("not signed in")]
    Unauthorized,
    /// Signed in, but the role does not allow this.
    #[error("forbidden")]
    Forbidden,
    /// A state-changing request from another site (CSRF check).
    #[error("cross-site request refused")]
    CrossSite,
    /// The meeting does not take postulates now.
    #[error("postulates closed")]
    PostulatesClosed,
    /// A change based on an older version of a postulate; carries the
    /// current state, which the moderator is shown.
    #[error("stale version (now {version})")]
    Stale {
        version: i64,
        /// The current status's label in both languages (filled in by the
        /// server, so the islands' code carries no status tables).
        status: crate::domain::Bilingual,
        body: String,
    },
    /// Too many attempts; try again later.
    #[error("too many requests")]
    RateLimited,
    /// The database or another dependency failed; details are in the server log.
    #[error("service unavailable")]
    Unavailable,
    /// The server's disk (or the database's size limit) is full: nothing
    /// was stored; sending again later can work.
    #[error("storage full")]
    StorageFull,
    /// The request never made it (network, decoding): set by the framework.
    #[error("request failed: {0}")]
    Transport(String),
}

/// Why a field was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Invalid {
    Missing,
    Unknown,
    TooLong,
    TooMany,
    Duplicate,
    Malformed,
    TooShort,
    /// Outside the allowed period (e.g. a meeting outside the round's).
    OutOfRange,
    /// An end that is not after its start.
    EndBeforeStart,
    /// Not possible yet (e.g. marking a meeting held before it starts).
    NotYet,
    /// Not possible in the thing's present state (e.g. approving a
    /// rejected postulate).
    NotAllowed,
    /// Would change what answers already given mean (a round's content or
    /// dates once it has answers): only rewording and extending are open.
    Locked,
    /// Its period overlaps another's (a round's survey and the active one's).
    Overlap,
}

impl AppError {
    pub fn invalid(field: &str, reason: Invalid) -> Self {
        Self::Invalid {
            field: field.to_owned(),
            reason,
        }
    }

    /// The HTTP status this error is answered with.
    pub fn status(&self) -> u16 {
        match self {
            Self::NotFound => 404,
            Self::Invalid { .. } | Self::InvalidAt { .. } => 422,
            Self::Conflict | Self::AlreadyAnswered | Self::Stale { .. } => 409,
            Self::PostulatesClosed => 403,
            Self::SurveyClosed => 403,
            Self::Unauthorized | Self::BadCredentials => 401,
            Self::Forbidden | Self::CrossSite => 403,
            Self::RateLimited => 429,
            Self::Unavailable | Self::StorageFull => 503,
            Self::Transport(_) => 400,
        }
    }

    /// The form field this error belongs to, if any.
    pub fn field(&self) -> Option<&str> {
        match self {
            Self::Invalid { field, .. } | Self::InvalidAt { field, .. } => Some(field),
            _ => None,
        }
    }

    /// What the user reads, in their language.
    pub fn message(&self, lang: Lang) -> String {
        let t = crate::i18n::texts(lang);
        match self {
            Self::NotFound => t.err_not_found.into(),
            Self::Invalid { field, .. } if field == "device" => t.err_device.into(),
            Self::Invalid { field, .. } if matches!(field.as_str(), "start" | "client_id") => {
                t.err_form_expired.into()
            }
            Self::Invalid {
                field,
                reason: Invalid::TooShort,
            } if field == "password" => t.err_weak_password.into(),
            Self::Invalid {
                field,
                reason: Invalid::Missing,
            } if field == "district" => t.err_choose_district.into(),
            Self::Invalid {
                field,
                reason: Invalid::Unknown,
            } if field == "into" => t.err_merge_target.into(),
            Self::Invalid {
                field,
                reason: Invalid::Missing,
            } if field == "actions" => t.err_choose_action.into(),
            Self::Invalid {
                field,
                reason: Invalid::Duplicate,
            } if field == "email" => t.err_email_taken.into(),
            Self::Invalid { field, reason } => {
                let text = match reason {
                    Invalid::Missing => t.err_missing,
                    Invalid::Unknown => t.err_unknown,
                    Invalid::TooLong => t.err_too_long,
                    Invalid::TooMany => t.err_too_many,
                    Invalid::Duplicate => t.err_duplicate,
                    Invalid::Malformed | Invalid::TooShort => t.err_malformed,
                    Invalid::OutOfRange => t.err_out_of_range,
                    Invalid::EndBeforeStart => t.err_end_before_start,
                    Invalid::NotYet => t.err_not_yet,
                    Invalid::NotAllowed => t.err_not_allowed,
                    Invalid::Locked => t.err_locked,
                    Invalid::Overlap => t.err_overlap,
                };
                // Named, so the message is clear wherever it is shown
                // (next to its field, or at the top of a form).
                match t
                    .field_label(field)
                    .or_else(|| feature_field_label(lang, field))
                {
                    Some(label) => format!("{label}: {}", lowercase_first(text)),
                    None => text.into(),
                }
            }
            Self::InvalidAt {
                line,
                field,
                reason,
            } => format!(
                "{} {line}: {}",
                t.err_line,
                Self::invalid(field, *reason).message(lang)
            ),
            Self::Conflict => t.err_conflict.into(),
            Self::AlreadyAnswered => t.err_already_answered.into(),
            Self::SurveyClosed => t.err_survey_closed.into(),
            Self::PostulatesClosed => t.err_postulates_closed.into(),
            // From a URL's code: no details to show.
            Self::Stale { body, .. } if body.is_empty() => t.err_stale_reload.into(),
            Self::Stale {
                version,
                status,
                body,
            } => format!(
                "{} {} (v{version}): „{body}”",
                t.err_stale,
                status.get(lang)
            ),
            Self::Unauthorized => t.err_unauthorized.into(),
            Self::BadCredentials => t.err_bad_credentials.into(),
            Self::Forbidden => t.err_forbidden.into(),
            Self::CrossSite => t.err_cross_site.into(),
            Self::RateLimited => t.err_rate_limited.into(),
            Self::Unavailable => t.err_unavailable.into(),
            Self::StorageFull => t.err_storage_full.into(),
            Self::Transport(_) => t.err_transport.into(),
        }
    }
}

/// Field labels that features keep with their own texts. Only staff pages
/// name these fields, and they are server-rendered (no island shows their
/// errors), so the browser's code does not carry them.
#[cfg(feature = "ssr")]
fn feature_field_label(lang: Lang, field: &str) -> Option<&'static str> {
    crate::rounds::texts::texts(lang).field_label(field)
}

#[cfg(not(feature = "ssr"))]
fn feature_field_label(_: Lang, _: &str) -> Option<&'static str> {
    None
}

impl Invalid {
    const ALL: [Invalid; 13] = [
        Self::Missing,
        Self::Unknown,
        Self::TooLong,
        Self::TooMany,
        Self::Duplicate,
        Self::Malformed,
        Self::TooShort,
        Self::OutOfRange,
        Self::EndBeforeStart,
        Self::NotYet,
        Self::NotAllowed,
        Self::Locked,
        Self::Overlap,
    ];

    fn code(self) -> &'static str {
        match self {
            Self::Missing => "missing",
            Self::Unknown => "unknown",
            Self::TooLong => "too_long",
            Self::TooMany => "too_many",
            Self::Duplicate => "duplicate",
            Self::Malformed => "malformed",
            Self::TooShort => "too_short",
            Self::OutOfRange => "out_of_range",
            Self::EndBeforeStart => "end_before_start",
            Self::NotYet => "not_yet",
            Self::NotAllowed => "not_allowed",
            Self::Locked => "locked",
            Self::Overlap => "overlap",
        }
    }
}

/// Errors as they travel in a URL (`?blad=<code>`, a plain form post sent
/// back to its page): a code naming the error, never text — a crafted link
/// cannot make the site say anything it does not say by itself.
impl AppError {
    const PLAIN: [(&'static str, AppError); 12] = [
        ("not_found", Self::NotFound),
        ("conflict", Self::Conflict),
        ("already_answered", Self::AlreadyAnswered),
        ("survey_closed", Self::SurveyClosed),
        ("bad_credentials", Self::BadCredentials),
        ("unauthorized", Self::Unauthorized),
        ("forbidden", Self::Forbidden),
        ("cross_site", Self::CrossSite),
        ("postulates_closed", Self::PostulatesClosed),
        ("rate_limited", Self::RateLimited),
        ("unavailable", Self::Unavailable),
        ("storage_full", Self::StorageFull),
    ];

    /// `invalid.<field>.<reason>`, `stale`, `transport` or the error's name.
    pub fn code(&self) -> String {
        match self {
            Self::Invalid { field, reason } => format!("invalid.{field}.{}", reason.code()),
            Self::InvalidAt {
                line,
                field,
                reason,
            } => format!("invalid.{field}.{}.{line}", reason.code()),
            Self::Stale { .. } => "stale".into(),
            Self::Transport(_) => "transport".into(),
            other => Self::PLAIN
                .iter()
                .find(|(_, e)| e == other)
                .map_or("unavailable", |(code, _)| code)
                .into(),
        }
    }

    /// The error a [`code`](Self::code) names (a stale change without its
    /// details: the page shows the current state itself); `None` for
    /// anything else, so a made-up code shows nothing.
    pub fn from_code(code: &str) -> Option<AppError> {
        match code {
            "stale" => Some(Self::Stale {
                version: 0,
                status: crate::domain::Bilingual {
                    pl: String::new(),
                    en: String::new(),
                },
                body: String::new(),
            }),
            "transport" => Some(Self::Transport(String::new())),
            _ => {
                if let Some(rest) = code.strip_prefix("invalid.") {
                    let (field, rest) = rest.split_once('.')?;
                    let (reason, line) = match rest.split_once('.') {
                        Some((reason, line)) => (reason, Some(line.parse::<u32>().ok()?)),
                        None => (rest, None),
                    };
                    let field_ok = (1..=32).contains(&field.len())
                        && field.bytes().all(|b| b.is_ascii_lowercase() || b == b'_');
                    let reason = Invalid::ALL.into_iter().find(|r| r.code() == reason)?;
                    return field_ok.then(|| match line {
                        Some(line) => Self::InvalidAt {
                            line,
                            field: field.to_owned(),
                            reason,
                        },
                        None => Self::invalid(field, reason),
                    });
                }
                Self::PLAIN
                    .iter()
                    .find(|(c, _)| *c == code)
                    .map(|(_, e)| e.clone())
            }
        }
    }
}

/// How an error travels as JSON (a server function's error body, an
/// island's props): as its [`code`](AppError::code), a string
/// (`"survey_closed"`, `"invalid.district.unknown"`), the same code a page's
/// `?blad=` carries; a stale change as `["stale", version, status in
/// Polish, in English, text]`, so the console can show the current state.
/// Written by hand rather than derived: reading serde's tagged enum took
/// about 25 KB of the WebAssembly every island page downloads (README,
/// "Per-page code"). A transport failure's text is not sent (it is never
/// shown).
impl Serialize for AppError {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            AppError::Stale {
                version,
                status,
                body,
            } => ("stale", version, &status.pl, &status.en, body).serialize(serializer),
            other => serializer.serialize_str(&other.code()),
        }
    }
}

impl<'de> Deserialize<'de> for AppError {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::{Error, SeqAccess, Visitor};
        struct Code;
        impl<'de> Visitor<'de> for Code {
            type Value = AppError;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an error code")
            }

            fn visit_str<E: Error>(self, code: &str) -> Result<AppError, E> {
                AppError::from_code(code).ok_or_else(|| E::custom("unknown error code"))
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<AppError, A::Error> {
                let missing = || A::Error::custom("a stale change without its state");
                if seq.next_element::<String>()?.as_deref() != Some("stale") {
                    return Err(missing());
                }
                let version = seq.next_element()?.ok_or_else(missing)?;
                let pl = seq.next_element()?.ok_or_else(missing)?;
                let en = seq.next_element()?.ok_or_else(missing)?;
                let body = seq.next_element()?.ok_or_else(missing)?;
                Ok(AppError::Stale {
                    version,
                    status: crate::domain::Bilingual { pl, en },
                    body,
                })
            }
        }
        deserializer.deserialize_any(Code)
    }
}

fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonTextEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) => {
                Self::invalid("request", Invalid::Malformed)
            }
            other => Self::Transport(other.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_are_client_errors_except_unavailable() {
        assert_eq!(
            AppError::invalid("district", Invalid::Unknown).status(),
            422
        );
        assert_eq!(AppError::Conflict.status(), 409);
        assert_eq!(AppError::Unauthorized.status(), 401);
        assert_eq!(AppError::Forbidden.status(), 403);
        assert_eq!(AppError::Unavailable.status(), 503);
    }

    #[test]
    fn messages_are_translated() {
        let e = AppError::SurveyClosed;
        assert_ne!(e.message(Lang::Pl), e.message(Lang::En));
        assert!(e.message(Lang::Pl).contains("zamknięta"));
    }

    #[test]
    fn a_tampered_field_is_named() {
        let e = AppError::invalid("district", Invalid::Unknown);
        assert_eq!(
            e.message(Lang::Pl),
            "Dzielnica: nieznana wartość — odśwież stronę i wybierz ponownie."
        );
        assert!(e.message(Lang::En).starts_with("District: unknown value"));
        assert_eq!(
            AppError::invalid("start", Invalid::Malformed).message(Lang::Pl),
            crate::i18n::texts(Lang::Pl).err_form_expired
        );
    }

    #[test]
    fn a_files_mistake_names_its_line_and_field() {
        let e = AppError::InvalidAt {
            line: 12,
            field: "action".into(),
            reason: Invalid::Duplicate,
        };
        assert!(
            e.message(Lang::Pl).starts_with("Wiersz 12: Działanie:"),
            "{}",
            e.message(Lang::Pl)
        );
        assert!(e.message(Lang::En).starts_with("Line 12: Action:"));
        assert_eq!(e.status(), 422);
        assert_eq!(AppError::from_code("invalid.code.duplicate.x"), None);
    }

    #[test]
    fn errors_travel_in_urls_as_codes_never_as_text() {
        for e in [
            AppError::invalid("actions", Invalid::TooMany),
            AppError::invalid("end", Invalid::EndBeforeStart),
            AppError::InvalidAt {
                line: 12,
                field: "code".into(),
                reason: Invalid::Duplicate,
            },
            AppError::SurveyClosed,
            AppError::RateLimited,
            AppError::NotFound,
        ] {
            assert_eq!(AppError::from_code(&e.code()), Some(e.clone()), "{e:?}");
        }
        let stale = stale_change(
            3,
            "Ankieta przeniesiona na evil.example",
            "Moved to evil.example",
            "evil.example",
        );
        assert_eq!(stale.code(), "stale");
        let back = AppError::from_code("stale").unwrap();
        assert!(!back.message(Lang::Pl).contains("evil"));
        // Text, JSON and odd field names are not codes.
        for made_up in [
            "Ankieta przeniesiona na evil.example",
            r#"{"Transport":"Ankieta przeniesiona na evil.example"}"#,
            "invalid.Evil Example.missing",
            "invalid.body.whatever",
            "",
        ] {
            assert_eq!(AppError::from_code(made_up), None, "{made_up}");
        }
    }

    fn stale_change(version: i64, pl: &str, en: &str, body: &str) -> AppError {
        AppError::Stale {
            version,
            status: crate::domain::Bilingual {
                pl: pl.into(),
                en: en.into(),
            },
            body: body.into(),
        }
    }

    #[test]
    fn errors_survive_the_wire() {
        let stale = stale_change(7, "Zatwierdzony", "Approved", "Ławki przy Plantach");
        let every = [
            AppError::invalid("actions", Invalid::TooMany),
            AppError::InvalidAt {
                line: 3,
                field: "definition_field".into(),
                reason: Invalid::Malformed,
            },
            stale.clone(),
            AppError::Transport(String::new()),
        ]
        .into_iter()
        .chain(AppError::PLAIN.map(|(_, e)| e));
        for e in every {
            let json = serde_json::to_string(&e).unwrap();
            assert_eq!(
                serde_json::from_str::<AppError>(&json).unwrap(),
                e,
                "{json}"
            );
        }
        // A code; a stale change with its state. Made-up codes are refused.
        assert_eq!(
            serde_json::to_string(&AppError::SurveyClosed).unwrap(),
            r#""survey_closed""#
        );
        assert_eq!(
            serde_json::to_string(&stale).unwrap(),
            r#"["stale",7,"Zatwierdzony","Approved","Ławki przy Plantach"]"#
        );
        for made_up in [
            r#""evil""#,
            r#"["evil",1,"a","b","c"]"#,
            r#"["stale",1]"#,
            "7",
        ] {
            assert!(
                serde_json::from_str::<AppError>(made_up).is_err(),
                "{made_up}"
            );
        }
    }
}
