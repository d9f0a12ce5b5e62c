//! Two `factbot run` processes sharing the bot's shards (0 and 1 of 2), as the README's
//! "Deploying" section splits them: each answers in its own guild, reports its own shard on
//! `/healthz` and `/metrics`, and writes JSON log lines that carry each command's span and
//! never the token. Unix only: it stops the processes with `kill`.
#![cfg(unix)]

mod support;

use std::io::BufRead as _;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::Value;
use support::fake_discord::{shard_for, FakeConfig, FakeDiscord, FakeGuild};
use tokio::sync::mpsc;

const T: Duration = Duration::from_secs(30);

/// One bot process and the JSON lines it has written to stderr so far.
struct Process {
    child: Option<Child>,
    lines: mpsc::UnboundedReceiver<String>,
    seen: Vec<Value>,
    raw: Vec<String>,
}

impl Drop for Process {
    fn drop(&mut self) {
        if let Some(child) = &mut self.child {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Process {
    /// Starts `factbot --log-format json run` on `shard` of 2.
    fn start(fake: &FakeDiscord, dir: &std::path::Path, shard: u32, log_content: bool) -> Process {
        let path = dir.join(format!("shard-{shard}.toml"));
        std::fs::write(
            &path,
            format!(
                "knowledge_dir = {:?}\nlog_content = {log_content}\n\
                 [discord]\nproxy_url = {:?}\nguild_id = {}\n\
                 shards = {{ total = 2, first = {shard}, last = {shard} }}\n\
                 [metrics]\nlisten = \"127.0.0.1:0\"\n",
                support::bot::knowledge_dir().display().to_string(),
                fake.api_base(),
                fake.guild_id(),
            ),
        )
        .unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_factbot"))
            .args([
                "--config",
                path.to_str().unwrap(),
                "--log-format",
                "json",
                "run",
            ])
            .env("DISCORD_TOKEN", fake.token())
            .env_remove("RUST_LOG")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = child.stderr.take().unwrap();
        let (tx, lines) = mpsc::unbounded_channel();
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Process {
            child: Some(child),
            lines,
            seen: Vec::new(),
            raw: Vec::new(),
        }
    }

    /// Waits for a log line matching `pred` (every line must be one JSON object).
    async fn wait_line(&mut self, what: &str, pred: impl Fn(&Value) -> bool) -> Value {
        if let Some(v) = self.seen.iter().find(|v| pred(v)) {
            return v.clone();
        }
        let deadline = tokio::time::Instant::now() + T;
        loop {
            let line = tokio::time::timeout_at(deadline, self.lines.recv())
                .await
                .unwrap_or_else(|_| panic!("no log line {what}; got:\n{}", self.raw.join("\n")))
                .unwrap_or_else(|| panic!("the process ended; got:\n{}", self.raw.join("\n")));
            let v = self.record(line);
            if pred(&v) {
                return v;
            }
        }
    }

    fn record(&mut self, line: String) -> Value {
        let v: Value =
            serde_json::from_str(&line).unwrap_or_else(|e| panic!("not a JSON line ({e}): {line}"));
        assert!(v.is_object(), "{line}");
        self.raw.push(line);
        self.seen.push(v.clone());
        v
    }

    /// The address of the metrics listener, from its log line.
    async fn metrics_addr(&mut self) -> String {
        let line = self
            .wait_line("serving /metrics", |v| {
                v["fields"]["message"] == "serving /metrics and /healthz"
            })
            .await;
        line["fields"]["addr"].as_str().unwrap().to_string()
    }

    /// SIGTERM, then every remaining line until the process exits; its exit must be clean.
    async fn stop(&mut self) {
        let mut child = self.child.take().unwrap();
        let status = Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        while let Ok(Some(line)) = tokio::time::timeout(T, self.lines.recv()).await {
            self.record(line);
        }
        let exit = tokio::task::spawn_blocking(move || child.wait())
            .await
            .unwrap()
            .unwrap();
        assert!(exit.success(), "{exit:?}\n{}", self.raw.join("\n"));
    }
}

async fn get(addr: &str, path: &str) -> (u16, String) {
    let client = reqwest::Client::builder().no_proxy().build().unwrap();
    let response = client
        .get(format!("http://{addr}{path}"))
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

/// The default guild and a copy of it on the other shard of 2, with channels of its own.
fn two_guilds() -> FakeConfig {
    let mut cfg = FakeConfig::default();
    let mut other: FakeGuild = cfg.guilds[0].clone();
    other.id = cfg.guilds[0].id + (1 << 22);
    other.name = "Fact Checkers II".into();
    for channel in &mut other.channels {
        channel.id += 1 << 22;
    }
    assert_ne!(shard_for(other.id, 2), shard_for(cfg.guilds[0].id, 2));
    cfg.guilds.push(other);
    cfg
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_processes_split_the_shards_and_each_reports_its_own() {
    let fake = FakeDiscord::start(two_guilds()).await;
    let dir = tempfile::tempdir().unwrap();
    // Shard 0 logs no message content; shard 1 is configured to.
    let mut procs = [
        Process::start(&fake, dir.path(), 0, false),
        Process::start(&fake, dir.path(), 1, true),
    ];
    let mut addrs = Vec::new();
    for p in &mut procs {
        addrs.push(p.metrics_addr().await);
    }
    for shard in 0..2 {
        assert!(
            fake.wait_for_ready(shard, T).await,
            "shard {shard} never got ready"
        );
    }
    let guilds = fake.config().guilds.clone();
    let bob = fake.user("bob");
    for shard in 0..2u32 {
        let guild = guilds.iter().find(|g| shard_for(g.id, 2) == shard).unwrap();
        let channel = guild.channel_by_name("general").unwrap().id;
        let since = fake.request_count();
        fake.send_message(channel, &bob, "!article 4");
        let route = format!("/channels/{channel}/messages");
        fake.wait_for_since(since, |r| r.is("POST", &route), T)
            .await
            .unwrap_or_else(|| panic!("no reply in the guild of shard {shard}"));

        let p = &mut procs[shard as usize];
        let line = p
            .wait_line("for the command", |v| {
                v["fields"]["message"] == "command handled"
            })
            .await;
        let span = &line["span"];
        assert_eq!(span["name"], "command", "{line}");
        assert_eq!(span["command"], "article", "{line}");
        assert_eq!(span["outcome"], "answered", "{line}");
        assert_eq!(span["guild"], guild.id.to_string(), "{line}");
        assert_eq!(span["channel"], channel.to_string(), "{line}");
        assert_eq!(span["user"], bob.id.to_string(), "{line}");
        assert!(
            span["latency_ms"].as_f64().is_some_and(|ms| ms >= 0.0),
            "{line}"
        );
        if shard == 1 {
            assert_eq!(span["content"], "!article 4", "{line}");
        } else {
            assert!(span.get("content").is_none(), "{line}");
        }

        let addr = &addrs[shard as usize];
        let (status, health) = get(addr, "/healthz").await;
        assert_eq!(status, 200, "{health}");
        assert_eq!(
            health,
            format!("ok\nfact base: loaded\nshard {shard} of 2: connected\n")
        );
        let (_, metrics) = get(addr, "/metrics").await;
        let other = 1 - shard;
        assert!(
            metrics.contains(&format!("factbot_shard_connected{{shard=\"{shard}\"}} 1\n")),
            "{metrics}"
        );
        assert!(
            !metrics.contains(&format!("factbot_shard_connected{{shard=\"{other}\"}}")),
            "{metrics}"
        );
        assert!(
            metrics
                .contains("factbot_commands_total{command=\"article\",outcome=\"answered\"} 1\n"),
            "{metrics}"
        );
        assert!(
            metrics.contains("factbot_shards{stage=\"connected\"} 1\n"),
            "{metrics}"
        );
    }

    for p in &mut procs {
        p.stop().await;
    }
    for (shard, p) in procs.iter().enumerate() {
        let other = &guilds
            .iter()
            .find(|g| shard_for(g.id, 2) != shard as u32)
            .unwrap();
        let other_id = other.id.to_string();
        let commands: Vec<&Value> = p
            .seen
            .iter()
            .filter(|v| v["fields"]["message"] == "command handled")
            .collect();
        assert_eq!(commands.len(), 1, "shard {shard} answered once");
        assert!(
            p.seen
                .iter()
                .all(|v| v["span"]["guild"] != other_id.as_str()),
            "shard {shard} saw nothing of the other guild"
        );
        for line in &p.raw {
            assert!(!line.contains(fake.token()), "the token leaked: {line}");
        }
    }
    assert!(
        procs[0].raw.iter().all(|l| !l.contains("!article 4")),
        "without log_content, what users wrote stays out of the log"
    );
}
