//! One span per command, and its count: which command, who, where, how it ended and how
//! long it took, in the logs and in [`Telemetry`].

use std::borrow::Cow;
use std::future::Future;
use std::time::Instant;

use tracing::field::Empty;
use tracing::Instrument;

use super::state::Context;
use crate::engine::Outcome;
use crate::telemetry::{outcome_label, Telemetry};

/// A command as it arrived: what is logged about it.
pub struct Invocation<'a> {
    /// The command's name (`"unknown"` for text the bot did not recognise as one).
    pub command: &'a str,
    /// Who ran it.
    pub user: u64,
    /// The guild, or `None` in direct messages.
    pub guild: Option<u64>,
    /// The channel.
    pub channel: u64,
    /// What the user wrote; only logged with `log_content = true`.
    pub content: Cow<'a, str>,
}

impl<'a> Invocation<'a> {
    /// The invocation of command `command` in a poise context: the message for a text
    /// command, the command with its options for an application command.
    pub fn of(ctx: Context<'a>, command: &'a str) -> Invocation<'a> {
        let content = match ctx {
            poise::Context::Prefix(p) => Cow::Borrowed(p.msg.content.as_str()),
            poise::Context::Application(_) if ctx.data().telemetry.log_content() => {
                Cow::Owned(ctx.invocation_string())
            }
            poise::Context::Application(_) => Cow::Borrowed(""),
        };
        Invocation {
            command,
            user: ctx.author().id.get(),
            guild: ctx.guild_id().map(|g| g.get()),
            channel: ctx.channel_id().get(),
            content,
        }
    }

    fn span(&self, log_content: bool) -> tracing::Span {
        // Ids as strings, as Discord writes them: JSON readers that hold numbers as doubles
        // (jq, JavaScript) would round a snowflake.
        let span = tracing::info_span!(
            "command",
            command = self.command,
            user = %self.user,
            guild = Empty,
            channel = %self.channel,
            content = Empty,
            outcome = Empty,
            latency_ms = Empty,
        );
        if let Some(guild) = self.guild {
            span.record("guild", tracing::field::display(guild));
        }
        if log_content {
            span.record("content", &*self.content);
        }
        span
    }
}

/// Runs a command's `body` in the command's span, then records how it ended (the answer's
/// outcome, or an error) and its latency: in the metrics first, then on the span, with one
/// `command handled` line.
pub async fn observe<E>(
    telemetry: &Telemetry,
    invocation: Invocation<'_>,
    body: impl Future<Output = Result<Outcome, E>>,
) -> Result<(), E> {
    let start = Instant::now();
    let span = invocation.span(telemetry.log_content());
    let result = body.instrument(span.clone()).await;
    let latency = start.elapsed();
    let outcome = result.as_ref().ok().copied();
    telemetry.command(invocation.command, outcome, latency);
    span.record("outcome", outcome_label(outcome));
    span.record("latency_ms", latency.as_secs_f64() * 1e3);
    span.in_scope(|| tracing::info!("command handled"));
    result.map(|_| ())
}
