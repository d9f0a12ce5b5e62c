//! The log subscriber: human-readable text or one JSON object per line, to stderr.
//!
//! `RUST_LOG` sets the filter (default [`DEFAULT_FILTER`]). What a line may carry is decided
//! where it is logged: the bot token never is (see [`crate::discord::Token`]), what users
//! wrote only when `log_content` is on.

use tracing_subscriber::EnvFilter;

use crate::config::LogFormat;

/// The filter without `RUST_LOG`: factbot at info, serenity and poise only when they warn.
pub const DEFAULT_FILTER: &str = "info,serenity=warn,poise=warn";

/// Installs the global subscriber writing `format` to stderr.
pub fn init(format: LogFormat) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| DEFAULT_FILTER.into());
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match format {
        LogFormat::Text => builder.init(),
        // Each line: timestamp, level, target, the event's fields, the innermost span with
        // its fields ("span") and the names and fields of all open spans ("spans").
        LogFormat::Json => builder.json().with_current_span(true).init(),
    }
}
