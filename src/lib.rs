pub mod config;
pub mod data;
pub mod error;
pub mod graphql;
pub mod http;
pub mod store;
