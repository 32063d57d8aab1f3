//! The one integration-test binary: every suite is a module here, so the
//! crate links once.

mod support;

mod data;
mod screens;
