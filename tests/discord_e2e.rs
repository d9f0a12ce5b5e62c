//! End-to-end: the real bot (`factbot::discord::run`) against the fake Discord in
//! `tests/support/fake_discord`, REST through `proxy_url`.
//!
//! Answer *content* comes from the engine; these tests assert on structure (embeds, buttons,
//! allowed mentions, routes) except where noted.

mod support;

use std::sync::Arc;
use std::time::Duration;

use factbot::config::{Config, Sharding};
use factbot::discord::DiscordError;
use serde_json::{json, Value};
use support::barrier::{barrier, posts_between};
use support::bot::{self, init_logs, proxied_config};
use support::fake_discord::{FakeConfig, FakeDiscord, FakeUser, GatewayKind, Recorded};
use tokio::task::JoinHandle;

const T: Duration = Duration::from_secs(20);

struct Bot {
    task: Option<JoinHandle<Result<(), DiscordError>>>,
}

impl Bot {
    async fn finish(mut self, timeout: Duration) -> Result<(), DiscordError> {
        let task = self.task.take().unwrap();
        tokio::time::timeout(timeout, task)
            .await
            .expect("bot did not stop in time")
            .expect("bot task panicked")
    }
}

impl Drop for Bot {
    fn drop(&mut self) {
        if let Some(t) = &self.task {
            t.abort();
        }
    }
}

fn spawn_bot(fake: &FakeDiscord, config: Config) -> Bot {
    init_logs();
    let engine = bot::engine(&config);
    let token = factbot::discord::Token::new(fake.token()).unwrap();
    Bot {
        task: Some(tokio::spawn(factbot::discord::run(config, engine, token))),
    }
}

/// Starts the bot and waits until it is ready and has registered its commands.
/// The fake with its default guild, the bot started against it through the API proxy, and
/// the `general` channel: where most tests begin.
async fn started() -> (FakeDiscord, Bot, u64) {
    let fake = FakeDiscord::start(FakeConfig::default()).await;
    let bot = start(&fake, proxied_config(&fake)).await;
    let general = fake.channel_id("general");
    (fake, bot, general)
}

async fn start(fake: &FakeDiscord, config: Config) -> Bot {
    let bot = spawn_bot(fake, config);
    assert!(fake.wait_for_ready(0, T).await, "shard 0 never got ready");
    fake.wait_for(|r| r.method == "PUT" && r.route.ends_with("/commands"), T)
        .await
        .expect("commands were not registered");
    bot
}

fn bot_posts(fake: &FakeDiscord, channel: u64, since: usize) -> Vec<Recorded> {
    posts_between(fake, channel, since, usize::MAX)
}

/// Sends `text` as `user` in `channel`; the body of the bot's reply.
async fn ask(fake: &FakeDiscord, channel: u64, user: &FakeUser, text: &str) -> Value {
    ask_for_post(fake, channel, user, text)
        .await
        .body
        .expect("a JSON body")
}

/// Sends `text` as `user` in `channel`; the bot's recorded `POST` of its reply.
async fn ask_for_post(fake: &FakeDiscord, channel: u64, user: &FakeUser, text: &str) -> Recorded {
    let since = fake.request_count();
    fake.send_message(channel, user, text);
    wait_post(fake, channel, since).await
}

async fn wait_post(fake: &FakeDiscord, channel: u64, since: usize) -> Recorded {
    let route = format!("/channels/{channel}/messages");
    fake.wait_for_since(since, |r| r.is("POST", &route), T)
        .await
        .expect("the bot did not reply")
}

/// The id of the message a recorded `POST …/messages` created.
fn created_id(post: &Recorded) -> u64 {
    post.response_id()
        .expect("the fake answered with the message")
}

/// The visible text of the channel message an interaction was answered with (type 4).
async fn channel_message_text(
    fake: &FakeDiscord,
    interaction: &support::fake_discord::FakeInteraction,
    what: &str,
) -> String {
    let body = fake
        .wait_for_interaction_response(interaction, T)
        .await
        .expect(what)
        .body
        .unwrap();
    assert_eq!(body["type"], 4, "{what}: {body}");
    visible_text(&body["data"])
}

/// Everything the user sees in a message body (content + embed texts), markdown escapes
/// removed.
fn visible_text(body: &Value) -> String {
    let mut out = body["content"].as_str().unwrap_or("").to_string();
    for e in body["embeds"].as_array().into_iter().flatten() {
        for key in ["title", "description"] {
            out.push('\n');
            out.push_str(e[key].as_str().unwrap_or(""));
        }
        for f in e["fields"].as_array().into_iter().flatten() {
            out.push('\n');
            out.push_str(f["name"].as_str().unwrap_or(""));
            out.push('\n');
            out.push_str(f["value"].as_str().unwrap_or(""));
        }
        out.push('\n');
        out.push_str(e["footer"]["text"].as_str().unwrap_or(""));
    }
    unescape_markdown(&out)
}

/// Text as Discord shows it: a backslash before ASCII punctuation is markdown's escape.
fn unescape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && chars.peek().is_some_and(|n| n.is_ascii_punctuation()) {
            out.push(chars.next().unwrap());
        } else {
            out.push(c);
        }
    }
    out
}

fn assert_mentions_nobody(body: &Value) {
    let am = &body["allowed_mentions"];
    assert_eq!(am["parse"], json!([]), "allowed_mentions: {am}");
    assert!(am["users"].as_array().is_none_or(|a| a.is_empty()));
    assert!(am["roles"].as_array().is_none_or(|a| a.is_empty()));
    assert_ne!(am["replied_user"], json!(true));
}

fn custom_ids(body: &Value) -> Vec<String> {
    body["components"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|row| row["components"].as_array().cloned().unwrap_or_default())
        .filter_map(|b| b["custom_id"].as_str().map(str::to_string))
        .collect()
}

fn bob(fake: &FakeDiscord) -> FakeUser {
    fake.user("bob")
}
fn alice(fake: &FakeDiscord) -> FakeUser {
    fake.user("alice")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn prefix_round_trip_with_embed_buttons_and_no_mentions() {
    let (fake, _bot, general) = started().await;
    let since = fake.request_count();
    fake.send_message(general, &bob(&fake), "!sources");
    let post = wait_post(&fake, general, since).await;
    let body = post.body.expect("json body");
    assert_mentions_nobody(&body);
    assert!(
        body["message_reference"]["message_id"].is_string(),
        "a reply: {body}"
    );
    let embed = &body["embeds"][0];
    assert!(!embed["title"].as_str().unwrap().is_empty());
    assert!(embed["color"].is_number());
    let ids = custom_ids(&body);
    assert!(
        ids.iter().any(|id| id.starts_with("factbot:delete:")),
        "{ids:?}"
    );
    // exactly one reply
    let b = barrier(&fake, general, &bob(&fake)).await;
    assert_eq!(posts_between(&fake, general, since, b).len(), 1);

    // mention prefix
    let mention = format!("{} sources", fake.bot_user().mention());
    let body = ask(&fake, general, &bob(&fake), &mention).await;
    assert!(body["embeds"][0]["title"].is_string());

    // other bots and webhooks are ignored
    let since = fake.request_count();
    let other_bot = FakeUser::bot(4242, "otherbot");
    fake.send_message(general, &other_bot, "!sources");
    fake.send_message_with(
        general,
        &bob(&fake),
        "!sources",
        json!({"webhook_id": "777"}),
    );
    let b = barrier(&fake, general, &bob(&fake)).await;
    assert!(posts_between(&fake, general, since, b).is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn registration_payload_in_the_configured_guild() {
    let fake = FakeDiscord::start(FakeConfig::default()).await;
    let _bot = start(&fake, proxied_config(&fake)).await;
    let put = fake
        .wait_for(|r| r.method == "PUT" && r.route.ends_with("/commands"), T)
        .await
        .unwrap();
    assert_eq!(
        put.route,
        format!(
            "/applications/{}/guilds/{}/commands",
            fake.application_id(),
            fake.guild_id()
        )
    );
    let cmds = put.body.unwrap();
    let names: Vec<&str> = cmds
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    for want in [
        "article",
        "who-said",
        "timeline",
        "who",
        "define",
        "search",
        "check",
        "sources",
        "help",
        "about",
        "reload",
        "Check facts",
    ] {
        assert!(names.contains(&want), "{want} missing from {names:?}");
    }
    let menu = cmds
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "Check facts")
        .unwrap();
    assert_eq!(menu["type"], 3);
    // The payload's options and choices are unit-tested where it is built
    // (registration_payload_is_within_discord_limits in src/discord/commands/mod.rs); here,
    // that it reached the guild and only the guild.
    assert!(fake.global_commands().is_empty());
    assert!(!fake.guild_commands(fake.guild_id()).is_empty());

    // Russian and Ukrainian descriptions reached Discord (which checks their locales and
    // lengths) for every slash command and option; names stay English.
    for c in cmds.as_array().unwrap().iter().filter(|c| c["type"] == 1) {
        let name = c["name"].as_str().unwrap();
        assert!(name.is_ascii(), "{name}");
        for locale in ["ru", "uk"] {
            assert!(
                c["description_localizations"][locale].is_string(),
                "{name} {locale}: {c}"
            );
            for o in c["options"].as_array().into_iter().flatten() {
                assert!(o["name"].as_str().unwrap().is_ascii());
                assert!(
                    o["description_localizations"][locale].is_string(),
                    "{name}.{} {locale}",
                    o["name"]
                );
            }
        }
    }
    let check = cmds
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "check")
        .unwrap();
    assert_eq!(
        check["description_localizations"]["uk"],
        "Знайти уривки, що стосуються твердження"
    );
    let private = check["options"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["name"] == "private")
        .expect("check takes private");
    assert_eq!(private["type"], 5);
    assert_ne!(private["required"], true);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slash_autocomplete_and_context_menu_round_trips() {
    let (fake, _bot, general) = started().await;

    let i = fake.send_slash_command(
        general,
        &bob(&fake),
        "article",
        json!([
            {"name": "number", "type": 4, "value": 4},
            {"name": "draft", "type": 4, "value": 1}
        ]),
    );
    let resp = fake
        .wait_for_interaction_response(&i, T)
        .await
        .expect("slash answered");
    let body = resp.body.unwrap();
    assert_eq!(body["type"], 4, "{body}");
    assert!(body["data"]["embeds"][0]["title"].is_string());
    assert_mentions_nobody(&body["data"]);
    assert!(resp.status < 300);
    // Engine content: article 4 of the NATO draft.
    let text = visible_text(&body["data"]);
    assert!(
        text.contains("Article 4") && text.contains("NATO"),
        "{text}"
    );

    let i = fake.send_autocomplete(
        general,
        &bob(&fake),
        "who-said",
        json!([
            {"name": "who", "type": 3, "value": "blin", "focused": true}
        ]),
    );
    let resp = fake
        .wait_for_interaction_response(&i, T)
        .await
        .expect("autocomplete answered");
    let body = resp.body.unwrap();
    assert_eq!(body["type"], 8, "{body}");
    let choices = body["data"]["choices"].as_array().expect("choices");
    assert!(choices.len() <= 25);
    assert!(choices
        .iter()
        .all(|c| c["name"].as_str().unwrap().chars().count() <= 100));
    // Engine content: "blin" completes to Antony Blinken.
    assert!(
        choices
            .iter()
            .any(|c| c["name"].as_str().unwrap().contains("Blinken")),
        "{choices:?}"
    );

    let target = fake.send_message(general, &bob(&fake), "NATO promised not to expand eastward");
    let i = fake.send_message_command(general, &bob(&fake), "Check facts", target);
    let resp = fake
        .wait_for_interaction_response(&i, T)
        .await
        .expect("context menu answered");
    let body = resp.body.unwrap();
    assert_eq!(body["type"], 4);
    assert_eq!(
        body["data"]["flags"].as_u64().unwrap() & 64,
        64,
        "ephemeral: {body}"
    );
    assert_mentions_nobody(&body["data"]);
}

/// `/help` speaks slash syntax to slash users and `!help` prefix syntax to prefix users.
/// (Before, /help told slash users to type `!article …`.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn help_is_written_in_the_syntax_it_was_asked_in() {
    let (fake, _bot, general) = started().await;

    let i = fake.send_slash_command(
        general,
        &bob(&fake),
        "help",
        json!([{"name": "command", "type": 3, "value": "article"}]),
    );
    let slash = channel_message_text(&fake, &i, "/help answered").await;
    assert!(
        slash.contains("/article number:N [draft:us|nato]"),
        "the synopsis in slash syntax: {slash}"
    );
    assert!(
        slash.contains("Examples: /article number:4"),
        "examples in slash syntax: {slash}"
    );
    assert!(!slash.contains("!article 4"), "no prefix syntax: {slash}");

    let prefix = visible_text(&ask(&fake, general, &bob(&fake), "!help article").await);
    assert!(
        prefix.contains("!article N [us|nato]"),
        "the synopsis in prefix syntax: {prefix}"
    );
    assert!(
        prefix.contains("!article IV us"),
        "examples in prefix syntax: {prefix}"
    );
    assert!(
        !prefix.contains("/article number:"),
        "no slash syntax: {prefix}"
    );
}

/// `/article number:4 draft:us` is the US draft's article 4, built from the options as the
/// bot registered them; `!article us nato 4` names both drafts and is told so.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn article_drafts_from_slash_options_and_from_text() {
    let (fake, _bot, general) = started().await;

    // The `draft` option as registered: its type and the value Discord sends for "us".
    let commands = fake.guild_commands(fake.guild_id());
    let article = commands
        .iter()
        .find(|c| c["name"] == "article")
        .expect("article registered");
    let draft = article["options"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["name"] == "draft")
        .expect("a draft option");
    let us = draft["choices"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "us")
        .expect("a choice named us")["value"]
        .clone();
    let i = fake.send_slash_command(
        general,
        &bob(&fake),
        "article",
        json!([
            {"name": "number", "type": 4, "value": 4},
            {"name": "draft", "type": draft["type"], "value": us}
        ]),
    );
    let text = channel_message_text(&fake, &i, "/article answered").await;
    assert!(
        text.contains("Article 4 of the US draft"),
        "the US draft's article 4: {text}"
    );
    assert!(!text.contains("NATO draft"), "only the US draft: {text}");

    let text = visible_text(&ask(&fake, general, &bob(&fake), "!article us nato 4").await);
    assert!(text.contains("That names both drafts"), "{text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn edits_update_and_deletions_delete_the_reply() {
    let (fake, _bot, general) = started().await;
    let since = fake.request_count();
    let msg = fake.send_message(general, &bob(&fake), "!sources");
    let reply_id = created_id(&wait_post(&fake, general, since).await);
    let route = format!("/channels/{general}/messages/{reply_id}");
    // poise's edit tracker learns the reply once the POST returns; an edit before that would
    // be answered anew (execute_untracked_edits).
    barrier(&fake, general, &bob(&fake)).await;

    let since = fake.request_count();
    fake.edit_message(general, msg, "!help");
    let patch = fake
        .wait_for_since(since, |r| r.is("PATCH", &route), T)
        .await
        .expect("reply edited");
    assert_mentions_nobody(patch.body.as_ref().unwrap());
    assert!(
        bot_posts(&fake, general, since).is_empty(),
        "edit must not post a new reply"
    );

    let since = fake.request_count();
    fake.delete_message(general, msg);
    fake.wait_for_since(since, |r| r.is("DELETE", &route), T)
        .await
        .expect("reply deleted");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_commands_get_the_engine_answer_and_edits_fix_them() {
    let (fake, _bot, general) = started().await;
    let since = fake.request_count();
    let msg = fake.send_message(general, &bob(&fake), "!artcle 4");
    let post = wait_post(&fake, general, since).await;
    let reply_id = created_id(&post);
    let body = post.body.unwrap();
    assert_mentions_nobody(&body);
    // Engine content: the real engine answers with a "did you mean article" usage answer.
    assert!(body["embeds"][0]["title"].is_string());
    // The edit tracker learns the reply once the POST returns.
    barrier(&fake, general, &bob(&fake)).await;
    let since = fake.request_count();
    fake.edit_message(general, msg, "!article 4");
    let route = format!("/channels/{general}/messages/{reply_id}");
    fake.wait_for_since(since, |r| r.is("PATCH", &route), T)
        .await
        .expect("the did-you-mean reply is edited into the answer");
    assert!(bot_posts(&fake, general, since).is_empty());
}

fn has_embed(body: &Value) -> bool {
    body["embeds"].as_array().is_some_and(|e| !e.is_empty())
}

/// Two commands a minute, so that the third within the minute is over the cooldown.
fn tight_cooldown(fake: &FakeDiscord) -> Config {
    let mut config = proxied_config(fake);
    config.discord.cooldown_commands = std::num::NonZeroU32::new(2).unwrap();
    config.discord.cooldown_seconds = std::num::NonZeroU64::new(60).unwrap();
    config
}

/// The cooldown in real time: only "over the limit" is tested here (one command after
/// another, each after the previous reply, so that they are checked in sending order). The
/// window passing and idle users being forgotten are unit tests under a paused clock in
/// `src/discord/cooldown.rs`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cooldown_gives_one_notice_then_silence() {
    let fake = FakeDiscord::start(FakeConfig::default()).await;
    let _bot = start(&fake, tight_cooldown(&fake)).await;
    let general = fake.channel_id("general");
    for _ in 0..2 {
        let body = ask(&fake, general, &bob(&fake), "!sources").await;
        assert!(has_embed(&body), "answered within the limit: {body}");
    }
    let notice = ask(&fake, general, &bob(&fake), "!sources").await;
    assert!(
        notice["content"].as_str().unwrap().contains("Slow down"),
        "{notice}"
    );
    assert_mentions_nobody(&notice);
    // Over the limit again: silence. The sentinel comes from alice, whom no cooldown limits.
    let since = fake.request_count();
    fake.send_message(general, &bob(&fake), "!sources");
    let b = barrier(&fake, general, &alice(&fake)).await;
    assert!(
        posts_between(&fake, general, since, b).is_empty(),
        "one notice per spell, then silence"
    );

    // moderators (alice: owner with the Moderator role) are exempt
    let since = fake.request_count();
    for _ in 0..3 {
        let body = ask(&fake, general, &alice(&fake), "!sources").await;
        assert!(has_embed(&body), "a moderator is answered: {body}");
    }
    let b = barrier(&fake, general, &alice(&fake)).await;
    assert_eq!(posts_between(&fake, general, since, b).len(), 3);
}

/// Aliases are commands like their names: a moderator over the cooldown is still answered
/// through them, a non-moderator over it gets the one notice. (Before, aliases other than
/// `whosaid`/`who_said` took the unknown-command path, where moderators were not exempt and
/// nobody was told to slow down.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn aliases_keep_the_moderator_exemption_and_the_cooldown_notice() {
    use support::fake_discord::{FakeMember, FakeRole};
    let mut cfg = FakeConfig::default();
    // carol is a moderator only by a role named in `moderator_roles` (no Manage Messages).
    let fact_mods = FakeRole {
        id: 1_090_000_000_000_000_303,
        name: "Fact Mods".into(),
        permissions: cfg.guilds[0].everyone_permissions,
        position: 1,
        managed: false,
        bot_id: None,
    };
    let carol = FakeUser::human(1_090_000_000_000_000_203, "carol");
    cfg.guilds[0].members.push(FakeMember {
        user: carol.clone(),
        roles: vec![fact_mods.id],
        nick: None,
    });
    cfg.guilds[0].roles.push(fact_mods);
    let fake = FakeDiscord::start(cfg).await;
    let mut config = tight_cooldown(&fake);
    config.discord.moderator_roles = vec!["Fact Mods".into()];
    let _bot = start(&fake, config).await;
    let general = fake.channel_id("general");

    // Moderators: alice by Manage Messages, carol by role. Four commands each, two over.
    for moderator in [alice(&fake), carol] {
        for (text, expect) in [
            ("!art 4", "eastward expansion"),
            ("!quote Blinken", "Blinken"),
            ("!art IV us", "eastward expansion"),
            ("!quote Blinken", "Blinken"),
        ] {
            let text_seen = visible_text(&ask(&fake, general, &moderator, text).await);
            assert!(
                text_seen.contains(expect),
                "{} over the cooldown, {text:?}: {text_seen}",
                moderator.username
            );
        }
    }

    // bob: two answers, then one notice, then silence, all through aliases.
    for text in ["!art 4", "!quote Blinken"] {
        let body = ask(&fake, general, &bob(&fake), text).await;
        assert!(has_embed(&body), "{text} within the limit: {body}");
    }
    let notice = ask(&fake, general, &bob(&fake), "!art 4").await;
    assert!(
        notice["content"]
            .as_str()
            .is_some_and(|c| c.contains("Slow down")),
        "the cooldown notice for an alias: {notice}"
    );
    let since = fake.request_count();
    fake.send_message(general, &bob(&fake), "!quote Blinken");
    let b = barrier(&fake, general, &alice(&fake)).await;
    assert!(
        posts_between(&fake, general, since, b).is_empty(),
        "one notice per spell, then silence"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reload_is_for_moderators_and_keeps_the_old_base_on_errors() {
    let fake = FakeDiscord::start(FakeConfig::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let kdir = dir.path().join("knowledge");
    factbot_testkit::copy_dir(&bot::knowledge_dir(), &kdir);
    let mut config = proxied_config(&fake);
    config.knowledge_dir = kdir.clone();
    let _bot = start(&fake, config).await;
    let general = fake.channel_id("general");

    let body = ask(&fake, general, &bob(&fake), "!reload").await;
    assert!(
        body["content"].as_str().unwrap().contains("may not"),
        "{body}"
    );

    // A good reload swaps in the edited base: a term added to the copy becomes answerable.
    let mut terms = std::fs::read_to_string(kdir.join("terms.toml")).unwrap();
    terms.push_str(
        "\n[[term]]\nid = \"test-added\"\nterm = \"Zyxwvutian doctrine\"\nexplanation = \"the parties will refrain from deploying nuclear weapons\"\nsource = \"jafarli\"\nexcerpts = [\"The seventh article stipulates that the parties will refrain from deploying nuclear weapons outside their national territories and return such weapons already deployed outside their national territories to their national territories.\"]\n",
    );
    std::fs::write(kdir.join("terms.toml"), terms).unwrap();
    let before =
        visible_text(&ask(&fake, general, &bob(&fake), "!define Zyxwvutian doctrine").await);
    // The new term's explanation, as labelled: only the added term shows it.
    let added = "In the fact base's words: the parties will refrain from deploying nuclear weapons";
    assert!(!before.contains(added), "{before}");
    let text = visible_text(&ask(&fake, general, &alice(&fake), "!reload").await);
    assert!(text.contains("Fact base reloaded"), "{text}");
    let after =
        visible_text(&ask(&fake, general, &bob(&fake), "!define Zyxwvutian doctrine").await);
    assert!(after.contains(added), "{after}");

    // A broken reload lists the errors and keeps the last good base answering.
    std::fs::write(kdir.join("sources.toml"), "this is [not valid toml").unwrap();
    let body = ask(&fake, general, &alice(&fake), "!reload").await;
    let text = visible_text(&body);
    assert!(text.contains("Reload failed"), "{text}");
    assert!(
        text.contains("sources.toml"),
        "the errors are listed: {text}"
    );
    let kept = visible_text(&ask(&fake, general, &bob(&fake), "!define Zyxwvutian doctrine").await);
    assert!(kept.contains(added), "the old base still answers: {kept}");

    // slash form, by a non-moderator
    let i = fake.send_slash_command(general, &bob(&fake), "reload", json!([]));
    let resp = fake.wait_for_interaction_response(&i, T).await.unwrap();
    let body = resp.body.unwrap();
    assert!(
        body["data"]["content"]
            .as_str()
            .unwrap()
            .contains("may not"),
        "{body}"
    );
    assert_eq!(body["data"]["flags"].as_u64().unwrap_or(0) & 64, 64);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replies_ping_nobody() {
    let (fake, _bot, general) = started().await;
    let role = 1_090_000_000_000_000_302u64;
    for text in [
        format!("!search @everyone <@&{role}> @here"),
        format!("!nosuchcommand @everyone <@&{role}>"),
        "!who @everyone".to_string(),
    ] {
        let since = fake.request_count();
        fake.send_message(general, &bob(&fake), &text);
        let body = wait_post(&fake, general, since).await.body.unwrap();
        assert_mentions_nobody(&body);
        let visible = visible_text(&body);
        assert!(
            !visible.contains("@everyone") && !visible.contains("@here"),
            "{visible}"
        );
        assert!(!visible.contains(&format!("<@&{role}>")), "{visible}");
    }
}

/// `user` asks once and is answered once: a replayed or doubly dispatched MESSAGE_CREATE
/// would be answered before the barrier's sentinel.
async fn answered_once(fake: &FakeDiscord, general: u64, user: &FakeUser) {
    let since = fake.request_count();
    fake.send_message(general, user, "!sources");
    wait_post(fake, general, since).await;
    let b = barrier(fake, general, user).await;
    assert_eq!(
        posts_between(fake, general, since, b).len(),
        1,
        "answered exactly once"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn recovers_from_reconnect_invalid_session_and_dropped_connections() {
    let (fake, _bot, general) = started().await;
    let user = bob(&fake);

    let g = fake.gateway_count();
    assert!(fake.send_reconnect(0) > 0);
    fake.wait_for_gateway_since(g, |r| r.kind == GatewayKind::Resume, T)
        .await
        .expect("resumed after op 7");
    assert!(fake.wait_for_ready(0, T).await);
    answered_once(&fake, general, &user).await;

    let g = fake.gateway_count();
    assert!(fake.send_invalid_session(0, false) > 0);
    fake.wait_for_gateway_since(
        g,
        |r| r.kind == GatewayKind::Identify,
        Duration::from_secs(30),
    )
    .await
    .expect("identified again after op 9");
    assert!(fake.wait_for_ready(0, T).await);
    answered_once(&fake, general, &user).await;

    let g = fake.gateway_count();
    assert!(fake.drop_shard(0) > 0);
    fake.wait_for_gateway_since(
        g,
        |r| r.kind == GatewayKind::Resume || r.kind == GatewayKind::Identify,
        Duration::from_secs(30),
    )
    .await
    .expect("reconnected after a dropped connection");
    assert!(fake.wait_for_ready(0, T).await);
    answered_once(&fake, general, &user).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_shards_identify_with_their_ids() {
    let fake = FakeDiscord::start(FakeConfig::default()).await;
    let mut config = proxied_config(&fake);
    config.discord.shards = Sharding::Range {
        total: 2,
        first: 0,
        last: 1,
    };
    let _bot = spawn_bot(&fake, config);
    assert!(fake.wait_for_ready(0, T).await);
    assert!(fake.wait_for_ready(1, Duration::from_secs(30)).await);
    let mut shards: Vec<Value> = fake
        .identifies()
        .iter()
        .map(|r| r.payload["shard"].clone())
        .collect();
    shards.sort_by_key(|s| s[0].as_u64());
    assert_eq!(shards, vec![json!([0, 2]), json!([1, 2])]);
    assert_eq!(fake.live_shards(), vec![[0, 2], [1, 2]]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn auto_sharding_uses_the_recommended_count() {
    let fake = FakeDiscord::start(FakeConfig::default()).await;
    let mut config = proxied_config(&fake);
    config.discord.shards = Sharding::default();
    let _bot = spawn_bot(&fake, config);
    assert!(fake.wait_for_ready(0, T).await);
    assert_eq!(fake.identifies()[0].payload["shard"], json!([0, 1]));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn gateway_close_4004_ends_with_token_rejected() {
    let fake = FakeDiscord::start(FakeConfig::default()).await;
    let bot = start(&fake, proxied_config(&fake)).await;
    assert!(fake.close_shard(0, 4004, "Authentication failed.") > 0);
    let result = bot.finish(Duration::from_secs(30)).await;
    assert!(
        matches!(result, Err(DiscordError::TokenRejected)),
        "{result:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_token_is_rejected_before_connecting() {
    let fake = FakeDiscord::start(FakeConfig::default()).await;
    init_logs();
    let config = proxied_config(&fake);
    let engine = bot::engine(&config);
    let result = tokio::time::timeout(
        Duration::from_secs(20),
        factbot::discord::run(
            config,
            engine,
            factbot::discord::Token::new("FAKE.TOKEN.wrong").unwrap(),
        ),
    )
    .await
    .expect("no retry loop");
    assert!(
        matches!(result, Err(DiscordError::TokenRejected)),
        "{result:?}"
    );
    assert!(fake.identifies().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_invoker_may_delete_the_reply() {
    let (fake, _bot, general) = started().await;
    let since = fake.request_count();
    fake.send_message(general, &bob(&fake), "!help");
    // The buttons' state is stored before the reply is sent, so a click may follow at once.
    let post = wait_post(&fake, general, since).await;
    let reply_id = created_id(&post);
    let body = post.body.unwrap();
    let ids = custom_ids(&body);
    let delete = ids
        .iter()
        .find(|i| i.starts_with("factbot:delete:"))
        .unwrap()
        .clone();
    // the invoker may delete
    let i = fake.send_component_click(general, &bob(&fake), reply_id, &delete);
    fake.wait_for_interaction_response(&i, T).await.unwrap();
    let route = format!("/channels/{general}/messages/{reply_id}");
    fake.wait_for(|r| r.is("DELETE", &route), T)
        .await
        .expect("deleted");
}

/// Adds a text channel where an overwrite denies the bot `deny`.
fn deny_the_bot(cfg: &mut FakeConfig, id: u64, name: &str, deny: u64) {
    use support::fake_discord::{FakeChannel, FakeOverwrite};
    let mut channel = FakeChannel::text(id, name, 2);
    channel.overwrites.push(FakeOverwrite {
        id: cfg.bot_user.id,
        kind: 1,
        allow: 0,
        deny,
    });
    cfg.guilds[0].channels.push(channel);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plain_text_where_the_bot_may_not_embed() {
    use support::fake_discord::perms;
    let mut cfg = FakeConfig::default();
    deny_the_bot(
        &mut cfg,
        1_090_000_000_000_000_499,
        "no-embeds",
        perms::EMBED_LINKS,
    );
    let fake = FakeDiscord::start(cfg).await;
    let _bot = start(&fake, proxied_config(&fake)).await;
    let channel = fake.channel_id("no-embeds");
    let body = ask(&fake, channel, &bob(&fake), "!article 4").await;
    assert!(
        body["embeds"].as_array().is_none_or(|e| e.is_empty()),
        "no embeds without Embed Links: {body}"
    );
    let content = body["content"].as_str().unwrap();
    assert!(content.contains("eastward expansion"), "{content}");
    assert!(content.chars().count() <= 2000);
    assert_mentions_nobody(&body);

    let since = fake.request_count();
    fake.send_message(
        channel,
        &bob(&fake),
        "!who-said @everyone <@&1090000000000000302>",
    );
    let body = wait_post(&fake, channel, since).await.body.unwrap();
    let content = body["content"].as_str().unwrap();
    assert!(
        !content.contains("@everyone") && !content.contains("<@&"),
        "{content}"
    );
    assert_mentions_nobody(&body);
}

/// Discord unreachable at startup: the bot retries instead of exiting, and answers once
/// Discord is back. The backoff schedule itself (1 s, doubling, at most a minute) is a pure
/// function with a unit test in `src/discord/mod.rs`; here only "retries, then connects".
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unreachable_discord_is_retried_until_it_answers() {
    use std::sync::atomic::{AtomicBool, Ordering};
    let fake = FakeDiscord::start(FakeConfig::default()).await;
    let upstream = fake.api_base().trim_start_matches("http://").to_string();
    // A front door that refuses everything until `open`, then forwards to the fake; `refused`
    // counts the refused connections.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let door = format!("http://{}", listener.local_addr().unwrap());
    let open = Arc::new(AtomicBool::new(false));
    let (refused_tx, mut refused) = tokio::sync::watch::channel(0usize);
    let o = open.clone();
    tokio::spawn(async move {
        while let Ok((mut inbound, _)) = listener.accept().await {
            if !o.load(Ordering::SeqCst) {
                refused_tx.send_modify(|n| *n += 1);
                drop(inbound);
                continue;
            }
            let upstream = upstream.clone();
            tokio::spawn(async move {
                if let Ok(mut outbound) = tokio::net::TcpStream::connect(upstream).await {
                    let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                }
            });
        }
    });
    let mut config = proxied_config(&fake);
    config.discord.proxy_url = Some(door);
    let bot = spawn_bot(&fake, config);
    // A second refused connection is a retry (the first comes after a 1 s backoff).
    tokio::time::timeout(T, refused.wait_for(|&n| n >= 2))
        .await
        .expect("retried after a refused connection")
        .unwrap();
    assert!(
        !bot.task.as_ref().unwrap().is_finished(),
        "gave up instead of retrying"
    );
    open.store(true, Ordering::SeqCst);
    assert!(
        fake.wait_for_ready(0, Duration::from_secs(30)).await,
        "connected once reachable"
    );
    let general = fake.channel_id("general");
    let since = fake.request_count();
    fake.send_message(general, &bob(&fake), "!sources");
    wait_post(&fake, general, since).await;
}

/// A multi-page answer: only the invoker turns pages, a moderator (or the invoker) may
/// delete, others may not, and the buttons expire.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_turn_for_the_invoker_moderators_delete_and_buttons_expire() {
    use support::fake_discord::FakeMember;
    let mut cfg = FakeConfig::default();
    let carol = FakeUser::human(1_090_000_000_000_000_203, "carol");
    cfg.guilds[0].members.push(FakeMember {
        user: carol.clone(),
        roles: vec![],
        nick: None,
    });
    let fake = FakeDiscord::start(cfg).await;
    let mut config = proxied_config(&fake);
    config.discord.button_timeout_seconds = 3;
    let _bot = start(&fake, config).await;
    let general = fake.channel_id("general");

    let since = fake.request_count();
    fake.send_message(general, &bob(&fake), "!timeline");
    let post = wait_post(&fake, general, since).await;
    let reply_id = created_id(&post);
    let body = post.body.unwrap();
    let ids = custom_ids(&body);
    let next = ids
        .iter()
        .find(|i| i.starts_with("factbot:next:"))
        .expect("the whole timeline has pages")
        .clone();
    let delete = ids
        .iter()
        .find(|i| i.starts_with("factbot:delete:"))
        .unwrap()
        .clone();
    let first_page = visible_text(&body);

    // Someone else may not turn the invoker's pages (ephemeral refusal).
    let i = fake.send_component_click(general, &carol, reply_id, &next);
    let r = fake
        .wait_for_interaction_response(&i, T)
        .await
        .unwrap()
        .body
        .unwrap();
    assert_eq!(r["type"], 4);
    assert_eq!(r["data"]["flags"].as_u64().unwrap() & 64, 64);
    // The invoker does: the message is updated to page 2.
    let i = fake.send_component_click(general, &bob(&fake), reply_id, &next);
    let r = fake
        .wait_for_interaction_response(&i, T)
        .await
        .unwrap()
        .body
        .unwrap();
    assert_eq!(r["type"], 7, "update message: {r}");
    assert_ne!(
        visible_text(&r["data"]),
        first_page,
        "page 2 differs from page 1"
    );

    // A non-moderator may not delete someone else's reply; a moderator may.
    // The refusal is the click's only response (a delete acknowledges with type 6 first),
    // so no DELETE can follow it.
    let route = format!("/channels/{general}/messages/{reply_id}");
    let i = fake.send_component_click(general, &carol, reply_id, &delete);
    let r = fake
        .wait_for_interaction_response(&i, T)
        .await
        .unwrap()
        .body
        .unwrap();
    assert_eq!(r["type"], 4, "refused: {r}");
    assert_eq!(r["data"]["flags"].as_u64().unwrap() & 64, 64, "{r}");
    assert!(fake
        .requests_matching(|r| r.is("DELETE", &route))
        .is_empty());
    let i = fake.send_component_click(general, &alice(&fake), reply_id, &delete);
    fake.wait_for_interaction_response(&i, T).await.unwrap();
    fake.wait_for(|r| r.is("DELETE", &route), T)
        .await
        .expect("a moderator deletes");

    // Buttons expire: the reply is edited to carry none. Waited for as that PATCH, with a
    // deadline; the expiry under a paused clock is a unit test in src/discord/pager/mod.rs.
    let since = fake.request_count();
    fake.send_message(general, &bob(&fake), "!sources");
    let reply_id = created_id(&wait_post(&fake, general, since).await);
    let route = format!("/channels/{general}/messages/{reply_id}");
    let expired = fake
        .wait_for_since(
            since,
            |r| {
                r.is("PATCH", &route)
                    && r.body
                        .as_ref()
                        .is_some_and(|b| b["components"] == json!([]))
            },
            Duration::from_secs(10),
        )
        .await;
    assert!(
        expired.is_some(),
        "buttons removed after button_timeout_seconds"
    );
}

/// The body of an interaction's initial response.
async fn response_body(
    fake: &FakeDiscord,
    interaction: &support::fake_discord::FakeInteraction,
) -> Value {
    fake.wait_for_interaction_response(interaction, T)
        .await
        .expect("a response")
        .body
        .expect("a JSON body")
}

/// The message body's embed shows the attached picture.
fn refers_to_the_picture(body: &Value) {
    assert_eq!(
        body["embeds"][0]["image"]["url"], "attachment://timeline.png",
        "{body}"
    );
}

/// The stored message's one attachment, checked to be the timeline picture: a PNG of the
/// size the attachment object states, and exactly what the chart crate draws for `query`.
fn timeline_picture(fake: &FakeDiscord, message: &Value, query: &str) -> Value {
    let attachments = message["attachments"].as_array().expect("attachments");
    assert_eq!(attachments.len(), 1, "one picture: {message}");
    let a = &attachments[0];
    assert_eq!(a["filename"], "timeline.png");
    assert_eq!(a["content_type"], "image/png");
    let bytes = fake.attachment_bytes(a).expect("the uploaded bytes");
    assert_eq!(a["size"], json!(bytes.len()));
    let engine = factbot_testkit::shipped_engine();
    let chart = engine
        .respond("!", &format!("!timeline {query}"))
        .and_then(|answer| answer.timeline)
        .expect("a chart");
    let expected = factbot_chart::png(&chart).unwrap();
    assert!(bytes == expected, "the picture of `!timeline {query}`");
    let (layout, _) = factbot_chart::render(&chart).unwrap();
    assert_eq!(a["width"], json!(layout.width));
    assert_eq!(a["height"], json!(layout.height));
    a.clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn timeline_replies_show_the_picture_on_every_page() {
    let (fake, _bot, general) = started().await;

    let post = ask_for_post(&fake, general, &bob(&fake), "!timeline").await;
    let reply_id = created_id(&post);
    let body = post.body.clone().unwrap();
    refers_to_the_picture(&body);
    assert!(
        post.raw_body.windows(8).any(|w| w == b"\x89PNG\r\n\x1a\n"),
        "the PNG travels in the multipart body"
    );
    let stored = fake.message(reply_id).unwrap();
    let picture = timeline_picture(&fake, &stored, "");
    assert_eq!(stored["embeds"][0]["image"]["url"], picture["url"]);

    // Page 2 keeps the picture: attached again in place of the first.
    let next = custom_ids(&body)
        .into_iter()
        .find(|i| i.starts_with("factbot:next:"))
        .expect("the whole timeline has pages");
    let i = fake.send_component_click(general, &bob(&fake), reply_id, &next);
    let r = response_body(&fake, &i).await;
    assert_eq!(r["type"], 7, "update message: {r}");
    refers_to_the_picture(&r["data"]);
    let stored = fake.message(reply_id).unwrap();
    let picture = timeline_picture(&fake, &stored, "");
    assert_eq!(stored["embeds"][0]["image"]["url"], picture["url"]);
    assert!(stored["embeds"][0]["footer"]["text"]
        .as_str()
        .unwrap()
        .contains("Page 2/"));

    // A slash command's reply carries it too; other commands carry none.
    let i = fake.send_slash_command(
        general,
        &bob(&fake),
        "timeline",
        json!([{"name": "query", "type": 3, "value": "2014"}]),
    );
    let r = response_body(&fake, &i).await;
    assert_eq!(r["type"], 4, "{r}");
    refers_to_the_picture(&r["data"]);
    let original = fake.original_response(&i).expect("the response message");
    let picture = timeline_picture(&fake, &original, "2014");
    assert_eq!(original["embeds"][0]["image"]["url"], picture["url"]);

    let body = ask(&fake, general, &bob(&fake), "!article 4").await;
    assert!(body["embeds"][0].get("image").is_none(), "{body}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_embed_links_the_picture_is_attached_and_without_attach_files_left_out() {
    use support::fake_discord::perms;
    let mut cfg = FakeConfig::default();
    deny_the_bot(
        &mut cfg,
        1_090_000_000_000_000_499,
        "no-embeds",
        perms::EMBED_LINKS,
    );
    deny_the_bot(
        &mut cfg,
        1_090_000_000_000_000_498,
        "no-files",
        perms::ATTACH_FILES,
    );
    let fake = FakeDiscord::start(cfg).await;
    let _bot = start(&fake, proxied_config(&fake)).await;

    let channel = fake.channel_id("no-embeds");
    let post = ask_for_post(&fake, channel, &bob(&fake), "!timeline 1990s").await;
    let body = post.body.clone().unwrap();
    assert!(body["embeds"].as_array().is_none_or(|e| e.is_empty()));
    assert!(body["content"].as_str().unwrap().contains("1990"));
    timeline_picture(&fake, &fake.message(created_id(&post)).unwrap(), "1990s");

    let channel = fake.channel_id("no-files");
    let post = ask_for_post(&fake, channel, &bob(&fake), "!timeline 2014").await;
    assert_eq!(post.status, 200, "sent without the file it may not attach");
    let body = post.body.clone().unwrap();
    assert!(body["embeds"][0].get("image").is_none(), "{body}");
    assert!(visible_text(&body).contains("Minsk"));
    let stored = fake.message(created_id(&post)).unwrap();
    assert_eq!(stored["attachments"], json!([]));
}

// ------------------------------------------------------------------ moderator tools

/// The custom id among `body`'s buttons that starts with `prefix`.
fn button(body: &Value, prefix: &str) -> Option<String> {
    custom_ids(body)
        .into_iter()
        .find(|id| id.starts_with(prefix))
}

fn is_ephemeral(data: &Value) -> bool {
    data["flags"].as_u64().unwrap_or(0) & 64 == 64
}

/// The initial response's `data` to interaction `i`, of type `kind`.
async fn response_data(
    fake: &FakeDiscord,
    i: &support::fake_discord::FakeInteraction,
    kind: u64,
) -> Value {
    let body = fake
        .wait_for_interaction_response(i, T)
        .await
        .expect("the interaction was answered")
        .body
        .unwrap();
    assert_eq!(body["type"], kind, "{body}");
    body["data"].clone()
}

/// The id of the message an interaction's initial response created.
fn original_id(fake: &FakeDiscord, i: &support::fake_discord::FakeInteraction) -> u64 {
    fake.original_response(i).expect("an original response")["id"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap()
}

/// The bot's next post in the moderator log channel `log` after request `since`.
async fn mod_log_post(fake: &FakeDiscord, log: u64, since: usize) -> Value {
    let body = wait_post(fake, log, since).await.body.unwrap();
    assert_mentions_nobody(&body);
    assert!(custom_ids(&body).is_empty(), "{body}");
    body
}

fn with_carol(cfg: &mut FakeConfig) -> FakeUser {
    let carol = FakeUser::human(1_090_000_000_000_000_203, "carol");
    cfg.guilds[0]
        .members
        .push(support::fake_discord::FakeMember {
            user: carol.clone(),
            roles: vec![],
            nick: Some("Carol @everyone".into()),
        });
    carol
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_context_button_shows_the_paragraph_privately_on_every_page() {
    let mut cfg = FakeConfig::default();
    let carol = with_carol(&mut cfg);
    let fake = FakeDiscord::start(cfg).await;
    let _bot = start(&fake, proxied_config(&fake)).await;
    let general = fake.channel_id("general");

    let post = ask_for_post(&fake, general, &bob(&fake), "!who-said dustbin of history").await;
    let reply_id = created_id(&post);
    let body = post.body.unwrap();
    let context = button(&body, "factbot:ctx:").expect("a reply that cites has Context");
    // Anyone may press it; the answer is private to them and pings nobody.
    let i = fake.send_component_click(general, &carol, reply_id, &context);
    let data = response_data(&fake, &i, 4).await;
    assert!(is_ephemeral(&data), "{data}");
    assert_mentions_nobody(&data);
    let embed = &data["embeds"][0];
    let description = embed["description"].as_str().unwrap();
    let (before, rest) = description.split_once("**").expect("the passage in bold");
    let (passage, after) = rest.split_once("**").expect("the bold closes");
    assert!(
        unescape_markdown(passage).contains("dustbin of history"),
        "{passage}"
    );
    // The paragraph around it, as the engine's context gives it.
    assert!(
        unescape_markdown(before).contains("Even before the negotiations started"),
        "{before}"
    );
    assert!(after.contains("Stoltenberg"), "{after}");
    assert!(!embed["title"].as_str().unwrap().is_empty());
    assert!(
        embed["footer"]["text"]
            .as_str()
            .unwrap()
            .starts_with("Dated: "),
        "{embed}"
    );

    // Each page of a paged reply carries it.
    let post = ask_for_post(&fake, general, &bob(&fake), "!timeline").await;
    let reply_id = created_id(&post);
    let body = post.body.unwrap();
    assert!(button(&body, "factbot:ctx:").is_some(), "page 1");
    let next = button(&body, "factbot:next:").expect("pages");
    let i = fake.send_component_click(general, &bob(&fake), reply_id, &next);
    let page2 = response_data(&fake, &i, 7).await;
    let context = button(&page2, "factbot:ctx:").expect("page 2 has Context");
    let i = fake.send_component_click(general, &carol, reply_id, &context);
    let data = response_data(&fake, &i, 4).await;
    assert!(is_ephemeral(&data));
    let embeds = data["embeds"].as_array().unwrap();
    assert!(!embeds.is_empty() && embeds.len() <= 10);
    let total: usize = embeds
        .iter()
        .map(|e| visible_text(&json!({"embeds": [e]})).chars().count())
        .sum();
    assert!(total <= 6000, "{total}");
    // A reply without citations has none.
    let body = ask(&fake, general, &bob(&fake), "!help").await;
    assert!(button(&body, "factbot:ctx:").is_none(), "{body}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn private_answers_are_ephemeral_and_share_posts_them_once() {
    let mut cfg = FakeConfig::default();
    let carol = with_carol(&mut cfg);
    let fake = FakeDiscord::start(cfg).await;
    let _bot = start(&fake, proxied_config(&fake)).await;
    let general = fake.channel_id("general");

    // Without `private`, a slash answer is public; with it, ephemeral with Share, no Delete.
    let claim =
        json!({"name": "claim", "type": 3, "value": "NATO promised not to expand eastward"});
    let i = fake.send_slash_command(general, &carol, "check", json!([claim.clone()]));
    let public = response_data(&fake, &i, 4).await;
    assert!(!is_ephemeral(&public), "{public}");
    assert!(button(&public, "factbot:share:").is_none());
    let i = fake.send_slash_command(
        general,
        &carol,
        "check",
        json!([claim, {"name": "private", "type": 5, "value": true}]),
    );
    let private = response_data(&fake, &i, 4).await;
    assert!(is_ephemeral(&private), "{private}");
    assert!(button(&private, "factbot:delete:").is_none(), "{private}");
    let share = button(&private, "factbot:share:").expect("Share to channel");
    let private_id = original_id(&fake, &i);

    let click = fake.send_component_click(general, &carol, private_id, &share);
    let update = response_data(&fake, &click, 7).await;
    let disabled = update["components"][0]["components"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["custom_id"] == json!(share))
        .expect("the Share button stays");
    assert_eq!(disabled["disabled"], true, "{update}");
    let route = click.webhook_route(fake.application_id());
    let shared = fake
        .wait_for(|r| r.is("POST", &route), T)
        .await
        .expect("the answer is posted publicly")
        .body
        .unwrap();
    assert!(!is_ephemeral(&shared), "{shared}");
    assert_mentions_nobody(&shared);
    let content = unescape_markdown(shared["content"].as_str().unwrap());
    assert!(content.starts_with("-# Shared by Carol"), "{content}");
    assert!(
        !shared["content"].as_str().unwrap().contains("@everyone"),
        "{shared}"
    );
    assert_eq!(
        shared["embeds"][0]["title"], private["embeds"][0]["title"],
        "the same answer"
    );
    assert!(button(&shared, "factbot:delete:").is_some(), "{shared}");

    // "Check facts" is private with Share too.
    let target = fake.send_message(general, &bob(&fake), "NATO promised not to expand eastward");
    let i = fake.send_message_command(general, &carol, "Check facts", target);
    let data = response_data(&fake, &i, 4).await;
    assert!(is_ephemeral(&data));
    assert!(button(&data, "factbot:share:").is_some(), "{data}");
}

/// The fake's "facts" channel as the moderator log.
fn mod_log_config(fake: &FakeDiscord) -> Config {
    let mut config = proxied_config(fake);
    config.discord.mod_log_channel = Some(fake.channel_id("facts"));
    config
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_moderator_log_records_checks_shares_reloads_and_deletions() {
    let mut cfg = FakeConfig::default();
    let carol = with_carol(&mut cfg);
    let fake = FakeDiscord::start(cfg).await;
    let dir = tempfile::tempdir().unwrap();
    let kdir = dir.path().join("knowledge");
    factbot_testkit::copy_dir(&bot::knowledge_dir(), &kdir);
    let mut config = mod_log_config(&fake);
    config.knowledge_dir = kdir.clone();
    let _bot = start(&fake, config).await;
    let general = fake.channel_id("general");
    let log = fake.channel_id("facts");

    // Check facts: who (by name, no ping), a jump link to the message, the first 200
    // characters of the claim.
    let claim = format!(
        "NATO promised <@{}> {} LATE-TAIL",
        bob(&fake).id,
        "not to expand eastward ".repeat(12)
    );
    let target = fake.send_message(general, &bob(&fake), &claim);
    let since = fake.request_count();
    let i = fake.send_message_command(general, &carol, "Check facts", target);
    response_data(&fake, &i, 4).await;
    let entry = mod_log_post(&fake, log, since).await;
    let text = entry["content"].as_str().unwrap();
    assert!(text.contains("Check facts"), "{text}");
    assert!(unescape_markdown(text).contains("by Carol"), "{text}");
    assert!(
        !text.contains("@everyone") && !text.contains(&format!("<@{}>", bob(&fake).id)),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "https://discord.com/channels/{}/{general}/{target}",
            fake.guild_id()
        )),
        "{text}"
    );
    assert!(text.contains("not to expand eastward"), "{text}");
    assert!(
        !text.contains("LATE-TAIL"),
        "only the first 200 characters: {text}"
    );

    // Share.
    let private_id = original_id(&fake, &i);
    let private = fake.original_response(&i).unwrap();
    let share = button(&private, "factbot:share:").unwrap();
    let since = fake.request_count();
    let click = fake.send_component_click(general, &carol, private_id, &share);
    response_data(&fake, &click, 7).await;
    let entry = mod_log_post(&fake, log, since).await;
    let text = entry["content"].as_str().unwrap();
    assert!(text.contains("Shared an answer"), "{text}");

    // Delete, by the invoker.
    let post = ask_for_post(&fake, general, &bob(&fake), "!article 4").await;
    let reply_id = created_id(&post);
    let delete = button(&post.body.unwrap(), "factbot:delete:").unwrap();
    let since = fake.request_count();
    let click = fake.send_component_click(general, &bob(&fake), reply_id, &delete);
    fake.wait_for_interaction_response(&click, T).await.unwrap();
    let entry = mod_log_post(&fake, log, since).await;
    let text = entry["content"].as_str().unwrap();
    assert!(
        text.contains("Deleted a reply") && text.to_lowercase().contains("by bob"),
        "{text}"
    );
    assert!(text.contains("article"), "{text}");

    // Reload, and a failed reload with its errors.
    let since = fake.request_count();
    fake.send_message(general, &alice(&fake), "!reload");
    let entry = mod_log_post(&fake, log, since).await;
    let text = entry["content"].as_str().unwrap().to_lowercase();
    assert!(text.contains("**reload** by alice"), "{text}");
    std::fs::write(kdir.join("sources.toml"), "this is [not valid toml").unwrap();
    let since = fake.request_count();
    fake.send_message(general, &alice(&fake), "!reload");
    let entry = mod_log_post(&fake, log, since).await;
    let text = unescape_markdown(entry["content"].as_str().unwrap());
    assert!(
        text.contains("Reload failed") && text.contains("sources.toml"),
        "{text}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unwritable_moderator_log_never_breaks_an_answer() {
    let fake = FakeDiscord::start(FakeConfig::default()).await;
    let mut config = proxied_config(&fake);
    let missing = 1_090_000_000_000_000_499;
    config.discord.mod_log_channel = Some(missing);
    let _bot = start(&fake, config).await;
    let general = fake.channel_id("general");
    for _ in 0..2 {
        let target =
            fake.send_message(general, &bob(&fake), "NATO promised not to expand eastward");
        let since = fake.request_count();
        let i = fake.send_message_command(general, &bob(&fake), "Check facts", target);
        let data = response_data(&fake, &i, 4).await;
        assert!(data["embeds"][0]["title"].is_string(), "{data}");
        // The log was tried (and refused) without touching the answer.
        fake.wait_for_since(
            since,
            |r| r.is("POST", &format!("/channels/{missing}/messages")) && r.status >= 400,
            T,
        )
        .await
        .expect("the post to the log was attempted");
    }
    answered_once(&fake, general, &bob(&fake)).await;
}

/// Nothing was posted in `channel` from request `since` on, shown by a barrier in general.
async fn silent_in(fake: &FakeDiscord, channel: u64, since: usize) {
    let b = barrier(fake, fake.channel_id("general"), &alice(fake)).await;
    assert!(
        posts_between(fake, channel, since, b).is_empty(),
        "nothing posted in {channel}"
    );
}

/// A config file for the fake in `dir` with `discord_extra` in its `[discord]` table, loaded
/// the way `factbot --config` loads it (so that /reload reads it again).
fn config_file(fake: &FakeDiscord, dir: &std::path::Path, discord_extra: &str) -> Config {
    let path = dir.join("config.toml");
    std::fs::write(
        &path,
        format!(
            "knowledge_dir = {:?}\n[discord]\nproxy_url = {:?}\nguild_id = {}\n\
             shards = {{ total = 1, first = 0, last = 0 }}\ncooldown_commands = 1000\n\
             cooldown_seconds = 1\n{discord_extra}\n",
            bot::knowledge_dir(),
            fake.api_base(),
            fake.guild_id()
        ),
    )
    .unwrap();
    Config::load(&path).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn channel_lists_rule_prefix_commands_and_reload_reads_them_again() {
    let mut cfg = FakeConfig::default();
    let side_talk = 1_090_000_000_000_000_411;
    let facts = cfg.guilds[0].channel_by_name("facts").unwrap().id;
    cfg.guilds[0]
        .channels
        .push(support::fake_discord::FakeChannel::thread(
            side_talk,
            "side-talk",
            facts,
        ));
    let fake = FakeDiscord::start(cfg).await;
    let dir = tempfile::tempdir().unwrap();
    let config = config_file(&fake, dir.path(), "ignored_channels = [\"#facts\"]");
    let _bot = start(&fake, config).await;
    let general = fake.channel_id("general");

    // Ignored: neither commands nor unknown commands are answered there, nor in its
    // threads; slash commands are.
    let since = fake.request_count();
    fake.send_message(facts, &bob(&fake), "!sources");
    fake.send_message(facts, &bob(&fake), "!artcle 4");
    fake.send_message(side_talk, &bob(&fake), "!sources");
    silent_in(&fake, facts, since).await;
    silent_in(&fake, side_talk, since).await;
    let i = fake.send_slash_command(facts, &bob(&fake), "sources", json!([]));
    assert!(!is_ephemeral(&response_data(&fake, &i, 4).await));

    // The file now allows general only: after /reload, facts is still silent by the new rule
    // and general answers.
    config_file(
        &fake,
        dir.path(),
        &format!("allowed_channels = [\"{general}\"]"),
    );
    let text = visible_text(&ask(&fake, general, &alice(&fake), "!reload").await);
    assert!(text.contains("Fact base reloaded"), "{text}");
    let since = fake.request_count();
    fake.send_message(facts, &bob(&fake), "!sources");
    silent_in(&fake, facts, since).await;

    // Only facts allowed: its thread follows it.
    config_file(&fake, dir.path(), "allowed_channels = [\"facts\"]");
    ask(&fake, general, &alice(&fake), "!reload").await;
    assert!(has_embed(
        &ask(&fake, side_talk, &bob(&fake), "!sources").await
    ));

    // Neither list: general answers again (the reload is asked for in facts).
    config_file(&fake, dir.path(), "");
    ask(&fake, facts, &alice(&fake), "!reload").await;
    assert!(has_embed(
        &ask(&fake, general, &bob(&fake), "!sources").await
    ));

    // A broken file: the reload fails with the file's error, and the settings stay.
    config_file(&fake, dir.path(), "");
    let path = dir.path().join("config.toml");
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str("ignored_channels = [\"facts\"]\nno_such_key = 1\n");
    std::fs::write(&path, text).unwrap();
    let text = visible_text(&ask(&fake, general, &alice(&fake), "!reload").await);
    assert!(
        text.contains("Reload failed") && text.contains("no_such_key"),
        "{text}"
    );
    assert!(has_embed(&ask(&fake, facts, &bob(&fake), "!sources").await));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_channel_budget_is_shared_with_one_notice_and_moderators_exempt() {
    let mut cfg = FakeConfig::default();
    let carol = with_carol(&mut cfg);
    let fake = FakeDiscord::start(cfg).await;
    let mut config = proxied_config(&fake);
    config.discord.channel_cooldown_commands = std::num::NonZeroU32::new(2);
    config.discord.channel_cooldown_seconds = std::num::NonZeroU64::new(600).unwrap();
    let _bot = start(&fake, config).await;
    let facts = fake.channel_id("facts");

    assert!(has_embed(&ask(&fake, facts, &bob(&fake), "!sources").await));
    assert!(has_embed(&ask(&fake, facts, &carol, "!sources").await));
    // The channel's budget is spent, though each user is far under their own.
    let notice = ask(&fake, facts, &bob(&fake), "!sources").await;
    let text = notice["content"].as_str().unwrap();
    assert!(
        text.contains("This channel has had its 2 commands per 600 seconds"),
        "{text}"
    );
    assert_mentions_nobody(&notice);
    // One notice per spell, whoever asks next.
    let since = fake.request_count();
    fake.send_message(facts, &carol, "!sources");
    silent_in(&fake, facts, since).await;
    // Moderators are exempt; other channels have their own budget.
    assert!(has_embed(
        &ask(&fake, facts, &alice(&fake), "!sources").await
    ));
    assert!(has_embed(
        &ask(&fake, fake.channel_id("general"), &carol, "!sources").await
    ));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn discords_own_controls_reload_for_moderators_and_check_facts_installable_by_users() {
    let fake = FakeDiscord::start(FakeConfig::default()).await;
    let mut config = mod_log_config(&fake);
    // Installation and interaction contexts apply to global commands only.
    config.discord.guild_id = None;
    let _bot = start(&fake, config).await;
    let commands = fake.global_commands();
    let find = |name: &str| {
        commands
            .iter()
            .find(|c| c["name"] == json!(name))
            .unwrap_or_else(|| panic!("{name} registered"))
            .clone()
    };
    // Discord hides /reload from members without Manage Messages (the bot checks as well).
    assert_eq!(find("reload")["default_member_permissions"], json!("8192"));
    let menu = find("Check facts");
    assert_eq!(menu["integration_types"], json!([0, 1]), "{menu}");
    assert_eq!(menu["contexts"], json!([0, 1, 2]), "{menu}");
    assert_eq!(find("article")["default_member_permissions"], Value::Null);

    // A member checks a message in a server that never invited the bot: a private answer.
    let stranger = FakeUser::human(1_090_000_000_000_000_299, "dana");
    let since = fake.request_count();
    let i = fake
        .send_user_installed_message_command(
            &stranger,
            "Check facts",
            &bob(&fake),
            "NATO promised not to expand eastward",
        )
        .expect("Discord offers the user-installed command there");
    let data = response_data(&fake, &i, 4).await;
    assert!(is_ephemeral(&data), "{data}");
    assert_mentions_nobody(&data);
    assert!(data["embeds"][0]["title"].is_string(), "{data}");
    // Nothing of that other server reaches this server's moderator log.
    silent_in(&fake, fake.channel_id("facts"), since).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn about_lists_the_documents_counts_version_and_what_is_kept() {
    let fake = FakeDiscord::start(FakeConfig::default()).await;
    let _bot = start(&fake, mod_log_config(&fake)).await;
    let general = fake.channel_id("general");
    let engine = bot::engine(&proxied_config(&fake));
    let kb = engine.knowledge();

    let prefix = visible_text(&ask(&fake, general, &bob(&fake), "!about").await);
    let i = fake.send_slash_command(general, &bob(&fake), "about", json!([]));
    let data = response_data(&fake, &i, 4).await;
    assert_mentions_nobody(&data);
    // A document list is not a citation: no Context button.
    assert!(button(&data, "factbot:ctx:").is_none(), "{data}");
    let slash = visible_text(&data);
    for text in [&prefix, &slash] {
        assert!(text.contains(env!("CARGO_PKG_VERSION")), "{text}");
        for source in kb.sources() {
            assert!(text.contains(&source.title.to_string()), "{text}");
            assert!(text.contains(&format!("By {}", source.author)), "{text}");
            assert!(
                text.contains(&format!("Dating: {}", source.published_note)),
                "{text}"
            );
        }
        for (kind, n) in kb.counts() {
            assert!(text.contains(&format!("{n} {kind}")), "{text}");
        }
        assert!(text.contains("nothing is written to disk"), "{text}");
        assert!(text.contains("posted to a moderators' channel"), "{text}");
        assert!(text.contains("Never kept"), "{text}");
    }
}
