//! What differs between the server, a native process with threads and
//! tokio's timers, and the WebAssembly engine (`wasm/`), one thread in a
//! browser or Node with JavaScript's timers: the clock, sleeping, deadlines
//! and blocking work. Everything above this runs the same code on both.

use std::future::Future;
use std::time::Duration;

/// A monotonic instant: std's, or `performance.now()` in WebAssembly
/// (where std's panics).
pub use web_time::Instant;

/// A deadline passed before the work it bounds was done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Elapsed;

/// Waits `duration`.
#[cfg(not(target_arch = "wasm32"))]
pub async fn sleep(duration: Duration) {
    tokio::time::sleep(duration).await
}

/// Waits `duration` on a JavaScript timer (`setTimeout`, cleared if the
/// wait is dropped first). One thread runs a wasm32 module, so the timer's
/// JavaScript handle may be held by a future that must be `Send`.
#[cfg(target_arch = "wasm32")]
pub async fn sleep(duration: Duration) {
    // setTimeout takes a signed 32-bit count of milliseconds.
    let ms = u32::try_from(duration.as_millis()).unwrap_or(u32::MAX).min(i32::MAX as u32);
    send_wrapper::SendWrapper::new(gloo_timers::future::TimeoutFuture::new(ms)).await
}

/// Runs `work` for at most `limit`.
#[cfg(not(target_arch = "wasm32"))]
pub async fn timeout<F: Future>(limit: Duration, work: F) -> Result<F::Output, Elapsed> {
    tokio::time::timeout(limit, work).await.map_err(|_| Elapsed)
}

/// Runs `work` for at most `limit`.
#[cfg(target_arch = "wasm32")]
pub async fn timeout<F: Future>(limit: Duration, work: F) -> Result<F::Output, Elapsed> {
    use futures_util::future::{Either, select};
    let work = std::pin::pin!(work);
    let alarm = std::pin::pin!(sleep(limit));
    match select(work, alarm).await {
        Either::Left((output, _)) => Ok(output),
        Either::Right(_) => Err(Elapsed),
    }
}

/// Runs CPU-bound `work` (generating a dataset) off the async threads; in
/// WebAssembly, where there are no other threads, in place.
#[cfg(not(target_arch = "wasm32"))]
pub async fn blocking<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Result<T, String> {
    tokio::task::spawn_blocking(work).await.map_err(|e| e.to_string())
}

/// Runs CPU-bound `work` (generating a dataset) off the async threads; in
/// WebAssembly, where there are no other threads, in place.
#[cfg(target_arch = "wasm32")]
pub async fn blocking<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Result<T, String> {
    Ok(work())
}
