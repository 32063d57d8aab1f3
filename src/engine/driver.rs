//! The loader driver: a request's DataLoader batches run when the request
//! stalls, not on a timer.
//!
//! async-graphql's DataLoader closes a batch when its delay fires, so a
//! slow poll splits a batch in two and the number of lookups depends on
//! machine speed. The request's loaders queue their batch tasks instead
//! ([`crate::graphql::loaders::LoaderQueue`]) and [`drive`] runs them only
//! when the request can make no more progress without them: every key the
//! request asks for in one pass lands in one batch, at any machine speed.

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll, Wake, Waker};

use futures_util::future::BoxFuture;

use crate::graphql::loaders::LoaderQueue;

/// Polls of a request in a row that may wake themselves (async-graphql's
/// cooperative yields) before the driver hands control back to the runtime.
const MAX_SELF_WAKES: usize = 256;

/// Runs `request` to completion, running its loader's batches only when it
/// stalls: when a poll returns `Pending` without having woken itself.
///
/// `sliced`: whether its lists and batches may yield when the poll's time
/// slice is spent ([`crate::rt`]), which changes the order its fields
/// complete in. Only where that order does not show in the answer (no
/// response key repeats); elsewhere it runs unsliced.
pub async fn drive<F: Future>(request: F, queue: LoaderQueue, sliced: bool) -> F::Output {
    let mut request = std::pin::pin!(request);
    let mut waiting: Vec<BoxFuture<'static, ()>> = Vec::new();
    let mut poll = move |cx: &mut Context<'_>| {
        let woken = Arc::new(SelfWake { woken: AtomicBool::new(false), outer: cx.waker().clone() });
        let waker = Waker::from(woken.clone());
        let mut inner = Context::from_waker(&waker);
        for _ in 0..MAX_SELF_WAKES {
            woken.woken.store(false, Ordering::Relaxed);
            if waiting.is_empty() {
                if let Poll::Ready(output) = request.as_mut().poll(&mut inner) {
                    return Poll::Ready(output);
                }
                if woken.woken.load(Ordering::Relaxed) {
                    // Yielded because its time slice is spent (`crate::rt`):
                    // its poller decides (the outer waker was woken).
                    if crate::rt::slice_is_spent() {
                        return Poll::Pending;
                    }
                    continue;
                }
                // Stalled: every key of this pass is queued; run the batches.
                waiting.extend(queue.take());
                if waiting.is_empty() {
                    return Poll::Pending;
                }
            }
            // The pass's batches all finish before the request goes on (a
            // batch may yield when the slice is spent): keys the request
            // asks for next form the next pass's batches, at any speed.
            let before = waiting.len();
            waiting.retain_mut(|task| task.as_mut().poll(&mut inner).is_pending());
            let woke = woken.woken.load(Ordering::Relaxed);
            if !waiting.is_empty() && ((waiting.len() == before && !woke) || (woke && crate::rt::slice_is_spent())) {
                return Poll::Pending;
            }
        }
        cx.waker().wake_by_ref();
        Poll::Pending
    };
    std::future::poll_fn(move |cx| if sliced { poll(cx) } else { crate::rt::unsliced(|| poll(cx)) }).await
}

/// A waker that notes it was used, then wakes the task for real.
struct SelfWake {
    woken: AtomicBool,
    outer: Waker,
}

impl Wake for SelfWake {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.woken.store(true, Ordering::Relaxed);
        self.outer.wake_by_ref();
    }
}
