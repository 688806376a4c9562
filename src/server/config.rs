//! Runtime configuration: the `[porozmawiajmy]` section of `Leptos.toml`,
//! overridden by environment variables. Leptos' own settings (site address,
//! site root) are read by `leptos::config::get_configuration` from the same
//! file's `[package.metadata.leptos]` section and `LEPTOS_*` variables.

use crate::about::PublicBody;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The config file: `PORO_CONFIG`, or `Leptos.toml` in the working directory.
pub fn config_path() -> Option<PathBuf> {
    match std::env::var_os("PORO_CONFIG") {
        Some(p) => Some(PathBuf::from(p)),
        None => {
            let default = PathBuf::from("Leptos.toml");
            default.exists().then_some(default)
        }
    }
}

/// Made-up survey answers written with the demo data by default.
pub const DEMO_ANSWERS: u64 = 3_000;

#[derive(Debug, Clone)]
pub struct Config {
    /// `sqlite://path/to/file.db` (created if missing) or
    /// `postgres://user@host/database` (scale-out). Env: `DATABASE_URL`.
    pub database_url: String,
    /// Pins the server's "now" (RFC 3339), for demos and tests. Env: `PORO_NOW`.
    pub now: Option<DateTime<Utc>>,
    /// Fill an empty database with Kraków's demo round. Env: `PORO_SEED_DEMO`.
    pub seed_demo_data: bool,
    /// How many made-up survey answers the demo data gets (0: none), so the
    /// results have something to show; none when no demo data is written.
    /// Env: `PORO_DEMO_ANSWERS`.
    pub demo_answers: u64,
    /// Largest accepted request body, bytes. Env: `PORO_MAX_BODY_BYTES`.
    pub max_body_bytes: usize,
    /// `Secure` on cookies (and HSTS). Unset: decided by `public_url`
    /// (`https://…` → on, `http://…` → off), and on when that is unset too.
    /// Env: `PORO_SECURE_COOKIES`.
    pub secure_cookies: Option<bool>,
    /// The address residents type, e.g. `https://porozmawiajmy.krakow.pl`
    /// (behind a reverse proxy it differs from the listen address).
    /// Env: `PORO_PUBLIC_URL`.
    pub public_url: Option<String>,
    /// Reverse proxies whose `X-Forwarded-For` is believed (addresses or
    /// CIDR ranges). Empty: the peer address is the client's. Env:
    /// `PORO_TRUSTED_PROXIES` (comma-separated).
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// Who runs the site: named by the privacy notice and the accessibility
    /// statement. Env: `PORO_BODY_NAME`, `PORO_BODY_ADDRESS`,
    /// `PORO_CONTACT_EMAIL`, `PORO_DPO_EMAIL`, `PORO_STATEMENT_PUBLISHED`,
    /// `PORO_STATEMENT_UPDATED`.
    pub body: PublicBody,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            database_url: "sqlite://data/porozmawiajmy.db".into(),
            now: None,
            seed_demo_data: true,
            demo_answers: DEMO_ANSWERS,
            max_body_bytes: 64 * 1024,
            secure_cookies: None,
            public_url: None,
            trusted_proxies: Vec::new(),
            body: PublicBody::default(),
        }
    }
}

impl Config {
    /// Whether cookies get `Secure` (and responses HSTS): the explicit
    /// setting, else the public URL's scheme, else on.
    pub fn secure(&self) -> bool {
        self.secure_cookies.unwrap_or_else(|| {
            self.public_url
                .as_deref()
                .is_none_or(|url| url.starts_with("https://"))
        })
    }

    /// What serving needs beyond valid values: with `Secure` cookies the
    /// site's address must be known. Without it QR codes, feeds and open
    /// data would link `http://<Host>`, and a phone that came that way never
    /// gets the Secure device cookie — every submission would fail. The
    /// server refuses to start instead (the CLI needs no address).
    pub fn check_serving(&self) -> Result<(), ConfigError> {
        if self.secure() && self.public_url.is_none() {
            return Err(ConfigError::Value {
                name: "public-url (PORO_PUBLIC_URL)",
                value: String::new(),
                expected: "the address residents use, required while cookies are Secure: \
                           https://… behind HTTPS; for plain HTTP http://host:port",
            });
        }
        Ok(())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{path} is not valid TOML: {message}")]
    Parse { path: String, message: String },
    #[error("{name} = {value:?} is not valid: {expected}")]
    Value {
        name: &'static str,
        value: String,
        expected: &'static str,
    },
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
struct FileConfig {
    #[serde(default)]
    porozmawiajmy: Section,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
struct Section {
    database_url: Option<String>,
    now: Option<String>,
    seed_demo_data: Option<bool>,
    demo_answers: Option<u64>,
    max_body_bytes: Option<usize>,
    secure_cookies: Option<bool>,
    public_url: Option<String>,
    trusted_proxies: Option<Vec<String>>,
    body_name: Option<String>,
    body_address: Option<String>,
    contact_email: Option<String>,
    dpo_email: Option<String>,
    statement_published: Option<String>,
    statement_updated: Option<String>,
}

impl Config {
    /// Reads the file (if any), then the environment.
    pub fn load(path: Option<&Path>) -> Result<Config, ConfigError> {
        let section = match path {
            Some(path) => {
                let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
                    path: path.display().to_string(),
                    source,
                })?;
                toml::from_str::<FileConfig>(&text)
                    .map_err(|e| ConfigError::Parse {
                        path: path.display().to_string(),
                        message: e.message().to_owned(),
                    })?
                    .porozmawiajmy
            }
            None => Section::default(),
        };
        Self::from_parts(section, |name| std::env::var(name).ok())
    }

    fn from_parts(
        section: Section,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Config, ConfigError> {
        let mut config = Config::default();
        if let Some(url) = env("DATABASE_URL").or(section.database_url) {
            config.database_url = url;
        }
        if let Some(now) = env("PORO_NOW").or(section.now).filter(|s| !s.is_empty()) {
            let parsed = DateTime::parse_from_rfc3339(&now).map_err(|_| ConfigError::Value {
                name: "now (PORO_NOW)",
                value: now.clone(),
                expected: "an RFC 3339 instant, e.g. 2028-03-04T12:00:00+01:00",
            })?;
            config.now = Some(parsed.with_timezone(&Utc));
        }
        if let Some(seed) = env("PORO_SEED_DEMO") {
            config.seed_demo_data = parse_bool("PORO_SEED_DEMO", &seed)?;
        } else if let Some(seed) = section.seed_demo_data {
            config.seed_demo_data = seed;
        }
        if let Some(n) = env("PORO_DEMO_ANSWERS") {
            config.demo_answers = n.parse().map_err(|_| ConfigError::Value {
                name: "PORO_DEMO_ANSWERS",
                value: n.clone(),
                expected: "a number of answers",
            })?;
        } else if let Some(n) = section.demo_answers {
            config.demo_answers = n;
        }
        if let Some(bytes) = env("PORO_MAX_BODY_BYTES") {
            config.max_body_bytes = bytes.parse().map_err(|_| ConfigError::Value {
                name: "PORO_MAX_BODY_BYTES",
                value: bytes.clone(),
                expected: "a number of bytes",
            })?;
        } else if let Some(bytes) = section.max_body_bytes {
            config.max_body_bytes = bytes;
        }
        if let Some(secure) = env("PORO_SECURE_COOKIES") {
            config.secure_cookies = Some(parse_bool("PORO_SECURE_COOKIES", &secure)?);
        } else {
            config.secure_cookies = section.secure_cookies;
        }
        if let Some(url) = env("PORO_PUBLIC_URL")
            .or(section.public_url)
            .filter(|u| !u.trim().is_empty())
        {
            let url = url.trim().trim_end_matches('/').to_owned();
            if !(url.starts_with("https://") || url.starts_with("http://")) {
                return Err(ConfigError::Value {
                    name: "public-url (PORO_PUBLIC_URL)",
                    value: url,
                    expected: "an http:// or https:// address",
                });
            }
            config.public_url = Some(url);
        }
        let proxies = match env("PORO_TRUSTED_PROXIES") {
            Some(list) => list.split(',').map(str::to_owned).collect(),
            None => section.trusted_proxies.unwrap_or_default(),
        };
        for proxy in proxies.iter().map(|p| p.trim()).filter(|p| !p.is_empty()) {
            config.trusted_proxies.push(parse_net(proxy)?);
        }
        let body = &mut config.body;
        for (field, name, file) in [
            (&mut body.name, "PORO_BODY_NAME", section.body_name),
            (&mut body.address, "PORO_BODY_ADDRESS", section.body_address),
            (
                &mut body.contact_email,
                "PORO_CONTACT_EMAIL",
                section.contact_email,
            ),
            (&mut body.dpo_email, "PORO_DPO_EMAIL", section.dpo_email),
        ] {
            if let Some(value) = env(name).or(file).filter(|v| !v.trim().is_empty()) {
                *field = value.trim().to_owned();
            }
        }
        for (field, name, var, file) in [
            (
                &mut body.statement_published,
                "statement-published (PORO_STATEMENT_PUBLISHED)",
                "PORO_STATEMENT_PUBLISHED",
                section.statement_published,
            ),
            (
                &mut body.statement_updated,
                "statement-updated (PORO_STATEMENT_UPDATED)",
                "PORO_STATEMENT_UPDATED",
                section.statement_updated,
            ),
        ] {
            if let Some(value) = env(var).or(file).filter(|v| !v.trim().is_empty()) {
                let value = value.trim().to_owned();
                if chrono::NaiveDate::parse_from_str(&value, "%Y-%m-%d").is_err() {
                    return Err(ConfigError::Value {
                        name,
                        value,
                        expected: "a date, e.g. 2026-11-28",
                    });
                }
                *field = value;
            }
        }
        Ok(config)
    }
}

/// `10.0.0.1` (one address) or `10.0.0.0/8` (a range).
fn parse_net(text: &str) -> Result<ipnet::IpNet, ConfigError> {
    text.parse::<ipnet::IpNet>()
        .or_else(|_| text.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
        .map_err(|_| ConfigError::Value {
            name: "trusted-proxies (PORO_TRUSTED_PROXIES)",
            value: text.to_owned(),
            expected: "IP addresses or CIDR ranges, e.g. 127.0.0.1 or 10.0.0.0/8",
        })
}

fn parse_bool(name: &'static str, value: &str) -> Result<bool, ConfigError> {
    match value.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" => Ok(false),
        _ => Err(ConfigError::Value {
            name,
            value: value.to_owned(),
            expected: "true or false",
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn section(toml_text: &str) -> Section {
        toml::from_str::<FileConfig>(toml_text)
            .unwrap()
            .porozmawiajmy
    }

    #[test]
    fn environment_overrides_file() {
        let s = section("[porozmawiajmy]\ndatabase-url = \"sqlite://a.db\"\nnow = \"2028-03-04T00:00:00+01:00\"\n");
        let c = Config::from_parts(s, |name| {
            (name == "DATABASE_URL").then(|| "sqlite://b.db".to_string())
        })
        .unwrap();
        assert_eq!(c.database_url, "sqlite://b.db");
        assert_eq!(c.now.unwrap().to_rfc3339(), "2028-03-03T23:00:00+00:00");
    }

    /// The configuration from these environment variables alone.
    fn load(vars: &[(&str, &str)]) -> Config {
        Config::from_parts(Section::default(), |name| {
            vars.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        })
        .unwrap()
    }

    #[test]
    fn cookies_are_secure_unless_told_otherwise() {
        assert!(load(&[]).secure());
        assert!(load(&[("PORO_PUBLIC_URL", "https://konsultacje.krakow.pl")]).secure());
        assert!(!load(&[("PORO_PUBLIC_URL", "http://127.0.0.1:3000")]).secure());
        assert!(!load(&[
            ("PORO_PUBLIC_URL", "https://konsultacje.krakow.pl"),
            ("PORO_SECURE_COOKIES", "false")
        ])
        .secure());
        let c = load(&[("PORO_TRUSTED_PROXIES", "127.0.0.1, 10.0.0.0/8")]);
        assert_eq!(c.trusted_proxies.len(), 2);
        assert!(Config::from_parts(Section::default(), |name| {
            (name == "PORO_TRUSTED_PROXIES").then(|| "nginx".to_string())
        })
        .is_err());
    }

    #[test]
    fn secure_cookies_need_the_public_address() {
        let err = load(&[]).check_serving().unwrap_err();
        assert!(err.to_string().contains("PORO_PUBLIC_URL"), "{err}");
        assert!(load(&[("PORO_SECURE_COOKIES", "true")])
            .check_serving()
            .is_err());
        assert!(
            load(&[("PORO_PUBLIC_URL", "https://konsultacje.krakow.pl")])
                .check_serving()
                .is_ok()
        );
        assert!(load(&[("PORO_PUBLIC_URL", "http://127.0.0.1:3000")])
            .check_serving()
            .is_ok());
        assert!(load(&[("PORO_SECURE_COOKIES", "false")])
            .check_serving()
            .is_ok());
    }

    #[test]
    fn bad_now_is_a_clear_error() {
        let err = Config::from_parts(Section::default(), |name| {
            (name == "PORO_NOW").then(|| "tomorrow".to_string())
        })
        .unwrap_err();
        assert!(err.to_string().contains("RFC 3339"));
    }

    #[test]
    fn leptos_section_is_ignored_and_unknown_keys_refused() {
        let text = "[package.metadata.leptos]\noutput-name = \"x\"\n[porozmawiajmy]\nseed-demo-data = false\n";
        assert!(
            !Config::from_parts(section(text), |_| None)
                .unwrap()
                .seed_demo_data
        );
        assert!(toml::from_str::<FileConfig>("[porozmawiajmy]\ntypo = 1\n").is_err());
    }

    #[test]
    fn the_public_body_is_configurable_and_its_dates_checked() {
        let text =
            "[porozmawiajmy]\nbody-name = \"Gmina Testowa\"\nstatement-updated = \"2027-01-15\"\n";
        let c = Config::from_parts(section(text), |name| {
            (name == "PORO_DPO_EMAIL").then(|| "iod@test.example".to_string())
        })
        .unwrap();
        assert_eq!(c.body.name, "Gmina Testowa");
        assert_eq!(c.body.dpo_email, "iod@test.example");
        assert_eq!(c.body.statement_updated, "2027-01-15");
        assert_eq!(c.body.address, PublicBody::default().address);
        let err = Config::from_parts(Section::default(), |name| {
            (name == "PORO_STATEMENT_PUBLISHED").then(|| "28.11.2026".to_string())
        })
        .unwrap_err();
        assert!(err.to_string().contains("statement-published"));
    }
}
