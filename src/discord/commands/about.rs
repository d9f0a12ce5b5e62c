//! `/about` and `!about`: the documents (authors, dating), the fact base's counts, the version,
//! and what the bot keeps about the people who use it.
//!
//! The privacy statement is written from the settings in force, and from what the code
//! keeps: the cooldown tables ([`crate::discord::cooldown`]), the button registry
//! ([`crate::discord::pager`]), poise's edit tracker, serenity's cache (guilds, channels,
//! members; `max_messages` stays at its default of 0) and the moderator log
//! ([`crate::discord::modlog`]). Change one of those and this text with it.

use crate::config::DiscordConfig;
use crate::discord::observe::{observe, Invocation};
use crate::discord::pager::Origin;
use crate::discord::send::send_answer;
use crate::discord::state::{Context, Error};
use crate::engine::cmd::Sources;
use crate::engine::{Answer, Cmd, Engine, Item};

/// What this bot is, what it stands on, and what it keeps about you
#[poise::command(slash_command, prefix_command, category = "Facts")]
pub async fn about(ctx: Context<'_>) -> Result<(), Error> {
    let body = async {
        let data = ctx.data();
        let answer = about_answer(&data.engine(), &data.config(), data.telemetry.log_content());
        send_answer(ctx, &answer, false, "").await?;
        Ok(answer.outcome())
    };
    observe(&ctx.data().telemetry, Invocation::of(ctx, "about"), body).await
}

/// The `/about` answer: the engine's list of documents (authors and dating as the fact base
/// states them), under the version and the counts, followed by the privacy statement.
pub fn about_answer(engine: &Engine, config: &DiscordConfig, log_content: bool) -> Answer {
    let mut answer = Sources.answer(engine);
    answer.title = "About factbot".into();
    let counts = super::counts_line(engine);
    let mut summary = crate::engine::Text::from(format!(
        "factbot {}. The fact base holds {counts}. ",
        env!("CARGO_PKG_VERSION")
    ));
    if let Some(sources) = answer.summary.take() {
        summary.append(sources);
    }
    answer.summary = Some(summary);
    answer.items.push(Item {
        heading: "Privacy: what this bot keeps".into(),
        body: privacy(config, log_content).into(),
        citation: None,
        score: None,
    });
    answer
}

/// The privacy statement for these settings.
pub fn privacy(config: &DiscordConfig, log_content: bool) -> String {
    let user_window = config.cooldown_seconds.get() * 2;
    let mut kept = vec![
        format!(
            "In memory only; nothing is written to disk and a restart forgets it all. \
             Your user id and the times of your commands, for the cooldown: forgotten at \
             most {user_window} seconds after your last command."
        ),
        format!(
            "Each reply with buttons: its pages, who asked, and the command with the first {} \
             characters of what was asked, until its buttons expire after {} seconds.",
            Origin::CLAIM_MAX,
            config.button_timeout_seconds
        ),
        format!(
            "Your command message and the reply, so that editing or deleting your message \
             updates the reply: for {} seconds.",
            config.edit_track_seconds
        ),
    ];
    kept.push(
        "What Discord sends about the servers the bot is in (channels, roles, members' names \
         and roles), to check permissions; Discord keeps it current. No message is cached."
            .to_string(),
    );
    if config.channel_cooldown_commands.is_some() {
        kept.push(format!(
            "Each channel's command times, for the channel budget: forgotten at most {} \
             seconds after the channel's last command.",
            config.channel_cooldown_seconds.get() * 2
        ));
    }
    kept.push(if config.mod_log_channel.is_some() {
        format!(
            "Moderator log: each \"Check facts\", shared answer, reload and Delete in this \
             server is posted to a moderators' channel with who, where and the first {} \
             characters of the claim; those posts stay in Discord, not in the bot.",
            Origin::CLAIM_MAX
        )
    } else {
        "The moderator log is off.".to_string()
    });
    kept.push(format!(
        "The operator's logs record each command's name, user id, server, channel and how it \
         ended{}.",
        if log_content {
            ", with what was written"
        } else {
            ", not what was written"
        }
    ));
    kept.push(
        "Never kept: messages that are not commands, profiles of anyone, or anything from one \
         run to the next."
            .to_string(),
    );
    kept.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_statement_follows_the_settings() {
        let mut config = DiscordConfig::default();
        let text = privacy(&config, false);
        assert!(text.contains("forgotten at most 20 seconds"), "{text}");
        assert!(text.contains("expire after 300 seconds"), "{text}");
        assert!(text.contains("log is off"), "{text}");
        assert!(text.contains("not what was written"), "{text}");
        assert!(!text.contains("channel budget"));
        config.mod_log_channel = Some(1);
        config.channel_cooldown_commands = std::num::NonZeroU32::new(5);
        let text = privacy(&config, true);
        assert!(text.contains("posted to a moderators' channel"), "{text}");
        assert!(
            text.contains("channel budget: forgotten at most 120 seconds"),
            "{text}"
        );
        assert!(text.contains(", with what was written"), "{text}");
    }
}
