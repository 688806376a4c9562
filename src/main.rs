//! The server binary: `porozmawiajmy` serves the site (address and database
//! from `Leptos.toml` / `LEPTOS_SITE_ADDR` / `DATABASE_URL`);
//! `porozmawiajmy create-admin --email …` creates an admin account.

/// mimalloc rather than glibc's malloc: page rendering allocates many small
/// strings, and the allocator was a quarter of the CPU time of `/ankieta`.
#[cfg(feature = "ssr")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[cfg(feature = "ssr")]
#[tokio::main]
async fn main() -> std::process::ExitCode {
    use porozmawiajmy::server::{cli, start};
    start::init_tracing();
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(result) = cli::run(&args).await {
        return match result {
            Ok(message) => {
                println!("{message}");
                std::process::ExitCode::SUCCESS
            }
            Err(err) => {
                eprintln!("porozmawiajmy: {err}");
                std::process::ExitCode::FAILURE
            }
        };
    }
    match start::serve().await {
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
