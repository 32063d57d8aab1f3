//! GraphQL over WebSocket on `/graphql`: the `graphql-transport-ws`
//! protocol (graphql-ws's PROTOCOL.md, what Apollo Client's `GraphQLWsLink`
//! and urql's `subscriptionExchange` speak) and the legacy
//! `subscriptions-transport-ws` one (subprotocol `graphql-ws`).
//!
//! Every operation runs through the same path as over HTTP
//! ([`crate::engine::run()`]: document limits, loaders, selection order,
//! error codes) on the executor's fast lane, reading the store's newest
//! snapshot when it starts and each event's snapshot after.
//!
//! Robustness, per the protocol and beyond:
//! - no `connection_init` within `init_timeout`: close `4408`; a second
//!   one: `4429`; an operation before the acknowledgement: `4401`; a
//!   credential that names no user: `4403`; an operation id already
//!   running: `4409`; a message that is not JSON of a known type (or
//!   binary): `4400` with a short reason; a message over
//!   `max_message_bytes`: `1009`; a subprotocol neither of the two: `4406`.
//! - at most `max_sockets` sockets (more are closed `1013` at once) and
//!   `max_operations` operations per socket (more get an `error` message
//!   with `TOO_MANY_SUBSCRIPTIONS`; the socket stays);
//! - a browser page whose `Origin` the CORS setting does not allow is
//!   refused before the upgrade (`403`, JSON: [`super::access`]);
//! - keep-alive: a protocol ping (`ping`, or `ka` in the legacy protocol)
//!   and a WebSocket ping every `keep_alive`; a peer silent for three
//!   periods is dropped;
//! - what waits to be sent is bounded by `max_queue_bytes`: the messages
//!   queued (their allocations, not only their lengths), the one being
//!   sent, and tungstenite's write buffer (which keeps the size of the
//!   largest frame it wrote: twice that is held against the bound for the
//!   socket's life). A consumer that falls further behind is closed `1008`
//!   at once: what is queued is dropped, and the frame being written and
//!   the close get `CLOSE_GRACE` before the connection is dropped, so a
//!   peer that does not read holds nothing for long;
//! - a peer that closes first gets its close frame answered (its code
//!   echoed, as RFC 6455 asks) within `CLOSE_GRACE`: without the answer it
//!   sees `1006`, an abnormal closure.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::FromRequestParts;
use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::http::{HeaderValue, header};
use axum::response::Response;
use futures_util::stream::SplitSink;
use futures_util::{SinkExt, StreamExt};
use serde::Deserialize;
use tokio::sync::{OwnedSemaphorePermit, Semaphore, mpsc, oneshot};

use super::context::RequestContext;
use super::graphql::WireRequest;
use super::{AppState, error_response};
use crate::engine::OperationKind;
use crate::error::ApiError;
use crate::store::hub::Target;

use super::live::{self, FRAME_SLACK, NotStarted};
pub use super::live::{LiveOptions, Sockets};

/// Holds one socket's place in the count.
struct Place(AppState);

impl Drop for Place {
    fn drop(&mut self) {
        self.0.sockets.open.fetch_sub(1, Ordering::Relaxed);
    }
}

/// Set by the WebSocket handler on the connection it upgrades, so the
/// accept loop's idle timeout (for HTTP between requests) stops applying.
#[derive(Clone, Debug, Default)]
pub struct Upgraded(pub Arc<AtomicBool>);

/// The two subprotocols.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Protocol {
    /// `graphql-transport-ws` (graphql-ws).
    TransportWs,
    /// `graphql-ws` (subscriptions-transport-ws, legacy).
    Legacy,
}

const TRANSPORT_WS: &str = "graphql-transport-ws";
const LEGACY: &str = "graphql-ws";

impl Protocol {
    fn next(self) -> &'static str {
        match self {
            Protocol::TransportWs => "next",
            Protocol::Legacy => "data",
        }
    }
}

/// Whether a request asks for a WebSocket.
pub fn is_upgrade(request: &axum::extract::Request) -> bool {
    request
        .headers()
        .get(header::UPGRADE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|p| p.trim().eq_ignore_ascii_case("websocket")))
}

/// Answers a WebSocket upgrade on `/graphql`.
pub async fn upgrade(state: AppState, request: axum::extract::Request) -> Response {
    // The origin and host were checked before ([`super::access`]).
    let (mut parts, _) = request.into_parts();
    let upgraded = parts.extensions.get::<Upgraded>().cloned();
    let ws = match WebSocketUpgrade::from_request_parts(&mut parts, &()).await {
        Ok(ws) => ws,
        Err(rejection) => {
            let message = format!("not a WebSocket upgrade: {}", rejection.body_text());
            return error_response(&ApiError::bad_request(message), false);
        }
    };
    let requested: Vec<String> = ws
        .requested_protocols()
        .filter_map(|p| p.to_str().ok())
        .flat_map(|p| p.split(',').map(|s| s.trim().to_string()).collect::<Vec<_>>())
        .collect();
    let protocol = if requested.is_empty() || requested.iter().any(|p| p == TRANSPORT_WS) {
        Some(Protocol::TransportWs)
    } else if requested.iter().any(|p| p == LEGACY) {
        Some(Protocol::Legacy)
    } else {
        None
    };
    let options = state.options.live.clone();
    let mut ws = ws
        .max_message_size(options.max_message_bytes)
        .max_frame_size(options.max_message_bytes)
        .read_buffer_size(READ_BUFFER)
        // Every frame is written at once: nothing waits in tungstenite's
        // buffer but the frame being written (held against the queue bound).
        .write_buffer_size(0)
        .max_write_buffer_size(options.max_queue_bytes.max(2 * FRAME_SLACK));
    match protocol {
        Some(Protocol::TransportWs) if !requested.is_empty() => {
            ws.set_selected_protocol(HeaderValue::from_static(TRANSPORT_WS))
        }
        Some(Protocol::Legacy) => ws.set_selected_protocol(HeaderValue::from_static(LEGACY)),
        _ => {}
    }
    if let Some(upgraded) = upgraded {
        upgraded.0.store(true, Ordering::Relaxed);
    }
    ws.on_upgrade(move |socket| async move {
        let Some(protocol) = protocol else {
            return close_now(socket, 4406, "Subprotocol not acceptable").await;
        };
        let open = state.sockets.open.fetch_add(1, Ordering::Relaxed) + 1;
        let place = Place(state.clone());
        if open > options.max_sockets {
            let reason =
                format!("Try again later: the server holds {} sockets (--max-websockets)", options.max_sockets);
            return close_now(socket, 1013, &reason).await;
        }
        Session::run(state, socket, protocol, options).await;
        drop(place);
    })
}

/// Sends a close frame and drops the socket.
async fn close_now(mut socket: WebSocket, code: u16, reason: &str) {
    let frame = CloseFrame { code, reason: reason.to_string().into() };
    let _ = tokio::time::timeout(Duration::from_secs(1), socket.send(Message::Close(Some(frame)))).await;
}

/// A message as a client sends it.
#[derive(Deserialize)]
struct ClientMessage {
    #[serde(rename = "type")]
    kind: String,
    id: Option<serde_json::Value>,
    payload: Option<serde_json::Value>,
}

/// tungstenite's read buffer: clients send small messages (a subscribe, a
/// ping); a larger one is read in more calls.
const READ_BUFFER: usize = 8 << 10;

/// Time the frame being written and the close frame get once a socket is
/// closed for being too slow (or the server is going away), and the answer
/// to a peer's close: a peer that does not read is not waited for.
const CLOSE_GRACE: Duration = Duration::from_secs(1);

/// What the socket's writer is asked to send.
enum Outgoing {
    Text(String, Held),
    Ping,
}

/// Bytes held against a socket's queue bound (and counted in
/// [`Sockets::held_bytes`]) until dropped.
struct Held {
    permit: Option<OwnedSemaphorePermit>,
    bytes: usize,
    total: Arc<AtomicUsize>,
}

impl Held {
    fn new(permit: OwnedSemaphorePermit, total: &Arc<AtomicUsize>) -> Self {
        let bytes = permit.num_permits();
        total.fetch_add(bytes, Ordering::Relaxed);
        Held { permit: Some(permit), bytes, total: total.clone() }
    }

    /// Holds `more` too, as one.
    fn merge(&mut self, mut more: Held) {
        if let Some(permit) = more.permit.take() {
            match &mut self.permit {
                Some(mine) => mine.merge(permit),
                None => self.permit = Some(permit),
            }
        }
        self.bytes += std::mem::take(&mut more.bytes);
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        self.total.fetch_sub(self.bytes, Ordering::Relaxed);
    }
}

/// A socket's bound on what it holds for sending, and the close going over
/// it asks for.
#[derive(Clone)]
struct Budget {
    bytes: Arc<Semaphore>,
    /// Every socket's held bytes together ([`Sockets::held_bytes`]).
    total: Arc<AtomicUsize>,
    overflow: mpsc::Sender<()>,
}

impl Budget {
    /// Holds `bytes` of the socket's bound; `None` (and the socket is
    /// closing) when they are not free.
    fn hold(&self, bytes: usize) -> Option<Held> {
        let bytes = u32::try_from(bytes.max(1)).unwrap_or(u32::MAX);
        match self.bytes.clone().try_acquire_many_owned(bytes) {
            Ok(permit) => Some(Held::new(permit, &self.total)),
            Err(_) => {
                let _ = self.overflow.try_send(());
                None
            }
        }
    }
}

/// The sending side of a socket, shared by its operations: a queue bounded
/// by bytes, and the close a full queue asks for.
#[derive(Clone)]
struct Sender {
    queue: mpsc::UnboundedSender<Outgoing>,
    budget: Budget,
}

impl Sender {
    /// Queues `text`; `false` (and the socket is closing) when the queue is full.
    fn send(&self, text: String) -> bool {
        // What the text holds is its allocation, not its length.
        match self.budget.hold(text.capacity()) {
            Some(held) => self.queue.send(Outgoing::Text(text, held)).is_ok(),
            None => false,
        }
    }

    /// Queues one protocol message; `payload` is JSON text, written as it
    /// is (a result keeps its fields in selection order).
    fn message(&self, kind: &str, id: Option<&str>, payload: Option<&str>) -> bool {
        let mut text = String::with_capacity(32 + payload.map_or(0, str::len));
        text.push('{');
        if let Some(id) = id {
            text.push_str("\"id\":");
            text.push_str(&serde_json::Value::from(id).to_string());
            text.push(',');
        }
        text.push_str("\"type\":");
        text.push_str(&serde_json::Value::from(kind).to_string());
        if let Some(payload) = payload {
            text.push_str(",\"payload\":");
            text.push_str(payload);
        }
        text.push('}');
        self.send(text)
    }
}

/// An `error` message's payload: the errors (one, in the legacy protocol),
/// each as HTTP writes it.
fn errors_payload(protocol: Protocol, errors: &[async_graphql::ServerError]) -> String {
    let written = match protocol {
        Protocol::TransportWs => serde_json::to_string(errors),
        Protocol::Legacy => match errors.first() {
            Some(error) => serde_json::to_string(error),
            None => Ok("{}".to_string()),
        },
    };
    written.unwrap_or_else(|_| "[]".to_string())
}

/// Operations running on a socket, by id.
type Running = Arc<Mutex<BTreeMap<String, Option<tokio::task::AbortHandle>>>>;

/// One socket's protocol state.
struct Session {
    state: AppState,
    protocol: Protocol,
    options: LiveOptions,
    out: Sender,
    /// What `connection_init` asked for (who, which dataset and session,
    /// what to inject), once it came.
    connected: Option<Connected>,
    running: Running,
}

/// A socket's request options, resolved once at `connection_init`: every
/// operation on it reads and writes that store (a session's subscriptions
/// see only the session's events).
struct Connected {
    context: RequestContext,
    target: Target,
}

/// Why a session ends.
struct Closing(u16, String);

impl Closing {
    fn invalid(reason: impl Into<String>) -> Self {
        let reason = reason.into();
        // A close reason holds at most 123 bytes.
        let mut end = reason.len().min(120);
        while !reason.is_char_boundary(end) {
            end -= 1;
        }
        Closing(4400, reason[..end].to_string())
    }
}

impl Session {
    async fn run(state: AppState, socket: WebSocket, protocol: Protocol, options: LiveOptions) {
        let (sink, mut stream) = socket.split();
        let (queue, outgoing) = mpsc::unbounded_channel();
        let (overflow, mut overflowed) = mpsc::channel(1);
        let budget = Budget {
            bytes: Arc::new(Semaphore::new(options.max_queue_bytes.clamp(1, u32::MAX as usize >> 1))),
            total: state.sockets.held.clone(),
            overflow,
        };
        let out = Sender { queue, budget: budget.clone() };
        let (close, closed) = oneshot::channel::<(u16, String, bool)>();
        let mut writer = tokio::spawn(write(sink, outgoing, budget, closed, options.send_timeout));
        let mut session = Session {
            state: state.clone(),
            protocol,
            options: options.clone(),
            out,
            connected: None,
            running: Running::default(),
        };
        let mut closing_all = state.sockets.closing.subscribe();
        if *closing_all.borrow() {
            // Already shutting down: close at once.
            closing_all.mark_changed();
        }
        let init_deadline = tokio::time::sleep(options.init_timeout);
        tokio::pin!(init_deadline);
        let mut keep_alive =
            tokio::time::interval_at(tokio::time::Instant::now() + options.keep_alive, options.keep_alive);
        keep_alive.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut heard = tokio::time::Instant::now();
        let mut peer_closed = false;
        let closing: Option<Closing> = loop {
            tokio::select! {
                message = stream.next() => {
                    heard = tokio::time::Instant::now();
                    match message {
                        None => break None,
                        Some(Err(e)) => {
                            // tungstenite's words for a message over the size limit
                            // (pinned by the test of that close).
                            let too_big = e.to_string().contains("Message too long");
                            break too_big.then(|| Closing(1009, format!("Message too big: over {} bytes (--max-ws-message-bytes)", options.max_message_bytes)));
                        }
                        Some(Ok(Message::Text(text))) => {
                            if let Err(closing) = session.handle(text.as_str()).await {
                                break Some(closing);
                            }
                        }
                        Some(Ok(Message::Binary(_))) => break Some(Closing::invalid("Invalid message: binary messages are not supported")),
                        Some(Ok(Message::Close(_))) => {
                            peer_closed = true;
                            break None;
                        }
                        Some(Ok(_)) => {}
                    }
                }
                () = &mut init_deadline, if session.connected.is_none() => {
                    break Some(Closing(4408, "Connection initialisation timeout".into()));
                }
                _ = keep_alive.tick() => {
                    if heard.elapsed() > options.keep_alive * 3 {
                        break Some(Closing(1001, "No answer to keep-alive pings".into()));
                    }
                    let _ = session.out.queue.send(Outgoing::Ping);
                    if session.connected.is_some() {
                        match protocol {
                            Protocol::TransportWs => session.out.message("ping", None, None),
                            Protocol::Legacy => session.out.message("ka", None, None),
                        };
                    }
                }
                Some(()) = overflowed.recv() => {
                    let reason = format!("Too slow: over {} bytes waiting to be sent (--max-ws-queue-bytes)", options.max_queue_bytes);
                    break Some(Closing(1008, reason));
                }
                // Only ever set once, to true.
                _ = closing_all.changed() => {
                    break Some(Closing(1001, "Going away: the server is shutting down".into()));
                }
            }
        };
        // Stop every operation, then close.
        let running: Vec<Option<tokio::task::AbortHandle>> =
            std::mem::take(&mut *session.running.lock().unwrap_or_else(|p| p.into_inner())).into_values().collect();
        for handle in running.into_iter().flatten() {
            handle.abort();
        }
        if peer_closed {
            // The peer closed first: tungstenite has queued the answer
            // RFC 6455 asks for (its close frame, code echoed), and sends it
            // on the next read, which then ends the stream. Dropped unsent,
            // every client that closes (graphql-ws after its last operation,
            // a page going away) sees 1006, an abnormal closure, instead.
            let answered = async { while stream.next().await.is_some() {} };
            let _ = tokio::time::timeout(CLOSE_GRACE, answered).await;
        }
        if let Some(Closing(code, reason)) = closing {
            // What is queued still goes out first, unless the socket is
            // closed for being too slow to take it, or the server is going away.
            let flush = !matches!(code, 1001 | 1008);
            tracing::debug!(code, reason = reason.as_str(), "closing a socket");
            let _ = close.send((code, reason, flush));
        }
        drop(session);
        if tokio::time::timeout(options.send_timeout + CLOSE_GRACE, &mut writer).await.is_err() {
            writer.abort();
        }
    }

    /// Handles one text message.
    async fn handle(&mut self, text: &str) -> Result<(), Closing> {
        let message: ClientMessage = serde_json::from_str(text).map_err(|e| {
            let what = e.to_string();
            Closing::invalid(format!("Invalid message: {}", what.split(" at line").next().unwrap_or(&what)))
        })?;
        let id = match &message.id {
            None | Some(serde_json::Value::Null) => None,
            Some(serde_json::Value::String(id)) => Some(id.clone()),
            Some(_) => return Err(Closing::invalid("Invalid message: `id` must be a string")),
        };
        match (self.protocol, message.kind.as_str()) {
            (_, "connection_init") => self.init(message.payload).await,
            (Protocol::TransportWs, "ping") => {
                let payload = message.payload.map(|p| p.to_string());
                self.out.message("pong", None, payload.as_deref());
                Ok(())
            }
            (Protocol::TransportWs, "pong") => Ok(()),
            (Protocol::TransportWs, "subscribe") | (Protocol::Legacy, "start") => {
                if self.connected.is_none() {
                    return Err(Closing(4401, "Unauthorized".into()));
                }
                let id =
                    id.ok_or_else(|| Closing::invalid(format!("Invalid message: `{}` needs an `id`", message.kind)))?;
                self.subscribe(id, message.payload).await
            }
            (Protocol::TransportWs, "complete") | (Protocol::Legacy, "stop") => {
                let id =
                    id.ok_or_else(|| Closing::invalid(format!("Invalid message: `{}` needs an `id`", message.kind)))?;
                let handle = self.running.lock().unwrap_or_else(|p| p.into_inner()).remove(&id);
                if let Some(Some(handle)) = handle {
                    handle.abort();
                }
                Ok(())
            }
            (Protocol::Legacy, "connection_terminate") => Err(Closing(1000, "Normal closure".into())),
            (_, kind) => Err(Closing::invalid(format!("Invalid message: unknown type {kind:?}"))),
        }
    }

    /// `connection_init`: who the socket is signed in as, and the same
    /// options an HTTP request's headers give (dataset, session, latency,
    /// faults), as keys of its payload.
    async fn init(&mut self, payload: Option<serde_json::Value>) -> Result<(), Closing> {
        if self.connected.is_some() {
            return Err(Closing(4429, "Too many initialisation requests".into()));
        }
        let params = match payload {
            None | Some(serde_json::Value::Null) => serde_json::Map::new(),
            Some(serde_json::Value::Object(map)) => map,
            Some(_) => return Err(Closing::invalid("Invalid message: the connection_init payload must be an object")),
        };
        let refuse = |protocol: Protocol, out: &Sender, closing: Closing| {
            if protocol == Protocol::Legacy {
                let payload = serde_json::json!({ "message": closing.1 }).to_string();
                out.message("connection_error", None, Some(&payload));
            }
            Err(closing)
        };
        let context = match RequestContext::from_params(&params) {
            Ok(context) => context,
            Err(e) => {
                return refuse(self.protocol, &self.out, Closing::invalid(format!("Invalid connectionParams: {e}")));
            }
        };
        let hub = &self.state.hub;
        let target = match hub.target(&context.params(hub), context.session.as_deref()).await {
            Ok(target) => target,
            Err(e) => return refuse(self.protocol, &self.out, Closing(1013, format!("Try again later: {e}"))),
        };
        let snap = target.store().snapshot();
        match snap.viewer_of(context.authorization.as_deref()) {
            Ok(_) => {
                let ack = self.ack(&target, &snap);
                self.connected = Some(Connected { context, target });
                self.out.message("connection_ack", None, ack.as_deref());
                if self.protocol == Protocol::Legacy {
                    self.out.message("ka", None, None);
                }
                Ok(())
            }
            Err(e) => refuse(self.protocol, &self.out, Closing(4403, format!("Forbidden: {e}"))),
        }
    }

    /// The `connection_ack` payload (graphql-transport-ws only): whether
    /// the simulator moves the data this socket follows and where its "now"
    /// stands, so a client knows whether `conversationStarted`,
    /// `conversationEnded` and `metricsUpdated` can fire (on pinned data
    /// they fire only on writes: a reset, for `metricsUpdated`).
    fn ack(&self, target: &Target, snap: &crate::store::Snapshot) -> Option<String> {
        if self.protocol != Protocol::TransportWs {
            return None;
        }
        let simulator = self.state.options.simulator
            && target.session.is_none()
            && Arc::ptr_eq(&target.dataset, self.state.hub.served());
        let now = crate::data::dump::timestamp(snap.writes.live.until.max(snap.writes.clock));
        let fires = if simulator {
            "every subscription: the simulator moves the data"
        } else {
            "on writes only: the data is pinned (conversationStarted and conversationEnded never fire; metricsUpdated on resetData)"
        };
        let payload =
            serde_json::json!({ "agentmock": { "simulator": simulator, "now": now, "subscriptionsFire": fires } });
        Some(payload.to_string())
    }

    /// `subscribe`: prepares the operation (the same limits as HTTP) and
    /// starts it; returns once it follows the store's changes, so a
    /// mutation sent after any later message is seen.
    async fn subscribe(&mut self, id: String, payload: Option<serde_json::Value>) -> Result<(), Closing> {
        {
            let mut running = self.running.lock().unwrap_or_else(|p| p.into_inner());
            if running.contains_key(&id) {
                return Err(Closing(4409, format!("Subscriber for {} already exists", clip(&id))));
            }
            if running.len() >= self.options.max_operations {
                drop(running);
                let e = ApiError::TooManySubscriptions { limit: self.options.max_operations };
                self.error(&id, &[e.to_server_error()]);
                return Ok(());
            }
            running.insert(id.clone(), None);
        }
        let wire: WireRequest = match payload.map(serde_json::from_value) {
            Some(Ok(wire)) => wire,
            Some(Err(e)) => {
                self.forget(&id);
                let e = ApiError::bad_request(format!("the payload is not a GraphQL request: {e}"));
                self.error(&id, &[e.to_server_error()]);
                return Ok(());
            }
            None => {
                self.forget(&id);
                return Err(Closing::invalid(format!("Invalid message: `{id}` has no payload")));
            }
        };
        let state = &self.state;
        let Some(connected) = &self.connected else { return Err(Closing(4401, "Unauthorized".into())) };
        let started = live::start(state, connected.context.clone(), connected.target.clone(), wire).await;
        let live::Started { kind, latency, responses } = match started {
            Ok(started) => started,
            Err(NotStarted::Dropped) => {
                self.forget(&id);
                return Err(Closing(1011, "Dropped on purpose (X-Agentmock-Fault: drop)".into()));
            }
            Err(NotStarted::Refused(e)) => {
                self.forget(&id);
                self.error(&id, &[e.to_server_error()]);
                return Ok(());
            }
        };
        let (registered, is_registered) = oneshot::channel();
        let operation = Operation {
            id: id.clone(),
            kind,
            protocol: self.protocol,
            out: self.out.clone(),
            running: self.running.clone(),
            max_bytes: live::result_limit(&id, state.options.max_response_bytes, self.options.max_queue_bytes),
        };
        let task = state.executor.spawn(async move {
            if !latency.is_zero() {
                tokio::time::sleep(latency).await;
            }
            operation.run(responses, registered).await
        });
        {
            let mut running = self.running.lock().unwrap_or_else(|p| p.into_inner());
            if let Some(slot) = running.get_mut(&id) {
                *slot = Some(task.abort_handle());
            }
        }
        let _ = tokio::time::timeout(state.options.request_timeout, is_registered).await;
        Ok(())
    }

    fn forget(&self, id: &str) {
        self.running.lock().unwrap_or_else(|p| p.into_inner()).remove(id);
    }

    /// An `error` message: the operation could not start.
    fn error(&self, id: &str, errors: &[async_graphql::ServerError]) {
        self.out.message("error", Some(id), Some(&errors_payload(self.protocol, errors)));
    }
}

/// The socket's writer: sends what is queued, one frame at a time, until
/// the session closes the socket (or the peer is gone). A close goes out
/// after what is queued; for a consumer too slow to wait for (or a server
/// going away) what is queued is dropped at once, and the frame being
/// written (a frame cannot be cut) and the close get [`CLOSE_GRACE`].
async fn write(
    mut sink: SplitSink<WebSocket, Message>,
    mut outgoing: mpsc::UnboundedReceiver<Outgoing>,
    budget: Budget,
    mut closed: oneshot::Receiver<(u16, String, bool)>,
    send_timeout: Duration,
) {
    // tungstenite's write buffer keeps the capacity of the largest frame it
    // held (up to twice its size: a Vec doubles): held against the bound
    // for the socket's life, and grown as larger frames go out.
    let mut buffer = budget.hold(2 * FRAME_SLACK);
    let closing = loop {
        let message = tokio::select! {
            biased;
            closing = &mut closed => break closing.ok(),
            message = outgoing.recv() => match message {
                Some(message) => message,
                None => break None,
            },
        };
        // A close does not wait for a send stuck on a peer that stopped
        // reading: tungstenite keeps the rest of the frame, so the close
        // frame still follows it whole.
        let sent = tokio::select! {
            biased;
            closing = &mut closed => break closing.ok(),
            sent = send(&mut sink, message, &budget, &mut buffer, send_timeout) => sent,
        };
        match sent {
            Sent::Out => {}
            Sent::Failed => break None,
            // Over the bound: the session is told, and closes the socket.
            Sent::NoRoom => break (&mut closed).await.ok(),
        }
    };
    let Some((code, reason, flush)) = closing else { return };
    while let (true, Ok(queued)) = (flush, outgoing.try_recv()) {
        if send(&mut sink, queued, &budget, &mut buffer, send_timeout).await != Sent::Out {
            break;
        }
    }
    // What is still queued is released now, not when the peer reads.
    drop(outgoing);
    let grace = if flush { send_timeout } else { CLOSE_GRACE };
    let frame = Message::Close(Some(CloseFrame { code, reason: reason.into() }));
    let _ = tokio::time::timeout(grace, sink.send(frame)).await;
}

/// How a send went.
#[derive(Debug, PartialEq, Eq)]
enum Sent {
    Out,
    /// It could not go out within the send timeout, or the socket failed.
    Failed,
    /// The write buffer could not grow to take it within the bound.
    NoRoom,
}

/// Sends one queued message within `timeout`. A text stays held until it
/// is out (it waits in the sink until tungstenite takes it), and
/// tungstenite's write buffer, which copies it, is held besides: its
/// reservation (`buffer`) grows to twice the frame's size if it is the
/// largest yet.
async fn send(
    sink: &mut SplitSink<WebSocket, Message>,
    message: Outgoing,
    budget: &Budget,
    buffer: &mut Option<Held>,
    timeout: Duration,
) -> Sent {
    let (message, _held) = match message {
        Outgoing::Text(text, held) => {
            let needed = 2 * (text.len() + FRAME_SLACK);
            let reserved = buffer.as_ref().map_or(0, |b| b.bytes);
            if needed > reserved {
                let Some(more) = budget.hold(needed - reserved) else { return Sent::NoRoom };
                match buffer {
                    Some(buffer) => buffer.merge(more),
                    None => *buffer = Some(more),
                }
            }
            (Message::Text(text.into()), Some(held))
        }
        Outgoing::Ping => (Message::Ping(axum::body::Bytes::from_static(b"agentmock")), None),
    };
    match tokio::time::timeout(timeout, sink.send(message)).await {
        Ok(Ok(())) => Sent::Out,
        _ => Sent::Failed,
    }
}

/// The first 40 characters of an id, for a close reason.
fn clip(id: &str) -> String {
    id.chars().take(40).collect()
}

/// One running operation.
struct Operation {
    id: String,
    kind: OperationKind,
    protocol: Protocol,
    out: Sender,
    running: Running,
    max_bytes: live::ResultLimit,
}

impl Operation {
    /// Sends each response as it comes, then `complete`.
    async fn run(
        self,
        responses: impl futures_util::Stream<Item = async_graphql::Response> + Send + 'static,
        registered: oneshot::Sender<()>,
    ) {
        let mut responses = std::pin::pin!(responses);
        let registered = move || {
            let _ = registered.send(());
        };
        let completed = live::deliver(&mut responses, self.kind, registered, |out| match out {
            live::Outgoing::Result(response) => self.next(response),
            live::Outgoing::NotExecuted(errors) => {
                // An `error` message, and no `complete`.
                self.finish();
                self.out.message("error", Some(&self.id), Some(&errors_payload(self.protocol, errors)));
                false
            }
        })
        .await;
        if completed {
            self.finish();
            self.out.message("complete", Some(&self.id), None);
        }
    }

    /// Sends one result within the size limit; `false` once the socket is closing.
    fn next(&self, response: &async_graphql::Response) -> bool {
        let payload = live::result_payload(response, self.max_bytes);
        self.out.message(self.protocol.next(), Some(&self.id), Some(&payload))
    }

    /// The id is free again (before `complete` goes out, so a client may reuse it at once).
    fn finish(&self) {
        self.running.lock().unwrap_or_else(|p| p.into_inner()).remove(&self.id);
    }
}
