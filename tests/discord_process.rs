//! The `factbot run` process against the fake Discord: a clean shutdown on SIGTERM and
//! SIGINT, and a token that never reaches the logs.

mod support;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use support::fake_discord::{FakeConfig, FakeDiscord, GatewayKind};

fn write_config(fake: &FakeDiscord, dir: &std::path::Path) -> std::path::PathBuf {
    let knowledge = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge");
    let path = dir.join("config.toml");
    std::fs::write(
        &path,
        format!(
            "knowledge_dir = {:?}\n[discord]\nproxy_url = {:?}\nguild_id = {}\nshards = {{ total = 1, first = 0, last = 0 }}\n",
            knowledge.display().to_string(),
            fake.api_base(),
            fake.guild_id()
        ),
    )
    .unwrap();
    path
}

async fn shuts_down_cleanly_on(signal: &str) {
    let fake = FakeDiscord::start(FakeConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(&fake, dir.path());
    let mut child = Command::new(env!("CARGO_BIN_EXE_factbot"))
        .args(["--config", config.to_str().unwrap(), "run"])
        .env("DISCORD_TOKEN", fake.token())
        .env_remove("RUST_LOG")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    assert!(
        fake.wait_for_ready(0, Duration::from_secs(30)).await,
        "never ready"
    );
    let general = fake.channel_id("general");
    let since = fake.request_count();
    fake.send_message(general, &fake.user("bob"), "!article 4");
    fake.wait_for_since(
        since,
        |r| r.method == "POST" && r.route.ends_with("/messages"),
        Duration::from_secs(20),
    )
    .await
    .expect("the process answers");

    let status = Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let started = Instant::now();
    let exit = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        assert!(
            started.elapsed() < Duration::from_secs(15),
            "still running after {signal}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(exit.success(), "{signal}: exit {exit:?}\n{stderr}");
    assert!(
        !stderr.contains(fake.token()),
        "the token leaked into the log:\n{stderr}"
    );
    assert!(
        fake.gateway_events()
            .iter()
            .any(|e| matches!(e.kind, GatewayKind::ClientClosed)),
        "the shard closed its connection"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_shuts_the_shards_down() {
    shuts_down_cleanly_on("-TERM").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigint_shuts_the_shards_down() {
    shuts_down_cleanly_on("-INT").await;
}
