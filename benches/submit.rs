//! Survey submission benchmark: throughput and latency through the real HTTP
//! server-function endpoint with N concurrent clients (N = 1, 64, 512), in
//! one run on:
//! - SQLite (WAL, synchronous=FULL: every commit synced; answers go through
//!   the group commit), against raw inserts of the same rows into the same
//!   database — one answer per commit, and 64 per commit;
//! - PostgreSQL, one instance, and two instances on one database with the
//!   clients spread over both (each instance's group commit; the server at
//!   `PORO_BENCH_POSTGRES_URL`, which `scripts/bench-submit.sh` starts with
//!   fsync and synchronous_commit on). Without that variable the PostgreSQL
//!   rows say they were skipped.
//!
//! The instances here are whole server states (`AppState`: own pool, hub,
//! caches, rate limits) serving HTTP on their own ports in this process,
//! so two instances share the machine's cores as two processes would.
//!
//! Each simulated phone does what a phone does: opens `/ankieta` (which sets
//! its device cookie and gives the form its client id and start token),
//! then sends its answer — only the sending is timed. Only answers found
//! stored afterwards count; a level with any refused or unstored answer
//! fails the run (exit 1) and no ratio is printed.
//!
//! Run: `scripts/bench-submit.sh` (or `cargo bench --features ssr --bench submit`).

use porozmawiajmy::domain::AnswerSource;
use porozmawiajmy::server::clock::FixedClock;
use porozmawiajmy::server::config::Config;
use porozmawiajmy::server::db::group_commit::BatchStore;
use porozmawiajmy::server::db::postgres::PgRepository;
use porozmawiajmy::server::db::sqlite::SqliteRepository;
use porozmawiajmy::server::db::{NewResponse, Repository};
use porozmawiajmy::server::rate_limit::{Limit, RateLimits};
use porozmawiajmy::server::start::seed_if_empty;
use porozmawiajmy::server::AppState;
use porozmawiajmy::survey::service::receipt_code;
use porozmawiajmy::survey::SUBMIT_PATH;
use std::net::SocketAddr;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

/// The allocator the server binary runs on (`src/main.rs`): the router is
/// measured in this process as it runs there.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Answers per level and setup (`BENCH_ANSWERS`, default 3,000).
fn answers_per_level() -> usize {
    std::env::var("BENCH_ANSWERS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(3000)
}

const LEVELS: [usize; 3] = [1, 64, 512];

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

/// One keep-alive HTTP/1.1 connection.
struct Client {
    reader: BufReader<TcpStream>,
}

/// A response: status, headers (lower-case names) and body.
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Client {
    async fn connect(addr: SocketAddr) -> Client {
        let stream = TcpStream::connect(addr).await.expect("connect");
        stream.set_nodelay(true).ok();
        Client {
            reader: BufReader::new(stream),
        }
    }

    async fn request(&mut self, method: &str, path: &str, cookie: &str, body: &str) -> Answer {
        let cookie = if cookie.is_empty() {
            String::new()
        } else {
            format!("Cookie: {cookie}\r\n")
        };
        let req = format!(
            "{method} {path} HTTP/1.1\r\nHost: bench\r\nAccept: application/json\r\n\
             Content-Type: application/x-www-form-urlencoded\r\n{cookie}\
             Content-Length: {}\r\n\r\n{body}",
            body.len()
        );
        self.reader
            .get_mut()
            .write_all(req.as_bytes())
            .await
            .expect("write");
        let mut line = String::new();
        self.reader.read_line(&mut line).await.expect("status line");
        let status: u16 = line
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let mut headers = Vec::new();
        loop {
            line.clear();
            self.reader.read_line(&mut line).await.expect("header");
            let l = line.trim_end();
            if l.is_empty() {
                break;
            }
            if let Some((name, value)) = l.split_once(':') {
                headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
            }
        }
        let header = |name: &str| headers.iter().find(|(n, _)| n == name).map(|(_, v)| v);
        let mut body = Vec::new();
        if header("transfer-encoding").is_some_and(|v| v.contains("chunked")) {
            loop {
                line.clear();
                self.reader.read_line(&mut line).await.expect("chunk size");
                let size = usize::from_str_radix(line.trim(), 16).unwrap_or(0);
                let mut chunk = vec![0; size + 2];
                self.reader.read_exact(&mut chunk).await.expect("chunk");
                if size == 0 {
                    break;
                }
                body.extend_from_slice(&chunk[..size]);
            }
        } else {
            let length = header("content-length")
                .and_then(|v| v.parse().ok())
                .unwrap_or(0);
            body = vec![0; length];
            self.reader.read_exact(&mut body).await.expect("body");
        }
        Answer {
            status,
            headers,
            body,
        }
    }
}

/// The value of `name="<name>" value="…"` in a page.
fn hidden_field(html: &str, name: &str) -> Option<String> {
    let from = html.find(&format!("name=\"{name}\" value=\""))? + name.len() + 15;
    Some(html[from..].split('"').next()?.to_owned())
}

/// What a phone has after opening `/ankieta`: its device cookie (set by
/// the page) and the form's client id and start token (in the page).
async fn open_survey(client: &mut Client) -> Option<(String, String)> {
    let page = client.request("GET", "/ankieta", "", "").await;
    if page.status != 200 {
        return None;
    }
    let cookie = page
        .headers
        .iter()
        .filter(|(n, _)| n == "set-cookie")
        .find_map(|(_, v)| {
            v.split(';')
                .next()
                .filter(|c| c.starts_with("poro_device="))
        })?
        .to_owned();
    let html = String::from_utf8_lossy(&page.body);
    let client_id = hidden_field(&html, "answer[client_id]")?;
    let start = hidden_field(&html, "answer[start]")?;
    let body = format!(
        "answer%5Bclient_id%5D={client_id}&answer%5Bstart%5D={}&answer%5Bdistrict%5D=4",
        porozmawiajmy::ui::encode_query_value(&start)
    );
    Some((cookie, body))
}

async fn stored_answers(count: &sqlx::AnyPool) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM responses")
        .fetch_one(count)
        .await
        .expect("count")
}

/// Starts one instance over `repo`: a server state with the bench's rate
/// limits, serving the app's router on a free port.
async fn instance(
    repo: Arc<dyn Repository>,
    config: &Config,
    now: chrono::DateTime<chrono::Utc>,
) -> SocketAddr {
    let options = leptos::config::LeptosOptions::builder()
        .output_name("porozmawiajmy")
        .hash_files(false)
        .build();
    let state = AppState::new(options, repo, Arc::new(FixedClock(now)), config.clone())
        .await
        .expect("state");
    // Every request comes from 127.0.0.1: lift the per-IP limits for the
    // load (answers and new device tokens: 3,000 phones open the survey
    // within seconds), keep the per-device one (each phone answers once).
    let mut limits = RateLimits::new((10, 1), (u32::MAX, u32::MAX));
    limits.device_tokens_per_ip = Limit::new(u32::MAX, u32::MAX, &limits.clock);
    let state = state.with(|s| s.limits = Arc::new(limits));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = porozmawiajmy::server::http::router(state);
    tokio::spawn(async move {
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
        .unwrap();
    });
    addr
}

/// What one level measured.
struct Level {
    clients: usize,
    stored: i64,
    expected: i64,
    elapsed: Duration,
    latencies: Vec<Duration>,
    failures: usize,
}

impl Level {
    fn rate(&self) -> f64 {
        self.stored as f64 / self.elapsed.as_secs_f64()
    }

    fn p99(&self) -> Duration {
        percentile(&self.latencies, 0.99)
    }

    fn ok(&self) -> bool {
        self.failures == 0 && self.stored == self.expected
    }

    fn print(&self, setup: &str, extra: &str) {
        println!(
            "{setup:<26} N={:>3}: {:>6} answers stored in {:>6.2} s = {:>7.0} answers/s   p50 {:>6.2} ms   p99 {:>7.2} ms   failures {}{extra}",
            self.clients,
            self.stored,
            self.elapsed.as_secs_f64(),
            self.rate(),
            percentile(&self.latencies, 0.50).as_secs_f64() * 1000.0,
            self.p99().as_secs_f64() * 1000.0,
            self.failures,
        );
    }
}

/// `clients` phones, spread over the instances at `addrs` (client i on
/// instance i mod n), each opening the survey and then sending its answer;
/// only answers found stored afterwards count.
async fn run_level(
    addrs: &[SocketAddr],
    clients: usize,
    actions: &[i64],
    count: &sqlx::AnyPool,
) -> Level {
    let per_client = answers_per_level().div_ceil(clients);
    let before = stored_answers(count).await;
    let mut tasks = Vec::new();
    let ready = Arc::new(tokio::sync::Barrier::new(clients + 1));
    for i in 0..clients {
        let actions = actions.to_vec();
        let ready = ready.clone();
        let addr = addrs[i % addrs.len()];
        tasks.push(tokio::spawn(async move {
            let mut client = Client::connect(addr).await;
            // The phones open the survey first (untimed).
            let mut phones = Vec::with_capacity(per_client);
            for _ in 0..per_client {
                phones.push(open_survey(&mut client).await);
            }
            ready.wait().await;
            let mut latencies = Vec::with_capacity(per_client);
            let mut failures = 0;
            for phone in phones {
                let Some((cookie, mut body)) = phone else {
                    failures += 1;
                    continue;
                };
                for a in &actions {
                    body.push_str(&format!("&answer%5Bactions%5D%5B{a}%5D={a}"));
                }
                let t = Instant::now();
                let answer = client.request("POST", SUBMIT_PATH, &cookie, &body).await;
                latencies.push(t.elapsed());
                if answer.status != 200 {
                    failures += 1;
                }
            }
            (latencies, failures)
        }));
    }
    ready.wait().await;
    let started = Instant::now();
    let mut latencies = Vec::new();
    let mut failures = 0;
    for task in tasks {
        let (l, f) = task.await.unwrap();
        latencies.extend(l);
        failures += f;
    }
    let elapsed = started.elapsed();
    latencies.sort();
    Level {
        clients,
        stored: stored_answers(count).await - before,
        expected: (per_client * clients) as i64,
        elapsed,
        latencies,
        failures,
    }
}

/// The first three actions of the active round.
async fn three_actions(repo: &dyn Repository) -> (i64, Vec<i64>) {
    let round = repo.active_round().await.unwrap().unwrap();
    let actions = repo
        .themes(round.id)
        .await
        .unwrap()
        .into_iter()
        .flat_map(|t| t.actions.into_iter().map(|a| a.id))
        .take(3)
        .collect();
    (round.id, actions)
}

/// A new database `name` on the PostgreSQL server at `server` (its URL
/// names some existing database): the URL of the new one.
async fn new_postgres_database(server: &str, name: &str) -> String {
    let admin = sqlx::AnyPool::connect(server)
        .await
        .expect("PostgreSQL server");
    sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        .execute(&admin)
        .await
        .expect("drop");
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&admin)
        .await
        .expect("create");
    let (base, _) = server.rsplit_once('/').expect("a database in the URL");
    format!("{base}/{name}")
}

/// Every level on `instances` instances of one new PostgreSQL database.
async fn postgres_levels(
    server: &str,
    instances: usize,
    config: &Config,
    now: chrono::DateTime<chrono::Utc>,
) -> Vec<Level> {
    let url = new_postgres_database(server, &format!("bench_submit_{instances}")).await;
    let config = Config {
        database_url: url.clone(),
        ..config.clone()
    };
    let mut addrs = Vec::new();
    let mut actions = Vec::new();
    let mut repos = Vec::new();
    for _ in 0..instances {
        let (repo, _start_lock) = PgRepository::open_for_start(&url)
            .await
            .expect("PostgreSQL database");
        seed_if_empty(&repo, &config).await.expect("demo data");
        actions = three_actions(&repo).await.1;
        addrs.push(instance(Arc::new(repo.clone()), &config, now).await);
        repos.push(repo);
    }
    // Transactions the instances' answer writers committed.
    let batches = || {
        repos
            .iter()
            .map(|r| r.group_commit_stats().batches.load(Ordering::Relaxed))
            .sum::<u64>()
    };
    let count = sqlx::AnyPool::connect(&url).await.expect("count pool");
    let label = match instances {
        1 => "PostgreSQL, one instance".to_owned(),
        n => format!("PostgreSQL, {n} instances"),
    };
    let mut levels = Vec::new();
    for clients in LEVELS {
        let before = batches();
        let level = run_level(&addrs, clients, &actions, &count).await;
        level.print(&label, &per_commit(level.stored, batches() - before));
        levels.push(level);
    }
    levels
}

/// "answers per commit", as every setup prints it.
fn per_commit(stored: i64, batches: u64) -> String {
    format!(
        "   {:>5.1} answers/commit",
        stored as f64 / batches.max(1) as f64
    )
}

#[tokio::main]
async fn main() {
    sqlx::any::install_default_drivers();
    let dir = tempfile::tempdir().expect("temp dir");
    let now: chrono::DateTime<chrono::Utc> = "2027-10-01T10:00:00Z".parse().unwrap();
    let config = Config {
        database_url: format!("sqlite://{}", dir.path().join("bench.db").display()),
        now: Some(now),
        ..Config::default()
    };
    let repo = SqliteRepository::open(&config.database_url)
        .await
        .expect("database");
    seed_if_empty(&repo, &config).await.expect("demo data");
    let (round_id, actions) = three_actions(&repo).await;
    let addr = instance(Arc::new(repo.clone()), &config, now).await;
    let count = sqlx::AnyPool::connect(&config.database_url)
        .await
        .expect("count pool");

    let per_level = answers_per_level();
    println!("survey submission benchmark ({per_level} answers per level and setup)");
    println!("each simulated phone opens /ankieta (device cookie, client id, start token), then sends its answer (timed)");
    println!("SQLite: WAL, synchronous=FULL; PostgreSQL: fsync and synchronous_commit as its server has them; both through the group commit");
    let mut levels = Vec::new();
    let stats = repo.group_commit_stats();
    for clients in LEVELS {
        let batches_before = stats.batches.load(Ordering::Relaxed);
        let level = run_level(&[addr], clients, &actions, &count).await;
        let batches = stats.batches.load(Ordering::Relaxed) - batches_before;
        level.print("SQLite, one instance", &per_commit(level.stored, batches));
        levels.push(level);
    }
    let sqlite_levels = levels.len();
    match std::env::var("PORO_BENCH_POSTGRES_URL") {
        Ok(server) if !server.is_empty() => {
            for instances in [1, 2] {
                levels.extend(postgres_levels(&server, instances, &config, now).await);
            }
        }
        _ => println!("PostgreSQL: skipped (PORO_BENCH_POSTGRES_URL is not set; scripts/bench-submit.sh sets it)"),
    }

    // Raw inserts of the same rows into the same database: one answer per
    // commit, then 64 per commit (the group commit's own batch function,
    // called directly: no HTTP, no checks, no writer task).
    let raw_row = |label: &str, i: usize| NewResponse {
        round_id,
        district_id: 4,
        client_id: format!("raw-{label}-{i}"),
        device_hash: Some(format!("raw-{label}-{i}")),
        content_hash: "x".into(),
        receipt: receipt_code(),
        source: AnswerSource::Online,
        other_needs: None,
        submitted_on: "2027-10-01".into(),
        action_ids: actions.clone(),
        options: vec![],
    };
    let mut raw_rates = Vec::new();
    for (label, per_commit) in [("single", 1usize), ("batched", 64)] {
        let rows: Vec<NewResponse> = (0..per_level).map(|i| raw_row(label, i)).collect();
        let started = Instant::now();
        for chunk in rows.chunks(per_commit) {
            let chunk: Vec<&NewResponse> = chunk.iter().collect();
            let outcomes = repo.pool().store_batch(&chunk).await.expect("raw commit");
            assert!(outcomes.iter().all(|o| o.is_ok()), "raw insert refused");
        }
        let rate = rows.len() as f64 / started.elapsed().as_secs_f64();
        raw_rates.push(rate);
        println!(
            "SQLite raw {label:<7} ({per_commit:>2} per commit): {:>6} answers = {rate:>8.0} answers/s",
            rows.len()
        );
    }
    let failed_levels = levels.iter().filter(|l| !l.ok()).count();
    if failed_levels > 0 {
        eprintln!(
            "FAILED: {failed_levels} level(s) had refused or unstored submissions — no ratio is printed for a benchmark whose requests fail"
        );
        std::process::exit(1);
    }
    let (raw_single, raw_batched) = (raw_rates[0], raw_rates[1]);
    for level in &levels[..sqlite_levels] {
        let target = match level.clients {
            1 => "target >= 0.5x",
            64 => "target >= 2x, p99 <= 50 ms",
            _ => "no target",
        };
        println!(
            "SQLite endpoint/raw single  N={:>3}: {:>5.2}x  (raw batched {:>5.2}x; p99 {:>6.2} ms; {target})",
            level.clients,
            level.rate() / raw_single,
            level.rate() / raw_batched,
            level.p99().as_secs_f64() * 1000.0,
        );
    }
}
