//! Survey submission benchmark: throughput and latency through the real HTTP
//! server-function endpoint with N concurrent clients (N = 1, 64, 512),
//! against the raw insert rate of the same SQLite database (same WAL +
//! synchronous=NORMAL settings) measured in the same run.
//!
//! Run: `scripts/bench-submit.sh` (or `cargo bench --features ssr --bench submit`).
//! Prints figures; asserts nothing.

use porozmawiajmy::domain::AnswerSource;
use porozmawiajmy::server::clock::FixedClock;
use porozmawiajmy::server::config::Config;
use porozmawiajmy::server::db::{NewResponse, Repository};
use porozmawiajmy::server::rate_limit::RateLimits;
use porozmawiajmy::server::start::open_repository;
use porozmawiajmy::server::AppState;
use porozmawiajmy::survey::service::{issue_start, receipt_code};
use porozmawiajmy::survey::SUBMIT_PATH;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

const REQUESTS_PER_LEVEL: usize = 3000;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

/// One keep-alive HTTP/1.1 connection; returns the status code.
struct Client {
    reader: BufReader<TcpStream>,
}

impl Client {
    async fn connect(addr: SocketAddr) -> Client {
        let stream = TcpStream::connect(addr).await.expect("connect");
        stream.set_nodelay(true).ok();
        Client {
            reader: BufReader::new(stream),
        }
    }

    async fn post(&mut self, path: &str, cookie: &str, body: &str) -> u16 {
        let req = format!(
            "POST {path} HTTP/1.1\r\nHost: bench\r\nAccept: application/json\r\n\
             Content-Type: application/x-www-form-urlencoded\r\nCookie: {cookie}\r\n\
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
        let mut length = 0usize;
        let mut chunked = false;
        loop {
            line.clear();
            self.reader.read_line(&mut line).await.expect("header");
            let l = line.trim_end();
            if l.is_empty() {
                break;
            }
            let lower = l.to_ascii_lowercase();
            if let Some(v) = lower.strip_prefix("content-length:") {
                length = v.trim().parse().unwrap_or(0);
            }
            if lower.starts_with("transfer-encoding:") && lower.contains("chunked") {
                chunked = true;
            }
        }
        if chunked {
            loop {
                line.clear();
                self.reader.read_line(&mut line).await.expect("chunk size");
                let size = usize::from_str_radix(line.trim(), 16).unwrap_or(0);
                let mut chunk = vec![0; size + 2];
                self.reader.read_exact(&mut chunk).await.expect("chunk");
                if size == 0 {
                    break;
                }
            }
        } else {
            let mut body = vec![0; length];
            self.reader.read_exact(&mut body).await.expect("body");
        }
        status
    }
}

fn form_body(state: &AppState, now: i64, actions: &[i64]) -> String {
    let start = issue_start(&state.signer, now);
    let mut body = format!(
        "answer%5Bclient_id%5D={}&answer%5Bstart%5D={}&answer%5Bdistrict%5D=4",
        start.client_id, start.token
    );
    for a in actions {
        body.push_str(&format!("&answer%5Bactions%5D%5B{a}%5D={a}"));
    }
    body
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
    let repo = open_repository(&config).await.expect("database");
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
    // Every request comes from 127.0.0.1: lift the per-IP limit for the load,
    // keep the per-device one (each simulated phone answers once).
    state.limits = Arc::new(RateLimits::new((10, 1), (u32::MAX, u32::MAX)));
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

    println!("survey submission benchmark ({REQUESTS_PER_LEVEL} answers per level, SQLite WAL, synchronous=NORMAL)");
    let device_counter = Arc::new(AtomicUsize::new(0));
    let mut endpoint_rates = Vec::new();
    for clients in [1usize, 64, 512] {
        let per_client = REQUESTS_PER_LEVEL.div_ceil(clients);
        let started = Instant::now();
        let mut tasks = Vec::new();
        for _ in 0..clients {
            let state = state.clone();
            let actions = actions.clone();
            let counter = device_counter.clone();
            tasks.push(tokio::spawn(async move {
                let mut client = Client::connect(addr).await;
                let mut latencies = Vec::with_capacity(per_client);
                let mut failures = 0;
                for _ in 0..per_client {
                    let device = format!("{:032x}", counter.fetch_add(1, Ordering::Relaxed));
                    let body = form_body(&state, now.timestamp(), &actions);
                    let t = Instant::now();
                    let status = client
                        .post(SUBMIT_PATH, &format!("poro_device={device}"), &body)
                        .await;
                    latencies.push(t.elapsed());
                    if status != 200 {
                        failures += 1;
                    }
                }
                (latencies, failures)
            }));
        }
        let mut latencies = Vec::new();
        let mut failures = 0;
        for task in tasks {
            let (l, f) = task.await.unwrap();
            latencies.extend(l);
            failures += f;
        }
        let elapsed = started.elapsed();
        latencies.sort();
        let rate = latencies.len() as f64 / elapsed.as_secs_f64();
        endpoint_rates.push((clients, rate));
        println!(
            "endpoint  N={clients:>3}: {:>6} answers in {:>6.2} s = {:>8.0} answers/s   p50 {:>6.2} ms   p99 {:>7.2} ms   failures {failures}",
            latencies.len(),
            elapsed.as_secs_f64(),
            rate,
            percentile(&latencies, 0.50).as_secs_f64() * 1000.0,
            percentile(&latencies, 0.99).as_secs_f64() * 1000.0,
        );
    }

    // Raw inserts into the same database through the same repository.
    let mut raw_rates = Vec::new();
    for concurrency in [1usize, 64] {
        let per_task = REQUESTS_PER_LEVEL.div_ceil(concurrency);
        let started = Instant::now();
        let mut tasks = Vec::new();
        for t in 0..concurrency {
            let repo = repo.clone();
            let round_id = round.id;
            let actions = actions.clone();
            tasks.push(tokio::spawn(async move {
                for i in 0..per_task {
                    let r = NewResponse {
                        round_id,
                        district_id: 4,
                        client_id: format!("raw-{concurrency}-{t}-{i}"),
                        device_hash: Some(format!("raw-{concurrency}-{t}-{i}")),
                        content_hash: "x".into(),
                        receipt: receipt_code(),
                        source: AnswerSource::Online,
                        other_needs: None,
                        submitted_on: "2027-10-01".into(),
                        action_ids: actions.clone(),
                        options: vec![],
                    };
                    repo.insert_response(&r).await.expect("insert");
                }
                per_task
            }));
        }
        let mut n = 0;
        for task in tasks {
            n += task.await.unwrap();
        }
        let rate = n as f64 / started.elapsed().as_secs_f64();
        raw_rates.push(rate);
        println!(
            "raw insert  concurrency {concurrency:>2}: {n:>6} answers = {rate:>8.0} answers/s"
        );
    }
    let raw_best = raw_rates.iter().cloned().fold(0.0, f64::max);
    for (clients, rate) in endpoint_rates {
        println!(
            "ratio endpoint/raw  N={clients:>3}: {:>5.1} %  (target >= 50 %)",
            rate / raw_best * 100.0
        );
    }
}
