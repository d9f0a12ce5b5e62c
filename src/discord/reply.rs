//! Sending answers: pages, Previous/Next/Delete buttons, their expiry, and button presses.
//!
//! Buttons carry `factbot:<action>:<key>` custom ids; the key finds the reply's
//! [`ButtonState`] in [`Data::buttons`]. Only the invoker may turn pages; the invoker or a
//! moderator may delete. After `button_timeout_seconds` the buttons are removed.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use poise::serenity_prelude as serenity;

use super::types::{Context, Data, Error};
use crate::engine::{Answer, Syntax};
use factbot_render::markdown;
use factbot_render::pages::{self as render, Page};

/// Prefix of every button custom id of factbot.
pub const BUTTON_PREFIX: &str = "factbot";

/// Where a reply with buttons lives, to remove its buttons when they expire.
#[derive(Debug, Clone)]
pub enum Target {
    /// A normal message (prefix commands, unknown-command answers).
    Message {
        /// The channel.
        channel: serenity::ChannelId,
        /// The message.
        message: serenity::MessageId,
    },
    /// The original response to an interaction (edited with the interaction token).
    Interaction(Box<serenity::CommandInteraction>),
}

/// Pages and owner of a reply with buttons.
#[derive(Debug, Clone)]
pub struct ButtonState {
    /// The rendered pages of the answer.
    pub pages: Vec<Page>,
    /// The page shown now.
    pub current: usize,
    /// Who ran the command; only they may turn pages.
    pub invoker: serenity::UserId,
    /// Whether the reply has a Delete button.
    pub deletable: bool,
    /// Where the reply is; `None` until it has been sent.
    pub target: Option<Target>,
}

/// A button action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Previous page.
    Previous,
    /// Next page.
    Next,
    /// Delete the reply.
    Delete,
}

impl Action {
    fn name(self) -> &'static str {
        match self {
            Action::Previous => "prev",
            Action::Next => "next",
            Action::Delete => "delete",
        }
    }
}

/// The custom id of a button.
pub fn custom_id(action: Action, key: u64) -> String {
    format!("{BUTTON_PREFIX}:{}:{key}", action.name())
}

/// Parses a custom id made by [`custom_id`].
pub fn parse_custom_id(id: &str) -> Option<(Action, u64)> {
    let mut parts = id.split(':');
    if parts.next()? != BUTTON_PREFIX {
        return None;
    }
    let action = match parts.next()? {
        "prev" => Action::Previous,
        "next" => Action::Next,
        "delete" => Action::Delete,
        _ => return None,
    };
    let key = parts.next()?.parse().ok()?;
    parts.next().is_none().then_some((action, key))
}

/// The button row for page `current` of `total`.
pub fn components(
    key: u64,
    current: usize,
    total: usize,
    deletable: bool,
) -> Vec<serenity::CreateActionRow> {
    let mut buttons = Vec::new();
    if total > 1 {
        buttons.push(
            serenity::CreateButton::new(custom_id(Action::Previous, key))
                .label("Previous")
                .style(serenity::ButtonStyle::Secondary)
                .disabled(current == 0),
        );
        buttons.push(
            serenity::CreateButton::new(custom_id(Action::Next, key))
                .label("Next")
                .style(serenity::ButtonStyle::Secondary)
                .disabled(current + 1 >= total),
        );
    }
    if deletable {
        buttons.push(
            serenity::CreateButton::new(custom_id(Action::Delete, key))
                .label("Delete")
                .style(serenity::ButtonStyle::Danger),
        );
    }
    if buttons.is_empty() {
        Vec::new()
    } else {
        vec![serenity::CreateActionRow::Buttons(buttons)]
    }
}

/// Content and embeds of page `index`.
fn page_parts(pages: &[Page], index: usize) -> (String, Vec<serenity::CreateEmbed>) {
    match &pages[index] {
        Page::Embed(p) => (String::new(), vec![embed(p, index, pages.len())]),
        Page::Text(t) => (render::text(t, index, pages.len()), Vec::new()),
    }
}

/// No mentions at all, not even the replied-to user.
pub fn no_mentions() -> serenity::CreateAllowedMentions {
    serenity::CreateAllowedMentions::new().replied_user(false)
}

/// Whether the bot may use embeds in the channel. Unknown → yes.
pub fn embeds_allowed(
    sctx: &serenity::Context,
    guild_id: Option<serenity::GuildId>,
    channel_id: serenity::ChannelId,
    app_permissions: Option<serenity::Permissions>,
) -> bool {
    if let Some(p) = app_permissions {
        return p.embed_links() || p.administrator();
    }
    let Some(guild_id) = guild_id else {
        return true;
    };
    let bot_id = sctx.cache.current_user().id;
    let Some(guild) = sctx.cache.guild(guild_id) else {
        return true;
    };
    let channel = guild.channels.get(&channel_id).or_else(|| {
        let thread = guild.threads.iter().find(|t| t.id == channel_id)?;
        guild.channels.get(&thread.parent_id?)
    });
    match (channel, guild.members.get(&bot_id)) {
        (Some(channel), Some(member)) => {
            let p = guild.user_permissions_in(channel, member);
            p.embed_links() || p.administrator()
        }
        _ => true,
    }
}

/// The button states of live replies, shared with their expiry tasks.
#[derive(Debug, Clone, Default)]
pub struct Registry {
    inner: Arc<Mutex<RegistryInner>>,
}

#[derive(Debug, Default)]
struct RegistryInner {
    next_key: u64,
    states: HashMap<u64, ButtonState>,
    /// The key of each message reply, so an edited reply drops its old state.
    keys: HashMap<serenity::MessageId, u64>,
}

impl Registry {
    fn lock(&self) -> std::sync::MutexGuard<'_, RegistryInner> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Stores a state under a fresh key.
    pub fn insert(&self, state: ButtonState) -> u64 {
        let mut inner = self.lock();
        inner.next_key += 1;
        let key = inner.next_key;
        inner.states.insert(key, state);
        key
    }

    /// A copy of the state under `key`.
    pub fn get(&self, key: u64) -> Option<ButtonState> {
        self.lock().states.get(&key).cloned()
    }

    /// Removes and returns the state under `key`.
    pub fn take(&self, key: u64) -> Option<ButtonState> {
        let mut inner = self.lock();
        let state = inner.states.remove(&key)?;
        if let Some(Target::Message { message, .. }) = &state.target {
            if inner.keys.get(message) == Some(&key) {
                inner.keys.remove(message);
            }
        }
        Some(state)
    }

    /// Sets the page shown.
    pub fn set_current(&self, key: u64, current: usize) {
        if let Some(s) = self.lock().states.get_mut(&key) {
            s.current = current;
        }
    }

    /// Records where the reply went; an earlier state of the same message is dropped.
    pub fn set_target(&self, key: u64, target: Target) {
        let mut inner = self.lock();
        if let Target::Message { message, .. } = &target {
            if let Some(old) = inner.keys.insert(*message, key) {
                if old != key {
                    inner.states.remove(&old);
                }
            }
        }
        if let Some(s) = inner.states.get_mut(&key) {
            s.target = Some(target);
        }
    }

    /// Number of live states (for tests).
    pub fn len(&self) -> usize {
        self.lock().states.len()
    }

    /// Whether no state is live.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Records where the reply went and starts the expiry timer.
fn activate(sctx: &serenity::Context, data: &Data, key: u64, target: Target) {
    data.buttons.set_target(key, target);
    let http = sctx.http.clone();
    let timeout = Duration::from_secs(data.config.button_timeout_seconds);
    let registry = data.buttons.clone();
    tokio::spawn(async move {
        tokio::time::sleep(timeout).await;
        let Some(state) = registry.take(key) else {
            return;
        };
        let result = match state.target {
            Some(Target::Message { channel, message }) => channel
                .edit_message(
                    &http,
                    message,
                    serenity::EditMessage::new().components(Vec::new()),
                )
                .await
                .map(|_| ()),
            Some(Target::Interaction(interaction)) => interaction
                .edit_response(
                    &http,
                    serenity::EditInteractionResponse::new().components(Vec::new()),
                )
                .await
                .map(|_| ()),
            None => Ok(()),
        };
        if let Err(e) = result {
            tracing::debug!("could not remove expired buttons: {e}");
        }
    });
}

/// Sends an answer as the reply to a command (prefix or slash), paged, with buttons.
pub async fn send_answer(ctx: Context<'_>, answer: &Answer, ephemeral: bool) -> Result<(), Error> {
    let data = ctx.data();
    let app_permissions = match ctx {
        poise::Context::Application(app) => Some(app.interaction.app_permissions.unwrap_or(
            // Discord always sends app_permissions; if a proxy strips it, assume embeds work.
            serenity::Permissions::EMBED_LINKS,
        )),
        poise::Context::Prefix(_) => None,
    };
    let plain = !embeds_allowed(
        ctx.serenity_context(),
        ctx.guild_id(),
        ctx.channel_id(),
        app_permissions,
    );
    let syntax = match ctx {
        poise::Context::Prefix(_) => Syntax::Prefix(&data.prefix),
        poise::Context::Application(_) => Syntax::Slash {
            prefix: &data.prefix,
        },
    };
    let pages = render::render(answer, plain, syntax);
    let deletable = !ephemeral;
    let (content, embeds) = page_parts(&pages, 0);
    let total = pages.len();
    let key = data.buttons.insert(ButtonState {
        pages,
        current: 0,
        invoker: ctx.author().id,
        deletable,
        target: None,
    });
    let mut reply = poise::CreateReply::default()
        .content(content)
        .components(components(key, 0, total, deletable))
        .allowed_mentions(no_mentions())
        .ephemeral(ephemeral)
        .reply(true);
    for embed in embeds {
        reply = reply.embed(embed);
    }
    let handle = match ctx.send(reply).await {
        Ok(handle) => handle,
        Err(e) => {
            data.buttons.take(key);
            return Err(e.into());
        }
    };
    let target = match ctx {
        poise::Context::Prefix(_) => {
            let msg = handle.message().await?;
            Target::Message {
                channel: msg.channel_id,
                message: msg.id,
            }
        }
        poise::Context::Application(app) => Target::Interaction(Box::new(app.interaction.clone())),
    };
    activate(ctx.serenity_context(), data, key, target);
    Ok(())
}

/// Answers a message outside poise's command flow (unknown commands): a reply to `msg`, or an
/// edit of the earlier reply when `msg` was edited; tied to `msg` in the edit tracker so that
/// editing or deleting it updates or deletes the reply.
pub async fn answer_message(
    sctx: &serenity::Context,
    data: &Data,
    msg: &serenity::Message,
    answer: &Answer,
) -> Result<(), Error> {
    let plain = !embeds_allowed(sctx, msg.guild_id, msg.channel_id, None);
    let pages = render::render(answer, plain, Syntax::Prefix(&data.prefix));
    let total = pages.len();
    let (content, embeds) = page_parts(&pages, 0);
    let key = data.buttons.insert(ButtonState {
        pages,
        current: 0,
        invoker: msg.author.id,
        deletable: true,
        target: None,
    });
    let rows = components(key, 0, total, true);
    let existing = data
        .edit_tracker
        .read()
        .unwrap_or_else(|p| p.into_inner())
        .find_bot_response(msg.id)
        .cloned();
    let sent = match existing {
        Some(mut response) => response
            .edit(
                sctx,
                serenity::EditMessage::new()
                    .content(content)
                    .embeds(embeds)
                    .components(rows)
                    .allowed_mentions(no_mentions()),
            )
            .await
            .map(|_| response),
        None => {
            let mut create = serenity::CreateMessage::new()
                .content(content)
                .components(rows)
                .allowed_mentions(no_mentions())
                .reference_message(msg);
            for embed in embeds {
                create = create.embed(embed);
            }
            msg.channel_id.send_message(sctx, create).await
        }
    };
    let response = match sent {
        Ok(response) => response,
        Err(e) => {
            data.buttons.take(key);
            return Err(e.into());
        }
    };
    data.edit_tracker
        .write()
        .unwrap_or_else(|p| p.into_inner())
        .set_bot_response(msg, response.clone(), true);
    activate(
        sctx,
        data,
        key,
        Target::Message {
            channel: response.channel_id,
            message: response.id,
        },
    );
    Ok(())
}

/// A short plain reply (cooldown notices, refusals); ephemeral for slash commands.
pub async fn notice(ctx: Context<'_>, text: &str) -> Result<(), Error> {
    ctx.send(
        poise::CreateReply::default()
            .content(markdown::trim(text, render::limits::CONTENT))
            .allowed_mentions(no_mentions())
            .ephemeral(true)
            .reply(true),
    )
    .await?;
    Ok(())
}

async fn respond_ephemeral(
    sctx: &serenity::Context,
    ci: &serenity::ComponentInteraction,
    text: &str,
) -> Result<(), Error> {
    ci.create_response(
        sctx,
        serenity::CreateInteractionResponse::Message(
            serenity::CreateInteractionResponseMessage::new()
                .content(text)
                .ephemeral(true)
                .allowed_mentions(no_mentions()),
        ),
    )
    .await?;
    Ok(())
}

/// Handles a button press on a factbot reply. Returns `false` if the button is not factbot's.
pub async fn handle_component(
    sctx: &serenity::Context,
    data: &Data,
    ci: &serenity::ComponentInteraction,
) -> Result<bool, Error> {
    let Some((action, key)) = parse_custom_id(&ci.data.custom_id) else {
        return Ok(false);
    };
    let state = data.buttons.get(key);
    let Some(state) = state else {
        // Expired (or from before a restart): take the buttons away.
        ci.create_response(
            sctx,
            serenity::CreateInteractionResponse::UpdateMessage(
                serenity::CreateInteractionResponseMessage::new().components(Vec::new()),
            ),
        )
        .await?;
        return Ok(true);
    };
    match action {
        Action::Previous | Action::Next => {
            if ci.user.id != state.invoker {
                respond_ephemeral(
                    sctx,
                    ci,
                    "Only the person who ran the command can turn these pages.",
                )
                .await?;
                return Ok(true);
            }
            let total = state.pages.len();
            let current = match action {
                Action::Previous => state.current.saturating_sub(1),
                _ => (state.current + 1).min(total.saturating_sub(1)),
            };
            data.buttons.set_current(key, current);
            let (content, embeds) = page_parts(&state.pages, current);
            ci.create_response(
                sctx,
                serenity::CreateInteractionResponse::UpdateMessage(
                    serenity::CreateInteractionResponseMessage::new()
                        .content(content)
                        .embeds(embeds)
                        .components(components(key, current, total, state.deletable))
                        .allowed_mentions(no_mentions()),
                ),
            )
            .await?;
        }
        Action::Delete => {
            let allowed =
                ci.user.id == state.invoker || component_user_is_moderator(sctx, data, ci);
            if !allowed {
                respond_ephemeral(
                    sctx,
                    ci,
                    "Only the person who ran the command or a moderator can delete this reply.",
                )
                .await?;
                return Ok(true);
            }
            ci.create_response(sctx, serenity::CreateInteractionResponse::Acknowledge)
                .await?;
            data.buttons.take(key);
            ci.message.delete(sctx).await?;
        }
    }
    Ok(true)
}

fn component_user_is_moderator(
    sctx: &serenity::Context,
    data: &Data,
    ci: &serenity::ComponentInteraction,
) -> bool {
    let (Some(member), Some(guild_id)) = (&ci.member, ci.guild_id) else {
        return false;
    };
    let roles: Vec<(u64, String)> = {
        let guild = sctx.cache.guild(guild_id);
        member
            .roles
            .iter()
            .map(|id| {
                let name = guild
                    .as_ref()
                    .and_then(|g| g.roles.get(id).map(|r| r.name.clone()))
                    .unwrap_or_default();
                (id.get(), name)
            })
            .collect()
    };
    super::permissions::is_moderator(
        member.permissions.unwrap_or_default(),
        &roles,
        &data.config.moderator_roles,
    )
}

/// The embed for an embed page, with the page marker in the footer.
fn embed(page: &render::EmbedPage, index: usize, total: usize) -> serenity::CreateEmbed {
    let mut embed = serenity::CreateEmbed::new()
        .title(page.title.clone())
        .colour(page.colour);
    if !page.description.is_empty() {
        embed = embed.description(page.description.clone());
    }
    embed = embed.fields(
        page.fields
            .iter()
            .map(|f| (f.name.clone(), f.value.clone(), false)),
    );
    let footer = render::footer(page, index, total);
    if !footer.is_empty() {
        embed = embed.footer(serenity::CreateEmbedFooter::new(footer));
    }
    embed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn custom_ids_round_trip() {
        for action in [Action::Previous, Action::Next, Action::Delete] {
            let id = custom_id(action, 42);
            assert!(id.len() <= 100);
            assert_eq!(parse_custom_id(&id), Some((action, 42)));
        }
        assert_eq!(parse_custom_id("other:next:1"), None);
        assert_eq!(parse_custom_id("factbot:next:x"), None);
        assert_eq!(parse_custom_id("factbot:next:1:2"), None);
    }

    #[test]
    fn buttons_match_the_page() {
        let json = |rows: Vec<serenity::CreateActionRow>| serde_json::to_value(rows).unwrap();
        let single = json(components(1, 0, 1, true));
        assert_eq!(single[0]["components"].as_array().unwrap().len(), 1);
        assert_eq!(single[0]["components"][0]["custom_id"], "factbot:delete:1");
        assert_eq!(json(components(1, 0, 1, false)), serde_json::json!([]));
        let first = json(components(7, 0, 3, true));
        assert_eq!(first[0]["components"][0]["disabled"], true);
        assert_eq!(first[0]["components"][1]["disabled"], false);
        let last = json(components(7, 2, 3, false));
        assert_eq!(last[0]["components"][1]["disabled"], true);
        assert_eq!(last[0]["components"].as_array().unwrap().len(), 2);
    }

    #[test]
    fn no_mentions_parses_nothing() {
        let v = serde_json::to_value(no_mentions()).unwrap();
        assert_eq!(v["parse"], serde_json::json!([]));
        assert_eq!(v["replied_user"], false);
    }
}
