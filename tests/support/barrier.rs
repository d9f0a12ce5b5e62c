//! Event barriers for the Discord tests: how a test shows that the bot sent *nothing more*,
//! or that it has settled after a reply, without sleeping.
//!
//! [`barrier`] sends a sentinel command and waits for the bot's reply to it; the index of
//! that reply among the fake's recorded requests is the barrier. A test then counts what the
//! bot sent before it ([`posts_between`]).
//!
//! Why that is sound, and where it stops: serenity reads one shard's gateway events in order,
//! updates its cache, and spawns one task per event for poise. The tasks then run
//! concurrently, so the sentinel's reply alone does not prove that an earlier message's task
//! has finished. What it does prove is that every earlier event of the shard was read and
//! its task started first, and has been running for the sentinel's whole round trip
//! (gateway → bot → engine → REST). The bot decides silence without REST (bots and webhooks
//! are dropped while the prefix is stripped; cooldowns and moderators are read from memory
//! and the cache), and a late or duplicate reply would be written and sent along the same
//! path as the sentinel's, so it is recorded before the sentinel's reply. Hence: wait for the
//! sentinel's reply, then count only what was recorded *before* it. For something that
//! awaits a timer or a slow call before acting, do not use a barrier: wait for the event
//! itself with a deadline.
//!
//! The sentinel must come from a user the test's cooldown does not limit (a moderator is
//! never limited), in a channel of the same guild (so on the same shard) as the messages it
//! fences.

use std::time::Duration;

use super::fake_discord::{FakeDiscord, FakeUser, Recorded};

/// The sentinel command: answered by every configuration, no arguments.
pub const SENTINEL: &str = "!sources";

/// How long a barrier waits for the sentinel's reply.
pub const BARRIER_TIMEOUT: Duration = Duration::from_secs(20);

/// Sends [`SENTINEL`] as `user` in `channel`, waits for the bot's reply to it, and returns
/// that reply's index among the recorded requests: everything the bot sent before the
/// sentinel's reply has a smaller index. Panics if the sentinel is not answered in time.
pub async fn barrier(fake: &FakeDiscord, channel: u64, user: &FakeUser) -> usize {
    let sentinel = fake.send_message(channel, user, SENTINEL);
    fake.wait_for_reply_to(channel, sentinel, BARRIER_TIMEOUT)
        .await
        .unwrap_or_else(|| {
            panic!(
                "barrier: the sentinel {SENTINEL:?} from {} got no reply",
                user.username
            )
        })
        .index
}

/// The bot's `POST /channels/{channel}/messages` requests with index in `from..to`.
pub fn posts_between(fake: &FakeDiscord, channel: u64, from: usize, to: usize) -> Vec<Recorded> {
    let route = format!("/channels/{channel}/messages");
    fake.requests()
        .into_iter()
        .skip(from)
        .take(to.saturating_sub(from))
        .filter(|r| r.is("POST", &route))
        .collect()
}
