//! factbot: a fact-checking chat bot over a curated, cited fact base.
//!
//! Layers, with data flowing one way: front ends ([`console`], [`discord`]) →
//! [`engine`] (the `factbot-engine` crate: pure, text in, [`engine::Answer`] out) →
//! [`knowledge`] (the `factbot-knowledge` crate: the typed fact base). Cargo keeps the
//! direction: the engine cannot see this crate, the knowledge crate cannot see the engine.
//! Beside them: [`telemetry`] (metrics and health, recorded by the Discord front end and
//! served over HTTP) and [`logging`] (text or JSON log lines).

pub mod config;
pub mod console;
pub mod discord;
pub mod logging;
pub mod telemetry;

pub use factbot_engine as engine;
pub use factbot_knowledge as knowledge;
