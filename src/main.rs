//! The server binary: `porozmawiajmy` serves the site (address and database
//! from `Leptos.toml` / `LEPTOS_SITE_ADDR` / `DATABASE_URL`).

#[cfg(feature = "ssr")]
#[tokio::main]
async fn main() -> std::process::ExitCode {
    porozmawiajmy::server::start::init_tracing();
    match porozmawiajmy::server::start::serve().await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("porozmawiajmy: cannot start: {err}");
            std::process::ExitCode::FAILURE
        }
    }
}

#[cfg(not(feature = "ssr"))]
pub fn main() {
    // The browser entry point is `hydrate` in lib.rs.
}
