//! The message context-menu command "Check facts".

use poise::serenity_prelude as serenity;

use crate::discord::reply;
use crate::discord::types::{Context, Error};

/// Check the facts in this message against the fact base.
#[poise::command(context_menu_command = "Check facts", category = "Facts")]
pub async fn check_facts(ctx: Context<'_>, message: serenity::Message) -> Result<(), Error> {
    let answer = ctx.data().engine().run("check", &message.content);
    reply::send_answer(ctx, &answer, true).await
}
