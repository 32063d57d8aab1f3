//! Where GraphQL work runs: two runtimes of its own, apart from the one
//! that accepts connections and reads requests, so CPU-heavy requests never
//! hold up `/healthz`, cache hits or the accept loop, nor the cheap requests
//! queued behind them.
//!
//! A job starts in the *fast lane* (or, for a request that was cheap the
//! last time it ran, where it was read: see `lanes::Executor::run_request`).
//! One that is still running after
//! [`FAST_LANE_BUDGET`] of CPU moves, as it stands (a future may be polled
//! from another task), to the *heavy lane*, where at most `max_heavy` jobs
//! run at once; cheap requests never wait behind heavy ones. On Linux the
//! lanes' threads run at a lower priority than the IO threads (nice +5 and
//! +15), so when heavy requests saturate every core the IO threads, then the
//! cheap requests, still get the CPU the moment they need it.
//!
//! At most `max_in_flight` jobs are admitted at once (each holds its
//! documents, values and response in memory); every job runs under a
//! deadline that covers its waits and its run, and is dropped at its next
//! yield past it, or as soon as the client that asked for it goes away.

use std::time::Duration;

#[cfg(not(target_arch = "wasm32"))]
mod lanes;
#[cfg(not(target_arch = "wasm32"))]
pub use lanes::{Executor, idle, set_idle_hook};

/// CPU a job may take in the fast lane before it moves to the heavy lane.
pub const FAST_LANE_BUDGET: Duration = Duration::from_millis(5);

/// CPU a request known to be cheap may take where it was read (an IO
/// thread) before it moves to the fast lane: a cheap request then costs no
/// hop between threads (two context switches on a busy core). Well above
/// Q2's 0.45 ms: a request near the budget would be cut at it every other
/// time and pay both the inline start and the hop.
pub const INLINE_BUDGET: Duration = Duration::from_millis(2);

/// Longest a heavy job runs before it yields: other tasks of its lane
/// run, and a deadline that has passed drops it.
pub const HEAVY_SLICE: Duration = Duration::from_millis(10);

/// How the executor is sized.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExecutorOptions {
    /// Worker threads of each lane; 0 runs jobs on the caller's runtime
    /// (a heavy request then holds up everything else there).
    pub threads: usize,
    /// Jobs admitted at once; more wait (within their deadline).
    pub max_in_flight: usize,
    /// Jobs running in the heavy lane at once.
    pub max_heavy: usize,
    /// CPU a job may take in the fast lane ([`FAST_LANE_BUDGET`]).
    pub fast_lane_budget: Duration,
    /// Longest a job runs in one poll past the fast lane ([`HEAVY_SLICE`]).
    /// Zero (with a zero budget) makes a job's lists yield every few
    /// items: the equivalence tests' way to show that yielding changes no
    /// answer.
    pub heavy_slice: Duration,
    /// CPU a request that was cheap last time may take on the thread that
    /// read it before it moves to the fast lane ([`INLINE_BUDGET`]); zero
    /// sends every request to the fast lane.
    pub inline_budget: Duration,
}

impl Default for ExecutorOptions {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        ExecutorOptions {
            threads: cores,
            max_in_flight: 64,
            max_heavy: cores,
            fast_lane_budget: FAST_LANE_BUDGET,
            heavy_slice: HEAVY_SLICE,
            inline_budget: INLINE_BUDGET,
        }
    }
}

/// In WebAssembly there is one thread and one page or test behind it:
/// a job runs in place, under its deadline.
#[cfg(target_arch = "wasm32")]
pub struct Executor;

#[cfg(target_arch = "wasm32")]
impl Executor {
    pub fn new(_options: ExecutorOptions) -> std::io::Result<Self> {
        Ok(Executor)
    }

    /// Runs `job` within `deadline`; past it the job is dropped and the
    /// caller gets [`crate::error::ApiError::Timeout`]. A job that only ever yields to
    /// itself (CPU work) keeps JavaScript's timers from running, so the
    /// clock is also read at each of its polls, and each poll's slice ends
    /// at the deadline (the job's lists yield there, `crate::rt`).
    pub async fn run_request<F: std::future::Future>(
        &self,
        deadline: Duration,
        _digest: Option<u64>,
        job: F,
    ) -> Result<F::Output, crate::error::ApiError> {
        let end = crate::rt::Instant::now() + deadline;
        let mut job = std::pin::pin!(job);
        let checked = std::future::poll_fn(|cx| {
            if crate::rt::Instant::now() >= end {
                return std::task::Poll::Ready(None);
            }
            crate::rt::in_slice(end, || job.as_mut().poll(cx)).map(Some)
        });
        match crate::rt::timeout(deadline, checked).await {
            Ok(Some(output)) => Ok(output),
            _ => Err(crate::error::ApiError::Timeout { limit_ms: deadline.as_millis() as u64 }),
        }
    }
}
