//! Server-side survey rules: start tokens, the checks every answer passes,
//! and its content fingerprint. Server only; used by the survey's server
//! functions.

use super::answer::{AnswerForm, OTHER_MAX_CHARS};
use super::RETURNED_PARAM;
use crate::domain::{District, Id, ProfileQuestion, Round, StartToken, SurveyPhase};
use crate::error::{AppError, Invalid};
use crate::server::secrets::{sha256_hex, Signer};
use std::collections::BTreeSet;

/// The round's survey content an answer is checked against.
#[derive(Debug)]
pub struct Schema {
    pub round: Round,
    pub districts: Vec<District>,
    pub action_ids: BTreeSet<Id>,
    pub questions: Vec<ProfileQuestion>,
}

impl Schema {
    /// The schema of a round's survey content. Built once per load of the
    /// catalog (`Catalog::survey_schema`), which admins' changes refresh.
    pub fn of(
        round: &Round,
        districts: &[District],
        themes: &[crate::domain::Theme],
        questions: &[ProfileQuestion],
    ) -> Schema {
        Schema {
            round: round.clone(),
            districts: districts.to_vec(),
            action_ids: themes
                .iter()
                .flat_map(|t| t.actions.iter().map(|a| a.id))
                .collect(),
            questions: questions.to_vec(),
        }
    }
}

/// An answer that passed every check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidAnswer {
    pub district_id: Id,
    pub action_ids: Vec<Id>,
    pub other: Option<String>,
    /// (question id, option id)
    pub options: Vec<(Id, Id)>,
    pub started_at: i64,
}

const START: &str = "survey-start";

/// How long after the survey closes an answer started before the deadline
/// (queued offline on the phone) is still accepted: 72 hours.
pub const LATE_GRACE_SECS: i64 = 72 * 3600;
/// A late answer's start token must be at most this old when it arrives:
/// 7 days. A page merely loaded weeks earlier (and kept by the service
/// worker) cannot answer after the deadline.
pub const LATE_START_MAX_AGE_SECS: i64 = 7 * 24 * 3600;

/// A fresh start token: a new client id, signed with the instant it was issued.
pub fn issue_start(signer: &Signer, now: i64) -> StartToken {
    let client_id = uuid::Uuid::new_v4().to_string();
    let token = format!(
        "{now}.{}",
        signer.sign(START, &[&client_id, &now.to_string()])
    );
    StartToken { client_id, token }
}

/// The instant a start token was issued for `client_id`, if the signature holds.
pub fn verify_start(signer: &Signer, client_id: &str, token: &str) -> Option<i64> {
    let (at, sig) = token.split_once('.')?;
    let started_at: i64 = at.parse().ok()?;
    signer
        .verify(START, &[client_id, at], sig)
        .then_some(started_at)
}

fn invalid(field: &str, reason: Invalid) -> AppError {
    AppError::invalid(field, reason)
}

/// Every check of an answer; nothing is stored unless this passes.
pub fn validate(
    form: &AnswerForm,
    schema: &Schema,
    signer: &Signer,
    now: i64,
) -> Result<ValidAnswer, AppError> {
    let valid = validate_content(form, schema, signer, now)?;
    accepts_at(&schema.round, valid.started_at, now)?;
    Ok(valid)
}

/// Whether the survey takes an answer started at `started_at` now: open
/// now, or started while it was open and delivered late (offline queue) —
/// within the grace period, from a recently started form.
pub fn accepts_at(round: &Round, started_at: i64, now: i64) -> Result<(), AppError> {
    match round.phase_at(now) {
        SurveyPhase::Open => Ok(()),
        SurveyPhase::Closed
            if round.phase_at(started_at) == SurveyPhase::Open
                && now <= round.survey_closes_at.utc + LATE_GRACE_SECS
                && now - started_at <= LATE_START_MAX_AGE_SECS =>
        {
            Ok(())
        }
        _ => Err(AppError::SurveyClosed),
    }
}

/// Every check of an answer's content and form (id, start token) — all but
/// whether the survey takes it now ([`accepts_at`]): a replay of an answer
/// already stored gets its receipt whenever it arrives.
pub fn validate_content(
    form: &AnswerForm,
    schema: &Schema,
    signer: &Signer,
    now: i64,
) -> Result<ValidAnswer, AppError> {
    if uuid::Uuid::parse_str(&form.client_id).is_err() {
        return Err(invalid("client_id", Invalid::Malformed));
    }
    let started_at = verify_start(signer, &form.client_id, &form.start)
        .filter(|at| *at <= now + 60)
        .ok_or_else(|| invalid("start", Invalid::Malformed))?;

    let district = form.district.trim();
    if district.is_empty() {
        return Err(invalid("district", Invalid::Missing));
    }
    let district_id: Id = district
        .parse()
        .map_err(|_| invalid("district", Invalid::Malformed))?;
    if !schema.districts.iter().any(|d| d.id == district_id) {
        return Err(invalid("district", Invalid::Unknown));
    }

    let mut action_ids = BTreeSet::new();
    for (key, value) in &form.actions {
        let id: Id = value
            .trim()
            .parse()
            .map_err(|_| invalid("actions", Invalid::Malformed))?;
        if key.trim() != value.trim() {
            return Err(invalid("actions", Invalid::Malformed));
        }
        if !schema.action_ids.contains(&id) {
            return Err(invalid("actions", Invalid::Unknown));
        }
        if !action_ids.insert(id) {
            return Err(invalid("actions", Invalid::Duplicate));
        }
    }
    if action_ids.is_empty() {
        return Err(invalid("actions", Invalid::Missing));
    }
    if action_ids.len() as i64 > schema.round.max_picks {
        return Err(invalid("actions", Invalid::TooMany));
    }

    let other: String = form
        .other
        .chars()
        .filter(|c| !c.is_control() || *c == '\n')
        .collect::<String>()
        .trim()
        .to_owned();
    if other.chars().count() > OTHER_MAX_CHARS {
        return Err(invalid("other", Invalid::TooLong));
    }

    let mut options = Vec::new();
    for (code, choice) in &form.profile {
        let question = schema
            .questions
            .iter()
            .find(|q| q.code == *code)
            .ok_or_else(|| invalid("profile", Invalid::Unknown))?;
        if choice.trim().is_empty() {
            continue;
        }
        let option = question
            .options
            .iter()
            .find(|o| o.code == choice.trim())
            .ok_or_else(|| invalid("profile", Invalid::Unknown))?;
        options.push((question.id, option.id));
    }

    Ok(ValidAnswer {
        district_id,
        action_ids: action_ids.into_iter().collect(),
        other: (!other.is_empty()).then_some(other),
        options,
        started_at,
    })
}

/// A fingerprint of what the answer says (not of when or from where):
/// the same id arriving with another fingerprint is a conflict.
pub fn content_hash(answer: &ValidAnswer) -> String {
    let canonical = serde_json::json!({
        "district": answer.district_id,
        "actions": answer.action_ids,
        "other": answer.other,
        "options": answer.options,
    });
    sha256_hex(canonical.to_string().as_bytes())
}

pub use crate::server::secrets::{is_short_code as is_receipt_code, short_code as receipt_code};

/// The device token cookie.
pub const DEVICE_COOKIE: &str = "poro_device";
const DEVICE: &str = "device-token";

/// A new device token: 32 random hex characters, a dot, and the server's
/// signature of them (so a client cannot invent tokens).
pub fn new_device_token(signer: &Signer) -> String {
    use rand::Rng;
    device_token(signer, &hex::encode(rand::rng().random::<[u8; 16]>()))
}

/// The signed device token for a device id (32 hex characters).
pub fn device_token(signer: &Signer, id: &str) -> String {
    format!("{id}.{}", signer.sign(DEVICE, &[id]))
}

/// Whether a device token was made by this server.
pub fn is_device_token(signer: &Signer, token: &str) -> bool {
    token.split_once('.').is_some_and(|(id, sig)| {
        id.len() == 32
            && id
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
            && signer.verify(DEVICE, &[id], sig)
    })
}

/// The request's device token cookie, when genuine.
pub fn device_token_from_request(signer: &Signer) -> Option<String> {
    let parts = leptos::prelude::use_context::<::http::request::Parts>()?;
    device_token_in(signer, &parts.headers)
}

/// The device token cookie in these request headers, when genuine.
pub fn device_token_in(signer: &Signer, headers: &::http::HeaderMap) -> Option<String> {
    crate::server::cookie_of(headers, DEVICE_COOKIE).filter(|value| is_device_token(signer, value))
}

/// Gives this device a token cookie if it has no genuine one (one answer
/// per device) — unless its address has been handed too many new tokens
/// this minute (loosely: a meeting hall shares one address).
pub async fn ensure_device_cookie(s: &crate::server::AppState) {
    if device_token_from_request(&s.signer).is_some() {
        return;
    }
    let ip = crate::server::auth::client_ip(s).await;
    if let Some(token) = new_device_token_for(s, &ip) {
        crate::server::set_cookie(s, DEVICE_COOKIE, &token, DEVICE_COOKIE_MAX_AGE, false);
    }
}

/// How long the device cookie lasts: a year.
pub const DEVICE_COOKIE_MAX_AGE: i64 = 31_536_000;

/// A new device token for a device from address `ip`, unless that address
/// has been handed too many this minute.
pub fn new_device_token_for(s: &crate::server::AppState, ip: &str) -> Option<String> {
    if !s.limits.allow_device_token(ip) {
        tracing::debug!("device tokens: per-address limit reached; none issued");
        return None;
    }
    Some(new_device_token(&s.signer))
}

/// A plain form post (JavaScript off) failed: keeps the form as it was sent
/// (cut to what its fields allow; see [`crate::server::returned`]) and
/// sends the resident back to `/ankieta`, which shows it again — choices,
/// text, client id and start token intact — with the error next to its
/// field.
pub async fn return_form(s: &crate::server::AppState, answer: &AnswerForm) {
    let kept = crate::server::returned::keep(s, &answer.client_id, &answer.bounded()).await;
    crate::server::return_to(match kept {
        Some(key) => format!("/ankieta?{RETURNED_PARAM}={key}"),
        None => "/ankieta".to_owned(),
    });
}

/// The keyed hash a device's answers in a round are stored under (one
/// answer per device; the token itself is never stored).
fn device_hash(s: &crate::server::AppState, round_id: crate::domain::Id, device: &str) -> String {
    s.signer.sign("device", &[&round_id.to_string(), device])
}

/// The receipt of the answer this request's device gave in a round, if any.
pub async fn answered_from_this_device(
    s: &crate::server::AppState,
    round_id: crate::domain::Id,
) -> Result<Option<crate::domain::Receipt>, AppError> {
    match device_token_from_request(&s.signer) {
        Some(device) => answered_from_device(s, round_id, &device).await,
        None => Ok(None),
    }
}

/// The receipt of the answer device `device` gave in a round, if any.
pub async fn answered_from_device(
    s: &crate::server::AppState,
    round_id: crate::domain::Id,
    device: &str,
) -> Result<Option<crate::domain::Receipt>, AppError> {
    Ok(s.repo
        .receipt_for_device(round_id, &device_hash(s, round_id, device))
        .await?)
}

/// The returned form kept under `key`, if it is still there.
pub async fn returned_form(s: &crate::server::AppState, key: &str) -> Option<AnswerForm> {
    crate::server::returned::take(s, key).await
}

/// Checks an answer and stores it exactly once: a repeat of the same answer
/// gets the original receipt, the same id with other content is a conflict,
/// a second answer from one device is refused. `device` is the device token
/// (online answers); staff-entered answers have none.
pub async fn store(
    s: &crate::server::AppState,
    answer: &AnswerForm,
    source: crate::domain::AnswerSource,
    device: Option<&str>,
) -> Result<crate::domain::Receipt, AppError> {
    use crate::server::db::{InsertOutcome, NewResponse, StoredResponse};
    let now = s.clock.now_ts();
    let catalog = s.catalog().await?;
    let schema = &catalog.survey_schema;
    let valid = validate_content(answer, schema, &s.signer, now)?;
    let hash = content_hash(&valid);
    let replay = |stored: StoredResponse| {
        if stored.content_hash == hash {
            Ok(stored.receipt)
        } else {
            Err(AppError::Conflict)
        }
    };
    // Once the survey no longer takes it, a replay still gets its receipt
    // (an answer stored just before the close whose response was lost),
    // not "closed". While it is open, storing finds a replay by its id.
    if let Err(closed) = accepts_at(&schema.round, valid.started_at, now) {
        return match s.repo.response_by_client_id(&answer.client_id).await? {
            Some(stored) => replay(stored),
            None => Err(closed),
        };
    }
    let new = NewResponse {
        round_id: schema.round.id,
        district_id: valid.district_id,
        client_id: answer.client_id.clone(),
        device_hash: device.map(|d| device_hash(s, schema.round.id, d)),
        content_hash: hash.clone(),
        receipt: receipt_code(),
        source,
        other_needs: valid.other.clone(),
        submitted_on: crate::server::time::warsaw_day(now),
        action_ids: valid.action_ids.clone(),
        options: valid.options.clone(),
    };
    match s.repo.insert_response(&new).await? {
        InsertOutcome::Stored(receipt) => {
            // Participation and results change with it.
            s.changed(crate::server::live::Changed::COUNTS);
            Ok(receipt)
        }
        InsertOutcome::DuplicateClientId => replay(
            s.repo
                .response_by_client_id(&answer.client_id)
                .await?
                .ok_or(AppError::Unavailable)?,
        ),
        InsertOutcome::DuplicateDevice => Err(AppError::AlreadyAnswered),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Bilingual, ProfileOption, RoundStatus};
    use crate::server::time::instant;

    const OPEN: i64 = 1_000_000;
    const CLOSE: i64 = 2_000_000;

    fn schema() -> Schema {
        Schema {
            round: Round {
                id: 1,
                slug: "r".into(),
                name: "r".into(),
                status: RoundStatus::Active,
                survey_opens_at: instant(OPEN),
                survey_closes_at: instant(CLOSE),
                max_picks: 3,
                meetings_from: None,
                meetings_until: None,
                results_visibility: Default::default(),
                demo_answers: 0,
            },
            districts: vec![District {
                id: 2,
                numeral: "II".into(),
                name: "Grzegórzki".into(),
                population: 1,
            }],
            action_ids: [10, 11, 12, 13].into_iter().collect(),
            questions: vec![ProfileQuestion {
                id: 5,
                code: "age".into(),
                prompt: Bilingual {
                    pl: "Wiek".into(),
                    en: "Age".into(),
                },
                options: vec![ProfileOption {
                    id: 50,
                    code: "18-29".into(),
                    label: Bilingual {
                        pl: "18–29".into(),
                        en: "18–29".into(),
                    },
                }],
            }],
        }
    }

    fn form(signer: &Signer, at: i64) -> AnswerForm {
        let start = issue_start(signer, at);
        let mut f = AnswerForm {
            client_id: start.client_id,
            start: start.token,
            district: "2".into(),
            ..AnswerForm::default()
        };
        f.toggle_action(10, true);
        f.toggle_action(12, true);
        f.profile.insert("age".into(), "18-29".into());
        f
    }

    #[test]
    fn a_good_answer_passes() {
        let s = Signer::new(b"k");
        let v = validate(&form(&s, OPEN + 5), &schema(), &s, OPEN + 10).unwrap();
        assert_eq!(v.district_id, 2);
        assert_eq!(v.action_ids, vec![10, 12]);
        assert_eq!(v.options, vec![(5, 50)]);
    }

    #[test]
    fn bad_input_is_refused_field_by_field() {
        let s = Signer::new(b"k");
        let now = OPEN + 10;
        let field = |f: AnswerForm| {
            validate(&f, &schema(), &s, now)
                .unwrap_err()
                .field()
                .map(str::to_owned)
        };

        let mut f = form(&s, now);
        f.district = "7".into();
        assert_eq!(field(f), Some("district".into()));
        let mut f = form(&s, now);
        f.district = "".into();
        assert_eq!(field(f), Some("district".into()));
        let mut f = form(&s, now);
        f.toggle_action(99, true);
        assert_eq!(field(f), Some("actions".into()));
        let mut f = form(&s, now);
        f.toggle_action(11, true);
        f.toggle_action(13, true);
        assert_eq!(
            validate(&f, &schema(), &s, now).unwrap_err(),
            AppError::invalid("actions", Invalid::TooMany)
        );
        let mut f = form(&s, now);
        f.actions.insert("11".into(), "10".into());
        assert_eq!(field(f), Some("actions".into()));
        let mut f = form(&s, now);
        f.other = "x".repeat(OTHER_MAX_CHARS + 1);
        assert_eq!(field(f), Some("other".into()));
        let mut f = form(&s, now);
        f.client_id = "not-a-uuid".into();
        assert_eq!(field(f), Some("client_id".into()));
        let mut f = form(&s, now);
        f.start = f.start.replace('.', ".0");
        assert_eq!(field(f), Some("start".into()));
        let f = form(&Signer::new(b"forger"), now);
        assert_eq!(field(f), Some("start".into()));
        let mut f = form(&s, now);
        f.profile.insert("age".into(), "200".into());
        assert_eq!(field(f), Some("profile".into()));
    }

    #[test]
    fn late_delivery_needs_a_start_before_the_deadline() {
        let s = Signer::new(b"k");
        assert!(validate(&form(&s, CLOSE - 60), &schema(), &s, CLOSE + 86_400).is_ok());
        assert_eq!(
            validate(&form(&s, CLOSE + 1), &schema(), &s, CLOSE + 86_400).unwrap_err(),
            AppError::SurveyClosed
        );
        assert_eq!(
            validate(&form(&s, OPEN - 10), &schema(), &s, OPEN - 5).unwrap_err(),
            AppError::SurveyClosed
        );
    }

    #[test]
    fn lateness_is_bounded() {
        let s = Signer::new(b"k");
        // Within the grace period, from a form started the day before closing.
        let started = CLOSE - 86_400;
        assert!(validate(&form(&s, started), &schema(), &s, CLOSE + LATE_GRACE_SECS).is_ok());
        // After the grace period: refused, however genuine the token.
        assert_eq!(
            validate(
                &form(&s, started),
                &schema(),
                &s,
                CLOSE + LATE_GRACE_SECS + 1
            )
            .unwrap_err(),
            AppError::SurveyClosed
        );
        // A page loaded long before closing cannot answer after it.
        let stale = CLOSE - LATE_START_MAX_AGE_SECS - 3600;
        assert_eq!(
            validate(&form(&s, stale), &schema(), &s, CLOSE + 60).unwrap_err(),
            AppError::SurveyClosed
        );
        // …while the survey is open, an old page is fine.
        assert!(validate(&form(&s, OPEN), &schema(), &s, CLOSE - 1).is_ok());
    }

    #[test]
    fn fingerprint_ignores_order_but_not_content() {
        let s = Signer::new(b"k");
        let a = validate(&form(&s, OPEN), &schema(), &s, OPEN).unwrap();
        let mut b = a.clone();
        b.started_at += 100;
        assert_eq!(content_hash(&a), content_hash(&b));
        b.action_ids = vec![10, 13];
        assert_ne!(content_hash(&a), content_hash(&b));
    }

    #[test]
    fn codes_and_tokens_have_their_shape() {
        let code = receipt_code();
        assert!(is_receipt_code(&code), "{code}");
        assert!(!is_receipt_code("abc"));
        let s = Signer::new(b"k");
        let token = new_device_token(&s);
        assert!(is_device_token(&s, &token));
        assert!(!is_device_token(&Signer::new(b"other"), &token));
        assert!(!is_device_token(&s, &"ab".repeat(16)));
        let (id, _) = token.split_once('.').unwrap();
        assert!(!is_device_token(&s, &format!("{id}.{}", "0".repeat(64))));
    }
}
