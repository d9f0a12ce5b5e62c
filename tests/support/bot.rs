//! Running the real bot against a [`FakeDiscord`]: the configuration every Discord test
//! starts from, and the engine over the shipped knowledge.

use std::path::PathBuf;
use std::sync::Arc;

use factbot::config::{Config, Sharding};
use factbot::engine::Engine;
use factbot::knowledge::KnowledgeBase;

use super::fake_discord::FakeDiscord;

/// Sends the bot's logs to the test's output (`RUST_LOG` overrides `warn,factbot=info`).
pub fn init_logs() {
    let _ = tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "warn,factbot=info".into()),
        )
        .with_test_writer()
        .try_init();
}

/// The shipped knowledge directory.
pub fn knowledge_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("knowledge")
}

/// The shipped knowledge, slash commands in the fake's guild, one shard, and cooldowns
/// loose enough not to interfere. How REST reaches the fake (`proxy_url` or `ca_file`
/// with `HTTPS_PROXY`) is the caller's choice.
pub fn config(fake: &FakeDiscord) -> Config {
    let mut c = Config {
        knowledge_dir: knowledge_dir(),
        ..Config::default()
    };
    c.discord.guild_id = Some(fake.guild_id());
    c.discord.shards = Sharding::Range {
        total: 1,
        first: 0,
        last: 0,
    };
    c.discord.cooldown_commands = std::num::NonZeroU32::new(1000).unwrap();
    c.discord.cooldown_seconds = std::num::NonZeroU64::new(1).unwrap();
    c
}

/// [`config`] with REST sent to the fake as an API proxy (`proxy_url`).
pub fn proxied_config(fake: &FakeDiscord) -> Config {
    let mut c = config(fake);
    c.discord.proxy_url = Some(fake.api_base());
    c
}

/// The engine over the knowledge directory `config` names; it must load.
pub fn engine(config: &Config) -> Arc<Engine> {
    Arc::new(Engine::load(&config.knowledge_dir).unwrap_or_else(|e| panic!("{e}")))
}
