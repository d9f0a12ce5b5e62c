//! Per-user command cooldown: at most `limit` commands in any sliding window of `window`.
//!
//! The counting is pure (time is passed in), so it is unit-tested without sleeping; a task
//! ([`spawn_pruning`]) forgets idle users on a timer so that the set stays bounded.

use std::collections::{HashMap, VecDeque};
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::{Duration, Instant};

use parking_lot::Mutex;

/// The outcome of [`Cooldowns::check`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// The command may run; it has been counted.
    Allowed,
    /// The user is over the limit.
    Limited {
        /// When the oldest counted command leaves the window.
        retry_after: Duration,
        /// True only for the first refusal of a limited spell, so the bot posts one short
        /// notice instead of one per message.
        notify: bool,
    },
}

#[derive(Debug, Default)]
struct UserWindow {
    /// Times of the counted commands, oldest first.
    hits: VecDeque<Instant>,
    /// Whether a notice was given since the user was last allowed.
    notified: bool,
}

/// Sliding-window rate limits, one window per user id.
#[derive(Debug)]
pub struct Cooldowns {
    limit: u32,
    window: Duration,
    users: HashMap<u64, UserWindow>,
}

impl Cooldowns {
    /// `limit` commands per `window`.
    pub fn new(limit: NonZeroU32, window: Duration) -> Cooldowns {
        Cooldowns {
            limit: limit.get(),
            window,
            users: HashMap::new(),
        }
    }

    /// Counts a command by `user` at `now` if the user is under the limit.
    pub fn check(&mut self, user: u64, now: Instant) -> Verdict {
        let window = self.window;
        let entry = self.users.entry(user).or_default();
        while let Some(&oldest) = entry.hits.front() {
            if now.saturating_duration_since(oldest) >= window {
                entry.hits.pop_front();
            } else {
                break;
            }
        }
        if (entry.hits.len() as u64) < u64::from(self.limit) {
            entry.hits.push_back(now);
            entry.notified = false;
            return Verdict::Allowed;
        }
        let oldest = *entry.hits.front().expect("limit is at least 1");
        let retry_after = window.saturating_sub(now.saturating_duration_since(oldest));
        let notify = !entry.notified;
        entry.notified = true;
        Verdict::Limited {
            retry_after,
            notify,
        }
    }

    /// Forgets users whose windows are empty at `now`; [`spawn_pruning`] calls it once per
    /// window.
    pub fn prune(&mut self, now: Instant) {
        let window = self.window;
        self.users.retain(|_, w| {
            w.hits
                .back()
                .is_some_and(|&last| now.saturating_duration_since(last) < window)
        });
    }

    /// How many users are tracked.
    pub fn tracked_users(&self) -> usize {
        self.users.len()
    }
}

/// The time cooldowns count with: tokio's clock, which is the system's except under a paused
/// test clock.
pub fn now() -> Instant {
    tokio::time::Instant::now().into_std()
}

/// Prunes `cooldowns` once per window until aborted. A user is then forgotten at most two
/// windows after their last command, so however many distinct users write, the set holds no
/// more than two windows' worth of them.
pub fn spawn_pruning(cooldowns: Arc<Mutex<Cooldowns>>) -> tokio::task::JoinHandle<()> {
    let every = cooldowns.lock().window.max(Duration::from_secs(1));
    tokio::spawn(async move {
        let mut tick = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            let mut c = cooldowns.lock();
            let before = c.tracked_users();
            c.prune(now());
            tracing::trace!(before, after = c.tracked_users(), "cooldowns pruned");
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secs(s: u64) -> Duration {
        Duration::from_secs(s)
    }

    fn nz(n: u32) -> NonZeroU32 {
        NonZeroU32::new(n).unwrap()
    }

    #[test]
    fn allows_up_to_the_limit_then_refuses_with_one_notice() {
        let mut c = Cooldowns::new(nz(3), secs(10));
        let t0 = Instant::now();
        for i in 0..3 {
            assert_eq!(c.check(1, t0 + secs(i)), Verdict::Allowed);
        }
        assert_eq!(
            c.check(1, t0 + secs(4)),
            Verdict::Limited {
                retry_after: secs(6),
                notify: true
            }
        );
        assert_eq!(
            c.check(1, t0 + secs(5)),
            Verdict::Limited {
                retry_after: secs(5),
                notify: false
            }
        );
    }

    #[test]
    fn the_window_slides() {
        let mut c = Cooldowns::new(nz(2), secs(10));
        let t0 = Instant::now();
        assert_eq!(c.check(1, t0), Verdict::Allowed);
        assert_eq!(c.check(1, t0 + secs(5)), Verdict::Allowed);
        assert!(matches!(c.check(1, t0 + secs(9)), Verdict::Limited { .. }));
        // the first hit leaves the window at t0+10; the second is still in it
        assert_eq!(c.check(1, t0 + secs(10)), Verdict::Allowed);
        assert!(matches!(
            c.check(1, t0 + secs(11)),
            Verdict::Limited { retry_after, notify: true } if retry_after == secs(4)
        ));
        assert_eq!(c.check(1, t0 + secs(15)), Verdict::Allowed);
    }

    #[test]
    fn refused_attempts_are_not_counted() {
        let mut c = Cooldowns::new(nz(1), secs(10));
        let t0 = Instant::now();
        assert_eq!(c.check(1, t0), Verdict::Allowed);
        for s in 1..10 {
            assert!(matches!(c.check(1, t0 + secs(s)), Verdict::Limited { .. }));
        }
        assert_eq!(c.check(1, t0 + secs(10)), Verdict::Allowed);
    }

    #[test]
    fn users_are_independent_and_pruned() {
        let mut c = Cooldowns::new(nz(1), secs(10));
        let t0 = Instant::now();
        assert_eq!(c.check(1, t0), Verdict::Allowed);
        assert_eq!(c.check(2, t0), Verdict::Allowed);
        assert!(matches!(c.check(1, t0), Verdict::Limited { .. }));
        assert_eq!(c.tracked_users(), 2);
        c.prune(t0 + secs(10));
        assert_eq!(c.tracked_users(), 0);
    }

    #[test]
    fn a_million_one_off_users_stay_bounded() {
        // One new user every 100 µs for 100 s, a 10 s window, pruned once per window as
        // `spawn_pruning` does: never more than two windows' worth of users (200,000).
        let window = secs(10);
        let mut c = Cooldowns::new(nz(5), window);
        let t0 = Instant::now();
        let mut next_prune = t0 + window;
        let mut most = 0;
        for user in 0..1_000_000u64 {
            let now = t0 + Duration::from_micros(100 * user);
            if now >= next_prune {
                c.prune(now);
                next_prune += window;
            }
            assert_eq!(c.check(user, now), Verdict::Allowed);
            most = most.max(c.tracked_users());
        }
        assert!(most <= 200_000, "{most} users tracked at once");
        assert!(most >= 100_000, "the flood really did overlap: {most}");
        c.prune(t0 + secs(100) + window);
        assert_eq!(c.tracked_users(), 0);
    }

    #[tokio::test(start_paused = true)]
    async fn the_pruning_task_forgets_idle_users() {
        let cooldowns = Arc::new(Mutex::new(Cooldowns::new(nz(3), secs(10))));
        for user in 0..1_000 {
            cooldowns.lock().check(user, now());
        }
        let task = spawn_pruning(cooldowns.clone());
        // Active within the window: kept by the first prune.
        tokio::time::sleep(secs(5)).await;
        cooldowns.lock().check(5_000, now());
        tokio::time::sleep(secs(6)).await;
        for _ in 0..100 {
            if cooldowns.lock().tracked_users() <= 1 {
                break;
            }
            tokio::task::yield_now().await;
        }
        assert_eq!(
            cooldowns.lock().tracked_users(),
            1,
            "only the recent user is left"
        );
        tokio::time::sleep(secs(10)).await;
        for _ in 0..100 {
            if cooldowns.lock().tracked_users() == 0 {
                break;
            }
            tokio::task::yield_now().await;
        }
        assert_eq!(cooldowns.lock().tracked_users(), 0);
        task.abort();
    }
}
