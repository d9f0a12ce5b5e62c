//! Shared state of the Discord front end: the poise user data and type aliases.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, RwLock};

use super::cooldown::Cooldowns;
use super::reply::Registry;
use crate::config::DiscordConfig;
use crate::engine::Engine;

/// The error type of every command and callback.
pub type Error = Box<dyn std::error::Error + Send + Sync>;

/// The poise context with factbot's data.
pub type Context<'a> = poise::Context<'a, Data, Error>;

/// The poise user data: everything commands need, shared by all shards.
pub struct Data {
    /// The current engine; swapped whole on reload.
    engine: RwLock<Arc<Engine>>,
    /// Where `reload` reads the knowledge base from.
    pub knowledge_dir: PathBuf,
    /// The command prefix.
    pub prefix: String,
    /// The `[discord]` settings.
    pub config: DiscordConfig,
    /// Per-user command cooldowns.
    pub cooldowns: Mutex<Cooldowns>,
    /// Live button states of replies.
    pub buttons: Registry,
    /// The edit tracker shared with poise (to tie "did you mean" replies to their message).
    pub edit_tracker: Arc<RwLock<poise::EditTracker>>,
}

impl Data {
    /// Builds the data around an engine.
    pub fn new(
        engine: Arc<Engine>,
        knowledge_dir: PathBuf,
        prefix: String,
        config: DiscordConfig,
        edit_tracker: Arc<RwLock<poise::EditTracker>>,
    ) -> Data {
        let cooldowns = Cooldowns::new(
            config.cooldown_commands,
            std::time::Duration::from_secs(config.cooldown_seconds),
        );
        Data {
            engine: RwLock::new(engine),
            knowledge_dir,
            prefix,
            config,
            cooldowns: Mutex::new(cooldowns),
            buttons: Registry::default(),
            edit_tracker,
        }
    }

    /// The engine to answer with now (a cheap clone of the current `Arc`).
    pub fn engine(&self) -> Arc<Engine> {
        self.engine
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    /// Replaces the engine atomically; commands already running keep the old one.
    pub fn swap_engine(&self, engine: Arc<Engine>) {
        *self
            .engine
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = engine;
    }
}
