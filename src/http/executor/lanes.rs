//! The server's executor: two multi-threaded lanes (see the parent
//! module), admission and heavy-lane permits, deadlines. Not built for
//! wasm32, where a job runs in place.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::runtime::Runtime;
use tokio::sync::Semaphore;
use tokio::time::Instant;

use super::ExecutorOptions;
use crate::error::ApiError;

/// The runtimes for GraphQL work and their caps.
pub struct Executor {
    fast: Option<Runtime>,
    heavy: Option<Runtime>,
    admission: Arc<Semaphore>,
    heavy_permits: Arc<Semaphore>,
    fast_lane_budget: Duration,
    heavy_slice: Duration,
    inline_budget: Duration,
    /// Requests that ran within `inline_budget` last time.
    cheap: Cheap,
}

/// Stack of an executor thread: async-graphql's validation and our
/// document passes recurse per nesting level, bounded by the limits, with
/// plenty of room left.
const STACK_BYTES: usize = 8 << 20;

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

static IDLE_HOOK: std::sync::OnceLock<fn()> = std::sync::OnceLock::new();

/// Sets what a runtime thread does when it runs out of work (at most four
/// times a second per thread): the binary hands its allocator's free pages
/// back to the OS, so memory freed after a burst leaves the process.
pub fn set_idle_hook(hook: fn()) {
    let _ = IDLE_HOOK.set(hook);
}

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

/// What a job came to in the fast lane: its output and the time it took
/// there, or itself, unfinished.
enum Step<T> {
    Done(T, Duration),
    Moved(Pin<Box<dyn Future<Output = T> + Send>>),
}

/// The requests that ran within the inline budget last time they ran,
/// by their digest: a table of digests, each in the slot its value picks,
/// a newer digest replacing an older one. Only scheduling reads it, never
/// an answer, so a collision costs at most one request run in the wrong
/// place. (Hand-written: a fixed table of atomics needs no lock and no
/// allocation per request, which no cache crate offers without both.)
struct Cheap(Box<[std::sync::atomic::AtomicU64]>);

/// Slots of [`Cheap`] (32 KiB).
const CHEAP_SLOTS: usize = 4096;

impl Cheap {
    fn new() -> Self {
        Cheap((0..CHEAP_SLOTS).map(|_| std::sync::atomic::AtomicU64::new(0)).collect())
    }

    fn slot(&self, digest: u64) -> (&std::sync::atomic::AtomicU64, u64) {
        // 0 marks an empty slot.
        let digest = digest | 1;
        (&self.0[(digest >> 1) as usize % CHEAP_SLOTS], digest)
    }

    fn contains(&self, digest: u64) -> bool {
        let (slot, digest) = self.slot(digest);
        slot.load(std::sync::atomic::Ordering::Relaxed) == digest
    }

    /// Notes whether the request of `digest` was cheap this time.
    fn note(&self, digest: u64, cheap: bool) {
        let (slot, digest) = self.slot(digest);
        if cheap {
            slot.store(digest, std::sync::atomic::Ordering::Relaxed);
        } else {
            let _ = slot.compare_exchange(
                digest,
                0,
                std::sync::atomic::Ordering::Relaxed,
                std::sync::atomic::Ordering::Relaxed,
            );
        }
    }
}

/// Polls a job until it is done or has used its budget; each poll's
/// slice ends where the budget would be used (`crate::rt`), so a job
/// busy in a long list yields there and moves.
struct FastLane<T> {
    job: Option<Pin<Box<dyn Future<Output = T> + Send>>>,
    budget: Duration,
    spent: Duration,
}

impl<T> Future for FastLane<T> {
    type Output = Step<T>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Step<T>> {
        let started = std::time::Instant::now();
        let end = started + self.budget.saturating_sub(self.spent);
        let Some(job) = self.job.as_mut() else { return Poll::Pending };
        let polled = crate::rt::in_slice(end, || job.as_mut().poll(cx));
        self.spent += started.elapsed();
        match polled {
            Poll::Ready(output) => Poll::Ready(Step::Done(output, self.spent)),
            Poll::Pending if self.spent >= self.budget => match self.job.take() {
                Some(job) => Poll::Ready(Step::Moved(job)),
                None => Poll::Pending,
            },
            Poll::Pending => Poll::Pending,
        }
    }
}

/// Aborts a task when dropped: a job dies with the request that wanted it.
struct AbortOnDrop(tokio::task::AbortHandle);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

impl Executor {
    pub fn new(options: ExecutorOptions) -> std::io::Result<Self> {
        let (fast, heavy) = match options.threads {
            0 => (None, None),
            threads => (Some(lane("agentmock-exec", threads, 0)?), Some(lane("agentmock-heavy", threads, 10)?)),
        };
        let admission = Arc::new(Semaphore::new(options.max_in_flight.max(1)));
        let heavy_permits = Arc::new(Semaphore::new(options.max_heavy.max(1)));
        Ok(Executor {
            fast,
            heavy,
            admission,
            heavy_permits,
            fast_lane_budget: options.fast_lane_budget,
            heavy_slice: options.heavy_slice,
            inline_budget: options.inline_budget,
            cheap: Cheap::new(),
        })
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
        self.run_request(deadline, None, job).await
    }

    /// [`Executor::run`] for a request known by `digest` (the same request
    /// has the same digest): one that ran within the inline budget last
    /// time starts here, on the caller's thread, with no hop to the fast
    /// lane and back; if it is still running when that budget is spent it
    /// moves on as it stands. A request seen for the first time, or one
    /// that was not cheap, starts in the fast lane.
    pub async fn run_request<F>(&self, deadline: Duration, digest: Option<u64>, job: F) -> Result<F::Output, ApiError>
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
            // No lanes: run here, yielding so that the deadline can drop it.
            let job = crate::rt::Sliced::new(job, self.heavy_slice, end.into_std());
            return tokio::time::timeout_at(end, job).await.map_err(|_| timeout());
        };
        let mut job: Pin<Box<dyn Future<Output = F::Output> + Send>> = Box::pin(job);
        let note = |cheap: bool| {
            if let Some(digest) = digest {
                self.cheap.note(digest, cheap);
            }
        };
        let inline = !self.inline_budget.is_zero() && digest.is_some_and(|d| self.cheap.contains(d));
        if inline {
            let here = FastLane { job: Some(job), budget: self.inline_budget, spent: Duration::ZERO };
            match tokio::time::timeout_at(end, here).await.map_err(|_| timeout())? {
                Step::Done(output, spent) => {
                    // Still cheap? (A step that cannot yield may have run
                    // past the budget: then the fast lane next time.)
                    note(spent <= self.inline_budget);
                    return Ok(output);
                }
                Step::Moved(rest) => {
                    note(false);
                    job = rest;
                }
            }
        }
        let first = FastLane { job: Some(job), budget: self.fast_lane_budget, spent: Duration::ZERO };
        let moved = match until(end, fast, first).await.ok_or_else(timeout)?? {
            Step::Done(output, spent) => {
                note(!inline && spent <= self.inline_budget);
                return Ok(output);
            }
            Step::Moved(job) => {
                note(false);
                job
            }
        };
        let _heavy = tokio::time::timeout_at(end, self.heavy_permits.clone().acquire_owned())
            .await
            .map_err(|_| timeout())?
            .map_err(closed)?;
        until(end, heavy, crate::rt::Sliced::new(moved, self.heavy_slice, end.into_std())).await.ok_or_else(timeout)?
    }
}

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

impl Drop for Executor {
    fn drop(&mut self) {
        // Dropping a runtime blocks, which panics inside another runtime
        // (the tests drop apps from async code): let them wind down alone.
        for runtime in [self.fast.take(), self.heavy.take()].into_iter().flatten() {
            runtime.shutdown_background();
        }
    }
}

#[cfg(target_os = "linux")]
fn lower_priority(nice: i32) {
    // SAFETY: `setpriority` on the calling thread (`gettid`) has no memory
    // effects; a failure only leaves the priority as it was.
    unsafe {
        let tid = libc::syscall(libc::SYS_gettid) as libc::id_t;
        libc::setpriority(libc::PRIO_PROCESS, tid, nice);
    }
}

#[cfg(not(target_os = "linux"))]
fn lower_priority(_nice: i32) {}

#[cfg(test)]
mod tests {
    use super::*;

    fn executor() -> Executor {
        Executor::new(ExecutorOptions { threads: 1, max_in_flight: 2, max_heavy: 1, ..ExecutorOptions::default() })
            .unwrap()
    }

    /// A CPU-bound job shaped like a long list (`graphql::flat`): steps of
    /// work for `length` unless cut, yielding whenever its slice is spent.
    /// It answers the threads it ran on, in order.
    fn busy(length: Duration) -> impl Future<Output = Vec<String>> + Send {
        let mut threads: Vec<String> = Vec::new();
        let mut started = None;
        std::future::poll_fn(move |cx| {
            let started = *started.get_or_insert_with(std::time::Instant::now);
            let name = thread().unwrap_or_default();
            if threads.last() != Some(&name) {
                threads.push(name);
            }
            while started.elapsed() < length {
                std::hint::black_box(0);
                if crate::rt::slice_spent() {
                    cx.waker().wake_by_ref();
                    return Poll::Pending;
                }
            }
            Poll::Ready(std::mem::take(&mut threads))
        })
    }

    #[tokio::test]
    async fn a_job_busy_in_a_long_list_moves_when_its_budget_is_spent() {
        let lanes = executor();
        let threads = lanes.run(Duration::from_secs(30), busy(super::super::FAST_LANE_BUDGET * 4)).await;
        assert_eq!(threads.unwrap(), ["agentmock-exec", "agentmock-heavy"]);
    }

    #[tokio::test]
    async fn a_request_cheap_last_time_runs_where_it_was_read() {
        // Budgets no loaded machine overruns by accident.
        let lanes = Executor::new(ExecutorOptions {
            threads: 1,
            max_in_flight: 2,
            max_heavy: 1,
            inline_budget: Duration::from_millis(100),
            fast_lane_budget: Duration::from_secs(10),
            ..ExecutorOptions::default()
        })
        .unwrap();
        let here = thread();
        let run = |digest| lanes.run_request(Duration::from_secs(5), Some(digest), async { thread() });
        assert_eq!(run(7).await.unwrap().as_deref(), Some("agentmock-exec"), "first seen: the fast lane");
        assert_eq!(run(7).await.unwrap(), here, "cheap last time: in place");
        assert_eq!(run(8).await.unwrap().as_deref(), Some("agentmock-exec"), "another request");
        // Not cheap this time: it moves on as it stands, and starts in the
        // fast lane next time.
        let long = lanes.run_request(Duration::from_secs(30), Some(7), busy(Duration::from_millis(300)));
        assert_eq!(long.await.unwrap(), [here.clone().unwrap_or_default(), "agentmock-exec".to_string()]);
        assert_eq!(run(7).await.unwrap().as_deref(), Some("agentmock-exec"));
        // Without a digest, always the fast lane.
        for _ in 0..2 {
            let unknown = lanes.run_request(Duration::from_secs(5), None, async { thread() });
            assert_eq!(unknown.await.unwrap().as_deref(), Some("agentmock-exec"));
        }
    }

    #[tokio::test]
    async fn a_job_busy_in_a_long_list_is_cut_at_its_deadline() {
        // Without slices the job would run its three seconds in one poll
        // and answer.
        let lanes = executor();
        let cut = lanes.run(Duration::from_millis(50), busy(Duration::from_secs(3)));
        assert_eq!(cut.await.unwrap_err().code(), "REQUEST_TIMEOUT");
        let in_place = Executor::new(ExecutorOptions { threads: 0, ..ExecutorOptions::default() }).unwrap();
        let cut = in_place.run(Duration::from_millis(50), busy(Duration::from_secs(3)));
        assert_eq!(cut.await.unwrap_err().code(), "REQUEST_TIMEOUT");
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
            while started.elapsed() < super::super::FAST_LANE_BUDGET * 2 {
                std::hint::black_box(0);
            }
            tokio::task::yield_now().await;
            thread()
        };
        assert_eq!(executor.run(Duration::from_secs(5), long).await.unwrap().as_deref(), Some("agentmock-heavy"));
    }

    #[tokio::test]
    async fn without_threads_jobs_run_on_the_callers_runtime() {
        let executor =
            Executor::new(ExecutorOptions { threads: 0, max_in_flight: 1, max_heavy: 1, ..ExecutorOptions::default() })
                .unwrap();
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
