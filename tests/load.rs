//! Load test through the fake Discord: 10,000 prefix commands from 100 users across 50
//! channels in two guilds on two shards, against the real bot. Not part of the default
//! `cargo test`; run it with
//!
//! ```sh
//! cargo test --release --test load -- --ignored --nocapture
//! ```
//!
//! It reports replies per second and p50/p99 latency from MESSAGE_CREATE to the reply's
//! POST, and fails if any command is answered zero times or more than once.

mod support;

use std::collections::HashMap;
use std::time::{Duration, Instant};

use factbot::config::Sharding;
use support::barrier::barrier;
use support::fake_discord::{FakeChannel, FakeConfig, FakeDiscord, FakeMember, FakeUser, Recorded};

const COMMANDS: usize = 10_000;
const USERS: u64 = 100;
const CHANNELS_PER_GUILD: u64 = 25;
/// Offered load, commands per second (open loop: sending does not wait for replies);
/// `FACTBOT_LOAD_RATE` overrides it.
const RATE: u64 = 1_500;

/// Two guilds whose ids put them on shards 0 and 1 of 2, each with 25 channels and every user.
fn fake_config() -> FakeConfig {
    let mut cfg = FakeConfig::default();
    let template = cfg.guilds[0].clone();
    let users: Vec<FakeUser> = (0..USERS)
        .map(|i| FakeUser::human(1_100_000_000_000_000_000 + i, &format!("user{i}")))
        .collect();
    cfg.guilds = (0..2u64)
        .map(|shard| {
            let mut g = template.clone();
            // A guild's shard is (id >> 22) % shards.
            g.id = ((1_000_000u64 + shard) << 22) | 7;
            g.name = format!("Load {shard}");
            g.channels = (0..CHANNELS_PER_GUILD)
                .map(|c| FakeChannel::text(g.id + 1_000 + c, &format!("load-{c}"), c as u32))
                .collect();
            g.members
                .retain(|m| m.user.id == cfg.bot_user.id || m.user.id == g.owner_id);
            g.members.extend(users.iter().map(|u| FakeMember {
                user: u.clone(),
                roles: vec![],
                nick: None,
            }));
            g
        })
        .collect();
    cfg
}

/// A barrier on each guild, so on each shard: its sentinel is answered once the bot has
/// handled the shard's earlier events (serenity caches a shard's GUILD_CREATE before it
/// handles the shard's later messages).
async fn settle(fake: &FakeDiscord, user: &FakeUser) {
    for guild in &fake.config().guilds {
        barrier(fake, guild.channels[0].id, user).await;
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "load test: cargo test --release --test load -- --ignored --nocapture"]
async fn ten_thousand_commands_two_shards() {
    let fake = FakeDiscord::start(fake_config()).await;
    let mut config = support::bot::proxied_config(&fake);
    config.discord.guild_id = None;
    config.discord.shards = Sharding::Range {
        total: 2,
        first: 0,
        last: 1,
    };
    config.discord.cooldown_commands = std::num::NonZeroU32::new(1_000_000).unwrap();
    let engine = support::bot::engine(&config);
    let token = factbot::discord::Token::new(fake.token()).unwrap();
    let bot = tokio::spawn(factbot::discord::run(config, engine, token));
    assert!(fake.wait_for_ready(0, Duration::from_secs(30)).await);
    assert!(fake.wait_for_ready(1, Duration::from_secs(30)).await);

    let guilds = fake.config().guilds.clone();
    let channels: Vec<u64> = guilds
        .iter()
        .flat_map(|g| g.channels.iter().map(|c| c.id))
        .collect();
    let users: Vec<FakeUser> = guilds[0]
        .members
        .iter()
        .filter(|m| !m.user.bot && m.user.username.starts_with("user"))
        .map(|m| m.user.clone())
        .collect();
    assert_eq!(channels.len(), 50);
    assert_eq!(users.len(), USERS as usize);
    settle(&fake, &users[0]).await;

    let rate: u64 = std::env::var("FACTBOT_LOAD_RATE")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(RATE);
    // Every example of every registered command, and the usual mistakes.
    let messages = factbot_testkit::messages::command_messages("!");
    let baseline = fake.request_count();
    let mut sent: HashMap<u64, Instant> = HashMap::with_capacity(COMMANDS);
    let mut order: HashMap<u64, usize> = HashMap::with_capacity(COMMANDS);
    // Open loop: one command per tick at `rate`, whether or not replies keep up (a late
    // tick fires at once, so the offered load stays the rate).
    let mut tick = tokio::time::interval(Duration::from_micros(1_000_000 / rate.max(1)));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Burst);
    let start = Instant::now();
    for i in 0..COMMANDS {
        tick.tick().await;
        let channel = channels[i % channels.len()];
        let user = &users[(i * 7) % users.len()];
        let at = Instant::now();
        let id = fake.send_message(channel, user, &messages[i % messages.len()]);
        sent.insert(id, at);
        order.insert(id, i);
    }
    let sending = start.elapsed();

    // Wait until every command has a reply (or time runs out), then for a sentinel on each
    // shard, so that duplicates dispatched before it would show.
    let is_reply = |r: &Recorded| {
        r.method == "POST" && r.route.starts_with("/channels/") && r.route.ends_with("/messages")
    };
    let replies = |fake: &FakeDiscord| {
        fake.requests()
            .into_iter()
            .skip(baseline)
            .filter(|r| is_reply(r))
            .collect::<Vec<_>>()
    };
    fake.wait_for_count(baseline, COMMANDS, is_reply, Duration::from_secs(120))
        .await;
    settle(&fake, &users[0]).await;
    let replies = replies(&fake);

    let mut answered: HashMap<u64, usize> = HashMap::new();
    let mut latencies = Vec::with_capacity(COMMANDS);
    let mut slowest: Option<(Duration, u64)> = None;
    let mut last = start;
    for r in &replies {
        let Some(id) = r
            .body
            .as_ref()
            .and_then(|b| b.pointer("/message_reference/message_id"))
            .and_then(|v| {
                v.as_str()
                    .map(str::to_string)
                    .or_else(|| v.as_u64().map(|n| n.to_string()))
            })
            .and_then(|s| s.parse::<u64>().ok())
        else {
            continue;
        };
        if let Some(at) = sent.get(&id) {
            *answered.entry(id).or_default() += 1;
            let latency = r.at.saturating_duration_since(*at);
            latencies.push(latency);
            if slowest.is_none_or(|(l, _)| latency > l) {
                slowest = Some((latency, id));
            }
            last = last.max(r.at);
        }
    }
    let lost = sent.keys().filter(|id| !answered.contains_key(id)).count();
    let duplicated = answered.values().filter(|&&n| n > 1).count();
    latencies.sort();
    let total = last.duration_since(start);
    println!("load: {COMMANDS} commands from {USERS} users in 50 channels on 2 shards, offered at {rate}/s");
    println!(
        "load: sent in {:.2} s; last reply after {:.2} s",
        sending.as_secs_f64(),
        total.as_secs_f64()
    );
    println!(
        "load: {:.0} replies/s",
        latencies.len() as f64 / total.as_secs_f64()
    );
    if !latencies.is_empty() {
        println!(
            "load: latency MESSAGE_CREATE → reply POST: p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
            percentile(&latencies, 0.50).as_secs_f64() * 1e3,
            percentile(&latencies, 0.99).as_secs_f64() * 1e3,
            latencies.last().unwrap().as_secs_f64() * 1e3
        );
    }
    if let Some((latency, id)) = slowest {
        let i = order.get(&id).copied().unwrap_or_default();
        println!(
            "load: slowest reply: command #{i} ({:?}), {:.2} ms",
            messages[i % messages.len()],
            latency.as_secs_f64() * 1e3
        );
    }
    println!("load: lost {lost}, duplicated {duplicated}");
    bot.abort();
    assert_eq!(lost, 0, "commands without a reply");
    assert_eq!(duplicated, 0, "commands answered more than once");
}
