//! `config.toml`: every key optional, each with its documented default.

use std::path::{Path, PathBuf};

use serde::Deserialize;

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
    /// A cooldown setting is zero.
    #[error("`cooldown_commands` and `cooldown_seconds` must be at least 1")]
    ZeroCooldown,
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
    /// Discord front end settings.
    pub discord: DiscordConfig,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            prefix: "!".to_string(),
            knowledge_dir: PathBuf::from("knowledge"),
            discord: DiscordConfig::default(),
        }
    }
}

/// Gateway sharding: automatic, or an explicit total and the range this process runs.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum Sharding {
    /// `shards = "auto"`: as many as Discord recommends, all in this process.
    Auto(AutoShards),
    /// `shards = { total = 4, first = 0, last = 1 }`: shards 0 and 1 of 4 in this process.
    Range { total: u32, first: u32, last: u32 },
}

/// The literal string `"auto"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AutoShards {
    Auto,
}

impl Default for Sharding {
    fn default() -> Self {
        Sharding::Auto(AutoShards::Auto)
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
    /// Commands a user may run per cooldown window. Default 3.
    pub cooldown_commands: u32,
    /// Length of the cooldown window in seconds. Default 10.
    pub cooldown_seconds: u64,
    /// Whether direct messages are answered. Default true.
    pub answer_dms: bool,
    /// How long (seconds) an edited command message updates the bot's reply. Default 300.
    pub edit_track_seconds: u64,
    /// How long (seconds) pagination and delete buttons stay active. Default 300.
    pub button_timeout_seconds: u64,
    /// Gateway sharding. Default `"auto"`.
    pub shards: Sharding,
}

impl Default for DiscordConfig {
    fn default() -> Self {
        DiscordConfig {
            proxy_url: None,
            ca_file: None,
            guild_id: None,
            moderator_roles: Vec::new(),
            cooldown_commands: 3,
            cooldown_seconds: 10,
            answer_dms: true,
            edit_track_seconds: 300,
            button_timeout_seconds: 300,
            shards: Sharding::default(),
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
        if self.discord.cooldown_commands == 0 || self.discord.cooldown_seconds == 0 {
            return Err(ParseError::ZeroCooldown);
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
        assert_eq!(c.discord.cooldown_commands, 3);
        assert_eq!(c.discord.shards, Sharding::Auto(AutoShards::Auto));
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
        assert!(Config::parse("[discord]\nshards = \"many\"").is_err());
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
        assert!(matches!(
            Config::parse("[discord]\ncooldown_seconds = 0"),
            Err(ParseError::ZeroCooldown)
        ));
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
