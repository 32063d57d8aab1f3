//! agentmock's engine as WebAssembly: generation, the store and GraphQL
//! execution, answering through the very application the server serves, so a
//! browser tab, a Service Worker (MSW) or Node gets the server's bytes.
//!
//! What the server has and this has not: sockets (requests come as values
//! from JavaScript; subscriptions as [`Subscription`]s instead of a
//! WebSocket), threads (work runs in place, datasets are generated on the
//! calling thread), the wall clock (timers are JavaScript's: see
//! `agentmock::rt`), a journal file and the simulator. The JavaScript API
//! over this is `npm/agentmock/wasm/`.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;

use agentmock::config::Cli;
use agentmock::error::ApiError;
use agentmock::http::context::RequestContext;
use agentmock::http::graphql::WireRequest;
use agentmock::http::live::{self, NotStarted, Outgoing, Started};
use agentmock::http::{AppState, HttpOptions, router};
use agentmock::store::{Snapshot, Store};
use axum::body::Body;
use axum::http::Request;
use clap::Parser;
use futures_channel::{mpsc, oneshot};
use futures_util::StreamExt;
use futures_util::future::{AbortHandle, Abortable};
use tower::ServiceExt;
use wasm_bindgen::prelude::*;

/// A dataset served in process: the server's state and application.
#[wasm_bindgen]
pub struct Engine {
    state: AppState,
    router: agentmock::http::App,
}

/// Flags the engine sets unless given: in process there is no network to
/// guard, so every host and origin is answered.
const IN_PROCESS: [(&str, &str); 2] = [("--allowed-hosts", "*"), ("--cors-origins", "*")];

#[wasm_bindgen]
impl Engine {
    /// Generates the dataset the flags name, exactly as the server's
    /// (`["--seed", "7", "--now", "2025-01-19T14:00:00Z", "--scenario",
    /// "incident"]`), and checks every flag the same way.
    #[wasm_bindgen(constructor)]
    pub fn new(args: Vec<String>) -> Result<Engine, JsError> {
        console_error_panic_hook::set_once();
        let given = |flag: &str| args.iter().any(|a| a == flag || a.starts_with(&format!("{flag}=")));
        let mut argv = vec!["agentmock".to_string()];
        argv.extend(args.iter().cloned());
        for (flag, value) in IN_PROCESS {
            if !given(flag) {
                argv.extend([flag.to_string(), value.to_string()]);
            }
        }
        let cli = Cli::try_parse_from(&argv).map_err(|e| JsError::new(e.to_string().trim_end()))?;
        if cli.command.is_some() {
            return Err(JsError::new("the engine takes the server's flags, not a subcommand"));
        }
        if cli.server.journal.is_some() {
            return Err(JsError::new("--journal needs a file system; the engine keeps writes in memory"));
        }
        if cli.live.simulating(true) {
            return Err(JsError::new("--simulator: the engine has no simulator (its data moves on writes only)"));
        }
        // async-graphql sums complexity in a usize, 32 bits here: a limit
        // and field count whose capped sum could pass 2^32 would wrap.
        let (fields, complexity) = (cli.limits.max_fields as u64, cli.limits.max_complexity as u64);
        if complexity >= agentmock::graphql::cost::CAP as u64 {
            let most = agentmock::graphql::cost::CAP - 1;
            return Err(JsError::new(&format!("invalid value for --max-complexity: at most {most} in WebAssembly")));
        }
        if fields * agentmock::graphql::cost::CAP as u64 >= 1 << 32 {
            let most = ((1u64 << 32) / agentmock::graphql::cost::CAP as u64) - 1;
            return Err(JsError::new(&format!("invalid value for --max-fields: at most {most} in WebAssembly")));
        }
        let settings = cli.settings().map_err(|e| JsError::new(&e.to_string()))?;
        let snapshot = Snapshot::generate_served(&settings.params, cli.server.export_limits())
            .map_err(|e| JsError::new(&e.to_string()))?;
        let public_url = cli.server.public_url(cli.server.port).map_err(|e| JsError::new(&e.to_string()))?;
        let mut options = HttpOptions::from_cli(&cli);
        options.access = settings.access;
        let state = AppState::try_with_options(Arc::new(Store::new(snapshot)), &public_url, options)
            .map_err(|e| JsError::new(&e.to_string()))?;
        Ok(Engine { router: router(state.clone()), state })
    }

    /// Answers one HTTP request as the server would: `target` is the path
    /// and query string (`/graphql?query=...`), `headers` a flat list of
    /// names and values. Resolves to an [`Answer`].
    pub fn fetch(&self, method: String, target: String, headers: Vec<String>, body: Vec<u8>) -> js_sys::Promise {
        let router = self.router.clone();
        wasm_bindgen_futures::future_to_promise(async move {
            let mut request = Request::builder().method(method.as_str()).uri(target.as_str());
            for pair in headers.chunks(2) {
                if let [name, value] = pair {
                    request = request.header(name.as_str(), value.as_str());
                }
            }
            let request = request.body(Body::from(body)).map_err(|e| JsError::new(&e.to_string()))?;
            let response = router.oneshot(request).await.map_err(|e| JsError::new(&e.to_string()))?;
            let (parts, body) = response.into_parts();
            let bytes = axum::body::to_bytes(body, usize::MAX).await.map_err(|e| JsError::new(&e.to_string()))?;
            let headers = parts
                .headers
                .iter()
                .flat_map(|(name, value)| [name.as_str().to_string(), String::from_utf8_lossy(value.as_bytes()).into()])
                .collect();
            Ok(Answer { status: parts.status.as_u16(), headers, body: bytes.to_vec() }.into())
        })
    }

    /// Starts one operation as a GraphQL-over-WebSocket `subscribe` would on
    /// a socket whose `connection_init` payload was `params` (JSON: the
    /// same names as headers, `authorization`, `X-Agentmock-Session`, ...,
    /// or `token`): `payload` is the request's JSON. Resolves to a [`Subscription`] once the operation
    /// follows the store, so a write made after it is seen; rejects with the
    /// errors' JSON when it cannot start.
    pub fn subscribe(&self, params: String, payload: String) -> js_sys::Promise {
        let state = self.state.clone();
        wasm_bindgen_futures::future_to_promise(async move {
            let started = start(&state, &params, &payload).await;
            let Started { kind, latency, mut responses } = match started {
                Ok(started) => started,
                Err(errors) => return Err(JsValue::from_str(&errors)),
            };
            // The limit a socket's result has (graphql-ws's operation ids
            // are UUIDs: 36 characters).
            let options = &state.options;
            let limit = live::result_limit(&"0".repeat(36), options.max_response_bytes, options.live.max_queue_bytes);
            let request_timeout = options.request_timeout;
            let (results, received) = mpsc::unbounded();
            let (registered, is_registered) = oneshot::channel();
            let (abort, aborted) = AbortHandle::new_pair();
            let run = async move {
                if !latency.is_zero() {
                    agentmock::rt::sleep(latency).await;
                }
                let registered = move || {
                    let _ = registered.send(());
                };
                live::deliver(&mut responses, kind, registered, |out| match out {
                    Outgoing::Result(response) => {
                        results.unbounded_send(Ok(live::result_payload(response, limit))).is_ok()
                    }
                    Outgoing::NotExecuted(errors) => {
                        let errors = serde_json::to_string(errors).unwrap_or_else(|_| "[]".into());
                        let _ = results.unbounded_send(Err(errors));
                        false
                    }
                })
                .await;
            };
            wasm_bindgen_futures::spawn_local(async move {
                let _ = Abortable::new(run, aborted).await;
            });
            // As a socket waits for it: at most --request-timeout.
            let _ = agentmock::rt::timeout(request_timeout, is_registered).await;
            Ok(Subscription { received: Rc::new(RefCell::new(Some(received))), abort }.into())
        })
    }

    /// The schema's SDL (as `GET /schema.graphql`).
    pub fn schema(&self) -> String {
        self.state.sdl.to_string()
    }
}

/// Resolves and starts one operation; the errors' JSON when it cannot.
/// `params` is a socket's `connectionParams` as JSON, read as the socket
/// reads them (the same header names, nested `headers`, `token`).
async fn start(state: &AppState, params: &str, payload: &str) -> Result<Started, String> {
    let refuse = |e: ApiError| serde_json::to_string(&[e.to_server_error()]).unwrap_or_else(|_| "[]".into());
    let params = match serde_json::from_str(params) {
        Ok(serde_json::Value::Object(map)) => map,
        Ok(serde_json::Value::Null) => serde_json::Map::new(),
        _ => return Err(refuse(ApiError::bad_request("the connection params must be a JSON object"))),
    };
    let context = RequestContext::from_params(&params).map_err(refuse)?;
    let wire: WireRequest = serde_json::from_str(payload)
        .map_err(|e| refuse(ApiError::bad_request(format!("the payload is not a GraphQL request: {e}"))))?;
    let hub = &state.hub;
    let target = hub.target(&context.params(hub), context.session.as_deref()).await.map_err(|e| refuse(e.into()))?;
    match live::start(state, context, target, wire).await {
        Ok(started) => Ok(started),
        // A socket would close (1011), ending its other operations too.
        Err(NotStarted::Dropped) => Err(refuse(ApiError::Injected { status: 500 })),
        Err(NotStarted::Refused(e)) => Err(refuse(e)),
    }
}

/// What [`Engine::fetch`] resolves to: the status, the headers as a flat
/// list of names and values, the body's bytes.
#[wasm_bindgen(getter_with_clone)]
pub struct Answer {
    #[wasm_bindgen(readonly)]
    pub status: u16,
    #[wasm_bindgen(readonly)]
    pub headers: Vec<String>,
    #[wasm_bindgen(readonly)]
    pub body: Vec<u8>,
}

/// An operation's results as they come: a result's JSON, or the errors'
/// JSON when it was not executed.
type Results = mpsc::UnboundedReceiver<Result<String, String>>;

/// A running operation's results, one JSON text each.
#[wasm_bindgen]
pub struct Subscription {
    /// Taken out by the `next()` waiting on it.
    received: Rc<RefCell<Option<Results>>>,
    abort: AbortHandle,
}

#[wasm_bindgen]
impl Subscription {
    /// The next result's JSON; `undefined` once the operation is complete;
    /// rejects with the errors' JSON when the operation was not executed.
    pub fn next(&self) -> js_sys::Promise {
        let received = self.received.clone();
        wasm_bindgen_futures::future_to_promise(async move {
            // One reader at a time: taken out while it waits.
            let Some(mut receiver) = received.borrow_mut().take() else {
                return Err(JsValue::from_str("next() called again before the previous call resolved"));
            };
            let item = receiver.next().await;
            *received.borrow_mut() = Some(receiver);
            match item {
                Some(Ok(payload)) => Ok(JsValue::from_str(&payload)),
                Some(Err(errors)) => Err(JsValue::from_str(&errors)),
                None => Ok(JsValue::UNDEFINED),
            }
        })
    }

    /// Stops the operation (as a `complete` from the client).
    pub fn close(&self) {
        self.abort.abort();
    }
}
