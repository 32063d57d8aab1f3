//! Live operations: those that run on a long-lived connection rather than
//! one request, over a WebSocket ([`super::ws`]) or the WebAssembly
//! engine's subscriptions (`wasm/`). Their limits, the open sockets, and
//! how one operation starts, the same for both: resolved against the
//! connection's dataset and session, drawn its latency and faults, prepared
//! under the same limits as HTTP, checked for the anonymous, and run.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use futures_util::StreamExt;
use futures_util::stream::{BoxStream, Stream};
use tokio::sync::watch;

use super::AppState;
use super::context::{RequestContext, Resolved};
use super::graphql::{WireRequest, graphql_request};
use crate::engine::{self, OperationKind};
use crate::error::ApiError;
use crate::faults::RequestFault;
use crate::graphql::RequestData;
use crate::store::hub::Target;

/// How sockets are held.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LiveOptions {
    /// Sockets open at once.
    pub max_sockets: usize,
    /// Operations (subscriptions, queries, mutations) running at once on one socket.
    pub max_operations: usize,
    /// Largest message a client may send.
    pub max_message_bytes: usize,
    /// Bytes of messages waiting to be sent to one socket.
    pub max_queue_bytes: usize,
    /// Time for `connection_init` to arrive.
    pub init_timeout: Duration,
    /// Interval of keep-alive pings.
    pub keep_alive: Duration,
    /// How long one message may take to go out to a peer that reads
    /// slowly (a close for being too slow does not wait for it).
    pub send_timeout: Duration,
}

impl Default for LiveOptions {
    fn default() -> Self {
        LiveOptions {
            max_sockets: 256,
            max_operations: 64,
            max_message_bytes: 256 << 10,
            max_queue_bytes: 4 << 20,
            init_timeout: Duration::from_secs(5),
            keep_alive: Duration::from_secs(15),
            send_timeout: Duration::from_secs(10),
        }
    }
}

/// The open sockets: their count, the bytes waiting to be sent to them,
/// and the signal that closes them all.
pub struct Sockets {
    pub(crate) open: AtomicUsize,
    /// Bytes held against the sockets' queue bounds: messages queued and
    /// write buffers (see [`Sender`]).
    pub(crate) held: Arc<AtomicUsize>,
    pub(crate) closing: watch::Sender<bool>,
}

impl Default for Sockets {
    fn default() -> Self {
        Sockets { open: AtomicUsize::new(0), held: Arc::default(), closing: watch::channel(false).0 }
    }
}

impl Sockets {
    /// Sockets open now.
    pub fn open(&self) -> usize {
        self.open.load(Ordering::Relaxed)
    }

    /// Bytes held for sending, over every socket: each socket's share is
    /// at most `--max-ws-queue-bytes`.
    pub fn held_bytes(&self) -> usize {
        self.held.load(Ordering::Relaxed)
    }

    /// Closes every socket (`1001`), for shutdown.
    pub fn close_all(&self) {
        let _ = self.closing.send(true);
    }
}

/// An operation under way: its responses (one for a query or mutation,
/// one per event for a subscription), to be sent after `latency`.
pub struct Started {
    pub kind: OperationKind,
    pub latency: Duration,
    pub responses: BoxStream<'static, async_graphql::Response>,
}

/// Why an operation did not start.
#[derive(Debug)]
pub enum NotStarted {
    /// Its injected fault drops the connection (`X-Agentmock-Fault: drop`).
    Dropped,
    /// It gets one error instead of results: an injected status or
    /// timeout, a request that cannot be prepared, an anonymous write.
    Refused(ApiError),
}

/// Starts one operation of a connection signed in as `context` on `target`:
/// the next request of the connection's session, with its own draws of
/// latency and faults (an injected timeout waits out `--request-timeout`
/// first, as over HTTP).
pub async fn start(
    state: &AppState,
    context: RequestContext,
    target: Target,
    wire: WireRequest,
) -> Result<Started, NotStarted> {
    let text = wire.draw_key();
    let resolved =
        Resolved::with_target(&state.options.defaults, context, target, &text).map_err(NotStarted::Refused)?;
    match resolved.fault {
        None => {}
        Some(RequestFault::Drop) => return Err(NotStarted::Dropped),
        Some(RequestFault::Status(status)) => return Err(NotStarted::Refused(ApiError::Injected { status })),
        Some(RequestFault::Timeout) => {
            let limit = state.options.request_timeout;
            crate::rt::sleep(limit).await;
            return Err(NotStarted::Refused(ApiError::Timeout { limit_ms: limit.as_millis() as u64 }));
        }
    }
    let prepared = graphql_request(state, wire)
        .and_then(|request| engine::prepare_cached(request, &state.documents, &state.options.schema))
        .map_err(NotStarted::Refused)?;
    let kind = prepared.kind;
    super::graphql::refuse_anonymous(state, resolved.viewer, kind).map_err(NotStarted::Refused)?;
    let store = resolved.target.store();
    let mut data = RequestData::new(store.snapshot(), resolved.viewer, state.public_url.clone())
        .listening_to(store.clone())
        .in_session(resolved.target.session.clone())
        .reading_anonymously(state.options.anonymous);
    if kind == OperationKind::Mutation {
        data = data.writing_to(store);
    }
    let prepared = prepared.data(data);
    let responses = match resolved.field_faults {
        None => engine::run(&state.schema, prepared),
        Some(faults) => engine::run(&state.faulted_schema, prepared.with_field_faults(faults)),
    };
    let responses: BoxStream<'static, async_graphql::Response> = Box::pin(responses);
    Ok(Started { kind, latency: Duration::from_millis(resolved.latency_ms), responses })
}

/// The next response of `responses`; `first_poll` runs once the first poll
/// returns: a subscription then follows the store's changes (or the
/// operation has finished), so a write made after it is seen.
async fn next_response<S>(responses: &mut S, first_poll: &mut Option<impl FnOnce()>) -> Option<async_graphql::Response>
where
    S: Stream<Item = async_graphql::Response> + Unpin,
{
    let mut next = responses.next();
    std::future::poll_fn(|cx| {
        let polled = std::pin::Pin::new(&mut next).poll(cx);
        if let Some(first_poll) = first_poll.take() {
            first_poll();
        }
        polled
    })
    .await
}

/// Bytes a frame may hold beyond its payload in tungstenite's write buffer:
/// its header (at most 14) and a pong or close frame beside it.
pub const FRAME_SLACK: usize = 256;

/// The largest result one message carries.
#[derive(Clone, Copy, Debug)]
pub struct ResultLimit {
    /// Bytes of the result (the message's payload).
    pub result: usize,
    /// Whether the socket's queue bound sets it (rather than `--max-response-bytes`).
    pub by_queue: bool,
}

/// A result's message (the payload, the id and the envelope) fits a
/// quarter of the queue bound, so the write buffer that takes it (twice
/// its size, held for the socket's life) leaves half the bound to the queue.
pub fn result_limit(id: &str, max_response_bytes: usize, max_queue_bytes: usize) -> ResultLimit {
    let envelope = serde_json::Value::from(id).to_string().len() + 64;
    let by_queue = (max_queue_bytes / 4).saturating_sub(FRAME_SLACK + envelope);
    ResultLimit { result: max_response_bytes.min(by_queue), by_queue: by_queue < max_response_bytes }
}

/// One result's payload as a `next` message carries it, or an error in
/// its place when it is over `limit`.
pub fn result_payload(response: &async_graphql::Response, limit: ResultLimit) -> String {
    // Written straight from the response: a `serde_json::Value` would
    // sort its keys, and results keep the query's selection order.
    let error = match serde_json::to_string(response) {
        Ok(payload) if payload.len() <= limit.result => return payload,
        Ok(_) if limit.by_queue => ApiError::WsResultTooLarge { limit: limit.result },
        Ok(_) => ApiError::ResponseTooLarge { limit: limit.result },
        Err(e) => ApiError::Internal(format!("serialising a result: {e}")),
    };
    serde_json::json!({ "data": null, "errors": [error.to_server_error()] }).to_string()
}

/// What a live operation sends, one at a time.
pub enum Outgoing<'a> {
    /// A result (a `next` message).
    Result(&'a async_graphql::Response),
    /// The errors of an operation that was not executed (an `error`
    /// message); nothing follows it.
    NotExecuted(&'a [async_graphql::ServerError]),
}

/// Hands an operation's responses to `send` (which answers whether to go
/// on) until the operation is complete: a query or mutation after its one
/// result, a subscription when its events end. `first_poll` runs once the
/// first poll returns: a subscription then follows the store's changes, so
/// a write made after it is seen. Whether it completed (a
/// `complete` is due): not when it was not executed or `send` stopped it.
pub async fn deliver<S>(
    responses: &mut S,
    kind: OperationKind,
    first_poll: impl FnOnce(),
    mut send: impl FnMut(Outgoing<'_>) -> bool,
) -> bool
where
    S: Stream<Item = async_graphql::Response> + Unpin,
{
    let mut first_poll = Some(first_poll);
    let mut first = true;
    while let Some(response) = next_response(responses, &mut first_poll).await {
        if first && engine::failed_before_execution(&response) {
            send(Outgoing::NotExecuted(&response.errors));
            return false;
        }
        first = false;
        if !send(Outgoing::Result(&response)) {
            return false;
        }
        if kind != OperationKind::Subscription {
            break;
        }
    }
    true
}
