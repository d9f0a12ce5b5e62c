//! The Discord front end's shared state: poise's user data and the aliases every module uses.
//!
//! A leaf: it names the cooldowns and the button registry, and no module it names depends on
//! it, so the modules that use [`Data`] form no cycle.

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use arc_swap::ArcSwap;
use parking_lot::Mutex;

use super::cooldown::Cooldowns;
use super::pager::ButtonRegistry;
use crate::config::DiscordConfig;
use crate::engine::Engine;
use crate::knowledge::LoadErrors;
use crate::telemetry::Telemetry;

/// The error type of every command and callback.
pub type Error = Box<dyn std::error::Error + Send + Sync>;

/// The poise context with factbot's data.
pub type Context<'a> = poise::Context<'a, Data, Error>;

/// The poise user data: everything commands need, shared by all shards.
pub struct Data {
    /// The current engine; replaced whole on reload, read without locking.
    engine: ArcSwap<Engine>,
    /// Where `reload` reads the knowledge base from.
    pub knowledge_dir: PathBuf,
    /// The text-command prefix.
    pub prefix: String,
    /// The `[discord]` settings.
    pub config: DiscordConfig,
    /// Per-user command cooldowns, shared with their pruning task.
    pub cooldowns: Arc<Mutex<Cooldowns>>,
    /// Live button states of replies.
    pub buttons: ButtonRegistry,
    /// The edit tracker shared with poise (to tie unknown-command replies to their message).
    pub edit_tracker: Arc<std::sync::RwLock<poise::EditTracker>>,
    /// Whether the "no message content" warning has been logged.
    pub content_warning_logged: AtomicBool,
    /// Where commands, refusals and reloads are counted.
    pub telemetry: Arc<Telemetry>,
}

impl Data {
    /// Builds the data around an engine.
    pub fn new(
        engine: Arc<Engine>,
        knowledge_dir: PathBuf,
        prefix: String,
        config: DiscordConfig,
        edit_tracker: Arc<std::sync::RwLock<poise::EditTracker>>,
        telemetry: Arc<Telemetry>,
    ) -> Data {
        let cooldowns = Cooldowns::new(
            config.cooldown_commands,
            std::time::Duration::from_secs(config.cooldown_seconds.get()),
        );
        Data {
            engine: ArcSwap::new(engine),
            knowledge_dir,
            prefix,
            config,
            cooldowns: Arc::new(Mutex::new(cooldowns)),
            buttons: ButtonRegistry::default(),
            edit_tracker,
            content_warning_logged: AtomicBool::new(false),
            telemetry,
        }
    }

    /// The engine to answer with now; commands already running keep the one they took.
    pub fn engine(&self) -> Arc<Engine> {
        self.engine.load_full()
    }

    /// Loads the knowledge directory again and, if it is valid, answers with it from now on.
    /// On errors the engine in use stays. Either way the reload is counted.
    pub async fn reload(&self) -> Result<Arc<Engine>, LoadErrors> {
        let dir = self.knowledge_dir.clone();
        let loaded = tokio::task::spawn_blocking(move || Engine::load(dir))
            .await
            .unwrap_or_else(|panicked| std::panic::resume_unwind(panicked.into_panic()));
        let engine = match loaded {
            Ok(engine) => Arc::new(engine),
            Err(errors) => {
                self.telemetry.reloaded(None);
                return Err(errors);
            }
        };
        self.engine.store(engine.clone());
        self.telemetry.reloaded(Some(&engine.knowledge().counts()));
        Ok(engine)
    }
}
