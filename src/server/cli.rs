//! Command-line administration: `porozmawiajmy create-admin --email … [--name …]`
//! creates the first admin on a fresh install, reading the password from
//! standard input (one line), so it never appears in the shell history.
//! It migrates the database but never writes demo data into it (a fresh
//! production database stays empty), and takes "now" from the configured
//! clock like the server.

use super::auth::{hash_password, valid_email};
use super::config::{config_path, Config};
use super::db::Repository;
use super::start::{clock_for, open_database, StartError};
use crate::domain::{Role, RoleGrant};
use std::io::BufRead;

#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error("usage: porozmawiajmy create-admin --email <e-mail> [--name <full name>]  (password on stdin)")]
    Usage,
    #[error(transparent)]
    Start(#[from] StartError),
    #[error("{0}")]
    Refused(String),
}

/// Runs a command given on the command line; `None` when there is none (serve).
pub async fn run(args: &[String]) -> Option<Result<String, CliError>> {
    match args.first().map(String::as_str) {
        Some("create-admin") => Some(create_admin(&args[1..]).await),
        Some(_) => Some(Err(CliError::Usage)),
        None => None,
    }
}

fn flag(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .cloned()
}

async fn create_admin(args: &[String]) -> Result<String, CliError> {
    let email = flag(args, "--email").ok_or(CliError::Usage)?;
    let email = valid_email(&email)
        .map_err(|_| CliError::Refused(format!("{email:?} is not a valid e-mail address")))?
        .to_owned();
    let name = flag(args, "--name").unwrap_or_else(|| "Administrator".into());
    let mut password = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut password)
        .map_err(|e| CliError::Refused(format!("cannot read the password from stdin: {e}")))?;
    let password = password.trim_end_matches(['\r', '\n']);
    let hash = hash_password(password).map_err(|_| {
        CliError::Refused("the password must be at least 12 characters long".into())
    })?;

    let config = Config::load(config_path().as_deref()).map_err(StartError::from)?;
    let repo = open_database(&config).await?;
    let now = clock_for(&config).now_ts();
    let grant = RoleGrant {
        role: Role::Admin,
        department_id: None,
        district_id: None,
    };
    let id = repo
        .create_staff(&email, name.trim(), &hash, &[grant], now)
        .await
        .map_err(|e| CliError::Refused(e.to_string()))?
        .ok_or_else(|| CliError::Refused(format!("an account for {email} already exists")))?;
    repo.audit(
        None,
        "admin_created_from_cli",
        "staff_user",
        Some(&id.to_string()),
        Some(&email),
        now,
    )
    .await
    .map_err(|e| CliError::Refused(e.to_string()))?;
    Ok(format!("created admin {email} (id {id})"))
}
