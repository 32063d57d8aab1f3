//! Where GraphQL work runs: two runtimes of its own, apart from the one
//! that accepts connections and reads requests, so CPU-heavy requests never
//! hold up `/healthz`, cache hits or the accept loop, nor the cheap requests
//! queued behind them.
//!
//! Every job starts in the *fast lane*. One that is still running after
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

use std::future::Future;
#[cfg(not(target_arch = "wasm32"))]
use std::pin::Pin;
#[cfg(not(target_arch = "wasm32"))]
use std::sync::Arc;
#[cfg(not(target_arch = "wasm32"))]
use std::task::{Context, Poll};
use std::time::Duration;

#[cfg(not(target_arch = "wasm32"))]
use tokio::runtime::Runtime;
#[cfg(not(target_arch = "wasm32"))]
use tokio::sync::Semaphore;
#[cfg(not(target_arch = "wasm32"))]
use tokio::time::Instant;

use crate::error::ApiError;

/// CPU a job may take in the fast lane before it moves to the heavy lane.
pub const FAST_LANE_BUDGET: Duration = Duration::from_millis(5);

#[cfg(not(target_arch = "wasm32"))]
/// The runtimes for GraphQL work and their caps.
pub struct Executor {
    fast: Option<Runtime>,
    heavy: Option<Runtime>,
    admission: Arc<Semaphore>,
    heavy_permits: Arc<Semaphore>,
}

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
}

impl Default for ExecutorOptions {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        ExecutorOptions { threads: cores, max_in_flight: 64, max_heavy: cores }
    }
}

#[cfg(not(target_arch = "wasm32"))]
/// Stack of an executor thread: async-graphql's validation and our
/// document passes recurse per nesting level, bounded by the limits, with
/// plenty of room left.
const STACK_BYTES: usize = 8 << 20;

#[cfg(not(target_arch = "wasm32"))]
fn lane(name: &str, threads: usize, nice: i32) -> std::io::Result<Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(threads.max(1))
        .thread_name(name)
        .thread_stack_size(STACK_BYTES)
        .on_thread_start(move || lower_priority(nice))
        .on_thread_park(idle)
        .enable_all()
        .build()
}

#[cfg(not(target_arch = "wasm32"))]
static IDLE_HOOK: std::sync::OnceLock<fn()> = std::sync::OnceLock::new();

#[cfg(not(target_arch = "wasm32"))]
/// Sets what a runtime thread does when it runs out of work (at most four
/// times a second per thread): the binary hands its allocator's free pages
/// back to the OS, so memory freed after a burst leaves the process.
pub fn set_idle_hook(hook: fn()) {
    let _ = IDLE_HOOK.set(hook);
}

#[cfg(not(target_arch = "wasm32"))]
/// Runs the idle hook, if one is set and this thread has not run it in the
/// last 250 ms. For `on_thread_park` of any runtime.
pub fn idle() {
    thread_local! {
        static LAST: std::cell::Cell<Option<std::time::Instant>> = const { std::cell::Cell::new(None) };
    }
    let Some(hook) = IDLE_HOOK.get() else { return };
    let now = std::time::Instant::now();
    let due = LAST.with(|last| last.get().is_none_or(|t| now.duration_since(t) >= Duration::from_millis(250)));
    if due {
        LAST.with(|last| last.set(Some(now)));
        hook();
    }
}

#[cfg(not(target_arch = "wasm32"))]
/// What a job came to in the fast lane: its output, or itself, unfinished.
enum Step<T> {
    Done(T),
    Moved(Pin<Box<dyn Future<Output = T> + Send>>),
}

#[cfg(not(target_arch = "wasm32"))]
/// Polls a job until it is done or has used its budget.
struct FastLane<T> {
    job: Option<Pin<Box<dyn Future<Output = T> + Send>>>,
    spent: Duration,
}

#[cfg(not(target_arch = "wasm32"))]
impl<T> Future for FastLane<T> {
    type Output = Step<T>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Step<T>> {
        let Some(job) = self.job.as_mut() else { return Poll::Pending };
        let started = std::time::Instant::now();
        let polled = job.as_mut().poll(cx);
        self.spent += started.elapsed();
        match polled {
            Poll::Ready(output) => Poll::Ready(Step::Done(output)),
            Poll::Pending if self.spent >= FAST_LANE_BUDGET => match self.job.take() {
                Some(job) => Poll::Ready(Step::Moved(job)),
                None => Poll::Pending,
            },
            Poll::Pending => Poll::Pending,
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
/// Aborts a task when dropped: a job dies with the request that wanted it.
struct AbortOnDrop(tokio::task::AbortHandle);

#[cfg(not(target_arch = "wasm32"))]
impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

#[cfg(not(target_arch = "wasm32"))]
impl Executor {
    pub fn new(options: ExecutorOptions) -> std::io::Result<Self> {
        let (fast, heavy) = match options.threads {
            0 => (None, None),
            threads => (Some(lane("agentmock-exec", threads, 0)?), Some(lane("agentmock-heavy", threads, 10)?)),
        };
        let admission = Arc::new(Semaphore::new(options.max_in_flight.max(1)));
        let heavy_permits = Arc::new(Semaphore::new(options.max_heavy.max(1)));
        Ok(Executor { fast, heavy, admission, heavy_permits })
    }

    /// Starts a long-lived task (a WebSocket operation) in the fast lane,
    /// with no deadline: it ends when its stream does or it is aborted.
    pub fn spawn<F>(&self, task: F) -> tokio::task::JoinHandle<F::Output>
    where
        F: Future + Send + 'static,
        F::Output: Send + 'static,
    {
        match &self.fast {
            Some(runtime) => runtime.spawn(task),
            None => tokio::spawn(task),
        }
    }

    /// Runs `job` within `deadline`, counted from now (waits included);
    /// past it the job is dropped and the caller gets [`ApiError::Timeout`].
    pub async fn run<F>(&self, deadline: Duration, job: F) -> Result<F::Output, ApiError>
    where
        F: Future + Send + 'static,
        F::Output: Send + 'static,
    {
        let end = Instant::now() + deadline;
        let timeout = || ApiError::Timeout { limit_ms: deadline.as_millis() as u64 };
        let closed = |_| ApiError::Internal("executor closed".into());
        let _admitted = tokio::time::timeout_at(end, self.admission.clone().acquire_owned())
            .await
            .map_err(|_| timeout())?
            .map_err(closed)?;
        let (Some(fast), Some(heavy)) = (&self.fast, &self.heavy) else {
            // No lanes: run here.
            return tokio::time::timeout_at(end, job).await.map_err(|_| timeout());
        };
        let first = FastLane { job: Some(Box::pin(job)), spent: Duration::ZERO };
        let moved = match until(end, fast, first).await.ok_or_else(timeout)?? {
            Step::Done(output) => return Ok(output),
            Step::Moved(job) => job,
        };
        let _heavy = tokio::time::timeout_at(end, self.heavy_permits.clone().acquire_owned())
            .await
            .map_err(|_| timeout())?
            .map_err(closed)?;
        until(end, heavy, moved).await.ok_or_else(timeout)?
    }
}

#[cfg(not(target_arch = "wasm32"))]
/// Runs `future` on `runtime` until `end`: `None` past it.
async fn until<T: Send + 'static>(
    end: Instant,
    runtime: &Runtime,
    future: impl Future<Output = T> + Send + 'static,
) -> Option<Result<T, ApiError>> {
    let task = runtime.spawn(future);
    let _abort = AbortOnDrop(task.abort_handle());
    match tokio::time::timeout_at(end, task).await {
        Ok(Ok(output)) => Some(Ok(output)),
        Ok(Err(e)) => Some(Err(ApiError::Internal(format!("execution failed: {e}")))),
        Err(_) => None,
    }
}

#[cfg(not(target_arch = "wasm32"))]
impl Drop for Executor {
    fn drop(&mut self) {
        // Dropping a runtime blocks, which panics inside another runtime
        // (the tests drop apps from async code): let them wind down alone.
        for runtime in [self.fast.take(), self.heavy.take()].into_iter().flatten() {
            runtime.shutdown_background();
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
#[cfg(target_os = "linux")]
fn lower_priority(nice: i32) {
    // SAFETY: `setpriority` on the calling thread (`gettid`) has no memory
    // effects; a failure only leaves the priority as it was.
    unsafe {
        let tid = libc::syscall(libc::SYS_gettid) as libc::id_t;
        libc::setpriority(libc::PRIO_PROCESS, tid, nice);
    }
}

#[cfg(not(target_arch = "wasm32"))]
#[cfg(not(target_os = "linux"))]
fn lower_priority(_nice: i32) {}

#[cfg(not(target_arch = "wasm32"))]
#[cfg(test)]
mod tests {
    use super::*;

    fn executor() -> Executor {
        Executor::new(ExecutorOptions { threads: 1, max_in_flight: 2, max_heavy: 1 }).unwrap()
    }

    fn thread() -> Option<String> {
        std::thread::current().name().map(str::to_string)
    }

    #[tokio::test]
    async fn cheap_jobs_finish_in_the_fast_lane_and_long_ones_move() {
        let executor = executor();
        let name = executor.run(Duration::from_secs(5), async { thread() });
        assert_eq!(name.await.unwrap().as_deref(), Some("agentmock-exec"));
        let long = async {
            let started = std::time::Instant::now();
            while started.elapsed() < FAST_LANE_BUDGET * 2 {
                std::hint::black_box(0);
            }
            tokio::task::yield_now().await;
            thread()
        };
        assert_eq!(executor.run(Duration::from_secs(5), long).await.unwrap().as_deref(), Some("agentmock-heavy"));
    }

    #[tokio::test]
    async fn without_threads_jobs_run_on_the_callers_runtime() {
        let executor = Executor::new(ExecutorOptions { threads: 0, max_in_flight: 1, max_heavy: 1 }).unwrap();
        let here = thread();
        assert_eq!(executor.run(Duration::from_secs(5), async { thread() }).await.unwrap(), here);
        let slow = executor.run(Duration::from_millis(50), tokio::time::sleep(Duration::from_secs(10)));
        assert_eq!(slow.await.unwrap_err().code(), "REQUEST_TIMEOUT");
    }

    #[tokio::test]
    async fn jobs_time_out_and_give_their_permits_back() {
        let executor = executor();
        let slow = executor.run(Duration::from_millis(50), tokio::time::sleep(Duration::from_secs(10)));
        assert_eq!(slow.await.unwrap_err().code(), "REQUEST_TIMEOUT");
        for _ in 0..3 {
            assert_eq!(executor.run(Duration::from_secs(5), async { 7 }).await.unwrap(), 7);
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
    /// caller gets [`ApiError::Timeout`]. A job that only ever yields to
    /// itself (CPU work) keeps JavaScript's timers from running, so the
    /// clock is also read at each of its polls.
    pub async fn run<F: Future>(&self, deadline: Duration, job: F) -> Result<F::Output, ApiError> {
        let end = crate::rt::Instant::now() + deadline;
        let mut job = std::pin::pin!(job);
        let checked = std::future::poll_fn(|cx| {
            if crate::rt::Instant::now() >= end {
                return std::task::Poll::Ready(None);
            }
            job.as_mut().poll(cx).map(Some)
        });
        match crate::rt::timeout(deadline, checked).await {
            Ok(Some(output)) => Ok(output),
            _ => Err(ApiError::Timeout { limit_ms: deadline.as_millis() as u64 }),
        }
    }
}
