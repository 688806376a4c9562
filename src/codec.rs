//! How server functions' results and errors travel: JSON, exactly as
//! leptos' `Json` output sends it, but read in the browser from text
//! (`serde_json::from_str`), the way the islands read their props and the
//! device's storage. `Json` reads from bytes (`from_slice`), a second copy
//! of serde_json's reader and of every type read both ways in the
//! WebAssembly each island page downloads (README, "Per-page code").
//! Every server function answers with [`JsonText`] (`output = ...` in its
//! `#[server]`), and [`crate::error::AppError`] travels with
//! [`JsonTextEncoding`]. Nothing else belongs here.

use leptos::server_fn::codec::Post;
use leptos::server_fn::{Bytes, ContentType, Decodes, Encodes, Format, FormatType};
use serde::de::{DeserializeOwned, Error as _};
use serde::Serialize;

/// JSON written as bytes, read as text.
pub struct JsonTextEncoding;

/// A server function's output as JSON (`#[server(output = JsonText)]`).
pub type JsonText = Post<JsonTextEncoding>;

impl ContentType for JsonTextEncoding {
    const CONTENT_TYPE: &'static str = "application/json";
}

impl FormatType for JsonTextEncoding {
    const FORMAT_TYPE: Format = Format::Text;
}

impl<T: Serialize> Encodes<T> for JsonTextEncoding {
    type Error = serde_json::Error;

    fn encode(output: &T) -> Result<Bytes, Self::Error> {
        serde_json::to_vec(output).map(Bytes::from)
    }
}

impl<T: DeserializeOwned> Decodes<T> for JsonTextEncoding {
    type Error = serde_json::Error;

    fn decode(bytes: Bytes) -> Result<T, Self::Error> {
        let text = std::str::from_utf8(&bytes).map_err(serde_json::Error::custom)?;
        serde_json::from_str(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{AppError, Invalid};

    #[test]
    fn what_is_written_is_read_back_and_bad_bytes_are_an_error() {
        let error = AppError::invalid("district", Invalid::Unknown);
        let bytes = <JsonTextEncoding as Encodes<AppError>>::encode(&error).unwrap();
        assert_eq!(
            <JsonTextEncoding as Decodes<AppError>>::decode(bytes).unwrap(),
            error
        );
        let bad = Bytes::from_static(b"\"not_found\xff\"");
        assert!(<JsonTextEncoding as Decodes<AppError>>::decode(bad).is_err());
    }
}
