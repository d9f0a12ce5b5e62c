//! Framework callbacks: prefix stripping, the command check (DMs, cooldown), errors (including
//! unknown commands), and gateway events (READY, button presses).

use std::sync::atomic::Ordering;

use poise::serenity_prelude as serenity;

use super::cooldown::{self, Verdict};
use super::observe::{observe, Invocation};
use super::pager;
use super::permissions::{
    author_is_moderator, channel_answers, clicker_is_moderator, message_author_is_moderator,
};
use super::press;
use super::send::{answer_message, send_ephemeral_notice};
use super::state::{Context, Data, Error};
use crate::telemetry::Shards;

/// Strips the configured prefix or a mention of the bot; ignores webhooks, bots, channels
/// that `allowed_channels`/`ignored_channels` rule out and (when `answer_dms` is off) direct
/// messages.
pub fn strip_prefix<'a>(
    sctx: &'a serenity::Context,
    msg: &'a serenity::Message,
    data: &'a Data,
) -> poise::BoxFuture<'a, Result<Option<&'a str>, Error>> {
    Box::pin(async move {
        if msg.webhook_id.is_some() || msg.author.bot {
            return Ok(None);
        }
        let config = data.config();
        if msg.guild_id.is_none() && !config.answer_dms {
            return Ok(None);
        }
        if !channel_answers(
            sctx,
            msg.guild_id,
            msg.channel_id,
            &config.allowed_channels,
            &config.ignored_channels,
        ) {
            return Ok(None);
        }
        let bot_id = sctx.cache.current_user().id;
        Ok(prefix_of(&msg.content, &data.prefix, bot_id.get()))
    })
}

/// The prefix `content` starts with: `prefix`, `<@bot>` or `<@!bot>`.
pub fn prefix_of<'a>(content: &'a str, prefix: &str, bot_id: u64) -> Option<&'a str> {
    if content.starts_with(prefix) {
        return Some(&content[..prefix.len()]);
    }
    let rest = content.strip_prefix("<@")?;
    let rest = rest.strip_prefix('!').unwrap_or(rest);
    let rest = rest.strip_prefix(bot_id.to_string().as_str())?;
    let rest = rest.strip_prefix('>')?;
    Some(&content[..content.len() - rest.len()])
}

/// Runs before every command: DMs when disabled, then the per-user cooldown and the
/// channel's budget (moderators are exempt from both). A refused command gets a short
/// notice, once per limited spell for prefix commands and always for slash commands (which
/// must be answered).
pub async fn command_check(ctx: Context<'_>) -> Result<bool, Error> {
    let data = ctx.data();
    let config = data.config();
    let is_slash = matches!(ctx, poise::Context::Application(_));
    if ctx.guild_id().is_none() && !config.answer_dms {
        if is_slash {
            send_ephemeral_notice(
                ctx,
                "I don't answer in direct messages here; ask in a server channel.",
            )
            .await?;
        }
        return Ok(false);
    }
    let now = cooldown::now();
    let user = data.cooldowns.lock().check(ctx.author().id.get(), now);
    // A user over their own limit does not use up the channel's budget.
    let channel = match (user, config.channel_cooldown_commands, ctx.guild_id()) {
        (Verdict::Allowed, Some(_), Some(_)) => data
            .channel_cooldowns
            .lock()
            .check(ctx.channel_id().get(), now),
        _ => Verdict::Allowed,
    };
    let (limited, why) = match (user, channel) {
        (Verdict::Allowed, Verdict::Allowed) => return Ok(true),
        (limited @ Verdict::Limited { .. }, _) => (
            limited,
            format!(
                "Slow down: at most {} commands per {} seconds.",
                config.cooldown_commands, config.cooldown_seconds
            ),
        ),
        (_, limited) => (
            limited,
            format!(
                "This channel has had its {} commands per {} seconds.",
                config
                    .channel_cooldown_commands
                    .map_or(0, std::num::NonZeroU32::get),
                config.channel_cooldown_seconds
            ),
        ),
    };
    let Verdict::Limited {
        retry_after,
        notify,
    } = limited
    else {
        return Ok(true);
    };
    if author_is_moderator(ctx).await {
        return Ok(true);
    }
    data.telemetry.cooldown_refused();
    if notify || is_slash {
        let secs = retry_after.as_secs() + u64::from(retry_after.subsec_nanos() > 0);
        send_ephemeral_notice(ctx, &format!("{why} Try again in {secs}s.")).await?;
    }
    Ok(false)
}

/// Handles framework errors: unknown prefix commands are answered by the engine ("did you
/// mean"); command errors are logged and reported briefly.
pub async fn on_error(error: poise::FrameworkError<'_, Data, Error>) {
    match error {
        poise::FrameworkError::UnknownCommand {
            msg,
            content_start,
            framework,
            ..
        } => {
            let data = framework.user_data;
            let sctx = framework.serenity_context;
            let rest = msg.content[usize::from(content_start)..].trim_start();
            if !unknown_command_allowed(sctx, data, msg) {
                return;
            }
            if let Some(answer) = data.engine().run_line(rest) {
                let invocation = Invocation {
                    command: "unknown",
                    user: msg.author.id.get(),
                    guild: msg.guild_id.map(|g| g.get()),
                    channel: msg.channel_id.get(),
                    content: msg.content.as_str().into(),
                };
                let body = async {
                    answer_message(sctx, data, msg, &answer).await?;
                    Ok::<_, Error>(answer.outcome())
                };
                if let Err(e) = observe(&data.telemetry, invocation, body).await {
                    tracing::warn!(error = %e, "could not answer an unknown command");
                }
            }
        }
        poise::FrameworkError::CommandCheckFailed { error: None, .. } => {}
        poise::FrameworkError::Command { error, ctx, .. } => {
            tracing::error!(
                command = %ctx.command().qualified_name,
                error = %error,
                "command failed"
            );
            let _ = send_ephemeral_notice(ctx, "Sorry, something went wrong answering that.").await;
        }
        poise::FrameworkError::EventHandler { error, event, .. } => {
            tracing::warn!(
                event = event.snake_case_name(),
                "event handler failed: {error}"
            );
        }
        other => {
            if let Err(e) = poise::builtins::on_error(other).await {
                tracing::error!(error = %e, "error while handling an error");
            }
        }
    }
}

/// Unknown commands count against the cooldown too (silently: no notice for them), and
/// moderators are exempt as they are from every command's cooldown.
fn unknown_command_allowed(sctx: &serenity::Context, data: &Data, msg: &serenity::Message) -> bool {
    let verdict = data
        .cooldowns
        .lock()
        .check(msg.author.id.get(), cooldown::now());
    let allowed = matches!(verdict, Verdict::Allowed)
        || message_author_is_moderator(sctx, msg, &data.config().moderator_roles);
    if !allowed {
        data.telemetry.cooldown_refused();
    }
    allowed
}

/// Whether the application flags grant message content (full or limited).
pub fn message_content_granted(flags: serenity::ApplicationFlags) -> bool {
    flags.intersects(
        serenity::ApplicationFlags::GATEWAY_MESSAGE_CONTENT
            | serenity::ApplicationFlags::GATEWAY_MESSAGE_CONTENT_LIMITED,
    )
}

/// Gateway events beyond commands: READY (log, message-content check) and button presses.
pub fn event_handler<'a>(
    framework: poise::FrameworkContext<'a, Data, Error>,
    event: &'a serenity::FullEvent,
) -> poise::BoxFuture<'a, Result<(), Error>> {
    Box::pin(async move {
        match event {
            serenity::FullEvent::Ready {
                data_about_bot: ready,
            } => {
                let shard = ready.shard.map(|s| s.id.0);
                // Automatic sharding: the total is known from the first READY on.
                if let Some(info) = ready.shard {
                    framework
                        .user_data
                        .telemetry
                        .expect_shards_if_unknown(Shards {
                            first: 0,
                            last: info.total.saturating_sub(1),
                            total: info.total,
                        });
                }
                tracing::info!(
                    bot = %ready.user.name,
                    shard,
                    guilds = ready.guilds.len(),
                    "connected to Discord"
                );
                if !message_content_granted(ready.application.flags)
                    && !framework
                        .user_data
                        .content_warning_logged
                        .swap(true, Ordering::Relaxed)
                {
                    tracing::warn!(
                        "the application has neither GATEWAY_MESSAGE_CONTENT nor \
                         GATEWAY_MESSAGE_CONTENT_LIMITED: prefix commands will not work (message \
                         text arrives empty); slash commands do. Enable the Message Content \
                         intent in the Developer Portal."
                    );
                }
            }
            serenity::FullEvent::Resume { .. } => tracing::info!("gateway session resumed"),
            serenity::FullEvent::InteractionCreate {
                interaction: serenity::Interaction::Component(ci),
            } => {
                let data = framework.user_data;
                let sctx = framework.serenity_context;
                let moderator = clicker_is_moderator(sctx, ci, &data.config().moderator_roles);
                match pager::handle_click(sctx, &data.buttons, ci, moderator).await? {
                    pager::Click::NotOurs | pager::Click::Done => {}
                    pager::Click::Deleted(state) => press::log_deletion(sctx, data, ci, &state),
                    pager::Click::Context(state) => {
                        press::show_context(sctx, data, ci, &state).await?
                    }
                    pager::Click::Share(key, state) => {
                        press::share(sctx, data, ci, key, *state).await?
                    }
                }
            }
            _ => {}
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_and_mentions_are_recognised() {
        assert_eq!(prefix_of("!article 4", "!", 42), Some("!"));
        assert_eq!(prefix_of("<@42> article 4", "!", 42), Some("<@42>"));
        assert_eq!(prefix_of("<@!42>who", "!", 42), Some("<@!42>"));
        assert_eq!(prefix_of("<@43> article", "!", 42), None);
        assert_eq!(prefix_of("<@&42> article", "!", 42), None);
        assert_eq!(prefix_of("article 4", "!", 42), None);
        assert_eq!(prefix_of("fb? who", "fb?", 1), Some("fb?"));
    }

    #[test]
    fn content_flags() {
        use poise::serenity_prelude::ApplicationFlags as F;
        assert!(message_content_granted(F::GATEWAY_MESSAGE_CONTENT));
        assert!(message_content_granted(
            F::GATEWAY_MESSAGE_CONTENT_LIMITED | F::EMBEDDED
        ));
        assert!(!message_content_granted(F::GATEWAY_PRESENCE));
        assert!(!message_content_granted(F::empty()));
    }
}
