//! The presses the pager hands back because they need the engine or the bot's data: Context
//! (the paragraphs of the passages a page cites, privately) and Share (a private answer
//! posted publicly, "shared by" whoever pressed, never pinging).

use poise::serenity_prelude as serenity;

use super::message::{embed, no_mentions, page_parts, with_banner};
use super::modlog::{display_name, jump_link, Entry};
use super::pager::{components, ButtonState, ReplyLocation, Share};
use super::state::{Data, Error};
use crate::engine::PassageContext;
use factbot_render::{context, markdown, Page};

/// Answers a Context press privately: each passage the page shows, in its paragraph (the
/// passage in bold), with its document's title and dating. Anyone may press it.
pub async fn show_context(
    sctx: &serenity::Context,
    data: &Data,
    ci: &serenity::ComponentInteraction,
    state: &ButtonState,
) -> Result<(), Error> {
    let engine = data.engine();
    let contexts: Vec<PassageContext> = state
        .citations
        .get(state.current)
        .into_iter()
        .flatten()
        .flat_map(|c| (0..c.passages.len()).filter_map(|k| engine.context(c, k)))
        .collect();
    let mut reply = serenity::CreateInteractionResponseMessage::new()
        .ephemeral(true)
        .allowed_mentions(no_mentions());
    let may_embed = ci
        .app_permissions
        .is_none_or(|p| p.embed_links() || p.administrator());
    if contexts.is_empty() {
        reply = reply.content(
            "The fact base in use no longer has these passages (it was reloaded); ask again.",
        );
    } else if may_embed {
        let pages = context::embeds(&contexts);
        reply = reply.embeds(pages.iter().map(|p| embed(p, 0, 1, false)).collect());
    } else if let Page::Text(text) = context::text(&contexts) {
        reply = reply.content(text);
    }
    ci.create_response(sctx, serenity::CreateInteractionResponse::Message(reply))
        .await?;
    Ok(())
}

/// Shares a private answer: disables the Share button of the private reply, then posts the
/// answer publicly under "Shared by <display name>" (no ping) with its own buttons, and logs
/// it for moderators.
pub async fn share(
    sctx: &serenity::Context,
    data: &Data,
    ci: &serenity::ComponentInteraction,
    key: u64,
    state: ButtonState,
) -> Result<(), Error> {
    let used = ButtonState {
        share: Share::Used,
        ..state.clone()
    };
    ci.create_response(
        sctx,
        serenity::CreateInteractionResponse::UpdateMessage(
            serenity::CreateInteractionResponseMessage::new().components(components(key, &used)),
        ),
    )
    .await?;
    let name = display_name(&ci.user, ci.member.as_ref().and_then(|m| m.nick.as_deref()));
    let banner = format!("-# Shared by {}", markdown::sanitize(&name));
    let origin = state.origin.clone();
    let public = ButtonState {
        current: 0,
        deletable: true,
        share: Share::No,
        banner: Some(banner.clone()),
        invoker: ci.user.id,
        location: None,
        picture: None,
        ..state
    };
    let (content, embeds) = page_parts(&public.pages, 0, false);
    let (public_key, rows) = data.buttons.insert_with_rows(public);
    let followup = serenity::CreateInteractionResponseFollowup::new()
        .content(with_banner(content, Some(&banner)))
        .embeds(embeds)
        .components(rows)
        .allowed_mentions(no_mentions());
    let message = match ci.create_followup(sctx, followup).await {
        Ok(message) => message,
        Err(e) => {
            data.buttons.take(public_key);
            return Err(e.into());
        }
    };
    data.buttons.start_button_expiry(
        sctx.http.clone(),
        public_key,
        ReplyLocation::Followup {
            interaction: Box::new(ci.clone()),
            message: message.id,
        },
        std::time::Duration::from_secs(data.config().button_timeout_seconds),
    );
    data.mod_log.post(
        sctx,
        ci.guild_id,
        data.config().mod_log_channel,
        Entry {
            event: "Shared an answer".into(),
            who: name,
            user_id: ci.user.id.get(),
            link: jump_link(ci.guild_id, ci.channel_id, Some(message.id)),
            origin,
            details: None,
        },
    );
    Ok(())
}

/// Logs a press of Delete for moderators.
pub fn log_deletion(
    sctx: &serenity::Context,
    data: &Data,
    ci: &serenity::ComponentInteraction,
    state: &ButtonState,
) {
    data.mod_log.post(
        sctx,
        ci.guild_id,
        data.config().mod_log_channel,
        Entry {
            event: "Deleted a reply".into(),
            who: display_name(&ci.user, ci.member.as_ref().and_then(|m| m.nick.as_deref())),
            user_id: ci.user.id.get(),
            link: jump_link(ci.guild_id, ci.channel_id, None),
            origin: state.origin.clone(),
            details: None,
        },
    );
}
