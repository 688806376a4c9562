//! Command-line administration: `porozmawiajmy create-admin --email … [--name …]`
//! creates the first admin on a fresh install, reading the password from
//! standard input (one line), so it never appears in the shell history.
//! `porozmawiajmy demo-answers --count N` adds N made-up survey answers to
//! the active round (demos, benchmarks; see `server::demo_answers`).
//! `porozmawiajmy recount [--check]` counts every survey tally again from
//! the answers, reports where the stored counters differ and repairs them
//! (`--check`: only reports, and fails when something differs).
//! `porozmawiajmy copy-db --from sqlite://… --to postgres://…` moves a
//! consultation to PostgreSQL (see `server::db::copy`).
//! It migrates the database but never writes demo data into it (a fresh
//! production database stays empty), and takes "now" from the configured
//! clock like the server.

use super::auth::{hash_password, valid_email};
use super::config::{config_path, Config};
use super::start::{clock_for, open_database, StartError};
use crate::domain::{Role, RoleGrant};
use std::io::BufRead;

#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error("usage: porozmawiajmy create-admin --email <e-mail> [--name <full name>]  (password on stdin)\n       porozmawiajmy demo-answers --count <number>\n       porozmawiajmy recount [--check]\n       porozmawiajmy backup <new file>\n       porozmawiajmy copy-db --from sqlite://<file> --to postgres://<database>")]
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
        Some("demo-answers") => Some(demo_answers(&args[1..]).await),
        Some("recount") => Some(recount(&args[1..]).await),
        Some("backup") => Some(backup(&args[1..]).await),
        Some("copy-db") => Some(copy_db(&args[1..]).await),
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

async fn demo_answers(args: &[String]) -> Result<String, CliError> {
    let count: u64 = flag(args, "--count")
        .and_then(|n| n.parse().ok())
        .ok_or(CliError::Usage)?;
    let config = Config::load(config_path().as_deref()).map_err(StartError::from)?;
    let repo = super::start::open_repository(&config).await?;
    let now = clock_for(&config).now_ts();
    let stored = super::demo_answers::generate(&*repo, count, now)
        .await
        .map_err(|e| CliError::Refused(e.to_string()))?;
    Ok(format!("added {stored} demo answers"))
}

/// `backup <file>`: a consistent copy of the configured database, taken
/// while the server runs. Restoring is putting the file in the database's
/// place while the server is stopped (README: "Backups").
async fn backup(args: &[String]) -> Result<String, CliError> {
    let [target] = args else {
        return Err(CliError::Usage);
    };
    if std::path::Path::new(target).exists() {
        return Err(CliError::Refused(format!(
            "{target} exists already: a backup is always a new file"
        )));
    }
    let config = Config::load(config_path().as_deref()).map_err(StartError::from)?;
    let repo = open_database(&config).await?;
    let started = std::time::Instant::now();
    repo.backup_to(target)
        .await
        .map_err(|e| CliError::Refused(format!("the backup failed: {e}")))?;
    let bytes = std::fs::metadata(target).map(|m| m.len()).unwrap_or(0);
    Ok(format!(
        "backed up to {target} ({} KB) in {} ms",
        bytes / 1024,
        started.elapsed().as_millis()
    ))
}

/// `copy-db --from sqlite://… --to postgres://…`: the whole consultation
/// into a new PostgreSQL database, checked table by table
/// ([`crate::server::db::copy`]).
async fn copy_db(args: &[String]) -> Result<String, CliError> {
    let (Some(from), Some(to), 4) = (flag(args, "--from"), flag(args, "--to"), args.len()) else {
        return Err(CliError::Usage);
    };
    let started = std::time::Instant::now();
    let report = crate::server::db::copy::sqlite_to_postgres(&from, &to)
        .await
        .map_err(|e| CliError::Refused(format!("copy-db: {e}")))?;
    let mut text = format!(
        "copied in {} ms; every table checked:",
        started.elapsed().as_millis()
    );
    for (table, rows) in &report.rows {
        text.push_str(&format!("\n  {table}: {rows}"));
    }
    Ok(text)
}

async fn recount(args: &[String]) -> Result<String, CliError> {
    let check_only = match args {
        [] => false,
        [flag] if flag == "--check" => true,
        _ => return Err(CliError::Usage),
    };
    let config = Config::load(config_path().as_deref()).map_err(StartError::from)?;
    let repo = open_database(&config).await?;
    let started = std::time::Instant::now();
    let differences = repo
        .recount(!check_only)
        .await
        .map_err(|e| CliError::Refused(e.to_string()))?;
    let took = started.elapsed().as_millis();
    if differences.is_empty() {
        return Ok(format!(
            "recounted in {took} ms: every counter equals the answers"
        ));
    }
    let mut report = format!(
        "recounted in {took} ms: {} counters differ from the answers",
        differences.len()
    );
    for d in differences.iter().take(20) {
        report.push_str(&format!(
            "\n  {} round {} district {} {}: stored {}, counted {}",
            d.table, d.key.0, d.key.1, d.key.2, d.stored, d.counted
        ));
    }
    if check_only {
        Err(CliError::Refused(report))
    } else {
        Ok(format!(
            "{report}\nrepaired: the counters now equal the recount"
        ))
    }
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
