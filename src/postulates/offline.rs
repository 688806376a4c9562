//! What the live page keeps on the phone: the postulate being typed (a
//! draft per meeting) and the outbox of postulates waiting for a
//! connection (the shared [`crate::outbox`], the one the survey uses).
//! Browser only in effect — called from the live page island's effects and
//! event handlers. The storage keys and the stored shape are those the
//! earlier script used, so a postulate queued by an older page is still
//! sent.

use crate::outbox::{Outbox, Outgoing};
use serde::{Deserialize, Serialize};

/// A postulate as it waits in the outbox: the form's fields as sent.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostulateEntry {
    pub meeting: String,
    pub client_id: String,
    pub body: String,
    #[serde(default)]
    pub district: Option<String>,
    #[serde(default)]
    pub theme: Option<String>,
}

impl Outgoing for PostulateEntry {
    fn client_id(&self) -> &str {
        &self.client_id
    }
}

/// Postulates waiting to be delivered (all meetings: one sent from a
/// meeting's page goes even if the phone opens another one later).
pub const OUTBOX: Outbox<PostulateEntry> = Outbox::new("poro-postulate-outbox");

/// The key of the draft of a meeting's postulate.
pub fn draft_key(meeting: crate::domain::Id) -> String {
    format!("poro-postulate-draft-{meeting}")
}

impl PostulateEntry {
    /// The entry a form's fields make (name, value pairs as the browser
    /// sends them).
    pub fn from_fields(fields: impl IntoIterator<Item = (String, String)>) -> Self {
        let mut entry = Self::default();
        for (name, value) in fields {
            match name.as_str() {
                "meeting" => entry.meeting = value,
                "client_id" => entry.client_id = value,
                "body" => entry.body = value,
                "district" => entry.district = Some(value),
                "theme" => entry.theme = Some(value),
                _ => {}
            }
        }
        entry
    }
}

/// A fresh client id (a version 4 UUID) from the browser's random source;
/// `crypto.randomUUID` would need HTTPS, `getRandomValues` does not.
pub fn new_client_id() -> Option<String> {
    #[cfg(feature = "hydrate")]
    {
        let mut bytes = [0u8; 16];
        leptos::prelude::window()
            .crypto()
            .ok()?
            .get_random_values_with_u8_array(&mut bytes)
            .ok()?;
        Some(uuid_v4(bytes))
    }
    #[cfg(not(feature = "hydrate"))]
    None
}

/// Sixteen random bytes as a version 4, variant 1 UUID.
pub fn uuid_v4(mut bytes: [u8; 16]) -> String {
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_ids_are_version_4_uuids_the_server_accepts() {
        for bytes in [[0u8; 16], [0xff; 16], *b"0123456789abcdef"] {
            let id = uuid_v4(bytes);
            let parsed = uuid::Uuid::parse_str(&id).expect("a UUID");
            assert_eq!(parsed.get_version_num(), 4, "{id}");
            assert_eq!(parsed.get_variant(), uuid::Variant::RFC4122, "{id}");
        }
        assert_ne!(uuid_v4([1; 16]), uuid_v4([2; 16]));
    }

    #[test]
    fn an_entry_queued_by_the_earlier_script_is_read() {
        // `Object.fromEntries(new FormData(form))` of the old live.js.
        let stored =
            r#"[{"meeting":"6","client_id":"a","body":"Ławka","district":"3","theme":""}]"#;
        let entries: Vec<PostulateEntry> = serde_json::from_str(stored).unwrap();
        assert_eq!(
            entries,
            [PostulateEntry {
                meeting: "6".into(),
                client_id: "a".into(),
                body: "Ławka".into(),
                district: Some("3".into()),
                theme: Some(String::new()),
            }]
        );
        let fields = [
            ("meeting", "6"),
            ("client_id", "a"),
            ("body", "Ławka"),
            ("district", "3"),
            ("theme", ""),
        ];
        assert_eq!(
            PostulateEntry::from_fields(fields.map(|(n, v)| (n.to_owned(), v.to_owned()))),
            entries[0]
        );
    }
}
