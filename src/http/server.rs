//! The accept loop: HTTP/1.1 on hyper with a cap on open connections, a
//! timeout for each phase a client controls, and a graceful shutdown that
//! ends within a bounded grace period whatever clients do.
//!
//! - A connection over `max_connections` waits up to [`ADMISSION_WAIT`] for
//!   one to close (at most [`waiting_room`] wait), then gets a `503` (JSON,
//!   with its code) and is closed: a burst of WebSocket handshakes, each
//!   holding its place for the milliseconds until its upgrade, delays the
//!   requests around it instead of refusing them, and a flood still costs
//!   one accept and a short wait each.
//! - Request heads must arrive within `header_timeout` (hyper's timer, which
//!   starts when the connection starts waiting for a head); bodies within
//!   the body timeout (see [`super::graphql`]); a connection idle between
//!   requests (or silent from the start) is closed after `idle_timeout`.
//! - hyper's read buffer is sized above the HTTP layer's own head limits, so
//!   those limits answer with JSON; only heads past the buffer get hyper's
//!   own empty `431`.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::Body;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};

pub use super::Connection;
use tokio::sync::Semaphore;
use tower::ServiceExt;

use crate::error::ApiError;

/// How connections are held.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ServerOptions {
    /// Connections open at once; more are refused.
    pub max_connections: usize,
    /// Time for a request head to arrive (counted from the end of the
    /// previous response, or from the connection's start).
    pub header_timeout: Duration,
    /// Time a connection may sit idle between requests.
    pub idle_timeout: Duration,
    /// Time in-flight requests get to finish after SIGTERM / SIGINT.
    pub shutdown_grace: Duration,
    /// hyper's read buffer: the largest request head it reads.
    pub max_head_bytes: usize,
    /// hyper's cap on request headers (the HTTP layer's own is lower).
    pub max_headers: usize,
}

impl Default for ServerOptions {
    fn default() -> Self {
        ServerOptions {
            max_connections: 1024,
            header_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(5),
            shutdown_grace: Duration::from_secs(10),
            max_head_bytes: 128 << 10,
            max_headers: 400,
        }
    }
}

/// How long a connection over the cap waits for a place before its `503`.
pub const ADMISSION_WAIT: Duration = Duration::from_secs(1);

/// How many connections over a cap of `max_connections` may wait for a
/// place at once (more are refused at once): as many as the accept queue
/// holds, so a burst the kernel queued is not refused once accepted.
pub fn waiting_room(max_connections: usize) -> usize {
    max_connections.clamp(1024, 65_535)
}

/// Listens on `address` with an accept queue long enough for a burst of
/// `connections` new ones (at least 1024). tokio's default, like the
/// standard library's, is 128: a burst of new connections then drops the
/// SYNs of everyone else, who wait a second to retry.
pub fn listen(address: std::net::SocketAddr, connections: usize) -> std::io::Result<TcpListener> {
    let socket = if address.is_ipv4() { tokio::net::TcpSocket::new_v4()? } else { tokio::net::TcpSocket::new_v6()? };
    socket.set_reuseaddr(true)?;
    socket.bind(address)?;
    socket.listen(waiting_room(connections) as u32)
}

/// Serves `app` on `listener` until `shutdown` completes, then lets
/// in-flight requests finish for at most `shutdown_grace`. Connections may
/// upgrade to WebSockets (which leave the connection count once upgraded:
/// [`super::ws`] counts and closes them).
pub async fn serve(listener: TcpListener, app: super::App, options: ServerOptions, shutdown: impl Future<Output = ()>) {
    let max = options.max_connections.clamp(1, Semaphore::MAX_PERMITS.min(u32::MAX as usize));
    let permits = Arc::new(Semaphore::new(max));
    let (stop, stopping) = tokio::sync::watch::channel(false);
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(options.header_timeout)
        .keep_alive(true)
        .max_buf_size(options.max_head_bytes.max(8192))
        .max_headers(options.max_headers);
    let refusal: Arc<[u8]> = refusal(options.max_connections).into();
    // Connections over the cap waiting for a place: as many as the accept
    // queue holds (see [`listen`]).
    let waiting = Arc::new(Semaphore::new(waiting_room(max)));
    // Serves one admitted connection, holding its place until it ends (or
    // upgrades: a WebSocket leaves the count once its handshake is answered).
    let connection = {
        let stopping = stopping.clone();
        Arc::new(move |stream: TcpStream, permit: tokio::sync::OwnedSemaphorePermit| {
            // Responses go out in one write; don't let Nagle hold them back.
            let _ = stream.set_nodelay(true);
            let upgraded = super::ws::Upgraded::default();
            let control = Connection::default();
            let mut io = IdleTimeout::new(stream, options.idle_timeout, upgraded.0.clone());
            io.aborted = control.0.clone();
            let io = TokioIo::new(io);
            let app = app.clone();
            let service = hyper::service::service_fn(move |mut request: hyper::Request<Incoming>| {
                request.extensions_mut().insert(upgraded.clone());
                request.extensions_mut().insert(control.clone());
                app.clone().oneshot(request.map(Body::new))
            });
            let connection = builder.serve_connection(io, service).with_upgrades();
            let mut stopping = stopping.clone();
            tokio::spawn(async move {
                let mut connection = std::pin::pin!(connection);
                tokio::select! {
                    _ = connection.as_mut() => {}
                    _ = stopping.changed() => {
                        connection.as_mut().graceful_shutdown();
                        let _ = connection.as_mut().await;
                    }
                }
                drop(permit);
            });
        })
    };
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            () = &mut shutdown => break,
        };
        let stream = match accepted {
            Ok((stream, _)) => stream,
            Err(e) => {
                // Out of file descriptors or a connection reset before it
                // was accepted: pause rather than spin.
                tracing::warn!(error = %e, "accept failed");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let permit = match permits.clone().try_acquire_owned() {
            Ok(permit) => permit,
            Err(_) => {
                let Ok(turn) = waiting.clone().try_acquire_owned() else {
                    // A fresh socket's send buffer takes the whole answer at once.
                    let _ = stream.try_write(&refusal);
                    continue;
                };
                let (permits, refusal, connection) = (permits.clone(), refusal.clone(), connection.clone());
                let stopping = stopping.clone();
                tokio::spawn(async move {
                    let admitted = tokio::time::timeout(ADMISSION_WAIT, permits.acquire_owned()).await;
                    drop(turn);
                    match admitted {
                        Ok(Ok(permit)) if !*stopping.borrow() => connection(stream, permit),
                        _ => {
                            let _ = stream.try_write(&refusal);
                        }
                    }
                });
                continue;
            }
        };
        connection(stream, permit);
    }
    drop(listener);
    let _ = stop.send(true);
    tokio::select! {
        // Every connection has given its permit back.
        _ = permits.acquire_many(max as u32) => {}
        () = tokio::time::sleep(options.shutdown_grace) => {
            tracing::info!(grace_ms = options.shutdown_grace.as_millis() as u64, "grace period over; closing the remaining connections");
        }
    }
}

/// The whole answer to a connection over the cap.
fn refusal(limit: usize) -> Vec<u8> {
    let body = ApiError::TooManyConnections { limit }.to_body();
    format!(
        "HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\nretry-after: 1\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// A stream that ends (reads as EOF) after `timeout` without a byte, when
/// it is between requests: fresh, or last used to write a response. While a
/// request is being read or run (last used to read), it never times out:
/// the header, body and request timeouts cover those phases.
struct IdleTimeout {
    stream: TcpStream,
    timeout: Duration,
    sleep: Pin<Box<tokio::time::Sleep>>,
    last: AtomicU8,
    /// Set once the connection became a WebSocket: it is never idle then
    /// (the socket's own keep-alive decides).
    upgraded: Arc<AtomicBool>,
    /// Set to close the connection at once, without another byte
    /// ([`Connection::abort`]).
    aborted: Arc<AtomicBool>,
}

fn aborted() -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::ConnectionAborted, "dropped on purpose (X-Agentmock-Fault: drop)")
}

const FRESH: u8 = 0;
const READ: u8 = 1;
const WROTE: u8 = 2;

impl IdleTimeout {
    fn new(stream: TcpStream, timeout: Duration, upgraded: Arc<AtomicBool>) -> Self {
        let sleep = Box::pin(tokio::time::sleep(timeout));
        IdleTimeout { stream, timeout, sleep, last: AtomicU8::new(FRESH), upgraded, aborted: Arc::default() }
    }

    fn touch(&mut self, what: u8) {
        self.last.store(what, Ordering::Relaxed);
        let deadline = tokio::time::Instant::now() + self.timeout;
        self.sleep.as_mut().reset(deadline);
    }
}

impl AsyncRead for IdleTimeout {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        match Pin::new(&mut self.stream).poll_read(cx, buf) {
            Poll::Ready(Ok(())) => {
                if buf.filled().len() > before {
                    self.touch(READ);
                }
                Poll::Ready(Ok(()))
            }
            Poll::Pending => {
                if self.last.load(Ordering::Relaxed) != READ
                    && !self.upgraded.load(Ordering::Relaxed)
                    && self.sleep.as_mut().poll(cx).is_ready()
                {
                    // Idle: end the stream; hyper closes a connection that
                    // ends between requests quietly.
                    return Poll::Ready(Ok(()));
                }
                Poll::Pending
            }
            other => other,
        }
    }
}

impl AsyncWrite for IdleTimeout {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<std::io::Result<usize>> {
        if self.aborted.load(Ordering::Relaxed) {
            return Poll::Ready(Err(aborted()));
        }
        let written = Pin::new(&mut self.stream).poll_write(cx, buf);
        if matches!(written, Poll::Ready(Ok(n)) if n > 0) {
            self.touch(WROTE);
        }
        written
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        if self.aborted.load(Ordering::Relaxed) {
            return Poll::Ready(Err(aborted()));
        }
        let written = Pin::new(&mut self.stream).poll_write_vectored(cx, bufs);
        if matches!(written, Poll::Ready(Ok(n)) if n > 0) {
            self.touch(WROTE);
        }
        written
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }
}

/// Raises the soft limit on open files to fit `connections` descriptors (plus a margin
/// for the listener, logs and the dataset), as far as the hard limit
/// allows; the number of connections that fit.
#[cfg(unix)]
pub fn fit_open_files(connections: usize) -> usize {
    const MARGIN: usize = 64;
    let mut limit = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: getrlimit / setrlimit write and read the one struct given.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) != 0 {
            return connections;
        }
        let wanted = (connections + MARGIN) as libc::rlim_t;
        if limit.rlim_cur < wanted {
            let raised = libc::rlimit { rlim_cur: wanted.min(limit.rlim_max), rlim_max: limit.rlim_max };
            if libc::setrlimit(libc::RLIMIT_NOFILE, &raised) == 0 {
                limit = raised;
            }
        }
    }
    connections.min((limit.rlim_cur as usize).saturating_sub(MARGIN))
}

#[cfg(not(unix))]
pub fn fit_open_files(connections: usize) -> usize {
    connections
}
