//! The accept loop: every TCP connection served as HTTP/1.1 by hyper, the
//! client's address handed to the router as `ConnectInfo`, and a graceful
//! drain when the server stops. Only [`super::start`] calls it.
//!
//! Why not `axum::serve`: it serves each connection with hyper-util's
//! automatic HTTP/1-or-2 builder, which cannot be told to speak HTTP/1 only
//! and costs about 8 KB more per open connection than hyper's HTTP/1
//! connection (a minimal axum program holding 5,000 idle event streams:
//! 18.2 KB against 11.9 KB each; this server with 5,000 phones on a
//! meeting: 11.3 KB per stream, see the README). A meeting hall holds
//! thousands of live streams open, and nothing here speaks HTTP/2 anyway:
//! browsers use it only over TLS, which the reverse proxy ends (see the
//! README's nginx example). A connection that sends no request for
//! [`HEADER_READ_TIMEOUT`] is closed, idle keep-alive ones included.

use axum::extract::ConnectInfo;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;
use tower::ServiceExt;

/// How long a client may take to send a request's headers, counted from
/// the connection's start or the end of its previous response: slow or
/// idle clients do not hold connections (and their memory) for ever.
const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(30);

/// Serves `app` on `listener` until `stop` is cancelled; then accepts no
/// more connections, lets every open one finish its request in flight
/// (idle keep-alive connections close at once) and returns when all are
/// closed. Live streams end on `stop` themselves (see `AppState::stopping`).
pub async fn serve(listener: TcpListener, app: Router, stop: CancellationToken) {
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(HEADER_READ_TIMEOUT);
    let graceful = GracefulShutdown::new();
    loop {
        let (stream, remote) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(err) => {
                    accept_failed(&err).await;
                    continue;
                }
            },
            () = stop.cancelled() => break,
        };
        let app = app.clone();
        let service = hyper::service::service_fn(move |request: hyper::Request<Incoming>| {
            let mut request = request.map(axum::body::Body::new);
            request.extensions_mut().insert(ConnectInfo(remote));
            app.clone().oneshot(request)
        });
        let connection = graceful.watch(http.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            if let Err(err) = connection.await {
                tracing::trace!(error = %err, "connection ended with an error");
            }
        });
    }
    drop(listener);
    graceful.shutdown().await;
}

/// A failed accept: a client that left before it was accepted is nothing to
/// wait for; anything else (out of file descriptors) is logged and retried
/// after a pause, so the loop does not spin.
async fn accept_failed(err: &std::io::Error) {
    use std::io::ErrorKind::{ConnectionAborted, ConnectionRefused, ConnectionReset};
    if matches!(
        err.kind(),
        ConnectionAborted | ConnectionRefused | ConnectionReset
    ) {
        return;
    }
    tracing::error!(error = %err, "accepting a connection failed; retrying in a second");
    tokio::time::sleep(Duration::from_secs(1)).await;
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::routing::get;
    use std::net::SocketAddr;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    async fn started(app: Router) -> (SocketAddr, CancellationToken, tokio::task::JoinHandle<()>) {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let stop = CancellationToken::new();
        let server = tokio::spawn(serve(listener, app, stop.clone()));
        (addr, stop, server)
    }

    #[tokio::test]
    async fn requests_see_the_clients_address_and_a_stop_lets_the_open_one_finish() {
        let app =
            Router::new()
                .route(
                    "/who",
                    get(|ConnectInfo(addr): ConnectInfo<SocketAddr>| async move {
                        addr.ip().to_string()
                    }),
                )
                .route(
                    "/slow",
                    get(|| async {
                        tokio::time::sleep(Duration::from_millis(300)).await;
                        "done"
                    }),
                );
        let (addr, stop, server) = started(app).await;

        let mut who = tokio::net::TcpStream::connect(addr).await.unwrap();
        who.write_all(b"GET /who HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n")
            .await
            .unwrap();
        let mut answer = String::new();
        who.read_to_string(&mut answer).await.unwrap();
        assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
        assert!(answer.ends_with("127.0.0.1"), "{answer}");

        let mut slow = tokio::net::TcpStream::connect(addr).await.unwrap();
        slow.write_all(b"GET /slow HTTP/1.1\r\nhost: x\r\n\r\n")
            .await
            .unwrap();
        tokio::time::sleep(Duration::from_millis(50)).await;
        stop.cancel();
        let mut answer = String::new();
        slow.read_to_string(&mut answer).await.unwrap();
        assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
        assert!(answer.ends_with("done"), "{answer}");
        tokio::time::timeout(Duration::from_secs(2), server)
            .await
            .expect("the server returns once its connections are closed")
            .unwrap();
        assert!(
            tokio::net::TcpStream::connect(addr).await.is_err(),
            "no connection is accepted after the stop"
        );
    }
}
