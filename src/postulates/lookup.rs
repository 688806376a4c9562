//! Server only: `/postulaty/kod?kod=<code>`, where the "Sprawdź po kodzie"
//! form (on `/postulaty` and the live page) sends a code typed in by hand.
//! A well-formed code goes to its follow page; anything else back to the
//! list with the error (a code, never the text typed).

use axum::extract::Query;
use axum::response::{IntoResponse, Redirect, Response};

#[derive(serde::Deserialize)]
pub struct Lookup {
    pub kod: Option<String>,
}

/// A code as people type it: any case, spaces, the dash left out.
pub fn normalise(typed: &str) -> String {
    let code: String = typed
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if code.len() == 10 {
        format!("{}-{}", &code[..5], &code[5..])
    } else {
        code
    }
}

pub async fn serve(Query(lookup): Query<Lookup>) -> Response {
    let code = normalise(lookup.kod.as_deref().unwrap_or_default());
    if crate::server::secrets::is_short_code(&code) {
        Redirect::to(&format!("/postulaty/kod/{code}")).into_response()
    } else {
        let error = crate::error::AppError::invalid("code", crate::error::Invalid::Malformed);
        Redirect::to(&format!("/postulaty?blad={}#kod", error.code())).into_response()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn codes_are_read_as_people_type_them() {
        assert_eq!(super::normalise(" bb8ks-h4pgk "), "BB8KS-H4PGK");
        assert_eq!(super::normalise("bb8ksh4pgk"), "BB8KS-H4PGK");
        assert_eq!(super::normalise("<script>"), "SCRIPT");
    }
}
