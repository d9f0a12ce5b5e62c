//! Sending answers: rendered for the channel (embeds, or plain text without Embed Links),
//! written in the syntax the user used, paged with buttons, never pinging anyone.

use std::sync::Arc;
use std::time::Duration;

use poise::serenity_prelude as serenity;

use super::message::{no_mentions, page_parts, picture_file};
use super::pager::{ButtonState, Origin, ReplyLocation, Share};
use super::permissions::{bot_can_embed, bot_may};
use super::state::{Context, Data, Error};
use crate::engine::{Answer, Syntax};
use factbot_render::{limits, markdown, pages};

/// How command references are written for a command's user: `/name option:value` for slash
/// commands (and the message context menu), `!name value` for text commands.
pub fn syntax<'a>(ctx: Context<'a>) -> Syntax<'a> {
    let prefix = ctx.data().prefix.as_str();
    match ctx {
        poise::Context::Prefix(_) => Syntax::Prefix(prefix),
        poise::Context::Application(_) => Syntax::Slash { prefix },
    }
}

/// The citations with passages of the items each page shows (a citation that only names
/// its document has no context to show).
pub fn page_citations(answer: &Answer, items: &[Vec<usize>]) -> Vec<Vec<crate::engine::Citation>> {
    items
        .iter()
        .map(|shown| {
            shown
                .iter()
                .filter_map(|&i| answer.items.get(i)?.citation.clone())
                .filter(|c| !c.passages.is_empty())
                .collect()
        })
        .collect()
}

/// The name a command is known by in the moderator log: the context menu's label or the
/// command's name.
pub fn command_label(ctx: Context<'_>) -> String {
    let command = ctx.command();
    command
        .context_menu_name
        .as_deref()
        .unwrap_or(&command.name)
        .to_string()
}

/// Sends an answer as the reply to a command (prefix or slash), paged, with buttons: Context
/// on pages that cite passages; Delete on public replies, Share on private (`ephemeral`)
/// ones. `claim` is what the user asked (kept, cut to 200 characters, for the moderator log).
pub async fn send_answer(
    ctx: Context<'_>,
    answer: &Answer,
    ephemeral: bool,
    claim: &str,
) -> Result<(), Error> {
    let data = ctx.data();
    let app_permissions = match ctx {
        poise::Context::Application(app) => Some(app.interaction.app_permissions.unwrap_or(
            // Discord always sends app_permissions; if a proxy strips it, assume embeds work.
            serenity::Permissions::EMBED_LINKS,
        )),
        poise::Context::Prefix(_) => None,
    };
    let plain = !bot_can_embed(
        ctx.serenity_context(),
        ctx.guild_id(),
        ctx.channel_id(),
        app_permissions,
    );
    let (pages, items) = pages::render_with_items(answer, plain, syntax(ctx));
    let deletable = !ephemeral;
    let chart = bot_may(
        ctx.serenity_context(),
        ctx.guild_id(),
        ctx.channel_id(),
        app_permissions,
        serenity::Permissions::ATTACH_FILES,
    )
    .then(|| answer.timeline.clone())
    .flatten();
    let file = chart.as_ref().and_then(picture_file);
    let (content, embeds) = page_parts(&pages, 0, file.is_some());
    let state = ButtonState {
        deletable,
        picture: chart.filter(|_| file.is_some()).map(Arc::new),
        citations: page_citations(answer, &items),
        share: if ephemeral { Share::Ready } else { Share::No },
        ..ButtonState::new(
            pages,
            ctx.author().id,
            Origin::new(&command_label(ctx), claim),
        )
    };
    let (key, rows) = data.buttons.insert_with_rows(state);
    let mut reply = poise::CreateReply::default()
        .content(content)
        .components(rows)
        .allowed_mentions(no_mentions())
        .ephemeral(ephemeral)
        .reply(true);
    for embed in embeds {
        reply = reply.embed(embed);
    }
    if let Some(file) = file {
        reply = reply.attachment(file);
    }
    let handle = match ctx.send(reply).await {
        Ok(handle) => handle,
        Err(e) => {
            data.buttons.take(key);
            return Err(e.into());
        }
    };
    let location = match ctx {
        poise::Context::Prefix(_) => {
            let msg = handle.message().await?;
            ReplyLocation::Message {
                channel: msg.channel_id,
                message: msg.id,
            }
        }
        poise::Context::Application(app) => {
            ReplyLocation::Interaction(Box::new(app.interaction.clone()))
        }
    };
    data.buttons.start_button_expiry(
        ctx.serenity_context().http.clone(),
        key,
        location,
        button_timeout(data),
    );
    Ok(())
}

fn button_timeout(data: &Data) -> Duration {
    Duration::from_secs(data.config().button_timeout_seconds)
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
    let plain = !bot_can_embed(sctx, msg.guild_id, msg.channel_id, None);
    let (pages, items) = pages::render_with_items(answer, plain, Syntax::Prefix(&data.prefix));
    let (content, embeds) = page_parts(&pages, 0, false);
    let rest = msg
        .content
        .trim_start()
        .get(data.prefix.len()..)
        .unwrap_or_default();
    let (key, rows) = data.buttons.insert_with_rows(ButtonState {
        deletable: true,
        citations: page_citations(answer, &items),
        ..ButtonState::new(pages, msg.author.id, Origin::new("unknown", rest))
    });
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
    data.buttons.start_button_expiry(
        sctx.http.clone(),
        key,
        ReplyLocation::Message {
            channel: response.channel_id,
            message: response.id,
        },
        button_timeout(data),
    );
    Ok(())
}

/// A short plain reply (cooldown notices, refusals); ephemeral for slash commands.
pub async fn send_ephemeral_notice(ctx: Context<'_>, text: &str) -> Result<(), Error> {
    ctx.send(
        poise::CreateReply::default()
            .content(markdown::trim(text, limits::CONTENT))
            .allowed_mentions(no_mentions())
            .ephemeral(true)
            .reply(true),
    )
    .await?;
    Ok(())
}
