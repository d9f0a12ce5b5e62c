//! Shared test support. Each `tests/*.rs` binary compiles this separately, so unused items
//! are allowed here.
#![allow(dead_code, unused_imports)]

pub mod barrier;
pub mod bot;
pub use ::fake_discord;
