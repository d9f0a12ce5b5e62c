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
use super::modlog::ModLog;
use super::pager::ButtonRegistry;
use crate::config::{Config, ConfigError, DiscordConfig};
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
    /// The `[discord]` settings; replaced whole by a reload.
    config: ArcSwap<DiscordConfig>,
    /// The configuration file a reload reads `[discord]` from again (none: defaults stay).
    pub config_path: Option<PathBuf>,
    /// Per-user command cooldowns, shared with their pruning task.
    pub cooldowns: Arc<Mutex<Cooldowns>>,
    /// Per-channel command budgets (`channel_cooldown_commands`), keyed by channel id.
    pub channel_cooldowns: Arc<Mutex<Cooldowns>>,
    /// Where moderator events are posted.
    pub mod_log: ModLog,
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
        let (cooldowns, channel_cooldowns) = cooldowns_for(&config);
        Data {
            engine: ArcSwap::new(engine),
            knowledge_dir,
            prefix,
            config: ArcSwap::from_pointee(config),
            config_path: None,
            cooldowns: Arc::new(Mutex::new(cooldowns)),
            channel_cooldowns: Arc::new(Mutex::new(channel_cooldowns)),
            mod_log: ModLog::default(),
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

    /// The `[discord]` settings in force now.
    pub fn config(&self) -> Arc<DiscordConfig> {
        self.config.load_full()
    }

    /// Reads the configuration file's `[discord]` settings and the knowledge directory again
    /// and, if both are valid, uses them from now on. On any error the settings and the
    /// engine in use both stay. Either way the reload is counted.
    pub async fn reload(&self) -> Result<Arc<Engine>, ReloadError> {
        let dir = self.knowledge_dir.clone();
        let path = self.config_path.clone();
        let loaded = tokio::task::spawn_blocking(move || {
            let config = path.as_deref().map(Config::load).transpose()?;
            let engine = Engine::load(dir).map_err(ReloadError::Knowledge)?;
            Ok::<_, ReloadError>((config, engine))
        })
        .await
        .unwrap_or_else(|panicked| std::panic::resume_unwind(panicked.into_panic()));
        let (config, engine) = match loaded {
            Ok((config, engine)) => (config, Arc::new(engine)),
            Err(errors) => {
                self.telemetry.reloaded(None);
                return Err(errors);
            }
        };
        if let Some(config) = config {
            let old = self.config();
            let new = config.discord;
            if (old.cooldown_commands, old.cooldown_seconds)
                != (new.cooldown_commands, new.cooldown_seconds)
                || (old.channel_cooldown_commands, old.channel_cooldown_seconds)
                    != (new.channel_cooldown_commands, new.channel_cooldown_seconds)
            {
                let (users, channels) = cooldowns_for(&new);
                *self.cooldowns.lock() = users;
                *self.channel_cooldowns.lock() = channels;
            }
            self.config.store(Arc::new(new));
        }
        self.engine.store(engine.clone());
        self.telemetry.reloaded(Some(&engine.knowledge().counts()));
        Ok(engine)
    }
}

/// The per-user and per-channel cooldowns `config` asks for (a channel budget that is off
/// never limits).
fn cooldowns_for(config: &DiscordConfig) -> (Cooldowns, Cooldowns) {
    let users = Cooldowns::new(
        config.cooldown_commands,
        std::time::Duration::from_secs(config.cooldown_seconds.get()),
    );
    let channels = Cooldowns::new(
        config
            .channel_cooldown_commands
            .unwrap_or(std::num::NonZeroU32::MAX),
        std::time::Duration::from_secs(config.channel_cooldown_seconds.get()),
    );
    (users, channels)
}

/// Why a reload kept the settings and the fact base in use.
#[derive(Debug, thiserror::Error)]
pub enum ReloadError {
    /// The configuration file is unreadable or invalid.
    #[error("{}", chain(.0))]
    Config(#[from] ConfigError),
    /// The knowledge directory has errors.
    #[error(transparent)]
    Knowledge(LoadErrors),
}

/// An error with its causes, one after another.
fn chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}
