//! Where GraphQL work runs: a runtime of its own, apart from the one that
//! accepts connections and reads requests, so CPU-heavy requests never hold
//! up `/healthz`, cache hits or the accept loop. A semaphore caps how many
//! requests execute at once (each holds its documents, resolved values and
//! response in memory), and every job runs under a deadline that covers
//! its wait for a permit and its run.
//!
//! The executor's threads run at a lower scheduling priority (nice +10) on
//! Linux: when the cores are saturated by heavy requests, the IO threads
//! still get the CPU the moment a request arrives.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Semaphore;

use crate::error::ApiError;

/// A runtime for GraphQL work, with a cap on concurrent jobs.
pub struct Executor {
    runtime: Option<tokio::runtime::Runtime>,
    permits: Arc<Semaphore>,
}

/// How the executor is sized.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExecutorOptions {
    /// Worker threads of the executor's runtime.
    pub threads: usize,
    /// Requests executing at once; more wait (within their deadline).
    pub max_concurrent: usize,
}

impl Default for ExecutorOptions {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        ExecutorOptions { threads: cores, max_concurrent: 2 * cores }
    }
}

/// Stack of an executor thread: async-graphql's validation and our
/// document passes recurse per nesting level, bounded by the limits, with
/// plenty of room left.
const STACK_BYTES: usize = 8 << 20;

impl Executor {
    pub fn new(options: ExecutorOptions) -> std::io::Result<Self> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(options.threads.max(1))
            .thread_name("agentmock-exec")
            .thread_stack_size(STACK_BYTES)
            .on_thread_start(lower_priority)
            .enable_all()
            .build()?;
        let permits = Arc::new(Semaphore::new(options.max_concurrent.max(1)));
        Ok(Executor { runtime: Some(runtime), permits })
    }

    /// Runs `job` on the executor within `deadline`, counted from now
    /// (waiting for a permit included); past it the job is dropped at its
    /// next yield and the caller gets [`ApiError::Timeout`].
    pub async fn run<F>(&self, deadline: Duration, job: F) -> Result<F::Output, ApiError>
    where
        F: Future + Send + 'static,
        F::Output: Send + 'static,
    {
        let timeout = || ApiError::Timeout { limit_ms: deadline.as_millis() as u64 };
        let Some(runtime) = &self.runtime else { return Err(ApiError::Internal("executor stopped".into())) };
        let started = tokio::time::Instant::now();
        let permit = tokio::time::timeout(deadline, self.permits.clone().acquire_owned())
            .await
            .map_err(|_| timeout())?
            .map_err(|_| ApiError::Internal("executor closed".into()))?;
        let task = runtime.spawn(async move {
            let output = job.await;
            drop(permit);
            output
        });
        let abort = task.abort_handle();
        match tokio::time::timeout_at(started + deadline, task).await {
            Ok(Ok(output)) => Ok(output),
            Ok(Err(e)) => Err(ApiError::Internal(format!("execution failed: {e}"))),
            Err(_) => {
                abort.abort();
                Err(timeout())
            }
        }
    }
}

impl Drop for Executor {
    fn drop(&mut self) {
        // Dropping a runtime blocks, which panics inside another runtime
        // (the tests drop apps from async code): let it wind down alone.
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

#[cfg(target_os = "linux")]
fn lower_priority() {
    // SAFETY: `setpriority` on the calling thread (`gettid`) has no memory
    // effects; a failure only leaves the priority as it was.
    unsafe {
        let tid = libc::syscall(libc::SYS_gettid) as libc::id_t;
        libc::setpriority(libc::PRIO_PROCESS, tid, 10);
    }
}

#[cfg(not(target_os = "linux"))]
fn lower_priority() {}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn jobs_run_on_the_executor_and_time_out() {
        let executor = Executor::new(ExecutorOptions { threads: 1, max_concurrent: 1 }).unwrap();
        let name = executor.run(Duration::from_secs(5), async { std::thread::current().name().map(str::to_string) });
        assert_eq!(name.await.unwrap().as_deref(), Some("agentmock-exec"));
        let slow = executor.run(Duration::from_millis(50), tokio::time::sleep(Duration::from_secs(10)));
        assert_eq!(slow.await.unwrap_err().code(), "REQUEST_TIMEOUT");
        // The permit came back: the next job runs.
        assert_eq!(executor.run(Duration::from_secs(5), async { 7 }).await.unwrap(), 7);
    }
}
