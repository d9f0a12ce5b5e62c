//! The message context-menu command "Check facts".

use poise::serenity_prelude as serenity;

use super::answer_text;
use crate::discord::state::{Context, Error};
use crate::engine::cmd::Check;

/// Check the facts in this message against the fact base.
#[poise::command(context_menu_command = "Check facts", category = "Facts")]
pub async fn check_facts(ctx: Context<'_>, message: serenity::Message) -> Result<(), Error> {
    answer_text::<Check>(ctx, &message.content, true).await
}
