//! The Previous/Next/Context/Share/Delete buttons of a reply, and what a press does: only the
//! invoker may turn pages; the invoker or a moderator may delete. Context and Share need the
//! engine and the bot's data, so a press of them is handed back to the caller.

use poise::serenity_prelude as serenity;

use super::custom_id::{self, Action};
use super::{ButtonRegistry, ButtonState, Share};
use crate::discord::message::{no_mentions, page_parts, picture_file, with_banner};

/// The error of a button press that Discord refused.
pub type Error = Box<dyn std::error::Error + Send + Sync>;

/// The button row of `state` (under `key`) on its current page: Previous/Next for several
/// pages, Context where the page cites passages, Share on a private reply (disabled once
/// used), Delete on a public one.
pub fn components(key: u64, state: &ButtonState) -> Vec<serenity::CreateActionRow> {
    let (current, total) = (state.current, state.pages.len());
    let button = |action, label: &str| {
        serenity::CreateButton::new(custom_id::encode(action, key))
            .label(label)
            .style(serenity::ButtonStyle::Secondary)
    };
    let mut buttons = Vec::new();
    if total > 1 {
        buttons.push(button(Action::Previous, "Previous").disabled(current == 0));
        buttons.push(button(Action::Next, "Next").disabled(current + 1 >= total));
    }
    if state.cites(current) {
        buttons.push(button(Action::Context, "Context"));
    }
    if state.share != Share::No {
        buttons.push(
            button(Action::Share, "Share to channel")
                .style(serenity::ButtonStyle::Primary)
                .disabled(state.share == Share::Used),
        );
    }
    if state.deletable {
        buttons.push(button(Action::Delete, "Delete").style(serenity::ButtonStyle::Danger));
    }
    if buttons.is_empty() {
        Vec::new()
    } else {
        vec![serenity::CreateActionRow::Buttons(buttons)]
    }
}

/// What a press of one of factbot's buttons left for the caller to do.
#[derive(Debug)]
pub enum Click {
    /// Not factbot's button.
    NotOurs,
    /// Handled here (a page turned, a refusal, an expired reply).
    Done,
    /// The reply was deleted; its state, for the moderator log.
    Deleted(Box<ButtonState>),
    /// Context was asked for the passages of the page shown (nothing has answered yet).
    Context(Box<ButtonState>),
    /// Share was pressed on a private reply and its button is now used (nothing has answered
    /// yet).
    Share(u64, Box<ButtonState>),
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

/// Handles a press of one of factbot's buttons. `clicker_is_moderator` says whether the
/// presser may delete replies of others.
pub async fn handle_click(
    sctx: &serenity::Context,
    registry: &ButtonRegistry,
    ci: &serenity::ComponentInteraction,
    clicker_is_moderator: bool,
) -> Result<Click, Error> {
    let Some((action, key)) = custom_id::parse(&ci.data.custom_id) else {
        return Ok(Click::NotOurs);
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
        return Ok(Click::Done);
    };
    match action {
        Action::Context => return Ok(Click::Context(Box::new(state))),
        Action::Share => {
            if !registry.use_share(key) {
                respond_ephemeral(sctx, ci, "This answer has been shared already.").await?;
                return Ok(Click::Done);
            }
            return Ok(Click::Share(key, Box::new(state)));
        }
        Action::Previous | Action::Next => {
            if ci.user.id != state.invoker {
                respond_ephemeral(
                    sctx,
                    ci,
                    "Only the person who ran the command can turn these pages.",
                )
                .await?;
                return Ok(Click::Done);
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
            let shown = ButtonState { current, ..state };
            let mut update = serenity::CreateInteractionResponseMessage::new()
                .content(with_banner(content, shown.banner.as_deref()))
                .embeds(embeds)
                .components(components(key, &shown))
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
                return Ok(Click::Done);
            }
            ci.create_response(sctx, serenity::CreateInteractionResponse::Acknowledge)
                .await?;
            registry.take(key);
            ci.message.delete(sctx).await?;
            return Ok(Click::Deleted(Box::new(state)));
        }
    }
    Ok(Click::Done)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(pages: usize, current: usize, deletable: bool) -> ButtonState {
        ButtonState {
            current,
            deletable,
            ..ButtonState::new(
                vec![factbot_render::Page::Text("p".into()); pages],
                serenity::UserId::new(1),
                super::super::Origin::default(),
            )
        }
    }

    #[test]
    fn buttons_match_the_page() {
        let json = |rows: Vec<serenity::CreateActionRow>| serde_json::to_value(rows).unwrap();
        let single = json(components(1, &state(1, 0, true)));
        assert_eq!(single[0]["components"].as_array().unwrap().len(), 1);
        assert_eq!(single[0]["components"][0]["custom_id"], "factbot:delete:1");
        assert_eq!(
            json(components(1, &state(1, 0, false))),
            serde_json::json!([])
        );
        let first = json(components(7, &state(3, 0, true)));
        assert_eq!(first[0]["components"][0]["disabled"], true);
        assert_eq!(first[0]["components"][1]["disabled"], false);
        let last = json(components(7, &state(3, 2, false)));
        assert_eq!(last[0]["components"][1]["disabled"], true);
        assert_eq!(last[0]["components"].as_array().unwrap().len(), 2);
    }

    #[test]
    fn context_on_citing_pages_and_share_disables_itself() {
        let citation = crate::engine::Citation {
            source_id: "s".into(),
            source_title: "S".into(),
            source_short: "S".into(),
            passages: vec!["p".into()],
        };
        let mut s = state(2, 1, false);
        s.citations = vec![vec![], vec![citation]];
        s.share = Share::Ready;
        let ids = |s: &ButtonState| {
            let v = serde_json::to_value(components(3, s)).unwrap();
            v[0]["components"]
                .as_array()
                .unwrap()
                .iter()
                .map(|b| {
                    (
                        b["custom_id"].as_str().unwrap().to_string(),
                        b["disabled"] == true,
                    )
                })
                .collect::<Vec<_>>()
        };
        let shown = ids(&s);
        assert!(
            shown.contains(&("factbot:ctx:3".into(), false)),
            "{shown:?}"
        );
        assert!(
            shown.contains(&("factbot:share:3".into(), false)),
            "{shown:?}"
        );
        s.share = Share::Used;
        s.current = 0;
        let shown = ids(&s);
        assert!(
            !shown.iter().any(|(id, _)| id.contains(":ctx:")),
            "page 1 cites nothing"
        );
        assert!(
            shown.contains(&("factbot:share:3".into(), true)),
            "{shown:?}"
        );
    }
}
