//! The one integration-test binary: every suite is a module here, so the
//! crate links once.

mod support;

mod access;
mod analytics;
mod api;
mod bounds;
mod cli;
mod data;
mod docs;
mod equivalence;
mod healthcheck;
mod http;
mod limits;
mod lint;
mod live;
mod loaders;
mod pagination;
mod playground;
mod scenarios;
mod schema;
mod screens;
mod server;
mod sessions;
mod text;
mod writes;
