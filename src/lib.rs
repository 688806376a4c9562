#![recursion_limit = "256"]
//! Porozmawiajmy o Krakowie — district consultations for Kraków.
//!
//! One crate, two builds: `ssr` (the axum server, which also renders every
//! page) and `hydrate` (the WebAssembly that makes the pages interactive).
//! Features live in their own folders, each with its pages and server
//! functions; shared types are in [`domain`], the one error in [`error`]
//! (how server functions answer, errors included, in [`codec`]),
//! the phones' outbox (survey and live page) in [`outbox`],
//! texts in [`i18n`], and everything server-only under [`server`].

pub mod about;
pub mod answers;
pub mod app;
pub mod codec;
pub mod domain;
pub mod error;
pub mod home;
pub mod i18n;
pub mod meetings;
pub mod moderation;
pub mod outbox;
pub mod panel;
pub mod postulates;
pub mod results;
pub mod rounds;
pub mod survey;
pub mod ui;

#[cfg(feature = "ssr")]
pub mod server;

/// Browser entry point: hydrates the page's islands (its interactive parts;
/// the rest is server HTML). Lazy islands hydrate once their code has
/// arrived; the last one marks the page interactive (`ui::island_live`:
/// tests and styles rely on `body[data-hydrated]`).
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    // Readable panics in development; the release wasm leaves the panic
    // formatting machinery out (a few KB residents do not download).
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}

/// Room for the wasm splitter to re-lay the read-only data (see the README,
/// "Lazy islands"): `cargo leptos build --split` moves every string and table
/// into the chunk that uses it, re-packing them per chunk. Re-packing adds a
/// little alignment padding, and when the result is longer than the linker's
/// layout the splitter gives up and leaves *all* of it in the main wasm that
/// every page downloads (wasm_split_cli_support 0.2.3, "Overlong segment").
/// Nothing uses these bytes, so the splitter drops them, and the padding fits
/// in the space they leave. Kept by `#[used]`; never read.
#[cfg(feature = "hydrate")]
#[used]
static SPLIT_SLACK: [u8; 1024] = [0x5a; 1024];
