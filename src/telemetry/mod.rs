//! What an operator sees of a running bot: Prometheus metrics and the health verdict, kept
//! here for the listener in [`server`] to serve.
//!
//! Front ends record into one [`Telemetry`] (commands and their outcomes, latency, cooldown
//! refusals, reloads, the fact base's counts) and tell it where to read the shards' stages
//! ([`Telemetry::watch_shards`]); the engine records nothing. Each bot has its own
//! registry, so several bots in one process (as in the tests) count apart.

pub mod health;
pub mod server;

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use parking_lot::{Mutex, RwLock};
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;

use crate::engine::Outcome;
pub use health::{Health, ShardStage, Shards};

/// The stages of this process's shards, read when a scrape or health check asks.
pub type ShardView =
    Box<dyn Fn() -> Pin<Box<dyn Future<Output = Vec<(u32, ShardStage)>> + Send>> + Send + Sync>;

/// The label for a command that failed (its reply could not be sent, or it errored).
pub const ERROR: &str = "error";

/// The metric label (and log field) of how a command ended: its answer's outcome, or
/// [`ERROR`] when it failed.
pub fn outcome_label(outcome: Option<Outcome>) -> &'static str {
    outcome.map_or(ERROR, Outcome::name)
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct CommandOutcome {
    command: String,
    outcome: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct CommandName {
    command: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ReloadResult {
    result: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct Stage {
    stage: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ShardId {
    shard: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct FactKind {
    kind: &'static str,
}

type LatencyFamily = Family<CommandName, Histogram, fn() -> Histogram>;

/// Answer latency buckets: 5 ms doubling to about 10 s.
fn latency_histogram() -> Histogram {
    Histogram::new(exponential_buckets(0.005, 2.0, 12))
}

/// The metrics and health state of one bot.
pub struct Telemetry {
    registry: Registry,
    commands: Family<CommandOutcome, Counter>,
    latency: LatencyFamily,
    cooldown_refusals: Counter,
    reloads: Family<ReloadResult, Counter>,
    shards: Family<Stage, Gauge>,
    shard_connected: Family<ShardId, Gauge>,
    facts: Family<FactKind, Gauge>,
    fact_base_loaded: Gauge,
    /// Which shards this process runs, once known.
    expected: Mutex<Option<Shards>>,
    view: RwLock<Option<ShardView>>,
    /// Commands recorded so far, for those who wait on them.
    recorded: tokio::sync::watch::Sender<u64>,
    log_content: bool,
}

impl Telemetry {
    /// An empty registry. `log_content`: whether command logs may carry what users wrote.
    pub fn new(log_content: bool) -> Telemetry {
        let mut registry = Registry::with_prefix("factbot");
        let commands = Family::<CommandOutcome, Counter>::default();
        registry.register(
            "commands",
            "Commands handled, by command and outcome (answered, not_found, suggestion_only, usage, error)",
            commands.clone(),
        );
        let latency = LatencyFamily::new_with_constructor(latency_histogram);
        registry.register(
            "answer_latency_seconds",
            "Time from a command's arrival at the bot to its reply being sent, by command",
            latency.clone(),
        );
        let cooldown_refusals = Counter::default();
        registry.register(
            "cooldown_refusals",
            "Commands refused because their user was over the cooldown",
            cooldown_refusals.clone(),
        );
        let reloads = Family::<ReloadResult, Counter>::default();
        registry.register(
            "reloads",
            "Fact base reloads, by result (ok, failed)",
            reloads.clone(),
        );
        let shards = Family::<Stage, Gauge>::default();
        registry.register(
            "shards",
            "This process's gateway shards, by connection stage",
            shards.clone(),
        );
        let shard_connected = Family::<ShardId, Gauge>::default();
        registry.register(
            "shard_connected",
            "1 for each shard of this process that is connected, 0 for one that is not",
            shard_connected.clone(),
        );
        let facts = Family::<FactKind, Gauge>::default();
        registry.register(
            "facts",
            "Entries of the fact base in use, by kind",
            facts.clone(),
        );
        let fact_base_loaded = Gauge::default();
        registry.register(
            "fact_base_loaded",
            "1 once a fact base is loaded and answering",
            fact_base_loaded.clone(),
        );
        Telemetry {
            registry,
            commands,
            latency,
            cooldown_refusals,
            reloads,
            shards,
            shard_connected,
            facts,
            fact_base_loaded,
            expected: Mutex::new(None),
            view: RwLock::new(None),
            recorded: tokio::sync::watch::channel(0).0,
            log_content,
        }
    }

    /// Whether command logs may carry what users wrote (`log_content`).
    pub fn log_content(&self) -> bool {
        self.log_content
    }

    /// Records a finished command: `outcome` is `None` if it failed.
    pub fn command(&self, command: &str, outcome: Option<Outcome>, latency: Duration) {
        self.commands
            .get_or_create(&CommandOutcome {
                command: command.to_string(),
                outcome: outcome_label(outcome),
            })
            .inc();
        self.latency
            .get_or_create(&CommandName {
                command: command.to_string(),
            })
            .observe(latency.as_secs_f64());
        self.recorded.send_modify(|n| *n += 1);
    }

    /// How many commands have been recorded.
    pub fn commands_recorded(&self) -> u64 {
        *self.recorded.borrow()
    }

    /// Waits until at least `n` commands have been recorded.
    pub async fn wait_for_commands(&self, n: u64) {
        let mut rx = self.recorded.subscribe();
        let _ = rx.wait_for(|&recorded| recorded >= n).await;
    }

    /// Records a command refused by the cooldown.
    pub fn cooldown_refused(&self) {
        self.cooldown_refusals.inc();
    }

    /// Records a fact base now in use (at start or after a reload), with its counts per kind.
    pub fn fact_base_loaded(&self, counts: &[(&'static str, usize)]) {
        for &(kind, n) in counts {
            self.facts
                .get_or_create(&FactKind { kind })
                .set(i64::try_from(n).unwrap_or(i64::MAX));
        }
        self.fact_base_loaded.set(1);
    }

    /// Records a reload: `Some(counts)` of the new fact base, or `None` if it failed (the
    /// fact base in use stays).
    pub fn reloaded(&self, counts: Option<&[(&'static str, usize)]>) {
        let result = if counts.is_some() { "ok" } else { "failed" };
        self.reloads.get_or_create(&ReloadResult { result }).inc();
        if let Some(counts) = counts {
            self.fact_base_loaded(counts);
        }
    }

    /// Sets which shards this process runs.
    pub fn expect_shards(&self, shards: Shards) {
        *self.expected.lock() = Some(shards);
    }

    /// Sets which shards this process runs unless that is known already (automatic
    /// sharding learns the total from the first READY).
    pub fn expect_shards_if_unknown(&self, shards: Shards) {
        self.expected.lock().get_or_insert(shards);
    }

    /// Where to read the shards' stages from; replaces any earlier view.
    pub fn watch_shards(&self, view: ShardView) {
        *self.view.write() = Some(view);
    }

    async fn shard_stages(&self) -> Vec<(u32, ShardStage)> {
        let pending = self.view.read().as_ref().map(|view| view());
        match pending {
            Some(stages) => stages.await,
            None => Vec::new(),
        }
    }

    /// The health verdict now: every shard of this process connected and a fact base loaded.
    pub async fn health(&self) -> Health {
        let stages = self.shard_stages().await;
        let expected = *self.expected.lock();
        Health::assess(self.fact_base_loaded.get() == 1, expected, &stages)
    }

    /// The metrics in Prometheus's text format (version 0.0.4), shard stages read now.
    pub async fn render(&self) -> String {
        let health = self.health().await;
        self.shards.clear();
        for stage in ShardStage::ALL {
            let n = health.shards.iter().filter(|(_, s)| *s == stage).count();
            self.shards
                .get_or_create(&Stage {
                    stage: stage.name(),
                })
                .set(i64::try_from(n).unwrap_or(i64::MAX));
        }
        self.shard_connected.clear();
        for (id, stage) in &health.shards {
            self.shard_connected
                .get_or_create(&ShardId {
                    shard: id.to_string(),
                })
                .set(i64::from(*stage == ShardStage::Connected));
        }
        let mut out = String::new();
        prometheus_client::encoding::prometheus_text::encode(&mut out, &self.registry)
            .expect("writing to a String does not fail");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The value of the sample `line_start` (name and labels as written), if present.
    fn sample(text: &str, line_start: &str) -> Option<f64> {
        text.lines()
            .find_map(|l| l.strip_prefix(line_start)?.strip_prefix(' '))
            .map(|v| v.parse().unwrap())
    }

    #[tokio::test]
    async fn commands_are_counted_by_name_and_outcome() {
        let t = Telemetry::new(false);
        let ms = Duration::from_millis;
        t.command("article", Some(Outcome::Answered), ms(3));
        t.command("article", Some(Outcome::Answered), ms(40));
        t.command("article", Some(Outcome::Usage), ms(1));
        t.command("who-said", Some(Outcome::SuggestionOnly), ms(2));
        t.command("who-said", None, ms(2));
        let text = t.render().await;
        let at = |s: &str| sample(&text, s);
        assert_eq!(
            at(r#"factbot_commands_total{command="article",outcome="answered"}"#),
            Some(2.0)
        );
        assert_eq!(
            at(r#"factbot_commands_total{command="article",outcome="usage"}"#),
            Some(1.0)
        );
        assert_eq!(
            at(r#"factbot_commands_total{command="who-said",outcome="suggestion_only"}"#),
            Some(1.0)
        );
        assert_eq!(
            at(r#"factbot_commands_total{command="who-said",outcome="error"}"#),
            Some(1.0)
        );
        assert_eq!(
            at(r#"factbot_answer_latency_seconds_count{command="article"}"#),
            Some(3.0)
        );
        assert_eq!(
            at(r#"factbot_answer_latency_seconds_bucket{le="0.005",command="article"}"#).or(at(
                r#"factbot_answer_latency_seconds_bucket{command="article",le="0.005"}"#
            )),
            Some(2.0),
            "{text}"
        );
        assert!(text.contains("# TYPE factbot_answer_latency_seconds histogram"));
        assert_eq!(t.commands_recorded(), 5);
    }

    #[tokio::test]
    async fn refusals_reloads_and_counts_are_exposed() {
        let t = Telemetry::new(false);
        t.cooldown_refused();
        t.cooldown_refused();
        t.reloaded(None);
        t.reloaded(Some(&[("sources", 2), ("people", 40)]));
        let text = t.render().await;
        assert_eq!(sample(&text, "factbot_cooldown_refusals_total"), Some(2.0));
        assert_eq!(
            sample(&text, r#"factbot_reloads_total{result="ok"}"#),
            Some(1.0)
        );
        assert_eq!(
            sample(&text, r#"factbot_reloads_total{result="failed"}"#),
            Some(1.0)
        );
        assert_eq!(sample(&text, r#"factbot_facts{kind="people"}"#), Some(40.0));
        assert_eq!(sample(&text, "factbot_fact_base_loaded"), Some(1.0));
    }

    #[tokio::test]
    async fn shard_stages_are_read_at_scrape_time() {
        let t = Telemetry::new(false);
        t.fact_base_loaded(&[("sources", 2)]);
        t.expect_shards(Shards {
            first: 2,
            last: 3,
            total: 4,
        });
        let text = t.render().await;
        assert_eq!(
            sample(&text, r#"factbot_shards{stage="not_started"}"#),
            Some(2.0)
        );
        assert!(!t.health().await.ok);
        let stages = std::sync::Arc::new(Mutex::new(vec![(2, ShardStage::Connected)]));
        let view = stages.clone();
        t.watch_shards(Box::new(move || {
            let now = view.lock().clone();
            Box::pin(async move { now })
        }));
        let text = t.render().await;
        assert_eq!(
            sample(&text, r#"factbot_shards{stage="connected"}"#),
            Some(1.0)
        );
        assert_eq!(
            sample(&text, r#"factbot_shard_connected{shard="2"}"#),
            Some(1.0)
        );
        assert_eq!(
            sample(&text, r#"factbot_shard_connected{shard="3"}"#),
            Some(0.0)
        );
        assert!(!t.health().await.ok);
        stages.lock().push((3, ShardStage::Connected));
        assert!(t.health().await.ok);
        assert_eq!(
            sample(&t.render().await, r#"factbot_shards{stage="not_started"}"#),
            Some(0.0)
        );
    }
}
