//! How an answer looks: plain terminal text, and Discord pages (embeds or message content)
//! within Discord's limits, with every piece of user-derived text made inert.
//!
//! Pure: answer in, strings out. The front ends own the I/O (the terminal, serenity), so the
//! fuzz target and the property tests check the very text that is sent without building
//! a Discord client.

pub mod context;
pub mod markdown;
pub mod pages;
pub mod text;

pub use pages::{limit_violations, limits, EmbedPage, Field, Page};
