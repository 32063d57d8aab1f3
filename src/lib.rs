//! agentmock: a seeded, deterministic GraphQL mock backend for AI-agent
//! operations dashboards.
//!
//! # Layout
//!
//! Data flows one way; a lower layer never imports a higher one.
//!
//! - [`config`]: CLI flags and `AGENTMOCK_*` variables, validated.
//! - [`data`]: pure generation, `(seed, anchor, sizes)` → [`data::Dataset`];
//!   the contract's rules ([`data::check`]) and canonical dump ([`data::dump`]);
//!   live traffic per agent and minute ([`data::live`]).
//! - [`store`]: datasets held as immutable, indexed snapshots; writes as
//!   commands and events; the simulator ([`store::simulator`]).
//! - [`graphql`]: the schema, one file per entity (types, resolvers, root
//!   fields and what each field reads for the response cache), loaders,
//!   analytics, subscriptions ([`graphql::live`]), complexity costs
//!   ([`graphql::cost`]), cache identity ([`graphql::ids`]) and the client
//!   cache configuration generated from the schema ([`graphql::clients`]).
//! - [`engine`]: what async-graphql does not do as the API promises, the
//!   same for every transport: the schema description built once
//!   ([`engine::schema`]), the document limits ([`engine::limits`]), one
//!   walk over each parsed document ([`engine::walk`]), prepare / run /
//!   finish ([`engine::run()`]), the loader driver, response ordering.
//! - [`http`]: the accept loop, the application, the GraphQL-over-HTTP and
//!   GraphQL-over-WebSocket ([`http::ws`]) transports, the executor,
//!   response cache, persisted queries, playground, avatars.
//! - [`error`]: the API's one error type: every code and HTTP status.
//! - [`lru`]: the byte-bounded LRU the caches share.
//! - [`faults`]: deterministic latency and faults, keyed by the request.
//! - [`access`]: which origins and host names are answered (the policy;
//!   [`http::access`] checks it).
//! - [`healthcheck`]: the `healthcheck` subcommand's probe of `/healthz`
//!   (a client, over a plain socket).
//! - [`rt`]: what differs between the server and the WebAssembly engine
//!   (`wasm/`, which answers through the same application, [`http::router`]): the
//!   clock, sleeping, deadlines, blocking work. On wasm32 the socket
//!   layer ([`http`]'s `server` and `ws`) and `healthcheck` are left out.
//!
//! `main.rs` parses the configuration and runs a subcommand.

pub mod access;
pub mod config;
pub mod data;
pub mod engine;
pub mod error;
pub mod faults;
pub mod graphql;
#[cfg(not(target_arch = "wasm32"))]
pub mod healthcheck;
pub mod http;
pub mod lru;
pub mod rt;
pub mod store;
