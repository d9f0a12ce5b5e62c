//! Operating the bot: `/metrics` and `/healthz` of the real bot (`discord::run_with`)
//! against the fake Discord, scraped over HTTP as Prometheus would.

mod support;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use factbot::config::Config;
use factbot::discord::Token;
use factbot::engine::Outcome;
use factbot::telemetry::server::Server;
use factbot::telemetry::{outcome_label, Telemetry};
use support::bot::{self, init_logs, proxied_config};
use support::fake_discord::{FakeConfig, FakeDiscord, GatewayKind};
use tokio::task::JoinHandle;

const T: Duration = Duration::from_secs(20);

/// A bot recording into its own telemetry, served on a port of 127.0.0.1.
struct Observed {
    telemetry: Arc<Telemetry>,
    server: Server,
    bot: Option<JoinHandle<Result<(), factbot::discord::DiscordError>>>,
}

impl Drop for Observed {
    fn drop(&mut self) {
        if let Some(bot) = &self.bot {
            bot.abort();
        }
    }
}

impl Observed {
    /// The listener alone; the bot is not started yet.
    async fn listen() -> Observed {
        init_logs();
        let telemetry = Arc::new(Telemetry::new(false));
        let any_port: SocketAddr = "127.0.0.1:0".parse().unwrap();
        let server = Server::start(any_port, telemetry.clone()).await.unwrap();
        Observed {
            telemetry,
            server,
            bot: None,
        }
    }

    fn start_bot(&mut self, fake: &FakeDiscord, config: Config) {
        let engine = bot::engine(&config);
        let token = Token::new(fake.token()).unwrap();
        self.bot = Some(tokio::spawn(factbot::discord::run_with(
            config,
            engine,
            token,
            self.telemetry.clone(),
        )));
    }

    /// `GET path`: the status and the body.
    async fn get(&self, path: &str) -> (u16, String) {
        get(self.server.local_addr(), path).await
    }

    /// `/metrics`, parsed: each series (name and labels as written) with its value.
    async fn metrics(&self) -> HashMap<String, f64> {
        let (status, text) = self.get("/metrics").await;
        assert_eq!(status, 200, "{text}");
        parse_metrics(&text)
    }
}

async fn get(addr: SocketAddr, path: &str) -> (u16, String) {
    let client = reqwest::Client::builder().no_proxy().build().unwrap();
    let response = client
        .get(format!("http://{addr}{path}"))
        .send()
        .await
        .unwrap_or_else(|e| panic!("GET {path}: {e}"));
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

/// Prometheus text: `series value` lines, comments skipped.
fn parse_metrics(text: &str) -> HashMap<String, f64> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let (series, value) = l.rsplit_once(' ').unwrap_or_else(|| panic!("{l}"));
            (
                series.to_string(),
                value.parse().unwrap_or_else(|_| panic!("{l}")),
            )
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn healthz_is_503_until_the_shard_is_ready_then_200() {
    let fake = FakeDiscord::start(FakeConfig::default()).await;
    let mut observed = Observed::listen().await;
    let (status, body) = observed.get("/healthz").await;
    assert_eq!(status, 503, "nothing started yet: {body}");

    fake.hold_identify();
    observed.start_bot(&fake, proxied_config(&fake));
    fake.wait_for_gateway(|r| r.kind == GatewayKind::Connected, T)
        .await
        .expect("the shard connects to the gateway");
    // The fake holds the IDENTIFY, so no READY can have arrived.
    let (status, body) = observed.get("/healthz").await;
    assert_eq!(status, 503, "{body}");
    assert!(
        body.starts_with("unavailable\nfact base: loaded\n"),
        "{body}"
    );
    assert!(body.contains("shard 0 of 1: "), "{body}");
    let metrics = observed.metrics().await;
    assert_eq!(metrics[r#"factbot_shard_connected{shard="0"}"#], 0.0);
    assert_eq!(metrics[r#"factbot_shards{stage="connected"}"#], 0.0);
    assert_eq!(metrics["factbot_fact_base_loaded"], 1.0);

    fake.release_identify();
    assert!(fake.wait_for_ready(0, T).await, "shard 0 never got ready");
    // Registered from the READY handler, so after the shard was marked connected.
    fake.wait_for(|r| r.method == "PUT" && r.route.ends_with("/commands"), T)
        .await
        .expect("commands were not registered");
    let (status, body) = observed.get("/healthz").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body, "ok\nfact base: loaded\nshard 0 of 1: connected\n");
    let metrics = observed.metrics().await;
    assert_eq!(metrics[r#"factbot_shard_connected{shard="0"}"#], 1.0);
    assert_eq!(metrics[r#"factbot_shards{stage="connected"}"#], 1.0);
    assert_eq!(observed.get("/elsewhere").await.0, 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_count_the_commands_just_sent_by_outcome() {
    let fake = FakeDiscord::start(FakeConfig::default()).await;
    let mut config = proxied_config(&fake);
    // Six commands a user; the seventh is refused. Moderators (alice) are exempt.
    config.discord.cooldown_commands = std::num::NonZeroU32::new(6).unwrap();
    config.discord.cooldown_seconds = std::num::NonZeroU64::new(3600).unwrap();
    let engine = bot::engine(&config);
    let mut observed = Observed::listen().await;
    observed.start_bot(&fake, config);
    assert!(fake.wait_for_ready(0, T).await, "shard 0 never got ready");
    let general = fake.channel_id("general");
    let bob = fake.user("bob");

    // Each outcome once, as the engine judges these texts (the fact base may change; the
    // test must still see every outcome).
    let sent = [
        ("article", "4"),
        ("article", ""),
        ("who-said", "Zzyzx"),
        ("who", "Blnkn"),
    ];
    let mut expected: HashMap<(String, &str), f64> = HashMap::new();
    for (name, args) in sent {
        let outcome = engine.run(name, args).outcome();
        *expected
            .entry((name.to_string(), outcome_label(Some(outcome))))
            .or_default() += 1.0;
        let since = fake.request_count();
        fake.send_message(general, &bob, format!("!{name} {args}").trim_end());
        wait_post(&fake, general, since).await;
    }
    let unknown = engine.run_line("artcle 4").expect("an answer").outcome();
    *expected
        .entry(("unknown".to_string(), outcome_label(Some(unknown))))
        .or_default() += 1.0;
    let since = fake.request_count();
    fake.send_message(general, &bob, "!artcle 4");
    wait_post(&fake, general, since).await;
    let mut outcomes: Vec<&str> = expected.keys().map(|(_, o)| *o).collect();
    outcomes.sort_unstable();
    outcomes.dedup();
    let mut all: Vec<&str> = Outcome::ALL.iter().map(|o| o.name()).collect();
    all.sort_unstable();
    assert_eq!(outcomes, all, "the texts sent cover every outcome");

    // The reply cannot be sent: the command ends in an error (and a short apology).
    fake.fail_next_matching(1, 403, "/messages");
    let since = fake.request_count();
    fake.send_message(general, &bob, "!sources");
    let route = format!("/channels/{general}/messages");
    fake.wait_for_since(since, |r| r.is("POST", &route) && r.status == 200, T)
        .await
        .expect("the apology after the failed reply");
    *expected
        .entry(("sources".to_string(), "error"))
        .or_default() += 1.0;

    // The seventh command is refused by the cooldown, with a notice.
    let since = fake.request_count();
    fake.send_message(general, &bob, "!sources");
    let notice = wait_post(&fake, general, since).await;
    let text = notice.body.unwrap()["content"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(text.starts_with("Slow down"), "{text}");

    let total: f64 = expected.values().sum();
    tokio::time::timeout(T, observed.telemetry.wait_for_commands(total as u64))
        .await
        .expect("every command was recorded");
    let metrics = observed.metrics().await;
    let commands: HashMap<(String, &str), f64> = metrics
        .iter()
        .filter_map(|(series, value)| {
            let labels = series.strip_prefix("factbot_commands_total{")?;
            let (command, rest) = labels
                .strip_prefix("command=\"")?
                .split_once("\",outcome=\"")?;
            let outcome = rest.strip_suffix("\"}")?;
            let outcome = ["answered", "not_found", "suggestion_only", "usage", "error"]
                .into_iter()
                .find(|o| *o == outcome)
                .unwrap_or_else(|| panic!("unknown outcome {outcome}"));
            Some(((command.to_string(), outcome), *value))
        })
        .collect();
    assert_eq!(commands, expected);
    assert_eq!(metrics["factbot_cooldown_refusals_total"], 1.0);
    assert_eq!(
        metrics[r#"factbot_answer_latency_seconds_count{command="article"}"#],
        2.0
    );
    assert_eq!(
        metrics[r#"factbot_answer_latency_seconds_count{command="sources"}"#], 1.0,
        "the refused command is not timed"
    );
    let sources = engine.knowledge().counts()[0];
    assert_eq!(sources.0, "sources");
    assert_eq!(
        metrics[r#"factbot_facts{kind="sources"}"#],
        sources.1 as f64
    );
}

async fn wait_post(
    fake: &FakeDiscord,
    channel: u64,
    since: usize,
) -> support::fake_discord::Recorded {
    let route = format!("/channels/{channel}/messages");
    fake.wait_for_since(since, |r| r.is("POST", &route), T)
        .await
        .expect("the bot did not reply")
}
