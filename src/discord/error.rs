//! Why the Discord front end stopped.

use poise::serenity_prelude as serenity;

/// Why the Discord front end stopped.
#[derive(Debug, thiserror::Error)]
pub enum DiscordError {
    /// Discord refused the token (gateway close 4004 or HTTP 401). Not retried.
    #[error("Discord rejected the bot token (gateway close 4004 / HTTP 401): check DISCORD_TOKEN")]
    TokenRejected,
    /// Discord refused the requested gateway intents (close 4013/4014).
    #[error("Discord refused the gateway intents: {0}")]
    Intents(String),
    /// The configuration cannot be used (bad `proxy_url`, unreadable `ca_file`, ...).
    #[error("invalid Discord configuration: {reason}")]
    Config {
        /// What is wrong, naming the setting.
        reason: String,
        /// The error behind it, if any.
        #[source]
        source: Option<Box<dyn std::error::Error + Send + Sync>>,
    },
    /// A REST call that the bot cannot do without failed.
    #[error("Discord HTTP error")]
    Http(#[source] Box<serenity::Error>),
    /// The gateway connection failed for good.
    #[error("Discord gateway error")]
    Gateway(#[source] Box<serenity::Error>),
}

impl DiscordError {
    /// A configuration error without an underlying cause.
    pub fn config(reason: impl Into<String>) -> DiscordError {
        DiscordError::Config {
            reason: reason.into(),
            source: None,
        }
    }

    /// A configuration error caused by `source`.
    pub fn config_because(
        reason: impl Into<String>,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> DiscordError {
        DiscordError::Config {
            reason: reason.into(),
            source: Some(Box::new(source)),
        }
    }
}
