//! The `factbot run` process against the fake Discord: a clean shutdown on SIGTERM and
//! SIGINT, and a token that never reaches the logs. Unix only: it signals the process with
//! `kill`.
#![cfg(unix)]

mod support;

use std::process::{Command, Stdio};
use std::time::Duration;

use support::fake_discord::{FakeConfig, FakeDiscord, GatewayKind};

fn write_config(fake: &FakeDiscord, dir: &std::path::Path) -> std::path::PathBuf {
    let knowledge = support::bot::knowledge_dir();
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

async fn shuts_down_cleanly_on(signal: &str) -> String {
    shuts_down_cleanly_with(FakeConfig::default(), signal).await
}

/// Runs the process until it answers once, signals it, and returns what it logged.
async fn shuts_down_cleanly_with(cfg: FakeConfig, signal: &str) -> String {
    let fake = FakeDiscord::start(cfg).await;
    let dir = tempfile::tempdir().unwrap();
    let config = write_config(&fake, dir.path());
    let child = Command::new(env!("CARGO_BIN_EXE_factbot"))
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
    // A mention reaches the bot even without the Message Content intent.
    let ask = format!("{} article 4", fake.bot_user().mention());
    fake.send_message(general, &fake.user("bob"), &ask);
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
    // Waits on the exit itself; a process still running after 15 s is killed and reported.
    let pid = child.id();
    let output = tokio::time::timeout(
        Duration::from_secs(15),
        tokio::task::spawn_blocking(move || child.wait_with_output()),
    )
    .await
    .unwrap_or_else(|_| {
        let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
        panic!("still running after {signal}")
    })
    .unwrap()
    .unwrap();
    let exit = output.status;
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(exit.success(), "{signal}: exit {exit:?}\n{stderr}");
    assert!(
        !stderr.contains(fake.token()),
        "the token leaked into the log:\n{stderr}"
    );
    // The process may exit before the fake has read the close frame.
    assert!(
        fake.wait_for_gateway(
            |e| e.kind == GatewayKind::ClientClosed,
            Duration::from_secs(5)
        )
        .await
        .is_some(),
        "the shard closed its connection"
    );
    stderr.into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_shuts_the_shards_down() {
    let _ = shuts_down_cleanly_on("-TERM").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigint_shuts_the_shards_down() {
    let _ = shuts_down_cleanly_on("-INT").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_message_content_intent_is_logged_not_silent() {
    let granted = shuts_down_cleanly_on("-TERM").await;
    assert!(!granted.contains("GATEWAY_MESSAGE_CONTENT"), "{granted}");
    let cfg = FakeConfig {
        application_flags: support::fake_discord::APPLICATION_COMMAND_BADGE,
        ..FakeConfig::default()
    };
    let log = shuts_down_cleanly_with(cfg, "-TERM").await;
    assert!(log.contains("prefix commands will not work"), "{log}");
}
