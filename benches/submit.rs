//! Survey submission benchmark: throughput and latency through the real HTTP
//! server-function endpoint with N concurrent clients (N = 1, 64, 512),
//! against raw inserts of the same rows into the same SQLite database (WAL,
//! synchronous=FULL: every commit synced) in the same run — one answer per
//! commit, and 64 answers per commit. The endpoint stores answers through
//! the group commit (one writer, batches of what arrived together).
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
use porozmawiajmy::server::db::sqlite::group_commit::store_batch;
use porozmawiajmy::server::db::sqlite::SqliteRepository;
use porozmawiajmy::server::db::{NewResponse, RoundRepository};
use porozmawiajmy::server::rate_limit::{Limit, RateLimits};
use porozmawiajmy::server::start::seed_if_empty;
use porozmawiajmy::server::AppState;
use porozmawiajmy::survey::service::receipt_code;
use porozmawiajmy::survey::SUBMIT_PATH;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

/// The allocator the server binary runs on (`src/main.rs`): the router is
/// measured in this process as it runs there.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const REQUESTS_PER_LEVEL: usize = 3000;

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

async fn stored_answers(repo: &SqliteRepository) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM responses")
        .fetch_one(repo.pool())
        .await
        .expect("count")
}

#[tokio::main]
async fn main() {
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
    let options = leptos::config::LeptosOptions::builder()
        .output_name("porozmawiajmy")
        .hash_files(false)
        .build();
    let mut state = AppState::new(
        options,
        Arc::new(repo.clone()),
        Arc::new(FixedClock(now)),
        config,
    )
    .await
    .expect("state");
    // Every request comes from 127.0.0.1: lift the per-IP limits for the
    // load (answers and new device tokens: 3,000 phones open the survey
    // within seconds), keep the per-device one (each phone answers once).
    let mut limits = RateLimits::new((10, 1), (u32::MAX, u32::MAX));
    limits.device_tokens_per_ip = Limit::new(u32::MAX, u32::MAX, &limits.clock);
    state.limits = Arc::new(limits);
    let round = repo.active_round().await.unwrap().unwrap();
    let actions: Vec<i64> = repo
        .themes(round.id)
        .await
        .unwrap()
        .into_iter()
        .flat_map(|t| t.actions.into_iter().map(|a| a.id))
        .take(3)
        .collect();

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = porozmawiajmy::server::http::router(state.clone());
    tokio::spawn(async move {
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
        .unwrap();
    });

    println!("survey submission benchmark ({REQUESTS_PER_LEVEL} answers per level, SQLite WAL, synchronous=FULL, group commit)");
    println!("each simulated phone opens /ankieta (device cookie, client id, start token), then sends its answer (timed)");
    let mut endpoint_rates = Vec::new();
    let stats = repo.group_commit_stats();
    let mut failed_levels = 0;
    for clients in [1usize, 64, 512] {
        let per_client = REQUESTS_PER_LEVEL.div_ceil(clients);
        let before = stored_answers(&repo).await;
        let batches_before = stats.batches.load(std::sync::atomic::Ordering::Relaxed);
        let mut tasks = Vec::new();
        let ready = Arc::new(tokio::sync::Barrier::new(clients + 1));
        for _ in 0..clients {
            let actions = actions.clone();
            let ready = ready.clone();
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
        // Only answers found stored count.
        let stored = stored_answers(&repo).await - before;
        latencies.sort();
        let rate = stored as f64 / elapsed.as_secs_f64();
        let batches = stats.batches.load(std::sync::atomic::Ordering::Relaxed) - batches_before;
        let p99 = percentile(&latencies, 0.99);
        println!(
            "endpoint  N={clients:>3}: {stored:>6} answers stored in {:>6.2} s = {:>8.0} answers/s   p50 {:>6.2} ms   p99 {:>7.2} ms   {:>5.1} answers/commit   failures {failures}",
            elapsed.as_secs_f64(),
            rate,
            percentile(&latencies, 0.50).as_secs_f64() * 1000.0,
            p99.as_secs_f64() * 1000.0,
            stored as f64 / batches.max(1) as f64,
        );
        if failures > 0 || stored != (per_client * clients) as i64 {
            failed_levels += 1;
        } else {
            endpoint_rates.push((clients, rate, p99));
        }
    }

    // Raw inserts of the same rows into the same database: one answer per
    // commit, then 64 per commit (the group commit's own batch function,
    // called directly: no HTTP, no checks, no writer task).
    let raw_row = |label: &str, i: usize| NewResponse {
        round_id: round.id,
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
        let rows: Vec<NewResponse> = (0..REQUESTS_PER_LEVEL).map(|i| raw_row(label, i)).collect();
        let started = Instant::now();
        for chunk in rows.chunks(per_commit) {
            let chunk: Vec<&NewResponse> = chunk.iter().collect();
            let outcomes = store_batch(repo.pool(), &chunk).await.expect("raw commit");
            assert!(outcomes.iter().all(|o| o.is_ok()), "raw insert refused");
        }
        let rate = rows.len() as f64 / started.elapsed().as_secs_f64();
        raw_rates.push(rate);
        println!(
            "raw {label:<7} ({per_commit:>2} per commit): {:>6} answers = {rate:>8.0} answers/s",
            rows.len()
        );
    }
    if failed_levels > 0 {
        eprintln!(
            "FAILED: {failed_levels} level(s) had refused or unstored submissions — no ratio is printed for a benchmark whose requests fail"
        );
        std::process::exit(1);
    }
    let (raw_single, raw_batched) = (raw_rates[0], raw_rates[1]);
    for (clients, rate, p99) in endpoint_rates {
        let target = match clients {
            1 => "target >= 0.5x",
            64 => "target >= 2x, p99 <= 50 ms",
            _ => "no target",
        };
        println!(
            "endpoint/raw single  N={clients:>3}: {:>5.2}x  (raw batched {:>5.2}x; p99 {:>6.2} ms; {target})",
            rate / raw_single,
            rate / raw_batched,
            p99.as_secs_f64() * 1000.0,
        );
    }
}
