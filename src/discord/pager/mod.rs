//! Paged replies: the state of each live reply with buttons, the buttons themselves, their
//! expiry, and what a press does.
//!
//! Depends on rendered pages, the timeline chart and serenity only, not on the bot's shared
//! data, so the data can hold a [`ButtonRegistry`] without a cycle.

mod buttons;
pub mod custom_id;

pub use buttons::{components, handle_click, Click};

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use parking_lot::Mutex;
use poise::serenity_prelude as serenity;

use crate::engine::{Citation, TimelineChart};
use factbot_render::Page;

/// Where a reply with buttons lives, to remove its buttons when they expire.
#[derive(Debug, Clone)]
pub enum ReplyLocation {
    /// A normal message (prefix commands, unknown-command answers).
    Message {
        /// The channel.
        channel: serenity::ChannelId,
        /// The message.
        message: serenity::MessageId,
    },
    /// The original response to an interaction (edited with the interaction token).
    Interaction(Box<serenity::CommandInteraction>),
    /// A follow-up message of a button press (a shared answer), edited with its token.
    Followup {
        /// The press whose follow-up it is.
        interaction: Box<serenity::ComponentInteraction>,
        /// The follow-up message.
        message: serenity::MessageId,
    },
}

/// The Share button of a private reply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Share {
    /// The reply has no Share button (public replies).
    No,
    /// The button is there and may be pressed.
    Ready,
    /// The answer was shared: the button stays, disabled.
    Used,
}

/// What a reply answered, for the moderator log: the command and what the user asked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Origin {
    /// The command's name ("check", "Check facts").
    pub command: String,
    /// The claim or query, cut to [`Origin::CLAIM_MAX`] characters.
    pub claim: String,
}

impl Origin {
    /// How much of a claim is kept and logged.
    pub const CLAIM_MAX: usize = 200;

    /// The origin of `command` run on `claim` (cut to 200 characters).
    pub fn new(command: &str, claim: &str) -> Origin {
        Origin {
            command: command.to_string(),
            claim: claim.trim().chars().take(Origin::CLAIM_MAX).collect(),
        }
    }
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
    pub location: Option<ReplyLocation>,
    /// The chart of the timeline picture every page carries, drawn again on each turn: a few
    /// kilobytes kept per live reply rather than the PNG's hundreds.
    pub picture: Option<Arc<TimelineChart>>,
    /// The citations each page shows; a page with any has a Context button.
    pub citations: Vec<Vec<Citation>>,
    /// The Share button.
    pub share: Share,
    /// A line shown above every page ("Shared by …"), already made inert.
    pub banner: Option<String>,
    /// What the reply answered.
    pub origin: Origin,
}

impl ButtonState {
    /// A state for fresh `pages` of `invoker`'s reply, on its first page, nowhere yet.
    pub fn new(pages: Vec<Page>, invoker: serenity::UserId, origin: Origin) -> ButtonState {
        ButtonState {
            pages,
            current: 0,
            invoker,
            deletable: false,
            location: None,
            picture: None,
            citations: Vec::new(),
            share: Share::No,
            banner: None,
            origin,
        }
    }

    /// Whether page `index` cites passages (and so has a Context button).
    pub fn cites(&self, index: usize) -> bool {
        self.citations.get(index).is_some_and(|c| !c.is_empty())
    }
}

/// The button states of live replies, shared with their expiry tasks.
#[derive(Debug, Clone, Default)]
pub struct ButtonRegistry {
    inner: Arc<Mutex<RegistryInner>>,
}

#[derive(Debug, Default)]
struct RegistryInner {
    next_key: u64,
    states: HashMap<u64, ButtonState>,
    /// The key of each message reply, so an edited reply drops its old state.
    keys: HashMap<serenity::MessageId, u64>,
}

impl ButtonRegistry {
    /// Stores a state under a fresh key.
    pub fn insert(&self, state: ButtonState) -> u64 {
        self.insert_with_rows(state).0
    }

    /// Stores a state under a fresh key; the key and the state's button rows.
    pub fn insert_with_rows(&self, state: ButtonState) -> (u64, Vec<serenity::CreateActionRow>) {
        let mut inner = self.inner.lock();
        inner.next_key += 1;
        let key = inner.next_key;
        let rows = components(key, &state);
        inner.states.insert(key, state);
        (key, rows)
    }

    /// A copy of the state under `key`.
    pub fn get(&self, key: u64) -> Option<ButtonState> {
        self.inner.lock().states.get(&key).cloned()
    }

    /// Removes and returns the state under `key`.
    pub fn take(&self, key: u64) -> Option<ButtonState> {
        let mut inner = self.inner.lock();
        let state = inner.states.remove(&key)?;
        if let Some(ReplyLocation::Message { message, .. }) = &state.location {
            if inner.keys.get(message) == Some(&key) {
                inner.keys.remove(message);
            }
        }
        Some(state)
    }

    /// Marks the Share button of `key` used; `false` if it was not ready (pressed twice).
    pub fn use_share(&self, key: u64) -> bool {
        let mut inner = self.inner.lock();
        match inner.states.get_mut(&key) {
            Some(s) if s.share == Share::Ready => {
                s.share = Share::Used;
                true
            }
            _ => false,
        }
    }

    /// Sets the page shown.
    pub fn set_current(&self, key: u64, current: usize) {
        if let Some(s) = self.inner.lock().states.get_mut(&key) {
            s.current = current;
        }
    }

    /// Records where the reply went; an earlier state of the same message is dropped.
    pub fn set_location(&self, key: u64, location: ReplyLocation) {
        let mut inner = self.inner.lock();
        if let ReplyLocation::Message { message, .. } = &location {
            if let Some(old) = inner.keys.insert(*message, key) {
                if old != key {
                    inner.states.remove(&old);
                }
            }
        }
        if let Some(s) = inner.states.get_mut(&key) {
            s.location = Some(location);
        }
    }

    /// Number of live states.
    pub fn len(&self) -> usize {
        self.inner.lock().states.len()
    }

    /// Whether no state is live.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Records where the reply went and, after `timeout`, forgets its state and removes its
    /// buttons.
    pub fn start_button_expiry(
        &self,
        http: Arc<serenity::Http>,
        key: u64,
        location: ReplyLocation,
        timeout: Duration,
    ) {
        self.set_location(key, location);
        let registry = self.clone();
        tokio::spawn(async move {
            tokio::time::sleep(timeout).await;
            let Some(state) = registry.take(key) else {
                return;
            };
            let result = match state.location {
                Some(ReplyLocation::Message { channel, message }) => channel
                    .edit_message(
                        &http,
                        message,
                        serenity::EditMessage::new().components(Vec::new()),
                    )
                    .await
                    .map(|_| ()),
                Some(ReplyLocation::Interaction(interaction)) => interaction
                    .edit_response(
                        &http,
                        serenity::EditInteractionResponse::new().components(Vec::new()),
                    )
                    .await
                    .map(|_| ()),
                Some(ReplyLocation::Followup {
                    interaction,
                    message,
                }) => interaction
                    .edit_followup(
                        &http,
                        message,
                        serenity::CreateInteractionResponseFollowup::new().components(Vec::new()),
                    )
                    .await
                    .map(|_| ()),
                None => Ok(()),
            };
            if let Err(e) = result {
                tracing::debug!(error = %e, "could not remove expired buttons");
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state() -> ButtonState {
        ButtonState {
            deletable: true,
            ..ButtonState::new(
                vec![Page::Text("a".into()), Page::Text("b".into())],
                serenity::UserId::new(1),
                Origin::new("sources", ""),
            )
        }
    }

    #[test]
    fn origins_keep_200_characters_and_share_is_used_once() {
        let o = Origin::new("check", &format!("  {}", "é".repeat(500)));
        assert_eq!(o.claim.chars().count(), Origin::CLAIM_MAX);
        let r = ButtonRegistry::default();
        let key = r.insert(ButtonState {
            share: Share::Ready,
            ..state()
        });
        assert!(r.use_share(key));
        assert!(!r.use_share(key), "a second press shares nothing");
        assert_eq!(r.get(key).unwrap().share, Share::Used);
    }

    fn at(message: u64) -> ReplyLocation {
        ReplyLocation::Message {
            channel: serenity::ChannelId::new(9),
            message: serenity::MessageId::new(message),
        }
    }

    #[test]
    fn an_edited_reply_drops_its_old_state() {
        let r = ButtonRegistry::default();
        let first = r.insert(state());
        r.set_location(first, at(5));
        let second = r.insert(state());
        r.set_location(second, at(5));
        assert!(r.get(first).is_none(), "the old state of message 5 is gone");
        assert!(r.get(second).is_some());
        assert_eq!(r.len(), 1);
        assert!(r.take(second).is_some());
        assert!(r.is_empty());
    }

    #[tokio::test(start_paused = true)]
    async fn buttons_expire_after_the_timeout() {
        let r = ButtonRegistry::default();
        let key = r.insert(state());
        let http = Arc::new(serenity::Http::new(""));
        r.start_button_expiry(http, key, at(5), Duration::from_secs(600));
        tokio::time::sleep(Duration::from_secs(599)).await;
        assert!(r.get(key).is_some(), "still live before the timeout");
        tokio::time::sleep(Duration::from_secs(2)).await;
        // The expiry task runs once the clock passes the timeout; let it finish.
        for _ in 0..100 {
            if r.get(key).is_none() {
                break;
            }
            tokio::task::yield_now().await;
        }
        assert!(r.get(key).is_none(), "forgotten after the timeout");
    }
}
