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

// ------------------------------------------------------------ time slices
//
// A CPU-bound job (a request resolving thousands of list items in place,
// `graphql::flat`) can finish on its first poll: then its deadline cannot
// cut it, the server's fast lane cannot move it, and in WebAssembly no
// timer runs until it is done. So whoever polls a job says until when this
// poll may run ([`in_slice`], [`Sliced`]), and the long loops ask
// [`slice_spent`] between their steps and, once it is, wake themselves and
// return `Pending`, keeping their place. Written here because tokio's
// cooperative budget counts resource operations, not time, and does not
// exist in WebAssembly.

/// Where the current poll stands.
#[derive(Clone, Copy)]
enum Slice {
    /// Not in a slice: no loop yields (the job's poller cannot cut it).
    Unbounded,
    /// Until this instant.
    Until(Instant),
    /// Past its end: every loop yields at its next step.
    Spent,
}

thread_local! {
    static SLICE: std::cell::Cell<Slice> = const { std::cell::Cell::new(Slice::Unbounded) };
    static STEPS: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// Steps between two reads of the clock (a read costs tens of
/// nanoseconds natively and more in WebAssembly; a step, a list item,
/// at least that).
const STEPS_PER_CLOCK_READ: u32 = 16;

/// Runs `poll` (one poll of a job) in a slice that ends at `end`, then
/// restores the slice it was called in.
pub fn in_slice<T>(end: Instant, poll: impl FnOnce() -> T) -> T {
    with_slice(Slice::Until(end), poll)
}

/// Runs `poll` outside any slice: nothing in it yields for time. For a
/// request whose answer depends on the order its fields complete in
/// (async-graphql merges a repeated response key's values in that order),
/// which must not depend on the machine's speed.
pub fn unsliced<T>(poll: impl FnOnce() -> T) -> T {
    with_slice(Slice::Unbounded, poll)
}

fn with_slice<T>(within: Slice, poll: impl FnOnce() -> T) -> T {
    struct Restore(Slice);
    impl Drop for Restore {
        fn drop(&mut self) {
            SLICE.with(|slice| slice.set(self.0));
        }
    }
    let _restore = Restore(SLICE.with(|slice| slice.replace(within)));
    poll()
}

/// Whether the current poll's slice is spent: a loop that gets `true`
/// wakes its task and returns `Pending` before its next step. Always
/// `false` outside [`in_slice`].
pub fn slice_spent() -> bool {
    spent(|| {
        STEPS.with(|steps| {
            let n = steps.get().wrapping_add(1);
            steps.set(n);
            n.is_multiple_of(STEPS_PER_CLOCK_READ)
        })
    })
}

/// Whether the current slice is spent, the clock read (when in a slice
/// not yet spent) if `read_clock` says so; a slice found spent stays so.
fn spent(read_clock: impl FnOnce() -> bool) -> bool {
    match SLICE.with(|slice| slice.get()) {
        Slice::Unbounded => false,
        Slice::Spent => true,
        Slice::Until(end) => {
            if !read_clock() || Instant::now() < end {
                return false;
            }
            SLICE.with(|slice| slice.set(Slice::Spent));
            true
        }
    }
}

/// Whether a loop has found the current slice spent (without reading the
/// clock): the loader driver then hands control back rather than polling
/// the request again at once.
pub fn slice_is_spent() -> bool {
    matches!(SLICE.with(|slice| slice.get()), Slice::Spent)
}

/// Yields once (wakes its task and returns `Pending`) if the current
/// slice is spent ([`slice_spent`]); a step of a long loop that is async.
pub async fn yield_if_spent() {
    if slice_spent() {
        yield_once().await
    }
}

/// [`yield_if_spent`] reading the clock now: between the phases of a job
/// (parsing and validation, execution, serialisation) and the keys of a
/// loader batch, each long enough to be worth a look.
pub async fn yield_if_due() {
    if spent(|| true) {
        yield_once().await
    }
}

async fn yield_once() {
    let mut yielded = false;
    std::future::poll_fn(|cx| {
        if yielded {
            return std::task::Poll::Ready(());
        }
        yielded = true;
        cx.waker().wake_by_ref();
        std::task::Poll::Pending
    })
    .await
}

/// A job polled in slices of at most `slice`, none past `end`: it yields
/// at least that often, so a deadline at `end` can drop it.
pub struct Sliced<F> {
    job: std::pin::Pin<Box<F>>,
    slice: Duration,
    end: Instant,
}

impl<F: Future> Sliced<F> {
    pub fn new(job: F, slice: Duration, end: Instant) -> Self {
        Sliced { job: Box::pin(job), slice, end }
    }
}

impl<F: Future> Future for Sliced<F> {
    type Output = F::Output;

    fn poll(mut self: std::pin::Pin<&mut Self>, cx: &mut std::task::Context<'_>) -> std::task::Poll<F::Output> {
        let until = (Instant::now() + self.slice).min(self.end);
        let job = self.job.as_mut();
        in_slice(until, || job.poll(cx))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slice_is_spent_once_its_end_has_passed_and_only_inside_it() {
        assert!(!slice_spent(), "outside a slice nothing yields");
        let past = Instant::now();
        let spent = in_slice(past, || (0..STEPS_PER_CLOCK_READ).any(|_| slice_spent()));
        assert!(spent, "a past end is seen within {STEPS_PER_CLOCK_READ} steps");
        assert!(!slice_spent(), "the slice ends with its poll");
        let far = Instant::now() + Duration::from_secs(3600);
        assert!(!in_slice(far, || (0..1000).any(|_| slice_spent())));
        // Nested: the inner slice's end, then the outer's again.
        in_slice(far, || {
            let inner = in_slice(past, || (0..STEPS_PER_CLOCK_READ).any(|_| slice_spent()));
            assert!(inner);
            assert!(!(0..1000).any(|_| slice_spent()));
        });
        // Unsliced within a spent slice: nothing yields, then it is spent again.
        in_slice(past, || {
            assert!(!unsliced(|| (0..1000).any(|_| slice_spent())));
            assert!((0..STEPS_PER_CLOCK_READ).any(|_| slice_spent()));
        });
    }
}
