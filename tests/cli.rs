//! The `factbot` binary: subcommands, exit codes and the console loop.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn factbot(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_factbot"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("DISCORD_TOKEN")
        .output()
        .expect("factbot runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn check_prints_counts_per_kind() {
    let o = factbot(&["check"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    for kind in [
        "sources",
        "people",
        "statements",
        "articles",
        "events",
        "terms",
    ] {
        assert!(out.contains(kind), "{out}");
    }
}

#[test]
fn ask_answers_with_citations_and_exit_0_even_when_not_found() {
    let o = factbot(&["ask", "!article 4"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(
        out.contains("eastward expansion") && out.contains("— Putin's Ultimatum"),
        "{out}"
    );
    let o = factbot(&["ask", "!who-said blinkin"]);
    assert!(stdout(&o).contains("Antony Blinken"));
    let o = factbot(&["ask", "!timeline 2014"]);
    assert!(stdout(&o).contains("Minsk"));
    let o = factbot(&["ask", "!who-said zzzzqqqq"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("nothing on"), "{}", stdout(&o));
    // Without the prefix, ask takes the message as a command anyway.
    assert!(stdout(&factbot(&["ask", "article 4"])).contains("eastward expansion"));
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(factbot(&[]).status.code(), Some(2));
    assert_eq!(factbot(&["ask"]).status.code(), Some(2));
    assert_eq!(factbot(&["frobnicate"]).status.code(), Some(2));
}

#[test]
fn broken_config_or_knowledge_exits_1() {
    let dir = std::env::temp_dir().join(format!("factbot-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad_config = dir.join("bad.toml");
    std::fs::write(&bad_config, "prefix = 3\n").unwrap();
    let o = factbot(&["--config", bad_config.to_str().unwrap(), "ask", "!help"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("bad.toml"), "{}", stderr(&o));

    let missing_kb = dir.join("missing-kb.toml");
    std::fs::write(&missing_kb, "knowledge_dir = \"nowhere\"\n").unwrap();
    let o = factbot(&["--config", missing_kb.to_str().unwrap(), "check"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("nowhere"), "{}", stderr(&o));

    let o = factbot(&[
        "--config",
        dir.join("absent.toml").to_str().unwrap(),
        "check",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn run_without_token_fails_before_connecting() {
    let o = factbot(&["run"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("DISCORD_TOKEN"), "{}", stderr(&o));
}

#[test]
fn json_logs_say_why_the_bot_stopped_as_json_too() {
    let o = factbot(&["--log-format", "json", "run"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    let lines: Vec<serde_json::Value> = err
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    let last = lines.last().expect("a line");
    assert_eq!(last["level"], "ERROR", "{err}");
    assert!(
        last["fields"]["error"]
            .as_str()
            .is_some_and(|e| e.contains("DISCORD_TOKEN")),
        "{err}"
    );
    let bad = factbot(&["--log-format", "xml", "check"]);
    assert_eq!(bad.status.code(), Some(2), "clap rejects unknown formats");
}

#[test]
fn console_chats_until_quit_or_eof() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_factbot"))
        .arg("console")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"!define swift\n\n!quit\n!article 4\n")
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success());
    let out = stdout(&o);
    assert!(out.contains("SWIFT"), "{out}");
    assert!(!out.contains("eastward"), "stopped at !quit: {out}");

    let o = Command::new(env!("CARGO_BIN_EXE_factbot"))
        .arg("console")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(o.status.success(), "EOF ends the console");
}

#[test]
fn timeline_prints_the_list_and_writes_the_picture() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("t2014.png");
    let o = factbot(&["timeline", "2014", "--png", file.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("Minsk"), "{}", stdout(&o));
    let written = std::fs::read(&file).expect("the picture");
    let chart = factbot_testkit::shipped_engine()
        .run("timeline", "2014")
        .timeline
        .expect("a chart");
    assert!(
        written == factbot_chart::png(&chart).unwrap(),
        "the same picture the Discord reply carries"
    );
    // Words after `timeline` are one query.
    let o = factbot(&["timeline", "December", "2021"]);
    assert!(stdout(&o).contains("December 2021"), "{}", stdout(&o));

    // No events: the list says so, and no picture is written.
    let none = dir.path().join("none.png");
    let o = factbot(&["timeline", "1066", "--png", none.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("no picture"), "{}", stderr(&o));
    assert!(!none.exists());
}
