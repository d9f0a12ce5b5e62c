//! Moderator commands.

use crate::discord::modlog;
use crate::discord::observe::{observe, Invocation};
use crate::discord::pager::Origin;
use crate::discord::permissions::author_is_moderator;
use crate::discord::send::{send_answer, send_ephemeral_notice};
use crate::discord::state::{Context, Error};
use crate::engine::{Answer, AnswerKind, Outcome};

/// Reload the fact base and the settings from disk (moderators only)
#[poise::command(
    slash_command,
    prefix_command,
    category = "Moderation",
    default_member_permissions = "MANAGE_MESSAGES"
)]
pub async fn reload(ctx: Context<'_>) -> Result<(), Error> {
    observe(
        &ctx.data().telemetry,
        Invocation::of(ctx, "reload"),
        reload_observed(ctx),
    )
    .await
}

/// The reload itself: refused, done, or failed with the fact base in use unchanged.
async fn reload_observed(ctx: Context<'_>) -> Result<Outcome, Error> {
    if !author_is_moderator(ctx).await {
        send_ephemeral_notice(
            ctx,
            "You may not reload the fact base: that needs the Manage Messages permission or a moderator role.",
        )
        .await?;
        return Ok(Outcome::Usage);
    }
    ctx.defer().await?;
    let answer = match ctx.data().reload().await {
        Ok(engine) => {
            let summary = super::counts_line(&engine) + ".";
            tracing::info!(by = %ctx.author().id, counts = %summary, "fact base reloaded");
            Answer::new(AnswerKind::Sources, "Fact base reloaded").with_summary(summary)
        }
        Err(errors) => {
            tracing::warn!(by = %ctx.author().id, errors = %errors, "reload failed");
            Answer::new(
                AnswerKind::Usage,
                "Reload failed: the fact base in use is unchanged",
            )
            .with_summary(errors.to_string())
        }
    };
    send_answer(ctx, &answer, false, "").await?;
    let failed = answer.kind == AnswerKind::Usage;
    modlog::post_for(
        ctx,
        if failed { "Reload failed" } else { "Reload" },
        Origin::new("reload", ""),
        None,
        answer
            .summary
            .as_ref()
            .map(|s| s.write(crate::engine::Syntax::Prefix(&ctx.data().prefix))),
    );
    Ok(answer.outcome())
}
