//! The moderator log: each use of "Check facts", each shared answer, each reload and each
//! press of Delete, posted to `[discord] mod_log_channel` — who (by name, never pinged),
//! where (a jump link) and what (the command and the first 200 characters of the claim).
//!
//! Nothing is written to disk. Posting happens in its own task after the answer, so a
//! missing or unwritable channel never delays or breaks an answer; the first failure is
//! logged, later ones are not.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use poise::serenity_prelude as serenity;

use super::message::no_mentions;
use super::pager::Origin;
use super::state::Context;
use factbot_render::{limits, markdown};

/// One line of the moderator log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// What happened ("Check facts", "Shared an answer", "Reload", "Deleted a reply").
    pub event: String,
    /// Who did it: their display name.
    pub who: String,
    /// Their user id.
    pub user_id: u64,
    /// A jump link to where it happened.
    pub link: String,
    /// The command and the claim.
    pub origin: Origin,
    /// More lines (a failed reload's errors).
    pub details: Option<String>,
}

impl Entry {
    /// The post's text: inert (no mention works, no markdown from users), within 2,000
    /// characters.
    pub fn text(&self) -> String {
        let mut text = format!(
            "**{}** by {} (user id {}) in {}",
            markdown::sanitize(&self.event),
            markdown::sanitize(&self.who),
            self.user_id,
            self.link
        );
        if !self.origin.command.is_empty() {
            text.push_str(&format!(
                "\nCommand: {}",
                markdown::sanitize(&self.origin.command)
            ));
        }
        if !self.origin.claim.is_empty() {
            let claim = self
                .origin
                .claim
                .chars()
                .take(Origin::CLAIM_MAX)
                .collect::<String>();
            text.push_str(&format!(
                "\n> {}",
                markdown::sanitize(&claim).replace('\n', " ")
            ));
        }
        if let Some(details) = &self.details {
            text.push('\n');
            text.push_str(&markdown::sanitize(details));
        }
        markdown::trim(&text, limits::CONTENT)
    }
}

/// A jump link: to a message, or (without one) to the channel. `guild` is `None` in direct
/// messages.
pub fn jump_link(
    guild: Option<serenity::GuildId>,
    channel: serenity::ChannelId,
    message: Option<serenity::MessageId>,
) -> String {
    let guild = guild.map_or_else(|| "@me".to_string(), |g| g.to_string());
    match message {
        Some(m) => format!("https://discord.com/channels/{guild}/{channel}/{m}"),
        None => format!("https://discord.com/channels/{guild}/{channel}"),
    }
}

/// Posts entries to the configured channel; remembers whether a failure was logged.
#[derive(Debug, Clone, Default)]
pub struct ModLog {
    failure_logged: Arc<AtomicBool>,
}

impl ModLog {
    /// Posts `entry`, about something done in `guild`, to `channel` (if one is configured) in
    /// a task of its own. Only what happens in a server the bot is in is logged: a member's
    /// private check through the app they installed to their account, in another server or a
    /// direct message, is none of this server's moderators' business.
    pub fn post(
        &self,
        sctx: &serenity::Context,
        guild: Option<serenity::GuildId>,
        channel: Option<u64>,
        entry: Entry,
    ) {
        let Some(channel) = channel.filter(|&id| id != 0).map(serenity::ChannelId::new) else {
            return;
        };
        let served = guild.is_some_and(|g| sctx.cache.guild(g).is_some());
        if !served {
            return;
        }
        let http = sctx.http.clone();
        let failure_logged = self.failure_logged.clone();
        tokio::spawn(async move {
            let message = serenity::CreateMessage::new()
                .content(entry.text())
                .allowed_mentions(no_mentions());
            if let Err(e) = channel.send_message(&http, message).await {
                if !failure_logged.swap(true, Ordering::Relaxed) {
                    tracing::warn!(
                        channel = %channel,
                        error = %e,
                        "cannot post to the moderator log channel (mod_log_channel); answers \
                         go on, and further failures are not logged"
                    );
                }
            }
        });
    }
}

/// Posts what the author of `ctx` did (`event`, on `origin`) to the moderator log, linking
/// to `message` in the command's channel, or to the command's own message (prefix
/// commands), or to the channel.
pub fn post_for(
    ctx: Context<'_>,
    event: &str,
    origin: Origin,
    message: Option<serenity::MessageId>,
    details: Option<String>,
) {
    let (nick, own_message) = match ctx {
        poise::Context::Application(app) => (
            app.interaction.member.as_ref().and_then(|m| m.nick.clone()),
            None,
        ),
        poise::Context::Prefix(p) => (
            p.msg.member.as_ref().and_then(|m| m.nick.clone()),
            Some(p.msg.id),
        ),
    };
    let data = ctx.data();
    data.mod_log.post(
        ctx.serenity_context(),
        ctx.guild_id(),
        data.config().mod_log_channel,
        Entry {
            event: event.to_string(),
            who: display_name(ctx.author(), nick.as_deref()),
            user_id: ctx.author().id.get(),
            link: jump_link(ctx.guild_id(), ctx.channel_id(), message.or(own_message)),
            origin,
            details,
        },
    );
}

/// The display name of a member or user: the server nickname, else the global name, else the
/// username.
pub fn display_name(user: &serenity::User, nick: Option<&str>) -> String {
    nick.map(str::to_string)
        .unwrap_or_else(|| user.display_name().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_are_inert_and_bounded() {
        let entry = Entry {
            event: "Check facts".into(),
            who: "@everyone **boss**".into(),
            user_id: 7,
            link: jump_link(
                Some(serenity::GuildId::new(1)),
                serenity::ChannelId::new(2),
                Some(serenity::MessageId::new(3)),
            ),
            origin: Origin::new("Check facts", &format!("<@42> {}", "x".repeat(5000))),
            details: Some("line\n".repeat(1000)),
        };
        let text = entry.text();
        assert!(text.chars().count() <= 2000);
        assert!(
            !text.contains("@everyone") && !text.contains("<@42>"),
            "{text}"
        );
        assert!(
            text.contains("https://discord.com/channels/1/2/3"),
            "{text}"
        );
        assert!(text.contains("user id 7"));
        let claim_line = text.lines().find(|l| l.starts_with("> ")).unwrap();
        assert!(claim_line.matches('x').count() < 200, "{claim_line}");
        assert_eq!(
            jump_link(None, serenity::ChannelId::new(2), None),
            "https://discord.com/channels/@me/2"
        );
    }
}
