//! factbot: a fact-checking chat bot over a curated, cited fact base.
//!
//! Layers, with data flowing one way: front ends ([`console`], `discord`) →
//! [`engine`] (pure: text in, [`engine::Answer`] out) → [`knowledge`] (the typed fact base).

pub mod config;
pub mod console;
pub mod discord;
pub mod engine;
pub mod knowledge;
pub mod memory;
pub mod synth;
