//! Building serenity's REST client from the `[discord]` settings.
//!
//! * `proxy_url`: REST goes to that base URL instead of `https://discord.com`, and serenity's
//!   rate limiter is off (serenity 0.12.5 only honours the proxy that way; the proxy
//!   rate-limits for every process).
//! * `ca_file`: a reqwest client that trusts that PEM CA besides the built-in roots. System
//!   proxies (`HTTPS_PROXY`, `https_proxy`, `ALL_PROXY`, `NO_PROXY`) stay on, as in reqwest's
//!   default client.

use std::path::Path;

use poise::serenity_prelude as serenity;

use super::error::DiscordError;
use crate::config::DiscordConfig;

/// Builds the reqwest client serenity uses: rustls, system proxies on, plus `ca_file` if set.
pub fn build_client(ca_file: Option<&Path>) -> Result<reqwest::Client, DiscordError> {
    let mut builder = reqwest::Client::builder().use_rustls_tls();
    if let Some(path) = ca_file {
        let pem = std::fs::read(path).map_err(|e| {
            DiscordError::config_because(format!("cannot read ca_file {}", path.display()), e)
        })?;
        if !String::from_utf8_lossy(&pem).contains("-----BEGIN CERTIFICATE-----") {
            return Err(DiscordError::config(format!(
                "ca_file {} holds no PEM certificate",
                path.display()
            )));
        }
        let certs = reqwest::Certificate::from_pem_bundle(&pem).map_err(|e| {
            DiscordError::config_because(format!("ca_file {} is not valid PEM", path.display()), e)
        })?;
        for cert in certs {
            builder = builder.add_root_certificate(cert);
        }
    }
    builder
        .build()
        .map_err(|e| DiscordError::config_because("cannot build the HTTP client", e))
}

/// Builds serenity's `Http` for `token` with the configured proxy and CA. Every message it
/// sends defaults to mentioning nobody.
pub fn build_http(config: &DiscordConfig, token: &str) -> Result<serenity::Http, DiscordError> {
    let mut builder = serenity::HttpBuilder::new(token)
        .default_allowed_mentions(serenity::CreateAllowedMentions::new());
    if let Some(proxy) = &config.proxy_url {
        let proxy = proxy.trim().trim_end_matches('/');
        if !(proxy.starts_with("http://") || proxy.starts_with("https://")) {
            return Err(DiscordError::config(format!(
                "proxy_url must start with http:// or https:// (got {proxy:?})"
            )));
        }
        builder = builder.proxy(proxy).ratelimiter_disabled(true);
    }
    // A custom client only when needed; otherwise serenity builds the same default one.
    if config.ca_file.is_some() {
        builder = builder.client(build_client(config.ca_file.as_deref())?);
    }
    Ok(builder.build())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_config_keeps_discord_and_the_rate_limiter() {
        let http = build_http(&DiscordConfig::default(), "abc.def").unwrap();
        assert!(http.proxy.is_none());
        assert!(http.ratelimiter.is_some());
        assert_eq!(http.token(), "Bot abc.def");
    }

    #[test]
    fn proxy_url_disables_the_rate_limiter() {
        let config = DiscordConfig {
            proxy_url: Some("http://127.0.0.1:3000/".into()),
            ..DiscordConfig::default()
        };
        let http = build_http(&config, "t").unwrap();
        assert_eq!(http.proxy.as_deref(), Some("http://127.0.0.1:3000"));
        assert!(http.ratelimiter.is_none());
        let bad = DiscordConfig {
            proxy_url: Some("127.0.0.1:3000".into()),
            ..DiscordConfig::default()
        };
        assert!(matches!(
            build_http(&bad, "t"),
            Err(DiscordError::Config { .. })
        ));
    }

    #[test]
    fn ca_file_errors_are_config_errors() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("missing.pem");
        let err = build_client(Some(&missing)).unwrap_err();
        assert!(err.to_string().contains("missing.pem"), "{err}");
        let junk = dir.path().join("junk.pem");
        std::fs::write(&junk, "not a certificate").unwrap();
        assert!(matches!(
            build_client(Some(&junk)),
            Err(DiscordError::Config { .. })
        ));
    }
}
