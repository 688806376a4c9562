//! The survey answer as the form sends it (also the draft kept on the device).

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Longest "other needs" text, in characters.
pub const OTHER_MAX_CHARS: usize = 1000;

/// One resident's answer, exactly as submitted. Field names are the form's
/// (`answer[district]`, `answer[actions][<id>]`, `answer[profile][<code>]`),
/// so the same server function serves the hydrated page and a plain HTML
/// form post with JavaScript off.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnswerForm {
    /// UUID made when the form was started: the answer's identity.
    pub client_id: String,
    /// The server's signed start token for `client_id`.
    pub start: String,
    /// District id.
    #[serde(default)]
    pub district: String,
    /// Chosen action ids (key and value are the same id).
    #[serde(default)]
    pub actions: BTreeMap<String, String>,
    #[serde(default)]
    pub other: String,
    /// Profile question code → option code ("" = no answer).
    #[serde(default)]
    pub profile: BTreeMap<String, String>,
}

/// A form field's value: one text (`answer[other]`) or keyed texts
/// (`answer[actions][<id>]`). Read by hand (a string or an object of
/// strings): serde's untagged reader would buffer and try each kind.
#[derive(Serialize)]
#[serde(untagged)]
enum Field {
    One(String),
    Keyed(BTreeMap<String, String>),
}

impl<'de> Deserialize<'de> for Field {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Either;
        impl<'de> serde::de::Visitor<'de> for Either {
            type Value = Field;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a text or an object of texts")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Field, E> {
                Ok(Field::One(v.to_owned()))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut m: A) -> Result<Field, A::Error> {
                let mut map = BTreeMap::new();
                while let Some((k, v)) = m.next_entry()? {
                    map.insert(k, v);
                }
                Ok(Field::Keyed(map))
            }
        }
        d.deserialize_any(Either)
    }
}

/// `answer[actions][7]` → (`actions`, `Some("7")`); `answer[other]` →
/// (`other`, `None`); a name with no field part (`source`) → `None`.
pub fn split_name(name: &str) -> Option<(&str, Option<&str>)> {
    let mut parts = name.split(['[', ']']).filter(|part| !part.is_empty());
    parts.next()?;
    let field = parts.next()?;
    Some((field, parts.next()))
}

impl AnswerForm {
    /// The form cut to what its fields allow (what a returned form keeps):
    /// ids and tokens to their lengths, at most 64 actions and 16 profile
    /// answers, the text to its limit.
    pub fn bounded(&self) -> AnswerForm {
        let cut = |text: &str, max: usize| text.chars().take(max).collect::<String>();
        AnswerForm {
            client_id: cut(&self.client_id, 36),
            start: cut(&self.start, 256),
            district: cut(&self.district, 12),
            actions: self
                .actions
                .iter()
                .take(64)
                .map(|(k, v)| (cut(k, 12), cut(v, 12)))
                .collect(),
            other: cut(&self.other, OTHER_MAX_CHARS),
            profile: self
                .profile
                .iter()
                .take(16)
                .map(|(k, v)| (cut(k, 32), cut(v, 32)))
                .collect(),
        }
    }

    /// The form rebuilt from its fields as a browser holds them
    /// (`answer[district]`, `answer[actions][<id>]`, `answer[profile][<code>]`
    /// …): what a resident chose before the page's code took over. Read
    /// through the form's own serde names, not a second list of them (in
    /// the split wasm, new string constants that overlap the serde names
    /// pulled 37 KB of shared text into the main chunk — measured); fields
    /// of no known name are ignored, an empty choice is no answer.
    pub fn from_fields(fields: impl IntoIterator<Item = (String, String)>) -> AnswerForm {
        let mut form = BTreeMap::<String, Field>::new();
        for (name, value) in fields {
            let Some((field, key)) = split_name(&name) else {
                continue;
            };
            match key {
                None => {
                    form.insert(field.to_owned(), Field::One(value));
                }
                Some(key) if !value.is_empty() => {
                    let entry = form
                        .entry(field.to_owned())
                        .or_insert_with(|| Field::Keyed(BTreeMap::new()));
                    if let Field::Keyed(map) = entry {
                        map.insert(key.to_owned(), value);
                    }
                }
                Some(_) => {}
            }
        }
        serde_json::to_string(&form)
            .ok()
            .and_then(|json| serde_json::from_str(&json).ok())
            .unwrap_or_default()
    }

    /// The form's fields as a browser would send them, the inverse of
    /// [`AnswerForm::from_fields`] (what puts a draft back into the page's
    /// form): `answer[district]`, one `answer[actions][<id>]` per action…;
    /// empty choices are left out. Named through the form's serde names
    /// too, for the same reason.
    pub fn to_fields(&self) -> Vec<(String, String)> {
        let form: BTreeMap<String, Field> = serde_json::to_string(self)
            .ok()
            .and_then(|json| serde_json::from_str(&json).ok())
            .unwrap_or_default();
        let mut fields = Vec::new();
        for (field, value) in form {
            match value {
                Field::One(v) => fields.push((format!("answer[{field}]"), v)),
                Field::Keyed(map) => fields.extend(
                    map.into_iter()
                        .filter(|(_, v)| !v.is_empty())
                        .map(|(k, v)| (format!("answer[{field}][{k}]"), v)),
                ),
            }
        }
        fields
    }

    pub fn picks(&self) -> usize {
        self.actions.len()
    }

    pub fn has_action(&self, id: i64) -> bool {
        self.actions.contains_key(&id.to_string())
    }

    pub fn toggle_action(&mut self, id: i64, on: bool) {
        if on {
            self.actions.insert(id.to_string(), id.to_string());
        } else {
            self.actions.remove(&id.to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_bounded_form_keeps_what_its_fields_allow() {
        let mut form = super::AnswerForm {
            client_id: "x".repeat(10_000),
            other: "ą".repeat(5_000),
            ..Default::default()
        };
        for i in 0..1_000 {
            form.actions.insert(i.to_string(), i.to_string());
        }
        let b = form.bounded();
        assert_eq!(b.client_id.len(), 36);
        assert_eq!(b.other.chars().count(), super::OTHER_MAX_CHARS);
        assert_eq!(b.actions.len(), 64);
    }

    #[test]
    fn a_form_is_rebuilt_from_its_fields() {
        let fields = [
            ("answer[client_id]", "c"),
            ("answer[start]", "s"),
            ("answer[district]", "2"),
            ("answer[actions][7]", "7"),
            ("answer[actions][12]", "12"),
            ("answer[other]", "ławki [przy] szkole"),
            ("answer[profile][age]", "30-44"),
            ("answer[profile][mode]", ""),
            ("source", "paper"),
            ("answer[unknown]", "x"),
        ]
        .map(|(n, v)| (n.to_owned(), v.to_owned()));
        let mut want = super::AnswerForm {
            client_id: "c".into(),
            start: "s".into(),
            district: "2".into(),
            other: "ławki [przy] szkole".into(),
            ..Default::default()
        };
        want.toggle_action(7, true);
        want.toggle_action(12, true);
        want.profile.insert("age".into(), "30-44".into());
        assert_eq!(super::AnswerForm::from_fields(fields), want);
    }

    #[test]
    fn a_form_goes_back_into_its_fields() {
        let mut form = super::AnswerForm {
            client_id: "c".into(),
            start: "s".into(),
            district: "2".into(),
            other: "ławki [przy] szkole".into(),
            ..Default::default()
        };
        form.toggle_action(7, true);
        form.profile.insert("age".into(), "30-44".into());
        form.profile.insert("mode".into(), String::new());
        let fields = form.to_fields();
        assert!(fields.contains(&("answer[actions][7]".into(), "7".into())));
        assert!(fields.contains(&("answer[district]".into(), "2".into())));
        assert!(!fields
            .iter()
            .any(|(name, _)| name == "answer[profile][mode]"));
        form.profile.remove("mode");
        assert_eq!(super::AnswerForm::from_fields(fields), form);
    }
}
