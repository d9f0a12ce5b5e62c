//! The message context-menu command "Check facts": a private answer with a Share button,
//! logged for moderators.

use poise::serenity_prelude as serenity;

use super::answer_text;
use crate::discord::modlog;
use crate::discord::pager::Origin;
use crate::discord::state::{Context, Error};
use crate::engine::cmd::Check;

/// The context menu's label, as Discord shows it.
pub const LABEL: &str = "Check facts";

/// Check the facts in this message against the fact base. User-installable: a member who
/// added the app to their account can check a message in a server that never invited the
/// bot, or in a direct message, and alone sees the answer.
#[poise::command(
    context_menu_command = "Check facts",
    category = "Facts",
    install_context = "Guild|User",
    interaction_context = "Guild|BotDm|PrivateChannel"
)]
pub async fn check_facts(ctx: Context<'_>, message: serenity::Message) -> Result<(), Error> {
    answer_text::<Check>(ctx, &message.content, true).await?;
    modlog::post_for(
        ctx,
        LABEL,
        Origin::new(LABEL, &message.content),
        Some(message.id),
        None,
    );
    Ok(())
}
