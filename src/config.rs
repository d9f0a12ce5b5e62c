//! `config.toml`: every key optional, each with its documented default.

use std::net::SocketAddr;
use std::num::{NonZeroU32, NonZeroU64};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Deserializer};

/// Errors reading the configuration file.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("cannot read config file {path}")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The file is not a valid configuration.
    #[error("config file {path} is invalid")]
    Invalid {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        #[source]
        source: ParseError,
    },
}

/// Why configuration text is not a valid configuration.
#[derive(Debug, thiserror::Error)]
pub enum ParseError {
    /// Not TOML, or keys and values of the wrong shape (with the span).
    #[error(transparent)]
    Toml(#[from] toml::de::Error),
    /// The prefix is blank or longer than five characters.
    #[error("`prefix` must be 1 to 5 non-blank characters (got {0:?})")]
    Prefix(String),
    /// The shard range is not within the total.
    #[error(
        "`shards`: need 0 <= first <= last < total (got first {first}, last {last}, total {total})"
    )]
    Shards {
        /// Total shards.
        total: u32,
        /// First shard of this process.
        first: u32,
        /// Last shard of this process.
        last: u32,
    },
}

/// The whole configuration.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Command prefix for chat messages. Default `!`.
    pub prefix: String,
    /// Directory with the knowledge TOML files, relative to the config file. Default `knowledge`.
    pub knowledge_dir: PathBuf,
    /// How logs are written: `"text"` or `"json"` (one object per line). Default `"text"`;
    /// `--log-format` overrides it.
    pub log_format: LogFormat,
    /// Whether command logs carry what the user wrote. Default false.
    pub log_content: bool,
    /// Discord front end settings.
    pub discord: DiscordConfig,
    /// The metrics and health listener.
    pub metrics: MetricsConfig,
    /// The file this configuration was read from (set by [`Config::load`]), so that a reload
    /// can read it again.
    #[serde(skip)]
    pub source: Option<PathBuf>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            prefix: "!".to_string(),
            knowledge_dir: PathBuf::from("knowledge"),
            log_format: LogFormat::default(),
            log_content: false,
            discord: DiscordConfig::default(),
            metrics: MetricsConfig::default(),
            source: None,
        }
    }
}

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// Human-readable lines.
    #[default]
    Text,
    /// One JSON object per line, with the fields of the spans it happened in.
    Json,
}

/// `[metrics]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MetricsConfig {
    /// Where `factbot run` serves `/metrics` and `/healthz`, e.g. `127.0.0.1:9187`.
    /// Default: none (no listener).
    pub listen: Option<SocketAddr>,
}

/// Gateway sharding: automatic, or an explicit total and the range this process runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sharding {
    /// `shards = "auto"`: as many as Discord recommends, all in this process.
    #[default]
    Auto,
    /// `shards = { total = 4, first = 0, last = 1 }`: shards 0 and 1 of 4 in this process.
    Range {
        /// Shards of the whole bot.
        total: u32,
        /// The first shard this process runs.
        first: u32,
        /// The last shard this process runs (inclusive).
        last: u32,
    },
}

impl<'de> Deserialize<'de> for Sharding {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Sharding, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged, deny_unknown_fields)]
        enum Raw {
            Word(String),
            Range { total: u32, first: u32, last: u32 },
        }
        match Raw::deserialize(deserializer)? {
            Raw::Word(w) if w == "auto" => Ok(Sharding::Auto),
            Raw::Word(w) => Err(serde::de::Error::custom(format!(
                "`shards` is \"auto\" or {{ total, first, last }}, not {w:?}"
            ))),
            Raw::Range { total, first, last } => Ok(Sharding::Range { total, first, last }),
        }
    }
}

/// `[discord]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DiscordConfig {
    /// Base URL of an HTTP API proxy (e.g. twilight-http-proxy) that REST requests go to instead
    /// of `https://discord.com`. Serenity's own rate limiter is disabled in this mode, since the
    /// proxy rate-limits for all processes. Default: none.
    pub proxy_url: Option<String>,
    /// A PEM certificate authority to trust besides the built-in roots (TLS-intercepting
    /// proxies; `HTTPS_PROXY` is honoured as usual). Relative to the config file. Default: none.
    pub ca_file: Option<PathBuf>,
    /// Register slash commands in this guild only (instant), instead of globally. Default: none.
    pub guild_id: Option<u64>,
    /// Role names or ids whose members may use moderator commands, besides Manage Messages.
    pub moderator_roles: Vec<String>,
    /// Commands a user may run per cooldown window, at least 1. Default 3.
    pub cooldown_commands: NonZeroU32,
    /// Length of the cooldown window in seconds, at least 1. Default 10.
    pub cooldown_seconds: NonZeroU64,
    /// Whether direct messages are answered. Default true.
    pub answer_dms: bool,
    /// How long (seconds) an edited command message updates the bot's reply. Default 300.
    pub edit_track_seconds: u64,
    /// How long (seconds) pagination and delete buttons stay active. Default 300.
    pub button_timeout_seconds: u64,
    /// Gateway sharding. Default `"auto"`.
    pub shards: Sharding,
    /// The channel (id) where moderator events are posted: each use of "Check facts", each
    /// shared answer, each reload and each press of Delete. Default: none (no log).
    pub mod_log_channel: Option<u64>,
    /// Channels (ids or names) where prefix commands are answered; empty: everywhere.
    /// Threads follow their parent channel. Default: [].
    pub allowed_channels: Vec<String>,
    /// Channels (ids or names) where prefix commands are ignored. Threads follow their
    /// parent channel. Default: [].
    pub ignored_channels: Vec<String>,
    /// Commands everyone in one channel may run together per channel window, on top of the
    /// per-user cooldown (moderators exempt). Default: none (no channel budget).
    pub channel_cooldown_commands: Option<NonZeroU32>,
    /// Length of the channel window in seconds, at least 1. Default 60.
    pub channel_cooldown_seconds: NonZeroU64,
}

impl Default for DiscordConfig {
    fn default() -> Self {
        DiscordConfig {
            proxy_url: None,
            ca_file: None,
            guild_id: None,
            moderator_roles: Vec::new(),
            cooldown_commands: NonZeroU32::new(3).expect("3 is not 0"),
            cooldown_seconds: NonZeroU64::new(10).expect("10 is not 0"),
            answer_dms: true,
            edit_track_seconds: 300,
            button_timeout_seconds: 300,
            shards: Sharding::default(),
            mod_log_channel: None,
            allowed_channels: Vec::new(),
            ignored_channels: Vec::new(),
            channel_cooldown_commands: None,
            channel_cooldown_seconds: NonZeroU64::new(60).expect("60 is not 0"),
        }
    }
}

impl Config {
    /// Reads a config file; relative paths in it are resolved against its directory.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        let mut config = Config::parse(&text).map_err(|source| ConfigError::Invalid {
            path: path.to_path_buf(),
            source,
        })?;
        let base = path.parent().unwrap_or(Path::new("."));
        config.resolve_paths(base);
        config.source = Some(path.to_path_buf());
        Ok(config)
    }

    /// Parses config text (paths stay as written).
    pub fn parse(text: &str) -> Result<Config, ParseError> {
        let config: Config = toml::from_str(text)?;
        config.validate()?;
        Ok(config)
    }

    fn validate(&self) -> Result<(), ParseError> {
        if self.prefix.trim().is_empty() || self.prefix.chars().count() > 5 {
            return Err(ParseError::Prefix(self.prefix.clone()));
        }
        if let Sharding::Range { total, first, last } = self.discord.shards {
            if total == 0 || first > last || last >= total {
                return Err(ParseError::Shards { total, first, last });
            }
        }
        Ok(())
    }

    fn resolve_paths(&mut self, base: &Path) {
        if self.knowledge_dir.is_relative() {
            self.knowledge_dir = base.join(&self.knowledge_dir);
        }
        if let Some(ca) = &self.discord.ca_file {
            if ca.is_relative() {
                self.discord.ca_file = Some(base.join(ca));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_apply_to_empty_file() {
        let c = Config::parse("").unwrap();
        assert_eq!(c.prefix, "!");
        assert_eq!(c.discord.cooldown_commands.get(), 3);
        assert_eq!(c.discord.shards, Sharding::Auto);
    }

    #[test]
    fn parses_shard_range_and_rejects_bad_ones() {
        let c = Config::parse("[discord]\nshards = { total = 4, first = 2, last = 3 }").unwrap();
        assert_eq!(
            c.discord.shards,
            Sharding::Range {
                total: 4,
                first: 2,
                last: 3
            }
        );
        assert!(Config::parse("[discord]\nshards = { total = 2, first = 1, last = 2 }").is_err());
        let many = Config::parse("[discord]\nshards = \"many\"").unwrap_err();
        assert!(many.to_string().contains("not \"many\""), "{many}");
        assert_eq!(
            Config::parse("[discord]\nshards = \"auto\"")
                .unwrap()
                .discord
                .shards,
            Sharding::Auto
        );
    }

    #[test]
    fn rejects_unknown_keys_and_blank_prefix() {
        assert!(matches!(
            Config::parse("prefixx = \"?\""),
            Err(ParseError::Toml(_))
        ));
        assert!(matches!(
            Config::parse("prefix = \" \""),
            Err(ParseError::Prefix(_))
        ));
        assert!(matches!(
            Config::parse("[discord]\ntoken = \"x\""),
            Err(ParseError::Toml(_))
        ));
        let zero = Config::parse("[discord]\ncooldown_seconds = 0").unwrap_err();
        assert!(zero.to_string().contains("nonzero"), "{zero}");
    }

    #[test]
    fn the_shipped_config_parses_and_documents_the_moderator_settings() {
        let text = include_str!("../config.toml");
        let c = Config::parse(text).unwrap();
        assert_eq!(c.discord.mod_log_channel, None);
        assert_eq!(c.discord.channel_cooldown_commands, None);
        for key in [
            "mod_log_channel",
            "allowed_channels",
            "ignored_channels",
            "channel_cooldown_commands",
            "channel_cooldown_seconds",
        ] {
            assert!(text.contains(&format!("{key} = ")), "{key} is documented");
        }
        let c = Config::parse(
            "[discord]\nmod_log_channel = 5\nallowed_channels = [\"general\", \"12\"]\n\
             channel_cooldown_commands = 4\nchannel_cooldown_seconds = 30",
        )
        .unwrap();
        assert_eq!(c.discord.mod_log_channel, Some(5));
        assert_eq!(c.discord.allowed_channels, ["general", "12"]);
        assert_eq!(
            c.discord.channel_cooldown_commands.map(|n| n.get()),
            Some(4)
        );
        assert!(Config::parse("[discord]\nchannel_cooldown_seconds = 0").is_err());
    }

    #[test]
    fn metrics_and_logs_are_off_and_plain_by_default() {
        let c = Config::parse("").unwrap();
        assert_eq!(c.metrics.listen, None);
        assert_eq!(c.log_format, LogFormat::Text);
        assert!(!c.log_content);
        let c = Config::parse(
            "log_format = \"json\"\nlog_content = true\n[metrics]\nlisten = \"127.0.0.1:9187\"",
        )
        .unwrap();
        assert_eq!(c.log_format, LogFormat::Json);
        assert!(c.log_content);
        assert_eq!(c.metrics.listen, Some("127.0.0.1:9187".parse().unwrap()));
        assert!(Config::parse("[metrics]\nlisten = \"localhost\"").is_err());
        assert!(Config::parse("log_format = \"xml\"").is_err());
    }

    #[test]
    fn a_bad_file_keeps_the_toml_error_and_its_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(
            &path,
            "prefix = \"!\"\n[discord]\ncooldown_commands = \"three\"\n",
        )
        .unwrap();
        let e = Config::load(&path).unwrap_err();
        assert!(e.to_string().contains("config.toml"), "{e}");
        let chain = anyhow::Error::new(e);
        let text = format!("{chain:#}");
        assert!(text.contains("line 3"), "{text}");
        let missing = Config::load(&dir.path().join("nope.toml")).unwrap_err();
        assert!(std::error::Error::source(&missing).is_some());
    }
}
