//! Every permission decision of the Discord front end: who is a moderator (Manage Messages
//! in the channel, or a role named or numbered in `moderator_roles`) — the author of a
//! command, of an unknown command, or whoever pressed a button — and whether the bot itself
//! may post embeds.

use poise::serenity_prelude as serenity;

use super::state::Context;

/// Pure decision: `permissions` are the member's permissions in the channel, `roles` the
/// member's roles as (id, name).
pub fn is_moderator(
    permissions: serenity::Permissions,
    roles: &[(u64, String)],
    moderator_roles: &[String],
) -> bool {
    if permissions.manage_messages() || permissions.administrator() {
        return true;
    }
    roles.iter().any(|(id, name)| {
        moderator_roles.iter().any(|wanted| {
            let wanted = wanted.trim();
            wanted.parse::<u64>().ok() == Some(*id)
                || wanted.trim_start_matches('@').eq_ignore_ascii_case(name)
        })
    })
}

/// Whether the author of the command is a moderator where the command was run. In direct
/// messages nobody is.
pub async fn author_is_moderator(ctx: Context<'_>) -> bool {
    let Some(guild_id) = ctx.guild_id() else {
        return false;
    };
    let config = ctx.data().config();
    let moderator_roles = &config.moderator_roles;
    match member_facts(ctx, guild_id).await {
        Some((permissions, roles)) => is_moderator(permissions, &roles, moderator_roles),
        None => {
            tracing::warn!(guild = %guild_id, "could not determine the member's permissions");
            false
        }
    }
}

/// Whether the author of a message outside poise's command flow (an unknown command) is a
/// moderator in its channel, from the member the gateway sent with the message and the
/// cached guild. Unknown → not a moderator.
pub fn message_author_is_moderator(
    sctx: &serenity::Context,
    msg: &serenity::Message,
    moderator_roles: &[String],
) -> bool {
    let (Some(guild_id), Some(partial)) = (msg.guild_id, msg.member.as_deref()) else {
        return false;
    };
    let Some(guild) = sctx.cache.guild(guild_id) else {
        return false;
    };
    let Some(channel) = channel_or_parent(&guild, msg.channel_id) else {
        return false;
    };
    let permissions = guild.partial_member_permissions_in(channel, msg.author.id, partial);
    let roles = cached_role_names(&guild, &partial.roles);
    is_moderator(permissions, &roles, moderator_roles)
}

/// Whether whoever pressed a button is a moderator where the reply is, from the member and
/// permissions Discord sends with the interaction.
pub fn clicker_is_moderator(
    sctx: &serenity::Context,
    ci: &serenity::ComponentInteraction,
    moderator_roles: &[String],
) -> bool {
    let (Some(member), Some(guild_id)) = (&ci.member, ci.guild_id) else {
        return false;
    };
    let roles = match sctx.cache.guild(guild_id) {
        Some(guild) => cached_role_names(&guild, &member.roles),
        None => member
            .roles
            .iter()
            .map(|id| (id.get(), String::new()))
            .collect(),
    };
    is_moderator(
        member.permissions.unwrap_or_default(),
        &roles,
        moderator_roles,
    )
}

/// Whether the bot may use embeds in the channel: from the interaction's `app_permissions`
/// when there is one, else from the cached guild. Unknown → yes (the send then fails loudly
/// rather than silently degrading every reply).
pub fn bot_can_embed(
    sctx: &serenity::Context,
    guild_id: Option<serenity::GuildId>,
    channel_id: serenity::ChannelId,
    app_permissions: Option<serenity::Permissions>,
) -> bool {
    bot_may(
        sctx,
        guild_id,
        channel_id,
        app_permissions,
        serenity::Permissions::EMBED_LINKS,
    )
}

/// Whether the bot has the `wanted` permissions in the channel (or is an administrator):
/// from the interaction's `app_permissions` when there is one, else from the cached guild.
/// Unknown → yes.
pub fn bot_may(
    sctx: &serenity::Context,
    guild_id: Option<serenity::GuildId>,
    channel_id: serenity::ChannelId,
    app_permissions: Option<serenity::Permissions>,
    wanted: serenity::Permissions,
) -> bool {
    let allows = |p: serenity::Permissions| p.contains(wanted) || p.administrator();
    if let Some(p) = app_permissions {
        return allows(p);
    }
    let Some(guild_id) = guild_id else {
        return true;
    };
    let bot_id = sctx.cache.current_user().id;
    let Some(guild) = sctx.cache.guild(guild_id) else {
        return true;
    };
    match (
        channel_or_parent(&guild, channel_id),
        guild.members.get(&bot_id),
    ) {
        (Some(channel), Some(member)) => allows(guild.user_permissions_in(channel, member)),
        _ => true,
    }
}

/// Whether prefix commands are answered in `channel`: not in `ignored`, and in `allowed`
/// when that is not empty. Entries are ids or names (`general`, `#general`); a thread is
/// judged by its parent channel. A channel the cache does not know is matched by id only.
pub fn channel_answers(
    sctx: &serenity::Context,
    guild_id: Option<serenity::GuildId>,
    channel_id: serenity::ChannelId,
    allowed: &[String],
    ignored: &[String],
) -> bool {
    if allowed.is_empty() && ignored.is_empty() {
        return true;
    }
    let named = guild_id
        .and_then(|g| sctx.cache.guild(g))
        .and_then(|guild| {
            let channel = channel_or_parent(&guild, channel_id)?;
            Some((channel.id.get(), channel.name.clone()))
        })
        .unwrap_or((channel_id.get(), String::new()));
    channel_listed(allowed, &named) != Some(false) && channel_listed(ignored, &named) != Some(true)
}

/// Whether `list` names `channel` (id, name); `None` for an empty list.
pub fn channel_listed(list: &[String], channel: &(u64, String)) -> Option<bool> {
    if list.is_empty() {
        return None;
    }
    Some(list.iter().any(|entry| {
        let entry = entry.trim();
        entry.parse::<u64>().ok() == Some(channel.0)
            || (!channel.1.is_empty()
                && entry
                    .trim_start_matches('#')
                    .eq_ignore_ascii_case(&channel.1))
    }))
}

/// The channel, or the parent channel of a thread, whose permission overwrites apply.
fn channel_or_parent(
    guild: &serenity::Guild,
    channel_id: serenity::ChannelId,
) -> Option<&serenity::GuildChannel> {
    guild.channels.get(&channel_id).or_else(|| {
        let thread = guild.threads.iter().find(|t| t.id == channel_id)?;
        guild.channels.get(&thread.parent_id?)
    })
}

/// Roles as (id, name) from the cached guild; a role it does not know has an empty name.
fn cached_role_names(guild: &serenity::Guild, roles: &[serenity::RoleId]) -> Vec<(u64, String)> {
    roles
        .iter()
        .map(|id| {
            let name = guild
                .roles
                .get(id)
                .map(|r| r.name.clone())
                .unwrap_or_default();
            (id.get(), name)
        })
        .collect()
}

/// The member's channel permissions and roles (id, name).
async fn member_facts(
    ctx: Context<'_>,
    guild_id: serenity::GuildId,
) -> Option<(serenity::Permissions, Vec<(u64, String)>)> {
    // Interactions carry the member with permissions computed by Discord.
    if let poise::Context::Application(app) = ctx {
        if let Some(member) = &app.interaction.member {
            let names = role_names(ctx, guild_id, &member.roles).await;
            return Some((member.permissions.unwrap_or_default(), names));
        }
    }
    // Prefix commands: the gateway sends the author's member (roles) with the message, so
    // with the guild cached no REST call is needed.
    if let poise::Context::Prefix(prefix) = ctx {
        let author = ctx.author().id;
        if let Some(partial) = prefix
            .msg
            .member
            .as_deref()
            .filter(|m| m.user.as_ref().is_none_or(|u| u.id == author))
        {
            let channel_id = ctx.channel_id();
            let permissions = ctx.guild().and_then(|guild| {
                let channel = channel_or_parent(&guild, channel_id)?;
                Some(guild.partial_member_permissions_in(channel, author, partial))
            });
            if let Some(permissions) = permissions {
                let names = role_names(ctx, guild_id, &partial.roles).await;
                return Some((permissions, names));
            }
        }
    }
    let member = ctx.author_member().await;
    tracing::debug!(found = member.is_some(), "author member");
    let member = member?.into_owned();
    let names = role_names(ctx, guild_id, &member.roles).await;
    let channel_id = ctx.channel_id();
    // Prefer the cache; fall back to REST.
    let from_cache = ctx.guild().and_then(|guild| {
        let channel = channel_or_parent(&guild, channel_id)?;
        Some(guild.user_permissions_in(channel, &member))
    });
    let permissions = match from_cache {
        Some(p) => p,
        None => {
            let guild = guild_id.to_partial_guild(ctx.http()).await;
            tracing::debug!(
                ok = guild.is_ok(),
                "partial guild {:?}",
                guild.as_ref().err()
            );
            let guild = guild.ok()?;
            let channel = channel_id.to_channel(ctx.http()).await;
            tracing::debug!(ok = channel.is_ok(), "channel {:?}", channel.as_ref().err());
            let channel = channel.ok()?.guild()?;
            let channel = match channel.thread_metadata {
                Some(_) => channel
                    .parent_id?
                    .to_channel(ctx.http())
                    .await
                    .ok()?
                    .guild()?,
                None => channel,
            };
            guild.user_permissions_in(&channel, &member)
        }
    };
    Some((permissions, names))
}

async fn role_names(
    ctx: Context<'_>,
    guild_id: serenity::GuildId,
    roles: &[serenity::RoleId],
) -> Vec<(u64, String)> {
    let cached: Option<Vec<(u64, String)>> =
        ctx.guild().map(|guild| cached_role_names(&guild, roles));
    if let Some(names) = cached {
        return names;
    }
    let all = guild_id.roles(ctx.http()).await.unwrap_or_default();
    roles
        .iter()
        .map(|id| {
            let name = all.get(id).map(|r| r.name.clone()).unwrap_or_default();
            (id.get(), name)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use poise::serenity_prelude::Permissions;

    fn roles() -> Vec<(u64, String)> {
        vec![(10, "Member".into()), (20, "Fact Checkers".into())]
    }

    #[test]
    fn channels_are_listed_by_id_or_name() {
        let general = (5, "general".to_string());
        assert_eq!(channel_listed(&[], &general), None);
        assert_eq!(channel_listed(&["#General".into()], &general), Some(true));
        assert_eq!(channel_listed(&[" 5 ".into()], &general), Some(true));
        assert_eq!(
            channel_listed(&["6".into(), "random".into()], &general),
            Some(false)
        );
        assert_eq!(
            channel_listed(&["".into()], &(5, String::new())),
            Some(false)
        );
    }

    #[test]
    fn manage_messages_or_admin_is_enough() {
        assert!(is_moderator(Permissions::MANAGE_MESSAGES, &[], &[]));
        assert!(is_moderator(Permissions::ADMINISTRATOR, &[], &[]));
        assert!(!is_moderator(Permissions::SEND_MESSAGES, &roles(), &[]));
    }

    #[test]
    fn roles_match_by_name_case_insensitively_or_by_id() {
        let none = Permissions::empty();
        assert!(is_moderator(none, &roles(), &["fact checkers".into()]));
        assert!(is_moderator(none, &roles(), &["@Fact Checkers".into()]));
        assert!(is_moderator(none, &roles(), &["20".into()]));
        assert!(is_moderator(none, &roles(), &[" 20 ".into()]));
        assert!(!is_moderator(
            none,
            &roles(),
            &["30".into(), "Admins".into()]
        ));
        assert!(!is_moderator(none, &[], &["Member".into()]));
    }
}
