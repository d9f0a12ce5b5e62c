//! The Previous/Next/Delete buttons of a paged reply, and what a press does: only the
//! invoker may turn pages; the invoker or a moderator may delete.

use poise::serenity_prelude as serenity;

use super::custom_id::{self, Action};
use super::ButtonRegistry;
use crate::discord::message::{no_mentions, page_parts, picture_file};

/// The error of a button press that Discord refused.
pub type Error = Box<dyn std::error::Error + Send + Sync>;

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
            serenity::CreateButton::new(custom_id::encode(Action::Previous, key))
                .label("Previous")
                .style(serenity::ButtonStyle::Secondary)
                .disabled(current == 0),
        );
        buttons.push(
            serenity::CreateButton::new(custom_id::encode(Action::Next, key))
                .label("Next")
                .style(serenity::ButtonStyle::Secondary)
                .disabled(current + 1 >= total),
        );
    }
    if deletable {
        buttons.push(
            serenity::CreateButton::new(custom_id::encode(Action::Delete, key))
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

/// Handles a press of one of factbot's buttons; `Ok(false)` if the button is not factbot's.
/// `clicker_is_moderator` says whether the presser may delete replies of others.
pub async fn handle_click(
    sctx: &serenity::Context,
    registry: &ButtonRegistry,
    ci: &serenity::ComponentInteraction,
    clicker_is_moderator: bool,
) -> Result<bool, Error> {
    let Some((action, key)) = custom_id::parse(&ci.data.custom_id) else {
        return Ok(false);
    };
    let Some(state) = registry.get(key) else {
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
            registry.set_current(key, current);
            // The page keeps the picture: drawn again (the same bytes) and attached in place
            // of the old file.
            let file = state.picture.as_deref().and_then(picture_file);
            let (content, embeds) = page_parts(&state.pages, current, file.is_some());
            let mut update = serenity::CreateInteractionResponseMessage::new()
                .content(content)
                .embeds(embeds)
                .components(components(key, current, total, state.deletable))
                .allowed_mentions(no_mentions());
            if let Some(file) = file {
                update = update.files([file]);
            }
            ci.create_response(
                sctx,
                serenity::CreateInteractionResponse::UpdateMessage(update),
            )
            .await?;
        }
        Action::Delete => {
            if ci.user.id != state.invoker && !clicker_is_moderator {
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
            registry.take(key);
            ci.message.delete(sctx).await?;
        }
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
